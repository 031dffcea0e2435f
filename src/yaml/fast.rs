//! A fast path for the block-style YAML that workflows are written in.
//!
//! saphyr-parser scans one character at a time and was most of the load time. This reader takes
//! the common subset a line at a time: block mappings and sequences, plain scalars (also over
//! several lines), one-line quoted scalars, literal and folded block scalars, and one-line flow
//! collections of scalars. It hands the same events, with the same positions, to the same tree
//! builder. On anything else (anchors, tags, tabs, multi-line quoted scalars, explicit keys, any
//! doubt about validity) it declines and saphyr-parser loads the file, so errors always come
//! from the reference parser. The tests compare both parsers on every corpus file and on
//! thousands of mutated copies.

use std::borrow::Cow;
use std::cell::Cell;

use saphyr_parser::ScalarStyle;

use super::loader::TreeBuilder;
use super::Document;
use crate::source::{Pos, SourceFile};

#[cfg(test)]
mod tests;

/// The fast path declined; the reference parser takes over. `at` is the line of this file
/// that declined, for the coverage test.
struct Decline {
    at: u32,
}

#[track_caller]
fn decline() -> Decline {
    Decline {
        at: std::panic::Location::caller().line(),
    }
}

type Step<T> = Result<T, Decline>;

/// Deeper nesting is left to the reference parser (and its depth limit).
const MAX_DEPTH: usize = 64;
/// Longest implicit key YAML allows.
const MAX_KEY_LEN: usize = 1024;

/// The file's first document, or None when the reference parser must decide.
pub(super) fn load(file: &SourceFile) -> Option<Document> {
    read(file).ok()
}

/// The document, or the line of this file that declined and the line of the text it was at.
fn read(file: &SourceFile) -> Result<Document, (u32, u32)> {
    let text = file.text.as_str();
    if !only_plain_characters(text) {
        return Err((0, 0));
    }
    let mut reader = Reader {
        text,
        b: text.as_bytes(),
        ascii: text.is_ascii(),
        i: 0,
        line: 1,
        ls: 0,
        depth: 0,
        tree: TreeBuilder::default(),
        char_cols: Cell::new((0, 0, 0)),
        line_ends: Cell::new((usize::MAX, 0)),
    };
    match reader.document() {
        Ok(()) => Ok(reader.tree.finish(file)),
        Err(d) => Err((d.at, reader.line)),
    }
}

/// No tabs, carriage returns, other control characters, byte order marks or characters that
/// YAML treats specially as line breaks or rejects: the reader does not model them.
fn only_plain_characters(text: &str) -> bool {
    // Whole chunks without an early exit: the compiler vectorises the inner fold.
    let bytes_ok = !text.as_bytes().chunks(64).any(|chunk| {
        chunk.iter().fold(false, |bad, &c| {
            bad | ((c < 0x20 && c != b'\n') || c == 0x7f)
        })
    });
    bytes_ok
        && (text.is_ascii()
            || !text.chars().any(|c| {
                matches!(
                    c,
                    '\u{80}'
                        ..='\u{9f}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{feff}'
                            | '\u{fffe}'
                            | '\u{ffff}'
                )
            }))
}

/// Where a plain scalar on one line stops.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// At `: ` (or `:` at the end of the line): the scalar is a mapping key.
    Colon(usize),
    /// At ` #`: a comment follows.
    Comment,
    /// At the end of the line.
    Eol,
}

#[derive(Clone, Copy)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    ascii: bool,
    /// Cursor (byte offset), its 1-based line and the offset where that line starts.
    i: usize,
    line: u32,
    ls: usize,
    depth: usize,
    tree: TreeBuilder,
    /// Non-ASCII text: the line start, offset and character column of the last position.
    char_cols: Cell<(usize, usize, usize)>,
    /// The start and end of the last line whose end was searched.
    line_ends: Cell<(usize, usize)>,
}

