//! Static types of expressions, for the mistakes a type shows without running anything:
//! comparing an object or array with a scalar, ordering null or booleans, a property of a
//! string, an index of the wrong type, an unknown property of an object whose shape is known
//! (`job.container`, a matrix value, a `fromJSON` of a literal), an object, array or null
//! pasted into a string, `contains` on an object, `format` placeholders that do not match
//! its arguments and `fromJSON` of broken literal JSON. Whatever is not known is `Any`, and
//! `Any` is never wrong.

use crate::source::HoldsTemplate as _;
use std::sync::LazyLock;

use crate::expr::{CmpOp, Expr, ExprKind, Function, Value};
use crate::yaml::{Node, Value as YamlValue};

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Any,
    Null,
    Bool,
    Number,
    String,
    Array(Box<Ty>),
    /// An object with exactly these properties (names compare without case).
    Object(Vec<(String, Ty)>),
    /// An object with any property names, each of this type.
    Map(Box<Ty>),
}

impl Ty {
    pub fn name(&self) -> String {
        match self {
            Ty::Any => "any".to_string(),
            Ty::Null => "null".to_string(),
            Ty::Bool => "bool".to_string(),
            Ty::Number => "number".to_string(),
            Ty::String => "string".to_string(),
            Ty::Array(t) => format!("array<{}>", t.name()),
            Ty::Object(props) if props.is_empty() => "{}".to_string(),
            Ty::Object(props) => format!(
                "{{{}}}",
                props
                    .iter()
                    .map(|(k, t)| format!("{k}: {}", t.name()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Ty::Map(t) => format!("{{string => {}}}", t.name()),
        }
    }

    fn is_compound(&self) -> bool {
        matches!(self, Ty::Array(_) | Ty::Object(_) | Ty::Map(_))
    }

    fn is_objectlike(&self) -> bool {
        matches!(self, Ty::Object(_) | Ty::Map(_))
    }

    /// A value that cannot usefully become text: object, array, null.
    pub fn is_not_text(&self) -> bool {
        self.is_compound() || *self == Ty::Null
    }

    fn property(&self, name: &str) -> Option<&Ty> {
        match self {
            Ty::Object(props) => props
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, t)| t),
            _ => None,
        }
    }
}

/// The union of two types: the type when they agree, else `Any`.
fn join(a: Ty, b: Ty) -> Ty {
    if a == b {
        return a;
    }
    match (a, b) {
        (Ty::Array(x), Ty::Array(y)) => Ty::Array(Box::new(join(*x, *y))),
        (Ty::Object(mut x), Ty::Object(y)) => {
            // Objects of one matrix row may differ in keys: keep every key.
            for (k, t) in y {
                match x.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&k)) {
                    Some((_, old)) => *old = join(old.clone(), t),
                    None => x.push((k, t)),
                }
            }
            Ty::Object(x)
        }
        _ => Ty::Any,
    }
}

fn sorted(mut props: Vec<(String, Ty)>) -> Ty {
    props.sort_by(|a, b| a.0.cmp(&b.0));
    Ty::Object(props)
}

/// The type of a YAML value (a matrix row value, an include entry).
pub fn of_node(node: &Node) -> Ty {
    match &node.value {
        YamlValue::Null => Ty::Null,
        YamlValue::Scalar { text, style } => {
            if text.holds_template() {
                let t = text.trim();
                return match t.strip_prefix("${{").and_then(|r| r.strip_suffix("}}")) {
                    Some(inner) if !inner.holds_template() => crate::expr::parse(inner)
                        .map(|e| infer(&e, &Env::default(), &mut Vec::new()))
                        .unwrap_or(Ty::Any),
                    _ => Ty::String,
                };
            }
            if *style != saphyr_parser::ScalarStyle::Plain {
                return Ty::String;
            }
            match text.as_str() {
                "true" | "false" | "True" | "False" | "TRUE" | "FALSE" => Ty::Bool,
                "null" | "~" | "Null" | "NULL" => Ty::Null,
                t if t.parse::<f64>().is_ok() => Ty::Number,
                _ => Ty::String,
            }
        }
        YamlValue::Seq(items) => Ty::Array(Box::new(
            items.iter().map(of_node).reduce(join).unwrap_or(Ty::Any),
        )),
        YamlValue::Map(entries) => sorted(
            entries
                .iter()
                .map(|e| (e.key.scalar_text().unwrap_or("").to_string(), of_node(&e.value)))
                .collect(),
        ),
    }
}

