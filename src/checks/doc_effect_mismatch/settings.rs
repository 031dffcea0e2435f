//! Settings claims: the secrets and configuration variables docs tell maintainers to set up,
//! against what the workflows read (`secrets.NAME`, `vars.NAME` in any value; YAML comments do
//! not count).
//!
//! Verdicts: read with the documented kind → holds; read only with the other kind (documented
//! as a secret, read as `vars.NAME`) → violated, naming both; read by nothing → violated (a
//! note when the doc marks it optional); a list saying no secret is needed for a value a
//! workflow reads from `secrets.X` → violated; a list of required secrets that leaves out one
//! the workflows it names read with no fallback → violated. A reusable workflow from another
//! repository with `secrets: inherit` (any for variables), the whole context serialised,
//! a computed name (`secrets[format(...)]`) or a workflow that cannot be read make "not read"
//! unknown.

use crate::docs::line_regex::LineRegex;
use std::collections::BTreeMap;
use std::sync::LazyLock;


use super::{contains_word, Model, ID};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::constant_regex;
use crate::docs::settings_claims::{self, SettingItem, SettingKind, SettingsDoc};
use crate::repo::Repo;
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, Value};

/// Claim label of an optional setting nothing reads: reported as a note.
pub const OPTIONAL_UNREAD: &str = "Optional setting read by workflows";

static CONTEXT_READ: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"\b(secrets|vars)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\]|(\[))",
    )
});
static WHOLE_CONTEXT: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\btojson\s*\(\s*(secrets|vars)\s*\)"));

/// One place a workflow reads a setting.
#[derive(Debug, Clone)]
struct ReadAt {
    wf: usize,
    span: Span,
    /// `secrets.X || 'default'`: the value may be unset.
    fallback: bool,
}

/// What the workflows read from the `secrets` and `vars` contexts.
#[derive(Default)]
pub struct Reads {
    secrets: BTreeMap<String, Vec<ReadAt>>,
    vars: BTreeMap<String, Vec<ReadAt>>,
    /// Why a secret not seen may still be read (workflow index, span, reason).
    secrets_unknown: Option<(Option<usize>, String)>,
    vars_unknown: Option<(Option<usize>, String)>,
}

fn walk<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
    match &node.value {
        Value::Scalar { .. } => out.push(node),
        Value::Seq(items) => items.iter().for_each(|n| walk(n, out)),
        Value::Map(entries) => entries.iter().for_each(|e| walk(&e.value, out)),
        Value::Null => {}
    }
}

impl Reads {
    pub fn of(repo: &Repo) -> Reads {
        let mut r = Reads::default();
        let mut own: Option<std::collections::BTreeSet<String>> = None;
        for (i, wf) in repo.workflows.iter().enumerate() {
            if let Some(root) = &wf.doc.root {
                r.scan(i, &wf.file, root);
            }
            for job in &wf.jobs {
                let Some(uses) = &job.uses else { continue };
                if uses.value.starts_with("./") {
                    continue;
                }
                // `owner/name/.github/workflows/x.yml@ref` of this very repository, whose file
                // is here: its reads are scanned with the other workflows.
                let own = own.get_or_insert_with(|| repo.own_slugs());
                if own_call(&uses.value, own, repo) {
                    continue;
                }
                let why = format!(
                    "job `{}` calls `{}`, a reusable workflow from another repository",
                    job.id.value, uses.value
                );
                let inherit = job
                    .secrets
                    .as_ref()
                    .and_then(Node::as_str)
                    .is_some_and(|s| s.trim() == "inherit");
                if inherit && r.secrets_unknown.is_none() {
                    r.secrets_unknown = Some((Some(i), format!("{why} with `secrets: inherit`")));
                }
                if r.vars_unknown.is_none() {
                    r.vars_unknown = Some((Some(i), format!("{why}, which sees the variables")));
                }
            }
        }
        for a in &repo.actions {
            if let Some(root) = &a.doc.root {
                r.scan(usize::MAX, &a.file, root);
            }
        }
        if let Some(e) = repo
            .errors
            .iter()
            .find(|e| e.file.rel.starts_with(".github/workflows/"))
        {
            let why = format!("{} cannot be read", e.file.path);
            r.secrets_unknown.get_or_insert((None, why.clone()));
            r.vars_unknown.get_or_insert((None, why));
        }
        r
    }

