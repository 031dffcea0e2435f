//! `doc-trigger-mismatch`: what the docs say about a workflow's triggers differs from its `on:`.
//! Two kinds of statements are checked: fenced `on:` snippets (here) and descriptions such as
//! "Triggers: push to `main`, PRs" or a Trigger table column ([`described`]).

mod blanket;
mod chain;
mod described;
mod slash;

use crate::docs::line_regex::LineRegex;
use super::claims::{ClaimCheck, Outcome};
use super::common::capitalise;
use super::doc_unknown_workflow::{lookup, Lookup};
use super::{Ctx, Rule};
use crate::docs::{ClaimKind, DocModel};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::{Filters, Trigger, Workflow};
use crate::yaml;

pub struct DocTriggerMismatch;

type FilterSlot = fn(&Filters) -> &Option<Vec<crate::workflow::Spanned<String>>>;

const FILTERS: &[(&str, FilterSlot)] = &[
    ("branches", |f| &f.branches),
    ("branches-ignore", |f| &f.branches_ignore),
    ("tags", |f| &f.tags),
    ("tags-ignore", |f| &f.tags_ignore),
    ("paths", |f| &f.paths),
    ("paths-ignore", |f| &f.paths_ignore),
];

fn values(list: &Option<Vec<crate::workflow::Spanned<String>>>) -> Vec<&str> {
    list.as_ref()
        .map(|l| l.iter().map(|s| s.value.as_str()).collect())
        .unwrap_or_default()
}

/// Shared (event, pattern) pairs between documented triggers and a workflow's live and
/// commented-out triggers: how likely the snippet describes this workflow.
fn overlap(doc: &[Trigger], wf: &Workflow) -> usize {
    let mut score = 0;
    for t in doc {
        let live = wf.trigger(&t.event).map(|l| &l.filters);
        let dead = wf
            .disabled_triggers
            .iter()
            .find(|d| d.event == t.event)
            .map(|d| &d.filters);
        for filters in [live, dead].into_iter().flatten() {
            score += 1;
            for (_, slot) in FILTERS {
                let theirs = values(slot(filters));
                score += values(slot(&t.filters))
                    .iter()
                    .filter(|p| theirs.contains(p))
                    .count();
            }
        }
    }
    score
}

/// The workflow a snippet describes: named in it, referenced in its section, named by a
/// heading above it, referenced nearest before it in the doc, or the one whose triggers
/// overlap most.
fn target<'a>(
    repo: &'a Repo,
    doc: &SourceFile,
    model: &DocModel,
    snippet_line: u32,
    root: &yaml::Node,
    doc_triggers: &[Trigger],
) -> Option<&'a Workflow> {
    if let Some(Lookup::Found(w)) = root
        .get("name")
        .and_then(|n| n.as_str())
        .map(|n| lookup(repo, n))
    {
        return Some(w);
    }
    // References in the snippet's own section come first; then the headings above it, which
    // may name the workflow ("### PR Validation Workflow"); only then earlier references.
    let chain = heading_chain(doc, snippet_line);
    let section_start = chain.last().map_or(0, |(l, _, _)| *l);
    let referenced_from = |from: u32| {
        model
            .claims
            .iter()
            .filter(|c| c.span.start.line < snippet_line && c.span.start.line >= from)
            .rev()
            .find_map(|c| match &c.kind {
                ClaimKind::WorkflowRef {
                    target, repo: None, ..
                } => match lookup(repo, target) {
                    Lookup::Found(w) => Some(w),
                    _ => None,
                },
                _ => None,
            })
    };
    if let Some(w) = referenced_from(section_start) {
        if overlap(doc_triggers, w) > 0 {
            return Some(w);
        }
    }
    // A heading naming a workflow the snippet shares nothing with: cannot tell.
    if let Some(w) = chain
        .iter()
        .rev()
        .find_map(|(_, _, heading)| heading_workflow(repo, heading))
    {
        return (overlap(doc_triggers, w) > 0).then_some(w);
    }
    if let Some(w) = referenced_from(0) {
        if overlap(doc_triggers, w) > 0 {
            return Some(w);
        }
    }
    repo.workflows
        .iter()
        .map(|w| (overlap(doc_triggers, w), w))
        .filter(|(s, _)| *s > 0)
        .max_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| b.1.file.path.cmp(&a.1.file.path))
        })
        .map(|(_, w)| w)
}

