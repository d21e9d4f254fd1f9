//! Publication (PER-3, NATIONAL §3, §8): whether a record is in scope, its publication window
//! under the regime in force, and 双公示 (PER-4).

use super::{deadline, fmt_date, msg, span_last_day, working_days_between, zh_span, Ctx, Resolved, Why};
use crate::calendar::YearSet;
use crate::decision::*;
use crate::error::Error;
use crate::vocab::{EventType, Severity};
use chrono::NaiveDate;

pub(crate) fn in_scope(ctx: &Ctx<'_>, severity: Severity) -> bool {
    let sanctionable = ctx.procs.severity(severity).at(ctx.as_of).entry.sanctionable;
    let minor_out = ctx.view.scope.all_at(ctx.as_of).any(|s| s.entry.minor_out_of_scope);
    sanctionable && !(minor_out && severity == Severity::Minor)
}

pub(super) fn publication(
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
    let explanation = why.done_text(
        ctx.lang,
        msg!(
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
        ),
    );
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
pub(super) fn regime_basis(
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

pub(super) fn double_publicity(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Result<Option<DoublePublicity>, Error> {
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
    let explanation = Why::new().entry(dp).rule("PER-4").projected(ctx.lang, projected).done_text(
        ctx.lang,
        msg!(
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
                    (None, false) =>
                        format!("still unpublished on {}, {late_by} working days late", fmt_date(ctx.as_of)),
                }
            ),
        ),
    );
    Ok(Some(DoublePublicity {
        due: crate::vocab::Date(due),
        published_on: published.map(crate::vocab::Date),
        on_time,
        late_by_working_days: late_by,
        explanation,
    }))
}
