//! "The GitHub release will trigger the \"Publish\" workflow": the release (or tag) the
//! documented process makes is said to start another workflow. GitHub starts no workflow for
//! a release or tag made with the repository's GITHUB_TOKEN, so when every step that makes it
//! uses that token, the named workflow never starts from it.

use super::super::claims::{ClaimCheck, Outcome};
use super::super::doc_unknown_workflow::{lookup, near_name, Lookup};
use crate::docs::{ChainTarget, ClaimKind, DocModel};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::effects::{Effect, EffectKind, Token};
use crate::workflow::{Job, Trigger, Workflow};

/// Lowercase words of a name or heading.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The workflow a doc names, and whether only a near name matched.
fn target<'a>(repo: &'a Repo, written: &str) -> Option<(&'a Workflow, bool)> {
    let Lookup::Found(w) = lookup(repo, written) else {
        return None;
    };
    let file = written.rsplit('/').next().unwrap_or(written);
    let exact = w.file.file_name() == file
        || w.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(written.trim()));
    Some((w, !exact && near_name(written, w.display_name())))
}

/// The trigger of `wf` an event of this kind would start it with.
fn listener<'a>(wf: &'a Workflow, event: &str) -> Option<&'a Trigger> {
    let tag_push = || {
        wf.trigger("push").filter(|t| {
            t.filters.tags.is_some() || (t.filters.branches.is_none() && t.filters.branches_ignore.is_none())
        })
    };
    match event {
        "release" => wf.trigger("release"),
        "release/tag" => wf.trigger("release").or_else(tag_push),
        _ => tag_push(),
    }
}

fn makes(effect: &Effect, event: &str) -> bool {
    let release = effect.kind == EffectKind::CreatesRelease;
    let tag = matches!(effect.kind, EffectKind::PushesTag | EffectKind::CreatesTag);
    match event {
        "release" => release,
        "release/tag" => release || tag,
        _ => tag,
    }
}

/// How `wf` may start right after another workflow without a release or tag event: it is
/// called or dispatched by another workflow, follows one (`workflow_run`), or takes API
/// dispatches. A numbered step naming it after the release may mean that.
pub(super) fn started_by_another(repo: &Repo, wf: &Workflow) -> Option<String> {
    for event in ["workflow_run", "workflow_call", "repository_dispatch"] {
        if wf.trigger(event).is_some() {
            return Some(format!("it runs on `{event}`"));
        }
    }
    repo.workflows.iter().find_map(|other| {
        let starts = other.file.rel != wf.file.rel
            && other.jobs.iter().any(|j| {
                j.effects.iter().any(|e| {
                    matches!(&e.kind, EffectKind::TriggersWorkflow { target, .. }
                        if matches!(lookup(repo, target), Lookup::Found(w) if w.file.rel == wf.file.rel))
                })
            });
        starts.then(|| format!("{} starts it", other.file.file_name()))
    })
}

