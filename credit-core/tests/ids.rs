//! Conformance, unit and property tests for `credit_core::id`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use chrono::NaiveDate;
use credit_core::id::{
    mask, resident_id_check_character, uscc_check_character, validate_resident_id, validate_resident_id_on,
    validate_uscc, IdCheck, IdErrorCode, IdFindingCode, IdKind, ResidentId, Uscc,
};
use proptest::prelude::*;
use serde_json::Value;

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
];
/// Every registration department / category pair allowed by NATIONAL §10.
const PAIRS: [&str; 36] = [
    "11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39", "41", "49", "51", "52", "53", "59", "61",
    "62", "69", "71", "72", "79", "81", "89", "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

// ------------------------------------------------------------------------------------------
// Shared conformance data
// ------------------------------------------------------------------------------------------

#[test]
fn conformance_data() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/ids/identifiers.json");
    let text = std::fs::read_to_string(path).unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let check = match case["kind"].as_str().unwrap() {
            "uscc" => validate_uscc(input),
            "resident_id" => validate_resident_id(input),
            other => panic!("unknown kind {other} in {name}"),
        };
        assert_eq!(serde_json::to_value(check.kind).unwrap(), case["kind"], "{name}");
        let actual_error =
            check.error.as_ref().map(|e| serde_json::json!({"code": e.code.as_str(), "position": e.position}));
        let actual_findings: Vec<&str> = check.findings.iter().map(|f| f.code.as_str()).collect();
        let expected_findings: Vec<&str> =
            case["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        if Value::Bool(check.valid) != case["valid"]
            || actual_error.unwrap_or(Value::Null) != case["error"]
            || actual_findings != expected_findings
        {
            failures.push(format!("{name}: got {check:?}"));
        }
    }
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));
}

// ------------------------------------------------------------------------------------------
// Unit tests
// ------------------------------------------------------------------------------------------

#[test]
fn known_valid_codes() {
    for code in ["91110000600037341L", "91350100M000100Y43"] {
        let check = validate_uscc(code);
        assert!(check.valid, "{check:?}");
        assert!(check.findings.is_empty());
        assert_eq!(check.normalized(), Some(code));
    }
    assert_eq!(uscc_check_character("91110000600037341"), Some('L'));
    assert_eq!(uscc_check_character("91350100M000100Y4"), Some('3'));
    assert_eq!(resident_id_check_character("11010519491231002"), Some('X'));
}

#[test]
fn check_character_helpers_reject_bad_input() {
    assert_eq!(uscc_check_character(""), None);
    assert_eq!(uscc_check_character("9111000060003734"), None);
    assert_eq!(uscc_check_character("911100006000373411"), None);
    assert_eq!(uscc_check_character("9111000060003734I"), None);
    assert_eq!(uscc_check_character("9111000060003734l"), None);
    assert_eq!(resident_id_check_character("1101051949123100"), None);
    assert_eq!(resident_id_check_character("110105194912310021"), None);
    assert_eq!(resident_id_check_character("1101051949123100X"), None);
    assert_eq!(resident_id_check_character("1101051949123100١"), None);
}

#[test]
fn messages_and_positions() {
    let e = validate_uscc("91110000600037341K").error.unwrap();
    assert_eq!(e.code, IdErrorCode::InvalidCheckCharacter);
    assert_eq!(e.to_string(), "invalid check character `K` at position 18: expected `L`");
    let e = validate_uscc(" 9I110000600037341L").error.unwrap();
    assert_eq!((e.code, e.position), (IdErrorCode::InvalidCharacter, Some(2)));
    assert_eq!(e.message, "invalid character `I` at position 2: not in the code alphabet");
    let e = validate_uscc("94110000600037341B").error.unwrap();
    assert_eq!(e.message, "invalid category `4` at position 2 for registration department `9`");
    let e = validate_uscc("91990000600037341B").error.unwrap();
    assert_eq!(e.message, "invalid province code `99` at position 3");
    let e = validate_uscc("").error.unwrap();
    assert_eq!((e.code, e.position), (IdErrorCode::Empty, None));
    let e = validate_uscc("123").error.unwrap();
    assert_eq!(e.message, "invalid length: expected 18 characters, found 3");
    let e = validate_resident_id("110105194X1231002X").error.unwrap();
    assert_eq!(e.message, "invalid character `X` at position 10: expected a digit");
    let e = validate_resident_id_on("110105202506020016", today()).error.unwrap();
    assert_eq!((e.code, e.position), (IdErrorCode::FutureBirthDate, Some(7)));
    // The reference day itself is not in the future.
    let id = format!("11010520250601001{}", resident_id_check_character("11010520250601001").unwrap());
    assert!(validate_resident_id_on(&id, today()).valid);
    // Control characters are escaped in messages.
    let e = validate_uscc("9\u{0}110000600037341L").error.unwrap();
    assert_eq!(e.message, "invalid character `\\0` at position 2: not in the code alphabet");
}

