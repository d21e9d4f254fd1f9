//! Policies as data: load a set of TOML files, validate everything at once, and resolve each
//! jurisdiction layer into an immutable, indexed view.
//!
//! ```text
//! files ──parse_set──▶ RawSet (entries with locations) ──validate──▶ PolicySet ──view(j)──▶ View
//! ```
//! A [`PolicySet`] that exists is valid: loading never evaluates and evaluation never re-validates.
//! A layer overrides its parent per `(kind, id)`: when a layer defines any version of an id, its
//! versions replace the parent's. Versions of one id carry disjoint `from`/`until` ranges.

#[cfg(feature = "toml")]
mod confidence;
pub mod dir;
#[cfg(feature = "toml")]
mod hierarchy;
pub(crate) mod load;
pub(crate) mod measure_sets;
pub mod model;
pub mod required;
#[cfg(feature = "snapshot")]
pub mod snapshot;
#[cfg(feature = "toml")]
mod validate;

use crate::calendar::Calendar;
use crate::error::{Diagnostic, Error, ErrorKind, Level};

use model::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub use load::{line_col, Loc, SourceFile};
#[cfg(feature = "toml")]
pub(crate) use validate::build_calendar;

/// An entry as resolved for a jurisdiction, with the layer and file it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sourced<T> {
    /// The entry.
    pub entry: T,
    /// Layer id that defined it.
    pub layer: String,
    /// File and line.
    pub loc: Loc,
    /// `layer:kind/id`, the reference explanations cite.
    pub reference: Arc<str>,
    /// The entry's `source`, shared with explanations.
    pub source: Option<Arc<str>>,
    /// The entry's rule ids, interned once at load (explanations cite them without a lookup).
    pub(crate) rules: Box<[std::borrow::Cow<'static, str>]>,
    /// The entry's id as shared text (decisions name entries without copying).
    pub(crate) id: Arc<str>,
    /// `id@from` for a version that starts on a date, else the id: how decisions name the
    /// regime (publication, repair) a record falls under.
    pub(crate) regime: Arc<str>,
}

impl<T: Entry> Sourced<T> {
    /// `layer:kind/id` reference used in explanations.
    pub fn reference(&self) -> &str {
        &self.reference
    }
}

/// FNV-1a: ids are short, trusted strings from policy files, so a simple fast hash beats SipHash.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The hasher of the policy's id maps: eight bytes a step (ids are short ASCII words looked up
/// on every evaluation; byte-at-a-time FNV spent about a hundred instructions on one). Not for
/// untrusted keys: policy ids are trusted data, and a case's id is only looked up.
#[derive(Default)]
pub(crate) struct WordHash(u64);

impl std::hash::Hasher for WordHash {
    fn finish(&self) -> u64 {
        // The product's best bits are its high ones; the table indexes by the low ones.
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            if let Some(head) = b.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        // The length keeps "a" and "a\0" apart.
        self.0 = (h ^ bytes.len() as u64).wrapping_mul(K);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHash>>;

/// Versions of one id, in `from` order.
pub type Versions<T> = Vec<Arc<Sourced<T>>>;

/// A table of entries of one kind by id.
#[derive(Debug)]
pub struct Table<T> {
    /// Ids with their versions, in definition order.
    items: Vec<(String, Versions<T>)>,
    /// Id → position in `items`.
    index: FastMap<String, usize>,
}

impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table { items: self.items.clone(), index: self.index.clone() }
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { items: Vec::new(), index: FastMap::default() }
    }
}

impl<T: Entry> Table<T> {
    /// The version of `id` in force on `day`.
    pub fn at(&self, id: &str, day: chrono::NaiveDate) -> Option<&Arc<Sourced<T>>> {
        self.versions(id).iter().find(|v| v.entry.in_force(day))
    }
    /// Every version of `id`.
    pub fn versions(&self, id: &str) -> &[Arc<Sourced<T>>] {
        self.index.get(id).and_then(|i| self.items.get(*i)).map_or(&[], |(_, v)| v.as_slice())
    }
    /// Whether any version of `id` exists.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }
    /// Ids in definition order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(id, _)| id.as_str())
    }
    /// Every entry in force on `day`, in definition order.
    pub fn all_at(&self, day: chrono::NaiveDate) -> impl Iterator<Item = &Arc<Sourced<T>>> {
        self.items.iter().filter_map(move |(_, v)| v.iter().find(|v| v.entry.in_force(day)))
    }
    /// Every version of every id.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Sourced<T>>> {
        self.items.iter().flat_map(|(_, v)| v.iter())
    }
    #[cfg(feature = "toml")]
    fn override_with(&mut self, id: String, versions: Versions<T>) {
        match self.index.get(&id).and_then(|i| self.items.get_mut(*i)) {
            Some((_, v)) => *v = versions,
            None => {
                self.index.insert(id.clone(), self.items.len());
                self.items.push((id, versions));
            }
        }
    }
}

