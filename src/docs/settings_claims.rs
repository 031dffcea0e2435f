//! Settings claims: the secrets and configuration variables a doc tells maintainers to set up
//! for the workflows, read from checklists ("add the following secrets:", a "Required
//! Secrets" heading, a table with a Secret / Required Vars column) whose items or cells name a
//! backticked or bold UPPER_SNAKE name, from single lines ("Ensure the `X` secret is set"), and
//! the lists that say no secret is needed ("Public configuration (no secrets needed)").
//!
//! Secrets of a deployed application (a Kubernetes Secret, an `.env` file, a secrets
//! manager, a hosting platform's own secrets) are not workflow settings and are left out.
//! Nothing here knows about workflows.

use crate::docs::line_regex::LineRegex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::constant_regex;
use crate::source::SourceFile;

/// Where a setting lives in the repository's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    /// `secrets.NAME`.
    Secret,
    /// A configuration variable, `vars.NAME`.
    Variable,
    /// The doc does not tell ("Secrets and variables").
    Either,
}

/// One setting the doc says to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingItem {
    pub line: u32,
    pub name: String,
    pub kind: SettingKind,
    /// Marked optional ("(optional)", "If not set, a default is used", an "Optional" heading).
    pub optional: bool,
    /// The line as written, trimmed.
    pub text: String,
    /// Read from a checklist, table or `gh secret set` (a strong claim), not one sentence.
    pub listed: bool,
}

/// An item of a list that says no secret is needed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSecretItem {
    pub line: u32,
    /// The item's label ("Staging Bot Token"), lowercase words.
    pub words: Vec<String>,
    /// UPPER_SNAKE names written on the item.
    pub names: Vec<String>,
    pub text: String,
}

/// A list of secrets stated as what the workflows need ("Required secrets:").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredList {
    /// Line of the lead-in (or heading) that states it.
    pub line: u32,
    pub text: String,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsDoc {
    pub items: Vec<SettingItem>,
    pub no_secret: Vec<NoSecretItem>,
    pub required: Vec<RequiredList>,
}

macro_rules! re {
    ($p:expr $(,)?) => {
        LazyLock::new(|| constant_regex($p))
    };
}

/// [`re!`] for a regex searched in lines and sentences only: no literal prefilter.
macro_rules! line_re {
    ($p:expr $(,)?) => {
        LazyLock::new(|| LineRegex::new($p))
    };
}

/// A doc about GitHub Actions at all: settings named elsewhere are not workflow settings.
static ABOUT_ACTIONS: LazyLock<LineRegex> = line_re!(
    r"(?i)\bgithub\s+actions\b|\bworkflows?\b|\.github/|\bsecrets\s+and\s+variables\b|\bgh\s+(secret|variable)\s+set\b"
);
/// The settings page path names both words; it says nothing about which one is meant.
static UI_PATH: LazyLock<Regex> = re!(r"(?i)\bsecrets\s+(and|&)\s+variables\b");
static SECRET_WORD: LazyLock<LineRegex> = line_re!(r"(?i)\bsecrets?\b");
/// Configuration variables of the repository (not environment variables of a process).
static VARIABLE_WORD: LazyLock<LineRegex> = line_re!(
    r"(?i)\b(repository|repo|actions|configuration|github|organi[sz]ation|required|extra)\s+(vars|variables?)\b|^\W*vars\W*$|\bvars\.|\bvars\b"
);
static ENV_VARIABLE: LazyLock<LineRegex> =
    line_re!(r"(?i)\benv(ironment)?\s+var(iable)?s?\b|\benv\s+vars?\b");
/// "No secrets needed", "not secret", "public configuration": values that need no secret.
static NO_SECRET: LazyLock<LineRegex> = line_re!(
    r"(?i)\bno\s+secrets?\s+(are\s+)?(needed|required|necessary)\b|\bnot\s+(a\s+)?secrets?\b|\bpublic\s+config(uration)?s?\b|\b(don't|do\s+not|doesn't|does\s+not)\s+need\s+(any\s+|a\s+)?secrets?\b"
);
/// The list is what the workflows need: required, needed, "add these".
static REQUIRED: LazyLock<LineRegex> = line_re!(
    r"(?i)\brequired\b|\bneed(s|ed)?\b|\badd\s+(these|the\s+following)\b|\bthe\s+following\s+secrets\b|\bconfigure\s+these\b"
);
/// Also a setup offered instead of the one in use ("Alternative: using an API token", "if you
/// prefer a token instead of trusted publishing", "Option 2: API token"): its settings are the
/// reader's option.
static OPTIONAL: LazyLock<LineRegex> = line_re!(
    r"(?i)\boptional(ly)?\b|\bif\s+not\s+set\b|\bnot\s+required\b|\balternatives?\b|\balternatively\b|\bfallback\b|\bif\s+you\s+(prefer|would\s+rather)\b|\boption\s+\d\b"
);
/// Secrets of a deployed application, examples and naming conventions: not of the workflows.
static NOT_WORKFLOW: LazyLock<LineRegex> = line_re!(
    r"(?i)\b(kubernetes|k8s|kubectl|configmaps?|helm\s+values|values\.ya?ml|secretKeyRef|docker-compose|compose\s+file|env\s+files?|vault|secrets?\s+manager|parameter\s+store|key\s*vault|manifests?|pods?|dependabot|codespaces?|naming|conventions?|examples?|local(ly)?|\.env)\b|\.env\b"
);
/// A hosting platform: its own settings ("set in Vercel", "Netlify environment variables")
/// are not the workflows', but a token for it may be a workflow secret.
static PLATFORM: LazyLock<LineRegex> =
    line_re!(r"(?i)\b(wrangler|vercel|netlify|heroku|fly\.io|flyctl|railway|supabase)\b");
