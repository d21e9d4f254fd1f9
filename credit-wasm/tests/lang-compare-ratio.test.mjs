// The per-call explanation language (evaluate/compare options.lang), compare across
// jurisdictions and seriousRatio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credit } from './load.mjs';

const CJK = /[\u4e00-\u9fff]/;
const SUBJECT = { id: '91110000600037341L', kind: 'legal_person', sector: 'private_enterprise', status: 'active' };
const CASE = { as_of: '2025-10-09', subject: SUBJECT, records: [] };
// A general administrative penalty decided 2025-06-02, an objection filed on Friday 2025-09-26 and
// still pending on 2025-10-09: Mianyang suspends measures while it is pending (OBJ-2) so the record
// is `suspended`; Tonghua does not (OBJ-3) so it stays `active`.
const OBJECTION = {
  as_of: '2025-10-09',
  subject: SUBJECT,
  records: [
    {
      id: 'r1',
      conduct: 'administrative_penalty_general',
      decided_on: '2025-06-02',
      events: [{ on: '2025-09-26', type: 'objection_filed' }],
    },
  ],
};
const PAIR = ['cn-sichuan-mianyang', 'cn-jilin-tonghua'];

const engine = credit.Engine.national();

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected a thrown error');
}

function* messages(v) {
  if (Array.isArray(v)) for (const x of v) yield* messages(x);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'message' && typeof x === 'string') yield x;
      else yield* messages(x);
    }
  }
}

test('evaluate: Chinese by default, English with {lang: "en"}', () => {
  assert.match(engine.evaluate(CASE).grade_explanation.message, CJK);
  assert.equal(
    engine.evaluate(CASE, { lang: 'en' }).grade_explanation.message,
    'no dishonesty record in force on 2025-10-09: trustworthy',
  );
  const d = engine.evaluate(OBJECTION, { lang: 'en' });
  assert.ok([...messages(d)].some((m) => m.includes('objection filed on 2025-09-26')));
  assert.deepEqual(engine.evaluate(CASE, { lang: 'zh' }), engine.evaluate(CASE));
  assert.deepEqual(engine.evaluate(CASE, {}), engine.evaluate(CASE));
  assert.deepEqual(engine.evaluate(CASE, undefined), engine.evaluate(CASE));
  assert.deepEqual(engine.evaluate(CASE, null), engine.evaluate(CASE));
});

test("evaluate: the case's own lang still works; options.lang wins over it", () => {
  const caseEn = { ...CASE, lang: 'en' };
  assert.deepEqual(engine.evaluate(caseEn), engine.evaluate(CASE, { lang: 'en' }));
  assert.deepEqual(engine.evaluate(caseEn, { lang: 'zh' }), engine.evaluate(CASE));
});

test('evaluate: a bad lang throws invalid_lang', () => {
  for (const lang of ['fr', 'EN', '', 1]) {
    const e = thrown(() => engine.evaluate(CASE, { lang }));
    assert.equal(e.code, 'invalid_lang');
    assert.equal(e.kind, 'argument');
    assert.match(e.message, /lang/);
  }
  assert.equal(thrown(() => engine.compare(CASE, PAIR, { lang: 'fr' })).code, 'invalid_lang');
  assert.equal(thrown(() => engine.evaluate(CASE, 'en')).code, 'invalid_options');
});

test('compare: a pending objection suspends the record in Mianyang, not in Tonghua', () => {
  const cmp = engine.compare(OBJECTION, PAIR);
  assert.deepEqual(cmp.jurisdictions, PAIR);
  const byPath = Object.fromEntries(cmp.differences.map((d) => [d.path, d]));
  const status = byPath['records[0].status'];
  assert.deepEqual(status.values, { 'cn-sichuan-mianyang': 'suspended', 'cn-jilin-tonghua': 'active' });
  assert.ok(status.rules['cn-sichuan-mianyang'].includes('OBJ-2'));
  assert.deepEqual(Object.keys(status.why).sort(), [...PAIR].sort());
  assert.deepEqual(byPath['records[0].objections[0].suspends_measures'].values, {
    'cn-sichuan-mianyang': true,
    'cn-jilin-tonghua': false,
  });
  for (const d of cmp.differences) assert.deepEqual(Object.keys(d).sort(), ['path', 'rules', 'values', 'why']);
  assert.equal(cmp.decisions['cn-sichuan-mianyang'].records[0].status, 'suspended');
  assert.equal(cmp.decisions['cn-jilin-tonghua'].records[0].status, 'active');
});

