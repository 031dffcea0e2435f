//! Tokens of the `${{ }}` expression language. Offsets count characters from the start of
//! the expression source.

use super::value::parse_number_text;
use super::ExprError;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Null,
    True,
    False,
    Number(f64),
    Str(String),
    /// A context name, function name or property name.
    Ident(String),
    Dot,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Star,
}

impl Tok {
    /// Whether this token ends a value, so a following `-` or `.` cannot start a number.
    fn ends_value(&self) -> bool {
        matches!(
            self,
            Tok::Null
                | Tok::True
                | Tok::False
                | Tok::Number(_)
                | Tok::Str(_)
                | Tok::Ident(_)
                | Tok::RBracket
                | Tok::RParen
                | Tok::Star
        )
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Null => "`null`".to_string(),
            Tok::True => "`true`".to_string(),
            Tok::False => "`false`".to_string(),
            Tok::Number(_) => "a number".to_string(),
            Tok::Str(_) => "a string".to_string(),
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Dot => "`.`".to_string(),
            Tok::LBracket => "`[`".to_string(),
            Tok::RBracket => "`]`".to_string(),
            Tok::LParen => "`(`".to_string(),
            Tok::RParen => "`)`".to_string(),
            Tok::Comma => "`,`".to_string(),
            Tok::Not => "`!`".to_string(),
            Tok::Eq => "`==`".to_string(),
            Tok::Ne => "`!=`".to_string(),
            Tok::Lt => "`<`".to_string(),
            Tok::Le => "`<=`".to_string(),
            Tok::Gt => "`>`".to_string(),
            Tok::Ge => "`>=`".to_string(),
            Tok::And => "`&&`".to_string(),
            Tok::Or => "`||`".to_string(),
            Tok::Star => "`*`".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub offset: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let after_value = tokens.last().is_some_and(|t| t.tok.ends_value());
        let after_dot = tokens.last().is_some_and(|t| t.tok == Tok::Dot);
        let next = chars.get(i + 1).copied();
        let two = |a: char, b: char| c == a && next == Some(b);
        let (tok, len) = if after_dot && is_ident_char(c) {
            // A property name after `.` may start with a digit or `-` (`outputs.1st`).
            let len = chars[i..]
                .iter()
                .take_while(|&&ch| is_ident_char(ch))
                .count();
            (Tok::Ident(chars[i..i + len].iter().collect()), len)
        } else if is_ident_start(c) {
            let len = chars[i..]
                .iter()
                .take_while(|&&ch| is_ident_char(ch))
                .count();
            let word: String = chars[i..i + len].iter().collect();
            let tok = match word.as_str() {
                "null" => Tok::Null,
                "true" => Tok::True,
                "false" => Tok::False,
                "NaN" => Tok::Number(f64::NAN),
                "Infinity" => Tok::Number(f64::INFINITY),
                _ => Tok::Ident(word),
            };
            (tok, len)
        } else if starts_number(c, next, after_value) {
            lex_number(&chars, i)?
        } else if c == '\'' {
            lex_string(&chars, i)?
        } else if two('=', '=') {
            (Tok::Eq, 2)
        } else if two('!', '=') {
            (Tok::Ne, 2)
        } else if two('<', '=') {
            (Tok::Le, 2)
        } else if two('>', '=') {
            (Tok::Ge, 2)
        } else if two('&', '&') {
            (Tok::And, 2)
        } else if two('|', '|') {
            (Tok::Or, 2)
        } else {
            let tok = match c {
                '.' => Tok::Dot,
                '[' => Tok::LBracket,
                ']' => Tok::RBracket,
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                ',' => Tok::Comma,
                '!' => Tok::Not,
                '<' => Tok::Lt,
                '>' => Tok::Gt,
                '*' => Tok::Star,
                '"' => {
                    return Err(ExprError::new(
                        start,
                        "strings use single quotes; `\"` is not allowed",
                    ))
                }
                '=' => return Err(ExprError::new(start, "unexpected `=`; did you mean `==`?")),
                '&' => return Err(ExprError::new(start, "unexpected `&`; did you mean `&&`?")),
                '|' => return Err(ExprError::new(start, "unexpected `|`; did you mean `||`?")),
                other => {
                    return Err(ExprError::new(
                        start,
                        format!("unexpected character `{other}`"),
                    ))
                }
            };
            (tok, 1)
        };
        tokens.push(Token { tok, offset: start });
        i += len;
    }
    Ok(tokens)
}

/// A number starts with a digit, or with `-`/`.` followed by a digit where no value precedes
/// (so `a.b` and `x-1` stay what they are).
fn starts_number(c: char, next: Option<char>, after_value: bool) -> bool {
    if c.is_ascii_digit() {
        return true;
    }
    if after_value {
        return false;
    }
    let next_digit = next.is_some_and(|n| n.is_ascii_digit());
    match c {
        '-' => next_digit || next == Some('.') || next == Some('I'),
        '.' => next_digit,
        _ => false,
    }
}

fn lex_number(chars: &[char], start: usize) -> Result<(Tok, usize), ExprError> {
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        i += 1;
    }
    while let Some(&c) = chars.get(i) {
        let sign_in_exponent = matches!(c, '+' | '-')
            && i > start
            && matches!(chars.get(i - 1), Some('e' | 'E'))
            && !is_radix_literal(&chars[start..i]);
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' || sign_in_exponent {
            i += 1;
        } else {
            break;
        }
    }
    let text: String = chars[start..i].iter().collect();
    match parse_number_text(&text) {
        Some(n) if !text.is_empty() && text != "-" => Ok((Tok::Number(n), i - start)),
        _ => Err(ExprError::new(start, format!("invalid number `{text}`"))),
    }
}

fn is_radix_literal(text: &[char]) -> bool {
    let digits = match text.first() {
        Some('-') => &text[1..],
        _ => text,
    };
    matches!(digits, ['0', 'x' | 'X' | 'o' | 'O' | 'b' | 'B', ..])
}

/// `'...'` with `''` for a quote.
fn lex_string(chars: &[char], start: usize) -> Result<(Tok, usize), ExprError> {
    let mut value = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(ExprError::new(start, "string is never closed with `'`")),
            Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                value.push('\'');
                i += 2;
            }
            Some('\'') => return Ok((Tok::Str(value), i + 1 - start)),
            Some(&c) => {
                value.push(c);
                i += 1;
            }
        }
    }
}
