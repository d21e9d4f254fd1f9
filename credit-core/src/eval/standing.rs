//! The subject's standing at `as_of`: lists (SUB-3, SUB-6, SUB-7), grade (SUB-2..6), triage
//! (TRI-1..6), incentives (INC-1..3), commitments (COM-1, COM-2) and supervision (SUB-5, NAT-9).

use super::{fmt_date, msg, Ctx, Resolved, Why};
use crate::case::{Case, CommitmentStatus};
use crate::decision::*;
use crate::error::Error;
use crate::id;
use crate::policy::model::{ListKind, TriageOutcome};
use crate::vocab::{Date, Grade, RegistrationStatus, Severity, SubjectKind};
use chrono::NaiveDate;

pub(crate) fn subject(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
) -> SubjectSummary {
    let s = &case.subject;
    let check = match s.kind {
        SubjectKind::NaturalPerson => id::validate_resident_id_on(&s.id, ctx.as_of),
        _ => id::validate_uscc(&s.id),
    };
    // Serious-list subjects are in scope whatever their sector (000 §三: 各类严重失信主体);
    // the sector list bounds general dishonesty.
    let listed_serious = resolved
        .iter()
        .zip(records)
        .any(|(r, d)| d.status.in_force() && r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious));
    let in_scope = listed_serious
        || ctx.view.scope.all_at(ctx.as_of).all(|sc| {
            (sc.entry.sectors.is_empty() || s.sector.is_none_or(|x| sc.entry.sectors.contains(&x)))
                && (sc.entry.subject_kinds.is_empty() || sc.entry.subject_kinds.contains(&s.kind))
        });
    SubjectSummary {
        id: id::mask(s.id.trim()),
        id_valid: check.valid,
        id_error: check.error.map(|e| e.code.as_str().to_owned()),
        kind: s.kind,
        status: s.status.unwrap_or(RegistrationStatus::Active),
        in_scope,
    }
}

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
        let conduct = ctx.view.conduct.at(breach, found).or_else(|| ctx.view.conduct.versions(breach).last()).cloned();
        if negative && found > ctx.as_of {
            out.push(CommitmentDecision {
                id: c.id.clone(),
                negative: false,
                record: None,
                severity: None,
                explanation: Why::new().rule("COM-1").done(msg!(
                    ctx,
                    "承诺尚未被认定为违反".into(),
                    "the commitment is not yet found breached".into()
                )),
            });
            continue;
        }
        if !negative {
            out.push(CommitmentDecision {
                id: c.id.clone(),
                negative: false,
                record: None,
                severity: None,
                explanation: Why::new().rule("COM-1").rule("COM-2").done(msg!(
                    ctx,
                    "信用承诺已纳入信用记录，作为事中事后监管依据".into(),
                    "the commitment enters the credit record and guides ex-post supervision".into(),
                )),
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
            why = why.entry(&conduct);
            records.push(Resolved {
                index: i,
                id: record_id.clone(),
                domain: conduct.entry.domain.clone(),
                conduct,
                severity,
                decided_on: found,
                decided_by: None,
                list: None,
                events: Vec::new(),
                synthetic: true,
                term: None,
            });
        }
        out.push(CommitmentDecision {
            id: c.id.clone(),
            negative: true,
            record: Some(record_id),
            severity: Some(severity),
            explanation: why.done(msg!(ctx,
                format!("{} 认定承诺{}，作为{}失信信息纳入信用记录并依法依规惩戒", fmt_date(found), if c.status == CommitmentStatus::False { "不实" } else { "未履行" }, severity.zh()),
                format!("on {} the commitment was found {}: it becomes {} negative information in the credit record and is sanctioned", fmt_date(found), if c.status == CommitmentStatus::False { "false" } else { "breached" }, severity),
            )),
        });
    }
    Ok((out, records))
}

pub(crate) fn lists(_ctx: &Ctx<'_>, resolved: &[Resolved<'_>], records: &[RecordDecision]) -> Vec<ListMembership> {
    let mut out = Vec::new();
    for (r, d) in resolved.iter().zip(records) {
        if let (Some(l), true) = (&r.list, d.status.in_force()) {
            out.push(ListMembership {
                list: l.entry.id.clone(),
                name: l.entry.name.clone(),
                kind: l.entry.kind,
                record: r.id.clone(),
                since: Date(r.decided_on),
                until: d.period.effective_end,
            });
        }
    }
    out
}

