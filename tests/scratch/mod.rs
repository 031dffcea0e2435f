//! A throwaway repository in the temp dir for tests that write files, and a JSON view of
//! `driftlint check --format json` output with severities and messages.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    /// An empty repository (with `.github/workflows/`) named after the test.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("driftlint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
        Scratch { dir }
    }

    pub fn write(&self, rel: &str, text: &str) -> &Scratch {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.dir, args)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_driftlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run driftlint: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One finding as (rule, severity, path, line, message), from JSON output.
pub type Row = (String, String, String, u64, String);

pub fn rows(o: &Output) -> Vec<Row> {
    let text = stdout(o);
    let v: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {text}\nstderr: {}", stderr(o)));
    v["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {text}"))
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (
                s("rule"),
                s("severity"),
                s("path"),
                f["line"].as_u64().unwrap_or(0),
                s("message"),
            )
        })
        .collect()
}

/// (rule, path, line) of each finding, in output order.
pub fn locations(o: &Output) -> Vec<(String, String, u64)> {
    rows(o)
        .into_iter()
        .map(|(r, _, p, l, _)| (r, p, l))
        .collect()
}

pub fn loc(rule: &str, path: &str, line: u64) -> (String, String, u64) {
    (rule.to_string(), path.to_string(), line)
}

/// A release workflow with two findings: `manual-only` at line 3 (`on:`) and
/// `disabled-trigger` at line 4 (`# push:`).
pub const RELEASE: &str = "\
name: Release

on:
  # push:
  #   tags: ['v*']
  workflow_dispatch:

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1
permissions:
  contents: read
";

pub const RELEASE_PATH: &str = ".github/workflows/release.yml";

/// A workflow with no findings.
pub const CI: &str = "\
name: CI

on:
  push:
    branches: [main]

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
permissions:
  contents: read
";
