//! Projecting a year's holiday arrangement when no State Council notice is on file.
//!
//! The yearly notice (国务院办公厅关于20XX年部分节假日安排的通知) usually appears in the autumn of the
//! year before. Until it does, a year can only be *projected* from the statute
//! 《全国年节及纪念日放假办法》 ([`super::statute`]) and the festival dates ([`super::lunar`]). Two
//! methods are offered ([`ProjectionMethod`]):
//!
//! * [`ProjectionMethod::Statutory`]: rest only on the statutory days themselves; no make-up working
//!   days (调休) and no bridging, because none is known. Weekends are non-working by themselves.
//! * [`ProjectionMethod::Principles`] (the default): imitate the 调休 principles stated in the 2025
//!   arrangement notice (NATIONAL.md §2, marked \[S\]) — 春节 from 除夕 for its statutory days plus four
//!   (8 days from 2025, 7 before); 国庆节 7 days from 1 October; 劳动节 5 days; 元旦, 清明, 端午, 中秋
//!   3 days with the joined weekend or one make-up day (only the day itself on a Wednesday); 国庆
//!   meeting 中秋: 8 days together. Make-up days are the weekend days nearest the break, as many
//!   as the weekdays the break takes beyond its statutory days, chosen so that no run of working
//!   days around the break exceeds 6 (Art. 7 of the 2025 text; 7 under earlier versions, which
//!   had no such article and whose notices did produce 7-day runs).
//!
//! `docs/projection-accuracy.md` (written by `cargo run -p credit-core --example
//! projection_accuracy`) measures both methods against the published notices 2020–2026: the
//! principles method reproduces the working status of more days, and more 15-working-day
//! deadlines, than the statute alone, which is why it is the default. Either way the result is a
//! guess: a projected year has `confidence = U`, no publication date, and every answer that uses
//! it is provisional.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use credit_core::calendar::projection::{project, ProjectionMethod};
//! use credit_core::calendar::Calendar;
//!
//! let year = project(2027, ProjectionMethod::default()).ok_or("cannot project 2027")?;
//! let cal = Calendar::new(vec![year]).map_err(|e| format!("{e:?}"))?;
//! // 除夕 2027 is Friday 5 February: the 春节 break starts that day.
//! assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2027, 2, 5).ok_or("bad date")?)?);
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

use super::lunar::{self, Festivals};
use super::statute::{self, HolidayRule, StatuteVersion, MID_AUTUMN, NATIONAL_DAY, NEW_YEAR};
use super::{CalendarYear, Confidence, MakeUpDay, RestPeriod};

/// How a year without a notice is projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProjectionMethod {
    /// Rest on the statutory days only; no 调休.
    Statutory,
    /// Breaks and make-up days after the 调休 principles of the 2025 notice (the default: it
    /// matches the published notices 2020–2026 better, see `docs/projection-accuracy.md`).
    #[default]
    Principles,
}

/// The citation id of the rule projected years carry.
const RULE: &str = "NAT-2";

