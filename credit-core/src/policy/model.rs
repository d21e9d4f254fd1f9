//! The policy file schema: one Rust struct per kind of entry a TOML policy file may hold.
//!
//! Every entry has an `id`, an optional effective range (`from`, `until`, both inclusive) and a
//! citation: `rule` (RULEBOOK ids) and/or `source` (document and article), with a `confidence`
//! mark (`C`, `S`, `U` as in NATIONAL.md) where the fact is not confirmed. A value without a
//! citation is refused by the validator. See `policies/README.md` for the format with examples.

use crate::vocab::{
    Actor, Date, EventType, Grade, MeasureFamily, OneOrMany, Rank, RegistrationStatus, Sector, Severity, Span,
    SubjectKind, Target,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub use crate::vocab::Confidence;

/// The citation every entry carries.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// RULEBOOK ids (`MEA-2`) or NATIONAL sections (`NAT-5`).
    pub rule: Vec<String>,
    /// Document and article.
    pub source: Option<String>,
    /// Confidence mark, when given.
    pub confidence: Option<Confidence>,
}

/// What every entry kind shares: an id, an effective range and a citation.
pub trait Entry {
    /// The entry's id, unique per kind within a layer (versions share it with disjoint ranges).
    fn id(&self) -> &str;
    /// First day in force (inclusive), when limited.
    fn from(&self) -> Option<Date>;
    /// Last day in force (inclusive), when limited.
    fn until(&self) -> Option<Date>;
    /// The citation.
    fn citation(&self) -> Citation;
    /// RULEBOOK ids cited, borrowed.
    fn rules(&self) -> &[String];
    /// Source cited, borrowed.
    fn source(&self) -> Option<&str>;
    /// Confidence mark.
    fn confidence(&self) -> Option<Confidence>;
    /// Free reviewer note.
    fn note(&self) -> Option<&str> {
        None
    }
    /// Whether the entry is in force on `day`.
    fn in_force(&self, day: chrono::NaiveDate) -> bool {
        self.from().is_none_or(|f| f.0 <= day) && self.until().is_none_or(|u| day <= u.0)
    }
}

macro_rules! entry {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident : $t:ty,)* }) => {
        $(#[$m])*
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Entry id.
            pub id: String,
            $($(#[$fm])* pub $f: $t,)*
            /// RULEBOOK ids this value encodes.
            #[serde(default)]
            pub rule: OneOrMany,
            /// Document and article.
            #[serde(default)]
            pub source: Option<String>,
            /// NATIONAL.md confidence mark.
            #[serde(default)]
            pub confidence: Option<Confidence>,
            /// First day in force.
            #[serde(default)]
            pub from: Option<Date>,
            /// Last day in force.
            #[serde(default)]
            pub until: Option<Date>,
            /// Free reviewer note.
            #[serde(default)]
            pub note: Option<String>,
        }
        impl Entry for $name {
            fn id(&self) -> &str { &self.id }
            fn from(&self) -> Option<Date> { self.from }
            fn until(&self) -> Option<Date> { self.until }
            fn citation(&self) -> Citation {
                Citation { rule: self.rule.0.clone(), source: self.source.clone(), confidence: self.confidence }
            }
            fn rules(&self) -> &[String] { &self.rule.0 }
            fn source(&self) -> Option<&str> { self.source.as_deref() }
            fn confidence(&self) -> Option<Confidence> { self.confidence }
            fn note(&self) -> Option<&str> { self.note.as_deref() }
        }
    };
}

/// A legal source a measure or list rests on.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// Title of the instrument, e.g. `中华人民共和国行政许可法`.
    pub title: String,
    /// Article(s), e.g. `第78条`.
    #[serde(default)]
    pub article: Option<String>,
    /// Rank of the instrument.
    pub rank: Rank,
    /// `title article`, made once on first use and shared with explanations.
    #[serde(skip)]
    text: std::sync::OnceLock<std::sync::Arc<str>>,
}

impl PartialEq for LegalBasis {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title && self.article == other.article && self.rank == other.rank
    }
}

impl Eq for LegalBasis {}

