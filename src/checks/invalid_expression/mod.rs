//! `invalid-expression`: `${{ }}` expressions GitHub cannot evaluate as written: syntax
//! errors, unknown functions and argument counts, unknown context names, contexts a key may
//! not use, and properties that cannot exist (`steps.<id>` of no earlier step,
//! `needs.<job>` outside `needs:`, undeclared job outputs, inputs and matrix keys, unknown
//! properties of `github`, `runner`, `job` and `strategy`).

mod contexts;
mod scope;
mod types;

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::expr::{Expr, ExprKind, TemplatePart, Value as ExprValue};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, Value};

use scope::{JobScope, Names, WorkflowScope};

pub struct InvalidExpression;

/// The problems of one workflow's expressions and its constant conditions, each a span and a
/// message (None without any expression or condition to judge).
type Problems = (Vec<(Span, String)>, Vec<(Span, String)>);

fn problems(wf: &crate::workflow::Workflow) -> Option<Problems> {
    let root = wf.doc.root.as_ref()?;
    if !wf.file.text.holds_template() && !has_if(root) {
        return None;
    }
    let scope = WorkflowScope::new(root);
    let inputs = root
        .get("on")
        .or_else(|| root.get("true"))
        .and_then(types::inputs_type);
    let mut v = Visitor {
        file: &wf.file,
        scope: &scope,
        problems: Vec::new(),
        constants: Vec::new(),
        inputs,
        matrix: None,
    };
    v.workflow(root);
    Some((v.problems, v.constants))
}

/// A problem GitHub rejects the whole file for when it validates it, so the workflow never
/// runs: an unknown context, or a context the key may not use (`secrets` in a job's `if:`).
/// Unknown properties are not among them (they evaluate to null at run time).
pub(crate) fn rejection(wf: &crate::workflow::Workflow) -> Option<(Span, String)> {
    let (found, _) = problems(wf)?;
    found.into_iter().find(|(_, m)| {
        m.starts_with(UNKNOWN_CONTEXT) || (m.starts_with("context `") && m.contains(NOT_AVAILABLE))
    })
}

/// Message parts [`rejection`] recognises.
const UNKNOWN_CONTEXT: &str = "unknown context `";
const NOT_AVAILABLE: &str = "` is not available in `";

impl Rule for InvalidExpression {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let Some((found, constants)) = problems(wf) else {
                continue;
            };
            for (span, message) in found {
                out.push(cx.finding(Self::ID, &wf.file, span, message));
            }
            // A constant condition is often deliberate (`if: false` parks a job): a warning.
            for (span, message) in constants {
                let mut f = cx.finding(Self::ID, &wf.file, span, message);
                f.severity = crate::finding::Severity::Warning;
                out.push(f);
            }
        }
    }
}

/// Any job or step `if:` (constant conditions need no `${{`).
fn has_if(root: &Node) -> bool {
    root.get("jobs")
        .and_then(Node::as_map)
        .is_some_and(|jobs| jobs.iter().any(|j| j.value.get("if").is_some() || j.value.get("steps").is_some()))
}

/// Where an expression is: the contexts its key allows and what the job knows.
struct Place<'a> {
    key: &'a str,
    contexts: &'static [&'static str],
    job: Option<&'a JobScope>,
    /// Step ids before this step (None: `steps` is not available or not judged).
    steps: Option<&'a [String]>,
}

struct Visitor<'a> {
    file: &'a SourceFile,
    scope: &'a WorkflowScope,
    problems: Vec<(Span, String)>,
    constants: Vec<(Span, String)>,
    /// Type of `inputs` (None: not known).
    inputs: Option<types::Ty>,
    /// Type of `matrix` in the job being visited (None: not known).
    matrix: Option<types::Ty>,
}

