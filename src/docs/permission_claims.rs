//! Permission claims: what a doc says a workflow's or a job's `GITHUB_TOKEN` may do, written as
//! `scope: level` pairs (`contents: write`, `id-token: write`, `permissions.contents: write`):
//! a table row per workflow or job ("| `ci.yml` | `contents: read` | Read-only tests |"), a
//! "**Permissions:**" label under a job or workflow heading with the pairs inline or as nested
//! items, and a sentence under a workflow's heading ("Uses `id-token: write` for provenance").
//!
//! Instructions and troubleshooting ("ensure the workflow has `contents: write`", "Grant
//! `id-token: write` to workflows", "If the push fails, verify…") and YAML in code blocks are
//! advice or examples, not a description of the files. Nothing here knows about workflows.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use regex::Regex;

use super::constant_regex;
use crate::source::SourceFile;

/// One `scope: level` pair as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub scope: String,
    /// `read`, `write` or `none`.
    pub level: String,
}

/// A doc line giving permissions to something it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionClaim {
    pub line: u32,
    pub pairs: Vec<Pair>,
    /// Says "read-only" (or "readonly") on the line.
    pub read_only: bool,
    /// Names on the line that may name the workflow or job (cells without pairs, the label
    /// before the pairs), markup taken off.
    pub names: Vec<String>,
    /// Headings above the line, nearest first.
    pub headings: Vec<String>,
    /// Lines of one table or one label's items share a group: together they list the set.
    pub group: u32,
    /// A table row or a "Permissions:" label: the pairs are the set, not a mention.
    pub listed: bool,
    pub text: String,
}

static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)\b(actions|attestations|checks|contents|deployments|discussions|id-token|issues|models|packages|pages|pull-requests|repository-projects|security-events|statuses)\s*:\s*(read|write|none)\b",
    )
});
static READ_ONLY: LazyLock<LineRegex> = LazyLock::new(|| LineRegex::new(r"(?i)\bread[- ]?only\b"));
/// A label introducing the permissions: "**Permissions:**", "Permissions:", "- Permissions -".
static LABEL: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^(?:[-*+]\s+|\d+[.)]\s+)?\**\s*(?:required\s+|token\s+)?permissions?\s*\**\s*:?\s*\**\s*:?",
    )
});
/// Advice, setup steps and troubleshooting: what to do, not what the files do.
static ADVICE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(ensure|verify|check|make\s+sure|grant|enable|add|if|unless|should|recommend(ed)?|consider|example|e\.g\.|only\s+(where|when|if)|default\s+each|least\s+privilege|principle|policy|otherwise|fails?|error|denied|troubleshoot\w*)\b",
    )
});
/// The same in a table row, whose cells also describe the work in the imperative ("Check out
/// the sources", "Add release assets"): only words of advice and failure.
static ROW_ADVICE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(ensure|verify|make\s+sure|if|unless|should|recommend(ed)?|consider|example|e\.g\.|otherwise|fails?|error|denied|troubleshoot\w*)\b",
    )
});
/// Sections whose text is advice, setup or examples.
static ADVICE_HEADING: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(troubleshoot\w*|problems?|issues\s+and|faq|errors?|common\s+(issues|problems)|examples?|templates?|setup|set\s+up|configur\w+\s+(github|repository|repo)|best\s+practices?|guidelines?|recommend\w*|migrat\w+|how\s+to)\b",
    )
});
/// A sentence that says the workflow has it: "uses", "has", "with", "sets", "needs".
static ASSERTS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(uses|has|have|with|sets|granted|gets|runs\s+with|requires|needs)\b")
});

fn pairs(t: &str) -> Vec<Pair> {
    PAIR.captures_iter(t)
        .map(|c| Pair {
            scope: c[1].to_ascii_lowercase(),
            level: c[2].to_ascii_lowercase(),
        })
        .collect()
}

/// Text with markup taken off: `**`, backticks, links' brackets.
fn plain(s: &str) -> String {
    s.replace(['`', '*', '[', ']'], "").trim().to_string()
}

fn cells(row: &str) -> Vec<&str> {
    let t = row.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(str::trim).collect()
}

fn is_separator(t: &str) -> bool {
    t.starts_with('|') && t.chars().all(|c| "|-: ".contains(c)) && t.contains('-')
}

fn indent(raw: &str) -> usize {
    raw.len() - raw.trim_start().len()
}

