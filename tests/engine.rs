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
    environment: live-eu
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

/// `.driftlint.yml` maps `live-eu` to production: the report sees the automatic push to
/// `live-eu` as a production deployment, as `check` does.
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
        "environments:\n  aliases:\n    production: [live-eu]\n",
    );
    let with = stdout(&driftlint(&repo.0, &["report", "."]));
    assert!(
        !with.contains("by any automatic event") && !with.contains("No automated production"),
        "{with}"
    );
}
