//! Summary, capabilities, discrepancy table, risks, actions and conclusion: all derived from
//! the claim verdicts, findings, routes and (optional) state.

use crate::source::HoldsTemplate as _;
use std::collections::{BTreeMap, BTreeSet};

use super::routing::route_mark;
use super::workflows::operation_workflows;
use super::{file_name, short_loc, ReportInput};
use crate::checks::{ClaimCheck, Outcome};
use crate::facts::environments::job_environments;
use crate::facts::history::failure_summary;
use crate::finding::Topic;
use crate::report::group::group_in_order;
use crate::routes::{Certainty, Event};
use crate::state::Lookup;
use crate::workflow::effects::{job_effects, EffectKind};
use crate::workflow::evidence::{not_really_a_release, tag_only_gate, visible_deploy};
use crate::workflow::{Job, Workflow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The docs make no release claim driftlint can check.
    Undocumented,
    Operational,
    Partial,
    Degraded,
    /// Some workflow files could not be analysed: no verdict on the whole.
    Incomplete,
}

impl Status {
    fn words(self) -> &'static str {
        match self {
            Status::Undocumented => "not described by checkable documentation",
            Status::Operational => "operational",
            Status::Partial => "partially operational",
            Status::Degraded => "degraded",
            Status::Incomplete => "not fully known",
        }
    }
}

/// Facts the later sections share.
pub struct Facts {
    pub status: Status,
    /// Canonical environments reached by an automatic route.
    pub automatic_envs: BTreeSet<String>,
    /// Canonical environments some job names.
    pub targeted_envs: BTreeSet<String>,
    /// Release workflows (tags/releases/publish) that only start by hand.
    pub manual_release: Vec<String>,
    /// (workflow file, trigger, lines, reason) of commented-out push triggers.
    pub disabled: Vec<(String, String, String, Option<String>)>,
    /// Environments whose newest deployment failed: (env, note).
    pub failing_envs: Vec<(String, String)>,
    /// Environments jobs name that the exported deployment history never deployed (empty
    /// without deployments.json).
    pub never_deployed: Vec<String>,
    pub violated: usize,
    pub unknown: usize,
    pub checked: usize,
    /// A violated claim promises an automatic release or deployment path.
    pub automation_promised: bool,
    /// Workflow files that could not be analysed (read or parsed).
    pub unanalysed_workflows: usize,
    /// Environment aliases and roles of the analysis.
    pub aliases: crate::docs::EnvAliases,
}

fn releases(wf: &Workflow) -> bool {
    wf.jobs.iter().any(|j| {
        job_effects(j).iter().any(|e| {
            matches!(
                e.kind,
                EffectKind::PushesTag | EffectKind::CreatesRelease | EffectKind::Publishes(_)
            )
        })
    })
}

