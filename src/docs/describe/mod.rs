//! Trigger descriptions: what a doc says about when ONE workflow runs.
//!
//! Three shapes are read, each only when it is tied to exactly one workflow:
//! - a table row with a workflow cell and a trigger column
//!   (`| ci.yml | push to `main`, PRs |`);
//! - a sentence that names one workflow (else its line, else its list item) with a label
//!   ("Triggers: push to `main`, PRs") or a verb ("`nightly.yml` runs nightly");
//! - a label line ("Triggers: manual") under a heading that names one workflow.
//!
//! The words after the label or verb are read by [`parts`]; the vocabulary is the
//! `trigger_descriptions` section of `rules/claims.yml`.

mod parts;
#[cfg(test)]
mod tests;
mod vocabulary;

use crate::docs::line_regex::LineRegex;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::docs::lazy_regex::LazyRegex;

pub use vocabulary::TriggerVocabulary;

use super::blocks::{TextBlock, TextRole};
use super::patterns::{may_match, Candidates};
use super::prose::BlockSentences;
use super::{constant_regex, Claim, ClaimKind, Ctx};
use parts::{read_leading_parts, read_parts, Part};

/// One event a description names, with the words it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DescribedEvent {
    /// GitHub event name: "push", "pull_request", "schedule", "workflow_dispatch", ...
    pub event: String,
    /// Branch names or patterns as written (`push`, `pull_request`: "PRs to `main`").
    pub branches: Vec<String>,
    /// Tag names or patterns as written (`push`).
    pub tags: Vec<String>,
    /// The words say tags are pushed ("tag pushes", "release tags"), with or without names.
    pub tag_push: bool,
    /// `workflow_run`: the workflow named in "after `Build` completes".
    pub after: Option<String>,
    /// Paths a change must touch ("pushes to `main` that change files under `docs/`").
    pub paths: Vec<String>,
    /// "a push to any branch", "PRs against all branches": no branch filter.
    pub any_branch: bool,
    /// "every push", "each pull request", "all PRs": no event of the kind is skipped (no
    /// `paths` filter; for a push naming no branch, no branch filter either).
    pub every: bool,
    /// `workflow_run`: "deployment failure", "failed builds": the run follows another run that
    /// failed (a follow-up the workflow may also get by a call or a dispatch).
    pub on_failure: bool,
    /// The words name only branches and no event ("`release/*` branch" in a Trigger cell):
    /// read as a push, and a pull request into them also fits.
    pub branch_only: bool,
    /// The words as written, e.g. "push to `main`".
    pub words: String,
}

impl DescribedEvent {
    pub(crate) fn new(event: &str, words: &str) -> Self {
        DescribedEvent {
            event: event.to_string(),
            branches: Vec::new(),
            tags: Vec::new(),
            tag_push: false,
            after: None,
            paths: Vec::new(),
            any_branch: false,
            every: false,
            on_failure: false,
            branch_only: false,
            words: words.to_string(),
        }
    }
}

/// Verb cues that say the workflow runs ("runs", "is triggered"), not what it does.
static RUN_VERB: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"^(?:runs?|fires|executes|triggered|is|are|gets?|being)\b"));

/// A verb right after a label ("**Schedule:** Runs weekly on Mondays"): the label already
/// says what follows; the verb is no part of the list.
static VERB_AFTER_LABEL: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)^[\s*_]*(?:runs|is\s+run|executes|fires)\s+"));

/// "only" in a trigger sentence makes it the complete list ("is run only by hand").
static ONLY: LazyLock<LineRegex> = LazyLock::new(|| LineRegex::new(r"(?i)\bonly\b"));

/// "not only", "not just": the list is not complete after all.
static NOT_ONLY: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bnot\s+(?:only|just)\b"));

/// "the `Release` workflow", "the `publish` CI workflow" (up to two capitalised qualifiers,
/// which are part of the mention, not another workflow's name).
static CODE_NAMED: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"^`\s*(?:[A-Z][\w-]*\s+){0,2}(?:[Ww]orkflow|WORKFLOW)\b"));
/// "The Release workflow", "Publish NPM workflow", "**Test Workflow**": up to three
/// capitalised words.
static CAPITALISED_NAMED: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"\b((?:[A-Z][\w.-]*[ \t]+){1,3})[Ww]orkflow\b"));
/// "the `release` job": a job named by its id.
static JOB_NAMED: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"`(?P<job>[A-Za-z0-9_-]{1,60})`\s+job\b"));
/// "<event> to trigger the `release` job", "<event> starts the `deploy` job": the event is
/// written first. Group `ev`: the event words; `job`: the job id.
static EVENT_STARTS_JOB: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^(?P<ev>[^`]{3,60}?(?:`[^`\n]{1,40}`)?)\s+(?:(?:to|will|then|also|automatically)\s+)*(?:triggers?|starts?|kicks?\s+off|runs?)\s+the\s+`(?P<job>[A-Za-z0-9_-]{1,60})`\s+job\b",
    )
});
/// Whether [`EVENT_STARTS_JOB`] can match `text`: it needs a backquote and the word `job`
/// (no letter of which has a non-ASCII case variant). Its bounded repetitions make its lazy
/// DFA the largest of the process (~1.9 MB of states per thread over the corpus when it
/// searched every sentence).
fn may_start_job(text: &str) -> bool {
    text.contains('`') && super::has_word_ci(text, "job")
}

/// "a tag that starts with `v`", "tags prefixed with `rel-`": a tag glob in words.
static TAG_PREFIX: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\s*(?:push(?:es|ing)?\s+(?:of\s+)?)?(?:a|an|any|the)?\s*(?:new\s+|git\s+)?tags?\s+(?:(?:that|which)\s+)?(?:starts?|starting|begins?|beginning|prefixed)\s+(?:with|by)\s+`(?P<prefix>[A-Za-z0-9._/-]{1,20})`\s*$",
    )
});
/// A table column naming the job a row is about.
static JOB_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"^(?:jobs?|job\s+(?:ids?|names?)|job\(s\))$"));

/// Words before a workflow name that are not part of it.
const NOT_NAMES: &[&str] = &[
    "the", "this", "that", "our", "a", "an", "each", "every", "your", "its", "their", "any", "see",
    "use", "run", "which", "when", "then", "and", "or", "in", "of", "to",
];
/// Sentence openings before a verb that stand for a workflow named just before ("Runs
/// nightly.", "The workflow is triggered manually"): only then may the line, the list item or
/// the heading say which workflow is meant.
static PRONOUN_SUBJECT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\s*(?:(?:it|this\s+workflow|the\s+workflow|this\s+one)\s+(?:(?:is|gets|also|only|automatically)\s+)*)?$",
    )
});

/// A workflow named in text, in source offsets.
#[derive(Debug, Clone)]
struct Mention {
    name: String,
    range: Range<usize>,
    /// A file name or path (stronger than a name).
    file: bool,
    /// A link to another repository's workflow.
    foreign: bool,
    /// `owner/name` of a GitHub link (maybe this repository's own).
    slug: Option<String>,
}

