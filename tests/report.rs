//! `driftlint report`: the golden current-state report of the bundled example, the seed's
//! five discrepancy rows, atomic writes and `--check`.

mod common;

use common::{assert_expected, driftlint, root, stdout};

#[test]
fn seed_report_matches_golden_file() {
    let out = driftlint(&root(), &["report", "fixtures/seed"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_expected(&stdout(&out), &root().join("tests/expected/seed-report.md"));
}

/// The numbered steps under "# This will:" of the first release process in a report.
fn process_steps(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| *l != "# This will:")
        .skip(1)
        .take_while(|l| l.starts_with("# "))
        .map(str::to_string)
        .collect()
}

/// The five claims of the hand-written seed report, each with the actual state it names.
#[test]
fn seed_report_has_the_five_seed_discrepancies() {
    let text = stdout(&driftlint(&root(), &["report", "fixtures/seed"]));
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("## Documentation Discrepancies"))
        .take_while(|l| !l.starts_with("## Operational"))
        .filter(|l| l.starts_with("| \""))
        .collect();
    let row = |claim: &str| {
        table
            .iter()
            .find(|l| l.contains(claim))
            .unwrap_or_else(|| panic!("no row for {claim} in:\n{}", table.join("\n")))
            .to_string()
    };
    assert!(row("\"Primary deployment method\"").contains("Disabled, manual only"));
    assert!(row("\"Tag triggers deployment\"")
        .contains("Tag triggers commented out (release.yml lines 5-9)"));
    assert!(row("RC → Staging, Stable → Production").contains("Logic exists but inactive"));
    assert!(row("\"Production requires approval\"").contains("Unverified"));
    assert!(row("\"Automated environment promotion\"").contains("Not functional"));
    // Never claims a route works without run history.
    assert!(
        !text.contains("WORKING"),
        "no state given, so nothing may be marked working"
    );
}

