//! The arguments of calls: dates, working-day counts, languages, calendar modes, ids and policy
//! files, read the same way for every binding.

use super::{parse_date, MAX_WORKING_DAYS};
use crate::calendar::CalendarMode;
use crate::case::Lang;
use crate::error::{Error, ErrorCode};
use chrono::NaiveDate;
use serde_json::Value;

/// One argument as a binding received it.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'a> {
    /// Not given (`undefined`, a missing optional argument).
    Absent,
    /// `None` / `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An integer too large for `i64` (Python).
    HugeInt,
    /// A float or a JS number (whole numbers count as integers).
    Float(f64),
    /// A string.
    Str(&'a str),
    /// A host calendar date (Python's `datetime.date`), as year, month and day.
    Date(i32, u32, u32),
    /// Anything else, by its type name (`datetime`, `Date`, `list`, `object`, ...).
    Other(&'a str),
}

impl<'a> Arg<'a> {
    /// An argument given as JSON (the shared bad-input corpus, Rust callers).
    pub fn from_json(v: &'a Value) -> Arg<'a> {
        match v {
            Value::Null => Arg::Null,
            Value::Bool(b) => Arg::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Arg::Int(i),
                (None, Some(_)) => Arg::HugeInt,
                _ => Arg::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Arg::Str(s),
            Value::Array(_) => Arg::Other("array"),
            Value::Object(_) => Arg::Other("object"),
        }
    }

    /// How a message names the argument's value (cut and masked when the error is built).
    fn describe(&self) -> String {
        match self {
            Arg::Absent => "nothing".to_owned(),
            Arg::Null => "null".to_owned(),
            Arg::Bool(b) => format!("the boolean `{b}`"),
            Arg::Int(i) => format!("the integer `{i}`"),
            Arg::HugeInt => "an integer beyond 64 bits".to_owned(),
            Arg::Float(f) => format!("the number `{}`", float_text(*f)),
            Arg::Str(s) => format!("the string `{s}`"),
            Arg::Date(y, m, d) => format!("the date {y}-{m}-{d}"),
            Arg::Other(t) => format!("a value of type `{t}`"),
        }
    }
}

fn wrong_type(name: &str, expected: &str, arg: &Arg<'_>) -> Error {
    Error::argument(ErrorCode::WrongType, name, format!("{name}: expected {expected}, got {}", arg.describe()))
}

/// A whole number (`1`, `1.0`), as an integer; `None` for fractions, `NaN`, infinities and numbers
/// beyond ±2^53.
pub(crate) fn whole(f: f64) -> Option<i64> {
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole f64 below is exact
    if f.is_finite() && f.fract() == 0.0 && f.abs() <= LIMIT {
        // Exact: a whole number within ±2^53 is an integer the cast keeps as it is (no text
        // round trip, so the browser module carries no float formatting for it).
        #[allow(clippy::cast_possible_truncation, reason = "whole and within ±2^53: exact")]
        Some(f as i64)
    } else {
        None
    }
}

/// A float as `{}` (its `Display`) writes it: the shortest digits that read back as the same
/// number, never an exponent (`1e21` is `1000000000000000000000`, `1e-7` is `0.0000001`), `NaN`,
/// `inf`, `-inf`. The digits come from serde_json's writer (already in the browser module), so
/// the module carries no second float formatter (tested against `Display`, `tests/float_text.rs`).
pub fn float_text(f: f64) -> String {
    let Some(n) = serde_json::Number::from_f64(f) else {
        return if f.is_nan() {
            "NaN".to_owned()
        } else if f > 0.0 {
            "inf".to_owned()
        } else {
            "-inf".to_owned()
        };
    };
    // `d.ddd` or `ddd.d`, then optionally `e±x`.
    let text = n.to_string();
    let (sign, text) = text.strip_prefix('-').map_or(("", text.as_str()), |t| ("-", t));
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = format!("{int}{frac}");
    // The decimal point after `point` digits.
    let mut point = i64::try_from(int.len()).unwrap_or(0).saturating_add(exp);
    let lead = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..lead);
    point = point.saturating_sub(i64::try_from(lead).unwrap_or(0));
    digits.truncate(digits.trim_end_matches('0').len());
    let mut len = i64::try_from(digits.len()).unwrap_or(0);
    // Of two shortest candidates equally near, `Display` takes the upper one (serde_json's writer
    // the even one): when the number is exactly halfway between these digits and the next ones
    // up, count up.
    if let Ok(d) = digits.parse::<u64>() {
        if halfway(f.abs(), d.saturating_mul(10).saturating_add(5), point - len - 1) {
            digits = (d + 1).to_string();
            point += i64::try_from(digits.len()).unwrap_or(0) - len;
            digits.truncate(digits.trim_end_matches('0').len());
            len = i64::try_from(digits.len()).unwrap_or(0);
        }
    }
    let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or(0));
    if digits.is_empty() {
        format!("{sign}0")
    } else if point <= 0 {
        format!("{sign}0.{}{digits}", zeros(-point))
    } else if point >= len {
        format!("{sign}{digits}{}", zeros(point - len))
    } else {
        let (a, b) = digits.split_at(usize::try_from(point).unwrap_or(0));
        format!("{sign}{a}.{b}")
    }
}

