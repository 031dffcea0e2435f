//! One pass over the markdown events, grouping them into the blocks claims are read from:
//! text blocks (paragraph, list item, heading, table cell) with a map back to source offsets,
//! code blocks as lines, tables as rows of cells, link targets, and HTML comments.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextRole {
    Paragraph,
    ListItem,
    Heading,
    TableCell,
}

/// A run of rendered text that came from one source range.
#[derive(Debug, Clone, Copy)]
struct Piece {
    rendered: usize,
    source: usize,
    source_end: usize,
}

/// Rendered text of one block. Line breaks inside the block are `\n`; inline code keeps its
/// backticks so patterns can see what was code.
#[derive(Debug, Clone)]
pub(crate) struct TextBlock {
    pub role: TextRole,
    pub text: String,
    pieces: Vec<Piece>,
    /// Rendered ranges of inline code contents (without the backticks).
    pub code_spans: Vec<Range<usize>>,
    /// Rendered offsets of hard line breaks (always sentence boundaries).
    pub hard_breaks: Vec<usize>,
    /// Index (into `Blocks::texts`) of the heading this block sits under.
    pub section: Option<usize>,
    /// For a table body cell: the whole row's text, cells joined with " | ".
    pub row_text: Option<String>,
    /// For a block inside a nested list item: index (into `Blocks::texts`) of the first block
    /// of the list item it is nested in ("1. **Publish** (`publish.yml`)" above "- Trigger: …").
    pub parent_item: Option<usize>,
}

impl TextBlock {
    /// The inline code spans of the block lying within `range` of its text, trimmed,
    /// empty ones left out.
    pub fn inline_code_within(&self, range: &Range<usize>) -> Vec<String> {
        self.code_spans_within(range)
            .iter()
            .filter_map(|s| self.text.get(s.clone()))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The inline code spans lying within `range` of the block's text. Spans are pushed in
    /// text order and do not overlap, so this is a binary search, not a scan of the block
    /// (a paragraph of thousands of sentences asks once per sentence).
    pub fn code_spans_within(&self, range: &Range<usize>) -> &[Range<usize>] {
        let from = self.code_spans.partition_point(|s| s.start < range.start);
        let to = from + self.code_spans[from..].partition_point(|s| s.end <= range.end);
        &self.code_spans[from..to]
    }

    fn new(role: TextRole, section: Option<usize>) -> Self {
        // Sized for a typical paragraph, so most blocks are not grown piece by piece.
        TextBlock {
            role,
            text: String::with_capacity(128),
            pieces: Vec::with_capacity(8),
            code_spans: Vec::new(),
            hard_breaks: Vec::new(),
            section,
            row_text: None,
            parent_item: None,
        }
    }

    fn push(&mut self, rendered: &str, source: &Range<usize>) {
        self.pieces.push(Piece {
            rendered: self.text.len(),
            source: source.start,
            source_end: source.end.max(source.start),
        });
        self.text.push_str(rendered);
    }

    /// Source byte offset of a rendered offset (inside a piece: same distance from its
    /// start, clamped to the piece's source range).
    pub fn source_offset(&self, rendered: usize) -> usize {
        let idx = self.pieces.partition_point(|p| p.rendered <= rendered);
        match idx.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) => (p.source + (rendered - p.rendered)).min(p.source_end),
            None => self.pieces.first().map_or(0, |p| p.source),
        }
    }

    /// Source range the block covers.
    pub fn source_range(&self) -> Range<usize> {
        let start = self.pieces.first().map_or(0, |p| p.source);
        let end = self
            .pieces
            .iter()
            .map(|p| p.source_end)
            .max()
            .unwrap_or(start);
        start..end
    }
}

/// One line of a code block, with the source offset of its first byte.
#[derive(Debug, Clone)]
pub(crate) struct CodeLine {
    pub offset: usize,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct CodeBlock {
    /// First word of the fence info string, lowercase ("" for indented blocks).
    pub lang: String,
    pub lines: Vec<CodeLine>,
    /// The line being assembled from text events.
    open_line: Option<CodeLine>,
}

#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    /// Indices into `Blocks::texts`, one per cell.
    pub cells: Vec<usize>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub head: Vec<usize>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub dest: String,
    pub range: Range<usize>,
}

