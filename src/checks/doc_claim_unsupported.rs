//! `doc-claim-unsupported`: a prose claim (automated promotion, automatic rollback, rollback
//! support) that no workflow implements.

use super::claims::{ClaimCheck, Outcome};
use super::{Ctx, Rule};
use crate::docs::{ClaimKind, EnvRole, ProseKind};
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

/// One environment (or kind of environment) a promotion passes through.
struct Stage {
    /// As shown in messages.
    name: String,
    /// A canonical name, or None for "any environment of a role".
    canonical: Option<String>,
    roles: &'static [EnvRole],
}

impl Stage {
    fn holds(&self, cx: &Ctx, env: &str) -> bool {
        match &self.canonical {
            Some(c) => cx.aliases.canonical(env) == *c,
            None => cx.aliases.role(env).is_some_and(|r| self.roles.contains(&r)),
        }
    }
}

/// The environments a promotion sentence names, in the written order ("from QA to prod"); with
/// fewer than two, any pre-production (or development) environment and then production.
fn promotion_stages(cx: &Ctx, text: &str) -> Vec<Stage> {
    let named: Vec<String> = crate::repo::builtin_patterns()
        .map(|p| p.env_words.find(text, &cx.aliases))
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.canonical)
        .collect();
    if named.len() >= 2 {
        return named
            .into_iter()
            .map(|n| Stage {
                name: n.clone(),
                canonical: Some(n),
                roles: &[],
            })
            .collect();
    }
    vec![
        Stage {
            name: "staging".into(),
            canonical: None,
            roles: &[EnvRole::PreProduction, EnvRole::Development],
        },
        Stage {
            name: "production".into(),
            canonical: None,
            roles: &[EnvRole::Production],
        },
    ]
}

impl Rule for DocClaimUnsupported {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        for (doc, _, c) in repo.doc_claims() {
            let ClaimKind::Prose { claim, .. } = &c.kind else {
                continue;
            };
            let check = match claim {
                ProseKind::AutomatedPromotion => {
                    let check = ClaimCheck::new(
                        Self::ID,
                        doc,
                        c.span,
                        "Automated environment promotion",
                        &c.text,
                    );
                    let stages = promotion_stages(cx, &c.text);
                    let [first, .., last] = stages.as_slice() else {
                        continue;
                    };
                    // An automatic event whose runs deploy every stage.
                    let mut best = Certainty::No;
                    let mut seen = Vec::new();
                    for r in cx.route_map().routes.iter().filter(|r| r.automatic) {
                        if seen.contains(&r.event) {
                            continue;
                        }
                        seen.push(r.event.clone());
                        let sim = simulate(repo, &r.event, &cx.default_branch);
                        let reach = |stage: &Stage| {
                            sim.started()
                                .flat_map(|run| run.jobs.iter().map(move |j| (run, j)))
                                .filter(|(_, j)| j.environments.iter().any(|e| stage.holds(cx, e)))
                                .map(|(run, j)| run.starts.and(j.runs))
                                .max_by_key(|c| match c {
                                    Certainty::Yes => 2,
                                    Certainty::Unknown => 1,
                                    Certainty::No => 0,
                                })
                                .unwrap_or(Certainty::No)
                        };
                        let all = stages
                            .iter()
                            .map(reach)
                            .fold(Certainty::Yes, Certainty::and);
                        if all == Certainty::Yes
                            || (all == Certainty::Unknown && best == Certainty::No)
                        {
                            best = all;
                        }
                    }
                    let path = stages.iter().map(|s| s.name.as_str()).collect::<Vec<_>>();
                    match best {
                        Certainty::Yes => check.verdict(Outcome::Holds, format!("an automatic event deploys {}", path.join(" and then ")), ""),
                        Certainty::Unknown => check.verdict(Outcome::Unknown, format!("an automatic event may deploy {} (conditions not decidable)", super::common::join_words(&path.iter().map(|p| p.to_string()).collect::<Vec<_>>())), ""),
                        Certainty::No => {
                            let target = super::common::describe_routes(
                                cx.route_map()
                                    .routes
                                    .iter()
                                    .filter(|r| last.holds(cx, &r.environment)),
                            );
                            let actual = if target.is_empty() {
                                format!("not functional: no event deploys to {}", last.name)
                            } else {
                                format!("not functional: {} is deployed only by {target}", last.name)
                            };
                            check
                                .short(format!("Not functional: no automatic {} → {} path", first.name, last.name))
                                .verdict(Outcome::Violated, actual, format!("promotion to {} needs manual intervention", last.name))
                        }
                    }
                }
                ProseKind::AutomaticRollback | ProseKind::RollbackSupported => {
                    let automatic = *claim == ProseKind::AutomaticRollback;
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
                                w.on_or_first_line(),
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
                                w.on_or_first_line(),
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
