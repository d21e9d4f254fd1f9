//! JS values → the core's FFI layer (`credit_core::ffi`). The conversion looks one level deep at a
//! time, so the core's nesting limit applies before any recursion (no stack overflow, no trap).

use credit_core::ffi::{self, Arg, Native, NativeValue};
use credit_core::Error;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// A JS value seen by the core's walker.
pub(crate) struct JsNative(pub(crate) JsValue);

/// The type of a value JSON cannot carry, for messages.
fn type_name(v: &JsValue) -> String {
    if v.is_instance_of::<js_sys::Date>() {
        return "Date".to_owned();
    }
    if v.is_instance_of::<js_sys::Map>() {
        return "Map".to_owned();
    }
    if v.is_instance_of::<js_sys::Set>() {
        return "Set".to_owned();
    }
    v.js_typeof().as_string().unwrap_or_else(|| "unknown".to_owned())
}

/// Whether `v` is an object JSON can carry: a plain object (or one with a `null` prototype).
fn plain_object(v: &JsValue) -> bool {
    if !v.is_object() || v.is_function() {
        return false;
    }
    let proto = js_sys::Object::get_prototype_of(v);
    proto.is_null() || js_sys::Object::get_prototype_of(&proto).is_null()
}

impl NativeValue for JsNative {
    fn read(&self) -> Result<Native<Self>, String> {
        let v = &self.0;
        if v.is_null() || v.is_undefined() {
            return Ok(Native::Null);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Native::Bool(b));
        }
        if let Some(f) = v.as_f64() {
            return Ok(Native::Float(f));
        }
        if let Some(s) = v.as_string() {
            return Ok(Native::Str(s));
        }
        if js_sys::Array::is_array(v) {
            let items = js_sys::Array::from(v).iter().map(JsNative).collect();
            return Ok(Native::Seq(items));
        }
        if plain_object(v) {
            let obj: &js_sys::Object = v.unchecked_ref();
            let mut entries = Vec::new();
            for key in js_sys::Object::keys(obj).iter() {
                let Some(k) = key.as_string() else { continue };
                let value = js_sys::Reflect::get(obj, &key).map_err(|_| format!("reading `{k}` threw"))?;
                // `undefined` members are left out, as JSON.stringify does.
                if !value.is_undefined() {
                    entries.push((Ok(k), JsNative(value)));
                }
            }
            return Ok(Native::Map(entries));
        }
        Ok(Native::Unsupported(type_name(v)))
    }
}

/// Any JS value as a JSON value (nesting, `NaN` and types checked by the core).
pub(crate) fn value(v: &JsValue) -> Result<Value, Error> {
    ffi::value_from_native(&JsNative(v.clone()))
}

/// Run `f` on an argument as the core reads it.
pub(crate) fn with_arg<R>(v: &JsValue, f: impl FnOnce(&Arg<'_>) -> R) -> R {
    if v.is_undefined() {
        return f(&Arg::Absent);
    }
    if v.is_null() {
        return f(&Arg::Null);
    }
    if let Some(b) = v.as_bool() {
        return f(&Arg::Bool(b));
    }
    if let Some(x) = v.as_f64() {
        return f(&Arg::Float(x));
    }
    if let Some(s) = v.as_string() {
        return f(&Arg::Str(&s));
    }
    if js_sys::Array::is_array(v) {
        return f(&Arg::Other("array"));
    }
    let name = type_name(v);
    f(&Arg::Other(&name))
}
