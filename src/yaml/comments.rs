//! Comments, which the YAML parser drops, recovered by scanning lines, and commented-out YAML
//! (`# push:` / `#   tags:` ...) parsed back into nodes with their real positions.

use super::loader::load;
use super::node::Node;
use crate::source::SourceFile;

/// One `#` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentLine {
    pub line: u32,
    /// 1-based character column of the `#`.
    pub col: u32,
    /// Byte offset of the `#`.
    pub offset: usize,
    /// Text after the `#`, trimmed.
    pub text: String,
    /// True when code stands before the comment on the same line.
    pub trailing: bool,
}

/// A run of whole-line comments that is itself a YAML mapping once the `#` is removed.
#[derive(Debug, Clone)]
pub struct CommentedBlock {
    pub first_line: u32,
    pub last_line: u32,
    /// Smallest column of the `#` over the block.
    pub hash_col: u32,
    /// The parsed mapping; spans point into the original file.
    pub node: Node,
    /// Whole-line prose comments directly above the block (its stated reason, if any).
    pub prose_above: Vec<CommentLine>,
}

/// Longest run of comment lines tried as YAML (bounds the quadratic shrink search).
const MAX_RUN: usize = 200;

/// Find comments line by line. Lines inside multi-line scalars (`run: |` scripts) are skipped:
/// a `#` there is script text, not a YAML comment.
pub fn scan_comments(file: &SourceFile, multiline_scalars: &[(u32, u32)]) -> Vec<CommentLine> {
    let mut out = Vec::new();
    let mut ranges = multiline_scalars.to_vec();
    ranges.sort_unstable();
    let inside = |line: u32| {
        let i = ranges.partition_point(|(s, _)| *s <= line);
        ranges[..i]
            .iter()
            .rev()
            .take(64)
            .any(|(s, e)| *s <= line && line <= *e)
    };
    // Only lines holding a `#` can hold a comment: visit those, in order, once each.
    let mut last_line = 0;
    for hash in memchr::memchr_iter(b'#', file.text.as_bytes()) {
        let line = file.line_at(hash);
        if line == last_line {
            continue;
        }
        last_line = line;
        let text = file.line_text(line);
        if inside(line) {
            continue;
        }
        if let Some(byte) = comment_start(text) {
            let before = &text[..byte];
            out.push(CommentLine {
                line,
                col: before.chars().count() as u32 + 1,
                offset: file.line_start(line) + byte,
                text: text[byte + 1..].trim().to_string(),
                trailing: !before.trim().is_empty(),
            });
        }
    }
    out
}

/// Byte index of the `#` that starts a comment on this line, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                let at_token_start = prev
                    .is_none_or(|p| p.is_whitespace() || matches!(p, ':' | '[' | '{' | ',' | '-'));
                if c == '#' && prev.is_none_or(char::is_whitespace) {
                    return Some(i);
                }
                if (c == '\'' || c == '"') && at_token_start {
                    quote = Some(c);
                }
            }
        }
        prev = Some(c);
    }
    None
}

/// Does the text after `#` look like the start of a YAML mapping entry (`key:` or `key: value`)?
fn looks_like_key(content: &str) -> bool {
    let t = content.trim_start();
    let Some((key, rest)) = t.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && (rest.is_empty() || rest.starts_with(' '))
}

/// Commented-out YAML mappings in runs of whole-line comments.
pub fn commented_yaml_blocks(file: &SourceFile, comments: &[CommentLine]) -> Vec<CommentedBlock> {
    let mut out = Vec::new();
    let whole: Vec<&CommentLine> = comments.iter().filter(|c| !c.trailing).collect();
    let mut i = 0;
    while i < whole.len() {
        // A run: consecutive lines, each a whole-line comment.
        let mut j = i;
        while j + 1 < whole.len() && whole[j + 1].line == whole[j].line + 1 && j + 1 - i < MAX_RUN {
            j += 1;
        }
        let run = &whole[i..=j];
        find_blocks_in_run(file, run, &mut out);
        i = j + 1;
    }
    out
}

