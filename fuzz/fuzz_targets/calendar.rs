//! Working-day calendar and Civil Code period arithmetic on arbitrary dates and counts.
//!
//! Dates range over chrono's whole span (about ±262,000 years, extremes included), with half of
//! the draws near the supported years. Every `Calendar` method runs in both `CalendarMode`s, and
//! `add_days`, `add_months`, `add_years`, `period_last_day`. Invariants: no panic; the
//! `_reckoned` variants agree with the plain ones; when `add_working_days(d, n)` succeeds,
//! `working_days_between(d, result) == n`; `roll_forward` lands on a working day on or after its
//! input; what a strict calendar answers, a projecting one answers alike.
#![no_main]

use chrono::{Datelike, NaiveDate};
use credit_core::calendar::{add_days, add_months, add_years, period_last_day, Calendar, CalendarMode, PeriodUnit};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static CALENDARS: OnceLock<[Calendar; 2]> = OnceLock::new();

struct Bytes<'a>(&'a [u8]);
impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for (i, b) in out.iter_mut().enumerate() {
            *b = self.0.get(i).copied().unwrap_or(0);
        }
        self.0 = self.0.get(N..).unwrap_or_default();
        out
    }
    fn date(&mut self) -> NaiveDate {
        let sel = self.take::<1>()[0];
        let raw = i32::from_le_bytes(self.take::<4>());
        match sel % 8 {
            0 => NaiveDate::MIN,
            1 => NaiveDate::MAX,
            // Anywhere chrono can represent (days from 0001-01-01, folded into range).
            2 | 3 => {
                let span = NaiveDate::MAX.num_days_from_ce() - NaiveDate::MIN.num_days_from_ce();
                let d = NaiveDate::MIN.num_days_from_ce() + raw.rem_euclid(span + 1);
                NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MIN)
            }
            // Near the supported years: 1985-01-01 plus up to ~160 years.
            _ => {
                let base = NaiveDate::from_ymd_opt(1985, 1, 1).expect("a date");
                base.checked_add_days(chrono::Days::new(u64::from(raw.unsigned_abs() % 58_500))).unwrap_or(base)
            }
        }
    }
    fn count(&mut self) -> u32 {
        let sel = self.take::<1>()[0];
        let raw = u32::from_le_bytes(self.take::<4>());
        match sel % 4 {
            0 => raw,
            1 => raw % 100_000,
            _ => raw % 400,
        }
    }
}

fn check(cal: &Calendar, d: NaiveDate, e: NaiveDate, n: u32) {
    let w = cal.is_working_day(d);
    let wr = cal.is_working_day_reckoned(d);
    assert_eq!(w.as_ref().ok(), wr.as_ref().ok().map(|r| &r.value));
    if let Ok(k) = cal.day_kind(d) {
        assert_eq!(Ok(k.is_working()), w);
    }
    let _ = cal.day_kind_reckoned(d);
    let _ = cal.covers(d);

    let a = cal.add_working_days(d, n);
    let ar = cal.add_working_days_reckoned(d, n);
    assert_eq!(a.as_ref().ok(), ar.as_ref().ok().map(|r| &r.value));
    if let Ok(r) = a {
        if n == 0 {
            assert_eq!(r, d);
        } else {
            assert!(r > d, "add_working_days({d}, {n}) = {r} is not after {d}");
            assert_eq!(cal.is_working_day(r), Ok(true), "add_working_days({d}, {n}) = {r} is not a working day");
        }
        let back = cal.working_days_between(d, r);
        assert_eq!(back, Ok(i64::from(n)), "working_days_between({d}, add_working_days({d}, {n}) = {r})");
        assert_eq!(cal.working_days_between(r, d), Ok(-i64::from(n)));
    }

    let b = cal.working_days_between(d, e);
    let br = cal.working_days_between_reckoned(d, e);
    assert_eq!(b.as_ref().ok(), br.as_ref().ok().map(|r| &r.value));
    if let Ok(k) = b {
        assert_eq!(cal.working_days_between(e, d), Ok(-k));
        if let Ok(k) = u32::try_from(k) {
            if k > 0 {
                // The k-th working day after d is on or before e, the next one after it.
                if let Ok(x) = cal.add_working_days(d, k) {
                    assert!(x <= e, "add_working_days({d}, {k}) = {x} is after {e}");
                }
            }
        }
    }

    let f = cal.roll_forward(d);
    let fr = cal.roll_forward_reckoned(d);
    assert_eq!(f.as_ref().ok(), fr.as_ref().ok().map(|r| &r.value));
    if let Ok(r) = f {
        assert!(r >= d);
        assert_eq!(cal.is_working_day(r), Ok(true));
        assert_eq!(cal.working_day_on_or_after(d), Ok(r));
        if r > d {
            assert_eq!(cal.working_days_between(d, r), Ok(1));
        }
    }
    let _ = cal.next_working_day(d);
}

fuzz_target!(|data: &[u8]| {
    let [project, strict] = CALENDARS.get_or_init(|| {
        let cal = credit_core::calendar::national().expect("the embedded calendar loads");
        [cal.with_mode(CalendarMode::Project), cal.with_mode(CalendarMode::Strict)]
    });
    let mut bytes = Bytes(data);
    let d = bytes.date();
    let e = bytes.date();
    let n = bytes.count();
    let signed = i64::from_le_bytes(bytes.take::<8>());
    let small = i32::from_le_bytes(bytes.take::<4>());

    check(project, d, e, n);
    check(strict, d, e, n);
    // Strict answers are a subset of projecting answers, and equal where both exist.
    if let Ok(s) = strict.is_working_day(d) {
        assert_eq!(project.is_working_day(d), Ok(s));
    }
    if let Ok(s) = strict.add_working_days(d, n) {
        assert_eq!(project.add_working_days(d, n), Ok(s));
    }
    if let Ok(s) = strict.working_days_between(d, e) {
        assert_eq!(project.working_days_between(d, e), Ok(s));
    }

    // Civil Code arithmetic.
    for k in [signed, i64::from(small), i64::from(n), -i64::from(n)] {
        if let Ok(r) = add_days(d, k) {
            assert_eq!(r.signed_duration_since(d).num_days(), k);
            assert_eq!(add_days(r, -k), Ok(d));
        }
    }
    for k in [small, small.wrapping_neg(), i32::MAX, i32::MIN, (n % 2400) as i32] {
        if let Ok(r) = add_months(d, k) {
            let months = (r.year() - d.year()) as i64 * 12 + r.month() as i64 - d.month() as i64;
            assert_eq!(months, i64::from(k), "add_months({d}, {k}) = {r}");
            assert!(r.day() <= d.day());
        }
        if let Ok(r) = add_years(d, k) {
            assert_eq!(i64::from(r.year()) - i64::from(d.year()), i64::from(k));
            assert_eq!(r.month(), d.month());
        }
    }
    for unit in [PeriodUnit::Days, PeriodUnit::Months, PeriodUnit::Years] {
        if let Ok(r) = period_last_day(d, n, unit) {
            assert!(r >= d);
            let _ = project.roll_forward(r);
            let _ = strict.roll_forward(r);
        }
        let _ = unit.to_string();
    }
    let _ = project.year_statuses();
    let _ = (project.coverage(), project.supported(), project.version());
});
