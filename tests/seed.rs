//! The bundled example: exact findings on fixtures/seed.

mod common;

use common::{assert_expected, driftlint, json_findings, root, stdout};

#[test]
fn seed_check_json_is_exact() {
    let out = driftlint(&root(), &["check", "fixtures/seed", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_expected(
        &stdout(&out),
        &root().join("tests/expected/seed-check.json"),
    );
}

#[test]
fn seed_release_workflow_findings_point_at_the_right_lines() {
    let out = driftlint(&root(), &["check", "fixtures/seed", "--format", "json"]);
    let found = json_findings(&stdout(&out));
    let release = "fixtures/seed/.github/workflows/release.yml".to_string();
    assert!(
        found.contains(&("disabled-trigger".into(), release.clone(), 5)),
        "{found:?}"
    );
    assert!(
        found.contains(&("manual-only".into(), release, 3)),
        "{found:?}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    for format in ["human", "json", "sarif", "github", "markdown"] {
        let a = driftlint(&root(), &["check", "fixtures/seed", "--format", format]);
        let b = driftlint(&root(), &["check", "fixtures/seed", "--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
        assert!(!a.stdout.is_empty(), "{format} printed nothing");
    }
}
