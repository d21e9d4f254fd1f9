//! The columnar API: `Engine.evaluate_table(subjects, records, events, measures, ...)`.
//!
//! The caller's tables (pyarrow, polars, pandas, or anything exporting the Arrow PyCapsule stream
//! interface `__arrow_c_stream__`) are read in Rust through the Arrow C stream interface
//! (`pyo3-arrow`): no Python object is made per row. Rows are grouped into one case per subject by
//! the caller's key columns, each case is read straight from the columns by the core's FFI reader
//! ([`credit_core::ffi::case_from_tree`] over the group's cells, the one way in, with its field
//! paths and error codes; no JSON value is built) and evaluated by
//! [`credit_core::Engine::evaluate_in`], and the decisions are written straight into Arrow
//! columns. Work runs without the GIL: with one worker on the calling thread, `chunk_size`
//! subjects at a time; with several, on `workers` threads started once per call that take pieces
//! of `chunk_size / workers` subjects in turn ([`run_pooled`]). A decision lives only until its
//! rows are written.
//!
//! A bad row never aborts the batch: its subject gets error rows (the caller's key columns, the
//! input table and row, `code`, `path`, `message`) and every other subject is evaluated.
//! The caller's key columns come back exactly as given (taken from the input arrays, never
//! masked); identifiers inside decisions and messages stay masked.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Date64Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::NaiveDate;
use credit_core::case::Lang;
use credit_core::decision::Decision;
use credit_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use pyo3_arrow::PyTable;
use serde_json::Value;

use crate::errors::to_py_err;

/// Which input table a row (and an error row) comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Source {
    Subjects,
    Records,
    Events,
    Measures,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Subjects => "subjects",
            Source::Records => "records",
            Source::Events => "events",
            Source::Measures => "measures",
        }
    }
}

/// An argument error of the columnar API (a missing column, a column of an unusable type).
fn arg_error(name: &str, message: String) -> Error {
    Error::argument(ErrorCode::InvalidValue, name, message)
}

fn internal(message: String) -> Error {
    Error::new(credit_core::ErrorKind::Internal, ErrorCode::Internal, message)
}

// -------------------------------------------------------------------------------------------------
// Reading the caller's tables.
// -------------------------------------------------------------------------------------------------

/// One input table as a single record batch.
pub(crate) struct Input {
    source: Source,
    batch: RecordBatch,
}

/// Read a table argument: anything with `__arrow_c_stream__` (pyarrow, polars, pandas ≥ 2.2,
/// DuckDB, ...) through the Arrow C stream interface; a pandas DataFrame without it through
/// `pyarrow.Table.from_pandas` (NaN and NaT become nulls, so they are read as missing values).
fn read_input(py: Python<'_>, obj: &Bound<'_, PyAny>, source: Source) -> PyResult<Input> {
    let name = source.name();
    let is_pandas = obj.get_type().module().is_ok_and(|m| m.to_string().starts_with("pandas"));
    let table: PyTable = if is_pandas {
        // pandas: from_pandas turns NaN / NaT / None into nulls and drops the index.
        let pa = py.import("pyarrow")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("preserve_index", false)?;
        let t = pa.getattr("Table")?.call_method("from_pandas", (obj,), Some(&kwargs))?;
        t.extract()?
    } else if obj.hasattr("__arrow_c_stream__")? {
        obj.extract()?
    } else {
        let t = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        return Err(to_py_err(
            py,
            &Error::argument(
                ErrorCode::WrongType,
                name,
                format!(
                    "{name}: expected a table (pyarrow, polars, pandas or an object with `__arrow_c_stream__`), got a `{t}`"
                ),
            ),
        ));
    };
    let (mut batches, schema) = table.into_inner();
    let batch = if batches.len() == 1 && batches.first().is_some_and(|b| b.schema() == schema) {
        batches.pop().unwrap_or_else(|| RecordBatch::new_empty(schema.clone()))
    } else {
        arrow_select::concat::concat_batches(&schema, &batches)
            .map_err(|e| to_py_err(py, &arg_error(name, format!("{name}: cannot read the table: {e}"))))?
    };
    Ok(Input { source, batch })
}

/// A text column (any string type, dictionary-encoded included) read as UTF-8.
#[derive(Clone)]
struct TextCol(Arc<StringArray>);

impl TextCol {
    fn get(&self, row: usize) -> Option<&str> {
        if self.0.is_null(row) {
            None
        } else {
            Some(self.0.value(row))
        }
    }
}

/// A date column: Arrow date32/date64/timestamp, or ISO text read by the core's strict parser.
#[derive(Clone)]
enum DateCol {
    /// Days since 1970-01-01.
    Days(ArrayRef),
    /// Milliseconds since the epoch (date64).
    Millis(ArrayRef),
    /// A timestamp: ticks per day; must fall on midnight.
    Ticks(ArrayRef, i64),
    /// Text, validated by the core's strict date parser when the case is read.
    Text(TextCol),
    /// A column of nulls only.
    Null,
}

/// Append a day (days after 1970-01-01) as the contract writes a date, `YYYY-MM-DD`, or give the
/// message of a day out of range. Years 0..=9999 are written digit by digit (the text chrono's
/// `%Y-%m-%d` gives, without its format parser); others go through chrono.
fn write_days(days: i64, out: &mut String) -> Result<(), String> {
    use chrono::Datelike;
    use std::fmt::Write;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).ok_or("the epoch is not a date")?;
    let d = epoch
        .checked_add_signed(chrono::TimeDelta::days(days))
        .ok_or_else(|| format!("day {days} after 1970-01-01 is out of range"))?;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return write!(out, "{}", d.format("%Y-%m-%d")).map_err(|e| e.to_string());
    }
    let digit = |v: u32| b'0' + (v % 10) as u8;
    let y = y.unsigned_abs();
    let text = [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    out.push_str(std::str::from_utf8(&text).map_err(|e| e.to_string())?);
    Ok(())
}

impl DateCol {
    fn read(col: &ArrayRef, table: &str, name: &str) -> Result<DateCol, Error> {
        Ok(match col.data_type() {
            DataType::Null => DateCol::Null,
            DataType::Date32 => DateCol::Days(col.clone()),
            DataType::Date64 => DateCol::Millis(col.clone()),
            DataType::Timestamp(unit, _) => {
                let per_day = match unit {
                    TimeUnit::Second => 86_400,
                    TimeUnit::Millisecond => 86_400_000,
                    TimeUnit::Microsecond => 86_400_000_000,
                    TimeUnit::Nanosecond => 86_400_000_000_000,
                };
                let ints = arrow_cast::cast(col, &DataType::Int64)
                    .map_err(|e| arg_error(table, format!("{table}.{name}: {e}")))?;
                DateCol::Ticks(ints, per_day)
            }
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(_, _) => {
                DateCol::Text(TextCol::read(col, table, name)?)
            }
            other => {
                return Err(arg_error(
                    table,
                    format!("{table}.{name}: a date column must be date32, date64, timestamp or ISO text, not {other}"),
                ))
            }
        })
    }
}

impl TextCol {
    fn read(col: &ArrayRef, table: &str, name: &str) -> Result<TextCol, Error> {
        let utf8 = arrow_cast::cast(col, &DataType::Utf8).map_err(|e| {
            arg_error(table, format!("{table}.{name}: expected text, cannot read {}: {e}", col.data_type()))
        })?;
        let arr = utf8
            .as_any()
            .downcast_ref::<StringArray>()
            .cloned()
            .ok_or_else(|| internal(format!("{table}.{name}: cast to utf8 gave no string array")))?;
        Ok(TextCol(Arc::new(arr)))
    }
}

/// A boolean column (`voluntary`).
#[derive(Clone)]
struct BoolCol(ArrayRef);

impl BoolCol {
    fn read(col: &ArrayRef, table: &str, name: &str) -> Result<BoolCol, Error> {
        match col.data_type() {
            DataType::Boolean | DataType::Null => Ok(BoolCol(col.clone())),
            other => Err(arg_error(table, format!("{table}.{name}: expected a boolean column, not {other}"))),
        }
    }
    fn get(&self, row: usize) -> Option<bool> {
        if self.0.is_null(row) {
            return None;
        }
        self.0.as_boolean_opt().map(|b| b.value(row))
    }
}

fn column<'a>(input: &'a Input, name: &str) -> Option<&'a ArrayRef> {
    input.batch.column_by_name(name)
}

fn text(input: &Input, name: &str, required: bool) -> Result<Option<TextCol>, Error> {
    let table = input.source.name();
    match column(input, name) {
        Some(c) if c.data_type() == &DataType::Null => Ok(None),
        Some(c) => TextCol::read(c, table, name).map(Some),
        None if required => Err(arg_error(table, format!("{table}: missing the required column `{name}`"))),
        None => Ok(None),
    }
}

fn date(input: &Input, name: &str, required: bool) -> Result<Option<DateCol>, Error> {
    let table = input.source.name();
    match column(input, name) {
        Some(c) => DateCol::read(c, table, name).map(Some),
        None if required => Err(arg_error(table, format!("{table}: missing the required column `{name}`"))),
        None => Ok(None),
    }
}

/// The caller's key of each row, as text for matching (`None` where a key cell is null).
fn keys(input: &Input, key: &[String]) -> Result<Vec<Option<String>>, Error> {
    use std::fmt::Write;
    let table = input.source.name();
    let opts = arrow_cast::display::FormatOptions::default();
    let cols: Vec<&ArrayRef> = key
        .iter()
        .map(|k| column(input, k).ok_or_else(|| arg_error(table, format!("{table}: missing the key column `{k}`"))))
        .collect::<Result<_, _>>()?;
    let mut formatters = Vec::with_capacity(key.len());
    for c in &cols {
        formatters.push(
            arrow_cast::display::ArrayFormatter::try_new(c.as_ref(), &opts)
                .map_err(|e| arg_error(table, format!("{table}: cannot read a key column: {e}")))?,
        );
    }
    let n = input.batch.num_rows();
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        if cols.iter().any(|c| c.is_null(row)) {
            out.push(None);
            continue;
        }
        let mut s = String::new();
        for (i, f) in formatters.iter().enumerate() {
            if i > 0 {
                s.push('\u{1f}');
            }
            write!(s, "{}", f.value(row))
                .map_err(|e| arg_error(table, format!("{table}: cannot read a key column: {e}")))?;
        }
        out.push(Some(s));
    }
    Ok(out)
}

/// How rows are matched by key. Keys match when their text is the same ([`keys`]); where every
/// table has one key column and all of them are integers (or all text), the values themselves
/// are compared, which is the same equality without formatting each cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyMode {
    /// One integer key column (8 to 64 bits signed, 8 to 32 bits unsigned) in every table.
    Int,
    /// One UTF-8 text key column in every table.
    Str,
    /// Anything else: the cells' display text, joined.
    Text,
}

