#!/usr/bin/env bash
# THE test command: installs what is missing (scripts/setup.sh), then runs every suite in order and
# stops at the first failure:
#   rustfmt, clippy (-D warnings), cargo test, a short fuzz run (each fuzz target ~12 s),
#   Python extension build + pytest,
#   wasm build + wasm-bindgen (node and web targets), node:test suites, headless-browser test.
# Prints a header per suite, a summary line, and the release .wasm size (raw and gzipped).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

START=$(date +%s)
CURRENT="(none)"
DONE=()

section() {
    CURRENT="$1"
    SECTION_START=$(date +%s)
    printf '\n==================== %s ====================\n' "$1"
}
passed() {
    DONE+=("$CURRENT ($(( $(date +%s) - SECTION_START ))s)")
}
on_exit() {
    local rc=$?
    local total=$(( $(date +%s) - START ))
    echo
    if [ "$rc" -eq 0 ]; then
        echo "==================== summary ===================="
        for s in "${DONE[@]}"; do echo "  ok    $s"; done
        echo "test.sh: PASS — ${#DONE[@]} suites passed in ${total}s"
    else
        echo "==================== summary ===================="
        for s in "${DONE[@]}"; do echo "  ok    $s"; done
        echo "  FAIL  $CURRENT"
        echo "test.sh: FAIL in '$CURRENT' (exit $rc) after ${total}s"
    fi
}
trap on_exit EXIT

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# cargo test writes target/conformance/outcomes.json; the Python and JS suites must reproduce it exactly.
export CREDIT_REQUIRE_RUST_OUTCOMES=1

section "setup"
bash scripts/setup.sh
passed

section "rustfmt"
cargo fmt --all -- --check
passed

section "clippy"
cargo clippy --workspace --all-targets -- -D warnings
passed

section "cargo test"
cargo test --workspace
passed

section "fuzz: every target ${FUZZ_SECONDS:-12}s (cargo +nightly fuzz)"
# A short smoke run from the committed seeds only (scripts/fuzz.sh, with a fresh corpus directory;
# longer runs: see README). Only a crash fails the suite: a timeout or out-of-memory on a loaded
# machine is reported, not fatal.
# FUZZ_SECONDS=0 skips the section.
if [ "${FUZZ_SECONDS:-12}" -gt 0 ]; then
    FUZZ_TMP_CORPUS="$(mktemp -d)"
    FUZZ_CRASHES_ONLY=1 FUZZ_LOG_DIR=logs/test FUZZ_CORPUS_DIR="$FUZZ_TMP_CORPUS" \
        bash scripts/fuzz.sh all "${FUZZ_SECONDS:-12}"
    rm -rf "$FUZZ_TMP_CORPUS"
fi
passed

section "python: build extension (maturin develop --release)"
# The venv is used without activation: maturin finds it through VIRTUAL_ENV.
export VIRTUAL_ENV="$ROOT/.venv"
.venv/bin/maturin develop --release --quiet -m credit-py/Cargo.toml
passed

section "python: pytest"
.venv/bin/python -m pytest -q credit-py/tests
passed

section "wasm: build + wasm-bindgen + wasm-opt"
# The wasm-release profile optimises every crate of the bundle for size (Cargo.toml).
cargo build -p credit-wasm --target wasm32-unknown-unknown --profile wasm-release
WASM="target/wasm32-unknown-unknown/wasm-release/credit_wasm.wasm"
rm -rf credit-wasm/pkg-node credit-wasm/pkg-web
wasm-bindgen --target nodejs --out-dir credit-wasm/pkg-node "$WASM"
# --target nodejs emits CommonJS; mark it so even if a "type": "module" package.json appears above.
echo '{"type": "commonjs"}' > credit-wasm/pkg-node/package.json
wasm-bindgen --target web --out-dir credit-wasm/pkg-web "$WASM"
# Shrink both packages with wasm-opt from npm's binaryen (pinned in package-lock.json; Debian's
# binaryen 108 breaks wasm-bindgen output). The node and browser suites then test what ships.
WASM_OPT=credit-wasm/node_modules/.bin/wasm-opt
for pkg in credit-wasm/pkg-node credit-wasm/pkg-web; do
    "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$pkg/credit_wasm_bg.wasm" -o "$pkg/credit_wasm_bg.wasm"
done
passed

section "node: node --test credit-wasm/tests/"
node --test credit-wasm/tests/
passed

section "browser: headless chromium (examples/web)"
node --test credit-wasm/browser/
passed

section "wasm size"
for f in "$WASM" credit-wasm/pkg-web/credit_wasm_bg.wasm; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    awk -v f="$f" -v r="$raw" -v g="$gz" \
        'BEGIN { printf "  %-50s raw %8d B (%6.1f KiB)   gzip -9 %8d B (%6.1f KiB)\n", f, r, r/1024, g, g/1024 }'
done
passed
