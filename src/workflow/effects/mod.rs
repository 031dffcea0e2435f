//! What a workflow does to the outside world. [`model`] reads every step once, with the
//! table of `rules/effects/table.yml`: that is the one effects model. [`Effect`] /
//! [`EffectKind`] are its release-relevant view per job (environments, versions, tags,
//! releases, publishing, started workflows), cached on each job for routes and the report.

mod command_index;
pub mod input_flow;
pub mod model;
pub mod placeholder;
pub mod refs;
pub mod table;

use std::borrow::Cow;

use super::Job;
use crate::source::Span;

/// Which token a step acts with; decides whether its events start other workflows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// The repository's GITHUB_TOKEN: its pushes/releases start no new workflow runs.
    Default,
    /// A personal access token or app token (`secrets.X`, an app-token step output).
    Custom(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EffectKind {
    /// `environment:` on the job (raw name, may hold `${{ }}`).
    Deploys(String),
    ComputesVersion,
    CreatesTag,
    PushesTag,
    CreatesRelease,
    Publishes(String),
    /// `gh workflow run <target> [-f k=v]... [--ref R]`.
    TriggersWorkflow {
        target: String,
        inputs: Vec<(String, String)>,
        git_ref: Option<String>,
    },
}

impl EffectKind {
    /// A release, a tag push, a publish, or a start of another workflow (which may ship):
    /// what makes a job visibly release or hand its release on.
    pub fn ships(&self) -> bool {
        matches!(
            self,
            EffectKind::PushesTag
                | EffectKind::CreatesRelease
                | EffectKind::Publishes(_)
                | EffectKind::TriggersWorkflow { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub kind: EffectKind,
    pub span: Span,
    pub token: Token,
}

/// Split a shell line into words, honouring simple quotes (enough for `gh workflow run`).
/// A `${{ … }}` expression is one word with what touches it: GitHub substitutes it before
/// the shell splits the line.
pub fn shell_words(line: &str) -> Vec<String> {
    shell_word_slices(line)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// [`shell_words`], each word borrowed from the line where it is one run of it (no quote
/// removed inside it): most words of most lines, so no copy is made of them.
pub(crate) fn shell_word_slices(line: &str) -> Vec<Cow<'_, str>> {
    let mut words = Vec::new();
    let mut cur = Word::default();
    let mut quote: Option<char> = None;
    let mut has = false;
    // Start of the characters read since the last quote or space, which belong to `cur`:
    // copied as one slice, not one character at a time.
    let mut run = 0;
    // One byte at a time: every character that matters (quotes, `$`, ASCII spaces) is ASCII;
    // a non-ASCII character is decoded only to ask whether it is a space.
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            let c = line[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c, c.len_utf8())
        };
        if quote.is_none() && b == b'$' && bytes[i..].starts_with(b"${{") {
            if let Some(close) = line[i..].find("}}") {
                // The expression is part of the word being read: go on after it.
                i += close + 2;
                continue;
            }
        }
        match quote {
            Some(q) if c == q => {
                cur.push(line, run..i);
                quote = None;
                run = i + len;
            }
            Some(_) => {}
            None if c == '\'' || c == '"' => {
                cur.push(line, run..i);
                quote = Some(c);
                has = true;
                run = i + len;
            }
            None if c.is_whitespace() => {
                cur.push(line, run..i);
                if has || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur).into_cow(line));
                }
                has = false;
                run = i + len;
            }
            None => {}
        }
        i += len;
    }
    cur.push(line, run..line.len());
    if has || !cur.is_empty() {
        words.push(cur.into_cow(line));
    }
    words
}

/// A word being read: nothing yet, one run of the line, or runs joined (quotes removed).
#[derive(Default)]
enum Word {
    #[default]
    Empty,
    Run(std::ops::Range<usize>),
    Joined(String),
}

impl Word {
    fn push(&mut self, line: &str, run: std::ops::Range<usize>) {
        if run.is_empty() {
            return;
        }
        *self = match std::mem::take(self) {
            Word::Empty => Word::Run(run),
            Word::Run(prev) => Word::Joined(format!("{}{}", &line[prev], &line[run])),
            Word::Joined(mut s) => {
                s.push_str(&line[run]);
                Word::Joined(s)
            }
        };
    }