fn key_mode(plan: &Plan) -> KeyMode {
    let [k] = plan.key.as_slice() else { return KeyMode::Text };
    let inputs = [Some(&plan.subjects), plan.records.as_ref(), plan.events.as_ref(), plan.measures.as_ref()];
    let types: Option<Vec<&DataType>> = inputs.iter().flatten().map(|i| column(i, k).map(|c| c.data_type())).collect();
    let Some(types) = types else { return KeyMode::Text };
    let int = |t: &DataType| {
        matches!(
            t,
            DataType::Int8
                | DataType::Int16
                | DataType::Int32
                | DataType::Int64
                | DataType::UInt8
                | DataType::UInt16
                | DataType::UInt32
        )
    };
    let text = |t: &DataType| matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
    if types.iter().all(|t| int(t)) {
        KeyMode::Int
    } else if types.iter().all(|t| text(t)) {
        KeyMode::Str
    } else {
        KeyMode::Text
    }
}

/// A key cell as matched ([`KeyMode`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Int(i64),
    Str(&'a str),
}

/// The hasher of the key index: a multiply-rotate hash (as rustc's FxHash) seeded per call from
/// the standard library's random state. Looking keys up is the serial part of a call (before the
/// workers start); SipHash made it about twice as long.
#[derive(Clone, Copy)]
struct KeyHash(u64);

impl KeyHash {
    fn new() -> KeyHash {
        use std::hash::BuildHasher;
        KeyHash(std::collections::hash_map::RandomState::new().hash_one(0x6b65_795f_6861_7368_u64))
    }
}

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(self.0)
    }
}

/// See [`KeyHash`].
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let v = chunk.iter().enumerate().fold(0u64, |v, (i, b)| v | (u64::from(*b) << (8 * i)));
            self.add(v);
        }
    }
    fn write_u8(&mut self, v: u8) {
        self.add(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }
    fn write_i64(&mut self, v: i64) {
        self.add(v as u64);
    }
    fn write_usize(&mut self, v: usize) {
        self.add(v as u64);
    }
    fn write_isize(&mut self, v: isize) {
        self.add(v as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The key column(s) of one table, read in the call's [`KeyMode`].
enum KeyCol {
    Int(arrow_array::Int64Array),
    Str(StringArray),
    Text(Vec<Option<String>>),
}

impl KeyCol {
    fn read(input: &Input, key: &[String], mode: KeyMode) -> Result<KeyCol, Error> {
        let table = input.source.name();
        let col = match (mode, key) {
            (KeyMode::Text, _) | (_, [] | [_, _, ..]) => return keys(input, key).map(KeyCol::Text),
            (_, [k]) => {
                column(input, k).ok_or_else(|| arg_error(table, format!("{table}: missing the key column `{k}`")))?
            }
        };
        let target = if mode == KeyMode::Int { DataType::Int64 } else { DataType::Utf8 };
        let cast = arrow_cast::cast(col, &target)
            .map_err(|e| arg_error(table, format!("{table}: cannot read a key column: {e}")))?;
        Ok(if mode == KeyMode::Int {
            KeyCol::Int(cast.as_primitive::<Int64Type>().clone())
        } else {
            KeyCol::Str(
                cast.as_any()
                    .downcast_ref::<StringArray>()
                    .cloned()
                    .ok_or_else(|| internal(format!("{table}: a key column cast to utf8 gave no string array")))?,
            )
        })
    }

    fn len(&self) -> usize {
        match self {
            KeyCol::Int(a) => a.len(),
            KeyCol::Str(a) => a.len(),
            KeyCol::Text(v) => v.len(),
        }
    }

    /// The key of a row (`None` where a key cell is null).
    fn get(&self, row: usize) -> Option<Key<'_>> {
        match self {
            KeyCol::Int(a) => (!a.is_null(row)).then(|| Key::Int(a.value(row))),
            KeyCol::Str(a) => (!a.is_null(row)).then(|| Key::Str(a.value(row))),
            KeyCol::Text(v) => v.get(row).and_then(|k| k.as_deref()).map(Key::Str),
        }
    }
}

/// The columns of each input table the case is built from.
struct SubjectCols {
    id: Option<TextCol>,
    kind: Option<TextCol>,
    sector: Option<TextCol>,
    status: Option<TextCol>,
    region: Option<TextCol>,
    since: Option<DateCol>,
    as_of: Option<DateCol>,
}

struct RecordCols {
    id: Option<TextCol>,
    conduct: Option<TextCol>,
    decided_on: Option<DateCol>,
    domain: Option<TextCol>,
    severity: Option<TextCol>,
    decided_by: Option<TextCol>,
    list: Option<TextCol>,
    term: Option<TextCol>,
}

struct EventCols {
    on: Option<DateCol>,
    kind: Option<TextCol>,
    extension: Option<TextCol>,
    destination: Option<TextCol>,
    note: Option<TextCol>,
}

struct MeasureCols {
    measure: Option<TextCol>,
    record: Option<TextCol>,
    by: Option<TextCol>,
    by_kind: Option<TextCol>,
    voluntary: Option<BoolCol>,
    target: Option<TextCol>,
}

// -------------------------------------------------------------------------------------------------
// Grouping rows into cases.
// -------------------------------------------------------------------------------------------------

/// The rows of one subject's case, borrowed from the [`Grouping`] (no allocation per subject).
struct Group<'a> {
    subject: usize,
    records: &'a [u32],
    /// The record slots of `records` (positions in `Grouping::rec_rows`), for their events.
    first_slot: usize,
    measures: &'a [u32],
    grouping: &'a Grouping,
}

impl Group<'_> {
    /// The event rows of the `i`-th record.
    fn events(&self, i: usize) -> &[u32] {
        self.grouping.ev_rows.get(range(&self.grouping.ev_off, self.first_slot + i)).unwrap_or(&[])
    }
    fn record(&self, i: usize) -> Option<usize> {
        self.records.get(i).map(|r| *r as usize)
    }
    fn measure(&self, i: usize) -> Option<usize> {
        self.measures.get(i).map(|r| *r as usize)
    }
}

/// An error row: where it comes from and the core's error.
pub(crate) struct ErrorRow {
    source: Source,
    row: usize,
    error: Error,
}

/// Everything a worker needs to build and evaluate cases (shared, read-only).
pub(crate) struct Plan {
    subjects: Input,
    records: Option<Input>,
    events: Option<Input>,
    measures: Option<Input>,
    key: Vec<String>,
    s: SubjectCols,
    r: Option<RecordCols>,
    e: Option<EventCols>,
    m: Option<MeasureCols>,
    /// The `as_of` argument as the contract writes a date (used where a row has no `as_of`).
    as_of_text: Option<String>,
    lang: Option<Lang>,
    explain: bool,
}

impl Plan {
    /// Which input row a core error's path points at (`records[2].events[0].on` → that event).
    fn locate(&self, g: &Group, error: Error) -> ErrorRow {
        let path = error.path().unwrap_or("").to_owned();
        let index = |rest: &str| -> Option<(usize, String)> {
            let end = rest.find(']')?;
            let i = rest.get(..end)?.parse().ok()?;
            Some((i, rest.get(end + 1..).unwrap_or("").to_owned()))
        };
        if let Some(rest) = path.strip_prefix("records[") {
            if let Some((i, tail)) = index(rest) {
                if let Some(ev) = tail.strip_prefix(".events[") {
                    if let Some((j, _)) = index(ev) {
                        if let Some(&row) = g.records.get(i).and_then(|_| g.events(i).get(j)) {
                            return ErrorRow { source: Source::Events, row: row as usize, error };
                        }
                    }
                }
                if let Some(row) = g.record(i) {
                    return ErrorRow { source: Source::Records, row, error };
                }
            }
        }
        if let Some(rest) = path.strip_prefix("proposed_measures[") {
            if let Some((i, _)) = index(rest) {
                if let Some(row) = g.measure(i) {
                    return ErrorRow { source: Source::Measures, row, error };
                }
            }
        }
        ErrorRow { source: Source::Subjects, row: g.subject, error }
    }
}

// -------------------------------------------------------------------------------------------------
// One subject's case as a tree of cells, read by the core's FFI reader.
// -------------------------------------------------------------------------------------------------

/// The text of a group's typed date cells (date32, date64, timestamp), written by
/// [`Plan::dates`] before its case is read, in one buffer reused from group to group. Text date
/// cells are read from their column as they are.
#[derive(Default)]
struct Dates {
    text: String,
    /// Per date cell of the group ([`Ctx::slot`]): its text in `text`, `None` for a null.
    slots: Vec<Option<(u32, u32)>>,
}

impl Dates {
    /// Clear for a group with `cells` date cells.
    fn reset(&mut self, cells: usize) {
        self.text.clear();
        self.slots.clear();
        self.slots.resize(cells, None);
    }

    /// Write the cell `slot` of `col` at `row`: nothing for a null or a text column; the date
    /// text of a typed cell, or the message of a cell that is no date.
    fn put(&mut self, col: &Option<DateCol>, row: usize, slot: usize) -> Result<(), String> {
        let days = match col {
            None | Some(DateCol::Null | DateCol::Text(_)) => return Ok(()),
            Some(DateCol::Days(a)) => {
                let a = a.as_primitive::<Date32Type>();
                if a.is_null(row) {
                    return Ok(());
                }
                i64::from(a.value(row))
            }
            Some(DateCol::Millis(a)) => {
                let a = a.as_primitive::<Date64Type>();
                if a.is_null(row) {
                    return Ok(());
                }
                let ms = a.value(row);
                if ms.rem_euclid(86_400_000) != 0 {
                    return Err("a date64 value that is not a whole day".to_owned());
                }
                ms.div_euclid(86_400_000)
            }
            Some(DateCol::Ticks(a, per_day)) => {
                let a = a.as_primitive::<Int64Type>();
                if a.is_null(row) {
                    return Ok(());
                }
                let t = a.value(row);
                if t.rem_euclid(*per_day) != 0 {
                    return Err("a timestamp with a time of day where a date is meant".to_owned());
                }
                t.div_euclid(*per_day)
            }
        };
        let start = self.text.len();
        write_days(days, &mut self.text)?;
        let span = u32::try_from(start).ok().zip(u32::try_from(self.text.len()).ok());
        if let (Some(s), Some(span)) = (self.slots.get_mut(slot), span) {
            *s = Some(span);
        }
        Ok(())
    }
}

/// What the reader needs of one group: the plan's columns, the group's rows and its dates.
struct Ctx<'a> {
    plan: &'a Plan,
    g: &'a Group<'a>,
    dates: &'a Dates,
    /// The group's first event position in `Grouping::ev_rows`.
    first_event: usize,
}