/// A snippet written for readers to put in *their* repositories, not a description of one of
/// ours: a doc of examples, a section of tips or templates, a `name:` no workflow here has, or
/// jobs that only call a reusable workflow (`uses: owner/repo/.github/workflows/x.yml@v1`).
fn for_readers(repo: &Repo, doc: &SourceFile, first_line: u32, root: &yaml::Node) -> bool {
    let rel = doc.rel.to_ascii_lowercase();
    if rel.contains("example") || rel.contains("template") {
        return true;
    }
    let named_elsewhere = root
        .get("name")
        .and_then(|n| n.as_str())
        .is_some_and(|n| matches!(lookup(repo, n), Lookup::Missing));
    let calls_reusable = root.get("jobs").and_then(|j| j.as_map()).is_some_and(|jobs| {
        jobs.iter().any(|e| {
            e.value
                .get("uses")
                .and_then(|u| u.as_str())
                .is_some_and(|u| u.contains("/.github/workflows/") && u.contains('@'))
        })
    });
    named_elsewhere || calls_reusable || uses_own_action(repo, root) || advice_section(doc, first_line)
}

/// Does a step of the snippet use an action of this very repository the way another
/// repository would (`owner/name/path@ref` or `owner/name@ref` with this repository's slug)?
/// Its own workflows would use `./path`; such a snippet is a setup for readers to copy.
fn uses_own_action(repo: &Repo, root: &yaml::Node) -> bool {
    let Some(jobs) = root.get("jobs").and_then(|j| j.as_map()) else {
        return false;
    };
    let slugs: Vec<String> = jobs
        .iter()
        .filter_map(|e| e.value.get("steps").and_then(|s| s.as_seq()))
        .flatten()
        .filter_map(|step| step.get("uses").and_then(|u| u.as_str()))
        .filter_map(|uses| {
            let (path, _) = uses.split_once('@')?;
            let mut parts = path.split('/');
            let (owner, name) = (parts.next()?, parts.next()?);
            (!owner.is_empty() && !name.is_empty() && !owner.starts_with('.'))
                .then(|| format!("{owner}/{name}").to_lowercase())
        })
        .collect();
    if slugs.is_empty() {
        return false;
    }
    let own = repo.own_slugs();
    slugs.iter().any(|s| own.contains(s))
}

/// Is `line` in a section (or a sub-section of one) of advice: tips, best practices,
/// examples, templates, how-tos, optimisation or customisation?
fn advice_section(doc: &SourceFile, line: u32) -> bool {
    heading_chain(doc, line)
        .iter()
        .any(|(_, _, h)| ADVICE.is_match(h))
}

/// The headings `line` sits under, outermost first: (line, level, text with the `#`s).
fn heading_chain(doc: &SourceFile, line: u32) -> Vec<(u32, usize, &str)> {
    let mut in_fence = false;
    let mut chain: Vec<(u32, usize, &str)> = Vec::new();
    for l in 1..line {
        let t = doc.line_text(l).trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && t.starts_with('#') {
            let level = t.len() - t.trim_start_matches('#').len();
            while chain.last().is_some_and(|(_, lv, _)| *lv >= level) {
                chain.pop();
            }
            chain.push((l, level, t));
        }
    }
    chain
}

/// Words a heading adds around a workflow's name ("### The Release Workflow").
const HEADING_FILLER: &[&str] = &[
    "the", "a", "an", "workflow", "workflows", "pipeline", "to", "for", "of", "and", "on", "in",
];

/// A heading's words, each cut to a short stem so "Deployment" meets "Deploy".
fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !HEADING_FILLER.contains(&w.as_str()))
        .map(|w| w.chars().take(5).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The workflow a heading names: its text (markup and "Workflow" dropped) is a file or `name:`
/// of exactly one workflow, or has the same words as one `name:` in another order
/// ("Development Deployment Workflow" and `Deploy to Development`).
fn heading_workflow<'a>(repo: &'a Repo, heading: &str) -> Option<&'a Workflow> {
    let text = heading
        .trim_start_matches('#')
        .trim()
        .replace(['*', '`', '_'], "");
    let bare = text
        .trim()
        .strip_suffix("Workflow")
        .or_else(|| text.trim().strip_suffix("workflow"))
        .unwrap_or(&text)
        .trim();
    for name in [text.trim(), bare] {
        if name.is_empty() {
            continue;
        }
        if let Lookup::Found(w) = lookup(repo, name) {
            return Some(w);
        }
    }
    let words = stems(&text);
    if words.len() < 2 {
        return None;
    }
    let same: Vec<&Workflow> = repo
        .workflows
        .iter()
        .filter(|w| w.name.as_ref().is_some_and(|n| stems(&n.value) == words))
        .collect();
    match same.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

static ADVICE: std::sync::LazyLock<LineRegex> = std::sync::LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:tips?|best\s+practices?|optimi[sz]\w*|reduc\w*|examples?|templates?|how\s+to|customi[sz]\w*|troubleshoot\w*|recipes?|snippets?)\b",
    )
});

