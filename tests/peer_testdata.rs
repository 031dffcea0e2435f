//! Rules that overlap with actionlint, run on actionlint's own test workflows from
//! ../shared/corpus (skipped when the corpus is absent): the lines we flag are compared with
//! the lines of actionlint's expected `.out` messages.

mod common;

use common::{driftlint, json_findings, root, Scratch};

/// Copy one actionlint test workflow into a scratch repository and return the lines our
/// `rule` reports in it, or None when the corpus is missing.
fn lines_of(rule: &str, testdata: &str) -> Option<Vec<u64>> {
    let src = root()
        .join("../shared/corpus/actionlint/testdata")
        .join(testdata);
    let Ok(text) = std::fs::read_to_string(&src) else {
        eprintln!("skipping: {} not found", src.display());
        return None;
    };
    let scratch = Scratch::new("peer");
    let dir = scratch.0.join(".github/workflows");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("test.yaml"), text).unwrap();
    let out = driftlint(
        &scratch.0,
        &["check", "--format", "json", "--fail-on", "never"],
    );
    let json = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        json_findings(&json)
            .into_iter()
            .filter(|(r, _, _)| r == rule)
            .map(|(_, _, line)| line)
            .collect(),
    )
}

#[test]
fn dispatch_input_types_match_actionlint_lines() {
    let Some(mut ours) = lines_of("invalid-input", "err/workflow_dispatch_input_types.yaml") else {
        return;
    };
    ours.sort_unstable();
    ours.dedup();
    // actionlint's .out lists lines 6 8 10 13 18 23 26 27 32 37 42 47 50. Line 10 is its
    // second message about `options: []` (already reported at the input, line 8).
    assert_eq!(ours, [6, 8, 13, 18, 23, 26, 27, 32, 37, 42, 47, 50]);
}
