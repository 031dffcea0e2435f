//! What the files show about a job beyond its keys, for verdicts that must not claim more than
//! they can: whether a job in an environment visibly deploys or publishes (an `environment:`
//! may only scope secrets for tests), and whether a release step runs only for a tag ref
//! (then a manual dispatch from a branch releases nothing).

use super::effects::job_effects;
use super::{Job, Step, Workflow};
use crate::source::Span;

/// The first step of a job that visibly deploys or publishes: a release, tag push or publish
/// effect, or a deploy command or action. None: nothing in the files shows it (the job may use
/// its environment only for secrets, or deploy from a script we cannot read).
pub fn visible_deploy(job: &Job) -> Option<Span> {
    if let Some(e) = job_effects(job).iter().find(|e| e.kind.ships()) {
        return Some(e.span);
    }
    if job.uses.is_some() {
        // A reusable workflow: what it does is in another file.
        return None;
    }
    job.steps.iter().find(|s| step_deploys(s)).map(|s| s.span)
}

fn step_deploys(step: &Step) -> bool {
    let text = [&step.uses, &step.run, &step.name, &step.id]
        .into_iter()
        .flatten()
        .map(|s| s.value.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    // The words are data of the effects table (`deploy_words`).
    super::effects::table::builtin()
        .deploy_words
        .iter()
        .any(|w| text.contains(w.as_str()))
}

/// Is the release effect at `at` a release tool run for something else: goreleaser's action
/// with `args` that do not run `release` (`check`, `build --snapshot`)?
pub fn not_really_a_release(job: &Job, at: Span) -> bool {
    let Some(step) = step_at(job, at) else {
        return false;
    };
    let goreleaser = step
        .uses
        .as_ref()
        .is_some_and(|u| u.value.to_ascii_lowercase().contains("goreleaser"));
    // Words, not text: `${{ steps.goreleaser_id.outputs.id }}` holds "release" too.
    goreleaser
        && step
            .with
            .iter()
            .find(|(k, _)| k.value == "args")
            .is_some_and(|(_, v)| {
                let words: Vec<&str> = v.value.split_whitespace().collect();
                !words.contains(&"release") || words.contains(&"--snapshot")
            })
}

/// The step of a job holding a position.
fn step_at(job: &Job, at: Span) -> Option<&Step> {
    job.steps
        .iter()
        .find(|s| s.span.start.offset <= at.start.offset && at.start.offset < s.span.end.offset)
}

/// Does a condition restrict a run to tag refs (`startsWith(github.ref, 'refs/tags/')`,
/// `[[ $GITHUB_REF == refs/tags/* ]]`, `github.ref_type == 'tag'`)?
fn tag_only(condition: &str) -> bool {
    let c = condition.to_ascii_lowercase();
    let negated = c.contains("!startswith") || c.contains("!=") || c.contains("! [");
    !negated && (c.contains("refs/tags") || (c.contains("ref_type") && c.contains("tag")))
}

/// The line of a condition that lets the effect at `at` run only for a tag ref: the job's or
/// step's `if:`, or an open shell `if` before the command in the step's script. None when no
/// such gate is visible.
pub fn tag_only_gate(wf: &Workflow, job: &Job, at: Span) -> Option<u32> {
    if let Some(c) = job.if_cond.as_ref().filter(|c| tag_only(&c.value)) {
        return Some(c.span.start.line);
    }
    let step = step_at(job, at)?;
    if let Some(c) = step.if_cond.as_ref().filter(|c| tag_only(&c.value)) {
        return Some(c.span.start.line);
    }
    let run = step.run.as_ref()?;
    // A script's effect spans the whole script: find the command's own line.
    let command = if at.start.line > run.span.start.line {
        at.start.line
    } else {
        command_line(wf, run.span)?
    };
    // Shell `if`s still open at the command, innermost last.
    let mut open: Vec<(u32, bool)> = Vec::new();
    for line in run.span.start.line..command {
        let text = wf.file.line_text(line).trim();
        let first = text.split_whitespace().next().unwrap_or("");
        match first {
            "if" => open.push((line, tag_only(text))),
            "elif" | "else" => {
                // Another branch: the command below it is not under the first condition.
                if let Some(last) = open.last_mut() {
                    *last = (line, first == "elif" && tag_only(text));
                }
            }
            "fi" => {
                open.pop();
            }
            _ => {}
        }
    }
    open.iter()
        .rev()
        .find(|(_, tag)| *tag)
        .map(|(line, _)| *line)
}

/// Words of commands that release, push tags or publish (where in a script the effect is).
const RELEASE_COMMANDS: &[&str] = &[
    "release create",
    "gh release",
    "git push",
    "publish",
    "upload",
    "workflow run",
    "docker push",
    "git push",
];

/// The first line of a script that runs a release, tag push or publish command.
fn command_line(wf: &Workflow, script: Span) -> Option<u32> {
    (script.start.line..=script.end.line).find(|&line| {
        let text = wf.file.line_text(line).trim().to_ascii_lowercase();
        let first = text.split_whitespace().next().unwrap_or("");
        !matches!(first, "if" | "elif" | "#" | "run:" | "-")
            && RELEASE_COMMANDS.iter().any(|c| text.contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::workflow::effects::EffectKind;

    fn workflow(text: &str) -> Workflow {
        let file = SourceFile::from_text(".github/workflows/w.yml", text);
        let doc = crate::yaml::load(&file).unwrap();
        Workflow::from_document(file, doc)
    }

    #[test]
    fn an_environment_alone_is_not_a_deploy() {
        let wf = workflow(
            "on: push\njobs:\n  test:\n    runs-on: x\n    environment: test\n    steps:\n      - run: npm test\n  ship:\n    runs-on: x\n    environment: prod\n    steps:\n      - run: ./scripts/deploy.sh prod\n  pub:\n    runs-on: x\n    environment: npm\n    steps:\n      - run: npm publish\n",
        );
        let found: Vec<bool> = wf
            .jobs
            .iter()
            .map(|j| visible_deploy(j).is_some())
            .collect();
        assert_eq!(found, vec![false, true, true]);
    }

    #[test]
    fn release_steps_gated_on_tag_refs() {
        let wf = workflow(
            "on: workflow_dispatch\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          if [[ \"$GITHUB_REF\" == refs/tags/* ]]; then\n            gh release create \"$GITHUB_REF_NAME\"\n          fi\n  b:\n    runs-on: x\n    steps:\n      - if: startsWith(github.ref, 'refs/tags/')\n        run: gh release create v1\n  c:\n    runs-on: x\n    steps:\n      - run: |\n          if [[ \"$GITHUB_REF\" == refs/tags/* ]]; then\n            echo tag\n          fi\n          gh release create v1\n  d:\n    runs-on: x\n    steps:\n      - run: |\n          if [[ \"$GITHUB_REF\" != refs/tags/* ]]; then\n            exit 0\n          else\n            gh release create v1\n          fi\n",
        );
        let gates: Vec<Option<u32>> = wf
            .jobs
            .iter()
            .map(|j| {
                let e = job_effects(j)
                    .into_iter()
                    .find(|e| e.kind == EffectKind::CreatesRelease)
                    .unwrap();
                tag_only_gate(&wf, j, e.span)
            })
            .collect();
        assert_eq!(gates, vec![Some(7), Some(13), None, None]);
    }

    #[test]
    fn a_release_tool_run_for_a_check_is_not_a_release() {
        let wf = workflow(
            "on: push\njobs:\n  check:\n    runs-on: x\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: check\n  ship:\n    runs-on: x\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n  snapshot:\n    runs-on: x\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: build --snapshot ${{ steps.goreleaser_id.outputs.id }}\n",
        );
        let dry: Vec<bool> = wf
            .jobs
            .iter()
            .map(|j| {
                let e = job_effects(j)
                    .into_iter()
                    .find(|e| e.kind == EffectKind::CreatesRelease)
                    .expect("goreleaser is a release effect");
                not_really_a_release(j, e.span)
            })
            .collect();
        assert_eq!(dry, vec![true, false, true]);
    }
}
