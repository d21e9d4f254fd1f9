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
//! A year whose notice is not on file is **projected** from the statute (《全国年节及纪念日放假办法》
//! in force that year: [`statute`], [`lunar`], [`projection`]); every answer that used a projected
//! day says so ([`Reckoned`]), and a strict calendar ([`CalendarMode::Strict`]) refuses such a day
//! with a [`CoverageError`] instead. Never a weekend-only guess.
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

pub mod lunar;
pub mod projection;
#[cfg(feature = "snapshot")]
pub(crate) mod resolved;
pub mod statute;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

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

pub use crate::vocab::Confidence;

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
#[cfg(feature = "toml")]
pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
    crate::embedded::CALENDAR
}

/// The national working-day calendar built from the bundled files ([`embedded_sources`]).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::calendar::national;
///
/// let cal = national().map_err(|errors| format!("{errors:?}"))?;
/// assert_eq!(cal.coverage().ok_or("no years")?.0.to_string(), "2020-01-01");
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "toml")]
pub fn national() -> Result<Calendar, Vec<CalendarDataError>> {
    Calendar::from_toml_sources(embedded_sources())
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a day could not be classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Uncovered {
    /// The year has no State Council notice on file and the calendar is strict
    /// ([`CalendarMode::Strict`]), so its projection may not be used.
    Unpublished {
        /// The year whose notice is missing.
        year: i32,
    },
    /// The date lies outside every year the calendar can publish or project.
    Unsupported {
        /// The first day the calendar can classify.
        first: NaiveDate,
        /// The last day the calendar can classify.
        last: NaiveDate,
    },
}

/// A day the calendar cannot classify: a year with no notice on file in strict mode, or a date
/// outside the years the calendar can publish or project.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe_coverage(self))]
pub struct CoverageError {
    /// The first day that could not be classified.
    pub date: NaiveDate,
    /// Why.
    pub reason: Uncovered,
}

fn describe_coverage(e: &CoverageError) -> String {
    match e.reason {
        Uncovered::Unpublished { year } => format!(
            "the State Council notice on the {year} holiday arrangement is not loaded and the calendar is strict: \
             `{}` cannot be classified",
            e.date
        ),
        Uncovered::Unsupported { first, last } => {
            format!("date `{}` is outside the years the calendar can publish or project (`{first}`..=`{last}`)", e.date)
        }
    }
}

impl CoverageError {
    /// A stable machine-readable code: `"calendar_coverage"`.
    pub fn code(&self) -> &'static str {
        "calendar_coverage"
    }

    /// The year whose notice is missing, or the year of the unsupported date.
    pub fn year(&self) -> i32 {
        match self.reason {
            Uncovered::Unpublished { year } => year,
            Uncovered::Unsupported { .. } => self.date.year(),
        }
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
    /// A year file that does not cite the date its notice was published.
    #[error("the notice's publication date (`published`) is missing")]
    MissingPublished,
    /// A statutory holiday of the 放假办法 in force that year that the file does not rest on.
    #[error("statutory holiday `{name}` on `{date}` is not inside any rest period")]
    MissingStatutoryHoliday {
        /// The statutory holiday day.
        date: NaiveDate,
        /// The holiday's name.
        name: String,
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

/// How the calendar answers for a year whose State Council notice is not on file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarMode {
    /// Project the year from the statute (《全国年节及纪念日放假办法》 in force that year) and
    /// report every answer that used a projected day as provisional ([`Reckoned::projected`]).
    #[default]
    Project,
    /// Refuse: a day of a year without a notice is a [`CoverageError`].
    Strict,
}

/// A set of calendar years (those whose days an answer used, or those projected), stored as a
/// bit set: copying it allocates nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct YearSet(u128);

impl YearSet {
    /// The first year a set can hold.
    pub const FIRST: i32 = 1990;
    /// The last year a set can hold.
    pub const LAST: i32 = YearSet::FIRST + 127;
    /// The empty set.
    pub const EMPTY: YearSet = YearSet(0);

    fn bit(year: i32) -> Option<u128> {
        let offset = u32::try_from(year.checked_sub(YearSet::FIRST)?).ok()?;
        1u128.checked_shl(offset)
    }

    /// Whether `year` is in the set.
    pub fn contains(self, year: i32) -> bool {
        YearSet::bit(year).is_some_and(|b| self.0 & b != 0)
    }

    /// The set with `year` added (years outside [`YearSet::FIRST`]..=[`YearSet::LAST`] are ignored).
    #[must_use]
    pub fn with(self, year: i32) -> YearSet {
        YearSet(self.0 | YearSet::bit(year).unwrap_or(0))
    }

    /// Both sets together.
    #[must_use]
    pub fn union(self, other: YearSet) -> YearSet {
        YearSet(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The years, ascending.
    pub fn iter(self) -> impl Iterator<Item = i32> {
        (YearSet::FIRST..=YearSet::LAST).filter(move |y| self.contains(*y))
    }

    /// The smallest year.
    pub fn first(self) -> Option<i32> {
        self.iter().next()
    }
}

impl fmt::Display for YearSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, y) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{y}")?;
        }
        Ok(())
    }
}

