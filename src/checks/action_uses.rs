//! `action-uses`: a step's `uses:` that is no valid action reference, or a local action
//! (`uses: ./path`) whose `action.yml` GitHub cannot run or whose inputs the step does not
//! match (unknown, required and missing, deprecated); for popular remote actions
//! (`owner/repo@vN`) the same input checks and retired runtimes, from the table of their
//! action.yml per major version (`rules/action-inputs.yml`, see [`super::action_table`]).

use crate::source::HoldsTemplate as _;
use std::collections::BTreeMap;
use std::path::Path;

use super::action_table::{self, Release};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};
use crate::workflow::Step;
use crate::yaml::{Document, Node, Value};

pub struct ActionUses;

const JAVASCRIPT_KEYS: &[&str] = &["using", "main", "pre", "pre-if", "post", "post-if"];
const DOCKER_KEYS: &[&str] = &[
    "using",
    "image",
    "env",
    "entrypoint",
    "args",
    "pre-entrypoint",
    "post-entrypoint",
    "pre-if",
    "post-if",
];
const COMPOSITE_KEYS: &[&str] = &["using", "steps"];
const INPUT_KEYS: &[&str] = &["description", "required", "default", "deprecationMessage"];
/// `branding.color` values (GitHub's metadata syntax docs).
const COLORS: &[&str] = &[
    "white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark",
];

/// One problem with a step's use of a local action.
struct Problem {
    span: Span,
    message: String,
    severity: Severity,
}

/// What an action's metadata says, as far as steps need it.
struct Action {
    /// Problems of the metadata itself (reported at every step that uses it).
    problems: Vec<(Severity, String)>,
    /// Declared inputs: name, required without default, deprecation message.
    inputs: Vec<(String, bool, Option<String>)>,
    docker: bool,
    /// The metadata could not be read: its inputs are unknown, not "none".
    unread: bool,
}

impl Action {
    fn error(&mut self, message: String) {
        self.problems.push((Severity::Error, message));
    }

    /// A file the metadata names that is not in the repository. Unknown more than wrong: a
    /// step may build it, and partial checkouts (sparse, YAML-only copies) leave it out; on
    /// the real-world corpus every such warning was a file that exists upstream.
    fn missing_file(&mut self, message: String) {
        self.problems.push((Severity::Note, message));
    }
}

impl Rule for ActionUses {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut cache: BTreeMap<String, Option<Action>> = BTreeMap::new();
        let table = action_table::builtin();
        for wf in &cx.repo.workflows {
            let jobs = wf.doc.root.as_ref().and_then(|r| r.get("jobs"));
            for job in &wf.jobs {
                let nodes = jobs
                    .and_then(|j| j.get(&job.id.value))
                    .and_then(|j| j.get("steps"))
                    .and_then(Node::as_seq)
                    .unwrap_or(&[]);
                for (n, step) in job.steps.iter().enumerate() {
                    let Some(uses) = &step.uses else {
                        continue;
                    };
                    let path = uses.value.trim();
                    // `$/...` (repository-root paths, 2026) is not judged here.
                    if path.holds_template() || path.starts_with("$/") {
                        continue;
                    }
                    let mut problems = Vec::new();
                    if !path.starts_with("./") {
                        if let Some(message) = reference_problem(path) {
                            problems.push(Problem {
                                span: uses.span,
                                message,
                                severity: Severity::Error,
                            });
                        } else if let Some(release) = action_table::lookup(table, path) {
                            // `with:` written as an expression: its keys are unknown.
                            let with_known = nodes
                                .get(n)
                                .and_then(|s| s.get("with"))
                                .is_none_or(|w| w.as_map().is_some() || w.is_null());
                            remote_problems(table, release, path, step, uses.span, with_known, &mut problems);
                        }
                    } else {
                        let action = cache
                            .entry(path.to_string())
                            .or_insert_with(|| load(&cx.repo.root_path, path));
                        // No action.yml: an earlier step may check it out; unknown, not wrong.
                        if let Some(a) = action {
                            step_problems(a, path, step, uses.span, &mut problems);
                        }
                    }
                    for p in problems {
                        let mut f = cx.finding(Self::ID, &wf.file, p.span, p.message);
                        f.severity = p.severity;
                        out.push(f);
                    }
                }
            }
        }
    }
}

