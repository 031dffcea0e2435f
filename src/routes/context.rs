//! The expression context of a run: what `github.*` and `inputs.*` hold for an event.
//! Anything not set here stays unknown (secrets, vars, step outputs, changed files).

use std::collections::BTreeMap;

use super::event::{is_unknown_value, ref_knowledge, Event, RefKnowledge};
use crate::expr::{Context, Value};
use crate::workflow::{Input, InputKind};

/// Set github.ref, ref_name and ref_type as far as the ref is known.
fn set_ref(ctx: &mut Context, git_ref: &str) {
    match ref_knowledge(git_ref) {
        RefKnowledge::Branch(name) => {
            ctx.set("github.ref", Value::from(git_ref));
            ctx.set("github.ref_name", Value::from(name));
            ctx.set("github.ref_type", Value::from("branch"));
        }
        RefKnowledge::Tag(name) => {
            ctx.set("github.ref", Value::from(git_ref));
            ctx.set("github.ref_name", Value::from(name));
            ctx.set("github.ref_type", Value::from("tag"));
        }
        RefKnowledge::SomeTag => ctx.set("github.ref_type", Value::from("tag")),
        RefKnowledge::Unknown => {}
    }
}

/// The value an input has in the `inputs` context: booleans and numbers are typed.
fn typed(kind: &InputKind, raw: &str) -> Value {
    match kind {
        InputKind::Boolean => match raw.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::from(raw),
        },
        InputKind::Number => raw
            .trim()
            .parse::<f64>()
            .map(Value::Number)
            .unwrap_or_else(|_| Value::from(raw)),
        _ => Value::from(raw),
    }
}

/// The value of each declared input: given, else its default; None = unknown.
pub(crate) fn input_values(
    declared: &[Input],
    given: &BTreeMap<String, Option<String>>,
) -> Vec<(String, InputKind, Option<String>)> {
    declared
        .iter()
        .map(|input| {
            let name = input.name.value.clone();
            let value = match given.get(&name) {
                Some(v) => v.clone(),
                None => input.default.as_ref().map(|d| d.value.clone()),
            };
            (name, input.kind.clone(), value)
        })
        .collect()
}

/// Set an object (`inputs`, `github.event.inputs`) that must not be set yet: complete when
/// every value is known (so undeclared names read as null), else only the known keys, the
/// rest staying unknown.
fn set_object(ctx: &mut Context, path: &str, values: &[(String, Value)], complete: bool) {
    if complete {
        let object: BTreeMap<String, Value> = values.iter().cloned().collect();
        ctx.set(path, Value::Object(object));
        return;
    }
    for (k, v) in values {
        ctx.set(&format!("{path}.{k}"), v.clone());
    }
}

/// Set `inputs` from declared inputs and given values, on a context without `inputs`.
pub(crate) fn set_inputs(ctx: &mut Context, values: &[(String, InputKind, Option<String>)]) {
    let known: Vec<(String, Value)> = values
        .iter()
        .filter_map(|(k, kind, v)| v.as_ref().map(|v| (k.clone(), typed(kind, v))))
        .collect();
    set_object(ctx, "inputs", &known, known.len() == values.len());
}

/// Values of a called workflow's inputs: from `with:`, else the input's default, else the
/// type's empty value (GitHub passes `""`, `false` or `0` for an optional input the caller
/// leaves out).
pub(crate) fn call_input_values(
    declared: &[Input],
    given: &BTreeMap<String, Option<String>>,
) -> Vec<(String, InputKind, Option<String>)> {
    let mut values = input_values(declared, given);
    for ((name, kind, value), input) in values.iter_mut().zip(declared) {
        if value.is_none() && !given.contains_key(name) && input.default.is_none() {
            *value = Some(
                match kind {
                    InputKind::Boolean => "false",
                    InputKind::Number => "0",
                    _ => "",
                }
                .to_string(),
            );
        }
    }
    values
}

/// Given dispatch inputs, unknown values (`$VERSION`, `<any>`) as None.
pub(crate) fn given_inputs(inputs: &BTreeMap<String, String>) -> BTreeMap<String, Option<String>> {
    inputs
        .iter()
        .map(|(k, v)| (k.clone(), (!is_unknown_value(v)).then(|| v.clone())))
        .collect()
}

