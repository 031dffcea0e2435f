//! `driftlint routes`: the route tree of one event, or a table of every route.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::{emit, RoutesArgs, EXIT_ERROR, EXIT_OK};
use crate::engine::{self, Request};
use crate::repo::Repo;
use crate::routes::{
    environment_label, explore, refs_for_subject, restore_disabled_triggers, simulate, Certainty,
    Event, JobOutcome, RouteMap, Simulation, WorkflowRun,
};

/// Events `--event` can simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventKind {
    Push,
    #[value(name = "workflow_dispatch")]
    WorkflowDispatch,
    Schedule,
    #[value(name = "pull_request")]
    PullRequest,
}

pub fn run(args: &RoutesArgs) -> i32 {
    let (repo, default_branch) = match load(args) {
        Ok((r, b)) if args.restore_disabled => (restore_disabled_triggers(&r), b),
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    for e in &repo.errors {
        eprintln!(
            "warning: {}:{}:{}: {} (not simulated)",
            e.file.path, e.line, e.column, e.message
        );
    }
    if let Some(w) = &args.workflow {
        if repo.find_workflow(w).is_none() {
            eprintln!("error: no workflow file or name matches {w}");
            return EXIT_ERROR;
        }
    }
    let text = match args.event {
        Some(kind) => match build_event(kind, args, &default_branch) {
            Ok(event) => {
                let sim = simulate(&repo, &event, &default_branch);
                render_tree(&sim, args.workflow.as_deref(), &repo, args.restore_disabled)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_ERROR;
            }
        },
        None => {
            if args.git_ref.is_some() || args.workflow.is_some() || !args.inputs.is_empty() {
                eprintln!("error: --ref, --workflow and --input need --event");
                return EXIT_ERROR;
            }
            let mut text = String::new();
            if args.restore_disabled {
                text.push_str("Commented-out triggers: restored (hypothetical)\n");
            }
            text.push_str(&render_table(&repo, &explore(&repo, &default_branch)));
            text
        }
    };
    match emit(&text, None) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// The repository (with its `.driftlint.yml` applied: docs filters, claims, aliases) and the
/// default branch to simulate with.
fn load(args: &RoutesArgs) -> Result<(Repo, String), String> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut analysis = engine::run(&Request {
        paths: vec![path.clone()],
        default_branch: args.default_branch.clone(),
        load_only: true,
        ..Request::default()
    });
    engine::single(&analysis, &path)?;
    super::check::require_something(&analysis)?;
    if analysis.repos.is_empty() {
        return Err(format!("{}: no repository found", path.display()));
    }
    let r = analysis.repos.swap_remove(0);
    Ok((r.repo, r.default_branch))
}

/// `--ref` as a full ref: `refs/...` as given; a short name starting with `v` and
/// containing a digit is a tag; any other short name a branch.
fn full_ref(args: &RoutesArgs) -> Option<String> {
    args.git_ref.as_deref().map(refs_for_subject)
}

fn build_event(kind: EventKind, args: &RoutesArgs, default_branch: &str) -> Result<Event, String> {
    if kind != EventKind::WorkflowDispatch && !args.inputs.is_empty() {
        return Err("--input applies to --event workflow_dispatch only".into());
    }
    let default_ref = format!("refs/heads/{default_branch}");
    Ok(match kind {
        EventKind::Push => Event::Push {
            git_ref: full_ref(args).unwrap_or(default_ref),
        },
        EventKind::WorkflowDispatch => {
            let workflow = args
                .workflow
                .clone()
                .ok_or("--event workflow_dispatch needs --workflow FILE")?;
            let mut inputs = BTreeMap::new();
            for kv in &args.inputs {
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| format!("--input {kv}: expected KEY=VALUE"))?;
                if k.trim().is_empty() {
                    return Err(format!("--input {kv}: empty key"));
                }
                inputs.insert(k.trim().to_string(), v.to_string());
            }
            Event::Dispatch {
                workflow,
                inputs,
                git_ref: full_ref(args).unwrap_or(default_ref),
            }
        }
        EventKind::Schedule => {
            if args.git_ref.is_some() {
                return Err(
                    "--ref does not apply to schedule (it runs on the default branch)".into(),
                );
            }
            Event::Schedule
        }
        EventKind::PullRequest => {
            let base = match full_ref(args) {
                Some(r) => match r.strip_prefix("refs/heads/") {
                    Some(b) => b.to_string(),
                    None => return Err(format!("--ref {r}: a pull request base is a branch")),
                },
                None => default_branch.to_string(),
            };
            Event::PullRequest { base }
        }
    })
}

