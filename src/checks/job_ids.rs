//! `job-ids`: job and step ids GitHub rejects (format, duplicate step ids in a job) and
//! `needs:` that cannot be satisfied: an unknown job, the same job twice, or a cycle (the
//! jobs on it never run).

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::Span;
use crate::workflow::Workflow;

pub struct JobIds;

/// GitHub's id format: a letter or `_`, then letters, digits, `-` or `_`.
fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Rule for JobIds {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let mut problems = Vec::new();
            workflow_problems(wf, &mut problems);
            for (span, message) in problems {
                out.push(cx.finding(Self::ID, &wf.file, span, message));
            }
        }
    }
}

fn workflow_problems(wf: &Workflow, out: &mut Vec<(Span, String)>) {
    for job in &wf.jobs {
        let id = &job.id.value;
        if !id.holds_template() && !valid_id(id) {
            out.push((
                job.id.span,
                format!("job id `{id}` is invalid: it must start with a letter or `_` and hold only letters, digits, `-` and `_`"),
            ));
        }
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for step in &job.steps {
            let Some(sid) = &step.id else {
                continue;
            };
            let s = sid.value.as_str();
            if s.holds_template() {
                continue;
            }
            if !s.is_empty() && !valid_id(s) {
                out.push((
                    sid.span,
                    format!("step id `{s}` is invalid: it must start with a letter or `_` and hold only letters, digits, `-` and `_`"),
                ));
            }
            if let Some((first, at)) = seen.iter().find(|(f, _)| f.eq_ignore_ascii_case(s)) {
                out.push((
                    sid.span,
                    format!(
                        "step id `{s}` is already used by the step at line {} (`{first}`); step ids are unique in a job, ignoring case",
                        at.start.line
                    ),
                ));
            } else {
                seen.push((s, sid.span));
            }
        }
        let mut listed: Vec<&str> = Vec::new();
        for need in &job.needs {
            let n = need.value.as_str();
            if n.holds_template() {
                continue;
            }
            if listed.iter().any(|l| l.eq_ignore_ascii_case(n)) {
                out.push((need.span, format!("job `{n}` is listed twice in `needs:` (job ids ignore case)")));
                continue;
            }
            listed.push(n);
            if !wf.jobs.iter().any(|j| j.id.value.eq_ignore_ascii_case(n)) {
                let hint = crate::checks::common::closest(n, wf.jobs.iter().map(|j| j.id.value.as_str()))
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                out.push((need.span, format!("job `{}` needs `{n}`, which is no job of this workflow{hint}", job.id.value)));
            }
        }
    }
    if let Some(cycle) = find_cycle(wf) {
        let names: Vec<&str> = cycle.iter().map(|&i| wf.jobs[i].id.value.as_str()).collect();
        let first = cycle.first().copied().unwrap_or(0);
        out.push((
            wf.jobs[first].id.span,
            format!(
                "the `needs:` of these jobs form a cycle, so none of them ever runs: {} -> {}",
                names.join(" -> "),
                names.first().copied().unwrap_or("")
            ),
        ));
    }
}

/// One cycle of the needs graph (job indexes in order), if any.
fn find_cycle(wf: &Workflow) -> Option<Vec<usize>> {
    let index = |name: &str| wf.jobs.iter().position(|j| j.id.value.eq_ignore_ascii_case(name));
    let edges: Vec<Vec<usize>> = wf
        .jobs
        .iter()
        .map(|j| j.needs.iter().filter_map(|n| index(&n.value)).collect())
        .collect();
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; wf.jobs.len()];
    let mut stack: Vec<usize> = Vec::new();
    for start in 0..wf.jobs.len() {
        if state[start] == 0 {
            if let Some(c) = visit(start, &edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn visit(
    node: usize,
    edges: &[Vec<usize>],
    state: &mut [u8],
    stack: &mut Vec<usize>,
) -> Option<Vec<usize>> {
    // Iterative depth-first search: a long chain of needs cannot overflow the stack.
    let mut work: Vec<(usize, usize)> = vec![(node, 0)];
    state[node] = 1;
    stack.push(node);
    while let Some((n, i)) = work.pop() {
        if let Some(&next) = edges[n].get(i) {
            work.push((n, i + 1));
            match state[next] {
                0 => {
                    state[next] = 1;
                    stack.push(next);
                    work.push((next, 0));
                }
                1 => {
                    let from = stack.iter().position(|&s| s == next).unwrap_or(0);
                    return Some(stack[from..].to_vec());
                }
                _ => {}
            }
        } else {
            state[n] = 2;
            stack.pop();
        }
    }
    None
}
