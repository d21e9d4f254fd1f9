//! The Chinese catalogue: one arm per message of [`Msg`](super::Msg).

use super::{join, put, Msg};
use crate::eval::fmt_date;
use crate::policy::model::{Inspection, TriageOutcome};
use crate::vocab::Grade;

/// Append `m`'s Chinese text to `o`.
pub(super) fn write(m: &Msg, o: &mut String) {
    match m {
        Msg::Projected { years } => {
            o.push_str("暂定：国务院办公厅关于");
            let mut first = true;
            for y in years.iter() {
                if !first {
                    o.push('、');
                }
                first = false;
                put(o, format_args!("{y}"));
            }
            o.push_str("年部分节假日安排的通知尚未载入，本结论所用的该年工作日系按《全国年节及纪念日放假办法》及近年通知的调休原则推算，实际放假和调休安排可能不同");
        }
        Msg::GradeNoRecord { as_of } => put(o, format_args!("截至 {} 无有效失信记录，评为守信", fmt_date(*as_of))),
        Msg::GradeBy { grade, record, domain, others } => {
            match grade {
                Grade::KeyDomain => put(o, format_args!("记录 {record} 属重点领域（{domain}）失信，评为重点领域失信")),
                Grade::Serious => put(o, format_args!("记录 {record} 列入严重失信主体名单或属严重失信，评为严重失信")),
                Grade::WatchList => {
                    put(o, format_args!("记录 {record} 存在失信行为但未达到严重失信认定标准，列为重点关注"))
                }
                Grade::General => put(o, format_args!("记录 {record} 处于一般失信状态，评为一般失信")),
                Grade::Trustworthy => o.push_str("守信"),
            }
            if !others.is_empty() {
                o.push_str("（优先于：");
                join(o, others, "、", |o, g| o.push_str(g.as_str()));
                o.push_str("）");
            }
        }
        Msg::CommitmentNotYetFound => o.push_str("承诺尚未被认定为违反"),
        Msg::CommitmentKept => o.push_str("信用承诺已纳入信用记录，作为事中事后监管依据"),
        Msg::CommitmentNegative { found, false_commitment, severity } => put(
            o,
            format_args!(
                "{} 认定承诺{}，作为{}失信信息纳入信用记录并依法依规惩戒",
                fmt_date(*found),
                if *false_commitment { "不实" } else { "未履行" },
                severity.zh()
            ),
        ),
        Msg::Triage { rule, records } => {
            let t = &rule.entry;
            let label = match t.outcome {
                TriageOutcome::Exit => "退出",
                TriageOutcome::Assist => "帮扶",
                TriageOutcome::Restrain => "约束",
            };
            put(o, format_args!("纳入{label}清单：{}（记录 ", t.reason));
            join(o, records, "、", |o, r| o.push_str(r));
            o.push('）');
            if let Some(a) = &t.action {
                put(o, format_args!("；{a}"));
            }
        }
        Msg::Supervision { grade, class, excluded } => {
            let l = &class.entry;
            let inspect = match l.inspection {
                Inspection::Fewer => "减少抽查频次，无事不扰",
                Inspection::Normal => "按常规比例抽查",
                Inspection::More => "提高抽查比例和频次",
                Inspection::Key => "列为重点监管对象，大幅提高抽查比例和频次",
            };
            put(o, format_args!("信用等级“{}”对应 {} 类（{}）：{}", grade.zh(), l.id, l.name, inspect));
            if *excluded {
                o.push_str("；不适用告知承诺制");
            }
        }
    }
}
