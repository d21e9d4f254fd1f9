//! Publication (PER-3, NATIONAL §3, §8): whether a record is in scope, its publication window
//! under the regime in force, and 双公示 (PER-4).

use super::{deadline, span_last_day, working_days_between, Ctx, Resolved, Why};
use crate::calendar::YearSet;
use crate::decision::*;
use crate::error::Error;
use crate::text::{Msg, PublicationFacts, Txt};
use crate::vocab::{EventType, Severity};
use chrono::NaiveDate;
use std::sync::Arc;

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
    let field = if p.entry.domains.is_empty() { None } else { Some(r.domain.to_string()) };
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
    let mut why = Why::new().entry(p).rule("PER-3").projected(projected);
    if p.entry.equals_validity {
        why = why.rule("PER-3");
    }
    let explanation = why.done(
        ctx,
        Msg::Publication(PublicationFacts {
            regime: Arc::clone(p),
            severity: r.severity,
            field: field.as_deref().map(Txt::from),
            publish_due,
            min_end,
            max_end,
            decided_on: r.decided_on,
        }),
    );
    Ok(Some(Publication {
        regime: Arc::clone(&p.regime),
        field,
        publish_due: publish_due.map(crate::vocab::Date),
        withdraw_within: p.entry.withdraw_within,
        published: w.published,
        min_end: min_end.map(crate::vocab::Date),
        max_end: max_end.map(crate::vocab::Date),
        equals_validity: p.entry.equals_validity,
        ends_on: ends_on.map(crate::vocab::Date),
        explanation,
    }))
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
    let explanation = Why::new().entry(dp).rule("PER-4").projected(projected).done(
        ctx,
        Msg::DoublePublicity { within: dp.entry.within, due, published, on_time, late_by, as_of: ctx.as_of },
    );
    Ok(Some(DoublePublicity {
        due: crate::vocab::Date(due),
        published_on: published.map(crate::vocab::Date),
        on_time,
        late_by_working_days: late_by,
        explanation,
    }))
}
