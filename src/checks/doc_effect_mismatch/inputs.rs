//! Inputs documented as doing something that the workflow declares and never reads: "set the
//! workflow input `use_cache` to `true`", "`-f dry_run=false` publishes for real", "the
//! workflow passes `target_env` to the deploy". A run with the input set does exactly what a
//! run without it does.
//!
//! Only inputs no expression of their workflow refers to (`inputs.X`, `github.event.inputs.X`,
//! `inputs['X']`) count, and only in workflows that do not hand the inputs on wholesale
//! (`toJSON(inputs)`, the event payload file, a computed `inputs[...]` index): those may read
//! any input.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;


use super::{workflow_label, ID};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::repo::Repo;
use crate::source::{SourceFile, Span};
use crate::workflow::effects::input_flow::{input_flow, InputFlow};

/// A declared input no expression reads.
pub(super) struct Unread {
    wf: usize,
    name: String,
    span: Span,
}

/// Lines that say the input does nothing, or will only later.
static INERT_WORDS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(unused|not\s+(yet\s+)?(used|read|wired|implemented|supported)|no\s+effect|ignored|deprecated|reserved|placeholder|future|todo|planned|removed|obsolete)\b",
    )
});
/// Words that put a line about a name in the workflows' world.
static WORKFLOW_WORDS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(workflows?|inputs?|dispatch|actions|run\s+workflow|pipeline|ci)\b|\s-[fF]\s|--(raw-)?field\b",
    )
});

/// Does the workflow hand its inputs on as a whole (so any input may be read)?
fn reads_inputs_wholesale(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    spaceless_contains(
        &lower,
        &["tojson(inputs)", "tojson(github.event.inputs)", "tojson(github.event)"],
    ) || lower.contains("github_event_path")
        || lower.contains("inputs[") && !(lower.contains("inputs['") || lower.contains("inputs[\""))
}

