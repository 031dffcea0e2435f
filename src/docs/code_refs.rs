//! Workflow files named inside code blocks: entries of a directory tree drawn under
//! `.github/workflows/`, and `uses: owner/repo/.github/workflows/x.yml@ref` calls of reusable
//! workflows (in code blocks and in inline code).

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::CodeBlock;
use super::{constant_regex, Ctx};

/// `uses: owner/repo/.github/workflows/x.yml@ref`: owner/repo, then the file name.
static USES_REUSABLE: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r#"uses:\s*["']?([A-Za-z0-9][\w.-]*/[\w.-]+)/\.github/workflows/([\w.-]+\.ya?ml)@"#,
    )
});

/// A workflow file named in a code block or inline code.
pub(crate) struct CodeRef {
    /// Byte offsets of the file name (tree) or the whole `owner/repo/...yml` (uses) in source.
    pub offset: usize,
    pub end: usize,
    pub target: String,
    pub file_name: String,
    /// `owner/repo` of a `uses:` call; None for a tree entry (this repository).
    pub repo: Option<String>,
    /// Source offset of the code block of a tree entry.
    pub tree: Option<usize>,
}

/// `uses:` calls of reusable workflows in one line of text; `base` maps to source offsets.
pub(crate) fn uses_refs(text: &str, to_source: impl Fn(usize) -> usize) -> Vec<CodeRef> {
    if !text.contains("uses:") {
        return Vec::new();
    }
    USES_REUSABLE
        .captures_iter(text)
        .filter_map(|c| {
            let repo = c.get(1)?;
            let file = c.get(2)?;
            Some(CodeRef {
                offset: to_source(repo.start()),
                end: to_source(file.end()),
                target: text.get(repo.start()..file.end())?.to_string(),
                file_name: file.as_str().to_string(),
                repo: Some(repo.as_str().to_string()),
                tree: None,
            })
        })
        .collect()
}

/// Every workflow file a document's code blocks name.
pub(crate) fn code_block_refs(ctx: &Ctx<'_>) -> Vec<CodeRef> {
    let mut out = Vec::new();
    for code in &ctx.blocks.codes {
        for line in &code.lines {
            let offset = line.offset;
            out.extend(uses_refs(&line.text, |i| offset + i));
        }
        out.extend(tree_refs(code));
    }
    out
}

/// Characters that draw a directory tree (`├── `, `│   `, `└── `, `|-- `, `` `-- ``).
fn is_tree_char(c: char) -> bool {
    matches!(
        c,
        '│' | '├' | '└' | '─' | '┬' | '┃' | '┣' | '┗' | '━' | '|' | '`' | '+' | '-'
    )
}

/// YAML files drawn inside `.github/workflows/` in a directory tree. A tree is a code block
/// where some line draws a branch (`├──`, `└──`, `|--`); each entry's parent is the nearest
/// entry above it that starts further left.
fn tree_refs(code: &CodeBlock) -> Vec<CodeRef> {
    let draws_tree = code.lines.iter().any(|l| {
        l.text.contains("├")
            || l.text.contains("└")
            || l.text.contains("|--")
            || l.text.contains("`--")
    });
    if !draws_tree {
        return Vec::new();
    }
    let mut out = Vec::new();
    // (column, name) of the entries that may still have children.
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in &code.lines {
        let text = line.text.trim_end();
        let mut column = 0;
        let mut start = text.len();
        for (i, c) in text.char_indices() {
            if c.is_whitespace() || is_tree_char(c) {
                column += 1;
                continue;
            }
            start = i;
            break;
        }
        let Some(rest) = text.get(start..) else {
            continue;
        };
        let token = rest.split_whitespace().next().unwrap_or("");
        if token.is_empty() || token.starts_with('#') {
            continue;
        }
        while stack.last().is_some_and(|(c, _)| *c >= column) {
            stack.pop();
        }
        let name = token.trim_end_matches('/');
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".yml") || lower.ends_with(".yaml") {
            let parents: Vec<&str> = stack.iter().map(|(_, n)| n.as_str()).collect();
            let parent = parents.join("/");
            let in_workflows =
                parent.ends_with(".github/workflows") || parent == ".github/workflows";
            let file_name = name.rsplit('/').next().unwrap_or(name);
            if in_workflows && !name.contains('/') {
                out.push(CodeRef {
                    offset: line.offset + start,
                    end: line.offset + start + name.len(),
                    target: format!(".github/workflows/{file_name}"),
                    file_name: file_name.to_string(),
                    repo: None,
                    tree: code.lines.first().map(|l| l.offset),
                });
            } else if name.starts_with(".github/workflows/") && file_name.len() + 18 == name.len() {
                out.push(CodeRef {
                    offset: line.offset + start,
                    end: line.offset + start + name.len(),
                    target: name.to_string(),
                    file_name: file_name.to_string(),
                    repo: None,
                    tree: code.lines.first().map(|l| l.offset),
                });
            }
        }
        stack.push((column, name.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::blocks;

    fn refs(md: &str) -> Vec<(String, Option<String>)> {
        let b = blocks::walk(md);
        b.codes
            .iter()
            .flat_map(|c| {
                let mut v = super::tree_refs(c);
                for l in &c.lines {
                    v.extend(super::uses_refs(&l.text, |i| l.offset + i));
                }
                v
            })
            .map(|r| (r.file_name, r.repo))
            .collect()
    }

    #[test]
    fn tree_entries_under_the_workflows_folder() {
        let md = "```\nproj/\n├── .github/\n│   ├── workflows/\n│   │   ├── lint.yaml   # style\n│   │   └── ship.yml\n│   └── labeler.yml\n├── chart/\n│   └── values.yaml\n└── notes.yml\n```\n";
        let got: Vec<String> = refs(md).into_iter().map(|(f, _)| f).collect();
        assert_eq!(got, vec!["lint.yaml", "ship.yml"]);
    }

    #[test]
    fn ascii_trees_and_joined_folders() {
        let md = "```text\nrepo\n|-- .github/workflows/\n|   |-- nightly.yml\n|   `-- docs.yml\n`-- mkdocs.yml\n```\n";
        let got: Vec<String> = refs(md).into_iter().map(|(f, _)| f).collect();
        assert_eq!(got, vec!["nightly.yml", "docs.yml"]);
    }

    #[test]
    fn plain_listing_is_not_a_tree() {
        let md = "```\n.github/\n  workflows/\n    ci.yml\n```\n";
        assert!(refs(md).is_empty());
    }

    #[test]
    fn reusable_calls_name_their_repository() {
        let md = "```yaml\njobs:\n  a:\n    uses: acme/pipelines/.github/workflows/pack.yml@v2\n  b:\n    uses: ./.github/workflows/local.yml\n```\n";
        assert_eq!(
            refs(md),
            vec![("pack.yml".to_string(), Some("acme/pipelines".to_string()))]
        );
    }
}
