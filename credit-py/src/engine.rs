//! `credit.Engine`, `credit.Decision`, `credit.Comparison`, `credit.lint` / `credit.LintReport`.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use credit_core::calendar::CalendarMode;
use credit_core::case::{Case, Lang};
use credit_core::ratio::PopulationSubject;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use serde_json::Value;

use crate::errors::{case_error, to_py_err, IntoPyResult};

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static JSONABLE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A `datetime.date` or an ISO `YYYY-MM-DD` string → `NaiveDate`.
fn to_date(py: Python<'_>, value: &Bound<'_, PyAny>, what: &str) -> PyResult<NaiveDate> {
    if let Ok(s) = value.cast::<PyString>() {
        let s = s.to_cow()?;
        return NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
            case_error(py, "invalid_date", "", format!("{what}: expected a date `YYYY-MM-DD`, got `{s}`"))
        });
    }
    if value.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        return Err(PyTypeError::new_err(format!(
            "{what}: expected a datetime.date or an ISO date string, got a datetime.datetime (use .date())"
        )));
    }
    if value.is_instance(DATE.import(py, "datetime", "date")?)? {
        let y: i32 = value.getattr("year")?.extract()?;
        let m: u32 = value.getattr("month")?.extract()?;
        let d: u32 = value.getattr("day")?.extract()?;
        return NaiveDate::from_ymd_opt(y, m, d)
            .ok_or_else(|| case_error(py, "invalid_date", "", format!("{what}: date out of range")));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: expected a datetime.date or an ISO date string, got {}",
        value.get_type().name()?
    )))
}

fn from_date<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    DATE.import(py, "datetime", "date")?.call1((d.year(), d.month(), d.day()))
}

/// A case given as a dict (or other JSON-like Python value) or as JSON text → `serde_json::Value`.
fn to_case(py: Python<'_>, case: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Ok(s) = case.cast::<PyString>() {
        return parse_json(py, s.to_cow()?.as_bytes());
    }
    if let Ok(b) = case.cast::<PyBytes>() {
        return parse_json(py, b.as_bytes());
    }
    match pythonize::depythonize::<Value>(case) {
        Ok(v) => Ok(v),
        Err(first) => {
            // Slow path: dates, tuples, Decimal... → JSON types via credit._compat.jsonable.
            let jsonable = JSONABLE.import(py, "credit._compat", "jsonable")?;
            let converted = jsonable
                .call1((case,))
                .map_err(|e| case_error(py, "invalid_case", "", format!("case is not JSON-like: {first}; {e}")))?;
            pythonize::depythonize::<Value>(&converted)
                .map_err(|e| case_error(py, "invalid_case", "", format!("case is not JSON-like: {e}")))
        }
    }
}

/// A `CreditError` raised while reading case `i` of a batch: its path prefixed with `[i]`.
fn prefix_path(py: Python<'_>, err: PyErr, i: usize) -> PyErr {
    let value = err.value(py);
    if let Ok(path) = value.getattr("path") {
        if value.hasattr("code").unwrap_or(false) {
            let path: Option<String> = path.extract().unwrap_or(None);
            let path = match path.as_deref() {
                Some(p) if !p.is_empty() => format!("[{i}].{p}"),
                _ => format!("[{i}]"),
            };
            let _ = value.setattr("path", path);
        }
    }
    err
}

fn parse_json(py: Python<'_>, text: &[u8]) -> PyResult<Value> {
    serde_json::from_slice(text).map_err(|e| case_error(py, "invalid_json", "", format!("case is not valid JSON: {e}")))
}

/// `lang` argument (`None`, `"zh"` or `"en"`) → `Option<Lang>`; anything else is a `ValueError`.
fn to_lang(lang: Option<&str>) -> PyResult<Option<Lang>> {
    match lang {
        None => Ok(None),
        Some("zh") => Ok(Some(Lang::Zh)),
        Some("en") => Ok(Some(Lang::En)),
        Some(other) => Err(PyValueError::new_err(format!("lang: expected \"zh\" or \"en\", got {other:?}"))),
    }
}

/// A value (any serde type) as indented JSON text, or compact when `indent` is `None`.
fn json_text<T: serde::Serialize>(value: &T, indent: Option<usize>) -> PyResult<String> {
    let text = match indent {
        None => serde_json::to_string(value),
        Some(n) => {
            let spaces = " ".repeat(n);
            let fmt = serde_json::ser::PrettyFormatter::with_indent(spaces.as_bytes());
            let mut out = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            value.serialize(&mut ser).map(|()| String::from_utf8_lossy(&out).into_owned())
        }
    };
    text.map_err(|e| PyValueError::new_err(e.to_string()))
}

