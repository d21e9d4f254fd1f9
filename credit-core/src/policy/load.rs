//! Parsing policy files into located raw entries, collecting every problem instead of stopping
//! at the first: each diagnostic carries the file, line, column and key path.
//!
//! A policy set is a list of files with paths relative to the policy root. A file under
//! `calendar/` is one year of the holiday calendar; any other file belongs to the layer named by
//! its directory (`cn/measures.toml` → the layer declared by a `[jurisdiction]` table in `cn/`).

#[cfg(feature = "toml")]
use super::model::*;
#[cfg(feature = "toml")]
use crate::calendar::CalendarYear;
#[cfg(feature = "toml")]
use crate::error::{Diagnostic, Level};
#[cfg(feature = "toml")]
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
#[cfg(feature = "toml")]
use std::collections::HashMap;
#[cfg(feature = "toml")]
use toml::de::{DeTable, DeValue, ValueDeserializer};
#[cfg(feature = "toml")]
use toml::Spanned;

/// A policy file: path relative to the policy root, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative path with `/` separators, e.g. `cn/measures.toml`.
    pub path: String,
    /// File content.
    pub content: String,
}

/// Where an entry or key sits in its file.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Loc {
    /// File path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Key path, e.g. `measure[2]`.
    pub path: String,
}

#[cfg(feature = "toml")]
/// An entry with its location and the locations of its keys.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Located<T> {
    /// The parsed entry.
    pub value: T,
    /// The entry's own location.
    pub loc: Loc,
    keys: HashMap<String, (usize, usize)>,
}

#[cfg(feature = "toml")]
impl<T> Located<T> {
    /// Location of key `key` inside the entry (falls back to the entry).
    pub fn key_loc(&self, key: &str) -> Loc {
        let mut loc = self.loc.clone();
        if let Some((line, column)) = self.keys.get(key) {
            loc.line = *line;
            loc.column = *column;
        }
        loc.path = if loc.path.is_empty() { key.to_owned() } else { format!("{}.{}", loc.path, key) };
        loc
    }
}

#[cfg(feature = "toml")]
/// Every entry of one layer directory, before validation.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RawLayer {
    /// Directory name.
    pub dir: String,
    /// The `[jurisdiction]` declaration(s) found (exactly one is valid).
    pub decl: Vec<Located<JurisdictionDecl>>,
    /// Domains.
    pub domain: Vec<Located<DomainEntry>>,
    /// Key domains.
    pub key_domain: Vec<Located<KeyDomainEntry>>,
    /// Conduct.
    pub conduct: Vec<Located<ConductEntry>>,
    /// Severity classes.
    pub severity: Vec<Located<SeverityEntry>>,
    /// Grades.
    pub grade: Vec<Located<GradeEntry>>,
    /// Supervision levels.
    pub supervision: Vec<Located<SupervisionEntry>>,
    /// Lists.
    pub list: Vec<Located<ListEntry>>,
    /// Measures.
    pub measure: Vec<Located<MeasureEntry>>,
    /// Incentives.
    pub incentive: Vec<Located<IncentiveEntry>>,
    /// Objection procedure versions.
    pub objection: Vec<Located<ObjectionEntry>>,
    /// Complaint procedure versions.
    pub complaint: Vec<Located<ComplaintEntry>>,
    /// Notice-before-listing versions.
    pub notice: Vec<Located<NoticeEntry>>,
    /// Publication regimes.
    pub publication: Vec<Located<PublicationEntry>>,
    /// Repair regimes.
    pub repair: Vec<Located<RepairEntry>>,
    /// 双公示 clocks.
    pub double_publicity: Vec<Located<DoublePublicityEntry>>,
    /// Triage rules.
    pub triage: Vec<Located<TriageEntry>>,
    /// Targets.
    pub target: Vec<Located<TargetEntry>>,
    /// Scope.
    pub scope: Vec<Located<ScopeEntry>>,
    /// Commitments.
    pub commitment: Vec<Located<CommitmentEntry>>,
    /// Unified period rule.
    pub unified_period: Vec<Located<UnifiedPeriodEntry>>,
}

