//! `doc-claim-unsupported`: a prose claim (automated promotion, automatic rollback, rollback
//! support) that no workflow implements.

use super::claims::{ClaimCheck, Outcome};
use super::{Ctx, Rule};
use crate::docs::ClaimKind;
use crate::routes::{simulate, Certainty};
use crate::workflow::Workflow;

pub struct DocClaimUnsupported;

/// Does a workflow mention rollback in a job id/name, step name, or input option?
fn mentions_rollback(wf: &Workflow) -> bool {
    let hit = |s: &str| {
        let l = s.to_ascii_lowercase();
        l.contains("rollback") || l.contains("roll back") || l.contains("roll-back")
    };
    wf.jobs.iter().any(|j| {
        hit(&j.id.value)
            || j.name.as_ref().is_some_and(|n| hit(&n.value))
            || j.steps
                .iter()
                .any(|s| s.name.as_ref().is_some_and(|n| hit(&n.value)))
    }) || wf
        .triggers
        .iter()
        .flat_map(|t| &t.inputs)
        .any(|i| hit(&i.name.value) || i.options.iter().any(|o| hit(&o.value)))
}

impl Rule for DocClaimUnsupported {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        for (doc, _, c) in repo.doc_claims() {
            let ClaimKind::Prose { claim, .. } = &c.kind else {
                continue;
            };
            let check = match claim.as_str() {
                "automated-promotion" => {
                    let check = ClaimCheck::new(
                        Self::ID,
                        doc,
                        c.span,
                        "Automated environment promotion",
                        &c.text,
                    );
                    // An automatic event whose runs deploy staging and then production.
                    let mut best = Certainty::No;
                    let mut seen = Vec::new();
                    for r in cx.route_map().routes.iter().filter(|r| r.automatic) {
                        if seen.contains(&r.event) {
                            continue;
                        }
                        seen.push(r.event.clone());
                        let sim = simulate(repo, &r.event, &cx.default_branch);
                        let reach = |env: &str| {
                            sim.started()
                                .flat_map(|run| run.jobs.iter().map(move |j| (run, j)))
                                .filter(|(_, j)| {
                                    j.environments
                                        .iter()
                                        .any(|e| cx.aliases.canonical(e) == env)
                                })
                                .map(|(run, j)| run.starts.and(j.runs))
                                .max_by_key(|c| match c {
                                    Certainty::Yes => 2,
                                    Certainty::Unknown => 1,
                                    Certainty::No => 0,
                                })
                                .unwrap_or(Certainty::No)
                        };
                        let both = reach("staging").and(reach("production"));
                        if both == Certainty::Yes
                            || (both == Certainty::Unknown && best == Certainty::No)
                        {
                            best = both;
                        }
                    }
                    match best {
                        Certainty::Yes => check.verdict(Outcome::Holds, "an automatic event deploys staging and then production", ""),
                        Certainty::Unknown => check.verdict(Outcome::Unknown, "an automatic event may deploy staging and production (conditions not decidable)", ""),
                        Certainty::No => {
                            let prod = super::common::describe_routes(
                                cx.route_map()
                                    .routes
                                    .iter()
                                    .filter(|r| cx.aliases.canonical(&r.environment) == "production"),
                            );
                            let actual = if prod.is_empty() {
                                "not functional: no event deploys to production".to_string()
                            } else {
                                format!("not functional: production is deployed only by {prod}")
                            };
                            check
                                .short("Not functional: no automatic staging → production path")
                                .verdict(Outcome::Violated, actual, "promotion to production needs manual intervention")
                        }
                    }
                }
                "automatic-rollback" | "rollback-supported" => {
                    let automatic = claim == "automatic-rollback";
                    let label = if automatic {
                        "Automatic rollback"
                    } else {
                        "Rollback supported"
                    };
                    let check = ClaimCheck::new(Self::ID, doc, c.span, label, &c.text);
                    let with_rollback: Vec<&Workflow> = repo
                        .workflows
                        .iter()
                        .filter(|w| mentions_rollback(w))
                        .collect();
                    let auto = with_rollback
                        .iter()
                        .find(|w| w.automatic_triggers().next().is_some());
                    match (with_rollback.first(), auto, automatic) {
                        (None, _, _) => check.verdict(
                            Outcome::Violated,
                            "no workflow implements a rollback",
                            "a failed release cannot be rolled back as documented",
                        ),
                        (Some(w), None, true) => check
                            .verdict(
                                Outcome::Violated,
                                format!(
                                    "rollback exists only as a manual workflow ({})",
                                    w.file.file_name()
                                ),
                                "rollback needs someone to run it by hand",
                            )
                            .related(
                                &w.file,
                                w.on_span.unwrap_or(w.file.line_span(1)),
                                "manual rollback workflow",
                            ),
                        (Some(w), _, _) => check
                            .verdict(
                                Outcome::Holds,
                                format!("{} implements a rollback", w.file.file_name()),
                                "",
                            )
                            .related(
                                &w.file,
                                w.on_span.unwrap_or(w.file.line_span(1)),
                                "rollback workflow",
                            ),
                    }
                }
                _ => continue,
            };
            out.push(check);
        }
    }
}
