//! Reading the words after a label or verb: split into parts, each part read as one event.

use std::ops::Range;

use super::vocabulary::TriggerVocabulary;
use super::DescribedEvent;
use crate::docs::literals::{Literals, Verdicts};
use crate::docs::patterns::may_match;
use crate::docs::route::{is_branch_token, is_tag_token};

/// One part of a description: an event, or text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Read(DescribedEvent),
    Unread(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    /// Backticked or quoted text, without the quotes.
    Quoted(String),
    Sep,
}

/// A token with its rendered range in the block text.
type Located = (Tok, Range<usize>);

const SEPARATORS: &[char] = &[
    ',', ';', '/', '+', '&', '|', '(', ')', '[', ']', '{', '}', '\n', '—', '–', '•', '·',
];
const SEPARATOR_WORDS: &[&str] = &["and", "or", "plus"];
const OPEN_QUOTES: &[(char, char)] = &[('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’')];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '*' | '/' | '\'' | '’')
}

/// Split `text[range]` into tokens. `code` holds the rendered ranges of inline code contents
/// (the backticks sit just outside them).
fn tokens(text: &str, range: Range<usize>, code: &[Range<usize>]) -> Vec<Located> {
    let mut out = Vec::new();
    let end = range.end.min(text.len());
    let mut pos = range.start;
    while pos < end {
        let Some(c) = text.get(pos..).and_then(|s| s.chars().next()) else {
            break;
        };
        let next = pos + c.len_utf8();
        if c == '`' {
            if let Some(span) = code.iter().find(|s| s.start == next && s.end < end) {
                let content = text.get(span.clone()).unwrap_or("").trim().to_string();
                out.push((Tok::Quoted(content), pos..span.end + 1));
                pos = span.end + 1;
                continue;
            }
            pos = next;
            continue;
        }
        if SEPARATORS.contains(&c) {
            out.push((Tok::Sep, pos..next));
            pos = next;
            continue;
        }
        let after_word = text
            .get(..pos)
            .and_then(|s| s.chars().next_back())
            .is_some_and(char::is_alphanumeric);
        if let Some(&(_, close)) = OPEN_QUOTES.iter().find(|(open, _)| *open == c) {
            if !after_word {
                if let Some(len) = quoted_len(text.get(next..end).unwrap_or(""), close) {
                    let content = text.get(next..next + len).unwrap_or("").to_string();
                    let stop = next + len + close.len_utf8();
                    out.push((Tok::Quoted(content), pos..stop));
                    pos = stop;
                    continue;
                }
            }
        }
        if is_word_char(c) {
            let len = text
                .get(pos..end)
                .unwrap_or("")
                .char_indices()
                .find(|(_, ch)| !is_word_char(*ch))
                .map_or(end - pos, |(i, _)| i);
            let raw = text.get(pos..pos + len).unwrap_or("");
            push_words(&mut out, raw, pos);
            pos += len.max(c.len_utf8());
            continue;
        }
        pos = next;
    }
    out
}

/// A run of word characters: one word, a branch name like `release/*`, or words joined by
/// slashes ("push/PR"), which separate like commas.
fn push_words(out: &mut Vec<Located>, raw: &str, at: usize) {
    let trim = |w: &str| w.trim_end_matches(['.', ':', '-', '\'', '’']).len();
    if !raw.contains('/') || is_branch_token(raw.get(..trim(raw)).unwrap_or("")) {
        let word = raw.get(..trim(raw)).unwrap_or("");
        if !word.is_empty() {
            let lower = word.to_lowercase();
            let tok = if SEPARATOR_WORDS.contains(&lower.as_str()) {
                Tok::Sep
            } else {
                Tok::Word(lower)
            };
            out.push((tok, at..at + word.len()));
        }
        return;
    }
    let mut offset = at;
    for (i, piece) in raw.split('/').enumerate() {
        if i > 0 {
            out.push((Tok::Sep, offset - 1..offset));
        }
        push_words(out, piece, offset);
        offset += piece.len() + 1;
    }
}

