//! Statements that a release or tag made along the documented process starts another
//! workflow: "The GitHub release will trigger the \"Publish\" workflow", "the new tag then
//! kicks off `deploy.yml`". Whether that can happen depends on the token the release or tag is
//! made with, which a later layer reads from the workflows.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::blocks::TextRole;
use super::{has_word_ci, ChainTarget, Claim, ClaimKind, Ctx};

/// "(the|this|each) [new] [GitHub] release|tag … will trigger|starts|kicks off [the]
/// [existing] <name> [workflow]", or the same opening a sentence ("Tag push triggers the
/// `Publish` workflow"): the release or tag is a definite one of the process, and the name is
/// quoted, in code or bold, or a workflow file name. Group `event`: release or tag; the name is in one
/// of the groups `q`, `c`, `b`, `f`.
static CHAIN: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r#"(?i)(?:\b(?:the|this|that|each|every|a)\s+|^[\s*_]*)(?:new(?:ly)?\s+|published\s+|created\s+|resulting\s+|pushed\s+)*(?:github\s+|git\s+|version\s+)?(?P<event>release|tag)\b(?:\s+(?:event|push|it\s+creates?|that\s+(?:it|is)\s+\w+))?\s+(?:will\s+|then\s+|automatically\s+|in\s+turn\s+)*(?:triggers?|starts?|kicks?\s+off|fires?\s+(?:off\s+)?|launch(?:es)?|runs?)\s+(?:off\s+)?(?:the\s+)?(?:existing\s+|separate\s+|dedicated\s+|same\s+)?(?:"(?P<q>[^"\n]{2,80})"|“(?P<u>[^”\n]{2,80})”|`(?P<c>[^`\n]{2,80})`|\*\*(?P<b>[^*\n]{2,80})\*\*|(?P<f>[\w.-]+\.ya?ml)\b)"#,
    )
});

/// Whether [`CHAIN`] can match: it needs `tag` or `release` (pre-check, see
/// [`super::Ctx::sentence_matches_if`]).
pub(crate) fn may_chain(text: &str) -> bool {
    has_word_ci(text, "tag") || has_word_ci(text, "relea")
}

/// Plans, conditions and advice: not a statement about what happens now.
static NOT_NOW: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:could|might|should|would|if\s+you|you\s+can|once\s+we|todo|planned|unless)\b",
    )
});

/// Not a statement of what happens now: a hedge or plan (NOT_NOW) or a sentence every claim
/// leaves out (`exclude_all`).
fn not_a_claim(ctx: &Ctx<'_>, text: &str) -> bool {
    NOT_NOW.is_match(text) || ctx.patterns.exclude_all.iter().any(|re| re.is_match(text))
}

