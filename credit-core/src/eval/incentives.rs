//! Incentives for trustworthy subjects (INC-1..3) and their clean-years clock.

use super::{Ctx, RecordFacts, Resolved, Why};
use crate::case::Case;
use crate::decision::*;
use crate::error::Error;
use crate::text::{CleanStart, IncentiveState, Msg, Txt};
use crate::vocab::{Date, Grade};
use chrono::NaiveDate;
use std::sync::Arc;

pub(crate) fn incentives(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
    grade: Grade,
) -> Result<Vec<IncentiveDecision>, Error> {
    let mut out = Vec::with_capacity(4);
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
                let mut blocking: Option<&Txt> = None;
                let mut last_end: Option<(NaiveDate, &Txt)> = None;
                for (r, d) in resolved.iter().zip(records) {
                    if d.status == RecordStatus::Revoked || r.decided_on > ctx.as_of {
                        continue;
                    }
                    if d.status.in_force() {
                        blocking = blocking.or(Some(&r.txt));
                        continue;
                    }
                    // The trigger day: the last day of an expired period (it ends at 24:00), or the
                    // day of the removing event; the clean years start the day after (Civil Code
                    // Art. 201).
                    let since = d.status_since.unwrap_or(r.decided_on);
                    let trigger =
                        if d.status == RecordStatus::Expired { since.pred_opt().unwrap_or(since) } else { since };
                    if last_end.is_none_or(|(e, _)| trigger > e) {
                        last_end = Some((trigger, &r.txt));
                    }
                }
                let start = match (blocking, last_end, case.subject.since) {
                    (Some(id), _, _) => CleanStart::InForce(Arc::clone(id)),
                    (None, Some((t, id)), _) => CleanStart::RecordEnded(t, Arc::clone(id)),
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
        let state = match (earned, earned_on, clean) {
            // A recognition qualifies by itself (`earned_on` is its date).
            (true, Some(on), _) if recognised.is_some() => IncentiveState::Recognised { on },
            (true, Some(d), Some((years, start))) => IncentiveState::EarnedClean { years, start, on: d },
            (true, _, _) => IncentiveState::Met,
            (false, _, Some((years, CleanStart::InForce(record)))) if kind_ok && grade_ok => {
                IncentiveState::InForce { years, record }
            }
            (false, _, Some((years, CleanStart::Unknown))) if kind_ok && grade_ok => IncentiveState::Unknown { years },
            (false, Some(d), Some((years, start))) if kind_ok && grade_ok => {
                IncentiveState::Pending { years, start, on: d }
            }
            (false, _, _) => IncentiveState::NotEarned,
        };
        out.push(IncentiveDecision {
            incentive: Arc::clone(&inc.id),
            earned,
            earned_on: earned_on.filter(|_| kind_ok && grade_ok).map(Date),
            benefits: Arc::clone(&inc.entry.benefits),
            explanation: why.done(ctx, Msg::Incentive { incentive: Arc::clone(inc), grade, state }),
        });
    }
    Ok(out)
}
