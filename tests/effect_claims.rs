//! doc-effect-mismatch verdicts on its fixtures: every claim of the negative fixture is read and
//! holds (or is unknown where a script could do it); the positive fixture's claims are violated
//! and name the workflow line that decides.

mod common;

use std::path::Path;

use common::root;
use driftlint::checks::{evaluate_claims, Ctx, Outcome};
use driftlint::repo::Repo;
use driftlint::source::discover;

fn verdicts(side: &str) -> Vec<(u32, Outcome, String, Vec<String>)> {
    let found = discover(&[root().join("fixtures/rules/doc-effect-mismatch").join(side)]);
    let repo = Repo::load(&found.repos[0], Path::new("."));
    let cx = Ctx::new(&repo);
    evaluate_claims(&cx)
        .into_iter()
        .filter(|c| c.rule == "doc-effect-mismatch")
        .map(|c| {
            let related = c
                .related
                .iter()
                .map(|r| format!("{}:{}", r.path.rsplit('/').next().unwrap_or(""), r.line))
                .collect();
            (c.span.start.line, c.outcome, c.actual, related)
        })
        .collect()
}

#[test]
fn negative_fixture_claims_hold_or_are_unknown() {
    let v = verdicts("negative");
    let lines: Vec<u32> = v.iter().map(|(l, ..)| *l).collect();
    // Every claim line of the doc is read (the maintainer section is not).
    assert_eq!(
        lines,
        [7, 8, 9, 10, 11, 15, 16, 17, 18, 22, 24, 26, 31, 32, 36],
        "{v:#?}"
    );
    for (line, outcome, actual, _) in &v {
        let want = if *line == 36 {
            Outcome::Unknown
        } else {
            Outcome::Holds
        };
        assert_eq!(*outcome, want, "line {line}: {actual}");
    }
    // The email claim is unknown because of the script, and says so.
    assert!(v
        .iter()
        .any(|(l, _, a, _)| *l == 36 && a.contains("notify-chat.sh")));
}

#[test]
fn positive_fixture_violations_name_the_workflow_side() {
    let v = verdicts("positive");
    let violated: Vec<&(u32, Outcome, String, Vec<String>)> = v
        .iter()
        .filter(|(_, o, ..)| *o == Outcome::Violated)
        .collect();
    assert_eq!(violated.len(), 13, "{v:#?}");
    for (line, _, actual, related) in &violated {
        assert!(
            related.iter().any(|r| r.starts_with("ship.yml:")),
            "line {line} names no workflow line: {actual} {related:?}"
        );
    }
    let at = |line: u32| {
        v.iter()
            .find(|(l, ..)| *l == line)
            .map(|(_, _, a, r)| (a.as_str(), r.clone()))
            .unwrap_or_default()
    };
    // What happens instead, and where.
    assert!(at(8).0.contains("ghcr.io"));
    assert!(at(9).0.contains("commented out"));
    assert_eq!(at(9).1, ["ship.yml:23", "ship.yml:3"]);
    assert!(at(11).0.contains("only on failure"));
    assert!(at(16).0.contains("automation/docs"));
    assert!(at(24).0.contains("trunk"));
    // The job list: `image` exists, `smoke` does not.
    assert!(v.iter().any(|(l, o, ..)| *l == 31 && *o == Outcome::Holds));
}
