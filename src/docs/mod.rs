//! Docs model: the claims a release/deploy markdown document makes about its workflows.
//!
//! [`parse_doc`] reads one markdown [`SourceFile`] and returns every [`Claim`] with the span it
//! was written at: environment routes (arrow lines and routing tables), `on:` trigger snippets,
//! `gh workflow run` commands, references to workflow files, descriptions of when a workflow
//! runs, and prose claims matched by the
//! patterns in `rules/claims.yml`. Suppression comments (`<!-- driftlint: ignore[rule] -->`)
//! are recorded too. Nothing here knows about workflows; comparing is a later layer's job.

mod blanket;
mod blocks;
mod chains;
mod code_refs;
mod command;
mod conditions;
mod conventions;
mod describe;
mod dispatch_form;
mod dispatch_ref;
pub mod effect_claims;
mod env;
pub mod gates;
mod inputs;
mod job_graph;
pub mod job_work;
mod kinds;
mod lazy_regex;
pub(crate) mod line_regex;
mod literals;
mod mermaid;
pub mod package_links;
mod patterns;
pub mod permission_claims;
mod prose;
mod prose_route;
mod push;
mod refs;
mod route;
pub mod settings_claims;
mod snippet;
mod tag_push;
pub mod test_matrix;

#[cfg(test)]
mod tests;
mod ui_path;

pub use describe::{DescribedEvent, TriggerVocabulary};
pub use env::{EnvAliases, EnvRole, EnvStrength, EnvWords, FoundEnv};
pub use inputs::ListedInput;
pub use kinds::{ExtraClaimKind, ProseKind, TRIGGER_KIND_PREFIX};
pub use patterns::{ClaimPattern, ClaimPatterns};
pub(crate) use refs::{labelled_as_workflow, well_known_non_workflow};

use crate::source::{SourceFile, Span};

/// One thing a document says, where it says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub kind: ClaimKind,
    pub span: Span,
    /// The line or sentence as written, trimmed, for quoting in reports.
    pub text: String,
}