pub(crate) fn grade(
    ctx: &Ctx<'_>,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
    lists: &[ListMembership],
) -> (Grade, Explanation) {
    // Candidate grades with the record that raises each.
    let mut candidates: Vec<(Grade, String, &'static str, String)> = Vec::new();
    for (r, d) in resolved.iter().zip(records) {
        if !d.status.in_force() {
            continue;
        }
        let serious_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious);
        let watch_list = r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Watch);
        if d.key_domain && r.severity >= Severity::General {
            candidates.push((Grade::KeyDomain, r.id.clone(), "SUB-4", r.domain.clone()));
        }
        if serious_list || r.severity == Severity::Serious {
            candidates.push((Grade::Serious, r.id.clone(), "SUB-3", String::new()));
        } else if watch_list {
            candidates.push((Grade::WatchList, r.id.clone(), "SUB-6", String::new()));
        } else if d.in_scope {
            // General dishonesty (SUB-2); minor conduct in scope counts as a general dishonest state.
            candidates.push((Grade::General, r.id.clone(), "SUB-2", String::new()));
        }
    }
    let _ = lists;
    let precedence = |g: Grade| ctx.procs.grade(g).at(ctx.as_of).entry.precedence;
    let best = candidates.iter().max_by_key(|c| precedence(c.0));
    let mut why = Why::new().rule("SUB-5");
    match best {
        None => {
            why = why.entry(ctx.procs.grade(Grade::Trustworthy).at(ctx.as_of));
            (
                Grade::Trustworthy,
                why.done(msg!(
                    ctx,
                    format!("截至 {} 无有效失信记录，评为守信", fmt_date(ctx.as_of)),
                    format!("no dishonesty record in force on {}: trustworthy", fmt_date(ctx.as_of)),
                )),
            )
        }
        Some((g, rec, rule, domain)) => {
            why = why.entry(ctx.procs.grade(*g).at(ctx.as_of));
            if !domain.is_empty() {
                if let Some(k) = ctx.view.key_domain.at(domain, ctx.as_of) {
                    why = why.entry(k);
                }
            }
            let others: Vec<&str> = candidates.iter().filter(|c| c.0 != *g).map(|c| c.0.as_str()).collect();
            let zh = match g {
                Grade::KeyDomain => format!("记录 {rec} 属重点领域（{domain}）失信，评为重点领域失信"),
                Grade::Serious => format!("记录 {rec} 列入严重失信主体名单或属严重失信，评为严重失信"),
                Grade::WatchList => format!("记录 {rec} 存在失信行为但未达到严重失信认定标准，列为重点关注"),
                Grade::General => format!("记录 {rec} 处于一般失信状态，评为一般失信"),
                Grade::Trustworthy => "守信".into(),
            };
            let en = match g {
                Grade::KeyDomain => {
                    format!("record {rec} is dishonesty in the key domain `{domain}`: key-domain grade")
                }
                Grade::Serious => format!("record {rec} is on a serious list or is serious dishonesty: serious"),
                Grade::WatchList => {
                    format!("record {rec} is dishonest conduct below the serious-list threshold: watch list")
                }
                Grade::General => format!("record {rec} is general dishonesty: general"),
                Grade::Trustworthy => "trustworthy".into(),
            };
            let suffix_zh =
                if others.is_empty() { String::new() } else { format!("（优先于：{}）", others.join("、")) };
            let suffix_en = if others.is_empty() {
                String::new()
            } else {
                format!(" (takes precedence over: {})", others.join(", "))
            };
            (*g, why.rule(rule).done(msg!(ctx, zh + &suffix_zh, en + &suffix_en)))
        }
    }
}

