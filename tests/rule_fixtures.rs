//! Every rule fixture under fixtures/rules/<rule>/{positive,negative} produces exactly the
//! findings its EXPECTED.md lists (for the rules this build registers).

mod common;

use std::collections::BTreeSet;

use common::{driftlint, json_findings, root, stdout};

/// The findings a fixture's EXPECTED.md lists: one `rule path:line` per line, or the single
/// word `none`. Any other line fails the test instead of being dropped.
fn expected(dir: &std::path::Path, registered: &BTreeSet<String>) -> Vec<(String, String, u64)> {
    let file = dir.join("EXPECTED.md");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut out: Vec<(String, String, u64)> = Vec::new();
    for (n, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.is_empty() || l == "none" {
            continue;
        }
        let parsed = parse_line(l);
        let Some((rule, path, line)) = parsed else {
            panic!(
                "{}:{}: cannot parse `{l}` (want `rule path:line` or `none`)",
                file.display(),
                n + 1
            );
        };
        assert!(
            registered.contains(&rule),
            "{}:{}: `{rule}` is no registered rule",
            file.display(),
            n + 1
        );
        out.push((rule, path, line));
    }
    out.sort();
    out
}

fn parse_line(l: &str) -> Option<(String, String, u64)> {
    let (rule, loc) = l.split_once(' ')?;
    let (path, line) = loc.trim().rsplit_once(':')?;
    Some((rule.to_string(), path.to_string(), line.parse().ok()?))
}

#[test]
fn rule_fixtures_match_expected() {
    let registered: BTreeSet<String> = driftlint::checks::registry()
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let base = root().join("fixtures").join("rules");
    let mut checked = 0;
    let mut failures = Vec::new();
    for rule in &registered {
        for side in ["positive", "negative"] {
            let dir = base.join(rule).join(side);
            assert!(
                dir.is_dir(),
                "rule {rule} has no {side} fixture at {}",
                dir.display()
            );
            if rule == "shellcheck" && !shellcheck_installed() {
                // Its findings come from ShellCheck; `shellcheck_absent_is_said_once` covers
                // this machine.
                eprintln!("shellcheck not on PATH: {rule}/{side} fixture not compared");
                checked += 1;
                continue;
            }
            if rule == "shellcheck" {
                // Which codes ShellCheck reports, and on which lines, changes between its
                // versions: the exact lines are compared only with the version they were
                // recorded with; `shellcheck_pinned_codes` checks any version.
                let version = shellcheck_version();
                if version.as_deref() != Some(SHELLCHECK_RECORDED) {
                    eprintln!(
                        "ShellCheck {} here, the fixture lines were recorded with {SHELLCHECK_RECORDED}: {rule}/{side} exact lines not compared (shellcheck_pinned_codes checks the pinned codes)",
                        version.as_deref().unwrap_or("of unknown version")
                    );
                    checked += 1;
                    continue;
                }
            }
            let out = driftlint(&dir, &["check", "--format", "json", "--fail-on", "never"]);
            let actual: Vec<_> = json_findings(&stdout(&out))
                .into_iter()
                .filter(|(r, _, _)| registered.contains(r))
                .collect();
            let want = expected(&dir, &registered);
            if side == "positive" {
                assert!(
                    want.iter().any(|(r, _, _)| r == rule),
                    "{rule}/positive EXPECTED.md lists no {rule} finding"
                );
            }
            if actual != want {
                failures.push(format!(
                    "{rule}/{side}:\n  expected {want:?}\n  actual   {actual:?}"
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, registered.len() * 2);
}

/// The ShellCheck version the shellcheck fixtures' EXPECTED.md lines were recorded with
/// (Debian's package).
const SHELLCHECK_RECORDED: &str = "0.9.0";

/// Findings of fixtures/rules/shellcheck asserted with any ShellCheck version: (side, line,
/// code present or not). These checks have been in ShellCheck for many releases; parser
/// errors and newer codes (SC2283 on line 8) are left to the exact comparison.
const SHELLCHECK_PINNED: &[(&str, u64, &str, bool)] = &[
    ("positive", 8, "SC2046", true),
    ("positive", 14, "SC2164", true),
    ("positive", 21, "SC2086", true),
    // A folded (`>-`) script: the line of the variable, not the script's first line (27).
    ("positive", 29, "SC2086", true),
    ("positive", 28, "SC2086", false),
    // `bash -e`/`sh -e`: a failing `cd` already stops the script.
    ("negative", 23, "SC2164", false),
    ("negative", 24, "SC2164", false),
];

/// `version: X` of `shellcheck --version`.
fn shellcheck_version() -> Option<String> {
    let out = std::process::Command::new("shellcheck")
        .arg("--version")
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("version:"))
        .map(|v| v.trim().to_string())
}

#[test]
fn shellcheck_pinned_codes() {
    if !shellcheck_installed() {
        eprintln!("shellcheck not on PATH: shellcheck_pinned_codes skipped");
        return;
    }
    for side in ["positive", "negative"] {
        let dir = root().join("fixtures/rules/shellcheck").join(side);
        let out = driftlint(&dir, &["check", "--format", "json", "--fail-on", "never"]);
        let doc: serde_json::Value =
            serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{side}: {e}"));
        let found: Vec<(u64, String)> = doc["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["rule"] == "shellcheck")
            .map(|f| {
                let line = f["line"].as_u64().unwrap_or(0);
                (line, f["message"].as_str().unwrap_or("").to_string())
            })
            .collect();
        for (pin_side, line, code, present) in SHELLCHECK_PINNED {
            if *pin_side != side {
                continue;
            }
            let hit = found
                .iter()
                .any(|(l, m)| l == line && m.starts_with(&format!("ShellCheck {code} ")));
            assert_eq!(
                hit,
                *present,
                "shellcheck/{side}: {code} on line {line} expected {}; findings: {found:?}",
                if *present { "present" } else { "absent" }
            );
        }
    }
}

fn shellcheck_installed() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("shellcheck").is_file()))
}

/// Without ShellCheck the opt-in rule reports one note and nothing else.
#[test]
fn shellcheck_absent_is_said_once() {
    let dir = root().join("fixtures/rules/shellcheck/positive");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_driftlint"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .current_dir(&dir)
        .env("DRIFTLINT_SHELLCHECK", dir.join("no-such-program"))
        .output()
        .unwrap_or_else(|e| panic!("driftlint: {e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    let findings: Vec<_> = json_findings(&text)
        .into_iter()
        .filter(|(r, _, _)| r == "shellcheck")
        .collect();
    assert_eq!(
        findings,
        vec![(
            "shellcheck".to_string(),
            ".github/workflows/ci.yml".to_string(),
            8
        )]
    );
    assert!(text.contains("is not on PATH"), "{text}");
}
