//! A claim-pattern regex compiled on first use. `rules/claims.yml` holds some hundred patterns
//! and compiling them all cost more than reading a small repository; the literal prefilter
//! rules out most of them for any one doc, so most never need compiling.
//!
//! Each pattern is parsed once, up front: the parse checks the syntax, gives the literal
//! prefilter its literals, and is what the regex is later compiled from.
//!
//! The regex is searched by the engines of `regex-automata`'s meta regex configured as the
//! `regex` crate configures it (leftmost-first, UTF-8, Unicode, case-insensitive), built and
//! run as a line regex's are ([`super::line_regex::Matcher`]), so it matches exactly what
//! `RegexBuilder::new(p).case_insensitive(true)` would. Two of the meta regex's engines are left
//! out, as they only make some searches faster and cost more to build than the claim searches
//! gain: the literal prefilter (claim sentences are short and were already prefiltered by
//! `literals.rs`) and the one-pass DFA (used only for anchored searches). A pattern that can
//! match the empty string, and the user's patterns (compiled when the config is read, so that
//! every error is reported then), are meta regexes.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::OnceLock;

use regex_automata::meta::{self, Regex};
use regex_automata::MatchKind;
use regex_syntax::hir::Hir;

use super::line_regex::{Matcher, Reparse};
use crate::ascii_regex::ascii_classes;

/// Compiled regexes are capped so a user-supplied pattern cannot take unbounded memory.
const SIZE_LIMIT: usize = 1 << 20;

/// The lazy DFA's cache, as the `regex` crate sets it.
const HYBRID_CACHE: usize = 2 * (1 << 20);

/// A case-insensitive regex whose syntax was checked up front and which compiles the first time
/// it is searched with (through `Deref`).
#[derive(Debug, Clone)]
pub struct LazyRegex {
    pattern: String,
    /// Built-in: compiled with ASCII classes; the user's: as written.
    ascii: bool,
    /// The pattern parsed (case-insensitive), kept while the literal prefilter is built from
    /// it and then dropped ([`LazyRegex::forget_parse`]): the parses of the built-in patterns
    /// took ~1 MB for the process' whole life. Parsed again when needed.
    hir: Option<Hir>,
    compiled: OnceLock<Matcher>,
}

impl LazyRegex {
    /// A built-in pattern (rules/claims.yml): check the syntax now (every error but an
    /// exceeded size limit) and compile later, with ASCII Perl classes and word boundaries
    /// ([`crate::ascii_regex`]).
    pub fn new(pattern: &str) -> Result<LazyRegex, String> {
        let hir = parse(&ascii_classes(pattern)).map_err(|e| bad(pattern, &e))?;
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            ascii: true,
            hir: Some(hir),
            compiled: OnceLock::new(),
        })
    }

    /// Compile now, as written (Unicode classes): for patterns from the user's config, so that
    /// every error, the size limit included, is reported when the config is read.
    pub fn eager(pattern: &str) -> Result<LazyRegex, String> {
        let hir = parse(pattern).map_err(|e| bad(pattern, &e))?;
        let regex = build(&hir).map_err(|e| bad(pattern, &e))?;
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            ascii: false,
            hir: Some(hir),
            compiled: OnceLock::from(Matcher::meta(regex)),
        })
    }

    /// The pattern as written (no compilation).
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The parsed pattern (no compilation): kept from `new`, or parsed again.
    pub fn hir(&self) -> Cow<'_, Hir> {
        match &self.hir {
            Some(hir) => Cow::Borrowed(hir),
            None => Cow::Owned(self.parse_again()),
        }
    }

    /// Drop the parse kept from `new` (see the field); `hir` and compiling parse again.
    pub fn forget_parse(&mut self) {
        self.hir = None;
    }

    /// The text `new` or `eager` parsed.
    fn parsed_text(&self) -> Cow<'_, str> {
        if self.ascii {
            ascii_classes(&self.pattern)
        } else {
            Cow::Borrowed(self.pattern.as_str())
        }
    }

    fn parse_again(&self) -> Hir {
        // It parsed in `new`; the same text parses again.
        parse(&self.parsed_text()).unwrap_or_else(|_| Hir::fail())
    }

    /// How the compiled engines parse the pattern again (for their reverse NFA).
    fn reparse(&self) -> Reparse {
        Reparse {
            text: self.parsed_text().into(),
            parse: |text| parse(text).ok(),
        }
    }

    /// Whether it has been compiled (for tests).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

impl Deref for LazyRegex {
    type Target = Matcher;

    fn deref(&self) -> &Matcher {
        self.compiled.get_or_init(|| {
            // The syntax was checked in `new`; only the size limit can fail here (built-in
            // patterns are tested to compile). A pattern too big to build then matches nothing.
            // The engines parse again for their reverse NFA, if a search needs it; the rare
            // pattern left to the meta regex is parsed again.
            Matcher::from_hir(self.hir().into_owned(), SIZE_LIMIT, self.reparse())
                .unwrap_or_else(|| Matcher::meta(build(&self.hir()).unwrap_or_else(|_| never())))
        })
    }
}

/// Parse as the `regex` crate does for `RegexBuilder::case_insensitive(true)`.
fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

