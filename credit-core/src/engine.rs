//! The engine: a validated policy set, a selected jurisdiction layer and the holiday calendar.
//!
//! An [`Engine`] is cheap to clone and to share across threads (the policy set sits behind an
//! `Arc`). [`Engine::national`] uses the policy files embedded in the library and needs no files;
//! [`Engine::from_dir`] loads a directory instead.

use crate::calendar::{Calendar, CalendarMode, YearInfo};
use crate::case::{Case, Lang};
use crate::decision::Decision;
use crate::error::{Error, ErrorKind};
#[cfg(feature = "toml")]
use crate::policy::SourceFile;
use crate::policy::{Layer, PolicySet};
#[cfg(feature = "toml")]
use std::path::Path;
use std::sync::Arc;
#[cfg(feature = "toml")]
use std::sync::OnceLock;

/// The evaluation engine for one jurisdiction layer of a policy set.
#[derive(Clone, Debug)]
pub struct Engine {
    set: Arc<PolicySet>,
    calendar: Calendar,
    jurisdiction: String,
}

#[cfg(feature = "toml")]
static EMBEDDED: OnceLock<Result<Arc<PolicySet>, Error>> = OnceLock::new();

impl Engine {
    /// The national baseline (`cn`) from the embedded policy files. The embedded set is parsed
    /// and validated once per process; later calls are a clone of an `Arc`.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// assert_eq!(engine.jurisdiction(), "cn");
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn national() -> Result<Engine, Error> {
        let set = EMBEDDED
            .get_or_init(|| PolicySet::from_sources(&crate::policy::embedded_sources()).map(Arc::new))
            .clone()?;
        Engine::with_set(set, "cn")
    }

    /// Load every `.toml` file under `dir` and select `jurisdiction`.
    #[cfg(feature = "toml")]
    pub fn from_dir(dir: impl AsRef<Path>, jurisdiction: &str) -> Result<Engine, Error> {
        Engine::with_set(Arc::new(PolicySet::from_dir(dir.as_ref())?), jurisdiction)
    }

    /// Load policy files given as `(relative path, content)` pairs (e.g. fetched by a browser).
    #[cfg(feature = "toml")]
    pub fn from_sources(files: Vec<(String, String)>, jurisdiction: &str) -> Result<Engine, Error> {
        let files: Vec<SourceFile> = files.into_iter().map(|(path, content)| SourceFile { path, content }).collect();
        Engine::with_set(Arc::new(PolicySet::from_sources(&files)?), jurisdiction)
    }

    /// An engine over an already validated policy set (e.g. one built once by
    /// [`PolicySet::from_snapshot`] and shared), selecting `jurisdiction`.
    pub fn from_policy_set(set: Arc<PolicySet>, jurisdiction: &str) -> Result<Engine, Error> {
        Engine::with_set(set, jurisdiction)
    }

    fn with_set(set: Arc<PolicySet>, jurisdiction: &str) -> Result<Engine, Error> {
        if set.layer(jurisdiction).is_none() {
            return Err(unknown_jurisdiction(&set, jurisdiction));
        }
        let calendar = set.calendar().clone();
        Ok(Engine { set, calendar, jurisdiction: jurisdiction.to_owned() })
    }

    /// An engine builder: policy source, layer, calendar mode and extra calendar year files.
    ///
    /// ```
    /// use credit_core::{calendar::CalendarMode, Engine};
    /// let engine = Engine::builder().jurisdiction("cn-jilin-tonghua").calendar_mode(CalendarMode::Strict).build()?;
    /// assert_eq!(engine.calendar().mode(), CalendarMode::Strict);
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The same engine — policy set, layer, calendar and its mode — over a private copy of the
    /// policy data and the calendar's day table, for a worker thread of a batch.
    ///
    /// Why: a decision holds shared references (`Arc`) to the policy entries it cites, so every
    /// evaluation increments and decrements reference counts in the policy data. Two threads
    /// evaluating with one engine write to the same counters and slow each other down (measured
    /// on an idle two-core machine: two threads on one engine gave 1.63–1.71× the throughput of
    /// one, two threads on an engine and its replica 1.94×; see `BENCHMARKS.md`). A replica
    /// answers exactly as this engine does (the copy is restored from a
    /// [`snapshot`](crate::policy::snapshot) of this engine's set, which the conformance suite
    /// proves gives identical answers); it costs one snapshot written and restored (a few
    /// milliseconds and a second copy of the policy data), so make one per worker thread and
    /// keep it, not one per case.
    ///
    /// A set loaded with warnings has no snapshot: then there is no replica (an
    /// `invalid_policy` error saying so), and the caller shares this engine instead.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// let worker = engine.replica()?;
    /// assert_eq!(worker.jurisdiction(), engine.jurisdiction());
    /// assert_eq!(worker.policy_version(), engine.policy_version());
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    #[cfg(feature = "snapshot")]
    pub fn replica(&self) -> Result<Engine, Error> {
        let set = PolicySet::from_snapshot(&crate::policy::snapshot::write(&self.set)?)?;
        Engine::with_set(Arc::new(set), &self.jurisdiction)
            .map(|e| Engine { calendar: self.calendar.private_copy(), ..e })
    }

