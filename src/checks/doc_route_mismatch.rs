//! `doc-route-mismatch`: a documented route (ref → environment) that the simulation of that
//! push does not produce. Says what actually happens and where the environment is reached.

use std::collections::HashMap;

use super::claims::{ClaimCheck, Outcome};
use super::common::{describe_routes, join_words};
use crate::facts::text::{join_at_most, unique_in_order};

/// Workflow names a message lists before "and N more".
const MAX_NAMED: usize = 5;
use super::{Ctx, Rule};
use crate::docs::{Claim, ClaimKind, RouteSubject};
use crate::filter::Pattern;
use crate::repo::Repo;
use crate::routes::{simulate, Certainty, Event, Simulation, Simulator};
use crate::source::SourceFile;

pub struct DocRouteMismatch;

/// A documented route whose subject is a concrete ref (manual or worded subjects have nothing
/// to simulate).
pub struct ConcreteRoute<'a> {
    pub doc: &'a SourceFile,
    pub claim: &'a Claim,
    pub subject: &'a str,
    pub refs: &'a RouteSubject,
    pub envs: &'a [String],
    /// `refs/tags/v1.0.0`, `refs/heads/main` (an example name for a pattern).
    pub git_ref: String,
}

/// Every route claim of the repository's docs with a concrete ref, in doc order.
pub fn concrete_routes(repo: &Repo) -> impl Iterator<Item = ConcreteRoute<'_>> {
    repo.doc_claims().filter_map(|(doc, _, claim)| {
        let ClaimKind::Route {
            subject,
            refs,
            envs,
        } = &claim.kind
        else {
            return None;
        };
        Some(ConcreteRoute {
            doc,
            claim,
            subject,
            refs,
            envs,
            git_ref: subject_ref(refs)?,
        })
    })
}

/// A concrete ref for a documented subject; None when the subject is words, not a ref.
pub fn subject_ref(refs: &RouteSubject) -> Option<String> {
    let (prefix, raw) = match refs {
        RouteSubject::Tag(t) => ("refs/tags/", t.as_str()),
        RouteSubject::Branch(b) => ("refs/heads/", b.as_str()),
        _ => return None,
    };
    let raw = raw.trim().trim_matches('`');
    if raw.is_empty() || raw.contains(char::is_whitespace) {
        return None;
    }
    let is_pattern = raw.contains(['*', '?', '[', '+']);
    let name = if is_pattern {
        Pattern::parse(raw).ok()?.example()?
    } else {
        raw.to_string()
    };
    Some(format!("{prefix}{name}"))
}

/// This rule's simulations, each event simulated once with shared parse caches: a doc that
/// repeats a claim asks about the same event again and again.
struct Sims<'r> {
    simulator: Simulator<'r>,
    done: HashMap<Event, Simulation>,
}

impl<'r> Sims<'r> {
    fn new(cx: &Ctx<'r>) -> Sims<'r> {
        Sims {
            simulator: Simulator::new(cx.repo, &cx.default_branch),
            done: HashMap::new(),
        }
    }

    /// The same as [`simulate`] on the repository.
    fn get(&mut self, event: &Event) -> &Simulation {
        let Sims { simulator, done } = self;
        done.entry(event.clone())
            .or_insert_with(|| simulator.simulate(event))
    }
}

/// How sure the simulation is that `env` (canonical) gets deployed.
fn reach(cx: &Ctx, sim: &Simulation, env: &str) -> Certainty {
    let mut best = Certainty::No;
    for run in sim.started() {
        for job in &run.jobs {
            if job
                .environments
                .iter()
                .any(|e| cx.aliases.canonical(e) == env)
            {
                let c = run.starts.and(job.runs);
                if c == Certainty::Yes {
                    return Certainty::Yes;
                }
                if c == Certainty::Unknown {
                    best = Certainty::Unknown;
                }
            }
        }
    }
    best
}

/// The environments (canonical) the simulation never deploys, and the verdict when none is
/// missing: holds when each is surely reached, unknown otherwise.
fn judge_reach<'e>(
    cx: &Ctx,
    sim: &Simulation,
    envs: impl Iterator<Item = &'e str>,
) -> (Vec<String>, Outcome) {
    let mut missing = Vec::new();
    let mut all_sure = true;
    for e in envs {
        match reach(cx, sim, e) {
            Certainty::No => missing.push(e.to_string()),
            Certainty::Unknown => all_sure = false,
            Certainty::Yes => {}
        }
    }
    let outcome = if all_sure {
        Outcome::Holds
    } else {
        Outcome::Unknown
    };
    (missing, outcome)
}

