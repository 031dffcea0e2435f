//! Built-in regexes with ASCII Perl classes and word boundaries.
//!
//! In Unicode mode `\w` is ~770 ranges, `\s` and `\d` dozens more, and `\b` needs `\w` on both
//! sides: every one of them compiles to hundreds of NFA states (twice, for the reverse NFA),
//! and the lazy DFA cannot search a Unicode `\b` past a non-ASCII character at all (the regex
//! falls back to the slower engines). Built-in patterns (rules/claims.yml, the effects table,
//! the docs and rules' regex constants) read English prose, commands and YAML keys, where a
//! word is ASCII, so they are compiled with these classes rewritten to their ASCII forms:
//!
//! | written | compiled as | inside `[...]` |
//! | --- | --- | --- |
//! | `\w` `\d` `\s` | `(?-u:\w)` `(?-u:\d)` `(?-u:\s)` | `[:word:]` `[:digit:]` `[:space:]` |
//! | `\W` `\D` `\S` | `[^[:word:]]` ... | `[:^word:]` ... |
//! | `\b` `\B` | `(?-u:\b)` `(?-u:\B)` | |
//!
//! Matches differ only next to non-ASCII letters, digits or spaces (`é` is no longer a word
//! character). `.`, `[^...]` and literals keep matching any character, and case-insensitive
//! patterns stay case-insensitive. Patterns from the user's config are compiled as written.

use std::borrow::Cow;

/// The pattern with `\w \d \s \W \D \S \b \B` rewritten to ASCII (see the module doc).
/// Anything else, escapes and POSIX classes included, is kept as written.
pub fn ascii_classes(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains('\\') {
        return Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.char_indices().peekable();
    // Nesting depth of character classes, and whether the next character is the first of a
    // class (where `]` is a literal).
    let mut depth = 0usize;
    let mut class_start = false;
    while let Some((i, c)) = chars.next() {
        let at_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let Some((_, next)) = chars.next() else {
                    out.push(c);
                    break;
                };
                match ascii_form(next, depth > 0) {
                    Some(form) => out.push_str(form),
                    None => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' => {
                // A POSIX class such as `[:alpha:]` inside a class is copied whole; any other
                // `[` opens a (nested) class.
                match posix_class_len(&pattern[i..]).filter(|_| depth > 0) {
                    Some(len) => {
                        out.push_str(&pattern[i..i + len]);
                        while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                            chars.next();
                        }
                    }
                    None => {
                        out.push(c);
                        depth += 1;
                        class_start = true;
                    }
                }
            }
            '^' if at_start => {
                // `[^]...]`: the `]` after the negation is still a literal.
                out.push(c);
                class_start = true;
            }
            ']' if depth > 0 && !at_start => {
                out.push(c);
                depth -= 1;
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The ASCII form of the escape `\<letter>`, outside or inside a class; `None`: keep it.
fn ascii_form(letter: char, in_class: bool) -> Option<&'static str> {
    Some(match (letter, in_class) {
        ('w', false) => r"(?-u:\w)",
        ('d', false) => r"(?-u:\d)",
        ('s', false) => r"(?-u:\s)",
        ('W', false) => "[^[:word:]]",
        ('D', false) => "[^[:digit:]]",
        ('S', false) => "[^[:space:]]",
        ('b', false) => r"(?-u:\b)",
        ('B', false) => r"(?-u:\B)",
        ('w', true) => "[:word:]",
        ('d', true) => "[:digit:]",
        ('s', true) => "[:space:]",
        ('W', true) => "[:^word:]",
        ('D', true) => "[:^digit:]",
        ('S', true) => "[:^space:]",
        _ => return None,
    })
}

/// Length of a POSIX class `[:name:]` or `[:^name:]` at the start of `s`.
fn posix_class_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("[:")?;
    let rest_name = rest.strip_prefix('^').unwrap_or(rest);
    let name_len = rest_name.bytes().take_while(u8::is_ascii_lowercase).count();
    if name_len == 0 || !rest_name[name_len..].starts_with(":]") {
        return None;
    }
    Some(s.len() - rest_name.len() + name_len + 2)
}

/// Compile a built-in regex constant with ASCII classes (covered by tests; never user input).
pub fn constant(pattern: &str) -> regex::Regex {
    regex::Regex::new(&ascii_classes(pattern))
        .unwrap_or_else(|e| panic!("invalid built-in regex {pattern}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_perl_classes_and_boundaries() {
        let cases = [
            (r"\bdeploy\w*\b", r"(?-u:\b)deploy(?-u:\w)*(?-u:\b)"),
            (r"[\w.-]+\s+\d", r"[[:word:].-]+(?-u:\s)+(?-u:\d)"),
            (r"\W\D\S\B", r"[^[:word:]][^[:digit:]][^[:space:]](?-u:\B)"),
            (r"[^\W\s]", r"[^[:^word:][:space:]]"),
            (r"[]\w]", r"[][:word:]]"),
            (r"[^]\w]", r"[^][:word:]]"),
            (r"[[:alpha:]\w]", r"[[:alpha:][:word:]]"),
            (r"[a[\d]]\w", r"[a[[:digit:]]](?-u:\w)"),
            (r"\\w \. \p{L} \x{41} é", r"\\w \. \p{L} \x{41} é"),
            ("no escapes", "no escapes"),
            ("trailing \\", "trailing \\"),
        ];
        for (written, want) in cases {
            assert_eq!(ascii_classes(written), want, "{written}");
        }
    }

    /// On ASCII text the rewritten regex finds the same matches as the original; next to a
    /// non-ASCII letter it may not, and that is the documented difference.
    #[test]
    fn same_matches_on_ascii_text() {
        let patterns = [
            r"\bdeploy(?:s|ed)?\b",
            r"(?i)\bpush\s+tags?\b.{0,20}?\b(triggers?|starts?)\b",
            r"[\w.-]+\.ya?ml\b",
            r"^\W*jobs\W*:?\W*$",
            r"\d{1,2}[.)]\s+\S+",
            r"\Bploy",
            r"[^\s`]+",
        ];
        let texts = [
            "Deployed, deploys; redeploy DEPLOY",
            "Pushing  tags  will TRIGGER the release.yml workflow",
            "see .github/workflows/release-1.yaml and ci.yml.",
            "  ** Jobs: **",
            "12) step_one 3. two",
            "",
            "tab\tsep\nnew line `code` x",
        ];
        for p in patterns {
            let original = regex::Regex::new(p).unwrap();
            let ascii = constant(p);
            for t in texts {
                let want: Vec<_> = original.find_iter(t).map(|m| m.range()).collect();
                let got: Vec<_> = ascii.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(got, want, "{p} in {t:?}");
            }
        }
        // The difference: `é` is no longer a word character.
        assert!(regex::Regex::new(r"\bcaf\b")
            .unwrap()
            .find("café")
            .is_none());
        assert!(constant(r"\bcaf\b").find("café").is_some());
        // `.` and negated classes still cross non-ASCII text.
        assert!(constant(r"a.{0,3}b[^x]c").is_match("aéèbéc"));
    }
}
