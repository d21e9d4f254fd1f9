//! Reading a policy directory safely: only regular files and directories under the root are
//! visited, nothing is followed or opened that is not a regular file, and every read is bounded.
//!
//! - A **symbolic link** anywhere under the root (the root itself may be one) is not followed:
//!   it is reported as `symlink_refused`, whatever it points to (a loop, `/usr`, a file outside
//!   the root).
//! - A **FIFO, device or socket** is never opened (its type is read with `symlink_metadata`):
//!   `not_a_regular_file`.
//! - A `.toml` file larger than [`MAX_FILE_BYTES`] is `file_too_large`; once the files read add up
//!   to more than [`MAX_TOTAL_BYTES`], the rest are `policy_too_large`. Files are read through
//!   `Read::take`, so a file that grows while it is read (or lies about its size) is still
//!   bounded.
//! - Directories deeper than [`MAX_DEPTH`] below the root are `too_deep`; more than
//!   [`MAX_ENTRIES`] directory entries in all is `too_many_entries` (reading stops there).
//! - A file or directory that cannot be read, or a file that is not UTF-8, is `io`.

use super::load::SourceFile;
use crate::error::{Diagnostic, Level};
use std::io::Read;
use std::path::Path;

/// Largest policy file read, in bytes (1 MiB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Largest policy set read from a directory, in bytes (32 MiB).
pub const MAX_TOTAL_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest directory read, counted below the root (the root's own files are at depth 0).
pub const MAX_DEPTH: usize = 16;
/// Most directory entries (files and directories of any name) visited.
pub const MAX_ENTRIES: usize = 10_000;

fn problem(code: &'static str, file: String, message: String, help: &str) -> Diagnostic {
    Diagnostic {
        code,
        level: Level::Error,
        file,
        line: 0,
        column: 0,
        path: String::new(),
        message,
        help: Some(help.to_owned()),
        rule: None,
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Read every `.toml` regular file under `dir`, with the problems found on the way (see the
/// module documentation). The files come back sorted by relative path.
pub fn read_dir_checked(dir: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let mut total: u64 = 0;
    let mut entries_seen = 0usize;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    'walk: while let Some((d, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                let shown = if d == dir { d.display().to_string() } else { relative(dir, &d) };
                diags.push(problem(
                    "io",
                    shown.clone(),
                    format!("cannot read directory `{shown}`: {e}"),
                    "check that the path exists and is a readable directory",
                ));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let shown = relative(dir, &d);
                    diags.push(problem(
                        "io",
                        shown.clone(),
                        format!("cannot list `{shown}`: {e}"),
                        "check the directory's permissions",
                    ));
                    continue;
                }
            };
            entries_seen += 1;
            if entries_seen > MAX_ENTRIES {
                diags.push(problem(
                    "too_many_entries",
                    relative(dir, &d),
                    format!("the policy directory holds more than {MAX_ENTRIES} entries; reading stopped"),
                    "point the loader at the policy root only (a layer directory per jurisdiction and `calendar/`)",
                ));
                break 'walk;
            }
            let path = entry.path();
            let rel = relative(dir, &path);
            // The entry's own type: a symbolic link is never followed.
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    diags.push(problem(
                        "io",
                        rel.clone(),
                        format!("cannot read `{rel}`: {e}"),
                        "check the file's permissions",
                    ));
                    continue;
                }
            };
            let kind = meta.file_type();
            if kind.is_symlink() {
                diags.push(problem(
                    "symlink_refused",
                    rel.clone(),
                    format!("`{rel}` is a symbolic link; links are not followed in a policy directory"),
                    "copy the file or directory into the policy tree instead of linking to it",
                ));
            } else if kind.is_dir() {
                if depth + 1 > MAX_DEPTH {
                    diags.push(problem(
                        "too_deep",
                        rel.clone(),
                        format!("`{rel}` is more than {MAX_DEPTH} directories below the policy root"),
                        "policy trees are one directory per layer plus `calendar/`",
                    ));
                } else {
                    stack.push((path, depth + 1));
                }
            } else if path.extension().is_some_and(|e| e == "toml") {
                if !kind.is_file() {
                    diags.push(problem(
                        "not_a_regular_file",
                        rel.clone(),
                        format!("`{rel}` is not a regular file (a FIFO, device or socket); it was not opened"),
                        "policy files are regular files",
                    ));
                    continue;
                }
                if meta.len() > MAX_FILE_BYTES {
                    diags.push(too_large(&rel, meta.len()));
                    continue;
                }
                match read_bounded(&path, MAX_FILE_BYTES) {
                    Ok(Some(content)) => {
                        total += content.len() as u64;
                        if total > MAX_TOTAL_BYTES {
                            diags.push(problem(
                                "policy_too_large",
                                rel.clone(),
                                format!(
                                    "the policy files add up to more than {} MiB at `{rel}`; the rest were not read",
                                    MAX_TOTAL_BYTES / (1024 * 1024)
                                ),
                                "a policy set is a few hundred kilobytes; point the loader at the policy root only",
                            ));
                            break 'walk;
                        }
                        out.push(SourceFile { path: rel, content });
                    }
                    Ok(None) => diags.push(too_large(&rel, MAX_FILE_BYTES + 1)),
                    Err(e) => {
                        diags.push(problem(
                            "io",
                            rel.clone(),
                            format!("cannot read `{rel}`: {e}"),
                            "policy files are UTF-8 text",
                        ));
                    }
                }
            }
            // Anything else (a README, a FIFO not named `.toml`) is neither opened nor reported.
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    (out, diags)
}

fn too_large(rel: &str, len: u64) -> Diagnostic {
    problem(
        "file_too_large",
        rel.to_owned(),
        format!("`{rel}` is larger than {} KiB ({len} bytes or more); it was not read", MAX_FILE_BYTES / 1024),
        "split the layer into several files of at most 1 MiB each",
    )
}

/// Read one policy file named by the caller (e.g. a calendar year file): it must be a regular
/// file (a link to one is followed, as the caller named it) of at most [`MAX_FILE_BYTES`]; a FIFO,
/// device or socket is refused before it is opened.
#[cfg(feature = "toml")]
pub(crate) fn read_policy_file(path: &Path) -> std::io::Result<String> {
    if !std::fs::metadata(path)?.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    read_bounded(path, MAX_FILE_BYTES)?
        .ok_or_else(|| std::io::Error::other(format!("larger than {} KiB", MAX_FILE_BYTES / 1024)))
}

/// The file's text, or `None` when it holds more than `limit` bytes. The type was checked with
/// `symlink_metadata` just before; what was opened is checked again (a file replaced in between
/// by something else is refused; only a FIFO swapped in during that instant could block).
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<String>> {
    let file = std::fs::File::open(path)?;
    // A regular file checked above may have been replaced: check what was actually opened.
    if !file.metadata()?.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8"))
}