/// Everything a jurisdiction sees: its own entries over its ancestors'.
#[derive(Clone, Debug, Default)]
pub struct View {
    /// Domains.
    pub domain: Table<DomainEntry>,
    /// Key domains.
    pub key_domain: Table<KeyDomainEntry>,
    /// Conduct catalogue.
    pub conduct: Table<ConductEntry>,
    /// Severity classes.
    pub severity: Table<SeverityEntry>,
    /// Grades.
    pub grade: Table<GradeEntry>,
    /// Supervision levels.
    pub supervision: Table<SupervisionEntry>,
    /// Lists.
    pub list: Table<ListEntry>,
    /// Measures.
    pub measure: Table<MeasureEntry>,
    /// Incentives.
    pub incentive: Table<IncentiveEntry>,
    /// Objection procedure.
    pub objection: Table<ObjectionEntry>,
    /// Complaint procedure.
    pub complaint: Table<ComplaintEntry>,
    /// Notice before listing.
    pub notice: Table<NoticeEntry>,
    /// Publication regimes.
    pub publication: Table<PublicationEntry>,
    /// Repair regimes.
    pub repair: Table<RepairEntry>,
    /// 双公示.
    pub double_publicity: Table<DoublePublicityEntry>,
    /// Triage rules.
    pub triage: Table<TriageEntry>,
    /// Targets.
    pub target: Table<TargetEntry>,
    /// Scope.
    pub scope: Table<ScopeEntry>,
    /// Commitments.
    pub commitment: Table<CommitmentEntry>,
    /// Unified period.
    pub unified_period: Table<UnifiedPeriodEntry>,
}

/// One jurisdiction layer, resolved.
#[derive(Clone)]
pub struct Layer {
    /// Its declaration.
    pub decl: JurisdictionDecl,
    /// Ids from the root (`cn`) down to this layer.
    pub chain: Vec<String>,
    /// The resolved view.
    pub view: View,
    /// Versions of the chain, root first: `cn@2026.11/cn-jilin-tonghua@2018.06`.
    pub version: Arc<str>,
    /// The layer's id as shared text (every decision names it).
    pub(crate) id: Arc<str>,
    /// The required procedures and classes, resolved for every day (never missing).
    pub procedures: required::Procedures,
    /// A process-unique id, never reused: keys what evaluation shares between explanations of
    /// this layer's data (`eval::why`). Clones of a layer share its data and its id.
    pub(crate) uid: u64,
}

impl std::fmt::Debug for Layer {
    /// The layer's data (its process-unique `uid` is left out: two loads of the same files
    /// print the same).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layer")
            .field("decl", &self.decl)
            .field("chain", &self.chain)
            .field("view", &self.view)
            .field("version", &self.version)
            .field("procedures", &self.procedures)
            .finish_non_exhaustive()
    }
}

