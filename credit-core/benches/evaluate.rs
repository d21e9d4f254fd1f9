//! Benchmarks of evaluation: a full case with three records (timeline, grade, triage, measures,
//! permitted measures), a single measure check, and a batch. Run:
//! `cargo bench -p credit-core --bench evaluate -- --warm-up-time 1 --measurement-time 3`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark setup may panic")]

use credit_core::case::Case;
use credit_core::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A subject with three records with timelines and three proposed measures (the budget case is
/// its first two measures); shared with `examples/budget_loop.rs`.
fn three_records() -> Case {
    Case::from_json(include_str!("three_records.json")).expect("valid case")
}

fn one_measure() -> Case {
    Case::from_value(serde_json::json!({
        "as_of": "2025-10-09",
        "subject": {"id": "91110000600037341L", "kind": "legal_person"},
        "records": [{"id": "r1", "conduct": "judgment_debtor_obstructs", "decided_on": "2025-03-03", "list": "judgment_debtor",
                     "events": [{"on": "2025-02-20", "type": "notified"}]}],
        "proposed_measures": [{"measure": "high_consumption_restriction", "record": "r1", "by_kind": "court", "target": "legal_representative"}]
    }))
    .expect("valid case")
}

fn bench(c: &mut Criterion) {
    let engine = Engine::national().expect("embedded policy");
    let case = three_records();
    c.bench_function("evaluate: subject with three records", |b| {
        b.iter(|| engine.evaluate(black_box(&case)).expect("ok"))
    });
    // The budget case of the issue "Facts first, words on demand": three records with timelines,
    // two proposed measures; facts only, then with the Chinese text rendered.
    let mut budget = case.clone();
    budget.proposed_measures.truncate(2);
    c.bench_function("budget: three records, two measures, facts only", |b| {
        b.iter(|| engine.evaluate(black_box(&budget)).expect("ok"))
    });
    c.bench_function("budget: three records, two measures, with zh text", |b| {
        b.iter(|| engine.evaluate(black_box(&budget)).expect("ok").to_text())
    });
    // The marginal cost of one proposed-measure check inside the budget case: the same case with
    // its two proposals repeated five times (ten checks); (this − facts only) / 8 is one check.
    let mut ten = budget.clone();
    ten.proposed_measures = budget.proposed_measures.iter().cycle().take(10).cloned().collect();
    c.bench_function("budget: three records, the two measures five times (ten checks), facts only", |b| {
        b.iter(|| engine.evaluate(black_box(&ten)).expect("ok"))
    });
    let json = serde_json::to_string(&case).expect("json");
    c.bench_function("evaluate_json: three records, JSON in and out", |b| {
        b.iter(|| engine.evaluate_json(black_box(&json)).expect("ok"))
    });
    let small = one_measure();
    c.bench_function("evaluate: one record, one proposed measure", |b| {
        b.iter(|| engine.evaluate(black_box(&small)).expect("ok"))
    });
    let empty = Case::from_value(
        serde_json::json!({"as_of": "2025-10-09", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}),
    )
    .expect("case");
    c.bench_function("evaluate: subject without records", |b| {
        b.iter(|| engine.evaluate(black_box(&empty)).expect("ok"))
    });
    // The marginal cost of one measure check: the same case with and without a proposed measure.
    let mut without = small.clone();
    without.proposed_measures.clear();
    c.bench_function("evaluate: one record, no proposed measure", |b| {
        b.iter(|| engine.evaluate(black_box(&without)).expect("ok"))
    });
    let id = "91350100M000100Y43";
    c.bench_function("validate_uscc", |b| b.iter(|| credit_core::id::validate_uscc(black_box(id))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
