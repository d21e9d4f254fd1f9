//! The legal hierarchy on every field: an overlay that redefines an id its ancestors define
//! (whole-entry override) may only narrow, shorten, soften or cite more than the ancestor's
//! version(s) in force on the same days. `validate.rs` keeps the older checks (measure intensity,
//! `min_severity`, causes lists and conduct, `max_duration`; list conduct, `duration`,
//! `extension_max`, `repair_after`, `objection_may_suspend`; conduct lists; publication `max`;
//! repair `min_period`); this module adds every other guarded field. The decision for each field
//! ("may narrow", "may only equal", "free") is the table in `policies/README.md`, "Legal checks
//! the validator enforces".

use super::load::{diag, Loc, Located, RawLayer};
use super::model::*;
use super::{Table, View};
use crate::error::Diagnostic;
use crate::vocab::{Date, Severity, Span};

/// Widened targets or compelled actors (MEA-3, MEA-4, MEA-5).
pub(crate) const WIDENED_TARGETS: &str = "widened_targets";
/// A national legal basis dropped or lowered, or `rights_reducing` turned off (MEA-2).
pub(crate) const WEAKENED_LEGAL_BASIS: &str = "weakened_legal_basis";
/// Conduct, a severity class or a list made more severe (MEA-3).
pub(crate) const RAISED_SEVERITY: &str = "raised_severity";
/// A procedural protection of the subject removed (notice, exits, repair, suspension).
pub(crate) const WEAKENED_SAFEGUARD: &str = "weakened_safeguard";
const MEASURE: &str = "measure_exceeds_national";
const PERIOD: &str = "period_exceeds_national";

fn push(diags: &mut Vec<Diagnostic>, code: &'static str, rule: &'static str, loc: &Loc, message: String, help: &str) {
    let mut d = diag(code, loc, message, Some(help));
    d.rule = Some(rule);
    diags.push(d);
}

/// `item.key` with a sub-key appended to the path (inline tables carry no positions of their own).
fn sub<T>(item: &Located<T>, key: &str, sub: &str) -> Loc {
    let mut loc = item.key_loc(key);
    loc.path = format!("{}.{sub}", loc.path);
    loc
}

fn overlap(a_from: Option<Date>, a_until: Option<Date>, b_from: Option<Date>, b_until: Option<Date>) -> bool {
    let a_before_b = matches!((a_until, b_from), (Some(u), Some(f)) if u < f);
    let b_before_a = matches!((b_until, a_from), (Some(u), Some(f)) if u < f);
    !(a_before_b || b_before_a)
}

/// The ancestor versions of `e`'s id in force on some of the same days as `e`.
fn same_days<'a, T: Entry>(table: &'a Table<T>, e: &T) -> Vec<&'a T> {
    table
        .versions(e.id())
        .iter()
        .map(|s| &s.entry)
        .filter(|a| overlap(a.from(), a.until(), e.from(), e.until()))
        .collect()
}

/// Run `check` against every ancestor version in force on the same days as `e`; each (code, key)
/// is reported once, against the first version it offends.
fn against<T: Entry>(
    table: &Table<T>,
    e: &T,
    diags: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&T, &mut Vec<Diagnostic>),
) {
    let mut found: Vec<Diagnostic> = Vec::new();
    for a in same_days(table, e) {
        let mut more = Vec::new();
        check(a, &mut more);
        for d in more {
            if !found.iter().any(|f| f.code == d.code && f.path == d.path) {
                found.push(d);
            }
        }
    }
    diags.extend(found);
}

/// A limit where absence means "no limit": `own` is longer when it is absent and `nat` is not.
fn exceeds(own: Option<Span>, nat: Option<Span>) -> bool {
    match (own, nat) {
        (Some(o), Some(n)) => o.longer_than(n),
        (None, Some(_)) => true,
        _ => false,
    }
}

/// A wait where absence means "no wait": `own` is longer when it is set and `nat` is not.
fn waits_longer(own: Option<Span>, nat: Option<Span>) -> bool {
    match (own, nat) {
        (Some(o), Some(n)) => o.longer_than(n),
        (Some(_), None) => true,
        _ => false,
    }
}

