//! The description reader on small documents: exact events, workflow and line.

use super::*;
use crate::docs::{parse_doc, ClaimPatterns};
use crate::source::SourceFile;

static PATTERNS: LazyLock<ClaimPatterns> =
    LazyLock::new(|| ClaimPatterns::builtin().unwrap_or_else(|e| panic!("rules/claims.yml: {e}")));

/// (line, workflow, events, exhaustive) of one description.
type Described = (u32, String, Vec<DescribedEvent>, bool);

/// Every description in `md`.
fn described(md: &str) -> Vec<Described> {
    let file = SourceFile::from_text("docs/ci.md", md);
    parse_doc(&file, &PATTERNS)
        .claims
        .into_iter()
        .filter_map(|c| match c.kind {
            ClaimKind::TriggerDescription {
                workflow,
                events,
                exhaustive,
                ..
            } => Some((c.span.line(), workflow, events, exhaustive)),
            _ => None,
        })
        .collect()
}

fn ev(event: &str, words: &str) -> DescribedEvent {
    DescribedEvent::new(event, words)
}

fn push(branches: &[&str], tags: &[&str], tag_push: bool, words: &str) -> DescribedEvent {
    DescribedEvent {
        branches: branches.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        tag_push,
        ..ev("push", words)
    }
}

fn pr(branches: &[&str], words: &str) -> DescribedEvent {
    DescribedEvent {
        branches: branches.iter().map(|s| s.to_string()).collect(),
        ..ev("pull_request", words)
    }
}

fn one(line: u32, workflow: &str, events: Vec<DescribedEvent>, exhaustive: bool) -> Vec<Described> {
    vec![(line, workflow.to_string(), events, exhaustive)]
}

#[test]
fn triggers_label_in_a_list_item() {
    let md = "# CI\n\n- `ci.yml` — Triggers: push to `main`, PRs\n";
    assert_eq!(
        described(md),
        one(
            3,
            "ci.yml",
            vec![
                push(&["main"], &[], false, "push to `main`"),
                pr(&[], "PRs")
            ],
            true
        )
    );
}

#[test]
fn verbs_in_sentences() {
    let cases: Vec<(&str, Vec<Described>)> = vec![
        (
            "The `nightly.yml` workflow runs every night.\n",
            one(1, "nightly.yml", vec![ev("schedule", "every night")], false),
        ),
        (
            "`nightly.yml` runs nightly and publishes the build.\n",
            one(1, "nightly.yml", vec![ev("schedule", "nightly")], false),
        ),
        (
            "The `deploy.yml` workflow is triggered by pushes to `release/**` and by hand.\n",
            one(
                1,
                "deploy.yml",
                vec![
                    push(&["release/**"], &[], false, "by pushes to `release/**`"),
                    ev("workflow_dispatch", "by hand"),
                ],
                false,
            ),
        ),
        (
            "`release.yml` runs on tags matching `v*` and when a release is published.\n",
            one(
                1,
                "release.yml",
                vec![
                    push(&[], &["v*"], true, "on tags matching `v*`"),
                    ev("release", "when a release is published"),
                ],
                false,
            ),
        ),
        (
            "`ci.yml` runs on every push and PR.\n",
            one(
                1,
                "ci.yml",
                vec![
                    DescribedEvent {
                        every: true,
                        ..push(&[], &[], false, "on every push")
                    },
                    DescribedEvent {
                        every: true,
                        ..ev("pull_request", "PR")
                    },
                ],
                false,
            ),
        ),
        (
            "`ci.yml` runs on every push/PR to main.\n",
            one(
                1,
                "ci.yml",
                vec![
                    // The trailing "to main" scopes both events.
                    DescribedEvent {
                        every: true,
                        ..push(&["main"], &[], false, "on every push")
                    },
                    pr(&["main"], "PR to main"),
                ],
                false,
            ),
        ),
        (
            "The Release workflow (`release.yml`) runs manually or on a schedule.\n",
            one(
                1,
                "release.yml",
                vec![
                    ev("workflow_dispatch", "manually"),
                    ev("schedule", "on a schedule"),
                ],
                false,
            ),
        ),
        (
            "The `Docs` workflow runs after `Build` completes.\n",
            one(
                1,
                "Docs",
                vec![DescribedEvent {
                    after: Some("Build".into()),
                    ..ev("workflow_run", "after `Build` completes")
                }],
                false,
            ),
        ),
        (
            "`merge.yml` runs in the merge queue and on `0 3 * * *`.\n",
            one(
                1,
                "merge.yml",
                vec![
                    ev("merge_group", "in the merge queue"),
                    ev("schedule", "on `0 3 * * *`"),
                ],
                false,
            ),
        ),
    ];
    for (md, want) in cases {
        assert_eq!(described(md), want, "{md}");
    }
}

