//! Classes of security findings that hand checks of the real-world corpus found false, each
//! with the case that must stay reported next to it. Every repository here is written for
//! the test; only the rule under test runs, in the pedantic persona (low confidence too).

mod common;

use common::{driftlint, stdout, Scratch};

/// `(line, severity, confidence)` of the findings of `rule` in `path`.
fn findings(repo: &Scratch, rule: &str, path: &str) -> Vec<(u64, String, String)> {
    findings_as(repo, "pedantic", rule, path)
}

/// The same in the given persona (`regular` leaves low-confidence findings out).
fn findings_as(
    repo: &Scratch,
    persona: &str,
    rule: &str,
    path: &str,
) -> Vec<(u64, String, String)> {
    let mut config = format!("security:\n  persona: {persona}\nrules:\n");
    for id in driftlint::checks::meta::all().keys() {
        if id != rule {
            config.push_str(&format!("  {id}:\n    enabled: false\n"));
        }
    }
    repo.write(".driftlint.yml", &config);
    let out = driftlint(
        &repo.0,
        &["check", "--format", "json", "--fail-on", "never"],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    let mut found: Vec<(u64, String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule && f["path"] == path)
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["confidence"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

const SHA: &str = "11bd71901bbe5b1630ceea73d27597364c9af683";

#[test]
fn setup_node_v6_caches_on_its_own_only_what_it_can_see_for_npm() {
    // No package.json in the repository: whether setup-node caches is unknown, except
    // before anything is checked out (nothing to read) and in a pnpm workflow (v6 caches
    // npm projects only). v5 caches for any package manager.
    let repo = Scratch::new("cp-setup-node");
    repo.write(
        ".github/workflows/release.yml",
        &"on:
  push:
    tags: ['v*']
permissions: {}
jobs:
  npm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@SHA # v6.1.0
        with:
          registry-url: https://registry.npmjs.org
      - uses: actions/checkout@SHA # v5
        with:
          persist-credentials: false
      - uses: actions/setup-node@SHA # v6.1.0
      - run: npm publish
  pnpm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@SHA # v5
        with:
          persist-credentials: false
      - uses: actions/setup-node@SHA # v6.1.0
      - uses: actions/setup-node@SHA # v5.0.0
      - run: pnpm install --frozen-lockfile && pnpm publish
"
        .replace("SHA", SHA),
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/release.yml"),
        vec![
            (15, "warning".into(), "low".into()),
            (24, "warning".into(), "low".into()),
        ]
    );
}

#[test]
fn caches_of_jobs_that_only_test_reach_no_release() {
    let repo = Scratch::new("cp-test-job");
    repo.write(
        ".github/workflows/release.yml",
        &"on:
  release:
    types: [published]
permissions: {}
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@SHA # v4
        with:
          path: ~/.cache/tool
          key: tool
      - name: Run the end-to-end tests
        run: ./scripts/e2e.sh
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@SHA # v4
        with:
          path: ~/.cache/tool
          key: tool
      - run: cargo test
      - uses: actions/upload-artifact@SHA # v4
        with:
          name: dist
          path: dist/
  publish:
    needs: [smoke, build]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@SHA # v4
      - run: cargo publish
"
        .replace("SHA", SHA),
    );
    // The smoke job uploads nothing and has no outputs; the build job tests too, but its
    // artifact is what gets published. The smoke job still runs on `release`: the pedantic
    // persona reports its cache with low confidence.
    assert_eq!(
        findings_as(
            &repo,
            "regular",
            "cache-poisoning",
            ".github/workflows/release.yml"
        ),
        vec![(18, "warning".into(), "medium".into())]
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/release.yml"),
        vec![
            (9, "warning".into(), "low".into()),
            (18, "warning".into(), "medium".into())
        ]
    );
}

#[test]
fn release_runs_that_ship_nothing_are_reported_by_the_pedantic_persona_only() {
    let repo = Scratch::new("cp-release-ci");
    repo.write(
        ".github/workflows/ci.yml",
        &"on:
  push:
    branches: [main, 'releases/**']
  pull_request:
permissions: {}
jobs:
  unit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@SHA # v5
        with:
          persist-credentials: false
      - uses: actions/setup-go@SHA # v5
        with:
          go-version: stable
      - run: go test ./...
  image:
    runs-on: ubuntu-latest
    services:
      registry:
        image: registry:2
        ports: ['5000:5000']
    steps:
      - uses: docker/setup-buildx-action@SHA # v3
        with:
          version: latest
      - run: docker build -t localhost:5000/app:test . && docker run --rm localhost:5000/app:test make check
"
        .replace("SHA", SHA),
    );
    // Version-named branches are as often development lines: no release context.
    repo.write(
        ".github/workflows/lines.yml",
        &"on:
  push:
    branches: [main, '3.x', 'v*']
permissions: {}
jobs:
  unit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@SHA # v5
        with:
          go-version: stable
      - run: go test ./...
"
        .replace("SHA", SHA),
    );
    for path in [".github/workflows/ci.yml", ".github/workflows/lines.yml"] {
        assert_eq!(
            findings_as(&repo, "regular", "cache-poisoning", path),
            vec![],
            "{path}"
        );
    }
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/ci.yml"),
        vec![
            (13, "warning".into(), "low".into()),
            (24, "warning".into(), "low".into())
        ]
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/lines.yml"),
        vec![]
    );
    // The message says why it is only pedantic.
    let out = driftlint(
        &repo.0,
        &["check", "--format", "json", "--fail-on", "never"],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    let message = doc["findings"]
        .as_array()
        .and_then(|fs| {
            fs.iter()
                .find(|f| f["path"] == ".github/workflows/ci.yml" && f["line"] == 13)
        })
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("in a release run: it runs on pushes to release branches (line 2), but no step of this workflow publishes, releases or deploys;"),
        "{message}"
    );
}

#[test]
fn caching_defaults_of_uv_maturin_composer_and_rust_toolchain() {
    let repo = Scratch::new("cp-table");
    repo.write(
        ".github/workflows/release.yml",
        &"on:
  release:
    types: [published]
permissions: {}
jobs:
  wheels:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@SHA # v6.5.0
      - uses: astral-sh/setup-uv@SHA # v10.0.0
      - uses: astral-sh/setup-uv@SHA
      - uses: astral-sh/setup-uv@SHA # v6.5.0
        with:
          enable-cache: false
      - uses: astral-sh/setup-uv@SHA # v10.0.0
        with:
          enable-cache: true
      - uses: PyO3/maturin-action@SHA # v1
        with:
          sccache: true
      - uses: PyO3/maturin-action@SHA # v1
        with:
          sccache: ${{ github.event_name != 'release' }}
      - uses: PyO3/maturin-action@SHA # v1
      - uses: ramsey/composer-install@SHA # 3.1.1
      - uses: ramsey/composer-install@SHA # 3.1.1
        with:
          ignore-cache: yes
      - uses: actions-rust-lang/setup-rust-toolchain@SHA # v1
      - uses: actions-rust-lang/setup-rust-toolchain@SHA # v1
        with:
          cache: false
      - run: uv publish
  own-runner:
    runs-on: [self-hosted, linux]
    steps:
      - uses: astral-sh/setup-uv@SHA # v6.5.0
      - run: uv publish
"
        .replace("SHA", SHA),
    );
    // v6 caches on GitHub-hosted runners by default, v10 does not in release runs, an
    // unknown version may; an expression toggle may be off exactly here (low); maturin
    // caches only with `sccache`; composer-install and setup-rust-toolchain by default.
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/release.yml"),
        vec![
            (9, "warning".into(), "medium".into()),
            (11, "warning".into(), "low".into()),
            (15, "warning".into(), "medium".into()),
            (18, "warning".into(), "medium".into()),
            (21, "warning".into(), "low".into()),
            (25, "warning".into(), "medium".into()),
            (29, "warning".into(), "medium".into()),
        ]
    );
}

#[test]
fn an_action_name_hinting_at_crates_does_not_make_ci_a_release() {
    let repo = Scratch::new("cp-hint");
    repo.write(
        ".github/workflows/ci.yml",
        &"on:
  push:
    branches: [main, 'release-*']
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@SHA # v4
        with:
          path: target
          key: build
      - run: cargo test
  typos:
    runs-on: ubuntu-latest
    steps:
      - uses: crate-ci/typos@SHA # v1
"
        .replace("SHA", SHA),
    );
    // Nothing here ships; the runs on release branches are reported with low confidence
    // by the pedantic persona only.
    assert_eq!(
        findings_as(
            &repo,
            "regular",
            "cache-poisoning",
            ".github/workflows/ci.yml"
        ),
        vec![]
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/ci.yml"),
        vec![(9, "warning".into(), "low".into())]
    );
    // A step named for publishing on a release branch still makes it one.
    repo.write(
        ".github/workflows/ci.yml",
        &"on:
  push:
    branches: [main, 'release-*']
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@SHA # v4
        with:
          path: target
          key: build
      - run: ./scripts/publish-crates.sh
"
        .replace("SHA", SHA),
    );
    assert_eq!(
        findings(&repo, "cache-poisoning", ".github/workflows/ci.yml"),
        vec![(9, "warning".into(), "medium".into())]
    );
}

#[test]
fn reusable_workflow_inputs_every_caller_fixes_are_nobodys_choice() {
    let repo = Scratch::new("ti-callers");
    let called = "on:
  workflow_call:
    inputs:
      platform:
        type: string
        required: true
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: ./test.sh \"${{ inputs.platform }}\"
";
    repo.write(".github/workflows/segment.yml", called);
    // Called with fixed words, directly and through another reusable workflow.
    repo.write(
        ".github/workflows/middle.yml",
        "on:
  workflow_call:
    inputs:
      platform:
        type: string
        required: true
permissions: {}
jobs:
  run:
    uses: ./.github/workflows/segment.yml
    with:
      platform: ${{ inputs.platform }}
",
    );
    repo.write(
        ".github/workflows/build.yml",
        "on: push
permissions: {}
jobs:
  linux:
    uses: ./.github/workflows/middle.yml
    with:
      platform: linux
  win:
    uses: ./.github/workflows/segment.yml
    with:
      platform: win
",
    );
    assert_eq!(
        findings(&repo, "template-injection", ".github/workflows/segment.yml"),
        vec![]
    );
    // One caller passing a pull request's branch name is enough.
    repo.write(
        ".github/workflows/pr.yml",
        "on: pull_request_target
permissions: {}
jobs:
  branch:
    uses: ./.github/workflows/segment.yml
    with:
      platform: ${{ github.event.pull_request.head.ref }}
",
    );
    assert_eq!(
        findings(&repo, "template-injection", ".github/workflows/segment.yml"),
        vec![(12, "warning".into(), "medium".into())]
    );
}

#[test]
fn workflow_scopes_do_not_reach_jobs_whose_called_workflow_declares_its_own() {
    let repo = Scratch::new("ep-callee");
    repo.write(
        ".github/workflows/sign.yml",
        "on: workflow_call
permissions:
  id-token: write
jobs:
  sign:
    runs-on: ubuntu-latest
    steps:
      - run: ./sign.sh
",
    );
    repo.write(
        ".github/workflows/release.yml",
        "on: workflow_dispatch
permissions:
  contents: write
jobs:
  sign:
    uses: ./.github/workflows/sign.yml
  release:
    needs: sign
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1
",
    );
    // Only the release job holds `contents: write`: a note, not "granted to every job".
    assert_eq!(
        findings(
            &repo,
            "excessive-permissions",
            ".github/workflows/release.yml"
        ),
        vec![(3, "note".into(), "low".into())]
    );
    // A called workflow that declares nothing takes the caller's scopes.
    repo.write(
        ".github/workflows/sign.yml",
        "on: workflow_call
jobs:
  sign:
    runs-on: ubuntu-latest
    steps:
      - run: ./sign.sh
",
    );
    assert_eq!(
        findings(
            &repo,
            "excessive-permissions",
            ".github/workflows/release.yml"
        ),
        vec![(3, "warning".into(), "high".into())]
    );
}

/// `(line, severity, message)` of the findings of `rule` in `path` (default persona, every rule).
fn messages(repo: &Scratch, rule: &str, path: &str) -> Vec<(u64, String, String)> {
    let out = driftlint(
        &repo.0,
        &["check", "--format", "json", "--fail-on", "never"],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    let mut found: Vec<(u64, String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule && f["path"] == path)
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_head_checked_out_through_the_environment_or_a_called_workflow_is_followed() {
    let repo = Scratch::new("dt-routes");
    // The head SHA goes through `$GITHUB_ENV`, set in one branch of the script.
    repo.write(
        ".github/workflows/via-env.yml",
        "on:
  pull_request_target:
permissions:
  contents: read
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - name: Pick the ref
        run: |
          if [ \"${{ github.event_name }}\" = pull_request_target ]; then
            echo \"BUILD_SHA=${{ github.event.pull_request.head.sha }}\" >> \"$GITHUB_ENV\"
          else
            echo \"BUILD_SHA=${{ github.sha }}\" >> \"$GITHUB_ENV\"
          fi
      - uses: actions/checkout@v4
        with:
          ref: ${{ env.BUILD_SHA }}
      - run: make docs
",
    );
    // Through a job-level `env:` entry.
    repo.write(
        ".github/workflows/via-job-env.yml",
        "on: pull_request_target
permissions:
  contents: read
jobs:
  size:
    runs-on: ubuntu-latest
    env:
      PR_HEAD: ${{ github.event.pull_request.head.ref }}
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ env.PR_HEAD }}
      - run: ./scripts/size-report.sh
",
    );
    // Passed to a reusable workflow of the repository that checks its input out (through a
    // shell variable and `$GITHUB_ENV`), and to one that only labels.
    repo.write(
        ".github/workflows/via-call.yml",
        "on: pull_request_target
permissions:
  contents: read
jobs:
  image:
    uses: ./.github/workflows/image.yml
    with:
      sha: ${{ github.event.pull_request.head.sha }}
",
    );
    repo.write(
        ".github/workflows/image.yml",
        "on:
  workflow_call:
    inputs:
      sha:
        type: string
        required: true
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          wanted=${{ inputs.sha }}
          echo \"IMAGE_SHA=${wanted}\" >> $GITHUB_ENV
      - uses: actions/checkout@v4
        with:
          ref: ${{ env.IMAGE_SHA }}
      - run: docker build .
",
    );
    repo.write(
        ".github/workflows/via-label-call.yml",
        "on: pull_request_target
permissions:
  contents: read
jobs:
  label:
    uses: ./.github/workflows/label.yml
    with:
      sha: ${{ github.event.pull_request.head.sha }}
",
    );
    repo.write(
        ".github/workflows/label.yml",
        "on:
  workflow_call:
    inputs:
      sha:
        type: string
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
",
    );
    // Passed to a workflow of another repository: its steps are not here.
    repo.write(
        ".github/workflows/via-remote-call.yml",
        "on: pull_request_target
permissions:
  contents: read
jobs:
  scan:
    uses: example-org/shared-workflows/.github/workflows/scan.yml@v1
    with:
      head: ${{ github.event.pull_request.head.sha }}
",
    );
    let one = |path: &str| {
        let found = messages(&repo, "dangerous-trigger", path);
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        found.into_iter().next().unwrap_or_default()
    };
    let (line, severity, message) = one(".github/workflows/via-env.yml");
    assert_eq!((line, severity.as_str()), (2, "error"));
    assert!(
        message.contains("job `docs` checks out the untrusted code at line 16, with `ref:` from `env.BUILD_SHA`, which line 12 sets to the event's head"),
        "{message}"
    );
    let (line, severity, message) = one(".github/workflows/via-job-env.yml");
    assert_eq!((line, severity.as_str()), (1, "error"));
    assert!(
        message.contains("at line 10, with `ref:` from `env.PR_HEAD`, which line 8 sets"),
        "{message}"
    );
    let (line, severity, message) = one(".github/workflows/via-call.yml");
    assert_eq!((line, severity.as_str()), (1, "error"));
    assert!(
        message.contains("job `image` checks out the untrusted code through input `sha` of `.github/workflows/image.yml`, which checks it out at line 14"),
        "{message}"
    );
    let (line, severity, message) = one(".github/workflows/via-label-call.yml");
    assert_eq!((line, severity.as_str()), (1, "warning"));
    assert!(
        message.contains("no step checks out the untrusted code"),
        "{message}"
    );
    let (line, severity, message) = one(".github/workflows/via-remote-call.yml");
    assert_eq!((line, severity.as_str()), (1, "warning"));
    assert!(
        message.contains("job `scan` passes the event's head as input `head` (line 8) to a reusable workflow whose steps are not in these files"),
        "{message}"
    );
    // The called workflows themselves run only on workflow_call: not reported.
    assert_eq!(
        messages(&repo, "dangerous-trigger", ".github/workflows/image.yml"),
        vec![]
    );
}

#[test]
fn inputs_that_are_commands_by_design_are_pedantic_only() {
    let repo = Scratch::new("ti-command-inputs");
    repo.write(
        ".github/workflows/checks.yml",
        "on:
  workflow_call:
    inputs:
      verify-cmd:
        type: string
        default: make verify
      hooks:
        type: string
        description: Shell commands to run after the checks
      title:
        type: string
        description: Heading of the summary
      setup-script:
        type: string
jobs:
  checks:
    runs-on: ubuntu-latest
    steps:
      - run: ${{ inputs.verify-cmd }}
      - run: |
          for h in ${{ inputs.hooks }}; do
            eval \"$h\"
          done
      - run: echo \"## ${{ inputs.title }}\" >> \"$GITHUB_STEP_SUMMARY\"
      - run: echo \"setup is ${{ inputs.setup-script }}\"
",
    );
    // A command input run as a command (the whole `run:`, or text a script evaluates) is
    // low confidence; free text pasted into other code, and a command input only echoed,
    // stay medium.
    let path = ".github/workflows/checks.yml";
    assert_eq!(
        findings_as(&repo, "regular", "template-injection", path),
        vec![
            (24, "warning".into(), "medium".into()),
            (25, "warning".into(), "medium".into()),
        ]
    );
    assert_eq!(
        findings(&repo, "template-injection", path),
        vec![
            (19, "warning".into(), "low".into()),
            (21, "warning".into(), "low".into()),
            (24, "warning".into(), "medium".into()),
            (25, "warning".into(), "medium".into()),
        ]
    );
}

#[test]
fn dispatch_payload_inputs_of_a_called_workflow_come_from_the_dispatch_up_the_chain() {
    let repo = Scratch::new("ti-event-inputs");
    // Called by a workflow whose dispatch form has `suite` as free text but no `extra`.
    repo.write(
        ".github/workflows/e2e.yml",
        "on:
  workflow_call:
    inputs:
      suite:
        type: string
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ github.event.inputs.suite }}
      - run: echo ${{ github.event.inputs.extra }}
",
    );
    repo.write(
        ".github/workflows/ci.yml",
        "on:
  push:
  workflow_dispatch:
    inputs:
      suite:
        type: string
jobs:
  e2e:
    uses: ./.github/workflows/e2e.yml
    with:
      suite: smoke
",
    );
    // Called by nobody in the repository: the dispatch up the chain is unknown.
    repo.write(
        ".github/workflows/shared.yml",
        "on:
  workflow_call:
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ github.event.inputs.extra }}
",
    );
    assert_eq!(
        findings_as(
            &repo,
            "regular",
            "template-injection",
            ".github/workflows/e2e.yml"
        ),
        vec![(10, "warning".into(), "medium".into())]
    );
    assert_eq!(
        findings_as(
            &repo,
            "regular",
            "template-injection",
            ".github/workflows/shared.yml"
        ),
        vec![(7, "warning".into(), "medium".into())]
    );
}