pub(crate) fn trigger_descriptions(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    if vocab.events.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for (block, split) in ctx.blocks.texts.iter().zip(ctx.sentences) {
        if matches!(block.role, TextRole::Paragraph | TextRole::ListItem) {
            sentence_descriptions(ctx, out, block, split, &mut found);
            manual_runs(ctx, out, block, split, &mut found);
        }
    }
    table_descriptions(ctx, out, &mut found);
    label_lists(ctx, out, &mut found);
    only_lists(ctx, out, &mut found);
    subject_lists(ctx, out, &mut found);
    event_starts_job(ctx, &mut found);
    event_first(ctx, out, &mut found);
    out.extend(found);
}

/// A label alone on its line ("**Triggers:**", "**Triggers**") followed by a list: each item is one part of
/// the description ("- Push to `main`", "- Manual dispatch"), claimed at its own line. The
/// workflow is the one the label's paragraph or, failing that, its heading names. A list of
/// one item is the complete list.
fn label_lists(ctx: &Ctx<'_>, claims: &[Claim], out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    let texts = &ctx.blocks.texts;
    for (i, block) in texts.iter().enumerate() {
        if block.role != TextRole::Paragraph || block.text.len() > 80 {
            continue;
        }
        // A label alone on its line may also go without the colon ("**Triggers**").
        let bare = matches!(
            header_key(&block.text).as_str(),
            "trigger" | "triggers" | "trigger events" | "triggered by" | "triggered on"
        );
        let cue = match vocab.labels.iter().find_map(|re| re.find(&block.text)) {
            Some(m) => m.start()..m.end(),
            None if bare => 0..block.text.len(),
            None => continue,
        };
        let outside = |t: &str| t.chars().all(|c| !c.is_alphanumeric() || !c.is_ascii());
        let before = block.text.get(..cue.start).unwrap_or("");
        let after = block.text.get(cue.end..).unwrap_or("");
        if !outside(after) || before.chars().filter(|c| c.is_alphanumeric()).count() > 40 {
            continue;
        }
        let items: Vec<(usize, &TextBlock)> = texts
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.role == TextRole::ListItem && t.section == block.section)
            .enumerate()
            .map(|(k, t)| (i + 1 + k, t))
            .collect();
        if items.is_empty() {
            continue;
        }
        let Some(workflow) = lead_workflow(ctx, claims, block) else {
            continue;
        };
        let complete = items.len() == 1;
        // Items nested under an item ending in ":" that are one pattern in code each ("Push of
        // version tags:" over "- `v*`", "- `lts-*`"): the names of that item's push.
        let mut named_by: Vec<usize> = Vec::new();
        for (idx, item) in items.iter().copied() {
            if named_by.contains(&idx) {
                continue;
            }
            let names: Vec<(usize, &TextBlock)> = if item.text.trim_end().ends_with(':') {
                items
                    .iter()
                    .copied()
                    .filter(|(_, t)| t.parent_item == Some(idx))
                    .collect()
            } else {
                Vec::new()
            };
            let code_only = |t: &TextBlock| {
                let s = t.text.trim();
                t.code_spans.len() == 1
                    && s.starts_with('`')
                    && s.ends_with('`')
                    && s.len() > 2
                    && !s.get(1..s.len() - 1).unwrap_or("").contains('`')
            };
            let names: Vec<(usize, &TextBlock)> = if names.iter().all(|(_, t)| code_only(t)) {
                names
            } else {
                Vec::new()
            };
            named_by.extend(names.iter().map(|(k, _)| *k));
            let range = match names.last() {
                Some((_, last)) => item.source_range().start..last.source_range().end,
                None => item.source_range(),
            };
            if out
                .iter()
                .any(|c| c.span.start.offset < range.end && range.start < c.span.end.offset)
            {
                continue;
            }
            // An item naming another workflow is not a trigger of this one.
            if !mentions(claims, item).is_empty() {
                continue;
            }
            let end = item.text.trim_end().trim_end_matches(':').len();
            let Some(mut events) = read_all_events(vocab, &item.text, 0..end, &item.code_spans)
            else {
                continue;
            };
            let mut text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !names.is_empty() {
                // Only one push whose words say tags or branches takes the names.
                let [e] = events.as_mut_slice() else { continue };
                let words = e.words.to_lowercase();
                let written: Vec<String> = names
                    .iter()
                    .map(|(_, t)| t.text.trim().trim_matches('`').to_string())
                    .collect();
                if e.event != "push" || !e.tags.is_empty() || !e.branches.is_empty() {
                    continue;
                } else if e.tag_push || words.contains("tag") {
                    e.tag_push = true;
                    e.tags = written.clone();
                } else if words.contains("branch") {
                    e.branches = written.clone();
                } else {
                    continue;
                }
                for w in &written {
                    text.push_str(&format!(" `{w}`"));
                }
            }
            out.push(Claim {
                kind: ClaimKind::TriggerDescription {
                    workflow: workflow.clone(),
                    events,
                    exhaustive: complete,
                    repo: None,
                },
                span: ctx.file.span(range.start, range.end),
                text,
            });
        }
    }
}

/// A sentence introducing a list as every event a workflow runs on: "`ci.yml` is only run if
/// one of the following happens:", "The docs build runs only on:".
static ONLY_INTRO: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:(?:is|are|gets?)\s+only\s+(?:ever\s+)?(?:run|triggered|started|executed)|only\s+(?:runs?|triggers?|starts?|fires?)|(?:runs?|is\s+run|is\s+triggered|triggers?|fires?)\s+only)\b[^.:]*:\s*$",
    )
});

/// A paragraph ending in ":" that says its list is the only events a workflow runs on ("…
/// is only run if one of the following conditions are met:"), followed by items each of
/// which reads as events ("- Pushes", "- Manual dispatch", "- Daily at 6:00 UTC"): one
/// complete description, claimed from the paragraph to the last item. Any item that does not
/// read as events, or names a workflow, and the list is left alone.
fn only_lists(ctx: &Ctx<'_>, claims: &[Claim], out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    let texts = &ctx.blocks.texts;
    for (i, block) in texts.iter().enumerate() {
        if block.role != TextRole::Paragraph || block.text.len() > 240 {
            continue;
        }
        let text = block.text.trim_end();
        if !ONLY_INTRO.is_match(text) || NOT_ONLY.is_match(text) {
            continue;
        }
        let items: Vec<&TextBlock> = texts
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.role == TextRole::ListItem && t.section == block.section)
            .collect();
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            continue;
        };
        if items.iter().any(|t| t.parent_item.is_some()) {
            continue;
        }
        let mut events = Vec::new();
        let mut all_read = true;
        for item in &items {
            let end = item
                .text
                .trim_end()
                .trim_end_matches([':', '.', ';', ','])
                .len();
            match read_all_events(vocab, &item.text, 0..end, &item.code_spans) {
                Some(e) if mentions(claims, item).is_empty() && !e.is_empty() => events.extend(e),
                _ => {
                    all_read = false;
                    break;
                }
            }
        }
        if !all_read {
            continue;
        }
        let Some(workflow) = lead_workflow(ctx, claims, block) else {
            continue;
        };
        let range = block.source_range().start..last.source_range().end;
        let items_range = first.source_range().start..range.end;
        if out
            .iter()
            .any(|c| c.span.start.offset < items_range.end && items_range.start < c.span.end.offset)
        {
            continue;
        }
        let mut said = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for item in &items {
            said.push(' ');
            said.push_str(&item.text.split_whitespace().collect::<Vec<_>>().join(" "));
            said.push(';');
        }
        out.push(Claim {
            kind: ClaimKind::TriggerDescription {
                workflow,
                events: merge(events.into_iter()),
                exhaustive: true,
                repo: None,
            },
            span: ctx.file.span(range.start, range.end),
            text: said.trim_end_matches(';').to_string(),
        });
    }
}

