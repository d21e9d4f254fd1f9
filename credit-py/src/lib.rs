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

/// The extension module `credit._credit`.
#[pymodule]
fn _credit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    ids::register(m)?;
    engine::register(m)?;
    Ok(())
}
