//! Embeds every file of `../policies` (the national baseline, the bundled overlays and the holiday
//! calendar) into the library, so `Engine::national()` needs no files at run time.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            println!("cargo:rerun-if-changed={}", path.display());
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            out.push((rel, fs::canonicalize(&path)?));
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    // `credit-core/policies` is a link to the repository's `policies/` (so that `cargo package`
    // carries the rulebook inside the crate); fall back to the repository layout.
    let inside = manifest.join("policies");
    let root = if inside.is_dir() { inside } else { manifest.join("..").join("policies") };
    let mut files = Vec::new();
    if root.is_dir() {
        collect(&root, &root, &mut files)?;
    }
    let mut code = String::from("/// Policy files embedded at build time: (path relative to `policies/`, content).\npub static FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", abs.display().to_string()));
    }
    code.push_str("];\n");
    code.push_str("/// The holiday calendar year files among them: (file name, content).\npub static CALENDAR: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        if let Some(name) = rel.strip_prefix("calendar/") {
            code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", abs.display().to_string()));
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("embedded.rs");
    fs::write(out, code)?;
    Ok(())
}
