import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credit } from './load.mjs';

const VALID = '91110000600037341L';
const WRONG_CHECK = '91110000600037341K';

test('validateUscc: valid code is a plain object', () => {
  const r = credit.validateUscc(VALID);
  assert.deepEqual(r, { kind: 'uscc', valid: true, error: null, findings: [] });
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
});

test('validateUscc: wrong check character', () => {
  const r = credit.validateUscc(WRONG_CHECK);
  assert.equal(r.valid, false);
  assert.equal(r.error.code, 'invalid_check_character');
  assert.equal(r.error.position, 18);
  assert.match(r.error.message, /check character/);
  assert.ok(!JSON.stringify(r).includes(WRONG_CHECK), 'result must not echo the identifier');
});

test('validateUscc: empty and short inputs have null position', () => {
  assert.equal(credit.validateUscc('').error.code, 'empty');
  const r = credit.validateUscc('9111');
  assert.equal(r.error.code, 'invalid_length');
  assert.equal(r.error.position, null);
});

test('validateResidentId', () => {
  const ok = credit.validateResidentId('11010519491231002X');
  assert.equal(ok.valid, true, JSON.stringify(ok.error));
  assert.equal(ok.kind, 'resident_id');
  const bad = credit.validateResidentId('110105194912310021');
  assert.equal(bad.error.code, 'invalid_check_character');
});

test('non-string input throws, never panics', () => {
  assert.throws(() => credit.validateUscc(123));
  assert.throws(() => credit.validateUscc(undefined));
  // the module still works afterwards
  assert.equal(credit.validateUscc(VALID).valid, true);
});
