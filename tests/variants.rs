//! The bundled example's kinds of drift written other ways (fixtures/variants): other
//! environment names and tag schemes, prose, tables and diagrams instead of arrows, triggers
//! disabled other ways than commenting them out. Each variant's DRIFT.md lists every doc-side
//! error or warning `check` must report there (`rule path:line`), and no other.

mod common;

use common::{driftlint, root, stdout};

/// Doc-side errors and warnings as `rule path:line`, sorted.
fn doc_findings(dir: &std::path::Path) -> Vec<String> {
    let out = driftlint(dir, &["check", "--format", "json", "--fail-on", "never"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{}: bad JSON: {e}", dir.display()));
    let mut found: Vec<String> = v["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no findings array", dir.display()))
        .iter()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("doc-")))
        .filter(|f| matches!(f["severity"].as_str(), Some("error" | "warning")))
        .map(|f| {
            format!(
                "{} {}:{}",
                f["rule"].as_str().unwrap_or_default(),
                f["path"].as_str().unwrap_or_default(),
                f["line"].as_u64().unwrap_or_default()
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_variant_finds_its_drift_and_nothing_else() {
    let base = root().join("fixtures").join("variants");
    let mut dirs: Vec<_> = std::fs::read_dir(&base)
        .unwrap_or_else(|e| panic!("{}: {e}", base.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "expected at least 20 variants");
    let mut failures = Vec::new();
    for dir in &dirs {
        let listed = std::fs::read_to_string(dir.join("DRIFT.md"))
            .unwrap_or_else(|e| panic!("{}/DRIFT.md: {e}", dir.display()));
        let mut want: Vec<String> = listed
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        want.sort();
        assert!(
            !want.is_empty(),
            "{}: DRIFT.md lists nothing",
            dir.display()
        );
        let got = doc_findings(dir);
        if got != want {
            failures.push(format!(
                "{}: want {want:?}, got {got:?}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
