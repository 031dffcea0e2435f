//! `git push origin <ref>` lines in code blocks under a comment that says the push starts
//! something ("# Trigger CI", "# runs the release workflow").

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use regex::Regex;

use super::{constant_regex, Claim, ClaimKind, Ctx};

/// `git push origin <ref>` (one ref, no flags after it).
static GIT_PUSH: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"^\s*(?:\$\s+)?git\s+push\s+(?:-u\s+|--set-upstream\s+)?origin\s+([A-Za-z0-9][\w./-]*)\s*(?:#\s*(.*))?$",
    )
});
/// `git tag [-a|-s] <name>`: a name pushed later is a tag.
static GIT_TAG: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"^\s*(?:\$\s+)?git\s+tag\s+(?:-[as]\s+)?(?:-m\s+\S+\s+)?([A-Za-z0-9][\w./-]*)")
});
/// A comment that says the push starts a workflow.
static STARTS_SOMETHING: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:trigger\w*|runs?|starts?|kicks?\s+off|automatically|ci|workflows?|pipelines?|deploy\w*|builds?|releases?)\b",
    )
});
/// Lines that may sit between the comment and the push without changing what it says.
static GIT_LINE: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"^\s*(?:\$\s+)?git\s+(?:add|commit|tag|checkout|switch)\b"));

pub(crate) fn pushes(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for code in &ctx.blocks.codes {
        if !code.lines.iter().any(|l| l.text.contains("git push")) {
            continue;
        }
        let mut tags: Vec<String> = Vec::new();
        // The comment that applies to the next command, if any.
        let mut comment: Option<String> = None;
        for (i, line) in code.lines.iter().enumerate() {
            let t = line.text.trim();
            if let Some(c) = GIT_TAG.captures(t).and_then(|c| c.get(1)) {
                tags.push(c.as_str().to_string());
            }
            if let Some(text) = t.strip_prefix('#') {
                // A result comment belongs to the command above it, never to the next one.
                comment = result_comment(t).is_none().then(|| text.trim().to_string());
                continue;
            }
            if t.is_empty() {
                comment = None;
                continue;
            }
            if let Some(caps) = GIT_PUSH.captures(t) {
                let Some(m) = caps.get(1) else { continue };
                let name = m.as_str();
                // The comment above the push, else one at the end of its line.
                let trailing = caps.get(2).map(|c| c.as_str().trim().to_string());
                // A result comment on the next line: "# → Triggers the release workflows".
                // Comment lines listing items under it ("#   - Docker image") belong to it.
                let below = code
                    .lines
                    .get(i + 1)
                    .and_then(|l| result_comment(l.text.trim()))
                    .map(|first| {
                        let items = code.lines.iter().skip(i + 2).map_while(|l| {
                            let c = l.text.trim().strip_prefix('#')?.trim_start();
                            let item = c.strip_prefix(['-', '*', '•'])?;
                            Some(item.trim().to_string())
                        });
                        std::iter::once(first)
                            .chain(items)
                            .collect::<Vec<_>>()
                            .join("; ")
                    });
                let said = comment
                    .take()
                    .filter(|c| STARTS_SOMETHING.is_match(c))
                    .or_else(|| trailing.filter(|c| STARTS_SOMETHING.is_match(c)))
                    .or_else(|| below.filter(|c| STARTS_SOMETHING.is_match(c)));
                if let Some(said) = said {
                    let is_tag = tags.iter().any(|x| x == name)
                        || name.starts_with("refs/tags/")
                        || looks_like_version(name);
                    let git_ref = if name.starts_with("refs/") {
                        name.to_string()
                    } else if is_tag {
                        format!("refs/tags/{name}")
                    } else {
                        format!("refs/heads/{name}")
                    };
                    let start = line.offset + line.text.find("git").unwrap_or(0);
                    out.push(Claim {
                        kind: ClaimKind::Push {
                            git_ref,
                            comment: said,
                        },
                        span: ctx
                            .file
                            .span(start, line.offset + line.text.trim_end().len()),
                        text: t.to_string(),
                    });
                }
                continue;
            }
            if !GIT_LINE.is_match(t) {
                comment = None;
            }
        }
    }
}

/// The text of a comment that gives the result of the command above it: it starts with an
/// arrow (`# → Triggers CI`, `# -> deploys`, `# => runs`). A plain comment below a command is
/// about the next one.
fn result_comment(line: &str) -> Option<String> {
    let text = line.strip_prefix('#')?.trim_start();
    let rest = ["→", "->", "=>", "⇒", "↳"]
        .iter()
        .find_map(|a| text.strip_prefix(a))?;
    Some(rest.trim().to_string())
}

/// `v1.2.3`, `1.0.0`, `v2`: a version, so a tag.
fn looks_like_version(name: &str) -> bool {
    let rest = name.strip_prefix('v').unwrap_or(name);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::super::tests::claims_in;
    use super::super::ClaimKind;

    fn pushes(md: &str) -> Vec<(u32, String)> {
        claims_in(md)
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::Push { git_ref, .. } => Some((c.span.start.line, git_ref)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pushes_under_a_comment_that_promises_a_run() {
        let md = "```sh\n# kicks off the checks\ngit push origin topic/x\n\n# make a tag\ngit tag -a v3.1.0 -m msg\n# the release pipeline starts\ngit push origin v3.1.0\n\n# share your work\ngit push origin wip\ngit push origin --tags\n```\n";
        assert_eq!(
            pushes(md),
            vec![
                (3, "refs/heads/topic/x".to_string()),
                (8, "refs/tags/v3.1.0".to_string())
            ]
        );
    }

    #[test]
    fn an_arrow_comment_below_gives_the_result() {
        let md = "```sh\ngit switch -c release/4.2\ngit push origin release/4.2\n# -> the packaging workflows start:\n#   - wheels\n#   - images\n\ngit push origin scratch\n# then open a PR\n```\n";
        assert_eq!(pushes(md), vec![(3, "refs/heads/release/4.2".to_string())]);
        let comments: Vec<String> = claims_in(md)
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::Push { comment, .. } => Some(comment),
                _ => None,
            })
            .collect();
        assert_eq!(
            comments,
            vec!["the packaging workflows start:; wheels; images"]
        );
    }

    #[test]
    fn other_commands_between_break_the_link() {
        let md = "```sh\n# the CI runs\nmake lint\ngit push origin main\n```\n";
        assert!(pushes(md).is_empty());
    }
}
