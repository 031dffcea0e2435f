//! Environment routing: as documented (doc claims with their verdicts) and as wired (every
//! route the simulation finds), with run-history marks when a state export is given.

use std::collections::{BTreeMap, HashMap};

use super::{short_loc, ReportInput};
use crate::checks::{ClaimCheck, Outcome};
use crate::docs::ClaimKind;
use crate::facts::history::{
    deploying_run, deployments_by, failure_summary, route_runs, RouteRuns,
};
use crate::finding::Topic;
use crate::routes::{environment_label, Route};
use crate::state::{Deployment, Lookup};

/// Run-history mark for a route: ✅ WORKING / ❌ FAILING / ⚠️ UNTESTED, or unverified.
///
/// With deployments.json, a route is judged by the deployments its own runs made (a
/// deployment belongs to the newest run on its ref that started before it); a route that
/// never deployed its environment is UNTESTED, or FAILING when the environment's last
/// deployment (by another route) failed. With runs.json alone, by the newest matching run's
/// conclusion, except for manual routes whose environment is a dispatch input: runs do not
/// record inputs.
pub(crate) fn route_mark(input: &ReportInput, route: &Route) -> String {
    let Some(state) = input.state else {
        return "unverified: no run history given".into();
    };
    let runs = match route_runs(input.repo, input.default_branch, state, route) {
        RouteRuns::NoHistory => return "unverified: no run history in the state export".into(),
        RouteRuns::Chained => {
            return format!(
                "unverified: started through {}; runs do not record what started them",
                route.hops.join(" → ")
            )
        }
        RouteRuns::Runs(runs) => runs,
    };
    let env = &route.environment;
    if state.deployments.is_some() {
        if let Some(d) = deployments_by(state, env, &runs).first() {
            return deployment_mark(d);
        }
        let how = if runs.is_empty() {
            format!("no run of {} this way in the history", route.file_name())
        } else {
            format!(
                "{} run{} of {} this way, none deployed {env}",
                runs.len(),
                if runs.len() == 1 { "" } else { "s" },
                route.file_name()
            )
        };
        return match state.last_deployment(env) {
            // The same workflow fails to deploy this environment: this route would too.
            Lookup::Found(d)
                if failed(d)
                    && deploying_run(state, d).is_some_and(|r| {
                        state
                            .runs_of(&route.workflow)
                            .found()
                            .is_some_and(|own| own.iter().any(|o| o.id == r.id))
                    }) =>
            {
                format!(
                    "❌ FAILING: {how}; {}'s last {env} deployment ({}) failed: {}",
                    route.file_name(),
                    d.created_at,
                    failure_text(d)
                )
            }
            Lookup::Found(d) if failed(d) => format!(
                "⚠️ UNTESTED: {how}; {env}'s last deployment ({}) failed: {}",
                d.created_at,
                failure_text(d)
            ),
            Lookup::Found(d) => format!(
                "⚠️ UNTESTED: {how} ({env} was last deployed another way on {})",
                d.created_at
            ),
            _ => format!("⚠️ UNTESTED: {how}; {env} has never been deployed"),
        };
    }
    let input_dependent = !route.automatic
        && input.routes.routes.iter().any(|r| {
            !r.automatic && r.workflow == route.workflow && !r.environment.eq_ignore_ascii_case(env)
        });
    if input_dependent {
        return "unverified: runs do not record dispatch inputs, and no deployments.json was given"
            .into();
    }
    match runs.first() {
        None => format!(
            "⚠️ UNTESTED: no run of {} this way in the history",
            route.file_name()
        ),
        Some(r) => match r.conclusion.as_deref() {
            Some("success") => format!("✅ WORKING (last run {})", r.created_at),
            Some(c) => format!("❌ FAILING (last run {c} on {})", r.created_at),
            None => format!("⚠️ IN PROGRESS ({})", r.created_at),
        },
    }
}

fn failed(d: &Deployment) -> bool {
    matches!(d.latest_state(), Some("failure" | "error"))
}

/// The failure text of a deployment's newest status (or the deployment's), shortened.
fn failure_text(d: &Deployment) -> String {
    d.latest_status()
        .and_then(|s| s.description.as_deref())
        .or(d.description.as_deref())
        .filter(|t| !t.trim().is_empty())
        .map(failure_summary)
        .unwrap_or_else(|| d.latest_state().unwrap_or("failed").to_string())
}

/// The mark for a route's newest own deployment.
fn deployment_mark(d: &Deployment) -> String {
    match d.latest_state() {
        Some("success") => format!("✅ WORKING (last deployed {})", d.created_at),
        // Superseded by a newer deployment after it had succeeded.
        Some("inactive") if d.ever_succeeded() => {
            format!("✅ WORKING (last deployed {})", d.created_at)
        }
        Some("failure" | "error") => {
            format!(
                "❌ FAILING (deployed {}: {})",
                d.created_at,
                failure_text(d)
            )
        }
        Some(other) => format!("⚠️ IN PROGRESS ({other} since {})", d.created_at),
        None => format!("⚠️ NO STATUS (deployed {})", d.created_at),
    }
}

fn documented(input: &ReportInput) -> String {
    let mut lines = Vec::new();
    // The first route verdict of each doc line, found once: searching every verdict per route
    // claim was quadratic in the claims of a doc.
    let mut verdicts: HashMap<(&str, u32), &ClaimCheck> = HashMap::new();
    for k in input.claims.iter().filter(|k| k.topic == Topic::Route) {
        verdicts
            .entry((k.doc.as_str(), k.span.start.line))
            .or_insert(k);
    }
    for (doc, _, c) in input.repo.doc_claims() {
        let ClaimKind::Route { .. } = &c.kind else {
            continue;
        };
        let verdict = verdicts
            .get(&(doc.path.as_str(), c.span.start.line))
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
        let env = environment_label(input.repo, &r.workflow, &r.environment);
        if !entry.0.contains(&env) {
            entry.0.push(env);
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
    if input.state.is_some() {
        out.push_str("**Actual Routes** (simulated from the workflow files; marks from the exported run and deployment history):\n");
    } else {
        out.push_str("**Actual Routes** (simulated from the workflow files):\n");
    }
    out.push_str(&actual(input));
    out
}
