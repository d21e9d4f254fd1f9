//! `Engine`: evaluation, calendar and catalogue for JavaScript.

use credit_core::calendar::CalendarMode;
use credit_core::case::{Case, Lang};
use credit_core::ffi::{self, EngineOptions};
use credit_core::policy::PolicySet;
use credit_core::ratio::PopulationSubject;
use credit_core::{Error, ErrorCode};
use std::sync::{Arc, OnceLock};
use wasm_bindgen::prelude::*;

use crate::input::{value, with_arg, JsNative};
use crate::{core_error, to_js};

type JsResult<T> = Result<T, JsValue>;

/// A core result as a JS result (errors thrown as coded `Error` objects).
fn js<T>(r: Result<T, Error>) -> JsResult<T> {
    r.map_err(|e| core_error(&e))
}

/// A date argument (`"YYYY-MM-DD"` only; numbers and `Date` objects are `wrong_type`).
fn date(v: &JsValue, name: &str) -> JsResult<chrono::NaiveDate> {
    js(with_arg(v, |a| ffi::date(a, name)))
}

/// A case given as a JS object or as JSON text → a checked `Case`.
fn read_case(case: &JsValue) -> JsResult<Case> {
    js(match case.as_string() {
        Some(text) => ffi::case_from_json(&text),
        None => ffi::case_from_native(&JsNative(case.clone())),
    })
}

/// `options` of `evaluate` / `compare`: `undefined`/`null` or `{lang?: "zh" | "en"}`.
fn read_lang(options: Option<js_sys::Object>) -> JsResult<Option<Lang>> {
    let Some(options) = options.map(JsValue::from) else { return Ok(None) };
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(core_error(&Error::argument(
            ErrorCode::InvalidOptions,
            "options",
            "options must be an object like {lang: \"en\"}",
        )));
    }
    let lang = js_sys::Reflect::get(&options, &JsValue::from_str("lang")).unwrap_or(JsValue::UNDEFINED);
    js(with_arg(&lang, ffi::lang))
}

/// Population subjects (an array of `{id, kind, region, lists, status, events}`), naming the
/// first problem's path (`[3].kind`). Keys whose value is `null` or `undefined` count as absent.
fn read_population(subjects: &JsValue) -> JsResult<Vec<PopulationSubject>> {
    if !js_sys::Array::is_array(subjects) {
        return Err(core_error(&Error::argument(
            ErrorCode::InvalidPopulation,
            "subjects",
            "subjects: expected an array of subjects",
        )));
    }
    let values = js(value(subjects).and_then(|v| match v {
        serde_json::Value::Array(a) => Ok(a),
        _ => Err(Error::case(ErrorCode::InvalidPopulation, "", "population must be an array of subjects")),
    }))?;
    js(credit_core::ratio::population_from_values(values))
}

/// `options` of the constructors (`undefined`/`null`, or `{strict?, calendarYears?}`).
fn read_engine_options(options: Option<js_sys::Object>) -> JsResult<EngineOptions> {
    let Some(options) = options.map(JsValue::from) else { return Ok(EngineOptions::default()) };
    if options.is_undefined() {
        return Ok(EngineOptions::default());
    }
    js(value(&options).and_then(|v| ffi::engine_options(&v)))
}

/// The bundled policy set: loaded, validated and resolved at build time (`build.rs`) and embedded
/// as a snapshot of the resolved set, restored (not validated again) once per module instance.
static NATIONAL: OnceLock<Result<Arc<PolicySet>, Error>> = OnceLock::new();

fn national_set() -> JsResult<Arc<PolicySet>> {
    let snapshot: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/national.snapshot"));
    js(NATIONAL.get_or_init(|| PolicySet::from_snapshot(snapshot).map(Arc::new)).clone())
}

/// Apply the calendar options of the constructors.
fn configured(mut inner: credit_core::Engine, options: EngineOptions) -> JsResult<Engine> {
    if !options.calendar_years.is_empty() {
        inner = with_year_files(&inner, &options.calendar_years)?;
    }
    if options.strict {
        inner = inner.with_calendar_mode(CalendarMode::Strict);
    }
    Ok(Engine::new(inner))
}

/// The engine: one jurisdiction layer of a validated policy set plus the holiday calendar.
#[wasm_bindgen]
pub struct Engine {
    pub(crate) inner: credit_core::Engine,
    /// The compiled measure checks of the last few `as_of` dates (`checkMeasure`).
    pub(crate) tables: crate::measure::TableCache,
}

impl Engine {
    fn new(inner: credit_core::Engine) -> Engine {
        Engine { inner, tables: crate::measure::TableCache::default() }
    }
}

