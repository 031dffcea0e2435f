//! Event simulation and route enumeration: small workflows written here, the bundled
//! example (fixtures/seed), and the `driftlint routes` command.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{assert_expected, driftlint, root, stdout};
use driftlint::repo::Repo;
use driftlint::routes::{
    all_routes, environment_routes, explore, restore_disabled_triggers, simulate, Certainty, Event,
    Route, Simulation, WorkflowRun, UNKNOWN_TAG_REF,
};
use driftlint::source::{discover, SourceFile};
use driftlint::workflow::Workflow;

use Certainty::{No, Unknown, Yes};

/// A repository made of workflow files (name, text) under .github/workflows/.
fn repo(files: &[(&str, &str)]) -> Repo {
    let mut r = Repo::default();
    for (name, text) in files {
        let rel = format!(".github/workflows/{name}");
        let file = SourceFile::new(
            rel.clone(),
            rel.clone(),
            PathBuf::from(&rel),
            text.to_string(),
        );
        r.workflows
            .push(Workflow::load(file).unwrap_or_else(|e| panic!("{name}: {e:?}")));
    }
    r
}

fn push(git_ref: &str) -> Event {
    Event::Push {
        git_ref: git_ref.to_string(),
    }
}

fn dispatch(workflow: &str, inputs: &[(&str, &str)]) -> Event {
    Event::Dispatch {
        workflow: workflow.to_string(),
        inputs: inputs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        git_ref: "refs/heads/main".to_string(),
    }
}

fn run<'a>(sim: &'a Simulation, workflow: &str) -> &'a WorkflowRun {
    sim.run_of(workflow)
        .unwrap_or_else(|| panic!("no run of {workflow} in {:#?}", sim.runs))
}

/// (job, runs, reason) of every job of a run.
fn jobs(run: &WorkflowRun) -> Vec<(String, Certainty, String)> {
    run.jobs
        .iter()
        .map(|j| (j.job.clone(), j.runs, j.reason.clone()))
        .collect()
}

fn job_runs(run: &WorkflowRun) -> Vec<(&str, Certainty)> {
    run.jobs.iter().map(|j| (j.job.as_str(), j.runs)).collect()
}

/// (trigger, automatic, workflow file, job, environment, certainty) of routes.
fn route_rows(routes: &[Route]) -> Vec<(String, bool, String, String, String, Certainty)> {
    routes
        .iter()
        .map(|r| {
            (
                r.trigger.clone(),
                r.automatic,
                r.file_name().to_string(),
                r.job.clone(),
                r.environment.clone(),
                r.certainty,
            )
        })
        .collect()
}

fn row(
    trigger: &str,
    automatic: bool,
    workflow: &str,
    job: &str,
    env: &str,
    certainty: Certainty,
) -> (String, bool, String, String, String, Certainty) {
    (
        trigger.into(),
        automatic,
        workflow.into(),
        job.into(),
        env.into(),
        certainty,
    )
}

// ---------------------------------------------------------------- triggers

const TAGGED: &str = r#"name: Release
on:
  push:
    tags:
      - 'v*.*.*'
      - 'v*.*.*-rc*'
      - 'v*.*.*-hotfix.*'
jobs:
  deploy-staging:
    if: contains(github.ref, '-rc')
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - run: ./deploy.sh staging
  deploy-production:
    if: "!contains(github.ref, '-rc') && !contains(github.ref, '-hotfix')"
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy.sh production
"#;

#[test]
fn tag_filters_pick_the_last_matching_pattern_and_route_by_ref() {
    let r = repo(&[("release.yml", TAGGED)]);
    let cases = [
        (
            "refs/tags/v1.0.0",
            Yes,
            "push tags filter v*.*.* matches",
            vec![("deploy-staging", No), ("deploy-production", Yes)],
        ),
        (
            "refs/tags/v1.0.0-rc1",
            Yes,
            "push tags filter v*.*.*-rc* matches",
            vec![("deploy-staging", Yes), ("deploy-production", No)],
        ),
        (
            "refs/tags/v1.0.1-hotfix.1",
            Yes,
            "push tags filter v*.*.*-hotfix.* matches",
            vec![("deploy-staging", No), ("deploy-production", No)],
        ),
        (
            "refs/tags/release-1",
            No,
            "tag release-1 matches no push tags filter (v*.*.*, v*.*.*-rc*, v*.*.*-hotfix.*)",
            vec![],
        ),
        (
            "refs/heads/main",
            No,
            "push trigger filters tags only, so branch pushes do not start it",
            vec![],
        ),
    ];
    for (git_ref, starts, reason, want_jobs) in cases {
        let sim = simulate(&r, &push(git_ref), "main");
        let run = run(&sim, "release.yml");
        assert_eq!(
            (run.starts, run.reason.as_str()),
            (starts, reason),
            "{git_ref}"
        );
        assert_eq!(job_runs(run), want_jobs, "{git_ref}");
    }
}

#[test]
fn a_stable_tag_pattern_also_matches_release_candidates() {
    let r = repo(&[(
        "prod.yml",
        "on:\n  push:\n    tags: ['v*.*.*']\njobs:\n  deploy:\n    runs-on: x\n    environment: production\n    steps: [{run: echo}]\n",
    )]);
    let sim = simulate(&r, &push("refs/tags/v1.0.0-rc1"), "main");
    let run = run(&sim, "prod.yml");
    assert_eq!(run.starts, Yes);
    assert_eq!(run.reason, "push tags filter v*.*.* matches");
    assert_eq!(run.trigger, "push tag v*.*.* (v1.0.0-rc1)");
    assert_eq!(run.jobs[0].environments, ["production"]);
}

