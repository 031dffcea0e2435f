//! A literal prefilter for the claim patterns and the trigger description cues: one substring
//! scan per text block tells which regexes can match which sentence, so most sentences skip
//! most regexes.
//!
//! Every match of a regex starts with one of its prefix literals and ends with one of its
//! suffix literals (as extracted by `regex-syntax`); a match of `A B C` also holds a prefix
//! literal of the tail `B C` (an inner literal). So a regex one of whose literal sets misses a
//! sentence entirely cannot match it, and only the remaining candidates are run. When every
//! match starts (ends) at a word boundary (`\bpush…\b`), an occurrence that does not (the "to"
//! in "stop") does not count. Sets of very short literals ("to", ":") are searched only when a
//! regex has nothing longer, as they occur almost everywhere. A regex without any finite,
//! non-empty literal set is always tried. Results are the same as trying every regex; only
//! the work differs.
//!
//! Literals are extracted with ASCII letters in lowercase only (the searcher ignores ASCII
//! case), so a case-insensitive word gives one literal, not one per case variant. The few
//! non-ASCII characters that also match an ASCII letter (`ſ` for `s`, `K` for `k`) are not
//! searched for: a text holding one of them is not filtered at all.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
use regex_syntax::hir::{LookSet, Repetition};
use regex_syntax::ParserBuilder;

/// Literals per side of a pattern before the extractor shortens them (still prefixes or
/// suffixes, just less selective).
const LITERAL_LIMIT: usize = 250;

/// Where in a match a literal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Every match starts with one of the literals.
    Prefix,
    /// Every match holds one of the literals, starting inside it (after a fixed part).
    Inner,
    /// Every match ends with one of the literals.
    Suffix,
}

impl Side {
    /// The bit of this side in a regex's `required` and `seen` sets.
    fn bit(self) -> u8 {
        match self {
            Side::Prefix => 1,
            Side::Inner => 2,
            Side::Suffix => 4,
        }
    }
}

/// Literals shorter than this occur in most texts ("to", "on", ":"); a side made with such
/// literals is only searched when a regex has no better one.
const SHORT_LITERAL: usize = 3;

/// One side's literals of a regex, with the word boundary a match passes there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LiteralSet {
    side: Side,
    literals: Vec<Vec<u8>>,
    boundary: Option<Boundary>,
}

impl LiteralSet {
    fn shortest(&self) -> usize {
        self.literals.iter().map(Vec::len).min().unwrap_or(0)
    }
}

/// The word boundary every match of a regex starts (or ends) at: `\b`, or `(?-u:\b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Unicode,
    Ascii,
}

/// Per range of a text: which regexes can match there, one flag per regex.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Verdicts {
    /// Flags per range; 0 when nothing is known.
    width: usize,
    flags: Vec<bool>,
}

impl Verdicts {
    /// Nothing known: every regex is tried everywhere.
    pub(crate) fn unknown() -> Verdicts {
        Verdicts::default()
    }

    /// The flags of range `k`, one per regex (empty when nothing is known).
    pub(crate) fn row(&self, k: usize) -> &[bool] {
        self.flags
            .get(k * self.width..(k + 1) * self.width)
            .unwrap_or_default()
    }
}

/// One regex a literal belongs to.
#[derive(Debug, Clone, Copy)]
struct Owner {
    regex: usize,
    side: Side,
    boundary: Option<Boundary>,
}

/// A regex's pattern text and its case-insensitive parse, read without compiling it.
pub(crate) trait PatternText {
    fn pattern(&self) -> &str;
    /// The pattern parsed as a case-insensitive claim pattern; None if it does not parse.
    fn case_insensitive_hir(&self) -> Option<Cow<'_, Hir>>;
}

impl PatternText for Regex {
    fn pattern(&self) -> &str {
        self.as_str()
    }

    fn case_insensitive_hir(&self) -> Option<Cow<'_, Hir>> {
        parse(self.as_str()).map(Cow::Owned)
    }
}

impl PatternText for super::lazy_regex::LazyRegex {
    fn pattern(&self) -> &str {
        self.as_str()
    }

    /// Parsed when the pattern was read (or again, once that parse was dropped).
    fn case_insensitive_hir(&self) -> Option<Cow<'_, Hir>> {
        Some(self.hir())
    }
}

