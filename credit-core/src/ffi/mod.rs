//! The one way in: every binding reads its inputs and reports its errors through this module, so
//! Rust, Python and JavaScript accept and refuse exactly the same inputs with the same codes.
//!
//! - Cases: [`case_from_json`] (JSON text), [`case_from_value`] (a `serde_json::Value`),
//!   [`case_from_native`] (a binding's own values through [`NativeValue`]) and [`case_from_tree`]
//!   (a binding's own storage read in place through [`Tree`]). All of them read through one
//!   reader, a serde `Deserializer` over a [`Tree`] that names the field path of the first
//!   problem (`records[2].events[0].on`); a `serde_json::Value` is one such tree. Only JSON
//!   objects are cases (`not_an_object`); nesting deeper than [`MAX_DEPTH`] is refused before it is read
//!   (`nesting_too_deep`); duplicate keys are refused (`duplicate_key`); `NaN` and infinities are
//!   refused (`not_a_number`); a value of the wrong type is `wrong_type`.
//! - Arguments ([`Arg`]): [`date`] (strict `YYYY-MM-DD` through [`parse_date`], the one date
//!   parser of the crate), [`working_days`] (whole numbers `0..=`[`MAX_WORKING_DAYS`]), [`lang`],
//!   [`calendar_mode`], [`string`], [`flag`], [`choice`] (a closed vocabulary), [`policy_files`].
//! - One proposed-measure check's arguments: [`measure`] ([`measure::measure_facts`]).
//! - Errors: [`ErrorInfo`], the flat form every binding turns into its own exception.
//!
//! Every message masks identifiers and cuts echoed values to [`crate::error::ECHO_MAX`]
//! characters (done when an [`Error`] is built).

mod args;
mod de;
mod json;
pub mod measure;
mod native;

pub(crate) use args::whole;
pub use args::{
    calendar_mode, calendar_mode_name, calendar_year_files, choice, count, date, engine_options, flag, lang,
    policy_files, string, string_list, working_days, Arg, EngineOptions,
};
pub use de::{Node, Tree};
pub use native::{value_from_native, Native, NativeValue};

use crate::case::Case;
use crate::error::{Diagnostic, Error, ErrorCode, ErrorKind};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// How deep arrays and objects may nest in any input (a case is about five levels deep).
pub const MAX_DEPTH: usize = 64;

/// The largest working-day count [`working_days`] accepts (about 380 years).
pub const MAX_WORKING_DAYS: u32 = 100_000;

/// Parse a strict ISO date: exactly `YYYY-MM-DD` (ten characters, ASCII digits, zero-padded)
/// naming a real calendar day. `2025-9-26`, `2025-10- 9`, `+2025-1-01` and `2025-02-29` are refused.
///
/// ```
/// use credit_core::ffi::parse_date;
/// assert!(parse_date("2024-02-29").is_some());
/// for bad in ["2025-9-26", "2025-10- 9", "+2025-1-01", "2025-02-29", "2025-10-09 ", "２０２５-10-09"] {
///     assert!(parse_date(bad).is_none(), "{bad}");
/// }
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0u32, |acc, d| acc.checked_mul(10)?.checked_add(u32::from(d - b'0')))
    };
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// Any JSON text as a value, with the limits of cases (nesting, duplicate keys); malformed text is
/// `invalid_json` with the line and column in the message.
pub fn value_from_json(text: &str) -> Result<Value, Error> {
    json::parse(text)
}

/// Read a case from JSON text.
///
/// ```
/// use credit_core::ffi::case_from_json;
/// let err = case_from_json(r#"{"as_of": "2025-10-09", "as_of": "2025-10-10"}"#).err().ok_or("expected an error")?;
/// assert_eq!((err.code().as_str(), err.path()), ("duplicate_key", Some("as_of")));
/// let err = case_from_json("[1, 2]").err().ok_or("expected an error")?;
/// assert_eq!(err.code().as_str(), "not_an_object");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn case_from_json(text: &str) -> Result<Case, Error> {
    case_from_value(json::parse(text)?)
}

/// Read a case from a JSON value (built by a binding or by Rust code).
pub fn case_from_value(value: Value) -> Result<Case, Error> {
    // Nesting deeper than allowed is refused before any of the object is read, as in JSON text.
    if value.is_object() && deeper_than(&value, MAX_DEPTH) {
        return Err(json::too_deep());
    }
    case_from_tree(value)
}

