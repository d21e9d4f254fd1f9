//! The calendar horizon through the public engine API: the strict coverage error's language and
//! path, and the test fixture year file (`tests/calendar/2027-test.toml`, not the real notice).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::calendar::CalendarMode;
use credit_core::case::{Case, Lang};
use credit_core::{Engine, ErrorKind};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/calendar/2027-test.toml")
}

fn case(lang: Option<&str>) -> Case {
    let lang = lang.map(|l| format!(r#""lang": "{l}","#)).unwrap_or_default();
    Case::from_json(&format!(
        r#"{{{lang} "as_of": "2027-01-05",
            "subject": {{"id": "91110000600037341L", "kind": "legal_person"}},
            "records": [{{"id": "r1", "conduct": "administrative_penalty_general", "decided_on": "2026-12-25"}}]}}"#
    ))
    .unwrap()
}

#[test]
fn a_strict_coverage_error_names_the_conclusion_in_the_case_language() {
    let strict = Engine::builder().strict(true).build().unwrap();
    let zh = strict.evaluate(&case(Some("zh"))).unwrap_err();
    assert_eq!(zh.kind(), ErrorKind::Coverage);
    assert_eq!(zh.code(), "calendar_coverage");
    assert_eq!(zh.path(), Some("records[0].double_publicity"));
    assert!(zh.message().contains("严格"), "{}", zh.message());
    assert!(zh.help().unwrap_or_default().contains("年度文件"), "{:?}", zh.help());
    let en = strict.evaluate(&case(Some("en"))).unwrap_err();
    assert!(en.message().contains("strict"), "{}", en.message());
    let en = strict.evaluate_in(&case(Some("zh")), Some(Lang::En)).unwrap_err();
    assert!(en.message().contains("strict"), "{}", en.message());
}

#[test]
fn the_2027_test_fixture_makes_the_decision_exact() {
    let engine = Engine::builder().strict(true).calendar_year_file(fixture()).build().unwrap();
    assert_eq!(engine.calendar().mode(), CalendarMode::Strict);
    let d = serde_json::to_value(engine.evaluate(&case(None)).unwrap()).unwrap();
    let dp = &d["records"][0]["double_publicity"];
    assert_eq!(dp["due"], "2027-01-06");
    assert!(dp["explanation"].get("projected_years").is_none_or(serde_json::Value::is_null));
    let years = serde_json::to_value(engine.calendar_years()).unwrap();
    let y2027 = years.as_array().unwrap().iter().find(|y| y["year"] == 2027).unwrap();
    assert_eq!(y2027["status"], "published");
    assert_eq!(y2027["published"], "2026-11-01");
}
