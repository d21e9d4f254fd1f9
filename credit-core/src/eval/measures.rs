//! Checking proposed sanction measures (MEA-1..8) and listing the permitted ones.
//!
//! Every check runs; a measure is allowed only when all pass, and a refusal names each failed
//! check with its rule, so a clerk sees every reason at once.

use super::{fmt_date, msg, Ctx, Resolved, Why};
use crate::case::{Case, ProposedMeasure};
use crate::decision::*;
use crate::error::Error;
use crate::policy::model::{ListKind, MeasureEntry};
use crate::policy::Sourced;
use crate::vocab::{Actor, EventType, SubjectKind, Target};

fn subject_target(kind: SubjectKind) -> Target {
    match kind {
        SubjectKind::NaturalPerson => Target::NaturalPerson,
        SubjectKind::LegalPerson => Target::LegalPerson,
        SubjectKind::OtherOrganization => Target::OtherOrganization,
    }
}

/// Per-record facts every measure check needs, looked up once per record.
struct RecordFacts {
    max_intensity: u8,
    notice_required: bool,
}

impl RecordFacts {
    fn of(ctx: &Ctx<'_>, r: &Resolved<'_>) -> Self {
        RecordFacts {
            max_intensity: ctx.procs.severity(r.severity).at(ctx.as_of).entry.max_intensity,
            notice_required: ctx.procs.notice.at(r.decided_on).entry.required,
        }
    }
}

struct Proposal {
    by_kind: Actor,
    voluntary: bool,
    target: Target,
}

