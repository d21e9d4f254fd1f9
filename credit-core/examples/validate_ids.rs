//! Validate unified social credit codes and resident identity numbers given as arguments or, one
//! per line, on stdin; print one finding per line (identifiers masked). Exits 1 if any is invalid.
//!
//! ```text
//! cargo run -p credit-core --example validate_ids -- 91110000600037341L 91110000600037341K
//! ```

use credit_core::id::{validate_resident_id, validate_uscc, IdCheck};
use std::io::BufRead;
use std::process::ExitCode;

fn check(input: &str) -> IdCheck {
    // An 18-character string of digits (with an optional final X) is a resident identity number
    // when its 7th–8th characters start a plausible birth year; otherwise a credit code.
    let s = input.trim();
    let digits = s.chars().take(17).all(|c| c.is_ascii_digit());
    let year = s.get(6..8);
    if s.len() == 18 && digits && matches!(year, Some("19") | Some("20")) {
        validate_resident_id(s)
    } else {
        validate_uscc(s)
    }
}

fn main() -> ExitCode {
    let mut inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        inputs = std::io::stdin().lock().lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).collect();
    }
    let mut all_valid = true;
    for input in &inputs {
        let c = check(input);
        all_valid &= c.valid;
        match &c.error {
            None => println!("{}  {}  valid", c.masked(), c.kind.as_str()),
            Some(e) => println!(
                "{}  {}  INVALID [{}{}]: {}",
                c.masked(),
                c.kind.as_str(),
                e.code.as_str(),
                e.position.map_or_else(String::new, |p| format!(" at {p}")),
                e.message
            ),
        }
        for f in &c.findings {
            println!("    finding [{}]: {}", f.code.as_str(), f.message);
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
