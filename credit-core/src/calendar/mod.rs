//! Working-day calendar and Civil Code period arithmetic.
//!
//! Two halves live here, and every other part of the crate counts time through them:
//!
//! * **Civil Code arithmetic** (民法典 Arts. 200–204), which needs no calendar: [`add_days`],
//!   [`add_months`], [`add_years`] and [`period_last_day`]. A period counted in days, months or
//!   years starts the day after its trigger; month and year periods end on the corresponding day
//!   of the final month, or on that month's last day when there is none.
//! * **The national working-day calendar** ([`Calendar`]), built from one TOML file per year
//!   (`policies/calendar/<year>.toml`) that encodes that year's State Council notice: the rest
//!   periods (holidays and the weekends joined to them) and the make-up working days (调休).
//!   Working days are Monday–Friday outside rest periods, plus make-up days.
//!
//! A date outside the covered years is always a [`CoverageError`], never a weekend-only guess —
//! also when working-day arithmetic walks past the last covered day.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use credit_core::calendar::{national, period_last_day, PeriodUnit};
//!
//! let cal = national().map_err(|errors| format!("{errors:?}"))?;
//! let filed = NaiveDate::from_ymd_opt(2025, 9, 26).ok_or("bad date")?;
//! // 15 working days across the 2025 National Day break.
//! let due = cal.add_working_days(filed, 15)?;
//! assert_eq!(due, NaiveDate::from_ymd_opt(2025, 10, 23).ok_or("bad date")?);
//!
//! // A 1-month period triggered on 2025-01-31 ends on 2025-02-28.
//! let trigger = NaiveDate::from_ymd_opt(2025, 1, 31).ok_or("bad date")?;
//! let last = period_last_day(trigger, 1, PeriodUnit::Months)?;
//! assert_eq!(last, NaiveDate::from_ymd_opt(2025, 2, 28).ok_or("bad date")?);
//! # Ok(())
//! # }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub mod lunar;
pub mod projection;
pub mod statute;

// ---------------------------------------------------------------------------------------------
// Civil Code arithmetic
// ---------------------------------------------------------------------------------------------

/// The unit a period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// Calendar days.
    Days,
    /// Calendar months (ending on the corresponding day, clamped to the month's end).
    Months,
    /// Calendar years (ending on the corresponding day, clamped to the month's end).
    Years,
}

impl fmt::Display for PeriodUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PeriodUnit::Days => "days",
            PeriodUnit::Months => "months",
            PeriodUnit::Years => "years",
        })
    }
}

/// Date arithmetic left the range of representable dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("adding `{amount}` {unit} to `{date}` leaves the supported date range")]
pub struct DateRangeError {
    /// The starting date.
    pub date: NaiveDate,
    /// The amount added (negative when subtracting).
    pub amount: i64,
    /// The unit of `amount`.
    pub unit: PeriodUnit,
}

impl DateRangeError {
    /// A stable machine-readable code: `"date_range"`.
    pub fn code(&self) -> &'static str {
        "date_range"
    }
}

/// Adds `n` calendar days (negative `n` subtracts).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::calendar::add_days;
///
/// let d = NaiveDate::from_ymd_opt(2024, 2, 28).ok_or("bad date")?;
/// assert_eq!(add_days(d, 2)?, NaiveDate::from_ymd_opt(2024, 3, 1).ok_or("bad date")?);
/// assert_eq!(add_days(d, -28)?, NaiveDate::from_ymd_opt(2024, 1, 31).ok_or("bad date")?);
/// # Ok(())
/// # }
/// ```
pub fn add_days(d: NaiveDate, n: i64) -> Result<NaiveDate, DateRangeError> {
    let days = Days::new(n.unsigned_abs());
    let result = if n >= 0 { d.checked_add_days(days) } else { d.checked_sub_days(days) };
    result.ok_or(DateRangeError { date: d, amount: n, unit: PeriodUnit::Days })
}

