//! Conventions said to hold for every workflow, job or action: "All workflows use concurrency
//! groups", "Every job has a timeout", "All actions are pinned to commit SHAs", "All jobs run
//! on `ubuntu-latest`", "All workflows use `step-security/harden-runner`", "All workflows
//! declare explicit permissions", or a lead-in ("All workflows include:") whose list items
//! name them. Each is checkable against every workflow; guidance ("should", "make sure"),
//! conditions ("when", "if") and narrowed sets ("all release workflows", "these jobs") are
//! not read.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::blocks::{TextBlock, TextRole};
use super::{Claim, ClaimKind, Convention, ConventionScope, Ctx};

/// "all (of) (the|our) (GitHub Actions|CI) workflows|jobs|actions": every member, no narrower
/// set named between "all" and the noun. Group `noun`.
static SUBJECT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:all|every|each)\s+(?:of\s+)?(?:(?:the|our)\s+)?(?:(?:github\s+actions|ci|ci/cd)\s+)?(?P<third>third[- ]party\s+)?(?P<noun>workflows?|jobs?|actions?)\b(?P<rest>.*)",
    )
});
/// Guidance, plans and conditions: not a statement about the files as they are.
static NOT_A_STATEMENT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:should|must|shall|need\s+to|needs\s+to|ought|recommend(?:ed|s)?|ensure|make\s+sure|if|when|whenever|unless|new|future|will|would|planned|todo|not|never|except|but|some|most|example|e\.g\.)\b",
    )
});
static CONCURRENCY: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bconcurrency\b|\bcancel[- ]in[- ]progress\b"));
static TIMEOUT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\btime[- ]?outs?\b|\btimeout-minutes\b|\btime\s+limits?\b")
});
/// A duration next to a timeout ("30-minute timeout", "timeout of 2 hours"). Groups `n`, `unit`.
static DURATION: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(?P<n>\d{1,4})[- ]?(?P<unit>minutes?|mins?|m|hours?|hrs?|h)\b")
});
static PERMISSIONS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:explicit(?:ly)?|declared?|define[sd]?|specif(?:y|ies|ied))\b[^.;]{0,30}?\bpermissions\b|\bpermissions\b[^.;]{0,20}?\b(?:explicitly|declared|defined|specified)\b",
    )
});
static SHA_PINNED: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bpin(?:ned|s)?\b[^.;]{0,40}?\b(?:shas?|sha-?1|commit\s+(?:shas?|hash(?:es)?)|full[- ]length|hash(?:es)?)\b|\b(?:sha|hash)[- ]pinned\b",
    )
});
/// "run on Ubuntu latest", "run on `ubuntu-22.04`", "use ubuntu-latest runners". Groups `os`,
/// `ver`.
static RUNNER: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:runs?\s+on|uses?)\s+(?:the\s+)?`?(?P<os>ubuntu|windows|macos)(?:[- ](?P<ver>latest|\d{1,2}(?:\.\d{1,2})?))?`?(?:\s+runners?)?(?:\s*[.,;:)]|\s*$|\s+(?:runners?|for|and|with|to|in)\b)",
    )
});
/// "use `step-security/harden-runner`", "use step-security/harden-runner": an action by its
/// `owner/name`. Group `action`.
static ACTION: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\buses?\s+(?:the\s+)?`?(?P<action>[A-Za-z0-9][\w-]*/[\w.-]+)(?:/[\w./-]*)?(?:@[\w.-]+)?`?(?:\s+(?:action|step))?\s*(?:[.,;:(]|$|\s+(?:to|for|in|on|with|as|before|at)\b)",
    )
});
/// A list item naming an action alone ("- the `step-security/harden-runner` step"). Group
/// `action`.
static ACTION_ITEM: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\W*(?:the\s+)?`(?P<action>[A-Za-z0-9][\w-]*/[\w.-]+)(?:/[\w./-]*)?(?:@[\w.-]+)?`(?:\s+(?:action|step))?\s*(?:[.,;:(]|$|\s+(?:to|for|in|on|with|as|before|at)\b)",
    )
});
/// A lead-in whose list items name the conventions ("All workflows include:").
static LEAD_IN_VERB: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\s*(?:use|have|include|follow|share|implement|are\s+configured\s+with|feature|contain)s?\b[^.;]{0,30}:\s*$",
    )
});

/// The pre-check: every sentence read here says "all", "every" or "each".
fn says_all(text: &str) -> bool {
    super::has_word_ci(text, "all")
        || super::has_word_ci(text, "every")
        || super::has_word_ci(text, "each")
}