/// An answer of the working-day calendar together with the years whose days it used that were
/// **projected** rather than published. An answer with a non-empty `projected` set is provisional:
/// the State Council notice for those years may move holidays and make-up working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoned<T> {
    /// The answer.
    pub value: T,
    /// Years whose days the answer used and that have no notice on file.
    pub projected: YearSet,
}

impl<T> Reckoned<T> {
    /// Whether the answer rests on a projected day.
    pub fn is_provisional(&self) -> bool {
        !self.projected.is_empty()
    }
}

/// Where a calendar year's days come from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum YearStatus {
    /// A State Council notice is on file.
    Published {
        /// The notice's citation.
        source: String,
        /// When the notice was published.
        #[cfg_attr(feature = "ts", ts(as = "Option<crate::vocab::Date>"))]
        published: Option<NaiveDate>,
    },
    /// No notice is on file: projected from the statute.
    Projected {
        /// The statute the projection follows.
        source: String,
    },
}

/// One year the calendar can classify, and where its days come from
/// ([`Calendar::year_statuses`]).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearInfo {
    /// The calendar year.
    pub year: i32,
    /// Published or projected.
    #[serde(flatten)]
    pub status: YearStatus,
}

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

/// Working days counted from the table's first day: entry `i` is the number of working days in
/// `days[..=i]` (what makes a working-day count two lookups).
fn cumulative_working(days: &[Slot]) -> Vec<u32> {
    let mut cumulative = Vec::with_capacity(days.len());
    let mut count: u32 = 0;
    for slot in days {
        if slot.is_working() {
            count = count.saturating_add(1);
        }
        cumulative.push(count);
    }
    cumulative
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Workday,
    Weekend,
    Holiday(u16),
    MakeUp(u16),
    /// A day of a year with neither a notice nor a projection.
    Unknown,
}

