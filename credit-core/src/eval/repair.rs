//! Credit repair (REP-1..4): eligibility, waiting periods and bars; early exit from a list on
//! application; the re-listing bar after a deletion.

use super::{deadline, next_day, span_last_day, Ctx, Resolved, Why};
use crate::calendar::YearSet;
use crate::case::{Case, CommitmentKind};
use crate::decision::*;
use crate::error::Error;
use crate::policy::model::{RepairBar, RepairCondition};
use crate::text::{Deciding, EarlyExitFacts, ExitBarFound, Msg, RepairFacts, Txt};
use crate::vocab::{EventType, Severity};
use chrono::NaiveDate;
use std::sync::Arc;

thread_local! {
    /// Texts every not-applicable repair carries, made once per thread and shared (no allocation
    /// per record; per thread, so that threads evaluating at once never write to one reference
    /// count).
    static NOT_APPLICABLE: Arc<str> = Arc::from("not_applicable");
    static EMPTY: Arc<str> = Arc::from("");
}

pub(super) fn repair(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
    effective_end: Option<NaiveDate>,
) -> Result<Repair, Error> {
    if let Some(l) = r.list.as_ref().filter(|l| !l.entry.repair_regime) {
        // The list's own instrument governs deletion (e.g. the SPC provisions Art. 10): the NDRC
        // credit-repair regimes do not apply to it.
        let explanation = Why::new().rule("NAT-6").rule("NAT-3").entry(l).done(
            ctx,
            Msg::RepairNotApplicable { list: Arc::clone(l), decided_by: r.decided_by.as_deref().map(Txt::from) },
        );
        return Ok(Repair {
            regime: NOT_APPLICABLE.with(Arc::clone),
            status: RepairStatus::NotApplicable,
            eligible: false,
            eligible_from: None,
            conditions_met: Vec::new(),
            conditions_missing: Vec::new(),
            bars: Vec::new(),
            decided_by: r.decided_by.as_deref().map_or_else(|| EMPTY.with(Arc::clone), Arc::from),
            decision_due: None,
            reachable: false,
            explanation,
        });
    }
    let applied = r.all(EventType::RepairApplied).last();
    let regime_day = applied.unwrap_or(ctx.as_of);
    // The regime in force on the application day (or `as_of` when there is none).
    let regime = ctx.procs.repair.at(regime_day);
    let e = &regime.entry;
    let mut why = Why::new().entry(regime).rule("REP-1").rule("REP-3");
    // Minimum period: the regime's for the class, or the list's if longer.
    let mut min = e.min_period.of(r.severity);
    if let Some(l) = &r.list {
        if let Some(ra) = l.entry.repair_after {
            if min.is_none_or(|m| ra.longer_than(m)) {
                min = Some(ra);
                why = why.entry(l);
            }
        }
    }
    let performed = r.first(EventType::ObligationPerformed);
    let here = || format!("{}.repair", r.path());
    let mut projected = YearSet::EMPTY;
    let mut eligible_from = match min {
        Some(m) => {
            let last = span_last_day(ctx, r.decided_on, m, here)?;
            projected = projected.union(last.projected);
            Some(next_day(last.value))
        }
        None => Some(next_day(r.decided_on)),
    };
    if e.minor_on_performance && r.severity == Severity::Minor {
        if let Some(p) = performed {
            eligible_from = Some(eligible_from.map_or(p, |f| f.min(p)));
        }
    }
    let commitment = r.has(EventType::CommitmentMade)
        || case
            .commitments
            .iter()
            .any(|c| c.kind == CommitmentKind::Repair && c.made_on.0 >= r.decided_on && c.made_on.0 <= ctx.as_of);
    // 国办发〔2025〕22号: minor conduct is repairable once its obligations are performed.
    let performed_added = e.minor_on_performance
        && r.severity == Severity::Minor
        && !e.conditions.contains(&RepairCondition::ObligationsPerformed);
    let performed_extra = performed_added.then_some(RepairCondition::ObligationsPerformed);
    // Whether each condition holds depends only on the condition: a bit per condition met.
    let mut met_mask = 0u8;
    for c in [
        RepairCondition::MinimumPeriod,
        RepairCondition::Corrected,
        RepairCondition::ObligationsPerformed,
        RepairCondition::Commitment,
    ] {
        let ok = match c {
            RepairCondition::MinimumPeriod => eligible_from.is_none_or(|f| ctx.as_of >= f),
            RepairCondition::Corrected => r.has(EventType::Corrected),
            RepairCondition::ObligationsPerformed => performed.is_some(),
            RepairCondition::Commitment => commitment,
        };
        if ok {
            met_mask |= 1 << c as u8;
        }
    }
    let conditions = || e.conditions.iter().copied().chain(performed_extra);
    let met: Vec<RepairCondition> = conditions().filter(|c| met_mask & (1 << *c as u8) != 0).collect();
    let missing: Vec<RepairCondition> = conditions().filter(|c| met_mask & (1 << *c as u8) == 0).collect();
    let mut bars = Vec::new();
    let mut bars_hit = 0u8;
    for b in &e.bars {
        let applies = match b {
            RepairBar::SpecifiedSerious => r.conduct.entry.specified_serious && r.severity == Severity::Serious,
            RepairBar::RecentRefusal => match (r.all(EventType::RepairRefused).last(), e.reapply_after) {
                (Some(refused), Some(wait)) => {
                    let last = span_last_day(ctx, refused, wait, here)?;
                    projected = projected.union(last.projected);
                    ctx.as_of <= last.value
                }
                _ => false,
            },
        };
        if applies {
            bars.push(*b);
            bars_hit |= 1 << *b as u8;
        }
    }
    let granted = r.first(EventType::RepairGranted);
    let refused_after_apply = match (applied, r.all(EventType::RepairRefused).last()) {
        (Some(a), Some(f)) => f >= a,
        _ => false,
    };
    let status = match (granted, applied) {
        (Some(_), _) => RepairStatus::Granted,
        (None, Some(_)) if refused_after_apply => RepairStatus::Refused,
        (None, Some(_)) => RepairStatus::Pending,
        (None, None) => RepairStatus::NotApplied,
    };
    let decision_due = match (status, applied, e.decide_within) {
        (RepairStatus::Pending, Some(a), Some(w)) => {
            let due = deadline(ctx, a, w, here)?;
            projected = projected.union(due.projected);
            Some(due.value)
        }
        _ => None,
    };
    // Reachable (符合或即将符合修复条件): no bar, not yet repaired, and the subject has begun to meet
    // the conditions — corrected, performed, committed or applied.
    let step_taken = r.has(EventType::Corrected) || performed.is_some() || commitment || applied.is_some();
    let reachable = bars.is_empty() && granted.is_none() && step_taken;
    let ended = effective_end.is_some_and(|end| ctx.as_of > end);
    let eligible = missing.is_empty() && bars.is_empty() && granted.is_none() && !ended;
    // The deciding body the case names was masked where the record entered evaluation
    // (`eval::resolve`); the regime's own body is policy text, masked when the policy was loaded.
    let decided_by: Arc<str> = match &r.decided_by {
        Some(b) => Arc::from(format!("{b}（{}）", e.decided_by)),
        None => Arc::clone(&e.decided_by),
    };
    if decision_due.is_some() {
        why = why.rule("REP-4");
    }
    why = why.projected(projected);
    let explanation = why.done(
        ctx,
        Msg::Repair(RepairFacts {
            regime: Arc::clone(regime),
            eligible_from,
            bars_hit,
            met_mask,
            performed_added,
            decided_by: Arc::clone(&decided_by),
            decision_due,
            day: regime_day,
            deciding: if applied.is_some() { Deciding::Application } else { Deciding::Evaluation },
        }),
    );
    Ok(Repair {
        regime: Arc::clone(&regime.regime),
        status,
        eligible,
        eligible_from: eligible_from.map(crate::vocab::Date),
        conditions_met: met,
        conditions_missing: missing,
        bars,
        decided_by,
        decision_due: decision_due.map(crate::vocab::Date),
        reachable,
        explanation,
    })
}

