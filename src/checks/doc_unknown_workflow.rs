//! `doc-unknown-workflow`: docs name a workflow file that does not exist, or one GitHub never
//! runs (in a subfolder of .github/workflows, or with another ending such as `.yml.disabled`).

use super::claims::{ClaimCheck, Outcome};
use super::common::closest;
use super::{Ctx, Rule};
use crate::docs::{Claim, ClaimKind};
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::Workflow;

pub struct DocUnknownWorkflow;

/// A missing entry of a directory tree: its doc, its claim and the file name.
type TreeEntry<'a> = (&'a SourceFile, &'a Claim, &'a str);

/// Result of looking a referenced workflow up.
pub enum Lookup<'a> {
    Found(&'a crate::workflow::Workflow),
    /// Only a file GitHub never runs matches (path relative to the root).
    Inert(&'a str),
    Missing,
}

/// Find a workflow by what docs call it: file name, path, or `name:`.
pub fn lookup<'a>(repo: &'a Repo, reference: &str) -> Lookup<'a> {
    let file_name = reference.rsplit('/').next().unwrap_or(reference);
    if let Some(w) = repo
        .find_workflow(reference)
        .or_else(|| repo.find_workflow(file_name))
    {
        return Lookup::Found(w);
    }
    // A file name is spelt, not a display name: `release-meaven.yml` is not "release" with
    // a qualifier.
    let near: Vec<&crate::workflow::Workflow> = if is_file_name(reference) {
        Vec::new()
    } else {
        repo.workflows
            .iter()
            .filter(|w| w.name.as_ref().is_some_and(|n| near_name(reference, &n.value)))
            .collect()
    };
    if let [only] = near.as_slice() {
        return Lookup::Found(only);
    }
    // "the `publish` workflow" for `publish.yml` named "Publish to npm": a short name that
    // is the file name without its extension, of one workflow only.
    let stem_of = |w: &&crate::workflow::Workflow| {
        let f = w.file.file_name();
        f.strip_suffix(".yml")
            .or_else(|| f.strip_suffix(".yaml"))
            .is_some_and(|s| s.eq_ignore_ascii_case(reference.trim()))
    };
    let by_stem: Vec<&crate::workflow::Workflow> = repo.workflows.iter().filter(stem_of).collect();
    if let [only] = by_stem.as_slice() {
        return Lookup::Found(only);
    }
    let inert = repo.inert_workflows.iter().find(|p| {
        let name = p.rsplit('/').next().unwrap_or(p);
        name == file_name
            || name
                .strip_prefix(file_name)
                .is_some_and(|rest| rest.starts_with('.'))
    });
    match inert {
        Some(p) => Lookup::Inert(p),
        None => Lookup::Missing,
    }
}

/// A `name:` that differs from the one written only by a trailing qualifier: "Deploy
/// Preview" and "Deploy Preview (manual only)", "Publish" and "Publish - npm". Docs drop or
/// add such qualifiers; it is the same workflow, and findings give both names.
pub fn near_name(written: &str, actual: &str) -> bool {
    let (w, a) = (written.trim().to_lowercase(), actual.trim().to_lowercase());
    // "Bump Version" for `1. Bump Version`: a numbering prefix orders the Actions list; an
    // emoji before the name ("🔄 Rollback") decorates it.
    let bare = |s: &str| {
        unnumbered(s.trim_start_matches(|c: char| !c.is_alphanumeric() && !c.is_ascii()).trim())
            .to_string()
    };
    let (w, a) = (bare(&w), bare(&a));
    if !w.is_empty() && w == a {
        return true;
    }
    let (short, long) = if w.len() <= a.len() { (&w, &a) } else { (&a, &w) };
    !short.is_empty()
        && long.strip_prefix(short.as_str()).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('(') || rest.starts_with('-') || rest.starts_with(':')
        })
}

/// A name without a leading ordinal: "1. Build", "02 - Deploy", "3) Release", "04 · Tag".
fn unnumbered(name: &str) -> &str {
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return name;
    }
    let rest = name[digits..].trim_start_matches(['.', ')', ':']);
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('·'))
        .or_else(|| rest.strip_prefix('–'))
        .unwrap_or(rest)
        .trim_start();
    // "2024 roadmap" or "3d render" keep their number: a prefix is followed by a space or mark.
    if rest.len() == name.len() - digits || rest.is_empty() {
        return name;
    }
    rest
}

