//! The statute 《全国年节及纪念日放假办法》 as dated, cited data: which days are holidays for all
//! citizens (全体公民放假的节日, Art. 2) in a given year.
//!
//! Each [`StatuteVersion`] is the text in force from 1 January of its `from_year` (every amendment so
//! far took effect on a 1 January) until the next version. The holiday of each year is then a
//! matter of the festival dates in [`super::lunar`]. The State Council General Office's yearly
//! notice (国务院办公厅关于20XX年部分节假日安排的通知) arranges the actual breaks and make-up working
//! days (调休) around these statutory days; [`super::projection`] uses them when no notice is on
//! file, and [`missing_statutory_days`] lets a linter check that a published year file rests on
//! every statutory day.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use credit_core::calendar::statute::{in_force, statutory_days};
//!
//! let version = in_force(2025).ok_or("no statute")?;
//! assert_eq!(version.from_year, 2025);
//! let days = statutory_days(2025).ok_or("no data")?;
//! assert_eq!(days.len(), 13);
//! assert!(days.contains(&(NaiveDate::from_ymd_opt(2025, 1, 28).ok_or("bad date")?, "春节")));
//! # Ok(())
//! # }
//! ```

use chrono::{Datelike, NaiveDate};

use super::lunar;
use super::{CalendarYear, Confidence};

/// 元旦 (New Year's Day), as named in `policies/calendar/*.toml`.
pub const NEW_YEAR: &str = "元旦";
/// 春节 (Spring Festival).
pub const SPRING_FESTIVAL: &str = "春节";
/// 清明节 (Qingming).
pub const QINGMING: &str = "清明节";
/// 劳动节 (Labour Day).
pub const LABOUR_DAY: &str = "劳动节";
/// 端午节 (Dragon Boat Festival).
pub const DRAGON_BOAT: &str = "端午节";
/// 中秋节 (Mid-Autumn Festival).
pub const MID_AUTUMN: &str = "中秋节";
/// 国庆节 (National Day).
pub const NATIONAL_DAY: &str = "国庆节";

/// How a statutory holiday's days are determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayRule {
    /// `days` consecutive Gregorian days from `month`/`day`.
    Solar {
        /// The first day's month.
        month: u32,
        /// The first day's day of month.
        day: u32,
        /// How many days.
        days: u32,
    },
    /// `days` consecutive days from 除夕 (`from_eve`) or from 正月初一.
    SpringFestival {
        /// Whether the holiday starts on 除夕 (the day before 正月初一).
        from_eve: bool,
        /// How many days.
        days: u32,
    },
    /// The 清明 solar-term day (农历清明当日), one day.
    Qingming,
    /// 五月初五 (农历端午当日), one day.
    DragonBoat,
    /// 八月十五 (农历中秋当日), one day.
    MidAutumn,
}

/// One holiday for all citizens in a version of the statute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatutoryHoliday {
    /// The holiday's name as used in `policies/calendar/*.toml` (元旦, 春节, 清明节, 劳动节, 端午节,
    /// 中秋节, 国庆节).
    pub name: &'static str,
    /// Which days it covers.
    pub rule: HolidayRule,
}

/// A version of Art. 2 of 《全国年节及纪念日放假办法》, in force from 1 January of `from_year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatuteVersion {
    /// The first year the version applies to (in force from 1 January).
    pub from_year: i32,
    /// The instrument that made this version.
    pub title: &'static str,
    /// The citation, with what is and is not confirmed.
    pub source: &'static str,
    /// How well the version's content (and citation) is established.
    pub confidence: Confidence,
    /// The holidays for all citizens, in the statute's order.
    pub holidays: &'static [StatutoryHoliday],
}

const fn solar(name: &'static str, month: u32, day: u32, days: u32) -> StatutoryHoliday {
    StatutoryHoliday { name, rule: HolidayRule::Solar { month, day, days } }
}

const fn lunar_rule(name: &'static str, rule: HolidayRule) -> StatutoryHoliday {
    StatutoryHoliday { name, rule }
}

const V1999: &[StatutoryHoliday] = &[
    solar(NEW_YEAR, 1, 1, 1),
    lunar_rule(SPRING_FESTIVAL, HolidayRule::SpringFestival { from_eve: false, days: 3 }),
    solar(LABOUR_DAY, 5, 1, 3),
    solar(NATIONAL_DAY, 10, 1, 3),
];

