//! Procedure clocks without a case: the reply deadline of a jurisdiction's objection procedure for
//! a filing date, with the calendar days that decide it, so that an intake form can show a clock
//! before any record exists.
//!
//! The deadline is counted as evaluation counts the plain route of an objection (reply clock from
//! the day of receipt; a working-day clock ends on a working day, another clock's last day rolls
//! onto the next working day, Civil Code Art. 203). Events that change a clock in a case
//! (forwarding, extension, testing time) need the case: [`crate::Engine::evaluate`].
//!
//! ```
//! use chrono::NaiveDate;
//! let tonghua = credit_core::Engine::national()?.with_jurisdiction("cn-jilin-tonghua")?;
//! let filed = NaiveDate::from_ymd_opt(2025, 9, 26).ok_or("date")?;
//! let clock = tonghua.objection_deadline(filed)?;
//! assert_eq!((clock.reply_within.as_str(), clock.reply_due.to_string().as_str()), ("15 working days", "2025-10-23"));
//! assert!(!clock.provisional);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::calendar::{period_last_day, Calendar, DayKind, PeriodUnit, Reckoned, YearSet};
use crate::error::{Error, ErrorCode};
use crate::vocab::{Date, Span, Unit};
use crate::Engine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A day the clock passes over, with the holiday it belongs to.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedDay {
    /// The day.
    pub date: Date,
    /// The holiday (e.g. `国庆节`), as the calendar names it.
    pub name: String,
}

/// The objection clock of a layer for one filing date ([`Engine::objection_deadline`]).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionDeadline {
    /// The layer whose procedure applies.
    pub jurisdiction: String,
    /// The day the objection was received.
    pub filed_on: Date,
    /// Who receives the objection.
    pub receiving: String,
    /// The reply clock, e.g. `15 working days`.
    pub reply_within: String,
    /// The last day to reply.
    pub reply_due: Date,
    /// The extended clock for complex or forwarded objections, when the layer has one.
    pub reply_extended: Option<String>,
    /// The last day under the extended clock.
    pub extended_due: Option<Date>,
    /// The last day to mark the record as disputed, when the layer sets a clock for it.
    pub mark_due: Option<Date>,
    /// Whether the record is marked "under objection" while the objection is pending.
    pub marks_record: bool,
    /// Whether sanction measures are suspended while the objection is pending.
    pub suspends_measures: bool,
    /// Rest days of holiday breaks between the filing day (excluded) and the last day counted
    /// (the extended due date when there is one, else the reply due date).
    pub holidays: Vec<NamedDay>,
    /// Weekend days in that span that are working days (调休) and so are counted.
    pub make_up_workdays: Vec<NamedDay>,
    /// Ordinary Saturdays and Sundays in that span (not counted by a working-day clock).
    pub weekend_days: u32,
    /// Whether an answer rests on a year without a State Council notice (projected from the
    /// statute): the dates may move when the notice is published.
    pub provisional: bool,
    /// The projected years used.
    pub projected_years: Vec<i32>,
    /// The calendar version the dates were computed with.
    pub calendar_version: String,
    /// RULEBOOK ids of the procedure.
    pub rules: Vec<String>,
    /// Document and article of the procedure.
    pub source: Option<String>,
    /// `layer:objection/id`, the procedure entry.
    pub reference: String,
}

/// The last day of `span` counted from `from`: a working-day clock ends on a working day; another
/// clock's last day rolls onto the next working day.
fn due(cal: &Calendar, from: NaiveDate, span: Span) -> Result<Reckoned<NaiveDate>, Error> {
    let unit = match span.unit {
        Unit::WorkingDays => return cal.add_working_days_reckoned(from, span.n).map_err(Error::from),
        Unit::Days => PeriodUnit::Days,
        Unit::Months => PeriodUnit::Months,
        Unit::Years => PeriodUnit::Years,
    };
    let last = period_last_day(from, span.n, unit)
        .map_err(|e| Error::argument(ErrorCode::DateRange, "filed_on", e.to_string()))?;
    cal.roll_forward_reckoned(last).map_err(Error::from)
}

