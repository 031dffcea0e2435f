//! Built-in regexes searched in short texts that a literal scan has usually vetted already (a
//! doc line, a sentence): the engines `regex-automata`'s meta regex uses for them, matching
//! what the `regex` crate's `Regex` matches (same matches, same positions, same groups; ASCII
//! classes, [`crate::ascii_regex`]), built for less:
//!
//! - no literal prefilter: building the prefilter of a case-insensitive alternation
//!   (`(?i)\b(not|never|no)\b` has dozens of case variants per word) costs about as much as
//!   compiling the regex itself, and on a line of prose it saves nothing;
//! - no one-pass DFA (only anchored searches use it);
//! - both Thompson NFAs (forward, and reverse for the start of a match) come from one
//!   compiler per thread and direction, kept for the next regex: a new compiler allocates and
//!   fills its UTF-8 suffix caches (~10,000 entries) for every NFA;
//! - the reverse NFA and its lazy DFA are built on the first search that needs the start of a
//!   match (the parse is kept until then): many regexes are only asked whether they match, or
//!   only match where a search starts.
//!
//! A search runs as the meta regex runs one: the forward lazy DFA finds where the leftmost-first
//! match ends (or only whether there is one), the reverse lazy DFA, anchored there, where it
//! starts; groups are then read by the bounded backtracker (or the PikeVM when the match is too
//! long for it) anchored on that match. A lazy DFA that gives up (its cache cleared too often)
//! hands the search to the PikeVM, as the meta regex does. A pattern that can match the empty
//! string, or whose lazy DFAs do not build, is left to the meta regex itself.
//!
//! [`LineRegex`] answers the part of `regex::Regex`'s interface these callers use, so a
//! `static X: LazyLock<LineRegex>` reads like the `regex::Regex` it replaces.

