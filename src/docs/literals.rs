//! A literal prefilter for the claim patterns: one substring scan per text block tells which
//! patterns can match which sentence, so most sentences skip most regexes.
//!
//! Every match of a regex starts with one of its prefix literals (as extracted by
//! `regex-syntax`). So a pattern whose literals all miss a sentence cannot match it, and only
//! the remaining candidates are run. Patterns without a finite, non-empty literal set are always
//! candidates. Results are the same as trying every pattern; only the work differs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::ParserBuilder;
use std::ops::Range;

/// Literals per pattern before the extractor shortens them (still prefixes, just less
/// selective). Case variants multiply quickly; a larger limit made building the prefilter cost
/// more than it saved per round of the corpus.
const LITERAL_LIMIT: usize = 250;

/// The prefix literals of a list of regexes, in one searcher.
#[derive(Debug, Clone, Default)]
pub(crate) struct Literals {
    /// The patterns, as compiled, this was built from (to notice a changed list).
    sources: Vec<String>,
    searcher: Option<AhoCorasick>,
    /// Pattern index of each literal of `searcher`.
    owner: Vec<usize>,
    /// Patterns with no usable literals: always candidates.
    always: Vec<usize>,
}

/// Which patterns can match inside one text: every literal occurrence, in text order.
pub(crate) struct Occurrences<'a> {
    literals: &'a Literals,
    /// (start, end, pattern index), sorted by start.
    found: Vec<(usize, usize, usize)>,
}

impl Literals {
    /// Literals of `regexes`, each compiled case-insensitively (as claim patterns are).
    pub(crate) fn case_insensitive<'a>(regexes: impl Iterator<Item = &'a Regex>) -> Literals {
        let mut out = Literals::default();
        let mut literal_texts: Vec<Vec<u8>> = Vec::new();
        for (index, re) in regexes.enumerate() {
            out.sources.push(re.as_str().to_string());
            match prefix_literals(re.as_str()) {
                Some(lits) => {
                    for lit in lits {
                        literal_texts.push(lit);
                        out.owner.push(index);
                    }
                }
                None => out.always.push(index),
            }
        }
        // ASCII case is folded by the searcher (literals were lowered), so an occurrence in any
        // ASCII case is found; non-ASCII folds (`ſ`, `K`) are literals of their own.
        out.searcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&literal_texts)
            .ok();
        if out.searcher.is_none() {
            // No searcher: every pattern stays a candidate.
            out.always = (0..out.sources.len()).collect();
            out.owner.clear();
        }
        out
    }

    /// Was this built from exactly these regexes?
    pub(crate) fn describes<'a>(&self, mut regexes: impl Iterator<Item = &'a Regex>) -> bool {
        let mut sources = self.sources.iter();
        loop {
            match (sources.next(), regexes.next()) {
                (None, None) => return true,
                (Some(s), Some(re)) if s == re.as_str() => {}
                _ => return false,
            }
        }
    }

    /// Every literal occurrence in `text` (overlapping ones included).
    pub(crate) fn scan(&self, text: &str) -> Occurrences<'_> {
        let found = self
            .searcher
            .as_ref()
            .map(|ac| {
                ac.find_overlapping_iter(text)
                    .filter_map(|m| {
                        let owner = self.owner.get(m.pattern().as_usize())?;
                        Some((m.start(), m.end(), *owner))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let mut found = found;
        found.sort_unstable();
        Occurrences {
            literals: self,
            found,
        }
    }
}

impl Occurrences<'_> {
    /// For each pattern: can it match the part `range` of the scanned text (searched on its
    /// own)? A match there would start with one of its literals, lying wholly inside `range`.
    pub(crate) fn candidates(&self, range: Range<usize>) -> Vec<bool> {
        let mut out = vec![false; self.literals.sources.len()];
        for &i in &self.literals.always {
            if let Some(slot) = out.get_mut(i) {
                *slot = true;
            }
        }
        let first = self
            .found
            .partition_point(|(start, _, _)| *start < range.start);
        for &(start, end, owner) in self.found.get(first..).unwrap_or_default() {
            if start >= range.end {
                break;
            }
            if end <= range.end {
                if let Some(slot) = out.get_mut(owner) {
                    *slot = true;
                }
            }
        }
        out
    }
}

/// Lowercased (ASCII) prefix literals of a case-insensitive pattern; None when the pattern has
/// no finite set of non-empty prefixes (it could match starting anywhere).
fn prefix_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    // Same syntax flags as the claim regexes: case-insensitive, Unicode, otherwise defaults.
    let hir = ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()?;
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_total(LITERAL_LIMIT)
        .extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut lowered: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    lowered.sort();
    lowered.dedup();
    Some(lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(p: &str) -> Regex {
        regex::RegexBuilder::new(p)
            .case_insensitive(true)
            .build()
            .unwrap()
    }

    #[test]
    fn literals_of_word_alternatives() {
        let words = |list: &[&str]| list.iter().map(|w| w.as_bytes().to_vec()).collect();
        assert_eq!(
            prefix_literals(r"\b(?:run|tap)e?\b"),
            Some(words(&["run", "rune", "tap", "tape"]))
        );
        // Can start anywhere: no literals.
        assert_eq!(prefix_literals(r"\w+ing"), None);
        assert_eq!(prefix_literals(r"x?"), None);
    }

    #[test]
    fn candidates_need_a_literal_inside_the_range() {
        let regexes = [ci(r"\bpush"), ci(r"\btags?\b"), ci(r"\w+ed\b")];
        let lits = Literals::case_insensitive(regexes.iter());
        let text = "PUSH the tag. Tagged it";
        let found = lits.scan(text);
        assert_eq!(found.candidates(0..13), vec![true, true, true]);
        assert_eq!(found.candidates(13..text.len()), vec![false, true, true]);
        // "tag" spans the end of the range: not wholly inside.
        assert_eq!(found.candidates(0..11), vec![true, false, true]);
        assert!(lits.describes(regexes.iter()));
        assert!(!lits.describes(regexes.iter().take(2)));
    }

    #[test]
    fn unicode_case_folds_are_found() {
        // `(?i)s` also matches U+017F (long s); its literal must be searched too.
        let regexes = [ci(r"push")];
        let lits = Literals::case_insensitive(regexes.iter());
        let text = "pu\u{17F}h";
        assert!(regexes[0].is_match(text));
        assert_eq!(lits.scan(text).candidates(0..text.len()), vec![true]);
    }
}
