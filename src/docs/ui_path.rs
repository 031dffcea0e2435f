//! Click paths through the Actions page: "1. Go to the **Actions** tab 2. Click **"Deploy"**
//! 3. Click **Run workflow**", or on one line "Actions → Nightly Build → Run workflow". The
//! Actions page lists workflows by their `name:`, so the item clicked between the tab and the
//! Run-workflow button is a workflow's display name, a reference like any file name.

use super::{Claim, ClaimKind, Ctx};

/// Lines after the Actions step in which the workflow must be clicked, and lines after that
/// in which the Run-workflow button must follow (one numbered list).
const NAME_WITHIN: u32 = 3;
const BUTTON_WITHIN: u32 = 3;

pub(crate) fn ui_paths(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let file = ctx.file;
    let lines = file.line_count() as u32;
    let mut fenced = vec![false; lines as usize + 1];
    let mut in_fence = false;
    for line in 1..=lines {
        let t = file.line_text(line).trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            fenced[line as usize] = true;
        } else {
            fenced[line as usize] = in_fence;
        }
    }
    let prose = |line: u32| !fenced[line as usize];
    for line in 1..=lines {
        let text = file.line_text(line);
        // A shell comment in a fenced block ("# Go to Actions → Deploy → Run workflow") may
        // hold a one-line path; click steps over several lines are read in prose only.
        let comment = !prose(line) && text.trim_start().starts_with("# ");
        if !prose(line) && !comment {
            continue;
        }
        if !names_actions(text) {
            continue;
        }
        if let Some((col, len, name, button)) = one_line_path(text) {
            // "1. Go to Actions → Publish Release" over "2. Click Run workflow": the button
            // may come in the next steps; without it the path still names the workflow.
            let button = button || {
                let last = (line + BUTTON_WITHIN).min(lines);
                (line + 1..=last)
                    .take_while(|&l| prose(l) && !file.line_text(l).trim().is_empty())
                    .any(|l| mentions_run_button(file.line_text(l)))
            };
            if button {
                push(ctx, out, line, col, len, name);
            } else if !comment {
                push_ref(ctx, out, line, col, len, name);
            }
            continue;
        }
        if comment || !opens_actions_page(text) {
            continue;
        }
        // The next step that clicks a name, then the button.
        let last = (line + NAME_WITHIN).min(lines);
        let Some((name_line, (col, len, name))) = (line + 1..=last)
            .take_while(|&l| prose(l) && !file.line_text(l).trim().is_empty())
            .find_map(|l| clicked_name(file.line_text(l)).map(|c| (l, c)))
        else {
            choice_list(ctx, out, line, last, &prose);
            continue;
        };
        let button_last = (name_line + BUTTON_WITHIN).min(lines);
        let button = (name_line + 1..=button_last)
            .take_while(|&l| prose(l) && !file.line_text(l).trim().is_empty())
            .any(|l| mentions_run_button(file.line_text(l)));
        if button {
            push(ctx, out, name_line, col, len, name);
        }
    }
}

/// "2. Click on the workflow you want to run:" over a nested list of marked names, one per
/// item, then "3. Click **Run workflow**": each item is a workflow's display name (steps from
/// the line after `actions_line` to `last` are searched for the clicking step).
fn choice_list(
    ctx: &Ctx<'_>,
    out: &mut Vec<Claim>,
    actions_line: u32,
    last: u32,
    prose: &dyn Fn(u32) -> bool,
) {
    let file = ctx.file;
    let lines = file.line_count() as u32;
    let nonblank = |l: u32| prose(l) && !file.line_text(l).trim().is_empty();
    let Some(step) = (actions_line + 1..=last)
        .take_while(|&l| nonblank(l))
        .find(|&l| choice_step(file.line_text(l)))
    else {
        return;
    };
    let step_indent = indent(file.line_text(step));
    let mut items = Vec::new();
    let mut at = step + 1;
    while at <= lines && nonblank(at) {
        let text = file.line_text(at);
        if indent(text) <= step_indent {
            break;
        }
        let Some(item) = alone_marked_name(text) else {
            return;
        };
        items.push((at, item));
        at += 1;
    }
    if items.len() < 2 {
        return;
    }
    let button_last = (at + BUTTON_WITHIN - 1).min(lines);
    let button = (at..=button_last)
        .take_while(|&l| nonblank(l))
        .any(|l| mentions_run_button(file.line_text(l)));
    if !button {
        return;
    }
    for (l, (col, len, name)) in items {
        push(ctx, out, l, col, len, name);
    }
}

