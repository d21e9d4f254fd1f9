//! Every code of the closed set `ErrorCode::ALL` is produced by something that runs: a
//! conformance case (`tests/cases`, whose codes `conformance.rs` proves), an entry of the bad-input
//! corpus (`tests/bad-inputs`, proven by `bad_inputs.rs`), or a producer here that is run and
//! checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::ffi::{self, Arg};
use credit_core::{Engine, Error, ErrorCode};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Codes produced by running something directly (each is checked to be the code it claims).
fn producers() -> BTreeMap<ErrorCode, Error> {
    let engine = Engine::national().unwrap();
    let err = |r: Result<(), Error>| r.expect_err("an error");
    let mut out = BTreeMap::new();
    let mut add = |e: Error| {
        out.insert(e.code(), e);
    };
    add(err(Engine::from_sources(vec![("cn/national.toml".to_owned(), "not = [toml".to_owned())], "cn").map(drop)));
    add(err(Engine::from_dir(repo().join("no-such-policy-dir"), "cn").map(drop)));
    let mut bad_keys = BTreeMap::new();
    bad_keys.insert((1, 2), 3);
    add(err(ffi::to_value(&bad_keys).map(drop)));
    add(err(
        credit_core::ratio::population_from_values(vec![json!({"id": "x", "kind": "alien", "region": "1"})]).map(drop)
    ));
    add(err(ffi::engine_options(&json!("strict")).map(drop)));
    add(err(ffi::calendar_year_files(&json!(["2027.toml"]), "files").map(drop)));
    add(err(ffi::policy_files(&json!(42)).map(drop)));
    add(err(ffi::count(&Arg::Int(17), "indent", 16, "spaces").map(drop)));
    add(err(engine
        .with_calendar_mode(credit_core::calendar::CalendarMode::Strict)
        .calendar()
        .is_working_day(chrono::NaiveDate::from_ymd_opt(2099, 1, 5).unwrap())
        .map(drop)
        .map_err(Error::from)));
    // Only a case built in Rust can carry a date near the end of chrono's range (JSON dates have
    // four-digit years): "three clean years" counted from it leave the range of dates.
    let mut case = credit_core::case::Case::from_value(json!({
        "as_of": "2025-10-09", "subject": {"id": "x", "kind": "legal_person", "since": "2020-01-01"}
    }))
    .unwrap();
    case.subject.since = Some(credit_core::vocab::Date(chrono::NaiveDate::MAX));
    add(err(engine.evaluate(&case).map(drop)));
    out
}

#[test]
fn every_error_code_is_produced() {
    let mut covered: BTreeMap<String, String> = BTreeMap::new();
    let mut files = Vec::new();
    json_files(&repo().join("tests").join("cases"), &mut files);
    for f in files {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        if let Some(code) = spec.pointer("/error/code").and_then(Value::as_str) {
            covered.entry(code.to_owned()).or_insert_with(|| format!("conformance case {}", f.display()));
        }
    }
    let corpus: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(repo().join("tests/bad-inputs/corpus.json")).unwrap()).unwrap();
    for entry in &corpus {
        let code = entry["expect"]["code"].as_str().unwrap();
        covered.entry(code.to_owned()).or_insert_with(|| format!("bad input `{}`", entry["name"]));
    }
    for (code, e) in producers() {
        assert_eq!(e.code(), code);
        covered.entry(code.as_str().to_owned()).or_insert_with(|| format!("producer: {e}"));
    }
    let known: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    for code in covered.keys() {
        assert!(known.contains(code.as_str()), "`{code}` is produced but not in ErrorCode::ALL");
    }
    let missing: Vec<&str> = known.iter().copied().filter(|c| !covered.contains_key(*c)).collect();
    assert!(missing.is_empty(), "codes no test produces: {missing:?}");
}

#[test]
fn error_codes_are_unique_snake_case_and_documented() {
    let contract = std::fs::read_to_string(repo().join("docs/contract.md")).unwrap();
    let mut seen = BTreeSet::new();
    for code in ErrorCode::ALL {
        let s = code.as_str();
        assert!(seen.insert(s), "duplicate code {s}");
        assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
        assert_eq!(code.to_string(), s);
        assert_eq!(serde_json::to_value(code).unwrap(), json!(s));
        assert!(contract.contains(&format!("`{s}`")), "docs/contract.md does not list `{s}`");
    }
}
