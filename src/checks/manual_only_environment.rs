//! `manual-only-environment`: an environment that no automatic event deploys to — reached only
//! by a manual dispatch, or not at all.

use crate::source::HoldsTemplate as _;
use std::collections::BTreeMap;

use super::common::job_environments;
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::source::Span;
use crate::workflow::Workflow;

pub struct ManualOnlyEnvironment;

impl Rule for ManualOnlyEnvironment {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // Environment (lowercase: GitHub names ignore case) → jobs naming it, in file order.
        let mut envs: BTreeMap<String, Vec<(&Workflow, String, Span)>> = BTreeMap::new();
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                let Some(env) = &job.environment else {
                    continue;
                };
                for name in job_environments(wf, job) {
                    if name.holds_template() {
                        continue;
                    }
                    envs.entry(name.to_lowercase()).or_default().push((
                        wf,
                        job.id.value.clone(),
                        env.name.span,
                    ));
                }
            }
        }
        // No environment, no finding: the route map (a simulation of every event) is not
        // needed then.
        if envs.is_empty() {
            return;
        }
        let map = cx.route_map();
        for (env, jobs) in envs {
            // A route whose environment stayed an expression (an `environment`-type input, say)
            // may be any of that job's names: it counts for each of them.
            let routes: Vec<_> = map
                .routes
                .iter()
                .filter(|r| r.certainty.possible())
                .filter(|r| {
                    r.environment.eq_ignore_ascii_case(&env)
                        || (r.environment.holds_template()
                            && jobs
                                .iter()
                                .any(|(w, j, _)| w.file.rel == r.workflow && *j == r.job))
                })
                .collect();
            if routes.iter().any(|r| r.automatic) {
                continue;
            }
            let Some((wf, job, span)) = jobs.first() else {
                continue;
            };
            // Every manual route comes from a workflow the docs call manual: by design.
            let documented = !routes.is_empty()
                && routes.iter().all(|r| {
                    cx.repo
                        .workflows
                        .iter()
                        .find(|w| w.file.rel == r.workflow)
                        .is_some_and(|w| {
                            w.disabled_triggers.iter().all(|d| d.partial)
                                && super::manual_only::documented_as_manual(cx.repo, w)
                        })
                });
            if documented {
                continue;
            }
            let manual = super::common::describe_routes(routes.iter().copied());
            let (severity, message, help) = if manual.is_empty() {
                let reasons: Vec<String> = map
                    .unreachable
                    .iter()
                    .filter(|u| u.environment.eq_ignore_ascii_case(&env))
                    .flat_map(|u| {
                        u.reasons.iter().map(move |r| {
                            format!(
                                "{} job `{}`: {}",
                                u.workflow_name,
                                u.job,
                                super::claims::shorten(r, 100)
                            )
                        })
                    })
                    .take(2)
                    .collect();
                (
                    Severity::Warning,
                    format!(
                        "environment `{env}` is never deployed to: no event, automatic or manual, runs a job that targets it{}",
                        if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join("; ")) }
                    ),
                    "restore the trigger or condition that should reach it, or remove the dead deploy job".to_string(),
                )
            } else {
                (
                    Severity::Note,
                    format!(
                        "environment `{env}` is deployed only by hand ({manual}); no push, schedule or other automatic event reaches it"
                    ),
                    format!("if manual deploys are intended, say so in the docs (e.g. \"`{}` runs by hand\") and this note goes away", routes.first().map_or(wf.file.file_name(), |r| r.file_name())),
                )
            };
            let mut f = cx
                .finding(Self::ID, &wf.file, *span, message)
                .with_help(help);
            f.severity = severity;
            let _ = job;
            for (other_wf, other_job, other_span) in jobs.iter().skip(1).take(4) {
                f = f.with_related(
                    &other_wf.file,
                    *other_span,
                    format!("job `{other_job}` also targets it"),
                );
            }
            out.push(f);
        }
    }
}