impl Facts {
    pub fn gather(input: &ReportInput) -> Facts {
        let aliases = input.aliases;
        let automatic_envs = input.environments.automatic.clone();
        let targeted_envs = input.environments.targeted.clone();
        let manual_release: Vec<String> = input
            .repo
            .workflows
            .iter()
            .filter(|w| releases(w) && w.automatic_triggers().next().is_none())
            .map(|w| w.file.file_name().to_string())
            .collect();
        let disabled = input
            .repo
            .workflows
            .iter()
            .flat_map(|w| {
                w.disabled_triggers
                    .iter()
                    .filter(|d| !d.partial)
                    .map(move |d| {
                        (
                            w.file.file_name().to_string(),
                            d.describe(),
                            format!("{}-{}", d.first_line, d.last_line),
                            d.reason_text(),
                        )
                    })
            })
            .collect();
        let mut failing_envs = Vec::new();
        if let Some(state) = input.state {
            for env in &targeted_envs {
                let names: BTreeSet<String> = input
                    .routes
                    .routes
                    .iter()
                    .filter(|r| aliases.canonical(&r.environment) == *env)
                    .map(|r| r.environment.clone())
                    .collect();
                for name in names {
                    if let Lookup::Found(d) = state.last_deployment(&name) {
                        if matches!(d.latest_state(), Some("failure" | "error")) {
                            let note = d
                                .latest_status()
                                .and_then(|s| s.description.as_deref())
                                .filter(|t| !t.trim().is_empty())
                                .map(failure_summary)
                                .unwrap_or_else(|| "last deployment failed".into());
                            failing_envs.push((name.clone(), format!("{note} ({})", d.created_at)));
                        }
                    }
                }
            }
        }
        let mut never_deployed: Vec<String> = Vec::new();
        if let Some(state) = input.state {
            let names: BTreeSet<String> = input
                .repo
                .workflows
                .iter()
                .flat_map(|w| w.jobs.iter().flat_map(move |j| job_environments(w, j)))
                .filter(|e| !e.holds_template())
                .map(|e| e.to_lowercase())
                .collect();
            never_deployed = names
                .into_iter()
                .filter(|n| state.last_deployment(n).is_missing())
                .collect();
        }
        let violated = input.violated().count();
        let unknown = input
            .claims
            .iter()
            .filter(|c| c.outcome == Outcome::Unknown)
            .count();
        let unanalysed_workflows = input
            .repo
            .errors
            .iter()
            .filter(|e| e.file.rel.ends_with(".yml") || e.file.rel.ends_with(".yaml"))
            .count();
        let status = if unanalysed_workflows > 0 {
            Status::Incomplete
        } else if input.claims.is_empty() {
            Status::Undocumented
        } else if violated == 0 && failing_envs.is_empty() {
            Status::Operational
        } else if automatic_envs.is_empty() && !manual_release.is_empty() {
            Status::Degraded
        } else {
            Status::Partial
        };
        Facts {
            aliases: aliases.clone(),
            status,
            automatic_envs,
            targeted_envs,
            manual_release,
            disabled,
            failing_envs,
            never_deployed,
            violated,
            unknown,
            checked: input.claims.len(),
            unanalysed_workflows,
            automation_promised: input
                .violated()
                .any(|c| matches!(c.topic, Topic::Trigger | Topic::Route | Topic::Automation)),
        }
    }

    fn production_unreached(&self) -> bool {
        self.targeted_envs
            .iter()
            .any(|e| self.aliases.is_production(e))
            && !self
                .automatic_envs
                .iter()
                .any(|e| self.aliases.is_production(e))
    }

    /// Production is reached only by hand although the docs promise an automatic path.
    fn promised_production_unreached(&self) -> bool {
        self.production_unreached() && self.automation_promised
    }
}

pub fn executive_summary(input: &ReportInput, facts: &Facts) -> String {
    let mut s = if facts.checked == 0 {
        format!(
            "## Executive Summary\n\nThe release management system is **{}**: the docs read ({}) make no release or deployment claim driftlint can check, so nothing is compared with the workflows",
            facts.status.words(),
            match input.repo.docs.len() {
                1 => "1 file".to_string(),
                n => format!("{n} files"),
            }
        )
    } else {
        format!(
            "## Executive Summary\n\nThe release management system is **{}**: {} of {} documentation claims checked disagree with the workflows",
            facts.status.words(),
            facts.violated,
            facts.checked
        )
    };
    if facts.unknown > 0 {
        s.push_str(&format!(
            " and {} cannot be verified from the repository alone",
            facts.unknown
        ));
    }
    s.push('.');
    let unanalysed = input.repo.errors.len();
    if unanalysed > 0 {
        s.push_str(&format!(
            " {} could not be analysed (see Files Not Analysed): every conclusion that depends on {} is **unknown**.",
            if unanalysed == 1 { "1 file".to_string() } else { format!("{unanalysed} files") },
            if unanalysed == 1 { "it" } else { "them" }
        ));
    }
    for (file, trigger, lines, reason) in &facts.disabled {
        let why = reason
            .as_ref()
            .map(|r| format!(" (\"{r}\")"))
            .unwrap_or_default();
        s.push_str(&format!(
            " Automated `{trigger}` runs are **disabled**: the trigger is commented out in {file} lines {lines}{why}."
        ));
    }
    if !facts.manual_release.is_empty() {
        s.push_str(&format!(
            " Releases start only by hand ({}).",
            facts.manual_release.join(", ")
        ));
    }
    if input.state.is_none() {
        s.push_str(" Deployment history and environment protection were not provided (`--state`), so they are reported as unverified, never as working.");
    }
    s.push_str("\n\n");
    s.push_str(&not_analysed(input));
    s
}