/// A heading over a list of triggers: "Schedule Summary", "Triggers", "When workflows run".
static TRIGGER_HEADING: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(?:schedul\w*|triggers?|events?|cron|when\b)"));

/// A list item that opens with its trigger and then names the workflows it starts: "**Daily at
/// 02:00 UTC**: [nightly tests][n], [docs build][d]", "Pushes to `main`: `ci.yml`, `lint.yml`".
/// Every word before the colon must read as events, every part after it (split at commas and
/// "and") must be one workflow of this repository; each gets the description, never a complete
/// list. Only schedules, or items under a heading about triggers or schedules.
fn subject_lists(ctx: &Ctx<'_>, claims: &[Claim], out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    for block in &ctx.blocks.texts {
        if block.role != TextRole::ListItem {
            continue;
        }
        let text = block.text.as_str();
        let Some(colon) = text.find(": ") else {
            continue;
        };
        if colon == 0 || colon > 60 || text.get(..colon).is_some_and(|h| h.contains('\n')) {
            continue;
        }
        let parts = read_parts(vocab, text, 0..colon, &block.code_spans);
        if parts.is_empty() || !parts.iter().all(|(p, _)| matches!(p, Part::Read(_))) {
            continue;
        }
        let events = merge(parts.into_iter().filter_map(|(p, _)| match p {
            Part::Read(e) => Some(e),
            Part::Unread(_) => None,
        }));
        let schedules = !events.is_empty() && events.iter().all(|e| e.event == "schedule");
        let heading = block
            .section
            .and_then(|i| ctx.blocks.texts.get(i))
            .map_or("", |h| h.text.as_str());
        if events.is_empty() || !(schedules || TRIGGER_HEADING.is_match(heading)) {
            continue;
        }
        let src = |r: usize| block.source_offset(r);
        let all = mentions(claims, block);
        if all.iter().any(|m| m.foreign) {
            continue;
        }
        // The parts after the colon, each one workflow.
        let mut names: Vec<String> = Vec::new();
        let mut start = colon + 2;
        let mut ok = true;
        let tail = text.get(start..).unwrap_or("");
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        for (i, c) in tail.char_indices() {
            if matches!(c, ',' | ';' | '&') {
                cuts.push((start + i, start + i + c.len_utf8()));
            }
        }
        for (i, _) in tail.match_indices(" and ") {
            cuts.push((start + i, start + i + " and ".len()));
        }
        cuts.sort_unstable();
        cuts.push((text.len(), text.len()));
        for (cut, next) in cuts {
            if cut < start {
                ok = false;
                break;
            }
            let piece = text.get(start..cut).unwrap_or("");
            if !piece.trim().is_empty() {
                let range = src(start)..src(cut);
                match one_workflow(ctx, &all, &range, &(0..0)) {
                    Ok(Some(name)) if only_names(ctx, &all, &range) => names.push(name),
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            start = next;
        }
        if !ok || names.is_empty() {
            continue;
        }
        let range = block.source_range();
        if out.iter().chain(claims.iter()).any(|c| {
            matches!(
                c.kind,
                ClaimKind::TriggerDescription { .. } | ClaimKind::JobTrigger { .. }
            ) && c.span.start.offset < range.end
                && range.start < c.span.end.offset
        }) {
            continue;
        }
        names.dedup();
        let said = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for workflow in names {
            out.push(Claim {
                kind: ClaimKind::TriggerDescription {
                    workflow,
                    events: events.clone(),
                    exhaustive: false,
                    repo: None,
                },
                span: ctx.file.span(src(0), src(colon)),
                text: said.clone(),
            });
        }
    }
}

/// Nothing but workflow mentions (and the words "workflow", "file") in the source `range`:
/// "[Nightly tests][n]", "`tidy.yml` workflow", not "Runs after the `Build` workflow".
fn only_names(ctx: &Ctx<'_>, all: &[Mention], range: &Range<usize>) -> bool {
    let text = ctx.file.text.get(range.clone()).unwrap_or("");
    let mut rest = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let at = range.start + i;
        let named = all.iter().any(|m| m.range.start <= at && at < m.range.end);
        rest.push(if named { ' ' } else { c });
    }
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "workflow" | "workflows" | "file" | "yml" | "yaml"
            )
        })
}

/// Workflows named in a block: workflow-file references found earlier, bare YAML file names
/// (the description's own words make them workflow context) and "`X` workflow" names.
fn mentions(claims: &[Claim], block: &TextBlock) -> Vec<Mention> {
    let src = block.source_range();
    let mut out: Vec<Mention> = claims
        .iter()
        .filter(|c| c.span.start.offset < src.end && src.start < c.span.end.offset)
        .filter_map(|c| match &c.kind {
            ClaimKind::WorkflowRef {
                file_name, repo, ..
            } => Some(Mention {
                name: file_name.clone(),
                range: c.span.start.offset..c.span.end.offset,
                file: true,
                foreign: repo.is_some(),
                slug: repo.clone(),
            }),
            _ => None,
        })
        .collect();
    let to_src = |r: &Range<usize>| block.source_offset(r.start)..block.source_offset(r.end);
    for (r, listed) in super::refs::yaml_file_names(&block.text) {
        let range = to_src(&r);
        if listed || out.iter().any(|m| overlaps(&m.range, &range)) {
            continue;
        }
        let written = block.text.get(r).unwrap_or("");
        out.push(Mention {
            name: written.rsplit('/').next().unwrap_or(written).to_string(),
            range,
            file: true,
            foreign: false,
            slug: None,
        });
    }
    for span in &block.code_spans {
        let after = block.text.get(span.end..).unwrap_or("");
        let name = block.text.get(span.clone()).unwrap_or("").trim();
        if let Some(m) = CODE_NAMED.find(after).filter(|_| plausible_name(name)) {
            // The mention runs to "workflow": "CI" in "`publish` CI workflow" is no name.
            push_name(&mut out, name, to_src(&(span.start..span.end + m.end())));
        }
    }
    for c in CAPITALISED_NAMED.captures_iter(&block.text) {
        let Some(m) = c.get(1) else { continue };
        if in_code(block, m.start()) {
            continue;
        }
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        let skip = words
            .iter()
            .take_while(|w| NOT_NAMES.contains(&w.to_lowercase().as_str()))
            .count();
        let name = words.get(skip..).unwrap_or(&[]).join(" ");
        if plausible_name(&name) {
            let start = m.start() + m.as_str().find(&name).unwrap_or(0);
            push_name(&mut out, &name, to_src(&(start..start + name.len())));
        }
    }
    out.sort_by_key(|m| m.range.start);
    out
}

