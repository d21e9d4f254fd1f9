//! `Engine.check_measure(measure, *, conduct, ...)`: one proposed-measure check through the dense
//! tables of `credit_core::measure_table`, for a caller who asks one question at a time.
//!
//! The catalogue is compiled once per `as_of` and kept in the engine (the [`CACHED`] most
//! recently used dates, behind a mutex; a table is shared by `Arc`, so a check never holds the
//! lock). Arguments are read by the core's FFI readers (`ffi::date`, `ffi::string`,
//! `ffi::choice`, `ffi::flag`), so they are accepted and refused with the same codes as
//! everywhere else — except that a string which *is* one of the interned names (a catalogue id, a
//! vocabulary value, the last `as_of` string object seen for a date) is recognised by identity
//! without being read: the same answer, without copying the text out of Python (which abi3 for
//! Python 3.9 makes cost an allocation per string). Unknown catalogue ids give the codes of
//! `evaluate` (`unknown_measure`, `unknown_conduct`, `unknown_list`, `list_criteria_not_met`).
//! The answer is a `MeasureCheck`: the outcome bits, with the verdict and check names as interned
//! strings and the rule ids built only when read.

use std::sync::{Arc, Mutex};

use credit_core::ffi::measure::{
    list_criteria_not_met, record_status_name, required_choice, unknown_id, RECORD_STATUSES,
};
use credit_core::ffi::{self, Arg};
use credit_core::measure_table::{days, event_bit, Facts, MeasureChecks, Outcome, CHECKS, NO_LIST};
use credit_core::vocab::{Actor, EventType, Severity, SubjectKind, Target};
use credit_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};

use crate::errors::IntoPyResult;
use crate::input::with_arg;

/// How many `as_of` dates an engine keeps compiled tables for (the least recently used goes
/// first). A table is a few kilobytes; compiling one costs about as much as one `evaluate`.
pub(crate) const CACHED: usize = 16;

/// One `as_of` compiled: the dense tables, and the catalogue ids as interned Python strings by
/// index (a caller's literal `"judgment_debtor"` is the same interned object, so an id is found
/// by identity, without reading the string; any other string is read and looked up).
pub(crate) struct Compiled {
    table: Arc<MeasureChecks>,
    measures: Vec<Py<PyString>>,
    conducts: Vec<Py<PyString>>,
    lists: Vec<Py<PyString>>,
}

impl Compiled {
    fn new(py: Python<'_>, table: MeasureChecks) -> Compiled {
        let intern = |ids: &[String]| ids.iter().map(|id| PyString::intern(py, id).unbind()).collect();
        Compiled {
            measures: intern(table.measure_ids()),
            conducts: intern(table.conduct_ids()),
            lists: intern(table.list_ids()),
            table: Arc::new(table),
        }
    }
}

/// A cached date: its compiled tables, and the last `str` object given as that `as_of` (a
/// caller passing the same object again skips reading the date).
struct Slot {
    key: Option<Py<PyString>>,
    compiled: Arc<Compiled>,
}

/// The compiled tables of the last few `as_of` dates (the most recently used last). The lock is
/// never held while Python code may run (reading an argument, dropping a Python object), so it
/// cannot deadlock with the GIL.
#[derive(Default)]
pub(crate) struct TableCache {
    slots: Mutex<Vec<Slot>>,
}

