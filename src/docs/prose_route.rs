//! Routes written as sentences: "a tag such as `v2.3.0-rc.1` is deployed to the QA
//! environment", "anything merged into `develop` ships to staging". Arrow lines and tables are
//! read by `route.rs`; this reads the prose that says the same without an arrow.
//!
//! A sentence is a route when, outside a negation, it has one of the `route_verbs` of
//! rules/claims.yml, an environment after that verb, and a concrete ref: a tag (`v1.2.3`,
//! `1.4.0`, a backticked name right after the word "tag"), or a branch after "merged into",
//! "pushed to" or "commits to", or pull requests ("Open a PR: it is deployed to `review`")
//! when nothing says merged, manual or maybe. "Such a tag" / "that tag" take the tag of the
//! sentence before it in the same paragraph. Anything vaguer ("release tags go to staging")
//! names no ref to simulate and is left to the prose claims.

use std::sync::LazyLock;

use regex_automata::meta;

use super::blocks::{TextBlock, TextRole};
use super::env::EnvStrength;
use super::lazy_regex::LazyRegex;
use super::route::{is_branch_token, is_tag_token, pull_request_subject, strip_parens};
use super::{constant_rare_regex, Claim, ClaimKind, Ctx, RouteSubject};

/// "to the `live` environment": the name right before "environment" (any word written there
/// is a name, also a lowercase one the env word lists do not know).
static NAMED_ENV: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(r"(?i)^\W*(?:the\s+|our\s+)?`?([a-z][\w-]{1,30})`?\s+(?:environment|env)\b")
});

/// A branch named after a push or merge word: "merged into `develop`", "pushes to main".
static BRANCH_AFTER_PUSH: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)\b(?:merg(?:e|es|ed|ing)|push(?:es|ed|ing)?|commit(?:s|ted)?|land(?:s|ed)?)\s+(?:(?:it|them|this|that|the|your|a)\s+(?:[\w-]+\s+){0,2}?)?(?:in)?to\s+(?:the\s+|a\s+|an\s+|any\s+)?`?([\w./*-]+)`?",
    )
});

/// "such a tag", "that tag", "these tags": the tag of the previous sentence.
static TAG_ANAPHOR: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(r"(?i)\b(?:such\s+(?:a\s+)?tags?|th(?:at|is|ese|ose)\s+tags?)\b")
});

/// "then deploys it", "this is deployed": the sentence goes on about the one before.
static PRONOUN: LazyLock<meta::Regex> =
    LazyLock::new(|| constant_rare_regex(r"(?i)\b(?:it|this|then|that|them)\b"));

/// A branch named after the update verb: "whenever `develop` changes", "on every push to
/// `main`", "from the `main` branch".
static BRANCH_AFTER: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)^[^;]{0,60}?\b(?:whenever|when|after|each\s+time|every\s+time|on\s+(?:every\s+|each\s+)?(?:push(?:es)?|merges?|commits?)\s+(?:in)?to|from)\s+(?:the\s+|a\s+|an\s+)?`([\w./*-]+)`",
    )
});

/// "we are then able to deploy by hand", "if it passes it can be deployed": a pull request
/// sentence that says what may be done, or done manually, states no automatic route.
static MAYBE: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)\b(?:manual(?:ly)?|by\s+hand|able\s+to|can|could|may|might|should|would|if|unless)\b",
    )
});

/// The word "tag" right before a backticked name: "a tag named `rel-7`".
static TAG_WORD_BEFORE: LazyLock<meta::Regex> =
    LazyLock::new(|| constant_rare_regex(r"(?i)\btags?\b[^;]{0,60}$"));

