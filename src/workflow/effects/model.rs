//! The effects model: for every step of a workflow, what it changes outside the runner (a
//! publish, a GitHub object, a deploy, a notification, a test run...), with its target, details
//! (tags, labels, names), the conditions it runs under, and whether it is commented out.
//! Steps that could change things we cannot see (a repository script, an action the table does
//! not know, a reusable workflow from another repository) are kept as [`Opaque`] so that a
//! missing effect is "unknown", never "violated", when one of them could do it.
//!
//! Which actions and commands do what is data: `rules/effects/table.yml` ([`super::table`]).

use super::refs::RefKinds;
use super::table::{builtin, Table};
use super::{joined_lines, parse_gh_workflow_run, shell_words, Token};
use crate::source::HoldsTemplate as _;
use crate::source::Span;
use crate::workflow::script::{script_lines, ScriptLine};
use crate::workflow::{Job, Step, Workflow};

/// When a step runs, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCondition {
    pub job_if: Option<String>,
    pub step_if: Option<String>,
    pub continue_on_error: bool,
}

impl RunCondition {
    /// Notification timing from the status functions in the `if:`s: "failure", "always",
    /// "cancelled" or "success" (the default when no status function is used).
    pub fn status(&self) -> &'static str {
        let all = format!(
            "{} {}",
            self.job_if.as_deref().unwrap_or(""),
            self.step_if.as_deref().unwrap_or("")
        )
        .to_ascii_lowercase();
        let has = |f: &str| all.contains(&format!("{f}()"));
        // `job.status` / `needs.*.result` compared with 'failure' count as a failure condition.
        let failure_text = all.contains("== 'failure'") || all.contains("== \"failure\"");
        if has("always") && !has("failure") && !failure_text {
            "always"
        } else if has("failure") || failure_text {
            "failure"
        } else if has("cancelled") {
            "cancelled"
        } else if reads_run_time_output(&all) {
            // No failure/always, but gated by what an earlier step or job computed
            // (`steps.check.outputs.notify == 'true'`): that value may stand for a failure
            // the step reports, so the timing is not known from the condition.
            "unknown"
        } else {
            "success"
        }
    }
}

