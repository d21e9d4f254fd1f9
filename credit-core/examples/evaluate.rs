//! Evaluate a case against the embedded national policy (or a bundled overlay) and print the
//! explained decision.
//!
//! ```text
//! cargo run -p credit-core --example evaluate -- examples/cases/judgment-debtor.json
//! cargo run -p credit-core --example evaluate -- --json --lang en < case.json
//! ```
//! Flags: `--json` (print the decision JSON), `--lang zh|en`, `--jurisdiction ID`.

use credit_core::case::{Case, Lang};
use credit_core::Engine;
use std::io::Read;
use std::process::ExitCode;

fn run() -> Result<(), String> {
    let mut json = false;
    let mut lang = None;
    let mut jurisdiction = None;
    let mut path = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--lang" => {
                lang = Some(match args.next().as_deref() {
                    Some("en") => Lang::En,
                    Some("zh") => Lang::Zh,
                    other => return Err(format!("--lang takes `zh` or `en`, not `{}`", other.unwrap_or(""))),
                })
            }
            "--jurisdiction" => jurisdiction = args.next(),
            "-h" | "--help" => {
                println!(
                    "usage: evaluate [--json] [--lang zh|en] [--jurisdiction ID] [CASE.json]  (stdin when no file)"
                );
                return Ok(());
            }
            other => path = Some(other.to_owned()),
        }
    }
    let text = match &path {
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("cannot read `{p}`: {e}"))?,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| format!("cannot read stdin: {e}"))?;
            s
        }
    };
    let mut case = Case::from_json(&text).map_err(|e| format!("case error [{}]: {e}", e.code()))?;
    if jurisdiction.is_some() {
        case.jurisdiction = jurisdiction;
    }
    let engine = Engine::national().map_err(|e| e.to_string())?;
    let decision =
        engine.evaluate_in(&case, lang).map_err(|e| format!("{} error [{}]: {e}", e.kind().as_str(), e.code()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&decision).map_err(|e| e.to_string())?);
    } else {
        print!("{}", decision.to_text());
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
