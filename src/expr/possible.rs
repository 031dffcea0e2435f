//! Enumerating the values an expression can take when parts of the context are unknown:
//! `inputs.env == 'prod' && 'production' || 'staging'` can only be one of two names, even
//! though `inputs.env` could be anything.

use super::ast::{Expr, ExprKind, Function};
use super::context::Context;
use super::eval::{compare, eval};
use super::functions;
use super::value::Value;
use super::Eval;

/// More distinct outcomes than this and we give up (`None`): such a set is no use in a
/// report, and it bounds the work on hostile input.
pub const MAX_POSSIBLE_VALUES: usize = 64;

/// One possible outcome: a concrete value, or a value we only know the truthiness of.
#[derive(Debug, Clone)]
enum Outcome {
    Value(Value),
    AnyTruthy,
    AnyFalsy,
    Any,
}

impl Outcome {
    fn same_as(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::Value(a), Outcome::Value(b)) => a.same_as(b),
            (Outcome::AnyTruthy, Outcome::AnyTruthy)
            | (Outcome::AnyFalsy, Outcome::AnyFalsy)
            | (Outcome::Any, Outcome::Any) => true,
            _ => false,
        }
    }
}

/// A de-duplicated, order-preserving set of outcomes that collapses to `Any` when it grows
/// past [`MAX_POSSIBLE_VALUES`].
#[derive(Debug, Clone, Default)]
struct Outcomes(Vec<Outcome>);

impl Outcomes {
    fn one(outcome: Outcome) -> Outcomes {
        Outcomes(vec![outcome])
    }

    fn any() -> Outcomes {
        Outcomes::one(Outcome::Any)
    }

    fn both_bools() -> Outcomes {
        Outcomes(vec![
            Outcome::Value(Value::Bool(true)),
            Outcome::Value(Value::Bool(false)),
        ])
    }

    fn push(&mut self, outcome: Outcome) {
        if self.0.len() == 1 && matches!(self.0.first(), Some(Outcome::Any)) {
            return;
        }
        if self.0.iter().any(|o| o.same_as(&outcome)) {
            return;
        }
        if self.0.len() >= MAX_POSSIBLE_VALUES {
            self.0 = vec![Outcome::Any];
            return;
        }
        self.0.push(outcome);
    }

    fn extend(&mut self, other: &Outcomes) {
        for o in &other.0 {
            self.push(o.clone());
        }
    }

    /// The concrete values, or None if any outcome is only partly known.
    fn values(&self) -> Option<Vec<Value>> {
        self.0
            .iter()
            .map(|o| match o {
                Outcome::Value(v) => Some(v.clone()),
                _ => None,
            })
            .collect()
    }
}

pub(crate) fn possible_values(expr: &Expr, ctx: &Context) -> Option<Vec<Value>> {
    outcomes(expr, ctx).values()
}

fn outcomes(expr: &Expr, ctx: &Context) -> Outcomes {
    // Whatever is fully known needs no enumeration.
    if let Eval::Known(v) = eval(expr, ctx) {
        return Outcomes::one(Outcome::Value(v));
    }
    match &expr.kind {
        ExprKind::Literal(v) => Outcomes::one(Outcome::Value(v.clone())),
        // Property chains over unknown context values: no way to enumerate.
        ExprKind::Context(_)
        | ExprKind::Property(..)
        | ExprKind::Index(..)
        | ExprKind::Filter(_) => Outcomes::any(),
        ExprKind::Not(operand) => {
            let mut result = Outcomes::default();
            for o in &outcomes(operand, ctx).0 {
                match o {
                    Outcome::Value(v) => result.push(Outcome::Value(Value::Bool(!v.truthy()))),
                    Outcome::AnyTruthy => result.push(Outcome::Value(Value::Bool(false))),
                    Outcome::AnyFalsy => result.push(Outcome::Value(Value::Bool(true))),
                    Outcome::Any => result.extend(&Outcomes::both_bools()),
                }
            }
            result
        }
        ExprKind::Compare(op, left, right) => {
            match argument_values(&[left.as_ref(), right.as_ref()], ctx) {
                Some(combos) => {
                    let mut result = Outcomes::default();
                    for combo in combos {
                        if let [a, b] = combo.as_slice() {
                            result.push(Outcome::Value(Value::Bool(compare(*op, a, b))));
                        }
                    }
                    result
                }
                None => Outcomes::both_bools(),
            }
        }
        ExprKind::And(left, right) => short_circuit(left, right, ctx, false),
        ExprKind::Or(left, right) => short_circuit(left, right, ctx, true),
        ExprKind::Call(Function::Case, args) => case_outcomes(args, ctx),
        ExprKind::Call(function, args) => call_outcomes(*function, args, ctx),
    }
}

