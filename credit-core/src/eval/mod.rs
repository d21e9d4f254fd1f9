//! Evaluation: a case and a resolved jurisdiction view in, a decision out.
//!
//! The order is fixed: resolve each record against the catalogue (case errors name the field
//! path), compute each record's timeline (period, objections, publication, repair), then the
//! subject's standing (lists, grade, triage, incentives, supervision), then each proposed
//! measure's checks. Nothing here reads a clock: `as_of` is the only "now".

mod commitments;
mod grade;
mod incentives;
mod listing;
mod measures;
mod objection;
mod period;
mod propagate;
mod publication;
mod repair;
mod supervision;
mod triage;
mod why;

pub(crate) use measures::verdict_explanation;
pub(crate) use why::Why;

use crate::calendar::{Calendar, CoverageError, Reckoned, Uncovered, YearSet};
use crate::case::{Case, Lang};
use crate::decision::*;
use crate::error::Error;
use crate::policy::model::{ConductEntry, ListEntry};
use crate::policy::{Layer, Sourced, View};

use crate::vocab::{EventType, Severity, Span, Unit};
use chrono::NaiveDate;
use std::sync::Arc;

/// Everything evaluation needs, borrowed.
pub(crate) struct Ctx<'a> {
    pub view: &'a View,
    /// The required procedures and classes, total over every day (resolved at load).
    pub procs: &'a crate::policy::required::Procedures,
    pub calendar: &'a Calendar,
    pub as_of: NaiveDate,
    pub lang: Lang,
    /// The unique id of the layer evaluated (keys the shared explanation lists, `why`).
    pub layer_uid: u64,
    /// Every projected calendar year some conclusion used (for the decision's calendar version).
    pub used: std::cell::Cell<YearSet>,
}

impl Ctx<'_> {
    /// Note that a conclusion used these projected years.
    pub fn note(&self, projected: YearSet) {
        self.used.set(self.used.get().union(projected));
    }

    /// A calendar coverage error for the conclusion at `path`, in the case's language, with help
    /// on how to add the missing year.
    pub fn coverage(&self, e: &CoverageError, path: String) -> Error {
        let message = match (self.lang, e.reason) {
            (Lang::Zh, Uncovered::Unpublished { year }) => format!(
                "{year}年部分节假日安排的通知（国务院办公厅）尚未载入，严格模式下不予推算：无法确定 {} 是否为工作日",
                fmt_date(e.date)
            ),
            (Lang::En, Uncovered::Unpublished { year }) => format!(
                "the State Council notice on the {year} holiday arrangement is not loaded and the calendar is strict: cannot tell whether {} is a working day",
                fmt_date(e.date)
            ),
            (Lang::Zh, Uncovered::Unsupported { first, last }) => format!(
                "日期 {} 超出节假日日历可公布或推算的范围（{} 至 {}）",
                fmt_date(e.date),
                fmt_date(first),
                fmt_date(last)
            ),
            (Lang::En, Uncovered::Unsupported { .. }) => e.to_string(),
        };
        let year = e.year();
        let help = match self.lang {
            Lang::Zh => format!(
                "将国务院办公厅关于{year}年部分节假日安排的通知按 policies/calendar/<年份>.toml 的格式（见 policies/README.md）写成一个年度文件，在运行时加载：Rust `Engine::with_calendar_year_files`，Python `Engine.national(calendar_years=[...])`，JS `Engine.national({{calendarYears: [...]}})`，命令行 `--calendar-year 文件`；或使用默认（非严格）模式，按《全国年节及纪念日放假办法》推算并标注为暂定"
            ),
            Lang::En => format!(
                "write the State Council notice on the {year} holiday arrangement as a year file in the format of policies/calendar/<year>.toml (see policies/README.md) and load it at run time: Rust `Engine::with_calendar_year_files`, Python `Engine.national(calendar_years=[...])`, JS `Engine.national({{calendarYears: [...]}})`, command line `--calendar-year FILE`; or use the default (non-strict) mode for provisional answers projected from the statute"
            ),
        };
        Error::from(e.clone()).with_message(message).with_help(help).with_path(path)
    }
}

/// A record resolved against the catalogue, with its events up to `as_of` sorted by date.
pub(crate) struct Resolved<'a> {
    pub index: usize,
    pub id: std::borrow::Cow<'a, str>,
    /// The id as shared text for messages (one allocation per record).
    pub txt: crate::text::Txt,
    pub conduct: Arc<Sourced<ConductEntry>>,
    pub domain: Arc<str>,
    pub severity: Severity,
    pub decided_on: NaiveDate,
    /// The deciding body the case names, identifiers masked.
    pub decided_by: Option<String>,
    pub list: Option<Arc<Sourced<ListEntry>>>,
    pub events: Events<'a>,
    pub synthetic: bool,
    /// The term the case states for a list with a `duration_range` (checked against it).
    pub term: Option<Span>,
}