/// An explained decision (the JSON contract). `decision["grade"]` or `decision.grade` reads a
/// top-level field; `to_dict()` / `to_json()` give the whole decision; `str(decision)` /
/// `to_text()` the readable text.
#[pyclass(module = "credit._credit", name = "Decision", frozen, skip_from_py_object)]
pub struct Decision {
    inner: credit_core::decision::Decision,
}

/// The top-level fields of a decision, in JSON order.
const DECISION_FIELDS: &[&str] = &[
    "jurisdiction",
    "as_of",
    "lang",
    "policy_version",
    "calendar_version",
    "subject",
    "grade",
    "grade_explanation",
    "lists",
    "triage",
    "records",
    "measures",
    "permitted_measures",
    "incentives",
    "commitments",
    "supervision",
];

impl Decision {
    fn new(inner: credit_core::decision::Decision) -> Decision {
        Decision { inner }
    }

    /// One top-level field as Python values, converting only that field: reading `grade` costs
    /// the same whatever the size of the decision.
    fn field<'py>(&self, py: Python<'py>, name: &str) -> Option<PyResult<Bound<'py, PyAny>>> {
        let d = &self.inner;
        fn conv<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
            Ok(pythonize::pythonize(py, v)?)
        }
        Some(match name {
            "jurisdiction" => conv(py, &d.jurisdiction),
            "as_of" => conv(py, &d.as_of),
            "lang" => conv(py, &d.lang),
            "policy_version" => conv(py, &d.policy_version),
            "calendar_version" => conv(py, &d.calendar_version),
            "subject" => conv(py, &d.subject),
            "grade" => conv(py, &d.grade),
            "grade_explanation" => conv(py, &d.grade_explanation),
            "lists" => conv(py, &d.lists),
            "triage" => conv(py, &d.triage),
            "records" => conv(py, &d.records),
            "measures" => conv(py, &d.measures),
            "permitted_measures" => conv(py, &d.permitted_measures),
            "incentives" => conv(py, &d.incentives),
            "commitments" => conv(py, &d.commitments),
            "supervision" => conv(py, &d.supervision),
            _ => return None,
        })
    }
}

#[pymethods]
impl Decision {
    /// The whole decision as plain Python values (dicts, lists, str, int, float, bool, None).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner)?)
    }

    /// The decision as JSON text (compact, or indented by `indent` spaces).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        json_text(&self.inner, indent)
    }

    /// The decision as readable text: one conclusion per line with its message and rule ids
    /// (identifiers masked).
    fn to_text(&self) -> String {
        self.inner.to_text()
    }

    /// The names of the top-level fields.
    fn keys(&self) -> Vec<String> {
        DECISION_FIELDS.iter().map(|k| (*k).to_owned()).collect()
    }

    /// A top-level field, or `default`.
    #[pyo3(signature = (key, default = None))]
    fn get<'py>(&self, py: Python<'py>, key: &str, default: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        match self.field(py, key) {
            Some(v) => v,
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.field(py, key) {
            Some(v) => v,
            None => Err(PyKeyError::new_err(key.to_owned())),
        }
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.field(py, name) {
            Some(v) => v,
            None => Err(pyo3::exceptions::PyAttributeError::new_err(format!(
                "'Decision' object has no attribute or field '{name}'"
            ))),
        }
    }

    fn __contains__(&self, key: &str) -> bool {
        DECISION_FIELDS.contains(&key)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Decision>().is_ok_and(|o| o.get().inner == self.inner)
    }

    /// The readable text (`to_text()`).
    fn __str__(&self) -> String {
        self.inner.to_text()
    }

    /// Shows the grade and versions only (a decision mentions personal identifiers).
    fn __repr__(&self) -> String {
        let d = &self.inner;
        format!(
            "Decision(grade={:?}, triage={}, policy_version={:?}, calendar_version={:?})",
            d.grade.as_str(),
            d.triage.as_ref().map_or_else(|| "None".to_owned(), |t| format!("{:?}", t.outcome.to_string())),
            d.policy_version,
            d.calendar_version
        )
    }
}

