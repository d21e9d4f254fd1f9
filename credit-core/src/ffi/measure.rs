//! One proposed-measure check's arguments, read the same way for every binding: the names and
//! meanings of Python's `Engine.check_measure` keyword arguments and of the JS
//! `engine.checkMeasure({...})` input object (the snake_case keys of the case contract).
//!
//! A binding reads `as_of` with [`super::date`] first (it picks the compiled
//! [`MeasureChecks`] of that day, which the binding caches), then hands the other arguments as
//! [`Arg`]s in a [`MeasureCheckInput`] to [`measure_facts`], which reads them in a fixed order and
//! refuses a bad one with the code `evaluate` gives for the same value in a case:
//! `unknown_measure`, `unknown_conduct`, `unknown_list`, `list_criteria_not_met`,
//! `unknown_value`, `invalid_date`, `wrong_type`. The answer is [`Facts`] for
//! [`MeasureChecks::check`]; [`MeasureCheckResult::new`] turns its outcome into the small result
//! object of the JSON contract.

use super::{choice, date, flag, string, Arg};
use crate::decision::{CheckKind, RecordStatus, Verdict};
use crate::error::{Error, ErrorCode, ErrorKind};
use crate::measure_table::{days, event_bit, Facts, MeasureChecks, Outcome, NO_LIST};
use crate::vocab::{Actor, EventType, Severity, SubjectKind, Target};
use serde::Serialize;

/// The input keys of one check, in the order they are read (`as_of` first: it picks the table).
pub const MEASURE_CHECK_KEYS: [&str; 13] = [
    "as_of",
    "decided_on",
    "measure",
    "conduct",
    "list",
    "severity",
    "status",
    "subject_kind",
    "target",
    "by_kind",
    "voluntary",
    "notified",
    "events",
];

/// The event types on the record as a binding received them.
#[derive(Clone, Debug, PartialEq)]
pub enum EventsArg<'a> {
    /// A list (array, tuple, any iterable but a string) of event type names.
    List(Vec<Arg<'a>>),
    /// Anything else: absent or null is no event; a single string or another value is
    /// `wrong_type`.
    Other(Arg<'a>),
}

/// The arguments of one check but `as_of` (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureCheckInput<'a> {
    /// The measure id (required).
    pub measure: Arg<'a>,
    /// The record's conduct id (required).
    pub conduct: Arg<'a>,
    /// The record's decision date, `YYYY-MM-DD` (required).
    pub decided_on: Arg<'a>,
    /// The record's evaluated status (`"active"`, `"suspended"`, ...; required).
    pub status: Arg<'a>,
    /// The subject's kind (required).
    pub subject_kind: Arg<'a>,
    /// The record's stated severity; absent: the conduct's own, as evaluation resolves it.
    pub severity: Arg<'a>,
    /// The list the record is on, if any.
    pub list: Arg<'a>,
    /// Who the measure is aimed at; absent: the subject itself.
    pub target: Arg<'a>,
    /// Who is asked to act; absent: an administrative body.
    pub by_kind: Arg<'a>,
    /// Whether the body acts of its own accord (absent: `false`).
    pub voluntary: Arg<'a>,
    /// Whether the subject was notified on or before the decision (absent: `false`).
    pub notified: Arg<'a>,
    /// The event types on the record on or before `as_of`.
    pub events: EventsArg<'a>,
}

impl Default for MeasureCheckInput<'_> {
    fn default() -> Self {
        MeasureCheckInput {
            measure: Arg::Absent,
            conduct: Arg::Absent,
            decided_on: Arg::Absent,
            status: Arg::Absent,
            subject_kind: Arg::Absent,
            severity: Arg::Absent,
            list: Arg::Absent,
            target: Arg::Absent,
            by_kind: Arg::Absent,
            voluntary: Arg::Absent,
            notified: Arg::Absent,
            events: EventsArg::Other(Arg::Absent),
        }
    }
}

/// The record statuses in the order of their JSON names.
pub const RECORD_STATUSES: [RecordStatus; 7] = RecordStatus::ALL;

/// A record status's JSON name.
pub fn record_status_name(s: RecordStatus) -> &'static str {
    match s {
        RecordStatus::Active => "active",
        RecordStatus::Suspended => "suspended",
        RecordStatus::Expired => "expired",
        RecordStatus::Repaired => "repaired",
        RecordStatus::Removed => "removed",
        RecordStatus::Exited => "exited",
        RecordStatus::Revoked => "revoked",
    }
}

