//! Plain-text rendering of a decision, for terminals and logs. Identifiers are already masked in
//! the decision, so the text never shows one.

use crate::decision::{Decision, Explanation, Outcome, Verdict};
use std::fmt::Write as _;

fn why(e: &Explanation) -> String {
    let mut s = e.message.clone();
    if !e.rules.is_empty() {
        let _ = write!(s, "  [{}]", e.rules.join(", "));
    }
    match &e.provisional_note {
        Some(note) => {
            let _ = write!(s, "  ⚠ {note}");
        }
        None if e.provisional => s.push_str("  (provisional value)"),
        None => {}
    }
    s
}

fn d(x: &Option<crate::vocab::Date>) -> String {
    x.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

impl Decision {
    /// The decision as readable text, one conclusion per line with its message and rule ids.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// let case = credit_core::case::Case::from_json(r#"{"as_of": "2025-01-02", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}"#)?;
    /// let text = engine.evaluate(&case)?.to_text();
    /// assert!(text.contains("grade: trustworthy"));
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "credit decision · {} · as of {}", self.jurisdiction, self.as_of);
        let _ = writeln!(o, "policy {} · calendar {}", self.policy_version, self.calendar_version);
        let s = &self.subject;
        let _ = writeln!(
            o,
            "subject {} ({}, {}){}{}",
            s.id,
            s.kind,
            s.status,
            if s.id_valid {
                String::new()
            } else {
                format!(" — identifier invalid: {}", s.id_error.as_deref().unwrap_or("?"))
            },
            if s.in_scope { "" } else { " — outside this layer's scope" }
        );
        let _ = writeln!(o, "\ngrade: {}\n  {}", self.grade, why(&self.grade_explanation));
        if !self.lists.is_empty() {
            let _ = writeln!(o, "lists:");
            for l in &self.lists {
                let _ =
                    writeln!(o, "  {} ({}) via {} since {} until {}", l.list, l.name, l.record, l.since, d(&l.until));
            }
        }
        if let Some(t) = &self.triage {
            let _ = writeln!(o, "triage: {:?}\n  {}", t.outcome, why(&t.explanation));
        }
        let _ = writeln!(
            o,
            "supervision: {} ({:?})\n  {}",
            self.supervision.level,
            self.supervision.inspection,
            why(&self.supervision.explanation)
        );
        if !self.records.is_empty() {
            let _ = writeln!(o, "\nrecords:");
        }
        for r in &self.records {
            let _ = writeln!(
                o,
                "  {} · {} · {} · {}{} · {:?}{}",
                r.id,
                r.conduct,
                r.severity,
                r.domain,
                if r.key_domain { " (key domain)" } else { "" },
                r.status,
                r.status_since.map_or_else(String::new, |x| format!(" since {}", x))
            );
            let _ = writeln!(o, "    status: {}", why(&r.status_explanation));
            let p = &r.period;
            let _ = writeln!(
                o,
                "    period: {} → nominal end {}, suspended {} days, effective end {}, {} days left\n      {}",
                p.start,
                d(&p.nominal_end),
                p.suspended_days,
                d(&p.effective_end),
                p.days_remaining.map_or_else(|| "open-ended".to_owned(), |x| x.to_string()),
                why(&p.explanation)
            );
            for ob in &r.objections {
                let outcome = match ob.outcome {
                    Outcome::Pending => "pending",
                    Outcome::Upheld => "upheld",
                    Outcome::Rejected => "rejected",
                };
                let _ = writeln!(
                    o,
                    "    objection {}: {}, reply due {}{}\n      {}",
                    ob.filed_on,
                    outcome,
                    ob.reply_due,
                    if ob.overdue { " (overdue)" } else { "" },
                    why(&ob.explanation)
                );
                if let Some(c) = &ob.complaint {
                    let _ = writeln!(o, "      complaint: {}", why(&c.explanation));
                }
            }
            if let Some(p) = &r.publication {
                let _ = writeln!(o, "    publication: {}", why(&p.explanation));
            }
            if let Some(dp) = &r.double_publicity {
                let _ = writeln!(o, "    双公示: {}", why(&dp.explanation));
            }
            if let Some(rep) = &r.repair {
                let _ = writeln!(o, "    repair: {}", why(&rep.explanation));
            }
        }
        if !self.measures.is_empty() {
            let _ = writeln!(o, "\nproposed measures:");
        }
        for m in &self.measures {
            let mark = if m.verdict == Verdict::Allowed { "allowed" } else { "REFUSED" };
            let _ = writeln!(o, "  {mark}: {} for {}\n    {}", m.measure, m.record, why(&m.explanation));
            for c in m.checks.iter().filter(|c| !c.passed) {
                let _ = writeln!(o, "    ✗ {:?} [{}]: {}", c.check, c.rule, c.message);
            }
        }
        for p in &self.permitted_measures {
            let _ = writeln!(
                o,
                "permitted for {}: {}",
                p.record,
                if p.measures.is_empty() { "none".to_owned() } else { p.measures.join(", ") }
            );
        }
        if !self.incentives.is_empty() {
            let _ = writeln!(o, "\nincentives:");
        }
        for i in &self.incentives {
            let _ = writeln!(
                o,
                "  {} {}: {}",
                if i.earned { "earned" } else { "not earned" },
                i.incentive,
                why(&i.explanation)
            );
        }
        for c in &self.commitments {
            let _ = writeln!(o, "commitment {}: {}", c.id, why(&c.explanation));
        }
        o
    }
}
