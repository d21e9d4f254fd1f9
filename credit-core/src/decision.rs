//! The decision: the output of an evaluation, in the JSON contract shared by every binding.
//!
//! Every conclusion carries an [`Explanation`]: the RULEBOOK ids, the policy entries
//! (`layer:kind/id`) and the legal citations it used, and a message in the case's language.
//! Values resting on provisional (\[S\]/\[U\]) policy data say so with `provisional: true`.

pub use crate::text::Message;
use crate::vocab::{Date, Grade, RegistrationStatus, Severity, SubjectKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// What a conclusion cites: RULEBOOK / NATIONAL ids, policy entries (`layer:kind/id`) and legal
/// citations. Shared between the explanations of a batch that cite the same (see
/// `eval::why`): cloning an explanation or a decision does not copy these lists.
#[derive(Clone, Debug, Default)]
pub struct Cited {
    rules: Box<[Cow<'static, str>]>,
    entries: Box<[Arc<str>]>,
    citations: Box<[Arc<str>]>,
    /// The rule ids as the text report writes them (`  [A, B]`), made the first time a report
    /// shows them: the lists are shared by every explanation of a batch that cites the same, so
    /// the ids are joined once, not once per line of every report.
    bracket: std::sync::OnceLock<Box<str>>,
}

impl PartialEq for Cited {
    /// The lists, not whether their text has been made yet.
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules && self.entries == other.entries && self.citations == other.citations
    }
}

impl Eq for Cited {}

impl Cited {
    pub(crate) fn new(rules: Box<[Cow<'static, str>]>, entries: Box<[Arc<str>]>, citations: Box<[Arc<str>]>) -> Cited {
        Cited { rules, entries, citations, bracket: std::sync::OnceLock::new() }
    }

    /// `  [A, B]`: the rule ids for the text report (empty when there are none).
    pub(crate) fn bracket(&self) -> &str {
        self.bracket.get_or_init(|| {
            if self.rules.is_empty() {
                return Box::default();
            }
            let mut o = String::with_capacity(4 + self.rules.iter().map(|r| r.len() + 2).sum::<usize>());
            o.push_str("  [");
            crate::text::join(&mut o, self.rules.iter(), ", ", |o, r| o.push_str(r));
            o.push(']');
            o.into_boxed_str()
        })
    }
}

/// Why a conclusion was reached.
///
/// Serialises as `{"rules": [...], "entries": [...], "citations": [...], "message": "...",
/// "provisional"?, "projected_years"?, "provisional_note"?}`.
///
/// ```
/// let engine = credit_core::Engine::national()?;
/// let case = credit_core::case::Case::from_json(r#"{"as_of": "2025-01-02", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}"#)?;
/// let why = &engine.evaluate(&case)?.grade_explanation;
/// assert!(!why.rules().is_empty());
/// assert!(why.entries().iter().all(|e| e.contains(':')));
/// # Ok::<(), credit_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Explanation {
    pub(crate) cited: Arc<Cited>,
    /// What the conclusion says: a catalogue key with typed arguments, rendered in the
    /// decision's language when serialized or shown ([`Message::render`]).
    pub message: Message,
    /// Whether a provisional value was used: an \[S\]/\[U\] policy value, or a working day of a year
    /// whose State Council notice is not on file (then [`Explanation::projected_years`] names the
    /// year).
    pub provisional: bool,
    /// Calendar years whose working days this conclusion used although no State Council notice
    /// for them is loaded: they were projected from the statute.
    pub(crate) projected: crate::calendar::YearSet,
    /// The note on projected years as read back from JSON (evaluation makes it on demand).
    pub(crate) note_text: Option<Box<str>>,
}

impl PartialEq for Explanation {
    /// Equal when they cite the same, say the same and are provisional for the same reasons (a
    /// note read back from JSON equals the note made on demand when their text does).
    fn eq(&self, other: &Self) -> bool {
        self.cited == other.cited
            && self.message == other.message
            && self.provisional == other.provisional
            && self.projected == other.projected
            && self.provisional_note() == other.provisional_note()
    }
}

impl Eq for Explanation {}

impl Explanation {
    /// RULEBOOK / NATIONAL ids, in the order the reasoning cited them.
    pub fn rules(&self) -> &[Cow<'static, str>] {
        &self.cited.rules
    }
    /// Policy entries used, as `layer:kind/id`.
    pub fn entries(&self) -> &[Arc<str>] {
        &self.cited.entries
    }
    /// Legal citations (document and article).
    pub fn citations(&self) -> &[Arc<str>] {
        &self.cited.citations
    }
    /// Calendar years whose working days this conclusion used although no State Council notice
    /// for them is loaded (projected from the statute); empty for most conclusions.
    pub fn projected_years(&self) -> crate::calendar::YearSet {
        self.projected
    }
    /// Why the conclusion is provisional when it rests on projected years, in the message's
    /// language; `None` when no year was projected.
    pub fn provisional_note(&self) -> Option<Message> {
        if let Some(t) = &self.note_text {
            return Some(Message::text(self.message.lang(), t.clone()));
        }
        (!self.projected.is_empty())
            .then(|| Message::new(self.message.lang(), crate::text::Msg::Projected { years: self.projected }))
    }
    /// Replace the cited lists (for explanations built outside evaluation, e.g. in tests).
    pub fn with_cited(
        mut self,
        rules: Vec<Cow<'static, str>>,
        entries: Vec<Arc<str>>,
        citations: Vec<Arc<str>>,
    ) -> Explanation {
        self.cited = Arc::new(Cited::new(rules.into(), entries.into(), citations.into()));
        self
    }
}

/// The JSON shape of an [`Explanation`] (serialisation borrows, deserialisation owns).
#[derive(Serialize)]
struct ExplanationOut<'a> {
    rules: &'a [Cow<'static, str>],
    entries: &'a [Arc<str>],
    citations: &'a [Arc<str>],
    message: &'a Message,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    provisional: bool,
    #[serde(skip_serializing_if = "no_years", serialize_with = "years")]
    projected_years: crate::calendar::YearSet,
    #[serde(skip_serializing_if = "Option::is_none")]
    provisional_note: Option<Message>,
}

