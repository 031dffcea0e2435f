//! YAML tree → `Config`, collecting every mistake with its location.

use std::path::Path;

use super::{closest, ClaimSetting, Config, ConfigError, Persona, PinPolicy, RuleSettings};
use crate::docs::EnvRole;
use crate::docs::{ExtraClaimKind, ProseKind, TRIGGER_KIND_PREFIX};
use crate::filter::FilterList;
use crate::finding::Severity;
use crate::source::{SourceFile, Span};
use crate::workflow::EVENTS;
use crate::yaml::{self, Entry, Node};

const TOP_KEYS: &[&str] = &[
    "rules",
    "docs",
    "environments",
    "claims",
    "state",
    "default_branch",
    "security",
    "runner-labels",
];
const SECURITY_KEYS: &[&str] = &["persona", "pinning"];
const PINNING_KEYS: &[&str] = &["first-party", "default"];
const RULE_KEYS: &[&str] = &["enabled", "severity"];
const DOCS_KEYS: &[&str] = &["include", "exclude"];
const ENVIRONMENT_KEYS: &[&str] = &["aliases", "roles"];
const CLAIM_KEYS: &[&str] = &["kind", "pattern"];

/// User regexes are size-capped so a pattern cannot take unbounded memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

struct Parser<'a> {
    path: &'a str,
    errors: Vec<ConfigError>,
}

