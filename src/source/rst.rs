//! reStructuredText pages (`README.rst`, Sphinx `docs/*.rst`) read as markdown.
//!
//! Python projects write their release and contributor pages in reStructuredText. Every doc
//! reader works on markdown, so an `.rst` page is turned into the markdown that says the same,
//! **line for line**: line N of the result holds what line N of the page said, so every finding
//! names the page's own line. What has no markdown form on the same line (a title's underline,
//! a directive's options, a table border) becomes a blank line or an empty table row; a code
//! block's closing fence takes the blank line that ends the block. Only a code block that runs
//! to the end of the page adds a line, after everything else.
//!
//! Read: section titles (underlined, or over- and underlined), `.. code-block::` / `code` /
//! `sourcecode` and `::` literal blocks (fenced), admonitions and other prose directives (their
//! text kept, un-indented), images and badges (`.. image::` with `:target:`), comments and
//! link targets (dropped), inline literals, roles (`:file:` and other code roles as code),
//! hyperlinks (`` `text <url>`_ `` as markdown links), grid, simple and list tables (as pipe
//! tables), and `.. driftlint: ignore[rule]` comments (as the markdown directive).

/// Directives whose body is code: fenced, with the argument as the language.
const CODE_DIRECTIVES: &[&str] = &[
    "code-block",
    "code",
    "sourcecode",
    "ipython",
    "doctest",
    "testcode",
    "testoutput",
    "prompt",
    "mermaid",
];

/// Directives whose body says nothing about the workflows (or is read from elsewhere): dropped.
const SKIPPED_DIRECTIVES: &[&str] = &[
    "toctree",
    "include",
    "literalinclude",
    "raw",
    "contents",
    "index",
    "meta",
    "highlight",
    "csv-table",
    "math",
    "graphviz",
    "digraph",
    "plot",
    "tabularcolumns",
    "currentmodule",
    "module",
    "sectionauthor",
    "codeauthor",
    "role",
    "default-role",
    "title",
    "target-notes",
    "footer",
    "header",
];

/// Roles whose text is code, a file, a command or a variable: kept as inline code.
const CODE_ROLES: &[&str] = &[
    "file", "code", "command", "program", "samp", "envvar", "kbd", "option", "literal", "makevar",
];

/// The markdown form of an `.rst` page, with the same lines (see the module comment).
pub fn to_markdown(text: &str) -> String {
    let lines: Vec<String> = split_lines(text).map(expand_tabs).collect();
    let mut t = Translator {
        out: vec![String::new(); lines.len()],
        lines,
        stack: Vec::new(),
        literal: None,
        styles: Vec::new(),
        appended: Vec::new(),
    };
    t.run();
    let mut out = t.out;
    out.extend(t.appended);
    out.join("\n")
}

