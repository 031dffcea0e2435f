//! Who can choose the value of a context path, as far as a workflow file tells.

use crate::finding::Severity;
use crate::source::HoldsTemplate as _;
use crate::workflow::{InputKind, Job, Workflow};
use crate::yaml::{Node, Value};

use super::Confidence;

/// Why an expression's value may be chosen by someone other than the maintainers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taint {
    pub severity: Severity,
    pub confidence: Confidence,
    /// Who chooses it, for the message: "the pull request's author".
    pub who: &'static str,
}

impl Taint {
    fn new(severity: Severity, confidence: Confidence, who: &'static str) -> Taint {
        Taint {
            severity,
            confidence,
            who,
        }
    }
}

/// Event fields whose text an outsider writes (the last segments of `github.event.<...>`).
/// A path matches when it ends with one of these; `*` stands for any one segment.
const OUTSIDER_FIELDS: &[(&str, &str)] = &[
    ("issue.title", "the issue's author"),
    ("issue.body", "the issue's author"),
    ("pull_request.title", "the pull request's author"),
    ("pull_request.body", "the pull request's author"),
    (
        "pull_request.head.ref",
        "the pull request's author (branch name)",
    ),
    (
        "pull_request.head.label",
        "the pull request's author (branch name)",
    ),
    (
        "pull_request.head.repo.default_branch",
        "the pull request's author",
    ),
    ("pull_request.head.repo.name", "the pull request's author"),
    (
        "pull_request.head.repo.full_name",
        "the pull request's author",
    ),
    (
        "pull_request.head.repo.description",
        "the pull request's author",
    ),
    (
        "pull_request.head.repo.homepage",
        "the pull request's author",
    ),
    (
        "pull_request.labels.*.name",
        "whoever can label the pull request",
    ),
    ("issue.labels.*.name", "whoever can label the issue"),
    ("comment.body", "the commenter"),
    ("review.body", "the reviewer"),
    ("review_comment.body", "the reviewer"),
    ("discussion.title", "the discussion's author"),
    ("discussion.body", "the discussion's author"),
    ("pages.*.page_name", "a wiki editor"),
    ("pages.*.title", "a wiki editor"),
    ("commits.*.message", "the commit's author"),
    ("commits.*.author.name", "the commit's author"),
    ("commits.*.author.email", "the commit's author"),
    ("head_commit.message", "the commit's author"),
    ("head_commit.author.name", "the commit's author"),
    ("head_commit.author.email", "the commit's author"),
    ("head_commit.committer.name", "the commit's author"),
    ("head_commit.committer.email", "the commit's author"),
    (
        "workflow_run.head_branch",
        "the author of the branch that ran",
    ),
    (
        "workflow_run.display_title",
        "the author of the run's commit or pull request",
    ),
    ("workflow_run.head_commit.message", "the commit's author"),
    (
        "workflow_run.head_commit.author.name",
        "the commit's author",
    ),
    (
        "workflow_run.head_commit.author.email",
        "the commit's author",
    ),
    ("workflow_run.head_repository.name", "the fork's owner"),
    (
        "workflow_run.head_repository.description",
        "the fork's owner",
    ),
    (
        "workflow_run.pull_requests.*.head.ref",
        "the pull request's author",
    ),
    ("check_suite.head_branch", "the author of the branch"),
    (
        "check_run.check_suite.head_branch",
        "the author of the branch",
    ),
    ("merge_group.head_commit.message", "the commit's author"),
    ("user.name", "the user"),
    ("user.email", "the user"),
    ("pusher.name", "the pusher"),
    ("pusher.email", "the pusher"),
    ("sender.login", "the sender"),
    ("release.name", "the release's author"),
    ("release.body", "the release's author"),
];

/// Paths whose values have a fixed format (ids, numbers, SHAs, URLs GitHub builds, booleans)
/// or that only the repository's admins set.
const FIXED: &[&str] = &[
    "github.sha",
    "github.run_id",
    "github.run_number",
    "github.run_attempt",
    "github.workspace",
    "github.event_name",
    "github.repository",
    "github.repository_id",
    "github.repository_owner",
    "github.repository_owner_id",
    "github.job",
    "github.action",
    "github.action_path",
    "github.action_ref",
    "github.server_url",
    "github.api_url",
    "github.graphql_url",
    "github.token",
    "github.retention_days",
    "github.event.number",
    "github.event.after",
    "github.event.before",
    "github.event.forced",
    "github.event.created",
    "github.event.deleted",
    "github.event.action",
    "github.event.ref_type",
    "github.ref_type",
    "github.ref_protected",
    "job.status",
    "job.container.id",
    "job.container.network",
];

fn ends_with_pattern(path: &[&str], pattern: &str) -> bool {
    let pat: Vec<&str> = pattern.split('.').collect();
    path.len() >= pat.len()
        && path[path.len() - pat.len()..]
            .iter()
            .zip(&pat)
            .all(|(p, q)| *q == "*" || p.eq_ignore_ascii_case(q))
}

