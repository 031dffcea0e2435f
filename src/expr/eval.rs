//! Three-valued evaluation: a value when the context given is enough, unknown otherwise.
//! Short-circuits are exact: `false && x` is false and `true || x` is true whatever `x` is.

use super::ast::{CmpOp, Expr, ExprKind, Function};
use super::context::{Context, Node};
use super::functions;
use super::value::Value;
use super::{Eval, Tri};
use std::collections::BTreeMap;

/// Intermediate result while walking property chains: borrowing avoids copying large
/// context objects (`github.event`) for each `.`.
enum Ev<'a> {
    Owned(Value),
    Borrowed(&'a Value),
    /// The result of `.*` / `[*]`: later `.name` and `[i]` apply to every element.
    Filtered(Vec<Value>),
    /// A partly known context object.
    Partial(&'a BTreeMap<String, Node>),
    Unknown,
}

impl Ev<'_> {
    fn into_eval(self) -> Eval {
        match self {
            Ev::Owned(v) => Eval::Known(v),
            Ev::Borrowed(v) => Eval::Known(v.clone()),
            Ev::Filtered(items) => Eval::Known(Value::Array(items)),
            Ev::Partial(_) | Ev::Unknown => Eval::Unknown,
        }
    }
}

/// A property name (`.name`) or an index value (`[expr]`).
enum Key<'k> {
    Name(&'k str),
    Value(&'k Value),
}

pub(crate) fn eval(expr: &Expr, ctx: &Context) -> Eval {
    match &expr.kind {
        ExprKind::Literal(v) => Eval::Known(v.clone()),
        ExprKind::Context(_)
        | ExprKind::Property(..)
        | ExprKind::Index(..)
        | ExprKind::Filter(_) => eval_chain(expr, ctx).into_eval(),
        ExprKind::Not(operand) => match eval(operand, ctx) {
            Eval::Known(v) => Eval::Known(Value::Bool(!v.truthy())),
            Eval::Unknown => Eval::Unknown,
        },
        ExprKind::Compare(op, left, right) => match (eval(left, ctx), eval(right, ctx)) {
            (Eval::Known(a), Eval::Known(b)) => Eval::Known(Value::Bool(compare(*op, &a, &b))),
            _ => Eval::Unknown,
        },
        ExprKind::And(left, right) => match eval(left, ctx) {
            Eval::Known(v) if !v.truthy() => Eval::Known(v),
            Eval::Known(_) => eval(right, ctx),
            Eval::Unknown => Eval::Unknown,
        },
        ExprKind::Or(left, right) => match eval(left, ctx) {
            Eval::Known(v) if v.truthy() => Eval::Known(v),
            Eval::Known(_) => eval(right, ctx),
            Eval::Unknown => Eval::Unknown,
        },
        ExprKind::Call(Function::Case, args) => eval_case(args, ctx),
        ExprKind::Call(function, args) => {
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                match eval(arg, ctx) {
                    Eval::Known(v) => values.push(v),
                    Eval::Unknown => return Eval::Unknown,
                }
            }
            functions::call(*function, &values, ctx.status()).map_or(Eval::Unknown, Eval::Known)
        }
    }
}

/// `case(p1, v1, ..., default)`: predicates are tried in order and must be booleans (any
/// other value is treated as an evaluation error, so unknown).
fn eval_case(args: &[Expr], ctx: &Context) -> Eval {
    let Some((default, pairs)) = args.split_last() else {
        return Eval::Unknown;
    };
    for pair in pairs.chunks(2) {
        let [predicate, value] = pair else {
            return Eval::Unknown;
        };
        match eval(predicate, ctx) {
            Eval::Known(Value::Bool(true)) => return eval(value, ctx),
            Eval::Known(Value::Bool(false)) => {}
            _ => return Eval::Unknown,
        }
    }
    eval(default, ctx)
}

