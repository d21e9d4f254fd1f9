//! Tests for the working-day calendar and Civil Code period arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use chrono::{Datelike, NaiveDate, Weekday};
use credit_core::calendar::{
    add_days, add_months, add_years, embedded_sources, national, period_last_day, projection, Calendar,
    CalendarDataError, CalendarMode, CalendarYear, Confidence, CoverageError, DataEntry, DataProblem, DayKind,
    MakeUpDay, PeriodUnit, RestPeriod, Uncovered, YearStatus,
};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| national().unwrap())
}

/// NATIONAL.md §2, typed independently of the TOML files: per year, the rest ranges
/// ("M/D" or "M/D-M/D") and the make-up working days.
const TABLE: &[(i32, &str, &str)] = &[
    (2020, "1/1; 1/24-2/2; 4/4-4/6; 5/1-5/5; 6/25-6/27; 10/1-10/8", "1/19, 4/26, 5/9, 6/28, 9/27, 10/10"),
    (
        2021,
        "1/1-1/3; 2/11-2/17; 4/3-4/5; 5/1-5/5; 6/12-6/14; 9/19-9/21; 10/1-10/7",
        "2/7, 2/20, 4/25, 5/8, 9/18, 9/26, 10/9",
    ),
    (
        2022,
        "1/1-1/3; 1/31-2/6; 4/3-4/5; 4/30-5/4; 6/3-6/5; 9/10-9/12; 10/1-10/7; 12/31",
        "1/29, 1/30, 4/2, 4/24, 5/7, 10/8, 10/9",
    ),
    (2023, "1/1-1/2; 1/21-1/27; 4/5; 4/29-5/3; 6/22-6/24; 9/29-10/6", "1/28, 1/29, 4/23, 5/6, 6/25, 10/7, 10/8"),
    (
        2024,
        "1/1; 2/10-2/17; 4/4-4/6; 5/1-5/5; 6/10; 9/15-9/17; 10/1-10/7",
        "2/4, 2/18, 4/7, 4/28, 5/11, 9/14, 9/29, 10/12",
    ),
    (2025, "1/1; 1/28-2/4; 4/4-4/6; 5/1-5/5; 5/31-6/2; 10/1-10/8", "1/26, 2/8, 4/27, 9/28, 10/11"),
    (
        2026,
        "1/1-1/3; 2/15-2/23; 4/4-4/6; 5/1-5/5; 6/19-6/21; 9/25-9/27; 10/1-10/7",
        "1/4, 2/14, 2/28, 5/9, 9/20, 10/10",
    ),
];

fn md(y: i32, s: &str) -> NaiveDate {
    let (m, day) = s.trim().split_once('/').unwrap();
    d(y, m.parse().unwrap(), day.parse().unwrap())
}

/// (rest days, make-up days) from the independent table.
fn expected() -> (BTreeSet<NaiveDate>, BTreeSet<NaiveDate>) {
    let mut rest = BTreeSet::new();
    let mut work = BTreeSet::new();
    for (y, rests, makeups) in TABLE {
        for r in rests.split(';') {
            let (a, b) = r.split_once('-').unwrap_or((r, r));
            let (a, b) = (md(*y, a), md(*y, b));
            for day in a.iter_days().take_while(|x| *x <= b) {
                assert!(rest.insert(day), "duplicate rest day {day} in the test table");
            }
        }
        for m in makeups.split(',') {
            work.insert(md(*y, m));
        }
    }
    (rest, work)
}

fn weekend(x: NaiveDate) -> bool {
    matches!(x.weekday(), Weekday::Sat | Weekday::Sun)
}

#[test]
fn exhaustive_against_independent_table() {
    let (rest, work) = expected();
    let cal = cal();
    assert_eq!(cal.coverage(), Some((d(2020, 1, 1), d(2026, 12, 31))));
    let mut count = 0;
    for day in d(2020, 1, 1).iter_days().take_while(|x| *x <= d(2026, 12, 31)) {
        let want = if rest.contains(&day) {
            false
        } else if work.contains(&day) {
            assert!(weekend(day), "make-up day {day} is not a weekend day");
            true
        } else {
            !weekend(day)
        };
        assert_eq!(cal.is_working_day(day).unwrap(), want, "{day}");
        let kind = cal.day_kind(day).unwrap();
        assert_eq!(kind.is_working(), want, "{day}: {kind:?}");
        match kind {
            DayKind::Holiday { .. } => assert!(rest.contains(&day)),
            DayKind::MakeUpWorkday { .. } => assert!(work.contains(&day)),
            DayKind::Weekend => assert!(weekend(day)),
            DayKind::Workday => assert!(!weekend(day)),
        }
        count += 1;
    }
    assert_eq!(count, 2557);
}

