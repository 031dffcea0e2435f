//! The effects table (`rules/effects/table.yml`): what known actions and shell commands change,
//! as data. Parsed once; a broken built-in table is a build defect caught by tests and degrades
//! to an empty table at run time.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::command_index::CommandIndex;

use crate::ascii_regex::ascii_classes;
use crate::yaml::{load_str, Node};

pub const TABLE_TEXT: &str = include_str!("../../../rules/effects/table.yml");
pub const METADATA_TEXT: &str = include_str!("../../../rules/effects/action-metadata.yml");

/// Effect families, as named in the table.
pub const FAMILIES: &[&str] = &[
    "publish",
    "release",
    "tag",
    "tag-push",
    "workflow-run",
    "version",
    "bump",
    "environment",
    "branch",
    "pull-request",
    "issue",
    "comment",
    "label",
    "pages",
    "deploy",
    "copy",
    "test",
    "lint",
    "build",
    "notify",
    "artifact",
    "cache",
    "none",
];

#[derive(Debug, Clone)]
pub struct ActionEntry {
    /// `owner/name` (or `owner/name/path`), compared case-insensitively.
    pub uses: String,
    pub effect: String,
    pub target: Option<String>,
    /// Role → input name.
    pub inputs: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct CommandEntry {
    pub pattern: Regex,
    pub unless: Option<Regex>,
    /// The line is this effect only when `when` also matches, or when the job did `or_after`
    /// before (a `git push` after a `git tag` pushes the tag).
    pub when: Option<Regex>,
    pub or_after: Option<String>,
    /// The line is this effect only when an earlier line of the job matches `after` (a script
    /// line, or the `repository:` an earlier step checks out): a `git push` from a job that
    /// cloned a Homebrew tap publishes a formula.
    pub after: Option<Regex>,
    pub effect: String,
    pub target: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub actions: Vec<ActionEntry>,
    pub commands: Vec<CommandEntry>,
    /// The command patterns a line may match, from the literals their matches start with: a
    /// line is scanned once, then only those patterns are searched.
    command_index: CommandIndex,
    /// Step ids and name phrases of steps computing the next release version.
    pub version_ids: Vec<String>,
    pub version_phrases: Vec<String>,
    /// `version_phrases` in one searcher, ASCII case folded (None: none to search, or it did
    /// not build; `version_phrases` are then compared one by one).
    version_phrase_search: Option<aho_corasick::AhoCorasick>,
    /// Words in a step's text that show it deploys or publishes.
    pub deploy_words: Vec<String>,
    /// Family → words that make an unknown script or action a possible source of it.
    pub opaque_hints: BTreeMap<String, Vec<String>>,
    /// Families a step's `name:` alone makes opaque.
    pub named_step_families: Vec<String>,
    /// Hint word → the families (bits, in `opaque_hints` order) it hints at: a name is read
    /// word by word once instead of against every family's list.
    hint_index: crate::fast_hash::FastMap<String, u64>,
    /// Placeholder jobs: actions that only prepare the runner, and script lines that only
    /// print or only install.
    pub prepare_uses: Vec<String>,
    pub print_line: Option<Regex>,
    pub prepare_line: Option<Regex>,
    /// Kind of work → words that claim it in a doc's description of a job, table order.
    pub job_work: Vec<(String, Vec<String>)>,
}

impl Table {
    /// The first entry for an action (`owner/name@ref`).
    pub fn action(&self, uses: &str) -> Option<&ActionEntry> {
        self.actions_of(uses).next()
    }

    /// Every entry for an action: one action may have several effects (changesets opens the
    /// version PR, publishes, and creates GitHub releases).
    pub fn actions_of<'a, 'u>(&'a self, uses: &'u str) -> impl Iterator<Item = &'a ActionEntry> + 'u
    where
        'a: 'u,
    {
        let name = uses.split('@').next().unwrap_or(uses).trim();
        self.actions
            .iter()
            .filter(move |a| a.uses.eq_ignore_ascii_case(name))
    }

