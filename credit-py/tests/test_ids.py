"""credit.validate_uscc / credit.validate_resident_id: shape of the result objects."""

import json

import pytest

import credit

VALID = "91110000600037341L"
WRONG_CHECK = "91110000600037341K"


def test_valid_uscc():
    r = credit.validate_uscc(VALID)
    assert r.valid is True
    assert r.error is None
    assert r.findings == []
    assert r.kind == "uscc"
    assert bool(r) is True


def test_invalid_check_character():
    r = credit.validate_uscc(WRONG_CHECK)
    assert r.valid is False
    assert bool(r) is False
    assert r.error is not None
    assert r.error.code == "invalid_check_character"
    assert r.error.position == 18
    assert "check character" in r.error.message


def test_whitespace_and_case_are_normalised():
    assert credit.validate_uscc(" 91110000600037341l ").valid


def test_empty_and_length_errors_have_no_position():
    assert credit.validate_uscc("").error.code == "empty"
    r = credit.validate_uscc("9111")
    assert r.error.code == "invalid_length"
    assert r.error.position is None


def test_resident_id():
    r = credit.validate_resident_id("11010519491231002X")
    assert r.valid, r.error
    assert r.kind == "resident_id"
    bad = credit.validate_resident_id("110105194912310021")
    assert not bad.valid
    assert bad.error.code == "invalid_check_character"


@pytest.mark.parametrize("value", [None, 91110000600037341, b"91110000600037341L", ["x"]])
def test_non_str_is_type_error(value):
    with pytest.raises(TypeError):
        credit.validate_uscc(value)
    with pytest.raises(TypeError):
        credit.validate_resident_id(value)


@pytest.mark.parametrize("value", [VALID, WRONG_CHECK, "11010519491231002X"])
def test_repr_never_shows_the_identifier(value):
    r = credit.validate_uscc(value) if value.startswith("9") else credit.validate_resident_id(value)
    text = repr(r) + str(r) + repr(r.error) + repr(r.to_dict())
    assert value not in text
    assert value[4:14] not in text
    assert "*" in r.masked


def test_to_dict_matches_json_contract():
    d = credit.validate_uscc(WRONG_CHECK).to_dict()
    assert set(d) == {"kind", "valid", "error", "findings"}
    assert d["error"]["code"] == "invalid_check_character"
    assert d["error"]["position"] == 18
    assert set(d["error"]) == {"code", "position", "message"}
    json.dumps(d)  # plain JSON types only
    assert credit.validate_uscc(VALID).to_dict()["error"] is None


def test_findings_on_valid_code():
    # Organisation code body 60003734 with a wrong embedded check digit (2), then a correct
    # USCC check character: valid, with a finding at position 17.
    first17 = "91110000600037342"
    for c in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        r = credit.validate_uscc(first17 + c)
        if r.valid:
            break
    assert r.valid
    assert [f.code for f in r.findings] == ["organization_code_check_mismatch"]
    assert r.findings[0].position == 17


def test_results_are_immutable():
    r = credit.validate_uscc(VALID)
    with pytest.raises(AttributeError):
        r.valid = False
