//! A tool or check a doc says a workflow runs ("**Cargo Deny**: licence and ban checks",
//! "Lighthouse CI for performance metrics", "uses Trivy") against the workflows' text: the
//! commands, actions and inputs that would run it. The names docs use are
//! [`crate::docs::effect_claims::TOOL_NAMES`]; what counts as running each is here.
//!
//! - a workflow in the claim's scope (the tied workflow and the reusable workflows it calls,
//!   or every workflow when the line names none) runs it → holds;
//! - a step whose work cannot be seen (a script not in the repository, an action the effects
//!   table does not know) and whose name fits the tool (`security-scan.sh` for secret
//!   scanning) → unknown;
//! - the tied workflow does not, another one does (and the tied one cannot start it) →
//!   violated, naming the other;
//! - no workflow runs it: violated for a tied line, and for a line of a workflow catalogue
//!   ("**Security**: secret scanning") that names no workflow.

use std::sync::LazyLock;

use regex::Regex;

use super::{could_chain, workflow_label, Model};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::constant_regex;

/// What in a workflow's text runs each tool (case-insensitive), by the name
/// [`crate::docs::effect_claims::TOOL_NAMES`] gives it.
const EVIDENCE: &[(&str, &str)] = &[
    ("Lighthouse", r"lighthouse|\blhci\b"),
    ("Trivy", r"trivy"),
    ("Snyk", r"snyk"),
    ("SonarCloud", r"sonarcloud"),
    ("SonarQube", r"sonarqube"),
    ("Semgrep", r"semgrep"),
    ("CodeQL", r"codeql"),
    ("Pa11y", r"pa11y"),
    (
        "accessibility tests",
        r"pa11y|\baxe\b|axe-core|a11y|accessibility|lighthouse",
    ),
    (
        "secret scanning",
        r"gitleaks|trufflehog|detect-secrets|ggshield|secretlint|talisman|secrets?[-_ ]?(scan|detect)|scanners?:[^\n]*secret",
    ),
    ("licence checks", r"licen[cs]e|fossa|cargo[\s-]deny|scancode|reuse\s+lint"),
    ("cargo-deny", r"cargo[\s-]deny"),
    (
        "an MSRV check",
        r#"msrv|rust-version|toolchain@1\.\d+|toolchain:\s*['"]?1\.\d+|\+1\.\d+|cargo\s+hack"#,
    ),
    ("minimal-versions builds", r"minimal-versions"),
    ("doc tests", r"--doc\b|doctest|cargo\s+(\+\S+\s+)?test\b"),
    ("an outdated-dependency check", r"outdated|npm-check-updates|\bncu\b"),
    (
        "an unused-dependency check",
        r"udeps|machete|cargo[\s-]shear|depcheck|knip|deptry|unused",
    ),
    ("Clippy", r"clippy"),
];

/// Words in the name of a step whose work cannot be seen (a script not in the repository, an
/// action the effects table does not know) that make it a possible runner of the tool.
const HINTS: &[(&str, &str)] = &[
    ("Lighthouse", r"lighthouse|lhci|perf|audit"),
    ("Trivy", r"scan|secur|vuln|audit"),
    ("Snyk", r"scan|secur|vuln|audit"),
    ("SonarCloud", r"sonar|scan|quality|analy"),
    ("SonarQube", r"sonar|scan|quality|analy"),
    ("Semgrep", r"scan|secur|sast|analy"),
    ("CodeQL", r"scan|secur|sast|analy"),
    ("Pa11y", r"a11y|access|audit"),
    ("accessibility tests", r"a11y|access|audit"),
    ("secret scanning", r"secret|leak|scan|secur"),
    ("licence checks", r"licen|complian|legal|deny|audit"),
    ("cargo-deny", r"deny|licen|audit|supply"),
    ("an MSRV check", r"msrv|toolchain|compat"),
    ("minimal-versions builds", r"minimal|compat"),
    ("doc tests", r"doc|test"),
    ("an outdated-dependency check", r"outdated|dep|audit"),
    ("an unused-dependency check", r"unused|dep|audit"),
    ("Clippy", r"clippy|lint"),
];

static HINT_RES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    HINTS
        .iter()
        .map(|(name, p)| (*name, constant_regex(&format!("(?i){p}"))))
        .collect()
});

/// A call of a repository script, a make target or a package script.
static SCRIPT_CALL: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?:[\w.-]*/)+[\w.-]+\.(?:sh|bash|py|js|mjs|ts|rb|pl|ps1)\b|\b(?:bash|sh|python3?|node|ruby|perl|pwsh)\s+[\w.-]+\.(?:sh|bash|py|js|mjs|ts|rb|pl|ps1)\b|\bmake\s+[\w.-]+|\b(?:npm|pnpm|yarn|bun)\s+run\s+[\w:.-]+|\bjust\s+[\w.-]+",
    )
});