/// The routes that reach `env`, for "staging is reached only by ..." sentences.
fn reached_by(cx: &Ctx, env: &str) -> String {
    describe_routes(
        cx.route_map()
            .routes
            .iter()
            .filter(|r| cx.aliases.canonical(&r.environment) == env),
    )
}

/// Input names that pick the environment of a dispatch (`environment`, `env`, `target_env`,
/// `stage`).
fn picks_environment(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("env") || k == "stage" || k == "target"
}

/// `gh workflow run X -f environment=production`: simulate the dispatch through the job graph
/// (`if:` with these inputs, skipped `needs`); when no job that deploys to the named
/// environment can run, the command does not deploy there.
fn dispatch_commands(cx: &Ctx, sims: &mut Sims, out: &mut Vec<ClaimCheck>) {
    let repo = cx.repo;
    for (doc, _, c) in repo.doc_claims() {
        match &c.kind {
            ClaimKind::Command {
                workflow,
                git_ref,
                inputs,
            } => {
                let Some(wf) = repo.find_workflow(workflow) else {
                    continue;
                };
                let label = format!("`gh workflow run {workflow}`");
                judge_dispatch(cx, sims, (doc, c), wf, git_ref.as_deref(), inputs, &label, out);
            }
            ClaimKind::DispatchForm { inputs } => {
                let Some((wf, named)) = form_workflow(repo, inputs) else {
                    continue;
                };
                let label = format!("A manual run of {}", wf.file.file_name());
                judge_dispatch(cx, sims, (doc, c), wf, None, &named, &label, out);
            }
            _ => {}
        }
    }
}

/// Field names as input names: lowercase, spaces and hyphens as underscores.
fn input_key(field: &str) -> String {
    field
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
}