fn push_name(out: &mut Vec<Mention>, name: &str, range: Range<usize>) {
    if out.iter().any(|m| overlaps(&m.range, &range)) {
        return;
    }
    out.push(Mention {
        name: name.to_string(),
        range,
        file: false,
        foreign: false,
        slug: None,
    });
}

fn plausible_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 60
        && !name.contains(['/', '$', '{', '('])
        && !name.ends_with(".yml")
        && !name.ends_with(".yaml")
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn in_code(block: &TextBlock, rendered: usize) -> bool {
    block
        .code_spans
        .iter()
        .any(|s| s.start <= rendered && rendered < s.end)
}

/// The one workflow the mentions inside `within` (and outside `except`) name: `Ok(Some)` for
/// one, `Ok(None)` for none, `Err` for two or more (or another repository's workflow).
/// Mentions written next to each other ("Publish workflow (`publish.yml`)") are one.
fn one_workflow(
    ctx: &Ctx<'_>,
    all: &[Mention],
    within: &Range<usize>,
    except: &Range<usize>,
) -> Result<Option<String>, ()> {
    let inside: Vec<&Mention> = all
        .iter()
        .filter(|m| overlaps(&m.range, within))
        .filter(|m| !overlaps(&m.range, except))
        .collect();
    let mut groups: Vec<Vec<&Mention>> = Vec::new();
    for m in inside {
        let joined = groups.last_mut().filter(|g| {
            g.last()
                .is_some_and(|prev| adjacent(&ctx.file.text, &prev.range, &m.range))
        });
        match joined {
            Some(g) => g.push(m),
            None => groups.push(vec![m]),
        }
    }
    let mut keys: Vec<(String, &Mention)> = Vec::new();
    for g in &groups {
        let Some(best) = g.iter().find(|m| m.file).or_else(|| g.first()) else {
            continue;
        };
        let mut files: Vec<String> = g
            .iter()
            .filter(|m| m.file)
            .map(|m| m.name.to_lowercase())
            .collect();
        files.dedup();
        if g.iter().any(|m| m.foreign) || files.len() > 1 {
            return Err(());
        }
        let key = best.name.to_lowercase();
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, best));
        }
    }
    match keys.as_slice() {
        [] => Ok(None),
        [(_, one)] => Ok(Some(one.name.clone())),
        _ => Err(()),
    }
}

/// Only markup, punctuation and the word "workflow" between two mentions.
fn adjacent(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let Some(gap) = text.get(a.end.min(b.start)..b.start.max(a.end)) else {
        return false;
    };
    if a.end > b.start {
        return true;
    }
    gap.split(|c: char| c.is_whitespace() || "()[]:-—`*_\"'".contains(c))
        .all(|w| {
            w.is_empty() || w.eq_ignore_ascii_case("workflow") || w.eq_ignore_ascii_case("file")
        })
}

/// What a label or verb is followed by: the events read, whether the list is complete, and
/// the rendered range from the cue to the last part read.
struct Reading {
    events: Vec<DescribedEvent>,
    exhaustive: bool,
    cue_start: usize,
    tail: Range<usize>,
    end: usize,
}

/// Matches of the regexes within `range` that do not start inside inline code, earliest first.
/// `candidates` tells which regexes can match there at all (the others are skipped).
fn first_cue(
    regexes: &[LazyRegex],
    candidates: &[bool],
    block: &TextBlock,
    flat: &str,
    range: &Range<usize>,
) -> Vec<Range<usize>> {
    let text = flat.get(range.clone()).unwrap_or("");
    let mut found: Vec<Range<usize>> = regexes
        .iter()
        .enumerate()
        .filter(|(i, _)| may_match(candidates, *i))
        .flat_map(|(_, re)| re.find_iter(text))
        .map(|m| range.start + m.start()..range.start + m.end())
        .filter(|r| !in_code(block, r.start))
        .collect();
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    found
}

/// Read a label (every part counts) or a verb (parts up to the first unread one); the flag
/// says whether the workflow may be named outside the sentence (a label, or a verb after a
/// pronoun-like opening).
fn read_cue(
    ctx: &Ctx<'_>,
    block: &TextBlock,
    flat: &str,
    sentence: &Range<usize>,
    candidates: &Candidates<'_>,
) -> Option<(Reading, bool)> {
    let vocab = &ctx.patterns.triggers;
    let full = first_cue(&vocab.labels, candidates.labels, block, flat, sentence);
    let partial = first_cue(
        &vocab.partial_labels,
        candidates.partial_labels,
        block,
        flat,
        sentence,
    );
    let label = match (full.first(), partial.first()) {
        (Some(f), Some(p)) if p.start < f.start => Some((p.clone(), false)),
        (Some(f), _) => Some((f.clone(), true)),
        (None, Some(p)) => Some((p.clone(), false)),
        (None, None) => None,
    };
    if let Some((cue, complete)) = label {
        let mut tail = cue.end..sentence.end;
        if let Some(m) = block
            .text
            .get(tail.clone())
            .and_then(|t| VERB_AFTER_LABEL.find(t))
        {
            tail.start += m.end();
        }
        let parts = read_parts(vocab, &block.text, tail.clone(), &block.code_spans);
        let all_read = parts.iter().all(|(p, _)| matches!(p, Part::Read(_)));
        let end = parts
            .iter()
            .filter(|(p, _)| matches!(p, Part::Read(_)))
            .map(|(_, r)| r.end)
            .max()?;
        let events = merge(parts.into_iter().filter_map(|(p, _)| match p {
            Part::Read(e) => Some(e),
            Part::Unread(_) => None,
        }));
        return Some((
            Reading {
                events,
                exhaustive: complete && all_read,
                cue_start: cue.start,
                tail,
                end,
            },
            true,
        ));
    }
    for cue in first_cue(&vocab.verbs, candidates.verbs, block, flat, sentence) {
        let tail = cue.end..sentence.end;
        // Only the parts before the first unread one count after a verb.
        let parts = read_leading_parts(vocab, &block.text, tail.clone(), &block.code_spans);
        let all_read = parts.iter().all(|(p, _)| matches!(p, Part::Read(_)));
        // After a verb of what the workflow does ("creates an issue on deployment failure"),
        // a failure is when its own steps act, not what starts it.
        let cue_text = flat.get(cue.clone()).unwrap_or("").to_ascii_lowercase();
        let does = !RUN_VERB.is_match(&cue_text);
        let read: Vec<(DescribedEvent, Range<usize>)> = parts
            .into_iter()
            .map_while(|(p, r)| match p {
                Part::Read(e) if !(does && e.on_failure) => Some((e, r)),
                _ => None,
            })
            .collect();
        let Some(end) = read.last().map(|(_, r)| r.end) else {
            continue;
        };
        let opening = flat.get(sentence.start..cue.start).unwrap_or("");
        // "is run only by hand", "only runs on tags": every trigger, when all was read.
        let said = flat.get(sentence.start..end).unwrap_or("");
        let only = ONLY.is_match(said) && !NOT_ONLY.is_match(said);
        return Some((
            Reading {
                events: merge(read.into_iter().map(|(e, _)| e)),
                exhaustive: only && all_read,
                cue_start: cue.start,
                tail: cue.end..end,
                end,
            },
            PRONOUN_SUBJECT.is_match(opening),
        ));
    }
    None
}

