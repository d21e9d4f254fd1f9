//! `engine.checkMeasure(input)`: one proposed-measure check through the dense tables of
//! `credit_core::measure_table`, for a form that asks one question at a time (the intake page's
//! live verdict).
//!
//! The input is a plain object with the snake_case keys of the case contract (the keyword
//! arguments of Python's `Engine.check_measure`): `measure, conduct, decided_on, as_of, status,
//! subject_kind` and optionally `severity, list, target, by_kind, voluntary, notified, events`.
//! Each value is read by the core (`credit_core::ffi::measure::measure_facts`), so a bad one is
//! refused with the code Python and `evaluate` give; a key that is none of these is
//! `unknown_field`, an input that is not an object `not_an_object`. The tables are compiled once
//! per `as_of` and kept in the engine (the [`CACHED`] most recently used dates).
//!
//! The answer `{measure, verdict, allowed, failed, failed_rules, rules}` (`MeasureCheckResult`) is built as a JS
//! object directly (property names and check names are JS strings made once), which is faster
//! than JSON text for an object this small (see `BENCHMARKS.md`).

use std::cell::RefCell;
use std::rc::Rc;

use credit_core::ffi::measure::{measure_facts, EventsArg, MeasureCheckInput, MEASURE_CHECK_KEYS};
use credit_core::ffi::{self, Arg};
use credit_core::measure_table::{MeasureChecks, CHECKS};
use credit_core::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core_error;
use crate::engine::Engine;

/// How many `as_of` dates an engine keeps compiled tables for (the least recently used goes
/// first). A table is a few kilobytes; compiling one costs about as much as one `evaluate`.
pub(crate) const CACHED: usize = 8;

/// The compiled tables of the last few `as_of` dates (the most recently used last).
#[derive(Default)]
pub(crate) struct TableCache {
    slots: RefCell<Vec<Rc<MeasureChecks>>>,
}

impl TableCache {
    fn get(&self, engine: &credit_core::Engine, as_of: chrono::NaiveDate) -> Result<Rc<MeasureChecks>, Error> {
        {
            let mut slots = self.slots.borrow_mut();
            if let Some(i) = slots.iter().rposition(|t| t.as_of() == as_of) {
                if let Some(tail) = slots.get_mut(i..) {
                    tail.rotate_left(1);
                }
                if let Some(t) = slots.last() {
                    return Ok(Rc::clone(t));
                }
            }
        }
        let table = Rc::new(MeasureChecks::compile(engine, as_of)?);
        let mut slots = self.slots.borrow_mut();
        if slots.len() >= CACHED {
            slots.remove(0);
        }
        slots.push(Rc::clone(&table));
        Ok(table)
    }
}

/// An argument read out of JS (owned, so that [`Arg`]s can borrow it).
enum Own {
    Absent,
    Null,
    Bool(bool),
    Float(f64),
    Str(String),
    Other(String),
}

impl Own {
    fn read(v: &JsValue) -> Own {
        if v.is_undefined() {
            Own::Absent
        } else if v.is_null() {
            Own::Null
        } else if let Some(b) = v.as_bool() {
            Own::Bool(b)
        } else if let Some(x) = v.as_f64() {
            Own::Float(x)
        } else if let Some(s) = v.as_string() {
            Own::Str(s)
        } else if js_sys::Array::is_array(v) {
            Own::Other("array".to_owned())
        } else {
            Own::Other(v.js_typeof().as_string().unwrap_or_else(|| "unknown".to_owned()))
        }
    }

    fn arg(&self) -> Arg<'_> {
        match self {
            Own::Absent => Arg::Absent,
            Own::Null => Arg::Null,
            Own::Bool(b) => Arg::Bool(*b),
            Own::Float(x) => Arg::Float(*x),
            Own::Str(s) => Arg::Str(s),
            Own::Other(t) => Arg::Other(t),
        }
    }
}

/// JS strings made once per module instance: the input keys, the result's keys, the verdicts
/// and the check names (in `CHECKS` order).
struct Names {
    keys: Vec<JsValue>,
    measure: JsValue,
    verdict: JsValue,
    allowed_key: JsValue,
    failed: JsValue,
    failed_rules: JsValue,
    rules: JsValue,
    allowed: JsValue,
    refused: JsValue,
    checks: Vec<JsValue>,
}

thread_local! {
    static NAMES: Names = Names {
        keys: MEASURE_CHECK_KEYS.iter().map(|k| JsValue::from_str(k)).collect(),
        measure: JsValue::from_str("measure"),
        verdict: JsValue::from_str("verdict"),
        allowed_key: JsValue::from_str("allowed"),
        failed: JsValue::from_str("failed"),
        failed_rules: JsValue::from_str("failed_rules"),
        rules: JsValue::from_str("rules"),
        allowed: JsValue::from_str("allowed"),
        refused: JsValue::from_str("refused"),
        checks: CHECKS
            .iter()
            .map(|c| match serde_json::to_value(c) {
                Ok(serde_json::Value::String(s)) => JsValue::from_str(&s),
                _ => JsValue::from_str(&format!("{c:?}")),
            })
            .collect(),
    };
}

