//! `.driftlint.yml` and `--config`: severities, disabled rules, docs globs, broken configs;
//! `driftlint init` and `driftlint completions`.

mod scratch;

use scratch::{loc, locations, rows, stderr, stdout, Scratch, CI, RELEASE, RELEASE_PATH};

#[test]
fn severity_override_and_disabled_rule() {
    let repo = Scratch::new("cfg-severity");
    repo.write(RELEASE_PATH, RELEASE);
    // Without a config: two warnings, nothing reaches --fail-on error.
    let out = repo.run(&["check", "--format", "json", "--fail-on", "error"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let severities: Vec<(String, String)> =
        rows(&out).into_iter().map(|(r, s, ..)| (r, s)).collect();
    assert_eq!(
        severities,
        [("manual-only", "warning"), ("disabled-trigger", "warning")]
            .map(|(r, s)| (r.to_string(), s.to_string()))
    );

    repo.write(
        ".driftlint.yml",
        "rules:\n  manual-only:\n    severity: error\n  disabled-trigger:\n    enabled: false\n",
    );
    let out = repo.run(&["check", "--format", "json", "--fail-on", "error"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let severities: Vec<(String, String, u64)> = rows(&out)
        .into_iter()
        .map(|(r, s, _, l, _)| (r, s, l))
        .collect();
    assert_eq!(
        severities,
        vec![("manual-only".to_string(), "error".to_string(), 3)]
    );

    // SARIF carries the configured level too.
    let out = repo.run(&["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "manual-only");
    assert_eq!(results[0]["level"], "error");
}

#[test]
fn broken_config_exits_2_and_names_file_line_column() {
    let repo = Scratch::new("cfg-broken");
    repo.write(RELEASE_PATH, RELEASE);
    let cases = [
        (
            "rules: {}\ndocs: {}\nrulez:\n  manual-only:\n    enabled: false\n",
            "error: unknown key `rulez` at .driftlint.yml:3:1; did you mean `rules`?\n",
        ),
        (
            "rules:\n  manual-only:\n    severity: critical\n",
            "error: `rules.manual-only.severity` must be error, warning or note at .driftlint.yml:3:15\n",
        ),
        (
            "rules:\n  manual-only: {enabled: false\n",
            "error: YAML syntax error: while parsing a flow mapping, did not find expected ',' or '}' at .driftlint.yml:3:1\n",
        ),
    ];
    for (config, want) in cases {
        repo.write(".driftlint.yml", config);
        for format in ["human", "json"] {
            let out = repo.run(&["check", "--format", format]);
            assert_eq!(out.status.code(), Some(2), "{config}");
            assert_eq!(stderr(&out), want, "{config}");
            assert_eq!(stdout(&out), "", "nothing is reported with a broken config");
        }
    }
}

#[test]
fn explicit_config_file_applies_and_is_validated() {
    let repo = Scratch::new("cfg-explicit");
    repo.write(RELEASE_PATH, RELEASE);
    repo.write(
        "ci/lint.yml",
        "rules:\n  manual-only:\n    enabled: false\n",
    );
    repo.write("ci/bad.yml", "\nstate: [a]\n");
    // A config at the root is not used when --config names another.
    repo.write(
        ".driftlint.yml",
        "rules:\n  disabled-trigger:\n    enabled: false\n",
    );
    let out = repo.run(&["check", "--config", "ci/lint.yml", "--format", "json"]);
    assert_eq!(
        locations(&out),
        vec![loc("disabled-trigger", RELEASE_PATH, 4)]
    );
    let out = repo.run(&["check", "--config", "ci/bad.yml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `state` must be text, found a sequence at ci/bad.yml:2:8\n"
    );
    let out = repo.run(&["check", "--config", "ci/missing.yml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: cannot read config: cannot read file: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_rule_id_in_config_is_a_warning_with_the_closest_id() {
    let repo = Scratch::new("cfg-unknown-rule");
    repo.write(RELEASE_PATH, RELEASE);
    repo.write(
        ".driftlint.yml",
        "rules:\n  manual-onyl:\n    enabled: false\n  zzz:\n    severity: note\n",
    );
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "warning: unknown rule `manual-onyl` at .driftlint.yml:2:3; did you mean `manual-only`?\n\
         warning: unknown rule `zzz` at .driftlint.yml:4:3; `driftlint rules` lists the rule ids\n"
    );
    // The misspelt entry changes nothing.
    assert_eq!(
        locations(&out),
        vec![
            loc("manual-only", RELEASE_PATH, 3),
            loc("disabled-trigger", RELEASE_PATH, 4)
        ]
    );
}

#[test]
fn docs_include_and_exclude() {
    let repo = Scratch::new("cfg-docs");
    repo.write(RELEASE_PATH, RELEASE);
    repo.write(".github/workflows/ci.yml", CI);
    // Not a doc path by default; only `docs.include` makes driftlint read it.
    repo.write(
        "handbook/shipping.md",
        "# Release\n\n<!-- driftlint: ignore -->\nAsk first.\n",
    );
    repo.write("docs/old/a.md", "<!-- driftlint: ignore -->\nOld.\n");
    repo.write("docs/keep.md", "<!-- driftlint: ignore -->\nKept.\n");
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(
        locations(&out),
        vec![
            loc("manual-only", RELEASE_PATH, 3),
            loc("disabled-trigger", RELEASE_PATH, 4),
            loc("invalid-ignore", "docs/keep.md", 1),
            loc("invalid-ignore", "docs/old/a.md", 1),
        ]
    );
    repo.write(
        ".driftlint.yml",
        "docs:\n  include: ['handbook/**/*.md']\n  exclude:\n    - docs/old/**\n    - .github/workflows/release.yml\n",
    );
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(
        locations(&out),
        vec![
            loc("invalid-ignore", "docs/keep.md", 1),
            loc("invalid-ignore", "handbook/shipping.md", 3),
        ]
    );
    // A file named on the command line (pre-commit) is still excluded.
    let out = repo.run(&["check", "--format", "json", RELEASE_PATH]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(locations(&out), vec![]);
}

#[test]
fn init_writes_a_starter_config_once() {
    let repo = Scratch::new("cfg-init");
    repo.write(".github/workflows/ci.yml", CI);
    let out = repo.run(&["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "wrote .driftlint.yml\nwrote .driftlint/config.schema.json\n"
    );
    assert_eq!(repo.read(".driftlint.yml"), driftlint::config::STARTER);
    // Editors find the schema through the first line, relative to the config file.
    assert_eq!(
        driftlint::config::STARTER.lines().next(),
        Some("# yaml-language-server: $schema=.driftlint/config.schema.json")
    );
    assert_eq!(
        repo.read(".driftlint/config.schema.json"),
        driftlint::config::SCHEMA
    );
    // The starter config is valid and changes nothing.
    let out = repo.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");

    repo.write(".driftlint.yml", "rules: {}\n");
    let out = repo.run(&["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: .driftlint.yml already exists; use --force to overwrite it\n"
    );
    assert_eq!(repo.read(".driftlint.yml"), "rules: {}\n");
    let out = repo.run(&["init", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(repo.read(".driftlint.yml"), driftlint::config::STARTER);

    let out = repo.run(&["init", "sub"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: sub: no such directory\n");
}

#[test]
fn completion_scripts() {
    let repo = Scratch::new("cfg-completions");
    let cases = [
        ("bash", "_driftlint() {"),
        ("zsh", "#compdef driftlint"),
        (
            "fish",
            "complete -c driftlint -n \"__fish_driftlint_needs_command\" -f -a \"check\"",
        ),
    ];
    for (shell, line) in cases {
        let out = repo.run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(
            script.lines().any(|l| l.starts_with(line)),
            "{shell}: no line starting with {line:?}"
        );
        for sub in ["init", "completions", "write-baseline", "baseline"] {
            assert!(script.contains(sub), "{shell} completes no {sub}");
        }
    }
    let out = repo.run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}
