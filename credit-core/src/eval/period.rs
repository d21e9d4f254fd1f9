//! The sanction period of a record (PER-1, PER-2, OBJ-2): its length and basis, nominal and
//! effective end, suspensions, and the record's status at `as_of`. `record` drives the other
//! per-record chapters (objection, publication, repair) and assembles the record's decision.

use super::objection::{objections, suspension_windows};
use super::publication::{double_publicity, in_scope, publication};
use super::repair::{early_exit, relisting_bar, repair};
use super::{deadline, next_day, span_last_day, Ctx, RecordFacts, Resolved, Why};
use crate::calendar::YearSet;
use crate::case::Case;
use crate::decision::*;
use crate::error::Error;
use crate::text::{Msg, PeriodFacts};
use crate::vocab::{EventType, Severity, Span};
use chrono::NaiveDate;
use std::sync::Arc;

/// The record's length: `(span, basis, explanation-builder)`; `None` span means until removed.
fn period_length<'a>(ctx: &Ctx<'a>, r: &'a Resolved<'_>) -> (Option<Span>, &'static str, Why<'a>) {
    let c = &r.conduct.entry;
    if let Some(list) = &r.list {
        let why = Why::new().rule("PER-1").entry(list).entry(&r.conduct);
        if c.listing_until_removed && c.lists.contains(&list.entry.id) {
            return (None, "list", why);
        }
        if let Some(d) = c.listing_duration.filter(|_| c.lists.contains(&list.entry.id)) {
            return (Some(d), "conduct", why);
        }
        // A term the listing body fixes case by case within bounds (政府采购法 Art. 77: 一至三年):
        // the case's term (checked against the bounds when the case was read), or, when the case
        // does not state it, the upper bound as the latest possible end, provisional.
        if let Some([_, hi]) = list.entry.duration_range {
            return match r.term {
                Some(t) => (Some(t), "case", why),
                None => (Some(list.entry.duration.unwrap_or(hi)), "list_maximum", why.provisional()),
            };
        }
        if list.entry.duration.is_some() || list.entry.kind == crate::policy::model::ListKind::Serious {
            // PER-2: the list's and the catalogue's periods are unified on the layer's basis.
            let unified = ctx.procs.unified_period.at(r.decided_on);
            let why = why.entry(unified).rule("PER-2");
            return match (unified.entry.basis, c.sanction_period) {
                (crate::policy::model::UnifiedBasis::Catalogue, Some(p)) => (Some(p), "conduct", why),
                _ => (list.entry.duration, "list", why),
            };
        }
    }
    if let Some(p) = c.sanction_period {
        return (Some(p), "conduct", Why::new().rule("PER-1").entry(&r.conduct));
    }
    let p = ctx.procs.publication_for(&r.domain, &r.conduct.entry.id, r.decided_on);
    (p.entry.windows.of(r.severity).max, "publication", Why::new().rule("PER-1").entry(p))
}

