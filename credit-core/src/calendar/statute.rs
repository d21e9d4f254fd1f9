//! Placeholder (replaced by the statute data).
use super::CalendarYear;
use chrono::NaiveDate;
/// Statutory days missing from a year file.
pub fn missing_statutory_days(_year: &CalendarYear) -> Vec<(NaiveDate, &'static str)> {
    Vec::new()
}