/// A case evaluated under several jurisdictions: the fields whose values differ, with the rules
/// and messages behind each value. `str(comparison)` / `to_text()` is the readable report.
#[pyclass(module = "credit._credit", name = "Comparison", frozen, skip_from_py_object)]
pub struct Comparison {
    inner: credit_core::compare::Comparison,
}

#[pymethods]
impl Comparison {
    /// The jurisdictions compared, in the order given.
    #[getter]
    fn jurisdictions(&self) -> Vec<String> {
        self.inner.jurisdictions.clone()
    }

    /// The differing fields: dicts with `path` (e.g. `records[0].status`), `values`, `rules` and
    /// `why` (each keyed by jurisdiction).
    #[getter]
    fn differences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.differences)?)
    }

    /// Each jurisdiction's full decision, as a dict `{jurisdiction: decision dict}`.
    #[getter]
    fn decisions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.decisions)?)
    }

    /// The whole comparison (`jurisdictions`, `differences`, `decisions`) as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner)?)
    }

    /// The comparison as JSON text (compact, or indented by `indent` spaces).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        json_text(&self.inner, indent)
    }

    /// The differences as readable text.
    fn to_text(&self) -> String {
        self.inner.to_text()
    }

    fn __str__(&self) -> String {
        self.inner.to_text()
    }

    /// The number of differing fields.
    fn __len__(&self) -> usize {
        self.inner.differences.len()
    }

    fn __bool__(&self) -> bool {
        !self.inner.differences.is_empty()
    }

    fn __repr__(&self) -> String {
        format!(
            "Comparison(jurisdictions={:?}, differences={})",
            self.inner.jurisdictions,
            self.inner.differences.len()
        )
    }
}

/// Subjects for `serious_ratio`: a list (or any iterable) of dicts, or a pandas-like object with
/// `.to_dict("records")`. Keys whose value is `None` (or NaN, pandas' missing value) are dropped.
fn to_population(py: Python<'_>, subjects: &Bound<'_, PyAny>) -> PyResult<Vec<Value>> {
    let records = if !subjects.is_instance_of::<PyList>()
        && !subjects.is_instance_of::<PyTuple>()
        && !subjects.is_instance_of::<PyDict>()
        && subjects.hasattr("to_dict")?
    {
        subjects.call_method1("to_dict", ("records",))?
    } else {
        subjects.clone()
    };
    let bad = |i: Option<usize>, e: String| {
        let path = i.map(|i| format!("[{i}]")).unwrap_or_default();
        case_error(py, "invalid_population", &path, format!("population is not a list of JSON-like subjects: {e}"))
    };
    let mut out = Vec::new();
    for (i, item) in records.try_iter()?.enumerate() {
        let item = item?;
        let value = match pythonize::depythonize::<Value>(&item) {
            Ok(v) => v,
            Err(first) => {
                let jsonable = JSONABLE.import(py, "credit._compat", "jsonable")?;
                let converted = jsonable.call1((&item,)).map_err(|e| bad(Some(i), format!("{first}; {e}")))?;
                pythonize::depythonize::<Value>(&converted).map_err(|e| bad(Some(i), e.to_string()))?
            }
        };
        out.push(match value {
            Value::Object(mut m) => {
                m.retain(|_, v| !v.is_null());
                Value::Object(m)
            }
            other => other,
        });
    }
    Ok(out)
}

/// Read population subjects, naming the first problem's path (`[3].kind`): the core's FFI reader.
pub(crate) fn read_population(values: Vec<Value>) -> Result<Vec<PopulationSubject>, credit_core::Error> {
    credit_core::ratio::population_from_values(values)
}

/// The engine: one jurisdiction layer of a validated policy set plus the holiday calendar.
/// Immutable and thread-safe; `evaluate_many` releases the GIL.
#[pyclass(module = "credit._credit", name = "Engine", frozen, skip_from_py_object)]
pub struct Engine {
    inner: credit_core::Engine,
}

impl Engine {
    /// Apply the calendar options of the constructors.
    fn configured(
        py: Python<'_>,
        mut inner: credit_core::Engine,
        strict: bool,
        years: Vec<(String, String)>,
    ) -> PyResult<Engine> {
        if !years.is_empty() {
            inner = inner.with_calendar_year_files(&years).py_err(py)?;
        }
        if strict {
            inner = inner.with_calendar_mode(CalendarMode::Strict);
        }
        Ok(Engine { inner })
    }
}

