//! The policy authors' lint: load a directory, report every diagnostic as
//! `file:line:col: level[code]: message` with a help line, and say whether the set is valid.

use crate::error::{Diagnostic, Level};
use crate::policy::SourceFile;
use crate::policy::{read_dir_sources, PolicySet};
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
            jurisdictions: set.layer_ids().map(str::to_owned).collect(),
            diagnostics: set.warnings().to_vec(),
        },
        Err(e) => LintReport { files: files.len(), jurisdictions: Vec::new(), diagnostics: e.diagnostics().to_vec() },
    }
}

/// Lint every `.toml` file under `dir`.
///
/// ```no_run
/// let report = credit_core::lint::lint_dir(std::path::Path::new("policies"));
/// print!("{}", report.to_text());
/// ```
pub fn lint_dir(dir: &Path) -> LintReport {
    match read_dir_sources(dir) {
        Ok(files) => lint_sources(&files),
        Err(e) => LintReport {
            files: 0,
            jurisdictions: Vec::new(),
            diagnostics: vec![Diagnostic {
                code: "io",
                level: Level::Error,
                file: dir.display().to_string(),
                line: 0,
                column: 0,
                path: String::new(),
                message: e.message().to_owned(),
                help: None,
                rule: None,
            }],
        },
    }
}
