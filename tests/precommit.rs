//! The `driftlint` pre-commit hook, run by the real `pre-commit` tool in a throwaway git
//! repository: only the staged files are reported. Skipped (with a message) when `pre-commit`
//! is not installed (`python3 -m pip install pre-commit`).
//!
//! With `DRIFTLINT_WHEEL` set to a built wheel (`.ci/wheel` does that), the hook is the
//! published one as pre-commit runs it for `language: python`: pre-commit makes a virtual
//! environment, installs the wheel in it and runs `driftlint check` from there. Without it,
//! the hook runs this build's binary.

mod scratch;

use std::path::Path;
use std::process::{Command, Output};

use driftlint::yaml::{load_str, Node};
use scratch::{Scratch, CI, RELEASE, RELEASE_PATH};

const HOOK_FILES: &str = r"^(\.github/workflows/.*\.ya?ml|.*\.(md|rst))$";

/// pre-commit's own cache, outside the test repository so driftlint does not read it.
fn pre_commit_home() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("driftlint-pre-commit-home-{}", std::process::id()))
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", pre_commit_home())
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

fn ok(dir: &Path, program: &str, args: &[&str]) {
    let out = run(dir, program, args);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The hooks this repository publishes, by id.
fn published_hook(id: &str) -> Node {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let doc = load_str(".pre-commit-hooks.yaml", &yaml).unwrap();
    let hooks = doc.root.unwrap();
    hooks
        .as_seq()
        .unwrap()
        .iter()
        .find(|h| h.get("id").and_then(Node::as_str) == Some(id))
        .unwrap_or_else(|| panic!("no hook {id}"))
        .clone()
}

#[test]
fn published_hooks_have_the_documented_shape() {
    let field = |h: &Node, k: &str| h.get(k).and_then(Node::as_str).map(str::to_string);
    let check = published_hook("driftlint");
    assert_eq!(field(&check, "entry").as_deref(), Some("driftlint check"));
    assert_eq!(field(&check, "language").as_deref(), Some("python"));
    assert_eq!(field(&check, "files").as_deref(), Some(HOOK_FILES));
    assert_eq!(
        check.get("pass_filenames").and_then(Node::as_bool),
        Some(true)
    );
    let report = published_hook("driftlint-report");
    assert_eq!(
        field(&report, "entry").as_deref(),
        Some("driftlint report --check")
    );
    assert_eq!(field(&report, "files").as_deref(), Some(HOOK_FILES));
    assert_eq!(
        report.get("pass_filenames").and_then(Node::as_bool),
        Some(false)
    );
    let files = regex::Regex::new(HOOK_FILES).unwrap();
    for (path, matched) in [
        (".github/workflows/release.yml", true),
        (".github/workflows/ci.yaml", true),
        ("README.md", true),
        ("docs/RELEASING.md", true),
        (".github/dependabot.yml", false),
        ("src/main.rs", false),
    ] {
        assert_eq!(files.is_match(path), matched, "{path}");
    }
}

/// (file, line) of every `::warning`/`::error` annotation in the hook output.
fn annotations(output: &str) -> Vec<(String, u32)> {
    output
        .lines()
        .filter_map(|l| {
            let rest = l
                .strip_prefix("::warning file=")
                .or_else(|| l.strip_prefix("::error file="))?;
            let (file, rest) = rest.split_once(",line=")?;
            let line = rest.split(',').next()?.parse().ok()?;
            Some((file.to_string(), line))
        })
        .collect()
}

#[test]
fn hook_reports_only_staged_files() {
    let installed = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("skipping: `pre-commit` is not on PATH (python3 -m pip install pre-commit)");
        return;
    }
    let repo = Scratch::new("precommit");
    let dir = repo.dir.as_path();
    ok(dir, "git", &["init", "-q", "-b", "main"]);
    let hook = published_hook("driftlint");
    let entry = hook.get("entry").and_then(Node::as_str).unwrap();
    let language = hook.get("language").and_then(Node::as_str).unwrap();
    let definition = match std::env::var("DRIFTLINT_WHEEL") {
        // The published hook, installed from the wheel as pre-commit installs python hooks.
        Ok(wheel) if !wheel.is_empty() => {
            assert!(
                Path::new(&wheel).is_file(),
                "DRIFTLINT_WHEEL={wheel}: no such file"
            );
            format!("entry: {entry}\n        language: {language}\n        additional_dependencies: ['{wheel}']")
        }
        // The published hook, run from this build instead of being built by pre-commit.
        _ => {
            let command = entry.replacen("driftlint", env!("CARGO_BIN_EXE_driftlint"), 1);
            format!("entry: '{command}'\n        language: system")
        }
    };
    repo.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: driftlint\n        name: driftlint\n        {definition}\n        args: [--format, github]\n        files: '{HOOK_FILES}'\n        pass_filenames: true\n        require_serial: true\n"
        ),
    );
    repo.write(".github/workflows/ci.yml", CI);
    ok(dir, "git", &["add", "."]);
    ok(dir, "git", &["commit", "-q", "-m", "init"]);

    // One staged workflow with two findings; an untracked workflow with a finding next to it.
    repo.write(RELEASE_PATH, RELEASE);
    repo.write(
        ".github/workflows/nightly.yml",
        "on:\n  # schedule:\n  #   - cron: '0 3 * * *'\n  push:\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n",
    );
    ok(dir, "git", &["add", RELEASE_PATH]);
    let out = run(dir, "pre-commit", &["run", "--color", "never"]);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("driftlint") && printed.contains("Failed"),
        "{printed}"
    );
    assert_eq!(
        annotations(&printed),
        vec![(RELEASE_PATH.to_string(), 3), (RELEASE_PATH.to_string(), 4)],
        "{printed}"
    );

    // Committed and untracked workflows have findings; the staged doc has none: passes.
    ok(dir, "git", &["commit", "-q", "-m", "release"]);
    repo.write(
        "docs/RELEASING.md",
        "# Releasing\n\nAsk in the team channel first.\n",
    );
    ok(dir, "git", &["add", "docs/RELEASING.md"]);
    let out = run(dir, "pre-commit", &["run", "--color", "never"]);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(0), "{printed}");
    assert!(printed.contains("Passed"), "{printed}");
    assert_eq!(annotations(&printed), vec![], "{printed}");
    if std::env::var_os("DRIFTLINT_WHEEL").is_some_and(|w| !w.is_empty()) {
        // pre-commit ran the driftlint it installed from the wheel into its own environment.
        let installed = std::fs::read_dir(pre_commit_home())
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|repo| {
                std::fs::read_dir(repo.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .any(|env| {
                env.file_name().to_string_lossy().starts_with("py_env")
                    && env.path().join("bin/driftlint").is_file()
            });
        assert!(installed, "no driftlint in a pre-commit python environment");
    }
    let _ = std::fs::remove_dir_all(pre_commit_home());
}