/// An optional extension: compared only when the nation sets one.
fn extends_longer(own: Option<Span>, nat: Option<Span>) -> bool {
    matches!((own, nat), (Some(o), Some(n)) if o.longer_than(n))
}

/// The longest a forwarded objection can take from receipt: forwarding + provider + extension
/// (or the overall clock from receipt, when longer), where the units agree.
fn forwarding_route(e: &ObjectionEntry) -> Option<Span> {
    let provider = e.provider_within?;
    let mut n = provider.n;
    for s in [e.forward_within, e.provider_extension].into_iter().flatten() {
        if s.unit != provider.unit {
            return None;
        }
        n = n.saturating_add(s.n);
    }
    let chained = Span::new(n, provider.unit);
    Some(match e.forwarded_reply_within {
        Some(f) if f.longer_than(chained) => f,
        _ => chained,
    })
}

fn longest(spans: impl Iterator<Item = Option<Span>>) -> Option<Span> {
    let mut best: Option<Span> = None;
    for s in spans {
        let s = s?; // one unlimited: no bound
        best = match best {
            Some(b) if !s.longer_than(b) => Some(b),
            _ => Some(s),
        };
    }
    best
}

fn inspection_level(i: Inspection) -> u8 {
    match i {
        Inspection::Fewer => 0,
        Inspection::Normal => 1,
        Inspection::More => 2,
        Inspection::Key => 3,
    }
}

fn kind_word(k: ListKind) -> &'static str {
    match k {
        ListKind::Serious => "serious",
        ListKind::Watch => "watch",
        ListKind::Red => "red",
    }
}

fn triage_level(o: TriageOutcome) -> u8 {
    match o {
        TriageOutcome::Exit => 0,
        TriageOutcome::Assist => 1,
        TriageOutcome::Restrain => 2,
    }
}

const PERIOD_HELP: &str = "a local layer may not lengthen a period or clock past the national one";

/// Check every entry `raw` redefines against its ancestors' versions in `parent`.
pub(crate) fn check(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    conduct(raw, parent, diags);
    severity(raw, parent, diags);
    grade(raw, parent, diags);
    supervision(raw, parent, diags);
    list(raw, parent, diags);
    measure(raw, parent, diags);
    procedures(raw, parent, diags);
    repair(raw, parent, diags);
    other(raw, parent, diags);
}

fn conduct(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for c in &raw.conduct {
        let e = &c.value;
        for a in same_days(&parent.conduct, e) {
            if e.severity > a.severity {
                push(
                    diags,
                    RAISED_SEVERITY,
                    "MEA-3",
                    &c.key_loc("severity"),
                    format!("conduct `{}` is `{}` here but `{}` nationally", e.id, e.severity, a.severity),
                    "a local layer may not classify national conduct as more severe (MEA-3, 过惩相当)",
                );
                break;
            }
        }
        for a in same_days(&parent.conduct, e) {
            // Absent: the publication window's maximum for the class applies.
            let window_max =
                longest(parent.publication.all().map(|p| p.entry.windows.of(a.severity).max).filter(Option::is_some));
            let nat = a.sanction_period.or(window_max);
            let own = e.sanction_period.or(window_max);
            if exceeds(own, nat) {
                push(
                    diags,
                    PERIOD,
                    "PER-1",
                    &c.key_loc("sanction_period"),
                    format!("conduct `{}` is sanctioned longer here than nationally", e.id),
                    PERIOD_HELP,
                );
                break;
            }
        }
        for a in same_days(&parent.conduct, e) {
            let list_max =
                longest(a.lists.iter().flat_map(|l| parent.list.versions(l).iter().map(|v| v.entry.duration)));
            let nat = a.listing_duration.or(list_max);
            if (e.listing_duration.is_some() && exceeds(e.listing_duration, nat))
                || (e.listing_duration.is_none() && a.listing_duration.is_some())
            {
                push(
                    diags,
                    PERIOD,
                    "MEA-6",
                    &c.key_loc("listing_duration"),
                    format!("conduct `{}` keeps subjects listed longer here than nationally", e.id),
                    PERIOD_HELP,
                );
                break;
            }
        }
        for a in same_days(&parent.conduct, e) {
            if e.listing_until_removed && !a.listing_until_removed {
                push(
                    diags,
                    PERIOD,
                    "MEA-6",
                    &c.key_loc("listing_until_removed"),
                    format!("conduct `{}` is listed until removal here but for a fixed term nationally", e.id),
                    PERIOD_HELP,
                );
                break;
            }
        }
        for a in same_days(&parent.conduct, e) {
            if e.specified_serious && !a.specified_serious {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "REP-1",
                    &c.key_loc("specified_serious"),
                    format!("conduct `{}` is made \"specified serious\" here (no early repair), not nationally", e.id),
                    "a local layer may not take away early repair the nation allows (REP-1, NAT-3)",
                );
                break;
            }
        }
    }
}

