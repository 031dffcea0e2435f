//! Every rule of the `security` category, on its positive fixture, works with the machinery
//! every rule has: `--fail-on`, SARIF `security-severity`, baselines, `# driftlint: ignore`
//! comments, zizmor's `# zizmor: ignore[audit]` comments (for the audits mapped to it), and
//! `explain` (the attack and the fix). Each finding's message names the fix too.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{copy_dir, driftlint, root, stdout, Scratch};

/// The ids of the security rules, from rules/*.yml.
fn security_rules() -> Vec<String> {
    let mut ids: Vec<String> = driftlint::checks::meta::all()
        .values()
        .filter(|m| m.category == "security")
        .map(|m| m.id.clone())
        .collect();
    ids.sort();
    ids
}

/// zizmor audits mapped to `rule` (rules/zizmor-audits.yml).
fn zizmor_audits(rule: &str) -> Vec<String> {
    driftlint::suppress::zizmor::audit_rules()
        .iter()
        .filter(|(_, r)| *r == rule)
        .map(|(a, _)| a.clone())
        .collect()
}

/// The fixture copied to a scratch folder, with a config that turns every other rule off
/// (except the two that judge ignore comments) and reports low-confidence findings.
fn setup(rule: &str) -> Scratch {
    let repo = Scratch::new(&format!("security-{rule}"));
    let fixture = root().join("fixtures/rules").join(rule).join("positive");
    copy_dir(&fixture, &repo.0);
    let own = std::fs::read_to_string(fixture.join(".driftlint.yml")).unwrap_or_default();
    let mut config: String = own
        .lines()
        .filter(|l| !l.starts_with("security:") && !l.trim_start().starts_with("persona:"))
        .map(|l| format!("{l}\n"))
        .collect();
    config.push_str("security:\n  persona: pedantic\nrules:\n");
    for id in driftlint::checks::meta::all().keys() {
        if id != rule && id != "unused-ignore" && id != "invalid-ignore" {
            config.push_str(&format!("  {id}:\n    enabled: false\n"));
        }
    }
    repo.write(".driftlint.yml", &config);
    repo
}

#[derive(Debug)]
struct Found {
    rule: String,
    path: String,
    line: usize,
    severity: String,
    confidence: Option<String>,
    message: String,
    help: String,
}

fn check(dir: &Path, extra: &[&str]) -> (Vec<Found>, Option<i32>) {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = driftlint(dir, &args);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{}: bad JSON ({e})", dir.display()));
    let found = doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| Found {
                    rule: f["rule"].as_str().unwrap_or_default().into(),
                    path: f["path"].as_str().unwrap_or_default().into(),
                    line: f["line"].as_u64().unwrap_or_default() as usize,
                    severity: f["severity"].as_str().unwrap_or_default().into(),
                    confidence: f["confidence"].as_str().map(str::to_string),
                    message: f["message"].as_str().unwrap_or_default().into(),
                    help: f["help"].as_str().unwrap_or_default().into(),
                })
                .collect()
        })
        .unwrap_or_default();
    (found, out.status.code())
}

fn exit_code(dir: &Path, fail_on: &str) -> Option<i32> {
    driftlint(dir, &["check", "--format", "json", "--fail-on", fail_on])
        .status
        .code()
}

/// Does `line` (1-based) of `lines` lie inside a block scalar? Then the line that opens it.
fn block_opener(lines: &[String], line: usize) -> Option<usize> {
    let indent = |s: &str| s.len() - s.trim_start().len();
    let here = indent(lines.get(line - 1)?);
    for i in (0..line - 1).rev() {
        let t = &lines[i];
        if t.trim().is_empty() || indent(t) >= here {
            continue;
        }
        let code = t.split(" #").next().unwrap_or(t).trim_end();
        let value = code.rsplit(": ").next().unwrap_or("");
        let opens = code.contains(": ")
            && value.starts_with(['|', '>'])
            && value[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '+');
        return opens.then_some(i + 1);
    }
    None
}

/// Append `comment` to the line of each finding (to the line opening the block scalar when
/// the finding is inside a script).
fn annotate(dir: &Path, findings: &[&Found], comment: &str) {
    let mut by_file: std::collections::BTreeMap<&str, BTreeSet<usize>> = Default::default();
    for f in findings {
        by_file.entry(&f.path).or_default().insert(f.line);
    }
    for (path, lines) in by_file {
        let file = dir.join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        let mut all: Vec<String> = text.lines().map(str::to_string).collect();
        let targets: BTreeSet<usize> = lines
            .iter()
            .map(|&l| block_opener(&all, l).unwrap_or(l))
            .collect();
        for l in targets {
            let line = &mut all[l - 1];
            if line.trim_start().starts_with('#') {
                // A commented-out line: the comment goes on its own line above it.
                let indent = " ".repeat(line.len() - line.trim_start().len());
                *line = format!("{indent}{comment}\n{line}");
            } else {
                line.push_str("  ");
                line.push_str(comment);
            }
        }
        std::fs::write(&file, all.join("\n") + "\n").unwrap();
    }
}