/// The files the report could not read or parse, with where and why (nothing when none).
fn not_analysed(input: &ReportInput) -> String {
    if input.repo.errors.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "## Files Not Analysed

",
    );
    for e in &input.repo.errors {
        s.push_str(&format!(
            "- {}:{}: {}\n",
            short_loc(input.repo, &e.file.path, e.line),
            e.column,
            e.message
        ));
    }
    s.push('\n');
    s
}

/// The workflow and job a route ends in.
fn route_job<'a>(input: &'a ReportInput, r: &crate::routes::Route) -> Option<&'a Job> {
    input
        .repo
        .workflows
        .iter()
        .find(|w| w.file.rel == r.workflow || w.file.path == r.workflow)?
        .jobs
        .iter()
        .find(|j| j.id.value == r.job)
}

/// A job's release effects (tag push, GitHub release, publish), each with the line of a
/// condition that limits it to tag refs, if any.
fn release_effects(wf: &Workflow, job: &Job) -> Vec<(String, Option<u32>)> {
    job_effects(job)
        .iter()
        .filter_map(|e| {
            let what = match &e.kind {
                EffectKind::PushesTag => "tag push".to_string(),
                EffectKind::CreatesRelease => "GitHub release".to_string(),
                EffectKind::Publishes(to) => format!("publish to {to}"),
                _ => return None,
            };
            if not_really_a_release(job, e.span) {
                return None;
            }
            Some((what, tag_only_gate(wf, job, e.span)))
        })
        .collect()
}

/// Release paths no person starts: every automatic event (pull requests aside) whose run
/// certainly reaches a job that releases. A release step limited to tag refs counts only for
/// tag pushes; for other events it is unknown.
fn automatic_releases(input: &ReportInput, works: &mut Vec<String>, unknown: &mut Vec<String>) {
    let releasing: Vec<&Workflow> = input
        .repo
        .workflows
        .iter()
        .filter(|w| releases(w))
        .collect();
    if releasing.is_empty() {
        return;
    }
    // The first releasing workflow of each file, as a search of the list finds it.
    let mut releasing_by_file: std::collections::HashMap<&str, &Workflow> =
        std::collections::HashMap::new();
    for w in &releasing {
        releasing_by_file.entry(w.file.rel.as_str()).or_insert(w);
    }
    // (file, job, what) → the events that do it, and the tag gate of the step.
    type Paths = BTreeMap<(String, String, String), (Vec<String>, Option<u32>)>;
    let (mut certain, mut gated) = (Paths::new(), Paths::new());
    for event in input.simulator.candidate_events() {
        if matches!(event, Event::Dispatch { .. } | Event::PullRequest { .. }) {
            continue;
        }
        let tag_push =
            matches!(&event, Event::Push { git_ref } if git_ref.starts_with("refs/tags/"));
        let sim = input.simulator.simulate_starting(event);
        for run in &sim.runs {
            let Some(wf) = releasing_by_file.get(run.workflow.as_str()) else {
                continue;
            };
            for j in &run.jobs {
                if run.starts.and(j.runs) != Certainty::Yes {
                    continue;
                }
                let Some(job) = wf.jobs.iter().find(|x| x.id.value == j.job) else {
                    continue;
                };
                for (what, gate) in release_effects(wf, job) {
                    let key = (wf.file.file_name().to_string(), job.id.value.clone(), what);
                    let list = if gate.is_some() && !tag_push {
                        &mut gated
                    } else {
                        &mut certain
                    };
                    let events = list.entry(key).or_insert_with(|| (Vec::new(), gate));
                    let described = event.describe();
                    if !events.0.contains(&described) {
                        events.0.push(described);
                    }
                }
            }
        }
    }
    for ((file, job, what), (events, _)) in certain {
        works.push(format!(
            "**Automatic release**: {what} on {} ({file}, job `{job}`)",
            events.join(", ")
        ));
    }
    for ((file, job, what), (events, gate)) in gated {
        unknown.push(format!(
            "**Automatic release**: {what} on {} ({file}, job `{job}`): the step runs only for a tag ref ({file} line {})",
            events.join(", "),
            gate.unwrap_or(0)
        ));
    }
}

