//! The serious-subject ratio (TRI-7): per region, serious-list subjects as a share of all legal
//! persons, against the layer's target, and what the share would be once the subjects that
//! triage sends to the exit list have left.

use crate::engine::Engine;
use crate::error::Error;
use crate::policy::model::{ListKind, TriageOutcome};
use crate::vocab::{EventType, RegistrationStatus, SubjectKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One subject of the population.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationSubject {
    /// Identifier (masked in every output).
    pub id: String,
    /// Legal kind.
    pub kind: SubjectKind,
    /// Region code.
    pub region: String,
    /// Lists the subject is on.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub lists: Vec<String>,
    /// Registration status; absent: active.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub status: Option<RegistrationStatus>,
    /// Events on its listed records (e.g. `bankruptcy_opened`). The listing itself counts as
    /// active: exits that depend on a record's timeline (a list's own exit conditions) need a
    /// full case and [`Engine::evaluate`].
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub events: Vec<EventType>,
}

impl std::fmt::Debug for PopulationSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PopulationSubject")
            .field("id", &crate::id::mask(&self.id))
            .field("kind", &self.kind)
            .field("region", &crate::id::mask_identifiers(&self.region))
            .field("lists", &self.lists)
            .field("status", &self.status)
            .field("events", &self.events)
            .finish()
    }
}

/// One row of the ratio table.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionRatio {
    /// Region code.
    pub region: String,
    /// Legal persons in the population.
    pub legal_persons: usize,
    /// Of which on a serious list.
    pub serious: usize,
    /// `serious / legal_persons`.
    pub ratio: f64,
    /// Target (at most: "1%以下" includes 1%), when the layer sets one.
    pub target: Option<f64>,
    /// Whether the ratio is at or below the target.
    pub meets_target: Option<bool>,
    /// Masked ids of serious subjects that triage sends to the exit list.
    pub would_exit: Vec<String>,
    /// The ratio once they have left.
    pub ratio_after_exit: f64,
}