#[test]
fn every_security_rule_works_with_fail_on_sarif_baselines_suppressions_and_explain() {
    let rules = security_rules();
    assert!(rules.len() >= 15, "security rules: {rules:?}");
    for rule in &rules {
        let repo = setup(rule);
        let (all, code) = check(&repo.0, &[]);
        assert_eq!(code, Some(0), "{rule}: --fail-on never exits 0");
        let mine: Vec<&Found> = all.iter().filter(|f| &f.rule == rule).collect();
        assert!(
            !mine.is_empty(),
            "{rule}: no finding on its positive fixture"
        );
        let others: Vec<&Found> = all.iter().filter(|f| &f.rule != rule).collect();
        assert!(others.is_empty(), "{rule}: other rules ran: {others:?}");
        for f in &mine {
            assert!(f.confidence.is_some(), "{rule}: {f:?} states no confidence");
            assert!(
                f.message.contains("Fix") || !f.help.is_empty(),
                "{rule}: the finding does not say how to fix it: {}",
                f.message
            );
        }

        // --fail-on: any finding reaches `note`; `error` only when one is an error.
        assert_eq!(
            exit_code(&repo.0, "note"),
            Some(1),
            "{rule}: --fail-on note"
        );
        let has_error = mine.iter().any(|f| f.severity == "error");
        assert_eq!(
            exit_code(&repo.0, "error"),
            Some(i32::from(has_error)),
            "{rule}: --fail-on error"
        );

        // SARIF: the rule's descriptor has a security-severity, every result names the rule.
        let sarif = driftlint(
            &repo.0,
            &["check", "--format", "sarif", "--fail-on", "never"],
        );
        let doc: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
        let descriptors = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let d = descriptors
            .iter()
            .find(|d| d["id"] == rule.as_str())
            .unwrap_or_else(|| panic!("{rule}: no SARIF rule descriptor"));
        let score: f64 = d["properties"]["security-severity"]
            .as_str()
            .unwrap_or_else(|| panic!("{rule}: no security-severity"))
            .parse()
            .unwrap();
        assert!(
            score > 0.0 && score <= 10.0,
            "{rule}: security-severity {score}"
        );
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), mine.len(), "{rule}: SARIF results");

        // Baseline: recorded findings are not reported again.
        let written = driftlint(&repo.0, &["check", "--write-baseline", "base.json"]);
        assert_eq!(written.status.code(), Some(0), "{rule}: --write-baseline");
        let (left, _) = check(&repo.0, &["--baseline", "base.json"]);
        assert!(left.is_empty(), "{rule}: baseline left {left:?}");
        assert_eq!(
            driftlint(
                &repo.0,
                &["check", "--baseline", "base.json", "--fail-on", "note"]
            )
            .status
            .code(),
            Some(0),
            "{rule}: baselined findings do not fail"
        );

        // explain: the attack (Bad) and the fix (Good).
        let explain = stdout(&driftlint(&repo.0, &["explain", rule]));
        assert!(
            explain.contains("Bad") && explain.contains("Good"),
            "{rule}: explain shows no attack and fix:\n{explain}"
        );

        // driftlint's own ignore comments, each used (no unused-ignore).
        let inline = Scratch::new(&format!("security-{rule}-ignore"));
        copy_dir(&repo.0, &inline.0);
        annotate(&inline.0, &mine, &format!("# driftlint: ignore[{rule}]"));
        let (left, _) = check(&inline.0, &[]);
        assert!(left.is_empty(), "{rule}: ignore comments left {left:?}");

        // zizmor's comments, for each audit mapped to this rule.
        for audit in zizmor_audits(rule) {
            let z = Scratch::new(&format!("security-{rule}-zizmor"));
            copy_dir(&repo.0, &z.0);
            annotate(&z.0, &mine, &format!("# zizmor: ignore[{audit}] reviewed"));
            let (left, _) = check(&z.0, &[]);
            assert!(
                left.iter().all(|f| &f.rule != rule),
                "{rule}: `zizmor: ignore[{audit}]` left {left:?}"
            );
        }
    }
}

#[test]
fn zizmor_comments_for_other_audits_change_nothing() {
    let repo = Scratch::new("zizmor-other-audit");
    repo.write(
        ".github/workflows/ci.yml",
        "name: ci\non: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-owner/setup-thing@v2 # zizmor: ignore[ref-confusion]\n      - uses: other-owner/tool@v1 # zizmor: ignore[unpinned-uses]\n",
    );
    let (found, _) = check(&repo.0, &[]);
    let pinned: Vec<(&str, usize)> = found
        .iter()
        .filter(|f| f.rule == "unpinned-uses")
        .map(|f| (f.path.as_str(), f.line))
        .collect();
    assert_eq!(pinned, vec![(".github/workflows/ci.yml", 8)]);
    // A zizmor comment that suppresses nothing, or names an audit driftlint has no rule
    // for, is zizmor's business: no unused-ignore, no invalid-ignore.
    assert!(found
        .iter()
        .all(|f| f.rule != "unused-ignore" && f.rule != "invalid-ignore"));
}
