//! The catalogue of a jurisdiction layer, typed: every entry kind the layer sees (its own entries
//! over its ancestors'), procedures and clocks included, so that a form can show a layer's
//! objection clock or a measure's targets without evaluating a case.
//!
//! ```
//! let engine = credit_core::Engine::national()?.with_jurisdiction("cn-jilin-tonghua")?;
//! let catalog = engine.catalog();
//! let objection = catalog.objection.get("objection").ok_or("no objection procedure")?;
//! assert_eq!(objection.versions()[0].entry.reply_within.to_string(), "15 working days");
//! assert!(catalog.measures.contains_key("key_supervision"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::policy::model::*;
use crate::policy::{Table, View};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One version of an entry, with the layer that defines it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Versioned<T> {
    /// The layer that defines this version (e.g. `cn`, `cn-jilin-tonghua`).
    pub layer: String,
    /// The entry, with its citation and effective dates.
    #[serde(flatten)]
    pub entry: T,
}

/// The versions of one id: a single entry, or several dated ones (oldest first).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Versions<T> {
    /// The only version.
    One(Versioned<T>),
    /// Dated versions, oldest first.
    Many(Vec<Versioned<T>>),
}

impl<T> Versions<T> {
    /// Every version, oldest first.
    pub fn versions(&self) -> &[Versioned<T>] {
        match self {
            Versions::One(v) => std::slice::from_ref(v),
            Versions::Many(v) => v,
        }
    }
}

/// Entries of one kind by id, in id order; serialized as a map (`{id: versions}`).
///
/// A sorted vector rather than a `BTreeMap`: the catalogue has twenty entry kinds, and a map per
/// kind compiled twenty copies of the map code into the WebAssembly bundle (about 200 KB).
#[derive(Clone, Debug, PartialEq)]
pub struct Entries<T>(Vec<(String, Versions<T>)>);

impl<T> Entries<T> {
    /// The versions of `id`.
    pub fn get(&self, id: &str) -> Option<&Versions<T>> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }
    /// Whether `id` is in the catalogue.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
    /// Ids and versions, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Versions<T>)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
    /// Ids, in id order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
    /// Number of ids.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Entries(BTreeMap::<String, Versions<T>>::deserialize(d)?.into_iter().collect()))
    }
}

/// The typed catalogue of one layer (see the module documentation).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// The layer.
    pub jurisdiction: String,
    /// Versions of the layer and its ancestors, root first.
    pub policy_version: String,
    /// Domains of conduct.
    pub domains: Entries<DomainEntry>,
    /// Key domains of this layer (SUB-4).
    pub key_domains: Entries<KeyDomainEntry>,
    /// The conduct catalogue (MEA-1).
    pub conduct: Entries<ConductEntry>,
    /// Severity classes (MEA-3).
    pub severities: Entries<SeverityEntry>,
    /// Lists.
    pub lists: Entries<ListEntry>,
    /// The measure catalogue (MEA-1, NATIONAL §5).
    pub measures: Entries<MeasureEntry>,
    /// Incentives (INC).
    pub incentives: Entries<IncentiveEntry>,
    /// Grades (SUB-5).
    pub grades: Entries<GradeEntry>,
    /// Supervision levels (NATIONAL §9).
    pub supervision: Entries<SupervisionEntry>,
    /// The objection procedure and its clocks (OBJ-1..3, NATIONAL §7).
    pub objection: Entries<ObjectionEntry>,
    /// The complaint procedure (OBJ-1).
    pub complaint: Entries<ComplaintEntry>,
    /// Notice before listing (MEA-6).
    pub notice: Entries<NoticeEntry>,
    /// Publication regimes (PER-3).
    pub publication: Entries<PublicationEntry>,
    /// Repair regimes (REP-1..4).
    pub repair: Entries<RepairEntry>,
    /// 双公示 (PER-4).
    pub double_publicity: Entries<DoublePublicityEntry>,
    /// Triage rules (TRI-1..6).
    pub triage: Entries<TriageEntry>,
    /// Numeric targets (TRI-7).
    pub targets: Entries<TargetEntry>,
    /// Scope (SUB-1, SUB-2).
    pub scope: Entries<ScopeEntry>,
    /// Credit commitments (COM-1, COM-2).
    pub commitment: Entries<CommitmentEntry>,
    /// The unified period (PER-2).
    pub unified_period: Entries<UnifiedPeriodEntry>,
}

fn entries<T: Entry + Clone>(t: &Table<T>) -> Entries<T> {
    let ids: Vec<&str> = t.ids().collect();
    let items: Vec<(String, Versions<T>)> = ids
        .iter()
        .map(|id| {
            let mut versions: Vec<Versioned<T>> =
                t.versions(id).iter().map(|s| Versioned { layer: s.layer.clone(), entry: s.entry.clone() }).collect();
            let v = if versions.len() == 1 {
                match versions.pop() {
                    Some(one) => Versions::One(one),
                    None => Versions::Many(versions),
                }
            } else {
                Versions::Many(versions)
            };
            ((*id).to_owned(), v)
        })
        .collect();
    // Table ids are unique: sorting by id gives the map order.
    Entries(crate::policy::permute(items, &crate::policy::stable_order(&ids)))
}

impl Catalog {
    pub(crate) fn of(jurisdiction: &str, policy_version: &str, v: &View) -> Catalog {
        Catalog {
            jurisdiction: jurisdiction.to_owned(),
            policy_version: policy_version.to_owned(),
            domains: entries(&v.domain),
            key_domains: entries(&v.key_domain),
            conduct: entries(&v.conduct),
            severities: entries(&v.severity),
            lists: entries(&v.list),
            measures: entries(&v.measure),
            incentives: entries(&v.incentive),
            grades: entries(&v.grade),
            supervision: entries(&v.supervision),
            objection: entries(&v.objection),
            complaint: entries(&v.complaint),
            notice: entries(&v.notice),
            publication: entries(&v.publication),
            repair: entries(&v.repair),
            double_publicity: entries(&v.double_publicity),
            triage: entries(&v.triage),
            targets: entries(&v.target),
            scope: entries(&v.scope),
            commitment: entries(&v.commitment),
            unified_period: entries(&v.unified_period),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_catalog_round_trips_through_json() {
        let engine = crate::Engine::national().unwrap().with_jurisdiction("cn-jilin-tonghua").unwrap();
        let catalog = engine.catalog();
        let json = serde_json::to_string(&catalog).unwrap();
        let back: super::Catalog = serde_json::from_str(&json).unwrap();
        assert_eq!(back, catalog);
        assert!(json.contains("\"layer\":\"cn-jilin-tonghua\""));
    }
}
