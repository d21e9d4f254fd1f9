// Loads the `--target nodejs` build (CommonJS) from an ES module test; see TOOLCHAIN trap 4.
// Build it first: scripts/test.sh (cargo build --target wasm32-unknown-unknown + wasm-bindgen).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
export const credit = require('../pkg-node/credit_wasm.js');
