//! Mapping `credit_core::Error` (through the core's flat `ErrorInfo`) onto the Python exception
//! classes in `credit._errors`. Every error the binding raises is a `CreditError`.

use credit_core::ffi::ErrorInfo;
use credit_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static CREDIT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static POLICY_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CASE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static COVERAGE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static JURISDICTION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ARGUMENT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn class<'py>(py: Python<'py>, kind: &str) -> PyResult<&'py Bound<'py, PyType>> {
    let (cell, name) = match kind {
        "policy" => (&POLICY_ERROR, "PolicyError"),
        "case" => (&CASE_ERROR, "CaseError"),
        "coverage" => (&COVERAGE_ERROR, "CoverageError"),
        "jurisdiction" => (&JURISDICTION_ERROR, "JurisdictionError"),
        "argument" => (&ARGUMENT_ERROR, "ArgumentError"),
        _ => (&CREDIT_ERROR, "CreditError"),
    };
    cell.import(py, "credit._errors", name)
}

/// Build the Python exception for an engine error (`PolicyError`, `CaseError`, ...).
pub(crate) fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    build(py, &ErrorInfo::from(e)).unwrap_or_else(|err| err)
}

fn build(py: Python<'_>, e: &ErrorInfo) -> PyResult<PyErr> {
    let cls = class(py, e.kind)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code)?;
    kwargs.set_item("kind", e.kind)?;
    kwargs.set_item("path", e.path.as_deref())?;
    kwargs.set_item("help", e.help.as_deref())?;
    kwargs.set_item("diagnostics", pythonize::pythonize(py, &e.diagnostics)?)?;
    let instance = cls.call((e.message.as_str(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// Extension trait: `result.py_err(py)?` turns an engine error into its Python exception.
pub(crate) trait IntoPyResult<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T, E: Into<Error>> IntoPyResult<T> for Result<T, E> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e.into()))
    }
}
