//! "Slash commands like `/retest` that the workflows consume": a workflow acts on a comment
//! only when it runs on a comment event. With none, nothing the workflows do reads the
//! command. A `repository_dispatch` workflow may be started by a command dispatcher outside
//! the files, so that case is unknown.

use super::super::claims::{ClaimCheck, Outcome};
use crate::docs::{ClaimKind, DocModel, ProseKind};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::Workflow;

/// Events whose payload carries a comment's text.
const COMMENT_EVENTS: &[&str] = &[
    "issue_comment",
    "pull_request_review_comment",
    "discussion_comment",
];
/// Events a command dispatcher outside the files may send.
const DISPATCHED: &[&str] = &["repository_dispatch"];
/// Workflows named in the finding (those reacting to issues and pull requests first).
const NAMED: usize = 3;

pub(super) fn slash_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    model: &DocModel,
    out: &mut Vec<ClaimCheck>,
) {
    for c in &model.claims {
        let ClaimKind::Prose {
            claim: ProseKind::SlashCommand,
            ..
        } = &c.kind
        else {
            continue;
        };
        let read: Vec<&Workflow> = repo
            .workflows
            .iter()
            .filter(|w| w.on_span.is_some())
            .collect();
        if read.is_empty() {
            continue;
        }
        let check = ClaimCheck::new(rule, doc, c.span, "Workflows act on comment commands", &c.text);
        let has = |w: &&Workflow, events: &[&str]| w.triggers.iter().any(|t| events.contains(&t.event.as_str()));
        if let Some(w) = read.iter().find(|w| has(w, COMMENT_EVENTS)) {
            out.push(check.verdict(
                Outcome::Holds,
                format!("{} runs on a comment event", w.file.rel),
                "",
            ));
            continue;
        }
        if let Some(w) = read.iter().find(|w| has(w, DISPATCHED)) {
            out.push(check.verdict(
                Outcome::Unknown,
                format!(
                    "no workflow runs on a comment event, but {} runs on `repository_dispatch`, which a command dispatcher may send",
                    w.file.rel
                ),
                "",
            ));
            continue;
        }
        let mut named: Vec<&Workflow> = read.clone();
        named.sort_by_key(|w| {
            !w.triggers.iter().any(|t| {
                matches!(
                    t.event.as_str(),
                    "issues" | "pull_request" | "pull_request_target" | "pull_request_review"
                )
            })
        });
        let mut check = check
            .short("no workflow runs on a comment event")
            .verdict(
                Outcome::Violated,
                format!(
                    "none of the {} workflows runs on `issue_comment`, `pull_request_review_comment` or `discussion_comment`: no workflow reads a comment, so the command starts nothing",
                    read.len()
                ),
                "commenting the command does nothing",
            );
        for w in named.iter().take(NAMED) {
            if let Some(on) = w.on_span {
                check = check.related(&w.file, on, format!("`on:` of {}", w.file.file_name()));
            }
        }
        out.push(check);
    }
}