#[test]
fn table_rows_with_a_trigger_column() {
    let md = "\
# Workflows

| Workflow | Trigger | Purpose |
|----------|---------|---------|
| [CI](../.github/workflows/ci.yml) | push to `main`<br>pull requests | tests |
| `release.yml` | manual or scheduled | publish |
| Nightly | `0 2 * * *` | builds |
| `docs.yml` | when docs change | site |
";
    assert_eq!(
        described(md),
        vec![
            (
                5,
                "ci.yml".to_string(),
                vec![
                    push(&["main"], &[], false, "push to `main`"),
                    pr(&[], "pull requests")
                ],
                true
            ),
            (
                6,
                "release.yml".to_string(),
                vec![
                    ev("workflow_dispatch", "manual"),
                    ev("schedule", "scheduled")
                ],
                true
            ),
            (
                7,
                "Nightly".to_string(),
                vec![ev("schedule", "`0 2 * * *`")],
                true
            ),
        ]
    );
}

#[test]
fn schedule_column_is_partial_and_runs_on_column_may_hold_runners() {
    let md = "\
| File | Runs on | Schedule |
|------|---------|----------|
| `lint.yml` | ubuntu-latest | nightly |
";
    assert_eq!(
        described(md),
        one(3, "lint.yml", vec![ev("schedule", "nightly")], false)
    );
}

#[test]
fn label_under_a_heading_that_names_one_workflow() {
    let md = "\
## `publish.yml`

Publishes the package.

Triggers: tag pushes, manual (see below)

## Other

Triggers: push
";
    // "Other" names no workflow in the doc; it is still read as a display name, which the
    // checks drop when no workflow has it.
    let mut expected = one(
        5,
        "publish.yml",
        vec![
            push(&[], &[], true, "tag pushes"),
            ev("workflow_dispatch", "manual"),
        ],
        false,
    );
    expected.extend(one(9, "Other", vec![push(&[], &[], false, "push")], true));
    assert_eq!(described(md), expected);
}

#[test]
fn verb_at_sentence_start_takes_the_heading_workflow() {
    let md = "### nightly.yml\n\nRuns every day at 03:00 UTC.\n";
    assert_eq!(
        described(md),
        one(
            3,
            "nightly.yml",
            vec![ev("schedule", "every day at 03:00 UTC")],
            false
        )
    );
}

#[test]
fn sentence_without_a_name_uses_its_line() {
    let md = "Packages are published by the **Publish NPM** workflow ([`.github/workflows/releases.yml`](../.github/workflows/releases.yml)). The workflow is triggered manually through `workflow_dispatch` from the GitHub Actions UI.\n";
    assert_eq!(
        described(md),
        one(
            1,
            "releases.yml",
            vec![ev(
                "workflow_dispatch",
                "manually through `workflow_dispatch` from the GitHub Actions UI"
            )],
            false
        )
    );
}

#[test]
fn pronoun_sentences_take_the_workflow_of_their_list_item() {
    let md = "- `ci.yml`: tests and lint.\n  It runs on every push.\n";
    assert_eq!(
        described(md),
        one(
            2,
            "ci.yml",
            vec![DescribedEvent {
                every: true,
                ..push(&[], &[], false, "on every push")
            }],
            false
        )
    );
}

