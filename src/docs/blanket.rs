//! Blanket statements about every workflow of the repository: "All workflows support manual
//! triggering via `workflow_dispatch`", "Every workflow can be run manually from the Actions
//! tab". Only the manual-run promise is read: it is checkable against each `on:` and readers
//! act on it (they look for a "Run workflow" button that is not there).

use std::sync::LazyLock;

use regex::Regex;

use super::{constant_regex, Claim, ClaimKind, Ctx};

/// "all (of the|our) workflows support/have/can be run ... manual(ly)/workflow_dispatch".
/// A qualifier between "all" and "workflows" ("all release workflows", "these workflows")
/// narrows the set to one the doc does not spell out, so only "the"/"our" may stand there.
static ALL_MANUAL: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)\b(?:all|every)\s+(?:of\s+)?(?:(?:the|our)\s+)?(?:github\s+actions\s+)?workflows?\s+(?:(?:also|now)\s+)?(?:supports?|ha(?:ve|s)|includes?|accepts?|can\s+(?:also\s+)?be\s+(?:run|triggered|started|dispatched|executed|launched)|(?:is|are)\s+(?:also\s+)?(?:triggerable|runnable|dispatchable))\b[^.;]{0,40}?(?:\bmanual(?:ly)?\b|\bworkflow_dispatch\b|\bby\s+hand\b|\bon[- ]demand\b)",
    )
});

pub(crate) fn blanket_claims(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    ctx.sentence_matches(&ALL_MANUAL, |_, _, text, span| {
        if ctx.patterns.exclude_all.iter().any(|re| re.is_match(text)) {
            return; // "not all workflows can be run manually"
        }
        out.push(Claim {
            kind: ClaimKind::AllWorkflows {
                event: "workflow_dispatch".to_string(),
            },
            span,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    });
}

#[cfg(test)]
mod tests {
    use super::ALL_MANUAL;

    #[test]
    fn reads_blanket_manual_run_promises_only() {
        for yes in [
            "All workflows support manual triggering via `workflow_dispatch`.",
            "Every workflow can be run manually from the Actions tab.",
            "All of our workflows can also be triggered on demand.",
            "All workflows have a workflow_dispatch trigger",
        ] {
            assert!(ALL_MANUAL.is_match(yes), "{yes}");
        }
        for no in [
            "All release workflows can be run manually.",
            "These workflows support manual runs.",
            "All workflows run on pushes to main.",
            "Every workflow uploads its logs; manual reruns keep them.",
        ] {
            assert!(!ALL_MANUAL.is_match(no), "{no}");
        }
    }
}
