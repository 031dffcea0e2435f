//! Small queries over workflows that several rules share.

pub use crate::facts::environments::{
    job_environments, releases_or_deploys, workflow_environments,
};
pub use crate::facts::text::{capitalise, join_words};
pub use crate::suggest::closest;

use crate::facts::text::keep_first;
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
    // Long lists name their first few: a message is read by people.
    keep_first(&mut automatic, 5, |n| format!("{n} other triggers"));
    let mut parts = automatic;
    if !manual.is_empty() {
        keep_first(&mut manual, 5, |n| format!("{n} more"));
        parts.push(format!("manual dispatch of {}", manual.join(", ")));
    }
    join_words(&parts)
}

/// The file line of one position of a scalar's value: `line` (0-based) of the value and
/// `column` (1-based, in characters, as ShellCheck counts) on it. Words are found one by one
/// in the node's source, so a folded (`>`) or plain multi-line scalar, where several file
/// lines make one value line, still maps to the file line that holds the word. A word not
/// found (an escape in a quoted scalar) is skipped; with none found the node's first line.
pub fn value_position_line(
    file: &SourceFile,
    span: crate::source::Span,
    value: &str,
    line: usize,
    column: usize,
) -> u32 {
    let start = span.start.offset;
    let raw = file
        .text
        .get(start..span.end.offset.max(start))
        .unwrap_or("");
    let mut cursor = 0;
    let mut at = start;
    for (i, text) in value.lines().enumerate() {
        // Byte offset of the column on this line (past the end: the line's end).
        let col = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(b, _)| b);
        let mut pos = 0;
        for word in text.split_whitespace() {
            let Some(w) = text.get(pos..).and_then(|r| r.find(word)).map(|w| pos + w) else {
                break;
            };
            pos = w + word.len();
            if i == line && w > col {
                return file.line_at(at);
            }
            if let Some(found) = raw.get(cursor..).and_then(|r| r.find(word)) {
                cursor += found;
                at = start
                    + cursor
                    + if i == line {
                        (col - w).min(word.len())
                    } else {
                        0
                    };
                cursor += word.len();
            }
        }
        if i == line {
            break;
        }
    }
    file.line_at(at)
}

/// Token scopes whose `write` can release, publish, deploy or start another workflow that does.
const SHIPPING_SCOPES: &[&str] = &[
    "contents",
    "packages",
    "pages",
    "deployments",
    "id-token",
    "actions",
];

/// Every trigger is `workflow_call`: the workflow runs only through its callers (true for a
/// workflow with no trigger read, so callers filter those first where that matters).
pub fn reusable_only(wf: &Workflow) -> bool {
    wf.triggers.iter().all(|t| t.event == "workflow_call")
}

/// A workflow that holds no credential to release, publish or deploy with: it names no secret
/// but `GITHUB_TOKEN`, every job's token is limited by a `permissions:` that grants none of
/// [`SHIPPING_SCOPES`] write, no job calls another workflow or runs on a self-hosted runner
/// (which may hold credentials of its own), no step runs a repository script, no `vars` are
/// read, and the effects model sees nothing shipped.
pub fn cannot_ship(wf: &Workflow) -> bool {
    let text = wf.file.text.as_str();
    let names_secret = text.match_indices("secrets").any(|(i, _)| {
        !text
            .get(i..)
            .is_some_and(|t| t.starts_with("secrets.GITHUB_TOKEN"))
    });
    // A repository script (`./ship.sh`, `make release`) may ship with what the files do not
    // show (a key it reads, a service that needs none), and `vars` may hold a credential:
    // not known, so not credential-less.
    let runs_script = wf
        .jobs
        .iter()
        .flat_map(|j| &j.steps)
        .filter_map(|s| s.run.as_ref())
        .any(|r| {
            r.value
                .lines()
                .any(|l| !crate::workflow::effects::model::script_calls(l).is_empty())
        });
    if names_secret
        || runs_script
        || text.contains("vars.")
        || text.contains("self-hosted")
        || releases_or_deploys(wf)
    {
        return false;
    }
    wf.jobs.iter().all(|j| {
        let limited = crate::checks::security::job_permissions(wf, j).is_some_and(|p| {
            !SHIPPING_SCOPES
                .iter()
                .any(|s| crate::checks::security::grants_write(p, s))
        });
        limited && j.uses.is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `run:` node of the only step of `text` and the file.
    fn run_of(text: &str) -> (SourceFile, crate::yaml::Node) {
        let file = SourceFile::from_text("w.yml", text);
        let doc = crate::yaml::load(&file).expect("fixture parses");
        let root = doc.root.expect("fixture has a root");
        let run = root
            .get("steps")
            .and_then(crate::yaml::Node::as_seq)
            .and_then(|s| s.first())
            .and_then(|s| s.get("run"))
            .cloned()
            .expect("fixture has a run");
        (file, run)
    }

    fn line_of(text: &str, line: usize, word: &str) -> u32 {
        let (file, run) = run_of(text);
        let value = run.as_str().expect("scalar").to_string();
        let on = value.lines().nth(line).expect("value line");
        let column = on[..on.find(word).expect("word on line")].chars().count() + 1;
        value_position_line(&file, run.span, &value, line, column)
    }

    #[test]
    fn folded_script_maps_to_the_word_line() {
        let text = "steps:\n  - run: >-\n      curl -X POST\n      --data '$URL'\n      https://example.invalid\n";
        assert_eq!(line_of(text, 0, "curl"), 3);
        assert_eq!(line_of(text, 0, "$URL"), 4);
        assert_eq!(line_of(text, 0, "https"), 5);
    }

    #[test]
    fn literal_and_plain_scripts_map_line_by_line() {
        let text = "steps:\n  - run: |\n      echo é one\n      echo two $X\n";
        assert_eq!(line_of(text, 0, "one"), 3);
        assert_eq!(line_of(text, 1, "$X"), 4);
        // A plain scalar over two lines folds like `>`.
        let text = "steps:\n  - run: make\n      all $TARGET\n";
        assert_eq!(line_of(text, 0, "make"), 2);
        assert_eq!(line_of(text, 0, "$TARGET"), 3);
    }

    #[test]
    fn positions_past_the_end_stay_in_the_node() {
        let text = "steps:\n  - run: >\n      a b\n      c\n";
        let (file, run) = run_of(text);
        let value = run.as_str().expect("scalar").to_string();
        assert_eq!(value_position_line(&file, run.span, &value, 0, 99), 4);
        assert_eq!(value_position_line(&file, run.span, &value, 7, 1), 4);
    }
}
