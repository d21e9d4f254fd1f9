#!/usr/bin/env bash
# THE test command: installs what is missing (scripts/setup.sh), then runs every suite in order and
# stops at the first failure:
#   rustfmt, clippy (-D warnings), cargo test, a short fuzz run (each fuzz target ~12 s),
#   Python extension build + pytest,
#   wasm builds + wasm-bindgen (scripts/build-wasm.sh), the TypeScript declarations (no `any`;
#   the typed example under tsc --strict), node:test suites, headless-browser test, npm pack --dry-run.
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

section "cargo test: TypeScript declarations (credit-core feature ts)"
# The feature is enabled only by credit-wasm's build script, so `cargo test --workspace` does not
# run these unit tests; the declarations themselves are checked against real JSON by the node suite.
cargo test -p credit-core --features ts --lib ts::tests::
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
bash scripts/build-wasm.sh
passed

section "types: no \`any\` in the published .d.ts; tsc --strict on the typed example"
# Published declarations parsed with the TypeScript compiler: an `any` type anywhere fails.
node credit-wasm/scripts/dts.mjs check
# credit-wasm/tests/typed/typed.ts uses the package as a user would (strict, with negative lines).
credit-wasm/node_modules/.bin/tsc -p credit-wasm/tests/typed
passed

section "node: node --test credit-wasm/tests/"
node --test credit-wasm/tests/
passed

section "browser: headless chromium (examples/web)"
node --test credit-wasm/browser/
passed

section "npm pack --dry-run (credit-wasm)"
# The package as it would be published: every entry point present, nothing else, no warning.
PACK_LOG="$(cd credit-wasm && npm pack --dry-run --json 2>&1)"
node credit-wasm/scripts/check-pack.mjs <<<"$PACK_LOG"
passed

section "wasm size"
# The browser bundle (pkg-web: wasm + JS glue, and the page's own script) against the 300 KiB
# gzip -9 budget of issue 12; see BENCHMARKS.md. The size is reported with the toolchain that
# built it (scripts/build-wasm.sh builds for size with nightly -Zbuild-std, or falls back to
# stable). Over the budget fails the suite for the size build, and is only reported for the
# stable fallback (about 26 KB larger).
for f in target/credit-wasm/web.wasm credit-wasm/pkg-web/credit_wasm_bg.wasm credit-wasm/pkg-web/credit_wasm.js \
    examples/web/app.min.js credit-wasm/pkg-node/credit_wasm_bg.wasm; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    awk -v f="$f" -v r="$raw" -v g="$gz" \
        'BEGIN { printf "  %-50s raw %8d B (%6.1f KiB)   gzip -9 %8d B (%6.1f KiB)\n", f, r, r/1024, g, g/1024 }'
done
BUDGET=$((300 * 1024))
PAGE_RAW=0
PAGE_GZ=0
for f in credit-wasm/pkg-web/credit_wasm_bg.wasm credit-wasm/pkg-web/credit_wasm.js examples/web/app.min.js; do
    PAGE_RAW=$((PAGE_RAW + $(stat -c %s "$f")))
    PAGE_GZ=$((PAGE_GZ + $(gzip -9 -c "$f" | wc -c)))
done
TOOLCHAIN="$(cat target/credit-wasm/web.toolchain 2>/dev/null || echo unknown)"
awk -v r="$PAGE_RAW" -v g="$PAGE_GZ" -v b="$BUDGET" -v t="$TOOLCHAIN" \
    'BEGIN { printf "  the page (wasm + glue + app.min.js): raw %d B, gzip -9 %d B (%.1f KiB) of a %d B (300 KiB) budget; built with %s\n", r, g, g/1024, b, t }'
if [ "$PAGE_GZ" -gt "$BUDGET" ]; then
    case "$TOOLCHAIN" in
        nightly*)
            # The size build is over: a change made the page heavier than its budget (issue 12).
            echo "  OVER the 300 KiB budget by $((PAGE_GZ - BUDGET)) B gzip -9 (BENCHMARKS.md)" >&2
            exit 1
            ;;
        # Without a nightly with rust-src the stable build is about 26 KB larger: reported only.
        *) echo "  warning: over the 300 KiB budget by $((PAGE_GZ - BUDGET)) B (stable fallback build; the size build is nightly)" ;;
    esac
fi
passed
