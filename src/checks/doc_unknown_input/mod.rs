//! `doc-unknown-input`: a documented `gh workflow run` that GitHub would reject: an input the
//! workflow does not declare, a value outside a choice input's options, a missing required
//! input, or a workflow without `workflow_dispatch`.

mod listed;

use super::claims::{ClaimCheck, Outcome};
use super::common::closest;
use super::doc_unknown_workflow::{gh_selects, is_file_name, lookup, Lookup};
use super::{Ctx, Rule};
use crate::docs::ClaimKind;
use crate::workflow::InputKind;

pub struct DocUnknownInput;

impl Rule for DocUnknownInput {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        for (doc, _, c) in cx.repo.doc_claims() {
            listed::listed_claims(Self::ID, cx.repo, doc, c, out);
            run_button(cx, doc, c, out);
            let ClaimKind::Command {
                workflow, inputs, ..
            } = &c.kind
            else {
                continue;
            };
            let Lookup::Found(wf) = lookup(cx.repo, workflow) else {
                continue; // doc-unknown-workflow reports it
            };
            if !is_file_name(workflow) && !gh_selects(wf, workflow) {
                continue; // found by a near name only: doc-unknown-workflow reports it
            }
            let check = ClaimCheck::new(
                Self::ID,
                doc,
                c.span,
                format!("`gh workflow run {workflow}`"),
                &c.text,
            );
            let Some(dispatch) = wf.trigger("workflow_dispatch") else {
                out.push(
                    check
                        .verdict(
                            Outcome::Violated,
                            format!("{} has no workflow_dispatch trigger, so `gh workflow run` is refused", wf.file.path),
                            "the documented command fails",
                        )
                        .related(&wf.file, wf.on_or_first_line(), "triggers"),
                );
                continue;
            };
            let mut problems = Vec::new();
            let mut related = Vec::new();
            for (key, value) in inputs {
                let Some(input) = dispatch.input(key) else {
                    let names: Vec<&str> = dispatch
                        .inputs
                        .iter()
                        .map(|i| i.name.value.as_str())
                        .collect();
                    let hint = match closest(key, names.iter().copied()) {
                        Some(c) => format!(" (did you mean `{c}`?)"),
                        None if names.is_empty() => " (it declares no inputs)".to_string(),
                        None => format!(" (inputs: {})", names.join(", ")),
                    };
                    problems.push(format!("input `{key}` is not declared{hint}"));
                    related.push((dispatch.span, "workflow_dispatch inputs".to_string()));
                    continue;
                };
                let options: Vec<&str> = input.options.iter().map(|o| o.value.as_str()).collect();
                let bad = match input.kind {
                    InputKind::Choice => !options.is_empty() && !options.contains(&value.as_str()),
                    InputKind::Boolean => !matches!(value.as_str(), "true" | "false"),
                    InputKind::Number => value.parse::<f64>().is_err(),
                    _ => false,
                };
                if bad {
                    let allowed = match input.kind {
                        InputKind::Choice => format!("one of {}", options.join(", ")),
                        InputKind::Boolean => "true or false".into(),
                        _ => "a number".into(),
                    };
                    problems.push(format!(
                        "`{key}={value}` is not allowed: `{key}` must be {allowed}"
                    ));
                    related.push((input.name.span, format!("input `{key}`")));
                }
            }
            for input in &dispatch.inputs {
                let given = inputs.iter().any(|(k, _)| *k == input.name.value);
                if input.required && input.default.is_none() && !given {
                    problems.push(format!("required input `{}` is missing", input.name.value));
                    related.push((input.name.span, format!("input `{}`", input.name.value)));
                }
            }
            if problems.is_empty() {
                out.push(check.verdict(Outcome::Holds, "accepted by the workflow's inputs", ""));
                continue;
            }
            let mut check = check.verdict(
                Outcome::Violated,
                format!("{}: {}", wf.file.file_name(), problems.join("; ")),
                "the documented command is rejected when run",
            );
            for (span, label) in related {
                check = check.related(&wf.file, span, label);
            }
            out.push(check);
        }
    }
}

/// An Actions-page click path ending at "Run workflow": the button is there only for a workflow
/// with a `workflow_dispatch` trigger.
fn run_button(
    cx: &Ctx,
    doc: &crate::source::SourceFile,
    c: &crate::docs::Claim,
    out: &mut Vec<ClaimCheck>,
) {
    let ClaimKind::RunButton { workflow } = &c.kind else {
        return;
    };
    let Lookup::Found(wf) = lookup(cx.repo, workflow) else {
        return; // doc-unknown-workflow reports it
    };
    let check = ClaimCheck::new(
        DocUnknownInput::ID,
        doc,
        c.span,
        format!("Run workflow on `{workflow}`"),
        &c.text,
    );
    let verdict = match wf.trigger("workflow_dispatch") {
        Some(d) => check
            .verdict(Outcome::Holds, format!("{} has workflow_dispatch", wf.file.rel), "")
            .related(&wf.file, d.span, "workflow_dispatch"),
        None => check
            .verdict(
                Outcome::Violated,
                format!(
                    "{} has no workflow_dispatch trigger, so the Actions page shows no Run workflow \
                     button for it",
                    wf.file.rel
                ),
                "the documented manual run is impossible",
            )
            .related(&wf.file, wf.on_or_first_line(), "triggers"),
    };
    out.push(verdict);
}