impl Layer {
    /// A fresh layer id.
    pub(crate) fn next_uid() -> u64 {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// A validated set of layers plus the holiday calendar. Immutable; share it behind an `Arc`.
#[derive(Clone, Debug)]
pub struct PolicySet {
    layers: Vec<Layer>,
    index: HashMap<String, usize>,
    calendar: Calendar,
    calendar_version: String,
    warnings: Vec<Diagnostic>,
}

impl PolicySet {
    /// Load and validate a set of files; every problem is reported at once.
    #[cfg(feature = "toml")]
    pub fn from_sources(files: &[SourceFile]) -> Result<PolicySet, Error> {
        let (raw, diags) = load::parse_set(files);
        PolicySet::from_raw(raw, diags)
    }

    /// Validate parsed entries; `diags` holds the problems found while parsing.
    #[cfg(feature = "toml")]
    pub(crate) fn from_raw(raw: load::RawSet, mut diags: Vec<Diagnostic>) -> Result<PolicySet, Error> {
        let built = validate::build(raw, &mut diags);
        if diags.iter().any(|d| d.level == Level::Error) {
            sort_diagnostics(&mut diags);
            return Err(Error::policy(finish_diagnostics(diags)));
        }
        let diags = finish_diagnostics(diags);
        match built {
            Some((mut layers, calendar)) => {
                let index: HashMap<String, usize> =
                    layers.iter().enumerate().map(|(i, l)| (l.decl.id.clone(), i)).collect();
                let versions: Vec<String> = layers
                    .iter()
                    .map(|l| {
                        l.chain
                            .iter()
                            .filter_map(|j| index.get(j).and_then(|i| layers.get(*i)))
                            .map(|p| format!("{}@{}", p.decl.id, p.decl.version))
                            .collect::<Vec<_>>()
                            .join("/")
                    })
                    .collect();
                for (l, v) in layers.iter_mut().zip(versions) {
                    l.version = Arc::from(v);
                }
                let calendar_version = calendar.version();
                Ok(PolicySet { layers, index, calendar, calendar_version, warnings: diags })
            }
            None => Err(Error::policy(diags)),
        }
    }

    /// Read every `.toml` file under `dir` (recursively) and load them. Only regular files are
    /// read, links are not followed and sizes are bounded (see [`dir`]); every problem of the
    /// directory and of the files read is reported at once.
    #[cfg(feature = "toml")]
    pub fn from_dir(dir: &Path) -> Result<PolicySet, Error> {
        let (files, dir_diags) = dir::read_dir_checked(dir);
        if dir_diags.is_empty() {
            return PolicySet::from_sources(&files);
        }
        let mut all = dir_diags;
        if !files.is_empty() {
            if let Err(e) = PolicySet::from_sources(&files) {
                all.extend(e.diagnostics().iter().cloned());
            }
        }
        Err(dir_error(files.is_empty(), all))
    }

    /// The layer `id`.
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.index.get(id).and_then(|i| self.layers.get(*i))
    }

    /// Layer ids, in path order.
    pub fn layer_ids(&self) -> impl Iterator<Item = &str> {
        self.layers.iter().map(|l| l.decl.id.as_str())
    }

    /// The holiday calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The holiday calendar's version, computed once at load.
    pub fn calendar_version(&self) -> &str {
        &self.calendar_version
    }

    /// Warnings found while loading.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// Read every `.toml` file under `dir` into [`SourceFile`]s with `/`-separated relative paths.
///
/// Only regular files are read: a symbolic link, FIFO, device or socket, a file over 1 MiB, a
/// tree over 32 MiB, 16 levels deep or 10,000 entries is refused (see [`dir`] for the codes); the
/// error then carries every such problem as a diagnostic. A directory that cannot be read at all is
/// an `io` error.
pub fn read_dir_sources(dir: &Path) -> Result<Vec<SourceFile>, Error> {
    let (files, diags) = dir::read_dir_checked(dir);
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(dir_error(files.is_empty(), diags))
    }
}

/// The error for a directory with problems: an `io` error when nothing could be read for I/O
/// reasons only, a policy error carrying every diagnostic otherwise.
fn dir_error(nothing_read: bool, mut diags: Vec<Diagnostic>) -> Error {
    if nothing_read && diags.iter().all(|d| d.code == "io") {
        let message = diags.first().map(|d| d.message.clone()).unwrap_or_default();
        return Error::new(
            ErrorKind::Io,
            crate::error::ErrorCode::Io,
            crate::id::mask_identifiers(&message).into_owned(),
        );
    }
    sort_diagnostics(&mut diags);
    Error::policy(finish_diagnostics(diags))
}

/// Sort diagnostics by file, line and column (stable).
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (a.file.as_str(), a.line, a.column).cmp(&(b.file.as_str(), b.line, b.column)));
}

/// At most this many diagnostics of one code in one file are shown.
pub const MAX_DIAGNOSTICS_PER_CODE_AND_FILE: usize = 100;
/// At most this many diagnostics are shown in all (summaries not counted).
pub const MAX_DIAGNOSTICS: usize = 1000;

