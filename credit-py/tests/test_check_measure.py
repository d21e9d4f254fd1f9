"""`Engine.check_measure`, one proposed-measure check through the dense tables: on every proposed
measure of the conformance corpus and on generated cases it answers exactly as `Engine.evaluate`
does (verdict, failed checks in order, rule ids), so the two paths cannot drift; bad arguments give
typed errors with the codes `evaluate` gives."""

import datetime as dt
import json
import pathlib
import pickle
import random
import threading

import pytest

import credit

REPO = pathlib.Path(__file__).resolve().parents[2]
CASES = sorted((REPO / "tests" / "cases").rglob("*.json"))
ORG = "91110000600037341L"


@pytest.fixture(scope="module")
def engine():
    return credit.Engine.national()


def _iso(d):
    return dt.date.fromisoformat(d)


def check_args(case, decision, i, dates=False, stated_severity=True):
    """The arguments of `check_measure` for proposed measure `i` of `case`: the record as the case
    gives it plus its evaluated `status` from the decision. `None` for a measure on a commitment's
    record (it has no record in the case)."""
    pm = case["proposed_measures"][i]
    rec = next((r for r in case.get("records", []) if r["id"] == pm["record"]), None)
    if rec is None:
        return None
    rd = next(r for r in decision["records"] if r["id"] == pm["record"])
    as_of = case["as_of"]
    seen = [e for e in rec.get("events", []) if e["on"] <= as_of]
    severity = rec.get("severity") if stated_severity else rd["severity"]
    return pm["measure"], dict(
        conduct=rec["conduct"],
        severity=severity,
        list=rec.get("list"),
        decided_on=_iso(rec["decided_on"]) if dates else rec["decided_on"],
        as_of=_iso(as_of) if dates else as_of,
        status=rd["status"],
        subject_kind=case["subject"]["kind"],
        target=pm.get("target"),
        by_kind=pm.get("by_kind"),
        voluntary=pm.get("voluntary"),
        notified=any(e["type"] == "notified" and e["on"] <= rec["decided_on"] for e in seen),
        events=[e["type"] for e in seen],
    )


def same_answers(engine, case, where, dates=False):
    """Check every proposed measure of `case` both ways; the number compared."""
    d = engine.evaluate(case).to_dict()
    n = 0
    for i, want in enumerate(d["measures"]):
        for stated in (True, False):
            args = check_args(case, d, i, dates=dates, stated_severity=stated)
            if args is None:
                continue
            measure, kw = args
            got = engine.check_measure(measure, **kw)
            assert got.measure == want["measure"], where
            assert got.verdict == want["verdict"], (where, i, kw)
            assert got.allowed == (want["verdict"] == "allowed"), where
            assert list(got.failed) == want["failed"], (where, i, kw)
            assert list(got.rules) == want["explanation"]["rules"], (where, i, kw)
            pairs = sorted(zip(got.failed, got.failed_rules))
            assert pairs == sorted((k["check"], k["rule"]) for k in want["checks"] if not k["passed"]), (where, i)
            assert got.to_dict() == {
                "measure": want["measure"],
                "verdict": want["verdict"],
                "failed": want["failed"],
                "rules": want["explanation"]["rules"],
            }, where
            n += 1
    return n


def _corpus():
    for f in CASES:
        doc = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or "engine" in doc or not isinstance(doc.get("case"), dict):
            continue
        case = doc["case"]
        if not case.get("proposed_measures"):
            continue
        yield f, case


def test_the_corpus_gives_the_same_answers_as_evaluate(engine):
    compared = 0
    for k, (f, case) in enumerate(_corpus()):
        e = engine
        if case.get("jurisdiction"):
            try:
                e = engine.with_jurisdiction(case["jurisdiction"])
            except credit.CreditError:
                continue
        try:
            e.evaluate(case)
        except credit.CreditError:
            continue  # a case the engine refuses (the error cases of the corpus)
        compared += same_answers(e, case, str(f.relative_to(REPO)), dates=k % 2 == 1)
    # Every proposed measure on a real record of the corpus (about 80 today), each twice.
    assert compared >= 100, compared


def _vocabulary(engine):
    cat = engine.catalog()
    events = sorted(
        {
            e["type"]
            for _, case in _corpus()
            for r in case.get("records", [])
            for e in r.get("events", [])
            if isinstance(e, dict) and isinstance(e.get("type"), str)
        }
    )
    return sorted(cat["conduct"]), sorted(cat["lists"]), sorted(cat["measures"]), events


