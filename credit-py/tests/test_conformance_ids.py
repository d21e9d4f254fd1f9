"""Runs every case of the shared identifier conformance file tests/ids/identifiers.json.

The same file is run by the Rust tests and the node suite (credit-wasm/tests/ids.test.mjs), so all
bindings agree on validity, error code, error position and findings.
"""

import json
import pathlib

import pytest

import credit

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "ids" / "identifiers.json"
CASES = json.loads(DATA.read_text(encoding="utf-8"))["cases"] if DATA.exists() else []
VALIDATORS = {"uscc": credit.validate_uscc, "resident_id": credit.validate_resident_id}


def test_conformance_file_present_and_nonempty():
    assert DATA.exists(), f"missing {DATA}"
    assert CASES, "no cases"
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_identifier_case(case):
    result = VALIDATORS[case["kind"]](case["input"])
    assert result.kind == case["kind"]
    assert result.valid == case["valid"]
    expected = case.get("error")
    if expected is None:
        assert result.error is None
    else:
        assert result.error is not None, "expected an error"
        assert result.error.code == expected["code"]
        if "position" in expected:
            assert result.error.position == expected["position"]
    assert [f.code for f in result.findings] == list(case.get("findings", []))
