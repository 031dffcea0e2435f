//! `env-var-name`: `env:` keys that cannot be environment variable names (`=`, `&` or
//! whitespace in them), at workflow, job, step and container level.

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::yaml::Node;

pub struct EnvVarName;

fn problem(name: &str) -> Option<String> {
    if name.holds_template() {
        return None;
    }
    let bad = name
        .chars()
        .find(|c| *c == '=' || *c == '&' || c.is_whitespace())?;
    let what = if bad.is_whitespace() {
        "whitespace".to_string()
    } else {
        format!("`{bad}`")
    };
    Some(format!(
        "`{name}` is not a valid environment variable name: it holds {what} (names take letters, digits and `_`)"
    ))
}

/// Every `env:` mapping of a workflow: top level, jobs, their containers and services, steps.
fn env_maps(root: &Node) -> Vec<&Node> {
    let mut out: Vec<&Node> = root.get("env").into_iter().collect();
    for j in root.get("jobs").and_then(Node::as_map).unwrap_or(&[]) {
        let job = &j.value;
        out.extend(job.get("env"));
        out.extend(job.get("container").and_then(|c| c.get("env")));
        for s in job.get("services").and_then(Node::as_map).unwrap_or(&[]) {
            out.extend(s.value.get("env"));
        }
        for step in job.get("steps").and_then(Node::as_seq).unwrap_or(&[]) {
            out.extend(step.get("env"));
        }
    }
    out
}

impl Rule for EnvVarName {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let Some(root) = &wf.doc.root else {
                continue;
            };
            for env in env_maps(root) {
                for e in env.as_map().unwrap_or(&[]) {
                    if let Some(m) = e.key.as_str().and_then(problem) {
                        out.push(cx.finding(Self::ID, &wf.file, e.key.span, m));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn names() {
        assert!(problem("FOO_BAR").is_none());
        assert!(problem("foo-bar").is_none());
        assert!(problem("FOO=BAR").is_some());
        assert!(problem("FOO BAR").is_some());
        assert!(problem("A&B").is_some());
        assert!(problem("${{ matrix.name }}").is_none());
    }
}
