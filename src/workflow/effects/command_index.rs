//! Which command patterns of the effects table can match a script line, from the literals their
//! matches start with (`gh`, `npm`, `docker`, `curl`...): one scan of the line for all of them,
//! then only those patterns are searched, each with its own regex.
//!
//! This replaced one `RegexSet` of every pattern. Its lazy DFA had to follow all patterns at
//! once: with `.*` and `(\S+\s+)*` in several of them, nearly every new line built new states
//! (~1,300 states, 0.8 MB per thread on the real-world corpus, and most of its 100M
//! instructions; docs/performance.md, thirteenth session). Each pattern alone keeps a few.
//!
//! Exact: a pattern whose matches do not all start with one of a finite set of literals (as
//! `regex-syntax` extracts them; look-around such as `\b` takes no text) is tried on every
//! line.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

#[derive(Debug, Clone, Default)]
pub struct CommandIndex {
    /// Every first literal of every pattern that has a finite set of them.
    searcher: Option<AhoCorasick>,
    /// Per literal of `searcher`: the patterns whose matches may start with it.
    owners: Vec<Vec<usize>>,
    /// Patterns tried on every line.
    always: Vec<usize>,
    patterns: usize,
}

impl CommandIndex {
    /// The index of `patterns` (as compiled: the text the regexes were built from).
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> CommandIndex {
        let mut index = CommandIndex::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        for (i, pattern) in patterns.into_iter().enumerate() {
            index.patterns += 1;
            match first_literals(pattern) {
                Some(firsts) => {
                    for lit in firsts {
                        match literals.iter().position(|l| *l == lit) {
                            Some(at) => index.owners[at].push(i),
                            None => {
                                literals.push(lit);
                                index.owners.push(vec![i]);
                            }
                        }
                    }
                }
                None => index.always.push(i),
            }
        }
        if !literals.is_empty() {
            // A DFA: a few hundred literal bytes, and one transition per byte of each line.
            match AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&literals)
            {
                Ok(ac) => index.searcher = Some(ac),
                // No searcher: every pattern is tried on every line.
                Err(_) => {
                    index.always = (0..index.patterns).collect();
                    index.owners.clear();
                }
            }
        }
        index
    }

    /// Per pattern (index order): may it match `line`? False only where it cannot.
    pub fn candidates(&self, line: &str) -> Vec<bool> {
        let mut may = vec![false; self.patterns];
        for &i in &self.always {
            may[i] = true;
        }
        if let Some(ac) = &self.searcher {
            for m in ac.find_overlapping_iter(line) {
                for &i in &self.owners[m.pattern().as_usize()] {
                    may[i] = true;
                }
            }
        }
        may
    }
}

/// The literals every match of `pattern` starts with; None when there is no finite set of
/// non-empty ones (or the pattern does not parse).
fn first_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_patterns_a_line_may_match() {
        let patterns = [
            r"\bgh\s+release\b",
            r"\b(npm|pnpm)\s+publish\b",
            r"[a-z]+y",
            r"\bgit\s",
        ];
        let index = CommandIndex::new(patterns);
        // `[a-z]+y` starts with any of 26 letters, more than a literal set is made of: it is
        // tried on every line.
        assert_eq!(index.always, vec![2]);
        assert_eq!(
            index.candidates("pnpm publish"),
            vec![false, true, true, false]
        );
        assert_eq!(
            index.candidates("gh release create && git tag v1"),
            vec![true, false, true, true]
        );
        assert_eq!(index.candidates(""), vec![false, false, true, false]);
    }

    #[test]
    fn a_candidate_set_holds_every_pattern_that_matches() {
        let patterns = [
            r"\b(cargo\s+(test|nextest)|pytest|python\d?(\.\d+)?\s+-m\s+(pytest|unittest)|go\s+test)\b",
            r"\b(mvn|\./mvnw)\b.*\bdeploy\b",
            r"\bcurl\b.*hooks\.slack\.com|\bSLACK_WEBHOOK",
            r"\b(sendmail|mailx?|swaks)\s",
            r"\bssh\s",
        ];
        let index = CommandIndex::new(patterns);
        let lines = [
            "python3.11 -m pytest -q",
            "./mvnw -B deploy",
            "echo $SLACK_WEBHOOK",
            "curl -X POST https://hooks.slack.com/x",
            "mail -s hi a@b",
            "ssh host",
            "go test ./...",
            "echo nothing here",
            "pythonic go-tester",
        ];
        for line in lines {
            let may = index.candidates(line);
            for (i, p) in patterns.iter().enumerate() {
                if regex::Regex::new(p).unwrap().is_match(line) {
                    assert!(may[i], "{p} matches {line:?} but is no candidate");
                }
            }
        }
        assert!(index.always.is_empty());
        assert_eq!(index.candidates("echo nothing here"), vec![false; 5]);
    }
}
