"""The columnar API, `Engine.evaluate_table`: pyarrow, pandas and polars inputs, error rows, strict
mode, key columns handed back as given, and, on the whole conformance corpus, the same answers as
`Engine.evaluate` case by case."""

import datetime as dt
import json
import pathlib

import pyarrow as pa
import pytest

import credit

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

REPO = pathlib.Path(__file__).resolve().parents[2]
CASES = sorted((REPO / "tests" / "cases").rglob("*.json"))

# Two real (valid) unified social credit codes used across the suite.
ORG = "91110000600037341L"


@pytest.fixture(scope="module")
def engine():
    return credit.Engine.national()


def _small():
    subjects = {
        "org": ["A-1", "B-2", "C-3"],
        "id": [ORG, ORG, ORG],
        "kind": ["legal_person", "legal_person", "legal_person"],
    }
    records = {
        "org": ["A-1", "B-2", "C-3"],
        "record": ["r1", "r1", "r1"],
        "conduct": ["administrative_penalty_general", "administrative_penalty_general", "no_such_conduct"],
        "decided_on": [dt.date(2025, 6, 2), dt.date(2025, 6, 2), dt.date(2025, 6, 2)],
    }
    events = {
        "org": ["A-1"],
        "record": ["r1"],
        "on": [dt.date(2025, 9, 26)],
        "type": ["objection_filed"],
    }
    measures = {
        "org": ["A-1", "B-2"],
        "measure": ["key_supervision", "key_supervision"],
        "record": ["r1", "r1"],
    }
    return subjects, records, events, measures


def _single(engine, subjects, records, events, measures, key):
    """The same rows through `evaluate`, one case per subject (the reference)."""
    out = {}
    for i, k in enumerate(subjects[key]):
        recs = []
        for j, rk in enumerate(records[key]):
            if rk != k:
                continue
            evs = [
                {"on": events["on"][x].isoformat(), "type": events["type"][x]}
                for x in range(len(events[key]))
                if events[key][x] == k and events["record"][x] == records["record"][j]
            ]
            recs.append(
                {
                    "id": records["record"][j],
                    "conduct": records["conduct"][j],
                    "decided_on": records["decided_on"][j].isoformat(),
                    "events": evs,
                }
            )
        pms = [
            {"measure": measures["measure"][x], "record": measures["record"][x]}
            for x in range(len(measures[key]))
            if measures[key][x] == k
        ]
        case = {
            "as_of": "2025-10-09",
            "subject": {"id": subjects["id"][i], "kind": subjects["kind"][i]},
            "records": recs,
            "proposed_measures": pms,
        }
        try:
            out[k] = engine.evaluate(case)
        except credit.CreditError as e:
            out[k] = e
    return out


@pytest.mark.parametrize("flavour", ["pyarrow", "pandas", "polars", "capsule"])
def test_inputs_of_every_flavour_give_the_same_tables(engine, flavour):
    s, r, e, m = _small()

    def conv(d):
        t = pa.table(d)
        if flavour == "pandas":
            return t.to_pandas()
        if flavour == "polars":
            return pl.from_arrow(t)
        if flavour == "capsule":

            class Stream:  # only the PyCapsule stream interface
                def __arrow_c_stream__(self, requested_schema=None):
                    return t.__arrow_c_stream__(requested_schema)

            return Stream()
        return t

    res = engine.evaluate_table(conv(s), conv(r), conv(e), conv(m), key="org", as_of="2025-10-09")
    assert isinstance(res.subjects, pa.Table)
    ref = _single(engine, s, r, e, m, "org")
    # C-3 has an unknown conduct: an error row, the others evaluated.
    assert res.subjects.column("org").to_pylist() == ["A-1", "B-2"]
    errors = res.errors.to_pylist()
    assert [(x["org"], x["table"], x["row"], x["code"], x["path"]) for x in errors] == [
        ("C-3", "records", 2, "unknown_conduct", "records[0].conduct")
    ]
    assert isinstance(ref["C-3"], credit.CaseError) and ref["C-3"].code == "unknown_conduct"
    for row in res.subjects.to_pylist():
        assert row["grade"] == ref[row["org"]]["grade"]
        assert row["lists"] == [x["list"] for x in ref[row["org"]]["lists"]]
    recs = res.records.to_pylist()
    assert [x["org"] for x in recs] == ["A-1", "B-2"]
    a1 = recs[0]
    want = ref["A-1"]["records"][0]
    assert a1["status"] == want["status"]
    assert [d.isoformat() for d in a1["objection_reply_due"]] == [o["reply_due"] for o in want["objections"]]
    assert a1["objection_reply_due"] == [dt.date(2025, 10, 23)]
    assert (a1["effective_end"].isoformat() if a1["effective_end"] else None) == want["period"].get("effective_end")
    meas = res.measures.to_pylist()
    for row in meas:
        want = ref[row["org"]]["measures"][0]
        assert row["verdict"] == want["verdict"]
        assert row["failed"] == want["failed"]
        assert row["allowed"] == (want["verdict"] == "allowed")


