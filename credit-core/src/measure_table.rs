//! Proposed-measure checks compiled into dense tables, for columnar batches.
//!
//! [`MeasureChecks::compile`] turns the catalogue of one jurisdiction layer at one `as_of` into
//! per-measure rows of integers and bitsets (catalogue ids become indices once per batch); then
//! [`MeasureChecks::check`] decides a proposed measure from a record's facts ([`Facts`], all
//! integers) in a few dozen integer operations, with no allocation: the result is an [`Outcome`],
//! a bit per failed check. Messages are not produced here; [`Outcome::failed`] and
//! [`MeasureChecks::rules`] give the check names and rule ids on request.
//!
//! The checks are those of the full evaluation (MEA-1..7, PER-1, REP-2, OBJ-2/3, SUB-2/6, TRI-4,
//! NAT-5; `eval/measures.rs`), run on the record's *evaluated* facts (its status and scope come
//! from the timeline: the records table of the columnar API, or a [`crate::decision::Decision`]).
//! `tests/measure_table.rs` proves the answers equal [`crate::Engine::evaluate`]'s on the whole
//! conformance corpus and on generated cases, so the two paths cannot drift.

use chrono::NaiveDate;

use crate::decision::{CheckKind, RecordStatus};
use crate::error::{Error, ErrorCode};
use crate::policy::model::Entry;
use crate::policy::model::{ListKind, MeasureEntry};
use crate::policy::Sourced;
use crate::vocab::{Actor, EventType, MeasureFamily, Severity, SubjectKind, Target};
use crate::Engine;

/// The checks in the order the full evaluation runs them (and lists its failures): bit `i` of
/// [`Outcome::mask`] is `CHECKS[i]`.
pub const CHECKS: [CheckKind; 11] = [
    CheckKind::Catalogue,
    CheckKind::LegalBasis,
    CheckKind::RecordInForce,
    CheckKind::NotSuspended,
    CheckKind::Scope,
    CheckKind::Relevance,
    CheckKind::NotLifted,
    CheckKind::Proportionality,
    CheckKind::SubjectKind,
    CheckKind::VoluntaryOnly,
    CheckKind::Notice,
];

const CATALOGUE: u16 = 1;
const LEGAL_BASIS: u16 = 1 << 1;
const RECORD_IN_FORCE: u16 = 1 << 2;
const NOT_SUSPENDED: u16 = 1 << 3;
const SCOPE: u16 = 1 << 4;
const RELEVANCE: u16 = 1 << 5;
const NOT_LIFTED: u16 = 1 << 6;
const PROPORTIONALITY: u16 = 1 << 7;
const SUBJECT_KIND: u16 = 1 << 8;
const VOLUNTARY_ONLY: u16 = 1 << 9;
const NOTICE: u16 = 1 << 10;

/// "No list" in [`Facts::list`].
pub const NO_LIST: u32 = u32::MAX;

/// The facts of one proposed measure on one record, as indices and small integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// Measure index ([`MeasureChecks::measure_index`]).
    pub measure: u32,
    /// The record's conduct index ([`MeasureChecks::conduct_index`]).
    pub conduct: u32,
    /// The record's list index ([`MeasureChecks::list_index`]), or [`NO_LIST`].
    pub list: u32,
    /// The record's (resolved) severity.
    pub severity: Severity,
    /// The record's evaluated status.
    pub status: RecordStatus,
    /// Whether the record is in the sanction scope (the evaluated `in_scope`).
    pub in_scope: bool,
    /// The subject's kind.
    pub subject: SubjectKind,
    /// Who the measure is aimed at; `None`: the subject itself.
    pub target: Option<Target>,
    /// Who applies it; `None`: an administrative body.
    pub by_kind: Option<Actor>,
    /// Whether the body acts of its own accord.
    pub voluntary: bool,
    /// The record's decision date as days since 1970-01-01 ([`days`]): it selects the list
    /// version and the notice procedure.
    pub decided_on: i32,
    /// Whether a `notified` event on or before the decision (and `as_of`) is on the record.
    pub notified: bool,
    /// The event types on the record on or before `as_of`: bit `i` is `EventType::ALL[i]`.
    pub events: u64,
}

