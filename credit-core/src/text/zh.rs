//! The Chinese catalogue: one arm per message of [`Msg`](super::Msg).

use super::{
    cat, clock_if_provider, join, Cause, CheckDetail, CleanStart, Deciding, ExitBarFound, IncentiveState, Msg, ZhSpan,
};
use crate::decision::{Outcome, RecordStatus, Verdict};
use crate::policy::model::MeasureEntry;
use crate::policy::model::RepairCondition;
use crate::policy::model::Resumption;
use crate::policy::model::{Inspection, TriageOutcome};
use crate::vocab::Grade;
use crate::vocab::{Actor, EventType};
use chrono::NaiveDate;

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
                cat!(o; y);
            }
            o.push_str("年部分节假日安排的通知尚未载入，本结论所用的该年工作日系按《全国年节及纪念日放假办法》及近年通知的调休原则推算，实际放假和调休安排可能不同");
        }
        Msg::GradeNoRecord { as_of } => cat!(o; "截至 ", *as_of, " 无有效失信记录，评为守信"),
        Msg::GradeBy { grade, record, domain, others } => {
            let domain = domain.as_deref().unwrap_or_default();
            match grade {
                Grade::KeyDomain => cat!(o; "记录 ", record, " 属重点领域（", domain, "）失信，评为重点领域失信"),
                Grade::Serious => cat!(o; "记录 ", record, " 列入严重失信主体名单或属严重失信，评为严重失信"),
                Grade::WatchList => {
                    cat!(o; "记录 ", record, " 存在失信行为但未达到严重失信认定标准，列为重点关注")
                }
                Grade::General => cat!(o; "记录 ", record, " 处于一般失信状态，评为一般失信"),
                Grade::Trustworthy => o.push_str("守信"),
            }
            if !others.is_empty() {
                o.push_str("（优先于：");
                join(o, others, "、", |o, g| o.push_str(g.as_str()));
                o.push('）');
            }
        }
        Msg::CommitmentNotYetFound => o.push_str("承诺尚未被认定为违反"),
        Msg::CommitmentKept => o.push_str("信用承诺已纳入信用记录，作为事中事后监管依据"),
        Msg::CommitmentNegative { found, false_commitment, severity } => cat!(o;
            *found,
            " 认定承诺",
            if *false_commitment { "不实" } else { "未履行" },
            "，作为",
            severity.zh(),
            "失信信息纳入信用记录并依法依规惩戒"
        ),
        Msg::Triage { rule, records } => {
            let t = &rule.entry;
            let label = match t.outcome {
                TriageOutcome::Exit => "退出",
                TriageOutcome::Assist => "帮扶",
                TriageOutcome::Restrain => "约束",
            };
            cat!(o; "纳入", label, "清单：", &t.reason, "（记录 ");
            join(o, records, "、", |o, r| o.push_str(r));
            o.push('）');
            if let Some(a) = &t.action {
                cat!(o; "；", a);
            }
        }
        Msg::Incentive { incentive, grade, state } => {
            let name = &incentive.entry.name;
            let start = |o: &mut String, st: &CleanStart| match st {
                CleanStart::RecordEnded(t, id) => cat!(o; "自记录 ", id, " 于 ", *t, " 失效之次日起算"),
                CleanStart::Registered(t) => cat!(o; "自 ", *t, " 登记（出生）之次日起算"),
                CleanStart::InForce(_) | CleanStart::Unknown => {}
            };
            match state {
                IncentiveState::Recognised { on } => cat!(o; name, "：诚信典型（", *on, "）可享受"),
                IncentiveState::EarnedClean { years, start: st, on } => {
                    cat!(o; name, "：连续", *years, "年无不良信用记录（");
                    start(o, st);
                    cat!(o; "），自 ", *on, " 起可享受");
                }
                IncentiveState::Met => cat!(o; name, "：符合条件（信用等级：", grade.zh(), "）"),
                IncentiveState::InForce { years, record } => cat!(o;
                    name,
                    "：需连续",
                    *years,
                    "年无不良信用记录；记录 ",
                    record,
                    " 仍在有效期内，尚未开始计算无不良记录年限"
                ),
                IncentiveState::Unknown { years } => cat!(o;
                    name,
                    "：需连续",
                    *years,
                    "年无不良信用记录；无任何记录且未提供登记（出生）日期，起算日不明，无法认定"
                ),
                IncentiveState::Pending { years, start: st, on } => {
                    cat!(o; name, "：需连续", *years, "年无不良信用记录（");
                    start(o, st);
                    cat!(o; "），将于 ", *on, " 满足");
                }
                IncentiveState::NotEarned => cat!(o; name, "：不符合条件（信用等级：", grade.zh(), "）"),
            }
        }
        Msg::Check { measure, record, passed, what } => check(o, &measure.entry, record, *passed, what),
        Msg::Verdict { measure, record, verdict, failed } => {
            let e = &measure.entry;
            match verdict {
                Verdict::Allowed => cat!(o; "准予对记录 ", record, " 采取“", &e.name, "”：合法、关联、比例检查均通过"),
                Verdict::Refused => {
                    cat!(o; "不得对记录 ", record, " 采取“", &e.name, "”：");
                    join(o, failed, "；", |o, w| check(o, e, record, false, w));
                }
            }
        }
        Msg::Period(f) => {
            o.push_str("惩戒期限");
            match (f.length, f.list_maximum) {
                (Some(s), true) => {
                    o.push_str("未载明：该名单期限由认定机关在");
                    if let Some([lo, hi]) = f.range {
                        cat!(o; ZhSpan(lo), "至", ZhSpan(hi));
                    }
                    cat!(o; "内个案确定，案件未载明期限，暂按上限", ZhSpan(s), "计算（至迟届满日，暂定）");
                }
                (Some(s), false) => cat!(o; "为", ZhSpan(s)),
                (None, _) => o.push_str("至移出名单为止"),
            }
            cat!(o; "，自 ", f.decided_on, " 次日起算");
            if let Some(e) = f.nominal_end {
                cat!(o; "，至 ", e, " 届满");
            }
            if f.extended.n > 0 {
                cat!(o;
                    "（含延长",
                    ZhSpan(f.extended),
                    if f.extension_capped { "，延长总计不得超过该上限" } else { "" },
                    "）"
                );
            }
            if f.suspended_days > 0 && f.term_fixed {
                cat!(o;
                    "；异议投诉期间联合惩戒措施暂停执行 ",
                    f.suspended_days,
                    " 日，但名单期限由国家规定，不因地方暂停而顺延"
                );
            } else if f.suspended_days > 0 {
                cat!(o; "；异议投诉期间暂停 ", f.suspended_days, " 日，顺延至 ");
                if let Some(d) = f.effective_end {
                    cat!(o; d);
                }
            }
        }
        Msg::StatusActive { until, latest } => {
            o.push_str("惩戒期内（");
            match until {
                Some(e) => cat!(o; "至 ", *e),
                None => o.push_str("至移出名单"),
            }
            if *latest {
                o.push_str("，为至迟届满日：期限未载明");
            }
            o.push('）');
        }
        Msg::StatusSuspended => o.push_str("异议（投诉）处理期间，联合惩戒措施暂停执行"),
        Msg::StatusUpheld => o.push_str("异议（投诉）成立，失信信息已更正或撤销"),
        Msg::StatusRepaired => o.push_str("信用修复已生效，不再对该主体采取惩戒措施"),
        Msg::StatusExit { on, event, list, removal_due } => {
            let name = list.as_ref().map_or("", |l| &*l.entry.name);
            cat!(o; *on, "：", event.zh(), "，移出", name);
            if let Some(x) = removal_due {
                cat!(o; "（应于 ", *x, " 前删除）");
            }
        }
        Msg::StatusRemoved => o.push_str("认定单位已移出名单"),
        Msg::StatusGranted => o.push_str("提前退出申请已获准许，移出名单"),
        Msg::StatusExpired { end, deletion_due } => {
            cat!(o; "惩戒期限于 ", *end, " 届满，自动移出联合惩戒系统");
            if let Some(x) = deletion_due {
                cat!(o; "（应于 ", *x, " 前删除名单信息）");
            }
        }
        Msg::Publication(f) => {
            let e = &f.regime.entry;
            let w = e.windows.of(f.severity);
            cat!(o; f.severity.zh(), "类失信信息", if w.published { "公示" } else { "原则上不公示" });
            match (f.min_end, f.max_end) {
                (Some(a), Some(b)) => cat!(o; "，最短至 ", a, "，最长至 ", b),
                (None, Some(b)) => cat!(o; "，最长至 ", b),
                _ => {}
            }
            if e.equals_validity {
                o.push_str("；披露期限与有效期一致");
            }
            if let Some(d) = &f.field {
                cat!(o; "；", d, " 领域适用专门公示规定 `", &e.id, "`，优先于一般规定");
            }
            if let Some(d) = f.publish_due {
                cat!(o; "；应于 ", d, " 前公示");
            }
            if let Some(s) = e.withdraw_within {
                cat!(o; "；决定变更或撤销的，", ZhSpan(s), "内撤下");
            }
            if e.early_stop_on_application {
                o.push_str("；可申请提前停止公示");
            }
            regime(o, e.from, e.until, e.source.as_deref(), f.decided_on, Deciding::Decision);
        }
        Msg::DoublePublicity { within, due, published, on_time, late_by, as_of } => {
            cat!(o; "“双公示”应于决定后", ZhSpan(*within), "内（", *due, " 前）公示；");
            match (published, on_time) {
                (Some(p), true) => cat!(o; "已于 ", *p, " 按时公示"),
                (Some(p), false) => cat!(o; *p, " 公示，迟延 ", *late_by, " 个工作日"),
                (None, true) => o.push_str("尚未公示，仍在期限内"),
                (None, false) => cat!(o; "截至 ", *as_of, " 仍未公示，已迟延 ", *late_by, " 个工作日"),
            }
        }
        Msg::RepairNotApplicable { list, decided_by } => cat!(o;
            &list.entry.name,
            "不适用信用修复规定：名单信息依其设立依据删除（如全部履行、执行和解履行完毕、申请执行人申请删除、破产、期限届满等），由",
            decided_by.as_deref().unwrap_or("列入机关"),
            "决定"
        ),
        Msg::Repair(f) => {
            let e = &f.regime.entry;
            cat!(o; "适用修复规定 ", &e.id, "；");
            if let Some(d) = f.eligible_from {
                cat!(o; "自 ", d, " 起");
            }
            o.push_str("可申请修复");
            if f.bars().next().is_some() {
                o.push_str("（存在不得提前修复的情形）");
            }
            o.push('；');
            if f.met().next().is_some() {
                o.push_str("已满足：");
                join(o, f.met(), "、", |o, c| o.push_str(condition(*c)));
                o.push('；');
            }
            if f.missing().next().is_none() {
                o.push_str("条件均已满足");
            } else {
                o.push_str("尚缺：");
                join(o, f.missing(), "、", |o, c| o.push_str(condition(*c)));
            }
            cat!(o; "；由", &f.decided_by, "决定");
            if let Some(d) = f.decision_due {
                cat!(o; "，应于 ", d, " 前作出决定");
            }
            regime(o, e.from, e.until, e.source.as_deref(), f.day, f.deciding);
        }
        Msg::EarlyExit(f) => {
            cat!(o; &f.list.entry.name, "依申请提前退出（不自动移出）：");
            match f.available_from {
                Some(d) => cat!(o; "自 ", d, " 起可申请"),
                None => o.push_str("等待期自相关事件发生之日起算，尚未开始"),
            }
            o.push('；');
            if !f.met.is_empty() {
                o.push_str("已满足：");
                join(o, &f.met, "、", |o, c| o.push_str(exit_condition(c)));
                o.push('；');
            }
            if f.missing.is_empty() {
                o.push_str("条件均已满足");
            } else {
                o.push_str("尚缺：");
                join(o, &f.missing, "、", |o, c| o.push_str(exit_condition(c)));
            }
            if !f.bars.is_empty() {
                o.push_str("；不得提前退出：");
                join(o, &f.bars, "；", |o, b| match b {
                    ExitBarFound::RepeatListing { record, within } => {
                        cat!(o; "记录 ", record, " 表明该主体");
                        if let Some(w) = within {
                            cat!(o; ZhSpan(*w));
                        }
                        o.push_str("内再次被列入");
                    }
                    ExitBarFound::LaterPenalty { record } => cat!(o; "列入后又受到较重行政处罚（记录 ", record, "）"),
                });
            }
            match (f.granted_on, f.applied_on) {
                (Some(g), _) => cat!(o; "；已于 ", g, " 准予退出"),
                (None, Some(a)) => cat!(o; "；已于 ", a, " 提出申请，待决定"),
                _ => {}
            }
        }
        Msg::RelistingBar { earlier, deleted_on, event, within, until, list, decided_on } => cat!(o;
            "记录 ",
            earlier,
            " 已于 ",
            *deleted_on,
            " ",
            event.zh(),
            "，",
            ZhSpan(*within),
            "内（至 ",
            *until,
            "）申请执行人不得再次申请将该主体纳入",
            &list.entry.name,
            "；本次列入决定于 ",
            *decided_on,
            " 作出，应核查是否系同一申请执行人的申请"
        ),
        Msg::Complaint { filed, receiving, due, suspends } => {
            cat!(o; *filed, " 向", receiving, "投诉");
            if let Some(d) = due {
                cat!(o; "，答复期限至 ", *d);
            }
            o.push_str(if *suspends {
                "；投诉期间联合惩戒措施暂停执行"
            } else {
                "；投诉期间惩戒措施不停止执行"
            });
        }
        Msg::Review { filed, list, clock, reply_due, overdue, outcome } => {
            let Some(rv) = &list.entry.review else { return };
            cat!(o;
                *filed,
                " 申请纠正：",
                &list.entry.name,
                "（",
                &rv.receiving,
                "）依其自身规定审查，应在",
                ZhSpan(*clock),
                "内审查完毕，期限至 ",
                *reply_due,
                if *overdue { "（已逾期）" } else { "" },
                "；理由成立的"
            );
            match rv.correct_within {
                Some(c) => cat!(o; ZhSpan(c)),
                None => o.push_str("及时"),
            }
            o.push_str("内更正");
            if let (Some(a), Some(b)) = (rv.appeal_within, rv.appeal_reply_within) {
                cat!(o;
                    "；对决定不服的，可自收到决定之日起",
                    ZhSpan(a),
                    "内申请复议，复议机关",
                    ZhSpan(b),
                    "内作出决定"
                );
            }
            o.push_str("；审查和复议期间不停止原决定的执行（不适用本地异议程序及其答复期限）");
            o.push_str(match outcome {
                Outcome::Upheld => "；纠正申请成立，名单信息予以更正或删除",
                Outcome::Rejected => "；纠正申请被驳回",
                Outcome::Pending => "",
            });
        }
        Msg::Objection(f) => {
            let e = &f.procedure.entry;
            cat!(o; f.filed, " 提出异议，", &e.receiving, "应在");
            if f.forwarded_on.is_some() && e.forwarded_reply_within.is_none() {
                o.push_str("转交后");
            }
            cat!(o; ZhSpan(f.clock), "内答复，期限至 ", f.reply_due, if f.overdue { "（已逾期）" } else { "" });
            if let (Some(fw), Some(pd)) = (f.forwarded_on, f.provider_due) {
                cat!(o; "；", fw, " 转信息提供单位核查");
                match f.forward_due {
                    Some(d) if f.forwarded_late => cat!(o; "（转交期限 ", d, " 已过）"),
                    Some(d) => cat!(o; "（转交期限至 ", d, "）"),
                    None => {}
                }
                cat!(o;
                    "，提供单位应自转交之日起",
                    ZhSpan(clock_if_provider(e, f.extended)),
                    "内核查，期限至 ",
                    pd,
                    if f.extended { "（已延长）" } else { "" }
                );
            }
            if f.not_counted > 0 {
                cat!(o; "；检测、检验或专家评审的 ", f.not_counted, " 个工作日不计入期限");
            }
            o.push_str("；异议期间惩戒措施");
            o.push_str(if f.suspends {
                "暂停执行"
            } else if e.suspends_measures {
                "不停止执行（该名单依其设立依据在复核期间继续有效）"
            } else {
                "不停止执行"
            });
            if e.marks_record {
                o.push_str("，记录标注为异议处理中");
            }
            o.push_str(match (f.outcome, e.resumption) {
                (Outcome::Rejected, Resumption::FromRejection) if f.term_fixed => {
                    "；异议被驳回，惩戒措施恢复执行（名单期限由国家规定，不顺延）"
                }
                (Outcome::Rejected, Resumption::FromRejection) => "；异议被驳回，惩戒期限自驳回之日起继续计算",
                (Outcome::Upheld, _) => "；异议成立，信息予以更正或撤销",
                _ => "",
            });
        }
        Msg::Supervision { grade, class, excluded } => {
            let l = &class.entry;
            let inspect = match l.inspection {
                Inspection::Fewer => "减少抽查频次，无事不扰",
                Inspection::Normal => "按常规比例抽查",
                Inspection::More => "提高抽查比例和频次",
                Inspection::Key => "列为重点监管对象，大幅提高抽查比例和频次",
            };
            cat!(o; "信用等级“", grade.zh(), "”对应 ", &l.id, " 类（", &l.name, "）：", inspect);
            if *excluded {
                o.push_str("；不适用告知承诺制");
            }
        }
    }
}

