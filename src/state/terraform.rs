//! Just enough HCL to read `resource "github_repository_environment"` blocks: a tokenizer that
//! knows strings, comments and heredocs (so braces inside them do not count), and a block parser
//! that counts braces. Values that are expressions (`var.env`, `"${x}"`) are not evaluated.

use super::api::branch_policy_label;
use super::EnvironmentState;

/// Blocks nested deeper than this are skipped (guards the recursion on hostile input).
const MAX_BLOCK_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// A string literal; `literal` is false when it interpolates (`${...}`) or is a heredoc.
    Str {
        text: String,
        literal: bool,
    },
    Num(String),
    Sym(char),
    Newline,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: u32,
}

#[derive(Debug)]
enum Item {
    Attr {
        name: String,
        value: Vec<Tok>,
    },
    Block {
        kind: String,
        labels: Vec<String>,
        body: Vec<Item>,
        line: u32,
    },
}

/// Environments declared by `github_repository_environment` resources in one `.tf` file.
/// Resources whose `environment` is not a plain string literal are skipped: the name cannot be
/// known without evaluating Terraform. `declared_in` is `<rel>:<line of "resource">`.
pub fn parse_terraform(rel: &str, text: &str) -> Vec<EnvironmentState> {
    let tokens = tokenize(text);
    let mut pos = 0;
    let items = parse_body(&tokens, &mut pos, 0);
    items
        .iter()
        .filter_map(|item| match item {
            Item::Block {
                kind,
                labels,
                body,
                line,
            } if kind == "resource"
                && labels.first().map(String::as_str) == Some("github_repository_environment") =>
            {
                environment_from_block(body, &format!("{rel}:{line}"))
            }
            _ => None,
        })
        .collect()
}

fn environment_from_block(body: &[Item], declared_in: &str) -> Option<EnvironmentState> {
    let name = match attr(body, "environment")? {
        [Tok::Str {
            text,
            literal: true,
        }] => text.clone(),
        _ => return None,
    };
    let wait_timer = match attr(body, "wait_timer") {
        Some([Tok::Num(n)]) => n.parse().ok(),
        _ => None,
    };
    let mut reviewers = Vec::new();
    for reviewer_block in blocks(body, "reviewers") {
        reviewers.extend(list_items(
            attr(reviewer_block, "users").unwrap_or_default(),
        ));
        reviewers.extend(
            list_items(attr(reviewer_block, "teams").unwrap_or_default())
                .into_iter()
                .map(|t| format!("team:{t}")),
        );
    }
    let branch_policy = blocks(body, "deployment_branch_policy")
        .next()
        .and_then(|policy| {
            let flag = |key: &str| match attr(policy, key) {
                Some([Tok::Ident(v)]) => v.parse::<bool>().ok(),
                _ => None,
            };
            branch_policy_label(flag("protected_branches"), flag("custom_branch_policies"))
        });
    Some(EnvironmentState {
        name,
        reviewers,
        wait_timer,
        branch_policy,
        declared_in: declared_in.to_string(),
    })
}

/// The value tokens of the first attribute with this name.
fn attr<'a>(body: &'a [Item], key: &str) -> Option<&'a [Tok]> {
    body.iter().find_map(|item| match item {
        Item::Attr { name, value } if name == key => Some(value.as_slice()),
        _ => None,
    })
}

fn blocks<'a>(body: &'a [Item], key: &'a str) -> impl Iterator<Item = &'a [Item]> + 'a {
    body.iter().filter_map(move |item| match item {
        Item::Block { kind, body, .. } if kind == key => Some(body.as_slice()),
        _ => None,
    })
}

