//! One filter pattern: parsed into pieces and matched by walking them (the meaning is that of
//! an anchored regex built from the pieces, see [`to_regex`]; building that regex for every
//! pattern cost more than all the matching).

use super::FilterError;
use regex::Regex;

/// What one position of a pattern matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    /// A literal character (escaped or not).
    Char(char),
    /// `[...]`: one character from the listed characters and ranges.
    Set(Vec<SetItem>),
    /// `*`: any run of characters except `/`.
    Star,
    /// `**`: any run of characters, `/` included.
    DoubleStar,
    /// `**/` at the start or right after a `/`: zero or more whole directories, so
    /// `docs/**/*.md` also matches `docs/README.md`.
    AnyDirs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetItem {
    Char(char),
    Range(char, char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quant {
    One,
    /// `?`
    Optional,
    /// `+`
    OneOrMore,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    quant: Quant,
}

/// One branch, tag or path filter pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    raw: String,
    negated: bool,
    pieces: Vec<Piece>,
}

/// Patterns up to this many characters always compile as a regex (tested); longer ones are
/// compiled once at parse time so that one too big for the regex engine is still an error.
pub(super) const ALWAYS_COMPILES: usize = 256;

/// Characters a `\` can escape; before any other character `\` is itself literal (paths may
/// contain backslashes).
const ESCAPABLE: &[char] = &['\\', '*', '?', '+', '[', ']', '!'];

impl Pattern {
    pub fn parse(raw: &str) -> Result<Pattern, FilterError> {
        let chars: Vec<char> = raw.chars().collect();
        let (negated, start) = match chars.first() {
            Some('!') => (true, 1),
            _ => (false, 0),
        };
        let err = |offset: usize, message: &str| FilterError {
            pattern: raw.to_string(),
            offset,
            message: message.to_string(),
        };
        if chars.len() <= start {
            return Err(err(
                start,
                if negated {
                    "`!` must be followed by a pattern"
                } else {
                    "empty pattern"
                },
            ));
        }
        let pieces = parse_pieces(&chars, start).map_err(|(at, msg)| err(at, &msg))?;
        if chars.len() > ALWAYS_COMPILES {
            Regex::new(&to_regex(&pieces))
                .map_err(|e| err(start, &format!("pattern too complex: {e}")))?;
        }
        Ok(Pattern {
            raw: raw.to_string(),
            negated,
            pieces,
        })
    }

    /// The pattern as written, including a leading `!`.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// Whether the body of the pattern matches all of `value` (negation is not applied).
    pub fn matches(&self, value: &str) -> bool {
        matches_pieces(&self.pieces, value)
    }

    /// The characters every value the body matches starts with: the literal characters before
    /// the first wildcard, set or optional character (`v1.*` gives `v1.`, `v1+` gives `v1`,
    /// `v1?` gives `v`). Lets a caller skip patterns that cannot match a value.
    pub fn literal_prefix(&self) -> String {
        let mut prefix = String::new();
        for p in &self.pieces {
            match (&p.atom, p.quant) {
                (Atom::Char(c), Quant::One) => prefix.push(*c),
                (Atom::Char(c), Quant::OneOrMore) => {
                    prefix.push(*c);
                    break;
                }
                _ => break,
            }
        }
        prefix
    }

    /// The regex the pattern means, as matching used to run it: the reference for tests.
    #[cfg(test)]
    pub(super) fn reference_regex(&self) -> Result<Regex, regex::Error> {
        Regex::new(&to_regex(&self.pieces))
    }

    /// A plausible value the pattern matches, for reports: `v*.*.*` gives `v1.0.0`,
    /// `release/**` gives `release/x`, `v[0-9]+.[0-9]+` gives `v1.1`. None for negated
    /// patterns (they describe what is left out).
    pub fn example(&self) -> Option<String> {
        if self.negated {
            return None;
        }
        [true, false]
            .into_iter()
            .map(|numeric| build_example(&self.pieces, numeric))
            .find(|candidate| self.matches(candidate))
    }
}

/// Split the pattern body (from `start`) into pieces. Errors carry a character offset.
fn parse_pieces(chars: &[char], start: usize) -> Result<Vec<Piece>, (usize, String)> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        match c {
            '*' => {
                if chars.get(i + 1) == Some(&'*') {
                    let at_dir_start = i == start || chars.get(i.wrapping_sub(1)) == Some(&'/');
                    if at_dir_start && chars.get(i + 2) == Some(&'/') {
                        pieces.push(piece(Atom::AnyDirs));
                        i += 3;
                    } else {
                        pieces.push(piece(Atom::DoubleStar));
                        i += 2;
                    }
                } else {
                    pieces.push(piece(Atom::Star));
                    i += 1;
                }
            }
            '?' | '+' => {
                let quant = if c == '?' {
                    Quant::Optional
                } else {
                    Quant::OneOrMore
                };
                match pieces.last_mut() {
                    Some(last)
                        if last.quant == Quant::One
                            && matches!(last.atom, Atom::Char(_) | Atom::Set(_)) =>
                    {
                        last.quant = quant;
                    }
                    _ => {
                        return Err((i, format!("`{c}` must follow a character or a `[...]` set")))
                    }
                }
                i += 1;
            }
            '[' => {
                let (items, next) = parse_set(chars, i)?;
                pieces.push(piece(Atom::Set(items)));
                i = next;
            }
            '\\' => match chars.get(i + 1) {
                Some(&next) if ESCAPABLE.contains(&next) => {
                    pieces.push(piece(Atom::Char(next)));
                    i += 2;
                }
                _ => {
                    pieces.push(piece(Atom::Char('\\')));
                    i += 1;
                }
            },
            _ => {
                pieces.push(piece(Atom::Char(c)));
                i += 1;
            }
        }
    }
    Ok(pieces)
}

