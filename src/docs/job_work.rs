//! Descriptions of one job: a catalogue bullet or table row whose label may be a job
//! ("**Lint**: code linting and formatting checks", "| `audit` | scans dependencies |") or a
//! sentence naming a job ("the `smoke` job runs the end-to-end tests"). Nothing here knows
//! about workflows: the check decides whether the label is a job and what the words claim.

use std::sync::LazyLock;

use super::line_regex::LineRegex as Regex;

/// One description: the label as written, the words describing it, and whether the label
/// itself names the work ("**Lint**": yes; "the `smoke` job": the words after it do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDescription {
    pub label: String,
    pub desc: String,
    pub label_counts: bool,
}

/// `**Label**: desc`, `**Label:** desc`, `**Label** - desc` (colon may be full-width).
static BOLD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*\*([^*]{2,40}?)(?:[:：]\*\*|\*\*\s*(?:[:：]|[-–—]\s))\s*(.*\S.*)$")
});
/// `` `label`: desc `` or `` `label` - desc ``.
static CODE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^`([A-Za-z][\w-]{1,40})`\s*(?:[:：]|[-–—]\s)\s*(.*\S.*)$"));
/// "the `smoke` job", "job `smoke`".
static NAMED_JOB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)`([A-Za-z][\w-]{1,40})`\s+job\b|\bjob\s+`([A-Za-z][\w-]{1,40})`")
});

/// Lists and headings about required status checks ("Require status checks to pass before
/// merging", "Required checks:").
static STATUS_CHECKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(status\s+checks?|required\s+checks?)\b"));
/// A list item that is one check name in backticks, maybe after a status mark ("✅", "[x]")
/// and followed by a short note.
static CHECK_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:[✅✔☑⚪⭕❌⬜🟢🟡🔴]\x{FE0F}?|\[[ xX]\])\s*)?`([^`]{2,60})`\s*(?:$|[-–—:(])",
    )
});
/// A note saying the listed check is not required after all.
static NOT_REQUIRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(optional|recommended|not\s+required|informational|advisory)\b")
});

/// The check name a list item of a required-status-checks list gives (its parent item, list
/// intro or a heading, `context[1..]`, is about status checks).
pub fn required_check(body: &str, context: &[String]) -> Option<String> {
    let c = CHECK_ITEM.captures(body.trim())?;
    if NOT_REQUIRED.is_match(body) {
        return None;
    }
    context
        .iter()
        .skip(1)
        .any(|t| STATUS_CHECKS.is_match(t))
        .then(|| c[1].trim().to_string())
}

/// The job description a list item body or a paragraph line holds, if any.
pub fn describe(line: &str) -> Option<JobDescription> {
    let t = line.trim();
    if t.starts_with('|') {
        return table_row(t);
    }
    // Each regex below needs its opening mark (`**`, a backtick): most lines have none.
    if let Some(c) = t
        .starts_with("**")
        .then(|| BOLD_LABEL.captures(t))
        .flatten()
    {
        let label = c[1].trim().trim_end_matches([':', '：']).trim();
        if label.split_whitespace().count() <= 4 {
            return Some(JobDescription {
                label: strip_code(label),
                desc: c[2].trim().to_string(),
                label_counts: true,
            });
        }
    }
    if !t.contains('`') {
        return None;
    }
    if let Some(c) = t.starts_with('`').then(|| CODE_LABEL.captures(t)).flatten() {
        return Some(JobDescription {
            label: c[1].to_string(),
            desc: c[2].trim().to_string(),
            label_counts: true,
        });
    }
    let c = NAMED_JOB.captures(t)?;
    let label = c.get(1).or_else(|| c.get(2))?.as_str().to_string();
    Some(JobDescription {
        label,
        desc: t.to_string(),
        label_counts: false,
    })
}

/// `| label | what it does | ... |`: the first cell is the label when short (a job id, a few
/// words); the other cells are its description.
fn table_row(t: &str) -> Option<JobDescription> {
    let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
    if cells.len() < 2 || cells.iter().all(|c| c.chars().all(|ch| "-: ".contains(ch))) {
        return None;
    }
    let label = strip_code(cells[0].trim_matches('*').trim());
    if label.is_empty() || label.split_whitespace().count() > 3 {
        return None;
    }
    Some(JobDescription {
        label,
        desc: cells[1..].join(" | "),
        label_counts: true,
    })
}

fn strip_code(s: &str) -> String {
    s.trim().trim_matches('`').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(l: &str) -> Option<(String, String, bool)> {
        describe(l).map(|d| (d.label, d.desc, d.label_counts))
    }

    #[test]
    fn labels_and_descriptions() {
        assert_eq!(
            d("**Audit**: scans the lockfile"),
            Some(("Audit".into(), "scans the lockfile".into(), true))
        );
        assert_eq!(
            d("**Smoke tests:** hits the health endpoint"),
            Some((
                "Smoke tests".into(),
                "hits the health endpoint".into(),
                true
            ))
        );
        assert_eq!(
            d("**Lint**：格式"),
            Some(("Lint".into(), "格式".into(), true))
        );
        assert_eq!(
            d("`e2e` - browser suite"),
            Some(("e2e".into(), "browser suite".into(), true))
        );
        assert_eq!(
            d("| `docs` | builds the site | push |"),
            Some(("docs".into(), "builds the site | push".into(), true))
        );
        assert_eq!(
            d("Then the `smoke` job checks the endpoint."),
            Some((
                "smoke".into(),
                "Then the `smoke` job checks the endpoint.".into(),
                false
            ))
        );
        assert_eq!(d("|---|---|"), None);
        let ctx = |p: &str| vec!["x".to_string(), p.to_string()];
        assert_eq!(
            required_check(
                "`Unit suite` - blocks merging",
                &ctx("Require status checks to pass")
            ),
            Some("Unit suite".into())
        );
        assert_eq!(required_check("`Unit suite`", &ctx("Steps")), None);
        assert_eq!(
            required_check("✅ `smoke` - must be green", &ctx("Required checks:")),
            Some("smoke".to_string())
        );
        assert_eq!(
            required_check("[x] `smoke`", &ctx("Required checks:")),
            Some("smoke".to_string())
        );
        assert_eq!(
            required_check(
                "⚪ `e2e` - optional, nice to have",
                &ctx("Required checks:")
            ),
            None
        );
        assert_eq!(
            required_check("Run `make` first", &ctx("Required checks")),
            None
        );
        assert_eq!(d("**Note**"), None);
        assert_eq!(d("Plain prose about nothing."), None);
    }
}
