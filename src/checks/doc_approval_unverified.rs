//! `doc-approval-unverified`: docs say deployments to an environment need approval. Reviewers
//! live in GitHub's environment settings, not in the repository: without exported state the
//! claim is unverified; with it, a missing reviewer rule is a violation.

use crate::source::HoldsTemplate as _;
use crate::docs::line_regex::LineRegex;
use super::claims::{ClaimCheck, Outcome};
use super::common::job_environments;
use super::{Ctx, Rule};
use crate::docs::{ClaimKind, ProseKind};
use crate::finding::{Finding, Severity};
use crate::state::Lookup;

pub struct DocApprovalUnverified;

/// The production-role environment jobs target (first by name), else `production`.
fn production_environment(cx: &Ctx) -> String {
    let mut names: Vec<String> = cx
        .repo
        .workflows
        .iter()
        .flat_map(|w| w.jobs.iter().flat_map(move |j| job_environments(w, j)))
        .filter(|e| !e.holds_template() && cx.aliases.is_production(e))
        .map(|e| cx.aliases.canonical(&e))
        .collect();
    names.sort();
    names.into_iter().next().unwrap_or_else(|| "production".into())
}

impl Rule for DocApprovalUnverified {
    /// Unknown is reported too, as a note once per environment (its first claim): the files
    /// cannot show reviewers, and a warning on every sentence that mentions approval would
    /// bury real drift. The report still lists every such claim as unverified.
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut claims = Vec::new();
        self.claims(cx, &mut claims);
        let mut noted = std::collections::BTreeSet::new();
        for c in claims {
            let severity = match c.outcome {
                Outcome::Violated => Severity::Error,
                Outcome::Unknown if noted.insert(c.claim.clone()) => Severity::Note,
                Outcome::Unknown | Outcome::Holds => continue,
            };
            if let Some(doc) = super::common::doc_file(cx.repo, &c.doc) {
                out.push(c.to_finding(doc, severity));
            }
        }
        for c in approval_counts(cx) {
            if let Some(doc) = super::common::doc_file(cx.repo, &c.doc) {
                out.push(c.to_finding(doc, Severity::Warning));
            }
        }
    }

    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        for (doc, model, c) in repo.doc_claims() {
            let ClaimKind::Prose { claim, env, .. } = &c.kind else {
                continue;
            };
            if *claim != ProseKind::ApprovalRequired {
                continue;
            }
            // No environment in the sentence: the one the doc's nearest workflow link deploys
            // to (the section describes it), else the production-role environment jobs target.
            let canonical = env.clone().unwrap_or_else(|| {
                nearest_workflow_environment(cx, model, c.span.start.line)
                    .unwrap_or_else(|| production_environment(cx))
            });
            let label = format!(
                "{} requires approval",
                super::common::capitalise(&canonical)
            );
            // Jobs that deploy to this environment (names compared through aliases).
            let targets = cx.jobs_targeting(&canonical);
            let mut check = ClaimCheck::new(Self::ID, doc, c.span, label, &c.text);
            // Three locations are enough to verify; the last one says how many are left out.
            const SHOWN: usize = 3;
            for (i, (wf, job)) in targets.iter().take(SHOWN).enumerate() {
                if let Some(env) = &job.environment {
                    let more = targets.len().saturating_sub(SHOWN);
                    let label = if i + 1 == SHOWN && more > 0 {
                        format!(
                            "job `{}` deploys here ({more} more {} deploy{} here too)",
                            job.id.value,
                            if more == 1 { "job" } else { "jobs" },
                            if more == 1 { "s" } else { "" }
                        )
                    } else {
                        format!("job `{}` deploys here", job.id.value)
                    };
                    check = check.related(&wf.file, env.name.span, label);
                }
            }
            let names: Vec<String> = {
                let mut n: Vec<String> = targets
                    .iter()
                    .flat_map(|(w, j)| super::common::job_environments(w, j))
                    .filter(|e| cx.aliases.canonical(e) == canonical)
                    .collect();
                n.sort();
                n.dedup();
                n
            };
            let verdict = match &cx.state {
                None => (
                    Outcome::Unknown,
                    format!(
                        "unverified: reviewers for `{}` are set in GitHub's environment settings, not in the repository (export them with `driftlint state pull`)",
                        names.first().cloned().unwrap_or(canonical.clone())
                    ),
                    "the approval step may not exist".to_string(),
                ),
                Some(state) => {
                    let candidates: Vec<String> = if names.is_empty() { vec![canonical.clone()] } else { names.clone() };
                    let mut found = None;
                    let mut missing = Vec::new();
                    for n in &candidates {
                        match state.environment(n) {
                            Lookup::Found(e) => {
                                found = Some(e);
                                break;
                            }
                            Lookup::Missing => missing.push(n.clone()),
                            Lookup::Unknown => {}
                        }
                    }
                    match found {
                        Some(e) if e.requires_approval() => (
                            Outcome::Holds,
                            format!("`{}` requires reviewers: {} ({})", e.name, e.reviewers.join(", "), e.declared_in),
                            String::new(),
                        ),
                        Some(e) => (
                            Outcome::Violated,
                            format!("`{}` has no required reviewers ({})", e.name, e.declared_in),
                            "deployments proceed without approval".to_string(),
                        ),
                        None if !missing.is_empty() => (
                            Outcome::Violated,
                            format!(
                                "environment `{}` does not exist in the exported settings; GitHub creates it unprotected on first use",
                                missing.join("`, `")
                            ),
                            "deployments proceed without approval".to_string(),
                        ),
                        None => (
                            Outcome::Unknown,
                            "unverified: the state export has no environment settings".to_string(),
                            "the approval step may not exist".to_string(),
                        ),
                    }
                }
            };
            // Is the environment ever deployed by an automatic route? (seed: "never reached")
            let automatic = cx
                .route_map()
                .routes
                .iter()
                .any(|r| r.automatic && cx.aliases.canonical(&r.environment) == canonical);
            let short = match verdict.0 {
                Outcome::Unknown if !automatic => {
                    format!("Unverified; {canonical} is never reached automatically")
                }
                Outcome::Unknown => "Unverified (reviewers are GitHub settings)".to_string(),
                _ => verdict.1.clone(),
            };
            let impact = if verdict.0 == Outcome::Unknown && !automatic {
                "untested approval flow".to_string()
            } else {
                verdict.2
            };
            out.push(check.short(short).verdict(verdict.0, verdict.1, impact));
        }
    }
}

