//! The default, human-readable report: miette's graphical rendering with the source lines of
//! each finding, then its related locations and a one-line summary.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Report, SourceCode, SourceSpan, SpanContents,
};

use super::{byte_offset, plural, RenderInput, SeverityCounts};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

/// Fixed layout width so output does not depend on the terminal the tests run in.
const WIDTH: usize = 100;

/// Lines longer than this (in bytes) are not handed to miette: its padding overflows past
/// ~65,000 columns (a panic), and a 500 KB line would be echoed whole. They get a window.
const LONG_LINE: usize = 400;

/// Characters of a long line shown before and after the start of a finding.
const WINDOW: usize = 60;

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false)
        // The default splitter breaks at hyphens: `release-\nplease.yml` is no file a user can find.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

/// miette's graphical block for a finding whose file is loaded.
fn graphical(
    handler: &GraphicalReportHandler,
    f: &Finding,
    file: &SourceFile,
    label: &str,
) -> Option<String> {
    let end_line = f.end_line.max(f.line);
    let shown = f.line.saturating_sub(1).max(1)..=end_line.saturating_add(1);
    if shown
        .into_iter()
        .any(|l| file.line_text(l).len() > LONG_LINE)
    {
        return None;
    }
    let start = byte_offset(file, f.line, f.column);
    let end = byte_offset(file, end_line, f.end_column).max(start);
    let mut diag = MietteDiagnostic::new(f.text().into_owned())
        .with_code(f.rule.clone())
        .with_severity(miette_severity(f.severity))
        .with_label(LabeledSpan::new_primary_with_span(
            Some(label.to_string()),
            (start, end - start),
        ));
    if !f.help.is_empty() {
        diag = diag.with_help(f.help.clone());
    }
    let report =
        Report::new(diag).with_source_code(Excerpt::around(file, &f.path, f.line, end_line));
    let mut out = String::new();
    handler.render_report(&mut out, report.as_ref()).ok()?;
    Some(out)
}

/// Lines before and after a finding that an excerpt holds; miette shows one line of context.
const EXCERPT_MARGIN: u32 = 3;

/// The lines around a finding, as miette's source: miette counts lines from the start of the
/// source on every read, so handing it the whole file made rendering quadratic in a file's
/// findings. Offsets and line numbers stay those of the whole file.
struct Excerpt {
    name: String,
    text: String,
    /// Byte offset and 0-based line of `text` in the file.
    offset: usize,
    line: usize,
}

impl Excerpt {
    fn around(file: &SourceFile, name: &str, line: u32, end_line: u32) -> Excerpt {
        let first = line.saturating_sub(EXCERPT_MARGIN).max(1);
        let start = file.line_start(first);
        let end = file.line_start(end_line.saturating_add(EXCERPT_MARGIN + 1));
        Excerpt {
            name: name.to_string(),
            text: miette_text(file.text.get(start..end).unwrap_or_default()),
            offset: start,
            line: first as usize - 1,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span
            .offset()
            .checked_sub(self.offset)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(start.into(), span.len());
        let inner = self.text.as_bytes().read_span(&local, before, after)?;
        let at = SourceSpan::new(
            (inner.span().offset() + self.offset).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            at,
            inner.line() + self.line,
            inner.column(),
            inner.line_count() + self.line,
        )))
    }
}

/// The text as miette should see it: miette ends lines only at `\n`, while the line index
/// (and YAML, and CommonMark) also end one at a lone `\r`; a same-length swap keeps offsets.
fn miette_text(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let b = text.as_bytes();
    let swapped: Vec<u8> = b
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == b'\r' && b.get(i + 1) != Some(&b'\n') {
                b'\n'
            } else {
                c
            }
        })
        .collect();
    // Only ASCII bytes were swapped for ASCII bytes, so the text is still UTF-8.
    String::from_utf8(swapped).unwrap_or_else(|_| text.to_string())
}

