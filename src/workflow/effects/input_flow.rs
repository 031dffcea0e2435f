//! Where the value of a `workflow_dispatch` input goes: into something that acts (an action's
//! input, a command, an environment variable, a job output) or only into messages. A doc that
//! says a run by hand "deploys a specific tag" relies on the tag input reaching the deploy.
//!
//! Read from the file text line by line, so it is conservative: any reference that is not
//! plainly a print (`echo`/`printf` to the log or the step summary), a display name or a
//! description counts as a use. A value echoed into `$GITHUB_OUTPUT` is followed to the readers
//! of that step output (a few hops); one written to `$GITHUB_ENV` counts as used.

use crate::source::Span;
use crate::workflow::Workflow;

/// What became of an input's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFlow {
    /// Something acts on it: the first such line.
    Used(Span),
    /// It only reaches messages or step outputs nobody reads: where it was last seen (None
    /// when nothing refers to it at all).
    Unused(Option<Span>),
}

/// Follow `inputs.<name>` (and `github.event.inputs.<name>`) through `workflow`.
pub fn input_flow(wf: &Workflow, name: &str) -> InputFlow {
    let mut needles = vec![
        format!("inputs.{name}"),
        format!("github.event.inputs.{name}"),
        format!("inputs['{name}']"),
        format!("inputs[\"{name}\"]"),
    ];
    let mut seen: Option<Span> = None;
    let mut hop = 0;
    let mut i = 0;
    while i < needles.len() {
        let needle = needles[i].clone();
        i += 1;
        for (n, raw) in lines_containing(&wf.file.text, &needle) {
            if find_ref(raw, &needle).is_none() {
                continue;
            }
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let span = wf.file.line_span(line_no);
            let t = raw.trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
            let t = t.strip_prefix("run:").map_or(t, str::trim_start);
            if t.starts_with('#')
                || ["name:", "run-name:", "description:", "default:"]
                    .iter()
                    .any(|k| t.starts_with(k))
            {
                continue;
            }
            seen = Some(span);
            let printed = ["echo ", "printf ", "Write-Host ", "Write-Output "]
                .iter()
                .any(|p| t.starts_with(p));
            if !printed {
                return InputFlow::Used(span);
            }
            if t.contains("GITHUB_ENV") {
                return InputFlow::Used(span);
            }
            if t.contains("GITHUB_OUTPUT") {
                // `echo "key=${{ inputs.x }}" >> $GITHUB_OUTPUT`: follow the step's output.
                let key = output_key(t);
                let step_id = step_id_at(wf, span);
                match (key, step_id) {
                    (Some(k), Some(id)) if hop < 4 => {
                        hop += 1;
                        for n in [
                            format!("steps.{id}.outputs.{k}"),
                            format!("steps.{id}.outputs['{k}']"),
                        ] {
                            if !needles.contains(&n) {
                                needles.push(n);
                            }
                        }
                    }
                    // An output we cannot follow may be read anywhere.
                    _ => return InputFlow::Used(span),
                }
            }
        }
    }
    InputFlow::Unused(seen)
}

/// The lines of `text` (as `str::lines` splits them, with their 0-based numbers) that contain
/// `needle`, in order: found by one search of the whole text instead of one per line.
fn lines_containing<'t>(text: &'t str, needle: &str) -> impl Iterator<Item = (usize, &'t str)> {
    let bytes = text.as_bytes();
    let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
    let (mut from, mut counted, mut line) = (0, 0, 0);
    std::iter::from_fn(move || {
        let at = from + finder.find(bytes.get(from..)?)?;
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count();
        counted = start;
        from = end + 1;
        let raw = &text[start..end];
        // `lines` drops the `\r` of a `\r\n` ending.
        let raw = if end < bytes.len() {
            raw.strip_suffix('\r').unwrap_or(raw)
        } else {
            raw
        };
        Some((line, raw))
    })
}

/// Byte offset of `needle` in `line` as a whole reference (not `inputs.tagged` for
/// `inputs.tag`).
fn find_ref(line: &str, needle: &str) -> Option<usize> {
    line.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let after = line[i + needle.len()..].chars().next();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// The key of `echo "key=value" >> $GITHUB_OUTPUT` (the word before the first `=`).
fn output_key(line: &str) -> Option<String> {
    let body = line
        .split_once(' ')
        .map(|(_, b)| b)?
        .trim_start_matches(['"', '\'']);
    let (key, _) = body.split_once('=')?;
    let key = key.trim();
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| key.to_string())
}

/// The `id:` of the step whose text holds `span`.
fn step_id_at(wf: &Workflow, span: Span) -> Option<String> {
    wf.jobs
        .iter()
        .flat_map(|j| &j.steps)
        .find(|s| s.span.start.offset <= span.start.offset && span.end.offset <= s.span.end.offset)
        .and_then(|s| s.id.as_ref())
        .map(|id| id.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn flow(text: &str, input: &str) -> InputFlow {
        let wf = Workflow::load(SourceFile::from_text("w.yml", text)).unwrap();
        input_flow(&wf, input)
    }

    const HEAD: &str = "on:\n  workflow_dispatch:\n    inputs:\n      tag:\n        description: the tag, e.g. ${{ inputs.tag }}\njobs:\n  go:\n    runs-on: x\n    steps:\n";

    #[test]
    fn a_tag_checked_out_or_passed_on_is_used() {
        let used =
            |steps: &str| matches!(flow(&format!("{HEAD}{steps}"), "tag"), InputFlow::Used(_));
        assert!(used(
            "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ inputs.tag }}\n"
        ));
        assert!(used(
            "      - run: ./deploy.sh \"${{ github.event.inputs.tag }}\"\n"
        ));
        assert!(used(
            "      - run: echo \"TAG=${{ inputs.tag }}\" >> $GITHUB_ENV\n"
        ));
        // Echoed into a step output that a later step reads.
        assert!(used("      - id: pick\n        run: echo \"t=${{ inputs.tag }}\" >> $GITHUB_OUTPUT\n      - run: helm upgrade app chart --set image.tag=${{ steps.pick.outputs.t }}\n"));
    }

    #[test]
    fn a_tag_only_printed_is_unused() {
        let got = flow(
            &format!("{HEAD}      - id: pick\n        run: |\n          echo \"t=${{{{ inputs.tag }}}}\" >> $GITHUB_OUTPUT\n      - run: echo \"deploying ${{{{ steps.pick.outputs.t }}}}\"\n      - run: kubectl rollout restart deploy/app\n"),
            "tag",
        );
        assert!(
            matches!(got, InputFlow::Unused(Some(s)) if s.start.line == 13),
            "{got:?}"
        );
        assert_eq!(
            flow(&format!("{HEAD}      - run: make deploy\n"), "tag"),
            InputFlow::Unused(None)
        );
        // Not another input whose name starts the same.
        assert_eq!(
            flow(
                &format!("{HEAD}      - run: deploy ${{{{ inputs.tagged }}}}\n"),
                "tag"
            ),
            InputFlow::Unused(None)
        );
    }

    #[test]
    fn lines_containing_numbers_lines_as_str_lines_does() {
        for text in [
            "a\nb inputs.x\r\ninputs.x inputs.x\n\ninputs.x",
            "inputs.x\r",
            "inputs.x\rinputs.x\r\n",
            "\n\n\r\ninputs.\nx inputs.x\n",
            "no match",
            "",
        ] {
            let want: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains("inputs.x"))
                .collect();
            let got: Vec<(usize, &str)> = lines_containing(text, "inputs.x").collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
