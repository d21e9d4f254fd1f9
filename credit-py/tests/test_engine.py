"""credit.Engine: construction, calendar, evaluation, errors, catalogue, lint."""

import datetime
import json
import threading

import pytest

import credit

CASE = {
    "as_of": "2025-10-09",
    "subject": {
        "id": "91110000600037341L",
        "kind": "legal_person",
        "sector": "private_enterprise",
        "status": "active",
    },
    "records": [],
}


@pytest.fixture(scope="module")
def engine():
    return credit.Engine.national()


def test_national(engine):
    assert engine.jurisdiction == "cn"
    assert "cn" in engine.jurisdictions()
    assert engine.policy_version
    assert engine.calendar_version
    assert "Engine(" in repr(engine)


def test_with_jurisdiction_unknown_raises(engine):
    with pytest.raises(credit.JurisdictionError) as info:
        engine.with_jurisdiction("xx-nowhere")
    assert isinstance(info.value, credit.CreditError)
    assert info.value.code
    assert info.value.kind == "jurisdiction"


def test_with_jurisdiction_every_layer(engine):
    for j in engine.jurisdictions():
        assert engine.with_jurisdiction(j).jurisdiction == j


@pytest.mark.parametrize(
    "day, working",
    [
        ("2025-10-01", False),  # National Day
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2025-09-28", True),  # Sunday make-up working day
        ("2025-10-11", True),  # Saturday make-up working day
        ("2025-10-12", False),  # Sunday
        (datetime.date(2025, 10, 10), True),
    ],
)
def test_is_working_day(engine, day, working):
    assert engine.is_working_day(day) is working


def test_add_working_days(engine):
    assert engine.add_working_days("2025-09-30", 1) == datetime.date(2025, 10, 9)
    assert engine.add_working_days(datetime.date(2025, 9, 30), 1) == datetime.date(2025, 10, 9)
    assert engine.add_working_days("2025-10-09", 0) == datetime.date(2025, 10, 9)
    assert engine.next_working_day("2025-09-30") == datetime.date(2025, 10, 9)
    end = engine.add_working_days("2025-09-01", 15)
    assert engine.working_days_between("2025-09-01", end) == 15
    assert engine.working_days_between(end, "2025-09-01") == -15


def test_dates_are_checked(engine):
    with pytest.raises(credit.CoverageError) as info:
        engine.is_working_day("1999-01-04")
    assert info.value.code == "calendar_coverage"
    assert isinstance(info.value, ValueError)
    with pytest.raises(credit.ArgumentError) as info:  # a date argument, not a case field
        engine.is_working_day("2025-13-01")
    assert (info.value.code, info.value.path) == ("invalid_date", "date")
    with pytest.raises(TypeError):
        engine.is_working_day(20251001)
    with pytest.raises(TypeError):
        engine.is_working_day(datetime.datetime(2025, 10, 1, 12, 0))


def test_evaluate_dict_and_json_agree(engine):
    d1 = engine.evaluate(CASE)
    d2 = engine.evaluate(json.dumps(CASE))
    assert isinstance(d1, credit.Decision)
    assert d1.to_dict() == d2.to_dict()
    assert d1 == d2
    assert d1["grade"] == "trustworthy"
    assert d1.grade == "trustworthy"
    assert d1.get("no_such_field") is None
    assert "grade" in d1 and "no_such_field" not in d1
    assert d1["policy_version"] == engine.policy_version
    assert d1["calendar_version"] == engine.calendar_version
    assert json.loads(d1.to_json()) == d1.to_dict()
    assert json.loads(d1.to_json(indent=2)) == d1.to_dict()
    with pytest.raises(KeyError):
        d1["no_such_field"]
    with pytest.raises(AttributeError):
        d1.no_such_field


def test_decision_repr_hides_identifier(engine):
    d = engine.evaluate(CASE)
    assert CASE["subject"]["id"] not in repr(d)


def test_evaluate_accepts_date_objects(engine):
    case = dict(CASE, as_of=datetime.date(2025, 10, 9))
    assert engine.evaluate(case).to_dict() == engine.evaluate(CASE).to_dict()


def test_case_errors(engine):
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate("{not json")
    assert info.value.code == "invalid_json"
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate(dict(CASE, unexpected_field=1))
    assert info.value.kind == "case"
    assert isinstance(info.value, credit.CreditError)
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate(dict(CASE, as_of="2025-02-30"))
    assert info.value.path is not None and "as_of" in info.value.path
    assert "as_of" in str(info.value)


def test_evaluate_many(engine):
    out = engine.evaluate_many([CASE, json.dumps(CASE), CASE])
    assert len(out) == 3
    assert all(d.to_dict() == out[0].to_dict() for d in out)
    assert engine.evaluate_many([]) == []
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate_many([CASE, dict(CASE, as_of="2025-02-30")])
    assert info.value.path.startswith("[1]")


def test_evaluate_many_threads(engine):
    results, errors = [], []

    def work():
        try:
            results.append(len(engine.evaluate_many([CASE] * 200)))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [200] * 4


def test_catalog(engine):
    cat = engine.catalog()
    assert isinstance(cat, dict)
    for key in ("lists", "conduct", "measures"):
        assert key in cat, key


def test_compare_returns_a_comparison(engine):
    result = engine.compare(CASE, engine.jurisdictions()[:2])
    assert isinstance(result, credit.Comparison)
    assert result.jurisdictions == engine.jurisdictions()[:2]
    assert isinstance(result.to_dict(), dict)


def test_from_dir_and_lint(repo):
    policies = repo / "policies"
    engine = credit.Engine.from_dir(policies, "cn")
    assert engine.jurisdiction == "cn"
    assert credit.Engine.from_dir(str(policies), "cn").jurisdiction == "cn"
    report = credit.lint(policies)
    assert report.ok, str(report)
    assert isinstance(report.diagnostics, list)
    assert isinstance(str(report), str)
    assert isinstance(report.to_dict(), dict)


def test_from_dir_missing_is_credit_error(tmp_path):
    with pytest.raises(credit.CreditError):
        credit.Engine.from_dir(tmp_path / "missing", "cn")


def test_policy_error_has_diagnostics(tmp_path):
    with pytest.raises(credit.PolicyError) as info:
        credit.Engine.from_sources({"national.toml": "this is = = not toml"}, "cn")
    e = info.value
    assert e.kind == "policy"
    assert e.diagnostics, "expected diagnostics"
    d = e.diagnostics[0]
    for key in ("code", "level", "file", "line", "column", "message"):
        assert key in d, key


def test_errors_pickle():
    import pickle

    e = credit.CaseError("bad", code="x", kind="case", path="a.b", help="h")
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is credit.CaseError
    assert (e2.code, e2.path, e2.help, str(e2)) == ("x", "a.b", "h", "a.b: bad (help: h)")
