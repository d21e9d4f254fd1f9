//! The FFI reader over a borrowed [`Tree`] (strings handed to serde as borrowed text, keys
//! borrowed, as the columnar API reads Arrow cells) gives exactly what the same value gives
//! through `case_from_value`: the same case, or the same error (kind, code, path, message, help),
//! on the conformance corpus and on every value input of the shared bad-input corpus.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::ffi::{self, Node, Tree};
use serde_json::Value;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A `serde_json::Value` read in place, borrowed.
#[derive(Clone, Copy)]
struct Borrowed<'a>(&'a Value);

impl<'a> Tree<'a> for Borrowed<'a> {
    type Key = &'a str;
    type Items = std::iter::Map<std::slice::Iter<'a, Value>, fn(&'a Value) -> Borrowed<'a>>;
    type Entries = std::iter::Map<serde_json::map::Iter<'a>, fn((&'a String, &'a Value)) -> (&'a str, Borrowed<'a>)>;
    fn node(self) -> Node<'a, Borrowed<'a>> {
        match self.0 {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Node::UInt(u),
                (None, Some(i)) => Node::Int(i),
                _ => Node::Float(n.as_f64().unwrap()),
            },
            Value::String(s) => Node::Str(s),
            Value::Array(a) => Node::Seq(a.iter().map(Borrowed as fn(&'a Value) -> Borrowed<'a>)),
            Value::Object(m) => {
                Node::Map(m.iter().map(entry as fn((&'a String, &'a Value)) -> (&'a str, Borrowed<'a>)))
            }
        }
    }
}

fn entry<'a>((k, v): (&'a String, &'a Value)) -> (&'a str, Borrowed<'a>) {
    (k.as_str(), Borrowed(v))
}

type Outcome = Result<String, (String, String, Option<String>, String, Option<String>)>;

fn outcome(r: Result<credit_core::case::Case, credit_core::Error>) -> Outcome {
    r.map(|c| format!("{c:?}")).map_err(|e| {
        (
            e.kind().as_str().to_owned(),
            e.code().as_str().to_owned(),
            e.path().map(str::to_owned),
            e.message().to_owned(),
            e.help().map(str::to_owned),
        )
    })
}

fn same(v: &Value, what: &str) {
    let owned = outcome(ffi::case_from_value(v.clone()));
    let borrowed = outcome(ffi::case_from_tree(Borrowed(v)));
    assert_eq!(owned, borrowed, "{what}");
}

#[test]
fn the_conformance_corpus_reads_the_same_borrowed() {
    let mut n = 0;
    let mut stack = vec![repo().join("tests/cases")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                if let Some(case) = doc.get("case") {
                    same(case, &path.display().to_string());
                    n += 1;
                }
            }
        }
    }
    assert!(n > 100, "{n} cases");
}

#[test]
fn the_bad_input_corpus_reads_the_same_borrowed() {
    let text = std::fs::read_to_string(repo().join("tests/bad-inputs/corpus.json")).unwrap();
    let corpus: Value = serde_json::from_str(&text).unwrap();
    let entries = corpus.as_array().or_else(|| corpus.get("entries").and_then(Value::as_array)).unwrap();
    let mut n = 0;
    for (i, entry) in entries.iter().enumerate() {
        if entry.get("call").and_then(Value::as_str) != Some("evaluate") {
            continue;
        }
        let input = &entry["input"];
        // Directives ($nest, $number, $repeat) are host values the bad-input test expands.
        if input.is_string() || input.to_string().contains("\"$") {
            continue;
        }
        same(input, &format!("bad input {i}: {input}"));
        n += 1;
    }
    assert!(n > 10, "{n} entries");
}

#[test]
fn not_a_number_and_depth_in_a_tree() {
    /// A case with a float subject (never in a `Value`) and records nested `n` deep.
    #[derive(Clone, Copy)]
    enum T {
        Case(f64, usize),
        Float(f64),
        Nest(usize),
        Date,
    }
    impl<'a> Tree<'a> for T {
        type Key = &'static str;
        type Items = std::option::IntoIter<T>;
        type Entries = std::vec::IntoIter<(&'static str, T)>;
        fn node(self) -> Node<'a, T> {
            match self {
                T::Case(f, n) => {
                    Node::Map(vec![("as_of", T::Date), ("records", T::Nest(n)), ("subject", T::Float(f))].into_iter())
                }
                T::Float(f) => Node::Float(f),
                T::Nest(n) => Node::Seq((n > 1).then(|| T::Nest(n - 1)).into_iter()),
                T::Date => Node::Str("2025-10-09"),
            }
        }
    }
    let e = ffi::case_from_tree(T::Case(f64::NAN, 1)).unwrap_err();
    assert_eq!((e.code().as_str(), e.path()), ("not_a_number", Some("subject")));
    assert!(e.help().is_some());
    // A case's fields take no free values: deep input is refused where its shape is wrong, the
    // reader never goes down (the depth limit is its safety net for other targets).
    let e = ffi::case_from_tree(T::Case(1.5, ffi::MAX_DEPTH)).unwrap_err();
    assert_eq!((e.code().as_str(), e.path()), ("wrong_type", Some("records[0]")));
    let e = ffi::case_from_tree(T::Nest(1)).unwrap_err();
    assert_eq!(e.code().as_str(), "not_an_object");
}