#[test]
fn spot_checks() {
    let cal = cal();
    assert!(!cal.is_working_day(d(2025, 10, 8)).unwrap());
    assert!(cal.is_working_day(d(2025, 10, 11)).unwrap()); // Saturday make-up
    assert_eq!(d(2025, 10, 11).weekday(), Weekday::Sat);
    assert!(!cal.is_working_day(d(2020, 2, 1)).unwrap()); // make-up cancelled by the extension
    assert!(cal.is_working_day(d(2026, 2, 28)).unwrap()); // Saturday make-up
    assert!(cal.is_working_day(d(2024, 2, 18)).unwrap()); // Sunday make-up
    assert_eq!(d(2024, 2, 18).weekday(), Weekday::Sun);
    assert!(!cal.is_working_day(d(2022, 12, 31)).unwrap());
    assert_eq!(cal.day_kind(d(2022, 12, 31)).unwrap(), DayKind::Holiday { name: "元旦".into() });
    assert_eq!(cal.day_kind(d(2025, 10, 11)).unwrap(), DayKind::MakeUpWorkday { name: "国庆节、中秋节".into() });
    assert_eq!(cal.day_kind(d(2025, 10, 13)).unwrap(), DayKind::Workday);
    assert_eq!(cal.day_kind(d(2025, 10, 12)).unwrap(), DayKind::Weekend);
    assert_eq!(
        serde_json::to_string(&cal.day_kind(d(2025, 1, 29)).unwrap()).unwrap(),
        r#"{"kind":"holiday","name":"春节"}"#
    );
    assert_eq!(
        serde_json::to_string(&DayKind::MakeUpWorkday { name: "春节".into() }).unwrap(),
        r#"{"kind":"make_up_workday","name":"春节"}"#
    );
    assert_eq!(cal.version(), "cn-holidays 2020–2026 (published 2019-11-21..2025-11-04)");
    assert_eq!(cal.version(), cal.clone().version());
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Calendar>();
}

#[test]
fn years_without_a_notice_are_projected_and_marked() {
    let cal = cal();
    // 2027 has no notice on file: the plain calls answer from the projection …
    assert!(!cal.is_working_day(d(2027, 1, 1)).unwrap()); // 元旦 by statute
    assert!(cal.is_working_day(d(2027, 1, 4)).unwrap());
    // … and the reckoned calls say which projected years an answer used.
    let r = cal.is_working_day_reckoned(d(2027, 1, 4)).unwrap();
    assert!(r.is_provisional());
    assert_eq!(r.projected.iter().collect::<Vec<_>>(), vec![2027]);
    // 2026-12-25 (Fri): 12/28–12/31 are 4 working days; the count walks into 2027.
    let inside = cal.add_working_days_reckoned(d(2026, 12, 25), 4).unwrap();
    assert_eq!(inside.value, d(2026, 12, 31));
    assert!(!inside.is_provisional(), "only 2026 days were counted");
    let across = cal.add_working_days_reckoned(d(2026, 12, 25), 7).unwrap();
    assert_eq!(across.value, d(2027, 1, 6)); // 1/1 New Year, then 1/4, 1/5, 1/6
    assert_eq!(across.projected.iter().collect::<Vec<_>>(), vec![2027]);
    // Between two published days nothing is projected.
    assert!(!cal.working_days_between_reckoned(d(2025, 1, 1), d(2026, 12, 31)).unwrap().is_provisional());
    assert!(cal.working_days_between_reckoned(d(2025, 1, 1), d(2027, 1, 4)).unwrap().is_provisional());
    // Years before the first notice are projected too.
    assert!(cal.is_working_day_reckoned(d(2019, 12, 31)).unwrap().is_provisional());
    // Status by year.
    let years = cal.year_statuses();
    assert!(years.iter().any(|y| y.year == 2026 && matches!(y.status, YearStatus::Published { .. })));
    assert!(years.iter().any(|y| y.year == 2027 && matches!(y.status, YearStatus::Projected { .. })));
    assert!(cal.projected_years().contains(2027) && !cal.projected_years().contains(2026));
    assert_eq!(
        cal.version_with(across.projected),
        "cn-holidays 2020–2026 (published 2019-11-21..2025-11-04); projected from the statute: 2027"
    );
}

