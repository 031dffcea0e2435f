//! Refs worth simulating, read from what job conditions and environment expressions compare
//! the ref with: `github.ref == 'refs/heads/main'`, `contains(github.ref, '-rc')`,
//! `startsWith(github.ref, 'refs/tags/v')`, `github.ref_name == 'develop'`. A filter pattern
//! gives one example per pattern; these add the refs the jobs tell apart.

use super::prepared::Flow;
use crate::expr::{self, Condition, Expr, ExprKind, Function, TemplatePart, Value};

/// Tag used when nothing more specific is known.
pub(crate) const EXAMPLE_TAG: &str = "v1.0.0";

/// Names and name fragments the jobs compare the ref with, at most this many of each.
const MAX_HINTS: usize = 16;

/// Branch and tag names to try, and fragments that tell tags apart (`-rc`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct RefHints {
    pub branches: Vec<String>,
    pub tags: Vec<String>,
    /// Text a tag contains or ends with; `true` = the fragment may be followed by more text
    /// (`contains`), so `-rc` becomes `-rc1`.
    pub fragments: Vec<(String, bool)>,
}

impl RefHints {
    fn add(list: &mut Vec<String>, value: String) {
        if !value.is_empty() && !list.contains(&value) && list.len() < MAX_HINTS {
            list.push(value);
        }
    }

    fn add_fragment(&mut self, fragment: &str, open_ended: bool) {
        let f = (fragment.to_string(), open_ended);
        if !fragment.is_empty() && !self.fragments.contains(&f) && self.fragments.len() < MAX_HINTS
        {
            self.fragments.push(f);
        }
    }

    /// Tags made from `bases` (pattern examples) with each fragment: `v1` + `-rc` → `v1-rc1`.
    /// Bases that already hold a fragment are left alone (one distinction per tag).
    pub(crate) fn tag_variants(&self, bases: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        let plain = bases
            .iter()
            .filter(|b| !self.fragments.iter().any(|(f, _)| b.contains(f.as_str())));
        for base in plain {
            for (fragment, open_ended) in &self.fragments {
                let joined = if fragment.starts_with(['-', '.', '+', '_']) {
                    format!("{base}{fragment}")
                } else {
                    format!("{base}-{fragment}")
                };
                let ends_alpha = fragment.chars().last().is_some_and(|c| c.is_alphabetic());
                let tag = if *open_ended && ends_alpha {
                    format!("{joined}1")
                } else {
                    joined
                };
                RefHints::add(&mut out, tag);
            }
        }
        out
    }
}

/// What an operand reads: the full ref (`github.ref`) or a short name (`github.ref_name`,
/// `github.head_ref`, `github.base_ref`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefReader {
    Full,
    Short,
}

fn ref_reader(e: &Expr) -> Option<RefReader> {
    if !matches!(e.kind, ExprKind::Property(..) | ExprKind::Index(..)) {
        return None;
    }
    match expr::context_paths(e).as_slice() {
        [p] => match p.to_lowercase().as_str() {
            "github.ref" | "github.event.ref" => Some(RefReader::Full),
            "github.ref_name" | "github.head_ref" | "github.base_ref" => Some(RefReader::Short),
            _ => None,
        },
        _ => None,
    }
}