impl<'a> Ctx<'a> {
    fn new(plan: &'a Plan, g: &'a Group<'a>, dates: &'a Dates) -> Ctx<'a> {
        let first_event = g.grouping.ev_off.get(g.first_slot).copied().unwrap_or(0) as usize;
        Ctx { plan, g, dates, first_event }
    }

    /// The events of the `i`-th record: their positions in the group (`k`) and their rows.
    fn events(&self, i: usize) -> (usize, &'a [u32]) {
        let start = self.g.grouping.ev_off.get(self.g.first_slot + i).copied().unwrap_or(0) as usize;
        (start.saturating_sub(self.first_event), self.g.events(i))
    }

    /// A date cell: text from its column, or the typed cell's text written in [`Dates`].
    fn date(&self, col: &'a Option<DateCol>, row: usize, slot: usize) -> Option<&'a str> {
        match col {
            None | Some(DateCol::Null) => None,
            Some(DateCol::Text(t)) => t.get(row),
            Some(_) => {
                let (a, b) = self.dates.slots.get(slot).copied().flatten()?;
                // Always there; were it not, an empty text is refused as no date (never a default).
                Some(self.dates.text.get(a as usize..b as usize).unwrap_or(""))
            }
        }
    }
}

/// The date cells of a group, numbered: `since`, `as_of`, each record's `decided_on`, each
/// event's `on` (by its position `k` in the group).
mod slot {
    pub(super) const SINCE: usize = 0;
    pub(super) const AS_OF: usize = 1;
    pub(super) fn decided_on(i: usize) -> usize {
        2 + i
    }
    pub(super) fn on(records: usize, k: usize) -> usize {
        2 + records + k
    }
}

impl Plan {
    /// Whether some date column is typed (its cells are written in [`Dates`] per group).
    fn typed_dates(&self) -> bool {
        let typed = |c: &Option<DateCol>| matches!(c, Some(DateCol::Days(_) | DateCol::Millis(_) | DateCol::Ticks(..)));
        typed(&self.s.since)
            || typed(&self.s.as_of)
            || self.r.as_ref().is_some_and(|r| typed(&r.decided_on))
            || self.e.as_ref().is_some_and(|e| typed(&e.on))
    }

    /// Write the group's typed date cells into `dates`, in the order the case reads them; a cell
    /// that is no date (a date64 or timestamp with a time of day, a day out of range) is the
    /// group's error row, at its field.
    fn dates(&self, g: &Group, dates: &mut Dates) -> Result<(), ErrorRow> {
        let events = g.grouping.ev_off.get(g.first_slot + g.records.len()).copied().unwrap_or(0) as usize
            - g.grouping.ev_off.get(g.first_slot).copied().unwrap_or(0) as usize;
        dates.reset(2 + g.records.len() + events);
        let bad = |source: Source, row: usize, path: String, m: String| ErrorRow {
            source,
            row,
            error: Error::case(ErrorCode::InvalidDate, path, m),
        };
        let s = &self.s;
        dates
            .put(&s.since, g.subject, slot::SINCE)
            .map_err(|m| bad(Source::Subjects, g.subject, "subject.since".into(), m))?;
        dates.put(&s.as_of, g.subject, slot::AS_OF).map_err(|m| bad(Source::Subjects, g.subject, "as_of".into(), m))?;
        let Some(rc) = &self.r else { return Ok(()) };
        let mut k = 0;
        for (i, &row) in g.records.iter().enumerate() {
            let row = row as usize;
            dates
                .put(&rc.decided_on, row, slot::decided_on(i))
                .map_err(|m| bad(Source::Records, row, format!("records[{i}].decided_on"), m))?;
            let Some(ec) = &self.e else { continue };
            for (j, &erow) in g.events(i).iter().enumerate() {
                let erow = erow as usize;
                dates
                    .put(&ec.on, erow, slot::on(g.records.len(), k))
                    .map_err(|m| bad(Source::Events, erow, format!("records[{i}].events[{j}].on"), m))?;
                k += 1;
            }
        }
        Ok(())
    }
}

/// A node of a group's case ([`credit_core::ffi::Tree`]): the case, its subject, records,
/// events and proposed measures, and their cells. Map entries come in the order of a JSON
/// object's keys (sorted), so the first problem reported is the one the same case written as
/// JSON gives.
#[derive(Clone, Copy)]
struct At<'a> {
    ctx: &'a Ctx<'a>,
    cell: Cell<'a>,
}

#[derive(Clone, Copy)]
enum Cell<'a> {
    Obj(Obj),
    List(List),
    Str(&'a str),
    Bool(bool),
}

/// An object of the case.
#[derive(Clone, Copy)]
enum Obj {
    Case,
    Subject,
    /// The `i`-th record (`row` in `records`).
    Record {
        i: usize,
        row: usize,
    },
    /// An event (`row` in `events`, at position `k` of the group's events).
    Event {
        row: usize,
        k: usize,
    },
    /// A proposed measure (`row` in `measures`).
    Measure {
        row: usize,
    },
}

/// An array of the case.
#[derive(Clone, Copy)]
enum List {
    Records,
    /// The events of the `i`-th record.
    Events(usize),
    Measures,
}

/// A field of an object: absent (a null cell, a column not given), or its value.
enum Entry<'a> {
    End,
    Absent,
    Is(&'static str, Cell<'a>),
}

fn text_cell<'a>(name: &'static str, col: &'a Option<TextCol>, row: usize) -> Entry<'a> {
    match col.as_ref().and_then(|c| c.get(row)) {
        Some(s) => Entry::Is(name, Cell::Str(s)),
        None => Entry::Absent,
    }
}

fn str_cell<'a>(name: &'static str, s: Option<&'a str>) -> Entry<'a> {
    match s {
        Some(s) => Entry::Is(name, Cell::Str(s)),
        None => Entry::Absent,
    }
}

impl<'a> Ctx<'a> {
    /// The `n`-th field of `obj` in key order.
    fn field(&self, obj: Obj, n: u8) -> Entry<'a> {
        let p = self.plan;
        match obj {
            Obj::Case => match n {
                0 => str_cell("as_of", self.date(&p.s.as_of, self.g.subject, slot::AS_OF).or(p.as_of_text.as_deref())),
                1 if p.m.is_some() => Entry::Is("proposed_measures", Cell::List(List::Measures)),
                2 if p.r.is_some() => Entry::Is("records", Cell::List(List::Records)),
                1 | 2 => Entry::Absent,
                3 => Entry::Is("subject", Cell::Obj(Obj::Subject)),
                _ => Entry::End,
            },
            Obj::Subject => {
                let (s, row) = (&p.s, self.g.subject);
                match n {
                    0 => text_cell("id", &s.id, row),
                    1 => text_cell("kind", &s.kind, row),
                    2 => text_cell("region", &s.region, row),
                    3 => text_cell("sector", &s.sector, row),
                    4 => str_cell("since", self.date(&s.since, row, slot::SINCE)),
                    5 => text_cell("status", &s.status, row),
                    _ => Entry::End,
                }
            }
            Obj::Record { i, row } => {
                let Some(r) = &p.r else { return Entry::End };
                match n {
                    0 => text_cell("conduct", &r.conduct, row),
                    1 => text_cell("decided_by", &r.decided_by, row),
                    2 => str_cell("decided_on", self.date(&r.decided_on, row, slot::decided_on(i))),
                    3 => text_cell("domain", &r.domain, row),
                    4 => Entry::Is("events", Cell::List(List::Events(i))),
                    5 => text_cell("id", &r.id, row),
                    6 => text_cell("list", &r.list, row),
                    7 => text_cell("severity", &r.severity, row),
                    8 => text_cell("term", &r.term, row),
                    _ => Entry::End,
                }
            }
            Obj::Event { row, k } => {
                let Some(e) = &p.e else { return Entry::End };
                match n {
                    0 => text_cell("destination", &e.destination, row),
                    1 => text_cell("extension", &e.extension, row),
                    2 => text_cell("note", &e.note, row),
                    3 => str_cell("on", self.date(&e.on, row, slot::on(self.g.records.len(), k))),
                    4 => text_cell("type", &e.kind, row),
                    _ => Entry::End,
                }
            }
            Obj::Measure { row } => {
                let Some(m) = &p.m else { return Entry::End };
                match n {
                    0 => text_cell("by", &m.by, row),
                    1 => text_cell("by_kind", &m.by_kind, row),
                    2 => text_cell("measure", &m.measure, row),
                    3 => text_cell("record", &m.record, row),
                    4 => text_cell("target", &m.target, row),
                    5 => match m.voluntary.as_ref().and_then(|c| c.get(row)) {
                        Some(b) => Entry::Is("voluntary", Cell::Bool(b)),
                        None => Entry::Absent,
                    },
                    _ => Entry::End,
                }
            }
        }
    }
}

/// The present fields of an object, in key order.
struct Fields<'a> {
    ctx: &'a Ctx<'a>,
    obj: Obj,
    next: u8,
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'static str, At<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let n = self.next;
            self.next = n.saturating_add(1);
            match self.ctx.field(self.obj, n) {
                Entry::End => return None,
                Entry::Absent => {}
                Entry::Is(name, cell) => return Some((name, At { ctx: self.ctx, cell })),
            }
        }
    }
}

/// The elements of an array: records, one record's events, proposed measures.
struct Items<'a> {
    ctx: &'a Ctx<'a>,
    list: List,
    /// The rows of the elements, and the position of the next one.
    rows: &'a [u32],
    pos: usize,
    /// For events: the group position of the first one.
    first_k: usize,
}

impl<'a> Iterator for Items<'a> {
    type Item = At<'a>;
    fn next(&mut self) -> Option<At<'a>> {
        let pos = self.pos;
        let row = *self.rows.get(pos)? as usize;
        self.pos += 1;
        let obj = match self.list {
            List::Records => Obj::Record { i: pos, row },
            List::Events(_) => Obj::Event { row, k: self.first_k + pos },
            List::Measures => Obj::Measure { row },
        };
        Some(At { ctx: self.ctx, cell: Cell::Obj(obj) })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.rows.len().saturating_sub(self.pos);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Items<'_> {}

impl<'a> credit_core::ffi::Tree<'a> for At<'a> {
    type Key = &'static str;
    type Items = Items<'a>;
    type Entries = Fields<'a>;
    fn node(self) -> credit_core::ffi::Node<'a, At<'a>> {
        use credit_core::ffi::Node;
        let ctx = self.ctx;
        match self.cell {
            Cell::Str(s) => Node::Str(s),
            Cell::Bool(b) => Node::Bool(b),
            Cell::Obj(obj) => Node::Map(Fields { ctx, obj, next: 0 }),
            Cell::List(list) => {
                let (rows, first_k) = match list {
                    List::Records => (ctx.g.records, 0),
                    List::Events(i) => match ctx.plan.e {
                        Some(_) => {
                            let (k, rows) = ctx.events(i);
                            (rows, k)
                        }
                        None => (&[][..], 0),
                    },
                    List::Measures => (ctx.g.measures, 0),
                };
                Node::Seq(Items { ctx, list, rows, pos: 0, first_k })
            }
        }
    }
}