/// Truthiness of an expression. Stronger than `eval(..).truthy()` for `&&`, `||` and `!`:
/// `unknown && false` is falsy whichever value `unknown` has.
pub(crate) fn truth(expr: &Expr, ctx: &Context) -> Tri {
    match &expr.kind {
        ExprKind::Not(operand) => truth(operand, ctx).not(),
        ExprKind::And(left, right) => match truth(left, ctx) {
            Tri::False => Tri::False,
            Tri::True => truth(right, ctx),
            Tri::Unknown => match truth(right, ctx) {
                Tri::False => Tri::False,
                _ => Tri::Unknown,
            },
        },
        ExprKind::Or(left, right) => match truth(left, ctx) {
            Tri::True => Tri::True,
            Tri::False => truth(right, ctx),
            Tri::Unknown => match truth(right, ctx) {
                Tri::True => Tri::True,
                _ => Tri::Unknown,
            },
        },
        _ => match eval(expr, ctx) {
            Eval::Known(v) => Tri::from(v.truthy()),
            Eval::Unknown => Tri::Unknown,
        },
    }
}

pub(crate) fn compare(op: CmpOp, a: &Value, b: &Value) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        CmpOp::Eq => a.loose_eq(b),
        CmpOp::Ne => !a.loose_eq(b),
        CmpOp::Lt => a.loose_cmp(b) == Some(Less),
        CmpOp::Le => matches!(a.loose_cmp(b), Some(Less | Equal)),
        CmpOp::Gt => a.loose_cmp(b) == Some(Greater),
        CmpOp::Ge => matches!(a.loose_cmp(b), Some(Greater | Equal)),
    }
}

fn eval_chain<'a>(expr: &Expr, ctx: &'a Context) -> Ev<'a> {
    match &expr.kind {
        ExprKind::Context(name) => ctx.root(name).map_or(Ev::Unknown, node_ev),
        ExprKind::Property(base, name) => deref(eval_chain(base, ctx), Key::Name(name)),
        ExprKind::Index(base, index) => match eval(index, ctx) {
            Eval::Known(key) => deref(eval_chain(base, ctx), Key::Value(&key)),
            Eval::Unknown => Ev::Unknown,
        },
        ExprKind::Filter(base) => filter(eval_chain(base, ctx)),
        _ => match eval(expr, ctx) {
            Eval::Known(v) => Ev::Owned(v),
            Eval::Unknown => Ev::Unknown,
        },
    }
}

fn node_ev(node: &Node) -> Ev<'_> {
    match node {
        Node::Known(v) => Ev::Borrowed(v),
        Node::Partial(children) => Ev::Partial(children),
    }
}

fn deref<'a>(base: Ev<'a>, key: Key<'_>) -> Ev<'a> {
    match base {
        Ev::Unknown => Ev::Unknown,
        Ev::Partial(children) => {
            let name = match key {
                Key::Name(name) => name,
                Key::Value(Value::String(s)) => s.as_str(),
                Key::Value(_) => return Ev::Unknown,
            };
            children
                .get(&name.to_lowercase())
                .map_or(Ev::Unknown, node_ev)
        }
        Ev::Borrowed(v) => lookup(v, &key).map_or(Ev::Owned(Value::Null), Ev::Borrowed),
        Ev::Owned(v) => Ev::Owned(lookup(&v, &key).cloned().unwrap_or(Value::Null)),
        Ev::Filtered(items) => Ev::Filtered(
            items
                .iter()
                .filter_map(|item| lookup(item, &key))
                .cloned()
                .collect(),
        ),
    }
}

/// Property or element of a value; None when absent (reads as null).
fn lookup<'v>(value: &'v Value, key: &Key<'_>) -> Option<&'v Value> {
    match (value, key) {
        (Value::Object(map), Key::Name(name)) => object_get(map, name),
        (Value::Object(map), Key::Value(Value::String(name))) => object_get(map, name),
        (Value::Array(items), Key::Value(index)) => {
            let n = index.to_number();
            if n.is_finite() && n >= 0.0 {
                items.get(n.trunc() as usize)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn object_get<'v>(map: &'v BTreeMap<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        let wanted = name.to_lowercase();
        map.iter()
            .find(|(k, _)| k.to_lowercase() == wanted)
            .map(|(_, v)| v)
    })
}

fn filter(base: Ev<'_>) -> Ev<'_> {
    let children = |v: &Value| -> Vec<Value> {
        match v {
            Value::Array(items) => items.clone(),
            Value::Object(map) => map.values().cloned().collect(),
            _ => Vec::new(),
        }
    };
    match base {
        Ev::Unknown | Ev::Partial(_) => Ev::Unknown,
        Ev::Borrowed(v) => Ev::Filtered(children(v)),
        Ev::Owned(v) => Ev::Filtered(children(&v)),
        Ev::Filtered(items) => Ev::Filtered(items.iter().flat_map(children).collect()),
    }
}
