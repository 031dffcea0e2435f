//! `doc-effect-mismatch`: a doc says what a workflow does (publishes to a registry, creates an
//! issue, notifies a channel, uploads artifacts, runs the tests, labels its PR, tags images,
//! needs a secret, sets up a runtime version, passes a flag, has a job) and the workflows do
//! something else, or nothing like it.
//!
//! Verdicts: the effect exists where the claim puts it → holds; a step we cannot see into (a
//! repository script, an action the effects table does not know whose name hints at it, a
//! reusable workflow from another repository) could do it → unknown; it exists only in another
//! workflow (which may be chained) → unknown; nothing does it → violated, naming what happens
//! instead (a commented-out step, another label, other tags, another timing).

mod assets;
mod environments;
mod images;
mod inputs;
mod job_work;
mod matrix_cover;
mod package_names;
mod permissions;
mod prose_context;
mod sarif;
mod test_scope;
mod tools;
mod settings;

use crate::source::HoldsTemplate as _;
use super::claims::{ClaimCheck, Outcome};
use super::{Ctx, Rule};
use crate::docs::effect_claims::{self, Claimed, EffectClaim};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::effects::model::{
    script_calls, StepEffect, WorkflowEffects,
};
use crate::workflow::Workflow;

pub struct DocEffectMismatch;

const ID: &str = DocEffectMismatch::ID;

/// Effects of every workflow, same order as `repo.workflows`.
struct Model<'a> {
    repo: &'a Repo,
    effects: Vec<&'a WorkflowEffects>,
    /// [`mentioned_workflows`] of the texts asked so far: the claims of a doc share their
    /// headings and list intros, which are asked about again for every claim under them.
    mentioned: std::cell::RefCell<crate::fast_hash::FastMap<String, Vec<usize>>>,
}

impl<'a> Model<'a> {
    fn new(repo: &'a Repo) -> Self {
        Model {
            repo,
            effects: repo.workflows.iter().map(|w| &w.effects).collect(),
            mentioned: Default::default(),
        }
    }

    /// The workflows `text` names ([`mentioned_workflows`]), remembered per text.
    fn mentioned(&self, text: &str) -> Vec<usize> {
        if let Some(found) = self.mentioned.borrow().get(text) {
            return found.clone();
        }
        let found = mentioned_workflows(self.repo, text);
        self.mentioned
            .borrow_mut()
            .insert(text.to_string(), found.clone());
        found
    }

    fn all(&self) -> Vec<usize> {
        (0..self.repo.workflows.len()).collect()
    }

    /// The workflow and the local reusable workflows it calls (two levels deep).
    fn scope(&self, w: usize) -> Vec<usize> {
        let mut out = vec![w];
        let mut i = 0;
        while i < out.len() && out.len() < 8 {
            for call in &self.effects[out[i]].calls {
                let rel = call.trim_start_matches("./");
                let rel = rel.split('@').next().unwrap_or(rel);
                if let Some(j) = self.repo.workflows.iter().position(|x| x.file.rel == rel) {
                    if !out.contains(&j) {
                        out.push(j);
                    }
                }
            }
            i += 1;
        }
        out
    }

    fn wf(&self, i: usize) -> &'a Workflow {
        &self.repo.workflows[i]
    }
}

/// The one workflow the claim's context names, nearest context first; None when the nearest
/// naming context names several or none does.
fn tied_workflow(m: &Model, claim: &EffectClaim) -> Option<usize> {
    for text in &claim.context {
        let found = m.mentioned(text);
        match found.len() {
            0 => continue,
            1 => return found.first().copied(),
            _ => return None,
        }
    }
    None
}

fn mentioned_workflows(repo: &Repo, text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    for (i, wf) in repo.workflows.iter().enumerate() {
        let file = wf.file.file_name().to_ascii_lowercase();
        let by_file = names_file(&lower, &file);
        let by_name = wf
            .name
            .as_ref()
            .is_some_and(|n| names_workflow(text, &lower, n.value.trim()));
        if by_file || by_name {
            out.push(i);
        }
    }
    out
}

/// Does `text` (`lower` is its lowercase) name the workflow called `name`? A name of several
/// words is distinctive as written; a one-word name ("Release", "Publish", "Deploy") is also a
/// common word, so it names the workflow only when marked as a name: quoted, in backticks or
/// bold, followed by "workflow"/"pipeline", alone as a heading or label, or capitalised
/// inside a sentence.
fn names_workflow(text: &str, lower: &str, name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if n.chars().filter(|c| c.is_alphanumeric()).count() < 4 || !contains_word(lower, &n) {
        return false;
    }
    if name.split_whitespace().nth(1).is_some() {
        return true;
    }
    let bare = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(" workflow");
    if bare.eq_ignore_ascii_case(name) {
        return true;
    }
    lower.match_indices(&n).any(|(at, _)| {
        let end = at + n.len();
        if !text.is_char_boundary(at) || !text.is_char_boundary(end) {
            return false;
        }
        let before = lower[..at].chars().next_back();
        let after = lower[end..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
        {
            return false;
        }
        let marked = |c: Option<char>| c.is_some_and(|c| "`\"'*_“”‘’".contains(c));
        if marked(before) && marked(after) {
            return true;
        }
        let rest = lower[end..].trim_start_matches(['`', '"', '\'', '*', '”', '’', ' ']);
        if ["workflow", "pipeline", "action"]
            .iter()
            .any(|w| rest.starts_with(w))
        {
            return true;
        }
        // Capitalised as written after a lowercase word ("run Release from the Actions
        // tab"): not a sentence's first word, nor part of a Title Case phrase ("GitHub
        // Release", "How to Deploy").
        let prev = text[..at].split_whitespace().next_back().unwrap_or("");
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .collect();
        let capitalised = words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        let title_case = capitalised * 2 > words.len();
        !title_case
            && text[at..end] == *name
            && name.chars().next().is_some_and(char::is_uppercase)
            && prev.chars().next().is_some_and(char::is_lowercase)
            && prev.chars().all(char::is_alphanumeric)
    })
}

/// Words of a workflow's file name that tell it apart (`call-release-chart.yaml` → chart).
fn distinctive_words(wf: &Workflow) -> Vec<String> {
    const GENERIC: &[&str] = &[
        "call", "release", "yaml", "yml", "auto", "ci", "pr", "workflow", "github", "update",
    ];
    wf.file
        .file_name()
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 4 && !GENERIC.contains(w))
        .map(str::to_string)
        .collect()
}

/// Does `hay` name the file `file` (both lowercase)? Bounded as a file name: a name that goes
/// on before it (`test-and-lint.yml`, `pre_lint.yml`, `.lint.yml`) or after it (`lint.yml.bak`,
/// `lint.yml-old`) is another file, and so is one under another folder (`ci/lint.yml`); a path
/// into the workflows folder (`.github/workflows/lint.yml`) names it.
pub(super) fn names_file(hay: &str, file: &str) -> bool {
    if file.is_empty() {
        return false;
    }
    occurrences(hay, file).any(|i| {
        let before = hay[..i].chars().next_back();
        let bad_before = match before {
            Some('/') => !hay[..i].ends_with("workflows/"),
            Some(c) => c.is_alphanumeric() || matches!(c, '.' | '-' | '_'),
            None => false,
        };
        let mut after = hay[i + file.len()..].chars();
        let bad_after = match after.next() {
            Some('/' | '-' | '_') => true,
            Some('.') => after.next().is_some_and(char::is_alphanumeric),
            Some(c) => c.is_alphanumeric(),
            None => false,
        };
        !bad_before && !bad_after
    })
}

