//! SARIF 2.1.0 output for code-scanning tools (GitHub code scanning and others).
//!
//! Hand-written serde structs holding only the SARIF objects we emit, in the key order of the
//! spec's examples. `tests/sarif/sarif-schema-2.1.0.json` checks the output in the tests.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{RenderInput, HOMEPAGE, TOOL_NAME};
use crate::finding::{Finding, RuleMeta, Severity};

const SARIF_SCHEMA: &str =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";
const SARIF_VERSION: &str = "2.1.0";
/// Base id for repository-relative paths; consumers map it to the checkout root.
const SRCROOT: &str = "%SRCROOT%";
/// Key of our entry in `partialFingerprints`; bump the suffix if [`fingerprint`] ever changes.
const FINGERPRINT_KEY: &str = "driftlint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    version: &'a str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'a str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: HelpText<'a>,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

/// A result's message: the finding's text, built for outputs (it may add the confidence).
#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct HelpText<'a> {
    text: &'a str,
    /// The rule page's help: summary, severities, details with fenced examples, suppression.
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: Vec<&'a str>,
    /// GitHub code scanning ranks security alerts by this CVSS-like score ("0.0".."10.0").
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

/// The `security-severity` of a security rule, from the highest severity it reports at:
/// error → high (8.0), warning → medium (5.0), note → low (2.0). None for other categories.
fn security_severity(meta: &RuleMeta) -> Option<&'static str> {
    if meta.category != "security" {
        return None;
    }
    let highest = meta
        .severities
        .iter()
        .map(|c| c.severity)
        .fold(meta.severity, Severity::max);
    Some(match highest {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message<'a>,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// SARIF `name` is a readable identifier; by convention PascalCase (`trigger-drift` →
/// `TriggerDrift`).
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// First paragraph of the long help (what the rule means), or the summary without help.
fn first_paragraph<'a>(help: &'a str, fallback: &'a str) -> &'a str {
    let help = help.trim();
    let para = help.split("\n\n").next().map(str::trim).unwrap_or_default();
    if para.is_empty() {
        fallback
    } else {
        para
    }
}

fn rule(meta: &RuleMeta) -> Rule<'_> {
    let help = if meta.help.trim().is_empty() {
        meta.summary.as_str()
    } else {
        meta.help.as_str()
    };
    Rule {
        id: &meta.id,
        name: rule_name(&meta.id),
        short_description: Text {
            text: &meta.summary,
        },
        full_description: Text {
            text: first_paragraph(&meta.help, &meta.summary),
        },
        help: HelpText {
            text: help,
            markdown: crate::docs_gen::rule_help_markdown(meta),
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags: vec![meta.category.as_str()],
            security_severity: security_severity(meta),
        },
    }
}

/// Percent-encode a path into a URI reference: bytes other than unreserved characters and
/// `/` are escaped, so spaces, `#`, `?`, `%` and `:` cannot change its meaning.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `file:` URI for an absolute path; `prefix` is kept unescaped (a drive such as `C:/`).
fn file_uri(prefix: &str, rest: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: format!("file:///{prefix}{}", encode_path(&rest.replace('\\', "/"))),
        uri_base_id: None,
    }
}

/// The part of an absolute `path` below the first of `roots` it lies in.
fn below_root<'p>(path: &'p str, roots: &[String]) -> Option<&'p str> {
    roots.iter().find_map(|root| {
        let rest = path.strip_prefix(root.trim_end_matches('/'))?;
        let rest = rest.strip_prefix('/')?.trim_start_matches('/');
        (!rest.is_empty()).then_some(rest)
    })
}

/// The path as SARIF names it, relative when below a root: fingerprints use it too, so an
/// alert keeps its identity whether the check was given relative or absolute paths.
fn shown_path<'p>(path: &'p str, roots: &[String]) -> &'p str {
    below_root(path, roots).unwrap_or(path)
}

