//! `Engine.check_measures(table, *, as_of)`: the proposed-measure checks on a table of record
//! facts, through the dense tables of `credit_core::measure_table` — ids become indices once per
//! batch (a dictionary-encoded column, e.g. pandas/polars categoricals, maps only its dictionary),
//! each row is decided in a few dozen integer operations without allocation, and the answers are
//! a bit-packed boolean column and a 16-bit mask of failed checks. Check names and rule ids come
//! as list columns only with `detail=True`.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{BooleanBufferBuilder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StringArray, UInt16Array};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use credit_core::decision::RecordStatus;
use credit_core::measure_table::{event_bit, record_status, Facts, MeasureChecks, NO_LIST};
use credit_core::vocab::{Actor, EventType, Severity, SubjectKind, Target};
use credit_core::{Error, ErrorCode};
use pyo3::prelude::*;

use crate::errors::to_py_err;

const NULL: u32 = u32::MAX;
const BAD: u32 = u32::MAX - 1;

fn arg_error(message: String) -> Error {
    Error::argument(ErrorCode::InvalidValue, "table", message)
}

/// Dictionary keys read in place.
enum Keys {
    I8(arrow_buffer::ScalarBuffer<i8>),
    I16(arrow_buffer::ScalarBuffer<i16>),
    I32(arrow_buffer::ScalarBuffer<i32>),
    U32(arrow_buffer::ScalarBuffer<u32>),
    I64(arrow_buffer::ScalarBuffer<i64>),
}

impl Keys {
    #[inline]
    fn get(&self, i: usize) -> Option<usize> {
        match self {
            Keys::I8(k) => k.get(i).and_then(|k| usize::try_from(*k).ok()),
            Keys::I16(k) => k.get(i).and_then(|k| usize::try_from(*k).ok()),
            Keys::I32(k) => k.get(i).and_then(|k| usize::try_from(*k).ok()),
            Keys::U32(k) => k.get(i).map(|k| *k as usize),
            Keys::I64(k) => k.get(i).and_then(|k| usize::try_from(*k).ok()),
        }
    }
}

/// A categorical column as codes: `NULL` for a null, `BAD` for a value the lookup does not know.
/// A dictionary-encoded column (pandas/polars categoricals, `pyarrow.compute.dictionary_encode`)
/// maps only its dictionary and reads its keys in place; plain text is looked up once per
/// distinct value.
enum Coded {
    Dict { keys: Keys, nulls: Option<NullBuffer>, map: Vec<u32> },
    Codes(Vec<u32>),
}

impl Coded {
    #[inline]
    fn get(&self, i: usize) -> u32 {
        match self {
            Coded::Dict { keys, nulls, map } => {
                if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                    return NULL;
                }
                keys.get(i).and_then(|k| map.get(k)).copied().unwrap_or(BAD)
            }
            Coded::Codes(v) => v.get(i).copied().unwrap_or(NULL),
        }
    }
}

fn codes(col: &ArrayRef, name: &str, lookup: &dyn Fn(&str) -> Option<u32>) -> Result<Coded, Error> {
    let text = |a: &ArrayRef| -> Result<StringArray, Error> {
        let c = arrow_cast::cast(a, &DataType::Utf8)
            .map_err(|e| arg_error(format!("table.{name}: expected text, cannot read {}: {e}", a.data_type())))?;
        c.as_any().downcast_ref::<StringArray>().cloned().ok_or_else(|| arg_error(format!("table.{name}: not text")))
    };
    let n = col.len();
    if let Some(dict) = col.as_any_dictionary_opt() {
        let values = text(dict.values())?;
        let map: Vec<u32> = (0..values.len())
            .map(|i| if values.is_null(i) { NULL } else { lookup(values.value(i)).unwrap_or(BAD) })
            .collect();
        // A null in the dictionary's values is a null too: fold it into the map (NULL code).
        macro_rules! direct {
            ($t:ty, $v:ident) => {
                if let Some(d) = col.as_dictionary_opt::<$t>() {
                    let keys = d.keys();
                    return Ok(Coded::Dict {
                        keys: Keys::$v(keys.values().clone()),
                        nulls: keys.nulls().cloned(),
                        map,
                    });
                }
            };
        }
        direct!(arrow_array::types::Int32Type, I32);
        direct!(arrow_array::types::UInt32Type, U32);
        direct!(arrow_array::types::Int8Type, I8);
        direct!(arrow_array::types::Int16Type, I16);
        direct!(arrow_array::types::Int64Type, I64);
        let keys = dict.normalized_keys();
        let nulls = col.logical_nulls();
        return Ok(Coded::Codes(
            (0..n)
                .map(|i| {
                    if nulls.as_ref().is_some_and(|x| x.is_null(i)) {
                        NULL
                    } else {
                        keys.get(i).and_then(|k| map.get(*k)).copied().unwrap_or(BAD)
                    }
                })
                .collect(),
        ));
    }
    if col.data_type() == &DataType::Null {
        return Ok(Coded::Codes(vec![NULL; n]));
    }
    let values = text(col)?;
    let mut cache: HashMap<&str, u32> = HashMap::new();
    Ok(Coded::Codes(
        (0..n)
            .map(|i| {
                if values.is_null(i) {
                    return NULL;
                }
                let v = values.value(i);
                *cache.entry(v).or_insert_with(|| lookup(v).unwrap_or(BAD))
            })
            .collect(),
    ))
}