#[test]
fn names_after_a_branch_list_continue_it() {
    let md = "`ci.yml` triggers: push to `main` or `develop`, `release/*`; PRs against `main`, nightly.\n";
    assert_eq!(
        described(md),
        one(
            1,
            "ci.yml",
            vec![
                push(
                    &["main", "develop", "release/*"],
                    &[],
                    false,
                    "push to `main` or `develop`, `release/*`"
                ),
                pr(&["main"], "PRs against `main`"),
                ev("schedule", "nightly"),
            ],
            true
        )
    );
}

#[test]
fn not_descriptions() {
    let cases = [
        // Two workflows in one sentence.
        "`ci.yml` runs on every push and `release.yml` runs on tags.\n",
        // Not about triggers.
        "`ci.yml` runs on Ubuntu and macOS.\n",
        "`test.yml` runs the full test matrix on every push.\n",
        "The `build.yml` workflow builds nightly images for testing.\n",
        // No workflow named.
        "Tests run on every push.\n",
        "Triggers: push to `main`\n",
        // Negated, past or conditional.
        "`nightly.yml` no longer runs nightly.\n",
        "`nightly.yml` used to run nightly.\n",
        "`deploy.yml` is not triggered by pushes.\n",
        // A run triggered by another workflow, in the tail.
        "Pushing to `main` runs `ci.yml`.\n",
        // A command in backticks is not a branch.
        "`ci.yml` runs `make test` on every push.\n",
        "`ci.yml` runs `cargo` on pull requests.\n",
        // Another sentence of the line names the workflow, this one does not refer to it.
        "See `ci.yml` for the tests. Releases run nightly.\n",
        "- `ci.yml`: tests.\n  Docs are built on every push.\n",
        // Code is not prose.
        "```\n`ci.yml` runs nightly\n```\n",
        // PR merged: a push or a pull_request event? Not clear.
        "`covector.yml` runs on each pull request merged.\n",
        // A link to another repository's workflow.
        "[x](https://github.com/o/r/blob/main/.github/workflows/x.yml) runs nightly.\n",
    ];
    for md in cases {
        assert_eq!(described(md), Vec::new(), "{md}");
    }
}

#[test]
fn table_without_one_workflow_per_row_is_skipped() {
    let md = "\
| Workflow | Trigger |
|----------|---------|
| `a.yml`, `b.yml` | push |
| — | manual |
";
    assert_eq!(described(md), Vec::new());
}

#[test]
fn parts_are_read_or_not() {
    let vocab = &PATTERNS.triggers;
    let read = |text: &str| -> Vec<Option<String>> {
        parts::read_parts(vocab, text, 0..text.len(), &[])
            .into_iter()
            .map(|(p, _)| match p {
                Part::Read(e) => Some(e.event),
                Part::Unread(_) => None,
            })
            .collect()
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        read("push, pull request; merge queue / weekly + by hand"),
        vec![
            some("push"),
            some("pull_request"),
            some("merge_group"),
            some("schedule"),
            some("workflow_dispatch")
        ]
    );
    assert_eq!(
        read("release tags and published releases"),
        vec![some("push"), some("release")]
    );
    assert_eq!(
        read("reusable (called by other workflows)"),
        vec![some("workflow_call"), some("workflow_call")]
    );
    assert_eq!(read("pull request comments"), vec![None]);
    assert_eq!(read("when docs change"), vec![None]);
    assert_eq!(read("PRs that are merged"), vec![None]);
    // Kinds of changed files, up to the noun that closes their list, are no events.
    assert_eq!(
        read("PRs that touch api, schedule, nightly or build files, weekly"),
        vec![None, None, None, None, some("schedule")]
    );
    assert_eq!(
        read("on changes to web, cron, or infra config; manual"),
        vec![None, None, None, some("workflow_dispatch")]
    );
    // Without a closing noun the list is not taken for files.
    assert_eq!(
        read("pushes that touch api, nightly"),
        vec![None, some("schedule")]
    );
}

#[test]
fn leading_parts_stop_after_the_first_unread_one() {
    let vocab = &PATTERNS.triggers;
    let cases = [
        ("push to `main`, `develop`, docs changes, nightly", 2),
        ("the tests, then nightly", 1),
        ("nightly and on demand", 2),
        ("", 0),
    ];
    for (text, want) in cases {
        let all = parts::read_parts(vocab, text, 0..text.len(), &[]);
        let leading = parts::read_leading_parts(vocab, text, 0..text.len(), &[]);
        assert_eq!(leading.len(), want, "{text}");
        assert_eq!(all.get(..want), Some(leading.as_slice()), "{text}");
    }
}