impl Engine {
    /// The serious-subject ratio per region (TRI-7), sorted by region.
    ///
    /// ```
    /// use credit_core::ratio::PopulationSubject;
    /// use credit_core::vocab::{RegistrationStatus, SubjectKind};
    /// let engine = credit_core::Engine::national()?.with_jurisdiction("cn-hebei-shijiazhuang")?;
    /// let mut people = vec![];
    /// for i in 0..200 {
    ///     people.push(PopulationSubject { id: format!("x{i}"), kind: SubjectKind::LegalPerson, region: "130100".into(),
    ///         lists: if i < 3 { vec!["judgment_debtor".into()] } else { vec![] },
    ///         status: Some(if i == 0 { RegistrationStatus::Deregistered } else { RegistrationStatus::Active }), events: vec![] });
    /// }
    /// let rows = engine.serious_ratio(&people)?;
    /// assert_eq!(rows[0].serious, 3);
    /// assert_eq!(rows[0].would_exit.len(), 1);
    /// assert_eq!(rows[0].meets_target, Some(false)); // 1.5% is above 1%
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    pub fn serious_ratio(&self, population: &[PopulationSubject]) -> Result<Vec<RegionRatio>, Error> {
        let layer = self.policy().layer(self.jurisdiction()).ok_or_else(|| {
            Error::new(
                crate::ErrorKind::Jurisdiction,
                crate::error::ErrorCode::UnknownJurisdiction,
                "unknown jurisdiction",
            )
        })?;
        let view = &layer.view;
        let today = self.calendar().coverage().map_or(self.calendar().supported().1, |c| c.1);
        let target = view
            .target
            .at(crate::policy::required::SERIOUS_RATIO, today)
            .or_else(|| view.target.versions(crate::policy::required::SERIOUS_RATIO).last())
            .map(|t| t.entry.at_most);
        for (i, s) in population.iter().enumerate() {
            for l in &s.lists {
                if !view.list.contains(l) {
                    return Err(crate::mask::error(Error::case(
                        crate::error::ErrorCode::UnknownList,
                        format!("[{i}].lists"),
                        format!("unknown list `{l}`"),
                    )));
                }
            }
        }
        let mut triage: Vec<_> = view.triage.all().collect();
        triage.sort_by_key(|t| t.entry.order);
        let serious_list = |l: &String| view.list.versions(l).iter().any(|v| v.entry.kind == ListKind::Serious);
        let mut rows: BTreeMap<&str, RegionRatio> = BTreeMap::new();
        for s in population.iter().filter(|s| s.kind == SubjectKind::LegalPerson) {
            let row = rows.entry(s.region.as_str()).or_insert_with(|| RegionRatio {
                region: s.region.clone(),
                legal_persons: 0,
                serious: 0,
                ratio: 0.0,
                target,
                meets_target: None,
                would_exit: Vec::new(),
                ratio_after_exit: 0.0,
            });
            row.legal_persons += 1;
            let lists: Vec<&String> = s.lists.iter().filter(|l| serious_list(l)).collect();
            if lists.is_empty() {
                continue;
            }
            row.serious += 1;
            let status = s.status.unwrap_or(RegistrationStatus::Active);
            let outcome = triage.iter().find(|t| {
                let w = &t.entry.when;
                (w.status.is_empty() || w.status.contains(&status))
                    && (w.lists.is_empty() || lists.iter().any(|l| w.lists.contains(l)))
                    && (w.events.is_empty() || w.events.iter().any(|e| s.events.contains(e)))
                    && (w.subject_kinds.is_empty() || w.subject_kinds.contains(&s.kind))
                    && w.repair_reachable.is_none()
                    // A population row carries no record timeline: its listing counts as active.
                    && (w.record_status.is_empty() || w.record_status.contains(&crate::decision::RecordStatus::Active))
            });
            if outcome.is_some_and(|t| t.entry.outcome == TriageOutcome::Exit) {
                row.would_exit.push(crate::id::mask(&s.id));
            }
        }
        Ok(rows
            .into_values()
            .map(|mut r| {
                #[allow(clippy::cast_precision_loss, reason = "counts of subjects are far below 2^52")]
                let share = |n: usize| if r.legal_persons == 0 { 0.0 } else { n as f64 / r.legal_persons as f64 };
                r.ratio = share(r.serious);
                r.ratio_after_exit = share(r.serious.saturating_sub(r.would_exit.len()));
                // "1%以下" includes 1% (民法典 Art. 1259: 以下 includes the number). Compared on the
                // counts, so that 10 of 1,000 is exactly 1% whatever the float rounding.
                #[allow(clippy::cast_precision_loss, reason = "counts of subjects are far below 2^52")]
                let within = |t: f64| (r.serious as f64) <= t * (r.legal_persons as f64) + 1e-9;
                r.meets_target = r.target.map(within);
                crate::id::mask_in_place(&mut r.region); // personal data never leaves unmasked
                r
            })
            .collect())
    }
}

/// Read a population from JSON values (the FFI entry point the bindings share): `null` fields
/// count as absent (a DataFrame's missing values), and the first problem is reported with its
/// path, e.g. `[3].kind`.
///
/// ```
/// let err = credit_core::ratio::population_from_values(vec![serde_json::json!({"id": "x", "kind": "alien", "region": "1"})])
///     .err().ok_or("expected an error")?;
/// assert_eq!(err.path(), Some("[0].kind"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn population_from_values(values: Vec<serde_json::Value>) -> Result<Vec<PopulationSubject>, Error> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let v = match v {
                serde_json::Value::Object(mut m) => {
                    m.retain(|_, x| !x.is_null());
                    serde_json::Value::Object(m)
                }
                other => other,
            };
            crate::ffi::read_value::<PopulationSubject>(v).map_err(|e| {
                let path = match e.path() {
                    Some(p) => format!("[{i}].{p}"),
                    None => format!("[{i}]"),
                };
                Error::case(
                    crate::error::ErrorCode::InvalidPopulation,
                    path,
                    format!("invalid subject: {}", e.message()),
                )
            })
        })
        .collect()
}
