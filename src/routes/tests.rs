//! Unit tests of the pieces; whole-repository behaviour is tested in tests/routes.rs.

use super::event::{ref_knowledge, RefKnowledge};
use super::*;

#[test]
fn certainty_and_is_kleene() {
    use Certainty::*;
    let table = [
        (Yes, Yes, Yes),
        (Yes, Unknown, Unknown),
        (Unknown, Yes, Unknown),
        (Unknown, Unknown, Unknown),
        (No, Yes, No),
        (Unknown, No, No),
    ];
    for (a, b, want) in table {
        assert_eq!(a.and(b), want, "{a:?} and {b:?}");
    }
}

#[test]
fn refs_for_subjects() {
    let cases = [
        ("v1.0.0-rc1", "refs/tags/v1.0.0-rc1"),
        ("v2", "refs/tags/v2"),
        ("main", "refs/heads/main"),
        ("very-branch", "refs/heads/very-branch"),
        ("feature/*", "refs/heads/feature/x"),
        ("v*.*.*", "refs/tags/v1.0.0"),
        ("refs/tags/x", "refs/tags/x"),
        (" refs/heads/dev ", "refs/heads/dev"),
    ];
    for (subject, want) in cases {
        assert_eq!(refs_for_subject(subject), want, "{subject}");
    }
}

#[test]
fn ref_knowledge_reads_unknowns() {
    assert_eq!(
        ref_knowledge("refs/heads/a/b"),
        RefKnowledge::Branch("a/b".into())
    );
    assert_eq!(
        ref_knowledge("refs/tags/v1"),
        RefKnowledge::Tag("v1".into())
    );
    assert_eq!(ref_knowledge(UNKNOWN_TAG_REF), RefKnowledge::SomeTag);
    assert_eq!(ref_knowledge("v${VERSION}"), RefKnowledge::Unknown);
    assert_eq!(ref_knowledge("refs/pull/1/merge"), RefKnowledge::Unknown);
}

#[test]
fn events_describe_themselves() {
    let dispatch = Event::Dispatch {
        workflow: "run.yml".into(),
        inputs: [("environment".to_string(), "prod".to_string())].into(),
        git_ref: "refs/heads/main".into(),
    };
    let cases = [
        (
            Event::Push {
                git_ref: "refs/tags/v1.0.0-rc1".into(),
            },
            "push of tag v1.0.0-rc1",
        ),
        (
            Event::Push {
                git_ref: "refs/heads/main".into(),
            },
            "push to branch main",
        ),
        (dispatch, "manual dispatch of run.yml (environment=prod)"),
        (
            Event::Dispatch {
                workflow: "build.yml".into(),
                inputs: Default::default(),
                git_ref: "v${VERSION}".into(),
            },
            "manual dispatch of build.yml on v${VERSION}",
        ),
        (Event::Schedule, "scheduled run"),
        (
            Event::PullRequest {
                base: "main".into(),
            },
            "pull request into main",
        ),
        (Event::Release, "release published"),
    ];
    for (event, want) in cases {
        assert_eq!(event.describe(), want);
    }
}

