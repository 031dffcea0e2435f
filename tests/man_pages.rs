//! docs/man/*.1 are the man pages clap_mangen makes from the clap definitions (one page for
//! `driftlint` and one per subcommand), and stay fresh like the rule pages:
//! `UPDATE_EXPECT=1 cargo test --test man_pages` regenerates them.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::CommandFactory;

fn man_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/man")
}

/// The pages clap_mangen writes, by file name. The version is the crate's alone: the git
/// revision that `--version` adds would make every commit change the pages.
fn wanted() -> BTreeMap<String, String> {
    let command = driftlint::cli::Cli::command().version(env!("CARGO_PKG_VERSION"));
    // One folder per call: the tests run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("driftlint-man-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    clap_mangen::generate_to(command, &dir).unwrap();
    let pages = common::files_with_ext(&dir, ".1");
    let _ = std::fs::remove_dir_all(&dir);
    pages
}

#[test]
fn man_pages_are_up_to_date() {
    let wanted = wanted();
    for page in [
        "driftlint.1",
        "driftlint-check.1",
        "driftlint-report.1",
        "driftlint-init.1",
    ] {
        assert!(
            wanted.contains_key(page),
            "clap_mangen made no {page}: {:?}",
            wanted.keys()
        );
    }
    common::assert_generated_dir(
        &man_dir(),
        ".1",
        &wanted,
        "documents no subcommand",
        "man_pages",
    );
}

/// The main page documents every subcommand and the check options users look up.
#[test]
fn main_page_names_each_subcommand() {
    let wanted = wanted();
    let main = &wanted["driftlint.1"];
    let title = format!(
        ".TH driftlint 1  \"driftlint {}\"",
        env!("CARGO_PKG_VERSION")
    );
    assert!(main.contains(&title), "{main}");
    for sub in driftlint::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        assert!(main.contains(&format!("driftlint\\-{name}(1)")), "{name}");
    }
    let check = &wanted["driftlint-check.1"];
    for option in [
        "\\-\\-fail\\-on",
        "\\-\\-format",
        "\\-\\-baseline",
        "\\-\\-state",
    ] {
        assert!(check.contains(option), "driftlint-check.1 lacks {option}");
    }
}
