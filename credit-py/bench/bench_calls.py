"""Per-call cost of the Python binding, measured with time.perf_counter (no pytest-benchmark).

    .venv/bin/python credit-py/bench/bench_calls.py [--quick]

Build the extension in release mode first (``maturin develop --release``, as scripts/test.sh
does): a debug build is many times slower. Each row is the best of several rounds (the least
disturbed by other processes) divided by the number of calls in a round.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

import credit

CASE_3_RECORDS = {
    "as_of": "2025-10-09",
    "subject": {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise", "status": "active"},
    "records": [
        {
            "id": "r1",
            "conduct": "administrative_penalty_general",
            "decided_on": "2025-06-02",
            "events": [{"on": "2025-09-26", "type": "objection_filed"}],
        },
        {
            "id": "r2",
            "conduct": "judgment_debtor_obstructs",
            "severity": "serious",
            "decided_on": "2025-03-03",
            "decided_by": "某市中级人民法院",
            "list": "judgment_debtor",
            "events": [{"on": "2025-02-20", "type": "notified"}, {"on": "2025-03-05", "type": "published"}],
        },
        {"id": "r3", "conduct": "administrative_penalty_general", "decided_on": "2024-01-15"},
    ],
}


MEASURE_CASE = {
    "as_of": "2025-10-09",
    "subject": {"id": "91110000600037341L", "kind": "legal_person"},
    "records": [{"id": "r1", "conduct": "judgment_debtor_obstructs", "decided_on": "2025-03-03",
                 "list": "judgment_debtor", "events": [{"on": "2025-02-20", "type": "notified"}]}],
    "proposed_measures": [{"measure": "high_consumption_restriction", "record": "r1", "by_kind": "court",
                           "target": "legal_representative"}],
}


def best_per_call(fn, calls, rounds):
    """Seconds per call: the fastest of `rounds` rounds of `fn()` run `calls` times."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, time.perf_counter() - t0)
    return best / calls


def fmt(seconds):
    if seconds < 1e-6:
        return f"{seconds * 1e9:8.1f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.2f} µs"
    return f"{seconds * 1e3:8.2f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer calls and rounds (a smoke run)")
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    rounds = 3 if args.quick else 5

    engine = credit.Engine.national()
    decision = engine.evaluate(CASE_3_RECORDS)  # warm up, and check the case is valid
    assert len(decision["records"]) == 3
    batch = [CASE_3_RECORDS] * 10_000

    rows = []
    n = 200_000 // scale
    rows.append(("credit.validate_uscc(s)", n, best_per_call(lambda: credit.validate_uscc("91110000600037341L"), n, rounds)))
    rows.append(("engine.is_working_day('YYYY-MM-DD')", n,
                 best_per_call(lambda: engine.is_working_day("2025-10-09"), n, rounds)))
    n = 5_000 // scale
    rows.append(("engine.evaluate(dict), 3 records", n, best_per_call(lambda: engine.evaluate(CASE_3_RECORDS), n, rounds)))
    # A field read converts only that field: the same cost for a small and a large decision.
    small = engine.evaluate({"as_of": "2025-10-09", "subject": CASE_3_RECORDS["subject"]})
    large_case = dict(CASE_3_RECORDS, records=[dict(r, id=f"r{i}") for i in range(30) for r in CASE_3_RECORDS["records"][:1]])
    large = engine.evaluate(large_case)
    n = 100_000 // scale
    rows.append(("decision.grade, no records", n, best_per_call(lambda: small.grade, n, rounds)))
    rows.append(("decision.grade, 30 records", n, best_per_call(lambda: large.grade, n, rounds)))
    rows.append(("engine.evaluate(dict, lang='en'), 3 records", n,
                 best_per_call(lambda: engine.evaluate(CASE_3_RECORDS, lang="en"), n, rounds)))
    rows.append(("  ... + decision.to_dict()", n,
                 best_per_call(lambda: engine.evaluate(CASE_3_RECORDS).to_dict(), n, rounds)))
    # One proposed-measure check through the public API: the call, then the verdict and the failed
    # checks read (the budget row of the issue "Facts first, words on demand").
    n = 20_000 // scale

    def measure_check():
        d = engine.evaluate(MEASURE_CASE)
        m = d.measures[0]
        return m["verdict"], m["failed"]

    assert measure_check()[0] in ("allowed", "refused")
    rows.append(("one measure check: evaluate + verdict + failed", n, best_per_call(measure_check, n, rounds)))
    many_rounds = 2 if args.quick else 3
    per_batch = best_per_call(lambda: engine.evaluate_many(batch), 1, many_rounds)
    rows.append(("engine.evaluate_many(10,000 cases), per case", len(batch), per_batch / len(batch)))

    print(f"credit {credit.__version__} · Python {platform.python_version()} · {platform.machine()} · "
          f"best of {rounds} rounds ({many_rounds} for evaluate_many)")
    width = max(len(r[0]) for r in rows)
    print(f"{'call':<{width}}  {'calls/round':>11}  {'per call':>11}  {'calls/s':>12}")
    print("-" * (width + 40))
    for name, calls, sec in rows:
        print(f"{name:<{width}}  {calls:>11,}  {fmt(sec):>11}  {1 / sec:>12,.0f}")
    print(f"\nevaluate_many(10,000): {per_batch:.3f} s for the batch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
