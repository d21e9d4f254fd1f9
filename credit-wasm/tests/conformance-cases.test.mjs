// Runs every conformance case in tests/cases/**/*.json through the JS binding (format:
// tests/cases/README.md; the same files run in `cargo test` and pytest): decision cases through
// `engine.evaluate(case, {lang})`, serious-subject ratio cases (`population`) through
// `engine.withJurisdiction(j).seriousRatio(population)`. Numbers compare with ===: JSON.parse and
// the binding give the same f64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { credit, repoRoot } from './load.mjs';

const root = path.join(repoRoot, 'tests', 'cases');
const files = readdirSync(root, { recursive: true })
  .filter((f) => f.endsWith('.json'))
  .sort();

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function matches(expected, actual, p) {
  if (isObj(expected) && '$contains' in expected) {
    if (!Array.isArray(actual)) throw new Error(`${p}: expected an array, found ${JSON.stringify(actual)}`);
    for (const want of expected.$contains) {
      if (!actual.some((have) => ok(want, have, p))) {
        throw new Error(`${p}: no element matches ${JSON.stringify(want)} in ${JSON.stringify(actual)}`);
      }
    }
  } else if (isObj(expected) && '$absent' in expected) {
    if (actual !== null && actual !== undefined) throw new Error(`${p}: expected absent, found ${JSON.stringify(actual)}`);
  } else if (isObj(expected)) {
    if (!isObj(actual)) throw new Error(`${p}: expected an object, found ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual) && !(v === null || (isObj(v) && '$absent' in v))) throw new Error(`${p}.${k}: missing in decision`);
      matches(v, actual[k] ?? null, `${p}.${k}`);
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Error(`${p}: expected an array, found ${JSON.stringify(actual)}`);
    if (actual.length !== expected.length) {
      throw new Error(`${p}: expected ${expected.length} elements, found ${actual.length}: ${JSON.stringify(actual)}`);
    }
    expected.forEach((x, i) => matches(x, actual[i], `${p}[${i}]`));
  } else if (expected !== actual) {
    throw new Error(`${p}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
  }
}

function ok(expected, actual, p) {
  try {
    matches(expected, actual, p);
    return true;
  } catch {
    return false;
  }
}

const engine = credit.Engine.national();

// The Rust suite writes every outcome to target/conformance/outcomes.json; when it exists
// (scripts/test.sh runs cargo test first and sets CREDIT_REQUIRE_RUST_OUTCOMES=1), each JS outcome
// must be the identical JSON.
const outcomesFile = path.join(repoRoot, 'target', 'conformance', 'outcomes.json');
let rustOutcomes = null;
try {
  rustOutcomes = JSON.parse(readFileSync(outcomesFile, 'utf8'));
} catch (e) {
  if (process.env.CREDIT_REQUIRE_RUST_OUTCOMES === '1') throw new Error(`${outcomesFile} is missing: ${e}`);
}
function sameAsRust(file, actual) {
  if (rustOutcomes === null) return;
  const key = file.split(path.sep).join('/');
  assert.ok(key in rustOutcomes, `the Rust suite produced no outcome for ${key}`);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(actual)), rustOutcomes[key], `${key}: JS and Rust outcomes differ`);
}

test('conformance cases are present', () => assert.ok(files.length > 0));

// Same as the Rust runner: "en" → English for this call; "zh" or absent → the case's own `lang`.
// The case's optional `engine` options: {strict: bool, calendar_years: [path from the repository
// root]}; the year files are read here and passed as {name, content}.
function engineFor(spec) {
  const options = spec.engine;
  if (options === undefined) return engine;
  for (const k of Object.keys(options)) {
    if (k !== 'strict' && k !== 'calendar_years') throw new Error(`unknown engine option ${k}`);
  }
  const calendarYears = (options.calendar_years ?? []).map((p) => ({
    name: path.basename(p),
    content: readFileSync(path.join(repoRoot, p), 'utf8'),
  }));
  return credit.Engine.national({ strict: options.strict ?? false, calendarYears });
}

function langOf(spec) {
  if (spec.lang !== undefined && spec.lang !== 'zh' && spec.lang !== 'en') throw new Error(`bad lang ${spec.lang}`);
  return spec.lang === 'en' ? { lang: 'en' } : undefined;
}

for (const file of files) {
  test(`case: ${file.replace(/\.json$/, '')}`, () => {
    const spec = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
    if ('population' in spec) {
      // A serious-subject ratio case (TRI-7): a population in, the per-region table out.
      assert.ok('expect' in spec, 'a ratio case needs `expect`');
      const rows = engine.withJurisdiction(spec.jurisdiction ?? 'cn').seriousRatio(spec.population);
      matches(spec.expect, rows, 'ratio');
      sameAsRust(file, rows);
      return;
    }
    const caseEngine = engineFor(spec);
    const options = langOf(spec);
    if ('expect' in spec) {
      const decision = caseEngine.evaluate(spec.case, options);
      matches(spec.expect, decision, 'decision');
      sameAsRust(file, decision);
    } else {
      let err;
      try {
        caseEngine.evaluate(spec.case, options);
      } catch (e) {
        err = e;
      }
      assert.ok(err, `expected error ${JSON.stringify(spec.error)}, got a decision`);
      const actual = { kind: err.kind, code: err.code, path: err.path, message: err.message };
      matches(spec.error, actual, 'error');
      sameAsRust(file, actual);
    }
  });
}