fn no_years(y: &crate::calendar::YearSet) -> bool {
    y.is_empty()
}

fn years<S: serde::Serializer>(y: &crate::calendar::YearSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(y.iter())
}

/// The JSON shape of an [`Explanation`] for the TypeScript declarations (its `Serialize` is
/// written by hand).
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "Explanation")]
#[allow(dead_code, reason = "a type description: only its TypeScript declaration is used")]
struct ExplanationJson {
    /// RULEBOOK / NATIONAL ids.
    #[ts(type = "string[]")]
    rules: Vec<String>,
    /// Policy entries used, as `layer:kind/id`.
    #[ts(type = "string[]")]
    entries: Vec<String>,
    /// Legal citations (document and article).
    #[ts(type = "string[]")]
    citations: Vec<String>,
    /// What the conclusion says, in the decision's language.
    message: Message,
    /// Whether a provisional value was used (absent when not).
    #[ts(optional)]
    provisional: Option<bool>,
    /// Calendar years projected from the statute that this conclusion used (absent when none).
    #[ts(optional)]
    projected_years: Option<Vec<i32>>,
    /// Why the conclusion is provisional, set with `projected_years`.
    #[ts(optional)]
    provisional_note: Option<Message>,
}

#[cfg(feature = "ts")]
impl ts_rs::TS for Explanation {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn docs() -> Option<String> {
        <ExplanationJson as ts_rs::TS>::docs()
    }
    fn decl(cfg: &ts_rs::Config) -> String {
        <ExplanationJson as ts_rs::TS>::decl(cfg)
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        <ExplanationJson as ts_rs::TS>::decl_concrete(cfg)
    }
    fn name(cfg: &ts_rs::Config) -> String {
        <ExplanationJson as ts_rs::TS>::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        <ExplanationJson as ts_rs::TS>::inline(cfg)
    }
    fn inline_flattened(cfg: &ts_rs::Config) -> String {
        <ExplanationJson as ts_rs::TS>::inline_flattened(cfg)
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        <ExplanationJson as ts_rs::TS>::visit_dependencies(v)
    }
    fn output_path() -> Option<std::path::PathBuf> {
        <ExplanationJson as ts_rs::TS>::output_path()
    }
}

#[derive(Deserialize)]
struct ExplanationIn {
    rules: Vec<Cow<'static, str>>,
    entries: Vec<Arc<str>>,
    citations: Vec<Arc<str>>,
    message: Message,
    #[serde(default)]
    provisional: bool,
    #[serde(default)]
    projected_years: Vec<i32>,
    #[serde(default)]
    provisional_note: Option<Message>,
}

impl Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ExplanationOut {
            rules: &self.cited.rules,
            entries: &self.cited.entries,
            citations: &self.cited.citations,
            message: &self.message,
            provisional: self.provisional,
            projected_years: self.projected,
            provisional_note: self.provisional_note(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Explanation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let e = ExplanationIn::deserialize(d)?;
        let mut projected = crate::calendar::YearSet::EMPTY;
        for y in e.projected_years {
            if !(crate::calendar::YearSet::FIRST..=crate::calendar::YearSet::LAST).contains(&y) {
                return Err(serde::de::Error::custom(format_args!(
                    "projected year {y} is outside {}..={}",
                    crate::calendar::YearSet::FIRST,
                    crate::calendar::YearSet::LAST
                )));
            }
            projected = projected.with(y);
        }
        Ok(Explanation {
            cited: Arc::new(Cited::new(e.rules.into(), e.entries.into(), e.citations.into())),
            message: e.message,
            provisional: e.provisional,
            projected,
            note_text: e.provisional_note.map(|m| m.render(m.lang()).into_boxed_str()),
        })
    }
}

/// The decision on a case at `as_of`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Jurisdiction layer used.
    pub jurisdiction: Arc<str>,
    /// Decision date.
    pub as_of: Date,
    /// The language of the messages (and of `to_text()`'s labels).
    #[serde(default)]
    pub lang: crate::case::Lang,
    /// Versions of the layers used, root first (`cn@2026.11/cn-jilin-tonghua@2018.06`).
    pub policy_version: Arc<str>,
    /// Holiday calendar version.
    pub calendar_version: Arc<str>,
    /// The subject, identifier masked.
    pub subject: SubjectSummary,
    /// Grade at `as_of`.
    pub grade: Grade,
    /// Why.
    pub grade_explanation: Explanation,
    /// Lists the subject is on at `as_of`.
    pub lists: Vec<ListMembership>,
    /// Triage of a serious-list subject (absent otherwise).
    pub triage: Option<TriageDecision>,
    /// Per record.
    pub records: Vec<RecordDecision>,
    /// Per proposed measure.
    pub measures: Vec<MeasureDecision>,
    /// Every measure that would pass, per active record.
    pub permitted_measures: Vec<PermittedMeasures>,
    /// Incentives.
    pub incentives: Vec<IncentiveDecision>,
    /// Commitments and their consequences.
    pub commitments: Vec<CommitmentDecision>,
    /// Supervision level.
    pub supervision: SupervisionDecision,
}

