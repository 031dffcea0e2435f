//! "Did you mean" hints: the closest known word by edit distance. The one place for them
//! (config keys, rule ids, event names, workflow files, dispatch inputs).

/// The candidate closest to `word` (ignoring case), when it is close enough to be a plausible
/// typo: at most a third of the shorter word's length in edits, and at least two allowed.
/// Ties go to the candidate first in sort order.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (word.chars().count().min(c.chars().count()) / 3).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let cases = [
            ("", "", 0),
            ("rules", "rules", 0),
            ("rulez", "rules", 1),
            ("rule", "rules", 1),
            ("default-branch", "default_branch", 1),
            ("kitten", "sitting", 3),
            ("", "abc", 3),
        ];
        for (a, b, d) in cases {
            assert_eq!(edit_distance(a, b), d, "{a} vs {b}");
        }
    }

    #[test]
    fn closest_candidates() {
        let keys = [
            "rules",
            "docs",
            "environments",
            "claims",
            "state",
            "default_branch",
        ];
        let cases = [
            ("rulez", Some("rules")),
            ("doc", Some("docs")),
            ("default-branch", Some("default_branch")),
            ("enviroments", Some("environments")),
            ("claim", Some("claims")),
            ("stat", Some("state")),
            ("xyz", None),
            ("severity", None),
        ];
        for (word, want) in cases {
            assert_eq!(closest(word, keys), want, "{word}");
        }
    }
}
