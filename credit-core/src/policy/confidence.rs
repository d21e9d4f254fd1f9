//! Confidence marks all the way through (NATIONAL.md: "[S]/[U] facts only as clearly marked,
//! overridable policy values … never present them as settled law").
//!
//! An explanation is `provisional` only when an entry it used carries `confidence = "S"` or
//! `"U"`; the mark is the only thing evaluation reads. So a mark that contradicts the entry's own
//! citation makes every decision using it present an unconfirmed value as settled law. Two
//! contradictions are **errors** (not warnings — a warning would let such a policy ship and the
//! decisions would silently lose their `provisional` flag):
//!
//! - `confidence_contradicts_note`: `confidence = "C"` while the `note` or `source` says the value
//!   is `[S]`, `[U]`, "not confirmed", "unconfirmed", a "modelling choice" / "policy choice", or
//!   "provisional";
//! - `missing_confidence`: no `confidence` while the `note` or `source` says the same.
//!
//! A note that must mention an unconfirmed fact the entry does *not* encode says so without the
//! marks (e.g. "unverified, not encoded here").

use super::load::{diag, Located};
use super::model::{Confidence, Entry};
use crate::error::Diagnostic;

/// The phrases that mark a value as provisional, matched case-insensitively.
const PROVISIONAL: [&str; 11] = [
    "[s]",
    "[u]",
    "[s:",
    "[u:",
    "not confirmed",
    "unconfirmed",
    "modelling choice",
    "modeling choice",
    "policy choice",
    "policy default",
    "provisional",
];

/// The first provisional phrase of `text`, if any.
pub(crate) fn provisional_phrase(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    PROVISIONAL.into_iter().find(|p| lower.contains(p))
}

/// Check one entry's mark against its note and source.
pub(crate) fn check<T: Entry>(kind: &str, item: &Located<T>, diags: &mut Vec<Diagnostic>) {
    let e = &item.value;
    let said = [e.note(), e.source()].into_iter().flatten().find_map(provisional_phrase);
    let Some(phrase) = said else { return };
    match e.confidence() {
        Some(Confidence::Confirmed) => diags.push(diag(
            "confidence_contradicts_note",
            &item.key_loc("confidence"),
            format!("`{kind}` `{}` is marked confirmed (C) but its citation says `{phrase}`", e.id()),
            Some("mark the entry `confidence = \"S\"` or `\"U\"` (its values are provisional), or, if the note only mentions a fact the entry does not encode, say so without the mark"),
        )),
        None => diags.push(diag(
            "missing_confidence",
            &item.loc,
            format!("`{kind}` `{}` has no confidence mark but its citation says `{phrase}`", e.id()),
            Some("add `confidence = \"S\"` (secondary summary) or `\"U\"` (not confirmed, modelling choice) so that decisions using it are marked provisional"),
        )),
        Some(_) => {}
    }
}