pub(crate) fn prose_routes(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    if ctx.patterns.route_verbs.is_empty() {
        return;
    }
    let rel = ctx.file.rel.to_ascii_lowercase();
    if rel.contains("example") || rel.contains("template") {
        return;
    }
    for (block, split) in ctx.blocks.texts.iter().zip(ctx.sentences) {
        if !matches!(block.role, TextRole::Paragraph | TextRole::ListItem) {
            continue;
        }
        // The refs of the sentences before, for "such a tag" and "then deploys it".
        let mut previous = Previous::default();
        for sentence in &split.ranges {
            let Some(text) = split.flat.get(sentence.clone()) else {
                continue;
            };
            let tag_here = concrete_tag(block, sentence);
            let claim = route_in_sentence(ctx, text, tag_here.as_deref(), &previous)
                .or_else(|| env_updated_on_push(ctx, text));
            if let Some((verb_at, kind)) = claim {
                let start = block.source_offset(sentence.start + verb_at.start);
                let end = block.source_offset(sentence.start + verb_at.end);
                out.push(Claim {
                    kind,
                    span: ctx.file.span(start, end),
                    text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
            if tag_here.is_some() {
                previous.tag = tag_here;
            }
            if let Some(branch) = branch_before(text) {
                previous.branch = Some(branch);
            }
        }
    }
}

/// Refs named by earlier sentences of the same paragraph or list item.
#[derive(Default)]
struct Previous {
    tag: Option<String>,
    branch: Option<String>,
}

/// The route one sentence states, with the range of its verb; None when it states none.
fn route_in_sentence(
    ctx: &Ctx<'_>,
    text: &str,
    tag_here: Option<&str>,
    previous: &Previous,
) -> Option<(std::ops::Range<usize>, ClaimKind)> {
    // Arrow lines are route.rs's; negated, future or conditional sentences are no claims.
    if text.contains('→') || text.contains("->") || text.contains("=>") {
        return None;
    }
    let verb = first_verb(ctx, &ctx.patterns.route_verbs, text)?;
    let after = text.get(verb.end()..)?;
    // The environments end the clause: stop at a semicolon.
    let clause = after.split(';').next().unwrap_or(after);
    let envs = clause_envs(ctx, clause);
    if envs.is_empty() {
        return None;
    }
    let before = text.get(..verb.start())?;
    let refs = if let Some(tag) = tag_here {
        RouteSubject::Tag(tag.to_string())
    } else if let Some(base) = pull_request_subject(before).filter(|_| !MAYBE.is_match(text)) {
        RouteSubject::PullRequest(base)
    } else if let Some(branch) = branch_before(before) {
        RouteSubject::Branch(branch)
    } else if let (Some(tag), true) = (&previous.tag, TAG_ANAPHOR.is_match(before)) {
        RouteSubject::Tag(tag.clone())
    } else if let (Some(branch), true) = (&previous.branch, PRONOUN.is_match(text)) {
        RouteSubject::Branch(branch.clone())
    } else {
        return None;
    };
    let subject = match &refs {
        RouteSubject::Tag(t) | RouteSubject::Branch(t) => t.clone(),
        RouteSubject::PullRequest(Some(base)) => format!("pull request to {base}"),
        RouteSubject::PullRequest(None) => "pull request".to_string(),
        _ => return None,
    };
    Some((
        verb.range(),
        ClaimKind::Route {
            subject,
            refs,
            envs,
        },
    ))
}

/// The environments a clause names, in order: a name written right before "environment" at
/// its start (also a lowercase one the env word lists do not know), then listed strong words.
fn clause_envs(ctx: &Ctx<'_>, clause: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(c) = NAMED_ENV.captures_iter(clause.as_bytes()).next() {
        if let Some(name) = c.get_group(1).and_then(|g| clause.get(g.range())) {
            out.push(ctx.patterns.aliases.canonical(name));
        }
    }
    for env in strong_envs(ctx, clause) {
        if !out.contains(&env) {
            out.push(env);
        }
    }
    out
}

/// "Staging is updated automatically whenever `develop` changes": an environment before one
/// of the `env_update_verbs`, a backticked branch after it.
fn env_updated_on_push(ctx: &Ctx<'_>, text: &str) -> Option<(std::ops::Range<usize>, ClaimKind)> {
    let verb = first_verb(ctx, &ctx.patterns.env_update_verbs, text)?;
    let before = text.get(..verb.start())?;
    let envs = strong_envs(ctx, before);
    if envs.is_empty() {
        return None;
    }
    let after = text.get(verb.end()..)?;
    let caps = BRANCH_AFTER.captures_iter(after.as_bytes()).next()?;
    let branch = after.get(caps.get_group(1)?.range())?;
    if !is_branch_token(branch) {
        return None;
    }
    Some((
        verb.range(),
        ClaimKind::Route {
            subject: branch.to_string(),
            refs: RouteSubject::Branch(branch.to_string()),
            envs,
        },
    ))
}

/// The earliest match of one of `verbs` in a sentence that no `exclude_all` pattern (a
/// negation) matches.
fn first_verb(ctx: &Ctx<'_>, verbs: &[LazyRegex], text: &str) -> Option<regex_automata::Match> {
    // Route verbs are rare and negation words common: the negations are only tried on the
    // few sentences that have a verb.
    let verb = verbs
        .iter()
        .filter_map(|re| re.find(text))
        .min_by_key(|m| (m.start(), m.end()))?;
    let negated = ctx.patterns.exclude_all.iter().any(|re| re.is_match(text));
    (!negated).then_some(verb)
}

/// Strong environment words anywhere in `text`, in order.
fn strong_envs(ctx: &Ctx<'_>, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in ctx
        .patterns
        .env_words
        .find(&strip_parens(text), &ctx.patterns.aliases)
    {
        if e.strength == EnvStrength::Strong && !out.contains(&e.canonical) {
            out.push(e.canonical);
        }
    }
    out
}

/// A branch pushed or merged to, named before the verb.
fn branch_before(before: &str) -> Option<String> {
    let caps = BRANCH_AFTER_PUSH.captures_iter(before.as_bytes()).last()?;
    let name = before.get(caps.get_group(1)?.range())?;
    is_branch_token(name).then(|| name.to_string())
}

/// A tag the sentence names as an example: inline code that looks like a version tag, or a
/// backticked name with a digit right after the word "tag". Placeholders (`vX.Y.Z`,
/// `release-YYYY.MM`) and patterns are not concrete.
fn concrete_tag(block: &TextBlock, sentence: &std::ops::Range<usize>) -> Option<String> {
    block.code_spans_within(sentence).iter().find_map(|s| {
        let raw = block.text.get(s.clone())?.trim().trim_matches('`');
        // A glob of a tag (`v*.*.*-rc.*`) stands for an example of it.
        if raw.contains('*') && !raw.contains(char::is_whitespace) && is_tag_token(raw) {
            return Some(raw.to_string());
        }
        let concrete = !raw.is_empty()
            && !raw
                .contains(|c: char| c.is_whitespace() || matches!(c, '*' | '?' | '[' | '{' | '<'))
            && raw.chars().any(|c| c.is_ascii_digit())
            && !raw.chars().any(|c| c.is_ascii_uppercase() && c != 'V');
        if !concrete {
            return None;
        }
        let before = block.text.get(sentence.start..s.start).unwrap_or("");
        (is_tag_token(raw) || TAG_WORD_BEFORE.is_match(before)).then(|| raw.to_string())
    })
}
