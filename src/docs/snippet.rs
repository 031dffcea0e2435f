//! Workflow trigger snippets (```yaml blocks with `on:`) and suppression comments.

use std::sync::LazyLock;

use regex::Regex;

use super::{constant_regex, Claim, ClaimKind, Ctx};

/// An `on:` key at any indentation (snippets are often fragments), quoted or not.
static ON_KEY: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r#"^\s*(?:on|"on"|'on')\s*:(?:\s|$)"#));

static IGNORE: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(r"<!--\s*driftlint:\s*ignore(?:\[([^\]]*)\])?(?:[^-]|-[^-])*-->")
});

const YAML_LANGS: &[&str] = &["yaml", "yml"];

pub(crate) fn trigger_snippets(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for code in &ctx.blocks.codes {
        if !YAML_LANGS.contains(&code.lang.as_str()) {
            continue;
        }
        let Some(on_line) = code.lines.iter().find(|l| ON_KEY.is_match(&l.text)) else {
            continue;
        };
        let (Some(first), Some(last)) = (code.lines.first(), code.lines.last()) else {
            continue;
        };
        let mut yaml = String::new();
        for line in &code.lines {
            yaml.push_str(&line.text);
            yaml.push('\n');
        }
        let first_line = ctx.line_of(first.offset);
        let start = ctx.trimmed_line_span(ctx.line_of(on_line.offset)).start;
        let end = ctx.file.pos(last.offset + last.text.len());
        out.push(Claim {
            kind: ClaimKind::TriggerSnippet { yaml, first_line },
            span: crate::source::Span::new(start, end),
            text: on_line.text.trim().to_string(),
        });
    }
}

/// `<!-- driftlint: ignore[rule-a, rule-b] -->` (or `ignore` alone for every rule).
pub(crate) fn ignore_comments(ctx: &Ctx<'_>) -> Vec<(u32, Vec<String>)> {
    let mut out = Vec::new();
    for html in &ctx.blocks.html {
        for m in IGNORE.captures_iter(&html.text) {
            let Some(whole) = m.get(0) else { continue };
            let before = html.text.get(..whole.start()).unwrap_or("");
            let line = ctx.line_of(html.offset) + before.matches('\n').count() as u32;
            let rules = m
                .get(1)
                .map(|ids| {
                    ids.as_str()
                        .split(',')
                        .map(str::trim)
                        .filter(|id| !id.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            out.push((line, rules));
        }
    }
    out.sort();
    out
}