fn of_json(v: &serde_json::Value) -> Ty {
    match v {
        serde_json::Value::Null => Ty::Null,
        serde_json::Value::Bool(_) => Ty::Bool,
        serde_json::Value::Number(_) => Ty::Number,
        serde_json::Value::String(_) => Ty::String,
        serde_json::Value::Array(items) => {
            Ty::Array(Box::new(items.iter().map(of_json).reduce(join).unwrap_or(Ty::Any)))
        }
        serde_json::Value::Object(m) => {
            sorted(m.iter().map(|(k, v)| (k.clone(), of_json(v))).collect())
        }
    }
}

/// The types of the contexts that have one here; missing ones are `Any`.
#[derive(Default)]
pub struct Env<'a> {
    pub matrix: Option<&'a Ty>,
    pub inputs: Option<&'a Ty>,
}

fn strings(names: &[&str]) -> Vec<(String, Ty)> {
    names.iter().map(|n| (n.to_string(), Ty::String)).collect()
}

fn context(name: &str, env: &Env) -> Ty {
    context_ref(name, env).cloned().unwrap_or(Ty::Any)
}

/// The type of context `name`, without a copy: the fixed contexts are built once (`github`
/// alone has some fifty properties, and most expressions read it), `matrix` and `inputs`
/// are the workflow's. None when unknown.
fn context_ref<'e>(name: &str, env: &Env<'e>) -> Option<&'e Ty> {
    static STRING_MAP: LazyLock<Ty> = LazyLock::new(|| Ty::Map(Box::new(Ty::String)));
    static GITHUB: LazyLock<Ty> = LazyLock::new(|| {
        // Every documented property is a string except these, left unknown.
        let mut props = strings(super::contexts::GITHUB);
        for (k, t) in &mut props {
            if ["event", "ref_protected", "retention_days", "run_attempt", "run_number"].contains(&k.as_str()) {
                *t = Ty::Any;
            }
        }
        sorted(props)
    });
    static RUNNER: LazyLock<Ty> = LazyLock::new(|| sorted(strings(super::contexts::RUNNER)));
    static STRATEGY: LazyLock<Ty> = LazyLock::new(|| {
        sorted(vec![
            ("fail-fast".to_string(), Ty::Bool),
            ("job-index".to_string(), Ty::Number),
            ("job-total".to_string(), Ty::Number),
            ("max-parallel".to_string(), Ty::Number),
        ])
    });
    static JOB: LazyLock<Ty> = LazyLock::new(|| {
        let container = sorted(strings(&["id", "network"]));
        let service = sorted(vec![
            ("id".to_string(), Ty::String),
            ("network".to_string(), Ty::String),
            ("ports".to_string(), Ty::Map(Box::new(Ty::String))),
        ]);
        let mut props = strings(&[
            "status",
            "workflow_file_path",
            "workflow_ref",
            "workflow_repository",
            "workflow_sha",
        ]);
        props.push(("check_run_id".to_string(), Ty::Any));
        props.push(("container".to_string(), container));
        props.push(("services".to_string(), Ty::Map(Box::new(service))));
        sorted(props)
    });
    let fixed: &'static LazyLock<Ty> = match name.to_ascii_lowercase().as_str() {
        "env" | "vars" | "secrets" => &STRING_MAP,
        "github" => &GITHUB,
        "runner" => &RUNNER,
        "strategy" => &STRATEGY,
        "job" => &JOB,
        "matrix" => return env.matrix,
        "inputs" => return env.inputs,
        _ => return None,
    };
    Some(&**fixed)
}

/// A problem at a character offset of the expression's source.
pub type Problem = (usize, String);

