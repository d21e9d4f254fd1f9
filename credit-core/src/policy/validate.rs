//! The validator: structural checks (duplicates, ranges, citations, references) and the legal
//! hierarchy (MEA-2 legal basis, MEA-4 no new or heavier measures, MEA-6 no wider lists, no
//! period past the national maximum). Every problem is collected; nothing stops at the first.

use super::load::{diag, Loc, Located, RawLayer, RawSet};
use super::model::*;
use super::{merge, sourced, Layer, View};
use crate::calendar::{Calendar, CalendarYear};
use crate::error::Diagnostic;
use crate::rules;
use crate::vocab::Date;
use crate::vocab::{Severity, Span};
use std::collections::{BTreeMap, HashMap, HashSet};

fn legal(code: &'static str, rule: &'static str, loc: &Loc, message: String, help: &str) -> Diagnostic {
    let mut d = diag(code, loc, message, Some(help));
    d.rule = Some(rule);
    d
}

/// Checks that apply to every entry kind: ids, ranges, citations, rule ids.
fn check_entries<T: Entry>(kind: &str, items: &[Located<T>], diags: &mut Vec<Diagnostic>) {
    let mut versions = VersionIndex::default();
    for (i, item) in items.iter().enumerate() {
        let e = &item.value;
        if e.id().trim().is_empty() {
            diags.push(diag(
                "missing_key",
                &item.key_loc("id"),
                format!("`{kind}` entry has an empty id"),
                Some("give every entry a unique id"),
            ));
        }
        if let (Some(f), Some(u)) = (e.from(), e.until()) {
            if f > u {
                diags.push(diag(
                    "inverted_range",
                    &item.key_loc("until"),
                    format!("`{kind}` `{}` ends on `{}` before it starts on `{}`", e.id(), u.0, f.0),
                    Some("`from` must be on or before `until`"),
                ));
            }
        }
        super::confidence::check(kind, item, diags);
        let cite = e.citation();
        let has_source = cite.source.as_deref().is_some_and(|s| !s.trim().is_empty());
        if cite.rule.is_empty() && !has_source {
            diags.push(diag(
                "missing_citation",
                &item.loc,
                format!("`{kind}` `{}` has no citation", e.id()),
                Some("add `rule = \"<RULEBOOK id>\"` and/or `source = \"<document and article>\"`"),
            ));
        }
        for r in &cite.rule {
            if !rules::is_known(r) {
                diags.push(diag(
                    "unknown_rule",
                    &item.key_loc("rule"),
                    format!("`{r}` is not a RULEBOOK or NATIONAL id"),
                    Some("cite an id from RULEBOOK.md (e.g. `MEA-2`) or a NATIONAL section (`NAT-1` … `NAT-10`)"),
                ));
            }
        }
        // Duplicate ids / overlapping versions (nothing-gets-past-the-gate: linear, one
        // diagnostic per entry at most).
        let Some(other) = versions.overlapping(e.id(), e.from(), e.until(), i) else { continue };
        let Some(other) = items.get(other) else { continue };
        let dated =
            e.from().is_some() || e.until().is_some() || other.value.from().is_some() || other.value.until().is_some();
        let (code, message, help) = if dated {
            (
                "overlapping_range",
                format!("`{kind}` `{}` has versions in force on the same days (see line {})", e.id(), other.loc.line),
                "versions of one id need disjoint `from`/`until` ranges",
            )
        } else {
            (
                "duplicate_id",
                format!("duplicate `{kind}` id `{}` (first defined at line {})", e.id(), other.loc.line),
                "ids are unique per kind within a layer; date the versions with `from`/`until` if both are meant",
            )
        };
        diags.push(diag(code, &item.key_loc("id"), message, Some(help)));
    }
}

/// The versions of each id accepted so far, pairwise disjoint, by `from` (`None`: open start).
/// An entry overlapping an accepted version is reported once and not accepted, so the accepted
/// versions of an id stay disjoint: sorted by `from` they are sorted by `until` too, and the only
/// candidate to overlap `[from, until]` is the accepted version starting last on or before
/// `until`. Each entry costs one hash lookup and one ordered-map search.
#[derive(Default)]
struct VersionIndex<'a> {
    by_id: HashMap<&'a str, Accepted>,
}

