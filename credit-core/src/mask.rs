//! Personal data at the output boundary: every string of a finished [`Decision`] passes through
//! [`crate::id::mask_identifiers`] once, just before the decision is returned, so that a unified
//! social credit code or resident identity number placed in a record id, a `decided_by`, a
//! commitment id, a note or a policy text never leaves the engine unmasked — in JSON, in
//! [`Decision::to_text`], in comparisons, in every binding.
//!
//! The structs are destructured without `..`: a field added to the decision does not compile
//! until it is masked here (or listed as not a string). A clean string is neither copied nor
//! reallocated (`mask_identifiers` returns `Cow::Borrowed`).

use crate::decision::*;
use crate::error::Error;
use crate::id::{mask_identifiers, mask_in_place};
use std::borrow::Cow;

fn s(x: &mut String) {
    mask_in_place(x);
}

/// A record id: masked once where a record enters evaluation (`eval::masked_txt`, the only
/// place record ids are made), and shared from there by every field that names the record.
fn record_id(_: &std::sync::Arc<str>) {}

/// Text shared from the policy's catalogue (masked when the policy was loaded).
fn policy_text(_: &std::sync::Arc<str>) {}

fn o(x: &mut Option<String>) {
    if let Some(x) = x {
        mask_in_place(x);
    }
}

fn explanation(e: &mut Explanation) {
    // Rules, entries and citations come from the policy, whose text is masked when it is loaded
    // (`policy::load::parse_set`); messages are masked when they are rendered
    // (`text::Message::write`), whatever they carry.
    let Explanation { cited: _, message: _, provisional: _, projected: _, note_text: _ } = e;
}

/// Mask every identifier in every string of `d`.
pub(crate) fn decision(d: &mut Decision) {
    let Decision {
        jurisdiction,
        as_of: _,
        lang: _,
        policy_version,
        calendar_version,
        subject,
        grade: _,
        grade_explanation,
        lists,
        triage,
        records,
        measures,
        permitted_measures,
        incentives,
        commitments,
        supervision,
    } = d;
    // Policy-derived strings (layer ids and versions, list and measure ids and names, citations,
    // procedures) come from policy text, masked once when it was loaded (`policy::load`); only the
    // strings a case supplies (record ids, the deciding body, commitment ids, domains) are masked
    // here.
    let _ = (jurisdiction, policy_version, calendar_version);
    let SubjectSummary { id, id_valid: _, id_error, kind: _, status: _, in_scope: _ } = subject;
    s(id);
    o(id_error);
    explanation(grade_explanation);
    for l in lists {
        let ListMembership { list, name, kind: _, record, since: _, until: _ } = l;
        let _ = (list, name);
        record_id(record);
    }
    if let Some(TriageDecision { outcome: _, action, explanation: e }) = triage {
        let _ = action;
        explanation(e);
    }
    records.iter_mut().for_each(record);
    for m in measures {
        let MeasureDecision { measure, record, verdict: _, failed: _, body: _ } = m;
        let _ = measure;
        record_id(record);
        // The checks, the legal basis and the explanation are made when read, from the measure's
        // catalogue entry (policy text) and this record id; their messages are masked when
        // rendered (`text::Message::write`).
    }
    for p in permitted_measures {
        let PermittedMeasures { record, measures } = p;
        record_id(record);
        let _ = measures;
    }
    for i in incentives {
        let IncentiveDecision { incentive, earned: _, earned_on: _, benefits, explanation: e } = i;
        let _ = (incentive, benefits);
        explanation(e);
    }
    for c in commitments {
        let CommitmentDecision { id, negative: _, record, severity: _, explanation: e } = c;
        s(id);
        o(record);
        explanation(e);
    }
    let SupervisionDecision { level, inspection: _, treatment, notify_and_commit_excluded: _, explanation: e } =
        supervision;
    let _ = (level, treatment);
    explanation(e);
}

fn record(r: &mut RecordDecision) {
    let RecordDecision {
        id,
        conduct,
        domain,
        severity: _,
        list,
        key_domain: _,
        serious_class: _,
        in_scope: _,
        status: _,
        status_since: _,
        removal_due: _,
        status_explanation,
        period,
        objections,
        publication,
        double_publicity,
        repair,
        early_exit,
        relisting_bar,
    } = r;
    if let Some(crate::decision::EarlyExit {
        list,
        available_from: _,
        eligible: _,
        conditions_met,
        conditions_missing,
        bars,
        applied_on: _,
        granted_on: _,
        explanation: e,
    }) = early_exit
    {
        let _ = (list, conditions_met, conditions_missing, bars);
        explanation(e);
    }
    if let Some(crate::decision::RelistingBarFinding { earlier_record, deleted_on: _, bar_until: _, explanation: e }) =
        relisting_bar
    {
        s(earlier_record);
        explanation(e);
    }
    record_id(id);
    let _ = (conduct, list);
    // Domains are catalogue ids: a case's `domain` must name one, and the decision shares it.
    policy_text(domain);
    explanation(status_explanation);
    let Period {
        start: _,
        length,
        nominal_end: _,
        suspensions: _,
        suspended_days: _,
        effective_end: _,
        days_remaining: _,
        basis,
        explanation: e,
    } = period;
    let _ = (length, basis);
    explanation(e);
    for ob in objections {
        let ObjectionDecision {
            filed_on: _,
            reply_within,
            reply_due: _,
            extended: _,
            mark_due: _,
            forwarded_on: _,
            forward_due: _,
            forwarded_late: _,
            provider_due: _,
            not_counted_working_days: _,
            receiving,
            outcome: _,
            decided_on: _,
            overdue: _,
            marked: _,
            suspends_measures: _,
            complaint,
            explanation: e,
        } = ob;
        let _ = (reply_within, receiving);
        if let Some(ComplaintDecision {
            filed_on: _,
            reply_due: _,
            outcome: _,
            decided_on: _,
            overdue: _,
            suspends_measures: _,
            explanation: e,
        }) = complaint
        {
            explanation(e);
        }
        explanation(e);
    }
    if let Some(Publication {
        regime,
        field: _,
        publish_due: _,
        withdraw_within: _,
        published: _,
        min_end: _,
        max_end: _,
        equals_validity: _,
        ends_on: _,
        explanation: e,
    }) = publication
    {
        let _ = regime;
        explanation(e);
    }
    if let Some(DoublePublicity { due: _, published_on: _, on_time: _, late_by_working_days: _, explanation: e }) =
        double_publicity
    {
        explanation(e);
    }
    if let Some(Repair {
        regime,
        status: _,
        eligible: _,
        eligible_from: _,
        conditions_met: _,
        conditions_missing: _,
        bars: _,
        decided_by,
        decision_due: _,
        reachable: _,
        explanation: e,
    }) = repair
    {
        // The regime and the regime's own deciding body are policy text (masked at load); a
        // deciding body the case names was masked where the record entered evaluation
        // (`eval::resolve`).
        policy_text(regime);
        let _ = decided_by;
        explanation(e);
    }
}

/// The same error with identifiers masked in its message and help (the field path is built from
/// field names and indices). A clean error is returned as it is.
pub(crate) fn error(e: Error) -> Error {
    let message = match mask_identifiers(e.message()) {
        Cow::Owned(m) => Some(m),
        Cow::Borrowed(_) => None,
    };
    let help = e.help().and_then(|h| match mask_identifiers(h) {
        Cow::Owned(m) => Some(m),
        Cow::Borrowed(_) => None,
    });
    let e = match message {
        Some(m) => e.with_message(m),
        None => e,
    };
    match help {
        Some(h) => e.with_help(h),
        None => e,
    }
}