impl<'a> Visitor<'a> {
    fn workflow(&mut self, root: &'a Node) {
        for e in root.as_map().unwrap_or(&[]) {
            let key = e.key.scalar_text().unwrap_or("");
            let contexts = match key {
                "run-name" => contexts::WORKFLOW_RUN_NAME,
                "env" => contexts::WORKFLOW_ENV,
                "concurrency" => contexts::WORKFLOW_CONCURRENCY,
                "on" | "true" => {
                    self.on(&e.value);
                    continue;
                }
                "jobs" => {
                    for j in e.value.as_map().unwrap_or(&[]) {
                        self.job(j.key.scalar_text().unwrap_or(""), &j.value);
                    }
                    continue;
                }
                _ => continue,
            };
            let place = Place {
                key,
                contexts,
                job: None,
                steps: None,
            };
            self.values(&e.value, &place);
        }
    }

    fn on(&mut self, on: &'a Node) {
        let call = on.get("workflow_call");
        for e in call
            .and_then(|c| c.get("outputs"))
            .and_then(Node::as_map)
            .unwrap_or(&[])
        {
            if let Some(value) = e.value.get("value") {
                let place = Place {
                    key: "value",
                    contexts: contexts::CALL_OUTPUT_VALUE,
                    job: None,
                    steps: None,
                };
                self.values(value, &place);
            }
        }
        for event in ["workflow_call", "workflow_dispatch"] {
            for e in on
                .get(event)
                .and_then(|c| c.get("inputs"))
                .and_then(Node::as_map)
                .unwrap_or(&[])
            {
                if let Some(default) = e.value.get("default") {
                    let place = Place {
                        key: "default",
                        contexts: contexts::INPUT_DEFAULT,
                        job: None,
                        steps: None,
                    };
                    self.values(default, &place);
                }
            }
        }
    }

    fn job(&mut self, id: &str, job: &'a Node) {
        let Some(js) = self.scope.jobs.iter().find(|j| j.id == id) else {
            return;
        };
        self.matrix = types::matrix_type(job);
        for e in job.as_map().unwrap_or(&[]) {
            let key = e.key.scalar_text().unwrap_or("");
            let contexts = match key {
                "if" => {
                    self.condition(&e.value, &Place {
                        key,
                        contexts: contexts::JOB_IF,
                        job: Some(js),
                        steps: None,
                    });
                    continue;
                }
                "snapshot" => {
                    if let Some(cond) = e.value.get("if") {
                        self.condition(cond, &Place {
                            key: "if",
                            contexts: contexts::JOB_IF,
                            job: Some(js),
                            steps: None,
                        });
                    }
                    contexts::JOB_PLAIN
                }
                "strategy" => contexts::JOB_STRATEGY,
                "name" | "runs-on" | "concurrency" | "timeout-minutes" | "continue-on-error"
                | "with" => contexts::JOB_PLAIN,
                "env" => contexts::JOB_ENV,
                "secrets" => contexts::JOB_CALL_SECRETS,
                "defaults" => contexts::JOB_DEFAULTS_RUN,
                "outputs" => {
                    let place = Place {
                        key,
                        contexts: contexts::JOB_OUTPUTS,
                        job: Some(js),
                        steps: Some(&js.step_ids),
                    };
                    self.values(&e.value, &place);
                    continue;
                }
                "environment" => {
                    self.environment(&e.value, js);
                    continue;
                }
                "container" => {
                    self.container(&e.value, js, key);
                    continue;
                }
                "services" => {
                    for s in e.value.as_map().unwrap_or(&[]) {
                        self.container(&s.value, js, key);
                    }
                    continue;
                }
                "steps" => {
                    for (i, step) in e.value.as_seq().unwrap_or(&[]).iter().enumerate() {
                        let before = js.step_ids_before(i);
                        self.step(step, js, before);
                    }
                    continue;
                }
                _ => continue,
            };
            let place = Place {
                key,
                contexts,
                job: Some(js),
                steps: None,
            };
            self.values(&e.value, &place);
        }
        self.matrix = None;
    }

    fn environment(&mut self, env: &'a Node, js: &'a JobScope) {
        let place = |key, contexts| Place {
            key,
            contexts,
            job: Some(js),
            steps: Some(&js.step_ids),
        };
        match env.as_map() {
            Some(entries) => {
                for e in entries {
                    let key = e.key.scalar_text().unwrap_or("");
                    let contexts = if key == "url" {
                        contexts::ENVIRONMENT_URL
                    } else {
                        contexts::JOB_PLAIN
                    };
                    self.values(&e.value, &place("environment", contexts));
                }
            }
            None => self.values(env, &place("environment", contexts::JOB_PLAIN)),
        }
    }