/// Read a case from any [`Tree`]: a `serde_json::Value`, or a binding's own storage read in place
/// (the columnar API's Arrow cells), with the codes and field paths of every other way in. The
/// root must be a map (`not_an_object`); an array or object nested deeper than [`MAX_DEPTH`] is
/// refused when the reader reaches it (`nesting_too_deep`), `NaN` and infinities are
/// `not_a_number`.
///
/// ```
/// use credit_core::ffi::{case_from_tree, Node, Tree};
/// // A tree over borrowed text: (key, value) pairs, strings never copied until a field owns one.
/// #[derive(Clone, Copy)]
/// enum T<'a> { Obj(&'a [(&'static str, T<'a>)]), Str(&'a str) }
/// impl<'a> Tree<'a> for T<'a> {
///     type Key = &'static str;
///     type Items = std::iter::Empty<T<'a>>;
///     type Entries = std::iter::Copied<std::slice::Iter<'a, (&'static str, T<'a>)>>;
///     fn node(self) -> Node<'a, T<'a>> {
///         match self { T::Obj(fields) => Node::Map(fields.iter().copied()), T::Str(s) => Node::Str(s) }
///     }
/// }
/// let subject = [("id", T::Str("x")), ("kind", T::Str("alien"))];
/// let case = [("as_of", T::Str("2025-10-09")), ("subject", T::Obj(&subject))];
/// let err = case_from_tree(T::Obj(&case)).err().ok_or("expected an error")?;
/// assert_eq!((err.code().as_str(), err.path()), ("unknown_value", Some("subject.kind")));
/// let err = case_from_tree(T::Str("2025-10-09")).err().ok_or("expected an error")?;
/// assert_eq!(err.code().as_str(), "not_an_object");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn case_from_tree<'a, T: Tree<'a>>(root: T) -> Result<Case, Error> {
    let node = root.node();
    if !matches!(node, Node::Map(_)) {
        return Err(not_an_object(node.kind()));
    }
    let case: Case = de::read(node)?;
    case.check_ids()?;
    Ok(case)
}

/// Read a case from a binding's own value (a Python dict, a JS object).
pub fn case_from_native<T: NativeValue>(value: &T) -> Result<Case, Error> {
    case_from_value(value_from_native(value)?)
}

/// Read any `T` of the JSON contract from a value, with the error codes and paths of cases.
pub fn read_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Error> {
    if deeper_than(&value, MAX_DEPTH) {
        return Err(json::too_deep());
    }
    de::read(value.node())
}

fn not_an_object(got: &str) -> Error {
    Error::case(ErrorCode::NotAnObject, "", format!("a case is a JSON object, got {got}"))
        .with_help("pass an object such as {\"as_of\": \"2025-10-09\", \"subject\": {...}}")
}

/// Whether `value` nests deeper than `max`, without recursion.
fn deeper_than(value: &Value, max: usize) -> bool {
    // Only arrays and objects nest: scalars are never pushed (no allocation for a flat value,
    // none per node).
    let nests = |v: &&Value| matches!(v, Value::Array(_) | Value::Object(_));
    let mut stack: Vec<(&Value, usize)> = Vec::new();
    let mut next = Some((value, 1usize)).filter(|(v, _)| nests(v));
    while let Some((v, depth)) = next.take().or_else(|| stack.pop()) {
        if depth > max {
            return true;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().filter(nests).map(|c| (c, depth + 1))),
            Value::Object(m) => stack.extend(m.values().filter(nests).map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    false
}

/// A decision, comparison or table as a JSON value (`internal` if it cannot be serialised).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::new(ErrorKind::Internal, ErrorCode::Internal, e.to_string()))
}

/// An [`Error`] in the flat, serialisable form every binding raises: `kind`, `code`, `path`,
/// `message`, `help` and (for policy errors) `diagnostics`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorInfo {
    /// When it happened: `case`, `argument`, `policy`, `coverage`, `jurisdiction`, `io`, `internal`.
    #[cfg_attr(feature = "ts", ts(as = "ErrorKind"))]
    pub kind: &'static str,
    /// The stable code (one of [`ErrorCode::ALL`]).
    #[cfg_attr(feature = "ts", ts(as = "ErrorCode"))]
    pub code: &'static str,
    /// The field path of a case error or the argument's name.
    pub path: Option<String>,
    /// The message, without path or help; identifiers masked, echoed values cut.
    pub message: String,
    /// Guidance, when there is any.
    pub help: Option<String>,
    /// Every diagnostic of a policy error.
    pub diagnostics: Vec<Diagnostic>,
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> Self {
        ErrorInfo {
            kind: e.kind().as_str(),
            code: e.code().as_str(),
            path: e.path().map(str::to_owned),
            message: e.message().to_owned(),
            help: e.help().map(str::to_owned),
            diagnostics: e.diagnostics().to_vec(),
        }
    }
}

