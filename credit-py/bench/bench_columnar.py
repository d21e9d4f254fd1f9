"""Throughput of the columnar API (`Engine.evaluate_table`) against the hand-written glue an analyst
writes without it (pandas `groupby` + dict cases + `evaluate_many`), on the same synthetic
population: every subject has three records (one with an objection event) and two proposed
measures.

    .venv/bin/python credit-py/bench/bench_columnar.py [--subjects N] [--skip-glue]
    .venv/bin/python credit-py/bench/bench_columnar.py --part subjects --skip-glue --workers 1,2 --repeat 5 --spin

Build the extension in release mode first (`maturin develop --release -m credit-py/Cargo.toml`).
Reports subjects/s and measure rows/s with 1 and 2 workers, and the process's peak RSS growth
(ru_maxrss) over the input tables. Run once per configuration on a quiet machine.

`--repeat R` runs the worker counts R times, alternating, and prints the median wall time of each
and the two-worker speed-up. `--spin` measures, before each round, the machine's own ceiling for
two threads: the same CPU-bound loop (SHA-256 over a 64 KiB buffer, which releases the GIL) on one
thread and on two; on a loaded machine that ceiling is well below 2x, and the speed-up of
`evaluate_table` is best judged as a fraction of it. The loop is latency-bound, like
`evaluate_table`; a throughput-bound arithmetic loop gets less on the same machine (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import threading
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
            "conduct": pa.array(["administrative_penalty_general", "judgment_debtor_refuses", "environmental_violation"] * n),
            "list": pa.array([None, "judgment_debtor", None] * n, pa.string()),
            "decided_on": pa.array(["2025-06-02", "2025-03-14", "2024-11-20"] * n).cast(pa.string()),
        }
    )
    records = records.set_column(4, "decided_on", pa.compute.strptime(records["decided_on"], "%Y-%m-%d", "s").cast(pa.date32()))
    ek = pa.array([i for i in range(n) for _ in range(3)], pa.int64())
    d = pd.Timestamp
    events = pa.table(
        {
            "k": ek,
            "record": pa.array(["r1", "r2", "r3"] * n),
            "on": pa.array([d("2025-09-26").date(), d("2025-03-10").date(), d("2024-12-02").date()] * n, pa.date32()),
            "type": pa.array(["objection_filed", "notified", "published"] * n),
        }
    )
    mk = pa.array([i for i in range(n) for _ in range(2)], pa.int64())
    measures = pa.table(
        {
            "k": mk,
            "measure": pa.array(["key_supervision", "high_consumption_restriction"] * n),
            "record": pa.array(["r2", "r1"] * n),
        }
    )
    return subjects, records, events, measures


# ---- Proposed-measure checks: the columnar fast path against hand-written pandas and polars ----

SEV = {"minor": 0, "general": 1, "serious": 2}
STRONG = {"law", "administrative_regulation", "local_regulation", "central_policy"}
MARKET = {"financial_institution", "credit_agency", "industry_association", "news_media", "market_actor"}
SELF = {"natural_person": "natural_person", "legal_person": "legal_person", "other_organization": "other_organization"}


def measure_rows(engine, n: int, seed: int = 7):
    """`n` proposed measures on record facts (dictionary-encoded columns, as categoricals give)."""
    import numpy as np

    cat = engine.catalog()
    rng = np.random.default_rng(seed)
    measures = list(cat["measures"])
    conduct = list(cat["conduct"])
    lists = list(cat["lists"])
    statuses = ["active", "suspended", "expired", "repaired", "revoked"]

    def dict_col(values, size, p=None):
        idx = rng.integers(0, len(values), size, dtype=np.int32) if p is None else rng.choice(len(values), size, p=p).astype(np.int32)
        return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(values))

    lst = dict_col(lists, n)
    no_list = rng.random(n) < 0.5
    lst = pa.DictionaryArray.from_arrays(pa.array(np.asarray(lst.indices), mask=no_list), pa.array(lists))
    return pa.table(
        {
            "measure": dict_col(measures, n),
            "conduct": dict_col(conduct, n),
            "severity": dict_col(["minor", "general", "serious"], n),
            "list": lst,
            "status": dict_col(statuses, n, p=[0.6, 0.1, 0.1, 0.1, 0.1]),
            "in_scope": pa.array(rng.random(n) < 0.9),
            "subject_kind": dict_col(["legal_person", "natural_person", "other_organization"], n),
            "by_kind": dict_col(["administrative_body", "court", "financial_institution"], n, p=[0.8, 0.1, 0.1]),
            "voluntary": pa.array(rng.random(n) < 0.2),
            "decided_on": pa.array(rng.integers(19000, 20300, n, dtype=np.int32)).cast(pa.date32()),
            "notified": pa.array(rng.random(n) < 0.7),
        }
    )


def catalogue_frames(engine):
    """The catalogue as flat frames for the hand-written versions (single versions, no lifting)."""
    cat = engine.catalog()
    notice_required = cat["notice"]["notice"]["required"]
    m = []
    pairs_list, pairs_conduct, pairs_target, pairs_vol = [], [], [], []
    for mid, e in cat["measures"].items():
        m.append(
            {
                "measure": mid,
                "basis_ok": (not e["rights_reducing"]) or any(b["rank"] in STRONG for b in e["legal_basis"]),
                "management": e["family"] == "management",
                "requires_list": e["requires_list"],
                "min_sev": SEV[e["min_severity"]],
                "intensity": e["intensity"],
                "any_sev": SEV[e["causes"]["any_severity"]] if e["causes"]["any_severity"] else 99,
                "has_vol": bool(e["voluntary_for"]),
            }
        )
        pairs_list += [{"measure": mid, "list": x} for x in e["causes"]["lists"]]
        pairs_conduct += [{"measure": mid, "conduct": x} for x in e["causes"]["conduct"]]
        pairs_target += [{"measure": mid, "target": x} for x in e["targets"]]
        pairs_vol += [{"measure": mid, "by_kind": x} for x in e["voluntary_for"]]
    lists = [{"list": k, "serious": v["kind"] == "serious", "watch": v["kind"] == "watch", "notice": v["notice_required"] and notice_required} for k, v in cat["lists"].items()]
    max_int = {SEV[k]: v["max_intensity"] for k, v in cat["severities"].items()}
    return m, pairs_list, pairs_conduct, pairs_target, pairs_vol, lists, max_int


def polars_checks(df, frames):
    import polars as pl

    m, pl_, pc_, pt_, pv_, lists, max_int = frames
    M = pl.DataFrame(m)
    L = pl.DataFrame(lists)
    PL = pl.DataFrame(pl_).with_columns(by_list=pl.lit(True))
    PC = pl.DataFrame(pc_).with_columns(by_conduct=pl.lit(True))
    PT = pl.DataFrame(pt_).with_columns(target_ok=pl.lit(True))
    PV = pl.DataFrame(pv_).with_columns(vol_for=pl.lit(True))
    d = df.with_columns(
        [pl.col(c).cast(pl.String) for c in ["measure", "conduct", "severity", "list", "status", "subject_kind", "by_kind"]]
    ).with_columns(
        sev=pl.col("severity").replace_strict(SEV, return_dtype=pl.Int8),
        target=pl.col("subject_kind"),
    )
    d = (
        d.join(M, on="measure", how="left")
        .join(L, on="list", how="left")
        .join(PL, on=["measure", "list"], how="left")
        .join(PC, on=["measure", "conduct"], how="left")
        .join(PT, on=["measure", "target"], how="left")
        .join(PV, on=["measure", "by_kind"], how="left")
    )
    watch_only = pl.col("watch").fill_null(False) & ~pl.col("management")
    market = pl.col("by_kind").is_in(list(MARKET))
    allowed = (
        pl.col("basis_ok")
        & pl.col("status").is_in(["active", "suspended"])
        & (pl.col("status") != "suspended")
        & pl.col("in_scope") & ~watch_only
        & (pl.col("by_list").fill_null(False) | pl.col("by_conduct").fill_null(False) | (pl.col("sev") >= pl.col("any_sev")))
        & (pl.col("sev") >= pl.col("min_sev"))
        & (pl.col("intensity") <= pl.col("sev").replace_strict(max_int, return_dtype=pl.Int64))
        & (~pl.col("requires_list") | pl.col("serious").fill_null(False))
        & pl.col("target_ok").fill_null(False)
        & pl.when(pl.col("has_vol")).then(pl.col("vol_for").fill_null(False) & pl.col("voluntary")).otherwise(~market | pl.col("voluntary"))
        & ~(pl.col("notice").fill_null(False) & pl.col("serious").fill_null(False) & ~pl.col("notified"))
    )
    return d.select(allowed.alias("allowed"))["allowed"]


def pandas_checks(df, frames):
    m, pl_, pc_, pt_, pv_, lists, max_int = frames
    d = df.copy()
    for c in ["measure", "conduct", "severity", "list", "status", "subject_kind", "by_kind"]:
        d[c] = d[c].astype(object)
    d["sev"] = d["severity"].map(SEV)
    d["target"] = d["subject_kind"]
    d = d.merge(pd.DataFrame(m), on="measure", how="left").merge(pd.DataFrame(lists), on="list", how="left")
    d = d.merge(pd.DataFrame(pl_).assign(by_list=True), on=["measure", "list"], how="left")
    d = d.merge(pd.DataFrame(pc_).assign(by_conduct=True), on=["measure", "conduct"], how="left")
    d = d.merge(pd.DataFrame(pt_).assign(target_ok=True), on=["measure", "target"], how="left")
    d = d.merge(pd.DataFrame(pv_).assign(vol_for=True), on=["measure", "by_kind"], how="left")
    f = lambda c: d[c].astype("boolean").fillna(False).astype(bool)  # noqa: E731
    watch_only = f("watch") & ~d["management"]
    market = d["by_kind"].isin(MARKET)
    vol_ok = (f("vol_for") & d["voluntary"]).where(d["has_vol"], ~market | d["voluntary"])
    allowed = (
        d["basis_ok"]
        & (d["status"] == "active")
        & d["in_scope"] & ~watch_only
        & (f("by_list") | f("by_conduct") | (d["sev"] >= d["any_sev"]))
        & (d["sev"] >= d["min_sev"])
        & (d["intensity"] <= d["sev"].map(max_int))
        & (~d["requires_list"] | f("serious"))
        & f("target_ok")
        & vol_ok.astype(bool)
        & ~(f("notice") & f("serious") & ~d["notified"])
    )
    return allowed


def timed(f, rounds: int = 3):
    """Best wall time and the CPU time (all threads of the process) of that round, and its result."""
    best = None
    for _ in range(rounds):
        w, c = time.perf_counter(), time.process_time()
        out = f()
        w, c = time.perf_counter() - w, time.process_time() - c
        if best is None or w < best[0]:
            best = (w, c, out)
    return best


def rate(n: int, wall: float, cpu: float) -> str:
    return f"{n / wall / 1e6:.1f} M rows/s wall, {n / cpu / 1e6:.1f} M rows per CPU-second ({wall * 1e3:.0f} ms wall, {cpu * 1e3:.0f} ms CPU)"


def bench_measures(engine, n: int) -> None:
    """Proposed-measure checks: `check_measures` against hand-written polars and pandas versions
    of the same checks on the same rows. CPU time is reported beside wall time because the
    machine is shared: the CPU-second figure is the throughput of one core."""
    import polars as pl

    t = measure_rows(engine, n)
    frames = catalogue_frames(engine)
    w1, c1, (out, errors) = timed(lambda: engine.check_measures(t, as_of="2025-10-09", workers=1))
    assert errors.num_rows == 0
    ours = out.column("allowed")
    print(f"check_measures, 1 worker: {rate(n, w1, c1)}; {pa.compute.sum(ours).as_py():,} of {n:,} allowed")
    w2, c2, (out2, _) = timed(lambda: engine.check_measures(t, as_of="2025-10-09", workers=2))
    print(f"check_measures, 2 workers: {rate(n, w2, c2)}")
    assert out2.column("allowed").equals(ours)
    pdf = pl.from_arrow(t)
    wp, cp, allowed_pl = timed(lambda: polars_checks(pdf, frames))
    print(f"hand-written polars ({pl.thread_pool_size()} threads): {rate(n, wp, cp)}")
    print(f"  check_measures / polars: {wp / w1:.1f}x wall, {cp / c1:.1f}x per CPU-second")
    agree = int((allowed_pl.to_numpy() == ours.to_numpy(zero_copy_only=False)).sum())
    print(f"  polars and check_measures agree on {agree:,} of {n:,} rows")
    m = min(n, 2_000_000)
    pdf2 = t.slice(0, m).to_pandas()
    wd, cd, allowed_pd = timed(lambda: pandas_checks(pdf2, frames), rounds=1)
    print(f"hand-written pandas ({m:,} rows): {rate(m, wd, cd)}")
    print(f"  check_measures / pandas: {(wd / m) / (w1 / n):.1f}x wall, {(cd / m) / (c1 / n):.1f}x per CPU-second")
    agree = int((allowed_pd.to_numpy() == ours.slice(0, m).to_numpy(zero_copy_only=False)).sum())
    print(f"  pandas and check_measures agree on {agree:,} of {m:,} rows")


def spin_ceiling(seconds: float = 0.4) -> float:
    """The machine's two-thread ceiling now: how much more work two threads of a CPU-bound loop
    do than one in the same time (2.0 on two free cores)."""
    buf = b"x" * (1 << 16)

    def work(n: int) -> None:
        h = hashlib.sha256()
        for _ in range(n):
            h.update(buf)  # releases the GIL (buffer > 2 KiB)

    t = time.perf_counter()
    work(200)
    n = max(200, int(200 * seconds / (time.perf_counter() - t)))
    t = time.perf_counter()
    work(n)
    one = time.perf_counter() - t
    t = time.perf_counter()
    th = threading.Thread(target=work, args=(n,))
    th.start()
    work(n)
    th.join()
    two = time.perf_counter() - t
    return 2 * one / two


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
    ap.add_argument("--measure-rows", type=int, default=10_000_000)
    ap.add_argument("--workers", default="1,2", help="worker counts for evaluate_table, e.g. 2 (peak RSS is per process)")
    ap.add_argument("--repeat", type=int, default=1, help="run the worker counts this many times, alternating, and report medians")
    ap.add_argument("--spin", action="store_true", help="measure the machine's two-thread ceiling before each round")
    ap.add_argument("--part", choices=["all", "measures", "subjects"], default="all", help="run one part only (peak RSS is per process: measure memory with --part subjects)")
    args = ap.parse_args()
    n = args.subjects
    engine = credit.Engine.national()
    print(f"# credit {credit.__version__}, Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    if args.part in ("all", "subjects"):
        bench_subjects(engine, n, args.skip_glue, [int(w) for w in args.workers.split(",")], args.repeat, args.spin)
    if args.part in ("all", "measures"):
        bench_measures(engine, args.measure_rows)


def bench_subjects(engine, n: int, skip_glue: bool, worker_counts=(1, 2), repeat: int = 1, spin: bool = False) -> None:
    subjects, records, events, measures = population(n)
    base = rss_mb()
    print(f"population: {n} subjects, {records.num_rows} records, {events.num_rows} events, {measures.num_rows} proposed measures; RSS after building inputs {base:.0f} MB")
    walls: dict[int, list[float]] = {w: [] for w in worker_counts}
    ceilings: list[float] = []
    for _ in range(repeat):
        if spin:
            ceilings.append(spin_ceiling())
            print(f"machine two-thread ceiling (spin): {ceilings[-1]:.2f}x")
        for workers in worker_counts:
            t, c = time.perf_counter(), time.process_time()
            res = engine.evaluate_table(subjects, records, events, measures, key="k", as_of="2025-10-09", workers=workers)
            dt, dc = time.perf_counter() - t, time.process_time() - c
            assert res.errors.num_rows == 0, res.errors.slice(0, 3).to_pylist()
            assert res.subjects.num_rows == n
            walls[workers].append(dt)
            print(
                f"evaluate_table workers={workers}: {dt:.2f} s wall, {dc:.2f} s CPU; {n / dt:,.0f} subjects/s wall,"
                f" {n / dc:,.0f} subjects per CPU-second; peak RSS growth over inputs {rss_mb() - base:.0f} MB"
            )
            del res
    if repeat > 1 or spin:
        med = {w: statistics.median(v) for w, v in walls.items()}
        print("median wall: " + ", ".join(f"workers={w} {m:.3f} s ({n / m:,.0f} subjects/s)" for w, m in med.items()))
        if 1 in med and 2 in med:
            speedup = med[1] / med[2]
            line = f"two workers / one: {speedup:.2f}x"
            if ceilings:
                ceiling = statistics.median(ceilings)
                line += f"; machine ceiling {ceiling:.2f}x (median of {len(ceilings)}); {speedup / ceiling:.0%} of the ceiling"
            print(line)
    if not skip_glue:
        t, c = time.perf_counter(), time.process_time()
        out = glue(engine, subjects, records, events, measures)
        dt, dc = time.perf_counter() - t, time.process_time() - c
        print(
            f"pandas glue + evaluate_many: {dt:.2f} s wall, {dc:.2f} s CPU; {n / dt:,.0f} subjects/s wall,"
            f" {n / dc:,.0f} per CPU-second; peak RSS growth {rss_mb() - base:.0f} MB"
        )
        assert len(out) == n


if __name__ == "__main__":
    main()
