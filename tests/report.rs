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