impl Parser<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.errors.push(ConfigError {
            path: self.path.to_string(),
            line: span.start.line.max(1),
            column: span.start.col.max(1),
            message: message.into(),
            hint,
        });
    }

    /// The entries of a mapping; null counts as empty. Anything else is an error.
    fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Entry] {
        if node.is_null() {
            return &[];
        }
        match node.as_map() {
            Some(entries) => entries,
            None => {
                self.error(
                    node.span,
                    format!("`{what}` must be a mapping, found a {}", node.kind_name()),
                    None,
                );
                &[]
            }
        }
    }

    /// Entries whose key is one of `known`, as (key, value). Unknown and non-scalar keys are
    /// errors, with the closest known key as a hint.
    fn known_entries<'n>(
        &mut self,
        entries: &'n [Entry],
        known: &[&str],
        within: &str,
    ) -> Vec<(&'n str, &'n Node)> {
        let mut out = Vec::new();
        for e in entries {
            let Some(key) = e.key.as_str() else {
                self.error(e.key.span, format!("keys in {within} must be text"), None);
                continue;
            };
            if known.contains(&key) {
                out.push((key, &e.value));
            } else {
                let hint = match closest(key, known.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("known keys: {}", known.join(", ")),
                };
                self.error(e.key.span, format!("unknown key `{key}`"), Some(hint));
            }
        }
        out
    }

    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match node.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_string()),
            Some(_) => {
                self.error(node.span, format!("`{what}` must not be empty"), None);
                None
            }
            None => {
                self.error(
                    node.span,
                    format!("`{what}` must be text, found a {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    /// A list of text items (a single text value counts as a one-item list).
    fn text_list(&mut self, node: &Node, what: &str) -> Vec<(String, Span)> {
        if node.is_null() {
            return Vec::new();
        }
        if let Some(s) = node.as_str() {
            return vec![(s.to_string(), node.span)];
        }
        let Some(items) = node.as_seq() else {
            self.error(
                node.span,
                format!("`{what}` must be a list, found a {}", node.kind_name()),
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if let Some(s) = self.text(item, what) {
                out.push((s, item.span));
            }
        }
        out
    }

    fn globs(&mut self, node: &Node, what: &str) -> Option<FilterList> {
        let items = self.text_list(node, what);
        let mut valid = Vec::new();
        for (glob, span) in items {
            match FilterList::parse(&[glob.as_str()]) {
                Ok(_) => valid.push(glob),
                Err(e) => self.error(span, format!("invalid glob in `{what}`: {e}"), None),
            }
        }
        if valid.is_empty() {
            return None;
        }
        FilterList::parse(&valid).ok()
    }

    fn rules(&mut self, node: &Node, config: &mut Config) {
        for e in self.mapping(node, "rules") {
            let Some(id) = e.key.as_str() else {
                self.error(e.key.span, "rule ids must be text", None);
                continue;
            };
            let mut settings = RuleSettings {
                enabled: None,
                severity: None,
                line: e.key.span.start.line,
                column: e.key.span.start.col,
            };
            let what = format!("rules.{id}");
            let entries = self.mapping(&e.value, &what);
            for (key, value) in self.known_entries(entries, RULE_KEYS, &format!("`{what}`")) {
                match key {
                    "enabled" => match value.as_bool() {
                        Some(b) => settings.enabled = Some(b),
                        None => self.error(
                            value.span,
                            format!("`{what}.enabled` must be true or false"),
                            None,
                        ),
                    },
                    _ => {
                        let parsed = value
                            .as_str()
                            .and_then(|s| ["error", "warning", "note"].contains(&s).then_some(s))
                            .and_then(Severity::parse);
                        match parsed {
                            Some(s) => settings.severity = Some(s),
                            None => self.error(
                                value.span,
                                format!("`{what}.severity` must be error, warning or note"),
                                None,
                            ),
                        }
                    }
                }
            }
            config.rules.insert(id.to_string(), settings);
        }
    }

    fn docs(&mut self, node: &Node, config: &mut Config) {
        let entries = self.mapping(node, "docs");
        for (key, value) in self.known_entries(entries, DOCS_KEYS, "`docs`") {
            let what = format!("docs.{key}");
            let list = self.globs(value, &what);
            if key == "include" {
                config.docs.include = list;
            } else {
                config.docs.exclude = list;
            }
        }
    }

    fn environments(&mut self, node: &Node, config: &mut Config) {
        let entries = self.mapping(node, "environments");
        for (key, value) in self.known_entries(entries, ENVIRONMENT_KEYS, "`environments`") {
            let what = format!("environments.{key}");
            for e in self.mapping(value, &what) {
                let Some(name) = self.text(&e.key, &what) else {
                    continue;
                };
                let item = format!("{what}.{name}");
                let names: Vec<String> = self
                    .text_list(&e.value, &item)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect();
                if key == "aliases" {
                    config.environment_aliases.insert(name, names);
                    continue;
                }
                match EnvRole::parse(&name) {
                    Some(role) => config
                        .environment_roles
                        .entry(role)
                        .or_default()
                        .extend(names),
                    None => {
                        let known: Vec<&str> = EnvRole::ALL.iter().map(|r| r.as_str()).collect();
                        let hint = match closest(&name, known.iter().copied()) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => format!("known roles: {}", known.join(", ")),
                        };
                        self.error(
                            e.key.span,
                            format!("unknown environment role `{name}`"),
                            Some(hint),
                        );
                    }
                }
            }
        }
    }

    /// A claim's `kind:`: a prose claim kind or `trigger:<event>`; an error naming the
    /// closest kind or event otherwise.
    fn extra_claim_kind(&mut self, kind: &str, span: Span) -> Option<ExtraClaimKind> {
        if let Some(event) = kind.strip_prefix(TRIGGER_KIND_PREFIX) {
            if EVENTS.contains(&event) {
                return Some(ExtraClaimKind::TriggerWord(event.to_string()));
            }
            let hint = closest(event, EVENTS.iter().copied())
                .map(|c| format!("did you mean `{TRIGGER_KIND_PREFIX}{c}`?"));
            self.error(
                span,
                format!("`{event}` is not a GitHub Actions event"),
                hint,
            );
            return None;
        }
        match ProseKind::parse(kind) {
            Some(k) => Some(ExtraClaimKind::Prose(k)),
            None => {
                self.error(span, ProseKind::unknown(kind), None);
                None
            }
        }
    }

    fn security(&mut self, node: &Node, config: &mut Config) {
        let entries = self.mapping(node, "security");
        for (key, value) in self.known_entries(entries, SECURITY_KEYS, "`security`") {
            if key == "persona" {
                match value.as_str().and_then(Persona::parse) {
                    Some(p) => config.security.persona = p,
                    None => self.error(
                        value.span,
                        format!("`security.persona` must be {}", Persona::NAMES.join(" or ")),
                        None,
                    ),
                }
                continue;
            }
            let entries = self.mapping(value, "security.pinning");
            for (key, value) in self.known_entries(entries, PINNING_KEYS, "`security.pinning`") {
                let Some(policy) = value.as_str().and_then(PinPolicy::parse) else {
                    self.error(
                        value.span,
                        format!("`security.pinning.{key}` must be ref or sha"),
                        None,
                    );
                    continue;
                };
                if key == "first-party" {
                    config.security.pinning.first_party = policy;
                } else {
                    config.security.pinning.default = policy;
                }
            }
        }
    }

    fn claims(&mut self, node: &Node, config: &mut Config) {
        if node.is_null() {
            return;
        }
        let Some(items) = node.as_seq() else {
            self.error(
                node.span,
                format!("`claims` must be a list, found a {}", node.kind_name()),
                None,
            );
            return;
        };
        for item in items {
            let entries = self.mapping(item, "claims[]");
            let mut kind = None;
            let mut pattern = None;
            for (key, value) in self.known_entries(entries, CLAIM_KEYS, "a claim") {
                if key == "kind" {
                    kind = self
                        .text(value, "claims[].kind")
                        .and_then(|k| self.extra_claim_kind(&k, value.span));
                } else if let Some(p) = self.text(value, "claims[].pattern") {
                    let compiled = regex::RegexBuilder::new(&p)
                        .size_limit(REGEX_SIZE_LIMIT)
                        .build();
                    match compiled {
                        Ok(_) => pattern = Some(p),
                        Err(e) => self.error(
                            value.span,
                            format!("invalid regex in `claims[].pattern`: {}", one_line(&e)),
                            None,
                        ),
                    }
                }
            }
            if item.as_map().is_none() {
                continue;
            }
            match (kind, pattern) {
                (Some(kind), Some(pattern)) => config.claims.push(ClaimSetting {
                    kind,
                    pattern,
                    line: item.span.start.line,
                }),
                (None, _) if item.get("kind").is_none() => {
                    self.error(item.span, "a claim needs a `kind`", None)
                }
                (_, None) if item.get("pattern").is_none() => {
                    self.error(item.span, "a claim needs a `pattern`", None)
                }
                _ => {}
            }
        }
    }
}

/// regex errors span several lines (with a caret diagram); keep the last, the actual reason.
fn one_line(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("error: ").to_string())
        .unwrap_or(text)
}

pub(super) fn parse(file: &SourceFile, dir: &Path) -> Result<Config, Vec<ConfigError>> {
    let mut p = Parser {
        path: &file.path,
        errors: Vec::new(),
    };
    let doc = match yaml::load(file) {
        Ok(doc) => doc,
        Err(e) => {
            p.error(e.span, e.message.clone(), None);
            return Err(p.errors);
        }
    };
    let mut config = Config {
        source: Some(file.path.clone()),
        ..Config::default()
    };
    for d in &doc.duplicate_keys {
        p.error(
            d.duplicate,
            format!(
                "duplicate key `{}` (first at line {})",
                d.key, d.first.start.line
            ),
            None,
        );
    }
    if doc.documents > 1 {
        p.error(
            file.line_span(1),
            "a config file holds one YAML document",
            Some("remove the `---` separators".into()),
        );
    }
    if let Some(root) = &doc.root {
        let entries = p.mapping(root, "the config");
        for (key, value) in p.known_entries(entries, TOP_KEYS, "the config") {
            match key {
                "rules" => p.rules(value, &mut config),
                "docs" => p.docs(value, &mut config),
                "environments" => p.environments(value, &mut config),
                "claims" => p.claims(value, &mut config),
                "security" => p.security(value, &mut config),
                "state" => config.state = p.text(value, "state").map(|s| dir.join(s)),
                "runner-labels" => {
                    let labels = p.text_list(value, "runner-labels");
                    config.runner_labels = Some(labels.into_iter().map(|(l, _)| l).collect());
                }
                _ => config.default_branch = p.text(value, "default_branch"),
            }
        }
    }
    if p.errors.is_empty() {
        Ok(config)
    } else {
        p.errors.sort_by_key(|e| (e.line, e.column));
        Err(p.errors)
    }
}