/// Whether `f` (finite, not negative) is exactly `m × 10^k`: both as `odd × 2^a × 5^b` with the
/// odd part free of fives, compared part by part (no big numbers).
fn halfway(f: f64, m: u64, k: i64) -> bool {
    let bits = f.to_bits();
    let exp = i64::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    let frac = bits & ((1 << 52) - 1);
    let (fm, fe) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
    let split = |mut n: u64| {
        let (mut twos, mut fives) = (0i64, 0i64);
        while n != 0 && n % 2 == 0 {
            n /= 2;
            twos += 1;
        }
        while n != 0 && n % 5 == 0 {
            n /= 5;
            fives += 1;
        }
        (n, twos, fives)
    };
    let (r, x, y) = split(m);
    let (s, u, v) = split(fm);
    fm != 0 && r == s && x + k == u + fe && y + k == v
}

/// A working-day count: a whole number in `0..=MAX_WORKING_DAYS` (`invalid_count` otherwise;
/// `NaN` and infinities are `not_a_number`, a non-number `wrong_type`).
pub fn working_days(arg: &Arg<'_>, name: &str) -> Result<u32, Error> {
    count(arg, name, MAX_WORKING_DAYS, "working days")
}

/// A whole number in `0..=max` (a count of `what`), with the errors of [`working_days`].
pub fn count(arg: &Arg<'_>, name: &str, max: u32, what: &str) -> Result<u32, Error> {
    let out_of_range = || {
        Error::argument(
            ErrorCode::InvalidCount,
            name,
            format!("{name}: expected a whole number of {what} from 0 to {max}, got {}", arg.describe()),
        )
    };
    let n = match arg {
        Arg::Int(i) => *i,
        Arg::HugeInt => return Err(out_of_range()),
        Arg::Float(f) if !f.is_finite() => {
            return Err(Error::argument(
                ErrorCode::NotANumber,
                name,
                format!("{name}: expected a whole number of {what}, got {}", arg.describe()),
            ))
        }
        Arg::Float(f) => whole(*f).ok_or_else(out_of_range)?,
        other => return Err(wrong_type(name, &format!("a whole number of {what}"), other)),
    };
    u32::try_from(n).ok().filter(|n| *n <= max).ok_or_else(out_of_range)
}

