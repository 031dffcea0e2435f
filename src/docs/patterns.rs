//! Prose claim patterns and environment word lists, loaded from `rules/claims.yml`.

use super::describe::TriggerVocabulary;
use super::env::{EnvAliases, EnvRole, EnvWords};
use super::kinds::{ExtraClaimKind, ProseKind};
use super::lazy_regex::LazyRegex;
use super::literals::Literals;
use crate::source::SourceFile;
use crate::yaml::{self, Node};

const BUILTIN_PATH: &str = "rules/claims.yml";
const BUILTIN_TEXT: &str = include_str!("../../rules/claims.yml");

/// One claim kind: its regexes and the filters that keep it precise.
#[derive(Debug, Clone)]
pub struct ClaimPattern {
    pub kind: ProseKind,
    pub description: String,
    /// Any of these matching a sentence makes a claim.
    pub patterns: Vec<LazyRegex>,
    /// If not empty, one of these must match the sentence or its heading.
    pub context: Vec<LazyRegex>,
    /// None of these may match the sentence.
    pub exclude: Vec<LazyRegex>,
    /// Phrases that are not negations for this kind although `exclude_all` would say so
    /// ("promoted without manual steps"): blanked before `exclude_all` is tried.
    pub allow: Vec<LazyRegex>,
    /// Also match headings (normally headings are not claims).
    pub headings: bool,
    /// Whether the section heading counts as context (true unless the file says otherwise).
    pub heading_context: bool,
}

/// Everything `parse_doc` needs besides the markdown: prose patterns and environment words.
#[derive(Debug, Clone)]
pub struct ClaimPatterns {
    pub claims: Vec<ClaimPattern>,
    /// Applied to every claim kind (negations).
    pub exclude_all: Vec<LazyRegex>,
    pub env_words: EnvWords,
    pub aliases: EnvAliases,
    /// Words of trigger descriptions (`trigger_descriptions:`).
    pub triggers: TriggerVocabulary,
    /// Verbs that send a ref to an environment in a sentence (`route_verbs:`).
    pub route_verbs: Vec<LazyRegex>,
    /// Verbs after an environment that a branch push updates (`env_update_verbs:`).
    pub env_update_verbs: Vec<LazyRegex>,
    /// Literals of the regexes sentences are matched against (see `prefiltered`): let a
    /// sentence skip the regexes it cannot match. Rebuilt by `from_yaml` and `extend`.
    literals: Literals,
}

/// `environment_aliases:` (canonical → aliases) and `environment_roles:` (a list of
/// `{role, names}`) of a claims file.
fn env_aliases(root: &Node, path: &str) -> Result<EnvAliases, String> {
    let mut aliases = EnvAliases::empty();
    if let Some(map) = root.get("environment_aliases") {
        let entries = map.as_map().ok_or_else(|| {
            format!(
                "{path}:{}: `environment_aliases` must be a mapping",
                map.span.line()
            )
        })?;
        for e in entries {
            let canonical = e.key.as_str().unwrap_or_default();
            let names: Vec<String> = e
                .value
                .string_list()
                .into_iter()
                .map(|(w, _)| w.to_string())
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            aliases.add(canonical, &names);
        }
    }
    if let Some(list) = root.get("environment_roles") {
        let items = list.as_seq().ok_or_else(|| {
            format!(
                "{path}:{}: `environment_roles` must be a list",
                list.span.line()
            )
        })?;
        for item in items {
            let name = item.get("role").and_then(Node::as_str).unwrap_or_default();
            let role = EnvRole::parse(name).ok_or_else(|| {
                let known: Vec<&str> = EnvRole::ALL.iter().map(|r| r.as_str()).collect();
                format!(
                    "{path}:{}: unknown environment role `{name}` (known: {})",
                    item.span.line(),
                    known.join(", ")
                )
            })?;
            let words: Vec<String> = item
                .get("names")
                .map(|n| {
                    n.string_list()
                        .into_iter()
                        .map(|(w, _)| w.to_string())
                        .collect()
                })
                .unwrap_or_default();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            aliases.add_role_words(role, &words);
        }
    }
    Ok(aliases)
}