/// Every step that makes the release or tag, in workflows other than the ones `started`
/// (a workflow does not start itself): in the workflow the heading names when it makes one,
/// else in any workflow.
fn makers<'a>(
    repo: &'a Repo,
    event: &str,
    heading: Option<&str>,
    started: impl Fn(&Workflow) -> bool,
) -> (Vec<(&'a Workflow, &'a Job, &'a Effect)>, bool) {
    let all: Vec<(&Workflow, &Job, &Effect)> = repo
        .workflows
        .iter()
        .filter(|w| !started(w))
        .flat_map(|w| {
            w.jobs
                .iter()
                .flat_map(move |j| j.effects.iter().map(move |e| (w, j, e)))
        })
        .filter(|(_, _, e)| makes(e, event))
        .collect();
    let head = heading.map(words).unwrap_or_default();
    let named = |w: &Workflow| {
        let name = words(w.display_name());
        let stem = w.file.file_name().rsplit_once('.').map_or("", |(s, _)| s);
        (!name.is_empty() && name.iter().all(|x| head.contains(x)))
            || (!stem.is_empty() && words(stem).iter().all(|x| head.contains(x)))
    };
    let in_section: Vec<_> = all.iter().copied().filter(|(w, _, _)| named(w)).collect();
    if in_section.is_empty() {
        (all, false)
    } else {
        (in_section, true)
    }
}

pub(super) fn chain_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    model: &DocModel,
    out: &mut Vec<ClaimCheck>,
) {
    for c in &model.claims {
        let ClaimKind::EventStartsWorkflow {
            event,
            workflow,
            heading,
            step,
            listed,
            target: chain_target,
        } = &c.kind
        else {
            continue;
        };
        if matches!(
            chain_target,
            ChainTarget::AnyListener | ChainTarget::PublishingListener
        ) {
            unnamed_claim(rule, repo, doc, c, heading.as_deref(), *chain_target, out);
            continue;
        }
        let Some((wf, near)) = target(repo, workflow) else {
            continue; // an unknown workflow is doc-unknown-workflow's
        };
        let label = if near {
            format!(
                "\"{workflow}\" (the workflow named \"{}\", {})",
                wf.display_name(),
                wf.file.file_name()
            )
        } else {
            format!("{} ({})", wf.display_name(), wf.file.file_name())
        };
        let what = match event.as_str() {
            "release" => "release",
            "release/tag" => "release or tag",
            _ => "tag",
        };
        let check = ClaimCheck::new(
            rule,
            doc,
            c.span,
            format!("A {what} starts {}", wf.file.file_name()),
            &c.text,
        );
        let (makers, in_section) =
            makers(repo, event, heading.as_deref(), |w| w.file.rel == wf.file.rel);
        // A list of what happens under a heading naming the workflow that makes the release
        // or tag says that workflow makes it: its token decides.
        let step = &(*step && !(*listed && in_section));
        let Some(trigger) = listener(wf, event) else {
            // "Configure X to trigger on releases" without the trigger asks to add it.
            if *chain_target == ChainTarget::SetUp {
                continue;
            }
            if let Some(other) = step.then(|| started_by_another(repo, wf)).flatten() {
                let text = format!("{label} has no trigger a {what} starts, but {other}");
                out.push(check.verdict(Outcome::Unknown, text, ""));
                continue;
            }
            let mut check = check.verdict(
                Outcome::Violated,
                format!("{label} has no trigger a {what} starts"),
                "the workflow does not run when the docs say it does",
            );
            if let Some(on) = wf.on_span {
                check = check.related(&wf.file, on, format!("`on:` of {}", wf.file.file_name()));
            }
            out.push(check);
            continue;
        };
        // A step may be a person's (creating the release by hand): which token made it is
        // not known, and the listener is enough.
        if *step {
            out.push(
                check
                    .verdict(Outcome::Holds, format!("{label} starts on a {what}"), "")
                    .related(&wf.file, trigger.span, format!("trigger of {}", wf.file.file_name())),
            );
            continue;
        }
        if makers.is_empty() {
            out.push(
                check
                    .verdict(
                        Outcome::Unknown,
                        format!("no workflow step makes the {what}; one made by a person starts {label}"),
                        "",
                    )
                    .related(&wf.file, trigger.span, format!("trigger of {}", wf.file.file_name())),
            );
            continue;
        }
        if makers.iter().any(|(_, _, e)| e.token != Token::Default) {
            out.push(
                check
                    .verdict(
                        Outcome::Holds,
                        format!("the {what} is made with a token other than GITHUB_TOKEN"),
                        "",
                    )
                    .related(&wf.file, trigger.span, format!("trigger of {}", wf.file.file_name())),
            );
            continue;
        }
        let (mw, mj, me) = makers[0];
        let verb = if event == "release" { "created" } else { "pushed" };
        let mut check = check
            .short(format!(
                "The {what} is {verb} with GITHUB_TOKEN: {} does not start",
                wf.file.file_name()
            ))
            .verdict(
                Outcome::Violated,
                format!(
                    "the {what} is {verb} by {} job `{}` with GITHUB_TOKEN, and events made with GITHUB_TOKEN start no workflows: {label} does not start from it",
                    mw.file.file_name(),
                    mj.id.value
                ),
                "the documented follow-up never runs; it needs a personal access token or app token, or a direct call",
            )
            .related(&mw.file, me.span, format!("{what} {verb} with GITHUB_TOKEN"))
            .related(&wf.file, trigger.span, format!("trigger of {}", wf.file.file_name()));
        for (w, _, e) in makers.iter().skip(1).take(2) {
            check = check.related(&w.file, e.span, format!("{what} {verb} with GITHUB_TOKEN"));
        }
        out.push(check);
    }
}