#[test]
fn merged_events_keep_every_part() {
    let mut tags = push(&[], &["v*"], true, "tags `v*`");
    tags.any_branch = true;
    let mut docs = push(&["main"], &[], false, "pushes to `main` under `docs/`");
    docs.paths = vec!["docs/".to_string()];
    let merged = merge([docs, tags].into_iter());
    assert_eq!(merged.len(), 1);
    let m = &merged[0];
    assert_eq!(m.branches, ["main"]);
    assert_eq!(m.tags, ["v*"]);
    assert_eq!(m.paths, ["docs/"]);
    assert!(m.any_branch && m.tag_push);
}

/// "<workflow> <does something> on/when <event>": the cue runs from the verb to the
/// preposition, so only the words after it are read, and a place ("on GitHub Pages", "on
/// Linux runners") reads no event.
#[test]
fn action_then_event_clause() {
    let release = |words: &str| vec![ev("release", words)];
    assert_eq!(
        described("# R\n\n- `ship` workflow uploads the crate to crates.io on GitHub release publication.\n"),
        one(3, "ship", release("GitHub release publication"), false)
    );
    assert_eq!(
        described("# R\n\nThe `site` CI workflow publishes docs when a tag is pushed.\n"),
        one(
            3,
            "site",
            vec![push(&[], &[], true, "a tag is pushed")],
            false
        )
    );
    assert_eq!(
        described("# R\n\nThe `site` workflow pushes images on merge to `main`.\n"),
        one(
            3,
            "site",
            vec![push(&["main"], &[], false, "merge to `main`")],
            false
        )
    );
    for silent in [
        "The `site` workflow deploys the handbook on GitHub Pages.",
        "The `site` workflow creates a release on GitHub.",
        "The `site` workflow builds images on Ubuntu and macOS.",
        "The `site` workflow builds wheels when needed.",
        "The `site` workflow creates issues on failure.",
        "The `site` workflow creates an issue on deployment failure.",
        "The `site` workflow no longer publishes on release.",
    ] {
        assert_eq!(described(&format!("# R\n\n{silent}\n")), vec![], "{silent}");
    }
}

/// (line, job, events) of each job trigger claim in `md`.
fn job_triggers(md: &str) -> Vec<(u32, String, Vec<DescribedEvent>)> {
    let file = SourceFile::from_text("docs/ci.md", md);
    parse_doc(&file, &PATTERNS)
        .claims
        .into_iter()
        .filter_map(|c| match c.kind {
            ClaimKind::JobTrigger { job, events } => Some((c.span.line(), job, events)),
            _ => None,
        })
        .collect()
}

/// A job named by its id: a Job column beside a trigger column, the event written before
/// "to trigger the `x` job", or "the `x` job runs on …"; a tag prefix in words is a glob.
#[test]
fn job_trigger_claims() {
    let table = "# P\n\n| Event | Job | Result |\n|---|---|---|\n| Push to `trunk` | `image` | pushed |\n| Nightly | image and docs | - |\n";
    assert_eq!(
        job_triggers(table),
        vec![(
            5,
            "image".to_string(),
            vec![push(&["trunk"], &[], false, "Push to `trunk`")]
        )]
    );
    let prefix = "# P\n\nPush a tag that begins with `rel-` to trigger the `bundle` job:\n";
    let got = job_triggers(prefix);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "bundle");
    assert_eq!(got[0].2[0].tags, ["rel-*"]);
    assert!(got[0].2[0].tag_push);
    assert_eq!(
        job_triggers("# P\n\nThe `deploy` job runs on pushes to `main`.\n"),
        vec![(
            3,
            "deploy".to_string(),
            vec![push(&["main"], &[], false, "on pushes to `main`")]
        )]
    );
    for silent in [
        "Run the `bundle` job by hand.",
        "The `deploy` job needs the `build` job.",
        "Wait for the release to start the `bundle` job.",
        "The `deploy` job no longer runs on pushes to `main`.",
        "The `deploy` job of `ship.yml` runs on pushes to `main`.",
    ] {
        assert_eq!(
            job_triggers(&format!("# P\n\n{silent}\n")),
            vec![],
            "{silent}"
        );
    }
}

