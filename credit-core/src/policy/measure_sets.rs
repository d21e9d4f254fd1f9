//! The measure catalogue of a layer compiled at load into bitsets, so that the full evaluation's
//! `permitted_measures` (every measure of the catalogue in force at `as_of`, checked against
//! every record in force) is a few word operations per record instead of the ten checks of
//! `eval/measures.rs` per measure.
//!
//! Every version of every measure is a *slot* (definition order of the ids, then version order),
//! and every as_of-independent part of a check is a set of slots: the legal basis (MEA-2), the
//! default proposal's target and actor (MEA-7, MEA-5), the causes by list, conduct and severity
//! (MEA-3), the least severity and the intensity (MEA-3), the serious-list requirement, the
//! management family (SUB-6); the few measures with lifting events (NAT-5) are checked from their
//! entry once the sets leave them. The only date-dependent part, which version of each measure is in
//! force, is a set per interval between the dates where any version starts or ends, found by
//! bisection. The predicates shared with the one-by-one checks ([`legal_basis_ok`],
//! [`subject_kind_ok`], [`voluntary_ok`]) live here so that the two paths cannot drift;
//! `tests/permitted.rs` proves them equal on generated cases, dated versions included.

use super::model::{Entry, LiftedBy, ListEntry, ListKind, MeasureEntry};
use super::{FastMap, Sourced, Table, View};
use crate::vocab::{Actor, EventType, MeasureFamily, Severity, SubjectKind, Target};
use chrono::NaiveDate;
use std::sync::Arc;

/// The target a measure is aimed at when the proposal names none: the subject itself.
pub(crate) fn subject_target(kind: SubjectKind) -> Target {
    match kind {
        SubjectKind::NaturalPerson => Target::NaturalPerson,
        SubjectKind::LegalPerson => Target::LegalPerson,
        SubjectKind::OtherOrganization => Target::OtherOrganization,
    }
}

/// MEA-2: a measure that reduces rights rests on a legal basis of sufficient rank.
pub(crate) fn legal_basis_ok(e: &MeasureEntry) -> bool {
    !e.rights_reducing || e.legal_basis.iter().any(|b| b.rank.founds_rights_reducing_measure())
}

/// MEA-7: the measure may be aimed at `target` for a subject of this kind (a unit's
/// representative or responsible person only for a unit; otherwise the subject itself).
pub(crate) fn subject_kind_ok(e: &MeasureEntry, subject: SubjectKind, target: Target) -> bool {
    let is_unit = subject != SubjectKind::NaturalPerson;
    let role_ok = match target {
        Target::LegalRepresentative | Target::ResponsiblePerson => is_unit,
        t => t == subject_target(subject),
    };
    role_ok && e.targets.contains(&target)
}

/// MEA-5: market and social actors may not be required to sanction, and a measure that only such
/// actors may take of their own accord cannot be imposed by a public body either. Whether the
/// check passes, and whether the measure would be imposed on an actor it is voluntary for.
pub(crate) fn voluntary_ok(e: &MeasureEntry, by: Actor, voluntary: bool) -> (bool, bool) {
    let market_actor = matches!(
        by,
        Actor::FinancialInstitution
            | Actor::CreditAgency
            | Actor::IndustryAssociation
            | Actor::NewsMedia
            | Actor::MarketActor
    );
    let voluntary_measure = !e.voluntary_for.is_empty();
    let imposed = voluntary_measure && !e.voluntary_for.contains(&by);
    let ok = if voluntary_measure { !imposed && voluntary } else { !market_actor || voluntary };
    (ok, imposed)
}

/// Who applies a measure `permitted_measures` lists, and how: an administrative body, not of its
/// own accord, aimed at the subject itself (the proposal a case would make naming none of these).
const DEFAULT_BY: Actor = Actor::AdministrativeBody;
const DEFAULT_VOLUNTARY: bool = false;

/// A set of slots, one bit each.
type Bits = Box<[u64]>;

/// The position of `s` in a per-severity array (the one index both filling and reading use).
fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Minor => 0,
        Severity::General => 1,
        Severity::Serious => 2,
    }
}

