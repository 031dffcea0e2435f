//! Statements that a job may fail without holding anything up: "Non-blocking - allows the
//! pipeline to continue", "Coverage is allowed to fail", "lint failures do not block the
//! release". The job is named by inline code in the sentence or by the heading above it
//! ("#### Lint & Type Check"); which job that is, is decided against the workflows later.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::{Claim, ClaimKind, Ctx};

static NON_BLOCKING: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bnon[- ]?blocking\b|\ballowed\s+to\s+fail\b|\b(?:(?:does|do|will)\s*(?:not|n't)|won'?t)\s+(?:block|fail|break|stop|hold\s+up)\s+(?:the\s+)?(?:build|pipeline|workflow|release|deploy(?:ment)?|merge|ci|run|other\s+jobs)\b|\bfailures?\s+(?:(?:is|are|will\s+be)\s+)?(?:ignored|tolerated|non[- ]fatal)\b|\b(?:informational|advisory)\s+only\b|\bsoft[- ]fail(?:s|ure)?\b",
    )
});
/// Wishes, plans and advice, not statements about the workflow as it is.
static NOT_NOW: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:could|might|should|would|consider|todo|planned|plan\s+to|if\s+you|you\s+can|make\s+it|to\s+be\s+made)\b",
    )
});

pub(crate) fn non_blocking(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    ctx.sentence_matches(&NON_BLOCKING, |block, sentence, text, span| {
        if NOT_NOW.is_match(text) {
            return;
        }
        let heading = ctx.section_heading(block);
        let code = block.inline_code_within(sentence);
        out.push(Claim {
            kind: ClaimKind::NonBlocking { code, heading },
            span,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    });
}

#[cfg(test)]
mod tests {
    use super::{NON_BLOCKING, NOT_NOW};

    #[test]
    fn reads_present_non_blocking_statements() {
        for yes in [
            "Non-blocking - allows pipeline to continue",
            "The coverage upload is allowed to fail.",
            "Lint failures do not block the release.",
            "Benchmarks are informational only.",
            "This job won't fail the build",
        ] {
            assert!(
                NON_BLOCKING.is_match(yes) && !NOT_NOW.is_match(yes),
                "{yes}"
            );
        }
        assert!(!NON_BLOCKING.is_match("The deploy job blocks until approved."));
        assert!(NOT_NOW.is_match("We should make the audit job non-blocking."));
    }
}
