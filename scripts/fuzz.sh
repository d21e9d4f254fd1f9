#!/usr/bin/env bash
# Fuzz credit-core with cargo-fuzz (libFuzzer, nightly):
#
#   bash scripts/fuzz.sh [TARGET|all] [SECONDS]     # default: all 60
#
# Targets (fuzz/fuzz_targets/): policy_loader, case_eval, ids, calendar. Each runs for SECONDS
# from the committed seeds (fuzz/seeds/TARGET, read only) plus its working corpus
# (fuzz/corpus/TARGET, git-ignored, grows between runs), with -rss_limit_mb=2048 -timeout=10.
# Built without a sanitizer (the crate forbids unsafe code) and with debug assertions (integer
# overflow panics). Prints executions, exec/s and the exit status per target (full libFuzzer
# output in fuzz/logs/TARGET.log); exits non-zero when a target crashes, runs out of memory or
# times out, naming the artifact (fuzz/artifacts/TARGET/...). FUZZ_CRASHES_ONLY=1 (used by
# scripts/test.sh) fails on crashes only: a timeout or out-of-memory on a loaded machine is
# reported but tolerated. Reproduce an artifact with:
#   cd fuzz && cargo +nightly fuzz run -s none -a TARGET artifacts/TARGET/crash-...
# Extra libFuzzer flags: FUZZ_ARGS="-jobs=2 -workers=2" bash scripts/fuzz.sh ids 600
# Logs go to fuzz/logs/ (FUZZ_LOG_DIR, relative to fuzz/, to keep concurrent runs apart); the
# working corpus to fuzz/corpus/ (FUZZ_CORPUS_DIR: scripts/test.sh gives a fresh empty one, so its
# run time does not grow with the corpus: libFuzzer replays the whole corpus before the clock).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/fuzz"

ALL=(policy_loader case_eval ids calendar)
WHAT="${1:-all}"
SECONDS_PER="${2:-60}"
if [ "$WHAT" = "all" ]; then TARGETS=("${ALL[@]}"); else TARGETS=("$WHAT"); fi
BUILD_FLAGS=(-s none -a)

echo "[fuzz] building (${BUILD_FLAGS[*]}): ${TARGETS[*]}"
B0=$(date +%s)
if [ "$WHAT" = "all" ]; then
    cargo +nightly fuzz build "${BUILD_FLAGS[@]}" || { echo "[fuzz] build failed"; exit 2; }
else
    cargo +nightly fuzz build "${BUILD_FLAGS[@]}" "$WHAT" || { echo "[fuzz] build failed"; exit 2; }
fi
echo "[fuzz] build: $(( $(date +%s) - B0 ))s"

# Per-target libFuzzer flags: identifiers are short; longer inputs only slow the O(n) scans down.
target_args() {
    case "$1" in
        ids) echo "-max_len=256" ;;
        policy_loader) echo "-max_len=4096" ;;
        *) echo "" ;;
    esac
}

LOGS="${FUZZ_LOG_DIR:-logs}"
CORPUS="${FUZZ_CORPUS_DIR:-corpus}"
mkdir -p "$LOGS"
FAILED=()
SUMMARY=()
for t in "${TARGETS[@]}"; do
    mkdir -p "$CORPUS/$t" "artifacts/$t"
    LOG="$LOGS/$t.log"
    echo "[fuzz] $t: ${SECONDS_PER}s (log: $ROOT/fuzz/$LOG)"
    T0=$(date +%s)
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
    cargo +nightly fuzz run "${BUILD_FLAGS[@]}" "$t" "$CORPUS/$t" "seeds/$t" -- \
        -max_total_time="$SECONDS_PER" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        $(target_args "$t") ${FUZZ_ARGS:-} > "$LOG" 2>&1
    rc=$?
    execs=$(grep -E '^stat::number_of_executed_units' "$LOG" | awk '{s+=$2} END {print s+0}')
    rate=$(grep -E '^stat::average_exec_per_sec' "$LOG" | awk '{s+=$2} END {print s+0}')
    artifact=$(grep -oE 'Test unit written to [^ ]+' "$LOG" | head -1 | sed 's/Test unit written to //')
    line="$t: exit $rc, $execs executions, $rate exec/s, $(( $(date +%s) - T0 ))s"
    [ -n "$artifact" ] && line="$line, artifact $ROOT/fuzz/${artifact#"$ROOT"/fuzz/}"
    echo "[fuzz] $line"
    SUMMARY+=("$line")
    if [ "$rc" -ne 0 ]; then
        kind="failure"
        case "$(basename "${artifact:-none}")" in
            crash-*) kind="crash" ;;
            timeout-*|slow-unit-*) kind="timeout" ;;
            oom-*) kind="out-of-memory" ;;
            leak-*) kind="leak" ;;
        esac
        echo "[fuzz] $t: $kind"
        grep -E -A6 'panicked at' "$LOG" | head -20
        grep -E 'ERROR: libFuzzer|^SUMMARY|Test unit written to' "$LOG" | head -5
        if [ "${FUZZ_CRASHES_ONLY:-0}" = "1" ] && [ "$kind" != "crash" ] && [ "$kind" != "failure" ]; then
            echo "[fuzz] $t: $kind tolerated (FUZZ_CRASHES_ONLY=1); reproduce with the artifact above"
        else
            FAILED+=("$t")
        fi
    fi
done

echo "[fuzz] summary"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
if [ "${#FAILED[@]}" -gt 0 ]; then
    echo "[fuzz] FAIL: ${FAILED[*]} (artifacts under $ROOT/fuzz/artifacts/, logs under $ROOT/fuzz/$LOGS/)"
    echo "[fuzz] reproduce: cd fuzz && cargo +nightly fuzz run ${BUILD_FLAGS[*]} TARGET ARTIFACT"
    exit 1
fi
echo "[fuzz] PASS"
