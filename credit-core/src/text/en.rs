//! The English catalogue: one arm per message of [`Msg`](super::Msg).

use super::{
    clock_if_provider, join, put, Cause, CheckDetail, CleanStart, Deciding, ExitBarFound, IncentiveState, Msg,
};
use crate::decision::{Outcome, RecordStatus, Verdict};
use crate::eval::fmt_date;
use crate::policy::model::MeasureEntry;
use crate::policy::model::{Inspection, TriageOutcome};
use crate::policy::model::{RepairBar, RepairCondition, Resumption};
use crate::vocab::Grade;
use chrono::NaiveDate;

/// Append `m`'s English text to `o`.
pub(super) fn write(m: &Msg, o: &mut String) {
    match m {
        Msg::Projected { years } => {
            o.push_str("provisional: the State Council notice on the ");
            let mut first = true;
            for y in years.iter() {
                if !first {
                    o.push_str(", ");
                }
                first = false;
                put(o, format_args!("{y}"));
            }
            o.push_str(" holiday arrangement is not loaded; the working days this conclusion used were projected from the statute (全国年节及纪念日放假办法) and the 调休 principles of recent notices; the notice may move holidays and make-up working days");
        }
        Msg::GradeNoRecord { as_of } => {
            put(o, format_args!("no dishonesty record in force on {}: trustworthy", fmt_date(*as_of)))
        }
        Msg::GradeBy { grade, record, domain, others } => {
            let domain = domain.as_deref().unwrap_or_default();
            match grade {
                Grade::KeyDomain => {
                    put(o, format_args!("record {record} is dishonesty in the key domain `{domain}`: key-domain grade"))
                }
                Grade::Serious => {
                    put(o, format_args!("record {record} is on a serious list or is serious dishonesty: serious"))
                }
                Grade::WatchList => put(
                    o,
                    format_args!("record {record} is dishonest conduct below the serious-list threshold: watch list"),
                ),
                Grade::General => put(o, format_args!("record {record} is general dishonesty: general")),
                Grade::Trustworthy => o.push_str("trustworthy"),
            }
            if !others.is_empty() {
                o.push_str(" (takes precedence over: ");
                join(o, others, ", ", |o, g| o.push_str(g.as_str()));
                o.push(')');
            }
        }
        Msg::CommitmentNotYetFound => o.push_str("the commitment is not yet found breached"),
        Msg::CommitmentKept => o.push_str("the commitment enters the credit record and guides ex-post supervision"),
        Msg::CommitmentNegative { found, false_commitment, severity } => put(
            o,
            format_args!(
                "on {} the commitment was found {}: it becomes {} negative information in the credit record and is sanctioned",
                fmt_date(*found),
                if *false_commitment { "false" } else { "breached" },
                severity
            ),
        ),
        Msg::Triage { rule, records } => {
            let t = &rule.entry;
            let label = match t.outcome {
                TriageOutcome::Exit => "exit",
                TriageOutcome::Assist => "assist",
                TriageOutcome::Restrain => "restrain",
            };
            put(o, format_args!("{label} list: {} (records ", t.reason_en));
            join(o, records, ", ", |o, r| o.push_str(r));
            o.push(')');
            if let Some(a) = &t.action {
                put(o, format_args!("; action: {a}"));
            }
        }
        Msg::Incentive { incentive, grade, state } => {
            let id = &incentive.entry.id;
            let start = |o: &mut String, st: &CleanStart| match st {
                CleanStart::RecordEnded(t, r) => {
                    put(o, format_args!("counted from the day after record {r} stopped having effect on {}", fmt_date(*t)))
                }
                CleanStart::Registered(t) => put(o, format_args!("counted from the day after registration on {}", fmt_date(*t))),
                CleanStart::InForce(_) | CleanStart::Unknown => {}
            };
            match state {
                IncentiveState::Recognised { .. } => put(o, format_args!("{id}: earned as a recognised honest model")),
                IncentiveState::EarnedClean { years, start: st, on } => {
                    put(o, format_args!("{id}: earned on {} after {years} consecutive years without a bad record (", fmt_date(*on)));
                    start(o, st);
                    o.push(')');
                }
                IncentiveState::Met => put(o, format_args!("{id}: conditions met (grade {grade})")),
                IncentiveState::InForce { years, record } => put(
                    o,
                    format_args!("{id}: needs {years} consecutive clean years; record {record} is still in force, so no clean year has begun"),
                ),
                IncentiveState::Unknown { years } => put(
                    o,
                    format_args!("{id}: needs {years} consecutive clean years; the start is unknown (no record and no registration date `subject.since`), so it cannot be granted"),
                ),
                IncentiveState::Pending { years, start: st, on } => {
                    put(o, format_args!("{id}: needs {years} consecutive clean years ("));
                    start(o, st);
                    put(o, format_args!("), earned on {}", fmt_date(*on)));
                }
                IncentiveState::NotEarned => put(o, format_args!("{id}: not earned (grade {grade})")),
            }
        }
        Msg::Check { measure, record, passed, what } => check(o, &measure.entry, record, *passed, what),
        Msg::Verdict { measure, record, verdict, failed } => {
            let e = &measure.entry;
            match verdict {
                Verdict::Allowed => {
                    put(o, format_args!("`{}` may be taken for record {record}: lawful, relevant and proportionate", e.id))
                }
                Verdict::Refused => {
                    put(o, format_args!("`{}` may not be taken for record {record}: ", e.id));
                    join(o, failed, "; ", |o, w| check(o, e, record, false, w));
                }
            }
        }
        Msg::Period(f) => {
            o.push_str("the period is ");
            match (f.length, f.list_maximum) {
                (Some(s), true) => {
                    o.push_str("not stated: the listing body fixes this list's term case by case within ");
                    if let Some([lo, hi]) = f.range {
                        put(o, format_args!("{lo} to {hi}"));
                    }
                    put(o, format_args!(", and the case does not give it, so the upper bound of {s} is used as the latest possible end (provisional)"));
                }
                (Some(s), false) => put(o, format_args!("{s}")),
                (None, _) => o.push_str("open-ended until removal"),
            }
            put(o, format_args!(", counted from the day after {}", fmt_date(f.decided_on)));
            if let Some(e) = f.nominal_end {
                put(o, format_args!(", ending on {}", fmt_date(e)));
            }
            if f.extended.n > 0 {
                put(
                    o,
                    format_args!(
                        " (extended by {}{})",
                        f.extended,
                        if f.extension_capped { ", the most the list allows in total" } else { "" }
                    ),
                );
            }
            if f.suspended_days > 0 && f.term_fixed {
                put(o, format_args!("; joint-sanction measures were suspended for {} days, but the list's term is set by a national instrument and a local suspension does not move its end", f.suspended_days));
            } else if f.suspended_days > 0 {
                put(o, format_args!("; {} suspended days move the end to ", f.suspended_days));
                if let Some(d) = f.effective_end {
                    put(o, format_args!("{}", fmt_date(d)));
                }
            }
        }
        Msg::StatusActive { until, latest } => {
            o.push_str("in force (");
            match until {
                Some(e) => put(o, format_args!("until {}", fmt_date(*e))),
                None => o.push_str("until removed"),
            }
            if *latest {
                o.push_str(" at the latest: the term is not stated");
            }
            o.push(')');
        }
        Msg::StatusSuspended => o.push_str("an objection or complaint is pending: joint-sanction measures are suspended"),
        Msg::StatusUpheld => o.push_str("the objection (or complaint) was upheld: the record is corrected or revoked"),
        Msg::StatusRepaired => o.push_str("repair took effect: no further sanction measures are taken"),
        Msg::StatusExit { on, event, list, removal_due } => {
            let id = list.as_ref().map_or("", |l| l.entry.id.as_str());
            put(o, format_args!("{}: `{}` takes the subject off `{}`", fmt_date(*on), event, id));
            if let Some(x) = removal_due {
                put(o, format_args!(" (deletion due by {})", fmt_date(*x)));
            }
        }
        Msg::StatusRemoved => o.push_str("the listing body removed the record"),
        Msg::StatusGranted => o.push_str("the early-exit application was granted: the record is off the list"),
        Msg::StatusExpired { end, deletion_due } => {
            put(o, format_args!("the period ended on {}: the record left the joint-sanction system automatically", fmt_date(*end)));
            if let Some(x) = deletion_due {
                put(o, format_args!(" (listing deletion due by {})", fmt_date(*x)));
            }
        }
        Msg::Publication(f) => {
            let e = &f.regime.entry;
            let w = e.windows.of(f.severity);
            put(o, format_args!("{} conduct is {}", f.severity, if w.published { "published" } else { "in principle not published" }));
            match (f.min_end, f.max_end) {
                (Some(a), Some(b)) => put(o, format_args!(", at least until {} and at most until {}", fmt_date(a), fmt_date(b))),
                (None, Some(b)) => put(o, format_args!(", at most until {}", fmt_date(b))),
                _ => {}
            }
            if e.equals_validity {
                o.push_str("; disclosure equals validity");
            }
            if let Some(d) = &f.field {
                put(o, format_args!("; the field regime `{}` for {d} takes precedence over the general regime", e.id));
            }
            if let Some(d) = f.publish_due {
                put(o, format_args!("; to be published by {}", fmt_date(d)));
            }
            if let Some(s) = e.withdraw_within {
                put(o, format_args!("; withdrawn within {s} if the decision is changed or revoked"));
            }
            if e.early_stop_on_application {
                o.push_str("; an early stop may be applied for");
            }
            regime(o, e.from, e.until, e.source.as_deref(), f.decided_on, Deciding::Decision);
        }
        Msg::DoublePublicity { within, due, published, on_time, late_by, as_of } => {
            put(o, format_args!("双公示 requires publication within {} of the decision (by {}); ", within, fmt_date(*due)));
            match (published, on_time) {
                (Some(p), true) => put(o, format_args!("published on time on {}", fmt_date(*p))),
                (Some(p), false) => put(o, format_args!("published on {}, {late_by} working days late", fmt_date(*p))),
                (None, true) => o.push_str("not yet published, still within the deadline"),
                (None, false) => put(o, format_args!("still unpublished on {}, {late_by} working days late", fmt_date(*as_of))),
            }
        }
        Msg::RepairNotApplicable { list, decided_by } => put(
            o,
            format_args!(
                "credit repair does not apply to `{}`: the list's own instrument governs deletion (full performance, settlement performed, the creditor's application, bankruptcy, the end of a fixed term, …), decided by {}",
                list.entry.id,
                decided_by.as_deref().unwrap_or("the listing body")
            ),
        ),
        Msg::Repair(f) => {
            let e = &f.regime.entry;
            put(o, format_args!("repair regime `{}`; an application may succeed ", e.id));
            match f.eligible_from {
                Some(d) => put(o, format_args!("from {}", fmt_date(d))),
                None => o.push_str("at any time"),
            }
            if f.bars().next().is_some() {
                o.push_str(" (barred: ");
                join(o, f.bars(), ", ", |o, b| {
                    o.push_str(match b {
                        RepairBar::SpecifiedSerious => "specified serious conduct",
                        RepairBar::RecentRefusal => "recent refusal",
                    })
                });
                o.push(')');
            }
            o.push_str("; ");
            if f.met().next().is_some() {
                o.push_str("met: ");
                join(o, f.met(), ", ", |o, c| o.push_str(condition(*c)));
                o.push_str("; ");
            }
            if f.missing().next().is_none() {
                o.push_str("all conditions met");
            } else {
                o.push_str("missing: ");
                join(o, f.missing(), ", ", |o, c| o.push_str(condition(*c)));
            }
            put(o, format_args!("; decided by {}", f.decided_by));
            if let Some(d) = f.decision_due {
                put(o, format_args!(", decision due by {}", fmt_date(d)));
            }
            regime(o, e.from, e.until, e.source.as_deref(), f.day, f.deciding);
        }
        Msg::EarlyExit(f) => {
            put(o, format_args!("early exit from `{}` is an application, not an automatic removal: ", f.list.entry.id));
            match f.available_from {
                Some(d) => put(o, format_args!("an application is possible from {}", fmt_date(d))),
                None => o.push_str("the waiting period runs from an event that has not happened yet"),
            }
            o.push_str("; ");
            if !f.met.is_empty() {
                o.push_str("met: ");
                join(o, &f.met, ", ", |o, c| o.push_str(c));
                o.push_str("; ");
            }
            if f.missing.is_empty() {
                o.push_str("all conditions met");
            } else {
                o.push_str("missing: ");
                join(o, &f.missing, ", ", |o, c| o.push_str(c));
            }
            if !f.bars.is_empty() {
                o.push_str("; barred: ");
                join(o, &f.bars, "; ", |o, b| match b {
                    ExitBarFound::RepeatListing { record, within } => {
                        put(o, format_args!("record {record} shows the subject listed again within "));
                        match within {
                            Some(w) => put(o, format_args!("{w}")),
                            None => o.push_str("the window"),
                        }
                    }
                    ExitBarFound::LaterPenalty { record } => {
                        put(o, format_args!("a further heavier administrative penalty after the listing (record {record})"))
                    }
                });
            }
            match (f.granted_on, f.applied_on) {
                (Some(g), _) => put(o, format_args!("; granted on {}", fmt_date(g))),
                (None, Some(a)) => put(o, format_args!("; applied on {}, awaiting the decision", fmt_date(a))),
                _ => {}
            }
        }
        Msg::RelistingBar { earlier, deleted_on, event, within, until, list: _, decided_on } => put(
            o,
            format_args!(
                "record {} was deleted on {} (`{}`): for {} (until {}) the creditor who asked for the deletion may not ask for re-listing; this listing was decided on {}, inside that window — check whether it was on the same creditor's application",
                earlier,
                fmt_date(*deleted_on),
                event,
                within,
                fmt_date(*until),
                fmt_date(*decided_on)
            ),
        ),
        Msg::Complaint { filed, receiving, due, suspends } => {
            put(o, format_args!("complaint filed on {} with {}", fmt_date(*filed), receiving));
            if let Some(d) = due {
                put(o, format_args!(", reply due {}", fmt_date(*d)));
            }
            put(o, format_args!("; measures are {} while it is pending", if *suspends { "suspended" } else { "not suspended" }));
        }
        Msg::Review { filed, list, clock, reply_due, overdue, outcome } => {
            let Some(rv) = &list.entry.review else { return };
            put(
                o,
                format_args!(
                    "correction request filed on {}: `{}` follows its own rules — {} reviews it within {}, by {}{}; if well-founded it is corrected within ",
                    fmt_date(*filed),
                    list.entry.id,
                    rv.receiving,
                    clock,
                    fmt_date(*reply_due),
                    if *overdue { " (overdue)" } else { "" },
                ),
            );
            match rv.correct_within {
                Some(c) => put(o, format_args!("{c}")),
                None => o.push_str("promptly"),
            }
            if let (Some(a), Some(b)) = (rv.appeal_within, rv.appeal_reply_within) {
                put(o, format_args!("; an appeal (复议) may be filed within {a} of the decision and is decided within {b}"));
            }
            o.push_str("; the listing stays in force during review and appeal (the layer's objection procedure and clock do not apply)");
            o.push_str(match outcome {
                Outcome::Upheld => "; upheld, so the listing is corrected or deleted",
                Outcome::Rejected => "; rejected",
                Outcome::Pending => "",
            });
        }
        Msg::Objection(f) => {
            let e = &f.procedure.entry;
            put(o, format_args!("objection filed on {}: {} must reply within {}", fmt_date(f.filed), e.receiving, f.clock));
            if f.forwarded_on.is_some() && e.provider_within.is_some() && e.forwarded_reply_within.is_none() {
                o.push_str(" after forwarding");
            }
            put(o, format_args!(", by {}{}", fmt_date(f.reply_due), if f.overdue { " (overdue)" } else { "" }));
            if let (Some(fw), Some(pd)) = (f.forwarded_on, f.provider_due) {
                put(o, format_args!("; forwarded to the information provider on {}", fmt_date(fw)));
                match f.forward_due {
                    Some(d) if f.forwarded_late => put(o, format_args!(" (after the forwarding deadline {})", fmt_date(d))),
                    Some(d) => put(o, format_args!(" (forwarding due by {})", fmt_date(d))),
                    None => {}
                }
                put(
                    o,
                    format_args!(
                        ", which must check it within {} of forwarding, by {}{}",
                        clock_if_provider(e, f.extended),
                        fmt_date(pd),
                        if f.extended { " (extended)" } else { "" }
                    ),
                );
            }
            if f.not_counted > 0 {
                put(o, format_args!("; {} working days of testing or expert assessment are not counted", f.not_counted));
            }
            o.push_str("; measures are ");
            o.push_str(if f.suspends {
                "suspended"
            } else if e.suspends_measures {
                "not suspended (the list's own instrument keeps the listing in force during review)"
            } else {
                "not suspended"
            });
            o.push_str(" while it is pending");
            if e.marks_record {
                o.push_str("; the record is marked as under objection");
            }
            o.push_str(match (f.outcome, e.resumption) {
                (Outcome::Rejected, Resumption::FromRejection) if f.term_fixed => {
                    "; rejected, so the measures resume (the list's term is set nationally and is not extended)"
                }
                (Outcome::Rejected, Resumption::FromRejection) => "; rejected, so the period continues from the rejection date",
                (Outcome::Upheld, _) => "; upheld, so the record is corrected or revoked",
                _ => "",
            });
        }
        Msg::Supervision { grade, class, excluded } => {
            let l = &class.entry;
            let inspect = match l.inspection {
                Inspection::Fewer => "fewer random inspections",
                Inspection::Normal => "the normal inspection ratio",
                Inspection::More => "more inspections",
                Inspection::Key => "key supervision with much more frequent inspections",
            };
            put(
                o,
                format_args!(
                    "grade {} maps to class {} ({}): {}",
                    grade,
                    l.id,
                    l.name_en.as_deref().unwrap_or(&l.name),
                    inspect
                ),
            );
            if *excluded {
                o.push_str("; excluded from notify-and-commit");
            }
        }
    }
}

