//! Evaluate the benchmark's budget case (three records with timelines, two proposed measures) in
//! a loop, on one or more threads: the harness behind the instruction counts and the thread
//! scaling figures of `BENCHMARKS.md`.
//!
//! ```text
//! cargo run --release -p credit-core --example budget_loop -- 200000                  # one thread
//! cargo run --release -p credit-core --example budget_loop -- 200000 --threads 2      # one shared engine
//! cargo run --release -p credit-core --example budget_loop -- 200000 --threads 2 --replica
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='budget_loop::evaluate_n' \
//!     target/release/examples/budget_loop 500 [--text]
//! ```
//! Prints evaluations per second (wall) and CPU time per evaluation (the threads' own run time
//! from `/proc/thread-self/schedstat`, Linux only; 0 elsewhere). `--replica`: every thread after
//! the first evaluates on `Engine::replica()`; `--text`: render the Chinese text of each
//! decision too; `--repeat-measures K`: the two proposed measures K times (the marginal cost of
//! one check is the difference to K = 1 over `2 (K − 1)`). Under callgrind the instructions are
//! counted for `N + 1` evaluations per thread (one warm-up call).

use credit_core::case::Case;
use credit_core::Engine;
use std::error::Error;
use std::hint::black_box;

/// The budget case of `benches/evaluate.rs`: its three-record case with the first two proposed
/// measures.
fn budget_case() -> Result<Case, credit_core::Error> {
    let mut case = Case::from_json(include_str!("../benches/three_records.json"))?;
    case.proposed_measures.truncate(2);
    Ok(case)
}

/// `n` evaluations (the function callgrind's `--toggle-collect` names).
#[inline(never)]
fn evaluate_n(engine: &Engine, case: &Case, n: usize, text: bool) -> Result<(), credit_core::Error> {
    for _ in 0..n {
        let d = engine.evaluate(black_box(case))?;
        if text {
            black_box(d.to_text());
        } else {
            black_box(&d);
        }
    }
    Ok(())
}

/// This thread's run time in nanoseconds (0 where `/proc/thread-self/schedstat` is missing).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|t| t.parse().ok()))
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut n = 100_000usize;
    let (mut threads, mut replica, mut text, mut repeat) = (1usize, false, false, 1usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => threads = args.next().ok_or("--threads needs a number")?.parse()?,
            "--replica" => replica = true,
            "--text" => text = true,
            "--repeat-measures" => repeat = args.next().ok_or("--repeat-measures needs a number")?.parse()?,
            other => n = other.parse().map_err(|_| format!("unknown argument `{other}`"))?,
        }
    }
    let engine = Engine::national()?;
    let mut case = budget_case()?;
    let proposals = std::mem::take(&mut case.proposed_measures);
    case.proposed_measures = proposals.iter().cycle().take(proposals.len() * repeat).cloned().collect();
    let mut engines = vec![engine.clone()];
    for _ in 1..threads {
        engines.push(if replica { engine.replica()? } else { engine.clone() });
    }
    let start = std::time::Instant::now();
    let cpu = std::thread::scope(|s| {
        let handles: Vec<_> = engines
            .iter()
            .map(|e| {
                let case = &case;
                s.spawn(move || -> Result<u64, credit_core::Error> {
                    evaluate_n(e, case, 1, text)?;
                    let c0 = cpu_ns();
                    evaluate_n(e, case, n, text)?;
                    Ok(cpu_ns().saturating_sub(c0))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| "a thread panicked")?.map_err(|e| e.to_string()))
            .sum::<Result<u64, String>>()
    })?;
    let wall = start.elapsed().as_secs_f64();
    let total = (threads * n) as f64;
    println!(
        "threads={threads} replica={replica} text={text}: {:.0} evaluations/s wall, {:.0} ns CPU per evaluation",
        total / wall,
        cpu as f64 / total
    );
    Ok(())
}