#[test]
fn a_strict_calendar_refuses_projected_days() {
    let cal = cal().with_mode(CalendarMode::Strict);
    let e = cal.is_working_day(d(2027, 1, 4)).unwrap_err();
    assert_eq!(e, CoverageError { date: d(2027, 1, 4), reason: Uncovered::Unpublished { year: 2027 } });
    assert_eq!(e.code(), "calendar_coverage");
    assert_eq!(e.year(), 2027);
    assert!(e.to_string().contains("2027 holiday arrangement is not loaded"), "{e}");
    // 2026-12-25 (Fri): 12/28–12/31 are 4 working days, then the count walks into 2027.
    let e = cal.add_working_days(d(2026, 12, 25), 10).unwrap_err();
    assert_eq!(e.date, d(2027, 1, 1));
    assert_eq!(cal.add_working_days(d(2026, 12, 25), 4).unwrap(), d(2026, 12, 31));
    assert!(cal.next_working_day(d(2026, 12, 31)).is_err());
    assert!(cal.roll_forward(d(2027, 1, 1)).is_err());
    assert!(cal.working_days_between(d(2025, 1, 1), d(2027, 1, 1)).is_err());
    assert!(cal.is_working_day(d(2019, 12, 31)).is_err());
    // Far outside every supported year: an error in both modes.
    for c in [cal.clone(), cal.with_mode(CalendarMode::Project)] {
        let e = c.is_working_day(d(2300, 1, 1)).unwrap_err();
        assert!(matches!(e.reason, Uncovered::Unsupported { .. }));
    }
}

#[test]
fn a_year_file_added_at_run_time_replaces_the_projection() {
    let cal = cal();
    let mut y2027 = projection::project(2027, projection::ProjectionMethod::default()).unwrap();
    y2027.source = "test notice for 2027".into();
    y2027.published = Some(d(2026, 11, 1));
    let text = toml_of(&y2027);
    let with = cal.with_year_files(&[("2027.toml", text.as_str())]).unwrap();
    assert!(with.is_published(2027));
    let r = with.add_working_days_reckoned(d(2026, 12, 25), 7).unwrap();
    assert!(!r.is_provisional());
    assert!(with.version().starts_with("cn-holidays 2020–2027 "), "{}", with.version());
    // A year already on file is refused, and so is a file without the statutory holidays.
    assert!(with.with_year_files(&[("2027.toml", text.as_str())]).is_err());
    let empty = "[year]\nyear = 2028\nsource = \"x\"\npublished = \"2027-11-01\"\nconfidence = \"C\"\n";
    let errors = cal.with_year_files(&[("2028.toml", empty)]).unwrap_err();
    assert!(errors.iter().any(|e| matches!(e.problem, DataProblem::MissingStatutoryHoliday { .. })), "{errors:?}");
}

fn toml_of(y: &CalendarYear) -> String {
    let mut s = format!(
        "[year]\nyear = {}\nsource = {:?}\npublished = \"{}\"\nconfidence = \"C\"\n",
        y.year,
        y.source,
        y.published.unwrap()
    );
    for r in &y.rest {
        s.push_str(&format!("\n[[rest]]\nname = {:?}\nfrom = \"{}\"\nuntil = \"{}\"\n", r.name, r.from, r.until));
    }
    for w in &y.workday {
        s.push_str(&format!("\n[[workday]]\non = \"{}\"\nfor = {:?}\n", w.on, w.holiday));
    }
    s
}

