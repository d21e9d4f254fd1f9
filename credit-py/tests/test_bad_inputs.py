"""Runs the shared bad-input corpus tests/bad-inputs/corpus.json (format: tests/bad-inputs/README.md;
the same entries run in `cargo test` and `node --test`) through the Python binding. Each entry must
raise a `credit.CreditError` with the expected kind, code and path, identical to the Rust outcome
in target/conformance/bad-inputs.json when it exists; messages never show an identifier in clear
nor echo more than 200 characters."""

import json
import os
import pathlib

import pytest

import credit

REPO = pathlib.Path(__file__).resolve().parents[2]
CORPUS = json.loads((REPO / "tests" / "bad-inputs" / "corpus.json").read_text(encoding="utf-8"))
OUTCOMES_FILE = REPO / "target" / "conformance" / "bad-inputs.json"
if os.environ.get("CREDIT_REQUIRE_RUST_OUTCOMES") == "1":
    assert OUTCOMES_FILE.is_file(), f"{OUTCOMES_FILE} is missing: run `cargo test -p credit-core --test bad_inputs` first"
RUST = json.loads(OUTCOMES_FILE.read_text(encoding="utf-8")) if OUTCOMES_FILE.is_file() else None
NUMBERS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
SENTINEL = "\u0000nest\u0000"


def nest(n):
    value = []
    for _ in range(n - 1):
        value = [value]
    return value


def native(v):
    """A corpus value as Python values, directives expanded."""
    if isinstance(v, dict) and len(v) >= 1:
        key = next(iter(v))
        if key == "$nest":
            return nest(v["$nest"])
        if key == "$number":
            return NUMBERS[v["$number"]]
        if key == "$repeat":
            return v["$repeat"] * v["times"]
    if isinstance(v, dict):
        return {k: native(x) for k, x in v.items()}
    if isinstance(v, list):
        return [native(x) for x in v]
    return v


def text(v):
    """A corpus value as JSON text ($nest expanded in the text, not as Python lists)."""
    nests = []

    def mark(x):
        if isinstance(x, dict) and next(iter(x), None) == "$nest":
            nests.append(x["$nest"])
            return SENTINEL
        if isinstance(x, dict) and next(iter(x), None) == "$repeat":
            return x["$repeat"] * x["times"]
        if isinstance(x, dict):
            return {k: mark(y) for k, y in x.items()}
        if isinstance(x, list):
            return [mark(y) for y in x]
        return x

    out = json.dumps(mark(v), ensure_ascii=False)
    for n in nests:
        out = out.replace(json.dumps(SENTINEL), "[" * n + "]" * n, 1)
    return out


@pytest.fixture(scope="module")
def engine():
    return credit.Engine.national()


def call(engine, entry):
    args = {k: native(v) for k, v in entry.get("args", {}).items()}
    name = entry["call"]
    if name == "evaluate":
        inp = entry["input"]
        case = inp if isinstance(inp, str) else text(inp) if entry.get("as_text") else native(inp)
        return engine.evaluate(case, **({"lang": args["lang"]} if "lang" in args else {}))
    if name == "add_working_days":
        return engine.add_working_days(args["date"], args["n"])
    if name == "is_working_day":
        return engine.is_working_day(args["date"])
    if name == "next_working_day":
        return engine.next_working_day(args["date"])
    if name == "working_days_between":
        return engine.working_days_between(args["start"], args["end"])
    if name == "with_calendar_mode":
        return engine.with_calendar_mode(args["mode"])
    if name == "with_jurisdiction":
        return engine.with_jurisdiction(args["id"])
    raise AssertionError(f"unknown call {name}")


def check_message(name, message):
    for ident in ("110105194912310021", "91110000600037341L"):
        assert ident not in message, f"{name}: message shows {ident}: {message[:300]}"
    longest = max((len(w) for w in message.split()), default=0)
    assert longest <= 200, f"{name}: message echoes {longest} characters in one run"
    assert len(message) <= 1000


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 60


@pytest.mark.parametrize("entry", CORPUS, ids=[e["name"] for e in CORPUS])
def test_bad_input(engine, entry):
    with pytest.raises(credit.CreditError) as info:
        call(engine, entry)
    e = info.value
    actual = {"kind": e.kind, "code": e.code, "path": e.path}
    for key, want in entry["expect"].items():
        assert actual[key] == want, f"{key}: {actual[key]!r} != {want!r} ({e.message[:300]})"
    check_message(entry["name"], e.message)
    check_message(entry["name"], str(e))
    if RUST is not None:
        assert RUST.get(entry["name"]) == actual, f"Python and Rust differ: {actual} vs {RUST.get(entry['name'])}"
    # The engine is still usable after any error.
    assert engine.is_working_day("2025-10-09") is True


def test_python_only_hostile_values(engine):
    ok = {"as_of": "2025-10-09", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}
    cases = [
        ({**ok, "as_of": "\ud800"}, "wrong_type"),  # a lone surrogate: no UnicodeEncodeError
        ("{\"as_of\": \"\ud800\"}", "invalid_json"),
        ({**ok, "subject": {**ok["subject"], 5: "x"}}, "wrong_type"),  # a non-string key
        ({**ok, "as_of": object()}, "wrong_type"),
        ({**ok, "as_of": 10**30}, "wrong_type"),  # beyond 64 bits: no OverflowError
        (b"\xff\xfe", "invalid_json"),
    ]
    for case, code in cases:
        with pytest.raises(credit.CaseError) as info:
            engine.evaluate(case)
        assert info.value.code == code, (case, info.value.code, info.value.message)
    for n in (10**30, -(10**30), float("nan"), 2**32, -1, 1.5, None, "3"):
        with pytest.raises(credit.ArgumentError):
            engine.add_working_days("2025-09-30", n)
    with pytest.raises(credit.ArgumentError) as info:
        engine.is_working_day(__import__("datetime").datetime(2025, 10, 1, 12, 0))
    assert info.value.code == "wrong_type"
    with pytest.raises(credit.ArgumentError):
        credit.Decision.to_json(engine.evaluate(ok), indent=-1)
    with pytest.raises(credit.ArgumentError):
        engine.with_jurisdiction(None)
    with pytest.raises(credit.ArgumentError):
        credit.validate_uscc(5)
    with pytest.raises(credit.ArgumentError):
        credit.Engine.national(strict=1)
    deep = nest(20000)
    for _ in range(1000):
        with pytest.raises(credit.CreditError):
            engine.evaluate(deep)
    assert engine.add_working_days("2025-09-30", 1).isoformat() == "2025-10-09"


def test_a_pandas_style_integer_identifier_is_masked(engine):
    case = {"as_of": "2025-10-09", "subject": {"id": 110105194912310021, "kind": "natural_person"}}
    with pytest.raises(credit.CaseError) as info:
        engine.evaluate(case)
    assert (info.value.code, info.value.path) == ("wrong_type", "subject.id")
    assert "110105194912310021" not in str(info.value)
    assert "1101**********0021" in str(info.value)
