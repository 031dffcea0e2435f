//! `invalid-input`: a `workflow_dispatch` or `workflow_call` input GitHub rejects or cannot
//! use as written (unknown type, choice without options, a default its type cannot hold).
//! Documented `gh workflow run` commands and the report's release commands rely on inputs.

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;
use crate::workflow::{Input, InputKind, Trigger};

pub struct InvalidInput;

const DISPATCH_TYPES: &[&str] = &["string", "boolean", "choice", "number", "environment"];
const CALL_TYPES: &[&str] = &["string", "boolean", "number"];

impl Rule for InvalidInput {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for t in &wf.triggers {
                let allowed = match t.event.as_str() {
                    "workflow_dispatch" => DISPATCH_TYPES,
                    "workflow_call" => CALL_TYPES,
                    _ => continue,
                };
                for input in &t.inputs {
                    check_input(cx, Self::ID, &wf.file, t, allowed, input, out);
                }
            }
        }
    }
}

fn check_input(
    cx: &Ctx,
    id: &str,
    file: &SourceFile,
    t: &Trigger,
    allowed: &[&str],
    input: &Input,
    out: &mut Vec<Finding>,
) {
    let name = &input.name.value;
    let event = &t.event;
    let mut push = |span, severity, message: String| {
        let mut f = cx.finding(id, file, span, message);
        f.severity = severity;
        out.push(f);
    };
    let type_text = input.kind.name();
    match input.kind_span {
        None if event == "workflow_call" => push(
            input.name.span,
            Severity::Error,
            format!(
                "input `{name}` of workflow_call has no `type`; GitHub requires one of {}",
                allowed.join(", ")
            ),
        ),
        Some(span) if !allowed.contains(&type_text) => {
            push(
                span,
                Severity::Error,
                format!(
                    "input `{name}` has type `{type_text}`, which {event} does not accept (one of {}); GitHub rejects the workflow",
                    allowed.join(", ")
                ),
            );
            return; // the other checks depend on a known type
        }
        _ => {}
    }
    let options: Vec<&str> = input.options.iter().map(|o| o.value.as_str()).collect();
    let mut distinct: Vec<&str> = Vec::new();
    for o in &options {
        if !distinct.contains(o) {
            distinct.push(o);
        }
    }
    if input.kind == InputKind::Choice {
        if options.is_empty() {
            push(
                input.name.span,
                Severity::Error,
                format!("choice input `{name}` has no options to choose from"),
            );
        }
        for (i, o) in input.options.iter().enumerate() {
            if o.value.trim().is_empty() {
                push(
                    o.span,
                    Severity::Warning,
                    format!("input `{name}` has an empty option"),
                );
            } else if options[..i].contains(&o.value.as_str()) {
                push(
                    o.span,
                    Severity::Warning,
                    format!("option `{}` of input `{name}` is listed twice", o.value),
                );
            }
        }
        if let Some(d) = &input.default {
            if !options.is_empty() && !options.contains(&d.value.as_str()) {
                push(
                    d.span,
                    Severity::Warning,
                    format!(
                        "default `{}` of choice input `{name}` is not one of its options ({})",
                        d.value,
                        distinct.join(", ")
                    ),
                );
            }
        }
    } else if !input.options.is_empty() {
        push(
            input.name.span,
            Severity::Warning,
            format!("input `{name}` has `options`, but only a choice input uses them (its type is {type_text})"),
        );
    }
    if let Some(d) = &input.default {
        let value = d.value.trim();
        let bad = match input.kind {
            InputKind::Boolean => {
                !matches!(value.to_ascii_lowercase().as_str(), "true" | "false")
                    && !is_expression(value)
            }
            InputKind::Number => value.parse::<f64>().is_err() && !is_expression(value),
            _ => false,
        };
        if bad {
            push(
                d.span,
                Severity::Warning,
                format!("default `{value}` of {type_text} input `{name}` is not a {type_text}"),
            );
        }
        if event == "workflow_call" && input.required {
            push(
                d.span,
                Severity::Note,
                format!("input `{name}` is required, so its default `{value}` is never used"),
            );
        }
    }
}

/// Defaults of workflow_call inputs may be expressions evaluated by the caller's context.
fn is_expression(value: &str) -> bool {
    value.holds_template()
}
