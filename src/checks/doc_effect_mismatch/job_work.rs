//! What a doc says one job does ("**Lint**: code linting and formatting checks", "| `audit` |
//! scans dependencies |", "the `smoke` job hits the health endpoint") against what the job's
//! steps can do:
//! - a placeholder job (it only checks out, sets up, installs and prints; see
//!   [`crate::workflow::effects::placeholder`]) does none of the work claimed → violated;
//! - a gate job described as "ensures all jobs passed" that runs whatever its needs' results
//!   (`if: always()`) but tests only some of them, or none → violated.
//!
//! The label must name exactly one job of the workflow the context ties the line to; anything
//! else (a feature bullet, a job of another workflow, hedged text) is not judged.

use crate::source::HoldsTemplate as _;
use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use regex::Regex;

use super::{workflow_label, Model};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::constant_regex;
use crate::docs::job_work::JobDescription;
use crate::workflow::effects::placeholder::placeholder_step;
use crate::workflow::effects::table::builtin;
use crate::workflow::{Job, Workflow};

/// Words saying the job is a stand-in or not there yet: the doc already admits it.
static HEDGE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(placeholder|todo|stub|stubbed|not\s+(yet\s+)?(implemented|configured|set\s+up|wired)|coming\s+soon|planned|future|simulat\w*|mock\w*|dry[- ]run|example|will\s+be|to\s+be\s+added|echo(es)?|prints?)\b",
    )
});

/// "Ensures all jobs passed", "all checks must pass", "every job succeeded".
static GATE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(all|every)\s+(\w+\s+)?(jobs?|checks?|tests?)\b.{0,40}\b(pass(ed|es)?|succeed(ed|s)?|successful|green)\b",
    )
});

/// The description is about reporting on or waiting for work, not doing it.
static REPORTING: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(report\w*|status|summar\w*|results?|outcome|announc\w*|went|after|once|when|until|waits?|waiting|following)\b",
    )
});

/// `needs.<id>` in a job's text.
static NEEDS_REF: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"\bneeds\.([A-Za-z_][\w-]*)"));
/// The results of every need at once: `needs.*.result`, `toJSON(needs)`, `join(needs…)`.
static ALL_NEEDS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\bneeds\.\*|\b(tojson|join|contains)\(\s*needs\b")
});

const STOP_WORDS: &[&str] = &["to", "and", "the", "of", "on", "for", "a", "an", "job"];

pub(super) fn job_work(
    m: &Model,
    d: &JobDescription,
    tied: Option<usize>,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let w = tied?;
    let wf = m.wf(w);
    if HEDGE.is_match(&d.desc) || HEDGE.is_match(&d.label) {
        return None;
    }
    let job = named_job(wf, &d.label)?;
    let id = &job.id.value;
    let claimed = if d.label_counts {
        format!("{} {}", d.label, d.desc)
    } else {
        d.desc.clone()
    };
    let mut kinds = work_kinds(&claimed);
    // "Reports how the build went", "waits for the deployment": the work words are what the
    // job reports on or waits for, not what it does; only the label and a channel count.
    if REPORTING.is_match(&d.desc) {
        let label_kinds = if d.label_counts {
            work_kinds(&d.label)
        } else {
            Vec::new()
        };
        kinds.retain(|k| k == "notify" || label_kinds.contains(k));
    }
    // A word naming another job of the workflow ("after `build`") speaks of that job.
    kinds.retain(|k| {
        !wf.jobs.iter().any(|j| {
            j.id.value != *id && words(&j.id.value).iter().any(|w| work_kinds(w).contains(k))
        }) || (d.label_counts && work_kinds(&d.label).contains(k))
    });
    if !kinds.is_empty() {
        if let Some((step, line)) = placeholder_step(&wf.file, job) {
            let work: Vec<&str> = kinds.iter().map(|k| noun(k)).collect();
            return Some(
                check("Work done by a job")
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "job `{id}` of {} only prints (`{}`): it does no {}",
                            workflow_label(wf),
                            line.chars().take(70).collect::<String>(),
                            work.join(" or ")
                        ),
                        "the documented work does not happen; the job passes anyway",
                    )
                    .short(format!("`{id}` is a placeholder"))
                    .related(&wf.file, step, "print-only step")
                    .related(&wf.file, job.id.span, "placeholder job"),
            );
        }
    }
    if GATE.is_match(&claimed) {
        return gate(wf, job, check);
    }
    None
}

