//! Built-in regexes searched in short texts that a literal scan has usually vetted already (a
//! doc line, a sentence): `regex-automata`'s meta regex as the `regex` crate configures it
//! (same matches, same positions, same groups; ASCII classes, [`crate::ascii_regex`]), built
//! without the literal prefilter. Building the prefilter of a case-insensitive alternation
//! (`(?i)\b(not|never|no)\b` has dozens of case variants per word) costs about as much as
//! compiling the regex itself, and on a line of prose it saves nothing.
//!
//! [`LineRegex`] answers the part of `regex::Regex`'s interface these callers use, so a
//! `static X: LazyLock<LineRegex>` reads like the `regex::Regex` it replaces.

use std::ops::{Index, Range};

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::Input;

pub struct LineRegex(meta::Regex);

impl LineRegex {
    /// Compile a built-in pattern (covered by tests; never user input).
    pub fn new(pattern: &str) -> LineRegex {
        LineRegex(super::constant_rare_regex(pattern))
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.is_match(haystack)
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Found<'h>> {
        self.0.find(haystack).map(|m| Found {
            haystack,
            range: m.range(),
        })
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        self.0.find_iter(haystack).map(move |m| Found {
            haystack,
            range: m.range(),
        })
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let mut caps = self.0.create_captures();
        self.0.captures(haystack, &mut caps);
        caps.is_match().then_some(Groups { haystack, caps })
    }

    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        self.0
            .captures_iter(Input::new(haystack))
            .map(move |caps| Groups { haystack, caps })
    }
}

/// A match: what `regex::Match` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'h> {
    haystack: &'h str,
    range: Range<usize>,
}

impl<'h> Found<'h> {
    pub fn start(&self) -> usize {
        self.range.start
    }

    pub fn end(&self) -> usize {
        self.range.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.range.clone()]
    }
}

/// The groups of a match: what `regex::Captures` gives.
pub struct Groups<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    pub fn get(&self, i: usize) -> Option<Found<'h>> {
        self.caps.get_group(i).map(|s| Found {
            haystack: self.haystack,
            range: s.range(),
        })
    }

    pub fn name(&self, name: &str) -> Option<Found<'h>> {
        self.caps.get_group_by_name(name).map(|s| Found {
            haystack: self.haystack,
            range: s.range(),
        })
    }
}

impl Index<usize> for Groups<'_> {
    type Output = str;

    /// The group's text; panics when the group did not take part in the match, as
    /// `regex::Captures` does.
    fn index(&self, i: usize) -> &str {
        match self.caps.get_group(i) {
            Some(s) => &self.haystack[s.range()],
            None => panic!("no group at index '{i}'"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same matches, positions and groups as the `regex` crate's `Regex` of the pattern with
    /// ASCII classes, searched once, repeatedly, and with groups.
    #[test]
    fn matches_as_the_regex_crate_matches() {
        let cases: &[(&str, &[&str])] = &[
            (
                r"(?i)\b(not|never|no|without)\b",
                &["Never NOT no", "nothing known", "", "é no é"],
            ),
            (
                r"(?i)\b(kept|keeps?)\b[^.;]{0,40}?\b(\d{1,3})\s+days?\b",
                &[
                    "Artifacts are KEPT for 90 days; kept 5 days",
                    "kept. 9 days",
                ],
            ),
            (
                r"(?i)\bdeploy(?:s|ing)?\b[^.;]{0,30}?\b(?P<noun>tags?|versions?)\b",
                &["deploys a specific TAG", "deploy é versions", "deploy. tag"],
            ),
            (
                r"`:?([A-Za-z][\w.-]*-)<[\w-]+>`",
                &["`edge-<sha>` and `:pr-<n>`"],
            ),
            (r"a*", &["", "baaab", "é"]),
        ];
        for (pattern, texts) in cases {
            let theirs = regex::Regex::new(&crate::ascii_regex::ascii_classes(pattern)).unwrap();
            let ours = LineRegex::new(pattern);
            for text in *texts {
                let want: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
                let got: Vec<_> = ours.find_iter(text).map(|m| m.start()..m.end()).collect();
                assert_eq!(got, want, "{pattern} in {text:?}");
                assert_eq!(ours.is_match(text), theirs.is_match(text));
                let first = ours.find(text).map(|m| (m.start()..m.end(), m.as_str()));
                let want = theirs.find(text).map(|m| (m.range(), m.as_str()));
                assert_eq!(first, want, "{pattern} in {text:?}");
                let groups = |c: &Groups| -> Vec<Option<Range<usize>>> {
                    (0..theirs.captures_len())
                        .map(|i| c.get(i).map(|m| m.start()..m.end()))
                        .collect()
                };
                let theirs_groups = |c: &regex::Captures| -> Vec<Option<Range<usize>>> {
                    c.iter().map(|g| g.map(|m| m.range())).collect()
                };
                assert_eq!(
                    ours.captures(text).map(|c| groups(&c)),
                    theirs.captures(text).map(|c| theirs_groups(&c)),
                    "groups of {pattern} in {text:?}"
                );
                let all: Vec<_> = ours.captures_iter(text).map(|c| groups(&c)).collect();
                let want: Vec<_> = theirs
                    .captures_iter(text)
                    .map(|c| theirs_groups(&c))
                    .collect();
                assert_eq!(all, want, "every match of {pattern} in {text:?}");
                for c in ours.captures_iter(text) {
                    let named = c.name("noun").map(|m| m.as_str());
                    let want = theirs
                        .captures_at(text, c.get(0).map_or(0, |m| m.start()))
                        .and_then(|t| t.name("noun").map(|m| m.as_str()));
                    assert_eq!(named, want);
                    if let Some(g) = c.get(1) {
                        assert_eq!(&c[1], g.as_str());
                    }
                }
            }
        }
    }
}