/// Length of quoted text up to `close`, if it closes soon, holds no space, and is not
/// followed by a letter (so "don't" is not a quote).
fn quoted_len(rest: &str, close: char) -> Option<usize> {
    let idx = rest.find(close)?;
    let inner = rest.get(..idx)?;
    let after = rest.get(idx + close.len_utf8()..)?.chars().next();
    let ok = !inner.is_empty()
        && inner.chars().count() <= 60
        && !inner.chars().any(char::is_whitespace)
        && !after.is_some_and(char::is_alphanumeric);
    ok.then_some(idx)
}

/// A cron line: five or six fields of digits, `*`, `/`, `,`, `-`, `?`.
fn is_cron(text: &str) -> bool {
    let fields: Vec<&str> = text.split_whitespace().collect();
    (5..=6).contains(&fields.len())
        && fields.iter().all(|f| {
            f.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '*' | '/' | ',' | '-' | '?'))
        })
}

/// Words after which a quoted or bare name is a branch or tag ("push to `main`", "tags
/// like `v1.2.3`"), and words after a name that say it is one ("`main` branch").
const INTRODUCE_NAMES: &[&str] = &[
    "to",
    "into",
    "on",
    "against",
    "targeting",
    "matching",
    "like",
    "named",
    "as",
    "e.g",
    "eg",
    "of",
    "for",
    "branch",
    "branches",
    "tag",
    "tags",
];
const NAME_KINDS: &[&str] = &["branch", "branches", "tag", "tags"];

/// Read `text[range]` as parts, in order, each with its rendered range in `text`. A part
/// holding only names continues the list of the part before it ("push to `main`, `develop`").
pub(crate) fn read_parts(
    vocab: &TriggerVocabulary,
    text: &str,
    range: Range<usize>,
    code: &[Range<usize>],
) -> Vec<(Part, Range<usize>)> {
    read_parts_until(vocab, text, range, code, false)
}

/// [`read_parts`] up to and including the first part that is not read: the parts before it are
/// final then (a later part only ever extends a read part just before it).
pub(crate) fn read_leading_parts(
    vocab: &TriggerVocabulary,
    text: &str,
    range: Range<usize>,
    code: &[Range<usize>],
) -> Vec<(Part, Range<usize>)> {
    read_parts_until(vocab, text, range, code, true)
}

fn read_parts_until(
    vocab: &TriggerVocabulary,
    text: &str,
    range: Range<usize>,
    code: &[Range<usize>],
    stop_at_unread: bool,
) -> Vec<(Part, Range<usize>)> {
    let toks = tokens(text, range, code);
    let prefilter = vocab.word_prefilter();
    let mut out: Vec<(Part, Range<usize>)> = Vec::new();
    let segs: Vec<&[Located]> = toks
        .split(|(t, _)| *t == Tok::Sep)
        .filter(|s| !s.is_empty())
        .collect();
    let changed = changed_file_kinds(&segs);
    for (n, seg) in segs.into_iter().enumerate() {
        let start = seg.first().map_or(0, |(_, r)| r.start);
        let end = seg.last().map_or(start, |(_, r)| r.end);
        let words = text.get(start..end).unwrap_or("").trim().to_string();
        if changed.contains(&n) {
            // "pushes that change deployment, docs, cron, or workflow files": a kind of file,
            // never an event, even when its word names one.
            out.push((Part::Unread(words), start..end));
            if stop_at_unread {
                break;
            }
            continue;
        }
        if let Some((Part::Read(prev), prev_range)) = out.last_mut() {
            // "Version tags (v\*)": a bare glob continues a tag push as its tag.
            let globs = || {
                (prev.tag_push && prev.branches.is_empty())
                    .then(|| tag_globs_only(vocab, text, seg))
                    .flatten()
            };
            if let Some(names) = names_only(vocab, seg).or_else(globs) {
                if continue_list(prev, names) {
                    let mut said = text.get(prev_range.start..end).unwrap_or("").to_string();
                    // "tags (v*": close the parenthesis the part ends inside.
                    if said.matches('(').count() > said.matches(')').count()
                        && text.get(end..).is_some_and(|t| t.starts_with(')'))
                    {
                        said.push(')');
                    }
                    prev.words = said;
                    prev_range.end = end;
                    continue;
                }
            }
        }
        let (seg, paths) = strip_path_clause(seg);
        // "every push and PR": the quantifier of the part before covers a bare event word.
        let every_before = matches!(out.last(), Some((Part::Read(prev), _)) if prev.every);
        let part = match read_part(vocab, prefilter, &seg, &words) {
            Some(mut event) if paths.is_empty() || PATH_EVENTS.contains(&event.event.as_str()) => {
                event.paths = paths;
                event.every |= every_before && seg.len() == 1;
                Part::Read(event)
            }
            _ => Part::Unread(words),
        };
        let unread = matches!(part, Part::Unread(_));
        out.push((part, start..end));
        if unread && stop_at_unread {
            break;
        }
    }
    share_branches(text, &mut out);
    out
}