impl ClaimPatterns {
    /// The patterns shipped in `rules/claims.yml`.
    pub fn builtin() -> Result<ClaimPatterns, String> {
        ClaimPatterns::from_yaml(BUILTIN_PATH, BUILTIN_TEXT)
    }

    /// Parse a claims file of the `rules/claims.yml` shape. Errors name the file and line.
    pub fn from_yaml(path: &str, text: &str) -> Result<ClaimPatterns, String> {
        let file = SourceFile::from_text(path, text);
        let doc = yaml::load(&file).map_err(|e| format!("{path}:{}: {}", e.line(), e.message))?;
        let root = doc
            .root
            .ok_or_else(|| format!("{path}:1: empty claims file"))?;
        let err = |node: &Node, msg: &str| format!("{path}:{}: {msg}", node.span.line());

        let claims_node = root
            .get("claims")
            .ok_or_else(|| err(&root, "missing `claims:` list"))?;
        let items = claims_node
            .as_seq()
            .ok_or_else(|| err(claims_node, "`claims:` must be a list"))?;
        let mut claims = Vec::new();
        for item in items {
            let kind = item
                .get("kind")
                .and_then(Node::as_str)
                .ok_or_else(|| err(item, "claim entry needs a `kind:`"))?;
            let kind =
                ProseKind::parse(kind).ok_or_else(|| err(item, &ProseKind::unknown(kind)))?;
            let patterns = compile_list(item.get("patterns"), path)?;
            if patterns.is_empty() {
                return Err(err(item, "claim entry needs at least one pattern"));
            }
            claims.push(ClaimPattern {
                kind,
                description: item
                    .get("description")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_string(),
                patterns,
                context: compile_list(item.get("context"), path)?,
                exclude: compile_list(item.get("exclude"), path)?,
                allow: compile_list(item.get("allow"), path)?,
                headings: item
                    .get("headings")
                    .and_then(Node::as_bool)
                    .unwrap_or(false),
                heading_context: item
                    .get("heading_context")
                    .and_then(Node::as_bool)
                    .unwrap_or(true),
            });
        }
        let words = |key: &str| -> Vec<String> {
            root.get(key)
                .map(|n| {
                    n.string_list()
                        .into_iter()
                        .map(|(w, _)| w.trim().to_lowercase())
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut patterns = ClaimPatterns {
            literals: Literals::default(),
            claims,
            exclude_all: compile_list(root.get("exclude_all"), path)?,
            route_verbs: compile_list(root.get("route_verbs"), path)?,
            env_update_verbs: compile_list(root.get("env_update_verbs"), path)?,
            env_words: EnvWords {
                strong: words("environments"),
                weak: words("weak_environments"),
                work: words("work_words"),
            },
            aliases: env_aliases(&root, path)?,
            triggers: TriggerVocabulary::from_node(
                root.get("trigger_descriptions"),
                path,
                &compile,
            )?,
        };
        patterns.literals = Literals::case_insensitive(patterns.prefiltered());
        patterns.forget_parses();
        Ok(patterns)
    }

    /// Drop the parses the prefilters were built from (see [`LazyRegex::forget_parse`]).
    fn forget_parses(&mut self) {
        for c in &mut self.claims {
            for re in c
                .patterns
                .iter_mut()
                .chain(&mut c.context)
                .chain(&mut c.exclude)
                .chain(&mut c.allow)
            {
                re.forget_parse();
            }
        }
        for re in self
            .exclude_all
            .iter_mut()
            .chain(&mut self.route_verbs)
            .chain(&mut self.env_update_verbs)
        {
            re.forget_parse();
        }
        self.triggers.forget_parses();
    }

    /// Add patterns: each `(kind, regex)` joins the entry of that kind, or starts a new entry
    /// without context or exclude filters; a kind `trigger:<event>` adds words that name that
    /// event in trigger descriptions. Fails on the first regex that does not compile.
    pub fn extend(&mut self, extra: Vec<(ExtraClaimKind, String)>) -> Result<(), String> {
        for (extra_kind, pattern) in extra {
            // The user's own patterns: every error now, while the config is read.
            let regex =
                LazyRegex::eager(&pattern).map_err(|e| format!("claim `{extra_kind}`: {e}"))?;
            let kind = match extra_kind {
                ExtraClaimKind::TriggerWord(event) => {
                    self.triggers.add_event_word(&event, regex);
                    continue;
                }
                ExtraClaimKind::Prose(kind) => kind,
            };
            match self.claims.iter_mut().find(|c| c.kind == kind) {
                Some(entry) => entry.patterns.push(regex),
                None => self.claims.push(ClaimPattern {
                    kind,
                    description: String::new(),
                    patterns: vec![regex],
                    context: Vec::new(),
                    exclude: Vec::new(),
                    allow: Vec::new(),
                    headings: false,
                    heading_context: true,
                }),
            }
        }
        self.literals = Literals::case_insensitive(self.prefiltered());
        self.forget_parses();
        Ok(())
    }

    /// The regexes the literal prefilter covers, in its numbering: every entry's `patterns` in
    /// entry order, then the trigger description labels, partial labels, verbs and exclusions.
    fn prefiltered(&self) -> impl Iterator<Item = &LazyRegex> {
        let t = &self.triggers;
        self.claims
            .iter()
            .flat_map(|c| c.patterns.iter())
            .chain(&t.labels)
            .chain(&t.partial_labels)
            .chain(&t.verbs)
            .chain(&t.exclude)
    }

    /// The literal prefilter, if it still describes the current regexes (the fields are
    /// public and could have been edited directly; then every regex is tried).
    pub(crate) fn literals(&self) -> Option<&Literals> {
        self.literals
            .describes(self.prefiltered())
            .then_some(&self.literals)
    }

    /// One sentence's candidates, split by the list each regex belongs to.
    pub(crate) fn split<'c>(&self, flags: &'c [bool]) -> Candidates<'c> {
        let t = &self.triggers;
        let mut rest = flags;
        let mut take = |n: usize| {
            let (head, tail) = rest.split_at(n.min(rest.len()));
            rest = tail;
            head
        };
        Candidates {
            claims: take(self.claims.iter().map(|c| c.patterns.len()).sum()),
            labels: take(t.labels.len()),
            partial_labels: take(t.partial_labels.len()),
            verbs: take(t.verbs.len()),
            exclude: take(t.exclude.len()),
        }
    }
}

/// The prefilter's verdicts for one sentence, per regex list, in list order.
pub(crate) struct Candidates<'c> {
    pub claims: &'c [bool],
    pub labels: &'c [bool],
    pub partial_labels: &'c [bool],
    pub verbs: &'c [bool],
    pub exclude: &'c [bool],
}

