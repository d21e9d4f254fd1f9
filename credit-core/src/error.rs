//! The one error type every fallible engine entry point returns, and the diagnostics it carries.
//!
//! Errors are grouped by *when* they happen, as pydantic-core does: a [`ErrorKind::Policy`] error
//! is raised while loading policy files (every problem at once, each a [`Diagnostic`] with file,
//! line and column); a [`ErrorKind::Case`] error is raised while reading a case (it names the field
//! path, e.g. `records[2].events[0].on`); a [`ErrorKind::Coverage`] error means a date fell outside
//! the holiday calendar; an [`ErrorKind::Argument`] error means a call's argument was refused. Every
//! error has a stable code from the closed set [`ErrorCode`]. Bindings map the kinds
//! onto their own exception hierarchies; nothing crosses the FFI as a panic.

use serde::Serialize;
use std::fmt;

/// When an error happened, which decides the exception class a binding raises.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Policy files could not be loaded or broke a rule of the format or the legal hierarchy.
    Policy,
    /// A case (the input of an evaluation) is malformed or refers to unknown catalogue entries.
    Case,
    /// A date lies outside the holiday calendar's coverage.
    Coverage,
    /// A jurisdiction id is not part of the loaded policy set.
    Jurisdiction,
    /// A file or directory could not be read.
    Io,
    /// An argument of a call (a date, a count, a language, a calendar mode, options) has the
    /// wrong type or is out of range.
    Argument,
    /// The engine could not produce its output (a bug; never caused by input).
    Internal,
}