/// The workflow an [`ClaimKind::EventStartsWorkflow`] claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChainTarget {
    /// Named, said to start ("the release triggers `publish.yml`").
    Named,
    /// Named, said to be set up to start ("Configure `publish.yml` to trigger on releases"):
    /// without the trigger the sentence is an instruction to add it, not drift.
    SetUp,
    /// Not named: whatever runs on the release ("release notes are polished off the
    /// published release"), i.e. every workflow with a `release` trigger.
    AnyListener,
    /// Not named, said by what it does ("Publish to npm"): the workflows with a `release`
    /// trigger that publish.
    PublishingListener,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClaimKind {
    /// `v1.0.0-rc1 → Staging Environment`, `main push -> staging`, a routing-table row.
    Route {
        /// The source side as written (markup and quotes removed).
        subject: String,
        refs: RouteSubject,
        /// Canonical environment names in the order written, e.g. `["staging", "production"]`.
        envs: Vec<String>,
    },
    /// A fenced yaml block with an `on:` key.
    TriggerSnippet {
        yaml: String,
        /// Line of the block's first content line.
        first_line: u32,
    },
    /// `gh workflow run <workflow> [--ref R] [-f k=v]...` (quotes removed from values).
    Command {
        workflow: String,
        git_ref: Option<String>,
        inputs: Vec<(String, String)>,
    },
    /// Run-workflow form values in a plain block of `Field: value` lines; the workflow is the
    /// one whose dispatch inputs are all the fields.
    DispatchForm { inputs: Vec<(String, String)> },
    /// `git push origin <ref>` under a comment saying it starts something ("# Trigger CI").
    Push {
        /// `refs/heads/x` or `refs/tags/v1.0.0`.
        git_ref: String,
        /// The comment as written, without `#`.
        comment: String,
    },
    /// Pushing tags said to release or publish, no tag named: `git push origin main --tags`
    /// under "# push the tag to trigger the release", a "Tags" section of a page listing what
    /// runs per event. `command`: read from a `git push` that pushes a branch too, `branch`
    /// (None: the current one); that branch's run may be the release.
    TagPush {
        command: bool,
        branch: Option<String>,
    },
    /// A statement about every workflow of the repository: "All workflows support manual
    /// triggering" (`event` = "workflow_dispatch").
    AllWorkflows { event: String },
    /// A count of every workflow of the repository: "This directory contains 3 workflows",
    /// a heading "New layout (2 workflows)".
    WorkflowCount { count: usize },
    /// A convention said to hold for every workflow, job or action ("All workflows use
    /// concurrency groups", "All actions are pinned to commit SHAs").
    Convention {
        scope: ConventionScope,
        convention: Convention,
    },
    /// Inputs a doc lists for a workflow (a list under "Inputs:"/"Options:", an input
    /// table), each with its span. `labels`: the items are Run-workflow form labels ("Skip
    /// tests") rather than input names.
    ListedInputs {
        /// A workflow file named in the lead-in or the section heading.
        workflow: Option<String>,
        inputs: Vec<ListedInput>,
        labels: bool,
    },
    /// A job said to fail without holding anything up ("Non-blocking", "allowed to fail").
    NonBlocking {
        /// Inline code of the sentence (a job id may be among it).
        code: Vec<String>,
        /// The heading the sentence sits under (it may name the job).
        heading: Option<String>,
    },
    /// An outcome said to happen only after checks pass ("Tests must pass before
    /// publishing", "bumps the version after tests pass").
    GateOrder {
        gates: Vec<gates::GateCheck>,
        outcome: gates::GatedOutcome,
        /// Inline code of the sentence (a workflow file may be among it).
        code: Vec<String>,
        /// The heading the sentence sits under (it may name the workflow or the job).
        heading: Option<String>,
    },
    /// A release or tag of the documented process said to start a workflow ("The GitHub
    /// release will trigger the \"Publish\" workflow").
    EventStartsWorkflow {
        /// "release", "tag", or "release/tag" (a step that makes both).
        event: String,
        /// The workflow as written: a `name:` or a file name.
        workflow: String,
        /// The heading the sentence sits under (it may name the workflow making the release).
        heading: Option<String>,
        /// Read from two steps of a numbered list (the release made in one, the workflow
        /// named at the start of the next), not said in words: a workflow started some other
        /// way after the release (called, dispatched, `workflow_run`) may be what is meant.
        step: bool,
        /// Read from two items of a list of what happens ("Creates a GitHub release", then
        /// "This automatically triggers the `publish.yml` workflow"): the token is judged only
        /// when the heading names the workflow making the release or tag; else as a step.
        listed: bool,
        /// Which workflow is meant: the one named, or one the sentence leaves unnamed.
        target: ChainTarget,
    },
    /// The branch picked in the Run-workflow form described as only choosing which version of
    /// the workflow file runs ("Select the branch that contains the version of the workflow").
    DispatchBranchPicksFile {
        /// The workflow the doc referred to last before the sentence (file or `gh` target).
        workflow: Option<String>,
    },
    /// A click path through the Actions page that ends at the Run-workflow button ("Actions →
    /// Release → Run workflow"): the workflow, by display name, can be started by hand.
    RunButton { workflow: String },
    /// A reference to a workflow file.
    WorkflowRef {
        /// As written: "release.yml", ".github/workflows/release.yml", a link target or URL.
        target: String,
        /// Last path segment, e.g. "release.yml".
        file_name: String,
        /// `owner/name` when the reference is a GitHub URL (it may point at another repository).
        repo: Option<String>,
        /// True for links, URLs and `.github/workflows/` paths; false for a bare file name
        /// mentioned in text, which is a weaker signal.
        explicit: bool,
        /// For an entry of a directory tree drawn in a code block: the block's first line
        /// (entries of one tree are reported together).
        tree: Option<u32>,
    },
    /// What a doc says about when one workflow runs: a table row with a trigger column, a
    /// "Triggers: …" line, "`nightly.yml` runs nightly".
    TriggerDescription {
        /// The workflow as written: a file name, or a `name:` ("the `Release` workflow").
        workflow: String,
        events: Vec<DescribedEvent>,
        /// The description lists every trigger ("Triggers: …", a Trigger column) and every
        /// part of it was read.
        exhaustive: bool,
        /// `owner/name` when the workflow was named only by a link to its GitHub page ("or
        /// manually [here](https://github.com/o/r/actions/workflows/x.yml)"): the check
        /// reads it only when that is this repository.
        repo: Option<String>,
    },
    /// What a doc says about when one job runs, the job named by its id: a table row with a
    /// trigger column and a Job column (`| Push of a `v*` tag | `release` |`), "Push a tag
    /// that starts with `v` to trigger the `release` job", "The `deploy` job runs on pushes to
    /// `main`". Never a complete list (a job's `if:` may narrow its workflow's triggers).
    JobTrigger {
        /// The job id as written.
        job: String,
        events: Vec<DescribedEvent>,
    },
    /// Jobs drawn as one phase that runs in parallel ("Phase 1 (Parallel):" over `├── job`
    /// entries), in a section whose heading names the workflow file.
    ParallelJobs {
        workflow: String,
        /// Job ids as written, with their lines.
        jobs: Vec<(String, u32)>,
    },
    /// A chain of job ids on a line about dependencies ("Dependency chain: build → deploy"):
    /// each job needs the one before it.
    JobChain { workflow: String, jobs: Vec<String> },
    /// A sentence matched by a pattern of `rules/claims.yml`.
    Prose {
        /// The kind the matching pattern of the patterns file belongs to.
        claim: ProseKind,
        /// Canonical environment named in the sentence, if any.
        env: Option<String>,
        /// A tag or branch pattern named in the sentence, if any (e.g. `v*.*.*`).
        pattern: Option<String>,
    },
}

