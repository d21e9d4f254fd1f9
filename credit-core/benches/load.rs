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
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
