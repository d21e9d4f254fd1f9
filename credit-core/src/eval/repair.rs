//! Credit repair (REP-1..4): eligibility, waiting periods and bars; early exit from a list on
//! application; the re-listing bar after a deletion.

use super::publication::regime_basis;
use super::{deadline, fmt_date, msg, next_day, span_last_day, zh_span, Ctx, Resolved, Why};
use crate::calendar::YearSet;
use crate::case::{Case, CommitmentKind};
use crate::decision::*;
use crate::error::Error;
use crate::policy::model::{RepairBar, RepairCondition};
use crate::vocab::{EventType, Severity};
use chrono::NaiveDate;

pub(super) fn repair(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
    effective_end: Option<NaiveDate>,
) -> Result<Repair, Error> {
    if let Some(l) = r.list.as_ref().filter(|l| !l.entry.repair_regime) {
        // The list's own instrument governs deletion (e.g. the SPC provisions Art. 10): the NDRC
        // credit-repair regimes do not apply to it.
        let explanation = Why::new().rule("NAT-6").rule("NAT-3").entry(l).done_text(ctx.lang, msg!(
            ctx,
            format!(
                "{}不适用信用修复规定：名单信息依其设立依据删除（如全部履行、执行和解履行完毕、申请执行人申请删除、破产、期限届满等），由{}决定",
                l.entry.name,
                r.decided_by.as_deref().unwrap_or("列入机关")
            ),
            format!(
                "credit repair does not apply to `{}`: the list's own instrument governs deletion (full performance, settlement performed, the creditor's application, bankruptcy, the end of a fixed term, …), decided by {}",
                l.entry.id,
                r.decided_by.as_deref().unwrap_or("the listing body")
            ),
        ));
        return Ok(Repair {
            regime: "not_applicable".to_owned(),
            status: RepairStatus::NotApplicable,
            eligible: false,
            eligible_from: None,
            conditions_met: Vec::new(),
            conditions_missing: Vec::new(),
            bars: Vec::new(),
            decided_by: r.decided_by.clone().unwrap_or_default(),
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
    let mut met = Vec::new();
    let mut missing = Vec::new();
    let mut conditions = e.conditions.clone();
    if e.minor_on_performance
        && r.severity == Severity::Minor
        && !conditions.contains(&RepairCondition::ObligationsPerformed)
    {
        // 国办发〔2025〕22号: minor conduct is repairable once its obligations are performed.
        conditions.push(RepairCondition::ObligationsPerformed);
    }
    for c in &conditions {
        let ok = match c {
            RepairCondition::MinimumPeriod => eligible_from.is_none_or(|f| ctx.as_of >= f),
            RepairCondition::Corrected => r.has(EventType::Corrected),
            RepairCondition::ObligationsPerformed => performed.is_some(),
            RepairCondition::Commitment => commitment,
        };
        if ok {
            met.push(*c)
        } else {
            missing.push(*c)
        }
    }
    let mut bars = Vec::new();
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
    let decided_by = match &r.decided_by {
        Some(b) => format!("{b}（{}）", e.decided_by),
        None => e.decided_by.clone(),
    };
    if decision_due.is_some() {
        why = why.rule("REP-4");
    }
    why = why.projected(ctx.lang, projected);
    let names = |v: &[RepairCondition]| {
        v.iter()
            .map(|c| match c {
                RepairCondition::MinimumPeriod => "最短公示期届满",
                RepairCondition::Corrected => "已纠正失信行为",
                RepairCondition::ObligationsPerformed => "已履行法定义务",
                RepairCondition::Commitment => "已作出信用承诺",
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    let names_en = |v: &[RepairCondition]| {
        v.iter()
            .map(|c| match c {
                RepairCondition::MinimumPeriod => "minimum period reached",
                RepairCondition::Corrected => "conduct corrected",
                RepairCondition::ObligationsPerformed => "obligations performed",
                RepairCondition::Commitment => "credit commitment made",
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Dated by the application day, or `as_of` when no application is on file (DESIGN.md).
    let rb = match applied {
        Some(_) => regime_basis(e.from, e.until, e.source.as_deref(), regime_day, "申请", "application"),
        None => regime_basis(
            e.from,
            e.until,
            e.source.as_deref(),
            regime_day,
            "评估（尚未申请）",
            "evaluation (no application yet)",
        ),
    };
    let explanation = why.done_text(
        ctx.lang,
        msg!(
            ctx,
            format!(
                "适用修复规定 {}；{}可申请修复{}；{}{}；由{}决定{}",
                e.id,
                eligible_from.map_or_else(String::new, |f| format!("自 {} 起", fmt_date(f))),
                if bars.is_empty() { String::new() } else { "（存在不得提前修复的情形）".into() },
                if met.is_empty() { String::new() } else { format!("已满足：{}；", names(&met)) },
                if missing.is_empty() { "条件均已满足".into() } else { format!("尚缺：{}", names(&missing)) },
                decided_by,
                decision_due.map_or_else(String::new, |d| format!("，应于 {} 前作出决定", fmt_date(d))),
            ) + &rb.0,
            format!(
                "repair regime `{}`; an application may succeed {}{}; {}{}; decided by {}{}",
                e.id,
                eligible_from.map_or_else(|| "at any time".into(), |f| format!("from {}", fmt_date(f))),
                if bars.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (barred: {})",
                        bars.iter()
                            .map(|b| match b {
                                RepairBar::SpecifiedSerious => "specified serious conduct",
                                RepairBar::RecentRefusal => "recent refusal",
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                if met.is_empty() { String::new() } else { format!("met: {}; ", names_en(&met)) },
                if missing.is_empty() {
                    "all conditions met".into()
                } else {
                    format!("missing: {}", names_en(&missing))
                },
                decided_by,
                decision_due.map_or_else(String::new, |d| format!(", decision due by {}", fmt_date(d))),
            ) + &rb.1,
        ),
    );
    Ok(Repair {
        regime: e.id.clone() + e.from.map_or(String::new(), |f| format!("@{}", fmt_date(f.0))).as_str(),
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
    list: &crate::policy::Sourced<crate::policy::model::ListEntry>,
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
    let mut met = Vec::new();
    let mut missing = Vec::new();
    let waited = available_from.is_some_and(|f| ctx.as_of >= f);
    if exit.after.is_some() {
        if waited {
            met.push("waiting_period".to_owned());
        } else {
            missing.push("waiting_period".to_owned());
        }
    }
    for k in std::iter::once(&exit.on).chain(exit.requires.iter()) {
        let name = k.to_string();
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
        why = why.rule(rule);
    }
    if let Some(s) = &exit.source {
        why = why.cite(s);
    }
    let mut bars = Vec::new();
    let mut bar_text_zh = Vec::new();
    let mut bar_text_en = Vec::new();
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
            bars.push(name.to_owned());
            for rule in &b.rule.0 {
                why = why.rule(rule);
            }
            if let Some(s) = &b.source {
                why = why.cite(s);
            }
            if b.confidence.is_some_and(|c| c.is_provisional()) {
                why = why.provisional();
            }
            match b.kind {
                ExitBarKind::RepeatListing => {
                    bar_text_zh.push(format!(
                        "记录 {other} 表明该主体{}内再次被列入",
                        b.within.map_or_else(String::new, zh_span)
                    ));
                    bar_text_en.push(format!(
                        "record {other} shows the subject listed again within {}",
                        b.within.map_or_else(|| "the window".to_owned(), |w| w.to_string())
                    ));
                }
                ExitBarKind::LaterPenalty => {
                    bar_text_zh.push(format!("列入后又受到较重行政处罚（记录 {other}）"));
                    bar_text_en
                        .push(format!("a further heavier administrative penalty after the listing (record {other})"));
                }
            }
        }
    }
    if exit.confidence.is_some_and(|c| c.is_provisional()) {
        why = why.provisional();
    }
    let applied_on = r.first(EventType::EarlyExitApplied);
    let granted_on = r.first(EventType::EarlyExitGranted).or_else(|| r.first(EventType::Removed));
    let eligible = missing.is_empty() && bars.is_empty() && granted_on.is_none();
    let names_zh = |v: &[String]| {
        v.iter()
            .map(|c| match c.as_str() {
                "waiting_period" => "等待期届满".to_owned(),
                other => EventType::ALL
                    .iter()
                    .find(|k| k.as_str() == other)
                    .map_or_else(|| other.to_owned(), |k| k.zh().to_owned()),
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    why = why.projected(ctx.lang, projected);
    let avail = available_from.map(fmt_date);
    let explanation = why.done_text(
        ctx.lang,
        msg!(
            ctx,
            format!(
                "{}依申请提前退出（不自动移出）：{}；{}{}{}{}",
                list.entry.name,
                avail.map_or_else(
                    || "等待期自相关事件发生之日起算，尚未开始".to_owned(),
                    |d| format!("自 {d} 起可申请")
                ),
                if met.is_empty() { String::new() } else { format!("已满足：{}；", names_zh(&met)) },
                if missing.is_empty() {
                    "条件均已满足".to_owned()
                } else {
                    format!("尚缺：{}", names_zh(&missing))
                },
                if bar_text_zh.is_empty() {
                    String::new()
                } else {
                    format!("；不得提前退出：{}", bar_text_zh.join("；"))
                },
                match (granted_on, applied_on) {
                    (Some(g), _) => format!("；已于 {} 准予退出", fmt_date(g)),
                    (None, Some(a)) => format!("；已于 {} 提出申请，待决定", fmt_date(a)),
                    _ => String::new(),
                }
            ),
            format!(
                "early exit from `{}` is an application, not an automatic removal: {}; {}{}{}{}",
                list.entry.id,
                avail.map_or_else(
                    || "the waiting period runs from an event that has not happened yet".to_owned(),
                    |d| format!("an application is possible from {d}")
                ),
                if met.is_empty() { String::new() } else { format!("met: {}; ", met.join(", ")) },
                if missing.is_empty() {
                    "all conditions met".to_owned()
                } else {
                    format!("missing: {}", missing.join(", "))
                },
                if bar_text_en.is_empty() { String::new() } else { format!("; barred: {}", bar_text_en.join("; ")) },
                match (granted_on, applied_on) {
                    (Some(g), _) => format!("; granted on {}", fmt_date(g)),
                    (None, Some(a)) => format!("; applied on {}, awaiting the decision", fmt_date(a)),
                    _ => String::new(),
                }
            ),
        ),
    );
    Ok(EarlyExit {
        list: list.entry.id.clone(),
        available_from: available_from.map(crate::vocab::Date),
        eligible,
        conditions_met: met,
        conditions_missing: missing,
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
                    why = why.rule(rule);
                }
                if let Some(s) = &bar.source {
                    why = why.cite(s);
                }
                let explanation = why.done_text(ctx.lang, msg!(
                    ctx,
                    format!(
                        "记录 {} 已于 {} {}，{}内（至 {}）申请执行人不得再次申请将该主体纳入{}；本次列入决定于 {} 作出，应核查是否系同一申请执行人的申请",
                        other.id,
                        fmt_date(e.on.0),
                        bar.on.zh(),
                        zh_span(bar.within),
                        fmt_date(last.value),
                        list.entry.name,
                        fmt_date(r.decided_on)
                    ),
                    format!(
                        "record {} was deleted on {} (`{}`): for {} (until {}) the creditor who asked for the deletion may not ask for re-listing; this listing was decided on {}, inside that window — check whether it was on the same creditor's application",
                        other.id,
                        fmt_date(e.on.0),
                        bar.on,
                        bar.within,
                        fmt_date(last.value),
                        fmt_date(r.decided_on)
                    ),
                ));
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