def test_generated_cases_give_the_same_answers_as_evaluate(engine):
    conducts, lists, measures, events = _vocabulary(engine)
    kinds = ["natural_person", "legal_person", "other_organization"]
    targets = [None, "natural_person", "legal_person", "other_organization", "legal_representative", "responsible_person"]
    actors = [None, "administrative_body", "court", "financial_institution", "credit_agency", "industry_association",
              "news_media", "market_actor"]
    rng = random.Random(20261201)
    start = dt.date(2019, 1, 1)
    compared = refused = 0
    for n in range(1500):
        decided = start + dt.timedelta(days=rng.randrange(2400))
        rec = {"id": "r1", "conduct": rng.choice(conducts), "decided_on": decided.isoformat(), "events": []}
        if rng.random() < 0.5:
            rec["list"] = rng.choice(lists)
        if rng.random() < 0.5:
            rec["severity"] = rng.choice(["minor", "general", "serious"])
        if rng.random() < 0.6:
            rec["events"].append({"on": (decided - dt.timedelta(days=rng.randrange(3))).isoformat(), "type": "notified"})
        for _ in range(rng.randrange(3)):
            rec["events"].append({"on": (decided + dt.timedelta(days=rng.randrange(900))).isoformat(),
                                  "type": rng.choice(events)})
        case = {
            "as_of": (decided + dt.timedelta(days=rng.randrange(1500))).isoformat(),
            "subject": {"id": ORG, "kind": rng.choice(kinds)},
            "records": [rec],
            "proposed_measures": [],
        }
        for _ in range(rng.randrange(1, 4)):
            pm = {"measure": rng.choice(measures), "record": "r1", "voluntary": rng.random() < 0.5}
            t, a = rng.choice(targets), rng.choice(actors)
            if t:
                pm["target"] = t
            if a:
                pm["by_kind"] = a
            case["proposed_measures"].append(pm)
        try:
            engine.evaluate(case)
        except credit.CreditError as e:
            refused += 1
            if e.code == "list_criteria_not_met":
                # check_measure refuses the same listing with the same code.
                with pytest.raises(credit.CreditError) as got:
                    engine.check_measure(case["proposed_measures"][0]["measure"], conduct=rec["conduct"],
                                         list=rec["list"], decided_on=rec["decided_on"], as_of=case["as_of"],
                                         status="active", subject_kind=case["subject"]["kind"])
                assert got.value.code == "list_criteria_not_met"
            continue
        compared += same_answers(engine, case, json.dumps(case), dates=n % 2 == 1)
    assert compared >= 2000, (compared, refused)


def test_the_bench_case(engine):
    r = engine.check_measure(
        "high_consumption_restriction",
        conduct="judgment_debtor_obstructs",
        list="judgment_debtor",
        decided_on="2025-03-03",
        as_of="2025-10-09",
        status="active",
        subject_kind="legal_person",
        by_kind="court",
        target="legal_representative",
        notified=True,
        events=["notified"],
    )
    assert (r.verdict, r.allowed, r.failed) == ("allowed", True, ())
    assert isinstance(r, credit.MeasureCheck)
    # The legal person itself may not be restricted (MEA-7), and without notice MEA-6 fails.
    r = engine.check_measure(
        "high_consumption_restriction",
        conduct="judgment_debtor_obstructs",
        list="judgment_debtor",
        decided_on=dt.date(2025, 3, 3),
        as_of=dt.date(2025, 10, 9),
        status="active",
        subject_kind="legal_person",
        by_kind="court",
    )
    assert r.verdict == "refused" and not r.allowed
    assert r.failed == ("subject_kind", "notice")
    assert r.failed_mask == (1 << 8) | (1 << 10)
    assert "MEA-7" in r.rules and "MEA-6" in r.rules
    assert "refused" in repr(r)


BASE = dict(
    conduct="judgment_debtor_obstructs",
    decided_on="2025-03-03",
    as_of="2025-10-09",
    status="active",
    subject_kind="legal_person",
)
CASE = {
    "as_of": "2025-10-09",
    "subject": {"id": ORG, "kind": "legal_person"},
    "records": [{"id": "r1", "conduct": "judgment_debtor_obstructs", "decided_on": "2025-03-03"}],
    "proposed_measures": [{"measure": "high_consumption_restriction", "record": "r1"}],
}


def _code_of(fn):
    with pytest.raises(credit.CreditError) as e:
        fn()
    return e.value


