//! Markdown output for pull-request comments and `$GITHUB_STEP_SUMMARY`.

use comfy_table::{presets::ASCII_MARKDOWN, ContentArrangement, Table};

use super::{plural, RenderInput, TOOL_NAME};
use crate::finding::Finding;

/// Make text safe inside one markdown table cell: a `|` would end the cell and a newline the
/// row, so they become `\|` and `<br>`.
fn escape_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// A GitHub-flavoured markdown table (comfy-table's markdown preset, padded columns), one
/// line per row, ending in a newline. Cells are escaped; a row shorter than the header gets
/// empty cells, and extra cells beyond the header are dropped so the table stays rectangular.
/// Without headers there is no table: the result is empty.
pub fn markdown_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let width = headers.len();
    if width == 0 {
        return String::new();
    }
    let mut table = Table::new();
    table
        .load_preset(ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(headers.iter().map(|h| escape_cell(h)));
    for row in rows {
        let cells = (0..width).map(|i| row.get(i).map_or(String::new(), |c| escape_cell(c)));
        table.add_row(cells);
    }
    let mut out = table.to_string();
    out.push('\n');
    out
}

fn row(f: &Finding) -> Vec<String> {
    vec![
        f.severity.as_str().to_string(),
        f.rule.clone(),
        format!("{}:{}:{}", f.path, f.line, f.column),
        f.text().into_owned(),
    ]
}

/// Findings as one table; with a discrepancy table, the documentation findings it describes
/// are shown there (claim | actual state | impact) and the rest in a table of their own.
pub(super) fn render(input: &RenderInput) -> String {
    let mut out = format!(
        "### {TOOL_NAME}: {}\n\n",
        plural(input.findings.len(), "finding")
    );
    if input.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    let headers = ["Severity", "Rule", "Location", "Message"];
    let Some(d) = input.discrepancies.filter(|d| !d.rows.is_empty()) else {
        let rows: Vec<Vec<String>> = input.findings.iter().map(row).collect();
        out.push_str(&markdown_table(&headers, &rows));
        return out;
    };
    out.push_str("#### Documentation discrepancies\n\n");
    out.push_str(&markdown_table(&super::discrepancy::HEADERS, &d.rows));
    let rest: Vec<Vec<String>> = input
        .findings
        .iter()
        .enumerate()
        .filter(|(i, _)| d.covered.binary_search(i).is_err())
        .map(|(_, f)| row(f))
        .collect();
    if !rest.is_empty() {
        out.push_str("\n#### Other findings\n\n");
        out.push_str(&markdown_table(&headers, &rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::{bare_input, two_findings};
    use super::super::{render, Format, RenderInput};
    use super::*;

    fn input(findings: &[Finding]) -> RenderInput<'_> {
        bare_input(findings, 3)
    }

    #[test]
    fn table_with_pipes_and_newlines() {
        let rows = vec![
            vec!["a|b".to_string(), "line1\nline2\r\nline3".to_string()],
            vec!["short".to_string()],
            vec!["x".into(), "y".into(), "dropped".into()],
        ];
        let expected = "\
| Key   | Value                   |
|-------|-------------------------|
| a\\|b  | line1<br>line2<br>line3 |
| short |                         |
| x     | y                       |
";
        assert_eq!(markdown_table(&["Key", "Value"], &rows), expected);
    }

    #[test]
    fn degenerate_tables() {
        assert_eq!(markdown_table(&["A", "B"], &[]), "| A | B |\n|---|---|\n");
        // No columns: no table at all rather than a stray `||`.
        assert_eq!(markdown_table(&[], &[vec!["x".into()]]), "");
    }

    #[test]
    fn findings_table_exact() {
        let mut findings = two_findings();
        findings[1].message = "use `a | b`\nnot c".into();
        let expected = "\
### driftlint: 2 findings

| Severity | Rule          | Location                           | Message                                                            |
|----------|---------------|------------------------------------|--------------------------------------------------------------------|
| error    | trigger-drift | .github/workflows/release.yml:3:5  | release runs on tag push, but RELEASING.md says it runs on release |
| warning  | runner-label  | .github/workflows/release.yml:6:14 | use `a \\| b`<br>not c                                              |
";
        assert_eq!(render(Format::Markdown, &input(&findings)), expected);
    }

    #[test]
    fn single_and_no_findings() {
        assert_eq!(
            render(Format::Markdown, &input(&[])),
            "### driftlint: 0 findings\n\nNo findings.\n"
        );
        let one = &two_findings()[..1];
        assert!(render(Format::Markdown, &input(one))
            .starts_with("### driftlint: 1 finding\n\n| Severity |"));
    }

    #[test]
    fn discrepancy_table_takes_the_findings_it_covers() {
        let findings = two_findings();
        let d = crate::report::discrepancy::Discrepancies {
            rows: vec![vec![
                "\"Tag triggers deployment\" (RELEASING.md:8)".into(),
                "Tag triggers commented out".into(),
                "Manual deployment required".into(),
            ]],
            covered: vec![0],
        };
        let mut i = input(&findings);
        i.discrepancies = Some(&d);
        let expected = "\
### driftlint: 2 findings

#### Documentation discrepancies

| Documentation Claims                       | Actual State               | Impact                     |
|--------------------------------------------|----------------------------|----------------------------|
| \"Tag triggers deployment\" (RELEASING.md:8) | Tag triggers commented out | Manual deployment required |

#### Other findings

| Severity | Rule         | Location                           | Message                                     |
|----------|--------------|------------------------------------|---------------------------------------------|
| warning  | runner-label | .github/workflows/release.yml:6:14 | runner `ubuntu-latest` moves between images |
";
        assert_eq!(render(Format::Markdown, &i), expected);
        // Every finding covered: no second table.
        let all = crate::report::discrepancy::Discrepancies {
            covered: vec![0, 1],
            ..d.clone()
        };
        i.discrepancies = Some(&all);
        assert!(!render(Format::Markdown, &i).contains("Other findings"));
    }
}