pub fn is_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yml") || lower.ends_with(".yaml")
}

/// `gh workflow run X` with X not a file name: gh picks the workflows whose `name:` equals X
/// ignoring case, nothing looser.
pub fn gh_selects(w: &Workflow, written: &str) -> bool {
    w.name
        .as_ref()
        .is_some_and(|n| n.value.trim().eq_ignore_ascii_case(written.trim()))
}

/// A bare file name in prose may be any YAML file: only flag it when no such file exists at
/// the root or next to the doc, and the line talks about workflows.
fn bare_name_exists(repo: &Repo, doc: &SourceFile, name: &str) -> bool {
    let near_doc = doc.abs.parent().map(|d| d.join(name));
    repo.root_path.join(name).exists() || near_doc.is_some_and(|p| p.exists())
}

/// A file in .github/workflows with that name that could not be loaded (not valid YAML).
fn broken_workflow<'a>(repo: &'a Repo, file_name: &str) -> Option<&'a crate::repo::LoadError> {
    repo.unreadable_workflows()
        .find(|e| e.file.file_name() == file_name)
}

/// A comment in a workflow that names a missing file ("# Replaces lint.yml + codeql.yml"):
/// the file was usually merged into that workflow, which the finding points to.
fn comment_mention<'a>(repo: &'a Repo, file_name: &str) -> Option<(&'a Workflow, u32)> {
    repo.workflows.iter().find_map(|w| {
        (1..=w.file.line_count() as u32).find_map(|line| {
            let text = w.file.line_text(line).trim_start();
            (text.starts_with('#') && mentions_name(text, file_name)).then_some((w, line))
        })
    })
}

/// `name` appears in `text` as a whole file name, not inside a longer one.
fn mentions_name(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'))
            && !after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
    })
}

/// A workflow that names the file in its steps, outside comments and lines about workflows
/// (`valueFile: chart.yml`, "Commit chart.yml"; not `workflow_id: 'x.yml'`): a data file the
/// run reads or edits.
fn data_file_of_a_run(repo: &Repo, file_name: &str) -> bool {
    repo.workflows.iter().any(|w| {
        (1..=w.file.line_count() as u32).any(|line| {
            let text = w.file.line_text(line);
            let code = text.split(" #").next().unwrap_or(text);
            !code.trim_start().starts_with('#')
                && !code.to_ascii_lowercase().contains("workflow")
                && mentions_name(code, file_name)
        })
    })
}

/// The doc line itself says the file is configuration, not a workflow.
fn says_not_workflow(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["config", "settings", "not a workflow", "isn't a workflow", "not run"]
        .iter()
        .any(|w| lower.contains(w))
}

/// A comment line shortened for a message.
fn clip(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn suggestion(repo: &Repo, name: &str) -> String {
    // A display name is compared with display names (`name:`, or the file's name without one).
    let by_name = !name.is_empty() && !is_file_name(name);
    let names: Vec<&str> = repo
        .workflows
        .iter()
        .filter(|w| w.is_workflow())
        .map(|w| {
            if by_name {
                w.display_name()
            } else {
                w.file.file_name()
            }
        })
        .collect();
    match closest(name, names.iter().copied()) {
        Some(c) => format!("; did you mean `{c}`?"),
        None if names.is_empty() => String::new(),
        None => format!("; workflows here: {}", names.join(", ")),
    }
}

fn job_named(job: &crate::workflow::Job, name: &str) -> bool {
    job.id.value.eq_ignore_ascii_case(name)
        || job
            .name
            .as_ref()
            .is_some_and(|n| n.value.eq_ignore_ascii_case(name))
}

/// A step named so, or using an action whose repository carries the name's words
/// ("Commit Lint" and `acme/commit-lint-action@v2`).
fn step_named(job: &crate::workflow::Job, name: &str) -> bool {
    let slug = name.to_ascii_lowercase().replace([' ', '_'], "-");
    // Asked for every step of every workflow per named thing: compared byte by byte, without
    // a lowercased copy of each step's name and action and a substring searcher per step.
    let as_name = |b: u8| b.to_ascii_lowercase();
    let as_slug = |b: u8| match b.to_ascii_lowercase() {
        b'_' => b'-',
        l => l,
    };
    job.steps.iter().any(|st| {
        st.name
            .as_ref()
            .is_some_and(|n| holds_mapped(&n.value, name, as_name))
            || st.uses.as_ref().is_some_and(|u| {
                let repo = u.value.split('@').next().unwrap_or("");
                holds_mapped(repo, &slug, as_slug)
            })
    })
}

/// Does `hay`, each byte mapped by `map`, contain `needle` mapped the same way? (`map` maps
/// ASCII bytes to ASCII bytes and leaves the others as they are, so this equals `contains` on
/// the mapped strings.)
fn holds_mapped(hay: &str, needle: &str, map: impl Fn(u8) -> u8) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty()
        || h.windows(n.len())
            .any(|w| w.iter().zip(n).all(|(&a, &b)| map(a) == map(b)))
}

