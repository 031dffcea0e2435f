//! Build the node tree from parser events with an explicit stack (no recursion, so deep input
//! cannot overflow the call stack).

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use super::node::{DuplicateKey, Entry, Node, Value};
use super::{comments, Document, YamlError};
use crate::source::{Pos, SourceFile, Span};

/// Deepest nesting of sequences/mappings accepted.
pub const MAX_DEPTH: usize = 256;
/// Most nodes one document may hold after alias expansion (alias-bomb guard).
pub const MAX_NODES: usize = 1_000_000;

/// An open collection. Its finished children wait in the loader's shared `children` stack
/// from index `first_child` on, and move into an exactly sized `Vec` when it closes.
enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        first_child: usize,
    },
    /// Children alternate key, value.
    Map {
        start: Pos,
        anchor: usize,
        first_child: usize,
    },
}

/// Converts parser markers (character index, 1-based line, 0-based char column) to positions.
struct Positions<'a> {
    file: &'a SourceFile,
    ascii: bool,
}

impl Positions<'_> {
    fn pos(&self, m: &Marker) -> Pos {
        let line = m.line().max(1) as u32;
        if self.ascii {
            let offset = m.index().min(self.file.text.len());
            Pos {
                offset,
                line,
                col: m.col() as u32 + 1,
            }
        } else {
            self.file.pos_at_line_char(line, m.col())
        }
    }
}

/// Load a file's first YAML document.
///
/// saphyr rejects flow collections whose continuation lines (often the closing `]`) are not
/// indented past the enclosing block, which libyaml and GitHub accept. On that error the file
/// is retried with such lines indented by one space, and positions are mapped back.
pub fn load(file: &SourceFile) -> Result<Document, YamlError> {
    match load_exact(file) {
        Err(e) if e.message.contains("indentation") => {
            let Some((text, shifted)) = indent_flow_continuations(&file.text) else {
                return Err(e);
            };
            let copy = SourceFile::new(&file.path, &file.rel, file.abs.clone(), text);
            match load_exact(&copy) {
                Ok(mut doc) => {
                    remap_document(&mut doc, &shifted);
                    Ok(doc)
                }
                Err(_) => Err(e),
            }
        }
        other => other,
    }
}

/// Lines (1-based) that begin inside an open flow collection, and the text with each of them
/// indented by one more space. None when there are no such lines.
fn indent_flow_continuations(text: &str) -> Option<(String, Vec<u32>)> {
    let mut depth: i64 = 0;
    let mut shifted = Vec::new();
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if depth > 0 {
            shifted.push(i as u32 + 1);
            out.push(' ');
        }
        out.push_str(line);
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for c in line.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if prev.is_whitespace() => break,
                    '\'' | '"' => quote = Some(c),
                    '[' | '{' => depth += 1,
                    ']' | '}' => depth = (depth - 1).max(0),
                    _ => {}
                },
            }
            prev = c;
        }
    }
    (!shifted.is_empty()).then_some((out, shifted))
}

fn remap_pos(p: &mut Pos, shifted: &[u32]) {
    let before = shifted.partition_point(|l| *l < p.line);
    let on_line = shifted.binary_search(&p.line).is_ok() && p.col > 1;
    p.offset = p.offset.saturating_sub(before + usize::from(on_line));
    if on_line {
        p.col -= 1;
    }
}

fn remap_span(s: &mut Span, shifted: &[u32]) {
    remap_pos(&mut s.start, shifted);
    remap_pos(&mut s.end, shifted);
}

fn remap_node(root: &mut Node, shifted: &[u32]) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        remap_span(&mut n.span, shifted);
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for e in entries.iter_mut() {
                    stack.push(&mut e.key);
                    stack.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
}

fn remap_document(doc: &mut Document, shifted: &[u32]) {
    if let Some(root) = doc.root.as_mut() {
        remap_node(root, shifted);
    }
    for d in &mut doc.duplicate_keys {
        remap_span(&mut d.first, shifted);
        remap_span(&mut d.duplicate, shifted);
    }
    for c in &mut doc.comments {
        let mut p = Pos {
            offset: c.offset,
            line: c.line,
            col: c.col,
        };
        remap_pos(&mut p, shifted);
        c.offset = p.offset;
        c.col = p.col;
    }
}

fn load_exact(file: &SourceFile) -> Result<Document, YamlError> {
    if let Some(doc) = super::fast::load(file) {
        if cross_check_enabled() {
            if let Some(why) = compare_with_saphyr(file, &doc) {
                // The reference parser's reading is the one to trust.
                eprintln!(
                    "warning: {}: {why}; using saphyr-parser's reading",
                    file.path
                );
                return load_with_saphyr(file);
            }
        }
        return Ok(doc);
    }
    load_with_saphyr(file)
}

