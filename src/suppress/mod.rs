//! Inline suppressions: `# driftlint: ignore[rule-id, ...]` in YAML and
//! `<!-- driftlint: ignore[rule-id] -->` in markdown.
//!
//! Rules run first and know nothing about suppressions; `apply` then drops the findings a
//! directive covers and reports which directive entries covered nothing (for `unused-ignore`).
//! Malformed directives cover nothing; the `invalid-ignore` rule reports them.

mod directive;
mod markdown;
mod yaml;

pub use directive::{parse_directive, DirectiveProblem, RuleRef};

use crate::finding::Finding;
use crate::repo::Repo;
use crate::source::{Pos, SourceFile, Span};

/// The text every directive starts with.
pub const MARKER: &str = "driftlint:";

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

/// Directives of every loaded file of a repository: workflows, docs and files that failed to
/// load (so even a `syntax-error` can be suppressed).
pub fn collect(repo: &Repo) -> Vec<FileDirectives<'_>> {
    let mut out = Vec::new();
    for wf in &repo.workflows {
        out.push(FileDirectives {
            file: &wf.file,
            directives: yaml::directives(&wf.file, &wf.doc.comments),
        });
    }
    for doc in &repo.docs {
        out.push(FileDirectives {
            file: doc,
            directives: markdown::directives(doc),
        });
    }
    for e in &repo.errors {
        let directives = if is_markdown(&e.file.path) {
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

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
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

/// Drop every finding a directive covers (same file, covered line, listed rule).
pub fn apply<'a>(findings: Vec<Finding>, files: &'a [FileDirectives<'a>]) -> Applied<'a> {
    // used[file][directive][rule]
    let mut used: Vec<Vec<Vec<bool>>> = files
        .iter()
        .map(|f| {
            f.directives
                .iter()
                .map(|d| vec![false; d.rules.len()])
                .collect()
        })
        .collect();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        let mut hit = false;
        for (fi, fd) in files.iter().enumerate() {
            if fd.file.path != finding.path {
                continue;
            }
            for (di, d) in fd.directives.iter().enumerate() {
                if d.problem.is_some() || !d.covers_line(finding.line) {
                    continue;
                }
                for (ri, r) in d.rules.iter().enumerate() {
                    if r.id == finding.rule {
                        hit = true;
                        if let Some(flag) = used
                            .get_mut(fi)
                            .and_then(|f| f.get_mut(di))
                            .and_then(|d| d.get_mut(ri))
                        {
                            *flag = true;
                        }
                    }
                }
            }
        }
        if hit {
            suppressed.push(finding);
        } else {
            kept.push(finding);
        }
    }
    let mut unused = Vec::new();
    for (fd, file_used) in files.iter().zip(&used) {
        for (d, d_used) in fd.directives.iter().zip(file_used) {
            if d.problem.is_some() {
                continue;
            }
            for (r, was_used) in d.rules.iter().zip(d_used) {
                if !was_used {
                    unused.push(Unused {
                        file: fd.file,
                        directive: d,
                        rule: r,
                    });
                }
            }
        }
    }
    Applied {
        kept,
        suppressed,
        unused,
    }
}

#[cfg(test)]
mod tests;