/// The finding's line cut to a window around its column, with a caret line: for lines too
/// long for the graphical form.
fn window(f: &Finding, file: &SourceFile) -> String {
    let text = file.line_text(f.line);
    let total = text.chars().count();
    let col = (f.column.max(1) as usize - 1).min(total);
    let from = col.saturating_sub(WINDOW);
    let span = if f.end_line > f.line {
        total.saturating_sub(col)
    } else {
        (f.end_column as usize).saturating_sub(f.column as usize)
    };
    let to = (col + span.clamp(1, WINDOW) + WINDOW).min(total);
    let cut: String = text.chars().skip(from).take(to - from).collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < total { "…" } else { "" };
    let number = f.line.to_string();
    let pad = " ".repeat(number.len());
    let carets = "^".repeat(span.clamp(1, to.saturating_sub(col).max(1)));
    let indent = " ".repeat(col - from + lead.chars().count());
    format!(
        "  {number} │ {lead}{cut}{tail}\n  {pad} │ {indent}{carets}\n  note: line {} is {total} characters long; columns {}-{} shown\n",
        f.line,
        from + 1,
        to
    )
}

/// The one-line form, for findings whose file is not loaded (or if rendering fails).
fn plain(f: &Finding) -> String {
    let mut out = format!(
        "{}:{}:{}: {}[{}]: {}\n",
        f.path,
        f.line,
        f.column,
        f.severity.as_str(),
        f.rule,
        f.text()
    );
    if !f.help.is_empty() {
        out.push_str(&format!("  help: {}\n", f.help));
    }
    out
}