pub fn capabilities(input: &ReportInput, facts: &Facts) -> String {
    use std::fmt::Write as _;
    let mut works: Vec<String> = Vec::new();
    let mut broken: Vec<String> = Vec::new();
    // Verdicts the files cannot decide: ⚠️, never ✅.
    let mut unknown: Vec<String> = Vec::new();
    // Environment → jobs that name it without visibly deploying.
    let mut secret_only: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Lines already in `works`: asking the list per route was quadratic in the routes.
    let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in input
        .routes
        .routes
        .iter()
        .filter(|r| r.automatic && r.certainty == crate::routes::Certainty::Yes)
    {
        // An environment is deployed to when a job in it deploys or publishes; one that
        // only names it (a test job using its secrets) is not a deployment.
        if route_job(input, r).is_some_and(|job| visible_deploy(job).is_none()) {
            let jobs = secret_only.entry(r.environment.clone()).or_default();
            let job = format!("`{}` ({})", r.job, r.file_name());
            if !jobs.contains(&job) {
                jobs.push(job);
            }
            continue;
        }
        let mut line = format!(
            "**Automatic deployment**: {} → {} ({})",
            r.trigger,
            r.environment,
            r.file_name()
        );
        // With history, a route that fails is not something that works.
        if input.state.is_some() {
            let mark = route_mark(input, r);
            if mark.starts_with('❌') {
                continue;
            }
            line.push_str(&format!(": {mark}"));
        }
        if listed.insert(line.clone()) {
            works.push(line);
        }
    }
    for (env, jobs) in secret_only {
        unknown.push(format!(
            "**{env}** is named by {} {}, but no step of {} visibly deploys or publishes: the environment may only scope secrets, or the deploy happens in a script driftlint cannot read",
            if jobs.len() == 1 { "job" } else { "jobs" },
            jobs.join(", "),
            if jobs.len() == 1 { "it" } else { "them" }
        ));
    }
    automatic_releases(input, &mut works, &mut unknown);
    for wf in input.repo.workflows.iter().filter(|w| releases(w)) {
        if wf.trigger("workflow_dispatch").is_none() {
            continue;
        }
        let effects: Vec<(String, Option<u32>)> = wf
            .jobs
            .iter()
            .flat_map(|j| release_effects(wf, j))
            .collect();
        // Every release step limited to tag refs: a dispatch from a branch releases nothing.
        match effects.iter().map(|(_, g)| *g).collect::<Option<Vec<u32>>>() {
            Some(lines) if !lines.is_empty() => unknown.push(format!(
                "**Manual release** via workflow_dispatch ({}): the release step runs only for a tag ref ({} line {}), so a dispatch from a branch releases nothing",
                wf.file.file_name(),
                wf.file.file_name(),
                lines[0]
            )),
            _ => works.push(format!(
                "**Manual release** via workflow_dispatch ({})",
                wf.file.file_name()
            )),
        }
    }
    // The same verified claim made on several lines of one doc is one item with all its lines.
    let held = input
        .claims
        .iter()
        .filter(|c| c.outcome == Outcome::Holds && c.topic != Topic::WorkflowRef);
    let same_claim = |c: &&ClaimCheck| (format!("{}: {}", c.claim, c.actual), c.doc.clone());
    for ((text, doc), group) in group_in_order(held, same_claim) {
        let more: String = group[1..]
            .iter()
            .map(|c| format!(", {}", c.span.start.line))
            .collect();
        works.push(format!(
            "{text} ({}{more})",
            short_loc(input.repo, &doc, group[0].span.start.line)
        ));
    }
    for (file, trigger, lines, _) in &facts.disabled {
        broken.push(format!(
            "**Automated start** on `{trigger}` ({file} lines {lines} commented out)"
        ));
    }
    for f in input.findings_of(Topic::DeadJob) {
        broken.push(format!(
            "{} ({})",
            f.message,
            short_loc(input.repo, &f.path, f.line)
        ));
    }
    // Manual-only production is a choice unless the docs promise otherwise (then it is a risk).
    if facts.promised_production_unreached() {
        broken.push("**Production deployment** by any automatic event".into());
    }
    for (env, note) in &facts.failing_envs {
        broken.push(format!("**{env} deployment**: {note}"));
    }
    for env in &facts.never_deployed {
        broken.push(format!(
            "**{env} deployment**: never attempted (no deployment in the exported history)"
        ));
    }
    if works.is_empty() && broken.is_empty() && unknown.is_empty() {
        return if facts.unanalysed_workflows > 0 {
            "## What Works and What Doesn't\n\nNo release or deployment path found in the files analysed.\n\n".into()
        } else {
            "## What Works and What Doesn't\n\nNo release or deployment path found in the workflows.\n\n".into()
        };
    }
    let mut s = String::from("## What Works and What Doesn't\n\n### What Works ✅\n");
    if works.is_empty() {
        s.push_str("Nothing could be confirmed from the files.\n");
    }
    for (i, w) in works.iter().enumerate() {
        let _ = writeln!(s, "{}. {w}", i + 1);
    }
    s.push_str("\n### What Doesn't Work ❌\n");
    if broken.is_empty() && facts.unanalysed_workflows > 0 {
        s.push_str("No broken release path found in the files analysed.\n");
    } else if broken.is_empty() {
        s.push_str("No broken release path found.\n");
    }
    for (i, b) in broken.iter().enumerate() {
        let _ = writeln!(s, "{}. {b}", i + 1);
    }
    if !unknown.is_empty() {
        s.push_str("\n### Cannot Tell ⚠️\n");
        for (i, u) in unknown.iter().enumerate() {
            let _ = writeln!(s, "{}. {u}", i + 1);
        }
    }
    s.push('\n');
    s
}

