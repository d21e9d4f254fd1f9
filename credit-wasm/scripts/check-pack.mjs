// Reads `npm pack --dry-run --json` output on stdin and checks the package as it would be
// published: every entry point named in package.json "exports" is in it, nothing outside the
// declared files is, and npm printed no warning. Exits non-zero with the reasons otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8'));
const text = readFileSync(0, 'utf8');
const problems = [];
const warnings = text.split('\n').filter((l) => /npm (warn|WARN)/.test(l) && !/Unknown user config "nodedir"/.test(l));
problems.push(...warnings.map((w) => `npm warning: ${w}`));
const json = text.slice(text.indexOf('['));
const [report] = JSON.parse(json);
const files = new Set(report.files.map((f) => f.path));
const targets = [];
const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
walk(pkg.exports);
for (const t of new Set(targets)) {
  if (!files.has(t.replace(/^\.\//, ''))) problems.push(`exports target missing from the package: ${t}`);
}
const allowed = ['package.json', 'README.md', 'node.mjs', 'node.d.mts', 'pkg-node/', 'pkg-web/', 'pkg-bundler/'];
for (const f of files) {
  if (!allowed.some((a) => (a.endsWith('/') ? f.startsWith(a) : f === a))) problems.push(`unexpected file in the package: ${f}`);
}
for (const need of ['README.md', 'pkg-web/credit_wasm_bg.wasm', 'pkg-node/credit_wasm_bg.wasm', 'pkg-bundler/credit_wasm_bg.wasm']) {
  if (!files.has(need)) problems.push(`missing from the package: ${need}`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`npm pack --dry-run: ${report.name}@${report.version}, ${report.entryCount} files, ${report.size} bytes packed, ${report.unpackedSize} unpacked`);
