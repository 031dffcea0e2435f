//! `shellcheck`: runs ShellCheck on the `run:` scripts that bash or sh executes and maps its
//! findings back to the workflow lines. Opt-in (`rules: {shellcheck: {enabled: true}}` in
//! `.driftlint.yml`): what it reports depends on a program outside driftlint, and real
//! scripts hold many style findings. Without `shellcheck` on PATH it says so once.
//!
//! Each `${{ }}` is replaced by as many `_` before ShellCheck reads the script (GitHub pastes
//! the value in before the shell runs; its text is unknown), so positions stay exact.

use crate::source::HoldsTemplate as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{common, Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;
use crate::workflow::Workflow;
use crate::yaml::Node;

pub struct Shellcheck;

/// Findings that a workflow script cannot avoid or that placeholders cause: sourced files
/// not given (1091), variables set by `env:` outside the script (2154, and 2153 "possible
/// misspelling" of such a variable next to a lower-case shell variable), and conditions or
/// loops made constant by a replaced `${{ }}` (2043, 2050, 2157, 2194), and "use a subshell
/// to avoid having to `cd` back" (2103): each step runs in a shell of its own, so a `cd`
/// back is at worst unneeded, and after `cd a/b` a `cd ..` is often a move on, not back.
const EXCLUDED: &str = "SC1091,SC2043,SC2050,SC2103,SC2153,SC2154,SC2157,SC2194";

/// `shellcheck` on PATH (`DRIFTLINT_SHELLCHECK` names another program).
fn program() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DRIFTLINT_SHELLCHECK") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("shellcheck"))
        .find(|p| p.is_file())
}

/// One script to check: the shell (`bash` or `sh`), the run node and the script text with
/// expressions replaced.
struct Script<'a> {
    shell: &'static str,
    /// The script stops at the first failing command (`-e`): GitHub's `bash` and `sh`
    /// keywords and its default shell run `bash -e`/`sh -e`.
    errexit: bool,
    run: &'a Node,
    text: String,
}

/// ShellCheck's "`cd` may fail, add `|| exit`" (SC2164): under `-e` a failing `cd` already
/// stops the script, so it is left out there.
const CD_MAY_FAIL: u64 = 2164;

/// Whether a shell spec runs its script with errexit: the bare keywords `bash`/`sh` (GitHub
/// adds `-e`), or a custom command line with `-e` among short flags or `-o errexit`.
fn errexit(spec: &str) -> bool {
    let words: Vec<&str> = spec.split_whitespace().collect();
    if words.len() == 1 {
        return true;
    }
    words.iter().enumerate().any(|(i, w)| {
        (w.starts_with('-') && !w.starts_with("--") && w.contains('e'))
            || (*w == "-o" && words.get(i + 1) == Some(&"errexit"))
    })
}

/// `bash` or `sh` when the shell spec runs one of them (`bash`, `sh -e {0}`); None for any
/// other shell or an expression.
fn posix_shell(spec: &str) -> Option<&'static str> {
    if spec.holds_template() {
        return None;
    }
    match spec.split_whitespace().next()?.to_ascii_lowercase().as_str() {
        "bash" => Some("bash"),
        "sh" => Some("sh"),
        _ => None,
    }
}

fn default_shell(node: &Node) -> Option<&str> {
    node.get("defaults")?.get("run")?.get("shell")?.as_str()
}

/// `${{ ... }}` replaced by `_` of the same length (newlines kept).
fn placeholders(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find("}}").map_or(after.len(), |j| j + 2);
        out.extend(after[..end].chars().map(|c| if c == '\n' { '\n' } else { '_' }));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn scripts(root: &Node) -> Vec<Script<'_>> {
    let mut out = Vec::new();
    let wf_shell = default_shell(root);
    for j in root.get("jobs").and_then(Node::as_map).unwrap_or(&[]) {
        let job = &j.value;
        let unix = super::shell_name::runs_on_unix(job.get("runs-on"));
        let job_shell = default_shell(job).or(wf_shell);
        for step in job.get("steps").and_then(Node::as_seq).unwrap_or(&[]) {
            let Some(run) = step.get("run") else {
                continue;
            };
            let Some(text) = run.as_str() else {
                continue;
            };
            // `if: runner.os == 'Windows'` in a Linux job: a PowerShell script never run.
            let windows_only = step
                .get("if")
                .and_then(Node::as_str)
                .is_some_and(|c| c.to_ascii_lowercase().contains("windows"));
            if windows_only && step.get("shell").is_none() {
                continue;
            }
            let spec = step.get("shell").and_then(Node::as_str).or(job_shell);
            let shell = match spec {
                Some(s) => posix_shell(s).map(|p| (p, errexit(s))),
                // Linux and macOS runners default to bash, Windows runners to pwsh; on a
                // runner not known (an expression, a self-hosted label) the shell is not.
                None if unix => Some(("bash", true)),
                None => None,
            };
            if let Some((shell, errexit)) = shell {
                out.push(Script {
                    shell,
                    errexit,
                    run,
                    text: placeholders(text),
                });
            }
        }
    }
    out
}

/// A finding of ShellCheck's json1 output.
struct Comment {
    script: usize,
    /// 1-based line of the script.
    line: u32,
    /// 1-based column in characters (json1 counts a tab as one).
    column: u32,
    level: String,
    code: u64,
    message: String,
}