/// A measure check's text.
fn check(o: &mut String, e: &MeasureEntry, record: &str, passed: bool, what: &CheckDetail) {
    match *what {
        CheckDetail::Catalogue { as_of } => {
            if passed {
                put(o, format_args!("`{}` is in this jurisdiction's catalogue and in force", e.id))
            } else {
                put(
                    o,
                    format_args!("`{}` is not in force in this jurisdiction's catalogue on {}", e.id, fmt_date(as_of)),
                )
            }
        }
        CheckDetail::LegalBasis => {
            if passed {
                o.push_str("legal basis: ");
                join(o, &e.legal_basis, "; ", |o, b| o.push_str(&b.cite()));
            } else {
                o.push_str("a rights-reducing measure without a law, regulation or central policy basis")
            }
        }
        CheckDetail::RecordInForce { status } => {
            if passed {
                put(o, format_args!("record {record} is in force"))
            } else {
                put(o, format_args!("record {record} is {}: no measure may be taken", status_en(status)))
            }
        }
        CheckDetail::NotSuspended => o.push_str(if passed {
            "measures are not suspended"
        } else {
            "an objection or complaint is pending: joint-sanction measures are suspended"
        }),
        CheckDetail::Scope { watch_only } => o.push_str(if passed {
            "the record is in scope"
        } else if watch_only {
            "a watch-list subject gets proportionate supervision, not sanctions"
        } else {
            "minor conduct (verbal reminders, warnings) is out of scope"
        }),
        CheckDetail::Relevance { by } => {
            if passed {
                let what = match by {
                    Cause::List => "list",
                    Cause::Conduct => "conduct",
                    Cause::Severity => "severity",
                };
                put(o, format_args!("the measure's causes include this record's {what}"))
            } else {
                put(
                    o,
                    format_args!("`{}` is not among the causes this record's list or conduct allows (relevance)", e.id),
                )
            }
        }
        CheckDetail::NotLifted { lift, lifted_on } => {
            let Some(l) = e.lifted_by.get(lift) else { return };
            let basis = l.source.as_deref().unwrap_or("");
            match lifted_on {
                None => put(o, format_args!("the legal ground of `{}` persists ({})", e.id, basis)),
                Some(d) => put(
                    o,
                    format_args!(
                        "`{}` on {} ended the legal ground of `{}` for this cause: it may no longer be taken ({})",
                        l.on,
                        fmt_date(d),
                        e.id,
                        basis
                    ),
                ),
            }
        }
        CheckDetail::Proportionality { severity, list_ok } => {
            if passed {
                put(o, format_args!("intensity {} fits {} conduct", e.intensity, severity))
            } else if !list_ok {
                put(o, format_args!("`{}` applies only to subjects on a serious list, and this record is not on one (no heavy punishment for small faults)", e.id))
            } else {
                put(o, format_args!("`{}` (intensity {}, for {} conduct and above) is too heavy for {} conduct (no heavy punishment for small faults)", e.id, e.intensity, e.min_severity, severity))
            }
        }
        CheckDetail::SubjectKind { target } => {
            if passed {
                put(o, format_args!("applies to {target}"))
            } else {
                put(o, format_args!("`{}` does not apply to {} (targets: ", e.id, target));
                join(o, &e.targets, ", ", |o, t| o.push_str(t.as_str()));
                o.push(')');
            }
        }
        CheckDetail::VoluntaryOnly { by, imposed } => {
            if passed {
                o.push_str("the implementing body acts within its own powers")
            } else if imposed {
                put(o, format_args!("`{}` is taken only voluntarily by ", e.id));
                join(o, &e.voluntary_for, ", ", |o, a| o.push_str(a.as_str()));
                put(o, format_args!(" under market principles, never imposed by a {by}"));
            } else {
                put(o, format_args!("a {by} may not be required to sanction"))
            }
        }
        CheckDetail::Notice { needed, notified } => o.push_str(if !needed {
            "no notice before listing required"
        } else if notified {
            "the subject was notified before listing"
        } else {
            "the subject was not notified before listing"
        }),
    }
}

