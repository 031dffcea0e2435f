//! Job graphs drawn in docs, in a section whose heading names one workflow file: a phase of
//! jobs said to run in parallel ("Phase 1 (Parallel):" over `├── job` entries), and a chain of
//! job ids on a line about dependencies ("Simple linear dependency: build → deploy").

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use regex::Regex;

use super::{constant_regex, Claim, ClaimKind, Ctx};

/// A line that heads a group of jobs running at the same time.
static PARALLEL: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(?:parallel|concurrently|simultaneously)\b"));
/// Words that say the group is not parallel after all, or is advice.
static NOT_PARALLEL: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:not|no|never|sequential\w*|serial\w*|could|should|would|might|optional)\b",
    )
});
/// An entry of a tree or list: the marker, then the job id.
static ENTRY: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"^\s*(?:[│|]\s*)*(?:├──|└──|\|--|\+--|`--|[-*+])\s+`?(?P<job>[A-Za-z0-9][A-Za-z0-9_-]{0,59})`?(?:\s|$|:|\()",
    )
});
/// A chain of two or more ids joined by arrows.
static CHAIN: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"`?[A-Za-z0-9][A-Za-z0-9_-]*`?(?:[ \t]*(?:→|->|⟶)[ \t]*`?[A-Za-z0-9][A-Za-z0-9_-]*`?)+",
    )
});
/// A chain line must say it is about job dependencies.
static ABOUT_JOBS: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(?:dependenc(?:y|ies)|depends|needs|jobs?)\b"));
/// A workflow file named in a heading.
static FILE: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"(?P<f>[A-Za-z0-9_.-]+\.ya?ml)\b"));

/// The one workflow file the nearest heading above `line` names (outside code fences).
fn section_file(lines: &[&str], line: usize) -> Option<String> {
    let mut fence = false;
    let mut found: Option<String> = None;
    for l in lines.iter().take(line) {
        let t = l.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if !fence && t.starts_with('#') {
            let files: Vec<&str> = FILE
                .captures_iter(t)
                .filter_map(|c| c.name("f").map(|m| m.as_str()))
                .collect();
            found = match files.as_slice() {
                [one] => Some((*one).to_string()),
                _ => None,
            };
        }
    }
    found
}

pub(crate) fn job_graphs(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let rel = ctx.file.rel.to_ascii_lowercase();
    if rel.contains("example") || rel.contains("template") {
        return;
    }
    let lines: Vec<&str> = ctx.file.text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let text = lines.get(i).copied().unwrap_or("");
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if PARALLEL.is_match(text) && !NOT_PARALLEL.is_match(text) && text.trim_end().ends_with(':')
        {
            let mut jobs: Vec<(String, u32)> = Vec::new();
            let mut j = i + 1;
            while let Some(entry) = lines.get(j).and_then(|l| ENTRY.captures(l)) {
                if let Some(m) = entry.name("job") {
                    jobs.push((
                        m.as_str().to_string(),
                        u32::try_from(j + 1).unwrap_or(u32::MAX),
                    ));
                }
                j += 1;
            }
            if jobs.len() >= 2 {
                if let Some(workflow) = section_file(&lines, i) {
                    let end = jobs.last().map_or(line_no, |(_, l)| *l);
                    let start = ctx.file.line_start(line_no);
                    let stop = ctx.file.line_start(end) + ctx.file.line_text(end).len();
                    out.push(Claim {
                        kind: ClaimKind::ParallelJobs { workflow, jobs },
                        span: ctx.file.span(start, stop),
                        text: text.trim().to_string(),
                    });
                }
            }
            i = j.max(i + 1);
            continue;
        }
        if ABOUT_JOBS.is_match(text) {
            if let Some(m) = CHAIN.find(text) {
                let jobs: Vec<String> = m
                    .as_str()
                    .split(['→', '⟶'])
                    .flat_map(|p| p.split("->"))
                    .map(|p| p.trim().trim_matches('`').to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                if jobs.len() >= 2 {
                    if let Some(workflow) = section_file(&lines, i) {
                        out.push(Claim {
                            kind: ClaimKind::JobChain { workflow, jobs },
                            span: ctx.trimmed_line_span(line_no),
                            text: text.trim().to_string(),
                        });
                    }
                }
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{CHAIN, ENTRY};

    #[test]
    fn tree_entries_and_chains() {
        let job = |l: &str| {
            ENTRY
                .captures(l)
                .and_then(|c| c.name("job"))
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(
            job("├── environment-build").as_deref(),
            Some("environment-build")
        );
        assert_eq!(job("│   └── `lint` (ruff)").as_deref(), Some("lint"));
        assert_eq!(job("- unit: pytest").as_deref(), Some("unit"));
        assert_eq!(job("Phase 2:"), None);
        assert_eq!(
            CHAIN
                .find("Simple linear dependency: smoke-test → freesound-pipeline")
                .map(|m| m.as_str()),
            Some("smoke-test → freesound-pipeline")
        );
        assert_eq!(
            CHAIN.find("build -> `deploy`").map(|m| m.as_str()),
            Some("build -> `deploy`")
        );
    }
}
