//! Environment names: aliases to one canonical name, and finding environment words in text.

use std::collections::BTreeMap;

/// Words that decorate an environment name without being part of it ("Staging Environment").
const FILLER_WORDS: &[&str] = &["the", "environment", "environments", "env", "envs"];

/// What an environment is for. Rules and the report ask for a role instead of comparing
/// with literal names, so `live-eu`, `prod` and `production` are all production.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnvRole {
    Production,
    PreProduction,
    Development,
    Preview,
}

impl EnvRole {
    pub const ALL: [EnvRole; 4] = [
        EnvRole::Production,
        EnvRole::PreProduction,
        EnvRole::Development,
        EnvRole::Preview,
    ];

    /// The name used in `rules/claims.yml` and `.driftlint.yml`.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvRole::Production => "production",
            EnvRole::PreProduction => "pre-production",
            EnvRole::Development => "development",
            EnvRole::Preview => "preview",
        }
    }

    pub fn parse(name: &str) -> Option<EnvRole> {
        EnvRole::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// Maps environment aliases to a canonical, lowercase name so `prod`, `Production` and
/// "Production Environment" compare equal (the canonical name is the long form), and names to
/// roles. The built-in aliases and role words live in `rules/claims.yml`; `.driftlint.yml`
/// adds more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvAliases {
    /// alias (lowercase) → canonical (lowercase)
    alias_to_canonical: BTreeMap<String, String>,
    /// Role words in the order they are tried: a name's role is the first whose words hold
    /// its canonical name, else the first whose words hold one of its words.
    roles: Vec<(EnvRole, Vec<String>)>,
}

impl Default for EnvAliases {
    /// The built-in aliases and roles of `rules/claims.yml`.
    fn default() -> Self {
        crate::repo::builtin_patterns()
            .map(|p| p.aliases.clone())
            .unwrap_or_else(EnvAliases::empty)
    }
}

impl EnvAliases {
    /// No aliases and no roles.
    pub fn empty() -> Self {
        EnvAliases {
            alias_to_canonical: BTreeMap::new(),
            roles: Vec::new(),
        }
    }

    /// Register `aliases` (and the canonical name itself) for `canonical`. Later calls win.
    pub fn add(&mut self, canonical: &str, aliases: &[&str]) {
        let canonical = canonical.trim().to_lowercase();
        for alias in aliases {
            self.alias_to_canonical
                .insert(alias.trim().to_lowercase(), canonical.clone());
        }
        self.alias_to_canonical.insert(canonical.clone(), canonical);
    }

    /// Add names (or name words) that have `role`. Names given later for a role are tried in
    /// the role's existing place; a role not seen before is tried last.
    pub fn add_role_words(&mut self, role: EnvRole, words: &[&str]) {
        let words = words.iter().map(|w| w.trim().to_lowercase());
        match self.roles.iter_mut().find(|(r, _)| *r == role) {
            Some((_, list)) => list.extend(words),
            None => self.roles.push((role, words.collect())),
        }
    }

    /// The role of an environment name: by its canonical name, then by its words
    /// (`prod-eu` → production, `preprod` → pre-production). None for names of no known role.
    pub fn role(&self, name: &str) -> Option<EnvRole> {
        let canonical = self.canonical(name);
        let whole = self
            .roles
            .iter()
            .find(|(_, words)| words.contains(&canonical));
        if let Some((role, _)) = whole {
            return Some(*role);
        }
        let parts: Vec<String> = canonical
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(|p| self.canonical(p))
            .collect();
        self.roles
            .iter()
            .find(|(_, words)| parts.iter().any(|p| words.contains(p)))
            .map(|(role, _)| *role)
    }

    pub fn is_production(&self, name: &str) -> bool {
        self.role(name) == Some(EnvRole::Production)
    }

    /// Lowercase canonical name: trims quotes, backticks and punctuation, drops filler words
    /// ("Staging Environment" → "staging"), then resolves aliases ("Prod" → "production").
    pub fn canonical(&self, name: &str) -> String {
        let cleaned = name
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let words: Vec<&str> = cleaned
            .split_whitespace()
            .filter(|w| !FILLER_WORDS.contains(w))
            .collect();
        let joined = if words.is_empty() {
            cleaned.clone()
        } else {
            words.join(" ")
        };
        self.alias_to_canonical
            .get(&joined)
            .cloned()
            .unwrap_or(joined)
    }
}

