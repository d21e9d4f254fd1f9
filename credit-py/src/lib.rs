//! Python binding of the credit engine: the extension module `credit._credit`.
//!
//! The pure-Python package `credit` (in `python/credit/`) re-exports everything defined here and
//! adds the exception classes (`credit._errors`). The binding holds no rules: every answer comes
//! from `credit-core`, so Python, Rust and JavaScript agree.

use pyo3::prelude::*;

mod checks;
mod engine;
mod errors;
mod html;
mod ids;
mod input;
mod measure_check;
mod table;

/// The extension's Rust allocations (cases, decisions, Arrow buffers built here) go through
/// mimalloc: a batch allocates and frees small objects at a high rate (`evaluate_table` spends
/// about a sixth of its time in glibc's malloc and free), and mimalloc's per-thread heaps do it
/// faster and without sharing arenas between worker threads. Python's own allocations are not
/// affected.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The extension module `credit._credit`.
#[pymodule]
fn _credit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    ids::register(m)?;
    engine::register(m)?;
    Ok(())
}
