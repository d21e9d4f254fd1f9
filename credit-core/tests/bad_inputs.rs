//! Runs the shared bad-input corpus `tests/bad-inputs/corpus.json` (also run by the Python and JS
//! suites) through the core's FFI layer, the way every binding calls it, and writes each outcome
//! `{kind, code, path}` to `target/conformance/bad-inputs.json` for the other suites to match.
//!
//! Entry format (see `tests/bad-inputs/README.md`): `input` is JSON text when it is a string,
//! else a value; `as_text: true` sends a value as JSON text. Directives inside values:
//! `{"$nest": N}` (lists nested N deep), `{"$number": "NaN" | "Infinity" | "-Infinity"}` (a host
//! float), `{"$repeat": "x", "times": N}` (a long string).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::ffi::{self, Arg, Native, NativeValue};
use credit_core::{Engine, Error};
use serde_json::{json, Value};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A corpus value as a host value, with its directives.
enum Node<'a> {
    V(&'a Value),
    Nest(usize),
}

fn directive<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_object().filter(|o| o.keys().next().is_some_and(|k| k == key)).and_then(|o| o.get(key))
}

fn number(name: &str) -> f64 {
    match name {
        "NaN" => f64::NAN,
        "Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        other => panic!("unknown $number {other}"),
    }
}

fn repeat(v: &Value) -> String {
    let s = v["$repeat"].as_str().unwrap();
    s.repeat(usize::try_from(v["times"].as_u64().unwrap()).unwrap())
}

impl NativeValue for Node<'_> {
    fn read(&self) -> Result<Native<Self>, String> {
        let v = match self {
            Node::Nest(n) => return Ok(Native::Seq(if *n > 1 { vec![Node::Nest(n - 1)] } else { Vec::new() })),
            Node::V(v) => *v,
        };
        if let Some(n) = directive(v, "$nest") {
            return Node::Nest(usize::try_from(n.as_u64().unwrap()).unwrap()).read();
        }
        if let Some(n) = directive(v, "$number") {
            return Ok(Native::Float(number(n.as_str().unwrap())));
        }
        if directive(v, "$repeat").is_some() {
            return Ok(Native::Str(repeat(v)));
        }
        Ok(match v {
            Value::Null => Native::Null,
            Value::Bool(b) => Native::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Native::Int(i),
                (None, Some(u)) => Native::UInt(u),
                _ => Native::Float(n.as_f64().unwrap()),
            },
            Value::String(s) => Native::Str(s.clone()),
            Value::Array(a) => Native::Seq(a.iter().map(Node::V).collect()),
            Value::Object(o) => Native::Map(o.iter().map(|(k, v)| (Ok(k.clone()), Node::V(v))).collect()),
        })
    }
}