/// The claim that `event` starts `workflow`, said in `text` at `span`; the heading is the one
/// `block` sits under.
fn starts_workflow(
    ctx: &Ctx<'_>,
    block: &super::blocks::TextBlock,
    event: &str,
    workflow: &str,
    (step, listed, target): (bool, bool, ChainTarget),
    span: crate::source::Span,
    text: &str,
) -> Claim {
    let heading = ctx.section_heading(block);
    Claim {
        kind: ClaimKind::EventStartsWorkflow {
            event: event.to_string(),
            workflow: workflow.to_string(),
            heading,
            step,
            listed,
            target,
        },
        span,
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

pub(crate) fn chains(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    ctx.sentence_matches_if(&CHAIN, may_chain, |block, _, text, span| {
        if not_a_claim(ctx, text) {
            return;
        }
        let Some(caps) = CHAIN.captures(text) else {
            return;
        };
        let quoted = ["q", "u", "c", "b"].iter().find_map(|g| caps.name(g));
        let file = caps.name("f");
        let Some(name) = quoted.or(file) else {
            return;
        };
        let name = name.as_str().trim();
        // A quoted name must be followed by "workflow" or be a workflow file name: "the tag
        // starts `make deploy`" names a command.
        let after = text.get(caps.get(0).map_or(0, |m| m.end())..).unwrap_or("");
        let says_workflow = after
            .trim_start_matches(['"', '”', '`', '*', ' '])
            .to_ascii_lowercase()
            .starts_with("workflow");
        let is_file = name.ends_with(".yml") || name.ends_with(".yaml");
        if !(says_workflow || is_file) {
            return;
        }
        let event = caps
            .name("event")
            .map_or("release", |m| m.as_str())
            .to_ascii_lowercase();
        out.push(starts_workflow(
            ctx,
            block,
            &event,
            name,
            (false, false, ChainTarget::Named),
            span,
            text,
        ));
    });
}

/// A step that makes a release or tag: "Merge the release PR to create a GitHub release/tag",
/// "Publish the draft release", "Push the new version tag". Group `r`: a release; `t`: a tag.
static MAKES: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:creat\w*|publish\w*|cut\w*|make\w*|draft\w*|push\w*)\s+(?:(?:a|an|the|new|your|draft|version|semver|git|github)\s+)*(?:(?P<r>release)(?:\s*/\s*(?P<rt>tag))?|(?P<t>tag)(?:\s*/\s*(?P<tr>release))?)\b(?P<not>\s+(?:pr|prs|pull|notes|branch|please|workflow|job|script|checklist|process|draft)\b)?",
    )
});

/// What a [`MAKES`] match makes: "release", "tag" or both ("release/tag").
fn made_by(m: &crate::docs::line_regex::Groups<'_>) -> &'static str {
    let release = m.name("r").is_some() || m.name("tr").is_some();
    let tag = m.name("t").is_some() || m.name("rt").is_some();
    match (release, tag) {
        (true, true) => "release/tag",
        (true, false) => "release",
        _ => "tag",
    }
}

/// The workflow a step opens with: "`publish` workflow builds …", "The Publish workflow
/// uploads …", "`publish.yml` runs …". Bold is already gone from the text.
static OPENS_WITH_WORKFLOW: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"^(?:[Tt]he\s+|[Tt]hen\s+(?:the\s+)?)?(?:`(?P<c>[^`\n]{2,60})`\s*(?:[A-Z][\w-]*\s+)?[Ww]orkflow\b|`?(?P<f>[\w.-]+\.ya?ml)`?|(?P<n>(?:[A-Z][\w.-]*\s+){1,3})[Ww]orkflow\b)",
    )
});

/// A step that says how the workflow is started, or is not a plain statement of what happens.
static STARTED_OTHERWISE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:gh\s+workflow\s+run|manual\w*|dispatch\w*|by\s+hand|run\s+workflow|actions\s+(?:tab|page|ui)|re-?run\w*|if|unless|when\s+you|could|should|might|may|optional\w*|triggered\s+by|on\s+schedule)\b",
    )
});

/// An item of a numbered list (`1.` or `1)`).
fn numbered(ctx: &Ctx<'_>, block: &super::blocks::TextBlock) -> bool {
    let line = ctx.line_of(block.source_range().start);
    let text = ctx.file.line_text(line).trim_start();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=2).contains(&digits)
        && text
            .get(digits..)
            .is_some_and(|r| r.starts_with(". ") || r.starts_with(") "))
}

/// Adjacent list items of one section, as (item, next item); none in example or template docs.
fn item_pairs<'a>(
    ctx: &'a Ctx<'_>,
) -> impl Iterator<Item = (&'a super::blocks::TextBlock, &'a super::blocks::TextBlock)> {
    let rel = ctx.file.rel.to_ascii_lowercase();
    let sample = rel.contains("example") || rel.contains("template");
    let texts: &[super::blocks::TextBlock] = if sample { &[] } else { &ctx.blocks.texts };
    texts.windows(2).filter_map(|pair| match pair {
        [made, next]
            if made.role == TextRole::ListItem
                && next.role == TextRole::ListItem
                && made.section == next.section =>
        {
            Some((made, next))
        }
        _ => None,
    })
}