fn piece(atom: Atom) -> Piece {
    Piece {
        atom,
        quant: Quant::One,
    }
}

/// Parse `[...]` starting at the `[` at `open`; returns the items and the index after `]`.
fn parse_set(chars: &[char], open: usize) -> Result<(Vec<SetItem>, usize), (usize, String)> {
    let mut items = Vec::new();
    let mut i = open + 1;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err((open, "`[` is never closed with `]`".to_string()));
        };
        let (first, after_first) = match c {
            ']' if items.is_empty() => return Err((i, "empty `[]` set".to_string())),
            ']' => return Ok((items, i + 1)),
            '\\' => match chars.get(i + 1) {
                Some(&next) => (next, i + 2),
                None => return Err((open, "`[` is never closed with `]`".to_string())),
            },
            _ => (c, i + 1),
        };
        let is_range = chars.get(after_first) == Some(&'-')
            && chars.get(after_first + 1).is_some_and(|&end| end != ']');
        if chars.get(after_first) == Some(&'-') && chars.get(after_first + 1) == Some(&']') {
            return Err((after_first, "range has no end".to_string()));
        }
        if is_range {
            let end_at = after_first + 1;
            let end = chars.get(end_at).copied().unwrap_or(first);
            if !same_range_class(first, end) {
                return Err((
                    i,
                    format!("range `{first}-{end}` must lie within a-z, A-Z or 0-9"),
                ));
            }
            if first > end {
                return Err((i, format!("range `{first}-{end}` is reversed")));
            }
            items.push(SetItem::Range(first, end));
            i = end_at + 1;
        } else {
            items.push(SetItem::Char(first));
            i = after_first;
        }
    }
}

/// GitHub documents ranges only inside a-z, A-Z and 0-9.
fn same_range_class(a: char, b: char) -> bool {
    (a.is_ascii_lowercase() && b.is_ascii_lowercase())
        || (a.is_ascii_uppercase() && b.is_ascii_uppercase())
        || (a.is_ascii_digit() && b.is_ascii_digit())
}

/// Whether `pieces` match all of `value`, exactly as the regex of [`to_regex`] would: a walk
/// over the set of live positions, one character at a time (no backtracking, so `*a*a*a` on a
/// long value stays linear). Position `i < n` waits before piece `i`, `n` is the end, and
/// `n + 1 + i` is inside the `.*/` of an [`Atom::AnyDirs`] at `i`.
fn matches_pieces(pieces: &[Piece], value: &str) -> bool {
    let n = pieces.len();
    let mut live = vec![false; 2 * n + 1];
    let mut next = vec![false; 2 * n + 1];
    let mut stack: Vec<usize> = Vec::new();
    enter(pieces, &mut live, &mut stack, 0);
    for c in value.chars() {
        next.fill(false);
        for (state, _) in live.iter().enumerate().filter(|(_, on)| **on) {
            if let Some(p) = pieces.get(state) {
                let targets: &[usize] = match (&p.atom, p.quant) {
                    (Atom::Char(_) | Atom::Set(_), _) if !atom_accepts(&p.atom, c) => &[],
                    (Atom::Char(_) | Atom::Set(_), Quant::OneOrMore) => &[state, state + 1],
                    (Atom::Char(_) | Atom::Set(_), _) => &[state + 1],
                    // `[^/]*` and `.*` (`.` is anything but a newline).
                    (Atom::Star, _) if c != '/' => &[state],
                    (Atom::DoubleStar, _) if c != '\n' => &[state],
                    _ => &[],
                };
                for &t in targets {
                    enter(pieces, &mut next, &mut stack, t);
                }
            } else if let Some(at) = state.checked_sub(n + 1) {
                // Inside `(?:.*/)?`: any character but a newline; a `/` may end the group.
                if c != '\n' {
                    enter(pieces, &mut next, &mut stack, state);
                }
                if c == '/' {
                    enter(pieces, &mut next, &mut stack, at + 1);
                }
            }
        }
        std::mem::swap(&mut live, &mut next);
        if !live.contains(&true) {
            return false;
        }
    }
    live.get(n).copied().unwrap_or(false)
}

