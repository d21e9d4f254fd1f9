// Validates the unified social credit code on every keystroke with the credit WebAssembly module.
// The module is the `wasm-bindgen --target web` build in credit-wasm/pkg-web/ (see index.html).
import init, { validateUscc } from '../../credit-wasm/pkg-web/credit_wasm.js';

const input = document.getElementById('uscc');
const result = document.getElementById('uscc-result');
const status = document.getElementById('status');

function show() {
  const value = input.value;
  if (value.trim() === '') {
    result.textContent = '';
    result.dataset.valid = '';
    return;
  }
  const check = validateUscc(value);
  if (check.valid) {
    result.textContent = 'valid';
    result.dataset.valid = 'true';
  } else {
    result.textContent = check.error.message;
    result.dataset.valid = 'false';
  }
}

try {
  await init();
  input.disabled = false;
  input.addEventListener('input', show);
  show();
  status.innerHTML = '<small>ready</small>';
  document.body.dataset.ready = 'true';
} catch (e) {
  status.textContent = `failed to load the credit module: ${e}`;
  throw e;
}