/// `needle` in `hay` with no letter or digit right before or after it.
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    occurrences(hay, needle).any(|i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// Where `needle` (not empty) starts in `hay`: the occurrences `str::match_indices` gives (left
/// to right, not overlapping), found from the needle's first byte. Most haystacks are short,
/// where building a substring searcher per call cost more than the search.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        let first = *n.first()?;
        while let Some(at) = h.get(from..).and_then(|rest| memchr::memchr(first, rest)) {
            let i = from + at;
            if h[i..].starts_with(n) {
                from = i + n.len();
                return Some(i);
            }
            from = i + 1;
        }
        None
    })
}

fn short_list(items: &[String], max: usize) -> String {
    let mut v = crate::facts::text::unique_in_order(items.iter().map(String::as_str));
    let more = v.len().saturating_sub(max);
    v.truncate(max);
    let mut s = v
        .iter()
        .map(|x| format!("`{x}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

/// What a claimed family/target is called in messages.
fn describe(family: &str, target: Option<&str>) -> String {
    let t = target.map(|t| format!(" {t}")).unwrap_or_default();
    match family {
        "publish" => format!(
            "publishes to{}",
            if t.is_empty() {
                " a registry".into()
            } else {
                t
            }
        ),
        "issue" => "creates an issue".into(),
        "comment" => "posts a comment".into(),
        "notify" => format!(
            "sends a{} notification",
            if t.is_empty() { "".into() } else { t }
        ),
        "artifact" => "uploads an artifact".into(),
        "release" => "creates a GitHub release".into(),
        "test" => "runs tests".into(),
        "copy" => format!("copies files via{t}"),
        "bump" if target == Some("version") => "bumps the version".into(),
        "bump" => "writes the new version back into the repository".into(),
        f => format!("does `{f}`{t}"),
    }
}

/// Does an effect satisfy a claimed family and target? None = cannot tell (a registry we
/// could not resolve).
fn satisfies(e: &StepEffect, family: &str, target: Option<&str>, wf_text: &str) -> Option<bool> {
    if e.family != family {
        return Some(false);
    }
    let Some(t) = target else {
        return Some(true);
    };
    let et = e.target.as_deref().unwrap_or("");
    match (family, t) {
        ("publish", "docker.io" | "ghcr.io" | "ECR") => {
            if et != "container" {
                return Some(false);
            }
            let regs: Vec<&str> = e.detail_values("registry").collect();
            let images = e.detail_values("image").count();
            let hit = |r: &str| match t {
                "ECR" => r.contains(".dkr.ecr."),
                _ => r == t,
            };
            if regs.iter().any(|r| hit(r)) {
                Some(true)
            } else if regs.len() < images || regs.is_empty() {
                None
            } else {
                Some(false)
            }
        }
        ("publish", "GitHub Packages") => Some(
            wf_text.contains("npm.pkg.github.com")
                || e.detail_values("registry").any(|r| r == "ghcr.io"),
        ),
        ("publish", _) => Some(et.eq_ignore_ascii_case(t)),
        ("notify", _) => Some(et.eq_ignore_ascii_case(t)),
        _ => Some(true),
    }
}

fn workflow_label(wf: &Workflow) -> String {
    wf.file.file_name().to_string()
}

impl DocEffectMismatch {
    #[allow(clippy::too_many_arguments)]
    fn effect_claim(
        &self,
        m: &Model,
        doc: &SourceFile,
        c: &EffectClaim,
        family: &str,
        target: Option<&str>,
        tied: Option<usize>,
    ) -> ClaimCheck {
        let span = doc.line_span(c.line);
        let what = describe(family, target);
        let check = ClaimCheck::new(ID, doc, span, format!("Workflow {what}"), &c.text);
        let scope = tied.map_or_else(|| m.all(), |w| m.scope(w));
        let mut unknown_registry = None;
        let mut found: Vec<(usize, &StepEffect)> = Vec::new();
        // "Version bump" as a step: a write-back, a computed next version or a new tag all
        // change the version.
        let generic_bump = family == "bump" && target == Some("version");
        let families: &[&str] = if generic_bump {
            &["bump", "version", "tag", "tag-push"]
        } else {
            std::slice::from_ref(&family)
        };
        let target = if generic_bump { None } else { target };
        for &i in &scope {
            for e in families.iter().flat_map(|f| m.effects[i].live(f)) {
                match satisfies(e, &e.family, target, &m.wf(i).file.text) {
                    Some(true) => found.push((i, e)),
                    None => unknown_registry = Some((i, e)),
                    Some(false) => {}
                }
            }
        }
        let scope_name = tied.map_or("no workflow".to_string(), |w| workflow_label(m.wf(w)));
        if let Some((i, e)) = found.first() {
            // Timing of notifications: "on success and failure" vs `if: failure()`.
            if family == "notify" {
                if let Some(claimed) = c.status.as_deref() {
                    let statuses: Vec<&str> = found.iter().map(|(_, e)| e.when.status()).collect();
                    let covers = |s: &str| statuses.iter().any(|x| *x == s || *x == "always");
                    let ok = match claimed {
                        "success+failure" => covers("success") && covers("failure"),
                        s => covers(s),
                    };
                    if !ok && statuses.contains(&"unknown") {
                        return check
                            .verdict(
                                Outcome::Unknown,
                                format!(
                                    "{} sends it when a value computed at run time says so ({}:{})",
                                    workflow_label(m.wf(*i)),
                                    m.wf(*i).file.path,
                                    e.span.start.line
                                ),
                                "",
                            )
                            .related(
                                &m.wf(*i).file,
                                e.span,
                                "notification step and its condition",
                            );
                    }
                    if !ok {
                        let actual = format!(
                            "{} sends it only on {} ({}:{})",
                            workflow_label(m.wf(*i)),
                            statuses.join("/"),
                            m.wf(*i).file.path,
                            e.span.start.line
                        );
                        return check
                            .verdict(
                                Outcome::Violated,
                                actual,
                                "a failure or success goes unreported",
                            )
                            .related(
                                &m.wf(*i).file,
                                e.span,
                                "notification step and its condition",
                            );
                    }
                }
            }
            return check
                .verdict(
                    Outcome::Holds,
                    format!("{} {what}", workflow_label(m.wf(*i))),
                    "",
                )
                .related(&m.wf(*i).file, e.span, "the step that does it");
        }
        if let Some((i, e)) = unknown_registry {
            return check
                .verdict(
                    Outcome::Unknown,
                    "the image registry is computed at run time",
                    "",
                )
                .related(&m.wf(i).file, e.span, "publish step");
        }
        // Semantic-release publishes according to its configuration, outside the workflow.
        let opaque = scope.iter().find_map(|&i| {
            m.effects[i]
                .opaque_for(family)
                .next()
                .map(|o| (i, o.span, o.what.clone()))
                .or_else(|| {
                    (family == "publish" || family == "bump")
                        .then(|| {
                            m.effects[i]
                                .live("release")
                                .find(|e| e.target.as_deref() == Some("semantic-release"))
                        })
                        .flatten()
                        .map(|e| (i, e.span, "semantic-release".to_string()))
                })
        });
        // Releases are made by many tools the table knows under other effects (release
        // PR bots, changesets, release-plz): a step naming releases at all leaves it unknown.
        let opaque = opaque.or_else(|| {
            (family == "release")
                .then(|| scope.iter().find_map(|&i| release_word_step(m.wf(i)).map(|s| (i, s))))
                .flatten()
                .map(|(i, span)| (i, span, "a step that names releases".to_string()))
        });
        if let Some((i, span, what_o)) = opaque {
            return check
                .verdict(
                    Outcome::Unknown,
                    format!("`{what_o}` may do it; its content is not in the workflow"),
                    "",
                )
                .related(&m.wf(i).file, span, "step whose effects are not visible");
        }
        // A pull request a workflow opens may carry the version bump.
        if family == "bump" {
            let pr = scope.iter().find_map(|&i| {
                m.effects[i]
                    .live("pull-request")
                    .next()
                    .map(|e| (i, e.span))
            });
            if let Some((i, span)) = pr {
                return check
                    .verdict(
                        Outcome::Unknown,
                        "a pull request the workflow opens may carry the version change",
                        "",
                    )
                    .related(&m.wf(i).file, span, "pull request step");
            }
        }
        // A job or step named for notifying ("notify", "Send notification") may do it by means
        // the table does not know (a script, an API call): not known either way.
        if family == "notify" && target.is_none() {
            let named = scope
                .iter()
                .find_map(|&i| notify_named(m.wf(i)).map(|(span, label)| (i, span, label)));
            if let Some((i, span, label)) = named {
                return check
                    .verdict(
                        Outcome::Unknown,
                        format!("{label} is named for notifying, by means not recognised"),
                        "",
                    )
                    .related(&m.wf(i).file, span, "named for notifying");
            }
        }
        if let Some(w) = tied {
            let elsewhere = m.all().into_iter().find(|i| {
                !scope.contains(i)
                    && m.effects[*i]
                        .live(family)
                        .any(|e| satisfies(e, family, target, &m.wf(*i).file.text) != Some(false))
            });
            if let Some(i) = elsewhere.filter(|&i| could_chain(m, w, i)) {
                return check
                    .verdict(
                        Outcome::Unknown,
                        format!(
                            "{} does not, {} does",
                            workflow_label(m.wf(w)),
                            workflow_label(m.wf(i))
                        ),
                        "",
                    )
                    .related(
                        &m.wf(i).file,
                        m.wf(i).on_or_first_line(),
                        "workflow that does it",
                    );
            }
        }
        // Nothing does it: say what happens instead.
        let disabled = scope.iter().find_map(|&i| {
            m.effects[i]
                .effects
                .iter()
                .find(|e| {
                    e.disabled
                        && e.family == family
                        && satisfies(e, family, target, "") != Some(false)
                })
                .map(|e| (i, e))
        });
        // "Instead" only among alternatives of the same kind: another image registry, another
        // notification channel.
        let comparable = matches!(target, Some("docker.io" | "ghcr.io" | "ECR"))
            || (family == "notify" && target.is_some());
        let other_targets: Vec<String> = scope
            .iter()
            .filter(|_| comparable)
            .flat_map(|&i| m.effects[i].live(family))
            .filter(|e| family != "publish" || e.target.as_deref() == Some("container"))
            .flat_map(|e| {
                let regs: Vec<String> = e.detail_values("registry").map(str::to_string).collect();
                if regs.is_empty() {
                    e.target.clone().into_iter().collect()
                } else {
                    regs
                }
            })
            .collect();
        let mut actual = format!("{scope_name} {}", negate(&what));
        if tied.is_none() {
            actual = format!("no workflow {what}");
        }
        if let Some(w) = tied {
            let other = m.all().into_iter().find(|i| {
                !scope.contains(i)
                    && m.effects[*i]
                        .live(family)
                        .any(|e| satisfies(e, family, target, &m.wf(*i).file.text) != Some(false))
            });
            if let Some(i) = other {
                actual.push_str(&format!(
                    "; only {} does, and {} does not start it",
                    workflow_label(m.wf(i)),
                    workflow_label(m.wf(w))
                ));
            }
        }
        if !other_targets.is_empty() {
            actual.push_str(&format!(
                " (it goes to {} instead)",
                short_list(&other_targets, 4)
            ));
        }
        // A workflow comment that names the removed step ("There is deliberately no bump
        // step here"): said with the verdict.
        let comment = (family == "bump" && disabled.is_none())
            .then(|| bump_comment(m, &scope, &c.text))
            .flatten();
        if let Some((i, line)) = comment {
            actual.push_str(&format!(
                "; a comment there speaks of it ({}:{line})",
                m.wf(i).file.path
            ));
        }
        let mut check = match disabled {
            Some((i, e)) => {
                actual.push_str(&format!(
                    "; the step that would is commented out ({}:{})",
                    m.wf(i).file.path,
                    e.span.start.line
                ));
                check
                    .verdict(
                        Outcome::Violated,
                        actual,
                        "the documented effect never happens",
                    )
                    .related(&m.wf(i).file, e.span, "commented-out step")
            }
            None => check.verdict(
                Outcome::Violated,
                actual,
                "the documented effect never happens",
            ),
        };
        let pointers: Vec<usize> = match tied {
            Some(w) => vec![w],
            None => scope.iter().copied().take(3).collect(),
        };
        if let Some((i, line)) = comment {
            check = check.related(&m.wf(i).file, m.wf(i).file.line_span(line), "comment about the step");
        }
        for i in pointers {
            if let Some((_, e)) = (comparable && scope.contains(&i))
                .then(|| m.effects[i].live(family).next().map(|e| (i, e)))
                .flatten()
            {
                check = check.related(&m.wf(i).file, e.span, "step with another target");
            } else {
                let wf = m.wf(i);
                check = check.related(
                    &wf.file,
                    wf.on_or_first_line(),
                    "workflow checked",
                );
            }
        }
        check
    }
}

/// The first YAML comment of the scope's workflows that speaks of the version write a claim
/// names: the manifest the claim names, or a bump.
fn bump_comment(m: &Model, scope: &[usize], claim: &str) -> Option<(usize, u32)> {
    const FILES: &[&str] = &[
        "package.json",
        "cargo.toml",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "version.txt",
        "gradle.properties",
        "pom.xml",
        "chart.yaml",
        "manifest.json",
    ];
    let lower = claim.to_ascii_lowercase();
    let file = FILES.iter().find(|f| lower.contains(*f));
    scope.iter().find_map(|&i| {
        m.wf(i)
            .doc
            .comments
            .iter()
            .find(|c| {
                let t = c.text.to_ascii_lowercase();
                file.is_some_and(|f| t.contains(f)) || contains_word(&t, "bump")
            })
            .map(|c| (i, c.line))
    })
}

/// Could a run of workflow `w` start workflow `other` (so an effect of `other` may belong to the
/// path the doc describes)?
fn could_chain(m: &Model, w: usize, other: usize) -> bool {
    use crate::workflow::effects::EffectKind;
    const CHAINED: &[&str] = &[
        "workflow_run",
        "workflow_call",
        "release",
        "repository_dispatch",
        "create",
        "deployment",
        "deployment_status",
        "registry_package",
    ];
    let o = m.wf(other);
    if o.triggers
        .iter()
        .any(|t| CHAINED.contains(&t.event.as_str()))
    {
        return true;
    }
    let old: Vec<&EffectKind> = m
        .wf(w)
        .jobs
        .iter()
        .flat_map(|j| j.effects.iter().map(|e| &e.kind))
        .collect();
    if old
        .iter()
        .any(|k| matches!(k, EffectKind::TriggersWorkflow { .. }))
    {
        return true;
    }
    let tags = old.iter().any(|k| {
        matches!(
            k,
            EffectKind::CreatesTag | EffectKind::PushesTag | EffectKind::CreatesRelease
        )
    }) || m.effects[w].live("tag").next().is_some()
        || m.effects[w].live("release").next().is_some();
    tags && o.triggers.iter().any(|t| {
        t.event == "push"
            && super::common::push_fires(&t.filters, super::common::RefKind::Tag, None)
    })
}

/// A step whose action (its name, not its ref) or script mentions releases.
fn release_word_step(wf: &Workflow) -> Option<crate::source::Span> {
    wf.jobs.iter().flat_map(|j| &j.steps).find_map(|s| {
        let uses = s.uses.as_ref().map(|u| u.value.split('@').next().unwrap_or(""));
        let run = s.run.as_ref().map(|r| r.value.as_str());
        let names = |t: &str| t.to_ascii_lowercase().contains("release");
        (uses.is_some_and(names) || run.is_some_and(names)).then_some(s.span)
    })
}

/// A publish step that runs whenever its workflow does: no `if:` on it or its job, and for an
/// action with a `push` input, `push: true` written as such (an expression may test the event).
fn unconditional_publish(wf: &Workflow, e: &StepEffect) -> bool {
    if e.when.job_if.is_some() || e.when.step_if.is_some() || e.when.continue_on_error {
        return false;
    }
    let inside = |outer: crate::source::Span| {
        outer.start.offset <= e.span.start.offset && e.span.end.offset <= outer.end.offset
    };
    let Some(step) = wf
        .jobs
        .iter()
        .flat_map(|j| &j.steps)
        .find(|s| inside(s.span))
    else {
        return false;
    };
    if let Some(run) = &step.run {
        // A command: the script may test the event itself; only a script without shell
        // conditions counts.
        let script = &run.value;
        return !script.contains("if ") && !script.contains("&&") && !script.contains("||");
    }
    step.with_value("push")
        .is_some_and(|v| v.value.trim().eq_ignore_ascii_case("true"))
}

fn negate(what: &str) -> String {
    let mut words = what.splitn(2, ' ');
    let verb = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    let base = verb
        .strip_suffix("es")
        .filter(|b| b.ends_with("sh") || b.ends_with("ss"))
        .or_else(|| verb.strip_suffix('s'))
        .unwrap_or(verb);
    format!("does not {base} {rest}").trim_end().to_string()
}

/// Every workflow file's text holds `needle`?
fn texts_containing(m: &Model, scope: &[usize], needle: &str) -> Option<usize> {
    scope
        .iter()
        .copied()
        .find(|&i| m.wf(i).file.text.contains(needle))
}

/// The first job or step whose id or name says it notifies, with a label for it.
fn notify_named(wf: &Workflow) -> Option<(crate::source::Span, String)> {
    let says = |t: &str| t.to_ascii_lowercase().contains("notif");
    wf.jobs.iter().find_map(|j| {
        if says(&j.id.value) || j.name.as_ref().is_some_and(|n| says(&n.value)) {
            return Some((j.id.span, format!("job `{}`", j.id.value)));
        }
        j.steps.iter().find_map(|st| {
            st.name
                .as_ref()
                .filter(|n| says(&n.value))
                .map(|n| (n.span, format!("step `{}`", n.value)))
        })
    })
}

/// Does the workflow have a job with this id or display name (ignoring case and marks)?
fn has_job(wf: &Workflow, id: &str) -> bool {
    let norm = |s: &str| {
        s.to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let want = norm(id);
    wf.jobs.iter().any(|j| {
        norm(&j.id.value) == want || j.name.as_ref().is_some_and(|n| norm(&n.value) == want)
    })
}

impl Rule for DocEffectMismatch {
    /// As the default (one finding per violated doc line), except that an optional setting
    /// nothing reads is a note: setting it up serves nothing, but nothing breaks.
    fn check(&self, cx: &Ctx, out: &mut Vec<crate::finding::Finding>) {
        use crate::finding::Severity;
        let mut claims = Vec::new();
        self.claims(cx, &mut claims);
        let default = super::meta::get(ID).map_or(Severity::Warning, |m| m.severity);
        let severity_of = |c: &ClaimCheck| {
            if c.claim == settings::OPTIONAL_UNREAD {
                Severity::Note
            } else {
                default
            }
        };
        super::claim_findings(cx, &claims, &severity_of, out);
    }

    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        if repo.workflows.is_empty() {
            return;
        }
        let mut model: Option<Model> = None;
        let unread = if repo.docs.is_empty() {
            Vec::new()
        } else {
            inputs::unread_inputs(repo)
        };
        let mut built = None;
        let mut reads: Option<settings::Reads> = None;
        for doc in &repo.docs {
            inputs::claims(repo, &unread, doc, out);
            let m = model.get_or_insert_with(|| Model::new(repo));
            let built = built.get_or_insert_with(|| assets::built(m));
            assets::claims(m, built, doc, out);
            environments::claims(m, doc, out);
            permissions::claims(m, doc, out);
            package_names::claims(m, doc, out);
            let claims = effect_claims::read(doc);
            let sd = crate::docs::settings_claims::read(doc);
            if claims.is_empty() && sd.items.is_empty() && sd.no_secret.is_empty() {
                continue;
            }
            let r = reads.get_or_insert_with(|| settings::Reads::of(repo));
            settings::claims(m, r, doc, &sd, out);
            // Workflows of which this doc names at least one real job in a "Jobs:" list.
            let job_lists: Vec<usize> = claims
                .iter()
                .filter_map(|c| match &c.claimed {
                    Claimed::Job(id) => tied_workflow(m, c).filter(|&w| has_job(m.wf(w), id)),
                    _ => None,
                })
                .collect();
            for c in &claims {
                // A secret a checklist names is judged with the settings claims.
                if let Claimed::Secret(name) = &c.claimed {
                    if sd.items.iter().any(|i| i.line == c.line && i.name == *name) {
                        continue;
                    }
                }
                let tied = tied_workflow(m, c);
                // A "Jobs:" list none of whose names is a job of the workflow names the work
                // ("**Linting**: flake8, black"), not job ids: nothing to compare.
                if let (Claimed::Job(_), Some(w)) = (&c.claimed, tied) {
                    if !job_lists.contains(&w) {
                        continue;
                    }
                }
                if let Some(check) = self.check_one(m, doc, c, tied) {
                    out.push(check);
                }
            }
        }
    }
}

impl DocEffectMismatch {
    fn check_one(
        &self,
        m: &Model,
        doc: &SourceFile,
        c: &EffectClaim,
        tied: Option<usize>,
    ) -> Option<ClaimCheck> {
        let span = doc.line_span(c.line);
        let all = m.all();
        let scope = tied.map_or_else(|| all.clone(), |w| m.scope(w));
        let check = |label: &str| ClaimCheck::new(ID, doc, span, label.to_string(), &c.text);
        Some(match &c.claimed {
            Claimed::Effect { family, target } => {
                self.effect_claim(m, doc, c, family, target.as_deref(), tied)
            }
            Claimed::PrLabel(label) => {
                let check = check("Pull request label");
                if let Some(i) = texts_containing(m, &all, label) {
                    return Some(
                        check
                            .verdict(
                                Outcome::Holds,
                                format!("{} uses the label", workflow_label(m.wf(i))),
                                "",
                            )
                            .related(
                                &m.wf(i).file,
                                m.wf(i).on_or_first_line(),
                                "workflow with the label",
                            ),
                    );
                }
                let mut prs: Vec<(usize, &StepEffect)> = scope
                    .iter()
                    .flat_map(|&i| m.effects[i].live("pull-request").map(move |e| (i, e)))
                    .collect();
                // "the chart PR": keep the PR steps of workflows whose file name has a word of
                // the claim that tells them apart.
                let text = c.text.to_ascii_lowercase();
                let named: Vec<(usize, &StepEffect)> = prs
                    .iter()
                    .copied()
                    .filter(|(i, _)| {
                        distinctive_words(m.wf(*i))
                            .iter()
                            .any(|w| contains_word(&text, w))
                    })
                    .collect();
                if !named.is_empty() {
                    prs = named;
                }
                if prs.is_empty() {
                    return Some(check.verdict(
                        Outcome::Unknown,
                        "no visible step opens a pull request here",
                        "",
                    ));
                }
                let labels: Vec<String> = prs
                    .iter()
                    .flat_map(|(_, e)| e.detail_values("label").map(str::to_string))
                    .collect();
                if labels.iter().any(|l| l.holds_template() || l.contains('$')) {
                    return Some(check.verdict(
                        Outcome::Unknown,
                        "the pull request labels are computed at run time",
                        "",
                    ));
                }
                // A script of the same job could label the PR after it is opened.
                let hidden = prs.iter().find_map(|(i, e)| {
                    m.effects[*i]
                        .opaque
                        .iter()
                        .find(|o| o.job == e.job && o.may("label"))
                        .map(|o| (*i, o))
                });
                if let Some((i, o)) = hidden {
                    return Some(
                        check
                            .verdict(
                                Outcome::Unknown,
                                format!("`{}` may label the pull request", o.what),
                                "",
                            )
                            .related(&m.wf(i).file, o.span, "step whose effects are not visible"),
                    );
                }
                let (i, e) = prs[0];
                let actual = if labels.is_empty() {
                    "the pull requests the workflows open carry no label".to_string()
                } else {
                    format!("the pull requests are labelled {}", short_list(&labels, 4))
                };
                let mut ch = check.verdict(
                    Outcome::Violated,
                    actual,
                    "reviewers filtering by the documented label miss the PR",
                );
                ch = ch.related(&m.wf(i).file, e.span, "pull request step");
                for (j, e2) in prs.iter().skip(1).take(2) {
                    ch = ch.related(&m.wf(*j).file, e2.span, "pull request step");
                }
                ch
            }
            Claimed::ImageTag(prefix) => return images::tag_prefix(m, &all, prefix, check),
            Claimed::TagFromBranch { tag, branch } => {
                return images::tag_from_branch(m, &all, tag, branch, check)
            }
            Claimed::NotTagged(tag) => {
                let branch = effect_claims::pushed_branch(&c.context)?;
                let check = check("Tag not updated");
                let mut hit = None;
                for &i in &all {
                    let wf = m.wf(i);
                    if super::common::live_push(wf, super::common::RefKind::Branch, Some(&branch))
                        .is_none()
                    {
                        continue;
                    }
                    for e in m.effects[i].live("publish") {
                        let tagged = e.detail_values("tag").any(|t| t == tag);
                        if tagged && e.when.job_if.is_none() && e.when.step_if.is_none() {
                            hit = Some((i, e));
                        }
                    }
                }
                match hit {
                    Some((i, e)) => check
                        .verdict(
                            Outcome::Violated,
                            format!(
                                "every push to `{branch}` runs {} which pushes `:{tag}`",
                                workflow_label(m.wf(i))
                            ),
                            format!("`:{tag}` moves on every push to `{branch}`"),
                        )
                        .related(&m.wf(i).file, e.span, "unconditional push with the tag"),
                    None => check.verdict(
                        Outcome::Holds,
                        format!("no unconditional `:{tag}` push on `{branch}`"),
                        "",
                    ),
                }
            }
            Claimed::Retention(days) => {
                let check = check("Artifact retention");
                let mut kept: Vec<(usize, &crate::workflow::Spanned<String>)> = Vec::new();
                for &i in &scope {
                    for step in m.wf(i).jobs.iter().flat_map(|j| &j.steps) {
                        let uploads = step.uses.as_ref().is_some_and(|u| {
                            u.value.to_ascii_lowercase().starts_with("actions/upload-artifact@")
                        });
                        if !uploads {
                            continue;
                        }
                        // Without `retention-days` the repository's setting decides.
                        kept.push((i, step.with_value("retention-days")?));
                    }
                }
                let want = days.to_string();
                if kept.is_empty() || kept.iter().any(|(_, v)| v.value.trim() == want) {
                    return Some(check.verdict(
                        Outcome::Holds,
                        format!("an upload keeps artifacts {days} days or none is visible"),
                        "",
                    ));
                }
                if kept.iter().any(|(_, v)| v.value.holds_template()) {
                    return Some(check.verdict(
                        Outcome::Unknown,
                        "the retention is computed at run time",
                        "",
                    ));
                }
                let (i, v) = kept[0];
                let values: Vec<String> = kept.iter().map(|(_, v)| v.value.trim().to_string()).collect();
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} keeps its artifacts `retention-days` {} ({}:{}), not {days} days",
                            workflow_label(m.wf(i)),
                            short_list(&values, 4),
                            m.wf(i).file.path,
                            v.span.start.line
                        ),
                        "artifacts expire earlier or later than documented",
                    )
                    .related(&m.wf(i).file, v.span, "retention-days")
            }
            Claimed::NotOnPullRequests => {
                let check = check("Nothing published on pull requests");
                let hit = scope.iter().find_map(|&i| {
                    let wf = m.wf(i);
                    let pr = wf.triggers.iter().find(|t| {
                        matches!(t.event.as_str(), "pull_request" | "pull_request_target")
                    })?;
                    let e = m.effects[i]
                        .live("publish")
                        .find(|e| unconditional_publish(wf, e))?;
                    Some((i, pr, e))
                });
                match hit {
                    Some((i, pr, e)) => check
                        .verdict(
                            Outcome::Violated,
                            format!(
                                "{} runs on {} and its step `{}` publishes with no condition ({}:{})",
                                workflow_label(m.wf(i)),
                                pr.event,
                                e.via,
                                m.wf(i).file.path,
                                e.span.start.line
                            ),
                            "every pull request publishes",
                        )
                        .related(&m.wf(i).file, e.span, "unconditional publish step")
                        .related(&m.wf(i).file, pr.span, "pull request trigger"),
                    None => check.verdict(
                        Outcome::Holds,
                        "no publish step runs unconditionally on pull requests",
                        "",
                    ),
                }
            }
            Claimed::Secret(name) => {
                let check = check("Secret used by workflows");
                if let Some(i) = texts_containing(m, &all, name) {
                    return Some(
                        check
                            .verdict(
                                Outcome::Holds,
                                format!("{} reads it", workflow_label(m.wf(i))),
                                "",
                            )
                            .related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow"),
                    );
                }
                // A call by slug to this repository's own reusable workflow is a local call.
                let own = m.repo.own_slugs();
                let inherit = all.iter().copied().find(|&i| {
                    m.wf(i).jobs.iter().any(|j| {
                        j.uses.as_ref().is_some_and(|u| {
                            !u.value.starts_with("./")
                                && !settings::own_call(&u.value, &own, m.repo)
                        })
                            && j.secrets
                                .as_ref()
                                .is_some_and(|s| s.as_str() == Some("inherit"))
                    })
                });
                if let Some(i) = inherit {
                    return Some(
                        check
                            .verdict(
                                Outcome::Unknown,
                                "a reusable workflow from another repository inherits all secrets",
                                "",
                            )
                            .related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow"),
                    );
                }
                let mut ch = check.verdict(
                    Outcome::Violated,
                    format!("no workflow reads `{name}`"),
                    "setting up the secret serves nothing; the docs may describe a removed step",
                );
                for &i in all.iter().take(3) {
                    ch = ch.related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow checked");
                }
                ch
            }
            Claimed::ToolVersion { tool, version } => {
                let w = tied?;
                let (action, input) = match tool.as_str() {
                    "node" | "node.js" => ("actions/setup-node", "node-version"),
                    "python" => ("actions/setup-python", "python-version"),
                    "go" | "golang" => ("actions/setup-go", "go-version"),
                    "java" => ("actions/setup-java", "java-version"),
                    "ruby" => ("ruby/setup-ruby", "ruby-version"),
                    _ => return None,
                };
                let mut values = Vec::new();
                for &i in &scope {
                    for job in &m.wf(i).jobs {
                        for s in &job.steps {
                            if s.uses.as_ref().is_some_and(|u| {
                                u.value
                                    .split('@')
                                    .next()
                                    .is_some_and(|n| n.eq_ignore_ascii_case(action))
                            }) {
                                values.push((
                                    i,
                                    s.with_value(input).map(|v| {
                                        (
                                            v.value.trim().trim_matches(['"', '\'']).to_string(),
                                            v.span,
                                        )
                                    }),
                                    s.span,
                                ));
                            }
                        }
                    }
                }
                if values.is_empty() || values.iter().any(|(_, v, _)| v.is_none()) {
                    return None;
                }
                let check = check("Runtime version");
                let matches = |v: &str| {
                    v == version
                        || v.starts_with(&format!("{version}."))
                        || v.contains(&format!("'{version}"))
                };
                let lits: Vec<(usize, String, crate::source::Span)> = values
                    .into_iter()
                    .filter_map(|(i, v, _)| v.map(|(t, sp)| (i, t, sp)))
                    .collect();
                if lits.iter().any(|(_, v, _)| matches(v)) {
                    return Some(check.verdict(
                        Outcome::Holds,
                        format!("{tool} {version} is set up"),
                        "",
                    ));
                }
                // Only a plain version ("1.22", "20.x", "v3.12") can disagree: an alias
                // ("stable", "lts/*"), a range, a list or an expression is decided elsewhere.
                if lits.iter().any(|(_, v, _)| {
                    v.holds_template() || v.contains('*') || v.contains("lts") || !plain_version(v)
                }) {
                    return Some(check.verdict(
                        Outcome::Unknown,
                        "the version is computed at run time",
                        "",
                    ));
                }
                let (i, _, sp) = &lits[0];
                let found: Vec<String> = lits.iter().map(|(_, v, _)| v.clone()).collect();
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} sets up {tool} {}",
                            workflow_label(m.wf(w)),
                            short_list(&found, 3)
                        ),
                        "the documented runtime is not the one releases are built with",
                    )
                    .related(&m.wf(*i).file, *sp, "version set up")
            }
            Claimed::Flag(flag) => {
                let w = tied?;
                let check = check("Command flag");
                if let Some(i) = texts_containing(m, &scope, flag) {
                    return Some(check.verdict(
                        Outcome::Holds,
                        format!("{} passes `{flag}`", workflow_label(m.wf(i))),
                        "",
                    ));
                }
                if let Some(i) = scope.iter().copied().find(|&i| runs_script_file(m.wf(i))) {
                    return Some(
                        check
                            .verdict(
                                Outcome::Unknown,
                                "a script the workflow runs may pass it",
                                "",
                            )
                            .related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow"),
                    );
                }
                check
                    .verdict(
                        Outcome::Violated,
                        format!("{} never passes `{flag}`", workflow_label(m.wf(w))),
                        "the documented behaviour of the command does not apply",
                    )
                    .related(&m.wf(w).file, m.wf(w).on_or_first_line(), "workflow checked")
            }
            Claimed::Script(path) => {
                let name = path.rsplit('/').next().unwrap_or(path);
                let check = check("Script run by CI");
                if let Some(i) = texts_containing(m, &all, name) {
                    return Some(check.verdict(
                        Outcome::Holds,
                        format!("{} runs it", workflow_label(m.wf(i))),
                        "",
                    ));
                }
                if m.repo.root_path.join(".github").join("actions").is_dir() {
                    return Some(check.verdict(Outcome::Unknown, "local actions may run it", ""));
                }
                if let Some(i) = all.iter().copied().find(|&i| runs_script_file(m.wf(i))) {
                    return Some(
                        check
                            .verdict(
                                Outcome::Unknown,
                                "a script the workflows run may call it",
                                "",
                            )
                            .related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow"),
                    );
                }
                let mut ch = check.verdict(
                    Outcome::Violated,
                    format!("no workflow runs `{name}`"),
                    "the documented CI step does not exist",
                );
                for &i in all.iter().take(3) {
                    ch = ch.related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow checked");
                }
                ch
            }
            Claimed::Job(id) => {
                let w = tied?;
                let wf = m.wf(w);
                let check = check("Job of the workflow");
                if has_job(wf, id) {
                    return Some(check.verdict(
                        Outcome::Holds,
                        format!("{} has job `{id}`", workflow_label(wf)),
                        "",
                    ));
                }
                let ids: Vec<String> = wf.jobs.iter().map(|j| j.id.value.clone()).collect();
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} has no job `{id}` (jobs: {})",
                            workflow_label(wf),
                            short_list(&ids, 8)
                        ),
                        "the documented stage does not run",
                    )
                    .related(
                        &wf.file,
                        wf.jobs.first().map_or(wf.on_or_first_line(), |j| j.id.span),
                        "jobs of the workflow",
                    )
            }
            Claimed::NamedJobs(names) => named_jobs(m, names, tied?, check("Jobs of the workflow"))?,
            Claimed::PublishAuth { target, trusted } => {
                let pubs: Vec<(usize, &StepEffect)> = scope
                    .iter()
                    .flat_map(|&i| m.effects[i].live("publish").map(move |e| (i, e)))
                    .filter(|(_, e)| e.target.as_deref() == Some(target.as_str()))
                    .collect();
                let (i0, e0) = *pubs.first()?;
                let (want, label) = if *trusted {
                    ("trusted", "Trusted publishing")
                } else {
                    ("token", "Publishing with a token")
                };
                let check = check(label);
                if let Some((i, e)) = pubs
                    .iter()
                    .find(|(_, e)| e.detail_values("auth").any(|a| a == want))
                {
                    return Some(
                        check
                            .verdict(
                                Outcome::Holds,
                                format!("{} publishes to {target} that way", workflow_label(m.wf(*i))),
                                "",
                            )
                            .related(&m.wf(*i).file, e.span, "publish step"),
                    );
                }
                if let Some((i, e)) = pubs
                    .iter()
                    .find(|(_, e)| e.detail_values("auth").next().is_none())
                {
                    return Some(
                        check
                            .verdict(
                                Outcome::Unknown,
                                "how this publish step authenticates is not visible",
                                "",
                            )
                            .related(&m.wf(*i).file, e.span, "publish step"),
                    );
                }
                let (actual, impact) = if *trusted {
                    // A step that tries OIDC first with an npm too old for it.
                    let why = match e0.detail_values("no-oidc").next() {
                        Some(node) => format!(
                            "; it tries OIDC first, but on {node}, whose bundled npm (10.x) cannot publish by OIDC (npm 11.5.1 or later), so only its token fallback can publish"
                        ),
                        None => String::new(),
                    };
                    (
                        format!(
                            "{} publishes to {target} with a token (`{}`), not by trusted publishing{why}",
                            workflow_label(m.wf(i0)),
                            e0.via.chars().take(60).collect::<String>()
                        ),
                        "a long-lived registry token is still in use where the docs promise none",
                    )
                } else {
                    (
                        format!(
                            "{} publishes to {target} by trusted publishing (OIDC), with no token",
                            workflow_label(m.wf(i0))
                        ),
                        "the documented token is not what publishing uses",
                    )
                };
                check
                    .verdict(Outcome::Violated, actual, impact)
                    .related(&m.wf(i0).file, e0.span, "publish step and its credentials")
            }
            Claimed::ReleaseKind(kind) => {
                let rels: Vec<(usize, &StepEffect)> = scope
                    .iter()
                    .flat_map(|&i| m.effects[i].live("release").map(move |e| (i, e)))
                    .collect();
                let (i0, e0) = *rels.first()?;
                let check = check(if kind == "draft" {
                    "Draft release"
                } else {
                    "Prerelease"
                });
                if let Some((i, e)) = rels
                    .iter()
                    .find(|(_, e)| e.detail_values(kind).any(|v| v == "true"))
                {
                    return Some(
                        check
                            .verdict(
                                Outcome::Holds,
                                format!("{} marks the release {kind}", workflow_label(m.wf(*i))),
                                "",
                            )
                            .related(&m.wf(*i).file, e.span, "release step"),
                    );
                }
                // Computed flags, semantic-release's configuration, or a script we cannot read.
                let computed = rels.iter().find(|(_, e)| {
                    e.detail_values(kind).any(|v| v.holds_template() || v.contains('$'))
                        || e.target.as_deref() == Some("semantic-release")
                        || e.via.contains("goreleaser")
                });
                let hidden = scope
                    .iter()
                    .find_map(|&i| m.effects[i].opaque_for("release").next().map(|o| (i, o)));
                if let Some((i, e)) = computed {
                    return Some(
                        check
                            .verdict(Outcome::Unknown, format!("whether the release is a {kind} is decided at run time or by the tool's configuration"), "")
                            .related(&m.wf(*i).file, e.span, "release step"),
                    );
                }
                if let Some((i, o)) = hidden {
                    return Some(
                        check
                            .verdict(Outcome::Unknown, format!("`{}` may create it", o.what), "")
                            .related(&m.wf(i).file, o.span, "step whose effects are not visible"),
                    );
                }
                let flag = if kind == "draft" {
                    "`draft: true` / `--draft`"
                } else {
                    "`prerelease: true` / `--prerelease`"
                };
                let impact = if kind == "draft" {
                    "the release is public at once; the documented review before publishing does not happen"
                } else {
                    "these releases are offered as the latest stable release"
                };
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} creates the release without {flag}",
                            workflow_label(m.wf(i0))
                        ),
                        impact,
                    )
                    .related(&m.wf(i0).file, e0.span, "release step")
            }
            Claimed::DistTag(tag) => {
                let pubs: Vec<(usize, &StepEffect)> = scope
                    .iter()
                    .flat_map(|&i| m.effects[i].live("publish").map(move |e| (i, e)))
                    .filter(|(_, e)| e.target.as_deref() == Some("npm"))
                    .collect();
                let (i0, e0) = *pubs.first()?;
                let check = check("npm dist-tag");
                let mut tags: Vec<String> = Vec::new();
                let mut unknown = None;
                for (i, e) in &pubs {
                    let explicit: Vec<&str> = e.detail_values("dist-tag").collect();
                    let command = ["npm ", "pnpm ", "yarn "]
                        .iter()
                        .any(|p| e.via.starts_with(p))
                        && e.via.contains("publish");
                    if explicit.iter().any(|t| t.contains('$')) || (explicit.is_empty() && !command)
                    {
                        unknown.get_or_insert((*i, *e));
                    } else if explicit.is_empty() {
                        // npm publishes under `latest` unless told otherwise.
                        tags.push("latest".into());
                    } else {
                        tags.extend(explicit.iter().map(|t| t.to_string()));
                    }
                }
                if tags.iter().any(|t| t == tag) {
                    return Some(check.verdict(
                        Outcome::Holds,
                        format!("packages are published under `{tag}`"),
                        "",
                    ));
                }
                if let Some((i, e)) = unknown {
                    return Some(
                        check
                            .verdict(Outcome::Unknown, "the dist-tag is decided at run time or by the tool", "")
                            .related(&m.wf(i).file, e.span, "publish step"),
                    );
                }
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} publishes under {}, not `{tag}`",
                            workflow_label(m.wf(i0)),
                            short_list(&tags, 4)
                        ),
                        format!("installs of `@{tag}` do not get these versions"),
                    )
                    .related(&m.wf(i0).file, e0.span, "publish step")
            }
            Claimed::ChosenVersion(noun) => return self.chosen_version(m, noun, tied, check),
            Claimed::ImagePlatforms(archs) => return images::platforms(m, archs, tied, check),
            Claimed::FullTests => return test_scope::full_tests(m, tied, check),
            Claimed::AllSarif => return sarif::all_uploaded(m, tied, check),
            Claimed::TestMatrix(mc) => return matrix_cover::coverage(m, mc, tied, check),
            Claimed::ImageVersion { image, tag } => {
                return images::version_tag(m, image, tag, check)
            }
            Claimed::JobWork(d) => return job_work::job_work(m, d, tied, check),
            Claimed::RequiredCheck(name) => return job_work::required_check(m, name, check),
            Claimed::Tool { name, listed } => {
                return tools::tool(m, name, *listed, tied, check)
            }
        })
    }
}

