//! Personal data never leaves the engine unmasked: a unified social credit code or resident
//! identity number placed in any string of a case (or of a policy file) is masked in the decision
//! JSON, its text, comparisons, serious-ratio rows, errors and lint reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::case::Case;
use credit_core::id::{resident_id_check_character, uscc_check_character};
use credit_core::lint::lint_dir;
use credit_core::ratio::PopulationSubject;
use credit_core::vocab::SubjectKind;
use credit_core::Engine;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &["cn", "cn-sichuan-mianyang", "cn-jilin-tonghua", "cn-hebei-shijiazhuang"];
const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const PROVINCES: &[&str] = &["11", "31", "44", "51", "22", "13"];

/// A valid unified social credit code.
fn uscc() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!['1', '5', '9', 'Y']),
        prop::sample::select(vec!['1', '2', '3']),
        prop::sample::select(PROVINCES.to_vec()),
        "[0-9]{4}",
        prop::collection::vec(prop::sample::select(USCC_ALPHABET.to_vec()), 9),
    )
        .prop_map(|(dept, cat, prov, div, body)| {
            let body: String = body.into_iter().map(char::from).collect();
            let first17 = format!("{dept}{cat}{prov}{div}{body}");
            let check = uscc_check_character(&first17).unwrap();
            format!("{first17}{check}")
        })
}

/// A valid resident identity number.
fn resident_id() -> impl Strategy<Value = String> {
    (prop::sample::select(PROVINCES.to_vec()), "[0-9]{4}", 1950u32..2005, 1u32..13, 1u32..29, "[0-9]{3}").prop_map(
        |(prov, div, y, m, d, seq)| {
            let first17 = format!("{prov}{div}{y:04}{m:02}{d:02}{seq}");
            let check = resident_id_check_character(&first17).unwrap();
            format!("{first17}{check}")
        },
    )
}

fn identifier() -> impl Strategy<Value = String> {
    prop_oneof![uscc(), resident_id()]
}

/// Random text around the identifier (never alphanumeric right next to it, so the identifier
/// stays a word of its own and the raw string is what a leak would show).
fn around() -> impl Strategy<Value = (String, String)> {
    ("[a-z 记录号：]{0,6}[ :/-]", "[ :/-][a-z 某市]{0,6}")
}

fn case_json(id: &str, pre: &str, post: &str) -> serde_json::Value {
    let t = |label: &str| format!("{pre}{label}{id}{post}");
    serde_json::json!({
        "as_of": "2025-10-09",
        "subject": {"id": t(""), "kind": "legal_person", "sector": "private_enterprise", "status": "active",
                    "region": t("region "), "recognitions": [{"list": t("red "), "on": "2024-01-01"}]},
        "records": [
            {"id": t("r1 "), "conduct": "judgment_debtor_obstructs", "severity": "serious",
             "decided_on": "2025-03-03", "decided_by": t("court "), "list": "judgment_debtor",
             "events": [
                 {"on": "2025-02-20", "type": "notified", "note": t("note ")},
                 {"on": "2025-03-05", "type": "published", "note": t("note ")},
                 {"on": "2025-09-26", "type": "objection_filed", "note": t("note ")}
             ]},
            {"id": t("r2 "), "conduct": "administrative_penalty_general", "decided_on": "2025-06-02",
             "decided_by": t("bureau "),
             "events": [{"on": "2025-07-01", "type": "corrected", "note": t("note ")}]}
        ],
        "proposed_measures": [
            {"measure": "high_consumption_restriction", "record": t("r1 "), "by": t("by "), "by_kind": "court"},
            {"measure": "key_supervision", "record": t("r2 "), "by": t("by ")}
        ],
        "commitments": [
            {"id": t("c1 "), "kind": "notify_and_commit", "made_on": "2025-01-10", "status": "breached",
             "found_on": "2025-05-01"}
        ]
    })
}