/// The subject as echoed in a decision.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectSummary {
    /// Masked identifier.
    pub id: String,
    /// Whether the identifier validated.
    pub id_valid: bool,
    /// Error code when it did not.
    pub id_error: Option<String>,
    /// Kind.
    pub kind: SubjectKind,
    /// Registration status.
    pub status: RegistrationStatus,
    /// Whether the subject's sector and kind are in the layer's scope (SUB-1).
    pub in_scope: bool,
}

/// Membership of a list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMembership {
    /// List id.
    pub list: Arc<str>,
    /// Chinese name.
    pub name: Arc<str>,
    /// Kind of list.
    pub kind: crate::policy::model::ListKind,
    /// Record that put the subject there.
    pub record: Arc<str>,
    /// Listing date.
    pub since: Date,
    /// Scheduled end, when fixed.
    pub until: Option<Date>,
}

/// Triage outcome.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageDecision {
    /// Exit, assist or restrain.
    pub outcome: crate::policy::model::TriageOutcome,
    /// Follow-up action.
    pub action: Option<String>,
    /// Why.
    pub explanation: Explanation,
}

/// Status of a record at `as_of`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// In force.
    Active,
    /// In force but measures suspended (objection pending where the policy suspends).
    Suspended,
    /// The period has ended (PER-1).
    Expired,
    /// Repair granted (REP-2).
    Repaired,
    /// Removed from the list by a list-specific exit (TRI-3, TRI-4, NATIONAL §6).
    Removed,
    /// The subject left the register (TRI-2).
    Exited,
    /// An objection or complaint was upheld: corrected or revoked (OBJ-3).
    Revoked,
}

impl RecordStatus {
    /// Every status, in declaration order (the index order of the columnar APIs).
    pub const ALL: [RecordStatus; 7] = [
        RecordStatus::Active,
        RecordStatus::Suspended,
        RecordStatus::Expired,
        RecordStatus::Repaired,
        RecordStatus::Removed,
        RecordStatus::Exited,
        RecordStatus::Revoked,
    ];

    /// Whether the record still bears on the subject (active or suspended).
    pub fn in_force(self) -> bool {
        matches!(self, RecordStatus::Active | RecordStatus::Suspended)
    }
}

/// A suspension window (OBJ-2).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// First suspended day.
    pub from: Date,
    /// Day counting resumed (the rejection date), or `None` while pending.
    pub resumed_on: Option<Date>,
    /// Suspended days inside the period.
    pub days: i64,
}

/// The sanction period of a record.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Date of the determining document; counting starts the next day (Civil Code Art. 201).
    pub start: Date,
    /// Length in force on the decision date (`None`: until removed).
    pub length: Option<crate::vocab::Span>,
    /// Last day without suspensions.
    pub nominal_end: Option<Date>,
    /// Suspension windows.
    pub suspensions: Vec<Suspension>,
    /// Total suspended days.
    pub suspended_days: i64,
    /// Last day with suspensions.
    pub effective_end: Option<Date>,
    /// Days from `as_of` to the effective end (0 once ended; `None` when open-ended).
    pub days_remaining: Option<i64>,
    /// Where the length comes from: `list`, `conduct` or `publication`.
    pub basis: Cow<'static, str>,
    /// Why.
    pub explanation: Explanation,
}

/// Outcome of an objection or complaint.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not yet answered.
    Pending,
    /// Upheld: the record is corrected or revoked.
    Upheld,
    /// Rejected.
    Rejected,
}

/// A complaint after an objection (OBJ-1).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintDecision {
    /// Filing date.
    pub filed_on: Date,
    /// Reply deadline, when the policy sets one.
    pub reply_due: Option<Date>,
    /// Outcome.
    pub outcome: Outcome,
    /// Date of the outcome.
    pub decided_on: Option<Date>,
    /// Whether it is past due and unanswered at `as_of`.
    pub overdue: bool,
    /// Whether measures are suspended while it is pending.
    pub suspends_measures: bool,
    /// Why.
    pub explanation: Explanation,
}

