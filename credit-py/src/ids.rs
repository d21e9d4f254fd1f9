//! `validate_uscc` / `validate_resident_id` and their result objects.

use credit_core::id::{self, IdCheck};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// One problem (or non-fatal finding) in an identifier: `code`, 1-based `position`, `message`.
#[pyclass(module = "credit._credit", name = "IdIssue", frozen, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct IdIssue {
    /// Stable snake_case code, e.g. `invalid_check_character`.
    #[pyo3(get)]
    code: &'static str,
    /// 1-based character position in the normalised input, or `None`.
    #[pyo3(get)]
    position: Option<usize>,
    /// Lower-case English one-liner; never contains the whole identifier.
    #[pyo3(get)]
    message: String,
}

#[pymethods]
impl IdIssue {
    /// `{"code": ..., "position": ..., "message": ...}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", self.code)?;
        d.set_item("position", self.position)?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let position = self.position.map_or_else(|| "None".to_owned(), |p| p.to_string());
        format!("IdIssue(code={:?}, position={position}, message={:?})", self.code, self.message)
    }
}

/// The outcome of validating one identifier. Invalid input is a result, not an exception.
#[pyclass(module = "credit._credit", name = "IdResult", frozen)]
pub struct IdResult {
    /// `"uscc"` or `"resident_id"`.
    #[pyo3(get)]
    kind: &'static str,
    /// `True` when there is no error (findings do not make an identifier invalid).
    #[pyo3(get)]
    valid: bool,
    error: Option<IdIssue>,
    findings: Vec<IdIssue>,
    /// The masked normalised identifier (first 4 and last 4 characters kept).
    #[pyo3(get)]
    masked: String,
}

impl From<IdCheck> for IdResult {
    fn from(check: IdCheck) -> Self {
        IdResult {
            kind: check.kind.as_str(),
            valid: check.valid,
            masked: check.masked(),
            error: check.error.map(|e| IdIssue { code: e.code.as_str(), position: e.position, message: e.message }),
            findings: check
                .findings
                .into_iter()
                .map(|f| IdIssue { code: f.code.as_str(), position: f.position, message: f.message })
                .collect(),
        }
    }
}

#[pymethods]
impl IdResult {
    /// The first failure, or `None` when the identifier is valid.
    #[getter]
    fn error(&self) -> Option<IdIssue> {
        self.error.clone()
    }

    /// Non-fatal findings (warnings) about an otherwise valid identifier.
    #[getter]
    fn findings(&self) -> Vec<IdIssue> {
        self.findings.clone()
    }

    /// `{"kind", "valid", "error": None | {...}, "findings": [...]}` (the JSON contract).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind)?;
        d.set_item("valid", self.valid)?;
        match &self.error {
            Some(e) => d.set_item("error", e.to_dict(py)?)?,
            None => d.set_item("error", py.None())?,
        }
        let findings = PyList::empty(py);
        for f in &self.findings {
            findings.append(f.to_dict(py)?)?;
        }
        d.set_item("findings", findings)?;
        Ok(d)
    }

    fn __bool__(&self) -> bool {
        self.valid
    }

    /// Shows the masked identifier only: identifiers are personal data.
    fn __repr__(&self) -> String {
        let error = self.error.as_ref().map_or_else(|| "None".to_owned(), |e| format!("{:?}", e.code));
        format!(
            "IdResult(kind={:?}, valid={}, error={error}, findings={}, masked={:?})",
            self.kind,
            if self.valid { "True" } else { "False" },
            self.findings.len(),
            self.masked
        )
    }
}

/// Validate a unified social credit code (统一社会信用代码, GB 32100-2015).
///
/// Surrounding whitespace is ignored and letters are upper-cased before checking.
#[pyfunction]
fn validate_uscc(py: Python<'_>, s: &Bound<'_, PyAny>) -> PyResult<IdResult> {
    crate::input::with_arg(Some(s), |a| credit_core::ffi::string(a, "s").map(|s| id::validate_uscc(s).into()))
        .map_err(|e| crate::errors::to_py_err(py, &e))
}

/// Validate a resident identity number (公民身份号码, GB 11643).
#[pyfunction]
fn validate_resident_id(py: Python<'_>, s: &Bound<'_, PyAny>) -> PyResult<IdResult> {
    crate::input::with_arg(Some(s), |a| credit_core::ffi::string(a, "s").map(|s| id::validate_resident_id(s).into()))
        .map_err(|e| crate::errors::to_py_err(py, &e))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<IdIssue>()?;
    m.add_class::<IdResult>()?;
    m.add_function(wrap_pyfunction!(validate_uscc, m)?)?;
    m.add_function(wrap_pyfunction!(validate_resident_id, m)?)?;
    Ok(())
}
