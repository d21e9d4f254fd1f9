//! `permitted_measures` (the catalogue compiled into sets at load, `policy::measure_sets`) lists
//! exactly the measures the one-by-one checks allow: for every record of a generated case, the
//! measure ids in catalogue order whose proposal (no `by_kind`, no `target`, not voluntary) on
//! that record the same evaluation allows. Generated over every jurisdiction of the real policies,
//! and over a national catalogue rewritten with dated versions (a measure replaced mid-way with
//! other causes, severities, intensity and targets; one starting late; one ending early) and
//! more lifting events, so that the in-force test by date and `lifted_by` are exercised too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use chrono::NaiveDate;
use credit_core::case::{Case, Event, ProposedMeasure, Record, Subject};
use credit_core::decision::{Decision, Verdict};
use credit_core::measure_table::{days, MeasureChecks};
use credit_core::policy::read_dir_sources;
use credit_core::vocab::{EventType, Severity, SubjectKind};
use credit_core::Engine;
use std::path::Path;
use toml::{Table, Value};

/// A small deterministic generator (xorshift64*), so that a failure names a reproducible case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn day(base: NaiveDate, offset: usize) -> NaiveDate {
    base + chrono::Days::new(offset as u64)
}

/// A case of one to three records with random conduct, lists their criteria allow, severities and
/// events, at a random `as_of`.
fn generate(rng: &mut Rng, engine: &Engine, base: NaiveDate, span: usize) -> Case {
    let cat = engine.catalog();
    let conducts: Vec<&str> = cat.conduct.keys().collect();
    let kinds = [SubjectKind::NaturalPerson, SubjectKind::LegalPerson, SubjectKind::OtherOrganization];
    let as_of = day(base, rng.below(span));
    let table = MeasureChecks::compile(engine, as_of).unwrap();
    let mut case = Case::new(as_of, Subject::new("91110000600037341L", *rng.pick(&kinds)));
    for k in 0..1 + rng.below(3) {
        let conduct = *rng.pick(&conducts);
        let decided = day(base, rng.below(span)).min(as_of);
        let mut r = Record::new(format!("r{k}"), conduct, decided);
        let c = table.conduct_index(conduct).unwrap();
        let lists: Vec<&String> = table
            .list_ids()
            .iter()
            .enumerate()
            .filter(|(i, _)| table.listing_allowed(*i as u32, c, days(decided)))
            .map(|(_, l)| l)
            .collect();
        if !lists.is_empty() && rng.below(3) > 0 {
            r = r.list(rng.pick(&lists).as_str());
        }
        if rng.below(3) == 0 {
            r = r.severity(*rng.pick(Severity::ALL));
        }
        if rng.below(2) == 0 {
            r = r.event(Event::new(decided - chrono::Days::new(rng.below(10) as u64), EventType::Notified));
        }
        for _ in 0..rng.below(4) {
            let on = decided + chrono::Days::new(rng.below(900) as u64);
            r = r.event(Event::new(on, *rng.pick(EventType::ALL)));
        }
        case = case.record(r);
    }
    case
}

/// Compare `permitted_measures` with the one-by-one checks; the number of records compared, or
/// `None` when the engine refuses the case.
fn compare(engine: &Engine, case: &Case) -> Option<usize> {
    let d: Decision = engine.evaluate(case).ok()?;
    let ids = MeasureChecks::compile(engine, case.as_of.0).unwrap().measure_ids().to_vec();
    // Every measure of the catalogue (in force or not) proposed on every record.
    let mut probe = case.clone();
    for r in &d.records {
        for m in &ids {
            probe = probe.proposed_measure(ProposedMeasure::new(m.as_str(), &*r.id));
        }
    }
    let p = engine.evaluate(&probe).unwrap_or_else(|e| panic!("{e}: {probe:?}"));
    assert_eq!(p.permitted_measures, d.permitted_measures, "proposals change nothing else: {case:?}");
    let mut expected = Vec::new();
    for (k, r) in d.records.iter().enumerate().filter(|(_, r)| r.status.in_force()) {
        let allowed: Vec<&str> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| p.measures[k * ids.len() + i].verdict == Verdict::Allowed)
            .map(|(_, m)| m.as_str())
            .collect();
        expected.push((r.id.to_string(), allowed));
    }
    let got: Vec<(String, Vec<&str>)> = d
        .permitted_measures
        .iter()
        .map(|p| (p.record.to_string(), p.measures.iter().map(|m| &**m).collect()))
        .collect();
    assert_eq!(got, expected, "{case:?}");
    Some(expected.len())
}

