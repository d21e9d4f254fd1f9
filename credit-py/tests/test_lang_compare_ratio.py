"""The per-call explanation language, Decision.to_text, Engine.compare -> Comparison and
Engine.serious_ratio."""

import copy
import json
import re

import pytest

import credit

CJK = re.compile(r"[\u4e00-\u9fff]")

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

# A general administrative penalty decided 2025-06-02 with an objection filed on Friday
# 2025-09-26 and still pending on 2025-10-09. Mianyang suspends joint-sanction measures while an
# objection is pending (OBJ-2): the record's status is `suspended`; Tonghua does not (OBJ-3): the
# record stays `active`.
OBJECTION = {
    "as_of": "2025-10-09",
    "subject": {
        "id": "91110000600037341L",
        "kind": "legal_person",
        "sector": "private_enterprise",
        "status": "active",
    },
    "records": [
        {
            "id": "r1",
            "conduct": "administrative_penalty_general",
            "decided_on": "2025-06-02",
            "events": [{"on": "2025-09-26", "type": "objection_filed"}],
        }
    ],
}
PAIR = ["cn-sichuan-mianyang", "cn-jilin-tonghua"]


@pytest.fixture(scope="module")
def engine():
    return credit.Engine.national()


def _messages(value):
    """Every explanation `message` string in a decision dict."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "message" and isinstance(v, str):
                yield v
            else:
                yield from _messages(v)
    elif isinstance(value, list):
        for v in value:
            yield from _messages(v)


# --- lang ---------------------------------------------------------------------------------------


def test_default_language_is_chinese(engine):
    d = engine.evaluate(CASE)
    assert CJK.search(d["grade_explanation"]["message"])


def test_lang_en_gives_english_messages(engine):
    d = engine.evaluate(CASE, lang="en")
    assert d["grade_explanation"]["message"] == "no dishonesty record in force on 2025-10-09: trustworthy"
    d = engine.evaluate(OBJECTION, lang="en")
    messages = list(_messages(d.to_dict()))
    assert messages
    assert any("objection filed on 2025-09-26" in m for m in messages)
    assert "grade: general" in d.to_text()


def test_lang_zh_and_keyword(engine):
    zh = engine.evaluate(CASE, lang="zh")
    assert zh == engine.evaluate(CASE)
    assert engine.evaluate(CASE, "en") == engine.evaluate(CASE, lang="en")


def test_case_lang_field_still_works_without_per_call_lang(engine):
    case = dict(CASE, lang="en")
    assert engine.evaluate(case) == engine.evaluate(CASE, lang="en")
    # the per-call language wins over the case's own
    assert engine.evaluate(case, lang="zh") == engine.evaluate(CASE)


@pytest.mark.parametrize("bad", ["fr", "EN", "", "english"])
def test_bad_lang_is_value_error(engine, bad):
    with pytest.raises(ValueError, match="lang"):
        engine.evaluate(CASE, lang=bad)
    with pytest.raises(ValueError, match="lang"):
        engine.evaluate_many([CASE], lang=bad)
    with pytest.raises(ValueError, match="lang"):
        engine.compare(CASE, PAIR, lang=bad)


def test_bad_lang_is_an_argument_error(engine):
    # Changed in "One way in": every error is a CreditError; ArgumentError is also a ValueError.
    with pytest.raises(ValueError) as info:
        engine.evaluate(CASE, lang="fr")
    assert isinstance(info.value, credit.ArgumentError)
    assert (info.value.kind, info.value.code, info.value.path) == ("argument", "invalid_lang", "lang")


def test_evaluate_many_lang(engine):
    out = engine.evaluate_many([CASE, OBJECTION], lang="en")
    assert [d.to_dict() for d in out] == [engine.evaluate(c, lang="en").to_dict() for c in (CASE, OBJECTION)]
    assert out[0]["grade_explanation"]["message"].startswith("no dishonesty record")
    zh = engine.evaluate_many([CASE])
    assert CJK.search(zh[0]["grade_explanation"]["message"])


def test_evaluate_many_error_path_keeps_index(engine):
    bad = copy.deepcopy(OBJECTION)
    bad["records"][0]["decided_on"] = "2025-02-30"
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate_many([CASE, bad], lang="en")
    assert info.value.path.startswith("[1].records[0]")


# --- Decision.to_text ---------------------------------------------------------------------------


def test_decision_to_text_and_str(engine):
    d = engine.evaluate(CASE, lang="en")
    text = d.to_text()
    assert str(d) == text
    assert "grade: trustworthy" in text
    assert "no dishonesty record in force on 2025-10-09: trustworthy" in text
    # identifiers are masked in the text, never shown whole
    assert CASE["subject"]["id"] not in text
    assert "9111" in text


def test_decision_to_dict_matches_json(engine):
    d = engine.evaluate(OBJECTION)
    assert json.loads(d.to_json()) == d.to_dict()
    assert sorted(d.keys()) == sorted(d.to_dict().keys())


# --- compare ------------------------------------------------------------------------------------


def test_compare_pending_objection_mianyang_vs_tonghua(engine):
    cmp = engine.compare(OBJECTION, PAIR)
    assert isinstance(cmp, credit.Comparison)
    assert cmp.jurisdictions == PAIR
    by_path = {d["path"]: d for d in cmp.differences}
    status = by_path["records[0].status"]
    assert status["values"] == {"cn-sichuan-mianyang": "suspended", "cn-jilin-tonghua": "active"}
    assert "OBJ-2" in status["rules"]["cn-sichuan-mianyang"]
    assert set(status["why"]) == set(PAIR)
    suspends = by_path["records[0].objections[0].suspends_measures"]
    assert suspends["values"] == {"cn-sichuan-mianyang": True, "cn-jilin-tonghua": False}
    for d in cmp.differences:
        assert set(d) == {"path", "values", "rules", "why"}
    # decisions: one full decision dict per jurisdiction
    assert set(cmp.decisions) == set(PAIR)
    assert cmp.decisions["cn-sichuan-mianyang"]["records"][0]["status"] == "suspended"
    assert cmp.decisions["cn-jilin-tonghua"]["records"][0]["status"] == "active"
    assert cmp.decisions["cn-jilin-tonghua"]["jurisdiction"] == "cn-jilin-tonghua"
    # to_dict holds the same
    whole = cmp.to_dict()
    assert whole["jurisdictions"] == PAIR
    assert whole["differences"] == cmp.differences
    assert whole["decisions"] == cmp.decisions
    assert json.loads(cmp.to_json()) == whole
    assert len(cmp) == len(cmp.differences) and bool(cmp)
    assert "differences=" in repr(cmp)


def test_compare_str_is_text_report(engine):
    cmp = engine.compare(OBJECTION, PAIR)
    text = str(cmp)
    assert text == cmp.to_text()
    assert text.startswith("comparison of 2 jurisdictions: cn-sichuan-mianyang, cn-jilin-tonghua")
    assert "records[0].status" in text
    assert '"suspended"' in text and '"active"' in text


def test_compare_lang(engine):
    en = engine.compare(OBJECTION, PAIR, lang="en")
    why = {d["path"]: d["why"] for d in en.differences}["records[0].status"]
    assert why["cn-sichuan-mianyang"] == "an objection or complaint is pending: joint-sanction measures are suspended"
    zh = engine.compare(OBJECTION, PAIR)
    why_zh = {d["path"]: d["why"] for d in zh.differences}["records[0].status"]
    assert CJK.search(why_zh["cn-sichuan-mianyang"])
    # same values whatever the language
    assert [d["values"] for d in en.differences] == [d["values"] for d in zh.differences]


def test_compare_same_jurisdiction_has_no_difference(engine):
    cmp = engine.compare(OBJECTION, ["cn", "cn"])
    assert cmp.differences == []
    assert not cmp
    assert "no differences" in str(cmp)


def test_compare_errors(engine):
    with pytest.raises(credit.JurisdictionError):
        engine.compare(OBJECTION, ["cn", "xx-nowhere"])
    with pytest.raises(credit.CaseError):
        engine.compare(dict(OBJECTION, unexpected=1), PAIR)
    with pytest.raises(TypeError):
        engine.compare(OBJECTION, "cn")  # a string is not a list of jurisdictions


# --- serious_ratio ------------------------------------------------------------------------------


def _population(region, n, serious, lists=("judgment_debtor",), **extra):
    """`n` legal persons in `region`, the first `serious` of them on `lists`."""
    people = []
    for i in range(n):
        p = {"id": f"{region}-{i:04d}", "kind": "legal_person", "region": region}
        if i < serious:
            p["lists"] = list(lists)
        people.append(p)
    for i, fields in extra.items():
        people[int(i.lstrip("_"))].update(fields)
    return people


ROW_KEYS = {"region", "legal_persons", "serious", "ratio", "target", "meets_target", "would_exit", "ratio_after_exit"}


def test_serious_ratio_rows(engine):
    sjz = engine.with_jurisdiction("cn-hebei-shijiazhuang")
    # 130104: 2 serious of 250 = 0.8% < 1%; 130105: 1 of 100 = 1%, which meets "1%以下" (民法典 Art. 1259: 以下 includes the number)
    people = _population("130105", 100, 1) + _population("130104", 250, 2)
    rows = sjz.serious_ratio(people)
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    assert [r["region"] for r in rows] == ["130104", "130105"]  # sorted by region
    for r in rows:
        assert set(r) == ROW_KEYS
    a, b = rows
    assert (a["legal_persons"], a["serious"], a["ratio"], a["target"], a["meets_target"]) == (250, 2, 0.008, 0.01, True)
    assert (b["legal_persons"], b["serious"], b["ratio"], b["target"], b["meets_target"]) == (100, 1, 0.01, 0.01, True)
    assert a["would_exit"] == [] and a["ratio_after_exit"] == 0.008


def test_serious_ratio_would_exit_is_masked(engine):
    sjz = engine.with_jurisdiction("cn-hebei-shijiazhuang")
    people = _population("130102", 200, 3)
    people[0]["status"] = "deregistered"
    (row,) = sjz.serious_ratio(people)
    assert row["serious"] == 3
    assert row["would_exit"] == ["1301***0000"]
    assert row["ratio"] == 3 / 200
    assert row["ratio_after_exit"] == 2 / 200
    assert "130102-0000" not in json.dumps(row)


def test_serious_ratio_national_has_no_target(engine):
    (row,) = engine.serious_ratio(_population("110101", 50, 1))
    assert row["target"] is None and row["meets_target"] is None
    assert row["ratio"] == 0.02


def test_serious_ratio_counts_only_legal_persons(engine):
    people = _population("110101", 10, 0) + [
        {"id": "11010519491231002X", "kind": "natural_person", "region": "110101", "lists": ["judgment_debtor"]}
    ]
    (row,) = engine.serious_ratio(people)
    assert (row["legal_persons"], row["serious"]) == (10, 0)


def test_serious_ratio_empty(engine):
    assert engine.serious_ratio([]) == []


class FakeFrame:
    """A pandas-like table: `.to_dict("records")`, and iterating it yields column names (as a
    DataFrame does), so the binding must not iterate it directly."""

    def __init__(self, records):
        self._records = records
        self.calls = []

    def to_dict(self, orient):
        self.calls.append(orient)
        return [dict(r) for r in self._records]

    def __iter__(self):
        return iter(["id", "kind", "region", "lists", "status", "events"])


def test_serious_ratio_accepts_a_pandas_like_frame(engine):
    sjz = engine.with_jurisdiction("cn-hebei-shijiazhuang")
    people = _population("130104", 250, 2)
    # a DataFrame fills missing cells with NaN (or None): those keys are treated as absent
    records = [dict(p, status=float("nan"), events=None) if "lists" not in p else dict(p, status=None) for p in people]
    frame = FakeFrame(records)
    assert sjz.serious_ratio(frame) == sjz.serious_ratio(people)
    assert frame.calls == ["records"]


def test_serious_ratio_accepts_tuples_and_generators(engine):
    people = _population("110101", 50, 1)
    assert engine.serious_ratio(tuple(people)) == engine.serious_ratio(people)
    assert engine.serious_ratio(p for p in people) == engine.serious_ratio(people)


def test_serious_ratio_errors(engine):
    people = _population("110101", 5, 1)
    with pytest.raises(credit.CaseError) as info:
        engine.serious_ratio(people[:2] + [dict(people[2], lists=["no_such_list"])])
    assert info.value.code == "unknown_list"
    assert info.value.path == "[2].lists"
    with pytest.raises(credit.CaseError) as info:
        engine.serious_ratio(people[:3] + [dict(people[3], kind="alien")])
    assert info.value.path == "[3].kind"
    with pytest.raises(credit.CaseError) as info:
        engine.serious_ratio([dict(people[0], colour="red")])
    assert info.value.path == "[0].colour" and "colour" in info.value.message
    with pytest.raises(credit.CaseError) as info:
        engine.serious_ratio([{"id": "x", "kind": "legal_person"}])
    assert "region" in info.value.message
    with pytest.raises(TypeError):
        engine.serious_ratio(42)


def test_evaluate_many_unreadable_case_names_its_index(engine):
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate_many([CASE, CASE, "{not json"])
    assert info.value.code == "invalid_json"
    assert info.value.path == "[2]"
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate_many([CASE, dict(CASE, unexpected=1)])
    assert info.value.path.startswith("[1]")
