// Types of the node entry (node.mjs): the node build's declarations.
export * from './pkg-node/credit_wasm.js';
import * as wasm from './pkg-node/credit_wasm.js';
export default wasm;