/// Build from the parse; an error is worded as the `regex` crate words it.
fn build(hir: &Hir) -> Result<Regex, String> {
    let config = without_prefilter(SIZE_LIMIT).onepass(false);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
            None => e.to_string(),
        })
}

/// The meta regex configuration of the `regex` crate's `Regex` (which matches the same as it,
/// at the same positions), without its literal prefilter: a prefilter makes searches of long
/// texts faster, but building it costs more than it gains on a few short texts.
pub(crate) fn without_prefilter(size_limit: usize) -> meta::Config {
    meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(size_limit))
        .hybrid_cache_capacity(HYBRID_CACHE)
        .auto_prefilter(false)
}

fn bad(pattern: &str, error: &str) -> String {
    format!("bad regex `{pattern}`: {error}")
}

/// A regex that matches nothing.
fn never() -> Regex {
    static NEVER: OnceLock<Regex> = OnceLock::new();
    NEVER
        .get_or_init(|| {
            build(&Hir::fail()).unwrap_or_else(|e| panic!("the empty regex does not build: {e}"))
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_on_first_search_only() {
        let re = LazyRegex::new(r"\bdeploy(s|ed)?\b").unwrap();
        assert!(!re.is_compiled());
        assert_eq!(re.as_str(), r"\bdeploy(s|ed)?\b");
        assert!(!re.is_compiled());
        assert!(re.is_match("We DEPLOYED it"));
        assert!(re.is_compiled());
        assert!(!re.is_match("redeployment"));
    }

    /// Without its kept parse a pattern parses and compiles the same, built-in (ASCII classes)
    /// and the user's (as written).
    #[test]
    fn forgotten_parse_is_parsed_again() {
        for mut re in [
            LazyRegex::new(r"\bcaf\w*").unwrap(),
            LazyRegex::eager(r"\bcaf\w*").unwrap(),
        ] {
            let kept = re.hir().into_owned();
            re.forget_parse();
            assert_eq!(*re.hir(), kept);
        }
        let mut builtin = LazyRegex::new(r"\bcaf\b").unwrap();
        builtin.forget_parse();
        assert!(builtin.is_match("café"), "ASCII \\b after forget_parse");
    }

    #[test]
    fn syntax_errors_are_reported_at_once() {
        let err = LazyRegex::new("deploy(").unwrap_err();
        assert!(err.starts_with("bad regex `deploy(`:"), "{err}");
    }

    #[test]
    fn eager_reports_the_size_limit_and_lazy_then_matches_nothing() {
        let huge = r"\p{L}{1000}\p{L}{1000}\p{L}{1000}";
        let err = LazyRegex::eager(huge).unwrap_err();
        assert!(err.contains("size limit"), "{err}");
        let lazy = LazyRegex::new(huge).unwrap();
        assert!(!lazy.is_match(&"a".repeat(3000)));
    }

    /// Errors read as the `regex` crate's, for a syntax error and for the size limit.
    #[test]
    fn errors_are_worded_as_the_regex_crate_words_them() {
        for pattern in ["deploy(", r"\w{1000}\w{1000}\w{1000}", "[z-a]", r"\p{Nope}"] {
            let theirs = regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(SIZE_LIMIT)
                .build()
                .unwrap_err();
            let want = format!("bad regex `{pattern}`: {theirs}");
            assert_eq!(LazyRegex::eager(pattern).unwrap_err(), want);
        }
    }

    /// Same matches as the `regex` crate's case-insensitive regex, at the same positions,
    /// searched once, repeatedly, and for a yes/no: `new` as the pattern with ASCII classes,
    /// `eager` as written.
    #[test]
    fn matches_as_the_regex_crate_matches() {
        let cases: &[(&str, &[&str])] = &[
            (
                r"\bdeploy(?:s|ed)?\b",
                &["Deployed, deploys; redeploy DEPLOY", "déploy deployé", ""],
            ),
            (
                r"\bpush\s+tags?\b",
                &["PUSH  tag", "pu\u{17F}h tags", "pushtag"],
            ),
            (r"x*", &["", "axxb", "é"]),
            (r"^(?:on|when)$", &["On", "when ", "ON"]),
            (r"\w+ed\b", &["rolléd rolled ROLLED", "ſed"]),
        ];
        let pairs = cases.iter().flat_map(|(pattern, texts)| {
            let builtin = (
                LazyRegex::new(pattern).unwrap(),
                ascii_classes(pattern).into_owned(),
                *texts,
            );
            let user = (
                LazyRegex::eager(pattern).unwrap(),
                pattern.to_string(),
                *texts,
            );
            [builtin, user]
        });
        for (ours, pattern, texts) in pairs {
            let theirs = regex::RegexBuilder::new(&pattern)
                .case_insensitive(true)
                .build()
                .unwrap();
            for text in texts {
                let want: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
                let got: Vec<_> = ours.find_iter(*text).map(|m| m.range()).collect();
                assert_eq!(got, want, "{pattern} in {text:?}");
                let first = ours.find(*text).map(|m| m.range());
                assert_eq!(first, theirs.find(text).map(|m| m.range()), "{pattern}");
                assert_eq!(ours.is_match(*text), theirs.is_match(text), "{pattern}");
            }
        }
    }
}