/// A record's events up to `as_of`, in date order (stable for one day): the case's own slice when
/// it is already in that order (the usual case: no copy), else a sorted list of references.
pub(crate) enum Events<'a> {
    Borrowed(&'a [crate::case::Event]),
    Sorted(Vec<&'a crate::case::Event>),
}

impl<'a> Events<'a> {
    fn of(events: &'a [crate::case::Event], as_of: NaiveDate) -> Self {
        if events.windows(2).all(|w| matches!(w, [a, b] if a.on <= b.on)) {
            let upto = events.partition_point(|e| e.on.0 <= as_of);
            return Events::Borrowed(events.get(..upto).unwrap_or_default());
        }
        let mut sorted: Vec<&crate::case::Event> = events.iter().filter(|e| e.on.0 <= as_of).collect();
        sorted.sort_by_key(|e| e.on);
        Events::Sorted(sorted)
    }
    /// The events in order.
    pub fn iter(&self) -> EventIter<'a, '_> {
        match self {
            Events::Borrowed(s) => EventIter::Borrowed(s.iter()),
            Events::Sorted(v) => EventIter::Sorted(v.iter()),
        }
    }
}

/// Iterator of [`Events`].
pub(crate) enum EventIter<'a, 'b> {
    Borrowed(std::slice::Iter<'a, crate::case::Event>),
    Sorted(std::slice::Iter<'b, &'a crate::case::Event>),
}

impl<'a> Iterator for EventIter<'a, '_> {
    type Item = &'a crate::case::Event;
    #[inline]
    fn next(&mut self) -> Option<&'a crate::case::Event> {
        match self {
            EventIter::Borrowed(i) => i.next(),
            EventIter::Sorted(i) => i.next().copied(),
        }
    }
}

impl Resolved<'_> {
    /// The field path of this record in the decision: `records[i]`, or `commitments[i]` for the
    /// record a breached commitment became.
    pub fn path(&self) -> String {
        if self.synthetic {
            format!("commitments[{}]", self.index)
        } else {
            format!("records[{}]", self.index)
        }
    }
    /// The first event of `kind` on or before `as_of`.
    pub fn first(&self, kind: EventType) -> Option<NaiveDate> {
        self.events.iter().find(|e| e.kind == kind).map(|e| e.on.0)
    }
    /// Every event of `kind`.
    pub fn all(&self, kind: EventType) -> impl Iterator<Item = NaiveDate> + '_ {
        self.events.iter().filter(move |e| e.kind == kind).map(|e| e.on.0)
    }
    /// Whether an event of `kind` happened.
    pub fn has(&self, kind: EventType) -> bool {
        self.first(kind).is_some()
    }
}

/// What the subject-level chapters (lists, grade, triage, incentives, supervision, measures) need
/// to know about a record: computed by `period::record` with the record's decision and read
/// instead of it, so no chapter reads the public decision back.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RecordFacts {
    pub status: RecordStatus,
    pub status_since: Option<NaiveDate>,
    pub in_scope: bool,
    pub key_domain: bool,
    pub severity: Severity,
    pub effective_end: Option<NaiveDate>,
    pub repair_reachable: bool,
    pub early_exit_eligible: bool,
    /// What every measure check on the record reads (MEA-3 intensity, MEA-6 notice).
    pub limits: measures::Limits,
}

/// Day after which a span of `span` triggered on `trigger` is over: its last day, with the
/// projected calendar years a working-day count used (calendar-day spans need no holiday data).
/// `path` names the conclusion that needs it, for a coverage error.
pub(crate) fn span_last_day(
    ctx: &Ctx<'_>,
    trigger: NaiveDate,
    span: Span,
    path: impl FnOnce() -> String,
) -> Result<Reckoned<NaiveDate>, Error> {
    use crate::calendar::{period_last_day, PeriodUnit};
    let unit = match span.unit {
        Unit::WorkingDays => {
            let r = ctx.calendar.add_working_days_reckoned(trigger, span.n).map_err(|e| ctx.coverage(&e, path()))?;
            ctx.note(r.projected);
            return Ok(r);
        }
        Unit::Days => PeriodUnit::Days,
        Unit::Months => PeriodUnit::Months,
        Unit::Years => PeriodUnit::Years,
    };
    period_last_day(trigger, span.n, unit)
        .map(Reckoned::exact)
        .map_err(|e| Error::case(crate::error::ErrorCode::DateRange, path(), e.to_string()))
}

