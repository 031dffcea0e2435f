//! The published JSON Schemas (docs/schema/) describe what driftlint actually writes and reads:
//! every golden JSON output and the JSON output on every fixture validates against the output
//! schema, every config in the repository against the config schema, and configs the schema
//! rejects are the ones driftlint rejects.

mod scratch;

use std::path::{Path, PathBuf};

use driftlint::yaml::{self, Node, Value as Yaml};
use serde_json::{json, Map, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> Value {
    let path = root().join("docs/schema").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The schema with `additionalProperties: false` on every object that lists its properties:
/// the published schema lets a version grow keys, the tests want each emitted key documented.
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), strict(v))).collect();
            if out.contains_key("properties") && !out.contains_key("additionalProperties") {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn output_schema() -> Value {
    strict(&schema("driftlint-output-v1.schema.json"))
}

fn config_schema() -> Value {
    schema("driftlint-config-v1.schema.json")
}

/// Every directory under fixtures/ that holds a repository (a `.github` folder).
fn fixture_repos() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        if dir.join(".github").is_dir() {
            out.push(dir.clone());
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() && e.file_name() != ".github" {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn golden_json_outputs_match_the_output_schema() {
    let schema = output_schema();
    let mut checked = 0;
    for e in std::fs::read_dir(root().join("tests/expected")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(errors(&schema, &doc), Vec::<String>::new(), "{path:?}");
        checked += 1;
    }
    assert!(checked >= 1, "no golden JSON output found");
}

#[test]
fn json_output_on_every_fixture_matches_the_output_schema() {
    let schema = output_schema();
    let repos = fixture_repos();
    assert!(repos.len() > 20, "fixtures not found: {repos:?}");
    let mut findings = 0;
    for repo in &repos {
        let out = scratch::run_in(repo, &["check", "--format", "json", "--fail-on", "never"]);
        let text = scratch::stdout(&out);
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            // A fixture whose config is deliberately broken exits 2 without a document.
            assert_eq!(out.status.code(), Some(2), "{repo:?}: {text}");
            continue;
        };
        assert_eq!(errors(&schema, &doc), Vec::<String>::new(), "{repo:?}");
        findings += doc["findings"].as_array().map_or(0, Vec::len);
    }
    assert!(
        findings > 50,
        "the fixtures produced only {findings} findings"
    );
}

#[test]
fn output_schema_rejects_what_driftlint_never_writes() {
    let schema = output_schema();
    let finding = json!({
        "rule": "manual-only", "severity": "warning", "path": "a.yml", "line": 1, "column": 1,
        "end_line": 1, "end_column": 2, "message": "m", "help": "", "related": []
    });
    let doc = |f: Value| {
        json!({
            "version": 1,
            "tool": {"name": "driftlint", "version": "0.1.0"},
            "findings": [f],
            "summary": {"files": 1, "findings": 1, "by_severity": {"error": 0, "warning": 1, "note": 0}}
        })
    };
    assert_eq!(errors(&schema, &doc(finding.clone())), Vec::<String>::new());
    let mut bad = Vec::new();
    for (key, value) in [
        ("severity", json!("info")),
        ("line", json!(-1)),
        ("rule", json!("Manual_Only")),
        ("related", json!([{"path": "a.md", "line": 1}])),
        ("extra", json!(1)),
    ] {
        let mut f = finding.clone();
        f[key] = value;
        bad.push(doc(f));
    }
    let mut f = finding.clone();
    f.as_object_mut().unwrap().remove("message");
    bad.push(doc(f));
    let mut v2 = doc(finding);
    v2["version"] = json!(2);
    bad.push(v2);
    for d in bad {
        assert!(!errors(&schema, &d).is_empty(), "accepted {d}");
    }
}

/// A YAML tree as JSON, typed as YAML 1.2's core schema types plain scalars.
fn to_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| {
                    (
                        e.key.scalar_text().unwrap_or("").to_string(),
                        to_json(&e.value),
                    )
                })
                .collect(),
        ),
        Yaml::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Scalar { text, .. } => match (node.as_bool(), text.parse::<i64>()) {
            (Some(b), _) => Value::Bool(b),
            (None, Ok(n)) if is_plain(node) => json!(n),
            _ => Value::String(text.to_string()),
        },
    }
}