/// Cheap words one of the `manual_only` phrasings needs (lowercase).
const MANUAL_ONLY_WORDS: &[&str] = &["automatic", "manual", "by hand", "on its own", "by itself"];
/// After "is not triggered automatically": a narrower statement ("... on pull requests").
static NARROWED: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\W*(?:on|for|when|by|after|from|in|if|unless|but|except|anymore|any\s+more)\b",
    )
});
static EXCEPTION: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(?:except|unless|but\s+also|other\s+than|apart\s+from)\b")
});

/// A sentence saying the workflow only ever starts by hand ("is never triggered
/// automatically"): a complete description with one trigger, `workflow_dispatch`.
fn manual_only(
    ctx: &Ctx<'_>,
    block: &TextBlock,
    flat: &str,
    sentence: &Range<usize>,
) -> Option<(Reading, bool)> {
    let text = flat.get(sentence.clone())?;
    let lower = text.to_ascii_lowercase();
    if !MANUAL_ONLY_WORDS.iter().any(|w| lower.contains(w)) || EXCEPTION.is_match(text) {
        return None;
    }
    let m = ctx
        .patterns
        .triggers
        .manual_only
        .iter()
        .filter_map(|re| re.find(text))
        .filter(|m| !in_code(block, sentence.start + m.start()))
        .filter(|m| !NARROWED.is_match(text.get(m.end()..).unwrap_or("")))
        .min_by_key(|m| m.start())?;
    let start = sentence.start + m.start();
    let end = sentence.start + m.end();
    let opening = flat.get(sentence.start..start).unwrap_or("");
    Some((
        Reading {
            events: vec![DescribedEvent::new(
                "workflow_dispatch",
                text.get(m.range()).unwrap_or(""),
            )],
            exhaustive: true,
            cue_start: start,
            tail: start..end,
            end,
        },
        PRONOUN_SUBJECT.is_match(opening),
    ))
}

/// Openings of a sentence whose manual-run phrase is about a workflow named before it ("It can
/// also be manually triggered", "This workflow …"), or an object that is ("you can run it
/// manually").
static MANUAL_REFERS_BACK: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\W*(?:it|this\s+workflow|the\s+workflow|this\s+one)\b|\b(?:trigger|run|start|dispatch)\s+(?:it|this\s+workflow|the\s+workflow)\b",
    )
});
/// A manual run offered under a condition ("If the build fails, it can be run manually").
static MANUAL_CONDITION: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)^\W*(?:if|when|whether|in\s+case)\b"));