/// A built-in pattern known by its text alone (as it will be compiled), so a prefilter can be
/// built before, or without, compiling it.
pub(crate) struct PatternSource(pub String);

impl PatternText for PatternSource {
    fn pattern(&self) -> &str {
        &self.0
    }

    fn case_insensitive_hir(&self) -> Option<Cow<'_, Hir>> {
        parse(&self.0).map(Cow::Owned)
    }
}

/// The literals of a list of regexes, in one searcher.
#[derive(Debug, Clone, Default)]
pub(crate) struct Literals {
    /// The patterns this was built from (to notice a changed list).
    sources: Vec<String>,
    searcher: Option<AhoCorasick>,
    /// Per literal of `searcher`: the regexes it is a literal of, and on which side.
    owners: Vec<Vec<Owner>>,
    /// Per regex: the sides (`Side::bit`s) it has literals on; only those are checked.
    required: Vec<u8>,
    /// Non-ASCII characters that match an ASCII letter of a pattern; not searched for.
    folds: Vec<char>,
}

impl Literals {
    /// Literals of `regexes`, each compiled case-insensitively (as claim patterns are).
    pub(crate) fn case_insensitive<'a, R: PatternText + 'a>(
        regexes: impl Iterator<Item = &'a R>,
    ) -> Literals {
        let mut out = Literals::default();
        let letters = ascii_letter_classes();
        let mut folds = Vec::new();
        // Each literal once, with every regex it belongs to (a BTreeMap keeps the order stable).
        let mut by_literal: BTreeMap<Vec<u8>, Vec<Owner>> = BTreeMap::new();
        for (regex, re) in regexes.enumerate() {
            out.sources.push(re.pattern().to_string());
            let mut required = 0;
            if let Some(hir) = re.case_insensitive_hir() {
                let lowered = lower_letters(&hir, &letters, &mut folds);
                for set in required_sets(&lowered) {
                    for lit in set.literals {
                        by_literal.entry(lit).or_default().push(Owner {
                            regex,
                            side: set.side,
                            boundary: set.boundary,
                        });
                    }
                    required |= set.side.bit();
                }
            }
            out.required.push(required);
        }
        folds.sort_unstable();
        folds.dedup();
        out.folds = folds;
        let literal_texts: Vec<&Vec<u8>> = by_literal.keys().collect();
        // ASCII case is folded by the searcher (literals are lowercase). A contiguous NFA:
        // a DFA walks text a little faster but took ~1.5 MB and ~45M instructions to build
        // for the built-in patterns, more than the few KB of sentences of most docs gain
        // from it. Should one not be built (too many literals), the library picks.
        let build = |kind| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(kind)
                .build(&literal_texts)
                .ok()
        };
        out.searcher = build(Some(AhoCorasickKind::ContiguousNFA)).or_else(|| build(None));
        out.owners = by_literal.into_values().collect();
        if out.searcher.is_none() {
            // No searcher: every pattern stays a candidate.
            out.required = vec![0; out.sources.len()];
            out.owners.clear();
        }
        out
    }

    /// Was this built from exactly these regexes?
    pub(crate) fn describes<'a, R: PatternText + 'a>(
        &self,
        mut regexes: impl Iterator<Item = &'a R>,
    ) -> bool {
        let mut sources = self.sources.iter();
        loop {
            match (sources.next(), regexes.next()) {
                (None, None) => return true,
                (Some(s), Some(re)) if s == re.pattern() => {}
                _ => return false,
            }
        }
    }

    /// For each of `ranges` of `text` (in text order, not overlapping): per regex, can it
    /// match that part of the text, searched on its own? A match there would hold a literal of
    /// each of the regex's sets (prefix, inner, suffix), each lying wholly inside the range
    /// (and at a word boundary where the regex asks for one, judged as if the text were cut
    /// to the range).
    pub(crate) fn candidates(&self, text: &str, ranges: &[Range<usize>]) -> Verdicts {
        let width = self.sources.len();
        let searcher = match &self.searcher {
            Some(s) if !self.holds_fold(text) => s,
            _ => return Verdicts::unknown(),
        };
        // Per range and regex: which sides have a literal there (`Side::bit`s).
        let mut seen = vec![0u8; ranges.len() * width];
        for m in searcher.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let idx = ranges.partition_point(|r| r.end <= start);
            let Some(range) = ranges.get(idx) else {
                continue;
            };
            if start < range.start || end > range.end {
                continue;
            }
            for owner in self
                .owners
                .get(m.pattern().as_usize())
                .into_iter()
                .flatten()
            {
                let Some(slot) = seen.get_mut(idx * width + owner.regex) else {
                    continue;
                };
                let bit = owner.side.bit();
                let at = match owner.side {
                    Side::Prefix | Side::Inner => start,
                    Side::Suffix => end,
                };
                if *slot & bit == 0
                    && owner
                        .boundary
                        .is_none_or(|b| at_boundary(text, range, at, b))
                {
                    *slot |= bit;
                }
            }
        }
        let mut flags = Vec::with_capacity(seen.len());
        for row in seen.chunks_exact(width.max(1)) {
            flags.extend(row.iter().zip(&self.required).map(|(s, r)| s & r == *r));
        }
        Verdicts { width, flags }
    }

    /// Does `text` hold a character the searcher does not look for?
    fn holds_fold(&self, text: &str) -> bool {
        !text.is_ascii() && self.folds.iter().any(|&c| text.contains(c))
    }
}

