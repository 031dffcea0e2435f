//! GitHub Actions branch, tag and path filter patterns (`on.push.branches`, `tags-ignore`,
//! `paths`, ...).
//!
//! Syntax: `*` any run of characters except `/`; `**` any run of characters; `?` zero or one of
//! the preceding character; `+` one or more of the preceding character; `[...]` one character
//! from a set or ranges (`a-z`, `A-Z`, `0-9`); a leading `!` negates; `\` escapes a special
//! character. Matching is anchored (whole string) and case-sensitive. In a list the last
//! matching pattern decides, so a list of only negative patterns matches nothing.

mod pattern;

#[cfg(test)]
mod tests;

pub use pattern::Pattern;

/// A pattern that GitHub would reject (or that cannot mean what its author wanted).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid filter pattern `{pattern}` at character {offset}: {message}")]
pub struct FilterError {
    /// The pattern as written, including any leading `!`.
    pub pattern: String,
    /// 0-based character offset in `pattern` where the problem was found.
    pub offset: usize,
    pub message: String,
}

/// An ordered list of patterns, as written under `branches:`, `tags:`, `paths:` or their
/// `-ignore` forms.
#[derive(Debug, Clone)]
pub struct FilterList {
    patterns: Vec<Pattern>,
}

impl FilterList {
    /// Parse every pattern; the first invalid one is the error.
    pub fn parse<S: AsRef<str>>(patterns: &[S]) -> Result<FilterList, FilterError> {
        let patterns = patterns
            .iter()
            .map(|p| Pattern::parse(p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FilterList { patterns })
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Last match wins: a matching positive pattern includes `value`, a matching negative one
    /// excludes it, and a value no pattern matches is not matched.
    pub fn matches(&self, value: &str) -> bool {
        self.deciding_pattern(value)
            .is_some_and(|pattern| !pattern.is_negated())
    }

    /// The pattern that decides `value` (the last one whose body matches), if any. Useful to
    /// explain a decision in a report.
    pub fn deciding_pattern(&self, value: &str) -> Option<&Pattern> {
        self.patterns.iter().rev().find(|p| p.matches(value))
    }
}

/// Whether `value` (a short branch or tag name, or a changed path) passes an include list and
/// an ignore list (e.g. `branches` and `branches-ignore`). A missing include list includes
/// everything; a missing ignore list ignores nothing.
pub fn passes(include: Option<&FilterList>, ignore: Option<&FilterList>, value: &str) -> bool {
    let included = include.is_none_or(|list| list.matches(value));
    let ignored = ignore.is_some_and(|list| list.matches(value));
    included && !ignored
}