use std::cell::RefCell;
use std::ops::{Index, Range};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::meta;
use regex_automata::nfa::thompson::{self, backtrack, pikevm, WhichCaptures, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::{Anchored, Input, Match, MatchKind};
use regex_syntax::hir::Hir;

pub struct LineRegex(Engine);

#[derive(Clone)]
enum Engine {
    Own(Box<Engines>),
    Meta(meta::Regex),
}

/// The engines of one regex, built from its two NFAs.
struct Engines {
    /// Forward lazy DFA: leftmost-first match ends.
    fwd: DFA,
    /// Reverse lazy DFA: the start of a match whose end is known; built on first use from
    /// `pending` (None: it did not build, the PikeVM searches instead).
    rev: OnceLock<Option<DFA>>,
    /// How to parse the pattern again, and the NFA size limit, for the reverse NFA until it
    /// is compiled (the parse itself is not kept: ~2 MB over a run for the few regexes that
    /// ever need the reverse engine).
    pending: Mutex<Option<(Reparse, usize)>>,
    pikevm: pikevm::PikeVM,
    backtrack: backtrack::BoundedBacktracker,
    /// Each thread's caches, made on first use.
    caches: Pool<Caches>,
}

/// The text a pattern was parsed from and the parser, to parse it again.
#[derive(Clone)]
pub(crate) struct Reparse {
    pub(crate) text: Box<str>,
    pub(crate) parse: fn(&str) -> Option<Hir>,
}

/// Bumped between repositories ([`release_search_state`]): the large caches a regex made before
/// are dropped on its next search, so the lazy-DFA states built for one repository's texts do
/// not stay for the rest of the run.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Let every regex drop its large search caches before its next search (called between
/// repositories: memory is then bounded by one repository's searches, not the run's).
pub fn release_search_state() {
    GENERATION.fetch_add(1, Ordering::Relaxed);
}

#[derive(Default)]
struct Caches {
    /// The [`GENERATION`] these caches were made in.
    generation: u64,
    fwd: Option<lazy::Cache>,
    rev: Option<lazy::Cache>,
    pikevm: Option<pikevm::Cache>,
    backtrack: Option<backtrack::Cache>,
}

/// The `regex` crate's default NFA size limit.
const SIZE_LIMIT: usize = 10 * (1 << 20);

/// The lazy DFA's cache, as the `regex` crate sets it.
const HYBRID_CACHE: usize = 2 * (1 << 20);

/// The NFA configuration of the `regex` crate's meta regex (UTF-8 empty matches, a size
/// limit, every group), forward or reversed (no groups).
fn nfa_config(reverse: bool, size_limit: usize) -> thompson::Config {
    let config = thompson::Config::new()
        .utf8(true)
        .nfa_size_limit(Some(size_limit))
        .shrink(false);
    if reverse {
        config.which_captures(WhichCaptures::None).reverse(true)
    } else {
        config.which_captures(WhichCaptures::All)
    }
}

thread_local! {
    /// One compiler per direction and thread, reused for every regex built there.
    static COMPILERS: RefCell<Option<(thompson::Compiler, thompson::Compiler)>> =
        const { RefCell::new(None) };
}

/// The lazy DFA configuration of the meta regex (forward: leftmost-first; reverse: every
/// match, to find the leftmost start).
fn dfa_config(reverse: bool) -> lazy::Config {
    let config = lazy::Config::new()
        .starts_for_each_pattern(true)
        .byte_classes(true)
        .unicode_word_boundary(true)
        .specialize_start_states(false)
        .cache_capacity(HYBRID_CACHE)
        .skip_cache_capacity_check(false)
        .minimum_cache_clear_count(Some(3))
        .minimum_bytes_per_state(Some(10));
    if reverse {
        config.match_kind(MatchKind::All)
    } else {
        config.match_kind(MatchKind::LeftmostFirst)
    }
}

/// A cache holding more than this when a repository ends is dropped (made again by the next
/// search); smaller ones are kept. Over the corpus (docs/performance.md, twentieth session):
/// dropping every cache cut the peak RSS by 7.6 MB for 40 % more instructions, over 64 KiB by
/// 5.3 MB for 5.3 %, over 256 KiB by 3.3 MB for 1.3 %.
const KEPT_CACHE: usize = 256 * 1024;

impl Caches {
    /// Drop the caches holding more than [`KEPT_CACHE`].
    fn drop_large(&mut self) {
        drop_if_large(&mut self.fwd, lazy::Cache::memory_usage);
        drop_if_large(&mut self.rev, lazy::Cache::memory_usage);
        drop_if_large(&mut self.pikevm, pikevm::Cache::memory_usage);
        drop_if_large(&mut self.backtrack, backtrack::Cache::memory_usage);
    }
}

fn drop_if_large<C>(cache: &mut Option<C>, memory_usage: fn(&C) -> usize) {
    if cache.as_ref().is_some_and(|c| memory_usage(c) > KEPT_CACHE) {
        *cache = None;
    }
}

impl Engines {
    /// The engines of a parsed pattern, or None where the meta regex is to be used: a pattern
    /// that can match the empty string, an NFA over `size_limit`, a lazy DFA that does not
    /// build. The reverse engine is built later, from the pattern parsed `again`, if a search
    /// needs it.
    fn from_hir(hir: Hir, size_limit: usize, again: Reparse) -> Option<Engines> {
        let nfa = COMPILERS.with(|c| {
            let mut c = c.borrow_mut();
            let (fwd, _) =
                c.get_or_insert_with(|| (thompson::Compiler::new(), thompson::Compiler::new()));
            fwd.configure(nfa_config(false, size_limit));
            fwd.build_from_hir(&hir).ok()
        })?;
        if nfa.has_empty() {
            return None;
        }
        let fwd = lazy::Builder::new()
            .configure(dfa_config(false))
            .build_from_nfa(nfa.clone())
            .ok()?;
        Some(Engines {
            fwd,
            rev: OnceLock::new(),
            pending: Mutex::new(Some((again, size_limit))),
            pikevm: pikevm::PikeVM::new_from_nfa(nfa.clone()).ok()?,
            backtrack: backtrack::BoundedBacktracker::new_from_nfa(nfa).ok()?,
            caches: Pool::new(Caches::default),
        })
    }

    /// The reverse lazy DFA, built on first use (None if it does not build).
    fn rev(&self) -> Option<&DFA> {
        self.rev
            .get_or_init(|| {
                let (again, size_limit) = self.pending.lock().ok()?.take()?;
                let hir = (again.parse)(&again.text)?;
                let nfarev = COMPILERS.with(|c| {
                    let mut c = c.borrow_mut();
                    let (_, rev) = c.get_or_insert_with(|| {
                        (thompson::Compiler::new(), thompson::Compiler::new())
                    });
                    rev.configure(nfa_config(true, size_limit));
                    rev.build_from_hir(&hir).ok()
                })?;
                lazy::Builder::new()
                    .configure(dfa_config(true))
                    .build_from_nfa(nfarev)
                    .ok()
            })
            .as_ref()
    }

    /// This thread's caches, emptied if made before the last [`release_search_state`].
    fn caches(&self) -> PoolGuard<'_, Caches, fn() -> Caches> {
        let mut caches = self.caches.get();
        let now = GENERATION.load(Ordering::Relaxed);
        if caches.generation != now {
            caches.generation = now;
            caches.drop_large();
        }
        caches
    }

    fn nfa(&self) -> &NFA {
        self.pikevm.get_nfa()
    }

    /// Is there a match in `input`? (As the meta regex: the forward lazy DFA stopping at the
    /// first match state, else the PikeVM.)
    fn is_match(&self, input: &Input<'_>) -> bool {
        let input = input.clone().earliest(true);
        let mut caches = self.caches();
        let fwd = caches.fwd.get_or_insert_with(|| self.fwd.create_cache());
        match self.fwd.try_search_fwd(fwd, &input) {
            Ok(found) => found.is_some(),
            Err(_) => {
                let cache = caches
                    .pikevm
                    .get_or_insert_with(|| self.pikevm.create_cache());
                self.pikevm.is_match(cache, input)
            }
        }
    }

    /// The leftmost-first match in `input`.
    fn search(&self, input: &Input<'_>) -> Option<Match> {
        let mut caches = self.caches();
        match self.try_search(&mut caches, input) {
            Ok(found) => found,
            Err(()) => {
                let cache = caches
                    .pikevm
                    .get_or_insert_with(|| self.pikevm.create_cache());
                self.pikevm.find(cache, input.clone())
            }
        }
    }

    /// The lazy DFAs' search (`hybrid::regex::Regex::try_search`); Err when one gave up.
    fn try_search(&self, caches: &mut Caches, input: &Input<'_>) -> Result<Option<Match>, ()> {
        let fwd = caches.fwd.get_or_insert_with(|| self.fwd.create_cache());
        let Some(end) = self.fwd.try_search_fwd(fwd, input).map_err(|_| ())? else {
            return Ok(None);
        };
        let anchored = match input.get_anchored() {
            Anchored::No => self.nfa().is_always_start_anchored(),
            Anchored::Yes | Anchored::Pattern(_) => true,
        };
        if input.start() == end.offset() || anchored {
            return Ok(Some(Match::new(end.pattern(), input.start()..end.offset())));
        }
        let back = input
            .clone()
            .span(input.start()..end.offset())
            .anchored(Anchored::Yes)
            .earliest(false);
        let dfa = self.rev().ok_or(())?;
        let rev = caches.rev.get_or_insert_with(|| dfa.create_cache());
        match dfa.try_search_rev(rev, &back).map_err(|_| ())? {
            Some(start) => Ok(Some(Match::new(
                end.pattern(),
                start.offset()..end.offset(),
            ))),
            // Cannot be: the reverse NFA matches what the forward one matched.
            None => Err(()),
        }
    }

    /// The leftmost-first match in `input` with its groups, into `caps`.
    fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        let Some(m) = self.search(input) else {
            return;
        };
        let on_match = input
            .clone()
            .span(m.range())
            .anchored(Anchored::Pattern(m.pattern()));
        let mut caches = self.caches();
        if m.len() <= self.backtrack.max_haystack_len() {
            let cache = caches
                .backtrack
                .get_or_insert_with(|| self.backtrack.create_cache());
            if self.backtrack.try_search(cache, &on_match, caps).is_ok() {
                return;
            }
        }
        let cache = caches
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search(cache, &on_match, caps);
    }
}

