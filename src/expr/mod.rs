//! GitHub Actions `${{ }}` expressions: a parser and a three-valued evaluator.
//!
//! The caller describes what it knows about a run in a [`Context`]; everything else is
//! unknown. [`eval`] then gives a value when the known parts decide it and
//! [`Eval::Unknown`] otherwise, with exact short-circuits (`false && x` is false).
//! [`possible_values`] lists what an expression can produce over the unknown parts, e.g.
//! both environments of `inputs.prod && 'production' || 'staging'`.
//!
//! Value semantics follow GitHub: `&&`/`||` return an operand, `==` is loose and ignores
//! case, `null`, `false`, `0`, `-0`, `''` and `NaN` are falsy.

mod ast;
mod context;
mod eval;
mod functions;
mod lexer;
mod memo;
mod parser;
mod possible;
mod template;
mod value;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

pub use ast::{CmpOp, Expr, ExprKind, Function};
pub use context::{Context, JobStatus};
pub use parser::{MAX_DEPTH, MAX_NESTING};
pub use possible::MAX_POSSIBLE_VALUES;
pub use template::{parse_template, Condition, TemplatePart};
pub use value::Value;

/// A syntax error, with the character offset (0-based) where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {offset})")]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

impl ExprError {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> ExprError {
        ExprError {
            offset,
            message: message.into(),
        }
    }

    pub(crate) fn shifted(mut self, by: usize) -> ExprError {
        self.offset += by;
        self
    }
}

/// The result of evaluating against a partial context.
#[derive(Debug, Clone, PartialEq)]
pub enum Eval {
    Known(Value),
    Unknown,
}

impl Eval {
    pub fn known(&self) -> Option<&Value> {
        match self {
            Eval::Known(v) => Some(v),
            Eval::Unknown => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Eval::Unknown)
    }
}

/// A three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    #[allow(clippy::should_implement_trait)] // Kleene logic, not a `!` on a bool.
    pub fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }
}

impl From<bool> for Tri {
    fn from(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
}

/// Parse an expression given without its `${{ }}`.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    (*memo::expr(src)).clone()
}

/// [`parse`] without a copy: the parse shared with every other caller of the same text
/// (parsed once per thread).
pub fn parsed(src: &str) -> std::rc::Rc<Result<Expr, ExprError>> {
    memo::expr(src)
}

/// [`parse_template`] without a copy (see [`parsed`]).
pub fn parsed_template(raw: &str) -> std::rc::Rc<Result<Vec<TemplatePart>, ExprError>> {
    memo::template(raw)
}

/// Evaluate against a partial context.
pub fn eval(expr: &Expr, ctx: &Context) -> Eval {
    eval::eval(expr, ctx)
}

/// Truthiness of an expression, with exact three-valued `&&`, `||` and `!`.
pub fn truthiness(expr: &Expr, ctx: &Context) -> Tri {
    eval::truth(expr, ctx)
}

/// Evaluate a job or step `if:` value, with or without `${{ }}`. Without a status function
/// it means `success() && (...)`. A value mixing text with `${{ }}` parts is a string, as on
/// GitHub, and so true whenever the text is not empty.
pub fn eval_condition(raw_if: &str, ctx: &Context) -> Result<Tri, ExprError> {
    template::eval_condition(raw_if, ctx)
}

/// [`eval_condition`] of a condition parsed once with [`parse_condition`] (for callers that
/// evaluate the same `if:` under many contexts).
pub fn eval_parsed_condition(condition: &Condition, ctx: &Context) -> Tri {
    template::eval_parsed_condition(condition, ctx)
}

/// Parse an `if:` value (with or without `${{ }}`): one expression, or a template string
/// when text surrounds the `${{ }}` parts.
pub fn parse_condition(raw_if: &str) -> Result<Condition, ExprError> {
    template::parse_condition(raw_if)
}

/// Whether the expression calls `success()`, `failure()`, `always()` or `cancelled()`.
pub fn uses_status_function(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Call(f, _) if f.is_status())
        || expr.children().into_iter().any(uses_status_function)
}

/// Evaluate a string that may contain `${{ }}` parts: `Known(String)` when every part is
/// known.
pub fn eval_template(raw: &str, ctx: &Context) -> Result<Eval, ExprError> {
    template::eval_template(raw, ctx)
}

/// [`eval_template`] of a template parsed once with [`parse_template`].
pub fn eval_template_parts(parts: &[TemplatePart], ctx: &Context) -> Eval {
    template::eval_parts(parts, ctx)
}