impl std::fmt::Debug for LegalBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LegalBasis")
            .field("title", &self.title)
            .field("article", &self.article)
            .field("rank", &self.rank)
            .finish()
    }
}

impl LegalBasis {
    /// A legal basis (for policies built in code).
    pub fn new(title: impl Into<String>, article: Option<String>, rank: Rank) -> LegalBasis {
        LegalBasis { title: title.into(), article, rank, text: std::sync::OnceLock::new() }
    }
    /// `title article` as shared text (made once).
    pub fn cite_text(&self) -> &std::sync::Arc<str> {
        self.text.get_or_init(|| std::sync::Arc::from(self.cite()))
    }
    /// `title article` for explanations.
    pub fn cite(&self) -> String {
        match &self.article {
            Some(a) => format!("{} {}", self.title, a),
            None => self.title.clone(),
        }
    }
}

/// The `[jurisdiction]` table that opens every layer directory.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionDecl {
    /// Layer id, e.g. `cn`, `cn-jilin-tonghua`.
    pub id: String,
    /// Parent layer id (absent only for `cn`).
    #[serde(default)]
    pub parent: Option<String>,
    /// The required national entries this overlay replaces (`objection`, `grade/serious`,
    /// `triage/<id>`, …): declared so that deleting or renaming one is an error rather than a
    /// silent return to the parent's rule.
    #[serde(default)]
    pub overrides: Vec<String>,
    /// The triage rules this layer applies, in the order they are tried (TRI-1..6): only a layer
    /// whose document creates exit / assist / restrain lists (002) declares them; the last must
    /// be a catch-all (`when = {}`). Empty: no triage (`triage: null`).
    #[serde(default)]
    pub triage: Vec<String>,
    /// Chinese name.
    pub name: String,
    /// English name.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Policy version of this layer (stamped on decisions).
    pub version: String,
    /// The document this layer encodes.
    pub source: String,
    /// RULEBOOK ids.
    #[serde(default)]
    pub rule: OneOrMany,
    /// The seed file or national text.
    #[serde(default)]
    pub document: Option<String>,
    /// Date of the document.
    #[serde(default)]
    pub dated: Option<Date>,
    /// Free reviewer note.
    #[serde(default)]
    pub note: Option<String>,
}

entry! {
    /// A domain of conduct (tax, food and drugs, construction, ...).
    pub struct DomainEntry {
        /// Chinese name.
        pub name: String,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
    }
}

entry! {
    /// Marks a domain as a key domain (重点领域) in this layer (SUB-4). `id` is the domain id.
    pub struct KeyDomainEntry {
        /// Why (the document's words).
        #[serde(default)]
        pub name: Option<String>,
        /// Least severity of a record in this domain that makes it key-domain dishonesty (the
        /// layer's own words: 003 §二(一) and 001 计划6 name *serious* conduct, 000 §三 any
        /// dishonesty in the field). Default `general`.
        #[serde(default = "general_severity")]
        pub min_severity: Severity,
        /// A campaign focus (治理重点) rather than a grade: the domain is listed as the layer's
        /// focus but creates no key-domain grade (004 §(五)).
        #[serde(default)]
        pub focus_only: bool,
    }
}

entry! {
    /// A kind of dishonest conduct in the catalogue (MEA-1).
    pub struct ConductEntry {
        /// Chinese name.
        pub name: String,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
        /// Domain id.
        pub domain: String,
        /// Default severity when a record does not say.
        pub severity: Severity,
        /// Class of serious dishonesty (SUB-8: 1 health and life, 2 fair competition and order,
        /// 3 refusing legal obligations, 4 national defence, 5 others set by law).
        #[serde(default)]
        pub serious_class: Option<u8>,
        /// Serious lists this conduct may lead to (entry criteria).
        #[serde(default)]
        pub lists: Vec<String>,
        /// "Specified serious" conduct under the 2019 regime: shown the full term, no early repair.
        #[serde(default)]
        pub specified_serious: bool,
        /// Listing period for this conduct when it differs from the list's (e.g. a judgment
        /// debtor's situations 2–6: 2 years).
        #[serde(default)]
        pub listing_duration: Option<Span>,
        /// Listed until deleted, with no fixed term (e.g. a judgment debtor able but refusing).
        #[serde(default)]
        pub listing_until_removed: bool,
        /// Sanction period when the conduct leads to no list (PER-1); absent: the publication
        /// window's maximum for its class.
        #[serde(default)]
        pub sanction_period: Option<Span>,
        /// Whether the determining act is an administrative licence or penalty, published under
        /// 双公示 (PER-4); false for court listings and commitment breaches.
        #[serde(default = "yes")]
        pub double_publicity: bool,
    }
}