    fn container(&mut self, node: &'a Node, js: &'a JobScope, key: &'a str) {
        let place = |contexts| Place {
            key,
            contexts,
            job: Some(js),
            steps: None,
        };
        match node.as_map() {
            Some(entries) => {
                for e in entries {
                    let contexts = match e.key.scalar_text().unwrap_or("") {
                        "credentials" => contexts::CREDENTIALS,
                        "env" => contexts::CONTAINER_ENV,
                        _ => contexts::JOB_PLAIN,
                    };
                    self.values(&e.value, &place(contexts));
                }
            }
            None => self.values(node, &place(contexts::JOB_PLAIN)),
        }
    }

    fn step(&mut self, step: &'a Node, js: &'a JobScope, before: &'a [String]) {
        for e in step.as_map().unwrap_or(&[]) {
            let key = e.key.scalar_text().unwrap_or("");
            let place = Place {
                key,
                contexts: if key == "if" {
                    contexts::STEP_IF
                } else {
                    contexts::STEP
                },
                job: Some(js),
                steps: Some(before),
            };
            match key {
                "if" => self.condition(&e.value, &place),
                // A group of parallel steps: each sees the steps before the group.
                "parallel" => {
                    for s in e.value.as_seq().unwrap_or(&[]) {
                        self.step(s, js, before);
                    }
                }
                "uses" | "id" => {}
                _ => self.values(&e.value, &place),
            }
        }
    }

    /// Every scalar under `node` (keys of mappings included: matrix and env names).
    fn values(&mut self, node: &'a Node, place: &Place) {
        match &node.value {
            Value::Scalar { text, .. } if text.holds_template() => self.scalar(node, place),
            Value::Seq(items) => items.iter().for_each(|i| self.values(i, place)),
            Value::Map(entries) => {
                for e in entries {
                    // Keys hold expressions too (`env: {${{ x }}: v}`).
                    if e.key.as_str().is_some_and(|k| k.holds_template()) {
                        self.scalar(&e.key, place);
                    }
                    self.values(&e.value, place);
                }
            }
            _ => {}
        }
    }

    /// An `if:` value: an expression with or without `${{ }}`.
    fn condition(&mut self, node: &'a Node, place: &Place) {
        let Some(text) = node.as_str() else {
            return;
        };
        let trimmed = text.trim();
        if trimmed.holds_template() {
            // Text around the `${{ }}` (a space, the newline a `|` block keeps) makes the
            // value a non-empty string: `unsound-condition` reports that, not this rule.
            let whole = text.starts_with("${{")
                && text.ends_with("}}")
                && text.matches("${{").count() == 1;
            if whole {
                let inner = &text[3..text.len() - 2];
                if let Ok(expr) = &*crate::expr::parsed(inner) {
                    self.constant(expr, node.span);
                }
            } else if !text.ends_with('\n')
                && trimmed.starts_with("${{")
                && trimmed.ends_with("}}")
                && trimmed.matches("${{").count() == 1
            {
                // Only spaces around it, inside quotes (`'${{ x }} '`): easy to miss, and
                // `unsound-condition` reads it as one expression.
                self.problems.push((
                    node.span,
                    "this quoted `if:` has spaces around its `${{ }}`, so the value is a non-empty string and always true; remove the spaces".to_string(),
                ));
            }
            return self.scalar(node, place);
        }
        // A `|`/`>` block drops each line's indentation from its value, so the value is not
        // in the source verbatim: read the source instead (indentation and line breaks are
        // only spaces to an expression), so positions land on the right line.
        let source = self.block_source(node, trimmed).unwrap_or(trimmed);
        match &*crate::expr::parsed(source) {
            Ok(expr) => {
                let start = self.raw_start(node, source);
                self.expression(expr, place, start, source);
                self.constant(expr, node.span);
            }
            Err(e) => {
                let start = self.raw_start(node, source);
                let span = self.char_span(start, source, e.offset);
                self.problems
                    .push((span, format!("syntax error in `if:` expression: {}", e.message)));
            }
        }
    }

