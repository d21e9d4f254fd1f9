//! A record's timeline at `as_of`: the sanction period with its suspensions (PER-1, PER-2,
//! OBJ-2), objections and complaints (OBJ-1..3), the publication window (PER-3, NATIONAL §3, §8),
//! 双公示 (PER-4), repair (REP-1..4) and the resulting status.

use super::{deadline, fmt_date, msg, next_day, span_last_day, working_days_between, Ctx, Resolved, Why};
use crate::calendar::YearSet;
use crate::case::{Case, CommitmentKind};
use crate::decision::*;
use crate::error::Error;
use crate::policy::model::{RepairBar, RepairCondition, Resumption};
use crate::vocab::{EventType, Severity, Span};
use chrono::NaiveDate;

/// A filing (objection or complaint) and its answer, if any.
#[derive(Clone, Copy, Debug)]
struct Filing {
    filed: NaiveDate,
    answer: Option<(NaiveDate, bool)>, // (date, upheld)
}

/// Pair each answer with the earliest unanswered filing on or before it.
fn pair(r: &Resolved<'_>, filed: EventType, upheld: EventType, rejected: EventType) -> Vec<Filing> {
    let mut out: Vec<Filing> = Vec::new();
    for e in &r.events {
        if e.kind == filed {
            out.push(Filing { filed: e.on.0, answer: None });
        } else if e.kind == upheld || e.kind == rejected {
            if let Some(f) = out.iter_mut().find(|f| f.answer.is_none() && f.filed <= e.on.0) {
                f.answer = Some((e.on.0, e.kind == upheld));
            }
        }
    }
    out
}

fn objection_filings(r: &Resolved<'_>) -> Vec<Filing> {
    pair(r, EventType::ObjectionFiled, EventType::ObjectionUpheld, EventType::ObjectionRejected)
}

fn complaint_filings(r: &Resolved<'_>) -> Vec<Filing> {
    pair(r, EventType::ComplaintFiled, EventType::ComplaintUpheld, EventType::ComplaintRejected)
}