/// The rows of every subject's case in compressed form (row numbers by subject, as offsets into
/// flat `u32` arrays), so that grouping millions of rows costs a few bytes per row; the
/// [`Group`]s of one chunk are materialised only when that chunk is evaluated.
pub(crate) struct Grouping {
    /// Per subject row: whether its case can be built (a unique, non-null key, no orphan event).
    alive: Vec<bool>,
    /// Per subject row: its record rows are `rec_rows[rec_off[s]..rec_off[s + 1]]`.
    rec_off: Vec<u32>,
    rec_rows: Vec<u32>,
    /// Per record slot (position in `rec_rows`): its event rows.
    ev_off: Vec<u32>,
    ev_rows: Vec<u32>,
    /// Per subject row: its measure rows.
    m_off: Vec<u32>,
    m_rows: Vec<u32>,
}

/// Rows sorted by their owner (a stable counting sort): `(offsets, rows)` with `owners + 1`
/// offsets. `owner[row]` is `u32::MAX` for a row with no owner (left out).
fn by_owner(owner: &[u32], owners: usize) -> (Vec<u32>, Vec<u32>) {
    let mut off = vec![0u32; owners + 1];
    for &o in owner {
        if let Some(c) = off.get_mut(o as usize + 1) {
            *c += 1;
        }
    }
    for i in 1..off.len() {
        let prev = off.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = off.get_mut(i) {
            *c += prev;
        }
    }
    let mut next = off.clone();
    let total = off.last().copied().unwrap_or(0) as usize;
    let mut rows = vec![0u32; total];
    for (row, &o) in owner.iter().enumerate() {
        if let Some(n) = next.get_mut(o as usize) {
            if let Some(slot) = rows.get_mut(*n as usize) {
                *slot = row as u32;
            }
            *n += 1;
        }
    }
    (off, rows)
}

fn range(off: &[u32], i: usize) -> std::ops::Range<usize> {
    let a = off.get(i).copied().unwrap_or(0) as usize;
    let b = off.get(i + 1).copied().unwrap_or(0) as usize;
    a..b.max(a)
}

impl Grouping {
    /// The number of subject rows.
    fn len(&self) -> usize {
        self.alive.len()
    }

    /// The groups of subject rows `rows` whose case can be built, in subject order.
    fn groups(&self, rows: std::ops::Range<usize>) -> Vec<Group<'_>> {
        let mut out = Vec::with_capacity(rows.len());
        for s in rows {
            if !self.alive.get(s).copied().unwrap_or(false) {
                continue;
            }
            let slots = range(&self.rec_off, s);
            out.push(Group {
                subject: s,
                first_slot: slots.start,
                records: self.rec_rows.get(slots).unwrap_or(&[]),
                measures: self.m_rows.get(range(&self.m_off, s)).unwrap_or(&[]),
                grouping: self,
            });
        }
        out
    }
}

/// Group the rows by key: one group per subject row, in subject order; rows that cannot be
/// attached become error rows.
fn group(plan: &Plan) -> Result<(Grouping, Vec<ErrorRow>), Error> {
    const NONE: u32 = u32::MAX;
    let mut errors = Vec::new();
    let mode = key_mode(plan);
    let skeys = KeyCol::read(&plan.subjects, &plan.key, mode)?;
    let n = skeys.len();
    if u32::try_from(n).is_err() {
        return Err(arg_error("subjects", "subjects: more than 2^32 rows in one call".to_owned()));
    }
    let mut by_key: HashMap<Key<'_>, u32, KeyHash> = HashMap::with_capacity_and_hasher(n, KeyHash::new());
    let mut alive = vec![false; n];
    for row in 0..n {
        match skeys.get(row) {
            None => errors.push(ErrorRow {
                source: Source::Subjects,
                row,
                error: Error::case(ErrorCode::MissingField, plan.key.join(","), "a key column is null".to_owned()),
            }),
            Some(k) => match by_key.entry(k) {
                std::collections::hash_map::Entry::Occupied(_) => errors.push(ErrorRow {
                    source: Source::Subjects,
                    row,
                    error: Error::case(
                        ErrorCode::InvalidValue,
                        plan.key.join(","),
                        "another row of `subjects` has the same key".to_owned(),
                    ),
                }),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(row as u32);
                    if let Some(a) = alive.get_mut(row) {
                        *a = true;
                    }
                }
            },
        }
    }
    // Whether a subject row is the one the index maps its key to (the first row with that key).
    let first = alive.clone();
    let no_subject = |source: Source, row: usize| ErrorRow {
        source,
        row,
        error: Error::case(
            ErrorCode::InvalidValue,
            "",
            format!("no row of `subjects` has this row's key ({})", source.name()),
        ),
    };
    // The owning subject row of each row of another table (NONE: no such key). The rows of the
    // other tables usually come in the subjects' order (a sort, a groupby or a join upstream), so
    // the previous row's subject and the one after it are compared first, and the index is
    // asked only when neither has the key: the same answer (a subject row is tried only when the
    // index maps its key to it, `first`), without a hash lookup per row.
    let owners = |input: &Input, source: Source, errors: &mut Vec<ErrorRow>| -> Result<Vec<u32>, Error> {
        let ks = KeyCol::read(input, &plan.key, mode)?;
        if u32::try_from(ks.len()).is_err() {
            return Err(arg_error(source.name(), format!("{}: more than 2^32 rows in one call", source.name())));
        }
        let mut at = 0usize;
        let mut owner_of = |k: Key<'_>| -> Option<u32> {
            for s in [at, at + 1] {
                if first.get(s).copied().unwrap_or(false) && skeys.get(s) == Some(k) {
                    at = s;
                    return u32::try_from(s).ok();
                }
            }
            let s = by_key.get(&k).copied()?;
            at = s as usize;
            Some(s)
        };
        Ok((0..ks.len())
            .map(|row| match ks.get(row).and_then(&mut owner_of) {
                Some(s) => s,
                None => {
                    errors.push(no_subject(source, row));
                    NONE
                }
            })
            .collect())
    };
    let (rec_off, rec_rows) = match &plan.records {
        Some(records) => by_owner(&owners(records, Source::Records, &mut errors)?, n),
        None => (vec![0; n + 1], Vec::new()),
    };
    let (ev_off, ev_rows) = match (&plan.events, &plan.r) {
        (Some(events), Some(rc)) => {
            let owner = owners(events, Source::Events, &mut errors)?;
            let rid = text(events, "record", true)?;
            // Each event's record slot: the first record of its subject with the same id.
            let mut slot_of = vec![NONE; owner.len()];
            for (row, &s) in owner.iter().enumerate() {
                if s == NONE {
                    continue;
                }
                let id = rid.as_ref().and_then(|c| c.get(row));
                let slots = range(&rec_off, s as usize);
                let found = id.and_then(|id| {
                    slots.clone().find(|slot| {
                        rec_rows.get(*slot).is_some_and(|r| rc.id.as_ref().and_then(|c| c.get(*r as usize)) == Some(id))
                    })
                });
                match found {
                    Some(slot) => {
                        if let Some(x) = slot_of.get_mut(row) {
                            *x = slot as u32;
                        }
                    }
                    None => {
                        // The subject's case cannot be built without this event: its subject fails.
                        if alive.get(s as usize).copied().unwrap_or(false) {
                            errors.push(ErrorRow {
                                source: Source::Events,
                                row,
                                error: Error::case(
                                    ErrorCode::UnknownRecord,
                                    "record",
                                    match id {
                                        Some(id) => format!("no record `{id}` of this subject in `records`"),
                                        None => "the event's `record` is null".to_owned(),
                                    },
                                ),
                            });
                        }
                        if let Some(a) = alive.get_mut(s as usize) {
                            *a = false;
                        }
                    }
                }
            }
            by_owner(&slot_of, rec_rows.len())
        }
        _ => (vec![0; rec_rows.len() + 1], Vec::new()),
    };
    let (m_off, m_rows) = match &plan.measures {
        Some(measures) => by_owner(&owners(measures, Source::Measures, &mut errors)?, n),
        None => (vec![0; n + 1], Vec::new()),
    };
    // A subject whose record or measure row has no subject key stays evaluable; a subject with a
    // bad key is dropped (its error row is there).
    Ok((Grouping { alive, rec_off, rec_rows, ev_off, ev_rows, m_off, m_rows }, errors))
}

// -------------------------------------------------------------------------------------------------
// Writing decisions into Arrow columns.
// -------------------------------------------------------------------------------------------------

fn date32(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    i32::try_from((d - epoch).num_days()).unwrap_or(i32::MAX)
}

/// A serialised enum's name (`"active"`).
fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// A unit enum variant's serialised name (`"active"`) without allocating: the name serde's
/// derive hands the serializer (its `rename_all` applied), the very text `serde_json` writes.
/// Any other shape goes through [`name_of`].
fn variant<T: serde::Serialize>(v: &T) -> std::borrow::Cow<'static, str> {
    match v.serialize(VariantName) {
        Ok(name) => std::borrow::Cow::Borrowed(name),
        Err(NotUnitVariant) => std::borrow::Cow::Owned(name_of(v)),
    }
}

/// The serializer of [`variant`]: accepts unit variants only.
struct VariantName;

/// A value that is not a unit enum variant (for [`VariantName`]).
#[derive(Debug)]
struct NotUnitVariant;

impl std::fmt::Display for NotUnitVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit enum variant")
    }
}

impl std::error::Error for NotUnitVariant {}

impl serde::ser::Error for NotUnitVariant {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        NotUnitVariant
    }
}

macro_rules! not_unit_variant {
    ($($f:ident($($t:ty),*);)+) => {$(
        fn $f(self, $(_: $t),*) -> Result<&'static str, NotUnitVariant> {
            Err(NotUnitVariant)
        }
    )+};
}

impl serde::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotUnitVariant;
    type SerializeSeq = serde::ser::Impossible<&'static str, NotUnitVariant>;
    type SerializeTuple = serde::ser::Impossible<&'static str, NotUnitVariant>;
    type SerializeTupleStruct = serde::ser::Impossible<&'static str, NotUnitVariant>;
    type SerializeTupleVariant = serde::ser::Impossible<&'static str, NotUnitVariant>;
    type SerializeMap = serde::ser::Impossible<&'static str, NotUnitVariant>;
    type SerializeStruct = serde::ser::Impossible<&'static str, NotUnitVariant>;
    type SerializeStructVariant = serde::ser::Impossible<&'static str, NotUnitVariant>;

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotUnitVariant> {
        Ok(variant)
    }

    not_unit_variant! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<T: ?Sized + serde::Serialize>(self, _: &T) -> Result<&'static str, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_newtype_struct<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_newtype_variant<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotUnitVariant> {
        Err(NotUnitVariant)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotUnitVariant> {
        Err(NotUnitVariant)
    }
}