    /// A condition that is always true or always false: it reads no context and calls no
    /// status function, so evaluating it with nothing known gives a value.
    fn constant(&mut self, expr: &Expr, span: Span) {
        if crate::expr::uses_status_function(expr) || !crate::expr::context_paths(expr).is_empty() {
            return;
        }
        if let crate::expr::Eval::Known(v) = crate::expr::eval(expr, &crate::expr::Context::new()) {
            let what = if v.truthy() { "true" } else { "false" };
            self.constants.push((
                span,
                format!("the condition is always {what}: remove the `if:` or write a real condition"),
            ));
        }
    }

    /// The source text of a block scalar (`|`, `>` and their chomping forms) after its
    /// header line, trimmed, when the value itself is not in the source verbatim.
    fn block_source(&self, node: &Node, value: &str) -> Option<&'a str> {
        let start = node.span.start.offset;
        let end = node.span.end.offset.max(start);
        let raw: &'a str = self.file.text.get(start..end)?;
        // Quoted scalars differ from their value by escapes: not read this way.
        if raw.contains(value) || raw.starts_with('\'') || raw.starts_with('"') {
            return None;
        }
        // The span may or may not hold the `|`/`>` header line.
        let body = if raw.starts_with('|') || raw.starts_with('>') {
            raw.split_once('\n')?.1
        } else {
            raw
        };
        let body = body.trim();
        (!body.is_empty()).then_some(body)
    }

    /// Byte offset in the file where `text` starts inside the node's source.
    fn raw_start(&self, node: &Node, text: &str) -> usize {
        let start = node.span.start.offset;
        let end = node.span.end.offset.max(start);
        let raw = self.file.text.get(start..end).unwrap_or("");
        raw.find(text).map_or(start, |i| start + i)
    }

    /// The span of character `chars` of `text`, which starts at byte `start` of the file.
    fn char_span(&self, start: usize, text: &str, chars: usize) -> Span {
        let byte = text
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(b, _)| b);
        let at = start + byte;
        self.file.span(at, at)
    }

    /// A scalar with `${{ }}` parts, read from the file's source so positions are exact.
    fn scalar(&mut self, node: &'a Node, place: &Place) {
        let start = node.span.start.offset;
        let end = node.span.end.offset.max(start);
        let Some(raw) = self.file.text.get(start..end) else {
            return;
        };
        if !raw.holds_template() {
            return;
        }
        // Quoted scalars whose source holds escapes (`''`, `\"`) differ from their value:
        // read the value (positions then count from the node's start).
        let escaped = (raw.starts_with('\'') && raw.contains("''"))
            || (raw.starts_with('"') && raw.contains('\\'));
        let raw = match node.as_str() {
            Some(value) if escaped => value,
            _ => raw,
        };
        match &*crate::expr::parsed_template(raw) {
            Ok(parts) => {
                // In a script or next to text, the value becomes text.
                let whole = node.as_str().is_some_and(|v| {
                    let v = v.trim();
                    v.starts_with("${{") && v.ends_with("}}") && v.matches("${{").count() == 1
                });
                let as_text = place.key == "run" || !whole;
                for p in parts {
                    if let TemplatePart::Expr(expr) = p {
                        let ty = self.expression(expr, place, start, raw);
                        if as_text && ty.is_not_text() {
                            let span = self.char_span(start, raw, expr.offset);
                            self.problems.push((
                                span,
                                format!("this `${{{{ }}}}` gives a {} value, which becomes `Object`, `Array` or an empty string in text; pick a property or use toJSON()", ty.name()),
                            ));
                        }
                    }
                }
            }
            Err(e) => {
                let span = self.char_span(start, raw, e.offset);
                self.problems
                    .push((span, format!("syntax error in `${{{{ }}}}`: {}", e.message)));
            }
        }
    }

    /// Judge one expression; its type is returned.
    fn expression(&mut self, expr: &Expr, place: &Place, start: usize, raw: &str) -> types::Ty {
        let mut chains = Vec::new();
        collect_chains(expr, &mut chains);
        let mut found: Vec<(usize, String)> = Vec::new();
        for (offset, path) in chains {
            if let Some(message) = self.judge(&path, place) {
                found.push((offset, message));
            }
        }
        self.special_functions(expr, place, &mut found);
        let env = types::Env {
            matrix: self.matrix.as_ref(),
            inputs: self.inputs.as_ref(),
        };
        let ty = types::infer(expr, &env, &mut found);
        for (offset, message) in found {
            let span = self.char_span(start, raw, offset);
            self.problems.push((span, message));
        }
        ty
    }

    /// Status functions only work in `if:`; `hashFiles` only in steps.
    fn special_functions(&self, expr: &Expr, place: &Place, out: &mut Vec<(usize, String)>) {
        if let ExprKind::Call(f, _) = &expr.kind {
            let in_step = std::ptr::eq(place.contexts, contexts::STEP)
                || std::ptr::eq(place.contexts, contexts::STEP_IF);
            if f.is_status() && place.key != "if" {
                out.push((
                    expr.offset,
                    format!("`{}()` can only be called in an `if:` condition", f.name()),
                ));
            } else if *f == crate::expr::Function::HashFiles && !in_step {
                out.push((
                    expr.offset,
                    "`hashFiles()` can only be called in the keys of a step (`run`, `with`, `env`, `if`, `name`...)".to_string(),
                ));
            }
        }
        for child in expr.children() {
            self.special_functions(child, place, out);
        }
    }

    /// What is wrong with a context access `path` (segments; None = a dynamic index).
    fn judge(&self, path: &[Option<String>], place: &Place) -> Option<String> {
        let root = path.first()?.as_deref()?.to_ascii_lowercase();
        if !contexts::ALL.contains(&root.as_str()) {
            return Some(format!(
                "{UNKNOWN_CONTEXT}{root}`; contexts are {}",
                quoted(contexts::ALL)
            ));
        }
        if !place.contexts.contains(&root.as_str()) {
            return Some(format!(
                "context `{root}{NOT_AVAILABLE}{}`; available here: {}",
                place.key,
                quoted(place.contexts)
            ));
        }
        let prop = |i: usize| path.get(i).and_then(|p| p.as_deref());
        let first = prop(1)?;
        let first_lc = first.to_ascii_lowercase();
        let fixed = |props: &[&str], ctx: &str| -> Option<String> {
            (first != "*" && !props.contains(&first_lc.as_str())).then(|| {
                let hint = crate::checks::common::closest(&first_lc, props.iter().copied())
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                format!("`{ctx}` has no property `{first}`{hint}")
            })
        };
        match root.as_str() {
            "github" => fixed(contexts::GITHUB, "github"),
            "runner" => fixed(contexts::RUNNER, "runner"),
            "job" => fixed(contexts::JOB, "job"),
            "strategy" => fixed(contexts::STRATEGY, "strategy"),
            "steps" => {
                let steps = place.steps?;
                if first == "*" {
                    return None;
                }
                if !steps.iter().any(|s| s.eq_ignore_ascii_case(first)) {
                    return Some(format!(
                        "step `{first}` is not defined before this point (step ids here: {})",
                        names_or_none(steps)
                    ));
                }
                let p = prop(2)?.to_ascii_lowercase();
                (!["outputs", "outcome", "conclusion", "*"].contains(&p.as_str())).then(|| {
                    format!("steps.{first} has no property `{p}`; it has `outputs`, `outcome` and `conclusion`")
                })
            }
            "needs" => {
                let job = place.job?;
                if first == "*" {
                    return None;
                }
                if !job.needs.iter().any(|n| n.eq_ignore_ascii_case(first)) {
                    return Some(format!(
                        "job `{first}` is not in `needs:` of job `{}` (needs: {})",
                        job.id,
                        names_or_none(&job.needs)
                    ));
                }
                let p = prop(2)?.to_ascii_lowercase();
                if !["outputs", "result", "*"].contains(&p.as_str()) {
                    return Some(format!(
                        "needs.{first} has no property `{p}`; it has `outputs` and `result`"
                    ));
                }
                let output = prop(3)?;
                let other = self.scope.job(first)?;
                match &other.outputs {
                    Names::Known(outputs)
                        if p == "outputs"
                            && output != "*"
                            && !outputs.iter().any(|o| o.eq_ignore_ascii_case(output)) =>
                    {
                        Some(format!(
                            "job `{}` declares no output `{output}` (outputs: {})",
                            other.id,
                            names_or_none(outputs)
                        ))
                    }
                    _ => None,
                }
            }
            "jobs" => {
                if first == "*" {
                    return None;
                }
                let Some(other) = self.scope.job(first) else {
                    return Some(format!("no job `{first}` in this workflow"));
                };
                let p = prop(2)?.to_ascii_lowercase();
                if !["outputs", "result", "*"].contains(&p.as_str()) {
                    return Some(format!(
                        "jobs.{first} has no property `{p}`; it has `outputs` and `result`"
                    ));
                }
                let output = prop(3)?;
                match &other.outputs {
                    Names::Known(outputs)
                        if p == "outputs"
                            && output != "*"
                            && !outputs.iter().any(|o| o.eq_ignore_ascii_case(output)) =>
                    {
                        Some(format!(
                            "job `{}` declares no output `{output}` (outputs: {})",
                            other.id,
                            names_or_none(outputs)
                        ))
                    }
                    _ => None,
                }
            }
            "matrix" => {
                let job = place.job?;
                match &job.matrix {
                    Names::Known(keys) if first != "*" && !keys.iter().any(|k| k.eq_ignore_ascii_case(first)) => {
                        Some(if keys.is_empty() {
                            format!("job `{}` has no matrix, so `matrix.{first}` is always empty", job.id)
                        } else {
                            format!(
                                "the matrix of job `{}` has no key `{first}` (keys: {})",
                                job.id,
                                names_or_none(keys)
                            )
                        })
                    }
                    _ => None,
                }
            }
            "inputs" => match &self.scope.inputs {
                Names::Known(inputs)
                    if first != "*" && !inputs.iter().any(|i| i.eq_ignore_ascii_case(first)) =>
                {
                    Some(if inputs.is_empty() {
                        format!("`inputs.{first}`: the workflow declares no inputs (no workflow_dispatch or workflow_call inputs)")
                    } else {
                        format!(
                            "no input `{first}` is declared (inputs: {})",
                            names_or_none(inputs)
                        )
                    })
                }
                _ => None,
            },
            _ => None,
        }
    }
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn names_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Every context access chain of an expression with the offset of its root: `a.b['c'].*`
/// as [a, b, c, *]; a dynamic index as None (what follows it is not judged).
fn collect_chains(expr: &Expr, out: &mut Vec<(usize, Vec<Option<String>>)>) {
    if let Some((offset, path)) = chain(expr) {
        out.push((offset, path));
        // Dynamic indexes hold expressions of their own.
        index_children(expr, out);
        return;
    }
    for child in expr.children() {
        collect_chains(child, out);
    }
}

