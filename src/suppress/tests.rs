use super::*;
use crate::finding::Severity;

fn finding(rule: &str, file: &SourceFile, line: u32) -> Finding {
    Finding::at_line(
        rule,
        Severity::Warning,
        file,
        line,
        format!("{rule} at {line}"),
    )
}

#[test]
fn apply_drops_covered_findings_and_lists_unused_entries() {
    let wf = SourceFile::from_text(
        "w.yml",
        "on:\n  # driftlint: ignore[disabled-trigger, manual-only]\n  # push:\n  workflow_dispatch: # driftlint: ignore[manual-only]\n",
    );
    let md = SourceFile::from_text(
        "RELEASING.md",
        "# R\n\n<!-- driftlint: ignore[doc-claim] -->\nPush a tag.\nThen wait.\n\nOther.\n",
    );
    let comments = crate::yaml::scan_comments(&wf, &[]);
    let files = vec![
        FileDirectives {
            file: &wf,
            directives: yaml::directives(&wf, &comments),
        },
        FileDirectives {
            file: &md,
            directives: markdown::directives(&md),
        },
    ];
    let findings = vec![
        finding("disabled-trigger", &wf, 3),
        finding("manual-only", &wf, 1),
        finding("manual-only", &wf, 4),
        finding("doc-claim", &md, 5),
        finding("doc-claim", &md, 7),
        finding("disabled-trigger", &md, 4),
    ];
    let applied = apply(findings, &files);
    let kept: Vec<(&str, &str, u32)> = applied
        .kept
        .iter()
        .map(|f| (f.rule.as_str(), f.path.as_str(), f.line))
        .collect();
    assert_eq!(
        kept,
        vec![
            ("manual-only", "w.yml", 1),
            ("doc-claim", "RELEASING.md", 7),
            ("disabled-trigger", "RELEASING.md", 4),
        ]
    );
    let suppressed: Vec<(&str, u32)> = applied
        .suppressed
        .iter()
        .map(|f| (f.rule.as_str(), f.line))
        .collect();
    assert_eq!(
        suppressed,
        vec![
            ("disabled-trigger", 3),
            ("manual-only", 4),
            ("doc-claim", 5)
        ]
    );
    let unused: Vec<(&str, u32, u32, &str)> = applied
        .unused
        .iter()
        .map(|u| {
            (
                u.file.path.as_str(),
                u.directive.line,
                u.rule.column,
                u.rule.id.as_str(),
            )
        })
        .collect();
    assert_eq!(unused, vec![("w.yml", 2, 41, "manual-only")]);
}

#[test]
fn broken_directives_suppress_nothing_and_are_not_unused() {
    let wf = SourceFile::from_text("w.yml", "# driftlint: ignore\non: push\n");
    let comments = crate::yaml::scan_comments(&wf, &[]);
    let files = vec![FileDirectives {
        file: &wf,
        directives: yaml::directives(&wf, &comments),
    }];
    let applied = apply(vec![finding("manual-only", &wf, 2)], &files);
    assert_eq!(applied.kept.len(), 1);
    assert!(applied.suppressed.is_empty());
    assert!(applied.unused.is_empty());
}