/// Dispatch inputs that can carry the version a person picks.
const VERSION_INPUT_WORDS: &[&str] = &["tag", "version", "ref", "release", "image", "sha", "commit"];

impl DocEffectMismatch {
    /// "A run by hand deploys a specific tag": the workflow the claim names (or the only one
    /// that can be run by hand and deploys) takes a version input, and its value reaches a step
    /// that acts. Without such an input the ref picked in "Run workflow" may be the tag: no
    /// verdict.
    fn chosen_version(
        &self,
        m: &Model,
        noun: &str,
        tied: Option<usize>,
        check: impl Fn(&str) -> ClaimCheck,
    ) -> Option<ClaimCheck> {
        use crate::workflow::effects::input_flow::{input_flow, InputFlow};
        let dispatchable = |i: usize| {
            m.wf(i)
                .triggers
                .iter()
                .any(|t| t.event == "workflow_dispatch")
        };
        let w = match tied {
            Some(w) => w,
            None => {
                let deploys: Vec<usize> = m
                    .all()
                    .into_iter()
                    .filter(|&i| {
                        dispatchable(i)
                            && m.effects[i].effects.iter().any(|e| {
                                !e.disabled && matches!(e.family.as_str(), "environment" | "deploy")
                            })
                    })
                    .collect();
                match deploys.as_slice() {
                    [one] => *one,
                    _ => return None,
                }
            }
        };
        let wf = m.wf(w);
        let dispatch = wf.triggers.iter().find(|t| t.event == "workflow_dispatch")?;
        let inputs: Vec<_> = dispatch
            .inputs
            .iter()
            .filter(|i| {
                let n = i.name.value.to_ascii_lowercase();
                VERSION_INPUT_WORDS.iter().any(|w| n.contains(w))
            })
            .collect();
        if inputs.is_empty() {
            return None;
        }
        let check = check(&format!("Deploys a chosen {noun}"));
        let mut last_seen = None;
        for input in &inputs {
            match input_flow(wf, &input.name.value) {
                InputFlow::Used(span) => {
                    return Some(
                        check
                            .verdict(
                                Outcome::Holds,
                                format!(
                                    "{} passes input `{}` on (line {})",
                                    workflow_label(wf),
                                    input.name.value,
                                    span.start.line
                                ),
                                "",
                            )
                            .related(&wf.file, span, "where the input is used"),
                    );
                }
                InputFlow::Unused(seen) => last_seen = last_seen.or(seen),
            }
        }
        let names: Vec<String> = inputs.iter().map(|i| i.name.value.clone()).collect();
        let how = match last_seen {
            Some(s) => format!(
                "only printed or written to a step output no step reads (line {})",
                s.start.line
            ),
            None => "never read".to_string(),
        };
        let mut ch = check
            .verdict(
                Outcome::Violated,
                format!(
                    "{}: input {} is {how}; a run by hand deploys what the run checks out, not the chosen {noun}",
                    workflow_label(wf),
                    short_list(&names, 3)
                ),
                format!("a rollback to an older {noun} by hand does not happen"),
            )
            .related(&wf.file, inputs[0].name.span, "the input");
        if let Some(s) = last_seen {
            ch = ch.related(&wf.file, s, "where the input ends up");
        }
        Some(ch)
    }
}

