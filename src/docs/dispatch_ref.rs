//! Statements that the branch picked in the Run-workflow form only chooses which version of
//! the workflow file runs: "Select the branch that contains the version of the workflow you
//! want to use", "the dropdown determines which branch the workflow file is read from". When
//! the workflow also tests `github.ref` (an `if:`, a script that exits on it), the branch
//! decides what the run does; that is compared later with the workflow the doc refers to.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::{Claim, ClaimKind, Ctx};

/// The branch of the form described as where the workflow definition comes from.
static FILE_ONLY_BRANCH: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bbranch\s+(?:that\s+|which\s+)?(?:contains?|containing|holds?|holding|has|having)\s+the\s+(?:(?:version|copy|revision)\s+of\s+the\s+)?workflow(?:\s+(?:file|definition|yaml|yml))?\b|\b(?:which|what|the)\s+branch\s+the\s+workflow(?:\s+(?:file|definition|yaml|yml))?\s+(?:itself\s+)?(?:is\s+)?(?:read|loaded|taken|run)\s+from\b|\buse\s+workflow\s+from\b[^.;]{0,60}?\bonly\s+(?:selects?|picks?|chooses?|controls?)\s+(?:which\s+|the\s+)?(?:version\s+of\s+the\s+)?workflow\b",
    )
});

/// Advice about other repositories or plans.
static NOT_NOW: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:could|might|should\s+(?:be|have)|would|todo|planned|if\s+you\s+fork)\b",
    )
});

/// `claims` holds what was read before (workflow references): the workflow is the one the doc
/// referred to last before the sentence.
pub(crate) fn file_only_branches(ctx: &Ctx<'_>, claims: &[Claim]) -> Vec<Claim> {
    let mut found = Vec::new();
    ctx.sentence_matches_if(
        &FILE_ONLY_BRANCH,
        super::names_workflow,
        |_, _, text, span| {
            if NOT_NOW.is_match(text) {
                return;
            }
            let workflow = claims
                .iter()
                .filter(|c| c.span.start.offset < span.start.offset)
                .filter_map(|c| match &c.kind {
                    ClaimKind::WorkflowRef {
                        file_name,
                        repo: None,
                        ..
                    } => Some((c.span.start.offset, file_name.clone())),
                    ClaimKind::Command { workflow, .. } => {
                        Some((c.span.start.offset, workflow.clone()))
                    }
                    _ => None,
                })
                .max_by_key(|(at, _)| *at)
                .map(|(_, w)| w);
            found.push(Claim {
                kind: ClaimKind::DispatchBranchPicksFile { workflow },
                span,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        },
    );
    found
}

#[cfg(test)]
mod tests {
    use super::{FILE_ONLY_BRANCH, NOT_NOW};

    #[test]
    fn reads_the_form_branch_described_as_the_workflow_version() {
        for yes in [
            "Select the branch that contains the version of the workflow you want to use (typically `main`).",
            "Workflow branch: the branch containing the workflow file you want to run",
            "The dropdown determines which branch the workflow file itself is read from.",
            "\"Use workflow from\" only selects which version of the workflow runs",
        ] {
            assert!(FILE_ONLY_BRANCH.is_match(yes) && !NOT_NOW.is_match(yes), "{yes}");
            // The sentence pre-check (it needs `workflow`) admits it.
            assert!(crate::docs::names_workflow(yes), "{yes}");
        }
        for no in [
            "Select the branch to release from.",
            "Pick `main` in the Use workflow from dropdown.",
            "The branch contains the release notes.",
        ] {
            assert!(!FILE_ONLY_BRANCH.is_match(no), "{no}");
        }
    }
}
