//! `cache-poisoning`: a workflow that publishes or releases restores a cache. Caches are
//! shared with runs on other branches and pull requests of the repository, so code that ran
//! in a less trusted run can plant files that end up in the released artifact.

use crate::source::HoldsTemplate as _;
use super::security::{self, step_uses, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::effects::EffectKind;
use crate::workflow::evidence::not_really_a_release;
use crate::source::SourceFile;
use crate::workflow::{Job, Spanned, Step, Workflow};
use std::cell::OnceCell;
use std::path::Path;

pub struct CachePoisoning;

/// How an action caches: always, unless an input turns it off, or only when an input is set.
enum Caches {
    Always,
    Unless(&'static str, &'static str),
    When(&'static str),
    /// Only when the first input is set, and then unless the second is set to the third:
    /// setup-buildx caches the buildx it downloads, and it downloads only for `version:`.
    WhenSetUnless(&'static str, &'static str, &'static str),
    /// Unless the input is set to a true value (`true`, `yes`, `1`, `on`).
    UnlessTrue(&'static str),
    /// astral-sh/setup-uv: with `enable-cache:` set true, or by default (`auto`) on
    /// GitHub-hosted runners from v5 up to v9; v10's `auto` no longer caches in release runs.
    Uv,
    /// actions/setup-node: with `cache:`, or (v5 and later) on its own when the repository's
    /// package.json names a `packageManager` (v6: npm only), unless
    /// `package-manager-cache: false`.
    Node,
}

const CACHING: &[(&str, Caches)] = &[
    ("actions/cache", Caches::Unless("lookup-only", "true")),
    ("actions/cache/restore", Caches::Always),
    ("swatinem/rust-cache", Caches::Always),
    // Runs Swatinem/rust-cache itself unless `cache: false`.
    ("actions-rust-lang/setup-rust-toolchain", Caches::Unless("cache", "false")),
    ("mozilla-actions/sccache-action", Caches::Always),
    ("actions/setup-go", Caches::Unless("cache", "false")),
    ("actions/setup-node", Caches::Node),
    ("actions/setup-python", Caches::When("cache")),
    ("actions/setup-java", Caches::When("cache")),
    ("actions/setup-dotnet", Caches::When("cache")),
    ("astral-sh/setup-uv", Caches::Uv),
    ("pyo3/maturin-action", Caches::When("sccache")),
    ("ramsey/composer-install", Caches::UnlessTrue("ignore-cache")),
    (
        "docker/setup-buildx-action",
        Caches::WhenSetUnless("version", "cache-binary", "false"),
    ),
    ("jdx/mise-action", Caches::Unless("cache", "false")),
    ("ruby/setup-ruby", Caches::When("bundler-cache")),
    ("gradle/actions/setup-gradle", Caches::Unless("cache-disabled", "true")),
    ("gradle/gradle-build-action", Caches::Unless("cache-disabled", "true")),
    ("pnpm/action-setup", Caches::When("cache")),
    ("oven-sh/setup-bun", Caches::Unless("no-cache", "true")),
];

/// What the repository's root package.json says about setup-node's automatic cache.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PackageJson {
    /// No readable package.json here (a partial checkout, a subfolder project): unknown.
    Unknown,
    /// A package.json without `packageManager`: setup-node caches nothing on its own.
    NoManager,
    /// `packageManager`, e.g. `npm@10.9.0`.
    Manager(String),
}

fn package_json(root: &Path) -> PackageJson {
    let Ok(text) = std::fs::read_to_string(root.join("package.json")) else {
        return PackageJson::Unknown;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return PackageJson::Unknown;
    };
    match json.get("packageManager").and_then(|v| v.as_str()) {
        Some(pm) => PackageJson::Manager(pm.to_string()),
        None => PackageJson::NoManager,
    }
}

/// The major version of the action a `uses:` line names: its ref (`@v4`, `@v4.2.0`) or, for a
/// SHA pin, the version in the comment after it (`@<sha> # v4.4.0`).
fn major_version(file: &SourceFile, uses: &Spanned<String>) -> Option<u32> {
    let digits = |s: &str| -> Option<u32> {
        let s = s.trim().trim_start_matches(['v', 'V']);
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s.get(..end).filter(|d| !d.is_empty())?.parse().ok()
    };
    let git_ref = uses.value.split_once('@').map(|(_, r)| r)?;
    if !security::is_full_sha(git_ref) {
        return digits(git_ref);
    }
    let line = file.line_text(uses.span.start.line);
    let comment = line.split_once(" #").map(|(_, c)| c)?;
    comment
        .split_whitespace()
        .find(|w| w.starts_with(['v', 'V']) && w.len() > 1)
        .and_then(digits)
}

/// Where a step runs: setup-node's automatic cache depends on what came before it.
struct Place<'a> {
    wf: &'a Workflow,
    job: &'a Job,
    step: &'a Step,
}

/// Why the step caches and how sure that is, or None.
fn caches(step: &Step, package: &PackageJson, major: Option<u32>, at: &Place) -> Option<(String, Confidence)> {
    let uses = security::step_action(step)?;
    let (action, how) = CACHING.iter().find(|(a, _)| uses.is_action(a))?;
    let input = |k: &str| step.with_value(k).map(|v| v.value.trim().to_ascii_lowercase());
    if let Caches::Node = how {
        if let Some(v) = input("cache").filter(|v| !v.is_empty()) {
            return Some((format!("{action} restores a cache (`cache: {v}`)"), Confidence::Medium));
        }
        if input("package-manager-cache").is_some_and(|v| v == "false") {
            return None;
        }
        // Automatic caching came with v5: an older major (from the ref or the version
        // comment of a SHA pin) caches only with `cache:`.
        if major.is_some_and(|m| m < 5) {
            return None;
        }
        // Nothing checked out yet: no package.json to read.
        if empty_workspace_before(at.job, at.step) {
            return None;
        }
        // From v6 only npm projects are cached on their own.
        let v6 = major.is_some_and(|m| m >= 6);
        let not_npm = || not_npm(at.wf, at.job);
        return match package {
            PackageJson::NoManager => None,
            PackageJson::Manager(pm) if v6 && !pm.starts_with("npm@") => None,
            PackageJson::Unknown if v6 && not_npm() => None,
            PackageJson::Manager(pm) => Some((
                format!("{action} restores a cache on its own (v5 and later, as package.json names `packageManager: {pm}`; `package-manager-cache: false` turns it off)"),
                if pm.starts_with("npm@") { Confidence::Medium } else { Confidence::Low },
            )),
            PackageJson::Unknown => Some((
                format!("{action} may restore a cache on its own (v5 and later do when package.json names a `packageManager`; no package.json was read here; `package-manager-cache: false` turns it off)"),
                Confidence::Low,
            )),
        };
    }
    if let Caches::Uv = how {
        return uv_caches(action, input("enable-cache"), major, at.job);
    }
    let why = match how {
        Caches::Node | Caches::Uv => None,
        Caches::UnlessTrue(k) => match input(k) {
            Some(v) if matches!(v.as_str(), "true" | "yes" | "1" | "on") => None,
            Some(v) => Some(format!("{action} restores a cache (`{k}: {v}`)")),
            None => Some(format!("{action} restores a cache by default (`{k}: true` turns it off)")),
        },
        Caches::Always => Some(format!("{action} restores a cache")),
        Caches::Unless(k, off) => match input(k) {
            Some(v) if v == *off => None,
            Some(_) => Some(format!("{action} restores a cache (`{k}`)")),
            None => Some(format!("{action} restores a cache by default (`{k}: {off}` turns it off)")),
        },
        Caches::When(k) => match input(k) {
            Some(v) if !v.is_empty() && v != "false" => Some(format!("{action} restores a cache (`{k}: {v}`)")),
            _ => None,
        },
        Caches::WhenSetUnless(set, k, off) => match (input(set), input(k)) {
            (Some(v), Some(c)) if !v.is_empty() && c != *off => {
                Some(format!("{action} restores a cached download (`{set}: {v}`, `{k}: {c}`)"))
            }
            (Some(v), None) if !v.is_empty() => Some(format!(
                "{action} restores a cached download (`{set}: {v}`; `{k}: {off}` turns it off)"
            )),
            _ => None,
        },
    };
    // A toggle set by an expression (`sccache: ${{ !startsWith(github.ref, 'refs/tags/') }}`)
    // may be off in exactly the release runs: low confidence.
    let keys: &[&str] = match how {
        Caches::Unless(k, _) | Caches::When(k) | Caches::UnlessTrue(k) => &[k],
        Caches::WhenSetUnless(_, k, _) => &[k],
        Caches::Always | Caches::Node | Caches::Uv => &[],
    };
    let by_expression = keys.iter().any(|k| input(k).is_some_and(|v| v.holds_template()));
    why.map(|w| (w, if by_expression { Confidence::Low } else { Confidence::Medium }))
}

/// Does astral-sh/setup-uv cache here? `enable-cache: true` (or an expression) does; unset or
/// `auto` caches on GitHub-hosted runners from v5 until v10, which stopped caching by default
/// in release runs. A SHA pin without a version comment may be any of them: low confidence.
fn uv_caches(action: &str, enable: Option<String>, major: Option<u32>, job: &Job) -> Option<(String, Confidence)> {
    match enable.as_deref() {
        Some("false") => return None,
        Some(v) if !v.is_empty() && v != "auto" => {
            return Some((format!("{action} restores a cache (`enable-cache: {v}`)"), Confidence::Medium))
        }
        _ => {}
    }
    let self_hosted = job.runs_on.as_ref().is_some_and(|r| r.value.to_ascii_lowercase().contains("self-hosted"));
    match major {
        _ if self_hosted => None,
        Some(m) if (5..10).contains(&m) => Some((
            format!("{action} restores a cache by default on GitHub-hosted runners (v5 to v9; `enable-cache: false` turns it off)"),
            Confidence::Medium,
        )),
        Some(_) => None,
        None => Some((
            format!("{action} may restore a cache by default (v5 to v9 do on GitHub-hosted runners; the version is not known here; `enable-cache: false` turns it off)"),
            Confidence::Low,
        )),
    }
}

/// A script, action or called workflow whose own name says it ships (`scripts/release.sh`,
/// `./.github/workflows/publish.yml`); the effects table's looser hints (an action named
/// `crate-ci/typos` hints at crates) do not make a workflow a release workflow.
fn named_for_shipping(what: &str) -> bool {
    what.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| ["publish", "deploy", "release"].iter().any(|s| w.eq_ignore_ascii_case(s)))
}

/// Families of effects through which what a job holds leaves the runner: a job with none of
/// them (and no outputs) only tests or checks, so a poisoned cache cannot reach the release.
const CARRIES: &[&str] = &[
    "publish", "release", "deploy", "pages", "tag", "tag-push", "copy", "artifact", "branch", "pull-request",
];

/// Can what this job builds reach what the workflow ships? Only a job known to test (a test
/// or lint step) through which nothing leaves (no artifact, publish, push or output, no
/// environment, no step that could do any of it) is left out.
fn job_ships(wf: &Workflow, job: &Job) -> bool {
    let id = job.id.value.as_str();
    let effects = || wf.effects.effects.iter().filter(|e| !e.disabled && e.job == id);
    let opaque = || wf.effects.opaque.iter().filter(|o| o.job == id);
    let tests = effects().any(|e| matches!(e.family.as_str(), "test" | "lint"))
        || opaque().any(|o| !o.families.is_empty() && o.may("test"))
        || job.steps.iter().filter_map(|s| s.name.as_ref()).any(|n| {
            n.value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| ["test", "tests", "e2e"].iter().any(|t| w.eq_ignore_ascii_case(t)))
        });
    !tests
        || job.uses.is_some()
        || job.environment.is_some()
        || !job.outputs.is_empty()
        || named_for_shipping(&job.id.value)
        || job.name.as_ref().is_some_and(|n| named_for_shipping(&n.value))
        || effects().any(|e| CARRIES.contains(&e.family.as_str()))
        || opaque().any(|o| o.families.is_empty() || carrying_name(&o.what))
}