/// Two steps of a numbered list: one makes a release or tag, the next opens with a workflow
/// that then does something ("3. Merge the release PR to create a GitHub release. 4. `publish`
/// workflow builds and publishes the package"): the release or tag is said to start it.
pub(crate) fn steps(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for (made, next) in item_pairs(ctx) {
        if !numbered(ctx, made) || !numbered(ctx, next) {
            continue;
        }
        if not_a_claim(ctx, &made.text) {
            continue;
        }
        let Some(m) = MAKES.captures(&made.text) else {
            continue;
        };
        // "the release PR", "release notes": not a release.
        if m.name("not").is_some() {
            continue;
        }
        let event = made_by(&m);
        let Some(w) = OPENS_WITH_WORKFLOW.captures(next.text.trim_start()) else {
            continue;
        };
        if STARTED_OTHERWISE.is_match(&next.text)
            || ctx
                .patterns
                .exclude_all
                .iter()
                .any(|re| re.is_match(&next.text))
        {
            continue;
        }
        let Some(name) = ["c", "f", "n"].iter().find_map(|g| w.name(g)) else {
            continue;
        };
        let name = name.as_str().trim();
        if name.is_empty() || name.eq_ignore_ascii_case("the") || name.eq_ignore_ascii_case("this")
        {
            continue;
        }
        let range = next.source_range();
        let said = format!("{} {}", made.text.trim(), next.text.trim());
        out.push(starts_workflow(
            ctx,
            next,
            event,
            name,
            (true, false, ChainTarget::Named),
            ctx.file.span(range.start, range.end),
            &said,
        ));
    }
}

/// An item saying what a process or workflow does that makes a release or tag, in the third
/// person or the passive: "Creates a GitHub release", "GitHub release is created", "Pushes the
/// version tag". Group `r`: a release; `t`: a tag.
static DOES_MAKE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^(?:(?:creates|publishes|cuts|makes|drafts|pushes)\s+(?:(?:a|an|the|new|draft|version|semver|git|github)\s+)*(?:(?P<r>release)|(?P<t>tag))|(?:(?:a|an|the|new|draft|version|semver|git|github)\s+)*(?:(?P<r2>release)|(?P<t2>tag))\s+(?:is|gets)\s+(?:then\s+)?(?:created|published|cut|made|pushed|drafted))\b(?P<not>\s+(?:pr|prs|pull|notes|branch|please|workflow|job|script|checklist|process|draft)\b)?",
    )
});

/// The next item: "This automatically triggers the `publish.yml` workflow", "Publish workflow
/// is automatically triggered". The name is in `c` (code), `q` (quotes), `f` (a file name) or
/// `n` (capitalised words before "workflow").
static THIS_STARTS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r#"^(?:(?:[Tt]his|[Ii]t|[Tt]hat|[Ww]hich)\s+(?:will\s+|then\s+|automatically\s+|in\s+turn\s+)*(?:triggers?|starts?|kicks?\s+off|fires?\s+(?:off\s+)?|launch(?:es)?)\s+(?:off\s+)?(?:the\s+)?(?:`(?P<c>[^`\n]{2,60})`\s*(?:[Ww]orkflow\b)?|"(?P<q>[^"\n]{2,60})"\s*[Ww]orkflow\b|(?P<f>[\w.-]+\.ya?ml)\b|(?P<n>(?:[A-Z][\w.-]*\s+){1,3})[Ww]orkflow\b)|(?:[Tt]he\s+)?(?:`(?P<c2>[^`\n]{2,60})`\s*|(?P<n2>(?:[A-Z][\w.-]*\s+){1,3}))[Ww]orkflow\s+(?:is|gets)\s+(?:then\s+)?(?:automatically\s+)?(?:triggered|started|kicked\s+off)\b)"#,
    )
});

