// Engine.objectionDeadline: the objection reply clock of a layer for a filing date, without a case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credit } from './load.mjs';

const engine = credit.Engine.national();

test('Tonghua and Shanghai across National Day 2025 (the 2025 notice: 1–8 October off, 28 September and 11 October worked)', () => {
  const tonghua = engine.objectionDeadline('2025-09-26', 'cn-jilin-tonghua');
  assert.equal(tonghua.jurisdiction, 'cn-jilin-tonghua');
  assert.equal(tonghua.reply_within, '15 working days');
  assert.equal(tonghua.reply_due, '2025-10-23');
  assert.deepEqual(tonghua.make_up_workdays.map((d) => d.date), ['2025-09-28', '2025-10-11']);
  assert.equal(tonghua.holidays.length, 8);
  assert.equal(tonghua.suspends_measures, false);
  assert.equal(tonghua.provisional, false);
  const shanghai = engine.withJurisdiction('cn-shanghai').objectionDeadline('2025-09-26');
  assert.equal(shanghai.reply_due, '2025-10-10');
  assert.equal(shanghai.extended_due, '2025-10-13');
});

test('a year without a notice is provisional; strict mode refuses it; bad arguments are coded errors', () => {
  const clock = engine.objectionDeadline('2027-09-28', 'cn-jilin-tonghua');
  assert.equal(clock.provisional, true);
  assert.deepEqual(clock.projected_years, [2027]);
  const strict = engine.withCalendarMode('strict');
  assert.throws(() => strict.objectionDeadline('2027-09-28'), (e) => e.code === 'calendar_coverage' && e.path === 'filed_on');
  assert.throws(() => engine.objectionDeadline('2025-9-26'), (e) => e.code === 'invalid_date');
  assert.throws(() => engine.objectionDeadline(new Date()), (e) => e.code === 'wrong_type');
  assert.throws(() => engine.objectionDeadline('2025-09-26', 'cn-nowhere'), (e) => e.code === 'unknown_jurisdiction');
});