/// "… or when manually triggered", "can also be run manually [here](…)", "Manually run the
/// [Prepare](…) workflow": the workflow can be started by hand. The phrase joins the
/// description read from the same sentence (one claim per sentence); without one it is a
/// description of its own with that one trigger (never a complete list). The workflow is the
/// one the sentence names, a GitHub link to its page included; after "It"/"This workflow",
/// the one the sentence before opens with, else the section heading's when the block names
/// none. A sentence with a Run-workflow click path or a `gh workflow run` command is left to
/// that claim.
fn manual_runs(
    ctx: &Ctx<'_>,
    claims: &[Claim],
    block: &TextBlock,
    split: &BlockSentences<'_>,
    out: &mut Vec<Claim>,
) {
    let vocab = &ctx.patterns.triggers;
    let flat = &split.flat;
    if vocab.manual_run.is_empty() || !says_by_hand(flat) {
        return;
    }
    let mut block_mentions: Option<Vec<Mention>> = None;
    let src = |r: usize| block.source_offset(r);
    for (k, sentence) in split.ranges.iter().enumerate() {
        let Some(text) = flat.get(sentence.clone()) else {
            continue;
        };
        if !says_by_hand(text) {
            continue;
        }
        let Some(m) = vocab
            .manual_run
            .iter()
            .filter_map(|re| re.find(text))
            .filter(|m| !in_code(block, sentence.start + m.start()))
            .min_by_key(|m| m.start())
        else {
            continue;
        };
        if vocab.exclude.iter().any(|re| re.is_match(text)) || MANUAL_CONDITION.is_match(text) {
            continue;
        }
        let sentence_src = src(sentence.start)..src(sentence.end);
        let touches =
            |c: &Claim| overlaps(&(c.span.start.offset..c.span.end.offset), &sentence_src);
        if claims.iter().any(|c| {
            matches!(
                c.kind,
                ClaimKind::RunButton { .. } | ClaimKind::Command { .. }
            ) && touches(c)
        }) {
            continue;
        }
        let words = text.get(m.range()).unwrap_or("").trim();
        let manual = DescribedEvent::new("workflow_dispatch", words);
        // Said in a description read from this sentence: one more event of it.
        if let Some(c) = out
            .iter_mut()
            .find(|c| matches!(c.kind, ClaimKind::TriggerDescription { .. }) && touches(c))
        {
            if let ClaimKind::TriggerDescription { events, .. } = &mut c.kind {
                if !events.iter().any(|e| e.event == "workflow_dispatch") {
                    events.push(manual);
                }
            }
            continue;
        }
        let all = block_mentions.get_or_insert_with(|| mentions(claims, block));
        let mut subject = linked_workflow(ctx, all, &sentence_src);
        if subject.is_none() && MANUAL_REFERS_BACK.is_match(text) {
            // The sentence before, when it opens with the workflow.
            let before = k
                .checked_sub(1)
                .and_then(|j| split.ranges.get(j))
                .map(|r| src(r.start)..src(r.start + 12.min(r.len())));
            subject = before.and_then(|r| linked_workflow(ctx, all, &r));
            let none_in_block =
                one_workflow(ctx, all, &block.source_range(), &(0..0)).is_ok_and(|o| o.is_none());
            if subject.is_none() && none_in_block {
                subject = section_workflow(ctx, claims, block).map(|w| (w, None));
            }
        }
        let Some((workflow, repo)) = subject else {
            continue;
        };
        out.push(Claim {
            kind: ClaimKind::TriggerDescription {
                workflow,
                events: vec![manual],
                exhaustive: false,
                repo,
            },
            span: ctx.file.span(
                src(sentence.start + m.start()),
                src(sentence.start + m.end()),
            ),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
}

/// Cheap test for the words every `manual_run` phrase holds.
fn says_by_hand(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["manual", "by hand", "on demand", "on-demand"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The one workflow named inside `within`, where a GitHub link to a workflow page counts as a
/// name (with its `owner/name`, which the check compares with this repository's).
fn linked_workflow(
    ctx: &Ctx<'_>,
    all: &[Mention],
    within: &Range<usize>,
) -> Option<(String, Option<String>)> {
    let local: Vec<Mention> = all
        .iter()
        .map(|m| Mention {
            foreign: false,
            ..m.clone()
        })
        .collect();
    let name = one_workflow(ctx, &local, within, &(0..0)).ok().flatten()?;
    let slug = all
        .iter()
        .filter(|m| overlaps(&m.range, within) && m.name.eq_ignore_ascii_case(&name))
        .find_map(|m| m.slug.clone());
    Some((name, slug))
}

/// One event per kind: "push to `main`" and "tags `v*`" become one push with both.
/// The events `text[range]` names when every part of it is read as events (None when a part is
/// not read, or nothing is): a claim is made only from words read in full.
fn read_all_events(
    vocab: &TriggerVocabulary,
    text: &str,
    range: Range<usize>,
    code: &[Range<usize>],
) -> Option<Vec<DescribedEvent>> {
    let parts = read_parts(vocab, text, range, code);
    if !parts.iter().all(|(p, _)| matches!(p, Part::Read(_))) {
        return None;
    }
    let events = merge(parts.into_iter().filter_map(|(p, _)| match p {
        Part::Read(e) => Some(e),
        Part::Unread(_) => None,
    }));
    (!events.is_empty()).then_some(events)
}

fn merge(events: impl Iterator<Item = DescribedEvent>) -> Vec<DescribedEvent> {
    let mut out: Vec<DescribedEvent> = Vec::new();
    for e in events {
        match out.iter_mut().find(|o| o.event == e.event) {
            Some(o) => {
                for b in e.branches {
                    if !o.branches.contains(&b) {
                        o.branches.push(b);
                    }
                }
                for t in e.tags {
                    if !o.tags.contains(&t) {
                        o.tags.push(t);
                    }
                }
                for p in e.paths {
                    if !o.paths.contains(&p) {
                        o.paths.push(p);
                    }
                }
                o.tag_push |= e.tag_push;
                o.any_branch |= e.any_branch;
                o.every |= e.every;
                o.on_failure |= e.on_failure;
                if o.after.is_none() {
                    o.after = e.after;
                }
                o.words = format!("{}, {}", o.words, e.words);
            }
            None => out.push(e),
        }
    }
    out
}

/// Does an exclusion match `text`? `candidates` tells which can match at all.
fn excluded(ctx: &Ctx<'_>, text: &str, candidates: &[bool]) -> bool {
    ctx.patterns
        .triggers
        .exclude
        .iter()
        .enumerate()
        .any(|(i, re)| may_match(candidates, i) && re.is_match(text))
}

/// Sentences of a paragraph or list item with a label or verb and one workflow.
fn sentence_descriptions(
    ctx: &Ctx<'_>,
    claims: &[Claim],
    block: &TextBlock,
    split: &BlockSentences<'_>,
    out: &mut Vec<Claim>,
) {
    let flat = &split.flat;
    let mut block_mentions: Option<Vec<Mention>> = None;
    for (k, sentence) in split.ranges.iter().cloned().enumerate() {
        let Some(text) = flat.get(sentence.clone()) else {
            continue;
        };
        let candidates = ctx.patterns.split(split.candidates.row(k));
        let manual = manual_only(ctx, block, flat, &sentence);
        if manual.is_none() && excluded(ctx, text, candidates.exclude) {
            continue;
        }
        let Some((reading, refers_back)) =
            manual.or_else(|| read_cue(ctx, block, flat, &sentence, &candidates))
        else {
            continue;
        };
        let all = block_mentions.get_or_insert_with(|| mentions(claims, block));
        let src = |r: usize| block.source_offset(r);
        let tail = src(reading.tail.start)..src(reading.tail.end);
        let cue_line = ctx.line_of(src(reading.cue_start));
        let line_start = ctx.file.line_start(cue_line);
        let line_end = line_start + ctx.file.line_text(cue_line).len();
        // The sentence itself; a label or a sentence opening with "It"/"The workflow" may
        // also take the workflow of its line or list item.
        let mut levels: Vec<Range<usize>> = Vec::with_capacity(3);
        levels.push(src(sentence.start)..src(sentence.end));
        if refers_back {
            levels.push(line_start..line_end);
            if block.role == TextRole::ListItem {
                levels.push(block.source_range());
            }
        }
        let mut subject = None;
        for level in &levels {
            match one_workflow(ctx, all, level, &tail) {
                Ok(Some(name)) => {
                    subject = Some(name);
                    break;
                }
                Ok(None) => continue,
                Err(()) => break,
            }
        }
        let no_mention_in_block =
            one_workflow(ctx, all, &block.source_range(), &tail).is_ok_and(|o| o.is_none());
        if subject.is_none() && refers_back && no_mention_in_block {
            subject = section_workflow(ctx, claims, block);
        }
        let span = ctx.file.span(src(reading.cue_start), src(reading.end));
        let said = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(workflow) = subject else {
            // "The `deploy` job runs on pushes to `main`": one job named before the cue, and
            // no workflow named in the sentence.
            let before = flat.get(sentence.start..reading.cue_start).unwrap_or("");
            let jobs: Vec<&str> = JOB_NAMED
                .captures_iter(before)
                .filter_map(|c| c.name("job").map(|m| m.as_str()))
                .collect();
            let sentence_src = src(sentence.start)..src(sentence.end);
            let no_workflow =
                one_workflow(ctx, all, &sentence_src, &(0..0)).is_ok_and(|o| o.is_none());
            if let ([job], true) = (jobs.as_slice(), no_workflow) {
                out.push(Claim {
                    kind: ClaimKind::JobTrigger {
                        job: (*job).to_string(),
                        events: reading.events,
                    },
                    span,
                    text: said,
                });
            }
            continue;
        };
        out.push(Claim {
            kind: ClaimKind::TriggerDescription {
                workflow,
                events: reading.events,
                exhaustive: reading.exhaustive,
                repo: None,
            },
            span,
            text: said,
        });
    }
}

/// Sentences that name the event first and then the job it starts ("Push a tag that starts
/// with `v` to trigger the `release` job"): every word before the verb must read as events.
fn event_starts_job(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    ctx.sentence_matches_if(
        &EVENT_STARTS_JOB,
        may_start_job,
        |block, sentence, text, _| {
            if excluded(ctx, text, &[]) {
                return;
            }
            let Some(caps) = EVENT_STARTS_JOB.captures(text) else {
                return;
            };
            let (Some(ev), Some(job)) = (caps.name("ev"), caps.name("job")) else {
                return;
            };
            let events = if let Some(prefix) = TAG_PREFIX
                .captures(ev.as_str())
                .and_then(|c| c.name("prefix"))
            {
                let mut e = DescribedEvent::new("push", ev.as_str().trim());
                e.tags.push(format!("{}*", prefix.as_str()));
                e.tag_push = true;
                vec![e]
            } else {
                let range = sentence.start + ev.start()..sentence.start + ev.end();
                let Some(events) = read_all_events(vocab, &block.text, range, &block.code_spans)
                else {
                    return;
                };
                events
            };
            if events.is_empty() {
                return;
            }
            let start = block.source_offset(sentence.start);
            let end = block.source_offset(sentence.start + job.end());
            out.push(Claim {
                kind: ClaimKind::JobTrigger {
                    job: job.as_str().to_string(),
                    events,
                },
                span: ctx.file.span(start, end),
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        },
    );
}

/// "Every pull request to `main` triggers:", "On every merge to `main`, an image is built",
/// "Automatic on every push to `develop`:": a quantified event written first, then what
/// happens. Group `ev`: the event words.
static EVENT_FIRST: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\W*(?:(?:(?:automatic(?:ally)?|runs?|triggered)\s+)?(?:on|upon|after)\s+(?P<ev>(?:every|each|any)\s+[^,:;`]{2,40}?(?:`[^`\n]{1,40}`(?:\s+(?:or|and)\s+`[^`\n]{1,40}`)?)?(?:\s+branch(?:es)?)?)\s*[,:]|(?P<ev2>(?:every|each|any)\s+[^,:;`]{2,40}?(?:`[^`\n]{1,40}`(?:\s+(?:or|and)\s+`[^`\n]{1,40}`)?)?(?:\s+branch(?:es)?)?)\s+(?:(?:automatically|also)\s+)?(?:triggers|starts|kicks\s+off)\b)",
    )
});

/// Whether [`EVENT_FIRST`] can match: it needs one of its quantifiers.
fn may_be_event_first(text: &str) -> bool {
    super::has_word_ci(text, "every")
        || super::has_word_ci(text, "each")
        || super::has_word_ci(text, "any")
}

/// Sentences of [`EVENT_FIRST`]: the events are the workflow's triggers, for the one workflow
/// the rest of the sentence names or, when it names none, the one its heading names. Never a
/// complete list; every event word must be read.
fn event_first(ctx: &Ctx<'_>, claims: &[Claim], out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    let read = SpanSet::new(out.iter().chain(claims.iter()).filter_map(|c| {
        matches!(
            c.kind,
            ClaimKind::TriggerDescription { .. } | ClaimKind::JobTrigger { .. }
        )
        .then_some(c.span.start.offset..c.span.end.offset)
    }));
    let mut new: Vec<Claim> = Vec::new();
    ctx.sentence_matches_if(
        &EVENT_FIRST,
        may_be_event_first,
        |block, sentence, text, _| {
            if excluded(ctx, text, &[]) {
                return;
            }
            let Some(caps) = EVENT_FIRST.captures(text) else {
                return;
            };
            let Some(ev) = caps.name("ev").or_else(|| caps.name("ev2")) else {
                return;
            };
            let src = |r: usize| block.source_offset(r);
            let sentence_src = src(sentence.start)..src(sentence.end);
            if read.overlaps(&sentence_src) {
                return; // already read by another shape
            }
            let range = sentence.start + ev.start()..sentence.start + ev.end();
            let Some(events) = read_all_events(vocab, &block.text, range, &block.code_spans) else {
                return;
            };
            let all = mentions(claims, block);
            let ev_src = src(sentence.start + ev.start())..src(sentence.start + ev.end());
            let workflow = match one_workflow(ctx, &all, &sentence_src, &ev_src) {
                Ok(Some(name)) => Some(name),
                Ok(None) if !JOB_NAMED.is_match(text) => section_workflow(ctx, claims, block),
                _ => None,
            };
            let Some(workflow) = workflow else {
                return;
            };
            let end = caps.get(0).map_or(ev.end(), |m| m.end());
            new.push(Claim {
                kind: ClaimKind::TriggerDescription {
                    workflow,
                    events,
                    exhaustive: false,
                    repo: None,
                },
                span: ctx
                    .file
                    .span(src(sentence.start + ev.start()), src(sentence.start + end)),
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        },
    );
    out.extend(new);
}

/// Byte ranges, sorted once, asked whether any overlaps a range: a binary search, so asking
/// once per sentence stays linear in the document.
struct SpanSet {
    /// Ranges sorted by start, each with the largest end among it and those before it.
    ranges: Vec<(usize, usize)>,
}

impl SpanSet {
    fn new(spans: impl Iterator<Item = Range<usize>>) -> Self {
        let mut ranges: Vec<(usize, usize)> = spans.map(|r| (r.start, r.end)).collect();
        ranges.sort_unstable();
        let mut max_end = 0;
        for r in &mut ranges {
            max_end = max_end.max(r.1);
            r.1 = max_end;
        }
        SpanSet { ranges }
    }

    /// Whether a range starting before `r.end` ends after `r.start`.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let before = self.ranges.partition_point(|&(start, _)| start < r.end);
        before > 0 && self.ranges[before - 1].1 > r.start
    }
}

/// The one workflow a lead-in names, else the one its section is about; None when the
/// lead-in names several.
fn lead_workflow(ctx: &Ctx<'_>, claims: &[Claim], block: &TextBlock) -> Option<String> {
    let own = mentions(claims, block);
    match one_workflow(ctx, &own, &block.source_range(), &(0..0)) {
        Ok(Some(name)) => Some(name),
        Ok(None) => section_workflow(ctx, claims, block),
        Err(()) => None,
    }
}

/// The workflow the list items a block is nested in or the heading above it names, if exactly
/// one: a workflow named in it, or
/// else the heading itself as a display name ("### 01 · PR Checks — Fast Feedback Loop" for
/// `name: 01 · PR Checks`), which the checks use only when it is the name of one workflow.
fn section_workflow(ctx: &Ctx<'_>, claims: &[Claim], block: &TextBlock) -> Option<String> {
    // A nested list item first takes the workflow of the items it is nested in
    // ("1. **Publish** (`publish.yml`)" above "- **Trigger**: …"): nearest first.
    let mut parent = block.parent_item;
    for _ in 0..3 {
        let Some(item) = parent.and_then(|i| ctx.blocks.texts.get(i)) else {
            break;
        };
        let all = mentions(claims, item);
        match one_workflow(ctx, &all, &item.source_range(), &(0..0)) {
            Ok(Some(name)) => return Some(name),
            Ok(None) => parent = item.parent_item,
            Err(()) => return None,
        }
    }
    let heading = block.section.and_then(|i| ctx.blocks.texts.get(i))?;
    let all = mentions(claims, heading);
    match one_workflow(ctx, &all, &heading.source_range(), &(0..0)) {
        Ok(Some(name)) => Some(name),
        Ok(None) => file_label(ctx, claims, block).or_else(|| heading_as_name(&heading.text)),
        Err(()) => None,
    }
}

/// "**File:** `.github/workflows/build.yml`": a label paragraph naming the section's workflow.
static FILE_LABEL: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)^\W*(?:workflow\s+)?(?:files?|path|workflow)\s*:"));

/// The one workflow a `File:` label paragraph names earlier in the block's section.
fn file_label(ctx: &Ctx<'_>, claims: &[Claim], block: &TextBlock) -> Option<String> {
    let at = block.source_range().start;
    let mut names = ctx.blocks.texts.iter().filter(|t| {
        t.role == TextRole::Paragraph
            && t.section == block.section
            && t.source_range().start < at
            && t.text.len() <= 120
            && FILE_LABEL.is_match(&t.text)
    });
    let label = names.next()?;
    if names.next().is_some() {
        return None;
    }
    let all = mentions(claims, label);
    one_workflow(ctx, &all, &label.source_range(), &(0..0))
        .ok()
        .flatten()
}

/// A heading read as a workflow's display name: leading symbols dropped, a subtitle after a
/// dash or colon cut ("Release — tag push, no bypass"), a trailing "workflow" dropped. Long
/// headings are titles, not names.
fn heading_as_name(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !c.is_ascii_punctuation());
    let cut = [" — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|sep| t.find(sep))
        .min()
        .unwrap_or(t.len());
    let name = t.get(..cut).unwrap_or(t).trim();
    let name = name
        .strip_suffix(" workflow")
        .or_else(|| name.strip_suffix(" Workflow"))
        .unwrap_or(name)
        .trim();
    (plausible_name(name) && name.split_whitespace().count() <= 6).then(|| name.to_string())
}

/// Header text without markup, lowercase: "**Triggers:**" → "triggers".
fn header_key(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '`' | ':' | ' '))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Rows of tables with a trigger column, whose workflow cell names one workflow.
fn table_descriptions(ctx: &Ctx<'_>, claims: &[Claim], out: &mut Vec<Claim>) {
    let vocab = &ctx.patterns.triggers;
    let texts = &ctx.blocks.texts;
    for table in &ctx.blocks.tables {
        let headers: Vec<String> = table
            .head
            .iter()
            .map(|&i| texts.get(i).map_or(String::new(), |t| header_key(&t.text)))
            .collect();
        let is = |res: &[LazyRegex], h: &str| res.iter().any(|re| re.is_match(h));
        let trigger_cols: Vec<(usize, bool)> = headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                if is(&vocab.columns, h) {
                    Some((i, true))
                } else if is(&vocab.partial_columns, h) {
                    Some((i, false))
                } else {
                    None
                }
            })
            .collect();
        if trigger_cols.is_empty() {
            continue;
        }
        let workflow_cols: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| is(&vocab.workflow_columns, h))
            .map(|(i, _)| i)
            .collect();
        let job_col = headers
            .iter()
            .position(|h| JOB_COLUMN.is_match(h))
            .filter(|_| workflow_cols.is_empty());
        for row in &table.rows {
            let cell = |i: usize| row.cells.get(i).and_then(|&c| texts.get(c));
            if let Some(job) = job_col.and_then(&cell).and_then(|c| job_id(&c.text)) {
                job_rows(ctx, &trigger_cols, &cell, &job, out);
                continue;
            }
            let Some(workflow) = row_workflow(
                ctx,
                claims,
                &|i| cell(i),
                row.cells.len(),
                &workflow_cols,
                &trigger_cols,
            ) else {
                continue;
            };
            for &(col, complete) in &trigger_cols {
                let Some(c) = cell(col) else { continue };
                // No verdicts for a cell: every exclusion is tried.
                if excluded(ctx, &c.text, &[]) {
                    continue;
                }
                let parts = read_parts(vocab, &c.text, 0..c.text.len(), &c.code_spans);
                let all_read = parts.iter().all(|(p, _)| matches!(p, Part::Read(_)));
                let events = merge(parts.into_iter().filter_map(|(p, _)| match p {
                    Part::Read(e) => Some(e),
                    Part::Unread(_) => None,
                }));
                if events.is_empty() {
                    continue;
                }
                let range = c.source_range();
                out.push(Claim {
                    kind: ClaimKind::TriggerDescription {
                        workflow: workflow.clone(),
                        events,
                        exhaustive: complete && all_read,
                        repo: None,
                    },
                    span: ctx.file.span(range.start, range.end),
                    text: c.row_text.as_deref().unwrap_or(&c.text).trim().to_string(),
                });
            }
        }
    }
}

