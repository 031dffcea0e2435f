//! `doc-trigger-disabled`: docs say a tag (or branch) push releases or deploys, but the push
//! trigger is commented out, or no workflow has one.

use crate::docs::line_regex::LineRegex;
use super::claims::{ClaimCheck, Outcome};
use super::common::capitalise;
use super::common::{cannot_ship, disabled_push, live_push, releases_or_deploys, RefKind};
use super::{Ctx, Rule};
use crate::docs::{ClaimKind, ProseKind};
use crate::filter::Pattern;
use crate::workflow::{Trigger, Workflow};
use std::collections::HashMap;

pub struct DocTriggerDisabled;

/// "push", "pushed", "pushing": the sentence is about a push.
static PUSHED: std::sync::LazyLock<LineRegex> =
    std::sync::LazyLock::new(|| LineRegex::new(r"(?i)\bpush(?:es|ed|ing)?\b"));

/// What one (ref kind, pattern) of a claim resolves to.
struct Lookup<'a> {
    /// An example ref of the pattern (None without a pattern or when none can be made).
    example: Option<String>,
    /// The first live push trigger that fires for it, with its verdict text, of a workflow
    /// that may release, publish or deploy.
    live: Option<(&'a Workflow, &'a Trigger, String)>,
    /// The same of a workflow that holds no credential to do any of that ([`cannot_ship`]).
    idle: Option<(&'a Workflow, &'a Trigger, String)>,
    /// Every workflow of that kind that starts for it (display paths).
    idle_files: Vec<&'a str>,
}

/// The sentence says what the push does: releases, publishes, deploys or ships.
static SHIPS: std::sync::LazyLock<LineRegex> = std::sync::LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(?:releas|publish|deploy|ship)")
});

/// The first of `workflows` with a live push trigger firing for a ref of this kind (and name),
/// with its verdict text.
fn first_start<'a>(
    workflows: impl Iterator<Item = &'a Workflow>,
    kind: RefKind,
    name: Option<&str>,
) -> Option<(&'a Workflow, &'a Trigger, String)> {
    workflows.into_iter().find_map(|w| {
        live_push(w, kind, name).map(|t| {
            let holds = format!("{} starts on {}", w.file.file_name(), t.describe());
            (w, t, holds)
        })
    })
}

/// Claim kinds this rule checks, with the ref kind and the short name used in reports.
fn claim_kind(kind: ProseKind) -> Option<(RefKind, &'static str)> {
    match kind {
        ProseKind::TagTriggersDeploy => Some((RefKind::Tag, "Tag triggers deployment")),
        ProseKind::PrimaryMethodTags => Some((RefKind::Tag, "Primary deployment method")),
        ProseKind::BranchTriggersDeploy => {
            Some((RefKind::Branch, "Branch push triggers deployment"))
        }
        _ => None,
    }
}

