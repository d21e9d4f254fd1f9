//! NATIONAL.md coverage: every national baseline fact (each bullet, table row and stated clock of
//! `NATIONAL.md`) is listed in one reviewed file (`tests/coverage/national.toml`) with a short
//! verbatim `anchor` and either the policy entries / code that encode it or an out-of-scope
//! reason ("not yet encoded: …" for facts still to do).
//!
//! Three checks: [`check_references`] (every `encoded_by` names an entry of the policy set or an
//! existing repository path), [`check_anchors`] (every anchor occurs in NATIONAL.md) and
//! [`check_completeness`] (every bullet and table row of NATIONAL.md contains an anchor).
//! NATIONAL.md lives outside the repository (`../shared/NATIONAL.md` from the repository root,
//! or `CREDIT_NATIONAL_MD`); [`locate`] finds it.

use crate::policy::PolicySet;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The reviewed file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalFile {
    /// The facts, in NATIONAL.md order.
    #[serde(default)]
    pub fact: Vec<Fact>,
}

/// One national fact.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// `NAT-<section>/<topic>`, e.g. `NAT-6/tax/early-exit`.
    pub id: String,
    /// A short verbatim snippet of NATIONAL.md that identifies the fact (whitespace-insensitive).
    pub anchor: String,
    /// Policy entries (`layer:kind/id`) or repository paths that encode it.
    #[serde(default)]
    pub encoded_by: Vec<String>,
    /// Why it is not encoded (one line); "not yet encoded: …" for facts still to do.
    #[serde(default)]
    pub out_of_scope: Option<String>,
}

/// Where a fact stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Encoded by policy entries or code.
    Encoded,
    /// Deliberately not encoded.
    OutOfScope,
    /// Not encoded yet (`out_of_scope = "not yet encoded: …"`).
    NotYetEncoded,
}

/// The prefix of an `out_of_scope` reason that marks a fact still to do.
pub const NOT_YET: &str = "not yet encoded";

impl Fact {
    /// The fact's status.
    pub fn status(&self) -> Status {
        match &self.out_of_scope {
            Some(r) if r.trim_start().starts_with(NOT_YET) => Status::NotYetEncoded,
            Some(_) => Status::OutOfScope,
            None => Status::Encoded,
        }
    }
}

/// Totals: (encoded, out of scope, not yet encoded).
pub fn totals(file: &NationalFile) -> (usize, usize, usize) {
    let count = |s: Status| file.fact.iter().filter(|f| f.status() == s).count();
    (count(Status::Encoded), count(Status::OutOfScope), count(Status::NotYetEncoded))
}

/// Whether `s` is a policy entry reference (`layer:kind/id`) rather than a path.
fn is_entry_reference(s: &str) -> bool {
    s.split_once(':').is_some_and(|(layer, rest)| !layer.contains('/') && rest.contains('/'))
}

/// Check (a): the file's shape (unique ids, non-empty anchors, exactly one of `encoded_by` and
/// `out_of_scope`, one-line reasons) and that every `encoded_by` names an entry of `set` or a
/// path that exists under `root`. Returns the problems, one line each.
pub fn check_references(file: &NationalFile, set: &PolicySet, root: &Path) -> Vec<String> {
    let entries: HashSet<String> =
        set.layers().iter().flat_map(|l| l.view.citations().into_iter().map(|(r, _)| r)).collect();
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for f in &file.fact {
        if !seen.insert(f.id.as_str()) {
            problems.push(format!("{}: duplicate id", f.id));
        }
        if f.anchor.trim().is_empty() {
            problems.push(format!("{}: empty anchor", f.id));
        }
        match (&f.out_of_scope, f.encoded_by.is_empty()) {
            (Some(_), false) => problems.push(format!("{}: both encoded_by and out_of_scope", f.id)),
            (None, true) => problems.push(format!("{}: neither encoded_by nor out_of_scope", f.id)),
            (Some(r), true) if r.trim().is_empty() || r.contains('\n') => {
                problems.push(format!("{}: out_of_scope needs a one-line reason", f.id))
            }
            _ => {}
        }
        for e in &f.encoded_by {
            if is_entry_reference(e) {
                if !entries.contains(e) {
                    problems.push(format!("{}: no policy entry `{e}` in the policy set", f.id));
                }
            } else if e.contains("..") || Path::new(e).is_absolute() || !root.join(e).exists() {
                problems.push(format!("{}: no file `{e}` in the repository", f.id));
            }
        }
    }
    problems
}

