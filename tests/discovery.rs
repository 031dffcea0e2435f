//! Discovery: nested repositories inside a plain directory are analysed on their own, and a
//! repository scan skips repositories nested inside it.

mod common;

use common::{driftlint, is_security, json_findings, root, stdout};

#[test]
fn nested_repositories_of_a_plain_directory_are_separate() {
    // Both fixtures define `deploy.yml`; mixing them would resolve one's commands against the
    // other's workflow. Separately, only the positive side has findings.
    let out = driftlint(
        &root(),
        &[
            "check",
            "fixtures/rules/doc-unknown-input",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    let mut found = json_findings(&stdout(&out));
    found.retain(|f| !is_security(&f.0));
    let doc = "fixtures/rules/doc-unknown-input/positive/docs/DEPLOYING.md".to_string();
    let running = "fixtures/rules/doc-unknown-input/positive/docs/RUNNING.md".to_string();
    let by_hand = "fixtures/rules/doc-unknown-input/positive/docs/BY-HAND.md".to_string();
    let want = vec![
        ("doc-unknown-input".to_string(), by_hand, 4),
        ("doc-unknown-input".to_string(), doc.clone(), 6),
        ("doc-unknown-input".to_string(), doc.clone(), 7),
        ("doc-unknown-input".to_string(), doc, 8),
        ("doc-unknown-input".to_string(), running.clone(), 7),
        ("doc-unknown-input".to_string(), running.clone(), 13),
        ("doc-unknown-input".to_string(), running, 20),
    ];
    assert_eq!(found, want);
}

#[test]
fn repository_scan_skips_nested_repositories() {
    // This repository has fixtures with their own .github/workflows: none of their files count.
    let out = driftlint(&root(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json_findings(&stdout(&out)), Vec::new());
}
