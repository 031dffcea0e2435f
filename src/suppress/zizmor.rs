//! zizmor's inline suppressions, `# zizmor: ignore[audit, ...]`, honoured for the driftlint
//! rule that reports the same weakness (the table is data: rules/zizmor-audits.yml), so a
//! repository that already triaged zizmor's findings does not see them again.
//!
//! Placement follows zizmor, which matches comments against a finding's YAML span rather than
//! its line: a comment anywhere in the step a finding is in (from the step's `-` to the line
//! before the next step, so a comment between two steps belongs to the one above), in the job
//! for a finding outside any step, in the top-level block (`on:`, `permissions:`) otherwise.
//! Comments inside `run: |` scripts are script text, as for driftlint's own comments.
//!
//! These comments are zizmor's: a malformed one, an audit driftlint has no rule for, or one
//! that suppresses nothing is not reported (`invalid-ignore` and `unused-ignore` judge
//! driftlint's comments only).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::finding::Finding;
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::yaml::{CommentLine, Document, Node};

const TABLE: &str = include_str!("../../rules/zizmor-audits.yml");

/// zizmor audit name -> driftlint rule id.
pub fn audit_rules() -> &'static BTreeMap<String, String> {
    static MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| l.starts_with("  ") && !l.trim_start().starts_with('#'))
            .filter_map(|l| l.trim().split_once(':'))
            .map(|(a, r)| (a.trim().to_string(), r.trim().to_string()))
            .filter(|(a, r)| !a.is_empty() && !r.is_empty())
            .collect()
    })
}

/// The audit names of a `zizmor: ignore[a, b]` comment (text after the `#`), if it is one.
fn audits_in(comment: &str) -> Option<Vec<&str>> {
    // zizmor's marker may follow other comment text: `# note # zizmor: ignore[x]`.
    let at = comment.find("zizmor:")?;
    let rest = comment.get(at + "zizmor:".len()..)?.trim_start();
    let list = rest.strip_prefix("ignore[")?;
    let list = list.get(..list.find(']')?)?;
    Some(
        list.split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect(),
    )
}

/// (line, driftlint rule) of every mapped entry of every zizmor comment of a file.
pub fn comment_rules(comments: &[CommentLine]) -> Vec<(u32, &'static str)> {
    let table = audit_rules();
    let mut out = Vec::new();
    for c in comments {
        let Some(audits) = audits_in(&c.text) else {
            continue;
        };
        for a in audits {
            if let Some(rule) = table.get(a) {
                out.push((c.line, rule.as_str()));
            }
        }
    }
    out
}

/// Lines (first, last) of the YAML unit a finding on `line` belongs to, as zizmor sees it:
/// the step, else the job, else the top-level block; the line itself outside all of them.
pub fn unit_of(file: &SourceFile, root: Option<&Node>, line: u32) -> (u32, u32) {
    let last = file.line_count() as u32;
    let Some(top) = root.and_then(Node::as_map) else {
        return (line, line);
    };
    let Some((i, block)) = top
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| e.key.span.start.line <= line)
    else {
        return (line, line);
    };
    let block_end = top
        .get(i + 1)
        .map_or(last, |n| n.key.span.start.line.saturating_sub(1));
    let mut unit = (block.key.span.start.line, block_end);
    let key = block.key.as_str().unwrap_or("");
    // The mapping that may hold `steps:`: a job's body, or an action's `runs:`.
    let holder = match key {
        "jobs" => {
            let Some(jobs) = block.value.as_map() else {
                return unit;
            };
            let Some((j, job)) = jobs
                .iter()
                .enumerate()
                .rev()
                .find(|(_, e)| e.key.span.start.line <= line)
            else {
                return unit;
            };
            let job_end = jobs
                .get(j + 1)
                .map_or(block_end, |n| n.key.span.start.line.saturating_sub(1));
            unit = (job.key.span.start.line, job_end);
            &job.value
        }
        "runs" => &block.value,
        _ => return unit,
    };
    let Some(steps) = holder.get("steps").and_then(Node::as_seq) else {
        return unit;
    };
    let Some((s, step)) = steps
        .iter()
        .enumerate()
        .rev()
        .find(|(_, n)| n.span.start.line <= line)
    else {
        return unit;
    };
    let step_end = match steps.get(s + 1) {
        Some(next) => next.span.start.line.saturating_sub(1),
        None => last_item_end(file, step, unit.1),
    };
    if line <= step_end {
        (step.span.start.line, step_end)
    } else {
        unit
    }
}

