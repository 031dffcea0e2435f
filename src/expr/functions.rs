//! The built-in functions, applied to known argument values.

use super::ast::Function;
use super::context::JobStatus;
use super::value::{fold_case, Value};

/// Apply `function` to known arguments. None means the result cannot be known statically
/// (`hashFiles`, an unknown job status) or GitHub would fail the evaluation (bad `format`
/// string, invalid JSON); callers treat both as unknown. `case` evaluates its arguments
/// lazily and is handled by the evaluator, so here it is None.
pub(crate) fn call(function: Function, args: &[Value], status: JobStatus) -> Option<Value> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    let text = |i: usize| arg(i).to_display_string();
    Some(match function {
        Function::StartsWith => Value::Bool(fold_case(&text(0)).starts_with(&fold_case(&text(1)))),
        Function::EndsWith => Value::Bool(fold_case(&text(0)).ends_with(&fold_case(&text(1)))),
        Function::Contains => Value::Bool(contains(arg(0), arg(1))),
        Function::Format => Value::String(format(&text(0), args.get(1..).unwrap_or(&[]))?),
        Function::Join => {
            let separator = args
                .get(1)
                .map_or(",".to_string(), Value::to_display_string);
            match arg(0) {
                Value::Array(items) => Value::String(
                    items
                        .iter()
                        .map(Value::to_display_string)
                        .collect::<Vec<_>>()
                        .join(&separator),
                ),
                other => Value::String(other.to_display_string()),
            }
        }
        Function::ToJson => Value::String(serde_json::to_string_pretty(&arg(0).to_json()).ok()?),
        Function::FromJson => {
            Value::from_json(serde_json::from_str::<serde_json::Value>(&text(0)).ok()?)
        }
        Function::HashFiles | Function::Case => return None,
        Function::Always => Value::Bool(true),
        Function::Success => Value::Bool(status_is(status, JobStatus::Success)?),
        Function::Failure => Value::Bool(status_is(status, JobStatus::Failure)?),
        Function::Cancelled => Value::Bool(status_is(status, JobStatus::Cancelled)?),
    })
}

fn status_is(status: JobStatus, wanted: JobStatus) -> Option<bool> {
    match status {
        JobStatus::Unknown => None,
        known => Some(known == wanted),
    }
}

/// `contains(search, item)`: element test for arrays, case-insensitive substring otherwise.
fn contains(search: &Value, item: &Value) -> bool {
    match search {
        Value::Array(items) => items.iter().any(|v| v.loose_eq(item)),
        other => {
            fold_case(&other.to_display_string()).contains(&fold_case(&item.to_display_string()))
        }
    }
}

/// `format('{0} and {1}', a, b)` with `{{` and `}}` for literal braces. None when the format
/// string is malformed or names a missing argument.
fn format(template: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '{' => {
                let mut digits = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        d if d.is_ascii_digit() => digits.push(d),
                        _ => return None,
                    }
                }
                let index: usize = digits.parse().ok()?;
                out.push_str(&args.get(index)?.to_display_string());
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => return None,
            other => out.push(other),
        }
    }
    Some(out)
}
