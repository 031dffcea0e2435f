//! Prose claims: sentences of paragraphs, list items and table cells matched against the
//! patterns of `rules/claims.yml`.

use std::borrow::Cow;
use std::ops::Range;

use super::blocks::{Blocks, TextBlock, TextRole};
use super::env::EnvStrength;
use super::kinds::ProseKind;
use super::literals::Verdicts;
use super::patterns::{may_match, ClaimPattern, ClaimPatterns};
use super::route::{is_branch_token, is_tag_token};
use super::{Claim, ClaimKind, Ctx};

/// A text block split into sentences.
pub(crate) struct BlockSentences<'t> {
    /// The block text with line breaks as spaces (same length, so offsets stay valid).
    pub flat: Cow<'t, str>,
    /// Sentence ranges in `flat`, see [`sentences`].
    pub ranges: Vec<Range<usize>>,
    /// Per sentence: which claim patterns and trigger description cues can match it, numbered
    /// as `ClaimPatterns::split` reads them.
    pub candidates: Verdicts,
}

/// The sentences of every text block, in block order.
pub(crate) fn block_sentences<'t>(
    blocks: &'t Blocks,
    patterns: &ClaimPatterns,
) -> Vec<BlockSentences<'t>> {
    let prefilter = patterns.literals();
    blocks
        .texts
        .iter()
        .map(|block| {
            let flat = flatten(&block.text);
            let ranges = sentences(block, &flat);
            let candidates =
                prefilter.map_or_else(Verdicts::unknown, |l| l.candidates(&flat, &ranges));
            BlockSentences {
                flat,
                ranges,
                candidates,
            }
        })
        .collect()
}

/// `text` with `\n` and `\r` as spaces (as `replace`, but a byte search: both are ASCII);
/// borrowed when there are none.
fn flatten(text: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', text.as_bytes()) {
        out.push_str(text.get(copied..i).unwrap_or(""));
        out.push(' ');
        copied = i + 1;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Cow::Owned(out)
}

