//! `deprecated-commands`: `run:` scripts that print the workflow commands GitHub replaced by
//! files: `::set-output` and `::save-state` (deprecated, `$GITHUB_OUTPUT` / `$GITHUB_STATE`)
//! and `::set-env` and `::add-path` (disabled: the runner refuses them unless
//! `ACTIONS_ALLOW_UNSECURE_COMMANDS` is set).

use super::{common, Ctx, Rule};
use crate::finding::{Finding, Severity};

pub struct DeprecatedCommands;

/// (command, what replaces it, disabled rather than only deprecated).
const COMMANDS: &[(&str, &str, bool)] = &[
    ("set-output", "echo \"{name}={value}\" >> \"$GITHUB_OUTPUT\"", false),
    ("save-state", "echo \"{name}={value}\" >> \"$GITHUB_STATE\"", false),
    ("set-env", "echo \"{name}={value}\" >> \"$GITHUB_ENV\"", true),
    ("add-path", "echo \"{path}\" >> \"$GITHUB_PATH\"", true),
];

/// The deprecated command a script line prints: `::name` followed by a space (parameters) or
/// by `::`.
fn command_in(line: &str) -> Option<&'static (&'static str, &'static str, bool)> {
    let mut rest = line;
    while let Some(i) = rest.find("::") {
        let after = &rest[i + 2..];
        // A command starts what is printed: `::x` after a quote or a space, not the
        // message of another command (`::warning::set-output is gone`).
        let starts = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "'\"`(>".contains(c));
        if !starts {
            rest = after;
            continue;
        }
        if let Some(c) = COMMANDS.iter().find(|(name, _, _)| {
            after
                .strip_prefix(name)
                .is_some_and(|tail| tail.starts_with("::") || tail.starts_with(' '))
        }) {
            return Some(c);
        }
        rest = after;
    }
    None
}

impl Rule for DeprecatedCommands {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                for step in &job.steps {
                    let Some(run) = &step.run else {
                        continue;
                    };
                    if !run.value.contains("::") {
                        continue;
                    }
                    for (i, text) in run.value.lines().enumerate() {
                        let Some((name, instead, disabled)) = command_in(text) else {
                            continue;
                        };
                        // The file line of the command (a folded script is one value line).
                        let column = text
                            .find(&format!("::{name}"))
                            .map_or(1, |b| text[..b].chars().count() + 1);
                        let line =
                            common::value_position_line(&wf.file, run.span, &run.value, i, column);
                        let what = if *disabled {
                            "is disabled: the runner rejects it and the step fails"
                        } else {
                            "is deprecated and may stop working"
                        };
                        let mut f = cx.finding(
                            Self::ID,
                            &wf.file,
                            wf.file.line_span(line),
                            format!("the workflow command `::{name}` {what}; write `{instead}` instead"),
                        );
                        if *disabled {
                            f.severity = Severity::Error;
                        }
                        out.push(f);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::command_in;

    #[test]
    fn finds_commands() {
        assert_eq!(command_in("echo '::set-output name=a::b'").map(|c| c.0), Some("set-output"));
        assert_eq!(command_in("echo ::add-path::/x").map(|c| c.0), Some("add-path"));
        assert_eq!(command_in("echo \"::set-env name=A::1\"").map(|c| c.0), Some("set-env"));
        assert!(command_in("echo '::debug::set-output x'").is_none());
        assert!(command_in("echo '::warning file=a::set-output is gone'").is_none());
        assert!(command_in("echo '::set-outputs name=a::b'").is_none());
        assert!(command_in("echo a=b >> $GITHUB_OUTPUT").is_none());
    }
}
