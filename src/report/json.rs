//! Stable, versioned JSON output.
//!
//! The shape is a public contract: bump [`JSON_VERSION`] when a key is renamed or removed.
//! Keys appear in struct field order, so the structs below are the schema.

use serde::Serialize;

use super::{RenderInput, SeverityCounts, TOOL_NAME};
use crate::finding::Finding;

/// Version of the JSON document shape.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool<'a>,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    help: &'a str,
    related: Vec<JsonRelated<'a>>,
    /// Security rules' certainty (low, medium, high); absent for rules that do not state one.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    label: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    by_severity: BySeverity,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    note: usize,
}

fn json_finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        severity: f.severity.as_str(),
        path: &f.path,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        message: &f.message,
        help: &f.help,
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                path: &r.path,
                line: r.line,
                column: r.column,
                label: &r.label,
            })
            .collect(),
        confidence: f.confidence.map(|c| c.as_str()),
    }
}

pub(super) fn render(input: &RenderInput) -> String {
    let counts = SeverityCounts::of(input.findings);
    let doc = Document {
        version: JSON_VERSION,
        tool: Tool {
            name: TOOL_NAME,
            version: input.tool_version,
        },
        findings: input.findings.iter().map(json_finding).collect(),
        summary: Summary {
            files: input.files_checked,
            findings: input.findings.len(),
            by_severity: BySeverity {
                error: counts.error,
                warning: counts.warning,
                note: counts.note,
            },
        },
    };
    // Serialising plain structs of strings and integers cannot fail; fall back to an empty
    // object rather than panic if it ever did.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::{rules, two_findings, workflow_file};
    use super::super::{render, Format, RenderInput};

    #[test]
    fn two_findings_exact_document() {
        let findings = two_findings();
        let files = [workflow_file()];
        let rules = rules();
        let input = RenderInput {
            findings: &findings,
            files: &files,
            rules: &rules,
            files_checked: 7,
            color: false,
            tool_version: "0.1.0",
            discrepancies: None,
            roots: &[],
        };
        let expected = r#"{
  "version": 1,
  "tool": {
    "name": "driftlint",
    "version": "0.1.0"
  },
  "findings": [
    {
      "rule": "trigger-drift",
      "severity": "error",
      "path": ".github/workflows/release.yml",
      "line": 3,
      "column": 5,
      "end_line": 3,
      "end_column": 17,
      "message": "release runs on tag push, but RELEASING.md says it runs on release",
      "help": "update the doc or add `release: {types: [published]}`",
      "related": [
        {
          "path": "docs/RELEASING.md",
          "line": 12,
          "column": 1,
          "label": "the doc claim"
        }
      ]
    },
    {
      "rule": "runner-label",
      "severity": "warning",
      "path": ".github/workflows/release.yml",
      "line": 6,
      "column": 14,
      "end_line": 6,
      "end_column": 27,
      "message": "runner `ubuntu-latest` moves between images",
      "help": "",
      "related": []
    }
  ],
  "summary": {
    "files": 7,
    "findings": 2,
    "by_severity": {
      "error": 1,
      "warning": 1,
      "note": 0
    }
  }
}
"#;
        assert_eq!(render(Format::Json, &input), expected);
    }

    #[test]
    fn empty_document_and_escaping() {
        let mut findings = two_findings();
        findings.truncate(1);
        findings[0].message = "quote \" and\nnewline".into();
        let input = RenderInput {
            findings: &findings[..0],
            files: &[],
            rules: &[],
            files_checked: 0,
            color: false,
            tool_version: "9",
            discrepancies: None,
            roots: &[],
        };
        let out = render(Format::Json, &input);
        assert!(out.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(value["findings"], serde_json::json!([]));
        assert_eq!(value["summary"]["findings"], 0);

        let input = RenderInput {
            findings: &findings,
            ..input
        };
        let out = render(Format::Json, &input);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(value["findings"][0]["message"], "quote \" and\nnewline");
    }
}
