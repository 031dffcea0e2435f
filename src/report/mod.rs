//! Output formats for findings: one module per format, all fed the same [`RenderInput`].
//!
//! Every renderer is a pure function from the input to a `String`, so output is deterministic
//! and easy to test: findings arrive already sorted, and nothing here iterates a hash map
//! (maps only look rows up; see `group`).

pub mod discrepancy;
mod github;
mod group;
mod human;
mod json;
mod markdown;
pub mod release_state;
mod sarif;

pub use markdown::markdown_table;
pub use sarif::fingerprint;

use std::fmt;
use std::str::FromStr;

use crate::finding::{Finding, RuleMeta, Severity};
use crate::source::SourceFile;

/// Name written into machine-readable outputs.
pub const TOOL_NAME: &str = "driftlint";

/// The project's public home, the one place to set it when it has one; used as SARIF
/// `informationUri` (left out while None). Never a URL that is not this project's.
pub const HOMEPAGE: Option<&str> = None;

/// An output format, selected with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with source snippets (default).
    #[default]
    Human,
    /// Stable, versioned JSON.
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Markdown table for PR comments and step summaries.
    Markdown,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for an unknown format name; its message lists the valid names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected one of: human, json, sarif, github, markdown)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == wanted)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// Everything a renderer needs.
#[derive(Debug, Clone, Copy)]
pub struct RenderInput<'a> {
    /// Findings in output order (already sorted by the caller).
    pub findings: &'a [Finding],
    /// Loaded files, to show source snippets (matched on `Finding.path == SourceFile.path`).
    pub files: &'a [SourceFile],
    /// Every known rule (SARIF `driver.rules`).
    pub rules: &'a [RuleMeta],
    pub files_checked: usize,
    /// Colour the human output with ANSI escapes.
    pub color: bool,
    pub tool_version: &'a str,
    /// The documentation discrepancy table for the findings (markdown format only).
    pub discrepancies: Option<&'a discrepancy::Discrepancies>,
    /// Absolute folders, most preferred first, that SARIF names an absolute finding path
    /// relative to (with `uriBaseId`): the working directory, then the repository roots.
    pub roots: &'a [String],
}

impl<'a> RenderInput<'a> {
    /// The loaded file a path refers to.
    fn file(&self, path: &str) -> Option<&'a SourceFile> {
        // `Analysis::files` sorts by path: a binary search keeps rendering linear in the
        // findings. Callers that pass files in another order still get a linear search.
        let files = self.files;
        let i = files.partition_point(|f| f.path.as_str() < path);
        match files.get(i) {
            Some(f) if f.path == path => Some(f),
            _ => files.iter().find(|f| f.path == path),
        }
    }

    /// Metadata for a rule id.
    fn rule(&self, id: &str) -> Option<&'a RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Render findings in the chosen format.
pub fn render(format: Format, input: &RenderInput) -> String {
    match format {
        Format::Human => human::render(input),
        Format::Json => json::render(input),
        Format::Sarif => sarif::render(input),
        Format::Github => github::render(input),
        Format::Markdown => markdown::render(input),
    }
}

/// Number of findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SeverityCounts {
    error: usize,
    warning: usize,
    note: usize,
}

impl SeverityCounts {
    fn of(findings: &[Finding]) -> Self {
        let mut counts = SeverityCounts::default();
        for f in findings {
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Note => counts.note += 1,
            }
        }
        counts
    }
}