#[test]
fn messages_never_contain_the_identifier() {
    for input in [
        "91110000600037341K",
        "91110000600037342P",
        "91990000600037341B",
        "110105199702290010",
        "110105194912310021",
        "110105209901010012",
    ] {
        let check = if input.starts_with('9') { validate_uscc(input) } else { validate_resident_id(input) };
        let text = serde_json::to_string(&check).unwrap();
        assert!(!text.contains(input), "{text}");
        assert!(!text.contains(&input[..10]), "{text}");
        assert!(!format!("{check:?}").contains(input));
    }
}

#[test]
fn organization_code_finding() {
    let check = validate_uscc("91110000600037342P");
    assert!(check.valid);
    assert_eq!(check.error, None);
    assert_eq!(check.findings.len(), 1);
    assert_eq!(check.findings[0].code, IdFindingCode::OrganizationCodeCheckMismatch);
    assert_eq!(check.findings[0].position, Some(17));
    assert_eq!(
        check.findings[0].message,
        "organization code check character `2` at position 17 does not match: expected `1`"
    );
}

#[test]
fn json_shape() {
    let check = validate_uscc("91110000600037341K");
    let value = serde_json::to_value(&check).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "kind": "uscc",
            "valid": false,
            "error": {
                "code": "invalid_check_character",
                "position": 18,
                "message": "invalid check character `K` at position 18: expected `L`"
            },
            "findings": []
        })
    );
    let value = serde_json::to_value(validate_resident_id("11010519491231002X")).unwrap();
    assert_eq!(value["kind"], "resident_id");
    assert_eq!(value["error"], Value::Null);
}

#[test]
fn error_code_names_are_stable() {
    let all = [
        (IdErrorCode::Empty, "empty"),
        (IdErrorCode::InvalidLength, "invalid_length"),
        (IdErrorCode::InvalidCharacter, "invalid_character"),
        (IdErrorCode::InvalidCheckCharacter, "invalid_check_character"),
        (IdErrorCode::InvalidDepartment, "invalid_department"),
        (IdErrorCode::InvalidCategory, "invalid_category"),
        (IdErrorCode::InvalidDivision, "invalid_division"),
        (IdErrorCode::InvalidBirthDate, "invalid_birth_date"),
        (IdErrorCode::FutureBirthDate, "future_birth_date"),
    ];
    for (code, name) in all {
        assert_eq!(code.as_str(), name);
        assert_eq!(code.to_string(), name);
        assert_eq!(serde_json::to_value(code).unwrap(), name);
    }
    assert_eq!(IdKind::Uscc.as_str(), "uscc");
    assert_eq!(IdKind::ResidentId.as_str(), "resident_id");
}

#[test]
fn masking() {
    assert_eq!(mask("91110000600037341L"), "9111**********341L");
    assert_eq!(mask("123456789"), "1234*6789");
    assert_eq!(mask("12345678"), "********");
    assert_eq!(mask("é"), "*");
    assert_eq!(mask("一二三四五六七八九十"), "一二三四**七八九十");
    assert_eq!(mask(""), "");
    let check = validate_uscc("91110000600037341L");
    assert_eq!(check.masked(), "9111**********341L");
    assert_eq!(validate_uscc("  ").masked(), "");
    let debug = format!("{check:?}");
    assert!(debug.contains("9111**********341L"), "{debug}");
}

#[test]
fn newtypes() {
    let code = Uscc::parse(" 91110000600037341l\n").unwrap();
    assert_eq!(code.as_str(), "91110000600037341L");
    assert_eq!(code.to_string(), "9111**********341L");
    assert_eq!(format!("{code:?}"), "Uscc(\"9111**********341L\")");
    let parsed: Uscc = "91350100M000100Y43".parse().unwrap();
    assert_eq!(parsed.as_str(), "91350100M000100Y43");
    assert_eq!(Uscc::parse("").unwrap_err().code, IdErrorCode::Empty);
    assert_eq!(Uscc::parse("91110000600037341K").unwrap_err().position, Some(18));
    // A finding does not stop parsing.
    assert!(Uscc::parse("91110000600037342P").is_ok());

    let id = ResidentId::parse("11010519491231002x").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.to_string(), "1101**********002X");
    assert_eq!(format!("{id:?}"), "ResidentId(\"1101**********002X\")");
    assert_eq!(ResidentId::parse_on("110105209901010012", today()).unwrap_err().code, IdErrorCode::FutureBirthDate);
    assert!("11010519491231002X".parse::<ResidentId>().is_ok());
}

// ------------------------------------------------------------------------------------------
// Properties
// ------------------------------------------------------------------------------------------

