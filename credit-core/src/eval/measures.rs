//! Checking proposed sanction measures (MEA-1..8) and listing the permitted ones.
//!
//! Every check runs; a measure is allowed only when all pass, and a refusal names each failed
//! check with its rule, so a clerk sees every reason at once. `permitted_measures` asks the same
//! questions of every measure in force for every record in force: it reads the catalogue compiled
//! into sets at load (`policy::measure_sets`, which shares the measure predicates with
//! [`check_one`]), so that it costs a few word operations per record.

use super::{Ctx, RecordFacts, Resolved, Why};
use crate::case::{Case, ProposedMeasure};
use crate::decision::*;
use crate::error::Error;
use crate::policy::measure_sets::{legal_basis_ok, subject_kind_ok, subject_target, voluntary_ok, RecordQuery};
use crate::policy::model::{ListKind, MeasureEntry};
use crate::policy::Sourced;
use crate::text::{Cause, Msg, Txt};
use crate::vocab::{Actor, EventType, Target};
use std::sync::Arc;

/// Per-record facts every measure check needs, found once per record (by `period::record`, into
/// its [`RecordFacts`]) rather than once per proposed measure.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// MEA-3: the greatest intensity the record's severity class allows at `as_of`.
    max_intensity: u8,
    /// MEA-6: whether the record needed notice before listing, and whether it was notified.
    notice_needed: bool,
    notified: bool,
}

impl Limits {
    pub(crate) fn of(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Self {
        let needed = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious && l.entry.notice_required)
            && ctx.procs.notice.at(r.decided_on).entry.required;
        Limits {
            max_intensity: ctx.procs.severity(r.severity).at(ctx.as_of).entry.max_intensity,
            notice_needed: needed,
            notified: r.events.iter().any(|ev| ev.kind == EventType::Notified && ev.on.0 <= r.decided_on),
        }
    }
}

struct Proposal {
    by_kind: Actor,
    voluntary: bool,
    target: Target,
}

/// Run every check, each with its message. `permitted_measures` asks the same questions of the
/// catalogue's sets (`policy::measure_sets`), without messages: a new check goes into
/// [`permitted`] or `MeasureSets::permitted` too (and into `measure_table`), and
/// `tests/permitted.rs` compares the two on generated cases.
#[allow(
    clippy::too_many_arguments,
    reason = "the inputs of one check are distinct borrowed facts; bundling them would only add a struct"
)]
fn check_one(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
    d: &RecordFacts,
    m: &Arc<Sourced<MeasureEntry>>,
    p: &Proposal,
    facts: &Limits,
    in_force: bool,
) -> CheckFacts {
    let e = &m.entry;
    // Facts only, packed (`CheckFacts`): each check's rule and message are made when the
    // decision is read (`CheckFact::rule`, `MeasureDecision::checks`).
    let mut checks = CheckFacts::new(ctx.as_of, d.status, p.target, p.by_kind);
    // MEA-1: in the catalogue and in force on as_of here.
    checks.set(CheckKind::Catalogue, in_force);
    // MEA-2: legal basis of sufficient rank.
    checks.set(CheckKind::LegalBasis, legal_basis_ok(e));
    // PER-1, REP-2, OBJ-3: the record must be in force.
    checks.set(CheckKind::RecordInForce, d.status.in_force());
    // OBJ-2: suspended during objection where the policy says so.
    checks.set(CheckKind::NotSuspended, d.status != RecordStatus::Suspended);
    // SUB-2, SUB-6: scope; watch-list records get supervision, not sanctions.
    let watch_only = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Watch)
        && e.family != crate::vocab::MeasureFamily::Management;
    checks.watch_only = watch_only;
    checks.set(CheckKind::Scope, d.in_scope && !watch_only);
    // MEA-1, MEA-3: relevance — the measure's causes include this list or conduct.
    let by_list = r.list.as_ref().is_some_and(|l| e.causes.lists.contains(&l.entry.id));
    let by_conduct = !by_list && e.causes.conduct.contains(&r.conduct.entry.id);
    let by_severity = e.causes.any_severity.is_some_and(|s| r.severity >= s);
    checks.cause = if by_list {
        Cause::List
    } else if by_conduct {
        Cause::Conduct
    } else {
        Cause::Severity
    };
    checks.set(CheckKind::Relevance, by_list || by_conduct || by_severity);
    // NAT-5, MEA-2: an event that ends the measure's legal ground for this cause (data:
    // `lifted_by`), e.g. 税收征收管理法 Art. 44 reaches only unpaid tax.
    let record_list = r.list.as_ref().map(|l| l.entry.id.as_str());
    for (k, lift) in e
        .lifted_by
        .iter()
        .enumerate()
        .filter(|(_, x)| x.lists.is_empty() || record_list.is_some_and(|l| x.lists.iter().any(|y| y == l)))
    {
        checks.lift(k, r.first(lift.on));
    }
    // MEA-3: proportionality.
    let serious_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious);
    let severe_enough = r.severity >= e.min_severity;
    let light_enough = e.intensity <= facts.max_intensity;
    let list_ok = !e.requires_list || serious_list;
    checks.severity = r.severity;
    checks.list_ok = list_ok;
    checks.set(CheckKind::Proportionality, severe_enough && light_enough && list_ok);
    // MEA-7: subject kind.
    checks.set(CheckKind::SubjectKind, subject_kind_ok(e, case.subject.kind, p.target));
    // MEA-5: market and social actors may not be required to sanction, and a measure that only
    // such actors may take of their own accord cannot be imposed by a public body either.
    let (voluntary_ok, imposed) = voluntary_ok(e, p.by_kind, p.voluntary);
    checks.imposed = imposed;
    checks.set(CheckKind::VoluntaryOnly, voluntary_ok);
    // MEA-6: notice before listing.
    checks.notice_needed = facts.notice_needed;
    checks.notified = facts.notified;
    checks.set(CheckKind::Notice, !facts.notice_needed || facts.notified);
    checks
}

