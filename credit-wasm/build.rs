//! Loads, validates and resolves the bundled policy files (`policies/`, embedded in credit-core)
//! on the host and writes the resolved set as a compact snapshot (`credit_core::policy::snapshot`)
//! that the WebAssembly module embeds: the browser bundle carries no TOML parser, no validator
//! and no policy text.
//! A policy set the validator refuses fails the build with its diagnostics.
//!
//! It also writes `types.d.ts`: the TypeScript declarations of the JSON contract generated from
//! the Rust types (`credit_core::ts`, feature `ts` of this build dependency only), which the
//! module adds to the package's `.d.ts` files (`src/types.rs`).

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Rerun when this script changes; a change of the policies rebuilds credit-core (its own
    // build script watches `policies/`), which rebuilds and reruns this script.
    println!("cargo:rerun-if-changed=build.rs");
    let bytes = credit_core::policy::snapshot::embedded().map_err(|e| {
        let mut text = e.to_string();
        for d in e.diagnostics() {
            text.push_str(&format!("\n{d}"));
        }
        text
    })?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("national.snapshot"), bytes)?;
    std::fs::write(out_dir.join("types.d.ts"), credit_core::ts::declarations()?)?;
    Ok(())
}
