//! JSON text → `serde_json::Value`: nesting checked before any recursion, duplicate keys refused.

use super::MAX_DEPTH;
use crate::error::{Error, ErrorCode};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// Whether arrays and objects in `text` nest deeper than `max` (brackets inside strings do not
/// count). Linear, no recursion: it runs before the parser does.
pub(crate) fn nests_deeper_than(text: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

pub(crate) fn too_deep() -> Error {
    Error::case(
        ErrorCode::NestingTooDeep,
        "",
        format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"),
    )
    .with_help("a case is a few levels deep; deeper input is refused before it is read")
}

/// Parse JSON text into a value; see the module doc.
pub(crate) fn parse(text: &str) -> Result<Value, Error> {
    if nests_deeper_than(text.as_bytes(), MAX_DEPTH) {
        return Err(too_deep());
    }
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Checked { path: String::new(), duplicate: &duplicate }.deserialize(&mut de).and_then(|v| {
        de.end()?;
        Ok(v)
    });
    value.map_err(|e| match duplicate.into_inner() {
        Some((path, key)) => Error::case(
            ErrorCode::DuplicateKey,
            path,
            format!("duplicate key `{key}` (line {}, column {})", e.line(), e.column()),
        )
        .with_help("each key may appear once in an object"),
        // Everything else the parser reports is a syntax error or an early end of input.
        None => Error::case(ErrorCode::InvalidJson, "", format!("invalid JSON: {e}")),
    })
}

/// Builds a `Value`, refusing duplicate keys (their path is stored in `duplicate`).
struct Checked<'a> {
    path: String,
    duplicate: &'a RefCell<Option<(String, String)>>,
}

impl Checked<'_> {
    fn child(&self, segment: &str) -> Self {
        Checked { path: format!("{}{segment}", self.path), duplicate: self.duplicate }
    }
}

impl<'de> DeserializeSeed<'de> for Checked<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checked<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child(&format!("[{}]", out.len())))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let segment = if self.path.is_empty() { key.clone() } else { format!(".{key}") };
            let value = map.next_value_seed(self.child(&segment))?;
            if out.contains_key(&key) {
                let path = format!("{}{segment}", self.path);
                let message = format!("duplicate key `{key}`");
                *self.duplicate.borrow_mut() = Some((path, key));
                return Err(de::Error::custom(message));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}