/// "every push and pull request to `main`": a bare push or pull-request part joined by "and"
/// / "or" to the other one naming branches takes those branches too (the trailing "to
/// `main`" scopes both events).
fn share_branches(text: &str, parts: &mut [(Part, Range<usize>)]) {
    const REF_EVENTS: &[&str] = &["push", "pull_request", "pull_request_target"];
    let bare = |e: &DescribedEvent| {
        REF_EVENTS.contains(&e.event.as_str())
            && e.branches.is_empty()
            && e.tags.is_empty()
            && !e.tag_push
            && !e.any_branch
            && e.paths.is_empty()
            && e.words.split_whitespace().count() <= 3
    };
    for i in 1..parts.len() {
        let (head, tail) = parts.split_at_mut(i);
        let (Some((Part::Read(a), ra)), Some((Part::Read(b), rb))) =
            (head.last_mut(), tail.first())
        else {
            continue;
        };
        let joined = text
            .get(ra.end..rb.start)
            .map(|t| t.trim().trim_start_matches(',').trim().to_ascii_lowercase())
            .is_some_and(|t| matches!(t.as_str(), "and" | "or" | "and/or" | "&" | "/"));
        let b_names = REF_EVENTS.contains(&b.event.as_str())
            && b.event != a.event
            && !b.branches.is_empty()
            && b.tags.is_empty()
            && !b.tag_push;
        if joined && b_names && bare(a) {
            a.branches = b.branches.clone();
        }
    }
}

/// Events whose `paths` filters a described path is compared with.
const PATH_EVENTS: &[&str] = &["push", "pull_request", "pull_request_target"];
/// "that change/touch/modify ... under/in `docs/`": a path clause of a push or PR.
const PATH_VERBS: &[&str] = &[
    "change",
    "changes",
    "changed",
    "changing",
    "touch",
    "touches",
    "touching",
    "modify",
    "modifies",
    "modifying",
    "affect",
    "affects",
    "affecting",
    "update",
    "updates",
];
const PATH_FILLERS: &[&str] = &[
    "something",
    "anything",
    "files",
    "file",
    "code",
    "only",
    "the",
    "a",
    "any",
    "content",
    "contents",
    "somewhere",
];
const PATH_PREPOSITIONS: &[&str] = &["under", "in", "within", "inside", "to", "below", "beneath"];
const RELATIVE: &[&str] = &["that", "which", "when", "if", "whenever", "with"];

/// Words that close a list of kinds of changed files ("docs, cron, or workflow files").
const FILE_NOUNS: &[&str] = &[
    "files",
    "file",
    "paths",
    "directories",
    "folders",
    "sources",
    "code",
    "config",
    "configs",
    "configuration",
    "manifests",
];
/// Longest list item of such a list, in tokens ("workflow files").
const FILE_KIND_LEN: usize = 3;
/// Most items such a list may have after the one its verb starts.
const FILE_KINDS_MAX: usize = 8;

