//! The policy authors' lint: load a directory, report every diagnostic as
//! `file:line:col: level[code]: message` with a help line, and say whether the set is valid.

use crate::error::{Diagnostic, Level};
use crate::policy::SourceFile;
use crate::policy::{dir::read_dir_checked, finish_diagnostics, sort_diagnostics, PolicySet};
use serde::Serialize;
use std::path::Path;

/// The result of linting a policy set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// Number of files read.
    pub files: usize,
    /// Layer ids that loaded (empty when the set was refused).
    pub jurisdictions: Vec<String>,
    /// Every diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl LintReport {
    /// Whether there is no error (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.diagnostics.iter().all(|d| d.level != Level::Error)
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }

    /// The readable report.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if self.is_ok() {
            out.push_str(&format!(
                "ok: {} files, {} jurisdictions ({}), {} warnings\n",
                self.files,
                self.jurisdictions.len(),
                self.jurisdictions.join(", "),
                self.diagnostics.len()
            ));
        } else {
            out.push_str(&format!("refused: {} error(s) in {} files\n", self.errors(), self.files));
        }
        out
    }
}

/// Lint policy files.
pub fn lint_sources(files: &[SourceFile]) -> LintReport {
    match PolicySet::from_sources(files) {
        Ok(set) => LintReport {
            files: files.len(),
            jurisdictions: set.layer_ids().map(|j| crate::id::mask_identifiers(j).into_owned()).collect(),
            diagnostics: set.warnings().to_vec(),
        },
        Err(e) => LintReport { files: files.len(), jurisdictions: Vec::new(), diagnostics: e.diagnostics().to_vec() },
    }
}

/// Lint every `.toml` file under `dir`.
///
/// Only regular files are read: symbolic links (`symlink_refused`), FIFOs, devices and sockets
/// (`not_a_regular_file`), oversized files and trees (`file_too_large`, `policy_too_large`) and
/// runaway trees (`too_deep`, `too_many_entries`) are reported, together with the diagnostics of
/// the files that were read. Repeated diagnostics are capped (`diagnostics_truncated`) and
/// identifiers masked in every diagnostic.
///
/// ```no_run
/// let report = credit_core::lint::lint_dir(std::path::Path::new("policies"));
/// print!("{}", report.to_text());
/// ```
pub fn lint_dir(dir: &Path) -> LintReport {
    let (files, dir_diags) = read_dir_checked(dir);
    if dir_diags.is_empty() {
        return lint_sources(&files);
    }
    let mut diagnostics = dir_diags;
    let mut jurisdictions = Vec::new();
    if !files.is_empty() {
        let report = lint_sources(&files);
        diagnostics.extend(report.diagnostics);
        jurisdictions = report.jurisdictions;
    }
    sort_diagnostics(&mut diagnostics);
    let diagnostics = finish_diagnostics(diagnostics);
    if diagnostics.iter().any(|d| d.level == Level::Error) {
        jurisdictions.clear();
    }
    LintReport { files: files.len(), jurisdictions, diagnostics }
}