entry! {
    /// A severity class and the heaviest measure intensity it allows (MEA-3, 过惩相当).
    pub struct SeverityEntry {
        /// Chinese name.
        pub name: String,
        /// Highest measure intensity proportionate to this class (1 reminder … 4 heaviest).
        pub max_intensity: u8,
        /// Whether conduct of this class is in scope of joint sanctions at all (SUB-2).
        #[serde(default = "yes")]
        pub sanctionable: bool,
    }
}

entry! {
    /// A grade (SUB-5) with its precedence (higher wins) and the supervision level it maps to.
    pub struct GradeEntry {
        /// Chinese name.
        pub name: String,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
        /// Precedence when several grades apply: the highest wins.
        pub precedence: u8,
        /// Supervision level id.
        pub supervision: String,
    }
}

/// How often a supervision level inspects, relative to the normal ratio.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inspection {
    /// Fewer random inspections; no disturbance without cause.
    Fewer,
    /// The normal ratio.
    Normal,
    /// More inspections.
    More,
    /// Much more: key supervision (重点监管).
    Key,
}

entry! {
    /// A supervision level (NATIONAL §9: A low … D high risk).
    pub struct SupervisionEntry {
        /// Chinese name.
        pub name: String,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
        /// Inspection frequency.
        pub inspection: Inspection,
        /// Extra treatment (facilitation, early warning...).
        #[serde(default)]
        pub treatment: Arc<[String]>,
    }
}

/// What kind of list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// A serious-dishonesty list (黑名单).
    Serious,
    /// A watch list (重点关注名单): supervision, no sanctions (SUB-6).
    Watch,
    /// A red list of honest models (红名单).
    Red,
}

/// What the waiting time of an exit is counted from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterFrom {
    /// The listing decision.
    #[default]
    Listing,
    /// The event that triggers the exit.
    Event,
}

/// A way off a list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListExit {
    /// The event that triggers the exit.
    pub on: EventType,
    /// Deadline for the listing body to delete, counted from the event.
    #[serde(default)]
    pub within: Option<Span>,
    /// Minimum time before this exit is available, counted from `after_from`.
    #[serde(default)]
    pub after: Option<Span>,
    /// What `after` is counted from: the listing decision (default) or the triggering event
    /// (e.g. 人社部令第45号: six months from the arrears being paid).
    #[serde(default)]
    pub after_from: AfterFrom,
    /// Events that must also have happened (e.g. `commitment_made`).
    #[serde(default)]
    pub requires: Vec<EventType>,
    /// `true` where the instrument lets the subject *apply* for an early exit once the conditions
    /// are met (税务总局令第54号, 市场监管总局令第44号, 人社部令第45号): the engine reports when the
    /// application becomes possible and what it still needs (`records[i].early_exit`) and removes
    /// the record only on `early_exit_granted` (or `removed`); `false`: the event itself removes.
    #[serde(default)]
    pub application: bool,
    /// What bars the application (e.g. listed twice within 5 years; a later heavier penalty).
    #[serde(default)]
    pub bars: Vec<ExitBar>,
    /// RULEBOOK ids.
    #[serde(default)]
    pub rule: OneOrMany,
    /// Document and article.
    #[serde(default)]
    pub source: Option<String>,
    /// Confidence mark.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// What bars an early-exit application.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitBarKind {
    /// Another (earlier) record of the subject on the same list decided within `within` before
    /// this one: listed twice within the window (e.g. 税务总局令第54号: 5 years).
    RepeatListing,
    /// A later record of the subject that is an administrative penalty (its conduct is published
    /// under 双公示) of at least `min_severity`, decided after the listing (e.g. 市场监管总局令第44号:
    /// 未再受到较重行政处罚).
    LaterPenalty,
}

