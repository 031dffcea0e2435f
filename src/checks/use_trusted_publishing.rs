//! `use-trusted-publishing`: a package goes to a registry that supports trusted publishing
//! (short-lived OIDC credentials: PyPI, npm, crates.io, RubyGems, NuGet) with a long-lived API
//! token instead. Which steps publish where is read from the workflow's effects model
//! (`rules/effects/table.yml`, [`crate::workflow::effects::model`]); this rule adds which
//! credential they use.

use super::security::{self, grants_id_token, job_permissions, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};
use crate::workflow::effects::model::StepEffect;
use crate::workflow::{Job, Spanned, Step, Workflow};

pub struct UseTrustedPublishing;

/// Registries (effects-table targets) that accept OIDC tokens from GitHub Actions.
const TRUSTED: &[&str] = &["PyPI", "npm", "crates.io", "RubyGems", "NuGet"];

/// Actions that take a credential in an input, when the registry is one of the trusted ones.
struct CredentialInput {
    action: &'static str,
    /// The input that carries (or, for `false`, turns on) a long-lived credential.
    input: &'static str,
    /// The input is a credential when its value is this (None: any non-empty value).
    when: Option<&'static str>,
    /// Inputs naming the registry; absent means the public one.
    server: &'static [&'static str],
    /// Hosts of registries with trusted publishing.
    hosts: &'static [&'static str],
    registry: &'static str,
}

const CREDENTIAL_INPUTS: &[CredentialInput] = &[
    CredentialInput {
        action: "pypa/gh-action-pypi-publish",
        input: "password",
        when: None,
        server: &["repository-url", "repository_url"],
        hosts: &["upload.pypi.org", "test.pypi.org"],
        registry: "PyPI",
    },
    CredentialInput {
        action: "rubygems/release-gem",
        input: "setup-trusted-publisher",
        when: Some("false"),
        server: &[],
        hosts: &[],
        registry: "RubyGems",
    },
    CredentialInput {
        action: "rubygems/configure-rubygems-credentials",
        input: "api-token",
        when: None,
        server: &["gem-server"],
        hosts: &["rubygems.org"],
        registry: "RubyGems",
    },
    CredentialInput {
        action: "actions/setup-node",
        input: "always-auth",
        when: Some("true"),
        // Without a registry-url setup-node writes no .npmrc, so there is nothing to judge.
        server: &["registry-url"],
        hosts: &["registry.npmjs.org"],
        registry: "npm",
    },
];

/// A credential input of a known action, set to a long-lived credential for a trusted registry.
fn credential_input(step: &Step) -> Option<(&'static CredentialInput, &Spanned<String>)> {
    let uses = security::step_action(step)?;
    let c = CREDENTIAL_INPUTS.iter().find(|c| uses.is_action(c.action))?;
    let value = step.with_value(c.input)?;
    let v = value.value.trim();
    let set = match c.when {
        Some(w) => v.eq_ignore_ascii_case(w),
        None => !v.is_empty(),
    };
    if !set {
        return None;
    }
    let server = c.server.iter().find_map(|k| step.with_value(k));
    let known = match server {
        Some(s) => c.hosts.iter().any(|h| s.value.contains(h)),
        // setup-node needs registry-url to set up a credential at all.
        None => c.action != "actions/setup-node",
    };
    known.then_some((c, value))
}

/// The trusted registry a live publish effect of the effects model goes to, if any. A tool
/// named as an option's value (`make -C npm publish`) is not the command whose credentials
/// this rule can see.
fn trusted_registry(e: &StepEffect) -> Option<&'static str> {
    if e.detail_values("indirect").any(|v| v == "true") {
        return None;
    }
    let target = e.target.as_deref()?;
    TRUSTED.iter().copied().find(|r| r.eq_ignore_ascii_case(target))
}

/// Does an npm publish of this step go to another registry than npmjs.com (GitHub Packages, a
/// private one)? Those offer no trusted publishing. Decided by `--registry` on the command line,
/// else by the `registry-url` of the job's last `actions/setup-node` before the step.
fn npm_elsewhere(job: &Job, step: &Step, line: &str) -> bool {
    // setup-node's entry of the credential table knows the input and the public host.
    let Some(node) = CREDENTIAL_INPUTS.iter().find(|c| c.action == "actions/setup-node") else {
        return false;
    };
    let elsewhere = |url: &str| !url.trim().is_empty() && !node.hosts.iter().any(|h| url.contains(h));
    if let Some(at) = line.find("--registry") {
        let url = line[at + "--registry".len()..].trim_start_matches(['=', ' ']);
        return elsewhere(url.split_whitespace().next().unwrap_or(""));
    }
    job.steps_before(step)
        .find(|s| security::step_uses(s, node.action))
        .and_then(|s| node.server.iter().find_map(|k| s.with_value(k)))
        .is_some_and(|u| elsewhere(&u.value))
}

