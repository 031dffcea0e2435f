//! `gh workflow run` commands in code blocks and inline code.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

use super::{constant_regex, Claim, ClaimKind, Ctx};

static GH_RUN: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"\bgh\s+workflow\s+run(?:\s|$)"));

/// Text assembled from several source lines, with a map back to source offsets.
struct Logical {
    text: String,
    /// (offset in `text`, source offset) where each physical line starts.
    pieces: Vec<(usize, usize)>,
}

impl Logical {
    fn source_offset(&self, pos: usize) -> usize {
        let idx = self.pieces.partition_point(|(at, _)| *at <= pos);
        match idx.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some((at, source)) => source + (pos - at),
            None => 0,
        }
    }
}

/// Every [`GH_RUN`] match holds "workflow"; most code has none, so it is looked for first.
static WORKFLOW_WORD: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("workflow"));

fn may_hold_command(text: &str) -> bool {
    WORKFLOW_WORD.find(text.as_bytes()).is_some()
}

pub(crate) fn commands(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for code in &ctx.blocks.codes {
        // Joining lines only adds spaces, so a command needs a line holding "workflow".
        if !code.lines.iter().any(|l| may_hold_command(&l.text)) {
            continue;
        }
        for logical in join_continuations(code.lines.iter().map(|l| (l.offset, l.text.as_str()))) {
            commands_in(ctx, &logical, out);
        }
    }
    for block in &ctx.blocks.texts {
        for span in &block.code_spans {
            let Some(text) = block.text.get(span.clone()) else {
                continue;
            };
            if !may_hold_command(text) {
                continue;
            }
            let logical = Logical {
                text: text.to_string(),
                pieces: vec![(0, block.source_offset(span.start))],
            };
            commands_in(ctx, &logical, out);
        }
    }
}

/// Join lines ending in `\` with the next line (shell continuation).
fn join_continuations<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Vec<Logical> {
    let mut out = Vec::new();
    let mut current: Option<Logical> = None;
    for (offset, line) in lines {
        let logical = current.get_or_insert_with(|| Logical {
            text: String::new(),
            pieces: Vec::new(),
        });
        logical.pieces.push((logical.text.len(), offset));
        let trimmed = line.trim_end();
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                logical.text.push_str(head);
                logical.text.push(' ');
            }
            None => {
                logical.text.push_str(line);
                out.extend(current.take());
            }
        }
    }
    out.extend(current);
    out
}