/// Items of a list value `[a, "b", 3]`, as text (expressions kept as written).
fn list_items(value: &[Tok]) -> Vec<String> {
    value
        .iter()
        .filter_map(|t| match t {
            Tok::Str { text, .. } | Tok::Num(text) | Tok::Ident(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Parse items until the closing `}` of this body (consumed) or the end of input.
fn parse_body(tokens: &[Token], pos: &mut usize, depth: usize) -> Vec<Item> {
    let mut items = Vec::new();
    while let Some(token) = tokens.get(*pos) {
        match &token.tok {
            Tok::Sym('}') => {
                *pos += 1;
                return items;
            }
            Tok::Ident(name) => {
                let line = token.line;
                *pos += 1;
                if let Some(item) = parse_item(tokens, pos, depth, name, line) {
                    items.push(item);
                }
            }
            _ => *pos += 1,
        }
    }
    items
}

/// After an identifier: `= value` (an attribute) or `label... {` (a block).
fn parse_item(
    tokens: &[Token],
    pos: &mut usize,
    depth: usize,
    name: &str,
    line: u32,
) -> Option<Item> {
    let mut labels = Vec::new();
    while let Some(token) = tokens.get(*pos) {
        match &token.tok {
            Tok::Sym('=') if labels.is_empty() => {
                *pos += 1;
                return Some(Item::Attr {
                    name: name.to_string(),
                    value: attribute_value(tokens, pos),
                });
            }
            Tok::Str { text, .. } | Tok::Ident(text) => {
                labels.push(text.clone());
                *pos += 1;
            }
            Tok::Sym('{') => {
                *pos += 1;
                if depth >= MAX_BLOCK_DEPTH {
                    skip_block(tokens, pos);
                    return None;
                }
                return Some(Item::Block {
                    kind: name.to_string(),
                    labels,
                    body: parse_body(tokens, pos, depth + 1),
                    line,
                });
            }
            // Anything else: not an item we understand; let the body loop resync.
            _ => return None,
        }
    }
    None
}

/// Tokens up to the end of the line, across brackets; stops before a `}` that closes the
/// enclosing block (one-line blocks such as `reviewers { users = [1] }`).
fn attribute_value(tokens: &[Token], pos: &mut usize) -> Vec<Tok> {
    let mut value = Vec::new();
    let mut nesting = 0usize;
    while let Some(token) = tokens.get(*pos) {
        match &token.tok {
            Tok::Newline if nesting == 0 => break,
            Tok::Newline => {}
            Tok::Sym('[' | '(' | '{') => nesting += 1,
            Tok::Sym(']' | ')' | '}') if nesting > 0 => nesting -= 1,
            Tok::Sym('}') => break,
            _ => {}
        }
        value.push(token.tok.clone());
        *pos += 1;
    }
    value
}

/// Skip to after the `}` matching an already consumed `{`.
fn skip_block(tokens: &[Token], pos: &mut usize) {
    let mut open = 1usize;
    while let Some(token) = tokens.get(*pos) {
        *pos += 1;
        match token.tok {
            Tok::Sym('{') => open += 1,
            Tok::Sym('}') => {
                open -= 1;
                if open == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                tokens.push(Token {
                    tok: Tok::Newline,
                    line,
                });
                line += 1;
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '#' => i = skip_line(&chars, i),
            '/' if next == Some('/') => i = skip_line(&chars, i),
            '/' if next == Some('*') => {
                i += 2;
                while i < chars.len()
                    && !(chars.get(i) == Some(&'*') && chars.get(i + 1) == Some(&'/'))
                {
                    if chars.get(i) == Some(&'\n') {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
            }
            '"' => {
                let start_line = line;
                let (tok, end) = string_literal(&chars, i + 1);
                tokens.push(Token {
                    tok,
                    line: start_line,
                });
                i = end;
            }
            '<' if next == Some('<') => {
                let start_line = line;
                let (text, end, lines) = heredoc(&chars, i + 2);
                tokens.push(Token {
                    tok: Tok::Str {
                        text,
                        literal: false,
                    },
                    line: start_line,
                });
                line += lines;
                i = end;
            }
            c if c.is_ascii_digit() => {
                let end = word_end(&chars, i);
                tokens.push(Token {
                    tok: Tok::Num(chars.get(i..end).unwrap_or_default().iter().collect()),
                    line,
                });
                i = end;
            }
            c if is_word_char(c) => {
                let end = word_end(&chars, i);
                tokens.push(Token {
                    tok: Tok::Ident(chars.get(i..end).unwrap_or_default().iter().collect()),
                    line,
                });
                i = end;
            }
            c => {
                tokens.push(Token {
                    tok: Tok::Sym(c),
                    line,
                });
                i += 1;
            }
        }
    }
    tokens
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '*')
}

fn word_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while chars.get(end).copied().is_some_and(is_word_char) {
        end += 1;
    }
    end
}

/// Index of the newline ending this line (the newline itself becomes a token).
fn skip_line(chars: &[char], start: usize) -> usize {
    let mut i = start;
    while chars.get(i).is_some_and(|&c| c != '\n') {
        i += 1;
    }
    i
}

/// A quoted string starting after its opening quote. Ends at the closing quote, or at the end
/// of the line when unterminated (so one bad quote cannot swallow the file). Braces inside
/// `${...}` are tracked so a `"` in an interpolation does not end the string early.
fn string_literal(chars: &[char], start: usize) -> (Tok, usize) {
    let mut text = String::new();
    let mut literal = true;
    let mut interpolation = 0usize;
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        match c {
            '\n' => break,
            '\\' => {
                if let Some(&escaped) = chars.get(i + 1) {
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                i += 2;
                continue;
            }
            '$' if chars.get(i + 1) == Some(&'{') => {
                literal = false;
                interpolation += 1;
                text.push_str("${");
                i += 2;
                continue;
            }
            '}' if interpolation > 0 => interpolation -= 1,
            '"' if interpolation == 0 => return (Tok::Str { text, literal }, i + 1),
            _ => {}
        }
        text.push(c);
        i += 1;
    }
    (Tok::Str { text, literal }, i)
}

/// A heredoc after `<<`: `<<EOT` or `<<-EOT`, up to a line that is just the marker. Returns the
/// body, the index after the closing marker's line, and the number of newlines consumed.
fn heredoc(chars: &[char], start: usize) -> (String, usize, u32) {
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        i += 1;
    }
    let marker_end = word_end(chars, i);
    let marker: String = chars
        .get(i..marker_end)
        .unwrap_or_default()
        .iter()
        .collect();
    if marker.is_empty() {
        return (String::new(), marker_end, 0);
    }
    let mut i = skip_line(chars, marker_end);
    let mut lines = 0u32;
    let mut body = String::new();
    while i < chars.len() {
        // `i` is at a newline: look at the next line.
        lines += 1;
        let line_start = i + 1;
        let line_end = skip_line(chars, line_start);
        let line: String = chars
            .get(line_start..line_end)
            .unwrap_or_default()
            .iter()
            .collect();
        if line.trim() == marker {
            return (body, line_end, lines);
        }
        body.push_str(&line);
        body.push('\n');
        i = line_end;
    }
    (body, chars.len(), lines)
}
