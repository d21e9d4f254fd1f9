//! The dense measure checks (`credit_core::measure_table`) give the same verdicts, failed checks
//! (in order) and rule ids as `Engine::evaluate`, on every proposed measure of the conformance
//! corpus and on generated cases, so the columnar fast path and the full evaluation cannot drift.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use chrono::NaiveDate;
use credit_core::case::{Case, Event, ProposedMeasure, Record, Subject};
use credit_core::decision::{Decision, Verdict};
use credit_core::measure_table::{days, event_bit, Facts, MeasureChecks, NO_LIST};
use credit_core::vocab::{Actor, EventType, Severity, SubjectKind, Target};
use credit_core::{Engine, ErrorCode};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            case_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// The facts of proposed measure `i` of `case`, read from the case and its decision (what the
/// columnar API's records table carries). `None` for a measure on a commitment's record.
fn facts(t: &MeasureChecks, case: &Case, d: &Decision, i: usize) -> Option<Facts> {
    let pm = &case.proposed_measures[i];
    let cr = case.records.iter().find(|r| r.id == pm.record)?;
    let rd = d.records.iter().find(|r| *r.id == *pm.record).expect("decided record");
    let as_of = case.as_of.0;
    let seen: Vec<&Event> = cr.events.iter().filter(|e| e.on.0 <= as_of).collect();
    let conduct = t.conduct_index(&rd.conduct).expect("known conduct");
    let decided_on = days(cr.decided_on.0);
    // What a single check derives from the record as given (`Engine.check_measure` in Python):
    // the severity when the record states none, the sanction scope, and the list's criteria.
    let severity = cr.severity.or_else(|| t.severity_of(conduct, decided_on));
    assert_eq!(severity, Some(rd.severity), "resolved severity");
    assert_eq!(t.in_scope(rd.severity), rd.in_scope, "in_scope");
    if let Some(l) = rd.list.as_deref() {
        assert!(t.listing_allowed(t.list_index(l).expect("known list"), conduct, decided_on), "list criteria");
    }
    Some(Facts {
        measure: t.measure_index(&pm.measure).expect("known measure"),
        conduct,
        list: rd.list.as_deref().map_or(NO_LIST, |l| t.list_index(l).expect("known list")),
        severity: rd.severity,
        status: rd.status,
        in_scope: rd.in_scope,
        subject: case.subject.kind,
        target: pm.target,
        by_kind: pm.by_kind,
        voluntary: pm.voluntary,
        decided_on,
        notified: seen.iter().any(|e| e.kind == EventType::Notified && e.on.0 <= cr.decided_on.0),
        events: seen.iter().fold(0, |acc, e| acc | event_bit(e.kind)),
    })
}

/// Compare every proposed measure of one evaluated case; the number compared.
fn compare(engine: &Engine, case: &Case, d: &Decision, what: &str) -> usize {
    let engine = match &case.jurisdiction {
        Some(j) => engine.with_jurisdiction(j).unwrap(),
        None => engine.clone(),
    };
    let t = MeasureChecks::compile(&engine, case.as_of.0).unwrap();
    let mut n = 0;
    for (i, md) in d.measures.iter().enumerate() {
        let Some(f) = facts(&t, case, d, i) else { continue };
        let o = t.check(&f);
        let failed: Vec<_> = o.failed().collect();
        assert_eq!(failed, md.failed, "{what}: measure {i} failed checks");
        assert_eq!(o.allowed(), md.verdict == Verdict::Allowed, "{what}: measure {i} verdict");
        let rules: Vec<String> = md.explanation().rules().iter().map(|r| r.to_string()).collect();
        assert_eq!(t.rules(&f, o), rules, "{what}: measure {i} rules");
        n += 1;
    }
    n
}

#[test]
fn the_corpus_gives_the_same_answers() {
    let mut files = Vec::new();
    case_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("tests").join("cases"), &mut files);
    let engine = Engine::national().unwrap();
    let mut compared = 0;
    for f in files {
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        if doc.get("engine").is_some() {
            continue;
        }
        let Some(case) = doc.get("case") else { continue };
        let Ok(case) = Case::from_value(case.clone()) else { continue };
        let Ok(d) = engine.evaluate(&case) else { continue };
        compared += compare(&engine, &case, &d, &f.display().to_string());
    }
    // Every proposed measure on a real record of the corpus (about 80 today).
    assert!(compared >= 50, "only {compared} proposed measures compared");
}

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(u64::from(offset))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn generated_cases_give_the_same_answers(
        kind in 0usize..3,
        conduct in any::<prop::sample::Index>(),
        list in prop::option::of(any::<prop::sample::Index>()),
        severity in prop::option::of(0usize..3),
        decided in 0u32..2400,
        events in prop::collection::vec((0usize..64, 0u32..900), 0..4),
        notified_before in 0u32..3,
        measures in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::option::of(0usize..5), prop::option::of(0usize..7), any::<bool>()),
            1..4,
        ),
        after in 0u32..1500,
    ) {
        let engine = Engine::national().unwrap();
        let cat = engine.catalog();
        let conducts: Vec<&str> = cat.conduct.keys().collect();
        let lists: Vec<&str> = cat.lists.keys().collect();
        let ms: Vec<&str> = cat.measures.keys().collect();
        let kinds = [SubjectKind::NaturalPerson, SubjectKind::LegalPerson, SubjectKind::OtherOrganization];
        let subject = Subject::new("91110000600037341L", kinds[kind]);
        let mut record = Record::new("r1", *conduct.get(&conducts), day(decided));
        if let Some(l) = list {
            record = record.list(*l.get(&lists));
        }
        if let Some(s) = severity {
            record = record.severity(Severity::ALL[s]);
        }
        if notified_before > 0 {
            record = record.event(Event::new(day(decided.saturating_sub(notified_before - 1)), EventType::Notified));
        }
        for (k, off) in events {
            let Some(&e) = EventType::ALL.get(k % EventType::ALL.len()) else { continue };
            record = record.event(Event::new(day(decided + off), e));
        }
        let mut case = Case::new(day(decided + after), subject).record(record);
        for (m, target, by, voluntary) in measures {
            let mut pm = ProposedMeasure::new(*m.get(&ms), "r1").voluntary(voluntary);
            if let Some(t) = target {
                pm = pm.target(Target::ALL[t % Target::ALL.len()]);
            }
            if let Some(a) = by {
                pm = pm.by_kind(Actor::ALL[a % Actor::ALL.len()]);
            }
            case = case.proposed_measure(pm);
        }
        // Cases the engine refuses (criteria not met, an event missing its fields) have no
        // measures; a list whose entry criteria the conduct does not meet is refused by
        // `listing_allowed` too.
        match engine.evaluate(&case) {
            Ok(d) => {
                compare(&engine, &case, &d, &format!("{case:?}"));
            }
            Err(e) if e.code() == ErrorCode::ListCriteriaNotMet => {
                let t = MeasureChecks::compile(&engine, case.as_of.0).unwrap();
                let r = &case.records[0];
                let (l, c) = (t.list_index(r.list.as_deref().unwrap()).unwrap(), t.conduct_index(&r.conduct).unwrap());
                prop_assert!(!t.listing_allowed(l, c, days(r.decided_on.0)), "{case:?}");
            }
            Err(_) => {}
        }
    }
}