/// The type of `expr`; problems found on the way are pushed to `out`.
pub fn infer(expr: &Expr, env: &Env, out: &mut Vec<Problem>) -> Ty {
    match &expr.kind {
        ExprKind::Literal(v) => match v {
            Value::Null => Ty::Null,
            Value::Bool(_) => Ty::Bool,
            Value::Number(_) => Ty::Number,
            Value::String(_) => Ty::String,
            Value::Array(_) | Value::Object(_) => Ty::Any,
        },
        ExprKind::Context(name) => context(name, env),
        ExprKind::Property(base, name) => {
            let judged = judged_base(base);
            // `github.sha`: the context's type is read in place (inferring a context pushes
            // no problem).
            if let ExprKind::Context(c) = &base.kind {
                let bt = context_ref(c, env).unwrap_or(&Ty::Any);
                return property(bt, name, judged, expr.offset, out);
            }
            let bt = infer(base, env, out);
            property(&bt, name, judged, expr.offset, out)
        }
        ExprKind::Index(base, index) => {
            let bt = infer(base, env, out);
            let it = infer(index, env, out);
            if let ExprKind::Literal(Value::String(name)) = &index.kind {
                let judged = judged_base(base);
                return property(&bt, name, judged, expr.offset, out);
            }
            match (&bt, &it) {
                (Ty::Array(elem), Ty::Number | Ty::Any) => (**elem).clone(),
                (Ty::Array(_), other) => {
                    out.push((
                        index.offset,
                        format!("an array is indexed by a number, and this index is a {}", other.name()),
                    ));
                    Ty::Any
                }
                // A number is read as the property name (`job.services.db.ports[5432]`).
                (Ty::Object(_) | Ty::Map(_), Ty::Bool | Ty::Null) => {
                    out.push((
                        index.offset,
                        format!("an object is indexed by a property name (a string), and this index is a {}", it.name()),
                    ));
                    Ty::Any
                }
                (Ty::Map(t), _) => (**t).clone(),
                _ => Ty::Any,
            }
        }
        ExprKind::Filter(base) => match infer(base, env, out) {
            Ty::Array(t) | Ty::Map(t) => Ty::Array(t),
            Ty::Object(props) => Ty::Array(Box::new(
                props.into_iter().map(|(_, t)| t).reduce(join).unwrap_or(Ty::Any),
            )),
            _ => Ty::Array(Box::new(Ty::Any)),
        },
        ExprKind::Not(e) => {
            infer(e, env, out);
            Ty::Bool
        }
        ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            let (ta, tb) = (infer(a, env, out), infer(b, env, out));
            join(ta, tb)
        }
        ExprKind::Compare(op, a, b) => {
            let (ta, tb) = (infer(a, env, out), infer(b, env, out));
            if let Some(m) = compare_problem(*op, &ta, &tb) {
                out.push((expr.offset, m));
            }
            Ty::Bool
        }
        ExprKind::Call(f, args) => {
            let types: Vec<Ty> = args.iter().map(|a| infer(a, env, out)).collect();
            call(*f, args, &types, out)
        }
    }
}

/// Whether a missing property of `base` is reported here: not for first-level properties of
/// contexts (the caller judges them with better words), and not inside matrix values, whose
/// rows often differ in keys on purpose (`matrix.platform.extra || ''`).
fn judged_base(base: &Expr) -> bool {
    let mut root = base;
    while let ExprKind::Property(b, _) | ExprKind::Index(b, _) | ExprKind::Filter(b) = &root.kind {
        root = b;
    }
    let is_matrix = matches!(&root.kind, ExprKind::Context(n) if n.eq_ignore_ascii_case("matrix"));
    !matches!(base.kind, ExprKind::Context(_)) && !is_matrix
}

