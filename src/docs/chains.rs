//! Statements that a release or tag made along the documented process starts another
//! workflow: "The GitHub release will trigger the \"Publish\" workflow", "the new tag then
//! kicks off `deploy.yml`". Whether that can happen depends on the token the release or tag is
//! made with, which a later layer reads from the workflows.

use std::sync::LazyLock;

use regex::Regex;

use super::{constant_regex, Claim, ClaimKind, Ctx};

/// "(the|this|each) [new] [GitHub] release|tag … will trigger|starts|kicks off [the] <name>
/// [workflow]": the release or tag is a definite one of the process, and the name is quoted,
/// in code or bold, or a workflow file name. Group `event`: release or tag; the name is in one
/// of the groups `q`, `c`, `b`, `f`.
static CHAIN: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r#"(?i)\b(?:the|this|that|each|every|a)\s+(?:new(?:ly)?\s+|published\s+|created\s+|resulting\s+|pushed\s+)*(?:github\s+|git\s+|version\s+)?(?P<event>release|tag)\b(?:\s+(?:event|push|it\s+creates?|that\s+(?:it|is)\s+\w+))?\s+(?:will\s+|then\s+|automatically\s+|in\s+turn\s+)*(?:triggers?|starts?|kicks?\s+off|fires?\s+(?:off\s+)?|launch(?:es)?|runs?)\s+(?:off\s+)?(?:the\s+)?(?:"(?P<q>[^"\n]{2,80})"|“(?P<u>[^”\n]{2,80})”|`(?P<c>[^`\n]{2,80})`|\*\*(?P<b>[^*\n]{2,80})\*\*|(?P<f>[\w.-]+\.ya?ml)\b)"#,
    )
});

/// Plans, conditions and advice: not a statement about what happens now.
static NOT_NOW: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)\b(?:could|might|should|would|if\s+you|you\s+can|once\s+we|todo|planned|unless)\b",
    )
});

pub(crate) fn chains(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    ctx.sentence_matches(&CHAIN, |block, _, text, span| {
        if NOT_NOW.is_match(text) || ctx.patterns.exclude_all.iter().any(|re| re.is_match(text)) {
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
        let heading = block
            .section
            .and_then(|i| ctx.blocks.texts.get(i))
            .map(|h| h.text.trim().to_string());
        out.push(Claim {
            kind: ClaimKind::EventStartsWorkflow {
                event,
                workflow: name.to_string(),
                heading,
            },
            span,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    });
}

#[cfg(test)]
mod tests {
    use super::{CHAIN, NOT_NOW};

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