/// The lines of a text, ended as `SourceFile` ends them: at `\n`, `\r\n` or a lone `\r`.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match t.find(['\n', '\r']) {
            Some(i) => {
                let next = if t[i..].starts_with("\r\n") {
                    i + 2
                } else {
                    i + 1
                };
                rest = Some(&t[next..]);
                Some(&t[..i])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// Leading tabs to the next multiple of 8 columns, as docutils reads them.
fn expand_tabs(line: &str) -> String {
    if !line.starts_with(['\t', ' ']) || !line.contains('\t') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next().filter(|c| *c == ' ' || *c == '\t') {
        if c == '\t' {
            let pad = 8 - out.len() % 8;
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.push(' ');
        }
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A title's over- or underline: one punctuation character repeated, at least three times.
fn adornment(line: &str) -> Option<char> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    let ok = "=-~^\"'`#*+_<>".contains(c) && t.len() >= 3 && t.chars().all(|x| x == c);
    ok.then_some(c)
}

/// What the innermost open directive or block holds (an image's body: its options).
#[derive(Debug, Clone, PartialEq)]
enum Body {
    Prose,
    Code,
    Skip,
    Image,
    ListTable,
}

#[derive(Debug)]
struct Open {
    body: Body,
    /// Indentation of the line that opened it: a later line at or left of it ends the block.
    indent: usize,
    /// Indentation of that line in the result.
    out_indent: usize,
    opener: usize,
    /// Prose: columns removed from its body; code: the body's own indentation.
    shift: Option<usize>,
    /// Code: the first blank line after the last line of code, where the fence closes.
    blank_after: Option<usize>,
    /// List tables: every line of the body.
    rows: Vec<usize>,
}

/// A paragraph ended with `::`: an indented block after a blank line is code.
struct Literal {
    indent: usize,
    out_indent: usize,
    blank: Option<usize>,
}

struct Translator {
    lines: Vec<String>,
    out: Vec<String>,
    stack: Vec<Open>,
    literal: Option<Literal>,
    /// Title styles in the order met (character, overlined): the order gives the level.
    styles: Vec<(char, bool)>,
    /// Closing fences of code that runs to the end.
    appended: Vec<String>,
}

impl Translator {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.line(i);
        }
        while let Some(open) = self.stack.pop() {
            self.close(open, true);
        }
    }

    /// Translate line `i` (and any it consumes); the next line to translate.
    fn line(&mut self, i: usize) -> usize {
        let line = self.lines[i].clone();
        if is_blank(&line) {
            self.out[i] = String::new();
            if let Some(lit) = self.literal.as_mut() {
                lit.blank.get_or_insert(i);
            }
            if let Some(top) = self.stack.last_mut() {
                match top.body {
                    Body::Code if top.shift.is_some() => {
                        top.blank_after.get_or_insert(i);
                    }
                    Body::ListTable => top.rows.push(i),
                    _ => {}
                }
            }
            return i + 1;
        }
        let ind = indent_of(&line);
        if let Some(lit) = self.literal.take() {
            if let Some(blank) = lit.blank.filter(|_| ind > lit.indent) {
                let pad = " ".repeat(lit.out_indent.min(3));
                self.out[blank] = format!("{pad}```");
                self.stack.push(Open {
                    body: Body::Code,
                    indent: lit.indent,
                    out_indent: lit.out_indent,
                    opener: blank,
                    shift: None,
                    blank_after: None,
                    rows: Vec::new(),
                });
            }
        }
        while self.stack.last().is_some_and(|top| ind <= top.indent) {
            if let Some(open) = self.stack.pop() {
                self.close(open, false);
            }
        }
        if let Some(top) = self.stack.last_mut() {
            match top.body {
                Body::Code => {
                    let content = &line[ind..];
                    if top.shift.is_none()
                        && is_option(content)
                        && !is_blank(&self.lines[top.opener])
                    {
                        // `:linenos:`, `:caption: …` of a code directive.
                        self.out[i] = String::new();
                        return i + 1;
                    }
                    let shift = *top.shift.get_or_insert(ind);
                    top.blank_after = None;
                    let pad = " ".repeat(top.out_indent.min(3));
                    self.out[i] = format!("{pad}{}", &line[ind.min(shift)..]);
                    return i + 1;
                }
                Body::Skip | Body::Image => {
                    self.out[i] = String::new();
                    return i + 1;
                }
                Body::ListTable => {
                    top.rows.push(i);
                    return i + 1;
                }
                Body::Prose => {
                    if top.shift.is_none() {
                        top.shift = Some(ind.saturating_sub(top.indent));
                    }
                }
            }
        }
        let shift: usize = self
            .stack
            .iter()
            .filter(|o| o.body == Body::Prose)
            .filter_map(|o| o.shift)
            .sum();
        let out_ind = ind.saturating_sub(shift);
        let content = line[ind..].trim_end().to_string();
        if content.starts_with("..") && (content.len() == 2 || content[2..].starts_with(' ')) {
            self.directive(i, ind, out_ind, content[2..].trim());
            return i + 1;
        }
        if self.stack.is_empty() && ind == 0 {
            if let Some(next) = self.title(i) {
                return next;
            }
            if let Some(next) = self.table(i) {
                return next;
            }
        }
        let pad = " ".repeat(out_ind.min(3));
        let mut text = content.as_str();
        if let Some(before) = text.strip_suffix("::") {
            self.literal = Some(Literal {
                indent: ind,
                out_indent: out_ind,
                blank: None,
            });
            // "Run::" reads "Run:"; "Run ::" and a lone "::" lose the marker.
            text = if before.ends_with(' ') || before.is_empty() {
                before.trim_end()
            } else {
                &text[..text.len() - 1]
            };
        }
        let text = match text.strip_prefix("#. ") {
            Some(rest) => format!("1. {rest}"),
            None => text.to_string(),
        };
        self.out[i] = format!("{pad}{}", inline(&text));
        i + 1
    }

    /// `.. name:: argument`, a substitution `.. |x| image:: url`, a comment or a link target.
    fn directive(&mut self, i: usize, ind: usize, out_ind: usize, rest: &str) {
        let pad = " ".repeat(out_ind.min(3));
        let open = |body: Body| Open {
            body,
            indent: ind,
            out_indent: out_ind,
            opener: i,
            shift: None,
            blank_after: None,
            rows: Vec::new(),
        };
        if let Some(directive) = rest.strip_prefix("driftlint:") {
            self.out[i] = format!("{pad}<!-- driftlint:{directive} -->");
            self.stack.push(open(Body::Skip));
            return;
        }
        // A substitution definition names its directive after `|name|`.
        let rest = match rest.strip_prefix('|').and_then(|r| r.split_once("| ")) {
            Some((_, after)) => after.trim_start(),
            None => rest,
        };
        let Some((name, arg)) = rest.split_once("::").filter(|(n, _)| {
            !n.is_empty() && !n.contains(' ') && !n.starts_with('_') && !n.starts_with('[')
        }) else {
            // A comment, a link target `.. _name: url`, a footnote: nothing to read.
            self.out[i] = String::new();
            self.stack.push(open(Body::Skip));
            return;
        };
        let name = name.to_ascii_lowercase();
        let name = name.rsplit(':').next().unwrap_or(&name).to_string();
        let arg = arg.trim();
        if CODE_DIRECTIVES.contains(&name.as_str()) {
            let lang = if name == "mermaid" {
                "mermaid"
            } else {
                arg.split_whitespace().next().unwrap_or("")
            };
            self.out[i] = format!("{pad}```{lang}");
            self.stack.push(open(Body::Code));
        } else if name == "image" || name == "figure" {
            // A badge: the image and its `:target:` link on the directive's line, as markdown
            // writes them, so a badge is one reference.
            let target = self.lines[i + 1..]
                .iter()
                .take_while(|l| !is_blank(l) && indent_of(l) > ind)
                .find_map(|l| l.trim().strip_prefix(":target:").map(str::trim))
                .filter(|t| !t.is_empty());
            self.out[i] = match (arg.is_empty(), target) {
                (true, _) => String::new(),
                (false, Some(target)) => format!("{pad}[![]({arg})]({target})"),
                (false, None) => format!("{pad}![]({arg})"),
            };
            self.stack.push(open(Body::Image));
        } else if name == "list-table" {
            self.out[i] = format!("{pad}{}", inline(arg));
            self.stack.push(open(Body::ListTable));
        } else if SKIPPED_DIRECTIVES.contains(&name.as_str()) || name.starts_with("auto") {
            self.out[i] = String::new();
            self.stack.push(open(Body::Skip));
        } else {
            // Admonitions, `only`, tabs, containers: their text is part of the page.
            self.out[i] = format!("{pad}{}", inline(arg));
            self.stack.push(open(Body::Prose));
        }
    }

    /// A section title at line `i` (underlined, or over- and underlined): the line after it.
    fn title(&mut self, i: usize) -> Option<usize> {
        let at = |k: usize| self.lines.get(k).map(String::as_str);
        let after_break = i == 0 || at(i - 1).is_some_and(is_blank);
        if !after_break {
            return None;
        }
        let (title_line, style, next) = match adornment(&self.lines[i]) {
            Some(c) => {
                let title = at(i + 1).filter(|t| !is_blank(t) && adornment(t).is_none())?;
                let under = at(i + 2).and_then(adornment)?;
                if under != c || title.trim().is_empty() {
                    return None;
                }
                self.out[i] = String::new();
                self.out[i + 2] = String::new();
                (i + 1, (c, true), i + 3)
            }
            None => {
                let c = at(i + 1)
                    .filter(|u| indent_of(u) == 0)
                    .and_then(adornment)?;
                self.out[i + 1] = String::new();
                (i, (c, false), i + 2)
            }
        };
        let level = match self.styles.iter().position(|s| *s == style) {
            Some(p) => p + 1,
            None => {
                self.styles.push(style);
                self.styles.len()
            }
        };
        let hashes = "#".repeat(level.min(6));
        self.out[title_line] = format!("{hashes} {}", inline(self.lines[title_line].trim()));
        Some(next)
    }

    /// A grid table (`+---+` borders) or a simple table (`===  ===` borders) starting at line
    /// `i`, as a pipe table with a row per line: the line after it.
    fn table(&mut self, i: usize) -> Option<usize> {
        if i > 0 && !is_blank(&self.lines[i - 1]) {
            return None;
        }
        let first = self.lines[i].trim_end();
        if first.starts_with('+') && first.ends_with('+') && first.len() > 2 {
            return Some(self.grid_table(i));
        }
        if first.starts_with('=')
            && first.contains(' ')
            && first.chars().all(|c| c == '=' || c == ' ')
        {
            return self.simple_table(i);
        }
        None
    }

    fn grid_table(&mut self, i: usize) -> usize {
        let mut end = i;
        while self
            .lines
            .get(end)
            .is_some_and(|l| l.starts_with('+') || l.starts_with('|'))
        {
            end += 1;
        }
        let cols = self.lines[i]
            .trim_end()
            .matches('+')
            .count()
            .saturating_sub(1)
            .max(1);
        let border = |l: &str| l.starts_with('+');
        let header_rule = (i + 1..end).find(|&k| self.lines[k].starts_with("+="));
        // Without a `+===+` rule the first row is the header when it is one line high.
        let rule = header_rule.or_else(|| {
            (i + 2 < end && border(&self.lines[i + 2]) && !border(&self.lines[i + 1]))
                .then_some(i + 2)
        });
        for k in i..end {
            self.out[k] = if k == i || (k + 1 == end && border(&self.lines[k])) {
                String::new()
            } else if Some(k) == rule {
                format!("|{}", "---|".repeat(cols))
            } else if border(&self.lines[k]) {
                if rule.is_some() {
                    format!("|{}", "   |".repeat(cols))
                } else {
                    String::new()
                }
            } else {
                inline(self.lines[k].trim_end())
            };
        }
        end
    }

    fn simple_table(&mut self, i: usize) -> Option<usize> {
        let is_border = |l: &str| {
            let t = l.trim_end();
            t.starts_with('=') && t.chars().all(|c| c == '=' || c == ' ')
        };
        // The header rule right after one header line, then the closing border.
        if !self.lines.get(i + 2).is_some_and(|l| is_border(l)) {
            return None;
        }
        let last = (i + 3..self.lines.len()).find(|&k| {
            is_border(&self.lines[k]) && self.lines.get(k + 1).is_none_or(|l| is_blank(l))
        })?;
        let starts: Vec<usize> = column_starts(&self.lines[i]);
        let cols = starts.len();
        self.out[i] = String::new();
        self.out[i + 2] = format!("|{}", "---|".repeat(cols));
        self.out[last] = String::new();
        for k in (i + 1..last).filter(|&k| k != i + 2) {
            let line = &self.lines[k];
            self.out[k] = if is_blank(line) || is_border(line) {
                format!("|{}", "   |".repeat(cols))
            } else {
                pipe_row(&split_columns(line, &starts))
            };
        }
        Some(last + 1)
    }

    /// End an open block; `at_end` when the page ended inside it.
    fn close(&mut self, open: Open, at_end: bool) {
        match open.body {
            Body::Code => {
                let pad = " ".repeat(open.out_indent.min(3));
                if open.shift.is_none() {
                    // No code at all: no fence.
                    self.out[open.opener] = String::new();
                } else if let Some(b) = open.blank_after {
                    self.out[b] = format!("{pad}```");
                } else if at_end {
                    self.appended.push(format!("{pad}```"));
                } else {
                    // Code ended without a blank line: no line is free for the fence, so
                    // its lines stay text.
                    self.out[open.opener] = String::new();
                }
            }
            Body::ListTable => self.list_table(&open),
            _ => {}
        }
    }

    /// `* - a` / `  - b` rows as pipe rows on each row's first line; the line after the
    /// header row holds the rule, every other line of the table an empty row.
    fn list_table(&mut self, open: &Open) {
        let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
        let mut row_indent = None;
        for &k in &open.rows {
            let line = &self.lines[k];
            if is_blank(line) {
                continue;
            }
            let ind = indent_of(line);
            let content = line[ind..].trim_end();
            let row_start = row_indent.is_none_or(|r| ind == r)
                && (content.starts_with("* ") || content.starts_with("- "));
            if rows.is_empty() && !row_start {
                continue; // options such as `:header-rows: 1`
            }
            if row_start {
                row_indent = Some(ind);
                let cell = content[2..].trim_start();
                let cell = cell.strip_prefix("- ").or_else(|| cell.strip_prefix("* "));
                rows.push((k, cell.map(|c| vec![c.to_string()]).unwrap_or_default()));
            } else if let Some((_, cells)) = rows.last_mut() {
                match content
                    .strip_prefix("- ")
                    .or_else(|| content.strip_prefix("* "))
                {
                    Some(cell) => cells.push(cell.to_string()),
                    None => match cells.last_mut() {
                        Some(cell) => {
                            cell.push(' ');
                            cell.push_str(content);
                        }
                        None => cells.push(content.to_string()),
                    },
                }
            }
        }
        let Some(&(header, _)) = rows.first() else {
            for &k in &open.rows {
                self.out[k] = String::new();
            }
            return;
        };
        let cols = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(1);
        let rule_line = header + 1;
        let has_room = rows.get(1).is_none_or(|(k, _)| *k > rule_line);
        // Blank lines after the last row end the table.
        let last = open
            .rows
            .iter()
            .rev()
            .find(|&&k| !is_blank(&self.lines[k]))
            .copied()
            .unwrap_or(header);
        for &k in open.rows.iter().filter(|&&k| k >= header) {
            self.out[k] = if !has_room || k > last {
                String::new()
            } else if k == rule_line {
                format!("|{}", "---|".repeat(cols))
            } else {
                format!("|{}", "   |".repeat(cols))
            };
        }
        for (k, cells) in rows {
            let mut cells = cells;
            cells.resize(cols, String::new());
            self.out[k] = if has_room {
                pipe_row(&cells)
            } else {
                inline(&cells.join(" — "))
            };
        }
        for &k in open.rows.iter().filter(|&&k| k < header) {
            self.out[k] = String::new();
        }
    }
}