def test_results_go_to_pandas_and_polars(engine):
    s, r, e, m = _small()
    res = engine.evaluate_table(pa.table(s), pa.table(r), pa.table(e), pa.table(m), key="org", as_of="2025-10-09")
    df = res.records.to_pandas()
    assert list(df["org"]) == ["A-1", "B-2"]
    pf = pl.from_arrow(res.measures)
    assert pf.height == 2 and pf["org"].to_list() == ["A-1", "B-2"]
    subjects, records, measures, errors = res
    assert errors.num_rows == 1 and subjects.num_rows == 2


def test_strict_raises_the_first_error_as_its_class(engine):
    s, r, e, m = _small()
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate_table(pa.table(s), pa.table(r), pa.table(e), pa.table(m), key="org", as_of="2025-10-09", strict=True)
    assert info.value.code == "unknown_conduct"
    assert info.value.path == "records[0].conduct"


def test_keys_come_back_exactly_as_given_and_identifiers_stay_masked(engine):
    # Two key columns, one of them the identifier itself: handed back unmasked, in its own type.
    s = pa.table({"region": [110000, 110000], "uscc": [ORG, "91350100M000100Y43"], "id": [ORG, "91350100M000100Y43"], "kind": ["legal_person"] * 2})
    r = pa.table(
        {
            "region": [110000, 110000],
            "uscc": [ORG, "91350100M000100Y43"],
            "record": ["r1", "r1"],
            "conduct": ["administrative_penalty_general", "no_such_conduct_" + ORG],
            "decided_on": ["2025-06-02", "2025-06-02"],
        }
    )
    res = engine.evaluate_table(s, r, key=["region", "uscc"], as_of=dt.date(2025, 10, 9), explain=True)
    assert res.subjects.column("uscc").to_pylist() == [ORG]
    assert res.subjects.schema.field("region").type == pa.int64()
    assert ORG not in json.dumps(res.subjects.drop_columns(["uscc"]).to_pylist(), default=str, ensure_ascii=False)
    assert res.errors.column("uscc").to_pylist() == ["91350100M000100Y43"]
    message = res.errors.column("message")[0].as_py()
    assert ORG not in message, message


def test_dates_from_pandas_timestamps_nat_and_nan(engine):
    s = pd.DataFrame({"k": [1, 2, 3, 4], "id": [ORG] * 4, "kind": ["legal_person"] * 4})
    r = pd.DataFrame(
        {
            "k": [1, 2, 3, 4],
            "record": ["r1"] * 4,
            "conduct": ["administrative_penalty_general", "administrative_penalty_general", None, "administrative_penalty_general"],
            "decided_on": [pd.Timestamp("2025-06-02"), pd.NaT, pd.Timestamp("2025-06-02"), pd.Timestamp("2025-06-02 13:30")],
        }
    )
    res = engine.evaluate_table(s, r, key="k", as_of=pd.Timestamp("2025-10-09").date())
    assert res.subjects.column("k").to_pylist() == [1]
    errs = {x["k"]: (x["table"], x["row"], x["code"], x["path"]) for x in res.errors.to_pylist()}
    assert errs == {
        2: ("records", 1, "missing_field", "records[0].decided_on"),  # NaT where a date is required
        3: ("records", 2, "missing_field", "records[0].conduct"),  # None in a required text column
        4: ("records", 3, "invalid_date", "records[0].decided_on"),  # a time of day
    }
    # NaN in a text column (pandas' missing value) is a missing value, never the text "nan".
    s2 = pd.DataFrame({"k": [1], "id": [ORG], "kind": [float("nan")]})
    res2 = engine.evaluate_table(s2, key="k", as_of="2025-10-09")
    assert res2.subjects.num_rows == 0 and res2.errors.column("code").to_pylist() == ["missing_field"]


def test_strict_iso_text_dates_only(engine):
    s = pa.table({"k": ["a", "b"], "id": [ORG, ORG], "kind": ["legal_person"] * 2})
    r = pa.table(
        {"k": ["a", "b"], "record": ["r1", "r1"], "conduct": ["administrative_penalty_general"] * 2, "decided_on": ["2025-06-02", "2025-6-2"]}
    )
    res = engine.evaluate_table(s, r, key="k", as_of="2025-10-09")
    assert res.subjects.column("k").to_pylist() == ["a"]
    assert res.errors.to_pylist()[0]["code"] == "invalid_date"