impl LineRegex {
    /// Compile a built-in pattern (covered by tests; never user input).
    pub fn new(pattern: &str) -> LineRegex {
        let ascii = crate::ascii_regex::ascii_classes(pattern);
        // A syntax error is reported by the meta regex.
        let again = Reparse {
            text: ascii.into(),
            parse: |text| regex_automata::util::syntax::parse(text).ok(),
        };
        let engines =
            (again.parse)(&again.text).and_then(|hir| Engines::from_hir(hir, SIZE_LIMIT, again));
        match engines {
            Some(engines) => LineRegex(Engine::Own(Box::new(engines))),
            None => LineRegex(Engine::Meta(super::constant_rare_regex(pattern))),
        }
    }

    fn create_captures(&self) -> Captures {
        match &self.0 {
            Engine::Own(e) => Captures::all(e.nfa().group_info().clone()),
            Engine::Meta(re) => re.create_captures(),
        }
    }

    fn search(&self, input: &Input<'_>) -> Option<Match> {
        match &self.0 {
            Engine::Own(e) => e.search(input),
            Engine::Meta(re) => re.search(input),
        }
    }

    fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        match &self.0 {
            Engine::Own(e) => e.search_captures(input, caps),
            Engine::Meta(re) => re.search_captures(input, caps),
        }
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        match &self.0 {
            Engine::Own(e) => e.is_match(&Input::new(haystack)),
            Engine::Meta(re) => re.is_match(haystack),
        }
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Found<'h>> {
        self.search(&Input::new(haystack)).map(|m| Found {
            haystack,
            range: m.range(),
        })
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Found<'h>> + 'r
    where
        'h: 'r,
    {
        let mut it = Searcher::new(Input::new(haystack));
        std::iter::from_fn(move || {
            it.advance(|input| Ok(self.search(input))).map(|m| Found {
                haystack,
                range: m.range(),
            })
        })
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let mut caps = self.create_captures();
        self.search_captures(&Input::new(haystack), &mut caps);
        caps.is_match().then_some(Groups { haystack, caps })
    }

    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        let mut it = Searcher::new(Input::new(haystack));
        let mut caps = self.create_captures();
        std::iter::from_fn(move || {
            let _ = it.advance(|input| {
                self.search_captures(input, &mut caps);
                Ok(caps.get_match())
            });
            caps.is_match().then(|| Groups {
                haystack,
                caps: caps.clone(),
            })
        })
    }
}

