//! Plain-text rendering of a decision, for terminals and logs. Identifiers are already masked in
//! the decision, so the text never shows one.

use crate::case::Lang;
use crate::decision::{CheckKind, Decision, Explanation, Outcome, RecordStatus, Verdict};
use crate::policy::model::{Inspection, TriageOutcome};
use crate::vocab::{RegistrationStatus, SubjectKind};
use std::fmt::Write as _;

/// Append an explanation as one line: the message, the rule ids, the provisional note. The
/// message is rendered straight into the output (no intermediate string, no formatter).
fn push_why(o: &mut String, e: &Explanation) {
    e.message.write_own(o);
    if !e.rules().is_empty() {
        o.push_str("  [");
        for (i, r) in e.rules().iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            o.push_str(r);
        }
        o.push(']');
    }
    match &e.provisional_note() {
        Some(note) => {
            o.push_str("  ⚠ ");
            note.write_own(o);
        }
        None if e.provisional => o.push_str("  (provisional value)"),
        None => {}
    }
}

/// A date or `—`, written straight into the output.
fn d(x: &Option<crate::vocab::Date>) -> DateOrDash {
    DateOrDash(*x)
}

struct DateOrDash(Option<crate::vocab::Date>);

impl std::fmt::Display for DateOrDash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(d) => d.fmt(f),
            None => f.write_str("—"),
        }
    }
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
        let zh = self.lang == Lang::Zh;
        let t = |a: &'static str, b: &'static str| if zh { a } else { b };
        let mut o = String::with_capacity(8192);
        let _ = writeln!(
            o,
            "{} · {} · {} {}",
            t("信用决定", "credit decision"),
            self.jurisdiction,
            t("评价日", "as of"),
            self.as_of
        );
        let _ = writeln!(
            o,
            "{} {} · {} {}",
            t("政策版本", "policy"),
            self.policy_version,
            t("日历", "calendar"),
            self.calendar_version
        );
        let s = &self.subject;
        let _ = writeln!(
            o,
            "{} {} ({}, {}){}{}",
            t("主体", "subject"),
            s.id,
            subject_kind(s.kind, zh),
            registration(s.status, zh),
            if s.id_valid {
                String::new()
            } else {
                format!(" — {}: {}", t("标识码无效", "identifier invalid"), s.id_error.as_deref().unwrap_or("?"))
            },
            if s.in_scope { "" } else { t(" — 不在本辖区范围内", " — outside this layer's scope") }
        );
        let _ = write!(
            o,
            "\n{}: {}\n  ",
            t("信用等级", "grade"),
            if zh { self.grade.zh().to_owned() } else { self.grade.to_string() }
        );
        push_why(&mut o, &self.grade_explanation);
        o.push('\n');
        if !self.lists.is_empty() {
            let _ = writeln!(o, "{}:", t("名单", "lists"));
            for l in &self.lists {
                let _ = writeln!(
                    o,
                    "  {} ({}) {} {} {} {} {} {}",
                    l.list,
                    l.name,
                    t("依据记录", "via"),
                    l.record,
                    t("自", "since"),
                    l.since,
                    t("至", "until"),
                    d(&l.until)
                );
            }
        }
        if let Some(tr) = &self.triage {
            let _ = write!(o, "{}: {}\n  ", t("分类处置", "triage"), triage(tr.outcome, zh));
            push_why(&mut o, &tr.explanation);
            o.push('\n');
        }
        let _ = write!(
            o,
            "{}: {} ({})\n  ",
            t("监管等级", "supervision"),
            self.supervision.level,
            inspection(self.supervision.inspection, zh)
        );
        push_why(&mut o, &self.supervision.explanation);
        o.push('\n');
        if !self.records.is_empty() {
            let _ = writeln!(o, "\n{}:", t("失信记录", "records"));
        }
        for r in &self.records {
            let _ = writeln!(
                o,
                "  {} · {} · {} · {}{} · {}{}",
                r.id,
                r.conduct,
                if zh { r.severity.zh().to_owned() } else { r.severity.to_string() },
                r.domain,
                if r.key_domain { t("（重点领域）", " (key domain)") } else { "" },
                status(r.status, zh),
                r.status_since.map_or_else(String::new, |x| format!(" {} {}", t("自", "since"), x))
            );
            let _ = write!(o, "    {}: ", t("状态", "status"));
            push_why(&mut o, &r.status_explanation);
            o.push('\n');
            let p = &r.period;
            let _ = write!(
                o,
                "    {}: {} → {} {}, {} {} {}, {} {}, {}\n      ",
                t("惩戒期限", "period"),
                p.start,
                t("名义届满", "nominal end"),
                d(&p.nominal_end),
                t("暂停", "suspended"),
                p.suspended_days,
                t("日", "days"),
                t("实际届满", "effective end"),
                d(&p.effective_end),
                match (p.days_remaining, zh) {
                    (Some(x), true) => format!("剩余 {x} 日"),
                    (Some(x), false) => format!("{x} days left"),
                    (None, true) => "至移出名单".to_owned(),
                    (None, false) => "open-ended".to_owned(),
                }
            );
            push_why(&mut o, &p.explanation);
            o.push('\n');
            for ob in &r.objections {
                let _ = write!(
                    o,
                    "    {} {}: {}, {} {}{}\n      ",
                    t("异议", "objection"),
                    ob.filed_on,
                    outcome(ob.outcome, zh),
                    t("答复期限", "reply due"),
                    ob.reply_due,
                    if ob.overdue { t("（已逾期）", " (overdue)") } else { "" }
                );
                push_why(&mut o, &ob.explanation);
                o.push('\n');
                if let Some(c) = &ob.complaint {
                    let _ = write!(o, "      {}: ", t("投诉", "complaint"));
                    push_why(&mut o, &c.explanation);
                    o.push('\n');
                }
            }
            if let Some(p) = &r.publication {
                let _ = write!(o, "    {}: ", t("公示", "publication"));
                push_why(&mut o, &p.explanation);
                o.push('\n');
            }
            if let Some(dp) = &r.double_publicity {
                let _ = write!(o, "    双公示: ");
                push_why(&mut o, &dp.explanation);
                o.push('\n');
            }
            if let Some(rep) = &r.repair {
                let _ = write!(o, "    {}: ", t("信用修复", "repair"));
                push_why(&mut o, &rep.explanation);
                o.push('\n');
            }
        }
        if !self.measures.is_empty() {
            let _ = writeln!(o, "\n{}:", t("拟采取的措施", "proposed measures"));
        }
        for m in &self.measures {
            let mark = match (m.verdict, zh) {
                (Verdict::Allowed, true) => "准予",
                (Verdict::Allowed, false) => "allowed",
                (Verdict::Refused, true) => "不予",
                (Verdict::Refused, false) => "REFUSED",
            };
            let _ = write!(o, "  {mark}: {} {} {}\n    ", m.measure, t("针对记录", "for"), m.record);
            push_why(&mut o, &m.explanation());
            o.push('\n');
            for c in m.checks().iter().filter(|c| !c.passed) {
                let _ = write!(o, "    ✗ {} [{}]: ", check(c.check, zh), c.rule);
                c.message.write_own(&mut o);
                o.push('\n');
            }
        }
        for p in &self.permitted_measures {
            let _ = writeln!(
                o,
                "{} {}: {}",
                t("可采取的措施 · 记录", "permitted for"),
                p.record,
                if p.measures.is_empty() { t("无", "none").to_owned() } else { p.measures.join(", ") }
            );
        }
        if !self.incentives.is_empty() {
            let _ = writeln!(o, "\n{}:", t("守信激励", "incentives"));
        }
        for i in &self.incentives {
            let _ = write!(
                o,
                "  {} {}: ",
                if i.earned { t("已获得", "earned") } else { t("未获得", "not earned") },
                i.incentive
            );
            push_why(&mut o, &i.explanation);
            o.push('\n');
        }
        for c in &self.commitments {
            let _ = write!(o, "{} {}: ", t("信用承诺", "commitment"), c.id);
            push_why(&mut o, &c.explanation);
            o.push('\n');
        }
        o
    }
}