/// A bar to an early-exit application.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitBar {
    /// Which bar.
    pub kind: ExitBarKind,
    /// Window (for `repeat_listing`).
    #[serde(default)]
    pub within: Option<Span>,
    /// Least severity of a barring later penalty (for `later_penalty`; default `general`).
    #[serde(default)]
    pub min_severity: Option<Severity>,
    /// RULEBOOK ids.
    #[serde(default)]
    pub rule: OneOrMany,
    /// Document and article.
    #[serde(default)]
    pub source: Option<String>,
    /// Confidence mark.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

entry! {
    /// A list: serious (黑名单), watch (重点关注) or red (红名单) (SUB-3, SUB-6, SUB-7, NATIONAL §6).
    pub struct ListEntry {
        /// Chinese name.
        pub name: Arc<str>,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
        /// Serious, watch or red.
        pub kind: ListKind,
        /// Legal basis of the list.
        #[serde(default)]
        pub legal_basis: Vec<LegalBasis>,
        /// Conduct ids that may put a subject on this list (entry criteria; MEA-6).
        #[serde(default)]
        pub conduct: Vec<String>,
        /// Listing conditions in the instrument's words.
        #[serde(default)]
        pub conditions: Vec<String>,
        /// Listing period; absent means "until deleted" (e.g. a judgment debtor able but refusing).
        #[serde(default)]
        pub duration: Option<Span>,
        /// Longest extension allowed.
        #[serde(default)]
        pub extension_max: Option<Span>,
        /// Ways off the list.
        #[serde(default)]
        pub exits: Vec<ListExit>,
        /// Minimum time on the list before repair may be applied for.
        #[serde(default)]
        pub repair_after: Option<Span>,
        /// Whether the subject must be told before listing (MEA-6).
        #[serde(default)]
        pub notice_required: bool,
        /// Deleted this long after expiry at the latest.
        #[serde(default)]
        pub delete_within: Option<Span>,
        /// Whether a layer's objection procedure may suspend this listing; `false` where the
        /// list's own instrument keeps it in force during a correction request or appeal (e.g. the
        /// SPC provisions on judgment debtors, Arts. 11–12), which no local rule can override.
        #[serde(default = "yes")]
        pub objection_may_suspend: bool,
        /// The list's own correction and review clocks, which replace the layer's objection
        /// procedure for records on this list (e.g. the SPC provisions Arts. 9, 11–12).
        #[serde(default)]
        pub review: Option<ListReview>,
        /// Whether the NDRC credit-repair regimes (`[[repair]]`) apply to records on this list;
        /// `false` where the list's own instrument governs deletion (the SPC provisions, Art. 10).
        #[serde(default = "yes")]
        pub repair_regime: bool,
        /// A bar on listing again soon after a deletion (e.g. SPC provisions Art. 10: a creditor
        /// who asked for deletion may not ask for re-listing within 6 months).
        #[serde(default)]
        pub relisting_bar: Option<RelistingBar>,
        /// Whether days suspended under a layer's objection procedure (OBJ-2) move the end of the
        /// listing; `false` where a national instrument sets the list's term, which a local
        /// suspension of joint-sanction measures cannot lengthen.
        #[serde(default = "yes")]
        pub suspension_extends_term: bool,
        /// Bounds of a term the listing body fixes case by case (政府采购法 Art. 77: 一至三年);
        /// the case states the term (`records[i].term`).
        #[serde(default)]
        pub duration_range: Option<[Span; 2]>,
    }
}

