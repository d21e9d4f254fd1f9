//! Loading benchmarks: parsing and validating the embedded policy set.
//!
//! `cargo bench -p credit-core --bench load -- --warm-up-time 1 --measurement-time 3`
//!
//! - `load/embedded_full`: `PolicySet::from_sources(&embedded_sources())` — the national
//!   baseline, every bundled overlay and the holiday calendar.
//! - `load/cn_calendar_overlay/<layer>`: the same for `cn/` + `calendar/` + one overlay only
//!   (the sources filtered by path prefix); the overlay is the first bundled layer whose parent
//!   is `cn` and that loads on its own, `cn-jilin-tonghua` when present.
//! - `load/cn_calendar`: `cn/` + `calendar/` alone.
//! - `load/national_cached`: `Engine::national()` after the first call (the embedded set is
//!   parsed once per process; later calls clone an `Arc`).
//! - `load/distinct_20000`: `cn/` + `calendar/` plus one generated file of 20,000 distinct
//!   `[[domain]]` entries (loads).
//! - `load/copies_20000`: the same with 20,000 copies of one `[[domain]]` entry (refused; the
//!   diagnostics are capped).
//! - `calendar/same_years`: `Calendar::new` of the embedded published years, as every policy load
//!   does (the day table is shared with the last calendar built from the same years).
//! - `calendar/rotating_years`: the same, cycling through more distinct year sets (the embedded
//!   years less one) than are kept, so that every call builds its day table.

use credit_core::calendar::{Calendar, CalendarYear};
use credit_core::policy::SourceFile;
use credit_core::policy::{embedded_sources, PolicySet};
use credit_core::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn subset(all: &[SourceFile], dirs: &[&str]) -> Vec<SourceFile> {
    all.iter().filter(|f| dirs.iter().any(|d| f.path.starts_with(&format!("{d}/")))).cloned().collect()
}

/// Overlay directories of the embedded set, `cn-jilin-tonghua` first when bundled.
fn overlays(all: &[SourceFile]) -> Vec<String> {
    let mut dirs: Vec<String> = all
        .iter()
        .filter_map(|f| f.path.split_once('/').map(|(d, _)| d.to_owned()))
        .filter(|d| d != "cn" && d != "calendar")
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.sort_by_key(|d| d != "cn-jilin-tonghua");
    dirs
}

fn bench_load(c: &mut Criterion) {
    let all = embedded_sources();
    let mut group = c.benchmark_group("load");

    match PolicySet::from_sources(&all) {
        Ok(set) => {
            eprintln!(
                "embedded set: {} files, {} layers ({})",
                all.len(),
                set.layer_ids().count(),
                set.layer_ids().collect::<Vec<_>>().join(", ")
            );
            group.bench_function("embedded_full", |b| b.iter(|| PolicySet::from_sources(black_box(&all))));
        }
        Err(e) => eprintln!("skipping load/embedded_full: the embedded set is refused: {e}"),
    }

    let overlay = overlays(&all).into_iter().find_map(|dir| {
        let files = subset(&all, &["cn", "calendar", &dir]);
        let set = PolicySet::from_sources(&files).ok()?;
        let layer = set.layer_ids().find(|id| *id != "cn")?.to_owned();
        (set.layer(&layer)?.decl.parent.as_deref() == Some("cn")).then_some((dir, layer, files))
    });
    match overlay {
        Some((dir, layer, files)) => {
            eprintln!("cn + calendar + {dir}/ (layer {layer}): {} files", files.len());
            group.bench_function(format!("cn_calendar_overlay/{layer}"), |b| {
                b.iter(|| PolicySet::from_sources(black_box(&files)))
            });
        }
        None => eprintln!("skipping load/cn_calendar_overlay: no bundled overlay with parent `cn` loads on its own"),
    }

    let base = subset(&all, &["cn", "calendar"]);
    eprintln!("cn + calendar: {} files", base.len());
    group.bench_function("cn_calendar", |b| b.iter(|| PolicySet::from_sources(black_box(&base))));

    if Engine::national().is_ok() {
        group.bench_function("national_cached", |b| b.iter(Engine::national));
    } else {
        eprintln!("skipping load/national_cached: the embedded set is refused");
    }
    group.finish();

    // Many entries of one kind: loading must stay linear in the number of entries.
    let mut big = c.benchmark_group("load");
    big.sample_size(10);
    let distinct = with_generated(&base, N, |i| format!("d{i}"));
    big.bench_function(format!("distinct_{N}"), |b| b.iter(|| PolicySet::from_sources(black_box(&distinct))));
    let copies = with_generated(&base, N, |_| "d".to_owned());
    big.bench_function(format!("copies_{N}"), |b| b.iter(|| PolicySet::from_sources(black_box(&copies))));
    big.finish();
}

const N: usize = 20_000;

/// `files` plus `cn/generated.toml` holding `n` `[[domain]]` entries with ids `id(i)`.
fn with_generated(files: &[SourceFile], n: usize, id: impl Fn(usize) -> String) -> Vec<SourceFile> {
    let mut content = String::with_capacity(n * 80);
    for i in 0..n {
        content.push_str(&format!("[[domain]]\nid = \"{}\"\nname = \"生成\"\nrule = [\"SUB-4\"]\n\n", id(i)));
    }
    let mut out = files.to_vec();
    out.push(SourceFile { path: "cn/generated.toml".into(), content });
    out
}

fn bench_calendar(c: &mut Criterion) {
    let Ok(national) = credit_core::calendar::national() else {
        eprintln!("skipping calendar/*: the embedded calendar is refused");
        return;
    };
    let years = national.years().to_vec();
    let mut group = c.benchmark_group("calendar");
    group.bench_function("same_years", |b| b.iter(|| Calendar::new(black_box(years.clone()))));
    // One set per left-out year: at least 5 (more than the 4 tables kept) for the 7 embedded years.
    let sets: Vec<Vec<CalendarYear>> = (0..years.len())
        .map(|skip| years.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, y)| y.clone()).collect())
        .collect();
    let mut next = sets.iter().cycle();
    group.bench_function("rotating_years", |b| b.iter(|| next.next().map(|set| Calendar::new(black_box(set.clone())))));
    group.finish();
}

criterion_group!(benches, bench_load, bench_calendar);
criterion_main!(benches);
