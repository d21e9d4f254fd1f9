//! The case: the input of an evaluation, in the JSON contract shared by every binding.
//!
//! Field names are snake_case, dates `YYYY-MM-DD`, enums snake_case strings, and unknown fields
//! are errors. Reading a case reports the first problem with its field path, e.g.
//! `records[2].events[0].on`. The subject's identifier is personal data: it is masked in `Debug`.

use crate::error::{Error, ErrorCode};
use crate::vocab::{Actor, Date, EventType, RegistrationStatus, Sector, Span, SubjectKind, Target};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Language of explanation messages.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub records: Vec<Record>,
    /// Sanction measures proposed against it.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub proposed_measures: Vec<ProposedMeasure>,
    /// Credit commitments it made (COM-1).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub commitments: Vec<Commitment>,
}

/// The subject of a case.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    /// Red-list id.
    pub list: String,
    /// Date granted.
    pub on: Date,
}

/// One determination of dishonest conduct with its timeline.
// In TypeScript `CaseRecord`: `Record` is a built-in type there.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CaseRecord"))]
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
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub events: Vec<Event>,
}

/// A dated event on a record's timeline.
// In TypeScript `CaseEvent`: `Event` is a DOM type there.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CaseEvent"))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub voluntary: bool,
    /// Who it is aimed at; absent: the subject itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
}

/// What kind of commitment.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Read a case from a JSON value, naming the field path of the first problem (through the
    /// FFI layer, [`crate::ffi::case_from_value`]).
    ///
    /// ```
    /// use credit_core::case::Case;
    /// let v = serde_json::json!({"as_of": "2025-10-09", "subject": {"id": "x", "kind": "alien"}});
    /// let err = Case::from_value(v).err().ok_or("expected an error")?;
    /// assert_eq!(err.path(), Some("subject.kind"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<Case, Error> {
        crate::ffi::case_from_value(value)
    }

    /// Read a case from JSON text ([`crate::ffi::case_from_json`]).
    pub fn from_json(text: &str) -> Result<Case, Error> {
        crate::ffi::case_from_json(text)
    }

    pub(crate) fn check_ids(&self) -> Result<(), Error> {
        for (i, r) in self.records.iter().enumerate() {
            if self.records.iter().take(i).any(|o| o.id == r.id) {
                return Err(Error::case(
                    ErrorCode::DuplicateRecord,
                    format!("records[{i}].id"),
                    format!("duplicate record id `{}`", r.id),
                ));
            }
        }
        for (i, c) in self.commitments.iter().enumerate() {
            if self.commitments.iter().take(i).any(|o| o.id == c.id) {
                return Err(Error::case(
                    ErrorCode::DuplicateCommitment,
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
                    ErrorCode::UnknownRecord,
                    format!("proposed_measures[{i}].record"),
                    format!("no record with id `{}` in this case", m.record),
                ));
            }
        }
        Ok(())
    }
}

crate::vocab::display_as_serialized!(Lang, CommitmentKind, CommitmentStatus);

// -------------------------------------------------------------------------------------------------
// Builders: a typed case without a page of `None`s.
// -------------------------------------------------------------------------------------------------

impl Case {
    /// A case at `as_of` for `subject`, with no records yet.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use credit_core::case::{Case, Event, ProposedMeasure, Record, Subject};
    /// use credit_core::vocab::{EventType, SubjectKind};
    ///
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    /// let case = Case::new(d(2025, 10, 9)?, Subject::new("91110000600037341L", SubjectKind::LegalPerson))
    ///     .jurisdiction("cn-jilin-tonghua")
    ///     .record(
    ///         Record::new("r1", "administrative_penalty_general", d(2025, 6, 2)?)
    ///             .event(Event::new(d(2025, 9, 26)?, EventType::ObjectionFiled)),
    ///     )
    ///     .proposed_measure(ProposedMeasure::new("key_supervision", "r1"));
    /// let decision = credit_core::Engine::national()?.evaluate(&case)?;
    /// assert_eq!(decision.records[0].objections[0].reply_due.to_string(), "2025-10-23");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(as_of: chrono::NaiveDate, subject: Subject) -> Case {
        Case {
            jurisdiction: None,
            as_of: Date(as_of),
            lang: None,
            subject,
            records: Vec::new(),
            proposed_measures: Vec::new(),
            commitments: Vec::new(),
        }
    }
    /// Evaluate under this jurisdiction layer.
    #[must_use]
    pub fn jurisdiction(mut self, id: impl Into<String>) -> Case {
        self.jurisdiction = Some(id.into());
        self
    }
    /// Explain in this language.
    #[must_use]
    pub fn lang(mut self, lang: Lang) -> Case {
        self.lang = Some(lang);
        self
    }
    /// Add a record.
    #[must_use]
    pub fn record(mut self, record: Record) -> Case {
        self.records.push(record);
        self
    }
    /// Add a proposed measure.
    #[must_use]
    pub fn proposed_measure(mut self, measure: ProposedMeasure) -> Case {
        self.proposed_measures.push(measure);
        self
    }
    /// Add a commitment.
    #[must_use]
    pub fn commitment(mut self, commitment: Commitment) -> Case {
        self.commitments.push(commitment);
        self
    }
}

