//! Gate-order claims ("Tests must pass before publishing"): the jobs doing the outcome must
//! wait, through `needs:`, for a job doing each named check (or do it themselves first).

use std::collections::BTreeSet;

use super::super::claims::{ClaimCheck, Outcome};
use super::super::common::reusable_only;
use super::super::doc_unknown_workflow::{lookup, Lookup};
use crate::docs::gates::{GateCheck, GatedOutcome};
use crate::docs::ClaimKind;
use crate::repo::Repo;
use crate::source::SourceFile;
use crate::workflow::effects::placeholder::placeholder_step;
use crate::workflow::{Job, Workflow};

pub(super) fn gate_claims(id: &'static str, repo: &Repo, out: &mut Vec<ClaimCheck>) {
    for (doc, _, c) in repo.doc_claims() {
        let ClaimKind::GateOrder {
            gates,
            outcome,
            code,
            heading,
        } = &c.kind
        else {
            continue;
        };
        let Some((wf, named)) = scoped_workflow(repo, doc, code, heading.as_deref(), *outcome)
        else {
            continue;
        };
        let check = ClaimCheck::new(
            id,
            doc,
            c.span,
            format!(
                "{} waits for {}",
                capitalised(outcome.words()),
                gate_words(gates)
            ),
            &c.text,
        );
        let file = wf.file.file_name();
        // Another run or a caller decides what ran before: not this file's to tell.
        if wf.trigger("workflow_run").is_some() || reusable_only(wf) {
            out.push(check.verdict(
                Outcome::Unknown,
                format!("{file} starts after another workflow or is called by one: what runs before it is decided there"),
                "",
            ));
            continue;
        }
        let jobs = outcome_jobs(wf, *outcome);
        let Some(first) = jobs.first() else {
            continue;
        };
        let mut missing: Option<(&Job, Vec<GateCheck>)> = None;
        let mut unknown: Option<String> = None;
        for job in &jobs {
            let before = Before::of(wf, job, *outcome);
            if let Some(what) = &before.opaque {
                unknown.get_or_insert_with(|| what.clone());
                continue;
            }
            let lacking: Vec<GateCheck> = gates
                .iter()
                .copied()
                .filter(|g| !before.satisfies(*g))
                .collect();
            if !lacking.is_empty() && missing.is_none() {
                missing = Some((job, lacking));
            }
        }
        let Some((job, lacking)) = missing else {
            let verdict = match unknown {
                Some(what) => check.verdict(
                    Outcome::Unknown,
                    format!("{what} runs before the job and what it does cannot be seen"),
                    "",
                ),
                None => check.verdict(
                    Outcome::Holds,
                    format!(
                        "in {file}, `{}` runs after {}",
                        first.id.value,
                        gate_words(gates)
                    ),
                    "",
                ),
            };
            out.push(verdict.related(&wf.file, first.id.span, format!("job `{}`", first.id.value)));
            continue;
        };
        let jid = job.id.value.as_str();
        let waits = if job.needs.is_empty() {
            "needs no other job".to_string()
        } else {
            let n: Vec<String> = job.needs.iter().map(|n| format!("`{}`", n.value)).collect();
            format!("needs only {}", n.join(", "))
        };
        let commented = commented_needs(&wf.file, job)
            .map(|(line, text)| format!(" (`{text}` is commented out, line {line})"))
            .unwrap_or_default();
        let elsewhere = elsewhere(repo, wf, &lacking);
        let mut check = check
            .short(format!(
                "`{jid}` does not wait for {}",
                gate_words(&lacking)
            ))
            .verdict(
                Outcome::Violated,
                format!(
                    "job `{jid}` of {file} {waits}{commented}: no job before it runs {}{}",
                    gate_words(&lacking),
                    elsewhere
                ),
                if named {
                    "the documented gate does not hold: a failing check does not stop it"
                } else {
                    "the documented gate does not hold in the workflow that does it"
                },
            )
            .related(&wf.file, job.id.span, format!("job `{jid}`"));
        for n in &job.needs {
            check = check.related(&wf.file, n.span, format!("`needs: {}`", n.value));
        }
        out.push(check);
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn gate_words(gates: &[GateCheck]) -> String {
    let w: Vec<String> = gates
        .iter()
        .map(|g| match g {
            GateCheck::Tests => "tests",
            GateCheck::Lint => "lint or type checks",
            GateCheck::Build => "a build",
            GateCheck::Size => "size checks",
            GateCheck::AnyCheck => "tests or lint",
        })
        .map(String::from)
        .collect();
    crate::checks::common::join_words(&w)
}

/// The workflow the claim is about and whether the doc named it: a workflow file in the
/// sentence's code or its heading, the heading as a workflow name, a doc page named like a
/// workflow file (`docs/deploy.md` for `deploy.yml`); else the one workflow with jobs doing
/// the outcome.
fn scoped_workflow<'r>(
    repo: &'r Repo,
    doc: &SourceFile,
    code: &[String],
    heading: Option<&str>,
    outcome: GatedOutcome,
) -> Option<(&'r Workflow, bool)> {
    let mut named: Vec<&Workflow> = code
        .iter()
        .filter_map(|c| repo.find_workflow(c.trim_matches('`')))
        .collect();
    if named.is_empty() {
        if let Some(h) = heading {
            named.extend(
                h.split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | '*'))
                    .filter(|w| w.ends_with(".yml") || w.ends_with(".yaml"))
                    .filter_map(|w| repo.find_workflow(w)),
            );
            if named.is_empty() {
                let bare = h.replace(['*', '`', '_', '#'], "");
                if let Lookup::Found(w) = lookup(repo, bare.trim()) {
                    named.push(w);
                }
            }
        }
    }
    if named.is_empty() {
        let stem = doc_stem(doc);
        named.extend(
            repo.workflows
                .iter()
                .filter(|w| stem.as_deref().is_some_and(|s| file_stem(w) == s)),
        );
    }
    named.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    named.dedup_by(|a, b| a.file.rel == b.file.rel);
    match named.as_slice() {
        [only] => return Some((only, true)),
        [] => {}
        _ => return None,
    }
    let doing: Vec<&Workflow> = repo
        .workflows
        .iter()
        .filter(|w| !outcome_jobs(w, outcome).is_empty())
        .collect();
    match doing.as_slice() {
        [only] => Some((only, false)),
        _ => None,
    }
}