fn index_children(expr: &Expr, out: &mut Vec<(usize, Vec<Option<String>>)>) {
    match &expr.kind {
        ExprKind::Property(base, _) | ExprKind::Filter(base) => index_children(base, out),
        ExprKind::Index(base, index) => {
            index_children(base, out);
            if !matches!(index.kind, ExprKind::Literal(_)) {
                collect_chains(index, out);
            }
        }
        _ => {}
    }
}

fn chain(expr: &Expr) -> Option<(usize, Vec<Option<String>>)> {
    match &expr.kind {
        ExprKind::Context(name) => Some((expr.offset, vec![Some(name.clone())])),
        ExprKind::Property(base, name) => {
            let (o, mut p) = chain(base)?;
            p.push(Some(name.clone()));
            Some((o, p))
        }
        ExprKind::Index(base, index) => {
            let (o, mut p) = chain(base)?;
            p.push(match &index.kind {
                ExprKind::Literal(ExprValue::String(s)) => Some(s.clone()),
                ExprKind::Literal(ExprValue::Number(_)) => Some("*".to_string()),
                _ => None,
            });
            Some((o, p))
        }
        ExprKind::Filter(base) => {
            let (o, mut p) = chain(base)?;
            p.push(Some("*".to_string()));
            Some((o, p))
        }
        _ => None,
    }
}
