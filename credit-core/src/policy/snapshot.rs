//! A validated, *resolved* policy set in a compact binary form (feature `snapshot`), so that a
//! build without the TOML loader and the validator (the WebAssembly bundle) still carries the
//! national rulebook and its calendar.
//!
//! ```text
//! build time (feature `toml`):  files ──parse + validate + resolve──▶ PolicySet ──write──▶ bytes (postcard)
//! run time (feature `snapshot`): bytes ──restore──▶ PolicySet   (no parsing, no validation, no projection)
//! ```
//! The snapshot holds what [`PolicySet::from_sources`] builds: every resolved layer (its
//! declaration, chain, version, view and required procedures) and the calendar's day table. An
//! entry is written once and referred to by its position wherever a view, an ancestor's view or
//! a procedure timeline shares it (the layers share `Arc`s), so restoring rebuilds the same
//! sharing. What the validator derives from an entry (its source, its interned rule ids) is
//! derived again on restore by the same constructor. A set with warnings has no snapshot (the
//! warnings would be lost).
//!
//! A snapshot starts with a format tag and the crate version that wrote it and ends with a 64-bit
//! FNV-1a checksum of the rest; any other version, a checksum that does not match (a damaged
//! snapshot), trailing bytes, a malformed body or an inconsistent one (a position out of range, a
//! calendar run past its end) is an `invalid_policy` error (`invalid_snapshot`), never a panic.
//! Restoring does not validate the policy again: it trusts a snapshot that [`write`] produced
//! (the checksum detects damage, not a forgery), so restore only snapshots built from policy files
//! the validator accepted, as `credit-wasm/build.rs` does.
//!
//! The conformance test `the_restored_engine_answers_every_case_identically` proves that an
//! engine restored from a snapshot answers every conformance case byte for byte as the engine
//! loaded from the files.

use super::model::*;
use super::required::{Dated, Procedures};
use super::{Layer, Loc, PolicySet, Sourced, Table, View};
use crate::calendar::resolved::ResolvedCalendar;
use crate::error::{Diagnostic, Error, Level};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// The format tag at the start of every snapshot.
const TAG: &str = "credit-resolved-snapshot/1";

/// One shared entry: what [`Sourced`] holds besides what is derived from the entry and its layer
/// (its reference, source and rule ids).
#[derive(Serialize, Deserialize)]
struct Shared<T> {
    entry: T,
    /// Position of the layer id in [`Snapshot::layer_ids`].
    layer: u32,
    loc: Loc,
}

/// A table: for each id in definition order, the positions of its versions in the kind's pool
/// (never empty; the id is the versions' own).
type TableForm = Vec<Vec<u32>>;

/// A resolved view as pool positions: its twenty tables in the order of [`View`]'s fields (a list,
/// not a struct, so that one deserialisation loop reads them all).
type ViewForm = Vec<TableForm>;

/// A dated timeline: the first version and the later ones, as pool positions.
type DatedForm = (u32, Vec<u32>);

macro_rules! kinds {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// Every shared entry of the set, one pool per kind.
        #[derive(Serialize, Deserialize, Default)]
        struct Pools {
            $($field: Vec<Shared<$ty>>,)*
        }


        /// Pointer → pool position, while writing.
        #[derive(Default)]
        struct Index {
            $($field: HashMap<usize, u32>,)*
        }

        /// The restored pools.
        struct Restored {
            $($field: Vec<Arc<Sourced<$ty>>>,)*
        }

        fn write_view(view: &View, pools: &mut Pools, index: &mut Index, layers: &mut LayerIds) -> Result<ViewForm, Error> {
            Ok(vec![$(write_table(&view.$field, &mut pools.$field, &mut index.$field, layers)?,)*])
        }

        fn restore_view(form: ViewForm, pools: &Restored) -> Result<View, Error> {
            let mut tables = form.into_iter();
            let view = View { $($field: restore_table(tables.next().ok_or_else(|| damaged("a view with too few tables"))?, &pools.$field)?,)* };
            if tables.next().is_some() {
                return Err(damaged("a view with too many tables"));
            }
            Ok(view)
        }

        fn restore_pools(pools: Pools, layer_ids: &[Arc<str>]) -> Result<Restored, Error> {
            Ok(Restored { $($field: restore_pool(pools.$field, layer_ids, stringify!($field))?,)* })
        }
    };
}