fn doc_stem(doc: &SourceFile) -> Option<String> {
    let name = doc.file_name();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    // Generic page names say nothing about one workflow.
    let lower = stem.to_ascii_lowercase();
    (!matches!(
        lower.as_str(),
        "readme" | "index" | "contributing" | "releasing" | "release" | "ci" | "workflows"
    ))
    .then_some(lower)
}

fn file_stem(w: &Workflow) -> String {
    let name = w.file.file_name();
    name.rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .to_ascii_lowercase()
}

/// Jobs of `wf` doing the outcome: a live effect of its families, or an id/`name:` with its
/// stem ("package", "Publish to PyPI").
fn outcome_jobs(wf: &Workflow, outcome: GatedOutcome) -> Vec<&Job> {
    wf.jobs
        .iter()
        .filter(|j| {
            outcome
                .families()
                .iter()
                .any(|f| wf.effects.live(f).any(|e| e.job == j.id.value))
                || named_for(j, outcome.job_stems())
        })
        .collect()
}

fn named_for(job: &Job, stems: &[&str]) -> bool {
    let id = job.id.value.to_ascii_lowercase();
    let name = job
        .name
        .as_ref()
        .map(|n| n.value.to_ascii_lowercase())
        .unwrap_or_default();
    stems.iter().any(|s| id.contains(s) || name.contains(s))
}

/// What runs before a job's outcome: the jobs it needs (transitively) and its own steps before
/// the first step doing the outcome.
struct Before {
    families: BTreeSet<String>,
    /// Step names and command words (printing lines left out), lowercase.
    words: String,
    /// Something before it whose work cannot be seen (a script, a reusable workflow).
    opaque: Option<String>,
}