pub(crate) fn check_all(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
) -> Result<Vec<MeasureDecision>, Error> {
    let mut out = Vec::with_capacity(case.proposed_measures.len());
    for (i, pm) in case.proposed_measures.iter().enumerate() {
        out.push(check_proposed(ctx, case, resolved, records, i, pm)?);
    }
    Ok(out)
}

fn check_proposed(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
    i: usize,
    pm: &ProposedMeasure,
) -> Result<MeasureDecision, Error> {
    // In force at `as_of` (MEA-1), or the last version for a measure out of force (refused).
    let (m, in_force) = match ctx.view.measure.at(&pm.measure, ctx.as_of) {
        Some(m) => (Some(m), true),
        None => (ctx.view.measure.versions(&pm.measure).last(), false),
    };
    let m = m.ok_or_else(|| {
        Error::case(
            crate::error::ErrorCode::UnknownMeasure,
            format!("proposed_measures[{i}].measure"),
            format!("unknown measure `{}`", pm.measure),
        )
        .with_help("use a measure id of the jurisdiction's catalogue (`engine.catalog()`)")
    })?;
    let Some((r, d)) = resolved.iter().zip(records).find(|(r, _)| r.id == pm.record) else {
        return Err(Error::case(
            crate::error::ErrorCode::UnknownRecord,
            format!("proposed_measures[{i}].record"),
            format!(
                "no record with id `{}` at `as_of` (a commitment becomes a record only once found breached)",
                pm.record
            ),
        ));
    };
    let p = Proposal {
        by_kind: pm.by_kind.unwrap_or(Actor::AdministrativeBody),
        voluntary: pm.voluntary,
        target: pm.target.unwrap_or_else(|| subject_target(case.subject.kind)),
    };
    let checks = check_one(ctx, case, r, d, m, &p, &d.limits, in_force);
    // Allowed: every check passed (no list to build).
    let failed: Vec<CheckKind> =
        if checks.all_passed() { Vec::new() } else { checks.iter().filter(|c| !c.passed).map(|c| c.check).collect() };
    let verdict = if failed.is_empty() { Verdict::Allowed } else { Verdict::Refused };
    Ok(MeasureDecision {
        measure: Arc::clone(&m.id),
        record: Arc::clone(&r.txt),
        verdict,
        failed,
        body: MeasureBody::Facts(MeasureFacts {
            entry: Arc::clone(m),
            lang: ctx.lang,
            layer: ctx.layer_uid,
            provisional: false,
            checks,
        }),
    })
}

/// The explanation of a verdict, made from the decision's facts when it is read
/// (`MeasureDecision::explanation`): the measure's entry, MEA-1, each failed check's rule, MEA-2
/// and MEA-3 when allowed, and the legal basis.
pub(crate) fn verdict_explanation(f: &MeasureFacts, record: &Txt, verdict: Verdict) -> Explanation {
    let mut why = Why::new().entry(&*f.entry).rule("MEA-1");
    for c in f.checks.iter().filter(|c| !c.passed) {
        why = why.rule(c.rule());
    }
    if verdict == Verdict::Allowed {
        why = why.rule("MEA-2").rule("MEA-3");
    }
    for b in &f.entry.entry.legal_basis {
        why = why.cite_shared(b.cite_text());
    }
    let failed = f.checks.iter().filter(|c| !c.passed).map(|c| c.what).collect();
    let mut e = why.done_in(
        f.layer,
        f.lang,
        Msg::Verdict { measure: Arc::clone(&f.entry), record: Arc::clone(record), verdict, failed },
    );
    // Propagated from the record's status (`eval::propagate`).
    e.provisional |= f.provisional;
    e
}

/// The measures of the catalogue in force at `as_of` that an administrative body could impose
/// (not of its own accord, aimed at the subject) on each record in force: the answer of
/// [`check_one`] for every such measure, from the catalogue's sets (`policy::measure_sets`).
pub(crate) fn permitted(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
) -> Vec<PermittedMeasures> {
    let sets = &ctx.procs.measures;
    let in_force = sets.in_force_at(ctx.as_of);
    resolved
        .iter()
        .zip(records)
        .filter(|(_, d)| d.status.in_force())
        .map(|(r, d)| {
            let facts = d.limits;
            // The checks that depend on the record alone refuse every measure at once: OBJ-2
            // (suspended), SUB-2 (out of scope), MEA-6 (notice).
            let open = d.status != RecordStatus::Suspended && d.in_scope && (!facts.notice_needed || facts.notified);
            let measures = if open {
                let q = RecordQuery {
                    subject: case.subject.kind,
                    conduct: &r.conduct.entry.id,
                    list: r.list.as_ref().map(|l| &l.entry),
                    severity: r.severity,
                    max_intensity: facts.max_intensity,
                };
                sets.permitted(in_force, &q, |kind| r.has(kind))
            } else {
                Vec::new()
            };
            PermittedMeasures { record: Arc::clone(&r.txt), measures }
        })
        .collect()
}