/// Projects `year` with `method`, or `None` when no statute version is in force or the festival
/// dates of the year are not in [`lunar`]'s table ([`lunar::FIRST_YEAR`]..=[`lunar::LAST_YEAR`]).
///
/// The result passes [`super::Calendar::new`]'s validation: rest periods are cut at the year's
/// boundaries (a 元旦 break starting on 31 December puts that day into the earlier year's
/// projection) and make-up days are weekend days of the same year outside every rest period.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::calendar::projection::{project, ProjectionMethod};
/// use credit_core::calendar::Confidence;
///
/// let year = project(2027, ProjectionMethod::Statutory).ok_or("cannot project 2027")?;
/// assert_eq!(year.confidence, Confidence::Unconfirmed);
/// assert!(year.workday.is_empty());
/// assert!(project(1999, ProjectionMethod::Statutory).is_none());
/// # Ok(())
/// # }
/// ```
pub fn project(year: i32, method: ProjectionMethod) -> Option<CalendarYear> {
    let version = statute::in_force(year)?;
    let festivals = lunar::festivals(year)?;
    let (rest, workday, source) = match method {
        ProjectionMethod::Statutory => (
            statutory_rest(year, version)?,
            Vec::new(),
            format!("projected from 《全国年节及纪念日放假办法》（{}）: no 调休 known", version.title),
        ),
        ProjectionMethod::Principles => {
            let (rest, workday) = principles(year, version, &festivals)?;
            let source = format!(
                "projected from 《全国年节及纪念日放假办法》（{}） and the 调休 principles of the 2025 \
                 arrangement notice (NATIONAL.md §2 [S]): no notice on file",
                version.title
            );
            (rest, workday, source)
        }
    };
    Some(CalendarYear {
        year,
        source,
        published: None,
        confidence: Confidence::Unconfirmed,
        rule: Some(RULE.to_owned()),
        rest,
        workday,
    })
}

// ---------------------------------------------------------------------------------------------
// Shared: breaks as inclusive date ranges with names
// ---------------------------------------------------------------------------------------------

/// A break before cutting to the year: `[from, until]`, its names (longest holiday first) and its
/// statutory days, one entry per holiday and day (a day two holidays share counts twice: 中秋 on
/// 1 October still earns its day off, as in 2020's notice).
#[derive(Debug, Clone)]
struct Break {
    names: Vec<&'static str>,
    from: NaiveDate,
    until: NaiveDate,
    statutory: Vec<NaiveDate>,
}

impl Break {
    fn name(&self) -> String {
        self.names.join("、")
    }

    fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.until
    }
}

/// Merges overlapping breaks (a shared day, e.g. 中秋 on 1 October), naming the result after all
/// of them, and sorts them.
fn merge(mut breaks: Vec<Break>) -> Vec<Break> {
    breaks.sort_by_key(|b| (b.from, std::cmp::Reverse(b.until)));
    let mut merged: Vec<Break> = Vec::new();
    for b in breaks {
        match merged.last_mut() {
            Some(last) if b.from <= last.until => {
                last.until = last.until.max(b.until);
                for n in b.names {
                    if !last.names.contains(&n) {
                        last.names.push(n);
                    }
                }
                last.statutory.extend(b.statutory);
            }
            _ => merged.push(b),
        }
    }
    merged
}

/// The breaks cut to `year` as rest periods.
fn to_rest(year: i32, breaks: &[Break]) -> Option<Vec<RestPeriod>> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
    Some(
        breaks
            .iter()
            .filter_map(|b| {
                let from = b.from.max(first);
                let until = b.until.min(last);
                (from <= until).then(|| RestPeriod { name: b.name(), from, until })
            })
            .collect(),
    )
}

fn statutory_rest(year: i32, version: &StatuteVersion) -> Option<Vec<RestPeriod>> {
    let mut breaks = Vec::new();
    for h in version.holidays {
        let days: Vec<NaiveDate> =
            statute::holiday_days(h.rule, year)?.into_iter().filter(|d| d.year() == year).collect();
        // A holiday's days are consecutive; split defensively anyway.
        let mut run: Option<(NaiveDate, NaiveDate)> = None;
        for d in days {
            run = match run {
                Some((from, until)) if until.succ_opt() == Some(d) => Some((from, d)),
                Some((from, until)) => {
                    breaks.push(Break { names: vec![h.name], from, until, statutory: Vec::new() });
                    Some((d, d))
                }
                None => Some((d, d)),
            };
        }
        if let Some((from, until)) = run {
            breaks.push(Break { names: vec![h.name], from, until, statutory: Vec::new() });
        }
    }
    to_rest(year, &merge(breaks))
}

// ---------------------------------------------------------------------------------------------
// Principles
// ---------------------------------------------------------------------------------------------

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn shift(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    super::add_days(d, n).ok()
}