impl TableCache {
    /// The tables for the date `as_of` names, compiled on first use. A poisoned lock (a panic
    /// elsewhere while it was held, which nothing here does) only costs a compilation.
    fn get(&self, py: Python<'_>, engine: &credit_core::Engine, as_of: &Bound<'_, PyAny>) -> PyResult<Arc<Compiled>> {
        let exact_str = as_of.is_exact_instance_of::<PyString>();
        if exact_str {
            if let Ok(mut slots) = self.slots.lock() {
                if let Some(i) = slots.iter().rposition(|s| s.key.as_ref().is_some_and(|k| k.bind(py).is(as_of))) {
                    if let Some(tail) = slots.get_mut(i..) {
                        tail.rotate_left(1); // now the most recently used
                    }
                    if let Some(s) = slots.last() {
                        return Ok(Arc::clone(&s.compiled));
                    }
                }
            }
        }
        let day = arg(py, Some(as_of), |x| ffi::date(x, "as_of"))?;
        let key = if exact_str { as_of.cast::<PyString>().ok().map(|k| k.clone().unbind()) } else { None };
        let mut dropped: Vec<Py<PyString>> = Vec::new();
        let mut evicted: Vec<Slot> = Vec::new();
        let found = match self.slots.lock() {
            Ok(mut slots) => match slots.iter().rposition(|s| s.compiled.table.as_of() == day) {
                Some(i) => {
                    if let Some(tail) = slots.get_mut(i..) {
                        tail.rotate_left(1); // now the most recently used
                    }
                    slots.last_mut().map(|s| {
                        if let Some(k) = key.as_ref() {
                            if let Some(old) = s.key.replace(k.clone_ref(py)) {
                                dropped.push(old);
                            }
                        }
                        Arc::clone(&s.compiled)
                    })
                }
                None => None,
            },
            Err(_) => None,
        };
        if let Some(c) = found {
            return Ok(c);
        }
        // Compiled with the GIL held and the lock released; two threads compiling the same date at
        // once only waste one compilation.
        let compiled = Arc::new(Compiled::new(py, MeasureChecks::compile(engine, day).py_err(py)?));
        if let Ok(mut slots) = self.slots.lock() {
            if !slots.iter().any(|s| s.compiled.table.as_of() == day) {
                if slots.len() >= CACHED {
                    evicted.push(slots.remove(0));
                }
                slots.push(Slot { key, compiled: Arc::clone(&compiled) });
            }
        }
        drop((dropped, evicted));
        Ok(compiled)
    }
}

/// The index of `v` in `names` when it is one of those very objects.
#[inline]
fn by_identity(v: &Bound<'_, PyAny>, names: &[Py<PyString>]) -> Option<usize> {
    let p = v.as_ptr();
    names.iter().position(|n| n.as_ptr() == p)
}

/// A vocabulary's names as interned Python strings, in the order of its `ALL`.
fn interned<'a, T: Copy>(
    py: Python<'_>,
    cell: &'a PyOnceLock<Vec<Py<PyString>>>,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> &'a [Py<PyString>] {
    cell.get_or_init(py, || all.iter().map(|v| PyString::intern(py, as_str(*v)).unbind()).collect())
}

static SEVERITIES: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
static SUBJECT_KINDS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
static TARGETS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
static ACTORS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
static EVENT_TYPES: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();
static STATUS_NAMES: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

/// An optional vocabulary value: by identity with its interned name, else through `ffi::choice`.
fn vocab<T: Copy>(
    py: Python<'_>,
    v: Option<&Bound<'_, PyAny>>,
    name: &str,
    all: &'static [T],
    as_str: fn(T) -> &'static str,
    cell: &PyOnceLock<Vec<Py<PyString>>>,
) -> PyResult<Option<T>> {
    if let Some(x) = v.and_then(|v| by_identity(v, interned(py, cell, all, as_str))) {
        return Ok(all.get(x).copied());
    }
    arg(py, v, |x| ffi::choice(x, name, all, as_str))
}

/// A required vocabulary value (`None` is `wrong_type`, as for a required string).
fn required_vocab<T: Copy>(
    py: Python<'_>,
    v: &Bound<'_, PyAny>,
    name: &str,
    all: &'static [T],
    as_str: fn(T) -> &'static str,
    cell: &PyOnceLock<Vec<Py<PyString>>>,
) -> PyResult<T> {
    if let Some(x) = by_identity(v, interned(py, cell, all, as_str)).and_then(|i| all.get(i)) {
        return Ok(*x);
    }
    arg(py, Some(v), |a| required_choice(a, name, all, as_str))
}