fn severity(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for s in &raw.severity {
        let e = &s.value;
        for a in same_days(&parent.severity, e) {
            if e.max_intensity > a.max_intensity {
                push(diags, RAISED_SEVERITY, "MEA-3", &s.key_loc("max_intensity"),
                    format!("severity `{}` allows intensity `{}` here, nationally at most `{}`", e.id, e.max_intensity, a.max_intensity),
                    "a local layer may not allow heavier measures for a class than the nation (MEA-3, no heavy punishment for small faults)");
                break;
            }
        }
        for a in same_days(&parent.severity, e) {
            if e.sanctionable && !a.sanctionable {
                push(
                    diags,
                    RAISED_SEVERITY,
                    "SUB-2",
                    &s.key_loc("sanctionable"),
                    format!("severity `{}` is sanctionable here but kept out of joint sanctions nationally", e.id),
                    "a local layer may not bring a class into joint sanctions that the nation keeps out (SUB-2, MEA-4)",
                );
                break;
            }
        }
    }
}

fn supervision_inspection(raw: &RawLayer, parent: &View, id: &str) -> Option<Inspection> {
    raw.supervision
        .iter()
        .find(|s| s.value.id == id)
        .map(|s| s.value.inspection)
        .or_else(|| parent.supervision.versions(id).first().map(|s| s.entry.inspection))
}

fn grade(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for g in &raw.grade {
        let e = &g.value;
        for a in same_days(&parent.grade, e) {
            let own = supervision_inspection(raw, parent, &e.supervision).map(inspection_level);
            let nat = parent.supervision.versions(&a.supervision).first().map(|s| inspection_level(s.entry.inspection));
            if let (Some(o), Some(n)) = (own, nat) {
                if o > n {
                    push(diags, MEASURE, "MEA-4", &g.key_loc("supervision"),
                        format!("grade `{}` is inspected more often here (`{}`) than nationally (`{}`)", e.id, e.supervision, a.supervision),
                        "more inspections are a management measure (basic list part 2): a local layer may not make them heavier (MEA-4)");
                    break;
                }
            }
        }
        for a in same_days(&parent.grade, e) {
            if e.precedence != a.precedence {
                push(
                    diags,
                    RAISED_SEVERITY,
                    "SUB-5",
                    &g.key_loc("precedence"),
                    format!("grade `{}` has precedence `{}` here, `{}` nationally", e.id, e.precedence, a.precedence),
                    "the order of the grades is national (SUB-5): a local layer may only restate it",
                );
                break;
            }
        }
    }
}

fn supervision(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for s in &raw.supervision {
        let e = &s.value;
        for a in same_days(&parent.supervision, e) {
            if inspection_level(e.inspection) > inspection_level(a.inspection) {
                push(diags, MEASURE, "MEA-4", &s.key_loc("inspection"),
                    format!("supervision level `{}` inspects more here than nationally", e.id),
                    "more inspections are a management measure (basic list part 2): a local layer may not make them heavier (MEA-4)");
                break;
            }
        }
    }
}