/// Raw HTML (block or inline) with the source offset where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Html {
    pub offset: usize,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Blocks {
    pub texts: Vec<TextBlock>,
    pub codes: Vec<CodeBlock>,
    pub tables: Vec<Table>,
    pub links: Vec<Link>,
    pub html: Vec<Html>,
}

#[derive(Default)]
struct Walker<'a> {
    src: &'a str,
    out: Blocks,
    current: Option<TextBlock>,
    code: Option<CodeBlock>,
    table: Option<Table>,
    row: Option<TableRow>,
    in_head: bool,
    in_cell: bool,
    heading: bool,
    item_depth: usize,
    /// Per open list item, the index of its first text block once it has one.
    item_heads: Vec<Option<usize>>,
    metadata: bool,
    html_block: Option<Html>,
    section: Option<usize>,
}

impl Walker<'_> {
    fn role(&self) -> TextRole {
        if self.in_cell {
            TextRole::TableCell
        } else if self.heading {
            TextRole::Heading
        } else if self.item_depth > 0 {
            TextRole::ListItem
        } else {
            TextRole::Paragraph
        }
    }

    fn text_block(&mut self) -> &mut TextBlock {
        let role = self.role();
        let section = self.section;
        let parent_item = if role == TextRole::ListItem {
            self.item_heads
                .len()
                .checked_sub(2)
                .and_then(|i| self.item_heads.get(i).copied().flatten())
        } else {
            None
        };
        self.current.get_or_insert_with(|| {
            let mut block = TextBlock::new(role, section);
            block.parent_item = parent_item;
            block
        })
    }

    /// Close the current text block; returns its index if it had text.
    fn flush(&mut self) -> Option<usize> {
        let block = self.current.take()?;
        if block.text.trim().is_empty() {
            return None;
        }
        let list_item = block.role == TextRole::ListItem;
        self.out.texts.push(block);
        let idx = self.out.texts.len() - 1;
        if list_item {
            if let Some(head) = self.item_heads.last_mut() {
                if head.is_none() {
                    *head = Some(idx);
                }
            }
        }
        Some(idx)
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            // An image's source is a link target too (a status badge names its workflow).
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => self.out.links.push(Link {
                dest: dest_url.into_string(),
                range,
            }),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            Tag::CodeBlock(kind) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    lang,
                    lines: Vec::new(),
                    open_line: None,
                });
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(Html {
                    offset: range.start,
                    text: String::new(),
                });
            }
            Tag::MetadataBlock(_) => self.metadata = true,
            Tag::Heading { .. } => {
                self.flush();
                self.heading = true;
            }
            Tag::Item => {
                self.flush();
                self.item_depth += 1;
                self.item_heads.push(None);
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some(Table::default());
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow => {
                self.row = Some(TableRow {
                    cells: Vec::new(),
                    range,
                })
            }
            Tag::TableCell => {
                self.flush();
                self.in_cell = true;
            }
            _ => {
                self.flush();
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Link
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Image => {}
            TagEnd::CodeBlock => {
                if let Some(mut code) = self.code.take() {
                    code.close_line();
                    self.out.codes.push(code);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html_block.take() {
                    self.out.html.push(html);
                }
            }
            TagEnd::MetadataBlock(_) => self.metadata = false,
            TagEnd::Heading(_) => {
                if let Some(idx) = self.flush() {
                    self.section = Some(idx);
                }
                self.heading = false;
            }
            TagEnd::Item => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
                self.item_heads.pop();
            }
            TagEnd::TableCell => {
                let idx = self.current.take().map(|block| {
                    self.out.texts.push(block);
                    self.out.texts.len() - 1
                });
                self.in_cell = false;
                // Empty cells still take a column.
                let idx = idx.unwrap_or_else(|| {
                    self.out
                        .texts
                        .push(TextBlock::new(TextRole::TableCell, self.section));
                    self.out.texts.len() - 1
                });
                if self.in_head {
                    if let Some(table) = self.table.as_mut() {
                        table.head.push(idx);
                    }
                } else if let Some(row) = self.row.as_mut() {
                    row.cells.push(idx);
                }
            }
            TagEnd::TableHead => self.in_head = false,
            TagEnd::TableRow => {
                if let Some(row) = self.row.take() {
                    let texts = &mut self.out.texts;
                    let joined = row
                        .cells
                        .iter()
                        .filter_map(|&i| texts.get(i).map(|t| t.text.as_str()))
                        .collect::<Vec<_>>()
                        .join(" | ");
                    for &i in &row.cells {
                        if let Some(cell) = texts.get_mut(i) {
                            cell.row_text = Some(joined.clone());
                        }
                    }
                    if let Some(table) = self.table.as_mut() {
                        table.rows.push(row);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.out.tables.push(table);
                }
            }
            _ => {
                self.flush();
            }
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        // Front matter is not prose.
        if self.metadata && matches!(event, Event::Text(_)) {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(code) = self.code.as_mut() {
                    push_code_text(code, &text, range.start);
                } else {
                    self.text_block().push(&text, &range);
                }
            }
            Event::Code(code) => {
                // The content starts after the opening backticks in the source.
                let ticks = self
                    .src
                    .get(range.clone())
                    .map_or(0, |s| s.len() - s.trim_start_matches('`').len());
                let block = self.text_block();
                block.push("`", &(range.start..range.start));
                let start = block.text.len();
                block.push(
                    &code,
                    &(range.start + ticks..range.end.saturating_sub(ticks)),
                );
                block.code_spans.push(start..block.text.len());
                block.push("`", &(range.end..range.end));
            }
            Event::SoftBreak => self.text_block().push("\n", &range),
            Event::HardBreak => {
                let block = self.text_block();
                block.hard_breaks.push(block.text.len());
                block.push("\n", &range);
            }
            Event::Html(html) => match self.html_block.as_mut() {
                Some(block) => block.text.push_str(&html),
                None => self.out.html.push(Html {
                    offset: range.start,
                    text: html.into_string(),
                }),
            },
            Event::InlineHtml(html) => {
                // `<br>` in a table cell or paragraph is a line break of the text.
                if is_line_break_tag(&html) {
                    let block = self.text_block();
                    block.hard_breaks.push(block.text.len());
                    block.push("\n", &range);
                }
                self.out.html.push(Html {
                    offset: range.start,
                    text: html.into_string(),
                })
            }
            Event::Rule => {
                self.flush();
            }
            _ => {}
        }
    }
}

