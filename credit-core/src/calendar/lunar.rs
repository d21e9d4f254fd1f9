//! Placeholder (replaced by the lunar table).
use chrono::NaiveDate;
/// First year.
pub const FIRST_YEAR: i32 = 2000;
/// Last year.
pub const LAST_YEAR: i32 = 2100;
/// Festivals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Festivals {
    /// 正月初一.
    pub spring_festival: NaiveDate,
}
/// Festivals of a year.
pub fn festivals(_year: i32) -> Option<Festivals> {
    None
}