kinds! {
    domain: DomainEntry,
    key_domain: KeyDomainEntry,
    conduct: ConductEntry,
    severity: SeverityEntry,
    grade: GradeEntry,
    supervision: SupervisionEntry,
    list: ListEntry,
    measure: MeasureEntry,
    incentive: IncentiveEntry,
    objection: ObjectionEntry,
    complaint: ComplaintEntry,
    notice: NoticeEntry,
    publication: PublicationEntry,
    repair: RepairEntry,
    double_publicity: DoublePublicityEntry,
    triage: TriageEntry,
    target: TargetEntry,
    scope: ScopeEntry,
    commitment: CommitmentEntry,
    unified_period: UnifiedPeriodEntry,
}

/// The required procedures as pool positions.
#[derive(Serialize, Deserialize)]
struct ProceduresForm {
    objection: DatedForm,
    complaint: DatedForm,
    notice: DatedForm,
    publication: DatedForm,
    publication_fields: Vec<u32>,
    repair: DatedForm,
    double_publicity: DatedForm,
    commitment: DatedForm,
    unified_period: DatedForm,
    severity: [DatedForm; 3],
    grade: [DatedForm; 5],
    supervision: [DatedForm; 5],
}

#[derive(Serialize, Deserialize)]
struct LayerForm {
    decl: JurisdictionDecl,
    chain: Vec<String>,
    version: String,
    view: ViewForm,
    procedures: ProceduresForm,
}

#[derive(Serialize, Deserialize)]
struct Snapshot {
    tag: String,
    version: String,
    /// The layer ids entries name (`Sourced::layer`).
    layer_ids: Vec<String>,
    pools: Pools,
    layers: Vec<LayerForm>,
    calendar: ResolvedCalendar,
}

#[cold]
#[inline(never)]
fn invalid(message: String) -> Error {
    Error::policy(vec![Diagnostic {
        code: "invalid_snapshot",
        level: Level::Error,
        file: String::new(),
        line: 0,
        column: 0,
        path: String::new(),
        message,
        help: Some("rebuild the snapshot with the same version of credit-core (policy::snapshot::write)".into()),
        rule: None,
    }])
}

#[cold]
#[inline(never)]
fn damaged(what: &str) -> Error {
    invalid(format!("the policy snapshot is inconsistent: {what}"))
}

/// Layer ids named by entries, in first-use order.
#[derive(Default)]
struct LayerIds {
    ids: Vec<String>,
    index: HashMap<String, u32>,
}

impl LayerIds {
    fn of(&mut self, id: &str) -> Result<u32, Error> {
        if let Some(i) = self.index.get(id) {
            return Ok(*i);
        }
        let i = u32::try_from(self.ids.len()).map_err(|_| invalid("too many layers for a snapshot".into()))?;
        self.ids.push(id.to_owned());
        self.index.insert(id.to_owned(), i);
        Ok(i)
    }
}

/// The pool position of a shared entry, adding it on first sight.
fn position<T: Clone>(
    s: &Arc<Sourced<T>>,
    pool: &mut Vec<Shared<T>>,
    index: &mut HashMap<usize, u32>,
    layers: &mut LayerIds,
) -> Result<u32, Error> {
    let key = Arc::as_ptr(s) as usize;
    if let Some(i) = index.get(&key) {
        return Ok(*i);
    }
    let i = u32::try_from(pool.len()).map_err(|_| invalid("too many entries for a snapshot".into()))?;
    pool.push(Shared { entry: s.entry.clone(), layer: layers.of(&s.layer)?, loc: s.loc.clone() });
    index.insert(key, i);
    Ok(i)
}

