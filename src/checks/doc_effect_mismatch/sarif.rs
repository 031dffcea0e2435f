//! "All results are uploaded to the Security tab as SARIF": every scanning job of the workflows
//! that upload SARIF must upload its own. A job that runs a scanner (`npm audit`, Trivy, Snyk,
//! Semgrep...) and never writes or uploads SARIF (its report goes to the log or an artifact)
//! does not reach code scanning.

use super::{workflow_label, Model};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::workflow::Job;

const SCANNER_WORDS: &[&str] = &[
    "audit",
    "trivy",
    "snyk",
    "semgrep",
    "grype",
    "gosec",
    "bandit",
    "checkov",
    "tfsec",
    "zap",
    "codeql",
    "osv-scanner",
    "dependency-check",
    "hadolint",
    "kics",
    "scorecard",
    "gitleaks",
    "trufflehog",
];

/// The scanner a job runs, by a word of its steps' `uses`, `run` or `name`.
fn scanner(job: &Job) -> Option<&'static str> {
    job.steps.iter().find_map(|s| {
        let text = [
            s.uses.as_ref().map(|u| u.value.as_str()),
            s.run.as_ref().map(|r| r.value.as_str()),
            s.name.as_ref().map(|n| n.value.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
        SCANNER_WORDS.iter().copied().find(|w| {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .any(|x| {
                    x == *w || x.starts_with(&format!("{w}-")) || x.ends_with(&format!("-{w}"))
                })
        })
    })
}

/// Does the job write or upload SARIF (any step naming SARIF, CodeQL's analyze, a job from
/// another workflow or repository we cannot see)?
fn sarif(job: &Job) -> bool {
    job.uses.is_some()
        || job.steps.iter().any(|s| {
            let uses = s.uses.as_ref().map_or("", |u| u.value.as_str());
            uses.starts_with("github/codeql-action/analyze")
                || uses.to_ascii_lowercase().contains("sarif")
                || s.run
                    .as_ref()
                    .is_some_and(|r| r.value.to_ascii_lowercase().contains("sarif"))
                || s.with
                    .iter()
                    .any(|(k, v)| format!("{} {}", k.value, v.value).to_ascii_lowercase().contains("sarif"))
        })
}

pub(super) fn all_uploaded(
    m: &Model,
    tied: Option<usize>,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let scope = tied.map_or_else(|| m.all(), |w| m.scope(w));
    // Workflows that upload SARIF at all: the claim is about their scanners.
    let uploading: Vec<usize> = scope
        .iter()
        .copied()
        .filter(|&i| m.wf(i).jobs.iter().any(sarif))
        .collect();
    if uploading.is_empty() {
        return None;
    }
    let check = check("Scan results in code scanning");
    for &i in &uploading {
        for job in &m.wf(i).jobs {
            let Some(tool) = scanner(job) else { continue };
            if sarif(job) {
                continue;
            }
            return Some(
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} job `{}` runs {tool} and neither writes nor uploads SARIF; its results stay in the run's log or artifacts",
                            workflow_label(m.wf(i)),
                            job.id.value
                        ),
                        "those findings never show in the Security tab",
                    )
                    .related(&m.wf(i).file, job.id.span, "scanning job without a SARIF upload"),
            );
        }
    }
    let i = uploading[0];
    Some(
        check
            .verdict(
                Outcome::Holds,
                format!("every scanning job of {} uploads SARIF", workflow_label(m.wf(i))),
                "",
            )
            .related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow"),
    )
}