fn index_of<T: Copy + PartialEq>(all: &[T], name: &str, as_str: fn(T) -> &'static str) -> Option<u32> {
    all.iter().position(|x| as_str(*x) == name).map(|i| i as u32)
}

fn bools(col: Option<&ArrayRef>, name: &str) -> Result<Option<BooleanArray>, Error> {
    match col {
        None => Ok(None),
        Some(c) if c.data_type() == &DataType::Null => Ok(None),
        Some(c) => c
            .as_boolean_opt()
            .cloned()
            .map(Some)
            .ok_or_else(|| arg_error(format!("table.{name}: expected a boolean column, not {}", c.data_type()))),
    }
}

/// The decoded columns of one batch.
struct Cols {
    measure: Coded,
    conduct: Coded,
    list: Option<Coded>,
    severity: Coded,
    status: Coded,
    subject: Coded,
    target: Option<Coded>,
    by_kind: Option<Coded>,
    in_scope: BooleanArray,
    voluntary: Option<BooleanArray>,
    notified: Option<BooleanArray>,
    decided_on: ArrayRef,
    /// Per row: the event bits (from a list<str> column `events`), when given.
    events: Option<Vec<u64>>,
}

/// The caller's key columns, handed back as given.
type KeyColumns = Vec<(Field, ArrayRef)>;

/// A bad cell: (row, code, column, message).
type Bad = (usize, ErrorCode, &'static str, String);

fn decode(t: &MeasureChecks, batch: &RecordBatch) -> Result<Cols, Error> {
    let col = |name: &str| -> Result<&ArrayRef, Error> {
        batch.column_by_name(name).ok_or_else(|| arg_error(format!("table: missing the required column `{name}`")))
    };
    let opt = |name: &str| batch.column_by_name(name);
    let events = match opt("events") {
        None => None,
        Some(c) if c.data_type() == &DataType::Null => None,
        Some(c) => {
            let list = arrow_cast::cast(c, &DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))))
                .map_err(|e| arg_error(format!("table.events: expected a list of event types: {e}")))?;
            let list = list.as_list::<i32>();
            let values = codes(list.values(), "events", &|s| index_of(EventType::ALL, s, EventType::as_str))?;
            let offsets = list.value_offsets();
            let mut out = Vec::with_capacity(list.len());
            for (i, w) in offsets.windows(2).enumerate() {
                let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else { continue };
                let mut bits = 0u64;
                if !list.is_null(i) {
                    for j in a as usize..b as usize {
                        if let Some(e) = EventType::ALL.get(values.get(j) as usize) {
                            bits |= event_bit(*e);
                        } else {
                            bits |= 1 << 63; // marks an unknown event type (reported below)
                        }
                    }
                }
                out.push(bits);
            }
            Some(out)
        }
    };
    let decided = col("decided_on")?;
    let decided_on = match decided.data_type() {
        DataType::Date32 => decided.clone(),
        DataType::Date64 | DataType::Timestamp(_, _) => {
            arrow_cast::cast(decided, &DataType::Date32).map_err(|e| arg_error(format!("table.decided_on: {e}")))?
        }
        other => return Err(arg_error(format!("table.decided_on: expected a date column, not {other}"))),
    };
    Ok(Cols {
        measure: codes(col("measure")?, "measure", &|s| t.measure_index(s))?,
        conduct: codes(col("conduct")?, "conduct", &|s| t.conduct_index(s))?,
        list: opt("list").map(|c| codes(c, "list", &|s| t.list_index(s))).transpose()?,
        severity: codes(col("severity")?, "severity", &|s| index_of(Severity::ALL, s, Severity::as_str))?,
        status: codes(col("status")?, "status", &|s| {
            record_status(s).and_then(|r| STATUSES.iter().position(|x| *x == r)).map(|i| i as u32)
        })?,
        subject: codes(col("subject_kind")?, "subject_kind", &|s| index_of(SubjectKind::ALL, s, SubjectKind::as_str))?,
        target: opt("target").map(|c| codes(c, "target", &|s| index_of(Target::ALL, s, Target::as_str))).transpose()?,
        by_kind: opt("by_kind")
            .map(|c| codes(c, "by_kind", &|s| index_of(Actor::ALL, s, Actor::as_str)))
            .transpose()?,
        in_scope: bools(Some(col("in_scope")?), "in_scope")?
            .ok_or_else(|| arg_error("table.in_scope: a column of nulls".to_owned()))?,
        voluntary: bools(opt("voluntary"), "voluntary")?,
        notified: bools(opt("notified"), "notified")?,
        decided_on,
        events,
    })
}

