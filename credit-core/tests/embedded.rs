//! The policy files compiled into the library are exactly the files of `policies/`, and the
//! embedded engine decides exactly as an engine loaded from that directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::policy::embedded_sources;
use credit_core::Engine;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("policies")
}

/// Every file under `dir`, by `/`-separated path relative to `root`, with its bytes.
fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            let rel =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn the_embedded_files_are_the_policy_files_on_disk() {
    let mut disk = BTreeMap::new();
    walk(&policies(), &policies(), &mut disk);
    // Policy data is the `.toml` files; `policies/README.md` is the format reference, not data.
    let non_policy: Vec<&String> = disk.keys().filter(|p| !p.ends_with(".toml")).collect();
    assert!(
        non_policy.iter().all(|p| p.ends_with(".md")),
        "files under policies/ that are neither policy data nor documentation: {non_policy:?}"
    );
    disk.retain(|p, _| p.ends_with(".toml"));

    let embedded: BTreeMap<String, Vec<u8>> =
        embedded_sources().into_iter().map(|f| (f.path, f.content.into_bytes())).collect();
    assert_eq!(embedded.len(), embedded_sources().len(), "an embedded path appears twice");

    let only_disk: Vec<&String> = disk.keys().filter(|p| !embedded.contains_key(*p)).collect();
    let only_embedded: Vec<&String> = embedded.keys().filter(|p| !disk.contains_key(*p)).collect();
    assert!(
        only_disk.is_empty() && only_embedded.is_empty(),
        "on disk but not embedded: {only_disk:?}; embedded but not on disk: {only_embedded:?} (rebuild to refresh the embedding)"
    );
    let differing: Vec<&String> =
        disk.iter().filter(|(p, bytes)| embedded.get(*p) != Some(*bytes)).map(|(p, _)| p).collect();
    assert!(differing.is_empty(), "embedded content differs from disk: {differing:?}");

    // The tree has the national baseline and the calendar at least.
    assert!(disk.contains_key("cn/jurisdiction.toml"));
    assert!((2020..=2026).all(|y| disk.contains_key(&format!("calendar/{y}.toml"))));
}

const CASES: &[&str] = &[
    // No record: trustworthy.
    r#"{"as_of": "2025-10-09",
        "subject": {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise", "status": "active"}}"#,
    // A wage-arrears listing with notice, an objection and two proposed measures, in English.
    r#"{"as_of": "2025-10-09", "lang": "en",
        "subject": {"id": "91350100M000100Y43", "kind": "legal_person", "sector": "private_enterprise"},
        "records": [{"id": "r1", "conduct": "wage_arrears_malicious", "decided_on": "2024-03-15", "list": "wage_arrears",
                     "events": [{"on": "2024-03-01", "type": "notified"}, {"on": "2024-03-20", "type": "published"},
                                {"on": "2024-04-01", "type": "objection_filed"}, {"on": "2024-04-10", "type": "objection_rejected"}]}],
        "proposed_measures": [{"measure": "wage_arrears_restrictions", "record": "r1"}, {"measure": "licence_bar", "record": "r1"}]}"#,
    // A natural person with a general record under the 2025 regime, in Chinese.
    r#"{"as_of": "2026-11-22",
        "subject": {"id": "11010519491231002X", "kind": "natural_person"},
        "records": [{"id": "a", "conduct": "project_payment_arrears", "decided_on": "2025-07-01",
                     "events": [{"on": "2025-07-04", "type": "published"}, {"on": "2025-12-01", "type": "corrected"}]}]}"#,
];

#[test]
fn the_embedded_engine_decides_like_the_engine_loaded_from_disk() {
    let embedded = Engine::national().unwrap();
    let disk = Engine::from_dir(policies(), "cn").unwrap();
    assert_eq!(embedded.jurisdiction(), disk.jurisdiction());
    assert_eq!(embedded.jurisdictions(), disk.jurisdictions());
    assert_eq!(embedded.policy_version(), disk.policy_version());
    assert_eq!(embedded.calendar_version(), disk.calendar_version());
    for case in CASES {
        let a: serde_json::Value = serde_json::from_str(&embedded.evaluate_json(case).unwrap()).unwrap();
        let b: serde_json::Value = serde_json::from_str(&disk.evaluate_json(case).unwrap()).unwrap();
        assert_eq!(a, b, "decisions differ for case {case}");
    }
}

#[test]
fn the_embedded_catalogue_equals_the_catalogue_on_disk() {
    let embedded = Engine::national().unwrap();
    let disk = Engine::from_dir(policies(), "cn").unwrap();
    assert_eq!(embedded.catalog(), disk.catalog());
    // Every layer of the set, not only `cn`.
    for j in embedded.jurisdictions() {
        let a = embedded.with_jurisdiction(&j).unwrap();
        let b = disk.with_jurisdiction(&j).unwrap();
        assert_eq!(a.catalog(), b.catalog(), "catalogues differ for layer {j}");
    }
    let measures = embedded.catalog().measures.len();
    assert!(measures > 0, "the national catalogue has no measure");
}