/// Does any step run a repository script file (`.sh`, `.py`, ... or `make`)?
fn runs_script_file(wf: &Workflow) -> bool {
    wf.jobs
        .iter()
        .flat_map(|j| &j.steps)
        .filter_map(|s| s.run.as_ref())
        .any(|r| {
            r.value.lines().any(|l| {
                let words = crate::workflow::effects::shell_words(l.trim());
                words.first().is_some_and(|w| w == "make" || w == "just")
                    || script_calls(l)
                        .iter()
                        .any(|s| s.contains('.') && !s.starts_with('-'))
            })
        })
}

/// Bold job names of an opening sentence against the tied workflow's jobs. A name is known
/// when a job of the workflow, of a local reusable workflow it calls or of a workflow calling
/// it has it as id or display name, or when it names a workflow (the sentence may list what
/// a run starts). A job of another repository's reusable workflow may carry any name, and
/// event names ("**push** and **schedule**") are triggers: unknown.
fn named_jobs(
    m: &Model,
    names: &[String],
    w: usize,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let wf = m.wf(w);
    if names
        .iter()
        .any(|n| crate::workflow::EVENTS.contains(&n.to_ascii_lowercase().as_str()))
    {
        return None;
    }
    let remote = |i: usize| {
        m.wf(i).jobs.iter().any(|j| {
            j.uses
                .as_ref()
                .is_some_and(|u| !u.value.trim().starts_with("./"))
        })
    };
    let scope = m.scope(w);
    if scope.iter().any(|&i| remote(i)) {
        return None;
    }
    let calls_tied = |i: usize| {
        m.wf(i).jobs.iter().any(|j| {
            j.uses.as_ref().is_some_and(|u| {
                let rel = u.value.trim().trim_start_matches("./");
                rel.split('@').next().unwrap_or(rel) == wf.file.rel
            })
        })
    };
    let callers: Vec<usize> = m.all().into_iter().filter(|&i| calls_tied(i)).collect();
    let norm = |s: &str| {
        s.to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let names_workflow = |n: &str| {
        let want = norm(n);
        m.repo.workflows.iter().any(|x| {
            let file = x.file.file_name();
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
            norm(stem) == want || x.name.as_ref().is_some_and(|v| norm(&v.value) == want)
        })
    };
    let known = |n: &str| {
        scope.iter().chain(callers.iter()).any(|&i| has_job(m.wf(i), n)) || names_workflow(n)
    };
    let missing: Vec<String> = names.iter().filter(|n| !known(n)).cloned().collect();
    if missing.is_empty() {
        return Some(check.verdict(
            Outcome::Holds,
            format!("{} has those jobs", workflow_label(wf)),
            "",
        ));
    }
    let ids: Vec<String> = wf.jobs.iter().map(|j| j.id.value.clone()).collect();
    let commented: Vec<String> = missing
        .iter()
        .filter(|n| commented_job(&wf.file.text, n))
        .cloned()
        .collect();
    let mut actual = format!(
        "{} has no job {} (jobs: {})",
        workflow_label(wf),
        short_list(&missing, 4),
        short_list(&ids, 8)
    );
    if !commented.is_empty() {
        actual.push_str(&format!("; {} commented out", short_list(&commented, 4)));
    }
    Some(
        check
            .verdict(Outcome::Violated, actual, "the documented jobs do not run")
            .related(
                &wf.file,
                wf.jobs.first().map_or(wf.on_or_first_line(), |j| j.id.span),
                "jobs of the workflow",
            ),
    )
}

/// Is there a commented-out job `name:` line (`#   name:`) in a workflow's text?
fn commented_job(text: &str, name: &str) -> bool {
    text.lines().any(|l| {
        l.trim_start()
            .strip_prefix('#')
            .map(str::trim)
            .and_then(|t| t.strip_suffix(':'))
            .is_some_and(|t| t.eq_ignore_ascii_case(name))
    })
}

/// Is a setup action's version input one plain version ("1.22", "20.x", "v3.12.1")?
fn plain_version(v: &str) -> bool {
    let v = v.strip_prefix('v').unwrap_or(v);
    let v = v.strip_suffix(".x").unwrap_or(v);
    !v.is_empty()
        && v.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::{contains_word, names_file, names_workflow};

    #[test]
    fn a_file_name_is_bounded_as_a_file_name() {
        for hay in [
            "lint.yml",
            "(`lint.yml`)",
            "see .github/workflows/lint.yml.",
            "**lint** (lint.yml):",
        ] {
            assert!(names_file(hay, "lint.yml"), "{hay}");
        }
        for hay in [
            "test-and-lint.yml",
            "pre_lint.yml",
            ".lint.yml",
            "scripts/lint.yml",
            "lint.yml.bak",
            "lint.yml-old",
            "prelint.yml",
        ] {
            assert!(!names_file(hay, "lint.yml"), "{hay}");
        }
    }

    #[test]
    fn contains_word_finds_what_match_indices_finds() {
        // The search it replaced: non-overlapping occurrences, left to right.
        fn by_match_indices(hay: &str, needle: &str) -> bool {
            !needle.is_empty()
                && hay.match_indices(needle).any(|(i, _)| {
                    let before = hay[..i].chars().next_back();
                    let after = hay[i + needle.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric())
                        && !after.is_some_and(|c| c.is_alphanumeric())
                })
        }
        let hays = [
            "",
            "release.yml",
            "see release.yml.",
            "prerelease.yml and release.yml",
            "ax-x-x",
            "x-x-x",
            "aaa",
            "é release é",
            "éreleaseé",
            "the Release workflow",
            "deploy, deploys, deploy",
        ];
        let needles = [
            "", "release.yml", "release", "x-x", "aa", "a", "é", "deploy", "ré",
        ];
        for hay in hays {
            for needle in needles {
                assert_eq!(
                    contains_word(hay, needle),
                    by_match_indices(hay, needle),
                    "{hay:?} {needle:?}"
                );
                if !needle.is_empty() {
                    let positions: Vec<usize> = hay.match_indices(needle).map(|(i, _)| i).collect();
                    assert_eq!(
                        super::occurrences(hay, needle).collect::<Vec<_>>(),
                        positions,
                        "{hay:?} {needle:?}"
                    );
                }
            }
        }
    }

    fn names(text: &str, name: &str) -> bool {
        names_workflow(text, &text.to_ascii_lowercase(), name)
    }

    /// A one-word name that is a common verb names its workflow only when marked as a name.
    #[test]
    fn verb_names_need_marking() {
        for text in [
            "The `Publish` workflow uploads the wheel",
            "run the \"Release\" job by hand",
            "start **Deploy** from the Actions tab",
            "the publish workflow runs on tags",
            "Deploy",
            "## Release workflow",
            "then run Publish with the version",
        ] {
            let name = if text.to_ascii_lowercase().contains("publish") {
                "Publish"
            } else if text.to_ascii_lowercase().contains("release") {
                "Release"
            } else {
                "Deploy"
            };
            assert!(names(text, name), "{text}");
        }
        for (text, name) in [
            ("Publish the package to PyPI", "Publish"),
            ("We release twice a month.", "Release"),
            ("Create a GitHub Release from the tag", "Release"),
            ("Once merged, the bot will publish it", "Publish"),
            ("## How to Deploy", "Deploy"),
            ("releases are cut from main", "Release"),
        ] {
            assert!(!names(text, name), "{text}");
        }
        // Several words are distinctive as written; a short name never matches.
        assert!(names("the publish to pypi job", "Publish to PyPI"));
        assert!(!names("the ci job", "CI"));
    }
}