/// Relative paths, and absolute ones below one of `roots`, are resolved against `%SRCROOT%`
/// (code scanning maps it to the checkout); other absolute paths become `file:` URIs.
fn artifact_location(path: &str, roots: &[String]) -> ArtifactLocation {
    let path = shown_path(path, roots);
    match path.as_bytes() {
        [b'/', ..] => file_uri("", path.trim_start_matches('/')),
        [letter, b':', b'/' | b'\\', ..] if letter.is_ascii_alphabetic() => {
            let (drive, rest) = path.split_at(2);
            file_uri(&format!("{drive}/"), rest.trim_start_matches(['/', '\\']))
        }
        _ => ArtifactLocation {
            uri: encode_path(path),
            uri_base_id: Some(SRCROOT),
        },
    }
}

/// A stable fingerprint for baselines and code-scanning alert tracking: 64-bit FNV-1a over
/// `rule`, `path` and the snippet with runs of whitespace collapsed to one space (so
/// re-indentation does not change it), NUL-separated, as 16 lowercase hex digits.
///
/// This is a compatibility contract: changing the algorithm or its input makes every
/// existing alert and baseline entry look new. Change [`FINGERPRINT_KEY`] with it.
pub fn fingerprint(rule: &str, path: &str, snippet: &str) -> String {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let normalised = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut hash = OFFSET_BASIS;
    for part in [rule, path, normalised.as_str()] {
        for b in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

fn region(line: u32, column: u32, end: Option<(u32, u32)>) -> Region {
    let start_line = line.max(1);
    let start_column = column.max(1);
    let (end_line, end_column) = match end {
        Some((l, c)) => {
            let end_line = l.max(start_line);
            let end_column = if end_line == start_line {
                c.max(start_column)
            } else {
                c.max(1)
            };
            (Some(end_line), Some(end_column))
        }
        None => (None, None),
    };
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

fn result<'a>(
    f: &'a Finding,
    rule_index: Option<usize>,
    occurrence: usize,
    roots: &[String],
) -> SarifResult<'a> {
    let hash = fingerprint(&f.rule, shown_path(&f.path, roots), &f.snippet);
    SarifResult {
        rule_id: &f.rule,
        rule_index,
        level: level(f.severity),
        message: Message { text: f.text() },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(&f.path, roots),
                region: region(f.line, f.column, Some((f.end_line, f.end_column))),
            },
            message: None,
        }],
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| RelatedLocation {
                id,
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&r.path, roots),
                    region: region(r.line, r.column, None),
                },
                message: Text { text: &r.label },
            })
            .collect(),
        // Identical snippets of one rule in one file are told apart by their order, the way
        // GitHub numbers its own line hashes.
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, format!("{hash}:{occurrence}"))]),
    }
}