/// A catalogue id: by identity with its interned id, else read and looked up (`code` when the
/// catalogue has no such id).
fn catalogue_id(
    py: Python<'_>,
    v: &Bound<'_, PyAny>,
    name: &str,
    ids: &[Py<PyString>],
    lookup: impl Fn(&str) -> Option<u32>,
    code: ErrorCode,
) -> PyResult<u32> {
    if let Some(i) = by_identity(v, ids) {
        return Ok(i as u32);
    }
    arg(py, Some(v), |x| {
        let id = ffi::string(x, name)?;
        lookup(id).ok_or_else(|| unknown_id(code, name, id))
    })
}

/// Read one argument through the core's FFI layer.
fn arg<R>(py: Python<'_>, v: Option<&Bound<'_, PyAny>>, f: impl FnOnce(&Arg<'_>) -> Result<R, Error>) -> PyResult<R> {
    with_arg(v, f).py_err(py)
}

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
        let e = required_vocab(py, &item, &name, EventType::ALL, EventType::as_str, &EVENT_TYPES)?;
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

    /// The rule each failed check cites (`failed_rules[i]` for `failed[i]`; the `rule` of the
    /// decision's `checks` entry).
    #[getter]
    fn failed_rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let rules: Vec<&str> = self.outcome.failed().map(|c| self.table.check_rule(&self.facts, c)).collect();
        PyTuple::new(py, rules)
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

/// `Engine.check_measure`: see the module documentation and the stub.
pub(crate) fn check(
    py: Python<'_>,
    engine: &credit_core::Engine,
    cache: &TableCache,
    a: Args<'_, '_>,
) -> PyResult<MeasureCheck> {
    let compiled = cache.get(py, engine, a.as_of)?;
    let t = &*compiled.table;
    let decided = arg(py, Some(a.decided_on), |x| ffi::date(x, "decided_on"))?;
    let measure =
        catalogue_id(py, a.measure, "measure", &compiled.measures, |s| t.measure_index(s), ErrorCode::UnknownMeasure)?;
    let conduct =
        catalogue_id(py, a.conduct, "conduct", &compiled.conducts, |s| t.conduct_index(s), ErrorCode::UnknownConduct)?;
    let decided_on = days(decided);
    let list = match a.list.filter(|l| !l.is_none()) {
        None => NO_LIST,
        Some(l) => {
            let i = catalogue_id(py, l, "list", &compiled.lists, |s| t.list_index(s), ErrorCode::UnknownList)?;
            if !t.listing_allowed(i, conduct, decided_on) {
                return Err(crate::errors::to_py_err(py, &list_criteria_not_met(t, i, conduct)));
            }
            i
        }
    };
    let severity = match vocab(py, a.severity, "severity", Severity::ALL, Severity::as_str, &SEVERITIES)? {
        Some(s) => s,
        // The record states none: the conduct's own, as the full evaluation resolves it.
        None => t.severity_of(conduct, decided_on).ok_or_else(|| {
            crate::errors::to_py_err(
                py,
                &Error::new(credit_core::ErrorKind::Internal, ErrorCode::Internal, "a conduct without versions"),
            )
        })?,
    };
    let status = required_vocab(py, a.status, "status", &RECORD_STATUSES, record_status_name, &STATUS_NAMES)?;
    let subject =
        required_vocab(py, a.subject_kind, "subject_kind", SubjectKind::ALL, SubjectKind::as_str, &SUBJECT_KINDS)?;
    let target = vocab(py, a.target, "target", Target::ALL, Target::as_str, &TARGETS)?;
    let by_kind = vocab(py, a.by_kind, "by_kind", Actor::ALL, Actor::as_str, &ACTORS)?;
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
    Ok(MeasureCheck { table: Arc::clone(&compiled.table), facts, outcome })
}
