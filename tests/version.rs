//! `driftlint --version` names the commit it was built from when built from a git checkout
//! (build.rs); without git or outside a checkout it is the crate version alone.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    out.status.success().then(|| text.trim().to_string())
}

#[test]
fn version_names_the_checked_out_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_driftlint"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let version = format!("driftlint {}", env!("CARGO_PKG_VERSION"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .ok();
    let top =
        git(&["rev-parse", "--show-toplevel"]).and_then(|t| PathBuf::from(t).canonicalize().ok());
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) if top.is_some() && top == root => {
            assert_eq!(printed, format!("{version} (git {commit})\n"));
        }
        // A crate unpacked from `cargo package` (the commit is in .cargo_vcs_info.json).
        _ if PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(".cargo_vcs_info.json")
            .is_file() =>
        {
            assert!(
                printed.starts_with(&format!("{version} (git ")),
                "{printed}"
            );
        }
        _ => assert_eq!(printed, format!("{version}\n")),
    }
}