impl ErrorKind {
    /// The kind as a stable snake_case string.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Policy => "policy",
            ErrorKind::Case => "case",
            ErrorKind::Coverage => "coverage",
            ErrorKind::Jurisdiction => "jurisdiction",
            ErrorKind::Io => "io",
            ErrorKind::Argument => "argument",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Every error code the crate produces: a closed set, stable snake_case strings
/// ([`ErrorCode::as_str`]). Listed with their meaning in `docs/contract.md` ("Errors"). Some codes
/// occur with more than one [`ErrorKind`] (`wrong_type`, `not_a_number` and `invalid_date` are
/// case errors inside a case and argument errors for a call's arguments).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // -- case --
    /// `invalid_json`: JSON text that does not parse (the message keeps line and column).
    InvalidJson,
    /// `not_an_object`: A case that is not a JSON object (an array, a string, a number, `null`).
    NotAnObject,
    /// `nesting_too_deep`: Arrays and objects nested deeper than [`crate::ffi::MAX_DEPTH`].
    NestingTooDeep,
    /// `duplicate_key`: The same key twice in one JSON object.
    DuplicateKey,
    /// `not_a_number`: `NaN` or an infinity given as a number (a Python float or a JS number).
    NotANumber,
    /// `wrong_type`: A value of the wrong JSON type (a number where a string is expected, ...).
    WrongType,
    /// `missing_field`: A required field is absent.
    MissingField,
    /// `unknown_field`: A field the contract does not have.
    UnknownField,
    /// `unknown_value`: A string outside an enumeration (subject kind, event type, language, ...).
    UnknownValue,
    /// `invalid_date`: A date that is not a real calendar date written `YYYY-MM-DD`.
    InvalidDate,
    /// `invalid_value`: A value of the right type that is not acceptable (a length of time, ...).
    InvalidValue,
    /// `duplicate_record`: Two records with the same id.
    DuplicateRecord,
    /// `duplicate_commitment`: Two commitments with the same id.
    DuplicateCommitment,
    /// `unknown_record`: A proposed measure names a record the case does not have.
    UnknownRecord,
    /// `unknown_conduct`: Conduct outside the catalogue.
    UnknownConduct,
    /// `unknown_domain`: A domain outside the catalogue.
    UnknownDomain,
    /// `unknown_list`: A list outside the catalogue.
    UnknownList,
    /// `unknown_measure`: A measure outside the catalogue.
    UnknownMeasure,
    /// `list_criteria_not_met`: A record names a list whose criteria do not include its conduct.
    ListCriteriaNotMet,
    /// `event_before_decision`: An event dated before its record's decision.
    EventBeforeDecision,
    /// `term_out_of_range`: A record's stated term lies outside the bounds of its list (e.g. the
    /// procurement ban's 1–3 years).
    TermOutOfRange,
    /// `term_not_allowed`: A record states a term for a list whose term is fixed.
    TermNotAllowed,
    /// `date_range`: Date arithmetic left the supported range of dates.
    DateRange,
    /// `invalid_population`: A population subject (serious-subject ratio) that cannot be read.
    InvalidPopulation,
    // -- coverage --
    /// `calendar_coverage`: A date outside the holiday calendar's coverage (strict calendar mode).
    CalendarCoverage,
    // -- jurisdiction --
    /// `unknown_jurisdiction`: A jurisdiction id that is not part of the loaded policy set.
    UnknownJurisdiction,
    // -- policy --
    /// `invalid_policy`: Policy or calendar files refused (every problem is a diagnostic).
    InvalidPolicy,
    // -- io --
    /// `io`: A file or directory that cannot be read.
    Io,
    // -- argument --
    /// `invalid_lang`: A language argument other than `zh` or `en`.
    InvalidLang,
    /// `invalid_calendar_mode`: A calendar mode other than `project` or `strict`.
    InvalidCalendarMode,
    /// `invalid_count`: A working-day count that is not a whole number in `0..=MAX_WORKING_DAYS`.
    InvalidCount,
    /// `invalid_options`: An options argument of the wrong shape.
    InvalidOptions,
    /// `invalid_calendar_years`: Calendar year files given in the wrong shape.
    InvalidCalendarYears,
    /// `invalid_policy_files`: Policy files given in the wrong shape.
    InvalidPolicyFiles,
    // -- internal --
    /// `internal`: The engine could not serialise its output or read the host clock (a bug).
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidJson,
        ErrorCode::NotAnObject,
        ErrorCode::NestingTooDeep,
        ErrorCode::DuplicateKey,
        ErrorCode::NotANumber,
        ErrorCode::WrongType,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::UnknownValue,
        ErrorCode::InvalidDate,
        ErrorCode::InvalidValue,
        ErrorCode::DuplicateRecord,
        ErrorCode::DuplicateCommitment,
        ErrorCode::UnknownRecord,
        ErrorCode::UnknownConduct,
        ErrorCode::UnknownDomain,
        ErrorCode::UnknownList,
        ErrorCode::UnknownMeasure,
        ErrorCode::ListCriteriaNotMet,
        ErrorCode::EventBeforeDecision,
        ErrorCode::TermOutOfRange,
        ErrorCode::TermNotAllowed,
        ErrorCode::DateRange,
        ErrorCode::InvalidPopulation,
        ErrorCode::CalendarCoverage,
        ErrorCode::UnknownJurisdiction,
        ErrorCode::InvalidPolicy,
        ErrorCode::Io,
        ErrorCode::InvalidLang,
        ErrorCode::InvalidCalendarMode,
        ErrorCode::InvalidCount,
        ErrorCode::InvalidOptions,
        ErrorCode::InvalidCalendarYears,
        ErrorCode::InvalidPolicyFiles,
        ErrorCode::Internal,
    ];

    /// The code as a stable snake_case string.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::NotAnObject => "not_an_object",
            ErrorCode::NestingTooDeep => "nesting_too_deep",
            ErrorCode::DuplicateKey => "duplicate_key",
            ErrorCode::NotANumber => "not_a_number",
            ErrorCode::WrongType => "wrong_type",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::UnknownValue => "unknown_value",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::DuplicateRecord => "duplicate_record",
            ErrorCode::DuplicateCommitment => "duplicate_commitment",
            ErrorCode::UnknownRecord => "unknown_record",
            ErrorCode::UnknownConduct => "unknown_conduct",
            ErrorCode::UnknownDomain => "unknown_domain",
            ErrorCode::UnknownList => "unknown_list",
            ErrorCode::UnknownMeasure => "unknown_measure",
            ErrorCode::ListCriteriaNotMet => "list_criteria_not_met",
            ErrorCode::EventBeforeDecision => "event_before_decision",
            ErrorCode::TermOutOfRange => "term_out_of_range",
            ErrorCode::TermNotAllowed => "term_not_allowed",
            ErrorCode::DateRange => "date_range",
            ErrorCode::InvalidPopulation => "invalid_population",
            ErrorCode::CalendarCoverage => "calendar_coverage",
            ErrorCode::UnknownJurisdiction => "unknown_jurisdiction",
            ErrorCode::InvalidPolicy => "invalid_policy",
            ErrorCode::Io => "io",
            ErrorCode::InvalidLang => "invalid_lang",
            ErrorCode::InvalidCalendarMode => "invalid_calendar_mode",
            ErrorCode::InvalidCount => "invalid_count",
            ErrorCode::InvalidOptions => "invalid_options",
            ErrorCode::InvalidCalendarYears => "invalid_calendar_years",
            ErrorCode::InvalidPolicyFiles => "invalid_policy_files",
            ErrorCode::Internal => "internal",
        }
    }
}

/// `error.code() == "unknown_field"` compares with the snake_case text.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Severity of a policy diagnostic.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The policy is refused.
    Error,
    /// The policy loads, but a reviewer should look.
    Warning,
}