/// What the expressions of a run can know.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunContext {
    /// Everything but `inputs` (a called workflow gets its own).
    pub base: Context,
    pub full: Context,
    /// Unset dispatch inputs with few possible values.
    pub choices: Choices,
}

/// The context of a run of `event`, started by trigger `event_name`; `dispatch_inputs` are
/// the `workflow_dispatch` inputs of the dispatched workflow (for both `inputs` and
/// `github.event.inputs`).
pub(crate) fn run_context(
    event: &Event,
    event_name: &str,
    dispatch_inputs: &[Input],
    default_branch: &str,
) -> RunContext {
    let mut choices = Choices::default();
    let mut ctx = Context::new().with("github.event_name", Value::from(event_name));
    let git_ref = match event {
        Event::PullRequest { base } if event_name == "pull_request_target" => {
            format!("refs/heads/{base}")
        }
        _ => event.git_ref(default_branch),
    };
    set_ref(&mut ctx, &git_ref);
    match event {
        Event::PullRequest { base } => {
            ctx.set("github.base_ref", Value::from(base.as_str()));
        }
        _ => {
            ctx.set("github.base_ref", Value::from(""));
            ctx.set("github.head_ref", Value::from(""));
        }
    }
    let mut full = ctx.clone();
    match event {
        Event::Dispatch { inputs, .. } => {
            let values = input_values(dispatch_inputs, &given_inputs(inputs));
            set_inputs(&mut full, &values);
            // github.event.inputs holds every value as a string.
            let strings: Vec<(String, Value)> = values
                .iter()
                .filter_map(|(k, _, v)| v.as_ref().map(|v| (k.clone(), Value::from(v.as_str()))))
                .collect();
            let complete = strings.len() == values.len();
            set_object(&mut ctx, "github.event.inputs", &strings, complete);
            set_object(&mut full, "github.event.inputs", &strings, complete);
            choices = Choices::of_dispatch(event, dispatch_inputs, &values);
        }
        _ => {
            ctx.set("github.event.inputs", Value::Null);
            full.set("github.event.inputs", Value::Null);
            full.set("inputs", Value::Object(BTreeMap::new()));
        }
    }
    RunContext {
        base: ctx,
        full,
        choices,
    }
}

/// Dispatch inputs without a value that can only take a few values (choice options,
/// true/false): a condition or environment that is unknown in general may still be decided
/// by trying each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Choices {
    /// (input name, allowed values as given in the form).
    inputs: Vec<(String, InputKind, Vec<String>)>,
}

/// Combinations tried at most.
const MAX_CHOICE_CONTEXTS: usize = 64;

impl Choices {
    pub(crate) fn of_dispatch(
        event: &Event,
        declared: &[Input],
        values: &[(String, InputKind, Option<String>)],
    ) -> Choices {
        if !event.is_dispatch() {
            return Choices::default();
        }
        let inputs = values
            .iter()
            .filter(|(_, _, v)| v.is_none())
            .filter_map(|(name, kind, _)| {
                let input = declared.iter().find(|i| &i.name.value == name)?;
                let allowed: Vec<String> = match kind {
                    InputKind::Choice if !input.options.is_empty() => {
                        input.options.iter().map(|o| o.value.clone()).collect()
                    }
                    InputKind::Boolean => vec!["true".into(), "false".into()],
                    _ => return None,
                };
                Some((name.clone(), kind.clone(), allowed))
            })
            .collect();
        Choices { inputs }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Names of the inputs tried, for reasons.
    pub(crate) fn names(&self) -> String {
        self.inputs
            .iter()
            .map(|(n, _, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One context per combination of allowed values; None when there are too many.
    pub(crate) fn contexts(&self, base: &Context) -> Option<Vec<Context>> {
        let mut out = vec![base.clone()];
        for (name, kind, allowed) in &self.inputs {
            if out.len().saturating_mul(allowed.len()) > MAX_CHOICE_CONTEXTS {
                return None;
            }
            out = out
                .iter()
                .flat_map(|ctx| {
                    allowed.iter().map(move |v| {
                        let mut c = ctx.clone();
                        c.set(&format!("inputs.{name}"), typed(kind, v));
                        c.set(
                            &format!("github.event.inputs.{name}"),
                            Value::from(v.as_str()),
                        );
                        c
                    })
                })
                .collect();
        }
        Some(out)
    }
}
