//! Inputs listed in prose ("Available options: `skip_tests`, `force_release`", a Run-workflow
//! form's labels, an input table) against the inputs the workflow declares.
//!
//! The list must be tied to one workflow by its own items: the workflow (named in the
//! lead-in or heading, else any workflow with inputs) whose inputs match the most items,
//! and at least one. A list none of whose items match is about something else and is
//! skipped; only the unmatched items of a matching list are reported.

use crate::source::HoldsTemplate as _;
use super::super::claims::{ClaimCheck, Outcome};
use super::super::doc_unknown_workflow::{lookup, Lookup};
use crate::docs::{ClaimKind, ListedInput};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::suggest::closest;
use crate::workflow::{Input, InputKind, Trigger, Workflow};

/// Words that say nothing about which input a label means.
const STOP: &[&str] = &[
    "the", "a", "an", "to", "for", "of", "and", "or", "on", "in", "with", "only", "just", "any",
    "all", "eg", "e", "g", "if", "is", "be", "this", "that", "it", "optional", "required",
];

/// The workflow's input-bearing triggers: `workflow_dispatch` (the Run-workflow form) and,
/// for names, `workflow_call`.
fn input_triggers(wf: &Workflow, labels: bool) -> Vec<&Trigger> {
    wf.triggers
        .iter()
        .filter(|t| {
            t.event == "workflow_dispatch" || (!labels && t.event == "workflow_call")
        })
        .filter(|t| !t.inputs.is_empty())
        .collect()
}

fn norm(name: &str) -> String {
    name.to_ascii_lowercase().replace('-', "_")
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 => stem.to_string(),
            _ => w,
        })
        .collect()
}

/// Does a listed item stand for this input (its name, or one of its choice options)?
fn matches(item: &str, input: &Input, labels: bool) -> bool {
    if !labels {
        let n = norm(item);
        return norm(&input.name.value) == n || input.options.iter().any(|o| norm(&o.value) == n);
    }
    let label = words(item);
    if label.is_empty() {
        return false;
    }
    let name = words(&input.name.value);
    let mut known = name.clone();
    known.extend(words(input.description.as_deref().unwrap_or("")));
    (!name.is_empty() && name.iter().all(|w| label.contains(w)))
        || label.iter().all(|w| known.contains(w))
}

fn matched(item: &ListedInput, triggers: &[&Trigger], labels: bool) -> bool {
    triggers
        .iter()
        .flat_map(|t| &t.inputs)
        .any(|i| matches(&item.name, i, labels))
}

/// The workflow the list describes: most items matched, at least one, no tie.
fn target<'a>(
    repo: &'a Repo,
    named: Option<&str>,
    inputs: &[ListedInput],
    labels: bool,
) -> Option<&'a Workflow> {
    let candidates: Vec<&Workflow> = match named {
        Some(n) => match lookup(repo, n) {
            Lookup::Found(w) => vec![w],
            _ => return None,
        },
        None => repo.workflows.iter().collect(),
    };
    let mut scored: Vec<(usize, &Workflow)> = candidates
        .into_iter()
        .map(|w| {
            let triggers = input_triggers(w, labels);
            let n = inputs.iter().filter(|i| matched(i, &triggers, labels)).count();
            (n, w)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    scored.sort_by_key(|b| std::cmp::Reverse(b.0));
    match scored.as_slice() {
        [(best, w), rest @ ..] if rest.first().is_none_or(|(n, _)| n < best) => Some(*w),
        _ => None,
    }
}

pub(super) fn listed_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    claim: &crate::docs::Claim,
    out: &mut Vec<ClaimCheck>,
) {
    let ClaimKind::ListedInputs {
        workflow,
        inputs,
        labels,
    } = &claim.kind
    else {
        return;
    };
    let Some(wf) = target(repo, workflow.as_deref(), inputs, *labels) else {
        return;
    };
    let triggers = input_triggers(wf, *labels);
    let declared: Vec<&Input> = triggers.iter().flat_map(|t| &t.inputs).collect();
    let names: Vec<&str> = declared.iter().map(|i| i.name.value.as_str()).collect();
    let events: Vec<&str> = triggers.iter().map(|t| t.event.as_str()).collect();
    let what = if *labels { "option" } else { "input" };
    for item in inputs {
        let line = crate::facts::text::line_as_quote(doc.line_text(item.span.start.line));
        let check = ClaimCheck::new(
            rule,
            doc,
            item.span,
            format!("{what} `{}` of {}", item.name, wf.file.file_name()),
            line,
        );
        if matched(item, &triggers, *labels) {
            if let Some(check) = default_differs(rule, doc, wf, item, &declared) {
                out.push(check);
                continue;
            }
            out.push(check.verdict(
                Outcome::Holds,
                format!("{} declares it", wf.file.file_name()),
                "",
            ));
            continue;
        }
        let hint = if *labels {
            String::new()
        } else {
            closest(&item.name, names.iter().copied())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default()
        };
        let listed: Vec<String> = declared
            .iter()
            .map(|i| match (&i.description, *labels) {
                (Some(d), true) if !d.trim().is_empty() => {
                    format!("`{}` ({})", i.name.value, d.trim())
                }
                _ => format!("`{}`", i.name.value),
            })
            .collect();
        let missing = if *labels {
            format!(
                "no input of {} matches the option \"{}\"",
                wf.file.file_name(),
                item.name
            )
        } else {
            format!("{} has no input `{}`{hint}", wf.file.file_name(), item.name)
        };
        let mut check = check
            .short(format!("No {what} `{}`", item.name))
            .verdict(
                Outcome::Violated,
                format!("{missing}; its {} inputs: {}", events.join("/"), listed.join(", ")),
                "the documented option does not exist when the workflow is run",
            );
        for t in &triggers {
            check = check.related(&wf.file, t.span, format!("`{}` inputs", t.event));
        }
        out.push(check);
    }
}