pub(crate) fn triage(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
) -> Option<TriageDecision> {
    // Serious-list records that bear on the subject, or were just removed by an exit event.
    let listed: Vec<(&Resolved<'_>, &RecordDecision)> = resolved
        .iter()
        .zip(records)
        .filter(|(r, d)| {
            r.list.as_ref().is_some_and(|l| l.entry.kind == ListKind::Serious)
                && matches!(
                    d.status,
                    RecordStatus::Active | RecordStatus::Suspended | RecordStatus::Removed | RecordStatus::Exited
                )
        })
        .collect();
    if listed.is_empty() {
        return None;
    }
    let status = case.subject.status.unwrap_or(RegistrationStatus::Active);
    let mut rules: Vec<_> = ctx.view.triage.all_at(ctx.as_of).collect();
    rules.sort_by_key(|t| t.entry.order);
    for t in rules {
        let w = &t.entry.when;
        let status_ok = w.status.is_empty() || w.status.contains(&status);
        let kind_ok = w.subject_kinds.is_empty() || w.subject_kinds.contains(&case.subject.kind);
        let matching: Vec<&(&Resolved<'_>, &RecordDecision)> = listed
            .iter()
            .filter(|(r, d)| {
                let list_ok = w.lists.is_empty() || r.list.as_ref().is_some_and(|l| w.lists.contains(&l.entry.id));
                let events_ok = w.events.is_empty() || w.events.iter().any(|k| r.has(*k));
                let status_ok = w.record_status.is_empty() || w.record_status.contains(&d.status);
                let repair_ok =
                    w.repair_reachable.is_none_or(|want| d.repair.as_ref().is_some_and(|rep| rep.reachable) == want);
                let early_ok =
                    w.early_exit_eligible.is_none_or(|want| d.early_exit.as_ref().is_some_and(|x| x.eligible) == want);
                list_ok && events_ok && repair_ok && status_ok && early_ok
            })
            .collect();
        if status_ok && kind_ok && !matching.is_empty() {
            let recs: Vec<&str> = matching.iter().map(|(r, _)| r.id.as_str()).collect();
            let label = |o: TriageOutcome| match o {
                TriageOutcome::Exit => ("退出", "exit"),
                TriageOutcome::Assist => ("帮扶", "assist"),
                TriageOutcome::Restrain => ("约束", "restrain"),
            };
            let (zh, en) = label(t.entry.outcome);
            let explanation = Why::new().rule("TRI-1").entry(t).done(msg!(
                ctx,
                format!(
                    "纳入{zh}清单：{}（记录 {}）{}",
                    t.entry.reason,
                    recs.join("、"),
                    t.entry.action.as_ref().map_or_else(String::new, |a| format!("；{a}"))
                ),
                format!(
                    "{en} list: {} (records {}){}",
                    t.entry.reason_en,
                    recs.join(", "),
                    t.entry.action.as_ref().map_or_else(String::new, |a| format!("; action: {a}"))
                ),
            ));
            return Some(TriageDecision { outcome: t.entry.outcome, action: t.entry.action.clone(), explanation });
        }
    }
    None
}

/// Where the clean years of an incentive start (INC-2).
enum CleanStart {
    /// A bad record is still in force: no clean year yet.
    InForce(String),
    /// The last bad record stopped having effect on this day.
    RecordEnded(NaiveDate, String),
    /// No record: registration (or birth).
    Registered(NaiveDate),
    /// No record and no registration date.
    Unknown,
}

pub(crate) fn incentives(
    ctx: &Ctx<'_>,
    case: &Case,
    resolved: &[Resolved<'_>],
    records: &[RecordDecision],
    grade: Grade,
) -> Result<Vec<IncentiveDecision>, Error> {
    let mut out = Vec::new();
    for inc in ctx.view.incentive.all_at(ctx.as_of) {
        let c = &inc.entry.conditions;
        let mut why = Why::new().entry(inc).rule("INC-1");
        let kind_ok = c.subject_kinds.is_empty() || c.subject_kinds.contains(&case.subject.kind);
        let grade_ok = c.grades.is_empty() || c.grades.contains(&grade);
        // Recognitions (red lists, honest models) qualify from their date.
        let recognised = case
            .subject
            .recognitions
            .iter()
            .filter(|r| c.lists.contains(&r.list) && r.on.0 <= ctx.as_of)
            .map(|r| r.on.0)
            .min();
        // Clean years (INC-2): counted from the day the last bad record stopped having effect — its
        // expiry, removal, repair or exit. A record still in force means no clean years yet; a
        // revoked record (objection upheld) was never a bad record. With no record the start is
        // the subject's registration (`since`); without that the start is unknown.
        let clean: Option<(u32, CleanStart)> = match c.clean_years {
            None => None,
            Some(n) => {
                let mut blocking: Option<&str> = None;
                let mut last_end: Option<(NaiveDate, &str)> = None;
                for (r, d) in resolved.iter().zip(records) {
                    if d.status == RecordStatus::Revoked || r.decided_on > ctx.as_of {
                        continue;
                    }
                    if d.status.in_force() {
                        blocking = blocking.or(Some(r.id.as_str()));
                        continue;
                    }
                    // The trigger day: the last day of an expired period (it ends at 24:00), or the
                    // day of the removing event; the clean years start the day after (Civil Code
                    // Art. 201).
                    let since = d.status_since.map_or(r.decided_on, |x| x.0);
                    let trigger =
                        if d.status == RecordStatus::Expired { since.pred_opt().unwrap_or(since) } else { since };
                    if last_end.is_none_or(|(e, _)| trigger > e) {
                        last_end = Some((trigger, r.id.as_str()));
                    }
                }
                let start = match (blocking, last_end, case.subject.since) {
                    (Some(id), _, _) => CleanStart::InForce(id.to_owned()),
                    (None, Some((t, id)), _) => CleanStart::RecordEnded(t, id.to_owned()),
                    (None, None, Some(s)) => CleanStart::Registered(s.0),
                    (None, None, None) => CleanStart::Unknown,
                };
                Some((n, start))
            }
        };
        // N years counted from the day after the trigger end on its anniversary at 24:00 (Civil
        // Code Arts. 201–203): the incentive is earned the day after.
        let clean_on = match &clean {
            Some((n, CleanStart::RecordEnded(t, _) | CleanStart::Registered(t))) => Some(super::next_day(
                crate::calendar::add_years(*t, i32::try_from(*n).unwrap_or(i32::MAX))
                    .map_err(|e| Error::case(crate::error::ErrorCode::DateRange, "", e.to_string()))?,
            )),
            _ => None,
        };
        let (qualifies, earned_on) = match (recognised, &clean, clean_on) {
            (Some(d), _, _) => (true, Some(d)),
            (None, Some(_), Some(on)) => (on <= ctx.as_of, Some(on)),
            (None, Some(_), None) => (false, None),
            (None, None, _) => (c.lists.is_empty(), None),
        };
        if clean.is_some() {
            why = why.rule("INC-2");
        }
        if !c.grades.is_empty() {
            why = why.rule("INC-3");
        }
        let earned = kind_ok && grade_ok && qualifies;
        let start_zh = |st: &CleanStart| match st {
            CleanStart::RecordEnded(t, id) => format!("自记录 {id} 于 {} 失效之次日起算", fmt_date(*t)),
            CleanStart::Registered(t) => format!("自 {} 登记（出生）之次日起算", fmt_date(*t)),
            _ => String::new(),
        };
        let start_en = |st: &CleanStart| match st {
            CleanStart::RecordEnded(t, id) => {
                format!("counted from the day after record {id} stopped having effect on {}", fmt_date(*t))
            }
            CleanStart::Registered(t) => format!("counted from the day after registration on {}", fmt_date(*t)),
            _ => String::new(),
        };
        let message = msg!(
            ctx,
            match (earned, earned_on, &clean) {
                (true, _, _) if recognised.is_some() => {
                    format!("{}：诚信典型（{}）可享受", inc.entry.name, fmt_date(recognised.unwrap_or(ctx.as_of)))
                }
                (true, Some(d), Some((n, st))) => {
                    format!("{}：连续{}年无不良信用记录（{}），自 {} 起可享受", inc.entry.name, n, start_zh(st), fmt_date(d))
                }
                (true, _, _) => format!("{}：符合条件（信用等级：{}）", inc.entry.name, grade.zh()),
                (false, _, Some((n, CleanStart::InForce(id)))) if kind_ok && grade_ok => format!(
                    "{}：需连续{}年无不良信用记录；记录 {id} 仍在有效期内，尚未开始计算无不良记录年限",
                    inc.entry.name, n
                ),
                (false, _, Some((n, CleanStart::Unknown))) if kind_ok && grade_ok => format!(
                    "{}：需连续{}年无不良信用记录；无任何记录且未提供登记（出生）日期，起算日不明，无法认定",
                    inc.entry.name, n
                ),
                (false, Some(d), Some((n, st))) if kind_ok && grade_ok => {
                    format!("{}：需连续{}年无不良信用记录（{}），将于 {} 满足", inc.entry.name, n, start_zh(st), fmt_date(d))
                }
                (false, _, _) => format!("{}：不符合条件（信用等级：{}）", inc.entry.name, grade.zh()),
            },
            match (earned, earned_on, &clean) {
                (true, _, _) if recognised.is_some() => {
                    format!("{}: earned as a recognised honest model", inc.entry.id)
                }
                (true, Some(d), Some((n, st))) => format!(
                    "{}: earned on {} after {n} consecutive years without a bad record ({})",
                    inc.entry.id,
                    fmt_date(d),
                    start_en(st)
                ),
                (true, _, _) => format!("{}: conditions met (grade {grade})", inc.entry.id),
                (false, _, Some((n, CleanStart::InForce(id)))) if kind_ok && grade_ok => format!(
                    "{}: needs {n} consecutive clean years; record {id} is still in force, so no clean year has begun",
                    inc.entry.id
                ),
                (false, _, Some((n, CleanStart::Unknown))) if kind_ok && grade_ok => format!(
                    "{}: needs {n} consecutive clean years; the start is unknown (no record and no registration date `subject.since`), so it cannot be granted",
                    inc.entry.id
                ),
                (false, Some(d), Some((n, st))) if kind_ok && grade_ok => format!(
                    "{}: needs {n} consecutive clean years ({}), earned on {}",
                    inc.entry.id,
                    start_en(st),
                    fmt_date(d)
                ),
                (false, _, _) => format!("{}: not earned (grade {grade})", inc.entry.id),
            },
        );
        out.push(IncentiveDecision {
            incentive: inc.entry.id.clone(),
            earned,
            earned_on: earned_on.filter(|_| kind_ok && grade_ok).map(Date),
            benefits: inc.entry.benefits.clone(),
            explanation: why.done(message),
        });
    }
    Ok(out)
}

pub(crate) fn supervision(ctx: &Ctx<'_>, grade: Grade, records: &[RecordDecision]) -> SupervisionDecision {
    let g = Some(ctx.procs.grade(grade).at(ctx.as_of));
    let l = ctx.procs.supervision(grade).at(ctx.as_of);
    let excluded = ctx.procs.commitment.at(ctx.as_of).entry.serious_excluded
        && (grade == Grade::Serious || records.iter().any(|r| r.status.in_force() && r.severity == Severity::Serious));
    let mut why = Why::new().rule("SUB-5");
    if let Some(g) = g {
        why = why.entry(g);
    }
    if excluded {
        why = why.rule("COM-2");
    }
    {
        {
            let why = why.entry(l);
            let inspect_zh = match l.entry.inspection {
                crate::policy::model::Inspection::Fewer => "减少抽查频次，无事不扰",
                crate::policy::model::Inspection::Normal => "按常规比例抽查",
                crate::policy::model::Inspection::More => "提高抽查比例和频次",
                crate::policy::model::Inspection::Key => "列为重点监管对象，大幅提高抽查比例和频次",
            };
            let inspect_en = match l.entry.inspection {
                crate::policy::model::Inspection::Fewer => "fewer random inspections",
                crate::policy::model::Inspection::Normal => "the normal inspection ratio",
                crate::policy::model::Inspection::More => "more inspections",
                crate::policy::model::Inspection::Key => "key supervision with much more frequent inspections",
            };
            SupervisionDecision {
                level: l.entry.id.clone(),
                inspection: l.entry.inspection,
                treatment: l.entry.treatment.clone(),
                notify_and_commit_excluded: excluded,
                explanation: why.done(msg!(
                    ctx,
                    format!(
                        "信用等级“{}”对应 {} 类（{}）：{}{}",
                        grade.zh(),
                        l.entry.id,
                        l.entry.name,
                        inspect_zh,
                        if excluded { "；不适用告知承诺制" } else { "" }
                    ),
                    format!(
                        "grade {} maps to class {} ({}): {}{}",
                        grade,
                        l.entry.id,
                        l.entry.name_en.as_deref().unwrap_or(&l.entry.name),
                        inspect_en,
                        if excluded { "; excluded from notify-and-commit" } else { "" }
                    ),
                )),
            }
        }
    }
}
