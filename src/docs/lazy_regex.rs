//! A claim-pattern regex compiled on first use. `rules/claims.yml` holds some hundred patterns
//! and compiling them all cost more than reading a small repository; the literal prefilter
//! rules out most of them for any one doc, so most never need compiling.

use std::ops::Deref;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// Compiled regexes are capped so a user-supplied pattern cannot take unbounded memory.
const SIZE_LIMIT: usize = 1 << 20;

/// A case-insensitive regex whose syntax was checked up front and which compiles the first time
/// it is searched with (through `Deref`).
#[derive(Debug, Clone)]
pub struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// Check the syntax now (every error but an exceeded size limit) and compile later.
    pub fn new(pattern: &str) -> Result<LazyRegex, String> {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .map_err(|e| format!("bad regex `{pattern}`: {e}"))?;
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            compiled: OnceLock::new(),
        })
    }

    /// Compile now: for patterns from the user's config, so that every error, the size limit
    /// included, is reported when the config is read.
    pub fn eager(pattern: &str) -> Result<LazyRegex, String> {
        let regex = build(pattern)?;
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            compiled: OnceLock::from(regex),
        })
    }

    /// The pattern as written (no compilation).
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether it has been compiled (for tests).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // The syntax was checked in `new`; only the size limit can fail here (built-in
            // patterns are tested to compile). A pattern too big to build then matches nothing.
            build(&self.pattern).unwrap_or_else(|_| never())
        })
    }
}

fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("bad regex `{pattern}`: {e}"))
}

/// A regex that matches nothing.
fn never() -> Regex {
    static NEVER: OnceLock<Regex> = OnceLock::new();
    NEVER
        .get_or_init(|| crate::docs::constant_regex(r"[^\s\S]"))
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

    #[test]
    fn syntax_errors_are_reported_at_once() {
        let err = LazyRegex::new("deploy(").unwrap_err();
        assert!(err.starts_with("bad regex `deploy(`:"), "{err}");
    }

    #[test]
    fn eager_reports_the_size_limit_and_lazy_then_matches_nothing() {
        let huge = r"\w{1000}\w{1000}\w{1000}";
        let err = LazyRegex::eager(huge).unwrap_err();
        assert!(err.contains("size limit"), "{err}");
        let lazy = LazyRegex::new(huge).unwrap();
        assert!(!lazy.is_match(&"a".repeat(3000)));
    }
}