const V2008: &[StatutoryHoliday] = &[
    solar(NEW_YEAR, 1, 1, 1),
    lunar_rule(SPRING_FESTIVAL, HolidayRule::SpringFestival { from_eve: true, days: 3 }),
    lunar_rule(QINGMING, HolidayRule::Qingming),
    solar(LABOUR_DAY, 5, 1, 1),
    lunar_rule(DRAGON_BOAT, HolidayRule::DragonBoat),
    lunar_rule(MID_AUTUMN, HolidayRule::MidAutumn),
    solar(NATIONAL_DAY, 10, 1, 3),
];

const V2014: &[StatutoryHoliday] = &[
    solar(NEW_YEAR, 1, 1, 1),
    lunar_rule(SPRING_FESTIVAL, HolidayRule::SpringFestival { from_eve: false, days: 3 }),
    lunar_rule(QINGMING, HolidayRule::Qingming),
    solar(LABOUR_DAY, 5, 1, 1),
    lunar_rule(DRAGON_BOAT, HolidayRule::DragonBoat),
    lunar_rule(MID_AUTUMN, HolidayRule::MidAutumn),
    solar(NATIONAL_DAY, 10, 1, 3),
];

const V2025: &[StatutoryHoliday] = &[
    solar(NEW_YEAR, 1, 1, 1),
    lunar_rule(SPRING_FESTIVAL, HolidayRule::SpringFestival { from_eve: true, days: 4 }),
    lunar_rule(QINGMING, HolidayRule::Qingming),
    solar(LABOUR_DAY, 5, 1, 2),
    lunar_rule(DRAGON_BOAT, HolidayRule::DragonBoat),
    lunar_rule(MID_AUTUMN, HolidayRule::MidAutumn),
    solar(NATIONAL_DAY, 10, 1, 3),
];

/// The versions, oldest first.
const VERSIONS: &[StatuteVersion] = &[
    StatuteVersion {
        from_year: 2000,
        title: "国务院关于修改《全国年节及纪念日放假办法》的决定（1999-09-18）",
        source: "《全国年节及纪念日放假办法》as revised by the decision of 1999-09-18 (first revision; date \
                 confirmed by the revision history printed with the 2013 text): 新年 1 day; 春节 3 days \
                 (正月初一至初三); 劳动节 3 days (5/1–5/3); 国庆节 3 days (10/1–10/3). Decided 1999-09-18; \
                 used here from 2000, the first year of the festival table. The day list and decree \
                 number (国务院令第270号) are [U], not checked against a primary text. Listed so that projections of 2000–2007 have a basis.",
        confidence: Confidence::Unconfirmed,
        holidays: V1999,
    },
    StatuteVersion {
        from_year: 2008,
        title: "国务院关于修改《全国年节及纪念日放假办法》的决定（国务院令第513号）",
        source: "国务院令第513号, 2007-12-14, in force 2008-01-01 (second revision): 元旦 1; 春节 3 (除夕、\
                 正月初一、初二); 清明节 1; 劳动节 1 (5/1); 端午节 1; 中秋节 1; 国庆节 3 (10/1–10/3). \
                 Decree number, date and Art. 2 seen in faithful copies of the decree [C].",
        confidence: Confidence::Confirmed,
        holidays: V2008,
    },
    StatuteVersion {
        from_year: 2014,
        title: "国务院关于修改《全国年节及纪念日放假办法》的决定（国务院令第644号）",
        source: "国务院令第644号, 2013-12-11, in force 2014-01-01 (third revision): 春节 3 (正月初一、初二、\
                 初三), otherwise as 2008. Decree number, date and text seen in a copy of the State \
                 Council's own publication [C]; the pre-2025 day counts agree with NATIONAL.md §2 [C].",
        confidence: Confidence::Confirmed,
        holidays: V2014,
    },
    StatuteVersion {
        from_year: 2025,
        title: "国务院关于修改《全国年节及纪念日放假办法》的决定（2024-11-10）",
        source: "国务院关于修改《全国年节及纪念日放假办法》的决定, 2024-11-10, in force 2025-01-01 (fourth \
                 revision): 元旦 1; 春节 4 (除夕、正月初一至初三); 清明节 1; 劳动节 2 (5/1、5/2); 端午节 1; \
                 中秋节 1; 国庆节 3 (10/1–10/3); new Art. 7 on 调休. Content and date [C] (NATIONAL.md §2); \
                 the decree number (国务院令第795号) is from memory and not confirmed in a primary text [U].",
        confidence: Confidence::Secondary,
        holidays: V2025,
    },
];