/// A measure check's text.
fn check(o: &mut String, e: &MeasureEntry, record: &str, passed: bool, what: &CheckDetail) {
    match *what {
        CheckDetail::Catalogue { as_of } => {
            if passed {
                cat!(o; "“", &e.name, "”列于本辖区惩戒措施清单且有效")
            } else {
                cat!(o; "“", &e.name, "”在 ", as_of, " 不在有效的惩戒措施清单内")
            }
        }
        CheckDetail::LegalBasis => {
            if passed {
                o.push_str("依据：");
                join(o, &e.legal_basis, "；", |o, b| o.push_str(b.cite_text()));
            } else {
                o.push_str("减损权益的措施缺少法律、法规或党中央、国务院政策文件依据")
            }
        }
        CheckDetail::RecordInForce { status } => {
            if passed {
                cat!(o; "记录 ", record, " 在惩戒期内")
            } else {
                cat!(o; "记录 ", record, " 已", status_zh(status), "，不得再采取惩戒措施")
            }
        }
        CheckDetail::NotSuspended => o.push_str(if passed {
            "未处于暂停执行期间"
        } else {
            "异议投诉处理期间联合惩戒措施暂停执行"
        }),
        CheckDetail::Scope { watch_only } => o.push_str(if passed {
            "记录属于惩戒范围"
        } else if watch_only {
            "重点关注名单对象只实施与其失信程度相对应的监管措施，不实施惩戒"
        } else {
            "轻微失信（口头提醒、警告等）不在惩戒重点范围"
        }),
        CheckDetail::Relevance { by } => {
            if passed {
                let what = match by {
                    Cause::List => "名单",
                    Cause::Conduct => "失信行为",
                    Cause::Severity => "失信程度",
                };
                cat!(o; "措施的实施事由包含本记录（", what, "）")
            } else {
                cat!(o; "“", &e.name, "”的实施事由不包含本记录的名单或失信行为（关联原则）")
            }
        }
        CheckDetail::NotLifted { lift, lifted_on } => {
            let Some(l) = e.lifted_by.get(lift) else { return };
            let basis = l.source.as_deref().unwrap_or("");
            match lifted_on {
                None => cat!(o; "“", &e.name, "”的法定事由仍然存在（", basis, "）"),
                Some(d) => cat!(o; d, " 已", l.on.zh(), "，“", &e.name, "”的法定事由已消灭，不得再实施（", basis, "）"),
            }
        }
        CheckDetail::Proportionality { severity, list_ok } => {
            if passed {
                cat!(o; "措施强度 ", e.intensity, " 与", severity.zh(), "失信相当")
            } else if !list_ok {
                cat!(o; "“", &e.name, "”仅适用于严重失信主体名单对象，本记录未列入名单（防止小过重惩）")
            } else {
                cat!(o;
                    "“",
                    &e.name,
                    "”（强度 ",
                    e.intensity,
                    "，最低适用",
                    e.min_severity.zh(),
                    "）对",
                    severity.zh(),
                    "失信过重（防止小过重惩）"
                )
            }
        }
        CheckDetail::SubjectKind { target } => {
            if passed {
                cat!(o; "适用对象：", target.zh())
            } else {
                cat!(o; "“", &e.name, "”不适用于", target.zh(), "（适用对象：");
                join(o, &e.targets, "、", |o, t| o.push_str(t.zh()));
                o.push('）');
            }
        }
        CheckDetail::VoluntaryOnly { by, imposed } => {
            if passed {
                o.push_str("实施主体依法自主决定")
            } else if imposed {
                cat!(o; "“", &e.name, "”只能由");
                join(o, &e.voluntary_for, "、", |o, a| o.push_str(actor_zh(*a)));
                cat!(o; "依市场原则自主实施，不得由", actor_zh(by), "强制实施");
            } else {
                cat!(o; "不得强制要求", actor_zh(by), "实施惩戒")
            }
        }
        CheckDetail::Notice { needed, notified } => o.push_str(if !needed {
            "无需列入前告知"
        } else if notified {
            "列入名单前已履行告知程序"
        } else {
            "列入严重失信主体名单前未履行告知程序"
        }),
    }
}

