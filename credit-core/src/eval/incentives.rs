//! Incentives for trustworthy subjects (INC-1..3) and their clean-years clock.

use super::{fmt_date, msg, Ctx, Resolved, Why};
use crate::case::Case;
use crate::decision::*;
use crate::error::Error;
use crate::vocab::{Date, Grade};
use chrono::NaiveDate;

/// Where the clean years of an incentive start (INC-2).
enum CleanStart {
    /// A bad record is still in force: no clean year yet.
    InForce(String),
    /// The last bad record stopped having effect on this day.
    RecordEnded(NaiveDate, String),
    /// No record: registration (or birth).
    Registered(NaiveDate),
    /// No record and no registration date.
    Unknown,
}

pub(crate) fn incentives(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
    grade: Grade,
) -> Result<Vec<IncentiveDecision>, Error> {
    let mut out = Vec::new();
    for inc in ctx.view.incentive.all_at(ctx.as_of) {
        let c = &inc.entry.conditions;
        let mut why = Why::new().entry(inc).rule("INC-1");
        let kind_ok = c.subject_kinds.is_empty() || c.subject_kinds.contains(&case.subject.kind);
        let grade_ok = c.grades.is_empty() || c.grades.contains(&grade);
        // Recognitions (red lists, honest models) qualify from their date.
        let recognised = case
            .subject
            .recognitions
            .iter()
            .filter(|r| c.lists.contains(&r.list) && r.on.0 <= ctx.as_of)
            .map(|r| r.on.0)
            .min();
        // Clean years (INC-2): counted from the day the last bad record stopped having effect — its
        // expiry, removal, repair or exit. A record still in force means no clean years yet; a
        // revoked record (objection upheld) was never a bad record. With no record the start is
        // the subject's registration (`since`); without that the start is unknown.
        let clean: Option<(u32, CleanStart)> = match c.clean_years {
            None => None,
            Some(n) => {
                let mut blocking: Option<&str> = None;
                let mut last_end: Option<(NaiveDate, &str)> = None;
                for (r, d) in resolved.iter().zip(records) {
                    if d.status == RecordStatus::Revoked || r.decided_on > ctx.as_of {
                        continue;
                    }
                    if d.status.in_force() {
                        blocking = blocking.or(Some(r.id.as_str()));
                        continue;
                    }
                    // The trigger day: the last day of an expired period (it ends at 24:00), or the
                    // day of the removing event; the clean years start the day after (Civil Code
                    // Art. 201).
                    let since = d.status_since.map_or(r.decided_on, |x| x.0);
                    let trigger =
                        if d.status == RecordStatus::Expired { since.pred_opt().unwrap_or(since) } else { since };
                    if last_end.is_none_or(|(e, _)| trigger > e) {
                        last_end = Some((trigger, r.id.as_str()));
                    }
                }
                let start = match (blocking, last_end, case.subject.since) {
                    (Some(id), _, _) => CleanStart::InForce(id.to_owned()),
                    (None, Some((t, id)), _) => CleanStart::RecordEnded(t, id.to_owned()),
                    (None, None, Some(s)) => CleanStart::Registered(s.0),
                    (None, None, None) => CleanStart::Unknown,
                };
                Some((n, start))
            }
        };
        // N years counted from the day after the trigger end on its anniversary at 24:00 (Civil
        // Code Arts. 201–203): the incentive is earned the day after.
        let clean_on = match &clean {
            Some((n, CleanStart::RecordEnded(t, _) | CleanStart::Registered(t))) => Some(super::next_day(
                crate::calendar::add_years(*t, i32::try_from(*n).unwrap_or(i32::MAX))
                    .map_err(|e| Error::case(crate::error::ErrorCode::DateRange, "", e.to_string()))?,
            )),
            _ => None,
        };
        let (qualifies, earned_on) = match (recognised, &clean, clean_on) {
            (Some(d), _, _) => (true, Some(d)),
            (None, Some(_), Some(on)) => (on <= ctx.as_of, Some(on)),
            (None, Some(_), None) => (false, None),
            (None, None, _) => (c.lists.is_empty(), None),
        };
        if clean.is_some() {
            why = why.rule("INC-2");
        }
        if !c.grades.is_empty() {
            why = why.rule("INC-3");
        }
        let earned = kind_ok && grade_ok && qualifies;
        let start_zh = |st: &CleanStart| match st {
            CleanStart::RecordEnded(t, id) => format!("自记录 {id} 于 {} 失效之次日起算", fmt_date(*t)),
            CleanStart::Registered(t) => format!("自 {} 登记（出生）之次日起算", fmt_date(*t)),
            _ => String::new(),
        };
        let start_en = |st: &CleanStart| match st {
            CleanStart::RecordEnded(t, id) => {
                format!("counted from the day after record {id} stopped having effect on {}", fmt_date(*t))
            }
            CleanStart::Registered(t) => format!("counted from the day after registration on {}", fmt_date(*t)),
            _ => String::new(),
        };
        let message = msg!(
            ctx,
            match (earned, earned_on, &clean) {
                (true, _, _) if recognised.is_some() => {
                    format!("{}：诚信典型（{}）可享受", inc.entry.name, fmt_date(recognised.unwrap_or(ctx.as_of)))
                }
                (true, Some(d), Some((n, st))) => {
                    format!("{}：连续{}年无不良信用记录（{}），自 {} 起可享受", inc.entry.name, n, start_zh(st), fmt_date(d))
                }
                (true, _, _) => format!("{}：符合条件（信用等级：{}）", inc.entry.name, grade.zh()),
                (false, _, Some((n, CleanStart::InForce(id)))) if kind_ok && grade_ok => format!(
                    "{}：需连续{}年无不良信用记录；记录 {id} 仍在有效期内，尚未开始计算无不良记录年限",
                    inc.entry.name, n
                ),
                (false, _, Some((n, CleanStart::Unknown))) if kind_ok && grade_ok => format!(
                    "{}：需连续{}年无不良信用记录；无任何记录且未提供登记（出生）日期，起算日不明，无法认定",
                    inc.entry.name, n
                ),
                (false, Some(d), Some((n, st))) if kind_ok && grade_ok => {
                    format!("{}：需连续{}年无不良信用记录（{}），将于 {} 满足", inc.entry.name, n, start_zh(st), fmt_date(d))
                }
                (false, _, _) => format!("{}：不符合条件（信用等级：{}）", inc.entry.name, grade.zh()),
            },
            match (earned, earned_on, &clean) {
                (true, _, _) if recognised.is_some() => {
                    format!("{}: earned as a recognised honest model", inc.entry.id)
                }
                (true, Some(d), Some((n, st))) => format!(
                    "{}: earned on {} after {n} consecutive years without a bad record ({})",
                    inc.entry.id,
                    fmt_date(d),
                    start_en(st)
                ),
                (true, _, _) => format!("{}: conditions met (grade {grade})", inc.entry.id),
                (false, _, Some((n, CleanStart::InForce(id)))) if kind_ok && grade_ok => format!(
                    "{}: needs {n} consecutive clean years; record {id} is still in force, so no clean year has begun",
                    inc.entry.id
                ),
                (false, _, Some((n, CleanStart::Unknown))) if kind_ok && grade_ok => format!(
                    "{}: needs {n} consecutive clean years; the start is unknown (no record and no registration date `subject.since`), so it cannot be granted",
                    inc.entry.id
                ),
                (false, Some(d), Some((n, st))) if kind_ok && grade_ok => format!(
                    "{}: needs {n} consecutive clean years ({}), earned on {}",
                    inc.entry.id,
                    start_en(st),
                    fmt_date(d)
                ),
                (false, _, _) => format!("{}: not earned (grade {grade})", inc.entry.id),
            },
        );
        out.push(IncentiveDecision {
            incentive: inc.entry.id.clone(),
            earned,
            earned_on: earned_on.filter(|_| kind_ok && grade_ok).map(Date),
            benefits: inc.entry.benefits.clone(),
            explanation: why.done_text(ctx.lang, message),
        });
    }
    Ok(out)
}
