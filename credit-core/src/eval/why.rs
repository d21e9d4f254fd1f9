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
//! comes back. The cache is per thread (no lock, no cache line shared between cores) and is a
//! fixed two-way table of [`SLOTS`] entries, so a process that loads many policy sets keeps
//! bounded memory (an evicted list is simply built again).

use crate::calendar::YearSet;
use crate::case::Lang;
use crate::decision::{Cited, Explanation};
use crate::policy::model::Entry;
use crate::policy::Sourced;
use crate::text::{Message, Msg};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

/// Items an explanation holds inline before it spills into vectors.
const ITEMS: usize = 8;

/// What an entry contributes to an explanation: its reference, its rule ids and its source.
pub(crate) trait Cites {
    fn reference(&self) -> &Arc<str>;
    fn rule_ids(&self) -> &[Cow<'static, str>];
    fn source(&self) -> Option<&Arc<str>>;
}

impl<T> Cites for Sourced<T> {
    fn reference(&self) -> &Arc<str> {
        &self.reference
    }
    fn rule_ids(&self) -> &[Cow<'static, str>] {
        &self.rules
    }
    fn source(&self) -> Option<&Arc<str>> {
        self.source.as_ref()
    }
}

/// One thing a conclusion cited, in the order it was cited.
#[derive(Clone, Copy)]
enum Item<'a> {
    /// A rule id written in the code or interned from the data.
    Rule(&'static str),
    /// A policy entry: its reference, its rules, its source.
    Entry(&'a dyn Cites),
    /// A legal source held as text inside the layer's policy data.
    Cite(&'a str),
    /// A legal source held as shared text by the layer's policy data.
    Shared(&'a Arc<str>),
}

impl Item<'_> {
    /// Two words naming the item: its kind and address (and a length for text). Addresses are
    /// of `'static` text or of the layer's immutable policy data.
    fn key(&self) -> [usize; 2] {
        match self {
            Item::Rule(r) => [r.as_ptr() as usize, r.len() << 2],
            Item::Entry(e) => [*e as *const dyn Cites as *const () as usize, 1],
            Item::Cite(c) => [c.as_ptr() as usize, (c.len() << 2) | 2],
            Item::Shared(s) => [Arc::as_ptr(s) as *const u8 as usize, 3],
        }
    }
}

/// The lists as they are built: each text once, in the order first cited.
#[derive(Default)]
struct Spilled {
    rules: Vec<Cow<'static, str>>,
    entries: Vec<Arc<str>>,
    citations: Vec<Arc<str>>,
}

impl Spilled {
    fn rule(&mut self, r: Cow<'static, str>) {
        if !self.rules.contains(&r) {
            self.rules.push(r);
        }
    }
    fn citation(&mut self, c: &str, shared: Option<&Arc<str>>) {
        if !self.citations.iter().any(|x| **x == *c) {
            self.citations.push(shared.map_or_else(|| Arc::from(c), Arc::clone));
        }
    }
    fn apply(&mut self, item: Item<'_>) {
        match item {
            Item::Rule(r) => self.rule(Cow::Borrowed(r)),
            Item::Entry(e) => {
                let reference = e.reference();
                if !self.entries.iter().any(|x| **x == **reference) {
                    self.entries.push(Arc::clone(reference));
                }
                for r in e.rule_ids() {
                    self.rule(r.clone());
                }
                if let Some(src) = e.source() {
                    self.citation(src, Some(src));
                }
            }
            Item::Cite(c) => self.citation(c, None),
            Item::Shared(s) => self.citation(s, Some(s)),
        }
    }
    fn finish(self) -> Cited {
        Cited::new(self.rules.into(), self.entries.into(), self.citations.into())
    }
}

/// Explanation builder (see the module docs). Chapters chain it by value:
/// `Why::new().entry(conduct).rule("PER-1").done(ctx, msg)`.
pub(crate) struct Why<'a> {
    items: [Item<'a>; ITEMS],
    n: usize,
    spilled: Option<Box<Spilled>>,
    provisional: bool,
    projected: YearSet,
}

impl<'a> Why<'a> {
    #[inline(always)]
    pub fn new() -> Self {
        Why { items: [Item::Rule(""); ITEMS], n: 0, spilled: None, provisional: false, projected: YearSet::EMPTY }
    }

    /// The lists built so far, as vectors (from now on every item goes there).
    fn spill(&mut self) -> &mut Spilled {
        let items = &self.items;
        let n = self.n;
        self.spilled.get_or_insert_with(|| {
            let mut s = Box::<Spilled>::default();
            for item in items.iter().take(n) {
                s.apply(*item);
            }
            s
        })
    }

    #[inline(always)]
    fn push(&mut self, item: Item<'a>) {
        if self.spilled.is_none() {
            if let Some(slot) = self.items.get_mut(self.n) {
                *slot = item;
                self.n += 1;
                return;
            }
        }
        self.spill().apply(item);
    }

    /// Cite a rule id written in the code (no lookup: the id is `'static`; the conformance suite
    /// checks every id the engine emits against the RULEBOOK).
    #[inline(always)]
    pub fn rule(mut self, r: &'static str) -> Self {
        self.push(Item::Rule(r));
        self
    }

    /// Cite a rule id read from policy data (interned when it is a known id).
    #[inline(always)]
    pub fn rule_of(mut self, r: &str) -> Self {
        match crate::rules::intern(r) {
            Some(s) => self.push(Item::Rule(s)),
            None => self.spill().rule(Cow::Owned(r.to_owned())),
        }
        self
    }

    /// Cite an entry: its reference, its rules, its source, its provisional mark.
    #[inline(always)]
    pub fn entry<T: Entry + 'a>(mut self, s: &'a Sourced<T>) -> Self {
        if s.entry.confidence().is_some_and(|c| c.is_provisional()) {
            self.provisional = true;
        }
        self.push(Item::Entry(s));
        self
    }

    /// Mark the conclusion provisional: it rests on a value marked [S] or [U], or on a value the
    /// case leaves open.
    #[inline(always)]
    pub fn provisional(mut self) -> Self {
        self.provisional = true;
        self
    }

    /// Cite a legal source held by the layer's policy data (an entry's sub-table `source`).
    /// Never text from the case: the cache keys on the address.
    #[inline(always)]
    pub fn cite(mut self, c: &'a str) -> Self {
        self.push(Item::Cite(c));
        self
    }

    /// Cite a legal source held as shared text by the layer's policy data.
    #[inline(always)]
    pub fn cite_shared(mut self, c: &'a Arc<str>) -> Self {
        self.push(Item::Shared(c));
        self
    }

    /// Mark the conclusion as resting on projected calendar years (no State Council notice on
    /// file): provisional, with a note naming the missing notices (made on demand).
    #[inline(always)]
    pub fn projected(mut self, years: YearSet) -> Self {
        if !years.is_empty() {
            self.projected = self.projected.union(years);
            self.provisional = true;
        }
        self
    }

    /// The explanation, with its message, for the layer evaluated by `ctx`.
    #[inline(always)]
    pub fn done(self, ctx: &super::Ctx<'_>, msg: Msg) -> Explanation {
        self.done_in(ctx.layer_uid, ctx.lang, msg)
    }

    pub(super) fn done_in(mut self, layer: u64, lang: Lang, msg: Msg) -> Explanation {
        let cited = match self.spilled.take() {
            Some(s) => Arc::new(s.finish()),
            None => self.shared(layer),
        };
        Explanation {
            cited,
            message: Message::new(lang, msg),
            provisional: self.provisional,
            projected: self.projected,
            note_text: None,
        }
    }

    /// The cited lists from the per-thread cache, built on a miss.
    fn shared(&self, layer: u64) -> Arc<Cited> {
        let mut key = [0usize; 2 + 2 * ITEMS];
        let [low, high, rest @ ..] = &mut key;
        // The layer id is a u64 from a counter; on 32-bit targets its high half is kept apart.
        *low = layer as usize;
        *high = (layer >> 32) as usize;
        for (pair, item) in rest.chunks_exact_mut(2).zip(self.items.iter().take(self.n)) {
            pair.copy_from_slice(&item.key());
        }
        let key = key.get(..2 + 2 * self.n.min(ITEMS)).unwrap_or(&[]);
        let hash = key.iter().fold(0u64, |h, w| (h.rotate_left(5) ^ *w as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95));
        // Two candidate slots (a two-way set): the top bits of the hash pick the pair.
        let first = ((hash >> 52) as usize) & (SLOTS - 1) & !1;
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.is_empty() {
                cache.resize_with(SLOTS, || None);
            }
            for i in [first, first | 1] {
                if let Some(Some(slot)) = cache.get(i) {
                    if slot.hash == hash && *slot.key == *key {
                        return Arc::clone(&slot.cited);
                    }
                }
            }
            let mut s = Spilled::default();
            for item in self.items.iter().take(self.n) {
                s.apply(*item);
            }
            let cited = Arc::new(s.finish());
            // Fill an empty slot of the pair, else replace the second (the first stays hot).
            let i = if cache.get(first).is_some_and(Option::is_none) { first } else { first | 1 };
            if let Some(slot) = cache.get_mut(i) {
                *slot = Some(Slot { hash, key: key.into(), cited: Arc::clone(&cited) });
            }
            cited
        })
    }
}