/// `<br>`, `<br/>`, `<br />` in any case.
fn is_line_break_tag(html: &str) -> bool {
    let inner = html.trim().to_ascii_lowercase();
    let inner = inner
        .strip_prefix("<br")
        .map(|rest| rest.trim_end_matches('>').trim_end_matches('/').trim());
    inner == Some("")
}

/// Append code text; pulldown-cmark may split a line over several events (CRLF input gives
/// "x\r" then "\n"), so a line is only closed at its `\n`.
fn push_code_text(code: &mut CodeBlock, text: &str, offset: usize) {
    let mut pos = 0;
    for segment in text.split_inclusive('\n') {
        let open = code.open_line.get_or_insert_with(|| CodeLine {
            offset: offset + pos,
            text: String::new(),
        });
        open.text.push_str(segment);
        if segment.ends_with('\n') {
            code.close_line();
        }
        pos += segment.len();
    }
}

impl CodeBlock {
    fn close_line(&mut self) {
        if let Some(mut line) = self.open_line.take() {
            let kept = line.text.trim_end_matches(['\n', '\r']).len();
            line.text.truncate(kept);
            self.lines.push(line);
        }
    }
}

/// Where front matter (`---` on the first line, closed by `---` or `...`) ends, if the
/// document opens with it.
fn front_matter_end(text: &str) -> Option<usize> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - body.len();
    let mut lines = body.split_inclusive('\n');
    let mut at = skipped + lines.next().filter(|l| l.trim_end() == "---")?.len();
    let mut first = true;
    for line in lines {
        at += line.len();
        let t = line.trim_end();
        if first && t.is_empty() {
            return None;
        }
        first = false;
        if t == "---" || t == "..." {
            return Some(at);
        }
    }
    None
}

