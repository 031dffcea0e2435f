//! What a job does to the outside world, read from its steps: deploys, tags, releases,
//! publishes, starts other workflows. Used by rules and by the report's feature lists.

pub mod model;
pub mod table;

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{Job, Spanned, Step};
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub kind: EffectKind,
    pub span: Span,
    pub token: Token,
}

const RELEASE_ACTIONS: &[&str] = &[
    "softprops/action-gh-release",
    "actions/create-release",
    "ncipollo/release-action",
    "goreleaser/goreleaser-action",
    "taiki-e/create-gh-release-action",
];

const PUBLISH_ACTIONS: &[(&str, &str)] = &[
    ("pypa/gh-action-pypi-publish", "PyPI"),
    ("docker/build-push-action", "container registry"),
    ("JS-DevTools/npm-publish", "npm"),
];

const PUBLISH_COMMANDS: &[(&str, &str)] = &[
    ("npm publish", "npm"),
    ("pnpm publish", "npm"),
    ("yarn publish", "npm"),
    ("cargo publish", "crates.io"),
    ("twine upload", "PyPI"),
    ("uv publish", "PyPI"),
    ("poetry publish", "PyPI"),
    ("docker push", "container registry"),
    ("gem push", "RubyGems"),
];

/// docker/build-push-action pushes only with `push: true` (or an expression that may be
/// true) or registry outputs; by default it just builds. Other publish actions always publish.
fn action_publishes(name: &str, step: &Step) -> bool {
    if !name.eq_ignore_ascii_case("docker/build-push-action") {
        return true;
    }
    let push = step
        .with_value("push")
        .map(|v| v.value.trim().to_ascii_lowercase());
    let outputs = step
        .with_value("outputs")
        .map(|v| v.value.to_ascii_lowercase())
        .unwrap_or_default();
    push.is_some_and(|p| p == "true" || p.contains("${{"))
        || outputs.contains("type=registry")
        || outputs.contains("push=true")
}

fn action_name(uses: &str) -> &str {
    uses.split('@').next().unwrap_or(uses)
}

/// The token a step uses: env `GH_TOKEN`/`GITHUB_TOKEN` or `with.token`/`github_token`.
fn step_token(step: &Step, job_checkout_token: &Token) -> Token {
    let mut candidates = step
        .env
        .iter()
        .chain(step.with.iter())
        .filter(|(k, _)| {
            matches!(
                k.value.as_str(),
                "GH_TOKEN" | "GITHUB_TOKEN" | "token" | "github_token" | "github-token"
            )
        })
        .map(|(_, v)| v.value.as_str());
    match candidates.next() {
        Some(v) => classify_token(v),
        None => job_checkout_token.clone(),
    }
}

fn classify_token(v: &str) -> Token {
    let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("secrets.GITHUB_TOKEN") || compact.contains("github.token") {
        Token::Default
    } else {
        Token::Custom(v.trim().to_string())
    }
}

/// Split a shell line into words, honouring simple quotes (enough for `gh workflow run`).
pub fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    for c in line.chars() {
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
    joined_lines(script)
        .map(|(i, line)| (i, format!("{line} ")))
        .collect()
}

/// `\`-continued lines joined with a space, without the trailing space `logical_lines` adds.
/// A line that continues nothing is borrowed, not copied (most script lines).
fn joined_lines(script: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
    let mut lines = script.lines().enumerate();
    std::iter::from_fn(move || {
        let (first, raw) = lines.next()?;
        let line = raw.trim_end();
        let Some(body) = line.strip_suffix('\\') else {
            return Some((first, Cow::Borrowed(line)));
        };
        let mut joined = body.to_string();
        for (_, raw) in lines.by_ref() {
            let line = raw.trim_end();
            joined.push(' ');
            match line.strip_suffix('\\') {
                Some(body) => joined.push_str(body),
                None => {
                    joined.push_str(line);
                    break;
                }
            }
        }
        Some((first, Cow::Owned(joined)))
    })
}

/// Any of the commands `compute_job_effects` looks for: a line without one is skipped before
/// tokenising. Same test as `contains` for each, in one pass.
fn may_run_release_command(line: &str) -> bool {
    static NEEDLES: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        let needles = ["gh ", "git ", "hub "]
            .into_iter()
            .chain(PUBLISH_COMMANDS.iter().map(|(cmd, _)| *cmd));
        AhoCorasick::new(needles).ok()
    });
    match NEEDLES.as_ref() {
        Some(ac) => ac.is_match(line),
        // Not expected (fixed, valid needles); fall back to plain substring tests.
        None => {
            ["gh ", "git ", "hub "].iter().any(|n| line.contains(n))
                || PUBLISH_COMMANDS.iter().any(|(cmd, _)| line.contains(cmd))
        }
    }
}

