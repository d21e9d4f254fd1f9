//! Required entries: the procedures and classes evaluation needs, resolved at load time into
//! dated, gap-free timelines for every layer, so that evaluation never meets a missing value.
//!
//! A layer's resolved view must hold, on **every** day (from the earliest date to the latest, no
//! gap between dated versions):
//!
//! | kind | ids |
//! |---|---|
//! | `objection`, `complaint`, `notice`, `publication`, `repair`, `double_publicity`, `commitment`, `unified_period` | the kind's own name (one procedure, dated by `from`/`until`) |
//! | `severity` | `minor`, `general`, `serious` |
//! | `grade` | `trustworthy`, `watch_list`, `general`, `serious`, `key_domain` |
//! | `triage` | only in a layer that declares it (`[jurisdiction] triage = [rule ids]`): each declared rule present and in force on every day, no undeclared rule, the last rule tried a catch-all |
//!
//! A missing one is `missing_required_entry`; versions that leave days uncovered (a gap between
//! two dated regimes, a first version that starts late, a last one that ends) are `regime_gap`; a
//! procedure entry with another id (a typo such as `objecton`) is `unknown_id`. An overlay that
//! replaces one of these national entries declares it in its `[jurisdiction]` table
//! (`overrides = ["objection", "grade/serious"]`), so that deleting or
//! renaming an overlay's entry is an error (`missing_override`) instead of silently falling back
//! to the national rule, and a replacement nobody declared is one too (`undeclared_override`).

#[cfg(feature = "toml")]
use super::load::{diag, Loc, RawLayer};
use super::model::*;
use super::Sourced;
#[cfg(feature = "toml")]
use super::{Table, View};
#[cfg(feature = "toml")]
use crate::error::Diagnostic;
use crate::vocab::{Grade, Severity};
use chrono::NaiveDate;
#[cfg(feature = "toml")]
use std::collections::BTreeSet;
use std::sync::Arc;

/// Versions of one required id that together cover every day: a total function of the date.
#[derive(Clone, Debug)]
pub struct Dated<T> {
    pub(crate) first: Arc<Sourced<T>>,
    pub(crate) later: Vec<Arc<Sourced<T>>>,
}

impl<T: Entry> Dated<T> {
    /// The version in force on `day`. Total: the first version has no start and each later one
    /// begins the day after its predecessor ends (checked at load time).
    pub fn at(&self, day: NaiveDate) -> &Arc<Sourced<T>> {
        self.later.iter().rev().find(|v| v.entry.from().is_some_and(|f| f.0 <= day)).unwrap_or(&self.first)
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> impl Iterator<Item = &Arc<Sourced<T>>> {
        std::iter::once(&self.first).chain(self.later.iter())
    }
}

/// Everything evaluation needs that a layer must define on every day, resolved at load time.
#[derive(Clone, Debug)]
pub struct Procedures {
    /// Objection procedure (OBJ-1..3).
    pub objection: Dated<ObjectionEntry>,
    /// Complaint procedure (OBJ-1).
    pub complaint: Dated<ComplaintEntry>,
    /// Notice before listing (MEA-6).
    pub notice: Dated<NoticeEntry>,
    /// Publication regimes (PER-3): the general regime, required on every day.
    pub publication: Dated<PublicationEntry>,
    /// Field publication regimes (`[[publication]]` with `domains`, another id): optional,
    /// dated, and preferred over the general regime for records of their domains.
    pub publication_fields: Vec<Arc<Sourced<PublicationEntry>>>,
    /// Repair regimes (REP-1..4).
    pub repair: Dated<RepairEntry>,
    /// 双公示 (PER-4).
    pub double_publicity: Dated<DoublePublicityEntry>,
    /// Credit commitments (COM-1, COM-2).
    pub commitment: Dated<CommitmentEntry>,
    /// Unified period (PER-2).
    pub unified_period: Dated<UnifiedPeriodEntry>,
    pub(crate) severity: [Dated<SeverityEntry>; 3],
    pub(crate) grade: [Dated<GradeEntry>; 5],
    pub(crate) supervision: [Dated<SupervisionEntry>; 5],
    /// The measure catalogue compiled into sets of its versions, for `permitted_measures`.
    pub(crate) measures: Arc<super::measure_sets::MeasureSets>,
}

impl Procedures {
    /// The publication regime for a record of `domain` and `conduct` decided on `day`: a field
    /// regime in force that covers the domain (and the conduct, where it names conduct), else
    /// the general regime. Overlaps between field regimes are refused at load time.
    pub fn publication_for(&self, domain: &str, conduct: &str, day: NaiveDate) -> &Arc<Sourced<PublicationEntry>> {
        self.publication_fields
            .iter()
            .find(|f| {
                f.entry.in_force(day)
                    && f.entry.domains.iter().any(|d| d == domain)
                    && (f.entry.conduct.is_empty() || f.entry.conduct.iter().any(|c| c == conduct))
            })
            .unwrap_or_else(|| self.publication.at(day))
    }