/// Is there a word boundary of kind `b` at `at`, in `text` cut to `range`? Unsure (not a char
/// boundary) counts as yes: the regex is then tried.
fn at_boundary(text: &str, range: &Range<usize>, at: usize, b: Boundary) -> bool {
    if !text.is_char_boundary(at) {
        return true;
    }
    let before = if at > range.start {
        text.get(..at).and_then(|s| s.chars().next_back())
    } else {
        None
    };
    let after = if at < range.end {
        text.get(at..).and_then(|s| s.chars().next())
    } else {
        None
    };
    // The same word-character tests the regex engine uses for `\b` and `(?-u:\b)`.
    let word = |c: Option<char>| -> Option<bool> {
        match (c, b) {
            (None, _) => Some(false),
            (Some(c), Boundary::Ascii) => Some(c.is_ascii_alphanumeric() || c == '_'),
            // In ASCII, `\w` is the same either way (the table lookup is slower).
            (Some(c), Boundary::Unicode) if c.is_ascii() => {
                Some(c.is_ascii_alphanumeric() || c == '_')
            }
            (Some(c), Boundary::Unicode) => regex_syntax::try_is_word_character(c).ok(),
        }
    };
    match (word(before), word(after)) {
        (Some(x), Some(y)) => x != y,
        _ => true,
    }
}

/// The word boundary among the assertions every match passes at one end, if any.
fn boundary_in(looks: LookSet) -> Option<Boundary> {
    if looks.contains(Look::WordUnicode) {
        Some(Boundary::Unicode)
    } else if looks.contains(Look::WordAscii) {
        Some(Boundary::Ascii)
    } else {
        None
    }
}

/// The literal sets a regex (as made by [`lower_letters`]) is filtered by: each side whose
/// literals are all at least [`SHORT_LITERAL`] long, or failing that the one side with the
/// longest shortest literal. Inner literals are only looked for when neither end has long ones.
fn required_sets(hir: &Hir) -> Vec<LiteralSet> {
    let props = hir.properties();
    let mut sets: Vec<LiteralSet> = [
        (Side::Prefix, props.look_set_prefix()),
        (Side::Suffix, props.look_set_suffix()),
    ]
    .into_iter()
    .filter_map(|(side, looks)| {
        Some(LiteralSet {
            side,
            literals: shortest(literals_of(hir, side)?, side),
            boundary: boundary_in(looks),
        })
    })
    .collect();
    if !sets.iter().any(|s| s.shortest() >= SHORT_LITERAL) {
        sets.extend(inner_set(hir));
    }
    if sets.iter().any(|s| s.shortest() >= SHORT_LITERAL) {
        sets.retain(|s| s.shortest() >= SHORT_LITERAL);
        return sets;
    }
    // The first of the sets with the longest shortest literal.
    let best = sets.iter().map(LiteralSet::shortest).max();
    sets.into_iter()
        .find(|s| Some(s.shortest()) == best)
        .into_iter()
        .collect()
}