/// Every national basis must be cited with at least its rank; the first problem per basis.
fn bases<T>(
    item: &Located<T>,
    kind: &str,
    id: &str,
    own: &[LegalBasis],
    nat: &[LegalBasis],
    diags: &mut Vec<Diagnostic>,
) {
    for b in nat {
        match own.iter().find(|o| o.title == b.title) {
            None => push(
                diags,
                WEAKENED_LEGAL_BASIS,
                "MEA-2",
                &item.key_loc("legal_basis"),
                format!("{kind} `{id}` drops the national legal basis `{}`", b.cite()),
                "a local layer may cite more, never less: keep every basis the nation cites (MEA-2)",
            ),
            Some(o) if o.rank > b.rank => push(
                diags,
                WEAKENED_LEGAL_BASIS,
                "MEA-2",
                &item.key_loc("legal_basis"),
                format!("{kind} `{id}` cites `{}` as `{}`, nationally `{}`", b.title, o.rank, b.rank),
                "a local layer may not lower the rank of a national legal basis (MEA-2)",
            ),
            Some(_) => {}
        }
    }
}

fn list(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for l in &raw.list {
        let e = &l.value;
        against(&parent.list, e, diags, |a, diags| {
            if e.kind != a.kind && !(a.kind == ListKind::Serious && e.kind == ListKind::Watch) {
                push(
                    diags,
                    RAISED_SEVERITY,
                    "SUB-3",
                    &l.key_loc("kind"),
                    format!(
                        "list `{}` is a {} list here, a {} list nationally",
                        e.id,
                        kind_word(e.kind),
                        kind_word(a.kind)
                    ),
                    "a local layer may only restate a national list's kind (or treat a serious list as a watch list)",
                );
            }
            bases(l, "list", &e.id, &e.legal_basis, &a.legal_basis, diags);
            if exceeds(e.delete_within, a.delete_within) {
                push(
                    diags,
                    PERIOD,
                    "MEA-6",
                    &l.key_loc("delete_within"),
                    format!("list `{}` may be deleted later here than nationally", e.id),
                    PERIOD_HELP,
                );
            }
            if a.notice_required && !e.notice_required {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "MEA-6",
                    &l.key_loc("notice_required"),
                    format!("list `{}` no longer requires notice before listing", e.id),
                    "the subject must be told before listing (MEA-6, NAT-4); a local layer may not drop it",
                );
            }
            for x in &a.exits {
                let Some(o) = e.exits.iter().find(|o| o.on == x.on) else {
                    push(
                        diags,
                        WEAKENED_SAFEGUARD,
                        "MEA-6",
                        &l.key_loc("exits"),
                        format!("list `{}` drops the national exit on `{}`", e.id, x.on),
                        "a local layer may add ways off a list, never remove one (SUB-7, NAT-6)",
                    );
                    continue;
                };
                if exceeds(o.within, x.within) {
                    push(
                        diags,
                        PERIOD,
                        "NAT-6",
                        &sub(l, "exits", "within"),
                        format!("list `{}` deletes later after `{}` here than nationally", e.id, x.on),
                        PERIOD_HELP,
                    );
                }
                if waits_longer(o.after, x.after)
                    || (o.after_from == AfterFrom::Event && x.after_from == AfterFrom::Listing && o.after.is_some())
                {
                    push(
                        diags,
                        PERIOD,
                        "NAT-6",
                        &sub(l, "exits", "after"),
                        format!("list `{}` makes the exit on `{}` wait longer here than nationally", e.id, x.on),
                        PERIOD_HELP,
                    );
                }
                if o.application && !x.application {
                    push(
                        diags,
                        WEAKENED_SAFEGUARD,
                        "NAT-6",
                        &sub(l, "exits", "application"),
                        format!("list `{}` turns the national removal on `{}` into an application", e.id, x.on),
                        "a local layer may not make the subject apply for an exit the nation grants on the event (NAT-6)",
                    );
                }
                if let Some(b) = o.bars.iter().find(|b| !x.bars.iter().any(|n| n.kind == b.kind)) {
                    push(
                        diags,
                        WEAKENED_SAFEGUARD,
                        "NAT-6",
                        &sub(l, "exits", "bars"),
                        format!(
                            "list `{}` adds the bar `{:?}` to the exit on `{}`, the nation does not",
                            e.id, b.kind, x.on
                        ),
                        "a local layer may not add bars to a national exit (NAT-6)",
                    );
                }
                if let Some(r) = o.requires.iter().find(|r| !x.requires.contains(r)) {
                    push(
                        diags,
                        WEAKENED_SAFEGUARD,
                        "NAT-6",
                        &sub(l, "exits", "requires"),
                        format!("list `{}` also requires `{r}` for the exit on `{}`, the nation does not", e.id, x.on),
                        "a local layer may not add conditions to a national exit (NAT-6)",
                    );
                }
            }
        });
    }
}

