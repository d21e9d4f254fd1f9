#!/usr/bin/env bash
# Build the JS package's WebAssembly (credit-wasm/pkg-*), as scripts/test.sh does:
#
#   pkg-web/      browser ESM (`--target web`)      default features: the national rulebook embedded
#   pkg-bundler/  bundlers (`--target bundler`)     as a snapshot of the resolved set (validated at
#                                                   build time): no TOML parser, no validator (small)
#   pkg-node/     node (`--target nodejs`, CJS,     feature `policy-files`: also loads policy files
#                 wrapped by credit-wasm/node.mjs)  and calendar year files written in TOML
#
# Each `.d.ts` carries the TypeScript types of the JSON contract generated from the Rust types
# (credit-wasm/build.rs); wasm-bindgen's `any` for the raw ABI exports becomes `unknown`
# (credit-wasm/scripts/dts.mjs fix), so no published declaration has an `any`.
#
# The browser module (web/bundler) is built for size with the nightly toolchain: the standard
# library rebuilt with `optimize_for_size` and panics that abort at once without formatting a
# message (`-Zbuild-std`, `-Cpanic=immediate-abort`; a panic traps either way in WebAssembly, and
# the library has none by its lints). That is about 26 KB gzipped less, what brings the page under
# its 300 KiB budget (BENCHMARKS.md). Without a nightly with rust-src, or when that build fails
# (a nightly is a moving target), the stable build is used instead and said so:
# target/credit-wasm/web.toolchain names the one used. CREDIT_WASM_STABLE=1 forces stable.
#
# Each module is shrunk with wasm-opt from npm's binaryen (pinned in package-lock.json; Debian's
# binaryen 108 breaks wasm-bindgen output). Run scripts/setup.sh first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT=target/credit-wasm
WASM=target/wasm32-unknown-unknown/wasm-release/credit_wasm.wasm
mkdir -p "$OUT"
# The wasm-release profile optimises every crate of the bundle for size (Cargo.toml).
SIZE_DIR=target/wasm-size  # its own target directory: the rebuilt std does not evict the stable one
web_nightly() {
    [ "${CREDIT_WASM_STABLE:-0}" != 1 ] || return 1
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' || return 1
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" CARGO_TARGET_DIR="$SIZE_DIR" \
        cargo +nightly build -p credit-wasm --target wasm32-unknown-unknown --profile wasm-release \
        -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size || return 1
    cp "$SIZE_DIR/wasm32-unknown-unknown/wasm-release/credit_wasm.wasm" "$OUT/web.wasm"
}
if web_nightly; then
    echo "nightly $(rustc +nightly --version) -Zbuild-std optimize_for_size, panic=immediate-abort" > "$OUT/web.toolchain"
else
    echo "[build-wasm] warning: the size-optimised nightly build is not available; the browser module is built with stable (larger)" >&2
    cargo build -p credit-wasm --target wasm32-unknown-unknown --profile wasm-release
    cp "$WASM" "$OUT/web.wasm"
    echo "stable $(rustc --version) (fallback)" > "$OUT/web.toolchain"
fi
cargo build -p credit-wasm --target wasm32-unknown-unknown --profile wasm-release --features policy-files
cp "$WASM" "$OUT/node.wasm"

rm -rf credit-wasm/pkg-node credit-wasm/pkg-web credit-wasm/pkg-bundler
wasm-bindgen --target web --out-name credit_wasm --out-dir credit-wasm/pkg-web "$OUT/web.wasm"
wasm-bindgen --target bundler --out-name credit_wasm --out-dir credit-wasm/pkg-bundler "$OUT/web.wasm"
wasm-bindgen --target nodejs --out-name credit_wasm --out-dir credit-wasm/pkg-node "$OUT/node.wasm"
# --target nodejs emits CommonJS: mark it so inside the "type": "module" package (TOOLCHAIN trap 4).
echo '{"type": "commonjs"}' > credit-wasm/pkg-node/package.json
WASM_OPT=credit-wasm/node_modules/.bin/wasm-opt
for pkg in credit-wasm/pkg-node credit-wasm/pkg-web credit-wasm/pkg-bundler; do
    # wasm-bindgen writes a `*` .gitignore into each directory; npm pack would honour it.
    rm -f "$pkg/.gitignore"
    "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$pkg/credit_wasm_bg.wasm" -o "$pkg/credit_wasm_bg.wasm"
done
node credit-wasm/scripts/dts.mjs fix
# The browser glue and the intake page's script are minified (terser, pinned in package-lock.json):
# what a page ships. The readable sources stay: examples/web/app.js (its source map points there).
TERSER=credit-wasm/node_modules/.bin/terser
"$TERSER" credit-wasm/pkg-web/credit_wasm.js --module --compress --mangle --output credit-wasm/pkg-web/credit_wasm.js
(cd examples/web && "../../$TERSER" app.js --module --compress --mangle \
    --source-map "url='app.min.js.map',includeSources" --output app.min.js)