/// Where `needle` (not empty) first occurs in `hay`, as `str::find` says, found from its first
/// byte: asked three times of every doc line, where a substring searcher set up per call cost
/// more than the search.
fn find_text(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    memchr::memchr_iter(first, h).find(|&i| h[i..].starts_with(n))
}

/// `word` at the start of `text`, ignoring case, not followed by a letter or digit.
fn word_at_start(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && !text
            .get(word.len()..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_alphanumeric)
}

/// What a doc calls the named thing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Named {
    Workflow,
    Job,
    /// "the **X** GitHub Action": a workflow, a job or the action a step uses.
    Action,
}

/// "the `beta` workflow", "the `deploy-prod` job": backticked names followed by the word
/// workflow or job, outside fenced code blocks. Returns (line, column offset, length as
/// written with its marks, name, what it is called).
fn named_mentions(doc: &SourceFile) -> Vec<(u32, usize, usize, String, Named)> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in 1..=doc.line_count() as u32 {
        let text = doc.line_text(line);
        let t = text.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut rest = text;
        let mut base = 0;
        while let Some(open) = rest.find('`') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('`') else { break };
            let name = &after[..close];
            // The word after the span, any ASCII case (no lowercase copy of the line's rest).
            let tail = after[close + 1..].trim_start().as_bytes();
            let says = |word: &str| {
                tail.get(..word.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(word.as_bytes()))
            };
            let is_job = says("job");
            let plausible = !name.is_empty()
                && name.len() <= 60
                && !name.contains(['/', '.', ' ', '$', '{', '('])
                && !name.starts_with('-');
            if plausible && (says("workflow") || is_job) {
                let named = if is_job { Named::Job } else { Named::Workflow };
                out.push((line, base + open, name.len() + 2, name.to_string(), named));
            }
            let consumed = open + 1 + close + 1;
            base += consumed;
            rest = &rest[consumed..];
        }
        for (col, len, name, action) in emphasised_names(text) {
            let named = if action {
                Named::Action
            } else {
                Named::Workflow
            };
            out.push((line, col, len, name, named));
        }
    }
    out
}

/// "the **Release Pipeline** workflow", "the \"Nightly Build\" workflow": a display name in
/// bold or double quotes right before the word "workflow", as (column, name). Up to six words,
/// starting with a capital or a digit (so "the **new** workflow" is no name). Also "runs the
/// **Commit Lint** GitHub Action": a check named like a workflow, or like the action a step
/// uses. Returns (column, length with its marks, name, said "GitHub Action").
fn emphasised_names(text: &str) -> Vec<(usize, usize, String, bool)> {
    let mut out = Vec::new();
    for (open, close) in [("**", "**"), ("\"", "\""), ("“", "”")] {
        let mut from = 0;
        while let Some(start) = text.get(from..).and_then(|t| find_text(t, open)).map(|i| from + i) {
            let inner_at = start + open.len();
            let Some(len) = text.get(inner_at..).and_then(|t| find_text(t, close)) else {
                break;
            };
            let name = text.get(inner_at..inner_at + len).unwrap_or("").trim();
            let after = inner_at + len + close.len();
            from = after;
            let tail = text.get(after..).unwrap_or("").trim_start();
            let first = name.chars().next();
            let plausible = !name.is_empty()
                && name.len() <= 60
                && name.split_whitespace().count() <= 6
                && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && !name.contains(['`', '*', '/', '$', '{', '"', ':']);
            let is_workflow = word_at_start(tail, "workflow");
            let is_action = tail
                .get(..13)
                .is_some_and(|w| w.eq_ignore_ascii_case("github action"));
            if plausible && (is_workflow || is_action) {
                out.push((start, after - start, name.to_string(), is_action));
            }
        }
    }
    out.sort();
    out
}