/// The answer for one row: the failed checks as bits of [`CHECKS`], and how many `not_lifted`
/// checks failed (a measure may have several lifting events).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Bit `i` set: `CHECKS[i]` failed.
    pub mask: u16,
    /// The number of failed `not_lifted` checks.
    pub lifted: u8,
}

impl Outcome {
    /// Whether every check passed.
    pub fn allowed(self) -> bool {
        self.mask == 0
    }
    /// The failed checks in the order of the full evaluation's `failed` list.
    pub fn failed(self) -> impl Iterator<Item = CheckKind> {
        CHECKS.iter().enumerate().flat_map(move |(i, c)| {
            let n = if self.mask & (1 << i) == 0 {
                0
            } else if *c == CheckKind::NotLifted {
                usize::from(self.lifted)
            } else {
                1
            };
            std::iter::repeat_n(*c, n)
        })
    }
}

/// A date as days since 1970-01-01 (Arrow's date32), the form of [`Facts::decided_on`].
pub fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    i32::try_from((d - epoch).num_days()).unwrap_or(if d < epoch { i32::MIN } else { i32::MAX })
}

/// The days an entry is in force, `[from, until]` as [`days`] (open ends are `i32::MIN` / `MAX`).
fn span<T: Entry>(e: &T) -> (i32, i32) {
    (e.from().map_or(i32::MIN, |f| days(f.0)), e.until().map_or(i32::MAX, |u| days(u.0)))
}

/// One version of a list, as the checks read it.
#[derive(Clone, Debug)]
struct ListVersion {
    /// In force `[from, until]`, as days.
    span: (i32, i32),
    serious: bool,
    watch: bool,
    notice_required: bool,
    /// The list's entry criteria as a bit per conduct index; `None`: any conduct (MEA-6).
    criteria: Option<Vec<u64>>,
}

/// One version of a conduct, as [`MeasureChecks::severity_of`] and
/// [`MeasureChecks::listing_allowed`] read it.
#[derive(Clone, Debug)]
struct ConductVersion {
    /// In force `[from, until]`, as days.
    span: (i32, i32),
    /// The severity of a record that does not state one.
    severity: Severity,
    /// The serious lists the conduct may lead to, a bit per list index.
    lists: Vec<u64>,
}

/// One measure, compiled.
#[derive(Clone, Debug)]
struct MeasureRow {
    in_force: bool,
    basis_ok: bool,
    management: bool,
    requires_list: bool,
    min_severity: Severity,
    intensity: u8,
    any_severity: Option<Severity>,
    /// Bit per list index.
    cause_lists: Vec<u64>,
    /// Bit per conduct index.
    cause_conduct: Vec<u64>,
    /// Bit per `Target::ALL` index.
    targets: u16,
    /// Bit per `Actor::ALL` index.
    voluntary_for: u16,
    /// (event bit, lists it applies to: `None` for every list and none).
    lifts: Vec<(u64, Option<Vec<u64>>)>,
    /// The rules the full evaluation's explanation starts with (the entry's own, then MEA-1).
    base_rules: Vec<String>,
}

/// Catalogue ids to their indices: a sorted vector searched by bisection (smaller in a
/// WebAssembly bundle than a hash map, and the ids are looked up once per batch or call).
#[derive(Clone, Debug, Default)]
struct Index(Vec<(String, u32)>);

impl Index {
    fn get(&self, id: &str) -> Option<&u32> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok().and_then(|i| self.0.get(i)).map(|(_, v)| v)
    }
}

impl FromIterator<(String, u32)> for Index {
    fn from_iter<I: IntoIterator<Item = (String, u32)>>(items: I) -> Index {
        let mut v: Vec<(String, u32)> = items.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        Index(v)
    }
}

