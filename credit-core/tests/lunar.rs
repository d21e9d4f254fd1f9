//! The festival table of `calendar::lunar` against independent implementations: ICU4X's Chinese
//! calendar (`icu_calendar`, GB/T 33661-2017 rules) for 春节, 端午 and 中秋, and `tyme4rs`' solar
//! terms (寿星天文历 algorithms) for 清明. Both are dev-dependencies only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use chrono::NaiveDate;
use credit_core::calendar::lunar::{festivals, FIRST_YEAR, LAST_YEAR};
use icu_calendar::types::Month;
use icu_calendar::{cal::Iso, Date};
use tyme4rs::tyme::solar::SolarTerm;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The Gregorian date of lunar `month`/`day` (non-leap month) of the Chinese year that begins in
/// Gregorian `year`, by ICU4X.
fn icu(year: i32, month: u8, day: u8) -> NaiveDate {
    let date = Date::try_new_chinese_traditional(year, Month::new(month), day).unwrap();
    let iso = date.to_calendar(Iso);
    ymd(iso.year().extended_year(), u32::from(iso.month().ordinal), u32::from(iso.day_of_month().0))
}

/// The 清明 day by tyme4rs (its solar-term days are in Beijing time).
fn tyme_qingming(year: i32) -> NaiveDate {
    let day = SolarTerm::from_name(year as isize, "清明").get_solar_day();
    ymd(day.get_year() as i32, day.get_month() as u32, day.get_day() as u32)
}

#[test]
fn every_row_matches_icu4x_lunar_dates() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let f = festivals(year).unwrap();
        assert_eq!(f.spring_festival, icu(year, 1, 1), "春节 {year}");
        assert_eq!(f.dragon_boat, icu(year, 5, 5), "端午 {year}");
        assert_eq!(f.mid_autumn, icu(year, 8, 15), "中秋 {year}");
        // 除夕: the last day of the twelfth month of the previous Chinese year.
        assert_eq!(f.eve(), icu(year, 1, 1).pred_opt(), "除夕 {year}");
    }
}

#[test]
fn every_row_matches_tyme4rs_qingming() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let f = festivals(year).unwrap();
        assert_eq!(f.qingming, tyme_qingming(year), "清明 {year}");
    }
}

#[test]
fn known_dates() {
    let f = |y| festivals(y).unwrap();
    assert_eq!(f(2025).spring_festival, ymd(2025, 1, 29));
    assert_eq!(f(2026).spring_festival, ymd(2026, 2, 17));
    assert_eq!(f(2027).spring_festival, ymd(2027, 2, 6));
    assert_eq!(f(2025).eve(), Some(ymd(2025, 1, 28)));
    assert_eq!(f(2026).eve(), Some(ymd(2026, 2, 16)));
    assert_eq!(f(2025).qingming, ymd(2025, 4, 4));
    assert_eq!(f(2026).qingming, ymd(2026, 4, 5));
    assert_eq!(f(2025).dragon_boat, ymd(2025, 5, 31));
    assert_eq!(f(2026).dragon_boat, ymd(2026, 6, 19));
    assert_eq!(f(2025).mid_autumn, ymd(2025, 10, 6));
    assert_eq!(f(2026).mid_autumn, ymd(2026, 9, 25));
    // The independent implementations agree with the known dates too.
    assert_eq!(icu(2027, 1, 1), ymd(2027, 2, 6));
    assert_eq!(tyme_qingming(2025), ymd(2025, 4, 4));
    assert_eq!(tyme_qingming(2026), ymd(2026, 4, 5));
}

#[test]
fn outside_the_table() {
    assert!(festivals(FIRST_YEAR - 1).is_none());
    assert!(festivals(LAST_YEAR + 1).is_none());
    assert!(festivals(i32::MIN).is_none());
    assert!(festivals(i32::MAX).is_none());
}