fn run(engine: &Engine, seed: u64, n: usize, base: NaiveDate, span: usize) -> (usize, usize, usize) {
    let mut rng = Rng(seed);
    let (mut cases, mut records, mut permitted) = (0, 0, 0);
    for _ in 0..n {
        let case = generate(&mut rng, engine, base, span);
        if let Some(k) = compare(engine, &case) {
            cases += 1;
            records += k;
            permitted +=
                engine.evaluate(&case).unwrap().permitted_measures.iter().filter(|p| !p.measures.is_empty()).count();
        }
    }
    (cases, records, permitted)
}

#[test]
fn permitted_measures_equal_the_checks_in_every_jurisdiction() {
    let national = Engine::national().unwrap();
    let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    for (j, id) in national.jurisdictions().iter().enumerate() {
        let engine = national.with_jurisdiction(id).unwrap();
        let (cases, records, permitted) = run(&engine, 0x9e37_79b9_7f4a_7c15 ^ j as u64, 150, base, 2400);
        // Most generated cases are evaluated, and most records have some measure permitted.
        assert!(
            cases >= 120 && records >= 150 && permitted >= 100,
            "{id}: {cases} cases, {records} records, {permitted}"
        );
    }
}

/// The national files with the measure catalogue rewritten into dated versions.
fn dated_national() -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("policies");
    let mut files: Vec<(String, String)> = read_dir_sources(&dir)
        .unwrap()
        .into_iter()
        .filter(|f| f.path.starts_with("cn/") || f.path.starts_with("calendar/"))
        .map(|f| (f.path, f.content))
        .collect();
    let (_, measures) = files.iter_mut().find(|(p, _)| p == "cn/measures.toml").unwrap();
    let doc: Table = toml::from_str(measures).unwrap();
    let mut out = Vec::new();
    for (i, m) in doc["measure"].as_array().unwrap().iter().enumerate() {
        let mut m = m.as_table().unwrap().clone();
        match i % 4 {
            // Replaced on 2022-07-01 by a version with other proportionality, causes and targets.
            1 => {
                let mut old = m.clone();
                old.insert("until".into(), Value::String("2022-06-30".into()));
                out.push(Value::Table(old));
                m.insert("from".into(), Value::String("2022-07-01".into()));
                let intensity = m["intensity"].as_integer().unwrap();
                m.insert("intensity".into(), Value::Integer(5 - intensity));
                let min = if m["min_severity"].as_str() == Some("serious") { "minor" } else { "serious" };
                m.insert("min_severity".into(), Value::String(min.into()));
                let requires = m.get("requires_list").and_then(Value::as_bool).unwrap_or(false);
                m.insert("requires_list".into(), Value::Boolean(!requires));
                if let Some(Value::Table(causes)) = m.get_mut("causes") {
                    for key in ["lists", "conduct"] {
                        if let Some(Value::Array(a)) = causes.get_mut(key) {
                            a.truncate(a.len() / 2);
                        }
                    }
                }
                if let Some(Value::Array(t)) = m.get_mut("targets") {
                    if t.len() > 1 {
                        t.remove(0);
                    }
                }
            }
            // In force only from 2023-03-15.
            2 => {
                m.insert("from".into(), Value::String("2023-03-15".into()));
            }
            // In force only until 2021-12-31.
            3 => {
                m.insert("until".into(), Value::String("2021-12-31".into()));
            }
            // The lightest measure, but only for serious records; lifted by a correction of any
            // record, and by publication of a record on its first list cause.
            _ => {
                m.insert("intensity".into(), Value::Integer(1));
                m.insert("min_severity".into(), Value::String("serious".into()));
                let mut lifts = vec![Value::Table(toml::toml! { on = "corrected" })];
                let first = m.get("causes").and_then(|c| c.get("lists")).and_then(|l| l.get(0)).cloned();
                if let Some(list) = first {
                    let mut lift = toml::toml! { on = "published" };
                    lift.insert("lists".into(), Value::Array(vec![list]));
                    lifts.push(Value::Table(lift));
                }
                if let Some(Value::Array(a)) = m.get_mut("lifted_by") {
                    a.extend(lifts);
                } else {
                    m.insert("lifted_by".into(), Value::Array(lifts));
                }
            }
        }
        out.push(Value::Table(m));
    }
    let mut doc = Table::new();
    doc.insert("measure".into(), Value::Array(out));
    *measures = toml::to_string(&doc).unwrap();
    Engine::from_sources(files, "cn").unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn permitted_measures_equal_the_checks_across_dated_versions() {
    let engine = dated_national();
    // `as_of` from 2020 to 2024, across every boundary.
    let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let (cases, records, permitted) = run(&engine, 0x2545_f491_4f6c_dd1d, 1200, base, 1800);
    assert!(cases >= 1000 && records >= 1500 && permitted >= 800, "{cases} cases, {records} records, {permitted}");
}