/// A job id alone in a cell: `release`, `build-and-test`.
fn job_id(cell: &str) -> Option<String> {
    let t = cell.trim().trim_matches('`').trim();
    (!t.is_empty()
        && t.len() <= 60
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| t.to_string())
}

/// The trigger cells of a row whose Job column names one job.
fn job_rows<'b>(
    ctx: &Ctx<'_>,
    trigger_cols: &[(usize, bool)],
    cell: &dyn Fn(usize) -> Option<&'b TextBlock>,
    job: &str,
    out: &mut Vec<Claim>,
) {
    let vocab = &ctx.patterns.triggers;
    for &(col, _) in trigger_cols {
        let Some(c) = cell(col) else { continue };
        if excluded(ctx, &c.text, &[]) {
            continue;
        }
        let Some(events) = read_all_events(vocab, &c.text, 0..c.text.len(), &c.code_spans) else {
            continue;
        };
        let range = c.source_range();
        out.push(Claim {
            kind: ClaimKind::JobTrigger {
                job: job.to_string(),
                events,
            },
            span: ctx.file.span(range.start, range.end),
            text: c.row_text.as_deref().unwrap_or(&c.text).trim().to_string(),
        });
    }
}

/// The workflow of a table row: the one named in the workflow columns (a file or a `name`
/// any of them refers to, else the first one's plain text: "| Images | `images.yml` |" is
/// `images.yml`), or, without such a column, the one named in the other cells.
fn row_workflow<'b>(
    ctx: &Ctx<'_>,
    claims: &[Claim],
    cell: &dyn Fn(usize) -> Option<&'b TextBlock>,
    width: usize,
    workflow_cols: &[usize],
    trigger_cols: &[(usize, bool)],
) -> Option<String> {
    let candidates: Vec<usize> = if workflow_cols.is_empty() {
        (0..width)
            .filter(|i| !trigger_cols.iter().any(|(t, _)| t == i))
            .collect()
    } else {
        workflow_cols.to_vec()
    };
    let mut named: Vec<String> = Vec::new();
    let mut plain_name: Option<String> = None;
    for (n, i) in candidates.into_iter().enumerate() {
        let Some(c) = cell(i) else { continue };
        let all = mentions(claims, c);
        match one_workflow(ctx, &all, &c.source_range(), &(0..0)) {
            Ok(Some(name)) => {
                if !named.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                    named.push(name);
                }
            }
            Ok(None) if n == 0 && !workflow_cols.is_empty() => {
                let plain = c.text.trim().trim_matches('`').trim();
                let words = plain.split_whitespace().count();
                if plausible_name(plain)
                    && (1..=6).contains(&words)
                    && plain.chars().any(char::is_alphanumeric)
                {
                    plain_name = Some(plain.to_string());
                }
            }
            Ok(None) => {}
            Err(()) => return None,
        }
    }
    match named.as_slice() {
        [one] => Some(one.clone()),
        [] => plain_name,
        _ => None,
    }
}
