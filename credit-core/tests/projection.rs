//! Projected years: valid for every year of the festival table, statutory holidays never working,
//! and the principles' make-up days never on a statutory holiday.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use credit_core::calendar::lunar::{FIRST_YEAR, LAST_YEAR};
use credit_core::calendar::projection::{project, ProjectionMethod};
use credit_core::calendar::statute::statutory_days;
use credit_core::calendar::{national, Calendar, CalendarYear, Confidence};
use proptest::prelude::*;

const METHODS: [ProjectionMethod; 2] = [ProjectionMethod::Statutory, ProjectionMethod::Principles];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn calendar(year: i32, method: ProjectionMethod) -> (CalendarYear, Calendar) {
    let projected = project(year, method).unwrap_or_else(|| panic!("cannot project {year} {method:?}"));
    let cal = Calendar::new(vec![projected.clone()]).unwrap_or_else(|e| panic!("{year} {method:?}: {e:?}"));
    (projected, cal)
}

#[test]
fn every_year_projects_and_validates() {
    for year in FIRST_YEAR..=LAST_YEAR {
        for method in METHODS {
            let (y, _) = calendar(year, method);
            assert_eq!(y.year, year);
            assert_eq!(y.confidence, Confidence::Unconfirmed);
            assert_eq!(y.published, None);
            assert_eq!(y.rule.as_deref(), Some("NAT-2"));
            assert!(y.source.starts_with("projected from 《全国年节及纪念日放假办法》"), "{}", y.source);
            if method == ProjectionMethod::Statutory {
                assert!(y.workday.is_empty());
            }
        }
    }
    assert!(project(FIRST_YEAR - 1, ProjectionMethod::Principles).is_none());
    assert!(project(LAST_YEAR + 1, ProjectionMethod::Statutory).is_none());
}

#[test]
fn statutory_projection_rests_exactly_on_statutory_days() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let (y, _) = calendar(year, ProjectionMethod::Statutory);
        let statutory: BTreeSet<NaiveDate> = statutory_days(year).unwrap().into_iter().map(|(d, _)| d).collect();
        let rest: BTreeSet<NaiveDate> =
            y.rest.iter().flat_map(|r| r.from.iter_days().take_while(move |d| *d <= r.until)).collect();
        assert_eq!(rest, statutory, "{year}");
    }
}

#[test]
fn principles_reproduce_clean_published_years() {
    // Years whose notice followed the principles with no special case.
    let cal = national().unwrap();
    for published in cal.years().iter().filter(|y| [2021, 2022, 2023, 2025].contains(&y.year)) {
        let (_, projected) = calendar(published.year, ProjectionMethod::Principles);
        for d in ymd(published.year, 1, 1).iter_days().take_while(|d| d.year() == published.year) {
            assert_eq!(projected.is_working_day(d).unwrap(), cal.is_working_day(d).unwrap(), "{d}");
        }
    }
}

#[test]
fn known_projection_of_2027() {
    let (y, cal) = calendar(2027, ProjectionMethod::Principles);
    // 春节 from 除夕 (Fri 2027-02-05), 8 days.
    let spring = y.rest.iter().find(|r| r.name == "春节").unwrap();
    assert_eq!((spring.from, spring.until), (ymd(2027, 2, 5), ymd(2027, 2, 12)));
    // 国庆 7 days from Friday 1 October; 中秋 (Wed 2027-09-15) alone.
    assert!(!cal.is_working_day(ymd(2027, 10, 7)).unwrap());
    assert!(!cal.is_working_day(ymd(2027, 9, 15)).unwrap());
    assert!(cal.is_working_day(ymd(2027, 9, 16)).unwrap());
    for w in &y.workday {
        assert!(matches!(w.on.weekday(), Weekday::Sat | Weekday::Sun));
    }
}

#[test]
fn new_year_break_is_cut_at_the_year_boundary() {
    // 2023-01-01 is a Sunday: the break is 2022-12-31..2023-01-02, split between the two years.
    let (y2022, _) = calendar(2022, ProjectionMethod::Principles);
    assert!(y2022.rest.iter().any(|r| r.from == ymd(2022, 12, 31) && r.until == ymd(2022, 12, 31)));
    let (y2023, _) = calendar(2023, ProjectionMethod::Principles);
    assert!(y2023.rest.iter().any(|r| r.from == ymd(2023, 1, 1) && r.until == ymd(2023, 1, 2)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn statutory_holidays_are_never_working_days(year in FIRST_YEAR..=LAST_YEAR, principles in any::<bool>()) {
        let method = if principles { ProjectionMethod::Principles } else { ProjectionMethod::Statutory };
        let (_, cal) = calendar(year, method);
        for (d, name) in statutory_days(year).unwrap() {
            prop_assert!(!cal.is_working_day(d).unwrap(), "{year} {method:?}: {d} {name}");
        }
    }

    #[test]
    fn principles_make_up_days_are_never_statutory(year in FIRST_YEAR..=LAST_YEAR) {
        let (y, _) = calendar(year, ProjectionMethod::Principles);
        let statutory: BTreeSet<NaiveDate> = statutory_days(year).unwrap().into_iter().map(|(d, _)| d).collect();
        for w in &y.workday {
            prop_assert!(!statutory.contains(&w.on), "{year}: {}", w.on);
            prop_assert_eq!(w.on.year(), year);
        }
    }
}