fn list_field(name: &str, item: DataType) -> Field {
    Field::new(name, DataType::List(Arc::new(Field::new("item", item, true))), true)
}

/// The columns of the result tables after the key columns (documented in the stubs).
fn subject_fields(explain: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new("grade", dict(), false),
        list_field("lists", dict()),
        Field::new("triage", dict(), true),
        Field::new("triage_action", dict(), true),
        Field::new("supervision", dict(), false),
        list_field("treatment", dict()),
        list_field("incentives", dict()),
        Field::new("provisional", DataType::Boolean, false),
    ];
    if explain {
        f.push(Field::new("explanation", DataType::Utf8, false));
    }
    f
}

fn record_fields(explain: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new("record", DataType::Utf8, false),
        Field::new("conduct", dict(), false),
        Field::new("domain", dict(), false),
        Field::new("severity", dict(), false),
        Field::new("list", dict(), true),
        Field::new("in_scope", DataType::Boolean, false),
        Field::new("status", dict(), false),
        Field::new("status_since", DataType::Date32, true),
        Field::new("period_start", DataType::Date32, false),
        Field::new("nominal_end", DataType::Date32, true),
        Field::new("effective_end", DataType::Date32, true),
        Field::new("days_remaining", DataType::Int64, true),
        list_field("objection_reply_due", DataType::Date32),
        Field::new("objection_overdue", DataType::Boolean, false),
        Field::new("publish_due", DataType::Date32, true),
        Field::new("publication_min_end", DataType::Date32, true),
        Field::new("publication_max_end", DataType::Date32, true),
        Field::new("double_publicity_due", DataType::Date32, true),
        Field::new("double_publicity_on_time", DataType::Boolean, true),
        Field::new("repair_status", dict(), true),
        Field::new("repair_eligible", DataType::Boolean, true),
        Field::new("repair_eligible_from", DataType::Date32, true),
        Field::new("provisional", DataType::Boolean, false),
        Field::new("subject_kind", dict(), false),
        Field::new("decided_on", DataType::Date32, true),
        Field::new("notified", DataType::Boolean, false),
        list_field("events", dict()),
    ];
    if explain {
        f.push(Field::new("explanation", DataType::Utf8, false));
    }
    f
}

fn measure_fields(explain: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new("measure", dict(), false),
        Field::new("record", DataType::Utf8, false),
        Field::new("verdict", dict(), false),
        Field::new("allowed", DataType::Boolean, false),
        list_field("failed", dict()),
        list_field("rules", dict()),
    ];
    if explain {
        f.push(list_field("legal_basis", dict()));
        f.push(Field::new("explanation", DataType::Utf8, false));
    }
    f
}