#[test]
fn report_is_written_atomically_and_checked_for_staleness() {
    let dir = std::env::temp_dir().join(format!("driftlint-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("release-state.md");
    let f = file.to_str().unwrap();
    let out = driftlint(&root(), &["report", "fixtures/seed", "-o", f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# Release Management - Current State vs Documentation\n"));
    // No temp file left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let fresh = driftlint(&root(), &["report", "fixtures/seed", "-o", f, "--check"]);
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    std::fs::write(
        &file,
        written.replace("partially operational", "operational"),
    )
    .unwrap();
    let stale = driftlint(&root(), &["report", "fixtures/seed", "-o", f, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let err = String::from_utf8_lossy(&stale.stderr);
    assert!(
        err.contains("is stale: first difference at line 7"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_with_date_shows_it() {
    let text = stdout(&driftlint(
        &root(),
        &["report", "fixtures/seed", "--date", "2025-09-11"],
    ));
    assert!(text.contains("from `fixtures/seed` on 2025-09-11."));
}

fn seed_state_report() -> String {
    let out = driftlint(
        &root(),
        &["report", "fixtures/seed", "--state", "fixtures/seed/state"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

#[test]
fn seed_report_with_state_matches_golden_file() {
    assert_expected(
        &seed_state_report(),
        &root().join("tests/expected/seed-report-state.md"),
    );
}

/// The lines of the "Actual Routes" block, with runs of spaces collapsed.
fn actual_routes(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.starts_with("**Actual Routes**"))
        .skip(2)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| {
            l.split("  ")
                .filter(|p| !p.is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

/// The seed's "Actual Working Routes": feature/* → dev works, main push → staging fails with
/// the S3 error, the manual dev deploy works, prod was never deployed, manual staging is broken.
#[test]
fn seed_report_with_state_marks_routes_from_the_history() {
    let routes = actual_routes(&seed_state_report());
    let want = [
        "push branch feature/* → dev (run.yml) | ✅ WORKING (last deployed 2025-09-22T08:47:39Z)",
        "push branch main → staging (run.yml) | ❌ FAILING (deployed 2025-09-24T16:20:22Z: Terraform init failed … 301, api error PermanentRedirect)",
        "manual: emergency.yml environment=prod operation=hotfix → prod (emergency.yml) | ⚠️ UNTESTED: no run of emergency.yml this way in the history; prod has never been deployed",
        "manual: emergency.yml environment=prod operation=rollback → prod (emergency.yml) | ⚠️ UNTESTED: no run of emergency.yml this way in the history; prod has never been deployed",
        "manual: emergency.yml environment=staging operation=hotfix → staging (emergency.yml) | ⚠️ UNTESTED: no run of emergency.yml this way in the history; staging's last deployment (2025-09-24T16:20:22Z) failed: Terraform init failed … 301, api error PermanentRedirect",
        "manual: emergency.yml environment=staging operation=rollback → staging (emergency.yml) | ⚠️ UNTESTED: no run of emergency.yml this way in the history; staging's last deployment (2025-09-24T16:20:22Z) failed: Terraform init failed … 301, api error PermanentRedirect",
        "manual: run.yml environment=dev → dev (run.yml) | ✅ WORKING (last deployed 2025-09-25T09:59:04Z)",
        "manual: run.yml environment=prod → prod (run.yml) | ⚠️ UNTESTED: 2 runs of run.yml this way, none deployed prod; prod has never been deployed",
        "manual: run.yml environment=staging → staging (run.yml) | ❌ FAILING: 2 runs of run.yml this way, none deployed staging; run.yml's last staging deployment (2025-09-24T16:20:22Z) failed: Terraform init failed … 301, api error PermanentRedirect",
        "push tags v*.*.*, v*.*.*-rc*, v*.*.*-hotfix.* (release.yml) | NOT FUNCTIONAL: commented out at lines 5-9",
        "RELEASE job `deploy-production` → production (release.yml) | NEVER RUNS",
        "RELEASE job `promote-hotfix` → production (release.yml) | NEVER RUNS",
        "RELEASE job `deploy-hotfix` → staging (release.yml) | NEVER RUNS",
        "RELEASE job `deploy-staging` → staging (release.yml) | NEVER RUNS",
    ];
    assert_eq!(routes, want);
}

#[test]
fn seed_report_with_state_rates_staging_blocked_and_approval_missing() {
    let text = seed_state_report();
    let risks: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("## Risk Assessment"))
        .take_while(|l| !l.starts_with("**Mitigation**"))
        .filter(|l| l.starts_with("- 🔴 **HIGH**"))
        .collect();
    assert_eq!(
        risks,
        [
            "- 🔴 **HIGH**: No automated production deployment path",
            "- 🔴 **HIGH**: Staging environment blocked: Terraform init failed … 301, api error PermanentRedirect (2025-09-24T16:20:22Z)",
            "- 🔴 **HIGH**: Documented tag-based releases do not happen",
            "- 🔴 **HIGH**: Documented approval does not exist: `prod` has no required reviewers (environments.json) (docs/RELEASING.md:41)",
        ]
    );
    assert!(text.contains(
        "\n8. **prod deployment**: never attempted (no deployment in the exported history)\n"
    ));
    assert!(text.contains(
        "\n9. **production deployment**: never attempted (no deployment in the exported history)\n"
    ));
}

/// Without state every route is unverified and no line claims WORKING; the state rules are
/// silent.
#[test]
fn seed_report_without_state_claims_nothing_works() {
    let text = stdout(&driftlint(&root(), &["report", "fixtures/seed"]));
    assert!(!text.contains("WORKING") && !text.contains("FAILING") && !text.contains("UNTESTED"));
    let routes = actual_routes(&text);
    let marked: Vec<&String> = routes
        .iter()
        .filter(|l| l.contains("(run.yml)") || l.contains("(emergency.yml)"))
        .collect();
    assert_eq!(marked.len(), 9);
    assert!(
        marked
            .iter()
            .all(|l| l.ends_with("| unverified: no run history given")),
        "{marked:#?}"
    );
    for rule in [
        "unprotected-environment",
        "untested-environment",
        "stale-route",
    ] {
        assert!(!text.contains(rule), "{rule}");
    }
}

/// `report` reads .driftlint.yml like `check`: its `state:` folder, default branch and rules
/// turned off.
#[test]
fn report_honours_the_config_file() {
    let dir = std::env::temp_dir().join(format!("driftlint-report-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        let status = std::process::Command::new("cp")
            .args(["-R"])
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success());
    };
    copy(&root().join("fixtures/seed"), &dir);
    std::fs::write(dir.join(".driftlint.yml"), "state: state\n").unwrap();
    let with_config = stdout(&driftlint(&dir, &["report"]));
    let golden =
        std::fs::read_to_string(root().join("tests/expected/seed-report-state.md")).unwrap();
    assert_eq!(
        with_config,
        golden.replace("from `fixtures/seed`", "from `.`")
    );
    // --state wins over the config; a rule turned off leaves its claims out of the report.
    std::fs::write(
        dir.join(".driftlint.yml"),
        "state: no-such-dir\nrules:\n  doc-approval-unverified:\n    enabled: false\n",
    )
    .unwrap();
    let out = driftlint(&dir, &["report"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: ./no-such-dir: state directory not found"
    );
    let text = stdout(&driftlint(&dir, &["report", "--state", "state"]));
    assert!(!text.contains("\"Production requires approval\""), "{text}");
    assert!(text.contains("✅ WORKING"));
    // default_branch: with `trunk`, pushes to main are not the default branch's any more and
    // dispatch routes are labelled with the ref they run on.
    std::fs::write(dir.join(".driftlint.yml"), "default_branch: trunk\n").unwrap();
    let text = stdout(&driftlint(&dir, &["report"]));
    assert!(
        text.contains("manual: run.yml environment=dev on branch main → dev (run.yml)"),
        "{text}"
    );
    let overridden = stdout(&driftlint(&dir, &["report", "--default-branch", "main"]));
    assert!(overridden.contains("manual: run.yml environment=dev → dev (run.yml)"));
    assert!(!overridden.contains("on branch main"), "{overridden}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// With runs.json alone, automatic routes are marked by their newest run's conclusion; manual
/// routes whose environment is a dispatch input stay unverified (runs do not record inputs).
#[test]
fn report_with_runs_only_marks_by_conclusion() {
    let dir = std::env::temp_dir().join(format!("driftlint-report-runs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("fixtures/seed/state/runs.json"),
        dir.join("runs.json"),
    )
    .unwrap();
    let text = stdout(&driftlint(
        &root(),
        &["report", "fixtures/seed", "--state", dir.to_str().unwrap()],
    ));
    let routes = actual_routes(&text);
    let mark = |start: &str| {
        routes
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start} in {routes:#?}"))
            .split(" | ")
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        mark("push branch feature/*"),
        "✅ WORKING (last run 2025-09-22T08:47:19Z)"
    );
    assert_eq!(
        mark("push branch main"),
        "❌ FAILING (last run failure on 2025-09-24T16:20:02Z)"
    );
    assert_eq!(
        mark("manual: run.yml environment=dev"),
        "unverified: runs do not record dispatch inputs, and no deployments.json was given"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Production deployed only by hand is a choice when no doc promises an automatic path: a
/// low risk, not a broken path.
#[test]
fn manual_production_without_a_promise_is_not_broken() {
    let scratch = common::Scratch::new("report-manual-prod");
    scratch.write(".github/workflows/deploy.yml", "name: Deploy\non:\n  workflow_dispatch:\njobs:\n  prod:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n");
    scratch.write(".github/workflows/release.yml", "name: Release\non:\n  workflow_dispatch:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  publish:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1\n");
    scratch.write(
        "README.md",
        "# Service\n\nRun the deploy workflow by hand to ship a release.\n",
    );
    let out = driftlint(&scratch.0, &["report"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let broken = text
        .split("### What Doesn't Work ❌\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_else(|| panic!("no What Doesn't Work section:\n{text}"));
    assert_eq!(broken, "No broken release path found.");
    // A job with no release effect is named once, not again in parentheses.
    assert!(
        text.contains("# 1. Run job `build` ✅\n# 2. Create GitHub release ✅ (job `publish`)\n"),
        "{text}"
    );
    // A deploy workflow without an environment choice still gets its command.
    assert!(
        text.contains("### Manual Deployment\n\n```bash\n# Deploy → production: unverified: no run history given\ngh workflow run deploy.yml\n```\n"),
        "{text}"
    );
    assert!(
        text.contains("- 🟢 **LOW**: Production is deployed only by hand (no automatic path)\n"),
        "{text}"
    );
}

/// A job skipped for the inputs of the shown command but run by other inputs is not "never
/// runs"; a job no dispatch runs is.
#[test]
fn skipped_by_these_inputs_differs_from_never_runs() {
    let scratch = common::Scratch::new("report-input-skip");
    scratch.write(".github/workflows/release.yml", "name: Release\non:\n  workflow_dispatch:\n    inputs:\n      kind:\n        type: choice\n        required: true\n        options: [rc, final]\njobs:\n  publish:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n  announce:\n    if: inputs.kind == 'final'\n    runs-on: x\n    steps:\n      - run: ./announce\n  on-push:\n    if: github.event_name == 'push'\n    runs-on: x\n    steps:\n      - run: ./x\n");
    let text = stdout(&driftlint(&scratch.0, &["report"]));
    let steps = process_steps(&text);
    assert_eq!(
        steps,
        [
            "# 1. Create GitHub release ✅ (job `publish`)",
            "# 2. Run job `announce` ❌ (job `announce` does not run with these inputs: if: inputs.kind == 'final' is false for workflow_dispatch)",
            "# 3. Run job `on-push` ❌ (job `on-push` never runs on workflow_dispatch: if: github.event_name == 'push' is false for workflow_dispatch)",
        ],
        "{text}"
    );
    assert!(
        text.contains("gh workflow run release.yml --field kind=rc\n"),
        "{text}"
    );
}

/// A commented-out trigger no doc relies on may be deliberate: the report asks for a decision
/// instead of telling the reader to re-enable it (the seed, whose docs rely on its tag
/// triggers, says "Re-enable").
#[test]
fn undocumented_commented_trigger_asks_for_a_decision() {
    let scratch = common::Scratch::new("report-decide");
    scratch.write(".github/workflows/publish.yml", "name: Publish\non:\n  # push:\n  #   branches: [main]\n  workflow_dispatch:\njobs:\n  npm:\n    runs-on: x\n    steps:\n      - run: npm publish\n");
    let text = stdout(&driftlint(&scratch.0, &["report"]));
    assert!(
        text.contains("1. **Decide on the commented-out triggers** in publish.yml: re-enable them, or delete them if the change is permanent:\n   ```yaml\n     push:\n       branches: [main]\n   ```\n"),
        "{text}"
    );
    assert!(!text.contains("Re-enable"), "{text}");
}

/// An environment named like the action ("deploy") is called an environment in the steps, so
/// the step does not read "Deploy to deploy".
#[test]
fn process_steps_name_the_environment_as_one() {
    let scratch = common::Scratch::new("report-env-word");
    scratch.write(".github/workflows/release.yml", "name: Release\non:\n  workflow_dispatch:\njobs:\n  publish:\n    runs-on: x\n    environment: deploy\n    steps:\n      - run: gh release create v1\n");
    let text = stdout(&driftlint(&scratch.0, &["report"]));
    let steps = process_steps(&text);
    assert_eq!(
        steps,
        [
            "# 1. Deploy to environment deploy ✅ (job `publish`)",
            "# 2. Create GitHub release ✅ (job `publish`)",
        ],
        "{text}"
    );
}

/// The GITHUB_TOKEN step is shown only when a workflow listens for the tag or release the run
/// makes; with no listener there is nothing to start.
#[test]
fn github_token_step_only_when_something_listens() {
    let release = "name: Release\non:\n  workflow_dispatch:\njobs:\n  tag:\n    runs-on: x\n    steps:\n      - run: git tag v1 && git push origin v1\n";
    let steps = |with_listener: bool| {
        let scratch = common::Scratch::new(if with_listener {
            "report-token-listener"
        } else {
            "report-token-alone"
        });
        scratch.write(".github/workflows/release.yml", release);
        if with_listener {
            scratch.write(".github/workflows/publish.yml", "name: Publish\non:\n  push:\n    tags: ['v*']\njobs:\n  up:\n    runs-on: x\n    steps:\n      - run: ./publish\n");
        }
        process_steps(&stdout(&driftlint(&scratch.0, &["report"])))
    };
    assert_eq!(steps(false), ["# 1. Create and push tag ✅ (job `tag`)"]);
    assert_eq!(
        steps(true),
        [
            "# 1. Create and push tag ✅ (job `tag`)",
            "# 2. Start tag-triggered workflows ❌ (the tag and release are made with GITHUB_TOKEN, whose events start no workflows; publish.yml listens for them)",
        ]
    );
}

/// A choice input without a default gets its first option in the command (the option the Run
/// workflow form preselects), required or not; a free-form optional input is left out.
#[test]
fn command_names_the_first_option_of_every_choice_without_default() {
    let scratch = common::Scratch::new("report-choice-default");
    scratch.write(".github/workflows/release.yml", "name: Release\non:\n  workflow_dispatch:\n    inputs:\n      target:\n        required: true\n      major:\n        type: choice\n        options: [v5, v4]\n      note:\n        required: false\n      channel:\n        type: choice\n        default: beta\n        options: [stable, beta]\njobs:\n  tag:\n    runs-on: x\n    steps:\n      - run: git tag v1 && git push origin v1\n");
    let text = stdout(&driftlint(&scratch.0, &["report"]));
    assert!(
        text.contains(
            "gh workflow run release.yml --field channel=beta --field major=v5 --field target=<target>\n"
        ),
        "{text}"
    );
}

/// A reusable workflow says who calls it (it never starts by itself); with two release
/// walkthroughs each heading names its workflow; a release that was never automatic is not
/// told to wait for automation to be "restored".
#[test]
fn reusable_callers_and_release_headings_name_their_workflows() {
    let scratch = common::Scratch::new("report-reusable");
    scratch.write(".github/workflows/publish.yml", "name: Publish\non:\n  workflow_call:\njobs:\n  npm:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n");
    scratch.write(".github/workflows/orphan.yml", "name: Orphan\non:\n  workflow_call:\njobs:\n  noop:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
    scratch.write(".github/workflows/release.yml", "name: Release\non:\n  workflow_dispatch:\njobs:\n  tag:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1\n  publish:\n    needs: tag\n    uses: ./.github/workflows/publish.yml\n");
    scratch.write(".github/workflows/hotfix.yml", "name: Hotfix\non:\n  workflow_dispatch:\njobs:\n  tag:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1-hotfix\n  publish:\n    uses: ./.github/workflows/publish.yml\n");
    let out = driftlint(&scratch.0, &["report"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.contains(
            "| Publish (`publish.yml`) | CALLED BY hotfix.yml, release.yml                      |"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "| Orphan (`orphan.yml`)   | REUSABLE - workflow_call, no caller in this repository |"
        ),
        "{text}"
    );
    assert!(!text.contains("AUTOMATIC - workflow_call"), "{text}");
    assert!(
        text.contains("### Creating a Release with hotfix.yml (MANUAL ONLY)\n"),
        "{text}"
    );
    assert!(
        text.contains("### Creating a Release with release.yml (MANUAL ONLY)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "- Keep the manual release procedure documented: who runs it, with which inputs\n"
        ),
        "{text}"
    );
    assert!(!text.contains("until automation is restored"), "{text}");
}

/// The same verified claim on several lines of one doc is one "What Works" item naming every line.
#[test]
fn repeated_verified_claim_is_one_item_with_all_its_lines() {
    let scratch = common::Scratch::new("report-repeated-claim");
    scratch.write(".github/workflows/release.yml", "name: Release\non:\n  workflow_dispatch:\njobs:\n  tag:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create v1\n");
    scratch.write(
        "RELEASING.md",
        "# Releasing\n\n```bash\ngh workflow run release.yml\n```\n\nTo retry a failed release:\n\n```bash\ngh workflow run release.yml\n```\n",
    );
    let text = stdout(&driftlint(&scratch.0, &["report"]));
    let works: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("### What Works"))
        .take_while(|l| !l.starts_with("### What Doesn't"))
        .filter(|l| l.contains("gh workflow run"))
        .collect();
    assert_eq!(
        works,
        ["2. `gh workflow run release.yml`: accepted by the workflow's inputs (RELEASING.md:4, 10)"],
        "{text}"
    );
}

/// The same unverified claim on several lines of one doc is one discrepancy row naming every line.
#[test]
fn repeated_discrepancy_is_one_row_with_all_its_lines() {
    let scratch = common::Scratch::new("report-repeated-discrepancy");
    scratch.write(".github/workflows/deploy.yml", "name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  prod:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n");
    scratch.write(
        "DEPLOY.md",
        "# Deploying\n\nProduction requires approval from a maintainer.\n\n## Hotfixes\n\nEven a hotfix to production requires approval.\n",
    );
    let text = stdout(&driftlint(&scratch.0, &["report"]));
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("## Documentation Discrepancies"))
        .filter(|l| l.starts_with("| \""))
        .collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(
        rows[0].starts_with("| \"Production requires approval\" (DEPLOY.md:3, 7) | Unverified"),
        "{text}"
    );
}
