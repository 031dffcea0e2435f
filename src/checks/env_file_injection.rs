//! `env-file-injection`: a workflow an outsider can start writes data that is not fixed text
//! to `$GITHUB_ENV` or `$GITHUB_PATH`. The runner reads those files between steps: a value
//! with a newline adds any variable (`LD_PRELOAD`, `NODE_OPTIONS`, `BASH_ENV`), a path entry
//! puts the attacker's programs first, and every later step of the job runs with them.

use super::security::{self, expressions_in, privileged_trigger, script_lines, taint, Confidence, ScriptLine};
use super::{template_injection, Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::workflow::{Job, Spanned, Step, Workflow};

pub struct EnvFileInjection;

/// The file a script line appends to, when it writes one of the two.
fn target(line: &str) -> Option<&'static str> {
    let writes = line.contains(">>")
        || line.contains("tee ")
        || ["Out-File", "Add-Content", "Set-Content"]
            .iter()
            .any(|c| line.to_ascii_lowercase().contains(&c.to_ascii_lowercase()));
    if !writes {
        return None;
    }
    if line.contains("GITHUB_ENV") {
        Some("GITHUB_ENV")
    } else if line.contains("GITHUB_PATH") {
        Some("GITHUB_PATH")
    } else {
        None
    }
}

/// Is what the line writes fixed text? Anything that expands (`$x`, `$(...)`, backticks,
/// `%X%`, `${{ }}`) other than the target file itself is not.
fn static_content(line: &str) -> bool {
    let rest = ["${GITHUB_ENV}", "$GITHUB_ENV", "$env:GITHUB_ENV", "%GITHUB_ENV%", "${GITHUB_PATH}", "$GITHUB_PATH", "$env:GITHUB_PATH", "%GITHUB_PATH%"]
        .iter()
        .fold(line.to_string(), |l, t| l.replace(t, ""));
    !(rest.contains('$') || rest.contains('`') || rest.contains('%') || rest.contains("<<"))
}

/// An expression an outsider controls, pasted into the line or reaching it through an env
/// variable of the step, job or workflow: (what, who).
fn outsider_data(wf: &Workflow, job: &Job, step: &Step, line: &ScriptLine) -> Option<(String, &'static str)> {
    let outsider = |text_span| {
        expressions_in(&wf.file, text_span).into_iter().find_map(|e| {
            let expr = crate::expr::parse(&e.inner).ok()?;
            crate::expr::value_paths(&expr)
                .into_iter()
                .filter_map(|p| taint::classify(&p, wf))
                .find(|t| t.severity == Severity::Error)
                .map(|t| (format!("`${{{{ {} }}}}`", e.inner), t.who))
        })
    };
    if let Some(found) = outsider(line.span) {
        return Some(found);
    }
    let envs: [&[(Spanned<String>, Spanned<String>)]; 3] = [&step.env, &job.env, &wf.env];
    for (name, value) in envs.iter().flat_map(|e| e.iter()) {
        let var = &name.value;
        let used = line.text.contains(&format!("${var}"))
            || line.text.contains(&format!("${{{var}}}"))
            || line.text.contains(&format!("$env:{var}"))
            || line.text.contains(&format!("%{var}%"));
        if used {
            if let Some((what, who)) = outsider(value.span) {
                return Some((format!("`${var}` ({what})"), who));
            }
        }
    }
    None
}

/// Does the step's env hold data an outsider controls (used somewhere in its script)?
fn step_env_outsider(wf: &Workflow, step: &Step) -> bool {
    step.env.iter().any(|(_, v)| {
        expressions_in(&wf.file, v.span).into_iter().any(|e| {
            crate::expr::parse(&e.inner).is_ok_and(|expr| {
                crate::expr::value_paths(&expr)
                    .into_iter()
                    .filter_map(|p| taint::classify(&p, wf))
                    .any(|t| t.severity == Severity::Error)
            })
        })
    })
}

