use std::path::{Path, PathBuf};

use super::*;
use crate::docs::ProseKind;

fn parse_text(text: &str) -> Result<Config, Vec<ConfigError>> {
    let file = SourceFile::from_text(".driftlint.yml", text);
    Config::parse(&file, Path::new("repo"))
}

fn messages(text: &str) -> Vec<String> {
    match parse_text(text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn full_config_parses_into_typed_fields() {
    let text = "\
rules:
  manual-only:
    severity: error
  disabled-trigger:
    enabled: false
docs:
  include: ['handbook/**/*.md']
  exclude:
    - docs/archive/**
environments:
  aliases:
    production: [prod, prd]
    staging: stg
claims:
  - kind: approval-required
    pattern: 'needs a sign-off from'
state: .driftlint/state
default_branch: trunk
";
    let c = parse_text(text).unwrap();
    assert_eq!(c.source.as_deref(), Some(".driftlint.yml"));
    assert_eq!(c.severity_override("manual-only"), Some(Severity::Error));
    assert!(c.rule_enabled("manual-only"));
    assert!(!c.rule_enabled("disabled-trigger"));
    assert!(c.rule_enabled("not-configured"));
    assert_eq!(c.severity_override("disabled-trigger"), None);
    assert_eq!(
        (
            c.rules["disabled-trigger"].line,
            c.rules["disabled-trigger"].column
        ),
        (4, 3)
    );
    assert!(c.includes("handbook/a/b.md"));
    assert!(!c.includes("docs/a.md"));
    assert!(c.excludes("docs/archive/2019/old.md"));
    assert!(!c.excludes("docs/RELEASING.md"));
    assert_eq!(
        c.environment_aliases,
        BTreeMap::from([
            (
                "production".to_string(),
                vec!["prod".to_string(), "prd".to_string()]
            ),
            ("staging".to_string(), vec!["stg".to_string()]),
        ])
    );
    assert_eq!(
        c.claim_pairs(),
        vec![(
            ExtraClaimKind::Prose(ProseKind::ApprovalRequired),
            "needs a sign-off from".to_string()
        )]
    );
    assert_eq!(c.claims[0].line, 15);
    assert_eq!(c.state, Some(PathBuf::from("repo/.driftlint/state")));
    assert_eq!(c.default_branch(), "trunk");
}

#[test]
fn empty_and_default_configs() {
    let c = parse_text("").unwrap();
    assert!(c.rules.is_empty() && c.claims.is_empty());
    assert_eq!(c.default_branch(), "main");
    assert_eq!(c.state, None);
    let c = parse_text("rules:\ndocs:\nclaims:\n").unwrap();
    assert!(c.docs.include.is_none() && c.docs.exclude.is_none());
    assert_eq!(Config::default().default_branch(), "main");
}

#[test]
fn starter_config_parses_to_the_defaults() {
    let c = parse_text(STARTER).unwrap();
    assert!(c.rules.is_empty());
    assert!(c.environment_aliases.is_empty());
    assert!(c.claims.is_empty() && c.state.is_none() && c.default_branch.is_none());
    assert!(c.runner_labels.is_none());
}

#[test]
fn runner_labels_unset_empty_and_listed() {
    assert_eq!(parse_text("").unwrap().runner_labels, None);
    assert_eq!(
        parse_text("runner-labels: []\n").unwrap().runner_labels,
        Some(vec![])
    );
    assert_eq!(
        parse_text("runner-labels: [linux-gpu, 'arm-*']\n")
            .unwrap()
            .runner_labels,
        Some(vec!["linux-gpu".to_string(), "arm-*".to_string()])
    );
    assert_eq!(
        parse_text("runner-labels: gpu\n").unwrap().runner_labels,
        Some(vec!["gpu".to_string()])
    );
}

#[test]
fn mistakes_name_file_line_column_and_a_hint() {
    let cases: &[(&str, &[&str])] = &[
        (
            "rules: {}\ndocs: {}\nrulez: {}\n",
            &["unknown key `rulez` at .driftlint.yml:3:1; did you mean `rules`?"],
        ),
        (
            "rules:\n  manual-only:\n    severty: error\n",
            &["unknown key `severty` at .driftlint.yml:3:5; did you mean `severity`?"],
        ),
        (
            "rules:\n  manual-only:\n    severity: fatal\n",
            &["`rules.manual-only.severity` must be error, warning or note at .driftlint.yml:3:15"],
        ),
        (
            "rules:\n  manual-only:\n    enabled: no\n",
            &["`rules.manual-only.enabled` must be true or false at .driftlint.yml:3:14"],
        ),
        (
            "rules:\n  manual-only: off\n",
            &["`rules.manual-only` must be a mapping, found a scalar at .driftlint.yml:2:16"],
        ),
        (
            "rules: [a]\n",
            &["`rules` must be a mapping, found a sequence at .driftlint.yml:1:8"],
        ),
        (
            "docs:\n  exclude: ['docs/[z-a].md']\n",
            &["invalid glob in `docs.exclude`: invalid filter pattern `docs/[z-a].md` at character 6: range `z-a` is reversed at .driftlint.yml:2:13"],
        ),
        (
            "docs:\n  includes: ['a.md']\n",
            &["unknown key `includes` at .driftlint.yml:2:3; did you mean `include`?"],
        ),
        (
            "claims:\n  - kind: approval-required\n    pattern: '(unclosed'\n",
            &["invalid regex in `claims[].pattern`: unclosed group at .driftlint.yml:3:14"],
        ),
        (
            "claims:\n  - kind: approval-required\n",
            &["a claim needs a `pattern` at .driftlint.yml:2:5"],
        ),
        (
            "claims:\n  kind: x\n",
            &["`claims` must be a list, found a mapping at .driftlint.yml:2:3"],
        ),
        (
            "default_branch: [main]\n",
            &["`default_branch` must be text, found a sequence at .driftlint.yml:1:17"],
        ),
        (
            "runner-labels: {gpu: 1}\n",
            &["`runner-labels` must be a list, found a mapping at .driftlint.yml:1:16"],
        ),
        (
            "runner-labels: [gpu, '']\n",
            &["`runner-labels` must not be empty at .driftlint.yml:1:22"],
        ),
        (
            "state: ''\n",
            &["`state` must not be empty at .driftlint.yml:1:8"],
        ),
        (
            "environments:\n  alias:\n    production: [prod]\n",
            &["unknown key `alias` at .driftlint.yml:2:3; did you mean `aliases`?"],
        ),
        (
            "claims:\n  - kind: aproval-required\n    pattern: x\n",
            &["unknown claim kind `aproval-required`; did you mean `approval-required`? at .driftlint.yml:2:11"],
        ),
        (
            "rules: {}\nrules: {}\n",
            &["duplicate key `rules` (first at line 1) at .driftlint.yml:2:1"],
        ),
        (
            "rules:\n  a: {enabled: maybe}\nbogus: 1\n",
            &[
                "`rules.a.enabled` must be true or false at .driftlint.yml:2:16",
                "unknown key `bogus` at .driftlint.yml:3:1; known keys: rules, docs, environments, claims, state, default_branch, security, runner-labels",
            ],
        ),
        (
            "- rules\n",
            &["`the config` must be a mapping, found a sequence at .driftlint.yml:1:1"],
        ),
        (
            "rules: [\n",
            &["YAML syntax error: while parsing a node, did not find expected node content at .driftlint.yml:2:1"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(&messages(text), want, "config:\n{text}");
    }
}