/// Two items of a list (bulleted or numbered, one section): the first says a release or tag is
/// made, the next that this starts a workflow. Whoever makes it is told by the heading: a
/// workflow it names that makes the release or tag has its token judged.
pub(crate) fn listed(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for (made, next) in item_pairs(ctx) {
        if not_a_claim(ctx, &made.text) || not_a_claim(ctx, &next.text) {
            continue;
        }
        // Said of the process ("Creates a GitHub release"): `listed`; a person's step
        // ("Publish the release"): a step, where a listener is enough.
        let made_text = made.text.trim_start();
        let (event, by_process) = if let Some(m) = DOES_MAKE.captures(made_text) {
            if m.name("not").is_some() {
                continue;
            }
            let release = m.name("r").is_some() || m.name("r2").is_some();
            (if release { "release" } else { "tag" }, true)
        } else if let Some(m) = MAKES
            .captures(made_text)
            .filter(|m| m.get(0).is_some_and(|x| x.start() == 0))
        {
            if m.name("not").is_some() {
                continue;
            }
            (made_by(&m), false)
        } else {
            continue;
        };
        let Some(w) = THIS_STARTS.captures(next.text.trim_start()) else {
            continue;
        };
        let Some(name) = ["c", "q", "f", "n", "c2", "n2"]
            .iter()
            .find_map(|g| w.name(g))
        else {
            continue;
        };
        let name = name.as_str().trim();
        // A name in code is a workflow only as a file name or before "workflow".
        let in_code = w.name("c").is_some();
        let says_workflow = w.get(0).is_some_and(|m| {
            m.as_str()
                .trim_end()
                .to_ascii_lowercase()
                .ends_with("workflow")
        });
        if name.is_empty()
            || (in_code && !(says_workflow || name.ends_with(".yml") || name.ends_with(".yaml")))
            || ["the", "this", "a"]
                .iter()
                .any(|x| name.eq_ignore_ascii_case(x))
        {
            continue;
        }
        let range = next.source_range();
        if out.iter().any(|c| {
            matches!(c.kind, ClaimKind::EventStartsWorkflow { .. })
                && c.span.start.offset < range.end
                && range.start < c.span.end.offset
        }) {
            continue;
        }
        let said = format!("{}; {}", made.text.trim(), next.text.trim());
        out.push(starts_workflow(
            ctx,
            next,
            event,
            name,
            (true, by_process, ChainTarget::Named),
            ctx.file.span(range.start, range.end),
            &said,
        ));
    }
}

/// A set-up step naming a workflow and the release event it is to start on: "Configure
/// `chart-sync.yml` to trigger on releases", "Set up the `Notify` workflow to run on each
/// published release". The name is in `c`, `q`, `u`, `b` or `f`; `w`: "workflow" follows it.
static SET_UP: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r#"(?i)\b(?:configure|set\s+up|set|enable)\s+(?:the\s+)?(?:`(?P<c>[^`\n]{2,80})`|"(?P<q>[^"\n]{2,80})"|“(?P<u>[^”\n]{2,80})”|\*\*(?P<b>[^*\n]{2,80})\*\*|(?P<f>[\w.-]+\.ya?ml)\b)\s*(?P<w>workflow\s+)?to\s+(?:be\s+triggered\s+(?:by|on)|(?:trigger|run|start|fire)\s+(?:automatically\s+)?(?:on|for|after|from|with))\s+(?:(?:each|every|new|published|github)\s+)*releases?\b"#,
    )
});

/// "Configure `X` to trigger on releases": the release the process makes is to start X. The
/// trigger missing is what the step asks to add; the token is judged when it is there.
pub(crate) fn set_up(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    ctx.sentence_matches_if(&SET_UP, may_chain, |block, _, text, span| {
        if not_a_claim(ctx, text) {
            return;
        }
        let Some(caps) = SET_UP.captures(text) else {
            return;
        };
        let Some(name) = ["c", "q", "u", "b", "f"].iter().find_map(|g| caps.name(g)) else {
            return;
        };
        let name = name.as_str().trim();
        let is_file = name.ends_with(".yml") || name.ends_with(".yaml");
        if !(is_file || caps.name("w").is_some()) {
            return;
        }
        out.push(starts_workflow(
            ctx,
            block,
            "release",
            name,
            (false, false, ChainTarget::SetUp),
            span,
            text,
        ));
    });
}