/// A name listed as a required status check that is no job's check name but a step's name:
/// GitHub names check runs after jobs (`name:` or the id, with matrix values in parentheses),
/// so a branch rule requiring the step's name waits for a check that never reports. A name
/// matching nothing may come from an app (Codecov, Vercel): not judged; nor is anything when
/// a job's name is computed.
pub(super) fn required_check(
    m: &Model,
    name: &str,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    // "CI / build (ubuntu)" → "build".
    let bare = name.rsplit(" / ").next().unwrap_or(name);
    let bare = bare.split(" (").next().unwrap_or(bare);
    let want = norm(bare);
    if want.is_empty() {
        return None;
    }
    let wfs: Vec<&Workflow> = m.all().into_iter().map(|i| m.wf(i)).collect();
    let mut jobs: Vec<(&Workflow, &Job)> = Vec::new();
    for wf in &wfs {
        if wf.name.as_ref().is_some_and(|n| norm(&n.value) == want) {
            return None;
        }
        for j in &wf.jobs {
            if j.name.as_ref().is_some_and(|n| n.value.holds_template()) {
                return None;
            }
            let job_name = j.name.as_ref().map_or(j.id.value.as_str(), |n| n.value.as_str());
            if norm(job_name) == want || norm(&j.id.value) == want {
                jobs.push((wf, j));
            }
        }
    }
    if let Some((wf, job)) = jobs.first() {
        if !jobs.iter().all(|(w, _)| never_on_pull_requests(w)) {
            return None;
        }
        let runs_on: Vec<String> = wf.triggers.iter().map(|t| t.describe()).collect();
        return Some(
            check("Required status check")
                .verdict(
                    Outcome::Violated,
                    format!(
                        "`{name}` is job `{}` of {}, which runs on {} only: no pull request reports this check",
                        job.id.value,
                        workflow_label(wf),
                        runs_on.join(", ")
                    ),
                    "a branch rule requiring this name waits on pull requests for a check that never reports there",
                )
                .short("check of a workflow that never runs on pull requests")
                .related(&wf.file, job.id.span, "job with that name")
                .related(
                    &wf.file,
                    wf.on_or_first_line(),
                    "its triggers",
                ),
        );
    }
    let (wf, job, step) = wfs.iter().find_map(|wf| {
        wf.jobs.iter().find_map(|j| {
            j.steps
                .iter()
                .find_map(|st| st.name.as_ref().filter(|n| norm(&n.value) == want))
                .map(|n| (*wf, j, n))
        })
    })?;
    let job_check = job.name.as_ref().map_or(job.id.value.as_str(), |n| n.value.as_str());
    Some(
        check("Required status check")
            .verdict(
                Outcome::Violated,
                format!(
                    "`{}` is a step of job `{}` in {}, not a check: checks are named after jobs (this one reports as `{job_check}`)",
                    step.value, job.id.value, workflow_label(wf)
                ),
                "a branch rule requiring this name waits for a check that never reports",
            )
            .short("step name, not a check name")
            .related(&wf.file, step.span, "step with that name")
            .related(&wf.file, job.id.span, "job whose check it is part of"),
    )
}

/// Does no run of this workflow report a check on a pull request's commits? It has no pull
/// request or merge queue event, is no reusable workflow (its callers are not followed), and
/// any push it runs on is limited to named branches without globs (a push to a topic branch
/// would report on the pull request's head commit) or to tags.
fn never_on_pull_requests(wf: &Workflow) -> bool {
    const PR_LIKE: &[&str] = &[
        "pull_request",
        "pull_request_target",
        "merge_group",
        "workflow_call",
        "check_run",
        "check_suite",
        "status",
        "workflow_run",
    ];
    if wf.triggers.is_empty() || wf.triggers.iter().any(|t| PR_LIKE.contains(&t.event.as_str())) {
        return false;
    }
    wf.triggers.iter().filter(|t| t.event == "push").all(|t| {
        let f = &t.filters;
        let only_tags = f.tags.is_some() && f.branches.is_none() && f.branches_ignore.is_none();
        let named_branches = f.branches_ignore.is_none()
            && f.branches.as_ref().is_some_and(|b| {
                !b.is_empty()
                    && b.iter()
                        .all(|x| !x.value.contains(['*', '?', '[', '!', '+']) && !x.value.contains("${{"))
            });
        only_tags || named_branches
    })
}