D = dt.date(2025, 6, 2)


def _bad_cell_tables():
    # One subject per bad cell (k 1..), plus subjects with several bad cells.
    s = pa.table({
        "k": list(range(1, 17)),
        "id": [ORG, ORG, ORG, None, ORG, ORG, ORG, ORG, ORG, ORG, ORG, ORG, ORG, ORG, ORG, ORG],
        "kind": ["legal_person", "alien", None, "legal_person", "legal_person", "legal_person", "legal_person", "legal_person",
                 "legal_person", "legal_person", "legal_person", "legal_person", "legal_person", "alien", "legal_person", "legal_person"],
        "sector": [None, None, None, None, "no_such_sector", None, None, None, None, None, None, None, None, None, None, None],
        "status": [None, None, None, None, None, "dissolved?", None, None, None, None, None, None, None, None, None, None],
        "since": [None, None, None, None, None, None, "2020-02-30", None, None, None, None, None, None, None, "1999-1-1", None],
        "as_of": ["2025-10-09", None, None, None, None, None, None, "2025-10-9", None, None, None, None, None, None, None, None],
    })
    r = pa.table({
        "k": [1, 9, 10, 11, 12, 13, 14, 15, 16],
        "record": ["r1", "r1", "r1", "r1", None, "r1", "r1", "r1", "r1"],
        "conduct": ["administrative_penalty_general", "administrative_penalty_general", None, "administrative_penalty_general",
                    "administrative_penalty_general", "administrative_penalty_general", "administrative_penalty_general", None, "administrative_penalty_general"],
        "decided_on": pa.array([D, D, D, D, D, D, D, D, D], pa.date32()),
        "severity": [None, "catastrophic", None, None, None, None, "bad", None, None],
        "term": [None, None, None, "three years", None, None, None, None, None],
    })
    e = pa.table({
        "k": [1, 13, 13, 16],
        "record": ["r1", "r1", "r1", "r1"],
        "on": ["2025-09-26", "2025-09-26", "2025-9-27", "2025-09-26"],
        "type": ["objection_filed", "objection_filed", "objection_filed", "no_such_event"],
        "extension": [None, "forever", None, None],
    })
    m = pa.table({
        "k": [1, 1, 1, 1],
        "measure": ["key_supervision", None, "key_supervision", "key_supervision"],
        "record": ["r1", "r1", "r1", "r1"],
        "by_kind": [None, None, "wizard", None],
        "target": [None, None, None, "moon"],
        "voluntary": pa.array([None, None, None, None], pa.bool_()),
    })
    return s, r, e, m

def _typed_date_tables():
    # date64 / timestamp cells: not a whole day, a time of day; with other bad cells in the same case.
    s = pa.table({"k": [1, 2, 3, 4], "id": [ORG] * 4, "kind": ["legal_person", "alien", "legal_person", "legal_person"],
                  "since": pa.array([dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 1, 12), None, dt.datetime(2020, 1, 1)], pa.timestamp("ms"))})
    r = pa.table({"k": [1, 2, 3, 4], "record": ["r1"] * 4,
                  "conduct": ["administrative_penalty_general", None, None, "administrative_penalty_general"],
                  "decided_on": pa.array([86_400_000 * 20000, 86_400_000 * 20000, 86_400_000 * 20000 + 5, 86_400_000 * 20000], pa.date64())})
    e = pa.table({"k": [4, 4], "record": ["r1", "r1"],
                  "on": pa.array([dt.datetime(2025, 9, 26), dt.datetime(2025, 9, 26, 1)], pa.timestamp("us")), "type": ["objection_filed", "bogus"]})
    return s, r, e

def _error_rows(res):
    return [(x["k"], x["table"], x["row"], x["code"], x["path"], x["message"]) for x in res.errors.to_pylist()]