/// `:name:` or `:name: value`, a directive option.
fn is_option(content: &str) -> bool {
    content
        .strip_prefix(':')
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(name, _)| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Character columns where a simple table's border starts each column.
fn column_starts(border: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut prev = ' ';
    for (col, c) in border.chars().enumerate() {
        if c == '=' && prev == ' ' {
            starts.push(col);
        }
        prev = c;
    }
    starts
}

/// A simple table's line cut at the column starts (by characters).
fn split_columns(line: &str, starts: &[usize]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| {
            let end = starts
                .get(n + 1)
                .copied()
                .unwrap_or(chars.len())
                .min(chars.len());
            let s = s.min(end);
            chars[s..end].iter().collect::<String>().trim().to_string()
        })
        .collect()
}

fn pipe_row(cells: &[String]) -> String {
    let mut out = String::from("|");
    for cell in cells {
        out.push(' ');
        out.push_str(&inline(cell).replace('|', "\\|"));
        out.push_str(" |");
    }
    out
}

/// Inline markup: literals stay, code roles become code, other roles and references their
/// text, `` `text <url>`_ `` a markdown link.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(['`', ':']) {
        let (before, at) = rest.split_at(pos);
        out.push_str(before);
        if let Some(after) = at.strip_prefix("``") {
            match after.find("``") {
                Some(end) => {
                    out.push_str(&at[..end + 4]);
                    rest = &at[end + 4..];
                }
                None => {
                    out.push_str(at);
                    rest = "";
                }
            }
            continue;
        }
        if let Some(after_colon) = at.strip_prefix(':') {
            let word_start = out.chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            match role(at).filter(|_| word_start) {
                Some((name, body, used)) => {
                    let text = role_text(body);
                    if CODE_ROLES.contains(&name) {
                        out.push('`');
                        out.push_str(text);
                        out.push('`');
                    } else {
                        out.push_str(text);
                    }
                    rest = &at[used..];
                }
                None => {
                    out.push(':');
                    rest = after_colon;
                }
            }
            continue;
        }
        // A single backtick: interpreted text or a hyperlink reference.
        let Some(end) = at[1..].find('`') else {
            out.push_str(at);
            rest = "";
            break;
        };
        let body = &at[1..1 + end];
        let after = &at[end + 2..];
        let underscores = after.len() - after.trim_start_matches('_').len();
        // `` `text <url>` `` without the underscore shows as text, but its author meant a link.
        let url_target =
            body.ends_with('>') && body.rfind('<').is_some_and(|lt| body[lt..].contains("://"));
        if underscores > 0 || url_target {
            match body.rfind('<').filter(|_| body.ends_with('>')) {
                Some(lt) => {
                    let url = &body[lt + 1..body.len() - 1];
                    let label = body[..lt].trim();
                    let label = if label.is_empty() { url } else { label };
                    out.push_str(&format!("[{label}]({url})"));
                }
                None => out.push_str(body),
            }
            rest = &after[underscores.min(2)..];
        } else {
            out.push('`');
            out.push_str(body);
            out.push('`');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `:name:`body``: the role's name, its body and the bytes used.
fn role(at: &str) -> Option<(&str, &str, usize)> {
    let close = at[1..].find(':')? + 1;
    let name = &at[1..close];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.+".contains(c))
    {
        return None;
    }
    let after = at[close + 1..].strip_prefix('`')?;
    let end = after.find('`')?;
    let name = name.rsplit(':').next().unwrap_or(name);
    Some((name, &after[..end], close + 2 + end + 1))
}

/// A role's text: "title <target>" gives the title; `~` and `!` prefixes are dropped.
fn role_text(body: &str) -> &str {
    let body = match body.rfind('<').filter(|_| body.ends_with('>')) {
        Some(lt) if !body[..lt].trim().is_empty() => body[..lt].trim(),
        _ => body,
    };
    body.trim_start_matches(['~', '!'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(rst: &str) -> Vec<String> {
        to_markdown(rst).split('\n').map(str::to_string).collect()
    }

    #[test]
    fn titles_become_headings_on_their_own_lines() {
        let got = md("=======\nProject\n=======\n\nReleasing\n---------\n\nText.\n\nTags\n~~~~\n\nMore\n----\n");
        assert_eq!(
            got,
            [
                "",
                "# Project",
                "",
                "",
                "## Releasing",
                "",
                "",
                "Text.",
                "",
                "### Tags",
                "",
                "",
                "## More",
                "",
                ""
            ]
        );
    }

    #[test]
    fn code_directives_and_literal_blocks_are_fenced_in_place() {
        let rst = "Run:\n\n.. code-block:: bash\n   :caption: tag\n\n   git tag v1.0\n   git push --tags\n\nThen push::\n\n    gh workflow run release.yml\n\nDone.\n";
        assert_eq!(
            md(rst),
            [
                "Run:",
                "",
                "```bash",
                "",
                "",
                "git tag v1.0",
                "git push --tags",
                "```",
                "Then push:",
                "```",
                "gh workflow run release.yml",
                "```",
                "Done.",
                ""
            ]
        );
        // Code that runs to the end of the page closes after the last line.
        assert_eq!(
            md(".. code:: yaml\n\n   on: push"),
            ["```yaml", "", "on: push", "```"]
        );
    }

    #[test]
    fn admonitions_keep_their_text_unindented_and_comments_are_dropped() {
        let rst = ".. note:: Tags deploy.\n\n    Pushing ``v1.2.3`` releases.\n\n.. _target: https://example.invalid\n.. a comment\n   still the comment\n\nAfter.\n";
        assert_eq!(
            md(rst),
            [
                "Tags deploy.",
                "",
                "Pushing ``v1.2.3`` releases.",
                "",
                "",
                "",
                "",
                "",
                "After.",
                ""
            ]
        );
    }

    #[test]
    fn badges_links_and_roles() {
        let rst = ".. image:: https://github.com/o/r/actions/workflows/ci.yml/badge.svg\n   :target: https://github.com/o/r/actions/workflows/ci.yml\n   :alt: CI\n\nSee `the guide <https://example.invalid/g>`_, `notes <https://example.invalid/n>`, :file:`.github/workflows/release.yml`, :doc:`Releasing <release>` and `ci.yml`.\n";
        assert_eq!(
            md(rst),
            [
                "[![](https://github.com/o/r/actions/workflows/ci.yml/badge.svg)](https://github.com/o/r/actions/workflows/ci.yml)",
                "",
                "",
                "",
                "See [the guide](https://example.invalid/g), [notes](https://example.invalid/n), `.github/workflows/release.yml`, Releasing and `ci.yml`.",
                ""
            ]
        );
    }

    #[test]
    fn tables_become_pipe_tables_row_for_row() {
        let grid = "+------+-------+\n| file | when  |\n+======+=======+\n| a.yml| push  |\n+------+-------+\n| b.yml| tag   |\n+------+-------+\n";
        assert_eq!(
            md(grid),
            [
                "",
                "| file | when  |",
                "|---|---|",
                "| a.yml| push  |",
                "|   |   |",
                "| b.yml| tag   |",
                "",
                ""
            ]
        );
        let simple =
            "=====  ======\nfile   when\n=====  ======\na.yml  push\nb.yml  tag\n=====  ======\n";
        assert_eq!(
            md(simple),
            [
                "",
                "| file | when |",
                "|---|---|",
                "| a.yml | push |",
                "| b.yml | tag |",
                "",
                ""
            ]
        );
        let list = ".. list-table:: Workflows\n   :header-rows: 1\n\n   * - File\n     - Trigger\n   * - ``ci.yml``\n     - push\n";
        assert_eq!(
            md(list),
            [
                "Workflows",
                "",
                "",
                "| File | Trigger |",
                "|---|---|",
                "| ``ci.yml`` | push |",
                "|   |   |",
                ""
            ]
        );
    }

    #[test]
    fn ignore_comments_become_markdown_directives() {
        assert_eq!(
            md(".. driftlint: ignore[doc-trigger-mismatch]\n\nText.\n"),
            [
                "<!-- driftlint: ignore[doc-trigger-mismatch] -->",
                "",
                "Text.",
                ""
            ]
        );
    }

    #[test]
    fn any_input_keeps_the_line_count() {
        for rst in [
            "",
            "::",
            "..",
            ".. code-block::\n",
            "x\n===\n===\n",
            "+\n|\n+--+",
            "=== ===\n",
            ":file:`",
            "`a <b>`_ `` ` :x:`y",
            ".. list-table::\n   * -\n",
            "\t.. note::\n\t\tx\n",
            "é\n===\n",
            "a\rb\r\nc\n",
        ] {
            let got = to_markdown(rst);
            assert!(
                got.split('\n').count() >= rst.split('\n').count(),
                "{rst:?}"
            );
        }
    }
}