/// An item saying, in the third person, that a tool or workflow of the process makes a
/// release: "the packager builds the archives and publishes a GitHub Release", "a release
/// is then created". `not`: a word that makes it something else (release notes, branch).
static PROCESS_MAKES_RELEASE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)(?:\b(?:publishes|creates|cuts|drafts|makes)\s+(?:(?:a|an|the|new|draft|version|semver|git|github)\s+)*release|\brelease\s+(?:is|gets)\s+(?:then\s+)?(?:automatically\s+)?(?:created|published))\b(?P<not>\s+(?:pr|prs|pull|notes|branch|please|workflow|job|script|checklist|process|draft)\b)?",
    )
});

/// Someone, not the process, makes it: a person's step is not the process' release.
static BY_A_PERSON: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:you|your|we|maintainers?|someone|manually|by\s+hand|owners?|admins?)\b",
    )
});

/// The next item: something runs off that release without naming a workflow ("Changelog
/// polishing runs off the published release", "the docs job is triggered by the new
/// release"). `not`: "the release branch", "the release notes".
static OFF_THE_RELEASE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:runs?|fires?|starts?|kicks?\s+off|happens?|(?:is|are|gets?)\s+(?:then\s+)?(?:automatically\s+)?(?:triggered|started|run))\s+(?:off|from|on|after|by)\s+(?:of\s+)?(?:the|that|this)\s+(?:(?:newly|new|published|resulting|created|github)\s+)*release\b(?P<not>\s+(?:notes|branch|pr|prs|pull|workflow|job|process|tag|candidate|page|script)\b)?",
    )
});

/// A list introduced as what happens by itself: "GitHub will automatically:", "The
/// following then happens automatically:".
static AUTOMATIC_INTRO: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bautomatically\b[^.\n]*:\s*$"));

/// An item saying a package is published, without naming by what: "Publish to npm",
/// "Publishes the package".
static PUBLISH_ITEM: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)^publish(?:es)?\s+(?:to|on|the|a|it|package|packages)\b")
});

/// The text a list item is introduced by: the item it is nested in, else the paragraph
/// right before its list (same section).
fn intro_of<'a>(ctx: &'a Ctx<'_>, index: usize) -> Option<&'a str> {
    let texts = &ctx.blocks.texts;
    let item = texts.get(index)?;
    if let Some(parent) = item.parent_item {
        return texts.get(parent).map(|b| b.text.as_str());
    }
    let mut k = index;
    while k > 0 {
        k -= 1;
        let b = texts.get(k)?;
        if b.section != item.section {
            return None;
        }
        match b.role {
            TextRole::ListItem => continue,
            TextRole::Paragraph => return Some(b.text.as_str()),
            _ => return None,
        }
    }
    None
}