/// Adds `n` calendar months (negative `n` subtracts), clamping to the end of the target month
/// when it has no corresponding day (民法典 Art. 202).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::calendar::add_months;
///
/// let d = NaiveDate::from_ymd_opt(2024, 1, 31).ok_or("bad date")?;
/// assert_eq!(add_months(d, 1)?, NaiveDate::from_ymd_opt(2024, 2, 29).ok_or("bad date")?);
/// # Ok(())
/// # }
/// ```
pub fn add_months(d: NaiveDate, n: i32) -> Result<NaiveDate, DateRangeError> {
    months_from(d, i64::from(n), PeriodUnit::Months)
}

/// Adds `n` calendar years (negative `n` subtracts), clamping 29 February to 28 February in
/// common years.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::calendar::add_years;
///
/// let d = NaiveDate::from_ymd_opt(2024, 2, 29).ok_or("bad date")?;
/// assert_eq!(add_years(d, 1)?, NaiveDate::from_ymd_opt(2025, 2, 28).ok_or("bad date")?);
/// # Ok(())
/// # }
/// ```
pub fn add_years(d: NaiveDate, n: i32) -> Result<NaiveDate, DateRangeError> {
    let err = DateRangeError { date: d, amount: i64::from(n), unit: PeriodUnit::Years };
    let months = i64::from(n).checked_mul(12).ok_or_else(|| err.clone())?;
    months_from(d, months, PeriodUnit::Years).map_err(|_| err)
}

fn months_from(d: NaiveDate, months: i64, unit: PeriodUnit) -> Result<NaiveDate, DateRangeError> {
    let err = DateRangeError { date: d, amount: months, unit };
    let count = u32::try_from(months.unsigned_abs()).map_err(|_| err.clone())?;
    let result =
        if months >= 0 { d.checked_add_months(Months::new(count)) } else { d.checked_sub_months(Months::new(count)) };
    result.ok_or(err)
}

/// The last day of a period of `n` units triggered on `trigger`.
///
/// Counting starts the day after the trigger (民法典 Art. 201). For days the last day is
/// `trigger + n` (a 15-day period triggered on 2025-03-01 ends on 2025-03-16); for months and
/// years it is the corresponding day of the final month, or that month's last day when there is
/// no such day (Art. 202). This does not move the last day off a rest day: use
/// [`Calendar::roll_forward`] for that (Art. 203).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use chrono::NaiveDate;
/// use credit_core::calendar::{period_last_day, PeriodUnit};
///
/// let t = NaiveDate::from_ymd_opt(2025, 3, 1).ok_or("bad date")?;
/// assert_eq!(period_last_day(t, 15, PeriodUnit::Days)?, NaiveDate::from_ymd_opt(2025, 3, 16).ok_or("bad date")?);
/// let t = NaiveDate::from_ymd_opt(2023, 8, 31).ok_or("bad date")?;
/// assert_eq!(period_last_day(t, 6, PeriodUnit::Months)?, NaiveDate::from_ymd_opt(2024, 2, 29).ok_or("bad date")?);
/// # Ok(())
/// # }
/// ```
pub fn period_last_day(trigger: NaiveDate, n: u32, unit: PeriodUnit) -> Result<NaiveDate, DateRangeError> {
    let err = DateRangeError { date: trigger, amount: i64::from(n), unit };
    match unit {
        PeriodUnit::Days => add_days(trigger, i64::from(n)),
        PeriodUnit::Months => add_months(trigger, i32::try_from(n).map_err(|_| err)?),
        PeriodUnit::Years => add_years(trigger, i32::try_from(n).map_err(|_| err)?),
    }
}

// ---------------------------------------------------------------------------------------------
// Data files
// ---------------------------------------------------------------------------------------------

/// How well a fact is established (the marks of `NATIONAL.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// `C`: confirmed in a primary text or a faithful copy.
    #[serde(rename = "C")]
    Confirmed,
    /// `S`: from a secondary summary.
    #[serde(rename = "S")]
    Secondary,
    /// `U`: not confirmed.
    #[serde(rename = "U")]
    Unconfirmed,
}

/// A holiday break: consecutive rest days, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestPeriod {
    /// The holiday's name, e.g. `春节`.
    pub name: String,
    /// The first rest day.
    pub from: NaiveDate,
    /// The last rest day (inclusive).
    pub until: NaiveDate,
}

