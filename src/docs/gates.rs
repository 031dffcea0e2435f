//! Gate-order statements: an outcome said to happen only after checks pass ("Lint, type-check
//! and build must succeed before packaging", "This job updates the version after tests pass",
//! "publishing only happens once all tests pass"). The check decides against the job graph
//! whether a job doing those checks runs before the jobs doing that outcome.

use crate::docs::line_regex::LineRegex;
use memchr::memmem::Finder;
use std::sync::LazyLock;

use super::blocks::{TextBlock, TextRole};
use super::{Claim, ClaimKind, Ctx};

/// The pre-checks' words, each searcher built once: `memmem::find` built one per call, in
/// every sentence of every doc (~28,000 set-ups on the real-world corpus).
static PASS_WORDS: LazyLock<[Finder<'static>; 4]> =
    LazyLock::new(|| ["pass", "succeed", "green", "complete"].map(Finder::new));
static BEFORE_WORD: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("before"));

/// "<gates> must pass before <outcome>".
static MUST_PASS_BEFORE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:must|has\s+to|have\s+to|needs?\s+to)\s+(?:all\s+)?(?:pass|succeed|be\s+green|complete\s+successfully)\s+before\s+",
    )
});
/// "<outcome> only after <gates> pass".
static AFTER_PASS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:only\s+)?(?:after|once|if|when)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|its\s+)?[\w\s,&/+-]{2,60}?\s+(?:pass(?:es|ed)?|succeed(?:s|ed)?|are\s+green|is\s+green|(?:have|has)\s+passed|complete\s+successfully)\b",
    )
});
/// "runs tests before publishing": the checks between the verb and "before".
static RUNS_BEFORE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:runs?|running|executes?|performs?)\s+(?:the\s+|all\s+)?[\w\s,&/+-]{2,60}?\s+before\s+",
    )
});
/// "runs the same checks before publishing": the checks are the ones the item above lists.
static SAME_CHECKS: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bsame\s+(?:checks|steps|gates)\b"));
/// The verb of a list item saying what runs ("CI runs lint and tests on pull requests").
static RUNS_VERB: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(?:runs?|executes?|performs?)\s"));
/// Advice to the reader, wishes and plans: not a statement about the workflows.
static NOT_A_STATEMENT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:you|your|we|locally|should|could|would|might|consider|recommend\w*|todo|planned|please|make\s+sure|branch\s+protection|required\s+status)\b|^\W*(?:ensure|verify|check|wait|confirm|require)\b",
    )
});

/// One check a gate statement names, as an effect family of the workflows' model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GateCheck {
    Tests,
    Lint,
    Build,
    /// A bundle size check (`size-limit`, "size checks").
    Size,
    /// "CI", "all checks", "quality gates": any test or lint job.
    AnyCheck,
}

impl GateCheck {
    /// The effect families that satisfy it.
    pub fn families(self) -> &'static [&'static str] {
        match self {
            GateCheck::Tests => &["test"],
            GateCheck::Lint => &["lint"],
            GateCheck::Build => &["build"],
            // No effect family: only step names and commands tell.
            GateCheck::Size => &[],
            GateCheck::AnyCheck => &["test", "lint"],
        }
    }

    /// Stems of step and job names that may stand for it when no effect says so.
    pub fn stems(self) -> &'static [&'static str] {
        match self {
            GateCheck::Tests => &["test", "spec", "pytest", "jest", "vitest"],
            GateCheck::Lint => &[
                "lint",
                "typecheck",
                "type-check",
                "type check",
                "tsc",
                "mypy",
                "pyright",
                "format",
                "fmt",
                "clippy",
                "style",
            ],
            GateCheck::Build => &["build", "compile"],
            GateCheck::Size => &["size"],
            GateCheck::AnyCheck => &["test", "lint", "check", "verify", "ci"],
        }
    }
}

/// What the gated outcome is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GatedOutcome {
    Publish,
    Release,
    Deploy,
    VersionBump,
    Package,
}