/// What is wrong with a remote reference: `owner/repo[/path]@ref` or `docker://image[:tag]`.
fn reference_problem(uses: &str) -> Option<String> {
    if let Some(image) = uses.strip_prefix("docker://") {
        let last = image.rsplit('/').next().unwrap_or(image);
        return (image.is_empty() || last.ends_with(':') || last.ends_with('@'))
            .then(|| format!("`{uses}`: the image name or tag is empty"));
    }
    if uses.starts_with('.') || uses.starts_with('/') {
        return Some(format!(
            "`{uses}`: a local action is written `./path/to/dir` (relative to the repository root)"
        ));
    }
    let Some((path, reference)) = uses.split_once('@') else {
        return Some(format!(
            "`{uses}` has no `@ref`: write `owner/repo@v1` (a tag, branch or commit)"
        ));
    };
    if reference.is_empty() {
        return Some(format!("`{uses}`: the ref after `@` is empty"));
    }
    let mut parts = path.split('/');
    let (owner, repo) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    (owner.is_empty() || repo.is_empty() || parts.any(str::is_empty))
        .then(|| format!("`{uses}` is not `owner/repo[/path]@ref`"))
}

/// A popular action used at a known major version: its runtime and the step's `with:`
/// against the inputs its action.yml declares.
fn remote_problems(
    table: &[Release],
    r: &Release,
    uses: &str,
    step: &Step,
    at: Span,
    with_known: bool,
    out: &mut Vec<Problem>,
) {
    let short = &r.commit[..12];
    if r.retired_runtime() {
        let upgrade = action_table::first_current_major(table, &r.action, r.major)
            .map(|m| format!("; v{m} runs on a current one"))
            .unwrap_or_default();
        out.push(Problem {
            span: at,
            message: format!(
                "`{uses}` runs on `{}`, a Node.js runtime GitHub's runners no longer provide (they force a newer one on it){upgrade} (its action.yml at {} {short})",
                r.using, r.git_ref
            ),
            severity: Severity::Warning,
        });
    }
    let docker = r.using == "docker";
    for (key, _) in &step.with {
        let name = key.value.as_str();
        match r.input(name) {
            None if docker && (name == "args" || name == "entrypoint") => {}
            None => {
                let hint = crate::suggest::closest(name, r.inputs.iter().map(|i| i.name.as_str()))
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                out.push(Problem {
                    span: key.span,
                    message: format!(
                        "`{uses}` has no input `{name}`: {hint}its action.yml at {} ({short}) declares {}",
                        r.git_ref,
                        input_list(r)
                    ),
                    severity: Severity::Error,
                });
            }
            Some(i) => {
                if let Some(why) = &i.deprecated {
                    out.push(Problem {
                        span: key.span,
                        message: format!("input `{name}` of `{uses}` is deprecated: {why}"),
                        severity: Severity::Warning,
                    });
                }
            }
        }
    }
    if !with_known {
        return;
    }
    for i in r.inputs.iter().filter(|i| i.required) {
        if !step.with.iter().any(|(k, _)| k.value.eq_ignore_ascii_case(&i.name)) {
            out.push(Problem {
                span: at,
                message: format!(
                    "`{uses}` requires input `{}` (required, no default in its action.yml at {} {short}), which the step does not pass",
                    i.name, r.git_ref
                ),
                severity: Severity::Error,
            });
        }
    }
}

fn input_list(r: &Release) -> String {
    if r.inputs.is_empty() {
        return "no inputs".to_string();
    }
    let names: Vec<String> = r.inputs.iter().map(|i| format!("`{}`", i.name)).collect();
    names.join(", ")
}