#[test]
fn worked_examples() {
    let cal = cal();
    // Filed Friday 2025-09-26; the start day is not counted.
    //   9/27 Sat rest; 9/28 Sun make-up = 1; 9/29 Mon = 2; 9/30 Tue = 3;
    //   10/1–10/8 National Day / Mid-Autumn break;
    //   10/9 Thu = 4; 10/10 Fri = 5; 10/11 Sat make-up = 6; 10/12 Sun rest;
    //   10/13–10/17 Mon–Fri = 7..11; 10/20–10/23 Mon–Thu = 12..15.
    assert_eq!(cal.add_working_days(d(2025, 9, 26), 15).unwrap(), d(2025, 10, 23));
    assert_eq!(cal.working_days_between(d(2025, 9, 26), d(2025, 10, 23)).unwrap(), 15);
    assert_eq!(cal.working_days_between(d(2025, 10, 23), d(2025, 9, 26)).unwrap(), -15);

    // Filed Friday 2026-02-13, just before the Spring Festival break (2/15–2/23):
    //   2/14 Sat make-up = 1; 2/15–2/23 rest; 2/24–2/27 Tue–Fri = 2..5;
    //   2/28 Sat make-up = 6; 3/1 Sun rest; 3/2–3/6 = 7..11; 3/9–3/12 = 12..15.
    assert_eq!(cal.add_working_days(d(2026, 2, 13), 15).unwrap(), d(2026, 3, 12));

    assert_eq!(cal.roll_forward(d(2025, 10, 4)).unwrap(), d(2025, 10, 9));
    assert_eq!(cal.roll_forward(d(2025, 10, 9)).unwrap(), d(2025, 10, 9));
    assert_eq!(cal.roll_forward(d(2025, 10, 11)).unwrap(), d(2025, 10, 11));
    assert_eq!(cal.next_working_day(d(2025, 9, 30)).unwrap(), d(2025, 10, 9));
    assert_eq!(cal.working_day_on_or_after(d(2025, 10, 1)).unwrap(), d(2025, 10, 9));
    assert_eq!(cal.add_working_days(d(2025, 10, 4), 0).unwrap(), d(2025, 10, 4));

    assert_eq!(period_last_day(d(2024, 2, 29), 1, PeriodUnit::Years).unwrap(), d(2025, 2, 28));
    assert_eq!(period_last_day(d(2025, 1, 31), 1, PeriodUnit::Months).unwrap(), d(2025, 2, 28));
    assert_eq!(period_last_day(d(2024, 1, 31), 1, PeriodUnit::Months).unwrap(), d(2024, 2, 29));
    assert_eq!(period_last_day(d(2023, 8, 31), 6, PeriodUnit::Months).unwrap(), d(2024, 2, 29));
    assert_eq!(period_last_day(d(2025, 3, 1), 15, PeriodUnit::Days).unwrap(), d(2025, 3, 16));
}

#[test]
fn arithmetic_never_panics_on_overflow() {
    assert!(add_days(NaiveDate::MAX, 1).is_err());
    assert!(add_days(NaiveDate::MIN, -1).is_err());
    assert!(add_days(d(2025, 1, 1), i64::MAX).is_err());
    assert!(add_days(d(2025, 1, 1), i64::MIN).is_err());
    assert!(add_months(NaiveDate::MAX, 1).is_err());
    assert!(add_months(d(2025, 1, 1), i32::MIN).is_err());
    assert!(add_years(d(2025, 1, 1), i32::MAX).is_err());
    assert!(period_last_day(d(2025, 1, 1), u32::MAX, PeriodUnit::Years).is_err());
    let e = period_last_day(d(2025, 1, 1), u32::MAX, PeriodUnit::Months).unwrap_err();
    assert_eq!(e.code(), "date_range");
    assert_eq!(add_months(d(2024, 3, 31), -1).unwrap(), d(2024, 2, 29));
    assert_eq!(add_years(d(2024, 2, 29), -4).unwrap(), d(2020, 2, 29));
    assert_eq!(serde_json::to_string(&PeriodUnit::Months).unwrap(), r#""months""#);
}

#[test]
fn embedded_equals_files_on_disk() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/calendar");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    let embedded: Vec<(String, String)> =
        embedded_sources().iter().map(|(n, c)| ((*n).to_owned(), (*c).to_owned())).collect();
    assert_eq!(files, embedded);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    let from_disk = Calendar::from_toml_sources(&refs).unwrap();
    assert_eq!(&from_disk, cal());
    for y in cal().years() {
        assert!(!y.source.is_empty());
        assert_eq!(y.confidence, Confidence::Confirmed);
        assert_eq!(y.rule.as_deref(), Some("NAT-2"));
        assert!(y.published.is_some());
    }
}

