//! The explanation builder: what a conclusion cites (RULEBOOK ids, policy entries, legal
//! citations), collected on the stack while a chapter reasons, and shared once it is done.
//!
//! Why not a few `Vec`s? An explanation's citation lists depend only on the code path taken and
//! on the policy entries it used, so across a batch the same few hundred lists recur millions of
//! times. The builder keeps borrowed references in fixed inline arrays (no allocation while a
//! chapter reasons); [`Why::done`] looks the finished list up in a small per-thread cache keyed
//! by the layer's identity and the pointers cited, and hands out a shared [`Cited`] (one
//! reference-count increment). A miss, an overflow of the inline arrays or a rule id that is not
//! interned builds the lists the ordinary way; the answer is the same either way.
//!
//! Why is the key safe? It holds the layer's unique id (never reused in a process) and the
//! addresses of `'static` rule ids and of strings owned by that layer's immutable policy data:
//! while the layer is alive those addresses name the same text, and a dead layer's id never
//! comes back. The cache is per thread (no lock, no cache line shared between cores) and is
//! cleared when it grows past [`CAPACITY`] entries, so a process that loads many policy sets
//! keeps bounded memory.

use crate::calendar::YearSet;
use crate::case::Lang;
use crate::decision::{Cited, Explanation};
use crate::policy::model::Entry;
use crate::policy::Sourced;
use crate::text::{Message, Msg};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

const RULES: usize = 16;
const ENTRIES: usize = 8;
const CITES: usize = 8;
/// Entries the per-thread cache holds before it starts again.
const CAPACITY: usize = 8192;

/// A citation as the policy holds it: shared text, or text inside an entry's sub-table.
#[derive(Clone, Copy)]
enum CiteRef<'a> {
    Shared(&'a Arc<str>),
    Text(&'a str),
}

impl CiteRef<'_> {
    fn as_str(&self) -> &str {
        match self {
            CiteRef::Shared(s) => s,
            CiteRef::Text(s) => s,
        }
    }
    fn to_arc(self) -> Arc<str> {
        match self {
            CiteRef::Shared(s) => Arc::clone(s),
            CiteRef::Text(s) => Arc::from(s),
        }
    }
}

/// The lists once they no longer fit the inline arrays (or cite text the cache cannot key).
#[derive(Default)]
struct Spilled {
    rules: Vec<Cow<'static, str>>,
    entries: Vec<Arc<str>>,
    citations: Vec<Arc<str>>,
}

