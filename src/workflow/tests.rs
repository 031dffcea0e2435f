use super::*;
use crate::source::SourceFile;

fn wf(text: &str) -> Workflow {
    Workflow::load(SourceFile::from_text("w.yml", text)).unwrap()
}

#[test]
fn on_in_three_shapes() {
    assert_eq!(wf("on: push\njobs: {}\n").triggers[0].event, "push");
    let list: Vec<String> = wf("on: [push, pull_request]\n")
        .triggers
        .into_iter()
        .map(|t| t.event)
        .collect();
    assert_eq!(list, ["push", "pull_request"]);
    let w = wf("on:\n  push:\n    branches: [main]\n    tags-ignore: ['v*']\n  schedule:\n    - cron: '0 3 * * *'\n");
    assert_eq!(
        w.triggers[0].filters.describe(),
        "branches main; tags-ignore v*"
    );
    assert_eq!(w.triggers[1].crons[0].value, "0 3 * * *");
}

#[test]
fn dispatch_inputs_and_jobs() {
    let w = wf(r#"name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment:
        type: choice
        required: true
        default: dev
        options: [dev, staging, prod]
jobs:
  deploy:
    needs: [build]
    if: github.ref == 'refs/heads/main'
    environment:
      name: ${{ inputs.environment }}
      url: https://x
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: gh release create v1
  build:
    uses: ./.github/workflows/build.yml
    with:
      target: x
"#);
    assert_eq!(w.display_name(), "Deploy");
    let input = w
        .trigger("workflow_dispatch")
        .unwrap()
        .input("environment")
        .unwrap();
    assert_eq!(input.kind, InputKind::Choice);
    assert!(input.required);
    let opts: Vec<&str> = input.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(opts, ["dev", "staging", "prod"]);
    let deploy = w.job("deploy").unwrap();
    assert_eq!(deploy.needs[0].value, "build");
    assert_eq!(
        deploy.environment.as_ref().unwrap().name.value,
        "${{ inputs.environment }}"
    );
    assert_eq!(
        deploy.environment.as_ref().unwrap().name.span.start.line,
        15
    );
    assert_eq!(deploy.steps[1].label(), "gh release create v1");
    let build = w.job("build").unwrap();
    assert_eq!(
        build.uses.as_ref().unwrap().value,
        "./.github/workflows/build.yml"
    );
    assert_eq!(build.with[0].1.value, "x");
}

#[test]
fn commented_tag_trigger_is_a_disabled_trigger() {
    let w = wf("name: R\n\non:\n  # DISABLED DURING MIGRATION\n  # push:\n  #   tags:\n  #     - 'v*.*.*'\n  #     - 'v*.*.*-rc*'  # rc\n  workflow_dispatch:\njobs: {}\n");
    assert_eq!(w.triggers.len(), 1);
    let d = &w.disabled_triggers;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].event, "push");
    assert_eq!((d[0].first_line, d[0].last_line), (5, 8));
    assert_eq!(d[0].describe(), "push tags v*.*.*, v*.*.*-rc*");
    assert_eq!(
        d[0].reason_text().as_deref(),
        Some("DISABLED DURING MIGRATION")
    );
    assert!(!d[0].partial);
}

#[test]
fn commented_filters_under_live_event_are_partial() {
    let w = wf("on:\n  push:\n    branches: [main]\n    # tags:\n    #   - 'v*'\njobs: {}\n");
    assert_eq!(w.disabled_triggers.len(), 1);
    assert!(w.disabled_triggers[0].partial);
    assert_eq!(w.disabled_triggers[0].describe(), "push tags v*");
}

#[test]
fn comments_outside_on_are_ignored() {
    let w = wf("on: push\njobs:\n  a:\n    # push:\n    #   tags: [x]\n    runs-on: x\n");
    assert!(w.disabled_triggers.is_empty());
}

#[test]
fn env_and_concurrency_are_kept() {
    let w = wf("on: push\nenv:\n  A: '1'\nconcurrency: deploy\njobs:\n  j:\n    env: { B: x }\n    concurrency: { group: g }\n    runs-on: x\n");
    assert_eq!(w.env[0].0.value, "A");
    assert_eq!(w.env[0].1.value, "1");
    assert_eq!(
        w.concurrency.as_ref().and_then(|c| c.as_str()),
        Some("deploy")
    );
    let j = w.job("j").unwrap();
    assert_eq!(
        (j.env[0].0.value.as_str(), j.env[0].1.value.as_str()),
        ("B", "x")
    );
    assert!(j
        .concurrency
        .as_ref()
        .and_then(|c| c.get("group"))
        .is_some());
}
