//! The messages: one variant per conclusion a decision can state, with the typed arguments its
//! text needs. Adding a message means a variant here, its key in [`Msg::key`], and one arm in
//! each language's catalogue ([`super::zh`], [`super::en`]).
//!
//! Arguments are facts (dates, counts, spans, enums) or shared references to the policy entries
//! and case strings they name: building a message copies no text.

use crate::calendar::YearSet;
use crate::decision::{Outcome, RecordStatus, Verdict};
use crate::policy::model::{
    IncentiveEntry, ListEntry, MeasureEntry, ObjectionEntry, PublicationEntry, RepairBar, RepairCondition, RepairEntry,
    SupervisionEntry, TriageEntry,
};
use crate::policy::Sourced;
use crate::vocab::{Actor, EventType, Grade, Severity, Span, Target};
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
    GradeBy { grade: Grade, record: Txt, domain: Option<Txt>, others: Vec<Grade> },

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

    // ── period and status ──
    /// The sanction period (PER-1, PER-2, OBJ-2).
    Period(PeriodFacts),
    /// In force, until `until` (the latest possible end when `latest`), or until removed.
    StatusActive { until: Option<NaiveDate>, latest: bool },
    /// Suspended while an objection or complaint is pending.
    StatusSuspended,
    /// An objection or complaint was upheld.
    StatusUpheld,
    /// Repair took effect.
    StatusRepaired,
    /// A list-specific exit event took the subject off `list`.
    StatusExit {
        on: NaiveDate,
        event: EventType,
        list: Option<Arc<Sourced<ListEntry>>>,
        removal_due: Option<NaiveDate>,
    },
    /// The listing body removed the record.
    StatusRemoved,
    /// An early-exit application was granted.
    StatusGranted,
    /// The period ended.
    StatusExpired { end: NaiveDate, deletion_due: Option<NaiveDate> },

    // ── publication ──
    /// The publication window under the regime in force (PER-3).
    Publication(PublicationFacts),
    /// 双公示: the deadline and whether it was met (PER-4).
    DoublePublicity {
        within: Span,
        due: NaiveDate,
        published: Option<NaiveDate>,
        on_time: bool,
        late_by: i64,
        as_of: NaiveDate,
    },

    // ── repair ──
    /// Repair under the regime in force (REP-1..4).
    Repair(RepairFacts),
    /// The list's own instrument governs deletion: no repair regime (NAT-6, NAT-3).
    RepairNotApplicable { list: Arc<Sourced<ListEntry>>, decided_by: Option<Txt> },
    /// Early exit from a list on application (TRI-4).
    EarlyExit(Box<EarlyExitFacts>),
    /// A listing inside a re-listing bar opened by an earlier deletion.
    RelistingBar {
        earlier: Txt,
        deleted_on: NaiveDate,
        event: EventType,
        within: Span,
        until: NaiveDate,
        list: Arc<Sourced<ListEntry>>,
        decided_on: NaiveDate,
    },

    // ── objections ──
    /// An objection under the layer's procedure.
    Objection(ObjectionFacts),
    /// A correction request under a list's own review clocks (NAT-6).
    Review {
        filed: NaiveDate,
        list: Arc<Sourced<ListEntry>>,
        clock: Span,
        reply_due: NaiveDate,
        overdue: bool,
        outcome: Outcome,
    },
    /// A complaint after a rejected objection.
    Complaint { filed: NaiveDate, receiving: Txt, due: Option<NaiveDate>, suspends: bool },

    // ── incentives ──
    /// Whether an incentive is earned, and why.
    Incentive { incentive: Arc<Sourced<IncentiveEntry>>, grade: Grade, state: IncentiveState },

    // ── measures ──
    /// One check of a proposed measure on a record (MEA-1..8).
    Check { measure: Arc<Sourced<MeasureEntry>>, record: Txt, passed: bool, what: CheckDetail },
    /// The verdict on a proposed measure, with the failed checks.
    Verdict { measure: Arc<Sourced<MeasureEntry>>, record: Txt, verdict: Verdict, failed: Vec<CheckDetail> },

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
            Msg::Objection(_) => "objection.filed",
            Msg::Repair(_) => "repair.regime",
            Msg::RepairNotApplicable { .. } => "repair.not_applicable",
            Msg::EarlyExit(_) => "repair.early_exit",
            Msg::RelistingBar { .. } => "repair.relisting_bar",
            Msg::Publication(_) => "publication.window",
            Msg::DoublePublicity { .. } => "publication.double_publicity",
            Msg::Period(_) => "period.length",
            Msg::StatusActive { .. } => "status.active",
            Msg::StatusSuspended => "status.suspended",
            Msg::StatusUpheld => "status.revoked",
            Msg::StatusRepaired => "status.repaired",
            Msg::StatusExit { .. } => "status.exited",
            Msg::StatusRemoved => "status.removed",
            Msg::StatusGranted => "status.early_exit_granted",
            Msg::StatusExpired { .. } => "status.expired",
            Msg::Review { .. } => "objection.list_review",
            Msg::Complaint { .. } => "objection.complaint",
            Msg::Check { what, .. } => match what {
                CheckDetail::Catalogue { .. } => "measure.check.catalogue",
                CheckDetail::LegalBasis => "measure.check.legal_basis",
                CheckDetail::RecordInForce { .. } => "measure.check.record_in_force",
                CheckDetail::NotSuspended => "measure.check.not_suspended",
                CheckDetail::Scope { .. } => "measure.check.scope",
                CheckDetail::Relevance { .. } => "measure.check.relevance",
                CheckDetail::NotLifted { .. } => "measure.check.not_lifted",
                CheckDetail::Proportionality { .. } => "measure.check.proportionality",
                CheckDetail::SubjectKind { .. } => "measure.check.subject_kind",
                CheckDetail::VoluntaryOnly { .. } => "measure.check.voluntary_only",
                CheckDetail::Notice { .. } => "measure.check.notice",
            },
            Msg::Verdict { verdict: Verdict::Allowed, .. } => "measure.allowed",
            Msg::Verdict { verdict: Verdict::Refused, .. } => "measure.refused",
            Msg::Incentive { state, .. } => match state {
                IncentiveState::Recognised { .. } => "incentive.recognised",
                IncentiveState::EarnedClean { .. } => "incentive.earned_clean_years",
                IncentiveState::Met => "incentive.conditions_met",
                IncentiveState::InForce { .. } => "incentive.record_in_force",
                IncentiveState::Unknown { .. } => "incentive.start_unknown",
                IncentiveState::Pending { .. } => "incentive.pending",
                IncentiveState::NotEarned => "incentive.not_earned",
            },
        }
    }
}