/// A platform's credential named as what the value is ("Vercel token", "Netlify auth token",
/// "Vercel org ID"), a link or a command showing where to get it: not where it is set.
static PLATFORM_CREDENTIAL: LazyLock<LineRegex> = line_re!(
    r"(?i)\b(?:wrangler|vercel|netlify|heroku|fly\.io|flyctl|railway|supabase)\s+(?:(?:api|access|auth(?:entication)?|deploy(?:ment)?|personal|account)\s+)?(?:tokens?|keys?|(?:org(?:ani[sz]ation)?|project|team|account|site)\s+id)\b|\]\([^)]*\)|https?://\S+|`[^`]*`"
);
/// The section says the names are the repository's Actions secrets.
static GITHUB_SECRETS: LazyLock<LineRegex> = line_re!(
    r"(?i)\bgithub\s+(?:repository\s+|repo\s+|actions\s+)?secrets\b|\brepository\s+secrets\b|\bactions\s+secrets\b|\bsecrets\s+and\s+variables\W+actions\b"
);

/// Is a setting named here not the workflows' ([`NOT_WORKFLOW`], or a platform's own)?
/// `around[0]` is the item's own text, the rest its lead-ins and headings.
fn not_workflow(around: &[&str]) -> bool {
    if around.iter().any(|t| NOT_WORKFLOW.is_match(t)) {
        return true;
    }
    if !around.iter().any(|t| PLATFORM.is_match(t))
        || around.iter().any(|t| GITHUB_SECRETS.is_match(t))
    {
        return false;
    }
    around.iter().enumerate().any(|(i, t)| {
        if i > 0 {
            return PLATFORM.is_match(t);
        }
        PLATFORM.is_match(t) && PLATFORM.is_match(&without_credentials(t))
    })
}

/// `text` with every [`PLATFORM_CREDENTIAL`] blanked out.
fn without_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in PLATFORM_CREDENTIAL.find_iter(text) {
        out.push_str(&text[at..m.start()]);
        out.push(' ');
        at = m.end();
    }
    out.push_str(&text[at..]);
    out
}
/// A leading run of names: `` `A` ``, `**A**`, `` **`A`** ``, `` `A_*_URL` ``, joined by commas,
/// "and", "/".
static LEADING_NAMES: LazyLock<LineRegex> = line_re!(
    r"^(?:(?:\(optional\)|optional:?)\s*)?((?:(?:`[A-Z0-9_]*(?:\*[A-Z0-9_]*)+`|[`*]{1,3}[A-Z][A-Z0-9_]*[`*]{1,3})\s*(?:,|/|\band\b|\bor\b|&)?\s*)+)"
);
/// A marked name; a backticked name with `*` in it (`` `CLOUD_*_URL` ``) is a pattern that
/// stands for every name it matches (group 1), else the name is group 2.
static MARKED_NAME: LazyLock<Regex> =
    re!(r"`([A-Z0-9_]*(?:\*[A-Z0-9_]*)+)`|[`*]{1,3}([A-Z][A-Z0-9_]*)[`*]{1,3}");