#[test]
fn catalogue_trigger_words() {
    let read = |md: &str| {
        described(md)
            .into_iter()
            .flat_map(|(_, _, events, _)| events)
            .map(|e| (e.event, e.tags, e.on_failure))
            .collect::<Vec<_>>()
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        read("## `x.yml`\n\n- **Triggers**: Version tags (v\\*)\n"),
        vec![(s("push"), vec![s("v*")], false)]
    );
    // Markdown reads `v*.*.*` as emphasis: what is left is not read as a tag.
    assert_eq!(
        read("## `x.yml`\n\n- **Triggers**: Tag push (v*.*.*)\n"),
        vec![(s("push"), vec![], false)]
    );
    assert_eq!(
        read("## `x.yml`\n\n- **Triggers**: Issues, PRs opened/modified\n"),
        vec![
            (s("issues"), vec![], false),
            (s("pull_request"), vec![], false)
        ]
    );
    assert_eq!(
        read("## `x.yml`\n\n- **Triggers**: Deployment failure, manual trigger\n"),
        vec![
            (s("workflow_run"), vec![], true),
            (s("workflow_dispatch"), vec![], false)
        ]
    );
    // A branch after bare "tags" is not one of its tags.
    assert_eq!(
        read("## `x.yml`\n\n- **Triggers**: tags, `main`\n"),
        vec![(s("push"), vec![], false)]
    );
}

/// The pre-check of `EVENT_STARTS_JOB` never turns away a sentence the regex matches: the
/// regex needs a backquote and `job` in some case, and no non-ASCII character is a case
/// variant of `j`, `o` or `b`.
#[test]
fn job_start_precheck_admits_every_match() {
    let sentences = [
        "Push a tag that starts with `v` to trigger the `release` job.",
        "Pushing to main will automatically run the `Deploy` JOB",
        "A release `published` event kicks off the `publish` Job",
        "Merges to `main` start the `build` job and more",
        "A push runs the `docs` job",
        "Pushes trigger the release job",
        "Tags run the `x`",
        "Ünïcödé wörds then starts the `bau` jöb",
        "",
    ];
    for s in sentences {
        if EVENT_STARTS_JOB.is_match(s) {
            assert!(may_start_job(s), "{s}");
        }
    }
    assert!(EVENT_STARTS_JOB.is_match(sentences[1]) && may_start_job(sentences[1]));
    assert!(!may_start_job(sentences[5]) && !EVENT_STARTS_JOB.is_match(sentences[5]));
}

/// The words the sentence pre-checks look for (`crate::docs::has_word_ci`: job, tag, relea,
/// flow; and `approv`, doc-approval-unverified's pre-check of workflow texts) have no letter
/// with a non-ASCII case variant, so an ASCII case-insensitive search finds every text a
/// `(?i)` regex needing them can match; `k` and `s` do have one.
#[test]
fn precheck_letters_have_only_ascii_case_variants() {
    let variants = |letters: &str| -> String {
        let folds = regex::Regex::new(&format!("(?i)^[{letters}]$")).unwrap();
        (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| folds.is_match(c.encode_utf8(&mut [0; 4])))
            .collect()
    };
    assert_eq!(variants("jobtagrelfwpv"), "ABEFGJLOPRTVWabefgjloprtvw");
    assert_eq!(variants("ks"), "KSks\u{17f}\u{212a}");
    assert!(crate::docs::has_word_ci("Pushes RUN the Job", "job"));
    assert!(!crate::docs::has_word_ci("jo b", "job"));
}

