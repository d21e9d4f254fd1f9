//! Runs every conformance case in `tests/cases/` (shared with the Python and JS suites) and
//! checks that every in-scope RULEBOOK rule is exercised by at least one case.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::case::{Case, Lang};
use credit_core::Engine;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            case_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("tests").join("cases")
}

/// Subset match; returns the path of the first mismatch.
fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match expected {
        Value::Object(e) if e.contains_key("$contains") => {
            let want =
                e.get("$contains").and_then(Value::as_array).ok_or(format!("{path}: $contains needs an array"))?;
            let have = actual.as_array().ok_or(format!("{path}: expected an array, found {actual}"))?;
            for w in want {
                if !have.iter().any(|h| matches(w, h, path).is_ok()) {
                    return Err(format!("{path}: no element matches {w} in {actual}"));
                }
            }
            Ok(())
        }
        Value::Object(e) if e.contains_key("$absent") => {
            if actual.is_null() {
                Ok(())
            } else {
                Err(format!("{path}: expected absent, found {actual}"))
            }
        }
        Value::Object(e) => {
            for (k, v) in e {
                let a = actual.get(k);
                if a.is_none() && !(v.is_null() || v.get("$absent").is_some()) {
                    return Err(format!("{path}.{k}: missing in decision"));
                }
                matches(v, a.unwrap_or(&Value::Null), &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        Value::Array(e) => {
            let a = actual.as_array().ok_or(format!("{path}: expected an array, found {actual}"))?;
            if a.len() != e.len() {
                return Err(format!("{path}: expected {} elements, found {}: {actual}", e.len(), a.len()));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                matches(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => {
            if expected == actual {
                Ok(())
            } else {
                Err(format!("{path}: expected {expected}, found {actual}"))
            }
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The case's optional `engine` options: `{"strict": bool, "calendar_years": [path from the
/// repository root, ...]}` applied to the national engine.
fn engine_for(national: &Engine, spec: &Value) -> Result<Engine, String> {
    let Some(options) = spec.get("engine") else { return Ok(national.clone()) };
    let options = options.as_object().ok_or("`engine` must be an object")?;
    if let Some(k) = options.keys().find(|k| !matches!(k.as_str(), "strict" | "calendar_years")) {
        return Err(format!("unknown `engine` option `{k}`"));
    }
    let strict = match options.get("strict") {
        None => false,
        Some(v) => v.as_bool().ok_or("`engine.strict` must be a boolean")?,
    };
    let mut engine = national.clone();
    if let Some(years) = options.get("calendar_years") {
        let paths = years
            .as_array()
            .ok_or("`engine.calendar_years` must be an array of paths")?
            .iter()
            .map(|p| p.as_str().map(|p| repo_root().join(p)).ok_or("`engine.calendar_years` must hold strings"))
            .collect::<Result<Vec<_>, _>>()?;
        engine = engine.with_calendar_year_paths(&paths).map_err(|e| format!("engine.calendar_years: {e}"))?;
    }
    if strict {
        engine = engine.with_calendar_mode(credit_core::calendar::CalendarMode::Strict);
    }
    Ok(engine)
}

/// Run one case; returns the actual outcome (decision, error or ratio rows) as JSON, so the other
/// bindings can prove they produce the identical JSON.
fn run_case(national: &Engine, file: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let spec: Value = serde_json::from_str(&text).map_err(|e| format!("bad json: {e}"))?;
    let engine = &engine_for(national, &spec)?;
    let name = spec.get("name").and_then(Value::as_str).ok_or("missing `name`")?;
    if name.split_whitespace().count() < 4 {
        return Err(format!("name `{name}` is not a full sentence"));
    }
    let lang = match spec.get("lang").and_then(Value::as_str) {
        Some("en") => Some(Lang::En),
        Some("zh") | None => None,
        Some(other) => return Err(format!("bad lang `{other}`")),
    };
    if let Some(population) = spec.get("population") {
        // A serious-subject ratio case (TRI-7): a population in, the per-region table out.
        let j = spec.get("jurisdiction").and_then(Value::as_str).unwrap_or("cn");
        let population: Vec<credit_core::ratio::PopulationSubject> =
            serde_json::from_value(population.clone()).map_err(|e| format!("bad population: {e}"))?;
        let rows = engine.with_jurisdiction(j).and_then(|e| e.serious_ratio(&population)).map_err(|e| e.to_string())?;
        let actual = serde_json::to_value(&rows).map_err(|e| e.to_string())?;
        matches(spec.get("expect").ok_or("missing `expect`")?, &actual, "ratio")?;
        return Ok(actual);
    }
    let case_value = spec.get("case").cloned().ok_or("missing `case`")?;
    let result = Case::from_value(case_value).and_then(|case| engine.evaluate_in(&case, lang));
    match (result, spec.get("expect"), spec.get("error")) {
        (Ok(decision), Some(expect), None) => {
            let actual = serde_json::to_value(&decision).map_err(|e| e.to_string())?;
            matches(expect, &actual, "decision")?;
            Ok(actual)
        }
        (Err(err), None, Some(expect)) => {
            let actual = serde_json::json!({"kind": err.kind().as_str(), "code": err.code(), "path": err.path(), "message": err.message()});
            matches(expect, &actual, "error")?;
            Ok(actual)
        }
        (Ok(_), None, Some(e)) => Err(format!("expected error {e}, got a decision")),
        (Err(err), Some(_), None) => Err(format!("unexpected error [{}] at {:?}: {err}", err.code(), err.path())),
        _ => Err("a case has exactly one of `expect` and `error`".into()),
    }
}

#[test]
fn every_conformance_case_passes() {
    let engine = Engine::national().expect("embedded policy loads");
    let mut files = Vec::new();
    case_files(&root(), &mut files);
    files.sort();
    let mut failures = Vec::new();
    let mut outcomes = serde_json::Map::new();
    for f in &files {
        let name = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        match run_case(&engine, f) {
            Ok(actual) => {
                outcomes.insert(name, actual);
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    // Every outcome, for the Python and JS suites to compare with exactly (identical JSON in all
    // three bindings): target/conformance/outcomes.json.
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target").join("conformance");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("outcomes.json"), serde_json::to_string(&Value::Object(outcomes)).unwrap()).unwrap();
    println!("{} conformance cases, {} failed", files.len(), failures.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// The engine the WebAssembly bundle runs, restored from a snapshot of the resolved policy set
/// (`policy::snapshot`, no validation at run time), answers every conformance case exactly as the
/// engine loaded from the TOML files: same decisions, errors and ratio rows, JSON byte for byte.
/// So does a worker thread's replica of the loaded engine (`Engine::replica`, a private copy of
/// its policy data made through a snapshot).
#[test]
fn the_restored_engine_answers_every_case_identically() {
    use credit_core::policy::{snapshot, PolicySet};
    let loaded = Engine::national().expect("embedded policy loads");
    let bytes = snapshot::embedded().expect("the embedded set has a snapshot");
    let set = PolicySet::from_snapshot(&bytes).expect("the snapshot restores");
    let restored = Engine::from_policy_set(std::sync::Arc::new(set), "cn").expect("cn is a layer");
    assert_eq!(restored.calendar().version(), loaded.calendar().version());
    let replica = loaded.replica().expect("the embedded set has a replica");
    let mut files = Vec::new();
    case_files(&root(), &mut files);
    files.sort();
    assert!(files.len() > 100, "only {} cases found", files.len());
    let mut differences = Vec::new();
    for f in &files {
        let a = run_case(&loaded, f).map(|v| serde_json::to_string(&v).unwrap());
        for (name, other) in [("restored", &restored), ("replica", &replica)] {
            let b = run_case(other, f).map(|v| serde_json::to_string(&v).unwrap());
            if a != b {
                differences.push(format!(
                    "{}:
  loaded:   {a:?}
  {name}: {b:?}",
                    f.display()
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{} cases differ:\n{}", differences.len(), differences.join("\n"));
}

/// Families whose every rule must be exercised by a case.
const IN_SCOPE: &[&str] = &["SUB-", "TRI-", "MEA-", "INC-", "COM-", "PER-", "OBJ-", "REP-"];

#[test]
fn every_in_scope_rule_has_a_case() {
    let mut files = Vec::new();
    case_files(&root(), &mut files);
    let mut covered = BTreeSet::new();
    for f in &files {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for r in spec.get("rules").and_then(Value::as_array).into_iter().flatten() {
            if let Some(r) = r.as_str() {
                assert!(credit_core::rules::is_known(r), "{}: unknown rule id `{r}`", f.display());
                covered.insert(r.to_owned());
            }
        }
    }
    let missing: Vec<&str> = credit_core::rules::RULEBOOK
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| IN_SCOPE.iter().any(|p| r.starts_with(p)) && !covered.contains(*r))
        .collect();
    assert!(missing.is_empty(), "rules without a conformance case: {missing:?}");
}