/// The convention one phrase names, if exactly one can be read from it.
/// `item`: a list item under a lead-in, which may name an action alone.
fn convention(
    text: &str,
    scope: ConventionScope,
    third_party: bool,
    item: bool,
) -> Option<Convention> {
    let mut found = Vec::new();
    if SHA_PINNED.is_match(text) {
        found.push(Convention::ShaPinned { third_party });
    }
    if scope == ConventionScope::Actions {
        return (found.len() == 1).then(|| found.remove(0));
    }
    if CONCURRENCY.is_match(text) {
        found.push(Convention::Concurrency);
    }
    if TIMEOUT.is_match(text) {
        let minutes = DURATION.captures(text).and_then(|c| {
            let n: u32 = c.name("n")?.as_str().parse().ok()?;
            let unit = c.name("unit")?.as_str().to_ascii_lowercase();
            Some(if unit.starts_with('h') { n * 60 } else { n })
        });
        found.push(Convention::Timeout { minutes });
    }
    if PERMISSIONS.is_match(text) {
        found.push(Convention::ExplicitPermissions);
    }
    if let Some(c) = RUNNER.captures(text) {
        if let Some(os) = c.name("os") {
            let mut label = os.as_str().to_ascii_lowercase();
            if let Some(v) = c.name("ver") {
                label.push('-');
                label.push_str(&v.as_str().to_ascii_lowercase());
            }
            found.push(Convention::Runner { label });
        }
    } else if let Some(c) = ACTION
        .captures(text)
        .or_else(|| item.then(|| ACTION_ITEM.captures(text)).flatten())
    {
        if let Some(a) = c.name("action") {
            found.push(Convention::Action {
                action: a.as_str().to_ascii_lowercase(),
            });
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

fn scope_of(noun: &str) -> ConventionScope {
    let noun = noun.to_ascii_lowercase();
    if noun.starts_with("job") {
        ConventionScope::Jobs
    } else if noun.starts_with("action") {
        ConventionScope::Actions
    } else {
        ConventionScope::Workflows
    }
}

pub(crate) fn convention_claims(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let texts = &ctx.blocks.texts;
    ctx.sentence_matches_if(&SUBJECT, says_all, |block, _, text, span| {
        let Some(caps) = SUBJECT.captures(text) else {
            return;
        };
        let (Some(noun), Some(rest)) = (caps.name("noun"), caps.name("rest")) else {
            return;
        };
        if NOT_A_STATEMENT.is_match(text)
            || ctx.patterns.exclude_all.iter().any(|re| re.is_match(text))
        {
            return;
        }
        let scope = scope_of(noun.as_str());
        let third_party = caps.name("third").is_some();
        let clean = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(convention) = convention(rest.as_str(), scope, third_party, false) {
            out.push(Claim {
                kind: ClaimKind::Convention { scope, convention },
                span,
                text: clean(text),
            });
            return;
        }
        // "All workflows include:" and a list: each item may name one convention.
        if block.role != TextRole::Paragraph || !LEAD_IN_VERB.is_match(rest.as_str()) {
            return;
        }
        let Some(i) = texts.iter().position(|t| std::ptr::eq(t, block)) else {
            return;
        };
        let items = texts
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t: &&TextBlock| {
                t.role == TextRole::ListItem && t.section == block.section
            });
        for item in items {
            if NOT_A_STATEMENT.is_match(&item.text) {
                continue;
            }
            if let Some(convention) = convention(&item.text, scope, third_party, true) {
                let range = item.source_range();
                out.push(Claim {
                    kind: ClaimKind::Convention { scope, convention },
                    span: ctx.file.span(range.start, range.end.max(range.start)),
                    text: format!("{} {}", clean(text), clean(&item.text)),
                });
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(ConventionScope, Convention)> {
        let caps = SUBJECT.captures(text)?;
        if NOT_A_STATEMENT.is_match(text) {
            return None;
        }
        let scope = scope_of(caps.name("noun")?.as_str());
        convention(
            caps.name("rest")?.as_str(),
            scope,
            caps.name("third").is_some(),
            false,
        )
        .map(|c| (scope, c))
    }

    #[test]
    fn reads_each_convention() {
        use Convention::*;
        use ConventionScope::*;
        for (text, want) in [
            (
                "All workflows use concurrency groups to avoid duplicate runs.",
                (Workflows, Concurrency),
            ),
            (
                "Every job has a 30-minute timeout.",
                (Jobs, Timeout { minutes: Some(30) }),
            ),
            (
                "All jobs set `timeout-minutes`.",
                (Jobs, Timeout { minutes: None }),
            ),
            (
                "All actions are pinned to full-length commit SHAs.",
                (Actions, ShaPinned { third_party: false }),
            ),
            (
                "All third-party actions are pinned by SHA.",
                (Actions, ShaPinned { third_party: true }),
            ),
            (
                "All workflows run on Ubuntu latest",
                (
                    Workflows,
                    Runner {
                        label: "ubuntu-latest".into(),
                    },
                ),
            ),
            (
                "All jobs run on `ubuntu-22.04`.",
                (
                    Jobs,
                    Runner {
                        label: "ubuntu-22.04".into(),
                    },
                ),
            ),
            (
                "All workflows use `step-security/harden-runner` to restrict egress.",
                (
                    Workflows,
                    Action {
                        action: "step-security/harden-runner".into(),
                    },
                ),
            ),
            (
                "All workflows declare explicit permissions.",
                (Workflows, ExplicitPermissions),
            ),
        ] {
            assert_eq!(read(text), Some(want), "{text}");
        }
    }

    #[test]
    fn leaves_guidance_subsets_and_unknown_properties() {
        for text in [
            "All workflows should use concurrency groups.",
            "All new workflows must pin actions to SHAs.",
            "Make sure all jobs have a timeout.",
            "All release workflows use concurrency groups.",
            "These workflows use concurrency groups.",
            "All workflows use the same setup process.",
            "All workflows use helper scripts located in `.github/scripts/`:",
            "All workflows run on pushes to main.",
            "Not all workflows pin their actions to SHAs.",
            "All workflows use `GITHUB_TOKEN` with:",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn lead_ins_end_with_a_colon() {
        assert!(LEAD_IN_VERB.is_match(" include:"));
        assert!(LEAD_IN_VERB.is_match(" follow these conventions:"));
        assert!(!LEAD_IN_VERB.is_match(" use concurrency groups."));
        let item = "the `step-security/harden-runner` step";
        assert_eq!(
            convention(item, ConventionScope::Workflows, false, true),
            Some(Convention::Action {
                action: "step-security/harden-runner".into()
            })
        );
        assert_eq!(
            convention(item, ConventionScope::Workflows, false, false),
            None
        );
    }
}
