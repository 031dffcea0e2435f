//! Small queries over workflows that several rules share.

pub use crate::facts::environments::{
    job_environments, releases_or_deploys, workflow_environments,
};
pub use crate::facts::text::{capitalise, join_words};
pub use crate::suggest::closest;

use crate::filter::{passes, FilterList};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::{DisabledTrigger, Filters, Trigger, Workflow};

fn list(f: &Option<Vec<crate::workflow::Spanned<String>>>) -> Option<FilterList> {
    f.as_ref().and_then(|v| {
        let raw: Vec<&str> = v.iter().map(|s| s.value.as_str()).collect();
        FilterList::parse(&raw).ok()
    })
}

/// Which kind of ref a push filter set fires for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Tag,
    Branch,
}

/// Does a push with these filters fire for `name` of this kind (paths ignored: unknowable)?
pub fn push_fires(filters: &Filters, kind: RefKind, name: Option<&str>) -> bool {
    let has_tags = filters.tags.is_some() || filters.tags_ignore.is_some();
    let has_branches = filters.branches.is_some() || filters.branches_ignore.is_some();
    let (include, ignore) = match kind {
        // Only branch filters: tag pushes do not trigger, and vice versa.
        RefKind::Tag if has_branches && !has_tags => return false,
        RefKind::Branch if has_tags && !has_branches => return false,
        RefKind::Tag => (list(&filters.tags), list(&filters.tags_ignore)),
        RefKind::Branch => (list(&filters.branches), list(&filters.branches_ignore)),
    };
    match name {
        Some(n) => passes(include.as_ref(), ignore.as_ref(), n),
        None => include.as_ref().is_none_or(|l| !l.is_empty()),
    }
}

/// Live push triggers of a workflow that fire for a ref of this kind.
pub fn live_push<'a>(wf: &'a Workflow, kind: RefKind, name: Option<&str>) -> Option<&'a Trigger> {
    wf.triggers
        .iter()
        .find(|t| t.event == "push" && push_fires(&t.filters, kind, name))
}

/// Commented-out push triggers that would fire for a ref of this kind.
pub fn disabled_push<'a>(
    wf: &'a Workflow,
    kind: RefKind,
    name: Option<&str>,
) -> Option<&'a DisabledTrigger> {
    wf.disabled_triggers
        .iter()
        .find(|d| d.event == "push" && push_fires(&d.filters, kind, name))
}

/// The doc file with this display path.
pub fn doc_file<'a>(repo: &'a Repo, path: &str) -> Option<&'a SourceFile> {
    repo.docs.iter().find(|d| d.path == path)
}

/// Routes in a short sentence: automatic triggers by name, manual ones grouped by workflow:
/// "push branch main (run.yml) and manual dispatch of emergency.yml, run.yml".
pub fn describe_routes<'a>(routes: impl IntoIterator<Item = &'a crate::routes::Route>) -> String {
    let mut automatic: Vec<String> = Vec::new();
    let mut manual: Vec<String> = Vec::new();
    for r in routes {
        if r.automatic {
            automatic.push(format!("{} ({})", r.trigger, r.file_name()));
        } else {
            manual.push(r.file_name().to_string());
        }
    }
    for v in [&mut automatic, &mut manual] {
        v.sort();
        v.dedup();
    }
    let mut parts = automatic;
    if !manual.is_empty() {
        parts.push(format!("manual dispatch of {}", manual.join(", ")));
    }
    join_words(&parts)
}

/// The file line of each line of a scalar's value, found by its text in the node's source
/// (block scalars keep one value line per file line; a line not found, e.g. in a folded or
/// escaped scalar, is given the node's first line).
pub fn value_lines<'a>(
    file: &SourceFile,
    span: crate::source::Span,
    value: &'a str,
) -> Vec<(u32, &'a str)> {
    let start = span.start.offset;
    let raw = file
        .text
        .get(start..span.end.offset.max(start))
        .unwrap_or("");
    let mut cursor = 0;
    let mut out = Vec::new();
    for line in value.lines() {
        let needle = line.trim();
        let found = (!needle.is_empty())
            .then(|| raw.get(cursor..).and_then(|r| r.find(needle)))
            .flatten();
        match found {
            Some(i) => {
                out.push((file.line_at(start + cursor + i), line));
                cursor += i + needle.len();
            }
            None => out.push((file.line_at(start + cursor), line)),
        }
    }
    out
}