/// `"project"` or `"strict"` → `CalendarMode`; anything else is a `ValueError`.
fn to_mode(mode: &str) -> PyResult<CalendarMode> {
    match mode {
        "project" => Ok(CalendarMode::Project),
        "strict" => Ok(CalendarMode::Strict),
        other => {
            Err(PyValueError::new_err(format!("calendar mode: expected \"project\" or \"strict\", got {other:?}")))
        }
    }
}

/// `calendar_years`: `None`, or a list of paths (`str` / `os.PathLike`) or `(file_name, toml_text)`
/// tuples → `(file name, content)` pairs. A path is read here (an unreadable file is a
/// `CreditError` of kind `io`).
fn read_calendar_years(py: Python<'_>, years: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(years) = years else { return Ok(Vec::new()) };
    if years.is_none() {
        return Ok(Vec::new());
    }
    if years.is_instance_of::<PyString>() || years.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "calendar_years: expected a list of paths or of (file_name, toml_text) tuples, got a single string",
        ));
    }
    let mut out = Vec::new();
    for (i, item) in years.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(t) = item.cast::<PyTuple>() {
            let pair: (String, String) = t.extract().map_err(|_| {
                PyTypeError::new_err(format!("calendar_years[{i}]: expected a (file_name, toml_text) tuple of two str"))
            })?;
            out.push(pair);
            continue;
        }
        let path: PathBuf = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "calendar_years[{i}]: expected a path (str or os.PathLike) or a (file_name, toml_text) tuple, got {}",
                item.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            ))
        })?;
        let content = std::fs::read_to_string(&path).map_err(|e| {
            to_py_err(
                py,
                &credit_core::Error::new(
                    credit_core::ErrorKind::Io,
                    "io",
                    format!("cannot read `{}`: {e}", path.display()),
                ),
            )
        })?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        out.push((name, content));
    }
    Ok(out)
}

#[pymethods]
impl Engine {
    /// The bundled national baseline (and its overlays), with no files on disk. `strict=True`
    /// makes a day of a year without a State Council notice a `CoverageError` instead of a
    /// projected (provisional) answer; `calendar_years` adds calendar year files (paths, or
    /// `(file_name, toml_text)` tuples).
    #[staticmethod]
    #[pyo3(signature = (*, strict = false, calendar_years = None))]
    fn national(py: Python<'_>, strict: bool, calendar_years: Option<&Bound<'_, PyAny>>) -> PyResult<Engine> {
        let files = read_calendar_years(py, calendar_years)?;
        let inner = credit_core::Engine::national().py_err(py)?;
        Engine::configured(py, inner, strict, files)
    }