/// An objection (OBJ-1..3).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionDecision {
    /// Filing date.
    pub filed_on: Date,
    /// Reply clock.
    pub reply_within: String,
    /// Reply deadline (the extended clock when an `objection_extended` event applies).
    pub reply_due: Date,
    /// Whether the extended clock applies (forwarding to the provider, complex cases).
    pub extended: bool,
    /// Deadline to mark the record as disputed, where the layer sets one.
    pub mark_due: Option<Date>,
    /// The day the objection was forwarded to the information provider (`objection_forwarded`).
    pub forwarded_on: Option<Date>,
    /// Deadline to forward it to the provider, counted from receipt, where the layer sets one
    /// (shown whether or not it was forwarded).
    pub forward_due: Option<Date>,
    /// Forwarded after the forwarding deadline.
    pub forwarded_late: bool,
    /// The provider's deadline, counted from the forwarding day (extended by an
    /// `objection_extended` event where the layer allows it).
    pub provider_due: Option<Date>,
    /// Working days of testing, inspection or expert assessment not counted in the clocks.
    pub not_counted_working_days: u32,
    /// Who answers.
    pub receiving: Arc<str>,
    /// Outcome.
    pub outcome: Outcome,
    /// Date of the outcome.
    pub decided_on: Option<Date>,
    /// Unanswered past the deadline at `as_of`, or answered late.
    pub overdue: bool,
    /// Whether the record is marked "under objection" at `as_of`.
    pub marked: bool,
    /// Whether measures are suspended while it is pending.
    pub suspends_measures: bool,
    /// The complaint that followed, if any.
    pub complaint: Option<ComplaintDecision>,
    /// Why.
    pub explanation: Explanation,
}

/// Publication of a record (PER-3, NATIONAL §3, §8).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// Regime entry id in force on the decision date.
    pub regime: Arc<str>,
    /// The field the regime is specific to (`market_regulation`, …), when a field regime applies.
    pub field: Option<String>,
    /// Field regimes: publish within this deadline of the decision (市场监管总局令第45号).
    pub publish_due: Option<Date>,
    /// Field regimes: withdrawal clock for a changed or revoked decision.
    pub withdraw_within: Option<crate::vocab::Span>,
    /// Whether the class is published at all.
    pub published: bool,
    /// Earliest end (repair possible after it).
    pub min_end: Option<Date>,
    /// Latest end: publication stops automatically.
    pub max_end: Option<Date>,
    /// Whether disclosure equals validity (PER-3).
    pub equals_validity: bool,
    /// Last day of publication as things stand at `as_of`.
    pub ends_on: Option<Date>,
    /// Why.
    pub explanation: Explanation,
}

/// 双公示 check (PER-4).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoublePublicity {
    /// Deadline.
    pub due: Date,
    /// Publication date, if published.
    pub published_on: Option<Date>,
    /// Whether published on time.
    pub on_time: bool,
    /// Working days late (at `as_of` when still unpublished).
    pub late_by_working_days: i64,
    /// Why.
    pub explanation: Explanation,
}

/// Repair status.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairStatus {
    /// No application.
    NotApplied,
    /// Applied, not yet decided.
    Pending,
    /// Granted.
    Granted,
    /// Refused.
    Refused,
    /// The repair regimes do not apply to this list (its own instrument governs deletion).
    NotApplicable,
}

/// Repair eligibility (REP-1..4, NATIONAL §3).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    /// Regime entry id.
    pub regime: Arc<str>,
    /// Status.
    pub status: RepairStatus,
    /// Whether a repair could be granted at `as_of`.
    pub eligible: bool,
    /// First day an application may succeed on the minimum period.
    pub eligible_from: Option<Date>,
    /// Conditions met.
    pub conditions_met: Vec<crate::policy::model::RepairCondition>,
    /// Conditions missing.
    pub conditions_missing: Vec<crate::policy::model::RepairCondition>,
    /// Bars that apply.
    pub bars: Vec<crate::policy::model::RepairBar>,
    /// Who decides (谁认定、谁修复).
    pub decided_by: Arc<str>,
    /// Decision deadline for a pending application.
    pub decision_due: Option<Date>,
    /// Whether repair is reachable at all (no bar).
    pub reachable: bool,
    /// Why.
    pub explanation: Explanation,
}

/// Everything about one record at `as_of`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordDecision {
    /// Record id.
    pub id: Arc<str>,
    /// Conduct id.
    pub conduct: Arc<str>,
    /// Domain.
    pub domain: Arc<str>,
    /// Severity.
    pub severity: Severity,
    /// List, if any.
    pub list: Option<Arc<str>>,
    /// Whether the domain is a key domain here (SUB-4).
    pub key_domain: bool,
    /// Class of serious dishonesty (SUB-8), for serious records whose conduct has one.
    pub serious_class: Option<u8>,
    /// Whether the record is in scope of joint sanctions (SUB-2).
    pub in_scope: bool,
    /// Status at `as_of`.
    pub status: RecordStatus,
    /// Day the status began, when it is not active.
    pub status_since: Option<Date>,
    /// For a removal by a list exit: the day the listing body must have deleted the record by.
    pub removal_due: Option<Date>,
    /// Why.
    pub status_explanation: Explanation,
    /// The sanction period.
    pub period: Period,
    /// Objections.
    pub objections: Vec<ObjectionDecision>,
    /// Publication window.
    pub publication: Option<Publication>,
    /// 双公示.
    pub double_publicity: Option<DoublePublicity>,
    /// Repair.
    pub repair: Option<Repair>,
    /// An early exit the list's instrument lets the subject apply for (税务总局令第54号,
    /// 市场监管总局令第44号, 人社部令第45号): when it is possible and what it still needs.
    #[serde(default)]
    pub early_exit: Option<EarlyExit>,
    /// The listing falls within a re-listing bar after an earlier deletion (e.g. SPC provisions
    /// Art. 10: 6 months after a deletion on the creditor's application).
    #[serde(default)]
    pub relisting_bar: Option<RelistingBarFinding>,
}

