//! Pushes of tags said to release or publish where no tag is named, so `push.rs` cannot
//! simulate one: a `git push … --tags` command under a comment ("# push the tag to trigger the
//! release"), a list step with such a command followed by a step saying what CI then does,
//! and a "Tags" section of a page listing what runs for each event, with a release or publish
//! among its items. `doc-trigger-disabled` checks that some workflow starts on a tag push.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::blocks::{TextBlock, TextRole};
use super::{Claim, ClaimKind, Ctx};

/// `git push [remote] [branch] --tags` or `--follow-tags`, flags anywhere, before any comment.
static TAGS_PUSH: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"^\s*(?:\$\s+)?git\s+push\b[^#\n]*?\s--(?:tags|follow-tags)\b[^#\n]*(?:#\s*(.*))?$",
    )
});
/// The words are about tags.
static TAG_WORD: LazyLock<LineRegex> = LazyLock::new(|| LineRegex::new(r"(?i)\btag(?:s|ged)?\b"));
/// The words say the tags start something: a tag word, then a verb of starting.
static TAG_STARTS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\btag(?:s|ged)?\b.{0,80}?\b(?:trigger\w*|starts?|kicks?\s+off|launch\w*|initiates?|fires?)\b",
    )
});
/// The words say a release or a publication happens (a deploy may come from the branch push
/// made with the tags, so it is not enough).
static RELEASES: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(?:releas\w*|publish\w*)\b"));
/// Lines that may sit between the comment and the push without changing what it says.
static GIT_LINE: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"^\s*(?:\$\s+)?git\s+(?:add|commit|tag|checkout|switch)\b"));
/// A heading of a "what runs where" page naming an event other than tags.
static OTHER_EVENT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bpull\s+requests?\b|\bPRs?\b|\bbranch(?:es)?\b|\bpush(?:es)?\b|\bmain\b|\bmaster\b|\bmerges?\b|\bnightly\b|\bschedul\w*",
    )
});
/// A heading over per-event sections that says they describe CI runs.
static CI_WORD: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bci(?:/cd)?\b|\bworkflows?\b|\bpipelines?\b|\bgithub\s+actions\b|\bwhat\s+runs\b|\bautomation\b",
    )
});

/// Does `said` claim that pushing tags releases or publishes? The tag must be what starts it
/// ("push the tag to trigger the release"): "push main with its tags; the run publishes" may
/// mean the branch's run.
fn says_tag_release(said: &str) -> bool {
    TAG_STARTS.is_match(said) && RELEASES.is_match(said)
}

/// The branch a `git push` command pushes with its tags: the second word that is no flag
/// (`git push origin main --tags`); None when it names only the remote (the current branch).
fn pushed_branch(command: &str) -> Option<String> {
    let words: Vec<&str> = command
        .split('#')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip_while(|w| *w != "push")
        .skip(1)
        .filter(|w| !w.starts_with('-'))
        .collect();
    words
        .get(1)
        .map(|b| {
            b.trim_start_matches('+')
                .trim_start_matches("refs/heads/")
                .to_string()
        })
        .filter(|b| !b.is_empty() && !b.contains(':'))
}

pub(crate) fn tag_pushes(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    commented_commands(ctx, out);
    list_steps(ctx, out);
    tag_sections(ctx, out);
}

/// `git push origin main --tags` in a code block under a comment saying the tag releases.
fn commented_commands(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for code in &ctx.blocks.codes {
        if !code.lines.iter().any(|l| l.text.contains("git push")) {
            continue;
        }
        let mut comment: Option<String> = None;
        for line in &code.lines {
            let t = line.text.trim();
            if let Some(text) = t.strip_prefix('#') {
                comment = Some(text.trim().to_string());
                continue;
            }
            if t.is_empty() {
                comment = None;
                continue;
            }
            if let Some(caps) = TAGS_PUSH.captures(t) {
                let trailing = caps.get(1).map(|c| c.as_str().trim().to_string());
                let said = comment
                    .take()
                    .filter(|c| says_tag_release(c))
                    .or_else(|| trailing.filter(|c| says_tag_release(c)));
                if let Some(said) = said {
                    let start = line.offset + line.text.find("git").unwrap_or(0);
                    let text = if t.contains(said.as_str()) {
                        t.to_string()
                    } else {
                        format!("# {said} / {t}")
                    };
                    out.push(Claim {
                        kind: ClaimKind::TagPush {
                            command: true,
                            branch: pushed_branch(t),
                        },
                        span: ctx
                            .file
                            .span(start, line.offset + line.text.trim_end().len()),
                        text,
                    });
                }
                continue;
            }
            if !GIT_LINE.is_match(t) {
                comment = None;
            }
        }
    }
}