/// Cap repeated diagnostics and mask identifiers: at most
/// [`MAX_DIAGNOSTICS_PER_CODE_AND_FILE`] of one code in one file, then one
/// `diagnostics_truncated` summary ("N more `code` diagnostics not shown") where the first
/// left-out one was; at most [`MAX_DIAGNOSTICS`] in all, then one final summary. Unified social
/// credit codes and resident identity numbers in the file, path, message and help are masked
/// ([`crate::id::mask_identifiers`]); a clean diagnostic is not copied.
pub fn finish_diagnostics(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::hash_map::Entry as Slot;
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len().min(MAX_DIAGNOSTICS + 16));
    // (code, file) → (count seen, index of its summary in `out`)
    let mut groups: HashMap<(&'static str, String), (usize, Option<usize>)> = HashMap::new();
    let mut shown = 0usize;
    let mut dropped = 0usize;
    let mut dropped_error = false;
    for mut d in diags {
        let slot = match groups.entry((d.code, d.file.clone())) {
            Slot::Occupied(o) => o.into_mut(),
            Slot::Vacant(v) => v.insert((0, None)),
        };
        slot.0 += 1;
        if slot.0 > MAX_DIAGNOSTICS_PER_CODE_AND_FILE {
            if slot.1.is_none() {
                slot.1 = Some(out.len());
                d.help = Some("fix the ones shown and lint again; repeated diagnostics are capped".into());
                d.rule = None;
                out.push(d); // becomes the summary below
            }
            continue;
        }
        if shown >= MAX_DIAGNOSTICS {
            dropped += 1;
            dropped_error |= d.level == Level::Error;
            continue;
        }
        shown += 1;
        mask_diagnostic(&mut d);
        out.push(d);
    }
    for ((code, _), (count, summary)) in groups {
        if let Some(d) = summary.and_then(|i| out.get_mut(i)) {
            let more = count - MAX_DIAGNOSTICS_PER_CODE_AND_FILE;
            d.message = format!("{more} more `{code}` diagnostics not shown");
            d.code = "diagnostics_truncated";
            d.path = String::new();
            mask_diagnostic(d);
        }
    }
    if dropped > 0 {
        out.push(Diagnostic {
            code: "diagnostics_truncated",
            level: if dropped_error { Level::Error } else { Level::Warning },
            file: String::new(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!("{dropped} more diagnostics not shown (at most {MAX_DIAGNOSTICS} are reported)"),
            help: Some("fix the ones shown and lint again".into()),
            rule: None,
        });
    }
    out
}

/// Mask identifiers in every string of a diagnostic, without copying a clean one.
pub(crate) fn mask_diagnostic(d: &mut Diagnostic) {
    crate::id::mask_in_place(&mut d.file);
    crate::id::mask_in_place(&mut d.path);
    crate::id::mask_in_place(&mut d.message);
    if let Some(h) = &mut d.help {
        crate::id::mask_in_place(h);
    }
}

/// The policy files embedded in the library: the national baseline, the bundled overlays and the
/// holiday calendar (`policies/` at build time).
#[cfg(feature = "toml")]
pub fn embedded_sources() -> Vec<SourceFile> {
    crate::embedded::FILES
        .iter()
        .map(|(path, content)| SourceFile { path: (*path).to_owned(), content: (*content).to_owned() })
        .collect()
}

#[cfg(feature = "toml")]
/// Build a new `Arc<Sourced<T>>` list from located raw entries (used by the validator).
pub(crate) fn sourced<T>(layer: &str, kind: &str, items: &[load::Located<T>]) -> Vec<(String, Arc<Sourced<T>>)>
where
    T: Entry + Clone,
{
    items
        .iter()
        .map(|l| {
            let reference = reference(layer, kind, l.value.id());
            (
                l.value.id().to_owned(),
                Arc::new(Sourced::new(l.value.clone(), layer.to_owned(), l.loc.clone(), reference)),
            )
        })
        .collect()
}

/// Rule ids interned (`crate::rules::intern`); an unknown one is kept as written. Not generic:
/// one copy for every entry kind.
#[cfg(any(feature = "toml", feature = "snapshot"))]
fn interned(rules: &[String]) -> Box<[std::borrow::Cow<'static, str>]> {
    rules
        .iter()
        .map(|r| match crate::rules::intern(r) {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(r.clone()),
        })
        .collect()
}

/// The reference explanations cite for entry `id` of `kind` defined by `layer`: `layer:kind/id`.
#[cfg(any(feature = "toml", feature = "snapshot"))]
pub(crate) fn reference(layer: &str, kind: &str, id: &str) -> Arc<str> {
    Arc::from(format!("{layer}:{kind}/{id}"))
}

impl<T: Entry> Sourced<T> {
    /// An entry as resolved into `layer`: its source and its interned rule ids are taken from the
    /// entry (the one constructor of the validator and of [`snapshot`], so the two cannot differ).
    #[cfg(any(feature = "toml", feature = "snapshot"))]
    pub(crate) fn new(entry: T, layer: String, loc: Loc, reference: Arc<str>) -> Sourced<T> {
        let id: Arc<str> = Arc::from(entry.id());
        let regime = match entry.from() {
            Some(f) => Arc::from(format!("{id}@{f}")),
            None => Arc::clone(&id),
        };
        Sourced {
            source: entry.source().map(Arc::from),
            rules: interned(entry.rules()),
            id,
            regime,
            entry,
            layer,
            loc,
            reference,
        }
    }
}

#[cfg(feature = "toml")]
pub(crate) fn merge<T: Entry>(parent: &Table<T>, own: Vec<(String, Arc<Sourced<T>>)>) -> Table<T> {
    let mut table = parent.clone();
    // Group versions by id in first-definition order: one hash lookup per entry (linear).
    let mut grouped: Vec<(String, Versions<T>)> = Vec::new();
    let mut position: FastMap<String, usize> = FastMap::default();
    for (id, item) in own {
        match position.get(&id).and_then(|i| grouped.get_mut(*i)) {
            Some((_, v)) => v.push(item),
            None => {
                position.insert(id.clone(), grouped.len());
                grouped.push((id, vec![item]));
            }
        }
    }
    for (id, versions) in grouped {
        let from: Vec<Option<crate::vocab::Date>> = versions.iter().map(|v| v.entry.from()).collect();
        table.override_with(id, permute(versions, &stable_order(&from)));
    }
    table
}

/// The permutation that sorts `keys` stably (what `sort_by_key` would do to the items they
/// belong to). Sorting through indices compiles one sort per key type, however many item types
/// are sorted with it: `sort_by_key` on each of the twenty entry kinds compiled twenty sorts,
/// about 90 KB of the WebAssembly bundle.
pub(crate) fn stable_order<K: Ord>(keys: &[K]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|a, b| keys.get(*a).cmp(&keys.get(*b)));
    order
}