fn property(bt: &Ty, name: &str, judged: bool, offset: usize, out: &mut Vec<Problem>) -> Ty {
    match bt {
        Ty::Object(props) => match bt.property(name) {
            Some(t) => t.clone(),
            None => {
                if judged {
                    let names: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
                    let hint = crate::checks::common::closest(name, names.iter().copied())
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    out.push((
                        offset,
                        format!("property `{name}` does not exist: the object here is {}{hint}", bt.name()),
                    ));
                }
                Ty::Any
            }
        },
        Ty::Map(t) => (**t).clone(),
        // `labels.*.name`: the property of every element.
        Ty::Array(elem) => Ty::Array(Box::new(match elem.as_ref() {
            Ty::Any => Ty::Any,
            e => property(e, name, false, offset, out),
        })),
        Ty::String | Ty::Number | Ty::Bool if judged => {
            out.push((
                offset,
                format!("`.{name}` reads a property of a {}, which has none (the result is always null)", bt.name()),
            ));
            Ty::Any
        }
        _ => Ty::Any,
    }
}

fn op_text(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

/// GitHub compares objects and arrays by identity, so `==` with anything but another object
/// or array of the same shape is decided in advance; ordering works on numbers and strings.
fn compare_problem(op: CmpOp, a: &Ty, b: &Ty) -> Option<String> {
    if *a == Ty::Any || *b == Ty::Any {
        return None;
    }
    let bad = match op {
        // null equals only null, which is a fair question about anything.
        CmpOp::Eq | CmpOp::Ne => {
            *a != Ty::Null
                && *b != Ty::Null
                && (a.is_compound() || b.is_compound())
                && match (a, b) {
                    (Ty::Array(x), Ty::Array(y)) => {
                        **x != Ty::Any && **y != Ty::Any && std::mem::discriminant(&**x) != std::mem::discriminant(&**y)
                    }
                    _ => !(a.is_objectlike() && b.is_objectlike()),
                }
        }
        _ => [a, b]
            .iter()
            .any(|t| matches!(t, Ty::Null | Ty::Bool) || t.is_compound()),
    };
    bad.then(|| {
        format!(
            "a {} compared with a {} by `{}` has a result known in advance; compare strings, numbers or the property you mean",
            a.name(),
            b.name(),
            op_text(op)
        )
    })
}

fn call(f: Function, args: &[Expr], types: &[Ty], out: &mut Vec<Problem>) -> Ty {
    let literal = |i: usize| match args.get(i).map(|a| &a.kind) {
        Some(ExprKind::Literal(Value::String(s))) => Some(s.as_str()),
        _ => None,
    };
    match f {
        Function::StartsWith | Function::EndsWith | Function::Contains => {
            if let (Some(t), Some(a)) = (types.first(), args.first()) {
                if t.is_objectlike() {
                    out.push((
                        a.offset,
                        format!("{}() takes a string or an array first, and this is an object ({})", f.name(), t.name()),
                    ));
                }
            }
            Ty::Bool
        }
        Function::Format => {
            if let (Some(fmt), Some(a)) = (literal(0), args.first()) {
                if let Some(m) = format_problem(fmt, args.len() - 1) {
                    out.push((a.offset, m));
                }
            }
            Ty::String
        }
        Function::FromJson => {
            let Some(text) = literal(0) else {
                return Ty::Any;
            };
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) => of_json(&v),
                // In a double-quoted YAML scalar the source holds escapes (`\"`) the value
                // does not: not judged.
                Err(_) if text.contains('\\') => Ty::Any,
                Err(e) => {
                    if let Some(a) = args.first() {
                        out.push((a.offset, format!("fromJSON() is given broken JSON: {e}")));
                    }
                    Ty::Any
                }
            }
        }
        Function::Join | Function::ToJson | Function::HashFiles => Ty::String,
        Function::Success | Function::Always | Function::Failure | Function::Cancelled => Ty::Bool,
        Function::Case => Ty::Any,
    }
}