/// `from` → (`until`, entry index) of the accepted versions of one id.
type Accepted = BTreeMap<Option<Date>, (Option<Date>, usize)>;

impl<'a> VersionIndex<'a> {
    /// The index of an accepted version of `id` overlapping `[from, until]`; when there is none,
    /// entry `index` is accepted (unless its range is inverted) and `None` returned.
    fn overlapping(&mut self, id: &'a str, from: Option<Date>, until: Option<Date>, index: usize) -> Option<usize> {
        let accepted = self.by_id.entry(id).or_default();
        let candidate = match until {
            Some(u) => accepted.range(..=Some(u)).next_back(),
            None => accepted.iter().next_back(),
        };
        if let Some((c_from, (c_until, c_index))) = candidate {
            if ranges_overlap(*c_from, *c_until, from, until) {
                return Some(*c_index);
            }
        }
        let inverted = matches!((from, until), (Some(f), Some(u)) if f > u);
        if !inverted {
            accepted.insert(from, (until, index));
        }
        None
    }
}

fn ranges_overlap(
    a_from: Option<crate::vocab::Date>,
    a_until: Option<crate::vocab::Date>,
    b_from: Option<crate::vocab::Date>,
    b_until: Option<crate::vocab::Date>,
) -> bool {
    let a_before_b = matches!((a_until, b_from), (Some(u), Some(f)) if u < f);
    let b_before_a = matches!((b_until, a_from), (Some(u), Some(f)) if u < f);
    !(a_before_b || b_before_a)
}

macro_rules! each_kind {
    ($layer:expr, $f:ident, $diags:expr) => {{
        let l = $layer;
        $f("domain", &l.domain, $diags);
        $f("key_domain", &l.key_domain, $diags);
        $f("conduct", &l.conduct, $diags);
        $f("severity", &l.severity, $diags);
        $f("grade", &l.grade, $diags);
        $f("supervision", &l.supervision, $diags);
        $f("list", &l.list, $diags);
        $f("measure", &l.measure, $diags);
        $f("incentive", &l.incentive, $diags);
        $f("objection", &l.objection, $diags);
        $f("complaint", &l.complaint, $diags);
        $f("notice", &l.notice, $diags);
        $f("publication", &l.publication, $diags);
        $f("repair", &l.repair, $diags);
        $f("double_publicity", &l.double_publicity, $diags);
        $f("triage", &l.triage, $diags);
        $f("target", &l.target, $diags);
        $f("scope", &l.scope, $diags);
        $f("commitment", &l.commitment, $diags);
        $f("unified_period", &l.unified_period, $diags);
    }};
}

fn build_view(raw: &RawLayer, id: &str, parent: &View) -> View {
    View {
        domain: merge(&parent.domain, sourced(id, "domain", &raw.domain)),
        key_domain: merge(&parent.key_domain, sourced(id, "key_domain", &raw.key_domain)),
        conduct: merge(&parent.conduct, sourced(id, "conduct", &raw.conduct)),
        severity: merge(&parent.severity, sourced(id, "severity", &raw.severity)),
        grade: merge(&parent.grade, sourced(id, "grade", &raw.grade)),
        supervision: merge(&parent.supervision, sourced(id, "supervision", &raw.supervision)),
        list: merge(&parent.list, sourced(id, "list", &raw.list)),
        measure: merge(&parent.measure, sourced(id, "measure", &raw.measure)),
        incentive: merge(&parent.incentive, sourced(id, "incentive", &raw.incentive)),
        objection: merge(&parent.objection, sourced(id, "objection", &raw.objection)),
        complaint: merge(&parent.complaint, sourced(id, "complaint", &raw.complaint)),
        notice: merge(&parent.notice, sourced(id, "notice", &raw.notice)),
        publication: merge(&parent.publication, sourced(id, "publication", &raw.publication)),
        repair: merge(&parent.repair, sourced(id, "repair", &raw.repair)),
        double_publicity: merge(&parent.double_publicity, sourced(id, "double_publicity", &raw.double_publicity)),
        triage: merge(&parent.triage, sourced(id, "triage", &raw.triage)),
        target: merge(&parent.target, sourced(id, "target", &raw.target)),
        scope: merge(&parent.scope, sourced(id, "scope", &raw.scope)),
        commitment: merge(&parent.commitment, sourced(id, "commitment", &raw.commitment)),
        unified_period: merge(&parent.unified_period, sourced(id, "unified_period", &raw.unified_period)),
    }
}