#[test]
fn ref_hints_read_what_conditions_compare_the_ref_with() {
    use super::hints::{ref_hints, RefHints};
    use crate::source::SourceFile;
    use crate::workflow::Workflow;
    let text = r#"on: push
jobs:
  a:
    if: github.ref == 'refs/heads/develop' || startsWith(github.ref, 'refs/heads/release/')
    runs-on: x
    steps: [{run: echo}]
  b:
    if: contains(github.ref, '-rc') && !endsWith(github.ref_name, '-beta')
    runs-on: x
    environment: ${{ github.ref_name == 'v2.0.0' && 'prod' || startsWith(github.ref, 'refs/tags/app-') && 'apps' || 'dev' }}
    steps: [{run: echo}]
  c:
    if: contains(github.ref, 'hotfix')
    runs-on: x
    steps: [{run: echo}]
"#;
    let wf = Workflow::load(SourceFile::from_text("w.yml", text)).unwrap();
    let mut repo = crate::repo::Repo::default();
    repo.workflows.push(wf);
    let prep = super::prepared::Prepared::new(&repo);
    let hints = ref_hints(prep.flows().next().unwrap());
    assert_eq!(
        hints,
        RefHints {
            branches: vec!["develop".into(), "release/x".into(), "hotfix".into()],
            tags: vec!["v2.0.0".into(), "app-1.0.0".into()],
            fragments: vec![
                ("-rc".into(), true),
                ("-beta".into(), false),
                ("hotfix".into(), true),
            ],
        }
    );
    assert_eq!(
        hints.tag_variants(&["v1".into(), "v1-rc1".into()]),
        ["v1-rc1", "v1-beta", "v1-hotfix1"]
    );
}

/// Filters (one list invalid), a job `if:`, an environment and a choice input: what the
/// parse caches of [`super::prepared::Prepared`] hold.
const CACHED_RELEASE: &str = r#"on:
  push:
    branches: [main, 'release/**', '!release/old']
    tags: ['v*.*.*']
  pull_request:
    branches-ignore: ['dependabot/**']
  workflow_dispatch:
    inputs:
      target: {type: choice, options: [staging, production]}
jobs:
  build:
    runs-on: x
    steps: [{run: make}]
  deploy:
    needs: build
    if: startsWith(github.ref, 'refs/tags/v') || inputs.target == 'production'
    environment: ${{ inputs.target || 'production' }}
    runs-on: x
    steps: [{run: deploy}]
"#;

const CACHED_BROKEN: &str = r#"on:
  push:
    branches: ['v[0-9']
jobs:
  x:
    if: ${{ github.ref == }}
    runs-on: x
    steps: [{run: echo}]
"#;

fn cached_repo() -> crate::repo::Repo {
    use crate::source::SourceFile;
    use crate::workflow::Workflow;
    let mut repo = crate::repo::Repo::default();
    for (name, text) in [
        ("release.yml", CACHED_RELEASE),
        ("broken.yml", CACHED_BROKEN),
    ] {
        let rel = format!(".github/workflows/{name}");
        let wf = Workflow::load(SourceFile::from_text(&rel, text)).expect("valid YAML");
        repo.workflows.push(wf);
    }
    repo
}

fn cached_events() -> Vec<Event> {
    let push = |r: &str| Event::Push {
        git_ref: r.to_string(),
    };
    let dispatch = |target: &str| Event::Dispatch {
        workflow: "release.yml".into(),
        inputs: [("target".to_string(), target.to_string())].into(),
        git_ref: "refs/heads/main".into(),
    };
    vec![
        push("refs/heads/main"),
        push("refs/heads/release/old"),
        push("refs/heads/feature"),
        push("refs/tags/v1.2.3"),
        push(UNKNOWN_TAG_REF),
        Event::PullRequest {
            base: "dependabot/npm".into(),
        },
        dispatch("staging"),
        dispatch("production"),
    ]
}

/// (workflow file, starts, reason, [(job, runs, environments)]) of every run.
type RunSummary = (
    String,
    Certainty,
    String,
    Vec<(String, Certainty, Vec<String>)>,
);

fn run_summary(sim: &Simulation) -> Vec<RunSummary> {
    sim.runs
        .iter()
        .map(|r| {
            let jobs = r
                .jobs
                .iter()
                .map(|j| (j.job.clone(), j.runs, j.environments.clone()))
                .collect();
            (r.file_name().to_string(), r.starts, r.reason.clone(), jobs)
        })
        .collect()
}