fn write_table<T: Entry + Clone>(
    table: &Table<T>,
    pool: &mut Vec<Shared<T>>,
    index: &mut HashMap<usize, u32>,
    layers: &mut LayerIds,
) -> Result<TableForm, Error> {
    table
        .items
        .iter()
        .map(|(id, versions)| {
            if versions.is_empty() || versions.iter().any(|v| v.entry.id() != id) {
                return Err(invalid(format!("the versions of `{id}` do not carry its id")));
            }
            versions.iter().map(|v| position(v, pool, index, layers)).collect()
        })
        .collect()
}

fn write_dated<T: Clone>(
    d: &Dated<T>,
    pool: &mut Vec<Shared<T>>,
    index: &mut HashMap<usize, u32>,
    layers: &mut LayerIds,
) -> Result<DatedForm, Error> {
    let first = position(&d.first, pool, index, layers)?;
    let later = d.later.iter().map(|v| position(v, pool, index, layers)).collect::<Result<Vec<u32>, Error>>()?;
    Ok((first, later))
}

fn write_procedures(
    p: &Procedures,
    pools: &mut Pools,
    index: &mut Index,
    layers: &mut LayerIds,
) -> Result<ProceduresForm, Error> {
    let [s0, s1, s2] = &p.severity;
    let [g0, g1, g2, g3, g4] = &p.grade;
    let [v0, v1, v2, v3, v4] = &p.supervision;
    macro_rules! dated {
        ($d:expr, $k:ident) => {
            write_dated($d, &mut pools.$k, &mut index.$k, layers)?
        };
    }
    Ok(ProceduresForm {
        objection: dated!(&p.objection, objection),
        complaint: dated!(&p.complaint, complaint),
        notice: dated!(&p.notice, notice),
        publication: dated!(&p.publication, publication),
        publication_fields: p
            .publication_fields
            .iter()
            .map(|f| position(f, &mut pools.publication, &mut index.publication, layers))
            .collect::<Result<Vec<u32>, Error>>()?,
        repair: dated!(&p.repair, repair),
        double_publicity: dated!(&p.double_publicity, double_publicity),
        commitment: dated!(&p.commitment, commitment),
        unified_period: dated!(&p.unified_period, unified_period),
        severity: [dated!(s0, severity), dated!(s1, severity), dated!(s2, severity)],
        grade: [dated!(g0, grade), dated!(g1, grade), dated!(g2, grade), dated!(g3, grade), dated!(g4, grade)],
        supervision: [
            dated!(v0, supervision),
            dated!(v1, supervision),
            dated!(v2, supervision),
            dated!(v3, supervision),
            dated!(v4, supervision),
        ],
    })
}

/// The snapshot of a validated policy set. A set with warnings is refused (`invalid_snapshot`):
/// the snapshot does not carry diagnostics.
pub fn write(set: &PolicySet) -> Result<Vec<u8>, Error> {
    if !set.warnings().is_empty() {
        return Err(invalid(format!(
            "a policy set with {} warnings has no snapshot: fix the warnings first",
            set.warnings().len()
        )));
    }
    let mut pools = Pools::default();
    let mut index = Index::default();
    let mut layer_ids = LayerIds::default();
    let mut layers = Vec::with_capacity(set.layers.len());
    for l in &set.layers {
        layers.push(LayerForm {
            decl: l.decl.clone(),
            chain: l.chain.clone(),
            version: l.version.to_string(),
            view: write_view(&l.view, &mut pools, &mut index, &mut layer_ids)?,
            procedures: write_procedures(&l.procedures, &mut pools, &mut index, &mut layer_ids)?,
        });
    }
    let snapshot = Snapshot {
        tag: TAG.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        layer_ids: layer_ids.ids,
        pools,
        layers,
        calendar: ResolvedCalendar::of(set.calendar()),
    };
    let body = postcard::to_allocvec(&snapshot).map_err(|e| invalid(format!("cannot write the snapshot: {e}")))?;
    Ok(seal(body))
}