fn measure(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for m in &raw.measure {
        let e = &m.value;
        against(&parent.measure, e, diags, |a, diags| {
            for t in &e.targets {
                if !a.targets.contains(t) {
                    push(
                        diags,
                        WIDENED_TARGETS,
                        "MEA-4",
                        &m.key_loc("targets"),
                        format!("measure `{}` targets `{t}` here; the national catalogue does not", e.id),
                        "a local layer may only narrow who a national measure reaches (MEA-3, MEA-4)",
                    );
                }
            }
            for v in &a.voluntary_for {
                if !e.voluntary_for.contains(v) {
                    push(diags, WIDENED_TARGETS, "MEA-5", &m.key_loc("voluntary_for"),
                        format!("measure `{}` is no longer voluntary for `{v}` here", e.id),
                        "financial institutions, credit agencies, associations and media may act, never be required to (MEA-5)");
                }
            }
            if a.rights_reducing && !e.rights_reducing {
                push(
                    diags,
                    WEAKENED_LEGAL_BASIS,
                    "MEA-2",
                    &m.key_loc("rights_reducing"),
                    format!("measure `{}` is declared not rights-reducing here; nationally it is", e.id),
                    "whether a measure reduces rights is national: MEA-2 cannot be escaped by a local declaration",
                );
            }
            bases(m, "measure", &e.id, &e.legal_basis, &a.legal_basis, diags);
            if a.requires_list && !e.requires_list {
                push(
                    diags,
                    MEASURE,
                    "MEA-4",
                    &m.key_loc("requires_list"),
                    format!("measure `{}` no longer requires a serious listing here", e.id),
                    "a local layer may not apply a list-only measure without the listing (MEA-4)",
                );
            }
            if let Some(s) = e.causes.any_severity {
                if a.causes.any_severity.is_none_or(|n| s < n) {
                    push(
                        diags,
                        MEASURE,
                        "MEA-4",
                        &sub(m, "causes", "any_severity"),
                        format!("measure `{}` is applied here to any `{s}` record, wider than nationally", e.id),
                        "causes may only be narrowed by a local layer (MEA-1, MEA-4)",
                    );
                }
            }
            if e.family != a.family {
                push(
                    diags,
                    MEASURE,
                    "MEA-7",
                    &m.key_loc("family"),
                    format!("measure `{}` is of family `{}` here, `{}` nationally", e.id, e.family, a.family),
                    "a measure's family is national (MEA-7): a local layer may only restate it",
                );
            }
            if a.basic_list_part.is_some() && e.basic_list_part != a.basic_list_part {
                push(
                    diags,
                    MEASURE,
                    "MEA-4",
                    &m.key_loc("basic_list_part"),
                    format!("measure `{}` is put in another part of the national basic list here", e.id),
                    "the part of the basic list is national (NAT-5): a local layer may only restate it",
                );
            }
        });
    }
}