static EVIDENCE_RES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    EVIDENCE
        .iter()
        .map(|(name, p)| (*name, constant_regex(&format!("(?i){p}"))))
        .collect()
});

fn evidence(name: &str) -> Option<&'static Regex> {
    EVIDENCE_RES.iter().find(|(n, _)| *n == name).map(|(_, r)| r)
}

pub(super) fn tool(
    m: &Model,
    name: &str,
    listed: bool,
    tied: Option<usize>,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let ev = evidence(name)?;
    let all = m.all();
    let scope = tied.map_or_else(|| all.clone(), |w| m.scope(w));
    let runs = |i: &usize| ev.is_match(&m.wf(*i).file.text);
    let check = check("Tool run by the workflow");
    if let Some(&i) = scope.iter().find(|i| runs(i)) {
        return Some(check.verdict(
            Outcome::Holds,
            format!("{} runs {name}", workflow_label(m.wf(i))),
            "",
        ));
    }
    let hint = HINT_RES.iter().find(|(n, _)| *n == name).map(|(_, r)| r);
    let opaque = scope.iter().find_map(|&i| {
        m.effects[i]
            .opaque
            .iter()
            .find(|o| hint.is_some_and(|h| h.is_match(&o.what)))
            .map(|o| (i, o))
    });
    if let Some((i, o)) = opaque {
        return Some(
            check
                .verdict(Outcome::Unknown, format!("`{}` may run it", o.what), "")
                .related(&m.wf(i).file, o.span, "step whose effects are not visible"),
        );
    }
    // A script, make target or package script named like the tool (`./ci/security-scan.sh`,
    // `make licence-check`): its content is not the workflow's to show, so it may run it.
    let scripted = scope.iter().find_map(|&i| {
        let wf = m.wf(i);
        wf.jobs.iter().flat_map(|j| &j.steps).find_map(|s| {
            let run = s.run.as_ref()?;
            SCRIPT_CALL
                .find_iter(&run.value)
                .map(|x| x.as_str())
                .find(|call| hint.is_some_and(|h| h.is_match(call)))
                .map(|call| (i, call.to_string(), run.span))
        })
    });
    if let Some((i, call, span)) = scripted {
        return Some(
            check
                .verdict(Outcome::Unknown, format!("`{call}` may run it"), "")
                .related(&m.wf(i).file, span, "script whose content is not in the workflow"),
        );
    }
    let elsewhere: Vec<usize> = all.iter().copied().filter(|i| runs(i)).collect();
    match tied {
        Some(w) => {
            if elsewhere.iter().any(|&o| could_chain(m, w, o)) {
                return None;
            }
            let wf = m.wf(w);
            let actual = match elsewhere.first() {
                Some(&o) => format!(
                    "{} does not run {name}; only {} does",
                    workflow_label(wf),
                    workflow_label(m.wf(o))
                ),
                None => format!("{} never runs {name}", workflow_label(wf)),
            };
            let mut ch = check
                .verdict(
                    Outcome::Violated,
                    actual,
                    "the documented check does not happen",
                )
                .related(&wf.file, wf.on_or_first_line(), "workflow checked");
            if let Some(&o) = elsewhere.first() {
                ch = ch.related(&m.wf(o).file, m.wf(o).on_or_first_line(), "workflow that runs it");
            }
            Some(ch)
        }
        None => {
            if !listed || !elsewhere.is_empty() {
                return None;
            }
            let mut ch = check.verdict(
                Outcome::Violated,
                format!("no workflow runs {name}"),
                "the documented check does not happen",
            );
            for &i in all.iter().take(3) {
                ch = ch.related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow checked");
            }
            Some(ch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{evidence, EVIDENCE, HINTS};
    use crate::docs::effect_claims::TOOL_NAMES;

    #[test]
    fn every_tool_a_doc_can_name_has_evidence_and_hints() {
        for (name, _, _) in TOOL_NAMES {
            assert!(evidence(name).is_some(), "{name}");
            assert!(HINTS.iter().any(|(n, _)| n == name), "{name}");
        }
        assert_eq!(EVIDENCE.len(), TOOL_NAMES.len());
        assert_eq!(HINTS.len(), TOOL_NAMES.len());
    }

    #[test]
    fn scripts_named_like_a_tool_are_found() {
        let calls: Vec<&str> = super::SCRIPT_CALL
            .find_iter("./ci/security-scan.sh --all && make licence-check; npm run lint:deps; npm audit; setup Node.js; bash audit.sh")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(
            calls,
            vec![
                "./ci/security-scan.sh",
                "make licence-check",
                "npm run lint:deps",
                "bash audit.sh"
            ]
        );
    }

    #[test]
    fn doc_builds_are_no_doc_tests() {
        let re = evidence("doc tests").map(|r| r.is_match("run: cargo doc --no-deps"));
        assert_eq!(re, Some(false));
        let re = evidence("doc tests").map(|r| r.is_match("run: cargo test --doc"));
        assert_eq!(re, Some(true));
    }
}