    /// Indexes of the command entries whose pattern matches a line, in table order.
    pub fn matching_commands(&self, line: &str) -> Vec<usize> {
        // Most lines run no listed command, and most of the rest one: the index rules out the
        // patterns a line cannot match before any regex runs.
        let may = self.command_index.candidates(line);
        self.commands
            .iter()
            .enumerate()
            .filter(|&(i, c)| may.get(i).copied().unwrap_or(true) && c.pattern.is_match(line))
            .map(|(i, _)| i)
            .collect()
    }

    /// Does `text`, lower-cased (ASCII), hold one of `version_phrases`? One scan instead of
    /// a lower-cased copy and a substring search per phrase (asked for every `run:` step).
    pub fn names_version_phrase(&self, text: &str) -> bool {
        match &self.version_phrase_search {
            Some(search) => search.is_match(text),
            None => {
                let lower = text.to_ascii_lowercase();
                self.version_phrases
                    .iter()
                    .any(|p| lower.contains(p.as_str()))
            }
        }
    }

    /// Families an unknown script or action called `name` might produce.
    /// The words of the name (`scripts/deploy_prod.sh` → scripts, deploy, prod, sh), lower-cased,
    /// are looked up in the hint index.
    pub fn hinted_families(&self, name: &str) -> Vec<&str> {
        if self.hint_index.is_empty() {
            return Vec::new();
        }
        let mut bits = 0u64;
        let mut lower = String::new();
        for word in name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = if word.bytes().any(|b| b.is_ascii_uppercase()) {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                lower.as_str()
            } else {
                word
            };
            bits |= self.hint_index.get(word).copied().unwrap_or(0);
        }
        // Most names hold no hint word.
        if bits == 0 {
            return Vec::new();
        }
        self.opaque_hints
            .keys()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, f)| f.as_str())
            .collect()
    }
}

/// The searcher of [`Table::names_version_phrase`]. A phrase with an ASCII capital is left
/// out: it is never found in the lower-cased text the phrases are compared with.
fn version_phrase_search(phrases: &[String]) -> Option<aho_corasick::AhoCorasick> {
    let kept: Vec<&str> = phrases
        .iter()
        .map(String::as_str)
        .filter(|p| !p.bytes().any(|b| b.is_ascii_uppercase()))
        .collect();
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(kept)
        .ok()
}

/// Hint word → bit `i` for the `i`-th family of `hints` that lists it.
fn hint_index(hints: &BTreeMap<String, Vec<String>>) -> crate::fast_hash::FastMap<String, u64> {
    let mut index = crate::fast_hash::FastMap::default();
    for (i, (_, words)) in hints.iter().enumerate() {
        for w in words {
            *index.entry(w.clone()).or_insert(0) |= 1u64 << i;
        }
    }
    index
}

fn text(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(Node::as_str).map(str::to_string)
}

