// The generated TypeScript declarations agree with the JSON the package really returns and
// accepts. Every value below is written as an object literal annotated with its declared type and
// compiled by the TypeScript compiler (strict): a key the type does not declare (an excess
// property), a required key that is missing, or a value of another type (a string where a number
// is declared, a word outside a union) is a compile error that fails this test.
//
// Checked: every conformance case in tests/cases (its input as `Case`, its decision as `Decision`,
// its thrown error as `ErrorInfo`, a population as `PopulationSubject[]` and its rows as
// `RegionRatio[]`); every jurisdiction's catalogue (`Catalog`) and objection clock
// (`ObjectionDeadline`, published and projected years); the calendar years (`YearInfo[]`);
// identifier checks (`IdCheck`); a comparison (`Comparison`). Planted mistakes must be reported,
// so the check can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { credit, repoRoot } from './load.mjs';

const engine = credit.Engine.national();
const outDir = path.join(repoRoot, 'target', 'types-agree');
mkdirSync(outDir, { recursive: true });

/** The thrown error's fields as a plain object (`message` is an own, non-enumerable property). */
function errorInfo(e) {
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  return { message: e.message, ...Object.fromEntries(Object.entries(e)) };
}

/** The case's engine: its optional options `{strict, calendar_years: [paths]}` as in
 * conformance-cases.test.mjs. */
function engineFor(spec) {
  if (spec.engine === undefined) return engine;
  const calendarYears = (spec.engine.calendar_years ?? []).map((p) => ({
    name: path.basename(p),
    content: readFileSync(path.join(repoRoot, p), 'utf8'),
  }));
  return credit.Engine.national({ strict: spec.engine.strict ?? false, calendarYears });
}

/** [declared type, value, where it came from] for everything the package returns or accepts. */
function samples() {
  const out = [];
  const root = path.join(repoRoot, 'tests', 'cases');
  const files = readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const spec = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
    if ('population' in spec) {
      out.push(['PopulationSubject[]', spec.population, file]);
      out.push(['RegionRatio[]', engine.withJurisdiction(spec.jurisdiction ?? 'cn').seriousRatio(spec.population), file]);
      continue;
    }
    const options = spec.lang === 'en' ? { lang: 'en' } : undefined;
    try {
      const decision = engineFor(spec).evaluate(spec.case, options);
      out.push(['Case', spec.case, file]);
      out.push(['Decision', decision, file]);
    } catch (e) {
      out.push(['ErrorInfo', errorInfo(e), file]);
    }
  }
  for (const j of engine.jurisdictions()) {
    const layer = engine.withJurisdiction(j);
    out.push(['Catalog', layer.catalog(), `catalog ${j}`]);
    out.push(['ObjectionDeadline', layer.objectionDeadline('2025-09-26'), `objection clock ${j}`]);
    out.push(['ObjectionDeadline', layer.objectionDeadline('2027-09-28'), `projected objection clock ${j}`]);
  }
  out.push(['YearInfo[]', engine.calendarYears(), 'calendar years']);
  for (const id of ['91110000600037341L', '91110000600037341X', '9111000060003', '', '110101199003074514', '11010119900307451X']) {
    out.push(['IdCheck', credit.validateUscc(id), `uscc ${id}`]);
    out.push(['IdCheck', credit.validateResidentId(id), `resident id ${id}`]);
  }
  const objectionCase = JSON.parse(readFileSync(path.join(root, files.find((f) => f.startsWith('objections'))), 'utf8')).case;
  out.push(['Comparison', engine.compare(objectionCase, engine.jurisdictions()), 'comparison']);
  for (const bad of [() => engine.evaluate('{"as_of": '), () => engine.objectionDeadline('2025-02-30'), () => credit.validateUscc(7)]) {
    try {
      bad();
      assert.fail('expected a thrown error');
    } catch (e) {
      out.push(['ErrorInfo', errorInfo(e), `thrown ${e.code}`]);
    }
  }
  return out;
}

/** Compile `values` as annotated constants; the compiler's diagnostics, each with its sample. */
function compile(name, values) {
  const types = [...new Set(values.map(([t]) => t.replace('[]', '')))].sort();
  const lines = [`import type { ${types.join(', ')} } from '../../credit-wasm/node.mjs';`];
  const lineOf = [];
  values.forEach(([type, value, where], i) => {
    lineOf.push([lines.length + 1, where]);
    lines.push(`export const v${i}: ${type} = ${JSON.stringify(value)};`);
  });
  const file = path.join(outDir, `${name}.ts`);
  writeFileSync(file, lines.join('\n') + '\n');
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return { code: d.code, where: '(global)', text };
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const where = d.file.fileName === file ? (lineOf.findLast(([l]) => l <= line + 1) ?? [0, '?'])[1] : d.file.fileName;
    return { code: d.code, where, text: text.slice(0, 600) };
  });
}

const all = samples();

test('every value the package returns or accepts has its declared type', () => {
  const counts = {};
  for (const [type] of all) counts[type] = (counts[type] ?? 0) + 1;
  assert.ok(counts.Decision > 100 && counts.Case === counts.Decision, JSON.stringify(counts));
  for (const type of ['ErrorInfo', 'Catalog', 'ObjectionDeadline', 'RegionRatio[]', 'IdCheck', 'Comparison', 'YearInfo[]']) {
    assert.ok(counts[type] > 0, `no ${type} sample: ${JSON.stringify(counts)}`);
  }
  const problems = compile('agree', all);
  assert.deepEqual(problems.map((p) => `${p.where}: TS${p.code} ${p.text}`), []);
});

test('a planted extra key, a missing key and a wrong value are reported (the check can fail)', () => {
  const decision = all.find(([t, v]) => t === 'Decision' && v.measures.length > 0)[1];
  const extra = { ...decision, verdicts: [] };
  const { grade, ...missing } = decision;
  assert.ok(grade);
  const wrong = structuredClone(decision);
  wrong.measures[0].verdict = 'maybe';
  const nested = structuredClone(decision);
  nested.records[0] = { ...nested.records[0], reply_due: '2025-10-23' };
  const catalog = structuredClone(all.find(([t]) => t === 'Catalog')[1]);
  catalog.objection.objection = { layer: 'cn', reply_within: 15 };
  const problems = compile('planted', [
    ['Decision', extra, 'extra'],
    ['Decision', missing, 'missing'],
    ['Decision', wrong, 'wrong'],
    ['Decision', nested, 'nested'],
    ['Catalog', catalog, 'catalog'],
  ]);
  const reported = new Set(problems.map((p) => p.where));
  assert.deepEqual([...reported].sort(), ['catalog', 'extra', 'missing', 'nested', 'wrong'], JSON.stringify(problems, null, 1));
});