/// One problem found in a policy file: where it is, what it is, and how to fix it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable snake_case code, e.g. `unknown_key`, `duplicate_id`, `missing_citation`.
    pub code: &'static str,
    /// Error or warning.
    pub level: Level,
    /// The file, as given to the loader (relative to the policy root when loaded from a directory).
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole policy set).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Key path inside the file, e.g. `measure[3].legal_basis`.
    pub path: String,
    /// Lowercase one-line message, user values in backticks.
    pub message: String,
    /// Guidance on how to fix it.
    pub help: Option<String>,
    /// The RULEBOOK rule the check enforces, when it is a legal check (e.g. `MEA-2`).
    pub rule: Option<&'static str>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {level}[{}]: {}", self.file, self.line, self.column, self.code, self.message)?;
        if !self.path.is_empty() {
            write!(f, " (at `{}`)", self.path)?;
        }
        if let Some(rule) = self.rule {
            write!(f, " [{rule}]")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The error of every fallible engine entry point.
///
/// Messages and paths are cleaned when the error is built: identifiers are masked
/// ([`crate::id::mask_identifiers`]) and every backticked value longer than [`ECHO_MAX`]
/// characters is cut (`…`), so no error echoes personal data or a huge input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Error {
    kind: ErrorKind,
    code: ErrorCode,
    path: Option<String>,
    message: String,
    help: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

/// The longest value an error message echoes, in characters (longer ones end in `…`).
pub const ECHO_MAX: usize = 80;

/// The longest field path an error carries, in characters.
const PATH_MAX: usize = 200;

/// The longest message, in characters.
const MESSAGE_MAX: usize = 1000;

/// `s` cut to `max` characters plus `…` when longer.
pub fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", s.get(..at).unwrap_or_default())),
    }
}

/// Mask identifiers and cut long backticked values and the whole text.
///
/// Values are first cut to a little more than [`ECHO_MAX`] (so an identifier starting inside the
/// kept part stays whole and is masked), then masked, then cut to [`ECHO_MAX`]: the cost does not
/// grow with the size of the input.
fn clean(text: &str, max: usize) -> String {
    let cut = |text: &str, keep: usize, mark: bool| -> String {
        let mut out = String::with_capacity(text.len().min(max * 2));
        for (i, part) in text.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 {
                match part.char_indices().nth(keep) {
                    Some((at, _)) => {
                        out.push_str(part.get(..at).unwrap_or_default());
                        if mark {
                            out.push('…');
                        }
                    }
                    None => out.push_str(part),
                }
            } else {
                out.push_str(part);
            }
            if out.len() > max * 8 {
                break;
            }
        }
        out
    };
    // A value cut here is still longer than ECHO_MAX, so the second pass marks it.
    let rough = cut(text, ECHO_MAX + 18, false);
    let masked = crate::id::mask_identifiers(&rough);
    truncate(&cut(&masked, ECHO_MAX, true), max).into_owned()
}

impl Error {
    /// A policy error carrying every diagnostic found (errors only decide refusal; warnings ride along).
    pub fn policy(diagnostics: Vec<Diagnostic>) -> Self {
        let errors = diagnostics.iter().filter(|d| d.level == Level::Error).count();
        let first = diagnostics.iter().find(|d| d.level == Level::Error).map(|d| d.to_string()).unwrap_or_default();
        Error {
            kind: ErrorKind::Policy,
            code: ErrorCode::InvalidPolicy,
            path: None,
            message: clean(&format!("policy refused: {errors} error(s); first: {first}"), MESSAGE_MAX),
            help: Some("run the policy lint for the full report".into()),
            diagnostics,
        }
    }

    /// A case error at `path` (a field path such as `records[0].decided_on`).
    pub fn case(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Case, code, message).with_path(path)
    }

    /// An argument error: the argument `name` (e.g. `n`, `date`, `lang`) is of the wrong type or out
    /// of range.
    pub fn argument(code: ErrorCode, name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Argument, code, message).with_path(name)
    }

    /// Any other error.
    pub fn new(kind: ErrorKind, code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            kind,
            code,
            path: None,
            message: clean(&message.into(), MESSAGE_MAX),
            help: None,
            diagnostics: Vec::new(),
        }
    }

    /// Attach guidance.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(clean(&help.into(), MESSAGE_MAX));
        self
    }

    /// Replace the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = clean(&message.into(), MESSAGE_MAX);
        self
    }

    /// Attach or replace the field path (an empty path removes it).
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.path = if path.is_empty() { None } else { Some(clean(&path, PATH_MAX)) };
        self
    }

    /// When the error happened.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The stable code, e.g. [`ErrorCode::UnknownField`]; `code().as_str()` is the snake_case text.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    /// The code as snake_case text (`unknown_field`, `calendar_coverage`, `invalid_policy`).
    pub fn code_str(&self) -> &'static str {
        self.code.as_str()
    }
    /// Field path of a case error (`records[2].events[0].on`), or the argument of an argument error.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }
    /// The message, without path or help.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Guidance, when there is any.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }
    /// Every diagnostic of a policy error (empty for other kinds).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<crate::calendar::CoverageError> for Error {
    fn from(e: crate::calendar::CoverageError) -> Self {
        Error::new(ErrorKind::Coverage, ErrorCode::CalendarCoverage, e.to_string()).with_help(
            "add the year's State Council notice as a calendar year file (policies/calendar/<year>.toml format) and load it at run time, or use the default calendar mode, which projects the year from the statute and marks answers provisional",
        )
    }
}
