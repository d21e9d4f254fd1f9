//! The subject's grade at `as_of` (SUB-2..6).

use super::{Ctx, RecordFacts, Resolved, Why};
use crate::decision::*;
use crate::policy::model::ListKind;
use crate::text::{Msg, Txt};
use crate::vocab::{Grade, Severity};
use std::sync::Arc;

pub(crate) fn grade(
    ctx: &Ctx<'_>,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
    lists: &[ListMembership],
) -> (Grade, Explanation) {
    // Candidate grades with the record that raises each.
    let mut candidates: Vec<(Grade, Txt, &'static str, Option<Txt>)> = Vec::with_capacity(2 * resolved.len());
    for (r, d) in resolved.iter().zip(records) {
        if !d.status.in_force() {
            continue;
        }
        let serious_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious);
        let watch_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Watch);
        if d.key_domain && r.severity >= Severity::General {
            candidates.push((Grade::KeyDomain, Arc::clone(&r.txt), "SUB-4", Some(Arc::clone(&r.domain))));
        }
        if serious_list || r.severity == Severity::Serious {
            candidates.push((Grade::Serious, Arc::clone(&r.txt), "SUB-3", None));
        } else if watch_list {
            candidates.push((Grade::WatchList, Arc::clone(&r.txt), "SUB-6", None));
        } else if d.in_scope {
            // General dishonesty (SUB-2); minor conduct in scope counts as a general dishonest state.
            candidates.push((Grade::General, Arc::clone(&r.txt), "SUB-2", None));
        }
    }
    let _ = lists;
    let precedence = |g: Grade| ctx.procs.grade(g).at(ctx.as_of).entry.precedence;
    let best = candidates.iter().max_by_key(|c| precedence(c.0));
    let mut why = Why::new().rule("SUB-5");
    match best {
        None => {
            why = why.entry(ctx.procs.grade(Grade::Trustworthy).at(ctx.as_of));
            (Grade::Trustworthy, why.done(ctx, Msg::GradeNoRecord { as_of: ctx.as_of }))
        }
        Some((g, rec, rule, domain)) => {
            why = why.entry(ctx.procs.grade(*g).at(ctx.as_of));
            if let Some(domain) = domain.as_deref().filter(|d| !d.is_empty()) {
                if let Some(k) = ctx.view.key_domain.at(domain, ctx.as_of) {
                    why = why.entry(k);
                }
            }
            let others: Vec<Grade> = candidates.iter().filter(|c| c.0 != *g).map(|c| c.0).collect();
            let msg = Msg::GradeBy { grade: *g, record: rec.clone(), domain: domain.clone(), others };
            (*g, why.rule(rule).done(ctx, msg))
        }
    }
}
