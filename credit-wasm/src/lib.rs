//! WebAssembly binding of the credit engine (wasm-bindgen).
//!
//! Exports `validateUscc`, `validateResidentId` (plain objects `{kind, valid, error, findings}`)
//! and the class `Engine` (evaluation with `options.lang`, cross-jurisdiction `compare`,
//! `seriousRatio`, calendar, catalogue). `Engine.national({strict, calendarYears})` chooses the
//! calendar mode (years without a State Council notice projected and marked provisional, or a
//! `calendar_coverage` error) and loads calendar year files given as `{name, content}`;
//! `calendarYears()` lists each year as published or projected.
//! Errors are thrown as JS `Error` objects carrying `code`, `kind`, `path`, `message` and `help`.
//! The binding holds no rules and never panics across the boundary.

use serde::Serialize;
use wasm_bindgen::prelude::*;

mod engine;
pub use engine::Engine;

/// Serialise to a plain JS value: objects (not `Map`s), `null` for `None`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("internal", "serialization_failed", None, &e.to_string(), None))
}

/// A JS `Error` with `code`, `kind`, `path` and `help` properties (`null` when absent).
pub(crate) fn js_error(kind: &str, code: &str, path: Option<&str>, message: &str, help: Option<&str>) -> JsValue {
    let error = js_sys::Error::new(message);
    let set = |key: &str, value: JsValue| {
        // Reflect.set on a fresh Error object cannot fail; ignore the impossible error.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    let opt = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from_str);
    set("code", JsValue::from_str(code));
    set("kind", JsValue::from_str(kind));
    set("path", opt(path));
    set("help", opt(help));
    error.into()
}

/// A JS `Error` for an engine error; policy errors also carry `diagnostics` (array of objects).
pub(crate) fn core_error(e: &credit_core::Error) -> JsValue {
    let error = js_error(e.kind().as_str(), e.code(), e.path(), e.message(), e.help());
    let diagnostics = to_js(e.diagnostics()).unwrap_or_else(|_| js_sys::Array::new().into());
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("diagnostics"), &diagnostics);
    error
}

/// Validate a unified social credit code (统一社会信用代码). Returns
/// `{kind: "uscc", valid, error: null | {code, position, message}, findings: [...]}`.
#[wasm_bindgen(js_name = validateUscc)]
pub fn validate_uscc(s: &str) -> Result<JsValue, JsValue> {
    to_js(&credit_core::id::validate_uscc(s))
}

/// Today's civil date in the JS host's local time zone (`SystemTime::now` panics on
/// wasm32-unknown-unknown, so the resident-id birth-date check gets "today" from JS).
fn today() -> Option<chrono::NaiveDate> {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        i32::try_from(now.get_full_year()).ok()?,
        now.get_month().checked_add(1)?,
        now.get_date(),
    )
}

/// Validate a resident identity number (公民身份号码). Same result shape as `validateUscc`.
/// A birth date after today (the host's local date) is an error.
#[wasm_bindgen(js_name = validateResidentId)]
pub fn validate_resident_id(s: &str) -> Result<JsValue, JsValue> {
    let today = today()
        .ok_or_else(|| js_error("internal", "no_clock", None, "cannot read today's date from the JS host", None))?;
    to_js(&credit_core::id::validate_resident_id_on(s, today))
}