/// A make-up working day (调休): a Saturday or Sunday that is a working day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MakeUpDay {
    /// The day.
    pub on: NaiveDate,
    /// The holiday it makes up for (`for` in the data file).
    #[serde(rename = "for")]
    pub holiday: String,
}

/// One year's holiday arrangement, as read from `policies/calendar/<year>.toml`.
///
/// The file has a `[year]` table (`year`, `source`, `published`, `confidence`, `rule`) followed
/// by `[[rest]]` (`name`, `from`, `until`) and `[[workday]]` (`on`, `for`) entries; dates are
/// quoted `YYYY-MM-DD` strings and unknown keys are errors.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::calendar::CalendarYear;
///
/// let year: CalendarYear = toml::from_str(r#"
/// [year]
/// year = 2025
/// source = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
/// published = "2024-11-12"
/// confidence = "C"
///
/// [[rest]]
/// name = "元旦"
/// from = "2025-01-01"
/// until = "2025-01-01"
///
/// [[workday]]
/// on = "2025-01-26"
/// for = "春节"
/// "#)?;
/// assert_eq!(year.year, 2025);
/// assert_eq!(year.rest.len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(from = "CalendarFile")]
pub struct CalendarYear {
    /// The calendar year.
    pub year: i32,
    /// The citation of the notice the data encodes; must not be empty.
    pub source: String,
    /// When the notice was published.
    pub published: Option<NaiveDate>,
    /// How well the data is established.
    pub confidence: Confidence,
    /// The citation id of the rule, e.g. `NAT-2`.
    pub rule: Option<String>,
    /// The rest periods, in file order.
    pub rest: Vec<RestPeriod>,
    /// The make-up working days, in file order.
    pub workday: Vec<MakeUpDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    year: YearHeader,
    #[serde(default)]
    rest: Vec<RestPeriod>,
    #[serde(default)]
    workday: Vec<MakeUpDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearHeader {
    year: i32,
    #[serde(default)]
    source: String,
    #[serde(default)]
    published: Option<NaiveDate>,
    confidence: Confidence,
    #[serde(default)]
    rule: Option<String>,
}

impl From<CalendarFile> for CalendarYear {
    fn from(file: CalendarFile) -> Self {
        CalendarYear {
            year: file.year.year,
            source: file.year.source,
            published: file.year.published,
            confidence: file.year.confidence,
            rule: file.year.rule,
            rest: file.rest,
            workday: file.workday,
        }
    }
}

/// The bundled national calendar files, as `(file name, TOML content)` pairs.
pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
    const SOURCES: &[(&str, &str)] = &[
        ("2020.toml", include_str!("../../../policies/calendar/2020.toml")),
        ("2021.toml", include_str!("../../../policies/calendar/2021.toml")),
        ("2022.toml", include_str!("../../../policies/calendar/2022.toml")),
        ("2023.toml", include_str!("../../../policies/calendar/2023.toml")),
        ("2024.toml", include_str!("../../../policies/calendar/2024.toml")),
        ("2025.toml", include_str!("../../../policies/calendar/2025.toml")),
        ("2026.toml", include_str!("../../../policies/calendar/2026.toml")),
    ];
    SOURCES
}

/// The national working-day calendar built from the bundled files ([`embedded_sources`]).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::calendar::national;
///
/// let cal = national().map_err(|errors| format!("{errors:?}"))?;
/// assert_eq!(cal.coverage().0.to_string(), "2020-01-01");
/// # Ok(())
/// # }
/// ```
pub fn national() -> Result<Calendar, Vec<CalendarDataError>> {
    Calendar::from_toml_sources(embedded_sources())
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A date outside the years the calendar covers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("date `{date}` is outside the holiday calendar (covered: `{first}`..=`{last}`)")]
pub struct CoverageError {
    /// The date that is not covered.
    pub date: NaiveDate,
    /// The first covered day.
    pub first: NaiveDate,
    /// The last covered day.
    pub last: NaiveDate,
}

impl CoverageError {
    /// A stable machine-readable code: `"calendar_coverage"`.
    pub fn code(&self) -> &'static str {
        "calendar_coverage"
    }
}

