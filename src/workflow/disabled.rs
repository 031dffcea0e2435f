//! Triggers that were commented out under `on:` (e.g. `# push:` / `#   tags: ...`).

use super::triggers::{Filters, EVENTS};
use super::{Spanned, Workflow};
use crate::source::Span;
use crate::yaml::{commented_yaml_blocks, CommentLine, Node};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisabledTrigger {
    pub event: String,
    /// Span of the commented event key (or of the first filter key for a partial block).
    pub span: Span,
    pub first_line: u32,
    pub last_line: u32,
    pub filters: Filters,
    pub crons: Vec<Spanned<String>>,
    /// True when only filters of a live event were commented out (`# tags:` under `push:`).
    pub partial: bool,
    /// Prose comment lines directly above, e.g. `DISABLED DURING MIGRATION`.
    pub reason: Vec<CommentLine>,
}

impl DisabledTrigger {
    /// `push tags v*.*.*, v*.*.*-rc*` / `schedule 0 3 * * *`.
    pub fn describe(&self) -> String {
        let mut s = self.event.clone();
        let f = self.filters.describe();
        if !f.is_empty() {
            s.push(' ');
            s.push_str(&f);
        }
        if !self.crons.is_empty() {
            let crons: Vec<&str> = self.crons.iter().map(|c| c.value.as_str()).collect();
            s.push(' ');
            s.push_str(&crons.join(", "));
        }
        s
    }

    /// The reason comment as one line of text, if any.
    pub fn reason_text(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .reason
            .iter()
            .map(|c| c.text.trim_start_matches('#').trim())
            .filter(|t| !t.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Line range of the `on:` mapping: from its key line to the line before the next top-level key.
fn on_range(wf: &Workflow) -> Option<(u32, u32, u32)> {
    let on_span = wf.on_span?;
    let root = wf.doc.root.as_ref()?;
    let next_top = root
        .as_map()?
        .iter()
        .map(|e| e.key.span.start.line)
        .filter(|l| *l > on_span.start.line)
        .min()
        .unwrap_or(u32::MAX);
    Some((
        on_span.start.line,
        next_top.saturating_sub(1),
        on_span.start.col,
    ))
}

fn crons_of(node: &Node) -> Vec<Spanned<String>> {
    node.as_seq()
        .unwrap_or(&[])
        .iter()
        .filter_map(|i| {
            let c = i.get("cron")?;
            Some(Spanned::new(c.scalar_text()?.to_string(), c.span))
        })
        .collect()
}

pub fn find(wf: &Workflow) -> Vec<DisabledTrigger> {
    let range = on_range(wf);
    // Only comments that can hold triggers are parsed: those inside the `on:` mapping, and
    // top-level runs that comment out a whole `on:` block (parsing every comment run of a
    // large workflow would cost more than loading it).
    let whole_on_commented = wf.doc.comments.iter().any(|c| c.text.starts_with("on:"));
    let comments: Vec<CommentLine> = wf
        .doc
        .comments
        .iter()
        .filter(|c| {
            whole_on_commented
                || range.is_some_and(|(first, last, _)| c.line > first && c.line <= last)
        })
        .cloned()
        .collect();
    if comments.is_empty() {
        return Vec::new();
    }
    let blocks = commented_yaml_blocks(&wf.file, &comments);
    let mut out = Vec::new();
    for b in blocks {
        let Some(entries) = b.node.as_map() else {
            continue;
        };
        let under_on = range.is_some_and(|(first, last, col)| {
            b.first_line > first && b.first_line <= last && b.hash_col > col
        });
        // A whole commented `on:` block: its events are disabled triggers.
        let event_entries: Vec<_> = if let Some(on) = b.node.get("on") {
            if quotes_other_workflow(&b.prose_above, wf.file.file_name()) {
                continue;
            }
            on.as_map().unwrap_or(&[]).iter().collect()
        } else if under_on {
            entries.iter().collect()
        } else {
            continue;
        };
        for e in event_entries {
            let Some(key) = e.key.scalar_text() else {
                continue;
            };
            if EVENTS.contains(&key) {
                let (filters, _) = Filters::parse(&e.value);
                out.push(DisabledTrigger {
                    event: key.to_string(),
                    span: e.key.span,
                    first_line: e.key.span.start.line,
                    last_line: b.last_line.max(e.value.span.end.line),
                    filters,
                    crons: if key == "schedule" {
                        crons_of(&e.value)
                    } else {
                        Vec::new()
                    },
                    partial: false,
                    reason: b.prose_above.clone(),
                });
            } else if under_on && is_filter_key(key) {
                // A template's suggestion left for the reader ("# Optional: only run on
                // specific file changes" over `# paths:`) was never a live filter.
                let hint_lines = b
                    .prose_above
                    .iter()
                    .map(|c| c.text.as_str())
                    .chain((b.first_line..e.key.span.start.line).map(|l| wf.file.line_text(l)));
                if hint_lines.into_iter().any(is_suggestion) {
                    break;
                }
                // Filters commented out under a live event: find that event by position.
                if let Some(t) = wf
                    .triggers
                    .iter()
                    .filter(|t| t.span.start.line < b.first_line && t.span.start.col < b.hash_col)
                    .max_by_key(|t| t.span.start.line)
                {
                    let (filters, _) = Filters::parse(&b.node);
                    out.push(DisabledTrigger {
                        event: t.event.clone(),
                        span: e.key.span,
                        first_line: b.first_line,
                        last_line: b.last_line,
                        filters,
                        crons: Vec::new(),
                        partial: true,
                        reason: b.prose_above.clone(),
                    });
                }
                break;
            }
        }
    }
    out
}

/// The comment over a commented `on:` block names another workflow file ("The backup
/// workflow (backup.yml) is configured with:"): the block quotes that workflow's triggers.
fn quotes_other_workflow(prose: &[CommentLine], own: &str) -> bool {
    prose.iter().any(|c| {
        c.text
            .split(|ch: char| !(ch.is_alphanumeric() || matches!(ch, '.' | '-' | '_' | '/')))
            .filter_map(|w| w.rsplit('/').next())
            .any(|w| {
                let lower = w.to_ascii_lowercase();
                (lower.ends_with(".yml") || lower.ends_with(".yaml")) && w != own
            })
    })
}

/// A comment offering what follows as an option or example rather than switching it off:
/// "Optional: ...", "Example:", "Uncomment to ...", "You can ...", "e.g.".
fn is_suggestion(comment: &str) -> bool {
    let text = comment
        .trim()
        .trim_start_matches('#')
        .trim()
        .to_ascii_lowercase();
    [
        "optional",
        "example",
        "e.g.",
        "uncomment",
        "you can",
        "you may",
        "if you want",
        "to enable",
    ]
    .iter()
    .any(|w| text.starts_with(w))
}

fn is_filter_key(k: &str) -> bool {
    matches!(
        k,
        "branches" | "branches-ignore" | "tags" | "tags-ignore" | "paths" | "paths-ignore"
    )
}