/// Placeholders `{N}` of a format string against the number of arguments after it.
fn format_problem(fmt: &str, given: usize) -> Option<String> {
    let mut used = Vec::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if chars.get(i + 1) == Some(&'{') => i += 2,
            '}' if chars.get(i + 1) == Some(&'}') => i += 2,
            '{' => {
                let digits: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
                if !digits.is_empty() && chars.get(i + 1 + digits.len()) == Some(&'}') {
                    if let Ok(n) = digits.parse::<usize>() {
                        used.push(n);
                    }
                }
                i += 1 + digits.len();
            }
            _ => i += 1,
        }
    }
    if let Some(missing) = used.iter().find(|n| **n >= given) {
        return Some(format!(
            "format string `{fmt}` uses `{{{missing}}}` but only {given} argument(s) follow it"
        ));
    }
    (0..given).find(|n| !used.contains(n)).map(|n| {
        format!("format string `{fmt}` has no `{{{n}}}`: argument {} is never used", n + 1)
    })
}

/// The type of the `matrix` context of a job; None when rows or include are expressions.
pub fn matrix_type(job: &Node) -> Option<Ty> {
    let strategy = job.get("strategy")?;
    let Some(matrix) = strategy.get("matrix") else {
        return Some(Ty::Object(Vec::new()));
    };
    let entries = matrix.as_map()?;
    let mut props: Vec<(String, Ty)> = Vec::new();
    let mut add = |k: &str, t: Ty| match props.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(k)) {
        Some((_, old)) => *old = join(old.clone(), t),
        None => props.push((k.to_string(), t)),
    };
    for e in entries {
        let key = e.key.scalar_text().unwrap_or("");
        if key.holds_template() {
            return None;
        }
        match key {
            "exclude" => {}
            "include" => {
                for row in e.value.as_seq()? {
                    for r in row.as_map()? {
                        add(r.key.scalar_text().unwrap_or(""), of_node(&r.value));
                    }
                }
            }
            _ => match of_node(&e.value) {
                Ty::Array(t) => add(key, *t),
                _ => add(key, Ty::Any),
            },
        }
    }
    Some(sorted(props))
}

/// The type of `inputs`: declared inputs of workflow_dispatch and workflow_call by their
/// `type`; None when they cannot be read.
pub fn inputs_type(on: &Node) -> Option<Ty> {
    let mut props: Vec<(String, Ty)> = Vec::new();
    for event in ["workflow_dispatch", "workflow_call"] {
        let Some(inputs) = on.get(event).and_then(|e| e.get("inputs")) else {
            continue;
        };
        for e in inputs.as_map()? {
            let t = match e.value.get("type").and_then(Node::as_str) {
                Some("boolean") => Ty::Bool,
                Some("number") => Ty::Number,
                Some("string" | "choice" | "environment") => Ty::String,
                _ => Ty::Any,
            };
            let name = e.key.scalar_text().unwrap_or("");
            match props.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some((_, old)) => *old = join(old.clone(), t),
                None => props.push((name.to_string(), t)),
            }
        }
    }
    Some(sorted(props))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<String> {
        let expr = crate::expr::parse(src).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        infer(&expr, &Env::default(), &mut out);
        out.into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn types() {
        assert!(problems("github.event.pull_request.title == 'x'").is_empty());
        assert_eq!(problems("1 > null").len(), 1);
        assert_eq!(problems("false < true").len(), 1);
        assert!(problems("job.services.db.ports[5432]").is_empty());
        assert_eq!(problems("github[true]").len(), 1);
        assert_eq!(problems("github.repository.owner").len(), 1);
        assert_eq!(problems("job.container.os").len(), 1);
        assert!(problems("job.container.id").is_empty());
        assert_eq!(problems("fromJSON('[1')").len(), 1);
        assert_eq!(problems("fromJSON('{\"a\":1}')['b']").len(), 1);
        assert_eq!(problems("format('{0}{1}', 1, 2, 3)").len(), 1);
        assert_eq!(problems("format('{0}{1}{2}', 1, 2)").len(), 1);
        assert!(problems("format('{{0}} {0}', 1)").is_empty());
        assert!(problems("contains(github.event.pull_request.labels.*.name, 'x')").is_empty());
        assert_eq!(problems("github.event.*[github.sha]").len(), 1);
        assert_eq!(problems("contains(fromJSON('{\"a\":1}'), 'a')").len(), 1);
    }
}
