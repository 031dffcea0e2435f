//! doc-effect-mismatch verdicts on its fixtures: every claim of the negative fixture is read and
//! holds (or is unknown where a script could do it); the positive fixture's claims are violated
//! and name the workflow line that decides.

mod common;

use std::path::Path;

use common::root;
use driftlint::checks::{evaluate_claims, Ctx, Outcome};
use driftlint::repo::Repo;
use driftlint::source::discover;

/// Verdicts of the claims of one doc of a fixture.
fn verdicts_of(side: &str, doc: &str) -> Vec<(u32, Outcome, String, Vec<String>)> {
    let found = discover(&[root().join("fixtures/rules/doc-effect-mismatch").join(side)]);
    let repo = Repo::load(&found.repos[0], Path::new("."));
    let cx = Ctx::new(&repo);
    evaluate_claims(&cx)
        .into_iter()
        .filter(|c| c.rule == "doc-effect-mismatch" && c.doc.ends_with(doc))
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

fn verdicts(side: &str) -> Vec<(u32, Outcome, String, Vec<String>)> {
    verdicts_of(side, "SHIPPING.md")
}

#[test]
fn negative_fixture_claims_hold_or_are_unknown() {
    let v = verdicts("negative");
    let lines: Vec<u32> = v.iter().map(|(l, ..)| *l).collect();
    // Every claim line of the doc is read (the maintainer section is not); line 7 claims
    // tests and the complete suite.
    assert_eq!(
        lines,
        [7, 7, 8, 9, 10, 11, 15, 16, 17, 18, 22, 24, 26, 31, 32, 36],
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

/// Trusted publishing, the npm dist-tag and draft releases: violated in the positive fixture
/// (naming the step that decides), holding in the negative one.
#[test]
fn publishing_details_are_checked_both_ways() {
    let outcome = |side: &str, line: u32| {
        verdicts_of(side, "PUBLISHING.md")
            .into_iter()
            .filter(|(l, ..)| *l == line)
            .map(|(_, o, a, r)| (o, a, r))
            .collect::<Vec<_>>()
    };
    for (line, word, step) in [
        (7, "token", "publish.yml:14"),
        (8, "`beta`", "publish.yml:23"),
        (9, "--draft", "publish.yml:26"),
    ] {
        let got = outcome("positive", line);
        assert!(
            got.iter().any(|(o, a, r)| *o == Outcome::Violated
                && a.contains(word)
                && r.iter().any(|x| x == step)),
            "line {line}: {got:?}"
        );
        let neg = outcome("negative", line);
        assert!(!neg.is_empty(), "line {line} not read");
        assert!(
            neg.iter().all(|(o, ..)| *o == Outcome::Holds),
            "line {line}: {neg:?}"
        );
    }
}

/// Every verdict of the rule over the shared folders (`corpus/realworld`, `devset`), one line
/// each, and counts per outcome: for hand-checking precision (docs/accuracy.md, "Effects").
/// `cargo test --test effect_claims claims_over_shared -- --ignored --nocapture`.
#[test]
#[ignore]
fn claims_over_shared() {
    let Some(shared) = ["../shared", "../../shared"]
        .iter()
        .map(|r| root().join(r))
        .find(|d| d.join("devset").is_dir())
    else {
        eprintln!("skipping: no ../shared");
        return;
    };
    for set in ["corpus/realworld", "devset"] {
        let mut dirs: Vec<_> = std::fs::read_dir(shared.join(set))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for dir in dirs {
            let found = discover(std::slice::from_ref(&dir));
            for files in &found.repos {
                let repo = Repo::load(files, Path::new("."));
                let cx = Ctx::new(&repo);
                for c in evaluate_claims(&cx)
                    .into_iter()
                    .filter(|c| c.rule == "doc-effect-mismatch")
                {
                    *counts.entry(c.outcome.as_str()).or_default() += 1;
                    let name = dir.file_name().unwrap_or_default().to_string_lossy();
                    let doc = c.doc.rsplit(&*name).next().unwrap_or(&c.doc);
                    println!(
                        "{set} {name}{doc}:{} [{}] {} => {}",
                        c.span.start.line,
                        c.outcome.as_str(),
                        c.quote.chars().take(110).collect::<String>(),
                        c.actual
                    );
                }
            }
        }
        println!("{set}: {counts:?}");
    }
}

/// "can redeploy any earlier release version": violated when the version input only reaches
/// a log line (naming the input and where it ends up), holding when it reaches the deploy
/// command; a person's rollback is no claim.
#[test]
fn a_chosen_version_must_reach_the_deploy() {
    let pos = verdicts_of("positive", "ROLLBACK.md");
    assert_eq!(pos.len(), 1, "{pos:#?}");
    let (line, outcome, actual, related) = &pos[0];
    assert_eq!((*line, *outcome), (5, Outcome::Violated), "{actual}");
    assert!(actual.contains("`version`"), "{actual}");
    assert_eq!(related, &["rollback.yml:5", "rollback.yml:17"]);
    let neg = verdicts_of("negative", "ROLLBACK.md");
    assert_eq!(neg.len(), 1, "{neg:#?}");
    assert_eq!((neg[0].0, neg[0].1), (5, Outcome::Holds), "{}", neg[0].2);
    assert_eq!(neg[0].3, ["rollback.yml:17"]);
}