fn find_blocks_in_run(file: &SourceFile, run: &[&CommentLine], out: &mut Vec<CommentedBlock>) {
    let mut s = 0;
    while s < run.len() {
        if !looks_like_key(&raw_content(file, run[s])) {
            s += 1;
            continue;
        }
        let mut found = None;
        let mut e = run.len();
        while e > s {
            if let Some(node) = parse_uncommented(file, &run[s..e]) {
                found = Some((node, e));
                break;
            }
            e -= 1;
        }
        match found {
            Some((node, e)) => {
                let mut prose_above = Vec::new();
                let mut k = s;
                while k > 0 && !looks_like_key(&raw_content(file, run[k - 1])) {
                    k -= 1;
                    prose_above.insert(0, run[k].clone());
                }
                out.push(CommentedBlock {
                    first_line: run[s].line,
                    last_line: run[e - 1].line,
                    hash_col: run[s..e].iter().map(|c| c.col).min().unwrap_or(1),
                    node,
                    prose_above,
                });
                s = e;
            }
            None => s += 1,
        }
    }
}

/// The line's text after its `#` (untrimmed, so indentation is kept).
fn raw_content(file: &SourceFile, c: &CommentLine) -> String {
    let text = file.line_text(c.line);
    let byte = c.offset.saturating_sub(file.line_start(c.line));
    text.get(byte + 1..).unwrap_or("").to_string()
}

/// Parse comment lines as YAML with the `#` blanked out, in a copy of the file where every other
/// line is blank, so lines, columns and byte offsets stay those of the original file.
fn parse_uncommented(file: &SourceFile, lines: &[&CommentLine]) -> Option<Node> {
    let mut text = String::with_capacity(file.text.len());
    let mut next = 0usize;
    // Lines after the block cannot change how it parses: stop there.
    let last = lines.last().map_or(0, |c| c.line);
    for line in 1..=last {
        let start = file.line_start(line);
        let original = file.line_text(line);
        let is_block_line = next < lines.len() && lines[next].line == line;
        if is_block_line {
            let hash = lines[next].offset - start;
            // Spaces for everything before the `#` and the `#` itself keep columns exact.
            text.extend(std::iter::repeat_n(' ', original[..hash].chars().count()));
            text.push(' ');
            text.push_str(&original[hash + 1..]);
            next += 1;
        } else {
            text.extend(std::iter::repeat_n(' ', original.len()));
        }
        // The same line ending as the original (a lone `\r` ends a line too).
        let ending = file.text.get(start + original.len()..).map_or("", |rest| {
            ["\r\n", "\n", "\r"]
                .into_iter()
                .find(|e| rest.starts_with(e))
                .unwrap_or("")
        });
        text.push_str(ending);
    }
    let copy = SourceFile::new(&file.path, &file.rel, file.abs.clone(), text);
    let doc = load(&copy).ok()?;
    let root = doc.root?;
    root.as_map()?;
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load;

    #[test]
    fn finds_whole_line_and_trailing_comments() {
        let f = SourceFile::from_text(
            "w.yml",
            "# top\non: push # trailing\nx: 'a # not'\nrun: |\n  # shell\n  echo\n",
        );
        let doc = load(&f).unwrap();
        let lines: Vec<(u32, bool, &str)> = doc
            .comments
            .iter()
            .map(|c| (c.line, c.trailing, c.text.as_str()))
            .collect();
        assert_eq!(lines, vec![(1, false, "top"), (2, true, "trailing")]);
    }

    #[test]
    fn commented_trigger_block_keeps_positions() {
        let text = "name: R\n\non:\n  # DISABLED FOR MIGRATION\n  # push:\n  #   tags:\n  #     - 'v*.*.*'   # prod\n  workflow_dispatch:\n";
        let f = SourceFile::from_text("w.yml", text);
        let doc = load(&f).unwrap();
        let blocks = commented_yaml_blocks(&f, &doc.comments);
        assert_eq!(blocks.len(), 1);
        let b = &blocks[0];
        assert_eq!((b.first_line, b.last_line, b.hash_col), (5, 7, 3));
        assert_eq!(b.prose_above.len(), 1);
        assert_eq!(b.prose_above[0].text, "DISABLED FOR MIGRATION");
        let push = b.node.entry("push").unwrap();
        assert_eq!((push.key.span.start.line, push.key.span.start.col), (5, 5));
        let tags = push.value.get("tags").unwrap().string_list();
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].0, "v*.*.*");
        assert_eq!((tags[0].1.start.line, tags[0].1.start.col), (7, 11));
        assert_eq!(
            &f.text[tags[0].1.start.offset..tags[0].1.start.offset + 8],
            "'v*.*.*'"
        );
    }

    #[test]
    fn prose_comments_are_not_blocks() {
        let f = SourceFile::from_text(
            "w.yml",
            "on:\n  # runs on every push to main\n  # see docs\n  push:\n",
        );
        let doc = load(&f).unwrap();
        assert!(commented_yaml_blocks(&f, &doc.comments).is_empty());
    }
}