impl Subject {
    /// A subject by identifier and kind (active, no sector, region or recognitions).
    pub fn new(id: impl Into<String>, kind: SubjectKind) -> Subject {
        Subject { id: id.into(), kind, sector: None, status: None, region: None, recognitions: Vec::new(), since: None }
    }
    /// Its sector.
    #[must_use]
    pub fn sector(mut self, sector: Sector) -> Subject {
        self.sector = Some(sector);
        self
    }
    /// Its registration status.
    #[must_use]
    pub fn status(mut self, status: RegistrationStatus) -> Subject {
        self.status = Some(status);
        self
    }
    /// Its region code (GB/T 2260).
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Subject {
        self.region = Some(region.into());
        self
    }
    /// The day it came into existence.
    #[must_use]
    pub fn since(mut self, since: chrono::NaiveDate) -> Subject {
        self.since = Some(Date(since));
        self
    }
    /// A recognition (red list) granted on `on`.
    #[must_use]
    pub fn recognition(mut self, list: impl Into<String>, on: chrono::NaiveDate) -> Subject {
        self.recognitions.push(Recognition { list: list.into(), on: Date(on) });
        self
    }
}

impl Record {
    /// A record of `conduct` decided on `decided_on` (domain and severity from the catalogue).
    pub fn new(id: impl Into<String>, conduct: impl Into<String>, decided_on: chrono::NaiveDate) -> Record {
        Record {
            id: id.into(),
            conduct: conduct.into(),
            domain: None,
            severity: None,
            decided_on: Date(decided_on),
            decided_by: None,
            list: None,
            term: None,
            events: Vec::new(),
        }
    }
    /// The term the listing body fixed, for a list whose term is set case by case within bounds
    /// (e.g. the procurement ban: 1–3 years).
    #[must_use]
    pub fn term(mut self, term: Span) -> Record {
        self.term = Some(term);
        self
    }
    /// Its domain, when it differs from the conduct's.
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Record {
        self.domain = Some(domain.into());
        self
    }
    /// Its severity, when it differs from the conduct's default.
    #[must_use]
    pub fn severity(mut self, severity: crate::vocab::Severity) -> Record {
        self.severity = Some(severity);
        self
    }
    /// The determining body.
    #[must_use]
    pub fn decided_by(mut self, body: impl Into<String>) -> Record {
        self.decided_by = Some(body.into());
        self
    }
    /// The list it puts the subject on.
    #[must_use]
    pub fn list(mut self, list: impl Into<String>) -> Record {
        self.list = Some(list.into());
        self
    }
    /// Add an event.
    #[must_use]
    pub fn event(mut self, event: Event) -> Record {
        self.events.push(event);
        self
    }
}

impl Event {
    /// An event of `kind` on `on`.
    pub fn new(on: chrono::NaiveDate, kind: EventType) -> Event {
        Event { on: Date(on), kind, extension: None, destination: None, note: None }
    }
    /// For `listing_extended`: by how long.
    #[must_use]
    pub fn extension(mut self, span: Span) -> Event {
        self.extension = Some(span);
        self
    }
    /// For `moved_out`: the destination.
    #[must_use]
    pub fn destination(mut self, destination: impl Into<String>) -> Event {
        self.destination = Some(destination.into());
        self
    }
    /// A free note.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Event {
        self.note = Some(note.into());
        self
    }
}

impl ProposedMeasure {
    /// Measure `measure` proposed for record `record`, by an administrative body, aimed at the
    /// subject itself.
    pub fn new(measure: impl Into<String>, record: impl Into<String>) -> ProposedMeasure {
        ProposedMeasure {
            measure: measure.into(),
            record: record.into(),
            by: None,
            by_kind: None,
            voluntary: false,
            target: None,
        }
    }
    /// The implementing body.
    #[must_use]
    pub fn by(mut self, body: impl Into<String>) -> ProposedMeasure {
        self.by = Some(body.into());
        self
    }
    /// What kind of body is asked to apply it.
    #[must_use]
    pub fn by_kind(mut self, actor: Actor) -> ProposedMeasure {
        self.by_kind = Some(actor);
        self
    }
    /// Whether the body acts of its own accord.
    #[must_use]
    pub fn voluntary(mut self, voluntary: bool) -> ProposedMeasure {
        self.voluntary = voluntary;
        self
    }
    /// Who it is aimed at.
    #[must_use]
    pub fn target(mut self, target: Target) -> ProposedMeasure {
        self.target = Some(target);
        self
    }
}

impl Commitment {
    /// A commitment made on `made_on` with its outcome.
    pub fn new(
        id: impl Into<String>,
        kind: CommitmentKind,
        made_on: chrono::NaiveDate,
        status: CommitmentStatus,
    ) -> Commitment {
        Commitment { id: id.into(), kind, made_on: Date(made_on), status, found_on: None }
    }
    /// The day a breach or falsity was found.
    #[must_use]
    pub fn found_on(mut self, on: chrono::NaiveDate) -> Commitment {
        self.found_on = Some(Date(on));
        self
    }
}
