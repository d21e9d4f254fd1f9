//! Mapping `credit_core::Error` onto the Python exception classes in `credit._errors`.

use credit_core::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static CREDIT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static POLICY_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CASE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static COVERAGE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static JURISDICTION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn class<'py>(py: Python<'py>, kind: ErrorKind) -> PyResult<&'py Bound<'py, PyType>> {
    let (cell, name) = match kind {
        ErrorKind::Policy => (&POLICY_ERROR, "PolicyError"),
        ErrorKind::Case => (&CASE_ERROR, "CaseError"),
        ErrorKind::Coverage => (&COVERAGE_ERROR, "CoverageError"),
        ErrorKind::Jurisdiction => (&JURISDICTION_ERROR, "JurisdictionError"),
        ErrorKind::Io => (&CREDIT_ERROR, "CreditError"),
    };
    cell.import(py, "credit._errors", name)
}

/// Build the Python exception for an engine error (`PolicyError`, `CaseError`, ...).
pub(crate) fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    build(py, e).unwrap_or_else(|err| err)
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let cls = class(py, e.kind())?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code())?;
    kwargs.set_item("kind", e.kind().as_str())?;
    kwargs.set_item("path", e.path())?;
    kwargs.set_item("help", e.help())?;
    kwargs.set_item("diagnostics", pythonize::pythonize(py, e.diagnostics())?)?;
    let instance = cls.call((e.message(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// A case error raised by the binding itself (bad JSON text, unsupported Python value, bad date).
pub(crate) fn case_error(py: Python<'_>, code: &'static str, path: &str, message: String) -> PyErr {
    to_py_err(py, &Error::case(code, path, message))
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