fn assert_masked(what: &str, text: &str, id: &str) {
    assert!(!text.contains(id), "{what} contains the raw identifier `{id}`:\n{text}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn an_identifier_in_any_string_of_a_case_never_appears_unmasked_in_decisions_texts_comparisons_or_errors(
        id in identifier(),
        (pre, post) in around(),
    ) {
        let engine = Engine::national().unwrap();
        let value = case_json(&id, &pre, &post);
        let case = Case::from_value(value.clone()).unwrap();
        let mut evaluated = 0;
        for layer in LAYERS {
            let e = engine.with_jurisdiction(layer).unwrap();
            match e.evaluate(&case) {
                Ok(d) => {
                    evaluated += 1;
                    assert_masked("decision JSON", &serde_json::to_string(&d).unwrap(), &id);
                    assert_masked("decision text", &d.to_text(), &id);
                    assert_masked("decision Debug", &format!("{d:?}"), &id);
                }
                Err(err) => assert_masked("evaluation error", &err.to_string(), &id),
            }
            match e.evaluate_value(value.clone()) {
                Ok(v) => assert_masked("decision value", &v.to_string(), &id),
                Err(err) => assert_masked("evaluation error", &err.to_string(), &id),
            }
        }
        prop_assert!(evaluated >= 3, "the case should evaluate in most layers");
        let layers: Vec<String> = LAYERS.iter().map(|s| (*s).to_owned()).collect();
        match engine.compare(&case, &layers, None) {
            Ok(cmp) => {
                assert_masked("comparison JSON", &serde_json::to_string(&cmp).unwrap(), &id);
                assert_masked("comparison text", &cmp.to_text(), &id);
            }
            Err(err) => assert_masked("comparison error", &err.to_string(), &id),
        }
        // An unknown layer or list named with an identifier: the error masks it.
        let mut unknown = case.clone();
        unknown.jurisdiction = Some(format!("{pre}{id}{post}"));
        let err = engine.evaluate(&unknown).err().unwrap();
        assert_masked("unknown-jurisdiction error", &err.to_string(), &id);
        let err = engine.with_jurisdiction(&id).err().unwrap();
        assert_masked("with_jurisdiction error", &err.to_string(), &id);
    }

    #[test]
    fn an_identifier_in_a_population_never_appears_unmasked_in_serious_ratio_rows_or_errors(
        id in identifier(),
        (pre, post) in around(),
    ) {
        let engine = Engine::national().unwrap().with_jurisdiction("cn-hebei-shijiazhuang").unwrap();
        let people = vec![
            PopulationSubject { id: format!("{pre}{id}{post}"), kind: SubjectKind::LegalPerson,
                region: format!("{pre}{id}{post}"), lists: vec!["judgment_debtor".into()],
                status: Some(credit_core::vocab::RegistrationStatus::Deregistered), events: vec![] },
        ];
        let rows = engine.serious_ratio(&people).unwrap();
        assert_masked("ratio rows", &serde_json::to_string(&rows).unwrap(), &id);
        assert_masked("ratio rows Debug", &format!("{rows:?} {people:?}"), &id);
        let mut bad = people.clone();
        bad[0].lists = vec![format!("{pre}{id}{post}")];
        let err = engine.serious_ratio(&bad).err().unwrap();
        assert_masked("ratio error", &err.to_string(), &id);
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else if e.file_name() != "expected.json" {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn an_identifier_in_a_broken_policy_file_never_appears_unmasked_in_the_lint_report(
        id in identifier(),
        n in 0u32..1_000_000,
    ) {
        let dir = std::env::temp_dir().join(format!("credit-pii-lint-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&repo().join("tests/policies/valid-minimal"), &dir);
        let broken = format!(
            "[[domain]]\nid = \"d-{id}\"\nname = \"n\"\nsource = \"文号 {id}\"\nnote = \"{id}\"\n\n\
             [[domain]]\nid = \"d-{id}\"\nname = \"n\"\nrule = \"NOPE-{id}\"\n\n[[measure]]\nid = \"m {id}\"\n"
        );
        std::fs::write(dir.join("cn").join(format!("{id}.toml")), broken).unwrap();
        std::fs::write(dir.join(format!("{id}.toml")), "[x]\n").unwrap();
        let report = lint_dir(&dir);
        prop_assert!(!report.is_ok());
        assert_masked("lint text", &report.to_text(), &id);
        assert_masked("lint JSON", &serde_json::to_string(&report).unwrap(), &id);
        let err = Engine::from_dir(&dir, "cn").err().unwrap();
        assert_masked("from_dir error", &err.to_string(), &id);
        assert_masked("from_dir diagnostics", &format!("{:?}", err.diagnostics()), &id);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
