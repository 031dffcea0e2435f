//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! which the runner turns into annotations on the pull request.

use super::{RenderInput, TOOL_NAME};
use crate::finding::{Finding, Severity};

/// Escape the message part of a workflow command: the runner decodes these three.
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escape a `key=value` property: the data escapes plus `:` and `,`, which delimit properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

fn line(f: &Finding) -> String {
    let mut message = f.text().into_owned();
    if !f.help.is_empty() {
        message.push_str("\n\n");
        message.push_str(&f.help);
    }
    // The other side of a drift finding (the workflow line for a doc claim): an annotation
    // sits on one file, so without these a reader sees only the doc half.
    if !f.related.is_empty() {
        message.push('\n');
    }
    for r in &f.related {
        message.push_str(&format!("\nrelated: {}:{}: {}", r.path, r.line, r.label));
    }
    format!(
        "::{cmd} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={title}::{msg}\n",
        cmd = command(f.severity),
        file = escape_property(&f.path),
        line = f.line,
        col = f.column,
        end_line = f.end_line,
        end_col = f.end_column,
        title = escape_property(&format!("{TOOL_NAME} {}", f.rule)),
        msg = escape_data(&message),
    )
}

pub(super) fn render(input: &RenderInput) -> String {
    input.findings.iter().map(line).collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::{bare_input, two_findings};
    use super::super::{render, Format, RenderInput};
    use super::*;

    fn input(findings: &[Finding]) -> RenderInput<'_> {
        bare_input(findings, 1)
    }

    #[test]
    fn escaping_tables() {
        let cases = [
            ("100%", "100%25", "100%25"),
            ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
            ("k: v, w", "k: v, w", "k%3A v%2C w"),
            ("%0A", "%250A", "%250A"),
        ];
        for (raw, data, property) in cases {
            assert_eq!(escape_data(raw), data, "data {raw:?}");
            assert_eq!(escape_property(raw), property, "property {raw:?}");
        }
    }

    #[test]
    fn one_line_per_finding_with_exact_escaping() {
        let findings = two_findings();
        let expected = "::error file=.github/workflows/release.yml,line=3,col=5,endLine=3,endColumn=17,title=driftlint trigger-drift::release runs on tag push, but RELEASING.md says it runs on release%0A%0Aupdate the doc or add `release: {types: [published]}`%0A%0Arelated: docs/RELEASING.md:12: the doc claim\n\
::warning file=.github/workflows/release.yml,line=6,col=14,endLine=6,endColumn=27,title=driftlint runner-label::runner `ubuntu-latest` moves between images\n";
        assert_eq!(render(Format::Github, &input(&findings)), expected);
    }

    #[test]
    fn hostile_path_rule_and_message() {
        let mut f = two_findings().remove(1);
        f.severity = Severity::Note;
        f.path = "dir,odd/a:b%.yml".into();
        f.rule = "x:y,z".into();
        f.message = "50% done\r\nnext: a, b".into();
        f.help = "see: x".into();
        assert_eq!(
            render(Format::Github, &input(&[f])),
            "::notice file=dir%2Codd/a%3Ab%25.yml,line=6,col=14,endLine=6,endColumn=27,title=driftlint x%3Ay%2Cz::50%25 done%0D%0Anext: a, b%0A%0Asee: x\n"
        );
    }

    #[test]
    fn no_findings_no_output() {
        assert_eq!(render(Format::Github, &input(&[])), "");
    }
}