    /// The same engine with the calendar in another mode: [`CalendarMode::Project`] (default:
    /// years without a State Council notice are projected from the statute and every conclusion
    /// that used a projected day is marked provisional) or [`CalendarMode::Strict`] (such a day is
    /// a `calendar_coverage` error naming the field that needed it).
    #[must_use]
    pub fn with_calendar_mode(&self, mode: CalendarMode) -> Engine {
        Engine {
            set: self.set.clone(),
            calendar: self.calendar.with_mode(mode),
            jurisdiction: self.jurisdiction.clone(),
        }
    }

    /// The same engine with more calendar years: `(file name, TOML content)` pairs in the format
    /// of `policies/calendar/<year>.toml` (e.g. the State Council notice for a year published
    /// after this library was released). Each file is linted like a bundled one; a year already
    /// on file is refused.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// let err = engine.with_calendar_year_files(&[("2026.toml".into(), "[year]\nyear = 2026".into())]).err();
    /// assert_eq!(err.map(|e| e.code_str()), Some("invalid_policy"));
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn with_calendar_year_files(&self, files: &[(String, String)]) -> Result<Engine, Error> {
        let mut diags = Vec::new();
        let mut raw = Vec::new();
        for (path, content) in files {
            match crate::policy::load::parse_calendar_file(&SourceFile { path: path.clone(), content: content.clone() })
            {
                Ok(c) => raw.push(c),
                Err(d) => diags.push(*d),
            }
        }
        let calendar = crate::policy::build_calendar(&raw, Some(&self.calendar), &mut diags);
        match calendar {
            Some(calendar) if diags.iter().all(|d| d.level != crate::error::Level::Error) => {
                Ok(Engine { set: self.set.clone(), calendar, jurisdiction: self.jurisdiction.clone() })
            }
            _ => Err(Error::policy(crate::policy::finish_diagnostics(diags))),
        }
    }

    /// [`Engine::with_calendar_year_files`] reading the files from disk.
    #[cfg(feature = "toml")]
    pub fn with_calendar_year_paths<P: AsRef<Path>>(&self, paths: &[P]) -> Result<Engine, Error> {
        let mut files = Vec::new();
        for p in paths {
            let p = p.as_ref();
            let content = crate::policy::dir::read_policy_file(p).map_err(|e| {
                crate::mask::error(Error::new(
                    ErrorKind::Io,
                    crate::error::ErrorCode::Io,
                    format!("cannot read `{}`: {e}", p.display()),
                ))
            })?;
            files.push((
                p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
                content,
            ));
        }
        self.with_calendar_year_files(&files)
    }

    /// Every year the calendar can classify, and whether its notice is on file (published) or the
    /// year is projected from the statute.
    pub fn calendar_years(&self) -> Vec<YearInfo> {
        self.calendar.year_statuses()
    }

    /// The same policy set, another layer.
    ///
    /// ```
    /// let tonghua = credit_core::Engine::national()?.with_jurisdiction("cn-jilin-tonghua")?;
    /// assert_eq!(tonghua.jurisdiction(), "cn-jilin-tonghua");
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    pub fn with_jurisdiction(&self, id: &str) -> Result<Engine, Error> {
        let mut engine = Engine::with_set(self.set.clone(), id)?;
        engine.calendar = self.calendar.clone();
        Ok(engine)
    }

    /// The selected layer id.
    pub fn jurisdiction(&self) -> &str {
        &self.jurisdiction
    }

    /// Every layer id of the policy set.
    pub fn jurisdictions(&self) -> Vec<String> {
        self.set.layer_ids().map(str::to_owned).collect()
    }

    /// The policy set.
    pub fn policy(&self) -> &PolicySet {
        &self.set
    }

    fn layer(&self, id: &str) -> Result<&Layer, Error> {
        self.set.layer(id).ok_or_else(|| unknown_jurisdiction(&self.set, id))
    }

    /// The selected layer (for [`crate::measure_table`]).
    pub(crate) fn layer_ref(&self) -> Result<&Layer, Error> {
        self.layer(&self.jurisdiction)
    }

    /// The holiday calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Versions of the selected layer and its ancestors, root first: `cn@2026.11/cn-jilin-tonghua@2018.06`.
    pub fn policy_version(&self) -> String {
        self.version_of(&self.jurisdiction)
    }

    fn version_of(&self, id: &str) -> String {
        self.set.layer(id).map(|l| l.version.to_string()).unwrap_or_default()
    }

    /// The holiday calendar's version.
    pub fn calendar_version(&self) -> String {
        self.calendar.version()
    }

    /// Evaluate a case. The case's `jurisdiction`, when present, selects the layer.
    pub fn evaluate(&self, case: &Case) -> Result<Decision, Error> {
        self.evaluate_in(case, None)
    }