fn status_zh(s: RecordStatus) -> &'static str {
    match s {
        RecordStatus::Active => "生效",
        RecordStatus::Suspended => "暂停",
        RecordStatus::Expired => "期满移出",
        RecordStatus::Repaired => "完成信用修复",
        RecordStatus::Removed => "移出名单",
        RecordStatus::Exited => "退出",
        RecordStatus::Revoked => "更正或撤销",
    }
}

fn actor_zh(a: Actor) -> &'static str {
    match a {
        Actor::AdministrativeBody => "行政机关",
        Actor::Court => "人民法院",
        Actor::FinancialInstitution => "金融机构",
        Actor::CreditAgency => "信用服务机构",
        Actor::IndustryAssociation => "行业协会商会",
        Actor::NewsMedia => "新闻媒体",
        Actor::MarketActor => "市场主体",
    }
}

/// Which dated regime applied and why: the regime in force on the deciding day, with its range
/// and source, and whether that day is the regime's first or last day.
pub(super) fn regime(
    o: &mut String,
    from: Option<crate::vocab::Date>,
    until: Option<crate::vocab::Date>,
    source: Option<&str>,
    day: NaiveDate,
    what: Deciding,
) {
    let what = match what {
        Deciding::Decision => "决定",
        Deciding::Application => "申请",
        Deciding::Evaluation => "评估（尚未申请）",
    };
    let edge = if from.is_some_and(|f| f.0 == day) {
        "（该日为其施行首日）"
    } else if until.is_some_and(|u| u.0 == day) {
        "（该日为其施行末日）"
    } else {
        ""
    };
    cat!(o; "；依", what, "日期 ", day, " 确定适用的规定", edge, "：", source.unwrap_or(""), "（");
    match (from, until) {
        (Some(f), Some(u)) => cat!(o; f, " 至 ", u, " 施行"),
        (Some(f), None) => cat!(o; f, " 起施行"),
        (None, Some(u)) => cat!(o; "施行至 ", u),
        (None, None) => o.push_str("无起止日期"),
    }
    o.push('）');
}

fn condition(c: RepairCondition) -> &'static str {
    match c {
        RepairCondition::MinimumPeriod => "最短公示期届满",
        RepairCondition::Corrected => "已纠正失信行为",
        RepairCondition::ObligationsPerformed => "已履行法定义务",
        RepairCondition::Commitment => "已作出信用承诺",
    }
}

/// An early-exit condition by name: the waiting period or an event type.
fn exit_condition(c: &str) -> &str {
    match c {
        "waiting_period" => "等待期届满",
        other => EventType::ALL.iter().find(|k| k.as_str() == other).map_or(other, |k| k.zh()),
    }
}