impl Rule for EnvFileInjection {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in cx.repo.workflows.iter().filter(|w| w.is_workflow()) {
            let Some(trigger) = privileged_trigger(wf) else {
                continue;
            };
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                for step in &job.steps {
                    let Some(run) = &step.run else { continue };
                    if !run.value.contains("GITHUB_ENV") && !run.value.contains("GITHUB_PATH") {
                        continue;
                    }
                    for line in script_lines(&wf.file, run.span) {
                        let Some(file) = target(&line.text) else { continue };
                        if static_content(&line.text) {
                            continue;
                        }
                        let effect = if file == "GITHUB_ENV" {
                            "a newline in the value adds any variable (`LD_PRELOAD`, `NODE_OPTIONS`, `BASH_ENV`) to every later step of the job"
                        } else {
                            "a directory of the attacker's choosing goes first on the PATH of every later step of the job"
                        };
                        let (severity, confidence, what) = match outsider_data(wf, job, step, &line) {
                            Some((what, who)) => (Severity::Error, Confidence::High, format!("writes {what}, which {who} chooses,")),
                            None if step_env_outsider(wf, step) => (Severity::Warning, Confidence::Medium, "writes a value computed in a step whose env holds event data an outsider chooses".to_string()),
                            None => (Severity::Note, Confidence::Low, "writes a value computed at run time (its origin is not visible here)".to_string()),
                        };
                        let message = format!(
                            "this line {what} to `${file}` in a workflow an outsider can start (`{}`, line {}): {effect}, with the base repository's secrets and token. Fix: do not write event data to `${file}`; pass it to the steps that need it through `env:` or step outputs, or validate it strictly (a fixed pattern, no newlines) first",
                            trigger.event,
                            trigger.span.start.line
                        );
                        out.push(security::finding(cx, Self::ID, &wf.file, line.span, severity, confidence, message));
                    }
                }
            }
        }
        check_actions(cx, out);
    }
}

/// The same in composite actions that a workflow an outsider can start uses: their steps run
/// in that job. Inputs are judged by what the callers pass.
fn check_actions(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(none) = template_injection::no_workflow() else {
        return;
    };
    for action in &cx.repo.actions {
        let callers = template_injection::callers(cx, action);
        let Some((wf, trigger)) = callers
            .iter()
            .find_map(|(wf, _, _)| privileged_trigger(wf).map(|t| (*wf, t)))
        else {
            continue;
        };
        for step in &action.steps {
            let Some(run) = &step.run else { continue };
            if !run.value.contains("GITHUB_ENV") && !run.value.contains("GITHUB_PATH") {
                continue;
            }
            for line in script_lines(&action.file, run.span) {
                let Some(file) = target(&line.text) else { continue };
                if static_content(&line.text) {
                    continue;
                }
                let outsider = expressions_in(&action.file, line.span)
                    .iter()
                    .filter_map(|e| template_injection::worst_in_action(e, action, &callers, &none))
                    .find(|t| t.taint.severity == Severity::Error);
                let (severity, confidence, what) = match &outsider {
                    Some(t) => (Severity::Error, Confidence::High, format!("writes `{}`, which {} chooses,", t.path, t.taint.who)),
                    None => (Severity::Note, Confidence::Low, "writes a value computed at run time (its origin is not visible here)".to_string()),
                };
                let message = format!(
                    "this line of a composite action {what} to `${file}`, and {} (`{}`, line {}), a workflow an outsider can start, runs the action: every later step of that job reads the file, with the base repository's secrets and token. Fix: do not write event data to `${file}`; pass it through `env:` or step outputs, or validate it strictly first",
                    wf.file.path,
                    trigger.event,
                    trigger.span.start.line
                );
                let f = security::finding(cx, EnvFileInjection::ID, &action.file, line.span, severity, confidence, message);
                out.push(match &outsider {
                    Some(t) => template_injection::with_via(cx, f, action, t),
                    None => f,
                });
            }
        }
    }
}