    /// Evaluate a case with explanations in `lang`, whatever the case says.
    pub fn evaluate_in(&self, case: &Case, lang: Option<Lang>) -> Result<Decision, Error> {
        let id = case.jurisdiction.as_deref().unwrap_or(&self.jurisdiction);
        let layer = self.layer(id).map_err(|e| crate::mask::error(e.with_path("jurisdiction")))?;
        crate::eval::evaluate(case, layer, &self.calendar, lang).map_err(crate::mask::error)
    }

    /// Evaluate a case given as a JSON value; the decision as a JSON value.
    pub fn evaluate_value(&self, case: serde_json::Value) -> Result<serde_json::Value, Error> {
        let case = Case::from_value(case)?;
        to_value(&self.evaluate(&case)?)
    }

    /// Evaluate a case given as JSON text; the decision as compact JSON text.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// let out = engine.evaluate_json(r#"{"as_of": "2025-01-02", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}"#)?;
    /// assert!(out.contains("\"supervision\""));
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    pub fn evaluate_json(&self, case: &str) -> Result<String, Error> {
        let case = Case::from_json(case)?;
        serde_json::to_string(&self.evaluate(&case)?)
            .map_err(|e| Error::new(ErrorKind::Internal, crate::error::ErrorCode::Internal, e.to_string()))
    }

    /// The typed catalogue of the selected layer: every entry kind it sees, procedures and clocks
    /// included ([`crate::catalog::Catalog`]).
    pub fn catalog(&self) -> crate::catalog::Catalog {
        match self.set.layer(&self.jurisdiction) {
            Some(layer) => crate::catalog::Catalog::of(&self.jurisdiction, &layer.version, &layer.view),
            // An engine is built only for a layer of its set (checked in `with_set`).
            None => crate::catalog::Catalog::of(&self.jurisdiction, "", &crate::policy::View::default()),
        }
    }
}

pub(crate) fn to_value<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(v)
        .map_err(|e| Error::new(ErrorKind::Internal, crate::error::ErrorCode::Internal, e.to_string()))
}

fn unknown_jurisdiction(set: &PolicySet, id: &str) -> Error {
    crate::mask::error(
        Error::new(
            ErrorKind::Jurisdiction,
            crate::error::ErrorCode::UnknownJurisdiction,
            format!("unknown jurisdiction `{id}`"),
        )
        .with_help(format!("known: {}", set.layer_ids().collect::<Vec<_>>().join(", "))),
    )
}

/// Builds an [`Engine`]: the policy (embedded by default, or a directory), the layer, the calendar
/// mode and extra calendar year files.
#[cfg(feature = "toml")]
#[derive(Clone, Debug, Default)]
pub struct EngineBuilder {
    dir: Option<std::path::PathBuf>,
    jurisdiction: Option<String>,
    mode: CalendarMode,
    year_files: Vec<(String, String)>,
    year_paths: Vec<std::path::PathBuf>,
}

#[cfg(feature = "toml")]
impl EngineBuilder {
    /// Load the policy from a directory instead of the embedded set.
    #[must_use]
    pub fn policy_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.dir = Some(dir.as_ref().to_path_buf());
        self
    }
    /// Select a layer (default `cn`).
    #[must_use]
    pub fn jurisdiction(mut self, id: &str) -> Self {
        self.jurisdiction = Some(id.to_owned());
        self
    }
    /// The calendar mode (default [`CalendarMode::Project`]).
    #[must_use]
    pub fn calendar_mode(mut self, mode: CalendarMode) -> Self {
        self.mode = mode;
        self
    }
    /// Strict calendar: a day of a year without a notice is an error.
    #[must_use]
    pub fn strict(self, strict: bool) -> Self {
        self.calendar_mode(if strict { CalendarMode::Strict } else { CalendarMode::Project })
    }
    /// Add a calendar year file given as `(file name, TOML content)`.
    #[must_use]
    pub fn calendar_year_source(mut self, name: impl Into<String>, content: impl Into<String>) -> Self {
        self.year_files.push((name.into(), content.into()));
        self
    }
    /// Add a calendar year file read from disk at [`EngineBuilder::build`].
    #[must_use]
    pub fn calendar_year_file(mut self, path: impl AsRef<Path>) -> Self {
        self.year_paths.push(path.as_ref().to_path_buf());
        self
    }
    /// Build the engine.
    pub fn build(self) -> Result<Engine, Error> {
        let jurisdiction = self.jurisdiction.as_deref().unwrap_or("cn");
        let mut engine = match &self.dir {
            Some(dir) => Engine::from_dir(dir, jurisdiction)?,
            None => Engine::national()?.with_jurisdiction(jurisdiction)?,
        };
        if !self.year_paths.is_empty() {
            engine = engine.with_calendar_year_paths(&self.year_paths)?;
        }
        if !self.year_files.is_empty() {
            engine = engine.with_calendar_year_files(&self.year_files)?;
        }
        Ok(engine.with_calendar_mode(self.mode))
    }
}
