//! `event-filter`: event filters GitHub rejects or that cannot match as meant: a filter with
//! its `-ignore` twin on one event, invalid glob patterns and ref names, path patterns with
//! surrounding spaces or `.`/`..` segments, invalid cron expressions and schedules more
//! frequent than every 5 minutes, more workflow_dispatch inputs than GitHub accepts.

use super::{Ctx, Rule};
use crate::filter::Pattern;
use crate::finding::Finding;
use crate::source::Span;
use crate::workflow::{Spanned, Trigger};

pub struct EventFilter;

/// GitHub's limit on workflow_dispatch inputs (raised from 10 to 25 in December 2025).
const MAX_DISPATCH_INPUTS: usize = 25;

impl Rule for EventFilter {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            let mut problems = Vec::new();
            for t in &wf.triggers {
                trigger_problems(t, &mut problems);
            }
            for (span, message) in problems {
                out.push(cx.finding(Self::ID, &wf.file, span, message));
            }
        }
    }
}

type List = Option<Vec<Spanned<String>>>;

fn trigger_problems(t: &Trigger, out: &mut Vec<(Span, String)>) {
    let f = &t.filters;
    let pairs: [(&str, &List, &List, bool); 3] = [
        ("branches", &f.branches, &f.branches_ignore, true),
        ("tags", &f.tags, &f.tags_ignore, true),
        ("paths", &f.paths, &f.paths_ignore, false),
    ];
    for (name, include, ignore, refs) in pairs {
        if let (Some(inc), Some(ign)) = (include, ignore) {
            // At whichever of the two comes second in the file.
            let span = match (inc.first(), ign.first()) {
                (Some(a), Some(b)) => {
                    if a.span.start.offset > b.span.start.offset {
                        a.span
                    } else {
                        b.span
                    }
                }
                (a, b) => a.or(b).map_or(t.span, |s| s.span),
            };
            out.push((
                span,
                format!("`{name}` and `{name}-ignore` on one `{}` event: GitHub rejects the workflow; use `{name}` with `!pattern` entries", t.event),
            ));
        }
        for list in [include, ignore].into_iter().flatten() {
            for p in list {
                if let Some(message) = pattern_problem(&p.value, refs) {
                    out.push((p.span, message));
                }
            }
        }
    }
    for cron in &t.crons {
        if let Some(message) = cron_problem(&cron.value) {
            out.push((cron.span, message));
        }
    }
    if t.event == "workflow_dispatch" && t.inputs.len() > MAX_DISPATCH_INPUTS {
        out.push((
            t.span,
            format!(
                "workflow_dispatch has {} inputs; GitHub accepts at most {MAX_DISPATCH_INPUTS}",
                t.inputs.len()
            ),
        ));
    }
}

fn pattern_problem(raw: &str, refs: bool) -> Option<String> {
    if raw.is_empty() {
        return None; // Empty values are workflow-syntax findings.
    }
    if let Err(e) = Pattern::parse(raw) {
        return Some(format!("invalid pattern `{raw}`: {}", e.message));
    }
    let body = raw.strip_prefix('!').unwrap_or(raw);
    if refs {
        ref_problem(body).map(|m| format!("`{raw}` can never match a branch or tag: {m}"))
    } else if body.trim() != body {
        Some(format!("path pattern `{raw}` has leading or trailing spaces"))
    } else if body.split('/').any(|s| s == "." || s == "..") {
        Some(format!(
            "path pattern `{raw}` has a `.` or `..` segment; paths are relative to the repository root and never contain them"
        ))
    } else {
        None
    }
}

/// Characters git never allows in a ref name (`git check-ref-format`), outside glob syntax.
fn ref_problem(body: &str) -> Option<String> {
    if body.starts_with('/') || body.ends_with('/') {
        return Some("a ref name does not start or end with `/`".to_string());
    }
    if body.ends_with('.') || body.contains("..") || body.contains("@{") {
        return Some("a ref name has no `..`, `@{` or trailing `.`".to_string());
    }
    for c in body.chars() {
        match c {
            '\\' => {
                // An escaped glob character is literal; git refs cannot contain it either.
                return Some("a ref name cannot contain `\\` or the character it escapes".to_string());
            }
            ' ' | '~' | '^' | ':' => {
                return Some(format!("a ref name cannot contain `{c}`"));
            }
            c if c.is_control() => return Some("a ref name cannot contain control characters".to_string()),
            _ => {}
        }
    }
    None
}