impl Slot {
    fn is_working(self) -> bool {
        matches!(self, Slot::Workday | Slot::MakeUp(_))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Table {
    /// Published years, sorted.
    years: Vec<CalendarYear>,
    /// The statute citation of each projected year.
    projections: BTreeMap<i32, String>,
    first: NaiveDate,
    last: NaiveDate,
    names: Vec<String>,
    days: Vec<Slot>,
    /// `cumulative[i]`: working days among `days[0..=i]`.
    cumulative: Vec<u32>,
    projected: YearSet,
    unknown: YearSet,
    /// [`Calendar::version`], computed once (every decision names it).
    version: std::sync::Arc<str>,
}

/// An immutable, validated working-day calendar.
///
/// Years whose State Council notice is on file are **published**; every other year from
/// [`projection`]'s first to last supported year is **projected** from the statute. In the
/// default [`CalendarMode::Project`] the plain calls (`is_working_day`, `add_working_days`, …)
/// answer for projected years too, and the `*_reckoned` variants say which projected years an
/// answer used; in [`CalendarMode::Strict`] a projected day is a [`CoverageError`].
///
/// Lookups are O(1) (one table entry per day); working-day counts use a prefix sum. Cloning is
/// cheap (the table is shared).
#[derive(Clone, PartialEq, Eq)]
pub struct Calendar {
    table: std::sync::Arc<Table>,
    mode: CalendarMode,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("version", &self.version())
            .field("mode", &self.mode)
            .field("first", &self.table.first)
            .field("last", &self.table.last)
            .finish_non_exhaustive()
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn jan1(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 1, 1)
}

fn dec31(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// The projection of `year` by the default method, computed once per process for every projectable
/// year: projecting is deterministic, and every calendar (each policy load, each added year file)
/// needs the same years.
fn cached_projection(year: i32) -> Option<&'static CalendarYear> {
    static CACHE: std::sync::OnceLock<Vec<Option<CalendarYear>>> = std::sync::OnceLock::new();
    let (first, last) = projection_years()?;
    let cache = CACHE.get_or_init(|| {
        (first..=last).map(|y| projection::project(y, projection::ProjectionMethod::default())).collect()
    });
    let i = usize::try_from(year.checked_sub(first)?).ok()?;
    cache.get(i).and_then(Option::as_ref)
}

/// The years the calendar can hold: published years must lie here, and projection covers the
/// part of it for which lunar dates are known.
fn projection_years() -> Option<(i32, i32)> {
    let first = lunar::FIRST_YEAR.max(YearSet::FIRST);
    let last = lunar::LAST_YEAR.min(YearSet::LAST);
    (first <= last).then_some((first, last))
}

/// Lint one year file beyond its structure: the notice is cited with its publication date, and
/// every statutory holiday of the 放假办法 in force that year is a rest day (so a file with no rest
/// days is an error). [`Calendar::from_toml_sources`] and the policy loader run it on every file.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_core::calendar::{lint_year_file, CalendarYear};
///
/// let empty: CalendarYear = toml::from_str(r#"
/// [year]
/// year = 2027
/// source = "国务院办公厅关于2027年部分节假日安排的通知"
/// published = "2026-11-01"
/// confidence = "C"
/// "#)?;
/// let problems = lint_year_file(&empty);
/// assert!(!problems.is_empty()); // 元旦, 春节, … are missing
/// # Ok(())
/// # }
/// ```
pub fn lint_year_file(y: &CalendarYear) -> Vec<CalendarDataError> {
    let mut errors = Vec::new();
    validate_year(y, &mut errors);
    if y.published.is_none() {
        errors.push(CalendarDataError::new(Some(y.year), DataEntry::Year, DataProblem::MissingPublished));
    }
    if !errors.iter().any(|e| !matches!(e.problem, DataProblem::MissingPublished)) {
        // One problem per statutory holiday, at its first missing day (a broken range would
        // report its days twice, so only well-formed files are checked for completeness).
        let mut seen: Vec<&str> = Vec::new();
        for (date, name) in statute::missing_statutory_days(y) {
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            errors.push(CalendarDataError::new(
                Some(y.year),
                DataEntry::Year,
                DataProblem::MissingStatutoryHoliday { date, name: name.to_owned() },
            ));
        }
    }
    errors
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
    /// Validates the published years and builds the calendar (projecting every other supported
    /// year), reporting every problem at once.
    ///
    /// Checks: no duplicate year; years within [`YearSet::FIRST`]..=[`YearSet::LAST`]; a
    /// non-empty source citation; every date within its file's year; `from <= until`; no
    /// overlapping rest periods; make-up days on a Saturday or Sunday, outside every rest period,
    /// and listed once. Years need not be contiguous: a year in between is projected.
    /// [`lint_year_file`] adds the checks for files (publication date, statutory holidays).
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
        let mut previous: Option<i32> = None;
        for y in &years {
            if !(YearSet::FIRST..=YearSet::LAST).contains(&y.year) {
                errors.push(CalendarDataError::new(
                    Some(y.year),
                    DataEntry::Year,
                    DataProblem::UnsupportedYear { year: y.year },
                ));
            }
            if previous == Some(y.year) {
                errors.push(CalendarDataError::new(
                    Some(y.year),
                    DataEntry::Year,
                    DataProblem::DuplicateYear { year: y.year },
                ));
            }
            previous = Some(y.year);
            validate_year(y, &mut errors);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Self::shared_table(years).map(|table| Calendar { table, mode: CalendarMode::default() })
    }

    /// The day table for `years` (validated and sorted), shared with the last few calendars built
    /// in this process from the same published years. The table is a function of the published
    /// years alone (projections are deterministic), and building it walks every day of the
    /// supported range (~47,000), the largest part of loading a small policy set; every policy
    /// load builds a calendar, and loading the same policy files again (the linter after the
    /// loader, the bindings' engines, the tests) then costs a comparison of the year data.
    fn shared_table(years: Vec<CalendarYear>) -> Result<std::sync::Arc<Table>, Vec<CalendarDataError>> {
        /// How many distinct tables are kept (each about 0.4 MB).
        const KEEP: usize = 4;
        static RECENT: std::sync::Mutex<std::collections::VecDeque<std::sync::Arc<Table>>> =
            std::sync::Mutex::new(std::collections::VecDeque::new());
        // A poisoned lock (a panic elsewhere while holding it) only disables the sharing.
        if let Ok(recent) = RECENT.lock() {
            if let Some(table) = recent.iter().find(|t| t.years == years) {
                return Ok(std::sync::Arc::clone(table));
            }
        }
        let table = std::sync::Arc::new(Self::build(years)?);
        if let Ok(mut recent) = RECENT.lock() {
            if recent.len() >= KEEP {
                recent.pop_front();
            }
            recent.push_back(std::sync::Arc::clone(&table));
        }
        Ok(table)
    }

    /// Builds the day table from validated, sorted published years plus projections.
    fn build(years: Vec<CalendarYear>) -> Result<Table, Vec<CalendarDataError>> {
        let internal = |year: i32| {
            vec![CalendarDataError::new(Some(year), DataEntry::Year, DataProblem::UnsupportedYear { year })]
        };
        let published: Vec<i32> = years.iter().map(|y| y.year).collect();
        let range = projection_years();
        let first_year = match (published.first(), range) {
            (Some(p), Some((lo, _))) => (*p).min(lo),
            (Some(p), None) => *p,
            (None, Some((lo, _))) => lo,
            (None, None) => return Err(vec![CalendarDataError::new(None, DataEntry::Year, DataProblem::NoYears)]),
        };
        let last_year = match (published.last(), range) {
            (Some(p), Some((_, hi))) => (*p).max(hi),
            (Some(p), None) => *p,
            (None, Some((_, hi))) => hi,
            (None, None) => return Err(vec![CalendarDataError::new(None, DataEntry::Year, DataProblem::NoYears)]),
        };
        let first = jan1(first_year).ok_or_else(|| internal(first_year))?;
        let last = dec31(last_year).ok_or_else(|| internal(last_year))?;

        let mut names: Vec<String> = Vec::new();
        let mut name_index = |name: &str| -> u16 {
            let i = match names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    names.push(name.to_owned());
                    names.len().saturating_sub(1)
                }
            };
            u16::try_from(i).unwrap_or(u16::MAX)
        };
        let mut days: Vec<Slot> = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|d| if is_weekend(d) { Slot::Weekend } else { Slot::Workday })
            .collect();
        let index = |d: NaiveDate| usize::try_from(d.signed_duration_since(first).num_days()).ok();
        let mut projections = BTreeMap::new();
        let mut projected = YearSet::EMPTY;
        let mut unknown = YearSet::EMPTY;
        let mut by_year: BTreeMap<i32, &CalendarYear> = years.iter().map(|y| (y.year, y)).collect();
        let mut owned_projections = Vec::new();
        for year in first_year..=last_year {
            if by_year.contains_key(&year) {
                continue;
            }
            match cached_projection(year) {
                Some(p) => {
                    projections.insert(year, p.source.clone());
                    projected = projected.with(year);
                    owned_projections.push(p);
                }
                None => {
                    unknown = unknown.with(year);
                    if let (Some(a), Some(b)) = (jan1(year).and_then(index), dec31(year).and_then(index)) {
                        for slot in days.iter_mut().take(b.saturating_add(1)).skip(a) {
                            *slot = Slot::Unknown;
                        }
                    }
                }
            }
        }
        for p in owned_projections {
            by_year.insert(p.year, p);
        }
        for y in by_year.values() {
            for r in &y.rest {
                let slot = Slot::Holiday(name_index(&r.name));
                for d in r.from.iter_days().take_while(|d| *d <= r.until) {
                    if let Some(s) = index(d).and_then(|i| days.get_mut(i)) {
                        *s = slot;
                    }
                }
            }
            for w in &y.workday {
                let slot = Slot::MakeUp(name_index(&w.holiday));
                if let Some(s) = index(w.on).and_then(|i| days.get_mut(i)) {
                    *s = slot;
                }
            }
        }
        let cumulative = cumulative_working(&days);
        let version = version_of(&years);
        Ok(Table {
            years,
            projections,
            first,
            last,
            names,
            days,
            cumulative,
            projected,
            unknown,
            version: version.into(),
        })
    }

    /// Parses `(file name, TOML content)` pairs and builds the calendar, reporting every problem
    /// (parse errors, validation errors and the [`lint_year_file`] checks) at once, each with its
    /// file name.
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
    #[cfg(feature = "toml")]
    pub fn from_toml_sources(files: &[(&str, &str)]) -> Result<Calendar, Vec<CalendarDataError>> {
        let (years, mut errors) = parse_year_files(files);
        let lint: Vec<CalendarDataError> = years
            .iter()
            .flat_map(|(name, y)| {
                lint_year_file(y)
                    .into_iter()
                    .filter(|e| {
                        matches!(e.problem, DataProblem::MissingPublished | DataProblem::MissingStatutoryHoliday { .. })
                    })
                    .map(move |mut e| {
                        e.file = Some(name.clone());
                        e
                    })
            })
            .collect();
        errors.extend(lint);
        let file_of_year: BTreeMap<i32, std::collections::BTreeSet<String>> =
            years.iter().fold(BTreeMap::new(), |mut m, (name, y)| {
                m.entry(y.year).or_insert_with(std::collections::BTreeSet::new).insert(name.clone());
                m
            });
        match Calendar::new(years.into_iter().map(|(_, y)| y).collect()) {
            Ok(cal) if errors.is_empty() => Ok(cal),
            Ok(_) => Err(errors),
            Err(more) => {
                for mut e in more {
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

    /// The same calendar with more published years (year files added at run time, e.g. a notice
    /// published after this library was released). A year already published is an error; a year
    /// that was projected is replaced by its notice.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::national;
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// let monday = NaiveDate::from_ymd_opt(2027, 1, 4).ok_or("bad date")?;
    /// assert!(cal.is_working_day_reckoned(monday)?.is_provisional()); // 2027 is projected
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "toml")]
    pub fn with_year_files(&self, files: &[(&str, &str)]) -> Result<Calendar, Vec<CalendarDataError>> {
        let (extra, mut errors) = parse_year_files(files);
        for (name, y) in &extra {
            for mut e in lint_year_file(y) {
                e.file = Some(name.clone());
                errors.push(e);
            }
            if self.table.years.iter().any(|p| p.year == y.year) {
                let mut e =
                    CalendarDataError::new(Some(y.year), DataEntry::Year, DataProblem::DuplicateYear { year: y.year });
                e.file = Some(name.clone());
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut years = self.table.years.clone();
        years.extend(extra.into_iter().map(|(_, y)| y));
        Calendar::new(years).map(|c| c.with_mode(self.mode))
    }

    /// The same calendar in another mode (cheap: the table is shared).
    #[must_use]
    pub fn with_mode(&self, mode: CalendarMode) -> Calendar {
        Calendar { table: self.table.clone(), mode }
    }

    /// The same calendar over its own copy of the day table, sharing no reference count with
    /// this one (for a worker thread's engine: see `Engine::replica`; every decision names the
    /// calendar's version, shared text).
    #[must_use]
    pub(crate) fn private_copy(&self) -> Calendar {
        let t: &Table = &self.table;
        Calendar {
            table: std::sync::Arc::new(Table { version: std::sync::Arc::from(&*t.version), ..t.clone() }),
            mode: self.mode,
        }
    }

    /// The mode: project unpublished years (default) or refuse them.
    pub fn mode(&self) -> CalendarMode {
        self.mode
    }

    /// The published years, sorted.
    pub fn years(&self) -> &[CalendarYear] {
        &self.table.years
    }

    /// Every year the calendar can classify, published or projected, ascending.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use credit_core::calendar::{national, YearStatus};
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// let years = cal.year_statuses();
    /// let y2026 = years.iter().find(|y| y.year == 2026).ok_or("2026")?;
    /// assert!(matches!(y2026.status, YearStatus::Published { .. }));
    /// let y2027 = years.iter().find(|y| y.year == 2027).ok_or("2027")?;
    /// assert!(matches!(y2027.status, YearStatus::Projected { .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn year_statuses(&self) -> Vec<YearInfo> {
        let mut out: Vec<YearInfo> = self
            .table
            .years
            .iter()
            .map(|y| YearInfo {
                year: y.year,
                status: YearStatus::Published { source: y.source.clone(), published: y.published },
            })
            .collect();
        out.extend(
            self.table.projections.iter().map(|(year, source)| YearInfo {
                year: *year,
                status: YearStatus::Projected { source: source.clone() },
            }),
        );
        out.sort_by_key(|y| y.year);
        out
    }

    /// The years projected from the statute (no notice on file).
    pub fn projected_years(&self) -> YearSet {
        self.table.projected
    }

    /// Whether `year` has a notice on file.
    pub fn is_published(&self, year: i32) -> bool {
        self.table.years.iter().any(|y| y.year == year)
    }

    /// The first and last day of the published years (1 January of the first, 31 December of the
    /// last); `None` without published years.
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.table.years.first().and_then(|y| jan1(y.year))?;
        let last = self.table.years.last().and_then(|y| dec31(y.year))?;
        Some((first, last))
    }

    /// The first and last day the calendar can classify at all (published or projected).
    pub fn supported(&self) -> (NaiveDate, NaiveDate) {
        (self.table.first, self.table.last)
    }

    /// Whether `d` lies in a published year.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.is_published(d.year())
    }

    /// A stable, deterministic version string built from the published years and the publication
    /// dates of their notices, e.g. `cn-holidays 2020–2026 (published 2019-11-21..2025-11-04)`.
    pub fn version(&self) -> String {
        self.table.version.to_string()
    }

    /// [`Calendar::version`] plus the projected years an answer used, e.g.
    /// `cn-holidays 2020–2026 (published 2019-11-21..2025-11-04); projected from the statute: 2027`.
    pub fn version_with(&self, projected: YearSet) -> String {
        self.version_shared(projected).to_string()
    }

    /// [`Calendar::version_with`] as shared text: no copy when no year was projected (every
    /// decision names it).
    pub(crate) fn version_shared(&self, projected: YearSet) -> std::sync::Arc<str> {
        if projected.is_empty() {
            return std::sync::Arc::clone(&self.table.version);
        }
        std::sync::Arc::from(format!("{}; projected from the statute: {projected}", self.table.version))
    }

    fn unsupported(&self, date: NaiveDate) -> CoverageError {
        CoverageError { date, reason: Uncovered::Unsupported { first: self.table.first, last: self.table.last } }
    }

    fn index(&self, d: NaiveDate) -> Result<usize, CoverageError> {
        if d < self.table.first || d > self.table.last {
            return Err(self.unsupported(d));
        }
        usize::try_from(d.signed_duration_since(self.table.first).num_days()).map_err(|_| self.unsupported(d))
    }

    fn slot(&self, d: NaiveDate) -> Result<Slot, CoverageError> {
        let i = self.index(d)?;
        self.table.days.get(i).copied().ok_or_else(|| self.unsupported(d))
    }

    fn cumulative_at(&self, d: NaiveDate) -> Result<u32, CoverageError> {
        let i = self.index(d)?;
        self.table.cumulative.get(i).copied().ok_or_else(|| self.unsupported(d))
    }

    /// The projected years among the days `from..=to` (whose status an answer used), or the
    /// error the mode demands for them.
    fn used(&self, from: NaiveDate, to: NaiveDate) -> Result<YearSet, CoverageError> {
        let mut set = YearSet::EMPTY;
        for year in from.year()..=to.year() {
            let first_used = jan1(year).map_or(from, |j| j.max(from));
            if self.table.unknown.contains(year) {
                return Err(self.unsupported(first_used));
            }
            if self.table.projected.contains(year) {
                if self.mode == CalendarMode::Strict {
                    return Err(CoverageError { date: first_used, reason: Uncovered::Unpublished { year } });
                }
                set = set.with(year);
            }
        }
        Ok(set)
    }

    /// Whether `d` is a working day (Monday–Friday outside rest periods, or a make-up day), with
    /// the projected years the answer used.
    pub fn is_working_day_reckoned(&self, d: NaiveDate) -> Result<Reckoned<bool>, CoverageError> {
        let value = self.slot(d)?.is_working();
        Ok(Reckoned { value, projected: self.used(d, d)? })
    }

    /// Whether `d` is a working day (Monday–Friday outside rest periods, or a make-up day).
    ///
    /// In [`CalendarMode::Project`] a day of a year without a notice is answered from the
    /// projection (use [`Calendar::is_working_day_reckoned`] to know); in
    /// [`CalendarMode::Strict`] it is an error.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::NaiveDate;
    /// use credit_core::calendar::{national, CalendarMode};
    ///
    /// let cal = national().map_err(|e| format!("{e:?}"))?;
    /// // Saturday 2025-10-11 is a make-up working day.
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2025, 10, 11).ok_or("bad date")?)?);
    /// // 1 January 2027 is New Year's Day by statute, though the 2027 notice is not on file …
    /// let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).ok_or("bad date")?;
    /// assert!(!cal.is_working_day(new_year)?);
    /// // … and a strict calendar refuses to guess.
    /// assert!(cal.with_mode(CalendarMode::Strict).is_working_day(new_year).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CoverageError> {
        self.is_working_day_reckoned(d).map(|r| r.value)
    }

    /// What kind of day `d` is, with the projected years the answer used.
    pub fn day_kind_reckoned(&self, d: NaiveDate) -> Result<Reckoned<DayKind>, CoverageError> {
        let name = |i: u16| self.table.names.get(usize::from(i)).cloned().unwrap_or_default();
        let value = match self.slot(d)? {
            Slot::Workday => DayKind::Workday,
            Slot::Weekend => DayKind::Weekend,
            Slot::Holiday(i) => DayKind::Holiday { name: name(i) },
            Slot::MakeUp(i) => DayKind::MakeUpWorkday { name: name(i) },
            Slot::Unknown => return Err(self.unsupported(d)),
        };
        Ok(Reckoned { value, projected: self.used(d, d)? })
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
        self.day_kind_reckoned(d).map(|r| r.value)
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CoverageError> {
        self.add_working_days(d, 1)
    }

    /// `d` itself when it is a working day, otherwise the next working day.
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> Result<NaiveDate, CoverageError> {
        self.roll_forward(d)
    }

    /// The `n`-th working day after `d` (the start day is not counted; `n = 0` gives `d`), with
    /// the projected years among the days counted.
    pub fn add_working_days_reckoned(&self, d: NaiveDate, n: u32) -> Result<Reckoned<NaiveDate>, CoverageError> {
        let start = self.cumulative_at(d)?;
        if n == 0 {
            return Ok(Reckoned { value: d, projected: YearSet::EMPTY });
        }
        let past_end = self.table.last.succ_opt().unwrap_or(self.table.last);
        let target = start.checked_add(n).ok_or_else(|| self.unsupported(past_end))?;
        // The first day whose running count reaches the target is that working day.
        let j = self.table.cumulative.partition_point(|&c| c < target);
        if j >= self.table.cumulative.len() {
            return Err(self.unsupported(past_end));
        }
        let offset = u64::try_from(j).map_err(|_| self.unsupported(past_end))?;
        let value = self.table.first.checked_add_days(Days::new(offset)).ok_or_else(|| self.unsupported(past_end))?;
        let first_counted = d.succ_opt().unwrap_or(d);
        Ok(Reckoned { value, projected: self.used(first_counted, value)? })
    }

    /// The `n`-th working day after `d` (the start day is not counted); `n = 0` gives `d`.
    ///
    /// Fails with a [`CoverageError`] when a day it needs cannot be classified (outside the
    /// supported years, or a projected year in [`CalendarMode::Strict`]).
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
        self.add_working_days_reckoned(d, n).map(|r| r.value)
    }

    /// The number of working days in `(from, to]` (negative mirror when `to < from`), with the
    /// projected years among those days.
    pub fn working_days_between_reckoned(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Reckoned<i64>, CoverageError> {
        let a = i64::from(self.cumulative_at(from)?);
        let b = i64::from(self.cumulative_at(to)?);
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let projected = if lo == hi { YearSet::EMPTY } else { self.used(lo.succ_opt().unwrap_or(lo), hi)? };
        Ok(Reckoned { value: b - a, projected })
    }

    /// The number of working days in `(from, to]`, so that
    /// `working_days_between(d, add_working_days(d, n)?)? == n`.
    ///
    /// When `to < from` the result is the negative mirror: `-working_days_between(to, from)`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CoverageError> {
        self.working_days_between_reckoned(from, to).map(|r| r.value)
    }

    /// Civil Code Art. 203 with the projected years it used: see [`Calendar::roll_forward`].
    pub fn roll_forward_reckoned(&self, last_day: NaiveDate) -> Result<Reckoned<NaiveDate>, CoverageError> {
        let here = self.is_working_day_reckoned(last_day)?;
        if here.value {
            return Ok(here.map(|_| last_day));
        }
        let next = self.add_working_days_reckoned(last_day, 1)?;
        Ok(Reckoned { value: next.value, projected: next.projected.union(here.projected) })
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
        self.roll_forward_reckoned(last_day).map(|r| r.value)
    }
}