impl ClaimKind {
    /// Short name of the claim kind for reports: "route", "trigger-snippet", "command",
    /// "workflow-ref", "trigger-description", or the prose claim id (e.g. "approval-required").
    pub fn name(&self) -> &str {
        match self {
            ClaimKind::Route { .. } => "route",
            ClaimKind::TriggerSnippet { .. } => "trigger-snippet",
            ClaimKind::Command { .. } => "command",
            ClaimKind::DispatchForm { .. } => "dispatch-form",
            ClaimKind::Push { .. } => "push",
            ClaimKind::TagPush { .. } => "tag-push",
            ClaimKind::AllWorkflows { .. } => "all-workflows",
            ClaimKind::WorkflowCount { .. } => "workflow-count",
            ClaimKind::Convention { .. } => "convention",
            ClaimKind::ListedInputs { .. } => "listed-inputs",
            ClaimKind::NonBlocking { .. } => "non-blocking",
            ClaimKind::GateOrder { .. } => "gate-order",
            ClaimKind::EventStartsWorkflow { .. } => "event-starts-workflow",
            ClaimKind::DispatchBranchPicksFile { .. } => "dispatch-branch-picks-file",
            ClaimKind::RunButton { .. } => "run-button",
            ClaimKind::WorkflowRef { .. } => "workflow-ref",
            ClaimKind::TriggerDescription { .. } => "trigger-description",
            ClaimKind::JobTrigger { .. } => "job-trigger",
            ClaimKind::ParallelJobs { .. } => "parallel-jobs",
            ClaimKind::JobChain { .. } => "job-chain",
            ClaimKind::Prose { claim, .. } => claim.as_str(),
        }
    }
}

/// What a convention claim is about: every workflow, every job, or every action used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConventionScope {
    Workflows,
    Jobs,
    Actions,
}

/// A property every workflow or job is said to have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Convention {
    /// A `concurrency:` group (on the workflow, or on each job).
    Concurrency,
    /// `timeout-minutes` on each job (of this many minutes, when the doc gives a number).
    Timeout { minutes: Option<u32> },
    /// A `permissions:` block (on the workflow, or on each job).
    ExplicitPermissions,
    /// Remote actions pinned to a full commit SHA (`third_party`: other than `actions/*`
    /// and `github/*`).
    ShaPinned { third_party: bool },
    /// Jobs run on this runner label, lowercase (`ubuntu-latest`, or `ubuntu` for any).
    Runner { label: String },
    /// A step uses this action, `owner/name` lowercase.
    Action { action: String },
}

/// What a route starts from.
///
/// Classification order: anything saying "manual"/"workflow_dispatch"/"dispatch" is `Manual`
/// (so "main manual" is a manual run, not a push to main); then a tag-like token (`v1.0.0-rc1`,
/// `v*.*.*`, `1.2.x`) or the word "tag" makes `Tag`; then a branch-like token (`main`,
/// `feature/*`, `refs/heads/x`) or the word "branch" makes `Branch`; the rest is `Other`.
/// Pull requests ("PRs", "pull requests to `develop`") are `PullRequest` when nothing says
/// they are merged (a merge is a push to the base branch).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RouteSubject {
    /// The tag or tag pattern as written, or the words when none is written ("release tags").
    Tag(String),
    /// The branch or branch pattern, e.g. "main", "feature/*".
    Branch(String),
    /// A pull request opened or updated, against the branch named (None: the default branch).
    PullRequest(Option<String>),
    Manual,
    Other(String),
}