/// A list's own review clocks (replacing the layer's objection procedure for the list).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListReview {
    /// Who reviews a correction request (e.g. 执行法院).
    pub receiving: Arc<str>,
    /// Review of a correction request (`objection_filed`), e.g. 15 days.
    pub reply_within: Span,
    /// Correction once the request is upheld, e.g. 3 working days (informational; the list's
    /// `objection_upheld` exit carries the deletion deadline).
    #[serde(default)]
    pub correct_within: Option<Span>,
    /// Who decides the appeal (复议, recorded as `complaint_filed`).
    #[serde(default)]
    pub appeal_receiving: Option<Arc<str>>,
    /// Time to file the appeal after the review decision, e.g. 10 days.
    #[serde(default)]
    pub appeal_within: Option<Span>,
    /// Time to decide the appeal, e.g. 15 days.
    #[serde(default)]
    pub appeal_reply_within: Option<Span>,
    /// RULEBOOK ids.
    #[serde(default)]
    pub rule: OneOrMany,
    /// Document and article.
    #[serde(default)]
    pub source: Option<String>,
    /// Confidence mark.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// A bar on a new listing within a window after a deletion of a given kind.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelistingBar {
    /// The deletion event (e.g. `deleted_on_creditor_application`).
    pub on: EventType,
    /// The window after it.
    pub within: Span,
    /// RULEBOOK ids.
    #[serde(default)]
    pub rule: OneOrMany,
    /// Document and article.
    #[serde(default)]
    pub source: Option<String>,
    /// Confidence mark.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// What a measure may be applied for (MEA-1 实施事由).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Causes {
    /// List ids.
    #[serde(default)]
    pub lists: Vec<String>,
    /// Conduct ids.
    #[serde(default)]
    pub conduct: Vec<String>,
    /// Any record of at least this severity (management measures).
    #[serde(default)]
    pub any_severity: Option<Severity>,
}

/// An event that ends the legal ground of a measure for some of its causes (e.g. 税收征收管理法
/// Art. 44: exit restriction only while the tax is unpaid).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiftedBy {
    /// The event on the record that lifts the measure.
    pub on: EventType,
    /// The causes it applies to (list ids); empty: every cause.
    #[serde(default)]
    pub lists: Vec<String>,
    /// RULEBOOK ids.
    #[serde(default)]
    pub rule: OneOrMany,
    /// Document and article.
    #[serde(default)]
    pub source: Option<String>,
    /// Confidence mark.
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

entry! {
    /// A sanction measure of the catalogue (MEA-1 fields; MEA-2..7; NATIONAL §5).
    pub struct MeasureEntry {
        /// Chinese name (处理措施).
        pub name: String,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
        /// Family (MEA-7).
        pub family: MeasureFamily,
        /// Part of the national basic list (1 rights-reducing by public bodies, 2 management, 3 market).
        #[serde(default)]
        pub basic_list_part: Option<u8>,
        /// Administrative unit (行政单位).
        pub administrative_unit: String,
        /// Measure content (措施内容).
        pub content: String,
        /// Causes (实施事由).
        pub causes: Causes,
        /// Legal basis (法律依据).
        #[serde(default)]
        pub legal_basis: Vec<LegalBasis>,
        /// Implementing units (联合奖惩实施单位).
        #[serde(default)]
        pub implementing_units: Vec<String>,
        /// Evidence (证据材料).
        #[serde(default)]
        pub evidence: Vec<String>,
        /// Who the measure targets.
        pub targets: Vec<Target>,
        /// Least severity the measure is proportionate to.
        pub min_severity: Severity,
        /// Intensity 1 (reminder) … 4 (heaviest).
        pub intensity: u8,
        /// Whether the record must put the subject on a serious list.
        #[serde(default)]
        pub requires_list: bool,
        /// Whether the measure reduces rights or adds duties (MEA-2 applies).
        #[serde(default)]
        pub rights_reducing: bool,
        /// Actors that may apply it only voluntarily (MEA-5).
        #[serde(default)]
        pub voluntary_for: Vec<Actor>,
        /// Longest period the measure may run.
        #[serde(default)]
        pub max_duration: Option<Span>,
        /// Events that end the measure's legal ground for a cause (the measure is then refused).
        #[serde(default)]
        pub lifted_by: Vec<LiftedBy>,
    }
}