/// A step we cannot see into whose name says it moves something out (the effects table's
/// hints are looser: `docker/setup-qemu-action` hints at image pushes).
fn carrying_name(what: &str) -> bool {
    const WORDS: &[&str] = &["publish", "deploy", "release", "push", "upload", "copy", "sync", "rsync", "scp"];
    what.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WORDS.iter().any(|s| w.eq_ignore_ascii_case(s)))
}

/// Is the workspace still empty when this step runs (no checkout, no script before it in
/// the job)? Then there is no package.json for setup-node to read.
fn empty_workspace_before(job: &Job, step: &Step) -> bool {
    job.steps
        .iter()
        .take_while(|s| !std::ptr::eq(*s, step))
        .all(|s| s.run.is_none() && s.uses.as_ref().is_some_and(|u| !u.value.trim_start().starts_with("./")) && !step_uses(s, "actions/checkout"))
}

/// Does the workflow show a package manager other than npm (pnpm/yarn/bun setup, or such
/// commands in the job)? setup-node v6 caches on its own only for npm.
fn not_npm(wf: &Workflow, job: &Job) -> bool {
    let setup = wf.jobs.iter().flat_map(|j| &j.steps).any(|s| {
        ["pnpm/action-setup", "oven-sh/setup-bun"].iter().any(|a| step_uses(s, a))
    });
    setup
        || job.steps.iter().filter_map(|s| s.run.as_ref()).any(|r| {
            r.value
                .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | '`'))
                .any(|w| matches!(w, "pnpm" | "pnpx" | "yarn" | "bun" | "bunx"))
        })
}