/// The position of `k` in a per-subject-kind array.
fn kind_index(k: SubjectKind) -> usize {
    match k {
        SubjectKind::NaturalPerson => 0,
        SubjectKind::LegalPerson => 1,
        SubjectKind::OtherOrganization => 2,
    }
}

/// Set `k` of a per-severity or per-kind array (`k` from [`severity_index`] or [`kind_index`],
/// always in range).
fn at(a: &[Bits; 3], k: usize) -> &[u64] {
    a.get(k).map_or(&[], |b| &b[..])
}

/// Set `k` of a per-severity or per-kind array, to fill.
fn at_mut(a: &mut [Bits; 3], k: usize) -> &mut [u64] {
    a.get_mut(k).map_or(&mut [], |b| &mut b[..])
}

/// Word `w` of a set; every set of one [`MeasureSets`] has `words` words by construction.
#[inline]
fn word(bits: &[u64], w: usize) -> u64 {
    bits.get(w).copied().unwrap_or(0)
}

/// What `permitted_measures` needs to know about one record in force: the facts every measure
/// check reads that do not depend on the measure.
pub(crate) struct RecordQuery<'a> {
    /// The subject's kind (the default target is the subject itself).
    pub subject: SubjectKind,
    /// The record's conduct id.
    pub conduct: &'a str,
    /// The list version the record puts the subject on.
    pub list: Option<&'a ListEntry>,
    /// The record's resolved severity.
    pub severity: Severity,
    /// The severity class's greatest intensity at `as_of` (MEA-3).
    pub max_intensity: u8,
}

/// A layer's measure catalogue as sets of slots (see the module documentation).
#[derive(Clone, Debug)]
pub(crate) struct MeasureSets {
    /// The measure version of every slot (its id is shared with the decisions).
    slots: Vec<Arc<Sourced<MeasureEntry>>>,
    /// Words per set.
    words: usize,
    /// The first day of each interval over which the versions in force do not change; the first
    /// is `NaiveDate::MIN`.
    starts: Vec<NaiveDate>,
    /// Per interval: the slots in force (the first version in force of each id, as
    /// [`Table::all_at`] picks it).
    in_force: Vec<Bits>,
    /// Legal basis (MEA-2) and the default actor (MEA-5) pass.
    fixed: Bits,
    /// Management measures (allowed on a watch list, SUB-6).
    management: Bits,
    /// Measures that do not require a serious list (MEA-3).
    no_list_needed: Bits,
    /// Per subject kind: the default target passes MEA-7.
    targets: [Bits; 3],
    /// Per severity: the measure's least severity is at most this one (MEA-3).
    min_severity: [Bits; 3],
    /// Per severity: the measure is caused by any record of at least its `any_severity`.
    any_severity: [Bits; 3],
    /// Ascending intensities, each with the slots of at most that intensity.
    intensity: Vec<(u8, Bits)>,
    /// List id to the slots it causes (a position in `causes`).
    cause_lists: FastMap<String, usize>,
    /// Conduct id to the slots it causes (a position in `causes`).
    cause_conduct: FastMap<String, usize>,
    /// The slots each list or conduct id causes.
    causes: Vec<Bits>,
    /// Measures with lifting events (`lifted_by`, NAT-5), read from the entry.
    lifted: Bits,
    /// Per id with any version, in definition order: its first slot and its number of slots.
    groups: Vec<(u32, u32)>,
}

impl MeasureSets {
    /// Compile the measures of a resolved view.
    pub(crate) fn compile(view: &View) -> MeasureSets {
        Self::from_table(&view.measure)
    }