/// The environment word lists from rules/claims.yml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvWords {
    /// Always an environment when named as a route target (production, staging, …).
    pub strong: Vec<String>,
    /// An environment only next to "environment"/"env" or after a clear ref (dev, test, …).
    pub weak: Vec<String>,
    /// Words naming CI work ("lint", "build", "checks"): a weak word standing in the same text
    /// ("Test and Lint", "dev build") names a job or step, not an environment.
    pub work: Vec<String>,
}

/// How sure we are that a word names an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnvStrength {
    /// A weak word (dev, test) standing alone.
    Weak,
    /// A strong word (production), or any word followed by "environment"/"env".
    Strong,
}

/// One environment found in a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundEnv {
    /// Byte offset of the word in the searched text.
    pub offset: usize,
    pub canonical: String,
    pub strength: EnvStrength,
}

impl EnvWords {
    fn is_strong(&self, word: &str) -> bool {
        self.strong.iter().any(|w| w == word)
    }

    fn is_weak(&self, word: &str) -> bool {
        self.weak.iter().any(|w| w == word)
    }

    /// Environments named in `text`, in order, without repeats. A word followed by
    /// "environment"/"env" counts even if it is in neither list ("Integration Environment").
    pub fn find(&self, text: &str, aliases: &EnvAliases) -> Vec<FoundEnv> {
        let words = words_with_offsets(text);
        let mut found: Vec<FoundEnv> = Vec::new();
        let names_work = || {
            !self.work.is_empty()
                && words
                    .iter()
                    .any(|(_, w)| self.work.iter().any(|k| w.eq_ignore_ascii_case(k)))
        };
        for (i, (offset, word)) in words.iter().enumerate() {
            // Most words are already lower case: no copy for them (this runs per doc word).
            let lower = lower_case(word);
            if FILLER_WORDS.contains(&lower.as_ref()) {
                continue;
            }
            // "Staging Environment", but not "Settings -> Environments".
            let next_is_env_word = words.get(i + 1).is_some_and(|(next_at, next)| {
                let gap = text.get(offset + word.len()..*next_at).unwrap_or("-");
                gap.chars()
                    .all(|c| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | '*'))
                    && is_env_suffix(next)
            });
            // An unlisted word names an environment only when written as a name:
            // "Integration Environment", "`Release` environment" (not "the matching environment").
            let written_as_name = || {
                let backticked = text
                    .get(..*offset)
                    .is_some_and(|before| before.ends_with('`'));
                let capitalised = word.chars().next().is_some_and(char::is_uppercase);
                (backticked || capitalised) && is_name_like(word)
            };
            let strength = if self.is_strong(&lower) {
                EnvStrength::Strong
            } else if self.is_weak(&lower) {
                if next_is_env_word {
                    EnvStrength::Strong
                } else if names_work() {
                    continue;
                } else {
                    EnvStrength::Weak
                }
            } else if next_is_env_word && written_as_name() {
                EnvStrength::Strong
            } else {
                continue;
            };
            let canonical = aliases.canonical(&lower);
            if let Some(existing) = found.iter_mut().find(|f| f.canonical == canonical) {
                existing.strength = existing.strength.max(strength);
                continue;
            }
            found.push(FoundEnv {
                offset: *offset,
                canonical,
                strength,
            });
        }
        found
    }
}

/// "environment", "environments" or "env" in any case. ASCII case folding is enough: no other
/// character lower-cases to one of their letters.
fn is_env_suffix(word: &str) -> bool {
    ["environment", "environments", "env"]
        .iter()
        .any(|suffix| word.eq_ignore_ascii_case(suffix))
}

/// `word.to_lowercase()`, borrowed when that changes nothing.
fn lower_case(word: &str) -> std::borrow::Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

/// A word that can be an environment's name: starts with a letter, not a stop word.
fn is_name_like(word: &str) -> bool {
    const STOP: &[&str] = &[
        "a",
        "an",
        "the",
        "this",
        "that",
        "each",
        "every",
        "any",
        "your",
        "our",
        "its",
        "their",
        "to",
        "in",
        "into",
        "on",
        "of",
        "for",
        "same",
        "target",
        "deployment",
        "new",
        "given",
        "right",
        "correct",
        "specific",
        "local",
        "and",
        "or",
        "per",
        "which",
        "what",
        "all",
        "github",
        "actions",
        "ci",
        "build",
        "runtime",
        "virtual",
        "python",
        "node",
        "shell",
        "conda",
        "docker",
        "execution",
        "isolated",
        "clean",
        "separate",
        "own",
        "current",
        "different",
        "other",
        "protected",
        "deploy",
        "one",
        "some",
        "no",
        "with",
        "from",
        "automated",
        "automatic",
        "matching",
        "appropriate",
        "required",
        "desired",
        "respective",
        "corresponding",
        "selected",
        "configured",
        "existing",
        "whole",
        "entire",
        "either",
        "both",
        "shared",
        "custom",
        "default",
        "remote",
        "set",
        "use",
        "using",
        "configure",
    ];
    word.chars().next().is_some_and(char::is_alphabetic)
        && !STOP.contains(&word.to_lowercase().as_str())
}

