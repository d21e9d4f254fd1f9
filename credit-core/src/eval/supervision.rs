//! The supervision level (SUB-5, NAT-9).

use super::{Ctx, RecordFacts, Why};
use crate::decision::*;
use crate::text::Msg;
use crate::vocab::{Grade, Severity};
use std::sync::Arc;

pub(crate) fn supervision(ctx: &Ctx<'_>, grade: Grade, records: &[RecordFacts]) -> SupervisionDecision {
    let g = Some(ctx.procs.grade(grade).at(ctx.as_of));
    let l = ctx.procs.supervision(grade).at(ctx.as_of);
    let excluded = ctx.procs.commitment.at(ctx.as_of).entry.serious_excluded
        && (grade == Grade::Serious || records.iter().any(|r| r.status.in_force() && r.severity == Severity::Serious));
    let mut why = Why::new().rule("SUB-5");
    if let Some(g) = g {
        why = why.entry(g);
    }
    if excluded {
        why = why.rule("COM-2");
    }
    {
        {
            let why = why.entry(l);
            SupervisionDecision {
                level: Arc::clone(&l.id),
                inspection: l.entry.inspection,
                treatment: Arc::clone(&l.entry.treatment),
                notify_and_commit_excluded: excluded,
                explanation: why.done(ctx, Msg::Supervision { grade, class: Arc::clone(l), excluded }),
            }
        }
    }
}