static ANY_NAME: LazyLock<LineRegex> = line_re!(r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b");
/// "the `X` secret", "secret `X`", "`X` as a repository secret": one sentence naming one.
static INLINE_SECRET: LazyLock<LineRegex> = line_re!(
    r"(?i)`([A-Z][A-Z0-9_]*)`\s+(as\s+an?\s+)?((repository|repo|github|actions|organi[sz]ation|environment)\s+)?secret\b|\bsecrets?\s+(named\s+|called\s+)?`([A-Z][A-Z0-9_]*)`"
);
/// The sentence asks for it or says the workflows need it.
static INLINE_ASK: LazyLock<LineRegex> = line_re!(
    r"(?i)\b(set|add|added|configure[sd]?|create[sd]?|ensure|requires?|required|needs?|needed|must|store[sd]?|provide[sd]?)\b"
);
/// "To publish to npm, add X", "if you want ...": a setup for later, not what runs today. A
/// purpose in mid-sentence ("tag `v1.2.3` to publish (needs the `X` secret)") is what runs: only
/// "to publish"/"to enable" opening a sentence or a labelled item sets a condition.
static CONDITIONAL: LazyLock<LineRegex> = line_re!(
    r"(?i)\b(if|unless|when|later|future|want)\b|^\W*(?:[\w\s/&-]{1,40}\W*:\W*)?to\s+(publish|enable)\b|[.;]\s+to\s+(publish|enable)\b"
);
/// Names written plainly or in backticks, alone or as a list, right before "secret(s)" ("the
/// DOCKER_USER and DOCKER_PASS secrets", "`A`, `B` secrets") or right after it ("secrets
/// DEPLOY_KEY and DEPLOY_HOST"). Names need an underscore (`AWS secret` names no setting).
static LISTED_SECRETS: LazyLock<LineRegex> = line_re!(
    r"`?\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`?(?:\s*(?:,|/|&|\band\b|\bor\b)\s*`?\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`?)*\s+(?:(?i:repository|repo|github|actions|organi[sz]ation|environment)\s+)?(?i:secrets?)\b|(?i:\bsecrets?)\s+(?:(?i:named|called)\s+)?`?\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`?(?:\s*(?:,|/|&|\band\b|\bor\b)\s*`?\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`?)*"
);
/// An assignment line of an env-style block (`NPM_TOKEN=   # publishing token`).
static ENV_LINE: LazyLock<LineRegex> = line_re!(r"^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*=");
static GH_SET: LazyLock<LineRegex> =
    line_re!(r"\bgh\s+(secret|variable)\s+set\s+([A-Z][A-Z0-9_]*)\b");
static BOLD_LABEL: LazyLock<LineRegex> = line_re!(r"^\*\*([^*]+)\*\*");
/// A list item that asks for the names right after its verb ("Add `X`", "Create secret `X`"):
/// a setting only under a lead that says the kind ("Add to GitHub secrets:").
static ASK_VERB: LazyLock<LineRegex> = line_re!(
    r"(?i)^(?:add|create|store)\s+(?:(?:a|an|the|new)\s+)?(?:(?:repository|repo|github|actions)\s+)?(?:secrets?\s+|variables?\s+)?"
);
/// The name field of a click path ("Name: `X`"), a setting when a step just before it opens
/// the new-secret form.
static NAME_FIELD: LazyLock<LineRegex> =
    line_re!(r"(?i)^(?:\*\*)?name(?:\*\*)?\s*:\s*(?:\*\*)?\s*");
/// The step that opens the form: "New repository secret", "New variable".
static NEW_SETTING: LazyLock<LineRegex> = line_re!(
    r"(?i)\bnew\s+(?:repository\s+|repo\s+|environment\s+|organi[sz]ation\s+)?(secret|variable)\b"
);
/// "repository secrets for `X`", "GitHub Secrets (`X`, `Y`)", "Actions secrets: `X`": where the
/// named values are stored; the names follow.
static STORED_IN: LazyLock<LineRegex> =
    line_re!(r"(?i)\b(?:github|repository|repo|actions)\s+secrets\s*(?:for\s+|\(\s*|:\s*)");
/// One name of the list after [`STORED_IN`], with the words that qualify it up to the next
/// separator ("`X` if required by branch protection").
static STORED_NAME: LazyLock<Regex> = re!(r"^\s*`([A-Z][A-Z0-9_]*)`([^,;`]*?)(?:,|;|\band\b|$)");
/// A purpose in brackets right after a name ("(when publishing)"): what the value is for.
static PURPOSE: LazyLock<Regex> = re!(r"(?i)\(\s*(?:when|for)\s+\w+ing\s*\)");

/// Info words of a fenced block whose `NAME=` lines can be a checklist of settings (not a
/// shell script: `export X=` in a `bash` block sets a variable for a local run).
const ENV_BLOCK: &[&str] = &["", "env", "dotenv", "ini", "properties", "text", "txt"];

/// Names a maintainer never creates: GitHub provides them or reserves the prefix, or the
/// doc writes a stand-in for the reader's own name (`gh secret set SECRET_NAME`).
fn reserved(name: &str) -> bool {
    placeholder(name)
        || name.len() < 4
        || name.starts_with("GITHUB_")
        || matches!(
            name,
            "ACTIONS_STEP_DEBUG"
                | "ACTIONS_RUNNER_DEBUG"
                | "NONE"
                | "TRUE"
                | "FALSE"
                | "NULL"
                | "TODO"
                | "NOTE"
                | "YES"
        )
}

/// A stand-in name in a how-to command or snippet: the reader puts their own name there, so
/// it asks for no setting (`SECRET_NAME`, `YOUR_TOKEN`, `MY_KEY`, `TOKEN_HERE`, `EXAMPLE_KEY`).
fn placeholder(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split('_').filter(|w| !w.is_empty()).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    const STAND_IN: &[&str] = &["EXAMPLE", "SAMPLE", "PLACEHOLDER", "DUMMY", "FAKE"];
    // "Secret name", "variable name": what the value is called, not a name.
    const WHAT: &[&str] = &[
        "SECRET", "SECRETS", "VARIABLE", "VAR", "KEY", "TOKEN", "SETTING",
    ];
    matches!(*first, "YOUR" | "MY" | "SOME")
        || matches!(*last, "HERE")
        || STAND_IN.contains(first)
        || STAND_IN.contains(last)
        || upper.starts_with("EXAMPLE")
        || words.contains(&"XXX")
        || (words.len() == 2 && WHAT.contains(first) && *last == "NAME")
}

/// The kind a lead-in or heading text means, None when it is about neither.
fn kind_of(text: &str) -> Option<SettingKind> {
    let t = UI_PATH.replace_all(text, " ");
    let secret = SECRET_WORD.is_match(&t);
    let var = VARIABLE_WORD.is_match(&t) && !ENV_VARIABLE.is_match(&t);
    match (secret, var) {
        (true, true) => Some(SettingKind::Either),
        (true, false) => Some(SettingKind::Secret),
        (false, true) => Some(SettingKind::Variable),
        (false, false) => None,
    }
}

#[derive(Debug, Clone)]
struct Lead {
    line: u32,
    text: String,
    kind: Option<SettingKind>,
    none_needed: bool,
}

impl Lead {
    fn from(line: u32, text: &str) -> Option<Lead> {
        let none_needed = NO_SECRET.is_match(text);
        let kind = kind_of(text);
        (none_needed || kind.is_some()).then(|| Lead {
            line,
            text: text.trim().to_string(),
            kind,
            none_needed,
        })
    }
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    ((1..=6).contains(&level) && line[level..].starts_with(' '))
        .then(|| (level, line[level..].trim()))
}

/// Indent and text of a list item.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?
    };
    rest.starts_with(' ').then(|| {
        let r = rest.trim_start();
        let r = r
            .strip_prefix("[ ]")
            .or_else(|| r.strip_prefix("[x]"))
            .map_or(r, str::trim_start);
        (indent, r.trim_start_matches(['✅', '☐', '✓', ' ']))
    })
}

fn cells(row: &str) -> Vec<&str> {
    let t = row.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(str::trim).collect()
}