const STATUSES: [RecordStatus; 7] = RecordStatus::ALL;

/// Read one row's facts, or say which cell is bad.
#[inline]
fn facts(c: &Cols, i: usize, days: &[i32], date_nulls: Option<&NullBuffer>) -> Result<Facts, Bad> {
    let get = |v: &Coded| v.get(i);
    let need = |code: u32, col: &'static str, unknown: ErrorCode| -> Result<u32, Bad> {
        match code {
            NULL => Err((i, ErrorCode::MissingField, col, format!("`{col}` is missing"))),
            BAD => Err((i, unknown, col, format!("unknown `{col}` value"))),
            x => Ok(x),
        }
    };
    let optional = |code: u32, col: &'static str| -> Result<Option<u32>, Bad> {
        match code {
            NULL => Ok(None),
            BAD => Err((i, ErrorCode::UnknownValue, col, format!("unknown `{col}` value"))),
            x => Ok(Some(x)),
        }
    };
    let measure = need(get(&c.measure), "measure", ErrorCode::UnknownMeasure)?;
    let conduct = need(get(&c.conduct), "conduct", ErrorCode::UnknownConduct)?;
    let list = optional(c.list.as_ref().map_or(NULL, get), "list")
        .map_err(|(r, _, col, m)| (r, ErrorCode::UnknownList, col, m))?
        .unwrap_or(NO_LIST);
    let severity = need(get(&c.severity), "severity", ErrorCode::UnknownValue)?;
    let status = need(get(&c.status), "status", ErrorCode::UnknownValue)?;
    let subject = need(get(&c.subject), "subject_kind", ErrorCode::UnknownValue)?;
    let target = match &c.target {
        Some(v) => optional(get(v), "target")?,
        None => None,
    };
    let by_kind = match &c.by_kind {
        Some(v) => optional(get(v), "by_kind")?,
        None => None,
    };
    if c.in_scope.is_null(i) {
        return Err((i, ErrorCode::MissingField, "in_scope", "`in_scope` is missing".to_owned()));
    }
    if date_nulls.is_some_and(|n| n.is_null(i)) {
        return Err((i, ErrorCode::MissingField, "decided_on", "`decided_on` is missing".to_owned()));
    }
    let decided_on = days
        .get(i)
        .copied()
        .ok_or_else(|| (i, ErrorCode::InvalidDate, "decided_on", "`decided_on` is out of range".to_owned()))?;
    let events = match &c.events {
        Some(v) => {
            let bits = v.get(i).copied().unwrap_or(0);
            if bits & (1 << 63) != 0 {
                return Err((i, ErrorCode::UnknownValue, "events", "unknown event type in `events`".to_owned()));
            }
            bits
        }
        None => 0,
    };
    Ok(Facts {
        measure,
        conduct,
        list,
        severity: *Severity::ALL.get(severity as usize).ok_or((
            i,
            ErrorCode::UnknownValue,
            "severity",
            String::new(),
        ))?,
        status: *STATUSES.get(status as usize).ok_or((i, ErrorCode::UnknownValue, "status", String::new()))?,
        in_scope: c.in_scope.value(i),
        subject: *SubjectKind::ALL.get(subject as usize).ok_or((
            i,
            ErrorCode::UnknownValue,
            "subject_kind",
            String::new(),
        ))?,
        target: target.and_then(|t| Target::ALL.get(t as usize).copied()),
        by_kind: by_kind.and_then(|a| Actor::ALL.get(a as usize).copied()),
        voluntary: c.voluntary.as_ref().is_some_and(|v| v.is_valid(i) && v.value(i)),
        decided_on,
        notified: c.notified.as_ref().is_some_and(|v| v.is_valid(i) && v.value(i)),
        events,
    })
}