/// Indices of the parts that continue a list of changed files: after a part with a change
/// verb and its first object ("pushes that change deployment", "on changes to docs"), every
/// part up to one ending in a file noun ("or workflow files") is a kind of file, not an event.
/// Without that closing noun nothing is taken ("docs changes, nightly").
fn changed_file_kinds(segs: &[&[Located]]) -> Vec<usize> {
    let last_word = |seg: &[Located]| match seg.last() {
        Some((Tok::Word(w), _)) => Some(w.clone()),
        _ => None,
    };
    let closes = |seg: &[Located]| last_word(seg).is_some_and(|w| FILE_NOUNS.contains(&w.as_str()));
    let mut out = Vec::new();
    let mut n = 0;
    while n < segs.len() {
        let seg = segs.get(n).copied().unwrap_or(&[]);
        let opens = seg.iter().enumerate().any(|(k, (t, _))| {
            matches!(t, Tok::Word(w) if PATH_VERBS.contains(&w.as_str())) && k + 1 < seg.len()
        });
        if !opens || closes(seg) {
            n += 1;
            continue;
        }
        let close = (n + 1..segs.len().min(n + 1 + FILE_KINDS_MAX))
            .take_while(|&m| segs.get(m).is_some_and(|s| s.len() <= FILE_KIND_LEN))
            .find(|&m| segs.get(m).is_some_and(|s| closes(s)));
        match close {
            Some(c) => {
                out.extend(n + 1..=c);
                n = c + 1;
            }
            None => n += 1,
        }
    }
    out
}

/// A quoted path: a directory (`docs/`), a glob (`src/**`) or a file name with an extension.
fn is_path(q: &str) -> bool {
    !q.is_empty()
        && !q.contains(char::is_whitespace)
        && (q.contains('/')
            || q.contains('*')
            || q.rsplit_once('.').is_some_and(|(a, b)| {
                !a.is_empty() && (1..=5).contains(&b.len()) && b.chars().all(char::is_alphanumeric)
            }))
}

/// The part without its path clause, and the paths the clause names (empty: no clause).
fn strip_path_clause(seg: &[Located]) -> (Vec<Located>, Vec<String>) {
    let word = |i: usize| match seg.get(i) {
        Some((Tok::Word(w), _)) => Some(w.as_str()),
        _ => None,
    };
    for k in 0..seg.len() {
        if !word(k).is_some_and(|w| PATH_VERBS.contains(&w)) {
            continue;
        }
        let mut j = k + 1;
        while word(j).is_some_and(|w| PATH_FILLERS.contains(&w)) {
            j += 1;
        }
        if !word(j).is_some_and(|w| PATH_PREPOSITIONS.contains(&w)) {
            continue;
        }
        let Some((Tok::Quoted(q), _)) = seg.get(j + 1) else {
            continue;
        };
        if !is_path(q) || j + 2 != seg.len() {
            continue;
        }
        let start = if k > 0 && word(k - 1).is_some_and(|w| RELATIVE.contains(&w)) {
            k - 1
        } else {
            k
        };
        let kept = seg.get(..start).unwrap_or(&[]).to_vec();
        return (kept, vec![q.clone()]);
    }
    (seg.to_vec(), Vec::new())
}

/// A branch or tag name as written in backticks or quotes: no spaces, ref characters only.
fn is_ref_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '*' | '?' | '+' | '[' | ']')
        })
}

/// The names of a part made only of names and filler words.
fn names_only<'s>(vocab: &TriggerVocabulary, seg: &'s [Located]) -> Option<Vec<&'s str>> {
    let mut names = Vec::new();
    for (tok, _) in seg {
        match tok {
            // "push to `main`, `workflow_dispatch`": an event's own name is never a branch.
            Tok::Quoted(q) if is_event_name(vocab, q) => return None,
            Tok::Quoted(q) if is_ref_name(q) => names.push(q.as_str()),
            Tok::Word(w) if is_branch_token(w) => names.push(w.as_str()),
            Tok::Word(w) if vocab.is_filler(w) => {}
            _ => return None,
        }
    }
    (!names.is_empty()).then_some(names)
}

/// An event name written as such (`workflow_dispatch`, `pull_request`): the underscore
/// keeps short names that are also common branch names (`release`, `push`) out.
fn is_event_name(vocab: &TriggerVocabulary, name: &str) -> bool {
    name.contains('_') && vocab.knows_event(name)
}

