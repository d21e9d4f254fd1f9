//! The statute data of `calendar::statute` against the bundled year files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use chrono::NaiveDate;
use credit_core::calendar::statute::{in_force, missing_statutory_days, statutory_days};
use credit_core::calendar::{embedded_sources, CalendarYear};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn every_bundled_year_rests_on_every_statutory_day() {
    for (name, content) in embedded_sources() {
        let year: CalendarYear = toml::from_str(content).unwrap();
        let missing = missing_statutory_days(&year);
        assert!(missing.is_empty(), "{name}: {missing:?}");
        assert!(statutory_days(year.year).is_some(), "{name}");
    }
}

#[test]
fn a_year_file_without_rest_days_fails() {
    let (_, content) = embedded_sources().iter().find(|(n, _)| *n == "2025.toml").unwrap();
    let mut year: CalendarYear = toml::from_str(content).unwrap();
    year.rest.clear();
    assert_eq!(missing_statutory_days(&year).len(), 13);
}

#[test]
fn versions_by_year() {
    assert_eq!(in_force(2007).unwrap().from_year, 2000);
    assert_eq!(in_force(2008).unwrap().from_year, 2008);
    assert_eq!(in_force(2013).unwrap().from_year, 2008);
    assert_eq!(in_force(2014).unwrap().from_year, 2014);
    assert_eq!(in_force(2024).unwrap().from_year, 2014);
    assert_eq!(in_force(2025).unwrap().from_year, 2025);
    assert_eq!(in_force(2099).unwrap().from_year, 2025);
}

#[test]
fn known_statutory_days() {
    let days = statutory_days(2025).unwrap();
    let expected = [
        (ymd(2025, 1, 1), "元旦"),
        (ymd(2025, 1, 28), "春节"),
        (ymd(2025, 1, 29), "春节"),
        (ymd(2025, 1, 30), "春节"),
        (ymd(2025, 1, 31), "春节"),
        (ymd(2025, 4, 4), "清明节"),
        (ymd(2025, 5, 1), "劳动节"),
        (ymd(2025, 5, 2), "劳动节"),
        (ymd(2025, 5, 31), "端午节"),
        (ymd(2025, 10, 1), "国庆节"),
        (ymd(2025, 10, 2), "国庆节"),
        (ymd(2025, 10, 3), "国庆节"),
        (ymd(2025, 10, 6), "中秋节"),
    ];
    assert_eq!(days, expected);
    // 2024: 春节 from 正月初一 (2/10), 3 days; 劳动节 1 day.
    let days = statutory_days(2024).unwrap();
    let spring: Vec<_> = days.iter().filter(|(_, n)| *n == "春节").map(|(d, _)| *d).collect();
    assert_eq!(spring, [ymd(2024, 2, 10), ymd(2024, 2, 11), ymd(2024, 2, 12)]);
    // 2013 (2008 version): 春节 from 除夕.
    let days = statutory_days(2013).unwrap();
    let spring: Vec<_> = days.iter().filter(|(_, n)| *n == "春节").map(|(d, _)| *d).collect();
    assert_eq!(spring, [ymd(2013, 2, 9), ymd(2013, 2, 10), ymd(2013, 2, 11)]);
    // 2020: 中秋 falls on National Day; both are listed.
    let days = statutory_days(2020).unwrap();
    assert!(days.contains(&(ymd(2020, 10, 1), "中秋节")) && days.contains(&(ymd(2020, 10, 1), "国庆节")));
}