fn year_with_citation(y: i32) -> CalendarYear {
    year(y)
}

fn year(y: i32) -> CalendarYear {
    CalendarYear {
        year: y,
        source: "test notice".into(),
        published: None,
        confidence: Confidence::Confirmed,
        rule: None,
        rest: vec![],
        workday: vec![],
    }
}

#[test]
fn broken_data_reports_every_problem() {
    let mut y = year(2025);
    y.rest.push(RestPeriod { name: "元旦".into(), from: d(2025, 1, 3), until: d(2025, 1, 1) });
    y.workday.push(MakeUpDay {
        on: d(2025, 1, 8), // a Wednesday
        holiday: "春节".into(),
    });
    let errors = Calendar::new(vec![y]).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.entry == DataEntry::Rest(0) && matches!(e.problem, DataProblem::Inverted { .. })));
    let wed = errors.iter().find(|e| e.entry == DataEntry::Workday(0)).unwrap();
    assert_eq!(
        wed.to_string(),
        "calendar data year `2025`, `workday[0]`: make-up working day `2025-01-08` is a Wed, not a weekend day"
    );
    assert_eq!(wed.code(), "calendar_data");
}

#[test]
fn validation_catches_each_kind_of_problem() {
    let mut a = year(2020);
    a.source = " ".into();
    a.rest.push(RestPeriod { name: "x".into(), from: d(2020, 5, 1), until: d(2020, 5, 5) });
    a.rest.push(RestPeriod { name: "y".into(), from: d(2020, 5, 5), until: d(2020, 5, 6) });
    a.rest.push(RestPeriod { name: "z".into(), from: d(2020, 12, 31), until: d(2021, 1, 1) });
    a.workday.push(MakeUpDay {
        on: d(2020, 5, 2), // Saturday inside rest[0]
        holiday: "x".into(),
    });
    a.workday.push(MakeUpDay {
        on: d(2021, 1, 2), // outside the year
        holiday: "x".into(),
    });
    let dup = year(2020);
    let far = year(2300);
    let errors = Calendar::new(vec![a, dup, far]).unwrap_err();
    let has =
        |entry: DataEntry, f: &dyn Fn(&DataProblem) -> bool| errors.iter().any(|e| e.entry == entry && f(&e.problem));
    assert!(has(DataEntry::Year, &|p| *p == DataProblem::MissingCitation));
    assert!(has(DataEntry::Year, &|p| *p == DataProblem::DuplicateYear { year: 2020 }));
    assert!(has(DataEntry::Year, &|p| *p == DataProblem::UnsupportedYear { year: 2300 }));
    // A gap between published years is no error: the years in between are projected.
    assert!(Calendar::new(vec![year_with_citation(2020), year_with_citation(2023)]).is_ok());
    assert!(has(DataEntry::Rest(1), &|p| *p == DataProblem::Overlap { other: 0 }));
    assert!(has(DataEntry::Rest(2), &|p| matches!(p, DataProblem::OutsideYear { .. })));
    assert!(has(DataEntry::Workday(0), &|p| *p == DataProblem::MakeUpInRest { date: d(2020, 5, 2), rest: 0 }));
    assert!(has(DataEntry::Workday(1), &|p| matches!(p, DataProblem::OutsideYear { .. })));
    assert!(errors.iter().all(|e| e.year.is_some()));
    // No published year at all: every year is projected.
    assert!(Calendar::new(vec![]).is_ok());
}

#[test]
fn toml_sources_report_file_problems() {
    let good = embedded_sources()[5].1; // 2025.toml
                                        // Unquoted dates, unknown keys and a mismatched file name are all reported.
    let unquoted = good.replacen("from = \"2025-01-01\"", "from = 2025-01-01", 1);
    let unknown = good.replacen("confidence = \"C\"", "confidence = \"C\"\nextra = 1", 1);
    let errors: Vec<CalendarDataError> = Calendar::from_toml_sources(&[
        ("2025.toml", unquoted.as_str()),
        ("2026.toml", unknown.as_str()),
        ("2024.toml", good),
    ])
    .unwrap_err();
    assert!(errors.iter().any(|e| e.file.as_deref() == Some("2025.toml") && e.entry == DataEntry::File));
    assert!(errors.iter().any(|e| e.file.as_deref() == Some("2026.toml") && e.entry == DataEntry::File));
    assert!(errors.iter().any(|e| matches!(e.problem, DataProblem::FileNameMismatch { year: 2025, .. })));
    let parse = errors.iter().find(|e| e.entry == DataEntry::File).unwrap();
    assert!(parse.to_string().contains("line"), "{parse}");
}