/// A corpus value as JSON text (directives expanded).
fn to_text(v: &Value) -> String {
    if let Some(n) = directive(v, "$nest") {
        let n = usize::try_from(n.as_u64().unwrap()).unwrap();
        return format!("{}{}", "[".repeat(n), "]".repeat(n));
    }
    if directive(v, "$repeat").is_some() {
        return serde_json::to_string(&repeat(v)).unwrap();
    }
    match v {
        Value::Array(a) => format!("[{}]", a.iter().map(to_text).collect::<Vec<_>>().join(",")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), to_text(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

/// Run `f` on an argument of the corpus as a binding would pass it.
fn with_arg<R>(args: &Value, name: &str, f: impl FnOnce(&Arg<'_>) -> R) -> R {
    match args.get(name) {
        None => f(&Arg::Absent),
        Some(v) => {
            if let Some(n) = directive(v, "$number") {
                return f(&Arg::Float(number(n.as_str().unwrap())));
            }
            if directive(v, "$repeat").is_some() {
                let s = repeat(v);
                return f(&Arg::Str(&s));
            }
            f(&Arg::from_json(v))
        }
    }
}

fn run(engine: &Engine, entry: &Value) -> Result<(), Error> {
    let args = entry.get("args").cloned().unwrap_or(json!({}));
    let cal = engine.calendar();
    match entry["call"].as_str().unwrap() {
        "evaluate" => {
            let lang = with_arg(&args, "lang", ffi::lang)?;
            let input = &entry["input"];
            let case = match input {
                Value::String(text) => ffi::case_from_json(text)?,
                v if entry.get("as_text") == Some(&Value::Bool(true)) => ffi::case_from_json(&to_text(v))?,
                v => ffi::case_from_native(&Node::V(v))?,
            };
            engine.evaluate_in(&case, lang).map(drop)
        }
        "add_working_days" => {
            let d = with_arg(&args, "date", |a| ffi::date(a, "date"))?;
            let n = with_arg(&args, "n", |a| ffi::working_days(a, "n"))?;
            cal.add_working_days(d, n).map(drop).map_err(Error::from)
        }
        "is_working_day" => {
            let d = with_arg(&args, "date", |a| ffi::date(a, "date"))?;
            cal.is_working_day(d).map(drop).map_err(Error::from)
        }
        "next_working_day" => {
            let d = with_arg(&args, "date", |a| ffi::date(a, "date"))?;
            cal.next_working_day(d).map(drop).map_err(Error::from)
        }
        "working_days_between" => {
            let a = with_arg(&args, "start", |a| ffi::date(a, "start"))?;
            let b = with_arg(&args, "end", |a| ffi::date(a, "end"))?;
            cal.working_days_between(a, b).map(drop).map_err(Error::from)
        }
        "with_calendar_mode" => with_arg(&args, "mode", ffi::calendar_mode).map(drop),
        "with_jurisdiction" => {
            let id = with_arg(&args, "id", |a| ffi::string(a, "id").map(str::to_owned))?;
            engine.with_jurisdiction(&id).map(drop)
        }
        other => panic!("unknown call {other}"),
    }
}

/// The message rules every binding shares: no identifier in clear, no echo longer than 200
/// characters.
pub fn check_message(name: &str, message: &str) {
    for id in ["110105194912310021", "91110000600037341L"] {
        assert!(!message.contains(id), "{name}: message shows the identifier {id}: {message}");
    }
    let longest = message.split(char::is_whitespace).map(|w| w.chars().count()).max().unwrap_or(0);
    assert!(longest <= 200, "{name}: message echoes {longest} characters in one run");
    assert!(message.chars().count() <= 1000, "{name}: message is {} characters long", message.chars().count());
}

#[test]
fn every_bad_input_gets_its_coded_error() {
    let text = std::fs::read_to_string(repo().join("tests/bad-inputs/corpus.json")).unwrap();
    let corpus: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(corpus.len() >= 60, "the corpus has {} entries", corpus.len());
    let engine = Engine::national().unwrap();
    let mut outcomes = serde_json::Map::new();
    let mut failures = Vec::new();
    for entry in &corpus {
        let name = entry["name"].as_str().unwrap();
        assert!(!outcomes.contains_key(name), "duplicate entry name {name}");
        let err = match run(&engine, entry) {
            Ok(()) => {
                failures.push(format!("{name}: accepted"));
                continue;
            }
            Err(e) => e,
        };
        check_message(name, err.message());
        if std::env::var_os("CREDIT_SHOW_MESSAGES").is_some() {
            println!("{name}\n    [{}/{}] {:?}: {}", err.kind().as_str(), err.code(), err.path(), err.message());
        }
        let actual = json!({"kind": err.kind().as_str(), "code": err.code().as_str(), "path": err.path()});
        let expect = &entry["expect"];
        for key in ["kind", "code", "path"] {
            if let Some(want) = expect.get(key) {
                if want != &actual[key] {
                    failures.push(format!("{name}: {key} {} != expected {want} ({})", actual[key], err.message()));
                }
            }
        }
        outcomes.insert(name.to_owned(), actual);
    }
    let out = repo().join("target").join("conformance");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("bad-inputs.json"), serde_json::to_string_pretty(&Value::Object(outcomes)).unwrap())
        .unwrap();
    println!("{} bad inputs, {} failed", corpus.len(), failures.len());
    assert!(failures.is_empty(), "{} of {}:\n{}", failures.len(), corpus.len(), failures.join("\n"));
}
