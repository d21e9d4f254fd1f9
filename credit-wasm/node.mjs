// Node entry of the package (ESM): the `--target nodejs` build (CommonJS, with the `policy-files`
// feature) re-exported as named ES exports. The module is ready on import: no init call.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wasm = require('./pkg-node/credit_wasm.js');

export const { Engine, validateUscc, validateResidentId } = wasm;
export default wasm;