/// Where the clean years of an incentive start (INC-2).
#[derive(Clone, Debug)]
pub(crate) enum CleanStart {
    /// A bad record is still in force: no clean year yet.
    InForce(Txt),
    /// The last bad record stopped having effect on this day.
    RecordEnded(NaiveDate, Txt),
    /// No record: registration (or birth).
    Registered(NaiveDate),
    /// No record and no registration date.
    Unknown,
}

/// How an incentive stands (INC-1..3).
#[derive(Clone, Debug)]
pub(crate) enum IncentiveState {
    /// Earned by a recognition (red list, honest model) dated `on`.
    Recognised { on: NaiveDate },
    /// Earned after `years` clean years counted from `start`, on `on`.
    EarnedClean { years: u32, start: CleanStart, on: NaiveDate },
    /// Conditions met (no clean-years condition).
    Met,
    /// A record in force: no clean year has begun.
    InForce { years: u32, record: Txt },
    /// No record and no registration date: the start is unknown.
    Unknown { years: u32 },
    /// Clean years still running: earned on `on`.
    Pending { years: u32, start: CleanStart, on: NaiveDate },
    /// Not earned (subject kind or grade).
    NotEarned,
}

/// What a measure check found; with the check's `passed` flag, enough to say why.
#[derive(Clone, Copy, Debug)]
pub(crate) enum CheckDetail {
    /// MEA-1: in the catalogue and in force on `as_of`.
    Catalogue { as_of: NaiveDate },
    /// MEA-2: a legal basis of sufficient rank.
    LegalBasis,
    /// PER-1, REP-2, OBJ-3: the record's status.
    RecordInForce { status: RecordStatus },
    /// OBJ-2: not suspended.
    NotSuspended,
    /// SUB-2, SUB-6: in scope; a watch-list record gets supervision only.
    Scope { watch_only: bool },
    /// MEA-3: the cause that makes the measure relevant.
    Relevance { by: Cause },
    /// NAT-5: the `lift`-th `lifted_by` entry of the measure, and the day its event happened.
    NotLifted { lift: usize, lifted_on: Option<NaiveDate> },
    /// MEA-3: proportionality to the record's severity; `list_ok` false when the measure needs a
    /// serious list the record is not on.
    Proportionality { severity: Severity, list_ok: bool },
    /// MEA-7: the proposed target.
    SubjectKind { target: Target },
    /// MEA-5: who acts, and whether a voluntary-only measure would be imposed.
    VoluntaryOnly { by: Actor, imposed: bool },
    /// MEA-6: whether notice was needed and given.
    Notice { needed: bool, notified: bool },
}

/// Which of a measure's causes a record matches (MEA-3).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cause {
    /// The record's list.
    List,
    /// The record's conduct.
    Conduct,
    /// The record's severity.
    Severity,
}

/// What the period's message states (PER-1, PER-2, OBJ-2).
#[derive(Clone, Debug)]
pub(crate) struct PeriodFacts {
    pub decided_on: NaiveDate,
    pub length: Option<Span>,
    /// The list's case-by-case range, when the term is not stated and the upper bound is used.
    pub range: Option<[Span; 2]>,
    pub list_maximum: bool,
    pub nominal_end: Option<NaiveDate>,
    pub extended: Span,
    pub extension_capped: bool,
    pub suspended_days: i64,
    pub term_fixed: bool,
    pub effective_end: Option<NaiveDate>,
}