fn alphabet_char() -> impl Strategy<Value = char> {
    proptest::sample::select(ALPHABET.chars().collect::<Vec<_>>())
}

/// A fully valid USCC: valid department/category pair, valid division, any subject identifier.
fn valid_uscc() -> impl Strategy<Value = String> {
    let mut provinces: Vec<&'static str> = PROVINCES.to_vec();
    provinces.push("10");
    (
        proptest::sample::select(PAIRS.to_vec()),
        proptest::sample::select(provinces),
        "[0-9]{4}",
        proptest::collection::vec(alphabet_char(), 9),
    )
        .prop_map(|(pair, province, county, subject)| {
            let first17: String = format!("{pair}{province}{county}{}", subject.iter().collect::<String>());
            let check = uscc_check_character(&first17).unwrap();
            format!("{first17}{check}")
        })
}

/// A fully valid resident identity number born between 1900-01-01 and 2019-12-31.
fn valid_resident_id() -> impl Strategy<Value = String> {
    let start = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap();
    let days = (end - start).num_days();
    (proptest::sample::select(PROVINCES.to_vec()), "[0-9]{4}", 0..=days, "[0-9]{3}").prop_map(
        move |(province, county, offset, sequence)| {
            let birth = start + chrono::Duration::days(offset);
            let first17 = format!("{province}{county}{}{sequence}", birth.format("%Y%m%d"));
            let check = resident_id_check_character(&first17).unwrap();
            format!("{first17}{check}")
        },
    )
}

fn assert_consistent(check: &IdCheck, input: &str) {
    assert_eq!(check.valid, check.error.is_none());
    if let Some(error) = &check.error {
        let len = input.trim().chars().count();
        if let Some(position) = error.position {
            assert!(position >= 1 && position <= len.max(18), "{error:?}");
        }
        assert!(check.findings.is_empty(), "findings only for valid identifiers");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        let uscc = validate_uscc(&input);
        assert_consistent(&uscc, &input);
        let rid = validate_resident_id(&input);
        assert_consistent(&rid, &input);
        let _ = (mask(&input), uscc.masked(), rid.masked(), format!("{uscc:?}{rid:?}"));
        let _ = (uscc_check_character(&input), resident_id_check_character(&input));
    }

    #[test]
    fn near_miss_strings_never_panic(input in "[0-9A-Za-z xX\u{0}\u{3000}１]{0,20}") {
        assert_consistent(&validate_uscc(&input), &input);
        assert_consistent(&validate_resident_id(&input), &input);
    }

    #[test]
    fn completed_uscc_is_valid(code in valid_uscc()) {
        let check = validate_uscc(&code);
        prop_assert!(check.valid, "{:?}", check);
        prop_assert_eq!(check.normalized(), Some(code.as_str()));
        let lower = format!(" {} ", code.to_ascii_lowercase());
        prop_assert!(validate_uscc(&lower).valid);
    }

    #[test]
    fn single_substitution_in_uscc_is_detected(
        code in valid_uscc(),
        position in 0usize..18,
        replacement in alphabet_char(),
    ) {
        let mut chars: Vec<char> = code.chars().collect();
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        let check = validate_uscc(&changed);
        prop_assert!(!check.valid, "{:?}", check);
    }

    #[test]
    fn completed_resident_id_is_valid(id in valid_resident_id()) {
        let check = validate_resident_id(&id);
        prop_assert!(check.valid, "{:?}", check);
        prop_assert!(validate_resident_id(&id.to_ascii_lowercase()).valid);
    }

    #[test]
    fn single_substitution_in_resident_id_is_detected(
        id in valid_resident_id(),
        position in 0usize..18,
        replacement in proptest::sample::select("0123456789X".chars().collect::<Vec<_>>()),
    ) {
        let mut chars: Vec<char> = id.chars().collect();
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        let check = validate_resident_id(&changed);
        prop_assert!(!check.valid, "{:?}", check);
    }

    #[test]
    fn debug_never_shows_the_identifier(code in valid_uscc(), id in valid_resident_id()) {
        let check = validate_uscc(&code);
        let shown = format!("{:?}", check);
        prop_assert!(!shown.contains(&code));
        let parsed = Uscc::parse(&code).unwrap();
        let shown = format!("{:?}", parsed);
        prop_assert!(!shown.contains(&code));
        prop_assert!(!parsed.to_string().contains(&code));
        let check = validate_resident_id(&id);
        let shown = format!("{:?}", check);
        prop_assert!(!shown.contains(&id));
        let parsed = ResidentId::parse(&id).unwrap();
        let shown = format!("{:?}", parsed);
        prop_assert!(!shown.contains(&id));
        prop_assert!(!parsed.to_string().contains(&id));
    }
}
