//! Helpers shared by the integration tests: run the built binary, read expected files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn driftlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_driftlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run driftlint: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Compare with an expected file; with UPDATE_EXPECT=1 set, rewrite it instead.
pub fn assert_expected(actual: &str, expected_file: &Path) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        if let Some(dir) = expected_file.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(expected_file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(expected_file).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_EXPECT=1 to create)",
            expected_file.display()
        )
    });
    if expected != actual {
        panic!(
            "output differs from {} (UPDATE_EXPECT=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
            expected_file.display()
        );
    }
}

/// `(rule, path, line)` of every finding in `driftlint check --format json` output.
pub fn json_findings(json: &str) -> Vec<(String, String, u64)> {
    let v: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("bad JSON: {e}\n{json}"));
    let mut out: Vec<(String, String, u64)> = v["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings array in {json}"))
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A fresh scratch directory, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "driftlint-test-{}-{tag}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Scratch {
    /// Write `text` to `rel` under the scratch directory, creating folders as needed.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Rules of the `security` category (they fire on most workflows; tests of other features
/// leave them out).
#[allow(dead_code)]
pub fn is_security(rule: &str) -> bool {
    driftlint::checks::meta::get(rule).is_some_and(|m| m.category == "security")
}

/// The files of `dir` whose names end with `ext`, by name.
pub fn files_with_ext(dir: &Path, ext: &str) -> std::collections::BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Default::default();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let text = std::fs::read_to_string(e.path()).ok()?;
            name.ends_with(ext).then_some((name, text))
        })
        .collect()
}

/// A folder of generated files (`ext`) holds exactly `wanted`; with UPDATE_EXPECT=1 set it is
/// rewritten instead, files nothing generates removed. `orphan` says what such a file fails
/// to be ("documents no subcommand"); `test` is the test binary that regenerates.
pub fn assert_generated_dir(
    dir: &Path,
    ext: &str,
    wanted: &std::collections::BTreeMap<String, String>,
    orphan: &str,
    test: &str,
) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(dir).unwrap();
        for name in files_with_ext(dir, ext)
            .keys()
            .filter(|n| !wanted.contains_key(*n))
        {
            std::fs::remove_file(dir.join(name)).unwrap();
        }
        for (name, text) in wanted {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let shown = dir
        .strip_prefix(root())
        .unwrap_or(dir)
        .display()
        .to_string();
    let have = files_with_ext(dir, ext);
    let mut problems = Vec::new();
    for (name, text) in wanted {
        match have.get(name) {
            None => problems.push(format!("{shown}/{name} is missing")),
            Some(t) if t != text => problems.push(format!("{shown}/{name} is stale")),
            Some(_) => {}
        }
    }
    for name in have.keys().filter(|n| !wanted.contains_key(*n)) {
        problems.push(format!("{shown}/{name} {orphan}"));
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `UPDATE_EXPECT=1 cargo test --test {test}` to regenerate",
        problems.join("\n")
    );
}
