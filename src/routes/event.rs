//! Events and refs: what happened, on which branch or tag, described for people.

use std::collections::BTreeMap;

use crate::filter::Pattern;

/// A tag pushed by a job whose name is not known before the run.
pub const UNKNOWN_TAG_REF: &str = "refs/tags/<unknown>";

/// An input value that could be anything (a free-text input in route enumeration).
pub const ANY_VALUE: &str = "<any>";

/// Something that can start workflows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Event {
    /// `refs/heads/main`, `refs/tags/v1.0.0-rc1`, or [`UNKNOWN_TAG_REF`].
    Push { git_ref: String },
    /// A manual (or `gh workflow run`) dispatch. `workflow` is a file name, repo-relative path
    /// or `name:`. Input values holding `$` (shell or `${{ }}` references) or [`ANY_VALUE`]
    /// are unknown; so is a `git_ref` holding `$`.
    Dispatch {
        workflow: String,
        inputs: BTreeMap<String, String>,
        git_ref: String,
    },
    /// A cron schedule (always on the default branch).
    Schedule,
    /// A pull request opened or updated against `base`.
    PullRequest { base: String },
    /// A release published.
    Release,
    /// A run of the workflow named `workflow` (its `name:`) on `git_ref` was requested or
    /// completed.
    WorkflowRun { workflow: String, git_ref: String },
    /// Any other event a workflow can listen to (`issues`, `repository_dispatch`, ...), of
    /// an activity type not known.
    Other { event: String },
}

/// Events whose runs check out the default branch (`GITHUB_REF`), per GitHub's event list.
const ON_DEFAULT_BRANCH: &[&str] = &[
    "branch_protection_rule",
    "discussion",
    "discussion_comment",
    "fork",
    "gollum",
    "issue_comment",
    "issues",
    "label",
    "milestone",
    "public",
    "repository_dispatch",
    "watch",
];

/// What is known about a ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RefKnowledge {
    Branch(String),
    Tag(String),
    /// A tag whose name is not known.
    SomeTag,
    Unknown,
}

/// Does this value stand for something not known before the run?
pub fn is_unknown_value(value: &str) -> bool {
    value.contains('$') || value == ANY_VALUE || value.contains("<unknown>")
}

pub(crate) fn ref_knowledge(git_ref: &str) -> RefKnowledge {
    if git_ref == UNKNOWN_TAG_REF {
        return RefKnowledge::SomeTag;
    }
    if is_unknown_value(git_ref) {
        return RefKnowledge::Unknown;
    }
    if let Some(b) = git_ref.strip_prefix("refs/heads/") {
        RefKnowledge::Branch(b.to_string())
    } else if let Some(t) = git_ref.strip_prefix("refs/tags/") {
        RefKnowledge::Tag(t.to_string())
    } else {
        RefKnowledge::Unknown
    }
}

/// A full ref for a ref given by a person or a doc: `refs/...` is kept; a glob pattern is
/// replaced by an example it matches (`feature/*` → `feature/x`); a short name that starts
/// with `v` and contains a digit is a tag (`v1.0.0-rc1` → `refs/tags/v1.0.0-rc1`), anything
/// else a branch (`main` → `refs/heads/main`).
pub fn refs_for_subject(subject: &str) -> String {
    let s = subject.trim();
    if s.starts_with("refs/") {
        return s.to_string();
    }
    let concrete = if s.contains(['*', '?', '+', '[']) {
        Pattern::parse(s)
            .ok()
            .and_then(|p| p.example())
            .unwrap_or_else(|| s.to_string())
    } else {
        s.to_string()
    };
    if looks_like_tag(&concrete) {
        format!("refs/tags/{concrete}")
    } else {
        format!("refs/heads/{concrete}")
    }
}

fn looks_like_tag(short: &str) -> bool {
    short.starts_with('v') && short.chars().any(|c| c.is_ascii_digit())
}

/// `branch main`, `tag v1.0.0`, `an unknown tag`, or the ref as given.
pub(crate) fn describe_ref(git_ref: &str) -> String {
    match ref_knowledge(git_ref) {
        RefKnowledge::Branch(b) => format!("branch {b}"),
        RefKnowledge::Tag(t) => format!("tag {t}"),
        RefKnowledge::SomeTag => "a tag (name not known)".to_string(),
        RefKnowledge::Unknown => git_ref.to_string(),
    }
}

impl Event {
    /// `push of tag v1.0.0-rc1`, `push to branch main`, `manual dispatch of run.yml
    /// (environment=prod)`.
    pub fn describe(&self) -> String {
        match self {
            Event::Push { git_ref } => match ref_knowledge(git_ref) {
                RefKnowledge::Branch(b) => format!("push to branch {b}"),
                RefKnowledge::Tag(t) => format!("push of tag {t}"),
                RefKnowledge::SomeTag => "push of a tag (name not known)".to_string(),
                RefKnowledge::Unknown => format!("push of {git_ref}"),
            },
            Event::Dispatch {
                workflow,
                inputs,
                git_ref,
            } => {
                let mut s = format!("manual dispatch of {workflow}");
                if !inputs.is_empty() {
                    s.push_str(&format!(" ({})", inputs_text(inputs, ", ")));
                }
                if git_ref != "refs/heads/main" {
                    s.push_str(&format!(" on {}", describe_ref(git_ref)));
                }
                s
            }
            Event::Schedule => "scheduled run".to_string(),
            Event::PullRequest { base } => format!("pull request into {base}"),
            Event::Release => "release published".to_string(),
            Event::WorkflowRun { workflow, .. } => format!("run of workflow {workflow}"),
            Event::Other { event } => format!("{event} event"),
        }
    }

    /// The `github.event_name` of a run this event starts (pull_request_target aside).
    pub fn event_name(&self) -> &str {
        match self {
            Event::Push { .. } => "push",
            Event::Dispatch { .. } => "workflow_dispatch",
            Event::Schedule => "schedule",
            Event::PullRequest { .. } => "pull_request",
            Event::Release => "release",
            Event::WorkflowRun { .. } => "workflow_run",
            Event::Other { event } => event,
        }
    }

    /// The ref runs of this event check out (`github.ref`), as far as it is known.
    pub fn git_ref(&self, default_branch: &str) -> String {
        match self {
            Event::Push { git_ref } | Event::Dispatch { git_ref, .. } => git_ref.clone(),
            Event::Schedule | Event::WorkflowRun { .. } => format!("refs/heads/{default_branch}"),
            // refs/pull/<number>/merge: the number is not known.
            Event::PullRequest { .. } => "refs/pull/<unknown>/merge".to_string(),
            Event::Release => UNKNOWN_TAG_REF.to_string(),
            Event::Other { event } if ON_DEFAULT_BRANCH.contains(&event.as_str()) => {
                format!("refs/heads/{default_branch}")
            }
            Event::Other { .. } => "<unknown>".to_string(),
        }
    }

    /// True for a dispatch: a person (or a job) asked for this run by name.
    pub fn is_dispatch(&self) -> bool {
        matches!(self, Event::Dispatch { .. })
    }
}

/// `k=v` pairs in key order.
pub(crate) fn inputs_text(inputs: &BTreeMap<String, String>, sep: &str) -> String {
    inputs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(sep)
}