fn starts_word(c: Certainty) -> &'static str {
    match c {
        Certainty::Yes => "starts",
        Certainty::No => "does not start",
        Certainty::Unknown => "may start",
    }
}

fn runs_word(c: Certainty) -> &'static str {
    match c {
        Certainty::Yes => "runs",
        Certainty::No => "skipped",
        Certainty::Unknown => "may run",
    }
}

fn environment_text(repo: &Repo, workflow: &str, job: &JobOutcome) -> String {
    if job.environments.is_empty() {
        return String::new();
    }
    let names = job
        .environments
        .iter()
        .map(|e| environment_label(repo, workflow, e))
        .collect::<Vec<_>>()
        .join(" or ");
    if job.environment_exact {
        format!(" → environment {names}")
    } else {
        format!(" → environment {names} (not known exactly)")
    }
}

fn run_line(run: &WorkflowRun) -> String {
    if run.workflow.is_empty() {
        let what = if run.starts.possible() {
            starts_word(run.starts)
        } else {
            "starts no workflow"
        };
        return format!("{}: {what} — {}", run.event.describe(), run.reason);
    }
    let title = if run.name.is_empty() {
        run.workflow.clone()
    } else {
        format!("{} ({})", run.name, run.workflow)
    };
    format!("{title}: {} — {}", starts_word(run.starts), run.reason)
}

struct Tree<'a> {
    sim: &'a Simulation,
    repo: &'a Repo,
    /// Children of each run, by the job that started them ("" = the run itself).
    children: BTreeMap<usize, Vec<(String, usize)>>,
    out: String,
}

impl Tree<'_> {
    fn write_run(&mut self, idx: usize, indent: usize, chained: bool) {
        let Some(run) = self.sim.runs.get(idx) else {
            return;
        };
        let pad = " ".repeat(indent);
        let mark = if chained { "↳ " } else { "" };
        let _ = writeln!(self.out, "{pad}{mark}{}", run_line(run));
        let inner = indent + if chained { 2 } else { 0 };
        if chained {
            let sub = " ".repeat(inner + 2);
            if let Some(via) = &run.via {
                let _ = writeln!(self.out, "{sub}via: {via}");
            }
            let parent_event = run
                .parent
                .and_then(|p| self.sim.runs.get(p))
                .map(|p| &p.event);
            if !run.workflow.is_empty() && parent_event != Some(&run.event) {
                let _ = writeln!(self.out, "{sub}event: {}", run.event.describe());
            }
        }
        let kids = self.children.get(&idx).cloned().unwrap_or_default();
        for job in &run.jobs {
            let _ = writeln!(
                self.out,
                "{}  {}: {} — {}{}",
                " ".repeat(inner),
                job.job,
                runs_word(job.runs),
                job.reason,
                environment_text(self.repo, &run.workflow, job)
            );
            if job.runs.possible() {
                if let Some(does) = job_effects_line(self.repo, &run.workflow, &job.job) {
                    let _ = writeln!(self.out, "{}      does: {does}", " ".repeat(inner));
                }
            }
            for (_, child) in kids.iter().filter(|(j, _)| *j == job.job) {
                self.write_run(*child, inner + 4, true);
            }
        }
        for (_, child) in kids.iter().filter(|(j, _)| j.is_empty()) {
            self.write_run(*child, inner + 2, true);
        }
    }
}