/// The names (or name patterns) marked in a text.
fn marked_names(text: &str) -> impl Iterator<Item = String> + '_ {
    MARKED_NAME.captures_iter(text).filter_map(|m| {
        if let Some(p) = m.get(1) {
            // A pattern needs a letter of its own: `*` alone names nothing.
            let p = p.as_str();
            return p
                .chars()
                .any(|c| c.is_ascii_uppercase())
                .then(|| p.to_string());
        }
        let n = m.get(2)?.as_str();
        (m[0].starts_with('`') || n.contains('_')).then(|| n.to_string())
    })
}

fn leading_names(item: &str) -> Vec<String> {
    let Some(c) = LEADING_NAMES.captures(item) else {
        return Vec::new();
    };
    marked_names(&c[1]).filter(|n| !reserved(n)).collect()
}

/// Whether a setting name written with `*` (`CLOUD_*_URL`, `MIRROR_*`) covers `name`. A `*`
/// between two underscores may also stand for nothing (`CLOUD_*_URL` covers `CLOUD_URL`).
/// Names without `*` cover only themselves. Case-insensitive, like GitHub's names.
pub fn pattern_covers(pattern: &str, name: &str) -> bool {
    /// Wildcard match, linear backtracking to the last `*` (no recursion).
    fn glob(p: &[u8], n: &[u8]) -> bool {
        let (mut pi, mut ni) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while ni < n.len() {
            match p.get(pi) {
                Some(b'*') => {
                    star = Some((pi, ni));
                    pi += 1;
                }
                Some(c) if c.eq_ignore_ascii_case(&n[ni]) => {
                    pi += 1;
                    ni += 1;
                }
                _ => match star {
                    Some((sp, sn)) => {
                        pi = sp + 1;
                        ni = sn + 1;
                        star = Some((sp, sn + 1));
                    }
                    None => return false,
                },
            }
        }
        p[pi.min(p.len())..].iter().all(|c| *c == b'*')
    }
    if !pattern.contains('*') {
        return pattern.eq_ignore_ascii_case(name);
    }
    glob(pattern.as_bytes(), name.as_bytes())
        || (pattern.contains("_*_")
            && glob(pattern.replace("_*_", "_").as_bytes(), name.as_bytes()))
}

/// Whether a setting name is a pattern (`CLOUD_*_URL`).
pub fn is_pattern(name: &str) -> bool {
    name.contains('*')
}

fn label_words(item: &str) -> Vec<String> {
    let label = BOLD_LABEL
        .captures(item)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| item.split([':', '—', '–']).next().unwrap_or("").to_string());
    label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(str::to_ascii_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "for" | "and" | "with" | "your"))
        .collect()
}

struct Reader {
    out: SettingsDoc,
    required: BTreeMap<u32, RequiredList>,
}

impl Reader {
    /// Record the names of one item or cell under `lead` (the innermost lead that applies) and
    /// `outer` (every text around it, for the filters).
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        line: u32,
        raw: &str,
        names: Vec<String>,
        item: &str,
        lead: &Lead,
        kind: Option<SettingKind>,
        around: &[&str],
    ) {
        if not_workflow(around) {
            return;
        }
        if lead.none_needed {
            let words = label_words(item);
            if !names.is_empty() || words.len() >= 2 {
                self.out.no_secret.push(NoSecretItem {
                    line,
                    words,
                    names,
                    text: raw.trim().to_string(),
                });
            }
            return;
        }
        let Some(kind) = kind.or(lead.kind) else {
            return;
        };
        let optional = around.iter().any(|t| OPTIONAL.is_match(t));
        for name in names {
            if kind == SettingKind::Secret && !optional && REQUIRED.is_match(&lead.text) {
                let list = self
                    .required
                    .entry(lead.line)
                    .or_insert_with(|| RequiredList {
                        line: lead.line,
                        text: lead.text.clone(),
                        names: Vec::new(),
                    });
                list.names.push(name.clone());
            }
            self.out.items.push(SettingItem {
                line,
                name,
                kind,
                optional,
                text: raw.trim().to_string(),
                listed: true,
            });
        }
    }
}