fn dangling(diags: &mut Vec<Diagnostic>, loc: Loc, what: &str, id: &str) {
    diags.push(diag(
        "dangling_reference",
        &loc,
        format!("unknown {what} `{id}`"),
        Some("refer to an id defined in this layer or one of its ancestors"),
    ));
}

/// Reference checks for the entries a layer defines itself, resolved against its full view.
fn check_references(raw: &RawLayer, view: &View, diags: &mut Vec<Diagnostic>) {
    for c in &raw.conduct {
        if !view.domain.contains(&c.value.domain) {
            dangling(diags, c.key_loc("domain"), "domain", &c.value.domain);
        }
        for l in &c.value.lists {
            if !view.list.contains(l) {
                dangling(diags, c.key_loc("lists"), "list", l);
            }
        }
        if let Some(sc) = c.value.serious_class {
            if !(1..=5).contains(&sc) {
                diags.push(diag(
                    "invalid_value",
                    &c.key_loc("serious_class"),
                    format!("serious class `{sc}` is not 1 to 5"),
                    Some("SUB-8 defines five classes"),
                ));
            }
        }
    }
    for k in &raw.key_domain {
        if !view.domain.contains(&k.value.id) {
            dangling(diags, k.key_loc("id"), "domain", &k.value.id);
        }
    }
    for l in &raw.list {
        for c in &l.value.conduct {
            if !view.conduct.contains(c) {
                dangling(diags, l.key_loc("conduct"), "conduct", c);
            }
        }
        if let Some([lo, hi]) = l.value.duration_range {
            if lo.longer_than(hi) || l.value.duration.is_some_and(|d| d.longer_than(hi) || lo.longer_than(d)) {
                diags.push(diag(
                    "invalid_value",
                    &l.key_loc("duration_range"),
                    format!("`duration_range` of list `{}` is not `[shortest, longest]` with `duration` within it", l.value.id),
                    Some("write the statute's bounds, e.g. `duration_range = [\"1 year\", \"3 years\"]`, and keep `duration` (the longest term used) within them"),
                ));
            }
        }
    }
    for m in &raw.measure {
        for l in &m.value.causes.lists {
            if !view.list.contains(l) {
                dangling(diags, m.key_loc("causes"), "list", l);
            }
        }
        for c in &m.value.causes.conduct {
            if !view.conduct.contains(c) {
                dangling(diags, m.key_loc("causes"), "conduct", c);
            }
        }
        if !(1..=4).contains(&m.value.intensity) {
            diags.push(diag(
                "invalid_value",
                &m.key_loc("intensity"),
                format!("intensity `{}` is not 1 to 4", m.value.intensity),
                Some("1 reminder, 2 light, 3 heavy, 4 heaviest"),
            ));
        }
        if m.value.targets.is_empty() {
            diags.push(diag(
                "missing_key",
                &m.key_loc("targets"),
                format!("measure `{}` names no target", m.value.id),
                Some("list who the measure is aimed at"),
            ));
        }
    }
    for s in &raw.severity {
        if Severity::ALL.iter().all(|v| v.as_str() != s.value.id) {
            diags.push(diag(
                "unknown_value",
                &s.key_loc("id"),
                format!("severity id `{}` is not minor, general or serious", s.value.id),
                None,
            ));
        }
        if !(1..=4).contains(&s.value.max_intensity) {
            diags.push(diag(
                "invalid_value",
                &s.key_loc("max_intensity"),
                format!("max_intensity `{}` is not 1 to 4", s.value.max_intensity),
                None,
            ));
        }
    }
    for g in &raw.grade {
        if crate::vocab::Grade::ALL.iter().all(|v| v.as_str() != g.value.id) {
            diags.push(diag(
                "unknown_value",
                &g.key_loc("id"),
                format!("grade id `{}` is not a known grade", g.value.id),
                Some("use trustworthy, watch_list, general, serious or key_domain"),
            ));
        }
        if !view.supervision.contains(&g.value.supervision) {
            dangling(diags, g.key_loc("supervision"), "supervision level", &g.value.supervision);
        }
    }
    for i in &raw.incentive {
        for l in &i.value.conditions.lists {
            if !view.list.contains(l) {
                dangling(diags, i.key_loc("conditions"), "list", l);
            }
        }
    }
    for t in &raw.triage {
        for l in &t.value.when.lists {
            if !view.list.contains(l) {
                dangling(diags, t.key_loc("when"), "list", l);
            }
        }
    }
    for t in &raw.target {
        if !(t.value.at_most > 0.0 && t.value.at_most < 1.0) {
            diags.push(diag(
                "invalid_value",
                &t.key_loc("at_most"),
                format!("target `{}` is not a fraction between 0 and 1", t.value.at_most),
                None,
            ));
        }
    }
}

