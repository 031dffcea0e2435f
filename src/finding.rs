//! The one shape every check produces and every output format consumes.

use serde::Serialize;

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "note" | "info" => Some(Severity::Note),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How sure a finding is that the weakness is real (not how bad it would be). Security rules
/// set it on every finding; the others leave it unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A location in another file (or the same) that explains a finding: the doc line behind a
/// workflow finding, or the workflow line behind a doc finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Related {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub label: String,
}

impl Related {
    /// The start of `span` in `file`, with a label.
    pub fn at(file: &SourceFile, span: Span, label: impl Into<String>) -> Self {
        let span = file.written_span(span);
        Related {
            path: file.path.clone(),
            line: span.start.line.max(1),
            column: span.start.col.max(1),
            label: label.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
    pub help: String,
    pub related: Vec<Related>,
    /// How sure the rule is (security rules); None for rules that do not say.
    pub confidence: Option<Confidence>,
    /// The source line(s) the finding points at, used for baselines and fingerprints.
    #[serde(skip)]
    pub snippet: String,
    /// What the finding is about, from its rule's metadata (for the report).
    #[serde(skip)]
    pub topic: Topic,
}

impl Finding {
    /// A finding at `span` of `file`. Help is filled from rule metadata when empty.
    pub fn new(
        rule: &str,
        severity: Severity,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let span = if span.start.line == 0 {
            file.line_span(1)
        } else {
            span
        };
        // Findings point into the file as written (an `.rst` page, not its markdown reading).
        let span = file.written_span(span);
        let file = file.as_written();
        let end_line = span.end.line.max(span.start.line);
        let end_column = if end_line == span.start.line {
            span.end.col.max(span.start.col)
        } else {
            span.end.col
        };
        Finding {
            rule: rule.to_string(),
            severity,
            path: file.path.clone(),
            line: span.start.line,
            column: span.start.col.max(1),
            end_line,
            end_column: end_column.max(1),
            message: message.into(),
            help: String::new(),
            related: Vec::new(),
            confidence: None,
            snippet: file.line_text(span.start.line).trim().to_string(),
            topic: Topic::None,
        }
    }

    /// A finding about a whole file with no better location (line 1).
    pub fn at_line(
        rule: &str,
        severity: Severity,
        file: &SourceFile,
        line: u32,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(rule, severity, file, file.line_span(line.max(1)), message)
    }

    /// The message as text outputs show it: with the confidence, when the rule states one.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self.confidence {
            Some(c) => format!("{} (confidence: {})", self.message, c.as_str()).into(),
            None => self.message.as_str().into(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    pub fn with_related(mut self, file: &SourceFile, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related::at(file, span, label));
        self
    }

    /// Sort key: path, line, column, rule, message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.path,
            self.line,
            self.column,
            &self.rule,
            &self.message,
        )
    }
}

/// Sort findings into the one deterministic order all outputs use.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// What every rule declares about itself (loaded from `rules/<id>.yml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub severity: Severity,
    /// `drift`, `lint` or `security`.
    pub category: String,
    pub summary: String,
    /// Long help: what it means, a bad and a good example.
    pub help: String,
    /// When a rule reports at more than one severity: each severity and when it applies
    /// (`severity` is then the default, the most common or the highest). Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub severities: Vec<SeverityCase>,
    /// What the rule's findings and verdicts are about (`topic:` in its yml).
    #[serde(skip)]
    pub topic: Topic,
}

/// What a rule's findings and claim verdicts are about, declared in `rules/<id>.yml` as
/// `topic:`. The report groups verdicts by topic, never by rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Topic {
    #[default]
    None,
    /// A documented trigger that is commented out or missing.
    Trigger,
    /// A documented route (ref → environment).
    Route,
    /// Documented automation (promotion, rollback).
    Automation,
    /// Documented approval before deploying.
    Approval,
    /// A documented dispatch input.
    Input,
    /// A documented workflow file.
    WorkflowRef,
    /// A job that never runs.
    DeadJob,
}

impl Topic {
    pub const ALL: [(Topic, &'static str); 7] = [
        (Topic::Trigger, "trigger"),
        (Topic::Route, "route"),
        (Topic::Automation, "automation"),
        (Topic::Approval, "approval"),
        (Topic::Input, "input"),
        (Topic::WorkflowRef, "workflow-ref"),
        (Topic::DeadJob, "dead-job"),
    ];

    pub fn parse(name: &str) -> Option<Topic> {
        Topic::ALL.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }
}

/// One severity a rule reports at, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeverityCase {
    pub severity: Severity,
    pub when: String,
}

impl RuleMeta {
    /// `warning`, or `warning or note` for a rule with several severities (then the ones its
    /// `severities` list, which are all it reports at).
    pub fn severity_words(&self) -> String {
        let mut words: Vec<&str> = Vec::new();
        if self.severities.is_empty() {
            words.push(self.severity.as_str());
        }
        for c in &self.severities {
            if !words.contains(&c.severity.as_str()) {
                words.push(c.severity.as_str());
            }
        }
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.join(""),
        }
    }
}