/// Every known version, oldest first.
pub fn versions() -> &'static [StatuteVersion] {
    VERSIONS
}

/// The version in force in `year` (amendments take effect on 1 January), or `None` before the
/// first version on file (2000).
///
/// ```
/// use credit_core::calendar::statute::in_force;
///
/// assert_eq!(in_force(2024).map(|v| v.from_year), Some(2014));
/// assert_eq!(in_force(2025).map(|v| v.from_year), Some(2025));
/// assert!(in_force(1990).is_none());
/// ```
pub fn in_force(year: i32) -> Option<&'static StatuteVersion> {
    VERSIONS.iter().rev().find(|v| v.from_year <= year)
}

/// The days of one holiday under `rule` in `year`, or `None` when the festival dates of `year` are
/// not in [`lunar`]'s table (or a date cannot be represented).
pub fn holiday_days(rule: HolidayRule, year: i32) -> Option<Vec<NaiveDate>> {
    let run = |first: NaiveDate, days: u32| -> Vec<NaiveDate> {
        first.iter_days().take(usize::try_from(days).unwrap_or(0)).collect()
    };
    let festivals = || lunar::festivals(year);
    Some(match rule {
        HolidayRule::Solar { month, day, days } => run(NaiveDate::from_ymd_opt(year, month, day)?, days),
        HolidayRule::SpringFestival { from_eve, days } => {
            let f = festivals()?;
            let first = if from_eve { f.eve()? } else { f.spring_festival };
            run(first, days)
        }
        HolidayRule::Qingming => vec![festivals()?.qingming],
        HolidayRule::DragonBoat => vec![festivals()?.dragon_boat],
        HolidayRule::MidAutumn => vec![festivals()?.mid_autumn],
    })
}

/// Every statutory holiday date of `year` with its holiday's name, sorted by date (then name), under
/// the version in force that year. `None` when no version is in force or the festival dates of the
/// year are unknown. A day that two holidays share (中秋节 on 1–3 October) is listed once per
/// holiday.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::calendar::statute::statutory_days;
///
/// let days = statutory_days(2024).ok_or("no data")?;
/// assert_eq!(days.len(), 11);
/// assert_eq!(days.first(), Some(&(NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("bad date")?, "元旦")));
/// # Ok(())
/// # }
/// ```
pub fn statutory_days(year: i32) -> Option<Vec<(NaiveDate, &'static str)>> {
    let version = in_force(year)?;
    let mut days = Vec::new();
    for h in version.holidays {
        for d in holiday_days(h.rule, year)? {
            if d.year() == year {
                days.push((d, h.name));
            }
        }
    }
    days.sort_unstable();
    Some(days)
}

/// The statutory days of `year.year` that lie in none of `year`'s rest periods: a published year
/// file should rest on every statutory day, so a non-empty answer is a data error (a year file
/// with no rest periods at all gives every statutory day). Empty when [`statutory_days`] has no
/// answer for the year (nothing to check against).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::calendar::{national, statute::missing_statutory_days};
///
/// let cal = national().map_err(|e| format!("{e:?}"))?;
/// for year in cal.years() {
///     assert!(missing_statutory_days(year).is_empty());
/// }
/// # Ok(())
/// # }
/// ```
pub fn missing_statutory_days(year: &CalendarYear) -> Vec<(NaiveDate, &'static str)> {
    let Some(days) = statutory_days(year.year) else {
        return Vec::new();
    };
    days.into_iter().filter(|(d, _)| !year.rest.iter().any(|r| r.from <= *d && *d <= r.until)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_sorted_and_counted() {
        assert!(VERSIONS.windows(2).all(|w| w[0].from_year < w[1].from_year));
        let count = |y| statutory_days(y).map(|d| d.len());
        assert_eq!(count(2013), Some(11));
        assert_eq!(count(2014), Some(11));
        assert_eq!(count(2025), Some(13));
        assert_eq!(count(2005), Some(10));
        assert_eq!(count(1999), None);
        assert_eq!(count(lunar::LAST_YEAR + 1), None);
    }
}