/// The error for an id the catalogue does not have (the code `evaluate` gives).
pub fn unknown_id(code: ErrorCode, what: &str, id: &str) -> Error {
    Error::argument(code, what, format!("{what}: unknown {what} `{id}`"))
        .with_help("use an id of the jurisdiction's catalogue (`engine.catalog()`)")
}

/// The error for a list whose entry criteria do not name the conduct (`list_criteria_not_met`).
pub fn list_criteria_not_met(table: &MeasureChecks, list: u32, conduct: u32) -> Error {
    let c = table.conduct_ids().get(conduct as usize).map_or("", String::as_str);
    let id = table.list_ids().get(list as usize).map_or("", String::as_str);
    Error::argument(
        ErrorCode::ListCriteriaNotMet,
        "list",
        format!("conduct `{c}` is not among the entry criteria of list `{id}`"),
    )
    .with_help("a subject may be listed only for the conduct the list's legal basis names (MEA-6)")
}

/// A required value of a closed vocabulary (absent or null is `wrong_type`).
pub fn required_choice<T: Copy>(
    arg: &Arg<'_>,
    name: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> Result<T, Error> {
    string(arg, name)?;
    choice(arg, name, all, as_str)?
        .ok_or_else(|| Error::argument(ErrorCode::WrongType, name, format!("{name}: expected a string")))
}

fn catalogue_id(
    arg: &Arg<'_>,
    name: &str,
    lookup: impl Fn(&str) -> Option<u32>,
    code: ErrorCode,
) -> Result<u32, Error> {
    let id = string(arg, name)?;
    lookup(id).ok_or_else(|| unknown_id(code, name, id))
}

/// The event types as [`Facts::events`] bits.
pub fn event_bits(events: &EventsArg<'_>) -> Result<u64, Error> {
    let items = match events {
        EventsArg::List(items) => items,
        EventsArg::Other(Arg::Absent | Arg::Null) => return Ok(0),
        EventsArg::Other(Arg::Str(_)) => {
            return Err(Error::argument(
                ErrorCode::WrongType,
                "events",
                "events: expected a list of event types, got a single string",
            ))
        }
        EventsArg::Other(_) => {
            return Err(Error::argument(ErrorCode::WrongType, "events", "events: expected a list of event types"))
        }
    };
    let mut bits = 0u64;
    for (i, item) in items.iter().enumerate() {
        let e = required_choice(item, &format!("events[{i}]"), EventType::ALL, EventType::as_str)?;
        bits |= event_bit(e);
    }
    Ok(bits)
}

/// Read one check's arguments against the table of its `as_of` (see the module documentation).
pub fn measure_facts(table: &MeasureChecks, a: &MeasureCheckInput<'_>) -> Result<Facts, Error> {
    let decided_on = days(date(&a.decided_on, "decided_on")?);
    let measure = catalogue_id(&a.measure, "measure", |s| table.measure_index(s), ErrorCode::UnknownMeasure)?;
    let conduct = catalogue_id(&a.conduct, "conduct", |s| table.conduct_index(s), ErrorCode::UnknownConduct)?;
    let list = match &a.list {
        Arg::Absent | Arg::Null => NO_LIST,
        l => {
            let i = catalogue_id(l, "list", |s| table.list_index(s), ErrorCode::UnknownList)?;
            if !table.listing_allowed(i, conduct, decided_on) {
                return Err(list_criteria_not_met(table, i, conduct));
            }
            i
        }
    };
    let severity = match choice(&a.severity, "severity", Severity::ALL, Severity::as_str)? {
        Some(s) => s,
        // The record states none: the conduct's own, as the full evaluation resolves it.
        None => table
            .severity_of(conduct, decided_on)
            .ok_or_else(|| Error::new(ErrorKind::Internal, ErrorCode::Internal, "a conduct without versions"))?,
    };
    let status = required_choice(&a.status, "status", &RECORD_STATUSES, record_status_name)?;
    let subject = required_choice(&a.subject_kind, "subject_kind", SubjectKind::ALL, SubjectKind::as_str)?;
    let target = choice(&a.target, "target", Target::ALL, Target::as_str)?;
    let by_kind = choice(&a.by_kind, "by_kind", Actor::ALL, Actor::as_str)?;
    let voluntary = flag(&a.voluntary, "voluntary")?;
    let notified = flag(&a.notified, "notified")?;
    let events = event_bits(&a.events)?;
    Ok(Facts {
        measure,
        conduct,
        list,
        severity,
        status,
        in_scope: table.in_scope(severity),
        subject,
        target,
        by_kind,
        voluntary,
        decided_on,
        notified,
        events,
    })
}

/// The answer of one check as the bindings return it: the measure id, the verdict, whether it is
/// allowed, the failed checks (in the order of a decision's `failed` list) and the rule ids a
/// decision's explanation of the measure gives; `failed_rules` gives each failed check's rule.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeasureCheckResult {
    /// The measure id.
    pub measure: String,
    /// `"allowed"` when every check passed, else `"refused"`.
    pub verdict: Verdict,
    /// Whether every check passed.
    pub allowed: bool,
    /// The failed checks, in the order of a decision's `failed` list.
    pub failed: Vec<CheckKind>,
    /// The rule each failed check cites (`failed_rules[i]` for `failed[i]`; the `rule` of the
    /// decision's `checks` entry).
    pub failed_rules: Vec<String>,
    /// The rule ids of the decision's explanation of this measure.
    pub rules: Vec<String>,
}