    /// The severity class entry.
    pub fn severity(&self, s: Severity) -> &Dated<SeverityEntry> {
        let [minor, general, serious] = &self.severity;
        match s {
            Severity::Minor => minor,
            Severity::General => general,
            Severity::Serious => serious,
        }
    }

    /// The grade entry.
    pub fn grade(&self, g: Grade) -> &Dated<GradeEntry> {
        let [trustworthy, watch, general, serious, key] = &self.grade;
        match g {
            Grade::Trustworthy => trustworthy,
            Grade::WatchList => watch,
            Grade::General => general,
            Grade::Serious => serious,
            Grade::KeyDomain => key,
        }
    }

    /// The supervision level a grade maps to (NATIONAL §9).
    pub fn supervision(&self, g: Grade) -> &Dated<SupervisionEntry> {
        let [trustworthy, watch, general, serious, key] = &self.supervision;
        match g {
            Grade::Trustworthy => trustworthy,
            Grade::WatchList => watch,
            Grade::General => general,
            Grade::Serious => serious,
            Grade::KeyDomain => key,
        }
    }
}

/// The `[[target]]` ids the engine knows (declared once here and checked at load): the serious-
/// subject ratio of TRI-7.
pub const TARGET_IDS: &[&str] = &[SERIOUS_RATIO];

/// The target id of the serious-subject ratio (TRI-7).
pub const SERIOUS_RATIO: &str = "serious_ratio";

/// Every kind with entries evaluation requires (triage only in a layer that declares it): the
/// list the fault-injection test walks.
pub const REQUIRED_KINDS: &[&str] = &[
    "objection",
    "complaint",
    "notice",
    "publication",
    "repair",
    "double_publicity",
    "commitment",
    "unified_period",
    "severity",
    "grade",
    "triage",
];

/// The singleton procedure kinds: one id, the kind's own name.
pub const SINGLETONS: &[&str] =
    &["objection", "complaint", "notice", "publication", "repair", "double_publicity", "commitment", "unified_period"];

#[cfg(feature = "toml")]
/// Whether an overlay must declare in `overrides` that it replaces entries of `kind`: every
/// required kind but triage, whose rules a layer declares as a whole (`[jurisdiction] triage`).
fn declared_kind(kind: &str) -> bool {
    kind != "triage" && REQUIRED_KINDS.contains(&kind)
}

#[cfg(feature = "toml")]
fn help_missing(kind: &str, id: &str) -> String {
    format!("define a `[[{kind}]]` entry with `id = \"{id}\"` in force on every day (the national baseline `cn` defines it; an overlay inherits it unless it declares an override)")
}

#[cfg(feature = "toml")]
/// What is wrong with the versions of one required id.
enum Problem<'a, T> {
    Missing,
    StartsLate(&'a Arc<Sourced<T>>),
    EndsEarly(&'a Arc<Sourced<T>>),
    Gap(&'a Arc<Sourced<T>>, &'a Arc<Sourced<T>>),
}

#[cfg(feature = "toml")]
fn resolve_id<'a, T: Entry>(table: &'a Table<T>, id: &str) -> Result<Dated<T>, Problem<'a, T>> {
    let versions = table.versions(id);
    let Some((first, rest)) = versions.split_first() else { return Err(Problem::Missing) };
    if first.entry.from().is_some() {
        return Err(Problem::StartsLate(first));
    }
    let mut prev = first;
    for v in rest {
        let next_day = prev.entry.until().and_then(|u| u.0.succ_opt());
        if next_day.is_none() || v.entry.from().map(|f| f.0) != next_day {
            return Err(Problem::Gap(prev, v));
        }
        prev = v;
    }
    if prev.entry.until().is_some() {
        return Err(Problem::EndsEarly(prev));
    }
    Ok(Dated { first: first.clone(), later: rest.to_vec() })
}

