//! `Engine.check_measure(measure, *, conduct, ...)`: one proposed-measure check through the dense
//! tables of `credit_core::measure_table`, for a caller who asks one question at a time.
//!
//! The catalogue is compiled once per `as_of` and kept in the engine (the last [`CACHED`] dates,
//! behind a mutex; a table is shared by `Arc`, so a check never holds the lock). Arguments are
//! read by the core's FFI readers (`ffi::date`, `ffi::string`, `ffi::choice`, `ffi::flag`), so
//! they are accepted and refused with the same codes as everywhere else; unknown catalogue ids give
//! the codes of `evaluate` (`unknown_measure`, `unknown_conduct`, `unknown_list`,
//! `list_criteria_not_met`). The answer is a `MeasureCheck`: the outcome bits, with the verdict
//! and check names as interned strings and the rule ids built only when read.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use credit_core::decision::RecordStatus;
use credit_core::ffi::{self, Arg};
use credit_core::measure_table::{days, event_bit, record_status, Facts, MeasureChecks, Outcome, CHECKS, NO_LIST};
use credit_core::vocab::{Actor, EventType, Severity, SubjectKind, Target};
use credit_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::errors::IntoPyResult;
use crate::input::with_arg;

/// How many `as_of` dates an engine keeps compiled tables for.
pub(crate) const CACHED: usize = 4;

/// The compiled tables of the last few `as_of` dates (the most recent last).
#[derive(Default)]
pub(crate) struct TableCache {
    slots: Mutex<Vec<Arc<MeasureChecks>>>,
}

impl TableCache {
    /// The table for `as_of`, compiled on first use. A poisoned lock (a panic elsewhere while it
    /// was held, which nothing here does) only costs a compilation.
    pub(crate) fn get(&self, engine: &credit_core::Engine, as_of: NaiveDate) -> Result<Arc<MeasureChecks>, Error> {
        if let Ok(slots) = self.slots.lock() {
            if let Some(t) = slots.iter().rev().find(|t| t.as_of() == as_of) {
                return Ok(Arc::clone(t));
            }
        }
        // Compiled with the GIL held and the lock released: no lock is ever held across a GIL
        // release, and two threads compiling the same date at once only waste one compilation.
        let t = Arc::new(MeasureChecks::compile(engine, as_of)?);
        if let Ok(mut slots) = self.slots.lock() {
            if !slots.iter().any(|x| x.as_of() == as_of) {
                if slots.len() >= CACHED {
                    slots.remove(0);
                }
                slots.push(Arc::clone(&t));
            }
        }
        Ok(t)
    }
}

/// Read one argument through the core's FFI layer.
fn arg<R>(py: Python<'_>, v: Option<&Bound<'_, PyAny>>, f: impl FnOnce(&Arg<'_>) -> Result<R, Error>) -> PyResult<R> {
    with_arg(v, f).py_err(py)
}

/// A required vocabulary value (`None` is `wrong_type`, as for a required string).
fn required<T: Copy>(
    py: Python<'_>,
    v: &Bound<'_, PyAny>,
    name: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> PyResult<T> {
    arg(py, Some(v), |a| {
        ffi::string(a, name)?;
        ffi::choice(a, name, all, as_str)?.ok_or_else(|| Error::argument(ErrorCode::WrongType, name, name.to_owned()))
    })
}

fn status_name(s: RecordStatus) -> &'static str {
    match s {
        RecordStatus::Active => "active",
        RecordStatus::Suspended => "suspended",
        RecordStatus::Expired => "expired",
        RecordStatus::Repaired => "repaired",
        RecordStatus::Removed => "removed",
        RecordStatus::Exited => "exited",
        RecordStatus::Revoked => "revoked",
    }
}

const STATUSES: [RecordStatus; 7] = [
    RecordStatus::Active,
    RecordStatus::Suspended,
    RecordStatus::Expired,
    RecordStatus::Repaired,
    RecordStatus::Removed,
    RecordStatus::Exited,
    RecordStatus::Revoked,
];

/// The event types on the record (`None`, or an iterable of names) as [`Facts::events`] bits.
fn read_events(py: Python<'_>, events: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    let Some(events) = events.filter(|e| !e.is_none()) else { return Ok(0) };
    if events.is_instance_of::<PyString>() {
        return Err(crate::errors::to_py_err(
            py,
            &Error::argument(
                ErrorCode::WrongType,
                "events",
                "events: expected a list of event types, got a single string",
            ),
        ));
    }
    let items = events.try_iter().map_err(|_| {
        crate::errors::to_py_err(
            py,
            &Error::argument(ErrorCode::WrongType, "events", "events: expected a list of event types"),
        )
    })?;
    let mut bits = 0u64;
    for (i, item) in items.enumerate() {
        let item = item?;
        let name = format!("events[{i}]");
        let e = required(py, &item, &name, EventType::ALL, EventType::as_str)?;
        bits |= event_bit(e);
    }
    Ok(bits)
}

/// The interned names of the checks, in [`CHECKS`] order (their JSON names).
static CHECK_NAMES: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

fn check_names(py: Python<'_>) -> &Vec<Py<PyString>> {
    CHECK_NAMES.get_or_init(py, || {
        CHECKS
            .iter()
            .map(|c| {
                let name = match serde_json::to_value(c) {
                    Ok(serde_json::Value::String(s)) => s,
                    _ => format!("{c:?}"),
                };
                PyString::intern(py, &name).unbind()
            })
            .collect()
    })
}

/// The failed checks as a tuple of interned names (the order of a decision's `failed` list).
fn failed_tuple<'py>(py: Python<'py>, o: Outcome) -> PyResult<Bound<'py, PyTuple>> {
    if o.mask == 0 {
        return Ok(PyTuple::empty(py));
    }
    let names = check_names(py);
    let mut out: Vec<Bound<'py, PyString>> = Vec::with_capacity(4);
    for k in o.failed() {
        if let Some(i) = CHECKS.iter().position(|c| *c == k) {
            if let Some(n) = names.get(i) {
                out.push(n.bind(py).clone());
            }
        }
    }
    PyTuple::new(py, out)
}