fn covered_day() -> impl Strategy<Value = NaiveDate> {
    (0u64..2557).prop_map(|i| d(2020, 1, 1).checked_add_days(chrono::Days::new(i)).unwrap())
}

fn last_day_of_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    d(ny, nm, 1).pred_opt().unwrap().day()
}

proptest! {
    #[test]
    fn add_working_days_round_trips(start in covered_day(), n in 0u32..60) {
        let cal = cal();
        match cal.add_working_days(start, n) {
            Ok(end) => {
                if n > 0 {
                    prop_assert!(cal.is_working_day(end).unwrap());
                    prop_assert!(end > start);
                } else {
                    prop_assert_eq!(end, start);
                }
                prop_assert_eq!(cal.working_days_between(start, end).unwrap(), i64::from(n));
                prop_assert_eq!(cal.working_days_between(end, start).unwrap(), -i64::from(n));
            }
            Err(e) => prop_assert!(false, "{start} + {n}: {e}"),
        }
    }

    #[test]
    fn add_months_clamps(start in covered_day(), n in -120i32..120) {
        let end = add_months(start, n).unwrap();
        let months = start.year() * 12 + start.month0() as i32 + n;
        let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
        prop_assert_eq!((end.year(), end.month()), (y, m));
        prop_assert_eq!(end.day(), start.day().min(last_day_of_month(y, m)));
        prop_assert_eq!(add_years(d(2024, 2, 29), 1).unwrap(), d(2025, 2, 28));
    }

    #[test]
    fn roll_forward_lands_on_a_working_day(start in covered_day()) {
        let cal = cal();
        if let Ok(end) = cal.roll_forward(start) {
            prop_assert!(cal.is_working_day(end).unwrap());
            prop_assert!(end >= start);
            prop_assert_eq!(end == start, cal.is_working_day(start).unwrap());
            // No working day is skipped.
            prop_assert!(start.iter_days().take_while(|x| *x < end).all(|x| !cal.is_working_day(x).unwrap()));
        }
    }

    #[test]
    fn next_working_day_is_strictly_after(start in covered_day()) {
        let cal = cal();
        if let Ok(next) = cal.next_working_day(start) {
            prop_assert!(next > start);
            prop_assert!(cal.is_working_day(next).unwrap());
            prop_assert_eq!(cal.working_days_between(start, next).unwrap(), 1);
        }
    }
}

/// Calendars built from the same published years share one day table (kept for the last few
/// year sets built); interleaving more distinct year sets than are kept must still give each
/// calendar the table of its own years.
#[test]
fn calendars_from_different_years_never_share_a_table() {
    let all: Vec<CalendarYear> = cal().years().to_vec();
    assert!(all.len() >= 5, "the embedded calendar has at least five published years");
    for round in 0..2 {
        for skip in 0..all.len() {
            let years: Vec<CalendarYear> =
                all.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, y)| y.clone()).collect();
            let without = Calendar::new(years.clone()).unwrap();
            assert_eq!(without.years(), years.as_slice(), "round {round}, without year index {skip}");
            let gone = all[skip].year;
            assert!(!without.is_published(gone), "round {round}: {gone} was left out");
            assert!(without.projected_years().contains(gone), "round {round}: {gone} is projected");
            let full = Calendar::new(all.clone()).unwrap();
            assert!(full.is_published(gone), "round {round}: {gone} is published in the full calendar");
            assert_eq!(&full, cal(), "round {round}: the full calendar is the national one");
            // A day of the left-out year: published and projected answers may differ, but each
            // calendar answers from its own table (the published answer is the national one).
            let day = d(gone, 10, 8);
            assert_eq!(full.day_kind(day).unwrap(), cal().day_kind(day).unwrap());
        }
    }
}