fn string_literal(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Literal(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// How the ref is compared with a literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Test {
    Equals,
    StartsWith,
    EndsWith,
    Contains,
}

fn looks_like_tag(short: &str) -> bool {
    short == "v" || (short.starts_with('v') && short.chars().any(|c| c.is_ascii_digit()))
}

/// A name that starts with `prefix`.
fn completed(prefix: &str, tag: bool) -> String {
    if tag {
        if prefix.is_empty() || prefix == "v" {
            EXAMPLE_TAG.to_string()
        } else {
            format!("{prefix}1.0.0")
        }
    } else if prefix.ends_with(['/', '-', '_', '.']) {
        format!("{prefix}x")
    } else {
        prefix.to_string()
    }
}

fn record(hints: &mut RefHints, reader: RefReader, test: Test, literal: &str) {
    let (kind, short) = match reader {
        RefReader::Full => match (
            literal.strip_prefix("refs/heads/"),
            literal.strip_prefix("refs/tags/"),
        ) {
            (Some(b), _) => (Some(false), b),
            (_, Some(t)) => (Some(true), t),
            _ => (None, literal),
        },
        RefReader::Short => (None, literal),
    };
    match (test, kind) {
        (Test::Equals, Some(tag)) | (Test::StartsWith, Some(tag)) => {
            let name = if test == Test::Equals {
                short.to_string()
            } else {
                completed(short, tag)
            };
            let list = if tag {
                &mut hints.tags
            } else {
                &mut hints.branches
            };
            RefHints::add(list, name);
        }
        (Test::Equals, None) if reader == RefReader::Short => {
            let list = if looks_like_tag(short) {
                &mut hints.tags
            } else {
                &mut hints.branches
            };
            RefHints::add(list, short.to_string());
        }
        (Test::StartsWith, None) if reader == RefReader::Short => {
            let tag = looks_like_tag(short);
            let list = if tag {
                &mut hints.tags
            } else {
                &mut hints.branches
            };
            RefHints::add(list, completed(short, tag));
        }
        (Test::Contains | Test::EndsWith, _) => {
            hints.add_fragment(short, test == Test::Contains);
            // `contains(github.ref, 'release')` may also mean a branch of that name.
            let bare = short.trim_end_matches(['-', '.', '_', '/', '+']);
            let word = !short.starts_with(['-', '.', '_', '+'])
                && !bare.is_empty()
                && bare.chars().all(|c| c.is_alphanumeric() || c == '/');
            if test == Test::Contains && kind != Some(true) && word {
                RefHints::add(&mut hints.branches, bare.to_string());
            }
        }
        _ => {}
    }
}

fn harvest(e: &Expr, hints: &mut RefHints) {
    match &e.kind {
        ExprKind::Call(f, args) => {
            let test = match f {
                Function::StartsWith => Some(Test::StartsWith),
                Function::EndsWith => Some(Test::EndsWith),
                Function::Contains => Some(Test::Contains),
                _ => None,
            };
            if let (Some(test), [haystack, needle]) = (test, args.as_slice()) {
                if let (Some(r), Some(l)) = (ref_reader(haystack), string_literal(needle)) {
                    record(hints, r, test, l);
                }
            }
        }
        ExprKind::Compare(expr::CmpOp::Eq | expr::CmpOp::Ne, a, b) => {
            for (side, other) in [(a, b), (b, a)] {
                if let (Some(r), Some(l)) = (ref_reader(side), string_literal(other)) {
                    record(hints, r, Test::Equals, l);
                }
            }
        }
        _ => {}
    }
    for child in e.children() {
        harvest(child, hints);
    }
}

/// The refs the jobs of `flow` tell apart in `if:` and `environment:`.
pub(crate) fn ref_hints(flow: Flow) -> RefHints {
    let mut hints = RefHints::default();
    let mut exprs: Vec<&Expr> = Vec::new();
    let mut mentions_tags = false;
    for job_ref in flow.jobs() {
        let (job, parsed) = (job_ref.job, job_ref.parsed());
        if let Some(c) = &job.if_cond {
            mentions_tags |= c.value.contains("refs/tags") || c.value.contains("ref_type");
            match &parsed.if_cond {
                Some(Ok(Condition::Expr(e))) => exprs.push(e),
                Some(Ok(Condition::Template(parts))) => exprs.extend(template_exprs(parts)),
                Some(Err(_)) | None => {}
            }
        }
        if let Some(env) = &job.environment {
            let raw = &env.name.value;
            mentions_tags |= raw.contains("refs/tags") || raw.contains("ref_type");
            if let Some(Ok(parts)) = &parsed.environment {
                exprs.extend(template_exprs(parts));
            }
        }
    }
    for e in exprs {
        harvest(e, &mut hints);
    }
    if mentions_tags && hints.tags.is_empty() {
        hints.tags.push(EXAMPLE_TAG.to_string());
    }
    hints
}

/// The `${{ }}` parts of a template.
pub(crate) fn template_exprs(parts: &[TemplatePart]) -> impl Iterator<Item = &Expr> {
    parts.iter().filter_map(|p| match p {
        TemplatePart::Expr(e) => Some(e),
        TemplatePart::Text(_) => None,
    })
}