/// Environment switch: `DRIFTLINT_YAML_CROSSCHECK=1` parses every file the fast reader took
/// with saphyr-parser too, warns on stderr when the two disagree and uses saphyr's document.
pub const CROSS_CHECK_ENV: &str = "DRIFTLINT_YAML_CROSSCHECK";

fn cross_check_enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(CROSS_CHECK_ENV).is_some_and(|v| v != "0" && !v.is_empty()))
}

/// Why the fast reader's `doc` is not what saphyr-parser reads from `file` (None: they agree).
fn compare_with_saphyr(file: &SourceFile, doc: &Document) -> Option<String> {
    match load_with_saphyr(file) {
        Ok(reference) if &reference == doc => None,
        Ok(_) => Some("the fast YAML reader and saphyr-parser read different documents".into()),
        Err(e) => Some(format!(
            "the fast YAML reader accepted what saphyr-parser rejects ({})",
            e.message
        )),
    }
}

/// Differential check for tests and fuzzing: when the fast reader accepts `text`, its
/// document must equal saphyr-parser's. Returns the disagreement, if any (None also when the
/// fast reader declines the text).
pub fn cross_check(text: &str) -> Option<String> {
    let file = SourceFile::from_text("input.yml", text);
    let doc = super::fast::load(&file)?;
    compare_with_saphyr(&file, &doc)
}

/// Load with saphyr-parser: the reference parser, used for every file the fast path declines.
pub(super) fn load_with_saphyr(file: &SourceFile) -> Result<Document, YamlError> {
    let positions = Positions {
        file,
        ascii: file.text.is_ascii(),
    };
    let mut parser = Parser::new_from_str(&file.text);
    let mut tree = TreeBuilder::default();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let p = positions.pos(e.marker());
            YamlError {
                message: format!("YAML syntax error: {}", e.info()),
                span: Span::new(p, p),
            }
        })?;
        let start = positions.pos(&span.start);
        let end = positions.pos(&span.end);
        match event {
            Event::DocumentStart(_) => tree.document_start(),
            Event::DocumentEnd => tree.document_end(),
            Event::Scalar(text, style, anchor, _tag) => {
                tree.scalar(text.as_ref(), style, anchor, start, end);
            }
            Event::Alias(id) => tree.alias(id, start, end)?,
            Event::SequenceStart(anchor, _) => tree.open(true, anchor, start)?,
            Event::MappingStart(anchor, _) => tree.open(false, anchor, start)?,
            Event::SequenceEnd | Event::MappingEnd => tree.close(end),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    Ok(tree.finish(file))
}

/// Builds the node tree from parse events, whichever parser produced them. Only the first
/// document is kept; later ones are counted.
#[derive(Default)]
pub(super) struct TreeBuilder {
    doc: Document,
    stack: Vec<Frame>,
    children: Vec<Node>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    in_first_doc: bool,
    /// Lines whose `#` belongs to a scalar, not to YAML (inclusive ranges).
    multiline_scalars: Vec<(u32, u32)>,
}

impl TreeBuilder {
    pub(super) fn document_start(&mut self) {
        self.doc.documents += 1;
        self.in_first_doc = self.doc.documents == 1;
    }

    pub(super) fn document_end(&mut self) {
        self.in_first_doc = false;
    }