/// Read the settings a doc asks for.
pub fn read(file: &SourceFile) -> SettingsDoc {
    let text = &file.text;
    if !ABOUT_ACTIONS.is_match(text) || !(SECRET_WORD.is_match(text) || text.contains("vars")) {
        return SettingsDoc::default();
    }
    let mut r = Reader {
        out: SettingsDoc::default(),
        required: BTreeMap::new(),
    };
    let mut headings: Vec<(usize, Option<Lead>, String)> = Vec::new();
    // A paragraph lead-in ("add the following secrets:") and the list items it governs.
    let mut para: Option<Lead> = None;
    // A list item that is itself a lead-in, with its indent.
    let mut item_lead: Option<(usize, Lead)> = None;
    // Table header kinds per column, while inside a table.
    let mut table: Option<Vec<Option<SettingKind>>> = None;
    let mut fence: Option<&str> = None;
    // The info word of the open fence (`env`, `bash`, empty).
    let mut fence_info = String::new();
    // The open fence follows a heading or a settings lead-in (not a paragraph of its own,
    // "For a local run:"), and the last non-blank line was a heading.
    let mut fence_led = false;
    let mut last_heading = false;
    // Indent of the last list item that named a setting.
    let mut named_item: Option<usize> = None;
    let lines: Vec<&str> = text.lines().collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = i as u32 + 1;
        let t = raw.trim();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
                last_heading = false;
            } else if let Some(c) = ENV_LINE
                .captures(t)
                .filter(|_| fence_led && ENV_BLOCK.contains(&fence_info.as_str()))
            {
                // `NAME=` lines of an env-style block under a lead or heading asking for
                // required secrets: the block is the checklist.
                let lead = para
                    .clone()
                    .or_else(|| headings.iter().rev().find_map(|(_, l, _)| l.clone()));
                let Some(lead) = lead
                    .filter(|l| l.kind == Some(SettingKind::Secret) && REQUIRED.is_match(&l.text))
                else {
                    continue;
                };
                let name = c[1].to_string();
                if reserved(&name) {
                    continue;
                }
                let mut around: Vec<&str> = vec![t, lead.text.as_str()];
                around.extend(headings.iter().map(|h| h.2.as_str()));
                r.record(
                    line,
                    t,
                    vec![name],
                    t,
                    &lead,
                    Some(SettingKind::Secret),
                    &around,
                );
            } else if let Some(c) = GH_SET.captures(t) {
                let name = c[2].to_string();
                let around: Vec<&str> = std::iter::once(t)
                    .chain(headings.iter().map(|h| h.2.as_str()))
                    .collect();
                if !reserved(&name) && !not_workflow(&around) {
                    r.out.items.push(SettingItem {
                        line,
                        name,
                        kind: if &c[1] == "secret" {
                            SettingKind::Secret
                        } else {
                            SettingKind::Variable
                        },
                        optional: around.iter().any(|x| OPTIONAL.is_match(x)),
                        text: t.to_string(),
                        listed: true,
                    });
                }
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            fence_info = t[3..]
                .trim_start_matches(['`', '~'])
                .trim()
                .to_ascii_lowercase();
            fence_led = last_heading || para.is_some();
            table = None;
            continue;
        }
        if let Some((level, h)) = heading(t) {
            headings.retain(|(l, _, _)| *l < level);
            headings.push((level, Lead::from(line, h), h.to_string()));
            para = None;
            item_lead = None;
            named_item = None;
            table = None;
            last_heading = true;
            continue;
        }
        if t.is_empty() {
            table = None;
            continue;
        }
        last_heading = false;
        let heading_lead = headings.iter().rev().find_map(|(_, l, _)| l.clone());
        let heading_texts: Vec<&str> = headings.iter().map(|h| h.2.as_str()).collect();
        if t.starts_with('|') {
            let next_is_sep = lines
                .get(i + 1)
                .is_some_and(|n| n.trim().starts_with('|') && n.contains("---"));
            if next_is_sep {
                let lead = para.clone().or(heading_lead.clone());
                // Under "Environment Variables" (the heading or the line before the table),
                // a "Variable" column names what a process reads from its environment, not
                // the repository's configuration variables.
                let process_env = headings
                    .last()
                    .map(|h| h.2.as_str())
                    .into_iter()
                    .chain(previous_text_line(&lines, i))
                    .any(|t| ENV_VARIABLE.is_match(t) && !VARIABLE_WORD.is_match(t));
                table = Some(
                    cells(t)
                        .iter()
                        .map(|h| {
                            let plain = h.replace(['*', '`'], "");
                            let lower = plain.trim().to_ascii_lowercase();
                            if ENV_VARIABLE.is_match(&plain) {
                                None
                            } else if SECRET_WORD.is_match(&plain) {
                                Some(SettingKind::Secret)
                            } else if process_env {
                                None
                            } else if lower == "variable"
                                || lower == "variables"
                                || lower.ends_with(" vars")
                                || lower == "vars"
                                || lower.ends_with(" variables")
                            {
                                Some(SettingKind::Variable)
                            } else if matches!(lower.as_str(), "name" | "key" | "setting") {
                                lead.as_ref().and_then(|l| l.kind)
                            } else {
                                None
                            }
                        })
                        .collect(),
                );
                continue;
            }
            if t.contains("---") && !t.chars().any(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let Some(cols) = table.clone() else {
                continue;
            };
            let lead = para.clone().or(heading_lead.clone()).unwrap_or(Lead {
                line,
                text: String::new(),
                kind: None,
                none_needed: false,
            });
            if lead.none_needed {
                continue;
            }
            let row = cells(t);
            for (col, kind) in cols.iter().enumerate() {
                let (Some(kind), Some(cell)) = (kind, row.get(col)) else {
                    continue;
                };
                let names: Vec<String> = MARKED_NAME
                    .captures_iter(cell)
                    .filter_map(|c| c.get(1).or_else(|| c.get(2)))
                    .map(|n| n.as_str().to_string())
                    .filter(|n| !reserved(n) && n.chars().any(|c| c.is_ascii_uppercase()))
                    .collect();
                if names.is_empty() {
                    continue;
                }
                let mut around = vec![t, lead.text.as_str()];
                around.extend(heading_texts.iter().copied());
                // A table is a lead of its own when its header says the kind.
                let lead = if lead.kind.is_some() {
                    lead.clone()
                } else {
                    Lead {
                        line,
                        text: String::new(),
                        kind: Some(*kind),
                        none_needed: false,
                    }
                };
                r.record(line, t, names, cell, &lead, Some(*kind), &around);
            }
            continue;
        }
        table = None;
        if let Some((indent, item)) = list_item(raw) {
            if item_lead.as_ref().is_some_and(|(d, _)| indent <= *d) {
                item_lead = None;
            }
            // Details under a named item ("- Get it from: ...") are not items of the list.
            match named_item {
                Some(d) if indent > d => continue,
                _ => named_item = None,
            }
            let lead = item_lead
                .as_ref()
                .map(|(_, l)| l.clone())
                .or(para.clone())
                .or(heading_lead.clone());
            let mut names = leading_names(item);
            if names.is_empty()
                && lead
                    .as_ref()
                    .is_some_and(|l| l.kind.is_some() && !l.none_needed)
            {
                if let Some(m) = ASK_VERB.find(item) {
                    names = leading_names(&item[m.end()..]);
                }
            }
            if names.is_empty() {
                if let Some(kind) = click_path_setting(&lines, i, item) {
                    let names = NAME_FIELD
                        .find(item)
                        .map(|m| leading_names(&item[m.end()..]))
                        .unwrap_or_default();
                    let around: Vec<&str> = std::iter::once(item)
                        .chain(heading_texts.iter().copied())
                        .collect();
                    if !not_workflow(&around) {
                        for name in names {
                            r.out.items.push(SettingItem {
                                line,
                                name,
                                kind,
                                optional: around.iter().any(|x| OPTIONAL.is_match(x)),
                                text: t.to_string(),
                                listed: true,
                            });
                        }
                    }
                    continue;
                }
            }
            if names.is_empty() && item.trim_end().ends_with(':') {
                if let Some(l) = Lead::from(line, item) {
                    item_lead = Some((indent, l));
                    continue;
                }
            }
            let Some(lead) = lead else {
                inline(&mut r.out, line, t, &heading_texts);
                continue;
            };
            if names.is_empty() && !lead.none_needed {
                inline(&mut r.out, line, t, &heading_texts);
                continue;
            }
            let mut around = vec![item, lead.text.as_str()];
            if let Some((_, l)) = &item_lead {
                around.push(l.text.as_str());
            }
            if let Some(p) = &para {
                around.push(p.text.as_str());
            }
            around.extend(heading_texts.iter().copied());
            if !names.is_empty() {
                named_item = Some(indent);
            }
            r.record(line, t, names, item, &lead, None, &around);
            continue;
        }
        // A paragraph line: a lead-in, a standalone bold name, or a sentence.
        item_lead = None;
        named_item = None;
        let lead = para.clone().or(heading_lead.clone());
        let names = leading_names(t);
        if !names.is_empty() && MARKED_NAME.replace_all(t, "").trim().is_empty() {
            if let Some(lead) = lead {
                let mut around = vec![t, lead.text.as_str()];
                around.extend(heading_texts.iter().copied());
                r.record(line, t, names, t, &lead, None, &around);
            }
            continue;
        }
        let is_lead =
            t.ends_with(':') || (t.len() < 60 && !t.ends_with(['.', '!', '?']) && !t.contains('`'));
        if is_lead {
            if let Some(l) = Lead::from(line, t) {
                para = Some(l);
                continue;
            }
            if t.ends_with(':') {
                // "These are public and configured in the codebase:" keeps the heading's lead.
                para = None;
                continue;
            }
        }
        para = None;
        inline(&mut r.out, line, t, &heading_texts);
    }
    r.out.required = r.required.into_values().collect();
    r.out
}

