//! `security:` in `.driftlint.yml` and `check --persona`: what the security rules report, and
//! the confidence field of JSON findings.

mod common;

use common::{driftlint, stdout, Scratch};

/// Two first-party tag pins, one third-party tag pin, a checkout that keeps its token and
/// uploads nothing (a low-confidence finding).
const CI: &str = "name: ci
on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
        with:
          persist-credentials: false
      - uses: some-owner/setup-thing@v2
";

fn findings(dir: &std::path::Path, extra: &[&str]) -> Vec<(String, u64, String, String)> {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = driftlint(dir, &args);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json output");
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            matches!(
                f["rule"].as_str(),
                Some("unpinned-uses" | "credential-persistence")
            )
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["confidence"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn row(rule: &str, line: u64, severity: &str, confidence: &str) -> (String, u64, String, String) {
    (rule.into(), line, severity.into(), confidence.into())
}

#[test]
fn defaults_accept_first_party_tags_and_leave_out_low_confidence() {
    let repo = Scratch::new("security-defaults");
    repo.write(".github/workflows/ci.yml", CI);
    assert_eq!(
        findings(&repo.0, &[]),
        vec![row("unpinned-uses", 12, "warning", "high")]
    );
}

#[test]
fn pedantic_persona_adds_low_confidence_findings() {
    let repo = Scratch::new("security-pedantic");
    repo.write(".github/workflows/ci.yml", CI);
    let want = vec![
        row("credential-persistence", 8, "note", "low"),
        row("unpinned-uses", 12, "warning", "high"),
    ];
    assert_eq!(findings(&repo.0, &["--persona", "pedantic"]), want);
    repo.write(".driftlint.yml", "security:\n  persona: pedantic\n");
    assert_eq!(findings(&repo.0, &[]), want);
    // The command line wins over the config.
    assert_eq!(
        findings(&repo.0, &["--persona", "regular"]),
        vec![row("unpinned-uses", 12, "warning", "high")]
    );
}

#[test]
fn pinning_policy_is_configurable() {
    let repo = Scratch::new("security-pinning");
    repo.write(".github/workflows/ci.yml", CI);
    repo.write(
        ".driftlint.yml",
        "security:\n  pinning:\n    first-party: sha\n",
    );
    assert_eq!(
        findings(&repo.0, &[]),
        vec![
            row("unpinned-uses", 8, "warning", "high"),
            row("unpinned-uses", 9, "warning", "high"),
            row("unpinned-uses", 12, "warning", "high"),
        ]
    );
    repo.write(
        ".driftlint.yml",
        "security:\n  pinning:\n    default: ref\n",
    );
    assert!(findings(&repo.0, &[]).is_empty());
}

#[test]
fn hidden_findings_leave_their_ignore_comments_used() {
    let repo = Scratch::new("security-ignore");
    repo.write(
        ".github/workflows/ci.yml",
        &CI.replace(
            "actions/checkout@v4\n",
            "actions/checkout@v4 # driftlint: ignore[credential-persistence]\n",
        ),
    );
    let out = driftlint(
        &repo.0,
        &["check", "--format", "json", "--fail-on", "never"],
    );
    assert!(!stdout(&out).contains("unused-ignore"), "{}", stdout(&out));
}

#[test]
fn bad_security_settings_are_located_errors() {
    let repo = Scratch::new("security-bad");
    repo.write(".github/workflows/ci.yml", CI);
    repo.write(
        ".driftlint.yml",
        "security:\n  persona: auditor\n  pinning:\n    frist-party: sha\n    default: tag\n",
    );
    let out = driftlint(&repo.0, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`security.persona` must be regular or pedantic at .driftlint.yml:2:12"),
        "{err}"
    );
    assert!(
        err.contains(
            "unknown key `frist-party` at .driftlint.yml:4:5; did you mean `first-party`?"
        ),
        "{err}"
    );
    assert!(
        err.contains("`security.pinning.default` must be ref or sha at .driftlint.yml:5:14"),
        "{err}"
    );
}
