//! `.driftlint.yml`: per-repository settings, parsed with our own YAML loader into typed
//! structs. Every mistake is an error that names file, line and column; nothing is ignored.

mod files;
mod parse;

pub use crate::suggest::{closest, edit_distance};
pub use files::apply_to_files;

use std::collections::BTreeMap;

use crate::docs::{EnvAliases, EnvRole, ExtraClaimKind};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::filter::FilterList;
use crate::finding::Severity;
use crate::source::{read_text, SourceFile};

/// The config file name looked for at a repository root.
pub const FILE_NAME: &str = ".driftlint.yml";

/// A commented starter config, written by `driftlint init`. It parses to the default config.
/// Its first line points editors (yaml-language-server) at [`SCHEMA_PATH`].
pub const STARTER: &str = include_str!("starter.yml");

/// Where `driftlint init` puts the config's JSON Schema, relative to `.driftlint.yml` (the
/// project has no public URL to point editors at, so the schema travels with the config).
pub const SCHEMA_PATH: &str = ".driftlint/config.schema.json";

/// JSON Schema of `.driftlint.yml` (docs/schema/), for editors and validators.
pub const SCHEMA: &str = include_str!("../../docs/schema/driftlint-config-v1.schema.json");

/// Settings of one rule under `rules:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSettings {
    /// `enabled: false` turns the rule off.
    pub enabled: Option<bool>,
    /// Replaces the rule's default severity.
    pub severity: Option<Severity>,
    /// Where the rule id is written (for warnings about unknown ids).
    pub line: u32,
    pub column: u32,
}

/// `docs:`: extra documentation files to read and paths to leave out.
#[derive(Debug, Clone, Default)]
pub struct DocsSettings {
    /// Repo-relative globs (GitHub filter syntax) of extra markdown docs to read.
    pub include: Option<FilterList>,
    /// Repo-relative globs of workflows and docs to skip entirely.
    pub exclude: Option<FilterList>,
}

/// One extra claim pattern under `claims:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSetting {
    /// What the pattern adds to, e.g. `approval-required` or `trigger:push`.
    pub kind: ExtraClaimKind,
    /// A Rust `regex` (matched case-insensitively by the docs reader).
    pub pattern: String,
    pub line: u32,
}

/// How much the security rules report (`security.persona`, `check --persona`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Persona {
    /// Findings of low confidence (a checkout that keeps its token but uploads nothing, an
    /// expression of unknown origin in a script) are left out.
    #[default]
    Regular,
    /// Everything the security rules find.
    Pedantic,
}

impl Persona {
    pub const NAMES: &[&str] = &["regular", "pedantic"];

    pub fn parse(s: &str) -> Option<Persona> {
        match s {
            "regular" => Some(Persona::Regular),
            "pedantic" => Some(Persona::Pedantic),
            _ => None,
        }
    }
}

/// What `unpinned-uses` accepts as a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinPolicy {
    /// A tag or branch is enough (a missing ref is still reported).
    Ref,
    /// Only a full commit SHA.
    Sha,
}

impl PinPolicy {
    pub fn parse(s: &str) -> Option<PinPolicy> {
        match s {
            "ref" => Some(PinPolicy::Ref),
            "sha" => Some(PinPolicy::Sha),
            _ => None,
        }
    }
}

/// `security.pinning`: the policy for GitHub's own actions and for all others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pinning {
    /// `actions/*`, `github/*`, `dependabot/*`.
    pub first_party: PinPolicy,
    pub default: PinPolicy,
}

impl Default for Pinning {
    fn default() -> Self {
        Pinning {
            first_party: PinPolicy::Ref,
            default: PinPolicy::Sha,
        }
    }
}

/// `security:` settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecuritySettings {
    pub persona: Persona,
    pub pinning: Pinning,
}