/// The best prefix literals of a tail of a concatenation (`\bon\s+(?:push|merge)…` → "push",
/// "merge"): every match holds one of them, starting where that tail starts.
fn inner_set(hir: &Hir) -> Option<LiteralSet> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let mut best: Option<LiteralSet> = None;
    for k in 1..parts.len() {
        let tail = Hir::concat(parts.get(k..).unwrap_or_default().to_vec());
        let Some(literals) = literals_of(&tail, Side::Prefix) else {
            continue;
        };
        let set = LiteralSet {
            side: Side::Inner,
            literals: shortest(literals, Side::Prefix),
            boundary: boundary_in(tail.properties().look_set_prefix()),
        };
        let better = best.as_ref().is_none_or(|b| {
            (set.shortest(), std::cmp::Reverse(set.literals.len()))
                > (b.shortest(), std::cmp::Reverse(b.literals.len()))
        });
        if better {
            best = Some(set);
        }
    }
    best
}

/// Literals no other one of the list is a prefix (for suffixes: a suffix) of: where a longer
/// literal occurs, the shorter one occurs at the same end, so the longer one adds nothing.
fn shortest(mut literals: Vec<Vec<u8>>, side: Side) -> Vec<Vec<u8>> {
    literals.sort_by_key(Vec::len);
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for lit in literals {
        let covered = kept.iter().any(|k| match side {
            Side::Prefix | Side::Inner => lit.starts_with(k),
            Side::Suffix => lit.ends_with(k),
        });
        if !covered {
            kept.push(lit);
        }
    }
    kept
}

/// The pattern as the claim regexes are compiled: case-insensitive, Unicode, otherwise
/// defaults.
fn parse(pattern: &str) -> Option<Hir> {
    ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()
}

/// Each lowercase ASCII letter with the class a case-insensitive pattern makes of it
/// (`s` → `[Ssſ]`).
fn ascii_letter_classes() -> Vec<(u8, ClassUnicode)> {
    (b'a'..=b'z')
        .map(|letter| {
            let c = char::from(letter);
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            class.case_fold_simple();
            (letter, class)
        })
        .collect()
}