/// `left && right` (`stop_when_truthy` false) or `left || right` (true): the left value is
/// the result when it stops the evaluation, otherwise the right value is.
fn short_circuit(left: &Expr, right: &Expr, ctx: &Context, stop_when_truthy: bool) -> Outcomes {
    let mut result = Outcomes::default();
    let mut right_outcomes: Option<Outcomes> = None;
    let mut add_right = |result: &mut Outcomes| {
        let r = right_outcomes.get_or_insert_with(|| outcomes(right, ctx));
        result.extend(r);
    };
    let stopping_any = if stop_when_truthy {
        Outcome::AnyTruthy
    } else {
        Outcome::AnyFalsy
    };
    for o in outcomes(left, ctx).0 {
        match o {
            Outcome::Value(v) if v.truthy() == stop_when_truthy => {
                result.push(Outcome::Value(v));
            }
            Outcome::Value(_) => add_right(&mut result),
            Outcome::AnyTruthy if stop_when_truthy => result.push(Outcome::AnyTruthy),
            Outcome::AnyFalsy if !stop_when_truthy => result.push(Outcome::AnyFalsy),
            Outcome::AnyTruthy | Outcome::AnyFalsy => add_right(&mut result),
            // Keep outcomes in source order: `c && 'x' || 'y'` lists 'x' before 'y'.
            Outcome::Any if stop_when_truthy => {
                result.push(stopping_any.clone());
                add_right(&mut result);
            }
            Outcome::Any => {
                add_right(&mut result);
                result.push(stopping_any.clone());
            }
        }
    }
    result
}

/// `case(...)`: every value whose predicate may be true, up to the first one that surely is,
/// and the default when no predicate is surely true.
fn case_outcomes(args: &[Expr], ctx: &Context) -> Outcomes {
    let Some((default, pairs)) = args.split_last() else {
        return Outcomes::any();
    };
    let mut result = Outcomes::default();
    for pair in pairs.chunks(2) {
        let [predicate, value] = pair else {
            return Outcomes::any();
        };
        let mut may_be_true = false;
        let mut may_be_false = false;
        for o in outcomes(predicate, ctx).0 {
            match o {
                Outcome::Value(Value::Bool(b)) => {
                    may_be_true |= b;
                    may_be_false |= !b;
                }
                // A non-boolean predicate is an evaluation error: no value to list.
                Outcome::Value(_) => result.push(Outcome::Any),
                Outcome::AnyTruthy | Outcome::AnyFalsy | Outcome::Any => {
                    may_be_true = true;
                    may_be_false = true;
                }
            }
        }
        if may_be_true {
            result.extend(&outcomes(value, ctx));
        }
        if !may_be_false {
            return result;
        }
    }
    result.extend(&outcomes(default, ctx));
    result
}

fn call_outcomes(function: Function, args: &[Expr], ctx: &Context) -> Outcomes {
    let returns_bool = matches!(
        function,
        Function::StartsWith
            | Function::EndsWith
            | Function::Contains
            | Function::Success
            | Function::Failure
            | Function::Cancelled
            | Function::Always
    );
    let arg_refs: Vec<&Expr> = args.iter().collect();
    let unknown = if returns_bool {
        Outcomes::both_bools()
    } else {
        Outcomes::any()
    };
    let Some(combos) = argument_values(&arg_refs, ctx) else {
        return unknown;
    };
    let mut result = Outcomes::default();
    for combo in combos {
        match functions::call(function, &combo, ctx.status()) {
            Some(v) => result.push(Outcome::Value(v)),
            None => result.extend(&unknown),
        }
    }
    result
}

/// Every combination of concrete argument values, or None when some argument cannot be
/// enumerated or there are too many combinations.
fn argument_values(args: &[&Expr], ctx: &Context) -> Option<Vec<Vec<Value>>> {
    let mut combos: Vec<Vec<Value>> = vec![Vec::new()];
    for arg in args {
        let values = outcomes(arg, ctx).values()?;
        if combos.len().saturating_mul(values.len()) > MAX_POSSIBLE_VALUES {
            return None;
        }
        combos = combos
            .iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut combo = prefix.clone();
                    combo.push(v.clone());
                    combo
                })
            })
            .collect();
    }
    Some(combos)
}