fn commands_in(ctx: &Ctx<'_>, logical: &Logical, out: &mut Vec<Claim>) {
    for m in GH_RUN.find_iter(&logical.text) {
        let rest = logical.text.get(m.end()..).unwrap_or("");
        let (tokens, consumed) = shell_words(rest);
        let Some(kind) = parse_run_args(&tokens) else {
            continue;
        };
        let end = m.end() + consumed;
        let written = logical.text.get(m.start()..end).unwrap_or("");
        out.push(Claim {
            kind,
            span: ctx.file.span(
                logical.source_offset(m.start()),
                logical.source_offset(end.max(m.start())),
            ),
            text: written.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
}

/// Arguments after `gh workflow run`; None when no workflow is named or it is a placeholder.
fn parse_run_args(tokens: &[String]) -> Option<ClaimKind> {
    let mut workflow: Option<String> = None;
    let mut git_ref = None;
    let mut inputs = Vec::new();
    let mut it = tokens.iter();
    while let Some(tok) = it.next() {
        let tok = tok.as_str();
        match tok {
            "--ref" | "-r" => git_ref = it.next().cloned(),
            "-f" | "--field" | "-F" | "--raw-field" => {
                if let Some(kv) = it.next() {
                    inputs.push(split_input(kv));
                }
            }
            "-R" | "--repo" => {
                it.next();
            }
            _ if tok.starts_with("--ref=") => git_ref = tok.get(6..).map(str::to_string),
            _ if tok.starts_with("--field=") => inputs.push(split_input(tok.get(8..)?)),
            _ if tok.starts_with("--raw-field=") => inputs.push(split_input(tok.get(12..)?)),
            _ if (tok.starts_with("-f") || tok.starts_with("-F")) && !tok.starts_with("--") => {
                inputs.push(split_input(tok.get(2..)?));
            }
            _ if tok.starts_with('-') => {}
            _ => {
                if workflow.is_none() {
                    workflow = Some(tok.to_string());
                }
            }
        }
    }
    let workflow = workflow?;
    if workflow.starts_with(['<', '$', '{', '[']) || workflow == "..." {
        return None;
    }
    Some(ClaimKind::Command {
        workflow,
        git_ref,
        inputs,
    })
}

fn split_input(kv: &str) -> (String, String) {
    match kv.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (kv.to_string(), String::new()),
    }
}

/// Split a shell command into words, removing quotes; stops at `;`, `&&`, `||`, `|`, `)`, or a
/// `#` comment. Returns the words and how many bytes of `s` the command used.
fn shell_words(s: &str) -> (Vec<String>, usize) {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = s.char_indices().peekable();
    let mut end = 0;
    while let Some((_, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                words.extend(word.take());
                continue;
            }
            ';' | '|' | ')' => break,
            '&' if chars.peek().is_some_and(|(_, n)| *n == '&') => break,
            '#' if word.is_none() => break,
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for (_, q) in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some((_, q)) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some((_, n)) = chars.next() {
                                if !matches!(n, '"' | '\\' | '$' | '`') {
                                    w.push('\\');
                                }
                                w.push(n);
                            }
                        }
                        _ => w.push(q),
                    }
                }
            }
            '\\' => {
                let w = word.get_or_insert_with(String::new);
                if let Some((_, n)) = chars.next() {
                    w.push(n);
                }
            }
            _ => word.get_or_insert_with(String::new).push(c),
        }
        end = chars.peek().map_or(s.len(), |(j, _)| *j);
    }
    words.extend(word);
    (words, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Option<ClaimKind> {
        parse_run_args(&shell_words(s).0)
    }

    #[test]
    fn splits_shell_words() {
        let (w, used) = shell_words(r#" release.yml -f name="a b" -f 'x=y z' && echo hi"#);
        assert_eq!(w, vec!["release.yml", "-f", "name=a b", "-f", "x=y z"]);
        assert_eq!(used, 37);
        let (w, _) = shell_words(r#" a\ b "q\"x" # comment"#);
        assert_eq!(w, vec!["a b", "q\"x"]);
    }

    #[test]
    fn parses_run_arguments() {
        let cases: Vec<(&str, Option<ClaimKind>)> = vec![
            (
                " release.yml --field version_type=minor",
                Some(ClaimKind::Command {
                    workflow: "release.yml".into(),
                    git_ref: None,
                    inputs: vec![("version_type".into(), "minor".into())],
                }),
            ),
            (
                r#" "Deploy App" --ref=v1.2.3 -F count=3 --raw-field=note="x y" -fenv=prod -R o/r"#,
                Some(ClaimKind::Command {
                    workflow: "Deploy App".into(),
                    git_ref: Some("v1.2.3".into()),
                    inputs: vec![
                        ("count".into(), "3".into()),
                        ("note".into(), "x y".into()),
                        ("env".into(), "prod".into()),
                    ],
                }),
            ),
            (" <workflow> -f a=b", None),
            (" $WORKFLOW", None),
            (" --ref main", None),
        ];
        for (input, want) in cases {
            assert_eq!(args(input), want, "{input}");
        }
    }

    #[test]
    fn joins_continuation_lines() {
        let lines = [
            (10, "gh workflow run deploy.yml \\"),
            (40, "  --ref main"),
            (60, "next"),
        ];
        let joined = join_continuations(lines.into_iter());
        let texts: Vec<&str> = joined.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["gh workflow run deploy.yml    --ref main", "next"]
        );
        assert_eq!(joined[0].source_offset(0), 10);
        assert_eq!(joined[0].source_offset(30), 42);
    }
}
