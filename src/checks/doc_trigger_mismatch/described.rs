//! Descriptions of when a workflow runs ("Triggers: push to `main`, PRs", a Trigger column,
//! "`nightly.yml` runs nightly") against the workflow's `on:`.
//!
//! A claimed event the workflow lacks, or a claimed branch or tag its filters do not match,
//! contradicts the docs. Events the workflow has and the description leaves out do not:
//! descriptions are often partial. Whatever cannot be decided is Unknown, never Violated.

use super::super::claims::{ClaimCheck, Outcome};
use super::super::common::{capitalise, disabled_push, live_push, push_fires, RefKind};
use super::super::doc_unknown_workflow::{lookup, Lookup};
use crate::docs::{ClaimKind, DescribedEvent, DocModel};
use crate::filter::Pattern;
use crate::repo::Repo;
use crate::source::{SourceFile, Span};
use crate::workflow::{Filters, Trigger, Workflow};

/// The verdict on one described event.
struct Judged {
    outcome: Outcome,
    /// What the workflow does, in words.
    text: String,
    /// A few words for report tables (violations only).
    short: String,
    impact: &'static str,
    related: Vec<(Span, String)>,
    /// The workflow has no such event, live or commented out.
    absent: bool,
}

impl Judged {
    fn holds(text: String) -> Judged {
        Judged {
            outcome: Outcome::Holds,
            text,
            short: String::new(),
            impact: "",
            related: Vec::new(),
            absent: false,
        }
    }

    fn unknown(text: String) -> Judged {
        Judged {
            outcome: Outcome::Unknown,
            ..Judged::holds(text)
        }
    }

    fn violated(text: String, short: String, impact: &'static str) -> Judged {
        Judged {
            outcome: Outcome::Violated,
            text,
            short,
            impact,
            related: Vec::new(),
            absent: false,
        }
    }

    fn at(mut self, span: Span, label: impl Into<String>) -> Judged {
        self.related.push((span, label.into()));
        self
    }
}

/// Does a filter match a claimed branch or tag (a name or a pattern)?
enum RefMatch {
    Yes,
    No,
    /// Two patterns that overlap without one containing the other, or an unparsable one.
    Unclear,
}

fn is_glob(name: &str) -> bool {
    name.contains(['*', '?', '['])
}

fn includes(filters: &Filters, kind: RefKind) -> Option<Vec<&str>> {
    let list = match kind {
        RefKind::Tag => &filters.tags,
        RefKind::Branch => &filters.branches,
    };
    list.as_ref()
        .map(|l| l.iter().map(|s| s.value.as_str()).collect())
}

fn ref_match(filters: &Filters, kind: RefKind, claimed: &str) -> RefMatch {
    if !is_glob(claimed) {
        return if push_fires(filters, kind, Some(claimed)) {
            RefMatch::Yes
        } else {
            RefMatch::No
        };
    }
    let Ok(pattern) = Pattern::parse(claimed) else {
        return RefMatch::Unclear;
    };
    let listed = includes(filters, kind);
    if listed.as_ref().is_some_and(|l| l.contains(&claimed)) {
        return RefMatch::Yes;
    }
    let Some(example) = pattern.example() else {
        return RefMatch::Unclear;
    };
    if push_fires(filters, kind, Some(&example)) {
        return RefMatch::Yes;
    }
    // `v*` claimed, `v*.*.*` filtered: some refs of the claimed pattern run, some do not.
    let overlapping = listed.unwrap_or_default().iter().any(|p| {
        Pattern::parse(p)
            .ok()
            .and_then(|p| p.example())
            .is_some_and(|ex| pattern.matches(&ex))
    });
    if overlapping {
        RefMatch::Unclear
    } else {
        RefMatch::No
    }
}

/// The live trigger a described event is about ("PRs" also covers `pull_request_target`).
fn live_trigger<'a>(wf: &'a Workflow, event: &str) -> Option<&'a Trigger> {
    wf.trigger(event).or_else(|| match event {
        "pull_request" => wf.trigger("pull_request_target"),
        _ => None,
    })
}

fn impact_of(event: &str) -> &'static str {
    match event {
        "schedule" => "the scheduled run does not happen",
        "workflow_dispatch" => "the workflow cannot be started by hand",
        "push" => "pushing as the docs say does not run the workflow",
        "pull_request" | "pull_request_target" => "pull requests do not run the workflow",
        _ => "the workflow does not run when the docs say it does",
    }
}

