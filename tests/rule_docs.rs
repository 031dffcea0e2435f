//! docs/rules/<id>.md exist for every registered rule and match the rule metadata.
//! `UPDATE_EXPECT=1 cargo test --test rule_docs` regenerates them (and removes pages of rules
//! that no longer exist).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use driftlint::checks::meta;
use driftlint::docs_gen::{rule_doc_markdown, rule_index_markdown};

const INDEX: &str = "README.md";

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules")
}

/// Every page that should exist, by file name.
fn wanted() -> BTreeMap<String, String> {
    let registered: Vec<&str> = driftlint::checks::registry()
        .iter()
        .map(|r| r.id())
        .collect();
    let metas: Vec<_> = registered.iter().filter_map(|id| meta::get(id)).collect();
    assert_eq!(
        metas.len(),
        registered.len(),
        "a registered rule has no metadata"
    );
    let mut pages: BTreeMap<String, String> = metas
        .iter()
        .map(|m| (format!("{}.md", m.id), rule_doc_markdown(m)))
        .collect();
    pages.insert(INDEX.to_string(), rule_index_markdown(&metas));
    pages
}

#[test]
fn rule_pages_are_up_to_date() {
    let wanted = wanted();
    common::assert_generated_dir(
        &rules_dir(),
        ".md",
        &wanted,
        "documents no registered rule",
        "rule_docs",
    );
}

#[test]
fn pages_link_each_rule_from_the_index() {
    let wanted = wanted();
    let index = &wanted[INDEX];
    for id in driftlint::checks::registry().iter().map(|r| r.id()) {
        assert!(
            index.contains(&format!("| [`{id}`]({id}.md) |")),
            "index lacks {id}"
        );
        assert!(wanted[&format!("{id}.md")].contains(&format!("# driftlint: ignore[{id}] reason")));
    }
}