@pytest.mark.parametrize(
    "field,value,case_path",
    [
        ("measure", "no_such_measure", ("proposed_measures", 0, "measure")),
        ("conduct", "no_such_conduct", ("records", 0, "conduct")),
        ("list", "no_such_list", ("records", 0, "list")),
        ("severity", "grave", ("records", 0, "severity")),
        ("by_kind", "bank", ("proposed_measures", 0, "by_kind")),
        ("target", "ceo", ("proposed_measures", 0, "target")),
        ("decided_on", "2025-3-03", ("records", 0, "decided_on")),
        ("list", "major_tax_violator", ("records", 0, "list")),
    ],
)
def test_bad_values_give_the_code_evaluate_gives(engine, field, value, case_path):
    kw = dict(BASE)
    measure = "high_consumption_restriction"
    if field == "measure":
        measure = value
    else:
        kw[field] = value
    err = _code_of(lambda: engine.check_measure(measure, **kw))
    case = json.loads(json.dumps(CASE))
    node = case
    for p in case_path[:-1]:
        node = node[p]
    node[case_path[-1]] = value
    want = _code_of(lambda: engine.evaluate(case))
    assert err.code == want.code, (err, want)
    assert err.code == {"measure": "unknown_measure", "conduct": "unknown_conduct", "decided_on": "invalid_date"}.get(
        field, "list_criteria_not_met" if value == "major_tax_violator" else "unknown_list" if field == "list" else "unknown_value"
    )
    assert err.path == field
    assert isinstance(err, credit.ArgumentError)


@pytest.mark.parametrize(
    "field,value,code",
    [
        ("as_of", "2025-9-26", "invalid_date"),
        ("as_of", "2025-02-29", "invalid_date"),
        ("as_of", dt.datetime(2025, 10, 9, 12, 0), "wrong_type"),
        ("as_of", None, "wrong_type"),
        ("decided_on", 20250303, "wrong_type"),
        ("conduct", None, "wrong_type"),
        ("conduct", 7, "wrong_type"),
        ("status", "pending", "unknown_value"),
        ("status", None, "wrong_type"),
        ("subject_kind", "company", "unknown_value"),
        ("subject_kind", None, "wrong_type"),
        ("voluntary", 1, "wrong_type"),
        ("notified", "yes", "wrong_type"),
        ("events", "notified", "wrong_type"),
        ("events", ["notified", "no_such_event"], "unknown_value"),
        ("events", [None], "wrong_type"),
        ("events", 3, "wrong_type"),
    ],
)
def test_bad_arguments_are_typed_errors(engine, field, value, code):
    kw = dict(BASE)
    kw[field] = value
    err = _code_of(lambda: engine.check_measure("high_consumption_restriction", **kw))
    assert err.code == code, err
    assert isinstance(err, credit.ArgumentError)
    assert err.path.startswith(field)
    if code == "wrong_type":
        assert isinstance(err, TypeError)


def test_measure_of_the_wrong_type_and_missing_arguments(engine):
    err = _code_of(lambda: engine.check_measure(None, **BASE))
    assert err.code == "wrong_type" and err.path == "measure"
    kw = dict(BASE)
    del kw["status"]
    with pytest.raises(TypeError, match="status"):
        engine.check_measure("high_consumption_restriction", **kw)


def test_cache_pickling_and_threads(engine):
    """Tables are compiled per `as_of` and kept for the last few dates: answers stay the same
    whatever the order of dates, from several threads at once, and after pickling."""
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=61 * i) for i in range(20)]  # more than the cache holds

    def answers(e):
        return [
            e.check_measure("high_consumption_restriction", **dict(BASE, as_of=d, decided_on="2019-06-03")).to_dict()
            for d in days
        ]

    first = answers(engine)
    assert answers(engine) == first
    assert answers(pickle.loads(pickle.dumps(engine))) == first
    out = [None] * 4
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(i, answers(engine))) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [first] * 4
    # A jurisdiction layer's engine compiles its own tables.
    sz = engine.with_jurisdiction("cn-guangdong-shenzhen")
    assert sz.check_measure("high_consumption_restriction", **BASE).verdict in ("allowed", "refused")


def test_fresh_strings_answer_as_interned_ones(engine):
    """Ids and values are recognised by identity with interned names when they are those objects
    (literals), and read otherwise: built at run time (not interned), they give the same answers,
    as does a `str` subclass."""

    class Text(str):
        pass

    def fresh(s):
        return "".join(list(s))  # a new, non-interned str with the same text

    kw = dict(BASE, list="judgment_debtor", by_kind="court", target="legal_representative", events=["notified"])
    want = engine.check_measure("high_consumption_restriction", **kw).to_dict()
    for make in (fresh, Text):
        got = engine.check_measure(make("high_consumption_restriction"), **{
            k: make(v) if isinstance(v, str) else [make(x) for x in v] if isinstance(v, list) else v
            for k, v in kw.items()
        })
        assert got.to_dict() == want
    # The same as_of text as different objects, and a date, select the same compiled tables.
    for as_of in (fresh("2025-10-09"), fresh("2025-10-09"), dt.date(2025, 10, 9), "2025-10-09"):
        assert engine.check_measure("high_consumption_restriction", **dict(kw, as_of=as_of)).to_dict() == want
    # A fresh unknown id is still refused with its code.
    err = _code_of(lambda: engine.check_measure(fresh("no_such_measure"), **kw))
    assert err.code == "unknown_measure"
