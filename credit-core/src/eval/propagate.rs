//! Provisional propagates (docs/contract.md, "Provisional conclusions"): a conclusion that used a
//! provisional value is itself provisional. A pass over the finished decision, before masking:
//!
//! 1. a record's status rests on its period: a provisional period makes the status provisional;
//! 2. the grade, the triage and the incentives rest on the statuses of all records (a record
//!    counts only while in force, and whether it still is depends on its period): any provisional
//!    record status makes them provisional;
//! 3. a measure verdict rests on its record's status: a provisional record status makes the
//!    verdict provisional;
//! 4. the supervision level and the incentives rest on the grade: a provisional grade (including
//!    a provisional grade mapping such as `grade/watch_list`) makes them provisional.
//!
//! Only the `provisional` flag travels: `projected_years` and `provisional_note` stay on the
//! conclusion that counted the projected working days.

use crate::decision::Decision;

pub(crate) fn provisional(d: &mut Decision) {
    let mut any_record = false;
    for r in &mut d.records {
        if r.period.explanation.provisional {
            r.status_explanation.provisional = true;
        }
        any_record |= r.status_explanation.provisional;
    }
    if any_record {
        d.grade_explanation.provisional = true;
        if let Some(t) = &mut d.triage {
            t.explanation.provisional = true;
        }
    }
    for m in &mut d.measures {
        // Records and measures share the record's id text (`eval::masked_txt`): a pointer
        // comparison finds it; the text comparison stays for ids made apart.
        let same = |r: &crate::decision::RecordDecision| std::sync::Arc::ptr_eq(&r.id, &m.record) || r.id == m.record;
        if d.records.iter().any(|r| r.status_explanation.provisional && same(r)) {
            m.mark_provisional();
        }
    }
    let grade = d.grade_explanation.provisional;
    if grade {
        d.supervision.explanation.provisional = true;
        for i in &mut d.incentives {
            i.explanation.provisional = true;
        }
    }
}