    /// Load a policy directory and select `jurisdiction` (raises `PolicyError` with every problem).
    #[staticmethod]
    #[pyo3(signature = (path, jurisdiction = "cn", *, strict = false, calendar_years = None))]
    fn from_dir(
        py: Python<'_>,
        path: PathBuf,
        jurisdiction: &str,
        strict: bool,
        calendar_years: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Engine> {
        let files = read_calendar_years(py, calendar_years)?;
        let inner = py.detach(|| credit_core::Engine::from_dir(&path, jurisdiction)).py_err(py)?;
        Engine::configured(py, inner, strict, files)
    }

    /// Load policy files given in memory: a dict `{relative_path: content}` or a list of pairs.
    #[staticmethod]
    #[pyo3(signature = (files, jurisdiction = "cn", *, strict = false, calendar_years = None))]
    fn from_sources(
        py: Python<'_>,
        files: &Bound<'_, PyAny>,
        jurisdiction: &str,
        strict: bool,
        calendar_years: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Engine> {
        let files: Vec<(String, String)> = match files.cast::<PyDict>() {
            Ok(d) => d.iter().map(|(k, v)| Ok((k.extract()?, v.extract()?))).collect::<PyResult<_>>()?,
            Err(_) => files.extract()?,
        };
        let years = read_calendar_years(py, calendar_years)?;
        let inner = py.detach(|| credit_core::Engine::from_sources(files, jurisdiction)).py_err(py)?;
        Engine::configured(py, inner, strict, years)
    }

    /// The same engine with the calendar in another mode: `"project"` (years without a notice
    /// are projected from the statute; conclusions that used a projected day are marked
    /// provisional) or `"strict"` (such a day is a `CoverageError`).
    fn with_calendar_mode(&self, mode: &str) -> PyResult<Engine> {
        Ok(Engine { inner: self.inner.with_calendar_mode(to_mode(mode)?) })
    }

    /// The same engine with more calendar year files (the format of `policies/calendar/<year>.toml`):
    /// a list of paths or of `(file_name, toml_text)` tuples. A bad file raises `PolicyError`.
    fn with_calendar_years(&self, py: Python<'_>, files: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let files = read_calendar_years(py, Some(files))?;
        Ok(Engine { inner: self.inner.with_calendar_year_files(&files).py_err(py)? })
    }

    /// Every year the calendar can classify: dicts `{"year", "status": "published" | "projected",
    /// "source"}` (published years also have `"published"`, the notice's date).
    fn calendar_years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.calendar_years())?)
    }

    /// The calendar mode: `"project"` or `"strict"`.
    #[getter]
    fn calendar_mode(&self) -> &'static str {
        match self.inner.calendar().mode() {
            CalendarMode::Project => "project",
            CalendarMode::Strict => "strict",
        }
    }

    /// The engine for another jurisdiction layer of the same policy set.
    fn with_jurisdiction(&self, py: Python<'_>, id: &str) -> PyResult<Engine> {
        Ok(Engine { inner: self.inner.with_jurisdiction(id).py_err(py)? })
    }

    /// The selected jurisdiction id (e.g. `"cn"`).
    #[getter]
    fn jurisdiction(&self) -> String {
        self.inner.jurisdiction().to_owned()
    }

    /// Every jurisdiction id of the loaded policy set.
    fn jurisdictions(&self) -> Vec<String> {
        self.inner.jurisdictions()
    }

    /// Version stamp of the policy set (stamped on every decision).
    #[getter]
    fn policy_version(&self) -> String {
        self.inner.policy_version()
    }

    /// Version stamp of the holiday calendar (stamped on every decision).
    #[getter]
    fn calendar_version(&self) -> String {
        self.inner.calendar_version()
    }

    /// Whether `date` (a `datetime.date` or `"YYYY-MM-DD"`) is a working day.
    fn is_working_day(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        let d = to_date(py, date, "date")?;
        self.inner.calendar().is_working_day(d).py_err(py)
    }

    /// `date` plus `n` working days (counting starts the day after `date`).
    fn add_working_days<'py>(&self, py: Python<'py>, date: &Bound<'py, PyAny>, n: u32) -> PyResult<Bound<'py, PyAny>> {
        let d = to_date(py, date, "date")?;
        from_date(py, self.inner.calendar().add_working_days(d, n).py_err(py)?)
    }

    /// The first working day after `date`.
    fn next_working_day<'py>(&self, py: Python<'py>, date: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let d = to_date(py, date, "date")?;
        from_date(py, self.inner.calendar().next_working_day(d).py_err(py)?)
    }

    /// The number of working days in `(start, end]` (negative when `end < start`).
    fn working_days_between(&self, py: Python<'_>, start: &Bound<'_, PyAny>, end: &Bound<'_, PyAny>) -> PyResult<i64> {
        let a = to_date(py, start, "start")?;
        let b = to_date(py, end, "end")?;
        self.inner.calendar().working_days_between(a, b).py_err(py)
    }

    /// Evaluate one case (a dict or JSON text) into a `Decision`. `lang` (`"zh"` or `"en"`)
    /// chooses the explanation language, whatever the case's own `lang` says.
    #[pyo3(signature = (case, lang = None))]
    fn evaluate(&self, py: Python<'_>, case: &Bound<'_, PyAny>, lang: Option<&str>) -> PyResult<Decision> {
        let lang = to_lang(lang)?;
        let value = to_case(py, case)?;
        let case = Case::from_value(value).py_err(py)?;
        let decision = self.inner.evaluate_in(&case, lang).py_err(py)?;
        Ok(Decision::new(decision))
    }

    /// Evaluate many cases (a list of dicts or JSON texts); the evaluation runs without the GIL.
    /// The first failing case raises, its path prefixed with the case index (`[3].records[0]`).
    #[pyo3(signature = (cases, lang = None))]
    fn evaluate_many(&self, py: Python<'_>, cases: &Bound<'_, PyAny>, lang: Option<&str>) -> PyResult<Vec<Decision>> {
        let lang = to_lang(lang)?;
        let at = |i: usize, e: credit_core::Error| {
            let path = match e.path() {
                Some(p) if !p.is_empty() => format!("[{i}].{p}"),
                _ => format!("[{i}]"),
            };
            e.with_path(path)
        };
        // Read each case right away (a `Case` is smaller than its JSON value), then evaluate them
        // all without the GIL.
        let mut read = Vec::new();
        for (i, c) in cases.try_iter()?.enumerate() {
            let value = to_case(py, &c?).map_err(|e| prefix_path(py, e, i))?;
            let case = Case::from_value(value).map_err(|e| to_py_err(py, &at(i, e)))?;
            read.push(case);
        }
        let engine = &self.inner;
        let results = py.detach(|| {
            read.iter()
                .enumerate()
                .map(|(i, case)| engine.evaluate_in(case, lang).map(Decision::new).map_err(|e| at(i, e)))
                .collect::<Result<Vec<_>, _>>()
        });
        results.map_err(|e| to_py_err(py, &e))
    }

    /// The catalogue: lists, conduct and measures (id → entry with `name`, ...), as a dict.
    fn catalog<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.catalog())?)
    }

    /// Evaluate one case under each of `jurisdictions` and report the fields that differ, as a
    /// `Comparison`. `lang` (`"zh"` or `"en"`) chooses the language of the `why` messages.
    #[pyo3(signature = (case, jurisdictions, lang = None))]
    fn compare(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        jurisdictions: Vec<String>,
        lang: Option<&str>,
    ) -> PyResult<Comparison> {
        let lang = to_lang(lang)?;
        let value = to_case(py, case)?;
        let case = Case::from_value(value).py_err(py)?;
        let engine = &self.inner;
        let inner = py.detach(|| engine.compare(&case, &jurisdictions, lang)).py_err(py)?;
        Ok(Comparison { inner })
    }

    /// The serious-subject ratio per region (TRI-7) for a population of subjects: a list of dicts
    /// `{id, kind, region, lists, status, events}` or a pandas-like object with
    /// `.to_dict("records")`. Returns one dict per region (sorted by region) with
    /// `legal_persons`, `serious`, `ratio`, `target`, `meets_target`, `would_exit` (masked ids)
    /// and `ratio_after_exit`; `pandas.DataFrame(rows)` takes the result as is. The computation
    /// runs without the GIL.
    fn serious_ratio<'py>(&self, py: Python<'py>, subjects: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let values = to_population(py, subjects)?;
        let engine = &self.inner;
        let rows = py.detach(|| read_population(values).and_then(|people| engine.serious_ratio(&people))).py_err(py)?;
        Ok(pythonize::pythonize(py, &rows)?)
    }

    fn __repr__(&self) -> String {
        format!(
            "Engine(jurisdiction={:?}, policy_version={:?}, calendar_version={:?})",
            self.inner.jurisdiction(),
            self.inner.policy_version(),
            self.inner.calendar_version()
        )
    }
}