    fn from_table(table: &Table<MeasureEntry>) -> MeasureSets {
        // Slots, grouped by id in definition order.
        let groups: Vec<&[Arc<super::Sourced<MeasureEntry>>]> = table.items.iter().map(|(_, v)| v.as_slice()).collect();
        let slots: Vec<&Arc<super::Sourced<MeasureEntry>>> = groups.iter().flat_map(|g| g.iter()).collect();
        let words = slots.len().div_ceil(64);
        let empty = || vec![0u64; words].into_boxed_slice();
        let set = |bits: &mut [u64], i: usize| {
            if let Some(w) = bits.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        };
        let mut fixed = empty();
        let mut management = empty();
        let mut no_list_needed = empty();
        let mut targets = [empty(), empty(), empty()];
        let mut min_severity = [empty(), empty(), empty()];
        let mut any_severity = [empty(), empty(), empty()];
        let mut intensity: Vec<(u8, Bits)> = Vec::new();
        let mut cause_lists: FastMap<String, usize> = FastMap::default();
        let mut cause_conduct: FastMap<String, usize> = FastMap::default();
        let mut causes: Vec<Bits> = Vec::new();
        let mut lifted = empty();
        let mut add = |map: &mut FastMap<String, usize>, id: &str, i: usize| {
            let k = *map.entry(id.to_owned()).or_insert_with(|| {
                causes.push(empty());
                causes.len() - 1
            });
            if let Some(b) = causes.get_mut(k) {
                set(b, i);
            }
        };
        for (i, m) in slots.iter().enumerate() {
            let e = &m.entry;
            if legal_basis_ok(e) && voluntary_ok(e, DEFAULT_BY, DEFAULT_VOLUNTARY).0 {
                set(&mut fixed, i);
            }
            if e.family == MeasureFamily::Management {
                set(&mut management, i);
            }
            if !e.requires_list {
                set(&mut no_list_needed, i);
            }
            for &kind in SubjectKind::ALL {
                if subject_kind_ok(e, kind, subject_target(kind)) {
                    set(at_mut(&mut targets, kind_index(kind)), i);
                }
            }
            for &s in Severity::ALL {
                if s >= e.min_severity {
                    set(at_mut(&mut min_severity, severity_index(s)), i);
                }
                if e.causes.any_severity.is_some_and(|a| s >= a) {
                    set(at_mut(&mut any_severity, severity_index(s)), i);
                }
            }
            for l in &e.causes.lists {
                add(&mut cause_lists, l, i);
            }
            for c in &e.causes.conduct {
                add(&mut cause_conduct, c, i);
            }
            // Kept in ascending order.
            if let Err(k) = intensity.binary_search_by_key(&e.intensity, |(n, _)| *n) {
                intensity.insert(k, (e.intensity, empty()));
            }
            if !e.lifted_by.is_empty() {
                set(&mut lifted, i);
            }
        }
        // Each intensity with every slot of at most that intensity.
        for (n, bits) in &mut intensity {
            for (i, m) in slots.iter().enumerate() {
                if m.entry.intensity <= *n {
                    set(bits, i);
                }
            }
        }
        // The versions in force change only on a `from` or the day after an `until`.
        let mut starts = vec![NaiveDate::MIN];
        for m in &slots {
            for day in [m.entry.from().map(|f| f.0), m.entry.until().and_then(|u| u.0.succ_opt())].into_iter().flatten()
            {
                // Kept in ascending order, without repeats.
                if let Err(k) = starts.binary_search(&day) {
                    starts.insert(k, day);
                }
            }
        }
        let in_force = starts
            .iter()
            .map(|day| {
                let mut bits = empty();
                let mut i = 0;
                for g in &groups {
                    if let Some(k) = g.iter().position(|v| v.entry.in_force(*day)) {
                        set(&mut bits, i + k);
                    }
                    i += g.len();
                }
                bits
            })
            .collect();
        let mut groups_at = Vec::with_capacity(groups.len());
        let mut first = 0u32;
        for g in &groups {
            let n = u32::try_from(g.len()).unwrap_or(u32::MAX);
            if n > 0 {
                groups_at.push((first, n));
            }
            first = first.saturating_add(n);
        }
        MeasureSets {
            groups: groups_at,
            slots: slots.iter().map(|m| Arc::clone(m)).collect(),
            words,
            starts,
            in_force,
            fixed,
            management,
            no_list_needed,
            targets,
            min_severity,
            any_severity,
            intensity,
            cause_lists,
            cause_conduct,
            causes,
            lifted,
        }
    }

    /// The slots in force on `day` (MEA-1): one bisection.
    pub(crate) fn in_force_at(&self, day: NaiveDate) -> &[u64] {
        let i = self.starts.partition_point(|s| *s <= day);
        self.in_force.get(i.saturating_sub(1)).map_or(&[], |b| &b[..])
    }

