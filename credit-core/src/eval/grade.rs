//! The subject's grade at `as_of` (SUB-2..6).

use super::{Ctx, RecordFacts, Resolved, Why};
use crate::decision::*;
use crate::policy::model::ListKind;
use crate::text::Msg;
use crate::vocab::{Grade, Severity};
use std::sync::Arc;

pub(crate) fn grade(
    ctx: &Ctx<'_>,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
    lists: &[ListMembership],
) -> (Grade, Explanation) {
    // Candidate grades with the record that raises each, as an iterator walked twice (the best,
    // then the others it takes precedence over): no list is built.
    let candidates = || {
        resolved.iter().zip(records).filter(|(_, d)| d.status.in_force()).flat_map(|(r, d)| {
            let serious_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious);
            let watch_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Watch);
            let key = (d.key_domain && r.severity >= Severity::General).then_some((Grade::KeyDomain, r, "SUB-4", true));
            let other = if serious_list || r.severity == Severity::Serious {
                Some((Grade::Serious, r, "SUB-3", false))
            } else if watch_list {
                Some((Grade::WatchList, r, "SUB-6", false))
            } else if d.in_scope {
                // General dishonesty (SUB-2); minor conduct in scope counts as a general dishonest state.
                Some((Grade::General, r, "SUB-2", false))
            } else {
                None
            };
            key.into_iter().chain(other)
        })
    };
    let _ = lists;
    let precedence = |g: Grade| ctx.procs.grade(g).at(ctx.as_of).entry.precedence;
    let best = candidates().max_by_key(|c| precedence(c.0));
    let mut why = Why::new().rule("SUB-5");
    match best {
        None => {
            why = why.entry(ctx.procs.grade(Grade::Trustworthy).at(ctx.as_of));
            (Grade::Trustworthy, why.done(ctx, Msg::GradeNoRecord { as_of: ctx.as_of }))
        }
        Some((g, r, rule, with_domain)) => {
            let domain = with_domain.then(|| Arc::clone(&r.domain));
            why = why.entry(ctx.procs.grade(g).at(ctx.as_of));
            if let Some(domain) = domain.as_deref().filter(|d| !d.is_empty()) {
                if let Some(k) = ctx.view.key_domain.at(domain, ctx.as_of) {
                    why = why.entry(k);
                }
            }
            let others: Vec<Grade> = candidates().filter(|c| c.0 != g).map(|c| c.0).collect();
            let msg = Msg::GradeBy { grade: g, record: Arc::clone(&r.txt), domain, others };
            (g, why.rule(rule).done(ctx, msg))
        }
    }
}
