//! `on:` in its three shapes (string, list, map), with filters, inputs and schedules.

use super::{spanned_text, Spanned};
use crate::source::Span;
use crate::yaml::{Node, Value};

/// Every event GitHub can start a workflow with.
pub const EVENTS: &[&str] = &[
    "branch_protection_rule",
    "check_run",
    "check_suite",
    "create",
    "delete",
    "deployment",
    "deployment_status",
    "discussion",
    "discussion_comment",
    "fork",
    "gollum",
    "issue_comment",
    "issues",
    "label",
    "merge_group",
    "milestone",
    "page_build",
    "public",
    "pull_request",
    "pull_request_review",
    "pull_request_review_comment",
    "pull_request_target",
    "push",
    "registry_package",
    "release",
    "repository_dispatch",
    "schedule",
    "status",
    "watch",
    "workflow_call",
    "workflow_dispatch",
    "workflow_run",
];

/// Branch/tag/path filters of one event. `None` = the key is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub branches: Option<Vec<Spanned<String>>>,
    pub branches_ignore: Option<Vec<Spanned<String>>>,
    pub tags: Option<Vec<Spanned<String>>>,
    pub tags_ignore: Option<Vec<Spanned<String>>>,
    pub paths: Option<Vec<Spanned<String>>>,
    pub paths_ignore: Option<Vec<Spanned<String>>>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.branches.is_none()
            && self.branches_ignore.is_none()
            && self.tags.is_none()
            && self.tags_ignore.is_none()
            && self.paths.is_none()
            && self.paths_ignore.is_none()
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<Vec<Spanned<String>>>> {
        Some(match key {
            "branches" => &mut self.branches,
            "branches-ignore" => &mut self.branches_ignore,
            "tags" => &mut self.tags,
            "tags-ignore" => &mut self.tags_ignore,
            "paths" => &mut self.paths,
            "paths-ignore" => &mut self.paths_ignore,
            _ => return None,
        })
    }

    /// Read filter keys from an event's mapping; returns keys that are not filters.
    pub fn parse(node: &Node) -> (Filters, Vec<(String, &Node)>) {
        let mut f = Filters::default();
        let mut rest = Vec::new();
        for e in node.as_map().unwrap_or(&[]) {
            let key = e.key.scalar_text().unwrap_or("");
            match f.slot(key) {
                Some(slot) => {
                    *slot = Some(
                        e.value
                            .string_list()
                            .into_iter()
                            .map(|(s, span)| Spanned::new(s.to_string(), span))
                            .collect(),
                    )
                }
                None => rest.push((key.to_string(), &e.value)),
            }
        }
        (f, rest)
    }

    /// Human summary, e.g. `tags v*.*.*, v*.*.*-rc*`.
    pub fn describe(&self) -> String {
        let parts: [(&str, &Option<Vec<Spanned<String>>>); 6] = [
            ("branches", &self.branches),
            ("branches-ignore", &self.branches_ignore),
            ("tags", &self.tags),
            ("tags-ignore", &self.tags_ignore),
            ("paths", &self.paths),
            ("paths-ignore", &self.paths_ignore),
        ];
        parts
            .iter()
            .filter_map(|(name, list)| {
                list.as_ref().map(|l| {
                    let items: Vec<&str> = l.iter().map(|s| s.value.as_str()).collect();
                    format!("{name} {}", items.join(", "))
                })
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    String,
    Boolean,
    Choice,
    Number,
    Environment,
    Other(String),
}

impl InputKind {
    /// The `type:` as written (`string` when it was left out).
    pub fn name(&self) -> &str {
        match self {
            InputKind::String => "string",
            InputKind::Boolean => "boolean",
            InputKind::Choice => "choice",
            InputKind::Number => "number",
            InputKind::Environment => "environment",
            InputKind::Other(other) => other,
        }
    }
}

/// A `workflow_dispatch` or `workflow_call` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: Spanned<String>,
    pub kind: InputKind,
    /// Where the `type:` value is written; None when the input has no `type` key.
    pub kind_span: Option<Span>,
    pub required: bool,
    pub default: Option<Spanned<String>>,
    pub options: Vec<Spanned<String>>,
    pub description: Option<String>,
}

/// One event under `on:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub event: String,
    /// Span of the event name.
    pub span: Span,
    pub filters: Filters,
    pub types: Vec<Spanned<String>>,
    pub crons: Vec<Spanned<String>>,
    pub inputs: Vec<Input>,
    /// `workflow_run.workflows`.
    pub workflows: Vec<Spanned<String>>,
    /// Keys under the event we do not model.
    pub other_keys: Vec<Spanned<String>>,
}

