//! `_repr_html_` for `Decision` and `Comparison`: notebooks (Jupyter, VS Code) show the
//! conclusions, their rules and citations as a table, in the decision's language. Every text is
//! HTML-escaped; identifiers are masked as in every other output (the decision's texts already are).

use credit_core::case::Lang;
use credit_core::compare::Comparison;
use credit_core::decision::{Decision, Explanation};

/// Escape text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

fn row(out: &mut String, what: &str, value: &str, e: &Explanation) {
    let provisional = if e.provisional { " †" } else { "" };
    out.push_str(&format!(
        "<tr><td>{}</td><td><b>{}</b>{}</td><td style=\"text-align:left\">{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
        esc(what),
        esc(value),
        provisional,
        esc(&e.message.to_string()),
        esc(&e.rules().iter().map(|r| r.as_ref()).collect::<Vec<_>>().join(" ")),
        esc(&e.citations().iter().map(|c| c.as_ref()).collect::<Vec<_>>().join("；")),
    ));
}

/// The decision as an HTML table: grade, triage, each record's status and period, each proposed
/// measure's verdict, earned incentives and supervision, with messages, rules and citations.
pub(crate) fn decision(d: &Decision) -> String {
    let zh = d.lang == Lang::Zh;
    let t = |z: &'static str, e: &'static str| if zh { z } else { e };
    let mut out = String::from("<table class=\"credit-decision\">");
    out.push_str(&format!(
        "<caption style=\"text-align:left\">{} {} · {} · {} {} · {}</caption>",
        t("决定", "Decision"),
        esc(&d.jurisdiction),
        esc(&d.as_of.to_string()),
        t("主体", "subject"),
        esc(&d.subject.id),
        esc(&d.policy_version)
    ));
    out.push_str(&format!(
        "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t("结论", "Conclusion"),
        t("结果", "Value"),
        t("说明", "Explanation"),
        t("规则", "Rules"),
        t("依据", "Citations")
    ));
    row(&mut out, t("信用等级", "grade"), d.grade.as_str(), &d.grade_explanation);
    if let Some(tr) = &d.triage {
        row(&mut out, t("分类处置", "triage"), &name_of(&tr.outcome), &tr.explanation);
    }
    for r in &d.records {
        row(&mut out, &format!("{} {}", t("记录", "record"), r.id), &name_of(&r.status), &r.status_explanation);
        if let Some(end) = r.period.effective_end {
            row(&mut out, &format!("{} {}", t("期限", "period"), r.id), &end.to_string(), &r.period.explanation);
        }
        for o in &r.objections {
            row(
                &mut out,
                &format!("{} {} {}", t("异议", "objection"), r.id, o.filed_on),
                &format!("{} {}", t("答复期限", "reply due"), o.reply_due),
                &o.explanation,
            );
        }
        if let Some(rep) = &r.repair {
            row(&mut out, &format!("{} {}", t("信用修复", "repair"), r.id), &name_of(&rep.status), &rep.explanation);
        }
    }
    for m in &d.measures {
        row(
            &mut out,
            &format!("{} {} / {}", t("措施", "measure"), m.measure, m.record),
            &name_of(&m.verdict),
            &m.explanation(),
        );
    }
    for i in d.incentives.iter().filter(|i| i.earned) {
        row(&mut out, &format!("{} {}", t("激励", "incentive"), i.incentive), t("获得", "earned"), &i.explanation);
    }
    row(&mut out, t("监管", "supervision"), &d.supervision.level, &d.supervision.explanation);
    out.push_str("</tbody></table>");
    if d.calendar_version.contains("projected") || d.records.iter().any(|r| r.status_explanation.provisional) {
        out.push_str(&format!(
            "<p>† {}</p>",
            t("暂定：使用了推算的节假日安排", "provisional: uses a projected holiday calendar")
        ));
    }
    out
}

/// The comparison as an HTML table: one row per differing field, a column per jurisdiction with
/// its value, rules and message.
pub(crate) fn comparison(c: &Comparison) -> String {
    let mut out = String::from("<table class=\"credit-comparison\"><thead><tr><th>field</th>");
    for j in &c.jurisdictions {
        out.push_str(&format!("<th>{}</th>", esc(j)));
    }
    out.push_str("</tr></thead><tbody>");
    for d in &c.differences {
        out.push_str(&format!("<tr><td>{}</td>", esc(&d.path)));
        for j in &c.jurisdictions {
            let value = d.values.get(j).map(|v| v.to_string()).unwrap_or_default();
            let rules = d.rules.get(j).map(|r| r.join(" ")).unwrap_or_default();
            let why = d.why.get(j).cloned().unwrap_or_default();
            out.push_str(&format!(
                "<td style=\"text-align:left\"><b>{}</b> <small>{}</small><br>{}</td>",
                esc(&value),
                esc(&rules),
                esc(&why)
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}