impl<'a> Reader<'a> {
    /// Position of byte offset `off`, which lies on the cursor's line.
    fn pos(&self, off: usize) -> Pos {
        let col = if self.ascii {
            off.saturating_sub(self.ls)
        } else {
            // Count characters from the last position asked for on this line, so a long line
            // costs linear time, not quadratic.
            let (ls, from, col) = self.char_cols.get();
            let (from, col) = if ls == self.ls && from <= off {
                (from, col)
            } else {
                (self.ls, 0)
            };
            let col = col + self.text.get(from..off).map_or(0, |s| s.chars().count());
            self.char_cols.set((self.ls, off, col));
            col
        };
        Pos {
            offset: off,
            line: self.line,
            col: col as u32 + 1,
        }
    }

    fn byte(&self, j: usize) -> Option<u8> {
        self.b.get(j).copied()
    }

    fn is_break_or_end(&self, j: usize) -> bool {
        matches!(self.byte(j), None | Some(b'\n'))
    }

    fn is_blank_or_end(&self, j: usize) -> bool {
        matches!(self.byte(j), None | Some(b'\n' | b' '))
    }

    fn skip_spaces(&self, mut j: usize) -> usize {
        while self.byte(j) == Some(b' ') {
            j += 1;
        }
        j
    }

    /// End of the line that `from` is on (the cursor's line: its end is remembered, so a
    /// long line is searched once, not once per scalar).
    fn line_end(&self, from: usize) -> usize {
        let (ls, le) = self.line_ends.get();
        if ls == self.ls && (ls..=le).contains(&from) {
            return le;
        }
        let rest = self.b.get(from..).unwrap_or_default();
        let e = memchr::memchr(b'\n', rest).map_or(self.b.len(), |n| from + n);
        if from >= self.ls {
            self.line_ends.set((self.ls, e));
        }
        e
    }

