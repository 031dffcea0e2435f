//! Strings with `${{ }}` parts (`deploy-${{ inputs.env }}`), and `if:` values.

use super::ast::{Expr, Function};
use super::context::Context;
use super::eval::{eval, truth};
use super::functions;
use super::memo;
use super::value::Value;
use super::{possible_values, uses_status_function, Eval, ExprError, Tri, MAX_POSSIBLE_VALUES};
use crate::source::HoldsTemplate as _;

/// One piece of a template string.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    /// A parsed `${{ }}` part; its offsets count characters from the start of the template.
    Expr(Expr),
}

/// Split a string into literal text and parsed `${{ }}` parts. A `}}` inside a quoted string
/// does not end an expression.
pub fn parse_template(raw: &str) -> Result<Vec<TemplatePart>, ExprError> {
    (*memo::template(raw)).clone()
}

/// An expression's parse, remembered (see [`memo`]).
fn parse_expr(src: &str) -> Result<Expr, ExprError> {
    (*memo::expr(src)).clone()
}

/// [`parse_template`] without the memo.
pub(super) fn parse_template_uncached(raw: &str) -> Result<Vec<TemplatePart>, ExprError> {
    let mut parts = Vec::new();
    let mut rest = raw;
    let mut consumed_chars = 0;
    while let Some(open) = rest.find("${{") {
        let open_chars = consumed_chars + rest.get(..open).map_or(0, |s| s.chars().count());
        if open > 0 {
            parts.push(TemplatePart::Text(
                rest.get(..open).unwrap_or("").to_string(),
            ));
        }
        let inner_start = open + 3;
        let inner_and_rest = rest.get(inner_start..).unwrap_or("");
        let Some(close) = find_close(inner_and_rest) else {
            return Err(ExprError::new(
                open_chars,
                "`${{` is never closed with `}}`",
            ));
        };
        let inner = inner_and_rest.get(..close).unwrap_or("");
        let mut expr = parse_expr(inner).map_err(|e| e.shifted(open_chars + 3))?;
        expr.shift_offsets(open_chars + 3);
        parts.push(TemplatePart::Expr(expr));
        let after = inner_start + close + 2;
        consumed_chars = open_chars + 3 + inner.chars().count() + 2;
        rest = rest.get(after..).unwrap_or("");
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest.to_string()));
    }
    Ok(parts)
}

/// Byte index of the `}}` that closes an expression, skipping quoted strings.
fn find_close(s: &str) -> Option<usize> {
    let mut in_string = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' {
            // `''` inside a string toggles twice, which is right.
            in_string = !in_string;
        } else if !in_string && b == b'}' && bytes.get(i + 1) == Some(&b'}') {
            return Some(i);
        }
        i += 1;
    }
    None
}

pub(crate) fn eval_template(raw: &str, ctx: &Context) -> Result<Eval, ExprError> {
    match &*memo::template(raw) {
        Ok(parts) => Ok(eval_parts(parts, ctx)),
        Err(e) => Err(e.clone()),
    }
}

/// [`eval_template`] of a template already parsed.
pub(crate) fn eval_parts(parts: &[TemplatePart], ctx: &Context) -> Eval {
    let mut out = String::new();
    let mut known = true;
    for part in parts {
        match part {
            TemplatePart::Text(text) => out.push_str(text),
            TemplatePart::Expr(expr) => match eval(expr, ctx) {
                Eval::Known(v) => out.push_str(&v.to_display_string()),
                Eval::Unknown => known = false,
            },
        }
    }
    if known {
        Eval::Known(Value::String(out))
    } else {
        Eval::Unknown
    }
}

pub(crate) fn possible_template_values(
    raw: &str,
    ctx: &Context,
) -> Result<Option<Vec<String>>, ExprError> {
    match &*memo::template(raw) {
        Ok(parts) => Ok(possible_parts_values(parts, ctx)),
        Err(e) => Err(e.clone()),
    }
}