    fn scan(&mut self, wf: usize, file: &SourceFile, root: &Node) {
        let mut scalars = Vec::new();
        walk(root, &mut scalars);
        for n in scalars {
            let Some(text) = file.text.get(n.span.start.offset..n.span.end.offset) else {
                continue;
            };
            // Both regexes need their context's name written out: most values name
            // neither, and a byte scan answers that for less than a search.
            if !names_a_context(text) {
                continue;
            }
            if let Some(c) = WHOLE_CONTEXT.captures(text) {
                let why = format!(
                    "{}:{} passes the whole `{}` context",
                    file.path,
                    n.span.start.line,
                    &c[1].to_ascii_lowercase()
                );
                let slot = if c[1].eq_ignore_ascii_case("secrets") {
                    &mut self.secrets_unknown
                } else {
                    &mut self.vars_unknown
                };
                slot.get_or_insert((None, why));
            }
            for c in CONTEXT_READ.captures_iter(text) {
                let Some(m) = c.get(0) else { continue };
                let start = n.span.start.offset + m.start();
                let span = file.span(start, n.span.start.offset + m.end());
                let secret = &c[1] == "secrets";
                if c.get(4).is_some() {
                    let why = format!(
                        "{}:{} reads a computed name from `{}`",
                        file.path, span.start.line, &c[1]
                    );
                    let slot = if secret {
                        &mut self.secrets_unknown
                    } else {
                        &mut self.vars_unknown
                    };
                    slot.get_or_insert((None, why));
                    continue;
                }
                let Some(name) = c.get(2).or_else(|| c.get(3)) else {
                    continue;
                };
                let fallback = text[m.end()..].trim_start().starts_with("||");
                let map = if secret {
                    &mut self.secrets
                } else {
                    &mut self.vars
                };
                // Names are case-insensitive in GitHub.
                map.entry(name.as_str().to_ascii_uppercase())
                    .or_default()
                    .push(ReadAt { wf, span, fallback });
            }
        }
    }
}

/// Can [`CONTEXT_READ`] or [`WHOLE_CONTEXT`] match `text`? Both need `secrets` or `vars`;
/// the case-insensitive one may match them in other cases, and in a non-ASCII text its
/// Unicode case folding may match other letters (`ſ` for `s`), so such texts are searched.
fn names_a_context(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        let at = |w: &[u8]| b.get(i..i + w.len()).is_some_and(|x| x.eq_ignore_ascii_case(w));
        match b[i] | 0x20 {
            b's' => at(b"secrets"),
            b'v' => at(b"vars"),
            _ => false,
        }
    })
}

/// A reusable workflow call by slug to this repository (`owner/name` among `own`) whose file
/// exists here.
pub(super) fn own_call(uses: &str, own: &std::collections::BTreeSet<String>, repo: &Repo) -> bool {
    let path = uses.split('@').next().unwrap_or(uses).trim();
    let mut parts = path.splitn(3, '/');
    let (Some(owner), Some(name), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let slug = format!("{owner}/{name}").to_ascii_lowercase();
    rest.starts_with(".github/workflows/")
        && own.contains(&slug)
        && repo.workflows.iter().any(|w| w.file.rel == rest)
}

/// A secret the workflows read whose name is near a documented one that nothing reads: the
/// same last word and a first word that is the other's prefix (`PYPI_API_TOKEN` and
/// `PYPI_TOKEN`, `DOCKER_USERNAME` and `DOCKERHUB_USERNAME`).
fn near_name<'r>(map: &'r BTreeMap<String, Vec<ReadAt>>, name: &str) -> Option<(&'r String, &'r Vec<ReadAt>)> {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split('_').filter(|w| !w.is_empty()).collect();
    let (first, last) = (words.first()?, words.last()?);
    map.iter().find(|(read, _)| {
        let rw: Vec<&str> = read.split('_').filter(|w| !w.is_empty()).collect();
        let (Some(rf), Some(rl)) = (rw.first(), rw.last()) else {
            return false;
        };
        read.as_str() != upper
            && rw.len() >= 2
            && words.len() >= 2
            && rl == last
            && (rf.starts_with(first) || first.starts_with(rf))
    })
}

fn place(m: &Model, r: &ReadAt) -> String {
    if r.wf == usize::MAX {
        return "a composite action".into();
    }
    format!("{}:{}", m.wf(r.wf).file.path, r.span.start.line)
}