/// `hir` with each case-insensitive ASCII letter class as the lowercase letter alone; the
/// non-ASCII characters those classes also held are added to `folds`.
fn lower_letters(hir: &Hir, letters: &[(u8, ClassUnicode)], folds: &mut Vec<char>) -> Hir {
    let mut lower = |h: &Hir| lower_letters(h, letters, folds);
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            // A letter's class starts with its capital (`[Aa]`, `[Kk\u{212A}]`): only that
            // one of the 26 can be equal.
            let capital = class.ranges().first().map(|r| r.start());
            let candidate = capital
                .filter(char::is_ascii_uppercase)
                .and_then(|c| letters.get(usize::from(c as u8 - b'A')));
            let Some((letter, _)) = candidate.filter(|(_, c)| c == class) else {
                return hir.clone();
            };
            for range in class.ranges() {
                folds.extend((range.start()..=range.end()).filter(|c| !c.is_ascii()));
            }
            Hir::literal([*letter])
        }
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(&mut lower).collect()),
        HirKind::Alternation(branches) => {
            Hir::alternation(branches.iter().map(&mut lower).collect())
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(lower(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(group) => Hir::capture(Capture {
            sub: Box::new(lower(&group.sub)),
            ..group.clone()
        }),
        _ => hir.clone(),
    }
}

/// Lowercased (ASCII) literals of one side of a pattern (as made by [`lower_letters`]); None
/// when the pattern has no finite set of non-empty ones there.
fn literals_of(hir: &Hir, side: Side) -> Option<Vec<Vec<u8>>> {
    let kind = match side {
        Side::Prefix | Side::Inner => ExtractKind::Prefix,
        Side::Suffix => ExtractKind::Suffix,
    };
    let seq = Extractor::new()
        .kind(kind)
        .limit_total(LITERAL_LIMIT)
        .extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut lowered: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    lowered.sort();
    lowered.dedup();
    Some(lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(p: &str) -> Regex {
        regex::RegexBuilder::new(p)
            .case_insensitive(true)
            .build()
            .unwrap()
    }

    fn words(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    /// Literals of one side, as the prefilter extracts them, and the folds met on the way.
    fn side(pattern: &str, side: Side) -> (Option<Vec<Vec<u8>>>, Vec<char>) {
        let mut folds = Vec::new();
        let lowered = lower_letters(
            &parse(pattern).unwrap(),
            &ascii_letter_classes(),
            &mut folds,
        );
        (literals_of(&lowered, side), folds)
    }

    #[test]
    fn literals_of_word_alternatives() {
        let (prefixes, folds) = side(r"\b(?:run|tap)e?\b", Side::Prefix);
        assert_eq!(prefixes, Some(words(&["run", "rune", "tap", "tape"])));
        assert!(folds.is_empty());
        let (suffixes, _) = side(r"\b(?:run|tap)e?\b", Side::Suffix);
        assert_eq!(suffixes, Some(words(&["run", "rune", "tap", "tape"])));
        // One literal per word, not one per case variant; `ſ` matches `s` and is not searched.
        let (prefixes, mut folds) = side(r"\bpush(?:es)?\s+tags?\b", Side::Prefix);
        assert_eq!(prefixes, Some(words(&["push", "pushes"])));
        folds.dedup();
        assert_eq!(folds, vec!['\u{17F}']);
        let (suffixes, _) = side(r"\bpush(?:es)?\s+tags?\b", Side::Suffix);
        assert_eq!(suffixes, Some(words(&["tag", "tags"])));
        // Can start anywhere: no literals.
        assert_eq!(side(r"\w+ing", Side::Prefix).0, None);
        assert_eq!(side(r"x?", Side::Prefix).0, None);
    }

    /// Verdict rows of `ranges`.
    fn rows(lits: &Literals, text: &str, ranges: &[Range<usize>]) -> Vec<Vec<bool>> {
        let verdicts = lits.candidates(text, ranges);
        (0..ranges.len())
            .map(|k| verdicts.row(k).to_vec())
            .collect()
    }

    #[test]
    fn candidates_need_a_literal_inside_the_range() {
        let regexes = [ci(r"\bpush"), ci(r"\btags?\b"), ci(r"\w+ed\b")];
        let lits = Literals::case_insensitive(regexes.iter());
        let text = "PUSH the tag. Tagged it";
        // "Tagged" starts with "tag" but does not end a word there; "ed" ends "Tagged".
        assert_eq!(
            rows(&lits, text, &[0..13, 13..text.len()]),
            vec![vec![true, true, false], vec![false, false, true]]
        );
        // "tag" spans the end of the first range: not wholly inside.
        assert_eq!(
            rows(&lits, text, &[0..11, 11..text.len()]),
            vec![vec![true, false, false], vec![false, false, true]]
        );
        assert!(lits.describes(regexes.iter()));
        assert!(!lits.describes(regexes.iter().take(2)));
    }

    /// One case of `each_verdict_agrees_with_the_regex`: a text, its ranges, the verdicts.
    struct Case {
        text: &'static str,
        ranges: Vec<Range<usize>>,
        want: Vec<[bool; 5]>,
    }

    #[test]
    fn each_verdict_agrees_with_the_regex() {
        let regexes = [
            ci(r"\bon\b"),
            ci(r"(?-u:\b)on"),
            ci(r"on"),
            ci(r"\bto\s+roll\s+back\b"),
            ci(r"\w+ed\b"),
        ];
        let lits = Literals::case_insensitive(regexes.iter());
        let (t, f) = (true, false);
        let cases = [
            // "on" inside "action" starts no word.
            Case {
                text: "action on",
                ranges: vec![0..6, 6..9],
                want: vec![[f, f, t, f, f], [t, t, t, f, f]],
            },
            // The range is searched on its own: nothing before its start, nothing after its end.
            Case {
                text: "xon",
                ranges: vec![1..3, 3..3],
                want: vec![[t, t, t, f, f], [f, f, f, f, f]],
            },
            // `é` is a word character for `\b`, not for `(?-u:\b)`.
            Case {
                text: "éon",
                ranges: vec![0..4, 4..4],
                want: vec![[f, t, t, f, f], [f, f, f, f, f]],
            },
            // A prefix is not enough: the suffix "back" must be there too, ending a word.
            Case {
                text: "to roll backup. To ROLL BACK",
                ranges: vec![0..15, 15..28],
                want: vec![[f, f, f, f, f], [f, f, f, t, f]],
            },
            Case {
                text: "rolled",
                ranges: vec![0..6, 6..6],
                want: vec![[f, f, f, f, t], [f, f, f, f, f]],
            },
        ];
        for case in cases {
            let got = rows(&lits, case.text, &case.ranges);
            let want: Vec<Vec<bool>> = case.want.iter().map(|w| w.to_vec()).collect();
            assert_eq!(got, want, "{}", case.text);
            for (range, row) in case.ranges.iter().zip(&got) {
                let part = &case.text[range.clone()];
                for (re, candidate) in regexes.iter().zip(row) {
                    // A regex that matches must be a candidate.
                    assert!(*candidate || !re.is_match(part), "{part} {re}");
                }
            }
        }
        // `K` (Kelvin) matches `k` but is not searched for: such a text is not filtered.
        let text = "\u{212A} x";
        let whole = [0..text.len(), text.len()..text.len()];
        assert_eq!(lits.candidates(text, &whole), Verdicts::unknown());
    }

    #[test]
    fn short_literals_give_way_to_longer_ones() {
        let sets = |pattern: &str| {
            let lowered = lower_letters(
                &parse(pattern).unwrap(),
                &ascii_letter_classes(),
                &mut Vec::new(),
            );
            required_sets(&lowered)
                .into_iter()
                .map(|s| (s.side, s.literals, s.boundary))
                .collect::<Vec<_>>()
        };
        let u = Some(Boundary::Unicode);
        assert_eq!(
            sets(r"\bpush(?:es)?\s+tags?\b"),
            vec![
                (Side::Prefix, words(&["push"]), u),
                (Side::Suffix, words(&["tag", "tags"]), u),
            ]
        );
        // "to" is short: "back" alone is looked for.
        assert_eq!(
            sets(r"\bto\s+roll\s+back\b"),
            vec![(Side::Suffix, words(&["back"]), u)]
        );
        // Both ends are short: the words inside are looked for.
        assert_eq!(
            sets(r"\b(?:on|after)\s+(?:every\s+)?(?:push|merge)\s+to\b"),
            vec![(Side::Inner, words(&["push", "merge"]), None)]
        );
        // Nothing long anywhere: the first best end.
        assert_eq!(
            sets(r"\b(?:on|at)\b"),
            vec![(Side::Prefix, words(&["at", "on"]), u)]
        );
    }

    #[test]
    fn boundaries_at_either_end() {
        let cases = [
            (r"\bpush", Some(Boundary::Unicode), None),
            (
                r"(?-u:\b)push(?-u:\b)",
                Some(Boundary::Ascii),
                Some(Boundary::Ascii),
            ),
            (
                r"(\bfoo|\bbar)x\b",
                Some(Boundary::Unicode),
                Some(Boundary::Unicode),
            ),
            (r"\bfoo|bar", None, None),
            (r"\(primary", None, None),
        ];
        for (pattern, start, end) in cases {
            let props = parse(pattern).unwrap().properties().clone();
            assert_eq!(boundary_in(props.look_set_prefix()), start, "{pattern}");
            assert_eq!(boundary_in(props.look_set_suffix()), end, "{pattern}");
        }
    }

    #[test]
    fn longer_literals_with_a_listed_end_are_dropped() {
        let list = words(&["tags", "tag", "rune", "run", "tap", "stag"]);
        assert_eq!(
            shortest(list.clone(), Side::Prefix),
            words(&["tag", "run", "tap", "stag"])
        );
        assert_eq!(
            shortest(list, Side::Suffix),
            words(&["tag", "run", "tap", "tags", "rune"])
        );
    }

    #[test]
    fn unicode_case_folds_are_not_filtered() {
        // `(?i)s` also matches U+017F (long s): such a text gets no verdicts.
        let regexes = [ci(r"push")];
        let lits = Literals::case_insensitive(regexes.iter());
        let text = "pu\u{17F}h";
        assert!(regexes[0].is_match(text));
        let whole = [0..text.len(), text.len()..text.len()];
        assert_eq!(lits.candidates(text, &whole), Verdicts::unknown());
        assert_eq!(rows(&lits, "pull", &[0..4, 4..4]), vec![vec![false]; 2]);
    }
}