/// A step that clicks one of the workflows listed under it: a click verb, the word
/// "workflow", and a closing colon ("Click on the workflow you want to run:").
fn choice_step(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.ends_with(':')
        && ["click", "select", "choose", "pick", "open"]
            .iter()
            .any(|v| find_word(&lower, v).is_some())
        && find_word(&lower, "workflow").is_some()
}

fn indent(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// A bullet holding one marked name and nothing else: `- "Nightly Build"`, `* **Deploy**`.
fn alone_marked_name(text: &str) -> Option<(usize, usize, String)> {
    let t = text.trim_start();
    let bullet = t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))?;
    let col = text.len() - bullet.len() + (bullet.len() - bullet.trim_start().len());
    let (c, len, name) = marked_name(text, col)?;
    let rest = text.get(c + len..).unwrap_or("").trim();
    (c == col && rest.is_empty() && plausible_name(&name)).then_some((c, len, name))
}

/// Does the line hold "actions" (any case, marks `*"`'` left out)? Both kinds of path name the
/// Actions page; most lines do not, and are passed over without copies.
fn names_actions(text: &str) -> bool {
    const WORD: &[u8] = b"actions";
    // Asked of every line of every doc. Most lines hold none of the skipped marks: there the
    // scan below is a search for the word in any ASCII case, done from its first letter.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'*', b'"', b'`', bytes).is_none() && memchr::memchr(b'\'', bytes).is_none()
    {
        return memchr::memchr2_iter(b'a', b'A', bytes).any(|i| {
            bytes
                .get(i..i + WORD.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(WORD))
        });
    }
    let mut matched = 0;
    for b in text
        .bytes()
        .filter(|b| !matches!(b, b'*' | b'"' | b'`' | b'\''))
    {
        let b = b.to_ascii_lowercase();
        matched = if b == WORD[matched] {
            matched + 1
        } else {
            usize::from(b == WORD[0])
        };
        if matched == WORD.len() {
            return true;
        }
    }
    false
}

/// The name as a workflow reference, and the path's claim that its Run-workflow button exists.
fn push(ctx: &Ctx<'_>, out: &mut Vec<Claim>, line: u32, col: usize, len: usize, name: String) {
    let start = ctx.file.line_start(line) + col;
    out.push(Claim {
        kind: ClaimKind::RunButton {
            workflow: name.clone(),
        },
        span: ctx.file.span(start, start + len),
        text: ctx.file.line_text(line).trim().to_string(),
    });
    push_ref(ctx, out, line, col, len, name);
}

/// The name as a workflow reference only (a path to a workflow's runs, no button pressed).
fn push_ref(ctx: &Ctx<'_>, out: &mut Vec<Claim>, line: u32, col: usize, len: usize, name: String) {
    let start = ctx.file.line_start(line) + col;
    out.push(Claim {
        kind: ClaimKind::WorkflowRef {
            target: name.clone(),
            file_name: name,
            repo: None,
            explicit: true,
            tree: None,
        },
        span: ctx.file.span(start, start + len),
        text: ctx.file.line_text(line).trim().to_string(),
    });
}

/// "Go to the **Actions** tab", "Open Actions", "Navigate to the Actions page": a step that
/// opens the Actions page itself (not Settings → Secrets → Actions).
fn opens_actions_page(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let plain = lower.replace(['*', '"', '`', '\''], "");
    let Some(at) = find_word(&plain, "actions") else {
        return false;
    };
    let before = &plain[..at];
    let after = plain[at + "actions".len()..].trim_start();
    let verb = ["go to", "open", "navigate to", "click", "visit", "select"]
        .iter()
        .any(|v| before.contains(v));
    let page = after.starts_with("tab") || after.starts_with("page") || after.is_empty();
    verb && !before.contains("settings") && !before.contains("secrets") && page
}

/// "Click **\"Nightly Build\"**", "Select `Release` in the left sidebar": the name clicked,
/// as (column, length with its marks, name).
fn clicked_name(text: &str) -> Option<(usize, usize, String)> {
    let lower = text.to_ascii_lowercase();
    let verb = ["click", "select", "choose", "pick", "open"]
        .iter()
        .filter_map(|v| find_word(&lower, v).map(|at| at + v.len()))
        .min()?;
    let (col, len, name) = marked_name(text, verb)?;
    plausible_name(&name).then_some((col, len, name))
}

/// The first bold, quoted or backticked text from `from` on.
fn marked_name(text: &str, from: usize) -> Option<(usize, usize, String)> {
    let rest = text.get(from..)?;
    let open_at = rest.find(['*', '"', '`', '“'])?;
    let start = from + open_at;
    let marks: String = text[start..]
        .chars()
        .take_while(|c| matches!(c, '*' | '"' | '`' | '“'))
        .collect();
    let inner_at = start + marks.len();
    let closing: String = marks
        .chars()
        .rev()
        .map(|c| if c == '“' { '”' } else { c })
        .collect();
    let inner_len = text.get(inner_at..)?.find(closing.as_str())?;
    let name = text[inner_at..inner_at + inner_len].trim().to_string();
    Some((start, marks.len() * 2 + inner_len, name))
}