fn with_related(mut check: ClaimCheck, m: &Model, reads: &[ReadAt], label: &str) -> ClaimCheck {
    for r in reads.iter().filter(|r| r.wf != usize::MAX).take(3) {
        check = check.related(&m.wf(r.wf).file, r.span, label.to_string());
    }
    check
}

/// A YAML comment of a workflow that names `name`: "only a comment names it".
fn in_comment(m: &Model, name: &str) -> Option<(usize, u32)> {
    m.all().into_iter().find_map(|i| {
        m.wf(i)
            .doc
            .comments
            .iter()
            .find(|c| contains_word(&c.text, name))
            .map(|c| (i, c.line))
    })
}

/// `NAME: ${{ secrets.OTHER }}`: the name is an env var set from another secret.
fn set_from(m: &Model, name: &str) -> Option<(usize, u32, String)> {
    let re = constant_regex(&format!(
        r"\b{}\s*:\s*['\x22]?\$\{{\{{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)",
        regex::escape(name)
    ));
    m.all().into_iter().find_map(|i| {
        let file = &m.wf(i).file;
        re.captures(&file.text).and_then(|c| {
            let at = c.get(0)?.start();
            (c[1] != *name).then(|| (i, file.line_at(at), c[1].to_string()))
        })
    })
}

fn unknown(check: ClaimCheck, m: &Model, why: &(Option<usize>, String)) -> ClaimCheck {
    let c = check.verdict(Outcome::Unknown, why.1.clone(), "");
    match why.0 {
        Some(i) => c.related(&m.wf(i).file, m.wf(i).file.line_span(1), "workflow"),
        None => c,
    }
}

fn item_check(m: &Model, reads: &Reads, doc: &SourceFile, it: &SettingItem) -> ClaimCheck {
    let name = it.name.as_str();
    let span = doc.line_span(it.line);
    let label = match it.kind {
        SettingKind::Variable => "Variable read by workflows",
        _ => "Secret used by workflows",
    };
    let check = ClaimCheck::new(ID, doc, span, label, &it.text);
    if settings_claims::is_pattern(name) {
        return pattern_check(m, reads, check, it);
    }
    let as_secret = reads.secrets.get(name);
    let as_var = reads.vars.get(name);
    let (own, other, own_ctx, other_ctx, own_unknown) = match it.kind {
        SettingKind::Variable => (as_var, as_secret, "vars", "secrets", &reads.vars_unknown),
        _ => (as_secret, as_var, "secrets", "vars", &reads.secrets_unknown),
    };
    if let Some(r) = own {
        return with_related(
            check.verdict(Outcome::Holds, format!("{} reads `{own_ctx}.{name}`", place(m, &r[0])), ""),
            m,
            r,
            "read here",
        );
    }
    if it.kind == SettingKind::Either {
        if let Some(r) = as_var {
            return with_related(
                check.verdict(Outcome::Holds, format!("{} reads `vars.{name}`", place(m, &r[0])), ""),
                m,
                r,
                "read here",
            );
        }
    }
    if let Some(why) = own_unknown {
        return unknown(check, m, why);
    }
    if it.kind != SettingKind::Either {
        if let Some(r) = other {
            let (what, not) = if it.kind == SettingKind::Secret {
                ("a configuration variable", "a secret")
            } else {
                ("a secret", "a configuration variable")
            };
            let check = check
                .verdict(
                    Outcome::Violated,
                    format!(
                        "`{name}` is read as {what} (`{other_ctx}.{name}`, {}), not {not}; {not} of that name is never read",
                        place(m, &r[0])
                    ),
                    format!("setting `{name}` up as {not} changes nothing"),
                )
                .short(format!("read as `{other_ctx}.{name}`"));
            return with_related(check, m, r, "read with the other kind");
        }
    }
    if it.kind == SettingKind::Either {
        if let Some(why) = &reads.vars_unknown {
            return unknown(check, m, why);
        }
    }
    let what = match it.kind {
        SettingKind::Secret => format!("no workflow reads `secrets.{name}`"),
        SettingKind::Variable => format!("no workflow reads `vars.{name}`"),
        SettingKind::Either => format!("no workflow reads `{name}` (neither `secrets.{name}` nor `vars.{name}`)"),
    };
    let mut actual = what;
    let mut check_related: Vec<(usize, Span, &str)> = Vec::new();
    let near = match it.kind {
        SettingKind::Variable => near_name(&reads.vars, name).map(|n| ("vars", n)),
        _ => near_name(&reads.secrets, name).map(|n| ("secrets", n)),
    };
    if let Some((ctx, (read, r))) = near.filter(|(_, (_, r))| r[0].wf != usize::MAX) {
        actual.push_str(&format!("; {} reads `{ctx}.{read}`", place(m, &r[0])));
        check_related.push((r[0].wf, r[0].span, "a setting of a near name, read"));
    }
    if let Some((i, line, from)) = set_from(m, name) {
        actual.push_str(&format!(
            "; `{name}` is an env var set from `secrets.{from}` ({}:{line})",
            m.wf(i).file.path
        ));
        check_related.push((i, m.wf(i).file.line_span(line), "env var set from another secret"));
    } else if let Some((i, line)) = in_comment(m, name) {
        actual.push_str(&format!(
            " (only a comment names it, {}:{line})",
            m.wf(i).file.path
        ));
        check_related.push((i, m.wf(i).file.line_span(line), "comment naming it"));
    }
    let mut c = check
        .verdict(
            Outcome::Violated,
            actual,
            "setting it up serves nothing; the docs may describe a removed step or another name",
        )
        .short(format!("`{name}` is not read by any workflow"));
    if it.optional {
        c.claim = OPTIONAL_UNREAD.into();
    }
    if check_related.is_empty() {
        for i in m.all().into_iter().take(3) {
            c = c.related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow checked");
        }
    }
    for (i, sp, l) in check_related {
        c = c.related(&m.wf(i).file, sp, l);
    }
    c
}