/// Conditions an incentive requires.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncentiveConditions {
    /// Years without any bad record before `as_of`.
    #[serde(default)]
    pub clean_years: Option<u32>,
    /// Grades that qualify.
    #[serde(default)]
    pub grades: Vec<Grade>,
    /// Recognitions (ids of red lists) whose holders qualify regardless of `clean_years`; a
    /// case lists a subject's recognitions in `subject.recognitions`.
    #[serde(default)]
    pub lists: Vec<String>,
    /// Subject kinds that qualify (empty: all).
    #[serde(default)]
    pub subject_kinds: Vec<SubjectKind>,
}

entry! {
    /// An incentive (INC-1..3).
    pub struct IncentiveEntry {
        /// Chinese name.
        pub name: String,
        /// English name.
        #[serde(default)]
        pub name_en: Option<String>,
        /// Benefits granted.
        #[serde(default)]
        pub benefits: Arc<[String]>,
        /// Who qualifies.
        pub conditions: IncentiveConditions,
    }
}

/// Whether a rejected objection resumes the period from the rejection date.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resumption {
    /// The period continues from the rejection date; suspended days extend the end (OBJ-2).
    FromRejection,
    /// Nothing was suspended, nothing resumes.
    NotSuspended,
}

entry! {
    /// The objection procedure (OBJ-1..3, NATIONAL §7). `id = "objection"`; a layer may date it.
    pub struct ObjectionEntry {
        /// Who receives the objection.
        pub receiving: Arc<str>,
        /// Reply clock from receipt.
        pub reply_within: Span,
        /// Extended reply clock for complex cases or forwarding.
        #[serde(default)]
        pub reply_extended: Option<Span>,
        /// Clock to mark the record as disputed.
        #[serde(default)]
        pub mark_within: Option<Span>,
        /// Whether the record is marked "under objection" while pending.
        pub marks_record: bool,
        /// Whether sanction measures are suspended while pending.
        pub suspends_measures: bool,
        /// What happens to the period after a rejection.
        pub resumption: Resumption,
        /// Clock from receipt to forward the objection to the information provider (上海 Art. 36:
        /// 2 working days; 深圳 Arts. 48–51: 1 working day), shown once an `objection_forwarded`
        /// event is recorded.
        #[serde(default)]
        pub forward_within: Option<Span>,
        /// The provider's clock, counted from the forwarding day (上海 5, 深圳 2, 河南 3 working
        /// days). With an `objection_forwarded` event it gives the provider's deadline.
        #[serde(default)]
        pub provider_within: Option<Span>,
        /// How much an `objection_extended` event after forwarding adds to the provider's clock
        /// (深圳: 3 working days); absent: the provider's clock cannot be extended.
        #[serde(default)]
        pub provider_extension: Option<Span>,
        /// Overall reply clock from receipt on the forwarding route, where the receiving body
        /// answers the subject after the provider has checked (河南: 7 working days). Absent: the
        /// provider's deadline is the overall due date (the provider decides, 上海, 深圳).
        #[serde(default)]
        pub forwarded_reply_within: Option<Span>,
        /// Whether working days between `testing_started` and `testing_ended` events (testing,
        /// inspection, expert assessment) are not counted in the reply clocks (河南 Art. 41).
        #[serde(default)]
        pub testing_not_counted: bool,
    }
}

entry! {
    /// The complaint procedure after an unsatisfying objection reply (OBJ-1). `id = "complaint"`.
    pub struct ComplaintEntry {
        /// Who receives the complaint.
        pub receiving: Arc<str>,
        /// Reply clock, when the document sets one.
        #[serde(default)]
        pub reply_within: Option<Span>,
        /// Whether sanction measures are suspended while pending.
        pub suspends_measures: bool,
    }
}

entry! {
    /// Notice before listing (MEA-6; NATIONAL §4). `id = "notice"`.
    pub struct NoticeEntry {
        /// Whether the subject must be notified before a serious listing.
        pub required: bool,
    }
}

/// A publication window for one class.
// In TypeScript `PublicationWindow`: `Window` is a DOM type there.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "PublicationWindow"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Earliest end (repair possible after it).
    #[serde(default)]
    pub min: Option<Span>,
    /// Latest end (publication stops automatically).
    #[serde(default)]
    pub max: Option<Span>,
    /// Whether the class is published at all.
    #[serde(default = "yes")]
    pub published: bool,
}

