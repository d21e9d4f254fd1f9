//! Policy loader: arbitrary bytes → several (path, content) policy files →
//! `PolicySet::from_sources` and `lint::lint_sources`; a loaded set then builds an `Engine`
//! (`Engine::from_sources`, the bindings' path) that evaluates a small fixed case under a layer.
//!
//! Invariants: the loader and the linter never panic, hang or blow memory; they agree (a set that
//! loads lints with no error and the same number of layers, a refused set lints with an error); a
//! set that loads builds an engine for the layer the flag byte chooses, and its decision on the
//! fixed case renders and serializes.
//!
//! Input format (seeds under `fuzz/seeds/policy_loader/` are written in it by
//! `fuzz/make_seeds.py`):
//!   byte 0        flags:
//!                 bits 0-1 = the base added under the input's files (each base file only where the
//!                   input has no file of that path), for one input in `BASE_ONE_IN` (FNV-1a of the
//!                   whole input ≡ 0 mod `BASE_ONE_IN`; any other input is loaded alone, as with 0):
//!                   0  none: the input is the whole set;
//!                   1  the minimal national baseline `tests/policies/valid-minimal/` (`cn/*` and
//!                      `calendar/2025.toml`, 5 KB; it loads on its own);
//!                   2  the embedded holiday calendar `calendar/*`;
//!                   3  the full embedded baseline (`calendar/*` and `cn/*`, about 90 KB) for one
//!                      input in `FULL_ONE_IN` (FNV-1a ≡ 0 mod `FULL_ONE_IN`), else the minimal one.
//!                 bit 2 = when the set loads, build an engine and evaluate the fixed case under
//!                   the layer bits 3-7 choose.
//!   then          sections separated by a NUL byte; each is `PATH\nCONTENT`. A missing, empty or
//!                 over-long PATH is replaced by a plausible one chosen by the section index.
//! Content is decoded lossily (invalid UTF-8 becomes U+FFFD). `scripts/fuzz.sh` caps inputs at
//! 4 KB (`-max_len=4096`): the bases bring the large files.
//!
//! Why the bases are sampled: under the fuzzer's instrumentation, parsing and validating costs
//! about 0.1 µs per byte, twice per input (loader and linter), so a set on the minimal baseline costs
//! about 1 ms and one on the full baseline about 10 ms, against tens of µs for a small input alone.
//! Mutations keep the flag byte, so without sampling a corpus rich in baseline inputs ran at
//! ~120 exec/s (full baseline on every flagged input) and ~580 exec/s (minimal baseline). With
//! sampling, the mutations of an input that loads on a baseline are mostly checked alone (the
//! refusal paths: missing required entries, dangling references, syntax), and one in `BASE_ONE_IN`
//! (one in `FULL_ONE_IN` for the full baseline) takes the loading, evaluating path.
#![no_main]

use credit_core::case::Case;
use credit_core::policy::SourceFile;
use credit_core::policy::{embedded_sources, PolicySet};
use credit_core::Engine;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// One input with a base in this many gets it (see the header).
const BASE_ONE_IN: u64 = 16;
/// One input with base 3 in this many gets the full embedded baseline (see the header).
const FULL_ONE_IN: u64 = 64;

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

/// `tests/policies/valid-minimal/`: the smallest national baseline that loads.
const MINIMAL: &[(&str, &str)] = &[
    ("cn/jurisdiction.toml", include_str!("../../tests/policies/valid-minimal/cn/jurisdiction.toml")),
    ("cn/required.toml", include_str!("../../tests/policies/valid-minimal/cn/required.toml")),
    ("cn/conduct.toml", include_str!("../../tests/policies/valid-minimal/cn/conduct.toml")),
    ("cn/lists.toml", include_str!("../../tests/policies/valid-minimal/cn/lists.toml")),
    ("cn/measures.toml", include_str!("../../tests/policies/valid-minimal/cn/measures.toml")),
    ("calendar/2025.toml", include_str!("../../tests/policies/valid-minimal/calendar/2025.toml")),
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

/// The embedded files whose path starts with one of `prefixes` (`[calendar/]` or
/// `[calendar/, cn/]`), copied once per process instead of once per input.
fn embedded(prefixes: &'static [&'static str]) -> &'static [SourceFile] {
    static CALENDAR: OnceLock<Vec<SourceFile>> = OnceLock::new();
    static BASELINE: OnceLock<Vec<SourceFile>> = OnceLock::new();
    let cell = if prefixes.contains(&"cn/") { &BASELINE } else { &CALENDAR };
    cell.get_or_init(|| {
        embedded_sources().into_iter().filter(|f| prefixes.iter().any(|p| f.path.starts_with(p))).collect()
    })
}

fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

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
    let mut add = |base: &mut dyn Iterator<Item = (&str, &str)>| {
        let own = files.len();
        for (path, content) in base {
            if !files.iter().take(own).any(|g| g.path == path) {
                files.push(SourceFile { path: path.to_owned(), content: content.to_owned() });
            }
        }
    };
    let hash = fnv1a(data);
    match flags & 3 {
        _ if hash % BASE_ONE_IN != 0 => {}
        0 => {}
        2 => add(&mut embedded(&["calendar/"]).iter().map(|f| (f.path.as_str(), f.content.as_str()))),
        3 if hash % FULL_ONE_IN == 0 => {
            add(&mut embedded(&["calendar/", "cn/"]).iter().map(|f| (f.path.as_str(), f.content.as_str())))
        }
        _ => add(&mut MINIMAL.iter().copied()),
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
