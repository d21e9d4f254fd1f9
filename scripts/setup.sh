#!/usr/bin/env bash
# Install everything the test suite needs, idempotently: each step checks first and does nothing
# when its tool is already present at the right version. Safe to run on every `scripts/test.sh`.
#
#   - rustup target wasm32-unknown-unknown
#   - wasm-bindgen CLI, exactly the version Cargo.lock pins (the CLI must equal the crate version)
#   - Debian chromium (headless browser test), only when /usr/bin/chromium is missing
#   - a CJK font (fonts-wqy-zenhei) for legible screenshots of the zh page, when none is installed
#   - Python venv .venv/ with credit-py/requirements-dev.txt (maturin, pytest)
#   - npm ci in credit-wasm/ (playwright-core; it drives the system chromium, downloads no browser)
#   - the nightly toolchain (minimal profile) and cargo-fuzz, for the fuzz targets in fuzz/, and the
#     nightly's rust-src, for the size-optimised browser bundle (scripts/build-wasm.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[setup] %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "[setup] error: '$1' not found on PATH ($2)" >&2; exit 1; }; }

need cargo "install Rust with rustup"
need rustup "install Rust with rustup"
need node "install Node.js 20+"
need npm "install Node.js 20+"
need python3 "install CPython 3.9+"

# ---- Rust wasm target ---------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rust target wasm32-unknown-unknown: present"
else
    log "rust target wasm32-unknown-unknown: installing"
    rustup target add wasm32-unknown-unknown
fi

# ---- wasm-bindgen CLI (trap: must equal the wasm-bindgen crate version in Cargo.lock) -----------
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WB_VERSION" ]; then
    echo "[setup] error: cannot read the wasm-bindgen version from Cargo.lock" >&2
    exit 1
fi
HAVE_WB="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$HAVE_WB" = "$WB_VERSION" ]; then
    log "wasm-bindgen-cli $WB_VERSION: present"
else
    log "wasm-bindgen-cli: have '${HAVE_WB:-none}', need $WB_VERSION; cargo install (a few minutes)"
    # Not --locked: the CLI's own lockfile pins a crate version the registry does not serve.
    cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# ---- Chromium for the browser test -------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
    log "chromium: present"
else
    log "chromium: installing from apt"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

# ---- A CJK font, so that the browser test's screenshots of the zh page are legible --------------
if fc-list 2>/dev/null | grep -qiE "wqy|noto sans cjk|noto serif cjk"; then
    log "CJK font: present"
else
    log "CJK font: installing fonts-wqy-zenhei from apt"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-zenhei fontconfig
fi

# ---- Python venv ----------------------------------------------------------------------------------
REQ="credit-py/requirements-dev.txt"
REQ_SUM="$(sha256sum "$REQ" | cut -d' ' -f1)"
STAMP=".venv/.credit-requirements.sha256"
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$REQ_SUM" ]; then
    log "python venv .venv: up to date"
else
    if [ ! -x .venv/bin/python ]; then
        log "python venv .venv: creating"
        python3 -m venv .venv
    fi
    log "python venv .venv: installing $REQ"
    .venv/bin/python -m pip install --disable-pip-version-check --quiet -r "$REQ"
    echo "$REQ_SUM" > "$STAMP"
fi

# ---- npm ------------------------------------------------------------------------------------------
LOCK_SUM="$(sha256sum credit-wasm/package-lock.json | cut -d' ' -f1)"
NPM_STAMP="credit-wasm/node_modules/.credit-lock.sha256"
if [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$LOCK_SUM" ]; then
    log "npm (credit-wasm/node_modules): up to date"
else
    log "npm ci in credit-wasm/"
    (cd credit-wasm && npm ci --no-audit --no-fund --loglevel=error)
    echo "$LOCK_SUM" > "$NPM_STAMP"
fi

# ---- Fuzzing: nightly toolchain + cargo-fuzz (scripts/fuzz.sh) -----------------------------------
if rustup toolchain list | grep -q '^nightly'; then
    log "rust toolchain nightly: present"
else
    log "rust toolchain nightly: installing (minimal profile)"
    rustup toolchain install nightly --profile minimal
fi
# The browser bundle is built with the nightly's `-Zbuild-std` (scripts/build-wasm.sh), which
# compiles the standard library from its source.
if rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
    log "nightly rust-src: present"
else
    log "nightly rust-src: installing"
    # Not fatal: without it the browser bundle is built with stable (larger; build-wasm.sh says so).
    rustup component add rust-src --toolchain nightly \
        || log "nightly rust-src: not available (no access to the Rust component server?); the browser bundle falls back to the stable build"
fi
if cargo fuzz --version >/dev/null 2>&1; then
    log "cargo-fuzz $(cargo fuzz --version | awk '{print $2}'): present"
else
    log "cargo-fuzz: installing (a minute or two)"
    cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

log "done"
