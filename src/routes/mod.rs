//! Event simulation: which workflows and jobs an event starts, which environments they deploy
//! to, and what they start in turn (`gh workflow run`, reusable workflow calls, `workflow_run`,
//! tags and releases pushed by jobs).
//!
//! Everything is three-valued: a job whose `if:` depends on something only known during the
//! run (a step output, a changed-files filter) is [`Certainty::Unknown`], never a guess. Jobs
//! that run are assumed to succeed.
//!
//! [`simulate`] answers "what happens on this event"; [`all_routes`] enumerates the events the
//! workflows listen to and collects every (trigger, job, environment) route;
//! [`unreachable_environments`] lists the environments jobs name that no route reaches, with
//! the reasons. [`restore_disabled_triggers`] makes a copy of the repository with its
//! commented-out triggers live again, to see what they would do.

mod context;
mod enumerate;
mod event;
mod hints;
mod jobs;
mod label;
mod prepared;
mod push_index;
mod restore;
mod simulate;
mod start;

use crate::source::Span;

#[doc(hidden)]
pub use enumerate::explore_with;
pub use enumerate::{
    all_routes, candidate_events, environment_routes, explore, unreachable_environments, RouteMap,
    UnreachableEnvironment, MAX_DISPATCH_COMBINATIONS,
};
pub use event::{is_unknown_value, refs_for_subject, Event, ANY_VALUE, UNKNOWN_TAG_REF};
pub use label::environment_label;
pub use restore::restore_disabled_triggers;
pub use simulate::{simulate, MAX_DEPTH, MAX_RUNS};

/// Simulations of one repository that share one parse cache and one list of candidate
/// events. The report simulates the same events for several sections and every workflow;
/// building a fresh cache per call made it cubic in the number of workflows.
pub struct Simulator<'r> {
    prep: prepared::Prepared<'r>,
    default_branch: String,
    events: std::cell::OnceCell<Vec<Event>>,
    push_index: std::cell::OnceCell<push_index::PushIndex>,
}

impl<'r> Simulator<'r> {
    pub fn new(repo: &'r crate::repo::Repo, default_branch: &str) -> Simulator<'r> {
        Simulator {
            prep: prepared::Prepared::new(repo),
            default_branch: default_branch.to_string(),
            events: std::cell::OnceCell::new(),
            push_index: std::cell::OnceCell::new(),
        }
    }

    /// [`Simulator::simulate`] for callers that read only the runs that may start: workflows
    /// a push of a known ref cannot start are left out instead of listed with their reason
    /// (asking every workflow about every push was quadratic in the workflows).
    pub fn simulate_starting(&self, event: &Event) -> Simulation {
        let index = self
            .push_index
            .get_or_init(|| push_index::PushIndex::new(&self.prep));
        let roots = index.candidates(event);
        simulate::simulate_roots(&self.prep, event, &self.default_branch, roots.as_deref())
    }

    /// Same as [`simulate`] on the repository.
    pub fn simulate(&self, event: &Event) -> Simulation {
        simulate::simulate_prepared(&self.prep, event, &self.default_branch)
    }

    /// [`candidate_events`] of the repository, in their order, computed once.
    pub fn candidate_events(&self) -> &[Event] {
        self.events.get_or_init(|| {
            enumerate::prepared_candidate_events(&self.prep, &self.default_branch)
                .into_iter()
                .collect()
        })
    }
}

/// Three-valued answer to "does it happen?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    Yes,
    No,
    Unknown,
}

impl Certainty {
    /// Both must happen.
    pub fn and(self, other: Certainty) -> Certainty {
        match (self, other) {
            (Certainty::No, _) | (_, Certainty::No) => Certainty::No,
            (Certainty::Yes, Certainty::Yes) => Certainty::Yes,
            _ => Certainty::Unknown,
        }
    }

    /// Yes or Unknown: it may happen.
    pub fn possible(self) -> bool {
        self != Certainty::No
    }

    /// Lower-case label for output: `yes`, `no`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Yes => "yes",
            Certainty::No => "no",
            Certainty::Unknown => "unknown",
        }
    }

    /// Rank for "strongest wins" merges: Yes over Unknown over No.
    fn strength(self) -> u8 {
        match self {
            Certainty::Yes => 2,
            Certainty::Unknown => 1,
            Certainty::No => 0,
        }
    }
}

impl From<crate::expr::Tri> for Certainty {
    fn from(t: crate::expr::Tri) -> Certainty {
        match t {
            crate::expr::Tri::True => Certainty::Yes,
            crate::expr::Tri::False => Certainty::No,
            crate::expr::Tri::Unknown => Certainty::Unknown,
        }
    }
}

