//! The documentation discrepancy table (Documentation claim | Actual state | Impact), shared by
//! the current-state report and `check --format markdown`.

use crate::checks::{ClaimCheck, Outcome};
use crate::docs::{ClaimKind, RouteSubject};
use crate::facts::text::capitalise;
use crate::finding::{Finding, Topic};
use crate::repo::Repo;

/// Column headers of the table.
pub const HEADERS: [&str; 3] = ["Documentation Claims", "Actual State", "Impact"];

/// Short words for a documented route subject: the tag's pre-release word (RC, Hotfix,
/// Pre-release for alpha/beta, or the word itself), Stable for a plain version, or the branch.
fn subject_words(refs: &RouteSubject, subject: &str) -> String {
    match refs {
        RouteSubject::Tag(tag) => tag_label(tag),
        _ => subject.to_string(),
    }
}

/// The label of a documented tag, read from the tag itself: the word after the version
/// (`v1.0.0-rc1` → RC, `v*.*.*-hotfix.*` → Hotfix, `v*-source*` → Source), Stable without one.
/// A tag written as words ("release tags", "rc tags") is labelled by its first known word.
fn tag_label(tag: &str) -> String {
    let lower = tag.to_ascii_lowercase();
    let is_pattern = lower.chars().any(|c| c.is_ascii_digit() || c == '*');
    let word = if is_pattern {
        // The first run of letters after the version part (skip a leading `v`).
        let rest = lower.strip_prefix('v').unwrap_or(&lower);
        rest.split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| w.len() >= 2)
            .map(str::to_string)
    } else {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find(|w| matches!(*w, "rc" | "hotfix" | "hotfixes" | "alpha" | "beta"))
            .map(|w| w.trim_end_matches("es").to_string())
    };
    match word.as_deref() {
        None => "Stable".into(),
        Some("rc") => "RC".into(),
        Some("alpha" | "beta") => "Pre-release".into(),
        Some(w) => capitalise(w),
    }
}

/// "RC → Staging" for a route claim at `line` of `doc`, when the doc model has one there.
fn route_words(repo: &Repo, doc: &str, line: u32) -> Option<String> {
    repo.docs_with_models()
        .filter(|(d, _)| d.path == doc)
        .flat_map(|(_, m)| m.claims.iter())
        .find(|k| k.span.start.line == line)
        .and_then(|k| match &k.kind {
            ClaimKind::Route {
                subject,
                refs,
                envs,
            } => Some(format!(
                "{} → {}",
                subject_words(refs, subject),
                envs.iter()
                    .map(|e| capitalise(e))
                    .collect::<Vec<_>>()
                    .join(" → ")
            )),
            _ => None,
        })
}

/// One row per claim that does not hold (violated, or unknown and so unverified), in the
/// order given; the same claim with the same actual state on several lines of one doc is one
/// row naming every line, and so are violated routes of one doc with the same actual state.
/// `doc_label` turns a doc path into the text shown before `:line`.
pub fn rows(
    repo: &Repo,
    claims: &[&ClaimCheck],
    doc_label: &dyn Fn(&str) -> String,
) -> Vec<Vec<String>> {
    struct RouteRow {
        doc: String,
        lines: Vec<u32>,
        words: Vec<String>,
        short: String,
        impact: String,
    }
    struct ClaimRow {
        doc: String,
        claim: String,
        lines: Vec<u32>,
        actual: String,
        impact: String,
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut claim_rows: Vec<ClaimRow> = Vec::new();
    let mut route_groups: Vec<RouteRow> = Vec::new();
    for c in claims.iter().filter(|c| c.outcome != Outcome::Holds) {
        let line = c.span.start.line;
        if c.topic == Topic::Route {
            let words = route_words(repo, &c.doc, line).unwrap_or_else(|| c.claim.clone());
            match route_groups
                .iter_mut()
                .find(|g| g.doc == c.doc && g.short == c.short)
            {
                Some(g) => {
                    g.lines.push(line);
                    if !g.words.contains(&words) {
                        g.words.push(words);
                    }
                }
                None => route_groups.push(RouteRow {
                    doc: c.doc.clone(),
                    lines: vec![line],
                    words: vec![words],
                    short: c.short.clone(),
                    impact: c.impact.clone(),
                }),
            }
            continue;
        }
        let actual =
            if c.outcome == Outcome::Unknown && !c.short.to_lowercase().starts_with("unverified") {
                format!("Unverified: {}", c.short)
            } else {
                c.short.clone()
            };
        let impact = capitalise(&c.impact);
        match claim_rows.iter_mut().find(|r| {
            r.doc == c.doc && r.claim == c.claim && r.actual == actual && r.impact == impact
        }) {
            Some(r) => r.lines.push(line),
            None => claim_rows.push(ClaimRow {
                doc: c.doc.clone(),
                claim: c.claim.clone(),
                lines: vec![line],
                actual,
                impact,
            }),
        }
    }
    for r in claim_rows {
        let lines: Vec<String> = r.lines.iter().map(u32::to_string).collect();
        rows.push(vec![
            format!(
                "\"{}\" ({}:{})",
                r.claim,
                doc_label(&r.doc),
                lines.join(", ")
            ),
            r.actual,
            r.impact,
        ]);
    }
    for g in route_groups {
        let lines: Vec<String> = g.lines.iter().map(u32::to_string).collect();
        rows.push(vec![
            format!(
                "\"{}\" ({}:{})",
                g.words.join(", "),
                doc_label(&g.doc),
                lines.join(", ")
            ),
            g.short,
            capitalise(&g.impact),
        ]);
    }
    rows
}

/// The table rows for a set of reported findings, and which findings they stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discrepancies {
    pub rows: Vec<Vec<String>>,
    /// Indexes (into the findings the table was built for) of findings a row describes.
    pub covered: Vec<usize>,
}

impl Discrepancies {
    /// Rows for the claims of `repo` that became one of `findings` (same rule, doc and line),
    /// appended to what is already here; claims whose finding was suppressed, baselined or
    /// turned off get no row. Docs are labelled with their displayed path.
    pub fn add_repo(&mut self, repo: &Repo, claims: &[ClaimCheck], findings: &[Finding]) {
        let mut reported: Vec<&ClaimCheck> = Vec::new();
        for c in claims {
            let hits: Vec<usize> = findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.rule == c.rule && f.path == c.doc && f.line == c.span.start.line)
                .map(|(i, _)| i)
                .collect();
            if hits.is_empty() {
                continue;
            }
            reported.push(c);
            for i in hits {
                if !self.covered.contains(&i) {
                    self.covered.push(i);
                }
            }
        }
        self.covered.sort_unstable();
        self.rows
            .extend(rows(repo, &reported, &|doc: &str| doc.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_labels_come_from_the_tag() {
        let cases = [
            ("v1.0.0-rc1", "RC"),
            ("v*.*.*-rc*", "RC"),
            ("v1.0.1-hotfix.1", "Hotfix"),
            ("v*.*.*-hotfix.*", "Hotfix"),
            ("v*.*.*", "Stable"),
            ("v1.2.3", "Stable"),
            ("v*-source*", "Source"),
            ("v2.0.0-beta.1", "Pre-release"),
            ("release tags", "Stable"),
            ("rc tags", "RC"),
            ("hotfix tags", "Hotfix"),
        ];
        for (tag, want) in cases {
            assert_eq!(tag_label(tag), want, "{tag}");
        }
    }
}