/// Two items of a list of what the process does, the first making a release in the third
/// person (or under "… will automatically:"), the next saying something runs off it without
/// naming a workflow ("… run off the published release"), or, under an automatic intro, that
/// a package is published: whatever listens to the release is meant.
pub(crate) fn unnamed(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let rel = ctx.file.rel.to_ascii_lowercase();
    if rel.contains("example") || rel.contains("template") {
        return;
    }
    let texts = &ctx.blocks.texts;
    for (index, pair) in texts.windows(2).enumerate() {
        let [made, next] = pair else {
            continue;
        };
        if made.role != TextRole::ListItem
            || next.role != TextRole::ListItem
            || made.section != next.section
            || made.parent_item != next.parent_item
        {
            continue;
        }
        if not_a_claim(ctx, &made.text) || not_a_claim(ctx, &next.text) {
            continue;
        }
        let automatic = intro_of(ctx, index)
            .is_some_and(|t| AUTOMATIC_INTRO.is_match(t.trim_end()) && !BY_A_PERSON.is_match(t));
        let made_text = made.text.trim();
        let third_person = PROCESS_MAKES_RELEASE
            .captures(made_text)
            .is_some_and(|m| m.name("not").is_none())
            || DOES_MAKE.captures(made_text).is_some_and(|m| {
                m.name("not").is_none() && m.name("t").is_none() && m.name("t2").is_none()
            });
        let imperative = automatic
            && MAKES
                .captures(made_text)
                .filter(|m| m.get(0).is_some_and(|x| x.start() == 0))
                .is_some_and(|m| m.name("not").is_none() && made_by(&m) == "release");
        if !(third_person || imperative) || BY_A_PERSON.is_match(made_text) {
            continue;
        }
        let next_text = next.text.trim();
        let target = if OFF_THE_RELEASE
            .captures(next_text)
            .is_some_and(|m| m.name("not").is_none())
        {
            ChainTarget::AnyListener
        } else if automatic && PUBLISH_ITEM.is_match(next_text) {
            ChainTarget::PublishingListener
        } else {
            continue;
        };
        let range = next.source_range();
        let said = format!("{}; {}", made_text, next_text);
        out.push(starts_workflow(
            ctx,
            next,
            "release",
            "",
            (false, true, target),
            ctx.file.span(range.start, range.end),
            &said,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{
        may_chain, AUTOMATIC_INTRO, CHAIN, DOES_MAKE, MAKES, NOT_NOW, OFF_THE_RELEASE,
        OPENS_WITH_WORKFLOW, PROCESS_MAKES_RELEASE, PUBLISH_ITEM, SET_UP, THIS_STARTS,
    };

    #[test]
    fn set_up_steps_and_unnamed_followers_of_a_release() {
        for (yes, name) in [
            ("Configure `sync.yml` to trigger on releases", "sync.yml"),
            (
                "Set up the \"Notify\" workflow to run on each published release",
                "Notify",
            ),
        ] {
            let caps = SET_UP.captures(yes).unwrap_or_else(|| panic!("{yes}"));
            let got = ["c", "q", "u", "b", "f"]
                .iter()
                .find_map(|g| caps.name(g))
                .map(|m| m.as_str());
            assert_eq!(got, Some(name), "{yes}");
            assert!(may_chain(yes), "{yes}");
        }
        assert!(!SET_UP.is_match("Configure `sync.yml` to trigger on pushes to main"));
        let makes = |s: &str| {
            PROCESS_MAKES_RELEASE
                .captures(s)
                .is_some_and(|m| m.name("not").is_none())
        };
        assert!(makes(
            "the packager builds archives and publishes a GitHub Release"
        ));
        assert!(makes("A release is then created"));
        assert!(!makes("the bot creates a release branch"));
        let off = |s: &str| {
            OFF_THE_RELEASE
                .captures(s)
                .is_some_and(|m| m.name("not").is_none())
        };
        assert!(off("Docs and notes run off the published release"));
        assert!(off("the archive job is triggered by the new release"));
        assert!(!off("the smoke suite runs off the release branch"));
        assert!(AUTOMATIC_INTRO.is_match("The pipeline will then automatically:"));
        assert!(!AUTOMATIC_INTRO.is_match("This happens automatically."));
        assert!(PUBLISH_ITEM.is_match("Publish to crates.io"));
        assert!(!PUBLISH_ITEM.is_match("Publishing notes"));
    }

    /// The pre-check admits every sentence the chain regex matches.
    #[test]
    fn precheck_admits_chains() {
        for s in [
            "The GitHub release will trigger the \"Publish\" workflow.",
            "The new TAG then kicks off `deploy.yml`",
            "Each published Release starts the **Docs** workflow",
            "This tag push runs release.yaml",
        ] {
            assert!(CHAIN.is_match(s) && may_chain(s), "{s}");
        }
        assert!(!may_chain("A push to main runs `ci.yml`"));
    }

    #[test]
    fn list_items_making_a_release_then_starting_a_workflow() {
        for yes in [
            "Creates a GitHub release",
            "GitHub release is created",
            "Pushes the version tag",
            "The new tag is pushed",
        ] {
            assert!(DOES_MAKE.is_match(yes), "{yes}");
        }
        for no in [
            "Create a release",
            "Release notes are created",
            "Creates a release branch",
        ] {
            assert!(
                DOES_MAKE
                    .captures(no)
                    .is_none_or(|m| m.name("not").is_some()),
                "{no}"
            );
        }
        let name = |s: &str| {
            THIS_STARTS.captures(s).and_then(|c| {
                ["c", "q", "f", "n", "c2", "n2"]
                    .iter()
                    .find_map(|g| c.name(g))
                    .map(|m| m.as_str().trim().to_string())
            })
        };
        assert_eq!(
            name("This automatically triggers the `deliver.yml` workflow").as_deref(),
            Some("deliver.yml")
        );
        assert_eq!(
            name("Deliver workflow is automatically triggered").as_deref(),
            Some("Deliver")
        );
        assert_eq!(name("It starts ship.yaml").as_deref(), Some("ship.yaml"));
        assert_eq!(name("Package is uploaded to the registry"), None);
    }

    #[test]
    fn steps_that_make_a_release_or_tag_and_steps_naming_a_workflow() {
        let made = |s: &str| {
            MAKES
                .captures(s)
                .filter(|m| m.name("not").is_none())
                .map(|m| {
                    (
                        m.name("r").is_some() || m.name("tr").is_some(),
                        m.name("t").is_some() || m.name("rt").is_some(),
                    )
                })
        };
        assert_eq!(
            made("Merge the release PR to create a GitHub release/tag."),
            Some((true, true))
        );
        assert_eq!(
            made("Draft and publish a new release."),
            Some((true, false))
        );
        assert_eq!(made("Push the version tag"), Some((false, true)));
        assert_eq!(made("Publish the release notes on the wiki."), None);
        assert_eq!(made("Merge the release PR."), None);
        assert_eq!(made("Create a release branch"), None);
        let named = |s: &str| {
            OPENS_WITH_WORKFLOW
                .captures(s)
                .and_then(|c| ["c", "f", "n"].iter().find_map(|g| c.name(g)))
                .map(|m| m.as_str().trim().to_string())
        };
        assert_eq!(
            named("`publish` workflow builds the package").as_deref(),
            Some("publish")
        );
        assert_eq!(
            named("The Docs Deploy workflow renders").as_deref(),
            Some("Docs Deploy")
        );
        assert_eq!(
            named("`ship.yml` uploads the wheel").as_deref(),
            Some("ship.yml")
        );
        assert_eq!(named("Wait for `publish` to finish"), None);
    }

    #[test]
    fn reads_release_and_tag_chains_naming_a_workflow() {
        for (yes, name) in [
            (
                "The GitHub release will trigger the \"Publish packages\" workflow.",
                "Publish packages",
            ),
            ("The new tag then kicks off `deploy.yml`.", "deploy.yml"),
            (
                "Each published release starts the **Docs** workflow",
                "Docs",
            ),
            ("This tag push triggers release.yaml", "release.yaml"),
        ] {
            let caps = CHAIN.captures(yes).unwrap_or_else(|| panic!("{yes}"));
            let got = ["q", "u", "c", "b", "f"]
                .iter()
                .find_map(|g| caps.name(g))
                .map(|m| m.as_str());
            assert_eq!(got, Some(name), "{yes}");
            assert!(!NOT_NOW.is_match(yes), "{yes}");
        }
        for no in [
            "Pushing to main triggers the \"CI\" workflow.",
            "The release notes mention the \"Publish\" workflow.",
            "A release is drafted by hand.",
        ] {
            assert!(!CHAIN.is_match(no), "{no}");
        }
        assert!(NOT_NOW.is_match("The release could trigger the \"Publish\" workflow."));
    }
}