#[cfg(feature = "toml")]
/// Positions of keys inside a file, by key path (`rest[3].until` → (line, column)).
pub type KeyPositions = HashMap<String, (usize, usize)>;

#[cfg(feature = "toml")]
/// A calendar year file: where it is, what it says, where its keys are.
pub type CalendarFile = (Loc, CalendarYear, KeyPositions);

#[cfg(feature = "toml")]
/// Everything read from a policy set.
#[derive(Clone, Debug, Default)]
pub struct RawSet {
    /// Layers by directory, in path order.
    pub layers: Vec<RawLayer>,
    /// Calendar years with their file locations and the positions of their keys
    /// (`rest[3].until` → (line, column)).
    pub calendar: Vec<CalendarFile>,
}

#[cfg(feature = "toml")]
/// Parse one calendar year file (`calendar/<year>.toml`), recording where its keys are so that
/// diagnostics can point at `rest[3].until`.
pub(crate) fn parse_calendar_file(file: &SourceFile) -> Result<CalendarFile, Box<Diagnostic>> {
    // As in `parse_set`: identifiers never survive into loaded data (lengths are kept).
    let content = crate::id::mask_policy_text(&file.content);
    let ctx = FileCtx::new(&file.path, &content);
    let root = DeTable::parse(&content).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().lines().next().unwrap_or("invalid toml").trim().to_owned();
        diag(
            "toml_syntax",
            &ctx.loc(offset, String::new()),
            format!("invalid toml: {message}"),
            Some("fix the TOML syntax"),
        )
    })?;
    let mut keys = HashMap::new();
    for (k, v) in root.get_ref().iter() {
        let name = k.get_ref().to_string();
        keys.insert(name.clone(), ctx.line_col(k.span().start));
        let items: Vec<&Spanned<DeValue<'_>>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::Table(_) => vec![v],
            _ => vec![],
        };
        let array = matches!(v.get_ref(), DeValue::Array(_));
        for (i, item) in items.into_iter().enumerate() {
            let base = if array { format!("{name}[{i}]") } else { name.clone() };
            keys.insert(base.clone(), ctx.line_col(item.span().start));
            if let DeValue::Table(t) = item.get_ref() {
                for (ik, _) in t.iter() {
                    keys.insert(format!("{base}.{}", ik.get_ref()), ctx.line_col(ik.span().start));
                }
            }
        }
    }
    match toml::from_str::<CalendarYear>(&content) {
        Ok(year) => Ok((ctx.loc(0, String::new()), year, keys)),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let (code, message, help) = classify(e.message());
            Err(Box::new(diag(code, &ctx.loc(offset, String::new()), message, help)))
        }
    }
}

/// Line and column (1-based, in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(feature = "toml")]
pub(crate) fn diag(code: &'static str, loc: &Loc, message: String, help: Option<&str>) -> Diagnostic {
    Diagnostic {
        code,
        level: Level::Error,
        file: loc.file.clone(),
        line: loc.line,
        column: loc.column,
        path: loc.path.clone(),
        message,
        help: help.map(str::to_owned),
        rule: None,
    }
}

#[cfg(feature = "toml")]
struct FileCtx<'a> {
    path: &'a str,
    text: &'a str,
    /// Byte offset of the start of every line: positions are found by binary search, so that a
    /// file of n entries is located in O(n log n), not O(n²).
    line_starts: Vec<usize>,
}

#[cfg(feature = "toml")]
impl<'a> FileCtx<'a> {
    fn new(path: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        FileCtx { path, text, line_starts }
    }

    /// [`line_col`] through the line index.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|s| *s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    fn loc(&self, offset: usize, path: String) -> Loc {
        let (line, column) = self.line_col(offset);
        Loc { file: self.path.to_owned(), line, column, path }
    }
}

