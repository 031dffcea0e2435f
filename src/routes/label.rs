//! Readable text for an environment that stays an expression: `${{ inputs.environment }}`
//! becomes "input `environment` (default `production`)". Display only: rules keep the raw text.

use crate::repo::Repo;

/// The input an environment expression is exactly (`inputs.X`, `github.event.inputs.X`).
fn input_name(raw: &str) -> Option<&str> {
    let inner = raw.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let name = inner
        .strip_prefix("inputs.")
        .or_else(|| inner.strip_prefix("github.event.inputs."))?;
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then_some(name)
}

/// `env` as a reader should see it for a job of the workflow at `workflow_path` (relative to
/// the repository root, as routes name it): a plain
/// input reference names the input and its default; anything else is returned as it is.
pub fn environment_label(repo: &Repo, workflow_path: &str, env: &str) -> String {
    let Some(name) = input_name(env) else {
        return env.to_string();
    };
    let declared = repo
        .find_workflow(workflow_path)
        .into_iter()
        .flat_map(|w| w.triggers.iter())
        .filter(|t| matches!(t.event.as_str(), "workflow_dispatch" | "workflow_call"))
        .find_map(|t| {
            t.inputs
                .iter()
                .find(|i| i.name.value.eq_ignore_ascii_case(name))
        });
    match declared {
        Some(input) => match &input.default {
            Some(d) if !d.value.trim().is_empty() => {
                format!(
                    "input `{}` (default `{}`)",
                    input.name.value,
                    d.value.trim()
                )
            }
            _ => format!("input `{}`", input.name.value),
        },
        None => env.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_references() {
        let cases = [
            ("${{ inputs.environment }}", Some("environment")),
            ("${{github.event.inputs.env}}", Some("env")),
            ("${{ inputs.environment || 'dev' }}", None),
            ("production", None),
            ("${{ inputs. }}", None),
        ];
        for (raw, want) in cases {
            assert_eq!(input_name(raw), want, "{raw}");
        }
    }
}
