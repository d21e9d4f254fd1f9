//! Evaluation never panics: random, structurally plausible cases (random conduct, lists, dates
//! inside and outside the calendar, events in any order, measures, commitments, jurisdictions)
//! always give a decision or a typed error, and decisions are deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

const CONDUCT: &[&str] = &[
    "judgment_debtor_refuses",
    "judgment_debtor_obstructs",
    "tax_evasion_major",
    "wage_arrears_malicious",
    "administrative_penalty_general",
    "administrative_penalty_minor",
    "market_serious_violation",
    "licence_false_application",
    "no_such_conduct",
];
const LISTS: &[Option<&str>] = &[
    None,
    Some("judgment_debtor"),
    Some("major_tax_violator"),
    Some("wage_arrears"),
    Some("watch_list"),
    Some("procurement_bad_record"),
];
const EVENTS: &[&str] = &[
    "notified",
    "published",
    "objection_filed",
    "objection_extended",
    "objection_upheld",
    "objection_rejected",
    "complaint_filed",
    "complaint_upheld",
    "complaint_rejected",
    "obligation_performed",
    "corrected",
    "commitment_made",
    "repair_applied",
    "repair_granted",
    "repair_refused",
    "deregistered",
    "moved_out",
    "bankruptcy_opened",
    "listing_extended",
    "removed",
];
const MEASURES: &[&str] = &[
    "high_consumption_restriction",
    "key_supervision",
    "higher_loan_rates",
    "fiscal_support_restriction",
    "licence_bar",
];
const JURISDICTIONS: &[&str] = &[
    "cn",
    "cn-sichuan-mianyang",
    "cn-jilin-tonghua",
    "cn-hebei-shijiazhuang",
    "cn-dept-campaign-2024",
    "cn-district-2022",
    "cn-shanghai",
    "cn-zhejiang",
    "cn-guangdong-shenzhen",
];

fn date(days: i64) -> String {
    // 2019-06-01 + days: covers dates before, inside and after the 2020–2026 calendar.
    let d = chrono::NaiveDate::from_ymd_opt(2019, 6, 1).unwrap() + chrono::Duration::days(days);
    d.format("%Y-%m-%d").to_string()
}

fn event(decided: i64) -> impl Strategy<Value = Value> {
    // Mostly after the decision (as real timelines are), sometimes before it.
    (-30..900i64, 0..EVENTS.len(), any::<bool>()).prop_map(move |(off, k, ext)| {
        let mut e = json!({"on": date(decided + off), "type": EVENTS[k]});
        if ext && EVENTS[k] == "listing_extended" {
            e["extension"] = json!("1 year");
        }
        e
    })
}

/// The list a conduct naturally leads to (its entry criteria).
fn natural_list(conduct: &str) -> Option<&'static str> {
    match conduct {
        "judgment_debtor_refuses" | "judgment_debtor_obstructs" => Some("judgment_debtor"),
        "tax_evasion_major" => Some("major_tax_violator"),
        "wage_arrears_malicious" => Some("wage_arrears"),
        "administrative_penalty_general" | "licence_false_application" => Some("watch_list"),
        _ => None,
    }
}

fn record(i: usize) -> impl Strategy<Value = Value> {
    (0..CONDUCT.len(), 0..LISTS.len(), 0..10u8, 150..2700i64, any::<bool>())
        .prop_flat_map(move |(c, l, pick, d, sev)| {
            (Just((c, l, pick, d, sev)), proptest::collection::vec(event(d), 0..8))
        })
        .prop_map(move |((c, l, pick, d, sev), events)| {
            let mut r = json!({"id": format!("r{i}"), "conduct": CONDUCT[c], "decided_on": date(d), "events": events});
            // Usually the conduct's own list (or none), sometimes any list (criteria not met).
            let list = match pick {
                0 => LISTS[l],
                1..=4 => None,
                _ => natural_list(CONDUCT[c]),
            };
            if let Some(list) = list {
                r["list"] = json!(list);
            }
            if sev {
                r["severity"] = json!("serious");
            }
            r
        })
}

fn case() -> impl Strategy<Value = Value> {
    (
        0..JURISDICTIONS.len(),
        200..2900i64,
        proptest::collection::vec(0..3usize, 0..3),
        proptest::collection::vec((0..MEASURES.len(), 0..3usize, any::<bool>()), 0..3),
        any::<bool>(),
    )
        .prop_flat_map(|(j, as_of, _, measures, en)| {
            (Just(j), Just(as_of), (0..3usize).prop_flat_map(|n| (0..n).map(record).collect::<Vec<_>>()), Just(measures), Just(en))
        })
        .prop_map(|(j, as_of, records, measures, en)| {
            let n = records.len();
            let proposed: Vec<Value> = measures
                .into_iter()
                .filter(|(_, r, _)| *r < n)
                .map(|(m, r, bank)| {
                    let mut p = json!({"measure": MEASURES[m], "record": format!("r{r}")});
                    if bank {
                        p["by_kind"] = json!("financial_institution");
                    }
                    p
                })
                .collect();
            json!({
                "jurisdiction": JURISDICTIONS[j],
                "as_of": date(as_of),
                "lang": if en { "en" } else { "zh" },
                "subject": {"id": "91110000600037341L", "kind": "legal_person", "sector": "private_enterprise"},
                "records": records,
                "proposed_measures": proposed,
                "commitments": [{"id": "c1", "kind": "notify_and_commit", "made_on": date(100), "status": "breached", "found_on": date(as_of / 2 + 200)}]
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics_and_is_deterministic(c in case()) {
        let engine = Engine::national().unwrap();
        let first = engine.evaluate_value(c.clone());
        let second = engine.evaluate_value(c);
        match (&first, &second) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                prop_assert!(!a.code().as_str().is_empty());
            }
            _ => prop_assert!(false, "non-deterministic outcome"),
        }
        // Identifiers never leak into the decision.
        if let Ok(d) = first {
            prop_assert!(!d.to_string().contains("91110000600037341L"));
        }
    }
}

/// The generator is worth something only if many cases evaluate to decisions (not just errors).
#[test]
fn the_generator_produces_mostly_evaluable_cases() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let engine = Engine::national().unwrap();
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let (mut ok, mut codes) = (0, std::collections::BTreeMap::new());
    for _ in 0..300 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        match engine.evaluate_value(c) {
            Ok(_) => ok += 1,
            Err(e) => *codes.entry(e.code()).or_insert(0) += 1,
        }
    }
    println!("{ok} decisions of 300; errors: {codes:?}");
    assert!(ok >= 100, "only {ok} of 300 generated cases evaluated: {codes:?}");
}