/// A deadline for an act: the span's last day, rolled onto the next working day when it is a
/// rest day (Civil Code Art. 203). Working-day clocks always end on a working day already.
pub(crate) fn deadline(
    ctx: &Ctx<'_>,
    trigger: NaiveDate,
    span: Span,
    path: impl Fn() -> String,
) -> Result<Reckoned<NaiveDate>, Error> {
    let last = span_last_day(ctx, trigger, span, &path)?;
    match span.unit {
        Unit::WorkingDays => Ok(last),
        _ => {
            let rolled = ctx.calendar.roll_forward_reckoned(last.value).map_err(|e| ctx.coverage(&e, path()))?;
            ctx.note(rolled.projected);
            Ok(rolled)
        }
    }
}

/// Working days in `(from, to]`, with the projected years used.
pub(crate) fn working_days_between(
    ctx: &Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
    path: impl FnOnce() -> String,
) -> Result<Reckoned<i64>, Error> {
    let r = ctx.calendar.working_days_between_reckoned(from, to).map_err(|e| ctx.coverage(&e, path()))?;
    ctx.note(r.projected);
    Ok(r)
}

/// An id of `table` as the table's shared text (no allocation when the id is in the table; the
/// validator guarantees it is for ids evaluation names).
pub(crate) fn shared_id<T: crate::policy::model::Entry>(table: &crate::policy::Table<T>, id: &str) -> Arc<str> {
    table.versions(id).first().map_or_else(|| Arc::from(id), |s| Arc::clone(&s.id))
}

/// A case-supplied id as shared text, identifiers masked (decisions and messages carry it).
pub(crate) fn masked_txt(id: &str) -> crate::text::Txt {
    crate::text::Txt::from(crate::id::mask_identifiers(id).as_ref())
}

/// A date as a `Display` value for messages: formatted straight into the message, no temporary
/// string.
pub(crate) fn fmt_date(d: NaiveDate) -> crate::vocab::Date {
    crate::vocab::Date(d)
}

pub(crate) fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn resolve<'a>(case: &'a Case, view: &View, as_of: NaiveDate) -> Result<Vec<Resolved<'a>>, Error> {
    let mut out = Vec::with_capacity(case.records.len());
    for (i, r) in case.records.iter().enumerate() {
        let decided = r.decided_on.0;
        let conduct = view
            .conduct
            .at(&r.conduct, decided)
            .or_else(|| view.conduct.versions(&r.conduct).last())
            .cloned()
            .ok_or_else(|| {
                Error::case(
                    crate::error::ErrorCode::UnknownConduct,
                    format!("records[{i}].conduct"),
                    format!("unknown conduct `{}`", r.conduct),
                )
                .with_help("use a conduct id of the jurisdiction's catalogue (`engine.catalog()`)")
            })?;
        let domain = match &r.domain {
            Some(d) if !view.domain.contains(d) => {
                return Err(Error::case(
                    crate::error::ErrorCode::UnknownDomain,
                    format!("records[{i}].domain"),
                    format!("unknown domain `{d}`"),
                ))
            }
            Some(d) => shared_id(&view.domain, d),
            None => shared_id(&view.domain, &conduct.entry.domain),
        };
        let list = match &r.list {
            Some(l) => {
                Some(view.list.at(l, decided).or_else(|| view.list.versions(l).last()).cloned().ok_or_else(|| {
                    Error::case(
                        crate::error::ErrorCode::UnknownList,
                        format!("records[{i}].list"),
                        format!("unknown list `{l}`"),
                    )
                })?)
            }
            None => None,
        };
        // MEA-6: a listing must meet the list's entry criteria (which local rules may not widen).
        if let Some(l) = &list {
            if !l.entry.conduct.is_empty()
                && !l.entry.conduct.contains(&conduct.entry.id)
                && !conduct.entry.lists.contains(&l.entry.id)
            {
                return Err(Error::case(
                    crate::error::ErrorCode::ListCriteriaNotMet,
                    format!("records[{i}].list"),
                    format!("conduct `{}` is not among the entry criteria of list `{}`", conduct.entry.id, l.entry.id),
                )
                .with_help("a subject may be listed only for the conduct the list's legal basis names (MEA-6)"));
            }
        }
        // A term fixed case by case must lie within the list's bounds (政府采购法 Art. 77: 一至三年).
        // The upper bound is the list's `duration` where an overlay shortened it.
        let range = list.as_ref().and_then(|l| {
            l.entry.duration_range.map(|[lo, hi]| {
                let hi = match l.entry.duration {
                    Some(d) if hi.longer_than(d) => d,
                    _ => hi,
                };
                (l.entry.id.clone(), [lo, hi])
            })
        });
        match (r.term, &range) {
            (Some(t), Some((id, [lo, hi]))) if lo.longer_than(t) || t.longer_than(*hi) => {
                return Err(Error::case(
                    crate::error::ErrorCode::TermOutOfRange,
                    format!("records[{i}].term"),
                    format!("term `{t}` is outside the bounds of list `{id}` ({lo} to {hi})"),
                )
                .with_help("state the term the determining document fixed, within the list's legal bounds"));
            }
            (Some(t), None) => {
                return Err(Error::case(
                    crate::error::ErrorCode::TermNotAllowed,
                    format!("records[{i}].term"),
                    format!("term `{t}` given, but the record's list does not fix its term case by case"),
                )
                .with_help("only a list with a `duration_range` (e.g. `procurement_bad_record`) takes a term from the case; other terms come from the instrument"));
            }
            _ => {}
        }
        let events = Events::of(&r.events, as_of);
        for (j, e) in r.events.iter().enumerate() {
            if e.on.0 < decided && !matches!(e.kind, EventType::Notified | EventType::CommitmentMade) {
                return Err(Error::case(
                    crate::error::ErrorCode::EventBeforeDecision,
                    format!("records[{i}].events[{j}].on"),
                    format!("`{}` on `{}` is before the decision of `{}`", e.kind, fmt_date(e.on.0), fmt_date(decided)),
                ));
            }
        }
        out.push(Resolved {
            index: i,
            id: std::borrow::Cow::Borrowed(&r.id),
            txt: masked_txt(&r.id),
            severity: r.severity.unwrap_or(conduct.entry.severity),
            conduct,
            domain,
            decided_on: decided,
            // Case text that decisions carry: masked once, here (`crate::mask`).
            decided_by: r.decided_by.as_deref().map(|b| crate::id::mask_identifiers(b).into_owned()),
            list,
            events,
            synthetic: false,
            term: r.term,
        });
    }
    Ok(out)
}