/// Why the workflow counts as publishing, or None.
fn publishes(wf: &Workflow) -> Option<String> {
    if let Some(t) = wf.trigger("release") {
        return Some(format!("it runs on `release` (line {})", t.span.start.line));
    }
    if let Some(t) = wf
        .triggers
        .iter()
        .find(|t| t.event == "push" && t.filters.tags.is_some())
    {
        return Some(format!("it runs on tag pushes (line {})", t.span.start.line));
    }
    // Pushes to release branches (`release/*`, `release-*`) build what ships when the
    // workflow does something with its output (publishes, deploys, copies, tags, or has a
    // step named like publishing or deploying; a test report uploaded as an artifact ships
    // nothing); CI that only tests a release branch ships nothing.
    const SHIPS: &[&str] = &["publish", "release", "deploy", "pages", "tag", "tag-push", "copy"];
    // A step only named like a shipping effect counts for the strong words alone: a tool
    // called `build-templated-pages` deploys nothing.
    let acts = SHIPS.iter().any(|f| wf.effects.live(f).next().is_some())
        || wf.effects.opaque.iter().any(|o| named_for_shipping(&o.what));
    if let Some(t) = wf.triggers.iter().filter(|_| acts).find(|t| {
        t.event == "push"
            && t.filters.branches.as_ref().is_some_and(|b| {
                b.iter().any(|p| release_branch(&p.value))
            })
    }) {
        return Some(format!("it runs on pushes to release branches (line {})", t.span.start.line));
    }
    // A release tool run for a check (`goreleaser build --snapshot`) releases nothing.
    let publishing = wf.jobs.iter().flat_map(|j| j.effects.iter().map(move |e| (j, e))).find(|(j, e)| {
        match e.kind {
            EffectKind::Publishes(_) => true,
            EffectKind::CreatesRelease => !not_really_a_release(j, e.span),
            _ => false,
        }
    }).map(|(_, e)| e);
    if let Some(e) = publishing {
        return Some(format!("it publishes or creates a release at line {}", e.span.start.line));
    }
    None
}

