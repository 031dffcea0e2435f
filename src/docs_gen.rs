//! Rule reference pages (`docs/rules/<id>.md` and the index `docs/rules/README.md`), generated
//! from rule metadata so they cannot drift from `driftlint explain`. The test
//! `tests/rule_docs.rs` fails when a page is stale; `UPDATE_EXPECT=1` rewrites them.

use crate::finding::RuleMeta;

/// Marks generated pages and says how to regenerate them.
const GENERATED: &str = "<!-- Generated from the rule metadata by \
`UPDATE_EXPECT=1 cargo test --test rule_docs`; do not edit by hand. -->";

/// Lines of help text indented by at least this many spaces are examples.
const CODE_INDENT: usize = 2;

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Help text → markdown: prose stays, indented runs (blank lines inside them included)
/// become fenced code blocks with the common indentation removed.
fn help_markdown(help: &str) -> String {
    let lines: Vec<&str> = help.lines().collect();
    let is_code = |l: &str| !l.trim().is_empty() && indent_of(l) >= CODE_INDENT;
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines.get(i).copied().unwrap_or("");
        if !is_code(line) {
            out.push_str(line.trim_end());
            out.push('\n');
            i += 1;
            continue;
        }
        // A code run: up to the last indented line before prose resumes.
        let mut end = i;
        let mut j = i;
        while j < lines.len() {
            let l = lines.get(j).copied().unwrap_or("");
            if is_code(l) {
                end = j;
            } else if !l.trim().is_empty() {
                break;
            }
            j += 1;
        }
        let block = lines.get(i..=end).unwrap_or(&[]);
        let strip = block
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent_of(l))
            .min()
            .unwrap_or(0);
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str("```\n");
        for l in block {
            out.push_str(l.get(strip..).unwrap_or("").trim_end());
            out.push('\n');
        }
        out.push_str("```\n");
        if lines.get(end + 1).is_some_and(|l| !l.trim().is_empty()) {
            out.push('\n');
        }
        i = end + 1;
    }
    out.trim_end().to_string()
}

/// `## Severity` with when each severity applies, for rules with several (else nothing).
fn severity_section(meta: &RuleMeta) -> String {
    if meta.severities.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n## Severity\n\n| Severity | When |\n| --- | --- |\n");
    for c in &meta.severities {
        out.push_str(&format!("| {} | {} |\n", c.severity.as_str(), c.when));
    }
    out
}

/// A rule's full help as markdown, for SARIF `help.markdown` (code scanning shows it with each
/// alert): the summary, when each severity applies, the details with their examples fenced,
/// and how to suppress a finding. The same text as the rule page, without its title.
pub fn rule_help_markdown(meta: &RuleMeta) -> String {
    let id = &meta.id;
    let help = help_markdown(&meta.help);
    let mut out = format!("**{}**\n", meta.summary.trim());
    out.push_str(&severity_section(meta));
    if !help.is_empty() {
        out.push_str(&format!("\n## Details\n\n{help}\n"));
    }
    out.push_str(&format!(
        "\n## Suppressing it\n\nOn the reported workflow line or the line above it: \
`# driftlint: ignore[{id}] reason`; before the reported markdown paragraph: \
`<!-- driftlint: ignore[{id}] reason -->`. `driftlint explain {id}` prints this help.\n"
    ));
    out
}

/// The reference page of one rule.
pub fn rule_doc_markdown(meta: &RuleMeta) -> String {
    let id = &meta.id;
    format!(
        "{GENERATED}

# `{id}`

{summary}

| Severity | Category |
| --- | --- |
| {severity} | {category} |

`driftlint explain {id}` prints this help in the terminal.
{severities}
## Details

{help}

## Suppressing it

In a workflow, at the end of the reported line or alone on the line above it (also when
the reported line is a commented-out trigger):

```yaml
# driftlint: ignore[{id}] reason
```

In a markdown doc, on its own line before the reported paragraph, list item or table:

```markdown
<!-- driftlint: ignore[{id}] reason -->
```

For the whole repository, in `.driftlint.yml` (see [configuration](../config.md)):

```yaml
rules:
  {id}:
    enabled: false
```
",
        summary = meta.summary.trim(),
        severity = meta.severity_words(),
        severities = severity_section(meta),
        category = meta.category,
        help = help_markdown(&meta.help),
    )
}

/// The index of all rule pages.
pub fn rule_index_markdown(rules: &[&RuleMeta]) -> String {
    let mut out = format!(
        "{GENERATED}

# Rules

Every rule driftlint has, with the severities it reports at. [Configuration](../config.md) turns
rules off or changes their severity; [suppressions](../suppressions.md) silence one finding.

| Rule | Severity | Category | Summary |
| --- | --- | --- | --- |
"
    );
    for m in rules {
        out.push_str(&format!(
            "| [`{id}`]({id}.md) | {} | {} | {} |\n",
            m.severity_words(),
            m.category,
            m.summary.trim().replace('|', "\\|"),
            id = m.id,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_become_code_blocks() {
        let help = "Intro line.\nSecond.\n\nBad:\n  on:\n    push:\n\n    # kept\n\nGood: fix it:\n  on: {}\nAfter.\n";
        assert_eq!(
            help_markdown(help),
            "Intro line.\nSecond.\n\nBad:\n\n```\non:\n  push:\n\n  # kept\n```\n\nGood: fix it:\n\n```\non: {}\n```\n\nAfter."
        );
    }
}