impl Before {
    fn of(wf: &Workflow, job: &Job, outcome: GatedOutcome) -> Before {
        let mut ancestors: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = job.needs.iter().map(|n| n.value.as_str()).collect();
        while let Some(id) = todo.pop() {
            if ancestors.insert(id) {
                if let Some(j) = wf.job(id) {
                    todo.extend(j.needs.iter().map(|n| n.value.as_str()));
                }
            }
        }
        // The job's own steps count up to the first step doing the outcome.
        let own_limit = outcome
            .families()
            .iter()
            .flat_map(|f| wf.effects.live(f))
            .filter(|e| e.job == job.id.value && e.family != "environment")
            .map(|e| e.span.start.line)
            .min();
        let own = |line: u32| own_limit.is_none_or(|l| line < l);
        let mut before = Before {
            families: BTreeSet::new(),
            words: String::new(),
            opaque: None,
        };
        for e in &wf.effects.effects {
            if e.disabled {
                continue;
            }
            if ancestors.contains(e.job.as_str()) || (e.job == job.id.value && own(e.span.start.line)) {
                before.families.insert(e.family.clone());
            }
        }
        for o in &wf.effects.opaque {
            let mine = o.job == job.id.value && own(o.span.start.line) && own_limit.is_some();
            if ancestors.contains(o.job.as_str()) || mine {
                before.opaque.get_or_insert_with(|| format!("`{}`", o.what));
            }
        }
        for j in wf.jobs.iter() {
            let is_ancestor = ancestors.contains(j.id.value.as_str());
            if !is_ancestor && j.id.value != job.id.value {
                continue;
            }
            if is_ancestor {
                if let Some(u) = &j.uses {
                    before.opaque.get_or_insert_with(|| format!("`{}`", u.value));
                }
                // A job that only prints stands in for the check it is named after.
                if placeholder_step(&wf.file, j).is_some() {
                    continue;
                }
                if let Some(n) = &j.name {
                    before.words.push_str(&n.value.to_ascii_lowercase());
                    before.words.push('\n');
                }
            }
            for s in &j.steps {
                if !is_ancestor && !own(s.span.start.line) {
                    continue;
                }
                if let Some(n) = &s.name {
                    before.words.push_str(&n.value.to_ascii_lowercase());
                    before.words.push('\n');
                }
                if let Some(r) = &s.run {
                    for line in r.value.lines() {
                        let t = line.trim_start();
                        if t.starts_with("echo") || t.starts_with("printf") || t.starts_with('#')
                        {
                            continue;
                        }
                        before.words.push_str(&t.to_ascii_lowercase());
                        before.words.push('\n');
                    }
                }
                if let Some(u) = &s.uses {
                    before.words.push_str(&u.value.to_ascii_lowercase());
                    before.words.push('\n');
                }
            }
        }
        before
    }

    fn satisfies(&self, gate: GateCheck) -> bool {
        gate.families().iter().any(|f| self.families.contains(*f))
            || gate.stems().iter().any(|s| self.words.contains(s))
    }
}

/// Does any job of `w` do the check: a live effect of its families, or, for a check with no
/// family (size checks), a step whose name or command holds one of its stems?
fn runs_anywhere(w: &Workflow, gate: GateCheck) -> bool {
    if !gate.families().is_empty() {
        return gate.families().iter().any(|f| w.effects.live(f).next().is_some());
    }
    w.jobs.iter().flat_map(|j| &j.steps).any(|s| {
        [&s.name, &s.run]
            .into_iter()
            .flatten()
            .any(|t| gate.stems().iter().any(|st| t.value.to_ascii_lowercase().contains(st)))
    })
}

/// A `needs:` line commented out inside the job: (line, text without the `#`).
fn commented_needs(file: &SourceFile, job: &Job) -> Option<(u32, String)> {
    (job.id.span.start.line..=job.span.end.line).find_map(|l| {
        let t = file.line_text(l).trim_start();
        let rest = t.strip_prefix('#')?.trim_start();
        rest.starts_with("needs:")
            .then(|| (l, rest.trim_end().to_string()))
    })
}

/// "; main.yml runs them on its own events, and nothing ties that run to this one".
fn elsewhere(repo: &Repo, wf: &Workflow, lacking: &[GateCheck]) -> String {
    let others: Vec<&str> = repo
        .workflows
        .iter()
        .filter(|w| w.file.rel != wf.file.rel)
        .filter(|w| lacking.iter().all(|g| runs_anywhere(w, *g)))
        .map(|w| w.file.file_name())
        .take(2)
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        let verb = if others.len() == 1 { "runs" } else { "run" };
        format!(
            " ({} {verb} them on other runs; nothing makes this run wait for those)",
            others.join(" and ")
        )
    }
}