/// An early-exit application (`records[i].early_exit`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyExit {
    /// The list.
    pub list: String,
    /// First day the waiting period allows an application (null while it counts from an event
    /// that has not happened).
    pub available_from: Option<Date>,
    /// Whether the subject may apply at `as_of`: every condition met, no bar, not yet granted.
    pub eligible: bool,
    /// Conditions met: `waiting_period` and the events the exit needs (`obligation_performed`,
    /// `corrected`, `commitment_made`).
    pub conditions_met: Vec<Cow<'static, str>>,
    /// Conditions still missing.
    pub conditions_missing: Vec<Cow<'static, str>>,
    /// Bars that apply: `repeat_listing`, `later_penalty`.
    pub bars: Vec<Cow<'static, str>>,
    /// Day of the application (`early_exit_applied`).
    pub applied_on: Option<Date>,
    /// Day the exit was granted (`early_exit_granted` or `removed`).
    pub granted_on: Option<Date>,
    /// Why.
    pub explanation: Explanation,
}

/// A listing decided inside a re-listing bar (`records[i].relisting_bar`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelistingBarFinding {
    /// The earlier record whose deletion opened the bar.
    pub earlier_record: String,
    /// The deletion day.
    pub deleted_on: Date,
    /// Last day of the bar.
    pub bar_until: Date,
    /// Why.
    pub explanation: Explanation,
}

/// Verdict on a proposed measure.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every check passed.
    Allowed,
    /// At least one check failed.
    Refused,
}

/// The checks a measure goes through (MEA-1..8, PER-1, REP-2, OBJ-2, SUB-2, SUB-6).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// In the catalogue and in force on `as_of` here (MEA-1).
    Catalogue,
    /// Legal basis of sufficient rank (MEA-2).
    LegalBasis,
    /// The record is in force: not expired, repaired, removed or revoked (PER-1, REP-2).
    RecordInForce,
    /// Not suspended by a pending objection (OBJ-2).
    NotSuspended,
    /// In scope: not minor conduct outside the focus, not a watch-list record (SUB-2, SUB-6).
    Scope,
    /// The measure's causes include this record's list or conduct (MEA-1, MEA-3 关联).
    Relevance,
    /// Intensity fits the severity; list-only measures need a serious list (MEA-3 比例).
    Proportionality,
    /// Applicable to the subject kind (MEA-7).
    SubjectKind,
    /// Not demanded of a bank, credit agency, association or news medium (MEA-5).
    VoluntaryOnly,
    /// Notice was given before listing (MEA-6).
    Notice,
    /// The measure's legal ground has not ended for this cause (e.g. exit restriction for tax
    /// only while the tax is unpaid: 税收征收管理法 Art. 44); reported only where the measure
    /// names a `lifted_by` event for the record's cause.
    NotLifted,
}

/// One check's result.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Which check.
    pub check: CheckKind,
    /// Passed?
    pub passed: bool,
    /// Rule id.
    pub rule: Cow<'static, str>,
    /// Message.
    pub message: Message,
}

/// Decision on one proposed measure.
///
/// Evaluation keeps what the checks found as facts; the checks with their messages, the legal
/// basis and the explanation are made when they are read ([`MeasureDecision::checks`],
/// [`MeasureDecision::legal_basis`], [`MeasureDecision::explanation`]) or serialized, so a caller
/// that only wants the verdict does not pay for words. Serialises as `{"measure", "record",
/// "verdict", "failed", "checks", "legal_basis", "explanation"}`.
///
/// ```
/// let engine = credit_core::Engine::national()?;
/// let case = credit_core::case::Case::from_json(r#"{"as_of": "2025-10-09",
///   "subject": {"id": "91110000600037341L", "kind": "legal_person"},
///   "records": [{"id": "r1", "conduct": "judgment_debtor_obstructs", "decided_on": "2025-03-03",
///                "list": "judgment_debtor", "events": [{"on": "2025-02-20", "type": "notified"}]}],
///   "proposed_measures": [{"measure": "high_consumption_restriction", "record": "r1",
///                          "by_kind": "court", "target": "legal_representative"}]}"#)?;
/// let decision = engine.evaluate(&case)?;
/// let m = &decision.measures[0];
/// assert_eq!(m.verdict, credit_core::decision::Verdict::Allowed);
/// assert!(m.checks().iter().all(|c| c.passed));
/// assert!(m.explanation().rules().iter().any(|r| r == "MEA-3"));
/// # Ok::<(), credit_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct MeasureDecision {
    /// Measure id.
    pub measure: Arc<str>,
    /// Record id.
    pub record: Arc<str>,
    /// Allowed or refused.
    pub verdict: Verdict,
    /// Failed checks.
    pub failed: Vec<CheckKind>,
    pub(crate) body: MeasureBody,
}

/// One check as evaluation found it: its rule and message are made when the check is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CheckFact {
    pub check: CheckKind,
    pub passed: bool,
    pub what: crate::text::CheckDetail,
}

