//! Property tests for record timelines (PER-1, OBJ-1..3, REP-2) under the national baseline and
//! the Mianyang (objections suspend, OBJ-2) and Tonghua (objections do not suspend, OBJ-3)
//! overlays. Cases are built as JSON values, read with `Case::from_value` and evaluated with
//! `Engine::national()?.with_jurisdiction(..)`. Every date stays inside the calendar's 2020–2026
//! coverage; expected values are computed here from the rules, not read back from the engine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use chrono::{Duration, NaiveDate};
use credit_core::case::Case;
use credit_core::decision::{CheckKind, Decision, RecordDecision, RecordStatus, Verdict};
use credit_core::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

const CN: &str = "cn";
const MY: &str = "cn-sichuan-mianyang";
const TH: &str = "cn-jilin-tonghua";
const JURISDICTIONS: [&str; 3] = [CN, MY, TH];
const SUBJECT: &str = "91110000600037341L";

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
}

fn last_covered() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
}

fn day(offset: i64) -> NaiveDate {
    base() + Duration::days(offset)
}

fn s(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn engine(jurisdiction: &str) -> Engine {
    Engine::national().unwrap().with_jurisdiction(jurisdiction).unwrap()
}

fn evaluate(jurisdiction: &str, case: Value) -> Decision {
    let case = Case::from_value(case.clone()).unwrap_or_else(|e| panic!("bad case {case}: {e}"));
    engine(jurisdiction).evaluate(&case).unwrap_or_else(|e| panic!("evaluation failed for {case:?}: {e}"))
}

fn event(on: NaiveDate, kind: &str) -> Value {
    json!({"on": s(on), "type": kind})
}

/// One record `r1` with `events`, evaluated at `as_of`.
fn one_record(
    as_of: NaiveDate,
    conduct: &str,
    list: Option<&str>,
    decided: NaiveDate,
    events: &[Value],
    measures: Value,
) -> Value {
    let mut record = json!({"id": "r1", "conduct": conduct, "decided_on": s(decided), "events": events});
    if let Some(l) = list {
        record["list"] = json!(l);
    }
    json!({
        "as_of": s(as_of),
        "subject": {"id": SUBJECT, "kind": "legal_person", "sector": "private_enterprise"},
        "records": [record],
        "proposed_measures": measures,
    })
}

fn record(d: &Decision) -> &RecordDecision {
    &d.records[0]
}

/// Objection windows: (gap before filing, days until rejection), laid one after another from the
/// decision date. Each rejection comes at least one day after its filing; the first objection may
/// be filed on the decision day, later ones at least one day after the previous rejection (a
/// same-day re-filing is covered by its own conformance case, see `lay_out`).
fn windows() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((0i64..60, 1i64..60), 0..4)
}

/// Lay the windows out: (filed, rejected) pairs, the last one possibly still pending.
fn lay_out(decided: NaiveDate, ws: &[(i64, i64)]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut at = decided;
    let mut out = Vec::new();
    for (i, (gap, len)) in ws.iter().enumerate() {
        let gap = if i == 0 { *gap } else { (*gap).max(1) };
        let filed = at + Duration::days(gap);
        let rejected = filed + Duration::days(*len);
        out.push((filed, rejected));
        at = rejected;
    }
    out
}