pub fn parse_table(src: &str) -> Result<Table, String> {
    let doc = load_str("rules/effects/table.yml", src).map_err(|e| e.to_string())?;
    let root = doc.root.ok_or("empty effects table")?;
    let mut table = Table::default();
    let family = |f: String, what: &str| -> Result<String, String> {
        if FAMILIES.contains(&f.as_str()) {
            Ok(f)
        } else {
            Err(format!("{what}: unknown effect `{f}`"))
        }
    };
    for a in root.get("actions").and_then(Node::as_seq).unwrap_or(&[]) {
        let uses = text(a, "uses").ok_or("action entry without `uses`")?;
        let effect = family(text(a, "effect").unwrap_or_default(), &uses)?;
        let inputs = a
            .get("inputs")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string())))
            .collect();
        table.actions.push(ActionEntry {
            uses,
            effect,
            target: text(a, "target"),
            inputs,
        });
    }
    for c in root.get("commands").and_then(Node::as_seq).unwrap_or(&[]) {
        let raw = text(c, "match").ok_or("command entry without `match`")?;
        // Built-in patterns: ASCII `\w \s \b` (shell lines; see crate::ascii_regex).
        let pattern = Regex::new(&ascii_classes(&raw)).map_err(|e| format!("{raw}: {e}"))?;
        let optional = |key: &str| match text(c, key) {
            Some(u) => Regex::new(&ascii_classes(&u))
                .map(Some)
                .map_err(|e| format!("{u}: {e}")),
            None => Ok(None),
        };
        let or_after = match text(c, "or_after") {
            Some(f) => Some(family(f, &raw)?),
            None => None,
        };
        table.commands.push(CommandEntry {
            pattern,
            unless: optional("unless")?,
            when: optional("when")?,
            or_after,
            after: optional("after")?,
            effect: family(text(c, "effect").unwrap_or_default(), &raw)?,
            target: text(c, "target"),
        });
    }
    for e in root
        .get("opaque_hints")
        .and_then(Node::as_map)
        .unwrap_or(&[])
    {
        let f = family(
            e.key.as_str().unwrap_or_default().to_string(),
            "opaque_hints",
        )?;
        let words = e
            .value
            .string_list()
            .into_iter()
            .map(|(s, _)| s.to_string())
            .collect();
        table.opaque_hints.insert(f, words);
    }
    // One bit per family: FAMILIES has fewer than 64.
    if table.opaque_hints.len() > 64 {
        return Err("opaque_hints: more than 64 families".into());
    }
    table.hint_index = hint_index(&table.opaque_hints);
    table.command_index = CommandIndex::new(table.commands.iter().map(|c| c.pattern.as_str()));
    let strings = |node: Option<&Node>| -> Vec<String> {
        node.map(|n| {
            n.string_list()
                .into_iter()
                .map(|(s, _)| s.to_string())
                .collect()
        })
        .unwrap_or_default()
    };
    let version = root.get("version_steps");
    table.version_ids = strings(version.and_then(|v| v.get("ids")));
    table.version_phrases = strings(version.and_then(|v| v.get("phrases")));
    table.version_phrase_search = version_phrase_search(&table.version_phrases);
    table.deploy_words = strings(root.get("deploy_words"));
    let placeholder = root.get("placeholder");
    table.prepare_uses = strings(placeholder.and_then(|p| p.get("prepare_uses")));
    let line_re = |key: &str| -> Result<Option<Regex>, String> {
        match placeholder.and_then(|p| text(p, key)) {
            Some(p) => Regex::new(&ascii_classes(&p))
                .map(Some)
                .map_err(|e| format!("placeholder {key}: {e}")),
            None => Ok(None),
        }
    };
    table.print_line = line_re("print")?;
    table.prepare_line = line_re("prepare")?;
    for e in root.get("job_work").and_then(Node::as_map).unwrap_or(&[]) {
        let kind = e.key.as_str().unwrap_or_default().to_string();
        table.job_work.push((kind, strings(Some(&e.value))));
    }
    if let Some(list) = root.get("named_step_families") {
        for (f, _) in list.string_list() {
            let f = family(f.to_string(), "named_step_families")?;
            table.named_step_families.push(f);
        }
    }
    Ok(table)
}

/// `action → (version, declared inputs)` from `rules/effects/action-metadata.yml`.
pub fn parse_metadata(src: &str) -> Result<BTreeMap<String, (String, Vec<String>)>, String> {
    let doc = load_str("rules/effects/action-metadata.yml", src).map_err(|e| e.to_string())?;
    let root = doc.root.ok_or("empty action metadata")?;
    let mut out = BTreeMap::new();
    for m in root.as_seq().unwrap_or(&[]) {
        let action = text(m, "action").ok_or("metadata entry without `action`")?;
        let version = text(m, "version").ok_or_else(|| format!("{action}: no version"))?;
        let inputs = m
            .get("inputs")
            .map(|n| {
                n.string_list()
                    .into_iter()
                    .map(|(s, _)| s.to_string())
                    .collect()
            })
            .unwrap_or_default();
        out.insert(action.to_ascii_lowercase(), (version, inputs));
    }
    Ok(out)
}

