//! TypeScript declarations of the JSON contract, generated from the Rust types (feature `ts`).
//!
//! Every type that crosses a binding as JSON — the case, the decision, the catalogue, the
//! objection clock, a comparison, an identifier check, the serious-subject ratio, the calendar
//! years and the flat error — derives [`ts_rs::TS`] when the feature is on, reading the same serde
//! attributes that shape the JSON (`rename_all`, `tag`, `untagged`, `flatten`, `skip`,
//! `skip_serializing_if` with `default`). [`declarations`] writes them all, with their doc
//! comments, as one block of `export type` declarations; the JS package's build script puts it
//! into the package's `.d.ts` files.
//!
//! Field optionality follows the JSON each way: an output field is optional (`?:`) only where it
//! is left out when empty (`skip_serializing_if`), an `Option` that is always written is
//! `T | null`; an input field (the case, a population subject) that may be left out is optional.
//! Types with a hand-written `Serialize` are written here by hand, as what they serialize to:
//! dates, spans and messages are strings, a catalogue's entries a map of versions.

use crate::catalog::{Entries, Versions};
use std::any::TypeId;
use std::collections::BTreeMap;
use ts_rs::{Config, TypeVisitor, TS};

/// A type that serializes as a JSON string through a hand-written `Serialize`.
macro_rules! string_type {
    ($($t:ty),+ $(,)?) => {$(
        impl TS for $t {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &Config) -> String {
                "string".to_owned()
            }
            fn inline(_: &Config) -> String {
                "string".to_owned()
            }
        }
    )+};
}

// `YYYY-MM-DD`; `15 working days`; a message rendered in the decision's language.
string_type!(crate::vocab::Date, crate::vocab::Span, crate::text::Message);

/// `Entries<T>` serializes as a map from id to the id's versions (a hand-written `Serialize`).
impl<T: TS + 'static> TS for Entries<T> {
    type WithoutGenerics = Entries<ts_rs::Dummy>;
    type OptionInnerType = Self;
    fn name(cfg: &Config) -> String {
        format!("{{ [id in string]?: {} }}", <Versions<T> as TS>::name(cfg))
    }
    fn inline(cfg: &Config) -> String {
        format!("{{ [id in string]?: {} }}", <Versions<T> as TS>::inline(cfg))
    }
    fn visit_dependencies(v: &mut impl TypeVisitor)
    where
        Self: 'static,
    {
        v.visit::<Versions<T>>();
    }
    fn visit_generics(v: &mut impl TypeVisitor)
    where
        Self: 'static,
    {
        v.visit::<T>();
        <T as TS>::visit_generics(v);
    }
}

/// The configuration of the declarations: 64-bit integers are JSON numbers (`JSON.parse` reads
/// them as `number`; every such count is far below 2^53).
fn config() -> Config {
    Config::new().with_large_int("number")
}

/// Collects the declaration of every type reachable from the roots, once per name.
struct Collector {
    cfg: Config,
    /// Name → (the type without generics, its declaration with its doc comment).
    decls: BTreeMap<String, (TypeId, String)>,
    /// Two different Rust types with the same TypeScript name.
    clashes: Vec<String>,
}

impl TypeVisitor for Collector {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives, wrappers and hand-written string types have no declaration of their own.
        if T::output_path().is_none() {
            T::visit_generics(self);
            T::visit_dependencies(self);
            return;
        }
        let name = T::ident(&self.cfg);
        let id = TypeId::of::<T::WithoutGenerics>();
        match self.decls.get(&name) {
            Some((seen, _)) if *seen == id => return,
            Some(_) => {
                self.clashes.push(format!("two Rust types are both named `{name}` in TypeScript"));
                return;
            }
            None => {}
        }
        let docs = T::docs().unwrap_or_default();
        self.decls.insert(name, (id, format!("{docs}export {}\n", layout(&T::decl(&self.cfg)))));
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// One member per line, indented: every `{` of an object that spans lines ends its line and
/// every `}` that closes one starts its line (wasm-bindgen re-indents the `.d.ts` by that rule).
/// Doc comments are kept as they are.
fn layout(decl: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in decl.lines().map(str::trim) {
        if line.starts_with("/*") || line.starts_with('*') {
            lines.push(line.to_owned());
            continue;
        }
        // Braces opened on this line and not yet closed on it, as byte offsets in `cur`.
        let mut open: Vec<usize> = Vec::new();
        let mut cur = String::new();
        for c in line.chars() {
            if c == '}' && open.pop().is_none() && !cur.trim().is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            if c == '{' {
                open.push(cur.len());
            }
            cur.push(c);
        }
        // Break after each brace left open: its members follow on the next lines.
        let mut start = 0;
        for at in open {
            lines.push(cur.get(start..=at).unwrap_or_default().to_owned());
            start = at + 1;
        }
        lines.push(cur.get(start..).unwrap_or_default().to_owned());
    }
    let mut out = String::new();
    let mut depth = 0usize;
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if line.starts_with('}') {
            depth = depth.saturating_sub(1);
        }
        let pad = if line.starts_with('*') { 4 * depth + 1 } else { 4 * depth };
        out.push_str(&" ".repeat(pad));
        out.push_str(line);
        out.push('\n');
        if line.ends_with('{') {
            depth += 1;
        }
    }
    out.trim_end().to_owned()
}