/// Run every check. With `detail` false only the verdicts are computed (no messages), which is
/// what `permitted_measures` needs for every measure of the catalogue.
#[allow(
    clippy::too_many_arguments,
    reason = "the inputs of one check are distinct borrowed facts; bundling them would only add a struct"
)]
fn check_one(
    ctx: &Ctx<'_>,
    case: &Case,
    r: &Resolved<'_>,
    d: &RecordDecision,
    m: &Sourced<MeasureEntry>,
    p: &Proposal,
    facts: &RecordFacts,
    in_force: bool,
    detail: bool,
) -> (bool, Vec<Check>) {
    let e = &m.entry;
    let mut checks = if detail { Vec::with_capacity(10) } else { Vec::new() };
    let mut all_passed = true;
    let lang = ctx.lang;
    let mut push =
        |check: CheckKind, passed: bool, rule: &'static str, zh: &dyn Fn() -> String, en: &dyn Fn() -> String| {
            all_passed &= passed;
            if detail {
                let message = match lang {
                    crate::case::Lang::Zh => zh(),
                    crate::case::Lang::En => en(),
                };
                checks.push(Check { check, passed, rule: std::borrow::Cow::Borrowed(rule), message });
            }
        };
    // MEA-1: in the catalogue and in force on as_of here.
    push(
        CheckKind::Catalogue,
        in_force,
        "MEA-1",
        &|| {
            if in_force {
                format!("“{}”列于本辖区惩戒措施清单且有效", e.name)
            } else {
                format!("“{}”在 {} 不在有效的惩戒措施清单内", e.name, fmt_date(ctx.as_of))
            }
        },
        &|| {
            if in_force {
                format!("`{}` is in this jurisdiction's catalogue and in force", e.id)
            } else {
                format!("`{}` is not in force in this jurisdiction's catalogue on {}", e.id, fmt_date(ctx.as_of))
            }
        },
    );
    // MEA-2: legal basis of sufficient rank.
    let basis_ok = !e.rights_reducing || e.legal_basis.iter().any(|b| b.rank.founds_rights_reducing_measure());
    push(
        CheckKind::LegalBasis,
        basis_ok,
        "MEA-2",
        &|| {
            if basis_ok {
                format!("依据：{}", e.legal_basis.iter().map(|b| b.cite()).collect::<Vec<_>>().join("；"))
            } else {
                "减损权益的措施缺少法律、法规或党中央、国务院政策文件依据".into()
            }
        },
        &|| {
            if basis_ok {
                format!("legal basis: {}", e.legal_basis.iter().map(|b| b.cite()).collect::<Vec<_>>().join("; "))
            } else {
                "a rights-reducing measure without a law, regulation or central policy basis".into()
            }
        },
    );
    // PER-1, REP-2, OBJ-3: the record must be in force.
    let in_force_rec = d.status.in_force();
    let rule = match d.status {
        RecordStatus::Repaired => "REP-2",
        RecordStatus::Revoked => "OBJ-3",
        RecordStatus::Removed | RecordStatus::Exited => "TRI-4",
        _ => "PER-1",
    };
    push(
        CheckKind::RecordInForce,
        in_force_rec,
        rule,
        &|| {
            if in_force_rec {
                format!("记录 {} 在惩戒期内", r.id)
            } else {
                format!("记录 {} 已{}，不得再采取惩戒措施", r.id, status_zh(d.status))
            }
        },
        &|| {
            if in_force_rec {
                format!("record {} is in force", r.id)
            } else {
                format!("record {} is {}: no measure may be taken", r.id, status_en(d.status))
            }
        },
    );
    // OBJ-2: suspended during objection where the policy says so.
    let not_suspended = d.status != RecordStatus::Suspended;
    push(
        CheckKind::NotSuspended,
        not_suspended,
        "OBJ-2",
        &|| {
            if not_suspended {
                "未处于暂停执行期间".into()
            } else {
                "异议投诉处理期间联合惩戒措施暂停执行".into()
            }
        },
        &|| {
            if not_suspended {
                "measures are not suspended".into()
            } else {
                "an objection or complaint is pending: joint-sanction measures are suspended".into()
            }
        },
    );
    // SUB-2, SUB-6: scope; watch-list records get supervision, not sanctions.
    let watch_only = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Watch)
        && e.family != crate::vocab::MeasureFamily::Management;
    let scope_ok = d.in_scope && !watch_only;
    push(
        CheckKind::Scope,
        scope_ok,
        if watch_only { "SUB-6" } else { "SUB-2" },
        &|| {
            if scope_ok {
                "记录属于惩戒范围".into()
            } else if watch_only {
                "重点关注名单对象只实施与其失信程度相对应的监管措施，不实施惩戒".into()
            } else {
                "轻微失信（口头提醒、警告等）不在惩戒重点范围".into()
            }
        },
        &|| {
            if scope_ok {
                "the record is in scope".into()
            } else if watch_only {
                "a watch-list subject gets proportionate supervision, not sanctions".into()
            } else {
                "minor conduct (verbal reminders, warnings) is out of scope".into()
            }
        },
    );
    // MEA-1, MEA-3: relevance — the measure's causes include this list or conduct.
    let by_list = r.list.as_ref().is_some_and(|l| e.causes.lists.contains(&l.entry.id));
    let by_conduct = e.causes.conduct.contains(&r.conduct.entry.id);
    let by_severity = e.causes.any_severity.is_some_and(|s| r.severity >= s);
    let relevant = by_list || by_conduct || by_severity;
    push(
        CheckKind::Relevance,
        relevant,
        "MEA-3",
        &|| {
            if relevant {
                format!(
                    "措施的实施事由包含本记录（{}）",
                    if by_list {
                        "名单"
                    } else if by_conduct {
                        "失信行为"
                    } else {
                        "失信程度"
                    }
                )
            } else {
                format!("“{}”的实施事由不包含本记录的名单或失信行为（关联原则）", e.name)
            }
        },
        &|| {
            if relevant {
                format!(
                    "the measure's causes include this record's {}",
                    if by_list {
                        "list"
                    } else if by_conduct {
                        "conduct"
                    } else {
                        "severity"
                    }
                )
            } else {
                format!("`{}` is not among the causes this record's list or conduct allows (relevance)", e.id)
            }
        },
    );
    // NAT-5, MEA-2: an event that ends the measure's legal ground for this cause (data:
    // `lifted_by`), e.g. 税收征收管理法 Art. 44 reaches only unpaid tax.
    let record_list = r.list.as_ref().map(|l| l.entry.id.as_str());
    for lift in
        e.lifted_by.iter().filter(|x| x.lists.is_empty() || record_list.is_some_and(|l| x.lists.iter().any(|y| y == l)))
    {
        let lifted_on = r.first(lift.on);
        let not_lifted = lifted_on.is_none();
        let basis = lift.source.as_deref().unwrap_or("");
        push(
            CheckKind::NotLifted,
            not_lifted,
            "NAT-5",
            &|| match lifted_on {
                None => format!("“{}”的法定事由仍然存在（{}）", e.name, basis),
                Some(d) => {
                    format!("{} 已{}，“{}”的法定事由已消灭，不得再实施（{}）", fmt_date(d), lift.on.zh(), e.name, basis)
                }
            },
            &|| match lifted_on {
                None => format!("the legal ground of `{}` persists ({})", e.id, basis),
                Some(d) => format!(
                    "`{}` on {} ended the legal ground of `{}` for this cause: it may no longer be taken ({})",
                    lift.on,
                    fmt_date(d),
                    e.id,
                    basis
                ),
            },
        );
    }
    // MEA-3: proportionality.
    let max_intensity = facts.max_intensity;
    let serious_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious);
    let severe_enough = r.severity >= e.min_severity;
    let light_enough = e.intensity <= max_intensity;
    let list_ok = !e.requires_list || serious_list;
    let proportionate = severe_enough && light_enough && list_ok;
    push(
        CheckKind::Proportionality,
        proportionate,
        "MEA-3",
        &|| {
            if proportionate {
                format!("措施强度 {} 与{}失信相当", e.intensity, r.severity.zh())
            } else if !list_ok {
                format!("“{}”仅适用于严重失信主体名单对象，本记录未列入名单（防止小过重惩）", e.name)
            } else {
                format!(
                    "“{}”（强度 {}，最低适用{}）对{}失信过重（防止小过重惩）",
                    e.name,
                    e.intensity,
                    e.min_severity.zh(),
                    r.severity.zh()
                )
            }
        },
        &|| {
            if proportionate {
                format!("intensity {} fits {} conduct", e.intensity, r.severity)
            } else if !list_ok {
                format!("`{}` applies only to subjects on a serious list, and this record is not on one (no heavy punishment for small faults)", e.id)
            } else {
                format!("`{}` (intensity {}, for {} conduct and above) is too heavy for {} conduct (no heavy punishment for small faults)", e.id, e.intensity, e.min_severity, r.severity)
            }
        },
    );
    // MEA-7: subject kind.
    let is_unit = case.subject.kind != SubjectKind::NaturalPerson;
    let role_ok = match p.target {
        Target::LegalRepresentative | Target::ResponsiblePerson => is_unit,
        t => t == subject_target(case.subject.kind),
    };
    let kind_ok = role_ok && e.targets.contains(&p.target);
    push(
        CheckKind::SubjectKind,
        kind_ok,
        "MEA-7",
        &|| {
            if kind_ok {
                format!("适用对象：{}", p.target.zh())
            } else {
                format!(
                    "“{}”不适用于{}（适用对象：{}）",
                    e.name,
                    p.target.zh(),
                    e.targets.iter().map(|t| t.zh()).collect::<Vec<_>>().join("、")
                )
            }
        },
        &|| {
            if kind_ok {
                format!("applies to {}", p.target)
            } else {
                format!(
                    "`{}` does not apply to {} (targets: {})",
                    e.id,
                    p.target,
                    e.targets.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
                )
            }
        },
    );
    // MEA-5: market and social actors may not be required to sanction, and a measure that only
    // such actors may take of their own accord cannot be imposed by a public body either.
    let market_actor = matches!(
        p.by_kind,
        Actor::FinancialInstitution
            | Actor::CreditAgency
            | Actor::IndustryAssociation
            | Actor::NewsMedia
            | Actor::MarketActor
    );
    let voluntary_measure = !e.voluntary_for.is_empty();
    let imposed = voluntary_measure && !e.voluntary_for.contains(&p.by_kind);
    let voluntary_ok = if voluntary_measure { !imposed && p.voluntary } else { !market_actor || p.voluntary };
    push(
        CheckKind::VoluntaryOnly,
        voluntary_ok,
        "MEA-5",
        &|| {
            if voluntary_ok {
                "实施主体依法自主决定".into()
            } else if imposed {
                format!(
                    "“{}”只能由{}依市场原则自主实施，不得由{}强制实施",
                    e.name,
                    e.voluntary_for.iter().map(|a| actor_zh(*a)).collect::<Vec<_>>().join("、"),
                    actor_zh(p.by_kind)
                )
            } else {
                format!("不得强制要求{}实施惩戒", actor_zh(p.by_kind))
            }
        },
        &|| {
            if voluntary_ok {
                "the implementing body acts within its own powers".into()
            } else if imposed {
                format!(
                    "`{}` is taken only voluntarily by {} under market principles, never imposed by a {}",
                    e.id,
                    e.voluntary_for.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "),
                    p.by_kind
                )
            } else {
                format!("a {} may not be required to sanction", p.by_kind)
            }
        },
    );
    // MEA-6: notice before listing.
    let notice_needed = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious && l.entry.notice_required)
        && facts.notice_required;
    let notified = r.events.iter().any(|ev| ev.kind == EventType::Notified && ev.on.0 <= r.decided_on);
    let notice_ok = !notice_needed || notified;
    push(
        CheckKind::Notice,
        notice_ok,
        "MEA-6",
        &|| {
            if !notice_needed {
                "无需列入前告知".into()
            } else if notified {
                "列入名单前已履行告知程序".into()
            } else {
                "列入严重失信主体名单前未履行告知程序".into()
            }
        },
        &|| {
            if !notice_needed {
                "no notice before listing required".into()
            } else if notified {
                "the subject was notified before listing".into()
            } else {
                "the subject was not notified before listing".into()
            }
        },
    );
    (all_passed, checks)
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