#[cfg(feature = "toml")]
/// Whether `id`'s versions in `view` are exactly the parent's (inherited, not overridden).
fn inherited<T>(view: &Table<T>, parent: Option<&Table<T>>, id: &str) -> bool
where
    T: Entry,
{
    let Some(parent) = parent else { return false };
    let (a, b) = (view.versions(id), parent.versions(id));
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y))
}

#[cfg(feature = "toml")]
struct Ctx<'a> {
    layer: &'a str,
    decl: &'a Loc,
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
}

#[cfg(feature = "toml")]
impl Ctx<'_> {
    fn required<T: Entry>(
        &mut self,
        kind: &str,
        id: &str,
        table: &Table<T>,
        parent: Option<&Table<T>>,
    ) -> Option<Dated<T>> {
        match resolve_id(table, id) {
            Ok(d) => Some(d),
            Err(problem) => {
                self.failed = true;
                // An inherited defect is reported once, at the layer that has it first.
                if inherited(table, parent, id) && parent.is_some_and(|p| !p.versions(id).is_empty()) {
                    return None;
                }
                let (code, loc, message, help) = match problem {
                    Problem::Missing => {
                        if parent.is_some_and(|p| p.versions(id).is_empty()) {
                            return None;
                        }
                        (
                            "missing_required_entry",
                            self.decl.clone(),
                            format!("layer `{}` has no `[[{kind}]]` entry with id `{id}`, which evaluation needs on every day", self.layer),
                            help_missing(kind, id),
                        )
                    }
                    Problem::StartsLate(v) => (
                        "regime_gap",
                        key(&v.loc, "from"),
                        format!(
                            "`[[{kind}]]` `{id}` is not in force before `{}` in layer `{}`: records decided earlier would have no {kind}",
                            v.entry.from().map(|f| f.to_string()).unwrap_or_default(),
                            self.layer
                        ),
                        "the earliest version of a required entry has no `from` (check the year for a typo)".to_owned(),
                    ),
                    Problem::EndsEarly(v) => (
                        "regime_gap",
                        key(&v.loc, "until"),
                        format!(
                            "`[[{kind}]]` `{id}` is not in force after `{}` in layer `{}`",
                            v.entry.until().map(|u| u.to_string()).unwrap_or_default(),
                            self.layer
                        ),
                        "the latest version of a required entry has no `until`".to_owned(),
                    ),
                    Problem::Gap(a, b) => (
                        "regime_gap",
                        key(&b.loc, "from"),
                        format!(
                            "`[[{kind}]]` `{id}`: no version is in force between `{}` and `{}` in layer `{}`",
                            a.entry.until().map(|u| u.to_string()).unwrap_or_else(|| "(open)".into()),
                            b.entry.from().map(|f| f.to_string()).unwrap_or_else(|| "(open)".into()),
                            self.layer
                        ),
                        "each dated version begins the day after the previous one ends".to_owned(),
                    ),
                };
                self.diags.push(diag(code, &loc, message, Some(&help)));
                None
            }
        }
    }
}

