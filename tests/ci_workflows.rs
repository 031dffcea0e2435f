//! The repository's own CI workflow and the example workflows in docs/ci.md pass every
//! driftlint rule, pin every action to a full commit SHA and keep no token in `.git/config`;
//! `driftlint check .` is clean on this repository, and docs/releasing.md is one of the docs it
//! holds to the workflows.

mod scratch;

use std::path::PathBuf;

use driftlint::yaml::{load_str, Node};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every step of every job of a workflow.
fn steps(workflow: &Node) -> Vec<&Node> {
    workflow
        .get("jobs")
        .and_then(Node::as_map)
        .unwrap_or_default()
        .iter()
        .flat_map(|job| {
            job.value
                .get("steps")
                .and_then(Node::as_seq)
                .unwrap_or_default()
        })
        .collect()
}

/// Actions are local (`./…`) or pinned to a 40-hex commit; checkouts drop the token.
fn assert_pinned_and_credential_free(name: &str, text: &str) -> Node {
    let doc = load_str(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let workflow = doc.root.unwrap_or_else(|| panic!("{name} is empty"));
    let steps = steps(&workflow);
    assert!(!steps.is_empty(), "{name} has no steps");
    for step in steps {
        let Some(uses) = step.get("uses").and_then(Node::as_str) else {
            continue;
        };
        if uses.starts_with("./") || uses == "." {
            continue;
        }
        let sha = uses.rsplit_once('@').map_or("", |(_, r)| r);
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name}: `{uses}` is not pinned to a commit"
        );
        if uses.starts_with("actions/checkout@") {
            let persist = step
                .get("with")
                .and_then(|w| w.get("persist-credentials"))
                .and_then(Node::as_bool);
            assert_eq!(persist, Some(false), "{name}: checkout keeps credentials");
        }
    }
    workflow
}

/// (rule, path, line) of every finding in `driftlint check --format json` output.
fn findings(out: &std::process::Output) -> Vec<(String, String, u64)> {
    let text = scratch::stdout(out);
    let doc: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", scratch::stderr(out)));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn repository_passes_its_own_check() {
    let out = scratch::run_in(
        &root(),
        &["check", ".", "--format", "json", "--fail-on", "note"],
    );
    assert_eq!(findings(&out), vec![], "{}", scratch::stderr(&out));
    assert_eq!(out.status.code(), Some(0));
    // It did read the CI workflow and the release doc.
    let out = scratch::run_in(&root(), &["check", ".", "--verbose", "--fail-on", "never"]);
    let listed = scratch::stderr(&out);
    for file in [
        ".github/workflows/ci.yml",
        "docs/releasing.md",
        "docs/ci.md",
        "README.md",
    ] {
        assert!(listed.contains(file), "{file} not read:\n{listed}");
    }
}

#[test]
fn own_ci_runs_the_gate_and_the_action_on_itself() {
    let text = read(".github/workflows/ci.yml");
    let workflow = assert_pinned_and_credential_free("ci.yml", &text);
    let steps = steps(&workflow);
    let run = |cmd: &str| {
        steps
            .iter()
            .any(|s| s.get("run").and_then(Node::as_str) == Some(cmd))
    };
    assert!(run(".ci/run"), "ci.yml does not run .ci/run");
    let action = steps
        .iter()
        .find(|s| s.get("uses").and_then(Node::as_str) == Some("./"))
        .expect("ci.yml runs the action with `uses: ./`");
    let with = action.get("with").unwrap();
    assert_eq!(
        with.get("fail-on").and_then(Node::as_str),
        Some("note"),
        "the repository is held to every finding"
    );
    assert!(text.contains("github/codeql-action/upload-sarif@"));
    // The gate also builds the wheel and runs pre-commit through it.
    assert!(read(".ci/run").contains(".ci/wheel"));
}

/// Each workflow in docs/ci.md, with the action it uses at `tools/driftlint`, is clean under
/// every rule and every severity.
#[test]
fn ci_doc_examples_pass_every_rule() {
    let doc = read("docs/ci.md");
    let examples: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .filter_map(|block| block.split("```\n").next())
        .filter(|block| block.contains("\njobs:\n"))
        .collect();
    assert!(!examples.is_empty(), "docs/ci.md has no workflow");
    let repo = scratch::Scratch::new("ci-doc-examples");
    repo.write("tools/driftlint/action.yml", &read("action.yml"));
    for (i, example) in examples.iter().enumerate() {
        let name = format!("example-{i}.yml");
        let workflow = assert_pinned_and_credential_free(&name, example);
        let uses: Vec<&str> = steps(&workflow)
            .iter()
            .filter_map(|s| s.get("uses").and_then(Node::as_str))
            .collect();
        assert!(uses.contains(&"./tools/driftlint"), "{name}: {uses:?}");
        repo.write(&format!(".github/workflows/{name}"), example);
    }
    let out = repo.run(&["check", "--format", "json", "--fail-on", "note"]);
    assert_eq!(findings(&out), vec![], "{}", scratch::stderr(&out));
    assert_eq!(out.status.code(), Some(0));
}

/// docs/releasing.md describes ci.yml's triggers: change them and driftlint points at the doc.
#[test]
fn releasing_doc_is_held_to_the_ci_workflow() {
    let repo = scratch::Scratch::new("releasing-doc");
    repo.write("docs/releasing.md", &read("docs/releasing.md"));
    let ci = read(".github/workflows/ci.yml");
    repo.write(".github/workflows/ci.yml", &ci);
    let out = repo.run(&["check", "--format", "json", "--fail-on", "note"]);
    assert_eq!(findings(&out), vec![], "{}", scratch::stderr(&out));
    // CI no longer runs on pull requests.
    assert!(ci.contains("\n  pull_request:\n"));
    repo.write(
        ".github/workflows/ci.yml",
        &ci.replace("\n  pull_request:\n", "\n  workflow_dispatch:\n"),
    );
    let out = repo.run(&["check", "--format", "json", "--fail-on", "note"]);
    let line = read("docs/releasing.md")
        .lines()
        .position(|l| l.starts_with("| `ci.yml` |"))
        .map(|i| i as u64 + 1)
        .unwrap();
    assert_eq!(
        findings(&out),
        vec![(
            "doc-trigger-mismatch".to_string(),
            "docs/releasing.md".to_string(),
            line
        )]
    );
}