/// Where in the calendar data a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataEntry {
    /// The file as a whole (it could not be parsed).
    File,
    /// The `[year]` table.
    Year,
    /// `rest[i]`, zero-based in file order.
    Rest(usize),
    /// `workday[i]`, zero-based in file order.
    Workday(usize),
}

impl fmt::Display for DataEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataEntry::File => f.write_str("file"),
            DataEntry::Year => f.write_str("`[year]`"),
            DataEntry::Rest(i) => write!(f, "`rest[{i}]`"),
            DataEntry::Workday(i) => write!(f, "`workday[{i}]`"),
        }
    }
}

/// What is wrong with the calendar data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataProblem {
    /// The file is not valid TOML or does not match the schema.
    #[error("cannot parse the file{}: {message}", position(*line, *column))]
    Parse {
        /// The parser's message.
        message: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
    },
    /// No year was given at all.
    #[error("the calendar has no years")]
    NoYears,
    /// The year is outside the range of representable dates.
    #[error("year `{year}` is not a supported calendar year")]
    UnsupportedYear {
        /// The year.
        year: i32,
    },
    /// The file name says one year, the content another.
    #[error("the file name `{file}` does not match year `{year}`")]
    FileNameMismatch {
        /// The file name.
        file: String,
        /// The year in the content.
        year: i32,
    },
    /// Two files for the same year.
    #[error("year `{year}` is given more than once")]
    DuplicateYear {
        /// The year.
        year: i32,
    },
    /// Years missing between two covered years.
    #[error("coverage has a gap: years `{from}`..=`{until}` are missing")]
    Gap {
        /// The first missing year.
        from: i32,
        /// The last missing year.
        until: i32,
    },
    /// The source citation is empty.
    #[error("the source citation is missing")]
    MissingCitation,
    /// A holiday name is empty.
    #[error("the holiday name is missing")]
    MissingName,
    /// A date is not in the file's year.
    #[error("date `{date}` is outside year `{year}`")]
    OutsideYear {
        /// The date.
        date: NaiveDate,
        /// The file's year.
        year: i32,
    },
    /// A rest period ends before it starts.
    #[error("the range is inverted: `from` `{from}` is after `until` `{until}`")]
    Inverted {
        /// The start.
        from: NaiveDate,
        /// The end.
        until: NaiveDate,
    },
    /// Two rest periods share days.
    #[error("the rest period overlaps `rest[{other}]`")]
    Overlap {
        /// The other rest period's index.
        other: usize,
    },
    /// A make-up day that is not a Saturday or Sunday.
    #[error("make-up working day `{date}` is a {weekday}, not a weekend day")]
    MakeUpNotWeekend {
        /// The day.
        date: NaiveDate,
        /// Its weekday.
        weekday: Weekday,
    },
    /// A make-up day inside a rest period.
    #[error("make-up working day `{date}` falls inside `rest[{rest}]`")]
    MakeUpInRest {
        /// The day.
        date: NaiveDate,
        /// The rest period's index.
        rest: usize,
    },
    /// The same make-up day listed twice.
    #[error("make-up working day `{date}` is also `workday[{other}]`")]
    DuplicateMakeUp {
        /// The day.
        date: NaiveDate,
        /// The other entry's index.
        other: usize,
    },
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    }
}

/// One problem in the calendar data: which file and year, which entry, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("calendar data{}{}, {entry}: {problem}", file_part(file.as_deref()), year_part(*year))]
pub struct CalendarDataError {
    /// The file name, when the data came from files.
    pub file: Option<String>,
    /// The year, when known.
    pub year: Option<i32>,
    /// The entry at fault.
    pub entry: DataEntry,
    /// What is wrong.
    pub problem: DataProblem,
}

impl CalendarDataError {
    /// A stable machine-readable code: `"calendar_data"`.
    pub fn code(&self) -> &'static str {
        "calendar_data"
    }

    fn new(year: Option<i32>, entry: DataEntry, problem: DataProblem) -> Self {
        CalendarDataError { file: None, year, entry, problem }
    }
}

fn file_part(file: Option<&str>) -> String {
    file.map(|f| format!(" `{f}`")).unwrap_or_default()
}

