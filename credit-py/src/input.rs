//! Python values → the core's FFI layer (`credit_core::ffi`): cases, arguments, policy files.
//! The conversion looks one level deep at a time, so the core's nesting limit applies before any
//! recursion, and `NaN` / infinities are refused there, as in every binding.

use credit_core::case::Case;
use credit_core::ffi::{self, Arg, Native, NativeValue};
use credit_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::Value;

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CONVERT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

/// A Python value seen by the core's walker.
pub(crate) struct PyNative<'py>(pub(crate) Bound<'py, PyAny>);

impl NativeValue for PyNative<'_> {
    fn read(&self) -> Result<Native<Self>, String> {
        let v = &self.0;
        if v.is_none() {
            return Ok(Native::Null);
        }
        if let Ok(b) = v.cast::<PyBool>() {
            return Ok(Native::Bool(b.is_true()));
        }
        if v.cast::<PyInt>().is_ok() {
            if let Ok(i) = v.extract::<i64>() {
                return Ok(Native::Int(i));
            }
            if let Ok(u) = v.extract::<u64>() {
                return Ok(Native::UInt(u));
            }
            return Ok(Native::Unsupported("int beyond 64 bits".to_owned()));
        }
        if let Ok(f) = v.cast::<PyFloat>() {
            return Ok(Native::Float(f.value()));
        }
        if let Ok(s) = v.cast::<PyString>() {
            return s
                .to_cow()
                .map(|s| Native::Str(s.into_owned()))
                .map_err(|_| "a str that is not valid Unicode".to_owned());
        }
        if let Ok(d) = v.cast::<PyDict>() {
            let entries = d
                .iter()
                .map(|(k, v)| {
                    let key = match k.cast::<PyString>() {
                        Ok(s) => {
                            s.to_cow().map(|s| s.into_owned()).map_err(|_| "str that is not valid Unicode".to_owned())
                        }
                        Err(_) => Err(type_name(&k)),
                    };
                    (key, PyNative(v))
                })
                .collect();
            return Ok(Native::Map(entries));
        }
        if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
            let items = v.try_iter().map_err(|e| e.to_string())?;
            return items
                .map(|i| i.map(PyNative).map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()
                .map(Native::Seq);
        }
        // Dates, enums, decimals, sets, numpy values, other mappings: credit._compat.convert gives
        // a plain value (str, int, float, list, dict) or refuses.
        let py = v.py();
        let name = type_name(v);
        let converted = CONVERT
            .import(py, "credit._compat", "convert")
            .and_then(|f| f.call1((v,)))
            .map_err(|_| ())
            .and_then(|c| if c.is(v) { Err(()) } else { Ok(c) });
        match converted {
            Ok(c) => PyNative(c).read(),
            Err(()) => Ok(Native::Unsupported(name)),
        }
    }
}

/// A case given as a dict (or other JSON-like value), as JSON text (`str`) or as UTF-8 bytes.
pub(crate) fn case(value: &Bound<'_, PyAny>) -> Result<Case, Error> {
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| {
            Error::case(ErrorCode::InvalidJson, "", "invalid JSON: the text is not valid Unicode (a lone surrogate)")
        })?;
        return ffi::case_from_json(&text);
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        let text = std::str::from_utf8(b.as_bytes()).map_err(|e| {
            Error::case(ErrorCode::InvalidJson, "", format!("invalid JSON: the bytes are not UTF-8: {e}"))
        })?;
        return ffi::case_from_json(text);
    }
    ffi::case_from_native(&PyNative(value.clone()))
}

/// Any Python value as a JSON value (nesting and `NaN` checked).
pub(crate) fn value(v: &Bound<'_, PyAny>) -> Result<Value, Error> {
    ffi::value_from_native(&PyNative(v.clone()))
}

/// Run `f` on an argument as the core reads it (`None` for an argument not given).
pub(crate) fn with_arg<R>(v: Option<&Bound<'_, PyAny>>, f: impl FnOnce(&Arg<'_>) -> R) -> R {
    let Some(v) = v else { return f(&Arg::Absent) };
    if v.is_none() {
        return f(&Arg::Null);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return f(&Arg::Bool(b.is_true()));
    }
    if v.cast::<PyInt>().is_ok() {
        return match v.extract::<i64>() {
            Ok(i) => f(&Arg::Int(i)),
            Err(_) => f(&Arg::HugeInt),
        };
    }
    if let Ok(x) = v.cast::<PyFloat>() {
        return f(&Arg::Float(x.value()));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return match s.to_cow() {
            Ok(s) => f(&Arg::Str(&s)),
            Err(_) => f(&Arg::Other("str (not valid Unicode)")),
        };
    }
    let py = v.py();
    if DATETIME.import(py, "datetime", "datetime").and_then(|t| v.is_instance(t)).unwrap_or(false) {
        return f(&Arg::Other("datetime.datetime (pass .date())"));
    }
    if DATE.import(py, "datetime", "date").and_then(|t| v.is_instance(t)).unwrap_or(false) {
        // Interned attribute names: no new Python string per read.
        let part = |k: &Bound<'_, PyString>| v.getattr(k).and_then(|x| x.extract::<i64>()).unwrap_or(0);
        let (y, m, d) =
            (part(pyo3::intern!(py, "year")), part(pyo3::intern!(py, "month")), part(pyo3::intern!(py, "day")));
        return f(&Arg::Date(
            i32::try_from(y).unwrap_or(0),
            u32::try_from(m).unwrap_or(0),
            u32::try_from(d).unwrap_or(0),
        ));
    }
    let name = type_name(v);
    f(&Arg::Other(&name))
}
