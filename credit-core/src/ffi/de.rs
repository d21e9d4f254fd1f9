//! The one reader of the FFI layer: a serde `Deserializer` over any [`Tree`] (a
//! `serde_json::Value`, a binding's own columns, ...), whose error type records *what* went wrong
//! ([`ErrorCode`]) from the structure serde reports (`invalid_type`, `unknown_field`,
//! `missing_field`, ...), so no message text is ever matched to classify an error, and *where*:
//! each map and sequence adds its key or index to the path of an error passing up through it.

use super::MAX_DEPTH;
use crate::error::{Error, ErrorCode};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::Value;
use std::fmt;

/// An input the FFI reader can read: a handle on one node of a JSON-like tree, looked into one
/// level at a time ([`Tree::node`]). Implemented for `serde_json::Value` (owned: its strings are
/// moved into the case, not copied); a binding implements it over its own storage (the columnar
/// API over Arrow cells) so that a case is read from it directly, with the same accepted and
/// refused inputs, error codes and field paths as every other way in ([`super::case_from_tree`]).
///
/// The keys of one map must be distinct (as in a JSON object read by [`super::value_from_json`]):
/// the reader does not look for repeated keys, serde reports a repeated field as `duplicate_key`
/// without the key on the path. Entries are read in the order the tree gives them, and the first
/// problem met is the one reported: a tree that should report the same error as the same value
/// written as JSON gives map entries in the order of a `serde_json::Map` (sorted by key).
pub trait Tree<'a>: Sized {
    /// A key of a map entry (`String` or `&'static str`, ...).
    type Key: AsRef<str> + Into<String>;
    /// The elements of a sequence, in order.
    type Items: ExactSizeIterator<Item = Self>;
    /// The entries of a map, `(key, value)`.
    type Entries: Iterator<Item = (Self::Key, Self)>;
    /// This node, one level deep.
    fn node(self) -> Node<'a, Self>;
}

/// One node of a [`Tree`], seen one level deep.
pub enum Node<'a, T: Tree<'a>> {
    /// `null` (a missing value: an optional field reads it as absent).
    Null,
    /// A boolean.
    Bool(bool),
    /// A negative integer (a non-negative one is a [`Node::UInt`], as in `serde_json`).
    Int(i64),
    /// A non-negative integer.
    UInt(u64),
    /// A number that is not an integer; `NaN` and infinities are refused (`not_a_number`).
    Float(f64),
    /// A string borrowed from the tree: handed to serde as borrowed text, copied only where the
    /// target owns its text (a `String` field).
    Str(&'a str),
    /// A string owned by the tree: moved into a `String` field, not copied.
    String(String),
    /// An array.
    Seq(T::Items),
    /// An object.
    Map(T::Entries),
}

impl<'a, T: Tree<'a>> Node<'a, T> {
    /// The node as messages name it: `null`, `a boolean`, `a number`, `a string`, `an array`,
    /// `an object`.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::UInt(_) | Node::Float(_) => "a number",
            Node::Str(_) | Node::String(_) => "a string",
            Node::Seq(_) => "an array",
            Node::Map(_) => "an object",
        }
    }
}

/// A `serde_json::Value` is read in place: numbers as [`Node::UInt`] when they fit a `u64`, else
/// [`Node::Int`], else [`Node::Float`]; strings moved out ([`Node::String`]).
impl<'a> Tree<'a> for Value {
    type Key = String;
    type Items = std::vec::IntoIter<Value>;
    type Entries = serde_json::map::IntoIter;
    fn node(self) -> Node<'a, Value> {
        match self {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Node::UInt(u),
                (None, Some(i)) => Node::Int(i),
                _ => Node::Float(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => Node::String(s),
            Value::Array(a) => Node::Seq(a.into_iter()),
            Value::Object(m) => Node::Map(m.into_iter()),
        }
    }
}

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

/// The deserializer: one node of a tree and its depth (the root is 1).
pub(crate) struct De<'a, T: Tree<'a>> {
    node: Node<'a, T>,
    depth: usize,
}

impl<'a, T: Tree<'a>> De<'a, T> {
    /// The reader of the child node `t` at `depth` (made once per tree type, not per target).
    #[inline(never)]
    fn child(t: T, depth: usize) -> Result<Self, FieldError> {
        De::new(t.node(), depth)
    }

    /// The reader of `node` at `depth`: an array or object deeper than [`MAX_DEPTH`] is refused
    /// (`nesting_too_deep`), and so are `NaN` and infinities (`not_a_number`).
    fn new(node: Node<'a, T>, depth: usize) -> Result<Self, FieldError> {
        match node {
            Node::Seq(_) | Node::Map(_) if depth > MAX_DEPTH => Err(FieldError::new(
                ErrorCode::NestingTooDeep,
                format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"),
            )),
            Node::Float(f) if !f.is_finite() => Err(FieldError::new(
                ErrorCode::NotANumber,
                format!("`{}` is not a number JSON can carry", super::args::float_text(f)),
            )),
            node => Ok(De { node, depth }),
        }
    }
}

fn unexpected<'n, 'a, T: Tree<'a>>(node: &'n Node<'a, T>) -> Unexpected<'n> {
    match node {
        Node::Null => Unexpected::Unit,
        Node::Bool(b) => Unexpected::Bool(*b),
        Node::Int(i) => Unexpected::Signed(*i),
        Node::UInt(u) => Unexpected::Unsigned(*u),
        Node::Float(f) => Unexpected::Float(*f),
        Node::Str(s) => Unexpected::Str(s),
        Node::String(s) => Unexpected::Str(s),
        Node::Seq(_) => Unexpected::Seq,
        Node::Map(_) => Unexpected::Map,
    }
}

