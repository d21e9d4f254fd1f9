//! Rule-coverage report: `cargo run -p credit-core --example coverage [-- --verbose]`.
//! Maps every RULEBOOK rule to the policy entries that encode it and the conformance cases that
//! exercise it; exits 1 when an in-scope rule has no encoding or no case.
//!
//! `-- --national`: the NATIONAL.md coverage report instead (`tests/coverage/national.toml`):
//! every national fact, encoded / out of scope / not yet encoded; exits 1 when a reference is
//! dangling, or (when NATIONAL.md is found) an anchor is missing or an item is unlisted.

use credit_core::coverage::{report, to_markdown, ScopeFile};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn cases(dir: &Path, out: &mut Vec<(String, Vec<String>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            cases(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            let rules = std::fs::read_to_string(&p)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v.get("rules").cloned())
                .and_then(|r| serde_json::from_value::<Vec<String>>(r).ok())
                .unwrap_or_default();
            out.push((p.display().to_string(), rules));
        }
    }
}

fn national(root: &Path) -> ExitCode {
    use credit_core::coverage::national::{check_anchors, check_completeness, check_references, locate, NationalFile};
    let file: NationalFile =
        match std::fs::read_to_string(root.join("tests/coverage/national.toml")).map(|t| toml::from_str(&t)) {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => {
                eprintln!("tests/coverage/national.toml: {e}");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("tests/coverage/national.toml: {e}");
                return ExitCode::FAILURE;
            }
        };
    let set = match credit_core::policy::PolicySet::from_sources(&credit_core::policy::embedded_sources()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", credit_core::coverage::national::to_markdown(&file));
    let mut problems = check_references(&file, &set, root);
    match locate(root).map(|p| std::fs::read_to_string(&p)) {
        Some(Ok(md)) => {
            problems.extend(check_anchors(&file, &md));
            problems.extend(check_completeness(&file, &md));
        }
        Some(Err(e)) => problems.push(format!("NATIONAL.md: {e}")),
        None => {
            eprintln!("note: NATIONAL.md not found (CREDIT_NATIONAL_MD or ../shared/NATIONAL.md): anchors not checked")
        }
    }
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if std::env::args().any(|a| a == "--national") {
        return national(&root);
    }
    let set = match credit_core::policy::PolicySet::from_dir(&root.join("policies")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let scope: ScopeFile =
        match std::fs::read_to_string(root.join("tests/coverage/scope.toml")).map(|t| toml::from_str(&t)) {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                eprintln!("tests/coverage/scope.toml: {e}");
                return ExitCode::FAILURE;
            }
            Err(_) => ScopeFile::default(),
        };
    let mut found = Vec::new();
    cases(&root.join("tests/cases"), &mut found);
    let rows = report(&set, &found, &scope);
    print!("{}", to_markdown(&rows));
    if std::env::args().any(|a| a == "--verbose") {
        for r in &rows {
            println!("\n{} {}\n  entries: {}\n  cases: {}", r.rule, r.title, r.entries.join(", "), r.cases.join(", "));
        }
    }
    if rows.iter().any(|r| r.gap().is_some()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
