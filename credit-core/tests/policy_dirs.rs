//! Policy directories are read defensively: only regular files under the root, no link followed,
//! no FIFO, device or socket opened, sizes and depth bounded, repeated diagnostics capped. Each
//! hostile tree must come back promptly with its stable code (`lint_dir` and `Engine::from_dir`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::lint::{lint_dir, LintReport};
use credit_core::Engine;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh copy of `tests/policies/valid-minimal` in a temporary directory.
fn minimal_tree(name: &str) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("credit-policy-dirs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(&repo().join("tests/policies/valid-minimal"), &dst);
    std::fs::remove_file(dst.join("expected.json")).unwrap();
    dst
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// Run `f` on another thread and fail (rather than hang) when it takes longer than 20 seconds.
fn promptly<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("{what} did not return within 20 s"))
}

fn lint(dir: &Path) -> LintReport {
    let d = dir.to_path_buf();
    promptly("lint_dir", move || lint_dir(&d))
}

fn codes(report: &LintReport) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

/// `Engine::from_dir` refuses the tree with a policy error carrying `code`.
fn engine_refuses(dir: &Path, code: &str) {
    let d = dir.to_path_buf();
    let result = promptly("Engine::from_dir", move || Engine::from_dir(&d, "cn"));
    let err = result.err().unwrap_or_else(|| panic!("{} loaded, expected `{code}`", dir.display()));
    assert_eq!(err.code(), "invalid_policy", "{err}");
    assert!(err.diagnostics().iter().any(|d| d.code == code), "no `{code}` in {err:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_refused_promptly_without_being_followed() {
    let dir = minimal_tree("loop");
    std::os::unix::fs::symlink(&dir, dir.join("cn").join("loop")).unwrap();
    let report = lint(&dir);
    assert!(!report.is_ok(), "{}", report.to_text());
    assert_eq!(codes(&report), vec!["symlink_refused"], "{}", report.to_text());
    assert_eq!(report.diagnostics[0].file, "cn/loop");
    assert!(report.to_text().contains("cn/loop:0:0: error[symlink_refused]"), "{}", report.to_text());
    engine_refuses(&dir, "symlink_refused");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_outside_the_root_is_refused_and_not_read() {
    let dir = minimal_tree("outside");
    let outside = std::env::temp_dir().join(format!("credit-policy-dirs-{}-outside.toml", std::process::id()));
    std::fs::write(&outside, "this is not toml [[[").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("cn").join("outside.toml")).unwrap();
    std::os::unix::fs::symlink("/usr", dir.join("usr")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("cn").join("zero.toml")).unwrap();
    let report = lint(&dir);
    let mut got = codes(&report);
    got.sort_unstable();
    // Not read: no `toml_syntax` from the outside file, nothing from /usr, no hang on /dev/zero.
    assert_eq!(got, vec!["symlink_refused"; 3], "{}", report.to_text());
    engine_refuses(&dir, "symlink_refused");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&outside);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_policy_file_is_never_opened() {
    let dir = minimal_tree("fifo");
    let fifo = dir.join("cn").join("x.toml");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("skipped: `mkfifo` is not available here ({other:?})");
            return;
        }
    }
    let report = lint(&dir);
    assert_eq!(codes(&report), vec!["not_a_regular_file"], "{}", report.to_text());
    assert_eq!(report.diagnostics[0].file, "cn/x.toml");
    engine_refuses(&dir, "not_a_regular_file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_over_one_mebibyte_is_refused_without_being_read() {
    let dir = minimal_tree("big");
    let line = format!("# {}\n", "x".repeat(1022));
    std::fs::write(dir.join("cn").join("big.toml"), line.repeat(1025)).unwrap();
    let report = lint(&dir);
    assert_eq!(codes(&report), vec!["file_too_large"], "{}", report.to_text());
    assert_eq!(report.diagnostics[0].file, "cn/big.toml");
    engine_refuses(&dir, "file_too_large");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tree_over_thirty_two_mebibytes_stops_being_read() {
    let dir = minimal_tree("total");
    let line = format!("# {}\n", "x".repeat(1021)); // 1024 bytes
    let mib = line.repeat(1024); // exactly 1 MiB: allowed per file
    assert_eq!(mib.len(), 1024 * 1024);
    std::fs::create_dir_all(dir.join("padding")).unwrap();
    for i in 0..33 {
        std::fs::write(dir.join("padding").join(format!("p{i:02}.toml")), &mib).unwrap();
    }
    let report = lint(&dir);
    assert!(codes(&report).contains(&"policy_too_large"), "{}", report.to_text());
    assert!(!report.is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tree_deeper_than_sixteen_levels_is_refused() {
    let dir = minimal_tree("deep");
    let mut d = dir.clone();
    for i in 0..20 {
        d = d.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&d).unwrap();
    let report = lint(&dir);
    assert_eq!(codes(&report), vec!["too_deep"], "{}", report.to_text());
    engine_refuses(&dir, "too_deep");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_of_more_than_ten_thousand_entries_stops_being_read() {
    let dir = minimal_tree("entries");
    let junk = dir.join("junk");
    std::fs::create_dir_all(&junk).unwrap();
    for i in 0..10_001 {
        std::fs::write(junk.join(format!("{i}.txt")), "").unwrap();
    }
    let report = lint(&dir);
    assert!(codes(&report).contains(&"too_many_entries"), "{}", report.to_text());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn twenty_thousand_copies_of_one_entry_give_a_hundred_diagnostics_and_one_summary() {
    let dir = minimal_tree("copies");
    let entry = "[[domain]]\nid=\"d\"\nname=\"n\"\nrule=\"SUB-4\"\n";
    std::fs::write(dir.join("cn").join("copies.toml"), entry.repeat(20_000)).unwrap();
    let started = std::time::Instant::now();
    let report = lint(&dir);
    let elapsed = started.elapsed();
    let duplicates = report.diagnostics.iter().filter(|d| d.code == "duplicate_id").count();
    assert_eq!(duplicates, 100, "{}", report.to_text());
    let summaries: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "diagnostics_truncated").collect();
    assert_eq!(summaries.len(), 1, "{}", report.to_text());
    assert_eq!(summaries[0].message, "19899 more `duplicate_id` diagnostics not shown");
    assert_eq!(summaries[0].file, "cn/copies.toml");
    assert_eq!(report.diagnostics.len(), 101, "{}", report.to_text());
    assert!(report.to_text().contains("error[diagnostics_truncated]: 19899 more `duplicate_id` diagnostics not shown"));
    eprintln!("20,000 copies linted in {elapsed:?}");
    engine_refuses(&dir, "diagnostics_truncated");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn twenty_thousand_distinct_entries_of_one_kind_load() {
    let dir = minimal_tree("distinct");
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!("[[domain]]\nid=\"d{i}\"\nname=\"n\"\nrule=\"SUB-4\"\n"));
    }
    std::fs::write(dir.join("cn").join("many.toml"), text).unwrap();
    let report = lint(&dir);
    assert!(report.is_ok(), "{}", report.to_text());
    assert!(report.diagnostics.is_empty(), "{}", report.to_text());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_directory_is_an_io_error() {
    let dir = std::env::temp_dir().join(format!("credit-policy-dirs-{}-does-not-exist", std::process::id()));
    let report = lint(&dir);
    assert_eq!(codes(&report), vec!["io"], "{}", report.to_text());
    let err = Engine::from_dir(&dir, "cn").err().unwrap();
    assert_eq!(err.code(), "io");
}