impl<'de, T: Tree<'de>> de::Deserializer<'de> for De<'de, T> {
    type Error = FieldError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.node {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Int(i) => visitor.visit_i64(i),
            Node::UInt(u) => visitor.visit_u64(u),
            Node::Float(f) => visitor.visit_f64(f),
            Node::Str(s) => visitor.visit_borrowed_str(s),
            Node::String(s) => visitor.visit_string(s),
            Node::Seq(items) => visit_items::<T, V>(items, self.depth, visitor),
            Node::Map(entries) => visitor.visit_map(Map::<T> { entries, value: None, depth: self.depth }),
        }
    }

    /// Lists are JSON arrays only (what `deserialize_any` gives a list's visitor, with one error
    /// path instead of one per kind of node: a smaller browser module, the same messages).
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.node {
            Node::Seq(items) => visit_items::<T, V>(items, self.depth, visitor),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        match self.node {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldError> {
        match self.node {
            // One kind of variant reader for both (an enum's visitor is made once per kind).
            Node::Str(s) => visitor.visit_enum(s.into_deserializer()),
            Node::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
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
        match self.node {
            Node::Map(_) => self.deserialize_any(visitor),
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
        bytes byte_buf unit unit_struct tuple tuple_struct map identifier ignored_any
    }
}

/// Hand an array's elements to `visitor`; elements it leaves unread are an error.
fn visit_items<'de, T: Tree<'de>, V: Visitor<'de>>(
    items: T::Items,
    depth: usize,
    visitor: V,
) -> Result<V::Value, FieldError> {
    let mut seq = Seq::<T> { items, index: 0, depth };
    let out = visitor.visit_seq(&mut seq)?;
    match seq.items.len() {
        0 => Ok(out),
        left => Err(too_many(seq.index + left)),
    }
}

#[inline(never)]
fn too_many(len: usize) -> FieldError {
    de::Error::invalid_length(len, &"fewer elements in sequence")
}

/// The exact length an iterator reports, if it reports one.
fn exact(hint: (usize, Option<usize>)) -> Option<usize> {
    match hint {
        (lo, Some(hi)) if lo == hi => Some(lo),
        _ => None,
    }
}

/// The entries of an object, each value read with its key on the path of its errors (an unknown
/// key's error names the key too).
struct Map<'a, T: Tree<'a>> {
    entries: T::Entries,
    value: Option<(T::Key, T)>,
    /// The depth of the object.
    depth: usize,
}

impl<'de, T: Tree<'de>> MapAccess<'de> for Map<'de, T> {
    type Error = FieldError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FieldError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let read = seed.deserialize(de::value::StrDeserializer::<FieldError>::new(key.as_ref()));
        match read {
            Ok(k) => {
                self.value = Some((key, value));
                Ok(Some(k))
            }
            Err(e) => Err(e.at(Segment::Key(key.into()))),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FieldError> {
        let (key, d) = self.open_value()?;
        seed.deserialize(d).map_err(|e| at_key::<T>(e, key))
    }
    fn size_hint(&self) -> Option<usize> {
        exact(self.entries.size_hint())
    }
}

impl<'de, T: Tree<'de>> Map<'de, T> {
    /// The reader of the value whose key was just read (made once per tree type, not per target).
    #[inline(never)]
    fn open_value(&mut self) -> Result<(T::Key, De<'de, T>), FieldError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| FieldError::new(ErrorCode::WrongType, "a map value was read before its key".into()))?;
        match De::child(value, self.depth + 1) {
            Ok(d) => Ok((key, d)),
            Err(e) => Err(at_key::<T>(e, key)),
        }
    }
}

/// `e` found under `key`.
#[inline(never)]
fn at_key<'de, T: Tree<'de>>(e: FieldError, key: T::Key) -> FieldError {
    e.at(Segment::Key(key.into()))
}

/// `e` found at element `index`.
#[inline(never)]
fn at_index(e: FieldError, index: usize) -> FieldError {
    e.at(Segment::Index(index))
}

/// The elements of an array, each read with its index on the path of its errors.
struct Seq<'a, T: Tree<'a>> {
    items: T::Items,
    index: usize,
    /// The depth of the array.
    depth: usize,
}

impl<'de, T: Tree<'de>> SeqAccess<'de> for Seq<'de, T> {
    type Error = FieldError;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, FieldError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        match De::child(item, self.depth + 1).and_then(|d| seed.deserialize(d)) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(at_index(e, index)),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// Read a `T` from the root of a tree, naming the path of the first problem
/// (`records[2].events[0].on`).
pub(crate) fn read<'a, T: de::Deserialize<'a>, R: Tree<'a>>(root: Node<'a, R>) -> Result<T, Error> {
    De::new(root, 1).and_then(T::deserialize).map_err(|inner: FieldError| {
        if inner.code == ErrorCode::NestingTooDeep {
            // As the other ways in report it: the whole input, before (here: instead of) reading.
            return super::json::too_deep();
        }
        let path = inner.path();
        // A missing field is reported at its parent; name the field in the path too.
        let path = match inner.missing {
            Some(field) if path.is_empty() => field.to_owned(),
            Some(field) => format!("{path}.{field}"),
            None => path,
        };
        let error = Error::case(inner.code, path, inner.message);
        if inner.code == ErrorCode::NotANumber {
            return error.with_help("give a missing value as null (None) or leave the field out");
        }
        error
    })
}