/// The names read from one context that a pattern (`CLOUD_*_URL`) covers.
fn covered<'r>(map: &'r BTreeMap<String, Vec<ReadAt>>, pattern: &str) -> Vec<(&'r String, &'r Vec<ReadAt>)> {
    map.iter()
        .filter(|(n, _)| settings_claims::pattern_covers(pattern, n))
        .collect()
}

/// A setting written as a pattern stands for the names it covers: it holds when a workflow
/// reads one of them, and is read by nothing only when it covers no name read.
fn pattern_check(m: &Model, reads: &Reads, check: ClaimCheck, it: &SettingItem) -> ClaimCheck {
    let name = it.name.as_str();
    let (own, own_ctx, own_unknown) = match it.kind {
        SettingKind::Variable => (covered(&reads.vars, name), "vars", &reads.vars_unknown),
        SettingKind::Either => {
            let mut both = covered(&reads.secrets, name);
            both.extend(covered(&reads.vars, name));
            (both, "secrets", &reads.secrets_unknown)
        }
        SettingKind::Secret => (covered(&reads.secrets, name), "secrets", &reads.secrets_unknown),
    };
    if let Some((first, r)) = own.first() {
        let names: Vec<String> = own.iter().take(4).map(|(n, _)| format!("`{n}`")).collect();
        let check = check.verdict(
            Outcome::Holds,
            format!(
                "`{name}` covers {} ({} reads `{own_ctx}.{first}`)",
                names.join(", "),
                place(m, &r[0])
            ),
            "",
        );
        return with_related(check, m, r, "read here");
    }
    if let Some(why) = own_unknown {
        return unknown(check, m, why);
    }
    if it.kind == SettingKind::Either {
        if let Some(why) = &reads.vars_unknown {
            return unknown(check, m, why);
        }
    }
    let mut c = check
        .verdict(
            Outcome::Violated,
            match it.kind {
                SettingKind::Secret => format!("no workflow reads a secret that `{name}` covers"),
                SettingKind::Variable => {
                    format!("no workflow reads a configuration variable that `{name}` covers")
                }
                SettingKind::Either => {
                    format!("no workflow reads a secret or variable that `{name}` covers")
                }
            },
            "setting these up serves nothing; the docs may describe removed steps or other names",
        )
        .short("no setting of this pattern is read");
    if it.optional {
        c.claim = OPTIONAL_UNREAD.into();
    }
    for i in m.all().into_iter().take(3) {
        c = c.related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow checked");
    }
    c
}