/// Whether a (lower-case) condition reads an output computed at run time: `steps.<id>.outputs.…`
/// or `needs.<job>.outputs.…`.
fn reads_run_time_output(condition: &str) -> bool {
    ["steps.", "needs."].iter().any(|ctx| {
        condition.match_indices(ctx).any(|(at, _)| {
            let rest = condition.get(at + ctx.len()..).unwrap_or("");
            let id_end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            id_end > 0
                && rest
                    .get(id_end..)
                    .is_some_and(|r| r.starts_with(".outputs."))
        })
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepEffect {
    /// Family from the table: publish, release, pull-request, issue, notify, test, ...
    pub family: String,
    /// Registry, channel or platform as the table names it (`npm`, `Slack`, `container`).
    pub target: Option<String>,
    /// Role → value: `image` (full reference with tag), `registry` (host), `tag`, `label`,
    /// `base`, `branch`, `name`.
    pub details: Vec<(String, String)>,
    /// Job id ("" for a commented-out step outside any job we could place).
    pub job: String,
    pub span: Span,
    pub when: RunCondition,
    /// Commented out: kept to explain drift, never counted as happening.
    pub disabled: bool,
    /// The action (`docker/build-push-action`) or the command line that does it.
    pub via: String,
    /// The token it acts with: decides whether its tag pushes and releases start workflows.
    pub token: Token,
    /// For a command: its logical script line as written in the file, with its exact span
    /// (None for actions, environments and commented-out steps).
    pub line: Option<ScriptLine>,
}

impl StepEffect {
    /// How a publish or release happens, as a suffix for feature lines: ` with dist-tag
    /// `next` (trusted publishing)`, ` (draft)`; empty when nothing is known.
    pub fn qualifiers(&self) -> String {
        let mut t = String::new();
        if let Some(tag) = self.detail_values("dist-tag").next() {
            t.push_str(&format!(" with dist-tag `{tag}`"));
        }
        match self.detail_values("auth").next() {
            Some("trusted") if self.detail_values("fallback").next().is_some() => {
                t.push_str(" (trusted publishing, a token as fallback)")
            }
            Some("trusted") => t.push_str(" (trusted publishing)"),
            Some("token") => t.push_str(" (with a token)"),
            _ => {}
        }
        let flag = |role: &str| self.detail_values(role).any(|v| v == "true");
        if flag("draft") {
            t.push_str(" (draft)");
        } else if flag("prerelease") {
            t.push_str(" (prerelease)");
        }
        t
    }

    /// What it does, in a few words for feature lists (`Tests (`cargo test`)`, `Slack
    /// notification on failure`); None for caches, which nobody lists as a feature.
    pub fn feature_text(&self) -> Option<String> {
        let target = self.target.as_deref().unwrap_or("");
        let list = |role: &str| {
            let v: Vec<String> = self.detail_values(role).map(|x| format!("`{x}`")).collect();
            let mut seen = Vec::new();
            for x in v {
                if !seen.contains(&x) {
                    seen.push(x);
                }
            }
            seen.join(", ")
        };
        let with = |base: String, role: &str, word: &str| {
            let l = list(role);
            match (l.is_empty(), word.is_empty()) {
                (true, _) => base,
                (false, true) => format!("{base} {l}"),
                (false, false) => format!("{base} {word} {l}"),
            }
        };
        // The command or action, shortened, as code: one line, single spaces (a continued
        // command keeps its script's indentation and `\` otherwise).
        let via = self.via.replace('`', "");
        let words: Vec<&str> = via.split_whitespace().filter(|w| *w != "\\").collect();
        let via = format!("`{}`", first_words(&words, 60));
        let text = match self.family.as_str() {
            "publish" if target == "container" => {
                let registries = list("registry");
                if registries.is_empty() {
                    "Image push".to_string()
                } else {
                    format!("Image push to {registries}")
                }
            }
            "publish" => format!("Publishing to {target}{}", self.qualifiers()),
            "release" => format!("GitHub release creation{}", self.qualifiers()),
            "tag" => with("Tag creation".to_string(), "tag", ""),
            "tag-push" => "Tag creation and push".to_string(),
            "version" => "Version calculation".to_string(),
            "workflow-run" => with("Workflow start".to_string(), "workflow", "of"),
            "environment" => format!("Environment `{target}`"),
            "branch" => with("Branch creation".to_string(), "branch", ""),
            "pull-request" => {
                let base = with("Pull request".to_string(), "base", "into");
                with(base, "label", "labelled")
            }
            "issue" => "Issue creation".to_string(),
            "comment" => "Comment on a pull request or issue".to_string(),
            "label" => with("Labelling".to_string(), "label", "with"),
            "pages" => "GitHub Pages deploy".to_string(),
            "deploy" => format!("Deploy via {target}"),
            "copy" => format!("File copy via {target}"),
            "test" => format!("Tests ({via})"),
            "lint" => format!("Lint ({via})"),
            "build" => format!("Build ({via})"),
            "notify" => {
                let when = match self.when.status() {
                    "failure" => " on failure",
                    "always" => " always",
                    "cancelled" => " on cancellation",
                    "unknown" => " on a condition computed at run time",
                    _ => "",
                };
                if target.is_empty() {
                    format!("Notification{when}")
                } else {
                    format!("{target} notification{when}")
                }
            }
            "artifact" => with("Artifact upload".to_string(), "name", ""),
            _ => return None,
        };
        Some(text)
    }

    pub fn detail_values<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.details
            .iter()
            .filter(move |(r, _)| r == role)
            .map(|(_, v)| v.as_str())
    }
}

/// A step whose effects cannot be seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opaque {
    pub job: String,
    pub span: Span,
    /// The script, action or reusable workflow.
    pub what: String,
    /// Families it might produce; empty = any.
    pub families: Vec<String>,
}

impl Opaque {
    pub fn may(&self, family: &str) -> bool {
        self.families.is_empty() || self.families.iter().any(|f| f == family)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkflowEffects {
    pub effects: Vec<StepEffect>,
    pub opaque: Vec<Opaque>,
    /// Local reusable workflows its jobs call (`./.github/workflows/x.yml`), as written.
    pub calls: Vec<String>,
}

impl WorkflowEffects {
    /// Live (not commented-out) effects of one family.
    pub fn live<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a StepEffect> + 'a {
        self.effects
            .iter()
            .filter(move |e| !e.disabled && e.family == family)
    }

    pub fn opaque_for<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a Opaque> + 'a {
        self.opaque.iter().filter(move |o| o.may(family))
    }
}

/// The effects of every step of a workflow (built-in table).
pub fn workflow_effects(wf: &Workflow) -> WorkflowEffects {
    effects_with(wf, builtin())
}

pub fn effects_with(wf: &Workflow, table: &Table) -> WorkflowEffects {
    let mut out = WorkflowEffects::default();
    let mut named: Vec<(Opaque, Span)> = Vec::new();
    let env = |job: &Job, text: &str| resolve_env(text, &wf.env, &job.env).into_owned();
    let refs = RefKinds::of(wf);
    for job in &wf.jobs {
        let job_if = job.if_cond.as_ref().map(|c| c.value.clone());
        let job_start = out.effects.len();
        if let Some(e) = &job.environment {
            out.effects.push(StepEffect {
                family: "environment".into(),
                target: Some(e.name.value.clone()),
                details: Vec::new(),
                job: job.id.value.clone(),
                span: e.name.span,
                when: RunCondition {
                    job_if: job_if.clone(),
                    ..RunCondition::default()
                },
                disabled: false,
                via: "environment:".into(),
                token: Token::Default,
                line: None,
            });
        }
        if let Some(uses) = &job.uses {
            if uses.value.starts_with("./") {
                out.calls.push(uses.value.clone());
            } else {
                out.opaque.push(Opaque {
                    job: job.id.value.clone(),
                    span: uses.span,
                    what: uses.value.clone(),
                    families: Vec::new(),
                });
            }
        }
        let checkout_token = checkout_token(job);
        let id_token = may_use_oidc(job, wf);
        for (step_at, step) in job.steps.iter().enumerate() {
            named.extend(named_intent(table, job, step).map(|o| (o, step.span)));
            let when = RunCondition {
                job_if: job_if.clone(),
                step_if: step.if_cond.as_ref().map(|c| c.value.clone()),
                continue_on_error: step.continue_on_error,
            };
            let token = step_token(step, &checkout_token);
            let push = |effects: &mut Vec<StepEffect>,
                        family: &str,
                        target: Option<String>,
                        details: Vec<(String, String)>,
                        span: Span,
                        via: String| {
                effects.push(StepEffect {
                    family: family.to_string(),
                    target,
                    details,
                    job: job.id.value.clone(),
                    span,
                    when: when.clone(),
                    disabled: false,
                    via,
                    token: token.clone(),
                    line: None,
                });
            };
            if let Some(uses) = &step.uses {
                let name = uses.value.split('@').next().unwrap_or(&uses.value);
                if table.action(name).is_some() {
                    for entry in table.actions_of(name) {
                        if entry.effect == "none" || !action_active(entry, step) {
                            continue;
                        }
                        let mut details = action_details(entry, step, job, refs, &env);
                        if entry.effect == "publish" {
                            if let Some(auth) = action_auth(entry, step, id_token) {
                                details.push(("auth".into(), auth.into()));
                            }
                        }
                        push(
                            &mut out.effects,
                            &entry.effect,
                            entry.target.clone(),
                            details,
                            uses.span,
                            name.to_string(),
                        );
                    }
                } else if name.eq_ignore_ascii_case("actions/github-script") {
                    let script = step.with_value("script").map_or("", |s| s.value.as_str());
                    for (needle, family) in GITHUB_SCRIPT_CALLS {
                        if script.contains(needle) {
                            push(
                                &mut out.effects,
                                family,
                                None,
                                Vec::new(),
                                uses.span,
                                name.to_string(),
                            );
                        }
                    }
                } else {
                    let families = table
                        .hinted_families(name)
                        .into_iter()
                        .map(str::to_string)
                        .collect::<Vec<_>>();
                    if !families.is_empty() {
                        out.opaque.push(Opaque {
                            job: job.id.value.clone(),
                            span: uses.span,
                            what: name.to_string(),
                            families,
                        });
                    }
                }
            }
            if is_version_step(table, step) {
                let via = step.label();
                push(
                    &mut out.effects,
                    "version",
                    None,
                    Vec::new(),
                    step_span(step),
                    via,
                );
            }
            let Some(run) = &step.run else {
                continue;
            };
            // The script's lines as written, read once a command does something.
            let mut written: Option<Vec<ScriptLine>> = None;
            for (at, line) in joined_lines(&run.value, true) {
                let raw = line.trim();
                if raw.is_empty() || raw.starts_with('#') {
                    continue;
                }
                let l = resolve_env(raw, &wf.env, &job.env);
                for i in table.matching_commands(&l) {
                    let Some(c) = table.commands.get(i) else {
                        continue;
                    };
                    if c.unless.as_ref().is_some_and(|u| u.is_match(&l)) {
                        continue;
                    }
                    if let Some(w) = &c.when {
                        let after = c.or_after.as_ref().is_some_and(|f| {
                            out.effects[job_start..]
                                .iter()
                                .any(|e| !e.disabled && &e.family == f)
                        });
                        if !w.is_match(&l) && !after {
                            continue;
                        }
                    }
                    if let Some(a) = &c.after {
                        if !job_did_before(job, step_at, &run.value, at, a) {
                            continue;
                        }
                    }
                    let how = if c.effect == "publish" {
                        publish_kind(&c.pattern, &l)
                    } else {
                        Some(false)
                    };
                    let Some(indirect) = how else {
                        continue;
                    };
                    let mut details = command_details(&c.effect, &l);
                    if indirect {
                        details.push(("indirect".into(), "true".into()));
                    }
                    if c.effect == "publish"
                        && matches!(c.target.as_deref(), Some("npm") | Some("PyPI"))
                    {
                        let before = PublishLine { line: &l, at };
                        details.extend(command_auth(step, job, wf, before, id_token));
                    }
                    push(
                        &mut out.effects,
                        &c.effect,
                        c.target.clone(),
                        details,
                        run.span,
                        l.to_string(),
                    );
                    let lines = written.get_or_insert_with(|| script_lines(&wf.file, run.span));
                    if let Some(e) = out.effects.last_mut() {
                        e.line = written_line(lines, raw);
                    }
                }
                for script in script_calls(&l) {
                    let families: Vec<String> = table
                        .hinted_families(&script)
                        .into_iter()
                        .map(str::to_string)
                        .collect();
                    if !families.is_empty() {
                        out.opaque.push(Opaque {
                            job: job.id.value.clone(),
                            span: run.span,
                            what: script,
                            families,
                        });
                    }
                }
            }
        }
    }
    // A named step that visibly does what its name says is not opaque for that family.
    for (mut o, step_span) in named {
        let inside = |s: Span| {
            s.start.offset >= step_span.start.offset && s.end.offset <= step_span.end.offset
        };
        o.families.retain(|f| {
            !out.effects
                .iter()
                .any(|e| e.job == o.job && &e.family == f && inside(e.span))
        });
        if !o.families.is_empty() {
            out.opaque.push(o);
        }
    }
    out.effects.extend(disabled_effects(wf, table));
    out
}

/// Whether the job, before line `at` of step `step_at`'s script, ran a script line or checked
/// out a `repository:` that `re` matches.
fn job_did_before(job: &Job, step_at: usize, script: &str, at: usize, re: &regex::Regex) -> bool {
    let live = |l: &&str| !l.trim_start().starts_with('#');
    let earlier = job.steps.iter().take(step_at).any(|s| {
        s.with_value("repository")
            .is_some_and(|r| re.is_match(&r.value))
            || s.run
                .as_ref()
                .is_some_and(|r| r.value.lines().filter(live).any(|l| re.is_match(l)))
    });
    earlier || script.lines().take(at).filter(live).any(|l| re.is_match(l))
}

/// The script line as written whose words are those of a logical line of the parsed value.
fn written_line(lines: &[ScriptLine], logical: &str) -> Option<ScriptLine> {
    lines
        .iter()
        .find(|l| l.text.split_whitespace().eq(logical.split_whitespace()))
        .cloned()
}

/// Does a line that matches a publish command publish? None when it prints the command
/// (`echo npm publish`) or rehearses it (`--dry-run`, cargo's `-n`, `--no-publish`);
/// Some(true) when the tool is an option's value, so another program runs it (`make -C npm
/// publish`: a make target, `python -m twine` excepted); Some(false) when it runs directly.
fn publish_kind(pattern: &regex::Regex, line: &str) -> Option<bool> {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    if matches!(first, "echo" | "printf" | "Write-Host" | "Write-Output")
        || line.contains("--dry-run")
        || line.contains("--no-publish")
        || (first == "cargo" && line.split_whitespace().any(|w| w == "-n"))
    {
        return None;
    }
    let m = pattern.find(line)?;
    let before = line[..m.start()].split_whitespace().next_back();
    Some(before.is_some_and(|w| w.starts_with('-') && w != "-m"))
}

/// A step named for an effect it does in a way the table does not know ("Notify on failure"
/// running `echo` or a curl to an unknown host): opaque for the families its name hints at.
/// The families the step visibly produces are dropped again once its effects are read.
fn named_intent(table: &Table, job: &Job, step: &Step) -> Option<Opaque> {
    let name = step.name.as_ref()?;
    let families: Vec<String> = table
        .hinted_families(&name.value)
        .into_iter()
        .filter(|f| table.named_step_families.iter().any(|n| n == f))
        .map(str::to_string)
        .collect();
    (!families.is_empty()).then(|| Opaque {
        job: job.id.value.clone(),
        span: name.span,
        what: name.value.clone(),
        families,
    })
}

/// `actions/github-script` API calls and the family each one is.
const GITHUB_SCRIPT_CALLS: &[(&str, &str)] = &[
    ("issues.create(", "issue"),
    ("issues.createComment(", "comment"),
    ("pulls.create(", "pull-request"),
    ("issues.addLabels(", "label"),
    ("repos.createRelease(", "release"),
    ("git.createRef(", "branch"),
];

/// Is the action's effect on for this step (docker push only when pushing, goreleaser not
/// install-only, changesets only with a publish command)?
fn action_active(entry: &super::table::ActionEntry, step: &Step) -> bool {
    if let Some(input) = entry.inputs.get("push") {
        let push = step
            .with_value(input)
            .map(|v| v.value.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let outputs = step
            .with_value("outputs")
            .map(|v| v.value.to_ascii_lowercase())
            .unwrap_or_default();
        return push == "true"
            || push.holds_template()
            || outputs.contains("type=registry")
            || outputs.contains("push=true");
    }
    if let Some((input, value)) = entry.inputs.get("off-when").and_then(|v| v.split_once('=')) {
        if step
            .with_value(input)
            .is_some_and(|v| v.value.trim() == value)
        {
            return false;
        }
    }
    if let Some(input) = entry.inputs.get("when-false") {
        if step
            .with_value(input)
            .is_some_and(|v| v.value.trim() == "true")
        {
            return false;
        }
    }
    if let Some(input) = entry.inputs.get("when-true") {
        return step
            .with_value(input)
            .is_some_and(|v| !v.value.trim().is_empty());
    }
    true
}

fn split_list(v: &str) -> impl Iterator<Item = String> + '_ {
    v.split(['\n', ','])
        .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
        .filter(|s| !s.is_empty())
}

fn action_details(
    entry: &super::table::ActionEntry,
    step: &Step,
    job: &Job,
    refs: RefKinds,
    env: &dyn Fn(&Job, &str) -> String,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (role, input) in &entry.inputs {
        let Some(v) = step.with_value(input) else {
            continue;
        };
        let value = env(job, &v.value);
        match role.as_str() {
            "tags" if entry.effect == "publish" => {
                let (images, unreached) = image_refs(&value, job, refs, &|t| env(job, t));
                for image in &images {
                    push_image(&mut out, image);
                }
                out.extend(
                    unreached
                        .into_iter()
                        .map(|t| ("unreached-tag".to_string(), t)),
                );
            }
            // `outputs: type=image,name=ghcr.io/x/y,push=true`: pushed by digest, no tag.
            "outputs" if entry.effect == "publish" => {
                for part in value.split(',') {
                    if let Some(names) = part.trim().strip_prefix("name=") {
                        for image in names.lines().map(str::trim).filter(|s| !s.is_empty()) {
                            push_image(&mut out, image);
                        }
                    }
                }
            }
            "labels" | "to" => {
                let r = if role == "labels" { "label" } else { "to" };
                out.extend(split_list(&value).map(|l| (r.to_string(), l)));
            }
            "base" | "branch" | "name" | "tag" | "draft" | "prerelease" => {
                out.push((role.clone(), value.trim().to_string()))
            }
            _ => {}
        }
    }
    out
}

/// Image references of a `tags:` value; `${{ steps.X.outputs.tags }}` is followed to a
/// metadata-action step (its `images:`, with tag rules) or a script step that builds the list.
/// Second: the metadata-action tags whose rule needs a ref the workflow never runs on, as
/// `tag@ref kind` (`pr-<pr>@pull request`).
fn image_refs(
    value: &str,
    job: &Job,
    refs: RefKinds,
    env: &dyn Fn(&str) -> String,
) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut unreached = Vec::new();
    for item in split_list(value) {
        let compact: String = item.chars().filter(|c| !c.is_whitespace()).collect();
        let from_step = compact
            .strip_prefix("${{steps.")
            .and_then(|r| r.split_once(".outputs."))
            .map(|(id, _)| id.to_string());
        match from_step.and_then(|id| {
            job.steps
                .iter()
                .find(|s| s.id.as_ref().is_some_and(|i| i.value == id))
        }) {
            Some(src)
                if src
                    .uses
                    .as_ref()
                    .is_some_and(|u| u.value.contains("metadata-action")) =>
            {
                let images: Vec<String> = src
                    .with_value("images")
                    .map(|v| split_list(&env(&v.value)).collect())
                    .unwrap_or_default();
                let tags = src.with_value("tags").map_or("", |v| v.value.as_str());
                for t in metadata_tags(tags) {
                    match t.needs.filter(|k| !k.reached(refs)) {
                        Some(k) => unreached.push(format!("{}@{}", t.tag, k.words())),
                        None => out.extend(images.iter().map(|i| format!("{i}:{}", t.tag))),
                    }
                }
            }
            Some(src) => {
                if let Some(run) = &src.run {
                    out.extend(script_image_refs(&run.value));
                }
            }
            None => out.push(item),
        }
    }
    unreached.dedup();
    (out, unreached)
}