/// The live publish effects of one step, in the model's order (its action, then its script
/// lines), at most one per script line.
fn step_publishes<'a>(wf: &'a Workflow, job: &Job, step: &Step) -> Vec<&'a StepEffect> {
    let inside = |s: Span| s.start.offset >= step.span.start.offset && s.end.offset <= step.span.end.offset;
    let mut out: Vec<&StepEffect> = Vec::new();
    for e in wf.effects.live("publish").filter(|e| e.job == job.id.value && inside(e.span)) {
        let same_line = |x: &&StepEffect| x.line.is_some() && x.line.as_ref().map(|l| l.span) == e.line.as_ref().map(|l| l.span);
        if !out.iter().any(same_line) {
            out.push(e);
        }
    }
    out
}

/// Where a secret reaches the step: its env, its job's or the workflow's, or its own text.
fn visible_secret<'a>(wf: &'a Workflow, job: &'a Job, step: &'a Step, line: &str) -> Option<&'a str> {
    if line.contains("secrets.") {
        return Some("the command line");
    }
    let has = |env: &[(Spanned<String>, Spanned<String>)]| env.iter().any(|(_, v)| v.value.contains("secrets."));
    if has(&step.env) || step.with.iter().any(|(_, v)| v.value.contains("secrets.")) {
        Some("the step's env or inputs")
    } else if has(&job.env) {
        Some("the job's env")
    } else if has(&wf.env) {
        Some("the workflow's env")
    } else {
        None
    }
}

/// A command line as quoted in a message: at most 80 characters.
fn short(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn fix(registry: &str) -> &'static str {
    match registry {
        "PyPI" => "register this workflow as a trusted publisher on PyPI, grant `id-token: write` to the job and drop the password (pypa/gh-action-pypi-publish and `uv publish` then use OIDC)",
        "npm" => "register this workflow as a trusted publisher on npmjs.com, grant `id-token: write` to the job and publish with npm 11.5 or later without NODE_AUTH_TOKEN",
        "crates.io" => "register this workflow as a trusted publisher on crates.io, grant `id-token: write` and get a short-lived token with rust-lang/crates-io-auth-action",
        "RubyGems" => "register this workflow as a trusted publisher on rubygems.org, grant `id-token: write` and let rubygems/release-gem (or configure-rubygems-credentials) exchange an OIDC token",
        _ => "register this workflow as a trusted publisher on nuget.org, grant `id-token: write` and get a short-lived API key with NuGet/login",
    }
}

fn message(registry: &str, how: &str) -> String {
    format!(
        "{how}: a long-lived {registry} token that anyone who obtains it (a leaked log, a compromised step or action in this job, a stolen secret) can use to publish new versions until someone revokes it. {registry} supports trusted publishing, whose credentials last minutes and work only from this workflow. Fix: {}",
        fix(registry)
    )
}

fn push(cx: &Ctx, file: &SourceFile, span: Span, confidence: Confidence, text: String, out: &mut Vec<Finding>) {
    out.push(security::finding(cx, UseTrustedPublishing::ID, file, span, Severity::Note, confidence, text));
}

impl Rule for UseTrustedPublishing {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in cx.repo.workflows.iter().filter(|w| w.is_workflow()) {
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                let oidc = job_permissions(wf, job).is_some_and(grants_id_token);
                for step in &job.steps {
                    if let Some((c, value)) = credential_input(step) {
                        let uses = step.uses.as_ref().map_or(value.span, |u| u.span);
                        let how = format!("`{}: {}` of {} (line {}) sets up publishing to {} with", c.input, value.value.trim(), c.action, uses.start.line, c.registry);
                        let f = security::finding(cx, Self::ID, &wf.file, value.span, Severity::Note, Confidence::High, message(c.registry, &how))
                            .with_related(&wf.file, uses, format!("publishes to {}", c.registry));
                        out.push(f);
                        continue;
                    }
                    // With `id-token: write` the job can publish with OIDC: nothing to say.
                    if oidc {
                        continue;
                    }
                    // Which steps publish where is the effects model's: an action of its table
                    // or a publishing command on a script line.
                    for e in step_publishes(wf, job, step) {
                        let Some(registry) = trusted_registry(e) else { continue };
                        if registry == "npm" && npm_elsewhere(job, step, e.line.as_ref().map_or("", |l| l.text.as_str())) {
                            continue;
                        }
                        match (&e.line, &step.uses) {
                            (None, Some(uses)) if uses.span == e.span => {
                                // The PyPI action's credential is its `password` input (above).
                                if security::step_uses(step, "pypa/gh-action-pypi-publish") {
                                    continue;
                                }
                                let secret = visible_secret(wf, job, step, "");
                                let confidence = if secret.is_some() { Confidence::High } else { Confidence::Medium };
                                let how = format!("`{}` publishes to {registry} from a job without `id-token: write`, so with", uses.value);
                                push(cx, &wf.file, uses.span, confidence, message(registry, &how), out);
                            }
                            (line, _) => {
                                let (text, span) = line.as_ref().map_or((e.via.as_str(), e.span), |l| (l.text.as_str(), l.span));
                                let secret = visible_secret(wf, job, step, text);
                                let confidence = if secret.is_some() { Confidence::High } else { Confidence::Medium };
                                let from = secret.map_or(String::new(), |s| format!(" (a secret reaches it through {s})"));
                                let how = format!("`{}` publishes to {registry} from a job without `id-token: write`{from}, so with", short(text));
                                push(cx, &wf.file, span, confidence, message(registry, &how), out);
                            }
                        }
                    }
                }
            }
        }
    }
}