    /// Back over trailing spaces, not before `start`.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.byte(end - 1) == Some(b' ') {
            end -= 1;
        }
        end
    }

    /// Move the cursor to the start of the next line (or to the end of the text).
    fn next_line(&mut self) {
        let e = self.line_end(self.i);
        if e < self.b.len() {
            self.i = e + 1;
            self.line += 1;
            self.ls = self.i;
        } else {
            self.i = self.b.len();
        }
    }

    /// From a line start, skip blank and comment lines. Leaves the cursor on the first
    /// character of the next content line and returns its indent; None at the end.
    fn skip_blank_lines(&mut self) -> Option<usize> {
        loop {
            let j = self.skip_spaces(self.i);
            match self.byte(j) {
                None => {
                    self.i = j;
                    return None;
                }
                Some(b'\n' | b'#') => self.next_line(),
                Some(_) => {
                    self.i = j;
                    return Some(j - self.ls);
                }
            }
        }
    }

    /// `skip_blank_lines`, declining at document markers and directives.
    fn skip_blank(&mut self) -> Step<Option<usize>> {
        let next = self.skip_blank_lines();
        if next == Some(0) && (self.at_marker(b"---") || self.at_marker(b"...")) {
            return Err(decline());
        }
        Ok(next)
    }

    fn at_marker(&self, marker: &[u8]) -> bool {
        self.b
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(marker))
            && self.is_blank_or_end(self.i + marker.len())
    }

    fn document(&mut self) -> Step<()> {
        let mut next = self.skip_blank_lines();
        if next == Some(0) && self.at_marker(b"---") {
            if !self.only_comment_after(self.i + 3) {
                return Err(decline());
            }
            self.next_line();
            next = self.skip_blank()?;
        } else if next == Some(0) && (self.at_marker(b"...") || self.byte(self.i) == Some(b'%')) {
            return Err(decline());
        }
        let k = next.ok_or_else(decline)?;
        self.tree.document_start();
        if self.block_node(None, k)?.is_some() {
            return Err(decline());
        }
        self.tree.document_end();
        Ok(())
    }

    fn enter(&mut self) -> Step<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(decline());
        }
        Ok(())
    }

    fn open(&mut self, is_seq: bool, start: Pos) -> Step<()> {
        self.tree.open(is_seq, 0, start).map_err(|_| decline())
    }

    fn emit(&mut self, text: &str, style: ScalarStyle, start: Pos, end: Pos) {
        self.tree.scalar(text, style, 0, start, end);
    }

    fn emit_slice(&mut self, s: usize, e: usize, style: ScalarStyle) {
        let (start, end) = (self.pos(s), self.pos(e));
        let text = self.text.get(s..e).unwrap_or("");
        self.tree.scalar(text, style, 0, start, end);
    }

    /// A node whose first character (at indent `k`) starts a line. `parent` is the indent of
    /// the collection holding it (None at the top).
    fn block_node(&mut self, parent: Option<usize>, k: usize) -> Step<Option<usize>> {
        self.enter()?;
        let next = if self.is_entry(self.i) {
            self.block_seq(k, false)
        } else if self.key_colon(self.i)?.is_some() {
            self.block_map(k)
        } else {
            match (parent, self.byte(self.i)) {
                (Some(p), Some(c)) if c != b'|' && c != b'>' => self.inline_value(p),
                _ => Err(decline()),
            }
        };
        self.depth -= 1;
        next
    }

    /// Where the content of the entry whose `-` is at `j` starts: after the spaces, or at the
    /// end of the line when only spaces and a comment follow.
    fn entry_mark(&self, j: usize) -> usize {
        self.past_spaces_and_comment(j + 1)
    }

    /// From `j`, past the spaces, and past a comment that follows them to the line's end.
    fn past_spaces_and_comment(&self, j: usize) -> usize {
        let v = self.skip_spaces(j);
        if self.byte(v) == Some(b'#') {
            self.line_end(v)
        } else {
            v
        }
    }

    /// Do only spaces, then the line's end or a comment (after at least one space), follow `j`?
    fn only_comment_after(&self, j: usize) -> bool {
        let v = self.skip_spaces(j);
        self.is_break_or_end(v) || (self.byte(v) == Some(b'#') && v > j)
    }

    /// `-` followed by a blank: a block sequence entry.
    fn is_entry(&self, j: usize) -> bool {
        self.byte(j) == Some(b'-') && self.is_blank_or_end(j + 1)
    }

    /// Can a plain scalar start at `j` (block context)?
    fn plain_start(&self, j: usize) -> bool {
        match self.byte(j) {
            None | Some(b'\n' | b' ') => false,
            Some(b'-') => !self.is_blank_or_end(j + 1),
            Some(
                b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
                | b'"' | b'%' | b'@' | b'`' | b'?' | b':',
            ) => false,
            Some(_) => true,
        }
    }

    /// Scan a plain scalar on one line from `j` (block context): where its text ends
    /// (trailing spaces excluded) and why it stopped.
    fn scan_plain(&self, j: usize) -> (usize, Stop) {
        let e = self.line_end(j);
        let line = self.b.get(j..e).unwrap_or_default();
        let mut from = 0;
        while let Some(n) = memchr::memchr2(b':', b'#', line.get(from..).unwrap_or_default()) {
            let at = j + from + n;
            if self.byte(at) == Some(b':') {
                if self.is_blank_or_end(at + 1) {
                    return (self.trim_end(j, at), Stop::Colon(at));
                }
            } else if at > j && self.byte(at - 1) == Some(b' ') {
                return (self.trim_end(j, at), Stop::Comment);
            }
            from += n + 1;
        }
        (self.trim_end(j, e), Stop::Eol)
    }

    /// If a mapping key (plain or quoted, on this line) starts at `j`: the offset of its colon.
    fn key_colon(&self, j: usize) -> Step<Option<usize>> {
        match self.byte(j) {
            Some(b'"' | b'\'') => {
                let (_, close) = self.quoted(j)?;
                let c = self.skip_spaces(close);
                Ok((self.byte(c) == Some(b':') && self.is_blank_or_end(c + 1)).then_some(c))
            }
            _ if self.plain_start(j) => match self.scan_plain(j) {
                (_, Stop::Colon(c)) => Ok(Some(c)),
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    fn block_map(&mut self, m: usize) -> Step<Option<usize>> {
        self.enter()?;
        let start = self.pos(self.i);
        self.open(false, start)?;
        let next = loop {
            match self.map_entry(m)? {
                Some(k) if k == m && !self.is_entry(self.i) => {}
                Some(k) if k >= m => return Err(decline()),
                other => break other,
            }
        };
        self.close_block(next)
    }

    /// Close the innermost block collection; `next` is the indent of the line after it.
    fn close_block(&mut self, next: Option<usize>) -> Step<Option<usize>> {
        let end = self.pos(self.i);
        self.tree.close(end);
        self.depth -= 1;
        Ok(next)
    }

    /// One `key: value` entry of a block mapping at indent `m`; the cursor is on the key.
    fn map_entry(&mut self, m: usize) -> Step<Option<usize>> {
        let key = self.i;
        let colon = self.key_colon(key)?.ok_or_else(decline)?;
        match self.byte(key) {
            Some(q @ (b'"' | b'\'')) => {
                let (text, close) = self.quoted(key)?;
                if close - key > MAX_KEY_LEN {
                    return Err(decline());
                }
                let (start, end) = (self.pos(key), self.token_end(close));
                self.emit(&text, quote_style(q), start, end);
            }
            _ => {
                let end = self.trim_end(key, colon);
                if end - key > MAX_KEY_LEN {
                    return Err(decline());
                }
                self.emit_slice(key, end, ScalarStyle::Plain);
            }
        }
        let null_at = self.pos(colon);
        let v = self.skip_spaces(colon + 1);
        if !self.is_break_or_end(v) && self.byte(v) != Some(b'#') {
            self.i = v;
            return self.inline_value(m);
        }
        self.next_line();
        let next = self.skip_blank()?;
        match next {
            Some(k) if k > m => self.block_node(Some(m), k),
            Some(k) if k == m && self.is_entry(self.i) => self.block_seq(m, true),
            _ => {
                self.emit("", ScalarStyle::Plain, null_at, null_at);
                Ok(next)
            }
        }
    }

    /// A block sequence whose `-` entries stand at indent `s`. An indentless sequence (the
    /// value of a mapping key at the same indent) ends at the next line at `s` that is no entry.
    fn block_seq(&mut self, s: usize, indentless: bool) -> Step<Option<usize>> {
        self.enter()?;
        // saphyr starts an indentless sequence where the first entry's content starts, or at
        // the end of its line when the content is on the next line.
        let start = if indentless {
            let mark = self.entry_mark(self.i);
            self.pos(mark)
        } else {
            self.pos(self.i)
        };
        self.open(true, start)?;
        let next = loop {
            let v = self.entry_mark(self.i);
            let next = if self.is_break_or_end(v) {
                let null_at = self.pos(v);
                self.next_line();
                let next = self.skip_blank()?;
                match next {
                    Some(k) if k > s => self.block_node(Some(s), k)?,
                    _ => {
                        self.emit("", ScalarStyle::Plain, null_at, null_at);
                        next
                    }
                }
            } else if self.is_entry(v) {
                return Err(decline());
            } else {
                self.i = v;
                if self.key_colon(v)?.is_some() {
                    // A compact mapping: its keys line up with the first one.
                    self.block_map(v - self.ls)?
                } else {
                    self.inline_value(s)?
                }
            };
            match next {
                Some(k) if k == s && self.is_entry(self.i) => {}
                Some(k) if k == s && indentless => break next,
                Some(k) if k >= s => return Err(decline()),
                other => break other,
            }
        };
        self.close_block(next)
    }

    /// A value that starts at the cursor, after `key: `, `- ` or alone on its line, inside a
    /// collection at indent `parent`.
    fn inline_value(&mut self, parent: usize) -> Step<Option<usize>> {
        let j = self.i;
        match self.byte(j) {
            Some(b'|' | b'>') => self.block_scalar(parent),
            Some(b'[' | b'{') => {
                self.flow()?;
                self.line_done()
            }
            Some(q @ (b'"' | b'\'')) => {
                let (text, close) = self.quoted(j)?;
                let (start, end) = (self.pos(j), self.token_end(close));
                self.emit(&text, quote_style(q), start, end);
                self.i = close;
                self.line_done()
            }
            _ if self.plain_start(j) => self.plain(parent),
            _ => Err(decline()),
        }
    }

    /// After a node that ends mid-line: only spaces and a comment may follow. Moves on to the
    /// next content line.
    fn line_done(&mut self) -> Step<Option<usize>> {
        if !self.only_comment_after(self.i) {
            return Err(decline());
        }
        self.next_line();
        self.skip_blank()
    }

    /// A plain scalar in block context, continued on following lines indented past `parent`.
    fn plain(&mut self, parent: usize) -> Step<Option<usize>> {
        let s = self.i;
        let start = self.pos(s);
        let (first_end, stop) = self.scan_plain(s);
        if matches!(stop, Stop::Colon(_)) {
            return Err(decline());
        }
        let mut end = self.pos(first_end);
        let mut folded: Option<String> = None;
        self.next_line();
        if stop == Stop::Eol {
            let mut resume = (self.i, self.line, self.ls);
            let mut breaks = 0;
            loop {
                let f = self.skip_spaces(self.i);
                match self.byte(f) {
                    None => break,
                    Some(b'\n') => {
                        breaks += 1;
                        self.next_line();
                    }
                    Some(b'#') => break,
                    Some(_) if f - self.ls <= parent => break,
                    Some(_) => {
                        let (e, stop) = self.scan_plain(f);
                        if matches!(stop, Stop::Colon(_)) {
                            return Err(decline());
                        }
                        let text = self.text;
                        let buf = folded.get_or_insert_with(|| {
                            text.get(s..first_end).unwrap_or("").to_string()
                        });
                        if breaks == 0 {
                            buf.push(' ');
                        }
                        for _ in 0..breaks {
                            buf.push('\n');
                        }
                        buf.push_str(text.get(f..e).unwrap_or(""));
                        breaks = 0;
                        end = self.pos(e);
                        self.next_line();
                        resume = (self.i, self.line, self.ls);
                        if stop == Stop::Comment {
                            break;
                        }
                    }
                }
            }
            (self.i, self.line, self.ls) = resume;
        }
        match folded {
            Some(text) => self.emit(&text, ScalarStyle::Plain, start, end),
            None => {
                let text = self.text.get(s..first_end).unwrap_or("");
                self.tree.scalar(text, ScalarStyle::Plain, 0, start, end);
            }
        }
        self.skip_blank()
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at the cursor, inside a
    /// collection at indent `parent`.
    fn block_scalar(&mut self, parent: usize) -> Step<Option<usize>> {
        let literal = self.byte(self.i) == Some(b'|');
        let mut j = self.i + 1;
        let chomp = match self.byte(j) {
            Some(b'-') => Chomp::Strip,
            Some(b'+') => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if !matches!(chomp, Chomp::Clip) {
            j += 1;
        }
        if !self.only_comment_after(j) {
            return Err(decline());
        }
        self.next_line();
        // Empty lines before the first content line, whose indent sets the block's.
        let mut leading = 0;
        let mut leading_spaces = 0;
        let indent = loop {
            let f = self.skip_spaces(self.i);
            match self.byte(f) {
                Some(b'\n') => {
                    leading += 1;
                    leading_spaces = leading_spaces.max(f - self.ls);
                    self.next_line();
                }
                None => return Err(decline()),
                Some(_) => break f - self.ls,
            }
        };
        if indent <= parent || leading_spaces > indent {
            return Err(decline());
        }
        let start = self.pos(self.i + indent);
        let mut value = "\n".repeat(leading);
        let mut empties = 0;
        // The previous content line, if any: did it begin with a space past the indent?
        let mut previous: Option<bool> = None;
        let mut last_broken = false;
        let end = loop {
            if self.i >= self.b.len() {
                break self.pos(self.i);
            }
            let f = self.skip_spaces(self.i);
            let spaces = f - self.ls;
            match self.byte(f) {
                None | Some(b'\n') if spaces <= indent => {
                    if f >= self.b.len() {
                        return Err(decline());
                    }
                    empties += 1;
                    self.next_line();
                }
                Some(_) if spaces < indent => break self.pos(f),
                _ => {
                    // A content line; with more spaces than the indent it is "spaced", and
                    // folding keeps the line breaks around it.
                    let spaced = spaces > indent;
                    if let Some(previous_spaced) = previous {
                        let fold = !literal && !previous_spaced && !spaced;
                        if !fold {
                            value.push('\n');
                        } else if empties == 0 {
                            value.push(' ');
                        }
                        for _ in 0..empties {
                            value.push('\n');
                        }
                    }
                    let e = self.line_end(f);
                    value.push_str(self.text.get(self.ls + indent..e).unwrap_or(""));
                    previous = Some(spaced);
                    empties = 0;
                    last_broken = e < self.b.len();
                    self.next_line();
                }
            }
        };
        match chomp {
            Chomp::Strip => {}
            // saphyr clips to one line break even when the text ends without one.
            Chomp::Clip => value.push('\n'),
            Chomp::Keep if !last_broken => return Err(decline()),
            Chomp::Keep => {
                value.push('\n');
                for _ in 0..empties {
                    value.push('\n');
                }
            }
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        self.emit(&value, style, start, end);
        self.skip_blank()
    }

    /// A flow sequence or mapping of scalars that opens at the cursor and closes on this line.
    /// Leaves the cursor after the closing bracket.
    fn flow(&mut self) -> Step<()> {
        self.enter()?;
        let open_at = self.i;
        let is_seq = self.byte(open_at) == Some(b'[');
        let close = if is_seq { b']' } else { b'}' };
        let start = self.pos(open_at);
        self.open(is_seq, start)?;
        let mut j = self.skip_spaces(open_at + 1);
        if self.byte(j) != Some(close) {
            loop {
                j = self.flow_scalar(j, !is_seq)?;
                j = self.skip_spaces(j);
                if !is_seq {
                    if self.byte(j) != Some(b':') || self.byte(j + 1) != Some(b' ') {
                        return Err(decline());
                    }
                    j = self.flow_scalar(self.skip_spaces(j + 1), false)?;
                    j = self.skip_spaces(j);
                }
                match self.byte(j) {
                    Some(b',') => {
                        j = self.skip_spaces(j + 1);
                        if self.byte(j) == Some(close) {
                            return Err(decline());
                        }
                    }
                    Some(c) if c == close => break,
                    _ => return Err(decline()),
                }
            }
        }
        let end = self.token_end(j + 1);
        self.tree.close(end);
        self.i = j + 1;
        self.depth -= 1;
        Ok(())
    }

    /// A scalar inside a one-line flow collection, starting at `j`: emitted; returns the
    /// offset after it. A plain `key` stops at its `:`.
    fn flow_scalar(&mut self, j: usize, key: bool) -> Step<usize> {
        match self.byte(j) {
            Some(q @ (b'"' | b'\'')) => {
                let (text, close) = self.quoted(j)?;
                let (start, end) = (self.pos(j), self.token_end(close));
                self.emit(&text, quote_style(q), start, end);
                Ok(close)
            }
            Some(b'-') if is_flow_indicator(self.byte(j + 1)) => Err(decline()),
            _ if self.plain_start(j) => self.flow_plain(j, key),
            _ => Err(decline()),
        }
    }

    fn flow_plain(&mut self, j: usize, key: bool) -> Step<usize> {
        let mut k = j;
        loop {
            match self.byte(k) {
                Some(b',' | b']' | b'}') => break,
                Some(b':') if key => break,
                None | Some(b'\n' | b'[' | b'{' | b':') => return Err(decline()),
                Some(b'#') if self.byte(k.saturating_sub(1)) == Some(b' ') => return Err(decline()),
                // saphyr rejects `-` before a flow indicator anywhere in a flow plain scalar.
                Some(b'-') if is_flow_indicator(self.byte(k + 1)) => return Err(decline()),
                Some(_) => k += 1,
            }
        }
        let end = self.trim_end(j, k);
        self.emit_slice(j, end, ScalarStyle::Plain);
        Ok(k)
    }

    /// saphyr ends the span of a quoted scalar or a closing bracket after the spaces (and a
    /// comment) that follow it.
    fn token_end(&self, close: usize) -> Pos {
        self.pos(self.past_spaces_and_comment(close))
    }

    /// A quoted scalar that opens at `j` and closes on the same line: its value and the offset
    /// after the closing quote.
    fn quoted(&self, j: usize) -> Step<(Cow<'a, str>, usize)> {
        let text: &'a str = self.text;
        let e = self.line_end(j);
        let body = j + 1;
        let line = |from: usize| self.b.get(from..e).unwrap_or_default();
        if self.byte(j) == Some(b'\'') {
            let mut owned: Option<String> = None;
            let mut seg = body;
            loop {
                let at = seg + memchr::memchr(b'\'', line(seg)).ok_or_else(decline)?;
                if self.byte(at + 1) == Some(b'\'') {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(text.get(seg..=at).unwrap_or(""));
                    seg = at + 2;
                    continue;
                }
                return Ok((quoted_value(text, owned, body, seg, at), at + 1));
            }
        }
        let mut owned: Option<String> = None;
        let mut seg = body;
        loop {
            let at = seg + memchr::memchr2(b'"', b'\\', line(seg)).ok_or_else(decline)?;
            if self.byte(at) == Some(b'"') {
                return Ok((quoted_value(text, owned, body, seg, at), at + 1));
            }
            let unescaped = match self.byte(at + 1) {
                Some(b'\\') => '\\',
                Some(b'"') => '"',
                Some(b'/') => '/',
                Some(b' ') => ' ',
                Some(b'n') => '\n',
                Some(b't') => '\t',
                Some(b'r') => '\r',
                Some(b'0') => '\0',
                Some(b'a') => '\u{7}',
                Some(b'b') => '\u{8}',
                Some(b'e') => '\u{1b}',
                Some(b'f') => '\u{c}',
                Some(b'v') => '\u{b}',
                Some(b'N') => '\u{85}',
                Some(b'_') => '\u{a0}',
                Some(b'L') => '\u{2028}',
                Some(b'P') => '\u{2029}',
                Some(c @ (b'x' | b'u' | b'U')) => {
                    let digits = match c {
                        b'x' => 2,
                        b'u' => 4,
                        _ => 8,
                    };
                    let hex = text.get(at + 2..at + 2 + digits).ok_or_else(decline)?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(decline());
                    }
                    let code = u32::from_str_radix(hex, 16).map_err(|_| decline())?;
                    let c = char::from_u32(code).ok_or_else(decline)?;
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(text.get(seg..at).unwrap_or(""));
                    s.push(c);
                    seg = at + 2 + digits;
                    continue;
                }
                _ => return Err(decline()),
            };
            let s = owned.get_or_insert_with(String::new);
            s.push_str(text.get(seg..at).unwrap_or(""));
            s.push(unescaped);
            seg = at + 2;
        }
    }
}

/// The value of a quoted scalar whose body starts at `body` and whose closing quote is at `at`:
/// the text as written, or the unescaped text so far plus the rest from `seg`.
fn quoted_value(
    text: &str,
    owned: Option<String>,
    body: usize,
    seg: usize,
    at: usize,
) -> Cow<'_, str> {
    match owned {
        Some(mut s) => {
            s.push_str(text.get(seg..at).unwrap_or(""));
            Cow::Owned(s)
        }
        None => Cow::Borrowed(text.get(body..at).unwrap_or("")),
    }
}

fn quote_style(q: u8) -> ScalarStyle {
    if q == b'\'' {
        ScalarStyle::SingleQuoted
    } else {
        ScalarStyle::DoubleQuoted
    }
}

fn is_flow_indicator(c: Option<u8>) -> bool {
    matches!(c, Some(b',' | b'[' | b']' | b'{' | b'}'))
}