/// The answer of `Engine.check_measure`: `verdict` (`"allowed"` / `"refused"`), `allowed`,
/// `failed` (check names, in the order of a decision's `failed` list) and `rules` (built when
/// read).
#[pyclass(module = "credit._credit", name = "MeasureCheck", frozen)]
pub struct MeasureCheck {
    table: Arc<MeasureChecks>,
    facts: Facts,
    outcome: Outcome,
}

#[pymethods]
impl MeasureCheck {
    /// The measure id.
    #[getter]
    fn measure(&self) -> &str {
        self.table.measure_ids().get(self.facts.measure as usize).map_or("", String::as_str)
    }

    /// `"allowed"` when every check passed, else `"refused"` (a decision's `verdict`).
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> &Bound<'py, PyString> {
        if self.outcome.allowed() {
            pyo3::intern!(py, "allowed")
        } else {
            pyo3::intern!(py, "refused")
        }
    }

    /// Whether every check passed.
    #[getter]
    fn allowed(&self) -> bool {
        self.outcome.allowed()
    }

    /// The failed checks (`"proportionality"`, ...), as a decision's `failed` lists them.
    #[getter]
    fn failed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        failed_tuple(py, self.outcome)
    }

    /// The failed checks as bits: bit i is the i-th of catalogue, legal_basis, record_in_force,
    /// not_suspended, scope, relevance, not_lifted, proportionality, subject_kind,
    /// voluntary_only, notice (the `failed_mask` column of `check_measures`).
    #[getter]
    fn failed_mask(&self) -> u16 {
        self.outcome.mask
    }

    /// The rule ids a decision's explanation of this measure gives (built when read).
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.table.rules(&self.facts, self.outcome))
    }

    /// `{"measure", "verdict", "failed", "rules"}` as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("measure", self.measure())?;
        d.set_item("verdict", self.verdict(py))?;
        d.set_item("failed", self.failed(py)?.to_list())?;
        d.set_item("rules", self.table.rules(&self.facts, self.outcome))?;
        Ok(d)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<MeasureCheck>().is_ok_and(|o| {
            let o = o.get();
            o.facts == self.facts && o.outcome == self.outcome && o.table.as_of() == self.table.as_of()
        })
    }

    fn __repr__(&self) -> String {
        let failed: Vec<String> = self.outcome.failed().map(|k| format!("{k:?}")).collect();
        format!(
            "MeasureCheck(measure={:?}, verdict={:?}, failed=[{}])",
            self.measure(),
            if self.outcome.allowed() { "allowed" } else { "refused" },
            failed.join(", ")
        )
    }
}