fn capital(s: &str) -> String {
    crate::facts::text::capitalise(s)
}

pub fn discrepancies(input: &ReportInput) -> String {
    let claims: Vec<&ClaimCheck> = input.claims.iter().collect();
    let label = |doc: &str| {
        let loc = short_loc(input.repo, doc, 0);
        loc.strip_suffix(":0").unwrap_or(&loc).to_string()
    };
    let rows = crate::report::discrepancy::rows(input.repo, &claims, &label);
    let mut s = String::from("## Documentation Discrepancies\n\n");
    if input.claims.is_empty() {
        s.push_str("No release or deployment claim found in the docs: nothing to compare.\n\n");
        return s;
    }
    if rows.is_empty() {
        s.push_str("No documentation claim disagrees with the workflows.\n\n");
        return s;
    }
    s.push_str(&crate::report::markdown_table(
        &crate::report::discrepancy::HEADERS,
        &rows,
    ));
    s.push_str("\n\n");
    s
}

pub fn risks(input: &ReportInput, facts: &Facts) -> String {
    let mut high: Vec<String> = Vec::new();
    let mut medium: Vec<String> = Vec::new();
    let mut low: Vec<String> = Vec::new();
    let mut mitigation: Vec<String> = Vec::new();
    for e in &input.repo.errors {
        high.push(format!(
            "{} could not be analysed: what it runs is unknown ({})",
            e.file.file_name(),
            short_loc(input.repo, &e.file.path, e.line)
        ));
    }
    if facts.production_unreached() {
        // A risk when the docs promise automation; otherwise a fact worth knowing.
        if facts.automation_promised {
            high.push("No automated production deployment path".into());
        } else {
            low.push("Production is deployed only by hand (no automatic path)".into());
        }
    }
    for (env, note) in &facts.failing_envs {
        high.push(format!("{} environment blocked: {note}", capital(env)));
        mitigation.push(format!("Fix the failing {env} deployment first"));
    }
    if input
        .claims_of(Topic::Trigger)
        .any(|c| c.outcome == Outcome::Violated)
    {
        high.push("Documented tag-based releases do not happen".into());
    }
    if !facts.manual_release.is_empty() {
        medium.push(format!(
            "Manual release process prone to errors ({})",
            facts.manual_release.join(", ")
        ));
        // "Restored" only when a release trigger of that workflow is commented out.
        let was_automatic = facts
            .disabled
            .iter()
            .any(|(file, ..)| facts.manual_release.contains(file));
        mitigation.push(if was_automatic {
            "Document the manual release procedure until automation is restored".into()
        } else {
            "Keep the manual release procedure documented: who runs it, with which inputs".into()
        });
    }
    for c in input
        .claims_of(Topic::Approval)
        .filter(|c| c.outcome == Outcome::Violated)
    {
        high.push(format!(
            "Documented approval does not exist: {} ({})",
            c.actual,
            short_loc(input.repo, &c.doc, c.span.start.line)
        ));
        mitigation.push("Add required reviewers before the next production deployment".into());
    }
    if input
        .claims_of(Topic::Approval)
        .any(|c| c.outcome == Outcome::Unknown)
    {
        medium.push("Approval rules documented but not verified".into());
        mitigation
            .push("Export environment settings with `driftlint state pull` and re-run".into());
    }
    if input.state.is_some() {
        for r in input.routes.routes.iter().filter(|r| !r.automatic) {
            let mark = route_mark(input, r);
            if mark.starts_with('✅') {
                mitigation.push(format!(
                    "Keep using the working manual route `{}` → {} ({mark})",
                    r.trigger, r.environment
                ));
            }
        }
    }
    let ops = operation_workflows(input.repo);
    for wf in &ops {
        let tested = input
            .state
            .and_then(|s| s.runs_of(&wf.file.rel).found())
            .is_some_and(|r| !r.is_empty());
        if !tested {
            medium.push(format!(
                "{} procedures untested ({})",
                wf.display_name(),
                wf.file.file_name()
            ));
            mitigation.push(format!(
                "Run {} against a non-production environment",
                wf.file.file_name()
            ));
        }
    }
    if input
        .claims_of(Topic::Input)
        .any(|c| c.outcome == Outcome::Violated)
    {
        medium.push("Documented commands are rejected by the workflows".into());
    }
    if input
        .claims_of(Topic::WorkflowRef)
        .any(|c| c.outcome == Outcome::Violated)
    {
        low.push("Docs point at workflows that do not run".into());
    }
    if input.findings_of(Topic::DeadJob).next().is_some() {
        low.push("Jobs that can never run clutter the workflows".into());
    }
    let mut s = String::from("## Risk Assessment\n\n**Current Risks**:\n");
    if high.is_empty() && medium.is_empty() && low.is_empty() {
        s.push_str("- 🟢 **LOW**: no risk found in the files\n");
    }
    for h in &high {
        s.push_str(&format!("- 🔴 **HIGH**: {h}\n"));
    }
    for m in &medium {
        s.push_str(&format!("- 🟡 **MEDIUM**: {m}\n"));
    }
    for l in &low {
        s.push_str(&format!("- 🟢 **LOW**: {l}\n"));
    }
    mitigation.dedup();
    if !mitigation.is_empty() {
        s.push_str("\n**Mitigation**:\n");
        for m in mitigation {
            s.push_str(&format!("- {m}\n"));
        }
    }
    s.push('\n');
    s
}