    pub(super) fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        start: Pos,
        end: Pos,
    ) {
        if !self.in_first_doc {
            return;
        }
        let value =
            if style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL") {
                Value::Null
            } else {
                Value::Scalar {
                    text: compact_str::CompactString::from(text),
                    style,
                }
            };
        let last = if end.col == 1 { end.line - 1 } else { end.line };
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded if last >= start.line => {
                self.multiline_scalars.push((start.line, last))
            }
            _ if last > start.line => self.multiline_scalars.push((start.line + 1, last)),
            _ => {}
        }
        self.nodes += 1;
        self.complete(
            Node {
                value,
                span: Span::new(start, end),
            },
            anchor,
        );
    }

    pub(super) fn alias(&mut self, id: usize, start: Pos, end: Pos) -> Result<(), YamlError> {
        if !self.in_first_doc {
            return Ok(());
        }
        let Some(target) = self.anchors.get(&id) else {
            let open = self.stack.iter().any(|f| match f {
                Frame::Seq { anchor, .. } | Frame::Map { anchor, .. } => *anchor == id,
            });
            return Err(YamlError {
                message: if open {
                    "recursive alias: it refers to the node that contains it".into()
                } else {
                    "alias to an unknown anchor".into()
                },
                span: Span::new(start, end),
            });
        };
        self.nodes = self.nodes.saturating_add(target.count());
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                message: format!("aliases expand to more than {MAX_NODES} nodes (alias bomb?)"),
                span: Span::new(start, end),
            });
        }
        let mut copy = target.clone();
        copy.span = Span::new(start, end);
        self.complete(copy, 0);
        Ok(())
    }

    /// Open a sequence (`is_seq`) or mapping starting at `start`.
    pub(super) fn open(
        &mut self,
        is_seq: bool,
        anchor: usize,
        start: Pos,
    ) -> Result<(), YamlError> {
        if !self.in_first_doc {
            return Ok(());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                span: Span::new(start, start),
            });
        }
        self.nodes += 1;
        let first_child = self.children.len();
        self.stack.push(if is_seq {
            Frame::Seq {
                start,
                anchor,
                first_child,
            }
        } else {
            Frame::Map {
                start,
                anchor,
                first_child,
            }
        });
        Ok(())
    }

    /// Close the innermost collection; `end` is where its end marker ends, the span's end
    /// when it has no children.
    pub(super) fn close(&mut self, end: Pos) {
        if !self.in_first_doc {
            return;
        }
        let children = &mut self.children;
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq {
                start,
                anchor,
                first_child,
            }) => {
                let items: Vec<Node> = children.drain(first_child.min(children.len())..).collect();
                let end = items.last().map_or(end, |n| n.span.end);
                let node = Node {
                    value: Value::Seq(items),
                    span: Span::new(start, end),
                };
                (node, anchor)
            }
            Some(Frame::Map {
                start,
                anchor,
                first_child,
            }) => {
                let entries = pair_up(children.drain(first_child.min(children.len())..));
                record_duplicates(&entries, &mut self.doc.duplicate_keys);
                let end = entries.last().map_or(end, |e| e.value.span.end);
                let node = Node {
                    value: Value::Map(entries),
                    span: Span::new(start, end),
                };
                (node, anchor)
            }
            None => return,
        };
        self.complete(node, anchor);
    }

    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        if self.stack.is_empty() {
            if self.doc.root.is_none() {
                self.doc.root = Some(node);
            }
        } else {
            self.children.push(node);
        }
    }

    pub(super) fn finish(mut self, file: &SourceFile) -> Document {
        self.doc.comments = comments::scan_comments(file, &self.multiline_scalars);
        self.doc
    }
}

/// Load YAML from a string (tests, config, rule data).
pub fn load_str(name: &str, text: &str) -> Result<Document, YamlError> {
    load(&SourceFile::from_text(name, text))
}

/// Mapping entries from children that alternate key, value. A key left without a value (not
/// produced by the parser) is dropped.
fn pair_up(mut children: impl ExactSizeIterator<Item = Node>) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(children.len() / 2);
    while let (Some(key), Some(value)) = (children.next(), children.next()) {
        entries.push(Entry { key, value });
    }
    entries
}

/// Mappings up to this size are checked pairwise: cheaper than hashing the keys.
const SMALL_MAP: usize = 16;

