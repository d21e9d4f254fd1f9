//! A decision serialises and deserialises: for every conformance case, the decision read back from
//! its JSON serialises to the same JSON. Enums display as their JSON words.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::case::Case;
use credit_core::decision::{CheckKind, Decision, RecordStatus, Verdict};
use credit_core::Engine;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

#[test]
fn every_conformance_decision_reads_back_from_its_json_unchanged() {
    let engine = Engine::national().unwrap();
    let mut paths = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases"), &mut paths);
    let mut checked = 0;
    for p in paths {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let Some(case) = v.get("case") else { continue };
        if v.get("engine").is_some() {
            continue; // engine options (strict calendars, extra years) are exercised elsewhere
        }
        let Ok(case) = Case::from_value(case.clone()) else { continue };
        let Ok(decision) = engine.evaluate(&case) else { continue };
        let json = serde_json::to_value(&decision).unwrap();
        let back: Decision = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(back, decision, "{}", p.display());
        assert_eq!(serde_json::to_value(&back).unwrap(), json, "{}", p.display());
        checked += 1;
    }
    assert!(checked > 200, "only {checked} decisions checked");
}

#[test]
fn enums_display_as_their_json_words() {
    assert_eq!(RecordStatus::Suspended.to_string(), "suspended");
    assert_eq!(Verdict::Refused.to_string(), "refused");
    assert_eq!(CheckKind::VoluntaryOnly.to_string(), "voluntary_only");
    assert_eq!(credit_core::calendar::CalendarMode::Strict.to_string(), "strict");
    assert_eq!(credit_core::policy::model::TriageOutcome::Assist.to_string(), "assist");
}

#[test]
fn a_chinese_decision_reads_in_chinese_labels_and_an_english_one_in_english() {
    let engine = Engine::national().unwrap();
    let case = Case::from_json(
        r#"{"as_of": "2025-10-09", "subject": {"id": "91110000600037341L", "kind": "legal_person", "status": "revoked"},
            "records": [{"id": "r1", "conduct": "tax_evasion_major", "decided_on": "2025-03-01", "list": "major_tax_violator",
                         "events": [{"on": "2025-02-20", "type": "notified"}]}],
            "proposed_measures": [{"measure": "high_consumption_restriction", "record": "r1"}]}"#,
    )
    .unwrap();
    let zh = engine.evaluate(&case).unwrap().to_text();
    for english in ["REFUSED", "Restrain", "Active", "grade:", "records:", "LegalPerson", "legal_person"] {
        assert!(!zh.contains(english), "`{english}` in a Chinese decision:\n{zh}");
    }
    assert!(zh.contains("信用等级") && zh.contains("不予"), "{zh}");
    let en = engine.evaluate_in(&case, Some(credit_core::case::Lang::En)).unwrap().to_text();
    assert!(en.contains("grade: serious") && en.contains("REFUSED"), "{en}");
}