/// The text of a block without its inline code.
fn prose_of(block: &TextBlock) -> String {
    let mut out = String::with_capacity(block.text.len());
    let mut at = 0;
    for s in &block.code_spans {
        // Code spans keep their backticks around the range: drop them with the code.
        let start = s.start.saturating_sub(1).max(at);
        out.push_str(block.text.get(at..start).unwrap_or(""));
        out.push(' ');
        at = (s.end + 1).min(block.text.len()).max(start);
    }
    out.push_str(block.text.get(at..).unwrap_or(""));
    out
}

/// A list step whose inline code pushes tags ("Push with tags: `git push origin main --tags`"),
/// with the step itself or the next step of the same list saying CI releases or publishes.
fn list_steps(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let texts = &ctx.blocks.texts;
    for (i, block) in texts.iter().enumerate() {
        if block.role != TextRole::ListItem {
            continue;
        }
        let Some(command) = block
            .code_spans
            .iter()
            .filter_map(|s| block.text.get(s.clone()))
            .find(|c| TAGS_PUSH.is_match(c.trim()))
        else {
            continue;
        };
        let next = texts.get(i + 1).filter(|n| {
            n.role == TextRole::ListItem
                && n.section == block.section
                && n.parent_item == block.parent_item
        });
        let own = prose_of(block);
        let said = match next {
            Some(n) => format!("{} {}", own.trim(), prose_of(n).trim()),
            None => own.trim().to_string(),
        };
        if !TAG_WORD.is_match(&own) || !says_tag_release(&said) {
            continue;
        }
        let range = block.source_range();
        let line = ctx.line_of(range.start);
        let last = next.map_or(line, |n| {
            ctx.line_of(
                n.source_range()
                    .end
                    .saturating_sub(1)
                    .max(n.source_range().start),
            )
        });
        let text = (line..=last)
            .map(|l| ctx.file.line_text(l).trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
        out.push(Claim {
            kind: ClaimKind::TagPush {
                command: true,
                branch: pushed_branch(command.trim()),
            },
            span: ctx.trimmed_line_span(line),
            text,
        });
    }
}

/// ATX heading level of a source line (`### x` → 3).
fn heading_level(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let level = t.chars().take_while(|c| *c == '#').count();
    ((1..=6).contains(&level) && t[level..].starts_with(' ')).then_some(level)
}

/// A "Tags" section among per-event sections of a CI page ("#### Pull Requests", "#### Main
/// Branch", "#### Releases (Tags)" under "### CI"), whose list says a release or publish runs.
fn tag_sections(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let texts = &ctx.blocks.texts;
    // (index, level, line) of every ATX heading, in order.
    let headings: Vec<(usize, usize, u32)> = texts
        .iter()
        .enumerate()
        .filter(|(_, b)| b.role == TextRole::Heading)
        .filter_map(|(i, b)| {
            let line = ctx.line_of(b.source_range().start);
            heading_level(ctx.file.line_text(line)).map(|level| (i, level, line))
        })
        .collect();
    for (k, &(idx, level, line)) in headings.iter().enumerate() {
        let Some(h) = texts.get(idx) else { continue };
        if !TAG_WORD.is_match(&h.text) || h.text.split_whitespace().count() > 4 {
            continue;
        }
        // The parent heading, and the siblings under it.
        let parent = headings[..k].iter().rev().find(|(_, l, _)| *l < level);
        let start = parent.map_or(0, |p| {
            headings
                .iter()
                .position(|x| x.0 == p.0)
                .map_or(0, |i| i + 1)
        });
        let end = headings[start..]
            .iter()
            .position(|(_, l, _)| *l < level)
            .map_or(headings.len(), |e| start + e);
        let siblings = headings[start..end]
            .iter()
            .filter(|(i, l, _)| *l == level && *i != idx)
            .filter_map(|(i, _, _)| texts.get(*i));
        let other_events = siblings
            .filter(|s| OTHER_EVENT.is_match(&s.text) && !TAG_WORD.is_match(&s.text))
            .count();
        let parent_text = parent
            .and_then(|p| texts.get(p.0))
            .map_or("", |p| p.text.as_str());
        if other_events == 0 || !(CI_WORD.is_match(parent_text) || CI_WORD.is_match(&h.text)) {
            continue;
        }
        // The section's own list items (not those of a deeper heading).
        let items: Vec<&TextBlock> = texts
            .iter()
            .filter(|b| b.role == TextRole::ListItem && b.section == Some(idx))
            .collect();
        let Some(ships) = items.iter().find(|b| RELEASES.is_match(&b.text)) else {
            continue;
        };
        let item_line = ctx.line_of(ships.source_range().start);
        out.push(Claim {
            kind: ClaimKind::TagPush {
                command: false,
                branch: None,
            },
            span: ctx.trimmed_line_span(line),
            text: format!(
                "{} / {}",
                ctx.file.line_text(line).trim(),
                ctx.file.line_text(item_line).trim()
            ),
        });
    }
}