/// `text` with its first `end` bytes blanked (line breaks kept): offsets stay those of `text`.
fn blanked(text: &str, end: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.get(..end).unwrap_or("").chars() {
        match c {
            '\n' | '\r' => out.push(c),
            _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    out.push_str(text.get(end..).unwrap_or(""));
    out
}

pub(crate) fn walk(text: &str) -> Blocks {
    // pulldown-cmark reads any `---` … `---` pair as a metadata block, so two rules around a
    // section would hide it: only front matter at the very start is metadata, blanked here.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let without_front_matter = front_matter_end(text).map(|end| blanked(text, end));
    let parsed = without_front_matter.as_deref().unwrap_or(text);
    let mut walker = Walker {
        src: text,
        ..Walker::default()
    };
    for (event, range) in Parser::new_ext(parsed, options).into_offset_iter() {
        walker.event(event, range);
    }
    walker.flush();
    if let Some(mut code) = walker.code.take() {
        code.close_line();
        walker.out.codes.push(code);
    }
    walker.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_within_a_range_match_a_scan() {
        let b = walk("Push `a` then `bb`. Merge `c` to `main`. Tag `v1`.\n");
        let para = &b.texts[0];
        let words = |r: &Range<usize>| -> Vec<&str> {
            para.code_spans_within(r)
                .iter()
                .filter_map(|s| para.text.get(s.clone()))
                .collect()
        };
        assert_eq!(para.code_spans.len(), 5);
        let len = para.text.len();
        // Every range of the text gives the spans a plain scan keeps.
        for start in 0..=len {
            for end in start..=len {
                let r = start..end;
                let scanned: Vec<&str> = para
                    .code_spans
                    .iter()
                    .filter(|s| s.start >= r.start && s.end <= r.end)
                    .filter_map(|s| para.text.get(s.clone()))
                    .collect();
                assert_eq!(words(&r), scanned, "range {r:?}");
            }
        }
        assert_eq!(words(&(0..len)), vec!["a", "bb", "c", "main", "v1"]);
    }

    #[test]
    fn rules_around_a_section_are_no_front_matter() {
        let md = "Intro\n\n---\nSection one runs `a.yml`.\n\n---\n## Next\n";
        let texts: Vec<String> = walk(md).texts.into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["Intro", "Section one runs `a.yml`.", "Next"]);
        let md = "---\ntitle: Ops\n---\n# Head\n\nBody é.\n";
        let b = walk(md);
        let texts: Vec<&str> = b.texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Head", "Body é."]);
        assert_eq!(b.texts[1].source_offset(0), md.find("Body").unwrap_or(0));
        assert_eq!(front_matter_end("---\n\nx\n---\n"), None);
        assert_eq!(front_matter_end("\u{feff}---\na: 1\n...\nrest"), Some(16));
    }

    #[test]
    fn groups_text_code_tables_links() {
        let md = "# Title\n\nSome *text* with `code`\nand a [link](a/b.yml).\n\n- item one\n  - nested\n\n```sh\nline one\n  line two\n```\n\n| A | B |\n|---|---|\n| x |  |\n\n<!-- note -->\n";
        let b = walk(md);
        let texts: Vec<(TextRole, &str)> =
            b.texts.iter().map(|t| (t.role, t.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (TextRole::Heading, "Title"),
                (TextRole::Paragraph, "Some text with `code`\nand a link."),
                (TextRole::ListItem, "item one"),
                (TextRole::ListItem, "nested"),
                (TextRole::TableCell, "A"),
                (TextRole::TableCell, "B"),
                (TextRole::TableCell, "x"),
                (TextRole::TableCell, ""),
            ]
        );
        let para = &b.texts[1];
        assert_eq!(para.section, Some(0));
        // "code" starts at byte 27 of the source ("`code`" at 26).
        let code_start = para.code_spans[0].start;
        assert_eq!(&para.text[para.code_spans[0].clone()], "code");
        assert_eq!(para.source_offset(code_start), 27);
        assert_eq!(b.codes.len(), 1);
        assert_eq!(b.codes[0].lang, "sh");
        let lines: Vec<(usize, &str)> = b.codes[0]
            .lines
            .iter()
            .map(|l| (l.offset, l.text.as_str()))
            .collect();
        assert_eq!(lines, vec![(86, "line one"), (95, "  line two")]);
        assert_eq!(&md[86..94], "line one");
        assert_eq!(b.tables.len(), 1);
        assert_eq!(b.tables[0].head, vec![4, 5]);
        assert_eq!(b.tables[0].rows.len(), 1);
        assert_eq!(b.tables[0].rows[0].cells, vec![6, 7]);
        assert_eq!(b.links.len(), 1);
        assert_eq!(b.links[0].dest, "a/b.yml");
        assert_eq!(b.html.len(), 1);
        assert_eq!(b.html[0].text.trim(), "<!-- note -->");
    }
}