/// Last segments that make any event field a fixed-format value.
fn fixed_field(last: &str) -> bool {
    let l = last.to_ascii_lowercase();
    l == "id"
        || l == "number"
        || l == "sha"
        || l.ends_with("_id")
        || l.ends_with("_sha")
        || l.ends_with("_at")
        || l.ends_with("_url")
        || l == "url"
        || l.ends_with("_count")
        || l == "draft"
        || l == "merged"
        || l == "private"
        || l == "fork"
        || l == "state"
        || l == "conclusion"
        || l == "run_attempt"
        || l == "run_number"
        // OWNER, MEMBER, CONTRIBUTOR, NONE...: a fixed set of words.
        || l == "author_association"
}

/// Who can choose the value at `path` (as [`crate::expr::context_paths`] writes it); None
/// when nobody outside the maintainers can.
pub fn classify(path: &str, wf: &Workflow) -> Option<Taint> {
    classify_in(path, wf, None)
}

/// Like [`classify`], for an expression of `job` (when known): `matrix.<key>` is judged by
/// that job's matrix alone.
pub fn classify_in(path: &str, wf: &Workflow, job: Option<&Job>) -> Option<Taint> {
    let segs: Vec<&str> = path.split('.').collect();
    let root = segs.first().copied().unwrap_or("").to_ascii_lowercase();
    let lower = path.to_ascii_lowercase();
    if FIXED.contains(&lower.as_str()) {
        return None;
    }
    match root.as_str() {
        "secrets" | "runner" | "strategy" | "hashfiles" => None,
        "github" => github_path(&segs, &lower, wf),
        "inputs" => input_path(segs.get(1).copied(), wf, false),
        "steps" | "needs" => {
            // Outcomes and results are fixed words; outputs are whatever the step printed.
            let fixed = match (root.as_str(), segs.get(2).copied()) {
                ("steps", Some(k)) => segs.len() == 3 && matches!(k, "outcome" | "conclusion"),
                ("needs", Some(k)) => segs.len() == 3 && k == "result",
                _ => false,
            };
            if fixed {
                None
            } else {
                Some(Taint::new(
                    Severity::Note,
                    Confidence::Low,
                    "whatever the earlier step or job printed, which may come from the event",
                ))
            }
        }
        "env" if segs.len() == 2 && literal_env(segs[1], wf) => None,
        "matrix" if static_matrix(wf) => None,
        "matrix" if job.is_some_and(|j| static_matrix_key(wf, j, segs.get(1).copied())) => None,
        "env" => Some(Taint::new(
            Severity::Note,
            Confidence::Low,
            "whoever set the variable (trace it to its source)",
        )),
        "matrix" => Some(Taint::new(
            Severity::Note,
            Confidence::Low,
            "the matrix definition (check where its values come from)",
        )),
        "vars" => Some(Taint::new(
            Severity::Note,
            Confidence::Low,
            "whoever can edit the repository's variables",
        )),
        "job" | "jobs" => Some(Taint::new(
            Severity::Note,
            Confidence::Low,
            "the job's outputs or services",
        )),
        _ => None,
    }
}

/// An env variable every definition of which in the workflow is text without `${{ }}`.
fn literal_env(name: &str, wf: &Workflow) -> bool {
    let defs = wf
        .env
        .iter()
        .chain(wf.jobs.iter().flat_map(|j| {
            j.env
                .iter()
                .chain(j.steps.iter().flat_map(|s| s.env.iter()))
        }))
        .filter(|(k, _)| k.value == name);
    let mut any = false;
    for (_, v) in defs {
        // `${{ github.run_id }}` inside the text is fixed too; an env variable read from
        // another one is not followed.
        let fixed = !v.value.holds_template()
            || super::expressions_in(&wf.file, v.span).iter().all(|e| {
                crate::expr::parse(&e.inner).is_ok_and(|x| {
                    crate::expr::value_paths(&x).iter().all(|p| {
                        !p.to_ascii_lowercase().starts_with("env") && classify(p, wf).is_none()
                    })
                })
            });
        if !fixed {
            return false;
        }
        any = true;
    }
    any
}

fn has_expression(n: &Node) -> bool {
    match &n.value {
        Value::Scalar { text, .. } => text.holds_template(),
        Value::Seq(items) => items.iter().any(has_expression),
        Value::Map(entries) => entries
            .iter()
            .any(|e| has_expression(&e.key) || has_expression(&e.value)),
        Value::Null => false,
    }
}

/// A `${{ }}` in the node whose value someone outside the maintainers may choose
/// (`${{ github.run_id }}` is fixed; `${{ fromJSON(needs.plan.outputs.x) }}` is not).
fn tainted_expression(n: &Node, wf: &Workflow) -> bool {
    match &n.value {
        Value::Scalar { text, .. } if text.holds_template() => {
            super::expressions_in(&wf.file, n.span).iter().any(|e| {
                crate::expr::parse(&e.inner).map_or(true, |expr| {
                    crate::expr::value_paths(&expr)
                        .iter()
                        .any(|p| classify(p, wf).is_some())
                })
            })
        }
        Value::Scalar { .. } | Value::Null => false,
        Value::Seq(items) => items.iter().any(|i| tainted_expression(i, wf)),
        Value::Map(entries) => entries
            .iter()
            .any(|e| tainted_expression(&e.key, wf) || tainted_expression(&e.value, wf)),
    }
}