#[cfg(feature = "toml")]
fn key(loc: &Loc, key: &str) -> Loc {
    let mut l = loc.clone();
    l.path = if l.path.is_empty() { key.to_owned() } else { format!("{}.{key}", l.path) };
    l
}

#[cfg(feature = "toml")]
/// Resolve a layer's required entries; every problem becomes a diagnostic. `None` when any is
/// missing (the policy set is then refused).
pub(crate) fn resolve(
    layer: &str,
    decl: &Loc,
    view: &View,
    parent: Option<&View>,
    triage: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Option<Procedures> {
    let mut c = Ctx { layer, decl, diags, failed: false };
    let p = parent;
    let objection = c.required("objection", "objection", &view.objection, p.map(|v| &v.objection));
    let complaint = c.required("complaint", "complaint", &view.complaint, p.map(|v| &v.complaint));
    let notice = c.required("notice", "notice", &view.notice, p.map(|v| &v.notice));
    let publication = c.required("publication", "publication", &view.publication, p.map(|v| &v.publication));
    let publication_fields = field_regimes(layer, view, &mut c);
    let repair = c.required("repair", "repair", &view.repair, p.map(|v| &v.repair));
    let double_publicity =
        c.required("double_publicity", "double_publicity", &view.double_publicity, p.map(|v| &v.double_publicity));
    let commitment = c.required("commitment", "commitment", &view.commitment, p.map(|v| &v.commitment));
    let unified_period =
        c.required("unified_period", "unified_period", &view.unified_period, p.map(|v| &v.unified_period));
    let minor = c.required("severity", "minor", &view.severity, p.map(|v| &v.severity));
    let general = c.required("severity", "general", &view.severity, p.map(|v| &v.severity));
    let serious = c.required("severity", "serious", &view.severity, p.map(|v| &v.severity));
    let grades: Vec<Option<Dated<GradeEntry>>> =
        Grade::ALL.iter().map(|g| c.required("grade", g.as_str(), &view.grade, p.map(|v| &v.grade))).collect();
    // Each grade maps to one supervision level, in force on every day.
    let mut levels: Vec<Option<Dated<SupervisionEntry>>> = Vec::new();
    for g in grades.iter().flatten() {
        let ids: BTreeSet<&str> = g.versions().map(|v| v.entry.supervision.as_str()).collect();
        let first = g.versions().next().map(|v| v.entry.supervision.clone()).unwrap_or_default();
        if ids.len() > 1 {
            c.failed = true;
            let loc = key(&g.first.loc, "supervision");
            c.diags.push(diag(
                "invalid_value",
                &loc,
                format!("the versions of grade `{}` map to different supervision levels", g.first.entry.id),
                Some("a grade maps to one supervision level in every version"),
            ));
        }
        levels.push(c.required("supervision", &first, &view.supervision, p.map(|v| &v.supervision)));
    }
    // Triage (TRI-1..6) only where the layer's document creates exit / assist / restrain lists
    // and the layer declares its rules (`[jurisdiction] triage`): every declared rule present and
    // in force on every day (a rule that starts late would silently hand its subjects to the
    // next), no rule nobody declared, and a catch-all tried last so that every listed subject is
    // sorted.
    for id in triage {
        if view.triage.versions(id).is_empty() {
            c.failed = true;
            c.diags.push(diag(
                "missing_required_entry",
                &key(decl, "triage"),
                format!("layer `{layer}` declares triage rule `{id}` but defines no `[[triage]]` entry with that id"),
                Some("restore the rule (it may have been deleted or renamed) or remove it from `triage` in the `[jurisdiction]` table"),
            ));
        } else {
            let _ = c.required("triage", id, &view.triage, p.map(|v| &v.triage));
        }
    }
    let ids: Vec<String> = view.triage.ids().map(str::to_owned).collect();
    for id in ids.iter().filter(|id| !triage.contains(id)) {
        c.failed = true;
        let loc = view.triage.versions(id).first().map_or_else(|| decl.clone(), |v| v.loc.clone());
        let msg = if triage.is_empty() {
            format!("layer `{layer}` defines triage rule `{id}` but declares no triage (`[jurisdiction] triage`)")
        } else {
            format!("triage rule `{id}` is not among the rules layer `{layer}` declares in `[jurisdiction] triage`")
        };
        c.diags.push(diag(
            "undeclared_override",
            &loc,
            msg,
            Some("only a layer whose document sorts serious-list subjects into exit / assist / restrain lists declares triage; list every rule id in `triage`"),
        ));
    }
    if !triage.is_empty() {
        let last = view.triage.all().filter(|t| triage.contains(&t.entry.id)).max_by_key(|t| t.entry.order);
        let catch_all = last.is_some_and(|t| {
            let w = &t.entry.when;
            w.status.is_empty()
                && w.lists.is_empty()
                && w.events.is_empty()
                && w.record_status.is_empty()
                && w.repair_reachable.is_none()
                && w.subject_kinds.is_empty()
        });
        if !catch_all && last.is_some() {
            c.failed = true;
            c.diags.push(diag(
                "missing_required_entry",
                &key(decl, "triage"),
                format!("the last triage rule of layer `{layer}` (highest `order`) is not a catch-all (`when = {{}}`)"),
                Some("end the triage with a rule that matches every listed subject, so that none is left unsorted"),
            ));
        }
    }
    // Commitment breaches become records of the conduct the commitment policy names.
    for v in view.commitment.all() {
        if !view.conduct.contains(&v.entry.breach_conduct) {
            c.failed = true;
            let mut loc = key(&v.loc, "breach_conduct");
            loc.path = loc.path.clone();
            c.diags.push(diag(
                "dangling_reference",
                &loc,
                format!(
                    "`breach_conduct` names conduct `{}`, which layer `{layer}` does not define",
                    v.entry.breach_conduct
                ),
                Some("name a conduct of the catalogue"),
            ));
        }
    }
    if c.failed {
        return None;
    }
    let [trustworthy, watch, general_g, serious_g, key_g]: [Option<Dated<GradeEntry>>; 5] = grades.try_into().ok()?;
    let [s1, s2, s3, s4, s5]: [Option<Dated<SupervisionEntry>>; 5] = levels.try_into().ok()?;
    Some(Procedures {
        objection: objection?,
        complaint: complaint?,
        notice: notice?,
        publication: publication?,
        publication_fields,
        repair: repair?,
        double_publicity: double_publicity?,
        commitment: commitment?,
        unified_period: unified_period?,
        severity: [minor?, general?, serious?],
        grade: [trustworthy?, watch?, general_g?, serious_g?, key_g?],
        supervision: [s1?, s2?, s3?, s4?, s5?],
        measures: Arc::new(super::measure_sets::MeasureSets::compile(view)),
    })
}

#[cfg(feature = "toml")]
/// The field publication regimes of a view, validated: each names at least one domain the layer
/// defines and only conduct it defines; the general regime names none; no two field regimes
/// cover the same domain on the same day.
fn field_regimes(layer: &str, view: &View, c: &mut Ctx<'_>) -> Vec<Arc<Sourced<PublicationEntry>>> {
    let mut out: Vec<Arc<Sourced<PublicationEntry>>> = Vec::new();
    for v in view.publication.all() {
        let e = &v.entry;
        if e.id == "publication" {
            if !e.domains.is_empty() || !e.conduct.is_empty() {
                c.failed = true;
                c.diags.push(diag(
                    "invalid_value",
                    &key(&v.loc, "domains"),
                    format!("the general publication regime of layer `{layer}` names domains or conduct"),
                    Some("the general regime (`id = \"publication\"`) covers every domain; give a field regime its own id"),
                ));
            }
            continue;
        }
        for d in &e.domains {
            if !view.domain.contains(d) {
                c.failed = true;
                c.diags.push(diag(
                    "dangling_reference",
                    &key(&v.loc, "domains"),
                    format!("publication regime `{}` names domain `{d}`, which layer `{layer}` does not define", e.id),
                    Some("name a domain of the catalogue"),
                ));
            }
        }
        for k in &e.conduct {
            if !view.conduct.contains(k) {
                c.failed = true;
                c.diags.push(diag(
                    "dangling_reference",
                    &key(&v.loc, "conduct"),
                    format!("publication regime `{}` names conduct `{k}`, which layer `{layer}` does not define", e.id),
                    Some("name a conduct of the catalogue"),
                ));
            }
        }
        let clash = out.iter().find(|o| {
            o.entry.id != e.id
                && o.entry.domains.iter().any(|d| e.domains.contains(d))
                && (o.entry.conduct.is_empty()
                    || e.conduct.is_empty()
                    || o.entry.conduct.iter().any(|k| e.conduct.contains(k)))
                && o.entry.from().is_none_or(|f| e.until().is_none_or(|u| f <= u))
                && e.from().is_none_or(|f| o.entry.until().is_none_or(|u| f <= u))
        });
        if let Some(o) = clash {
            c.failed = true;
            c.diags.push(diag(
                "overlapping_range",
                &key(&v.loc, "domains"),
                format!(
                    "publication regimes `{}` and `{}` cover the same domain on the same days in layer `{layer}`",
                    o.entry.id, e.id
                ),
                Some("date the field regimes so that one field has one regime on any day"),
            ));
        }
        // The versions of one field regime follow each other without a gap (a typo year in
        // one of them would otherwise silently hand its days back to the general regime).
        if let Some(prev) = out.iter().rev().find(|o| o.entry.id == e.id) {
            let next_day = prev.entry.until().and_then(|u| u.0.succ_opt());
            if next_day.is_none() || e.from().map(|f| f.0) != next_day {
                c.failed = true;
                c.diags.push(diag(
                    "regime_gap",
                    &key(&v.loc, "from"),
                    format!(
                        "field publication regime `{}`: no version is in force between `{}` and `{}` in layer `{layer}`",
                        e.id,
                        prev.entry.until().map(|u| u.to_string()).unwrap_or_else(|| "(open)".into()),
                        e.from().map(|f| f.to_string()).unwrap_or_else(|| "(open)".into()),
                    ),
                    Some("each dated version of a field regime begins the day after the previous one ends; use another id for a field regime that really pauses"),
                ));
            }
        }
        out.push(v.clone());
    }
    out
}

#[cfg(feature = "toml")]
/// Ids checks on the raw entries of one layer: procedure entries carry their kind's name,
/// severities and grades one of the known ids; and an overlay declares every national entry it
/// replaces (`overrides`).
pub(crate) fn check_layer(raw: &RawLayer, is_overlay: bool, diags: &mut Vec<Diagnostic>) {
    fn singleton<T: Entry>(kind: &str, items: &[super::load::Located<T>], diags: &mut Vec<Diagnostic>) {
        for e in items {
            if e.value.id() != kind {
                diags.push(diag(
                    "unknown_id",
                    &e.key_loc("id"),
                    format!("a `[[{kind}]]` entry has the id `{kind}`, not `{}`", e.value.id()),
                    Some(&format!(
                        "a layer has one {kind} procedure, dated by `from`/`until`: write `id = \"{kind}\"`"
                    )),
                ));
            }
        }
    }
    fn one_of<T: Entry>(kind: &str, ids: &[&str], items: &[super::load::Located<T>], diags: &mut Vec<Diagnostic>) {
        for e in items {
            if !ids.contains(&e.value.id()) {
                diags.push(diag(
                    "unknown_id",
                    &e.key_loc("id"),
                    format!("`{}` is not a {kind} id", e.value.id()),
                    Some(&format!("one of: {}", ids.join(", "))),
                ));
            }
        }
    }
    singleton("objection", &raw.objection, diags);
    singleton("complaint", &raw.complaint, diags);
    singleton("notice", &raw.notice, diags);
    // A publication entry with `domains` is a field regime with its own id; the general regime
    // has the id `publication`.
    for e in &raw.publication {
        if e.value.domains.is_empty() && e.value.id != "publication" {
            diags.push(diag(
                "unknown_id",
                &e.key_loc("id"),
                format!("a `[[publication]]` entry without `domains` has the id `publication`, not `{}`", e.value.id),
                Some("the general regime is `id = \"publication\"`; a field regime names its `domains`"),
            ));
        }
    }
    singleton("repair", &raw.repair, diags);
    singleton("double_publicity", &raw.double_publicity, diags);
    singleton("commitment", &raw.commitment, diags);
    singleton("unified_period", &raw.unified_period, diags);
    let severities: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    one_of("severity", &severities, &raw.severity, diags);
    let grades: Vec<&str> = Grade::ALL.iter().map(|g| g.as_str()).collect();
    one_of("grade", &grades, &raw.grade, diags);
    one_of("target", TARGET_IDS, &raw.target, diags);

    let Some(decl) = raw.decl.first() else { return };
    let declared: BTreeSet<&str> = decl.value.overrides.iter().map(String::as_str).collect();
    if !is_overlay {
        if !declared.is_empty() {
            diags.push(diag(
                "invalid_value",
                &decl.key_loc("overrides"),
                "the national baseline overrides nothing".into(),
                Some("remove `overrides` from the `cn` layer"),
            ));
        }
        return;
    }
    // What the overlay defines among the declared kinds.
    let mut defined: Vec<(String, Loc)> = Vec::new();
    let mut add = |name: String, loc: Loc| {
        if !defined.iter().any(|(n, _)| *n == name) {
            defined.push((name, loc));
        }
    };
    for e in &raw.objection {
        add("objection".into(), e.loc.clone());
    }
    for e in &raw.complaint {
        add("complaint".into(), e.loc.clone());
    }
    for e in &raw.notice {
        add("notice".into(), e.loc.clone());
    }
    for e in raw.publication.iter().filter(|e| e.value.id == "publication") {
        add("publication".into(), e.loc.clone());
    }
    for e in &raw.repair {
        add("repair".into(), e.loc.clone());
    }
    for e in &raw.double_publicity {
        add("double_publicity".into(), e.loc.clone());
    }
    for e in &raw.commitment {
        add("commitment".into(), e.loc.clone());
    }
    for e in &raw.unified_period {
        add("unified_period".into(), e.loc.clone());
    }
    for e in &raw.severity {
        add(format!("severity/{}", e.value.id), e.loc.clone());
    }
    for e in &raw.grade {
        add(format!("grade/{}", e.value.id), e.loc.clone());
    }
    for (name, loc) in &defined {
        if !declared.contains(name.as_str()) {
            diags.push(diag(
                "undeclared_override",
                loc,
                format!("layer `{}` replaces `{name}` without declaring it", decl.value.id),
                Some(&format!("add \"{name}\" to `overrides` in the layer's `[jurisdiction]` table, so that deleting this entry cannot silently bring back the parent's rule")),
            ));
        }
    }
    for name in &declared {
        let kind = name.split('/').next().unwrap_or(name);
        if !declared_kind(kind) || (SINGLETONS.contains(&kind) && name.contains('/')) {
            diags.push(diag(
                "unknown_value",
                &decl.key_loc("overrides"),
                format!("`{name}` is not a required entry an overlay can override"),
                Some("use a procedure name (`objection`, `repair`, …) or `severity/<id>`, `grade/<id>`; triage rules are declared in `triage`"),
            ));
        } else if !defined.iter().any(|(n, _)| n == name) {
            diags.push(diag(
                "missing_override",
                &decl.key_loc("overrides"),
                format!("layer `{}` declares that it overrides `{name}` but defines no such entry", decl.value.id),
                Some("restore the entry (it may have been deleted or renamed) or remove the declaration"),
            ));
        }
    }
}