impl Rule for DocTriggerDisabled {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        // Lines (by doc path) holding a "primary method" claim, gathered once: asking every
        // claim's doc again made this quadratic in the claims of a doc.
        let primary_lines: std::collections::HashSet<(&str, u32)> = repo
            .doc_claims()
            .filter(|(_, _, c)| {
                matches!(
                    &c.kind,
                    ClaimKind::Prose {
                        claim: ProseKind::PrimaryMethodTags,
                        ..
                    }
                )
            })
            .map(|(doc, _, c)| (doc.path.as_str(), c.span.start.line))
            .collect();
        // Ordering is the same for every claim; sorted once.
        let mut ordered: Vec<_> = repo.workflows.iter().collect();
        ordered.sort_by_key(|w| !releases_or_deploys(w));
        let mut looked_up: HashMap<(bool, Option<&str>), Lookup> = HashMap::new();
        for (doc, _model, c) in repo.doc_claims() {
            // A tag push read from a command or a per-event section (no tag named) is checked
            // as the prose claim "pushing a tag releases"; `with_branch`: the command pushes a
            // branch too (Some(None): the current one).
            let (claim, pattern, with_branch) = match &c.kind {
                ClaimKind::Prose { claim, pattern, .. } => (claim, pattern, None),
                ClaimKind::TagPush { command, branch } => (
                    &ProseKind::TagTriggersDeploy,
                    &None,
                    command.then_some(branch.as_deref()),
                ),
                _ => continue,
            };
            let Some((kind, label)) = claim_kind(*claim) else {
                continue;
            };
            // One sentence, one verdict: "primary method" wins over the generic tag claim.
            let same_line_primary = primary_lines.contains(&(doc.path.as_str(), c.span.start.line));
            if *claim == ProseKind::TagTriggersDeploy && same_line_primary {
                continue;
            }
            // Docs repeat the same claim: its example ref and the live trigger it meets are
            // looked up once per (ref kind, pattern), keeping the rule linear in the claims.
            let lookup = looked_up
                .entry((kind == RefKind::Tag, pattern.as_deref()))
                .or_insert_with(|| {
                    // A concrete ref to test filters with: an example of the named pattern.
                    let example = pattern
                        .as_deref()
                        .and_then(|p| Pattern::parse(p).ok())
                        .and_then(|p| p.example());
                    // Prefer workflows that visibly release or deploy; any live push trigger
                    // holds.
                    let ex = example.as_deref();
                    let live = first_start(ordered.iter().copied().filter(|w| !cannot_ship(w)), kind, ex);
                    let idle = first_start(ordered.iter().copied().filter(|w| cannot_ship(w)), kind, ex);
                    let idle_files: Vec<&str> = ordered
                        .iter()
                        .filter(|w| cannot_ship(w) && live_push(w, kind, ex).is_some())
                        .map(|w| w.file.path.as_str())
                        .collect();
                    Lookup {
                        example,
                        live,
                        idle,
                        idle_files,
                    }
                });
            let name = lookup.example.as_deref();
            let what = match kind {
                RefKind::Tag => "tag",
                RefKind::Branch => "branch",
            };
            let check = ClaimCheck::new(Self::ID, doc, c.span, label, &c.text);
            // A push that starts only workflows holding no credential releases nothing, when
            // the sentence says it ships and no release or `create` event may do it instead.
            let other_route = repo
                .workflows
                .iter()
                .any(|w| w.trigger("release").or_else(|| w.trigger("create")).is_some());
            let idle_counts = !SHIPS.is_match(&c.text) || other_route;
            let live = lookup
                .live
                .as_ref()
                .or(lookup.idle.as_ref().filter(|_| idle_counts));
            if let Some((wf, t, holds)) = live {
                out.push(
                    check
                        .verdict(Outcome::Holds, holds.clone(), "")
                        .related(&wf.file, t.span, "live push trigger"),
                );
                continue;
            }
            if let Some((wf, d)) = repo
                .workflows
                .iter()
                .find_map(|w| disabled_push(w, kind, name).map(|d| (w, d)))
            {
                let reason = d
                    .reason_text()
                    .map(|r| format!(" (\"{r}\")"))
                    .unwrap_or_default();
                let manual_only = wf.trigger("workflow_dispatch").is_some()
                    && wf.automatic_triggers().next().is_none();
                let short = if label == "Primary deployment method" && manual_only {
                    format!(
                        "Disabled, manual only ({} runs by workflow_dispatch)",
                        wf.file.file_name()
                    )
                } else {
                    format!(
                        "{} triggers commented out ({} lines {}-{})",
                        capitalise(what),
                        wf.file.file_name(),
                        d.first_line,
                        d.last_line
                    )
                };
                out.push(
                    check
                        .short(short)
                        .verdict(
                            Outcome::Violated,
                            format!(
                                "{what} triggers are commented out in {} lines {}-{}{reason}: `{}` no longer fires",
                                wf.file.path,
                                d.first_line,
                                d.last_line,
                                d.describe()
                            ),
                            format!("no release or deployment starts on a {what} push; it must be started by hand"),
                        )
                        .related(&wf.file, d.span, "commented-out trigger"),
                );
                continue;
            }
            // The branch pushed with the tags starts a workflow that may release on it.
            // A workflow file that cannot be read may be the one that starts on tags.
            let unreadable = repo
                .errors
                .iter()
                .find(|e| e.file.rel.starts_with(".github/workflows/"));
            if let Some(e) = unreadable.filter(|_| matches!(c.kind, ClaimKind::TagPush { .. })) {
                out.push(check.verdict(
                    Outcome::Unknown,
                    format!("{} cannot be read", e.file.path),
                    "",
                ));
                continue;
            }
            if let Some(w) = with_branch.and_then(|b| branch_push_ships(repo, b)) {
                out.push(check.verdict(
                    Outcome::Unknown,
                    format!(
                        "no workflow starts on a tag push, but the branch pushed with the tags starts {}, which may release or publish",
                        w.file.file_name()
                    ),
                    "",
                ));
                continue;
            }
            // A pushed ref fires `create` too: unknowable what that workflow does with it.
            let created = repo.workflows.iter().find(|w| w.trigger("create").is_some());
            // A `release` event needs a GitHub release to be published: a branch push never
            // makes one, nor does a pushed tag alone.
            let released = repo
                .workflows
                .iter()
                .find_map(|w| w.trigger("release").map(|t| (w, t)));
            // Only a sentence about pushing ("when a tag is pushed") is about the push
            // itself; "tag-based deployments" may mean the release's tag.
            let pushed = matches!(c.kind, ClaimKind::TagPush { .. }) || PUSHED.is_match(&c.text);
            // "no workflow starts on a push of branch `main`": the ref the doc names, when it
            // names one (other branches may well have push triggers).
            let push_of = match pattern.as_deref() {
                Some(n) => format!("a push of {what} `{n}`"),
                None => format!("a {what} push"),
            };
            let check = match (created, released) {
                (Some(w), _) => check.verdict(
                    Outcome::Unknown,
                    format!("no workflow starts on {push_of}; {} starts on `create` events", w.file.file_name()),
                    "",
                ),
                (None, Some((w, t))) if pushed => check
                    .short(format!("Runs on published releases, not {what} pushes ({})", w.file.file_name()))
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "no workflow in .github/workflows starts on {push_of}; {} starts on `{}` events, when a GitHub release is published, which a pushed {what} alone does not do",
                            w.file.path,
                            t.event
                        ),
                        format!("pushing a {what} releases nothing until someone publishes a GitHub release"),
                    )
                    .related(&w.file, t.span, "`release` trigger"),
                (None, Some((w, _))) => check.verdict(
                    Outcome::Unknown,
                    format!("no workflow starts on {push_of}; {} starts on `release` events", w.file.file_name()),
                    "",
                ),
                (None, None) => match &lookup.idle {
                    Some((w, t, _)) => check
                        .short(format!(
                            "Only workflows that cannot release start on a {what} push ({})",
                            w.file.file_name()
                        ))
                        .verdict(
                            Outcome::Violated,
                            format!(
                                "the workflows that start on {push_of} ({}; first: {}) hold no credential to release, publish or deploy: they read no secret, their token's `permissions:` grant no write to contents, packages, pages, deployments, actions or id-token, and none of their steps ships anything",
                                lookup.idle_files.join(", "),
                                t.describe()
                            ),
                            format!("pushing a {what} releases nothing"),
                        )
                        .related(&w.file, t.span, "push trigger of a workflow that ships nothing"),
                    None => {
                        let mut check = check.verdict(
                            Outcome::Violated,
                            format!("no workflow in .github/workflows starts on {push_of}"),
                            format!("pushing a {what} releases nothing"),
                        );
                        // The workflow side: the push triggers that do not take it, else
                        // where the workflows say when they start.
                        let pushes: Vec<_> = repo
                            .workflows
                            .iter()
                            .filter_map(|w| w.trigger("push").map(|t| (w, t.span)))
                            .take(3)
                            .collect();
                        if pushes.is_empty() {
                            for w in repo.workflows.iter().take(3) {
                                let span = w.on_or_first_line();
                                check = check.related(&w.file, span, "triggers of a workflow checked (no push)");
                            }
                        } else {
                            for (w, span) in pushes {
                                check = check.related(&w.file, span, "push trigger that does not take it");
                            }
                        }
                        check
                    }
                },
            };
            out.push(check);
        }
    }
}

/// A workflow a push of `branch` (None: any branch) starts with a job that may release or
/// publish from that branch: one calling a reusable workflow, or one with a release, tag push,
/// publish or workflow dispatch that no tag-only condition holds back.
fn branch_push_ships<'a>(repo: &'a crate::repo::Repo, branch: Option<&str>) -> Option<&'a Workflow> {
    use crate::workflow::evidence::tag_only_gate;
    repo.workflows.iter().find(|w| {
        live_push(w, RefKind::Branch, branch).is_some()
            && w.jobs.iter().any(|j| {
                j.uses.is_some()
                    || j
                        .effects
                        .iter()
                        .any(|e| e.kind.ships() && tag_only_gate(w, j, e.span).is_none())
            })
    })
}
