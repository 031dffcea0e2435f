//! The bundled example: exact findings on fixtures/seed.

mod common;

use common::{assert_expected, copy_dir, driftlint, json_findings, root, stdout, Scratch};

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

#[test]
fn seed_check_markdown_is_exact() {
    let out = driftlint(&root(), &["check", "fixtures/seed", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1));
    assert_expected(&stdout(&out), &root().join("tests/expected/seed-check.md"));
}

/// A suppressed doc finding leaves the discrepancy table too, not only the findings list.
#[test]
fn suppressed_claim_has_no_discrepancy_row() {
    let scratch = Scratch::new("md-suppress");
    copy_dir(&root().join("fixtures/seed"), &scratch.0);
    let doc = scratch.0.join("docs/RELEASING.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[9],
        "Deployments of an existing tag without a new release go through `deploy.yml`."
    );
    lines.insert(6, "<!-- driftlint: ignore[doc-unknown-workflow] -->");
    std::fs::write(&doc, lines.join("\n") + "\n").unwrap();

    let md = stdout(&driftlint(&scratch.0, &["check", "--format", "markdown"]));
    let json = stdout(&driftlint(&scratch.0, &["check", "--format", "json"]));
    let found = json_findings(&json);
    assert!(
        !found
            .iter()
            .any(|(rule, _, _)| rule == "doc-unknown-workflow"),
        "{found:?}"
    );
    assert!(!md.contains("deploy.yml"), "{md}");
    // The rows of the other claims moved down one line with the doc.
    assert!(
        md.contains("| \"Tag triggers deployment\" (docs/RELEASING.md:9)"),
        "{md}"
    );
    assert!(
        md.starts_with(&format!(
            "### driftlint: {} findings\n\n#### Documentation discrepancies\n",
            found.len()
        )),
        "{md}"
    );
}