/// The fields of a cron expression: name, low, high.
const FIELDS: [(&str, u32, u32); 5] = [
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 6),
];
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn cron_problem(cron: &str) -> Option<String> {
    if cron.trim().is_empty() {
        return None; // workflow-syntax reports empty strings.
    }
    let fields: Vec<&str> = cron.split_whitespace().collect();
    if fields.len() != 5 {
        return Some(format!(
            "cron `{cron}` has {} fields; GitHub takes 5 (minute hour day-of-month month day-of-week)",
            fields.len()
        ));
    }
    let mut sets = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        match cron_field(field, i) {
            Ok(set) => sets.push(set),
            Err(m) => return Some(format!("cron `{cron}`: {} field `{field}`: {m}", FIELDS[i].0)),
        }
    }
    let minutes = &sets[0];
    let hours = &sets[1];
    // The shortest gap between two runs within the same hour (cyclic over the hour when the
    // next hour also runs).
    let mut gap = u32::MAX;
    for w in minutes.windows(2) {
        gap = gap.min(w[1] - w[0]);
    }
    if minutes.len() > 1 && hours.len() == 24 {
        if let (Some(first), Some(last)) = (minutes.first(), minutes.last()) {
            gap = gap.min(60 - last + first);
        }
    }
    (gap < 5).then(|| {
        format!("cron `{cron}` runs every {gap} minute(s); GitHub runs schedules at most every 5 minutes")
    })
}

/// The values a cron field selects, sorted.
fn cron_field(field: &str, index: usize) -> Result<Vec<u32>, String> {
    let (_, low, high) = FIELDS[index];
    let mut values = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => {
                let step: u32 = s.parse().map_err(|_| format!("step `{s}` is not a number"))?;
                if step == 0 {
                    return Err("a step of 0".to_string());
                }
                (r, step)
            }
            None => (item, 1),
        };
        let (from, to) = if range == "*" {
            (low, high)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a, index)?, value(b, index)?)
        } else {
            let v = value(range, index)?;
            (v, if item.contains('/') { high } else { v })
        };
        if from > to {
            return Err(format!("range `{range}` is reversed"));
        }
        let mut v = from;
        while v <= to {
            values.push(v);
            v += step;
        }
    }
    values.sort_unstable();
    values.dedup();
    Ok(values)
}

fn value(text: &str, index: usize) -> Result<u32, String> {
    let (_, low, high) = FIELDS[index];
    let lower = text.to_ascii_lowercase();
    let named = match index {
        3 => MONTHS.iter().position(|m| *m == lower).map(|i| i as u32 + 1),
        4 => DAYS.iter().position(|d| *d == lower).map(|i| i as u32),
        _ => None,
    };
    let v = match named {
        Some(v) => v,
        None => text
            .parse::<u32>()
            .map_err(|_| format!("`{text}` is not a number"))?,
    };
    // Day of week 7 is Sunday in most cron dialects.
    let high = if index == 4 { 7 } else { high };
    if v < low || v > high {
        return Err(format!("`{v}` is outside {low}-{high}"));
    }
    Ok(if index == 4 && v == 7 { 0 } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_expressions() {
        assert_eq!(cron_problem("0 3 * * 1"), None);
        assert_eq!(cron_problem("*/5 * * * *"), None);
        assert_eq!(cron_problem("0,30 9-17 * JAN-MAR mon-fri"), None);
        assert!(cron_problem("*/4 * * * *").is_some());
        assert!(cron_problem("0,58 * * * *").is_some());
        assert!(cron_problem("61 * * * *").is_some());
        assert!(cron_problem("0 3 * *").is_some());
        assert!(cron_problem("0 3 * * 8").is_some());
    }

    #[test]
    fn patterns() {
        assert_eq!(pattern_problem("release/**", true), None);
        assert_eq!(pattern_problem("!v1.*", true), None);
        assert!(pattern_problem("feature x", true).is_some());
        assert!(pattern_problem("[9-0]", true).is_some());
        assert!(pattern_problem("!", true).is_some());
        assert!(pattern_problem("./src/**", false).is_some());
        assert!(pattern_problem(" src/**", false).is_some());
        assert_eq!(pattern_problem("src/**/*.rs", false), None);
    }
}