/// A branch filter naming release branches (`release/*`, `releases/v*`, `patch-release-*`).
/// Version-shaped names (`2.x`, `v*`) are left out: as often development lines as release ones.
fn release_branch(pattern: &str) -> bool {
    !pattern.starts_with('!') && pattern.to_ascii_lowercase().contains("release")
}

/// Does the workflow run where releases are made (a `release` event, tag pushes, pushes to
/// release branches), whatever its steps do? Said with the trigger's line.
fn release_context(wf: &Workflow) -> Option<String> {
    if let Some(t) = wf.trigger("release") {
        return Some(format!("it runs on `release` (line {})", t.span.start.line));
    }
    let push = || wf.triggers.iter().filter(|t| t.event == "push");
    if let Some(t) = push().find(|t| t.filters.tags.is_some()) {
        return Some(format!("it runs on tag pushes (line {})", t.span.start.line));
    }
    push()
        .find(|t| t.filters.branches.as_ref().is_some_and(|b| b.iter().any(|p| release_branch(&p.value))))
        .map(|t| format!("it runs on pushes to release branches (line {})", t.span.start.line))
}

impl Rule for CachePoisoning {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let pm_cell = OnceCell::new();
        for wf in &cx.repo.workflows {
            let shipped = publishes(wf);
            // Pedantic only: release runs whose caches cannot reach what ships.
            let context = release_context(wf);
            if shipped.is_none() && context.is_none() {
                continue;
            }
            let package = pm_cell.get_or_init(|| package_json(&cx.repo.root_path));
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                let ships = job_ships(wf, job);
                for step in &job.steps {
                    let major = step.uses.as_ref().and_then(|u| major_version(&wf.file, u));
                    let at = Place { wf, job, step };
                    let (Some((how, confidence)), Some(uses)) = (caches(step, package, major, &at), &step.uses) else {
                        continue;
                    };
                    let (confidence, message) = match (&shipped, &context) {
                        (Some(why), _) if ships => (
                            confidence,
                            format!("{how} in a workflow whose output is published, as {why}; caches are shared with runs of other branches and pull requests, so code that ran there can plant files that end up in the release. Fix: do not restore caches in release workflows (turn the action's cache off, or build without it)"),
                        ),
                        (_, Some(ctx)) => {
                            let nothing = if shipped.is_none() {
                                "no step of this workflow publishes, releases or deploys"
                            } else {
                                "this job only tests and nothing it builds leaves it"
                            };
                            (
                                Confidence::Low,
                                format!("{how} in a release run: {ctx}, but {nothing}; a cache poisoned by another branch's run reaches only test results here, not what ships (low confidence, reported by the pedantic persona). Fix, if these runs must be reproducible: turn the action's cache off"),
                            )
                        }
                        _ => continue,
                    };
                    out.push(security::finding(
                        cx,
                        Self::ID,
                        &wf.file,
                        uses.span,
                        Severity::Warning,
                        confidence,
                        message,
                    ));
                }
            }
        }
    }
}
