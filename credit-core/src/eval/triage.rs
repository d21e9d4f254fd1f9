//! Triage of serious-list subjects (TRI-1..6): exit, assist or restrain.

use super::{Ctx, RecordFacts, Resolved, Why};
use crate::case::Case;
use crate::decision::*;
use crate::policy::model::ListKind;
use crate::text::Msg;
use crate::vocab::RegistrationStatus;
use std::sync::Arc;

pub(crate) fn triage(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
) -> Option<TriageDecision> {
    // Serious-list records that bear on the subject, or were just removed by an exit event.
    let listed: Vec<(&Resolved<'_>, &RecordFacts)> = resolved
        .iter()
        .zip(records)
        .filter(|(r, d)| {
            r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious)
                && matches!(
                    d.status,
                    RecordStatus::Active | RecordStatus::Suspended | RecordStatus::Removed | RecordStatus::Exited
                )
        })
        .collect();
    if listed.is_empty() {
        return None;
    }
    let status = case.subject.status.unwrap_or(RegistrationStatus::Active);
    let mut rules: Vec<_> = ctx.view.triage.all_at(ctx.as_of).collect();
    rules.sort_by_key(|t| t.entry.order);
    for t in rules {
        let w = &t.entry.when;
        let status_ok = w.status.is_empty() || w.status.contains(&status);
        let kind_ok = w.subject_kinds.is_empty() || w.subject_kinds.contains(&case.subject.kind);
        let matching: Vec<&(&Resolved<'_>, &RecordFacts)> = listed
            .iter()
            .filter(|(r, d)| {
                let list_ok = w.lists.is_empty() || r.list.as_ref().is_some_and(|l| w.lists.contains(&l.entry.id));
                let events_ok = w.events.is_empty() || w.events.iter().any(|k| r.has(*k));
                let status_ok = w.record_status.is_empty() || w.record_status.contains(&d.status);
                let repair_ok = w.repair_reachable.is_none_or(|want| d.repair_reachable == want);
                let early_ok = w.early_exit_eligible.is_none_or(|want| d.early_exit_eligible == want);
                list_ok && events_ok && repair_ok && status_ok && early_ok
            })
            .collect();
        if status_ok && kind_ok && !matching.is_empty() {
            let records = matching.iter().map(|(r, _)| Arc::clone(&r.txt)).collect();
            let explanation = Why::new().rule("TRI-1").entry(t).done(ctx, Msg::Triage { rule: Arc::clone(t), records });
            return Some(TriageDecision { outcome: t.entry.outcome, action: t.entry.action.clone(), explanation });
        }
    }
    None
}