test('compare: options.lang chooses the language of `why`', () => {
  const en = engine.compare(OBJECTION, PAIR, { lang: 'en' });
  const why = en.differences.find((d) => d.path === 'records[0].status').why;
  assert.equal(why['cn-sichuan-mianyang'], 'an objection or complaint is pending: joint-sanction measures are suspended');
  const zh = engine.compare(OBJECTION, PAIR);
  assert.match(zh.differences.find((d) => d.path === 'records[0].status').why['cn-sichuan-mianyang'], CJK);
  assert.deepEqual(en.differences.map((d) => d.values), zh.differences.map((d) => d.values));
});

test('compare: errors', () => {
  assert.equal(thrown(() => engine.compare(OBJECTION, ['cn', 'xx-nowhere'])).kind, 'jurisdiction');
  assert.equal(thrown(() => engine.compare({ ...OBJECTION, unexpected: 1 }, PAIR)).kind, 'case');
  assert.deepEqual(engine.compare(OBJECTION, ['cn', 'cn']).differences, []);
});

function population(region, n, serious, lists = ['judgment_debtor']) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${region}-${String(i).padStart(4, '0')}`,
    kind: 'legal_person',
    region,
    ...(i < serious ? { lists } : {}),
  }));
}

test('seriousRatio: one row per region, sorted, against the layer target', () => {
  const sjz = engine.withJurisdiction('cn-hebei-shijiazhuang');
  const rows = sjz.seriousRatio([...population('130105', 100, 1), ...population('130104', 250, 2)]);
  assert.deepEqual(rows, [
    { region: '130104', legal_persons: 250, serious: 2, ratio: 0.008, target: 0.01, meets_target: true, would_exit: [], ratio_after_exit: 0.008 },
    { region: '130105', legal_persons: 100, serious: 1, ratio: 0.01, target: 0.01, meets_target: true, would_exit: [], ratio_after_exit: 0.01 }, // "1%以下" includes 1% (民法典 Art. 1259)
  ]);
});

test('seriousRatio: deregistered subjects would exit, ids masked; national has no target', () => {
  const sjz = engine.withJurisdiction('cn-hebei-shijiazhuang');
  const people = population('130102', 200, 3);
  people[0].status = 'deregistered';
  const [row] = sjz.seriousRatio(people);
  assert.equal(row.serious, 3);
  assert.deepEqual(row.would_exit, ['1301***0000']);
  assert.equal(row.ratio, 3 / 200);
  assert.equal(row.ratio_after_exit, 2 / 200);
  const [national] = engine.seriousRatio(population('110101', 50, 1));
  assert.equal(national.target, null);
  assert.equal(national.meets_target, null);
  assert.equal(national.ratio, 0.02);
  assert.deepEqual(engine.seriousRatio([]), []);
  // null fields count as absent
  assert.deepEqual(
    engine.seriousRatio(population('110101', 50, 1).map((p) => ({ status: null, events: undefined, ...p }))),
    [national],
  );
});

test('seriousRatio: errors name the subject and field', () => {
  const people = population('110101', 5, 1);
  let e = thrown(() => engine.seriousRatio([...people.slice(0, 2), { ...people[2], lists: ['no_such_list'] }]));
  assert.deepEqual([e.kind, e.code, e.path], ['case', 'unknown_list', '[2].lists']);
  e = thrown(() => engine.seriousRatio([...people.slice(0, 3), { ...people[3], kind: 'alien' }]));
  assert.deepEqual([e.kind, e.path], ['case', '[3].kind']);
  e = thrown(() => engine.seriousRatio([{ ...people[0], colour: 'red' }]));
  assert.equal(e.path, '[0].colour');
  assert.match(e.message, /colour/);
  assert.equal(thrown(() => engine.seriousRatio(42)).code, 'invalid_population');
  // still usable afterwards
  assert.equal(engine.seriousRatio(people)[0].serious, 1);
});