pub(super) fn render(input: &RenderInput) -> String {
    // Rules sorted by id (first one wins on duplicates) so ruleIndex does not depend on the
    // order rules were loaded in.
    let mut metas: Vec<&RuleMeta> = input.rules.iter().collect();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    metas.dedup_by(|a, b| a.id == b.id);
    let index: BTreeMap<&str, usize> = metas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let results = input
        .findings
        .iter()
        .map(|f| {
            let count = seen
                .entry(fingerprint(
                    &f.rule,
                    shown_path(&f.path, input.roots),
                    &f.snippet,
                ))
                .or_insert(0);
            *count += 1;
            result(f, index.get(f.rule.as_str()).copied(), *count, input.roots)
        })
        .collect();

    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: input.tool_version,
                    information_uri: HOMEPAGE,
                    rules: metas.into_iter().map(rule).collect(),
                },
            },
            results,
        }],
    };
    // Plain structs of strings and integers always serialise; never panic if that changes.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::{rules, two_findings, workflow_file};
    use super::super::{render, Format, RenderInput};
    use super::*;
    use serde_json::{json, Value};

    const SCHEMA: &str = include_str!("../../tests/sarif/sarif-schema-2.1.0.json");

    /// The official schema's two `language` patterns end in a stray `]` (`…{2}]?$`), which
    /// ECMA-262 reads as a literal but jsonschema's meta-schema check rejects as "not a regex".
    /// Escaping it keeps the same meaning; we never emit `language`, and the vendored file
    /// itself stays byte-identical to its source.
    fn schema_text() -> String {
        let stray = r#"[a-zA-Z]{2}]?$"#;
        assert_eq!(SCHEMA.matches(stray).count(), 2);
        SCHEMA.replace(stray, r#"[a-zA-Z]{2}\\]?$"#)
    }

    fn validate(doc: &Value) -> Vec<String> {
        let schema: Value = serde_json::from_str(&schema_text()).unwrap_or(Value::Null);
        assert_eq!(
            schema["title"],
            "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
        );
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&schema);
        let validator = match validator {
            Ok(v) => v,
            Err(e) => return vec![format!("schema does not compile: {e}")],
        };
        validator
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn sarif_of(input: &RenderInput) -> Value {
        serde_json::from_str(&render(Format::Sarif, input)).unwrap_or(Value::Null)
    }

    fn input<'a>(findings: &'a [Finding], rules: &'a [RuleMeta]) -> RenderInput<'a> {
        RenderInput {
            findings,
            files: &[],
            rules,
            files_checked: 2,
            color: false,
            tool_version: "0.1.0",
            discrepancies: None,
            roots: &[],
        }
    }

    #[test]
    fn output_is_valid_against_the_official_schema() {
        let findings = two_findings();
        let files = [workflow_file()];
        let rules = rules();
        let i = RenderInput {
            files: &files,
            ..input(&findings, &rules)
        };
        let doc = sarif_of(&i);
        assert_eq!(validate(&doc), Vec::<String>::new());
        // Empty run, and hostile paths, stay valid too.
        assert_eq!(validate(&sarif_of(&input(&[], &[]))), Vec::<String>::new());
        let mut odd = two_findings();
        odd[0].path = "/abs/dir with space/#x?.yml".into();
        odd[0].related[0].path = "C:\\repo\\docs\\a b.md".into();
        odd[1].path = "weird:name%.yml".into();
        odd[1].rule = "not-a-known-rule".into();
        odd[1].line = 0;
        odd[1].column = 0;
        odd[1].end_line = 0;
        odd[1].end_column = 0;
        let doc = sarif_of(&input(&odd, &rules));
        assert_eq!(validate(&doc), Vec::<String>::new());
        let results = &doc["runs"][0]["results"];
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": "file:///abs/dir%20with%20space/%23x%3F.yml"})
        );
        assert_eq!(
            results[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": "file:///C:/repo/docs/a%20b.md"})
        );
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"],
            json!({
                "artifactLocation": {"uri": "weird%3Aname%25.yml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
            })
        );
        assert_eq!(results[1].get("ruleIndex"), None);
    }

    /// Absolute paths below the working directory or a repository root are named relative to
    /// it, with `uriBaseId`, like the same check run with relative paths.
    #[test]
    fn absolute_paths_below_a_root_become_relative() {
        let mut findings = two_findings();
        findings[0].path = "/work/repo/.github/workflows/release.yml".into();
        findings[0].related[0].path = "/work/repo/docs/a b.md".into();
        findings[1].path = "/elsewhere/x.yml".into();
        let rules = rules();
        let roots = ["/nowhere".to_string(), "/work/repo/".to_string()];
        let doc = sarif_of(&RenderInput {
            roots: &roots,
            ..input(&findings, &rules)
        });
        assert_eq!(validate(&doc), Vec::<String>::new());
        let results = &doc["runs"][0]["results"];
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": ".github/workflows/release.yml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            results[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": "docs/a%20b.md", "uriBaseId": "%SRCROOT%"})
        );
        // Outside every root: an absolute file URI, as before.
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": "file:///elsewhere/x.yml"})
        );
        // A root is a folder: `/work/repo` does not contain `/work/repository`.
        assert_eq!(below_root("/work/repository/a.yml", &roots), None);
        assert_eq!(below_root("/work/repo", &roots), None);
        assert_eq!(below_root("/work/repo//a.yml", &roots), Some("a.yml"));
    }

    /// `help.markdown` carries the rule's whole help: severities and fenced examples.
    #[test]
    fn help_markdown_is_the_full_help_with_examples() {
        let rules: Vec<RuleMeta> = crate::checks::meta::all().values().cloned().collect();
        let doc = sarif_of(&input(&[], &rules));
        let descriptors = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(descriptors.len(), rules.len());
        let manual_only = descriptors
            .iter()
            .find(|r| r["id"] == "manual-only")
            .map(|r| {
                r["help"]["markdown"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default();
        for part in [
            "**A workflow that releases or deploys can only be started by hand",
            "## Severity\n\n| Severity | When |",
            "Bad (tag trigger gone, deploys only by hand):",
            "```\non:\n  workflow_dispatch:\n",
            "`# driftlint: ignore[manual-only] reason`",
        ] {
            assert!(manual_only.contains(part), "lacks {part:?}:\n{manual_only}");
        }
        for r in &descriptors {
            let markdown = r["help"]["markdown"].as_str().unwrap_or_default();
            let text = r["help"]["text"].as_str().unwrap_or_default();
            assert!(markdown.len() > text.len(), "{}", r["id"]);
            assert_eq!(markdown.matches("```").count() % 2, 0, "{}", r["id"]);
        }
    }

    #[test]
    fn schema_rejects_a_broken_document() {
        // Guards against a validator that accepts everything.
        let mut doc = sarif_of(&input(&two_findings(), &rules()));
        doc["runs"][0]["results"][0]["level"] = json!("fatal");
        doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            json!(0);
        assert_eq!(validate(&doc).len(), 2, "{:?}", validate(&doc));
    }

    #[test]
    fn rule_index_and_level_mapping() {
        let mut findings = two_findings();
        let mut note = findings[1].clone();
        note.severity = Severity::Note;
        note.rule = "trigger-drift".into();
        note.line = 7;
        findings.push(note);
        let doc = sarif_of(&input(&findings, &rules()));
        let driver = &doc["runs"][0]["tool"]["driver"];
        // rules sorted by id: runner-label (0), trigger-drift (1)
        assert_eq!(driver["rules"][0]["id"], "runner-label");
        assert_eq!(driver["rules"][1]["id"], "trigger-drift");
        let got: Vec<(Value, Value, Value)> = doc["runs"][0]["results"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .map(|r| {
                        (
                            r["ruleId"].clone(),
                            r["ruleIndex"].clone(),
                            r["level"].clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            got,
            vec![
                (json!("trigger-drift"), json!(1), json!("error")),
                (json!("runner-label"), json!(0), json!("warning")),
                (json!("trigger-drift"), json!(1), json!("note")),
            ]
        );
    }

    #[test]
    fn rule_descriptor_and_result_shape() {
        let findings = two_findings();
        let doc = sarif_of(&input(&findings[..1], &rules()));
        assert_eq!(doc["$schema"], SARIF_SCHEMA);
        assert_eq!(doc["version"], "2.1.0");
        let driver = &doc["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "driftlint");
        assert_eq!(driver["version"], "0.1.0");
        // No public home yet: no informationUri rather than someone else's URL.
        assert_eq!(
            driver.get("informationUri").and_then(|u| u.as_str()),
            HOMEPAGE
        );
        assert_eq!(
            driver["rules"][1],
            json!({
                "id": "trigger-drift",
                "name": "TriggerDrift",
                "shortDescription": {"text": "Docs describe a trigger the workflow does not have"},
                "fullDescription": {"text": "The release doc says how a release starts; the workflow disagrees."},
                "help": {
                    "text": "The release doc says how a release starts; the workflow disagrees.",
                    "markdown": "**Docs describe a trigger the workflow does not have**\n\n## Details\n\nThe release doc says how a release starts; the workflow disagrees.\n\n## Suppressing it\n\nOn the reported workflow line or the line above it: `# driftlint: ignore[trigger-drift] reason`; before the reported markdown paragraph: `<!-- driftlint: ignore[trigger-drift] reason -->`. `driftlint explain trigger-drift` prints this help.\n"
                },
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["drift"]}
            })
        );
        let expected_hash = fingerprint(
            "trigger-drift",
            ".github/workflows/release.yml",
            "tags: ['v*']",
        );
        assert_eq!(
            doc["runs"][0]["results"][0],
            json!({
                "ruleId": "trigger-drift",
                "ruleIndex": 1,
                "level": "error",
                "message": {"text": "release runs on tag push, but RELEASING.md says it runs on release"},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": ".github/workflows/release.yml", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 17}
                    }
                }],
                "relatedLocations": [{
                    "id": 0,
                    "physicalLocation": {
                        "artifactLocation": {"uri": "docs/RELEASING.md", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 12, "startColumn": 1}
                    },
                    "message": {"text": "the doc claim"}
                }],
                "partialFingerprints": {"driftlint/v1": format!("{expected_hash}:1")}
            })
        );
    }

    #[test]
    fn security_rules_carry_a_security_severity_from_their_highest_severity() {
        let mut meta = rules().remove(1);
        assert_eq!(security_severity(&meta), None, "lint rules have none");
        meta.category = "security".into();
        assert_eq!(security_severity(&meta), Some("5.0"));
        meta.severities = vec![
            crate::finding::SeverityCase {
                severity: Severity::Error,
                when: "worst case".into(),
            },
            crate::finding::SeverityCase {
                severity: Severity::Note,
                when: "mild case".into(),
            },
        ];
        assert_eq!(security_severity(&meta), Some("8.0"));
        let rendered = serde_json::to_value(rule(&meta)).unwrap();
        assert_eq!(rendered["properties"]["security-severity"], "8.0");
        assert_eq!(rendered["properties"]["tags"], json!(["security"]));
        let lint = serde_json::to_value(rule(&rules()[1])).unwrap();
        assert!(lint["properties"].get("security-severity").is_none());
    }

    #[test]
    fn fingerprint_is_stable_and_whitespace_insensitive() {
        // Known FNV-1a 64 values: empty input is the offset basis; "a" is the published vector.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in b"a" {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(h, 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fingerprint("r", "p", "s"), fingerprint("r", "p", "  s  "));
        assert_eq!(
            fingerprint("trigger-drift", "a.yml", "tags:   ['v*']"),
            fingerprint("trigger-drift", "a.yml", "tags: ['v*']\n")
        );
        assert_ne!(fingerprint("ab", "c", ""), fingerprint("a", "bc", ""));
        // Pinned values, computed independently (Python) from the documented definition.
        assert_eq!(fingerprint("", "", ""), "d94d12186c0f2fb7");
        assert_eq!(
            fingerprint(
                "trigger-drift",
                ".github/workflows/release.yml",
                "tags: ['v*']"
            ),
            "a427991d49fb049c"
        );
    }

    #[test]
    fn identical_snippets_get_distinct_fingerprints() {
        let mut findings = two_findings();
        let mut twin = findings[1].clone();
        twin.line = 9;
        findings.push(twin);
        let doc = sarif_of(&input(&findings, &rules()));
        let fp =
            |i: usize| doc["runs"][0]["results"][i]["partialFingerprints"]["driftlint/v1"].clone();
        let base = fingerprint(
            "runner-label",
            ".github/workflows/release.yml",
            "runs-on: ubuntu-latest",
        );
        assert_eq!(fp(1), json!(format!("{base}:1")));
        assert_eq!(fp(2), json!(format!("{base}:2")));
    }

    #[test]
    fn rule_names() {
        let cases = [
            ("trigger-drift", "TriggerDrift"),
            ("docs/secret_name", "DocsSecretName"),
            ("x", "X"),
            ("--", ""),
        ];
        for (id, name) in cases {
            assert_eq!(rule_name(id), name);
        }
    }
}