impl Clone for Engines {
    /// The same engines, with no caches yet.
    fn clone(&self) -> Engines {
        Engines {
            fwd: self.fwd.clone(),
            rev: self.rev.clone(),
            pending: Mutex::new(self.pending.lock().ok().and_then(|p| p.clone())),
            pikevm: self.pikevm.clone(),
            backtrack: self.backtrack.clone(),
            caches: Pool::new(Caches::default),
        }
    }
}

/// A claim pattern's regex (`super::lazy_regex::LazyRegex`): the engines of a
/// [`LineRegex`], or a meta regex, searched through the meta regex's interface.
#[derive(Clone)]
pub struct Matcher(Engine);

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Engine::Own(_) => "Matcher(own engines)",
            Engine::Meta(_) => "Matcher(meta regex)",
        })
    }
}

impl Matcher {
    /// The engines of a parsed pattern, None where the caller is to build a meta regex (see
    /// [`Engines::from_hir`]).
    pub(crate) fn from_hir(hir: Hir, size_limit: usize, again: Reparse) -> Option<Matcher> {
        Engines::from_hir(hir, size_limit, again).map(|e| Matcher(Engine::Own(Box::new(e))))
    }

    pub(crate) fn meta(re: meta::Regex) -> Matcher {
        Matcher(Engine::Meta(re))
    }

    pub fn is_match<'h, I: Into<Input<'h>>>(&self, input: I) -> bool {
        let input = input.into();
        match &self.0 {
            Engine::Own(e) => e.is_match(&input),
            Engine::Meta(re) => re.is_match(input),
        }
    }

    pub fn find<'h, I: Into<Input<'h>>>(&self, input: I) -> Option<Match> {
        let input = input.into();
        match &self.0 {
            Engine::Own(e) => e.search(&input),
            Engine::Meta(re) => re.search(&input),
        }
    }

    pub fn find_iter<'r, 'h, I: Into<Input<'h>>>(
        &'r self,
        input: I,
    ) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        let mut it = Searcher::new(input.into());
        std::iter::from_fn(move || it.advance(|input| Ok(self.find(input.clone()))))
    }
}

/// A match: what `regex::Match` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'h> {
    haystack: &'h str,
    range: Range<usize>,
}

impl<'h> Found<'h> {
    pub fn start(&self) -> usize {
        self.range.start
    }

    pub fn end(&self) -> usize {
        self.range.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.range.clone()]
    }
}

/// The groups of a match: what `regex::Captures` gives.
pub struct Groups<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    pub fn get(&self, i: usize) -> Option<Found<'h>> {
        self.caps.get_group(i).map(|s| Found {
            haystack: self.haystack,
            range: s.range(),
        })
    }

    pub fn name(&self, name: &str) -> Option<Found<'h>> {
        self.caps.get_group_by_name(name).map(|s| Found {
            haystack: self.haystack,
            range: s.range(),
        })
    }
}