    fn is_empty(&self) -> bool {
        matches!(self, Word::Empty)
    }

    fn into_cow(self, line: &str) -> Cow<'_, str> {
        match self {
            Word::Empty => Cow::Borrowed(""),
            Word::Run(r) => Cow::Borrowed(&line[r]),
            Word::Joined(s) => Cow::Owned(s),
        }
    }
}

/// Parse the words after `gh workflow run`: target, `-f/-F/--field/--raw-field k=v`, `--ref`.
pub fn parse_gh_workflow_run(words: &[String]) -> Option<EffectKind> {
    let pos = words
        .windows(3)
        .position(|w| w[0] == "gh" && w[1] == "workflow" && w[2] == "run")?;
    let mut target = None;
    let mut inputs = Vec::new();
    let mut git_ref = None;
    let mut it = words[pos + 3..].iter();
    while let Some(w) = it.next() {
        if matches!(w.as_str(), "&&" | "||" | ";" | "|") {
            break;
        }
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        match flag {
            "-f" | "-F" | "--field" | "--raw-field" => {
                let kv = inline.or_else(|| it.next().cloned()).unwrap_or_default();
                if let Some((k, v)) = kv.split_once('=') {
                    inputs.push((k.to_string(), v.to_string()));
                }
            }
            "-r" | "--ref" => git_ref = inline.or_else(|| it.next().cloned()),
            "-R" | "--repo" | "--json" if inline.is_none() => {
                it.next();
            }
            f if f.starts_with('-') => {}
            _ if target.is_none() => target = Some(w.clone()),
            _ => {}
        }
    }
    Some(EffectKind::TriggersWorkflow {
        target: target?,
        inputs,
        git_ref,
    })
}

/// Join `\`-continued lines so one command is one line (each physical line followed by a space).
pub fn logical_lines(script: &str) -> Vec<(usize, String)> {
    joined_lines(script, false)
        .map(|(i, line)| (i, format!("{line} ")))
        .collect()
}