fn yes() -> bool {
    true
}

/// Windows per class.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassWindows {
    /// 轻微.
    pub minor: Window,
    /// 一般.
    pub general: Window,
    /// 严重.
    pub serious: Window,
}

impl ClassWindows {
    /// The window of a class.
    pub fn of(&self, s: Severity) -> &Window {
        match s {
            Severity::Minor => &self.minor,
            Severity::General => &self.general,
            Severity::Serious => &self.serious,
        }
    }
}

entry! {
    /// A publication regime (PER-3, NATIONAL §3, §8), dated by the decision date it applies to.
    pub struct PublicationEntry {
        /// Windows by class, counted from the decision date.
        pub windows: ClassWindows,
        /// Whether disclosure equals validity (PER-3): the window is the record's period.
        #[serde(default)]
        pub equals_validity: bool,
        /// Field regime: the domains it covers. Empty: the general regime (`id = "publication"`,
        /// required, covering every day). A field regime has its own id, is optional, and takes
        /// precedence over the general regime for records of these domains on the days it is in
        /// force (市场监管总局令第45号 / 第107号 for market regulation, NATIONAL §3, §8).
        #[serde(default)]
        pub domains: Vec<String>,
        /// Field regime: limit to these conduct ids (within `domains`); empty: every conduct.
        #[serde(default)]
        pub conduct: Vec<String>,
        /// Field regime: publish within this clock of the decision (第45号: 20 working days).
        #[serde(default)]
        pub publish_within: Option<Span>,
        /// Field regime: withdraw a changed or revoked decision within this clock (第45号: 3
        /// working days).
        #[serde(default)]
        pub withdraw_within: Option<Span>,
        /// Field regime: early stop on application once the minimum has passed.
        #[serde(default)]
        pub early_stop_on_application: bool,
    }
}

/// A condition of repair.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairCondition {
    /// The minimum publication period has passed.
    MinimumPeriod,
    /// The conduct was corrected (`corrected` event).
    Corrected,
    /// Obligations fully performed (`obligation_performed` event).
    ObligationsPerformed,
    /// A public credit commitment was made (`commitment_made` event).
    Commitment,
}

/// A bar on repair.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairBar {
    /// "Specified serious" conduct: no early repair (2019 regime).
    SpecifiedSerious,
    /// A refused repair bars a new application for the regime's `reapply_after`.
    RecentRefusal,
}

entry! {
    /// A repair regime (REP-1..4, NATIONAL §3), dated by the date of the application.
    pub struct RepairEntry {
        /// Minimum period per class before repair may be applied for (counted from the decision).
        pub min_period: ClassSpans,
        /// Conditions, all required.
        pub conditions: Vec<RepairCondition>,
        /// Bars.
        #[serde(default)]
        pub bars: Vec<RepairBar>,
        /// Clock for the deciding body.
        #[serde(default)]
        pub decide_within: Option<Span>,
        /// Clock for the credit platform to answer.
        #[serde(default)]
        pub platform_within: Option<Span>,
        /// Wait after a refusal.
        #[serde(default)]
        pub reapply_after: Option<Span>,
        /// Who decides (谁认定、谁修复).
        pub decided_by: Arc<str>,
        /// Whether minor conduct is repairable once obligations are performed, whatever the period.
        #[serde(default)]
        pub minor_on_performance: bool,
    }
}

/// Minimum periods per class.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpans {
    /// 轻微.
    #[serde(default)]
    pub minor: Option<Span>,
    /// 一般.
    #[serde(default)]
    pub general: Option<Span>,
    /// 严重.
    #[serde(default)]
    pub serious: Option<Span>,
}

impl ClassSpans {
    /// The span of a class.
    pub fn of(&self, s: Severity) -> Option<Span> {
        match s {
            Severity::Minor => self.minor,
            Severity::General => self.general,
            Severity::Serious => self.serious,
        }
    }
}

entry! {
    /// 双公示: licences and penalties published within a clock (PER-4). `id = "double_publicity"`.
    pub struct DoublePublicityEntry {
        /// Clock from the decision.
        pub within: Span,
    }
}