/// The arguments of one check, as Python gave them.
pub(crate) struct Args<'a, 'py> {
    pub measure: &'a Bound<'py, PyAny>,
    pub conduct: &'a Bound<'py, PyAny>,
    pub decided_on: &'a Bound<'py, PyAny>,
    pub as_of: &'a Bound<'py, PyAny>,
    pub status: &'a Bound<'py, PyAny>,
    pub subject_kind: &'a Bound<'py, PyAny>,
    pub severity: Option<&'a Bound<'py, PyAny>>,
    pub list: Option<&'a Bound<'py, PyAny>>,
    pub target: Option<&'a Bound<'py, PyAny>>,
    pub by_kind: Option<&'a Bound<'py, PyAny>>,
    pub voluntary: Option<&'a Bound<'py, PyAny>>,
    pub notified: Option<&'a Bound<'py, PyAny>>,
    pub events: Option<&'a Bound<'py, PyAny>>,
}

fn unknown(code: ErrorCode, what: &str, id: &str) -> Error {
    Error::argument(code, what, format!("{what}: unknown {what} `{id}`"))
        .with_help("use an id of the jurisdiction's catalogue (`engine.catalog()`)")
}

/// `Engine.check_measure`: see the module documentation and the stub.
pub(crate) fn check(
    py: Python<'_>,
    engine: &credit_core::Engine,
    cache: &TableCache,
    a: Args<'_, '_>,
) -> PyResult<MeasureCheck> {
    let as_of = arg(py, Some(a.as_of), |x| ffi::date(x, "as_of"))?;
    let decided = arg(py, Some(a.decided_on), |x| ffi::date(x, "decided_on"))?;
    let table = cache.get(engine, as_of).py_err(py)?;
    let t = &*table;
    let measure = arg(py, Some(a.measure), |x| {
        let id = ffi::string(x, "measure")?;
        t.measure_index(id).ok_or_else(|| unknown(ErrorCode::UnknownMeasure, "measure", id))
    })?;
    let conduct = arg(py, Some(a.conduct), |x| {
        let id = ffi::string(x, "conduct")?;
        t.conduct_index(id).ok_or_else(|| unknown(ErrorCode::UnknownConduct, "conduct", id))
    })?;
    let decided_on = days(decided);
    let list = match a.list.filter(|l| !l.is_none()) {
        None => NO_LIST,
        Some(l) => arg(py, Some(l), |x| {
            let id = ffi::string(x, "list")?;
            let i = t.list_index(id).ok_or_else(|| unknown(ErrorCode::UnknownList, "list", id))?;
            if !t.listing_allowed(i, conduct, decided_on) {
                let c = with_arg(Some(a.conduct), |c| ffi::string(c, "conduct").map(str::to_owned)).unwrap_or_default();
                return Err(Error::argument(
                    ErrorCode::ListCriteriaNotMet,
                    "list",
                    format!("conduct `{c}` is not among the entry criteria of list `{id}`"),
                )
                .with_help("a subject may be listed only for the conduct the list's legal basis names (MEA-6)"));
            }
            Ok(i)
        })?,
    };
    let severity = match arg(py, a.severity, |x| ffi::choice(x, "severity", Severity::ALL, Severity::as_str))? {
        Some(s) => s,
        // The record states none: the conduct's own, as the full evaluation resolves it.
        None => t.severity_of(conduct, decided_on).ok_or_else(|| {
            crate::errors::to_py_err(py, &Error::argument(ErrorCode::UnknownConduct, "conduct", "conduct: no version"))
        })?,
    };
    let status = arg(py, Some(a.status), |x| {
        let name = ffi::string(x, "status")?;
        record_status(name).ok_or_else(|| {
            let names: Vec<String> = STATUSES.iter().map(|s| format!("`{}`", status_name(*s))).collect();
            Error::argument(
                ErrorCode::UnknownValue,
                "status",
                format!("status: unknown value `{name}`, expected one of {}", names.join(", ")),
            )
        })
    })?;
    let subject = required(py, a.subject_kind, "subject_kind", SubjectKind::ALL, SubjectKind::as_str)?;
    let target = arg(py, a.target, |x| ffi::choice(x, "target", Target::ALL, Target::as_str))?;
    let by_kind = arg(py, a.by_kind, |x| ffi::choice(x, "by_kind", Actor::ALL, Actor::as_str))?;
    let voluntary = arg(py, a.voluntary, |x| ffi::flag(x, "voluntary"))?;
    let notified = arg(py, a.notified, |x| ffi::flag(x, "notified"))?;
    let events = read_events(py, a.events)?;
    let facts = Facts {
        measure,
        conduct,
        list,
        severity,
        status,
        in_scope: t.in_scope(severity),
        subject,
        target,
        by_kind,
        voluntary,
        decided_on,
        notified,
        events,
    };
    let outcome = t.check(&facts);
    Ok(MeasureCheck { table, facts, outcome })
}
