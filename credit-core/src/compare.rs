//! Cross-jurisdiction comparison: evaluate one case under several layers and report, field by
//! field, where the decisions differ, with the rule and message behind each value.

use crate::case::{Case, Lang};
use crate::engine::Engine;
use crate::error::Error;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One field whose value differs between jurisdictions.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Field path in the decision, e.g. `records[0].objections[0].reply_due`.
    pub path: String,
    /// The value per jurisdiction (`null` when absent).
    #[cfg_attr(
        feature = "ts",
        ts(
            type = "{ [jurisdiction in string]?: string | number | boolean | null | Array<string | number | boolean> }"
        )
    )]
    pub values: BTreeMap<String, Value>,
    /// The rule ids behind the value, per jurisdiction.
    pub rules: BTreeMap<String, Vec<String>>,
    /// The explanation message behind the value, per jurisdiction.
    pub why: BTreeMap<String, String>,
}

/// The result of a comparison.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Jurisdictions compared, in the order given.
    pub jurisdictions: Vec<String>,
    /// Fields that differ.
    pub differences: Vec<Difference>,
    /// Each jurisdiction's full decision.
    #[cfg_attr(feature = "ts", ts(as = "BTreeMap<String, crate::decision::Decision>"))]
    pub decisions: BTreeMap<String, Value>,
}

const SKIP: &[&str] =
    &["explanation", "grade_explanation", "status_explanation", "jurisdiction", "policy_version", "message"];

fn flatten(v: &Value, path: &str, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if SKIP.contains(&k.as_str()) {
                    continue;
                }
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                flatten(x, &p, out);
            }
        }
        Value::Array(a) if a.iter().any(|x| x.is_object() || x.is_array()) => {
            for (i, x) in a.iter().enumerate() {
                flatten(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {
            out.insert(path.to_owned(), v.clone());
        }
    }
}

/// The explanation nearest to `path` in `decision`: the field's own `*_explanation` sibling, or
/// the `explanation` of the closest enclosing object.
fn nearest_explanation<'a>(decision: &'a Value, path: &str) -> Option<&'a Value> {
    let mut steps: Vec<String> = Vec::new();
    for part in path.split('.') {
        match part.split_once('[') {
            Some((name, rest)) => {
                steps.push(name.to_owned());
                for idx in rest.split('[') {
                    steps.push(format!("[{}", idx.trim_end_matches(']')));
                }
            }
            None => steps.push(part.to_owned()),
        }
    }
    let mut chain: Vec<&Value> = vec![decision];
    let mut cur = decision;
    for s in &steps {
        let next = match s.strip_prefix('[') {
            Some(i) => i.parse::<usize>().ok().and_then(|i| cur.get(i)),
            None => cur.get(s.as_str()),
        };
        match next {
            Some(n) => {
                chain.push(n);
                cur = n;
            }
            None => break,
        }
    }
    let last = steps.last().map(String::as_str).unwrap_or("");
    let parent = chain.len().checked_sub(2).and_then(|i| chain.get(i));
    if let Some(own) = parent.and_then(|p| p.get(format!("{last}_explanation"))) {
        return Some(own);
    }
    chain.iter().rev().find_map(|v| v.get("explanation").filter(|e| e.is_object()))
}

impl Engine {
    /// Evaluate `case` under each of `jurisdictions` and report the differing fields.
    ///
    /// ```
    /// let engine = credit_core::Engine::national()?;
    /// let case = credit_core::case::Case::from_json(r#"{"as_of": "2025-01-02", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}"#)?;
    /// let cmp = engine.compare(&case, &["cn".to_owned()], None)?;
    /// assert!(cmp.differences.is_empty());
    /// # Ok::<(), credit_core::Error>(())
    /// ```
    pub fn compare(&self, case: &Case, jurisdictions: &[String], lang: Option<Lang>) -> Result<Comparison, Error> {
        let mut decisions = BTreeMap::new();
        let mut flat = BTreeMap::new();
        for j in jurisdictions {
            let mut c = case.clone();
            c.jurisdiction = Some(j.clone());
            let d = crate::engine::to_value(&self.evaluate_in(&c, lang)?)?;
            let mut f = BTreeMap::new();
            flatten(&d, "", &mut f);
            flat.insert(j.clone(), f);
            decisions.insert(j.clone(), d);
        }
        let mut paths: Vec<&String> = flat.values().flat_map(|f| f.keys()).collect();
        paths.sort();
        paths.dedup();
        let mut differences = Vec::new();
        for p in paths {
            let values: BTreeMap<String, Value> = jurisdictions
                .iter()
                .map(|j| (j.clone(), flat.get(j).and_then(|f| f.get(p)).cloned().unwrap_or(Value::Null)))
                .collect();
            let mut distinct: Vec<&Value> = values.values().collect();
            distinct.dedup();
            if distinct.len() <= 1 {
                continue;
            }
            let mut rules = BTreeMap::new();
            let mut why = BTreeMap::new();
            for j in jurisdictions {
                if let Some(e) = decisions.get(j).and_then(|d| nearest_explanation(d, p)) {
                    let r: Vec<String> = e
                        .get("rules")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect();
                    rules.insert(j.clone(), r);
                    why.insert(j.clone(), e.get("message").and_then(Value::as_str).unwrap_or_default().to_owned());
                }
            }
            differences.push(Difference { path: p.clone(), values, rules, why });
        }
        Ok(Comparison { jurisdictions: jurisdictions.to_vec(), differences, decisions })
    }

    /// [`Engine::compare`] with a JSON case in and a JSON comparison out.
    pub fn compare_value(&self, case: Value, jurisdictions: &[String]) -> Result<Value, Error> {
        let case = Case::from_value(case)?;
        crate::engine::to_value(&self.compare(&case, jurisdictions, None)?)
    }
}

impl Comparison {
    /// The differences as readable text.
    pub fn to_text(&self) -> String {
        let mut o =
            format!("comparison of {} jurisdictions: {}\n", self.jurisdictions.len(), self.jurisdictions.join(", "));
        if self.differences.is_empty() {
            o.push_str("no differences\n");
        }
        for d in &self.differences {
            o.push_str(&format!("{}\n", d.path));
            for (j, v) in &d.values {
                let rules = d.rules.get(j).map(|r| r.join(", ")).unwrap_or_default();
                o.push_str(&format!("  {j:<24} {v}  [{rules}]\n"));
            }
        }
        o
    }
}
