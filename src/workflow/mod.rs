//! Typed model of one workflow file. Every field keeps its span; unknown keys are kept so rules
//! can report them. Triggers commented out under `on:` are modelled as disabled triggers.

pub mod action;
mod disabled;
pub mod effects;
pub mod evidence;
mod jobs;
pub mod script;
mod triggers;

pub use action::{local_action_dir, CompositeAction};
pub use disabled::DisabledTrigger;
pub use jobs::{EnvironmentRef, Job, Step};
pub use triggers::{parse_on, Filters, Input, InputKind, Trigger, EVENTS};

use crate::source::{SourceFile, Span};
use crate::yaml::{self, Document, Node, YamlError};

/// A value with the span it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// Scalar text of a node with its span (null → "").
pub(crate) fn spanned_text(node: &Node) -> Option<Spanned<String>> {
    node.scalar_text()
        .map(|s| Spanned::new(s.to_string(), node.span))
}

#[derive(Debug, Clone)]
pub struct Workflow {
    pub file: SourceFile,
    pub doc: Document,
    pub name: Option<Spanned<String>>,
    /// Span of the `on` key (or of the document start when absent).
    pub on_span: Option<Span>,
    pub triggers: Vec<Trigger>,
    pub disabled_triggers: Vec<DisabledTrigger>,
    pub permissions: Option<Node>,
    pub concurrency: Option<Node>,
    /// Workflow-level `env:` as written (values may hold `${{ }}`).
    pub env: Vec<(Spanned<String>, Spanned<String>)>,
    pub jobs: Vec<Job>,
    /// Top-level keys GitHub does not know.
    pub unknown_keys: Vec<Spanned<String>>,
    /// What every step changes outside the runner (publishes, releases, deploys, PRs,
    /// notifications...), read once at load time: the one effects model.
    pub effects: effects::model::WorkflowEffects,
}

const TOP_LEVEL_KEYS: &[&str] = &[
    "name",
    // In GitHub's workflow schema (actions/languageservices), not on the syntax page.
    "description",
    "run-name",
    "on",
    "permissions",
    "env",
    "defaults",
    "concurrency",
    "jobs",
];

impl Workflow {
    /// Parse a workflow file. Syntax errors are returned; structural oddities are tolerated.
    pub fn load(file: SourceFile) -> Result<Workflow, YamlError> {
        let doc = yaml::load(&file)?;
        Ok(Workflow::from_document(file, doc))
    }

    pub fn from_document(file: SourceFile, mut doc: Document) -> Workflow {
        // Borrow the tree while building the model, then put it back (no deep copy).
        let root = doc.root.take();
        let mut wf = Workflow {
            file,
            doc,
            name: None,
            on_span: None,
            triggers: Vec::new(),
            disabled_triggers: Vec::new(),
            permissions: None,
            concurrency: None,
            env: Vec::new(),
            jobs: Vec::new(),
            unknown_keys: Vec::new(),
            effects: effects::model::WorkflowEffects::default(),
        };
        if let Some(entries) = root.as_ref().and_then(Node::as_map) {
            for e in entries {
                let key = e.key.scalar_text().unwrap_or("");
                match key {
                    "name" => wf.name = spanned_text(&e.value),
                    // YAML 1.1 reads a bare `on` as true; saphyr keeps the text, but be lenient.
                    "on" | "true" => {
                        wf.on_span = Some(e.key.span);
                        wf.triggers = triggers::parse_on(&e.value);
                    }
                    "permissions" => wf.permissions = Some(e.value.clone()),
                    "concurrency" => wf.concurrency = Some(e.value.clone()),
                    "env" => wf.env = jobs::pairs(Some(&e.value)),
                    "jobs" => wf.jobs = jobs::parse_jobs(&e.value),
                    k if TOP_LEVEL_KEYS.contains(&k) => {}
                    k => wf
                        .unknown_keys
                        .push(Spanned::new(k.to_string(), e.key.span)),
                }
            }
        }
        wf.doc.root = root;
        wf.disabled_triggers = disabled::find(&wf);
        // The effects model, read once; each job keeps its release-relevant view.
        wf.effects = effects::model::workflow_effects(&wf);
        for job in &mut wf.jobs {
            job.effects = effects::job_view(&wf.effects, &job.id.value);
        }
        wf
    }

    /// `name:` or, when absent, the file name (what the Actions UI shows).
    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|n| n.value.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| self.file.file_name())
    }

    /// Does the file look like a workflow at all (has `on` or `jobs`)?
    pub fn is_workflow(&self) -> bool {
        self.on_span.is_some() || !self.jobs.is_empty()
    }

    pub fn trigger(&self, event: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.event == event)
    }

    pub fn job(&self, id: &str) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id.value == id)
    }

    /// Events that start this workflow without a person: everything except workflow_dispatch
    /// (repository_dispatch and workflow_call come from other automation, so they count).
    pub fn automatic_triggers(&self) -> impl Iterator<Item = &Trigger> {
        self.triggers
            .iter()
            .filter(|t| t.event != "workflow_dispatch")
    }

    /// Where the workflow says when it starts (its `on:`), else its first line: the workflow
    /// side of a finding that is about the whole file.
    pub fn on_or_first_line(&self) -> crate::source::Span {
        self.on_span.unwrap_or(self.file.line_span(1))
    }
}

#[cfg(test)]
mod tests;