/// The built-in table, parsed once.
pub fn builtin() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(TABLE_TEXT).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_pattern_has_first_literals() {
        // Otherwise it would be searched on every script line (still exact, but slow).
        let table = builtin();
        let index = super::CommandIndex::new(table.commands.iter().map(|c| c.pattern.as_str()));
        let may = index.candidates("");
        assert!(
            may.iter().all(|m| !m),
            "a command pattern without first literals"
        );
    }

    #[test]
    fn matching_commands_agree_with_a_set_of_every_pattern() {
        let table = builtin();
        let set = regex::RegexSet::new(table.commands.iter().map(|c| c.pattern.as_str())).unwrap();
        let lines = [
            "npm publish --tag next",
            "pnpm -r publish --access public",
            "cargo +nightly publish -p x",
            "python3.12 -m pytest tests",
            "docker buildx build --platform linux/amd64 --push -t ghcr.io/o/i:1 .",
            "curl -sS -X POST \"$SLACK_WEBHOOK_URL\" -d @payload.json",
            "gh release create v1 --draft && git push origin v1",
            "git tag -a v1.2.3 -m release",
            "./gradlew publishToMavenLocal",
            "make test-unit",
            "echo done",
            "go test ./... && go build ./cmd/x",
            "uv run pytest",
            "helm upgrade --install x ./chart",
            "ssh deploy@host 'systemctl restart app'",
            "",
        ];
        for line in lines {
            let want: Vec<usize> = set.matches(line).into_iter().collect();
            assert_eq!(table.matching_commands(line), want, "{line:?}");
        }
    }

    #[test]
    fn builtin_table_parses() {
        let t = parse_table(TABLE_TEXT).unwrap_or_else(|e| panic!("{e}"));
        assert!(t.actions.len() > 40 && t.commands.len() > 30);
        assert!(t.version_ids.contains(&"version".to_string()));
        assert!(t.version_phrases.contains(&"next version".to_string()));
        assert!(t.deploy_words.contains(&"rsync ".to_string()));
        assert!(t.print_line.is_some() && t.prepare_line.is_some());
        assert!(t.prepare_uses.iter().any(|u| u == "actions/checkout"));
        assert!(t
            .job_work
            .iter()
            .any(|(k, w)| k == "lint" && w.contains(&"linting".into())));
        for f in FAMILIES.iter().filter(|f| **f != "none") {
            assert!(t.opaque_hints.contains_key(*f), "no opaque hints for {f}");
        }
    }

    /// Every input the table reads is declared by the action, per the recorded action.yml.
    #[test]
    fn table_inputs_match_recorded_metadata() {
        let t = parse_table(TABLE_TEXT).unwrap_or_else(|e| panic!("{e}"));
        let meta = parse_metadata(METADATA_TEXT).unwrap_or_else(|e| panic!("{e}"));
        let mut checked = 0;
        for a in &t.actions {
            if a.inputs.is_empty() {
                continue;
            }
            let Some((version, declared)) = meta.get(&a.uses.to_ascii_lowercase()) else {
                panic!(
                    "{}: the table reads inputs but no action.yml facts are recorded",
                    a.uses
                );
            };
            assert_eq!(version.len(), 40, "{}: version must be a commit", a.uses);
            for input in a.inputs.values() {
                // `off-when: input=value` names the input before the `=`.
                let input = &input.split('=').next().unwrap_or(input).to_string();
                assert!(
                    declared.contains(input),
                    "{}: input `{input}` is not declared by its action.yml ({version})",
                    a.uses
                );
                checked += 1;
            }
        }
        assert!(checked >= 12, "only {checked} inputs checked");
    }

    #[test]
    fn test_runners_behind_workspace_flags_run_tests() {
        let t = builtin();
        let runs_tests = |line: &str| {
            t.matching_commands(line)
                .iter()
                .any(|&i| t.commands[i].effect == "test")
        };
        for yes in [
            "pnpm --filter api test",
            "pnpm -r --filter ./packages/web test:unit",
            "npm --workspace server run test",
            "yarn workspace @acme/ui test",
            "npx turbo run test",
            "npm test",
        ] {
            assert!(runs_tests(yes), "{yes}");
        }
        for no in [
            "pnpm install --filter api",
            "npm install test-utils",
            "pnpm --filter api build",
        ] {
            assert!(!runs_tests(no), "{no}");
        }
    }

    #[test]
    fn unknown_names_hint_at_families() {
        let t = builtin();
        assert!(t
            .hinted_families("./scripts/notify-slack.sh")
            .contains(&"notify"));
        assert!(t
            .hinted_families("scripts/publish_crate.py")
            .contains(&"publish"));
        assert!(!t.hinted_families("./scripts/setup.sh").contains(&"issue"));
    }

    #[test]
    fn hint_index_agrees_with_reading_every_family() {
        let t = builtin();
        let reference = |name: &str| -> Vec<&str> {
            let words: Vec<String> = name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
            t.opaque_hints
                .iter()
                .filter(|(_, hints)| hints.iter().any(|h| words.iter().any(|w| w == h)))
                .map(|(f, _)| f.as_str())
                .collect()
        };
        for name in [
            "scripts/Deploy_PROD.sh",
            "Notify Slack on failure",
            "./tools/release-and-tag.py",
            "Bump version, update changelog and open PR",
            "docker/build-push-action",
            "nothing here",
            "",
            "Ünïcode Déploy",
        ] {
            assert_eq!(t.hinted_families(name), reference(name), "{name}");
        }
    }

    #[test]
    fn version_phrases_found_as_lower_cased_contains_finds_them() {
        let reference = |t: &Table, text: &str| {
            let lower = text.to_ascii_lowercase();
            t.version_phrases.iter().any(|p| lower.contains(p.as_str()))
        };
        let mut upper = builtin().clone();
        upper.version_phrases.push("Release Number".into());
        upper.version_phrase_search = version_phrase_search(&upper.version_phrases);
        let mut unsearched = builtin().clone();
        unsearched.version_phrase_search = None;
        for text in [
            "Compute NEXT version ",
            "Build next",
            " semver",
            "Print tool version",
            "Calculate next version next",
            "release number x",
            "RELEASE NUMBER",
            "Déterminer la version bump ",
            "ſemver",
            " ",
        ] {
            for t in [builtin(), &upper, &unsearched] {
                assert_eq!(t.names_version_phrase(text), reference(t, text), "{text}");
            }
        }
        assert!(builtin().names_version_phrase("Calculate Next Version "));
        assert!(!upper.names_version_phrase("Release Number"));
    }

    #[test]
    fn commands_match_their_family() {
        let t = builtin();
        let fam = |line: &str| -> Vec<&str> {
            t.commands
                .iter()
                .filter(|c| {
                    c.pattern.is_match(line) && c.unless.as_ref().is_none_or(|u| !u.is_match(line))
                })
                .map(|c| c.effect.as_str())
                .collect()
        };
        assert_eq!(fam("cargo publish -p core"), ["publish"]);
        assert_eq!(fam("npx semantic-release --dry-run"), Vec::<&str>::new());
        assert!(fam("python -m pytest tests/").contains(&"test"));
        assert!(fam("gh issue create --title x").contains(&"issue"));
        assert!(fam("echo testing things").is_empty());
        // A version bump with cargo-release publishes nothing.
        assert!(fam("cargo release 1.2.0 --workspace --no-publish --execute").is_empty());
        assert!(fam("cargo release version minor --execute").is_empty());
        assert_eq!(fam("cargo release --execute"), ["publish"]);
    }
}