/// Explanation builder (see the module docs). Chapters chain it by value:
/// `Why::new().entry(conduct).rule("PER-1").done(ctx, msg)`.
pub(crate) struct Why<'a> {
    rules: [&'static str; RULES],
    n_rules: usize,
    entries: [Option<&'a Arc<str>>; ENTRIES],
    n_entries: usize,
    cites: [Option<CiteRef<'a>>; CITES],
    n_cites: usize,
    spilled: Option<Box<Spilled>>,
    provisional: bool,
    projected: YearSet,
}

impl<'a> Why<'a> {
    #[inline(always)]
    pub fn new() -> Self {
        Why {
            rules: [""; RULES],
            n_rules: 0,
            entries: [None; ENTRIES],
            n_entries: 0,
            cites: [None; CITES],
            n_cites: 0,
            spilled: None,
            provisional: false,
            projected: YearSet::EMPTY,
        }
    }

    /// Move the inline lists into owned vectors: from now on every addition goes there.
    fn spill(&mut self) -> &mut Spilled {
        if self.spilled.is_none() {
            let s = Spilled {
                rules: dedup(self.rules.iter().take(self.n_rules).map(|r| Cow::Borrowed(*r))),
                entries: dedup(self.entries.iter().take(self.n_entries).flatten().map(|e| Arc::clone(e))),
                citations: dedup(self.cites.iter().take(self.n_cites).flatten().map(|c| c.to_arc())),
            };
            self.spilled = Some(Box::new(s));
        }
        // Just set above when it was absent.
        self.spilled.get_or_insert_with(Box::default)
    }

    fn has_rule(&self, r: &str) -> bool {
        match &self.spilled {
            Some(s) => s.rules.iter().any(|x| x == r),
            None => self.rules.iter().take(self.n_rules).any(|x| *x == r),
        }
    }

    #[inline]
    fn push_static(&mut self, r: &'static str) {
        if self.spilled.is_none() {
            // Inline, a repeat is recognised by address (two integer compares); the same id at
            // another address is removed when the list is built (`dedup`).
            let inline = self.rules.get(..self.n_rules).unwrap_or(&[]);
            if inline.iter().any(|x| std::ptr::eq(*x, r)) {
                return;
            }
            if let Some(slot) = self.rules.get_mut(self.n_rules) {
                *slot = r;
                self.n_rules += 1;
                return;
            }
        }
        if !self.has_rule(r) {
            self.spill().rules.push(Cow::Borrowed(r));
        }
    }

    /// Cite a rule id written in the code (no lookup: the id is `'static`; the conformance suite
    /// checks every id the engine emits against the RULEBOOK).
    #[inline(always)]
    pub fn rule(mut self, r: &'static str) -> Self {
        self.push_static(r);
        self
    }

    /// Cite a rule id read from policy data (interned when it is a known id).
    #[inline(always)]
    pub fn rule_of(mut self, r: &str) -> Self {
        match crate::rules::intern(r) {
            Some(s) => self.push_static(s),
            None if !self.has_rule(r) => self.spill().rules.push(Cow::Owned(r.to_owned())),
            None => {}
        }
        self
    }

    #[inline(never)]
    #[allow(clippy::ptr_arg, reason = "a borrowed id is interned, an owned one is cloned as it is")]
    fn push_rule_cow(&mut self, r: &Cow<'static, str>) {
        match r {
            Cow::Borrowed(s) => self.push_static(s),
            Cow::Owned(s) if !self.has_rule(s) => self.spill().rules.push(r.clone()),
            Cow::Owned(_) => {}
        }
    }

    #[inline(never)]
    fn push_entry(&mut self, e: &'a Arc<str>) {
        match &mut self.spilled {
            Some(s) => {
                if !s.entries.iter().any(|x| **x == **e) {
                    s.entries.push(Arc::clone(e));
                }
            }
            None => {
                if self.entries.iter().take(self.n_entries).flatten().any(|x| Arc::ptr_eq(x, e)) {
                    return;
                }
                if let Some(slot) = self.entries.get_mut(self.n_entries) {
                    *slot = Some(e);
                    self.n_entries += 1;
                } else {
                    self.spill().entries.push(Arc::clone(e));
                }
            }
        }
    }

    #[inline(never)]
    fn push_cite(&mut self, c: CiteRef<'a>) {
        match &mut self.spilled {
            Some(s) => {
                if !s.citations.iter().any(|x| **x == *c.as_str()) {
                    s.citations.push(c.to_arc());
                }
            }
            None => {
                if self.cites.iter().take(self.n_cites).flatten().any(|x| std::ptr::eq(x.as_str(), c.as_str())) {
                    return;
                }
                if let Some(slot) = self.cites.get_mut(self.n_cites) {
                    *slot = Some(c);
                    self.n_cites += 1;
                } else {
                    self.spill().citations.push(c.to_arc());
                }
            }
        }
    }

    /// Cite an entry: its reference, its rules, its source, its provisional mark.
    #[inline(always)]
    pub fn entry<T: Entry>(mut self, s: &'a Sourced<T>) -> Self {
        self.push_entry(&s.reference);
        for rule in s.rules.iter() {
            self.push_rule_cow(rule);
        }
        if let Some(src) = &s.source {
            self.push_cite(CiteRef::Shared(src));
        }
        if s.entry.confidence().is_some_and(|c| c.is_provisional()) {
            self.provisional = true;
        }
        self
    }

    /// Mark the conclusion provisional: it rests on a value marked [S] or [U], or on a value the
    /// case leaves open.
    #[inline(always)]
    pub fn provisional(mut self) -> Self {
        self.provisional = true;
        self
    }

    /// Cite a legal source held by the policy data (an entry's sub-table `source`).
    #[inline(always)]
    pub fn cite(mut self, c: &'a str) -> Self {
        self.push_cite(CiteRef::Text(c));
        self
    }

    /// Cite a legal source held as shared text.
    #[inline(always)]
    pub fn cite_shared(mut self, c: &'a Arc<str>) -> Self {
        self.push_cite(CiteRef::Shared(c));
        self
    }

    /// Mark the conclusion as resting on projected calendar years (no State Council notice on
    /// file): provisional, with a note naming the missing notices (made by `done`).
    #[inline(always)]
    pub fn projected(mut self, years: YearSet) -> Self {
        if !years.is_empty() {
            self.projected = self.projected.union(years);
            self.provisional = true;
        }
        self
    }

    /// The explanation, with its message (and the note on projected years, if any). `layer` is
    /// the unique id of the layer whose data was cited ([`crate::policy::Layer`]).
    #[inline(always)]
    pub fn done(self, ctx: &super::Ctx<'_>, msg: Msg) -> Explanation {
        self.done_in(ctx.layer_uid, ctx.lang, msg)
    }

    #[inline(always)]
    fn done_in(mut self, layer: u64, lang: Lang, msg: Msg) -> Explanation {
        let projected = self.projected;
        let cited = match self.spilled.take() {
            Some(s) => Arc::new(Cited::new(s.rules.into(), s.entries.into(), s.citations.into())),
            None => self.shared(layer),
        };
        Explanation {
            cited,
            message: Message::new(lang, msg),
            provisional: self.provisional,
            projected_years: if projected.is_empty() { Vec::new() } else { projected.iter().collect() },
            provisional_note: (!projected.is_empty()).then(|| Message::new(lang, Msg::Projected { years: projected })),
        }
    }

    /// The cited lists from the per-thread cache, built on a miss.
    fn shared(&self, layer: u64) -> Arc<Cited> {
        let mut key = [0usize; 4 + RULES + ENTRIES + 2 * CITES];
        let mut n = 0;
        let mut put = |w: usize| {
            if let Some(slot) = key.get_mut(n) {
                *slot = w;
                n += 1;
            }
        };
        // The layer id is a u64 from a counter; on 32-bit targets its high half is kept apart.
        put(layer as usize);
        put((layer >> 32) as usize);
        put(self.n_rules | self.n_entries << 8 | self.n_cites << 16);
        for r in self.rules.iter().take(self.n_rules) {
            put(r.as_ptr() as usize);
            put(r.len());
        }
        for e in self.entries.iter().take(self.n_entries).flatten() {
            put(Arc::as_ptr(e) as *const u8 as usize);
        }
        for c in self.cites.iter().take(self.n_cites).flatten() {
            let s = c.as_str();
            put(s.as_ptr() as usize);
            put(s.len());
        }
        let key = key.get(..n).unwrap_or(&[]);
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(hit) = cache.get(key) {
                return Arc::clone(hit);
            }
            let cited = Arc::new(Cited::new(
                dedup(self.rules.iter().take(self.n_rules).map(|r| Cow::Borrowed(*r))).into(),
                dedup(self.entries.iter().take(self.n_entries).flatten().map(|e| Arc::clone(e))).into(),
                dedup(self.cites.iter().take(self.n_cites).flatten().map(|c| c.to_arc())).into(),
            ));
            if cache.len() >= CAPACITY {
                cache.clear();
            }
            cache.insert(key.into(), Arc::clone(&cited));
            cited
        })
    }
}