impl GatedOutcome {
    /// Effect families of a job doing it.
    pub fn families(self) -> &'static [&'static str] {
        match self {
            GatedOutcome::Publish => &["publish"],
            GatedOutcome::Release => &["release", "tag", "tag-push"],
            GatedOutcome::Deploy => &["environment", "deploy", "pages"],
            GatedOutcome::VersionBump => &["version"],
            GatedOutcome::Package => &[],
        }
    }

    /// Stems of a job's id or name that say it does it.
    pub fn job_stems(self) -> &'static [&'static str] {
        match self {
            GatedOutcome::Publish => &["publish"],
            GatedOutcome::Release => &["release"],
            GatedOutcome::Deploy => &["deploy"],
            GatedOutcome::VersionBump => &["bump"],
            GatedOutcome::Package => &["packag"],
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            GatedOutcome::Publish => "publishing",
            GatedOutcome::Release => "the release",
            GatedOutcome::Deploy => "deploying",
            GatedOutcome::VersionBump => "the version bump",
            GatedOutcome::Package => "packaging",
        }
    }
}

pub(crate) fn gate_orders(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let passes = |t: &str| PASS_WORDS.iter().any(|w| w.find(t.as_bytes()).is_some());
    let before = |t: &str| BEFORE_WORD.find(t.as_bytes()).is_some();
    let forms: [FormEntry<'_>; 3] = [
        (&MUST_PASS_BEFORE, Form::MustPassBefore, &passes),
        (&AFTER_PASS, Form::AfterPass, &passes),
        (&RUNS_BEFORE, Form::RunsBefore, &before),
    ];
    for (re, form, may) in forms {
        ctx.sentence_matches_if(re, may, |block, _sentence, text, span| {
            if NOT_A_STATEMENT.is_match(text) {
                return;
            }
            let Some(m) = re.find(text) else { return };
            let head = text.get(..m.start()).unwrap_or("");
            let matched = text.get(m.start()..m.end()).unwrap_or("");
            let tail = text.get(m.end()..).unwrap_or("");
            // The outcome after "before" is its next few words.
            let after_before = || tail.split(['.', ',', ';', ':', '(']).next().unwrap_or(tail);
            let (gate_text, outcome_text) = match form {
                // The gates end the clause before the verb.
                Form::MustPassBefore => (
                    head.rsplit([':', ';', '—', '(']).next().unwrap_or(head),
                    after_before(),
                ),
                Form::RunsBefore => (matched, after_before()),
                Form::AfterPass => (
                    matched,
                    head.rsplit([':', ';', '—', '(', ','])
                        .next()
                        .unwrap_or(head),
                ),
            };
            let mut gates = gate_checks(gate_text);
            if SAME_CHECKS.is_match(gate_text) {
                if let Some(listed) = checks_listed_above(ctx, block) {
                    gates = listed;
                }
            }
            let Some(outcome) = gated_outcome(outcome_text) else {
                return;
            };
            if gates.is_empty() {
                return;
            }
            let heading = ctx.section_heading(block);
            // The whole block's code: a workflow file may be named in another sentence of it.
            let code = block.inline_code_within(&(0..block.text.len()));
            out.push(Claim {
                kind: ClaimKind::GateOrder {
                    gates,
                    outcome,
                    code,
                    heading,
                },
                span,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        });
    }
}

/// A form's regex, its kind and the cheap test a sentence must pass first.
type FormEntry<'a> = (&'a LineRegex, Form, &'a dyn Fn(&str) -> bool);

#[derive(Clone, Copy)]
enum Form {
    MustPassBefore,
    AfterPass,
    RunsBefore,
}

/// The checks the list item just above `block` (same list level, same section) says run, for
/// "runs the same checks before publishing"; None when it names no specific check.
fn checks_listed_above(ctx: &Ctx<'_>, block: &TextBlock) -> Option<Vec<GateCheck>> {
    let i = ctx
        .blocks
        .texts
        .iter()
        .position(|b| std::ptr::eq(b, block))?;
    let prev = ctx.blocks.texts.get(i.checked_sub(1)?)?;
    if prev.role != TextRole::ListItem
        || block.role != TextRole::ListItem
        || prev.section != block.section
        || prev.parent_item != block.parent_item
    {
        return None;
    }
    let m = RUNS_VERB.find(&prev.text)?;
    let gates = gate_checks(prev.text.get(m.end()..)?);
    (!gates.is_empty() && !gates.contains(&GateCheck::AnyCheck)).then_some(gates)
}

/// The checks a gate phrase names, in a fixed order, without repeats.
fn gate_checks(phrase: &str) -> Vec<GateCheck> {
    let lower = phrase.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |f: &dyn Fn(&str) -> bool| words.iter().any(|w| f(w));
    let mut out = Vec::new();
    if has(&|w| w.starts_with("test") || w == "specs" || w == "spec") {
        out.push(GateCheck::Tests);
    }
    if has(&|w| {
        w.starts_with("lint")
            || w.starts_with("type-check")
            || w.starts_with("typecheck")
            || w.starts_with("format")
    }) || lower.contains("type check")
    {
        out.push(GateCheck::Lint);
    }
    if has(&|w| w == "build" || w == "builds") {
        out.push(GateCheck::Build);
    }
    let sized = words.windows(2).any(|p| {
        p[0] == "size" && matches!(p[1], "check" | "checks" | "limit" | "limits" | "budget")
    }) || has(&|w| w == "size-limit" || w == "bundlesize");
    if sized {
        out.push(GateCheck::Size);
    }
    if out.is_empty() && has(&|w| matches!(w, "ci" | "checks" | "quality" | "gates")) {
        out.push(GateCheck::AnyCheck);
    }
    out
}

/// The outcome a phrase names; None for merging, reviews and anything else a person does.
fn gated_outcome(phrase: &str) -> Option<GatedOutcome> {
    let lower = phrase.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |stem: &str| words.iter().any(|w| w.starts_with(stem));
    if has("merg") || has("review") || has("approv") || words.contains(&"pr") {
        return None;
    }
    if has("bump") || (words.contains(&"version") && (has("updat") || has("increment"))) {
        return Some(GatedOutcome::VersionBump);
    }
    if has("publish") {
        return Some(GatedOutcome::Publish);
    }
    if has("deploy") {
        return Some(GatedOutcome::Deploy);
    }
    if has("packag") {
        return Some(GatedOutcome::Package);
    }
    if has("releas") {
        return Some(GatedOutcome::Release);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::claims_in;
    use super::super::ClaimKind;
    use super::{GateCheck, GatedOutcome};

    fn gates(md: &str) -> Vec<(u32, Vec<GateCheck>, GatedOutcome)> {
        claims_in(md)
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::GateOrder { gates, outcome, .. } => {
                    Some((c.span.start.line, gates, outcome))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_both_orders() {
        let md = "# Release\n\nUnit tests and linting must pass before publishing.\n\nThe job bumps the version only after the test suite passes.\n\n- Images are deployed once CI is green.\n\n- Runs the linters one more time before packaging.\n";
        assert_eq!(
            gates(md),
            vec![
                (
                    3,
                    vec![GateCheck::Tests, GateCheck::Lint],
                    GatedOutcome::Publish
                ),
                (5, vec![GateCheck::Tests], GatedOutcome::VersionBump),
                (7, vec![GateCheck::AnyCheck], GatedOutcome::Deploy),
                (9, vec![GateCheck::Lint], GatedOutcome::Package),
            ]
        );
    }

    #[test]
    fn same_checks_are_the_ones_listed_above() {
        let md = "# Checks\n\n- The pipeline runs unit tests, formatting and size limits on every pull request\n- The publish workflow runs the same checks before publishing\n\nOther text.\n\n- The publish workflow runs the same checks before publishing\n";
        assert_eq!(
            gates(md),
            vec![
                (
                    4,
                    vec![GateCheck::Tests, GateCheck::Lint, GateCheck::Size],
                    GatedOutcome::Publish
                ),
                (8, vec![GateCheck::AnyCheck], GatedOutcome::Publish),
            ]
        );
    }

    #[test]
    fn advice_and_merging_are_no_statements() {
        let md = "Make sure tests pass before publishing.\n\nAll checks must pass before merging.\n\nYou should run the tests before you release.\n\nIt runs the tests before you merge.\n\nThe bot merges dependency updates if CI passes.\n\nEnsure lint passes before deploying.\n";
        assert!(gates(md).is_empty(), "{:?}", gates(md));
    }
}
