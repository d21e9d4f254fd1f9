//! A policy set in a compact binary form, so that a build without the TOML loader (the
//! WebAssembly bundle) still carries the validated national rulebook.
//!
//! ```text
//! build time (feature `toml`):  files ──parse_set──▶ RawSet ──validate (must pass)──▶ bytes (postcard)
//! run time (any build):         bytes ──▶ RawSet ──validate──▶ PolicySet
//! ```
//! The snapshot holds the parsed entries with their locations (and, when the set has warnings,
//! the positions of their keys, so that the warnings name the same line and key), not the
//! resolved layers: loading it runs the same validation as loading the
//! files, so a [`PolicySet`] from a snapshot is the one [`PolicySet::from_sources`] would build.
//! A snapshot starts with a format tag and the crate version that wrote it; any other version,
//! trailing bytes or a malformed body is an `invalid_policy` error (`invalid_snapshot`), never a
//! panic.

use super::load::{KeyPositions, Loc, RawLayer, RawSet};
use super::PolicySet;
use crate::calendar::{CalendarYear, MakeUpDay, RestPeriod};
use crate::error::{Diagnostic, Error, Level};
use crate::vocab::Confidence;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The format tag at the start of every snapshot.
const TAG: &str = "credit-policy-snapshot/1";

/// One calendar year, field by field (the year file's own shape is TOML-specific).
#[derive(Serialize, Deserialize)]
struct Year {
    year: i32,
    source: String,
    published: Option<NaiveDate>,
    confidence: Confidence,
    rule: Option<String>,
    rest: Vec<RestPeriod>,
    workday: Vec<MakeUpDay>,
}

#[derive(Serialize, Deserialize)]
struct Snapshot {
    tag: String,
    version: String,
    layers: Vec<RawLayer>,
    calendar: Vec<(Loc, Year, KeyPositions)>,
}

impl From<CalendarYear> for Year {
    fn from(y: CalendarYear) -> Self {
        Year {
            year: y.year,
            source: y.source,
            published: y.published,
            confidence: y.confidence,
            rule: y.rule,
            rest: y.rest,
            workday: y.workday,
        }
    }
}

impl From<Year> for CalendarYear {
    fn from(y: Year) -> Self {
        CalendarYear {
            year: y.year,
            source: y.source,
            published: y.published,
            confidence: y.confidence,
            rule: y.rule,
            rest: y.rest,
            workday: y.workday,
        }
    }
}

fn invalid(message: String) -> Error {
    Error::policy(vec![Diagnostic {
        code: "invalid_snapshot",
        level: Level::Error,
        file: String::new(),
        line: 0,
        column: 0,
        path: String::new(),
        message,
        help: Some("rebuild the snapshot with the same version of credit-core (policy::snapshot::from_sources)".into()),
        rule: None,
    }])
}

/// The snapshot of a set of policy files. The files are loaded and validated first: a set
/// [`PolicySet::from_sources`] refuses is refused here with the same error.
#[cfg(feature = "toml")]
pub fn from_sources(files: &[super::SourceFile]) -> Result<Vec<u8>, Error> {
    let set = PolicySet::from_sources(files)?;
    let (mut raw, _) = super::load::parse_set(files);
    if set.warnings().is_empty() {
        // Key positions only place diagnostics; a set that loads without any has no use for
        // them (a third of the snapshot).
        raw.layers.iter_mut().for_each(RawLayer::forget_key_positions);
        raw.calendar.iter_mut().for_each(|(_, _, keys)| keys.clear());
    }
    let snapshot = Snapshot {
        tag: TAG.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        layers: raw.layers,
        calendar: raw.calendar.into_iter().map(|(loc, year, keys)| (loc, Year::from(year), keys)).collect(),
    };
    postcard::to_allocvec(&snapshot).map_err(|e| invalid(format!("cannot write the snapshot: {e}")))
}