/// Decisions read from caches filled by earlier events equal decisions made from scratch, in
/// either order of events; a few of them exactly.
#[test]
fn cached_decisions_equal_uncached_ones() {
    use super::prepared::Prepared;
    use super::simulate::simulate_prepared;
    use Certainty::{No, Unknown, Yes};
    let repo = cached_repo();
    let events = cached_events();
    let fresh: Vec<Simulation> = events.iter().map(|e| simulate(&repo, e, "main")).collect();
    let shared = Prepared::new(&repo);
    for pass in 0..2 {
        let order: Vec<usize> = if pass == 0 {
            (0..events.len()).collect()
        } else {
            (0..events.len()).rev().collect()
        };
        for i in order {
            let (Some(event), Some(want)) = (events.get(i), fresh.get(i)) else {
                continue;
            };
            assert_eq!(
                &simulate_prepared(&shared, event, "main"),
                want,
                "{event:?}"
            );
        }
    }
    let summaries: Vec<Vec<RunSummary>> = fresh.iter().map(run_summary).collect();
    fn s(w: &str, c: Certainty, r: &str, jobs: &[(&str, Certainty, &[&str])]) -> RunSummary {
        let jobs = jobs
            .iter()
            .map(|(j, c, e)| (j.to_string(), *c, e.iter().map(|n| n.to_string()).collect()))
            .collect();
        (w.to_string(), c, r.to_string(), jobs)
    }
    let invalid = "invalid filter pattern `v[0-9` at character 1: `[` is never closed with `]`";
    let built = ("build", Yes, &[][..]);
    let broken_branch = s("broken.yml", Unknown, invalid, &[("x", Unknown, &[])]);
    let broken_tag = s(
        "broken.yml",
        No,
        "push trigger filters branches only, so tag pushes do not start it",
        &[],
    );
    let expected: Vec<Vec<RunSummary>> = vec![
        vec![
            s(
                "release.yml",
                Yes,
                "push branches filter main matches",
                &[built, ("deploy", No, &["production"])],
            ),
            broken_branch.clone(),
        ],
        vec![
            s(
                "release.yml",
                No,
                "branch release/old is excluded by push branches filter !release/old",
                &[],
            ),
            broken_branch.clone(),
        ],
        vec![
            s(
                "release.yml",
                No,
                "branch feature matches no push branches filter (main, release/**, !release/old)",
                &[],
            ),
            broken_branch,
        ],
        vec![
            s(
                "release.yml",
                Yes,
                "push tags filter v*.*.* matches",
                &[built, ("deploy", Yes, &["production"])],
            ),
            broken_tag.clone(),
        ],
        vec![
            s(
                "release.yml",
                Unknown,
                "tag name not known; push tags filter v*.*.* decides",
                &[built, ("deploy", Unknown, &["production"])],
            ),
            broken_tag,
        ],
        vec![
            s(
                "release.yml",
                No,
                "branch dependabot/npm is ignored by pull_request branches-ignore filter dependabot/**",
                &[],
            ),
            s("broken.yml", No, "no live pull_request trigger", &[]),
        ],
        vec![s(
            "release.yml",
            Yes,
            "workflow_dispatch trigger",
            &[built, ("deploy", No, &["staging"])],
        )],
        vec![s(
            "release.yml",
            Yes,
            "workflow_dispatch trigger",
            &[built, ("deploy", Yes, &["production"])],
        )],
    ];
    assert_eq!(summaries, expected);
}

/// A repository of workflows given as (file name, text).
fn repo_of(files: &[(String, String)]) -> crate::repo::Repo {
    let mut repo = crate::repo::Repo::default();
    for (name, text) in files {
        let rel = format!(".github/workflows/{name}");
        let file = crate::source::SourceFile::new(
            rel.clone(),
            rel.clone(),
            std::path::PathBuf::from(&rel),
            text.clone(),
        );
        match crate::workflow::Workflow::load(file) {
            Ok(wf) => repo.workflows.push(wf),
            Err(e) => panic!("{name}: {e:?}"),
        }
    }
    repo
}