#[wasm_bindgen]
impl Engine {
    /// The bundled national baseline (and its overlays). `options.strict` (boolean) makes a day
    /// of a year without a State Council notice a `calendar_coverage` error instead of a
    /// projected (provisional) answer; `options.calendarYears` (array of `{name, content}`) adds
    /// calendar year files.
    pub fn national(
        #[wasm_bindgen(unchecked_optional_param_type = "EngineOptions")] options: Option<js_sys::Object>,
    ) -> JsResult<Engine> {
        let options = read_engine_options(options)?;
        let inner = js(credit_core::Engine::from_policy_set(national_set()?, "cn"))?;
        configured(inner, options)
    }

    /// The same engine with the calendar in another mode: `"project"` (years without a notice
    /// are projected from the statute and conclusions that used a projected day are marked
    /// provisional) or `"strict"` (such a day is a `calendar_coverage` error).
    #[wasm_bindgen(js_name = withCalendarMode)]
    pub fn with_calendar_mode(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CalendarMode")] mode: JsValue,
    ) -> JsResult<Engine> {
        let mode = js(with_arg(&mode, ffi::calendar_mode))?;
        Ok(Engine::new(self.inner.with_calendar_mode(mode)))
    }

    /// Every year the calendar can classify: `{year, status: "published" | "projected", source}`
    /// (published years also carry `published`, the notice's date).
    #[wasm_bindgen(js_name = calendarYears, unchecked_return_type = "YearInfo[]")]
    pub fn calendar_years(&self) -> JsResult<JsValue> {
        to_js(&self.inner.calendar_years())
    }

    /// The calendar mode: `"project"` or `"strict"`.
    #[wasm_bindgen(getter, js_name = calendarMode, unchecked_return_type = "CalendarMode")]
    pub fn calendar_mode(&self) -> String {
        ffi::calendar_mode_name(self.inner.calendar().mode()).to_owned()
    }

    /// The engine for another jurisdiction layer of the same policy set.
    #[wasm_bindgen(js_name = withJurisdiction)]
    pub fn with_jurisdiction(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> JsResult<Engine> {
        let id = js(with_arg(&id, |a| ffi::string(a, "id").map(str::to_owned)))?;
        js(self.inner.with_jurisdiction(&id)).map(Engine::new)
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
    pub fn is_working_day(&self, #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue) -> JsResult<bool> {
        let d = self::date(&date, "date")?;
        js(self.inner.calendar().is_working_day(d).map_err(Error::from))
    }

    /// `"YYYY-MM-DD"` plus `n` working days (a whole number from 0 to 100,000), as `"YYYY-MM-DD"`.
    #[wasm_bindgen(js_name = addWorkingDays)]
    pub fn add_working_days(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> JsResult<String> {
        let d = self::date(&date, "date")?;
        let n = js(with_arg(&n, |a| ffi::working_days(a, "n")))?;
        js(self.inner.calendar().add_working_days(d, n).map(|d| d.to_string()).map_err(Error::from))
    }

    /// The first working day after `"YYYY-MM-DD"`.
    #[wasm_bindgen(js_name = nextWorkingDay)]
    pub fn next_working_day(&self, #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue) -> JsResult<String> {
        let d = self::date(&date, "date")?;
        js(self.inner.calendar().next_working_day(d).map(|d| d.to_string()).map_err(Error::from))
    }

    /// The number of working days in `(start, end]` (negative when `end < start`).
    #[wasm_bindgen(js_name = workingDaysBetween)]
    pub fn working_days_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] end: JsValue,
    ) -> JsResult<f64> {
        let a = self::date(&start, "start")?;
        let b = self::date(&end, "end")?;
        // Day counts are far below 2^53: exact as a JS number.
        js(self.inner.calendar().working_days_between(a, b).map(|n| n as f64).map_err(Error::from))
    }

    /// Evaluate a case (an object or JSON text) into a decision object. `options.lang` (`"zh"`
    /// or `"en"`) chooses the explanation language, whatever the case's own `lang` says.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(js_name = "caseData", unchecked_param_type = "Case | string")] case: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<js_sys::Object>,
    ) -> JsResult<JsValue> {
        let lang = read_lang(options)?;
        let case = read_case(&case)?;
        to_js(&js(self.inner.evaluate_in(&case, lang))?)
    }