/// The catalogue of one layer at one `as_of`, compiled for [`MeasureChecks::check`].
#[derive(Clone, Debug)]
pub struct MeasureChecks {
    as_of: NaiveDate,
    measure_ids: Vec<String>,
    measures: Vec<MeasureRow>,
    measure_index: Index,
    conduct_ids: Vec<String>,
    conduct_index: Index,
    list_ids: Vec<String>,
    list_index: Index,
    /// Per list index: its versions (the one in force on the decision date is used, else the last).
    lists: Vec<Vec<ListVersion>>,
    /// Per conduct index: its versions (the one in force on the decision date is used, else the
    /// last, as the full evaluation resolves a record's conduct).
    conducts: Vec<Vec<ConductVersion>>,
    /// Max intensity per severity (`Severity::ALL` order) at `as_of`.
    max_intensity: [u8; 3],
    /// Whether a record of each severity (`Severity::ALL` order) is in the sanction scope at
    /// `as_of` (SUB-2: the class is sanctionable, and minor records are not put out of scope).
    in_scope: [bool; 3],
    /// The notice procedure's versions (`procs.notice`): in force `[from, until]` as days, and
    /// whether notice is required.
    notice: Vec<((i32, i32), bool)>,
}

fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

fn has_bit(bits: &[u64], i: u32) -> bool {
    bits.get(i as usize / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

fn subject_target(kind: SubjectKind) -> Target {
    match kind {
        SubjectKind::NaturalPerson => Target::NaturalPerson,
        SubjectKind::LegalPerson => Target::LegalPerson,
        SubjectKind::OtherOrganization => Target::OtherOrganization,
    }
}

/// The bit of an event type in [`Facts::events`] (its declaration index, as in `EventType::ALL`).
pub fn event_bit(e: EventType) -> u64 {
    1u64 << ((e as u32) % 64)
}

impl MeasureChecks {
    /// Compile the selected layer's catalogue at `as_of`.
    pub fn compile(engine: &Engine, as_of: NaiveDate) -> Result<MeasureChecks, Error> {
        let layer = engine.layer_ref()?;
        let view = &layer.view;
        let procs = &layer.procedures;
        let conduct_ids: Vec<String> = view.conduct.ids().map(str::to_owned).collect();
        let conduct_index: Index = conduct_ids.iter().enumerate().map(|(i, id)| (id.clone(), i as u32)).collect();
        let list_ids: Vec<String> = view.list.ids().map(str::to_owned).collect();
        let list_index: Index = list_ids.iter().enumerate().map(|(i, id)| (id.clone(), i as u32)).collect();
        let lwords = list_ids.len().div_ceil(64).max(1);
        let cwords = conduct_ids.len().div_ceil(64).max(1);
        let bits = |ids: &[String], index: &Index, words: usize| {
            let mut b = vec![0u64; words];
            for id in ids {
                if let Some(&i) = index.get(id) {
                    set_bit(&mut b, i as usize);
                }
            }
            b
        };
        let lists = list_ids
            .iter()
            .map(|id| {
                view.list
                    .versions(id)
                    .iter()
                    .map(|v| ListVersion {
                        span: span(&v.entry),
                        serious: v.entry.kind == ListKind::Serious,
                        watch: v.entry.kind == ListKind::Watch,
                        notice_required: v.entry.notice_required,
                        criteria: if v.entry.conduct.is_empty() {
                            None
                        } else {
                            Some(bits(&v.entry.conduct, &conduct_index, cwords))
                        },
                    })
                    .collect()
            })
            .collect();
        let conducts = conduct_ids
            .iter()
            .map(|id| {
                view.conduct
                    .versions(id)
                    .iter()
                    .map(|v| ConductVersion {
                        span: span(&v.entry),
                        severity: v.entry.severity,
                        lists: bits(&v.entry.lists, &list_index, lwords),
                    })
                    .collect()
            })
            .collect();
        let mut measure_ids = Vec::new();
        let mut measures = Vec::new();
        for id in view.measure.ids() {
            let in_force = view.measure.at(id, as_of).is_some();
            let Some(m) = view.measure.at(id, as_of).or_else(|| view.measure.versions(id).last()) else { continue };
            measure_ids.push(id.to_owned());
            measures.push(Self::row(m, &list_index, &conduct_index, lwords, cwords, in_force));
        }
        let measure_index = measure_ids.iter().enumerate().map(|(i, id)| (id.clone(), i as u32)).collect();
        let mut max_intensity = [0u8; 3];
        let mut in_scope = [false; 3];
        // SUB-2 as the full evaluation reads it (`eval/publication.rs`, `in_scope`).
        let minor_out = view.scope.all_at(as_of).any(|s| s.entry.minor_out_of_scope);
        // Indexed by `Severity as usize` (declaration order, the order of `Severity::ALL`).
        for ((slot, scope), s) in max_intensity.iter_mut().zip(in_scope.iter_mut()).zip(Severity::ALL) {
            let class = &procs.severity(*s).at(as_of).entry;
            *slot = class.max_intensity;
            *scope = class.sanctionable && !(minor_out && *s == Severity::Minor);
        }
        Ok(MeasureChecks {
            as_of,
            measure_ids,
            measures,
            measure_index,
            conduct_ids,
            conduct_index,
            list_ids,
            list_index,
            lists,
            conducts,
            max_intensity,
            in_scope,
            notice: procs.notice.versions().map(|v| (span(&v.entry), v.entry.required)).collect(),
        })
    }

    fn row(
        m: &Sourced<MeasureEntry>,
        list_index: &Index,
        conduct_index: &Index,
        lwords: usize,
        cwords: usize,
        in_force: bool,
    ) -> MeasureRow {
        let e = &m.entry;
        let mut cause_lists = vec![0u64; lwords];
        for l in &e.causes.lists {
            if let Some(&i) = list_index.get(l) {
                set_bit(&mut cause_lists, i as usize);
            }
        }
        let mut cause_conduct = vec![0u64; cwords];
        for c in &e.causes.conduct {
            if let Some(&i) = conduct_index.get(c) {
                set_bit(&mut cause_conduct, i as usize);
            }
        }
        let targets = e.targets.iter().fold(0u16, |acc, t| acc | 1 << (*t as u16));
        let voluntary_for = e.voluntary_for.iter().fold(0u16, |acc, a| acc | 1 << (*a as u16));
        let lifts = e
            .lifted_by
            .iter()
            .map(|x| {
                let lists = if x.lists.is_empty() {
                    None
                } else {
                    let mut bits = vec![0u64; lwords];
                    for l in &x.lists {
                        if let Some(&i) = list_index.get(l) {
                            set_bit(&mut bits, i as usize);
                        }
                    }
                    Some(bits)
                };
                (event_bit(x.on), lists)
            })
            .collect();
        let mut base_rules: Vec<String> = Vec::new();
        for r in m.entry.rules().iter().map(|r| r.to_string()).chain(std::iter::once("MEA-1".to_owned())) {
            if !base_rules.contains(&r) {
                base_rules.push(r);
            }
        }
        MeasureRow {
            in_force,
            basis_ok: !e.rights_reducing || e.legal_basis.iter().any(|b| b.rank.founds_rights_reducing_measure()),
            management: e.family == MeasureFamily::Management,
            requires_list: e.requires_list,
            min_severity: e.min_severity,
            intensity: e.intensity,
            any_severity: e.causes.any_severity,
            cause_lists,
            cause_conduct,
            targets,
            voluntary_for,
            lifts,
            base_rules,
        }
    }

    /// The `as_of` the table was compiled for.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    /// The index of a measure id, `None` when the catalogue has no such measure.
    pub fn measure_index(&self, id: &str) -> Option<u32> {
        self.measure_index.get(id).copied()
    }
    /// The index of a conduct id.
    pub fn conduct_index(&self, id: &str) -> Option<u32> {
        self.conduct_index.get(id).copied()
    }
    /// The index of a list id.
    pub fn list_index(&self, id: &str) -> Option<u32> {
        self.list_index.get(id).copied()
    }
    /// Every measure id, by index.
    pub fn measure_ids(&self) -> &[String] {
        &self.measure_ids
    }
    /// Every conduct id, by index.
    pub fn conduct_ids(&self) -> &[String] {
        &self.conduct_ids
    }
    /// Every list id, by index.
    pub fn list_ids(&self) -> &[String] {
        &self.list_ids
    }

    /// The severity of a record of conduct `conduct` (an index) decided on `day` (as [`days`])
    /// that states none: the conduct's own, from its version in force that day, else its last
    /// (as the full evaluation resolves it). `None` for an index out of range.
    pub fn severity_of(&self, conduct: u32, day: i32) -> Option<Severity> {
        self.conduct_version(conduct, day).map(|c| c.severity)
    }

    /// Whether a record of this severity is in the sanction scope at `as_of` (SUB-2): the
    /// evaluated `in_scope` of every record of that severity.
    pub fn in_scope(&self, severity: Severity) -> bool {
        self.in_scope.get(severity as usize).copied().unwrap_or(false)
    }

    /// Whether a record of conduct `conduct` decided on `day` may be on list `list` (both
    /// indices): the list's entry criteria name the conduct, or the conduct names the list, or
    /// the list has no criteria (MEA-6; the full evaluation refuses such a case with
    /// `list_criteria_not_met`). `false` for an index out of range.
    pub fn listing_allowed(&self, list: u32, conduct: u32, day: i32) -> bool {
        let (Some(l), Some(c)) = (self.list_version(list, day), self.conduct_version(conduct, day)) else {
            return false;
        };
        match &l.criteria {
            None => true,
            Some(bits) => has_bit(bits, conduct) || has_bit(&c.lists, list),
        }
    }

    #[inline]
    fn conduct_version(&self, conduct: u32, day: i32) -> Option<&ConductVersion> {
        let versions = self.conducts.get(conduct as usize)?;
        if let [only] = versions.as_slice() {
            return Some(only);
        }
        versions.iter().find(|v| v.span.0 <= day && day <= v.span.1).or_else(|| versions.last())
    }

    /// The list version a record decided on `day` reads: in force that day, else the last.
    #[inline]
    fn list_version(&self, list: u32, day: i32) -> Option<&ListVersion> {
        let versions = self.lists.get(list as usize)?;
        if let [only] = versions.as_slice() {
            return Some(only);
        }
        versions.iter().find(|v| v.span.0 <= day && day <= v.span.1).or_else(|| versions.last())
    }

    #[inline]
    fn notice_required(&self, day: i32) -> bool {
        // `procs.notice` covers every day (checked at load); the first version in force decides.
        self.notice.iter().find(|((from, until), _)| *from <= day && day <= *until).is_some_and(|(_, r)| *r)
    }

    /// Decide one proposed measure. An index out of range (never produced by this table's own
    /// lookups) fails the catalogue check.
    #[inline]
    pub fn check(&self, f: &Facts) -> Outcome {
        let Some(m) = self.measures.get(f.measure as usize) else {
            return Outcome { mask: CATALOGUE, lifted: 0 };
        };
        let list = if f.list == NO_LIST { None } else { self.list_version(f.list, f.decided_on) };
        let mut mask = 0u16;
        if !m.in_force {
            mask |= CATALOGUE;
        }
        if !m.basis_ok {
            mask |= LEGAL_BASIS;
        }
        if !f.status.in_force() {
            mask |= RECORD_IN_FORCE;
        }
        if f.status == RecordStatus::Suspended {
            mask |= NOT_SUSPENDED;
        }
        let watch_only = list.is_some_and(|l| l.watch) && !m.management;
        if !f.in_scope || watch_only {
            mask |= SCOPE;
        }
        let by_list = list.is_some() && has_bit(&m.cause_lists, f.list);
        let by_conduct = has_bit(&m.cause_conduct, f.conduct);
        let by_severity = m.any_severity.is_some_and(|s| f.severity >= s);
        if !(by_list || by_conduct || by_severity) {
            mask |= RELEVANCE;
        }
        let mut lifted = 0u8;
        for (bit, lists) in &m.lifts {
            let applies = match lists {
                None => true,
                Some(bits) => list.is_some() && has_bit(bits, f.list),
            };
            if applies && f.events & bit != 0 {
                lifted = lifted.saturating_add(1);
            }
        }
        if lifted > 0 {
            mask |= NOT_LIFTED;
        }
        let max_intensity = self.max_intensity.get(f.severity as usize).copied().unwrap_or(0);
        let list_ok = !m.requires_list || list.is_some_and(|l| l.serious);
        if !(f.severity >= m.min_severity && m.intensity <= max_intensity && list_ok) {
            mask |= PROPORTIONALITY;
        }
        let target = f.target.unwrap_or_else(|| subject_target(f.subject));
        let is_unit = f.subject != SubjectKind::NaturalPerson;
        let role_ok = match target {
            Target::LegalRepresentative | Target::ResponsiblePerson => is_unit,
            t => t == subject_target(f.subject),
        };
        if !(role_ok && m.targets & (1 << target as u16) != 0) {
            mask |= SUBJECT_KIND;
        }
        let by_kind = f.by_kind.unwrap_or(Actor::AdministrativeBody);
        let market_actor = matches!(
            by_kind,
            Actor::FinancialInstitution
                | Actor::CreditAgency
                | Actor::IndustryAssociation
                | Actor::NewsMedia
                | Actor::MarketActor
        );
        let voluntary_ok = if m.voluntary_for != 0 {
            m.voluntary_for & (1 << by_kind as u16) != 0 && f.voluntary
        } else {
            !market_actor || f.voluntary
        };
        if !voluntary_ok {
            mask |= VOLUNTARY_ONLY;
        }
        let notice_needed = list.is_some_and(|l| l.serious && l.notice_required) && self.notice_required(f.decided_on);
        if notice_needed && !f.notified {
            mask |= NOTICE;
        }
        Outcome { mask, lifted }
    }

    /// The rule ids of the full evaluation's explanation for this outcome: the measure entry's
    /// own rules and MEA-1, each failed check's rule ([`MeasureChecks::check_rule`]), and MEA-2,
    /// MEA-3 when allowed.
    pub fn rules(&self, f: &Facts, o: Outcome) -> Vec<String> {
        let Some(m) = self.measures.get(f.measure as usize) else { return vec!["MEA-1".to_owned()] };
        let mut rules = m.base_rules.clone();
        let mut add = |r: &str| {
            if !rules.iter().any(|x| x == r) {
                rules.push(r.to_owned());
            }
        };
        for c in o.failed() {
            add(self.check_rule(f, c));
        }
        if o.allowed() {
            add("MEA-2");
            add("MEA-3");
        }
        rules
    }

    /// The rule a failed check cites in the full evaluation (the `rule` of the decision's
    /// `checks` entry): fixed per check, except `record_in_force` (by the record's status) and
    /// `scope` (SUB-6 for a watch list and a measure that is not a management measure).
    pub fn check_rule(&self, f: &Facts, c: CheckKind) -> &'static str {
        match c {
            CheckKind::Catalogue => "MEA-1",
            CheckKind::LegalBasis => "MEA-2",
            CheckKind::RecordInForce => match f.status {
                RecordStatus::Repaired => "REP-2",
                RecordStatus::Revoked => "OBJ-3",
                RecordStatus::Removed | RecordStatus::Exited => "TRI-4",
                _ => "PER-1",
            },
            CheckKind::NotSuspended => "OBJ-2",
            CheckKind::Scope => {
                let list = if f.list == NO_LIST { None } else { self.list_version(f.list, f.decided_on) };
                let management = self.measures.get(f.measure as usize).is_some_and(|m| m.management);
                if list.is_some_and(|l| l.watch) && !management {
                    "SUB-6"
                } else {
                    "SUB-2"
                }
            }
            CheckKind::Relevance | CheckKind::Proportionality => "MEA-3",
            CheckKind::NotLifted => "NAT-5",
            CheckKind::SubjectKind => "MEA-7",
            CheckKind::VoluntaryOnly => "MEA-5",
            CheckKind::Notice => "MEA-6",
        }
    }
}

/// A record status by its JSON name (`"active"`, ...).
pub fn record_status(name: &str) -> Option<RecordStatus> {
    Some(match name {
        "active" => RecordStatus::Active,
        "suspended" => RecordStatus::Suspended,
        "expired" => RecordStatus::Expired,
        "repaired" => RecordStatus::Repaired,
        "removed" => RecordStatus::Removed,
        "exited" => RecordStatus::Exited,
        "revoked" => RecordStatus::Revoked,
        _ => return None,
    })
}

/// The error for an id the compiled table does not know.
pub fn unknown(code: ErrorCode, what: &str, id: &str) -> Error {
    Error::case(code, what.to_owned(), format!("unknown {what} `{id}`"))
}