/// Differences between a documented trigger and the workflow, in words; `at` gets the snippet
/// line of the first differing element.
fn differences(
    t: &Trigger,
    wf: &Workflow,
    related: &mut Vec<(crate::source::Span, String)>,
    at: &mut Option<u32>,
) -> Vec<String> {
    let mut diffs = Vec::new();
    let Some(live) = wf.trigger(&t.event) else {
        at.get_or_insert(t.span.start.line);
        match wf
            .disabled_triggers
            .iter()
            .find(|d| d.event == t.event && !d.partial)
        {
            Some(d) => {
                diffs.push(format!(
                    "`{}` is commented out in {} (lines {}-{})",
                    d.describe(),
                    wf.file.file_name(),
                    d.first_line,
                    d.last_line
                ));
                related.push((d.span, "commented-out trigger".into()));
            }
            None => {
                diffs.push(format!(
                    "`{}` is not a trigger of {}",
                    t.event,
                    wf.file.file_name()
                ));
                if let Some(on) = wf.on_span {
                    related.push((on, "actual triggers".into()));
                }
            }
        }
        return diffs;
    };
    for (name, slot) in FILTERS {
        let documented = values(slot(&t.filters));
        if slot(&t.filters).is_none() {
            continue;
        }
        let actual = values(slot(&live.filters));
        let missing: Vec<&str> = documented
            .iter()
            .filter(|p| !actual.contains(p))
            .copied()
            .collect();
        let extra: Vec<&str> = actual
            .iter()
            .filter(|p| !documented.contains(p))
            .copied()
            .collect();
        if missing.is_empty() && extra.is_empty() {
            continue;
        }
        let first = slot(&t.filters).as_ref().and_then(|l| l.first());
        at.get_or_insert(first.map_or(t.span.start.line, |s| s.span.start.line));
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("documented but absent: {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            parts.push(format!("present but undocumented: {}", extra.join(", ")));
        }
        diffs.push(format!(
            "`{}` {name} differ ({})",
            t.event,
            parts.join("; ")
        ));
        related.push((live.span, format!("actual `{}` trigger", t.event)));
    }
    diffs
}

impl Rule for DocTriggerMismatch {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        for (doc, model) in repo.docs_with_models() {
            described::described_claims(Self::ID, repo, doc, model, out);
            described::job_claims(Self::ID, repo, doc, model, out);
            blanket::blanket_claims(Self::ID, repo, doc, model, out);
            chain::chain_claims(Self::ID, repo, doc, model, out);
            slash::slash_claims(Self::ID, repo, doc, model, out);
            for c in &model.claims {
                let ClaimKind::TriggerSnippet {
                    yaml: text,
                    first_line,
                } = &c.kind
                else {
                    continue;
                };
                let snippet = SourceFile::from_text(&doc.path, text);
                let Ok(parsed) = yaml::load(&snippet) else {
                    continue; // not valid YAML: nothing reliable to compare
                };
                let Some(root) = parsed.root else {
                    continue;
                };
                let Some(on) = root.get("on").or_else(|| root.get("true")) else {
                    continue;
                };
                let doc_triggers = crate::workflow::parse_on(on);
                if doc_triggers.is_empty() || for_readers(repo, doc, *first_line, &root) {
                    continue;
                }
                let Some(wf) = target(repo, doc, model, *first_line, &root, &doc_triggers) else {
                    continue; // cannot tell which workflow it describes
                };
                let mut related = Vec::new();
                let mut at = None;
                let diffs: Vec<String> = doc_triggers
                    .iter()
                    .flat_map(|t| differences(t, wf, &mut related, &mut at))
                    .collect();
                // Point at the doc line of the first difference (snippet line 1 = first_line).
                let span = at.map_or(c.span, |l| doc.line_span(first_line + l.saturating_sub(1)));
                // Quote the snippet on one line: `on: push: tags: - 'v*'`.
                let quote: Vec<&str> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                let check = ClaimCheck::new(
                    Self::ID,
                    doc,
                    span,
                    format!("Triggers of {}", wf.file.file_name()),
                    &quote.join(" "),
                );
                if diffs.is_empty() {
                    out.push(
                        check
                            .verdict(Outcome::Holds, format!("matches {}", wf.file.rel), "")
                            .related(
                                &wf.file,
                                wf.on_or_first_line(),
                                "triggers",
                            ),
                    );
                    continue;
                }
                let mut check = check.short(capitalise(&diffs.join("; "))).verdict(
                    Outcome::Violated,
                    format!("{}: {}", wf.file.rel, diffs.join("; ")),
                    "the documented triggers are not the ones that run",
                );
                for (span, label) in related {
                    check = check.related(&wf.file, span, label);
                }
                out.push(check);
            }
        }
    }
}