/// Everything one document claims, sorted by position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocModel {
    pub claims: Vec<Claim>,
    /// `<!-- driftlint: ignore[rule-a, rule-b] -->` comments: line and rule ids (empty = all).
    pub ignores: Vec<(u32, Vec<String>)>,
}

/// Read the claims of one markdown file.
pub fn parse_doc(file: &SourceFile, patterns: &ClaimPatterns) -> DocModel {
    let blocks = blocks::walk(&file.text);
    let sentences = prose::block_sentences(&blocks, patterns);
    let ctx = Ctx {
        file,
        patterns,
        blocks: &blocks,
        sentences: &sentences,
    };
    let mut claims = Vec::new();
    route::arrow_routes(&ctx, &mut claims);
    route::table_routes(&ctx, &mut claims);
    prose_route::prose_routes(&ctx, &mut claims);
    snippet::trigger_snippets(&ctx, &mut claims);
    command::commands(&ctx, &mut claims);
    dispatch_form::dispatch_forms(&ctx, &mut claims);
    push::pushes(&ctx, &mut claims);
    tag_push::tag_pushes(&ctx, &mut claims);
    refs::workflow_refs(&ctx, &mut claims);
    ui_path::ui_paths(&ctx, &mut claims);
    // After the references: descriptions are tied to the workflows those name.
    describe::trigger_descriptions(&ctx, &mut claims);
    prose::prose_claims(&ctx, &mut claims);
    blanket::blanket_claims(&ctx, &mut claims);
    conventions::convention_claims(&ctx, &mut claims);
    inputs::listed_inputs(&ctx, &mut claims);
    conditions::non_blocking(&ctx, &mut claims);
    gates::gate_orders(&ctx, &mut claims);
    chains::chains(&ctx, &mut claims);
    chains::steps(&ctx, &mut claims);
    chains::listed(&ctx, &mut claims);
    chains::set_up(&ctx, &mut claims);
    chains::unnamed(&ctx, &mut claims);
    job_graph::job_graphs(&ctx, &mut claims);
    let file_only = dispatch_ref::file_only_branches(&ctx, &claims);
    claims.extend(file_only);
    claims.sort_by(|a, b| (a.span, &a.kind).cmp(&(b.span, &b.kind)));
    claims.dedup();
    DocModel {
        claims,
        ignores: snippet::ignore_comments(&ctx),
    }
}

/// Compile one of this module's own regex constants (covered by tests; never user input), with
/// ASCII Perl classes and word boundaries ([`crate::ascii_regex`]).
pub fn constant_regex(pattern: &str) -> regex::Regex {
    crate::ascii_regex::constant(pattern)
}

/// The lines of a markdown text outside ``` and ~~~ fences, as (0-based index, line trimmed),
/// fence lines left out.
pub(crate) fn unfenced_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut fence = false;
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let t = raw.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            return None;
        }
        (!fence).then_some((i, t))
    })
}

/// Compile one of this module's own regex constants that is searched in a few texts only: the
/// same matches as [`constant_regex`], built without the literal prefilter, which makes
/// searches of long texts fast but costs more to build than it saves here. Covered by tests;
/// never user input.
pub(crate) fn constant_rare_regex(pattern: &str) -> regex_automata::meta::Regex {
    constant_meta_regex(pattern, lazy_regex::without_prefilter(CONSTANT_SIZE_LIMIT))
}

/// [`constant_rare_regex`] for one that only ever sees short texts (a token, a URL, a table
/// header cell): also without the lazy DFA (and the reverse NFA it needs); the backtracking
/// engine searches such texts fast enough.
pub(crate) fn constant_short_text_regex(pattern: &str) -> regex_automata::meta::Regex {
    let config = lazy_regex::without_prefilter(CONSTANT_SIZE_LIMIT).hybrid(false);
    constant_meta_regex(pattern, config)
}

/// The `regex` crate's default size limit.
const CONSTANT_SIZE_LIMIT: usize = 10 * (1 << 20);

fn constant_meta_regex(
    pattern: &str,
    config: regex_automata::meta::Config,
) -> regex_automata::meta::Regex {
    regex_automata::meta::Builder::new()
        .configure(config)
        .build(&crate::ascii_regex::ascii_classes(pattern))
        .unwrap_or_else(|e| panic!("invalid built-in regex {pattern}: {e}"))
}