/// What triage decides for a serious-list subject (TRI-1..6).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageOutcome {
    /// 退出清单.
    Exit,
    /// 帮扶清单.
    Assist,
    /// 约束清单.
    Restrain,
}

/// When a triage rule applies: every non-empty field must match.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageWhen {
    /// Registration statuses.
    #[serde(default)]
    pub status: Vec<RegistrationStatus>,
    /// Lists the subject is on (any of).
    #[serde(default)]
    pub lists: Vec<String>,
    /// Events on a listed record (any of).
    #[serde(default)]
    pub events: Vec<EventType>,
    /// Matches when repair is reachable for a listed record (符合或即将符合信用修复条件): no bar,
    /// not yet repaired, and the subject has begun to meet the conditions (corrected, performed,
    /// committed or applied).
    #[serde(default)]
    pub repair_reachable: Option<bool>,
    /// Matches when the subject may now apply for a list's early exit (`records[i].early_exit`:
    /// every condition met, no bar, not yet granted).
    #[serde(default)]
    pub early_exit_eligible: Option<bool>,
    /// Statuses of the listed record (any of), e.g. `removed` once the list's own exit
    /// conditions are met (TRI-4).
    #[serde(default)]
    pub record_status: Vec<crate::decision::RecordStatus>,
    /// Subject kinds.
    #[serde(default)]
    pub subject_kinds: Vec<SubjectKind>,
}

entry! {
    /// A triage rule; rules are tried by ascending `order`, the first match decides.
    pub struct TriageEntry {
        /// Evaluation order.
        pub order: u32,
        /// Condition.
        pub when: TriageWhen,
        /// Outcome.
        pub outcome: TriageOutcome,
        /// Follow-up action (e.g. urge deregistration, bankruptcy review).
        #[serde(default)]
        pub action: Option<String>,
        /// Chinese reason.
        pub reason: String,
        /// English reason.
        pub reason_en: String,
    }
}

entry! {
    /// A numeric target (TRI-7): serious-list subjects as a share of legal persons.
    pub struct TargetEntry {
        /// The share must be at most this fraction: "1%以下" includes 1% (民法典 Art. 1259).
        pub at_most: f64,
        /// Deadline.
        #[serde(default)]
        pub by: Option<Date>,
    }
}

entry! {
    /// Which sectors are in scope of this layer (SUB-1).
    pub struct ScopeEntry {
        /// Sectors in scope (empty: all).
        #[serde(default)]
        pub sectors: Vec<Sector>,
        /// Subject kinds in scope (empty: all).
        #[serde(default)]
        pub subject_kinds: Vec<SubjectKind>,
        /// Whether minor conduct (verbal reminders, warnings) is outside the focus (SUB-2).
        #[serde(default)]
        pub minor_out_of_scope: bool,
    }
}

entry! {
    /// Credit commitments (COM-1, COM-2). `id = "commitment"`.
    pub struct CommitmentEntry {
        /// Severity of the negative record a breached or false commitment becomes.
        pub breach_severity: Severity,
        /// The conduct of the catalogue such a record is (e.g. `commitment_breach`).
        pub breach_conduct: String,
        /// Whether subjects with serious dishonesty are excluded from notify-and-commit.
        #[serde(default)]
        pub serious_excluded: bool,
    }
}

entry! {
    /// Unified sanction period (PER-2): when implementing units' periods differ, this decides.
    pub struct UnifiedPeriodEntry {
        /// What the period is unified on when a listed record's list and conduct both set one.
        pub basis: UnifiedBasis,
    }
}

/// Which period wins when a listed record's list and its conduct both set one (PER-2).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnifiedBasis {
    /// The list's duration (`[[list]] duration`).
    List,
    /// The catalogue's period of the conduct (`[[conduct]] sanction_period`).
    Catalogue,
}

crate::vocab::display_as_serialized!(
    Inspection,
    ListKind,
    AfterFrom,
    Resumption,
    RepairCondition,
    RepairBar,
    TriageOutcome,
    UnifiedBasis
);

fn general_severity() -> Severity {
    Severity::General
}
