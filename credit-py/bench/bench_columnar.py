"""Throughput of the columnar API (`Engine.evaluate_table`) against the hand-written glue an analyst
writes without it (pandas `groupby` + dict cases + `evaluate_many`), on the same synthetic
population: every subject has three records (one with an objection event) and two proposed
measures.

    .venv/bin/python credit-py/bench/bench_columnar.py [--subjects N] [--skip-glue]

Build the extension in release mode first (`maturin develop --release -m credit-py/Cargo.toml`).
Reports subjects/s and measure rows/s with 1 and 2 workers, and the process's peak RSS growth
(ru_maxrss) over the input tables. Run once per configuration on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

import pandas as pd
import pyarrow as pa

import credit

ORG = "91110000600037341L"
REGIONS = ["110000", "310000", "350100", "510700", "220500"]


def population(n: int):
    keys = pa.array(range(n), pa.int64())
    subjects = pa.table(
        {
            "k": keys,
            "id": pa.array([ORG] * n),
            "kind": pa.array(["legal_person"] * n),
            "region": pa.array([REGIONS[i % len(REGIONS)] for i in range(n)]),
        }
    )
    rk = pa.array([i for i in range(n) for _ in range(3)], pa.int64())
    records = pa.table(
        {
            "k": rk,
            "record": pa.array(["r1", "r2", "r3"] * n),
            "conduct": pa.array(["administrative_penalty_general", "administrative_penalty_serious", "administrative_penalty_general"] * n),
            "decided_on": pa.array(["2025-06-02", "2025-03-14", "2024-11-20"] * n).cast(pa.string()),
        }
    )
    records = records.set_column(3, "decided_on", pa.compute.strptime(records["decided_on"], "%Y-%m-%d", "s").cast(pa.date32()))
    events = pa.table(
        {
            "k": keys,
            "record": pa.array(["r1"] * n),
            "on": pa.array([pd.Timestamp("2025-09-26").date()] * n, pa.date32()),
            "type": pa.array(["objection_filed"] * n),
        }
    )
    mk = pa.array([i for i in range(n) for _ in range(2)], pa.int64())
    measures = pa.table(
        {
            "k": mk,
            "measure": pa.array(["key_supervision", "restrict_government_procurement"] * n),
            "record": pa.array(["r2", "r1"] * n),
        }
    )
    return subjects, records, events, measures


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def glue(engine, subjects, records, events, measures):
    """What an analyst writes without the columnar API (the issue's baseline)."""
    s = subjects.to_pandas()
    r = records.to_pandas()
    e = events.to_pandas()
    m = measures.to_pandas()
    ev = {(row.k, row.record): [] for row in r.itertuples()}
    for row in e.itertuples():
        ev[(row.k, row.record)].append({"on": row.on.isoformat(), "type": row.type})
    recs = {k: [] for k in s["k"]}
    for row in r.itertuples():
        recs[row.k].append({"id": row.record, "conduct": row.conduct, "decided_on": row.decided_on.isoformat(), "events": ev[(row.k, row.record)]})
    pms = {k: [] for k in s["k"]}
    for row in m.itertuples():
        pms[row.k].append({"measure": row.measure, "record": row.record})
    cases = [
        {"as_of": "2025-10-09", "subject": {"id": row.id, "kind": row.kind, "region": row.region}, "records": recs[row.k], "proposed_measures": pms[row.k]}
        for row in s.itertuples()
    ]
    decisions = engine.evaluate_many(cases)
    return pd.DataFrame({"k": s["k"], "grade": [d["grade"] for d in decisions]})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=100_000)
    ap.add_argument("--skip-glue", action="store_true")
    args = ap.parse_args()
    n = args.subjects
    engine = credit.Engine.national()
    print(f"# credit {credit.__version__}, Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    subjects, records, events, measures = population(n)
    base = rss_mb()
    print(f"population: {n} subjects, {records.num_rows} records, {events.num_rows} events, {measures.num_rows} proposed measures; RSS after building inputs {base:.0f} MB")
    for workers in (1, 2):
        t = time.perf_counter()
        res = engine.evaluate_table(subjects, records, events, measures, key="k", as_of="2025-10-09", workers=workers)
        dt = time.perf_counter() - t
        assert res.errors.num_rows == 0, res.errors.slice(0, 3).to_pylist()
        assert res.subjects.num_rows == n
        print(
            f"evaluate_table workers={workers}: {dt:.2f} s, {n / dt:,.0f} subjects/s, {measures.num_rows / dt:,.0f} measure rows/s;"
            f" peak RSS growth over inputs {rss_mb() - base:.0f} MB"
        )
        del res
    if not args.skip_glue:
        t = time.perf_counter()
        out = glue(engine, subjects, records, events, measures)
        dt = time.perf_counter() - t
        print(f"pandas glue + evaluate_many: {dt:.2f} s, {n / dt:,.0f} subjects/s; peak RSS growth {rss_mb() - base:.0f} MB")
        assert len(out) == n


if __name__ == "__main__":
    main()
