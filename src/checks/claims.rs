//! Claim checks: the verdict on one documentation claim, kept even when it holds, so the
//! current-state report can list what works as well as what drifted.

pub use crate::facts::text::shorten;
use crate::finding::{Finding, Related, Severity, Topic};
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The files contradict the claim.
    Violated,
    /// The files support the claim.
    Holds,
    /// The files cannot tell (state lives outside the repository, or expressions are unknown).
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Violated => "violated",
            Outcome::Holds => "ok",
            Outcome::Unknown => "unknown",
        }
    }
}

/// One documentation claim, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCheck {
    pub rule: &'static str,
    /// What the verdict is about (the rule's `topic:`).
    pub topic: Topic,
    /// The doc file path (as displayed) and the claim's span in it.
    pub doc: String,
    pub span: Span,
    /// Short name of the claim for tables, e.g. "Tag triggers deployment".
    pub claim: String,
    /// The doc text as written.
    pub quote: String,
    pub outcome: Outcome,
    /// What the workflows actually do, in one line.
    pub actual: String,
    /// A few words of `actual` for report tables ("Tag triggers commented out").
    pub short: String,
    /// What that means for a release, in one line.
    pub impact: String,
    /// The other side: workflow lines (or missing-file notes) that decide the verdict.
    pub related: Vec<Related>,
}

impl ClaimCheck {
    pub fn new(
        rule: &'static str,
        doc: &SourceFile,
        span: Span,
        claim: impl Into<String>,
        quote: &str,
    ) -> Self {
        ClaimCheck {
            rule,
            topic: super::meta::get(rule).map_or(Topic::None, |m| m.topic),
            doc: doc.path.clone(),
            span,
            claim: claim.into(),
            quote: quote.trim().to_string(),
            outcome: Outcome::Unknown,
            actual: String::new(),
            short: String::new(),
            impact: String::new(),
            related: Vec::new(),
        }
    }

    pub fn verdict(
        mut self,
        outcome: Outcome,
        actual: impl Into<String>,
        impact: impl Into<String>,
    ) -> Self {
        self.outcome = outcome;
        self.actual = actual.into();
        self.impact = impact.into();
        if self.short.is_empty() {
            self.short = self.actual.clone();
        }
        self
    }

    /// Set the short actual-state text for tables (call before or after `verdict`).
    pub fn short(mut self, text: impl Into<String>) -> Self {
        self.short = text.into();
        self
    }

    pub fn related(mut self, file: &SourceFile, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related::at(file, span, label));
        self
    }

    /// The finding for a violated (or, for rules that report it, unknown) claim.
    pub fn to_finding(&self, doc: &SourceFile, severity: Severity) -> Finding {
        let message = format!(
            "docs: \"{}\" — actual: {}",
            shorten(&self.quote, 90),
            self.actual
        );
        let mut f = Finding::new(self.rule, severity, doc, self.span, message);
        f.related = self.related.clone();
        f.help = if self.impact.is_empty() {
            format!("`driftlint explain {}` shows examples", self.rule)
        } else {
            format!("impact: {}", self.impact)
        };
        f
    }
}