/// The last line of the last item of a sequence: the lines after its first that are blank,
/// comments, or indented deeper than the item's keys, up to `bound`.
fn last_item_end(file: &SourceFile, item: &Node, bound: u32) -> u32 {
    let first = item.span.start.line;
    let key_col = item.span.start.col;
    let mut end = first;
    for l in first + 1..=bound {
        let text = file.line_text(l);
        let body = text.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = text.chars().count() - body.chars().count();
        if (indent as u32) + 1 < key_col {
            break;
        }
        end = l;
    }
    // Comment lines right after the item belong to it (zizmor's spans reach them too).
    for l in end + 1..=bound {
        let body = file.line_text(l).trim_start().to_string();
        if body.is_empty() || body.starts_with('#') {
            end = l;
        } else {
            break;
        }
    }
    end
}

/// Split findings into those no zizmor comment covers and those one does. Only files that
/// hold a zizmor comment cost anything beyond one pass over the findings.
pub fn apply(findings: Vec<Finding>, repo: &Repo) -> (Vec<Finding>, Vec<Finding>) {
    let files = repo
        .workflows
        .iter()
        .map(|wf| (&wf.file, &wf.doc))
        .chain(repo.actions.iter().map(|a| (&a.file, &a.doc)));
    let with_comments: BTreeMap<&str, (&SourceFile, &Document)> = files
        .filter(|(_, doc)| doc.comments.iter().any(|c| c.text.contains("zizmor:")))
        .map(|(file, doc)| (file.path.as_str(), (file, doc)))
        .collect();
    if with_comments.is_empty() {
        return (findings, Vec::new());
    }
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if with_comments.contains_key(f.path.as_str()) {
            by_file.entry(f.path.as_str()).or_default().push(i);
        }
    }
    let mut gone = vec![false; findings.len()];
    for (path, idx) in &by_file {
        let Some((file, doc)) = with_comments.get(path) else {
            continue;
        };
        let refs: Vec<&Finding> = idx.iter().filter_map(|&i| findings.get(i)).collect();
        for k in covered(file, doc.root.as_ref(), &doc.comments, &refs) {
            if let Some(flag) = idx.get(k).and_then(|&i| gone.get_mut(i)) {
                *flag = true;
            }
        }
    }
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for (f, g) in findings.into_iter().zip(gone) {
        if g {
            suppressed.push(f);
        } else {
            kept.push(f);
        }
    }
    (kept, suppressed)
}