fn status(s: RecordStatus, zh: bool) -> String {
    if !zh {
        return s.to_string();
    }
    match s {
        RecordStatus::Active => "生效",
        RecordStatus::Suspended => "暂停执行",
        RecordStatus::Expired => "期满",
        RecordStatus::Repaired => "已修复",
        RecordStatus::Removed => "已移出名单",
        RecordStatus::Exited => "已退出",
        RecordStatus::Revoked => "已更正或撤销",
    }
    .to_owned()
}

fn outcome(x: Outcome, zh: bool) -> String {
    match (x, zh) {
        (Outcome::Pending, true) => "处理中".to_owned(),
        (Outcome::Upheld, true) => "成立".to_owned(),
        (Outcome::Rejected, true) => "驳回".to_owned(),
        (x, false) => x.to_string(),
    }
}

fn triage(x: TriageOutcome, zh: bool) -> String {
    match (x, zh) {
        (TriageOutcome::Exit, true) => "退出清单".to_owned(),
        (TriageOutcome::Assist, true) => "帮扶清单".to_owned(),
        (TriageOutcome::Restrain, true) => "约束清单".to_owned(),
        (x, false) => x.to_string(),
    }
}

fn inspection(x: Inspection, zh: bool) -> String {
    match (x, zh) {
        (Inspection::Fewer, true) => "减少抽查".to_owned(),
        (Inspection::Normal, true) => "常规抽查".to_owned(),
        (Inspection::More, true) => "增加抽查".to_owned(),
        (Inspection::Key, true) => "重点监管".to_owned(),
        (x, false) => x.to_string(),
    }
}

fn subject_kind(x: SubjectKind, zh: bool) -> String {
    match (x, zh) {
        (SubjectKind::NaturalPerson, true) => "自然人".to_owned(),
        (SubjectKind::LegalPerson, true) => "法人".to_owned(),
        (SubjectKind::OtherOrganization, true) => "非法人组织".to_owned(),
        (x, false) => x.to_string(),
    }
}

fn registration(x: RegistrationStatus, zh: bool) -> String {
    if !zh {
        return x.to_string();
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
    .to_owned()
}

fn check(x: CheckKind, zh: bool) -> String {
    if !zh {
        return x.to_string();
    }
    match x {
        CheckKind::Catalogue => "目录清单",
        CheckKind::LegalBasis => "法律依据",
        CheckKind::RecordInForce => "记录有效",
        CheckKind::NotSuspended => "未暂停执行",
        CheckKind::Scope => "惩戒范围",
        CheckKind::Relevance => "关联",
        CheckKind::Proportionality => "比例",
        CheckKind::SubjectKind => "适用对象",
        CheckKind::VoluntaryOnly => "自主实施",
        CheckKind::Notice => "告知程序",
        CheckKind::NotLifted => "措施未解除",
    }
    .to_owned()
}