/// The 3-day pattern for a one-day holiday on `d`: joined to the weekend, or with one make-up day
/// (Tuesday: Sunday–Tuesday; Thursday: Thursday–Saturday); the day alone on a Wednesday.
fn three_day(d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let (before, after) = match d.weekday() {
        Weekday::Mon | Weekday::Tue => (2, 0),
        Weekday::Wed => (0, 0),
        Weekday::Thu | Weekday::Fri | Weekday::Sat => (0, 2),
        Weekday::Sun => (1, 1),
    };
    Some((shift(d, -before)?, shift(d, after)?))
}

/// Whether 中秋 joins the 国庆 break (it falls within three days before 1 October or inside the
/// 8-day break from 1 October).
fn joins_national_day(mid_autumn: NaiveDate) -> bool {
    let (m, d) = (mid_autumn.month(), mid_autumn.day());
    (m == 9 && d >= 28) || (m == 10 && d <= 8)
}

/// The breaks of one statute version's holidays in `year` (festival dates `f`).
fn principle_breaks(year: i32, version: &StatuteVersion, f: &Festivals) -> Option<Vec<Break>> {
    let has_mid_autumn = version.holidays.iter().any(|h| h.rule == HolidayRule::MidAutumn);
    let combined = has_mid_autumn && joins_national_day(f.mid_autumn);
    let mut breaks = Vec::new();
    for h in version.holidays {
        let days = statute::holiday_days(h.rule, year)?;
        let statutory: Vec<NaiveDate> = days.clone();
        let first = *days.first()?;
        let count = i64::try_from(days.len()).ok()?;
        let mut names = vec![h.name];
        let (from, until) = match h.rule {
            HolidayRule::SpringFestival { .. } => {
                let eve = f.eve()?;
                let until = shift(eve, count.checked_add(3)?)?;
                (eve.min(first), until)
            }
            HolidayRule::MidAutumn if combined => continue,
            HolidayRule::Qingming | HolidayRule::DragonBoat | HolidayRule::MidAutumn => three_day(first)?,
            HolidayRule::Solar { .. } if h.name == NATIONAL_DAY => {
                let mut statutory = statutory.clone();
                let (from, length) = if combined {
                    names = vec![NATIONAL_DAY, MID_AUTUMN];
                    statutory.push(f.mid_autumn);
                    (first.min(f.mid_autumn), count.checked_add(5)?)
                } else {
                    (first, count.checked_add(4)?)
                };
                let until = shift(from, length.checked_sub(1)?)?;
                breaks.push(Break { names, from, until, statutory });
                continue;
            }
            HolidayRule::Solar { month: 5, .. } => {
                if count >= 3 {
                    (first, shift(first, count.checked_add(3)?)?)
                } else {
                    // 5 days holding the statutory days and a whole weekend.
                    let back = match first.weekday() {
                        Weekday::Sun => 1,
                        Weekday::Mon => 2,
                        Weekday::Tue => 3,
                        _ => 0,
                    };
                    let from = shift(first, -back)?;
                    (from, shift(from, 4)?)
                }
            }
            HolidayRule::Solar { .. } if count == 1 => three_day(first)?,
            HolidayRule::Solar { .. } => (first, *days.last()?),
        };
        breaks.push(Break { names, from, until, statutory });
    }
    Some(breaks)
}

/// The longest run of consecutive working days within `[from, until]`.
fn longest_run(from: NaiveDate, until: NaiveDate, rest: &[Break], makeup: &BTreeSet<NaiveDate>) -> u32 {
    let mut best = 0;
    let mut run: u32 = 0;
    for d in from.iter_days().take_while(|d| *d <= until) {
        let working = makeup.contains(&d) || !(is_weekend(d) || rest.iter().any(|b| b.contains(d)));
        run = if working { run.saturating_add(1) } else { 0 };
        best = best.max(run);
    }
    best
}