/// One line: "Actions → Nightly Build → Run workflow", "**Actions** > **Deploy** > **Run
/// workflow**": the segment right after Actions, when Run workflow comes later (the last
/// value says so). Also a step that goes there, "Go to Actions → Publish Release", with no
/// button on the line: the segment after Actions is still a workflow's display name.
fn one_line_path(text: &str) -> Option<(usize, usize, String, bool)> {
    let mut segments: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let arrow_len = match c {
            '→' | '›' | '»' => c.len_utf8(),
            '>' => 1,
            '-' if text[i..].starts_with("->") => 2,
            _ => continue,
        };
        segments.push((start, &text[start..i]));
        start = i + arrow_len;
        if arrow_len == 2 {
            chars.next();
        }
    }
    segments.push((start, &text[start..]));
    let actions = segments.iter().position(|(_, s)| {
        let plain = s.replace(['*', '"', '`'], "").to_ascii_lowercase();
        let words: Vec<&str> = plain.split_whitespace().collect();
        words.last() == Some(&"actions")
            || words.ends_with(&["actions", "tab"])
            || words.ends_with(&["actions", "page"])
    })?;
    let (col, segment) = *segments.get(actions + 1)?;
    let button_later = segments[actions + 2..]
        .iter()
        .any(|(_, s)| mentions_run_button(s));
    // Preceded only by the way there ("Go to", "Repository"), not Settings → … → Actions.
    let before = segments[..=actions]
        .iter()
        .map(|(_, s)| s.to_ascii_lowercase())
        .collect::<String>();
    if before.contains("settings") || before.contains("secrets") {
        return None;
    }
    if !button_later && !goes_to(&before) {
        return None;
    }
    let lead = segment.len() - segment.trim_start().len();
    let trimmed = segment.trim();
    let (col, len, name, marked) = match marked_name(segment, lead) {
        Some((c, l, n)) if c == lead => (col + c, l, n, true),
        _ => (col + lead, trimmed.len(), trimmed.to_string(), false),
    };
    let name = name
        .trim_end_matches(" workflow")
        .trim_end_matches(" Workflow")
        .to_string();
    // Without the button the segment may be a step of its own ("Click the failed run").
    let step = [
        "click", "select", "choose", "find", "open", "view", "pick", "go",
    ]
    .iter()
    .any(|v| find_word(&name.to_ascii_lowercase(), v) == Some(0));
    // ...or words of a sentence ("Navigate to Actions > Caches to drop old entries"): a
    // name without marks is then in title case and ends the step.
    let title = marked || title_case(&name);
    let is_name = plausible_name(&name) && (button_later || (!step && title));
    is_name.then_some((col, len, name, button_later))
}