fn procedures(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for o in &raw.objection {
        let e = &o.value;
        against(&parent.objection, e, diags, |a, diags| {
            if e.reply_within.longer_than(a.reply_within) {
                push(
                    diags,
                    PERIOD,
                    "OBJ-1",
                    &o.key_loc("reply_within"),
                    format!(
                        "objections are answered later here ({}) than nationally ({})",
                        e.reply_within, a.reply_within
                    ),
                    "the reply clock is the authority's duty: a longer local clock harms the subject (OBJ-1, NAT-4)",
                );
            }
            if extends_longer(e.reply_extended, a.reply_extended) {
                push(
                    diags,
                    PERIOD,
                    "OBJ-1",
                    &o.key_loc("reply_extended"),
                    "the extended objection reply clock is longer here than nationally".into(),
                    PERIOD_HELP,
                );
            }
            // The forwarding route's clocks (NATIONAL §7): compared where the ancestor sets
            // them; the whole route may not outlast the ancestor's longest reply clock.
            for (own, nat, key) in [
                (e.forward_within, a.forward_within, "forward_within"),
                (e.provider_within, a.provider_within, "provider_within"),
                (e.provider_extension, a.provider_extension, "provider_extension"),
                (e.forwarded_reply_within, a.forwarded_reply_within, "forwarded_reply_within"),
            ] {
                if extends_longer(own, nat) {
                    push(
                        diags,
                        PERIOD,
                        "OBJ-1",
                        &o.key_loc(key),
                        format!("the objection clock `{key}` is longer here than nationally"),
                        PERIOD_HELP,
                    );
                }
            }
            let route = forwarding_route(e);
            let nat_longest = a.reply_extended.unwrap_or(a.reply_within);
            if let Some(r) = route {
                if r.longer_than(nat_longest) {
                    push(
                        diags,
                        PERIOD,
                        "OBJ-1",
                        &o.key_loc("provider_within"),
                        format!(
                            "the forwarding route ({r}, forwarding, provider and extension) outlasts the national reply clock ({nat_longest})"
                        ),
                        PERIOD_HELP,
                    );
                }
            }
            if exceeds(e.mark_within, a.mark_within) {
                push(
                    diags,
                    PERIOD,
                    "OBJ-1",
                    &o.key_loc("mark_within"),
                    "records are marked as disputed later here than nationally".into(),
                    PERIOD_HELP,
                );
            }
            if a.suspends_measures && !e.suspends_measures {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "OBJ-2",
                    &o.key_loc("suspends_measures"),
                    "measures keep running during an objection here; nationally they are suspended".into(),
                    "a local layer may not take away a suspension the nation grants",
                );
            }
        });
    }
    for c in &raw.complaint {
        let e = &c.value;
        against(&parent.complaint, e, diags, |a, diags| {
            if exceeds(e.reply_within, a.reply_within) {
                push(
                    diags,
                    PERIOD,
                    "OBJ-1",
                    &c.key_loc("reply_within"),
                    "complaints are answered later here than nationally".into(),
                    PERIOD_HELP,
                );
            }
            if a.suspends_measures && !e.suspends_measures {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "OBJ-2",
                    &c.key_loc("suspends_measures"),
                    "measures keep running during a complaint here; nationally they are suspended".into(),
                    "a local layer may not take away a suspension the nation grants",
                );
            }
        });
    }
    for n in &raw.notice {
        let e = &n.value;
        if same_days(&parent.notice, e).iter().any(|a| a.required && !e.required) {
            push(
                diags,
                WEAKENED_SAFEGUARD,
                "MEA-6",
                &n.key_loc("required"),
                "notice before listing is not required here; nationally it is".into(),
                "the subject must be told the reasons, basis and rights before listing (MEA-6, NAT-4)",
            );
        }
    }
    for p in &raw.publication {
        let e = &p.value;
        against(&parent.publication, e, diags, |a, diags| {
            for s in Severity::ALL {
                let (own, nat) = (e.windows.of(*s), a.windows.of(*s));
                if waits_longer(own.min, nat.min) {
                    push(diags, PERIOD, "PER-3", &sub(p, "windows", &format!("{s}.min")),
                        format!("the {s} publication window's minimum is longer here than in the national regime"),
                        "the minimum decides when repair may be applied for: a local layer may not lengthen it (REP-1, NAT-3)");
                }
                if own.published && !nat.published {
                    push(
                        diags,
                        PERIOD,
                        "PER-3",
                        &sub(p, "windows", &format!("{s}.published")),
                        format!("{s} conduct is published here; the national regime does not publish it"),
                        "a local layer may not publish what the nation keeps unpublished (NAT-3)",
                    );
                }
            }
        });
    }
    for d in &raw.double_publicity {
        let e = &d.value;
        if same_days(&parent.double_publicity, e).iter().any(|a| e.within.longer_than(a.within)) {
            push(
                diags,
                PERIOD,
                "PER-4",
                &d.key_loc("within"),
                format!("双公示 publishes within {} here, later than nationally", e.within),
                PERIOD_HELP,
            );
        }
    }
}