/// A manual run said anywhere in a sentence ("or when manually triggered", "can also be
/// started by hand", "You can run `x.yml` by hand"): workflow_dispatch, joined to the
/// description read from the same sentence, else a description of its own.
#[test]
fn manual_run_phrases() {
    let events = |md: &str| -> Vec<(u32, String, Vec<String>)> {
        described(md)
            .into_iter()
            .map(|(line, w, evs, _)| (line, w, evs.into_iter().map(|e| e.event).collect()))
            .collect()
    };
    let one = |line: u32, w: &str, evs: &[&str]| {
        vec![(
            line,
            w.to_string(),
            evs.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        )]
    };
    assert_eq!(
        events("# CI\n\nThe `pack.yml` workflow runs on tag pushes or when manually triggered.\n"),
        one(3, "pack.yml", &["push", "workflow_dispatch"])
    );
    assert_eq!(
        events("# CI\n\n`sweep.yml` empties the bucket every Monday, and it can also be started by hand.\n"),
        one(3, "sweep.yml", &["workflow_dispatch"])
    );
    assert_eq!(
        events("# CI\n\nYou can also run `sweep.yml` by hand from the Actions tab.\n"),
        one(3, "sweep.yml", &["workflow_dispatch"])
    );
    // "This workflow" under a heading naming the file, with a link to its page.
    let md = "## `sweep.yml`\n\nThis workflow starts after a tag lands or manually [here](https://github.com/o/r/actions/workflows/sweep.yml).\n";
    let got = described(md);
    assert_eq!(got.len(), 1, "{got:?}");
    let file = SourceFile::from_text("docs/ci.md", md);
    let repo = parse_doc(&file, &PATTERNS)
        .claims
        .into_iter()
        .find_map(|c| match c.kind {
            ClaimKind::TriggerDescription { repo, .. } => Some(repo),
            _ => None,
        });
    assert_eq!(repo, Some(Some("o/r".to_string())));
    // "It" after a sentence that does not open with the workflow: not known which is meant.
    assert_eq!(
        events(
            "# CI\n\nCaches expire once `sweep.yml` has finished. It can also be run manually.\n"
        ),
        vec![]
    );
    // Negated, or offered under a condition.
    for md in [
        "# CI\n\n`sweep.yml` cannot be started by hand.\n",
        "# CI\n\nIf the Monday run was skipped, `sweep.yml` can be started by hand.\n",
    ] {
        assert_eq!(events(md), vec![], "{md}");
    }
}

#[test]
fn span_set_finds_overlaps_behind_longer_ranges() {
    // (0..100) holds (10..20): a range after 20 still overlaps through the first.
    let set = SpanSet::new([10..20, 0..100, 200..210].into_iter());
    assert!(set.overlaps(&(50..60)));
    assert!(set.overlaps(&(205..300)));
    assert!(!set.overlaps(&(100..200)));
    assert!(!set.overlaps(&(210..220)));
    assert!(!SpanSet::new(std::iter::empty()).overlaps(&(0..10)));
}

#[test]
fn a_trailing_branch_scopes_both_joined_events() {
    let vocab = &PATTERNS.triggers;
    let branches = |text: &str| -> Vec<(String, Vec<String>)> {
        let code: Vec<std::ops::Range<usize>> = text
            .match_indices('`')
            .collect::<Vec<_>>()
            .chunks(2)
            .filter_map(|p| Some(p.first()?.0..p.get(1)?.0 + 1))
            .collect();
        parts::read_parts(vocab, text, 0..text.len(), &code)
            .into_iter()
            .filter_map(|(p, _)| match p {
                Part::Read(e) => Some((e.event, e.branches)),
                Part::Unread(_) => None,
            })
            .collect()
    };
    let main = vec!["main".to_string()];
    assert_eq!(
        branches("every push and pull request to `main`"),
        vec![
            ("push".to_string(), main.clone()),
            ("pull_request".to_string(), main.clone())
        ]
    );
    assert_eq!(
        branches("pull requests or pushes to `main`"),
        vec![
            ("pull_request".to_string(), main.clone()),
            ("push".to_string(), main.clone())
        ]
    );
    // A push that names its own scope keeps it.
    assert_eq!(
        branches("push to any branch and pull requests to `main`")
            .first()
            .map(|(_, b)| b.clone()),
        Some(Vec::new())
    );
}