#[cfg(feature = "toml")]
/// Map a toml/serde error inside an entry to a diagnostic code, message and help.
fn classify(message: &str) -> (&'static str, String, Option<&'static str>) {
    let first = message.lines().next().unwrap_or(message).trim().to_owned();
    if first.starts_with("unknown field") {
        ("unknown_key", first, Some("remove the key or check its spelling against policies/README.md"))
    } else if first.starts_with("missing field") {
        ("missing_key", first, Some("add the required key (see policies/README.md)"))
    } else if first.contains("calendar date") || first.contains("date without time") || first.contains("YYYY-MM-DD") {
        ("invalid_date", first, Some("write a real date as `YYYY-MM-DD`"))
    } else if first.starts_with("unknown variant") {
        ("unknown_value", first, Some("use one of the listed values"))
    } else {
        ("invalid_value", first, None)
    }
}

#[cfg(feature = "toml")]
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message.get(start..)?.find('`')?;
    message.get(start..start + len)
}

#[cfg(feature = "toml")]
/// Deserialize one entry table, reporting every unknown key (each is removed and the entry
/// retried) and then the first other problem.
fn parse_entry<T: DeserializeOwned>(
    ctx: &FileCtx<'_>,
    value: Spanned<DeValue<'_>>,
    path: String,
    diags: &mut Vec<Diagnostic>,
) -> Option<Located<T>> {
    let span = value.span();
    let entry_loc = ctx.loc(span.start, path.clone());
    let mut keys = HashMap::new();
    let mut table = match value.into_inner() {
        DeValue::Table(t) => t,
        _ => {
            diags.push(diag("invalid_value", &entry_loc, "expected a table".into(), None));
            return None;
        }
    };
    for (k, _) in table.iter() {
        keys.insert(k.get_ref().to_string(), ctx.line_col(k.span().start));
    }
    // Bounded: each retry removes one key.
    for _ in 0..=keys.len() {
        let attempt = Spanned::new(span.clone(), DeValue::Table(table.clone()));
        match T::deserialize(ValueDeserializer::from(attempt)) {
            Ok(value) => return Some(Located { value, loc: entry_loc, keys }),
            Err(e) => {
                let (code, message, help) = classify(e.message());
                let key = backticked(&message).map(str::to_owned);
                let mut loc = entry_loc.clone();
                if code == "unknown_key" {
                    if let Some(k) = &key {
                        if let Some((l, c)) = keys.get(k) {
                            loc.line = *l;
                            loc.column = *c;
                        }
                        loc.path = format!("{path}.{k}");
                        diags.push(diag(code, &loc, message, help));
                        let k = k.clone();
                        table.remove(k.as_str());
                        continue;
                    }
                } else if code == "missing_key" {
                    if let Some(k) = &key {
                        loc.path = format!("{path}.{k}");
                    }
                } else if let Some(sp) = e.span() {
                    let (l, c) = ctx.line_col(sp.start);
                    loc.line = l;
                    loc.column = c;
                    // name the key whose value is at that offset, when there is one
                    if let Some((k, _)) = table.iter().find(|(k, v)| {
                        let vs = v.span();
                        (vs.start <= sp.start && sp.start < vs.end.max(vs.start + 1)) || k.span().start == sp.start
                    }) {
                        loc.path = format!("{path}.{}", k.get_ref());
                    }
                }
                diags.push(diag(code, &loc, message, help));
                return None;
            }
        }
    }
    None
}

#[cfg(feature = "toml")]
fn entries_of<T: DeserializeOwned>(
    ctx: &FileCtx<'_>,
    kind: &str,
    value: Spanned<DeValue<'_>>,
    diags: &mut Vec<Diagnostic>,
    out: &mut Vec<Located<T>>,
) {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                if let Some(e) = parse_entry(ctx, item, format!("{kind}[{i}]"), diags) {
                    out.push(e);
                }
            }
        }
        _ => diags.push(diag(
            "invalid_value",
            &ctx.loc(span.start, kind.to_owned()),
            format!("`{kind}` must be an array of tables"),
            Some("write each entry as `[[kind]]`"),
        )),
    }
}