/// Judge one described event against the workflow (or, for a reusable workflow without the
/// event, against its callers).
fn judge(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Judged {
    if live_trigger(wf, &e.event).is_none() {
        if let Some(via) = through_caller(repo, wf, e) {
            return via;
        }
    }
    judge_direct(repo, wf, e)
}

/// Judge one described event against the workflow's own `on:`.
fn judge_direct(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Judged {
    let file = wf.file.file_name();
    let Some(t) = live_trigger(wf, &e.event) else {
        let disabled = wf
            .disabled_triggers
            .iter()
            .find(|d| d.event == e.event && !d.partial);
        return match disabled {
            Some(d) => Judged::violated(
                format!(
                    "`{}` is commented out (lines {}-{})",
                    d.describe(),
                    d.first_line,
                    d.last_line
                ),
                format!(
                    "`{}` trigger commented out ({file} lines {}-{})",
                    e.event, d.first_line, d.last_line
                ),
                impact_of(&e.event),
            )
            .at(d.span, "commented-out trigger"),
            None => Judged {
                absent: true,
                ..Judged::violated(
                    format!("no `{}` trigger", e.event),
                    format!("No `{}` trigger in {file}", e.event),
                    impact_of(&e.event),
                )
            },
        };
    };
    let mut problems: Vec<String> = Vec::new();
    let mut unclear: Vec<String> = Vec::new();
    let mut check =
        |kind: RefKind, claimed: &str, what: &str| match ref_match(&t.filters, kind, claimed) {
            RefMatch::Yes => {}
            RefMatch::No => problems.push(format!(
                "{what} `{claimed}` does not match its `{}` trigger ({})",
                t.event,
                filters_in_words(&t.filters)
            )),
            RefMatch::Unclear => unclear.push(format!(
                "{what} `{claimed}` only partly overlaps its `{}` trigger ({})",
                t.event,
                filters_in_words(&t.filters)
            )),
        };
    match e.event.as_str() {
        "push" => {
            for b in &e.branches {
                check(RefKind::Branch, b, "branch");
            }
            for tag in &e.tags {
                check(RefKind::Tag, tag, "tag");
            }
            if e.tag_push && e.tags.is_empty() && !push_fires(&t.filters, RefKind::Tag, None) {
                problems.push(format!(
                    "tag pushes do not match its `push` trigger ({})",
                    filters_in_words(&t.filters)
                ));
            }
        }
        "pull_request" | "pull_request_target" => {
            for b in &e.branches {
                check(RefKind::Branch, b, "base branch");
            }
        }
        "workflow_run" => {
            if let Some(after) = &e.after {
                match follows(repo, t, after) {
                    RefMatch::Yes => {}
                    RefMatch::No => problems.push(format!(
                        "it runs after {}, not after `{after}`",
                        quoted_list(&t.workflows)
                    )),
                    RefMatch::Unclear => unclear.push(format!(
                        "cannot tell whether `{after}` is one of the workflows it follows ({})",
                        quoted_list(&t.workflows)
                    )),
                }
            }
        }
        _ => {}
    }
    if !problems.is_empty() {
        let short = capitalise(problems.first().map_or("", String::as_str));
        return Judged::violated(problems.join("; "), short, impact_of(&e.event))
            .at(t.span, format!("actual `{}` trigger", t.event));
    }
    if !unclear.is_empty() {
        return Judged::unknown(unclear.join("; "));
    }
    Judged::holds(t.describe())
}

/// A reusable workflow runs on its callers' events: "`deploy.yml` runs manually" holds when a
/// workflow that calls it has `workflow_dispatch`.
fn through_caller(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Option<Judged> {
    wf.trigger("workflow_call")?;
    let callers: Vec<&Workflow> = repo
        .workflows
        .iter()
        .filter(|w| {
            w.jobs.iter().any(|j| {
                j.uses
                    .as_ref()
                    .is_some_and(|u| u.value.trim_start_matches("./") == wf.file.rel)
            })
        })
        .filter(|w| live_trigger(w, &e.event).is_some())
        .collect();
    let first = callers.first()?;
    let holds = callers
        .iter()
        .find(|w| judge_direct(repo, w, e).outcome == Outcome::Holds);
    Some(match holds {
        Some(w) => Judged::holds(format!("{} through {}", e.event, w.file.file_name())),
        None => Judged::unknown(format!(
            "it has no `{}` trigger; {} calls it and has one, with other filters",
            e.event,
            first.file.file_name()
        )),
    })
}

/// Does a `workflow_run` trigger follow the named workflow? Its `workflows:` hold `name:`s.
fn follows(repo: &Repo, t: &Trigger, after: &str) -> RefMatch {
    let listed = |name: &str| {
        t.workflows
            .iter()
            .any(|w| w.value.eq_ignore_ascii_case(name))
    };
    if t.workflows.is_empty() {
        return RefMatch::Unclear;
    }
    if listed(after) {
        return RefMatch::Yes;
    }
    match lookup(repo, after) {
        Lookup::Found(w) if listed(w.display_name()) => RefMatch::Yes,
        Lookup::Found(_) => RefMatch::No,
        _ => RefMatch::Unclear,
    }
}

fn quoted_list(items: &[crate::workflow::Spanned<String>]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("`{}`", i.value)).collect();
    q.join(", ")
}

fn filters_in_words(f: &Filters) -> String {
    let d = f.describe();
    if d.is_empty() {
        "no filters".to_string()
    } else {
        d
    }
}

/// Live triggers a complete description does not list.
fn unlisted(wf: &Workflow, events: &[DescribedEvent]) -> Vec<String> {
    wf.triggers
        .iter()
        .filter(|t| {
            !events.iter().any(|e| {
                e.event == t.event
                    || (e.event == "pull_request" && t.event == "pull_request_target")
            })
        })
        .map(Trigger::describe)
        .collect()
}

/// A sentence saying tag (or branch) pushes release or deploy, when no workflow has such a live
/// push, is reported by `doc-trigger-disabled`; the same line is not reported twice.
fn left_to_doc_trigger_disabled(
    repo: &Repo,
    model: &DocModel,
    lines: (u32, u32),
    tag_push: bool,
) -> bool {
    let kind = if tag_push {
        RefKind::Tag
    } else {
        RefKind::Branch
    };
    let claimed = model.claims.iter().any(|c| {
        let line = c.span.start.line;
        line >= lines.0
            && line <= lines.1
            && matches!(&c.kind, ClaimKind::Prose { claim, .. } if match kind {
                RefKind::Tag => claim.is_tag_push(),
                RefKind::Branch => claim.is_branch_push(),
            })
    });
    // Mirrors that rule: it holds when a live push fires, is unsure when releases may start
    // from `release`/`create` events instead, and reports otherwise.
    let wfs = &repo.workflows;
    claimed
        && !wfs.iter().any(|w| live_push(w, kind, None).is_some())
        && (wfs.iter().any(|w| disabled_push(w, kind, None).is_some())
            || !wfs.iter().any(|w| {
                w.trigger("release")
                    .or_else(|| w.trigger("create"))
                    .is_some()
            }))
}

pub(super) fn described_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    model: &DocModel,
    out: &mut Vec<ClaimCheck>,
) {
    for c in &model.claims {
        let ClaimKind::TriggerDescription {
            workflow,
            events,
            exhaustive,
        } = &c.kind
        else {
            continue;
        };
        // An unknown workflow is doc-unknown-workflow's to report.
        let Lookup::Found(wf) = lookup(repo, workflow) else {
            continue;
        };
        let Some(on) = wf.on_span else {
            continue; // no `on:` at all: nothing to compare with
        };
        let lines = (c.span.start.line, c.span.end.line);
        let judged: Vec<(&DescribedEvent, Judged)> = events
            .iter()
            .map(|e| (e, judge(repo, wf, e)))
            .filter(|(e, j)| {
                let push_violated = e.event == "push" && j.outcome == Outcome::Violated;
                !(push_violated && left_to_doc_trigger_disabled(repo, model, lines, e.tag_push))
            })
            .collect();
        if judged.is_empty() {
            continue;
        }
        let check = ClaimCheck::new(
            rule,
            doc,
            c.span,
            format!("Triggers of {}", wf.file.file_name()),
            &c.text,
        );
        let violated: Vec<&(&DescribedEvent, Judged)> = judged
            .iter()
            .filter(|(_, j)| j.outcome == Outcome::Violated)
            .collect();
        if let Some((first_event, first)) = violated.first() {
            let mut actual: Vec<String> = violated
                .iter()
                .map(|(e, j)| format!("\"{}\": {}", e.words, j.text))
                .collect();
            // What does run: the unlisted events of a complete list, or every event when a
            // claimed one is absent.
            let absent = violated.iter().any(|(_, j)| j.absent);
            if *exhaustive {
                let missing = unlisted(wf, events);
                if !missing.is_empty() {
                    actual.push(format!("not listed in the docs: {}", missing.join(", ")));
                }
            } else if absent {
                let all: Vec<String> = wf.triggers.iter().map(Trigger::describe).collect();
                actual.push(format!("its triggers: {}", all.join(", ")));
            }
            let mut check = check
                .short(first.short.clone())
                .verdict(
                    Outcome::Violated,
                    format!("{}: {}", wf.file.path, actual.join("; ")),
                    if first.impact.is_empty() {
                        impact_of(&first_event.event)
                    } else {
                        first.impact
                    },
                )
                .related(&wf.file, on, format!("`on:` of {}", wf.file.file_name()));
            for (_, j) in &violated {
                for (span, label) in &j.related {
                    check = check.related(&wf.file, *span, label.clone());
                }
            }
            out.push(check);
            continue;
        }
        let unknown: Vec<&str> = judged
            .iter()
            .filter(|(_, j)| j.outcome == Outcome::Unknown)
            .map(|(_, j)| j.text.as_str())
            .collect();
        let check = if unknown.is_empty() {
            let has: Vec<&str> = judged.iter().map(|(_, j)| j.text.as_str()).collect();
            let text = format!("{} has {}", wf.file.file_name(), has.join(", "));
            check.verdict(Outcome::Holds, text, "")
        } else {
            check.verdict(
                Outcome::Unknown,
                format!("{}: {}", wf.file.path, unknown.join("; ")),
                "",
            )
        };
        out.push(check.related(&wf.file, on, "triggers"));
    }
}
