use super::*;

/// (pattern, value, whether the pattern body matches the value)
const MATCH_CASES: &[(&str, &str, bool)] = &[
    // Version tags: `*` spans anything but `/`, so pre-releases match too.
    ("v*.*.*", "v1.2.3", true),
    ("v*.*.*", "v1.0.0-rc1", true),
    ("v*.*.*", "v10.20.30", true),
    ("v*.*.*", "x1.2.3", false),
    ("v*.*.*", "v1.2", false),
    ("v*.*.*", "v1.2.3/x", false),
    ("v*.*.*-rc*", "v1.2.3-rc1", true),
    ("v*.*.*-rc*", "v1.2.3-rc", true),
    ("v*.*.*-rc*", "v1.2.3", false),
    ("v*", "v1.2.3", true),
    ("v*", "v", true),
    ("v*", "release", false),
    // Anchored: no partial matches.
    ("main", "main", true),
    ("main", "main2", false),
    ("main", "not-main", false),
    ("main", "Main", false),
    // `*` stops at `/`, `**` does not.
    ("feature/*", "feature/a", true),
    ("feature/*", "feature/a/b", false),
    ("feature/*", "feature/", true),
    ("feature/**", "feature/a", true),
    ("feature/**", "feature/a/b", true),
    ("feature/**", "feature", false),
    ("*", "a", true),
    ("*", "a/b", false),
    ("**", "a/b", true),
    ("**", "", true),
    // Sets, ranges and `+`.
    ("v[12].[0-9]+.[0-9]+", "v1.10.1", true),
    ("v[12].[0-9]+.[0-9]+", "v2.0.0", true),
    ("v[12].[0-9]+.[0-9]+", "v3.0.0", false),
    ("v[12].[0-9]+.[0-9]+", "v1..0", false),
    ("v[12].[0-9]+.[0-9]+", "v1.0.0-rc1", false),
    ("v[0-9]+.[0-9]+", "v1.1", true),
    ("[CB]at", "Cat", true),
    ("[CB]at", "Bat", true),
    ("[CB]at", "Hat", false),
    ("[1-2]00", "100", true),
    ("[1-2]00", "200", true),
    ("[1-2]00", "300", false),
    ("[0-9a-z]", "q", true),
    ("[0-9a-z]", "Q", false),
    ("[-_]x", "-x", true),
    ("[-_]x", "_x", true),
    // `?` and `+` apply to the preceding character only.
    ("mains?", "main", true),
    ("mains?", "mains", true),
    ("mains?", "mainss", false),
    ("Octoc?at", "Octocat", true),
    ("Octoc?at", "Octoat", true),
    ("ma+in", "maaain", true),
    ("ma+in", "min", false),
    ("releases/**-alpha", "releases/10-alpha", true),
    ("releases/**-alpha", "releases/a/b-alpha", true),
    ("releases/**-alpha", "releases/10-beta", false),
    // Escapes: `\*` is a literal star; other backslashes are literal.
    ("a\\*b", "a*b", true),
    ("a\\*b", "axb", false),
    ("a\\[b", "a[b", true),
    ("a\\b", "a\\b", true),
    ("\\!x", "!x", true),
    // Regex metacharacters are literal.
    ("a.b", "a.b", true),
    ("a.b", "axb", false),
    ("(x)|y", "(x)|y", true),
    ("a^b$", "a^b$", true),
    // Non-ASCII literal.
    ("é*", "été", true),
    // GitHub's cheat sheet, branches and tags.
    ("feature/**", "feature/beta-a/my-branch", true),
    ("feature/**", "feature/mona/the/octocat", true),
    ("*", "main", true),
    ("*", "releases", true),
    ("**", "all/the/branches", true),
    ("*feature", "mona-feature", true),
    ("*feature", "feature", true),
    ("*feature", "ver-10-feature", true),
    ("v2*", "v2", true),
    ("v2*", "v2.0", true),
    ("v2*", "v2.9", true),
    // GitHub's cheat sheet, paths.
    ("*", "README.md", true),
    ("*.jsx?", "page.js", true),
    ("*.jsx?", "page.jsx", true),
    ("*.js", "app.js", true),
    ("*.js", "js/index.js", false),
    ("**.js", "index.js", true),
    ("**.js", "js/index.js", true),
    ("**.js", "src/js/app.js", true),
    ("docs/*", "docs/README.md", true),
    ("docs/*", "docs/mona/octocat.txt", false),
    ("docs/**", "docs/mona/octocat.txt", true),
    ("docs/**/*.md", "docs/README.md", true),
    ("docs/**/*.md", "docs/mona/hello-world.md", true),
    ("docs/**/*.md", "docs/a/markdown/file.md", true),
    ("docs/**/*.md", "docs/a/markdown/file.txt", false),
    ("**/docs/**", "docs/hello.md", true),
    ("**/docs/**", "dir/docs/my-file.txt", true),
    ("**/docs/**", "space/docs/plan/space.doc", true),
    ("**/docs/**", "mydocs/x", false),
    ("**/README.md", "README.md", true),
    ("**/README.md", "js/README.md", true),
    ("**/*src/**", "a/src/app.js", true),
    ("**/*src/**", "my-src/code/js/app.js", true),
    ("**/*-post.md", "my-post.md", true),
    ("**/*-post.md", "path/their-post.md", true),
    ("**/migrate-*.sql", "migrate-10909.sql", true),
    ("**/migrate-*.sql", "db/migrate-v1.0.sql", true),
    ("**/migrate-*.sql", "db/sept/migrate-v1.sql", true),
    // Negated patterns: `matches` tests the body only.
    ("!releases/**-alpha", "releases/10-alpha", true),
];

