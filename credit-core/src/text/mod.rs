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
use std::fmt;

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

/// A piece of text the catalogues and the text report append to a `String` directly, without
/// `core::fmt` (a decision's text is a few hundred pieces; through the formatter each cost a
/// dynamic call and the argument machinery). Text is pushed as is, numbers and dates are written
/// from a small stack buffer by one non-generic function each.
pub(crate) trait Piece {
    /// Append the piece to `o`.
    fn put_to(self, o: &mut String);
}

impl<T: AsRef<str> + ?Sized> Piece for &T {
    #[inline]
    fn put_to(self, o: &mut String) {
        o.push_str(self.as_ref());
    }
}

impl Piece for char {
    #[inline]
    fn put_to(self, o: &mut String) {
        o.push(self);
    }
}

impl Piece for chrono::NaiveDate {
    #[inline]
    fn put_to(self, o: &mut String) {
        crate::vocab::push_date(o, self);
    }
}

impl Piece for crate::vocab::Date {
    #[inline]
    fn put_to(self, o: &mut String) {
        crate::vocab::push_date(o, self.0);
    }
}

impl Piece for u64 {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_u64(o, self);
    }
}

impl Piece for u32 {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_u64(o, u64::from(self));
    }
}

impl Piece for u8 {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_u64(o, u64::from(self));
    }
}

impl Piece for i64 {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_i64(o, self);
    }
}

impl Piece for i32 {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_i64(o, i64::from(self));
    }
}

/// A span in English words (`15 working days`, `1 year`): the span's `Display`.
impl Piece for crate::vocab::Span {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_span_en(o, self);
    }
}

/// A span in Chinese words (`15个工作日`, `3年`), as a [`Piece`].
#[derive(Clone, Copy)]
pub(crate) struct ZhSpan(pub crate::vocab::Span);

impl Piece for ZhSpan {
    #[inline]
    fn put_to(self, o: &mut String) {
        push_zh_span(o, self.0);
    }
}

/// Append pieces ([`Piece`]) to a `String`: `cat!(o; "记录 ", record, "：", date)`.
macro_rules! cat {
    ($o:expr; $($piece:expr),+ $(,)?) => {{
        let o: &mut String = $o;
        $( $crate::text::Piece::put_to($piece, o); )+
    }};
}
pub(crate) use cat;

/// An unsigned number in decimal. Numbers below 10,000 (nearly all: days, spans, counts) are
/// written from constant two-digit slices; larger ones from a stack buffer.
#[inline(never)]
pub(crate) fn push_u64(o: &mut String, n: u64) {
    use crate::vocab::two_digits;
    match (n, u8::try_from(n % 100)) {
        (0..=9, Ok(d)) => o.push(char::from(b'0' + d)),
        (10..=99, Ok(d)) => o.push_str(two_digits(d)),
        (100..=999, Ok(d)) => {
            if let Ok(h) = u8::try_from(n / 100) {
                o.push(char::from(b'0' + h));
            }
            o.push_str(two_digits(d));
        }
        (1000..=9999, Ok(d)) => {
            if let Ok(h) = u8::try_from(n / 100) {
                o.push_str(two_digits(h));
            }
            o.push_str(two_digits(d));
        }
        _ => {
            let mut buf = [b'0'; 20];
            let mut i = buf.len();
            let mut n = n;
            loop {
                i -= 1;
                if let Some(b) = buf.get_mut(i) {
                    *b = b'0' + (n % 10) as u8;
                }
                n /= 10;
                if n == 0 || i == 0 {
                    break;
                }
            }
            if let Some(Ok(s)) = buf.get(i..).map(std::str::from_utf8) {
                o.push_str(s);
            }
        }
    }
}

/// A signed number in decimal (`-` before a negative one).
#[inline(never)]
pub(crate) fn push_i64(o: &mut String, n: i64) {
    if n < 0 {
        o.push('-');
    }
    push_u64(o, n.unsigned_abs());
}

/// A span in English words, as [`Span`](crate::vocab::Span)'s `Display` writes it.
#[inline(never)]
pub(crate) fn push_span_en(o: &mut String, s: crate::vocab::Span) {
    push_u64(o, u64::from(s.n));
    o.push(' ');
    o.push_str(s.unit_word());
}

/// A span in Chinese words (`15个工作日`, `3年`).
#[inline(never)]
pub(crate) fn push_zh_span(o: &mut String, s: crate::vocab::Span) {
    use crate::vocab::Unit;
    push_u64(o, u64::from(s.n));
    o.push_str(match s.unit {
        Unit::Days => "日",
        Unit::WorkingDays => "个工作日",
        Unit::Months => "个月",
        Unit::Years => "年",
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test")]
    use super::*;
    use crate::vocab::{Span, Unit};

    #[test]
    fn pieces_write_what_display_writes() {
        for n in
            [0u64, 1, 9, 10, 42, 99, 100, 101, 510, 999, 1000, 1005, 9999, 10000, 12345, u64::from(u32::MAX), u64::MAX]
        {
            let mut o = String::new();
            cat!(&mut o; n);
            assert_eq!(o, n.to_string());
        }
        for n in [0i64, -1, 7, -578, 510, i64::MIN, i64::MAX] {
            let mut o = String::new();
            cat!(&mut o; n);
            assert_eq!(o, n.to_string());
        }
        for unit in Unit::ALL {
            for n in [0, 1, 2, 15] {
                let s = Span::new(n, *unit);
                let mut o = String::new();
                cat!(&mut o; s, "|", ZhSpan(s));
                let zh = match unit {
                    Unit::Days => format!("{n}日"),
                    Unit::WorkingDays => format!("{n}个工作日"),
                    Unit::Months => format!("{n}个月"),
                    Unit::Years => format!("{n}年"),
                };
                assert_eq!(o, format!("{s}|{zh}"));
            }
        }
    }
}
