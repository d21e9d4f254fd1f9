//! The one error type every fallible engine entry point returns, and the diagnostics it carries.
//!
//! Errors are grouped by *when* they happen, as pydantic-core does: a [`ErrorKind::Policy`] error
//! is raised while loading policy files (every problem at once, each a [`Diagnostic`] with file,
//! line and column); a [`ErrorKind::Case`] error is raised while reading a case (it names the field
//! path, e.g. `records[2].events[0].on`); a [`ErrorKind::Coverage`] error means a date fell outside
//! the holiday calendar. Every error has a stable snake_case [`Error::code`]. Bindings map the kinds
//! onto their own exception hierarchies; nothing crosses the FFI as a panic.

use serde::Serialize;
use std::fmt;

/// When an error happened, which decides the exception class a binding raises.
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
        }
    }
}

/// Severity of a policy diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The policy is refused.
    Error,
    /// The policy loads, but a reviewer should look.
    Warning,
}

/// One problem found in a policy file: where it is, what it is, and how to fix it.
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Error {
    kind: ErrorKind,
    code: &'static str,
    path: Option<String>,
    message: String,
    help: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// A policy error carrying every diagnostic found (errors only decide refusal; warnings ride along).
    pub fn policy(diagnostics: Vec<Diagnostic>) -> Self {
        let errors = diagnostics.iter().filter(|d| d.level == Level::Error).count();
        let first = diagnostics.iter().find(|d| d.level == Level::Error).map(|d| d.to_string()).unwrap_or_default();
        Error {
            kind: ErrorKind::Policy,
            code: "invalid_policy",
            path: None,
            message: format!("policy refused: {errors} error(s); first: {first}"),
            help: Some("run the policy lint for the full report".into()),
            diagnostics,
        }
    }

    /// A case error at `path` (a field path such as `records[0].decided_on`).
    pub fn case(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        Error {
            kind: ErrorKind::Case,
            code,
            path: if path.is_empty() { None } else { Some(path) },
            message: message.into(),
            help: None,
            diagnostics: Vec::new(),
        }
    }

    /// Any other error.
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        Error { kind, code, path: None, message: message.into(), help: None, diagnostics: Vec::new() }
    }

    /// Attach guidance.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Replace the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Attach or replace the field path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// When the error happened.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Stable snake_case code, e.g. `unknown_field`, `calendar_coverage`, `invalid_policy`.
    pub fn code(&self) -> &'static str {
        self.code
    }
    /// Field path of a case error (`records[2].events[0].on`).
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
        Error::new(ErrorKind::Coverage, "calendar_coverage", e.to_string()).with_help(
            "add the year's State Council notice as a calendar year file (policies/calendar/<year>.toml format) and load it at run time, or use the default calendar mode, which projects the year from the statute and marks answers provisional",
        )
    }
}