/// The TypeScript declarations of the JSON contract: every type reachable from the case, the
/// decision, the catalogue, the objection clock, a comparison, an identifier check, a population
/// subject and its region ratio, a calendar year and the flat error, sorted by name, each with
/// its doc comment. An error names any two Rust types that would share a TypeScript name.
pub fn declarations() -> Result<String, String> {
    let mut c = Collector { cfg: config(), decls: BTreeMap::new(), clashes: Vec::new() };
    c.visit::<crate::case::Case>();
    c.visit::<crate::case::Lang>();
    c.visit::<crate::decision::Decision>();
    c.visit::<crate::catalog::Catalog>();
    c.visit::<crate::clock::ObjectionDeadline>();
    c.visit::<crate::compare::Comparison>();
    c.visit::<crate::id::IdCheck>();
    c.visit::<crate::ratio::PopulationSubject>();
    c.visit::<crate::ratio::RegionRatio>();
    c.visit::<crate::calendar::YearInfo>();
    c.visit::<crate::ffi::ErrorInfo>();
    c.visit::<crate::ffi::measure::MeasureCheckResult>();
    c.visit::<crate::error::ErrorCode>();
    if !c.clashes.is_empty() {
        return Err(c.clashes.join("\n"));
    }
    let mut out = String::new();
    for (_, decl) in c.decls.values() {
        out.push_str(decl);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    /// The declaration of `name`, up to the blank line that ends it.
    fn decl<'a>(decls: &'a str, name: &str) -> &'a str {
        let start = decls.find(&format!("export type {name} ")).unwrap();
        let rest = &decls[start..];
        &rest[..rest.find("\n\n").unwrap_or(rest.len())]
    }

    #[test]
    fn the_error_code_union_is_every_code_as_written() {
        let decls = declarations().unwrap();
        let union = decl(&decls, "ErrorCode");
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str(), "serde and as_str differ");
            assert!(union.contains(&format!("\"{}\"", code.as_str())), "{} missing from {union}", code.as_str());
        }
        assert_eq!(union.matches('"').count(), 2 * ErrorCode::ALL.len(), "{union}");
        assert!(decl(&decls, "ErrorInfo").contains("code: ErrorCode"));
    }

    #[test]
    fn optional_fields_follow_the_json_each_way() {
        let decls = declarations().unwrap();
        let explanation = decl(&decls, "Explanation");
        for field in ["rules: string[]", "entries: string[]", "citations: string[]", "message: string,"] {
            assert!(explanation.contains(field), "{field} in {explanation}");
        }
        // Left out when false / empty / none: optional; an Option always written: `| null`.
        for field in ["provisional?: boolean", "projected_years?: Array<number>", "provisional_note?: string"] {
            assert!(explanation.contains(field), "{field} in {explanation}");
        }
        let record = decl(&decls, "RecordDecision");
        assert!(record.contains("early_exit: EarlyExit | null"), "{record}");
        assert!(decl(&decls, "Decision").contains("lang: Lang,"));
        // The case is input: what may be left out is optional.
        let case = decl(&decls, "Case");
        for field in
            ["jurisdiction?: string | null", "as_of: string", "subject: Subject", "records?: Array<CaseRecord>"]
        {
            assert!(case.contains(field), "{field} in {case}");
        }
        assert!(!decls.contains("bigint"), "64-bit counts are JSON numbers");
    }

    #[test]
    fn no_declared_name_is_a_built_in_type_of_typescript_or_the_dom() {
        let decls = declarations().unwrap();
        for name in ["Record", "Event", "Window", "Date", "Error", "Range", "Comment", "Text", "Node"] {
            assert!(!decls.contains(&format!("export type {name} ")), "`{name}` shadows a built-in type");
        }
    }
}
