//! The calendar horizon at evaluation level: a case whose working-day clocks run into a year
//! without a State Council notice still evaluates, only the conclusions that used a projected day
//! are marked, strict mode names the field that needed the day, and adding the year's notice as a
//! file removes every mark from conclusions that need only that year.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use chrono::{Datelike, NaiveDate};
use credit_core::calendar::{projection, CalendarMode, CalendarYear};
use credit_core::case::Case;
use credit_core::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A year file in the `policies/calendar` format, as if the projection had been published.
fn notice_for(year: i32) -> (String, String) {
    let y: CalendarYear = projection::project(year, projection::ProjectionMethod::default()).unwrap();
    let mut s = format!(
        "[year]\nyear = {year}\nsource = \"test notice for {year}\"\npublished = \"{}-11-01\"\nconfidence = \"C\"\n",
        year - 1
    );
    for r in &y.rest {
        s.push_str(&format!("\n[[rest]]\nname = {:?}\nfrom = \"{}\"\nuntil = \"{}\"\n", r.name, r.from, r.until));
    }
    for w in &y.workday {
        s.push_str(&format!("\n[[workday]]\non = \"{}\"\nfor = {:?}\n", w.on, w.holiday));
    }
    (format!("{year}.toml"), s)
}

fn case(decided: NaiveDate, filed: NaiveDate, as_of: NaiveDate) -> Case {
    Case::from_value(json!({
        "as_of": as_of.to_string(),
        "subject": {"id": "91110000600037341L", "kind": "legal_person"},
        "records": [{"id": "r1", "conduct": "administrative_penalty_general", "decided_on": decided.to_string(),
                     "events": [{"on": filed.to_string(), "type": "objection_filed"}]}],
        "proposed_measures": [{"measure": "key_supervision", "record": "r1"}]
    }))
    .unwrap()
}

/// Every `projected_years` array in a decision, with its JSON path.
fn marks(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "projected_years" {
                    out.push((path.to_owned(), x.clone()));
                }
                marks(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                marks(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn a_2027_objection_is_marked_only_where_the_projection_was_used() {
    let engine = Engine::national().unwrap();
    let c = case(d(2026, 12, 18), d(2026, 12, 20), d(2027, 1, 5));
    let v = serde_json::to_value(engine.evaluate(&c).unwrap()).unwrap();
    let mut found = Vec::new();
    marks(&v, "", &mut found);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert!(paths.contains(&".records[0].objections[0].explanation"), "{paths:?}");
    assert!(paths.iter().all(|p| !p.starts_with(".measures") && !p.starts_with(".grade")), "{paths:?}");
    assert_eq!(v["records"][0]["objections"][0]["reply_due"], "2027-01-11");
    assert_eq!(v["measures"][0]["verdict"], "allowed");
    assert!(v["calendar_version"].as_str().unwrap().ends_with("; projected from the statute: 2027"));
}

#[test]
fn strict_mode_names_the_conclusion_that_needed_the_day_in_the_cases_language() {
    let engine = Engine::national().unwrap().with_calendar_mode(CalendarMode::Strict);
    let c = case(d(2026, 12, 18), d(2026, 12, 20), d(2027, 1, 5));
    let e = engine.evaluate(&c).unwrap_err();
    assert_eq!(e.code(), "calendar_coverage");
    assert_eq!(e.path(), Some("records[0].objections[0]"));
    assert!(e.message().contains("2027年部分节假日安排的通知"), "{}", e.message()); // zh by default
    let e = engine.evaluate_in(&c, Some(credit_core::case::Lang::En)).unwrap_err();
    assert!(e.message().contains("2027 holiday arrangement"), "{}", e.message());
    assert!(e.help().unwrap().contains("calendar_years"), "{:?}", e.help());
    // A case that needs no 2027 working day is exact even in strict mode.
    let c = Case::from_value(
        json!({"as_of": "2027-06-01", "subject": {"id": "91110000600037341L", "kind": "legal_person"},
        "records": [{"id": "r1", "conduct": "administrative_penalty_general", "decided_on": "2026-06-01",
                     "events": [{"on": "2026-06-05", "type": "published"}]}]}),
    )
    .unwrap();
    let v = serde_json::to_value(engine.evaluate(&c).unwrap()).unwrap();
    assert_eq!(v["grade"], "general"); // the one-year period's last day is 2027-06-01
    assert_eq!(v["records"][0]["status"], "active");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Adding the published notice for a year never leaves a provisional mark on a conclusion
    /// that needs only that year; without it, the objection is marked with exactly that year.
    #[test]
    fn adding_a_years_notice_removes_every_mark_that_needs_only_that_year(
        year in 2027i32..=2040,
        decided_doy in 1u32..200,
        filed_after in 0u64..60,
        as_of_after in 0u64..60,
    ) {
        let decided = NaiveDate::from_yo_opt(year, decided_doy).unwrap();
        let filed = decided.checked_add_days(chrono::Days::new(filed_after)).unwrap();
        let as_of = filed.checked_add_days(chrono::Days::new(as_of_after)).unwrap();
        prop_assume!(filed.year() == year && filed < d(year, 11, 30));
        let c = case(decided, filed, as_of);
        let projected = Engine::national().unwrap();
        let v = serde_json::to_value(projected.evaluate(&c).unwrap()).unwrap();
        prop_assert_eq!(&v["records"][0]["objections"][0]["explanation"]["projected_years"], &json!([year]));

        let (name, text) = notice_for(year);
        let published = projected.with_calendar_year_files(&[(name, text)]).unwrap();
        let v = serde_json::to_value(published.evaluate(&c).unwrap()).unwrap();
        let mut found = Vec::new();
        marks(&v, "", &mut found);
        prop_assert!(found.is_empty(), "{:?}", found);
        prop_assert!(!v["calendar_version"].as_str().unwrap().contains("projected"));
    }
}

/// A worker thread's replica (`Engine::replica`) is the same engine: the layer, the calendar's
/// mode and the calendar years added at run time travel with it, and it answers a case the same.
#[test]
fn a_replica_keeps_the_layer_the_calendar_mode_and_the_years_added_at_run_time() {
    let (name, text) = notice_for(2027);
    let engine = Engine::national()
        .unwrap()
        .with_jurisdiction("cn-jilin-tonghua")
        .unwrap()
        .with_calendar_mode(CalendarMode::Strict)
        .with_calendar_year_files(&[(name, text)])
        .unwrap();
    let replica = engine.replica().unwrap();
    assert_eq!(replica.jurisdiction(), "cn-jilin-tonghua");
    assert_eq!(replica.calendar().mode(), CalendarMode::Strict);
    assert_eq!(replica.calendar_years(), engine.calendar_years());
    assert_eq!(replica.calendar_version(), engine.calendar_version());
    assert_eq!(replica.policy_version(), engine.policy_version());
    // A working-day clock in 2027 (published at run time) and one in 2028 (refused: strict).
    for as_of in ["2027-03-01", "2028-03-01"] {
        let c = case(d(2027, 1, 20), d(2027, 2, 1), NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap());
        let a = engine.evaluate(&c).map(|d| serde_json::to_string(&d).unwrap()).map_err(|e| e.to_string());
        let b = replica.evaluate(&c).map(|d| serde_json::to_string(&d).unwrap()).map_err(|e| e.to_string());
        assert_eq!(a, b, "as of {as_of}");
    }
}
