//! "What if the commented-out triggers were restored?": a copy of the repository whose
//! disabled triggers are live again, to simulate the routes the documentation may describe.

use crate::repo::Repo;
use crate::workflow::{Filters, Trigger, Workflow};

/// Fill the filters `extra` has and `into` lacks.
fn merge_filters(into: &mut Filters, extra: &Filters) {
    let pairs = [
        (&mut into.branches, &extra.branches),
        (&mut into.branches_ignore, &extra.branches_ignore),
        (&mut into.tags, &extra.tags),
        (&mut into.tags_ignore, &extra.tags_ignore),
        (&mut into.paths, &extra.paths),
        (&mut into.paths_ignore, &extra.paths_ignore),
    ];
    for (slot, value) in pairs {
        if slot.is_none() {
            slot.clone_from(value);
        }
    }
}

fn restore(wf: &Workflow) -> Workflow {
    let mut wf = wf.clone();
    let disabled = std::mem::take(&mut wf.disabled_triggers);
    for d in &disabled {
        match wf.triggers.iter_mut().find(|t| t.event == d.event) {
            // A live event with commented-out filters (or the same event twice): add them.
            Some(live) => {
                merge_filters(&mut live.filters, &d.filters);
                if live.crons.is_empty() {
                    live.crons.clone_from(&d.crons);
                }
            }
            None => wf.triggers.push(Trigger {
                event: d.event.clone(),
                span: d.span,
                filters: d.filters.clone(),
                types: Vec::new(),
                crons: d.crons.clone(),
                inputs: Vec::new(),
                workflows: Vec::new(),
                other_keys: Vec::new(),
            }),
        }
    }
    wf
}

/// A copy of the repository in which every trigger commented out under `on:` is live again
/// (a commented filter under a live event is added to it). Simulating this copy shows what
/// the commented configuration would do, e.g. which environments tag pushes would reach.
pub fn restore_disabled_triggers(repo: &Repo) -> Repo {
    let mut copy = repo.clone();
    copy.workflows = repo.workflows.iter().map(restore).collect();
    copy
}