fn step_problems(a: &Action, path: &str, step: &Step, at: Span, out: &mut Vec<Problem>) {
    for (severity, m) in &a.problems {
        out.push(Problem {
            span: at,
            message: format!("action `{path}`: {m}"),
            severity: *severity,
        });
    }
    if a.unread {
        return;
    }
    for (key, _) in &step.with {
        let name = key.value.as_str();
        let declared = a.inputs.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name));
        match declared {
            None if a.docker && (name == "args" || name == "entrypoint") => {}
            None => {
                let names: Vec<String> = a.inputs.iter().map(|(n, _, _)| format!("`{n}`")).collect();
                let list = if names.is_empty() {
                    "it declares no inputs".to_string()
                } else {
                    format!("inputs: {}", names.join(", "))
                };
                out.push(Problem {
                    span: key.span,
                    message: format!("action `{path}` has no input `{name}` ({list})"),
                    severity: Severity::Error,
                });
            }
            Some((_, _, Some(why))) => out.push(Problem {
                span: key.span,
                message: format!("input `{name}` of action `{path}` is deprecated: {why}"),
                severity: Severity::Warning,
            }),
            Some(_) => {}
        }
    }
    for (name, required, _) in &a.inputs {
        if *required && !step.with.iter().any(|(k, _)| k.value.eq_ignore_ascii_case(name)) {
            out.push(Problem {
                span: at,
                message: format!("action `{path}` requires input `{name}`, which the step does not pass"),
                severity: Severity::Error,
            });
        }
    }
}

fn is_true(node: Option<&Node>) -> bool {
    node.and_then(Node::as_str)
        .is_some_and(|s| matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "y"))
}

/// Read `<root>/<path>/action.yml` (or `.yaml`); None when neither exists.
fn load(root: &Path, path: &str) -> Option<Action> {
    if path.split('/').any(|p| p == "..") {
        return None;
    }
    let dir = root.join(path.trim_start_matches("./"));
    let file = ["action.yml", "action.yaml"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())?;
    let mut action = Action {
        problems: Vec::new(),
        inputs: Vec::new(),
        docker: false,
        unread: false,
    };
    let doc = match read(&file) {
        Ok(d) => d,
        Err(e) => {
            action.error(format!("cannot read its metadata: {e}"));
            action.unread = true;
            return Some(action);
        }
    };
    for d in &doc.duplicate_keys {
        action.error(format!(
            "its metadata repeats key `{}` (line {})",
            d.key, d.duplicate.start.line
        ));
    }
    let Some(root) = doc.root.as_ref().filter(|r| r.as_map().is_some()) else {
        action.error("its metadata is not a mapping".to_string());
        action.unread = true;
        return Some(action);
    };
    metadata(root, &dir, &mut action);
    Some(action)
}

fn read(file: &Path) -> Result<Document, String> {
    let text = crate::source::read_text(file).map_err(|e| e.to_string())?;
    let name = file.display().to_string();
    let source = SourceFile::new(&name, &name, file.to_path_buf(), text);
    crate::yaml::load(&source).map_err(|e| format!("line {}: {}", e.line(), e.message))
}

