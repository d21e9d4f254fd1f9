//! `Engine`: evaluation, calendar and catalogue for JavaScript.

use chrono::NaiveDate;
use credit_core::calendar::CalendarMode;
use credit_core::case::{Case, Lang};
use credit_core::ratio::PopulationSubject;
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

/// A case given as a JS object or JSON text → a checked `Case`.
fn read_case(case: JsValue) -> Result<Case, JsValue> {
    Case::from_value(to_case(case)?).map_err(|e| core_error(&e))
}

/// `options.lang` (`undefined`/`null`, `"zh"` or `"en"`) → `Option<Lang>`.
fn read_lang(options: Option<JsValue>) -> Result<Option<Lang>, JsValue> {
    let Some(options) = options else { return Ok(None) };
    let options = &options;
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() {
        return Err(js_error(
            "argument",
            "invalid_options",
            None,
            "options must be an object like {lang: \"en\"}",
            None,
        ));
    }
    let lang = js_sys::Reflect::get(options, &JsValue::from_str("lang")).unwrap_or(JsValue::UNDEFINED);
    if lang.is_undefined() || lang.is_null() {
        return Ok(None);
    }
    match lang.as_string().as_deref() {
        Some("zh") => Ok(Some(Lang::Zh)),
        Some("en") => Ok(Some(Lang::En)),
        _ => Err(js_error(
            "argument",
            "invalid_lang",
            Some("lang"),
            &format!(
                "options.lang: expected \"zh\" or \"en\", got {}",
                lang.as_string().unwrap_or_else(|| format!("{lang:?}"))
            ),
            None,
        )),
    }
}

/// Population subjects (an array of `{id, kind, region, lists, status, events}`), naming the
/// first problem's path (`[3].kind`). Keys whose value is `null` or `undefined` count as absent.
fn read_population(subjects: JsValue) -> Result<Vec<PopulationSubject>, JsValue> {
    if !js_sys::Array::is_array(&subjects) {
        return Err(js_error("case", "invalid_population", None, "population must be an array of subjects", None));
    }
    let values: Vec<Value> = serde_wasm_bindgen::from_value(subjects).map_err(|e| {
        js_error("case", "invalid_population", None, &format!("population is not a JSON-like array: {e}"), None)
    })?;
    credit_core::ratio::population_from_values(values).map_err(|e| core_error(&e))
}

/// The calendar options of `Engine.national` and `Engine.fromPolicyFiles`.
#[derive(Default)]
struct EngineOptions {
    strict: bool,
    years: Vec<(String, String)>,
}

/// A JS value for a message: strings quoted, others by type.
fn describe(v: &JsValue) -> String {
    match v.as_string() {
        Some(s) => format!("{s:?}"),
        None if v.is_undefined() => "undefined".to_owned(),
        None if v.is_null() => "null".to_owned(),
        None => v.js_typeof().as_string().unwrap_or_else(|| "a non-string".to_owned()),
    }
}

/// `options` (`undefined`/`null`, or `{strict?: boolean, calendarYears?: [{name, content}]}`).
fn read_engine_options(options: Option<JsValue>) -> Result<EngineOptions, JsValue> {
    let Some(options) = options else { return Ok(EngineOptions::default()) };
    if options.is_undefined() || options.is_null() {
        return Ok(EngineOptions::default());
    }
    if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(js_error(
            "argument",
            "invalid_options",
            None,
            "options must be an object like {strict: true, calendarYears: [{name, content}]}",
            None,
        ));
    }
    let get = |key: &str| js_sys::Reflect::get(&options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let strict = get("strict");
    let strict = if strict.is_undefined() || strict.is_null() {
        false
    } else {
        strict.as_bool().ok_or_else(|| {
            js_error(
                "argument",
                "invalid_options",
                Some("strict"),
                &format!("options.strict: expected a boolean, got {}", describe(&strict)),
                None,
            )
        })?
    };
    let years = get("calendarYears");
    let years = if years.is_undefined() || years.is_null() {
        Vec::new()
    } else {
        read_year_files(&years, "options.calendarYears")?
    };
    Ok(EngineOptions { strict, years })
}

