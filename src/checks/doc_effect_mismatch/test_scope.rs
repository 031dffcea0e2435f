//! "Runs the full test suite" against test commands that each run part of it: `go test
//! -short`, `cargo test --lib`, `pytest -m "not slow"`, `jest --onlyChanged`. When every test
//! run the claim can mean leaves tests out, the claim of a full run is violated; one plain run
//! (or a script, `make` target or action whose flags are not visible) holds or is unknown.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;


use super::{short_list, workflow_label, Model};
use crate::checks::claims::{ClaimCheck, Outcome};

/// Flags that run a subset of the tests. Not `--shard`/`--partition`: the shards of a matrix
/// together are the full suite.
static NARROWING: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r#"(?:^|\s)(-short\b|--lib\b|--bins?\b|--doc\b|-k\s|-m\s+["']?not\b|--testPathPattern\b|--testNamePattern\b|--onlyChanged\b|--changedSince\b|--changed\b|--skip\b|--exclude\b|--ignore\b|--deselect\b|--grep\b|-run\s)"#,
    )
});

/// The flag that narrows a command line, if any.
fn narrowing(line: &str) -> Option<String> {
    NARROWING
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
}

pub(super) fn full_tests(
    m: &Model,
    tied: Option<usize>,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let scope = tied.map_or_else(|| m.all(), |w| m.scope(w));
    let runs: Vec<(usize, &crate::workflow::effects::model::StepEffect)> = scope
        .iter()
        .flat_map(|&i| m.effects[i].live("test").map(move |e| (i, e)))
        // Coverage uploads and other test actions are not runs of the suite.
        .filter(|(_, e)| e.line.is_some() || !e.via.contains('/'))
        .collect();
    if runs.is_empty() {
        // No visible test run: the plain "runs tests" claim speaks to that.
        return None;
    }
    let check = check("Full test suite");
    if let Some((i, e)) = runs.iter().find(|(_, e)| narrowing(&e.via).is_none()) {
        return Some(
            check
                .verdict(
                    Outcome::Holds,
                    format!("{} runs `{}`", workflow_label(m.wf(*i)), e.via.trim()),
                    "",
                )
                .related(&m.wf(*i).file, e.span, "test run"),
        );
    }
    if let Some((i, o)) = scope
        .iter()
        .find_map(|&i| m.effects[i].opaque_for("test").next().map(|o| (i, o)))
    {
        return Some(
            check
                .verdict(
                    Outcome::Unknown,
                    format!("`{}` may run the rest; its content is not in the workflow", o.what),
                    "",
                )
                .related(&m.wf(i).file, o.span, "step whose effects are not visible"),
        );
    }
    let (i, e) = runs[0];
    let flags: Vec<String> = runs.iter().filter_map(|(_, e)| narrowing(&e.via)).collect();
    let mut ch = check
        .verdict(
            Outcome::Violated,
            format!(
                "{} runs `{}` ({}:{}): {} leaves tests out, and no step runs the whole suite",
                workflow_label(m.wf(i)),
                e.via.trim(),
                m.wf(i).file.path,
                e.span.start.line,
                short_list(&flags, 3)
            ),
            "the tests left out (long, integration or slow ones) never run here",
        )
        .related(&m.wf(i).file, e.span, "the test command");
    for (j, e2) in runs.iter().skip(1).take(2) {
        ch = ch.related(&m.wf(*j).file, e2.span, "the test command");
    }
    Some(ch)
}

#[cfg(test)]
mod tests {
    use super::narrowing;

    #[test]
    fn narrowing_flags() {
        assert_eq!(narrowing("go test -short ./... ").as_deref(), Some("-short"));
        assert_eq!(narrowing("cargo test --lib ").as_deref(), Some("--lib"));
        assert_eq!(
            narrowing("pytest -m \"not slow\" ").as_deref(),
            Some("-m \"not")
        );
        assert_eq!(narrowing("go test -race ./... "), None);
        assert_eq!(narrowing("npx jest --shard=1/3 "), None);
        assert_eq!(narrowing("pytest -v tests/ "), None);
    }
}
