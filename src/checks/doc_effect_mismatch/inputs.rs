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
    // Every form below holds the name: most lines do not, and need no forms built.
    if !line.contains(name) {
        return false;
    }
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

/// A heading or section over input labels ("## Parameters", "Workflow inputs").
static PARAM_SECTION: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(parameters?|inputs?|options|arguments)\b"));
/// A click path of the Run-workflow form: the steps around ask for values in it.
static RUN_FORM: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\brun\s+workflow\b|\bworkflow_dispatch\b"));
/// "Enter the version tag (e.g. ...)", "Specify the image tag": a value typed into the form.
static ENTER_VALUE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)^\W*(?:\d+[.)]\s+)?(?:enter|type|fill\s+in|provide|specify|pick|choose|select)\s+(?:the\s+|a\s+|an\s+)?([a-z][a-z -]{2,40}?)\s*(?:\(|:|,|\.|$|\s(?:to|for|of|you|from|in|e\.g)\b)",
    )
});
/// A label at the start of a heading or item: `### **Tag** (Optional)`, `- **Image tag**: ...`.
static BOLD_LABEL: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"^(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?[^\w*]*\*\*([^*]{2,40})\*\*")
});

/// The lowercase words of a label or input name (`build_label`, `imageTag`, "Image tag").
fn label_words(text: &str) -> Vec<String> {
    let mut spaced = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        spaced.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
    }
    spaced
        .to_ascii_lowercase()
        .split_whitespace()
        .filter(|w| !matches!(*w, "optional" | "required" | "the" | "a" | "an"))
        .map(str::to_string)
        .collect()
}

/// The unread input a label means: its name's words, or (two words or more) the first words
/// of its description. A one-word name counts only where `short_ok` (a parameters section or
/// the Run-workflow form).
fn labelled<'u>(
    repo: &Repo,
    unread: &'u [Unread],
    label: &str,
    short_ok: bool,
) -> Option<&'u Unread> {
    let words = label_words(label);
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    unread.iter().find(|u| {
        let name = label_words(&u.name);
        if name == words && (words.len() >= 2 || short_ok) {
            return true;
        }
        let desc = repo.workflows[u.wf]
            .triggers
            .iter()
            .flat_map(|t| &t.inputs)
            .find(|i| i.name.value == u.name)
            .and_then(|i| i.description.as_deref())
            .map(label_words)
            .unwrap_or_default();
        words.len() >= 2 && desc.len() >= words.len() && desc[..words.len()] == words[..]
    })
}

/// Does the doc name workflow `wf` (its file or its display name)?
fn doc_names(repo: &Repo, wf: usize, doc: &SourceFile) -> bool {
    let w = &repo.workflows[wf];
    let lower = doc.text.to_ascii_lowercase();
    super::names_file(&lower, &w.file.file_name().to_ascii_lowercase())
        || w.name.as_ref().is_some_and(|n| {
            let n = n.value.trim().to_ascii_lowercase();
            n.len() >= 6 && lower.contains(&n)
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
    // Headings above the line (level, text), for a parameters section.
    let mut headings: Vec<(usize, String)> = Vec::new();
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
        let level = t.chars().take_while(|c| *c == '#').count();
        let heading = !code && (1..=6).contains(&level) && t[level..].starts_with(' ');
        if heading {
            headings.retain(|(l, _)| *l < level);
        }
        let read_on = code || cx.enter(t);
        // An input named by a label (a heading or bold item in a parameters section, a
        // described value typed into the Run-workflow form).
        if !code && !INERT_WORDS.is_match(raw) {
            let in_params = headings.iter().any(|(_, h)| PARAM_SECTION.is_match(h));
            let form = RUN_FORM.is_match(&cx.para) || RUN_FORM.is_match(&cx.heading);
            let by_label = BOLD_LABEL
                .captures(t)
                .and_then(|c| c.get(1).map(|m| m.as_str().to_string()))
                .filter(|_| in_params || form)
                .and_then(|l| labelled(repo, unread, &l, true));
            let by_value = ENTER_VALUE
                .captures(t)
                .and_then(|c| c.get(1).map(|m| m.as_str().to_string()))
                .filter(|_| form)
                .and_then(|l| labelled(repo, unread, &l, false));
            if let Some(u) = by_label.or(by_value).filter(|u| doc_names(repo, u.wf, doc)) {
                out.push(unread_check(repo, doc, line_no, t, u));
                if heading {
                    headings.push((level, t.to_string()));
                } else {
                    cx.extend(t);
                }
                continue;
            }
        }
        if heading {
            headings.push((level, t.to_string()));
        }
        if !read_on {
            continue;
        }
        let hit = unread.iter().find(|u| names_input(raw, &u.name, code));
        if let Some(u) = hit {
            let says_input = WORKFLOW_WORDS.is_match(raw)
                || WORKFLOW_WORDS.is_match(&cx.para)
                || WORKFLOW_WORDS.is_match(&cx.heading);
            let input_word = raw.to_ascii_lowercase().contains("input");
            if says_input && (specific(&u.name) || input_word) && !INERT_WORDS.is_match(raw) {
                out.push(unread_check(repo, doc, line_no, t, u));
            }
        }
        if !code {
            cx.extend(t);
        }
    }
}

fn unread_check(repo: &Repo, doc: &SourceFile, line_no: u32, t: &str, u: &Unread) -> ClaimCheck {
    let wf = &repo.workflows[u.wf];
    ClaimCheck::new(
        ID,
        doc,
        doc.line_span(line_no),
        "Input that controls the run".to_string(),
        t,
    )
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
    .related(&wf.file, u.span, "the input, never read")
}

#[cfg(test)]
mod tests {
    use super::{label_words, names_input, reads_inputs_wholesale, spaceless_contains};

    #[test]
    fn label_words_of_names_and_labels() {
        assert_eq!(label_words("build_label"), ["build", "label"]);
        assert_eq!(label_words("overrideImageTag"), ["override", "image", "tag"]);
        assert_eq!(label_words("🚀 Image tag (Optional)"), ["image", "tag"]);
    }

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