impl Rule for DocUnknownWorkflow {
    fn claims(&self, cx: &Ctx, out: &mut Vec<ClaimCheck>) {
        let repo = cx.repo;
        for doc in &repo.docs {
            if repo.workflows.is_empty() {
                break;
            }
            for (line, col, len, name, named) in named_mentions(doc) {
                let start = doc.line_start(line) + col;
                let span = doc.span(start, start + len);
                let what = match named {
                    Named::Job => "Job",
                    Named::Workflow => "Workflow",
                    Named::Action => "GitHub Action",
                };
                let check = ClaimCheck::new(
                    Self::ID,
                    doc,
                    span,
                    format!("{what} `{name}`"),
                    doc.line_text(line),
                );
                let by_job = |w: &&Workflow| w.jobs.iter().any(|j| job_named(j, &name));
                let by_workflow = |w: &&Workflow| {
                    w.name.as_ref().is_some_and(|n| {
                        n.value.eq_ignore_ascii_case(&name) || near_name(&name, &n.value)
                    }) || w
                        .file
                        .file_name()
                        .rsplit_once('.')
                        .is_some_and(|(stem, _)| stem.eq_ignore_ascii_case(&name))
                };
                let found = match named {
                    Named::Job => repo.workflows.iter().find(by_job),
                    Named::Workflow => repo.workflows.iter().find(by_workflow),
                    Named::Action => repo.workflows.iter().find(|w| {
                        by_workflow(w) || by_job(w) || w.jobs.iter().any(|j| step_named(j, &name))
                    }),
                };
                match found {
                    Some(w) => out.push(check.verdict(
                        Outcome::Holds,
                        format!("{} has it", w.file.path),
                        "",
                    )),
                    None => {
                        let candidates: Vec<String> = if named == Named::Job {
                            repo.workflows
                                .iter()
                                .flat_map(|w| w.jobs.iter().map(|j| j.id.value.clone()))
                                .collect()
                        } else {
                            repo.workflows
                                .iter()
                                .flat_map(|w| {
                                    let stem =
                                        w.file.file_name().rsplit_once('.').map_or("", |(s, _)| s);
                                    [w.display_name().to_string(), stem.to_string()]
                                })
                                .collect()
                        };
                        let hint = closest(&name, candidates.iter().map(String::as_str))
                            .map(|c| format!("; did you mean `{c}`?"))
                            .unwrap_or_default();
                        let message = match named {
                            Named::Job => format!("no job named `{name}` in .github/workflows{hint}"),
                            Named::Workflow => {
                                format!("no workflow named `{name}` in .github/workflows{hint}")
                            }
                            Named::Action => format!(
                                "no workflow, job or step is named `{name}`, and no step uses an \
                                 action of that name{hint}"
                            ),
                        };
                        let kind = if named == Named::Job { "job" } else { "workflow" };
                        out.push(check.verdict(
                            Outcome::Violated,
                            message,
                            format!("readers look for a {kind} that does not exist"),
                        ));
                    }
                }
            }
        }
        let own = repo.own_slugs();
        // Why GitHub rejects a referenced workflow file, if it does (asked once per file).
        let mut rejections: std::collections::HashMap<&str, Option<(crate::source::Span, String)>> =
            std::collections::HashMap::new();
        // Missing entries of each directory tree, by doc and tree: one finding per tree.
        let mut trees: std::collections::BTreeMap<(&str, u32), Vec<TreeEntry>> =
            Default::default();
        for (doc, _, c) in repo.doc_claims() {
            let (reference, explicit) = match &c.kind {
                // Links to other repositories' workflows are not ours to check.
                ClaimKind::WorkflowRef { repo: Some(slug), .. }
                    if !own.contains(&slug.to_lowercase()) =>
                {
                    continue
                }
                // This repository's own URL or `uses:`: the file name is the reference.
                ClaimKind::WorkflowRef {
                    file_name,
                    repo: Some(_),
                    ..
                } => (file_name.as_str(), true),
                ClaimKind::WorkflowRef {
                    target, explicit, ..
                } => (target.as_str(), *explicit),
                ClaimKind::Command { workflow, .. } => (workflow.as_str(), true),
                _ => continue,
            };
            let reference = reference.trim_start_matches("./").trim_start_matches("../");
            let file_name = reference.rsplit('/').next().unwrap_or(reference);
            let by_gh_name = matches!(c.kind, ClaimKind::Command { .. })
                && !is_file_name(file_name)
                && !file_name.chars().all(|ch| ch.is_ascii_digit());
            let check = ClaimCheck::new(
                Self::ID,
                doc,
                c.span,
                format!("Workflow `{file_name}`"),
                &c.text,
            );
            match lookup(repo, reference) {
                Lookup::Found(w) if by_gh_name && !gh_selects(w, reference) => {
                    // Found only through a near name: gh itself would not find it.
                    let (shown, span) = w
                        .name
                        .as_ref()
                        .map_or((w.display_name().to_string(), w.file.line_span(1)), |n| {
                            (n.value.clone(), n.span)
                        });
                    out.push(
                        check
                            .verdict(
                                Outcome::Violated,
                                format!(
                                    "`gh workflow run {reference}` finds no workflow: gh matches a \
                                     name exactly (ignoring case), and the nearest, {}, is named \
                                     `{shown}`",
                                    w.file.rel
                                ),
                                "the documented command fails",
                            )
                            .related(&w.file, span, "workflow name"),
                    );
                }
                Lookup::Found(w) if !w.is_workflow() && !says_not_workflow(&c.text) => {
                    // A file in the folder with neither `on:` nor `jobs:` (a tool's config kept
                    // there), described as a workflow.
                    out.push(
                        check
                            .verdict(
                                Outcome::Violated,
                                format!(
                                    "{} sits in .github/workflows but is no workflow: it has \
                                     neither `on:` nor `jobs:`, so GitHub never runs it",
                                    w.file.path
                                ),
                                "the documented workflow never runs",
                            )
                            .related(&w.file, w.file.line_span(1), "file"),
                    );
                }
                Lookup::Found(w) => {
                    let rejected = rejections
                        .entry(w.file.rel.as_str())
                        .or_insert_with(|| super::invalid_expression::rejection(w));
                    out.push(match rejected {
                        // GitHub validates the file before any run and rejects it whole.
                        Some((span, why)) => check
                            .verdict(
                                Outcome::Violated,
                                format!(
                                    "{} exists but GitHub rejects it as an invalid workflow file ({}:{}: {why}), so it never runs",
                                    w.file.path,
                                    w.file.file_name(),
                                    span.start.line
                                ),
                                "the documented workflow never runs",
                            )
                            .related(&w.file, *span, "invalid expression"),
                        None => check
                            .verdict(Outcome::Holds, format!("{} exists", w.file.path), "")
                            .related(&w.file, w.file.line_span(1), "workflow"),
                    });
                }
                Lookup::Inert(p) => out.push(check.verdict(
                    Outcome::Violated,
                    format!("`{file_name}` exists only as {p}, which GitHub never runs"),
                    "the documented workflow never runs",
                )),
                Lookup::Missing => {
                    if let Some(e) = broken_workflow(repo, file_name) {
                        out.push(
                            check
                                .verdict(
                                    Outcome::Violated,
                                    format!(
                                        "{} exists but cannot be read ({}:{}: {}), so GitHub never runs it",
                                        e.file.rel,
                                        e.file.file_name(),
                                        e.line,
                                        e.message
                                    ),
                                    "the documented workflow never runs",
                                )
                                .related(&e.file, e.file.line_span(e.line), "load error"),
                        );
                        continue;
                    }
                    if !explicit
                        && (bare_name_exists(repo, doc, file_name)
                            // A tool's config name, unlabelled, comes from a table of the
                            // folder's files: absent, it was never a workflow.
                            || (crate::docs::well_known_non_workflow(file_name)
                                && !crate::docs::labelled_as_workflow(&c.text, file_name))
                            || data_file_of_a_run(repo, file_name))
                    {
                        continue;
                    }
                    if let ClaimKind::WorkflowRef {
                        tree: Some(tree), ..
                    } = &c.kind
                    {
                        trees
                            .entry((doc.path.as_str(), *tree))
                            .or_default()
                            .push((doc, c, file_name));
                        continue;
                    }
                    let is_name = !file_name.ends_with(".yml") && !file_name.ends_with(".yaml");
                    let what = if is_name { "named" } else { "file" };
                    let mention = (!is_name)
                        .then(|| comment_mention(repo, file_name))
                        .flatten();
                    let note = mention.as_ref().map_or(String::new(), |(w, line)| {
                        format!(
                            " ({}:{line} names it in a comment: \"{}\")",
                            w.file.file_name(),
                            clip(w.file.line_text(*line).trim().trim_start_matches('#').trim())
                        )
                    });
                    let verdict = check.verdict(
                        Outcome::Violated,
                        format!(
                            "no workflow {what} `{file_name}` in .github/workflows{}{note}",
                            suggestion(repo, file_name)
                        ),
                        "readers follow a workflow that does not exist",
                    );
                    out.push(match mention {
                        Some((w, line)) => {
                            verdict.related(&w.file, w.file.line_span(line), "comment naming it")
                        }
                        None => verdict,
                    });
                }
            }
        }
        for entries in trees.into_values() {
            // Reported at the last missing entry, naming them all.
            let Some(&(doc, last, _)) = entries.last() else {
                continue;
            };
            let names: Vec<String> = entries.iter().map(|(_, _, n)| format!("`{n}`")).collect();
            let what = if names.len() == 1 {
                "it does not exist there"
            } else {
                "none of them exists there"
            };
            let check = ClaimCheck::new(
                Self::ID,
                doc,
                last.span,
                "Workflow files in a directory tree",
                &last.text,
            );
            out.push(check.verdict(
                Outcome::Violated,
                format!(
                    "the tree lists {} under .github/workflows but {what}{}",
                    names.join(", "),
                    suggestion(repo, "")
                        .strip_prefix(";")
                        .map(|s| format!(" ({})", s.trim()))
                        .unwrap_or_default()
                ),
                "readers follow workflows that do not exist",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_drop_qualifiers_and_numbering() {
        assert!(near_name("Deploy Preview", "Deploy Preview (manual only)"));
        assert!(near_name("Bump Version", "1. Bump Version"));
        assert!(near_name("Deploy", "02 - Deploy"));
        assert!(near_name("Tag", "04 · Tag"));
        assert!(!near_name("Deploy", "Deploy prod"));
        assert!(!near_name("Render", "3d Render"));
        assert_eq!(unnumbered("2024 roadmap"), "2024 roadmap");
        assert_eq!(unnumbered("3) Release"), "Release");
    }

    #[test]
    fn find_text_equals_str_find() {
        for hay in ["", "a **b** c", "“x” “y”", "\"q\"", "***", "é**é", "no marks"] {
            for needle in ["**", "\"", "“", "”", "é", "x"] {
                assert_eq!(find_text(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            }
        }
    }

    #[test]
    fn mapped_search_equals_contains_on_mapped_copies() {
        let slug = |t: &str| t.to_ascii_lowercase().replace([' ', '_'], "-");
        let as_slug = |b: u8| match b.to_ascii_lowercase() {
            b'_' => b'-',
            l => l,
        };
        let hays = [
            "",
            "Commit Lint",
            "acme/Commit_Lint-action",
            "ÉCLAIR commit lint",
            "éclair",
            "a_b_c",
            "lint",
        ];
        let needles = ["", "commit lint", "Commit Lint", "COMMIT_LINT", "É", "é", "b c", "lintx"];
        for hay in hays {
            for needle in needles {
                assert_eq!(
                    holds_mapped(hay, needle, |b| b.to_ascii_lowercase()),
                    hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase()),
                    "{hay:?} {needle:?}"
                );
                assert_eq!(
                    holds_mapped(hay, &slug(needle), as_slug),
                    hay.to_ascii_lowercase().replace('_', "-").contains(&slug(needle)),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }
}
