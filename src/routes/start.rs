//! Does a workflow start for an event? Trigger matching with GitHub's filter rules.

use super::event::{is_unknown_value, ref_knowledge, Event, RefKnowledge};
use super::prepared::{Flow, ParsedList, TriggerRef};
use super::Certainty;
use crate::workflow::{Filters, InputKind, Spanned, Trigger, Workflow};

/// The answer for one workflow and event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Start {
    pub certainty: Certainty,
    pub reason: String,
    /// Route label of the matching trigger.
    pub label: String,
    /// `github.event_name` of the run.
    pub event_name: String,
}

impl Start {
    fn new(certainty: Certainty, reason: impl Into<String>, label: impl Into<String>) -> Start {
        Start {
            certainty,
            reason: reason.into(),
            label: label.into(),
            event_name: String::new(),
        }
    }

    fn no(reason: impl Into<String>) -> Start {
        Start::new(Certainty::No, reason, "")
    }
}

pub(crate) fn workflow_start(flow: Flow, event: &Event, default_branch: &str) -> Start {
    let wf = flow.wf;
    let mut start = match event {
        Event::Push { git_ref } => match flow.trigger("push") {
            Some(t) => push_start(t, &ref_knowledge(git_ref)),
            None => Start::no(no_live_trigger(wf, "push")),
        },
        Event::Dispatch { inputs, .. } => match wf.trigger("workflow_dispatch") {
            Some(t) => dispatch_start(t, inputs),
            None => Start::no(no_live_trigger(wf, "workflow_dispatch")),
        },
        Event::Schedule => match wf.trigger("schedule") {
            Some(t) if !t.crons.is_empty() => {
                let crons: Vec<&str> = t.crons.iter().map(|c| c.value.as_str()).collect();
                Start::new(
                    Certainty::Yes,
                    format!("schedule {} (on {default_branch})", crons.join(", ")),
                    "schedule",
                )
            }
            Some(_) => Start::no("schedule trigger has no cron entry"),
            None => Start::no(no_live_trigger(wf, "schedule")),
        },
        Event::PullRequest { base } => pull_request_start(flow, base),
        Event::Release => match wf.trigger("release") {
            Some(t) => release_start(t),
            None => Start::no(no_live_trigger(wf, "release")),
        },
        Event::WorkflowRun { workflow, git_ref } => workflow_run_start(flow, workflow, git_ref),
        Event::Other { event } => match wf.trigger(event) {
            Some(t) if t.types.is_empty() => {
                Start::new(Certainty::Yes, format!("{event} trigger"), event.as_str())
            }
            Some(t) => Start::new(
                Certainty::Yes,
                format!("{event} trigger (types {})", list_text(&t.types)),
                event.as_str(),
            ),
            None => Start::no(no_live_trigger(wf, event)),
        },
    };
    if start.event_name.is_empty() {
        start.event_name = event.event_name().to_string();
    }
    start
}

/// `no live push trigger (push tags commented out at line 5)`.
pub(crate) fn no_live_trigger(wf: &Workflow, event: &str) -> String {
    let mut s = format!("no live {event} trigger");
    if let Some(d) = wf
        .disabled_triggers
        .iter()
        .find(|d| d.event == event && !d.partial)
    {
        let keys = filter_keys(&d.filters);
        let what = if keys.is_empty() {
            event.to_string()
        } else {
            format!("{event} {}", keys.join(", "))
        };
        s.push_str(&format!(" ({what} commented out at line {})", d.first_line));
    }
    s
}

fn filter_keys(f: &Filters) -> Vec<&'static str> {
    [
        ("branches", f.branches.is_some()),
        ("branches-ignore", f.branches_ignore.is_some()),
        ("tags", f.tags.is_some()),
        ("tags-ignore", f.tags_ignore.is_some()),
        ("paths", f.paths.is_some()),
        ("paths-ignore", f.paths_ignore.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, present)| present.then_some(k))
    .collect()
}