pub(crate) fn prose_claims(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let pattern_count: usize = ctx.patterns.claims.iter().map(|c| c.patterns.len()).sum();
    for (block, split) in ctx.blocks.texts.iter().zip(ctx.sentences) {
        let heading = block
            .section
            .and_then(|i| ctx.blocks.texts.get(i))
            .map_or("", |h| h.text.as_str());
        // A table cell is read with its row: "| prod | requires approval |".
        let row = block.row_text.as_deref().unwrap_or("");
        let flat = &split.flat;
        for (k, sentence) in split.ranges.iter().cloned().enumerate() {
            let Some(text) = flat.get(sentence.clone()) else {
                continue;
            };
            // Which patterns (numbered across entries) can match this sentence at all.
            let candidates = ctx.patterns.split(split.candidates.row(k)).claims;
            // Every pattern has a verdict and none can match: no entry can.
            if candidates.len() == pattern_count && !candidates.contains(&true) {
                continue;
            }
            let mut first_pattern = 0;
            for entry in &ctx.patterns.claims {
                let these = candidates.get(first_pattern..).unwrap_or_default();
                first_pattern += entry.patterns.len();
                if block.role == TextRole::Heading && !entry.headings {
                    continue;
                }
                if !(0..entry.patterns.len()).any(|i| may_match(these, i)) {
                    continue;
                }
                let heading = if entry.heading_context { heading } else { "" };
                let Some(m) = first_match(ctx, entry, these, text, &[heading, row]) else {
                    continue;
                };
                let start = sentence.start + m.start;
                let end = sentence.start + m.end;
                out.push(Claim {
                    kind: ClaimKind::Prose {
                        claim: entry.kind,
                        env: sentence_env(ctx, text).or_else(|| sentence_env(ctx, row)),
                        pattern: sentence_pattern(block, &sentence, entry.kind),
                    },
                    span: ctx
                        .file
                        .span(block.source_offset(start), block.source_offset(end)),
                    text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
        }
    }
}

/// The earliest match of the entry's patterns, if its filters let the sentence through.
/// `candidates` tells, per pattern, whether it can match at all (the others are skipped).
fn first_match(
    ctx: &Ctx<'_>,
    entry: &ClaimPattern,
    candidates: &[bool],
    sentence: &str,
    surroundings: &[&str],
) -> Option<Range<usize>> {
    let m = entry
        .patterns
        .iter()
        .enumerate()
        .filter(|(i, _)| may_match(candidates, *i))
        .filter_map(|(_, re)| re.find(sentence))
        .min_by_key(|m| (m.start(), m.end()))?;
    // Phrases this kind allows are blanked before the negations are tried.
    let mut negation_text = Cow::Borrowed(sentence);
    for re in &entry.allow {
        let ranges: Vec<Range<usize>> = re.find_iter(sentence).map(|m| m.range()).collect();
        if !ranges.is_empty() {
            let mut bytes = negation_text.into_owned().into_bytes();
            for r in ranges {
                if let Some(part) = bytes.get_mut(r) {
                    part.fill(b' ');
                }
            }
            // Only whole matches of a valid regex were blanked: still UTF-8 on char bounds.
            negation_text = Cow::Owned(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let excluded = entry.exclude.iter().any(|re| re.is_match(sentence))
        || ctx
            .patterns
            .exclude_all
            .iter()
            .any(|re| re.is_match(negation_text.as_ref()));
    let in_context = entry.context.is_empty()
        || entry
            .context
            .iter()
            .any(|re| re.is_match(sentence) || surroundings.iter().any(|s| re.is_match(s)));
    (!excluded && in_context).then(|| m.range())
}

/// Sentence ranges in the flattened block text: split after `.`, `!` or `?` followed by a space,
/// and at hard line breaks. Periods inside inline code do not end a sentence.
pub(crate) fn sentences(block: &TextBlock, flat: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = flat.as_bytes();
    // Both lists are in text order, so binary searches keep long paragraphs linear-ish.
    let in_code = |i: usize| {
        let idx = block.code_spans.partition_point(|s| s.end <= i);
        block.code_spans.get(idx).is_some_and(|s| s.contains(&i))
    };
    let mut visit = |i: usize| {
        let Some(&b) = bytes.get(i) else { return };
        let boundary = (matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace)
            && !in_code(i)
            && !ends_with_abbreviation(flat.get(..i).unwrap_or("")))
            || block.hard_breaks.binary_search(&i).is_ok();
        if boundary {
            out.push(start..i + 1);
            start = i + 1;
        }
    };
    // Only these offsets can end a sentence: the punctuation and the hard breaks, in order.
    let punctuation = memchr::memchr3_iter(b'.', b'!', b'?', bytes);
    if block.hard_breaks.is_empty() {
        punctuation.for_each(&mut visit);
    } else {
        let mut marks: Vec<usize> = punctuation.collect();
        marks.extend(&block.hard_breaks);
        marks.sort_unstable();
        marks.dedup();
        marks.into_iter().for_each(&mut visit);
    }
    out.push(start..flat.len());
    out.retain(|r| flat.get(r.clone()).is_some_and(|s| !s.trim().is_empty()));
    out
}

/// "e.g." and friends do not end a sentence.
fn ends_with_abbreviation(before_period: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &["e.g", "i.e", "vs", "cf", "approx", "incl"];
    let last_word = before_period
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if last_word.is_ascii() {
        // ASCII lowercasing is all `to_lowercase` would do here, without allocating.
        return ABBREVIATIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(last_word));
    }
    ABBREVIATIONS.contains(&last_word.to_lowercase().as_str())
}

/// The first environment named in the sentence. Weak words (dev, test) only count when
/// written as "… environment".
fn sentence_env(ctx: &Ctx<'_>, sentence: &str) -> Option<String> {
    ctx.patterns
        .env_words
        .find(sentence, &ctx.patterns.aliases)
        .into_iter()
        .find(|e| e.strength == EnvStrength::Strong)
        .map(|e| e.canonical)
}

/// A tag or branch pattern named in the sentence: inline code first, then glob-like words.
fn sentence_pattern(block: &TextBlock, sentence: &Range<usize>, kind: ProseKind) -> Option<String> {
    let mut candidates: Vec<&str> = block
        .code_spans_within(sentence)
        .iter()
        .filter_map(|s| block.text.get(s.clone()))
        .map(str::trim)
        .collect();
    let words = block
        .text
        .get(sentence.clone())
        .unwrap_or("")
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\'' | '`'))
        })
        .filter(|w| w.contains('*'));
    candidates.extend(words);
    let tag = candidates.iter().find(|c| is_tag_token(c));
    // A name in code the sentence calls a branch ("the `staging` branch") is one too.
    let called_branch = block
        .code_spans_within(sentence)
        .iter()
        .find(|s| {
            block
                .text
                .get(s.end..)
                .map(|t| t.trim_start_matches('`').trim_start().as_bytes())
                .is_some_and(|t| {
                    t.get(..6)
                        .is_some_and(|w| w.eq_ignore_ascii_case(b"branch"))
                })
        })
        .and_then(|s| block.text.get(s.clone()))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.contains(char::is_whitespace));
    let branch = candidates
        .iter()
        .find(|c| is_branch_token(c))
        .or(called_branch.as_ref());
    // A tag claim names a tag pattern, a branch claim a branch; others take either.
    let picked = if kind.is_branch_push() {
        branch
    } else if kind.is_tag_push() {
        tag
    } else {
        tag.or(branch)
    };
    picked.map(|p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::blocks::walk;
    use super::*;

    #[test]
    fn splits_sentences() {
        let blocks = walk("One (e.g. `a. b`) two. Three? Four!  Five\\\nsix `v1.2.` seven");
        let block = &blocks.texts[0];
        let flat = block.text.replace('\n', " ");
        let got: Vec<&str> = sentences(block, &flat)
            .into_iter()
            .filter_map(|r| flat.get(r))
            .map(str::trim)
            .collect();
        assert_eq!(
            got,
            vec![
                "One (e.g. `a. b`) two.",
                "Three?",
                "Four!",
                "Five",
                "six `v1.2.` seven"
            ]
        );
    }
}
