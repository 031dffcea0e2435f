//! Inline suppressions end to end: every placement, rejected forms, unused entries.

mod common;
mod scratch;

use common::copy_dir;
use scratch::{loc, locations, rows, stderr, Scratch, RELEASE, RELEASE_PATH};

/// RELEASE with `edit` applied, checked; (rule, path, line) of what is left.
fn check_release(name: &str, edit: &dyn Fn(&str) -> String) -> Vec<(String, String, u64)> {
    let repo = Scratch::new(name);
    repo.write(RELEASE_PATH, &edit(RELEASE));
    let out = repo.run(&["check", "--format", "json", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    locations(&out)
}

#[test]
fn every_placement_suppresses_exactly_its_finding() {
    let manual = loc("manual-only", RELEASE_PATH, 3);
    let disabled = |line| loc("disabled-trigger", RELEASE_PATH, line);
    type Edit = fn(&str) -> String;
    type Location = (String, String, u64);
    let cases: Vec<(&str, Edit, Vec<Location>)> = vec![
        ("none", |t| t.to_string(), vec![manual.clone(), disabled(4)]),
        (
            "end of the flagged line",
            |t| {
                t.replace(
                    "on:\n",
                    "on:  # driftlint: ignore[manual-only] manual by design\n",
                )
            },
            vec![disabled(4)],
        ),
        (
            "alone on the line above",
            |t| t.replace("on:\n", "# driftlint: ignore[manual-only]\non:\n"),
            vec![disabled(5)],
        ),
        (
            "above a commented-out trigger",
            |t| {
                t.replace(
                    "  # push:\n",
                    "  # driftlint: ignore[disabled-trigger]\n  # push:\n",
                )
            },
            vec![manual.clone()],
        ),
        (
            "end of a commented-out trigger line",
            |t| {
                t.replace(
                    "  # push:\n",
                    "  # push:  # driftlint: ignore[disabled-trigger]\n",
                )
            },
            vec![manual.clone()],
        ),
        (
            "two ids in one comment",
            |t| {
                t.replace(
                    "on:\n",
                    "on:  # driftlint: ignore[disabled-trigger, manual-only]\n",
                )
                .replace(
                    "  # push:\n",
                    "  # push:  # driftlint: ignore[disabled-trigger]\n",
                )
            },
            // `disabled-trigger` on line 3 covers nothing there: an unused-ignore note.
            vec![loc("unused-ignore", RELEASE_PATH, 3)],
        ),
        (
            "stacked lines above",
            |t| {
                t.replace(
                    "on:\n",
                    "# driftlint: ignore[manual-only]\n# driftlint: ignore[duplicate-key]\non:\n",
                )
            },
            vec![loc("unused-ignore", RELEASE_PATH, 4), disabled(6)],
        ),
        (
            "two lines above does not reach",
            |t| t.replace("on:\n", "# driftlint: ignore[manual-only]\n\non:\n"),
            vec![
                loc("unused-ignore", RELEASE_PATH, 3),
                loc("manual-only", RELEASE_PATH, 5),
                disabled(6),
            ],
        ),
    ];
    for (i, (name, edit, want)) in cases.into_iter().enumerate() {
        assert_eq!(
            check_release(&format!("sup-place-{i}"), &edit),
            want,
            "{name}"
        );
    }
}

#[test]
fn bare_ignore_is_rejected_and_suppresses_nothing() {
    let repo = Scratch::new("sup-bare");
    repo.write(
        RELEASE_PATH,
        &RELEASE.replace("on:\n", "on:  # driftlint: ignore\n"),
    );
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let got = rows(&out);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].3),
        ("manual-only", 3),
        "the bare comment does not suppress"
    );
    assert_eq!(
        got[1],
        (
            "invalid-ignore".to_string(),
            "warning".to_string(),
            RELEASE_PATH.to_string(),
            3,
            "`driftlint: ignore` without rule ids would hide every rule; name them: \
             `driftlint: ignore[rule-id]`"
                .to_string()
        )
    );
    assert_eq!((got[2].0.as_str(), got[2].3), ("disabled-trigger", 4));
}

#[test]
fn unknown_id_is_rejected_with_the_closest_known_id() {
    let repo = Scratch::new("sup-unknown");
    repo.write(
        RELEASE_PATH,
        &RELEASE.replace(
            "  # push:\n",
            "  # driftlint: ignore[disabled-triger]\n  # push:\n",
        ),
    );
    let out = repo.run(&["check", "--format", "json"]);
    let got = rows(&out);
    assert_eq!(
        got.iter()
            .map(|r| (r.0.as_str(), r.3, r.4.as_str()))
            .filter(|r| r.0 != "manual-only")
            .collect::<Vec<_>>(),
        vec![
            (
                "invalid-ignore",
                4,
                "unknown rule `disabled-triger` in ignore comment; did you mean `disabled-trigger`?"
            ),
            (
                "disabled-trigger",
                5,
                "trigger `push` is commented out (lines 5-6): push tags v* no longer starts Release"
            ),
        ]
    );
}

