//! Inline suppressions: `# driftlint: ignore[rule-id, ...]` in YAML and
//! `<!-- driftlint: ignore[rule-id] -->` in markdown.
//!
//! Rules run first and know nothing about suppressions; `apply` then drops the findings a
//! directive covers and reports which directive entries covered nothing (for `unused-ignore`).
//! Malformed directives cover nothing; the `invalid-ignore` rule reports them.

mod directive;
mod markdown;
mod yaml;
pub mod zizmor;

pub use directive::{parse_directive, DirectiveProblem, RuleRef};

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use crate::finding::Finding;
use crate::repo::Repo;
use crate::source::{Pos, SourceFile, Span};

/// The text every directive starts with.
pub const MARKER: &str = "driftlint:";

/// Does `text` (a whole file) hold [`MARKER`]? Most files do not; `str::contains` set up a
/// two-way searcher for each of them, this searcher is built once.
fn holds_marker(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(MARKER));
    FINDER.find(text.as_bytes()).is_some()
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Line and character column of `driftlint:`.
    pub line: u32,
    pub column: u32,
    /// The directive as written, from `driftlint:` to the end of the comment.
    pub text: String,
    /// First and last line whose findings it covers (first > last: covers nothing).
    pub covers: (u32, u32),
    /// The rule ids listed between the brackets.
    pub rules: Vec<RuleRef>,
    /// Why the directive is not usable, if it is not.
    pub problem: Option<DirectiveProblem>,
}

impl Directive {
    pub fn covers_line(&self, line: u32) -> bool {
        self.covers.0 <= line && line <= self.covers.1
    }
}

/// The directives of one file.
#[derive(Debug, Clone)]
pub struct FileDirectives<'a> {
    pub file: &'a SourceFile,
    pub directives: Vec<Directive>,
}

/// Directives of every loaded file of a repository: workflows, composite actions, docs and
/// files that failed to load (so even a `syntax-error` can be suppressed).
pub fn collect(repo: &Repo) -> Vec<FileDirectives<'_>> {
    let mut out = Vec::new();
    for wf in &repo.workflows {
        out.push(FileDirectives {
            file: &wf.file,
            directives: yaml::directives(&wf.file, &wf.doc.comments),
        });
    }
    for action in &repo.actions {
        out.push(FileDirectives {
            file: &action.file,
            directives: yaml::directives(&action.file, &action.doc.comments),
        });
    }
    for doc in &repo.docs {
        out.push(FileDirectives {
            file: doc,
            directives: markdown::directives(doc),
        });
    }
    for e in &repo.errors {
        let directives = if crate::source::is_doc_page(std::path::Path::new(&e.file.path)) {
            markdown::directives(&e.file)
        } else {
            let comments = crate::yaml::scan_comments(&e.file, &[]);
            yaml::directives(&e.file, &comments)
        };
        out.push(FileDirectives {
            file: &e.file,
            directives,
        });
    }
    out.retain(|f| !f.directives.is_empty());
    out
}

/// The span of `len` characters from a 1-based character column of a line (clamped to the line).
pub fn span_at(file: &SourceFile, line: u32, column: u32, len: usize) -> Span {
    let line_start = file.line_span(line).start.offset;
    let text = file.line_text(line);
    let pos = |col: u32| {
        let byte = text
            .char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(text.len(), |(i, _)| i);
        Pos {
            offset: line_start + byte,
            line,
            col,
        }
    };
    let end_col = column.saturating_add(u32::try_from(len).unwrap_or(u32::MAX));
    Span::new(pos(column), pos(end_col))
}

/// Indexed by line (0..=count+1): the first line at or after it that `skip` does not skip,
/// `count + 1` when there is none. One backward pass, so stacked directives cost O(lines).
pub(crate) fn first_kept_from(count: u32, skip: impl Fn(u32) -> bool) -> Vec<u32> {
    let mut out = vec![count + 1; count as usize + 2];
    for line in (1..=count).rev() {
        let here = if skip(line) {
            out.get(line as usize + 1).copied().unwrap_or(count + 1)
        } else {
            line
        };
        if let Some(slot) = out.get_mut(line as usize) {
            *slot = here;
        }
    }
    out
}

