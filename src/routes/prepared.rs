//! What the simulations of one repository read again and again, parsed once: the branch and
//! tag filter lists of each trigger, and the `if:` and environment of each job and the `if:` of
//! its steps. [`explore`](super::explore) simulates hundreds of events on the same workflows;
//! parsing these per event was most of its work.
//!
//! Entries are filled on first use (by workflow index, then trigger or job index), so a single
//! [`simulate`](super::simulate) parses only what its event reaches.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::context::{run_context, RunContext};
use super::event::Event;

use crate::expr::{self, Condition, ExprError, TemplatePart};
use crate::filter::FilterList;
use crate::repo::Repo;
use crate::workflow::{Job, Spanned, Trigger, Workflow};

/// A filter list as written (`None` = the key is absent), or why it is invalid.
pub(crate) type ParsedList = Result<Option<FilterList>, String>;

/// A parsed `if:` (`None` = the job or step has none).
pub(crate) type ParsedIf = Option<Result<Condition, ExprError>>;

/// The repository's workflows with their parse caches.
pub(crate) struct Prepared<'r> {
    pub repo: &'r Repo,
    workflows: Vec<WorkflowCache>,
    /// Run contexts already built: every workflow a push starts sees the same one.
    run_contexts: RefCell<BTreeMap<RunKey, Rc<RunContext>>>,
    /// Upstream workflow name → indices of the workflows whose `workflow_run` lists it.
    listeners: OnceCell<HashMap<String, Vec<usize>>>,
}

/// What a run context is built from: the event, `github.event_name`, the default branch,
/// and for a dispatch the index of the dispatched workflow (its inputs).
type RunKey = (Event, String, String, Option<usize>);

/// Caches of one workflow, by trigger and by job index.
struct WorkflowCache {
    index: usize,
    triggers: Vec<OnceCell<TriggerFilters>>,
    jobs: Vec<OnceCell<JobCache>>,
    /// Job indices with needed jobs first.
    job_order: OnceCell<Vec<usize>>,
}

/// The branch and tag filters of one trigger.
pub(crate) struct TriggerFilters {
    pub branches: ParsedList,
    pub branches_ignore: ParsedList,
    pub tags: ParsedList,
    pub tags_ignore: ParsedList,
}

/// The parsed expressions of one job.
pub(crate) struct JobCache {
    pub if_cond: ParsedIf,
    /// `environment:` name as a template.
    pub environment: Option<ParsedTemplate>,
    /// By step index, each parsed on first use (only steps that start something are read).
    step_ifs: Vec<OnceCell<ParsedIf>>,
    /// `with:` values as templates, by index, each parsed on first use.
    with_values: Vec<OnceCell<ParsedTemplate>>,
}

/// A string with `${{ }}` parts, parsed.
pub(crate) type ParsedTemplate = Result<Vec<TemplatePart>, ExprError>;

/// One workflow of a [`Prepared`] repository.
#[derive(Clone, Copy)]
pub(crate) struct Flow<'a> {
    pub wf: &'a Workflow,
    cache: &'a WorkflowCache,
}

/// One trigger of a [`Flow`].
#[derive(Clone, Copy)]
pub(crate) struct TriggerRef<'a> {
    pub trigger: &'a Trigger,
    filters: &'a OnceCell<TriggerFilters>,
}

/// One job of a [`Flow`].
#[derive(Clone, Copy)]
pub(crate) struct JobRef<'a> {
    pub job: &'a Job,
    cache: &'a OnceCell<JobCache>,
}

fn parse_list(list: Option<&Vec<Spanned<String>>>) -> ParsedList {
    match list {
        None => Ok(None),
        Some(l) => {
            let raw: Vec<&str> = l.iter().map(|s| s.value.as_str()).collect();
            FilterList::parse(&raw).map(Some).map_err(|e| e.to_string())
        }
    }
}

fn parse_if(raw: Option<&Spanned<String>>) -> ParsedIf {
    raw.map(|c| expr::parse_condition(&c.value))
}

impl<'r> Prepared<'r> {
    /// Empty caches for every workflow of `repo`.
    pub(crate) fn new(repo: &'r Repo) -> Prepared<'r> {
        let workflows = repo
            .workflows
            .iter()
            .enumerate()
            .map(|(index, wf)| WorkflowCache {
                index,
                triggers: wf.triggers.iter().map(|_| OnceCell::new()).collect(),
                jobs: wf.jobs.iter().map(|_| OnceCell::new()).collect(),
                job_order: OnceCell::new(),
            })
            .collect();
        Prepared {
            repo,
            workflows,
            run_contexts: RefCell::new(BTreeMap::new()),
            listeners: OnceCell::new(),
        }
    }

    /// [`run_context`] of a run of `flow`, built once per distinct input.
    pub(crate) fn run_context(
        &self,
        flow: Flow,
        event: &Event,
        event_name: &str,
        default_branch: &str,
    ) -> Rc<RunContext> {
        // Only a dispatch reads the workflow (its `workflow_dispatch` inputs).
        let dispatched = event.is_dispatch().then_some(flow.cache.index);
        let key: RunKey = (
            event.clone(),
            event_name.to_string(),
            default_branch.to_string(),
            dispatched,
        );
        if let Some(rc) = self.run_contexts.borrow().get(&key) {
            return Rc::clone(rc);
        }
        let dispatch_inputs = match dispatched {
            Some(_) => flow
                .wf
                .trigger("workflow_dispatch")
                .map(|t| t.inputs.as_slice())
                .unwrap_or(&[]),
            None => &[],
        };
        let rc = Rc::new(run_context(
            event,
            event_name,
            dispatch_inputs,
            default_branch,
        ));
        self.run_contexts.borrow_mut().insert(key, Rc::clone(&rc));
        rc
    }

    /// Every workflow, in repository order.
    pub(crate) fn flows(&self) -> impl Iterator<Item = Flow<'_>> {
        self.repo
            .workflows
            .iter()
            .zip(&self.workflows)
            .map(|(wf, cache)| Flow { wf, cache })
    }