impl Index<usize> for Groups<'_> {
    type Output = str;

    /// The group's text; panics when the group did not take part in the match, as
    /// `regex::Captures` does.
    fn index(&self, i: usize) -> &str {
        match self.caps.get_group(i) {
            Some(s) => &self.haystack[s.range()],
            None => panic!("no group at index '{i}'"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_caches_are_dropped() {
        let mut small = Some(vec![0u8; KEPT_CACHE]);
        drop_if_large(&mut small, |v| v.len());
        assert!(small.is_some());
        let mut large = Some(vec![0u8; KEPT_CACHE + 1]);
        drop_if_large(&mut large, |v| v.len());
        assert!(large.is_none());
    }

    /// Same matches, positions and groups as the `regex` crate's `Regex` of the pattern with
    /// ASCII classes, searched once, repeatedly, and with groups.
    #[test]
    fn matches_as_the_regex_crate_matches() {
        let cases: &[(&str, &[&str])] = &[
            (
                r"(?i)\b(not|never|no|without)\b",
                &["Never NOT no", "nothing known", "", "é no é"],
            ),
            (
                r"(?i)\b(kept|keeps?)\b[^.;]{0,40}?\b(\d{1,3})\s+days?\b",
                &[
                    "Artifacts are KEPT for 90 days; kept 5 days",
                    "kept. 9 days",
                ],
            ),
            (
                r"(?i)\bdeploy(?:s|ing)?\b[^.;]{0,30}?\b(?P<noun>tags?|versions?)\b",
                &["deploys a specific TAG", "deploy é versions", "deploy. tag"],
            ),
            (
                r"`:?([A-Za-z][\w.-]*-)<[\w-]+>`",
                &["`edge-<sha>` and `:pr-<n>`"],
            ),
            (r"a*", &["", "baaab", "é"]),
            (
                r"^(?i)deploy(s|ed)?\b",
                &["Deploys now", "we deploy", "DEPLOYED. deploy"],
            ),
            (
                r"(?i)(\w+)@(v\d+)?(\.\d+)?",
                &["actions/checkout@v4 and foo@ and bar@v1.2", "é@v2"],
            ),
            (r"(\d+)\s*$", &["build 42", "42 builds", "1 2 3  "]),
            (
                r"(?i)\bstart\b[^;]*?\b(end|stop)\b",
                &[
                    "START here, then END; start again; stop",
                    "start and no finish; end",
                ],
            ),
            (r"(?i)\b(tag|release)s?\b", &["Tags, RELEASE and ÉTAGS tag"]),
        ];
        let long = format!("start {} end; and stop", "word ".repeat(20_000));
        let long_cases: &[(&str, &[&str])] =
            &[(r"(?i)\bstart\b[^;]*?\b(end|stop)\b", &[long.as_str()])];
        for (pattern, texts) in cases.iter().chain(long_cases) {
            let theirs = regex::Regex::new(&crate::ascii_regex::ascii_classes(pattern)).unwrap();
            let ours = LineRegex::new(pattern);
            // Only a pattern matching the empty string is left to the meta regex.
            assert_eq!(
                matches!(ours.0, Engine::Own(_)),
                !theirs.is_match(""),
                "{pattern}"
            );
            for text in *texts {
                let want: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
                let got: Vec<_> = ours.find_iter(text).map(|m| m.start()..m.end()).collect();
                assert_eq!(got, want, "{pattern} in {text:?}");
                assert_eq!(ours.is_match(text), theirs.is_match(text));
                let first = ours.find(text).map(|m| (m.start()..m.end(), m.as_str()));
                let want = theirs.find(text).map(|m| (m.range(), m.as_str()));
                assert_eq!(first, want, "{pattern} in {text:?}");
                let groups = |c: &Groups| -> Vec<Option<Range<usize>>> {
                    (0..theirs.captures_len())
                        .map(|i| c.get(i).map(|m| m.start()..m.end()))
                        .collect()
                };
                let theirs_groups = |c: &regex::Captures| -> Vec<Option<Range<usize>>> {
                    c.iter().map(|g| g.map(|m| m.range())).collect()
                };
                assert_eq!(
                    ours.captures(text).map(|c| groups(&c)),
                    theirs.captures(text).map(|c| theirs_groups(&c)),
                    "groups of {pattern} in {text:?}"
                );
                let all: Vec<_> = ours.captures_iter(text).map(|c| groups(&c)).collect();
                let want: Vec<_> = theirs
                    .captures_iter(text)
                    .map(|c| theirs_groups(&c))
                    .collect();
                assert_eq!(all, want, "every match of {pattern} in {text:?}");
                // The same after the caches are let go (as between repositories).
                release_search_state();
                let again: Vec<_> = ours.captures_iter(text).map(|c| groups(&c)).collect();
                assert_eq!(again, want, "every match of {pattern} in {text:?}, again");
                for c in ours.captures_iter(text) {
                    let named = c.name("noun").map(|m| m.as_str());
                    let want = theirs
                        .captures_at(text, c.get(0).map_or(0, |m| m.start()))
                        .and_then(|t| t.name("noun").map(|m| m.as_str()));
                    assert_eq!(named, want);
                    if let Some(g) = c.get(1) {
                        assert_eq!(&c[1], g.as_str());
                    }
                }
            }
        }
    }
}