/// The environment of the workflow linked nearest above `line` in the doc, when it has exactly
/// one (canonical name).
fn nearest_workflow_environment(
    cx: &Ctx,
    model: &crate::docs::DocModel,
    line: u32,
) -> Option<String> {
    let wf = model
        .claims
        .iter()
        .filter(|c| c.span.start.line <= line)
        .rev()
        .find_map(|c| match &c.kind {
            ClaimKind::WorkflowRef { target, .. } => cx
                .repo
                .find_workflow(target.rsplit('/').next().unwrap_or(target)),
            _ => None,
        })?;
    let mut envs: Vec<String> = super::common::workflow_environments(wf)
        .into_iter()
        .filter(|e| !e.holds_template())
        .map(|e| cx.aliases.canonical(&e))
        .collect();
    envs.dedup();
    match envs.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// "requires 2 approvals", "minimum 2 approvers", "at least two reviewers": a count of
/// approvals above one.
static APPROVAL_COUNT: std::sync::LazyLock<LineRegex> = std::sync::LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:(?:requires?|required|minimum(?:\s+of)?|min\.?|at\s+least|needs?)\s*:?\s*(\d+|two|three|four)\s+(?:separate\s+|distinct\s+|different\s+)?(?:approvals?|approvers?|reviewers?|sign-?offs?)|(\d+|two|three|four)\s+(?:approvals?|approvers?)\s+(?:are\s+)?(?:required|needed))\b",
    )
});
/// Where a count of approvals is about code review, not a deployment gate.
static REVIEW_CONTEXT: std::sync::LazyLock<LineRegex> = std::sync::LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:pull\s+requests?|PRs?|merg\w*|code\s+reviews?|codeowners|branch\s+protection|rulesets?)\b",
    )
});
/// Words that put the count on a deployment.
static DEPLOY_CONTEXT: std::sync::LazyLock<LineRegex> = std::sync::LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(?:deploy\w*|production|prod|release\w*|environments?|approval\s+gate)\b")
});
/// Workflow text that implements an approval count of its own (an approval action).
static APPROVAL_STEP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::docs::constant_regex(r"(?i)manual-approval|minimum-approvals|required-approvals|approvers\s*:")
});

/// Does `text` hold `approv` in any ASCII case? Every match of [`APPROVAL_STEP`] does, and no
/// letter of the word has a non-ASCII case variant (tested in `docs::describe::tests`), so
/// most workflow texts are ruled out before the regex searches them whole. Found from the
/// `v`, rarer in workflows than the `a`.
fn holds_approv(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'v', b'V', b).any(|i| {
        i.checked_sub(5)
            .and_then(|start| b.get(start..=i))
            .is_some_and(|w| w.eq_ignore_ascii_case(b"approv"))
    })
}

