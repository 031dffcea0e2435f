//! The logical lines of a `run:` script as written in the file, with exact spans: what the
//! security rules and the effects model point at when a command does something.

use crate::source::{SourceFile, Span};

/// One logical line of a `run:` script as written in the file: backslash (sh) and backtick
/// (PowerShell) continuations joined with a space, with the span of its physical lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLine {
    pub text: String,
    pub span: Span,
}

/// The logical lines of a `run:` value, read from the file text (not the parsed value) so each
/// has an exact span. A block scalar's `|`/`>` header line is skipped; comment lines and blank
/// lines are left out.
pub fn script_lines(file: &SourceFile, run: Span) -> Vec<ScriptLine> {
    let Some(raw) = file.text.get(run.start.offset..run.end.offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut offset = run.start.offset;
    let mut pending: Option<(String, usize)> = None;
    for (i, physical) in raw.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += physical.len();
        let line = physical.trim_end();
        let trimmed = line.trim_start();
        if i == 0 && (trimmed.starts_with('|') || trimmed.starts_with('>')) {
            continue;
        }
        let (body, continues) = match trimmed
            .strip_suffix('\\')
            .or_else(|| trimmed.strip_suffix('`'))
        {
            Some(b) => (b.trim_end(), true),
            None => (trimmed, false),
        };
        let (mut text, first) = match pending.take() {
            Some((t, first)) => (t + " " + body, first),
            None if body.is_empty() || body.starts_with('#') => continue,
            None => (body.to_string(), start + (line.len() - trimmed.len())),
        };
        if continues {
            pending = Some((text, first));
            continue;
        }
        text = text.trim().to_string();
        out.push(ScriptLine {
            text,
            span: file.span(first, start + line.len()),
        });
    }
    if let Some((text, first)) = pending {
        out.push(ScriptLine {
            text: text.trim().to_string(),
            span: file.span(first, offset.min(run.end.offset)),
        });
    }
    out
}
