//! Baselines: record today's findings, then report only new ones.
//!
//! An entry is identified by rule, path and a fingerprint of the whitespace-normalised source
//! line (the SARIF fingerprint), not by line number, so it survives lines inserted above.
//! Matching counts: two identical entries cover two identical findings, not a third.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::report::fingerprint;

/// Largest baseline file read (a baseline of a million findings is ~150 MB of JSON; one that
/// big is a mistake, and reading it whole would take that much memory and more).
pub const MAX_BASELINE_BYTES: u64 = 64 * 1024 * 1024;

/// The baseline format version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
    /// For people reading the file; not used for matching.
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    #[serde(default)]
    tool: String,
    entries: Vec<Entry>,
}

fn key_of(f: &Finding) -> (String, String, String) {
    (
        f.rule.clone(),
        f.path.clone(),
        fingerprint(&f.rule, &f.path, &f.snippet),
    )
}

/// The baseline file text for these findings (pretty JSON, in finding order).
pub fn to_json(findings: &[Finding]) -> String {
    let file = BaselineFile {
        version: VERSION,
        tool: crate::report::TOOL_NAME.to_string(),
        entries: findings
            .iter()
            .map(|f| {
                let (rule, path, fingerprint) = key_of(f);
                Entry {
                    rule,
                    path,
                    fingerprint,
                    message: f.message.clone(),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Loaded baseline entries, counted.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    counts: BTreeMap<(String, String, String), usize>,
}

/// What filtering against a baseline left.
#[derive(Debug)]
pub struct Filtered {
    /// Findings the baseline does not cover.
    pub new: Vec<Finding>,
    /// Findings the baseline covered (hidden).
    pub known: usize,
    /// Baseline entries that matched no finding (fixed since).
    pub stale: usize,
}

impl Baseline {
    pub fn parse(text: &str, shown: &str) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text)
            .map_err(|e| format!("{shown} is not a driftlint baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "{shown}: baseline version {} is not supported (this driftlint reads version {VERSION})",
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.entries {
            *counts.entry((e.rule, e.path, e.fingerprint)).or_insert(0) += 1;
        }
        Ok(Baseline { counts })
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = path.display().to_string();
        let text = crate::source::read_limited(path, MAX_BASELINE_BYTES)
            .map_err(|e| format!("cannot read baseline {shown}: {e}"))?;
        Baseline::parse(&text, &shown)
    }

    /// Drop findings the baseline covers, one entry per finding.
    pub fn filter(&self, findings: Vec<Finding>) -> Filtered {
        let mut left = self.counts.clone();
        let mut new = Vec::new();
        let mut known = 0;
        for f in findings {
            match left.get_mut(&key_of(&f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    known += 1;
                }
                _ => new.push(f),
            }
        }
        Filtered {
            new,
            known,
            stale: left.values().sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::source::SourceFile;

    fn finding(file: &SourceFile, line: u32) -> Finding {
        Finding::at_line("manual-only", Severity::Warning, file, line, "m")
    }

    #[test]
    fn matching_counts_entries_and_ignores_line_numbers() {
        let before = SourceFile::from_text("w.yml", "a: 1\nb:   2\nb: 2\n");
        let recorded = to_json(&[finding(&before, 2), finding(&before, 3)]);
        let baseline = Baseline::parse(&recorded, "b.json").unwrap();
        // Three lines inserted above, and a third identical line: one is new.
        let after = SourceFile::from_text("w.yml", "x\nx\nx\na: 1\nb: 2\nb: 2\nb:  2\n");
        let out = baseline.filter(vec![
            finding(&after, 5),
            finding(&after, 6),
            finding(&after, 7),
        ]);
        assert_eq!(out.new.iter().map(|f| f.line).collect::<Vec<_>>(), vec![7]);
        assert_eq!((out.known, out.stale), (2, 0));
        let out = baseline.filter(vec![finding(&after, 4)]);
        assert_eq!(out.new.len(), 1);
        assert_eq!((out.known, out.stale), (0, 2));
    }

    #[test]
    fn file_shape_and_errors() {
        let f = SourceFile::from_text("w.yml", "on: push\n");
        let text = to_json(&[finding(&f, 1)]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["tool"], "driftlint");
        assert_eq!(v["entries"][0]["rule"], "manual-only");
        assert_eq!(v["entries"][0]["path"], "w.yml");
        assert_eq!(
            v["entries"][0]["fingerprint"],
            fingerprint("manual-only", "w.yml", "on: push")
        );
        assert_eq!(v["entries"][0]["message"], "m");
        assert_eq!(
            Baseline::parse("{\"version\": 2, \"entries\": []}", "b.json").unwrap_err(),
            "b.json: baseline version 2 is not supported (this driftlint reads version 1)"
        );
        assert_eq!(
            Baseline::parse("{}", "b.json").unwrap_err(),
            "b.json is not a driftlint baseline: missing field `version` at line 1 column 2"
        );
    }
}