/// `1 finding`, `2 findings`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Byte offset of a 1-based line and 1-based character column, clamped to that line's text
/// so positions past the end of a line or file never slice out of bounds.
fn byte_offset(file: &SourceFile, line: u32, column: u32) -> usize {
    let start = file.line_start(line);
    let text = file.line_text(line);
    let skip = column.max(1) as usize - 1;
    let within = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
    start + within
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!(" SARIF ".parse::<Format>(), Ok(Format::Sarif));
        assert_eq!(
            "xml".parse::<Format>().map_err(|e| e.to_string()),
            Err(
                "unknown format `xml` (expected one of: human, json, sarif, github, markdown)"
                    .to_string()
            )
        );
        assert_eq!(Format::default(), Format::Human);
    }

    #[test]
    fn format_is_a_clap_value_enum() {
        use clap::ValueEnum;
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| p.get_name().to_string())
            .collect();
        assert_eq!(names, ["human", "json", "sarif", "github", "markdown"]);
        assert_eq!(
            <Format as ValueEnum>::from_str("github", true),
            Ok(Format::Github)
        );
    }

    #[test]
    fn byte_offsets_count_characters_and_clamp() {
        let f = SourceFile::from_text("a.yml", "ab\néé: x\n");
        assert_eq!(byte_offset(&f, 1, 1), 0);
        assert_eq!(byte_offset(&f, 2, 1), 3);
        assert_eq!(byte_offset(&f, 2, 3), 7);
        // past the end of line 2 (5 characters): clamped to its end
        assert_eq!(byte_offset(&f, 2, 40), 10);
        // line past the end of the file: the end of the text
        assert_eq!(byte_offset(&f, 9, 1), 11);
        assert_eq!(byte_offset(&f, 0, 0), 0);
    }

    #[test]
    fn plural_and_counts() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(0, "file"), "0 files");
        assert_eq!(
            SeverityCounts::of(&tests_support::two_findings()),
            SeverityCounts {
                error: 1,
                warning: 1,
                note: 0
            }
        );
    }
}

/// Shared fixtures for the renderer tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::RenderInput;
    use crate::finding::{Finding, Related, RuleMeta, Severity};
    use crate::source::SourceFile;

    /// Findings only: no source files, no rule metadata, no colour.
    pub fn bare_input(findings: &[Finding], files_checked: usize) -> RenderInput<'_> {
        RenderInput {
            findings,
            files: &[],
            rules: &[],
            files_checked,
            color: false,
            tool_version: "0.1.0",
            discrepancies: None,
            roots: &[],
        }
    }

    pub const WORKFLOW: &str =
        "on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    runs-on: ubuntu-latest\n";

    pub fn workflow_file() -> SourceFile {
        SourceFile::from_text(".github/workflows/release.yml", WORKFLOW)
    }

    pub fn rules() -> Vec<RuleMeta> {
        vec![
            RuleMeta {
                id: "trigger-drift".into(),
                severity: Severity::Error,
                category: "drift".into(),
                summary: "Docs describe a trigger the workflow does not have".into(),
                help: "The release doc says how a release starts; the workflow disagrees.".into(),
                severities: Vec::new(),
                topic: Default::default(),
            },
            RuleMeta {
                id: "runner-label".into(),
                severity: Severity::Warning,
                category: "lint".into(),
                summary: "Runner label is unknown or deprecated".into(),
                help: "Use a current GitHub-hosted runner label.".into(),
                severities: Vec::new(),
                topic: Default::default(),
            },
        ]
    }

    /// An error with a related doc location and a warning without help, in sorted order.
    pub fn two_findings() -> Vec<Finding> {
        vec![
            Finding {
                rule: "trigger-drift".into(),
                severity: Severity::Error,
                path: ".github/workflows/release.yml".into(),
                line: 3,
                column: 5,
                end_line: 3,
                end_column: 17,
                message: "release runs on tag push, but RELEASING.md says it runs on release"
                    .into(),
                help: "update the doc or add `release: {types: [published]}`".into(),
                related: vec![Related {
                    path: "docs/RELEASING.md".into(),
                    line: 12,
                    column: 1,
                    label: "the doc claim".into(),
                }],
                confidence: None,
                snippet: "tags: ['v*']".into(),
                topic: Default::default(),
            },
            Finding {
                rule: "runner-label".into(),
                severity: Severity::Warning,
                path: ".github/workflows/release.yml".into(),
                line: 6,
                column: 14,
                end_line: 6,
                end_column: 27,
                message: "runner `ubuntu-latest` moves between images".into(),
                help: String::new(),
                related: Vec::new(),
                confidence: None,
                snippet: "runs-on: ubuntu-latest".into(),
                topic: Default::default(),
            },
        ]
    }
}