fn metadata(root: &Node, dir: &Path, a: &mut Action) {
    // GitHub's metadata syntax requires both; the runner runs an action without a
    // description, so that one is only a note.
    for (key, severity) in [("name", Severity::Warning), ("description", Severity::Note)] {
        if root.get(key).and_then(Node::as_str).is_none_or(str::is_empty) {
            a.problems
                .push((severity, format!("its metadata has no `{key}`")));
        }
    }
    match root.get("inputs").map(|n| &n.value) {
        None | Some(Value::Null) => {}
        Some(Value::Map(entries)) => {
            let mut seen: Vec<String> = Vec::new();
            for e in entries {
                let name = e.key.scalar_text().unwrap_or("").to_string();
                if seen.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
                    a.error(format!("input `{name}` is declared twice (names ignore case)"));
                }
                seen.push(name.clone());
                for k in e.value.as_map().unwrap_or(&[]) {
                    let key = k.key.scalar_text().unwrap_or("");
                    if !INPUT_KEYS.contains(&key) {
                        a.error(format!("input `{name}` has unknown key `{key}`"));
                    }
                }
                let deprecation = e.value.get("deprecationMessage").map(|d| d.scalar_text().unwrap_or("").to_string());
                if deprecation.as_deref() == Some("") {
                    a.error(format!("input `{name}` has an empty `deprecationMessage`"));
                }
                let required = is_true(e.value.get("required")) && e.value.get("default").is_none();
                a.inputs.push((name, required, deprecation.filter(|d| !d.is_empty())));
            }
        }
        Some(_) => a.error("`inputs` is not a mapping".to_string()),
    }
    match root.get("outputs").map(|n| &n.value) {
        None | Some(Value::Null) | Some(Value::Map(_)) => {
            let mut seen: Vec<&str> = Vec::new();
            for e in root.get("outputs").and_then(Node::as_map).unwrap_or(&[]) {
                let name = e.key.scalar_text().unwrap_or("");
                if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                    a.error(format!("output `{name}` is declared twice (names ignore case)"));
                }
                seen.push(name);
            }
        }
        Some(_) => a.error("`outputs` is not a mapping".to_string()),
    }
    if let Some(color) = root.get("branding").and_then(|b| b.get("color")).and_then(Node::as_str) {
        if !COLORS.contains(&color) {
            a.error(format!("branding color `{color}` is not one of GitHub's ({})", COLORS.join(", ")));
        }
    }
    let Some(runs) = root.get("runs") else {
        a.error("its metadata has no `runs`".to_string());
        return;
    };
    let using = runs.get("using").and_then(Node::as_str).unwrap_or("");
    let (kind, keys): (&str, &[&str]) = match using {
        "node20" | "node24" => ("JavaScript", JAVASCRIPT_KEYS),
        "node12" | "node16" => {
            a.error(format!("it runs on `{using}`, which GitHub no longer runs; use node20 or node24"));
            ("JavaScript", JAVASCRIPT_KEYS)
        }
        "docker" => ("Docker", DOCKER_KEYS),
        "composite" => ("composite", COMPOSITE_KEYS),
        "" => {
            a.error("`runs.using` is missing".to_string());
            return;
        }
        other => {
            a.error(format!("`runs.using: {other}` is not `node20`, `node24`, `docker` or `composite`"));
            return;
        }
    };
    a.docker = kind == "Docker";
    for e in runs.as_map().unwrap_or(&[]) {
        let key = e.key.scalar_text().unwrap_or("");
        if !keys.contains(&key) {
            a.error(format!("`runs.{key}` is not valid in a {kind} action"));
        }
    }
    match kind {
        "JavaScript" => {
            if runs.get("main").is_none() {
                a.error("a JavaScript action needs `runs.main`".to_string());
            }
            for key in ["main", "pre", "post"] {
                if let Some(f) = runs.get(key).and_then(Node::as_str) {
                    if !dir.join(f).is_file() {
                        a.missing_file(format!("`runs.{key}` names `{f}`, which is not in the repository (unless a step builds it)"));
                    }
                }
            }
            for (cond, key) in [("pre-if", "pre"), ("post-if", "post")] {
                if runs.get(cond).is_some() && runs.get(key).is_none() {
                    a.error(format!("`runs.{cond}` without `runs.{key}`"));
                }
            }
        }
        "Docker" => match runs.get("image").and_then(Node::as_str) {
            None => a.error("a Docker action needs `runs.image`".to_string()),
            Some(image) => {
                if let Some(reference) = image.strip_prefix("docker://") {
                    let tag = reference.rsplit_once(':').map(|(_, t)| t);
                    if tag == Some("") || reference.is_empty() {
                        a.error(format!("`runs.image: {image}` has an empty image or tag"));
                    }
                } else if !dir.join(image).is_file() {
                    a.missing_file(format!("`runs.image` names `{image}`, which is not in the repository (unless a step builds it)"));
                }
            }
        },
        _ => match runs.get("steps").and_then(Node::as_seq) {
            None => a.error("a composite action needs `runs.steps`".to_string()),
            Some(steps) => {
                for s in steps {
                    if s.get("run").is_some() && s.get("shell").is_none() {
                        a.error(format!(
                            "the step at line {} of its metadata has `run` but no `shell` (required in composite actions)",
                            s.span.start.line
                        ));
                    }
                }
            }
        },
    }
}