/// The early exit a list's instrument lets the subject apply for: when the waiting period allows
/// it, which conditions are met and which bars apply (`records[i].early_exit`).
pub(super) fn early_exit(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
    list: &Arc<crate::policy::Sourced<crate::policy::model::ListEntry>>,
    exit: &crate::policy::model::ListExit,
    effective_end: Option<NaiveDate>,
) -> Result<EarlyExit, Error> {
    use crate::policy::model::{AfterFrom, ExitBarKind};
    let here = || format!("{}.early_exit", r.path());
    let mut projected = YearSet::EMPTY;
    let trigger = r.first(exit.on);
    let waited_from = match exit.after_from {
        AfterFrom::Listing => Some(r.decided_on),
        AfterFrom::Event => trigger,
    };
    let available_from = match (exit.after, waited_from) {
        (Some(a), Some(from)) => {
            let last = span_last_day(ctx, from, a, here)?;
            projected = projected.union(last.projected);
            Some(next_day(last.value))
        }
        (Some(_), None) => None,
        (None, _) => Some(next_day(r.decided_on)),
    };
    let mut met: Vec<&'static str> = Vec::with_capacity(1 + exit.requires.len());
    let mut missing: Vec<&'static str> = Vec::with_capacity(1 + exit.requires.len());
    let waited = available_from.is_some_and(|f| ctx.as_of >= f);
    if exit.after.is_some() {
        if waited {
            met.push("waiting_period");
        } else {
            missing.push("waiting_period");
        }
    }
    for k in std::iter::once(&exit.on).chain(exit.requires.iter()) {
        let name = k.as_str();
        if met.contains(&name) || missing.contains(&name) {
            continue;
        }
        if r.has(*k) {
            met.push(name);
        } else {
            missing.push(name);
        }
    }
    let revoked = |rec: &crate::case::Record| {
        rec.events
            .iter()
            .any(|e| e.on.0 <= ctx.as_of && matches!(e.kind, EventType::ObjectionUpheld | EventType::ComplaintUpheld))
    };
    let mut why = Why::new().entry(list).rule("TRI-4");
    for rule in &exit.rule.0 {
        why = why.rule_of(rule);
    }
    if let Some(s) = &exit.source {
        why = why.cite(s);
    }
    let mut bars = Vec::new();
    let mut bar_texts = Vec::new();
    for b in &exit.bars {
        let hit: Option<String> = match b.kind {
            ExitBarKind::RepeatListing => {
                let mut found = None;
                for other in case.records.iter().filter(|o| o.id != r.id && !revoked(o)) {
                    if other.list.as_deref() != Some(list.entry.id.as_str()) || other.decided_on.0 >= r.decided_on {
                        continue;
                    }
                    let inside = match b.within {
                        Some(w) => {
                            let last = span_last_day(ctx, other.decided_on.0, w, here)?;
                            r.decided_on <= last.value
                        }
                        None => true,
                    };
                    if inside {
                        found = Some(other.id.clone());
                        break;
                    }
                }
                found
            }
            ExitBarKind::LaterPenalty => {
                let min = b.min_severity.unwrap_or(Severity::General);
                case.records
                    .iter()
                    .filter(|o| o.id != r.id && !revoked(o))
                    .filter(|o| {
                        o.decided_on.0 > r.decided_on
                            && o.decided_on.0 <= ctx.as_of
                            && effective_end.is_none_or(|end| o.decided_on.0 <= end)
                    })
                    .find(|o| {
                        ctx.view
                            .conduct
                            .at(&o.conduct, o.decided_on.0)
                            .is_some_and(|c| c.entry.double_publicity && o.severity.unwrap_or(c.entry.severity) >= min)
                    })
                    .map(|o| o.id.clone())
            }
        };
        if let Some(other) = hit {
            let name = match b.kind {
                ExitBarKind::RepeatListing => "repeat_listing",
                ExitBarKind::LaterPenalty => "later_penalty",
            };
            bars.push(std::borrow::Cow::Borrowed(name));
            for rule in &b.rule.0 {
                why = why.rule_of(rule);
            }
            if let Some(s) = &b.source {
                why = why.cite(s);
            }
            if b.confidence.is_some_and(|c| c.is_provisional()) {
                why = why.provisional();
            }
            bar_texts.push(match b.kind {
                ExitBarKind::RepeatListing => {
                    ExitBarFound::RepeatListing { record: Txt::from(other.as_str()), within: b.within }
                }
                ExitBarKind::LaterPenalty => ExitBarFound::LaterPenalty { record: Txt::from(other.as_str()) },
            });
        }
    }
    if exit.confidence.is_some_and(|c| c.is_provisional()) {
        why = why.provisional();
    }
    let applied_on = r.first(EventType::EarlyExitApplied);
    let granted_on = r.first(EventType::EarlyExitGranted).or_else(|| r.first(EventType::Removed));
    let eligible = missing.is_empty() && bars.is_empty() && granted_on.is_none();
    why = why.projected(projected);
    let conditions_met = met.iter().map(|c| std::borrow::Cow::Borrowed(*c)).collect();
    let conditions_missing = missing.iter().map(|c| std::borrow::Cow::Borrowed(*c)).collect();
    let explanation = why.done(
        ctx,
        Msg::EarlyExit(Box::new(EarlyExitFacts {
            list: Arc::clone(list),
            available_from,
            met,
            missing,
            bars: bar_texts,
            granted_on,
            applied_on,
        })),
    );
    Ok(EarlyExit {
        list: list.entry.id.clone(),
        available_from: available_from.map(crate::vocab::Date),
        eligible,
        conditions_met,
        conditions_missing,
        bars,
        applied_on: applied_on.map(crate::vocab::Date),
        granted_on: granted_on.map(crate::vocab::Date),
        explanation,
    })
}