/// A parsed config. `Config::default()` is what a repository without a config file gets.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Display path of the file it was read from; None for the default config.
    pub source: Option<String>,
    pub rules: BTreeMap<String, RuleSettings>,
    pub docs: DocsSettings,
    /// `environments.aliases`: canonical environment name → other names for it.
    pub environment_aliases: BTreeMap<String, Vec<String>>,
    /// `environments.roles`: role → environment names (or name words) that have it.
    pub environment_roles: BTreeMap<EnvRole, Vec<String>>,
    pub claims: Vec<ClaimSetting>,
    /// Directory of environment-state snapshots, resolved against the config file's directory.
    pub state: Option<PathBuf>,
    /// The repository's default branch (`main` when unset).
    pub default_branch: Option<String>,
    pub security: SecuritySettings,
    /// `runner-labels`: the labels of this repository's self-hosted and larger runners
    /// (`*` matches any run of characters). When set, `runner-label` reports every other
    /// label that is not a GitHub-hosted image; unset, labels that look custom are not judged.
    pub runner_labels: Option<Vec<String>>,
}

/// A config mistake, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// E.g. "did you mean `rules`?"
    pub hint: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}:{}:{}",
            self.message, self.path, self.line, self.column
        )?;
        if let Some(h) = &self.hint {
            write!(f, "; {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parse config text. `dir` is the directory relative paths in the file are resolved against.
    pub fn parse(file: &SourceFile, dir: &Path) -> Result<Config, Vec<ConfigError>> {
        parse::parse(file, dir)
    }

    /// Read and parse a config file; `shown` is the path used in messages.
    pub fn load(path: &Path, shown: &str) -> Result<Config, Vec<ConfigError>> {
        let text = read_text(path).map_err(|e| {
            vec![ConfigError {
                path: shown.to_string(),
                line: e.line().max(1),
                column: 1,
                message: format!("cannot read config: {e}"),
                hint: None,
            }]
        })?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file = SourceFile::new(shown, shown, path.to_path_buf(), text);
        Config::parse(&file, dir)
    }

    /// The config of a repository: `.driftlint.yml` at its root, or the default when absent.
    pub fn for_root(root: &Path, cwd: &Path) -> Result<Config, Vec<ConfigError>> {
        let path = root.join(FILE_NAME);
        if !path.is_file() {
            return Ok(Config::default());
        }
        let shown = crate::source::display_path(&path, cwd);
        Config::load(&path, &shown)
    }

    /// False when the config turns the rule off.
    pub fn rule_enabled(&self, id: &str) -> bool {
        self.rules.get(id).and_then(|r| r.enabled) != Some(false)
    }

    /// The severity the config sets for a rule, if any.
    pub fn severity_override(&self, id: &str) -> Option<Severity> {
        self.rules.get(id).and_then(|r| r.severity)
    }

    /// Rule ids in the config that `known` does not recognise, with where they are written.
    pub fn unknown_rules(&self, known: &dyn Fn(&str) -> bool) -> Vec<(&str, &RuleSettings)> {
        self.rules
            .iter()
            .filter(|(id, _)| !known(id))
            .map(|(id, r)| (id.as_str(), r))
            .collect()
    }

    /// Is this repo-relative path excluded by `docs.exclude`?
    pub fn excludes(&self, rel: &str) -> bool {
        self.docs.exclude.as_ref().is_some_and(|l| l.matches(rel))
    }

    /// Is this repo-relative path an extra doc by `docs.include`?
    pub fn includes(&self, rel: &str) -> bool {
        self.docs.include.as_ref().is_some_and(|l| l.matches(rel))
    }

    /// Extra claim patterns as `(kind, regex)` pairs, in file order.
    pub fn claim_pairs(&self) -> Vec<(ExtraClaimKind, String)> {
        self.claims
            .iter()
            .map(|c| (c.kind.clone(), c.pattern.clone()))
            .collect()
    }

    /// The default branch, `main` when the config does not say.
    /// Add the config's environment aliases and role names to `aliases`.
    pub fn apply_environments(&self, aliases: &mut EnvAliases) {
        for (canonical, names) in &self.environment_aliases {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            aliases.add(canonical, &names);
        }
        for (role, names) in &self.environment_roles {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            aliases.add_role_words(*role, &names);
        }
    }

    /// Does the config change environment names or roles?
    pub fn has_environments(&self) -> bool {
        !self.environment_aliases.is_empty() || !self.environment_roles.is_empty()
    }

    pub fn default_branch(&self) -> &str {
        self.default_branch.as_deref().unwrap_or("main")
    }
}

#[cfg(test)]
mod tests;