/// Mark `state` live with every position reachable from it without reading a character.
fn enter(pieces: &[Piece], live: &mut [bool], stack: &mut Vec<usize>, state: usize) {
    let n = pieces.len();
    stack.push(state);
    while let Some(s) = stack.pop() {
        match live.get_mut(s) {
            Some(on) if !*on => *on = true,
            _ => continue,
        }
        let Some(p) = pieces.get(s) else {
            continue;
        };
        match (&p.atom, p.quant) {
            (Atom::Char(_) | Atom::Set(_), Quant::Optional)
            | (Atom::Star | Atom::DoubleStar, _) => stack.push(s + 1),
            (Atom::AnyDirs, _) => {
                stack.push(s + 1);
                stack.push(n + 1 + s);
            }
            (Atom::Char(_) | Atom::Set(_), _) => {}
        }
    }
}

fn atom_accepts(atom: &Atom, c: char) -> bool {
    match atom {
        Atom::Char(x) => *x == c,
        Atom::Set(items) => items.iter().any(|item| match item {
            SetItem::Char(x) => *x == c,
            SetItem::Range(a, b) => (*a..=*b).contains(&c),
        }),
        Atom::Star | Atom::DoubleStar | Atom::AnyDirs => false,
    }
}

/// The regex a pattern means (anchored at both ends). Matching walks the pieces instead; the
/// regex stays the reference for long patterns and for the tests.
fn to_regex(pieces: &[Piece]) -> String {
    let mut out = String::from("^");
    for p in pieces {
        match &p.atom {
            Atom::Char(c) => out.push_str(&regex::escape(&c.to_string())),
            Atom::Set(items) => {
                out.push('[');
                for item in items {
                    match item {
                        SetItem::Char(c) => out.push_str(&format!("\\x{{{:X}}}", u32::from(*c))),
                        SetItem::Range(a, b) => {
                            out.push(*a);
                            out.push('-');
                            out.push(*b);
                        }
                    }
                }
                out.push(']');
            }
            Atom::Star => out.push_str("[^/]*"),
            Atom::DoubleStar => out.push_str(".*"),
            Atom::AnyDirs => out.push_str("(?:.*/)?"),
        }
        match p.quant {
            Quant::One => {}
            Quant::Optional => out.push('?'),
            Quant::OneOrMore => out.push('+'),
        }
    }
    out.push('$');
    out
}

/// Build an example. With `numeric`, wildcards in version-like places become digits
/// (`v*.*.*` → `v1.0.0`); otherwise every wildcard becomes `x`.
fn build_example(pieces: &[Piece], numeric: bool) -> String {
    let mut out = String::new();
    let mut seen_number = false;
    for p in pieces {
        match &p.atom {
            Atom::Char(c) => out.push(*c),
            Atom::Set(items) => out.push(example_set_char(items)),
            Atom::AnyDirs => {}
            Atom::Star | Atom::DoubleStar => {
                if numeric && wants_number(&out) {
                    if out.ends_with(|c: char| c.is_ascii_digit()) {
                        // `v2*`: the digit already there is a fine version.
                    } else if seen_number && out.ends_with('.') {
                        out.push('0');
                    } else {
                        out.push('1');
                        seen_number = true;
                    }
                } else {
                    out.push('x');
                }
            }
        }
    }
    out
}

/// Whether a wildcard after `before` sits where a version number usually goes.
fn wants_number(before: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    let last_word = lower.rsplit(['/', '-', '_', '.']).next().unwrap_or("");
    lower.ends_with(|c: char| c.is_ascii_digit() || c == '.')
        || ["v", "rc", "alpha", "beta", "pre"].contains(&last_word)
}

fn example_set_char(items: &[SetItem]) -> char {
    let has_one = items.iter().any(|item| match item {
        SetItem::Char(c) => *c == '1',
        SetItem::Range(a, b) => (*a..=*b).contains(&'1'),
    });
    if has_one {
        return '1';
    }
    match items.first() {
        Some(SetItem::Char(c)) | Some(SetItem::Range(c, _)) => *c,
        None => 'x',
    }
}