fn is_version_step(step: &Step) -> bool {
    if step.run.is_none() {
        return false;
    }
    let id_says = step.id.as_ref().is_some_and(|i| {
        matches!(
            i.value.as_str(),
            "version" | "next" | "next_version" | "next-version" | "semver" | "bump"
        )
    });
    if id_says {
        return true;
    }
    let text = format!(
        "{} {}",
        step.name.as_ref().map_or("", |n| n.value.as_str()),
        step.id.as_ref().map_or("", |n| n.value.as_str())
    )
    .to_ascii_lowercase();
    // Computing the next release version, not printing a tool's version.
    const PHRASES: &[&str] = &[
        "next version",
        "new version",
        "calculate version",
        "compute version",
        "determine version",
        "bump version",
        "version bump",
        "calculate next",
        "compute next",
        "semver",
    ];
    // Every phrase holds one of these words: most step names hold none.
    (text.contains("version") || text.contains("next") || text.contains("semver"))
        && PHRASES.iter().any(|p| text.contains(p))
}

/// Effects of one job, in step order (a deploy from `environment:` first). Computed once
/// when the workflow is loaded; this returns the cached list.
pub fn job_effects(job: &Job) -> Vec<Effect> {
    job.effects.clone()
}

/// Read a job's effects from its steps (called once per job at load time).
pub fn compute_job_effects(job: &Job) -> Vec<Effect> {
    let mut out = Vec::new();
    if let Some(env) = &job.environment {
        out.push(Effect {
            kind: EffectKind::Deploys(env.name.value.clone()),
            span: env.name.span,
            token: Token::Default,
        });
    }
    let checkout_token = job
        .steps
        .iter()
        .filter(|s| {
            s.uses
                .as_ref()
                .is_some_and(|u| action_name(&u.value) == "actions/checkout")
        })
        .find_map(|s| s.with_value("token").map(|t| classify_token(&t.value)))
        .unwrap_or(Token::Default);
    let mut has_git_tag = false;
    for step in &job.steps {
        let token = step_token(step, &checkout_token);
        let mut push = |kind: EffectKind, span: Span| {
            if !out
                .iter()
                .any(|e: &Effect| e.kind == kind && e.span == span)
            {
                out.push(Effect {
                    kind,
                    span,
                    token: token.clone(),
                })
            }
        };
        if let Some(uses) = &step.uses {
            let name = action_name(&uses.value);
            // `install-only: true` just installs the tool (goreleaser-action).
            let install_only = step
                .with_value("install-only")
                .is_some_and(|v| v.value.trim() == "true");
            if RELEASE_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(name)) && !install_only {
                push(EffectKind::CreatesRelease, uses.span);
            }
            if let Some((_, what)) = PUBLISH_ACTIONS
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(name))
            {
                if action_publishes(name, step) {
                    push(EffectKind::Publishes(what.to_string()), uses.span);
                }
            }
        }
        if is_version_step(step) {
            push(EffectKind::ComputesVersion, step_span(step));
        }
        let Some(run) = &step.run else {
            continue;
        };
        // One pass over the whole script first: most scripts run none of these commands.
        if !may_run_release_command(&run.value) {
            continue;
        }
        for (_, line) in joined_lines(&run.value) {
            let l = line.trim();
            // Most script lines run none of the commands below: skip them before tokenising.
            if l.starts_with('#') || !may_run_release_command(l) {
                continue;
            }
            let words = shell_words(l);
            let has = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
            if (has("gh", "release") || has("hub", "release"))
                && words.iter().any(|w| w == "create")
            {
                push(EffectKind::CreatesRelease, run.span);
            }
            if has("git", "tag") {
                has_git_tag = true;
                push(EffectKind::CreatesTag, run.span);
            }
            if has("git", "push") {
                let tagish = l.contains("--tags")
                    || l.contains("refs/tags")
                    || l.to_ascii_lowercase().contains("tag")
                    || has_git_tag;
                if tagish {
                    push(EffectKind::PushesTag, run.span);
                }
            }
            for (cmd, what) in PUBLISH_COMMANDS {
                if l.contains(cmd) {
                    push(EffectKind::Publishes(what.to_string()), run.span);
                }
            }
            if let Some(k) = parse_gh_workflow_run(&words) {
                push(k, run.span);
            }
        }
    }
    out
}

fn step_span(step: &Step) -> Span {
    step.name
        .as_ref()
        .or(step.id.as_ref())
        .map_or(step.span, |n: &Spanned<String>| n.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        shell_words(s)
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

    #[test]
    fn release_command_prefilter_matches_substring_tests() {
        for line in [
            "gh release create",
            "git push --tags",
            "hub release",
            "npm publish",
            "cargo publish -p x",
            "echo github",
            "cargo build",
            "",
        ] {
            let want = ["gh ", "git ", "hub "].iter().any(|n| line.contains(n))
                || PUBLISH_COMMANDS.iter().any(|(cmd, _)| line.contains(cmd));
            assert_eq!(may_run_release_command(line), want, "{line}");
        }
    }
}