#[test]
fn branch_filters_with_negations_and_ignore_lists() {
    let r = repo(&[
        (
            "include.yml",
            "on:\n  push:\n    branches: [main, 'release/**', '!release/old*']\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n",
        ),
        (
            "ignore.yml",
            "on:\n  push:\n    branches-ignore: ['dependabot/**']\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n",
        ),
    ]);
    let cases = [
        (
            "refs/heads/main",
            "include.yml",
            Yes,
            "push branches filter main matches",
        ),
        (
            "refs/heads/release/1.x",
            "include.yml",
            Yes,
            "push branches filter release/** matches",
        ),
        (
            "refs/heads/release/old-1",
            "include.yml",
            No,
            "branch release/old-1 is excluded by push branches filter !release/old*",
        ),
        (
            "refs/heads/feature/x",
            "include.yml",
            No,
            "branch feature/x matches no push branches filter (main, release/**, !release/old*)",
        ),
        (
            "refs/tags/v1.0.0",
            "include.yml",
            No,
            "push trigger filters branches only, so tag pushes do not start it",
        ),
        (
            "refs/heads/dependabot/npm/x",
            "ignore.yml",
            No,
            "branch dependabot/npm/x is ignored by push branches-ignore filter dependabot/**",
        ),
        (
            "refs/heads/main",
            "ignore.yml",
            Yes,
            "branch main is not in push branches-ignore",
        ),
    ];
    for (git_ref, file, starts, reason) in cases {
        let sim = simulate(&r, &push(git_ref), "main");
        let run = run(&sim, file);
        assert_eq!(
            (run.starts, run.reason.as_str()),
            (starts, reason),
            "{file} {git_ref}"
        );
    }
}

#[test]
fn paths_filters_make_branch_pushes_uncertain_but_not_tag_pushes() {
    let r = repo(&[(
        "build.yml",
        "on:\n  push:\n    branches: [main]\n    tags: ['v*']\n    paths: ['src/**']\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n",
    )]);
    let branch = simulate(&r, &push("refs/heads/main"), "main");
    assert_eq!(run(&branch, "build.yml").starts, Unknown);
    assert_eq!(
        run(&branch, "build.yml").reason,
        "push branches filter main matches; depends on the changed files (paths src/**)"
    );
    let tag = simulate(&r, &push("refs/tags/v2"), "main");
    assert_eq!(run(&tag, "build.yml").starts, Yes);
    assert_eq!(run(&tag, "build.yml").reason, "push tags filter v* matches");
}

#[test]
fn pull_requests_match_their_base_branch() {
    let r = repo(&[(
        "pr.yml",
        "on:\n  pull_request:\n    branches: [main]\n    paths: ['src/**']\njobs:\n  preview:\n    if: github.base_ref == 'main'\n    runs-on: x\n    environment: preview\n    steps: [{run: echo}]\n",
    )]);
    let pr = |base: &str| Event::PullRequest { base: base.into() };
    let sim = simulate(&r, &pr("main"), "main");
    let run_main = run(&sim, "pr.yml");
    assert_eq!(
        (run_main.starts, run_main.reason.as_str()),
        (
            Unknown,
            "pull_request branches filter main matches; depends on the changed files (paths src/**)"
        )
    );
    assert_eq!(job_runs(run_main), [("preview", Yes)]);
    let sim = simulate(&r, &pr("dev"), "main");
    assert_eq!(
        (
            run(&sim, "pr.yml").starts,
            run(&sim, "pr.yml").reason.as_str()
        ),
        (
            No,
            "branch dev matches no pull_request branches filter (main)"
        )
    );
}

#[test]
fn dispatch_inputs_are_checked_against_choice_options_and_declarations() {
    let r = repo(&[(
        "run.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n      target:\n        type: choice\n        options: [dev, prod]\njobs:\n  a:\n    runs-on: x\n    environment: ${{ inputs.target }}\n    steps: [{run: echo}]\n",
    )]);
    let cases = [
        (
            vec![("target", "prod")],
            Yes,
            "workflow_dispatch trigger",
            vec!["prod"],
        ),
        (
            vec![("target", "qa")],
            No,
            "qa is not an option of input target (dev, prod); GitHub rejects the request",
            vec![],
        ),
        (
            vec![("other", "x")],
            No,
            "input other is not declared by workflow_dispatch (GitHub rejects the request)",
            vec![],
        ),
        // Not given, no default: one of the options, not known which.
        (
            vec![],
            Yes,
            "workflow_dispatch trigger",
            vec!["dev", "prod"],
        ),
    ];
    for (inputs, starts, reason, envs) in cases {
        let sim = simulate(&r, &dispatch("run.yml", &inputs), "main");
        let run = run(&sim, "run.yml");
        assert_eq!(
            (run.starts, run.reason.as_str()),
            (starts, reason),
            "{inputs:?}"
        );
        let got: Vec<&str> = run
            .jobs
            .iter()
            .flat_map(|j| j.environments.iter().map(String::as_str))
            .collect();
        assert_eq!(got, envs, "{inputs:?}");
        if let Some(j) = run.jobs.first() {
            assert_eq!(j.environment_exact, !inputs.is_empty(), "{inputs:?}");
        }
    }
    let missing = simulate(&r, &dispatch("nope.yml", &[]), "main");
    assert_eq!(missing.runs.len(), 1);
    assert_eq!(
        (missing.runs[0].starts, missing.runs[0].reason.as_str()),
        (No, "no workflow file or name matches nope.yml")
    );
}

#[test]
fn events_without_a_live_trigger_name_the_commented_out_one() {
    let r = repo(&[(
        "release.yml",
        "on:\n  # push:\n  #   tags: ['v*']\n  workflow_dispatch:\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n",
    )]);
    let sim = simulate(&r, &push("refs/tags/v1"), "main");
    assert_eq!(
        (
            run(&sim, "release.yml").starts,
            run(&sim, "release.yml").reason.as_str()
        ),
        (
            No,
            "no live push trigger (push tags commented out at line 2)"
        )
    );
    let sim = simulate(&r, &Event::Schedule, "main");
    assert_eq!(run(&sim, "release.yml").reason, "no live schedule trigger");
}

