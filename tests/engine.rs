//! One analysis for check, report and routes: what the config and environment roles change
//! reaches every consumer.

mod common;

use common::{driftlint, stdout, Scratch};

const EU_DEPLOY: &str = "name: Deploy EU
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: eu-main
    steps:
      - run: ./deploy.sh
";

const MANUAL_RELEASE: &str = "name: Release
on:
  # push:
  #   tags: ['v*']
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy.sh
";

/// `.driftlint.yml` maps `eu-main` to production: the report sees the automatic push to
/// `eu-main` as a production deployment, as `check` does.
#[test]
fn config_aliases_reach_the_report() {
    let repo = Scratch::new("aliases");
    repo.write(".github/workflows/deploy.yml", EU_DEPLOY);
    repo.write(".github/workflows/release.yml", MANUAL_RELEASE);
    repo.write(
        "docs/RELEASING.md",
        "# Releasing\n\nPushing a version tag triggers the deployment to production.\n",
    );
    let without = stdout(&driftlint(&repo.0, &["report", "."]));
    assert!(
        without.contains("**Production deployment** by any automatic event"),
        "{without}"
    );
    repo.write(
        ".driftlint.yml",
        "environments:\n  aliases:\n    production: [eu-main]\n",
    );
    let with = stdout(&driftlint(&repo.0, &["report", "."]));
    assert!(
        !with.contains("by any automatic event") && !with.contains("No automated production"),
        "{with}"
    );
}

fn json_rules(out: &std::process::Output) -> Vec<(String, String, u64)> {
    common::json_findings(&stdout(out))
}

/// A workflow deploying `qa` and then `prod`, started by `on` (the lines under `on:`).
fn qa_then_prod(on: &str) -> String {
    format!("name: Deploy\non:\n{on}jobs:\n  qa:\n    runs-on: ubuntu-latest\n    environment: qa\n    steps:\n      - run: ./deploy.sh qa\n  prod:\n    needs: qa\n    runs-on: ubuntu-latest\n    environment: prod\n    steps:\n      - run: ./deploy.sh prod\n")
}

/// "Automated promotion from QA to prod" is checked against the environments it names, in
/// any naming: a push that deploys `qa` and then `prod` holds it.
#[test]
fn promotion_names_its_own_environments() {
    let repo = Scratch::new("promotion");
    repo.write(
        ".github/workflows/deploy.yml",
        &qa_then_prod("  push:\n    branches: [main]\n"),
    );
    repo.write(
        "docs/DEPLOY.md",
        "# Deploying\n\nWe use automated promotion from QA to prod after the checks pass.\n",
    );
    let args = ["check", "--format", "json", "--fail-on", "never", "."];
    let found = json_rules(&driftlint(&repo.0, &args));
    assert!(
        !found.iter().any(|(r, _, _)| r == "doc-claim-unsupported"),
        "{found:?}"
    );
    // Only by hand: the same sentence is now unsupported, and says which environments.
    repo.write(
        ".github/workflows/deploy.yml",
        &qa_then_prod("  workflow_dispatch:\n"),
    );
    let text = stdout(&driftlint(&repo.0, &args));
    assert!(
        text.contains("not functional: production is deployed only by manual dispatch"),
        "{text}"
    );
    let found = json_rules(&driftlint(&repo.0, &args));
    let doc_findings: Vec<_> = found
        .into_iter()
        .filter(|(_, f, _)| f.ends_with(".md"))
        .collect();
    assert_eq!(
        doc_findings,
        vec![(
            "doc-claim-unsupported".to_string(),
            "docs/DEPLOY.md".to_string(),
            3
        )]
    );
}

/// Production is a role: an unprotected `prod-eu` (by its word) and `eu-main` (named in the
/// config's roles) are reported like an unprotected `production`.
#[test]
fn production_role_is_data_not_a_name() {
    let repo = Scratch::new("roles");
    repo.write(
        ".github/workflows/deploy.yml",
        "name: Deploy
on:
  push:
    branches: [main]
jobs:
  eu:
    runs-on: ubuntu-latest
    environment: prod-eu
    steps:
      - run: ./deploy.sh
  us:
    runs-on: ubuntu-latest
    environment: primary-us
    steps:
      - run: ./deploy.sh
  preview:
    runs-on: ubuntu-latest
    environment: preview-eu
    steps:
      - run: ./deploy.sh
",
    );
    let env = |id: u32, name: &str| {
        format!(
            r#"{{"id": {id}, "name": "{name}", "protection_rules": [], "deployment_branch_policy": null}}"#
        )
    };
    repo.write(
        "state/environments.json",
        &format!(
            r#"{{"total_count": 3, "environments": [{}, {}, {}]}}"#,
            env(1, "prod-eu"),
            env(2, "primary-us"),
            env(3, "preview-eu")
        ),
    );
    repo.write(".driftlint.yml", "state: state\n");
    let args = ["check", "--format", "json", "--fail-on", "never", "."];
    let unprotected = |found: Vec<(String, String, u64)>| -> Vec<u64> {
        found
            .into_iter()
            .filter(|(r, _, _)| r == "unprotected-environment")
            .map(|(_, _, l)| l)
            .collect()
    };
    assert_eq!(unprotected(json_rules(&driftlint(&repo.0, &args))), vec![8]);
    repo.write(
        ".driftlint.yml",
        "state: state\nenvironments:\n  roles:\n    production: [primary-us]\n",
    );
    assert_eq!(
        unprotected(json_rules(&driftlint(&repo.0, &args))),
        vec![8, 13]
    );
    // A misspelt role is an error naming the file, line and the closest role.
    repo.write(
        ".driftlint.yml",
        "environments:\n  roles:\n    prodution: [primary-us]\n",
    );
    let out = driftlint(&repo.0, &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".driftlint.yml:3:5") && err.contains("did you mean `production`?"),
        "{err}"
    );
}

/// The report renders the analysis: it imports only verdict types from `checks`, and nothing
/// outside a rule's own file dispatches on a rule id (they group by topic instead).
#[test]
fn report_and_pipeline_never_name_a_rule() {
    let ids: Vec<&str> = driftlint::checks::RULES.iter().map(|e| e.id).collect();
    let mut offences = Vec::new();
    for dir in ["src/report", "src/engine", "src/facts", "src/cli"] {
        for entry in walk(&common::root().join(dir)) {
            let text = std::fs::read_to_string(&entry).unwrap();
            // Unit tests may use ids as data.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for id in &ids {
                if code.contains(&format!("\"{id}\"")) {
                    offences.push(format!("{}: names rule `{id}`", entry.display()));
                }
            }
            if dir == "src/report" {
                for line in code.lines().filter(|l| l.contains("crate::checks")) {
                    let allowed = line.trim() == "use crate::checks::{ClaimCheck, Outcome};"
                        || line.trim() == "use crate::checks::Outcome;"
                        || line.trim() == "use crate::checks::ClaimCheck;";
                    if !allowed {
                        offences.push(format!("{}: `{}`", entry.display(), line.trim()));
                    }
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}
