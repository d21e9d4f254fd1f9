"""`Engine` pickles (rebuilt from its policy origin, layer and calendar options), so
multiprocessing and Dask work; the columnar function applied per partition of a
`dask.dataframe` on a `LocalCluster` with worker processes equals one local call."""

import pickle

import pyarrow as pa
import pytest

import credit

ORG = "91110000600037341L"


def test_engine_pickles_with_its_layer_and_calendar_options(repo):
    e = credit.Engine.national(strict=True).with_jurisdiction("cn-jilin-tonghua")
    back = pickle.loads(pickle.dumps(e))
    assert (back.jurisdiction, back.calendar_mode, back.policy_version, back.calendar_version) == (
        e.jurisdiction,
        e.calendar_mode,
        e.policy_version,
        e.calendar_version,
    )
    case = {
        "as_of": "2025-10-09",
        "subject": {"id": ORG, "kind": "legal_person"},
        "records": [{"id": "r1", "conduct": "administrative_penalty_general", "decided_on": "2025-06-02"}],
    }
    assert back.evaluate(case) == e.evaluate(case)
    d = credit.Engine.from_dir(repo / "policies", "cn")
    assert pickle.loads(pickle.dumps(d)).policy_version == d.policy_version
    root = repo / "policies"
    files = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.toml")}
    m = credit.Engine.from_sources(files, "cn-sichuan-mianyang")
    back = pickle.loads(pickle.dumps(m))
    assert (back.jurisdiction, back.policy_version) == ("cn-sichuan-mianyang", m.policy_version)
    assert back.evaluate(case) == m.evaluate(case)


def _population(n):
    ids = [f"S{i:05d}" for i in range(n)]
    subjects = pa.table({"k": ids, "id": [ORG] * n, "kind": ["legal_person"] * n, "region": ["110000", "350100"] * (n // 2)})
    records = pa.table(
        {
            "k": ids,
            "record": ["r1"] * n,
            "conduct": ["administrative_penalty_general"] * n,
            "decided_on": ["2025-06-02"] * n,
        }
    )
    return subjects, records


def _evaluate_partition(pdf, engine, records):
    import pandas as pd

    res = engine.evaluate_table(pdf, records, key="k", as_of="2025-10-09", workers=1)
    return res.subjects.select(["k", "grade", "supervision"]).to_pandas().astype({"k": "object"}) if len(pdf) else pd.DataFrame({"k": [], "grade": [], "supervision": []})


def test_dask_partitions_on_worker_processes_equal_one_local_call():
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("dask.distributed")
    import sys

    import cloudpickle

    # This test module is not importable on the workers: ship its functions by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    engine = credit.Engine.national()
    subjects, records = _population(40)
    local = engine.evaluate_table(subjects, records, key="k", as_of="2025-10-09").subjects.select(["k", "grade", "supervision"]).to_pandas()
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            ddf = dd.from_pandas(subjects.to_pandas(), npartitions=4)
            meta = local.iloc[:0].astype({"k": "object"})
            # The records go as pandas: an unpickled pyarrow table can have misaligned buffers,
            # which arrow-rs's C-stream import rejects with an abort in debug builds.
            out = ddf.map_partitions(_evaluate_partition, engine, records.to_pandas(), meta=meta).compute()
            assert client.run(lambda: 1)  # really ran on worker processes
    out = out.sort_values("k").reset_index(drop=True)
    assert out.astype(str).equals(local.sort_values("k").reset_index(drop=True).astype(str))