fn error_fields() -> Vec<Field> {
    vec![
        Field::new("table", DataType::Utf8, false),
        Field::new("row", DataType::Int64, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("path", DataType::Utf8, true),
        Field::new("message", DataType::Utf8, false),
    ]
}

struct SubjectOut {
    rows: Vec<u64>,
    grade: Dict,
    lists: DictList,
    triage: Dict,
    triage_action: Dict,
    supervision: Dict,
    treatment: DictList,
    incentives: DictList,
    provisional: BooleanBuilder,
    explanation: StringBuilder,
}

struct RecordOut {
    rows: Vec<u64>,
    record: StringBuilder,
    conduct: Dict,
    domain: Dict,
    severity: Dict,
    list: Dict,
    in_scope: BooleanBuilder,
    status: Dict,
    status_since: Date32Builder,
    period_start: Date32Builder,
    nominal_end: Date32Builder,
    effective_end: Date32Builder,
    days_remaining: Int64Builder,
    reply_due: ListBuilder<Date32Builder>,
    overdue: BooleanBuilder,
    publish_due: Date32Builder,
    pub_min: Date32Builder,
    pub_max: Date32Builder,
    dp_due: Date32Builder,
    dp_on_time: BooleanBuilder,
    repair_status: Dict,
    repair_eligible: BooleanBuilder,
    repair_from: Date32Builder,
    provisional: BooleanBuilder,
    subject_kind: Dict,
    decided_on: Date32Builder,
    notified: BooleanBuilder,
    events: DictList,
    explanation: StringBuilder,
}

struct MeasureOut {
    rows: Vec<u64>,
    measure: Dict,
    record: StringBuilder,
    verdict: Dict,
    allowed: BooleanBuilder,
    failed: DictList,
    rules: DictList,
    basis: DictList,
    explanation: StringBuilder,
}

/// A dictionary-encoded text column (result text columns are: a few distinct values repeat over
/// millions of rows — grades, statuses, ids of the catalogue — except explanations). Keys are
/// given in first-seen order, as `StringDictionaryBuilder` gives them, so the arrays are the
/// same; a value is found by a short scan while the dictionary is small (no hashing per row),
/// then through a hash map.
struct Dict {
    keys: Vec<i32>,
    nulls: arrow_buffer::NullBufferBuilder,
    values: Vec<Box<str>>,
    index: HashMap<Box<str>, i32>,
}

/// Up to this many distinct values, a value is looked up by scanning them.
const DICT_SCAN: usize = 24;

impl Dict {
    fn with_capacity(n: usize) -> Dict {
        Dict {
            keys: Vec::with_capacity(n),
            nulls: arrow_buffer::NullBufferBuilder::new(n),
            values: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn key(&mut self, v: &str) -> i32 {
        if self.values.len() <= DICT_SCAN {
            if let Some(k) = self.values.iter().position(|x| **x == *v) {
                return k as i32;
            }
        } else if let Some(&k) = self.index.get(v) {
            return k;
        }
        let k = i32::try_from(self.values.len()).unwrap_or(i32::MAX);
        self.values.push(v.into());
        if self.values.len() > DICT_SCAN {
            if self.index.is_empty() {
                self.index.extend(self.values.iter().enumerate().map(|(i, x)| (x.clone(), i as i32)));
            } else {
                self.index.insert(v.into(), k);
            }
        }
        k
    }

    fn append_value(&mut self, v: impl AsRef<str>) {
        let k = self.key(v.as_ref());
        self.keys.push(k);
        self.nulls.append_non_null();
    }

    fn append_null(&mut self) {
        self.keys.push(0);
        self.nulls.append_null();
    }

    fn append_option(&mut self, v: Option<impl AsRef<str>>) {
        match v {
            Some(v) => self.append_value(v),
            None => self.append_null(),
        }
    }

    fn finish(&mut self) -> arrow_array::DictionaryArray<Int32Type> {
        let keys = arrow_array::Int32Array::new(std::mem::take(&mut self.keys).into(), self.nulls.finish());
        let values = StringArray::from_iter_values(self.values.iter());
        self.values.clear();
        self.index.clear();
        arrow_array::DictionaryArray::new(keys, Arc::new(values))
    }
}

/// A list column of dictionary-encoded text (every list present, possibly empty).
struct DictList {
    offsets: Vec<i32>,
    values: Dict,
}

impl DictList {
    /// For `n` lists (of about one item each; more grow the items' buffers).
    fn with_capacity(n: usize) -> DictList {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        DictList { offsets, values: Dict::with_capacity(n) }
    }

    /// End the current list (its items are the values appended since the last end).
    fn end(&mut self) {
        let end = i32::try_from(self.values.keys.len()).unwrap_or(i32::MAX);
        self.offsets.push(end);
    }

    fn finish(&mut self) -> arrow_array::ListArray {
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        arrow_array::ListArray::new(
            Arc::new(Field::new("item", dict(), true)),
            arrow_buffer::OffsetBuffer::new(offsets.into()),
            Arc::new(self.values.finish()),
            None,
        )
    }
}

/// The Arrow type of a dictionary-encoded text column.
fn dict() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

fn strings<'a>(b: &mut DictList, items: impl IntoIterator<Item = &'a str>) {
    for s in items {
        b.values.append_value(s);
    }
    b.end();
}

fn opt_date(b: &mut Date32Builder, d: Option<NaiveDate>) {
    b.append_option(d.map(date32));
}

/// One part's output: a record batch per result table (before the key columns are attached) and
/// the error rows.
pub(crate) struct PartOut {
    /// Whether explanation and legal-basis columns are wanted (otherwise not built).
    explain: bool,
    subjects: SubjectOut,
    records: RecordOut,
    measures: MeasureOut,
    errors: Vec<ErrorRow>,
}

impl PartOut {
    /// Builders sized for `ns` subjects, `nr` records and `nm` proposed measures, so a part's
    /// columns are allocated once (growing a large buffer copies it into fresh pages).
    fn new(explain: bool, ns: usize, nr: usize, nm: usize) -> PartOut {
        let text = |n: usize, bytes: usize| StringBuilder::with_capacity(n, n * bytes);
        let explanation = |n: usize| if explain { text(n, 160) } else { StringBuilder::new() };
        PartOut {
            explain,
            subjects: SubjectOut {
                rows: Vec::with_capacity(ns),
                grade: Dict::with_capacity(ns),
                lists: DictList::with_capacity(ns),
                triage: Dict::with_capacity(ns),
                triage_action: Dict::with_capacity(ns),
                supervision: Dict::with_capacity(ns),
                treatment: DictList::with_capacity(ns),
                incentives: DictList::with_capacity(ns),
                provisional: BooleanBuilder::with_capacity(ns),
                explanation: explanation(ns),
            },
            records: RecordOut {
                rows: Vec::with_capacity(nr),
                record: text(nr, 8),
                conduct: Dict::with_capacity(nr),
                domain: Dict::with_capacity(nr),
                severity: Dict::with_capacity(nr),
                list: Dict::with_capacity(nr),
                in_scope: BooleanBuilder::with_capacity(nr),
                status: Dict::with_capacity(nr),
                status_since: Date32Builder::with_capacity(nr),
                period_start: Date32Builder::with_capacity(nr),
                nominal_end: Date32Builder::with_capacity(nr),
                effective_end: Date32Builder::with_capacity(nr),
                days_remaining: Int64Builder::with_capacity(nr),
                reply_due: ListBuilder::with_capacity(Date32Builder::with_capacity(nr), nr),
                overdue: BooleanBuilder::with_capacity(nr),
                publish_due: Date32Builder::with_capacity(nr),
                pub_min: Date32Builder::with_capacity(nr),
                pub_max: Date32Builder::with_capacity(nr),
                dp_due: Date32Builder::with_capacity(nr),
                dp_on_time: BooleanBuilder::with_capacity(nr),
                repair_status: Dict::with_capacity(nr),
                repair_eligible: BooleanBuilder::with_capacity(nr),
                repair_from: Date32Builder::with_capacity(nr),
                provisional: BooleanBuilder::with_capacity(nr),
                subject_kind: Dict::with_capacity(nr),
                decided_on: Date32Builder::with_capacity(nr),
                notified: BooleanBuilder::with_capacity(nr),
                events: DictList::with_capacity(nr),
                explanation: explanation(nr),
            },
            measures: MeasureOut {
                rows: Vec::with_capacity(nm),
                measure: Dict::with_capacity(nm),
                record: text(nm, 8),
                verdict: Dict::with_capacity(nm),
                allowed: BooleanBuilder::with_capacity(nm),
                failed: DictList::with_capacity(nm),
                rules: DictList::with_capacity(nm),
                basis: DictList::with_capacity(nm),
                explanation: explanation(nm),
            },
            errors: Vec::new(),
        }
    }

    fn push(&mut self, g: &Group, case: &credit_core::case::Case, d: &Decision) {
        let s = &mut self.subjects;
        s.rows.push(g.subject as u64);
        s.grade.append_value(d.grade.as_str());
        strings(&mut s.lists, d.lists.iter().map(|l| &*l.list));
        match &d.triage {
            Some(t) => {
                s.triage.append_value(variant(&t.outcome));
                s.triage_action.append_option(t.action.as_deref());
            }
            None => {
                s.triage.append_null();
                s.triage_action.append_null();
            }
        }
        s.supervision.append_value(&d.supervision.level);
        strings(&mut s.treatment, d.supervision.treatment.iter().map(String::as_str));
        strings(&mut s.incentives, d.incentives.iter().filter(|i| i.earned).map(|i| &*i.incentive));
        s.provisional.append_value(d.grade_explanation.provisional);
        if self.explain {
            s.explanation.append_value(d.grade_explanation.message.to_string());
        }

        let r = &mut self.records;
        for (i, rd) in d.records.iter().enumerate() {
            let Some(row) = g.record(i) else { continue };
            r.rows.push(row as u64);
            r.record.append_value(&rd.id);
            r.conduct.append_value(&rd.conduct);
            r.domain.append_value(&rd.domain);
            r.severity.append_value(variant(&rd.severity));
            r.list.append_option(rd.list.as_deref());
            r.in_scope.append_value(rd.in_scope);
            r.status.append_value(variant(&rd.status));
            opt_date(&mut r.status_since, rd.status_since.map(|x| x.0));
            r.period_start.append_value(date32(rd.period.start.0));
            opt_date(&mut r.nominal_end, rd.period.nominal_end.map(|x| x.0));
            opt_date(&mut r.effective_end, rd.period.effective_end.map(|x| x.0));
            r.days_remaining.append_option(rd.period.days_remaining);
            for o in &rd.objections {
                r.reply_due.values().append_value(date32(o.reply_due.0));
            }
            r.reply_due.append(true);
            r.overdue.append_value(rd.objections.iter().any(|o| o.overdue));
            let p = rd.publication.as_ref();
            opt_date(&mut r.publish_due, p.and_then(|p| p.publish_due).map(|x| x.0));
            opt_date(&mut r.pub_min, p.and_then(|p| p.min_end).map(|x| x.0));
            opt_date(&mut r.pub_max, p.and_then(|p| p.max_end).map(|x| x.0));
            let dp = rd.double_publicity.as_ref();
            opt_date(&mut r.dp_due, dp.map(|x| x.due.0));
            r.dp_on_time.append_option(dp.map(|x| x.on_time));
            let rep = rd.repair.as_ref();
            r.repair_status.append_option(rep.map(|x| variant(&x.status)));
            r.repair_eligible.append_option(rep.map(|x| x.eligible));
            opt_date(&mut r.repair_from, rep.and_then(|x| x.eligible_from).map(|x| x.0));
            r.provisional.append_value(rd.status_explanation.provisional || rd.period.explanation.provisional);
            // The facts `check_measures` reads besides the evaluated ones.
            r.subject_kind.append_value(case.subject.kind.as_str());
            let cr = case.records.iter().find(|c| *c.id == *rd.id);
            opt_date(&mut r.decided_on, cr.map(|c| c.decided_on.0));
            let as_of = case.as_of.0;
            let seen = || cr.into_iter().flat_map(|c| c.events.iter()).filter(move |e| e.on.0 <= as_of);
            r.notified.append_value(cr.is_some_and(|c| {
                seen().any(|e| e.kind == credit_core::vocab::EventType::Notified && e.on.0 <= c.decided_on.0)
            }));
            for e in seen() {
                r.events.values.append_value(e.kind.as_str());
            }
            r.events.end();
            if self.explain {
                r.explanation.append_value(rd.status_explanation.message.to_string());
            }
        }

        let m = &mut self.measures;
        for (i, md) in d.measures.iter().enumerate() {
            let Some(row) = g.measure(i) else { continue };
            m.rows.push(row as u64);
            m.measure.append_value(&md.measure);
            m.record.append_value(&md.record);
            m.verdict.append_value(variant(&md.verdict));
            m.allowed.append_value(md.verdict == credit_core::decision::Verdict::Allowed);
            for f in md.failed.iter() {
                m.failed.values.append_value(variant(f));
            }
            m.failed.end();
            strings(&mut m.rules, md.rules().iter().map(|r| r.as_ref()));
            if self.explain {
                strings(&mut m.basis, md.legal_basis().iter().map(|b| b.as_ref()));
                m.explanation.append_value(md.explanation().message.to_string());
            }
        }
    }
}

/// Attach the caller's key columns (taken from `input` at `rows`) in front of `cols`.
fn with_keys(
    input: &Input,
    key: &[String],
    rows: &[u64],
    fields: Vec<Field>,
    cols: Vec<ArrayRef>,
) -> Result<RecordBatch, Error> {
    let idx = UInt64Array::from(rows.to_vec());
    let mut all_fields = Vec::with_capacity(key.len() + fields.len());
    let mut all_cols = Vec::with_capacity(key.len() + cols.len());
    for k in key {
        let (i, f) = input
            .batch
            .schema()
            .column_with_name(k)
            .map(|(i, f)| (i, f.clone()))
            .ok_or_else(|| internal(format!("key column `{k}` vanished")))?;
        let col = input.batch.column(i);
        all_cols.push(arrow_select::take::take(col.as_ref(), &idx, None).map_err(|e| internal(e.to_string()))?);
        all_fields.push(f.with_nullable(true));
    }
    all_fields.extend(fields);
    all_cols.extend(cols);
    RecordBatch::try_new(Arc::new(Schema::new(all_fields)), all_cols).map_err(|e| internal(e.to_string()))
}

/// The finished batches of one part.
pub(crate) struct PartBatches {
    subjects: RecordBatch,
    records: Option<RecordBatch>,
    measures: Option<RecordBatch>,
    errors: Vec<ErrorRow>,
}

fn finish(plan: &Plan, mut out: PartOut) -> Result<PartBatches, Error> {
    let explain = plan.explain;
    let s = &mut out.subjects;
    let mut cols: Vec<ArrayRef> = vec![
        Arc::new(s.grade.finish()),
        Arc::new(s.lists.finish()),
        Arc::new(s.triage.finish()),
        Arc::new(s.triage_action.finish()),
        Arc::new(s.supervision.finish()),
        Arc::new(s.treatment.finish()),
        Arc::new(s.incentives.finish()),
        Arc::new(s.provisional.finish()),
    ];
    if explain {
        cols.push(Arc::new(s.explanation.finish()));
    }
    let subjects = with_keys(&plan.subjects, &plan.key, &s.rows, subject_fields(explain), cols)?;
    let records = match &plan.records {
        None => None,
        Some(input) => {
            let r = &mut out.records;
            let mut cols: Vec<ArrayRef> = vec![
                Arc::new(r.record.finish()),
                Arc::new(r.conduct.finish()),
                Arc::new(r.domain.finish()),
                Arc::new(r.severity.finish()),
                Arc::new(r.list.finish()),
                Arc::new(r.in_scope.finish()),
                Arc::new(r.status.finish()),
                Arc::new(r.status_since.finish()),
                Arc::new(r.period_start.finish()),
                Arc::new(r.nominal_end.finish()),
                Arc::new(r.effective_end.finish()),
                Arc::new(r.days_remaining.finish()),
                Arc::new(r.reply_due.finish()),
                Arc::new(r.overdue.finish()),
                Arc::new(r.publish_due.finish()),
                Arc::new(r.pub_min.finish()),
                Arc::new(r.pub_max.finish()),
                Arc::new(r.dp_due.finish()),
                Arc::new(r.dp_on_time.finish()),
                Arc::new(r.repair_status.finish()),
                Arc::new(r.repair_eligible.finish()),
                Arc::new(r.repair_from.finish()),
                Arc::new(r.provisional.finish()),
                Arc::new(r.subject_kind.finish()),
                Arc::new(r.decided_on.finish()),
                Arc::new(r.notified.finish()),
                Arc::new(r.events.finish()),
            ];
            if explain {
                cols.push(Arc::new(r.explanation.finish()));
            }
            Some(with_keys(input, &plan.key, &r.rows, record_fields(explain), cols)?)
        }
    };
    let measures = match &plan.measures {
        None => None,
        Some(input) => {
            let m = &mut out.measures;
            let mut cols: Vec<ArrayRef> = vec![
                Arc::new(m.measure.finish()),
                Arc::new(m.record.finish()),
                Arc::new(m.verdict.finish()),
                Arc::new(m.allowed.finish()),
                Arc::new(m.failed.finish()),
                Arc::new(m.rules.finish()),
            ];
            if explain {
                cols.push(Arc::new(m.basis.finish()));
                cols.push(Arc::new(m.explanation.finish()));
            }
            Some(with_keys(input, &plan.key, &m.rows, measure_fields(explain), cols)?)
        }
    };
    Ok(PartBatches { subjects, records, measures, errors: out.errors })
}

/// Evaluate one part of the groups (one worker's share of a chunk).
fn run_part(plan: &Plan, engine: &credit_core::Engine, groups: &[Group]) -> Result<PartBatches, Error> {
    let records = groups.iter().map(|g| g.records.len()).sum();
    let measures = groups.iter().map(|g| g.measures.len()).sum();
    let mut out = PartOut::new(plan.explain, groups.len(), records, measures);
    let typed_dates = plan.typed_dates();
    let mut dates = Dates::default();
    for g in groups {
        if typed_dates {
            if let Err(e) = plan.dates(g, &mut dates) {
                out.errors.push(e);
                continue;
            }
        }
        let ctx = Ctx::new(plan, g, &dates);
        let decided = credit_core::ffi::case_from_tree(At { ctx: &ctx, cell: Cell::Obj(Obj::Case) })
            .and_then(|case| engine.evaluate_in(&case, plan.lang).map(|d| (case, d)));
        match decided {
            Ok((case, d)) => out.push(g, &case, &d),
            Err(e) => out.errors.push(plan.locate(g, e)),
        }
    }
    finish(plan, out)
}

/// Private copies of an engine's policy data ([`credit_core::Engine::replica`]) for the worker
/// threads of [`evaluate_table`], made on first use and kept with the Python `Engine`. Why: every
/// evaluation increments and decrements reference counts in the policy data its decision cites;
/// threads sharing one copy write to the same counters and slow each other down (see
/// `BENCHMARKS.md`). A set that has no snapshot (loaded with warnings) has no replica: its
/// workers share the engine, with the same answers.
#[derive(Default)]
pub(crate) struct Replicas {
    made: std::sync::Mutex<Vec<credit_core::Engine>>,
}

impl Replicas {
    /// `workers` engines: `engine` itself, then a replica for each other worker. The lock is
    /// held only here, without the GIL; a poisoned lock costs the replicas, not the answers.
    fn engines(&self, engine: &credit_core::Engine, workers: usize) -> Vec<credit_core::Engine> {
        let mut out = vec![engine.clone()];
        let Ok(mut made) = self.made.lock() else {
            out.resize(workers, engine.clone());
            return out;
        };
        while made.len() + 1 < workers {
            match engine.replica() {
                Ok(r) => made.push(r),
                Err(_) => break,
            }
        }
        out.extend(made.iter().take(workers.saturating_sub(1)).cloned());
        out.resize(workers, engine.clone());
        out
    }
}

/// What a worker of [`run_pooled`] sends back: a piece's index, its number of subject rows and
/// its batches.
type Done = (usize, usize, Result<PartBatches, Error>);

/// Evaluate every subject row on one thread per engine, the threads started once for the whole
/// call. The rows are cut into pieces of `chunk_size / workers` subjects (a chunk's worth of work
/// shared by the workers), which the threads take in order as they finish one, so a thread
/// slowed down (a busy core, a piece of harder subjects) takes fewer pieces and no thread waits
/// for another except at the very end. Why not, as before, a scope of threads per chunk with the
/// chunk cut into four pieces per worker: each chunk then paid for new threads and their empty
/// per-thread caches and waited for its slowest piece, and the many small pieces made as many
/// Arrow batches, whose dictionaries pyarrow unifies one batch at a time (≈ 0.1 ms a batch;
/// `BENCHMARKS.md`, "Two workers, one pool").
///
/// The calling thread keeps the GIL only between waits: it reports progress as pieces finish,
/// checks for `KeyboardInterrupt`, and stops the workers (no piece after the current ones is
/// started) on an interrupt, an internal error, or in strict mode on a piece with an error row.
/// Every piece before a stopping one is finished, so strict mode raises the first error row in
/// subject order, as one worker would. Returns the pieces' batches in subject order.
fn run_pooled(
    py: Python<'_>,
    plan: &Plan,
    grouping: &Grouping,
    engines: &[credit_core::Engine],
    chunk: usize,
    strict: bool,
    progress: &Progress<'_>,
) -> PyResult<Vec<PartBatches>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    let total = grouping.len();
    let workers = engines.len().max(1);
    let per = chunk.div_ceil(workers).max(1);
    let pieces: Vec<std::ops::Range<usize>> =
        (0..total).step_by(per).map(|start| start..(start + per).min(total)).collect();
    // Pieces at or after `stop` are not started.
    let next = AtomicUsize::new(0);
    let stop = AtomicUsize::new(usize::MAX);
    let (tx, rx) = mpsc::channel::<Done>();
    let mut done: Vec<(usize, PartBatches)> = Vec::with_capacity(pieces.len());
    let mut failure: Option<(usize, PyErr)> = None;
    let mut rows_done = 0usize;
    let work = |engine: &credit_core::Engine, tx: mpsc::Sender<Done>| loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= stop.load(Ordering::Relaxed) {
            break;
        }
        let Some(rows) = pieces.get(i) else { break };
        let groups = grouping.groups(rows.clone());
        if tx.send((i, rows.len(), run_part(plan, engine, &groups))).is_err() {
            break;
        }
    };
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = engines
            .iter()
            .take(pieces.len())
            .map(|engine| {
                let tx = tx.clone();
                scope.spawn(move || work(engine, tx))
            })
            .collect();
        drop(tx);
        let stopping = |at: usize| stop.fetch_min(at, Ordering::Relaxed);
        let mut rx = Some(rx);
        // Until every worker has ended (the channel is closed).
        while let Some(r) = rx.take() {
            let (got, r) = py.detach(move || {
                let got = r.recv_timeout(std::time::Duration::from_millis(100));
                (got, r)
            });
            match got {
                Ok((i, n, Ok(part))) => {
                    if strict && !part.errors.is_empty() {
                        stopping(i + 1);
                    }
                    done.push((i, part));
                    rows_done += n;
                    if failure.is_none() {
                        if let Err(e) = progress.step(rows_done, n, total) {
                            stopping(0);
                            failure = Some((0, e));
                        }
                    }
                }
                Ok((i, _, Err(e))) => {
                    stopping(0);
                    if failure.as_ref().is_none_or(|(at, _)| i < *at) {
                        failure = Some((i, to_py_err(py, &e)));
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if failure.is_none() {
                if let Err(e) = py.check_signals() {
                    stopping(0);
                    failure = Some((0, e));
                }
            }
            rx = Some(r);
        }
        // Every worker has dropped its sender: joining does not wait.
        for h in handles {
            if h.join().is_err() && failure.is_none() {
                failure = Some((0, to_py_err(py, &internal("a worker thread panicked".to_owned()))));
            }
        }
    });
    if let Some((_, e)) = failure {
        return Err(e);
    }
    done.sort_by_key(|(i, _)| *i);
    let stopped = stop.load(Ordering::Relaxed);
    if stopped == usize::MAX && done.len() != pieces.len() {
        return Err(to_py_err(py, &internal(format!("{} of {} pieces came back", done.len(), pieces.len()))));
    }
    Ok(done.into_iter().map(|(_, p)| p).collect())
}

// -------------------------------------------------------------------------------------------------
// The Python entry point.
// -------------------------------------------------------------------------------------------------

/// The four result tables of `Engine.evaluate_table` (pyarrow tables), and the number of subjects
/// evaluated. `pandas`: `result.subjects.to_pandas()`; polars: `polars.from_arrow(result.subjects)`.
#[pyclass(module = "credit._credit", name = "TableResult", frozen)]
pub struct TableResult {
    /// Per subject: key columns, grade, lists, triage, supervision, incentives.
    #[pyo3(get)]
    subjects: Py<PyAny>,
    /// Per record: key columns, record, status, period, deadlines, publication, repair.
    #[pyo3(get)]
    records: Py<PyAny>,
    /// Per proposed measure: key columns, measure, record, verdict, failed checks, rules.
    #[pyo3(get)]
    measures: Py<PyAny>,
    /// Per bad row: key columns, table, row, code, path, message.
    #[pyo3(get)]
    errors: Py<PyAny>,
}

#[pymethods]
impl TableResult {
    fn __repr__(&self, py: Python<'_>) -> String {
        let n = |t: &Py<PyAny>| t.bind(py).getattr("num_rows").and_then(|v| v.extract::<i64>()).unwrap_or(-1);
        format!(
            "TableResult(subjects={}, records={}, measures={}, errors={})",
            n(&self.subjects),
            n(&self.records),
            n(&self.measures),
            n(&self.errors)
        )
    }

    /// `(subjects, records, measures, errors)`, so `s, r, m, e = engine.evaluate_table(...)` works.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = PyTuple::new(py, [&self.subjects, &self.records, &self.measures, &self.errors])?;
        t.into_any().try_iter().map(|i| i.into_any())
    }
}