#[test]
fn pattern_bodies_match_as_github_documents() {
    let mut failures = Vec::new();
    for &(pattern, value, expected) in MATCH_CASES {
        let parsed = Pattern::parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        if parsed.matches(value) != expected {
            failures.push(format!("{pattern:?} on {value:?}: expected {expected}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// (patterns in order, value, whether the list matches)
const LIST_CASES: &[(&[&str], &str, bool)] = &[
    (&["releases/**", "!releases/**-alpha"], "releases/10", true),
    (
        &["releases/**", "!releases/**-alpha"],
        "releases/10-alpha",
        false,
    ),
    (&["releases/**", "!releases/**-alpha"], "main", false),
    (&["!a", "a"], "a", true),
    (&["a", "!a"], "a", false),
    (&["!a"], "a", false),
    (&["!a"], "b", false),
    (&["!a", "!b"], "c", false),
    (&[], "main", false),
    (&["main", "release/*"], "release/1.x", true),
    // GitHub's path examples with negation.
    (&["*.md", "!README.md"], "hello.md", true),
    (&["*.md", "!README.md"], "README.md", false),
    (&["*.md", "!README.md"], "docs/hello.md", false),
    (&["*.md", "!README.md", "README*"], "hello.md", true),
    (&["*.md", "!README.md", "README*"], "README.md", true),
    (&["*.md", "!README.md", "README*"], "README.doc", true),
];

#[test]
fn lists_use_last_match_with_negation() {
    for &(patterns, value, expected) in LIST_CASES {
        let list = FilterList::parse(patterns).unwrap_or_else(|e| panic!("{patterns:?}: {e}"));
        assert_eq!(list.matches(value), expected, "{patterns:?} on {value:?}");
    }
}

#[test]
fn deciding_pattern_is_the_last_match() {
    let list = FilterList::parse(&["releases/**", "!releases/**-alpha"]).expect("valid");
    assert_eq!(
        list.deciding_pattern("releases/1-alpha").map(Pattern::raw),
        Some("!releases/**-alpha")
    );
    assert_eq!(
        list.deciding_pattern("releases/1").map(Pattern::raw),
        Some("releases/**")
    );
    assert_eq!(list.deciding_pattern("main").map(Pattern::raw), None);
}

#[test]
fn passes_combines_include_and_ignore_lists() {
    let include = FilterList::parse(&["main", "release/**"]).expect("valid");
    let ignore = FilterList::parse(&["release/**-rc", "dependabot/**"]).expect("valid");
    let cases: &[(Option<&FilterList>, Option<&FilterList>, &str, bool)] = &[
        (None, None, "anything", true),
        (Some(&include), None, "main", true),
        (Some(&include), None, "dev", false),
        (None, Some(&ignore), "dependabot/npm", false),
        (None, Some(&ignore), "dev", true),
        (Some(&include), Some(&ignore), "release/1", true),
        (Some(&include), Some(&ignore), "release/1-rc", false),
    ];
    for &(inc, ign, value, expected) in cases {
        assert_eq!(passes(inc, ign, value), expected, "{value}");
    }
    // An ignore list whose negative pattern re-admits a value.
    let ignore_negated = FilterList::parse(&["release/**", "!release/1.x"]).expect("valid");
    assert!(passes(None, Some(&ignore_negated), "release/1.x"));
    assert!(!passes(None, Some(&ignore_negated), "release/2.x"));
}

#[test]
fn raw_and_negation_are_kept() {
    let p = Pattern::parse("!docs/**").expect("valid");
    assert_eq!(p.raw(), "!docs/**");
    assert!(p.is_negated());
    let p = Pattern::parse("a!b").expect("valid");
    assert!(!p.is_negated());
    assert!(p.matches("a!b"));
}

/// (pattern, error offset in characters)
const INVALID_CASES: &[(&str, usize)] = &[
    ("", 0),
    ("!", 1),
    ("v[0-9", 1),
    ("[", 0),
    ("a[]", 2),
    ("[0-]", 2),
    ("[9-0]", 1),
    ("[a-Z]", 1),
    ("[A-z]", 1),
    ("?abc", 0),
    ("+abc", 0),
    ("!?abc", 1),
    ("*?", 1),
    ("**+", 2),
    ("a??", 2),
    ("a+?", 2),
    ("[ab\\", 0),
];

#[test]
fn invalid_patterns_are_errors_with_offsets() {
    for &(pattern, offset) in INVALID_CASES {
        match Pattern::parse(pattern) {
            Ok(_) => panic!("{pattern:?} should be invalid"),
            Err(e) => {
                assert_eq!(e.offset, offset, "{pattern:?}: {e}");
                assert_eq!(e.pattern, pattern);
            }
        }
    }
    let err = FilterList::parse(&["main", "v[0-9"]).expect_err("second is invalid");
    assert_eq!(err.pattern, "v[0-9");
}

/// (pattern, example)
const EXAMPLE_CASES: &[(&str, Option<&str>)] = &[
    ("v*.*.*", Some("v1.0.0")),
    ("v*.*.*-rc*", Some("v1.0.0-rc1")),
    ("release/**", Some("release/x")),
    ("v[0-9]+.[0-9]+", Some("v1.1")),
    ("v[12].[0-9]+.[0-9]+", Some("v1.1.1")),
    ("v2*", Some("v2")),
    ("main", Some("main")),
    ("feature/*", Some("feature/x")),
    ("*", Some("x")),
    ("**/README.md", Some("README.md")),
    ("docs/**/*.md", Some("docs/x.md")),
    ("mains?", Some("mains")),
    ("[CB]at", Some("Cat")),
    ("a\\*b", Some("a*b")),
    ("releases/**-alpha", Some("releases/x-alpha")),
    ("!releases/**", None),
];

#[test]
fn examples_are_plausible_and_match() {
    for &(pattern, expected) in EXAMPLE_CASES {
        let p = Pattern::parse(pattern).expect("valid");
        let example = p.example();
        assert_eq!(example.as_deref(), expected, "{pattern}");
        if let Some(value) = example {
            assert!(p.matches(&value), "{pattern} example {value}");
        }
    }
}

#[test]
fn odd_input_never_panics() {
    let inputs = [
        "[",
        "]",
        "\\",
        "!\\",
        "[\\",
        "[a-",
        "[-",
        "**/**/",
        "/**",
        "a/**/",
        "\u{0}",
        "[\u{10FFFF}]",
        "!!",
        "***",
        "*+",
        "[]]",
        "[a-a]",
    ];
    for input in inputs {
        if let Ok(p) = Pattern::parse(input) {
            let _ = p.matches("a/b");
            let _ = p.example();
        }
    }
    assert!(Pattern::parse("!!").expect("valid").matches("!"));
    assert!(Pattern::parse("[a-a]").expect("valid").matches("a"));
}

/// Tiny deterministic generator (no dependency): a linear congruential sequence.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let i = usize::try_from(self.0 >> 33).unwrap_or(0) % from.len();
        from.get(i).copied().unwrap_or("")
    }

    fn string(&mut self, from: &[&str], max_len: usize) -> String {
        let len = self.pick(&["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
        let len = len.parse::<usize>().unwrap_or(0).min(max_len);
        (0..len).map(|_| self.pick(from)).collect()
    }
}

/// Matching walks the pieces; it must agree with the anchored regex the pattern means on
/// every pattern and value, including `/`, newlines and non-ASCII characters.
#[test]
fn walk_agrees_with_the_reference_regex() {
    let pattern_parts = [
        "a", "b", "/", "*", "**", "**/", "?", "+", "[ab]", "[0-9]", "[/]", "\\*", "\\", ".", "1",
        "\n", "é", "-", "!",
    ];
    let value_parts = ["a", "b", "/", "1", ".", "-", "\n", "é", "*", "ab", "//"];
    let mut rng = Lcg(7);
    let mut compared = 0;
    for _ in 0..3000 {
        let raw = rng.string(&pattern_parts, 6);
        let Ok(p) = Pattern::parse(&raw) else {
            continue;
        };
        let reference = p.reference_regex().expect("short patterns compile");
        for _ in 0..12 {
            let value = rng.string(&value_parts, 7);
            assert_eq!(
                p.matches(&value),
                reference.is_match(&value),
                "{raw:?} on {value:?}"
            );
            compared += 1;
        }
    }
    assert!(compared > 10_000, "only {compared} comparisons");
}

/// Patterns up to the bound are matched without compiling their regex, so every one of them
/// must be one the regex engine accepts; the densest pieces, repeated to the bound, compile.
#[test]
fn patterns_up_to_the_bound_compile() {
    let bound = super::pattern::ALWAYS_COMPILES;
    for unit in ["*a", "**a", "**/a/", "é?", "[a-z0-9é]+", "\u{10FFFF}+"] {
        let whole = bound / unit.chars().count();
        let mut raw = unit.repeat(whole);
        raw.extend(std::iter::repeat_n('a', bound - raw.chars().count()));
        assert_eq!(raw.chars().count(), bound, "{unit}");
        let p = Pattern::parse(&raw).unwrap_or_else(|e| panic!("{unit}: {e}"));
        assert!(p.reference_regex().is_ok(), "{unit} at {bound} characters");
    }
    // Far past the bound the regex engine gives up, and the pattern is still an error.
    let huge = "*a".repeat(20_000);
    let err = Pattern::parse(&huge).expect_err("too big for the regex engine");
    assert_eq!(err.offset, 0);
    assert!(
        err.message.starts_with("pattern too complex"),
        "{}",
        err.message
    );
}