// ---------------------------------------------------------------- jobs

const JOBS: &str = r#"on: [push, workflow_dispatch]
jobs:
  build:
    runs-on: x
    steps: [{run: echo}]
  deploy-staging:
    needs: build
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    runs-on: x
    environment: staging
    steps: [{run: echo}]
  deploy-production:
    needs: deploy-staging
    runs-on: x
    environment: production
    steps: [{run: echo}]
  report:
    needs: deploy-production
    if: always()
    runs-on: x
    steps: [{run: echo}]
  report-push:
    needs: deploy-production
    if: ${{ always() && github.event_name == 'push' }}
    runs-on: x
    steps: [{run: echo}]
  gated:
    needs: build
    if: needs.build.outputs.ok == 'yes'
    runs-on: x
    steps: [{run: echo}]
"#;

#[test]
fn event_name_conditions_and_needs_chains() {
    let r = repo(&[("ci.yml", JOBS)]);
    let sim = simulate(&r, &dispatch("ci.yml", &[]), "main");
    let want = vec![
        ("build".to_string(), Yes, "no if: condition".to_string()),
        (
            "deploy-staging".into(),
            No,
            "if: github.event_name == 'push' && github.ref == 'refs/heads/main' is false for workflow_dispatch".into(),
        ),
        (
            "deploy-production".into(),
            No,
            "needs deploy-staging, which is skipped".into(),
        ),
        (
            "report".into(),
            Yes,
            "if: always() is true for workflow_dispatch (runs although deploy-production is skipped)"
                .into(),
        ),
        (
            "report-push".into(),
            No,
            "if: always() && github.event_name == 'push' is false for workflow_dispatch".into(),
        ),
        (
            "gated".into(),
            Unknown,
            "if: needs.build.outputs.ok == 'yes' cannot be decided from what is known before the run".into(),
        ),
    ];
    assert_eq!(jobs(run(&sim, "ci.yml")), want);

    let sim = simulate(&r, &push("refs/heads/main"), "main");
    assert_eq!(
        job_runs(run(&sim, "ci.yml")),
        [
            ("build", Yes),
            ("deploy-staging", Yes),
            ("deploy-production", Yes),
            ("report", Yes),
            ("report-push", Yes),
            ("gated", Unknown),
        ]
    );
    let sim = simulate(&r, &push("refs/heads/dev"), "main");
    assert_eq!(
        job_runs(run(&sim, "ci.yml")),
        [
            ("build", Yes),
            ("deploy-staging", No),
            ("deploy-production", No),
            ("report", Yes),
            ("report-push", Yes),
            ("gated", Unknown),
        ]
    );
}

#[test]
fn needs_on_an_uncertain_job_is_uncertain() {
    let r = repo(&[(
        "ci.yml",
        "on: push\njobs:\n  a:\n    if: vars.DEPLOY == 'true'\n    runs-on: x\n    steps: [{run: echo}]\n  b:\n    needs: a\n    runs-on: x\n    environment: prod\n    steps: [{run: echo}]\n",
    )]);
    let sim = simulate(&r, &push("refs/heads/main"), "main");
    assert_eq!(
        jobs(run(&sim, "ci.yml")),
        [
            (
                "a".to_string(),
                Unknown,
                "if: vars.DEPLOY == 'true' cannot be decided from what is known before the run"
                    .to_string()
            ),
            (
                "b".to_string(),
                Unknown,
                "needs a, which may not run; no if: condition".to_string()
            ),
        ]
    );
}

#[test]
fn environment_expressions_follow_the_ref() {
    let r = repo(&[(
        "run.yml",
        r#"on:
  push:
    branches: [main, 'feature/*']
jobs:
  deploy:
    runs-on: x
    environment: ${{ github.ref == 'refs/heads/main' && 'staging' || 'dev' }}
    steps: [{run: echo}]
"#,
    )]);
    let cases = [
        ("refs/heads/main", vec!["staging"], true),
        ("refs/heads/feature/login", vec!["dev"], true),
    ];
    for (git_ref, envs, exact) in cases {
        let sim = simulate(&r, &push(git_ref), "main");
        let job = &run(&sim, "run.yml").jobs[0];
        assert_eq!(
            (job.environments.clone(), job.environment_exact),
            (envs.iter().map(|s| s.to_string()).collect(), exact),
            "{git_ref}"
        );
        assert_eq!(job.env_span.map(|s| s.start.line), Some(7));
    }
}

// ---------------------------------------------------------------- chains

