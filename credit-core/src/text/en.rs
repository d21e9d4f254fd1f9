//! The English catalogue: one arm per message of [`Msg`](super::Msg).

use super::{join, put, Msg};
use crate::eval::fmt_date;
use crate::policy::model::{Inspection, TriageOutcome};
use crate::vocab::Grade;

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
