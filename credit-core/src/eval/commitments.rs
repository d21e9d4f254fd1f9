//! Commitments (COM-1, COM-2): breached or false commitments become negative records.

use super::{Ctx, Resolved, Why};
use crate::case::{Case, CommitmentStatus};
use crate::decision::*;
use crate::error::Error;
use crate::text::Msg;
use std::sync::Arc;

/// Breached or false commitments become negative records (COM-1).
pub(crate) fn commitments<'a>(
    ctx: &Ctx<'_>,
    case: &'a Case,
) -> Result<(Vec<CommitmentDecision>, Vec<Resolved<'a>>), Error> {
    let mut out = Vec::new();
    let mut records = Vec::new();
    for (i, c) in case.commitments.iter().enumerate() {
        let negative = matches!(c.status, CommitmentStatus::Breached | CommitmentStatus::False);
        let found = c.found_on.map_or(c.made_on.0, |d| d.0);
        let policy = ctx.procs.commitment.at(found);
        let breach = &policy.entry.breach_conduct;
        // The conduct exists in every layer (checked at load); a version in force on `found`
        // or the latest one.
        let conduct = ctx.view.conduct.at(breach, found).or_else(|| ctx.view.conduct.versions(breach).last());
        if negative && found > ctx.as_of {
            out.push(CommitmentDecision {
                id: c.id.clone(),
                negative: false,
                record: None,
                severity: None,
                explanation: Why::new().rule("COM-1").done(ctx, Msg::CommitmentNotYetFound),
            });
            continue;
        }
        if !negative {
            out.push(CommitmentDecision {
                id: c.id.clone(),
                negative: false,
                record: None,
                severity: None,
                explanation: Why::new().rule("COM-1").rule("COM-2").done(ctx, Msg::CommitmentKept),
            });
            continue;
        }
        if c.found_on.is_none() {
            return Err(Error::case(
                crate::error::ErrorCode::MissingField,
                format!("commitments[{i}].found_on"),
                "a breached or false commitment needs `found_on`",
            ));
        }
        let severity = policy.entry.breach_severity;
        let mut why = Why::new().rule("COM-1").entry(policy);
        let record_id = format!("commitment:{}", c.id);
        if let Some(conduct) = conduct {
            why = why.entry(conduct);
            records.push(Resolved {
                index: i,
                txt: super::masked_txt(&record_id),
                id: std::borrow::Cow::Owned(record_id.clone()),
                domain: super::shared_id(&ctx.view.domain, &conduct.entry.domain),
                conduct: Arc::clone(conduct),
                severity,
                decided_on: found,
                decided_by: None,
                list: None,
                events: super::Events::Borrowed(&[]),
                synthetic: true,
                term: None,
            });
        }
        out.push(CommitmentDecision {
            id: c.id.clone(),
            negative: true,
            record: Some(record_id),
            severity: Some(severity),
            explanation: why.done(
                ctx,
                Msg::CommitmentNegative { found, false_commitment: c.status == CommitmentStatus::False, severity },
            ),
        });
    }
    Ok((out, records))
}