impl CheckFact {
    /// The rule the check applies (MEA-1..7; PER-1, REP-2, OBJ-3 or TRI-4 by the record's status;
    /// SUB-2, or SUB-6 for a watch-list record; OBJ-2; NAT-5).
    pub fn rule(&self) -> &'static str {
        use crate::text::CheckDetail as D;
        match (self.check, self.what) {
            (_, D::RecordInForce { status }) => match status {
                RecordStatus::Repaired => "REP-2",
                RecordStatus::Revoked => "OBJ-3",
                RecordStatus::Removed | RecordStatus::Exited => "TRI-4",
                _ => "PER-1",
            },
            (_, D::Scope { watch_only: true }) => "SUB-6",
            (_, D::Scope { watch_only: false }) => "SUB-2",
            (CheckKind::Catalogue, _) => "MEA-1",
            (CheckKind::LegalBasis, _) => "MEA-2",
            (CheckKind::RecordInForce, _) => "PER-1",
            (CheckKind::NotSuspended, _) => "OBJ-2",
            (CheckKind::Scope, _) => "SUB-2",
            (CheckKind::Relevance | CheckKind::Proportionality, _) => "MEA-3",
            (CheckKind::NotLifted, _) => "NAT-5",
            (CheckKind::SubjectKind, _) => "MEA-7",
            (CheckKind::VoluntaryOnly, _) => "MEA-5",
            (CheckKind::Notice, _) => "MEA-6",
        }
    }
}

/// A measure's checks as evaluation found them, packed into a few words: the failed fixed checks
/// as bits and the scalar facts their messages need. [`CheckFacts::iter`] unpacks them into
/// [`CheckFact`]s, in the order the checks run, when a decision is read. Why packed: a measure
/// decision is built, moved and dropped for every proposed measure of every case, and an array
/// of a dozen unpacked facts made it 408 bytes (filling and copying it was about a fifth of a
/// check's instructions).
#[derive(Clone, Debug)]
pub(crate) struct CheckFacts {
    /// The fixed checks that failed, one bit each (`1 << CheckKind as u16`).
    failed: u16,
    /// MEA-1: the day the catalogue was read at.
    pub as_of: chrono::NaiveDate,
    /// PER-1, REP-2, OBJ-3, TRI-4: the record's status.
    pub status: RecordStatus,
    /// SUB-6: a watch-list record, which gets supervision only.
    pub watch_only: bool,
    /// MEA-3: which of the measure's causes the record matches.
    pub cause: crate::text::Cause,
    /// MEA-3: the record's severity.
    pub severity: crate::vocab::Severity,
    /// MEA-3: false when the measure needs a serious list the record is not on.
    pub list_ok: bool,
    /// MEA-7: the proposed target.
    pub target: crate::vocab::Target,
    /// MEA-5: who acts, and whether a voluntary-only measure would be imposed.
    pub by: crate::vocab::Actor,
    pub imposed: bool,
    /// MEA-6: whether notice was needed and given.
    pub notice_needed: bool,
    pub notified: bool,
    /// NAT-5: the measure's `lifted_by` entries that reach the record (index, and the day the
    /// lifting event happened, `None` while it has not), two inline.
    lifts: [(u32, Option<chrono::NaiveDate>); 2],
    n_lifts: u8,
    more_lifts: Vec<(usize, Option<chrono::NaiveDate>)>,
}

impl CheckFacts {
    /// The fixed checks before the `lifted_by` checks, in run order: the head of
    /// `measure_table::CHECKS` (the order the columnar checks report too), so the two cannot drift.
    const HEAD: [CheckKind; 6] = {
        let [a, b, c, d, e, f, lifted, ..] = crate::measure_table::CHECKS;
        assert!(matches!(lifted, CheckKind::NotLifted), "the lifted_by checks run seventh");
        [a, b, c, d, e, f]
    };
    /// The fixed checks after them: the tail of `measure_table::CHECKS`.
    const TAIL: [CheckKind; 4] = {
        let [.., g, h, i, j] = crate::measure_table::CHECKS;
        [g, h, i, j]
    };

    /// Facts with every check passed and no `lifted_by` check (the fields are set by
    /// `eval::measures`).
    pub fn new(
        as_of: chrono::NaiveDate,
        status: RecordStatus,
        target: crate::vocab::Target,
        by: crate::vocab::Actor,
    ) -> Self {
        CheckFacts {
            failed: 0,
            as_of,
            status,
            watch_only: false,
            cause: crate::text::Cause::Severity,
            severity: crate::vocab::Severity::Minor,
            list_ok: true,
            target,
            by,
            imposed: false,
            notice_needed: false,
            notified: false,
            lifts: [(0, None); 2],
            n_lifts: 0,
            more_lifts: Vec::new(),
        }
    }

    /// Record whether fixed check `check` passed.
    #[inline]
    pub fn set(&mut self, check: CheckKind, passed: bool) {
        self.failed |= u16::from(!passed) << (check as u16);
    }

    /// Record the `lift`-th `lifted_by` check of the measure (passed when `lifted_on` is `None`).
    pub fn lift(&mut self, lift: usize, lifted_on: Option<chrono::NaiveDate>) {
        let at = usize::from(self.n_lifts);
        match (u32::try_from(lift), self.lifts.get_mut(at)) {
            (Ok(k), Some(slot)) if self.more_lifts.is_empty() => {
                *slot = (k, lifted_on);
                self.n_lifts += 1;
            }
            _ => self.more_lifts.push((lift, lifted_on)),
        }
    }

    /// Whether every check passed.
    pub fn all_passed(&self) -> bool {
        self.failed == 0 && self.lifts().all(|(_, on)| on.is_none())
    }