/// Events for laid-out windows; with `pending_last`, the last objection is never answered.
fn objection_events(laid: &[(NaiveDate, NaiveDate)], pending_last: bool) -> Vec<Value> {
    let mut events = Vec::new();
    for (i, (filed, rejected)) in laid.iter().enumerate() {
        events.push(event(*filed, "objection_filed"));
        if !(pending_last && i + 1 == laid.len()) {
            events.push(event(*rejected, "objection_rejected"));
        }
    }
    events
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, .. ProptestConfig::default() })]

    /// PER-1, OBJ-2: suspensions can only push the end back, never forward.
    #[test]
    fn effective_end_is_never_before_nominal_end(
        decided in 0i64..2000,
        ws in windows(),
        pending_last in any::<bool>(),
        after in 0i64..30,
        listed in any::<bool>(),
    ) {
        let decided = day(decided);
        let laid = lay_out(decided, &ws);
        let events = objection_events(&laid, pending_last);
        let last = laid.last().map_or(decided, |(f, r)| if pending_last { *f } else { *r });
        let as_of = last + Duration::days(after);
        let (conduct, list) = if listed { ("judgment_debtor_obstructs", Some("judgment_debtor")) } else { ("administrative_penalty_general", None) };
        for j in JURISDICTIONS {
            let d = evaluate(j, one_record(as_of, conduct, list, decided, &events, json!([])));
            let p = &record(&d).period;
            let (nominal, effective) = (p.nominal_end.unwrap(), p.effective_end.unwrap());
            prop_assert!(effective >= nominal, "{j}: effective end {effective:?} before nominal end {nominal:?}");
            prop_assert!(p.suspended_days >= 0, "{j}: negative suspended days");
        }
    }

    /// OBJ-2 vs OBJ-3: under Mianyang the suspended days are exactly the days of the objection
    /// windows inside the period (from the filing, or the first day of the period, to the
    /// rejection; to `as_of` inclusive while pending) and move the end by as many days; under
    /// Tonghua nothing is suspended.
    #[test]
    fn suspended_days_are_the_objection_windows_in_mianyang_and_none_in_tonghua(
        decided in 0i64..2000,
        ws in windows(),
        pending_last in any::<bool>(),
        after in 0i64..30,
    ) {
        let decided = day(decided);
        let laid = lay_out(decided, &ws);
        let events = objection_events(&laid, pending_last);
        let last = laid.last().map_or(decided, |(f, r)| if pending_last { *f } else { *r });
        let as_of = last + Duration::days(after);
        // Every window lies within 360 days of the decision, inside the (at least 1-year) period.
        let first_day = decided + Duration::days(1);
        let expected: i64 = laid
            .iter()
            .enumerate()
            .map(|(i, (filed, rejected))| {
                let stop = if pending_last && i + 1 == laid.len() { as_of + Duration::days(1) } else { *rejected };
                (stop - (*filed).max(first_day)).num_days().max(0)
            })
            .sum();
        let case = one_record(as_of, "administrative_penalty_general", None, decided, &events, json!([]));

        let my = evaluate(MY, case.clone());
        let p = &record(&my).period;
        prop_assert_eq!(p.suspended_days, expected);
        prop_assert_eq!(p.suspensions.iter().map(|w| w.days).sum::<i64>(), expected);
        prop_assert_eq!((p.effective_end.unwrap().0 - p.nominal_end.unwrap().0).num_days(), expected);
        let pending = pending_last && !laid.is_empty() && laid.last().is_some_and(|(f, _)| *f <= as_of);
        if pending && as_of >= first_day {
            prop_assert_eq!(record(&my).status, RecordStatus::Suspended);
        }

        let th = evaluate(TH, case);
        let p = &record(&th).period;
        prop_assert_eq!(p.suspended_days, 0);
        prop_assert!(p.suspensions.is_empty());
        prop_assert_eq!(p.effective_end, p.nominal_end);
        prop_assert_eq!(record(&th).status, RecordStatus::Active);
    }

    /// REP-2: once repair is granted the record is never active or suspended again, and no
    /// measure may be taken for it.
    #[test]
    fn nothing_is_in_force_after_a_granted_repair(
        decided in 0i64..2000,
        granted_after in 1i64..300,
        as_of_after in 0i64..700,
        objection_after in prop::option::of(0i64..60),
    ) {
        let decided = day(decided);
        let granted = decided + Duration::days(granted_after);
        let as_of = (granted + Duration::days(as_of_after)).min(last_covered());
        let mut events = vec![event(granted, "corrected"), event(granted, "repair_applied"), event(granted, "repair_granted")];
        if let Some(k) = objection_after {
            events.push(event(granted + Duration::days(k), "objection_filed"));
        }
        let measures = json!([{"measure": "key_supervision", "record": "r1"}]);
        for j in JURISDICTIONS {
            let d = evaluate(j, one_record(as_of, "administrative_penalty_general", None, decided, &events, measures.clone()));
            let r = record(&d);
            prop_assert!(!r.status.in_force(), "{j}: status {:?} on {as_of} after repair granted on {granted}", r.status);
            prop_assert_eq!(d.measures[0].verdict, Verdict::Refused);
            prop_assert!(d.measures[0].failed.contains(&CheckKind::RecordInForce), "{j}: {:?}", d.measures[0].failed);
            prop_assert!(d.permitted_measures.iter().all(|p| &*p.record != "r1"), "{j}: measures still permitted");
        }
    }

    /// OBJ-1, OBJ-3: every objection's reply deadline is a working day exactly N working days
    /// after the filing (the filing day not counted), and the first such day.
    #[test]
    fn every_reply_due_is_the_nth_working_day_after_filing(
        filed in 0i64..2525,
        decided_before in 0i64..120,
    ) {
        let filed = day(filed); // up to 2026-11-29: 15 working days stay inside 2026
        let decided = (filed - Duration::days(decided_before)).max(base());
        let events = [event(filed, "objection_filed")];
        for j in JURISDICTIONS {
            let e = engine(j);
            let case = Case::from_value(one_record(filed, "administrative_penalty_general", None, decided, &events, json!([]))).unwrap();
            let d = e.evaluate(&case).unwrap();
            let o = &record(&d).objections[0];
            let n: i64 = o.reply_within.strip_suffix(" working days").and_then(|x| x.parse().ok()).unwrap_or_else(|| panic!("{j}: clock `{}` is not in working days", o.reply_within));
            let due = o.reply_due.0;
            let cal = e.calendar();
            prop_assert!(cal.is_working_day(due).unwrap(), "{j}: {due} is not a working day");
            prop_assert_eq!(cal.working_days_between(filed, due).unwrap(), n, "{}: {} → {}", j, filed, due);
            prop_assert_eq!(cal.working_days_between(filed, due - Duration::days(1)).unwrap(), n - 1, "{}: {} is not the first such day", j, due);
        }
    }

    /// PER-1, REP-2: a record that is no longer in force at one date (expired, repaired, removed,
    /// revoked) is in the same state at every later date, whatever happens in between.
    #[test]
    fn a_later_as_of_never_revives_a_record(
        decided in 0i64..1800,
        kind in 0usize..3,
        objection in prop::option::of((0i64..900, 1i64..60, any::<bool>())),
        repair in prop::option::of(0i64..900),
        performed in prop::option::of(0i64..900),
        first in 0i64..1500,
        later in 1i64..900,
    ) {
        let decided = day(decided);
        let (conduct, list) = match kind {
            0 => ("administrative_penalty_general", None),
            1 => ("administrative_penalty_minor", None),
            _ => ("judgment_debtor_obstructs", Some("judgment_debtor")),
        };
        let mut events = vec![event(decided, "notified")];
        if let Some((at, len, upheld)) = objection {
            let filed = decided + Duration::days(at);
            events.push(event(filed, "objection_filed"));
            events.push(event(filed + Duration::days(len), if upheld { "objection_upheld" } else { "objection_rejected" }));
        }
        if let Some(at) = repair {
            let on = decided + Duration::days(at);
            events.push(event(on, "corrected"));
            events.push(event(on, "repair_granted"));
        }
        if let Some(at) = performed {
            events.push(event(decided + Duration::days(at), "obligation_performed"));
        }
        // Keep events early enough that their working-day clocks (15-day replies, 3-day deletions)
        // end inside the calendar's coverage.
        let events: Vec<Value> = events.into_iter().filter(|e| e["on"].as_str().is_some_and(|d| d <= "2026-11-30")).collect();
        let a = (decided + Duration::days(first)).min(last_covered() - Duration::days(1));
        let b = (a + Duration::days(later)).min(last_covered());
        for j in JURISDICTIONS {
            let at_a = evaluate(j, one_record(a, conduct, list, decided, &events, json!([])));
            let ra = record(&at_a);
            if ra.status.in_force() {
                continue;
            }
            let at_b = evaluate(j, one_record(b, conduct, list, decided, &events, json!([])));
            let rb = record(&at_b);
            prop_assert_eq!(rb.status, ra.status, "{}: {:?} on {} became {:?} on {}", j, ra.status, a, rb.status, b);
            prop_assert_eq!(rb.status_since, ra.status_since);
        }
    }

    /// PER-1 with NATIONAL §6: an extension can only lengthen a running listing; one recorded
    /// after the listing expired does not bring it back.
    #[test]
    fn a_late_extension_never_revives_an_expired_listing(
        decided in 0i64..1200,
        extension_after_end in 1i64..300,
        years in 1u32..4,
        later in 0i64..300,
    ) {
        let decided = day(decided);
        // judgment_debtor_obstructs: 2 years; the end is the corresponding day (Feb 29 → Feb 28).
        let end = credit_core::calendar::add_years(decided, 2).unwrap();
        let extended_on = end + Duration::days(extension_after_end);
        let as_of = (extended_on + Duration::days(later)).min(last_covered());
        prop_assume!(extended_on <= as_of);
        let events = [event(decided, "notified"), json!({"on": s(extended_on), "type": "listing_extended", "extension": format!("{years} years")})];
        for j in JURISDICTIONS {
            let d = evaluate(j, one_record(as_of, "judgment_debtor_obstructs", Some("judgment_debtor"), decided, &events, json!([])));
            let r = record(&d);
            prop_assert_eq!(r.status, RecordStatus::Expired, "{}: extension on {} after the end {} revived the listing", j, extended_on, end);
            prop_assert_eq!(r.status_since.map(|x| x.0), Some(end + Duration::days(1)));
            prop_assert!(d.lists.is_empty());
        }
    }
}