/// The one workflow whose `workflow_dispatch` declares an input for every field of a form,
/// with the fields renamed to its inputs.
fn form_workflow<'r>(
    repo: &'r crate::repo::Repo,
    fields: &[(String, String)],
) -> Option<(&'r crate::workflow::Workflow, Vec<(String, String)>)> {
    let mut found = repo.workflows.iter().filter_map(|w| {
        let dispatch = w.trigger("workflow_dispatch")?;
        let named: Option<Vec<(String, String)>> = fields
            .iter()
            .map(|(k, v)| {
                let key = input_key(k);
                dispatch.input(&key).map(|_| (key, v.clone()))
            })
            .collect();
        named.map(|n| (w, n))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// A manual run with these inputs, said to deploy the environment its environment input
/// names: simulate it through the job graph; report when no job deploying there can run.
#[allow(clippy::too_many_arguments)]
fn judge_dispatch(
    cx: &Ctx,
    sims: &mut Sims,
    (doc, c): (&SourceFile, &crate::docs::Claim),
    wf: &crate::workflow::Workflow,
    git_ref: Option<&str>,
    inputs: &[(String, String)],
    label: &str,
    out: &mut Vec<ClaimCheck>,
) {
    {
        let Some(dispatch) = wf.trigger("workflow_dispatch") else {
            return; // doc-unknown-input reports it
        };
        let Some((key, value)) = inputs.iter().find(|(k, v)| {
            picks_environment(k) && !v.contains('$') && dispatch.input(k).is_some()
        }) else {
            return;
        };
        // A value the input refuses is doc-unknown-input's finding.
        if dispatch
            .input(key)
            .is_some_and(|i| !i.options.is_empty() && !i.options.iter().any(|o| &o.value == value))
        {
            return;
        }
        let env = cx.aliases.canonical(value);
        // Jobs deploying there: by their own `environment:`, or by calling a reusable
        // workflow with the environment input passed on (`with: environment: ${{
        // inputs.environment }}`), whose jobs then deploy there.
        let targets: Vec<_> = wf
            .jobs
            .iter()
            .filter(|j| {
                super::common::job_environments(wf, j)
                    .iter()
                    .any(|e| cx.aliases.canonical(e) == env)
                    || passes_environment(j, key, &env, cx)
            })
            .collect();
        if targets.is_empty() {
            return; // the workflow names no such environment: nothing to follow
        }
        let git_ref = match git_ref {
            Some(r) if r.starts_with("refs/") => r.to_string(),
            Some(r) => format!("refs/heads/{r}"),
            None => format!("refs/heads/{}", cx.default_branch),
        };
        let event = Event::Dispatch {
            workflow: wf.file.rel.clone(),
            inputs: inputs.iter().cloned().collect(),
            git_ref,
        };
        let sim = sims.get(&event);
        let run = sim.run_of(&wf.file.rel);
        // The target jobs' own outcome too: a called workflow's jobs are not this run's.
        let target_runs = targets
            .iter()
            .map(|j| {
                run.and_then(|r| r.job(&j.id.value))
                    .map_or(Certainty::Unknown, |o| run.map_or(o.runs, |r| r.starts.and(o.runs)))
            })
            .fold(Certainty::No, |best, c| match (best, c) {
                (Certainty::Yes, _) | (_, Certainty::Yes) => Certainty::Yes,
                (Certainty::Unknown, _) | (_, Certainty::Unknown) => Certainty::Unknown,
                _ => Certainty::No,
            });
        let certainty = match reach(cx, sim, &env) {
            Certainty::No => target_runs,
            other => other,
        };
        let check = ClaimCheck::new(
            DocRouteMismatch::ID,
            doc,
            c.span,
            format!("{label} deploys {env}"),
            &c.text,
        );
        // Only a break is a claim check of its own: a command that works is already in the
        // report through doc-unknown-input.
        if certainty != Certainty::No {
            return;
        }
        let why: Vec<String> = targets
            .iter()
            .map(|j| {
                let reason = run
                    .and_then(|r| r.job(&j.id.value))
                    .map_or("does not run".to_string(), |o| o.reason.clone());
                format!("job `{}` is skipped: {reason}", j.id.value)
            })
            .collect();
        let mut check = check
            .short(format!("{env} is never deployed by this run"))
            .verdict(
                Outcome::Violated,
                format!(
                    "{} deploys nothing to {env}: {}",
                    event.describe(),
                    why.join("; ")
                ),
                "the documented command does not deploy where the docs say",
            );
        for j in targets.iter().take(2) {
            let span = j
                .needs
                .first()
                .map(|n| n.span)
                .or_else(|| j.if_cond.as_ref().map(|i| i.span))
                .unwrap_or(j.id.span);
            check = check.related(&wf.file, span, format!("job `{}`", j.id.value));
        }
        out.push(check);
    }
}

/// A job calling a reusable workflow with an environment input set to `env` or to the
/// dispatch input `key` that picks it.
fn passes_environment(job: &crate::workflow::Job, key: &str, env: &str, cx: &Ctx) -> bool {
    job.uses.is_some()
        && job.with.iter().any(|(k, v)| {
            picks_environment(&k.value) && {
                let v = v.value.as_str();
                cx.aliases.canonical(v.trim()) == env
                    || v.contains(&format!("inputs.{key}"))
            }
        })
}

/// `git push origin <ref>` under "# Trigger CI": simulate the push; when no workflow starts,
/// the comment promises a run that does not happen.
fn push_commands(cx: &Ctx, sims: &mut Sims, out: &mut Vec<ClaimCheck>) {
    let repo = cx.repo;
    for (doc, _, c) in repo.doc_claims() {
        let ClaimKind::Push { git_ref, comment } = &c.kind else {
            continue;
        };
        let event = Event::Push {
            git_ref: git_ref.clone(),
        };
        let sim = sims.get(&event);
        let check = ClaimCheck::new(
            DocRouteMismatch::ID,
            doc,
            c.span,
            format!("{} starts a workflow", event.describe()),
            // A comment at the end of the push line is already in its text.
            &if c.text.contains(comment.as_str()) {
                c.text.clone()
            } else {
                format!("# {comment} / {}", c.text)
            },
        );
        let started: Vec<&str> = sim.started().map(|r| r.file_name()).collect();
        if !started.is_empty() {
            // Only a break is reported (the route table lists what runs): here, workflows the
            // comment names by a distinctive word of their name, none of which starts.
            if let Some(check) = named_not_started(repo, sim, comment, &started, check) {
                out.push(check);
            }
            continue;
        }
        // The workflows that listen for pushes, and why this one is not theirs.
        // Those the comment names ("# Trigger CI") first.
        let words: Vec<String> = comment
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| w.len() >= 2)
            .map(str::to_lowercase)
            .collect();
        let named = |w: &crate::workflow::Workflow| {
            let name = format!("{} {}", w.display_name(), w.file.file_name()).to_lowercase();
            words.iter().filter(|x| name.contains(x.as_str())).count()
        };
        let mut listeners: Vec<_> = repo
            .workflows
            .iter()
            .filter_map(|w| w.trigger("push").map(|t| (w, t)))
            .collect();
        listeners.sort_by_key(|(w, _)| std::cmp::Reverse(named(w)));
        if listeners.is_empty() {
            continue; // nothing listens for pushes: no filter to blame, say nothing
        }
        let why: Vec<String> = listeners
            .iter()
            .filter_map(|(w, _)| sim.runs.iter().find(|r| r.workflow == w.file.rel))
            .take(3)
            .map(|r| format!("{}: {}", r.file_name(), r.reason))
            .collect();
        let mut check = check
            .short(format!("{} starts no workflow", event.describe()))
            .verdict(
                Outcome::Violated,
                format!(
                    "{} starts no workflow ({})",
                    event.describe(),
                    why.join("; ")
                ),
                "the push the docs show does not run what they say",
            );
        for (w, t) in listeners.iter().take(3) {
            check = check.related(&w.file, t.span, format!("push trigger of {}", w.file.file_name()));
        }
        out.push(check);
    }
}

/// Words of workflow names too common to say which workflow a comment means.
const COMMON_NAME_WORDS: &[&str] = &[
    "the", "and", "all", "any", "for", "with", "from", "into", "via", "its", "one", "two",
    "three", "four", "both", "each", "every", "this", "that", "then", "will", "new", "main",
    "trigger", "triggers", "triggered", "run", "runs", "start", "starts", "automatically",
    "automatic", "auto", "workflow", "workflows", "pipeline", "pipelines", "job", "jobs", "ci",
    "cd", "build", "builds", "test", "tests", "release", "releases", "deploy", "deploys",
    "deployment", "publish", "publishes", "package", "packages", "image", "images", "branch",
    "push", "pushes", "tag", "tags", "check", "checks", "yml", "yaml", "github", "actions",
    "type", "channel", "reusable", "nightly", "manual",
];

/// The content words of a name or comment: lowercase, three letters or more, not common.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !COMMON_NAME_WORDS.contains(&w.as_str()))
        .collect()
}

/// "git push origin release/2.0  # → Triggers the Docker and PyPI releases": the comment names
/// workflows by a distinctive word of their `name:` or file name; when none of the workflows
/// it names starts from this push (and none that starts carries such a word), it is violated.
fn named_not_started(
    repo: &crate::repo::Repo,
    sim: &crate::routes::Simulation,
    comment: &str,
    started: &[&str],
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let said = name_words(comment);
    if said.is_empty() {
        return None;
    }
    let words_of = |w: &crate::workflow::Workflow| {
        name_words(&format!("{} {}", w.display_name(), w.file.file_name()))
    };
    let named: Vec<&crate::workflow::Workflow> = repo
        .workflows
        .iter()
        .filter(|w| words_of(w).iter().any(|x| said.contains(x)))
        .collect();
    if named.is_empty() || named.iter().any(|w| started.contains(&w.file.file_name())) {
        return None;
    }
    let why: Vec<String> = named
        .iter()
        .filter_map(|w| sim.runs.iter().find(|r| r.workflow == w.file.rel))
        .take(3)
        .map(|r| format!("{}: {}", r.file_name(), r.reason))
        .collect();
    let mut check = check
        .short("the workflows the comment names do not start")
        .verdict(
            Outcome::Violated,
            format!(
                "it starts only {}; none of the workflows the comment names starts ({}{})",
                started.join(", "),
                why.join("; "),
                if named.len() > 3 {
                    format!("; {} more", named.len() - 3)
                } else {
                    String::new()
                }
            ),
            "the push the docs show does not run what they say",
        );
    for w in named.iter().take(3) {
        let span = w.on_or_first_line();
        check = check.related(&w.file, span, format!("`on:` of {}", w.file.file_name()));
    }
    Some(check)
}

/// "Open a PR and it deploys to staging": simulate a pull request into the named base (the
/// default branch when none is named). Only environments some job deploys to are judged: a
/// preview an outside app deploys (a hosting provider's GitHub app) is not the workflows' to
/// confirm or deny.
fn pull_request_routes(cx: &Ctx, sims: &mut Sims, out: &mut Vec<ClaimCheck>) {
    for (doc, _, c) in cx.repo.doc_claims() {
        let ClaimKind::Route {
            subject,
            refs: RouteSubject::PullRequest(base),
            envs,
        } = &c.kind
        else {
            continue;
        };
        let envs: Vec<&String> = envs
            .iter()
            .filter(|e| !cx.jobs_targeting(e).is_empty())
            .collect();
        if envs.is_empty() {
            continue;
        }
        let event = Event::PullRequest {
            base: base.clone().unwrap_or_else(|| cx.default_branch.clone()),
        };
        let sim = sims.get(&event);
        let label = format!(
            "{subject} → {}",
            envs.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(" → ")
        );
        let check = ClaimCheck::new(DocRouteMismatch::ID, doc, c.span, label, &c.text);
        let (missing, outcome) = judge_reach(cx, sim, envs.iter().map(|e| e.as_str()));
        if missing.is_empty() {
            let reached: Vec<&str> = envs.iter().map(|e| e.as_str()).collect();
            out.push(check.verdict(
                outcome,
                format!("a {} reaches {}", event.describe(), reached.join(", ")),
                "",
            ));
            continue;
        }
        // Why each job that deploys a missing environment does not on this event.
        let mut why = Vec::new();
        let mut targets = Vec::new();
        for env in &missing {
            for (wf, job) in cx.jobs_targeting(env) {
                let reason = match sim.run_of(&wf.file.rel) {
                    Some(run) if run.starts.possible() => run
                        .job(&job.id.value)
                        .map_or("is not reached".to_string(), |o| o.reason.clone()),
                    Some(run) => format!("its workflow does not start ({})", run.reason),
                    None => "its workflow does not start".to_string(),
                };
                why.push(format!(
                    "{} job `{}` ({env}): {reason}",
                    wf.file.file_name(),
                    job.id.value
                ));
                targets.push((wf, job, env.clone()));
            }
        }
        let mut check = check
            .short(format!(
                "a {} does not reach {}",
                event.describe(),
                join_words(&missing)
            ))
            .verdict(
                Outcome::Violated,
                format!(
                    "a {} deploys nothing to {}: {}",
                    event.describe(),
                    join_words(&missing),
                    why.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
                ),
                "pull requests are not deployed where the docs say",
            );
        for (wf, job, env) in targets.iter().take(2) {
            let span = job
                .if_cond
                .as_ref()
                .map(|i| i.span)
                .or_else(|| job.environment.as_ref().map(|e| e.name.span))
                .unwrap_or(job.id.span);
            check = check.related(&wf.file, span, format!("job `{}` targets {env}", job.id.value));
        }
        out.push(check);
    }
}

impl Rule for DocRouteMismatch {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let mut sims = Sims::new(cx);
        dispatch_commands(cx, &mut sims, out);
        push_commands(cx, &mut sims, out);
        pull_request_routes(cx, &mut sims, out);
        let repo = cx.repo;
        for ConcreteRoute {
            doc,
            claim: c,
            subject,
            envs,
            git_ref,
            ..
        } in concrete_routes(repo)
        {
            let label = format!("{} → {}", subject, envs.join(" → "));
            let check = ClaimCheck::new(Self::ID, doc, c.span, label, &c.text);
            let event = Event::Push { git_ref };
            let sim = sims.get(&event);
            let (missing, outcome) = judge_reach(cx, sim, envs.iter().map(|e| e.as_str()));
            if missing.is_empty() {
                out.push(check.verdict(
                    outcome,
                    format!("{} reaches {}", event.describe(), envs.join(", ")),
                    "",
                ));
                continue;
            }
            // A workflow called several times (reusable calls) is named once.
            let started = unique_in_order(sim.started().map(|r| r.file_name()));
            let mut actual = if started.is_empty() {
                let why: Vec<String> = sim
                    .runs
                    .iter()
                    .filter(|r| r.reason.contains("commented out"))
                    .map(|r| format!("{}: {}", r.file_name(), r.reason))
                    .collect();
                if why.is_empty() {
                    format!("no workflow starts on {}", event.describe())
                } else {
                    format!(
                        "no workflow starts on {} ({})",
                        event.describe(),
                        why.join("; ")
                    )
                }
            } else {
                format!(
                    "{} starts {} but {} is not deployed",
                    event.describe(),
                    join_at_most(&started, MAX_NAMED),
                    join_words(&missing)
                )
            };
            for env in &missing {
                let by = reached_by(cx, env);
                if by.is_empty() {
                    actual.push_str(&format!("; {env} is not reached by any event"));
                } else {
                    actual.push_str(&format!("; {env} is reached only by {by}"));
                }
            }
            // Would the route hold if the commented-out triggers were restored?
            let restored = cx.repo_with_restored_triggers();
            let dormant = restored.as_ref().is_some_and(|r| {
                let sim2 = simulate(r, &event, &cx.default_branch);
                envs.iter().all(|e| reach(cx, &sim2, e).possible())
            });
            let (impact, short) = if dormant {
                actual.push_str("; the routing logic exists but its trigger is commented out");
                (
                    "no environment promotion by tag",
                    "Logic exists but inactive (trigger commented out)".to_string(),
                )
            } else {
                (
                    "the documented route does not happen",
                    format!(
                        "{} does not reach {}",
                        event.describe(),
                        join_words(&missing)
                    ),
                )
            };
            let mut check = check
                .short(short)
                .verdict(Outcome::Violated, actual, impact);
            for wf in &repo.workflows {
                for d in wf.disabled_triggers.iter().filter(|d| d.event == "push") {
                    check = check.related(&wf.file, d.span, "commented-out trigger");
                }
            }
            for env in &missing {
                for (wf, job) in cx.jobs_targeting(env).into_iter().take(2) {
                    if let Some(e) = &job.environment {
                        check = check.related(
                            &wf.file,
                            e.name.span,
                            format!("job `{}` targets {env}", job.id.value),
                        );
                    }
                }
            }
            out.push(check);
        }
    }
}