/// The 64-bit FNV-1a checksum of `bytes`.
fn checksum(bytes: &[u8]) -> [u8; 8] {
    use std::hash::Hasher;
    let mut h = super::Fnv::default();
    h.write(bytes);
    h.finish().to_le_bytes()
}

/// `body` followed by its checksum.
fn seal(mut body: Vec<u8>) -> Vec<u8> {
    let sum = checksum(&body);
    body.extend_from_slice(&sum);
    body
}

/// The snapshot of a set of policy files, loaded and validated first: a set
/// [`PolicySet::from_sources`] refuses is refused here with the same error.
#[cfg(feature = "toml")]
pub fn from_sources(files: &[super::SourceFile]) -> Result<Vec<u8>, Error> {
    write(&PolicySet::from_sources(files)?)
}

/// The snapshot of the policy files embedded in the library (the national baseline, the bundled
/// overlays and the holiday calendar).
#[cfg(feature = "toml")]
pub fn embedded() -> Result<Vec<u8>, Error> {
    from_sources(&super::embedded_sources())
}

fn restore_pool<T: Entry>(
    pool: Vec<Shared<T>>,
    layer_ids: &[Arc<str>],
    kind: &str,
) -> Result<Vec<Arc<Sourced<T>>>, Error> {
    pool.into_iter()
        .map(|s| {
            let layer = usize::try_from(s.layer).ok().and_then(|i| layer_ids.get(i)).ok_or_else(|| damaged("layer"))?;
            let reference = super::reference(layer, kind, s.entry.id());
            Ok(Arc::new(Sourced::new(s.entry, layer.to_string(), s.loc, reference)))
        })
        .collect()
}

fn shared<T>(pool: &[Arc<Sourced<T>>], i: u32) -> Result<Arc<Sourced<T>>, Error> {
    usize::try_from(i).ok().and_then(|i| pool.get(i)).cloned().ok_or_else(|| damaged("entry position"))
}

fn restore_table<T: Entry>(form: TableForm, pool: &[Arc<Sourced<T>>]) -> Result<Table<T>, Error> {
    let (ids, index) = table_ids(&form, &|i| pool.get(i).map(|s| s.entry.id()))?;
    let items = form
        .into_iter()
        .zip(ids)
        .map(|(positions, id)| {
            (id, positions.iter().filter_map(|i| usize::try_from(*i).ok().and_then(|i| pool.get(i)).cloned()).collect())
        })
        .collect();
    Ok(Table { items, index })
}

/// The ids of a table's rows and its index, checking every position against the pool (`id_at`:
/// the id of the entry at a position): not generic, so that the twenty tables share one copy.
fn table_ids<'p>(
    form: &TableForm,
    id_at: &dyn Fn(usize) -> Option<&'p str>,
) -> Result<(Vec<String>, super::FastMap<String, usize>), Error> {
    let mut ids = Vec::with_capacity(form.len());
    let mut index = super::FastMap::default();
    for positions in form {
        let mut id: Option<&'p str> = None;
        for i in positions {
            let this = usize::try_from(*i).ok().and_then(id_at).ok_or_else(|| damaged("entry position"))?;
            if id.is_some_and(|id| id != this) {
                return Err(damaged("versions of different ids"));
            }
            id = Some(this);
        }
        let id = id.ok_or_else(|| damaged("a table id without versions"))?;
        if index.insert(id.to_owned(), ids.len()).is_some() {
            return Err(damaged("duplicate id in a table"));
        }
        ids.push(id.to_owned());
    }
    Ok((ids, index))
}

fn restore_dated<T>((first, later): DatedForm, pool: &[Arc<Sourced<T>>]) -> Result<Dated<T>, Error> {
    Ok(Dated {
        first: shared(pool, first)?,
        later: later.into_iter().map(|i| shared(pool, i)).collect::<Result<Vec<_>, Error>>()?,
    })
}