fn record_duplicates(entries: &[Entry], out: &mut Vec<DuplicateKey>) {
    if entries.len() <= SMALL_MAP {
        for (i, e) in entries.iter().enumerate() {
            let Some(k) = e.key.scalar_text() else {
                continue;
            };
            let earlier = entries.get(..i).unwrap_or_default();
            if let Some(first) = earlier.iter().find(|f| f.key.scalar_text() == Some(k)) {
                out.push(DuplicateKey {
                    key: k.to_string(),
                    first: first.key.span,
                    duplicate: e.key.span,
                });
            }
        }
        return;
    }
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for e in entries {
        let Some(k) = e.key.scalar_text() else {
            continue;
        };
        match seen.get(k) {
            Some(first) => out.push(DuplicateKey {
                key: k.to_string(),
                first: *first,
                duplicate: e.key.span,
            }),
            None => {
                seen.insert(k, e.key.span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_offsets_match_line_and_column() {
        // Multi-byte characters before, inside and after nodes, on several lines, with a
        // flow collection whose end markers come after its items'.
        let text = "name: été\n# über →\non: {push: {tags: ['vé*', x]}}\njobs:\n  à:\n    runs-on: 😀 ok\n    steps:\n      - run: |\n          echo é\n";
        let file = SourceFile::from_text("w.yml", text);
        let doc = load(&file).unwrap();
        let mut stack = vec![doc.root.as_ref().unwrap()];
        let mut seen = 0;
        while let Some(n) = stack.pop() {
            for p in [n.span.start, n.span.end] {
                let expected = file.pos_at_line_char(p.line, p.col as usize - 1);
                assert_eq!(p.offset, expected.offset, "at {}:{}", p.line, p.col);
                seen += 1;
            }
            match &n.value {
                Value::Seq(items) => stack.extend(items),
                Value::Map(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
                _ => {}
            }
        }
        assert_eq!(seen, 2 * 22);
    }

    #[test]
    fn spans_are_one_based_lines_and_char_columns() {
        let doc = load_str("w.yml", "name: é\non:\n  push:\n    tags: ['v*']\n").unwrap();
        let root = doc.root.unwrap();
        let tags = root
            .get("on")
            .unwrap()
            .get("push")
            .unwrap()
            .get("tags")
            .unwrap();
        let items = tags.string_list();
        assert_eq!(items[0].0, "v*");
        assert_eq!((items[0].1.start.line, items[0].1.start.col), (4, 12));
        let name = root.entry("name").unwrap();
        assert_eq!(name.value.as_str(), Some("é"));
        assert_eq!((name.value.span.start.col, name.value.span.end.col), (7, 8));
    }

    #[test]
    fn duplicate_keys_are_kept_and_listed() {
        let doc = load_str("w.yml", "jobs:\n  a:\n    runs-on: x\n    runs-on: y\n").unwrap();
        assert_eq!(doc.duplicate_keys.len(), 1);
        let d = &doc.duplicate_keys[0];
        assert_eq!(
            (d.key.as_str(), d.first.start.line, d.duplicate.start.line),
            ("runs-on", 3, 4)
        );
        let job = doc
            .root
            .unwrap()
            .get("jobs")
            .unwrap()
            .get("a")
            .unwrap()
            .clone();
        assert_eq!(job.as_map().unwrap().len(), 2);
    }

    #[test]
    fn duplicate_keys_in_small_and_large_mappings() {
        // The same keys, repeated, in a mapping checked pairwise and in one checked by hashing.
        for filler in [0, 30] {
            let mut text = String::from("a: 1\nb: 2\na: 3\n");
            for i in 0..filler {
                text.push_str(&format!("k{i}: x\n"));
            }
            text.push_str("b: 4\na: 5\n");
            let doc = load_str("w.yml", &text).unwrap();
            let got: Vec<(&str, u32, u32)> = doc
                .duplicate_keys
                .iter()
                .map(|d| (d.key.as_str(), d.first.start.line, d.duplicate.start.line))
                .collect();
            let last = 4 + filler;
            assert_eq!(
                got,
                vec![("a", 1, 3), ("b", 2, last), ("a", 1, last + 1)],
                "filler {filler}"
            );
        }
    }

    #[test]
    fn syntax_error_names_the_line() {
        let err = load_str("w.yml", "on:\n  push:\n    branches: [main\njobs: {}\n").unwrap_err();
        assert!(
            err.message.starts_with("YAML syntax error"),
            "{}",
            err.message
        );
        assert!(err.line() >= 3, "line {}", err.line());
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = n;
        }
        let err = load_str("bomb.yml", &text).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let err = load_str("deep.yml", &text).unwrap_err();
        assert!(
            err.message.contains("nesting") || err.message.contains("syntax"),
            "{}",
            err.message
        );
        let block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let err = load_str("deep2.yml", &block).unwrap_err();
        assert!(err.message.contains("nesting"), "{}", err.message);
    }

    #[test]
    fn flow_sequence_closed_at_block_indent_loads_with_original_positions() {
        let text = "m:\n  k: [\n    \"a\",\n    \"b\"\n  ]\n  x: 1\n";
        let doc = load_str("f.yml", text).unwrap();
        let m = doc.root.unwrap().get("m").unwrap().clone();
        let items = m.get("k").unwrap().string_list();
        assert_eq!(items.len(), 2);
        assert_eq!((items[1].1.start.line, items[1].1.start.col), (4, 5));
        assert_eq!(
            &text[items[1].1.start.offset..items[1].1.start.offset + 3],
            "\"b\""
        );
        let x = m.entry("x").unwrap();
        assert_eq!(
            &text[x.key.span.start.offset..x.key.span.start.offset + 1],
            "x"
        );
    }

    #[test]
    fn empty_file_and_crlf() {
        let doc = load_str("e.yml", "").unwrap();
        assert!(doc.root.is_none());
        let doc = load_str("c.yml", "a: 1\r\nb: 2\r\n").unwrap();
        let b = doc.root.unwrap().entry("b").unwrap().clone();
        assert_eq!((b.key.span.start.line, b.value.as_str()), (2, Some("2")));
    }
}
