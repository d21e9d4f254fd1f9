// The typed example (tests/typed/typed.ts, compiled by `tsc --strict` in scripts/test.sh) runs as
// written: its types are stripped by the TypeScript compiler (`transpileModule`), the result is
// imported like any module of the package, and what it read (`seen`) is checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'typed');

test('the typed example runs and reads the decision, the clocks, the catalogue and the error', async () => {
  const source = readFileSync(path.join(dir, 'typed.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  // Beside the source, inside the package: `import ... from 'credit-wasm'` resolves by name.
  const out = path.join(dir, 'typed.out.mjs');
  writeFileSync(out, outputText);
  const { seen } = await import(pathToFileURL(out).href);
  assert.ok(seen.verdict === 'allowed' || seen.verdict === 'refused', JSON.stringify(seen));
  assert.ok(Array.isArray(seen.failed));
  assert.equal(seen.verdict === 'refused', seen.failed.length > 0);
  // Tonghua: 15 working days from 26 September 2025, across National Day.
  assert.equal(seen.replyDue, '2025-10-23');
  assert.equal(seen.clockDue, '2025-10-23');
  assert.equal(seen.holidays, 8);
  assert.match(seen.catalogClock, /working days/);
  assert.equal(seen.uscc, true);
  assert.deepEqual(seen.comparedLayers.sort(), ['cn', 'cn-jilin-tonghua']);
  assert.match(seen.error, /^bad date at as_of: /);
  // checkMeasure: a five-year food licence ban for a general-severity record is disproportionate.
  assert.deepEqual(seen.check, {
    verdict: 'refused',
    failed: ['proportionality'],
    failedRules: ['MEA-3'],
    rules: ['MEA-1', 'MEA-2', 'NAT-5', 'MEA-3'],
  });
});
