//! `reusable-workflow-call`: a job's `uses:` that does not name a reusable workflow GitHub can
//! find, and, for a local one (`./path.yml`), inputs and secrets the call does not match:
//! unknown names, required ones left out, a called file without `on: workflow_call`.

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};
use crate::workflow::Job;
use crate::yaml::{Document, Node};

pub struct ReusableWorkflowCall;

impl Rule for ReusableWorkflowCall {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                let Some(uses) = &job.uses else {
                    continue;
                };
                let mut problems = Vec::new();
                call_problems(cx, job, &uses.value, uses.span, &mut problems);
                for (span, message) in problems {
                    out.push(cx.finding(Self::ID, &wf.file, span, message));
                }
            }
        }
    }
}

/// `owner/repo/path/to/file.yml@ref` with every part present.
fn is_remote_reference(uses: &str) -> bool {
    let Some((path, reference)) = uses.split_once('@') else {
        return false;
    };
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() >= 3 && parts.iter().all(|p| !p.is_empty()) && !reference.is_empty()
}

fn call_problems(cx: &Ctx, job: &Job, uses: &str, span: Span, out: &mut Vec<(Span, String)>) {
    // `$/...` (repository-root paths, 2026) is not judged here.
    if uses.holds_template() || uses.trim().starts_with("$/") {
        return;
    }
    let uses = uses.trim();
    if !uses.starts_with("./") {
        if !is_remote_reference(uses) {
            out.push((
                span,
                format!("`{uses}` is not a reusable workflow: write `./path/to/workflow.yml` (this repository, no `@ref`) or `owner/repo/path/to/workflow.yml@ref`"),
            ));
        }
        return;
    }
    if uses.contains('@') {
        out.push((
            span,
            format!("`{uses}`: a local reusable workflow takes no `@ref` (it runs from the same commit); write `{}`", uses.split('@').next().unwrap_or(uses)),
        ));
        return;
    }
    let rel = uses.trim_start_matches("./");
    let loaded;
    let doc: &Document = match cx.repo.workflows.iter().find(|w| w.file.rel == rel) {
        Some(w) => &w.doc,
        None => match read_workflow(cx, rel) {
            Some(Ok(d)) => {
                loaded = d;
                &loaded
            }
            Some(Err(e)) => {
                out.push((span, format!("the reusable workflow `{uses}` cannot be read: {e}")));
                return;
            }
            None => {
                out.push((span, format!("the reusable workflow `{uses}` does not exist in this repository")));
                return;
            }
        },
    };
    let Some(root) = doc.root.as_ref() else {
        return;
    };
    let Some(on) = root.get("on").or_else(|| root.get("true")) else {
        out.push((span, format!("`{uses}` has no `on:`, so it cannot be called")));
        return;
    };
    let call = match &on.value {
        crate::yaml::Value::Map(_) => on.entry("workflow_call").map(|e| &e.value),
        _ => on
            .string_list()
            .iter()
            .any(|(s, _)| *s == "workflow_call")
            .then_some(on),
    };
    let Some(call) = call else {
        out.push((span, format!("`{uses}` is not triggered by `workflow_call`, so it cannot be called")));
        return;
    };
    let declared = |section: &str| -> Vec<(String, bool)> {
        call.get(section)
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                let name = e.key.scalar_text()?.to_string();
                let required = e.value.get("required").and_then(Node::as_bool) == Some(true)
                    && e.value.get("default").is_none();
                Some((name, required))
            })
            .collect()
    };
    let inputs = declared("inputs");
    let given_inputs: Vec<(&str, Span)> =
        job.with.iter().map(|(k, _)| (k.value.as_str(), k.span)).collect();
    match_names(uses, "input", &inputs, &given_inputs, span, out);
    let inherit = job.secrets.as_ref().and_then(Node::as_str) == Some("inherit");
    if !inherit {
        let secrets = declared("secrets");
        let given: Vec<(&str, Span)> = job
            .secrets
            .as_ref()
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| Some((e.key.scalar_text()?, e.key.span)))
            .collect();
        match_names(uses, "secret", &secrets, &given, span, out);
    }
}

fn match_names(
    uses: &str,
    what: &str,
    declared: &[(String, bool)],
    given: &[(&str, Span)],
    uses_span: Span,
    out: &mut Vec<(Span, String)>,
) {
    let names: Vec<&str> = declared.iter().map(|(n, _)| n.as_str()).collect();
    for (name, span) in given {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            let list = if names.is_empty() {
                format!("it declares no {what}s")
            } else {
                format!(
                    "declared: {}",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )
            };
            out.push((*span, format!("{what} `{name}` is not declared by `{uses}` ({list})")));
        }
    }
    for (name, required) in declared {
        if *required && !given.iter().any(|(g, _)| g.eq_ignore_ascii_case(name)) {
            out.push((uses_span, format!("{what} `{name}` is required by `{uses}` but not passed")));
        }
    }
}

/// The called file read from disk: None when it does not exist, Err when it cannot be read
/// or parsed.
fn read_workflow(cx: &Ctx, rel: &str) -> Option<Result<Document, String>> {
    if rel.split('/').any(|p| p == "..") {
        return None;
    }
    let path = cx.repo.root_path.join(rel);
    if !path.is_file() {
        return None;
    }
    let text = match crate::source::read_text(&path) {
        Ok(t) => t,
        Err(e) => return Some(Err(e.to_string())),
    };
    let file = SourceFile::new(rel, rel, path, text);
    Some(crate::yaml::load(&file).map_err(|e| format!("line {}: {}", e.line(), e.message)))
}

