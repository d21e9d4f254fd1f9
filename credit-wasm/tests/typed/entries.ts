// The browser (`credit-wasm/web`) and bundler (`credit-wasm/bundler`) entry points' declarations,
// compiled with typed.ts (tsconfig.json): the same generated types, and `init()` for the web build.
import init, { Engine as WebEngine, type Decision, type IdCheck } from 'credit-wasm/web';
import { Engine as BundlerEngine, validateResidentId } from 'credit-wasm/bundler';

await init();
const web: Decision = WebEngine.national().evaluate({ as_of: '2025-10-09', subject: { id: 'x', kind: 'natural_person' } });
const bundled: Decision = BundlerEngine.national({ strict: true }).evaluate('{"as_of": "2025-10-09"}', { lang: 'zh' });
const id: IdCheck = validateResidentId('110101199003074514');
// @ts-expect-error: the browser build's evaluate returns a Decision, not a string.
const text: string = WebEngine.national().evaluate({ as_of: '2025-10-09', subject: { id: 'x', kind: 'natural_person' } });
void [web, bundled, id, text];