/// Does `text` with its whitespace taken out contain one of `needles` (each `to` + `j…`, with
/// no other `j`)? Looked for around each `j` of the text rather than in a copy of the whole
/// workflow without whitespace.
fn spaceless_contains(text: &str, needles: &[&str]) -> bool {
    let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
    memchr::memchr_iter(b'j', text.as_bytes()).any(|j| {
        let mut before = text[..j].chars().rev().filter(|c| !c.is_whitespace());
        if before.next() != Some('o') || before.next() != Some('t') {
            return false;
        }
        let after: String = text[j..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(longest)
            .collect();
        needles
            .iter()
            .any(|n| n.strip_prefix("to").is_some_and(|rest| after.starts_with(rest)))
    })
}

pub(super) fn unread_inputs(repo: &Repo) -> Vec<Unread> {
    let mut out = Vec::new();
    for (i, wf) in repo.workflows.iter().enumerate() {
        if reads_inputs_wholesale(&wf.file.text) {
            continue;
        }
        for t in wf
            .triggers
            .iter()
            .filter(|t| matches!(t.event.as_str(), "workflow_dispatch" | "workflow_call"))
        {
            for input in &t.inputs {
                let name = &input.name.value;
                if out.iter().any(|u: &Unread| u.wf == i && &u.name == name) {
                    continue;
                }
                if input_flow(wf, name) == InputFlow::Unused(None) {
                    out.push(Unread {
                        wf: i,
                        name: name.clone(),
                        span: input.name.span,
                    });
                }
            }
        }
    }
    // A name another workflow declares and reads may be the one the doc means.
    out.retain(|u| {
        !repo.workflows.iter().enumerate().any(|(j, wf)| {
            j != u.wf
                && wf.triggers.iter().any(|t| {
                    t.inputs.iter().any(|x| x.name.value == u.name)
                        && input_flow(wf, &u.name) != InputFlow::Unused(None)
                })
        })
    });
    out
}

/// Where a line names the input: `` `name` ``, `` `name: v` ``, `` `name=v` `` in prose, or
/// `-f name=v` in a command.
fn names_input(line: &str, name: &str, code: bool) -> bool {
    let field = [
        format!("-f {name}="),
        format!("-F {name}="),
        format!("--field {name}="),
        format!("--raw-field {name}="),
        format!("--field={name}="),
    ];
    if field.iter().any(|f| line.contains(f.as_str())) {
        return true;
    }
    if code {
        return false;
    }
    line.match_indices(&format!("`{name}")).any(|(at, m)| {
        let after = line[at + m.len()..].chars().next();
        matches!(after, Some('`' | ':' | '=' | ' '))
    })
}

/// A name is specific enough to be the input: `use_cache`, `dry-run`, or any name on a line
/// that says "input".
fn specific(name: &str) -> bool {
    name.len() >= 4 && name.contains(['_', '-'])
}

pub(super) fn claims(repo: &Repo, unread: &[Unread], doc: &SourceFile, out: &mut Vec<ClaimCheck>) {
    if unread.is_empty() {
        return;
    }
    let mut fence: Option<String> = None;
    let mut in_comment = false;
    let mut cx = super::prose_context::ProseContext::new();
    for (n, raw) in doc.text.lines().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let t = raw.trim();
        if in_comment {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.starts_with("<!--") && !t.contains("-->") {
            in_comment = true;
            continue;
        }
        if let Some(marker) = &fence {
            if t.starts_with(marker.as_str()) && t.trim_start_matches(['`', '~']).is_empty() {
                fence = None;
                continue;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(t.chars().take_while(|c| *c == '`' || *c == '~').collect());
            continue;
        }
        let code = fence.is_some();
        if !code && !cx.enter(t) {
            continue;
        }
        let hit = unread.iter().find(|u| names_input(raw, &u.name, code));
        if let Some(u) = hit {
            let says_input = WORKFLOW_WORDS.is_match(raw)
                || WORKFLOW_WORDS.is_match(&cx.para)
                || WORKFLOW_WORDS.is_match(&cx.heading);
            let input_word = raw.to_ascii_lowercase().contains("input");
            if says_input && (specific(&u.name) || input_word) && !INERT_WORDS.is_match(raw) {
                let wf = &repo.workflows[u.wf];
                let check = ClaimCheck::new(
                    ID,
                    doc,
                    doc.line_span(line_no),
                    "Input that controls the run".to_string(),
                    t,
                );
                out.push(
                    check
                        .verdict(
                            Outcome::Violated,
                            format!(
                                "{} declares input `{}` (line {}) but no step, condition or expression reads it",
                                workflow_label(wf),
                                u.name,
                                u.span.start.line
                            ),
                            "setting the input changes nothing: the run does what it does without it",
                        )
                        .related(&wf.file, u.span, "the input, never read"),
                );
            }
        }
        if !code {
            cx.extend(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{names_input, reads_inputs_wholesale, spaceless_contains};

    #[test]
    fn spaceless_search_equals_a_search_of_the_text_without_whitespace() {
        let needles = ["tojson(inputs)", "tojson(github.event.inputs)", "tojson(github.event)"];
        for text in [
            "x: ${{ tojson(inputs) }}",
            "x: ${{ to json ( inputs ) }}",
            "x: ${{ t\no\tjson(\n  github.event.inputs) }}",
            "x: ${{ tojson(github.event) }} jj",
            "x: ${{ tojson(github) }} j to j json",
            "ttojson(inputs",
            "j",
            "to\u{3000}json(inputs)",
            "tό json(inputs)",
            "",
        ] {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let want = needles.iter().any(|n| compact.contains(n));
            assert_eq!(spaceless_contains(text, &needles), want, "{text:?}");
        }
    }

    #[test]
    fn input_names_in_prose_and_commands() {
        assert!(names_input("set `use_cache` to `true`", "use_cache", false));
        assert!(names_input("set `use_cache: true`", "use_cache", false));
        assert!(names_input("gh workflow run x.yml -f use_cache=true", "use_cache", true));
        assert!(!names_input("`use_cache_dir` is separate", "use_cache", false));
        assert!(!names_input("export use_cache=1", "use_cache", true));
    }

    #[test]
    fn wholesale_readers_may_read_any_input() {
        assert!(reads_inputs_wholesale("run: echo '${{ toJSON(inputs) }}' > in.json"));
        assert!(reads_inputs_wholesale("run: jq .inputs \"$GITHUB_EVENT_PATH\""));
        assert!(reads_inputs_wholesale("x: ${{ inputs[matrix.key] }}"));
        assert!(!reads_inputs_wholesale("x: ${{ inputs['key'] }}"));
    }
}
