//! `Engine`: evaluation, calendar and catalogue for JavaScript.

use chrono::NaiveDate;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::{core_error, js_error, to_js};

fn parse_date(s: &str, what: &str) -> Result<NaiveDate, JsValue> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        js_error("case", "invalid_date", None, &format!("{what}: expected a date `YYYY-MM-DD`, got `{s}`"), None)
    })
}

/// A case given as a JS object or as JSON text.
fn to_case(case: JsValue) -> Result<Value, JsValue> {
    if let Some(text) = case.as_string() {
        return serde_json::from_str(&text)
            .map_err(|e| js_error("case", "invalid_json", None, &format!("case is not valid JSON: {e}"), None));
    }
    serde_wasm_bindgen::from_value(case)
        .map_err(|e| js_error("case", "invalid_case", None, &format!("case is not a JSON-like object: {e}"), None))
}

/// The engine: one jurisdiction layer of a validated policy set plus the holiday calendar.
#[wasm_bindgen]
pub struct Engine {
    inner: credit_core::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// The bundled national baseline (and its overlays).
    pub fn national() -> Result<Engine, JsValue> {
        credit_core::Engine::national().map(|inner| Engine { inner }).map_err(|e| core_error(&e))
    }

    /// Policy files given in memory: an object `{path: content}` or an array of `[path, content]`.
    #[wasm_bindgen(js_name = fromPolicyFiles)]
    pub fn from_policy_files(files: JsValue, jurisdiction: &str) -> Result<Engine, JsValue> {
        let bad = |e: serde_wasm_bindgen::Error| {
            js_error(
                "policy",
                "invalid_policy_files",
                None,
                &format!("policy files must be an object {{path: content}} or an array of [path, content]: {e}"),
                None,
            )
        };
        let files: Vec<(String, String)> = if js_sys::Array::is_array(&files) {
            serde_wasm_bindgen::from_value(files).map_err(bad)?
        } else {
            let map: std::collections::BTreeMap<String, String> = serde_wasm_bindgen::from_value(files).map_err(bad)?;
            map.into_iter().collect()
        };
        credit_core::Engine::from_sources(files, jurisdiction).map(|inner| Engine { inner }).map_err(|e| core_error(&e))
    }

    /// The engine for another jurisdiction layer of the same policy set.
    #[wasm_bindgen(js_name = withJurisdiction)]
    pub fn with_jurisdiction(&self, id: &str) -> Result<Engine, JsValue> {
        self.inner.with_jurisdiction(id).map(|inner| Engine { inner }).map_err(|e| core_error(&e))
    }

    /// The selected jurisdiction id.
    #[wasm_bindgen(getter)]
    pub fn jurisdiction(&self) -> String {
        self.inner.jurisdiction().to_owned()
    }

    /// Every jurisdiction id of the loaded policy set.
    pub fn jurisdictions(&self) -> Vec<String> {
        self.inner.jurisdictions()
    }

    /// Version stamp of the policy set.
    #[wasm_bindgen(getter, js_name = policyVersion)]
    pub fn policy_version(&self) -> String {
        self.inner.policy_version()
    }

    /// Version stamp of the holiday calendar.
    #[wasm_bindgen(getter, js_name = calendarVersion)]
    pub fn calendar_version(&self) -> String {
        self.inner.calendar_version()
    }

    /// Whether `"YYYY-MM-DD"` is a working day.
    #[wasm_bindgen(js_name = isWorkingDay)]
    pub fn is_working_day(&self, date: &str) -> Result<bool, JsValue> {
        let d = parse_date(date, "date")?;
        self.inner.calendar().is_working_day(d).map_err(|e| core_error(&e.into()))
    }

    /// `"YYYY-MM-DD"` plus `n` working days, as `"YYYY-MM-DD"`.
    #[wasm_bindgen(js_name = addWorkingDays)]
    pub fn add_working_days(&self, date: &str, n: u32) -> Result<String, JsValue> {
        let d = parse_date(date, "date")?;
        self.inner.calendar().add_working_days(d, n).map(|d| d.to_string()).map_err(|e| core_error(&e.into()))
    }

    /// The first working day after `"YYYY-MM-DD"`.
    #[wasm_bindgen(js_name = nextWorkingDay)]
    pub fn next_working_day(&self, date: &str) -> Result<String, JsValue> {
        let d = parse_date(date, "date")?;
        self.inner.calendar().next_working_day(d).map(|d| d.to_string()).map_err(|e| core_error(&e.into()))
    }

    /// The number of working days in `(start, end]` (negative when `end < start`).
    #[wasm_bindgen(js_name = workingDaysBetween)]
    pub fn working_days_between(&self, start: &str, end: &str) -> Result<f64, JsValue> {
        let a = parse_date(start, "start")?;
        let b = parse_date(end, "end")?;
        // Day counts are far below 2^53: exact as a JS number.
        self.inner.calendar().working_days_between(a, b).map(|n| n as f64).map_err(|e| core_error(&e.into()))
    }

    /// Evaluate a case (an object or JSON text) into a decision object.
    pub fn evaluate(&self, case: JsValue) -> Result<JsValue, JsValue> {
        let value = to_case(case)?;
        let decision = self.inner.evaluate_value(value).map_err(|e| core_error(&e))?;
        to_js(&decision)
    }

    /// The catalogue: lists, conduct and measures.
    pub fn catalog(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.catalog())
    }

    /// Evaluate one case under several jurisdictions and show the differences.
    pub fn compare(&self, case: JsValue, jurisdictions: Vec<String>) -> Result<JsValue, JsValue> {
        let value = to_case(case)?;
        let result = self.inner.compare_value(value, &jurisdictions).map_err(|e| core_error(&e))?;
        to_js(&result)
    }
}
