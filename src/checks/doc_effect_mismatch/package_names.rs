//! Registry links against the package the workflows publish: a doc linking
//! `npmjs.com/package/acme-widget` while `npm publish` publishes package.json's
//! `@acme/widget`. The manifest at the repository root names what a publish step run there
//! publishes (package.json `name`, pyproject.toml `[project]`/`[tool.poetry]` `name`,
//! Cargo.toml `[package]` `name`).
//!
//! Verdicts: the same name (as the registry compares names) → holds; the same words in another
//! form (`acme-widget` vs `@acme/widget`, `acme_widget`/`acme.widget` on npm, a scope added or
//! dropped) → violated, naming the manifest line and the publish step; any other name is
//! another package (a tool, a dependency) and is not judged. Workspaces, private packages,
//! publish steps run in a subfolder and manifests we cannot read leave it silent.

use super::{Model, ID};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::package_links;
use crate::finding::Related;
use crate::source::SourceFile;
use crate::workflow::effects::model::StepEffect;

/// The package a root manifest names, with its line.
struct Manifest {
    file: &'static str,
    name: String,
    line: u32,
}

fn npm_manifest(text: &str) -> Option<Manifest> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    if json.get("workspaces").is_some() || json.get("private").and_then(|v| v.as_bool()) == Some(true) {
        return None;
    }
    let name = json.get("name")?.as_str()?.to_string();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("\"name\""))
        .map_or(1, |i| i as u32 + 1);
    Some(Manifest { file: "package.json", name, line })
}

/// `name = "x"` in one of `sections` of a TOML file (the first section found wins), unless
/// the file also has a section in `skip_if`.
fn toml_name(text: &str, file: &'static str, sections: &[&str], skip_if: &str) -> Option<Manifest> {
    let mut current = String::new();
    let mut found: Option<Manifest> = None;
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if t.starts_with('[') {
            current = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            if current == skip_if {
                return None;
            }
            continue;
        }
        if found.is_some() || !sections.contains(&current.as_str()) {
            continue;
        }
        let Some(rest) = t.strip_prefix("name") else { continue };
        let Some(value) = rest.trim_start().strip_prefix('=') else { continue };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        if !value.is_empty() && !value.contains(['{', '$']) {
            found = Some(Manifest { file, name: value.to_string(), line: i as u32 + 1 });
        }
    }
    found
}

fn manifest(m: &Model, registry: &str) -> Option<Manifest> {
    let root = &m.repo.root_path;
    let read = |f: &str| std::fs::read_to_string(root.join(f)).ok();
    match registry {
        "npm" => npm_manifest(&read("package.json")?),
        "PyPI" => toml_name(&read("pyproject.toml")?, "pyproject.toml", &["project", "tool.poetry"], ""),
        "crates.io" => toml_name(&read("Cargo.toml")?, "Cargo.toml", &["package"], "workspace"),
        _ => None,
    }
}

/// The name as the registry compares it.
fn canonical(registry: &str, name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match registry {
        "PyPI" => lower
            .split(['-', '_', '.'])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-"),
        "crates.io" => lower.replace('_', "-"),
        _ => lower,
    }
}

fn words(name: &str) -> Vec<String> {
    let mut w: Vec<String> = name
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    w.sort();
    w.dedup();
    w
}

/// `@scope/name` → `name`.
fn bare(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Does the publish step run in the repository root (so the root manifest is what it sends)?
fn at_root(m: &Model, w: usize, e: &StepEffect) -> bool {
    let text = &m.wf(w).file.text;
    let via = e.via.to_ascii_lowercase();
    !text.contains("working-directory")
        && ![" cd ", "cd ", "--workspace", " -w ", "--prefix", "packages/", "--manifest-path", "-p "]
            .iter()
            .any(|s| via.contains(s))
}

pub(super) fn claims(m: &Model, doc: &SourceFile, out: &mut Vec<ClaimCheck>) {
    let links = package_links::read(doc);
    if links.is_empty() {
        return;
    }
    for l in &links {
        // A publish step for this registry, live, in some workflow.
        let Some((w, e)) = m.all().into_iter().find_map(|w| {
            m.effects[w]
                .live("publish")
                .find(|e| e.target.as_deref() == Some(l.registry))
                .map(|e| (w, e))
        }) else {
            continue;
        };
        if !at_root(m, w, e) {
            continue;
        }
        let Some(man) = manifest(m, l.registry) else { continue };
        let check = ClaimCheck::new(ID, doc, doc.line_span(l.line), "Package page", &l.text);
        if canonical(l.registry, &l.name) == canonical(l.registry, &man.name) {
            out.push(check.verdict(
                Outcome::Holds,
                format!("{} publishes `{}` ({}:{})", super::workflow_label(m.wf(w)), man.name, man.file, man.line),
                "",
            ));
            continue;
        }
        let same_words = words(&l.name) == words(&man.name);
        let scope_only = bare(&l.name).eq_ignore_ascii_case(bare(&man.name)) && l.registry == "npm";
        if !same_words && !scope_only {
            continue;
        }
        let wf = m.wf(w);
        let prefix = wf.file.path.strip_suffix(wf.file.rel.as_str()).unwrap_or("");
        let mut v = check
            .verdict(
                Outcome::Violated,
                format!(
                    "{} publishes `{}` to {} ({}{}:{}; `{}`, {}:{}), not `{}`",
                    super::workflow_label(wf),
                    man.name,
                    l.registry,
                    prefix,
                    man.file,
                    man.line,
                    e.via.chars().take(60).collect::<String>(),
                    wf.file.file_name(),
                    e.span.start.line,
                    l.name
                ),
                "readers follow the link to another package's page (or to a name anyone may register)",
            )
            .short(format!("publishes `{}`", man.name))
            .related(&wf.file, e.span, "publish step");
        v.related.push(Related {
            path: format!("{prefix}{}", man.file),
            line: man.line,
            column: 1,
            label: "package name".into(),
        });
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_the_registry_does() {
        assert_eq!(canonical("PyPI", "Acme_Tool.x"), canonical("PyPI", "acme-tool-x"));
        assert_ne!(canonical("npm", "acme_tool"), canonical("npm", "acme-tool"));
        assert_eq!(words("@acme/widget"), words("acme-widget"));
        assert_eq!(bare("@acme/widget"), "widget");
    }

    #[test]
    fn toml_sections() {
        let t = "[tool.black]\nname = \"no\"\n[project]\nname = \"acme-tool\"\n";
        let m = toml_name(t, "pyproject.toml", &["project", "tool.poetry"], "").map(|m| (m.name, m.line));
        assert_eq!(m, Some(("acme-tool".to_string(), 4)));
        assert!(toml_name("[package]\nname = \"a\"\n[workspace]\n", "Cargo.toml", &["package"], "workspace").is_none());
    }
}