/// The key argument: a column name or a list of names.
fn read_key(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let bad = || {
        to_py_err(
            py,
            &Error::argument(ErrorCode::WrongType, "key", "key: expected a column name or a list of column names"),
        )
    };
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    let names: Vec<String> = key.extract().map_err(|_| bad())?;
    if names.is_empty() {
        return Err(bad());
    }
    Ok(names)
}

/// Options of one `evaluate_table` call, read with the GIL.
pub(crate) struct Options {
    pub(crate) as_of: Option<NaiveDate>,
    pub(crate) lang: Option<Lang>,
    pub(crate) explain: bool,
    pub(crate) strict: bool,
    pub(crate) workers: usize,
    pub(crate) chunk_size: usize,
}

fn build_plan(
    py: Python<'_>,
    subjects: &Bound<'_, PyAny>,
    records: Option<&Bound<'_, PyAny>>,
    events: Option<&Bound<'_, PyAny>>,
    measures: Option<&Bound<'_, PyAny>>,
    key: Vec<String>,
    o: &Options,
) -> PyResult<Plan> {
    let opt = |v: Option<&Bound<'_, PyAny>>, source| -> PyResult<Option<Input>> {
        match v {
            Some(v) if !v.is_none() => read_input(py, v, source).map(Some),
            _ => Ok(None),
        }
    };
    let subjects = read_input(py, subjects, Source::Subjects)?;
    let records = opt(records, Source::Records)?;
    let events = opt(events, Source::Events)?;
    let measures = opt(measures, Source::Measures)?;
    let e = |err: Error| to_py_err(py, &err);
    if events.is_some() && records.is_none() {
        return Err(e(arg_error("events", "events: given without records".to_owned())));
    }
    let s = SubjectCols {
        id: text(&subjects, "id", true).map_err(e)?,
        kind: text(&subjects, "kind", true).map_err(e)?,
        sector: text(&subjects, "sector", false).map_err(e)?,
        status: text(&subjects, "status", false).map_err(e)?,
        region: text(&subjects, "region", false).map_err(e)?,
        since: date(&subjects, "since", false).map_err(e)?,
        as_of: date(&subjects, "as_of", false).map_err(e)?,
    };
    if s.as_of.is_none() && o.as_of.is_none() {
        return Err(e(arg_error(
            "as_of",
            "as_of: give the date of the decisions (or an `as_of` column in subjects)".to_owned(),
        )));
    }
    let r = match &records {
        None => None,
        Some(t) => Some(RecordCols {
            id: text(t, "record", true).map_err(e)?,
            conduct: text(t, "conduct", true).map_err(e)?,
            decided_on: date(t, "decided_on", true).map_err(e)?,
            domain: text(t, "domain", false).map_err(e)?,
            severity: text(t, "severity", false).map_err(e)?,
            decided_by: text(t, "decided_by", false).map_err(e)?,
            list: text(t, "list", false).map_err(e)?,
            term: text(t, "term", false).map_err(e)?,
        }),
    };
    let ev = match &events {
        None => None,
        Some(t) => Some(EventCols {
            on: date(t, "on", true).map_err(e)?,
            kind: text(t, "type", true).map_err(e)?,
            extension: text(t, "extension", false).map_err(e)?,
            destination: text(t, "destination", false).map_err(e)?,
            note: text(t, "note", false).map_err(e)?,
        }),
    };
    let m = match &measures {
        None => None,
        Some(t) => Some(MeasureCols {
            measure: text(t, "measure", true).map_err(e)?,
            record: text(t, "record", true).map_err(e)?,
            by: text(t, "by", false).map_err(e)?,
            by_kind: text(t, "by_kind", false).map_err(e)?,
            voluntary: match column(t, "voluntary") {
                Some(c) => Some(BoolCol::read(c, "measures", "voluntary").map_err(e)?),
                None => None,
            },
            target: text(t, "target", false).map_err(e)?,
        }),
    };
    Ok(Plan {
        subjects,
        records,
        events,
        measures,
        key,
        s,
        r,
        e: ev,
        m,
        as_of_text: o.as_of.map(|d| d.format("%Y-%m-%d").to_string()),
        lang: o.lang,
        explain: o.explain,
    })
}