/// [`possible_template_values`] of a template already parsed.
pub(crate) fn possible_parts_values(parts: &[TemplatePart], ctx: &Context) -> Option<Vec<String>> {
    let mut results: Vec<String> = vec![String::new()];
    for part in parts {
        let choices: Vec<String> = match part {
            TemplatePart::Text(text) => vec![text.clone()],
            TemplatePart::Expr(expr) => match possible_values(expr, ctx) {
                Some(values) => values.iter().map(Value::to_display_string).collect(),
                None => return None,
            },
        };
        if results.len().saturating_mul(choices.len()) > MAX_POSSIBLE_VALUES {
            return None;
        }
        results = results
            .iter()
            .flat_map(|prefix| choices.iter().map(move |c| format!("{prefix}{c}")))
            .collect();
    }
    let mut unique: Vec<String> = Vec::new();
    for r in results {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    Some(unique)
}

/// How an `if:` value reads: one expression (wrapped in `${{ }}` or not), or a template
/// mixing text and `${{ }}` parts, which GitHub evaluates to a string, so it is true whenever
/// the text is not empty (`if: ${{ a }} && ${{ b }}` always runs).
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Expr(Expr),
    Template(Vec<TemplatePart>),
}

pub(crate) fn parse_condition(raw_if: &str) -> Result<Condition, ExprError> {
    (*memo::condition(raw_if)).clone()
}

/// [`parse_condition`] without the memo.
pub(super) fn parse_condition_uncached(raw_if: &str) -> Result<Condition, ExprError> {
    let leading = raw_if.len() - raw_if.trim_start().len();
    let leading_chars = raw_if.get(..leading).map_or(0, |s| s.chars().count());
    let trimmed = raw_if.trim();
    if trimmed.holds_template() {
        let mut parts = parse_template_uncached(trimmed).map_err(|e| e.shifted(leading_chars))?;
        for part in &mut parts {
            if let TemplatePart::Expr(expr) = part {
                expr.shift_offsets(leading_chars);
            }
        }
        if let [TemplatePart::Expr(_)] = parts.as_slice() {
            if let Some(TemplatePart::Expr(expr)) = parts.pop() {
                return Ok(Condition::Expr(expr));
            }
        }
        return Ok(Condition::Template(parts));
    }
    let mut expr = parse_expr(trimmed).map_err(|e| e.shifted(leading_chars))?;
    expr.shift_offsets(leading_chars);
    Ok(Condition::Expr(expr))
}

pub(crate) fn eval_condition(raw_if: &str, ctx: &Context) -> Result<Tri, ExprError> {
    match &*memo::condition(raw_if) {
        Ok(condition) => Ok(eval_parsed_condition(condition, ctx)),
        Err(e) => Err(e.clone()),
    }
}

/// [`eval_condition`] of a condition already parsed.
pub(crate) fn eval_parsed_condition(condition: &Condition, ctx: &Context) -> Tri {
    let (value, has_status) = match condition {
        Condition::Expr(expr) => (truth(expr, ctx), uses_status_function(expr)),
        Condition::Template(parts) => template_truth(parts, ctx),
    };
    if has_status {
        return value;
    }
    // Implicit `success() && (...)`.
    let success = match functions::call(Function::Success, &[], ctx.status()) {
        Some(v) => Tri::from(v.truthy()),
        None => Tri::Unknown,
    };
    success.and(value)
}

/// Truthiness of a template string: non-empty text makes it truthy outright.
fn template_truth(parts: &[TemplatePart], ctx: &Context) -> (Tri, bool) {
    let mut has_status = false;
    let mut truth_value = Tri::False;
    for part in parts {
        match part {
            TemplatePart::Text(text) if !text.is_empty() => truth_value = truth_value.or(Tri::True),
            TemplatePart::Text(_) => {}
            TemplatePart::Expr(expr) => {
                has_status |= uses_status_function(expr);
                let piece = match eval(expr, ctx) {
                    Eval::Known(v) => Tri::from(!v.to_display_string().is_empty()),
                    Eval::Unknown => Tri::Unknown,
                };
                truth_value = truth_value.or(piece);
            }
        }
    }
    (truth_value, has_status)
}