/// The bare tag names or globs of a part made only of them and filler words ("v*",
/// "rel-*"): read only right after a tag push, which says they are tags. A word ending in a
/// dot in the text is left alone: markdown reads `v*.*.*` as emphasis and leaves `v*..`.
fn tag_globs_only<'s>(
    vocab: &TriggerVocabulary,
    text: &str,
    seg: &'s [Located],
) -> Option<Vec<&'s str>> {
    let mut names = Vec::new();
    for (tok, r) in seg {
        let cut = text.get(r.end..).is_some_and(|t| t.starts_with('.'));
        match tok {
            Tok::Word(w) if !cut && (is_tag_token(w) || (w.contains('*') && is_ref_name(w))) => {
                names.push(w.as_str());
            }
            Tok::Word(w) if vocab.is_filler(w) => {}
            _ => return None,
        }
    }
    (!names.is_empty()).then_some(names)
}

/// Add names to the branch or tag list of the event before them, if it has such a list
/// (a tag push named no tag yet: "release tags (`r*`)").
fn continue_list(prev: &mut DescribedEvent, names: Vec<&str>) -> bool {
    let list = match prev.event.as_str() {
        "push" if prev.tag_push && prev.branches.is_empty() => {
            // A branch name after bare "tags" is not one of them.
            if prev.tags.is_empty() && names.iter().any(|n| is_branch_token(n)) {
                return false;
            }
            &mut prev.tags
        }
        "push" | "pull_request" | "pull_request_target" if !prev.branches.is_empty() => {
            &mut prev.branches
        }
        _ => return false,
    };
    list.extend(names.into_iter().map(str::to_string));
    true
}