/// The kind of ref a metadata-action tag rule fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NeedsRef {
    Branch,
    Tag,
    PullRequest,
    Schedule,
}

impl NeedsRef {
    fn reached(self, refs: RefKinds) -> bool {
        match self {
            NeedsRef::Branch => refs.branch,
            NeedsRef::Tag => refs.tag,
            NeedsRef::PullRequest => refs.pr,
            NeedsRef::Schedule => refs.schedule,
        }
    }

    fn words(self) -> &'static str {
        match self {
            NeedsRef::Branch => "branch",
            NeedsRef::Tag => "tag",
            NeedsRef::PullRequest => "pull request",
            NeedsRef::Schedule => "schedule",
        }
    }
}

/// One metadata-action tag rule as a template, with the ref it needs (None: any).
struct MetaTag {
    tag: String,
    needs: Option<NeedsRef>,
}

/// Tags a docker/metadata-action `tags:` list may produce, as templates (`latest`,
/// `sha-<sha>`, `<branch>`, `pr-<pr>`, `<version>`), each with the ref its rule fires on
/// (`type=ref,event=pr` only on pull requests, `type=semver` only on tags,
/// `enable={{is_default_branch}}` only on a branch). `{{branch}}` in a prefix or value is
/// `<branch>`.
fn metadata_tags(tags: &str) -> Vec<MetaTag> {
    let mut out = Vec::new();
    for line in tags.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let field = |k: &str| {
            line.split(',')
                .filter_map(|p| p.trim().split_once('='))
                .find(|(key, _)| key.trim() == k)
                .map(|(_, v)| v.trim().to_string())
        };
        let enable = field("enable").unwrap_or_default();
        if enable == "false" {
            continue;
        }
        let mut needs = (enable == "{{is_default_branch}}").then_some(NeedsRef::Branch);
        let prefix = field("prefix");
        let suffix = field("suffix").unwrap_or_default();
        // `value=` on a semver or match rule replaces the ref it reads.
        let reads_ref = field("value").is_none();
        let body = match field("type").as_deref() {
            Some("raw") => field("value").unwrap_or_default(),
            Some("sha") => {
                let p = prefix.clone().unwrap_or_else(|| "sha-".into());
                out.push(MetaTag {
                    tag: with_branch(&format!("{p}<sha>{suffix}")),
                    needs: needs.or(p.contains("{{branch}}").then_some(NeedsRef::Branch)),
                });
                continue;
            }
            Some("ref") => {
                let event = field("event").unwrap_or_else(|| "ref".into());
                needs = needs.or(match event.as_str() {
                    "branch" => Some(NeedsRef::Branch),
                    "tag" => Some(NeedsRef::Tag),
                    "pr" => Some(NeedsRef::PullRequest),
                    _ => None,
                });
                // A pull request's tag is `pr-<number>` unless the rule sets a prefix.
                if event == "pr" && prefix.is_none() {
                    out.push(MetaTag {
                        tag: format!("pr-<pr>{suffix}"),
                        needs,
                    });
                    continue;
                }
                format!("<{event}>")
            }
            // The pattern as a template: `{{version}}` (the default) is the version without
            // the tag's `v`; `v{{version}}` keeps one; `{{raw}}` is the tag as pushed.
            Some("semver") | Some("pep440") => {
                if reads_ref {
                    needs = needs.or(Some(NeedsRef::Tag));
                }
                let pattern = field("pattern").unwrap_or_else(|| "{{version}}".into());
                ["version", "major", "minor", "patch", "raw"]
                    .iter()
                    .fold(pattern, |p, part| {
                        p.replace(&format!("{{{{{part}}}}}"), &format!("<{part}>"))
                    })
            }
            Some("match") => {
                if reads_ref {
                    needs = needs.or(Some(NeedsRef::Tag));
                }
                "<match>".to_string()
            }
            Some("schedule") => {
                needs = needs.or(Some(NeedsRef::Schedule));
                "nightly".to_string()
            }
            Some("edge") => {
                needs = needs.or(Some(NeedsRef::Branch));
                "edge".to_string()
            }
            _ => continue,
        };
        let tag = with_branch(&format!("{}{body}{suffix}", prefix.unwrap_or_default()));
        if tag.contains("<branch>") {
            needs = needs.or(Some(NeedsRef::Branch));
        }
        out.push(MetaTag { tag, needs });
    }
    out
}