fn is_plain(node: &Node) -> bool {
    matches!(
        &node.value,
        Yaml::Scalar {
            style: saphyr_parser::ScalarStyle::Plain,
            ..
        }
    )
}

fn yaml_json(name: &str, text: &str) -> Value {
    let doc = yaml::load_str(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    doc.root.as_ref().map_or(Value::Null, to_json)
}

/// Every config file in the repository, the starter config and the example in docs/config.md.
fn configs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if e.file_name() == ".driftlint.yml" {
                out.push((
                    rel(&path),
                    std::fs::read_to_string(&path).unwrap_or_default(),
                ));
            }
        }
    }
    for file in [".driftlint.yml", "src/config/starter.yml"] {
        out.push((
            file.to_string(),
            std::fs::read_to_string(root().join(file)).unwrap(),
        ));
    }
    let doc = std::fs::read_to_string(root().join("docs/config.md")).unwrap();
    let start = doc
        .find("```yaml\nrules:")
        .expect("docs/config.md has an example")
        + 8;
    let len = doc[start..].find("```\n").unwrap();
    out.push(("docs/config.md".into(), doc[start..start + len].to_string()));
    out.sort();
    out
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_config_in_the_repository_matches_the_config_schema() {
    let schema = config_schema();
    let configs = configs();
    assert!(configs.len() >= 8, "{configs:?}");
    for (name, text) in &configs {
        let doc = yaml_json(name, text);
        assert_eq!(errors(&schema, &doc), Vec::<String>::new(), "{name}");
    }
}

/// Configs that the schema rejects are rejected by driftlint too (exit 2), and the examples
/// accepted by both stay accepted: the schema and the parser agree on keys and value types.
#[test]
fn config_schema_and_driftlint_agree() {
    let schema = config_schema();
    let accepted = [
        "rules:\n  manual-only:\n    severity: note\n  disabled-trigger:\n    enabled: false\n",
        "docs:\n  include: handbook/*.md\n  exclude: ['docs/a/**', '!docs/a/b.md']\n",
        "environments:\n  aliases:\n    production: [prod]\n    staging: stg\n  roles:\n    preview: [pr]\n",
        "claims:\n  - kind: 'trigger:repository_dispatch'\n    pattern: chatops\n",
        "state: .driftlint/state\ndefault_branch: trunk\n",
        "rules:\ndocs:\nenvironments:\n",
    ];
    let rejected = [
        "rulez: {}\n",
        "rules:\n  manual-only:\n    severity: info\n",
        "rules:\n  manual-only:\n    enabled: 'no'\n",
        "rules:\n  manual-only:\n    level: note\n",
        "docs:\n  includes: ['*.md']\n",
        "environments:\n  roles:\n    prod: [live]\n",
        "environments:\n  alias: {}\n",
        "claims:\n  - kind: approval-required\n",
        "claims:\n  - kind: approval-requried\n    pattern: x\n",
        "claims:\n  kind: approval-required\n",
        "state: ''\n",
        "default_branch: [main]\n",
    ];
    let repo = scratch::Scratch::new("schema-configs");
    repo.write(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n",
    );
    repo.write(
        ".driftlint/state/environments.json",
        r#"{"environments": []}"#,
    );
    for (text, ok) in accepted
        .iter()
        .map(|t| (t, true))
        .chain(rejected.iter().map(|t| (t, false)))
    {
        let errs = errors(&schema, &yaml_json("config", text));
        assert_eq!(errs.is_empty(), ok, "schema on {text:?}: {errs:?}");
        repo.write(".driftlint.yml", text);
        let out = repo.run(&["check", "--fail-on", "never"]);
        let expected = if ok { 0 } else { 2 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "driftlint on {text:?}: {}",
            scratch::stderr(&out)
        );
    }
}