/// The last line: the count is of files checked, not of files with findings ("1 finding in 20
/// files" read as a finding spread over 20 files).
fn summary(input: &RenderInput) -> String {
    let files = plural(input.files_checked, "file");
    if input.findings.is_empty() {
        return format!("no findings; {files} checked\n");
    }
    let counts = SeverityCounts::of(input.findings);
    let parts: Vec<String> = [
        (counts.error, "error"),
        (counts.warning, "warning"),
        (counts.note, "note"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    format!(
        "{} ({}); {files} checked\n",
        plural(input.findings.len(), "finding"),
        parts.join(", ")
    )
}

pub(super) fn render(input: &RenderInput) -> String {
    let handler = handler(input.color);
    let mut out = String::new();
    for f in input.findings {
        // The label under the source names what the rule is about; the message is the header.
        let label = input
            .rule(&f.rule)
            .map_or(f.severity.as_str(), |r| r.summary.as_str());
        let file = input.file(&f.path).map(SourceFile::as_written);
        let block = match file.and_then(|file| graphical(&handler, f, file, label)) {
            Some(block) => block,
            None => match file {
                Some(file) if file.line_text(f.line).len() > LONG_LINE => {
                    plain(f) + &window(f, file)
                }
                _ => plain(f),
            },
        };
        out.push_str(&block);
        for r in &f.related {
            out.push_str(&format!("  related: {}:{}: {}\n", r.path, r.line, r.label));
        }
        out.push('\n');
    }
    out.push_str(&summary(input));
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::{rules, two_findings, workflow_file};
    use super::super::{render, Format, RenderInput};
    use super::*;

    fn input<'a>(
        findings: &'a [Finding],
        files: &'a [SourceFile],
        rules: &'a [crate::finding::RuleMeta],
    ) -> RenderInput<'a> {
        RenderInput {
            findings,
            files,
            rules,
            files_checked: 7,
            color: false,
            tool_version: "0.1.0",
            discrepancies: None,
            roots: &[],
        }
    }

    #[test]
    fn graphical_report_shows_source_rule_and_related() {
        let findings = two_findings();
        let files = [workflow_file()];
        let rules = rules();
        let out = render(Format::Human, &input(&findings, &files, &rules));
        assert!(out.contains("    tags: ['v*']"), "source line 3:\n{out}");
        assert!(
            out.contains("runs-on: ubuntu-latest"),
            "source line 6:\n{out}"
        );
        assert!(out.contains("trigger-drift"), "rule id:\n{out}");
        assert!(out.contains("[.github/workflows/release.yml:3:5]"), "{out}");
        assert!(
            out.contains("  related: docs/RELEASING.md:12: the doc claim\n"),
            "{out}"
        );
        assert!(
            out.contains("Docs describe a trigger the workflow does not have"),
            "label from rule summary:\n{out}"
        );
        assert!(out.contains("help: update the doc"), "{out}");
        assert!(
            out.ends_with("\n2 findings (1 error, 1 warning); 7 files checked\n"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'), "no ANSI escapes without color");
        let again = render(Format::Human, &input(&findings, &files, &rules));
        assert_eq!(out, again);
    }

    /// The full no-colour layout, pinned (miette's layout is locked by Cargo.lock; update this
    /// snapshot deliberately when upgrading miette).
    #[test]
    fn graphical_report_exact_layout() {
        let findings = two_findings();
        let files = [workflow_file()];
        let rules = rules();
        let expected = "\
trigger-drift

  × release runs on tag push, but RELEASING.md says it runs on release
   ╭─[.github/workflows/release.yml:3:5]
 2 │   push:
 3 │     tags: ['v*']
   ·     ──────┬─────
   ·           ╰── Docs describe a trigger the workflow does not have
 4 │ jobs:
   ╰────
  help: update the doc or add `release: {types: [published]}`
  related: docs/RELEASING.md:12: the doc claim

runner-label

  ⚠ runner `ubuntu-latest` moves between images
   ╭─[.github/workflows/release.yml:6:14]
 5 │   release:
 6 │     runs-on: ubuntu-latest
   ·              ──────┬──────
   ·                    ╰── Runner label is unknown or deprecated
   ╰────

2 findings (1 error, 1 warning); 7 files checked
";
        assert_eq!(
            render(Format::Human, &input(&findings, &files, &rules)),
            expected
        );
    }

    /// A hyphenated file name that reaches the wrap column moves to the next line whole.
    #[test]
    fn wrapping_keeps_hyphenated_file_names_whole() {
        let mut findings = two_findings();
        findings.truncate(1);
        // The name starts before column 100 and ends after it, wherever the message is indented.
        findings[0].message = format!(
            "{} auto-release-on-dependency-update.yml has no release trigger",
            "word ".repeat(17)
        );
        let files = [workflow_file()];
        let rules = rules();
        let out = render(Format::Human, &input(&findings, &files, &rules));
        assert!(
            out.contains("auto-release-on-dependency-update.yml has no release trigger"),
            "{out}"
        );
        assert!(!out.contains("auto-\n"), "{out}");
    }

    #[test]
    fn color_uses_ansi_escapes() {
        let findings = two_findings();
        let files = [workflow_file()];
        let rules = rules();
        let plain_out = render(Format::Human, &input(&findings, &files, &rules));
        let color_input = RenderInput {
            color: true,
            ..input(&findings, &files, &rules)
        };
        let colored = render(Format::Human, &color_input);
        assert!(colored.contains('\u{1b}'));
        assert_ne!(colored, plain_out);
    }

    #[test]
    fn unknown_file_falls_back_to_plain_line() {
        let findings = two_findings();
        let out = render(Format::Human, &input(&findings, &[], &[]));
        let expected = "\
.github/workflows/release.yml:3:5: error[trigger-drift]: release runs on tag push, but RELEASING.md says it runs on release
  help: update the doc or add `release: {types: [published]}`
  related: docs/RELEASING.md:12: the doc claim

.github/workflows/release.yml:6:14: warning[runner-label]: runner `ubuntu-latest` moves between images

2 findings (1 error, 1 warning); 7 files checked
";
        assert_eq!(out, expected);
    }

    #[test]
    fn summaries() {
        let mut findings = two_findings();
        findings[1].severity = Severity::Note;
        findings.push(findings[1].clone());
        let cases: [(&[Finding], usize, &str); 4] = [
            (&[], 7, "no findings; 7 files checked\n"),
            (&[], 1, "no findings; 1 file checked\n"),
            (&findings[..1], 1, "1 finding (1 error); 1 file checked\n"),
            (
                &findings,
                2,
                "3 findings (1 error, 2 notes); 2 files checked\n",
            ),
        ];
        for (findings, files_checked, expected) in cases {
            let i = RenderInput {
                files_checked,
                ..input(findings, &[], &[])
            };
            assert_eq!(summary(&i), expected);
        }
        assert_eq!(
            render(Format::Human, &input(&[], &[], &[])),
            "no findings; 7 files checked\n"
        );
    }

    #[test]
    fn positions_outside_the_file_do_not_panic() {
        let mut f = two_findings().remove(0);
        f.line = 99;
        f.end_line = 1;
        f.column = 0;
        f.end_column = 500;
        let files = [SourceFile::from_text(&f.path, "é\r\nx")];
        let out = render(Format::Human, &input(std::slice::from_ref(&f), &files, &[]));
        assert!(out.contains("trigger-drift"), "{out}");
        let empty = [SourceFile::from_text(&f.path, "")];
        let out = render(Format::Human, &input(std::slice::from_ref(&f), &empty, &[]));
        assert!(
            out.ends_with("1 finding (1 error); 7 files checked\n"),
            "{out}"
        );
    }
}
