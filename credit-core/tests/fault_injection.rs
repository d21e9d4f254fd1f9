//! Fault injection over every required entry of every layer: deleting one, renaming it, or
//! dating it from a typo year must make the policy set fail to load with a diagnostic — never
//! load and silently change a decision (issue "Nothing gets past the gate", item 2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::policy::SourceFile;
use credit_core::policy::{read_dir_sources, PolicySet};
use std::path::Path;

// The kinds whose entries evaluation requires, declared once in `credit_core::policy::required`.
use credit_core::policy::required::REQUIRED_KINDS as REQUIRED;

const CODES: &[&str] = &[
    "missing_required_entry",
    "regime_gap",
    "unknown_id",
    "missing_override",
    "undeclared_override",
    "dangling_reference",
];

fn sources() -> Vec<SourceFile> {
    read_dir_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies")).unwrap()
}

/// Load the set with file `index` replaced; the error codes (empty when it loads).
fn load_with(files: &[SourceFile], index: usize, content: String) -> Vec<&'static str> {
    let mut files = files.to_vec();
    files[index].content = content;
    match PolicySet::from_sources(&files) {
        Ok(_) => vec![],
        Err(e) => {
            e.diagnostics().iter().filter(|d| d.level == credit_core::error::Level::Error).map(|d| d.code).collect()
        }
    }
}

enum Fault {
    Delete,
    Rename,
    TypoYear,
}

fn inject(fault: Fault, name: &str) -> usize {
    let files = sources();
    let mut tried = 0;
    let mut silent = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        if f.path.starts_with("calendar/") {
            continue;
        }
        let table: toml::Table = toml::from_str(&f.content).unwrap();
        let national = f.path.starts_with("cn/");
        for kind in REQUIRED {
            let Some(toml::Value::Array(entries)) = table.get(*kind) else { continue };
            for i in 0..entries.len() {
                let id = entries[i].get("id").and_then(toml::Value::as_str).unwrap_or("").to_owned();
                // Triage rules are declared by the layer that triages (`[jurisdiction] triage`),
                // so dropping, renaming or mis-dating any one of them is caught.
                let _ = national;
                // A field publication regime (`domains`) is an optional addition, not a required
                // entry: deleting or renaming it is a policy change the loader cannot detect
                // (policies/README.md, "Field publication regimes"). A typo year must still fail.
                let field = *kind == "publication" && entries[i].get("domains").is_some();
                if field && !matches!(fault, Fault::TypoYear) {
                    continue;
                }
                let mut t = table.clone();
                let arr = t.get_mut(*kind).and_then(toml::Value::as_array_mut).unwrap();
                match fault {
                    Fault::Delete => {
                        arr.remove(i);
                    }
                    Fault::Rename => {
                        arr[i]
                            .as_table_mut()
                            .unwrap()
                            .insert("id".into(), toml::Value::String(format!("{id}_renamed")));
                    }
                    Fault::TypoYear => {
                        arr[i].as_table_mut().unwrap().insert("from".into(), toml::Value::String("2205-01-01".into()));
                    }
                }
                let codes = load_with(&files, fi, toml::to_string(&t).unwrap());
                tried += 1;
                if !codes.iter().any(|c| CODES.contains(c) || (field && *c == "inverted_range")) {
                    silent.push(format!("{name} {kind}[{i}] `{id}` in {}: {codes:?}", f.path));
                }
            }
        }
    }
    assert!(
        silent.is_empty(),
        "{} fault(s) loaded without a required-entry diagnostic:\n{}",
        silent.len(),
        silent.join("\n")
    );
    tried
}

#[test]
fn deleting_any_required_entry_of_any_layer_is_a_load_error() {
    assert!(inject(Fault::Delete, "deleted") > 40);
}

#[test]
fn renaming_any_required_entry_of_any_layer_is_a_load_error() {
    assert!(inject(Fault::Rename, "renamed") > 40);
}

#[test]
fn dating_any_required_entry_from_a_typo_year_is_a_load_error() {
    assert!(inject(Fault::TypoYear, "dated 2205") > 40);
}

#[test]
fn deleting_a_layers_whole_triage_is_a_load_error() {
    let files = sources();
    let (fi, f) = files.iter().enumerate().find(|(_, f)| f.path == "cn-hebei-shijiazhuang/triage.toml").unwrap();
    let mut t: toml::Table = toml::from_str(&f.content).unwrap();
    t.remove("triage");
    let codes = load_with(&files, fi, toml::to_string(&t).unwrap());
    assert!(codes.contains(&"missing_required_entry"), "{codes:?}");
}

#[test]
fn a_gap_between_two_dated_regimes_is_a_load_error() {
    let files = sources();
    let (fi, f) = files.iter().enumerate().find(|(_, f)| f.path == "cn/procedures.toml").unwrap();
    // Publication regime 2023-05-01..2025-06-21 shortened by a day: 2025-06-21 has no regime.
    let content = f.content.replacen("until = \"2025-06-21\"", "until = \"2025-06-20\"", 1);
    assert_ne!(content, f.content);
    let codes = load_with(&files, fi, content);
    assert!(codes.contains(&"regime_gap"), "{codes:?}");
}

#[test]
fn a_triage_rule_in_a_layer_that_declares_no_triage_is_a_load_error() {
    let files = sources();
    let (fi, f) = files.iter().enumerate().find(|(_, f)| f.path == "cn-jilin-tonghua/jurisdiction.toml").unwrap();
    let content = format!(
        "{}\n[[triage]]\nid = \"restrain_all\"\norder = 1\nwhen = {{}}\noutcome = \"restrain\"\nreason = \"x\"\nreason_en = \"x\"\nrule = \"TRI-6\"\n",
        f.content
    );
    let codes = load_with(&files, fi, content);
    assert!(codes.contains(&"undeclared_override"), "{codes:?}");
}

#[test]
fn a_triage_without_a_catch_all_is_a_load_error() {
    let files = sources();
    let (fi, f) = files.iter().enumerate().find(|(_, f)| f.path == "cn-hebei-shijiazhuang/triage.toml").unwrap();
    let content = f.content.replacen("order = 60\nwhen = {}", "order = 60\nwhen = { status = [\"active\"] }", 1);
    assert_ne!(content, f.content);
    let codes = load_with(&files, fi, content);
    assert!(codes.contains(&"missing_required_entry"), "{codes:?}");
}
