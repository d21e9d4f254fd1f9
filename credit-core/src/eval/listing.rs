//! The subject (SUB-1) and the lists it is on at `as_of` (SUB-3, SUB-6, SUB-7).

use super::{Ctx, RecordFacts, Resolved};
use crate::case::Case;
use crate::decision::*;
use crate::id;
use crate::policy::model::ListKind;
use crate::vocab::{Date, RegistrationStatus, SubjectKind};
use std::sync::Arc;

pub(crate) fn subject(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordFacts],
) -> SubjectSummary {
    let s = &case.subject;
    let check = id::verdict(&s.id, s.kind == SubjectKind::NaturalPerson, ctx.as_of);
    // Serious-list subjects are in scope whatever their sector (000 §三: 各类严重失信主体);
    // the sector list bounds general dishonesty.
    let listed_serious = resolved
        .iter()
        .zip(records)
        .any(|(r, d)| d.status.in_force() && r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious));
    let in_scope = listed_serious
        || ctx.view.scope.all_at(ctx.as_of).all(|sc| {
            (sc.entry.sectors.is_empty() || s.sector.is_none_or(|x| sc.entry.sectors.contains(&x)))
                && (sc.entry.subject_kinds.is_empty() || sc.entry.subject_kinds.contains(&s.kind))
        });
    SubjectSummary {
        id: id::mask(s.id.trim()),
        id_valid: check.is_ok(),
        id_error: check.err().map(|e| e.code.as_str().to_owned()),
        kind: s.kind,
        status: s.status.unwrap_or(RegistrationStatus::Active),
        in_scope,
    }
}

pub(crate) fn lists(_ctx: &Ctx<'_>, resolved: &[Resolved<'_>], records: &[RecordFacts]) -> Vec<ListMembership> {
    let mut out = Vec::new();
    for (r, d) in resolved.iter().zip(records) {
        if let (Some(l), true) = (&r.list, d.status.in_force()) {
            out.push(ListMembership {
                list: Arc::clone(&l.id),
                name: l.entry.name.clone(),
                kind: l.entry.kind,
                record: Arc::clone(&r.txt),
                since: Date(r.decided_on),
                until: d.effective_end.map(crate::vocab::Date),
            });
        }
    }
    out
}