/// Whitespace-normalised text (runs of whitespace become one space).
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Check (b): every anchor occurs in NATIONAL.md (whitespace-insensitive, so an anchor may cross a
/// line break).
pub fn check_anchors(file: &NationalFile, national_md: &str) -> Vec<String> {
    let text = norm(national_md);
    file.fact
        .iter()
        .filter(|f| !text.contains(&norm(&f.anchor)))
        .map(|f| format!("{}: anchor `{}` does not occur in NATIONAL.md", f.id, f.anchor))
        .collect()
}

/// The bullets (`- `, `1. `, with their indented continuation lines) and table rows (without
/// header and separator rows) of a Markdown text, each whitespace-normalised, with its 1-based
/// line.
pub fn items(markdown: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = markdown.lines().collect();
    let is_separator = |l: &str| l.starts_with('|') && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
    let is_item = |l: &str| {
        l.starts_with("- ") || {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && l.get(digits..).is_some_and(|r| r.starts_with(". "))
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if is_item(line) {
            let mut text = (*line).to_owned();
            let mut j = i + 1;
            while let Some(next) = lines.get(j).filter(|n| n.starts_with("  ") && !n.trim().is_empty()) {
                text.push(' ');
                text.push_str(next);
                j += 1;
            }
            out.push((i + 1, norm(&text)));
            i = j;
            continue;
        }
        if line.starts_with('|') && !is_separator(line) && !lines.get(i + 1).is_some_and(|n| is_separator(n)) {
            out.push((i + 1, norm(line)));
        }
        i += 1;
    }
    out
}

/// Check (c): every bullet and table row of NATIONAL.md contains at least one anchor (nothing is
/// left unlisted).
pub fn check_completeness(file: &NationalFile, national_md: &str) -> Vec<String> {
    let anchors: Vec<String> = file.fact.iter().map(|f| norm(&f.anchor)).collect();
    items(national_md)
        .into_iter()
        .filter(|(_, text)| !anchors.iter().any(|a| text.contains(a.as_str())))
        .map(|(line, text)| {
            let head: String = text.chars().take(80).collect();
            format!("NATIONAL.md line {line}: no fact lists this item: {head}…")
        })
        .collect()
}

/// NATIONAL.md: `CREDIT_NATIONAL_MD` if set, else `<repository root>/../shared/NATIONAL.md`;
/// `None` when that file does not exist.
pub fn locate(repository_root: &Path) -> Option<PathBuf> {
    let path = match std::env::var_os("CREDIT_NATIONAL_MD") {
        Some(p) => PathBuf::from(p),
        None => repository_root.join("..").join("shared").join("NATIONAL.md"),
    };
    path.is_file().then_some(path)
}

/// The file as a Markdown table, with totals.
pub fn to_markdown(file: &NationalFile) -> String {
    let mut o = String::from("| fact | anchor | status | encoded by / reason |\n|---|---|---|---|\n");
    let cell = |s: &str| s.replace('|', "\\|");
    for f in &file.fact {
        let (status, detail) = match f.status() {
            Status::Encoded => {
                ("encoded", f.encoded_by.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", "))
            }
            Status::OutOfScope => ("out of scope", f.out_of_scope.clone().unwrap_or_default()),
            Status::NotYetEncoded => ("**not yet encoded**", f.out_of_scope.clone().unwrap_or_default()),
        };
        o.push_str(&format!("| {} | {} | {} | {} |\n", f.id, cell(&f.anchor), status, cell(&detail)));
    }
    let (encoded, out, not_yet) = totals(file);
    o.push_str(&format!(
        "\n{} facts: {encoded} encoded, {out} out of scope, {not_yet} not yet encoded\n",
        file.fact.len()
    ));
    o
}
