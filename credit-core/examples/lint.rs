//! Lint a policy directory: `cargo run -p credit-core --example lint -- policies/`.
//! Prints `file:line:col: error[code]: message` with a help line per problem; exits 1 on errors.

use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "policies".to_owned());
    let report = credit_core::lint::lint_dir(std::path::Path::new(&dir));
    print!("{}", report.to_text());
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