    /// The workflow at `index`.
    pub(crate) fn flow(&self, index: usize) -> Option<Flow<'_>> {
        let wf = self.repo.workflows.get(index)?;
        let cache = self.workflows.get(index)?;
        Some(Flow { wf, cache })
    }

    /// Workflows whose first `workflow_run` trigger lists `upstream`, in repository order
    /// (indexed once: asking every workflow for every started run was quadratic).
    pub(crate) fn workflow_run_listeners(&self, upstream: &str) -> Vec<Flow<'_>> {
        let map = self.listeners.get_or_init(|| {
            let mut map: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, wf) in self.repo.workflows.iter().enumerate() {
                let Some(t) = wf.trigger("workflow_run") else {
                    continue;
                };
                for w in &t.workflows {
                    let list = map.entry(w.value.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            map
        });
        map.get(upstream)
            .into_iter()
            .flatten()
            .filter_map(|i| self.flow(*i))
            .collect()
    }

    /// The workflow a reference names, as [`Repo::find_workflow`] finds it.
    pub(crate) fn find_workflow(&self, reference: &str) -> Option<Flow<'_>> {
        let wf = self.repo.find_workflow(reference)?;
        self.flows().find(|f| std::ptr::eq(f.wf, wf))
    }
}

impl<'a> Flow<'a> {
    /// Position of the workflow in the repository.
    pub(crate) fn index(&self) -> usize {
        self.cache.index
    }

    /// The first trigger for `event`, as [`Workflow::trigger`] finds it.
    pub(crate) fn trigger(&self, event: &str) -> Option<TriggerRef<'a>> {
        self.wf
            .triggers
            .iter()
            .zip(&self.cache.triggers)
            .find(|(t, _)| t.event == event)
            .map(|(trigger, filters)| TriggerRef { trigger, filters })
    }

    /// Jobs in file order.
    pub(crate) fn jobs(&self) -> impl Iterator<Item = JobRef<'a>> {
        self.wf
            .jobs
            .iter()
            .zip(&self.cache.jobs)
            .map(|(job, cache)| JobRef { job, cache })
    }

    /// Job indices in evaluation order (computed once).
    pub(crate) fn job_order(&self, order: impl FnOnce(&Workflow) -> Vec<usize>) -> &'a [usize] {
        self.cache.job_order.get_or_init(|| order(self.wf))
    }

    /// The first job with this id, as [`Workflow::job`] finds it.
    pub(crate) fn job(&self, id: &str) -> Option<JobRef<'a>> {
        self.jobs().find(|j| j.job.id.value == id)
    }
}

impl<'a> TriggerRef<'a> {
    pub(crate) fn filters(&self) -> &'a TriggerFilters {
        self.filters.get_or_init(|| {
            let f = &self.trigger.filters;
            TriggerFilters {
                branches: parse_list(f.branches.as_ref()),
                branches_ignore: parse_list(f.branches_ignore.as_ref()),
                tags: parse_list(f.tags.as_ref()),
                tags_ignore: parse_list(f.tags_ignore.as_ref()),
            }
        })
    }
}

impl<'a> JobRef<'a> {
    pub(crate) fn parsed(&self) -> &'a JobCache {
        self.cache.get_or_init(|| JobCache {
            if_cond: parse_if(self.job.if_cond.as_ref()),
            environment: self
                .job
                .environment
                .as_ref()
                .map(|e| expr::parse_template(&e.name.value)),
            step_ifs: self.job.steps.iter().map(|_| OnceCell::new()).collect(),
            with_values: self.job.with.iter().map(|_| OnceCell::new()).collect(),
        })
    }

    /// The `with:` value at `index` parsed as a template; None when it does not exist.
    pub(crate) fn with_value(&self, index: usize) -> Option<&'a ParsedTemplate> {
        let (_, value) = self.job.with.get(index)?;
        let cell = self.parsed().with_values.get(index)?;
        Some(cell.get_or_init(|| expr::parse_template(&value.value)))
    }

    /// The parsed `if:` of the step at `index`; None for a step that does not exist.
    pub(crate) fn step_if(&self, index: usize) -> Option<&'a ParsedIf> {
        let step = self.job.steps.get(index)?;
        let cell = self.parsed().step_ifs.get(index)?;
        Some(cell.get_or_init(|| parse_if(step.if_cond.as_ref())))
    }
}