fn longer(a: Option<Span>, b: Option<Span>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.longer_than(b),
        (None, Some(_)) => true, // unlimited is longer than any limit
        _ => false,
    }
}

/// The legal hierarchy, checked for an overlay against its parent's view.
fn check_hierarchy(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for m in &raw.measure {
        let e = &m.value;
        let ancestors = parent.measure.versions(&e.id);
        if ancestors.is_empty() {
            diags.push(legal(
                "measure_not_in_national_catalogue",
                "MEA-4",
                &m.key_loc("id"),
                format!("measure `{}` is not in the national catalogue", e.id),
                "a local layer may only use measures of the national basic list (MEA-4, NATIONAL §5); cite the national entry's id",
            ));
            continue;
        }
        let max_intensity = ancestors.iter().map(|a| a.entry.intensity).max().unwrap_or(0);
        if e.intensity > max_intensity {
            diags.push(legal(
                "measure_exceeds_national",
                "MEA-4",
                &m.key_loc("intensity"),
                format!(
                    "measure `{}` is heavier here (intensity `{}`) than nationally (`{max_intensity}`)",
                    e.id, e.intensity
                ),
                "no body may make a measure heavier than the statutory standard (MEA-4)",
            ));
        }
        if ancestors.iter().all(|a| e.min_severity < a.entry.min_severity) {
            diags.push(legal("measure_exceeds_national", "MEA-4", &m.key_loc("min_severity"),
                format!("measure `{}` reaches less serious conduct here (`{}`) than nationally", e.id, e.min_severity),
                "a local layer may not apply a measure to lesser conduct than the national catalogue allows (MEA-3, MEA-4)"));
        }
        let allowed_lists: HashSet<&str> =
            ancestors.iter().flat_map(|a| a.entry.causes.lists.iter().map(String::as_str)).collect();
        let allowed_conduct: HashSet<&str> =
            ancestors.iter().flat_map(|a| a.entry.causes.conduct.iter().map(String::as_str)).collect();
        for l in &e.causes.lists {
            if !allowed_lists.contains(l.as_str()) {
                diags.push(legal("measure_exceeds_national", "MEA-4", &m.key_loc("causes"),
                    format!("measure `{}` is applied here for list `{l}`, which the national catalogue does not name as its cause", e.id),
                    "causes may only be narrowed by a local layer (MEA-1, MEA-4)"));
            }
        }
        for c in &e.causes.conduct {
            if !allowed_conduct.contains(c.as_str()) {
                diags.push(legal("measure_exceeds_national", "MEA-4", &m.key_loc("causes"),
                    format!("measure `{}` is applied here for conduct `{c}`, which the national catalogue does not name as its cause", e.id),
                    "causes may only be narrowed by a local layer (MEA-1, MEA-4)"));
            }
        }
        if ancestors.iter().all(|a| longer(e.max_duration, a.entry.max_duration))
            && ancestors.iter().any(|a| a.entry.max_duration.is_some())
        {
            diags.push(legal(
                "period_exceeds_national",
                "MEA-4",
                &m.key_loc("max_duration"),
                format!("measure `{}` runs longer here than the national maximum", e.id),
                "a local layer may not lengthen a period past the national maximum",
            ));
        }
        // An event that ends a measure's legal ground nationally ends it everywhere.
        let dropped = ancestors.iter().all(|a| {
            a.entry.lifted_by.iter().any(|n| {
                !e.lifted_by
                    .iter()
                    .any(|x| x.on == n.on && (x.lists.is_empty() || n.lists.iter().all(|l| x.lists.contains(l))))
            })
        });
        if dropped {
            diags.push(legal(
                "measure_exceeds_national",
                "MEA-4",
                &m.key_loc("lifted_by"),
                format!("measure `{}` drops an event that ends its legal ground nationally (`lifted_by`)", e.id),
                "a local layer may not keep a measure in force after the national text ends its ground (MEA-4)",
            ));
        }
    }
    for l in &raw.list {
        let e = &l.value;
        let ancestors = parent.list.versions(&e.id);
        if ancestors.is_empty() {
            if e.kind == ListKind::Serious
                && !e
                    .legal_basis
                    .iter()
                    .any(|b| b.rank == crate::vocab::Rank::LocalRegulation || b.rank.founds_rights_reducing_measure())
            {
                diags.push(legal("list_without_legal_basis", "MEA-6", &l.key_loc("legal_basis"),
                    format!("serious list `{}` is new in this layer and cites no law or regulation", e.id),
                    "a list used only locally needs a local regulation (NATIONAL §4); national lists are defined nationally"));
            }
            continue;
        }
        let allowed: HashSet<&str> =
            ancestors.iter().flat_map(|a| a.entry.conduct.iter().map(String::as_str)).collect();
        for c in &e.conduct {
            if !allowed.contains(c.as_str()) {
                diags.push(legal(
                    "widened_list_criteria",
                    "MEA-6",
                    &l.key_loc("conduct"),
                    format!("list `{}` admits conduct `{c}` here that the national criteria do not", e.id),
                    "local rules may not widen a list's entry criteria (MEA-6)",
                ));
            }
        }
        if e.objection_may_suspend && ancestors.iter().all(|a| !a.entry.objection_may_suspend) {
            diags.push(legal("suspension_not_allowed", "OBJ-2", &l.key_loc("objection_may_suspend"),
                format!("list `{}` may not be suspended by objections: its instrument keeps the listing in force during review", e.id),
                "a local layer cannot suspend a listing that the national instrument keeps in force (e.g. SPC provisions Arts. 11–12)"));
        }
        if e.suspension_extends_term && ancestors.iter().all(|a| !a.entry.suspension_extends_term) {
            diags.push(legal("suspension_not_allowed", "OBJ-2", &l.key_loc("suspension_extends_term"),
                format!("list `{}` has a term set by a national instrument: a local suspension may not lengthen it", e.id),
                "a local objection procedure may pause local joint-sanction measures (001 计划1 §2) but cannot move the end of a nationally termed list"));
        }
        if let Some([lo, hi]) = e.duration_range {
            let wider = ancestors.iter().all(|a| match a.entry.duration_range {
                Some([alo, ahi]) => alo.longer_than(lo) || hi.longer_than(ahi),
                None => true,
            });
            if wider {
                diags.push(legal(
                    "period_exceeds_national",
                    "MEA-6",
                    &l.key_loc("duration_range"),
                    format!("list `{}` widens the bounds of its term beyond the national ones", e.id),
                    "an overlay may narrow the bounds a statute sets for a term, never widen or add them",
                ));
            }
        }
        if ancestors.iter().all(|a| longer(e.duration, a.entry.duration)) {
            diags.push(legal(
                "period_exceeds_national",
                "MEA-6",
                &l.key_loc("duration"),
                format!("list `{}` lasts longer here than the national maximum", e.id),
                "a local layer may not lengthen a period past the national maximum",
            ));
        }
        if ancestors.iter().all(|a| longer(e.extension_max, a.entry.extension_max)) && e.extension_max.is_some() {
            diags.push(legal(
                "period_exceeds_national",
                "MEA-6",
                &l.key_loc("extension_max"),
                format!("list `{}` may be extended longer here than nationally", e.id),
                "a local layer may not lengthen a period past the national maximum",
            ));
        }
        if ancestors.iter().all(|a| longer(e.repair_after, a.entry.repair_after)) && e.repair_after.is_some() {
            diags.push(legal(
                "period_exceeds_national",
                "REP-1",
                &l.key_loc("repair_after"),
                format!("list `{}` makes subjects wait longer for repair here than nationally", e.id),
                "a local layer may not lengthen a period past the national maximum",
            ));
        }
    }
    for c in &raw.conduct {
        let ancestors = parent.conduct.versions(&c.value.id);
        if ancestors.is_empty() {
            continue;
        }
        let allowed: HashSet<&str> = ancestors.iter().flat_map(|a| a.entry.lists.iter().map(String::as_str)).collect();
        for l in &c.value.lists {
            if !allowed.contains(l.as_str()) && parent.list.contains(l) {
                diags.push(legal(
                    "widened_list_criteria",
                    "MEA-6",
                    &c.key_loc("lists"),
                    format!("conduct `{}` leads to list `{l}` here but not nationally", c.value.id),
                    "local rules may not widen a list's entry criteria (MEA-6)",
                ));
            }
        }
    }
    for p in &raw.publication {
        for nat in parent.publication.all() {
            // A general regime is bounded by the general regime, a field regime by the same
            // field's regime (field regimes are compared by their domains).
            if !ranges_overlap(p.value.from, p.value.until, nat.entry.from, nat.entry.until)
                || nat.entry.domains != p.value.domains
            {
                continue;
            }
            for s in Severity::ALL {
                if longer(p.value.windows.of(*s).max, nat.entry.windows.of(*s).max)
                    && nat.entry.windows.of(*s).max.is_some()
                {
                    diags.push(legal(
                        "period_exceeds_national",
                        "PER-3",
                        &p.key_loc("windows"),
                        format!(
                            "the {} publication window is longer here than in the national regime `{}`",
                            s, nat.entry.id
                        ),
                        "a local layer may not lengthen a period past the national maximum",
                    ));
                }
            }
        }
    }
    for r in &raw.repair {
        for nat in parent.repair.all() {
            if !ranges_overlap(r.value.from, r.value.until, nat.entry.from, nat.entry.until) {
                continue;
            }
            for s in Severity::ALL {
                if longer(r.value.min_period.of(*s), nat.entry.min_period.of(*s))
                    && nat.entry.min_period.of(*s).is_some()
                {
                    diags.push(legal(
                        "period_exceeds_national",
                        "REP-1",
                        &r.key_loc("min_period"),
                        format!(
                            "the {} minimum period before repair is longer here than in the national regime `{}`",
                            s, nat.entry.id
                        ),
                        "a local layer may not lengthen a period past the national maximum",
                    ));
                }
            }
        }
    }
}