/// metadata-action's `{{branch}}` expression as the `<branch>` placeholder.
fn with_branch(t: &str) -> String {
    t.replace("{{branch}}", "<branch>")
        .replace("{{ branch }}", "<branch>")
}

/// `NAME:tag` fragments a script writes into a tag list (`${IMAGE}:latest`, `$REPO:main`).
fn script_image_refs(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in script.split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '\'') {
        if let Some((image, tag)) = word.rsplit_once(':') {
            let tag = tag.trim_end_matches([')', ';']);
            let image_ok = image.ends_with('}') || image.contains('/');
            if image_ok && !tag.is_empty() && !tag.contains('/') && !image.starts_with("http") {
                out.push(format!("{image}:{tag}"));
            }
        }
    }
    out
}

fn push_image(out: &mut Vec<(String, String)>, image: &str) {
    let image = image.trim();
    if image.is_empty() {
        return;
    }
    out.push(("image".into(), image.to_string()));
    if let Some(host) = registry_host(image) {
        out.push(("registry".into(), host));
    }
    // The tag: after the last `:` that follows the last `/` (ports come before a `/`).
    let last = image.rsplit('/').next().unwrap_or(image);
    if let Some((_, tag)) = last.rsplit_once(':') {
        if !tag.is_empty() {
            out.push(("tag".into(), tag.to_string()));
        }
    }
}

/// Registry host of an image reference: the first path part when it looks like a host,
/// else Docker Hub. None when the reference starts with an expression we could not resolve.
pub fn registry_host(image: &str) -> Option<String> {
    let first = image.split('/').next().unwrap_or(image);
    if first.holds_template() || first.starts_with('$') {
        return None;
    }
    if !image.contains('/') {
        return Some("docker.io".into());
    }
    let host = first.to_ascii_lowercase();
    if host.contains('.') || host.contains(':') || host == "localhost" {
        Some(host)
    } else {
        Some("docker.io".into())
    }
}