/// A date argument: a `YYYY-MM-DD` string (strict, see [`parse_date`]) or a host calendar date.
pub fn date(arg: &Arg<'_>, name: &str) -> Result<NaiveDate, Error> {
    let invalid = || {
        Error::argument(
            ErrorCode::InvalidDate,
            name,
            format!("{name}: expected {}, got {}", crate::vocab::DATE_EXPECTED, arg.describe()),
        )
    };
    match arg {
        Arg::Str(s) => parse_date(s).ok_or_else(invalid),
        Arg::Date(y, m, d) => NaiveDate::from_ymd_opt(*y, *m, *d).ok_or_else(invalid),
        other => Err(wrong_type(name, "a date string `YYYY-MM-DD`", other)),
    }
}

/// The explanation language: absent or null (the case's own, else Chinese), `"zh"` or `"en"`.
/// Anything else is `invalid_lang`.
pub fn lang(arg: &Arg<'_>) -> Result<Option<Lang>, Error> {
    match arg {
        Arg::Absent | Arg::Null => Ok(None),
        Arg::Str("zh") => Ok(Some(Lang::Zh)),
        Arg::Str("en") => Ok(Some(Lang::En)),
        other => Err(Error::argument(
            ErrorCode::InvalidLang,
            "lang",
            format!("lang: expected \"zh\" or \"en\", got {}", other.describe()),
        )),
    }
}

/// The calendar mode: `"project"` or `"strict"`; anything else is `invalid_calendar_mode`.
pub fn calendar_mode(arg: &Arg<'_>) -> Result<CalendarMode, Error> {
    match arg {
        Arg::Str("project") => Ok(CalendarMode::Project),
        Arg::Str("strict") => Ok(CalendarMode::Strict),
        other => Err(Error::argument(
            ErrorCode::InvalidCalendarMode,
            "mode",
            format!("calendar mode: expected \"project\" or \"strict\", got {}", other.describe()),
        )),
    }
}

/// The name of a calendar mode (`"project"` or `"strict"`).
pub fn calendar_mode_name(mode: CalendarMode) -> &'static str {
    match mode {
        CalendarMode::Project => "project",
        CalendarMode::Strict => "strict",
    }
}

/// A string argument such as a jurisdiction id.
pub fn string<'a>(arg: &Arg<'a>, name: &str) -> Result<&'a str, Error> {
    match arg {
        Arg::Str(s) => Ok(s),
        other => Err(wrong_type(name, "a string", other)),
    }
}

/// A yes/no argument: `true` or `false`; absent or null is `false` (as a case's `voluntary`).
/// Anything else is `wrong_type` (`1` and `"yes"` are not booleans).
pub fn flag(arg: &Arg<'_>, name: &str) -> Result<bool, Error> {
    match arg {
        Arg::Absent | Arg::Null => Ok(false),
        Arg::Bool(b) => Ok(*b),
        other => Err(wrong_type(name, "True or False", other)),
    }
}

/// One value of a closed vocabulary (a severity, an actor kind, ...) by its name in the case
/// contract: absent or null is `None`; a string that names no value is `unknown_value` (with the
/// message a case gives: ``unknown value `x`, expected one of `a`, `b` ``); anything else is
/// `wrong_type`.
pub fn choice<T: Copy>(
    arg: &Arg<'_>,
    name: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> Result<Option<T>, Error> {
    match arg {
        Arg::Absent | Arg::Null => Ok(None),
        Arg::Str(s) => all.iter().copied().find(|v| as_str(*v) == *s).map(Some).ok_or_else(|| {
            let names: Vec<String> = all.iter().map(|v| format!("`{}`", as_str(*v))).collect();
            Error::argument(
                ErrorCode::UnknownValue,
                name,
                format!("{name}: unknown value `{s}`, expected one of {}", names.join(", ")),
            )
        }),
        other => Err(wrong_type(name, "a string", other)),
    }
}

/// Policy files given in memory: an object `{path: content}` or an array of `[path, content]`
/// pairs, both strings.
pub fn policy_files(value: &Value) -> Result<Vec<(String, String)>, Error> {
    let bad = |path: String, what: String| {
        Error::argument(ErrorCode::InvalidPolicyFiles, path, what)
            .with_help("pass {\"cn/national.toml\": \"<the file's TOML text>\"} or [[path, content], ...]")
    };
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(bad(format!("files.{k}"), format!("files.{k}: expected the file's text as a string"))),
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item.as_array().map(Vec::as_slice) {
                Some([Value::String(p), Value::String(c)]) => Ok((p.clone(), c.clone())),
                _ => Err(bad(format!("files[{i}]"), format!("files[{i}]: expected a [path, content] pair of strings"))),
            })
            .collect(),
        _ => Err(bad(
            "files".to_owned(),
            "files: expected an object {path: content} or an array of [path, content] pairs".to_owned(),
        )),
    }
}

