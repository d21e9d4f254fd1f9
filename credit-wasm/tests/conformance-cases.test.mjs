// Runs every conformance case in tests/cases/**/*.json through the JS binding (format:
// tests/cases/README.md; the same files run in `cargo test` and pytest).
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

test('conformance cases are present', () => assert.ok(files.length > 0));

for (const file of files) {
  test(`case: ${file.replace(/\.json$/, '')}`, () => {
    const spec = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
    const c = { ...spec.case };
    if (spec.lang === 'en') c.lang = 'en'; // same as the Rust runner's evaluate_in(case, Some(En))
    if ('expect' in spec) {
      matches(spec.expect, engine.evaluate(c), 'decision');
    } else {
      let err;
      try {
        engine.evaluate(c);
      } catch (e) {
        err = e;
      }
      assert.ok(err, `expected error ${JSON.stringify(spec.error)}, got a decision`);
      matches(spec.error, { kind: err.kind, code: err.code, path: err.path, message: err.message }, 'error');
    }
  });
}