/// The answers of rows `range` (one worker's share).
struct Part {
    allowed: BooleanBufferBuilder,
    valid: BooleanBufferBuilder,
    mask: Vec<u16>,
    bad: Vec<Bad>,
    failed: Option<ListBuilder<StringBuilder>>,
    rules: Option<ListBuilder<StringBuilder>>,
}

/// Rows decoded and checked at a time: the codes of a chunk stay in cache.
const CHUNK: usize = 1 << 15;

fn run(t: &MeasureChecks, batch: &RecordBatch, range: std::ops::Range<usize>, detail: bool) -> Result<Part, Error> {
    let n = range.len();
    let mut p = Part {
        allowed: BooleanBufferBuilder::new(n),
        valid: BooleanBufferBuilder::new(n),
        mask: Vec::with_capacity(n),
        bad: Vec::new(),
        failed: detail.then(|| ListBuilder::new(StringBuilder::new())),
        rules: detail.then(|| ListBuilder::new(StringBuilder::new())),
    };
    let mut start = range.start;
    while start < range.end {
        let len = CHUNK.min(range.end - start);
        let c = decode(t, &batch.slice(start, len))?;
        let dates = c.decided_on.as_primitive::<Date32Type>();
        let days = dates.values().as_ref();
        let date_nulls = dates.nulls();
        for i in 0..len {
            match facts(&c, i, days, date_nulls) {
                Ok(f) => {
                    let o = t.check(&f);
                    p.allowed.append(o.allowed());
                    p.valid.append(true);
                    p.mask.push(o.mask);
                    if let (Some(fb), Some(rb)) = (p.failed.as_mut(), p.rules.as_mut()) {
                        for k in o.failed() {
                            fb.values().append_value(name_of(&k));
                        }
                        fb.append(true);
                        for r in t.rules(&f, o) {
                            rb.values().append_value(r);
                        }
                        rb.append(true);
                    }
                }
                Err(mut b) => {
                    b.0 += start;
                    p.allowed.append(false);
                    p.valid.append(false);
                    p.mask.push(0);
                    p.bad.push(b);
                    if let (Some(fb), Some(rb)) = (p.failed.as_mut(), p.rules.as_mut()) {
                        fb.append(false);
                        rb.append(false);
                    }
                }
            }
        }
        start += len;
    }
    Ok(p)
}

fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// `Engine.check_measures`: see the module documentation and the stub.
#[allow(clippy::too_many_arguments, reason = "the Python signature's arguments")]
pub(crate) fn check_measures(
    py: Python<'_>,
    engine: &credit_core::Engine,
    table: &Bound<'_, PyAny>,
    as_of: NaiveDate,
    key: Vec<String>,
    detail: bool,
    workers: usize,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    let e = |err: Error| to_py_err(py, &err);
    let input: pyo3_arrow::PyTable = if table.get_type().module().is_ok_and(|m| m.to_string().starts_with("pandas")) {
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("preserve_index", false)?;
        py.import("pyarrow")?.getattr("Table")?.call_method("from_pandas", (table,), Some(&kwargs))?.extract()?
    } else {
        table.extract()?
    };
    let (mut batches, schema) = input.into_inner();
    let batch = if batches.len() == 1 {
        batches.pop().ok_or_else(|| e(arg_error("table: no batch".to_owned())))?
    } else {
        arrow_select::concat::concat_batches(&schema, &batches)
            .map_err(|x| e(arg_error(format!("table: cannot read the table: {x}"))))?
    };
    let n = batch.num_rows();
    let (parts, cols_key) = py
        .detach(|| -> Result<(Vec<Part>, KeyColumns), Error> {
            let t = MeasureChecks::compile(engine, as_of)?;
            // Column types and names are checked once up front (an empty slice decodes fast).
            decode(&t, &batch.slice(0, 0))?;
            let per = n.div_ceil(workers.max(1)).max(1);
            let ranges: Vec<std::ops::Range<usize>> = (0..n).step_by(per).map(|a| a..(a + per).min(n)).collect();
            let parts = if ranges.len() <= 1 {
                vec![run(&t, &batch, 0..n, detail)?]
            } else {
                std::thread::scope(|s| {
                    let hs: Vec<_> = ranges.iter().map(|r| s.spawn(|| run(&t, &batch, r.clone(), detail))).collect();
                    hs.into_iter()
                        .map(|h| {
                            h.join().map_err(|_| {
                                Error::new(credit_core::ErrorKind::Internal, ErrorCode::Internal, "a worker panicked")
                            })?
                        })
                        .collect::<Result<Vec<_>, _>>()
                })?
            };
            let mut keys = Vec::new();
            for k in &key {
                let (i, f) = batch
                    .schema()
                    .column_with_name(k)
                    .map(|(i, f)| (i, f.clone()))
                    .ok_or_else(|| arg_error(format!("table: missing the key column `{k}`")))?;
                keys.push((f, batch.column(i).clone()));
            }
            Ok((parts, keys))
        })
        .map_err(e)?;
    // Assemble: the parts are consecutive row ranges.
    let mut allowed = BooleanBufferBuilder::new(n);
    let mut valid = BooleanBufferBuilder::new(n);
    let mut mask = Vec::with_capacity(n);
    let mut bad: Vec<Bad> = Vec::new();
    let mut failed_parts = Vec::new();
    let mut rules_parts = Vec::new();
    for mut p in parts {
        allowed.append_buffer(&p.allowed.finish());
        valid.append_buffer(&p.valid.finish());
        mask.extend_from_slice(&p.mask);
        bad.append(&mut p.bad);
        if let (Some(mut f), Some(mut r)) = (p.failed, p.rules) {
            failed_parts.push(Arc::new(f.finish()) as ArrayRef);
            rules_parts.push(Arc::new(r.finish()) as ArrayRef);
        }
    }
    let nulls = NullBuffer::new(valid.finish());
    let nulls = if nulls.null_count() == 0 { None } else { Some(nulls) };
    let mut fields: Vec<Field> = cols_key.iter().map(|(f, _)| f.clone()).collect();
    let mut cols: Vec<ArrayRef> = cols_key.into_iter().map(|(_, c)| c).collect();
    fields.push(Field::new("allowed", DataType::Boolean, true));
    cols.push(Arc::new(BooleanArray::new(allowed.finish(), nulls.clone())));
    fields.push(Field::new("failed_mask", DataType::UInt16, true));
    cols.push(Arc::new(UInt16Array::new(mask.into(), nulls)));
    if detail {
        let concat = |parts: &[ArrayRef]| -> PyResult<ArrayRef> {
            let refs: Vec<&dyn Array> = parts.iter().map(|a| a.as_ref()).collect();
            arrow_select::concat::concat(&refs).map_err(|x| e(arg_error(x.to_string())))
        };
        let list = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
        fields.push(Field::new("failed", list.clone(), true));
        cols.push(concat(&failed_parts)?);
        fields.push(Field::new("rules", list, true));
        cols.push(concat(&rules_parts)?);
    }
    let out = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).map_err(|x| e(arg_error(x.to_string())))?;
    let out_schema = out.schema();
    let result = pyo3_arrow::PyTable::try_new(vec![out], out_schema)?.into_pyarrow(py)?.unbind();
    // Errors: row, code, path (the column), message.
    let mut row = arrow_array::builder::Int64Builder::new();
    let mut code = StringBuilder::new();
    let mut path = StringBuilder::new();
    let mut message = StringBuilder::new();
    for (r, c, col, m) in &bad {
        row.append_value(*r as i64);
        code.append_value(c.as_str());
        path.append_value(col);
        message.append_value(m);
    }
    let eb = RecordBatch::try_new(
        Arc::new(Schema::new(vec![
            Field::new("row", DataType::Int64, false),
            Field::new("code", DataType::Utf8, false),
            Field::new("path", DataType::Utf8, false),
            Field::new("message", DataType::Utf8, false),
        ])),
        vec![Arc::new(row.finish()), Arc::new(code.finish()), Arc::new(path.finish()), Arc::new(message.finish())],
    )
    .map_err(|x| e(arg_error(x.to_string())))?;
    let es = eb.schema();
    let errors = pyo3_arrow::PyTable::try_new(vec![eb], es)?.into_pyarrow(py)?.unbind();
    Ok((result, errors))
}
