//! Proposed-measure checks on indices, for columnar batches and one-question forms.
//!
//! [`MeasureChecks::compile`] picks, for one jurisdiction layer at one `as_of`, the version of
//! each measure a check reads from the catalogue's sets compiled at load
//! (`policy::measure_sets`, which `permitted_measures` reads too), and turns catalogue ids into
//! indices once per batch; then [`MeasureChecks::check`] decides a proposed measure from a
//! record's facts ([`Facts`], all integers) with the predicates the full evaluation shares
//! (`legal_basis_ok`, `subject_kind_ok`, `voluntary_ok`) and the sets' causes, with no
//! allocation: the result is an [`Outcome`], a bit per failed check. Messages are not produced
//! here; [`Outcome::failed`] and [`MeasureChecks::rules`] give the check names and rule ids on
//! request (each failed check's rule as the full evaluation's `CheckFact::rule` derives it).
//!
//! The checks are those of the full evaluation (MEA-1..7, PER-1, REP-2, OBJ-2/3, SUB-2/6, TRI-4,
//! NAT-5; `eval/measures.rs`), run on the record's *evaluated* facts (its status and scope come
//! from the timeline: the records table of the columnar API, or a [`crate::decision::Decision`]).
//! `tests/measure_table.rs` proves the answers equal [`crate::Engine::evaluate`]'s on the whole
//! conformance corpus and on generated cases, so the two paths cannot drift.

use chrono::NaiveDate;

use std::sync::Arc;

use crate::decision::{CheckFact, CheckKind, RecordStatus};
use crate::error::{Error, ErrorCode};
use crate::policy::measure_sets::{legal_basis_ok, subject_kind_ok, subject_target, voluntary_ok, MeasureSets};
use crate::policy::model::{ConductEntry, Entry, ListEntry, ListKind};
use crate::policy::{Sourced, Table};
use crate::text::CheckDetail;
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

/// The versions of one list or conduct, each with the days it is in force `[from, until]` as
/// [`days`] (the one in force on the decision date is read, else the last).
type Dated<T> = Vec<((i32, i32), Arc<Sourced<T>>)>;

/// Catalogue ids to their indices: a sorted vector searched by bisection (smaller in a
/// WebAssembly bundle than a hash map, and the ids are looked up once per batch or call).
#[derive(Clone, Debug, Default)]
struct Index(Vec<(String, u32)>);

impl Index {
    fn of(ids: &[String]) -> Index {
        let mut v: Vec<(String, u32)> = ids.iter().cloned().zip(0..).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        Index(v)
    }
    fn get(&self, id: &str) -> Option<u32> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok().and_then(|i| self.0.get(i)).map(|(_, v)| *v)
    }
}

/// The ids of a table, their index, and their dated versions.
fn dated<T: Entry>(table: &Table<T>) -> (Vec<String>, Index, Vec<Dated<T>>) {
    let ids: Vec<String> = table.ids().map(str::to_owned).collect();
    let versions =
        ids.iter().map(|id| table.versions(id).iter().map(|v| (span(&v.entry), Arc::clone(v))).collect()).collect();
    (ids.clone(), Index::of(&ids), versions)
}

/// The version in force on `day`, else the last.
#[inline]
fn version_at<T>(versions: Option<&Dated<T>>, day: i32) -> Option<&T> {
    let versions = versions?;
    versions.iter().find(|(s, _)| s.0 <= day && day <= s.1).or_else(|| versions.last()).map(|(_, v)| &v.entry)
}

/// The catalogue of one layer at one `as_of`, as [`MeasureChecks::check`] reads it.
#[derive(Clone, Debug)]
pub struct MeasureChecks {
    as_of: NaiveDate,
    /// The layer's measure catalogue as sets (compiled at load, shared with the engine).
    sets: Arc<MeasureSets>,
    measure_ids: Vec<String>,
    /// Per measure index: the version read, its answers to the shared predicates.
    measures: Vec<Row>,
    measure_index: Index,
    conduct_ids: Vec<String>,
    conduct_index: Index,
    list_ids: Vec<String>,
    list_index: Index,
    /// Per list index: its versions.
    lists: Vec<Dated<ListEntry>>,
    /// Per list index: the measures it causes (`MeasureSets::cause_of`).
    list_causes: Vec<Option<u32>>,
    /// Per conduct index: its versions (as the full evaluation resolves a record's conduct).
    conducts: Vec<Dated<ConductEntry>>,
    /// Per conduct index: the measures it causes.
    conduct_causes: Vec<Option<u32>>,
    /// Max intensity per severity (`Severity::ALL` order) at `as_of`.
    max_intensity: [u8; 3],
    /// Whether a record of each severity (`Severity::ALL` order) is in the sanction scope at
    /// `as_of` (SUB-2: the class is sanctionable, and minor records are not put out of scope).
    in_scope: [bool; 3],
    /// The notice procedure's versions (`procs.notice`): in force `[from, until]` as days, and
    /// whether notice is required.
    notice: Vec<((i32, i32), bool)>,
}