fn js<T>(r: Result<T, Error>) -> Result<T, JsValue> {
    r.map_err(|e| core_error(&e))
}

/// The first key of `input` that is not an input key (`unknown_field`), if any.
fn unknown_key(input: &js_sys::Object) -> Option<String> {
    js_sys::Object::keys(input).iter().filter_map(|k| k.as_string()).find(|k| !MEASURE_CHECK_KEYS.contains(&k.as_str()))
}

#[wasm_bindgen]
impl Engine {
    /// One proposed-measure check, as `evaluate` would decide it for a record with these facts:
    /// `{measure, verdict, allowed, failed, failed_rules, rules}` (`failed_rules[i]`: the rule
    /// `failed[i]` cites). `input` has the snake_case keys of the case
    /// contract: `measure`, `conduct`, `decided_on`, `as_of`, `status` (the record's evaluated
    /// status), `subject_kind`, and optionally `severity` (default: the conduct's), `list`,
    /// `target`, `by_kind`, `voluntary`, `notified` (a `notified` event on or before the
    /// decision) and `events` (the event types on the record on or before `as_of`).
    #[wasm_bindgen(js_name = checkMeasure, unchecked_return_type = "MeasureCheckResult")]
    pub fn check_measure(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeasureCheckInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !input.is_object() || js_sys::Array::is_array(&input) || input.is_function() {
            let got = match Own::read(&input) {
                Own::Absent => "nothing".to_owned(),
                Own::Null => "null".to_owned(),
                Own::Bool(_) => "a boolean".to_owned(),
                Own::Float(_) => "a number".to_owned(),
                Own::Str(_) => "a string".to_owned(),
                Own::Other(t) => format!("a value of type `{t}`"),
            };
            return Err(core_error(&Error::argument(
                ErrorCode::NotAnObject,
                "input",
                format!("checkMeasure: expected an object {{measure, conduct, decided_on, as_of, status, subject_kind, ...}}, got {got}"),
            )));
        }
        let obj: &js_sys::Object = input.unchecked_ref();
        // Read every key once (undefined when absent); count those given.
        let (values, given) = NAMES.with(|n| {
            let mut given = 0u32;
            let values: Vec<JsValue> = n
                .keys
                .iter()
                .map(|k| {
                    let v = js_sys::Reflect::get(obj, k).unwrap_or(JsValue::UNDEFINED);
                    if !v.is_undefined() {
                        given += 1;
                    }
                    v
                })
                .collect();
            (values, given)
        });
        if js_sys::Object::keys(obj).length() > given {
            if let Some(k) = unknown_key(obj) {
                return Err(core_error(&Error::argument(
                    ErrorCode::UnknownField,
                    k.clone(),
                    format!("checkMeasure: unknown field `{k}`, expected one of {}", MEASURE_CHECK_KEYS.join(", ")),
                )));
            }
        }
        let own: Vec<Own> = values.iter().map(Own::read).collect();
        let at = |i: usize| own.get(i).map_or(Arg::Absent, Own::arg);
        let as_of = js(ffi::date(&at(0), "as_of"))?;
        let table = js(self.tables.get(&self.inner, as_of))?;
        let events_value = values.get(12).cloned().unwrap_or(JsValue::UNDEFINED);
        let event_items: Option<Vec<Own>> = js_sys::Array::is_array(&events_value)
            .then(|| js_sys::Array::from(&events_value).iter().map(|v| Own::read(&v)).collect());
        let events = match &event_items {
            Some(items) => EventsArg::List(items.iter().map(Own::arg).collect()),
            None => EventsArg::Other(at(12)),
        };
        let facts = js(measure_facts(
            &table,
            &MeasureCheckInput {
                decided_on: at(1),
                measure: at(2),
                conduct: at(3),
                list: at(4),
                severity: at(5),
                status: at(6),
                subject_kind: at(7),
                target: at(8),
                by_kind: at(9),
                voluntary: at(10),
                notified: at(11),
                events,
            },
        ))?;
        let outcome = table.check(&facts);
        let measure = table.measure_ids().get(facts.measure as usize).map_or("", String::as_str);
        let out = js_sys::Object::new();
        NAMES.with(|n| {
            let set = |k: &JsValue, v: &JsValue| {
                // Reflect.set on a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&out, k, v);
            };
            let failed = js_sys::Array::new();
            let failed_rules = js_sys::Array::new();
            for c in outcome.failed() {
                if let Some(name) = CHECKS.iter().position(|x| *x == c).and_then(|i| n.checks.get(i)) {
                    failed.push(name);
                    failed_rules.push(&JsValue::from_str(table.check_rule(&facts, c)));
                }
            }
            let rules = js_sys::Array::new();
            for r in table.rules(&facts, outcome) {
                rules.push(&JsValue::from_str(&r));
            }
            set(&n.measure, &JsValue::from_str(measure));
            set(&n.verdict, if outcome.allowed() { &n.allowed } else { &n.refused });
            set(&n.allowed_key, &JsValue::from_bool(outcome.allowed()));
            set(&n.failed, &failed);
            set(&n.failed_rules, &failed_rules);
            set(&n.rules, &rules);
        });
        Ok(out.into())
    }
}
