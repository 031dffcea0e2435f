//! Routes: "this ref goes to that environment", from arrow lines and routing tables.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::TextRole;
use super::env::{EnvStrength, FoundEnv};
use regex_automata::meta;

use super::{constant_regex, constant_short_text_regex, Claim, ClaimKind, Ctx, RouteSubject};

/// `→`, `->`, `-->`, `=>`, and a few look-alikes.
static ARROW: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"\s*(?:-{1,2}>|={1,2}>|→|⟶|➜|➡\x{FE0F}?|⇒)\s*"));

/// A tag or tag pattern: `v1.0.0-rc1`, `v*`, `v*.*.*`, `vX.Y.Z`, `1.2.3`, `*.*.*`.
static TAG_TOKEN: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^(?:refs/tags/)?(?:v(?:\d|\*|[xX](?:\.|$)|\{|\[|<)|V\d|\d+\.(?:\d|\*|[xX])|\*\.\*)",
    )
});

/// A branch or branch pattern: `main`, `release/*`, `refs/heads/x`.
static BRANCH_TOKEN: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^(?:refs/heads/[\w./*-]+|main|master|develop|trunk|(?:release|releases|feature|features|hotfix|hotfixes|bugfix|fix)/[\w.*-]*|[\w.-]+/\*{1,2})$",
    )
});

/// "PR", "PRs", "pull request(s)": a pull request event (upper-case PR only, so "pr" in
/// other words or lower-case slugs is not one).
static PULL_REQUEST: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"\b(?:(?i:pull[\s-]+requests?)|PRs?)\b"));

/// "merged", "merging", "merge": a merged pull request is a push to its base branch.
static MERGE_WORD: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bmerg(?:e|es|ed|ing)\b"));

/// The base branch after the pull request words: "PRs to `develop`", "against main".
static PR_BASE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^[^.;]{0,40}?\b(?:to|against|targeting|into|on)\s+(?:the\s+)?`?([\w./*-]+)`?",
    )
});

/// A pull request subject: the words name pull requests and no merge. Returns the base
/// branch when one is named (`Some(None)`: the default branch).
pub(crate) fn pull_request_subject(text: &str) -> Option<Option<String>> {
    let pr = PULL_REQUEST.find(text)?;
    if MERGE_WORD.is_match(text) {
        return None;
    }
    let after = text.get(pr.end()..).unwrap_or("");
    let base = PR_BASE
        .captures(after)
        .and_then(|c| c.get(1))
        .map(|m| strip_ref_prefix(m.as_str()).to_string())
        .filter(|b| is_branch_token(b));
    Some(base)
}

/// Table headers naming the environment column.
static ENV_HEADER: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"(?i)\b(?:environments?|envs?|deploys?\s+to|deployed\s+to|deploy(?:ment)?\s+targets?|targets?|destination)\b",
    )
});

/// Table headers naming the ref/trigger column.
static REF_HEADER: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"(?i)\b(?:tags?|branch(?:es)?|triggers?|triggered\s+by|refs?|events?|versions?|patterns?|source)\b",
    )
});

/// Words that make an unclassified route source plausible ("RC → Staging").
const ROUTING_WORDS: &[&str] = &[
    "tag",
    "tags",
    "release",
    "releases",
    "rc",
    "rcs",
    "stable",
    "hotfix",
    "hotfixes",
    "version",
    "versions",
    "merge",
    "merges",
    "merged",
    "push",
    "pushes",
    "pushed",
    "commit",
    "commits",
    "pr",
    "prs",
    "pull",
    "candidate",
    "candidates",
    "prerelease",
    "pre-release",
    "nightly",
];

/// Code block languages whose lines may be arrow routes (diagrams written as plain text).
const TEXT_LANGS: &[&str] = &["", "text", "txt", "plain", "plaintext", "none", "output"];

/// Arrow lines in text code blocks, paragraphs and list items.
pub(crate) fn arrow_routes(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    // Lines already read, by 1-based line number.
    let mut seen = vec![false; ctx.file.line_count() + 1];
    let mut seen_lines = |line: u32| match seen.get_mut(line as usize) {
        Some(slot) => !std::mem::replace(slot, true),
        None => true,
    };
    for code in &ctx.blocks.codes {
        if super::mermaid::is_mermaid(&code.lang) {
            let edges = super::mermaid::flowchart_edges(code.lines.iter().map(|l| l.text.as_str()));
            for (i, text) in edges {
                let Some(line) = code.lines.get(i) else {
                    continue;
                };
                let line_no = ctx.line_of(line.offset);
                if seen_lines(line_no) {
                    route_line(ctx, line_no, &text, out);
                }
            }
            continue;
        }
        if !TEXT_LANGS.contains(&code.lang.as_str()) {
            continue;
        }
        for line in &code.lines {
            let line_no = ctx.line_of(line.offset);
            if seen_lines(line_no) {
                route_line(ctx, line_no, &line.text, out);
            }
        }
    }
    for block in &ctx.blocks.texts {
        if !matches!(block.role, TextRole::Paragraph | TextRole::ListItem) {
            continue;
        }
        let range = block.source_range();
        let first = ctx.line_of(range.start);
        let last = ctx.line_of(range.end.saturating_sub(1).max(range.start));
        for line_no in first..=last {
            if seen_lines(line_no) {
                let raw = ctx.file.line_text(line_no);
                // Stripping markup only removes characters: a line without an arrow character
                // cannot become a route, so it is not stripped.
                if may_hold_arrow(raw) {
                    route_line(ctx, line_no, &strip_line_markup(raw), out);
                }
            }
        }
    }
}

/// Can `text` hold an [`ARROW`]? Every arrow has a `>` or is one of `→`, `⟶`, `➜`, `➡`,
/// `⇒` (UTF-8 bytes E2 xx yy); a quick byte search before the regex.
fn may_hold_arrow(text: &str) -> bool {
    const ARROW_TAILS: &[[u8; 2]] = &[
        [0x86, 0x92],
        [0x9F, 0xB6],
        [0x9E, 0x9C],
        [0x9E, 0xA1],
        [0x87, 0x92],
    ];
    let bytes = text.as_bytes();
    memchr::memchr(b'>', bytes).is_some()
        || memchr::memchr_iter(0xE2, bytes).any(|i| {
            bytes
                .get(i + 1..i + 3)
                .is_some_and(|tail| ARROW_TAILS.iter().any(|t| t == tail))
        })
}

/// "promotes", "promotion": a chain of environments that a build is promoted along, one
/// stage at a time (often by hand), not one event that reaches every stage.
static PROMOTION_WORD: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bpromot(?:e|es|ed|ing|ions?)\b"));

fn route_line(ctx: &Ctx<'_>, line_no: u32, content: &str, out: &mut Vec<Claim>) {
    if !may_hold_arrow(content) || !ARROW.is_match(content) {
        return;
    }
    let promotion_path = PROMOTION_WORD.is_match(content);
    for group in arrow_groups(content) {
        if let Some(kind) = route_from_group(ctx, &group, promotion_path) {
            out.push(Claim {
                kind,
                span: ctx.trimmed_line_span(line_no),
                text: ctx.file.line_text(line_no).trim().to_string(),
            });
        }
    }
}

/// Split a line into arrow clauses: "RC → Staging, Stable → Prod" is two; "v1 → Staging, then
/// Production" is one (a comma piece without an arrow continues the previous clause).
fn arrow_groups(content: &str) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for piece in content.split([',', ';']) {
        if ARROW.is_match(piece) {
            groups.push(piece.to_string());
        } else if let Some(last) = groups.last_mut() {
            last.push(',');
            last.push_str(piece);
        }
    }
    groups
}

/// One arrow clause as a route. On a promotion path only the first hop is claimed: the
/// subject reaches the first stage; later stages are promotions the text does not say how.
fn route_from_group(ctx: &Ctx<'_>, group: &str, promotion_path: bool) -> Option<ClaimKind> {
    let mut segments = ARROW.split(group);
    let subject = clean_subject(segments.next()?);
    let mut envs: Vec<FoundEnv> = Vec::new();
    let hops = if promotion_path { 1 } else { usize::MAX };
    for (i, segment) in segments.take(hops).enumerate() {
        let found = find_target_envs(ctx, segment);
        if i == 0 && found.is_empty() {
            return None;
        }
        for env in found {
            if !envs.iter().any(|e| e.canonical == env.canonical) {
                envs.push(env);
            }
        }
    }
    if subject.is_empty() || envs.is_empty() {
        return None;
    }
    let refs = classify_subject(&subject);
    let plausible = match &refs {
        RouteSubject::Other(_) => {
            let strong = envs.iter().any(|e| e.strength == EnvStrength::Strong);
            strong && (has_routing_word(&subject) || !find_envs(ctx, &subject).is_empty())
        }
        _ => true,
    };
    plausible.then(|| ClaimKind::Route {
        subject,
        refs,
        envs: envs.into_iter().map(|e| e.canonical).collect(),
    })
}

fn find_envs(ctx: &Ctx<'_>, text: &str) -> Vec<FoundEnv> {
    ctx.patterns
        .env_words
        .find(&strip_parens(text), &ctx.patterns.aliases)
}

/// Environments named on the target side of a route. A URL or a folder path there
/// ("→ https://host/charts/dev", "→ `site/dev/`") says where files are published, not an
/// environment: its words do not count. A link's text does, and so does a slash list of
/// environment names ("staging/production").
fn find_target_envs(ctx: &Ctx<'_>, text: &str) -> Vec<FoundEnv> {
    let text = MARKDOWN_LINK.replace_all(text, "$1 ");
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|token| !is_location(ctx, token))
        .collect();
    find_envs(ctx, &kept.join(" "))
}

/// `[text](url)`: the text stays, the address goes.
static MARKDOWN_LINK: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"\[([^\]]*)\]\([^)]*\)"));

/// A URL, a host name or a path whose parts are not all environment names.
fn is_location(ctx: &Ctx<'_>, token: &str) -> bool {
    let token = token.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | ',' | ';' | '<' | '>'));
    if token.contains("://") || token.starts_with("www.") {
        return true;
    }
    if !token.contains('/') {
        return false;
    }
    !token
        .split('/')
        .filter(|part| !part.is_empty())
        .all(|part| !find_envs(ctx, part).is_empty())
}

/// Routing tables: a header with an environment column and a ref/trigger column.
pub(crate) fn table_routes(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let texts = &ctx.blocks.texts;
    let cell_text = |idx: usize| texts.get(idx).map_or(String::new(), |t| t.text.clone());
    for table in &ctx.blocks.tables {
        let head: Vec<String> = table.head.iter().map(|&i| cell_text(i)).collect();
        // "Environment variable" columns hold settings, not deployment targets.
        let Some(env_col) = head
            .iter()
            .position(|h| ENV_HEADER.is_match(h) && !h.to_lowercase().contains("variable"))
        else {
            continue;
        };
        let ref_col = head
            .iter()
            .enumerate()
            .position(|(i, h)| i != env_col && REF_HEADER.is_match(h));
        // Without a ref-like header, the first column may still hold refs; then only rows
        // whose first cell is clearly a tag, branch or manual trigger count.
        let (subject_col, by_header) = match ref_col {
            Some(col) => (col, true),
            None if env_col != 0 => (0, false),
            None => continue,
        };
        for row in &table.rows {
            let cell = |col: usize| row.cells.get(col).map_or(String::new(), |&i| cell_text(i));
            let subject = clean_subject(&cell(subject_col));
            let envs = find_target_envs(ctx, &cell(env_col));
            if subject.is_empty() || envs.is_empty() {
                continue;
            }
            let refs = classify_subject(&subject);
            let plausible = match &refs {
                RouteSubject::Other(_) => {
                    by_header && envs.iter().any(|e| e.strength == EnvStrength::Strong)
                }
                _ => true,
            };
            if !plausible {
                continue;
            }
            let line = ctx.line_of(row.range.start);
            out.push(Claim {
                kind: ClaimKind::Route {
                    subject,
                    refs,
                    envs: envs.into_iter().map(|e| e.canonical).collect(),
                },
                span: ctx.trimmed_line_span(line),
                text: ctx.file.line_text(line).trim().to_string(),
            });
        }
    }
}

/// Classify a route source; see [`RouteSubject`] for the order.
pub(crate) fn classify_subject(subject: &str) -> RouteSubject {
    let plain = strip_parens(subject);
    let tokens: Vec<&str> = plain
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|t| t.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | ':' | ';' | '!')))
        .filter(|t| !t.is_empty())
        .collect();
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    if lower
        .iter()
        .any(|t| t.starts_with("manual") || t.contains("workflow_dispatch") || t == "dispatch")
    {
        return RouteSubject::Manual;
    }
    if let Some(tag) = tokens.iter().find(|t| is_tag_token(t)) {
        return RouteSubject::Tag(strip_ref_prefix(tag).to_string());
    }
    if let Some(base) = pull_request_subject(&plain) {
        return RouteSubject::PullRequest(base);
    }
    if let Some(branch) = tokens.iter().find(|t| is_branch_token(t)) {
        return RouteSubject::Branch(strip_ref_prefix(branch).to_string());
    }
    let has = |words: &[&str]| lower.iter().any(|t| words.contains(&t.as_str()));
    if has(&["tag", "tags", "tagged"]) {
        return RouteSubject::Tag(subject.to_string());
    }
    if has(&["branch", "branches"]) {
        return RouteSubject::Branch(subject.to_string());
    }
    RouteSubject::Other(subject.to_string())
}

pub(crate) fn is_tag_token(token: &str) -> bool {
    TAG_TOKEN.is_match(token)
}

pub(crate) fn is_branch_token(token: &str) -> bool {
    BRANCH_TOKEN.is_match(token)
}

fn strip_ref_prefix(token: &str) -> &str {
    token
        .strip_prefix("refs/tags/")
        .or_else(|| token.strip_prefix("refs/heads/"))
        .unwrap_or(token)
}

fn has_routing_word(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .any(|w| ROUTING_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The source side of a route without markup: quotes, backticks, comment and list markers.
fn clean_subject(raw: &str) -> String {
    let s = raw.trim();
    let s = s.trim_start_matches(['#', '-', '+', '>', ' ', '\t']);
    let s = s.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | ':' | '|' | ' ' | '\t'));
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Remove parenthesised remarks: "Staging Environment (❌ S3 BACKEND ERROR)" → "Staging Environment ".
pub(crate) fn strip_parens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A paragraph line without block markers and emphasis: `> - **v1** → prod` → `v1 → prod`.
fn strip_line_markup(raw: &str) -> String {
    let mut s = raw.trim_start();
    loop {
        let before = s;
        s = s.trim_start_matches('>').trim_start();
        for marker in ["- ", "* ", "+ "] {
            if let Some(rest) = s.strip_prefix(marker) {
                s = rest.trim_start();
            }
        }
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            let rest = s.get(digits..).unwrap_or("");
            if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
                s = rest.trim_start();
            }
        }
        for task in ["[ ] ", "[x] ", "[X] "] {
            if let Some(rest) = s.strip_prefix(task) {
                s = rest.trim_start();
            }
        }
        if s == before {
            break;
        }
    }
    s.replace("**", "").replace("__", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_subjects() {
        let cases = [
            ("v1.0.0-rc1", RouteSubject::Tag("v1.0.0-rc1".into())),
            ("`v*.*.*`", RouteSubject::Tag("v*.*.*".into())),
            ("v*", RouteSubject::Tag("v*".into())),
            ("refs/tags/v2", RouteSubject::Tag("v2".into())),
            ("release tags", RouteSubject::Tag("release tags".into())),
            ("main", RouteSubject::Branch("main".into())),
            ("main push", RouteSubject::Branch("main".into())),
            ("push to main", RouteSubject::Branch("main".into())),
            ("feature/*", RouteSubject::Branch("feature/*".into())),
            (
                "refs/heads/release/1.x",
                RouteSubject::Branch("release/1.x".into()),
            ),
            ("main manual", RouteSubject::Manual),
            ("workflow_dispatch", RouteSubject::Manual),
            ("Manual", RouteSubject::Manual),
            ("RC", RouteSubject::Other("RC".into())),
            ("version", RouteSubject::Other("version".into())),
            ("PR", RouteSubject::PullRequest(None)),
            (
                "Pull requests to `develop`",
                RouteSubject::PullRequest(Some("develop".into())),
            ),
            ("PR merged to main", RouteSubject::Branch("main".into())),
            ("sprint", RouteSubject::Other("sprint".into())),
        ];
        for (input, want) in cases {
            assert_eq!(classify_subject(input), want, "{input}");
        }
    }

    #[test]
    fn groups_arrow_clauses() {
        assert_eq!(
            arrow_groups("RC → Staging, Stable → Prod"),
            vec!["RC → Staging".to_string(), " Stable → Prod".to_string()]
        );
        assert_eq!(
            arrow_groups("For releases, v1 → Staging, then Production"),
            vec![" v1 → Staging, then Production".to_string()]
        );
    }

    #[test]
    fn every_arrow_passes_the_byte_check() {
        for arrow in [
            "->",
            "-->",
            "=>",
            "==>",
            "→",
            "⟶",
            "➜",
            "➡",
            "➡\u{FE0F}",
            "⇒",
        ] {
            let line = format!("v1 {arrow} prod");
            assert!(ARROW.is_match(&line), "{arrow}");
            assert!(may_hold_arrow(&line), "{arrow}");
        }
        assert!(!may_hold_arrow("v1 - prod = staging — “quoted” ⇐ ←"));
    }

    #[test]
    fn strips_line_markup() {
        let cases = [
            ("> - **v1** → prod", "v1 → prod"),
            ("  12. `main` -> staging", "main -> staging"),
            ("- [x] feature/* => dev", "feature/* => dev"),
            ("v*.*.* → production", "v*.*.* → production"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_line_markup(input), want, "{input}");
        }
    }
}