/// Workflows the doc names (file name or display name).
fn named_workflows(m: &Model, doc: &SourceFile) -> Vec<usize> {
    let lower = doc.text.to_ascii_lowercase();
    m.all()
        .into_iter()
        .filter(|&i| {
            let wf = m.wf(i);
            super::names_file(&lower, &wf.file.file_name().to_ascii_lowercase())
                || wf.name.as_ref().is_some_and(|n| {
                    let n = n.value.trim();
                    n.split_whitespace().nth(1).is_some()
                        && contains_word(&lower, &n.to_ascii_lowercase())
                })
        })
        .collect()
}

/// Every settings verdict of one doc; `covered` gets the (line, name) pairs judged here.
pub fn claims(
    m: &Model,
    reads: &Reads,
    doc: &SourceFile,
    sd: &SettingsDoc,
    out: &mut Vec<ClaimCheck>,
) {
    for it in &sd.items {
        out.push(item_check(m, reads, doc, it));
    }
    let mut reported: Vec<String> = Vec::new();
    for ns in &sd.no_secret {
        let hits: Vec<(&String, &Vec<ReadAt>)> = reads
            .secrets
            .iter()
            .filter(|(name, _)| {
                ns.names.iter().any(|n| n == *name)
                    || (ns.words.len() >= 2 && {
                        let parts: Vec<String> =
                            name.split('_').map(str::to_ascii_lowercase).collect();
                        ns.words.iter().all(|w| parts.contains(w))
                    })
            })
            .collect();
        let Some((name, r)) = hits.first() else {
            continue;
        };
        if hits.len() > 1 {
            continue;
        }
        reported.push((*name).clone());
        let check = ClaimCheck::new(ID, doc, doc.line_span(ns.line), "No secret needed", &ns.text)
            .verdict(
                Outcome::Violated,
                format!(
                    "the doc lists it as needing no secret, but {} reads `secrets.{name}`",
                    place(m, &r[0])
                ),
                format!("without the secret `{name}` that step gets an empty value"),
            )
            .short(format!("read from `secrets.{name}`"));
        out.push(with_related(check, m, r, "secret read"));
    }
    let Some(list) = sd.required.first() else {
        return;
    };
    if reads.secrets_unknown.is_some() {
        return;
    }
    let named = named_workflows(m, doc);
    // The list is about these workflows: one of its names is read by them.
    let about = list.names.iter().any(|n| {
        reads.secrets.iter().any(|(read, r)| {
            settings_claims::pattern_covers(n, read) && r.iter().any(|x| named.contains(&x.wf))
        })
    });
    if !about {
        return;
    }
    let in_doc: Vec<&str> = settings_claims::names_in(&doc.text).collect();
    // Names the doc's patterns (`CLOUD_*_URL`) stand for are named too.
    let patterns: Vec<&str> = sd
        .items
        .iter()
        .map(|i| i.name.as_str())
        .filter(|n| settings_claims::is_pattern(n))
        .collect();
    let missing: Vec<(&String, Vec<ReadAt>)> = reads
        .secrets
        .iter()
        .filter(|(name, _)| {
            !reported.contains(name)
                && !in_doc.contains(&name.as_str())
                && !name.starts_with("GITHUB_")
                && !patterns.iter().any(|p| settings_claims::pattern_covers(p, name))
        })
        .filter_map(|(name, r)| {
            let hard: Vec<ReadAt> = r
                .iter()
                .filter(|x| named.contains(&x.wf) && !x.fallback)
                .cloned()
                .collect();
            (!hard.is_empty()).then_some((name, hard))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let listed: Vec<String> = missing
        .iter()
        .map(|(n, r)| format!("`{n}` ({})", place(m, &r[0])))
        .collect();
    let more = listed.len().saturating_sub(4);
    let mut listed_text = listed[..listed.len().min(4)].join(", ");
    if more > 0 {
        listed_text.push_str(&format!(" and {more} more"));
    }
    let mut check = ClaimCheck::new(
        ID,
        doc,
        doc.line_span(list.line),
        "Required secrets listed",
        &list.text,
    )
    .verdict(
        Outcome::Violated,
        format!(
            "the workflows it describes also read {}, which the doc never names",
            listed_text
        ),
        "a repository set up from this list runs those steps with empty secrets",
    )
    .short("required secrets missing from the list");
    for (_, r) in missing.iter().take(3) {
        check = with_related(check, m, &r[..1], "secret read, not listed");
    }
    out.push(check);
}
