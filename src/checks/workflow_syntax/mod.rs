//! `workflow-syntax`: keys and value types that GitHub's workflow syntax does not allow, at
//! every level (facts in `rules/workflow-schema.yml`), and files GitHub cannot read as one
//! workflow: empty, a bare scalar or list, several YAML documents.

mod schema;
mod walk;

use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::{Pos, SourceFile, Span};
use crate::workflow::Workflow;
use crate::yaml::Value;

pub struct WorkflowSyntax;

impl Rule for WorkflowSyntax {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(schema) = schema::schema() else {
            return;
        };
        for wf in &cx.repo.workflows {
            for p in problems(wf, schema) {
                let mut f = cx.finding(Self::ID, &wf.file, p.span, p.message);
                if let Some((span, label)) = p.related {
                    f = f.with_related(&wf.file, span, label);
                }
                out.push(f);
            }
        }
    }
}

fn problems(wf: &Workflow, schema: &schema::Schema) -> Vec<walk::Problem> {
    let start = Span::new(Pos::default(), Pos::default());
    let start = file_start(&wf.file).unwrap_or(start);
    let mut walker = walk::Walker::new(schema);
    match &wf.doc.root {
        None => walker.problems.push(problem(
            start,
            "the workflow is empty: GitHub needs at least `on` and `jobs`",
        )),
        Some(root) if !matches!(root.value, Value::Map(_)) => walker.problems.push(problem(
            root.span,
            "a workflow must be a mapping of keys (`on`, `jobs`, ...), not a scalar or a list",
        )),
        Some(root) => {
            // A missing `on` or `jobs` is reported at the first key, where the content starts.
            let first = root.as_map().and_then(|m| m.first()).map_or(start, |e| e.key.span);
            walker.walk(root, &schema.root, "workflow", first);
            schedule_without_cron(root, &mut walker.problems);
        }
    }
    if wf.doc.documents > 1 {
        if let Some(span) = second_document(&wf.file) {
            walker.problems.push(problem(
                span,
                "a second YAML document: a workflow file holds one document (GitHub rejects the file)",
            ));
        }
    }
    walker.problems
}

/// `on: schedule` or `on: [push, schedule]`: a schedule needs its `cron` times, so GitHub
/// rejects it written as a bare event name.
fn schedule_without_cron(root: &crate::yaml::Node, out: &mut Vec<walk::Problem>) {
    let Some(on) = root.get("on").or_else(|| root.get("true")) else {
        return;
    };
    if on.as_map().is_some() {
        return;
    }
    for (name, span) in on.string_list() {
        if name == "schedule" {
            out.push(problem(
                span,
                "`schedule` needs its times: write `on: {schedule: [{cron: '...'}]}` (a bare event name has none)",
            ));
        }
    }
}

fn problem(span: Span, message: &str) -> walk::Problem {
    walk::Problem {
        span,
        message: message.to_string(),
        related: None,
    }
}

fn line_span(file: &SourceFile, line: u32, len: usize) -> Span {
    let offset = file.line_start(line);
    let start = Pos {
        offset,
        line,
        col: 1,
    };
    let end = Pos {
        offset: offset + len,
        line,
        col: 1 + u32::try_from(len).unwrap_or(0),
    };
    Span::new(start, end)
}

fn file_start(file: &SourceFile) -> Option<Span> {
    (!file.text.is_empty()).then(|| line_span(file, 1, 0))
}

/// The `---` line that starts the second document (after some content).
fn second_document(file: &SourceFile) -> Option<Span> {
    let mut content = false;
    for (i, line) in file.text.lines().enumerate() {
        let lineno = u32::try_from(i + 1).ok()?;
        let rest = line.get(3..).unwrap_or("").trim();
        if line.starts_with("---") && (rest.is_empty() || rest.starts_with('#')) {
            if content {
                return Some(line_span(file, lineno, 3));
            }
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            content = true;
        }
    }
    None
}