fn run_shellcheck(program: &Path, scripts: &[Script]) -> Result<Vec<Comment>, String> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "driftlint-shellcheck-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = (|| {
        let mut comments = Vec::new();
        for shell in ["bash", "sh"] {
            let mut files = Vec::new();
            for (i, s) in scripts.iter().enumerate().filter(|(_, s)| s.shell == shell) {
                let path = dir.join(format!("{i}.sh"));
                std::fs::write(&path, &s.text).map_err(|e| e.to_string())?;
                files.push(path);
            }
            if files.is_empty() {
                continue;
            }
            let output = Command::new(program)
                .args(["--norc", "-f", "json1", "-s", shell, "-e", EXCLUDED])
                .args(&files)
                .output()
                .map_err(|e| e.to_string())?;
            let json: serde_json::Value =
                serde_json::from_slice(&output.stdout).map_err(|e| format!("unreadable output: {e}"))?;
            for c in json.get("comments").and_then(|c| c.as_array()).into_iter().flatten() {
                let index = c
                    .get("file")
                    .and_then(|f| f.as_str())
                    .and_then(|f| Path::new(f).file_stem()?.to_str()?.parse::<usize>().ok());
                let (Some(index), Some(line)) = (index, c.get("line").and_then(|l| l.as_u64())) else {
                    continue;
                };
                let column = c.get("column").and_then(|l| l.as_u64()).unwrap_or(1);
                comments.push(Comment {
                    script: index,
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                    level: c.get("level").and_then(|l| l.as_str()).unwrap_or("").to_string(),
                    code: c.get("code").and_then(|l| l.as_u64()).unwrap_or(0),
                    message: c.get("message").and_then(|l| l.as_str()).unwrap_or("").to_string(),
                });
            }
        }
        Ok(comments)
    })();
    // Best effort: a temp directory left behind is harmless.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn severity(level: &str) -> Severity {
    match level {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Note,
    }
}

fn workflow_findings(cx: &Ctx, program: &Path, wf: &Workflow) -> Vec<Finding> {
    let Some(root) = &wf.doc.root else {
        return Vec::new();
    };
    let scripts = scripts(root);
    if scripts.is_empty() {
        return Vec::new();
    }
    let file: &SourceFile = &wf.file;
    match run_shellcheck(program, &scripts) {
        Ok(comments) => comments
            .into_iter()
            .filter_map(|c| {
                let Comment {
                    script,
                    line,
                    column,
                    level,
                    code,
                    message,
                } = c;
                let s = scripts.get(script)?;
                if s.errexit && code == CD_MAY_FAIL {
                    return None;
                }
                let value = s.run.as_str()?;
                // The file line of the word ShellCheck names: in a folded (`>`) script the
                // whole script is one shell line made of several file lines.
                let at = common::value_position_line(
                    file,
                    s.run.span,
                    value,
                    line.saturating_sub(1) as usize,
                    column as usize,
                );
                let mut f = cx.finding(
                    Shellcheck::ID,
                    file,
                    file.line_span(at),
                    format!("ShellCheck SC{code} ({level}) in this `{}` script: {message}", s.shell),
                );
                f.severity = severity(&level);
                Some(f)
            })
            .collect(),
        Err(e) => vec![{
            let mut f = cx.finding(
                Shellcheck::ID,
                file,
                scripts[0].run.span,
                format!("ShellCheck could not check this workflow's scripts: {e}"),
            );
            f.severity = Severity::Note;
            f
        }],
    }
}

impl Rule for Shellcheck {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        if !cx.shellcheck {
            return;
        }
        let Some(program) = program() else {
            // Said once: on the first script of the first workflow that has one.
            let first = cx.repo.workflows.iter().find_map(|wf| {
                let s = scripts(wf.doc.root.as_ref()?).first()?.run.span;
                Some((wf, s))
            });
            if let Some((wf, span)) = first {
                let mut f = cx.finding(
                    Self::ID,
                    &wf.file,
                    span,
                    "`shellcheck` is not on PATH, so no `run:` script was checked (install ShellCheck, or turn the rule off)",
                );
                f.severity = Severity::Note;
                out.push(f);
            }
            return;
        };
        let found: Vec<Vec<Finding>> = cx
            .repo
            .workflows
            .par_iter()
            .map(|wf| workflow_findings(cx, &program, wf))
            .collect();
        out.extend(found.into_iter().flatten());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_keep_lengths() {
        let s = "echo ${{ github.sha }} and \"${{ inputs.x }}\"";
        let p = placeholders(s);
        assert_eq!(p.len(), s.len());
        assert!(!p.holds_template());
        assert_eq!(placeholders("a ${{ x"), "a _____");
    }

    #[test]
    fn shells() {
        assert_eq!(posix_shell("bash"), Some("bash"));
        assert_eq!(posix_shell("sh -e {0}"), Some("sh"));
        assert_eq!(posix_shell("pwsh"), None);
        assert_eq!(posix_shell("${{ matrix.shell }}"), None);
        assert!(errexit("bash") && errexit("sh"));
        assert!(errexit("bash --noprofile --norc -eo pipefail {0}"));
        assert!(errexit("sh -e {0}") && errexit("bash -o errexit {0}"));
        assert!(!errexit("bash {0}") && !errexit("sh -x {0}") && !errexit("bash --noprofile {0}"));
    }
}
