//! A deployment environment the docs name as one ("approve the protected “pypi-release”
//! environment", "the `staging` environment", "**Production** environment") that no job of
//! any workflow uses. The name must be marked (backticks, quotes, bold) and followed by the
//! word "environment" (not "environment variable"); names that look like variables
//! (`RUST_LOG`) or paths are not environments. Environments chosen by an expression, or jobs
//! that run another repository's workflow, leave every such claim unknown.

use crate::source::HoldsTemplate as _;
use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;


use super::{short_list, Model};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::source::{SourceFile, Span};

static NAMED_ENV: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r#"(?i)(?:`([A-Za-z0-9][\w .-]{0,38})`|“([A-Za-z0-9][\w .-]{0,38})”|"([A-Za-z0-9][\w .-]{0,38})"|\*\*([A-Za-z0-9][\w .-]{0,38})\*\*)\s+(?:github\s+)?environments?\b(\s+\w+)?"#,
    )
});
/// The line is about GitHub deployments, not a shell or a language environment.
static DEPLOY_WORDS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(approv\w*|protect\w*|deploy\w*|reviewers?|jobs?|workflows?|github|actions)\b")
});
static OTHER_ENVS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(conda|virtual|venv|virtualenv|python|node|docker|compose|vercel|netlify|heroku|render|fly|local|shell|terraform|kubernetes|k8s|aws|azure|gcp|firebase|supabase)\b",
    )
});

fn looks_like_variable(name: &str) -> bool {
    name.contains('_') && name.chars().all(|c| !c.is_ascii_lowercase())
}

pub(super) fn claims(m: &Model, doc: &SourceFile, out: &mut Vec<ClaimCheck>) {
    let rel = doc.rel.to_ascii_lowercase();
    if rel.contains("example") || rel.contains("template") {
        return;
    }
    // Environments jobs use; None when one is chosen at run time or out of sight.
    let mut used: Vec<(String, usize, Span)> = Vec::new();
    for i in m.all() {
        let wf = m.wf(i);
        for job in &wf.jobs {
            if job.uses.as_ref().is_some_and(|u| !u.value.starts_with("./")) {
                return;
            }
            if let Some(env) = &job.environment {
                let name = env.name.value.trim();
                if name.holds_template() {
                    return;
                }
                if !used.iter().any(|(n, ..)| n.eq_ignore_ascii_case(name)) {
                    used.push((name.to_string(), i, env.name.span));
                }
            }
        }
    }
    for (n, t) in crate::docs::unfenced_lines(&doc.text) {
        if !DEPLOY_WORDS.is_match(t) || OTHER_ENVS.is_match(t) {
            continue;
        }
        for c in NAMED_ENV.captures_iter(t) {
            let Some(name) = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4)) else {
                continue;
            };
            let name = name.as_str().trim();
            let next = c.get(5).map_or("", |m| m.as_str().trim()).to_ascii_lowercase();
            if next.starts_with("variable") || next.starts_with("var") || next == "file" {
                continue;
            }
            if looks_like_variable(name) || name.contains(['/', '.']) {
                continue;
            }
            if used.iter().any(|(u, ..)| u.eq_ignore_ascii_case(name)) {
                continue;
            }
            let line = n as u32 + 1;
            let names: Vec<String> = used.iter().map(|(u, ..)| u.clone()).collect();
            let actual = if names.is_empty() {
                "no job of any workflow uses a deployment environment".to_string()
            } else {
                format!(
                    "no job uses the environment `{name}`; jobs use {}",
                    short_list(&names, 4)
                )
            };
            let mut check = ClaimCheck::new(
                super::ID,
                doc,
                doc.line_span(line),
                format!("Environment `{name}`"),
                t,
            )
            .verdict(
                Outcome::Violated,
                actual,
                "reviewers or secrets set up on that environment guard nothing",
            );
            for (_, i, span) in used.iter().take(2) {
                check = check.related(&m.wf(*i).file, *span, "environment used");
            }
            if used.is_empty() {
                if let Some(i) = m.all().first() {
                    check = check.related(&m.wf(*i).file, m.wf(*i).on_or_first_line(), "workflow checked");
                }
            }
            out.push(check);
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{looks_like_variable, NAMED_ENV};

    #[test]
    fn named_environments() {
        let name = |t: &str| {
            NAMED_ENV
                .captures(t)
                .and_then(|c| c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4)))
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(name("Approve the protected “Ship It” environment").as_deref(), Some("Ship It"));
        assert_eq!(name("the `staging` environment needs a reviewer").as_deref(), Some("staging"));
        assert_eq!(name("the staging environment").as_deref(), None);
        assert!(looks_like_variable("RUST_LOG"));
        assert!(!looks_like_variable("pypi-release"));
    }
}
