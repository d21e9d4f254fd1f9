//! `credit.Engine`, `credit.Decision`, `credit.Comparison`, `credit.lint` / `credit.LintReport`.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use credit_core::calendar::CalendarMode;
use credit_core::case::Lang;
use credit_core::ratio::PopulationSubject;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString, PyTuple, PyType};
use serde_json::Value;

use crate::errors::{to_py_err, IntoPyResult};
use crate::input;
use credit_core::ffi;
use credit_core::ErrorCode;

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A date argument (`datetime.date` or `"YYYY-MM-DD"`) through the core's FFI layer.
fn to_date(py: Python<'_>, value: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    input::with_arg(Some(value), |a| ffi::date(a, name)).py_err(py)
}

fn from_date<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    DATE.import(py, "datetime", "date")?.call1((d.year(), d.month(), d.day()))
}

/// The `lang` argument (`None`, `"zh"` or `"en"`).
fn to_lang(py: Python<'_>, lang: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Lang>> {
    input::with_arg(lang, ffi::lang).py_err(py)
}

/// The `indent` argument of `to_json`: `None` or a whole number of spaces (0 to 16).
fn to_indent(py: Python<'_>, indent: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    match indent {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => input::with_arg(Some(v), |a| ffi::count(a, "indent", 16, "spaces"))
            .map(|n| usize::try_from(n).ok())
            .py_err(py),
    }
}

/// A value (any serde type) as indented JSON text, or compact when `indent` is `None`.
fn json_text<T: serde::Serialize>(value: &T, indent: Option<usize>) -> Result<String, credit_core::Error> {
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
    text.map_err(|e| {
        credit_core::Error::new(credit_core::ErrorKind::Internal, credit_core::ErrorCode::Internal, e.to_string())
    })
}

