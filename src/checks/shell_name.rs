//! `shell-name`: a `shell:` (of a step, or under `defaults.run`) that names no shell the
//! runner provides, or a shell of the other system (`cmd` on Linux, `sh` on Windows). A
//! custom command with `{0}` (`perl {0}`) and expressions are not judged.

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::Span;
use crate::yaml::Node;

pub struct ShellName;

/// Shells of Linux and macOS runners, and of Windows runners (GitHub's workflow syntax,
/// `jobs.<job_id>.steps[*].shell`).
const UNIX: &[&str] = &["bash", "pwsh", "python", "sh"];
const WINDOWS: &[&str] = &["bash", "cmd", "powershell", "pwsh", "python"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Os {
    Unix,
    Windows,
    /// Not known (an expression, a self-hosted or custom label, several systems).
    Any,
}

/// The runner system of a `runs-on` value, when its labels say.
fn runner_os(runs_on: Option<&Node>) -> Os {
    let Some(node) = runs_on else {
        return Os::Any;
    };
    let labels = match node.get("labels") {
        Some(l) => l.string_list(),
        None => node.string_list(),
    };
    let mut os = Os::Any;
    for (label, _) in labels {
        let l = label.to_ascii_lowercase();
        let this = if l.starts_with("windows-") || l == "windows" {
            Os::Windows
        } else if l.starts_with("ubuntu-") || l.starts_with("macos-") || l == "linux" || l == "macos" {
            Os::Unix
        } else {
            continue;
        };
        if os != Os::Any && os != this {
            return Os::Any;
        }
        os = this;
    }
    os
}

/// Whether hosted `runs-on` labels put the job on Linux or macOS (whose default shell is
/// bash; Windows runners default to pwsh).
pub(crate) fn runs_on_unix(runs_on: Option<&Node>) -> bool {
    runner_os(runs_on) == Os::Unix
}

fn problem(shell: &str, os: Os) -> Option<String> {
    // Shell names compare without case (`PowerShell` is `powershell`).
    let lower = shell.trim().to_ascii_lowercase();
    let name = lower.as_str();
    if name.contains("{0}") || name.holds_template() || name.is_empty() {
        return None;
    }
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let known = |names: &[&str]| names.contains(&name);
    if !known(UNIX) && !known(WINDOWS) {
        let (names, hint) = match os {
            Os::Windows => (WINDOWS, ""),
            Os::Unix => (UNIX, ""),
            Os::Any => (UNIX, " (Windows also has `cmd` and `powershell`)"),
        };
        return Some(format!(
            "`{name}` is not a shell GitHub knows: use one of {}{hint}, or a command with `{{0}}` for the script file (e.g. `{name} {{0}}`)",
            list(names)
        ));
    }
    match os {
        Os::Unix if !known(UNIX) => Some(format!(
            "`{name}` exists only on Windows runners and this job runs on Linux or macOS; shells here: {}",
            list(UNIX)
        )),
        Os::Windows if !known(WINDOWS) => Some(format!(
            "`{name}` is not available on Windows runners, where this job runs; shells there: {}",
            list(WINDOWS)
        )),
        _ => None,
    }
}

/// `defaults.run.shell` of a workflow or job.
fn default_shell(node: &Node) -> Option<&Node> {
    node.get("defaults")?.get("run")?.get("shell")
}

impl Rule for ShellName {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let Some(root) = &wf.doc.root else {
                continue;
            };
            let mut problems: Vec<(Span, String)> = Vec::new();
            let mut judge = |node: &Node, os: Os| {
                if let Some(m) = node.as_str().and_then(|s| problem(s, os)) {
                    problems.push((node.span, m));
                }
            };
            if let Some(shell) = default_shell(root) {
                judge(shell, Os::Any);
            }
            for j in root.get("jobs").and_then(Node::as_map).unwrap_or(&[]) {
                let os = runner_os(j.value.get("runs-on"));
                if let Some(shell) = default_shell(&j.value) {
                    judge(shell, os);
                }
                for step in j.value.get("steps").and_then(Node::as_seq).unwrap_or(&[]) {
                    if let Some(shell) = step.get("shell") {
                        judge(shell, os);
                    }
                }
            }
            for (span, message) in problems {
                out.push(cx.finding(Self::ID, &wf.file, span, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells() {
        assert!(problem("bash", Os::Unix).is_none());
        assert!(problem("perl {0}", Os::Unix).is_none());
        assert!(problem("dash", Os::Any).is_some());
        assert!(problem("powershell", Os::Unix).is_some());
        assert!(problem("powershell", Os::Any).is_none());
        assert!(problem("sh", Os::Windows).is_some());
        assert!(problem("cmd", Os::Windows).is_none());
        assert!(problem("${{ matrix.shell }}", Os::Unix).is_none());
    }
}