/// What every extractor reads.
pub(crate) struct Ctx<'a> {
    pub file: &'a SourceFile,
    pub patterns: &'a ClaimPatterns,
    pub blocks: &'a blocks::Blocks,
    /// The sentences of each text block (same index as `blocks.texts`), split once for the
    /// prose claims and the trigger descriptions.
    pub sentences: &'a [prose::BlockSentences<'a>],
}

impl Ctx<'_> {
    /// The text of the heading a block sits under, trimmed.
    pub(crate) fn section_heading(&self, block: &blocks::TextBlock) -> Option<String> {
        block
            .section
            .and_then(|i| self.blocks.texts.get(i))
            .map(|h| h.text.trim().to_string())
    }

    /// Span of a whole source line, starting at its first non-blank character.
    pub fn trimmed_line_span(&self, line: u32) -> Span {
        let start = self.file.line_start(line);
        let text = self.file.line_text(line);
        let indent = text.len() - text.trim_start().len();
        self.file
            .span(start + indent, start + text.trim_end().len().max(indent))
    }

    /// The 1-based line of a byte offset (the line of `file.pos`, without counting columns).
    pub fn line_of(&self, offset: usize) -> u32 {
        self.file.line_at(offset)
    }

    /// Each first match of `re` in a sentence of a paragraph or list item, with its block, the
    /// sentence's range and text, and the match's span in the file. Docs whose path says
    /// example or template describe other repositories and give none.
    pub fn sentence_matches(
        &self,
        re: &line_regex::LineRegex,
        each: impl FnMut(&blocks::TextBlock, &std::ops::Range<usize>, &str, Span),
    ) {
        self.sentence_matches_if(re, |_| true, each)
    }

    /// [`Ctx::sentence_matches`] searching only the sentences `may_match` admits: a cheap test
    /// the regex cannot match without (a byte it needs), so that its lazy DFA is not grown
    /// on sentences it never matches (the states it builds stay for the process' life).
    pub fn sentence_matches_if(
        &self,
        re: &line_regex::LineRegex,
        may_match: impl Fn(&str) -> bool,
        mut each: impl FnMut(&blocks::TextBlock, &std::ops::Range<usize>, &str, Span),
    ) {
        let rel = self.file.rel.to_ascii_lowercase();
        if rel.contains("example") || rel.contains("template") {
            return;
        }
        for (block, split) in self.blocks.texts.iter().zip(self.sentences) {
            if !matches!(
                block.role,
                blocks::TextRole::Paragraph | blocks::TextRole::ListItem
            ) {
                continue;
            }
            for sentence in &split.ranges {
                let Some(text) = split.flat.get(sentence.clone()) else {
                    continue;
                };
                if !may_match(text) {
                    continue;
                }
                let Some(m) = re.find(text) else {
                    continue;
                };
                let start = block.source_offset(sentence.start + m.start());
                let end = block.source_offset(sentence.start + m.end());
                each(block, sentence, text, self.file.span(start, end));
            }
        }
    }
}

/// Can a case-insensitive regex that needs one of the lowercase `words` match `text`? A
/// non-ASCII text may, whatever it holds: Unicode case folding matches `ſ` for `s` and `K`
/// (Kelvin) for `k`.
pub(crate) fn may_hold_ci(text: &str, words: &[&str]) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        words.iter().any(|w| {
            b.get(i..i + w.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(w.as_bytes()))
        })
    })
}

/// Whether `text` holds `word` in any ASCII case: the pre-check of a `(?i)` regex that needs
/// the word. Exact only for words none of whose letters has a non-ASCII case variant, which
/// `k` (the Kelvin sign) and `s` (the long s) have (tested in `describe::tests`).
pub(crate) fn has_word_ci(text: &str, word: &str) -> bool {
    debug_assert!(!word
        .bytes()
        .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's')));
    let (hay, needle) = (text.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    // Candidates by the first letter in either case (memchr), then the rest compared.
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).any(|at| {
        hay.get(at + 1..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// The pre-check of the sentence regexes that need the word `workflow` (`flow`: no letter of
/// it has a non-ASCII case variant, unlike the `k` of `workflow`).
pub(crate) fn names_workflow(text: &str) -> bool {
    has_word_ci(text, "flow")
}
