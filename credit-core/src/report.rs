//! Plain-text rendering of a decision, for terminals and logs. Identifiers are already masked in
//! the decision, so the text never shows one.

use crate::case::Lang;
use crate::decision::{CheckKind, Decision, Explanation, Outcome, RecordStatus, Verdict};
use crate::policy::model::{Inspection, TriageOutcome};
use crate::text::{cat, Piece};
use crate::vocab::{Date, RegistrationStatus, SubjectKind};

/// Append an explanation as one line: the message, the rule ids, the provisional note. The
/// message is rendered straight into the output (no intermediate string, no formatter).
fn push_why(o: &mut String, e: &Explanation) {
    e.message.write_own(o);
    // The ids joined once per shared list (`Cited::bracket`).
    o.push_str(e.cited.bracket());
    match &e.provisional_note() {
        Some(note) => {
            o.push_str("  ⚠ ");
            note.write_own(o);
        }
        None if e.provisional => o.push_str("  (provisional value)"),
        None => {}
    }
}

/// A date or `—`, as a [`Piece`].
struct DateOrDash(Option<Date>);

impl Piece for DateOrDash {
    fn put_to(self, o: &mut String) {
        match self.0 {
            Some(d) => crate::vocab::push_date(o, d.0),
            None => o.push('—'),
        }
    }
}

fn d(x: &Option<Date>) -> DateOrDash {
    DateOrDash(*x)
}

