//! The bodies of the fuzz targets in `fuzz/`, here so that the fuzz crate and the regression
//! test (`tests/fuzz_regressions.rs`) run the same code on the same input. Each one panics
//! when a property fails; none may panic otherwise. Not a stable API.

use std::path::PathBuf;

use crate::expr::{self, Context};
use crate::filter::{FilterList, Pattern};
use crate::repo::{builtin_patterns, Repo};
use crate::report::{self, Format, RenderInput};
use crate::source::SourceFile;
use crate::workflow::Workflow;

/// Workflow files of a generated repository: parts of the input between these lines (the
/// last part is a README when there are two or more).
pub const PART_SEPARATOR: &str = "\n=====\n";

/// YAML loader: wherever the fast reader accepts an input, its document equals
/// saphyr-parser's; loading and modelling never panic.
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(why) = crate::yaml::cross_check(text) {
        panic!("{why}");
    }
    let _ = Workflow::load(SourceFile::from_text("input.yml", text));
}

/// Expression parser and evaluator: parse, evaluate, list possible values and the context
/// paths read, as an expression, an `if:` condition and a template.
pub fn expression(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let ctx = Context::new();
    if let Ok(e) = expr::parse(&text) {
        let _ = expr::eval(&e, &ctx);
        let _ = expr::possible_values(&e, &ctx);
        let _ = expr::context_paths(&e);
        let _ = expr::uses_status_function(&e);
    }
    if let Ok(c) = expr::parse_condition(&text) {
        let _ = expr::eval_parsed_condition(&c, &ctx);
    }
    let _ = expr::eval_template(&text, &ctx);
    let _ = expr::possible_template_values(&text, &ctx);
}

/// Filter matcher: the first line is a pattern, the second a value. A value the pattern
/// matches starts with its literal prefix (the push index relies on it), the pattern's
/// example matches it, and a list of every line parses and matches without a panic.
pub fn filter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (pattern, value) = text.split_once('\n').unwrap_or((&text, ""));
    if let Ok(p) = Pattern::parse(pattern) {
        let prefix = p.literal_prefix();
        assert!(
            !p.matches(value) || value.starts_with(&prefix),
            "{pattern:?} matches {value:?}, which does not start with its prefix {prefix:?}"
        );
        if let Some(example) = p.example() {
            assert!(
                p.matches(&example),
                "{pattern:?}: example {example:?} does not match"
            );
            assert!(
                example.starts_with(&prefix),
                "{pattern:?}: example {example:?}"
            );
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    if let Ok(list) = FilterList::parse(&lines) {
        let _ = list.deciding_pattern(value);
    }
}

/// Markdown claim reader: any text, no panic.
pub fn claims(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(patterns) = builtin_patterns() {
        let _ = crate::docs::parse_doc(&SourceFile::from_text("README.md", &text), patterns);
    }
}

/// A whole check of a generated repository (workflows and a README split at
/// [`PART_SEPARATOR`]): every rule, the route map with and without the push index (they must
/// agree), and every output format.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts: Vec<&str> = text.split(PART_SEPARATOR).collect();
    let readme = if parts.len() > 1 { parts.pop() } else { None };
    let mut repo = Repo {
        root: ".".into(),
        ..Repo::default()
    };
    for (i, part) in parts.iter().take(8).enumerate() {
        let rel = format!(".github/workflows/w{i}.yml");
        let file = SourceFile::new(
            rel.clone(),
            rel.clone(),
            PathBuf::from(&rel),
            part.to_string(),
        );
        if let Ok(wf) = Workflow::load(file) {
            repo.workflows.push(wf);
        }
    }
    if let (Some(readme), Some(patterns)) = (readme, builtin_patterns()) {
        let file = SourceFile::from_text("README.md", readme);
        repo.doc_models
            .push(crate::docs::parse_doc(&file, patterns));
        repo.docs.push(file);
    }
    let findings = crate::checks::run(&repo, &|_| true);
    let indexed = crate::routes::explore_with(&repo, "main", true);
    assert!(
        indexed == crate::routes::explore_with(&repo, "main", false),
        "the push index changed the route map"
    );
    let files: Vec<SourceFile> = repo
        .workflows
        .iter()
        .map(|w| w.file.clone())
        .chain(repo.docs.iter().cloned())
        .collect();
    let rules: Vec<_> = crate::checks::meta::all().values().cloned().collect();
    let input = RenderInput {
        findings: &findings,
        files: &files,
        rules: &rules,
        files_checked: files.len(),
        color: false,
        tool_version: "0.0.0",
        discrepancies: None,
        roots: &[],
    };
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
    ] {
        let _ = report::render(format, &input);
    }
}
