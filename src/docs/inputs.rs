//! Inputs described in prose: a list whose lead-in line speaks of inputs or options
//! ("**Available options**:", "Choose options:", "Inputs:") and whose every item starts with
//! an identifier in code (`` `skip_tests` - skip the test jobs``) or with a bold label as the
//! Run-workflow form shows it ("**Skip tests**: ..."), and input tables (`| Input | ... |`).
//! Which workflow the list is about is decided later, against the workflows' inputs.

use crate::docs::line_regex::LineRegex;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::TextRole;
use super::{constant_regex, Claim, ClaimKind, Ctx};
use crate::source::Span;

/// One input as the doc lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListedInput {
    /// The identifier (code items, table cells) or the label as written (bold items).
    pub name: String,
    pub span: Span,
    /// The default the doc gives it ("Default" column, "(default: `true`)"), as written
    /// without quotes, and where.
    pub default: Option<(String, Span)>,
}

/// `- ` / `* ` / `1. ` list markers.
static MARKER: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^(?:[-*+]|\d{1,2}[.)])\s+"));
/// `` `skip_tests` - ...``, `` `force`: ...``, `` `dry-run` (boolean) ...``, or the bare name.
static CODE_ITEM: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"^`([A-Za-z_][A-Za-z0-9_-]{1,40})`\s*(?:[:(]|[-–—]\s|\*\*|$)")
});
/// `**Skip tests**: ...`, `**Skip tests:** ...`, `**Force release** - ...`.
static LABEL_ITEM: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"^\*\*([A-Za-z][A-Za-z0-9 /_-]{1,38}?):?\*\*\s*(?::|[-–—]\s)")
});
/// The lead-in of an input list.
static LEAD_IN: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:inputs?|options?|parameters?|params|arguments?|workflow_dispatch|run\s+workflow)\b",
    )
});
/// Lead-ins of lists of other things.
static NOT_INPUTS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:outputs?|secrets?|variables?|env\b|environment\s+variables?|flags?|cli|command[- ]line|config(?:uration)?\s+(?:file|keys?)|settings?)\b|--",
    )
});
/// Header of an input table's first column.
static INPUT_HEADER: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)^\s*(?:inputs?|parameters?|input\s+name|parameter\s+name)\s*$")
});
static YAML_FILE: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b([\w.-]+\.ya?ml)\b"));
/// Header of an input table's default column.
static DEFAULT_HEADER: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"(?i)^\s*default(?:\s+value)?s?\s*$"));
/// "(default: `true`)", "defaults to `staging`", "default is false" in a list item, and a bare
/// one-word value that ends the parenthesis, clause or item ("(default: 1950)", "default:
/// search,"); a bare word running on into prose ("defaults to the current branch") is not one.
static DEFAULT_IN_ITEM: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bdefault(?:s\s+to|\s+is|\s+value\s*:?|\s*:|\s*=)?\s+(?:`([^`]{1,40})`|(true|false)\b|([A-Za-z0-9][\w.-]{0,39}?)\s*(?:[),;]|\.?\s*$))",
    )
});
/// Bare words that say there is no default rather than give one.
const NO_VALUE_WORDS: &[&str] = &["none", "empty", "unset", "nothing", "null", "blank"];
/// Default cells that give no value.
const NO_DEFAULT: &[&str] = &[
    "", "-", "—", "–", "none", "n/a", "(none)", "empty", "''", "\"\"",
];
/// Values that are choice options or booleans, not input names.
const VALUES: &[&str] = &["true", "false", "yes", "no", "on", "off"];

/// One list item: source line, indent, what it starts with.
struct Item {
    line: u32,
    indent: usize,
    name: Option<(String, Range<usize>)>,
    label: bool,
    default: Option<(String, Range<usize>)>,
}

pub(crate) fn listed_inputs(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let rel = ctx.file.rel.to_ascii_lowercase();
    if rel.contains("example") || rel.contains("template") {
        return;
    }
    let mut items: Vec<Item> = Vec::new();
    let mut seen_lines = std::collections::BTreeSet::new();
    for block in &ctx.blocks.texts {
        if block.role != TextRole::ListItem {
            continue;
        }
        let line = ctx.line_of(block.source_range().start);
        if !seen_lines.insert(line) {
            continue;
        }
        items.push(item(ctx, line));
    }
    for list in lists(ctx, &items) {
        emit_list(ctx, &list, out);
    }
    tables(ctx, out);
}

fn item(ctx: &Ctx<'_>, line: u32) -> Item {
    let text = ctx.file.line_text(line);
    let indent = text.len() - text.trim_start().len();
    let start = ctx.file.line_start(line) + indent;
    let body = text.trim_start();
    let marker = MARKER.find(body).map_or(0, |m| m.end());
    let rest = body.get(marker..).unwrap_or("");
    let at = start + marker;
    let code = CODE_ITEM.captures(rest).and_then(|c| c.get(1));
    let label = LABEL_ITEM.captures(rest).and_then(|c| c.get(1));
    let (name, label) = match (code, label) {
        (Some(m), _) => (
            Some((m.as_str().to_string(), at + m.start()..at + m.end())),
            false,
        ),
        (None, Some(m)) => (
            Some((m.as_str().trim().to_string(), at + m.start()..at + m.end())),
            true,
        ),
        _ => (None, false),
    };
    let default = DEFAULT_IN_ITEM.captures(rest).and_then(|c| {
        let m = c.get(1).or_else(|| c.get(2)).or_else(|| {
            c.get(3)
                .filter(|m| !NO_VALUE_WORDS.contains(&m.as_str().to_ascii_lowercase().as_str()))
        })?;
        Some((m.as_str().to_string(), at + m.start()..at + m.end()))
    });
    Item {
        line,
        indent,
        name,
        label,
        default,
    }
}

/// Runs of items at one indent with nothing but blank or deeper lines between them.
fn lists<'i>(ctx: &Ctx<'_>, items: &'i [Item]) -> Vec<Vec<&'i Item>> {
    let mut out: Vec<Vec<&Item>> = Vec::new();
    for it in items {
        let joins = out.last().and_then(|l| l.last()).is_some_and(|prev| {
            prev.indent == it.indent
                && prev.line < it.line
                && (prev.line + 1..it.line).all(|l| {
                    let t = ctx.file.line_text(l);
                    t.trim().is_empty() || t.len() - t.trim_start().len() > it.indent
                })
        });
        match (joins, out.last_mut()) {
            (true, Some(l)) => l.push(it),
            _ => out.push(vec![it]),
        }
    }
    out
}

/// The line a list hangs from: the nearest non-blank line above it that is less indented
/// (the parent item), or any for a list at the margin.
fn lead_in<'a>(ctx: &Ctx<'a>, first: &Item) -> Option<(u32, &'a str)> {
    (1..first.line).rev().find_map(|l| {
        let t = ctx.file.line_text(l);
        let indent = t.len() - t.trim_start().len();
        (!t.trim().is_empty() && (indent < first.indent || first.indent == 0)).then_some((l, t))
    })
}

fn emit_list(ctx: &Ctx<'_>, list: &[&Item], out: &mut Vec<Claim>) {
    let (Some(first), Some(last)) = (list.first(), list.last()) else {
        return;
    };
    if list.len() < 2 || list.iter().any(|i| i.name.is_none()) {
        return;
    }
    let label = first.label;
    if list.iter().any(|i| i.label != label) {
        return;
    }
    let Some((lead_line, lead)) = lead_in(ctx, first) else {
        return;
    };
    if !LEAD_IN.is_match(lead) || NOT_INPUTS.is_match(lead) || in_fence(ctx, lead_line) {
        return;
    }
    let names: Vec<ListedInput> = list
        .iter()
        .filter_map(|i| i.name.as_ref().map(|n| (n, &i.default)))
        .filter(|((n, _), _)| !VALUES.contains(&n.to_ascii_lowercase().as_str()))
        .map(|((n, r), d)| ListedInput {
            name: n.clone(),
            span: ctx.file.span(r.start, r.end),
            default: d
                .as_ref()
                .filter(|_| !label)
                .map(|(v, r)| (v.clone(), ctx.file.span(r.start, r.end))),
        })
        .collect();
    if names.len() < 2 {
        return;
    }
    let workflow = YAML_FILE
        .captures(lead)
        .or_else(|| heading_of(ctx, first.line).and_then(|h| YAML_FILE.captures(h)))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    let start = ctx.file.line_start(first.line);
    let end_line = ctx.file.line_text(last.line);
    let end = ctx.file.line_start(last.line) + end_line.trim_end().len();
    out.push(Claim {
        kind: ClaimKind::ListedInputs {
            workflow,
            inputs: names,
            labels: label,
        },
        span: ctx.file.span(start + first.indent, end),
        text: lead.trim().to_string(),
    });
}

/// Is the line inside a fenced code block? (List items never are; a lead-in line might be.)
fn in_fence(ctx: &Ctx<'_>, line: u32) -> bool {
    let offset = ctx.file.line_start(line);
    ctx.blocks.codes.iter().any(|c| {
        let first = c.lines.first().map_or(usize::MAX, |l| l.offset);
        let last = c.lines.last().map_or(0, |l| l.offset);
        first <= offset && offset <= last
    })
}

/// The text of the nearest heading above `line`.
fn heading_of<'a>(ctx: &Ctx<'a>, line: u32) -> Option<&'a str> {
    (1..line).rev().find_map(|l| {
        let t = ctx.file.line_text(l).trim_start();
        (t.starts_with('#') && !in_fence(ctx, l)).then_some(t)
    })
}

/// `| Input | Description | Default |` tables whose first column holds names in code.
fn tables(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for table in &ctx.blocks.tables {
        let Some(head) = table.head.first().and_then(|i| ctx.blocks.texts.get(*i)) else {
            continue;
        };
        if !INPUT_HEADER.is_match(&head.text) {
            continue;
        }
        let heading_text = head
            .section
            .and_then(|i| ctx.blocks.texts.get(i))
            .map_or("", |h| h.text.as_str());
        if NOT_INPUTS.is_match(heading_text) {
            continue;
        }
        let default_col = table.head.iter().position(|i| {
            ctx.blocks
                .texts
                .get(*i)
                .is_some_and(|t| DEFAULT_HEADER.is_match(&t.text.replace(['*', '_'], "")))
        });
        let mut names = Vec::new();
        for row in &table.rows {
            let Some(cell) = row.cells.first().and_then(|i| ctx.blocks.texts.get(*i)) else {
                continue;
            };
            let Some(span) = cell.code_spans.first() else {
                continue;
            };
            let name = cell.text.get(span.clone()).unwrap_or("").trim();
            if !is_identifier(name) {
                continue;
            }
            let start = cell.source_offset(span.start);
            let default = default_col
                .and_then(|c| row.cells.get(c))
                .and_then(|i| ctx.blocks.texts.get(*i))
                .and_then(|d| {
                    let value = d.text.trim().trim_matches(['`', '"', '\'', '*']).trim();
                    let range = d.source_range();
                    (!NO_DEFAULT.contains(&value.to_ascii_lowercase().as_str())
                        && value.len() <= 40
                        && !value.contains(' '))
                    .then(|| (value.to_string(), ctx.file.span(range.start, range.end)))
                });
            names.push(ListedInput {
                name: name.to_string(),
                span: ctx.file.span(start, start + name.len()),
                default,
            });
        }
        if names.len() < 2 {
            continue;
        }
        let (Some(first), Some(last)) = (table.rows.first(), table.rows.last()) else {
            continue;
        };
        let workflow = YAML_FILE
            .captures(heading_text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string());
        out.push(Claim {
            kind: ClaimKind::ListedInputs {
                workflow,
                inputs: names,
                labels: false,
            },
            span: ctx.file.span(first.range.start, last.range.end),
            text: heading_text.trim().to_string(),
        });
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && s.len() <= 40
}