fn restore_procedures(f: ProceduresForm, p: &Restored, view: &View) -> Result<Procedures, Error> {
    let [s0, s1, s2] = f.severity;
    let [g0, g1, g2, g3, g4] = f.grade;
    let [v0, v1, v2, v3, v4] = f.supervision;
    let sev = |d| restore_dated(d, &p.severity);
    let grade = |d| restore_dated(d, &p.grade);
    let sup = |d| restore_dated(d, &p.supervision);
    Ok(Procedures {
        objection: restore_dated(f.objection, &p.objection)?,
        complaint: restore_dated(f.complaint, &p.complaint)?,
        notice: restore_dated(f.notice, &p.notice)?,
        publication: restore_dated(f.publication, &p.publication)?,
        publication_fields: f
            .publication_fields
            .into_iter()
            .map(|i| shared(&p.publication, i))
            .collect::<Result<Vec<_>, Error>>()?,
        repair: restore_dated(f.repair, &p.repair)?,
        double_publicity: restore_dated(f.double_publicity, &p.double_publicity)?,
        commitment: restore_dated(f.commitment, &p.commitment)?,
        unified_period: restore_dated(f.unified_period, &p.unified_period)?,
        severity: [sev(s0)?, sev(s1)?, sev(s2)?],
        grade: [grade(g0)?, grade(g1)?, grade(g2)?, grade(g3)?, grade(g4)?],
        supervision: [sup(v0)?, sup(v1)?, sup(v2)?, sup(v3)?, sup(v4)?],
        measures: Arc::new(crate::policy::measure_sets::MeasureSets::compile(view)),
    })
}