    /// Every measure id's version as a proposed-measure check reads it on `day`, in definition
    /// order: the slot in force (MEA-1, as [`Table::at`] picks it) and `true`, else its last
    /// version's slot and `false` (the check refuses it).
    pub(crate) fn catalogue_at(&self, day: NaiveDate) -> impl Iterator<Item = (u32, bool)> + '_ {
        let in_force = self.in_force_at(day);
        self.groups.iter().map(move |&(first, n)| {
            (first..first + n)
                .find(|&s| word(in_force, s as usize / 64) & (1 << (s % 64)) != 0)
                .map_or((first + n - 1, false), |s| (s, true))
        })
    }

    /// The measure version of a slot.
    pub(crate) fn slot(&self, slot: u32) -> Option<&Sourced<MeasureEntry>> {
        self.slots.get(slot as usize).map(|m| &**m)
    }

    /// The slots a list id (`by_list`) or a conduct id causes (MEA-3): a position for
    /// [`MeasureSets::causes`], `None` when it causes none.
    pub(crate) fn cause_of(&self, id: &str, by_list: bool) -> Option<u32> {
        let map = if by_list { &self.cause_lists } else { &self.cause_conduct };
        map.get(id).and_then(|k| u32::try_from(*k).ok())
    }

    /// Whether the cause at `cause` (from [`MeasureSets::cause_of`]) causes `slot`.
    pub(crate) fn causes(&self, cause: Option<u32>, slot: u32) -> bool {
        cause
            .and_then(|k| self.causes.get(k as usize))
            .is_some_and(|b| word(b, slot as usize / 64) & (1 << (slot % 64)) != 0)
    }

    /// The ids of the measures in force (`in_force`, from [`MeasureSets::in_force_at`]) that pass
    /// every measure-dependent check for this record under the default proposal, in catalogue
    /// order. `has_event` tells whether the record has an event of a type on or before `as_of`.
    /// The checks that depend on the record alone (in force, not suspended, in scope, notice)
    /// are the caller's.
    pub(crate) fn permitted(
        &self,
        in_force: &[u64],
        r: &RecordQuery<'_>,
        has_event: impl Fn(EventType) -> bool,
    ) -> Vec<Arc<str>> {
        let list_id = r.list.map(|l| l.id.as_str());
        let serious = r.list.is_some_and(|l| l.kind == ListKind::Serious);
        let watch = r.list.is_some_and(|l| l.kind == ListKind::Watch);
        let cause = |map: &FastMap<String, usize>, id: &str| {
            map.get(id).and_then(|k| self.causes.get(*k)).map_or(&[][..], |b| &b[..])
        };
        let by_list = list_id.map_or(&[][..], |l| cause(&self.cause_lists, l));
        let by_conduct = cause(&self.cause_conduct, r.conduct);
        let light = self.intensity.iter().rev().find(|(n, _)| *n <= r.max_intensity).map_or(&[][..], |(_, b)| &b[..]);
        let targets = at(&self.targets, kind_index(r.subject));
        let min_severity = at(&self.min_severity, severity_index(r.severity));
        let any_severity = at(&self.any_severity, severity_index(r.severity));
        let mut out = Vec::new();
        for w in 0..self.words {
            let relevant = word(by_list, w) | word(by_conduct, w) | word(any_severity, w);
            let list_ok = if serious { !0 } else { word(&self.no_list_needed, w) };
            let scope_ok = if watch { word(&self.management, w) } else { !0 };
            let mut bits = word(in_force, w)
                & word(&self.fixed, w)
                & word(targets, w)
                & word(min_severity, w)
                & word(light, w)
                & list_ok
                & scope_ok
                & relevant;
            let lifted = word(&self.lifted, w);
            if out.capacity() == 0 && bits != 0 {
                out.reserve_exact(bits.count_ones() as usize);
            }
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some(m) = self.slots.get(w * 64 + b) else { continue };
                // NAT-5: an event on the record that ends the measure's ground for its list.
                let lift = |x: &LiftedBy| {
                    (x.lists.is_empty() || list_id.is_some_and(|l| x.lists.iter().any(|y| y == l))) && has_event(x.on)
                };
                if lifted & (1 << b) != 0 && m.entry.lifted_by.iter().any(lift) {
                    continue;
                }
                out.push(Arc::clone(&m.id));
            }
        }
        out
    }
}