/// The findings of one file that a zizmor comment covers, as indexes into `findings`.
/// `findings` must all be of `file`.
pub fn covered(
    file: &SourceFile,
    root: Option<&Node>,
    comments: &[CommentLine],
    findings: &[&Finding],
) -> Vec<usize> {
    let entries = comment_rules(comments);
    if entries.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if !entries.iter().any(|(_, r)| *r == f.rule) {
            continue;
        }
        let (first, last) = unit_of(file, root, f.line);
        if entries
            .iter()
            .any(|(line, r)| *r == f.rule && first <= *line && *line <= last)
        {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::yaml::load;

    #[test]
    fn table_maps_zizmor_audits_to_rules_that_exist() {
        let table = audit_rules();
        assert_eq!(
            table.get("artipacked").map(String::as_str),
            Some("credential-persistence")
        );
        assert_eq!(
            table.get("dangerous-triggers").map(String::as_str),
            Some("dangerous-trigger")
        );
        for rule in table.values() {
            assert!(
                crate::checks::meta::get(rule).is_some(),
                "{rule} is no driftlint rule"
            );
        }
    }

    #[test]
    fn comment_grammar() {
        assert_eq!(
            audits_in("zizmor: ignore[template-injection] - trusted"),
            Some(vec!["template-injection"])
        );
        assert_eq!(
            audits_in("note # zizmor: ignore[a, b]"),
            Some(vec!["a", "b"])
        );
        assert_eq!(audits_in("zizmor: ignore"), None);
        assert_eq!(audits_in("zizmor: ignore[a"), None);
        assert_eq!(audits_in("driftlint: ignore[a]"), None);
    }

    /// Which of the findings (rule, line) the zizmor comments of `text` cover.
    fn kept(text: &str, findings: &[(&str, u32)]) -> Vec<(String, u32)> {
        let file = SourceFile::from_text("w.yml", text);
        let doc = load(&file).unwrap();
        let all: Vec<Finding> = findings
            .iter()
            .map(|(r, l)| Finding::at_line(r, Severity::Warning, &file, *l, "x"))
            .collect();
        let refs: Vec<&Finding> = all.iter().collect();
        let gone = covered(&file, doc.root.as_ref(), &doc.comments, &refs);
        all.iter()
            .enumerate()
            .filter(|(i, _)| !gone.contains(i))
            .map(|(_, f)| (f.rule.clone(), f.line))
            .collect()
    }

    #[test]
    fn placement_follows_zizmor_spans() {
        let text = "\
on:
  pull_request_target: # zizmor: ignore[dangerous-triggers]
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest # zizmor: ignore[excessive-permissions]
    permissions: write-all
    steps:
      - name: one
        run: | # zizmor: ignore[template-injection]
          echo hi
          echo \"${{ github.event.pull_request.title }}\"
      - name: two
        run: |
          echo \"${{ github.event.pull_request.title }}\" # zizmor: ignore[template-injection]
      - uses: actions/setup-node@v4
      # zizmor: ignore[unpinned-uses] a comment between steps is the step above's
      - uses: actions/setup-go@v4
  b:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/setup-java@v4
        with: # zizmor: ignore[unpinned-uses, template-injection, artipacked]
          x: 1
      - uses: actions/checkout@v4 # zizmor: ignore[ref-confusion]
";
        let findings = [
            ("dangerous-trigger", 2),
            ("template-injection", 12),
            ("template-injection", 15),
            ("unpinned-uses", 16),
            ("unpinned-uses", 18),
            ("excessive-permissions", 7),
            ("excessive-permissions", 21),
            ("unpinned-uses", 23),
            ("unpinned-uses", 26),
            ("credential-persistence", 26),
        ];
        let want: Vec<(String, u32)> = [
            // In the script: no comment, script text.
            ("template-injection", 15),
            ("unpinned-uses", 18),
            ("excessive-permissions", 21),
            // Another step's comment; ref-confusion has no driftlint rule.
            ("unpinned-uses", 26),
            ("credential-persistence", 26),
        ]
        .iter()
        .map(|(r, l)| (r.to_string(), *l))
        .collect();
        assert_eq!(kept(text, &findings), want);
    }

    #[test]
    fn action_steps_are_units_too() {
        let text = "\
name: x
runs:
  using: composite
  steps:
    - run: echo \"${{ inputs.x }}\"
      shell: bash # zizmor: ignore[template-injection]
    - run: echo \"${{ inputs.y }}\"
      shell: bash
";
        let findings = [("template-injection", 5), ("template-injection", 7)];
        assert_eq!(
            kept(text, &findings),
            vec![("template-injection".to_string(), 7)]
        );
    }
}
