// The package as a user imports it: `import ... from 'credit-wasm'` resolves through package.json
// "exports" (the package refers to itself by name), i.e. the node entry `node.mjs`, which wraps
// the `--target nodejs` build. Build it first: scripts/build-wasm.sh (or scripts/test.sh).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as credit from 'credit-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export { credit };
