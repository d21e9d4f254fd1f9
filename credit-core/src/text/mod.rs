//! Words on demand: every conclusion's message is a [`Message`] — a key and typed arguments —
//! and its Chinese or English text is rendered from the message catalogues only when it is read
//! (JSON, [`Decision::to_text`](crate::decision::Decision::to_text), [`Message::render`]).
//!
//! Evaluation computes facts and attaches messages without formatting a single string; a decision
//! that is only inspected for its facts (grade, dates, verdicts) never pays for its words.
//!
//! The catalogues are one per language: [`zh`] and [`en`], one function per chapter, one arm per
//! message. The keys (`objection.complaint_filed`, …) are stable and listed by
//! [`Message::key`]; a test renders every message of the conformance corpus in both languages.
//!
//! Identifiers are masked when text is rendered: whatever argument a message carries, its text
//! never shows a unified social credit code or a resident identity number.

pub(crate) mod catalog;
mod en;
mod zh;

pub(crate) use catalog::*;

use crate::case::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::{self, Write as _};

/// A conclusion's message: a stable key with typed arguments, rendered in Chinese or English on
/// demand.
///
/// ```
/// let engine = credit_core::Engine::national()?;
/// let case = credit_core::case::Case::from_json(r#"{"as_of": "2025-01-02", "subject": {"id": "91110000600037341L", "kind": "legal_person"}}"#)?;
/// let decision = engine.evaluate(&case)?;
/// let message = &decision.grade_explanation.message;
/// assert_eq!(message.key(), "grade.no_record");
/// assert!(message.render(credit_core::case::Lang::En).contains("no"));
/// # Ok::<(), credit_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Message {
    lang: Lang,
    body: Body,
}

/// What a message says: a catalogue entry with its arguments, or text read back from JSON.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// No message.
    Empty,
    /// Text as read from a serialized decision (its key is unknown).
    Text(Box<str>),
    /// A catalogue entry.
    Msg(Msg),
}

impl Default for Message {
    fn default() -> Self {
        Message { lang: Lang::Zh, body: Body::Empty }
    }
}

impl Message {
    /// A catalogue message in `lang`.
    pub(crate) fn new(lang: Lang, msg: Msg) -> Message {
        Message { lang, body: Body::Msg(msg) }
    }

    /// Text that is already words (a message read back from a serialized decision).
    pub fn text(lang: Lang, text: impl Into<Box<str>>) -> Message {
        Message { lang, body: Body::Text(text.into()) }
    }

    /// The language the message renders in by default (the decision's).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message's stable catalogue key (`"objection.complaint_filed"`), `"text"` for text read
    /// back from JSON and `""` for no message.
    pub fn key(&self) -> &'static str {
        match &self.body {
            Body::Empty => "",
            Body::Text(_) => "text",
            Body::Msg(m) => m.key(),
        }
    }

    /// Whether there is no message.
    pub fn is_empty(&self) -> bool {
        match &self.body {
            Body::Empty => true,
            Body::Text(t) => t.is_empty(),
            Body::Msg(_) => false,
        }
    }

    /// The text in `lang`, identifiers masked. Text read back from JSON stays in the language it
    /// was written in.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write(lang, &mut out);
        out
    }

    /// Append the text in its own language to `out`, identifiers masked.
    pub(crate) fn write_own(&self, out: &mut String) {
        self.write(self.lang, out);
    }

    /// Append the text in `lang` to `out`, identifiers masked.
    pub fn write(&self, lang: Lang, out: &mut String) {
        let start = out.len();
        match &self.body {
            Body::Empty => {}
            Body::Text(t) => out.push_str(t),
            Body::Msg(m) => match lang {
                Lang::Zh => zh::write(m, out),
                Lang::En => en::write(m, out),
            },
        }
        if let Some(tail) = out.get(start..) {
            if let std::borrow::Cow::Owned(masked) = crate::id::mask_identifiers(tail) {
                out.truncate(start);
                out.push_str(&masked);
            }
        }
    }
}

/// Shows the key and the text, identifiers masked (the arguments may carry case strings, and a
/// `Debug` line ends up in logs).
impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message").field("key", &self.key()).field("text", &self.render(self.lang)).finish()
    }
}

/// Two messages are equal when they say the same: the same text in their languages (a message
/// read back from JSON equals the one it was written from).
impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.render(self.lang) == other.render(other.lang)
    }
}

impl Eq for Message {}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        with_rendered(self, self.lang, |t| f.write_str(t))
    }
}

/// Render `m` in `lang` into a per-thread buffer reused from call to call and hand the text to
/// `use_text` (a message written into JSON or a text report needs no string of its own).
fn with_rendered<R>(m: &Message, lang: Lang, use_text: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = std::cell::RefCell::new(String::with_capacity(512));
    }
    BUFFER.with(|b| match b.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            m.write(lang, &mut buffer);
            use_text(&buffer)
        }
        // Re-entered (a message rendered while another is being used): a string of its own.
        Err(_) => use_text(&m.render(lang)),
    })
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        with_rendered(self, self.lang, |t| s.serialize_str(t))
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // Text read back renders as written, whatever language is asked for.
        Ok(Message::text(Lang::Zh, text))
    }
}

/// Render `items` separated by `sep` with `f` (a helper of the catalogues).
pub(crate) fn join<I: IntoIterator>(out: &mut String, items: I, sep: &str, mut f: impl FnMut(&mut String, I::Item)) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        f(out, item);
    }
}

/// `write!` into a `String` cannot fail; the catalogues use this to stay free of `unwrap`.
pub(crate) fn put(out: &mut String, args: fmt::Arguments<'_>) {
    let _ = out.write_fmt(args);
}