/// The policy lint report: `ok`, `diagnostics` (list of dicts), `str(report)` is the text report.
#[pyclass(module = "credit._credit", name = "LintReport", frozen, skip_from_py_object)]
pub struct LintReport {
    inner: credit_core::lint::LintReport,
}

#[pymethods]
impl LintReport {
    /// `True` when there is no error (warnings allowed).
    #[getter]
    fn ok(&self) -> bool {
        self.inner.is_ok()
    }

    /// Every diagnostic, as dicts with `code`, `level`, `file`, `line`, `column`, `path`,
    /// `message`, `help`, `rule`.
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.diagnostics)?)
    }

    /// The whole report as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner)?)
    }

    fn __str__(&self) -> String {
        self.inner.to_text()
    }

    fn __bool__(&self) -> bool {
        self.inner.is_ok()
    }

    fn __repr__(&self) -> String {
        format!(
            "LintReport(ok={}, diagnostics={})",
            if self.inner.is_ok() { "True" } else { "False" },
            self.inner.diagnostics.len()
        )
    }
}

/// Lint a policy directory: every problem at once, never raises for policy problems.
#[pyfunction]
fn lint(py: Python<'_>, path: PathBuf) -> LintReport {
    LintReport { inner: py.detach(|| credit_core::lint::lint_dir(&path)) }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Comparison>()?;
    m.add_class::<LintReport>()?;
    m.add_function(wrap_pyfunction!(lint, m)?)?;
    Ok(())
}