#[test]
fn gh_workflow_run_starts_a_dispatch_with_literal_inputs_and_ref() {
    let r = repo(&[
        (
            "release.yml",
            r#"name: RELEASE
on: workflow_dispatch
jobs:
  kick:
    runs-on: x
    env:
      GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
    steps:
      - run: gh workflow run deploy.yml -f target=prod --ref main
"#,
        ),
        (
            "deploy.yml",
            r#"name: DEPLOY
on:
  workflow_dispatch:
    inputs:
      target: {type: choice, options: [staging, prod]}
jobs:
  deploy:
    runs-on: x
    environment: ${{ inputs.target }}
    steps: [{run: echo}]
"#,
        ),
    ]);
    let sim = simulate(&r, &dispatch("release.yml", &[]), "main");
    assert_eq!(sim.runs.len(), 2);
    let chained = run(&sim, "deploy.yml");
    assert_eq!(
        chained.event,
        Event::Dispatch {
            workflow: "deploy.yml".into(),
            inputs: BTreeMap::from([("target".to_string(), "prod".to_string())]),
            git_ref: "refs/heads/main".into(),
        }
    );
    assert_eq!(
        (
            chained.starts,
            chained.depth,
            chained.parent,
            chained.parent_job.as_deref()
        ),
        (Yes, 1, Some(0), Some("kick"))
    );
    assert_eq!(
        chained.via.as_deref(),
        Some("started by `gh workflow run deploy.yml` in RELEASE job kick")
    );
    assert_eq!(chained.jobs[0].environments, ["prod"]);

    let routes = all_routes(&r, "main");
    assert_eq!(
        route_rows(&routes),
        [
            row(
                "manual: deploy.yml target=prod",
                false,
                "deploy.yml",
                "deploy",
                "prod",
                Yes
            ),
            row(
                "manual: deploy.yml target=staging",
                false,
                "deploy.yml",
                "deploy",
                "staging",
                Yes
            ),
            row(
                "manual: release.yml",
                false,
                "deploy.yml",
                "deploy",
                "prod",
                Yes
            ),
        ]
    );
    assert_eq!(
        routes[2].via,
        ["started by `gh workflow run deploy.yml` in RELEASE job kick"]
    );
    assert_eq!(routes[2].hops, ["release.yml/kick"]);
}

#[test]
fn a_workflow_that_dispatches_itself_is_not_followed_forever() {
    let r = repo(&[(
        "loop.yml",
        "name: LOOP\non: workflow_dispatch\njobs:\n  again:\n    runs-on: x\n    steps:\n      - run: gh workflow run loop.yml\n",
    )]);
    let sim = simulate(&r, &dispatch("loop.yml", &[]), "main");
    assert_eq!(sim.runs.len(), 2);
    assert_eq!(
        sim.runs[1].reason,
        "workflow_dispatch trigger; already started higher up this chain (cycle), not followed"
    );
    assert!(sim.runs[1].jobs.is_empty());
}

