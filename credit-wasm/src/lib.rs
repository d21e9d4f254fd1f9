//! WebAssembly binding of the credit engine (wasm-bindgen).
//!
//! Exports `validateUscc`, `validateResidentId` (plain objects `{kind, valid, error, findings}`)
//! and the class `Engine` (evaluation with `options.lang`, cross-jurisdiction `compare`,
//! `seriousRatio`, calendar, catalogue). `Engine.national({strict, calendarYears})` chooses the
//! calendar mode (years without a State Council notice projected and marked provisional, or a
//! `calendar_coverage` error) and loads calendar year files given as `{name, content}`;
//! `calendarYears()` lists each year as published or projected.
//! Errors are thrown as JS `Error` objects carrying `code`, `kind`, `path`, `message`, `help` and
//! `diagnostics`, mapped from the core's `ErrorInfo`. Every input (cases, dates, counts, languages,
//! modes, ids, files) is read by the core's FFI layer (`credit_core::ffi`): arguments are `JsValue`s
//! type- and range-checked there, so a wrong type throws a coded error instead of trapping, and the
//! module stays usable after any error. Date arguments are `"YYYY-MM-DD"` strings; a JS `Date` is
//! refused (`wrong_type`): its calendar day depends on the time zone. The binding holds no rules
//! and never panics across the boundary.

use credit_core::ffi::ErrorInfo;
use credit_core::{Error, ErrorCode, ErrorKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod engine;
mod input;
mod measure;
mod types;
pub use engine::Engine;

/// Serialise to a plain JS value: objects (not `Map`s), `null` for `None`. The value crosses as
/// JSON text read by `JSON.parse`: one string per result instead of one boundary call per field
/// (faster for a decision), and the bundle carries one serializer (serde_json's) instead of two.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let internal = |message: String| core_error(&Error::new(ErrorKind::Internal, ErrorCode::Internal, message));
    let text = serde_json::to_string(value).map_err(|e| internal(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| internal("the result is not valid JSON".to_owned()))
}

/// A JS `Error` for an engine error (through the core's flat `ErrorInfo`): `kind`, `code`, `path`,
/// `message`, `help` (`null` when absent) and `diagnostics` (an array, empty unless a policy error).
pub(crate) fn core_error(e: &Error) -> JsValue {
    let info = ErrorInfo::from(e);
    let error = js_sys::Error::new(&info.message);
    let set = |key: &str, value: JsValue| {
        // Reflect.set on a fresh Error object cannot fail; ignore the impossible error.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    let opt = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from_str);
    set("code", JsValue::from_str(info.code));
    set("kind", JsValue::from_str(info.kind));
    set("path", opt(info.path.as_deref()));
    set("help", opt(info.help.as_deref()));
    let diagnostics = serde_json::to_string(&info.diagnostics)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or_else(|| js_sys::Array::new().into());
    set("diagnostics", diagnostics);
    error.into()
}

/// A string argument, or a coded `wrong_type` error.
fn string_arg(v: &JsValue, name: &str) -> Result<String, JsValue> {
    input::with_arg(v, |a| credit_core::ffi::string(a, name).map(str::to_owned)).map_err(|e| core_error(&e))
}

/// Validate a unified social credit code (统一社会信用代码). Returns
/// `{kind: "uscc", valid, error: null | {code, position, message}, findings: [...]}`.
#[wasm_bindgen(js_name = validateUscc, unchecked_return_type = "IdCheck")]
pub fn validate_uscc(#[wasm_bindgen(unchecked_param_type = "string")] s: JsValue) -> Result<JsValue, JsValue> {
    to_js(&credit_core::id::validate_uscc(&string_arg(&s, "s")?))
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
#[wasm_bindgen(js_name = validateResidentId, unchecked_return_type = "IdCheck")]
pub fn validate_resident_id(#[wasm_bindgen(unchecked_param_type = "string")] s: JsValue) -> Result<JsValue, JsValue> {
    let s = string_arg(&s, "s")?;
    let today = today().ok_or_else(|| {
        core_error(&Error::new(ErrorKind::Internal, ErrorCode::Internal, "cannot read today's date from the JS host"))
    })?;
    to_js(&credit_core::id::validate_resident_id_on(&s, today))
}
