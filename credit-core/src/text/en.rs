//! The English catalogue: one arm per message of [`Msg`](super::Msg).

use super::{
    cat, clock_if_provider, join, Cause, CheckDetail, CleanStart, Deciding, ExitBarFound, IncentiveState, Msg,
};
use crate::decision::{Outcome, RecordStatus, Verdict};
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
                cat!(o; y);
            }
            o.push_str(" holiday arrangement is not loaded; the working days this conclusion used were projected from the statute (全国年节及纪念日放假办法) and the 调休 principles of recent notices; the notice may move holidays and make-up working days");
        }
        Msg::GradeNoRecord { as_of } => cat!(o; "no dishonesty record in force on ", *as_of, ": trustworthy"),
        Msg::GradeBy { grade, record, domain, others } => {
            let domain = domain.as_deref().unwrap_or_default();
            match grade {
                Grade::KeyDomain => {
                    cat!(o; "record ", record, " is dishonesty in the key domain `", domain, "`: key-domain grade")
                }
                Grade::Serious => cat!(o; "record ", record, " is on a serious list or is serious dishonesty: serious"),
                Grade::WatchList => {
                    cat!(o; "record ", record, " is dishonest conduct below the serious-list threshold: watch list")
                }
                Grade::General => cat!(o; "record ", record, " is general dishonesty: general"),
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
        Msg::CommitmentNegative { found, false_commitment, severity } => cat!(o;
            "on ",
            *found,
            " the commitment was found ",
            if *false_commitment { "false" } else { "breached" },
            ": it becomes ",
            severity.as_str(),
            " negative information in the credit record and is sanctioned"
        ),
        Msg::Triage { rule, records } => {
            let t = &rule.entry;
            let label = match t.outcome {
                TriageOutcome::Exit => "exit",
                TriageOutcome::Assist => "assist",
                TriageOutcome::Restrain => "restrain",
            };
            cat!(o; label, " list: ", &t.reason_en, " (records ");
            join(o, records, ", ", |o, r| o.push_str(r));
            o.push(')');
            if let Some(a) = &t.action {
                cat!(o; "; action: ", a);
            }
        }
        Msg::Incentive { incentive, grade, state } => {
            let id = &incentive.entry.id;
            let start = |o: &mut String, st: &CleanStart| match st {
                CleanStart::RecordEnded(t, r) => {
                    cat!(o; "counted from the day after record ", r, " stopped having effect on ", *t)
                }
                CleanStart::Registered(t) => cat!(o; "counted from the day after registration on ", *t),
                CleanStart::InForce(_) | CleanStart::Unknown => {}
            };
            match state {
                IncentiveState::Recognised { .. } => cat!(o; id, ": earned as a recognised honest model"),
                IncentiveState::EarnedClean { years, start: st, on } => {
                    cat!(o; id, ": earned on ", *on, " after ", *years, " consecutive years without a bad record (");
                    start(o, st);
                    o.push(')');
                }
                IncentiveState::Met => cat!(o; id, ": conditions met (grade ", grade.as_str(), ")"),
                IncentiveState::InForce { years, record } => cat!(o;
                    id,
                    ": needs ",
                    *years,
                    " consecutive clean years; record ",
                    record,
                    " is still in force, so no clean year has begun"
                ),
                IncentiveState::Unknown { years } => cat!(o;
                    id,
                    ": needs ",
                    *years,
                    " consecutive clean years; the start is unknown (no record and no registration date `subject.since`), so it cannot be granted"
                ),
                IncentiveState::Pending { years, start: st, on } => {
                    cat!(o; id, ": needs ", *years, " consecutive clean years (");
                    start(o, st);
                    cat!(o; "), earned on ", *on);
                }
                IncentiveState::NotEarned => cat!(o; id, ": not earned (grade ", grade.as_str(), ")"),
            }
        }
        Msg::Check { measure, record, passed, what } => check(o, &measure.entry, record, *passed, what),
        Msg::Verdict { measure, record, verdict, failed } => {
            let e = &measure.entry;
            match verdict {
                Verdict::Allowed => {
                    cat!(o; "`", &e.id, "` may be taken for record ", record, ": lawful, relevant and proportionate")
                }
                Verdict::Refused => {
                    cat!(o; "`", &e.id, "` may not be taken for record ", record, ": ");
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
                        cat!(o; lo, " to ", hi);
                    }
                    cat!(o;
                        ", and the case does not give it, so the upper bound of ",
                        s,
                        " is used as the latest possible end (provisional)"
                    );
                }
                (Some(s), false) => cat!(o; s),
                (None, _) => o.push_str("open-ended until removal"),
            }
            cat!(o; ", counted from the day after ", f.decided_on);
            if let Some(e) = f.nominal_end {
                cat!(o; ", ending on ", e);
            }
            if f.extended.n > 0 {
                cat!(o;
                    " (extended by ",
                    f.extended,
                    if f.extension_capped { ", the most the list allows in total" } else { "" },
                    ")"
                );
            }
            if f.suspended_days > 0 && f.term_fixed {
                cat!(o;
                    "; joint-sanction measures were suspended for ",
                    f.suspended_days,
                    " days, but the list's term is set by a national instrument and a local suspension does not move its end"
                );
            } else if f.suspended_days > 0 {
                cat!(o; "; ", f.suspended_days, " suspended days move the end to ");
                if let Some(d) = f.effective_end {
                    cat!(o; d);
                }
            }
        }
        Msg::StatusActive { until, latest } => {
            o.push_str("in force (");
            match until {
                Some(e) => cat!(o; "until ", *e),
                None => o.push_str("until removed"),
            }
            if *latest {
                o.push_str(" at the latest: the term is not stated");
            }
            o.push(')');
        }
        Msg::StatusSuspended => {
            o.push_str("an objection or complaint is pending: joint-sanction measures are suspended")
        }
        Msg::StatusUpheld => o.push_str("the objection (or complaint) was upheld: the record is corrected or revoked"),
        Msg::StatusRepaired => o.push_str("repair took effect: no further sanction measures are taken"),
        Msg::StatusExit { on, event, list, removal_due } => {
            let id = list.as_ref().map_or("", |l| l.entry.id.as_str());
            cat!(o; *on, ": `", event.as_str(), "` takes the subject off `", id, "`");
            if let Some(x) = removal_due {
                cat!(o; " (deletion due by ", *x, ")");
            }
        }
        Msg::StatusRemoved => o.push_str("the listing body removed the record"),
        Msg::StatusGranted => o.push_str("the early-exit application was granted: the record is off the list"),
        Msg::StatusExpired { end, deletion_due } => {
            cat!(o; "the period ended on ", *end, ": the record left the joint-sanction system automatically");
            if let Some(x) = deletion_due {
                cat!(o; " (listing deletion due by ", *x, ")");
            }
        }
        Msg::Publication(f) => {
            let e = &f.regime.entry;
            let w = e.windows.of(f.severity);
            cat!(o;
                f.severity.as_str(),
                " conduct is ",
                if w.published { "published" } else { "in principle not published" }
            );
            match (f.min_end, f.max_end) {
                (Some(a), Some(b)) => cat!(o; ", at least until ", a, " and at most until ", b),
                (None, Some(b)) => cat!(o; ", at most until ", b),
                _ => {}
            }
            if e.equals_validity {
                o.push_str("; disclosure equals validity");
            }
            if let Some(d) = &f.field {
                cat!(o; "; the field regime `", &e.id, "` for ", d, " takes precedence over the general regime");
            }
            if let Some(d) = f.publish_due {
                cat!(o; "; to be published by ", d);
            }
            if let Some(s) = e.withdraw_within {
                cat!(o; "; withdrawn within ", s, " if the decision is changed or revoked");
            }
            if e.early_stop_on_application {
                o.push_str("; an early stop may be applied for");
            }
            regime(o, e.from, e.until, e.source.as_deref(), f.decided_on, Deciding::Decision);
        }
        Msg::DoublePublicity { within, due, published, on_time, late_by, as_of } => {
            cat!(o; "双公示 requires publication within ", *within, " of the decision (by ", *due, "); ");
            match (published, on_time) {
                (Some(p), true) => cat!(o; "published on time on ", *p),
                (Some(p), false) => cat!(o; "published on ", *p, ", ", *late_by, " working days late"),
                (None, true) => o.push_str("not yet published, still within the deadline"),
                (None, false) => cat!(o; "still unpublished on ", *as_of, ", ", *late_by, " working days late"),
            }
        }
        Msg::RepairNotApplicable { list, decided_by } => cat!(o;
            "credit repair does not apply to `",
            &list.entry.id,
            "`: the list's own instrument governs deletion (full performance, settlement performed, the creditor's application, bankruptcy, the end of a fixed term, …), decided by ",
            decided_by.as_deref().unwrap_or("the listing body")
        ),
        Msg::Repair(f) => {
            let e = &f.regime.entry;
            cat!(o; "repair regime `", &e.id, "`; an application may succeed ");
            match f.eligible_from {
                Some(d) => cat!(o; "from ", d),
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
            cat!(o; "; decided by ", &f.decided_by);
            if let Some(d) = f.decision_due {
                cat!(o; ", decision due by ", d);
            }
            regime(o, e.from, e.until, e.source.as_deref(), f.day, f.deciding);
        }
        Msg::EarlyExit(f) => {
            cat!(o; "early exit from `", &f.list.entry.id, "` is an application, not an automatic removal: ");
            match f.available_from {
                Some(d) => cat!(o; "an application is possible from ", d),
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
                        cat!(o; "record ", record, " shows the subject listed again within ");
                        match within {
                            Some(w) => cat!(o; *w),
                            None => o.push_str("the window"),
                        }
                    }
                    ExitBarFound::LaterPenalty { record } => {
                        cat!(o; "a further heavier administrative penalty after the listing (record ", record, ")")
                    }
                });
            }
            match (f.granted_on, f.applied_on) {
                (Some(g), _) => cat!(o; "; granted on ", g),
                (None, Some(a)) => cat!(o; "; applied on ", a, ", awaiting the decision"),
                _ => {}
            }
        }
        Msg::RelistingBar { earlier, deleted_on, event, within, until, list: _, decided_on } => cat!(o;
            "record ",
            earlier,
            " was deleted on ",
            *deleted_on,
            " (`",
            event.as_str(),
            "`): for ",
            *within,
            " (until ",
            *until,
            ") the creditor who asked for the deletion may not ask for re-listing; this listing was decided on ",
            *decided_on,
            ", inside that window — check whether it was on the same creditor's application"
        ),
        Msg::Complaint { filed, receiving, due, suspends } => {
            cat!(o; "complaint filed on ", *filed, " with ", receiving);
            if let Some(d) = due {
                cat!(o; ", reply due ", *d);
            }
            cat!(o; "; measures are ", if *suspends { "suspended" } else { "not suspended" }, " while it is pending");
        }
        Msg::Review { filed, list, clock, reply_due, overdue, outcome } => {
            let Some(rv) = &list.entry.review else { return };
            cat!(o;
                "correction request filed on ",
                *filed,
                ": `",
                &list.entry.id,
                "` follows its own rules — ",
                &rv.receiving,
                " reviews it within ",
                *clock,
                ", by ",
                *reply_due,
                if *overdue { " (overdue)" } else { "" },
                "; if well-founded it is corrected within "
            );
            match rv.correct_within {
                Some(c) => cat!(o; c),
                None => o.push_str("promptly"),
            }
            if let (Some(a), Some(b)) = (rv.appeal_within, rv.appeal_reply_within) {
                cat!(o; "; an appeal (复议) may be filed within ", a, " of the decision and is decided within ", b);
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
            cat!(o; "objection filed on ", f.filed, ": ", &e.receiving, " must reply within ", f.clock);
            if f.forwarded_on.is_some() && e.provider_within.is_some() && e.forwarded_reply_within.is_none() {
                o.push_str(" after forwarding");
            }
            cat!(o; ", by ", f.reply_due, if f.overdue { " (overdue)" } else { "" });
            if let (Some(fw), Some(pd)) = (f.forwarded_on, f.provider_due) {
                cat!(o; "; forwarded to the information provider on ", fw);
                match f.forward_due {
                    Some(d) if f.forwarded_late => cat!(o; " (after the forwarding deadline ", d, ")"),
                    Some(d) => cat!(o; " (forwarding due by ", d, ")"),
                    None => {}
                }
                cat!(o;
                    ", which must check it within ",
                    clock_if_provider(e, f.extended),
                    " of forwarding, by ",
                    pd,
                    if f.extended { " (extended)" } else { "" }
                );
            }
            if f.not_counted > 0 {
                cat!(o; "; ", f.not_counted, " working days of testing or expert assessment are not counted");
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
                (Outcome::Rejected, Resumption::FromRejection) => {
                    "; rejected, so the period continues from the rejection date"
                }
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
            cat!(o;
                "grade ",
                grade.as_str(),
                " maps to class ",
                &l.id,
                " (",
                l.name_en.as_deref().unwrap_or(&l.name),
                "): ",
                inspect
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
                cat!(o; "`", &e.id, "` is in this jurisdiction's catalogue and in force")
            } else {
                cat!(o; "`", &e.id, "` is not in force in this jurisdiction's catalogue on ", as_of)
            }
        }
        CheckDetail::LegalBasis => {
            if passed {
                o.push_str("legal basis: ");
                join(o, &e.legal_basis, "; ", |o, b| o.push_str(b.cite_text()));
            } else {
                o.push_str("a rights-reducing measure without a law, regulation or central policy basis")
            }
        }
        CheckDetail::RecordInForce { status } => {
            if passed {
                cat!(o; "record ", record, " is in force")
            } else {
                cat!(o; "record ", record, " is ", status_en(status), ": no measure may be taken")
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
                cat!(o; "the measure's causes include this record's ", what)
            } else {
                cat!(o; "`", &e.id, "` is not among the causes this record's list or conduct allows (relevance)")
            }
        }
        CheckDetail::NotLifted { lift, lifted_on } => {
            let Some(l) = e.lifted_by.get(lift) else { return };
            let basis = l.source.as_deref().unwrap_or("");
            match lifted_on {
                None => cat!(o; "the legal ground of `", &e.id, "` persists (", basis, ")"),
                Some(d) => cat!(o;
                    "`",
                    l.on.as_str(),
                    "` on ",
                    d,
                    " ended the legal ground of `",
                    &e.id,
                    "` for this cause: it may no longer be taken (",
                    basis,
                    ")"
                ),
            }
        }
        CheckDetail::Proportionality { severity, list_ok } => {
            if passed {
                cat!(o; "intensity ", e.intensity, " fits ", severity.as_str(), " conduct")
            } else if !list_ok {
                cat!(o;
                    "`",
                    &e.id,
                    "` applies only to subjects on a serious list, and this record is not on one (no heavy punishment for small faults)"
                )
            } else {
                cat!(o;
                    "`",
                    &e.id,
                    "` (intensity ",
                    e.intensity,
                    ", for ",
                    e.min_severity.as_str(),
                    " conduct and above) is too heavy for ",
                    severity.as_str(),
                    " conduct (no heavy punishment for small faults)"
                )
            }
        }
        CheckDetail::SubjectKind { target } => {
            if passed {
                cat!(o; "applies to ", target.as_str())
            } else {
                cat!(o; "`", &e.id, "` does not apply to ", target.as_str(), " (targets: ");
                join(o, &e.targets, ", ", |o, t| o.push_str(t.as_str()));
                o.push(')');
            }
        }
        CheckDetail::VoluntaryOnly { by, imposed } => {
            if passed {
                o.push_str("the implementing body acts within its own powers")
            } else if imposed {
                cat!(o; "`", &e.id, "` is taken only voluntarily by ");
                join(o, &e.voluntary_for, ", ", |o, a| o.push_str(a.as_str()));
                cat!(o; " under market principles, never imposed by a ", by.as_str());
            } else {
                cat!(o; "a ", by.as_str(), " may not be required to sanction")
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
    cat!(o; "; the regime is chosen by the ", what, " date ", day, edge, ": ", source.unwrap_or(""), " (");
    match (from, until) {
        (Some(f), Some(u)) => cat!(o; "in force ", f, " to ", u),
        (Some(f), None) => cat!(o; "in force from ", f),
        (None, Some(u)) => cat!(o; "in force until ", u),
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
