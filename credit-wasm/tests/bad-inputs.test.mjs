// Runs the shared bad-input corpus tests/bad-inputs/corpus.json (format: tests/bad-inputs/README.md;
// the same entries run in `cargo test` and pytest) through the wasm binding. Each entry must throw
// a coded error with the expected kind, code and path, identical to the Rust outcome in
// target/conformance/bad-inputs.json when it exists; messages never show an identifier in clear nor
// echo more than 200 characters; the module stays usable after every error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { credit, repoRoot } from './load.mjs';

const corpus = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests', 'bad-inputs', 'corpus.json'), 'utf8'));
const outcomesFile = path.join(repoRoot, 'target', 'conformance', 'bad-inputs.json');
if (process.env.CREDIT_REQUIRE_RUST_OUTCOMES === '1') {
  assert.ok(fs.existsSync(outcomesFile), `${outcomesFile} is missing: run cargo test -p credit-core --test bad_inputs first`);
}
const rust = fs.existsSync(outcomesFile) ? JSON.parse(fs.readFileSync(outcomesFile, 'utf8')) : null;
const NUMBERS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const first = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v)[0] : undefined);

function nest(n) {
  let v = [];
  for (let i = 1; i < n; i++) v = [v];
  return v;
}

/** A corpus value as JS values, directives expanded. */
function native(v) {
  if (first(v) === '$nest') return nest(v.$nest);
  if (first(v) === '$number') return NUMBERS[v.$number];
  if (first(v) === '$repeat') return v.$repeat.repeat(v.times);
  if (Array.isArray(v)) return v.map(native);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, native(x)]));
  return v;
}

/** A corpus value as JSON text ($nest expanded in the text). */
function text(v) {
  if (first(v) === '$nest') return '['.repeat(v.$nest) + ']'.repeat(v.$nest);
  if (first(v) === '$repeat') return JSON.stringify(v.$repeat.repeat(v.times));
  if (Array.isArray(v)) return `[${v.map(text).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${text(x)}`).join(',')}}`;
  return JSON.stringify(v);
}

const engine = credit.Engine.national();

function call(entry) {
  const args = Object.fromEntries(Object.entries(entry.args ?? {}).map(([k, v]) => [k, native(v)]));
  switch (entry.call) {
    case 'evaluate': {
      const input = entry.input;
      const c = typeof input === 'string' ? input : entry.as_text ? text(input) : native(input);
      return engine.evaluate(c, 'lang' in args ? { lang: args.lang } : undefined);
    }
    case 'add_working_days':
      return engine.addWorkingDays(args.date, args.n);
    case 'is_working_day':
      return engine.isWorkingDay(args.date);
    case 'next_working_day':
      return engine.nextWorkingDay(args.date);
    case 'working_days_between':
      return engine.workingDaysBetween(args.start, args.end);
    case 'with_calendar_mode':
      return engine.withCalendarMode(args.mode);
    case 'with_jurisdiction':
      return engine.withJurisdiction(args.id);
    default:
      throw new Error(`unknown call ${entry.call}`);
  }
}

function checkMessage(name, message) {
  for (const id of ['110105194912310021', '91110000600037341L']) {
    assert.ok(!message.includes(id), `${name}: message shows ${id}: ${message.slice(0, 300)}`);
  }
  const longest = Math.max(0, ...message.split(/\s+/).map((w) => [...w].length));
  assert.ok(longest <= 200, `${name}: message echoes ${longest} characters in one run`);
  assert.ok([...message].length <= 1000);
}

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

test('the corpus is large enough', () => assert.ok(corpus.length >= 60));

for (const entry of corpus) {
  test(`bad input: ${entry.name}`, () => {
    const e = thrown(() => call(entry));
    assert.ok(e instanceof Error, 'expected a thrown Error');
    const actual = { kind: e.kind, code: e.code, path: e.path };
    for (const [key, want] of Object.entries(entry.expect)) {
      assert.deepEqual(actual[key], want, `${key}: ${actual[key]} != ${want} (${e.message.slice(0, 300)})`);
    }
    checkMessage(entry.name, e.message);
    if (rust) assert.deepEqual(actual, rust[entry.name], 'JS and Rust differ');
    assert.equal(engine.isWorkingDay('2025-10-09'), true, 'the module is usable after the error');
  });
}

test('1000 hostile calls, then a normal call succeeds', () => {
  const hostile = [
    () => engine.evaluate(nest(20000)),
    () => engine.evaluate({ as_of: nest(5000), subject: {} }),
    () => engine.addWorkingDays('2025-09-30', 2 ** 32 + 1),
    () => engine.addWorkingDays('2025-09-30', NaN),
    () => engine.addWorkingDays(new Date(), 1),
    () => engine.isWorkingDay(20251009),
    () => engine.isWorkingDay(Symbol('x')),
    () => engine.isWorkingDay({ toString: () => '2025-10-09' }),
    () => engine.withJurisdiction(42),
    () => engine.withCalendarMode(() => 'strict'),
    () => engine.evaluate({ as_of: 10n }),
    () => engine.evaluate(new Map()),
    () => engine.compare({}, 'cn'),
    () => engine.seriousRatio([nest(3000)]),
    () => credit.validateUscc(91110000600037341),
    () => credit.Engine.fromPolicyFiles(nest(10000), 'cn'),
    () => credit.Engine.national({ calendarYears: nest(10000) }),
  ];
  for (let i = 0; i < 1000; i++) {
    const e = thrown(hostile[i % hostile.length]);
    assert.ok(e instanceof Error && typeof e.code === 'string' && typeof e.kind === 'string', `call ${i % hostile.length}: ${e}`);
    assert.notEqual(e.kind, 'internal');
  }
  assert.equal(engine.addWorkingDays('2025-09-30', 1), '2025-10-09');
  const d = engine.evaluate({ as_of: '2025-10-09', subject: { id: '91110000600037341L', kind: 'legal_person' } });
  assert.equal(d.grade, 'trustworthy');
});

test('a Date object is refused as a date argument, with a hint', () => {
  const e = thrown(() => engine.isWorkingDay(new Date(2025, 9, 9)));
  assert.deepEqual([e.kind, e.code, e.path], ['argument', 'wrong_type', 'date']);
  assert.match(e.message, /Date/);
});

test('an integer identifier in a case is masked in the message', () => {
  const e = thrown(() => engine.evaluate({ as_of: '2025-10-09', subject: { id: 110105194912310021, kind: 'natural_person' } }));
  assert.deepEqual([e.code, e.path], ['wrong_type', 'subject.id']);
  assert.ok(!e.message.includes('110105194912310021'));
});