fn year_part(year: Option<i32>) -> String {
    year.map(|y| format!(" year `{y}`")).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------------

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// Monday to Friday, no holiday.
    Workday,
    /// Saturday or Sunday, no holiday and no make-up.
    Weekend,
    /// A rest day of a holiday break (including the weekend days joined to it).
    Holiday {
        /// The holiday's name.
        name: String,
    },
    /// A weekend day that is a working day (调休).
    MakeUpWorkday {
        /// The holiday it makes up for.
        name: String,
    },
}

impl DayKind {
    /// Whether the day is a working day.
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUpWorkday { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Workday,
    Weekend,
    Holiday(usize),
    MakeUp(usize),
}

impl Slot {
    fn is_working(self) -> bool {
        matches!(self, Slot::Workday | Slot::MakeUp(_))
    }
}

/// An immutable, validated working-day calendar covering a contiguous run of years.
///
/// Lookups are O(1) (one table entry per covered day); working-day counts use a prefix sum.
/// Any date outside the covered years gives a [`CoverageError`].
#[derive(Clone, PartialEq, Eq)]
pub struct Calendar {
    years: Vec<CalendarYear>,
    first: NaiveDate,
    last: NaiveDate,
    names: Vec<String>,
    days: Vec<Slot>,
    /// `cumulative[i]`: working days among `days[0..=i]`.
    cumulative: Vec<u32>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("version", &self.version())
            .field("first", &self.first)
            .field("last", &self.last)
            .finish_non_exhaustive()
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn validate_year(y: &CalendarYear, errors: &mut Vec<CalendarDataError>) {
    let year = Some(y.year);
    let err = |entry, problem| CalendarDataError::new(year, entry, problem);
    if y.source.trim().is_empty() {
        errors.push(err(DataEntry::Year, DataProblem::MissingCitation));
    }
    let in_year = |d: NaiveDate| d.year() == y.year;
    for (i, r) in y.rest.iter().enumerate() {
        if r.name.trim().is_empty() {
            errors.push(err(DataEntry::Rest(i), DataProblem::MissingName));
        }
        for d in [r.from, r.until] {
            if !in_year(d) {
                errors.push(err(DataEntry::Rest(i), DataProblem::OutsideYear { date: d, year: y.year }));
            }
        }
        if r.from > r.until {
            errors.push(err(DataEntry::Rest(i), DataProblem::Inverted { from: r.from, until: r.until }));
        }
    }
    // Overlaps among well-formed ranges, reported once per pair on the later entry.
    for (i, r) in y.rest.iter().enumerate() {
        if r.from > r.until {
            continue;
        }
        for (j, other) in y.rest.iter().enumerate().take(i) {
            if other.from <= other.until && r.from <= other.until && other.from <= r.until {
                errors.push(err(DataEntry::Rest(i), DataProblem::Overlap { other: j }));
            }
        }
    }
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (i, w) in y.workday.iter().enumerate() {
        if w.holiday.trim().is_empty() {
            errors.push(err(DataEntry::Workday(i), DataProblem::MissingName));
        }
        if !in_year(w.on) {
            errors.push(err(DataEntry::Workday(i), DataProblem::OutsideYear { date: w.on, year: y.year }));
        }
        if !is_weekend(w.on) {
            errors.push(err(
                DataEntry::Workday(i),
                DataProblem::MakeUpNotWeekend { date: w.on, weekday: w.on.weekday() },
            ));
        }
        if let Some(rest) = y.rest.iter().position(|r| r.from <= w.on && w.on <= r.until) {
            errors.push(err(DataEntry::Workday(i), DataProblem::MakeUpInRest { date: w.on, rest }));
        }
        if let Some(&other) = seen.get(&w.on) {
            errors.push(err(DataEntry::Workday(i), DataProblem::DuplicateMakeUp { date: w.on, other }));
        } else {
            seen.insert(w.on, i);
        }
    }
}

impl Calendar {
    /// Validates the years and builds the calendar, reporting every problem at once.
    ///
    /// Checks: at least one year; no duplicate year; contiguous years (no gaps); a non-empty
    /// source citation; every date within its file's year; `from <= until`; no overlapping rest
    /// periods; make-up days on a Saturday or Sunday, outside every rest period, and listed once.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::{Calendar, CalendarYear, Confidence, RestPeriod};
    ///
    /// let year = CalendarYear {
    ///     year: 2025,
    ///     source: "国办发明电〔2024〕12号".into(),
    ///     published: None,
    ///     confidence: Confidence::Confirmed,
    ///     rule: None,
    ///     rest: vec![RestPeriod {
    ///         name: "元旦".into(),
    ///         from: NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?,
    ///         until: NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?,
    ///     }],
    ///     workday: vec![],
    /// };
    /// let cal = Calendar::new(vec![year]).map_err(|errors| format!("{errors:?}"))?;
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?)?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(years: Vec<CalendarYear>) -> Result<Calendar, Vec<CalendarDataError>> {
        let mut errors = Vec::new();
        let mut years = years;
        years.sort_by_key(|y| y.year);

        if years.is_empty() {
            errors.push(CalendarDataError::new(None, DataEntry::Year, DataProblem::NoYears));
        }
        let mut previous: Option<i32> = None;
        for y in &years {
            if NaiveDate::from_ymd_opt(y.year, 1, 1).is_none() || NaiveDate::from_ymd_opt(y.year, 12, 31).is_none() {
                errors.push(CalendarDataError::new(
                    Some(y.year),
                    DataEntry::Year,
                    DataProblem::UnsupportedYear { year: y.year },
                ));
            }
            if let Some(p) = previous {
                if p == y.year {
                    errors.push(CalendarDataError::new(
                        Some(y.year),
                        DataEntry::Year,
                        DataProblem::DuplicateYear { year: y.year },
                    ));
                } else if let (Some(from), Some(until)) = (p.checked_add(1), y.year.checked_sub(1)) {
                    if from <= until {
                        errors.push(CalendarDataError::new(
                            Some(y.year),
                            DataEntry::Year,
                            DataProblem::Gap { from, until },
                        ));
                    }
                }
            }
            previous = Some(y.year);
            validate_year(y, &mut errors);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Self::build(years).map_err(|problem| vec![problem])
    }

    /// Builds the table from validated, sorted, contiguous years.
    fn build(years: Vec<CalendarYear>) -> Result<Calendar, CalendarDataError> {
        let internal = |problem| CalendarDataError::new(None, DataEntry::Year, problem);
        let (first_year, last_year) = match (years.first(), years.last()) {
            (Some(f), Some(l)) => (f.year, l.year),
            _ => return Err(internal(DataProblem::NoYears)),
        };
        let first = NaiveDate::from_ymd_opt(first_year, 1, 1)
            .ok_or_else(|| internal(DataProblem::UnsupportedYear { year: first_year }))?;
        let last = NaiveDate::from_ymd_opt(last_year, 12, 31)
            .ok_or_else(|| internal(DataProblem::UnsupportedYear { year: last_year }))?;

        let mut names: Vec<String> = Vec::new();
        let mut name_index = |name: &str| -> usize {
            if let Some(i) = names.iter().position(|n| n == name) {
                i
            } else {
                names.push(name.to_owned());
                names.len().saturating_sub(1)
            }
        };
        let mut special: BTreeMap<NaiveDate, Slot> = BTreeMap::new();
        for y in &years {
            for r in &y.rest {
                let slot = Slot::Holiday(name_index(&r.name));
                for d in r.from.iter_days().take_while(|d| *d <= r.until) {
                    special.insert(d, slot);
                }
            }
            for w in &y.workday {
                special.insert(w.on, Slot::MakeUp(name_index(&w.holiday)));
            }
        }

        let mut days = Vec::new();
        let mut cumulative = Vec::new();
        let mut count: u32 = 0;
        for d in first.iter_days().take_while(|d| *d <= last) {
            let slot = match special.get(&d) {
                Some(s) => *s,
                None if is_weekend(d) => Slot::Weekend,
                None => Slot::Workday,
            };
            if slot.is_working() {
                count = count.saturating_add(1);
            }
            days.push(slot);
            cumulative.push(count);
        }
        Ok(Calendar { years, first, last, names, days, cumulative })
    }

    /// Parses `(file name, TOML content)` pairs and builds the calendar, reporting every problem
    /// (parse errors and validation errors) at once, each with its file name.
    ///
    /// A file named like `2025.toml` must contain year 2025.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use credit_core::calendar::{embedded_sources, Calendar};
    ///
    /// let cal = Calendar::from_toml_sources(embedded_sources()).map_err(|e| format!("{e:?}"))?;
    /// assert_eq!(cal.version(), "cn-holidays 2020–2026 (published 2019-11-21..2025-11-04)");
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_toml_sources(files: &[(&str, &str)]) -> Result<Calendar, Vec<CalendarDataError>> {
        let mut errors = Vec::new();
        let mut years = Vec::new();
        let mut file_of_year: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
        for (name, content) in files {
            match toml::from_str::<CalendarYear>(content) {
                Ok(y) => {
                    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
                    let stem = stem.strip_suffix(".toml").unwrap_or(stem);
                    if let Ok(named) = stem.parse::<i32>() {
                        if named != y.year {
                            errors.push(CalendarDataError {
                                file: Some((*name).to_owned()),
                                year: Some(y.year),
                                entry: DataEntry::Year,
                                problem: DataProblem::FileNameMismatch { file: (*name).to_owned(), year: y.year },
                            });
                        }
                    }
                    file_of_year.entry(y.year).or_default().insert((*name).to_owned());
                    years.push(y);
                }
                Err(e) => {
                    let (line, column) = match e.span() {
                        Some(span) => line_column(content, span.start),
                        None => (None, None),
                    };
                    errors.push(CalendarDataError {
                        file: Some((*name).to_owned()),
                        year: None,
                        entry: DataEntry::File,
                        problem: DataProblem::Parse { message: e.message().trim().to_owned(), line, column },
                    });
                }
            }
        }
        let parse_failed = errors.iter().any(|e| e.entry == DataEntry::File);
        match Calendar::new(years) {
            Ok(cal) if errors.is_empty() => Ok(cal),
            Ok(_) => Err(errors),
            Err(more) => {
                for mut e in more {
                    // A file that failed to parse explains its own gap.
                    if parse_failed && matches!(e.problem, DataProblem::Gap { .. } | DataProblem::NoYears) {
                        continue;
                    }
                    if let Some(files) = e.year.and_then(|y| file_of_year.get(&y)) {
                        let joined: Vec<&str> = files.iter().map(String::as_str).collect();
                        e.file = Some(joined.join(", "));
                    }
                    errors.push(e);
                }
                Err(errors)
            }
        }
    }

    /// The years the calendar was built from, sorted.
    pub fn years(&self) -> &[CalendarYear] {
        &self.years
    }

    /// The first and last covered day (1 January of the first year, 31 December of the last).
    pub fn coverage(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }

    /// Whether `d` is inside the coverage.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// A stable, deterministic version string built from the covered years and the publication
    /// dates of their notices, e.g. `cn-holidays 2020–2026 (published 2019-11-21..2025-11-04)`.
    pub fn version(&self) -> String {
        let mut v = format!("cn-holidays {}–{}", self.first.year(), self.last.year());
        let published: Vec<NaiveDate> = self.years.iter().filter_map(|y| y.published).collect();
        if let (Some(min), Some(max)) = (published.iter().min(), published.iter().max()) {
            v.push_str(&format!(" (published {min}..{max})"));
        }
        v
    }

    fn coverage_error(&self, date: NaiveDate) -> CoverageError {
        CoverageError { date, first: self.first, last: self.last }
    }

    fn index(&self, d: NaiveDate) -> Result<usize, CoverageError> {
        if !self.covers(d) {
            return Err(self.coverage_error(d));
        }
        usize::try_from(d.signed_duration_since(self.first).num_days()).map_err(|_| self.coverage_error(d))
    }

    fn slot(&self, d: NaiveDate) -> Result<Slot, CoverageError> {
        let i = self.index(d)?;
        self.days.get(i).copied().ok_or_else(|| self.coverage_error(d))
    }

    fn cumulative_at(&self, d: NaiveDate) -> Result<u32, CoverageError> {
        let i = self.index(d)?;
        self.cumulative.get(i).copied().ok_or_else(|| self.coverage_error(d))
    }

    /// The day after the last covered day: where a walk past the coverage fails.
    fn past_end(&self) -> NaiveDate {
        self.last.succ_opt().unwrap_or(self.last)
    }

    /// Whether `d` is a working day (Monday–Friday outside rest periods, or a make-up day).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::national;
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// // Saturday 2025-10-11 is a make-up working day.
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2025, 10, 11).ok_or("bad date")?)?);
    /// // 2027 is not covered.
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2027, 1, 4).ok_or("bad date")?).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CoverageError> {
        Ok(self.slot(d)?.is_working())
    }

    /// What kind of day `d` is.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::{national, DayKind};
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// let kind = cal.day_kind(NaiveDate::from_ymd_opt(2025, 1, 29).ok_or("bad date")?)?;
    /// assert_eq!(kind, DayKind::Holiday { name: "春节".into() });
    /// # Ok(())
    /// # }
    /// ```
    pub fn day_kind(&self, d: NaiveDate) -> Result<DayKind, CoverageError> {
        let name = |i: usize| self.names.get(i).cloned().unwrap_or_default();
        Ok(match self.slot(d)? {
            Slot::Workday => DayKind::Workday,
            Slot::Weekend => DayKind::Weekend,
            Slot::Holiday(i) => DayKind::Holiday { name: name(i) },
            Slot::MakeUp(i) => DayKind::MakeUpWorkday { name: name(i) },
        })
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CoverageError> {
        self.add_working_days(d, 1)
    }

    /// `d` itself when it is a working day, otherwise the next working day.
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> Result<NaiveDate, CoverageError> {
        if self.is_working_day(d)? {
            Ok(d)
        } else {
            self.next_working_day(d)
        }
    }

    /// The `n`-th working day after `d` (the start day is not counted); `n = 0` gives `d`.
    ///
    /// Fails with a [`CoverageError`] when `d` is not covered or when the count runs past the
    /// last covered day (the error then names the first uncovered day).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::national;
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// let filed = NaiveDate::from_ymd_opt(2026, 2, 13).ok_or("bad date")?;
    /// assert_eq!(cal.add_working_days(filed, 15)?, NaiveDate::from_ymd_opt(2026, 3, 12).ok_or("bad date")?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> Result<NaiveDate, CoverageError> {
        let start = self.cumulative_at(d)?;
        if n == 0 {
            return Ok(d);
        }
        let target = start.checked_add(n).ok_or_else(|| self.coverage_error(self.past_end()))?;
        // The first day whose running count reaches the target is that working day.
        let j = self.cumulative.partition_point(|&c| c < target);
        if j >= self.cumulative.len() {
            return Err(self.coverage_error(self.past_end()));
        }
        let offset = u64::try_from(j).map_err(|_| self.coverage_error(self.past_end()))?;
        self.first.checked_add_days(Days::new(offset)).ok_or_else(|| self.coverage_error(self.past_end()))
    }

    /// The number of working days in `(from, to]`, so that
    /// `working_days_between(d, add_working_days(d, n)?)? == n`.
    ///
    /// When `to < from` the result is the negative mirror: `-working_days_between(to, from)`.
    /// Both dates must be covered.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CoverageError> {
        let a = i64::from(self.cumulative_at(from)?);
        let b = i64::from(self.cumulative_at(to)?);
        Ok(b - a)
    }

    /// Civil Code Art. 203: a period whose last day is a rest day (a holiday or a weekend day that
    /// is not a make-up working day) ends on the next working day; a working last day is returned
    /// unchanged.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::national;
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// let last = NaiveDate::from_ymd_opt(2025, 10, 4).ok_or("bad date")?;
    /// assert_eq!(cal.roll_forward(last)?, NaiveDate::from_ymd_opt(2025, 10, 9).ok_or("bad date")?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn roll_forward(&self, last_day: NaiveDate) -> Result<NaiveDate, CoverageError> {
        self.working_day_on_or_after(last_day)
    }
}

fn line_column(content: &str, offset: usize) -> (Option<usize>, Option<usize>) {
    let Some(before) = content.get(..offset) else {
        return (None, None);
    };
    let line = before.matches('\n').count().saturating_add(1);
    let column = before.rsplit('\n').next().map(|l| l.chars().count().saturating_add(1));
    (Some(line), column)
}
