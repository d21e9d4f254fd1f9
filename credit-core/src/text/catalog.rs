//! The messages: one variant per conclusion a decision can state, with the typed arguments its
//! text needs. Adding a message means a variant here, its key in [`Msg::key`], and one arm in
//! each language's catalogue ([`super::zh`], [`super::en`]).
//!
//! Arguments are facts (dates, counts, spans, enums) or shared references to the policy entries
//! and case strings they name: building a message copies no text.

use crate::calendar::YearSet;
use crate::policy::model::{SupervisionEntry, TriageEntry};
use crate::policy::Sourced;
use crate::vocab::{Grade, Severity};
use chrono::NaiveDate;
use std::sync::Arc;

/// Shared text (a record id, a body's name) carried by a message without copying it.
pub(crate) type Txt = Arc<str>;

/// Every message of the catalogue.
#[derive(Clone, Debug)]
pub(crate) enum Msg {
    // ── calendar ──
    /// A conclusion used working days of years whose holiday notice is not loaded.
    Projected { years: YearSet },

    // ── grade ──
    /// No record in force: trustworthy.
    GradeNoRecord { as_of: NaiveDate },
    /// The record that sets the grade, and the grades it takes precedence over.
    GradeBy { grade: Grade, record: Txt, domain: Txt, others: Vec<Grade> },

    // ── commitments ──
    /// A breach is alleged but not found yet.
    CommitmentNotYetFound,
    /// A kept commitment enters the record.
    CommitmentKept,
    /// A breached or false commitment becomes a negative record.
    CommitmentNegative { found: NaiveDate, false_commitment: bool, severity: Severity },

    // ── triage ──
    /// A triage rule matched these records.
    Triage { rule: Arc<Sourced<TriageEntry>>, records: Vec<Txt> },

    // ── supervision ──
    /// The supervision class of a grade.
    Supervision { grade: Grade, class: Arc<Sourced<SupervisionEntry>>, excluded: bool },
}

impl Msg {
    /// The stable key of the message.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Msg::Projected { .. } => "calendar.projected",
            Msg::GradeNoRecord { .. } => "grade.no_record",
            Msg::GradeBy { .. } => "grade.by_record",
            Msg::CommitmentNotYetFound => "commitment.not_yet_found",
            Msg::CommitmentKept => "commitment.kept",
            Msg::CommitmentNegative { .. } => "commitment.negative",
            Msg::Triage { .. } => "triage.matched",
            Msg::Supervision { .. } => "supervision.class",
        }
    }
}
