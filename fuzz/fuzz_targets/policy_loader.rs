//! Policy loader: arbitrary bytes → several (path, content) policy files →
//! `PolicySet::from_sources` and `lint::lint_sources`; a loaded set is then used to evaluate a
//! small fixed case under a layer. Must never panic, hang or blow memory.
//!
//! Input format (seeds under `fuzz/seeds/policy_loader/` are written in it):
//!   byte 0        flags: bit 0 = add the embedded `calendar/*` files, bit 1 = add the embedded
//!                 `cn/*` baseline (each only where the input has no file of that path), bit 2 =
//!                 when the set loads, evaluate a fixed case under the layer bits 3-7 choose
//!   then          sections separated by a NUL byte; each is `PATH\nCONTENT`. A missing, empty or
//!                 over-long PATH is replaced by a plausible one chosen by the section index.
//! Content is decoded lossily (invalid UTF-8 becomes U+FFFD).
#![no_main]

use credit_core::case::Case;
use credit_core::policy::SourceFile;
use credit_core::policy::{embedded_sources, PolicySet};
use credit_core::Engine;
use libfuzzer_sys::fuzz_target;

const PLAUSIBLE: &[&str] = &[
    "cn/jurisdiction.toml",
    "cn/x.toml",
    "calendar/2027.toml",
    "cn-a/jurisdiction.toml",
    "cn-a/measures.toml",
    "cn/measures.toml",
    "cn/conduct.toml",
    "cn/lists.toml",
    "calendar/2025.toml",
    "cn-a/b/procedures.toml",
    "x.toml",
    "cn/grades.toml",
];

const CASE: &str = r#"{
    "as_of": "2025-10-09",
    "subject": {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise"},
    "records": [{"id": "r1", "conduct": "administrative_penalty_general", "decided_on": "2025-06-02",
                 "events": [{"on": "2025-09-26", "type": "objection_filed"}]},
                {"id": "r2", "conduct": "judgment_debtor_breaches_consumption_order", "decided_on": "2024-02-29",
                 "list": "judgment_debtor"}],
    "proposed_measures": [{"measure": "key_supervision", "record": "r1"}]
}"#;

fn split(data: &[u8]) -> Vec<SourceFile> {
    let Some((&flags, rest)) = data.split_first() else { return Vec::new() };
    let mut files: Vec<SourceFile> = Vec::new();
    for (i, section) in rest.split(|&b| b == 0).enumerate().take(64) {
        let (path, content) = match section.iter().position(|&b| b == b'\n') {
            Some(nl) => (section.get(..nl).unwrap_or_default(), section.get(nl + 1..).unwrap_or_default()),
            None => (&[][..], section),
        };
        let path = String::from_utf8_lossy(path).trim().to_owned();
        let path = if path.is_empty() || path.len() > 64 {
            PLAUSIBLE.get(i % PLAUSIBLE.len()).copied().unwrap_or("cn/x.toml").to_owned()
        } else {
            path
        };
        files.push(SourceFile { path, content: String::from_utf8_lossy(content).into_owned() });
    }
    let add = |files: &mut Vec<SourceFile>, prefix: &str| {
        for f in embedded_sources() {
            if f.path.starts_with(prefix) && !files.iter().any(|g| g.path == f.path) {
                files.push(f);
            }
        }
    };
    if flags & 1 != 0 {
        add(&mut files, "calendar/");
    }
    if flags & 2 != 0 {
        add(&mut files, "cn/");
    }
    files
}

fuzz_target!(|data: &[u8]| {
    let flags = data.first().copied().unwrap_or(0);
    let files = split(data);
    let loaded = PolicySet::from_sources(&files);
    let report = credit_core::lint::lint_sources(&files);
    let _ = report.to_text();
    match &loaded {
        Ok(set) => {
            assert!(report.is_ok(), "the set loads but lint reports errors:\n{}", report.to_text());
            let ids: Vec<String> = set.layer_ids().map(str::to_owned).collect();
            assert_eq!(report.jurisdictions.len(), ids.len());
            // Flag bit 2: evaluate a small fixed case under one layer (bits 3-7 choose it). It
            // loads the set a second time (an `Engine` is built from sources), hence optional.
            if flags & 4 == 0 || ids.is_empty() {
                return;
            }
            let id = ids.get(usize::from(flags >> 3) % ids.len()).expect("non-empty");
            let pairs: Vec<(String, String)> = files.iter().map(|f| (f.path.clone(), f.content.clone())).collect();
            let engine = Engine::from_sources(pairs, id).expect("a set that loads builds an engine");
            let case = Case::from_json(CASE).expect("the fixed case parses");
            if let Ok(decision) = engine.evaluate(&case) {
                let _ = decision.to_text();
                let _ = serde_json::to_string(&decision).expect("a decision serializes");
            }
            let _ = engine.catalog();
        }
        Err(e) => {
            let _ = e.to_string();
            assert!(!report.is_ok(), "the loader refuses ({e}) but lint reports no error:\n{}", report.to_text());
        }
    }
});
