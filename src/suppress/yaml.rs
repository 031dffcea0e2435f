//! Directives in YAML comments.
//!
//! `key: value  # driftlint: ignore[x]` covers its own line. A comment line that holds only a
//! directive covers the next line that is not itself such a directive, so several can stack.
//! A directive after another comment (`# push:  # driftlint: ignore[x]`) covers its own line:
//! commented-out YAML is what some rules flag.

use super::{cover_next_kept, parse_directive, Directive, MARKER};
use crate::source::SourceFile;
use crate::yaml::CommentLine;

/// Byte offset in `comment` (text from its `#`) of a `driftlint:` that follows a `#` and
/// optional spaces, and whether it follows the comment's first `#`.
fn find_marker(comment: &str) -> Option<(usize, bool)> {
    for (i, c) in comment.char_indices() {
        if c != '#' {
            continue;
        }
        let after = comment.get(i + 1..).unwrap_or("");
        let body = after.trim_start();
        if body.starts_with(MARKER) {
            let at = comment.len() - body.len();
            return Some((at, i == 0));
        }
    }
    None
}

pub(super) fn directives(file: &SourceFile, comments: &[CommentLine]) -> Vec<Directive> {
    // Every directive holds the marker: most files have none.
    if !super::holds_marker(&file.text) {
        return Vec::new();
    }
    let mut found: Vec<(Directive, bool)> = Vec::new();
    for c in comments {
        let line = file.line_text(c.line);
        let hash = c.offset.saturating_sub(file.line_start(c.line));
        let Some(comment) = line.get(hash..) else {
            continue;
        };
        let Some((at, first_hash)) = find_marker(comment) else {
            continue;
        };
        let marker_byte = hash + at;
        let text = line.get(marker_byte..).unwrap_or("").trim_end().to_string();
        let column = line.get(..marker_byte).map_or(0, |s| s.chars().count()) as u32 + 1;
        let (rules, problem) = parse_directive(&text, column);
        let standalone = first_hash && !c.trailing;
        found.push((
            Directive {
                line: c.line,
                column,
                text,
                covers: (c.line, c.line),
                rules,
                problem,
            },
            standalone,
        ));
    }
    // A standalone comment directive covers the next line that is not one itself; a line that
    // opens a block scalar (`run: |`) brings the scalar's lines with it, since a comment
    // inside a script is script text.
    cover_next_kept(found, file.line_count() as u32, |_| false, |l| (l, l))
        .into_iter()
        .map(|mut d| {
            if d.covers.0 == d.covers.1 {
                d.covers.1 = block_scalar_end(file, d.covers.0);
            }
            d
        })
        .collect()
}

/// The last line of the block scalar that `line` opens (`key: |`, `- run: >-`), or `line`
/// itself when it opens none.
fn block_scalar_end(file: &SourceFile, line: u32) -> u32 {
    let text = file.line_text(line);
    // The value after the last `: ` outside the trailing comment.
    let code = match text.find(" #") {
        Some(i) => &text[..i],
        None => text,
    };
    let Some(colon) = code.rfind(": ").or_else(|| {
        code.trim_end()
            .ends_with(':')
            .then(|| code.trim_end().len() - 1)
    }) else {
        return line;
    };
    let value = code[colon + 1..].trim();
    let is_block = value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+');
    if !is_block {
        return line;
    }
    // Indentation of the key: content lines are indented deeper.
    let key_indent = code
        .char_indices()
        .find(|(_, c)| *c != ' ' && *c != '-')
        .map_or(0, |(i, _)| i);
    let mut end = line;
    for l in line + 1..=file.line_count() as u32 {
        let t = file.line_text(l);
        if t.trim().is_empty() {
            continue;
        }
        let indent = t.len() - t.trim_start_matches(' ').len();
        if indent <= key_indent {
            break;
        }
        end = l;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::DirectiveProblem;
    use crate::yaml::load;

    /// (line, column, covered lines, rule ids, problem) of each directive.
    type Summary = (u32, u32, (u32, u32), Vec<String>, Option<DirectiveProblem>);

    fn covers(text: &str) -> Vec<Summary> {
        let f = SourceFile::from_text("w.yml", text);
        let doc = load(&f).unwrap();
        directives(&f, &doc.comments)
            .into_iter()
            .map(|d| {
                let ids = d.rules.iter().map(|r| r.id.clone()).collect();
                (d.line, d.column, d.covers, ids, d.problem)
            })
            .collect()
    }

    #[test]
    fn a_directive_on_a_block_scalar_covers_the_script() {
        let text = "\
jobs:
  a:
    steps:
      - run: | # driftlint: ignore[template-injection]
          echo one
          echo two

        shell: bash
      # driftlint: ignore[x]
      - run: >-
          echo three
";
        let spans: Vec<(u32, (u32, u32))> = covers(text).into_iter().map(|d| (d.0, d.2)).collect();
        assert_eq!(spans, vec![(4, (4, 6)), (9, (10, 11))]);
    }

    #[test]
    fn placements() {
        let text = "\
on:
  workflow_dispatch:  # driftlint: ignore[manual-only]
  # driftlint: ignore[disabled-trigger]
  # push:
  #   tags: ['v*']  # driftlint: ignore[a, b]
  # driftlint: ignore[x]
  # driftlint: ignore[y] stacked
jobs: {}
# note # driftlint: ignore
x: 'not # driftlint: ignore[q]'
run: |
  # driftlint: ignore[in-script]
";
        assert_eq!(
            covers(text),
            vec![
                (2, 25, (2, 2), vec!["manual-only".to_string()], None),
                (3, 5, (4, 4), vec!["disabled-trigger".to_string()], None),
                (5, 23, (5, 5), vec!["a".to_string(), "b".to_string()], None),
                (6, 5, (8, 8), vec!["x".to_string()], None),
                (7, 5, (8, 8), vec!["y".to_string()], None),
                (9, 10, (9, 9), vec![], Some(DirectiveProblem::Bare)),
            ]
        );
    }
}
