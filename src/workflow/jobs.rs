//! Jobs and steps.

use super::{spanned_text, Spanned};
use crate::source::HoldsTemplate as _;
use crate::source::Span;
use crate::yaml::{Node, Value};

/// `environment:` as a name or `{name, url}`; the name may contain `${{ }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentRef {
    /// Raw text of the name, expressions included.
    pub name: Spanned<String>,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub id: Option<Spanned<String>>,
    pub uses: Option<Spanned<String>>,
    pub run: Option<Spanned<String>>,
    pub shell: Option<Spanned<String>>,
    pub if_cond: Option<Spanned<String>>,
    pub with: Vec<(Spanned<String>, Spanned<String>)>,
    pub env: Vec<(Spanned<String>, Spanned<String>)>,
    /// `continue-on-error:` is `true` or an expression (the step may fail without failing
    /// the job).
    pub continue_on_error: bool,
}

impl Step {
    /// `name`, else `uses`, else the first line of `run`.
    pub fn label(&self) -> String {
        if let Some(n) = &self.name {
            return n.value.clone();
        }
        if let Some(u) = &self.uses {
            return u.value.clone();
        }
        self.run
            .as_ref()
            .and_then(|r| r.value.lines().find(|l| !l.trim().is_empty()))
            .map(|l| l.trim().to_string())
            .unwrap_or_default()
    }

    pub fn with_value(&self, key: &str) -> Option<&Spanned<String>> {
        self.with
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: Spanned<String>,
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub needs: Vec<Spanned<String>>,
    pub if_cond: Option<Spanned<String>>,
    pub runs_on: Option<Spanned<String>>,
    pub environment: Option<EnvironmentRef>,
    /// Reusable workflow call: `uses: ./.github/workflows/x.yml` or `owner/repo/...@ref`.
    pub uses: Option<Spanned<String>>,
    pub with: Vec<(Spanned<String>, Spanned<String>)>,
    pub secrets: Option<Node>,
    pub strategy: Option<Node>,
    pub permissions: Option<Node>,
    pub outputs: Vec<(Spanned<String>, Spanned<String>)>,
    pub env: Vec<(Spanned<String>, Spanned<String>)>,
    pub concurrency: Option<Node>,
    pub steps: Vec<Step>,
    pub unknown_keys: Vec<Spanned<String>>,
    /// What the job does (deploys, tags, releases...): its view of the workflow's effects
    /// model, filled once when the workflow is loaded.
    pub effects: Vec<super::effects::Effect>,
}

impl Job {
    /// The job's `if:` and then each step's, in file order.
    pub fn conditions(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.if_cond
            .iter()
            .chain(self.steps.iter().filter_map(|s| s.if_cond.as_ref()))
    }

    /// The path of the repository's own reusable workflow this job calls
    /// (`uses: ./.github/workflows/x.yml`, or the newer self-repository form `$/…`).
    pub fn local_workflow_path(&self) -> Option<&str> {
        let u = self.uses.as_ref()?.value.trim();
        let path = u.strip_prefix("./").or_else(|| u.strip_prefix("$/"))?;
        Some(path.split('@').next().unwrap_or(path))
    }

    /// The steps before `step` in this job, nearest first (none when `step` is not the job's).
    pub fn steps_before(&self, step: &Step) -> impl Iterator<Item = &Step> {
        let upto = self
            .steps
            .iter()
            .position(|s| s.span == step.span)
            .unwrap_or(0);
        self.steps[..upto].iter().rev()
    }

    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|n| n.value.as_str())
            .unwrap_or(&self.id.value)
    }
}

const JOB_KEYS: &[&str] = &[
    "name",
    "needs",
    "if",
    "runs-on",
    "environment",
    "uses",
    "with",
    "secrets",
    "strategy",
    "permissions",
    "outputs",
    "steps",
    "env",
    "defaults",
    "concurrency",
    "timeout-minutes",
    "continue-on-error",
    "container",
    "services",
    "snapshot",
];

/// Key/value pairs of a mapping whose values are scalars (`with:`, `env:`, `outputs:`).
pub(crate) fn pairs(node: Option<&Node>) -> Vec<(Spanned<String>, Spanned<String>)> {
    node.and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| Some((spanned_text(&e.key)?, spanned_text(&e.value)?)))
        .collect()
}

/// `runs-on` as display text (a label, a list joined with `, `, or a group mapping).
fn runs_on_text(node: &Node) -> Option<Spanned<String>> {
    match &node.value {
        Value::Seq(_) => {
            let labels: Vec<&str> = node.string_list().into_iter().map(|(s, _)| s).collect();
            Some(Spanned::new(labels.join(", "), node.span))
        }
        Value::Map(_) => node
            .get("group")
            .or_else(|| node.get("labels"))
            .and_then(runs_on_text),
        _ => spanned_text(node),
    }
}

fn parse_environment(node: &Node) -> Option<EnvironmentRef> {
    match &node.value {
        Value::Map(_) => Some(EnvironmentRef {
            name: node.get("name").and_then(spanned_text)?,
            url: node.get("url").and_then(spanned_text),
        }),
        Value::Scalar { .. } => Some(EnvironmentRef {
            name: spanned_text(node)?,
            url: None,
        }),
        _ => None,
    }
}

pub(crate) fn parse_step(node: &Node) -> Step {
    let text = |k: &str| node.get(k).and_then(spanned_text);
    Step {
        span: node.span,
        name: text("name"),
        id: text("id"),
        uses: text("uses"),
        run: text("run"),
        shell: text("shell"),
        if_cond: text("if"),
        with: pairs(node.get("with")),
        env: pairs(node.get("env")),
        continue_on_error: node
            .get("continue-on-error")
            .and_then(Node::scalar_text)
            .is_some_and(|v| v.trim() == "true" || v.holds_template()),
    }
}

fn parse_job(key: &Node, body: &Node) -> Option<Job> {
    let id = spanned_text(key)?;
    let text = |k: &str| body.get(k).and_then(spanned_text);
    Some(Job {
        id,
        span: body.span,
        name: text("name"),
        needs: body
            .get("needs")
            .map(|n| {
                n.string_list()
                    .into_iter()
                    .map(|(s, span)| Spanned::new(s.to_string(), span))
                    .collect()
            })
            .unwrap_or_default(),
        if_cond: text("if"),
        runs_on: body.get("runs-on").and_then(runs_on_text),
        environment: body.get("environment").and_then(parse_environment),
        uses: text("uses"),
        with: pairs(body.get("with")),
        secrets: body.get("secrets").cloned(),
        strategy: body.get("strategy").cloned(),
        permissions: body.get("permissions").cloned(),
        outputs: pairs(body.get("outputs")),
        env: pairs(body.get("env")),
        concurrency: body.get("concurrency").cloned(),
        steps: body
            .get("steps")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .map(parse_step)
            .collect(),
        unknown_keys: body
            .as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                let k = e.key.scalar_text()?;
                (!JOB_KEYS.contains(&k)).then(|| Spanned::new(k.to_string(), e.key.span))
            })
            .collect(),
        effects: Vec::new(),
    })
}

pub fn parse_jobs(node: &Node) -> Vec<Job> {
    node.as_map()
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| parse_job(&e.key, &e.value))
        .collect()
}