def test_bad_cells_of_every_column_give_their_error_rows(engine):
    """A bad cell of each column type (bad enum values, bad text dates and spans, nulls in required
    columns), and cases with several bad cells: the first problem in the order the case is read
    (keys sorted as in a JSON object: records before subject), typed date cells first."""
    s, r, e, m = _bad_cell_tables()
    assert _error_rows(engine.evaluate_table(s, r, e, m, key="k", as_of="2025-10-09")) == [
        (2, 'subjects', 1, 'unknown_value', 'subject.kind', 'unknown value `alien`, expected one of `natural_person`, `legal_person`, `other_organization`'),
        (3, 'subjects', 2, 'missing_field', 'subject.kind', 'missing field `kind`'),
        (4, 'subjects', 3, 'missing_field', 'subject.id', 'missing field `id`'),
        (5, 'subjects', 4, 'unknown_value', 'subject.sector', 'unknown value `no_such_sector`, expected one of `government_body`, `public_institution`, `state_owned`, `private_enterprise`, `sme`, `cooperative`, `social_organization`, `individual_business`, `financial_institution`, `credit_agency`, `other`'),
        (6, 'subjects', 5, 'unknown_value', 'subject.status', 'unknown value `dissolved?`, expected one of `active`, `revoked`, `deregistered`, `moved_out`, `suspended`, `unreachable`, `liquidating`, `bankrupt`'),
        (7, 'subjects', 6, 'invalid_date', 'subject.since', 'expected a real calendar date written `YYYY-MM-DD`, got the string `2020-02-30`'),
        (8, 'subjects', 7, 'invalid_date', 'as_of', 'expected a real calendar date written `YYYY-MM-DD`, got the string `2025-10-9`'),
        (9, 'records', 1, 'unknown_value', 'records[0].severity', 'unknown value `catastrophic`, expected one of `minor`, `general`, `serious`'),
        (10, 'records', 2, 'missing_field', 'records[0].conduct', 'missing field `conduct`'),
        (11, 'records', 3, 'invalid_value', 'records[0].term', 'expected a length of time such as `3 years`, `6 months`, `10 days` or `15 working days`, got the string `three years`'),
        (12, 'records', 4, 'missing_field', 'records[0].id', 'missing field `id`'),
        (14, 'records', 6, 'unknown_value', 'records[0].severity', 'unknown value `bad`, expected one of `minor`, `general`, `serious`'),
        (15, 'records', 7, 'missing_field', 'records[0].conduct', 'missing field `conduct`'),
        (13, 'events', 1, 'invalid_value', 'records[0].events[0].extension', 'expected a length of time such as `3 years`, `6 months`, `10 days` or `15 working days`, got the string `forever`'),
        (16, 'events', 3, 'unknown_value', 'records[0].events[0].type', 'unknown value `no_such_event`, expected one of `notified`, `published`, `objection_filed`, `objection_extended`, `objection_forwarded`, `testing_started`, `testing_ended`, `objection_upheld`, `objection_rejected`, `complaint_filed`, `complaint_upheld`, `complaint_rejected`, `obligation_performed`, `corrected`, `commitment_made`, `commitment_breached`, `repair_applied`, `repair_granted`, `repair_refused`, `deregistered`, `moved_out`, `revoked`, `liquidation_opened`, `bankruptcy_opened`, `listing_extended`, `removed`, `early_exit_applied`, `early_exit_granted`, `deleted_on_creditor_application`'),
        (1, 'measures', 1, 'missing_field', 'proposed_measures[1].measure', 'missing field `measure`'),
    ]


def test_bad_typed_date_cells_give_their_error_rows(engine):
    """date64 and timestamp cells that are no whole day: an error at their field, before any
    other problem of the same case."""
    s, r, e = _typed_date_tables()
    assert _error_rows(engine.evaluate_table(s, r, e, key="k", as_of="2025-10-09")) == [
        (2, 'subjects', 1, 'invalid_date', 'subject.since', 'a timestamp with a time of day where a date is meant'),
        (3, 'records', 2, 'invalid_date', 'records[0].decided_on', 'a date64 value that is not a whole day'),
        (4, 'events', 1, 'invalid_date', 'records[0].events[1].on', 'a timestamp with a time of day where a date is meant'),
    ]


def test_rows_without_a_subject_are_errors_and_workers_agree(engine):
    s, r, e, m = _small()
    r2 = dict(r)
    r2 = {k: v + ([dt.date(2025, 6, 2)] if k == "decided_on" else ["Z-9"] if k == "org" else ["r9"] if k == "record" else ["administrative_penalty_general"]) for k, v in r2.items()}
    a = engine.evaluate_table(pa.table(s), pa.table(r2), pa.table(e), pa.table(m), key="org", as_of="2025-10-09", workers=1, chunk_size=1)
    b = engine.evaluate_table(pa.table(s), pa.table(r2), pa.table(e), pa.table(m), key="org", as_of="2025-10-09", workers=2, chunk_size=2)
    for x, y in zip(a, b):
        assert x.equals(y)
    assert ("Z-9", "records") in [(x["org"], x["table"]) for x in a.errors.to_pylist()]