pub fn read(file: &SourceFile) -> Vec<PermissionClaim> {
    let text = &file.text;
    if !PAIR.is_match(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut group = 0u32;
    let mut in_table = false;
    // A "Permissions:" label with no pairs on its line, its indent: nested items list them.
    let mut label: Option<usize> = None;
    // The paragraph line before the current list, for advice lead-ins ("Grant only where…:").
    let mut lead = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let t = raw.trim();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(if t.starts_with("```") { "```" } else { "~~~" });
            label = None;
            continue;
        }
        if let Some(h) = t.strip_prefix('#') {
            let level = 1 + h.chars().take_while(|&c| c == '#').count();
            headings.retain(|(l, _)| *l < level);
            headings.push((level, plain(h.trim_start_matches('#'))));
            label = None;
            lead.clear();
            in_table = false;
            continue;
        }
        if t.is_empty() {
            label = None;
            in_table = false;
            continue;
        }
        let heads: Vec<String> = headings.iter().rev().map(|(_, h)| h.clone()).collect();
        if heads.iter().any(|h| ADVICE_HEADING.is_match(h)) {
            continue;
        }
        let mut claim = |names: Vec<String>, ps: Vec<Pair>, listed: bool, group: u32| {
            out.push(PermissionClaim {
                line,
                pairs: ps,
                read_only: READ_ONLY.is_match(t),
                names,
                headings: heads.clone(),
                group,
                listed,
                text: t.to_string(),
            });
        };
        if t.starts_with('|') {
            if is_separator(t) {
                continue;
            }
            if !in_table {
                in_table = true;
                group += 1;
                // The header row has no pairs; nothing else to read on it.
                continue;
            }
            let cs = cells(t);
            let ps = pairs(t);
            if ps.is_empty() || ROW_ADVICE.is_match(t) {
                continue;
            }
            let names = cs
                .iter()
                .filter(|c| !PAIR.is_match(c) && !c.is_empty())
                .map(|c| plain(c))
                .collect();
            claim(names, ps, true, group);
            continue;
        }
        in_table = false;
        let item = t.starts_with(['-', '*', '+']) || t.starts_with(|c: char| c.is_ascii_digit());
        if !item {
            lead = t.to_string();
        }
        let ps = pairs(t);
        if let Some(ind) = label {
            if item
                && indent(raw) > ind
                && !ps.is_empty()
                && PAIR
                    .replace_all(t, "")
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .len()
                    < 40
            {
                claim(Vec::new(), ps, true, group);
                continue;
            }
            label = None;
        }
        if let Some(m) = LABEL.find(t) {
            group += 1;
            if ps.is_empty() {
                if t[m.end()..].trim().is_empty() {
                    label = Some(indent(raw));
                }
                continue;
            }
            if !ADVICE.is_match(t) && !ADVICE.is_match(&lead) {
                claim(Vec::new(), ps, true, group);
            }
            continue;
        }
        if ps.is_empty() || ADVICE.is_match(t) || (item && ADVICE.is_match(&lead)) {
            continue;
        }
        // "Tag creation job: `contents: write`", "- `publish`: `id-token: write`": a label
        // before the pairs names the job or workflow.
        let before = t[..PAIR.find(t).map_or(0, |m| m.start())]
            .trim_start_matches(['-', '*', '+', ' '])
            .trim();
        if let Some(name) = before
            .strip_suffix(':')
            .or_else(|| before.strip_suffix(":`"))
        {
            group += 1;
            claim(vec![plain(name)], ps, true, group);
            continue;
        }
        let lower = t.to_ascii_lowercase();
        let about_token = ["permission", "github_token", "token"]
            .iter()
            .any(|w| lower.contains(w));
        if !ASSERTS.is_match(t) || !about_token {
            continue;
        }
        group += 1;
        claim(Vec::new(), ps, false, group);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<PermissionClaim> {
        read(&SourceFile::new(
            "d.md",
            "d.md",
            "/d.md".into(),
            text.to_string(),
        ))
    }

    #[test]
    fn table_rows_list_a_set_per_name() {
        let c = doc("## Scopes\n\n| Workflow | Permissions | Why |\n|---|---|---|\n| `lint.yml` | `contents: read` | Read-only checks |\n| `ship.yml` | `contents: write, packages: write` | Release |\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].names, vec!["lint.yml", "Read-only checks"]);
        assert!(c[0].read_only && c[0].listed);
        assert_eq!(c[1].pairs.len(), 2);
        assert_eq!(c[0].group, c[1].group);
    }

    #[test]
    fn labels_with_nested_items_and_sentences() {
        let c = doc("### Build job\n\n- **Permissions:**\n    - `contents: read`\n    - `packages: write`\n- **Steps:**\n\n### Ship (`ship.yml`)\n\n- Uses `id-token: write` permission for attestations\n");
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].group, c[1].group);
        assert_eq!(c[0].headings, vec!["Build job"]);
        assert!(!c[2].listed);
    }

    #[test]
    fn advice_and_code_are_no_claims() {
        let c = doc("## Notes\n\nIf the push fails, ensure the workflow has `contents: write`.\n- Grant `id-token: write` permission to workflows\n\n```yaml\npermissions:\n  contents: write\n```\n\n## Troubleshooting\n\n| Error | Fix |\n|---|---|\n| 403 | `contents: write` |\n");
        assert!(c.is_empty(), "{c:?}");
    }
}