/// The push index skips only workflows that would not start, and the evidence for them is
/// what asking them would have given: the route map is the same with and without it.
#[test]
fn push_index_keeps_the_route_map() {
    let filters = [
        "tags: ['v1.*']",
        "tags: ['v1.*', '!v1.0.*']",
        "tags: ['v+.[0-9]*']",
        "tags: ['v?1*']",
        "tags: ['[vV]*']",
        "tags-ignore: ['v2*']",
        "tags: ['v\\\\*x']",
        "branches: [main]\n    tags: ['v3.*']",
        "branches: ['release/**', '!release/old']",
        "branches-ignore: [main]",
        "branches: ['ma+in']",
        "paths: ['src/**']",
        "tags: ['[']",
        "tags: ['**']",
        "branches: [main]",
        "tags: ['rel-*']",
        "tags: ['']",
    ];
    let mut files = Vec::new();
    for (i, f) in filters.iter().enumerate() {
        files.push((
            format!("w{i}.yml"),
            format!(
                "name: w{i}\non:\n  push:\n    {f}\njobs:\n  deploy:\n    runs-on: x\n    environment: env{}\n    steps:\n      - run: ./deploy\n",
                i % 3
            ),
        ));
    }
    // A commented-out push trigger, a workflow without one, a workflow_run chain, a dispatch.
    files.push((
        "off.yml".into(),
        "name: off\non:\n  workflow_dispatch:\n  # push:\n  #   tags: ['v9.*']\njobs:\n  deploy:\n    runs-on: x\n    environment: prod\n    steps:\n      - run: ./d\n".into(),
    ));
    files.push((
        "never.yml".into(),
        "name: never\non:\n  push:\n    tags: ['zz*']\n    branches-ignore: ['**']\njobs:\n  deploy:\n    if: github.ref == 'refs/heads/nope'\n    runs-on: x\n    environment: lost\n    steps:\n      - run: ./d\n".into(),
    ));
    files.push((
        "after.yml".into(),
        "name: after\non:\n  workflow_run:\n    workflows: [w0, w3]\n    types: [completed]\njobs:\n  deploy:\n    runs-on: x\n    environment: chained\n    steps:\n      - run: ./d\n".into(),
    ));
    let repo = repo_of(&files);
    let indexed = enumerate::explore_with(&repo, "main", true);
    let reference = enumerate::explore_with(&repo, "main", false);
    assert!(!indexed.routes.is_empty());
    assert!(!indexed.unreachable.is_empty());
    assert_eq!(indexed, reference);
}

/// The same over the vendored sample of real workflows.
#[test]
fn push_index_keeps_the_route_map_of_the_vendored_sample() {
    let mut with_routes = 0;
    for dir in crate::test_corpus::sample_repos() {
        let found = crate::source::discover(&[dir]);
        let files = &found.repos[0];
        let repo = crate::repo::Repo::load(files, std::path::Path::new("."));
        let indexed = enumerate::explore_with(&repo, "main", true);
        with_routes += usize::from(!indexed.routes.is_empty());
        assert_eq!(
            indexed,
            enumerate::explore_with(&repo, "main", false),
            "{}",
            repo.root
        );
    }
    assert!(with_routes >= 5, "{with_routes} sample repos with routes");
}

/// The same over every fixture repository of the project.
#[test]
fn push_index_keeps_the_route_map_of_the_fixtures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let found = crate::source::discover(&[root]);
    assert!(found.repos.len() > 10, "fixtures not found");
    let mut with_routes = 0;
    for files in &found.repos {
        let repo = crate::repo::Repo::load(files, std::path::Path::new("."));
        let indexed = enumerate::explore_with(&repo, "main", true);
        with_routes += usize::from(!indexed.routes.is_empty());
        assert_eq!(
            indexed,
            enumerate::explore_with(&repo, "main", false),
            "{}",
            repo.root
        );
    }
    assert!(with_routes > 10);
}
