//! Mermaid flowcharts as arrow lines: `rc["tag v1.2.0-rc1"] --> pre["preprod"]` reads as
//! `tag v1.2.0-rc1 --> preprod`, so the arrow-route reader sees what the diagram draws. Nodes
//! are replaced by their labels (a node drawn once and referenced by id later keeps its label);
//! edge texts (`-->|on tag|`, `-- on tag -->`) and dotted or thick arrows become plain `-->`.
//! Only `graph` / `flowchart` diagrams are read: a sequence diagram's arrows are messages.

use crate::docs::line_regex::LineRegex;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::constant_regex;

/// A node with a label: `id[label]`, `id["label"]`, `id(label)`, `id([label])`, `id{label}`,
/// `id[[label]]`, `id>label]`.
static NODE: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r#"([A-Za-z_][\w-]*)\s*(?:\[\[|\(\[|\(\(|\[\(|\{\{|\[|\(|\{|>)\s*"?([^\]\)\}"]*)"?\s*(?:\]\]|\]\)|\)\)|\)\]|\}\}|\]|\)|\})"#,
    )
});

/// Edge text and arrow styles: `-->|text|`, `-- text -->`, `-.->`, `-.text.->`, `==>`, `--->`.
static EDGE: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(r"\s*(?:--\s[^->]*?-->|-\.(?:[^>]*?\.)?->|-{2,}>|={2,}>)\s*(?:\|[^|]*\|)?\s*")
});

/// A bare node id between arrows or at either end of an edge line.
static BARE_ID: LazyLock<LineRegex> = LazyLock::new(|| LineRegex::new(r"^[A-Za-z_][\w-]*$"));

/// Whether a fenced block of this language is a mermaid diagram.
pub(crate) fn is_mermaid(lang: &str) -> bool {
    lang.eq_ignore_ascii_case("mermaid")
}

/// The edge lines of a flowchart as arrow text, with their index in `lines`; empty for other
/// diagram kinds.
pub(crate) fn flowchart_edges<'a>(
    lines: impl Iterator<Item = &'a str> + Clone,
) -> Vec<(usize, String)> {
    let mut first = lines
        .clone()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("%%"));
    let Some(head) = first.next() else {
        return Vec::new();
    };
    let kind = head.split_whitespace().next().unwrap_or("");
    if !matches!(kind, "graph" | "flowchart") {
        return Vec::new();
    }
    let mut labels: HashMap<String, String> = HashMap::new();
    for line in lines.clone() {
        for c in NODE.captures_iter(line) {
            if let (Some(id), Some(label)) = (c.get(1), c.get(2)) {
                labels
                    .entry(id.as_str().to_string())
                    .or_insert_with(|| label.as_str().trim().to_string());
            }
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.trim();
        if !EDGE.is_match(line) {
            continue;
        }
        let labelled = NODE.replace_all(line, |c: &regex::Captures<'_>| {
            c.get(2).map_or("", |m| m.as_str()).trim().to_string()
        });
        let parts: Vec<String> = EDGE
            .split(&labelled)
            .map(|p| {
                let p = p.trim().trim_end_matches(';').trim();
                if BARE_ID.is_match(p) {
                    labels.get(p).cloned().unwrap_or_else(|| p.to_string())
                } else {
                    p.to_string()
                }
            })
            .collect();
        out.push((i, parts.join(" --> ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_read_as_arrow_lines() {
        let chart = "flowchart LR\n  rc[\"tag v1.2.0-rc1\"] --> pre(\"preprod\")\n  final{tag v1.2.0} -->|approved| prod[[prod]]\n  rc -.-> final\n  A -- on merge --> pre\n";
        let got = flowchart_edges(chart.lines());
        assert_eq!(
            got,
            vec![
                (1, "tag v1.2.0-rc1 --> preprod".to_string()),
                (2, "tag v1.2.0 --> prod".to_string()),
                (3, "tag v1.2.0-rc1 --> tag v1.2.0".to_string()),
                (4, "A --> preprod".to_string()),
            ]
        );
    }

    #[test]
    fn sequence_diagrams_are_not_routes() {
        let chart = "sequenceDiagram\n  Dev->>CI: push tag v1.0.0\n  CI-->>Prod: deploy\n";
        assert!(flowchart_edges(chart.lines()).is_empty());
    }
}
