// `engine.checkMeasure(input)`, one proposed-measure check through the dense tables: on every
// proposed measure of the conformance corpus it answers exactly as `engine.evaluate` does (verdict,
// failed checks in order, rule ids), with the record's stated severity and with the evaluated
// one; bad inputs throw the codes Python's `Engine.check_measure` and `evaluate` give
// (credit-py/tests/test_check_measure.py derives its inputs the same way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { credit, repoRoot } from './load.mjs';

const root = path.join(repoRoot, 'tests', 'cases');
const files = readdirSync(root, { recursive: true })
  .filter((f) => f.endsWith('.json'))
  .sort();

const engine = credit.Engine.national();
const ORG = '91110000600037341L';

/** The input of `checkMeasure` for proposed measure `i` of `c`: the record as the case gives it
 * plus its evaluated `status`; `null` for a measure on a commitment's record. */
function checkInput(c, decision, i, statedSeverity) {
  const pm = c.proposed_measures[i];
  const rec = (c.records ?? []).find((r) => r.id === pm.record);
  if (!rec) return null;
  const rd = decision.records.find((r) => r.id === pm.record);
  const seen = (rec.events ?? []).filter((e) => e.on <= c.as_of);
  const input = {
    measure: pm.measure,
    conduct: rec.conduct,
    severity: statedSeverity ? rec.severity : rd.severity,
    list: rec.list,
    decided_on: rec.decided_on,
    as_of: c.as_of,
    status: rd.status,
    subject_kind: c.subject.kind,
    target: pm.target,
    by_kind: pm.by_kind,
    voluntary: pm.voluntary,
    notified: seen.some((e) => e.type === 'notified' && e.on <= rec.decided_on),
    events: seen.map((e) => e.type),
  };
  // Keys left out and keys given as undefined/null mean the same.
  for (const k of Object.keys(input)) if (input[k] === undefined && i % 2 === 0) delete input[k];
  return input;
}

function* corpus() {
  for (const f of files) {
    const doc = JSON.parse(readFileSync(path.join(root, f), 'utf8'));
    if (!doc || typeof doc !== 'object' || 'engine' in doc || typeof doc.case !== 'object' || doc.case === null) continue;
    if (!doc.case.proposed_measures?.length) continue;
    yield [f, doc.case];
  }
}

test('checkMeasure agrees with evaluate on every proposed measure of the corpus', () => {
  let compared = 0;
  for (const [f, c] of corpus()) {
    let e = engine;
    if (c.jurisdiction) {
      try {
        e = engine.withJurisdiction(c.jurisdiction);
      } catch {
        continue;
      }
    }
    let d;
    try {
      d = e.evaluate(c);
    } catch {
      continue; // a case the engine refuses (the error cases of the corpus)
    }
    d.measures.forEach((want, i) => {
      for (const stated of [true, false]) {
        const input = checkInput(c, d, i, stated);
        if (!input) continue;
        const got = e.checkMeasure(input);
        const where = `${f} measure ${i} ${JSON.stringify(input)}`;
        assert.deepEqual(
          got,
          {
            measure: want.measure,
            verdict: want.verdict,
            allowed: want.verdict === 'allowed',
            failed: want.failed,
            failed_rules: got.failed_rules,
            rules: want.explanation.rules,
          },
          where,
        );
        // Each failed check with its rule, as the decision's `checks` give them.
        const pairs = (xs) => xs.map((x) => JSON.stringify(x)).sort();
        assert.deepEqual(
          pairs(got.failed.map((check, k) => [check, got.failed_rules[k]])),
          pairs(want.checks.filter((k) => !k.passed).map((k) => [k.check, k.rule])),
          where,
        );
        assert.deepEqual(Object.keys(got), ['measure', 'verdict', 'allowed', 'failed', 'failed_rules', 'rules'], where);
        compared += 1;
      }
    });
  }
  // Every proposed measure on a real record of the corpus (about 80 today), each twice.
  assert.ok(compared >= 100, `compared ${compared}`);
});

const BASE = {
  measure: 'high_consumption_restriction',
  conduct: 'judgment_debtor_obstructs',
  decided_on: '2025-03-03',
  as_of: '2025-10-09',
  status: 'active',
  subject_kind: 'legal_person',
};
const CASE = {
  as_of: '2025-10-09',
  subject: { id: ORG, kind: 'legal_person' },
  records: [{ id: 'r1', conduct: 'judgment_debtor_obstructs', decided_on: '2025-03-03' }],
  proposed_measures: [{ measure: 'high_consumption_restriction', record: 'r1' }],
};

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, 'a JS Error');
    return e;
  }
  assert.fail('expected an error');
}