/// The default the doc gives an input, when the workflow's differs: the value the Run-workflow
/// form shows (the declared `default:`; unchecked for a boolean without one; the first option
/// of a choice without one). Other inputs without a default cannot be compared.
fn default_differs(
    rule: &'static str,
    doc: &SourceFile,
    wf: &Workflow,
    item: &ListedInput,
    declared: &[&Input],
) -> Option<ClaimCheck> {
    let (written, span) = item.default.as_ref()?;
    let input = declared
        .iter()
        .find(|i| norm(&i.name.value) == norm(&item.name))?;
    let (actual, at) = match (&input.default, &input.kind) {
        (Some(d), _) => (d.value.clone(), Some(d.span)),
        (None, InputKind::Boolean) => ("false".to_string(), None),
        (None, InputKind::Choice) => {
            let first = input.options.first()?;
            (first.value.clone(), Some(first.span))
        }
        _ => return None,
    };
    // An empty or computed default is filled in elsewhere (a script's fallback): the doc may
    // name the value it stands for.
    if actual.trim().is_empty() || actual.holds_template() {
        return None;
    }
    if same_value(written, &actual) {
        return None;
    }
    let shown = if input.default.is_some() {
        format!("`{actual}`")
    } else if input.kind == InputKind::Boolean {
        "`false` (a boolean without `default:` starts unchecked)".to_string()
    } else {
        format!("`{actual}` (the first option; no `default:`)")
    };
    let check = ClaimCheck::new(
        rule,
        doc,
        *span,
        format!("default of input `{}` of {}", item.name, wf.file.file_name()),
        crate::facts::text::line_as_quote(doc.line_text(span.start.line)),
    )
    .short(format!("Default of `{}`", item.name))
    .verdict(
        Outcome::Violated,
        format!(
            "{}: input `{}` defaults to {shown}, not `{written}`",
            wf.file.file_name(),
            input.name.value
        ),
        "a run that keeps the form's default does something else than documented",
    );
    Some(check.related(&wf.file, at.unwrap_or(input.name.span), "the input's default"))
}

/// Two written values are the same default: equal ignoring quotes and case, the same number
/// (`30` and `30.0`), or the same boolean in YAML's spellings (`yes`/`on`/`true`).
fn same_value(written: &str, actual: &str) -> bool {
    let value = |v: &str| v.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let (a, b) = (value(written), value(actual));
    if a == b {
        return true;
    }
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x == y;
    }
    let boolean = |v: &str| match v {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    };
    boolean(&a).is_some() && boolean(&a) == boolean(&b)
}
