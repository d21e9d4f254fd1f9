// The package's TypeScript declarations, read with the TypeScript compiler's parser:
//
//   node scripts/dts.mjs fix     (scripts/build-wasm.sh, after wasm-bindgen) wasm-bindgen types the
//                                raw WebAssembly exports (`InitOutput`, `credit_wasm_bg.wasm.d.ts`:
//                                the ABI behind the wrappers, never called by users) with `any`
//                                for values passed by reference; they become `unknown`.
//   node scripts/dts.mjs check   (scripts/test.sh) fails, naming file and line, if any published
//                                declaration file (pkg-*/**/*.d.ts, node.d.mts) contains the type
//                                `any`, or lacks the generated contract types.
//
// Only `any` as a type counts (the parser's AnyKeyword), not the word in a comment.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const pkgRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function declarationFiles() {
  const files = [path.join(pkgRoot, 'node.d.mts')];
  for (const dir of ['pkg-node', 'pkg-web', 'pkg-bundler']) {
    for (const f of readdirSync(path.join(pkgRoot, dir), { recursive: true })) {
      if (f.endsWith('.d.ts') || f.endsWith('.d.mts')) files.push(path.join(pkgRoot, dir, f));
    }
  }
  return files;
}

/** Every `any` type node of `file`, with whether it lies in wasm-bindgen's raw ABI declarations. */
function anyNodes(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rawFile = file.endsWith('_bg.wasm.d.ts');
  const found = [];
  const visit = (node, raw) => {
    const inRaw = raw || (ts.isInterfaceDeclaration(node) && node.name.text === 'InitOutput');
    if (node.kind === ts.SyntaxKind.AnyKeyword) found.push({ node, raw: inRaw });
    ts.forEachChild(node, (child) => visit(child, inRaw));
  };
  visit(source, rawFile);
  return { text, source, found };
}

const mode = process.argv[2];
if (mode === 'fix') {
  let replaced = 0;
  for (const file of declarationFiles()) {
    const { text, found } = anyNodes(file);
    const raw = found.filter((f) => f.raw).sort((a, b) => b.node.getStart() - a.node.getStart());
    let out = text;
    for (const { node } of raw) {
      out = out.slice(0, node.getStart()) + 'unknown' + out.slice(node.getEnd());
    }
    if (raw.length) writeFileSync(file, out);
    replaced += raw.length;
  }
  console.log(`dts: ${replaced} raw ABI \`any\` types written as \`unknown\``);
} else if (mode === 'check') {
  const problems = [];
  const files = declarationFiles();
  for (const file of files) {
    const { source, found } = anyNodes(file);
    for (const { node } of found) {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
      const lineText = source.text.split('\n')[line].trim();
      problems.push(`${path.relative(pkgRoot, file)}:${line + 1}:${character + 1}: \`any\` in ${lineText}`);
    }
  }
  for (const dir of ['pkg-node', 'pkg-web', 'pkg-bundler']) {
    const text = readFileSync(path.join(pkgRoot, dir, 'credit_wasm.d.ts'), 'utf8');
    for (const name of ['Case', 'Decision', 'Catalog', 'ObjectionDeadline', 'Comparison', 'IdCheck', 'ErrorCode', 'CreditError']) {
      if (!new RegExp(`^export type ${name}\\b`, 'm').test(text)) problems.push(`${dir}/credit_wasm.d.ts: no \`export type ${name}\``);
    }
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`dts: no \`any\` in ${files.length} declaration files`);
} else {
  console.error('usage: node scripts/dts.mjs fix|check');
  process.exit(2);
}
