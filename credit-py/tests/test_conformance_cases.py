"""Runs every conformance case in tests/cases/**/*.json through the Python binding (format:
tests/cases/README.md; the same files run in `cargo test` and `node --test`): decision cases
through `Engine.evaluate(case, lang=...)`, serious-subject ratio cases (`population`) through
`Engine.with_jurisdiction(j).serious_ratio(population)`."""

import json
import os
import pathlib

import pytest

import credit

REPO = pathlib.Path(__file__).resolve().parents[2]
ROOT = REPO / "tests" / "cases"
FILES = sorted(ROOT.rglob("*.json"))
_MISSING = object()

# The Rust suite writes every outcome here; when it exists (scripts/test.sh runs cargo test first
# and sets CREDIT_REQUIRE_RUST_OUTCOMES=1), each Python outcome must be the identical JSON.
OUTCOMES_FILE = pathlib.Path(__file__).resolve().parents[2] / "target" / "conformance" / "outcomes.json"
if os.environ.get("CREDIT_REQUIRE_RUST_OUTCOMES") == "1":
    assert OUTCOMES_FILE.is_file(), f"{OUTCOMES_FILE} is missing: run `cargo test -p credit-core --test conformance` first"
RUST_OUTCOMES = json.loads(OUTCOMES_FILE.read_text(encoding="utf-8")) if OUTCOMES_FILE.is_file() else None


def same_as_rust(file, actual):
    if RUST_OUTCOMES is None:
        return
    key = str(file.relative_to(ROOT))
    assert key in RUST_OUTCOMES, f"the Rust suite produced no outcome for {key}"
    assert json.loads(json.dumps(actual)) == RUST_OUTCOMES[key], f"{key}: Python and Rust outcomes differ"


def matches(expected, actual, path):
    """Subset match (README: objects by named keys, arrays element-wise, $contains, $absent)."""
    if isinstance(expected, dict) and "$contains" in expected:
        assert isinstance(actual, list), f"{path}: expected an array, found {actual!r}"
        for want in expected["$contains"]:
            assert any(_ok(want, have, path) for have in actual), f"{path}: no element matches {want!r} in {actual!r}"
    elif isinstance(expected, dict) and "$absent" in expected:
        assert actual is None or actual is _MISSING, f"{path}: expected absent, found {actual!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, found {actual!r}"
        for k, v in expected.items():
            a = actual.get(k, _MISSING)
            if a is _MISSING and not (v is None or (isinstance(v, dict) and "$absent" in v)):
                raise AssertionError(f"{path}.{k}: missing in decision")
            matches(v, None if a is _MISSING else a, f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected an array, found {actual!r}"
        assert len(actual) == len(expected), f"{path}: expected {len(expected)} elements, found {len(actual)}: {actual!r}"
        for i, (x, y) in enumerate(zip(expected, actual)):
            matches(x, y, f"{path}[{i}]")
    else:
        assert expected == actual and type(expected) is type(actual) or (
            isinstance(expected, (int, float)) and not isinstance(expected, bool) and expected == actual
        ), f"{path}: expected {expected!r}, found {actual!r}"


def _ok(expected, actual, path):
    try:
        matches(expected, actual, path)
        return True
    except AssertionError:
        return False


@pytest.fixture(scope="module")
def engine():
    return credit.Engine.national()


def test_cases_present():
    assert FILES, f"no conformance cases under {ROOT}"


def _engine_for(national, spec):
    """The case's optional `engine` options: `{"strict": bool, "calendar_years": [path from the
    repository root]}`, through the constructor's keyword arguments."""
    options = spec.get("engine")
    if options is None:
        return national
    assert isinstance(options, dict), "`engine` must be an object"
    assert set(options) <= {"strict", "calendar_years"}, f"unknown `engine` options {set(options)}"
    strict = options.get("strict", False)
    assert isinstance(strict, bool), "`engine.strict` must be a boolean"
    years = [REPO / p for p in options.get("calendar_years", [])]
    return credit.Engine.national(strict=strict, calendar_years=years)


def _lang(spec):
    """Same as the Rust runner: "en" → English for this call; "zh" or absent → the case's own."""
    lang = spec.get("lang")
    assert lang in (None, "zh", "en"), f"bad lang {lang!r}"
    return "en" if lang == "en" else None


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(ROOT).with_suffix("")) for f in FILES])
def test_conformance_case(engine, file):
    spec = json.loads(file.read_text(encoding="utf-8"))
    if "population" in spec:
        # A serious-subject ratio case (TRI-7): a population in, the per-region table out.
        ratio_engine = engine.with_jurisdiction(spec.get("jurisdiction", "cn"))
        rows = ratio_engine.serious_ratio(spec["population"])
        assert "expect" in spec, "a ratio case needs `expect`"
        matches(spec["expect"], rows, "ratio")
        same_as_rust(file, rows)
        return
    engine = _engine_for(engine, spec)
    case = spec["case"]
    lang = _lang(spec)
    if "expect" in spec:
        decision = engine.evaluate(case, lang=lang)
        matches(spec["expect"], decision.to_dict(), "decision")
        same_as_rust(file, json.loads(decision.to_json()))
        same_as_rust(file, decision.to_dict())
    else:
        with pytest.raises(credit.CreditError) as info:
            engine.evaluate(case, lang=lang)
        e = info.value
        actual = {"kind": e.kind, "code": e.code, "path": e.path, "message": e.message}
        matches(spec["error"], actual, "error")
        same_as_rust(file, actual)
