//! `runner-label`: `runs-on` labels that no runner can have: GitHub-hosted images that were
//! retired, and two different GitHub-hosted images asked of one runner (a job runs on one
//! machine; a matrix runs it on several). Labels that look custom (self-hosted, larger
//! runners with their own names) are judged only when `.driftlint.yml` lists the
//! repository's own labels (`runner-labels`): then a label that is neither GitHub-hosted nor
//! listed gets no runner.

use crate::source::HoldsTemplate as _;
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
    // `-arm`, `-xlarge`, `-intel`, Visual Studio editions (`windows-2025-vs2026`,
    // `windows-11-vs2026-arm`).
    let known = |p: &str| {
        ["arm", "arm64", "large", "xlarge", "intel"].contains(&p)
            || (p.len() == 6 && p.starts_with("vs") && p[2..].chars().all(|c| c.is_ascii_digit()))
    };
    if !suffix.is_empty() && !suffix.split('-').all(known) {
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

/// Labels every self-hosted runner has (GitHub's defaults for self-hosted runners) and hosted
/// labels not shaped `<family>-<version>`.
const PRESET: &[&str] = &[
    "self-hosted",
    "linux",
    "windows",
    "macos",
    "x64",
    "arm",
    "arm64",
    "ubuntu-slim",
];

/// `*` matches any run of characters; case is ignored (GitHub's labels ignore it).
fn glob_match(pattern: &str, label: &str) -> bool {
    let (p, l) = (pattern.to_ascii_lowercase(), label.to_ascii_lowercase());
    let parts: Vec<&str> = p.split('*').collect();
    if parts.len() == 1 {
        return p == l;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !l.starts_with(first) || l.len() < first.len() + last.len() || !l.ends_with(last) {
        return false;
    }
    let mut rest = &l[first.len()..l.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

fn configured(label: &str, custom: &[String]) -> bool {
    custom.iter().any(|c| glob_match(c, label))
}

/// A label no runner has, when the repository's custom labels are known.
fn unknown(label: &str, custom: &[String]) -> Option<String> {
    if label.holds_template()
        || hosted(label).is_some()
        || PRESET.iter().any(|p| p.eq_ignore_ascii_case(label))
        || configured(label, custom)
    {
        return None;
    }
    let known = custom.iter().map(String::as_str).chain(PRESET.iter().copied());
    let hint = crate::suggest::closest(label, known)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    Some(format!(
        "label `{label}` is neither a GitHub-hosted image nor one of `runner-labels` in .driftlint.yml{hint}; no runner picks up this job"
    ))
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
                labels_problems(job, node, cx.runner_labels.as_deref(), &mut problems);
                for (span, message) in problems {
                    out.push(cx.finding(Self::ID, &wf.file, span, message));
                }
            }
        }
    }
}

fn labels_problems(job: &Job, runs_on: &Node, custom: Option<&[String]>, out: &mut Vec<(Span, String)>) {
    let labels: Vec<(&str, Span)> = match runs_on.get("labels") {
        Some(l) => l.string_list(),
        None => runs_on.string_list(),
    };
    let matrix = job.strategy.as_ref().and_then(|s| s.get("matrix"));
    for (label, span) in &labels {
        // A configured label is the repository's own runner, whatever its name says.
        if custom.is_some_and(|c| configured(label, c)) {
            continue;
        }
        if let Some(m) = retired(label) {
            out.push((*span, m));
        } else if let Some(m) = custom.and_then(|c| unknown(label, c)) {
            out.push((*span, m));
        }
        // `${{ matrix.x }}`: each plain value of x (or item of a list value) is a label.
        let Some((c, values)) = custom.zip(matrix_key(label).and_then(|k| matrix?.get(k))) else {
            continue;
        };
        for value in values.as_seq().unwrap_or(&[]) {
            let items = match value.as_seq() {
                Some(_) => value.string_list(),
                None => value.as_str().map(|s| vec![(s, value.span)]).unwrap_or_default(),
            };
            for (v, vspan) in items {
                if configured(v, c) {
                    continue;
                }
                if let Some(m) = retired(v).or_else(|| unknown(v, c)) {
                    out.push((vspan, m));
                }
            }
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
        assert!(hosted("windows-11-vs2026-arm").is_some());
        assert!(hosted("windows-2025-vs2026").is_some());
        assert!(hosted("ubuntu-24.04-16core").is_none());
        assert_eq!(matrix_key("${{ matrix.os }}"), Some("os"));
    }

    #[test]
    fn configured_labels() {
        let custom = vec!["gpu-*".to_string(), "Build-Box".to_string()];
        assert!(glob_match("gpu-*", "GPU-a100"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxc"));
        assert!(!glob_match("gpu-*", "cpu-1"));
        assert!(unknown("gpu-a100", &custom).is_none());
        assert!(unknown("build-box", &custom).is_none());
        assert!(unknown("ubuntu-latest", &custom).is_none());
        assert!(unknown("self-hosted", &custom).is_none());
        assert!(unknown("${{ inputs.runner }}", &custom).is_none());
        assert!(unknown("linux-latest", &custom).is_some());
        let typo = unknown("build-bx", &custom).unwrap_or_default();
        assert!(typo.contains("did you mean `Build-Box`"), "{typo}");
    }
}