/// The nearest non-blank line above line index `i`, unless it is a heading.
fn previous_text_line<'t>(lines: &[&'t str], i: usize) -> Option<&'t str> {
    let t = lines[..i]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())?;
    (!t.starts_with('#')).then_some(t)
}

/// The kind of setting whose form a "Name: `X`" item at line index `i` fills: one of the
/// three list items above it opens a new secret or variable ("Click \"New repository secret\"").
fn click_path_setting(lines: &[&str], i: usize, item: &str) -> Option<SettingKind> {
    if !NAME_FIELD.is_match(item) {
        return None;
    }
    lines[i.saturating_sub(3)..i]
        .iter()
        .rev()
        .take_while(|l| list_item(l).is_some())
        .find_map(|l| NEW_SETTING.captures(l))
        .map(|c| {
            if c[1].eq_ignore_ascii_case("secret") {
                SettingKind::Secret
            } else {
                SettingKind::Variable
            }
        })
}

/// Names a sentence says are kept as the repository's secrets ("use repository secrets for
/// `X`", "GitHub Secrets (`X`, `Y` if required)"). A condition before the phrase drops them
/// all; one after a name ("if required", "when you want …") drops that name only, a purpose
/// in brackets ("(when publishing)") does not.
fn stored_names(t: &str) -> Vec<&str> {
    let Some(m) = STORED_IN.find(t) else {
        return Vec::new();
    };
    if CONDITIONAL.is_match(&t[..m.start()]) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = &t[m.end()..];
    while let Some(c) = STORED_NAME.captures(rest) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
            break;
        };
        let tail = PURPOSE.replace_all(c.get(2).map_or("", |g| g.as_str()), " ");
        if !CONDITIONAL.is_match(&tail) && !OPTIONAL.is_match(&tail) {
            out.push(name.as_str());
        }
        if all.end() == 0 {
            break;
        }
        rest = &rest[all.end()..];
    }
    out
}

