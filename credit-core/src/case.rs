//! The case: the input of an evaluation, in the JSON contract shared by every binding.
//!
//! Field names are snake_case, dates `YYYY-MM-DD`, enums snake_case strings, and unknown fields
//! are errors. Reading a case reports the first problem with its field path, e.g.
//! `records[2].events[0].on`. The subject's identifier is personal data: it is masked in `Debug`.

use crate::error::Error;
use crate::vocab::{Actor, Date, EventType, RegistrationStatus, Sector, Span, SubjectKind, Target};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Language of explanation messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A case to evaluate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Jurisdiction layer; absent: the engine's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// The date the decision is taken at.
    pub as_of: Date,
    /// Explanation language; absent: Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// The subject.
    pub subject: Subject,
    /// Its records.
    #[serde(default)]
    pub records: Vec<Record>,
    /// Sanction measures proposed against it.
    #[serde(default)]
    pub proposed_measures: Vec<ProposedMeasure>,
    /// Credit commitments it made (COM-1).
    #[serde(default)]
    pub commitments: Vec<Commitment>,
}

/// The subject of a case.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Unified social credit code or resident identity number.
    pub id: String,
    /// Legal kind.
    pub kind: SubjectKind,
    /// Sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Registration status; absent: active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RegistrationStatus>,
    /// Region code (GB/T 2260), used by the serious-subject ratio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Recognitions (red lists, honest models) with their dates (INC-1, SUB-7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recognitions: Vec<Recognition>,
    /// First day the subject existed (registration or birth), for "three clean years".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
}

impl fmt::Debug for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subject")
            .field("id", &crate::id::mask(&self.id))
            .field("kind", &self.kind)
            .field("sector", &self.sector)
            .field("status", &self.status)
            .field("region", &self.region)
            .field("recognitions", &self.recognitions)
            .field("since", &self.since)
            .finish()
    }
}

/// A recognition such as a red-list entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    /// Red-list id.
    pub list: String,
    /// Date granted.
    pub on: Date,
}

/// One determination of dishonest conduct with its timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Record id, unique in the case.
    pub id: String,
    /// Conduct id from the catalogue.
    pub conduct: String,
    /// Domain; absent: the conduct's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Severity; absent: the conduct's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<crate::vocab::Severity>,
    /// Date of the determining document.
    pub decided_on: Date,
    /// The determining body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// The list it puts the subject on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// The listing term the determining document fixed, for a list whose term is set case by
    /// case within bounds (`duration_range`, e.g. the procurement ban: 1–3 years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<Span>,
    /// Dated events, in any order.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// A dated event on a record's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The day it happened.
    pub on: Date,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// For `listing_extended`: by how long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Span>,
    /// For `moved_out`: the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A sanction measure proposed against the subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposedMeasure {
    /// Measure id from the catalogue.
    pub measure: String,
    /// The record it is proposed for.
    pub record: String,
    /// The implementing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// What kind of body is asked to apply it; absent: an administrative body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_kind: Option<Actor>,
    /// Whether the body acts of its own accord (true) or is required to (false, default).
    #[serde(default)]
    pub voluntary: bool,
    /// Who it is aimed at; absent: the subject itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
}

/// What kind of commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    /// 告知承诺制: a commitment replacing a proof item (COM-2).
    NotifyAndCommit,
    /// 主动型承诺: a voluntary public commitment.
    Voluntary,
    /// 信用修复承诺: made when applying for repair.
    Repair,
}

/// How a commitment turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Kept, or not yet verified.
    Kept,
    /// Not fulfilled.
    Breached,
    /// Found false on verification.
    False,
}

/// A credit commitment (COM-1, COM-2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Commitment id, unique in the case.
    pub id: String,
    /// Kind.
    pub kind: CommitmentKind,
    /// Date made.
    pub made_on: Date,
    /// Outcome.
    pub status: CommitmentStatus,
    /// Date the breach or falsity was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_on: Option<Date>,
}

impl Case {
    /// Read a case from a JSON value, naming the field path of the first problem.
    ///
    /// ```
    /// use credit_core::case::Case;
    /// let v = serde_json::json!({"as_of": "2025-10-09", "subject": {"id": "x", "kind": "alien"}});
    /// let err = Case::from_value(v).err().ok_or("expected an error")?;
    /// assert_eq!(err.path(), Some("subject.kind"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<Case, Error> {
        let case: Case = serde_path_to_error::deserialize(value).map_err(|e| path_error(&e))?;
        case.check_ids()?;
        Ok(case)
    }

    /// Read a case from JSON text.
    pub fn from_json(text: &str) -> Result<Case, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let case: Case = serde_path_to_error::deserialize(&mut de).map_err(|e| path_error(&e))?;
        de.end().map_err(|e| Error::case("invalid_json", "", format!("invalid json: {e}")))?;
        case.check_ids()?;
        Ok(case)
    }

    fn check_ids(&self) -> Result<(), Error> {
        for (i, r) in self.records.iter().enumerate() {
            if self.records.iter().take(i).any(|o| o.id == r.id) {
                return Err(Error::case(
                    "duplicate_record",
                    format!("records[{i}].id"),
                    format!("duplicate record id `{}`", r.id),
                ));
            }
        }
        for (i, c) in self.commitments.iter().enumerate() {
            if self.commitments.iter().take(i).any(|o| o.id == c.id) {
                return Err(Error::case(
                    "duplicate_commitment",
                    format!("commitments[{i}].id"),
                    format!("duplicate commitment id `{}`", c.id),
                ));
            }
        }
        for (i, m) in self.proposed_measures.iter().enumerate() {
            // A breached or false commitment becomes the record `commitment:<id>` (COM-1).
            let commitment_record =
                m.record.strip_prefix("commitment:").is_some_and(|id| self.commitments.iter().any(|c| c.id == id));
            if !commitment_record && !self.records.iter().any(|r| r.id == m.record) {
                return Err(Error::case(
                    "unknown_record",
                    format!("proposed_measures[{i}].record"),
                    format!("no record with id `{}` in this case", m.record),
                ));
            }
        }
        Ok(())
    }
}

fn path_error<E: fmt::Display>(e: &serde_path_to_error::Error<E>) -> Error {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let inner = e.inner().to_string();
    let message = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
    let code = if message.starts_with("unknown field") {
        "unknown_field"
    } else if message.starts_with("missing field") {
        "missing_field"
    } else if message.starts_with("unknown variant") {
        "unknown_value"
    } else if message.contains("YYYY-MM-DD") {
        "invalid_date"
    } else if message.starts_with("invalid type") {
        "wrong_type"
    } else if message.contains("EOF") || message.contains("expected value") || message.contains("trailing") {
        "invalid_json"
    } else {
        "invalid_value"
    };
    // A missing field is reported at the parent path; name the field in the path too.
    let path = if code == "missing_field" {
        match message.split('`').nth(1) {
            Some(field) if path.is_empty() => field.to_owned(),
            Some(field) => format!("{path}.{field}"),
            None => path,
        }
    } else {
        path
    };
    Error::case(code, path, message)
}

crate::vocab::display_as_serialized!(Lang, CommitmentKind, CommitmentStatus);