    fn lifts(&self) -> impl Iterator<Item = (usize, Option<chrono::NaiveDate>)> + '_ {
        let inline = self.lifts.iter().take(usize::from(self.n_lifts)).map(|(k, on)| (*k as usize, *on));
        inline.chain(self.more_lifts.iter().copied())
    }

    /// What check `check` found (for a fixed check).
    fn what(&self, check: CheckKind) -> crate::text::CheckDetail {
        use crate::text::CheckDetail as D;
        match check {
            CheckKind::Catalogue => D::Catalogue { as_of: self.as_of },
            CheckKind::LegalBasis => D::LegalBasis,
            CheckKind::RecordInForce => D::RecordInForce { status: self.status },
            CheckKind::NotSuspended => D::NotSuspended,
            CheckKind::Scope => D::Scope { watch_only: self.watch_only },
            CheckKind::Relevance => D::Relevance { by: self.cause },
            CheckKind::Proportionality => D::Proportionality { severity: self.severity, list_ok: self.list_ok },
            CheckKind::SubjectKind => D::SubjectKind { target: self.target },
            CheckKind::VoluntaryOnly => D::VoluntaryOnly { by: self.by, imposed: self.imposed },
            CheckKind::Notice => D::Notice { needed: self.notice_needed, notified: self.notified },
            CheckKind::NotLifted => D::NotLifted { lift: 0, lifted_on: None },
        }
    }

    /// Every check, in the order they ran.
    pub fn iter(&self) -> impl Iterator<Item = CheckFact> + '_ {
        let fixed = move |check: CheckKind| CheckFact {
            check,
            passed: self.failed & (1 << (check as u16)) == 0,
            what: self.what(check),
        };
        let lifted = self.lifts().map(|(lift, lifted_on)| CheckFact {
            check: CheckKind::NotLifted,
            passed: lifted_on.is_none(),
            what: crate::text::CheckDetail::NotLifted { lift, lifted_on },
        });
        Self::HEAD.into_iter().map(fixed).chain(lifted).chain(Self::TAIL.into_iter().map(fixed))
    }
}

/// What a measure decision holds besides its verdict.
#[derive(Clone, Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "the evaluated form is the one every decision has: boxing it would allocate per proposed measure"
)]
pub(crate) enum MeasureBody {
    /// As evaluated: the measure's entry and each check's facts.
    Facts(MeasureFacts),
    /// As read back from JSON (the words are all there is).
    Read(Box<MeasureRead>),
}

#[derive(Clone, Debug)]
pub(crate) struct MeasureFacts {
    pub entry: Arc<crate::policy::Sourced<crate::policy::model::MeasureEntry>>,
    pub lang: crate::case::Lang,
    /// The evaluated layer's unique id (keys the shared citation lists, `eval::why`).
    pub layer: u64,
    /// Made provisional by its record's status (`eval::propagate`).
    pub provisional: bool,
    pub checks: CheckFacts,
}

// The words of a measure decision in their JSON shape (what it serializes as, and its TypeScript
// declaration).
/// Decision on one proposed measure.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "MeasureDecision"))]
#[derive(Serialize)]
pub(crate) struct MeasureWords<'a> {
    /// Measure id.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    measure: &'a str,
    /// Record id.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    record: &'a str,
    /// Allowed or refused.
    verdict: Verdict,
    /// Failed checks.
    #[cfg_attr(feature = "ts", ts(as = "Vec<CheckKind>"))]
    failed: &'a [CheckKind],
    /// Every check.
    #[cfg_attr(feature = "ts", ts(as = "Vec<Check>"))]
    checks: Cow<'a, [Check]>,
    /// Legal basis of the measure.
    #[cfg_attr(feature = "ts", ts(as = "Vec<Arc<str>>"))]
    legal_basis: Cow<'a, [Arc<str>]>,
    /// Why.
    #[cfg_attr(feature = "ts", ts(as = "Explanation"))]
    explanation: Cow<'a, Explanation>,
}

/// A measure decision read back from JSON.
#[derive(Clone, Debug)]
pub(crate) struct MeasureRead {
    checks: Vec<Check>,
    legal_basis: Vec<Arc<str>>,
    explanation: Explanation,
}

