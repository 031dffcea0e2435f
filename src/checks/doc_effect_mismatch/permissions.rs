//! Permission claims ("| `ci.yml` | `contents: read` | Read-only tests |", "**Permissions:**
//! `contents: write` under a job's heading) against the `permissions:` blocks: a job's own
//! block, else its workflow's; with neither the token gets the repository's default, which the
//! files do not show (unknown).
//!
//! Verdicts: a listed `scope: write` no job of the target grants (every job's permissions
//! known) → violated; a listed `scope: read` or a read-only set where a job of the target grants
//! write → violated, naming the job and its `permissions:` line; otherwise holds or unknown.
//! Only a name on the claim's own line, or the nearest heading, ties it to a workflow or a job;
//! a write claim tied only through a heading further up is judged for the workflow as a whole
//! (some job grants it), never as a read-only set.

use super::{names_file, workflow_label, Model, ID};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::permission_claims::{self, PermissionClaim};
use crate::source::{SourceFile, Span};
use crate::workflow::{Job, Workflow};
use crate::yaml::{Node, Value};

/// What a job's token may do.
enum Grant {
    /// Scopes as listed with each entry's span (absent ones are `none`).
    Listed(Vec<(String, String, Span)>, Span),
    /// `write-all` / `read-all`.
    All(&'static str, Span),
    /// No block anywhere (the repository default) or one we cannot read (an expression).
    Unknown,
}

fn grant_of(node: &Node) -> Grant {
    match &node.value {
        Value::Scalar { text, .. } => match text.trim() {
            "write-all" => Grant::All("write", node.span),
            "read-all" => Grant::All("read", node.span),
            _ => Grant::Unknown,
        },
        Value::Map(entries) => Grant::Listed(
            entries
                .iter()
                .filter_map(|e| {
                    Some((
                        e.key.scalar_text()?.trim().to_ascii_lowercase(),
                        e.value.as_str()?.trim().to_ascii_lowercase(),
                        e.key.span,
                    ))
                })
                .collect(),
            node.span,
        ),
        Value::Null | Value::Seq(_) => Grant::Unknown,
    }
}

fn job_grant(wf: &Workflow, job: &Job) -> Grant {
    job.permissions
        .as_ref()
        .or(wf.permissions.as_ref())
        .map_or(Grant::Unknown, grant_of)
}

impl Grant {
    /// The level for `scope`: `write`, `read`, `none`; None when unknown.
    fn level(&self, scope: &str) -> Option<&str> {
        match self {
            Grant::Listed(map, _) => Some(
                map.iter()
                    .find(|(s, _, _)| s == scope)
                    .map_or("none", |(_, l, _)| l.as_str()),
            ),
            Grant::All(l, _) => Some(l),
            Grant::Unknown => None,
        }
    }

    /// Scopes given `write`, with where.
    fn writes(&self) -> Vec<(String, Span)> {
        match self {
            Grant::Listed(map, _) => map
                .iter()
                .filter(|(_, l, _)| l == "write")
                .map(|(s, _, at)| (s.clone(), *at))
                .collect(),
            Grant::All("write", at) => vec![("every scope".to_string(), *at)],
            _ => Vec::new(),
        }
    }

    /// Where `scope` is given write (the entry, or `write-all`).
    fn write_span(&self, scope: &str) -> Option<Span> {
        self.writes()
            .into_iter()
            .find(|(s, _)| s == scope || s == "every scope")
            .map(|(_, at)| at)
    }

    fn span(&self) -> Option<Span> {
        match self {
            Grant::Listed(_, s) | Grant::All(_, s) => Some(*s),
            Grant::Unknown => None,
        }
    }
}

/// What a claim is about: a workflow (all its jobs) or one job.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Workflow(usize),
    Job(usize, usize),
}

/// "1.2. Bump Version", "**Build** job" → "bump version", "build".
fn norm(s: &str) -> String {
    let s = s.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    let s = s.to_ascii_lowercase();
    let s = s.strip_suffix(" job").unwrap_or(&s).trim().to_string();
    s.replace(['-', '_'], " ")
}