/// A release the process makes said to start whatever runs on it, unnamed ("… run off the
/// published release"; "Create a release", then "Publish to npm"): the workflows with a
/// `release` trigger (those that publish, for a publishing item) never start from a release
/// made with GITHUB_TOKEN. Silent when no workflow listens, when another workflow publishes
/// too, or when no workflow step makes the release (a person's release starts them).
fn unnamed_claim(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    claim: &crate::docs::Claim,
    heading: Option<&str>,
    target: ChainTarget,
    out: &mut Vec<ClaimCheck>,
) {
    let publishes = |w: &Workflow| {
        w.jobs
            .iter()
            .any(|j| j.effects.iter().any(|e| matches!(e.kind, EffectKind::Publishes(_))))
    };
    let listens = |w: &Workflow| w.trigger("release").is_some();
    let listeners: Vec<&Workflow> = repo
        .workflows
        .iter()
        .filter(|w| listens(w) && (target == ChainTarget::AnyListener || publishes(w)))
        .collect();
    if listeners.is_empty() {
        return;
    }
    if target == ChainTarget::PublishingListener
        && repo.workflows.iter().any(|w| !listens(w) && publishes(w))
    {
        return;
    }
    let (makers, _) = makers(repo, "release", heading, listens);
    if makers.is_empty() {
        return;
    }
    let names: Vec<&str> = listeners.iter().map(|w| w.file.file_name()).collect();
    let (verb, them) = match names.as_slice() {
        [one] => ("does", format!("{one} (the workflow with a `release` trigger)")),
        _ => ("do", format!("{} (the workflows with a `release` trigger)", names.join(", "))),
    };
    let check = ClaimCheck::new(
        rule,
        doc,
        claim.span,
        format!("The release starts {}", names.join(", ")),
        &claim.text,
    );
    if makers.iter().any(|(_, _, e)| e.token != Token::Default) {
        out.push(check.verdict(
            Outcome::Holds,
            "the release is made with a token other than GITHUB_TOKEN".to_string(),
            "",
        ));
        return;
    }
    let (mw, mj, me) = makers[0];
    let mut check = check
        .short(format!(
            "The release is created with GITHUB_TOKEN: {} {verb} not start",
            names.join(", ")
        ))
        .verdict(
            Outcome::Violated,
            format!(
                "the release is created by {} job `{}` with GITHUB_TOKEN, and events made with GITHUB_TOKEN start no workflows: {them} {verb} not start from it",
                mw.file.file_name(),
                mj.id.value
            ),
            "the documented follow-up never runs; it needs a personal access token or app token, or a direct call",
        )
        .related(&mw.file, me.span, "release created with GITHUB_TOKEN".to_string());
    for w in listeners.iter().take(3) {
        if let Some(t) = w.trigger("release") {
            check = check.related(&w.file, t.span, format!("trigger of {}", w.file.file_name()));
        }
    }
    out.push(check);
}

#[cfg(test)]
mod tests {
    use super::super::super::doc_unknown_workflow::near_name;

    #[test]
    fn near_names_differ_by_a_trailing_qualifier_only() {
        assert!(near_name("Preview Deploy", "Preview Deploy (manual only)"));
        assert!(near_name("Publish - npm", "publish"));
        assert!(!near_name("Publish", "Publish docs"));
        assert!(!near_name("", "Publish"));
    }
}