/// Words (letters, digits, `-`, `_`) with their byte offsets.
pub(crate) fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || c == '-' || c == '_';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push_word(&mut out, text, s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push_word(&mut out, text, s, text.len());
    }
    out
}

fn push_word<'a>(out: &mut Vec<(usize, &'a str)>, text: &'a str, start: usize, end: usize) {
    let Some(word) = text.get(start..end) else {
        return;
    };
    // "--ref" or "staging-" keep their letters only at the ends.
    let trimmed_start = word.len() - word.trim_start_matches(['-', '_']).len();
    let word = word.trim_matches(['-', '_']);
    if !word.is_empty() {
        out.push((start + trimmed_start, word));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts `find` takes per word agree with full Unicode lower-casing.
    #[test]
    fn word_case_shortcuts_agree_with_to_lowercase() {
        let words = [
            "production",
            "Production",
            "PRODUCTION",
            "prod-eu_1",
            "ENV",
            "Environments",
            "environmentS",
            "envs",
            "Ünïcode",
            "ſtaging",
            "\u{212A}ey",
            "ENVİRONMENT",
            "",
        ];
        for w in words {
            assert_eq!(lower_case(w), w.to_lowercase(), "{w:?}");
            assert_eq!(
                is_env_suffix(w),
                matches!(
                    w.to_lowercase().as_str(),
                    "environment" | "environments" | "env"
                ),
                "{w:?}"
            );
        }
    }

    #[test]
    fn canonical_names() {
        let a = EnvAliases::default();
        let cases = [
            ("Staging Environment", "staging"),
            ("prod", "production"),
            ("PRD", "production"),
            ("`stage`", "staging"),
            ("Dev Environment", "development"),
            ("development", "development"),
            ("QA", "qa"),
            ("the Production environment.", "production"),
            ("environment", "environment"),
        ];
        for (input, want) in cases {
            assert_eq!(a.canonical(input), want, "{input}");
        }
        let mut a = a;
        a.add("production", &["live"]);
        assert_eq!(a.canonical("Live"), "production");
    }

    #[test]
    fn finds_environment_words() {
        let words = EnvWords {
            strong: vec!["production".into(), "prod".into(), "staging".into()],
            weak: vec!["dev".into(), "test".into()],
            work: vec!["lint".into(), "build".into()],
        };
        let a = EnvAliases::default();
        // A weak word among CI work names a job: "Test and Lint", "dev build".
        assert!(words.find("Test and Lint", &a).is_empty());
        assert!(words.find("dev build", &a).is_empty());
        assert_eq!(words.find("Test", &a).len(), 1);
        assert_eq!(
            words.find("lint on the test env", &a)[0].strength,
            EnvStrength::Strong
        );
        let got: Vec<(String, EnvStrength)> = words
            .find("Staging, then Production (prod)", &a)
            .into_iter()
            .map(|f| (f.canonical, f.strength))
            .collect();
        assert_eq!(
            got,
            vec![
                ("staging".to_string(), EnvStrength::Strong),
                ("production".to_string(), EnvStrength::Strong)
            ]
        );
        let got: Vec<(String, EnvStrength)> = words
            .find("Dev Environment override, test", &a)
            .into_iter()
            .map(|f| (f.canonical, f.strength))
            .collect();
        assert_eq!(
            got,
            vec![
                ("development".to_string(), EnvStrength::Strong),
                ("test".to_string(), EnvStrength::Weak)
            ]
        );
        let got: Vec<String> = words
            .find("the Integration environment", &a)
            .into_iter()
            .map(|f| f.canonical)
            .collect();
        assert_eq!(got, vec!["integration".to_string()]);
        assert!(words.find("Settings -> Environments", &a).is_empty());
    }
}