fn repair(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for r in &raw.repair {
        let e = &r.value;
        against(&parent.repair, e, diags, |a, diags| {
            if let Some(c) = e.conditions.iter().find(|c| !a.conditions.contains(c)) {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "REP-1",
                    &r.key_loc("conditions"),
                    format!("repair requires {c:?} here; the national regime does not"),
                    "a local layer may not add repair conditions (REP-1, NAT-3)",
                );
            }
            if let Some(b) = e.bars.iter().find(|b| !a.bars.contains(b)) {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "REP-1",
                    &r.key_loc("bars"),
                    format!("repair is barred by {b:?} here; the national regime does not bar it"),
                    "a local layer may not add bars on repair (REP-1, NAT-3)",
                );
            }
            if a.minor_on_performance && !e.minor_on_performance {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "REP-1",
                    &r.key_loc("minor_on_performance"),
                    "minor conduct is not repairable on performance here; nationally it is".into(),
                    "a local layer may not take away repair the nation allows (NAT-3)",
                );
            }
            for (key, own, nat) in [
                ("decide_within", e.decide_within, a.decide_within),
                ("platform_within", e.platform_within, a.platform_within),
            ] {
                if exceeds(own, nat) {
                    push(
                        diags,
                        PERIOD,
                        "REP-4",
                        &r.key_loc(key),
                        format!("the repair clock `{key}` is longer here than nationally"),
                        PERIOD_HELP,
                    );
                }
            }
            if waits_longer(e.reapply_after, a.reapply_after) {
                push(
                    diags,
                    PERIOD,
                    "REP-1",
                    &r.key_loc("reapply_after"),
                    "a refused subject waits longer to reapply here than nationally".into(),
                    PERIOD_HELP,
                );
            }
        });
    }
}

fn other(raw: &RawLayer, parent: &View, diags: &mut Vec<Diagnostic>) {
    for t in &raw.triage {
        let e = &t.value;
        if same_days(&parent.triage, e).iter().any(|a| triage_level(e.outcome) > triage_level(a.outcome)) {
            push(
                diags,
                RAISED_SEVERITY,
                "TRI-2",
                &t.key_loc("outcome"),
                format!("triage rule `{}` decides a harsher outcome here than nationally", e.id),
                "a local layer may move a national triage rule towards exit or assistance, never towards restraint",
            );
        }
    }
    for s in &raw.scope {
        let e = &s.value;
        against(&parent.scope, e, diags, |a, diags| {
            let wider_sectors =
                !a.sectors.is_empty() && (e.sectors.is_empty() || e.sectors.iter().any(|x| !a.sectors.contains(x)));
            let wider_kinds = !a.subject_kinds.is_empty()
                && (e.subject_kinds.is_empty() || e.subject_kinds.iter().any(|x| !a.subject_kinds.contains(x)));
            if wider_sectors || wider_kinds {
                push(
                    diags,
                    WIDENED_TARGETS,
                    "SUB-1",
                    &s.key_loc(if wider_sectors { "sectors" } else { "subject_kinds" }),
                    format!("scope `{}` reaches subjects here that the national scope does not", e.id),
                    "a local layer may only narrow the national scope (SUB-1)",
                );
            }
            if a.minor_out_of_scope && !e.minor_out_of_scope {
                push(
                    diags,
                    RAISED_SEVERITY,
                    "SUB-2",
                    &s.key_loc("minor_out_of_scope"),
                    format!("scope `{}` brings minor conduct into scope; nationally it is out", e.id),
                    "a local layer may not bring into scope what the nation keeps out (SUB-2)",
                );
            }
        });
    }
    for c in &raw.commitment {
        let e = &c.value;
        against(&parent.commitment, e, diags, |a, diags| {
            if e.breach_severity > a.breach_severity {
                push(
                    diags,
                    RAISED_SEVERITY,
                    "COM-1",
                    &c.key_loc("breach_severity"),
                    format!(
                        "a breached commitment is `{}` here, `{}` nationally",
                        e.breach_severity, a.breach_severity
                    ),
                    "a local layer may not grade a breached commitment more severely than the nation (MEA-3)",
                );
            }
            if a.serious_excluded && !e.serious_excluded {
                push(
                    diags,
                    WEAKENED_SAFEGUARD,
                    "COM-2",
                    &c.key_loc("serious_excluded"),
                    "subjects with serious dishonesty are not excluded from notify-and-commit here".into(),
                    "the national basic list excludes them (COM-2, NAT-5); a local layer may not let them in",
                );
            }
        });
    }
}
