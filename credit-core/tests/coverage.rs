//! The rule-coverage report: every in-scope RULEBOOK rule is encoded (by a policy entry, or by
//! code declared in `tests/coverage/scope.toml`) and exercised by at least one conformance case.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::coverage::{report, to_markdown, ScopeFile};
use std::path::{Path, PathBuf};

fn cases(dir: &Path, out: &mut Vec<(String, Vec<String>)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            cases(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let rules = v.get("rules").cloned().map(|r| serde_json::from_value(r).unwrap()).unwrap_or_default();
            out.push((p.display().to_string(), rules));
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_in_scope_rule_is_encoded_and_tested() {
    let set = credit_core::policy::PolicySet::from_dir(&root().join("policies")).unwrap();
    let scope: ScopeFile =
        toml::from_str(&std::fs::read_to_string(root().join("tests/coverage/scope.toml")).unwrap()).unwrap();
    let mut found = Vec::new();
    cases(&root().join("tests/cases"), &mut found);
    let rows = report(&set, &found, &scope);
    let gaps: Vec<String> = rows.iter().filter_map(|r| r.gap().map(|g| format!("{}: {g}", r.rule))).collect();
    assert!(gaps.is_empty(), "coverage gaps: {gaps:?}\n{}", to_markdown(&rows));
    assert_eq!(rows.len(), credit_core::rules::RULEBOOK.len());
}

#[test]
fn the_scope_file_names_only_known_rules_with_reasons() {
    let scope: ScopeFile =
        toml::from_str(&std::fs::read_to_string(root().join("tests/coverage/scope.toml")).unwrap()).unwrap();
    for e in scope.out_of_scope.iter().chain(&scope.in_code) {
        assert!(credit_core::rules::is_known(&e.rule), "unknown rule {}", e.rule);
        assert!(!e.reason.trim().is_empty(), "{} has no reason", e.rule);
        assert!(!e.reason.contains('\n'), "{}: the reason must be one line", e.rule);
    }
    for e in &scope.in_code {
        let file = e.implemented_by.as_deref().expect("in_code names its implementation");
        assert!(root().join(file).is_file(), "{} names a missing file {file}", e.rule);
    }
}
