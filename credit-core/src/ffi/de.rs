//! A deserializer over `serde_json::Value` whose error type records *what* went wrong
//! ([`ErrorCode`]) from the structure serde reports (`invalid_type`, `unknown_field`,
//! `missing_field`, ...), so no message text is ever matched to classify an error.

use crate::error::{Error, ErrorCode};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::Value;
use std::fmt;

/// The error of [`De`]: a code, a message, for a missing field the field's name, and the path
/// from the value read to where it went wrong, innermost segment first (each map and sequence
/// adds its segment as the error passes up through it).
#[derive(Debug)]
pub(crate) struct FieldError {
    code: ErrorCode,
    message: String,
    missing: Option<&'static str>,
    path: Vec<Segment>,
}

/// One step of a path: a map key or a sequence index.
#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl FieldError {
    fn new(code: ErrorCode, message: String) -> Self {
        FieldError { code, message, missing: None, path: Vec::new() }
    }
    fn at(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }
    /// The path as the contract writes it: `records[2].events[0].on` (empty at the root).
    fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(k) if out.is_empty() => out.push_str(k),
                Segment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// A value as an error message shows it (cut and masked later, when the `Error` is built).
fn describe(u: &Unexpected<'_>) -> String {
    match u {
        Unexpected::Str(s) => format!("the string `{s}`"),
        Unexpected::Unsigned(n) => format!("the integer `{n}`"),
        Unexpected::Signed(n) => format!("the integer `{n}`"),
        Unexpected::Float(n) => format!("the number `{}`", super::args::float_text(*n)),
        Unexpected::Bool(b) => format!("the boolean `{b}`"),
        Unexpected::Unit => "null".to_owned(),
        Unexpected::Seq => "an array".to_owned(),
        Unexpected::Map => "an object".to_owned(),
        // serde's own words for the shapes this reader never produces (as its `Display` writes
        // them; spelled out so that its float formatting stays out of the browser module).
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Bytes(_) => "byte array".to_owned(),
        Unexpected::Option => "Option value".to_owned(),
        Unexpected::NewtypeStruct => "newtype struct".to_owned(),
        Unexpected::Enum => "enum".to_owned(),
        Unexpected::UnitVariant => "unit variant".to_owned(),
        Unexpected::NewtypeVariant => "newtype variant".to_owned(),
        Unexpected::TupleVariant => "tuple variant".to_owned(),
        Unexpected::StructVariant => "struct variant".to_owned(),
        Unexpected::Other(other) => (*other).to_owned(),
    }
}

/// serde's names of Rust shapes in the words of the JSON contract.
fn in_json_words(exp: &dyn de::Expected) -> String {
    let exp = exp.to_string();
    if exp.starts_with("struct ") {
        "an object".to_owned()
    } else if exp.starts_with("enum ") {
        "a string".to_owned()
    } else if exp == "a sequence" {
        "an array".to_owned()
    } else {
        exp
    }
}

fn one_of(expected: &'static [&'static str]) -> String {
    if expected.is_empty() {
        return "there are none".to_owned();
    }
    let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
    format!("expected one of {}", list.join(", "))
}

impl de::Error for FieldError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FieldError::new(ErrorCode::InvalidValue, msg.to_string())
    }
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        FieldError::new(ErrorCode::WrongType, format!("expected {}, got {}", in_json_words(exp), describe(&unexp)))
    }
    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let expected = exp.to_string();
        let code =
            if expected == crate::vocab::DATE_EXPECTED { ErrorCode::InvalidDate } else { ErrorCode::InvalidValue };
        FieldError::new(code, format!("expected {expected}, got {}", describe(&unexp)))
    }
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        FieldError::new(ErrorCode::InvalidValue, format!("expected {exp}, got {len} element(s)"))
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        FieldError::new(ErrorCode::UnknownValue, format!("unknown value `{variant}`, {}", one_of(expected)))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        FieldError::new(ErrorCode::UnknownField, format!("unknown field `{field}`, {}", one_of(expected)))
    }
    fn missing_field(field: &'static str) -> Self {
        FieldError {
            code: ErrorCode::MissingField,
            message: format!("missing field `{field}`"),
            missing: Some(field),
            path: Vec::new(),
        }
    }
    fn duplicate_field(field: &'static str) -> Self {
        FieldError::new(ErrorCode::DuplicateKey, format!("duplicate field `{field}`"))
    }
}

/// The deserializer: a JSON value, owned.
pub(crate) struct De(pub(crate) Value);

impl<'de> IntoDeserializer<'de, FieldError> for De {
    type Deserializer = De;
    fn into_deserializer(self) -> De {
        self
    }
}

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl<'de> de::Deserializer<'de> for De {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(a) => {
                let mut seq = Seq { items: a.into_iter(), index: 0 };
                let out = visitor.visit_seq(&mut seq)?;
                let left = seq.items.len();
                if left > 0 {
                    return Err(de::Error::invalid_length(seq.index + left, &"fewer elements in sequence"));
                }
                Ok(out)
            }
            Value::Object(m) => visitor.visit_map(Map { entries: m.into_iter(), value: None }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(De(other)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    /// Structs are JSON objects only: an array is never read positionally.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The entries of a JSON object, each value read with its key on the path of its errors (an
/// unknown key's error names the key too).
struct Map {
    entries: serde_json::map::IntoIter,
    value: Option<(String, Value)>,
}

impl<'de> MapAccess<'de> for Map {
    type Error = FieldError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FieldError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let read = seed.deserialize(de::value::StrDeserializer::<FieldError>::new(&key));
        match read {
            Ok(k) => {
                self.value = Some((key, value));
                Ok(Some(k))
            }
            Err(e) => Err(e.at(Segment::Key(key))),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FieldError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| FieldError::new(ErrorCode::WrongType, "a map value was read before its key".into()))?;
        seed.deserialize(De(value)).map_err(|e| e.at(Segment::Key(key)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The elements of a JSON array, each read with its index on the path of its errors.
struct Seq {
    items: std::vec::IntoIter<Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Seq {
    type Error = FieldError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, FieldError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        seed.deserialize(De(item)).map(Some).map_err(|e| e.at(Segment::Index(index)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// Read a `T` from a value, naming the path of the first problem (`records[2].events[0].on`).
pub(crate) fn read<T: de::DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(De(value)).map_err(|inner: FieldError| {
        let path = inner.path();
        // A missing field is reported at its parent; name the field in the path too.
        let path = match inner.missing {
            Some(field) if path.is_empty() => field.to_owned(),
            Some(field) => format!("{path}.{field}"),
            None => path,
        };
        Error::case(inner.code, path, inner.message)
    })
}
