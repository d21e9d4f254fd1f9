//! Compare one case across jurisdictions, field by field, with the rule behind each value.
//!
//! ```text
//! cargo run -p credit-core --example compare -- examples/cases/objection.json
//! cargo run -p credit-core --example compare -- examples/cases/objection.json cn cn-jilin-tonghua --lang en
//! ```
//! Without jurisdictions it compares the seven layers with objection rules of their own.

use credit_core::case::{Case, Lang};
use credit_core::Engine;
use std::process::ExitCode;

const OBJECTION_LAYERS: &[&str] = &[
    "cn-sichuan-mianyang",
    "cn-jilin-tonghua",
    "cn-shanghai",
    "cn-shandong",
    "cn-henan",
    "cn-zhejiang",
    "cn-guangdong-shenzhen",
];

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let lang = match args.iter().position(|a| a == "--lang") {
        Some(i) => {
            let l = args.get(i + 1).cloned().unwrap_or_default();
            args.drain(i..(i + 2).min(args.len()));
            Some(if l == "en" { Lang::En } else { Lang::Zh })
        }
        None => None,
    };
    let path = args.first().cloned().ok_or("usage: compare CASE.json [JURISDICTION ...] [--lang en]")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let case = Case::from_json(&text).map_err(|e| e.to_string())?;
    let jurisdictions: Vec<String> = match args.get(1..) {
        Some(rest) if !rest.is_empty() => rest.to_vec(),
        _ => OBJECTION_LAYERS.iter().map(|s| (*s).to_owned()).collect(),
    };
    let engine = Engine::national().map_err(|e| e.to_string())?;
    let cmp = engine.compare(&case, &jurisdictions, lang).map_err(|e| e.to_string())?;
    print!("{}", cmp.to_text());
    for d in &cmp.differences {
        if d.path.ends_with("reply_due") || d.path.ends_with(".status") || d.path.ends_with("suspends_measures") {
            println!("\nwhy {}:", d.path);
            for (j, why) in &d.why {
                println!("  {j:<24} {why}");
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