impl PolicySet {
    /// Restore a policy set from a snapshot ([`crate::policy::snapshot`]): the set
    /// [`PolicySet::from_sources`] built when the snapshot was written, without parsing or
    /// validating anything.
    pub fn from_snapshot(bytes: &[u8]) -> Result<PolicySet, Error> {
        let (body, sum) = bytes
            .split_at_checked(bytes.len().saturating_sub(8))
            .ok_or_else(|| invalid("the policy snapshot is empty".into()))?;
        if sum.len() != 8 || checksum(body) != sum {
            return Err(invalid("the policy snapshot is damaged (its checksum does not match)".into()));
        }
        let (snapshot, rest) = postcard::take_from_bytes::<Snapshot>(body)
            .map_err(|e| invalid(format!("the policy snapshot cannot be read: {e}")))?;
        if snapshot.tag != TAG || snapshot.version != env!("CARGO_PKG_VERSION") {
            return Err(invalid(format!(
                "the policy snapshot is `{}` written by credit-core {}; this is credit-core {} reading `{TAG}`",
                crate::error::truncate(&snapshot.tag, crate::error::ECHO_MAX),
                crate::error::truncate(&snapshot.version, crate::error::ECHO_MAX),
                env!("CARGO_PKG_VERSION"),
            )));
        }
        if !rest.is_empty() {
            return Err(invalid(format!("the policy snapshot has {} trailing bytes", rest.len())));
        }
        let layer_ids: Vec<Arc<str>> = snapshot.layer_ids.into_iter().map(Arc::from).collect();
        let pools = restore_pools(snapshot.pools, &layer_ids)?;
        let mut layers = Vec::with_capacity(snapshot.layers.len());
        let mut index = HashMap::new();
        for l in snapshot.layers {
            if index.insert(l.decl.id.clone(), layers.len()).is_some() {
                return Err(damaged("duplicate layer"));
            }
            let view = restore_view(l.view, &pools)?;
            let procedures = restore_procedures(l.procedures, &pools, &view)?;
            layers.push(Layer {
                id: Arc::from(l.decl.id.as_str()),
                decl: l.decl,
                chain: l.chain,
                version: Arc::from(l.version),
                view,
                procedures,
                uid: Layer::next_uid(),
            });
        }
        let calendar = snapshot.calendar.restore().ok_or_else(|| damaged("calendar"))?;
        let calendar_version = calendar.version();
        Ok(PolicySet { layers, index, calendar, calendar_version, warnings: Vec::new() })
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_set_round_trips_through_a_snapshot() {
        let files = crate::policy::embedded_sources();
        let direct = PolicySet::from_sources(&files).unwrap();
        let bytes = write(&direct).unwrap();
        let loaded = PolicySet::from_snapshot(&bytes).unwrap();
        // Every layer, view, entry, location, procedure and calendar day is the same.
        assert_eq!(format!("{:?}", loaded.layers()), format!("{:?}", direct.layers()));
        assert!(loaded.calendar() == direct.calendar(), "the day tables differ");
        assert_eq!(loaded.calendar_version(), direct.calendar_version());
        assert_eq!(loaded.index, direct.index);
        assert!(loaded.warnings().is_empty());
        // Shared entries stay shared: a layer's view and its procedures hold the same `Arc`.
        for (a, b) in loaded.layers().iter().zip(direct.layers()) {
            assert_eq!(
                Arc::ptr_eq(a.procedures.objection.versions().next().unwrap(), a.view.objection.all().next().unwrap()),
                Arc::ptr_eq(b.procedures.objection.versions().next().unwrap(), b.view.objection.all().next().unwrap()),
                "{}",
                a.decl.id
            );
        }
        // Rule ids are interned again: the same static strings the validator cites.
        for l in loaded.layers() {
            for m in l.view.measure.all() {
                for r in m.rules.iter() {
                    assert!(matches!(r, std::borrow::Cow::Borrowed(_)) || crate::rules::intern(r).is_none(), "{r}");
                }
            }
        }
        // And it is smaller than the TOML it came from.
        let toml: usize = files.iter().map(|f| f.content.len()).sum();
        assert!(bytes.len() < toml, "{} bytes of snapshot for {toml} bytes of TOML", bytes.len());
    }

    #[test]
    fn a_refused_set_has_no_snapshot() {
        let mut files = crate::policy::embedded_sources();
        files.push(crate::policy::SourceFile { path: "cn/bad.toml".into(), content: "[[measure]]\nid = 1\n".into() });
        let err = from_sources(&files).unwrap_err();
        assert_eq!(err.code_str(), "invalid_policy");
    }

    #[test]
    fn damaged_snapshots_are_errors_not_panics() {
        let bytes = embedded().unwrap();
        let mut cases: Vec<Vec<u8>> = vec![Vec::new(), b"not a snapshot".to_vec()];
        for cut in [1, 7, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            cases.push(bytes[..cut].to_vec());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        cases.push(longer);
        // Flip bytes through the snapshot: the checksum refuses each.
        for i in (0..bytes.len()).step_by(bytes.len() / 197 + 1) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            cases.push(b);
        }
        for (i, b) in cases.iter().enumerate() {
            let err = PolicySet::from_snapshot(b).err().unwrap_or_else(|| panic!("case {i} should be refused"));
            assert_eq!(err.code_str(), "invalid_policy", "case {i}");
        }
        // A damaged body with a checksum to match is still an error, not a panic (bytes flipped
        // through the body, the checksum recomputed): each result is a set or a coded error.
        let body = &bytes[..bytes.len() - 8];
        for i in (0..body.len()).step_by(body.len() / 397 + 1) {
            let mut b = body.to_vec();
            b[i] ^= 0x5a;
            if let Err(e) = PolicySet::from_snapshot(&seal(b)) {
                assert_eq!(e.code_str(), "invalid_policy", "byte {i}");
            }
        }
        // Another version's snapshot is refused by name.
        let mut other = postcard::to_allocvec(&(TAG, "0.0.0-other")).unwrap();
        other.extend_from_slice(&body[TAG.len() + 1 + env!("CARGO_PKG_VERSION").len() + 1..]);
        let err = PolicySet::from_snapshot(&seal(other)).unwrap_err();
        assert!(err.diagnostics()[0].message.contains("0.0.0-other"), "{err:?}");
    }
}