/// `items` in the order of `order`, a permutation of their positions (from [`stable_order`]).
pub(crate) fn permute<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|i| slots.get_mut(*i).and_then(Option::take)).collect()
}

impl View {
    /// Every entry of the view as `(layer:kind/id, rule ids cited)`, for the rule-coverage report.
    pub fn citations(&self) -> Vec<(String, Vec<String>)> {
        fn collect<T: Entry>(t: &Table<T>, out: &mut Vec<(String, Vec<String>)>) {
            for s in t.all() {
                out.push((s.reference.to_string(), s.entry.citation().rule));
            }
        }
        let mut out = Vec::new();
        collect(&self.domain, &mut out);
        collect(&self.key_domain, &mut out);
        collect(&self.conduct, &mut out);
        collect(&self.severity, &mut out);
        collect(&self.grade, &mut out);
        collect(&self.supervision, &mut out);
        collect(&self.list, &mut out);
        collect(&self.measure, &mut out);
        collect(&self.incentive, &mut out);
        collect(&self.objection, &mut out);
        collect(&self.complaint, &mut out);
        collect(&self.notice, &mut out);
        collect(&self.publication, &mut out);
        collect(&self.repair, &mut out);
        collect(&self.double_publicity, &mut out);
        collect(&self.triage, &mut out);
        collect(&self.target, &mut out);
        collect(&self.scope, &mut out);
        collect(&self.commitment, &mut out);
        collect(&self.unified_period, &mut out);
        // List exits carry their own rule ids.
        for l in self.list.all() {
            for x in &l.entry.exits {
                out.push((format!("{}#exit:{}", l.reference(), x.on), x.rule.0.clone()));
            }
        }
        out
    }
}

impl PolicySet {
    /// Every layer.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }
}
