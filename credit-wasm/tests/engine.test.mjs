import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credit } from './load.mjs';

const CASE = {
  as_of: '2025-10-09',
  subject: { id: '91110000600037341L', kind: 'legal_person', sector: 'private_enterprise', status: 'active' },
  records: [],
};

const engine = credit.Engine.national();

function throwsCredit(fn, expected) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, 'expected a thrown Error');
  for (const [k, v] of Object.entries(expected)) {
    if (v instanceof RegExp) assert.match(String(caught[k]), v, k);
    else assert.equal(caught[k], v, k);
  }
  for (const k of ['code', 'kind', 'path', 'message', 'help']) assert.ok(k in caught, `error has ${k}`);
  return caught;
}

test('national engine', () => {
  assert.equal(engine.jurisdiction, 'cn');
  assert.ok(engine.jurisdictions().includes('cn'));
  assert.ok(engine.policyVersion);
  assert.ok(engine.calendarVersion);
});

test('withJurisdiction', () => {
  for (const j of engine.jurisdictions()) assert.equal(engine.withJurisdiction(j).jurisdiction, j);
  throwsCredit(() => engine.withJurisdiction('xx-nowhere'), { kind: 'jurisdiction' });
});

test('calendar', () => {
  assert.equal(engine.isWorkingDay('2025-10-01'), false);
  assert.equal(engine.isWorkingDay('2025-09-28'), true);
  assert.equal(engine.isWorkingDay('2025-10-11'), true);
  assert.equal(engine.addWorkingDays('2025-09-30', 1), '2025-10-09');
  assert.equal(engine.nextWorkingDay('2025-09-30'), '2025-10-09');
  const end = engine.addWorkingDays('2025-09-01', 15);
  assert.equal(engine.workingDaysBetween('2025-09-01', end), 15);
  throwsCredit(() => engine.isWorkingDay('1999-01-04'), { kind: 'coverage', code: 'calendar_coverage' });
  // A date argument is an argument error (kind changed from 'case' in "One way in").
  throwsCredit(() => engine.isWorkingDay('2025-13-01'), { kind: 'argument', code: 'invalid_date', path: 'date' });
});

test('evaluate: object and JSON text agree', () => {
  const d = engine.evaluate(CASE);
  assert.equal(Object.getPrototypeOf(d), Object.prototype);
  assert.equal(d.grade, 'trustworthy');
  assert.equal(d.policy_version, engine.policyVersion);
  assert.deepEqual(engine.evaluate(JSON.stringify(CASE)), d);
  assert.ok(!JSON.stringify(d).includes('"undefined"'));
});

test('evaluate: case errors are thrown with code, kind, path', () => {
  throwsCredit(() => engine.evaluate('{not json'), { kind: 'case', code: 'invalid_json' });
  throwsCredit(() => engine.evaluate({ ...CASE, unexpected_field: 1 }), { kind: 'case' });
  throwsCredit(() => engine.evaluate({ ...CASE, as_of: '2025-02-30' }), { kind: 'case', path: /as_of/ });
  // still usable afterwards
  assert.equal(engine.evaluate(CASE).grade, 'trustworthy');
});

test('catalog and compare', () => {
  const cat = engine.catalog();
  for (const k of ['lists', 'conduct', 'measures']) assert.ok(k in cat, k);
  const cmp = engine.compare(CASE, engine.jurisdictions().slice(0, 2));
  assert.equal(Object.getPrototypeOf(cmp), Object.prototype);
  assert.deepEqual(cmp.jurisdictions, engine.jurisdictions().slice(0, 2));
});

test('fromPolicyFiles: a broken policy throws a policy error with diagnostics', () => {
  const e = throwsCredit(() => credit.Engine.fromPolicyFiles({ 'national.toml': 'this is = = not toml' }, 'cn'), {
    kind: 'policy',
  });
  assert.ok(Array.isArray(e.diagnostics) && e.diagnostics.length > 0);
  throwsCredit(() => credit.Engine.fromPolicyFiles([['national.toml', 'x = = 1']], 'cn'), { kind: 'policy' });
  assert.throws(() => credit.Engine.fromPolicyFiles(42, 'cn'));
});