/// Suspension windows from objections and complaints where the policy in force on the filing
/// day suspends measures (OBJ-2), merged when they touch; `None` end while pending.
fn suspension_windows(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut raw: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    // A list whose own instrument keeps the listing in force during review cannot be suspended
    // by a layer's objection procedure.
    if r.list.as_ref().is_some_and(|l| !l.entry.objection_may_suspend) {
        return raw;
    }
    for f in objection_filings(r) {
        if ctx.procs.objection.at(f.filed).entry.suspends_measures {
            raw.push((f.filed, f.answer.map(|a| a.0)));
        }
    }
    for f in complaint_filings(r) {
        if ctx.procs.complaint.at(f.filed).entry.suspends_measures {
            raw.push((f.filed, f.answer.map(|a| a.0)));
        }
    }
    raw.sort();
    let mut merged: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for (from, until) in raw {
        match merged.last_mut() {
            Some((_, last_until)) if last_until.is_none_or(|u| from <= u) => {
                *last_until = match (*last_until, until) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => merged.push((from, until)),
        }
    }
    merged
}

fn objections(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Result<Vec<ObjectionDecision>, Error> {
    let mut out = Vec::new();
    let filings = objection_filings(r);
    let complaints = complaint_filings(r);
    for (k, f) in filings.iter().enumerate() {
        let filed = f.filed;
        let obj = ctx.procs.objection.at(filed);
        // A list with its own review clocks (the SPC provisions Arts. 11–12 for judgment debtors)
        // replaces the layer's objection procedure for records on it.
        let review = r.list.as_ref().and_then(|l| l.entry.review.as_ref().map(|rv| (l, rv)));
        let next = filings.get(k + 1).map(|n| n.filed);
        // Events that belong to this objection: on or after its filing, before the next filing,
        // not after its answer.
        let answered = f.answer.map(|a| a.0);
        let own = |e: &&&crate::case::Event| {
            e.on.0 >= filed && next.is_none_or(|n| e.on.0 < n) && answered.is_none_or(|a| e.on.0 <= a)
        };
        let extended_event = r.events.iter().filter(own).any(|e| e.kind == EventType::ObjectionExtended);
        let here = || format!("{}.objections[{k}]", r.path());
        let mut projected = YearSet::EMPTY;
        // Testing, inspection and expert time not counted (河南 Art. 41): the working days in
        // (started, ended] — up to the answer or `as_of` while testing goes on — stretch every
        // working-day clock of this objection.
        let mut not_counted: u32 = 0;
        if obj.entry.testing_not_counted && review.is_none() {
            let mut started: Option<NaiveDate> = None;
            let stop = answered.unwrap_or(ctx.as_of);
            for e in r.events.iter().filter(own) {
                match (e.kind, started) {
                    (EventType::TestingStarted, None) => started = Some(e.on.0),
                    (EventType::TestingEnded, Some(s0)) => {
                        let n = working_days_between(ctx, s0, e.on.0.min(stop), here)?;
                        projected = projected.union(n.projected);
                        not_counted = not_counted.saturating_add(u32::try_from(n.value.max(0)).unwrap_or(0));
                        started = None;
                    }
                    _ => {}
                }
            }
            if let Some(s0) = started {
                let n = working_days_between(ctx, s0, stop, here)?;
                projected = projected.union(n.projected);
                not_counted = not_counted.saturating_add(u32::try_from(n.value.max(0)).unwrap_or(0));
            }
        }
        let stretch = |s: Span| {
            if s.unit == crate::vocab::Unit::WorkingDays {
                Span::new(s.n.saturating_add(not_counted), s.unit)
            } else {
                s
            }
        };
        // Forwarding to the information provider (NATIONAL §7: 上海 Art. 36, 深圳 Arts. 48–51,
        // 河南 Art. 41): the provider's clock runs from the forwarding day; an
        // `objection_extended` event adds the layer's `provider_extension`.
        let forwarded_on = match (review, obj.entry.provider_within) {
            (None, Some(_)) => {
                r.events.iter().filter(own).find(|e| e.kind == EventType::ObjectionForwarded).map(|e| e.on.0)
            }
            _ => None,
        };
        // The forwarding deadline is shown whenever the layer sets one (it says by when the
        // receiving body must pass the objection on, if it does); lateness needs the event.
        let forward_due = match obj.entry.forward_within.filter(|_| review.is_none()) {
            Some(fw) => {
                let d = deadline(ctx, filed, stretch(fw), here)?;
                projected = projected.union(d.projected);
                Some(d.value)
            }
            None => None,
        };
        let mut provider_due = None;
        let (clock_text, clock, reply_due, extended) = match (forwarded_on, obj.entry.provider_within) {
            // A list with its own review clocks: the court's, not the layer's (no forwarding, no
            // extension).
            _ if review.is_some() => {
                let rv_clock = review.map_or(obj.entry.reply_within, |(_, rv)| rv.reply_within);
                let d = deadline(ctx, filed, rv_clock, here)?;
                projected = projected.union(d.projected);
                (rv_clock.to_string(), rv_clock, d.value, false)
            }
            (Some(fwd), Some(pw)) => {
                let ext = obj.entry.provider_extension.filter(|x| extended_event && x.unit == pw.unit);
                let p_clock = ext.map_or(pw, |x| Span::new(pw.n.saturating_add(x.n), pw.unit));
                let p = deadline(ctx, fwd, stretch(p_clock), here)?;
                projected = projected.union(p.projected);
                provider_due = Some(p.value);
                match obj.entry.forwarded_reply_within {
                    Some(o) => {
                        let d = deadline(ctx, filed, stretch(o), here)?;
                        projected = projected.union(d.projected);
                        (o.to_string(), o, d.value, ext.is_some())
                    }
                    None => (format!("{p_clock} after forwarding"), p_clock, p.value, ext.is_some()),
                }
            }
            _ => {
                // An `objection_extended` event before the answer selects the extended clock
                // (complex cases; forwarding where the layer has no provider clock).
                let extended = obj.entry.reply_extended.is_some() && extended_event;
                let clock = match (extended, obj.entry.reply_extended) {
                    (true, Some(x)) => x,
                    _ => obj.entry.reply_within,
                };
                let d = deadline(ctx, filed, stretch(clock), here)?;
                projected = projected.union(d.projected);
                (clock.to_string(), clock, d.value, extended)
            }
        };
        let forwarded_late = matches!((forwarded_on, forward_due), (Some(f), Some(d)) if f > d);
        let mark_due = match obj.entry.mark_within.filter(|_| review.is_none()) {
            Some(m) => {
                let mark = deadline(ctx, filed, m, here)?;
                projected = projected.union(mark.projected);
                Some(mark.value)
            }
            None => None,
        };
        let (outcome, decided_on) = match f.answer {
            Some((d, true)) => (Outcome::Upheld, Some(d)),
            Some((d, false)) => (Outcome::Rejected, Some(d)),
            None => (Outcome::Pending, None),
        };
        let overdue = match decided_on {
            Some(d) => d > reply_due,
            None => ctx.as_of > reply_due,
        };
        let complaint = match (outcome, decided_on) {
            (Outcome::Rejected, Some(rej)) => match complaints
                .iter()
                .find(|c| c.filed >= rej && next.is_none_or(|n| c.filed < n))
            {
                Some(cf) => {
                    let c_filed = cf.filed;
                    let centry = ctx.procs.complaint.at(c_filed);
                    let c_span = match review {
                        Some((_, rv)) => rv.appeal_reply_within,
                        None => centry.entry.reply_within,
                    };
                    let c_reckoned = match c_span {
                        Some(s) => {
                            Some(deadline(ctx, c_filed, s, || format!("{}.objections[{k}].complaint", r.path()))?)
                        }
                        None => None,
                    };
                    let c_projected = c_reckoned.map_or(YearSet::EMPTY, |c| c.projected);
                    let c_due = c_reckoned.map(|c| c.value);
                    let (c_outcome, c_decided) = match cf.answer {
                        Some((d, true)) => (Outcome::Upheld, Some(d)),
                        Some((d, false)) => (Outcome::Rejected, Some(d)),
                        None => (Outcome::Pending, None),
                    };
                    let suspends =
                        centry.entry.suspends_measures && r.list.as_ref().is_none_or(|l| l.entry.objection_may_suspend);
                    let c_overdue = match (c_due, c_decided) {
                        (Some(due), Some(d)) => d > due,
                        (Some(due), None) => ctx.as_of > due,
                        _ => false,
                    };
                    let mut why = Why::new().rule("OBJ-1").projected(ctx.lang, c_projected);
                    let receiving = match review {
                        Some((l, rv)) => {
                            why = why.entry(l).rule("NAT-6");
                            if let Some(src) = &rv.source {
                                why = why.cite(src);
                            }
                            rv.appeal_receiving.clone().unwrap_or_else(|| rv.receiving.clone())
                        }
                        None => {
                            why = why.entry(centry);
                            centry.entry.receiving.clone()
                        }
                    };
                    let due_text = c_due.map_or_else(String::new, |d| fmt_date(d).to_string());
                    let explanation = why.done(msg!(
                        ctx,
                        format!(
                            "{} 向{}投诉{}；{}",
                            fmt_date(c_filed),
                            receiving,
                            if due_text.is_empty() { String::new() } else { format!("，答复期限至 {due_text}") },
                            if suspends {
                                "投诉期间联合惩戒措施暂停执行"
                            } else {
                                "投诉期间惩戒措施不停止执行"
                            }
                        ),
                        format!(
                            "complaint filed on {} with {}{}; measures are {} while it is pending",
                            fmt_date(c_filed),
                            receiving,
                            if due_text.is_empty() { String::new() } else { format!(", reply due {due_text}") },
                            if suspends { "suspended" } else { "not suspended" }
                        ),
                    ));
                    Some(ComplaintDecision {
                        filed_on: crate::vocab::Date(c_filed),
                        reply_due: c_due.map(crate::vocab::Date),
                        outcome: c_outcome,
                        decided_on: c_decided.map(crate::vocab::Date),
                        overdue: c_overdue,
                        suspends_measures: suspends,
                        explanation,
                    })
                }
                None => None,
            },
            _ => None,
        };
        let e = &obj.entry;
        let list_allows = r.list.as_ref().is_none_or(|l| l.entry.objection_may_suspend);
        let suspends = e.suspends_measures && list_allows;
        let marked = e.marks_record && outcome == Outcome::Pending && review.is_none();
        if let Some((l, rv)) = review {
            let mut why = Why::new().rule("NAT-6").entry(l).projected(ctx.lang, projected);
            for rule in &rv.rule.0 {
                why = why.rule(rule);
            }
            if let Some(src) = &rv.source {
                why = why.cite(src);
            }
            if rv.confidence.is_some_and(|c| c.is_provisional()) {
                why = why.provisional();
            }
            let appeal_zh = match (rv.appeal_within, rv.appeal_reply_within) {
                (Some(a), Some(b)) => format!(
                    "；对决定不服的，可自收到决定之日起{}内申请复议，复议机关{}内作出决定",
                    zh_span(a),
                    zh_span(b)
                ),
                _ => String::new(),
            };
            let appeal_en = match (rv.appeal_within, rv.appeal_reply_within) {
                (Some(a), Some(b)) => {
                    format!("; an appeal (复议) may be filed within {a} of the decision and is decided within {b}")
                }
                _ => String::new(),
            };
            let explanation = why.done(msg!(
                ctx,
                format!(
                    "{} 申请纠正：{}（{}）依其自身规定审查，应在{}内审查完毕，期限至 {}{}；理由成立的{}内更正{}；审查和复议期间不停止原决定的执行（不适用本地异议程序及其答复期限）{}",
                    fmt_date(filed),
                    l.entry.name,
                    rv.receiving,
                    zh_span(clock),
                    fmt_date(reply_due),
                    if overdue { "（已逾期）" } else { "" },
                    rv.correct_within.map_or_else(|| "及时".to_owned(), zh_span),
                    appeal_zh,
                    match outcome {
                        Outcome::Upheld => "；纠正申请成立，名单信息予以更正或删除",
                        Outcome::Rejected => "；纠正申请被驳回",
                        Outcome::Pending => "",
                    }
                ),
                format!(
                    "correction request filed on {}: `{}` follows its own rules — {} reviews it within {}, by {}{}; if well-founded it is corrected within {}{}; the listing stays in force during review and appeal (the layer's objection procedure and clock do not apply){}",
                    fmt_date(filed),
                    l.entry.id,
                    rv.receiving,
                    clock,
                    fmt_date(reply_due),
                    if overdue { " (overdue)" } else { "" },
                    rv.correct_within.map_or_else(|| "promptly".to_owned(), |c| c.to_string()),
                    appeal_en,
                    match outcome {
                        Outcome::Upheld => "; upheld, so the listing is corrected or deleted",
                        Outcome::Rejected => "; rejected",
                        Outcome::Pending => "",
                    }
                ),
            ));
            out.push(ObjectionDecision {
                filed_on: crate::vocab::Date(filed),
                reply_within: clock.to_string(),
                reply_due: crate::vocab::Date(reply_due),
                extended: false,
                mark_due: None,
                forwarded_on: None,
                forward_due: None,
                forwarded_late: false,
                provider_due: None,
                not_counted_working_days: 0,
                receiving: rv.receiving.clone(),
                outcome,
                decided_on: decided_on.map(crate::vocab::Date),
                overdue,
                marked: false,
                suspends_measures: false,
                complaint,
                explanation,
            });
            continue;
        }
        let term_fixed = r.list.as_ref().is_some_and(|l| !l.entry.suspension_extends_term);
        let why = Why::new().rule("OBJ-1").entry(obj).projected(ctx.lang, projected);
        let route_zh = match (forwarded_on, provider_due) {
            (Some(fw), Some(pd)) => format!(
                "；{} 转信息提供单位核查{}，提供单位应自转交之日起{}内核查，期限至 {}{}",
                fmt_date(fw),
                match forward_due {
                    Some(d) if forwarded_late => format!("（转交期限 {} 已过）", fmt_date(d)),
                    Some(d) => format!("（转交期限至 {}）", fmt_date(d)),
                    None => String::new(),
                },
                zh_span(clock_if_provider(e, extended)),
                fmt_date(pd),
                if extended { "（已延长）" } else { "" },
            ),
            _ => String::new(),
        };
        let route_en = match (forwarded_on, provider_due) {
            (Some(fw), Some(pd)) => format!(
                "; forwarded to the information provider on {}{}, which must check it within {} of forwarding, by {}{}",
                fmt_date(fw),
                match forward_due {
                    Some(d) if forwarded_late => format!(" (after the forwarding deadline {})", fmt_date(d)),
                    Some(d) => format!(" (forwarding due by {})", fmt_date(d)),
                    None => String::new(),
                },
                clock_if_provider(e, extended),
                fmt_date(pd),
                if extended { " (extended)" } else { "" },
            ),
            _ => String::new(),
        };
        let pause_zh = if not_counted > 0 {
            format!("；检测、检验或专家评审的 {not_counted} 个工作日不计入期限")
        } else {
            String::new()
        };
        let pause_en = if not_counted > 0 {
            format!("; {not_counted} working days of testing or expert assessment are not counted")
        } else {
            String::new()
        };
        let explanation = why.done(msg!(
            ctx,
            format!(
                "{} 提出异议，{}应在{}内答复，期限至 {}{}{}{}；异议期间惩戒措施{}{}{}",
                fmt_date(filed),
                e.receiving,
                if forwarded_on.is_some() && e.forwarded_reply_within.is_none() {
                    format!("转交后{}", zh_span(clock))
                } else {
                    zh_span(clock)
                },
                fmt_date(reply_due),
                if overdue { "（已逾期）" } else { "" },
                route_zh,
                pause_zh,
                if suspends {
                    "暂停执行"
                } else if e.suspends_measures {
                    "不停止执行（该名单依其设立依据在复核期间继续有效）"
                } else {
                    "不停止执行"
                },
                if e.marks_record { "，记录标注为异议处理中" } else { "" },
                match (outcome, e.resumption) {
                    (Outcome::Rejected, Resumption::FromRejection) if term_fixed => {
                        "；异议被驳回，惩戒措施恢复执行（名单期限由国家规定，不顺延）"
                    }
                    (Outcome::Rejected, Resumption::FromRejection) => "；异议被驳回，惩戒期限自驳回之日起继续计算",
                    (Outcome::Upheld, _) => "；异议成立，信息予以更正或撤销",
                    _ => "",
                }
            ),
            format!(
                "objection filed on {}: {} must reply within {}, by {}{}{}{}; measures are {} while it is pending{}{}",
                fmt_date(filed),
                e.receiving,
                clock_text,
                fmt_date(reply_due),
                if overdue { " (overdue)" } else { "" },
                route_en,
                pause_en,
                if suspends {
                    "suspended"
                } else if e.suspends_measures {
                    "not suspended (the list's own instrument keeps the listing in force during review)"
                } else {
                    "not suspended"
                },
                if e.marks_record { "; the record is marked as under objection" } else { "" },
                match (outcome, e.resumption) {
                    (Outcome::Rejected, Resumption::FromRejection) if term_fixed =>
                        "; rejected, so the measures resume (the list's term is set nationally and is not extended)",
                    (Outcome::Rejected, Resumption::FromRejection) =>
                        "; rejected, so the period continues from the rejection date",
                    (Outcome::Upheld, _) => "; upheld, so the record is corrected or revoked",
                    _ => "",
                }
            ),
        ));
        out.push(ObjectionDecision {
            filed_on: crate::vocab::Date(filed),
            reply_within: clock_text,
            reply_due: crate::vocab::Date(reply_due),
            extended,
            mark_due: mark_due.map(crate::vocab::Date),
            forwarded_on: forwarded_on.map(crate::vocab::Date),
            forward_due: forward_due.map(crate::vocab::Date),
            forwarded_late,
            provider_due: provider_due.map(crate::vocab::Date),
            not_counted_working_days: not_counted,
            receiving: e.receiving.clone(),
            outcome,
            decided_on: decided_on.map(crate::vocab::Date),
            overdue,
            marked,
            suspends_measures: suspends,
            complaint,
            explanation,
        });
    }
    Ok(out)
}

/// The provider's clock after forwarding, with the extension where one applies.
fn clock_if_provider(e: &crate::policy::model::ObjectionEntry, extended: bool) -> Span {
    match (e.provider_within, e.provider_extension) {
        (Some(p), Some(x)) if extended && x.unit == p.unit => Span::new(p.n.saturating_add(x.n), p.unit),
        (Some(p), _) => p,
        (None, _) => e.reply_within,
    }
}

pub(crate) fn zh_span(s: Span) -> String {
    use crate::vocab::Unit;
    match s.unit {
        Unit::Days => format!("{}日", s.n),
        Unit::WorkingDays => format!("{}个工作日", s.n),
        Unit::Months => format!("{}个月", s.n),
        Unit::Years => format!("{}年", s.n),
    }
}

/// The record's length: `(span, basis, explanation-builder)`; `None` span means until removed.
fn period_length(ctx: &Ctx<'_>, r: &Resolved<'_>) -> (Option<Span>, &'static str, Why) {
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

pub(crate) fn record(ctx: &Ctx<'_>, case: &Case, r: &Resolved<'_>) -> Result<RecordDecision, Error> {
    let path = format!("records[{}]", r.index);
    let with_path =
        |e: Error| if e.path().is_none() && !r.synthetic { e.with_path(format!("{path}.decided_on")) } else { e };
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
                    .map_err(|e| Error::case(crate::error::ErrorCode::DateRange, path.clone(), e.to_string()))?,
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
    let mut ends: Vec<(NaiveDate, RecordStatus, End<'_>)> = Vec::new();
    let mut early: Option<EarlyExit> = None;
    for o in &objections {
        let upheld = match (&o.outcome, &o.complaint) {
            (Outcome::Upheld, _) => o.decided_on,
            (_, Some(c)) if c.outcome == Outcome::Upheld => c.decided_on,
            _ => None,
        };
        if let Some(d) = upheld {
            ends.push((d.0, RecordStatus::Revoked, End::Upheld));
        }
    }
    if let Some(d) = r.first(EventType::RepairGranted) {
        ends.push((d, RecordStatus::Repaired, End::Repaired));
    }
    if let Some(list) = &r.list {
        for exit in &list.entry.exits {
            if exit.application {
                // An application, not a removal: only the grant takes the record off the list.
                early = Some(early_exit(ctx, case, r, list, exit, effective_end)?);
                if let Some(g) = r.first(EventType::EarlyExitGranted) {
                    ends.push((g, RecordStatus::Removed, End::Granted));
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
            ends.push((d, status, End::Exit { exit, removal_due, projected: exit_projected }));
        }
    }
    if let Some(d) = r.first(EventType::Removed) {
        ends.push((d, RecordStatus::Removed, End::Removed));
    }
    if let Some(end) = effective_end {
        ends.push((next_day(end), RecordStatus::Expired, End::Expired(end)));
    }
    // A listing whose term has run out is deleted within the list's `delete_within` (e.g. the SPC
    // provisions Art. 10: within 3 working days of the end of a fixed term).
    let expiry_deletion = match (effective_end, r.list.as_ref().and_then(|l| l.entry.delete_within)) {
        (Some(end), Some(w)) if next_day(end) <= ctx.as_of => {
            Some(deadline(ctx, end, w, || format!("{}.removal_due", r.path()))?)
        }
        _ => None,
    };
    ends.sort_by_key(|(d, ..)| *d);
    let ended = ends.into_iter().find(|(d, ..)| *d <= ctx.as_of).map(|(d, status, end)| {
        let (why, zh, en, due): (Why, String, String, Option<NaiveDate>) = match end {
            End::Upheld => (
                Why::new().rule("OBJ-3").rule("OBJ-1"),
                "异议（投诉）成立，失信信息已更正或撤销".into(),
                "the objection (or complaint) was upheld: the record is corrected or revoked".into(),
                None,
            ),
            End::Repaired => (
                Why::new().rule("REP-1").rule("REP-2"),
                "信用修复已生效，不再对该主体采取惩戒措施".into(),
                "repair took effect: no further sanction measures are taken".into(),
                None,
            ),
            End::Exit { exit, removal_due, projected } => {
                let mut why = Why::new().projected(ctx.lang, projected);
                if let Some(list) = &r.list {
                    why = why.entry(list);
                }
                for rule in &exit.rule.0 {
                    why = why.rule(rule);
                }
                if let Some(s) = &exit.source {
                    why = why.cite(s);
                }
                let (list_name, list_id) =
                    r.list.as_ref().map_or(("", ""), |l| (l.entry.name.as_str(), l.entry.id.as_str()));
                let zh = match ctx.lang {
                    crate::case::Lang::Zh => format!(
                        "{}：{}，移出{}{}",
                        fmt_date(d),
                        exit.on.zh(),
                        list_name,
                        removal_due.map_or_else(String::new, |x| format!("（应于 {} 前删除）", fmt_date(x)))
                    ),
                    crate::case::Lang::En => String::new(),
                };
                let en = match ctx.lang {
                    crate::case::Lang::En => format!(
                        "{}: `{}` takes the subject off `{}`{}",
                        fmt_date(d),
                        exit.on,
                        list_id,
                        removal_due.map_or_else(String::new, |x| format!(" (deletion due by {})", fmt_date(x)))
                    ),
                    crate::case::Lang::Zh => String::new(),
                };
                (why, zh, en, removal_due)
            }
            End::Removed => (
                Why::new().rule("TRI-4"),
                "认定单位已移出名单".into(),
                "the listing body removed the record".into(),
                None,
            ),
            End::Granted => {
                let mut why = Why::new().rule("TRI-4");
                if let Some(list) = &r.list {
                    why = why.entry(list);
                }
                (
                    why,
                    "提前退出申请已获准许，移出名单".into(),
                    "the early-exit application was granted: the record is off the list".into(),
                    None,
                )
            }
            End::Expired(end) => {
                let mut why = period_length(ctx, r).2.projected(ctx.lang, period_projected);
                let due = expiry_deletion.map(|d| d.value);
                if let (Some(x), Some(list)) = (expiry_deletion, &r.list) {
                    why = why.projected(ctx.lang, x.projected).entry(list);
                }
                let zh = match ctx.lang {
                    crate::case::Lang::Zh => format!(
                        "惩戒期限于 {} 届满，自动移出联合惩戒系统{}",
                        fmt_date(end),
                        due.map_or_else(String::new, |x| format!("（应于 {} 前删除名单信息）", fmt_date(x)))
                    ),
                    crate::case::Lang::En => String::new(),
                };
                let en = match ctx.lang {
                    crate::case::Lang::En => format!(
                        "the period ended on {}: the record left the joint-sanction system automatically{}",
                        fmt_date(end),
                        due.map_or_else(String::new, |x| format!(" (listing deletion due by {})", fmt_date(x)))
                    ),
                    crate::case::Lang::Zh => String::new(),
                };
                (why, zh, en, due)
            }
        };
        (d, status, why, zh, en, due)
    });
    let removal_due = ended.as_ref().and_then(|e| e.5).map(crate::vocab::Date);
    let (status, status_since, status_explanation) = match ended {
        Some((d, st, why, zh, en, _)) => {
            (st, Some(crate::vocab::Date(d)), why.entry(&r.conduct).done(msg!(ctx, zh, en)))
        }
        None if suspended_now => (
            RecordStatus::Suspended,
            None,
            Why::new().rule("OBJ-2").done(msg!(
                ctx,
                "异议（投诉）处理期间，联合惩戒措施暂停执行".into(),
                "an objection or complaint is pending: joint-sanction measures are suspended".into(),
            )),
        ),
        None => {
            let mut w = Why::new().rule("PER-1").entry(&r.conduct).projected(ctx.lang, period_projected);
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
                w.done(msg!(
                    ctx,
                    format!(
                        "惩戒期内（{}{}）",
                        effective_end.map_or_else(|| "至移出名单".into(), |e| format!("至 {}", fmt_date(e))),
                        if basis == "list_maximum" { "，为至迟届满日：期限未载明" } else { "" }
                    ),
                    format!(
                        "in force ({}{})",
                        effective_end.map_or_else(|| "until removed".into(), |e| format!("until {}", fmt_date(e))),
                        if basis == "list_maximum" { " at the latest: the term is not stated" } else { "" }
                    ),
                )),
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
    let period_why = why.projected(ctx.lang, period_projected);
    let period = Period {
        start: crate::vocab::Date(r.decided_on),
        length: length.map(|s| s.to_string()),
        nominal_end: nominal_end.map(crate::vocab::Date),
        suspensions,
        suspended_days,
        effective_end: effective_end.map(crate::vocab::Date),
        days_remaining,
        basis: basis.to_owned(),
        explanation: period_why.rule("NAT-1").done(msg!(
            ctx,
            format!(
                "惩戒期限{}，自 {} 次日起算{}{}{}",
                match (length, basis) {
                    (Some(s), "list_maximum") => format!(
                        "未载明：该名单期限由认定机关在{}内个案确定，案件未载明期限，暂按上限{}计算（至迟届满日，暂定）",
                        r.list.as_ref().and_then(|l| l.entry.duration_range).map_or_else(String::new, |[lo, hi]| format!("{}至{}", zh_span(lo), zh_span(hi))),
                        zh_span(s)
                    ),
                    (Some(s), _) => format!("为{}", zh_span(s)),
                    (None, _) => "至移出名单为止".into(),
                },
                fmt_date(r.decided_on),
                nominal_end.map_or_else(String::new, |e| format!("，至 {} 届满", fmt_date(e))),
                if extended.n > 0 {
                    format!(
                        "（含延长{}{}）",
                        zh_span(extended),
                        if extension_capped { "，延长总计不得超过该上限" } else { "" }
                    )
                } else {
                    String::new()
                },
                if suspended_days > 0 && term_fixed {
                    format!(
                        "；异议投诉期间联合惩戒措施暂停执行 {suspended_days} 日，但名单期限由国家规定，不因地方暂停而顺延"
                    )
                } else if suspended_days > 0 {
                    format!(
                        "；异议投诉期间暂停 {suspended_days} 日，顺延至 {}",
                        effective_end.map_or_else(String::new, |d| fmt_date(d).to_string())
                    )
                } else {
                    String::new()
                },
            ),
            format!(
                "the period is {}, counted from the day after {}{}{}{}",
                match (length, basis) {
                    (Some(s), "list_maximum") => format!(
                        "not stated: the listing body fixes this list's term case by case within {}, and the case does not give it, so the upper bound of {s} is used as the latest possible end (provisional)",
                        r.list.as_ref().and_then(|l| l.entry.duration_range).map_or_else(String::new, |[lo, hi]| format!("{lo} to {hi}"))
                    ),
                    (Some(s), _) => s.to_string(),
                    (None, _) => "open-ended until removal".into(),
                },
                fmt_date(r.decided_on),
                nominal_end.map_or_else(String::new, |e| format!(", ending on {}", fmt_date(e))),
                if extended.n > 0 {
                    format!(
                        " (extended by {extended}{})",
                        if extension_capped { ", the most the list allows in total" } else { "" }
                    )
                } else {
                    String::new()
                },
                if suspended_days > 0 && term_fixed {
                    format!(
                        "; joint-sanction measures were suspended for {suspended_days} days, but the list's term is set by a national instrument and a local suspension does not move its end"
                    )
                } else if suspended_days > 0 {
                    format!(
                        "; {suspended_days} suspended days move the end to {}",
                        effective_end.map_or_else(String::new, |d| fmt_date(d).to_string())
                    )
                } else {
                    String::new()
                },
            ),
        )),
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
    Ok(RecordDecision {
        id: r.id.clone(),
        conduct: r.conduct.entry.id.clone(),
        domain: r.domain.clone(),
        severity: r.severity,
        list: r.list.as_ref().map(|l| l.entry.id.clone()),
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
        relisting_bar: relisting_bar(ctx, case, r)?,
    })
}

pub(crate) fn in_scope(ctx: &Ctx<'_>, severity: Severity) -> bool {
    let sanctionable = ctx.procs.severity(severity).at(ctx.as_of).entry.sanctionable;
    let minor_out = ctx.view.scope.all_at(ctx.as_of).any(|s| s.entry.minor_out_of_scope);
    sanctionable && !(minor_out && severity == Severity::Minor)
}

fn publication(
    ctx: &Ctx<'_>,
    r: &Resolved<'_>,
    effective_end: Option<NaiveDate>,
    status: RecordStatus,
    since: Option<NaiveDate>,
) -> Result<Option<Publication>, Error> {
    // A field regime covering the record's domain (and conduct) takes precedence over the
    // general regime on the days it is in force (市场监管总局令第45号 / 第107号, NATIONAL §3, §8).
    let p = ctx.procs.publication_for(&r.domain, &r.conduct.entry.id, r.decided_on);
    let field = if p.entry.domains.is_empty() { None } else { Some(r.domain.clone()) };
    let w = p.entry.windows.of(r.severity);
    let here = || format!("{}.publication", r.path());
    let mut projected = YearSet::EMPTY;
    let publish_due = match (p.entry.publish_within, w.published) {
        (Some(s), true) => {
            let d = deadline(ctx, r.decided_on, s, here)?;
            projected = projected.union(d.projected);
            Some(d.value)
        }
        _ => None,
    };
    let (basis_zh, basis_en) =
        regime_basis(p.entry.from, p.entry.until, p.entry.source.as_deref(), r.decided_on, "决定", "decision");
    let (field_zh, field_en) = match &field {
        Some(d) => (
            format!("；{d} 领域适用专门公示规定 `{}`，优先于一般规定", p.entry.id),
            format!("; the field regime `{}` for {d} takes precedence over the general regime", p.entry.id),
        ),
        None => (String::new(), String::new()),
    };
    let (due_zh, due_en) = match publish_due {
        Some(d) => (format!("；应于 {} 前公示", fmt_date(d)), format!("; to be published by {}", fmt_date(d))),
        None => (String::new(), String::new()),
    };
    let (wd_zh, wd_en) = match p.entry.withdraw_within {
        Some(s) => (
            format!("；决定变更或撤销的，{}内撤下", zh_span(s)),
            format!("; withdrawn within {s} if the decision is changed or revoked"),
        ),
        None => (String::new(), String::new()),
    };
    let early = if p.entry.early_stop_on_application {
        ("；可申请提前停止公示", "; an early stop may be applied for")
    } else {
        ("", "")
    };
    let min_end = match w.min {
        Some(s) => {
            let e = span_last_day(ctx, r.decided_on, s, here)?;
            projected = projected.union(e.projected);
            Some(e.value)
        }
        None => None,
    };
    let max_end = match w.max {
        Some(s) => {
            let e = span_last_day(ctx, r.decided_on, s, here)?;
            projected = projected.union(e.projected);
            Some(e.value)
        }
        None => None,
    };
    let natural_end = if p.entry.equals_validity { effective_end.or(max_end) } else { max_end };
    let ends_on = match (status, since) {
        (RecordStatus::Active | RecordStatus::Suspended | RecordStatus::Expired, _) => natural_end,
        (_, Some(d)) => Some(d.pred_opt().unwrap_or(d)).map(|d| natural_end.map_or(d, |n| n.min(d))),
        _ => natural_end,
    };
    let mut why = Why::new().entry(p).rule("PER-3").projected(ctx.lang, projected);
    if p.entry.equals_validity {
        why = why.rule("PER-3");
    }
    let explanation = why.done(msg!(
        ctx,
        format!(
            "{}类失信信息{}{}{}",
            r.severity.zh(),
            if w.published { "公示" } else { "原则上不公示" },
            match (min_end, max_end) {
                (Some(a), Some(b)) => format!("，最短至 {}，最长至 {}", fmt_date(a), fmt_date(b)),
                (None, Some(b)) => format!("，最长至 {}", fmt_date(b)),
                _ => String::new(),
            },
            if p.entry.equals_validity { "；披露期限与有效期一致" } else { "" }
        ) + &field_zh
            + &due_zh
            + &wd_zh
            + early.0
            + &basis_zh,
        format!(
            "{} conduct is {}{}{}",
            r.severity,
            if w.published { "published" } else { "in principle not published" },
            match (min_end, max_end) {
                (Some(a), Some(b)) => format!(", at least until {} and at most until {}", fmt_date(a), fmt_date(b)),
                (None, Some(b)) => format!(", at most until {}", fmt_date(b)),
                _ => String::new(),
            },
            if p.entry.equals_validity { "; disclosure equals validity" } else { "" }
        ) + &field_en
            + &due_en
            + &wd_en
            + early.1
            + &basis_en,
    ));
    Ok(Some(Publication {
        regime: p.entry.id.clone() + p.entry.from.map_or(String::new(), |f| format!("@{}", fmt_date(f.0))).as_str(),
        field,
        publish_due: publish_due.map(crate::vocab::Date),
        withdraw_within: p.entry.withdraw_within.map(|s| s.to_string()),
        published: w.published,
        min_end: min_end.map(crate::vocab::Date),
        max_end: max_end.map(crate::vocab::Date),
        equals_validity: p.entry.equals_validity,
        ends_on: ends_on.map(crate::vocab::Date),
        explanation,
    }))
}

/// Which dated regime applied and why (docs/DESIGN.md, "Which regime applies on a boundary
/// date"): the regime in force on the deciding day — the decision date for publication, the
/// application date for repair — with its range and source, and whether that day is the
/// regime's first or last day.
pub(crate) fn regime_basis(
    from: Option<crate::vocab::Date>,
    until: Option<crate::vocab::Date>,
    source: Option<&str>,
    day: NaiveDate,
    what_zh: &str,
    what_en: &str,
) -> (String, String) {
    let range_zh = match (from, until) {
        (Some(f), Some(u)) => format!("{} 至 {} 施行", fmt_date(f.0), fmt_date(u.0)),
        (Some(f), None) => format!("{} 起施行", fmt_date(f.0)),
        (None, Some(u)) => format!("施行至 {}", fmt_date(u.0)),
        (None, None) => "无起止日期".to_owned(),
    };
    let range_en = match (from, until) {
        (Some(f), Some(u)) => format!("in force {} to {}", fmt_date(f.0), fmt_date(u.0)),
        (Some(f), None) => format!("in force from {}", fmt_date(f.0)),
        (None, Some(u)) => format!("in force until {}", fmt_date(u.0)),
        (None, None) => "undated".to_owned(),
    };
    let edge_zh = if from.is_some_and(|f| f.0 == day) {
        "（该日为其施行首日）"
    } else if until.is_some_and(|u| u.0 == day) {
        "（该日为其施行末日）"
    } else {
        ""
    };
    let edge_en = if from.is_some_and(|f| f.0 == day) {
        " (its first day)"
    } else if until.is_some_and(|u| u.0 == day) {
        " (its last day)"
    } else {
        ""
    };
    let src = source.unwrap_or("");
    (
        format!("；依{what_zh}日期 {} 确定适用的规定{edge_zh}：{src}（{range_zh}）", fmt_date(day)),
        format!("; the regime is chosen by the {what_en} date {}{edge_en}: {src} ({range_en})", fmt_date(day)),
    )
}

fn double_publicity(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Result<Option<DoublePublicity>, Error> {
    let dp = ctx.procs.double_publicity.at(r.decided_on);
    let here = || format!("{}.double_publicity", r.path());
    let reckoned = deadline(ctx, r.decided_on, dp.entry.within, here)?;
    let due = reckoned.value;
    let published = r.first(EventType::Published);
    let (on_time, late_by) = match published {
        Some(p) if p <= due => (true, crate::calendar::Reckoned::exact(0)),
        Some(p) => (false, working_days_between(ctx, due, p, here)?),
        None if ctx.as_of <= due => (true, crate::calendar::Reckoned::exact(0)),
        None => (false, working_days_between(ctx, due, ctx.as_of, here)?),
    };
    let projected = reckoned.projected.union(late_by.projected);
    let late_by = late_by.value;
    let explanation = Why::new().entry(dp).rule("PER-4").projected(ctx.lang, projected).done(msg!(
        ctx,
        format!(
            "“双公示”应于决定后{}内（{} 前）公示；{}",
            zh_span(dp.entry.within),
            fmt_date(due),
            match (published, on_time) {
                (Some(p), true) => format!("已于 {} 按时公示", fmt_date(p)),
                (Some(p), false) => format!("{} 公示，迟延 {late_by} 个工作日", fmt_date(p)),
                (None, true) => "尚未公示，仍在期限内".into(),
                (None, false) => format!("截至 {} 仍未公示，已迟延 {late_by} 个工作日", fmt_date(ctx.as_of)),
            }
        ),
        format!(
            "双公示 requires publication within {} of the decision (by {}); {}",
            dp.entry.within,
            fmt_date(due),
            match (published, on_time) {
                (Some(p), true) => format!("published on time on {}", fmt_date(p)),
                (Some(p), false) => format!("published on {}, {late_by} working days late", fmt_date(p)),
                (None, true) => "not yet published, still within the deadline".into(),
                (None, false) => format!("still unpublished on {}, {late_by} working days late", fmt_date(ctx.as_of)),
            }
        ),
    ));
    Ok(Some(DoublePublicity {
        due: crate::vocab::Date(due),
        published_on: published.map(crate::vocab::Date),
        on_time,
        late_by_working_days: late_by,
        explanation,
    }))
}

fn repair(ctx: &Ctx<'_>, case: &Case, r: &Resolved<'_>, effective_end: Option<NaiveDate>) -> Result<Repair, Error> {
    if let Some(l) = r.list.as_ref().filter(|l| !l.entry.repair_regime) {
        // The list's own instrument governs deletion (e.g. the SPC provisions Art. 10): the NDRC
        // credit-repair regimes do not apply to it.
        let explanation = Why::new().rule("NAT-6").rule("NAT-3").entry(l).done(msg!(
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
    let explanation = why.done(msg!(
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
            if missing.is_empty() { "all conditions met".into() } else { format!("missing: {}", names_en(&missing)) },
            decided_by,
            decision_due.map_or_else(String::new, |d| format!(", decision due by {}", fmt_date(d))),
        ) + &rb.1,
    ));
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
fn early_exit(
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
    let explanation = why.done(msg!(
        ctx,
        format!(
            "{}依申请提前退出（不自动移出）：{}；{}{}{}{}",
            list.entry.name,
            avail.map_or_else(|| "等待期自相关事件发生之日起算，尚未开始".to_owned(), |d| format!("自 {d} 起可申请")),
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
    ));
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
fn relisting_bar(ctx: &Ctx<'_>, case: &Case, r: &Resolved<'_>) -> Result<Option<RelistingBarFinding>, Error> {
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
                let explanation = why.done(msg!(
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
