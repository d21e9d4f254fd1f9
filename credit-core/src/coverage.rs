//! Rule coverage: which policy entries encode each RULEBOOK rule and which conformance cases
//! exercise it. Purely organisational rules may be declared out of scope, and rules implemented in
//! code rather than data (e.g. identifier formats) may name their implementation, each with a
//! one-line reason, in one reviewed file (`tests/coverage/scope.toml`). [`national`] does the same
//! for the facts of NATIONAL.md (`tests/coverage/national.toml`).

pub mod national;

use crate::policy::PolicySet;
use crate::rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The reviewed scope file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeFile {
    /// Rules with no encoding expected.
    #[serde(default)]
    pub out_of_scope: Vec<ScopeEntry>,
    /// Rules implemented by code instead of policy entries.
    #[serde(default)]
    pub in_code: Vec<ScopeEntry>,
}

/// One line of the scope file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeEntry {
    /// Rule id.
    pub rule: String,
    /// Why (one line).
    pub reason: String,
    /// For `in_code`: the implementing file.
    #[serde(default)]
    pub implemented_by: Option<String>,
}

/// One rule's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCoverage {
    /// Rule id.
    pub rule: String,
    /// Short title.
    pub title: String,
    /// Policy entries citing it (`layer:kind/id`).
    pub entries: Vec<String>,
    /// Code implementing it, when declared.
    pub implemented_by: Option<String>,
    /// Conformance cases citing it.
    pub cases: Vec<String>,
    /// Out-of-scope reason, when declared.
    pub out_of_scope: Option<String>,
}

impl RuleCoverage {
    /// In scope but without an encoding or without a case.
    pub fn gap(&self) -> Option<&'static str> {
        if self.out_of_scope.is_some() {
            return None;
        }
        if self.entries.is_empty() && self.implemented_by.is_none() {
            return Some("no encoding");
        }
        if self.cases.is_empty() {
            return Some("no case");
        }
        None
    }
}

/// Map every RULEBOOK rule to its encodings and cases.
pub fn report(set: &PolicySet, cases: &[(String, Vec<String>)], scope: &ScopeFile) -> Vec<RuleCoverage> {
    // Versions of one id share a reference: their rules are merged.
    let mut cited: Vec<(String, BTreeSet<String>)> = Vec::new();
    for layer in set.layers() {
        for (reference, rules) in layer.view.citations() {
            match cited.iter_mut().find(|(r, _)| *r == reference) {
                Some((_, set)) => set.extend(rules),
                None => cited.push((reference, rules.into_iter().collect())),
            }
        }
    }
    rules::RULEBOOK
        .iter()
        .map(|(rule, title)| RuleCoverage {
            rule: (*rule).to_owned(),
            title: (*title).to_owned(),
            entries: cited.iter().filter(|(_, r)| r.iter().any(|x| x == rule)).map(|(e, _)| e.clone()).collect(),
            implemented_by: scope.in_code.iter().find(|s| s.rule == *rule).and_then(|s| s.implemented_by.clone()),
            cases: cases.iter().filter(|(_, r)| r.iter().any(|x| x == rule)).map(|(c, _)| c.clone()).collect(),
            out_of_scope: scope.out_of_scope.iter().find(|s| s.rule == *rule).map(|s| s.reason.clone()),
        })
        .collect()
}

/// The report as a Markdown table.
pub fn to_markdown(rows: &[RuleCoverage]) -> String {
    let mut o = String::from("| rule | title | policy entries | cases | status |\n|---|---|---|---|---|\n");
    for r in rows {
        let status = match (&r.out_of_scope, r.gap()) {
            (Some(reason), _) => format!("out of scope: {reason}"),
            (None, Some(gap)) => format!("**GAP: {gap}**"),
            (None, None) => "ok".to_owned(),
        };
        let entries = match (&r.implemented_by, r.entries.len()) {
            (Some(code), 0) => format!("code: `{code}`"),
            (Some(code), n) => format!("{n} (+ code: `{code}`)"),
            (None, n) => n.to_string(),
        };
        o.push_str(&format!("| {} | {} | {} | {} | {} |\n", r.rule, r.title, entries, r.cases.len(), status));
    }
    let gaps = rows.iter().filter(|r| r.gap().is_some()).count();
    o.push_str(&format!(
        "\n{} rules, {} out of scope, {} gaps\n",
        rows.len(),
        rows.iter().filter(|r| r.out_of_scope.is_some()).count(),
        gaps
    ));
    o
}