impl MeasureCheckResult {
    /// The result of [`MeasureChecks::check`] on `facts`.
    pub fn new(table: &MeasureChecks, facts: &Facts, outcome: Outcome) -> MeasureCheckResult {
        MeasureCheckResult {
            measure: table.measure_ids().get(facts.measure as usize).cloned().unwrap_or_default(),
            verdict: if outcome.allowed() { Verdict::Allowed } else { Verdict::Refused },
            allowed: outcome.allowed(),
            failed: outcome.failed().collect(),
            failed_rules: outcome.failed().map(|c| table.check_rule(facts, c).to_owned()).collect(),
            rules: table.rules(facts, outcome),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "tests may panic")]
mod tests {
    use super::*;
    use crate::Engine;
    use chrono::NaiveDate;

    fn base<'a>() -> MeasureCheckInput<'a> {
        MeasureCheckInput {
            measure: Arg::Str("food_licence_ban"),
            conduct: Arg::Str("food_safety_licence_revoked"),
            decided_on: Arg::Str("2025-03-03"),
            status: Arg::Str("active"),
            subject_kind: Arg::Str("legal_person"),
            severity: Arg::Str("general"),
            target: Arg::Str("legal_person"),
            ..MeasureCheckInput::default()
        }
    }

    #[test]
    fn reads_the_facts_and_refuses_bad_arguments_with_the_codes_of_evaluate() {
        let engine = Engine::national().unwrap();
        let t = MeasureChecks::compile(&engine, NaiveDate::from_ymd_opt(2025, 10, 9).unwrap()).unwrap();
        let f = measure_facts(&t, &base()).unwrap();
        let r = MeasureCheckResult::new(&t, &f, t.check(&f));
        assert_eq!(
            (r.verdict, r.failed.clone(), r.failed_rules.clone()),
            (Verdict::Refused, vec![CheckKind::Proportionality], vec!["MEA-3".to_owned()])
        );
        let serious = MeasureCheckInput { severity: Arg::Str("serious"), ..base() };
        let f = measure_facts(&t, &serious).unwrap();
        assert!(t.check(&f).allowed());
        let cases: [(MeasureCheckInput<'_>, &str, &str); 8] = [
            (MeasureCheckInput { measure: Arg::Str("x"), ..base() }, "unknown_measure", "measure"),
            (MeasureCheckInput { conduct: Arg::Null, ..base() }, "wrong_type", "conduct"),
            (MeasureCheckInput { list: Arg::Str("x"), ..base() }, "unknown_list", "list"),
            (MeasureCheckInput { decided_on: Arg::Str("2025-3-03"), ..base() }, "invalid_date", "decided_on"),
            (MeasureCheckInput { status: Arg::Absent, ..base() }, "wrong_type", "status"),
            (MeasureCheckInput { subject_kind: Arg::Str("company"), ..base() }, "unknown_value", "subject_kind"),
            (MeasureCheckInput { events: EventsArg::Other(Arg::Str("notified")), ..base() }, "wrong_type", "events"),
            (
                MeasureCheckInput { events: EventsArg::List(vec![Arg::Str("x")]), ..base() },
                "unknown_value",
                "events[0]",
            ),
        ];
        for (input, code, path) in cases {
            let e = measure_facts(&t, &input).unwrap_err();
            assert_eq!((e.code().as_str(), e.path()), (code, Some(path)), "{input:?}");
        }
    }
}
