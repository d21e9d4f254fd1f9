//! A built [`Calendar`] day table in a compact, serialisable form (for
//! [`crate::policy::snapshot`]): the published years, the projected years' citations, and only
//! the days that differ from a plain week (holidays, make-up working days, unknown days) as runs.
//! Restoring rebuilds the day table and its prefix sums without projecting, linting or parsing
//! anything, so a build that only restores (the WebAssembly bundle) carries none of that code.

use super::{Calendar, CalendarMode, CalendarYear, Confidence, MakeUpDay, RestPeriod, Slot, Table, YearSet};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One published year, field by field (the year file's own serde shape is TOML-specific). Dates
/// are days from 0001-01-01: restoring parses no date text.
#[derive(Serialize, Deserialize)]
struct Year {
    year: i32,
    source: String,
    published: Option<i32>,
    confidence: Confidence,
    rule: Option<String>,
    /// `(name, from, until)`.
    rest: Vec<(String, i32, i32)>,
    /// `(on, for)`.
    workday: Vec<(i32, String)>,
}

fn day(d: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d)
}

fn date(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

/// A run of equal days that differ from the plain week: `gap` days after the previous run's end
/// (or after the table's first day), `len` days of `slot`.
#[derive(Serialize, Deserialize)]
struct Run {
    gap: u32,
    len: u32,
    /// 0: unknown; `2i + 1`: holiday `names[i]`; `2i + 2`: make-up day for `names[i]`.
    slot: u32,
}

/// The serialisable day table of a [`Calendar`].
#[derive(Serialize, Deserialize)]
pub(crate) struct ResolvedCalendar {
    years: Vec<Year>,
    /// The projected years with the position of their citation in `citations`.
    projections: Vec<(i32, u32)>,
    citations: Vec<String>,
    /// First and last day, as days from 0001-01-01 (no date parsing on restore).
    first: i32,
    last: i32,
    names: Vec<String>,
    runs: Vec<Run>,
    projected: u128,
    unknown: u128,
    mode: CalendarMode,
}

/// The most days a restored table may span (the supported range is about 47,000 days): a damaged
/// snapshot cannot make the restore allocate without bound.
const MAX_DAYS: usize = 200 * 366;

fn plain(day: NaiveDate) -> Slot {
    if super::is_weekend(day) {
        Slot::Weekend
    } else {
        Slot::Workday
    }
}

impl ResolvedCalendar {
    /// The compact form of `calendar`.
    pub(crate) fn of(calendar: &Calendar) -> ResolvedCalendar {
        let t = &calendar.table;
        let mut runs: Vec<Run> = Vec::new();
        let mut last_end: u32 = 0; // index one past the previous run
        let mut current: Option<(u32, u32, u32)> = None; // (start, len, slot)
        for (i, (day, slot)) in t.first.iter_days().zip(t.days.iter()).enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let code = match *slot {
                s if s == plain(day) => None,
                Slot::Unknown => Some(0),
                Slot::Holiday(n) => Some(2 * u32::from(n) + 1),
                Slot::MakeUp(n) => Some(2 * u32::from(n) + 2),
                // A weekday marked as weekend or the reverse never occurs; keep it exact anyway.
                Slot::Weekend | Slot::Workday => Some(u32::MAX),
            };
            match (&mut current, code) {
                (Some((start, len, s)), Some(c)) if *s == c && start.saturating_add(*len) == i => *len += 1,
                (cur, code) => {
                    if let Some((start, len, s)) = cur.take() {
                        runs.push(Run { gap: start - last_end, len, slot: s });
                        last_end = start + len;
                    }
                    *cur = code.map(|c| (i, 1, c));
                }
            }
        }
        if let Some((start, len, s)) = current {
            runs.push(Run { gap: start - last_end, len, slot: s });
        }
        let mut citations: Vec<String> = Vec::new();
        let mut projections = Vec::with_capacity(t.projections.len());
        for (year, source) in &t.projections {
            let i = citations.iter().position(|c| c == source).unwrap_or_else(|| {
                citations.push(source.clone());
                citations.len() - 1
            });
            projections.push((*year, u32::try_from(i).unwrap_or(u32::MAX)));
        }
        ResolvedCalendar {
            years: t
                .years
                .iter()
                .map(|y| Year {
                    year: y.year,
                    source: y.source.clone(),
                    published: y.published.map(day),
                    confidence: y.confidence,
                    rule: y.rule.clone(),
                    rest: y.rest.iter().map(|r| (r.name.clone(), day(r.from), day(r.until))).collect(),
                    workday: y.workday.iter().map(|w| (day(w.on), w.holiday.clone())).collect(),
                })
                .collect(),
            projections,
            citations,
            first: day(t.first),
            last: day(t.last),
            names: t.names.clone(),
            runs,
            projected: t.projected.0,
            unknown: t.unknown.0,
            mode: calendar.mode,
        }
    }

    /// The calendar again; `None` when the form is inconsistent (a damaged snapshot).
    pub(crate) fn restore(self) -> Option<Calendar> {
        let first = date(self.first)?;
        let last = date(self.last)?;
        let span = usize::try_from(last.signed_duration_since(first).num_days()).ok()?.checked_add(1)?;
        if span > MAX_DAYS {
            return None;
        }
        let names = self.names;
        let mut days: Vec<Slot> = first.iter_days().take(span).map(plain).collect();
        let mut at: usize = 0;
        for run in self.runs {
            let start = at.checked_add(usize::try_from(run.gap).ok()?)?;
            let end = start.checked_add(usize::try_from(run.len).ok()?)?;
            let name = |n: u32| -> Option<u16> {
                let n = u16::try_from(n).ok()?;
                (usize::from(n) < names.len()).then_some(n)
            };
            let slot = match run.slot {
                0 => Slot::Unknown,
                u32::MAX => return None,
                s if s % 2 == 1 => Slot::Holiday(name((s - 1) / 2)?),
                s => Slot::MakeUp(name((s - 2) / 2)?),
            };
            for d in days.get_mut(start..end)? {
                *d = slot;
            }
            at = end;
        }
        let cumulative = super::cumulative_working(&days);
        let mut years: Vec<CalendarYear> = Vec::with_capacity(self.years.len());
        for y in self.years {
            years.push(CalendarYear {
                year: y.year,
                source: y.source,
                published: match y.published {
                    Some(n) => Some(date(n)?),
                    None => None,
                },
                confidence: y.confidence,
                rule: y.rule,
                rest: y
                    .rest
                    .into_iter()
                    .map(|(name, from, until)| Some(RestPeriod { name, from: date(from)?, until: date(until)? }))
                    .collect::<Option<Vec<_>>>()?,
                workday: y
                    .workday
                    .into_iter()
                    .map(|(on, holiday)| Some(MakeUpDay { on: date(on)?, holiday }))
                    .collect::<Option<Vec<_>>>()?,
            });
        }
        let version = super::version_of(&years);
        let mut projections = std::collections::BTreeMap::new();
        for (year, i) in self.projections {
            projections.insert(year, self.citations.get(usize::try_from(i).ok()?)?.clone());
        }
        let table = Table {
            years,
            projections,
            first,
            last,
            names,
            days,
            cumulative,
            projected: YearSet(self.projected),
            unknown: YearSet(self.unknown),
            version: version.into(),
        };
        Some(Calendar { table: std::sync::Arc::new(table), mode: self.mode })
    }
}