/// What happens to one job of a run that started. `runs` assumes the run started; combine it
/// with [`WorkflowRun::starts`] for the absolute answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobOutcome {
    pub job: String,
    pub runs: Certainty,
    /// Why: `if: github.event_name == 'push' is false for workflow_dispatch`,
    /// `needs deploy-staging, which is skipped`.
    pub reason: String,
    /// Environment names the job can deploy to in this run; empty = no environment. When the
    /// name cannot be enumerated it holds the raw text (`${{ inputs.target }}`).
    pub environments: Vec<String>,
    /// False when the environment expression could not be fully evaluated.
    pub environment_exact: bool,
    pub env_span: Option<Span>,
    pub if_span: Option<Span>,
}

/// One workflow considered for an event, whether it starts or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowRun {
    /// Path relative to the repository root; empty when no workflow is involved (a tag pushed
    /// with GITHUB_TOKEN, a `gh workflow run` target that does not exist).
    pub workflow: String,
    /// `name:` (or the file name).
    pub name: String,
    pub event: Event,
    /// Absolute: includes the certainty of whatever started this run.
    pub starts: Certainty,
    /// `push tags filter v*.*.* matches`, `no live push trigger (push tags commented out at
    /// line 5)`.
    pub reason: String,
    /// The trigger that matched, as a route label: `push tag v*.*.*`, `push branch main`,
    /// `workflow_dispatch`, `schedule`, `workflow_call`, `workflow_run`.
    pub trigger: String,
    /// Empty when the run does not start or was not followed.
    pub jobs: Vec<JobOutcome>,
    /// How a chained run was started: ``started by `gh workflow run build.yml` in RELEASE job
    /// trigger-build``. None for runs started by the simulated event itself.
    pub via: Option<String>,
    /// 0 for runs of the simulated event, +1 per chain link.
    pub depth: usize,
    /// Index in [`Simulation::runs`] of the run that started this one.
    pub parent: Option<usize>,
    /// The job of the parent run that started this one.
    pub parent_job: Option<String>,
    /// For a tag push or release made with GITHUB_TOKEN (which starts nothing): the file names
    /// of the workflows whose live triggers would otherwise have started. None for other runs.
    pub token_blocked: Option<Vec<String>>,
}

impl WorkflowRun {
    pub fn job(&self, id: &str) -> Option<&JobOutcome> {
        self.jobs.iter().find(|j| j.job == id)
    }

    /// The file name of the workflow (`release.yml`).
    pub fn file_name(&self) -> &str {
        self.workflow.rsplit('/').next().unwrap_or(&self.workflow)
    }
}

/// The outcome of one event: every run considered, in tree order (a run is followed by the
/// runs it starts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    pub event: Event,
    pub default_branch: String,
    pub runs: Vec<WorkflowRun>,
    /// True when [`MAX_RUNS`] cut the simulation short.
    pub truncated: bool,
}

impl Simulation {
    /// The first run of a workflow (by rel path or file name) at any depth.
    pub fn run_of(&self, workflow: &str) -> Option<&WorkflowRun> {
        self.runs.iter().find(|r| {
            !r.workflow.is_empty() && (r.workflow == workflow || r.file_name() == workflow)
        })
    }

    /// Runs that start (Yes or Unknown).
    pub fn started(&self) -> impl Iterator<Item = &WorkflowRun> {
        self.runs.iter().filter(|r| r.starts.possible())
    }

    /// Chain of runs from the root to `index` (inclusive).
    pub fn ancestry(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut cur = self.runs.get(index).and_then(|r| r.parent);
        while let Some(i) = cur {
            if chain.contains(&i) {
                break;
            }
            chain.push(i);
            cur = self.runs.get(i).and_then(|r| r.parent);
        }
        chain.reverse();
        chain
    }
}

/// One way an environment gets deployed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The root trigger: `push tag v*.*.*`, `push branch main`, `manual: run.yml
    /// environment=prod`, `schedule`.
    pub trigger: String,
    /// False when a person starts it (workflow_dispatch at the root).
    pub automatic: bool,
    /// Path of the workflow holding the job.
    pub workflow: String,
    pub workflow_name: String,
    pub job: String,
    pub environment: String,
    pub certainty: Certainty,
    /// The root event.
    pub event: Event,
    /// Chain links from the root run to the job's run.
    pub via: Vec<String>,
    /// The same links, short: the workflow file and job that started each run
    /// (`release.yml/trigger-build`; the file alone for `workflow_run`).
    pub hops: Vec<String>,
    pub env_span: Option<Span>,
}

impl Route {
    /// The file name of the workflow (`run.yml`).
    pub fn file_name(&self) -> &str {
        self.workflow.rsplit('/').next().unwrap_or(&self.workflow)
    }
}

#[cfg(test)]
mod tests;