fn status_en(s: RecordStatus) -> &'static str {
    match s {
        RecordStatus::Active => "active",
        RecordStatus::Suspended => "suspended",
        RecordStatus::Expired => "expired",
        RecordStatus::Repaired => "repaired",
        RecordStatus::Removed => "removed from its list",
        RecordStatus::Exited => "exited",
        RecordStatus::Revoked => "corrected or revoked",
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

pub(crate) fn check_all(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
) -> Result<Vec<MeasureDecision>, Error> {
    let mut out = Vec::with_capacity(case.proposed_measures.len());
    for (i, pm) in case.proposed_measures.iter().enumerate() {
        out.push(check_proposed(ctx, case, resolved, records, i, pm)?);
    }
    Ok(out)
}

fn check_proposed(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
    i: usize,
    pm: &ProposedMeasure,
) -> Result<MeasureDecision, Error> {
    let m = ctx
        .view
        .measure
        .at(&pm.measure, ctx.as_of)
        .or_else(|| ctx.view.measure.versions(&pm.measure).last())
        .ok_or_else(|| {
            Error::case(
                crate::error::ErrorCode::UnknownMeasure,
                format!("proposed_measures[{i}].measure"),
                format!("unknown measure `{}`", pm.measure),
            )
            .with_help("use a measure id of the jurisdiction's catalogue (`engine.catalog()`)")
        })?;
    let Some((r, d)) = resolved.iter().zip(records).find(|(r, _)| r.id == pm.record) else {
        return Err(Error::case(
            crate::error::ErrorCode::UnknownRecord,
            format!("proposed_measures[{i}].record"),
            format!(
                "no record with id `{}` at `as_of` (a commitment becomes a record only once found breached)",
                pm.record
            ),
        ));
    };
    let p = Proposal {
        by_kind: pm.by_kind.unwrap_or(Actor::AdministrativeBody),
        voluntary: pm.voluntary,
        target: pm.target.unwrap_or_else(|| subject_target(case.subject.kind)),
    };
    let in_force = ctx.view.measure.at(&m.entry.id, ctx.as_of).is_some();
    let (_, checks) = check_one(ctx, case, r, d, m, &p, &RecordFacts::of(ctx, r), in_force, true);
    let failed: Vec<CheckKind> = checks.iter().filter(|c| !c.passed).map(|c| c.check).collect();
    let verdict = if failed.is_empty() { Verdict::Allowed } else { Verdict::Refused };
    let mut why = Why::new().entry(m).rule("MEA-1");
    for c in checks.iter().filter(|c| !c.passed) {
        why = why.rule(&c.rule);
    }
    if verdict == Verdict::Allowed {
        why = why.rule("MEA-2").rule("MEA-3");
    }
    for b in &m.entry.legal_basis {
        why = why.cite(&b.cite());
    }
    let reasons: Vec<&str> = checks.iter().filter(|c| !c.passed).map(|c| c.message.as_str()).collect();
    let explanation = why.done_text(ctx.lang, msg!(
        ctx,
        match verdict {
            Verdict::Allowed => format!("准予对记录 {} 采取“{}”：合法、关联、比例检查均通过", r.id, m.entry.name),
            Verdict::Refused => format!("不得对记录 {} 采取“{}”：{}", r.id, m.entry.name, reasons.join("；")),
        },
        match verdict {
            Verdict::Allowed => {
                format!("`{}` may be taken for record {}: lawful, relevant and proportionate", m.entry.id, r.id)
            }
            Verdict::Refused => {
                format!("`{}` may not be taken for record {}: {}", m.entry.id, r.id, reasons.join("; "))
            }
        },
    ));
    Ok(MeasureDecision {
        measure: m.entry.id.clone(),
        record: r.id.clone(),
        verdict,
        failed,
        checks,
        legal_basis: m.entry.legal_basis.iter().map(|b| b.cite()).collect(),
        explanation,
    })
}

pub(crate) fn permitted(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
) -> Vec<PermittedMeasures> {
    let p =
        Proposal { by_kind: Actor::AdministrativeBody, voluntary: false, target: subject_target(case.subject.kind) };
    resolved
        .iter()
        .zip(records)
        .filter(|(_, d)| d.status.in_force())
        .map(|(r, d)| {
            let facts = RecordFacts::of(ctx, r);
            PermittedMeasures {
                record: r.id.clone(),
                measures: ctx
                    .view
                    .measure
                    .all_at(ctx.as_of)
                    .filter(|m| check_one(ctx, case, r, d, m, &p, &facts, true, false).0)
                    .map(|m| m.entry.id.clone())
                    .collect(),
            }
        })
        .collect()
}
