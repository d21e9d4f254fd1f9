//! Loads, validates and resolves the bundled policy files (`policies/`, embedded in credit-core)
//! on the host and writes the resolved set as a compact snapshot (`credit_core::policy::snapshot`)
//! that the WebAssembly module embeds: the browser bundle carries no TOML parser, no validator
//! and no policy text.
//! A policy set the validator refuses fails the build with its diagnostics.

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
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("national.snapshot");
    std::fs::write(out, bytes)?;
    Ok(())
}