/// Whether this listing falls within a re-listing bar opened by the deletion of an earlier record
/// of the subject on the same list (e.g. SPC provisions Art. 10: no re-listing within 6 months of
/// a deletion on the creditor's application).
pub(super) fn relisting_bar(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
) -> Result<Option<RelistingBarFinding>, Error> {
    let Some(list) = &r.list else { return Ok(None) };
    let Some(bar) = &list.entry.relisting_bar else { return Ok(None) };
    for other in case.records.iter().filter(|o| o.id != r.id && o.list.as_deref() == Some(list.entry.id.as_str())) {
        for e in other.events.iter().filter(|e| e.kind == bar.on && e.on.0 < r.decided_on) {
            let last = span_last_day(ctx, e.on.0, bar.within, || format!("{}.relisting_bar", r.path()))?;
            if r.decided_on <= last.value {
                let mut why = Why::new().entry(list);
                for rule in &bar.rule.0 {
                    why = why.rule_of(rule);
                }
                if let Some(s) = &bar.source {
                    why = why.cite(s);
                }
                let explanation = why.done(
                    ctx,
                    Msg::RelistingBar {
                        earlier: Txt::from(other.id.as_str()),
                        deleted_on: e.on.0,
                        event: bar.on,
                        within: bar.within,
                        until: last.value,
                        list: Arc::clone(list),
                        decided_on: r.decided_on,
                    },
                );
                return Ok(Some(RelistingBarFinding {
                    earlier_record: other.id.clone(),
                    deleted_on: crate::vocab::Date(e.on.0),
                    bar_until: crate::vocab::Date(last.value),
                    explanation,
                }));
            }
        }
    }
    Ok(None)
}