/// One event from one part, or None when any word is not accounted for.
/// `prefilter` holds the literals of the event words, numbered across events.
fn read_part(
    vocab: &TriggerVocabulary,
    prefilter: Option<&Literals>,
    seg: &[Located],
    words: &str,
) -> Option<DescribedEvent> {
    let word_at = |i: usize| match seg.get(i) {
        Some((Tok::Word(w), _)) => w.as_str(),
        _ => "",
    };
    // A name counts as a branch or tag only where the words around it say so.
    let introduced = |i: usize| {
        i.checked_sub(1)
            .is_some_and(|p| INTRODUCE_NAMES.contains(&word_at(p)))
            || NAME_KINDS.contains(&word_at(i + 1))
    };
    // Normalised text: words lowercased, quoted names as placeholders; each token's range in it.
    let mut norm = String::new();
    let mut spans: Vec<(Range<usize>, usize)> = Vec::new();
    let mut names: Vec<(&str, bool)> = Vec::new();
    for (i, (tok, _)) in seg.iter().enumerate() {
        if !norm.is_empty() {
            norm.push(' ');
        }
        let start = norm.len();
        match tok {
            Tok::Word(w) => norm.push_str(w),
            Tok::Quoted(q) => {
                let names_a_ref = matches!(word_at(i.wrapping_sub(1)), "to" | "into" | "branch");
                if is_cron(q) {
                    norm.push_str("cron");
                } else if vocab.knows_event(q) && !names_a_ref {
                    norm.push_str(q);
                } else {
                    norm.push_str(&format!("⟨{}⟩", names.len()));
                    names.push((q, introduced(i)));
                }
            }
            Tok::Sep => {}
        }
        spans.push((start..norm.len(), i));
    }
    // Every match of every event's words (skipping the words that cannot match).
    let whole = 0..norm.len();
    let verdicts = prefilter.map_or_else(Verdicts::unknown, |l| {
        l.candidates(&norm, std::slice::from_ref(&whole))
    });
    let candidates = verdicts.row(0);
    let mut matches: Vec<(usize, Range<usize>)> = Vec::new();
    let mut word = 0;
    for (i, entry) in vocab.events.iter().enumerate() {
        for re in &entry.words {
            if may_match(candidates, word) {
                matches.extend(re.find_iter(&norm).map(|m| (i, m.range())));
            }
            word += 1;
        }
    }
    // A longer match of another event wins over one inside it ("merge queue" over "merge").
    let event_of = |i: usize| vocab.events.get(i).map_or("", |e| e.event.as_str());
    let kept: Vec<&(usize, Range<usize>)> = matches
        .iter()
        .filter(|(i, r)| {
            !matches.iter().any(|(j, o)| {
                event_of(*j) != event_of(*i)
                    && o.start <= r.start
                    && r.end <= o.end
                    && o.len() > r.len()
            })
        })
        .collect();
    let Some(first) = kept.first() else {
        return branch_only(vocab, seg, words);
    };
    let event = event_of(first.0);
    if kept.iter().any(|(i, _)| event_of(*i) != event) {
        return None; // two events in one part: not clear which is meant
    }
    let tags = kept
        .iter()
        .any(|(i, _)| vocab.events.get(*i).is_some_and(|e| e.tags));
    let failure = kept
        .iter()
        .any(|(i, _)| vocab.events.get(*i).is_some_and(|e| e.failure));
    let covered = |r: &Range<usize>| {
        kept.iter()
            .any(|(_, m)| m.start <= r.start && r.end <= m.end)
    };
    let mut bare_branches = Vec::new();
    for (r, i) in &spans {
        let Some((Tok::Word(w), _)) = seg.get(*i) else {
            continue; // names are placed below, by event
        };
        if covered(r) || vocab.is_filler(w) {
            continue;
        }
        if is_branch_token(w) && introduced(*i) {
            bare_branches.push(w.clone());
            continue;
        }
        return None;
    }
    let mut ev = DescribedEvent::new(event, words);
    ev.on_failure = failure;
    let quantifier = |i: usize| matches!(word_at(i), "any" | "all" | "every" | "each");
    ev.any_branch =
        (0..seg.len()).any(|i| quantifier(i) && matches!(word_at(i + 1), "branch" | "branches"));
    ev.every = matches!(event, "push" | "pull_request" | "pull_request_target")
        && (0..seg.len()).any(|i| {
            quantifier(i) && !matches!(word_at(i + 1), "branch" | "branches" | "tag" | "tags")
        });
    let takes_refs = matches!(
        event,
        "push" | "pull_request" | "pull_request_target" | "merge_group"
    );
    if takes_refs
        && names
            .iter()
            .any(|(n, introduced)| !introduced || !is_ref_name(n))
    {
        return None; // `make test` on every push: a command, not a branch
    }
    let names: Vec<&str> = names.into_iter().map(|(n, _)| n).collect();
    match event {
        "push" => {
            ev.tag_push = tags;
            for name in names {
                if tags || (is_tag_token(name) && !is_branch_token(name)) {
                    ev.tag_push = true;
                    ev.tags.push(name.to_string());
                } else {
                    ev.branches.push(name.to_string());
                }
            }
            if tags && !bare_branches.is_empty() {
                return None;
            }
            ev.branches.extend(bare_branches);
        }
        "pull_request" | "pull_request_target" | "merge_group" => {
            ev.branches = names.iter().map(|n| n.to_string()).collect();
            ev.branches.extend(bare_branches);
        }
        "workflow_run" => {
            if names.len() > 1 || !bare_branches.is_empty() {
                return None;
            }
            ev.after = names.first().map(|n| n.to_string());
        }
        _ => {
            if !names.is_empty() || !bare_branches.is_empty() {
                return None; // a name we cannot place (an input? a job?)
            }
        }
    }
    Some(ev)
}

/// A part naming only branches, with the word "branch" ("`release/*` branch", "main branch"):
/// in a trigger list that is a push to them (or a pull request into them, which the check also
/// accepts). Names without the word ("`main`") stay unread.
fn branch_only(vocab: &TriggerVocabulary, seg: &[Located], words: &str) -> Option<DescribedEvent> {
    let mut names = Vec::new();
    let mut said_branch = false;
    for (tok, _) in seg {
        match tok {
            Tok::Word(w) if w == "branch" || w == "branches" => said_branch = true,
            Tok::Quoted(q) if is_ref_name(q) => names.push(q.clone()),
            Tok::Word(w) if is_branch_token(w) => names.push(w.clone()),
            Tok::Word(w) if vocab.is_filler(w) => {}
            _ => return None,
        }
    }
    if !said_branch || names.is_empty() {
        return None;
    }
    let mut ev = DescribedEvent::new("push", words);
    ev.branches = names;
    ev.branch_only = true;
    Some(ev)
}
