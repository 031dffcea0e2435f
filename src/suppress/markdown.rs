//! Directives in markdown: `<!-- driftlint: ignore[rule-id] -->`.
//!
//! On a line of its own it covers the next non-blank line and the rest of that block (up to the
//! next blank line, or the closing fence of a code block). After other text it covers its own
//! line. Comments inside fenced code blocks or code spans are examples, not directives.

use std::collections::BTreeMap;

use super::{cover_next_kept, parse_directive, Directive, DirectiveProblem, MARKER};
use crate::source::SourceFile;

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";

/// The fence (` ``` ` or `~~~`, with its length) a line opens or closes, if any.
fn fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Where fenced code blocks are.
struct Layout {
    /// Indexed by line (0 unused): inside a fenced code block, fence lines included.
    code: Vec<bool>,
    /// Opening fence line → closing fence line (the last line when never closed).
    fences: BTreeMap<u32, u32>,
    /// Indexed by line: last line of the paragraph (run of non-blank lines) from that line on.
    paragraph_end: Vec<u32>,
}

impl Layout {
    fn of(file: &SourceFile) -> Layout {
        let count = file.line_count() as u32;
        let mut code = vec![false; count as usize + 2];
        let mut fences = BTreeMap::new();
        let mut open: Option<(char, usize, u32)> = None;
        for line in 1..=count {
            let f = fence(file.line_text(line));
            let inside = match (open, f) {
                (None, Some((c, n))) => {
                    open = Some((c, n, line));
                    true
                }
                (Some((c, n, start)), Some((c2, n2))) if c == c2 && n2 >= n => {
                    fences.insert(start, line);
                    open = None;
                    true
                }
                (Some(_), _) => true,
                (None, None) => false,
            };
            if let Some(slot) = code.get_mut(line as usize) {
                *slot = inside;
            }
        }
        if let Some((_, _, start)) = open {
            fences.insert(start, count);
        }
        let mut paragraph_end = vec![0; count as usize + 2];
        for line in (1..=count).rev() {
            let next_filled = line < count && !file.line_text(line + 1).trim().is_empty();
            let end = if next_filled {
                paragraph_end
                    .get(line as usize + 1)
                    .copied()
                    .unwrap_or(line)
            } else {
                line
            };
            if let Some(slot) = paragraph_end.get_mut(line as usize) {
                *slot = end;
            }
        }
        Layout {
            code,
            fences,
            paragraph_end,
        }
    }

    fn is_code(&self, line: u32) -> bool {
        self.code.get(line as usize).copied().unwrap_or(false)
    }

    /// Last line of the block that starts at `first`: its closing fence for a code block, else
    /// the line before the next blank line.
    fn block_end(&self, first: u32) -> u32 {
        self.fences.get(&first).copied().unwrap_or_else(|| {
            self.paragraph_end
                .get(first as usize)
                .copied()
                .unwrap_or(first)
        })
    }
}

pub(super) fn directives(file: &SourceFile) -> Vec<Directive> {
    // Every directive holds the marker: most files have none, and need no layout.
    if !super::holds_marker(&file.text) {
        return Vec::new();
    }
    let layout = Layout::of(file);
    let mut found: Vec<(Directive, bool)> = Vec::new();
    for line_no in 1..=file.line_count() as u32 {
        if layout.is_code(line_no) {
            continue;
        }
        let line = file.line_text(line_no);
        // An odd number of backticks before `<!--` puts it in a code span: an example.
        let Some(open) = line.match_indices(OPEN).map(|(i, _)| i).find(|i| {
            line.get(..*i)
                .is_some_and(|b| b.matches('`').count() % 2 == 0)
        }) else {
            continue;
        };
        let after_open = line.get(open + OPEN.len()..).unwrap_or("");
        let body = after_open.trim_start();
        if !body.starts_with(MARKER) {
            continue;
        }
        let marker_byte = line.len() - body.len();
        let column = line.get(..marker_byte).map_or(0, |s| s.chars().count()) as u32 + 1;
        let (text, rules, problem, standalone) = match body.find(CLOSE) {
            Some(close) => {
                let text = body.get(..close).unwrap_or("").trim_end().to_string();
                let (rules, problem) = parse_directive(&text, column);
                let tail = body.get(close + CLOSE.len()..).unwrap_or("");
                let standalone =
                    line.get(..open).unwrap_or("").trim().is_empty() && tail.trim().is_empty();
                (text, rules, problem, standalone)
            }
            None => {
                let why = "the comment must close with `-->` on the same line".to_string();
                (
                    body.trim_end().to_string(),
                    Vec::new(),
                    Some(DirectiveProblem::Malformed(why)),
                    false,
                )
            }
        };
        found.push((
            Directive {
                line: line_no,
                column,
                text,
                covers: (line_no, line_no),
                rules,
                problem,
            },
            standalone,
        ));
    }
    let count = file.line_count() as u32;
    // A standalone directive covers the next block, past blank lines and other directives.
    cover_next_kept(
        found,
        count,
        |l| file.line_text(l).trim().is_empty(),
        |first| {
            if first > count {
                (first, first - 1)
            } else {
                (first, layout.block_end(first))
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, column, covered lines, rule ids, problem) of each directive.
    type Summary = (u32, u32, (u32, u32), Vec<String>, Option<DirectiveProblem>);

    fn covers(text: &str) -> Vec<Summary> {
        let f = SourceFile::from_text("RELEASING.md", text);
        directives(&f)
            .into_iter()
            .map(|d| {
                let ids = d.rules.iter().map(|r| r.id.clone()).collect();
                (d.line, d.column, d.covers, ids, d.problem)
            })
            .collect()
    }

    #[test]
    fn placements() {
        let text = "\
# Releasing
<!-- driftlint: ignore[doc-trigger-disabled] -->

Push a tag to release.
It deploys to production.

Staging deploys on merge. <!-- driftlint: ignore[a,b] -->

```markdown
<!-- driftlint: ignore[in-code] -->
```
<!--driftlint: ignore -->
<!-- driftlint: ignore[x]
<!-- not a directive -->
Write `<!-- driftlint: ignore[x] -->` before it.
";
        assert_eq!(
            covers(text),
            vec![
                (2, 6, (4, 5), vec!["doc-trigger-disabled".to_string()], None),
                (7, 32, (7, 7), vec!["a".to_string(), "b".to_string()], None),
                (12, 5, (13, 15), vec![], Some(DirectiveProblem::Bare)),
                (
                    13,
                    6,
                    (13, 13),
                    vec![],
                    Some(DirectiveProblem::Malformed(
                        "the comment must close with `-->` on the same line".into()
                    ))
                ),
            ]
        );
    }

    #[test]
    fn covers_a_code_block_and_nothing_at_the_end() {
        let text = "<!-- driftlint: ignore[r] -->\n```yaml\non: push\n\njobs: {}\n```\nafter\n\n<!-- driftlint: ignore[s] -->\n";
        let got: Vec<(u32, u32)> = directives(&SourceFile::from_text("a.md", text))
            .iter()
            .map(|d| d.covers)
            .collect();
        assert_eq!(got, vec![(2, 6), (11, 10)]);
    }
}