/// One measure's version as a check reads it: its slot in the sets, and the answers of the
/// shared predicates over their few inputs, so that a check is a few bit tests.
#[derive(Clone, Copy, Debug)]
struct Row {
    slot: u32,
    /// In force at `as_of` (MEA-1).
    in_force: bool,
    /// `legal_basis_ok` (MEA-2).
    basis_ok: bool,
    /// `subject_kind_ok` per (subject kind, target): bit [`kind_bit`].
    kinds: u32,
    /// `voluntary_ok` per (actor, voluntary): bit [`actor_bit`].
    voluntary: u64,
}

fn kind_bit(kind: SubjectKind, target: Target) -> u32 {
    1 << ((kind as u32 * 8 + target as u32) % 32)
}

fn actor_bit(by: Actor, voluntary: bool) -> u64 {
    1 << ((by as u32 * 2 + u32::from(voluntary)) % 64)
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
        let sets = Arc::clone(&procs.measures);
        let (conduct_ids, conduct_index, conducts) = dated(&view.conduct);
        let (list_ids, list_index, lists) = dated(&view.list);
        let mut measures = Vec::new();
        let mut measure_ids = Vec::new();
        for (slot, in_force) in sets.catalogue_at(as_of) {
            let Some(m) = sets.slot(slot) else { continue };
            let e = &m.entry;
            let mut row = Row { slot, in_force, basis_ok: legal_basis_ok(e), kinds: 0, voluntary: 0 };
            for &kind in SubjectKind::ALL {
                for &target in Target::ALL {
                    if subject_kind_ok(e, kind, target) {
                        row.kinds |= kind_bit(kind, target);
                    }
                }
            }
            for &by in Actor::ALL {
                for v in [false, true] {
                    if voluntary_ok(e, by, v).0 {
                        row.voluntary |= actor_bit(by, v);
                    }
                }
            }
            measures.push(row);
            measure_ids.push(m.id.to_string());
        }
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
            measure_index: Index::of(&measure_ids),
            measure_ids,
            measures,
            list_causes: list_ids.iter().map(|id| sets.cause_of(id, true)).collect(),
            conduct_causes: conduct_ids.iter().map(|id| sets.cause_of(id, false)).collect(),
            sets,
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

    /// The as_of the table was compiled for.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
    /// The index of a measure id, `None` when the catalogue has no such measure.
    pub fn measure_index(&self, id: &str) -> Option<u32> {
        self.measure_index.get(id)
    }
    /// The index of a conduct id.
    pub fn conduct_index(&self, id: &str) -> Option<u32> {
        self.conduct_index.get(id)
    }
    /// The index of a list id.
    pub fn list_index(&self, id: &str) -> Option<u32> {
        self.list_index.get(id)
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
        let (Some(list_id), Some(conduct_id)) =
            (self.list_ids.get(list as usize), self.conduct_ids.get(conduct as usize))
        else {
            return false;
        };
        l.conduct.is_empty() || l.conduct.contains(conduct_id) || c.lists.contains(list_id)
    }

    #[inline]
    fn conduct_version(&self, conduct: u32, day: i32) -> Option<&ConductEntry> {
        version_at(self.conducts.get(conduct as usize), day)
    }

    /// The list version a record decided on `day` reads: in force that day, else the last.
    #[inline]
    fn list_version(&self, list: u32, day: i32) -> Option<&ListEntry> {
        if list == NO_LIST {
            return None;
        }
        version_at(self.lists.get(list as usize), day)
    }

    #[inline]
    fn notice_required(&self, day: i32) -> bool {
        // `procs.notice` covers every day (checked at load); the first version in force decides.
        self.notice.iter().find(|((from, until), _)| *from <= day && day <= *until).is_some_and(|(_, r)| *r)
    }

    /// SUB-6: a watch-list record, and a measure that is not a management measure.
    fn watch_only(&self, f: &Facts) -> bool {
        let list = self.list_version(f.list, f.decided_on);
        let management = self.measure(f).is_some_and(|(m, _)| m.entry.family == MeasureFamily::Management);
        list.is_some_and(|l| l.kind == ListKind::Watch) && !management
    }

    /// The measure version of a check, its slot, and whether it is in force at `as_of`.
    #[inline]
    fn measure(&self, f: &Facts) -> Option<(&Sourced<crate::policy::model::MeasureEntry>, &Row)> {
        let row = self.measures.get(f.measure as usize)?;
        Some((self.sets.slot(row.slot)?, row))
    }

    /// Decide one proposed measure. An index out of range (never produced by this table's own
    /// lookups) fails the catalogue check.
    #[inline]
    pub fn check(&self, f: &Facts) -> Outcome {
        let Some((m, row)) = self.measure(f) else {
            return Outcome { mask: CATALOGUE, lifted: 0 };
        };
        let e = &m.entry;
        let list = self.list_version(f.list, f.decided_on);
        let list_id = list.and_then(|_| self.list_ids.get(f.list as usize));
        let mut mask = 0u16;
        let slot = row.slot;
        if !row.in_force {
            mask |= CATALOGUE;
        }
        if !row.basis_ok {
            mask |= LEGAL_BASIS;
        }
        if !f.status.in_force() {
            mask |= RECORD_IN_FORCE;
        }
        if f.status == RecordStatus::Suspended {
            mask |= NOT_SUSPENDED;
        }
        let watch_only = list.is_some_and(|l| l.kind == ListKind::Watch) && e.family != MeasureFamily::Management;
        if !f.in_scope || watch_only {
            mask |= SCOPE;
        }
        let cause = |c: &Vec<Option<u32>>, i: u32| c.get(i as usize).copied().flatten();
        let by_list = list.is_some() && self.sets.causes(cause(&self.list_causes, f.list), slot);
        let by_conduct = self.sets.causes(cause(&self.conduct_causes, f.conduct), slot);
        let by_severity = e.causes.any_severity.is_some_and(|s| f.severity >= s);
        if !(by_list || by_conduct || by_severity) {
            mask |= RELEVANCE;
        }
        let mut lifted = 0u8;
        for x in e.lifted_by.iter() {
            let applies = x.lists.is_empty() || list_id.is_some_and(|l| x.lists.contains(l));
            if applies && f.events & event_bit(x.on) != 0 {
                lifted = lifted.saturating_add(1);
            }
        }
        if lifted > 0 {
            mask |= NOT_LIFTED;
        }
        let max_intensity = self.max_intensity.get(f.severity as usize).copied().unwrap_or(0);
        let list_ok = !e.requires_list || list.is_some_and(|l| l.kind == ListKind::Serious);
        if !(f.severity >= e.min_severity && e.intensity <= max_intensity && list_ok) {
            mask |= PROPORTIONALITY;
        }
        if row.kinds & kind_bit(f.subject, f.target.unwrap_or_else(|| subject_target(f.subject))) == 0 {
            mask |= SUBJECT_KIND;
        }
        if row.voluntary & actor_bit(f.by_kind.unwrap_or(Actor::AdministrativeBody), f.voluntary) == 0 {
            mask |= VOLUNTARY_ONLY;
        }
        let notice_needed = list.is_some_and(|l| l.kind == ListKind::Serious && l.notice_required)
            && self.notice_required(f.decided_on);
        if notice_needed && !f.notified {
            mask |= NOTICE;
        }
        Outcome { mask, lifted }
    }

    /// The rule ids of the full evaluation's explanation for this outcome: the measure entry's
    /// own rules and MEA-1, each failed check's rule ([`MeasureChecks::check_rule`]), and MEA-2,
    /// MEA-3 when allowed.
    pub fn rules(&self, f: &Facts, o: Outcome) -> Vec<String> {
        let own = self.measure(f).map_or(&[][..], |(m, _)| m.entry.rules());
        let mut rules: Vec<String> = Vec::new();
        let mut add = |r: &str| {
            if !rules.iter().any(|x| x == r) {
                rules.push(r.to_owned());
            }
        };
        for r in own {
            add(r);
        }
        add("MEA-1");
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
    /// `checks` entry, as `CheckFact::rule` derives it): fixed per check, except
    /// `record_in_force` (by the record's status) and `scope` (SUB-6 for a watch list and a
    /// measure that is not a management measure).
    pub fn check_rule(&self, f: &Facts, c: CheckKind) -> &'static str {
        let what = match c {
            CheckKind::RecordInForce => CheckDetail::RecordInForce { status: f.status },
            CheckKind::Scope => CheckDetail::Scope { watch_only: self.watch_only(f) },
            // Any other detail: the rule is the check's own.
            _ => CheckDetail::LegalBasis,
        };
        CheckFact { check: c, passed: false, what }.rule()
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
