//! Blanket statements about every workflow of the repository: "All workflows support manual
//! triggering via `workflow_dispatch`", "Every workflow can be run manually from the Actions
//! tab". Only the manual-run promise is read: it is checkable against each `on:` and readers
//! act on it (they look for a "Run workflow" button that is not there). Also counts of the
//! whole set: "This directory contains 3 workflows", a heading "Workflows (4)".

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::{names_workflow, Claim, ClaimKind, Ctx};

/// "all (of the|our) workflows support/have/can be run ... manual(ly)/workflow_dispatch".
/// A qualifier between "all" and "workflows" ("all release workflows", "these workflows")
/// narrows the set to one the doc does not spell out, so only "the"/"our" may stand there.
static ALL_MANUAL: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:all|every)\s+(?:of\s+)?(?:(?:the|our)\s+)?(?:github\s+actions\s+)?workflows?\s+(?:(?:also|now)\s+)?(?:supports?|ha(?:ve|s)|includes?|accepts?|can\s+(?:also\s+)?be\s+(?:run|triggered|started|dispatched|executed|launched)|(?:is|are)\s+(?:also\s+)?(?:triggerable|runnable|dispatchable))\b[^.;]{0,40}?(?:\bmanual(?:ly)?\b|\bworkflow_dispatch\b|\bby\s+hand\b|\bon[- ]demand\b)",
    )
});

/// "contains/has/includes/consists of N workflows", "there are N workflows", "consolidated
/// into N workflows": a count of every workflow. A qualifier other than these few ("3 release
/// workflows", "2 workflows for docs") counts a subset the doc does not spell out.
static WORKFLOW_COUNT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:contains?|has|have|includes?|consists?\s+of|comprises?|there\s+(?:are|is)|(?:consolidated|merged|reduced|combined)\s+(?:\w+\s+){0,3}?(?:in)?to)\s+(?:\*\*)?(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+single)(?:\*\*)?\s+(?:(?:automated|active|github(?:\s+actions)?|separate|distinct)\s+)?(?:\*\*)?workflows?\b(?:\*\*)?(?:\s+(?:files?\s+)?(for|in\s+(?:other|another|the\s+\w+\s+folder)|like|such|per|each|of)\b)?",
    )
});
/// A heading that counts the workflows: "New layout (2 workflows)", "Workflows (5)".
static HEADING_COUNT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)(?:\((\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\s+workflows?\)|\bworkflows\s*\((\d{1,3})\))\s*$",
    )
});
/// Words that make a count history, plan or somebody else's: "used to have 5 workflows",
/// "will contain 3 workflows", "your repository has 2 workflows".
static COUNT_NOT_CURRENT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:before|previously|formerly|originally|used\s+to|was|were|had|old|legacy|will|would|should|could|plan(?:ned|s)?|your|example|e\.g\.|if\s+you|template|starter)\b",
    )
});

fn count_word(word: &str) -> Option<usize> {
    let word = word.to_ascii_lowercase();
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if word.starts_with("a ") || word.starts_with("a\t") {
        return Some(1);
    }
    word.parse()
        .ok()
        .or_else(|| words.iter().position(|w| *w == word))
}

fn workflow_counts(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    ctx.sentence_matches_if(&WORKFLOW_COUNT, names_workflow, |_, _, text, span| {
        let Some(caps) = WORKFLOW_COUNT.captures(text) else {
            return;
        };
        if caps.get(2).is_some() || COUNT_NOT_CURRENT.is_match(text) {
            return; // "2 workflows for docs", "we used to have 5 workflows"
        }
        if let Some(count) = caps.get(1).and_then(|m| count_word(m.as_str())) {
            out.push(Claim {
                kind: ClaimKind::WorkflowCount { count },
                span,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
    });
    for block in &ctx.blocks.texts {
        if block.role != super::blocks::TextRole::Heading || COUNT_NOT_CURRENT.is_match(&block.text)
        {
            continue;
        }
        let Some(caps) = HEADING_COUNT.captures(&block.text) else {
            continue;
        };
        let Some(m) = caps.get(1).or_else(|| caps.get(2)) else {
            continue;
        };
        if let Some(count) = count_word(m.as_str()) {
            let start = block.source_offset(m.start());
            let end = block.source_offset(block.text.trim_end().len());
            out.push(Claim {
                kind: ClaimKind::WorkflowCount { count },
                span: ctx.file.span(start, end.max(start)),
                text: block.text.trim().to_string(),
            });
        }
    }
}

pub(crate) fn blanket_claims(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    workflow_counts(ctx, out);
    ctx.sentence_matches_if(&ALL_MANUAL, names_workflow, |_, _, text, span| {
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
    use super::{ALL_MANUAL, COUNT_NOT_CURRENT, HEADING_COUNT, WORKFLOW_COUNT};

    /// Both sentence regexes need `workflow`: the pre-check admits what they match.
    #[test]
    fn precheck_admits_counts_and_blanket_claims() {
        for s in [
            "This directory contains 3 automated WORKFLOWS that run CI.",
            "There are 5 GitHub Actions workflows in this repository.",
        ] {
            assert!(
                WORKFLOW_COUNT.is_match(s) && crate::docs::names_workflow(s),
                "{s}"
            );
        }
        for s in [
            "All workflows can be triggered manually.",
            "Every Workflow supports workflow_dispatch",
        ] {
            assert!(
                ALL_MANUAL.is_match(s) && crate::docs::names_workflow(s),
                "{s}"
            );
        }
        assert!(!crate::docs::names_workflow("There are 5 pipelines."));
    }

    #[test]
    fn reads_counts_of_every_workflow_only() {
        for (yes, n) in [
            (
                "This directory contains 3 automated workflows that run CI.",
                "3",
            ),
            ("The project includes **14** workflows:", "14"),
            ("We consolidated the pipelines into two workflows.", "two"),
            (
                "There are 5 GitHub Actions workflows in this repository.",
                "5",
            ),
        ] {
            let caps = WORKFLOW_COUNT.captures(yes);
            assert_eq!(
                caps.as_ref().and_then(|c| c.get(1)).map(|m| m.as_str()),
                Some(n),
                "{yes}"
            );
            assert!(caps.is_some_and(|c| c.get(2).is_none()), "{yes}");
            assert!(!COUNT_NOT_CURRENT.is_match(yes), "{yes}");
        }
        for no in [
            "The release process is implemented by 3 workflows.",
            "This repo has 3 release workflows.",
            "Each pull request starts 4 workflows.",
        ] {
            assert!(!WORKFLOW_COUNT.is_match(no), "{no}");
        }
        for qualified in [
            "It has 2 workflows for the docs site.",
            "Docs has 2 workflows of its own.",
        ] {
            assert!(
                WORKFLOW_COUNT
                    .captures(qualified)
                    .is_some_and(|c| c.get(2).is_some()),
                "{qualified}"
            );
        }
        for history in [
            "We used to have 5 workflows.",
            "The old layout had 4 workflows.",
        ] {
            assert!(COUNT_NOT_CURRENT.is_match(history), "{history}");
        }
        assert!(HEADING_COUNT.is_match("New layout (2 Workflows)"));
        assert!(HEADING_COUNT.is_match("Workflows (6)"));
        assert!(!HEADING_COUNT.is_match("Workflows"));
    }

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