fn command_details(effect: &str, line: &str) -> Vec<(String, String)> {
    let words = shell_words(line);
    let mut out = Vec::new();
    match effect {
        "publish" => {
            // `npm publish --tag next`, `npm dist-tag add pkg@1.2.3 next`.
            let mut it = words.iter().skip_while(|w| *w != "publish");
            while let Some(w) = it.next() {
                if let Some(t) = w.strip_prefix("--tag=") {
                    out.push(("dist-tag".into(), t.to_string()));
                } else if w == "--tag" {
                    if let Some(t) = it.next() {
                        out.push(("dist-tag".into(), t.clone()));
                    }
                }
            }
            if let Some(i) = words
                .windows(2)
                .position(|w| w[0] == "dist-tag" && w[1] == "add")
            {
                let rest: Vec<&String> = words[i + 2..]
                    .iter()
                    .filter(|w| !w.starts_with('-'))
                    .collect();
                if let Some(t) = rest.get(1) {
                    out.push(("dist-tag".into(), t.to_string()));
                }
            }
            if let Some(i) = words.iter().position(|w| w == "push") {
                if words
                    .get(i.wrapping_sub(1))
                    .is_some_and(|w| w == "docker" || w == "podman" || w == "image")
                {
                    if let Some(img) = words[i + 1..].iter().find(|w| !w.starts_with('-')) {
                        push_image(&mut out, img);
                    }
                }
            }
        }
        "release" => {
            // `gh release create v1 --draft --prerelease` (`-d`, `-p`).
            if words.iter().any(|w| w == "--draft" || w == "-d") {
                out.push(("draft".into(), "true".into()));
            }
            if words.iter().any(|w| w == "--prerelease" || w == "-p") {
                out.push(("prerelease".into(), "true".into()));
            }
        }
        "branch" => {
            let flags = ["-b", "-c", "-B", "-C", "branch"];
            if let Some(i) = words.iter().position(|w| flags.contains(&w.as_str())) {
                if let Some(name) = words[i + 1..].iter().find(|w| !w.starts_with('-')) {
                    out.push(("branch".into(), name.clone()));
                }
            }
        }
        "workflow-run" => {
            if let Some(super::EffectKind::TriggersWorkflow {
                target,
                inputs,
                git_ref,
            }) = parse_gh_workflow_run(&words)
            {
                out.push(("workflow".into(), target));
                out.extend(
                    inputs
                        .into_iter()
                        .map(|(k, v)| ("input".into(), format!("{k}={v}"))),
                );
                out.extend(git_ref.map(|r| ("ref".into(), r)));
            }
        }
        "pull-request" | "label" => {
            let mut it = words.iter();
            while let Some(w) = it.next() {
                match w.as_str() {
                    "--label" | "-l" | "--add-label" => {
                        if let Some(v) = it.next() {
                            out.extend(split_list(v).map(|l| ("label".to_string(), l)));
                        }
                    }
                    "--base" | "-B" => {
                        if let Some(v) = it.next() {
                            out.push(("base".into(), v.clone()));
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// Repository scripts a shell line runs: `./x.sh`, `bash scripts/x`, `python tools/x.py`,
/// `make target`, `npm run target`.
pub fn script_calls(line: &str) -> Vec<String> {
    let words = super::shell_word_slices(line);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        let scripty = [
            ".sh", ".py", ".js", ".mjs", ".ts", ".rb", ".ps1", ".pl", ".bash",
        ]
        .iter()
        .any(|ext| w.ends_with(ext))
            && !w.contains("://");
        if scripty || w.starts_with("./") {
            out.push(w.to_string());
        }
        let prev = if i > 0 { words[i - 1].as_ref() } else { "" };
        // A command that is a repository path: `scripts/publish`, `tools/release`.
        let starts_command = i == 0
            || matches!(
                prev,
                "&&" | "||" | ";" | "|" | "then" | "do" | "sudo" | "bash" | "sh" | "exec"
            );
        if starts_command
            && w.contains('/')
            && !w.starts_with('/')
            && !w.starts_with('$')
            && !w.starts_with('-')
            && !w.contains("://")
            && !scripty
            && !w.starts_with("./")
        {
            out.push(w.to_string());
        }
        let runner = matches!(
            prev,
            "make" | "just" | "task" | "run" | "rake" | "invoke" | "nox" | "-s"
        );
        if runner && !w.starts_with('-') && !scripty {
            out.push(w.to_string());
        }
    }
    out
}

/// `${{ env.X }}` replaced by the job's or workflow's literal value of X.
/// `text.contains("env.")`, from the dots (asked of every script line; `str::contains` set up
/// a two-way searcher each time).
fn holds_env_dot(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| i >= 3 && b.get(i - 3..i) == Some(b"env".as_slice()))
}

fn resolve_env<'t>(
    text: &'t str,
    wf_env: &[(
        crate::workflow::Spanned<String>,
        crate::workflow::Spanned<String>,
    )],
    job_env: &[(
        crate::workflow::Spanned<String>,
        crate::workflow::Spanned<String>,
    )],
) -> std::borrow::Cow<'t, str> {
    if !holds_env_dot(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for (k, v) in job_env.iter().chain(wf_env) {
        for form in [
            format!("${{{{ env.{} }}}}", k.value),
            format!("${{{{env.{}}}}}", k.value),
        ] {
            if out.contains(&form) {
                out = out.replace(&form, &v.value);
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Can the job request an OIDC token (`id-token: write` on the job, else on the workflow)?
/// Trusted publishing to PyPI and npm needs it.
fn may_use_oidc(job: &Job, wf: &Workflow) -> bool {
    let Some(p) = job.permissions.as_ref().or(wf.permissions.as_ref()) else {
        return false;
    };
    if p.as_str() == Some("write-all") {
        return true;
    }
    p.get("id-token").and_then(|v| v.as_str()) == Some("write")
}

/// How a publish action authenticates: `token` when its token input (the table's `token`
/// role) is set, `trusted` (OIDC trusted publishing) when it is not and the job may request
/// an OIDC token; None when the action has no such input or neither is visible.
fn action_auth(
    entry: &super::table::ActionEntry,
    step: &Step,
    id_token: bool,
) -> Option<&'static str> {
    let input = entry.inputs.get("token")?;
    if step
        .with_value(input)
        .is_some_and(|v| !v.value.trim().is_empty())
    {
        Some("token")
    } else if id_token {
        Some("trusted")
    } else {
        None
    }
}

/// Environment variables and flags that hand a publish command a registry token.
const PUBLISH_TOKEN_VARS: &[&str] = &[
    "NODE_AUTH_TOKEN",
    "NPM_TOKEN",
    "NPM_AUTH_TOKEN",
    "TWINE_PASSWORD",
    "TWINE_API_KEY",
    "UV_PUBLISH_TOKEN",
    "UV_PUBLISH_PASSWORD",
    "POETRY_PYPI_TOKEN_PYPI",
    "FLIT_PASSWORD",
    "HATCH_INDEX_AUTH",
];

/// A publish command's line, resolved, and its index among the script's joined lines.
#[derive(Clone, Copy)]
struct PublishLine<'a> {
    line: &'a str,
    at: usize,
}

/// Token variables npm does not read by itself: a script (or a repository `.npmrc`) has to
/// write them into npm's config, so where the script does that decides when the token is used.
const WIRED_TOKEN_VARS: &[&str] = &["NPM_TOKEN", "NPM_AUTH_TOKEN"];

/// How an npm/PyPI publish command authenticates, as `auth` details: `token` when the step,
/// job or workflow sets a registry token variable or the line passes one, `trusted` when none
/// is visible and the job may request an OIDC token; nothing otherwise (a token may come from
/// a file we cannot see). A script that tries the publish with only `id-token: write` and
/// writes its token into npm's config only after that line publishes by trusted publishing
/// first, with the token as a fallback (`auth` both, `fallback: token`) — unless the job's
/// npm is too old for OIDC, when only the token can publish (`no-oidc` says why).
fn command_auth(
    step: &Step,
    job: &Job,
    wf: &Workflow,
    publish: PublishLine<'_>,
    id_token: bool,
) -> Vec<(String, String)> {
    let detail = |k: &str, v: &str| (k.to_string(), v.to_string());
    let env_vars: Vec<&str> = step
        .env
        .iter()
        .chain(&job.env)
        .chain(&wf.env)
        .map(|(k, _)| k.value.as_str())
        .filter(|k| PUBLISH_TOKEN_VARS.contains(k))
        .collect();
    let line = publish.line;
    let flag = ["--token", "--password", "__token__", "_authToken"]
        .iter()
        .any(|f| line.contains(f));
    let on_line = PUBLISH_TOKEN_VARS.iter().any(|v| line.contains(v));
    if env_vars.is_empty() && !flag && !on_line {
        return if id_token {
            vec![detail("auth", "trusted")]
        } else {
            Vec::new()
        };
    }
    let fallback = id_token
        && !flag
        && !on_line
        && env_vars.iter().all(|v| WIRED_TOKEN_VARS.contains(v))
        && wired_after(step, publish.at, &env_vars);
    if !fallback {
        return vec![detail("auth", "token")];
    }
    match npm_without_oidc(job, step) {
        Some(why) => vec![detail("auth", "token"), detail("no-oidc", &why)],
        None => vec![
            detail("auth", "trusted"),
            detail("auth", "token"),
            detail("fallback", "token"),
        ],
    }
}

/// Does the step's script first mention one of its token variables (or write an
/// `_authToken`) on a line after the publish line `at`? No mention at all is not "after":
/// a repository `.npmrc` may read the variable from the start.
fn wired_after(step: &Step, at: usize, vars: &[&str]) -> bool {
    let Some(run) = &step.run else {
        return false;
    };
    joined_lines(&run.value, true)
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .find(|(_, l)| l.contains("_authToken") || vars.iter().any(|v| l.contains(v)))
        .is_some_and(|(i, _)| i > at)
}

/// Why the job's npm cannot publish by OIDC (npm 11.5.1 or later), when the files say so:
/// the last `actions/setup-node` before `step` sets a literal Node major of 22 or lower,
/// whose bundled npm is 10.x, and no run line before `step` installs another npm.
fn npm_without_oidc(job: &Job, step: &Step) -> Option<String> {
    let upto = job.steps.iter().position(|s| s.span == step.span)?;
    // Any sign of another npm up to and including the step: `npm@…`, `npm i -g npm`.
    let upgrades = job
        .steps
        .get(..=upto)?
        .iter()
        .filter_map(|s| s.run.as_ref())
        .any(|r| {
            r.value.lines().any(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                l.contains("npm@")
                    || w.windows(2)
                        .position(|p| {
                            p[0] == "npm" && matches!(p[1], "install" | "i" | "add" | "update")
                        })
                        .is_some_and(|i| w.iter().skip(i + 2).any(|x| *x == "npm"))
            })
        });
    if upgrades {
        return None;
    }
    let version = job.steps_before(step).find_map(|s| {
        let uses = s.uses.as_ref()?;
        (uses.value.split('@').next() == Some("actions/setup-node"))
            .then(|| s.with_value("node-version"))
    })??;
    let v = version.value.trim().trim_matches(|c| c == '"' || c == '\'');
    let v = v.strip_prefix('v').unwrap_or(v);
    let major: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &v[major.len()..];
    if !(rest.is_empty() || rest.starts_with('.')) {
        return None;
    }
    let n: u32 = major.parse().ok()?;
    (n <= 22).then(|| format!("Node {n}"))
}

/// The token `actions/checkout` persists for the job's later git commands (`with: token:`).
fn checkout_token(job: &Job) -> Token {
    job.steps
        .iter()
        .filter(|s| {
            s.uses.as_ref().is_some_and(|u| {
                u.value
                    .split('@')
                    .next()
                    .is_some_and(|n| n == "actions/checkout")
            })
        })
        .find_map(|s| s.with_value("token").map(|t| classify_token(&t.value)))
        .unwrap_or(Token::Default)
}

/// The token a step uses: env `GH_TOKEN`/`GITHUB_TOKEN` or `with.token`/`github_token`,
/// else the one checkout persisted.
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

/// Does a step compute the next release version (its `id:`, or a phrase of the table in its
/// `name:`/`id:`)? Printing a tool's version is not one.
fn is_version_step(table: &Table, step: &Step) -> bool {
    if step.run.is_none() {
        return false;
    }
    if step
        .id
        .as_ref()
        .is_some_and(|i| table.version_ids.contains(&i.value))
    {
        return true;
    }
    let name = step.name.as_ref().map_or("", |n| n.value.as_str());
    let id = step.id.as_ref().map_or("", |n| n.value.as_str());
    let mut text = String::with_capacity(name.len() + 1 + id.len());
    text.push_str(name);
    text.push(' ');
    text.push_str(id);
    table.names_version_phrase(&text)
}

fn step_span(step: &Step) -> Span {
    step.name
        .as_ref()
        .or(step.id.as_ref())
        .map_or(step.span, |n| n.span)
}

/// Effects of commented-out steps (`# - run: cargo publish`, `#   uses: x/y@v1`): each comment
/// line inside `jobs:` whose uncommented text is an action or a command of the table.
fn disabled_effects(wf: &Workflow, table: &Table) -> Vec<StepEffect> {
    let mut out = Vec::new();
    for (i, t) in job_comment_lines(&wf.file.text) {
        let body = t.trim_start_matches('#').trim();
        let body = body.strip_prefix("- ").unwrap_or(body).trim();
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let span = wf.file.line_span(line_no);
        let job = job_at(wf, line_no);
        let mut push = |family: &str, target: Option<String>, details, via: String| {
            out.push(StepEffect {
                family: family.to_string(),
                target,
                details,
                job: job.clone(),
                span,
                when: RunCondition::default(),
                disabled: true,
                via,
                token: Token::Default,
                line: None,
            })
        };
        if let Some(uses) = body.strip_prefix("uses:") {
            let name = uses.trim().split('@').next().unwrap_or("").trim();
            for e in table.actions_of(name).filter(|e| e.effect != "none") {
                push(&e.effect, e.target.clone(), Vec::new(), name.to_string());
            }
            continue;
        }
        let body = body.strip_prefix("run:").unwrap_or(body).trim();
        // A comment that quotes a command in backticks ("The final command becomes `docker …`")
        // explains the live step below it; it is no step that was switched off.
        if body.contains('`') {
            continue;
        }
        // The command set says which patterns match (in table order), in one search.
        for c in table
            .matching_commands(body)
            .into_iter()
            .filter_map(|i| table.commands.get(i))
        {
            // An `after` entry needs the job's earlier lines, which a comment does not show.
            if c.unless.as_ref().is_none_or(|u| !u.is_match(body))
                && c.when.as_ref().is_none_or(|w| w.is_match(body))
                && c.after.is_none()
            {
                push(
                    &c.effect,
                    c.target.clone(),
                    command_details(&c.effect, body),
                    body.to_string(),
                );
            }
        }
    }
    out
}

/// The comment lines after the first line that starts with `jobs:`, as (index as
/// `str::lines` counts them, the line from its `#` on): the lines whose text starts with `#`
/// after leading whitespace. Found from the `#`s (`memchr`): walking, trimming and testing
/// every line of every workflow cost ~40M instructions on the real-world corpus, and most
/// lines hold no `#`.
fn job_comment_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let jobs = if text.starts_with("jobs:") {
        Some(0)
    } else {
        memchr::memmem::find(b, b"\njobs:").map(|at| at + 1)
    };
    // The line after the `jobs:` line: its start and index.
    let mut next = jobs.and_then(|at| {
        let index = memchr::memchr_iter(b'\n', &b[..at]).count();
        memchr::memchr(b'\n', &b[at..]).map(|end| (at + end + 1, index + 1))
    });
    std::iter::from_fn(move || loop {
        let (start, index) = next?;
        let hash = start + memchr::memchr(b'#', b.get(start..)?)?;
        // The line holding the `#`: its index and start.
        let skipped = &b[start..hash];
        let index = index + memchr::memchr_iter(b'\n', skipped).count();
        let line_start = memchr::memrchr(b'\n', skipped).map_or(start, |nl| start + nl + 1);
        let line_end = memchr::memchr(b'\n', &b[hash..]).map(|nl| hash + nl);
        next = line_end.map(|end| (end + 1, index + 1));
        let lead = text.get(line_start..hash)?;
        if !lead.chars().all(char::is_whitespace) {
            continue;
        }
        // As `str::lines`: a `\r` right before the newline is not part of the line.
        let line = match line_end {
            Some(end) => {
                let line = text.get(hash..end)?;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => text.get(hash..)?,
        };
        return Some((index, line));
    })
}

/// The job whose text holds a line (by position: the last job starting at or before it).
fn job_at(wf: &Workflow, line: u32) -> String {
    wf.jobs
        .iter()
        .rfind(|j| j.id.span.start.line <= line)
        .map(|j| j.id.value.clone())
        .unwrap_or_default()
}

/// The words that fit in `max` characters, with `…` when some were left out (a cut never
/// falls inside a word; a first word longer than `max` is cut by characters).
fn first_words(words: &[&str], max: usize) -> String {
    let mut out = String::new();
    for w in words {
        let len = out.chars().count() + usize::from(!out.is_empty()) + w.chars().count();
        if len > max {
            if out.is_empty() {
                out = w.chars().take(max).collect();
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::source::SourceFile;

    #[test]
    fn env_dot_check_is_contains() {
        for text in [
            "echo ${{ env.X }}",
            "env.",
            ".env.",
            "en.v. env",
            "ENV.x",
            "my_env.sh",
            "énv.",
            "",
            "...",
            "nv.",
        ] {
            assert_eq!(holds_env_dot(text), text.contains("env."), "{text}");
        }
    }

    fn effects(yaml: &str) -> WorkflowEffects {
        let wf = Workflow::load(SourceFile::from_text("w.yml", yaml)).unwrap();
        workflow_effects(&wf)
    }

    #[test]
    fn docker_push_with_tags_names_registry_and_tags() {
        let e = effects(
            "on: push\nenv:\n  REG: ghcr.io\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: |\n            ${{ env.REG }}/acme/app:latest\n            ${{ env.REG }}/acme/app:${{ github.sha }}\n",
        );
        let p: Vec<&StepEffect> = e.live("publish").collect();
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].detail_values("registry").collect::<Vec<_>>(),
            ["ghcr.io", "ghcr.io"]
        );
        assert!(p[0].detail_values("tag").any(|t| t == "latest"));
    }

    #[test]
    fn pushes_to_a_registry_on_the_runner_publish_nothing() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: |\n          docker push localhost:5000/test/alpine:3.18\n          docker push 127.0.0.1:5000/x:1\n          docker buildx build -t localhost:5000/app:ci --push .\n",
        );
        assert_eq!(e.live("publish").count(), 0);
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: docker push ghcr.io/acme/app:1\n",
        );
        assert_eq!(e.live("publish").count(), 1);
    }

    #[test]
    fn metadata_action_tags_are_followed() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - id: meta\n        uses: docker/metadata-action@v5\n        with:\n          images: acme/app\n          tags: |\n            type=raw,value=latest\n            type=sha,prefix=build-\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ${{ steps.meta.outputs.tags }}\n",
        );
        let p = e.live("publish").next().unwrap();
        let tags: Vec<&str> = p.detail_values("tag").collect();
        assert_eq!(tags, ["latest", "build-<sha>"]);
        assert_eq!(p.detail_values("registry").next(), Some("docker.io"));
    }

    #[test]
    fn metadata_rules_for_refs_the_workflow_never_sees_make_no_tag() {
        let e = effects(
            "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    runs-on: x\n    steps:\n      - id: meta\n        uses: docker/metadata-action@v5\n        with:\n          images: acme/app\n          tags: |\n            type=ref,event=branch\n            type=ref,event=pr\n            type=semver,pattern={{version}}\n            type=sha,prefix={{branch}}-\n            type=raw,value=latest,enable={{is_default_branch}}\n            type=raw,value=stable\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ${{ steps.meta.outputs.tags }}\n",
        );
        let p = e.live("publish").next().unwrap();
        let tags: Vec<&str> = p.detail_values("tag").collect();
        assert_eq!(tags, ["<version>", "stable"]);
        let unreached: Vec<&str> = p.detail_values("unreached-tag").collect();
        assert_eq!(
            unreached,
            [
                "<branch>@branch",
                "pr-<pr>@pull request",
                "<branch>-<sha>@branch",
                "latest@branch"
            ]
        );
    }

    #[test]
    fn pull_request_labels_and_notify_timing() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: peter-evans/create-pull-request@v7\n        with:\n          base: pages\n          labels: robot, docs\n      - if: failure()\n        uses: slackapi/slack-github-action@v2\n",
        );
        let pr = e.live("pull-request").next().unwrap();
        assert_eq!(
            pr.detail_values("label").collect::<Vec<_>>(),
            ["robot", "docs"]
        );
        assert_eq!(pr.detail_values("base").collect::<Vec<_>>(), ["pages"]);
        let n = e.live("notify").next().unwrap();
        assert_eq!(n.target.as_deref(), Some("Slack"));
        assert_eq!(n.when.status(), "failure");
    }

    #[test]
    fn notify_timing_from_a_computed_output_is_unknown() {
        let cond = |step_if: &str| RunCondition {
            step_if: Some(step_if.to_string()),
            ..RunCondition::default()
        };
        assert_eq!(
            cond("steps.decide.outputs.alert == 'true'").status(),
            "unknown"
        );
        assert_eq!(cond("needs.gate.outputs.red == 'true'").status(), "unknown");
        assert_eq!(
            cond("success() && steps.decide.outputs.alert == 'true'").status(),
            "unknown"
        );
        assert_eq!(
            cond("failure() && steps.decide.outputs.alert").status(),
            "failure"
        );
        assert_eq!(cond("github.event_name == 'schedule'").status(), "success");
        assert_eq!(
            cond("steps.decide.outcome == 'success'").status(),
            "success"
        );
    }

    #[test]
    fn commented_out_steps_are_disabled_effects() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      # - name: publish\n      #   run: cargo publish\n      - run: git checkout -b release-x\n",
        );
        let publish: Vec<&StepEffect> =
            e.effects.iter().filter(|x| x.family == "publish").collect();
        assert_eq!(publish.len(), 1);
        assert!(publish[0].disabled);
        assert_eq!(publish[0].job, "b");
        assert_eq!(e.live("publish").count(), 0);
        let b = e.live("branch").next().unwrap();
        assert_eq!(b.detail_values("branch").collect::<Vec<_>>(), ["release-x"]);
    }

    #[test]
    fn comments_quoting_a_command_are_no_disabled_steps() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      # The last step runs `cargo publish --locked` for us\n      - run: cargo publish --locked\n",
        );
        let publish: Vec<&StepEffect> =
            e.effects.iter().filter(|x| x.family == "publish").collect();
        assert_eq!(publish.len(), 1, "{publish:?}");
        assert!(!publish[0].disabled);
    }

    #[test]
    fn scripts_and_unknown_actions_are_opaque_by_name() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: ./scripts/notify_team.sh\n      - uses: someone/publish-thing@v1\n      - uses: someone/setup-thing@v1\n  c:\n    uses: org/repo/.github/workflows/x.yml@main\n",
        );
        assert!(e
            .opaque_for("notify")
            .any(|o| o.what.contains("notify_team")));
        assert!(e
            .opaque_for("publish")
            .any(|o| o.what == "someone/publish-thing"));
        assert!(!e.opaque.iter().any(|o| o.what == "someone/setup-thing"));
        // A reusable workflow from another repository may do anything.
        assert!(e.opaque_for("issue").any(|o| o.job == "c"));
    }

    #[test]
    fn push_by_digest_names_the_image_and_reading_a_branch_is_no_effect() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          outputs: type=image,name=ghcr.io/acme/app,push=true\n      - run: b=\"$(git branch --show-current)\"\n",
        );
        let p = e.live("publish").next().unwrap();
        assert_eq!(p.detail_values("registry").collect::<Vec<_>>(), ["ghcr.io"]);
        assert_eq!(e.live("branch").count(), 0);
    }

    #[test]
    fn release_tools_in_a_mode_that_does_not_publish() {
        let e = effects(
            "on: push\njobs:\n  pr:\n    runs-on: x\n    steps:\n      - uses: release-plz/action@v0.5\n        with:\n          command: release-pr\n  rel:\n    runs-on: x\n    steps:\n      - uses: release-plz/action@v0.5\n        with:\n          command: release\n",
        );
        let jobs: Vec<&str> = e.live("publish").map(|x| x.job.as_str()).collect();
        assert_eq!(jobs, ["rel"]);
    }

    #[test]
    fn a_tag_push_names_a_tag_or_follows_a_git_tag() {
        let e = effects(
            "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git commit -am \"bump to $NEW_TAG\" && git push\n  b:\n    runs-on: x\n    steps:\n      - run: git push origin \"$RELEASE_TAG\"\n  c:\n    runs-on: x\n    steps:\n      - run: git tag v1\n      - run: git push origin v1\n",
        );
        let jobs: Vec<&str> = e.live("tag-push").map(|x| x.job.as_str()).collect();
        assert_eq!(jobs, ["b", "c"]);
    }

    #[test]
    fn a_token_wired_after_the_first_publish_is_a_fallback() {
        // One job per case: OIDC first then the token (Node 24), the same on Node 18 (npm 10
        // cannot publish by OIDC), the token written before publishing, no id-token at all.
        let job = |id: &str, node: &str, oidc: bool, script: &str| {
            format!(
                "  {id}:\n    runs-on: x\n    permissions:\n      id-token: {}\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: {node}\n      - run: |\n{}        env:\n          NPM_TOKEN: ${{{{ secrets.T }}}}\n",
                if oidc { "write" } else { "none" },
                script.lines().map(|l| format!("          {l}\n")).collect::<String>()
            )
        };
        let late = "npm publish || {\n  echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > ~/.npmrc\n  npm publish\n}";
        let early = "echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > ~/.npmrc\nnpm publish";
        let wf = format!(
            "on: push\njobs:\n{}{}{}{}",
            job("first", "24", true, late),
            job("old", "'18'", true, late),
            job("early", "24", true, early),
            job("plain", "24", false, late),
        );
        let e = effects(&wf);
        let auth: Vec<(&str, Vec<&str>, Vec<&str>)> = e
            .live("publish")
            .map(|x| {
                (
                    x.job.as_str(),
                    x.detail_values("auth").collect(),
                    x.detail_values("no-oidc").collect(),
                )
            })
            .collect();
        assert_eq!(
            auth,
            [
                ("first", vec!["trusted", "token"], vec![]),
                ("first", vec!["token"], vec![]),
                ("old", vec!["token"], vec!["Node 18"]),
                ("old", vec!["token"], vec![]),
                ("early", vec!["token"], vec![]),
                ("plain", vec!["token"], vec![]),
                ("plain", vec!["token"], vec![]),
            ]
        );
    }

    #[test]
    fn publishing_keeps_dist_tag_auth_and_release_kind() {
        let e = effects(
            "on: push\npermissions:\n  id-token: write\njobs:\n  npm:\n    runs-on: x\n    steps:\n      - run: npm publish --tag next\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM }}\n  pypi:\n    runs-on: x\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n      - run: gh release create v1 --draft\n  pypi-token:\n    runs-on: x\n    permissions:\n      contents: read\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          password: ${{ secrets.PYPI }}\n",
        );
        let p: Vec<(&str, Vec<&str>, Vec<&str>)> = e
            .live("publish")
            .map(|x| {
                (
                    x.job.as_str(),
                    x.detail_values("dist-tag").collect(),
                    x.detail_values("auth").collect(),
                )
            })
            .collect();
        assert_eq!(
            p,
            [
                ("npm", vec!["next"], vec!["token"]),
                ("pypi", vec![], vec!["trusted"]),
                ("pypi-token", vec![], vec!["token"]),
            ]
        );
        let r = e.live("release").next().unwrap();
        assert_eq!(
            r.feature_text().as_deref(),
            Some("GitHub release creation (draft)")
        );
    }

    #[test]
    fn continued_commands_are_shown_on_one_line() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: |\n          cargo build \\\n            --release\n",
        );
        let b = e.live("build").next().unwrap();
        let text = b.feature_text().unwrap_or_default();
        assert!(text.contains("`cargo build --release`"), "{text}");
    }

    #[test]
    fn tests_and_builds_are_effects() {
        let e = effects(
            "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: |\n          uv build\n          uv run pytest -q\n",
        );
        assert_eq!(e.live("build").count(), 1);
        assert_eq!(e.live("test").count(), 1);
    }

    /// A printed or rehearsed publish is none; a tool run through another program is
    /// indirect; each command keeps its script line as written (continuations included).
    #[test]
    fn publishing_commands_keep_their_written_line() {
        let e = effects(
            "on: push\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: |\n          echo npm publish\n          npm publish --dry-run\n          cargo publish -n\n          make -C npm publish\n          cargo `\n            publish\n",
        );
        let pubs: Vec<&StepEffect> = e.live("publish").collect();
        assert_eq!(pubs.len(), 2, "{pubs:#?}");
        assert!(pubs[0].detail_values("indirect").any(|v| v == "true"));
        assert_eq!(pubs[0].target.as_deref(), Some("npm"));
        let at = |x: &StepEffect| {
            x.line
                .as_ref()
                .map(|l| (l.span.start.line, l.span.end.line))
        };
        assert_eq!(at(pubs[0]), Some((10, 10)));
        assert_eq!(pubs[1].target.as_deref(), Some("crates.io"));
        assert_eq!(pubs[1].detail_values("indirect").count(), 0);
        assert_eq!(at(pubs[1]), Some((11, 12)));
        assert_eq!(
            pubs[1].line.as_ref().map(|l| l.text.as_str()),
            Some("cargo publish")
        );
    }

    /// What `job_comment_lines` stands for: every line after the first `jobs:` line,
    /// trimmed at its start, that starts with `#`.
    fn comment_lines_by_walk(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut in_jobs = false;
        for (i, raw) in text.lines().enumerate() {
            if raw.starts_with("jobs:") {
                in_jobs = true;
                continue;
            }
            let t = raw.trim_start();
            if in_jobs && t.starts_with('#') {
                out.push((i, t));
            }
        }
        out
    }

    #[test]
    fn job_comment_lines_are_those_a_walk_of_every_line_finds() {
        let texts = [
            "",
            "#",
            "jobs:",
            "jobs:\n#",
            "jobs:\n  # a\n",
            "on: push # x\n# top\njobs:\n  b: # not\n    # - run: cargo publish\r\n\t#  uses: a/b@v1\r",
            "name: x\njobs: {}\n\u{a0}# nbsp\n  x # y # z\n# last",
            "jobs:\r\n# one\r\n\r\n  ## two\njobs:\n# three\n",
            "a\n jobs:\n# before\njobs:\n# after\n#\n",
            "jobs:#\n é # no\n \u{2003}#em space\n\r# cr\n",
            "jobs:\n\n\n#",
        ];
        for text in texts {
            assert_eq!(
                job_comment_lines(text).collect::<Vec<_>>(),
                comment_lines_by_walk(text),
                "{text:?}"
            );
        }
        // And every workflow of the vendored sample and the corpus, where there.
        let mut dirs = vec![crate::test_corpus::sample_dir()];
        dirs.extend(crate::test_corpus::corpus_dir());
        let mut compared = 0;
        for dir in dirs {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let path = entry.path();
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yml" | "yaml")
                ) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                assert_eq!(
                    job_comment_lines(&text).collect::<Vec<_>>(),
                    comment_lines_by_walk(&text),
                    "{}",
                    path.display()
                );
                compared += 1;
            }
        }
        assert!(compared > 0);
    }

    /// Effect counts per family over the real-world corpus, and a sample to check by hand
    /// (docs/accuracy.md, section "Effects"): `cargo test --lib effects_over_corpus --
    /// --ignored --nocapture`.
    #[test]
    #[ignore]
    fn effects_over_corpus() {
        let Some(corpus) = crate::test_corpus::corpus_dir() else {
            return;
        };
        let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(corpus.join("realworld"))
            .into_iter()
            .flatten()
            .map(|e| e.into_path())
            .filter(|p| {
                let s = p.to_string_lossy();
                s.contains(".github/workflows/") && (s.ends_with(".yml") || s.ends_with(".yaml"))
            })
            .collect();
        files.sort();
        let mut counts: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        let (mut opaque, mut workflows) = (0, 0);
        let mut sample = Vec::new();
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let shown = path
                .strip_prefix(&corpus)
                .unwrap_or(path)
                .display()
                .to_string();
            let Ok(wf) = Workflow::load(SourceFile::from_text(&shown, &text)) else {
                continue;
            };
            workflows += 1;
            let e = workflow_effects(&wf);
            opaque += e.opaque.len();
            for x in &e.effects {
                let c = counts.entry(x.family.clone()).or_default();
                if x.disabled {
                    c.1 += 1
                } else {
                    c.0 += 1
                }
                // Every 97th effect: a spread sample for hand-checking.
                if (c.0 + c.1) % 97 == 1 && sample.len() < 12 {
                    sample.push(format!(
                        "{shown}:{} {} {:?} {:?} via {}",
                        x.span.start.line,
                        x.family,
                        x.target,
                        x.details,
                        x.via.chars().take(60).collect::<String>()
                    ));
                }
            }
        }
        println!("{workflows} workflows, {opaque} opaque steps");
        for (f, (live, disabled)) in &counts {
            println!("| {f} | {live} | {disabled} |");
        }
        for s in sample {
            println!("{s}");
        }
        assert!(workflows > 0);
    }

    #[test]
    fn registry_hosts() {
        assert_eq!(registry_host("ghcr.io/a/b:1").as_deref(), Some("ghcr.io"));
        assert_eq!(registry_host("a/b:1").as_deref(), Some("docker.io"));
        assert_eq!(registry_host("nginx").as_deref(), Some("docker.io"));
        assert_eq!(registry_host("${{ env.X }}/a").as_deref(), None);
        assert_eq!(
            registry_host("123.dkr.ecr.us-east-1.amazonaws.com/a").as_deref(),
            Some("123.dkr.ecr.us-east-1.amazonaws.com")
        );
    }

    #[test]
    fn commands_are_cut_between_words() {
        let words = [
            "docker",
            "buildx",
            "imagetools",
            "create",
            "\"${annotations[@]}\"",
            "\"${tags[@]}\"",
        ];
        assert_eq!(
            super::first_words(&words, 60),
            "docker buildx imagetools create \"${annotations[@]}\"…"
        );
        assert_eq!(super::first_words(&["cargo", "build"], 60), "cargo build");
        assert_eq!(super::first_words(&["abcdef"], 3), "abc…");
    }
}
