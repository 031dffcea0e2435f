//! What the security rules share: `uses:` references, `${{ }}` expressions found in the raw
//! text of a value (for exact spans), the raw YAML of a job, triggers an outsider can start,
//! and the confidence every security finding states.

pub mod taint;

use crate::checks::Ctx;
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};
use crate::workflow::{Job, Step, Workflow};
use crate::yaml::Node;

pub use crate::finding::Confidence;

/// A security finding with its severity and confidence (chosen per finding).
pub fn finding(
    cx: &Ctx,
    rule: &str,
    file: &SourceFile,
    span: Span,
    severity: Severity,
    confidence: Confidence,
    message: impl AsRef<str>,
) -> Finding {
    let mut f = cx.finding(rule, file, span, message.as_ref());
    f.severity = severity;
    f.confidence = Some(confidence);
    f
}

/// Is the job's `if:` false whatever happens (`if: false`, `if: ${{ false }}`)? Its steps
/// never run, so the security rules leave it alone (`dead-job` reports it).
pub fn never_runs(job: &Job) -> bool {
    job.if_cond.as_ref().is_some_and(|c| {
        let cx = crate::expr::Context::new().with_status(crate::expr::JobStatus::Unknown);
        matches!(
            crate::expr::eval_condition(&c.value, &cx),
            Ok(crate::expr::Tri::False)
        )
    })
}

/// `parts` joined with `/` and lower-cased, in one allocation (asked for every step).
fn lowered(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(part);
    }
    out.make_ascii_lowercase();
    out
}

/// A parsed `uses:` value that names a repository (not `./local` and not `docker://`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsesRef<'a> {
    pub owner: &'a str,
    pub repo: &'a str,
    /// Path inside the repository (`""` for the root action).
    pub path: &'a str,
    /// The part after `@`; None when there is no `@`.
    pub git_ref: Option<&'a str>,
}

impl UsesRef<'_> {
    /// `owner/repo`, lower-cased (GitHub names are case-insensitive).
    pub fn slug(&self) -> String {
        lowered(&[self.owner, self.repo])
    }

    /// `owner/repo/path` without the ref, lower-cased.
    pub fn action(&self) -> String {
        if self.path.is_empty() {
            self.slug()
        } else {
            lowered(&[self.owner, self.repo, self.path])
        }
    }

    /// `self.action() == action`, without building the lower-cased name (asked for every step
    /// by several rules).
    pub fn is_action(&self, action: &str) -> bool {
        // Lower-casing keeps the length: a name of another length is another action (most
        // questions end here).
        let path = if self.path.is_empty() {
            0
        } else {
            self.path.len() + 1
        };
        if action.len() != self.owner.len() + 1 + self.repo.len() + path {
            return false;
        }
        // `action()` has no ASCII capitals, so a name with some is never equal to it.
        if action.bytes().any(|b| b.is_ascii_uppercase()) {
            return false;
        }
        let Some(rest) = strip_ignore_case(action, self.owner).and_then(|r| r.strip_prefix('/'))
        else {
            return false;
        };
        let Some(rest) = strip_ignore_case(rest, self.repo) else {
            return false;
        };
        if self.path.is_empty() {
            rest.is_empty()
        } else {
            rest.strip_prefix('/')
                .is_some_and(|p| p.eq_ignore_ascii_case(self.path))
        }
    }

    pub fn is_pinned_to_sha(&self) -> bool {
        self.git_ref.is_some_and(is_full_sha)
    }

    /// GitHub's own actions (`actions/*`, `github/*`, `dependabot/*`): the `first-party`
    /// pinning policy, and not "third-party" in docs.
    pub fn is_first_party(&self) -> bool {
        FIRST_PARTY_OWNERS
            .iter()
            .any(|o| self.owner.eq_ignore_ascii_case(o))
    }
}

/// Owners whose actions GitHub itself publishes.
const FIRST_PARTY_OWNERS: &[&str] = &["actions", "github", "dependabot"];

/// `text` without `prefix` at its start, compared ignoring ASCII case.
fn strip_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Parse `owner/repo[/path]@ref`; None for local paths, docker images and expressions.
/// Asked of every step by several rules: byte searches, no substring searcher per call.
pub fn parse_uses(raw: &str) -> Option<UsesRef<'_>> {
    let raw = raw.trim();
    // `$/path` names this repository at the running commit (GitHub's self-repository
    // syntax, 2026): as fixed as `./path`, and no `owner/repo`.
    if raw.starts_with("./")
        || raw.starts_with("$/")
        || raw.starts_with("docker://")
        || has_expression(raw)
    {
        return None;
    }
    // The first `@` ends the name, the first two `/` before it split `owner/repo[/path]`
    // (vectorised byte searches: this runs for every step of every workflow, several times).
    let bytes = raw.as_bytes();
    let at = memchr::memchr(b'@', bytes);
    let before_at = &bytes[..at.unwrap_or(bytes.len())];
    let first = memchr::memchr(b'/', before_at);
    let second = first.and_then(|f| memchr::memchr(b'/', &before_at[f + 1..]).map(|n| f + 1 + n));
    let (name, git_ref) = match at {
        Some(at) => (&raw[..at], Some(&raw[at + 1..])),
        None => (raw, None),
    };
    let first = first?;
    let owner = &name[..first];
    let (repo, path) = match second {
        Some(i) => (&name[first + 1..i], &name[i + 1..]),
        None => (&name[first + 1..], ""),
    };
    if owner.is_empty() || repo.is_empty() {
        return None;
    }
    Some(UsesRef {
        owner,
        repo,
        path,
        git_ref,
    })
}