/// What a job that runs does, from the effects model: "Tag creation and push (line 67); Tests
/// (`cargo test`) (line 80)". None when it does nothing the model knows (the environment is
/// on the job line already).
fn job_effects_line(repo: &Repo, workflow: &str, job: &str) -> Option<String> {
    let wf = repo.workflows.iter().find(|w| w.file.rel == workflow)?;
    let mut parts: Vec<String> = Vec::new();
    for e in wf
        .effects
        .effects
        .iter()
        .filter(|e| e.job == job && !e.disabled && e.family != "environment")
    {
        // `git tag --list` reads tags; a tag that matters is pushed (a tag-push effect).
        if e.family == "tag" {
            continue;
        }
        if let Some(text) = e.feature_text() {
            let part = format!("{text} (line {})", e.span.start.line);
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn render_tree(sim: &Simulation, only: Option<&str>, repo: &Repo, restored: bool) -> String {
    let mut children: BTreeMap<usize, Vec<(String, usize)>> = BTreeMap::new();
    for (i, run) in sim.runs.iter().enumerate() {
        if let Some(p) = run.parent {
            children
                .entry(p)
                .or_default()
                .push((run.parent_job.clone().unwrap_or_default(), i));
        }
    }
    let mut tree = Tree {
        sim,
        repo,
        children,
        out: String::new(),
    };
    let _ = writeln!(tree.out, "Event: {}", sim.event.describe());
    let _ = writeln!(tree.out, "Default branch: {}", sim.default_branch);
    if restored {
        let _ = writeln!(tree.out, "Commented-out triggers: restored (hypothetical)");
    }
    let wanted = only
        .and_then(|w| repo.find_workflow(w))
        .map(|w| w.file.rel.as_str());
    for (i, run) in sim.runs.iter().enumerate() {
        if run.parent.is_some() || wanted.is_some_and(|w| run.workflow != w) {
            continue;
        }
        tree.out.push('\n');
        tree.write_run(i, 0, false);
    }
    if sim.truncated {
        tree.out
            .push_str("\n(simulation stopped early: too many runs; the tree is incomplete)\n");
    }
    tree.out
}

fn render_table(repo: &Repo, map: &RouteMap) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "Trigger",
            "Start",
            "Workflow",
            "Job",
            "Environment",
            "Certainty",
        ]);
    for r in &map.routes {
        let environment = environment_label(repo, &r.workflow, &r.environment);
        let mut workflow = r.file_name().to_string();
        // Chained runs: who started them, nearest first.
        for hop in r.hops.iter().rev() {
            workflow.push_str(&format!("\n← {hop}"));
        }
        table.add_row([
            r.trigger.as_str(),
            if r.automatic { "automatic" } else { "manual" },
            workflow.as_str(),
            r.job.as_str(),
            environment.as_str(),
            r.certainty.as_str(),
        ]);
    }
    for u in &map.unreachable {
        let file = u.workflow.rsplit('/').next().unwrap_or(&u.workflow);
        table.add_row([
            "none",
            "-",
            file,
            u.job.as_str(),
            u.environment.as_str(),
            "unreachable",
        ]);
    }
    let mut out = format!("{table}\n");
    if !map.unreachable.is_empty() {
        out.push_str("\nUnreachable environments:\n");
        for u in &map.unreachable {
            let file = u.workflow.rsplit('/').next().unwrap_or(&u.workflow);
            let line = u.env_span.map(|s| s.start.line).unwrap_or(0);
            let _ = writeln!(
                out,
                "  {} — {file} job {} (line {line}):",
                u.environment, u.job
            );
            for r in &u.reasons {
                let _ = writeln!(out, "    - {r}");
            }
        }
    }
    out
}
