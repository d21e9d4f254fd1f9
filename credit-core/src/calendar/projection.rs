//! Placeholder (replaced by the projection): solar holidays only.
use super::{CalendarYear, Confidence, RestPeriod};
use chrono::NaiveDate;
/// Method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProjectionMethod {
    /// Statutory days only.
    #[default]
    Statutory,
}
/// Project a year.
pub fn project(year: i32, _method: ProjectionMethod) -> Option<CalendarYear> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day);
    Some(CalendarYear {
        year,
        source: "placeholder".into(),
        published: None,
        confidence: Confidence::Unconfirmed,
        rule: Some("NAT-2".into()),
        rest: vec![
            RestPeriod { name: "元旦".into(), from: d(1, 1)?, until: d(1, 1)? },
            RestPeriod { name: "国庆节".into(), from: d(10, 1)?, until: d(10, 3)? },
        ],
        workday: vec![],
    })
}