/// A gate job that runs whatever its needs' results (`if: always()` / `!cancelled()`) and
/// tests only some of them: a failing untested need leaves the gate green.
fn gate(wf: &Workflow, job: &Job, check: impl Fn(&str) -> ClaimCheck) -> Option<ClaimCheck> {
    let runs_always = job.if_cond.as_ref().is_some_and(|c| {
        let c = c.value.replace(' ', "");
        c.contains("always()") || c.contains("!cancelled()")
    });
    if job.needs.len() < 2 || !runs_always {
        return None;
    }
    let text = wf.file.text.get(job.span.start.offset..job.span.end.offset)?;
    if ALL_NEEDS.is_match(text) {
        return None;
    }
    let tested: Vec<&str> = NEEDS_REF
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|g| g.as_str()))
        .collect();
    let untested: Vec<&str> = job
        .needs
        .iter()
        .map(|n| n.value.as_str())
        .filter(|n| !tested.contains(n))
        .collect();
    let id = &job.id.value;
    let actual = if tested.is_empty() {
        // Nothing tests the results: only a job that visibly does nothing else is judged (an
        // action such as a "all green" checker may read them).
        placeholder_step(&wf.file, job)?;
        format!(
            "job `{id}` of {} runs whatever its needs' results (`if: always()`) and tests none of them",
            workflow_label(wf)
        )
    } else if untested.is_empty() {
        return None;
    } else {
        format!(
            "job `{id}` of {} runs whatever its needs' results (`if: always()`) but tests only {}: a failing {} leaves it green",
            workflow_label(wf),
            tested_list(job, &tested),
            untested.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let if_span = job.if_cond.as_ref().map_or(job.id.span, |c| c.span);
    Some(
        check("Gate job")
            .verdict(
                Outcome::Violated,
                actual,
                "a required check on this job passes with failing jobs",
            )
            .short(format!("`{id}` does not test every need"))
            .related(&wf.file, job.id.span, "gate job")
            .related(&wf.file, if_span, "runs on any result"),
    )
}

fn tested_list(job: &Job, tested: &[&str]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for n in &job.needs {
        if tested.contains(&n.value.as_str()) {
            seen.push(format!("`{}`", n.value));
        }
    }
    seen.join(", ")
}

/// The work of a kind, as a noun for messages.
fn noun(kind: &str) -> &str {
    match kind {
        "lint" => "linting",
        "test" => "testing",
        "security" => "security scanning",
        "deploy" => "deploying",
        "rollback" => "rolling back",
        "notify" => "notifying",
        "publish" => "publishing",
        "build" => "building",
        "coverage" => "coverage reporting",
        "benchmark" => "benchmarking",
        other => other,
    }
}

/// The kinds of work (`rules/effects/table.yml` `job_work:`) the text claims.
fn work_kinds(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    builtin()
        .job_work
        .iter()
        .filter(|(_, words)| words.iter().any(|w| has_phrase(&lower, w)))
        .map(|(k, _)| k.clone())
        .collect()
}

/// `phrase` in `hay` with word boundaries on both sides.
fn has_phrase(hay: &str, phrase: &str) -> bool {
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = hay[from..].find(phrase) {
        let start = from + i;
        let end = start + phrase.len();
        let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after {
            return true;
        }
        from = start + phrase.len().max(1);
        if from >= hay.len() {
            break;
        }
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The one job whose id or display name the label names, word by word ("Notifications" names
/// `notify`, "Publish to npm" names `publish-npm`).
fn named_job<'w>(wf: &'w Workflow, label: &str) -> Option<&'w Job> {
    let want = words(label);
    if want.is_empty() {
        return None;
    }
    let mut found = wf.jobs.iter().filter(|j| {
        same_words(&want, &words(&j.id.value))
            || j.name
                .as_ref()
                .is_some_and(|n| !n.value.holds_template() && same_words(&want, &words(&n.value)))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

fn same_words(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y))
}

/// Equal, or one stem a prefix of the other (lint/linting, notify/notifications).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (sa, sb) = (stem(a), stem(b));
    let (short, long) = if sa.len() <= sb.len() { (sa, sb) } else { (sb, sa) };
    short.len() >= 4 && long.starts_with(short) && long.len() - short.len() <= 3
}

fn stem(w: &str) -> &str {
    for suffix in [
        "ations", "ation", "ings", "ing", "ments", "ment", "ers", "er", "es", "s", "y", "e",
    ] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.chars().count() >= 4 {
                return s;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_name_jobs_by_stem() {
        assert!(same_word("notifications", "notify"));
        assert!(same_word("linting", "lint"));
        assert!(same_word("deployment", "deploy"));
        assert!(same_word("tests", "test"));
        assert!(!same_word("test", "testpypi"));
        assert!(!same_words(&words("Build"), &words("builder-image")));
        assert!(same_words(&words("Publish to npm"), &words("publish-npm")));
        assert!(!same_words(&words("Tests"), &words("test-pypi")));
    }

    #[test]
    fn claimed_kinds_are_whole_words() {
        assert_eq!(work_kinds("Lint: code linting and formatting checks"), ["lint"]);
        assert_eq!(work_kinds("Notifications: Slack/Teams integration"), ["notify"]);
        assert!(work_kinds("Reports release status").is_empty());
        assert!(work_kinds("latest").is_empty());
        assert_eq!(work_kinds("Security: audit"), ["security"]);
    }

    #[test]
    fn gate_wording() {
        assert!(GATE.is_match("Ensures all jobs passed"));
        assert!(GATE.is_match("all required checks must pass"));
        assert!(!GATE.is_match("Runs all tests on Linux"));
    }
}