/// A cached list with the key it was built for.
struct Slot {
    hash: u64,
    key: Box<[usize]>,
    cited: Arc<Cited>,
}

/// Slots of the per-thread cache (a power of two): a fixed table, so memory stays bounded
/// whatever a process loads (≈ 130 KB per thread once used).
const SLOTS: usize = 4096;

thread_local! {
    static CACHE: RefCell<Vec<Option<Slot>>> = const { RefCell::new(Vec::new()) };
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

    struct Fake {
        reference: Arc<str>,
        rules: Vec<Cow<'static, str>>,
        source: Option<Arc<str>>,
    }

    impl Cites for Fake {
        fn reference(&self) -> &Arc<str> {
            &self.reference
        }
        fn rule_ids(&self) -> &[Cow<'static, str>] {
            &self.rules
        }
        fn source(&self) -> Option<&Arc<str>> {
            self.source.as_ref()
        }
    }

    #[test]
    fn lists_longer_than_the_inline_array_keep_every_item_once_in_order() {
        let ids: Vec<&'static str> = crate::rules::RULEBOOK.iter().take(ITEMS + 4).map(|r| r.0).collect();
        let fakes: Vec<Fake> = (0..ITEMS + 3)
            .map(|i| Fake {
                reference: Arc::from(format!("cn:conduct/c{i}")),
                rules: vec![Cow::Borrowed(ids[i % 3]), Cow::Owned("LOCAL-1".into())],
                source: Some(Arc::from(format!("source {}", i % 2))),
            })
            .collect();
        let texts: Vec<String> = (0..4).map(|i| format!("text {i}")).collect();
        for layer in [u64::MAX - 3, u64::MAX - 3] {
            let mut why = Why::new();
            for id in &ids {
                why = why.rule(id).rule(id);
            }
            for f in &fakes {
                why.push(Item::Entry(f));
                why.push(Item::Entry(f));
            }
            for t in &texts {
                why = why.cite(t).cite(t);
            }
            let e = why.rule_of("NOT-A-RULE").rule_of("NOT-A-RULE").done_in(layer, Lang::En, Msg::CommitmentKept);
            let (rules, entries, cites) = lists(&e);
            let mut want: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            want.push("LOCAL-1".into());
            want.push("NOT-A-RULE".into());
            assert_eq!(rules, want);
            assert_eq!(entries, fakes.iter().map(|f| f.reference.to_string()).collect::<Vec<_>>());
            let mut want: Vec<String> = vec!["source 0".into(), "source 1".into()];
            want.extend(texts.iter().cloned());
            assert_eq!(cites, want);
        }
    }

    #[test]
    fn an_entry_cited_twice_and_a_rule_at_two_addresses_appear_once() {
        let f = Fake { reference: Arc::from("cn:list/x"), rules: vec![Cow::Borrowed("NAT-1")], source: None };
        let rule = String::from("NAT-1");
        let interned = crate::rules::intern(&rule).unwrap();
        let mut why = Why::new().rule("NAT-1");
        why.push(Item::Entry(&f));
        why.push(Item::Entry(&f));
        let e = why.rule(interned).done_in(u64::MAX - 4, Lang::Zh, Msg::CommitmentKept);
        assert_eq!(lists(&e), (vec!["NAT-1".into()], vec!["cn:list/x".into()], vec![]));
    }
}