/// Can [`APPROVAL_COUNT`] match in `text`? Every match ends in a word holding `approv`,
/// `review` or `sign` (whose `ign` is looked for: the `s` has a non-ASCII case variant). In
/// ASCII text only ASCII letters can match, so ASCII-case comparisons are exact there; other
/// text is searched. Found from the `v`s and `g`s, rarer in prose than the words' first
/// letters. Most doc lines hold none of the three.
fn may_count_approvals(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let b = text.as_bytes();
    let holds = |start: Option<usize>, word: &[u8]| {
        start
            .and_then(|s| b.get(s..s + word.len()))
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    memchr::memchr2_iter(b'v', b'V', b)
        .any(|i| holds(i.checked_sub(5), b"approv") || holds(i.checked_sub(2), b"review"))
        || memchr::memchr2_iter(b'g', b'G', b).any(|i| holds(i.checked_sub(1), b"ign"))
}

fn count_word(w: &str) -> u32 {
    match w.to_ascii_lowercase().as_str() {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        n => n.parse().unwrap_or(0),
    }
}

/// Docs that say a deployment needs two or more approvals when the only gate in the
/// workflows is an `environment:`: GitHub's environment reviewers let one approval through
/// (any one of the required reviewers), so the count cannot hold unless a step implements it.
pub(crate) fn approval_counts(cx: &Ctx) -> Vec<ClaimCheck> {
    let repo = cx.repo;
    let mut out = Vec::new();
    if repo
        .workflows
        .iter()
        .any(|w| holds_approv(&w.file.text) && APPROVAL_STEP.is_match(&w.file.text))
    {
        return out;
    }
    for doc in &repo.docs {
        let lines = doc.line_count() as u32;
        for line in 1..=lines {
            let text = doc.line_text(line);
            if !may_count_approvals(text) {
                continue;
            }
            let Some(m) = APPROVAL_COUNT.captures(text) else {
                continue;
            };
            let n = m.get(1).or_else(|| m.get(2)).map_or(0, |g| count_word(g.as_str()));
            if n < 2 || REVIEW_CONTEXT.is_match(text) {
                continue;
            }
            // The line and the few before it (a lead-in such as "**Deployment:**").
            let around: String = (line.saturating_sub(4).max(1)..=line)
                .map(|l| doc.line_text(l))
                .collect::<Vec<_>>()
                .join("\n");
            if !DEPLOY_CONTEXT.is_match(&around) {
                continue;
            }
            let lower = around.to_ascii_lowercase();
            let env = if lower.contains("staging") && !lower.contains("production") {
                "staging"
            } else {
                "production"
            };
            let canonical = cx.aliases.canonical(env);
            let targets = cx.jobs_targeting(&canonical);
            let Some((wf, job)) = targets.first() else {
                continue;
            };
            let Some(gate) = &job.environment else {
                continue;
            };
            let Some(whole) = m.get(0) else {
                continue;
            };
            let start = doc.line_start(line) + whole.start();
            let span = doc.span(start, doc.line_start(line) + whole.end());
            let check = ClaimCheck::new(
                DocApprovalUnverified::ID,
                doc,
                span,
                format!("{n} approvals before {canonical}"),
                text,
            )
            .related(&wf.file, gate.name.span, format!("job `{}`: the only gate", job.id.value));
            out.push(check.verdict(
                Outcome::Violated,
                format!(
                    "the only gate is `environment: {}` on job `{}` ({}); GitHub lets a deployment through on one required reviewer's approval, and no workflow step asks for {n}",
                    gate.name.value,
                    job.id.value,
                    wf.file.file_name()
                ),
                "a single reviewer can approve the deployment",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approv_pre_check_admits_every_text_the_regex_matches() {
        for text in [
            "uses: trstringer/manual-approval@v1",
            "  MINIMUM-APPROVALS: 2",
            "required-Approvals: 2",
            "approvers : alice,bob",
            "approv",
            "xapprovx",
        ] {
            assert!(holds_approv(text), "{text}");
        }
        for text in ["", "v", "pprov", "approx", "env: v4", "a p p r o v", "aprov"] {
            assert!(!holds_approv(text), "{text}");
        }
        for text in ["manual-approval", "Minimum-Approvals", "approvers:"] {
            assert!(APPROVAL_STEP.is_match(text) && holds_approv(text), "{text}");
        }
    }

    #[test]
    fn count_pre_check_admits_every_line_the_regex_matches() {
        let lines = [
            "Production deploys require 2 approvals.",
            "MINIMUM OF THREE DISTINCT REVIEWERS",
            "at least two sign-offs before release",
            "Needs: 2 signoffs",
            "Two approvers are required for prod.",
            "Requires 2 Sign-Offs from the release team",
            "requires 2 ſign-offs",
            "4 approvals needed — production",
            "Deploys run on tags.",
            "requires 2 approving votes",
            "",
        ];
        for text in lines {
            if APPROVAL_COUNT.is_match(text) {
                assert!(may_count_approvals(text), "{text}");
            }
        }
        assert!(APPROVAL_COUNT.is_match("at least two sign-offs before release"));
        assert!(!may_count_approvals("Deploys run on tags."));
        assert!(may_count_approvals("requires 2 ſign-offs"));
    }
}