/// Every value `matrix.<key>` can take in `job` is fixed in its matrix: the matrix, its
/// `include:` and the key's own values are written out, or hold only fixed-format
/// expressions (`${{ github.run_id }}`); a key the matrix does not define is empty. Other
/// keys may still be computed.
fn static_matrix_key(wf: &Workflow, job: &Job, key: Option<&str>) -> bool {
    let has_expression = |n: &Node| tainted_expression(n, wf);
    let Some(matrix) = job.strategy.as_ref().and_then(|s| s.get("matrix")) else {
        return false;
    };
    let Some(key) = key else {
        return !has_expression(matrix);
    };
    let Some(entries) = matrix.as_map() else {
        return false;
    };
    entries.iter().all(|e| match e.key.as_str() {
        Some("include") => match e.value.as_seq() {
            Some(items) => items.iter().all(|item| {
                item.as_map()
                    .is_some_and(|m| m.iter().all(|f| !has_expression(&f.key)))
                    && item.get(key).is_none_or(|v| !has_expression(v))
            }),
            None => !has_expression(&e.value),
        },
        Some("exclude") => true,
        Some(k) if k == key => !has_expression(&e.value),
        Some(_) => !has_expression(&e.key),
        None => false,
    })
}

/// No job's matrix is computed by an expression: every matrix value is written out.
fn static_matrix(wf: &Workflow) -> bool {
    wf.jobs.iter().all(|j| {
        j.strategy
            .as_ref()
            .and_then(|s| s.get("matrix"))
            .is_none_or(|m| !has_expression(m))
    })
}

fn github_path(segs: &[&str], lower: &str, wf: &Workflow) -> Option<Taint> {
    match lower {
        "github.head_ref" => {
            return Some(Taint::new(
                Severity::Error,
                Confidence::High,
                "the pull request's author (branch name)",
            ))
        }
        "github.ref" | "github.ref_name" | "github.base_ref" => {
            return Some(Taint::new(
                Severity::Note,
                Confidence::Medium,
                "whoever can push a branch or tag (a name can hold shell syntax)",
            ))
        }
        "github.actor" | "github.triggering_actor" => {
            return Some(Taint::new(
                Severity::Note,
                Confidence::Low,
                "the account that started the run (a login name)",
            ))
        }
        _ => {}
    }
    if segs.len() < 2 || !segs[1].eq_ignore_ascii_case("event") {
        return None;
    }
    let object = segs.len() == 2
        || segs.len() == 3
            && [
                "pull_request",
                "issue",
                "comment",
                "review",
                "review_comment",
                "discussion",
                "release",
                "head_commit",
                "commits",
                "pages",
                "workflow_run",
            ]
            .iter()
            .any(|o| segs[2].eq_ignore_ascii_case(o));
    if object {
        // The whole payload or a whole object (`toJSON(github.event.pull_request)`).
        return Some(Taint::new(
            Severity::Warning,
            Confidence::Medium,
            "the event's sender (the object holds titles, bodies and branch names)",
        ));
    }
    if segs[2].eq_ignore_ascii_case("inputs") {
        return input_path(segs.get(3).copied(), wf, true);
    }
    if let Some((_, who)) = OUTSIDER_FIELDS
        .iter()
        .find(|(p, _)| ends_with_pattern(segs, p))
    {
        return Some(Taint::new(Severity::Error, Confidence::High, who));
    }
    let last = segs.last().copied().unwrap_or("");
    if fixed_field(last) || segs.len() == 3 && fixed_field(segs[2]) {
        return None;
    }
    // Other names and refs (repository names, tag names, logins): short, but free text.
    Some(Taint::new(
        Severity::Note,
        Confidence::Medium,
        "the event's sender (free text in the event payload)",
    ))
}

/// `inputs.<name>`: free text unless declared as a boolean, number or choice.
/// `github.event.inputs.<name>` (`dispatch_payload`) is the dispatch form's value: a
/// `workflow_dispatch` input of that name decides, not a `workflow_call` one.
fn input_path(name: Option<&str>, wf: &Workflow, dispatch_payload: bool) -> Option<Taint> {
    let dispatch = |t: &&crate::workflow::Trigger| t.event == "workflow_dispatch";
    let declared = name.and_then(|n| {
        let in_dispatch = wf.triggers.iter().filter(dispatch).find_map(|t| t.input(n));
        match (dispatch_payload, in_dispatch) {
            (true, Some(i)) => Some(i),
            _ => wf.triggers.iter().find_map(|t| t.input(n)),
        }
    });
    if let Some(input) = declared {
        if matches!(
            input.kind,
            InputKind::Boolean | InputKind::Number | InputKind::Choice | InputKind::Environment
        ) {
            return None;
        }
    }
    Some(Taint::new(
        Severity::Warning,
        Confidence::Medium,
        "whoever dispatches or calls the workflow (free text)",
    ))
}