impl MeasureDecision {
    /// Every check that was run, in order, with its rule and message.
    pub fn checks(&self) -> Cow<'_, [Check]> {
        match &self.body {
            MeasureBody::Facts(f) => Cow::Owned(
                f.checks
                    .iter()
                    .map(|c| Check {
                        check: c.check,
                        passed: c.passed,
                        rule: Cow::Borrowed(c.rule()),
                        message: Message::new(
                            f.lang,
                            crate::text::Msg::Check {
                                measure: Arc::clone(&f.entry),
                                record: Arc::clone(&self.record),
                                passed: c.passed,
                                what: c.what,
                            },
                        ),
                    })
                    .collect(),
            ),
            MeasureBody::Read(w) => Cow::Borrowed(&w.checks),
        }
    }

    /// The measure's legal basis (document and article).
    pub fn legal_basis(&self) -> Cow<'_, [Arc<str>]> {
        match &self.body {
            MeasureBody::Facts(f) => {
                Cow::Owned(f.entry.entry.legal_basis.iter().map(|b| Arc::clone(b.cite_text())).collect())
            }
            MeasureBody::Read(w) => Cow::Borrowed(&w.legal_basis),
        }
    }

    /// Why: the rules and entries the verdict rests on, the legal basis, the failed checks.
    pub fn explanation(&self) -> Cow<'_, Explanation> {
        match &self.body {
            MeasureBody::Facts(f) => Cow::Owned(crate::eval::verdict_explanation(f, &self.record, self.verdict)),
            MeasureBody::Read(w) => Cow::Borrowed(&w.explanation),
        }
    }

    /// The rule ids the verdict rests on (its explanation's `rules`).
    pub fn rules(&self) -> Cow<'_, [Cow<'static, str>]> {
        match &self.body {
            MeasureBody::Facts(_) => Cow::Owned(self.explanation().rules().to_vec()),
            MeasureBody::Read(w) => Cow::Borrowed(w.explanation.rules()),
        }
    }

    /// Whether the verdict rests on a provisional value (its explanation's `provisional`).
    pub fn provisional(&self) -> bool {
        self.explanation().provisional
    }

    /// Make the verdict provisional (its record's status is).
    pub(crate) fn mark_provisional(&mut self) {
        match &mut self.body {
            MeasureBody::Facts(f) => f.provisional = true,
            MeasureBody::Read(w) => w.explanation.provisional = true,
        }
    }

    fn words(&self) -> MeasureWords<'_> {
        MeasureWords {
            measure: &self.measure,
            record: &self.record,
            verdict: self.verdict,
            failed: &self.failed,
            checks: self.checks(),
            legal_basis: self.legal_basis(),
            explanation: self.explanation(),
        }
    }
}

impl PartialEq for MeasureDecision {
    /// Equal when their JSON is: the same verdict, checks, legal basis and explanation.
    fn eq(&self, other: &Self) -> bool {
        self.measure == other.measure
            && self.record == other.record
            && self.verdict == other.verdict
            && self.failed == other.failed
            && self.checks() == other.checks()
            && self.legal_basis() == other.legal_basis()
            && self.explanation() == other.explanation()
    }
}

impl Eq for MeasureDecision {}

impl Serialize for MeasureDecision {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.words().serialize(s)
    }
}

impl<'de> Deserialize<'de> for MeasureDecision {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct In {
            measure: Arc<str>,
            record: Arc<str>,
            verdict: Verdict,
            failed: Vec<CheckKind>,
            checks: Vec<Check>,
            legal_basis: Vec<Arc<str>>,
            explanation: Explanation,
        }
        let i = In::deserialize(d)?;
        Ok(MeasureDecision {
            measure: i.measure,
            record: i.record,
            verdict: i.verdict,
            failed: i.failed,
            body: MeasureBody::Read(Box::new(MeasureRead {
                checks: i.checks,
                legal_basis: i.legal_basis,
                explanation: i.explanation,
            })),
        })
    }
}

#[cfg(feature = "ts")]
impl ts_rs::TS for MeasureDecision {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn docs() -> Option<String> {
        <MeasureWords<'static> as ts_rs::TS>::docs()
    }
    fn decl(cfg: &ts_rs::Config) -> String {
        <MeasureWords<'static> as ts_rs::TS>::decl(cfg)
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        <MeasureWords<'static> as ts_rs::TS>::decl_concrete(cfg)
    }
    fn name(cfg: &ts_rs::Config) -> String {
        <MeasureWords<'static> as ts_rs::TS>::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        <MeasureWords<'static> as ts_rs::TS>::inline(cfg)
    }
    fn inline_flattened(cfg: &ts_rs::Config) -> String {
        <MeasureWords<'static> as ts_rs::TS>::inline_flattened(cfg)
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        <MeasureWords<'static> as ts_rs::TS>::visit_dependencies(v)
    }
    fn output_path() -> Option<std::path::PathBuf> {
        <MeasureWords<'static> as ts_rs::TS>::output_path()
    }
}

/// Measures that would pass for a record.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermittedMeasures {
    /// Record id.
    pub record: Arc<str>,
    /// Measure ids.
    pub measures: Vec<Arc<str>>,
}

/// An incentive.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncentiveDecision {
    /// Incentive id.
    pub incentive: Arc<str>,
    /// Whether earned at `as_of`.
    pub earned: bool,
    /// The date it is or will be earned, when known.
    pub earned_on: Option<Date>,
    /// Benefits.
    pub benefits: Arc<[String]>,
    /// Why.
    pub explanation: Explanation,
}

/// A commitment's consequences (COM-1).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentDecision {
    /// Commitment id.
    pub id: String,
    /// Whether it is negative information.
    pub negative: bool,
    /// The record it became (`commitment:<id>`), if any.
    pub record: Option<String>,
    /// Severity of that record.
    pub severity: Option<Severity>,
    /// Why.
    pub explanation: Explanation,
}

/// Supervision level (SUB-5, NATIONAL §9).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionDecision {
    /// Level id (A–D).
    pub level: Arc<str>,
    /// Inspection frequency.
    pub inspection: crate::policy::model::Inspection,
    /// Treatment.
    pub treatment: Arc<[String]>,
    /// Whether the subject is excluded from notify-and-commit (COM-2).
    pub notify_and_commit_excluded: bool,
    /// Why.
    pub explanation: Explanation,
}

crate::vocab::display_as_serialized!(RecordStatus, Outcome, RepairStatus, Verdict, CheckKind);