#[test]
fn unused_entry_is_a_note_that_does_not_fail_the_check() {
    let repo = Scratch::new("sup-unused");
    repo.write(
        RELEASE_PATH,
        &RELEASE
            .replace("on:\n", "on:  # driftlint: ignore[manual-only]\n")
            .replace(
                "  # push:\n",
                "  # push:  # driftlint: ignore[disabled-trigger]\n",
            )
            .replace(
                "    runs-on: ubuntu-latest\n",
                "    runs-on: ubuntu-latest  # driftlint: ignore[duplicate-key]\n",
            ),
    );
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "notes stay below --fail-on warning"
    );
    assert_eq!(
        rows(&out),
        vec![(
            "unused-ignore".to_string(),
            "note".to_string(),
            RELEASE_PATH.to_string(),
            10,
            "`ignore[duplicate-key]` suppresses nothing: no duplicate-key finding on line 10"
                .to_string()
        )]
    );
    let out = repo.run(&["check", "--format", "json", "--fail-on", "note"]);
    assert_eq!(out.status.code(), Some(1));

    // Entries for a rule the config turns off are not judged; unused-ignore can be turned off.
    for config in [
        "rules:\n  duplicate-key:\n    enabled: false\n",
        "rules:\n  unused-ignore:\n    enabled: false\n",
    ] {
        repo.write(".driftlint.yml", config);
        let out = repo.run(&["check", "--format", "json"]);
        assert_eq!(rows(&out), vec![], "{config}");
    }
}

#[test]
fn markdown_comment_covers_the_next_block() {
    let repo = Scratch::new("sup-markdown");
    // invalid-ignore is the rule that reports on markdown in every build; the comment on
    // line 3 covers the paragraph of lines 5-6, not line 8.
    let doc = "# Releasing\n\n<!-- driftlint: ignore[invalid-ignore] -->\n\nFirst <!-- driftlint: ignore[nope] -->\nsecond <!-- driftlint: ignore -->\n\nThird <!-- driftlint: ignore -->\n\n```markdown\n<!-- driftlint: ignore -->\n```\n";
    repo.write("docs/RELEASING.md", doc);
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(
        locations(&out),
        vec![loc("invalid-ignore", "docs/RELEASING.md", 8)]
    );
}

#[test]
fn suppressions_apply_when_single_files_are_checked() {
    let repo = Scratch::new("sup-only");
    repo.write(
        RELEASE_PATH,
        &RELEASE.replace("on:\n", "on:  # driftlint: ignore[manual-only]\n"),
    );
    let out = repo.run(&["check", "--format", "json", RELEASE_PATH]);
    assert_eq!(
        locations(&out),
        vec![loc("disabled-trigger", RELEASE_PATH, 4)]
    );
}

/// Tens of thousands of directives and findings: exact results (speed is the benchmark's job).
#[test]
fn many_directives() {
    let repo = Scratch::new("sup-many");
    let n = 20_000;
    // The keys sit under `env:`, where any name is valid (only their repetition is wrong).
    let mut workflow = String::from("on: push\njobs: {}\nenv:\n");
    let mut doc = String::new();
    for i in 0..n {
        workflow.push_str(&format!(
            "  k{}: 1  # driftlint: ignore[duplicate-key]\n",
            i % 2
        ));
        // Each standalone comment covers the rest of the (blank-free) doc.
        doc.push_str(
            "<!-- driftlint: ignore[invalid-ignore] -->\ntext <!-- driftlint: ignore[nope] -->\n",
        );
    }
    repo.write(".github/workflows/w.yml", &workflow);
    repo.write("docs/a.md", &doc);
    let out = repo.run(&["check", "--format", "json"]);
    // Every duplicate key (lines 6..) is suppressed; the first `k0`/`k1` lines have nothing
    // to suppress.
    assert_eq!(
        locations(&out),
        vec![
            loc("unused-ignore", ".github/workflows/w.yml", 4),
            loc("unused-ignore", ".github/workflows/w.yml", 5)
        ]
    );
}

/// Doc rules on the seed's RELEASING.md: a comment above a paragraph, a code block and a table
/// silences exactly the findings in that block.
#[test]
fn markdown_comments_silence_doc_rules_by_block() {
    let repo = Scratch::new("sup-seed");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed"),
        &repo.dir,
    );
    let doc_findings = |repo: &Scratch| -> Vec<(String, u64)> {
        let out = repo.run(&["check", "--format", "json", "--fail-on", "never"]);
        locations(&out)
            .into_iter()
            .filter(|(_, p, _)| p == "docs/RELEASING.md")
            .map(|(r, _, l)| (r, l))
            .collect()
    };
    let before = doc_findings(&repo);
    let at = |lines: &[u64]| -> Vec<(String, u64)> {
        before
            .iter()
            .filter(|(_, l)| lines.contains(l))
            .cloned()
            .collect()
    };
    assert_eq!(at(&[30, 31, 32, 37, 38, 39]).len(), 6, "{before:?}");
    let text = repo.read("docs/RELEASING.md");
    let mut lines: Vec<&str> = text.lines().collect();
    // Above the table (line 35) and above the code block (line 29); later first.
    lines.insert(
        34,
        "<!-- driftlint: ignore[doc-route-mismatch] tables are aspirational -->",
    );
    lines.insert(28, "<!-- driftlint: ignore[doc-route-mismatch] -->");
    repo.write("docs/RELEASING.md", &(lines.join("\n") + "\n"));
    let after = doc_findings(&repo);
    // Everything else is still reported, two lines further down past each comment.
    let shifted: Vec<(String, u64)> = before
        .iter()
        .filter(|(r, l)| !(r == "doc-route-mismatch" && [30, 31, 32, 37, 38, 39].contains(l)))
        .map(|(r, l)| {
            (
                r.clone(),
                if *l > 34 {
                    l + 2
                } else if *l > 28 {
                    l + 1
                } else {
                    *l
                },
            )
        })
        .collect();
    assert_eq!(after, shifted);
    assert_eq!(after.len(), before.len() - 6);
    assert!(
        after.iter().all(|(r, _)| r != "doc-route-mismatch"),
        "{after:?}"
    );
}