/// The items in order, each text once (its first occurrence kept).
fn dedup<T: std::ops::Deref<Target = str>>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.iter().any(|x| **x == *item) {
            out.push(item);
        }
    }
    out
}

/// A word-at-a-time multiplicative hash for the cache's keys (addresses and lengths; no
/// adversary chooses them).
#[derive(Default)]
struct WordHash(u64);

impl std::hash::Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, w: usize) {
        self.write_u64(w as u64);
    }
}

type Cache = HashMap<Box<[usize]>, Arc<Cited>, std::hash::BuildHasherDefault<WordHash>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    fn lists(e: &Explanation) -> (Vec<String>, Vec<String>, Vec<String>) {
        (
            e.rules().iter().map(|r| r.to_string()).collect(),
            e.entries().iter().map(|r| r.to_string()).collect(),
            e.citations().iter().map(|r| r.to_string()).collect(),
        )
    }

    #[test]
    fn a_cached_list_equals_the_list_built_without_the_cache() {
        let a: Arc<str> = Arc::from("cn:list/x");
        let src = String::from("《条例》第十条");
        let build = || Why::new().rule("NAT-1").rule("PER-1").rule("NAT-1").cite(&src).cite(&src);
        let first = build().done_in(u64::MAX - 1, Lang::Zh, Msg::CommitmentKept);
        let second = build().done_in(u64::MAX - 1, Lang::Zh, Msg::CommitmentKept);
        assert!(Arc::ptr_eq(&first.cited, &second.cited), "the second explanation shares the first's lists");
        assert_eq!(lists(&first), (vec!["NAT-1".into(), "PER-1".into()], vec![], vec![src.clone()]));
        let other_layer = build().done_in(u64::MAX - 2, Lang::Zh, Msg::CommitmentKept);
        assert!(!Arc::ptr_eq(&first.cited, &other_layer.cited), "another layer never shares a list");
        assert_eq!(first, other_layer);
        let _ = a;
    }

    #[test]
    fn lists_longer_than_the_inline_arrays_keep_every_item_in_order() {
        let owned: Vec<Arc<str>> = (0..ENTRIES + 3).map(|i| Arc::from(format!("cn:conduct/c{i}"))).collect();
        let texts: Vec<String> = (0..CITES + 2).map(|i| format!("source {i}")).collect();
        let ids: Vec<&'static str> = crate::rules::RULEBOOK.iter().take(RULES + 4).map(|r| r.0).collect();
        let mut why = Why::new();
        for id in &ids {
            why = why.rule(id).rule(id);
        }
        for e in &owned {
            why.push_entry(e);
            why.push_entry(e);
        }
        for t in &texts {
            why = why.cite(t).cite(t);
        }
        let e = why.rule_of("NOT-A-RULE").rule_of("NOT-A-RULE").done_in(u64::MAX - 3, Lang::En, Msg::CommitmentKept);
        let (rules, entries, cites) = lists(&e);
        let mut want: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        want.push("NOT-A-RULE".into());
        assert_eq!(rules, want);
        assert_eq!(entries, owned.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(cites, texts);
    }
}