/// An explained decision (the JSON contract). `decision["grade"]` or `decision.grade` reads a
/// top-level field; `to_dict()` / `to_json()` give the whole decision; `str(decision)` /
/// `to_text()` the readable text.
#[pyclass(module = "credit._credit", name = "Decision", frozen)]
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
    fn to_json(&self, py: Python<'_>, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, to_indent(py, indent)?).py_err(py)
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

    /// The notebook view: conclusions, rules and citations as an HTML table.
    fn _repr_html_(&self) -> String {
        crate::html::decision(&self.inner)
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
#[pyclass(module = "credit._credit", name = "Comparison", frozen)]
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
    fn to_json(&self, py: Python<'_>, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, to_indent(py, indent)?).py_err(py)
    }

    /// The differences as readable text.
    fn to_text(&self) -> String {
        self.inner.to_text()
    }

    fn __str__(&self) -> String {
        self.inner.to_text()
    }

    /// The notebook view: the differing fields as an HTML table, a column per jurisdiction.
    fn _repr_html_(&self) -> String {
        crate::html::comparison(&self.inner)
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
/// `.to_dict("records")`. Keys whose value is `None` (or NaN, pandas' missing value) are dropped;
/// everything else goes through the core's FFI layer (nesting, NaN and type checks).
fn to_population(py: Python<'_>, subjects: &Bound<'_, PyAny>) -> PyResult<Vec<Value>> {
    let bad = |path: String, message: String| {
        to_py_err(py, &credit_core::Error::case(credit_core::ErrorCode::InvalidPopulation, path, message))
    };
    let records = if !subjects.is_instance_of::<PyList>()
        && !subjects.is_instance_of::<PyTuple>()
        && !subjects.is_instance_of::<PyDict>()
        && subjects.hasattr("to_dict").unwrap_or(false)
    {
        subjects
            .call_method1("to_dict", ("records",))
            .map_err(|e| bad(String::new(), format!("to_dict(\"records\") failed: {e}")))?
    } else {
        subjects.clone()
    };
    let items = records.try_iter().map_err(|_| {
        to_py_err(
            py,
            &credit_core::Error::argument(
                credit_core::ErrorCode::InvalidPopulation,
                "subjects",
                "subjects: expected a list of subjects (dicts) or a DataFrame",
            ),
        )
    })?;
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item.map_err(|e| bad(format!("[{i}]"), e.to_string()))?;
        let item = match item.cast::<PyDict>() {
            Ok(d) => {
                let kept = PyDict::new(py);
                for (k, v) in d.iter() {
                    let missing = v.is_none() || v.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan());
                    if !missing {
                        kept.set_item(k, v)?;
                    }
                }
                kept.into_any()
            }
            Err(_) => item,
        };
        let value = input::value(&item).map_err(|e| {
            let path = match e.path() {
                Some(p) => format!("[{i}].{p}"),
                None => format!("[{i}]"),
            };
            to_py_err(py, &e.with_path(path))
        })?;
        out.push(value);
    }
    Ok(out)
}

/// Read population subjects, naming the first problem's path (`[3].kind`): the core's FFI reader.
pub(crate) fn read_population(values: Vec<Value>) -> Result<Vec<PopulationSubject>, credit_core::Error> {
    credit_core::ratio::population_from_values(values)
}

/// The engine: one jurisdiction layer of a validated policy set plus the holiday calendar.
/// Immutable and thread-safe; `evaluate_many` releases the GIL.
#[pyclass(module = "credit._credit", name = "Engine", frozen)]
pub struct Engine {
    inner: credit_core::Engine,
    /// How to build this engine again (pickling): the policy origin, layer and calendar options.
    recipe: Recipe,
    /// The measure checks compiled for the last few `as_of` dates (`check_measure`); not pickled.
    tables: crate::measure_check::TableCache,
    /// Private copies of the policy data for the worker threads of `evaluate_table` (made on
    /// first use, kept; not pickled).
    replicas: crate::table::Replicas,
}

/// Where an engine's policy set came from.
#[derive(Clone)]
enum Origin {
    /// The bundled national baseline.
    National,
    /// A policy directory (the path must exist where the engine is unpickled).
    Dir(PathBuf),
    /// Policy files given in memory: `(relative path, content)`.
    Sources(Vec<(String, String)>),
}

/// Everything needed to rebuild an engine: origin, jurisdiction layer, calendar mode and the
/// calendar year files added at run time.
#[derive(Clone)]
struct Recipe {
    origin: Origin,
    jurisdiction: String,
    strict: bool,
    years: Vec<(String, String)>,
}

impl Recipe {
    fn build(&self) -> Result<credit_core::Engine, credit_core::Error> {
        let mut e = match &self.origin {
            Origin::National => credit_core::Engine::national()?,
            Origin::Dir(p) => credit_core::Engine::from_dir(p, &self.jurisdiction)?,
            Origin::Sources(files) => credit_core::Engine::from_sources(files.clone(), &self.jurisdiction)?,
        };
        if e.jurisdiction() != self.jurisdiction {
            e = e.with_jurisdiction(&self.jurisdiction)?;
        }
        if !self.years.is_empty() {
            e = e.with_calendar_year_files(&self.years)?;
        }
        if self.strict {
            e = e.with_calendar_mode(CalendarMode::Strict);
        }
        Ok(e)
    }
}

/// Rebuild a pickled engine (`Engine.__reduce__`): `(origin, payload, jurisdiction, strict, years)`.
#[pyfunction]
fn _engine_from_recipe(
    py: Python<'_>,
    origin: &str,
    payload: &Bound<'_, PyAny>,
    jurisdiction: String,
    strict: bool,
    years: Vec<(String, String)>,
) -> PyResult<Engine> {
    let origin = match origin {
        "national" => Origin::National,
        "dir" => Origin::Dir(payload.extract()?),
        "sources" => Origin::Sources(payload.extract()?),
        other => {
            return Err(argument_error(
                py,
                ErrorCode::InvalidOptions,
                "origin",
                format!("unknown engine origin `{other}`"),
            ))
        }
    };
    let recipe = Recipe { origin, jurisdiction, strict, years };
    let inner = py.detach(|| recipe.build()).py_err(py)?;
    Ok(Engine::new(inner, recipe))
}

impl Engine {
    /// An engine with empty caches (compiled measure tables, worker replicas: neither pickled).
    fn new(inner: credit_core::Engine, recipe: Recipe) -> Engine {
        Engine { inner, recipe, tables: Default::default(), replicas: Default::default() }
    }

    /// Apply the calendar options of the constructors.
    fn configured(
        py: Python<'_>,
        mut inner: credit_core::Engine,
        origin: Origin,
        strict: Option<&Bound<'_, PyAny>>,
        years: Vec<(String, String)>,
    ) -> PyResult<Engine> {
        let mut recipe =
            Recipe { origin, jurisdiction: inner.jurisdiction().to_owned(), strict: false, years: years.clone() };
        if !years.is_empty() {
            inner = inner.with_calendar_year_files(&years).py_err(py)?;
        }
        let strict = match strict {
            None => false,
            Some(v) if v.is_none() => false,
            Some(v) => v.cast::<pyo3::types::PyBool>().map(|b| b.is_true()).map_err(|_| {
                argument_error(py, ErrorCode::InvalidOptions, "strict", "strict: expected True or False".to_owned())
            })?,
        };
        if strict {
            inner = inner.with_calendar_mode(CalendarMode::Strict);
        }
        recipe.strict = strict;
        Ok(Engine::new(inner, recipe))
    }
}

/// An argument error raised by the binding's own readers (calendar year files, paths).
fn argument_error(py: Python<'_>, code: ErrorCode, name: &str, message: String) -> PyErr {
    to_py_err(py, &credit_core::Error::argument(code, name, message))
}

/// A path argument (`str` or `os.PathLike`).
fn to_path(py: Python<'_>, value: &Bound<'_, PyAny>, name: &str) -> PyResult<PathBuf> {
    value.extract::<PathBuf>().map_err(|_| {
        let t = value.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        argument_error(
            py,
            ErrorCode::WrongType,
            name,
            format!("{name}: expected a path (str or os.PathLike), got a `{t}`"),
        )
    })
}

/// A string argument such as a jurisdiction id.
fn to_str(py: Python<'_>, value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    input::with_arg(Some(value), |a| ffi::string(a, name).map(str::to_owned)).py_err(py)
}

/// `calendar_years`: `None`, or a list of paths (`str` / `os.PathLike`) or `(file_name, toml_text)`
/// tuples → `(file name, content)` pairs. A path is read here (an unreadable file is a
/// `CreditError` of kind `io`).
fn read_calendar_years(py: Python<'_>, years: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(years) = years else { return Ok(Vec::new()) };
    if years.is_none() {
        return Ok(Vec::new());
    }
    let bad = |path: String, message: String| argument_error(py, ErrorCode::InvalidCalendarYears, &path, message);
    if years.is_instance_of::<PyString>() || years.is_instance_of::<PyBytes>() {
        return Err(bad(
            "calendar_years".into(),
            "calendar_years: expected a list of paths or of (file_name, toml_text) tuples, got a single string".into(),
        ));
    }
    let items = years.try_iter().map_err(|_| {
        bad(
            "calendar_years".into(),
            "calendar_years: expected a list of paths or of (file_name, toml_text) tuples".into(),
        )
    })?;
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let at = format!("calendar_years[{i}]");
        let item = item.map_err(|e| bad(at.clone(), format!("{at}: {e}")))?;
        if let Ok(t) = item.cast::<PyTuple>() {
            let pair: (String, String) = t
                .extract()
                .map_err(|_| bad(at.clone(), format!("{at}: expected a (file_name, toml_text) tuple of two str")))?;
            out.push(pair);
            continue;
        }
        let path: PathBuf = item.extract().map_err(|_| {
            bad(
                at.clone(),
                format!(
                    "{at}: expected a path (str or os.PathLike) or a (file_name, toml_text) tuple, got a `{}`",
                    item.get_type().name().map(|n| n.to_string()).unwrap_or_default()
                ),
            )
        })?;
        let content = std::fs::read_to_string(&path).map_err(|e| {
            to_py_err(
                py,
                &credit_core::Error::new(
                    credit_core::ErrorKind::Io,
                    ErrorCode::Io,
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
    #[pyo3(signature = (*, strict = None, calendar_years = None))]
    fn national(
        py: Python<'_>,
        strict: Option<&Bound<'_, PyAny>>,
        calendar_years: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Engine> {
        let files = read_calendar_years(py, calendar_years)?;
        let inner = credit_core::Engine::national().py_err(py)?;
        Engine::configured(py, inner, Origin::National, strict, files)
    }

    /// Load a policy directory and select `jurisdiction` (raises `PolicyError` with every problem).
    #[staticmethod]
    #[pyo3(signature = (path, jurisdiction = None, *, strict = None, calendar_years = None))]
    fn from_dir(
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        jurisdiction: Option<&Bound<'_, PyAny>>,
        strict: Option<&Bound<'_, PyAny>>,
        calendar_years: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Engine> {
        let path = to_path(py, path, "path")?;
        let jurisdiction = match jurisdiction {
            Some(j) => to_str(py, j, "jurisdiction")?,
            None => "cn".to_owned(),
        };
        let files = read_calendar_years(py, calendar_years)?;
        let inner = py.detach(|| credit_core::Engine::from_dir(&path, &jurisdiction)).py_err(py)?;
        Engine::configured(py, inner, Origin::Dir(path), strict, files)
    }

    /// Load policy files given in memory: a dict `{relative_path: content}` or a list of pairs.
    #[staticmethod]
    #[pyo3(signature = (files, jurisdiction = None, *, strict = None, calendar_years = None))]
    fn from_sources(
        py: Python<'_>,
        files: &Bound<'_, PyAny>,
        jurisdiction: Option<&Bound<'_, PyAny>>,
        strict: Option<&Bound<'_, PyAny>>,
        calendar_years: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Engine> {
        let files = input::value(files).and_then(|v| ffi::policy_files(&v)).py_err(py)?;
        let jurisdiction = match jurisdiction {
            Some(j) => to_str(py, j, "jurisdiction")?,
            None => "cn".to_owned(),
        };
        let years = read_calendar_years(py, calendar_years)?;
        let inner = py.detach(|| credit_core::Engine::from_sources(files.clone(), &jurisdiction)).py_err(py)?;
        Engine::configured(py, inner, Origin::Sources(files), strict, years)
    }

    /// The same engine with the calendar in another mode: `"project"` (years without a notice
    /// are projected from the statute; conclusions that used a projected day are marked
    /// provisional) or `"strict"` (such a day is a `CoverageError`).
    fn with_calendar_mode(&self, py: Python<'_>, mode: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let mode = input::with_arg(Some(mode), ffi::calendar_mode).py_err(py)?;
        let mut recipe = self.recipe.clone();
        recipe.strict = mode == CalendarMode::Strict;
        Ok(Engine::new(self.inner.with_calendar_mode(mode), recipe))
    }

    /// The same engine with more calendar year files (the format of `policies/calendar/<year>.toml`):
    /// a list of paths or of `(file_name, toml_text)` tuples. A bad file raises `PolicyError`.
    fn with_calendar_years(&self, py: Python<'_>, files: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let files = read_calendar_years(py, Some(files))?;
        let inner = self.inner.with_calendar_year_files(&files).py_err(py)?;
        let mut recipe = self.recipe.clone();
        recipe.years.extend(files);
        Ok(Engine::new(inner, recipe))
    }

    /// Every year the calendar can classify: dicts `{"year", "status": "published" | "projected",
    /// "source"}` (published years also have `"published"`, the notice's date).
    fn calendar_years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner.calendar_years())?)
    }

    /// The calendar mode: `"project"` or `"strict"`.
    #[getter]
    fn calendar_mode(&self) -> &'static str {
        ffi::calendar_mode_name(self.inner.calendar().mode())
    }

    /// The engine for another jurisdiction layer of the same policy set.
    fn with_jurisdiction(&self, py: Python<'_>, id: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let id = to_str(py, id, "id")?;
        let inner = self.inner.with_jurisdiction(&id).py_err(py)?;
        let mut recipe = self.recipe.clone();
        recipe.jurisdiction = id;
        Ok(Engine::new(inner, recipe))
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
    fn add_working_days<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let d = to_date(py, date, "date")?;
        let n = input::with_arg(Some(n), |a| ffi::working_days(a, "n")).py_err(py)?;
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
    fn evaluate(&self, py: Python<'_>, case: &Bound<'_, PyAny>, lang: Option<&Bound<'_, PyAny>>) -> PyResult<Decision> {
        let lang = to_lang(py, lang)?;
        let case = input::case(case).py_err(py)?;
        let decision = self.inner.evaluate_in(&case, lang).py_err(py)?;
        Ok(Decision::new(decision))
    }

    /// Evaluate many cases (a list of dicts or JSON texts); the evaluation runs without the GIL.
    /// The first failing case raises, its path prefixed with the case index (`[3].records[0]`).
    #[pyo3(signature = (cases, lang = None))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        cases: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Decision>> {
        let lang = to_lang(py, lang)?;
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
        let items = cases.try_iter().map_err(|_| {
            to_py_err(
                py,
                &credit_core::Error::argument(ErrorCode::WrongType, "cases", "cases: expected a list of cases"),
            )
        })?;
        for (i, c) in items.enumerate() {
            let c = c.map_err(|e| {
                to_py_err(
                    py,
                    &at(i, credit_core::Error::case(ErrorCode::WrongType, "", format!("cannot read the case: {e}"))),
                )
            })?;
            read.push(input::case(&c).map_err(|e| to_py_err(py, &at(i, e)))?);
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

    /// Evaluate tables of subjects, records, events and proposed measures (pyarrow, polars,
    /// pandas, or anything with `__arrow_c_stream__`), linked by the caller's `key` columns, into
    /// a `TableResult` of pyarrow tables (`subjects`, `records`, `measures`, `errors`). A bad row
    /// becomes an error row and its subject is skipped; `strict=True` raises the first instead.
    /// Runs without the GIL on `workers` threads (default: every core), started once per call and
    /// taking `chunk_size / workers` subjects at a time, each worker after the first on its own
    /// copy of the policy data (made on first use, kept); `progress` is `True` (tqdm) or a
    /// callable `(done, total)`, called as pieces finish.
    #[pyo3(signature = (subjects, records = None, events = None, measures = None, *, key, as_of = None, lang = None, explain = false, strict = false, workers = None, chunk_size = 8192, progress = None))]
    #[allow(clippy::too_many_arguments, reason = "the keyword arguments of the Python method")]
    fn evaluate_table(
        &self,
        py: Python<'_>,
        subjects: &Bound<'_, PyAny>,
        records: Option<&Bound<'_, PyAny>>,
        events: Option<&Bound<'_, PyAny>>,
        measures: Option<&Bound<'_, PyAny>>,
        key: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        lang: Option<&Bound<'_, PyAny>>,
        explain: bool,
        strict: bool,
        workers: Option<usize>,
        chunk_size: usize,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::table::TableResult> {
        let as_of = match as_of {
            Some(v) if !v.is_none() => Some(to_date(py, v, "as_of")?),
            _ => None,
        };
        let workers = read_workers(py, workers)?;
        let options = crate::table::Options { as_of, lang: to_lang(py, lang)?, explain, strict, workers, chunk_size };
        crate::table::evaluate_table(
            py,
            &self.inner,
            &self.replicas,
            subjects,
            records,
            events,
            measures,
            key,
            options,
            progress,
        )
    }

    /// The proposed-measure checks on a table of record facts (one row per proposed measure:
    /// `measure`, `conduct`, `severity`, `list`, `status`, `in_scope`, `subject_kind`,
    /// `decided_on`, and optionally `target`, `by_kind`, `voluntary`, `notified`, `events`), as
    /// the records table of `evaluate_table` gives them, through the catalogue compiled into dense
    /// tables at `as_of`. Returns `(results, errors)`: results aligned with the input rows (the
    /// `key` columns as given, `allowed`, `failed_mask`, and with `detail=True` `failed` and
    /// `rules`); errors `(row, code, path, message)` for rows that could not be read.
    #[pyo3(signature = (table, *, as_of, key = None, detail = false, workers = None))]
    fn check_measures(
        &self,
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        key: Option<&Bound<'_, PyAny>>,
        detail: bool,
        workers: Option<usize>,
    ) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        let as_of = to_date(py, as_of, "as_of")?;
        let key: Vec<String> = match key {
            None => Vec::new(),
            Some(k) if k.is_none() => Vec::new(),
            Some(k) => match k.cast::<PyString>() {
                Ok(s) => vec![s.to_cow()?.into_owned()],
                Err(_) => k.extract().map_err(|_| {
                    argument_error(
                        py,
                        ErrorCode::WrongType,
                        "key",
                        "key: expected a column name or a list of names".to_owned(),
                    )
                })?,
            },
        };
        let workers = read_workers(py, workers)?;
        crate::checks::check_measures(py, &self.inner, table, as_of, key, detail, workers)
    }

    /// One proposed-measure check on a record's facts (the fields of a case's record and
    /// proposal, and the record's evaluated `status`), through the catalogue compiled into dense
    /// tables at `as_of` (cached per engine for the last few dates). Returns a `MeasureCheck`
    /// with the `verdict`, `failed` checks and `rules` a decision gives for the same proposal.
    #[pyo3(signature = (measure, *, conduct, decided_on, as_of, status, subject_kind, severity = None, list = None, target = None, by_kind = None, voluntary = None, notified = None, events = None))]
    #[allow(clippy::too_many_arguments, reason = "the keyword arguments of the Python method")]
    fn check_measure(
        &self,
        py: Python<'_>,
        measure: &Bound<'_, PyAny>,
        conduct: &Bound<'_, PyAny>,
        decided_on: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        status: &Bound<'_, PyAny>,
        subject_kind: &Bound<'_, PyAny>,
        severity: Option<&Bound<'_, PyAny>>,
        list: Option<&Bound<'_, PyAny>>,
        target: Option<&Bound<'_, PyAny>>,
        by_kind: Option<&Bound<'_, PyAny>>,
        voluntary: Option<&Bound<'_, PyAny>>,
        notified: Option<&Bound<'_, PyAny>>,
        events: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::measure_check::MeasureCheck> {
        let args = crate::measure_check::Args {
            measure,
            conduct,
            decided_on,
            as_of,
            status,
            subject_kind,
            severity,
            list,
            target,
            by_kind,
            voluntary,
            notified,
            events,
        };
        crate::measure_check::check(py, &self.inner, &self.tables, args)
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
        jurisdictions: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Comparison> {
        let lang = to_lang(py, lang)?;
        let case = input::case(case).py_err(py)?;
        let jurisdictions = input::value(jurisdictions)
            .and_then(|v| ffi::string_list(&v, "jurisdictions"))
            .map_err(|e| to_py_err(py, &e))?;
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

    /// Pickling: the engine is rebuilt from its policy origin (bundled baseline, directory path
    /// or in-memory files), jurisdiction layer, calendar mode and calendar year files.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let f = py.import("credit._credit")?.getattr("_engine_from_recipe")?;
        let r = &self.recipe;
        let (origin, payload): (&str, Bound<'py, PyAny>) = match &r.origin {
            Origin::National => ("national", py.None().into_bound(py)),
            Origin::Dir(p) => ("dir", p.clone().into_pyobject(py)?.into_any()),
            Origin::Sources(files) => ("sources", files.clone().into_pyobject(py)?.into_any()),
        };
        let args = PyTuple::new(
            py,
            [
                origin.into_pyobject(py)?.into_any(),
                payload,
                r.jurisdiction.clone().into_pyobject(py)?.into_any(),
                pyo3::types::PyBool::new(py, r.strict).to_owned().into_any(),
                r.years.clone().into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((f, args))
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
#[pyclass(module = "credit._credit", name = "LintReport", frozen)]
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
fn lint(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<LintReport> {
    let path = to_path(py, path, "path")?;
    Ok(LintReport { inner: py.detach(|| credit_core::lint::lint_dir(&path)) })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Comparison>()?;
    m.add_class::<LintReport>()?;
    m.add_class::<crate::table::TableResult>()?;
    m.add_class::<crate::measure_check::MeasureCheck>()?;
    m.add_function(wrap_pyfunction!(lint, m)?)?;
    m.add_function(wrap_pyfunction!(_engine_from_recipe, m)?)?;
    Ok(())
}

/// The `workers=` argument of the batch calls: at least 1; absent, every core.
fn read_workers(py: Python<'_>, workers: Option<usize>) -> PyResult<usize> {
    match workers {
        Some(0) => {
            Err(argument_error(py, ErrorCode::InvalidCount, "workers", "workers: expected at least 1".to_owned()))
        }
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}
