//! Rule metadata, compiled in from `rules/<id>.yml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::finding::{RuleMeta, Severity, SeverityCase, Topic};
use crate::yaml::{load_str, Node};

fn parse(id: &str, text: &str) -> Result<RuleMeta, String> {
    let doc = load_str(&format!("rules/{id}.yml"), text).map_err(|e| e.to_string())?;
    let root = doc.root.ok_or("empty rule file")?;
    let field = |k: &str| -> Result<String, String> {
        root.get(k)
            .and_then(Node::as_str)
            .map(|s| s.trim_end().to_string())
            .ok_or_else(|| format!("rules/{id}.yml: missing `{k}`"))
    };
    let file_id = field("id")?;
    if file_id != id {
        return Err(format!("rules/{id}.yml: id is `{file_id}`"));
    }
    let severity = Severity::parse(&field("severity")?)
        .ok_or_else(|| format!("rules/{id}.yml: bad severity"))?;
    Ok(RuleMeta {
        id: file_id,
        severity,
        category: field("category")?,
        summary: field("summary")?,
        help: field("help")?,
        severities: severity_cases(id, &root)?,
        topic: match root.get("topic").and_then(Node::as_str) {
            None => Topic::None,
            Some(t) => Topic::parse(t.trim())
                .ok_or_else(|| format!("rules/{id}.yml: unknown topic `{t}`"))?,
        },
    })
}

/// The optional `severities:` list: `- severity: note` / `when: ...` items.
fn severity_cases(id: &str, root: &Node) -> Result<Vec<SeverityCase>, String> {
    let Some(list) = root.get("severities") else {
        return Ok(Vec::new());
    };
    let items = list
        .as_seq()
        .ok_or_else(|| format!("rules/{id}.yml: `severities` is not a list"))?;
    items
        .iter()
        .map(|item| {
            let severity = item
                .get("severity")
                .and_then(Node::as_str)
                .and_then(Severity::parse)
                .ok_or_else(|| {
                    format!("rules/{id}.yml: a `severities` item has no valid `severity`")
                })?;
            let when = item
                .get("when")
                .and_then(Node::as_str)
                .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|w| !w.is_empty())
                .ok_or_else(|| format!("rules/{id}.yml: a `severities` item has no `when`"))?;
            Ok(SeverityCase { severity, when })
        })
        .collect()
}

/// All rule metadata, parsed once. A malformed built-in file is a build defect, caught by tests;
/// at run time it degrades to a placeholder instead of panicking.
pub fn all() -> &'static BTreeMap<String, RuleMeta> {
    static ALL: OnceLock<BTreeMap<String, RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        super::RULES
            .iter()
            .map(
                |&super::RuleEntry {
                     id, metadata: text, ..
                 }| {
                    let meta = parse(id, text).unwrap_or_else(|e| RuleMeta {
                        id: id.to_string(),
                        severity: Severity::Warning,
                        category: "lint".into(),
                        summary: format!("(invalid rule metadata: {e})"),
                        help: String::new(),
                        severities: Vec::new(),
                        topic: Topic::None,
                    });
                    (id.to_string(), meta)
                },
            )
            .collect()
    })
}

pub fn get(id: &str) -> Option<&'static RuleMeta> {
    all().get(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_parses() {
        for &super::super::RuleEntry {
            id, metadata: text, ..
        } in super::super::RULES
        {
            let m = parse(id, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                ["drift", "lint", "security"].contains(&m.category.as_str()),
                "{id}"
            );
            assert!(!m.summary.is_empty() && !m.help.is_empty(), "{id}");
        }
    }

    #[test]
    fn rule_files_match_rules_dir() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter_map(|n| n.strip_suffix(".yml").map(str::to_string))
            // Data files (claim vocabulary, tables) have no `id:`.
            .filter(|n| {
                let text = std::fs::read_to_string(dir.join(format!("{n}.yml"))).unwrap();
                text.lines().any(|l| l.starts_with("id:"))
            })
            .collect();
        on_disk.sort();
        let listed: Vec<String> = super::super::RULES
            .iter()
            .map(|e| e.id.to_string())
            .collect();
        assert_eq!(on_disk, listed);
    }
}