/// An array of `{name: string, content: string}` → `(file name, content)` pairs.
fn read_year_files(files: &JsValue, what: &str) -> Result<Vec<(String, String)>, JsValue> {
    let bad = |path: String, message: String| {
        js_error(
            "argument",
            "invalid_calendar_years",
            Some(&path),
            &message,
            Some("pass an array of {name: \"2027.toml\", content: \"<the file's TOML text>\"}"),
        )
    };
    if !js_sys::Array::is_array(files) {
        return Err(bad(
            what.to_owned(),
            format!("{what}: expected an array of {{name, content}}, got {}", describe(files)),
        ));
    }
    let mut out = Vec::new();
    for (i, item) in js_sys::Array::from(files).iter().enumerate() {
        let at = format!("{what}[{i}]");
        if !item.is_object() {
            return Err(bad(
                at.clone(),
                format!("{at}: expected an object {{name, content}}, got {}", describe(&item)),
            ));
        }
        let field = |key: &str| {
            let v = js_sys::Reflect::get(&item, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
            v.as_string().ok_or_else(|| {
                bad(format!("{at}.{key}"), format!("{at}.{key}: expected a string, got {}", describe(&v)))
            })
        };
        out.push((field("name")?, field("content")?));
    }
    Ok(out)
}

/// Apply the calendar options of the constructors.
fn configured(mut inner: credit_core::Engine, options: EngineOptions) -> Result<Engine, JsValue> {
    if !options.years.is_empty() {
        inner = inner.with_calendar_year_files(&options.years).map_err(|e| core_error(&e))?;
    }
    if options.strict {
        inner = inner.with_calendar_mode(CalendarMode::Strict);
    }
    Ok(Engine { inner })
}

/// The engine: one jurisdiction layer of a validated policy set plus the holiday calendar.
#[wasm_bindgen]
pub struct Engine {
    inner: credit_core::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// The bundled national baseline (and its overlays). `options.strict` (boolean) makes a day
    /// of a year without a State Council notice a `calendar_coverage` error instead of a
    /// projected (provisional) answer; `options.calendarYears` (array of `{name, content}`) adds
    /// calendar year files.
    pub fn national(
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ strict?: boolean, calendarYears?: Array<{ name: string, content: string }> }"
        )]
        options: Option<js_sys::Object>,
    ) -> Result<Engine, JsValue> {
        let options = read_engine_options(options.map(JsValue::from))?;
        let inner = credit_core::Engine::national().map_err(|e| core_error(&e))?;
        configured(inner, options)
    }

    /// Policy files given in memory: an object `{path: content}` or an array of `[path, content]`;
    /// `options` as for [`Engine::national`].
    #[wasm_bindgen(js_name = fromPolicyFiles)]
    pub fn from_policy_files(
        files: JsValue,
        jurisdiction: &str,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ strict?: boolean, calendarYears?: Array<{ name: string, content: string }> }"
        )]
        options: Option<js_sys::Object>,
    ) -> Result<Engine, JsValue> {
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
        let options = read_engine_options(options.map(JsValue::from))?;
        let inner = credit_core::Engine::from_sources(files, jurisdiction).map_err(|e| core_error(&e))?;
        configured(inner, options)
    }

    /// The same engine with the calendar in another mode: `"project"` (years without a notice
    /// are projected from the statute and conclusions that used a projected day are marked
    /// provisional) or `"strict"` (such a day is a `calendar_coverage` error).
    #[wasm_bindgen(js_name = withCalendarMode)]
    pub fn with_calendar_mode(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"project\" | \"strict\"")] mode: JsValue,
    ) -> Result<Engine, JsValue> {
        let mode = match mode.as_string().as_deref() {
            Some("project") => CalendarMode::Project,
            Some("strict") => CalendarMode::Strict,
            _ => {
                return Err(js_error(
                    "argument",
                    "invalid_calendar_mode",
                    None,
                    &format!("calendar mode: expected \"project\" or \"strict\", got {}", describe(&mode)),
                    None,
                ))
            }
        };
        Ok(Engine { inner: self.inner.with_calendar_mode(mode) })
    }

    /// The same engine with more calendar year files (the format of
    /// `policies/calendar/<year>.toml`): an array of `{name, content}`. A bad file throws a policy
    /// error (`invalid_policy`) whose `diagnostics` name the problem (`calendar_data`).
    #[wasm_bindgen(js_name = withCalendarYears)]
    pub fn with_calendar_years(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<{ name: string, content: string }>")] files: JsValue,
    ) -> Result<Engine, JsValue> {
        let files = read_year_files(&files, "files")?;
        self.inner.with_calendar_year_files(&files).map(|inner| Engine { inner }).map_err(|e| core_error(&e))
    }

    /// Every year the calendar can classify: `{year, status: "published" | "projected", source}`
    /// (published years also carry `published`, the notice's date).
    #[wasm_bindgen(js_name = calendarYears, unchecked_return_type = "Array<{ year: number, status: \"published\" | \"projected\", source: string, published?: string | null }>")]
    pub fn calendar_years(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.calendar_years())
    }

    /// The calendar mode: `"project"` or `"strict"`.
    #[wasm_bindgen(getter, js_name = calendarMode)]
    pub fn calendar_mode(&self) -> String {
        match self.inner.calendar().mode() {
            CalendarMode::Project => "project".to_owned(),
            CalendarMode::Strict => "strict".to_owned(),
        }
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

    /// Evaluate a case (an object or JSON text) into a decision object. `options.lang` (`"zh"`
    /// or `"en"`) chooses the explanation language, whatever the case's own `lang` says.
    pub fn evaluate(
        &self,
        case: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ lang?: \"zh\" | \"en\" }")] options: Option<js_sys::Object>,
    ) -> Result<JsValue, JsValue> {
        let lang = read_lang(options.map(JsValue::from))?;
        let case = read_case(case)?;
        let decision = self.inner.evaluate_in(&case, lang).map_err(|e| core_error(&e))?;
        to_js(&decision)
    }

    /// The catalogue: lists, conduct and measures.
    pub fn catalog(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.catalog())
    }

    /// Evaluate one case under each of `jurisdictions` and report the fields that differ:
    /// `{jurisdictions, differences: [{path, values, rules, why}], decisions: {id: decision}}`.
    /// `options.lang` chooses the language of the `why` messages.
    pub fn compare(
        &self,
        case: JsValue,
        jurisdictions: Vec<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "{ lang?: \"zh\" | \"en\" }")] options: Option<js_sys::Object>,
    ) -> Result<JsValue, JsValue> {
        let lang = read_lang(options.map(JsValue::from))?;
        let case = read_case(case)?;
        let result = self.inner.compare(&case, &jurisdictions, lang).map_err(|e| core_error(&e))?;
        to_js(&result)
    }

    /// The serious-subject ratio per region (TRI-7) for an array of subjects
    /// `{id, kind, region, lists, status, events}`: one row per region, sorted by region, with
    /// `legal_persons`, `serious`, `ratio`, `target`, `meets_target`, `would_exit` (masked ids) and
    /// `ratio_after_exit`.
    #[wasm_bindgen(js_name = seriousRatio)]
    pub fn serious_ratio(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "Array<{ id: string, kind: string, region: string, lists?: string[], status?: string, events?: string[] }>"
        )]
        subjects: JsValue,
    ) -> Result<JsValue, JsValue> {
        let people = read_population(subjects)?;
        let rows = self.inner.serious_ratio(&people).map_err(|e| core_error(&e))?;
        to_js(&rows)
    }
}