fn list_text(list: &[Spanned<String>]) -> String {
    list.iter()
        .map(|s| s.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One include/ignore pair of filters: the lists as written and parsed.
struct FilterPair<'a> {
    include: Option<&'a Vec<Spanned<String>>>,
    ignore: Option<&'a Vec<Spanned<String>>>,
    parsed_include: &'a ParsedList,
    parsed_ignore: &'a ParsedList,
}

impl<'a> FilterPair<'a> {
    fn branches(t: TriggerRef<'a>) -> FilterPair<'a> {
        let parsed = t.filters();
        FilterPair {
            include: t.trigger.filters.branches.as_ref(),
            ignore: t.trigger.filters.branches_ignore.as_ref(),
            parsed_include: &parsed.branches,
            parsed_ignore: &parsed.branches_ignore,
        }
    }

    fn tags(t: TriggerRef<'a>) -> FilterPair<'a> {
        let parsed = t.filters();
        FilterPair {
            include: t.trigger.filters.tags.as_ref(),
            ignore: t.trigger.filters.tags_ignore.as_ref(),
            parsed_include: &parsed.tags,
            parsed_ignore: &parsed.tags_ignore,
        }
    }
}

/// Decide a branch or tag name against an include/ignore pair of `event` (`push`,
/// `pull_request`, ...). `kind` is `branch` or `tag`; `name` None = not known.
fn filter_decision(event: &str, kind: &str, name: Option<&str>, pair: FilterPair) -> Start {
    let FilterPair {
        include, ignore, ..
    } = pair;
    let plural = if kind == "tag" { "tags" } else { "branches" };
    let (inc, ign) = match (pair.parsed_include, pair.parsed_ignore) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            return Start::new(Certainty::Unknown, e.as_str(), format!("{event} {kind}"));
        }
    };
    let Some(name) = name else {
        let listed = include.or(ignore).map(|l| list_text(l)).unwrap_or_default();
        return Start::new(
            Certainty::Unknown,
            format!("{kind} name not known; {event} {plural} filter {listed} decides"),
            format!("{event} {kind}"),
        );
    };
    if let Some(inc) = &inc {
        match inc.deciding_pattern(name) {
            Some(p) if !p.is_negated() => {}
            Some(p) => {
                return Start::no(format!(
                    "{kind} {name} is excluded by {event} {plural} filter {}",
                    p.raw()
                ))
            }
            None => {
                return Start::no(format!(
                    "{kind} {name} matches no {event} {plural} filter ({})",
                    include.map(|l| list_text(l)).unwrap_or_default()
                ))
            }
        }
    }
    if let Some(ign) = &ign {
        if let Some(p) = ign.deciding_pattern(name).filter(|p| !p.is_negated()) {
            return Start::no(format!(
                "{kind} {name} is ignored by {event} {plural}-ignore filter {}",
                p.raw()
            ));
        }
    }
    match inc.as_ref().and_then(|l| l.deciding_pattern(name)) {
        Some(p) => {
            // Name the ref when it is not the pattern's own example (`v1.0.0-hotfix1` under
            // `v*.*.*`): the pattern alone would hide which ref this route is about.
            let label = if p.example().as_deref() == Some(name) || p.raw() == name {
                format!("{event} {kind} {}", p.raw())
            } else {
                format!("{event} {kind} {} ({name})", p.raw())
            };
            Start::new(
                Certainty::Yes,
                format!("{event} {plural} filter {} matches", p.raw()),
                label,
            )
        }
        None => Start::new(
            Certainty::Yes,
            format!("{kind} {name} is not in {event} {plural}-ignore"),
            format!("{event} {kind} {name} (not ignored)"),
        ),
    }
}

/// push: tags-only filters skip branch pushes and vice versa; paths filters do not apply to
/// tag pushes.
fn push_start(t: TriggerRef, knowledge: &RefKnowledge) -> Start {
    let f = &t.trigger.filters;
    let branch_filtered = f.branches.is_some() || f.branches_ignore.is_some();
    let tag_filtered = f.tags.is_some() || f.tags_ignore.is_some();
    match knowledge {
        RefKnowledge::Branch(name) => {
            if tag_filtered && !branch_filtered {
                return Start::no(
                    "push trigger filters tags only, so branch pushes do not start it",
                );
            }
            let start = if branch_filtered {
                filter_decision("push", "branch", Some(name), FilterPair::branches(t))
            } else {
                Start::new(
                    Certainty::Yes,
                    "push trigger has no branch filter",
                    format!("push branch {name} (any branch)"),
                )
            };
            with_paths(start, f)
        }
        RefKnowledge::Tag(_) | RefKnowledge::SomeTag => {
            if branch_filtered && !tag_filtered {
                return Start::no(
                    "push trigger filters branches only, so tag pushes do not start it",
                );
            }
            let name = match knowledge {
                RefKnowledge::Tag(n) => Some(n.as_str()),
                _ => None,
            };
            if tag_filtered {
                filter_decision("push", "tag", name, FilterPair::tags(t))
            } else {
                let label = match name {
                    Some(n) => format!("push tag {n} (any tag)"),
                    None => "push tag".to_string(),
                };
                Start::new(Certainty::Yes, "push trigger has no tag filter", label)
            }
        }
        RefKnowledge::Unknown => {
            Start::new(Certainty::Unknown, "the pushed ref is not known", "push")
        }
    }
}

/// A paths filter makes a start depend on the changed files.
fn with_paths(mut start: Start, f: &Filters) -> Start {
    if start.certainty == Certainty::No {
        return start;
    }
    let paths: Vec<String> = [("paths", &f.paths), ("paths-ignore", &f.paths_ignore)]
        .into_iter()
        .filter_map(|(k, l)| l.as_ref().map(|l| format!("{k} {}", list_text(l))))
        .collect();
    if !paths.is_empty() {
        start.certainty = start.certainty.and(Certainty::Unknown);
        start.reason = format!(
            "{}; depends on the changed files ({})",
            start.reason,
            paths.join("; ")
        );
    }
    start
}

fn dispatch_start(t: &Trigger, inputs: &std::collections::BTreeMap<String, String>) -> Start {
    for (name, value) in inputs {
        let Some(input) = t.input(name) else {
            return Start::no(format!(
                "input {name} is not declared by workflow_dispatch (GitHub rejects the request)"
            ));
        };
        if input.kind == InputKind::Choice
            && !is_unknown_value(value)
            && !input.options.is_empty()
            && !input.options.iter().any(|o| &o.value == value)
        {
            return Start::no(format!(
                "{value} is not an option of input {name} ({}); GitHub rejects the request",
                list_text(&input.options)
            ));
        }
    }
    Start::new(
        Certainty::Yes,
        "workflow_dispatch trigger",
        "workflow_dispatch",
    )
}

fn pull_request_start(flow: Flow, base: &str) -> Start {
    let mut first_no: Option<Start> = None;
    for name in ["pull_request", "pull_request_target"] {
        let Some(tr) = flow.trigger(name) else {
            continue;
        };
        let t = tr.trigger;
        let opening = ["opened", "synchronize", "reopened"];
        if !t.types.is_empty()
            && !t
                .types
                .iter()
                .any(|ty| opening.contains(&ty.value.as_str()))
        {
            first_no.get_or_insert(Start::no(format!(
                "{name} types {} do not include opened, synchronize or reopened",
                list_text(&t.types)
            )));
            continue;
        }
        let mut start = filter_decision(name, "branch", Some(base), FilterPair::branches(tr));
        if start.certainty == Certainty::No {
            first_no.get_or_insert(start);
            continue;
        }
        if t.filters.branches.is_none() && t.filters.branches_ignore.is_none() {
            start.reason = format!("{name} trigger has no branch filter");
        }
        start.label = format!("pull request into {base}");
        start = with_paths(start, &t.filters);
        start.event_name = name.to_string();
        return start;
    }
    first_no.unwrap_or_else(|| Start::no(no_live_trigger(flow.wf, "pull_request")))
}

fn release_start(t: &Trigger) -> Start {
    if t.types.is_empty() {
        return Start::new(Certainty::Yes, "release trigger (all types)", "release");
    }
    let types: Vec<&str> = t.types.iter().map(|s| s.value.as_str()).collect();
    if types
        .iter()
        .any(|ty| matches!(*ty, "published" | "created"))
    {
        Start::new(
            Certainty::Yes,
            format!("release types {}", types.join(", ")),
            "release",
        )
    } else if types
        .iter()
        .any(|ty| matches!(*ty, "released" | "prereleased"))
    {
        Start::new(
            Certainty::Unknown,
            format!(
                "release types {} depend on whether it is a pre-release",
                types.join(", ")
            ),
            "release",
        )
    } else {
        Start::no(format!(
            "release types {} do not include published",
            types.join(", ")
        ))
    }
}

/// workflow_run fires for runs on any branch (the `branches` filters decide); the started run
/// uses the default branch.
fn workflow_run_start(flow: Flow, upstream: &str, git_ref: &str) -> Start {
    let Some(tr) = flow.trigger("workflow_run") else {
        return Start::no(no_live_trigger(flow.wf, "workflow_run"));
    };
    let t = tr.trigger;
    if !t.workflows.iter().any(|w| w.value == upstream) {
        return Start::no(format!(
            "workflow_run lists {}, not {upstream}",
            list_text(&t.workflows)
        ));
    }
    let f = &t.filters;
    let label = format!("workflow_run after {upstream}");
    if f.branches.is_none() && f.branches_ignore.is_none() {
        return Start::new(
            Certainty::Yes,
            format!("workflow_run lists {upstream}"),
            label,
        );
    }
    let name = match ref_knowledge(git_ref) {
        RefKnowledge::Branch(b) => Some(b),
        _ => None,
    };
    let mut start = filter_decision(
        "workflow_run",
        "branch",
        name.as_deref(),
        FilterPair::branches(tr),
    );
    start.reason = format!("{} (after {upstream})", start.reason);
    start.label = label;
    start
}