#[cfg(feature = "toml")]
/// Parse every file of a policy set. Files that do not end in `.toml` are ignored.
pub fn parse_set(files: &[SourceFile]) -> (RawSet, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut set = RawSet::default();
    let mut layer_index: HashMap<String, usize> = HashMap::new();
    let mut sorted: Vec<&SourceFile> = files.iter().filter(|f| f.path.ends_with(".toml")).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for file in sorted {
        // Policy data is public law, not personal data: an identifier written into a policy file
        // is masked before parsing (masking keeps lengths, so positions stay right), so no string
        // of a loaded policy ever shows one and evaluation need not mask policy text again.
        let content = crate::id::mask_policy_text(&file.content);
        let ctx = FileCtx::new(&file.path, &content);
        let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let root = match DeTable::parse(&content) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                let message = e.message().lines().next().unwrap_or("invalid toml").trim().to_owned();
                diags.push(diag(
                    "toml_syntax",
                    &ctx.loc(offset, String::new()),
                    format!("invalid toml: {message}"),
                    Some("fix the TOML syntax"),
                ));
                continue;
            }
        };
        if dir == "calendar" {
            match parse_calendar_file(file) {
                Ok(c) => set.calendar.push(c),
                Err(d) => diags.push(*d),
            }
            continue;
        }
        if dir == "calendar" || dir.ends_with("/calendar") || dir.contains("/calendar/") {
            // Calendars are national data: an overlay may not bring its own year files.
            diags.push(diag(
                "misplaced_calendar",
                &ctx.loc(0, String::new()),
                format!("calendar file `{}` is not in the top-level `calendar/` directory", file.path),
                Some("holiday calendars are national data: put year files in `calendar/` at the policy root (or load them at run time as calendar year files); a layer cannot merge its own"),
            ));
            continue;
        }
        if dir.is_empty() {
            diags.push(diag(
                "misplaced_file",
                &ctx.loc(0, String::new()),
                format!("policy file `{}` is not inside a layer directory", file.path),
                Some("put layer files in a directory named after the layer, e.g. `cn/measures.toml`"),
            ));
            continue;
        }
        let idx = *layer_index.entry(dir.clone()).or_insert_with(|| {
            set.layers.push(RawLayer { dir: dir.clone(), ..RawLayer::default() });
            set.layers.len() - 1
        });
        let Some(layer) = set.layers.get_mut(idx) else { continue };
        for (key, value) in root.into_inner() {
            let name = key.get_ref().to_string();
            let key_loc = ctx.loc(key.span().start, name.clone());
            macro_rules! kind {
                ($field:ident) => {
                    entries_of(&ctx, &name, value, &mut diags, &mut layer.$field)
                };
            }
            match name.as_str() {
                "jurisdiction" => {
                    if let Some(d) = parse_entry::<JurisdictionDecl>(&ctx, value, "jurisdiction".into(), &mut diags) {
                        layer.decl.push(d);
                    }
                }
                "domain" => kind!(domain),
                "key_domain" => kind!(key_domain),
                "conduct" => kind!(conduct),
                "severity" => kind!(severity),
                "grade" => kind!(grade),
                "supervision" => kind!(supervision),
                "list" => kind!(list),
                "measure" => kind!(measure),
                "incentive" => kind!(incentive),
                "objection" => kind!(objection),
                "complaint" => kind!(complaint),
                "notice" => kind!(notice),
                "publication" => kind!(publication),
                "repair" => kind!(repair),
                "double_publicity" => kind!(double_publicity),
                "triage" => kind!(triage),
                "target" => kind!(target),
                "scope" => kind!(scope),
                "commitment" => kind!(commitment),
                "unified_period" => kind!(unified_period),
                other => diags.push(diag(
                    "unknown_key",
                    &key_loc,
                    format!("unknown table `{other}`"),
                    Some("a layer file holds `[jurisdiction]` and arrays of entries such as `[[measure]]`; see policies/README.md"),
                )),
            }
        }
    }
    (set, diags)
}