/// The errors table: the caller's key columns (from the table each error row points at, cast to
/// the subjects' key types), then table, row, code, path, message.
fn errors_batch(plan: &Plan, errors: &[ErrorRow]) -> Result<RecordBatch, Error> {
    let mut fields = Vec::new();
    let mut cols: Vec<ArrayRef> = Vec::new();
    let schema = plan.subjects.batch.schema();
    for k in &plan.key {
        let f = schema.field_with_name(k).map_err(|e| internal(e.to_string()))?;
        let mut pieces: Vec<ArrayRef> = Vec::with_capacity(errors.len());
        for er in errors {
            let input = match er.source {
                Source::Subjects => Some(&plan.subjects),
                Source::Records => plan.records.as_ref(),
                Source::Events => plan.events.as_ref(),
                Source::Measures => plan.measures.as_ref(),
            };
            let col = input
                .and_then(|i| i.batch.column_by_name(k))
                .ok_or_else(|| internal(format!("key column `{k}` vanished")))?;
            let one = col.slice(er.row, 1);
            let one = if one.data_type() == f.data_type() {
                one
            } else {
                arrow_cast::cast(&one, f.data_type()).map_err(|e| internal(e.to_string()))?
            };
            pieces.push(one);
        }
        let refs: Vec<&dyn Array> = pieces.iter().map(|a| a.as_ref()).collect();
        let col = if refs.is_empty() {
            arrow_array::new_empty_array(f.data_type())
        } else {
            arrow_select::concat::concat(&refs).map_err(|e| internal(e.to_string()))?
        };
        fields.push(f.clone().with_nullable(true));
        cols.push(col);
    }
    let mut table = StringBuilder::new();
    let mut row = Int64Builder::new();
    let mut code = StringBuilder::new();
    let mut path = StringBuilder::new();
    let mut message = StringBuilder::new();
    for er in errors {
        let info = credit_core::ffi::ErrorInfo::from(&er.error);
        table.append_value(er.source.name());
        row.append_value(i64::try_from(er.row).unwrap_or(i64::MAX));
        code.append_value(info.code);
        path.append_option(info.path.as_deref());
        message.append_value(&info.message);
    }
    fields.extend(error_fields());
    cols.push(Arc::new(table.finish()));
    cols.push(Arc::new(row.finish()));
    cols.push(Arc::new(code.finish()));
    cols.push(Arc::new(path.finish()));
    cols.push(Arc::new(message.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).map_err(|e| internal(e.to_string()))
}

/// An empty batch of a result table (when no subject was evaluated).
fn empty(input: &Input, key: &[String], fields: Vec<Field>) -> Result<RecordBatch, Error> {
    let cols: Vec<ArrayRef> = fields.iter().map(|f| arrow_array::new_empty_array(f.data_type())).collect();
    with_keys(input, key, &[], fields, cols)
}

/// A pyarrow table of the batches; each chunk built its own dictionaries, which are unified so
/// that joins, group-bys and `to_pandas` see one dictionary per column.
fn to_table(py: Python<'_>, batches: Vec<RecordBatch>, schema: SchemaRef) -> PyResult<Py<PyAny>> {
    let table = PyTable::try_new(batches, schema)?.into_pyarrow(py)?;
    Ok(table.call_method0("unify_dictionaries")?.unbind())
}

/// The progress reporter: a callable `(done, total)`, or a tqdm bar.
enum Progress<'py> {
    None,
    Callback(Bound<'py, PyAny>),
    Bar(Bound<'py, PyAny>),
}

impl<'py> Progress<'py> {
    fn new(py: Python<'py>, progress: Option<&Bound<'py, PyAny>>, total: usize) -> PyResult<Progress<'py>> {
        let Some(p) = progress else { return Ok(Progress::None) };
        if p.is_none() {
            return Ok(Progress::None);
        }
        if let Ok(b) = p.cast::<pyo3::types::PyBool>() {
            if !b.is_true() {
                return Ok(Progress::None);
            }
            let tqdm = py.import("tqdm.auto").map_err(|_| {
                to_py_err(
                    py,
                    &Error::argument(
                        ErrorCode::InvalidOptions,
                        "progress",
                        "progress=True needs the `tqdm` package; pass a callable (done, total) instead",
                    ),
                )
            })?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("total", total)?;
            kwargs.set_item("unit", "subject")?;
            return Ok(Progress::Bar(tqdm.getattr("tqdm")?.call((), Some(&kwargs))?));
        }
        if p.is_callable() {
            return Ok(Progress::Callback(p.clone()));
        }
        Err(to_py_err(
            py,
            &Error::argument(
                ErrorCode::InvalidOptions,
                "progress",
                "progress: expected None, True (tqdm) or a callable (done, total)",
            ),
        ))
    }
    fn step(&self, done: usize, n: usize, total: usize) -> PyResult<()> {
        match self {
            Progress::None => Ok(()),
            Progress::Callback(f) => f.call1((done, total)).map(|_| ()),
            Progress::Bar(b) => b.call_method1("update", (n,)).map(|_| ()),
        }
    }
    fn close(&self) -> PyResult<()> {
        if let Progress::Bar(b) = self {
            b.call_method0("close")?;
        }
        Ok(())
    }
}

/// `Engine.evaluate_table`: see the module documentation and the stub.
#[allow(clippy::too_many_arguments, reason = "the Python signature's arguments, read once here")]
pub(crate) fn evaluate_table(
    py: Python<'_>,
    engine: &credit_core::Engine,
    replicas: &Replicas,
    subjects: &Bound<'_, PyAny>,
    records: Option<&Bound<'_, PyAny>>,
    events: Option<&Bound<'_, PyAny>>,
    measures: Option<&Bound<'_, PyAny>>,
    key: &Bound<'_, PyAny>,
    options: Options,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<TableResult> {
    let key = read_key(py, key)?;
    let plan = build_plan(py, subjects, records, events, measures, key, &options)?;
    let (grouping, mut errors) = py.detach(|| group(&plan)).map_err(|e| to_py_err(py, &e))?;
    if options.strict {
        if let Some(first) = errors.first() {
            return Err(to_py_err(py, &first.error));
        }
    }
    let total = grouping.len();
    let progress = Progress::new(py, progress, total)?;
    let workers = options.workers.max(1);
    // One engine per worker thread: this one, and private copies of its policy data for the
    // others (threads sharing one engine's reference counts slow each other down).
    let engines = if workers > 1 { py.detach(|| replicas.engines(engine, workers)) } else { Vec::new() };
    let chunk = options.chunk_size.max(1);
    let mut parts: Vec<PartBatches> = Vec::new();
    if workers > 1 && total > 1 {
        let out = run_pooled(py, &plan, &grouping, &engines, chunk, options.strict, &progress);
        progress.close()?;
        parts = out?;
        if options.strict {
            if let Some(first) = parts.iter().find_map(|p| p.errors.first()) {
                return Err(to_py_err(py, &first.error));
            }
        }
    } else {
        // One worker: the calling thread, `chunk_size` subjects at a time without the GIL.
        let mut done = 0usize;
        for start in (0..total).step_by(chunk) {
            let rows = start..(start + chunk).min(total);
            let span = rows.len();
            let out = py.detach(|| run_part(&plan, engine, &grouping.groups(rows)));
            let out = out.map_err(|e| to_py_err(py, &e))?;
            if options.strict {
                if let Some(first) = out.errors.first() {
                    progress.close()?;
                    return Err(to_py_err(py, &first.error));
                }
            }
            parts.push(out);
            done += span;
            progress.step(done, span, total)?;
            py.check_signals()?;
        }
        progress.close()?;
    }
    // Results, in subject order.
    let e = |err: Error| to_py_err(py, &err);
    let explain = plan.explain;
    let mut sb = Vec::new();
    let mut rb = Vec::new();
    let mut mb = Vec::new();
    for p in parts {
        sb.push(p.subjects);
        rb.extend(p.records);
        mb.extend(p.measures);
        errors.extend(p.errors);
    }
    let s_schema = match sb.first() {
        Some(b) => b.schema(),
        None => {
            let b = empty(&plan.subjects, &plan.key, subject_fields(explain)).map_err(e)?;
            let s = b.schema();
            sb.push(b);
            s
        }
    };
    let table_of = |input: Option<&Input>, batches: Vec<RecordBatch>, fields: Vec<Field>| -> PyResult<Py<PyAny>> {
        let mut batches = batches;
        let schema = match (batches.first(), input) {
            (Some(b), _) => b.schema(),
            (None, Some(i)) => {
                let b = empty(i, &plan.key, fields).map_err(e)?;
                let s = b.schema();
                batches.push(b);
                s
            }
            (None, None) => {
                // No such input: an empty table with the subjects' key columns.
                let b = empty(&plan.subjects, &plan.key, fields).map_err(e)?;
                let s = b.schema();
                batches.push(b);
                s
            }
        };
        to_table(py, batches, schema)
    };
    let subjects = to_table(py, sb, s_schema)?;
    let records = table_of(plan.records.as_ref(), rb, record_fields(explain))?;
    let measures = table_of(plan.measures.as_ref(), mb, measure_fields(explain))?;
    // Error rows in input order: by table, then row.
    errors.sort_by_key(|er| (er.source as u8, er.row));
    let eb = errors_batch(&plan, &errors).map_err(e)?;
    let es = eb.schema();
    let errors = to_table(py, vec![eb], es)?;
    Ok(TableResult { subjects, records, measures, errors })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests may panic")]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_as_chrono_formats_them() {
        let mut days: Vec<i64> = (-800_000..3_000_000).step_by(97).collect();
        days.extend([-719_529, -719_528, -719_527, -1, 0, 1, 2_932_895, 2_932_896, 2_932_897, 11_016, 11_017]);
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for d in days {
            let mut text = String::new();
            write_days(d, &mut text).unwrap();
            let want = (epoch + chrono::TimeDelta::days(d)).format("%Y-%m-%d").to_string();
            assert_eq!(text, want, "day {d}");
        }
        assert!(write_days(i64::from(i32::MAX), &mut String::new()).is_err());
    }
}