/// What the publication window's message states (PER-3).
#[derive(Clone, Debug)]
pub(crate) struct PublicationFacts {
    pub regime: Arc<Sourced<PublicationEntry>>,
    pub severity: Severity,
    /// The record's domain when a field regime applies.
    pub field: Option<Txt>,
    pub publish_due: Option<NaiveDate>,
    pub min_end: Option<NaiveDate>,
    pub max_end: Option<NaiveDate>,
    pub decided_on: NaiveDate,
}

/// Which date chose a dated regime (docs/DESIGN.md, "Which regime applies on a boundary date").
#[derive(Clone, Copy, Debug)]
pub(crate) enum Deciding {
    /// The decision date (publication).
    Decision,
    /// The application date (repair).
    Application,
    /// The evaluation date, no application being on file (repair).
    Evaluation,
}

/// What the repair message states (REP-1..4).
#[derive(Clone, Debug)]
pub(crate) struct RepairFacts {
    pub regime: Arc<Sourced<RepairEntry>>,
    pub eligible_from: Option<NaiveDate>,
    /// The regime's bars that apply: bit `1 << b as u8` per [`RepairBar`].
    pub bars_hit: u8,
    /// The conditions met: bit `1 << c as u8` per [`RepairCondition`].
    pub met_mask: u8,
    /// Whether `obligations_performed` was added to the regime's conditions (minor conduct).
    pub performed_added: bool,
    pub decided_by: Txt,
    pub decision_due: Option<NaiveDate>,
    /// The day that chose the regime, and which day it is.
    pub day: NaiveDate,
    pub deciding: Deciding,
}

impl RepairFacts {
    /// The conditions checked, in the regime's order (`obligations_performed` last when added).
    pub fn conditions(&self) -> impl Iterator<Item = &RepairCondition> {
        const PERFORMED: &RepairCondition = &RepairCondition::ObligationsPerformed;
        self.regime.entry.conditions.iter().chain(self.performed_added.then_some(PERFORMED))
    }
    /// The conditions met, in order.
    pub fn met(&self) -> impl Iterator<Item = &RepairCondition> {
        self.conditions().filter(|c| self.met_mask & (1 << **c as u8) != 0)
    }
    /// The conditions still missing, in order.
    pub fn missing(&self) -> impl Iterator<Item = &RepairCondition> {
        self.conditions().filter(|c| self.met_mask & (1 << **c as u8) == 0)
    }
    /// The bars that apply, in the regime's order.
    pub fn bars(&self) -> impl Iterator<Item = &RepairBar> {
        self.regime.entry.bars.iter().filter(|b| self.bars_hit & (1 << **b as u8) != 0)
    }
}

/// What the early-exit message states (TRI-4).
#[derive(Clone, Debug)]
pub(crate) struct EarlyExitFacts {
    pub list: Arc<Sourced<ListEntry>>,
    pub available_from: Option<NaiveDate>,
    /// Conditions by name: `waiting_period` or an event type.
    pub met: Vec<&'static str>,
    pub missing: Vec<&'static str>,
    pub bars: Vec<ExitBarFound>,
    pub granted_on: Option<NaiveDate>,
    pub applied_on: Option<NaiveDate>,
}

/// A bar on early exit found in the case.
#[derive(Clone, Debug)]
pub(crate) enum ExitBarFound {
    /// The subject was listed again (record) within the window.
    RepeatListing { record: Txt, within: Option<Span> },
    /// A heavier penalty followed the listing (record).
    LaterPenalty { record: Txt },
}

/// What an objection's message states (OBJ-1..3, NATIONAL §7).
#[derive(Clone, Debug)]
pub(crate) struct ObjectionFacts {
    pub filed: NaiveDate,
    pub procedure: Arc<Sourced<ObjectionEntry>>,
    pub clock: Span,
    pub reply_due: NaiveDate,
    pub overdue: bool,
    pub forwarded_on: Option<NaiveDate>,
    pub forward_due: Option<NaiveDate>,
    pub forwarded_late: bool,
    pub provider_due: Option<NaiveDate>,
    pub extended: bool,
    pub not_counted: u32,
    pub suspends: bool,
    pub term_fixed: bool,
    pub outcome: Outcome,
}

/// The provider's clock after forwarding, with the extension where one applies.
pub(crate) fn clock_if_provider(e: &crate::policy::model::ObjectionEntry, extended: bool) -> Span {
    match (e.provider_within, e.provider_extension) {
        (Some(p), Some(x)) if extended && x.unit == p.unit => Span::new(p.n.saturating_add(x.n), p.unit),
        (Some(p), _) => p,
        (None, _) => e.reply_within,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of a record's period, publication, repair and objection are carried inline (no
    /// allocation per message); the largest of them must not make every message bigger.
    #[test]
    fn a_message_with_inline_facts_stays_within_64_bytes() {
        assert!(std::mem::size_of::<PeriodFacts>() <= 56);
        assert!(std::mem::size_of::<Msg>() <= 64, "Msg is {} bytes", std::mem::size_of::<Msg>());
    }
}