/// The values an expression can produce given what the context leaves unknown, in order of
/// first appearance; None when some outcome cannot be enumerated (a bare unknown context
/// value) or there are more than [`MAX_POSSIBLE_VALUES`].
pub fn possible_values(expr: &Expr, ctx: &Context) -> Option<Vec<Value>> {
    possible::possible_values(expr, ctx)
}

/// Every string a template can produce (see [`possible_values`]).
pub fn possible_template_values(
    raw: &str,
    ctx: &Context,
) -> Result<Option<Vec<String>>, ExprError> {
    template::possible_template_values(raw, ctx)
}

/// [`possible_template_values`] of a template parsed once with [`parse_template`].
pub fn possible_template_parts_values(
    parts: &[TemplatePart],
    ctx: &Context,
) -> Option<Vec<String>> {
    template::possible_parts_values(parts, ctx)
}

/// The context paths an expression reads, sorted and de-duplicated, as written:
/// `needs.build.outputs.tag`, `a['b']` as `a.b`, a filter as `*` (`labels.*.name`). A
/// dynamic index ends the path (`inputs[matrix.key]` reads `inputs` and `matrix.key`).
pub fn context_paths(expr: &Expr) -> Vec<String> {
    let mut paths = Vec::new();
    collect_paths(expr, &mut paths);
    paths.sort();
    paths.dedup();
    paths
}

fn collect_paths(expr: &Expr, out: &mut Vec<String>) {
    if let Some(path) = static_path(expr) {
        out.push(path);
        return;
    }
    for child in expr.children() {
        collect_paths(child, out);
    }
}

/// The context paths whose text can become the expression's value, as [`context_paths`]
/// writes them. `a && b` is `b` or a falsy `a` (empty, zero, false, null: no text an attacker
/// chose), `a || b` is either; `!`, comparisons and the predicate functions give booleans,
/// `hashFiles` a hash. So `x && 'a' || 'b'` can only be `a` or `b`: no path.
pub fn value_paths(expr: &Expr) -> Vec<String> {
    let mut paths = Vec::new();
    collect_value_paths(expr, &mut paths);
    paths.sort();
    paths.dedup();
    paths
}

fn collect_value_paths(expr: &Expr, out: &mut Vec<String>) {
    if let Some(path) = static_path(expr) {
        out.push(path);
        return;
    }
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Not(_) | ExprKind::Compare(..) => {}
        ExprKind::And(_, b) => collect_value_paths(b, out),
        ExprKind::Or(a, b) => {
            collect_value_paths(a, out);
            collect_value_paths(b, out);
        }
        ExprKind::Call(f, args) => match f {
            Function::StartsWith
            | Function::EndsWith
            | Function::Contains
            | Function::HashFiles
            | Function::Success
            | Function::Always
            | Function::Failure
            | Function::Cancelled => {}
            // case(pred, value, pred, value, ..., default): only the values.
            Function::Case => {
                for (i, a) in args.iter().enumerate() {
                    if i % 2 == 1 || i + 1 == args.len() {
                        collect_value_paths(a, out);
                    }
                }
            }
            _ => args.iter().for_each(|a| collect_value_paths(a, out)),
        },
        // A dynamic index or a chain not rooted in a context: everything it reads.
        _ => collect_paths(expr, out),
    }
}

/// `a.b['c'].*` as `a.b.c.*`; None if the chain is not rooted in a context or has a
/// dynamic index.
fn static_path(expr: &Expr) -> Option<String> {
    let mut path = String::new();
    write_static_path(expr, &mut path).then_some(path)
}

/// [`static_path`] written into `out` (one string for the whole chain, not one per link);
/// false, with `out` in any state, when the chain has no static path.
fn write_static_path(expr: &Expr, out: &mut String) -> bool {
    match &expr.kind {
        ExprKind::Context(name) => {
            out.push_str(name);
            true
        }
        ExprKind::Property(base, name) => {
            write_static_path(base, out) && {
                out.push('.');
                out.push_str(name);
                true
            }
        }
        ExprKind::Index(base, index) => match &index.kind {
            ExprKind::Literal(Value::String(key)) => {
                write_static_path(base, out) && {
                    out.push('.');
                    out.push_str(key);
                    true
                }
            }
            ExprKind::Literal(Value::Number(n)) => {
                write_static_path(base, out) && {
                    out.push('.');
                    out.push_str(&Value::Number(*n).to_display_string());
                    true
                }
            }
            _ => false,
        },
        ExprKind::Filter(base) => {
            write_static_path(base, out) && {
                out.push_str(".*");
                true
            }
        }
        _ => false,
    }
}
