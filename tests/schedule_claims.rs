//! `doc-trigger-mismatch` on a trigger description in prose: "The `nightly.yml` workflow runs
//! every night" against the workflow's schedule trigger (live, commented out, or absent).

mod common;

use std::path::PathBuf;

use common::{driftlint, json_findings, stdout};

fn repo(name: &str, on: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("driftlint-sched-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    std::fs::write(
        dir.join(".github/workflows/nightly.yml"),
        format!(
            "name: Nightly\non:\n{on}jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("README.md"),
        "# Docs\n\nThe `nightly.yml` workflow runs every night.\n",
    )
    .unwrap();
    dir
}

fn mismatches(dir: &std::path::Path) -> Vec<(String, String, u64)> {
    let out = driftlint(dir, &["check", "--format", "json", "--fail-on", "never"]);
    json_findings(&stdout(&out))
        .into_iter()
        .filter(|(r, _, _)| r == "doc-trigger-mismatch")
        .collect()
}

#[test]
fn commented_out_schedule_contradicts_the_doc() {
    let dir = repo(
        "commented",
        "  # schedule:\n  #   - cron: '0 3 * * *'\n  workflow_dispatch:\n",
    );
    assert_eq!(
        mismatches(&dir),
        vec![("doc-trigger-mismatch".into(), "README.md".into(), 3)]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_schedule_contradicts_the_doc() {
    let dir = repo("missing", "  workflow_dispatch:\n");
    assert_eq!(
        mismatches(&dir),
        vec![("doc-trigger-mismatch".into(), "README.md".into(), 3)]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn live_schedule_agrees_with_the_doc() {
    let dir = repo("live", "  schedule:\n    - cron: '0 3 * * *'\n");
    assert_eq!(mismatches(&dir), Vec::new());
    let _ = std::fs::remove_dir_all(&dir);
}