impl Engine {
    /// The reply deadline of the selected layer's objection procedure for an objection received on
    /// `filed_on`, with the holidays and make-up working days it passes over and whether it rests
    /// on a projected year (see the module documentation). A day the calendar cannot classify (a
    /// year outside the supported range, or a projected year in strict mode) is a
    /// `calendar_coverage` error.
    pub fn objection_deadline(&self, filed_on: NaiveDate) -> Result<ObjectionDeadline, Error> {
        let layer = self.policy().layer(self.jurisdiction()).ok_or_else(|| {
            Error::argument(
                ErrorCode::UnknownJurisdiction,
                "jurisdiction",
                "the engine's layer is not in its policy set",
            )
        })?;
        let cal = self.calendar();
        let proc = layer.procedures.objection.at(filed_on);
        let e = &proc.entry;
        let with_path = |r: Result<Reckoned<NaiveDate>, Error>| r.map_err(|err| err.with_path("filed_on"));
        let reply = with_path(due(cal, filed_on, e.reply_within))?;
        let extended = e.reply_extended.map(|x| with_path(due(cal, filed_on, x))).transpose()?;
        let mark = e.mark_within.map(|m| with_path(due(cal, filed_on, m))).transpose()?;
        let mut projected: YearSet = reply.projected;
        for r in extended.iter().chain(mark.iter()) {
            projected = projected.union(r.projected);
        }
        let last = extended.as_ref().map_or(reply.value, |x| x.value.max(reply.value));
        let (mut holidays, mut make_up_workdays, mut weekend_days) = (Vec::new(), Vec::new(), 0u32);
        let mut day = filed_on;
        while day < last {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            let kind = cal.day_kind_reckoned(day).map_err(|err| Error::from(err).with_path("filed_on"))?;
            projected = projected.union(kind.projected);
            match kind.value {
                DayKind::Holiday { name } => holidays.push(NamedDay { date: Date(day), name }),
                DayKind::MakeUpWorkday { name } => make_up_workdays.push(NamedDay { date: Date(day), name }),
                DayKind::Weekend => weekend_days = weekend_days.saturating_add(1),
                DayKind::Workday => {}
            }
        }
        Ok(ObjectionDeadline {
            jurisdiction: self.jurisdiction().to_owned(),
            filed_on: Date(filed_on),
            receiving: e.receiving.to_string(),
            reply_within: e.reply_within.to_string(),
            reply_due: Date(reply.value),
            reply_extended: e.reply_extended.map(|x| x.to_string()),
            extended_due: extended.map(|x| Date(x.value)),
            mark_due: mark.map(|m| Date(m.value)),
            marks_record: e.marks_record,
            suspends_measures: e.suspends_measures,
            holidays,
            make_up_workdays,
            weekend_days,
            provisional: !projected.is_empty(),
            projected_years: projected.iter().collect(),
            calendar_version: cal.version_with(projected),
            rules: e.rule.0.clone(),
            source: e.source.clone(),
            reference: proc.reference().to_owned(),
        })
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::ffi::parse_date(s).unwrap()
    }

    #[test]
    fn tonghua_and_shanghai_across_national_day_2025() {
        // The 2025 notice: 1–8 October rest; Sunday 28 September and Saturday 11 October worked.
        let national = Engine::national().unwrap();
        let tonghua =
            national.with_jurisdiction("cn-jilin-tonghua").unwrap().objection_deadline(day("2025-09-26")).unwrap();
        // 15 working days after Friday 26 September: 28, 29, 30 Sep, 9, 10, 11, 13–17, 20–23 Oct.
        assert_eq!(tonghua.reply_within, "15 working days");
        assert_eq!(tonghua.reply_due.to_string(), "2025-10-23");
        assert_eq!(tonghua.holidays.len(), 8);
        assert!(tonghua.holidays.iter().all(|h| h.name.contains("国庆")), "{:?}", tonghua.holidays);
        let made_up: Vec<String> = tonghua.make_up_workdays.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(made_up, ["2025-09-28", "2025-10-11"]);
        assert!(!tonghua.suspends_measures);
        assert!(!tonghua.provisional && tonghua.projected_years.is_empty());
        assert!(tonghua.reference.starts_with("cn-jilin-tonghua:objection/"), "{}", tonghua.reference);

        let shanghai =
            national.with_jurisdiction("cn-shanghai").unwrap().objection_deadline(day("2025-09-26")).unwrap();
        // 5 working days: 28, 29, 30 September, 9, 10 October; the extended 7 end on 13 October.
        assert_eq!(shanghai.reply_due.to_string(), "2025-10-10");
        assert_eq!(shanghai.reply_extended.as_deref(), Some("7 working days"));
        assert_eq!(shanghai.extended_due.map(|d| d.to_string()).as_deref(), Some("2025-10-13"));
        assert!(shanghai.marks_record && shanghai.mark_due.is_some());
    }

    #[test]
    fn a_year_without_a_notice_is_provisional_or_refused_in_strict_mode() {
        let tonghua = Engine::national().unwrap().with_jurisdiction("cn-jilin-tonghua").unwrap();
        let clock = tonghua.objection_deadline(day("2027-09-28")).unwrap();
        assert!(clock.provisional);
        assert_eq!(clock.projected_years, [2027]);
        assert!(clock.calendar_version.contains("2027"), "{}", clock.calendar_version);
        let strict = tonghua.with_calendar_mode(crate::calendar::CalendarMode::Strict);
        let err = strict.objection_deadline(day("2027-09-28")).unwrap_err();
        assert_eq!((err.code_str(), err.path()), ("calendar_coverage", Some("filed_on")));
    }
}
