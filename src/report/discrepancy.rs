//! The documentation discrepancy table (Documentation claim | Actual state | Impact), shared by
//! the current-state report and `check --format markdown`.

use std::collections::{BTreeSet, HashMap};

use super::group::group_in_order;
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
    let (routes, others): (Vec<&ClaimCheck>, Vec<&ClaimCheck>) = claims
        .iter()
        .copied()
        .filter(|c| c.outcome != Outcome::Holds)
        .partition(|c| c.topic == Topic::Route);
    let location = |doc: &str, group: &[&ClaimCheck]| {
        let lines: Vec<String> = group
            .iter()
            .map(|c| c.span.start.line.to_string())
            .collect();
        format!("{}:{}", doc_label(doc), lines.join(", "))
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    // One row per claim that fails the same way, with every line it is made on.
    let same_claim = |c: &&ClaimCheck| {
        (
            c.doc.clone(),
            c.claim.clone(),
            actual_words(c),
            capitalise(&c.impact),
        )
    };
    for ((doc, claim, actual, impact), group) in group_in_order(others, same_claim) {
        rows.push(vec![
            format!("\"{claim}\" ({})", location(&doc, &group)),
            actual,
            impact,
        ]);
    }
    // One row per doc and route verdict, quoting each different way the route is written.
    for ((doc, short), group) in group_in_order(routes, |c| (c.doc.clone(), c.short.clone())) {
        let mut words: Vec<String> = Vec::new();
        for c in &group {
            let w = route_words(repo, &c.doc, c.span.start.line).unwrap_or_else(|| c.claim.clone());
            if !words.contains(&w) {
                words.push(w);
            }
        }
        rows.push(vec![
            format!("\"{}\" ({})", words.join(", "), location(&doc, &group)),
            short,
            capitalise(&group[0].impact),
        ]);
    }
    rows
}

/// What a failed claim's row says is actually so; an unknown outcome says it is unverified.
fn actual_words(c: &ClaimCheck) -> String {
    if c.outcome == Outcome::Unknown && !c.short.to_lowercase().starts_with("unverified") {
        format!("Unverified: {}", c.short)
    } else {
        c.short.clone()
    }
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
        // The findings at each (rule, doc, line), looked up once per claim.
        let mut at: HashMap<(&str, &str, u32), Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            at.entry((f.rule.as_str(), f.path.as_str(), f.line))
                .or_default()
                .push(i);
        }
        let mut reported: Vec<&ClaimCheck> = Vec::new();
        let mut covered: BTreeSet<usize> = self.covered.iter().copied().collect();
        for c in claims {
            let Some(hits) = at.get(&(c.rule, c.doc.as_str(), c.span.start.line)) else {
                continue;
            };
            reported.push(c);
            covered.extend(hits);
        }
        self.covered = covered.into_iter().collect();
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