test('the base input is allowed, as evaluate decides it', () => {
  const got = engine.checkMeasure(BASE);
  const want = engine.evaluate(CASE).measures[0];
  assert.equal(got.verdict, want.verdict);
  assert.deepEqual(got.failed, want.failed);
  assert.deepEqual(got.rules, want.explanation.rules);
});

for (const [field, value, casePath, code] of [
  ['measure', 'no_such_measure', ['proposed_measures', 0, 'measure'], 'unknown_measure'],
  ['conduct', 'no_such_conduct', ['records', 0, 'conduct'], 'unknown_conduct'],
  ['list', 'no_such_list', ['records', 0, 'list'], 'unknown_list'],
  ['severity', 'grave', ['records', 0, 'severity'], 'unknown_value'],
  ['by_kind', 'bank', ['proposed_measures', 0, 'by_kind'], 'unknown_value'],
  ['target', 'ceo', ['proposed_measures', 0, 'target'], 'unknown_value'],
  ['decided_on', '2025-3-03', ['records', 0, 'decided_on'], 'invalid_date'],
  ['list', 'major_tax_violator', ['records', 0, 'list'], 'list_criteria_not_met'],
]) {
  test(`${field} = ${JSON.stringify(value)}: ${code}, as evaluate`, () => {
    const err = thrown(() => engine.checkMeasure({ ...BASE, [field]: value }));
    const c = structuredClone(CASE);
    let node = c;
    for (const p of casePath.slice(0, -1)) node = node[p];
    node[casePath.at(-1)] = value;
    const want = thrown(() => engine.evaluate(c));
    assert.equal(err.code, want.code);
    assert.equal(err.code, code);
    assert.equal(err.path, field);
    assert.equal(err.kind, 'argument');
  });
}

for (const [field, value, code] of [
  ['as_of', '2025-9-26', 'invalid_date'],
  ['as_of', '2025-02-29', 'invalid_date'],
  ['as_of', new Date(2025, 9, 9), 'wrong_type'],
  ['as_of', null, 'wrong_type'],
  ['as_of', undefined, 'wrong_type'],
  ['decided_on', 20250303, 'wrong_type'],
  ['conduct', null, 'wrong_type'],
  ['conduct', 7, 'wrong_type'],
  ['measure', null, 'wrong_type'],
  ['status', 'pending', 'unknown_value'],
  ['status', null, 'wrong_type'],
  ['subject_kind', 'company', 'unknown_value'],
  ['subject_kind', undefined, 'wrong_type'],
  ['voluntary', 1, 'wrong_type'],
  ['notified', 'yes', 'wrong_type'],
  ['events', 'notified', 'wrong_type'],
  ['events', ['notified', 'no_such_event'], 'unknown_value'],
  ['events', [null], 'wrong_type'],
  ['events', 3, 'wrong_type'],
]) {
  test(`${field} = ${String(value)}: ${code} (as Python's check_measure)`, () => {
    const err = thrown(() => engine.checkMeasure({ ...BASE, [field]: value }));
    assert.equal(err.code, code, err.message);
    assert.equal(err.kind, 'argument');
    assert.ok(err.path.startsWith(field), err.path);
  });
}

test('an unknown key is unknown_field; an input that is not an object is not_an_object', () => {
  const err = thrown(() => engine.checkMeasure({ ...BASE, decidedOn: '2025-03-03' }));
  assert.equal(err.code, 'unknown_field');
  assert.equal(err.path, 'decidedOn');
  for (const bad of [null, undefined, 'x', 3, [BASE]]) {
    assert.equal(thrown(() => engine.checkMeasure(bad)).code, 'not_an_object', String(bad));
  }
  // Keys given as undefined count as absent (as JSON.stringify leaves them out).
  assert.deepEqual(engine.checkMeasure({ ...BASE, list: undefined, events: undefined }), engine.checkMeasure(BASE));
});

test('the cache keeps answers per as_of, and the engine stays usable after errors', () => {
  const first = engine.checkMeasure(BASE);
  for (let d = 1; d <= 20; d++) {
    const as_of = `2025-10-${String(d).padStart(2, '0')}`;
    const c = structuredClone(CASE);
    c.as_of = as_of;
    const want = engine.evaluate(c).measures[0];
    const got = engine.checkMeasure({ ...BASE, as_of });
    assert.equal(got.verdict, want.verdict, as_of);
    assert.deepEqual(got.rules, want.explanation.rules, as_of);
  }
  assert.deepEqual(engine.checkMeasure(BASE), first);
});
