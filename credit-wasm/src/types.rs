//! The TypeScript declarations of the package's `.d.ts` files beyond the exported functions and
//! class: the JSON contract generated from the Rust types by the build script
//! (`credit_core::ts::declarations`, written to `types.d.ts`), and the names of the binding's own
//! argument shapes and thrown error.

use wasm_bindgen::prelude::*;

/// Every type of the JSON contract (`Case`, `Decision`, `Catalog`, `ObjectionDeadline`,
/// `Comparison`, `IdCheck`, `YearInfo`, `PopulationSubject`, `RegionRatio`, `ErrorInfo`, …),
/// generated from the Rust types at build time.
#[wasm_bindgen(typescript_custom_section)]
const CONTRACT: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

/// The binding's own shapes: options read by hand from JS objects, and the thrown error (a JS
/// `Error` carrying the fields of the core's `ErrorInfo`, set by `core_error`).
#[wasm_bindgen(typescript_custom_section)]
const BINDING: &str = r#"
/**
 * What every call throws on a bad input or policy: a JS `Error` with the fields of `ErrorInfo`
 * (`code` is one of the closed `ErrorCode` union; `path` names the field or argument).
 *
 * ```ts
 * try { engine.evaluate(c); } catch (e) { switch ((e as CreditError).code) { case "unknown_conduct": ... } }
 * ```
 */
export type CreditError = Error & ErrorInfo;

/** Options of `evaluate` and `compare`: the language of the explanation messages. */
export type EvaluateOptions = { lang?: Lang };

/** A calendar year file in the format of `policies/calendar/<year>.toml`. */
export type CalendarYearFile = { name: string, content: string };

/**
 * Options of the constructors: `strict` refuses days of years without a State Council notice
 * (`calendar_coverage`) instead of projecting them; `calendarYears` adds calendar year files
 * (the node build only: the browser build has no TOML parser).
 */
export type EngineOptions = { strict?: boolean, calendarYears?: Array<CalendarYearFile> };

/**
 * The input of `checkMeasure`: one proposed measure on one record, with the snake_case keys of
 * the case contract (the keyword arguments of Python's `Engine.check_measure`). `status` is the
 * record's evaluated status; `severity` left out is the conduct's own; `notified`: a `notified`
 * event on or before the decision; `events`: the event types on the record on or before `as_of`.
 */
export type MeasureCheckInput = {
  measure: string, conduct: string, decided_on: string, as_of: string,
  status: RecordStatus, subject_kind: SubjectKind,
  severity?: Severity | null, list?: string | null, target?: Target | null, by_kind?: Actor | null,
  voluntary?: boolean | null, notified?: boolean | null, events?: Array<EventType> | null,
};

/** The calendar mode: project years without a notice (provisional) or refuse them. */
export type CalendarMode = "project" | "strict";
"#;
