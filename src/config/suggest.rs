//! "Did you mean" hints: the closest known word by edit distance.

/// The candidate closest to `word`, when it is close enough to be a plausible typo:
/// at most a third of the candidate's length in edits (and at least one edit allowed).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters (words here are short).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev
                .get(j)
                .map_or(usize::MAX, |p| p + usize::from(ca != *cb));
            let delete = prev.get(j + 1).map_or(usize::MAX, |p| p + 1);
            let insert = cur.get(j).map_or(usize::MAX, |p| p + 1);
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
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
