//! Evaluate a case against the embedded national policy (or a bundled overlay, or a policy
//! directory) and print the explained decision.
//!
//! ```text
//! cargo run -p credit-core --example evaluate -- examples/cases/judgment-debtor.json
//! cargo run -p credit-core --example evaluate -- --json --lang en < case.json
//! cargo run -p credit-core --example evaluate -- --strict --calendar-year 2027.toml case.json
//! ```
//! Flags: `--json` (print the decision JSON), `--lang zh|en`, `--jurisdiction ID`,
//! `--policy-dir DIR` (load a policy directory instead of the embedded set),
//! `--calendar-year FILE` (add a calendar year file; repeatable), `--strict` (a day of a year
//! without a State Council notice is an error instead of a provisional projection).
//! An unknown option is a usage error (exit code 2).

use credit_core::case::Lang;
use credit_core::Engine;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: evaluate [--json] [--lang zh|en] [--jurisdiction ID] [--policy-dir DIR] \
[--calendar-year FILE]... [--strict] [CASE.json]
  CASE.json             the case to evaluate (read from stdin when absent)
  --json                print the decision as JSON instead of text
  --lang zh|en          the language of the explanations (default: the case's own, else zh)
  --jurisdiction ID     evaluate under this jurisdiction layer (e.g. cn-jilin-tonghua)
  --policy-dir DIR      load the policy files of DIR instead of the embedded set
  --calendar-year FILE  add a holiday calendar year file (format of policies/calendar/<year>.toml); repeatable
  --strict              a day of a year without a State Council notice is an error
                        (default: projected from the statute and marked provisional)";

/// Why the command stopped: a usage error (exit code 2) or a failure (exit code 1).
enum Failure {
    Usage(String),
    Error(String),
}

fn usage(message: String) -> Failure {
    Failure::Usage(message)
}

fn run() -> Result<(), Failure> {
    let mut json = false;
    let mut lang = None;
    let mut jurisdiction = None;
    let mut policy_dir = None;
    let mut year_files = Vec::new();
    let mut strict = false;
    let mut path: Option<String> = None;
    let mut args = std::env::args().skip(1);
    let value = |args: &mut std::iter::Skip<std::env::Args>, flag: &str| {
        args.next().ok_or_else(|| usage(format!("{flag} needs a value")))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--strict" => strict = true,
            "--lang" => {
                lang = Some(match value(&mut args, "--lang")?.as_str() {
                    "en" => Lang::En,
                    "zh" => Lang::Zh,
                    other => return Err(usage(format!("--lang takes `zh` or `en`, not `{other}`"))),
                })
            }
            "--jurisdiction" => jurisdiction = Some(value(&mut args, "--jurisdiction")?),
            "--policy-dir" => policy_dir = Some(value(&mut args, "--policy-dir")?),
            "--calendar-year" => year_files.push(value(&mut args, "--calendar-year")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "-" => {} // stdin
            other if other.starts_with('-') => return Err(usage(format!("unknown option `{other}`"))),
            other => {
                if let Some(first) = &path {
                    return Err(usage(format!("one case file at a time (got `{first}` and `{other}`)")));
                }
                path = Some(other.to_owned());
            }
        }
    }
    let (text, source) = match &path {
        Some(p) => {
            (std::fs::read_to_string(p).map_err(|e| Failure::Error(format!("cannot read `{p}`: {e}")))?, p.clone())
        }
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| Failure::Error(format!("cannot read stdin: {e}")))?;
            (s, "<stdin>".to_owned())
        }
    };
    // Read through the FFI layer, as every binding does: malformed JSON names its line and
    // column, duplicate keys and deep nesting are refused.
    let mut case = credit_core::ffi::case_from_json(&text).map_err(|e| {
        let at = e.path().map(|p| format!(" (at `{p}`)")).unwrap_or_default();
        Failure::Error(format!("case error [{}]: {source}: {}{at}", e.code(), e.message()))
    })?;
    if jurisdiction.is_some() {
        case.jurisdiction = jurisdiction;
    }
    let mut builder = Engine::builder().strict(strict);
    if let Some(dir) = &policy_dir {
        builder = builder.policy_dir(dir);
    }
    for f in &year_files {
        builder = builder.calendar_year_file(f);
    }
    let engine = builder.build().map_err(|e| {
        // A refused policy or calendar year file: every diagnostic, each with file:line:col.
        let mut text = format!("{} error [{}]: {e}", e.kind().as_str(), e.code());
        for d in e.diagnostics().iter().skip(1) {
            text.push('\n');
            text.push_str(&d.to_string());
        }
        Failure::Error(text)
    })?;
    let decision = engine
        .evaluate_in(&case, lang)
        .map_err(|e| Failure::Error(format!("{} error [{}]: {e}", e.kind().as_str(), e.code())))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&decision).map_err(|e| Failure::Error(e.to_string()))?);
    } else {
        print!("{}", decision.to_text());
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("error: {e}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Error(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