#[test]
fn dispatch_chains_are_followed_four_levels_deep() {
    let files: Vec<(String, String)> = (0..7)
        .map(|i| {
            (
                format!("w{i}.yml"),
                format!(
                    "name: W{i}\non: workflow_dispatch\njobs:\n  next:\n    runs-on: x\n    steps:\n      - run: gh workflow run w{}.yml\n",
                    i + 1
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let r = repo(&refs);
    let sim = simulate(&r, &dispatch("w0.yml", &[]), "main");
    let got: Vec<(&str, usize, usize)> = sim
        .runs
        .iter()
        .map(|r| (r.file_name(), r.depth, r.jobs.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("w0.yml", 0, 1),
            ("w1.yml", 1, 1),
            ("w2.yml", 2, 1),
            ("w3.yml", 3, 1),
            ("w4.yml", 4, 1),
            ("w5.yml", 5, 0),
        ]
    );
    assert_eq!(
        sim.runs[5].reason,
        "workflow_dispatch trigger; not followed: chains are followed 4 levels deep"
    );
}

#[test]
fn reusable_workflow_calls_run_in_the_callers_context() {
    let r = repo(&[
        (
            "ci.yml",
            r#"name: CI
on:
  push:
    branches: [main]
jobs:
  deploy:
    uses: ./.github/workflows/deploy.yml
    with:
      environment: ${{ github.ref_name == 'main' && 'staging' || 'dev' }}
  broken:
    uses: ./.github/workflows/plain.yml
"#,
        ),
        (
            "deploy.yml",
            r#"on:
  workflow_call:
    inputs:
      environment: {type: string, required: true}
jobs:
  apply:
    if: github.event_name == 'push'
    runs-on: x
    environment: ${{ inputs.environment }}
    steps: [{run: echo}]
"#,
        ),
        (
            "plain.yml",
            "on: workflow_dispatch\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n",
        ),
    ]);
    let sim = simulate(&r, &push("refs/heads/main"), "main");
    let called: Vec<&WorkflowRun> = sim.runs.iter().filter(|r| r.depth == 1).collect();
    assert_eq!(called.len(), 2);
    assert_eq!(called[0].workflow, ".github/workflows/deploy.yml");
    assert_eq!(
        (
            called[0].starts,
            called[0].trigger.as_str(),
            called[0].via.as_deref()
        ),
        (
            Yes,
            "workflow_call",
            Some("called by CI job deploy (uses: ./.github/workflows/deploy.yml)")
        )
    );
    assert_eq!(
        jobs(called[0]),
        [(
            "apply".to_string(),
            Yes,
            "if: github.event_name == 'push' is true for push".to_string()
        )]
    );
    assert_eq!(called[0].jobs[0].environments, ["staging"]);
    assert_eq!(
        (
            called[1].workflow.as_str(),
            called[1].starts,
            called[1].reason.as_str()
        ),
        (
            ".github/workflows/plain.yml",
            No,
            "no live workflow_call trigger"
        )
    );
    let routes = all_routes(&r, "main");
    assert_eq!(
        route_rows(&routes),
        [row(
            "push branch main",
            true,
            "deploy.yml",
            "apply",
            "staging",
            Yes
        )]
    );
}

#[test]
fn self_repository_calls_and_inputs_the_caller_leaves_out() {
    let r = repo(&[
        (
            "ci.yml",
            "name: CI\non: push\njobs:\n  build:\n    uses: $/.github/workflows/build.yml\n  ship:\n    uses: $/.github/workflows/build.yml\n    with:\n      environment: prod\n",
        ),
        (
            "build.yml",
            "on:\n  workflow_call:\n    inputs:\n      environment: {type: string, required: false}\n      sign: {type: boolean}\njobs:\n  make:\n    if: ${{ !inputs.sign }}\n    runs-on: x\n    environment: ${{ inputs.environment }}\n    steps: [{run: echo}]\n",
        ),
    ]);
    let sim = simulate(&r, &push("refs/heads/main"), "main");
    let called: Vec<(&str, Vec<String>, Certainty)> = sim
        .runs
        .iter()
        .filter(|r| r.depth == 1)
        .map(|r| {
            (
                r.file_name(),
                r.jobs[0].environments.clone(),
                r.jobs[0].runs,
            )
        })
        .collect();
    // Left out: "" (no environment) and false.
    assert_eq!(
        called,
        [
            ("build.yml", vec![], Yes),
            ("build.yml", vec!["prod".to_string()], Yes),
        ]
    );
}

#[test]
fn other_events_start_the_workflows_listening_for_them() {
    let r = repo(&[(
        "triage.yml",
        "on:\n  issues:\n    types: [opened]\njobs:\n  label:\n    if: github.ref == 'refs/heads/trunk'\n    runs-on: x\n    environment: bots\n    steps: [{run: echo}]\n",
    )]);
    let sim = simulate(
        &r,
        &Event::Other {
            event: "issues".into(),
        },
        "trunk",
    );
    let triage = run(&sim, "triage.yml");
    assert_eq!(
        (triage.starts, triage.reason.as_str()),
        (Yes, "issues trigger (types opened)")
    );
    assert_eq!(job_runs(triage), [("label", Yes)]);
    assert_eq!(
        route_rows(&all_routes(&r, "trunk")),
        [row("issues", true, "triage.yml", "label", "bots", Yes)]
    );
}

#[test]
fn conditions_on_unset_choice_inputs_are_decided_when_every_option_agrees() {
    let r = repo(&[(
        "ops.yml",
        r#"on:
  workflow_dispatch:
    inputs:
      env: {type: choice, options: [dev, prod]}
jobs:
  never:
    if: inputs.env == 'qa'
    runs-on: x
    steps: [{run: echo}]
  always:
    if: inputs.env != 'qa'
    runs-on: x
    steps: [{run: echo}]
  depends:
    if: inputs.env == 'prod'
    runs-on: x
    steps: [{run: echo}]
"#,
    )]);
    let sim = simulate(&r, &dispatch("ops.yml", &[]), "main");
    assert_eq!(
        jobs(run(&sim, "ops.yml")),
        [
            (
                "never".to_string(),
                No,
                "if: inputs.env == 'qa' is false for every allowed value of env".to_string()
            ),
            (
                "always".to_string(),
                Yes,
                "if: inputs.env != 'qa' is true for every allowed value of env".to_string()
            ),
            (
                "depends".to_string(),
                Unknown,
                "if: inputs.env == 'prod' cannot be decided from what is known before the run (inputs not given: env)".to_string()
            ),
        ]
    );
}

const TAG_PUSHER: &str = r#"name: TAGGER
on: workflow_dispatch
jobs:
  tag:
    runs-on: x
    steps:
      - uses: actions/checkout@v5
      - run: |
          git tag v1.2.3
          git push origin v1.2.3
"#;

const TAG_PUSHER_PAT: &str = r#"name: TAGGER
on: workflow_dispatch
jobs:
  tag:
    runs-on: x
    steps:
      - uses: actions/checkout@v5
        with:
          token: ${{ secrets.RELEASE_PAT }}
      - run: |
          git tag v1.2.3
          git push origin v1.2.3
"#;

const ON_TAG: &str = "name: ON-TAG\non:\n  push:\n    tags: ['v*']\njobs:\n  deploy:\n    runs-on: x\n    environment: production\n    steps: [{run: echo}]\n";

#[test]
fn tags_pushed_with_github_token_start_nothing() {
    let r = repo(&[("tagger.yml", TAG_PUSHER), ("on-tag.yml", ON_TAG)]);
    let sim = simulate(&r, &dispatch("tagger.yml", &[]), "main");
    assert_eq!(sim.runs.len(), 2);
    let pushed = &sim.runs[1];
    assert_eq!(
        (
            pushed.workflow.as_str(),
            pushed.starts,
            pushed.reason.as_str(),
            &pushed.event
        ),
        (
            "",
            No,
            "pushed with GITHUB_TOKEN: events from GITHUB_TOKEN start no workflows (would otherwise start on-tag.yml)",
            &push(UNKNOWN_TAG_REF)
        )
    );
    assert_eq!(pushed.via.as_deref(), Some("tag pushed by TAGGER job tag"));
    // Only a person pushing a tag reaches production.
    let routes = environment_routes(&r, "Production", "main");
    assert_eq!(
        route_rows(&routes),
        [row(
            "push tag v*",
            true,
            "on-tag.yml",
            "deploy",
            "production",
            Yes
        )]
    );
}

#[test]
fn tags_pushed_with_a_personal_token_start_tag_workflows_uncertainly() {
    let r = repo(&[("tagger.yml", TAG_PUSHER_PAT), ("on-tag.yml", ON_TAG)]);
    let sim = simulate(&r, &dispatch("tagger.yml", &[]), "main");
    let chained = run(&sim, "on-tag.yml");
    assert_eq!(
        (chained.starts, chained.reason.as_str(), chained.depth),
        (
            Unknown,
            "tag name not known; push tags filter v* decides",
            1
        )
    );
    assert_eq!(job_runs(chained), [("deploy", Yes)]);
    let routes = environment_routes(&r, "production", "main");
    assert_eq!(
        route_rows(&routes),
        [
            row(
                "push tag v*",
                true,
                "on-tag.yml",
                "deploy",
                "production",
                Yes
            ),
            row(
                "manual: tagger.yml",
                false,
                "on-tag.yml",
                "deploy",
                "production",
                Unknown
            ),
        ]
    );
}

#[test]
fn workflow_run_follows_the_upstream_name_and_runs_on_the_default_branch() {
    let r = repo(&[
        (
            "ci.yml",
            "name: CI\non: push\njobs:\n  test:\n    runs-on: x\n    steps: [{run: echo}]\n",
        ),
        (
            "deploy.yml",
            r#"name: Deploy
on:
  workflow_run:
    workflows: [CI]
    types: [completed]
    branches: [main]
jobs:
  deploy:
    if: github.event.workflow_run.conclusion == 'success'
    runs-on: x
    environment: ${{ github.ref == 'refs/heads/trunk' && 'production' || 'staging' }}
    steps: [{run: echo}]
"#,
        ),
    ]);
    let sim = simulate(&r, &push("refs/heads/main"), "trunk");
    let chained = sim
        .runs
        .iter()
        .find(|r| r.depth == 1)
        .unwrap_or_else(|| panic!("{:#?}", sim.runs));
    assert_eq!(
        (
            chained.workflow.as_str(),
            chained.starts,
            chained.reason.as_str()
        ),
        (
            ".github/workflows/deploy.yml",
            Yes,
            "workflow_run branches filter main matches (after CI)"
        )
    );
    assert_eq!(chained.jobs[0].runs, Unknown);
    assert_eq!(chained.jobs[0].environments, ["production"]);
    let other_branch = simulate(&r, &push("refs/heads/dev"), "trunk");
    let chained = other_branch
        .runs
        .iter()
        .find(|r| r.depth == 1)
        .unwrap_or_else(|| panic!("{:#?}", other_branch.runs));
    assert_eq!(chained.starts, No);
}

// ---------------------------------------------------------------- enumeration

#[test]
fn route_enumeration_tries_every_read_choice_and_boolean_input() {
    let r = repo(&[(
        "deploy.yml",
        r#"on:
  workflow_dispatch:
    inputs:
      target:
        type: choice
        default: dev
        options: [dev, prod]
      dry_run:
        type: boolean
        default: true
      notes:
        type: string
        default: none
      unused:
        type: choice
        options: [a, b, c]
jobs:
  apply:
    if: ${{ !inputs.dry_run }}
    runs-on: x
    environment: ${{ inputs.target }}
    steps:
      - run: echo "${{ inputs.notes }} ${{ inputs.unused }}"
"#,
    )]);
    assert_eq!(
        route_rows(&all_routes(&r, "main")),
        [
            row(
                "manual: deploy.yml dry_run=false target=dev",
                false,
                "deploy.yml",
                "apply",
                "dev",
                Yes
            ),
            row(
                "manual: deploy.yml dry_run=false target=prod",
                false,
                "deploy.yml",
                "apply",
                "prod",
                Yes
            ),
        ]
    );
}

#[test]
fn enumeration_covers_push_patterns_schedules_and_unfiltered_pushes() {
    let r = repo(&[
        (
            "nightly.yml",
            "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  smoke:\n    runs-on: x\n    environment: staging\n    steps: [{run: echo}]\n",
        ),
        (
            "any.yml",
            "on: push\njobs:\n  deploy:\n    if: github.ref_type == 'tag'\n    runs-on: x\n    environment: production\n    steps: [{run: echo}]\n  preview:\n    if: github.ref != 'refs/heads/main'\n    runs-on: x\n    environment: preview\n    steps: [{run: echo}]\n",
        ),
    ]);
    assert_eq!(
        route_rows(&all_routes(&r, "main")),
        [
            row(
                "push tag v1.0.0 (any tag)",
                true,
                "any.yml",
                "deploy",
                "production",
                Yes
            ),
            row(
                "push tag v1.0.0 (any tag)",
                true,
                "any.yml",
                "preview",
                "preview",
                Yes
            ),
            row("schedule", true, "nightly.yml", "smoke", "staging", Yes),
        ]
    );
}

#[test]
fn enumeration_tries_the_refs_job_conditions_tell_apart() {
    let r = repo(&[(
        "deploy.yml",
        r#"on:
  push:
    tags: ['v*']
    branches: [main, 'release/**']
jobs:
  staging:
    if: contains(github.ref, '-rc')
    runs-on: x
    environment: staging
    steps: [{run: echo}]
  production:
    if: startsWith(github.ref, 'refs/tags/v') && !contains(github.ref, '-rc')
    runs-on: x
    environment: production
    steps: [{run: echo}]
  maintenance:
    if: github.ref_name == 'release/1.x'
    runs-on: x
    environment: lts
    steps: [{run: echo}]
"#,
    )]);
    let want = [
        ("push branch release/** (release/1.x)", "maintenance", "lts"),
        ("push tag v*", "production", "production"),
        ("push tag v* (v1-rc1)", "staging", "staging"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(t, job, env)| row(t, true, "deploy.yml", job, env, Yes))
        .collect();
    assert_eq!(route_rows(&all_routes(&r, "main")), want);
}

// ---------------------------------------------------------------- the bundled example

fn seed() -> Repo {
    let found = discover(&[root().join("fixtures/seed")]);
    Repo::load(&found.repos[0], Path::new("."))
}

#[test]
fn seed_rc_tag_push_starts_no_workflow() {
    let sim = simulate(&seed(), &push("refs/tags/v1.0.0-rc1"), "main");
    let got: Vec<(&str, Certainty, &str)> = sim
        .runs
        .iter()
        .map(|r| (r.file_name(), r.starts, r.reason.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "build.yml",
                No,
                "push trigger filters branches only, so tag pushes do not start it"
            ),
            ("emergency.yml", No, "no live push trigger"),
            (
                "release.yml",
                No,
                "no live push trigger (push tags commented out at line 5)"
            ),
            (
                "run.yml",
                No,
                "push trigger filters branches only, so tag pushes do not start it"
            ),
        ]
    );
}

#[test]
fn seed_push_to_main_reaches_staging_through_run_yml() {
    let sim = simulate(&seed(), &push("refs/heads/main"), "main");
    let run_yml = run(&sim, "run.yml");
    assert_eq!(
        (run_yml.starts, run_yml.reason.as_str()),
        (Yes, "push branches filter main matches")
    );
    assert_eq!(run_yml.jobs[0].environments, ["staging"]);
    assert!(run_yml.jobs[0].environment_exact);
    assert_eq!(run_yml.jobs[0].env_span.map(|s| s.start.line), Some(31));
    let build = run(&sim, "build.yml");
    assert_eq!(build.starts, Unknown);
    let started: Vec<&str> = sim.started().map(|r| r.file_name()).collect();
    assert_eq!(started, ["build.yml", "run.yml"]);
}

#[test]
fn seed_release_dispatch_runs_the_release_jobs_and_starts_build() {
    let sim = simulate(
        &seed(),
        &dispatch("release.yml", &[("version_type", "minor")]),
        "main",
    );
    let release = run(&sim, "release.yml");
    assert_eq!(
        job_runs(release),
        [
            ("version", Yes),
            ("tag", Yes),
            ("github-release", Yes),
            ("trigger-build", Yes),
            ("deploy-staging", No),
            ("deploy-production", No),
            ("deploy-hotfix", No),
            ("promote-hotfix", No),
        ]
    );
    let production = release.job("deploy-production").map(|j| j.reason.as_str());
    assert_eq!(
        production,
        Some("if: github.event_name == 'push' && !contains(github.ref, '-rc') && !contains(github.ref, '-hotfix') is false for workflow_dispatch")
    );
    assert_eq!(
        release.job("promote-hotfix").map(|j| j.reason.as_str()),
        Some("needs deploy-hotfix, which is skipped")
    );
    let chained: Vec<(&str, Certainty, Option<&str>, Option<&str>)> = sim
        .runs
        .iter()
        .filter(|r| r.depth == 1)
        .map(|r| {
            (
                r.file_name(),
                r.starts,
                r.parent_job.as_deref(),
                r.via.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        chained,
        [
            ("", No, Some("tag"), Some("tag pushed by RELEASE job tag")),
            (
                "",
                No,
                Some("github-release"),
                Some("release created by RELEASE job github-release")
            ),
            (
                "build.yml",
                Yes,
                Some("trigger-build"),
                Some("started by `gh workflow run build.yml` in RELEASE job trigger-build")
            ),
        ]
    );
    assert_eq!(
        sim.runs[1].reason,
        "pushed with GITHUB_TOKEN: events from GITHUB_TOKEN start no workflows"
    );
    let build = run(&sim, "build.yml");
    assert_eq!(
        build.event,
        Event::Dispatch {
            workflow: "build.yml".into(),
            inputs: BTreeMap::new(),
            git_ref: "v${VERSION}".into(),
        }
    );
    assert_eq!(job_runs(build), [("build", Yes)]);
}

#[test]
fn seed_routes_reach_production_nowhere_and_prod_only_by_hand() {
    let map = explore(&seed(), "main");
    assert_eq!(
        route_rows(&map.routes),
        [
            row(
                "push branch feature/*",
                true,
                "run.yml",
                "deploy",
                "dev",
                Yes
            ),
            row(
                "push branch main",
                true,
                "run.yml",
                "deploy",
                "staging",
                Yes
            ),
            row(
                "manual: emergency.yml environment=prod operation=hotfix",
                false,
                "emergency.yml",
                "hotfix",
                "prod",
                Yes
            ),
            row(
                "manual: emergency.yml environment=prod operation=rollback",
                false,
                "emergency.yml",
                "rollback",
                "prod",
                Yes
            ),
            row(
                "manual: emergency.yml environment=staging operation=hotfix",
                false,
                "emergency.yml",
                "hotfix",
                "staging",
                Yes
            ),
            row(
                "manual: emergency.yml environment=staging operation=rollback",
                false,
                "emergency.yml",
                "rollback",
                "staging",
                Yes
            ),
            row(
                "manual: run.yml environment=dev",
                false,
                "run.yml",
                "deploy",
                "dev",
                Yes
            ),
            row(
                "manual: run.yml environment=prod",
                false,
                "run.yml",
                "deploy",
                "prod",
                Yes
            ),
            row(
                "manual: run.yml environment=staging",
                false,
                "run.yml",
                "deploy",
                "staging",
                Yes
            ),
        ]
    );
    let unreachable: Vec<(&str, &str, &str)> = map
        .unreachable
        .iter()
        .map(|u| (u.environment.as_str(), u.workflow.as_str(), u.job.as_str()))
        .collect();
    let release = ".github/workflows/release.yml";
    assert_eq!(
        unreachable,
        [
            ("production", release, "deploy-production"),
            ("production", release, "promote-hotfix"),
            ("staging", release, "deploy-hotfix"),
            ("staging", release, "deploy-staging"),
        ]
    );
    assert_eq!(
        map.unreachable[0].reasons,
        [
            "no live push trigger (push tags commented out at line 5) [push branch feature/x, push branch main]",
            "if: github.event_name == 'push' && !contains(github.ref, '-rc') && !contains(github.ref, '-hotfix') is false for workflow_dispatch [manual: release.yml, manual: release.yml on tag v1.0.0-hotfix1, manual: release.yml on tag v1.0.0-rc1]",
        ]
    );
    let repo = seed();
    assert!(environment_routes(&repo, "production", "main").is_empty());
    let prod = environment_routes(&repo, "PROD", "main");
    assert_eq!(prod.len(), 3);
    assert!(prod.iter().all(|r| !r.automatic));
}

#[test]
fn seed_with_restored_tag_triggers_routes_tags_as_the_docs_say() {
    let restored = restore_disabled_triggers(&seed());
    let cases = [
        (
            "refs/tags/v1.0.0-rc1",
            "push tags filter v*.*.*-rc* matches",
            vec!["version", "deploy-staging"],
        ),
        (
            "refs/tags/v1.0.0",
            "push tags filter v*.*.* matches",
            vec!["version", "deploy-production"],
        ),
        (
            "refs/tags/v1.0.1-hotfix.1",
            "push tags filter v*.*.*-hotfix.* matches",
            vec!["version", "deploy-hotfix", "promote-hotfix"],
        ),
    ];
    for (git_ref, reason, running) in cases {
        let sim = simulate(&restored, &push(git_ref), "main");
        let release = run(&sim, "release.yml");
        assert_eq!(
            (release.starts, release.reason.as_str()),
            (Yes, reason),
            "{git_ref}"
        );
        let got: Vec<&str> = release
            .jobs
            .iter()
            .filter(|j| j.runs == Yes)
            .map(|j| j.job.as_str())
            .collect();
        assert_eq!(got, running, "{git_ref}");
        // Tag pushes skip the release itself: `tag` only runs for workflow_dispatch.
        assert_eq!(
            release.job("github-release").map(|j| j.reason.as_str()),
            Some("needs tag, which is skipped"),
            "{git_ref}"
        );
    }
    let tag_routes: Vec<_> = route_rows(&all_routes(&restored, "main"))
        .into_iter()
        .filter(|r| r.0.starts_with("push tag"))
        .collect();
    // `v*.*.*` also matches hotfix tags without the dot (`v1.0.0-hotfix1`).
    let want = [
        (
            "push tag v*.*.* (v1.0.0-hotfix1)",
            "deploy-hotfix",
            "staging",
        ),
        ("push tag v*.*.*", "deploy-production", "production"),
        (
            "push tag v*.*.* (v1.0.0-hotfix1)",
            "promote-hotfix",
            "production",
        ),
        ("push tag v*.*.*-hotfix.*", "deploy-hotfix", "staging"),
        ("push tag v*.*.*-hotfix.*", "promote-hotfix", "production"),
        ("push tag v*.*.*-rc*", "deploy-staging", "staging"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(t, job, env)| row(t, true, "release.yml", job, env, Yes))
        .collect();
    assert_eq!(tag_routes, want);
    // The original is untouched.
    assert!(environment_routes(&seed(), "production", "main").is_empty());
}

// ---------------------------------------------------------------- the command

#[test]
fn routes_table_of_the_seed_is_exact() {
    let out = driftlint(&root(), &["routes", "fixtures/seed"]);
    assert_eq!(out.status.code(), Some(0));
    assert_expected(
        &stdout(&out),
        &root().join("tests/expected/routes-seed-table.txt"),
    );
}

#[test]
fn routes_tree_of_a_release_dispatch_is_exact() {
    let out = driftlint(
        &root(),
        &[
            "routes",
            "fixtures/seed",
            "--event",
            "workflow_dispatch",
            "--workflow",
            "release.yml",
            "--input",
            "version_type=minor",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_expected(
        &stdout(&out),
        &root().join("tests/expected/routes-seed-dispatch-release.txt"),
    );
}

#[test]
fn routes_tree_of_an_rc_tag_push_is_exact() {
    let out = driftlint(
        &root(),
        &[
            "routes",
            "fixtures/seed",
            "--event",
            "push",
            "--ref",
            "v1.0.0-rc1",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_expected(
        &stdout(&out),
        &root().join("tests/expected/routes-seed-push-rc-tag.txt"),
    );
}

#[test]
fn routes_rejects_bad_arguments_with_exit_2() {
    let cases: [&[&str]; 7] = [
        &[
            "routes",
            "fixtures/seed",
            "--event",
            "workflow_dispatch",
            "--workflow",
            "nope.yml",
        ],
        &["routes", "fixtures/seed", "--event", "workflow_dispatch"],
        &["routes", "fixtures/seed", "--ref", "main"],
        &[
            "routes",
            "fixtures/seed",
            "--event",
            "push",
            "--input",
            "a=b",
        ],
        &[
            "routes",
            "fixtures/seed",
            "--event",
            "workflow_dispatch",
            "--workflow",
            "run.yml",
            "--input",
            "novalue",
        ],
        &["routes", "fixtures/seed", "--event", "release"],
        &["routes", "fixtures/does-not-exist"],
    ];
    for args in cases {
        let out = driftlint(&root(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// An environment that is an input reference is shown as that input and its default; the
/// route keeps the raw expression (rules compare it as unknown).
#[test]
fn environment_from_an_input_is_labelled_for_readers() {
    let r = repo(&[(
        "deploy.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n      target:\n        type: environment\n        default: production\n      other:\n        type: string\njobs:\n  a:\n    runs-on: x\n    environment: ${{ inputs.target }}\n    steps: [{run: x}]\n  b:\n    runs-on: x\n    environment: ${{ github.event.inputs.other }}\n    steps: [{run: x}]\n  c:\n    runs-on: x\n    environment: ${{ inputs.missing }}\n    steps: [{run: x}]\n",
    )]);
    let map = explore(&r, "main");
    let mut labels: Vec<(String, String, String)> = map
        .routes
        .iter()
        .map(|route| {
            (
                route.job.clone(),
                route.environment.clone(),
                driftlint::routes::environment_label(&r, &route.workflow, &route.environment),
            )
        })
        .collect();
    labels.sort();
    labels.dedup();
    assert_eq!(
        labels,
        [
            (
                "a".to_string(),
                "${{ inputs.target }}".to_string(),
                "input `target` (default `production`)".to_string()
            ),
            (
                "b".to_string(),
                "${{ github.event.inputs.other }}".to_string(),
                "input `other`".to_string()
            ),
            (
                "c".to_string(),
                "${{ inputs.missing }}".to_string(),
                "${{ inputs.missing }}".to_string()
            ),
        ]
    );
}