impl Decision {
    /// The decision as readable text, one conclusion per line with its message and rule ids.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// let case = credit_core::case::Case::from_json(r#"{"as_of": "2025-01-02", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}"#)?;
    /// let text = engine.evaluate(&case)?.to_text();
    /// assert!(text.contains("信用等级: 守信")); // Chinese by default; `Lang::En` gives `grade: trustworthy`
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    pub fn to_text(&self) -> String {
        // Written piece by piece into one string (`cat!`), without the formatter.
        let zh = self.lang == Lang::Zh;
        let t = |a: &'static str, b: &'static str| if zh { a } else { b };
        let mut o = String::with_capacity(8192);
        let o = &mut o;
        cat!(o;
            t("信用决定", "credit decision"),
            " · ",
            &self.jurisdiction,
            " · ",
            t("评价日", "as of"),
            " ",
            self.as_of,
            '\n'
        );
        cat!(o;
            t("政策版本", "policy"),
            " ",
            &self.policy_version,
            " · ",
            t("日历", "calendar"),
            " ",
            &self.calendar_version,
            '\n'
        );
        let s = &self.subject;
        cat!(o;
            t("主体", "subject"),
            " ",
            &s.id,
            " (",
            subject_kind(s.kind, zh),
            ", ",
            registration(s.status, zh),
            ")"
        );
        if !s.id_valid {
            cat!(o; " — ", t("标识码无效", "identifier invalid"), ": ", s.id_error.as_deref().unwrap_or("?"));
        }
        if !s.in_scope {
            o.push_str(t(" — 不在本辖区范围内", " — outside this layer's scope"));
        }
        cat!(o; "\n\n", t("信用等级", "grade"), ": ", if zh { self.grade.zh() } else { self.grade.as_str() }, "\n  ");
        push_why(o, &self.grade_explanation);
        o.push('\n');
        if !self.lists.is_empty() {
            cat!(o; t("名单", "lists"), ":\n");
            for l in &self.lists {
                cat!(o;
                    "  ",
                    &l.list,
                    " (",
                    &l.name,
                    ") ",
                    t("依据记录", "via"),
                    " ",
                    &l.record,
                    " ",
                    t("自", "since"),
                    " ",
                    l.since,
                    " ",
                    t("至", "until"),
                    " ",
                    d(&l.until),
                    '\n'
                );
            }
        }
        if let Some(tr) = &self.triage {
            cat!(o; t("分类处置", "triage"), ": ", triage(tr.outcome, zh), "\n  ");
            push_why(o, &tr.explanation);
            o.push('\n');
        }
        cat!(o;
            t("监管等级", "supervision"),
            ": ",
            &self.supervision.level,
            " (",
            inspection(self.supervision.inspection, zh),
            ")\n  "
        );
        push_why(o, &self.supervision.explanation);
        o.push('\n');
        if !self.records.is_empty() {
            cat!(o; '\n', t("失信记录", "records"), ":\n");
        }
        for r in &self.records {
            cat!(o;
                "  ",
                &r.id,
                " · ",
                &r.conduct,
                " · ",
                if zh { r.severity.zh() } else { r.severity.as_str() },
                " · ",
                &r.domain,
                if r.key_domain { t("（重点领域）", " (key domain)") } else { "" },
                " · ",
                status(r.status, zh)
            );
            if let Some(x) = r.status_since {
                cat!(o; ' ', t("自", "since"), ' ', x);
            }
            cat!(o; "\n    ", t("状态", "status"), ": ");
            push_why(o, &r.status_explanation);
            o.push('\n');
            let p = &r.period;
            cat!(o;
                "    ",
                t("惩戒期限", "period"),
                ": ",
                p.start,
                " → ",
                t("名义届满", "nominal end"),
                " ",
                d(&p.nominal_end),
                ", ",
                t("暂停", "suspended"),
                " ",
                p.suspended_days,
                " ",
                t("日", "days"),
                ", ",
                t("实际届满", "effective end"),
                " ",
                d(&p.effective_end),
                ", "
            );
            match (p.days_remaining, zh) {
                (Some(x), true) => cat!(o; "剩余 ", x, " 日"),
                (Some(x), false) => cat!(o; x, " days left"),
                (None, true) => o.push_str("至移出名单"),
                (None, false) => o.push_str("open-ended"),
            }
            o.push_str("\n      ");
            push_why(o, &p.explanation);
            o.push('\n');
            for ob in &r.objections {
                cat!(o;
                    "    ",
                    t("异议", "objection"),
                    " ",
                    ob.filed_on,
                    ": ",
                    outcome(ob.outcome, zh),
                    ", ",
                    t("答复期限", "reply due"),
                    " ",
                    ob.reply_due,
                    if ob.overdue { t("（已逾期）", " (overdue)") } else { "" },
                    "\n      "
                );
                push_why(o, &ob.explanation);
                o.push('\n');
                if let Some(c) = &ob.complaint {
                    cat!(o; "      ", t("投诉", "complaint"), ": ");
                    push_why(o, &c.explanation);
                    o.push('\n');
                }
            }
            if let Some(p) = &r.publication {
                cat!(o; "    ", t("公示", "publication"), ": ");
                push_why(o, &p.explanation);
                o.push('\n');
            }
            if let Some(dp) = &r.double_publicity {
                o.push_str("    双公示: ");
                push_why(o, &dp.explanation);
                o.push('\n');
            }
            if let Some(rep) = &r.repair {
                cat!(o; "    ", t("信用修复", "repair"), ": ");
                push_why(o, &rep.explanation);
                o.push('\n');
            }
        }
        if !self.measures.is_empty() {
            cat!(o; '\n', t("拟采取的措施", "proposed measures"), ":\n");
        }
        for m in &self.measures {
            let mark = match (m.verdict, zh) {
                (Verdict::Allowed, true) => "准予",
                (Verdict::Allowed, false) => "allowed",
                (Verdict::Refused, true) => "不予",
                (Verdict::Refused, false) => "REFUSED",
            };
            cat!(o; "  ", mark, ": ", &m.measure, " ", t("针对记录", "for"), " ", &m.record, "\n    ");
            push_why(o, &m.explanation());
            o.push('\n');
            for c in m.checks().iter().filter(|c| !c.passed) {
                cat!(o; "    ✗ ", check(c.check, zh), " [", &c.rule, "]: ");
                c.message.write_own(o);
                o.push('\n');
            }
        }
        for p in &self.permitted_measures {
            cat!(o; t("可采取的措施 · 记录", "permitted for"), " ", &p.record, ": ");
            if p.measures.is_empty() {
                o.push_str(t("无", "none"));
            } else {
                crate::text::join(o, &p.measures, ", ", |o, m| o.push_str(m));
            }
            o.push('\n');
        }
        if !self.incentives.is_empty() {
            cat!(o; '\n', t("守信激励", "incentives"), ":\n");
        }
        for i in &self.incentives {
            cat!(o;
                "  ",
                if i.earned { t("已获得", "earned") } else { t("未获得", "not earned") },
                " ",
                &i.incentive,
                ": "
            );
            push_why(o, &i.explanation);
            o.push('\n');
        }
        for c in &self.commitments {
            cat!(o; t("信用承诺", "commitment"), " ", &c.id, ": ");
            push_why(o, &c.explanation);
            o.push('\n');
        }
        std::mem::take(o)
    }
}

fn status(s: RecordStatus, zh: bool) -> &'static str {
    match (s, zh) {
        (RecordStatus::Active, true) => "生效",
        (RecordStatus::Suspended, true) => "暂停执行",
        (RecordStatus::Expired, true) => "期满",
        (RecordStatus::Repaired, true) => "已修复",
        (RecordStatus::Removed, true) => "已移出名单",
        (RecordStatus::Exited, true) => "已退出",
        (RecordStatus::Revoked, true) => "已更正或撤销",
        // The English words are the JSON names (the enum's `Display`).
        (RecordStatus::Active, false) => "active",
        (RecordStatus::Suspended, false) => "suspended",
        (RecordStatus::Expired, false) => "expired",
        (RecordStatus::Repaired, false) => "repaired",
        (RecordStatus::Removed, false) => "removed",
        (RecordStatus::Exited, false) => "exited",
        (RecordStatus::Revoked, false) => "revoked",
    }
}

