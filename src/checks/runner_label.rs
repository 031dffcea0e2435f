//! `runner-label`: `runs-on` labels that no runner can have: GitHub-hosted images that were
//! retired, and two different GitHub-hosted images asked of one runner (a job runs on one
//! machine; a matrix runs it on several). Labels that look custom (self-hosted, larger
//! runners with their own names) are never judged.

use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::Span;
use crate::workflow::Job;
use crate::yaml::Node;

pub struct RunnerLabel;

/// Hosted image families and the oldest version GitHub still runs (GitHub's runner-images
/// announcements: Ubuntu 20.04 retired April 2025, Windows 2019 June 2025, macOS 12
/// December 2024). Newer versions than we know are accepted.
const OLDEST: &[(&str, f64)] = &[("ubuntu", 22.04), ("windows", 2022.0), ("macos", 13.0)];

/// `family`, version (None for `latest`) of a label shaped like a hosted image, e.g.
/// `ubuntu-24.04`, `macos-15-xlarge`, `windows-latest`.
fn hosted(label: &str) -> Option<(&'static str, Option<f64>)> {
    let lower = label.to_ascii_lowercase();
    let (family, rest) = OLDEST
        .iter()
        .find_map(|(f, _)| lower.strip_prefix(f).and_then(|r| r.strip_prefix('-')).map(|r| (*f, r.to_string())))?;
    let mut parts = rest.splitn(2, '-');
    let version = parts.next()?;
    let suffix = parts.next().unwrap_or("");
    if !["", "arm", "large", "xlarge", "intel"].contains(&suffix) {
        return None;
    }
    if version == "latest" {
        return Some((family, None));
    }
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    version.parse::<f64>().ok().map(|v| (family, Some(v)))
}

fn family(label: &str) -> Option<&'static str> {
    hosted(label).map(|(f, _)| f)
}

fn retired(label: &str) -> Option<String> {
    let (family, version) = hosted(label)?;
    let version = version?;
    // `windows-11-arm` is a client edition; server images are named by year.
    if family == "windows" && version < 2000.0 {
        return None;
    }
    let oldest = OLDEST.iter().find(|(f, _)| *f == family)?.1;
    (version < oldest).then(|| {
        format!("`{label}` is a retired GitHub-hosted image; no runner picks up this job (use `{family}-latest` or a current version)")
    })
}

impl Rule for RunnerLabel {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let Some(jobs) = wf.doc.root.as_ref().and_then(|r| r.get("jobs")) else {
                continue;
            };
            for job in &wf.jobs {
                let Some(node) = jobs.get(&job.id.value).and_then(|j| j.get("runs-on")) else {
                    continue;
                };
                let mut problems = Vec::new();
                labels_problems(job, node, &mut problems);
                for (span, message) in problems {
                    out.push(cx.finding(Self::ID, &wf.file, span, message));
                }
            }
        }
    }
}

fn labels_problems(job: &Job, runs_on: &Node, out: &mut Vec<(Span, String)>) {
    let labels: Vec<(&str, Span)> = match runs_on.get("labels") {
        Some(l) => l.string_list(),
        None => runs_on.string_list(),
    };
    for (label, span) in &labels {
        if let Some(m) = retired(label) {
            out.push((*span, m));
        }
    }
    // Hosted images of two systems in one list: no single machine has both. (Two versions of
    // one system may be one image: `ubuntu-latest` is `ubuntu-24.04`.)
    let fixed: Vec<&(&str, Span)> = labels.iter().filter(|(l, _)| hosted(l).is_some()).collect();
    if let Some(first) = fixed.first() {
        for other in fixed.iter().skip(1) {
            if family(other.0) != family(first.0) {
                out.push((
                    other.1,
                    format!("`{}` and `{}` (line {}) are GitHub-hosted images of two systems; one runner cannot be both (use a matrix to run on each)", other.0, first.0, first.1.start.line),
                ));
            }
        }
    }
    // A `${{ matrix.x }}` label next to a hosted image: each hosted value of x conflicts.
    let Some(first) = fixed.first() else {
        return;
    };
    let matrix = job.strategy.as_ref().and_then(|s| s.get("matrix"));
    for (label, _) in &labels {
        let Some(key) = matrix_key(label) else {
            continue;
        };
        let Some(values) = matrix.and_then(|m| m.get(key)) else {
            continue;
        };
        for (value, span) in values.string_list() {
            if hosted(value).is_some() && family(value) != family(first.0) {
                out.push((
                    span,
                    format!("matrix value `{value}` goes into `runs-on` next to `{}` (line {}): one runner cannot run two systems", first.0, first.1.start.line),
                ));
            }
        }
    }
}

/// `x` of a label written exactly `${{ matrix.x }}`.
fn matrix_key(label: &str) -> Option<&str> {
    let inner = label.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let key = inner.strip_prefix("matrix.")?;
    key.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        .then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosted_labels() {
        assert!(retired("ubuntu-18.04").is_some());
        assert!(retired("macos-10.15").is_some());
        assert!(retired("windows-2019").is_some());
        assert!(retired("ubuntu-24.04").is_none());
        assert!(retired("windows-11-arm").is_none());
        assert!(retired("ubuntu-latest").is_none());
        assert!(retired("ubuntu-30.04").is_none());
        assert!(retired("ubuntu-20.04-16core").is_none());
        assert!(retired("my-ubuntu-18.04").is_none());
        assert_eq!(matrix_key("${{ matrix.os }}"), Some("os"));
    }
}