/// Does `text` hold a `${{`?
fn has_expression(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'$', bytes).any(|i| bytes[i..].starts_with(b"${{"))
}

/// 40 hexadecimal digits: a full commit SHA (SHA-256 object ids have 64).
pub fn is_full_sha(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Does the step use this action (`owner/repo` or `owner/repo/path`, any ref)?
pub fn step_uses(step: &Step, action: &str) -> bool {
    step_action(step).is_some_and(|u| u.is_action(action))
}

/// The repository action a step uses, parsed (for a rule that asks about several actions:
/// parse once, then [`UsesRef::is_action`] each).
pub fn step_action(step: &Step) -> Option<UsesRef<'_>> {
    step.uses.as_ref().and_then(|u| parse_uses(&u.value))
}

/// One `${{ ... }}` in the text of a value: its inner text and its exact span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundExpr {
    pub inner: String,
    pub span: Span,
}

/// Every `${{ }}` in the file text covered by `span` (a YAML value). The raw text is scanned,
/// not the parsed value, so spans point at the characters in the file; a `}}` inside a
/// quoted string of the expression does not end it.
pub fn expressions_in(file: &SourceFile, span: Span) -> Vec<FoundExpr> {
    raw_expressions_in(file, span)
        .into_iter()
        .map(|e| FoundExpr {
            inner: e.inner.to_string(),
            span: file.span(e.start, e.end),
        })
        .collect()
}

/// One `${{ }}` of [`raw_expressions_in`]: its byte range in the file and its inner text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawExpr<'t> {
    pub start: usize,
    pub end: usize,
    /// The text between `${{` and `}}`, trimmed.
    pub inner: &'t str,
}

impl RawExpr<'_> {
    pub fn span(&self, file: &SourceFile) -> Span {
        file.span(self.start, self.end)
    }
}

/// [`expressions_in`] without a copy of each text or a line and column for each span: for
/// rules that report few of the expressions they read (a line and column count the
/// characters from the start of the line).
pub fn raw_expressions_in(file: &SourceFile, span: Span) -> Vec<RawExpr<'_>> {
    let text = file
        .text
        .get(span.start.offset..span.end.offset)
        .unwrap_or("");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = find_open(bytes, from) {
        let body = open + 3;
        let Some(close) = expression_end(&text[body..]).map(|i| i + body) else {
            break;
        };
        out.push(RawExpr {
            start: span.start.offset + open,
            end: span.start.offset + close + 2,
            inner: text[body..close].trim(),
        });
        from = close + 2;
    }
    out
}

/// The first `${{` at or after `from`.
fn find_open(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b'$', bytes.get(at..)?) {
        let i = at + i;
        if bytes[i + 1..].starts_with(b"{{") {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Offset of the `}}` that closes an expression body (quotes respected).
fn expression_end(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => in_string = !in_string,
            b'}' if !in_string && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Script lines are the workflow layer's (the effects model reads them too).
pub use crate::workflow::script::{script_lines, ScriptLine};

/// Does this permissions node (`write-all`, or a mapping) grant `id-token: write`?
pub fn grants_id_token(permissions: &Node) -> bool {
    grants_write(permissions, "id-token")
}

/// Does this permissions node (`write-all`, or a mapping) grant `scope: write`?
pub fn grants_write(permissions: &Node, scope: &str) -> bool {
    match permissions.as_str() {
        Some(s) => s.trim() == "write-all",
        None => permissions
            .get(scope)
            .and_then(Node::as_str)
            .is_some_and(|v| v.trim() == "write"),
    }
}

/// The permissions in force for a job: its own, or else the workflow's.
pub fn job_permissions<'a>(wf: &'a Workflow, job: &'a Job) -> Option<&'a Node> {
    job.permissions.as_ref().or(wf.permissions.as_ref())
}

/// The job's mapping as written (for keys the model does not keep: container, services).
pub fn raw_job<'a>(wf: &'a Workflow, job: &Job) -> Option<&'a Node> {
    wf.doc.root.as_ref()?.get("jobs")?.get(&job.id.value)
}

/// Events an outsider (a fork's author, any commenter) can start that run with the base
/// repository's secrets and a token that may write.
pub const PRIVILEGED_TRIGGERS: &[&str] = &[
    "pull_request_target",
    "workflow_run",
    "issue_comment",
    "issues",
    "discussion",
    "discussion_comment",
    "pull_request_review",
    "pull_request_review_comment",
];

/// The workflow's first trigger an outsider can start with the base repository's privileges.
pub fn privileged_trigger(wf: &Workflow) -> Option<&crate::workflow::Trigger> {
    wf.triggers
        .iter()
        .find(|t| PRIVILEGED_TRIGGERS.contains(&t.event.as_str()))
}

/// Whether a scalar reads as true the way the runner reads an env value or input.
pub fn truthy(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    matches!(v.as_str(), "true" | "1" | "yes" | "on")
}

#[cfg(test)]
mod tests;