/// A list of strings (e.g. the jurisdictions of a comparison).
pub fn string_list(value: &Value, name: &str) -> Result<Vec<String>, Error> {
    let bad = || Error::argument(ErrorCode::WrongType, name, format!("{name}: expected a list of strings"));
    value.as_array().ok_or_else(bad)?.iter().map(|v| v.as_str().map(str::to_owned).ok_or_else(bad)).collect()
}

/// Calendar year files given as an array of `{name, content}` (both strings), as the JS binding
/// takes them; `what` names the argument in paths (`files[0].content`).
pub fn calendar_year_files(value: &Value, what: &str) -> Result<Vec<(String, String)>, Error> {
    let bad = |path: String, message: String| {
        Error::argument(ErrorCode::InvalidCalendarYears, path, message)
            .with_help("pass an array of {name: \"2027.toml\", content: \"<the file's TOML text>\"}")
    };
    let items = value
        .as_array()
        .ok_or_else(|| bad(what.to_owned(), format!("{what}: expected an array of {{name, content}}")))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{what}[{i}]");
            let obj = item
                .as_object()
                .ok_or_else(|| bad(at.clone(), format!("{at}: expected an object {{name, content}}")))?;
            let field = |key: &str| {
                obj.get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| bad(format!("{at}.{key}"), format!("{at}.{key}: expected a string")))
            };
            Ok((field("name")?, field("content")?))
        })
        .collect()
}

/// The calendar options of the engine constructors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// Strict calendar mode (a year without a State Council notice is a coverage error).
    pub strict: bool,
    /// Calendar year files `(name, content)`.
    pub calendar_years: Vec<(String, String)>,
}

/// Engine options given as `null` or an object `{strict?: boolean, calendarYears?: [{name,
/// content}]}` (members that are `null` count as absent).
pub fn engine_options(value: &Value) -> Result<EngineOptions, Error> {
    let obj = match value {
        Value::Null => return Ok(EngineOptions::default()),
        Value::Object(o) => o,
        _ => {
            return Err(Error::argument(
                ErrorCode::InvalidOptions,
                "options",
                "options must be an object like {strict: true, calendarYears: [{name, content}]}",
            ))
        }
    };
    let strict = match obj.get("strict") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Error::argument(ErrorCode::InvalidOptions, "strict", "options.strict: expected a boolean"))
        }
    };
    let calendar_years = match obj.get("calendarYears") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => calendar_year_files(v, "options.calendarYears")?,
    };
    Ok(EngineOptions { strict, calendar_years })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::float_text;
    use proptest::prelude::*;

    #[test]
    fn float_text_is_display_on_edge_values() {
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e21,
            1e-7,
            123456789.125,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            -f64::MAX,
            9_007_199_254_740_993.0,
            f64::from_bits(4_835_624_505_518_695_929), // 1941426244381054.25: halfway, `Display` counts up
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(float_text(f), format!("{f}"), "{f:e}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100_000))]
        #[test]
        fn float_text_is_display(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assert_eq!(float_text(f), format!("{f}"));
        }

        #[test]
        fn float_text_is_display_on_short_decimals(m in -1_000_000i64..1_000_000, e in -30i32..30) {
            let f = format!("{m}e{e}").parse::<f64>().unwrap();
            prop_assert_eq!(float_text(f), format!("{f}"));
        }
    }
}
