//! Regression guard over the held-out labelled real cases in `tests/realworld/` (see its
//! README.md): driftlint runs on each case as `score.py` runs it, and the verdict on every
//! labelled row (drift row found or missed, correct row silent or alarmed) must equal the list
//! recorded in `tests/expected/realworld-labels.txt`. A found row must stay found and a silent
//! correct row must stay silent; a row that changes the other way (a miss now found, an alarm
//! now gone) also shows up, so the list is rewritten on purpose (UPDATE_EXPECT=1) and the
//! figures in tests/realworld/README.md are updated with it.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_expected, driftlint, root, stdout};

/// One doc span of a labelled row: path relative to the case, first and last line.
struct Span {
    path: String,
    lo: u64,
    hi: u64,
}

/// A labelled row: its section (`drift` or `correct`), its first cell as written, its spans and,
/// for drift rows, its kind.
struct Row {
    drift: bool,
    cell: String,
    spans: Vec<Span>,
    kind: String,
}

/// The spans of a first cell: `FILE:LINES` parts separated by ` ; `, lines as comma-separated
/// numbers or ranges (the format `score.py` reads).
fn spans(cell: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for part in cell.split(';') {
        let part = part.trim().trim_matches('`');
        let Some((path, lines)) = part.rsplit_once(':') else {
            continue;
        };
        for r in lines.split(',') {
            let r = r.trim();
            let (lo, hi) = r.split_once('-').unwrap_or((r, r));
            if let (Ok(lo), Ok(hi)) = (lo.trim().parse(), hi.trim().parse()) {
                out.push(Span {
                    path: path.trim().to_string(),
                    lo,
                    hi,
                });
            }
        }
    }
    out
}

/// The scored rows of an EXPECTED.md, in file order.
fn rows(expected: &str) -> Vec<Row> {
    let mut section: Option<bool> = None;
    let mut out = Vec::new();
    for line in expected.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            section = if title.contains("Drift") {
                Some(true)
            } else if title.contains("Correct") {
                Some(false)
            } else {
                None
            };
            continue;
        }
        let Some(drift) = section else { continue };
        if !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        let first = cells.first().map(|c| c.trim()).unwrap_or_default();
        if first.contains("doc file") {
            continue;
        }
        out.push(Row {
            drift,
            cell: first.to_string(),
            spans: spans(first),
            kind: cells
                .last()
                .map(|c| c.trim())
                .unwrap_or_default()
                .to_string(),
        });
    }
    out
}

/// `(path, line)` of every error or warning driftlint reports on the case.
fn reported(case: &Path) -> Vec<(String, u64)> {
    let out = driftlint(
        &root(),
        &[
            "check",
            &case.to_string_lossy(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", case.display());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{}: bad JSON: {e}", case.display()));
    v["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no findings array", case.display()))
        .iter()
        .filter(|f| matches!(f["severity"].as_str(), Some("error" | "warning")))
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// A row is hit when an error or warning lands on one of its lines, one line of slack either
/// side, on a path ending with the row's path (score.py's rule).
fn hit(row: &Row, findings: &[(String, u64)]) -> bool {
    row.spans.iter().any(|s| {
        findings
            .iter()
            .any(|(p, l)| p.ends_with(&s.path) && s.lo.saturating_sub(1) <= *l && *l <= s.hi + 1)
    })
}

fn cases() -> Vec<PathBuf> {
    let dir = root().join("tests/realworld");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("EXPECTED.md").is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn labelled_rows_keep_their_verdicts() {
    let cases = cases();
    assert!(cases.len() >= 8, "labelled cases missing: {cases:?}");
    let mut text = String::new();
    let (mut found, mut drift, mut alarms, mut correct) = (0, 0, 0, 0);
    for case in &cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        let expected = std::fs::read_to_string(case.join("EXPECTED.md")).unwrap();
        let rows = rows(&expected);
        assert!(
            rows.iter().all(|r| !r.spans.is_empty()),
            "{name}: a row names no doc lines"
        );
        let findings = reported(case);
        for row in &rows {
            let h = hit(row, &findings);
            let verdict = match (row.drift, h) {
                (true, true) => "found",
                (true, false) => "MISSED",
                (false, true) => "FALSE-ALARM",
                (false, false) => "silent",
            };
            if row.drift {
                drift += 1;
                found += usize::from(h);
                text.push_str(&format!("{name}\t{verdict}\t{}\t{}\n", row.kind, row.cell));
            } else {
                correct += 1;
                alarms += usize::from(h);
                text.push_str(&format!("{name}\t{verdict}\tcorrect\t{}\n", row.cell));
            }
        }
    }
    text.push_str(&format!(
        "drift rows found {found}/{drift}, false alarms {alarms}/{correct}\n"
    ));
    assert_expected(&text, &root().join("tests/expected/realworld-labels.txt"));
}

#[test]
fn row_cells_parse_like_score_py() {
    let s = spans("docs/a.md:3-5,9 ; .github/workflows/README.md:12");
    let got: Vec<(&str, u64, u64)> = s.iter().map(|s| (s.path.as_str(), s.lo, s.hi)).collect();
    assert_eq!(
        got,
        vec![
            ("docs/a.md", 3, 5),
            ("docs/a.md", 9, 9),
            (".github/workflows/README.md", 12, 12)
        ]
    );
    let row = Row {
        drift: true,
        cell: String::new(),
        spans: s,
        kind: String::new(),
    };
    // One line of slack either side, nothing further.
    assert!(hit(&row, &[("x/docs/a.md".into(), 6)]));
    assert!(hit(&row, &[("docs/a.md".into(), 2)]));
    assert!(!hit(&row, &[("docs/a.md".into(), 7)]));
    assert!(!hit(&row, &[("docs/b.md".into(), 4)]));
}