    /// The reply deadline of the objection procedure for an objection received on `filedOn`
    /// (`"YYYY-MM-DD"`), under this engine's layer or the layer `jurisdiction`: `{reply_within,
    /// reply_due, extended_due, holidays, make_up_workdays, suspends_measures, provisional, …}`
    /// (`credit_core::clock::ObjectionDeadline`).
    #[wasm_bindgen(js_name = objectionDeadline, unchecked_return_type = "ObjectionDeadline")]
    pub fn objection_deadline(
        &self,
        #[wasm_bindgen(js_name = "filedOn", unchecked_param_type = "string")] filed_on: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] jurisdiction: JsValue,
    ) -> JsResult<JsValue> {
        let filed_on = self::date(&filed_on, "filedOn")?;
        let clock = if jurisdiction.is_undefined() {
            self.inner.objection_deadline(filed_on)
        } else {
            let id = js(with_arg(&jurisdiction, |a| ffi::string(a, "jurisdiction").map(str::to_owned)))?;
            self.inner.with_jurisdiction(&id).and_then(|e| e.objection_deadline(filed_on))
        };
        to_js(&js(clock)?)
    }

    /// The catalogue: lists, conduct and measures.
    #[wasm_bindgen(unchecked_return_type = "Catalog")]
    pub fn catalog(&self) -> JsResult<JsValue> {
        to_js(&self.inner.catalog())
    }

    /// Evaluate one case under each of `jurisdictions` and report the fields that differ:
    /// `{jurisdictions, differences: [{path, values, rules, why}], decisions: {id: decision}}`.
    /// `options.lang` chooses the language of the `why` messages.
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &self,
        #[wasm_bindgen(js_name = "caseData", unchecked_param_type = "Case | string")] case: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] jurisdictions: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: Option<js_sys::Object>,
    ) -> JsResult<JsValue> {
        let lang = read_lang(options)?;
        let case = read_case(&case)?;
        let jurisdictions = js(value(&jurisdictions).and_then(|v| ffi::string_list(&v, "jurisdictions")))?;
        to_js(&js(self.inner.compare(&case, &jurisdictions, lang))?)
    }

    /// The serious-subject ratio per region (TRI-7) for an array of subjects
    /// `{id, kind, region, lists, status, events}`: one row per region, sorted by region, with
    /// `legal_persons`, `serious`, `ratio`, `target`, `meets_target`, `would_exit` (masked ids) and
    /// `ratio_after_exit`.
    #[wasm_bindgen(js_name = seriousRatio, unchecked_return_type = "RegionRatio[]")]
    pub fn serious_ratio(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PopulationSubject[]")] subjects: JsValue,
    ) -> JsResult<JsValue> {
        let people = read_population(&subjects)?;
        to_js(&js(self.inner.serious_ratio(&people))?)
    }
}

/// Loading TOML at run time: only with the `policy-files` feature (the default bundle embeds the
/// national rulebook as a snapshot and has no TOML parser).
#[cfg(feature = "policy-files")]
#[wasm_bindgen]
impl Engine {
    /// Policy files given in memory: an object `{path: content}` or an array of `[path, content]`;
    /// `options` as for [`Engine::national`].
    #[wasm_bindgen(js_name = fromPolicyFiles)]
    pub fn from_policy_files(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string> | Array<[string, string]>")] files: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] jurisdiction: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EngineOptions")] options: Option<js_sys::Object>,
    ) -> JsResult<Engine> {
        let files = js(value(&files).and_then(|v| ffi::policy_files(&v)))?;
        let jurisdiction = js(with_arg(&jurisdiction, |a| ffi::string(a, "jurisdiction").map(str::to_owned)))?;
        let options = read_engine_options(options)?;
        configured(js(credit_core::Engine::from_sources(files, &jurisdiction))?, options)
    }

    /// The same engine with more calendar year files (the format of
    /// `policies/calendar/<year>.toml`): an array of `{name, content}`. A bad file throws a policy
    /// error (`invalid_policy`) whose `diagnostics` name the problem (`calendar_data`).
    #[wasm_bindgen(js_name = withCalendarYears)]
    pub fn with_calendar_years(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CalendarYearFile[]")] files: JsValue,
    ) -> JsResult<Engine> {
        let files = js(value(&files).and_then(|v| ffi::calendar_year_files(&v, "files")))?;
        with_year_files(&self.inner, &files).map(Engine::new)
    }
}

/// Calendar year files (TOML) added to an engine.
#[cfg(feature = "policy-files")]
fn with_year_files(inner: &credit_core::Engine, files: &[(String, String)]) -> JsResult<credit_core::Engine> {
    js(inner.with_calendar_year_files(files))
}

/// Without the `policy-files` feature there is no TOML parser: calendar year files are refused
/// with a coded error naming the build that reads them.
#[cfg(not(feature = "policy-files"))]
fn with_year_files(_inner: &credit_core::Engine, _files: &[(String, String)]) -> JsResult<credit_core::Engine> {
    Err(core_error(&Error::argument(
        ErrorCode::InvalidOptions,
        "calendarYears",
        "this build has no TOML loader: calendar year files need the `policy-files` build (the package's node entry)",
    )))
}