/// May regex `i` of a list match, by its verdicts? (No verdict: it must be tried.)
pub(crate) fn may_match(verdicts: &[bool], i: usize) -> bool {
    verdicts.get(i).copied().unwrap_or(true)
}

/// Patterns of a claims file compile on first use (see [`LazyRegex`]).
fn compile(pattern: &str) -> Result<LazyRegex, String> {
    LazyRegex::new(pattern)
}

fn compile_list(node: Option<&Node>, path: &str) -> Result<Vec<LazyRegex>, String> {
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    node.string_list()
        .into_iter()
        .map(|(p, span)| compile(p).map_err(|e| format!("{path}:{}: {e}", span.line())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built-in patterns compile on first use, where a failure could only match nothing: every
    /// one of them must build within the size limit.
    #[test]
    fn every_builtin_regex_compiles() {
        let p = ClaimPatterns::builtin().unwrap();
        let all: Vec<&LazyRegex> = p
            .claims
            .iter()
            .flat_map(|c| {
                c.patterns
                    .iter()
                    .chain(&c.context)
                    .chain(&c.exclude)
                    .chain(&c.allow)
            })
            .chain(&p.exclude_all)
            .chain(&p.route_verbs)
            .chain(&p.env_update_verbs)
            .chain(p.triggers.all_regexes())
            .collect();
        assert!(all.len() > 80, "{} regexes", all.len());
        for re in all {
            assert!(!re.is_compiled(), "{} compiled before use", re.as_str());
            if let Err(e) = LazyRegex::eager(re.as_str()) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn builtin_file_loads() {
        let p = ClaimPatterns::builtin().unwrap();
        let kinds: Vec<&str> = p.claims.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec![
                "tag-triggers-deploy",
                "primary-method-tags",
                "approval-required",
                "automated-promotion",
                "automatic-rollback",
                "rollback-supported",
                "branch-triggers-deploy",
                "slash-command",
            ]
        );
        assert!(p.env_words.strong.contains(&"production".to_string()));
        assert!(p.env_words.weak.contains(&"dev".to_string()));
        assert_eq!(p.exclude_all.len(), 4);
        let primary = p
            .claims
            .iter()
            .find(|c| c.kind == ProseKind::PrimaryMethodTags);
        assert_eq!(primary.map(|c| c.headings), Some(true));
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "claims:\n  - kind: approval-required\n    patterns:\n      - '(unclosed'\n";
        let e = ClaimPatterns::from_yaml("c.yml", bad).unwrap_err();
        assert!(e.starts_with("c.yml:4: bad regex `(unclosed`"), "{e}");
        let e = ClaimPatterns::from_yaml("c.yml", "claims:\n  - patterns: [a]\n").unwrap_err();
        assert_eq!(e, "c.yml:2: claim entry needs a `kind:`");
        let e = ClaimPatterns::from_yaml("c.yml", "environments: [prod]\n").unwrap_err();
        assert_eq!(e, "c.yml:1: missing `claims:` list");
    }

    #[test]
    fn extend_adds_to_existing_or_new_kind() {
        let file = "claims:\n  - kind: approval-required\n    patterns: ['\\bsign-off\\b']\n";
        let mut p = ClaimPatterns::from_yaml("c.yml", file).unwrap();
        p.extend(vec![
            (
                ExtraClaimKind::Prose(ProseKind::ApprovalRequired),
                r"\bhand-cranked\b".into(),
            ),
            (
                ExtraClaimKind::Prose(ProseKind::AutomaticRollback),
                r"\bself-healing\b".into(),
            ),
        ])
        .unwrap();
        let kinds: Vec<(ProseKind, usize)> = p
            .claims
            .iter()
            .map(|c| (c.kind, c.patterns.len()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (ProseKind::ApprovalRequired, 2),
                (ProseKind::AutomaticRollback, 1)
            ]
        );
        assert!(p.literals().is_some());
        let bad = vec![(ExtraClaimKind::TriggerWord("push".into()), "(".into())];
        let e = p.extend(bad).unwrap_err();
        assert!(e.starts_with("claim `trigger:push`: "), "{e}");
    }

    /// The literal prefilters change no result: every markdown file of the fixtures and the
    /// real-world corpus gives the same model with them as with every regex tried.
    #[test]
    fn prefilter_gives_the_same_claims_as_trying_every_pattern() {
        let fast = ClaimPatterns::builtin().unwrap();
        let mut slow = fast.clone();
        slow.literals = Literals::default();
        slow.triggers.without_prefilter();
        assert!(fast.literals().is_some());
        assert!(slow.literals().is_none());
        assert!(fast.triggers.word_prefilter().is_some());
        assert!(slow.triggers.word_prefilter().is_none());
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let roots = [
            here.join("fixtures"),
            here.join("../shared/corpus/realworld"),
        ];
        let mut files = 0;
        let mut prose = 0;
        let mut descriptions = 0;
        for entry in roots.iter().flat_map(walkdir::WalkDir::new).flatten() {
            if entry.path().extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let file = SourceFile::from_text(&entry.path().to_string_lossy(), &text);
            let want = super::super::parse_doc(&file, &slow);
            assert_eq!(super::super::parse_doc(&file, &fast), want, "{}", file.path);
            files += 1;
            for claim in &want.claims {
                match claim.kind {
                    super::super::ClaimKind::Prose { .. } => prose += 1,
                    super::super::ClaimKind::TriggerDescription { .. } => descriptions += 1,
                    _ => {}
                }
            }
        }
        assert!(files >= 20, "only {files} markdown files found");
        assert!(prose > 0, "no prose claims in {files} files");
        assert!(descriptions > 0, "no trigger descriptions in {files} files");
    }
}