def test_progress_callback(engine):
    s, r, e, m = _small()
    seen = []
    engine.evaluate_table(pa.table(s), key="org", as_of="2025-10-09", chunk_size=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def _many_with_bad_rows(n, bad):
    """`n` subjects with one record each; the subject at each position of `bad` gets the error
    that `bad` maps it to (`"conduct"`: an unknown conduct, `"list"`: an unknown list)."""
    keys = list(range(n))
    s = {"k": keys, "id": [ORG] * n, "kind": ["legal_person"] * n}
    r = {
        "k": keys,
        "record": ["r1"] * n,
        "conduct": ["no_such_conduct" if bad.get(i) == "conduct" else "administrative_penalty_general" for i in keys],
        "list": ["no_such_list" if bad.get(i) == "list" else None for i in keys],
        "decided_on": [dt.date(2025, 6, 2)] * n,
    }
    return pa.table(s), pa.table(r)


def test_two_workers_in_strict_mode_raise_the_first_bad_subject_in_subject_order(engine):
    """Bad subjects in different pieces: whichever worker meets one first, the error raised is
    the one of the first bad subject in subject order, as with one worker."""
    bad = {37: "list", 151: "conduct", 390: "conduct"}
    s, r = _many_with_bad_rows(400, bad)
    for workers, chunk in [(1, 64), (2, 64), (2, 8), (2, 400), (2, 2)]:
        with pytest.raises(credit.CaseError) as info:
            engine.evaluate_table(s, r, key="k", as_of="2025-10-09", strict=True, workers=workers, chunk_size=chunk)
        assert (info.value.code, info.value.path) == ("unknown_list", "records[0].list"), (workers, chunk)
        res = engine.evaluate_table(s, r, key="k", as_of="2025-10-09", workers=workers, chunk_size=chunk)
        assert [(x["k"], x["code"]) for x in res.errors.to_pylist()] == [
            (37, "unknown_list"), (151, "unknown_conduct"), (390, "unknown_conduct")
        ], (workers, chunk)
        assert res.subjects["k"].to_pylist() == [k for k in range(400) if k not in bad]


def test_rows_in_any_order_attach_to_the_same_subjects_as_rows_in_subject_order(engine):
    """Child rows are matched to subjects in input order first (a fast path for tables that come
    grouped like the subjects); shuffled rows, a duplicate subject key and a key no subject has
    give the same answers."""
    import random

    n = 60
    keys = list(range(n))
    keys[7] = 3  # a duplicate key: row 7 is an error row, the rows keyed 3 belong to row 3
    s = pa.table({"k": keys, "id": [ORG] * n, "kind": ["legal_person"] * n})
    rows = [(k, f"r{j}", "judgment_debtor_refuses" if (k + j) % 3 == 0 else "administrative_penalty_general") for k in range(n) if k != 7 for j in range(2)]
    rows.append((999, "r0", "administrative_penalty_general"))  # no subject has this key
    meas = [(k, "key_supervision", "r1") for k in range(n) if k != 7]

    def tables(order):
        rr = [rows[i] for i in order]
        r = pa.table({
            "k": [x[0] for x in rr], "record": [x[1] for x in rr], "conduct": [x[2] for x in rr],
            "list": ["judgment_debtor" if x[2] == "judgment_debtor_refuses" else None for x in rr],
            "decided_on": [dt.date(2025, 3, 14)] * len(rr),
        })
        m = pa.table({"k": [x[0] for x in meas], "measure": [x[1] for x in meas], "record": [x[2] for x in meas]})
        return r, m

    def answers(order):
        r, m = tables(order)
        res = engine.evaluate_table(s, r, None, m, key="k", as_of="2025-10-09")
        recs = sorted((x["k"], x["record"], x["status"], x["list"]) for x in res.records.to_pylist())
        subs = sorted((x["k"], x["grade"]) for x in res.subjects.to_pylist())
        errs = sorted((x["k"], x["table"], x["code"]) for x in res.errors.to_pylist())
        ms = sorted((x["k"], x["verdict"]) for x in res.measures.to_pylist())
        return subs, recs, errs, ms

    in_order = answers(list(range(len(rows))))
    assert (3, "subjects", "invalid_value") in in_order[2] and (999, "records", "invalid_value") in in_order[2]
    assert len(in_order[1]) == 2 * (n - 1)
    rng = random.Random(5)
    for _ in range(3):
        order = list(range(len(rows)))
        rng.shuffle(order)
        assert answers(order) == in_order
    assert answers(list(reversed(range(len(rows))))) == in_order
    # Rows keyed 3 right after the rows of subject 6: the row after 6 (row 7) has key 3 too, but
    # it is the duplicate, so the rows still belong to row 3.
    six_then_three = [i for i, x in enumerate(rows) if x[0] == 6] + [i for i, x in enumerate(rows) if x[0] == 3]
    assert answers(six_then_three + [i for i in range(len(rows)) if i not in six_then_three]) == in_order


def test_two_workers_report_progress_up_to_the_total_and_agree_with_one(engine):
    s, r = _many_with_bad_rows(300, {})
    seen = []
    two = engine.evaluate_table(s, r, key="k", as_of="2025-10-09", workers=2, chunk_size=40, progress=lambda d, t: seen.append((d, t)))
    one = engine.evaluate_table(s, r, key="k", as_of="2025-10-09", workers=1)
    assert seen[-1] == (300, 300)
    assert all(t == 300 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(set(d for d, _ in seen)) == len(seen)
    for x, y in zip(one, two):
        assert x.equals(y)


def test_an_error_in_the_progress_callback_stops_two_workers_and_is_raised(engine):
    s, r = _many_with_bad_rows(300, {})

    def boom(done, total):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        engine.evaluate_table(s, r, key="k", as_of="2025-10-09", workers=2, chunk_size=16, progress=boom)


def test_missing_column_is_an_argument_error(engine):
    with pytest.raises(credit.ArgumentError):
        engine.evaluate_table(pa.table({"k": [1], "id": [ORG]}), key="k", as_of="2025-10-09")
    with pytest.raises(credit.ArgumentError):
        engine.evaluate_table(pa.table({"k": [1], "id": [ORG], "kind": ["legal_person"]}), key="k")
    with pytest.raises(credit.ArgumentError):
        engine.evaluate_table([{"k": 1}], key="k", as_of="2025-10-09")


def _corpus():
    """Conformance cases the tables can express (no commitments, recognitions, jurisdiction or
    engine options), as (file, case, expected error code or None)."""
    out = []
    for f in CASES:
        doc = json.loads(f.read_text(encoding="utf-8"))
        case = doc.get("case")
        if not isinstance(case, dict) or "engine" in doc:
            continue
        subj = case.get("subject")
        if not isinstance(subj, dict) or set(case) - {"as_of", "subject", "records", "proposed_measures", "lang"}:
            continue
        if set(subj) - {"id", "kind", "sector", "status", "region", "since"}:
            continue
        ok = True
        for r in case.get("records", []) or []:
            if not isinstance(r, dict) or not isinstance(r.get("events", []), list):
                ok = False
                break
            for ev in r.get("events", []):
                if not isinstance(ev, dict) or set(ev) - {"on", "type", "extension", "destination", "note"}:
                    ok = False
        if not ok or not all(isinstance(x, dict) for x in case.get("proposed_measures", []) or []):
            continue
        # Only cells a typed table can hold: text (or null) everywhere, bool for `voluntary`.
        cells = [case.get("as_of"), *subj.values()]
        for r in case.get("records", []) or []:
            cells += [v for k, v in r.items() if k != "events"]
            for ev in r.get("events", []):
                cells += list(ev.values())
        for pm in case.get("proposed_measures", []) or []:
            cells += [v for k, v in pm.items() if k != "voluntary"]
            if not isinstance(pm.get("voluntary", False), bool):
                cells.append(object())
        if not all(c is None or isinstance(c, str) for c in cells):
            continue
        out.append((f, case))
    return out


def _corpus_tables():
    corpus = _corpus()
    assert len(corpus) > 150, len(corpus)
    S, R, E, M = ([] for _ in range(4))
    for i, (f, case) in enumerate(corpus):
        subj = case["subject"]
        S.append({"k": i, "as_of": case.get("as_of"), **{c: subj.get(c) for c in ("id", "kind", "sector", "status", "region", "since")}})
        for r in case.get("records", []) or []:
            R.append({"k": i, "record": r.get("id"), **{c: r.get(c) for c in ("conduct", "decided_on", "domain", "severity", "decided_by", "list", "term")}})
            for ev in r.get("events", []):
                E.append({"k": i, "record": r.get("id"), **{c: ev.get(c) for c in ("on", "type", "extension", "destination", "note")}})
        for pm in case.get("proposed_measures", []) or []:
            M.append({"k": i, **{c: pm.get(c) for c in ("measure", "record", "by", "by_kind", "target")}, "voluntary": pm.get("voluntary")})

    def table(rows, cols):
        return pa.table({c: [row.get(c) for row in rows] for c in cols})

    st = table(S, ["k", "as_of", "id", "kind", "sector", "status", "region", "since"])
    rt = table(R, ["k", "record", "conduct", "decided_on", "domain", "severity", "decided_by", "list", "term"])
    et = table(E, ["k", "record", "on", "type", "extension", "destination", "note"])
    mt = table(M, ["k", "measure", "record", "by", "by_kind", "target", "voluntary"])
    return corpus, st, rt, et, mt


def test_the_corpus_gives_the_same_answers_as_evaluate(engine):
    corpus, st, rt, et, mt = _corpus_tables()
    res = engine.evaluate_table(st, rt, et, mt, key="k", explain=True, lang="en")
    subjects = {x["k"]: x for x in res.subjects.to_pylist()}
    records = {}
    for x in res.records.to_pylist():
        records.setdefault(x["k"], []).append(x)
    measures = {}
    for x in res.measures.to_pylist():
        measures.setdefault(x["k"], []).append(x)
    errors = {}
    for x in res.errors.to_pylist():
        errors.setdefault(x["k"], []).append(x)
    compared = 0
    for i, (f, case) in enumerate(corpus):
        where = f.name
        try:
            # The tables carry no per-case language: the reference drops it too.
            d = engine.evaluate({k: v for k, v in case.items() if k != "lang"}, lang="en").to_dict()
        except credit.CreditError as e:
            # Same code; the first error (several rows may fail only in the table's own checks).
            assert i in errors, f"{where}: evaluate raised {e.code}, evaluate_table had no error row"
            assert errors[i][0]["code"] == e.code, f"{where}: {errors[i][0]} vs {e.code}"
            assert i not in subjects
            continue
        assert i not in errors, f"{where}: {errors.get(i)}"
        s = subjects[i]
        assert s["grade"] == d["grade"], where
        assert s["lists"] == [x["list"] for x in d["lists"]], where
        assert s["triage"] == (d["triage"]["outcome"] if d.get("triage") else None), where
        assert s["supervision"] == d["supervision"]["level"], where
        assert s["incentives"] == [x["incentive"] for x in d["incentives"] if x["earned"]], where
        assert s["explanation"] == d["grade_explanation"]["message"], where
        for got, want in zip(records.get(i, []), d["records"]):
            assert got["record"] == want["id"] and got["status"] == want["status"], where
            assert got["in_scope"] == want["in_scope"], where
            iso = lambda v: v.isoformat() if v is not None else None  # noqa: E731
            assert iso(got["effective_end"]) == want["period"].get("effective_end"), where
            assert got["days_remaining"] == want["period"].get("days_remaining"), where
            assert [iso(x) for x in got["objection_reply_due"]] == [o["reply_due"] for o in want["objections"]], where
            pub = want.get("publication") or {}
            assert iso(got["publish_due"]) == pub.get("publish_due"), where
            assert iso(got["publication_max_end"]) == pub.get("max_end"), where
            dp = want.get("double_publicity")
            assert iso(got["double_publicity_due"]) == (dp["due"] if dp else None), where
            rep = want.get("repair")
            assert got["repair_eligible"] == (rep["eligible"] if rep else None), where
        assert len(records.get(i, [])) == len(d["records"]), where
        got_m = measures.get(i, [])
        assert len(got_m) == len(d["measures"]), where
        for got, want in zip(got_m, d["measures"]):
            assert (got["measure"], got["record"], got["verdict"], got["failed"]) == (
                want["measure"],
                want["record"],
                want["verdict"],
                want["failed"],
            ), where
            assert got["rules"] == want["explanation"]["rules"], where
            assert got["explanation"] == want["explanation"]["message"], where
        compared += 1
    assert compared > 100, compared


def test_two_workers_on_private_copies_of_the_policy_give_the_corpus_the_same_tables_as_one(engine):
    """With more than one worker, the other workers evaluate on replicas of the engine (private
    copies of the policy data, so threads never write to one reference count): every table,
    explanations included, equals the one-worker result, a second call (replicas kept) too."""
    _, st, rt, et, mt = _corpus_tables()
    one = engine.evaluate_table(st, rt, et, mt, key="k", explain=True, lang="zh", workers=1)
    for _ in range(2):
        two = engine.evaluate_table(st, rt, et, mt, key="k", explain=True, lang="zh", workers=2, chunk_size=16)
        for name in ("subjects", "records", "measures", "errors"):
            assert getattr(one, name).equals(getattr(two, name)), name
    assert one.subjects.num_rows > 100


def test_check_measures_equals_the_full_evaluation_on_the_corpus(engine):
    """The dense fast path (`check_measures`) on the records table of `evaluate_table` joined with
    the proposed measures gives the verdicts, failed checks and rules of the full evaluation."""
    import pyarrow.compute as pc

    corpus, st, rt, et, mt = _corpus_tables()
    res = engine.evaluate_table(st, rt, et, mt, key="k")
    facts = res.records.select(["k", "record", "conduct", "severity", "list", "status", "in_scope", "subject_kind", "decided_on", "notified"])
    facts = facts.append_column("fi", pa.array(range(facts.num_rows)))
    proposals = mt.append_column("i", pa.array(range(mt.num_rows)))
    joined = proposals.join(facts, ["k", "record"], join_type="inner")
    as_of = st.select(["k", "as_of"])
    joined = joined.join(as_of, "k").sort_by("i")
    # pyarrow joins no list columns: the events come by position.
    joined = joined.append_column("events", res.records.column("events").take(joined.column("fi")))
    expected = {}
    m_out = res.measures.to_pylist()
    # Measure rows come out in input order per subject; pair them with proposal rows by (k, n-th).
    seen = {}
    for row in m_out:
        n = seen.get(row["k"], 0)
        seen[row["k"]] = n + 1
        expected[(row["k"], n)] = row
    nth = {}
    order = []
    for k in mt.column("k").to_pylist():
        order.append((k, nth.get(k, 0)))
        nth[k] = nth.get(k, 0) + 1
    compared = 0
    for day in sorted(set(joined.column("as_of").to_pylist())):
        part = joined.filter(pc.equal(joined["as_of"], day))
        out, errors = engine.check_measures(part, as_of=day, key=["k", "i"], detail=True)
        assert errors.num_rows == 0, errors.to_pylist()
        for row in out.to_pylist():
            want = expected[order[row["i"]]]
            assert row["allowed"] == want["allowed"], (row, want)
            assert row["failed"] == want["failed"], (row, want)
            assert row["rules"] == want["rules"], (row, want)
            compared += 1
    assert compared >= 50, compared
    # Dictionary-encoded (categorical) columns give the same answers as plain text.
    day = sorted(set(joined.column("as_of").to_pylist()))[0]
    part = joined.filter(pc.equal(joined["as_of"], day))
    enc = part
    for name in ["measure", "conduct", "severity", "list", "status", "subject_kind"]:
        enc = enc.set_column(enc.schema.get_field_index(name), name, pc.dictionary_encode(enc[name]))
    a, _ = engine.check_measures(part, as_of=day, detail=True)
    b, _ = engine.check_measures(enc, as_of=day, detail=True)
    assert a.equals(b)
    c, _ = engine.check_measures(pl.from_arrow(enc), as_of=day, workers=2)
    assert c.column("allowed").equals(a.column("allowed"))


def test_check_measures_bad_rows_are_error_rows(engine):
    t = pa.table(
        {
            "measure": ["key_supervision", "no_such_measure", "key_supervision"],
            "conduct": ["administrative_penalty_general"] * 3,
            "severity": ["general", "general", None],
            "list": pa.array([None, None, None], pa.string()),
            "status": ["active"] * 3,
            "in_scope": [True] * 3,
            "subject_kind": ["legal_person"] * 3,
            "decided_on": pa.array([dt.date(2025, 6, 2)] * 3, pa.date32()),
        }
    )
    out, errors = engine.check_measures(t, as_of="2025-10-09")
    assert out.column("allowed").to_pylist()[1:] == [None, None]
    assert [(e["row"], e["code"], e["path"]) for e in errors.to_pylist()] == [
        (1, "unknown_measure", "measure"),
        (2, "missing_field", "severity"),
    ]


def test_progress_bar_with_tqdm(engine, capsys):
    pytest.importorskip("tqdm")
    s, r, e, m = _small()
    res = engine.evaluate_table(pa.table(s), key="org", as_of="2025-10-09", progress=True)
    assert res.subjects.num_rows == 3
    assert "3/3" in capsys.readouterr().err


def test_html_views_of_decision_and_comparison(engine):
    case = {
        "as_of": "2025-10-09",
        "subject": {"id": ORG, "kind": "legal_person"},
        "records": [
            {
                "id": "r<1>",
                "conduct": "administrative_penalty_general",
                "decided_on": "2025-06-02",
                "events": [{"on": "2025-09-26", "type": "objection_filed"}],
            }
        ],
        "proposed_measures": [{"measure": "key_supervision", "record": "r<1>"}],
    }
    zh = engine.evaluate(case)._repr_html_()
    en = engine.evaluate(case, lang="en")._repr_html_()
    assert zh.startswith("<table") and "结论" in zh and "Conclusion" in en
    assert "r&lt;1&gt;" in en and "r<1>" not in en  # escaped
    assert ORG not in en  # the subject is masked
    assert "OBJ-1" in en  # the objection's rule is cited
    cmp = engine.compare(case, ["cn", "cn-sichuan-mianyang"])
    html = cmp._repr_html_()
    assert html.startswith("<table") and "cn-sichuan-mianyang" in html
    assert "records[0].status" in html