/// Evaluate `case` under `layer`.
pub(crate) fn evaluate(case: &Case, layer: &Layer, calendar: &Calendar, lang: Option<Lang>) -> Result<Decision, Error> {
    let as_of = case.as_of.0;
    let ctx = Ctx {
        view: &layer.view,
        procs: &layer.procedures,
        calendar,
        as_of,
        lang: lang.or(case.lang).unwrap_or_default(),
        layer_uid: layer.uid,
        used: std::cell::Cell::new(YearSet::EMPTY),
    };
    let mut resolved = resolve(case, &layer.view, as_of)?;
    let (commitments, synthetic) = commitments::commitments(&ctx, case)?;
    resolved.extend(synthetic);
    let mut records = Vec::with_capacity(resolved.len());
    let mut facts = Vec::with_capacity(resolved.len());
    for r in &resolved {
        let f = period::record(&ctx, case, r, &mut records).map_err(|e| {
            if e.path().is_some() {
                e
            } else if r.synthetic {
                e.with_path(format!("commitments[{}].found_on", r.index))
            } else {
                e.with_path(format!("records[{}].decided_on", r.index))
            }
        })?;
        facts.push(f);
    }
    let subject = listing::subject(&ctx, case, &resolved, &facts);
    let lists = listing::lists(&ctx, &resolved, &facts);
    let (grade, grade_explanation) = grade::grade(&ctx, &resolved, &facts, &lists);
    let triage = triage::triage(&ctx, case, &resolved, &facts);
    let incentives = incentives::incentives(&ctx, case, &resolved, &facts, grade)?;
    let supervision = supervision::supervision(&ctx, grade, &facts);
    let measures = measures::check_all(&ctx, case, &resolved, &facts)?;
    let permitted_measures = measures::permitted(&ctx, case, &resolved, &facts);
    let mut decision = Decision {
        lang: ctx.lang,
        jurisdiction: Arc::clone(&layer.id),
        as_of: case.as_of,
        policy_version: Arc::clone(&layer.version),
        calendar_version: calendar.version_shared(ctx.used.get()),
        subject,
        grade,
        grade_explanation,
        lists,
        triage,
        records,
        measures,
        permitted_measures,
        incentives,
        commitments,
        supervision,
    };
    propagate::provisional(&mut decision);
    // The output boundary for personal data: no identifier leaves unmasked (crate::mask).
    crate::mask::decision(&mut decision);
    Ok(decision)
}