/// The flat form of an error.
pub fn error_info(e: &Error) -> ErrorInfo {
    ErrorInfo::from(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_nesting_scan_skips_strings_and_escapes() {
        assert!(!json::nests_deeper_than(br#"{"a": "[[[[\"[[[["}"#, 2));
        assert!(json::nests_deeper_than(br#"{"a": [[1]]}"#, 2));
        assert!(!json::nests_deeper_than(br#"{"a": "\\", "b": [1]}"#, 2));
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(!json::nests_deeper_than(deep.as_bytes(), MAX_DEPTH));
        let deeper = format!("[{deep}]");
        assert!(json::nests_deeper_than(deeper.as_bytes(), MAX_DEPTH));
    }

    #[test]
    fn value_and_text_agree_on_the_depth_limit() {
        let mut v = json!([]);
        for _ in 1..MAX_DEPTH - 1 {
            v = json!([v]);
        }
        // The case object is one level, `records` adds MAX_DEPTH - 1: exactly at the limit.
        let case = json!({"as_of": "2025-10-09", "subject": {"id": "x", "kind": "legal_person"}, "records": v});
        let from_value = case_from_value(case.clone()).err().map(|e| e.code());
        let from_text = case_from_json(&case.to_string()).err().map(|e| e.code());
        assert_eq!(from_value, Some(ErrorCode::WrongType));
        assert_eq!(from_text, from_value);
        let over = json!({"as_of": "2025-10-09", "records": [v]});
        assert_eq!(case_from_value(over.clone()).err().map(|e| e.code()), Some(ErrorCode::NestingTooDeep));
        assert_eq!(case_from_json(&over.to_string()).err().map(|e| e.code()), Some(ErrorCode::NestingTooDeep));
    }

    #[test]
    fn malformed_json_keeps_line_and_column() {
        let e = case_from_json("{\n  \"as_of\": \"2025-10-09\",\n  oops\n}").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidJson);
        assert!(e.message().contains("line 3 column 3"), "{}", e.message());
    }

    #[test]
    fn counts_are_whole_numbers_in_range() {
        assert_eq!(working_days(&Arg::Int(0), "n").ok(), Some(0));
        assert_eq!(working_days(&Arg::Float(3.0), "n").ok(), Some(3));
        assert_eq!(working_days(&Arg::Int(i64::from(MAX_WORKING_DAYS)), "n").ok(), Some(MAX_WORKING_DAYS));
        for (arg, code) in [
            (Arg::Int(-1), ErrorCode::InvalidCount),
            (Arg::Int(1 << 32), ErrorCode::InvalidCount),
            (Arg::HugeInt, ErrorCode::InvalidCount),
            (Arg::Float(0.5), ErrorCode::InvalidCount),
            (Arg::Float(f64::NAN), ErrorCode::NotANumber),
            (Arg::Float(f64::INFINITY), ErrorCode::NotANumber),
            (Arg::Null, ErrorCode::WrongType),
            (Arg::Absent, ErrorCode::WrongType),
            (Arg::Str("3"), ErrorCode::WrongType),
        ] {
            let e = working_days(&arg, "n").unwrap_err();
            assert_eq!((e.code(), e.kind(), e.path()), (code, ErrorKind::Argument, Some("n")), "{arg:?}");
        }
    }

    #[test]
    fn echoed_values_are_cut_and_masked() {
        let long = "x".repeat(1_000_000);
        let e = date(&Arg::Str(&long), "date").unwrap_err();
        assert!(e.message().chars().count() < 200, "{}", e.message());
        let e = date(&Arg::Str("110105194912310021"), "date").unwrap_err();
        assert!(e.message().contains("1101**********0021"), "{}", e.message());
        assert!(!e.message().contains("110105194912310021"));
    }

    #[test]
    fn error_info_is_flat() {
        let e = case_from_json("[]").unwrap_err();
        let info = serde_json::to_value(ErrorInfo::from(&e)).unwrap();
        assert_eq!(info["kind"], "case");
        assert_eq!(info["code"], "not_an_object");
        assert_eq!(info["path"], serde_json::Value::Null);
        assert!(info["diagnostics"].as_array().is_some_and(Vec::is_empty));
    }
}