/// One sentence naming one secret it asks for ("Ensure the `X` secret is set").
fn inline(out: &mut SettingsDoc, line: u32, t: &str, headings: &[&str]) {
    // Names come from two regexes that both need "secret": without it nothing is read.
    if !super::may_hold_ci(t, &["secret"]) {
        return;
    }
    let stored = stored_names(t);
    if !stored.is_empty() {
        let around: Vec<&str> = std::iter::once(t).chain(headings.iter().copied()).collect();
        if not_workflow(&around) {
            return;
        }
        for name in stored {
            if reserved(name) {
                continue;
            }
            out.items.push(SettingItem {
                line,
                name: name.to_string(),
                kind: SettingKind::Secret,
                optional: around.iter().any(|x| OPTIONAL.is_match(x)),
                text: t.to_string(),
                listed: false,
            });
        }
        return;
    }
    if !INLINE_ASK.is_match(t) || CONDITIONAL.is_match(t) {
        return;
    }
    let around: Vec<&str> = std::iter::once(t).chain(headings.iter().copied()).collect();
    if not_workflow(&around) {
        return;
    }
    let mut names: Vec<&str> = INLINE_SECRET
        .captures_iter(t)
        .filter_map(|c| c.get(1).or_else(|| c.get(6)))
        .map(|m| m.as_str())
        .collect();
    for m in LISTED_SECRETS.find_iter(t) {
        for n in names_in(m.as_str()) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    for name in names {
        if reserved(name) || !name.contains('_') {
            continue;
        }
        out.items.push(SettingItem {
            line,
            name: name.to_string(),
            kind: SettingKind::Secret,
            optional: OPTIONAL.is_match(t) || headings.iter().any(|h| OPTIONAL.is_match(h)),
            text: t.to_string(),
            listed: false,
        });
    }
}

/// UPPER_SNAKE names anywhere in a text (for "does the doc name it at all").
pub fn names_in(text: &str) -> impl Iterator<Item = &str> {
    ANY_NAME
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> SettingsDoc {
        read(&SourceFile::from_text(
            "docs/SETUP.md",
            &format!("CI runs in GitHub Actions.\n\n{md}"),
        ))
    }

    fn items(md: &str) -> Vec<(u32, String, SettingKind, bool)> {
        doc(md)
            .items
            .into_iter()
            .map(|i| (i.line - 2, i.name, i.kind, i.optional))
            .collect()
    }

    #[test]
    fn checklist_after_a_lead_in() {
        let got = items("Add the following repository secrets:\n\n- `BUILD_CACHE_URL` - where\n- `SIGNING_PASSPHRASE` (optional)\n- `ENABLE_PREVIEWS` — set to true\n");
        assert_eq!(
            got,
            vec![
                (3, "BUILD_CACHE_URL".into(), SettingKind::Secret, false),
                (4, "SIGNING_PASSPHRASE".into(), SettingKind::Secret, true),
                (5, "ENABLE_PREVIEWS".into(), SettingKind::Secret, false),
            ]
        );
    }

    #[test]
    fn a_variable_column_of_process_environment_is_no_repository_variable() {
        let md = "The workflow passes a secret on.\n\n### Environment variables\n\n| Variable | Use |\n|---|---|\n| `HOOK_URL` | hook |\n\n## Other\n\nThe script reads these environment variables:\n\n| Variable | Use |\n|---|---|\n| `ROOM_URL` | room |\n\n## Repository variables\n\n| Variable | Use |\n|---|---|\n| `ZONE_NAME` | zone |\n";
        assert_eq!(
            items(md),
            vec![(21, "ZONE_NAME".into(), SettingKind::Variable, false)]
        );
    }

    #[test]
    fn an_alternative_setup_is_the_readers_option() {
        let got = items("## Alternative: a stored token\n\n1. Add it as a repository secret named `UPLOAD_KEY`\n");
        assert_eq!(
            got,
            vec![(3, "UPLOAD_KEY".into(), SettingKind::Secret, true)]
        );
    }

    #[test]
    fn heading_and_table_columns() {
        let got = items("## Setup\n\n| Target | Required Secrets | Required Vars |\n|---|---|---|\n| cloud | `CLOUD_KEY` | `CLOUD_ZONE`, `CLOUD_APP` |\n");
        assert_eq!(
            got,
            vec![
                (5, "CLOUD_KEY".into(), SettingKind::Secret, false),
                (5, "CLOUD_ZONE".into(), SettingKind::Variable, false),
                (5, "CLOUD_APP".into(), SettingKind::Variable, false),
            ]
        );
        let got = items("## Repository secrets\n\n### Storage\n\n1. **BUCKET_WRITER** - writes\n");
        assert_eq!(
            got,
            vec![(5, "BUCKET_WRITER".into(), SettingKind::Secret, false)]
        );
    }

    #[test]
    fn required_list_and_no_secret_list() {
        let d = doc("## Required secrets\n\n- `DEPLOY_KEY`: deploys\n\n## Public values (no secrets needed)\n\n- **Preview Bot Token**: `abc`\n");
        assert_eq!(d.required.len(), 1);
        assert_eq!(d.required[0].names, vec!["DEPLOY_KEY".to_string()]);
        assert_eq!(d.no_secret.len(), 1);
        assert_eq!(d.no_secret[0].words, vec!["preview", "bot", "token"]);
    }

    #[test]
    fn app_secrets_env_vars_and_examples_are_not_settings() {
        assert!(items("## Kubernetes secrets\n\n- `DB_PASSWORD`\n").is_empty());
        assert!(items("## Environment variables\n\n- `LOG_LEVEL`\n").is_empty());
        assert!(items("Required secrets in your `.env`:\n\n- `SESSION_KEY`\n").is_empty());
        assert!(items("## Secrets\n\n- Keep `SESSION_KEY` safe\n").is_empty());
        // Names GitHub provides are never listed.
        assert!(items("Required secrets:\n\n- `GITHUB_TOKEN`\n").is_empty());
    }

    #[test]
    fn a_platforms_token_can_be_a_workflow_secret_but_its_own_settings_are_not() {
        // The item says what the value is: a token for the platform, kept as an Actions secret.
        let got = items("## Required secrets\n\n- `EDGE_HOST_TOKEN`: Netlify auth token\n- `EDGE_SITE`: Netlify site ID (see [Netlify tokens](tokens.md))\n");
        assert_eq!(got.len(), 2, "{got:?}");
        // A section about the repository's Actions secrets: platform words say what for.
        let got = items("## GitHub repository secrets\n\n### Netlify\n\n- `EDGE_HOST_TOKEN`\n");
        assert_eq!(got.len(), 1, "{got:?}");
        // Settings made on the platform itself stay out.
        assert!(
            items("## Required secrets\n\n- `DATABASE_URL`: set in the Netlify dashboard\n")
                .is_empty()
        );
        assert!(
            items("## Netlify environment\n\nRequired secrets:\n\n- `DATABASE_URL`\n").is_empty()
        );
        assert!(items("## Required secrets\n\n- `SITE_KEY`: Heroku config var\n").is_empty());
    }

    #[test]
    fn a_name_with_a_star_is_a_pattern() {
        let got = items("Required secrets:\n\n- `EDGE_*_API_URL` (several)\n- `VAULT_*`, `SIGN_KEY`\n- `*` - anything\n");
        assert_eq!(
            got,
            vec![
                (3, "EDGE_*_API_URL".into(), SettingKind::Secret, false),
                (4, "VAULT_*".into(), SettingKind::Secret, false),
                (4, "SIGN_KEY".into(), SettingKind::Secret, false),
            ]
        );
        assert!(pattern_covers("EDGE_*_API_URL", "EDGE_NORTH_API_URL"));
        assert!(pattern_covers("EDGE_*_API_URL", "edge_api_url"));
        assert!(!pattern_covers("EDGE_*_API_URL", "EDGE_NORTH_API_KEY"));
        assert!(pattern_covers("VAULT_*", "VAULT_ROLE"));
        assert!(!pattern_covers("VAULT_*", "VAULTED"));
        assert!(pattern_covers("*_TOKEN", "NPM_TOKEN"));
        assert!(pattern_covers("SIGN_KEY", "sign_key"));
        assert!(!pattern_covers("SIGN_KEY", "SIGN_KEYS"));
        // Bold names keep their stars as markers.
        let got = items("Required secrets:\n\n- **SIGN_KEY** - signs\n");
        assert_eq!(
            got,
            vec![(3, "SIGN_KEY".into(), SettingKind::Secret, false)]
        );
    }

    #[test]
    fn plain_names_before_or_after_the_secret_word() {
        let got = items("Both jobs require the MIRROR_LOGIN and MIRROR_PASS secrets be set.\n");
        assert_eq!(
            got,
            vec![
                (1, "MIRROR_LOGIN".into(), SettingKind::Secret, false),
                (1, "MIRROR_PASS".into(), SettingKind::Secret, false),
            ]
        );
        let got =
            items("- **Upload**: tag a version to publish it (needs `SHELF_UPLOAD_KEY` secret)\n");
        assert_eq!(
            got,
            vec![(1, "SHELF_UPLOAD_KEY".into(), SettingKind::Secret, false)]
        );
        // A purpose opening the sentence is a setup for later.
        assert!(items("To publish to the shelf, add the `SHELF_UPLOAD_KEY` secret.\n").is_empty());
        assert!(items("**Shelf**: to enable uploads, add the SHELF_KEY secret.\n").is_empty());
        // No underscore, no setting; a lowercase word is no name.
        assert!(items("You must set the AWS secret and the token secret.\n").is_empty());
    }

    #[test]
    fn env_block_under_a_required_secrets_heading() {
        let got = items("## Required secrets\n\n```env\nSHELF_TOKEN=   # uploads\nGITHUB_TOKEN=  # given\n```\n");
        assert_eq!(
            got,
            vec![(4, "SHELF_TOKEN".into(), SettingKind::Secret, false)]
        );
        // Not under a required-secrets lead, or a shell session: no checklist.
        assert!(items("## Configuration\n\n```env\nSHELF_TOKEN=x\n```\n").is_empty());
        assert!(items("## Required secrets\n\n```bash\nSHELF_TOKEN=x ./run.sh\n```\n").is_empty());
        assert!(
            items("## Required secrets\n\nFor a local run:\n\n```env\nSHELF_TOKEN=x\n```\n")
                .is_empty()
        );
    }

    #[test]
    fn inline_secret_and_gh_commands() {
        let got = items("- Ensure `TAP_PUSH_TOKEN` secret is set.\n\n```bash\ngh variable set REGION_NAME --body x\n```\n");
        assert_eq!(
            got,
            vec![
                (1, "TAP_PUSH_TOKEN".into(), SettingKind::Secret, false),
                (4, "REGION_NAME".into(), SettingKind::Variable, false),
            ]
        );
    }

    #[test]
    fn stand_in_names_ask_for_nothing() {
        let md = "## Troubleshooting GitHub Actions\n\n```bash\ngh secret set SECRET_NAME\ngh secret set YOUR_API_TOKEN\ngh variable set VARIABLE_NAME --body x\ngh secret set DEPLOY_TOKEN\n```\n\nAdd the following secrets:\n\n- `MY_TOKEN`\n- `TOKEN_HERE`\n- `EXAMPLE_KEY`\n- `UPLOAD_KEY`\n";
        let got: Vec<String> = items(md).into_iter().map(|i| i.1).collect();
        assert_eq!(
            got,
            vec!["DEPLOY_TOKEN".to_string(), "UPLOAD_KEY".to_string()]
        );
    }

    #[test]
    fn asked_after_a_verb_in_a_click_path_or_a_store_sentence() {
        let md = "# GitHub Actions\n\n1. Put it in GitHub secrets:\n   - Open Settings\n   - Add `FERRY_KEY`\n\n## Hook\n\n1. Press \"New repository secret\"\n2. Name: `HOOK_KEY`\n\n## Where\n\n- CI: repository secrets for `SIGN_KEY` (when signing), `OWNER_PAT` if rules need it.\n- If you mirror, use repository secrets for `MIRROR_KEY`.\n";
        let got: Vec<(u32, String)> = items(md).into_iter().map(|i| (i.0, i.1)).collect();
        assert_eq!(
            got,
            vec![
                (5, "FERRY_KEY".to_string()),
                (10, "HOOK_KEY".to_string()),
                (14, "SIGN_KEY".to_string()),
            ]
        );
    }
}
