// Runs every case of the shared identifier conformance file tests/ids/identifiers.json (also run
// by pytest in credit-py/tests/test_conformance_ids.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { credit, repoRoot } from './load.mjs';

const file = path.join(repoRoot, 'tests', 'ids', 'identifiers.json');
const { cases } = JSON.parse(readFileSync(file, 'utf8'));
const validators = { uscc: credit.validateUscc, resident_id: credit.validateResidentId };

test('conformance file is non-empty with unique names', () => {
  assert.ok(cases.length > 0);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const c of cases) {
  test(`identifier: ${c.name}`, () => {
    const r = validators[c.kind](c.input);
    assert.equal(r.kind, c.kind);
    assert.equal(r.valid, c.valid);
    if (c.error == null) {
      assert.equal(r.error, null);
    } else {
      assert.notEqual(r.error, null, 'expected an error');
      assert.equal(r.error.code, c.error.code);
      if ('position' in c.error) assert.equal(r.error.position, c.error.position);
    }
    assert.deepEqual(r.findings.map((f) => f.code), c.findings ?? []);
  });
}