/// The one job named by `text` (whole, or the part in parentheses) in `scope`.
fn job_named(m: &Model, scope: &[usize], text: &str) -> Option<(usize, usize)> {
    let mut forms = vec![norm(text)];
    if let (Some(a), Some(b)) = (text.find('('), text.rfind(')')) {
        if a < b {
            forms.push(norm(&text[a + 1..b]));
            forms.push(norm(&text[..a]));
        }
    }
    forms.retain(|f| f.len() >= 3);
    let mut found = Vec::new();
    for &w in scope {
        for (j, job) in m.wf(w).jobs.iter().enumerate() {
            let id = norm(&job.id.value);
            let name = job.name.as_ref().map(|n| norm(&n.value));
            if forms.iter().any(|f| *f == id || name.as_deref() == Some(f.as_str())) {
                found.push((w, j));
            }
        }
    }
    (found.len() == 1).then(|| found[0])
}

/// The workflow files named in `text`.
fn files_named(m: &Model, text: &str) -> Vec<usize> {
    let lower = text.to_ascii_lowercase();
    m.all()
        .into_iter()
        .filter(|&w| names_file(&lower, &m.wf(w).file.file_name().to_ascii_lowercase()))
        .collect()
}

/// The claim's target and whether the claim's own line or nearest heading names it.
fn target(m: &Model, c: &PermissionClaim) -> Option<(Target, bool)> {
    let names = c.names.join(" | ");
    let by_file = files_named(m, &names);
    if by_file.len() == 1 {
        return Some((Target::Workflow(by_file[0]), true));
    }
    if by_file.len() > 1 {
        return None;
    }
    // The workflow the headings name (nearest naming one), as the scope for job names.
    let mut context = None;
    for h in &c.headings {
        let ws = m.mentioned(h);
        match ws.len() {
            0 => continue,
            1 => context = ws.first().copied(),
            _ => {}
        }
        break;
    }
    let scope = context.map_or_else(|| m.all(), |w| vec![w]);
    for n in &c.names {
        if let Some((w, j)) = job_named(m, &scope, n) {
            return Some((Target::Job(w, j), true));
        }
    }
    if !c.names.is_empty() && !c.text.starts_with('|') {
        // A label naming something that is no job ("Tag creation job:"): not ours to judge.
        return None;
    }
    let nearest = c.headings.first()?;
    if let Some((w, j)) = job_named(m, &scope, nearest) {
        return Some((Target::Job(w, j), true));
    }
    let ws = m.mentioned(nearest);
    if ws.len() == 1 {
        return Some((Target::Workflow(ws[0]), true));
    }
    context.map(|w| (Target::Workflow(w), false))
}

fn jobs_of(m: &Model, t: Target) -> Vec<(usize, usize)> {
    match t {
        Target::Workflow(w) => (0..m.wf(w).jobs.len()).map(|j| (w, j)).collect(),
        Target::Job(w, j) => vec![(w, j)],
    }
}

fn label(m: &Model, t: Target) -> String {
    match t {
        Target::Workflow(w) => workflow_label(m.wf(w)),
        Target::Job(w, j) => format!("job `{}` of {}", m.wf(w).jobs[j].id.value, workflow_label(m.wf(w))),
    }
}

/// Scopes that do not write to the repository or its objects: not against "read-only".
const NOT_REPO_WRITE: &[&str] = &["id-token", "attestations", "models"];