fn outcome(x: Outcome, zh: bool) -> &'static str {
    match (x, zh) {
        (Outcome::Pending, true) => "处理中",
        (Outcome::Upheld, true) => "成立",
        (Outcome::Rejected, true) => "驳回",
        (Outcome::Pending, false) => "pending",
        (Outcome::Upheld, false) => "upheld",
        (Outcome::Rejected, false) => "rejected",
    }
}

fn triage(x: TriageOutcome, zh: bool) -> &'static str {
    match (x, zh) {
        (TriageOutcome::Exit, true) => "退出清单",
        (TriageOutcome::Assist, true) => "帮扶清单",
        (TriageOutcome::Restrain, true) => "约束清单",
        (TriageOutcome::Exit, false) => "exit",
        (TriageOutcome::Assist, false) => "assist",
        (TriageOutcome::Restrain, false) => "restrain",
    }
}

fn inspection(x: Inspection, zh: bool) -> &'static str {
    match (x, zh) {
        (Inspection::Fewer, true) => "减少抽查",
        (Inspection::Normal, true) => "常规抽查",
        (Inspection::More, true) => "增加抽查",
        (Inspection::Key, true) => "重点监管",
        (Inspection::Fewer, false) => "fewer",
        (Inspection::Normal, false) => "normal",
        (Inspection::More, false) => "more",
        (Inspection::Key, false) => "key",
    }
}

fn subject_kind(x: SubjectKind, zh: bool) -> &'static str {
    match (x, zh) {
        (SubjectKind::NaturalPerson, true) => "自然人",
        (SubjectKind::LegalPerson, true) => "法人",
        (SubjectKind::OtherOrganization, true) => "非法人组织",
        (x, false) => x.as_str(),
    }
}

fn registration(x: RegistrationStatus, zh: bool) -> &'static str {
    if !zh {
        return x.as_str();
    }
    match x {
        RegistrationStatus::Active => "存续",
        RegistrationStatus::Revoked => "吊销",
        RegistrationStatus::Deregistered => "注销",
        RegistrationStatus::MovedOut => "迁出",
        RegistrationStatus::Suspended => "停业",
        RegistrationStatus::Unreachable => "失联",
        RegistrationStatus::Liquidating => "清算",
        RegistrationStatus::Bankrupt => "破产",
    }
}

fn check(x: CheckKind, zh: bool) -> &'static str {
    match (x, zh) {
        (CheckKind::Catalogue, true) => "目录清单",
        (CheckKind::LegalBasis, true) => "法律依据",
        (CheckKind::RecordInForce, true) => "记录有效",
        (CheckKind::NotSuspended, true) => "未暂停执行",
        (CheckKind::Scope, true) => "惩戒范围",
        (CheckKind::Relevance, true) => "关联",
        (CheckKind::Proportionality, true) => "比例",
        (CheckKind::SubjectKind, true) => "适用对象",
        (CheckKind::VoluntaryOnly, true) => "自主实施",
        (CheckKind::Notice, true) => "告知程序",
        (CheckKind::NotLifted, true) => "措施未解除",
        (CheckKind::Catalogue, false) => "catalogue",
        (CheckKind::LegalBasis, false) => "legal_basis",
        (CheckKind::RecordInForce, false) => "record_in_force",
        (CheckKind::NotSuspended, false) => "not_suspended",
        (CheckKind::Scope, false) => "scope",
        (CheckKind::Relevance, false) => "relevance",
        (CheckKind::Proportionality, false) => "proportionality",
        (CheckKind::SubjectKind, false) => "subject_kind",
        (CheckKind::VoluntaryOnly, false) => "voluntary_only",
        (CheckKind::Notice, false) => "notice",
        (CheckKind::NotLifted, false) => "not_lifted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English words of the text report are the enums' JSON names (their `Display`).
    #[test]
    fn english_words_are_the_json_names() {
        for s in RecordStatus::ALL {
            assert_eq!(status(s, false), s.to_string());
        }
        for x in [Outcome::Pending, Outcome::Upheld, Outcome::Rejected] {
            assert_eq!(outcome(x, false), x.to_string());
        }
        for x in [TriageOutcome::Exit, TriageOutcome::Assist, TriageOutcome::Restrain] {
            assert_eq!(triage(x, false), x.to_string());
        }
        for x in [Inspection::Fewer, Inspection::Normal, Inspection::More, Inspection::Key] {
            assert_eq!(inspection(x, false), x.to_string());
        }
        let checks = [
            CheckKind::Catalogue,
            CheckKind::LegalBasis,
            CheckKind::RecordInForce,
            CheckKind::NotSuspended,
            CheckKind::Scope,
            CheckKind::Relevance,
            CheckKind::Proportionality,
            CheckKind::SubjectKind,
            CheckKind::VoluntaryOnly,
            CheckKind::Notice,
            CheckKind::NotLifted,
        ];
        for x in checks {
            assert_eq!(check(x, false), x.to_string());
        }
    }
}