/// Evaluate one record: its decision is pushed onto `out`, its facts for the subject-level
/// chapters are returned.
pub(crate) fn record(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
    out: &mut Vec<RecordDecision>,
) -> Result<RecordFacts, Error> {
    // Paths are built only when an error needs one (no allocation on the way through).
    let path = || format!("records[{}]", r.index);
    let with_path =
        |e: Error| if e.path().is_none() && !r.synthetic { e.with_path(format!("{}.decided_on", path())) } else { e };
    let (length, basis, why) = period_length(ctx, r);
    let mut period_projected = YearSet::EMPTY;
    let mut nominal_end = match length {
        Some(s) => {
            let end = span_last_day(ctx, r.decided_on, s, || format!("{}.period", r.path())).map_err(with_path)?;
            period_projected = period_projected.union(end.projected);
            Some(end.value)
        }
        None => None,
    };
    // Extensions (NATIONAL §6, SPC provisions Art. 2: a judgment debtor's term may be extended by
    // 1–3 years): the list's `extension_max` caps the total of all extensions, not each one — the
    // end never moves past the original end plus `extension_max`.
    let mut extended = Span::new(0, crate::vocab::Unit::Days);
    let mut extension_capped = false;
    let cap_end = match (nominal_end, r.list.as_ref().and_then(|l| l.entry.extension_max)) {
        (Some(end), Some(max)) => {
            let c = span_last_day(ctx, end, max, || format!("{}.period", r.path())).map_err(with_path)?;
            period_projected = period_projected.union(c.projected);
            Some((c.value, max))
        }
        _ => None,
    };
    for e in r.events.iter().filter(|e| e.kind == EventType::ListingExtended) {
        // Only a running term can be extended: an extension after the end revives nothing.
        if let (Some(end), Some(ext)) = (nominal_end.filter(|end| e.on.0 <= *end), e.extension) {
            let moved = span_last_day(ctx, end, ext, || format!("{}.period", r.path())).map_err(with_path)?;
            period_projected = period_projected.union(moved.projected);
            let mut new_end = moved.value;
            if let Some((cap, max)) = cap_end {
                if new_end > cap {
                    new_end = cap;
                    extension_capped = true;
                    extended = max;
                }
            }
            if !extension_capped {
                // Same units add up; with mixed units the last one is reported (the end date is
                // exact either way).
                extended = if extended.n > 0 && extended.unit == ext.unit {
                    Span::new(extended.n.saturating_add(ext.n), ext.unit)
                } else {
                    ext
                };
            }
            nominal_end = Some(new_end.max(end));
        }
    }
    // Suspensions inside the period (OBJ-2): each window clipped to the running end. A list whose
    // term a national instrument sets keeps its end: the local suspension pauses the joint-sanction
    // measures (the record is reported suspended) but cannot lengthen the national term.
    let windows = suspension_windows(ctx, r);
    let term_fixed = r.list.as_ref().is_some_and(|l| !l.entry.suspension_extends_term);
    let mut effective_end = nominal_end;
    let mut suspensions = Vec::new();
    let mut suspended_days = 0i64;
    let mut suspended_now = false;
    for (from, resumed) in &windows {
        let start = (*from).max(next_day(r.decided_on));
        if effective_end.is_some_and(|end| start > end) {
            continue;
        }
        let stop = resumed.unwrap_or_else(|| next_day(ctx.as_of)).max(start);
        if resumed.is_none() || resumed.is_some_and(|d| d > ctx.as_of) {
            suspended_now = ctx.as_of >= start;
        }
        let days = (stop - start).num_days();
        suspended_days += days;
        if let Some(end) = effective_end.filter(|_| !term_fixed) {
            effective_end = Some(
                crate::calendar::add_days(end, days)
                    .map_err(|e| Error::case(crate::error::ErrorCode::DateRange, path(), e.to_string()))?,
            );
        }
        suspensions.push(Suspension {
            from: crate::vocab::Date(start),
            resumed_on: resumed.map(crate::vocab::Date),
            days,
        });
    }
    let objections = objections(ctx, r)?;
    let repair = repair(ctx, case, r, effective_end)?;
    // Status, earliest terminating event first.
    // Candidate ends of the record; only the earliest reached is described (lazily).
    enum End<'e> {
        Upheld,
        Repaired,
        Exit { exit: &'e crate::policy::model::ListExit, removal_due: Option<NaiveDate>, projected: YearSet },
        Removed,
        Granted,
        Expired(NaiveDate),
    }
    // The earliest end reached on `as_of`; among ends on the same day the first considered wins
    // (the order below), as a stable sort of all candidates would give. No list is built.
    let mut ended_at: Option<(NaiveDate, RecordStatus, End<'_>)> = None;
    let mut consider = |d: NaiveDate, status: RecordStatus, end| {
        if d <= ctx.as_of && ended_at.as_ref().is_none_or(|(best, ..)| d < *best) {
            ended_at = Some((d, status, end));
        }
    };
    let mut early: Option<EarlyExit> = None;
    for o in &objections {
        let upheld = match (&o.outcome, &o.complaint) {
            (Outcome::Upheld, _) => o.decided_on,
            (_, Some(c)) if c.outcome == Outcome::Upheld => c.decided_on,
            _ => None,
        };
        if let Some(d) = upheld {
            consider(d.0, RecordStatus::Revoked, End::Upheld);
        }
    }
    if let Some(d) = r.first(EventType::RepairGranted) {
        consider(d, RecordStatus::Repaired, End::Repaired);
    }
    if let Some(list) = &r.list {
        for exit in &list.entry.exits {
            if exit.application {
                // An application, not a removal: only the grant takes the record off the list.
                early = Some(early_exit(ctx, case, r, list, exit, effective_end)?);
                if let Some(g) = r.first(EventType::EarlyExitGranted) {
                    consider(g, RecordStatus::Removed, End::Granted);
                }
                continue;
            }
            let Some(on) = r.first(exit.on) else { continue };
            let waited_from = match exit.after_from {
                crate::policy::model::AfterFrom::Listing => r.decided_on,
                crate::policy::model::AfterFrom::Event => on,
            };
            let mut exit_projected = YearSet::EMPTY;
            let available = match exit.after {
                Some(a) => {
                    let last =
                        span_last_day(ctx, waited_from, a, || format!("{}.status", r.path())).map_err(with_path)?;
                    exit_projected = last.projected;
                    next_day(last.value)
                }
                None => r.decided_on,
            };
            if !exit.requires.iter().all(|k| r.has(*k)) {
                continue;
            }
            let d = on.max(available);
            let removal_due = match exit.within {
                Some(w) if d <= ctx.as_of => {
                    let due = deadline(ctx, d, w, || format!("{}.removal_due", r.path()))?;
                    exit_projected = exit_projected.union(due.projected);
                    Some(due.value)
                }
                _ => None,
            };
            // Exited: the subject left the register (TRI-2); removed: a list-specific exit (TRI-3, TRI-4).
            let status = if matches!(exit.on, EventType::Deregistered | EventType::MovedOut) {
                RecordStatus::Exited
            } else {
                RecordStatus::Removed
            };
            consider(d, status, End::Exit { exit, removal_due, projected: exit_projected });
        }
    }
    if let Some(d) = r.first(EventType::Removed) {
        consider(d, RecordStatus::Removed, End::Removed);
    }
    if let Some(end) = effective_end {
        consider(next_day(end), RecordStatus::Expired, End::Expired(end));
    }
    // A listing whose term has run out is deleted within the list's `delete_within` (e.g. the SPC
    // provisions Art. 10: within 3 working days of the end of a fixed term).
    let expiry_deletion = match (effective_end, r.list.as_ref().and_then(|l| l.entry.delete_within)) {
        (Some(end), Some(w)) if next_day(end) <= ctx.as_of => {
            Some(deadline(ctx, end, w, || format!("{}.removal_due", r.path()))?)
        }
        _ => None,
    };
    let ended = ended_at.map(|(d, status, end)| {
        let (why, msg, due): (Why, Msg, Option<NaiveDate>) = match end {
            End::Upheld => (Why::new().rule("OBJ-3").rule("OBJ-1"), Msg::StatusUpheld, None),
            End::Repaired => (Why::new().rule("REP-1").rule("REP-2"), Msg::StatusRepaired, None),
            End::Exit { exit, removal_due, projected } => {
                let mut why = Why::new().projected(projected);
                if let Some(list) = &r.list {
                    why = why.entry(list);
                }
                for rule in &exit.rule.0 {
                    why = why.rule_of(rule);
                }
                if let Some(s) = &exit.source {
                    why = why.cite(s);
                }
                (why, Msg::StatusExit { on: d, event: exit.on, list: r.list.clone(), removal_due }, removal_due)
            }
            End::Removed => (Why::new().rule("TRI-4"), Msg::StatusRemoved, None),
            End::Granted => {
                let mut why = Why::new().rule("TRI-4");
                if let Some(list) = &r.list {
                    why = why.entry(list);
                }
                (why, Msg::StatusGranted, None)
            }
            End::Expired(end) => {
                let mut why = period_length(ctx, r).2.projected(period_projected);
                let due = expiry_deletion.map(|d| d.value);
                if let (Some(x), Some(list)) = (expiry_deletion, &r.list) {
                    why = why.projected(x.projected).entry(list);
                }
                (why, Msg::StatusExpired { end, deletion_due: due }, due)
            }
        };
        (d, status, why, msg, due)
    });
    let removal_due = ended.as_ref().and_then(|e| e.4).map(crate::vocab::Date);
    let (status, status_since, status_explanation) = match ended {
        Some((d, st, why, msg, _)) => (st, Some(crate::vocab::Date(d)), why.entry(&r.conduct).done(ctx, msg)),
        None if suspended_now => {
            (RecordStatus::Suspended, None, Why::new().rule("OBJ-2").done(ctx, Msg::StatusSuspended))
        }
        None => {
            let mut w = Why::new().rule("PER-1").entry(&r.conduct).projected(period_projected);
            if let Some(l) = &r.list {
                w = w.entry(l).rule("SUB-3");
            }
            if basis == "list_maximum" {
                // The term is not stated: "until" is the latest possible end.
                w = w.provisional();
            }
            (
                RecordStatus::Active,
                None,
                w.done(ctx, Msg::StatusActive { until: effective_end, latest: basis == "list_maximum" }),
            )
        }
    };
    if let Some(x) = early.as_mut() {
        if !status.in_force() {
            x.eligible = false;
        }
    }
    let days_remaining =
        effective_end.map(|end| if status.in_force() { (end - ctx.as_of).num_days().max(0) } else { 0 });
    let period_why = why.projected(period_projected);
    let period = Period {
        start: crate::vocab::Date(r.decided_on),
        length,
        nominal_end: nominal_end.map(crate::vocab::Date),
        suspensions,
        suspended_days,
        effective_end: effective_end.map(crate::vocab::Date),
        days_remaining,
        basis: std::borrow::Cow::Borrowed(basis),
        explanation: period_why.rule("NAT-1").done(
            ctx,
            Msg::Period(PeriodFacts {
                decided_on: r.decided_on,
                length,
                range: r.list.as_ref().and_then(|l| l.entry.duration_range).filter(|_| basis == "list_maximum"),
                list_maximum: basis == "list_maximum",
                nominal_end,
                extended,
                extension_capped,
                suspended_days,
                term_fixed,
                effective_end,
            }),
        ),
    };
    let publication = publication(ctx, r, effective_end, status, status_since.map(|d| d.0))?;
    let double_publicity =
        if r.conduct.entry.double_publicity && !r.synthetic { double_publicity(ctx, r)? } else { None };
    // SUB-4: key-domain dishonesty as the layer's own text defines it — a record at least as
    // severe as the entry's `min_severity`; a campaign focus (`focus_only`) grades nothing.
    let key_domain = ctx
        .view
        .key_domain
        .at(&r.domain, ctx.as_of)
        .is_some_and(|k| !k.entry.focus_only && r.severity >= k.entry.min_severity);
    let in_scope = in_scope(ctx, r.severity);
    let facts = RecordFacts {
        status,
        status_since: status_since.map(|d| d.0),
        in_scope,
        key_domain,
        severity: r.severity,
        effective_end,
        repair_reachable: repair.reachable,
        early_exit_eligible: early.as_ref().is_some_and(|x| x.eligible),
        limits: super::measures::Limits::of(ctx, r),
    };
    let relisting_bar = relisting_bar(ctx, case, r)?;
    // Pushed in place: a record's decision is large (≈ 1.5 KB), each move of it is a copy.
    out.push(RecordDecision {
        id: Arc::clone(&r.txt),
        conduct: Arc::clone(&r.conduct.id),
        domain: Arc::clone(&r.domain),
        severity: r.severity,
        list: r.list.as_ref().map(|l| Arc::clone(&l.id)),
        key_domain,
        serious_class: r.conduct.entry.serious_class.filter(|_| r.severity == Severity::Serious),
        in_scope,
        status,
        status_since,
        removal_due,
        status_explanation,
        period,
        objections,
        publication,
        double_publicity,
        repair: Some(repair),
        early_exit: early,
        relisting_bar,
    });
    Ok(facts)
}
