//! `secrets`: secrets handed out wider than needed: `secrets: inherit` to a reusable
//! workflow, the whole `secrets` context serialised with `toJSON(secrets)`, and container
//! registry passwords written into the workflow.

use crate::source::HoldsTemplate as _;
use super::security::{self, raw_expressions_in, raw_job, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::yaml::Node;

pub struct Secrets;

/// Does the expression serialise the whole secrets context (`toJSON(secrets)`)?
fn whole_context(inner: &str) -> bool {
    // Most expressions call nothing: no copy for them.
    if !inner.contains('(') {
        return false;
    }
    let compact: String = inner
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("tojson(secrets)")
}

/// A `credentials: {password: ...}` written as text, with its span.
fn literal_password(node: &Node) -> Option<&Node> {
    let p = node.get("credentials")?.get("password")?;
    let text = p.as_str()?;
    (!text.trim().is_empty() && !text.holds_template()).then_some(p)
}

impl Rule for Secrets {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                let inherit = job
                    .secrets
                    .as_ref()
                    .and_then(Node::as_str)
                    .is_some_and(|s| s.trim() == "inherit");
                if let (true, Some(uses)) = (inherit, &job.uses) {
                    out.push(security::finding(
                        cx,
                        Self::ID,
                        &wf.file,
                        uses.span,
                        Severity::Warning,
                        Confidence::High,
                        format!("`secrets: inherit` passes every secret of this repository (and its organisation) to `{}`, not only the ones it uses: a compromise of that workflow, or of any action it runs, gets all of them. Fix: pass the secrets it needs by name under `secrets:`", uses.value),
                    ));
                }
                if let Some(raw) = raw_job(wf, job) {
                    let containers = raw
                        .get("container")
                        .into_iter()
                        .chain(raw.get("services").and_then(Node::as_map).unwrap_or(&[]).iter().map(|e| &e.value));
                    for c in containers {
                        if let Some(p) = literal_password(c) {
                            out.push(security::finding(
                                cx,
                                Self::ID,
                                &wf.file,
                                p.span,
                                Severity::Error,
                                Confidence::High,
                                "the container registry password is written into the workflow: everyone who can read the repository can use the registry account. Fix: store it as a secret and use `password: ${{ secrets.REGISTRY_PASSWORD }}` (and rotate the exposed one)",
                            ));
                        }
                    }
                }
            }
            for e in raw_expressions_in(&wf.file, wf.file.span(0, wf.file.text.len())) {
                if whole_context(e.inner) {
                    out.push(security::finding(
                        cx,
                        Self::ID,
                        &wf.file,
                        e.span(&wf.file),
                        Severity::Warning,
                        Confidence::High,
                        format!("`${{{{ {} }}}}` puts every secret of the repository into one value: the step gets all of them, and GitHub cannot mask a secret inside the JSON if the step reformats it. Fix: pass the secrets the step needs one by one", e.inner),
                    ));
                }
            }
        }
    }
}