/// Every word capitalised (or a digit, emoji or mark), short joining words aside, and no
/// closing full stop: "Publish Release", "Deploy to Production", "🔄 Emergency Rollback".
fn title_case(name: &str) -> bool {
    const JOINING: &[&str] = &[
        "to", "and", "of", "the", "for", "on", "in", "a", "an", "&", "-",
    ];
    !name.ends_with('.')
        && name
            .split_whitespace()
            .all(|w| JOINING.contains(&w) || w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

/// The text before the Actions segment is a step that goes there: "Go to", "Open", "Navigate
/// to", "Visit" (lowercase text).
fn goes_to(before: &str) -> bool {
    ["go to", "open", "navigate to", "visit", "head to"]
        .iter()
        .any(|v| before.contains(v))
}

fn mentions_run_button(text: &str) -> bool {
    let plain = text.replace(['*', '"', '`'], "").to_ascii_lowercase();
    plain.contains("run workflow")
}

/// A display name: a few words, not a control of the page ("Run workflow", "Actions", "All
/// workflows") nor a placeholder.
fn plausible_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let controls = [
        "run workflow",
        "actions",
        "all workflows",
        "new workflow",
        "workflow",
        "workflows",
        "re-run jobs",
        "re-run all jobs",
        "re-run failed jobs",
        "use workflow from",
        "branch",
        "enable workflow",
        // The Actions page's own sidebar.
        "caches",
        "attestations",
        "runners",
        "usage metrics",
        "performance metrics",
        "management",
    ];
    !name.is_empty()
        && name.len() <= 60
        && name.split_whitespace().count() <= 8
        && !controls.contains(&lower.as_str())
        && !name.contains(['<', '>', '{', '$', '[', '|'])
        && !lower.starts_with("the ")
        && name
            .trim_start_matches(|c: char| !c.is_ascii() && !c.is_alphanumeric())
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
}

/// Byte offset of `word` in `text` standing as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_click_steps() {
        assert_eq!(
            clicked_name("2. Click **\"Nightly Build\"** in the sidebar"),
            Some((9, 19, "Nightly Build".to_string()))
        );
        assert_eq!(clicked_name("3. Click **Run workflow**"), None);
        assert_eq!(
            clicked_name("- Select `Release` from the list").map(|c| c.2),
            Some("Release".to_string())
        );
        assert!(opens_actions_page("1. Go to the **Actions** tab"));
        assert!(opens_actions_page("1. Open Actions"));
        assert!(!opens_actions_page(
            "1. Open Settings → Secrets and variables → Actions"
        ));
        assert!(!opens_actions_page("GitHub Actions runs the tests"));
    }

    #[test]
    fn actions_prefilter_admits_every_line_a_path_reader_reads() {
        for text in [
            "Go to Actions → Nightly Build → Run workflow",
            "**Actions** > **Publish Docs** > **Run workflow**",
            "1. Go to the **Act**ions** tab",
            "1. Open AAactions",
            "1. Open 'ACTIONS'",
        ] {
            assert!(names_actions(text), "{text}");
        }
        for text in ["GitHub Action runs", "actio ns", "", "é"] {
            assert!(!names_actions(text), "{text}");
            assert!(!opens_actions_page(text) && one_line_path(text).is_none());
        }
    }

    #[test]
    fn actions_search_equals_the_scan_over_unmarked_text() {
        // The scan the search stands for: the lowercased text without the marks holds the word.
        let scan = |t: &str| {
            t.bytes()
                .filter(|b| !matches!(b, b'*' | b'"' | b'`' | b'\''))
                .map(|b| b.to_ascii_lowercase())
                .collect::<Vec<u8>>()
                .windows(7)
                .any(|w| w == b"actions")
        };
        for text in [
            "Go to Actions → Nightly Build → Run workflow",
            "aactions",
            "ACTIONs",
            "actionactions",
            "actio",
            "é actions é",
            "éactionsé",
            "a*ctions",
            "the \"act\"ions tab",
            "AcTiOnS",
            "",
            "a",
        ] {
            assert_eq!(names_actions(text), scan(text), "{text}");
        }
    }

    #[test]
    fn one_line_paths() {
        assert_eq!(
            one_line_path("Go to Actions → Nightly Build → Run workflow").map(|c| c.2),
            Some("Nightly Build".to_string())
        );
        assert_eq!(
            one_line_path("**Actions** > **Publish Docs** > **Run workflow**").map(|c| c.2),
            Some("Publish Docs".to_string())
        );
        assert_eq!(
            one_line_path("Settings → Secrets and variables → Actions → New secret"),
            None
        );
        assert_eq!(one_line_path("Actions → Nightly Build"), None);
        assert_eq!(
            one_line_path("1. Go to Actions → “Nightly Build”").map(|c| (c.0, c.1, c.2, c.3)),
            Some((21, 19, "Nightly Build".to_string(), false))
        );
        assert_eq!(
            one_line_path("- Open **Actions** → **🌙 Nightly Build**").map(|c| c.2),
            Some("🌙 Nightly Build".to_string())
        );
        assert_eq!(
            one_line_path("1. Go to Actions → Click the failed run"),
            None
        );
        assert_eq!(one_line_path("Go to: Actions → Select workflow"), None);
        assert_eq!(one_line_path("1. Navigate to Actions > Caches"), None);
        assert_eq!(
            one_line_path("- Navigate to Actions > Stale caches to drop old entries."),
            None
        );
        assert_eq!(
            one_line_path("1. Go to Actions → Deploy to Production").map(|c| c.2),
            Some("Deploy to Production".to_string())
        );
        assert_eq!(one_line_path("a > b means a is larger"), None);
    }

    #[test]
    fn a_list_of_workflows_to_pick() {
        assert!(choice_step("2. Click on the workflow you want to run:"));
        assert!(!choice_step("2. Click on the workflow you want to run"));
        assert!(!choice_step("2. Click the button:"));
        assert_eq!(
            alone_marked_name("   - \"Weekly Sweep\""),
            Some((5, 14, "Weekly Sweep".to_string()))
        );
        assert_eq!(alone_marked_name("   - \"Weekly Sweep\" (slow)"), None);
        assert_eq!(alone_marked_name("   - Weekly Sweep"), None);
    }
}