/// The commented-out trigger lines with their `#` removed: what to paste back.
/// Commented-out triggers as the YAML that restores them: (file name, yaml, whether a
/// violated doc claim points at them, i.e. the docs still rely on them).
fn restored_yaml(input: &ReportInput) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for wf in &input.repo.workflows {
        for d in wf.disabled_triggers.iter().filter(|d| !d.partial) {
            let documented = input.violated().any(|c| {
                c.related.iter().any(|r| {
                    r.path == wf.file.path && (d.first_line..=d.last_line).contains(&r.line)
                })
            });
            let mut text = String::new();
            for line in d.first_line..=d.last_line {
                let raw = wf.file.line_text(line);
                let Some(hash) = raw.find('#') else { continue };
                let after = &raw[hash + 1..];
                let after = after.strip_prefix(' ').unwrap_or(after);
                // Keep the code, drop trailing comments (`- 'v*'  # prod`).
                let code = match after.find(" #") {
                    Some(i) => after[..i].trim_end(),
                    None => after.trim_end(),
                };
                text.push_str(&format!("{}{code}\n", &raw[..hash]));
            }
            out.push((wf.file.file_name().to_string(), text, documented));
        }
    }
    out
}

pub fn actions(input: &ReportInput, facts: &Facts) -> String {
    let mut immediate: Vec<String> = Vec::new();
    let mut short: Vec<String> = Vec::new();
    let mut long: Vec<String> = Vec::new();
    for e in &input.repo.errors {
        immediate.push(format!(
            "**Fix {}** ({}: {})",
            e.file.file_name(),
            short_loc(input.repo, &e.file.path, e.line),
            e.message
        ));
    }
    for (env, _) in &facts.failing_envs {
        immediate.push(format!("**Resolve the failing {env} deployment**"));
    }
    for c in input
        .claims_of(Topic::Input)
        .filter(|c| c.outcome == Outcome::Violated)
    {
        immediate.push(format!(
            "**Fix the documented command** at {}: {}",
            short_loc(input.repo, &c.doc, c.span.start.line),
            c.actual
        ));
    }
    if facts.violated > 0 {
        let mut docs: Vec<String> = input
            .violated()
            .map(|c| file_name(&c.doc).to_string())
            .collect();
        docs.sort();
        docs.dedup();
        immediate.push(format!(
            "**Update documentation** to reflect the current state ({})",
            docs.join(", ")
        ));
    }
    for (file, yaml, documented) in restored_yaml(input) {
        let when = if facts.failing_envs.is_empty() {
            String::new()
        } else {
            " after the failing deployment is fixed".to_string()
        };
        // Only the docs make re-enabling the right fix; otherwise the change may be deliberate.
        let what = if documented {
            format!(
                "**Re-enable the commented-out triggers** in {file}{when} (the docs rely on them)"
            )
        } else {
            format!("**Decide on the commented-out triggers** in {file}: re-enable them{when}, or delete them if the change is permanent")
        };
        short.push(format!(
            "{what}:\n   ```yaml\n{}   ```",
            indent(&yaml, "   ")
        ));
    }
    if input
        .claims_of(Topic::Approval)
        .any(|c| c.outcome != Outcome::Holds)
    {
        short.push("**Validate approval rules**: add required reviewers to the documented environments, then verify with `driftlint state pull` and `driftlint report --state`".into());
    }
    if facts.production_unreached() {
        short.push("**Test the production deployment path**".into());
    }
    let dead: Vec<String> = input
        .findings_of(Topic::DeadJob)
        .filter_map(|f| f.message.split('`').nth(1).map(|j| format!("`{j}`")))
        .collect();
    if !dead.is_empty() {
        short.push(format!(
            "**Make dead jobs reachable or remove them**: {}",
            dead.join(", ")
        ));
    }
    if input
        .claims
        .iter()
        .any(|c| c.claim == "Automated environment promotion" && c.outcome == Outcome::Violated)
    {
        long.push("**Implement environment promotion** automation (staging → production)".into());
    }
    if input
        .claims
        .iter()
        .any(|c| c.claim == "Automatic rollback" && c.outcome == Outcome::Violated)
    {
        long.push("**Add rollback automation**".into());
    }
    if input.state.is_none() {
        long.push("**Track deployment health**: export state regularly (`driftlint state pull`) so this report can mark routes working or failing".into());
    }
    let mut s = String::from("## Recommended Actions\n\n");
    for (title, items) in [
        ("Immediate (Fix Critical Issues)", immediate),
        ("Short Term (Restore Functionality)", short),
        ("Long Term (Full Implementation)", long),
    ] {
        if items.is_empty() {
            continue;
        }
        s.push_str(&format!("### {title}\n"));
        for (i, it) in items.iter().enumerate() {
            s.push_str(&format!("{}. {it}\n", i + 1));
        }
        s.push('\n');
    }
    s
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

pub fn conclusion(input: &ReportInput, facts: &Facts) -> String {
    let mut have: Vec<&str> = Vec::new();
    // Naming an environment is not deploying (see `visible_deploy`).
    let all_effects: Vec<EffectKind> = input
        .repo
        .workflows
        .iter()
        .flat_map(|w| w.jobs.iter())
        .flat_map(|j| {
            let deploys = visible_deploy(j).is_some();
            job_effects(j)
                .into_iter()
                .filter(move |e| deploys || !matches!(e.kind, EffectKind::Deploys(_)))
        })
        .map(|e| e.kind)
        .collect();
    if all_effects
        .iter()
        .any(|k| matches!(k, EffectKind::ComputesVersion))
    {
        have.push("semantic versioning");
    }
    if all_effects
        .iter()
        .any(|k| matches!(k, EffectKind::PushesTag | EffectKind::CreatesRelease))
    {
        have.push("release creation");
    }
    if all_effects
        .iter()
        .any(|k| matches!(k, EffectKind::Deploys(_)))
    {
        have.push("deployment");
    }
    let foundation = if have.is_empty() {
        "The repository".to_string()
    } else {
        let have: Vec<String> = have.iter().map(|h| h.to_string()).collect();
        let but = if matches!(facts.status, Status::Operational | Status::Undocumented) {
            "and"
        } else {
            "but"
        };
        format!(
            "The release management system has the **foundation** for {}, {but}",
            crate::facts::text::join_words(&have)
        )
    };
    let blocker = if matches!(
        facts.status,
        Status::Operational | Status::Undocumented | Status::Incomplete
    ) {
        String::new()
    } else if let Some((env, note)) = facts.failing_envs.first() {
        format!(" The primary blocker is the failing {env} deployment ({note}).")
    } else if let Some((file, trigger, lines, _)) = facts.disabled.first() {
        format!(" The primary blocker is the commented-out `{trigger}` trigger in {file} (lines {lines}).")
    } else {
        String::new()
    };
    let state = match facts.status {
        Status::Undocumented => {
            " has **no release documentation driftlint can check** against it.".to_string()
        }
        Status::Operational => " is **operating as documented**.".to_string(),
        Status::Partial => {
            " is **operating in degraded mode** with manual interventions required.".to_string()
        }
        Status::Degraded => {
            " is **not operating as documented**: every release needs manual intervention."
                .to_string()
        }
        Status::Incomplete => format!(
            " **cannot be assessed**: {} could not be analysed (see Files Not Analysed); fix {} and run the report again.",
            if facts.unanalysed_workflows == 1 { "1 workflow file".to_string() } else { format!("{} workflow files", facts.unanalysed_workflows) },
            if facts.unanalysed_workflows == 1 { "it" } else { "them" }
        ),
    };
    let lead = if have.is_empty() {
        foundation
    } else {
        format!("{foundation} it")
    };
    format!("## Conclusion\n\n{lead}{state}{blocker}\n")
}