/// The nearest `n` weekend days on one side of `b` (`step` = -1 before, +1 after) that are in no
/// break and not yet make-up days.
fn candidates(b: &Break, step: i64, n: usize, breaks: &[Break], makeup: &BTreeSet<NaiveDate>) -> Vec<NaiveDate> {
    let start = if step < 0 { b.from } else { b.until };
    (1..=35)
        .filter_map(|k| shift(start, step.saturating_mul(k)))
        .filter(|d| is_weekend(*d) && !makeup.contains(d) && !breaks.iter().any(|o| o.contains(*d)))
        .take(n)
        .collect()
}

/// The make-up days of break `b`: as many weekend days as the weekdays the break takes beyond
/// its statutory days, the nearest ones that keep working runs within `limit`.
fn choose_makeup(b: &Break, breaks: &[Break], makeup: &BTreeSet<NaiveDate>, limit: u32) -> Option<Vec<NaiveDate>> {
    let weekdays = b.from.iter_days().take_while(|d| *d <= b.until).filter(|d| !is_weekend(*d)).count();
    let needed = weekdays.saturating_sub(b.statutory.len());
    if needed == 0 {
        return Some(Vec::new());
    }
    let per_side = needed.max(2);
    let mut pool = candidates(b, -1, per_side, breaks, makeup);
    pool.extend(candidates(b, 1, per_side, breaks, makeup));
    pool.sort_unstable();
    let k = needed.min(pool.len());
    let distance = |d: NaiveDate| {
        if d < b.from {
            b.from.signed_duration_since(d).num_days()
        } else {
            d.signed_duration_since(b.until).num_days()
        }
    };
    let (window_from, window_until) = (shift(b.from, -28)?, shift(b.until, 28)?);
    let mut best: Option<(u32, i64, Vec<NaiveDate>)> = None;
    let subsets = 1_u32.checked_shl(u32::try_from(pool.len()).ok()?)?;
    for mask in 0..subsets {
        if usize::try_from(mask.count_ones()).ok()? != k {
            continue;
        }
        let chosen: Vec<NaiveDate> =
            pool.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, d)| *d).collect();
        let mut with: BTreeSet<NaiveDate> = makeup.clone();
        with.extend(chosen.iter().copied());
        let excess = longest_run(window_from, window_until, breaks, &with).saturating_sub(limit);
        // Fewest days over the run limit, then nearest to the break, then earliest.
        let score = (excess, chosen.iter().map(|d| distance(*d)).sum::<i64>(), chosen);
        if best.as_ref().is_none_or(|b| score < *b) {
            best = Some(score);
        }
    }
    Some(best.map(|(_, _, chosen)| chosen).unwrap_or_default())
}

fn principles(year: i32, version: &StatuteVersion, festivals: &Festivals) -> Option<(Vec<RestPeriod>, Vec<MakeUpDay>)> {
    let mut breaks = principle_breaks(year, version, festivals)?;
    // The next year's 元旦 break may start in this year (on 30 or 31 December).
    if let Some(next) = year.checked_add(1).and_then(statute::in_force) {
        if let Some(h) = next.holidays.iter().find(|h| h.name == NEW_YEAR) {
            let days = statute::holiday_days(h.rule, year.checked_add(1)?)?;
            let first = *days.first()?;
            let (from, until) = three_day(first)?;
            breaks.push(Break { names: vec![NEW_YEAR], from, until, statutory: days });
        }
    }
    let breaks = merge(breaks);
    let limit = if version.from_year >= 2025 { 6 } else { 7 };
    let mut makeup: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut workday = Vec::new();
    for b in &breaks {
        for d in choose_makeup(b, &breaks, &makeup, limit)? {
            makeup.insert(d);
            if d.year() == year {
                workday.push(MakeUpDay { on: d, holiday: b.name() });
            }
        }
    }
    workday.sort_by_key(|w| w.on);
    Some((to_rest(year, &breaks)?, workday))
}
