//! Placeholder jobs: a job whose steps only prepare the runner (check out, set up a runtime,
//! restore a cache, install dependencies) and print ("echo ✅ Security check completed") is a
//! stand-in that does none of the work its name suggests. Which actions and lines count as
//! preparing or printing is data (`placeholder:` in `rules/effects/table.yml`).

use super::table::{builtin, Table};
use crate::source::{SourceFile, Span};
use crate::workflow::script::script_lines;
use crate::workflow::Job;

/// The first printing script line of a placeholder job (span and text); None when the job (or any of its
/// steps) could do real work: another action, a command, a command substitution, a pipe, a
/// redirect into a file, a shell `if`.
pub fn placeholder_step(file: &SourceFile, job: &Job) -> Option<(Span, String)> {
    placeholder_step_with(builtin(), file, job)
}

fn placeholder_step_with(t: &Table, file: &SourceFile, job: &Job) -> Option<(Span, String)> {
    if job.uses.is_some() || job.steps.is_empty() {
        return None;
    }
    let (print, prepare) = (t.print_line.as_ref()?, t.prepare_line.as_ref()?);
    let mut first_print = None;
    for step in &job.steps {
        match (&step.uses, &step.run) {
            (Some(u), None) if prepares(t, &u.value) => {}
            (None, Some(run)) => {
                let lines = script_lines(file, run.span);
                if lines.is_empty() {
                    return None;
                }
                let mut prints = false;
                for l in &lines {
                    let parts = line_parts(&l.text)?;
                    for p in parts {
                        if print.is_match(p) {
                            prints = true;
                        } else if !prepare.is_match(p) {
                            return None;
                        }
                    }
                }
                if prints && first_print.is_none() {
                    first_print = lines
                        .iter()
                        .find(|l| print.is_match(&l.text))
                        .map(|l| (l.span, l.text.clone()));
                }
            }
            _ => return None,
        }
    }
    first_print
}

/// An action that only prepares the runner: listed, a `setup-` action, or one the effects
/// table knows to change nothing (`none`) or only a cache.
fn prepares(t: &Table, uses: &str) -> bool {
    let name = uses
        .split('@')
        .next()
        .unwrap_or(uses)
        .trim()
        .to_ascii_lowercase();
    if name.starts_with("./") || name.starts_with("docker://") {
        return false;
    }
    t.prepare_uses
        .iter()
        .any(|p| name.starts_with(&p.to_ascii_lowercase()))
        || name.contains("/setup-")
        || t.action(&name)
            .is_some_and(|a| a.effect == "none" || a.effect == "cache")
}

/// The commands of one logical line split at `&&` and `;`; None when the line could do more
/// than its words show (command substitution, a pipe, a redirect other than into a
/// `$GITHUB_*` file, a shell keyword).
fn line_parts(line: &str) -> Option<Vec<&str>> {
    if line.contains("$(") || line.contains('`') || line.contains('|') || line.contains('<') {
        return None;
    }
    let mut rest = line;
    while let Some(i) = rest.find('>') {
        let target = rest[i..].trim_start_matches('>').trim_start();
        let target = target.trim_start_matches(['"', '\'']);
        if !(target.starts_with("$GITHUB_") || target.starts_with("${GITHUB_")) {
            return None;
        }
        rest = &rest[i + 1..];
    }
    let parts: Vec<&str> = line
        .split("&&")
        .flat_map(|p| p.split(';'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let keyword = |p: &str| {
        let w = p.split_whitespace().next().unwrap_or("");
        matches!(
            w,
            "if" | "then" | "else" | "elif" | "fi" | "for" | "while" | "do" | "done" | "case"
        )
    };
    if parts.iter().any(|p| keyword(p)) {
        return None;
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::Workflow;

    fn jobs(yaml: &str) -> (Workflow, Vec<Option<u32>>) {
        let file = SourceFile::from_text(".github/workflows/w.yml", yaml);
        let wf = Workflow::load(file).unwrap_or_else(|e| panic!("{e:?}"));
        let lines = wf
            .jobs
            .iter()
            .map(|j| placeholder_step(&wf.file, j).map(|s| s.0.start.line))
            .collect();
        (wf, lines)
    }

    #[test]
    fn print_only_jobs_are_placeholders_and_working_jobs_are_not() {
        let yaml = "on: push\njobs:\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n      - run: npm ci\n      - name: Audit\n        run: |\n          # TODO: wire up a scanner\n          echo \"audit done\" && echo ok >> $GITHUB_STEP_SUMMARY\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo linting\n      - run: npm run lint\n  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"status $(date)\"\n  gate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          if [ x = y ]; then exit 1; fi\n          echo fine\n  install:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi > notes.md\n      - uses: some/unknown-action@v1\n";
        let (_, got) = jobs(yaml);
        assert_eq!(got, vec![Some(12), None, None, None, None, None]);
    }
}