impl<T> Reckoned<T> {
    /// The same provenance, another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reckoned<U> {
        Reckoned { value: f(self.value), projected: self.projected }
    }

    /// An exact answer (no projected day used).
    pub fn exact(value: T) -> Reckoned<T> {
        Reckoned { value, projected: YearSet::EMPTY }
    }
}

/// Parse year files: every parsed year with its file name, and every parse or file-name problem.
#[cfg(feature = "toml")]
fn parse_year_files(files: &[(&str, &str)]) -> (Vec<(String, CalendarYear)>, Vec<CalendarDataError>) {
    let mut errors = Vec::new();
    let mut years = Vec::new();
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
                years.push(((*name).to_owned(), y));
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
    (years, errors)
}

#[cfg(feature = "toml")]
fn line_column(content: &str, offset: usize) -> (Option<usize>, Option<usize>) {
    let Some(before) = content.get(..offset) else {
        return (None, None);
    };
    let line = before.matches('\n').count().saturating_add(1);
    let column = before.rsplit('\n').next().map(|l| l.chars().count().saturating_add(1));
    (Some(line), column)
}

crate::vocab::display_as_serialized!(CalendarMode);

/// The version string of a calendar built from `years` (published years, sorted).
fn version_of(years: &[CalendarYear]) -> String {
    let numbers: Vec<i32> = years.iter().map(|y| y.year).collect();
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for y in numbers {
        match runs.last_mut() {
            Some((_, hi)) if hi.checked_add(1) == Some(y) => *hi = y,
            _ => runs.push((y, y)),
        }
    }
    let runs: Vec<String> = runs.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    let mut v = format!("cn-holidays {}", if runs.is_empty() { "none".to_owned() } else { runs.join(", ") });
    let published: Vec<NaiveDate> = years.iter().filter_map(|y| y.published).collect();
    if let (Some(min), Some(max)) = (published.iter().min(), published.iter().max()) {
        v.push_str(&format!(" (published {min}..{max})"));
    }
    v
}
