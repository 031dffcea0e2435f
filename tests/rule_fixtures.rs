//! Every rule fixture under fixtures/rules/<rule>/{positive,negative} produces exactly the
//! findings its EXPECTED.md lists (for the rules this build registers).

mod common;

use std::collections::BTreeSet;

use common::{driftlint, json_findings, root, stdout};

fn expected(dir: &std::path::Path, registered: &BTreeSet<String>) -> Vec<(String, String, u64)> {
    let text = std::fs::read_to_string(dir.join("EXPECTED.md")).unwrap_or_default();
    let mut out: Vec<(String, String, u64)> = text
        .lines()
        .filter_map(|l| {
            let (rule, loc) = l.trim().split_once(' ')?;
            let (path, line) = loc.trim().rsplit_once(':')?;
            Some((rule.to_string(), path.to_string(), line.parse().ok()?))
        })
        .filter(|(rule, _, _)| registered.contains(rule))
        .collect();
    out.sort();
    out
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
