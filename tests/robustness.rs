//! Bad and hostile input: never a crash, always a clear finding or error, in bounded time.

mod common;

use std::path::{Path, PathBuf};

use common::{driftlint, json_findings, root, stdout};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("driftlint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(".github/workflows").join(name), bytes).unwrap();
}

const GOOD: &[u8] = b"on:\n  # push:\n  #   tags: ['v*']\n  workflow_dispatch:\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: gh release create v1\n";

#[test]
fn hostile_files_are_reported_and_other_files_still_checked() {
    let dir = scratch("hostile");
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, n) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        bomb.push_str(&format!("{n}: &{n} [{refs}]\n"));
    }
    write(&dir, "bomb.yml", bomb.as_bytes());
    write(&dir, "deep.yml", "[".repeat(100_000).as_bytes());
    let mut big = b"on: push\n".to_vec();
    big.resize(20 * 1024 * 1024, b'#');
    write(&dir, "big.yml", &big);
    write(&dir, "nul.yml", b"on: push\njobs:\0\n");
    write(&dir, "utf8.yml", b"on: push\nname: \xff\xfe\n");
    write(&dir, "tabs.yml", b"on:\n\tpush:\n");
    write(&dir, "good.yml", GOOD);

    let out = driftlint(&dir, &["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = json_findings(&stdout(&out));
    let wf = |n: &str| format!(".github/workflows/{n}");
    let errors: Vec<(String, u64)> = found
        .iter()
        .filter(|(r, _, _)| r == "syntax-error")
        .map(|(_, p, l)| (p.clone(), *l))
        .collect();
    assert_eq!(
        errors,
        vec![
            (wf("big.yml"), 1),
            (wf("bomb.yml"), 6),
            (wf("deep.yml"), 1),
            (wf("nul.yml"), 2),
            (wf("tabs.yml"), 2),
            (wf("utf8.yml"), 2),
        ]
    );
    // The valid file next to them is still checked.
    assert!(
        found.contains(&("disabled-trigger".into(), wf("good.yml"), 2)),
        "{found:?}"
    );
    let text = stdout(&out);
    assert!(text.contains("aliases expand to more than"), "{text}");
    assert!(text.contains("NUL byte at line 2"), "{text}");
    assert!(text.contains("invalid UTF-8 at line 2"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_broken_files_exit_2() {
    let dir = scratch("allbroken");
    write(&dir, "broken.yml", b"on: [push\n");
    let out = driftlint(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_path_is_a_usage_error() {
    let out = driftlint(&root(), &["check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

/// Every file of the shared corpus loads without a crash; real-world workflows all parse.
#[test]
fn corpus_loads_without_crash() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let realworld: Vec<PathBuf> = std::fs::read_dir(corpus.join("realworld"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    assert!(realworld.len() >= 70, "expected the 77 real-world repos");
    let analysis = driftlint::cli::analyze(&realworld);
    let syntax: Vec<String> = analysis
        .findings
        .iter()
        .filter(|f| f.rule == "syntax-error")
        .map(|f| format!("{}:{}: {}", f.path, f.line, f.message))
        .collect();
    assert!(
        syntax.is_empty(),
        "real-world workflows must all parse:\n{}",
        syntax.join("\n")
    );
    assert!(analysis.file_count() > 1000);
    // Test data of peers, including deliberately broken files: no panic, a result per file.
    for peer in ["actionlint", "zizmor"] {
        let a = driftlint::cli::analyze(&[corpus.join(peer)]);
        assert!(a.file_count() > 100, "{peer}: {}", a.file_count());
    }
}

/// The vendored sample (no outside corpus needed): every workflow loads, parses, and is
/// checked without a crash.
#[test]
fn vendored_sample_loads_without_crash() {
    let sample = root().join("tests/data/workflow-sample");
    let mut repos: Vec<PathBuf> = std::fs::read_dir(&sample)
        .unwrap_or_else(|e| panic!("{}: {e}", sample.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    assert_eq!(repos.len(), 19, "repositories in the vendored sample");
    let analysis = driftlint::cli::analyze(&repos);
    let syntax: Vec<String> = analysis
        .findings
        .iter()
        .filter(|f| f.rule == "syntax-error")
        .map(|f| format!("{}:{}: {}", f.path, f.line, f.message))
        .collect();
    assert!(
        syntax.is_empty(),
        "sample workflows must all parse:\n{}",
        syntax.join("\n")
    );
    let workflows: usize = analysis.repos.iter().map(|r| r.repo.workflows.len()).sum();
    assert_eq!(workflows, 147);
    assert!(!analysis.findings.is_empty());
}