pub(super) fn claims(m: &Model, doc: &SourceFile, out: &mut Vec<ClaimCheck>) {
    let read = permission_claims::read(doc);
    if read.is_empty() {
        return;
    }
    let targets: Vec<Option<(Target, bool)>> = read.iter().map(|c| target(m, c)).collect();
    for (c, t) in read.iter().zip(&targets) {
        let Some((t, direct)) = *t else { continue };
        let jobs = jobs_of(m, t);
        if jobs.is_empty() {
            continue;
        }
        let grants: Vec<(usize, usize, Grant)> = jobs
            .iter()
            .map(|&(w, j)| (w, j, job_grant(m.wf(w), &m.wf(w).jobs[j])))
            .collect();
        let check = || {
            ClaimCheck::new(ID, doc, doc.line_span(c.line), "Token permissions", &c.text)
        };
        // Every pair the doc lists for this target in the same table or label block.
        let set: Vec<&permission_claims::Pair> = read
            .iter()
            .zip(&targets)
            .filter(|(o, ot)| o.group == c.group && ot.map(|x| x.0) == Some(t))
            .flat_map(|(o, _)| o.pairs.iter())
            .collect();
        let mut verdict: Option<ClaimCheck> = None;
        for p in &c.pairs {
            let levels: Vec<Option<&str>> = grants.iter().map(|(_, _, g)| g.level(&p.scope)).collect();
            if p.level == "write" {
                if levels.contains(&Some("write")) {
                    continue;
                }
                if levels.contains(&None) {
                    verdict.get_or_insert_with(|| {
                        check().verdict(Outcome::Unknown, format!("{} has a job without `permissions:` (the repository default applies)", label(m, t)), "")
                    });
                    continue;
                }
                let mut v = check().verdict(
                    Outcome::Violated,
                    match t {
                        Target::Workflow(_) => format!("no job of {} is given `{}: write`{}", label(m, t), p.scope, declared(m, &grants)),
                        Target::Job(..) => format!("{} is not given `{}: write`{}", label(m, t), p.scope, declared(m, &grants)),
                    },
                    "a step that needs it is refused (403), or the doc overstates what the token may do",
                );
                for (w, _, g) in &grants {
                    if let Some(s) = g.span() {
                        v = v.related(&m.wf(*w).file, s, "permissions");
                    }
                }
                return_first(&mut verdict, v);
            } else if direct && c.listed {
                if let Some((w, j, g)) = grants.iter().find(|(_, _, g)| g.level(&p.scope) == Some("write")) {
                    let at = g.write_span(&p.scope);
                    let v = written(m, check(), *w, *j, at, &format!("`{}: write`, not `{}: {}`", p.scope, p.scope, p.level));
                    return_first(&mut verdict, v);
                }
            }
        }
        let all_read = c.listed && set.iter().all(|p| p.level != "write");
        if verdict.as_ref().is_none_or(|v| v.outcome != Outcome::Violated) && direct && (all_read || c.read_only) && c.listed {
            for (w, j, g) in &grants {
                let writes: Vec<(String, Span)> = g
                    .writes()
                    .into_iter()
                    .filter(|(s, _)| !NOT_REPO_WRITE.contains(&s.as_str()))
                    .collect();
                let Some(&(_, at)) = writes.first() else {
                    continue;
                };
                let what = writes.iter().map(|(s, _)| format!("`{s}: write`")).collect::<Vec<_>>().join(", ");
                verdict = Some(written(m, check(), *w, *j, Some(at), &format!("{what}: not read-only")));
                break;
            }
        }
        if let Some(v) = verdict {
            out.push(v);
        } else {
            out.push(check().verdict(Outcome::Holds, format!("{} is given what the doc lists", label(m, t)), ""));
        }
    }
}

fn return_first(slot: &mut Option<ClaimCheck>, v: ClaimCheck) {
    if slot.as_ref().is_none_or(|s| s.outcome != Outcome::Violated) {
        *slot = Some(v);
    }
}

fn written(m: &Model, check: ClaimCheck, w: usize, j: usize, at: Option<Span>, what: &str) -> ClaimCheck {
    let wf = m.wf(w);
    let job = &wf.jobs[j];
    let line = at.map_or(job.id.span.start.line, |s| s.start.line);
    let mut v = check.verdict(
        Outcome::Violated,
        format!("{} job `{}` is given {what} ({}:{line})", workflow_label(wf), job.id.value, wf.file.file_name()),
        "the token can change more than the doc says; a reviewer trusting the doc misjudges the risk",
    );
    if let Some(s) = at {
        v = v.related(&wf.file, s, "write scope");
    }
    v
}

/// ": job `a` has `contents: read` (line 12), …" for the message (at most three).
fn declared(m: &Model, grants: &[(usize, usize, Grant)]) -> String {
    let parts: Vec<String> = grants
        .iter()
        .take(3)
        .map(|(w, j, g)| {
            let job = &m.wf(*w).jobs[*j];
            match g {
                Grant::Listed(map, s) => {
                    let l = map.iter().map(|(a, b, _)| format!("{a}: {b}")).collect::<Vec<_>>().join(", ");
                    let l = if l.is_empty() { "none".to_string() } else { l };
                    format!("job `{}` has `{l}` ({}:{})", job.id.value, m.wf(*w).file.file_name(), s.start.line)
                }
                Grant::All(l, s) => format!("job `{}` has `{l}-all` ({}:{})", job.id.value, m.wf(*w).file.file_name(), s.start.line),
                Grant::Unknown => String::new(),
            }
        })
        .collect();
    let more = if grants.len() > 3 { ", …" } else { "" };
    format!(": {}{more}", parts.join("; "))
}