/// `str::lines`, found with a vectorised newline search (a script of many short lines made
/// the character searcher's set-up per line count).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let t = rest?;
        match memchr::memchr(b'\n', t.as_bytes()) {
            Some(at) => {
                let next = &t[at + 1..];
                rest = Some(next).filter(|n| !n.is_empty());
                let line = &t[..at];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// `\`-continued lines joined with a space, without the trailing space `logical_lines` adds;
/// with `backtick`, PowerShell's `` ` `` continues a line too (as the script lines the security
/// rules read do). A line that continues nothing is borrowed, not copied (most script lines).
pub(crate) fn joined_lines(
    script: &str,
    backtick: bool,
) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
    let cont = move |line: &str| -> Option<usize> {
        line.strip_suffix('\\')
            .or_else(|| line.strip_suffix('`').filter(|_| backtick))
            .map(str::len)
    };
    let mut lines = lines(script).enumerate();
    std::iter::from_fn(move || {
        let (first, raw) = lines.next()?;
        let line = raw.trim_end();
        let Some(len) = cont(line) else {
            return Some((first, Cow::Borrowed(line)));
        };
        let mut joined = line[..len].to_string();
        for (_, raw) in lines.by_ref() {
            let line = raw.trim_end();
            joined.push(' ');
            match cont(line) {
                Some(len) => joined.push_str(&line[..len]),
                None => {
                    joined.push_str(line);
                    break;
                }
            }
        }
        Some((first, Cow::Owned(joined)))
    })
}

/// Effects of one job, in step order (its environment first): the job's view of the
/// workflow's effects model, cached on the job when the workflow is loaded.
pub fn job_effects(job: &Job) -> Vec<Effect> {
    job.effects.clone()
}

/// The release-relevant view of one job's live effects, in step order, each kind once per
/// span. Commands a table family names only for docs (tests, notifications...) have no kind.
pub fn job_view(fx: &model::WorkflowEffects, job: &str) -> Vec<Effect> {
    let mut out: Vec<Effect> = Vec::new();
    for e in fx.effects.iter().filter(|e| !e.disabled && e.job == job) {
        let kind = match e.family.as_str() {
            "environment" => EffectKind::Deploys(e.target.clone().unwrap_or_default()),
            "version" => EffectKind::ComputesVersion,
            "tag" => EffectKind::CreatesTag,
            "tag-push" => EffectKind::PushesTag,
            "release" => EffectKind::CreatesRelease,
            "publish" => EffectKind::Publishes(match e.target.as_deref() {
                Some("container") | None => "container registry".to_string(),
                Some(t) => t.to_string(),
            }),
            "workflow-run" => {
                let Some(target) = e.detail_values("workflow").next() else {
                    continue;
                };
                EffectKind::TriggersWorkflow {
                    target: target.to_string(),
                    inputs: e
                        .detail_values("input")
                        .filter_map(|kv| kv.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    git_ref: e.detail_values("ref").next().map(str::to_string),
                }
            }
            _ => continue,
        };
        if !out.iter().any(|x| x.kind == kind && x.span == e.span) {
            out.push(Effect {
                kind,
                span: e.span,
                token: e.token.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        shell_words(s)
    }

    /// Words are the ones the character-by-character reader it replaced made.
    #[test]
    fn lines_are_those_of_str_lines() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "a\rb\r\n\r\nc",
            "x\n\ny\r\nz\r",
            " \tindented\n  run: \\\n  more\n",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn shell_words_agree_with_reading_each_character() {
        fn by_char(line: &str) -> Vec<String> {
            let mut words = Vec::new();
            let mut cur = String::new();
            let mut quote: Option<char> = None;
            let mut has = false;
            let mut expr_end = 0;
            for (i, c) in line.char_indices() {
                if i < expr_end {
                    cur.push(c);
                    continue;
                }
                if quote.is_none() && line[i..].starts_with("${{") {
                    if let Some(close) = line[i..].find("}}") {
                        expr_end = i + close + 2;
                        cur.push(c);
                        continue;
                    }
                }
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => cur.push(c),
                    None if c == '\'' || c == '"' => {
                        quote = Some(c);
                        has = true;
                    }
                    None if c.is_whitespace() => {
                        if has || !cur.is_empty() {
                            words.push(std::mem::take(&mut cur));
                        }
                        has = false;
                    }
                    None => cur.push(c),
                }
            }
            if has || !cur.is_empty() {
                words.push(cur);
            }
            words
        }
        let lines = [
            "",
            "   ",
            "npm publish --tag next",
            "echo \"a b\"'c d'e  ''  \"\"",
            "x='unclosed quote  here",
            "y=\"it's\" z='say \"hi\"'",
            "caf\u{e9}\u{a0}na\u{ef}ve\u{2003}\u{1f600} 'é ü'",
            "\tgh workflow run a.yml -f k=v\n",
            "a\"b\"c d'",
            "docker push ghcr.io/o/app:${{ github.sha }} --quiet",
            "gh workflow run d.yml -f ref=${{ inputs.ref }}x 'y ${{ z }}' ${{ unclosed",
        ];
        for line in lines {
            assert_eq!(shell_words(line), by_char(line), "{line:?}");
        }
    }

    #[test]
    fn expressions_are_one_word() {
        assert_eq!(
            shell_words("docker push o/app:${{ github.sha }} -q"),
            ["docker", "push", "o/app:${{ github.sha }}", "-q"]
        );
    }

    #[test]
    fn parses_gh_workflow_run() {
        let k = parse_gh_workflow_run(&words(
            "gh workflow run build.yml --ref \"v1.2.3\" -f target=prod --field 'note=a b' --raw-field=x=1",
        ));
        assert_eq!(
            k,
            Some(EffectKind::TriggersWorkflow {
                target: "build.yml".into(),
                inputs: vec![
                    ("target".into(), "prod".into()),
                    ("note".into(), "a b".into()),
                    ("x".into(), "1".into())
                ],
                git_ref: Some("v1.2.3".into()),
            })
        );
        assert_eq!(parse_gh_workflow_run(&words("gh workflow list")), None);
    }

    /// The job view is read from the effects model: environment first, then each step's
    /// version, tag, tag push, release, publish and started workflow, with the step's token.
    #[test]
    fn job_view_comes_from_the_model() {
        let text = "on: push\njobs:\n  ship:\n    runs-on: x\n    environment: prod\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.PAT }}\n      - id: version\n        run: echo v=1 >> $GITHUB_OUTPUT\n      - run: |\n          git tag v1\n          git push origin v1\n          npm publish\n      - run: gh release create v1\n        env:\n          GH_TOKEN: ${{ github.token }}\n      - run: gh workflow run build.yml -f a=b --ref v1\n      - run: cargo test\n";
        let wf =
            crate::workflow::Workflow::load(crate::source::SourceFile::from_text("w.yml", text))
                .unwrap();
        let kinds: Vec<(&EffectKind, bool)> = wf.jobs[0]
            .effects
            .iter()
            .map(|e| (&e.kind, e.token == Token::Default))
            .collect();
        assert_eq!(
            kinds,
            [
                (&EffectKind::Deploys("prod".into()), true),
                (&EffectKind::ComputesVersion, false),
                (&EffectKind::CreatesTag, false),
                (&EffectKind::PushesTag, false),
                (&EffectKind::Publishes("npm".into()), false),
                (&EffectKind::CreatesRelease, true),
                (
                    &EffectKind::TriggersWorkflow {
                        target: "build.yml".into(),
                        inputs: vec![("a".into(), "b".into())],
                        git_ref: Some("v1".into()),
                    },
                    false
                ),
            ]
        );
        // A branch push is no tag push unless the job tagged before.
        let wf = crate::workflow::Workflow::load(crate::source::SourceFile::from_text(
            "w.yml",
            "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: git push origin main\n",
        ))
        .unwrap();
        assert!(wf.jobs[0].effects.is_empty());
        // The model keeps the test run the view leaves out.
        assert_eq!(
            crate::workflow::Workflow::load(crate::source::SourceFile::from_text("w.yml", text))
                .unwrap()
                .effects
                .live("test")
                .count(),
            1
        );
    }

    #[test]
    fn build_push_action_publishes_only_when_pushing() {
        let job = |with: &str| {
            let text = format!("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n{with}");
            let wf = crate::workflow::Workflow::load(crate::source::SourceFile::from_text(
                "w.yml", &text,
            ))
            .unwrap();
            wf.jobs[0]
                .effects
                .iter()
                .any(|e| matches!(e.kind, EffectKind::Publishes(_)))
        };
        assert!(!job(
            "          target: binary\n          outputs: /tmp/out\n"
        ));
        assert!(job("          push: true\n"));
        assert!(job(
            "          push: ${{ github.event_name != 'pull_request' }}\n"
        ));
        assert!(job("          outputs: type=registry,name=x\n"));
    }

    #[test]
    fn continuation_lines_join() {
        let l = logical_lines("gh workflow run a.yml \\\n  -f x=1\necho hi\n");
        assert_eq!(l.len(), 2);
        assert_eq!(
            l[0].1.split_whitespace().collect::<Vec<_>>(),
            ["gh", "workflow", "run", "a.yml", "-f", "x=1"]
        );
    }

    #[test]
    fn logical_lines_keep_their_exact_text() {
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("", &[]),
            ("a\n\nb  \n", &[(0, "a "), (1, " "), (2, "b ")]),
            ("a \\\n b\\\r\nc\r\nd", &[(0, "a   b c "), (3, "d ")]),
            ("x \\", &[(0, "x  ")]),
            ("\\\n\\\n", &[(0, "  ")]),
        ];
        for (script, want) in cases {
            let got = logical_lines(script);
            let got: Vec<(usize, &str)> = got.iter().map(|(i, l)| (*i, l.as_str())).collect();
            assert_eq!(&got, want, "{script:?}");
        }
    }
}