fn status_en(s: RecordStatus) -> &'static str {
    match s {
        RecordStatus::Active => "active",
        RecordStatus::Suspended => "suspended",
        RecordStatus::Expired => "expired",
        RecordStatus::Repaired => "repaired",
        RecordStatus::Removed => "removed from its list",
        RecordStatus::Exited => "exited",
        RecordStatus::Revoked => "corrected or revoked",
    }
}

/// Which dated regime applied and why: the regime in force on the deciding day, with its range
/// and source, and whether that day is the regime's first or last day.
pub(super) fn regime(
    o: &mut String,
    from: Option<crate::vocab::Date>,
    until: Option<crate::vocab::Date>,
    source: Option<&str>,
    day: NaiveDate,
    what: Deciding,
) {
    let what = match what {
        Deciding::Decision => "decision",
        Deciding::Application => "application",
        Deciding::Evaluation => "evaluation (no application yet)",
    };
    let edge = if from.is_some_and(|f| f.0 == day) {
        " (its first day)"
    } else if until.is_some_and(|u| u.0 == day) {
        " (its last day)"
    } else {
        ""
    };
    put(
        o,
        format_args!("; the regime is chosen by the {what} date {}{edge}: {} (", fmt_date(day), source.unwrap_or("")),
    );
    match (from, until) {
        (Some(f), Some(u)) => put(o, format_args!("in force {} to {}", fmt_date(f.0), fmt_date(u.0))),
        (Some(f), None) => put(o, format_args!("in force from {}", fmt_date(f.0))),
        (None, Some(u)) => put(o, format_args!("in force until {}", fmt_date(u.0))),
        (None, None) => o.push_str("undated"),
    }
    o.push(')');
}

fn condition(c: RepairCondition) -> &'static str {
    match c {
        RepairCondition::MinimumPeriod => "minimum period reached",
        RepairCondition::Corrected => "conduct corrected",
        RepairCondition::ObligationsPerformed => "obligations performed",
        RepairCondition::Commitment => "credit commitment made",
    }
}