/// Directives found in a file, each with whether it stands on a line of its own. A standalone
/// one covers `cover(first)`, where `first` is the first line after it that is neither another
/// standalone directive nor skipped by `skip` (`count + 1` at the end of the file); a trailing
/// one keeps its own line.
pub(crate) fn cover_next_kept(
    found: Vec<(Directive, bool)>,
    count: u32,
    skip: impl Fn(u32) -> bool,
    cover: impl Fn(u32) -> (u32, u32),
) -> Vec<Directive> {
    let standalone_lines: BTreeSet<u32> = found
        .iter()
        .filter(|(_, s)| *s)
        .map(|(d, _)| d.line)
        .collect();
    let next_kept = first_kept_from(count, |l| standalone_lines.contains(&l) || skip(l));
    found
        .into_iter()
        .map(|(mut d, standalone)| {
            if standalone {
                let first = next_kept
                    .get(d.line as usize + 1)
                    .copied()
                    .unwrap_or(count + 1);
                d.covers = cover(first);
            }
            d
        })
        .collect()
}

/// A directive entry that suppressed nothing.
#[derive(Debug, Clone)]
pub struct Unused<'a> {
    pub file: &'a SourceFile,
    pub directive: &'a Directive,
    pub rule: &'a RuleRef,
}

/// What `apply` kept and what it found unused.
#[derive(Debug)]
pub struct Applied<'a> {
    pub kept: Vec<Finding>,
    pub suppressed: Vec<Finding>,
    pub unused: Vec<Unused<'a>>,
}

/// One rule id of one usable directive, with the lines it covers.
struct Entry {
    start: u32,
    end: u32,
    file: usize,
    directive: usize,
    rule: usize,
}

/// Drop every finding a directive covers (same file, covered line, listed rule).
///
/// Per file and rule, findings (by line) and directive entries (by first line) are swept
/// together, so the cost stays O((findings + entries) log entries) even for files with very
/// many comments.
pub fn apply<'a>(findings: Vec<Finding>, files: &'a [FileDirectives<'a>]) -> Applied<'a> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (fi, fd) in files.iter().enumerate() {
        for (di, d) in fd.directives.iter().enumerate() {
            if d.problem.is_some() {
                continue;
            }
            for (ri, r) in d.rules.iter().enumerate() {
                groups
                    .entry((fd.file.path.as_str(), r.id.as_str()))
                    .or_default()
                    .push(entries.len());
                entries.push(Entry {
                    start: d.covers.0,
                    end: d.covers.1,
                    file: fi,
                    directive: di,
                    rule: ri,
                });
            }
        }
    }
    let mut finding_groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        finding_groups
            .entry((f.path.as_str(), f.rule.as_str()))
            .or_default()
            .push(i);
    }
    let mut used = vec![false; entries.len()];
    let mut covered = vec![false; findings.len()];
    for (key, mut group_findings) in finding_groups {
        let Some(group_entries) = groups.get_mut(&key) else {
            continue;
        };
        group_entries.sort_by_key(|&e| entries.get(e).map_or(0, |x| x.start));
        group_findings.sort_by_key(|&i| findings.get(i).map_or(0, |f| f.line));
        let mut next = 0;
        // Entries that have started, by end line (smallest first).
        let mut active: BinaryHeap<Reverse<(u32, usize)>> = BinaryHeap::new();
        // Started entries not yet marked used.
        let mut pending: Vec<usize> = Vec::new();
        for i in group_findings {
            let line = findings.get(i).map_or(0, |f| f.line);
            while let Some(&e) = group_entries.get(next) {
                let Some(entry) = entries.get(e) else { break };
                if entry.start > line {
                    break;
                }
                active.push(Reverse((entry.end, e)));
                pending.push(e);
                next += 1;
            }
            while active.peek().is_some_and(|Reverse((end, _))| *end < line) {
                active.pop();
            }
            if active.is_empty() {
                pending.clear();
                continue;
            }
            if let Some(flag) = covered.get_mut(i) {
                *flag = true;
            }
            for e in pending.drain(..) {
                if entries.get(e).is_some_and(|x| x.end >= line) {
                    if let Some(flag) = used.get_mut(e) {
                        *flag = true;
                    }
                }
            }
        }
    }
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for (f, hit) in findings.into_iter().zip(covered) {
        if hit {
            suppressed.push(f);
        } else {
            kept.push(f);
        }
    }
    let unused = entries
        .iter()
        .zip(used)
        .filter(|(_, was_used)| !was_used)
        .filter_map(|(e, _)| {
            let fd = files.get(e.file)?;
            let directive = fd.directives.get(e.directive)?;
            Some(Unused {
                file: fd.file,
                directive,
                rule: directive.rules.get(e.rule)?,
            })
        })
        .collect();
    Applied {
        kept,
        suppressed,
        unused,
    }
}

#[cfg(test)]
mod tests;
