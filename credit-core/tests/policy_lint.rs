//! The policy lint against hand-written fixtures.
//!
//! `tests/policies/broken/<sentence>/` each hold a tiny complete policy tree (a minimal `cn/`
//! layer and `calendar/2025.toml`) with a deliberate defect, and an `expected.json` listing every
//! diagnostic the loader must produce: `{"diagnostics": [{"code", "file", "line", "column",
//! "path"}]}`. The expectations were worked out by reading the fixture, not copied from the
//! loader. `tests/policies/valid-minimal/` must load with no diagnostic at all, and so must the
//! real tree `policies/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::lint::{lint_dir, LintReport};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    repo().join("tests").join("policies")
}

/// (code, file, line, column) and the key path, as expected by a fixture.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    code: String,
    file: String,
    line: usize,
    column: usize,
    path: String,
}

fn expected(dir: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}/expected.json: {e}", dir.display()));
    v["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{}/expected.json: no `diagnostics` array", dir.display()))
        .iter()
        .map(|d| Expected {
            code: d["code"].as_str().unwrap().to_owned(),
            file: d["file"].as_str().unwrap().to_owned(),
            line: usize::try_from(d["line"].as_u64().unwrap()).unwrap(),
            column: usize::try_from(d["column"].as_u64().unwrap()).unwrap(),
            path: d["path"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

fn actual(report: &LintReport) -> Vec<Expected> {
    report
        .diagnostics
        .iter()
        .map(|d| Expected {
            code: d.code.to_owned(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            path: d.path.clone(),
        })
        .collect()
}

fn key(e: &Expected) -> (String, String, usize, usize) {
    (e.code.clone(), e.file.clone(), e.line, e.column)
}

fn show(e: &Expected) -> String {
    format!("{}:{}:{} [{}] at `{}`", e.file, e.line, e.column, e.code, e.path)
}

/// Compare one fixture; the problems found, empty when it matches.
fn check_fixture(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let want = expected(dir);
    let report = lint_dir(dir);
    let got = actual(&report);
    let mut problems = Vec::new();

    let want_keys: BTreeSet<_> = want.iter().map(key).collect();
    let got_keys: BTreeSet<_> = got.iter().map(key).collect();
    if want_keys != got_keys {
        let missing: Vec<String> = want.iter().filter(|e| !got_keys.contains(&key(e))).map(show).collect();
        let extra: Vec<String> = got.iter().filter(|e| !want_keys.contains(&key(e))).map(show).collect();
        problems.push(format!(
            "{name}: diagnostics differ\n    expected but not reported: {missing:?}\n    reported but not expected: {extra:?}\n    full report:\n{}",
            report.to_text().lines().map(|l| format!("      {l}")).collect::<Vec<_>>().join("\n")
        ));
    }
    if want.len() != got.len() && want_keys == got_keys {
        problems.push(format!("{name}: {} diagnostics expected, {} reported (duplicates?)", want.len(), got.len()));
    }
    // Key paths of the diagnostics that match by position.
    for w in &want {
        if let Some(g) = got.iter().find(|g| key(g) == key(w)) {
            if g.path != w.path {
                problems.push(format!("{name}: {} has path `{}`, expected `{}`", show(w), g.path, w.path));
            }
        }
    }
    // The readable report names every position as file:line:col.
    let text = report.to_text();
    for w in &want {
        let pos = format!("{}:{}:{}", w.file, w.line, w.column);
        if got_keys.contains(&key(w)) && !text.contains(&format!("{pos}: error[{}]", w.code)) {
            problems.push(format!("{name}: text report lacks `{pos}: error[{}]`:\n{text}", w.code));
        }
    }
    if want.is_empty() {
        if !report.is_ok() || !report.diagnostics.is_empty() {
            problems.push(format!("{name}: expected to load cleanly, got:\n{text}"));
        }
    } else if report.is_ok() || !text.contains("refused:") {
        problems.push(format!("{name}: expected the set to be refused, got:\n{text}"));
    }
    problems
}

#[test]
fn every_broken_fixture_reports_exactly_its_diagnostics() {
    let root = fixtures().join("broken");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "expected the full fixture set, found {} directories", dirs.len());
    let mut problems = Vec::new();
    let mut passed = 0;
    for dir in &dirs {
        let p = check_fixture(dir);
        if p.is_empty() {
            passed += 1;
        }
        problems.extend(p);
    }
    eprintln!("{passed}/{} broken fixtures match", dirs.len());
    assert!(problems.is_empty(), "{} problem(s):\n\n{}", problems.len(), problems.join("\n\n"));
}

#[test]
fn the_minimal_valid_fixture_loads_without_diagnostics() {
    let problems = check_fixture(&fixtures().join("valid-minimal"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let report = lint_dir(&fixtures().join("valid-minimal"));
    assert_eq!(report.jurisdictions, vec!["cn".to_owned()]);
    assert!(report.to_text().starts_with("ok: 6 files"), "{}", report.to_text());
}

#[test]
fn every_fixture_expectation_names_a_documented_code() {
    // The codes of policies/README.md "Diagnostic codes".
    let known = [
        "unknown_key",
        "missing_key",
        "invalid_value",
        "invalid_date",
        "unknown_value",
        "duplicate_id",
        "overlapping_range",
        "inverted_range",
        "missing_citation",
        "confidence_contradicts_note",
        "missing_confidence",
        "unknown_rule",
        "dangling_reference",
        "missing_jurisdiction",
        "parent_cycle",
        "toml_syntax",
        "calendar_data",
        "insufficient_legal_basis",
        "measure_not_in_national_catalogue",
        "measure_exceeds_national",
        "widened_list_criteria",
        "list_without_legal_basis",
        "period_exceeds_national",
        "suspension_not_allowed",
        "misplaced_calendar",
        "missing_required_entry",
        "regime_gap",
        "unknown_id",
        "missing_override",
        "undeclared_override",
        "widened_targets",
        "weakened_legal_basis",
        "raised_severity",
        "weakened_safeguard",
    ];
    // Codes of the directory reader and the diagnostic cap: a fixture cannot hold a FIFO, a link
    // loop or a 1 MiB file, so `tests/policy_dirs.rs` builds each case and checks its code.
    let known_without_fixture = [
        "symlink_refused",
        "not_a_regular_file",
        "file_too_large",
        "policy_too_large",
        "too_deep",
        "too_many_entries",
        "io",
        "diagnostics_truncated",
    ];
    let readme = std::fs::read_to_string(repo().join("policies").join("README.md")).unwrap();
    for code in known.iter().chain(&known_without_fixture) {
        assert!(readme.contains(&format!("| `{code}` |")), "policies/README.md does not document `{code}`");
    }
    let mut covered = BTreeSet::new();
    for entry in std::fs::read_dir(fixtures().join("broken")).unwrap() {
        let dir = entry.unwrap().path();
        for e in expected(&dir) {
            assert!(known.contains(&e.code.as_str()), "{}: undocumented code `{}`", dir.display(), e.code);
            covered.insert(e.code);
        }
    }
    let uncovered: Vec<&&str> = known.iter().filter(|k| !covered.contains(**k)).collect();
    assert!(uncovered.is_empty(), "codes without a fixture: {uncovered:?}");
}

#[test]
fn the_real_policy_tree_lints_clean() {
    let report = lint_dir(&repo().join("policies"));
    assert!(report.is_ok(), "{}", report.to_text());
    assert_eq!(report.errors(), 0, "{}", report.to_text());
    assert!(report.jurisdictions.iter().any(|j| j == "cn"), "{}", report.to_text());
    assert!(report.to_text().contains("ok: "), "{}", report.to_text());
}

/// The lint example, when `cargo test` built it next to this test (target/<profile>/examples/).
fn lint_example() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let path = profile_dir.join("examples").join(format!("lint{}", std::env::consts::EXE_SUFFIX));
    path.is_file().then_some(path)
}

#[test]
fn the_lint_example_exits_non_zero_on_a_broken_fixture() {
    // Cargo offers `CARGO_BIN_EXE_*` for binaries only, not examples; `cargo test` does build the
    // examples, so look for the binary next to this test and skip when it is not there.
    let Some(lint) = lint_example() else {
        eprintln!("skipped: the lint example binary was not found next to the test binary");
        return;
    };
    let broken = fixtures().join("broken").join("several-defects-in-several-files-are-all-reported-at-once");
    let out = std::process::Command::new(&lint).arg(&broken).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "lint exited successfully on a broken fixture:\n{stdout}");
    assert!(stdout.contains("cn/lists.toml:13:1: error[unknown_rule]"), "{stdout}");
    assert!(stdout.contains("refused: 5 error(s)"), "{stdout}");

    let ok = std::process::Command::new(&lint).arg(fixtures().join("valid-minimal")).output().unwrap();
    assert!(ok.status.success(), "lint failed on the valid fixture:\n{}", String::from_utf8_lossy(&ok.stdout));
}
