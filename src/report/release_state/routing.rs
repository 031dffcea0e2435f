//! Environment routing: as documented (doc claims with their verdicts) and as wired (every
//! route the simulation finds), with run-history marks when a state export is given.

use std::collections::BTreeMap;

use super::{short_loc, ReportInput};
use crate::checks::Outcome;
use crate::docs::ClaimKind;
use crate::filter::Pattern;
use crate::routes::Route;
use crate::state::Lookup;

/// Run-history mark for a route: ✅ WORKING / ❌ FAILING / ⚠️ UNTESTED, or unverified.
pub(crate) fn route_mark(input: &ReportInput, route: &Route) -> String {
    let Some(state) = input.state else {
        return "unverified: no run history given".into();
    };
    let runs = match state.runs_of(&route.workflow) {
        Lookup::Found(runs) => runs,
        Lookup::Missing => Vec::new(),
        Lookup::Unknown => return "unverified: no run history in the state export".into(),
    };
    let matching: Vec<_> = runs
        .into_iter()
        .filter(|r| {
            if let Some(p) = route.trigger.strip_prefix("push branch ") {
                r.event == "push"
                    && r.head_branch
                        .as_deref()
                        .is_some_and(|b| Pattern::parse(p).map(|p| p.matches(b)).unwrap_or(p == b))
            } else if let Some(p) = route.trigger.strip_prefix("push tag ") {
                r.event == "push"
                    && r.head_branch
                        .as_deref()
                        .is_some_and(|b| Pattern::parse(p).map(|p| p.matches(b)).unwrap_or(p == b))
            } else if route.automatic {
                r.event != "workflow_dispatch"
            } else {
                r.event == "workflow_dispatch"
            }
        })
        .collect();
    // The environment's newest deployment explains a failure ("S3 backend error").
    let deploy_note = match state.last_deployment(&route.environment) {
        Lookup::Found(d) if matches!(d.latest_state(), Some("failure" | "error")) => d
            .latest_status()
            .and_then(|s| s.description.clone())
            .or_else(|| d.description.clone())
            .map(|t| format!(": {t}"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    match matching.first() {
        None => "⚠️ UNTESTED: no run in the history".into(),
        Some(r) => match r.conclusion.as_deref() {
            Some("success") => format!("✅ WORKING (last run {})", r.created_at),
            Some(c) => format!("❌ FAILING ({c} on {}{deploy_note})", r.created_at),
            None => format!("⚠️ IN PROGRESS ({})", r.created_at),
        },
    }
}

fn documented(input: &ReportInput) -> String {
    let mut lines = Vec::new();
    for (doc, model) in input.repo.docs_with_models() {
        for c in &model.claims {
            let ClaimKind::Route { .. } = &c.kind else {
                continue;
            };
            let verdict = input
                .claims
                .iter()
                .find(|k| {
                    k.rule == "doc-route-mismatch"
                        && k.doc == doc.path
                        && k.span.start.line == c.span.start.line
                })
                .map(|k| match k.outcome {
                    Outcome::Holds => "✅ happens".to_string(),
                    Outcome::Violated => format!("❌ {}", k.short),
                    Outcome::Unknown => "⚠️ not decidable from the files".to_string(),
                })
                .unwrap_or_else(|| "(not simulated: no concrete ref)".to_string());
            let text = c
                .text
                .trim()
                .trim_matches('|')
                .trim()
                .replace(" | ", " → ")
                .replace('`', "");
            lines.push((
                text,
                short_loc(input.repo, &doc.path, c.span.start.line),
                verdict,
            ));
        }
    }
    if lines.is_empty() {
        return "The docs describe no environment routes (no `ref → environment` lines or routing tables).\n\n".into();
    }
    let width = lines.iter().map(|l| l.0.chars().count()).max().unwrap_or(0);
    let mut s = String::from("```text\n");
    for (text, loc, verdict) in lines {
        let pad = width - text.chars().count();
        s.push_str(&format!("{text}{}  {verdict}  ({loc})\n", " ".repeat(pad)));
    }
    s.push_str("```\n\n");
    s
}

fn actual(input: &ReportInput) -> String {
    // (trigger, workflow, automatic) → environments, with one route kept for marks.
    let mut groups: BTreeMap<(bool, String, String), (Vec<String>, &Route)> = BTreeMap::new();
    for r in &input.routes.routes {
        let key = (!r.automatic, r.trigger.clone(), r.file_name().to_string());
        let entry = groups.entry(key).or_insert_with(|| (Vec::new(), r));
        if !entry.0.contains(&r.environment) {
            entry.0.push(r.environment.clone());
        }
    }
    let mut lines: Vec<(String, String)> = groups
        .iter()
        .map(|((_, trigger, file), (envs, route))| {
            let certainty = match route.certainty {
                crate::routes::Certainty::Unknown => " (if its conditions hold)",
                _ => "",
            };
            (
                format!("{trigger} → {} ({file}){certainty}", envs.join(", ")),
                route_mark(input, route),
            )
        })
        .collect();
    for wf in &input.repo.workflows {
        for d in wf.disabled_triggers.iter().filter(|d| !d.partial) {
            lines.push((
                format!("{} ({})", d.describe(), wf.file.file_name()),
                format!(
                    "NOT FUNCTIONAL: commented out at lines {}-{}",
                    d.first_line, d.last_line
                ),
            ));
        }
    }
    for u in &input.routes.unreachable {
        lines.push((
            format!(
                "{} job `{}` → {} ({})",
                u.workflow_name,
                u.job,
                u.environment,
                super::file_name(&u.workflow)
            ),
            "NEVER RUNS".to_string(),
        ));
    }
    if lines.is_empty() {
        return "No job deploys to an environment.\n\n".into();
    }
    let width = lines.iter().map(|l| l.0.chars().count()).max().unwrap_or(0);
    let mut s = String::from("```text\n");
    for (text, mark) in lines {
        let pad = width - text.chars().count();
        s.push_str(&format!("{text}{}  {mark}\n", " ".repeat(pad)));
    }
    s.push_str("```\n\n");
    s
}

pub fn environment_routing(input: &ReportInput) -> String {
    let mut out = String::from("### Current Environment Routing\n\n**As Documented**:\n");
    out.push_str(&documented(input));
    out.push_str("**Actual Routes** (simulated from the workflow files):\n");
    out.push_str(&actual(input));
    out
}