/// MEA-2 within any layer: a rights-reducing measure must cite a law, a regulation or central policy.
fn check_legal_basis(raw: &RawLayer, diags: &mut Vec<Diagnostic>) {
    for m in &raw.measure {
        if m.value.rights_reducing && !m.value.legal_basis.iter().any(|b| b.rank.founds_rights_reducing_measure()) {
            diags.push(legal(
                "insufficient_legal_basis",
                "MEA-2",
                &m.key_loc("legal_basis"),
                format!("rights-reducing measure `{}` cites no law, regulation or central policy document", m.value.id),
                "cite a law, an administrative or local regulation, or a Party Central Committee / State Council policy document with `rank` set accordingly (MEA-2)",
            ));
        }
    }
}

/// Build the calendar from year files (on top of `base`'s published years, when given), with the
/// file checks of [`crate::calendar::lint_year_file`]; every problem becomes a diagnostic at its key.
pub(crate) fn build_calendar(
    raw: &[super::load::CalendarFile],
    base: Option<&Calendar>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Calendar> {
    use crate::calendar::{CalendarDataError, DataEntry, DataProblem};
    let mut errors: Vec<CalendarDataError> = Vec::new();
    for (_, y, _) in raw {
        errors.extend(crate::calendar::lint_year_file(y).into_iter().filter(|e| {
            matches!(e.problem, DataProblem::MissingPublished | DataProblem::MissingStatutoryHoliday { .. })
        }));
        if base.is_some_and(|b| b.is_published(y.year)) {
            errors.push(CalendarDataError {
                file: None,
                year: Some(y.year),
                entry: DataEntry::Year,
                problem: DataProblem::DuplicateYear { year: y.year },
            });
        }
    }
    let mut years: Vec<CalendarYear> = base.map(|b| b.years().to_vec()).unwrap_or_default();
    years.extend(raw.iter().map(|(_, y, _)| y.clone()));
    let built = Calendar::new(years).map(|c| match base {
        Some(b) => c.with_mode(b.mode()),
        None => c,
    });
    match built {
        Ok(c) if errors.is_empty() => return Some(c),
        Ok(_) => {}
        Err(more) => errors.extend(more),
    }
    {
        {
            for e in errors {
                let found = e.year.and_then(|y| raw.iter().find(|(_, cy, _)| cy.year == y)).or_else(|| raw.first());
                let Some((file_loc, year, keys)) = found else {
                    diags.push(diag(
                        "calendar_data",
                        &Loc { file: "calendar/".into(), line: 1, column: 1, path: String::new() },
                        e.to_string(),
                        Some("add one file per year under `calendar/`"),
                    ));
                    continue;
                };
                let base = match e.entry {
                    DataEntry::File => String::new(),
                    DataEntry::Year => "year".to_owned(),
                    DataEntry::Rest(i) => format!("rest[{i}]"),
                    DataEntry::Workday(i) => format!("workday[{i}]"),
                };
                let field = match (&e.entry, &e.problem) {
                    (DataEntry::Year, DataProblem::MissingCitation) => "source",
                    (DataEntry::Year, DataProblem::MissingPublished) => "published",
                    (DataEntry::Year, DataProblem::MissingStatutoryHoliday { .. }) => "",
                    (DataEntry::Year, _) => "year",
                    (DataEntry::Rest(_), DataProblem::Inverted { .. }) => "until",
                    (DataEntry::Rest(_), DataProblem::MissingName) => "name",
                    (DataEntry::Rest(i), DataProblem::OutsideYear { date, .. }) => {
                        if year.rest.get(*i).is_some_and(|r| r.from == *date) {
                            "from"
                        } else {
                            "until"
                        }
                    }
                    (DataEntry::Rest(_), _) => "from",
                    (DataEntry::Workday(_), _) => "on",
                    (DataEntry::File, _) => "",
                };
                let path = match (base.is_empty(), field.is_empty()) {
                    (true, _) => String::new(),
                    (false, true) => base.clone(),
                    (false, false) => format!("{base}.{field}"),
                };
                let (line, column) =
                    keys.get(&path).or_else(|| keys.get(&base)).copied().unwrap_or((file_loc.line, file_loc.column));
                let loc = Loc { file: file_loc.file.clone(), line, column, path };
                let help = match e.problem {
                    DataProblem::MissingStatutoryHoliday { .. } => {
                        "every statutory holiday of 《全国年节及纪念日放假办法》 in force that year is a rest day in the notice: add its `[[rest]]` period"
                    }
                    DataProblem::MissingPublished => "cite the notice with the date it was published: `published = \"YYYY-MM-DD\"`",
                    _ => "fix the year file against its State Council notice",
                };
                diags.push(diag("calendar_data", &loc, e.to_string(), Some(help)));
            }
            None
        }
    }
}

/// A layer while the set is validated: its required procedures may be missing (then the set is
/// refused).
struct Draft {
    decl: JurisdictionDecl,
    /// The triage rules the layer applies: its own declaration, else its parent's.
    triage: Vec<String>,
    chain: Vec<String>,
    view: View,
    procedures: Option<super::required::Procedures>,
}

/// Validate everything and resolve the layers; `None` when the set cannot be built at all.
pub(super) fn build(raw: RawSet, diags: &mut Vec<Diagnostic>) -> Option<(Vec<Layer>, Calendar)> {
    let calendar = build_calendar(&raw.calendar, None, diags);
    let mut decls: Vec<(usize, JurisdictionDecl, Loc)> = Vec::new(); // Loc: the `parent` key
    let mut seen: HashMap<String, Loc> = HashMap::new();
    for (i, layer) in raw.layers.iter().enumerate() {
        each_kind!(layer, check_entries, diags);
        check_legal_basis(layer, diags);
        let is_overlay = layer.decl.first().is_some_and(|d| d.value.parent.is_some());
        super::required::check_layer(layer, is_overlay, diags);
        match layer.decl.as_slice() {
            [] => diags.push(diag(
                "missing_jurisdiction",
                &Loc { file: format!("{}/", layer.dir), line: 1, column: 1, path: String::new() },
                format!("layer directory `{}` has no `[jurisdiction]` table", layer.dir),
                Some("add a `jurisdiction.toml` with `[jurisdiction]` id, parent, name, version and source"),
            )),
            [d] => {
                if let Some(first) = seen.get(&d.value.id) {
                    diags.push(diag(
                        "duplicate_id",
                        &d.key_loc("id"),
                        format!("jurisdiction `{}` is declared twice (also in `{}`)", d.value.id, first.file),
                        Some("each layer id is declared once"),
                    ));
                } else {
                    seen.insert(d.value.id.clone(), d.loc.clone());
                    decls.push((i, d.value.clone(), d.key_loc("parent")));
                }
            }
            [_, rest @ ..] => {
                for d in rest {
                    diags.push(diag(
                        "duplicate_id",
                        &d.key_loc("id"),
                        format!("layer directory `{}` declares more than one jurisdiction", layer.dir),
                        Some("one `[jurisdiction]` table per layer directory"),
                    ));
                }
            }
        }
    }
    // Order layers root-first; detect missing parents and cycles.
    let ids: HashSet<String> = decls.iter().map(|(_, d, _)| d.id.clone()).collect();
    for (_, d, loc) in &decls {
        match &d.parent {
            Some(p) if !ids.contains(p) => {
                dangling(diags, loc.clone(), "parent jurisdiction", p);
            }
            None if d.id != "cn" => {
                let mut l = loc.clone();
                l.path = "jurisdiction.parent".into();
                diags.push(diag(
                    "missing_key",
                    &l,
                    format!("jurisdiction `{}` names no parent", d.id),
                    Some("every layer but the national baseline `cn` names its parent"),
                ));
            }
            _ => {}
        }
    }
    let mut built: Vec<Draft> = Vec::new();
    let mut done: HashMap<String, usize> = HashMap::new();
    let mut progress = true;
    while progress {
        progress = false;
        for (i, d, _) in &decls {
            if done.contains_key(&d.id) {
                continue;
            }
            let parent = match &d.parent {
                None => None,
                Some(p) => match done.get(p) {
                    Some(pi) => built.get(*pi),
                    None => continue,
                },
            };
            let Some(raw_layer) = raw.layers.get(*i) else { continue };
            let empty = View::default();
            let parent_view = parent.map_or(&empty, |p| &p.view);
            if parent.is_some() {
                check_hierarchy(raw_layer, parent_view, diags);
                super::hierarchy::check(raw_layer, parent_view, diags);
            }
            let view = build_view(raw_layer, &d.id, parent_view);
            check_references(raw_layer, &view, diags);
            let decl_loc = raw_layer.decl.first().map_or_else(
                || Loc { file: format!("{}/", raw_layer.dir), line: 1, column: 1, path: String::new() },
                |d| d.loc.clone(),
            );
            let triage =
                if d.triage.is_empty() { parent.map_or_else(Vec::new, |p| p.triage.clone()) } else { d.triage.clone() };
            let procedures = super::required::resolve(&d.id, &decl_loc, &view, parent.map(|p| &p.view), &triage, diags);
            let mut chain = parent.map_or_else(Vec::new, |p| p.chain.clone());
            chain.push(d.id.clone());
            done.insert(d.id.clone(), built.len());
            built.push(Draft { decl: d.clone(), triage, chain, view, procedures });
            progress = true;
        }
    }
    for (_, d, loc) in &decls {
        if !done.contains_key(&d.id) && d.parent.as_ref().is_some_and(|p| ids.contains(p)) {
            diags.push(diag(
                "parent_cycle",
                loc,
                format!("jurisdiction `{}` is part of a parent cycle", d.id),
                Some("layers form a tree rooted at `cn`"),
            ));
        }
    }
    if decls.iter().all(|(_, d, _)| d.id != "cn") && !decls.is_empty() {
        diags.push(diag(
            "missing_jurisdiction",
            &Loc { file: "cn/".into(), line: 1, column: 1, path: String::new() },
            "the national baseline `cn` is missing".into(),
            Some("every policy set is rooted at the national layer `cn`"),
        ));
    }
    let calendar = calendar?;
    let layers = built
        .into_iter()
        .map(|d| {
            Some(Layer {
                id: std::sync::Arc::from(d.decl.id.as_str()),
                decl: d.decl,
                chain: d.chain,
                view: d.view,
                version: std::sync::Arc::from(""),
                procedures: d.procedures?,
                uid: Layer::next_uid(),
            })
        })
        .collect::<Option<Vec<Layer>>>()?;
    Some((layers, calendar))
}
