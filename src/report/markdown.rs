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
        f.message.clone(),
    ]
}

pub(super) fn render(input: &RenderInput) -> String {
    let mut out = format!(
        "### {TOOL_NAME}: {}\n\n",
        plural(input.findings.len(), "finding")
    );
    if input.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    let rows: Vec<Vec<String>> = input.findings.iter().map(row).collect();
    out.push_str(&markdown_table(
        &["Severity", "Rule", "Location", "Message"],
        &rows,
    ));
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
}
