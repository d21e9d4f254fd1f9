//! The NATIONAL.md coverage report (`tests/coverage/national.toml`): every referenced policy entry
//! exists in the embedded policy set and every referenced code path in the repository (always);
//! every anchor occurs in NATIONAL.md and every bullet and table row of NATIONAL.md has an anchor
//! (when NATIONAL.md is found: `CREDIT_NATIONAL_MD`, else `<repo>/../shared/NATIONAL.md`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests may panic")]

use credit_core::coverage::national::{
    check_anchors, check_completeness, check_references, items, locate, to_markdown, totals, NationalFile,
};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn file() -> NationalFile {
    toml::from_str(&std::fs::read_to_string(root().join("tests/coverage/national.toml")).unwrap()).unwrap()
}

#[test]
fn every_reference_of_the_national_coverage_file_exists() {
    let set = credit_core::policy::PolicySet::from_sources(&credit_core::policy::embedded_sources()).unwrap();
    let problems = check_references(&file(), &set, &root());
    assert!(problems.is_empty(), "national coverage references:\n{}", problems.join("\n"));
}

#[test]
fn every_anchor_occurs_in_national_md_and_every_bullet_and_row_is_listed() {
    let Some(path) = locate(&root()) else {
        println!("note: NATIONAL.md not found (set CREDIT_NATIONAL_MD or place it at ../shared/NATIONAL.md): anchor and completeness checks skipped");
        return;
    };
    let md = std::fs::read_to_string(&path).unwrap();
    let f = file();
    let mut problems = check_anchors(&f, &md);
    problems.extend(check_completeness(&f, &md));
    assert!(problems.is_empty(), "{}:\n{}\n\n{}", path.display(), problems.join("\n"), to_markdown(&f));
    let (encoded, out, not_yet) = totals(&f);
    assert_eq!(encoded + out + not_yet, f.fact.len());
}

#[test]
fn the_checks_catch_a_missing_anchor_an_unlisted_item_and_a_dangling_reference() {
    let md = "# T\n- Periods are counted in days.\n- A second bullet\n  continued here.\n\n| a | b |\n|---|---|\n| row one | x |\n1. numbered item\n";
    assert_eq!(items(md).len(), 4);
    let f: NationalFile = toml::from_str(
        r#"
[[fact]]
id = "NAT-1/a"
anchor = "counted in days"
encoded_by = ["cn:list/no_such_list", "credit-core/src/no_such_file.rs", "credit-core/src/coverage.rs", "cn:list/judgment_debtor"]

[[fact]]
id = "NAT-1/b"
anchor = "bullet continued"
out_of_scope = "not yet encoded: test"

[[fact]]
id = "NAT-1/c"
anchor = "not in the text"
out_of_scope = "test"
"#,
    )
    .unwrap();
    assert_eq!(check_anchors(&f, md).len(), 1);
    // The second bullet's anchor crosses a line break; the row and the numbered item are unlisted.
    assert_eq!(check_completeness(&f, md).len(), 2, "{:?}", check_completeness(&f, md));
    let set = credit_core::policy::PolicySet::from_sources(&credit_core::policy::embedded_sources()).unwrap();
    let problems = check_references(&f, &set, &root());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(totals(&f), (1, 1, 1));
}