impl Trigger {
    fn bare(event: &str, span: Span) -> Trigger {
        Trigger {
            event: event.to_string(),
            span,
            filters: Filters::default(),
            types: Vec::new(),
            crons: Vec::new(),
            inputs: Vec::new(),
            workflows: Vec::new(),
            other_keys: Vec::new(),
        }
    }

    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name.value == name)
    }

    /// Short description: `push (tags v*)`, `schedule (0 3 * * *)`, `workflow_dispatch`.
    pub fn describe(&self) -> String {
        let mut detail = self.filters.describe();
        if !self.crons.is_empty() {
            let crons: Vec<&str> = self.crons.iter().map(|c| c.value.as_str()).collect();
            detail = crons.join(", ");
        }
        if detail.is_empty() {
            self.event.clone()
        } else {
            format!("{} ({detail})", self.event)
        }
    }
}

fn parse_inputs(node: &Node) -> Vec<Input> {
    let mut out = Vec::new();
    for e in node.as_map().unwrap_or(&[]) {
        let Some(name) = spanned_text(&e.key) else {
            continue;
        };
        let v = &e.value;
        let kind_span = v.get("type").map(|t| t.span);
        let kind = match v.get("type").and_then(Node::as_str) {
            None | Some("string") => InputKind::String,
            Some("boolean") => InputKind::Boolean,
            Some("choice") => InputKind::Choice,
            Some("number") => InputKind::Number,
            Some("environment") => InputKind::Environment,
            Some(other) => InputKind::Other(other.to_string()),
        };
        out.push(Input {
            name,
            kind,
            kind_span,
            required: v.get("required").and_then(Node::as_bool).unwrap_or(false),
            default: v.get("default").and_then(spanned_text),
            options: v
                .get("options")
                .map(|o| {
                    o.string_list()
                        .into_iter()
                        .map(|(s, span)| Spanned::new(s.to_string(), span))
                        .collect()
                })
                .unwrap_or_default(),
            description: v
                .get("description")
                .and_then(Node::as_str)
                .map(str::to_string),
        });
    }
    out
}

fn parse_event(event: &str, key_span: Span, body: &Node) -> Trigger {
    let mut t = Trigger::bare(event, key_span);
    if event == "schedule" {
        for item in body.as_seq().unwrap_or(&[]) {
            if let Some(c) = item.get("cron").and_then(spanned_text) {
                t.crons.push(c);
            }
        }
        return t;
    }
    let (filters, rest) = Filters::parse(body);
    t.filters = filters;
    for (key, value) in rest {
        match key.as_str() {
            "types" => {
                t.types = value
                    .string_list()
                    .into_iter()
                    .map(|(s, span)| Spanned::new(s.to_string(), span))
                    .collect()
            }
            "inputs" => t.inputs = parse_inputs(value),
            "workflows" => {
                t.workflows = value
                    .string_list()
                    .into_iter()
                    .map(|(s, span)| Spanned::new(s.to_string(), span))
                    .collect()
            }
            _ => t.other_keys.push(Spanned::new(key, value.span)),
        }
    }
    t
}

/// Parse the value of `on:`.
pub fn parse_on(node: &Node) -> Vec<Trigger> {
    match &node.value {
        Value::Scalar { text, .. } => vec![Trigger::bare(text, node.span)],
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| n.as_str().map(|s| Trigger::bare(s, n.span)))
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|e| {
                e.key
                    .scalar_text()
                    .map(|ev| parse_event(ev, e.key.span, &e.value))
            })
            .collect(),
        Value::Null => Vec::new(),
    }
}
