//! `doc-unknown-workflow` on names: "the `x` workflow" / "the `y` job" must name a workflow
//! (by `name:` or file stem) or a job (by id or `name:`) that exists.

mod common;

use common::{driftlint, stdout};

#[test]
fn workflow_and_job_names_in_docs_are_checked() {
    let dir = std::env::temp_dir().join(format!("driftlint-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    std::fs::write(
        dir.join(".github/workflows/nightly.yml"),
        "name: Nightly Build\non: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("README.md"),
        "# Docs\n\nRun the `nightly` workflow or the `Nightly Build` workflow.\nThe `build` job compiles.\nThe `nighty` workflow is old.\nThe `deploy-prod` job ships.\n\n```\nthe `ignored` workflow in code\n```\n",
    )
    .unwrap();
    let out = driftlint(&dir, &["check", "--format", "json", "--fail-on", "never"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<(u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "doc-unknown-workflow")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 5);
    assert!(
        found[0]
            .1
            .contains("no workflow named `nighty` in .github/workflows; did you mean `nightly`?"),
        "{}",
        found[0].1
    );
    assert_eq!(found[1].0, 6);
    assert!(
        found[1].1.contains("no job named `deploy-prod`"),
        "{}",
        found[1].1
    );
    let _ = std::fs::remove_dir_all(&dir);
}