/// The snapshot of the policy files embedded in the library (the national baseline, the bundled
/// overlays and the holiday calendar).
#[cfg(feature = "toml")]
pub fn embedded() -> Result<Vec<u8>, Error> {
    from_sources(&super::embedded_sources())
}

impl PolicySet {
    /// Load a policy set from a snapshot ([`crate::policy::snapshot`]), validating it as
    /// [`PolicySet::from_sources`] does.
    pub fn from_snapshot(bytes: &[u8]) -> Result<PolicySet, Error> {
        let (snapshot, rest) = postcard::take_from_bytes::<Snapshot>(bytes)
            .map_err(|e| invalid(format!("the policy snapshot cannot be read: {e}")))?;
        if snapshot.tag != TAG || snapshot.version != env!("CARGO_PKG_VERSION") {
            return Err(invalid(format!(
                "the policy snapshot is `{}` written by credit-core {}; this is credit-core {} reading `{TAG}`",
                crate::error::truncate(&snapshot.tag, crate::error::ECHO_MAX),
                crate::error::truncate(&snapshot.version, crate::error::ECHO_MAX),
                env!("CARGO_PKG_VERSION"),
            )));
        }
        if !rest.is_empty() {
            return Err(invalid(format!("the policy snapshot has {} trailing bytes", rest.len())));
        }
        let raw = RawSet {
            layers: snapshot.layers,
            calendar: snapshot.calendar.into_iter().map(|(loc, year, keys)| (loc, year.into(), keys)).collect(),
        };
        PolicySet::from_raw(raw, Vec::new())
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_set_round_trips_through_a_snapshot() {
        let files = crate::policy::embedded_sources();
        let direct = PolicySet::from_sources(&files).unwrap();
        let bytes = from_sources(&files).unwrap();
        let loaded = PolicySet::from_snapshot(&bytes).unwrap();
        // Every layer, view, entry, location, procedure and calendar day is the same.
        assert_eq!(format!("{:?}", loaded.layers()), format!("{:?}", direct.layers()));
        assert_eq!(format!("{:?}", loaded.calendar()), format!("{:?}", direct.calendar()));
        assert_eq!(loaded.calendar_version(), direct.calendar_version());
        assert_eq!(format!("{:?}", loaded.warnings()), format!("{:?}", direct.warnings()));
        // And it is smaller than the TOML it came from.
        let toml: usize = files.iter().map(|f| f.content.len()).sum();
        assert!(bytes.len() < toml, "{} bytes of snapshot for {toml} bytes of TOML", bytes.len());
    }

    #[test]
    fn a_refused_set_has_no_snapshot() {
        let mut files = crate::policy::embedded_sources();
        files.push(crate::policy::SourceFile { path: "cn/bad.toml".into(), content: "[[measure]]\nid = 1\n".into() });
        let err = from_sources(&files).unwrap_err();
        assert_eq!(err.code_str(), "invalid_policy");
    }

    #[test]
    fn damaged_snapshots_are_errors_not_panics() {
        let bytes = embedded().unwrap();
        let mut cases: Vec<Vec<u8>> = vec![Vec::new(), b"not a snapshot".to_vec()];
        for cut in [1, 7, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            cases.push(bytes[..cut].to_vec());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        cases.push(longer);
        // Flip bytes through the body: each result is a set or a coded error.
        for i in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            cases.push(b);
        }
        for (i, b) in cases.iter().enumerate() {
            match PolicySet::from_snapshot(b) {
                Ok(_) => assert!(i > 7, "case {i} should be refused"),
                Err(e) => assert_eq!(e.code_str(), "invalid_policy", "case {i}"),
            }
        }
        // Another version's snapshot is refused by name.
        let other = postcard::to_allocvec(&Snapshot {
            tag: TAG.into(),
            version: "0.0.0-other".into(),
            layers: Vec::new(),
            calendar: Vec::new(),
        })
        .unwrap();
        let err = PolicySet::from_snapshot(&other).unwrap_err();
        assert!(err.diagnostics()[0].message.contains("0.0.0-other"), "{err:?}");
    }
}
