//! A binding's own values (Python objects, JS values) → `serde_json::Value`, with the same limits
//! as JSON text: nesting checked before going deeper, `NaN` and infinities refused, keys strings.

use super::MAX_DEPTH;
use crate::error::{Error, ErrorCode};
use serde_json::{Map, Value};

/// One value of a binding's host language, seen one level deep.
pub enum Native<T> {
    /// `None` / `null` (`undefined` object members are left out by the binding).
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer above `i64::MAX`.
    UInt(u64),
    /// A float (a JS number is always one; whole numbers become integers).
    Float(f64),
    /// A string.
    Str(String),
    /// A list, tuple or array.
    Seq(Vec<T>),
    /// A dict or object: `(key, value)` pairs; a key that is not a string is `Err(type name)`.
    Map(Vec<(Result<String, String>, T)>),
    /// Anything else: its type name (`datetime`, `Date`, `function`, `int (too large)`, ...).
    Unsupported(String),
}

/// A host value a binding can look into one level at a time.
pub trait NativeValue: Sized {
    /// This value, one level deep; `Err(message)` when the host failed to read it.
    fn read(&self) -> Result<Native<Self>, String>;
}

/// Convert a host value into a JSON value (see the module doc); errors name the field path.
pub fn value_from_native<T: NativeValue>(root: &T) -> Result<Value, Error> {
    let mut path = String::new();
    walk(root, 1, &mut path)
}

fn walk<T: NativeValue>(v: &T, depth: usize, path: &mut String) -> Result<Value, Error> {
    let native = v
        .read()
        .map_err(|m| Error::case(ErrorCode::WrongType, path.as_str(), format!("cannot read the value: {m}")))?;
    Ok(match native {
        Native::Null => Value::Null,
        Native::Bool(b) => Value::Bool(b),
        Native::Int(i) => Value::from(i),
        Native::UInt(u) => Value::from(u),
        Native::Float(f) => number(f, path)?,
        Native::Str(s) => Value::String(s),
        Native::Unsupported(t) => {
            return Err(Error::case(
                ErrorCode::WrongType,
                path.as_str(),
                format!("a value of type `{t}` is not JSON-like (expected null, a boolean, a number, a string, a list or an object)"),
            ))
        }
        Native::Seq(items) => {
            if depth > MAX_DEPTH {
                return Err(super::json::too_deep());
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(walk(item, depth + 1, path)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        Native::Map(entries) => {
            if depth > MAX_DEPTH {
                return Err(super::json::too_deep());
            }
            let mut out = Map::new();
            for (key, item) in &entries {
                let key = key.as_ref().map_err(|t| {
                    Error::case(ErrorCode::WrongType, path.as_str(), format!("object keys must be strings, got a `{t}`"))
                })?;
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if out.contains_key(key) {
                    return Err(Error::case(ErrorCode::DuplicateKey, path.as_str(), format!("duplicate key `{key}`")));
                }
                let value = walk(item, depth + 1, path)?;
                path.truncate(len);
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
    })
}

/// A float as a JSON number: whole numbers (a JS `1`) become integers; `NaN` and infinities are
/// refused.
fn number(f: f64, path: &str) -> Result<Value, Error> {
    if !f.is_finite() {
        return Err(Error::case(
            ErrorCode::NotANumber,
            path,
            format!("`{}` is not a number JSON can carry", super::args::float_text(f)),
        )
        .with_help("give a missing value as null (None) or leave the field out"));
    }
    Ok(super::whole(f).map_or_else(|| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number), Value::from))
}
