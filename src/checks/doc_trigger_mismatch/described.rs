//! Descriptions of when a workflow runs ("Triggers: push to `main`, PRs", a Trigger column,
//! "`nightly.yml` runs nightly") against the workflow's `on:`.
//!
//! A claimed event the workflow lacks, or a claimed branch or tag its filters do not match,
//! contradicts the docs. Events the workflow has and the description leaves out do not:
//! descriptions are often partial. Whatever cannot be decided is Unknown, never Violated.

use crate::docs::line_regex::LineRegex;
use super::super::claims::{ClaimCheck, Outcome};
use super::super::common::{capitalise, disabled_push, live_push, push_fires, RefKind};
use super::super::doc_unknown_workflow::{lookup, Lookup};
use std::sync::LazyLock;


use crate::docs::{ClaimKind, DescribedEvent, DocModel};
use crate::filter::Pattern;
use crate::repo::Repo;
use crate::source::{SourceFile, Span};
use crate::workflow::{Filters, Trigger, Workflow};

/// The verdict on one described event.
struct Judged {
    outcome: Outcome,
    /// What the workflow does, in words.
    text: String,
    /// A few words for report tables (violations only).
    short: String,
    impact: &'static str,
    related: Vec<(Span, String)>,
    /// The workflow has no such event, live or commented out.
    absent: bool,
}

impl Judged {
    fn holds(text: String) -> Judged {
        Judged {
            outcome: Outcome::Holds,
            text,
            short: String::new(),
            impact: "",
            related: Vec::new(),
            absent: false,
        }
    }

    fn unknown(text: String) -> Judged {
        Judged {
            outcome: Outcome::Unknown,
            ..Judged::holds(text)
        }
    }

    fn violated(text: String, short: String, impact: &'static str) -> Judged {
        Judged {
            outcome: Outcome::Violated,
            text,
            short,
            impact,
            related: Vec::new(),
            absent: false,
        }
    }

    fn at(mut self, span: Span, label: impl Into<String>) -> Judged {
        self.related.push((span, label.into()));
        self
    }
}

/// Does a filter match a claimed branch or tag (a name or a pattern)?
enum RefMatch {
    Yes,
    No,
    /// Two patterns that overlap without one containing the other, or an unparsable one.
    Unclear,
    /// A documented tag glob admits this version tag, which starts no run.
    Partly(String),
}

fn is_glob(name: &str) -> bool {
    name.contains(['*', '?', '['])
}

fn includes(filters: &Filters, kind: RefKind) -> Option<Vec<&str>> {
    let list = match kind {
        RefKind::Tag => &filters.tags,
        RefKind::Branch => &filters.branches,
    };
    list.as_ref()
        .map(|l| l.iter().map(|s| s.value.as_str()).collect())
}

/// Does a change to a file under the documented path start the workflow? A file inside it
/// stands for it (`docs/` → `docs/index.md`, `src/**` → an example of the glob). Without
/// `paths`/`paths-ignore` every change does.
fn path_match(filters: &Filters, claimed: &str) -> RefMatch {
    if filters.paths.is_none() && filters.paths_ignore.is_none() {
        return RefMatch::Yes;
    }
    let sample = if is_glob(claimed) {
        match Pattern::parse(claimed).ok().and_then(|p| p.example()) {
            Some(ex) => ex,
            None => return RefMatch::Unclear,
        }
    } else if claimed.ends_with('/') || !claimed.contains('.') {
        format!("{}/index.md", claimed.trim_end_matches('/'))
    } else {
        claimed.to_string()
    };
    let list = |l: &Option<Vec<crate::workflow::Spanned<String>>>| {
        l.as_ref().map(|v| {
            let raw: Vec<&str> = v.iter().map(|s| s.value.as_str()).collect();
            crate::filter::FilterList::parse(&raw)
        })
    };
    let (include, ignore) = match (list(&filters.paths), list(&filters.paths_ignore)) {
        (Some(Err(_)), _) | (_, Some(Err(_))) => return RefMatch::Unclear,
        (i, g) => (i.and_then(Result::ok), g.and_then(Result::ok)),
    };
    if crate::filter::passes(include.as_ref(), ignore.as_ref(), &sample) {
        RefMatch::Yes
    } else {
        RefMatch::No
    }
}

/// What a `paths`/`paths-ignore` filter leaves out, in words, with the span of its first
/// pattern; None without one (or when it leaves nothing out: `**` alone).
fn skipped_by_paths(filters: &Filters) -> Option<(&'static str, Span)> {
    let first = |l: &Option<Vec<crate::workflow::Spanned<String>>>| {
        l.as_ref().and_then(|v| v.first()).map(|p| p.span)
    };
    let narrows = filters
        .paths
        .as_ref()
        .is_some_and(|v| v.iter().any(|p| !matches!(p.value.as_str(), "**" | "**/*")));
    if narrows {
        Some((
            "a change touching none of those paths starts no run",
            first(&filters.paths)?,
        ))
    } else {
        Some((
            "a change touching only ignored paths starts no run",
            first(&filters.paths_ignore)?,
        ))
    }
}

fn ref_match(filters: &Filters, kind: RefKind, claimed: &str) -> RefMatch {
    if !is_glob(claimed) {
        return if push_fires(filters, kind, Some(claimed)) {
            RefMatch::Yes
        } else {
            RefMatch::No
        };
    }
    let Ok(pattern) = Pattern::parse(claimed) else {
        return RefMatch::Unclear;
    };
    let listed = includes(filters, kind);
    if listed.as_ref().is_some_and(|l| l.contains(&claimed)) {
        return RefMatch::Yes;
    }
    let Some(example) = pattern.example() else {
        return RefMatch::Unclear;
    };
    if kind == RefKind::Tag {
        return tag_glob_match(filters, &pattern, example);
    }
    if push_fires(filters, kind, Some(&example)) {
        return RefMatch::Yes;
    }
    // `v*` claimed, `v*.*.*` filtered: some refs of the claimed pattern run, some do not.
    let overlapping = listed.unwrap_or_default().iter().any(|p| {
        Pattern::parse(p)
            .ok()
            .and_then(|p| p.example())
            .is_some_and(|ex| pattern.matches(&ex))
    });
    if overlapping {
        RefMatch::Unclear
    } else {
        RefMatch::No
    }
}

/// A documented tag glob against the tag filter, by the version tags the glob admits: the
/// glob's literal start followed by `1.2.3`, `1`, `1.2` and `1.2.3-rc.1` (`v*` admits `v1`;
/// `v*.*.*` admits `v1.2.3-rc.1`), else the glob's own example. One of them that starts no
/// run makes the glob wrong for this workflow; when none does, it holds.
fn tag_glob_match(filters: &Filters, pattern: &Pattern, example: String) -> RefMatch {
    let prefix = pattern.literal_prefix();
    let mut samples: Vec<String> = ["1.2.3", "1", "1.2", "1.2.3-rc.1"]
        .iter()
        .map(|version| format!("{prefix}{version}"))
        .filter(|tag| pattern.matches(tag))
        .collect();
    if samples.is_empty() {
        samples.push(example);
    }
    let missed: Vec<&String> = samples
        .iter()
        .filter(|t| !push_fires(filters, RefKind::Tag, Some(t)))
        .collect();
    match missed.first() {
        None => RefMatch::Yes,
        Some(_) if missed.len() == samples.len() => RefMatch::No,
        Some(tag) => RefMatch::Partly((*tag).clone()),
    }
}

/// The live trigger a described event is about ("PRs" also covers `pull_request_target`).
fn live_trigger<'a>(wf: &'a Workflow, event: &str) -> Option<&'a Trigger> {
    wf.trigger(event).or_else(|| match event {
        "pull_request" => wf.trigger("pull_request_target"),
        _ => None,
    })
}

fn impact_of(event: &str) -> &'static str {
    match event {
        "schedule" => "the scheduled run does not happen",
        "workflow_dispatch" => "the workflow cannot be started by hand",
        "push" => "pushing as the docs say does not run the workflow",
        "pull_request" | "pull_request_target" => "pull requests do not run the workflow",
        _ => "the workflow does not run when the docs say it does",
    }
}

/// Judge one described event against the workflow (or, for a reusable workflow without the
/// event, against its callers).
fn judge(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Judged {
    let judged = judge_event(repo, wf, e);
    if !e.branch_only || judged.outcome == Outcome::Holds {
        return judged;
    }
    // "`release/*` branch": pull requests into it fit the words too.
    let pr = DescribedEvent {
        event: "pull_request".to_string(),
        branch_only: false,
        ..e.clone()
    };
    let as_pr = judge_event(repo, wf, &pr);
    match (as_pr.outcome, judged.outcome) {
        (Outcome::Holds, _) => as_pr,
        (Outcome::Unknown, Outcome::Violated) => as_pr,
        _ => judged,
    }
}

fn judge_event(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Judged {
    if e.on_failure && live_trigger(wf, &e.event).is_none() {
        return after_failure(repo, wf);
    }
    if live_trigger(wf, &e.event).is_none() {
        if let Some(via) = through_caller(repo, wf, e) {
            return via;
        }
    }
    judge_direct(repo, wf, e)
}

/// "Triggers: deployment failure" for a workflow without `workflow_run`: it may still be
/// started after a failure by a caller, a dispatching workflow or an API call (unknown); with
/// none of those nothing starts it after a failure.
fn after_failure(repo: &Repo, wf: &Workflow) -> Judged {
    const INDIRECT: &[&str] = &[
        "workflow_call",
        "repository_dispatch",
        "deployment_status",
        "check_run",
        "check_suite",
        "status",
    ];
    if let Some(t) = INDIRECT.iter().find_map(|ev| wf.trigger(ev)) {
        return Judged::unknown(format!(
            "no `workflow_run` trigger, but it runs on `{}`, which may follow a failure",
            t.event
        ));
    }
    if let Some(other) = super::chain::started_by_another(repo, wf) {
        return Judged::unknown(format!("no `workflow_run` trigger, but {other}"));
    }
    Judged {
        absent: true,
        ..Judged::violated(
            "no `workflow_run` trigger, and no other workflow calls or dispatches it: nothing starts it after a failure".to_string(),
            format!("Nothing starts {} after a failure", wf.file.file_name()),
            "the workflow does not run after a failure as the docs say",
        )
    }
}

/// Judge one described event against the workflow's own `on:`.
fn judge_direct(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Judged {
    let file = wf.file.file_name();
    let Some(t) = live_trigger(wf, &e.event) else {
        let disabled = wf
            .disabled_triggers
            .iter()
            .find(|d| d.event == e.event && !d.partial);
        return match disabled {
            Some(d) => Judged::violated(
                format!(
                    "`{}` is commented out (lines {}-{})",
                    d.describe(),
                    d.first_line,
                    d.last_line
                ),
                format!(
                    "`{}` trigger commented out ({file} lines {}-{})",
                    e.event, d.first_line, d.last_line
                ),
                impact_of(&e.event),
            )
            .at(d.span, "commented-out trigger"),
            None => Judged {
                absent: true,
                ..Judged::violated(
                    format!("no `{}` trigger", e.event),
                    format!("No `{}` trigger in {file}", e.event),
                    impact_of(&e.event),
                )
            },
        };
    };
    let mut problems: Vec<String> = Vec::new();
    let mut unclear: Vec<String> = Vec::new();
    // Filter lines a problem is about, besides the trigger.
    let mut filter_lines: Vec<(Span, String)> = Vec::new();
    let mut check =
        |kind: RefKind, claimed: &str, what: &str| match ref_match(&t.filters, kind, claimed) {
            RefMatch::Yes => {}
            RefMatch::No => problems.push(format!(
                "{what} `{claimed}` does not match its `{}` trigger ({})",
                t.event,
                filters_in_words(&t.filters)
            )),
            RefMatch::Unclear => unclear.push(format!(
                "{what} `{claimed}` only partly overlaps its `{}` trigger ({})",
                t.event,
                filters_in_words(&t.filters)
            )),
            RefMatch::Partly(example) => problems.push(format!(
                "{what} `{example}` matches the documented `{claimed}` but not its `{}` trigger ({})",
                t.event,
                filters_in_words(&t.filters)
            )),
        };
    match e.event.as_str() {
        "push" => {
            for b in &e.branches {
                check(RefKind::Branch, b, "branch");
            }
            for tag in &e.tags {
                check(RefKind::Tag, tag, "tag");
            }
            if e.tag_push && e.tags.is_empty() && !push_fires(&t.filters, RefKind::Tag, None) {
                problems.push(format!(
                    "tag pushes do not match its `push` trigger ({})",
                    filters_in_words(&t.filters)
                ));
            }
        }
        "pull_request" | "pull_request_target" => {
            for b in &e.branches {
                check(RefKind::Branch, b, "base branch");
            }
        }
        _ => {}
    }
    if matches!(
        e.event.as_str(),
        "push" | "pull_request" | "pull_request_target"
    ) {
        let filtered = t.filters.branches.is_some() || t.filters.branches_ignore.is_some();
        // "every push" naming no branch or tag means pushes to any branch.
        let every_push = e.every
            && e.event == "push"
            && e.branches.is_empty()
            && e.tags.is_empty()
            && !e.tag_push;
        if (e.any_branch || every_push) && e.branches.is_empty() && filtered {
            problems.push(format!(
                "not every branch: its `{}` trigger has a branch filter ({})",
                t.event,
                filters_in_words(&t.filters)
            ));
        }
        if e.every && e.paths.is_empty() {
            if let Some((why, first)) = skipped_by_paths(&t.filters) {
                filter_lines.push((first, "paths filter".to_string()));
                let what = if e.event == "push" {
                    "push"
                } else {
                    "pull request"
                };
                problems.push(format!(
                    "not every {what}: its `{}` trigger has a paths filter ({}): {why}",
                    t.event,
                    filters_in_words(&t.filters)
                ));
            }
        }
        for p in &e.paths {
            match path_match(&t.filters, p) {
                RefMatch::Yes => {}
                RefMatch::No => problems.push(format!(
                    "a change under `{p}` does not match its `{}` paths filter ({})",
                    t.event,
                    filters_in_words(&t.filters)
                )),
                RefMatch::Unclear | RefMatch::Partly(_) => unclear.push(format!(
                    "cannot tell whether changes under `{p}` match its `{}` paths filter",
                    t.event
                )),
            }
        }
    }
    if let Some(after) = e.after.as_ref().filter(|_| e.event == "workflow_run") {
        match follows(repo, t, after) {
            RefMatch::Yes => {}
            RefMatch::No => problems.push(format!(
                "it runs after {}, not after `{after}`",
                quoted_list(&t.workflows)
            )),
            RefMatch::Unclear | RefMatch::Partly(_) => unclear.push(format!(
                "cannot tell whether `{after}` is one of the workflows it follows ({})",
                quoted_list(&t.workflows)
            )),
        }
    }
    if !problems.is_empty() {
        let short = capitalise(problems.first().map_or("", String::as_str));
        let mut judged = Judged::violated(problems.join("; "), short, impact_of(&e.event))
            .at(t.span, format!("actual `{}` trigger", t.event));
        judged.related.extend(filter_lines);
        return judged;
    }
    if !unclear.is_empty() {
        return Judged::unknown(unclear.join("; "));
    }
    Judged::holds(t.describe())
}

/// A reusable workflow runs on its callers' events: "`deploy.yml` runs manually" holds when a
/// workflow that calls it has `workflow_dispatch`.
fn through_caller(repo: &Repo, wf: &Workflow, e: &DescribedEvent) -> Option<Judged> {
    wf.trigger("workflow_call")?;
    let callers: Vec<&Workflow> = repo
        .workflows
        .iter()
        .filter(|w| {
            w.jobs.iter().any(|j| {
                j.uses
                    .as_ref()
                    .is_some_and(|u| u.value.trim_start_matches("./") == wf.file.rel)
            })
        })
        .filter(|w| live_trigger(w, &e.event).is_some())
        .collect();
    let first = callers.first()?;
    let holds = callers
        .iter()
        .find(|w| judge_direct(repo, w, e).outcome == Outcome::Holds);
    Some(match holds {
        Some(w) => Judged::holds(format!("{} through {}", e.event, w.file.file_name())),
        None => Judged::unknown(format!(
            "it has no `{}` trigger; {} calls it and has one, with other filters",
            e.event,
            first.file.file_name()
        )),
    })
}

/// Does a `workflow_run` trigger follow the named workflow? Its `workflows:` hold `name:`s.
fn follows(repo: &Repo, t: &Trigger, after: &str) -> RefMatch {
    let listed = |name: &str| {
        t.workflows
            .iter()
            .any(|w| w.value.eq_ignore_ascii_case(name))
    };
    if t.workflows.is_empty() {
        return RefMatch::Unclear;
    }
    if listed(after) {
        return RefMatch::Yes;
    }
    match lookup(repo, after) {
        Lookup::Found(w) if listed(w.display_name()) => RefMatch::Yes,
        Lookup::Found(_) => RefMatch::No,
        _ => RefMatch::Unclear,
    }
}

fn quoted_list(items: &[crate::workflow::Spanned<String>]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("`{}`", i.value)).collect();
    q.join(", ")
}

fn filters_in_words(f: &Filters) -> String {
    let d = f.describe();
    if d.is_empty() {
        "no filters".to_string()
    } else {
        d
    }
}

/// Live triggers a complete description does not list.
fn unlisted(wf: &Workflow, events: &[DescribedEvent]) -> Vec<String> {
    wf.triggers
        .iter()
        .filter(|t| {
            !events.iter().any(|e| {
                e.event == t.event
                    || (e.event == "pull_request" && t.event == "pull_request_target")
            })
        })
        .map(Trigger::describe)
        .collect()
}

/// A time of day in a schedule description: "2 AM", "10:00 AM UTC", "at 03:30 UTC".
/// "only" in a description: the events named are all there are.
static SAID_ONLY: LazyLock<LineRegex> = LazyLock::new(|| LineRegex::new(r"(?i)\bonly\b"));
/// "not only", "not just": the list is not complete after all.
static NOT_ONLY: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\bnot\s+(?:only|just)\b"));

static TIME_OF_DAY: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(\d{1,2})(?::(\d{2}))?\s*(?:(am|pm|a\.m\.|p\.m\.)|(?:(?::\d{2})?\s*(utc|gmt)))\b|\b(\d{1,2}):(\d{2})\b(?::\d{2})?",
    )
});
/// Time zones other than UTC: the doc's time cannot be compared with a cron.
static OTHER_ZONE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"\b(?:[A-Z]{1,2}[SD]T|CET|CEST|EET|BST|IST|JST|KST|AEST|AEDT)\b|(?i:\blocal\s+time\b|\butc\s*[+-]\s*\d|\bgmt\s*[+-]\s*\d)",
    )
});
const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// What a schedule description says: the times of day (hour 0-23, minute if written) and the
/// weekdays (0 = Sunday). "11:15 every Tuesday and Wednesday" gives one time and two days,
/// "8:00 and 12:00 every day" two times and no day; a weekday alone ("every Monday") has no
/// time. `None` when it names neither, or a zone other than UTC.
type WrittenSchedule = (Vec<(u32, Option<u32>)>, Vec<u32>);

fn written_time(text: &str) -> Option<WrittenSchedule> {
    if OTHER_ZONE.is_match(text) {
        return None;
    }
    let mut times = Vec::new();
    for c in TIME_OF_DAY.captures_iter(text) {
        // A bare "16:00" is the second alternative (groups 5 and 6), read as 24-hour time.
        let (hour, minute, ampm) = match (c.get(1), c.get(5)) {
            (Some(h), _) => (h, c.get(2), c.get(3)),
            (None, Some(h)) => (h, c.get(6), None),
            (None, None) => continue,
        };
        let mut hour: u32 = hour.as_str().parse().ok()?;
        let minute: Option<u32> = minute.and_then(|m| m.as_str().parse().ok());
        match ampm.map(|m| m.as_str().to_ascii_lowercase()) {
            Some(_) if hour == 0 || hour > 12 => return None,
            Some(ampm) if ampm.starts_with('p') => hour = hour % 12 + 12,
            Some(_) => hour %= 12,
            None if hour > 23 || minute.is_some_and(|m| m > 59) => return None,
            None => {}
        }
        times.push((hour, minute));
    }
    let lower = text.to_ascii_lowercase();
    if times.is_empty() {
        let approximate = ["around", "about", "approximately", "roughly", "near", "~"]
            .iter()
            .any(|w| lower.contains(w));
        let word = |w: &str| {
            lower
                .split(|ch: char| !ch.is_ascii_alphabetic())
                .any(|x| x == w)
        };
        if approximate {
        } else if word("midnight") {
            times.push((0, Some(0)));
        } else if word("noon") || word("midday") {
            times.push((12, Some(0)));
        }
    }
    let days: Vec<u32> = (0u32..7)
        .filter(|d| {
            let name = WEEKDAYS.get(*d as usize).copied().unwrap_or("");
            lower
                .split(|ch: char| !ch.is_ascii_alphabetic())
                .any(|w| w.len() >= 3 && w.starts_with(name) && is_day_word(w))
        })
        .collect();
    if times.is_empty() && days.is_empty() {
        return None;
    }
    Some((times, days))
}

fn is_day_word(w: &str) -> bool {
    matches!(
        w,
        "sun" | "sunday" | "sundays" | "mon" | "monday" | "mondays" | "tue" | "tues" | "tuesday"
            | "tuesdays" | "wed" | "wednesday" | "wednesdays" | "thu" | "thur" | "thurs"
            | "thursday" | "thursdays" | "fri" | "friday" | "fridays" | "sat" | "saturday"
            | "saturdays"
    )
}

/// The values of one cron field when it is a plain number or a list of numbers.
fn cron_values(field: &str) -> Option<Vec<u32>> {
    field
        .split(',')
        .map(|v| v.trim().parse::<u32>().ok())
        .collect()
}

fn cron_weekday(field: &str) -> Option<Vec<u32>> {
    if field == "*" {
        return Some((0..7).collect());
    }
    field
        .split(',')
        .map(|v| {
            let v = v.trim().to_ascii_lowercase();
            v.parse::<u32>()
                .ok()
                .map(|n| n % 7)
                .or_else(|| WEEKDAYS.iter().position(|d| v.starts_with(d)).map(|p| p as u32))
        })
        .collect()
}

/// Does one cron run at the written time? `None` when the cron cannot be read that simply.
fn cron_runs_at(
    cron: &str,
    hour: Option<u32>,
    minute: Option<u32>,
    day: Option<u32>,
) -> Option<bool> {
    let f: Vec<&str> = cron.split_whitespace().collect();
    let [m, h, _dom, _mon, dow] = f.as_slice() else {
        return None;
    };
    let hour_ok = match hour {
        Some(x) => cron_values(h)?.contains(&x),
        None => true,
    };
    let minute_ok = match minute {
        Some(x) => cron_values(m)?.contains(&x),
        None => true,
    };
    let day_ok = match day {
        Some(d) => cron_weekday(dow)?.contains(&d),
        None => true,
    };
    Some(hour_ok && minute_ok && day_ok)
}

/// Every (hour, minute, weekday) a cron runs at, when its fields are plain numbers or lists
/// (and `*` for the day of month, month and, optionally, weekday).
fn cron_runs(cron: &str) -> Option<Vec<(u32, u32, u32)>> {
    let f: Vec<&str> = cron.split_whitespace().collect();
    let [m, h, dom, mon, dow] = f.as_slice() else {
        return None;
    };
    if *dom != "*" || *mon != "*" {
        return None;
    }
    let (minutes, hours, days) = (cron_values(m)?, cron_values(h)?, cron_weekday(dow)?);
    let mut runs = Vec::new();
    for &d in &days {
        for &hour in &hours {
            runs.extend(minutes.iter().map(|&minute| (hour, minute, d)));
        }
    }
    Some(runs)
}

fn day_name(d: u32) -> &'static str {
    WEEKDAYS.get(d as usize).copied().unwrap_or("?")
}

/// The workflow's `schedule` trigger, when the description names a schedule.
fn described_schedule<'w>(wf: &'w Workflow, events: &[DescribedEvent]) -> Option<&'w Trigger> {
    if !events.iter().any(|e| e.event == "schedule") {
        return None;
    }
    wf.trigger("schedule")
}

/// "Daily at 2 AM UTC", "Weekly (Monday 9 AM)", "11:15 every Tuesday and Wednesday" for a
/// workflow whose `schedule` runs at another time or on another day (GitHub reads crons in
/// UTC), or also at times or on days the description leaves out.
fn schedule_time_differs(
    wf: &Workflow,
    events: &[DescribedEvent],
    text: &str,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let t = described_schedule(wf, events)?;
    let (times, days) = written_time(text)?;
    let written_times: Vec<(Option<u32>, Option<u32>)> = if times.is_empty() {
        vec![(None, None)]
    } else {
        times.iter().map(|&(h, m)| (Some(h), m)).collect()
    };
    let written_days: Vec<Option<u32>> = if days.is_empty() {
        vec![None]
    } else {
        days.iter().map(|&d| Some(d)).collect()
    };
    let fmt = |h: Option<u32>, m: Option<u32>, d: Option<u32>| match (h, d) {
        (Some(h), Some(d)) => format!("{h:02}:{:02} UTC on {}", m.unwrap_or(0), day_name(d)),
        (Some(h), None) => format!("{h:02}:{:02} UTC", m.unwrap_or(0)),
        (None, Some(d)) => format!("on {}", day_name(d)),
        (None, None) => String::new(),
    };
    let mut missing = Vec::new();
    for &(h, m) in &written_times {
        for &d in &written_days {
            let mut any = false;
            for c in &t.crons {
                any |= cron_runs_at(&c.value, h, m, d)?;
            }
            if !any {
                missing.push(fmt(h, m, d));
            }
        }
    }
    // Runs the description leaves out, when every cron can be listed. An interval ("every 6
    // hours, the first at midnight") names one run of many: the interval check counts them.
    let mut extra: Vec<String> = Vec::new();
    if missing.is_empty() && written_runs_per_day(text).is_none() {
        let mut runs = Vec::new();
        for c in &t.crons {
            runs.extend(cron_runs(&c.value)?);
        }
        let time_written = |h: u32, m: u32| {
            times.is_empty()
                || times
                    .iter()
                    .any(|&(wh, wm)| wh == h && wm.is_none_or(|wm| wm == m))
        };
        let mut extra_times: Vec<(u32, u32)> = runs
            .iter()
            .filter(|(h, m, _)| !time_written(*h, *m))
            .map(|&(h, m, _)| (h, m))
            .collect();
        extra_times.sort_unstable();
        extra_times.dedup();
        extra.extend(extra_times.iter().map(|(h, m)| format!("{h:02}:{m:02} UTC")));
        let mut extra_days: Vec<u32> = runs
            .iter()
            .filter(|(_, _, d)| !days.is_empty() && !days.contains(d))
            .map(|&(_, _, d)| d)
            .collect();
        extra_days.sort_unstable();
        extra_days.dedup();
        extra.extend(extra_days.iter().map(|&d| format!("on {}", day_name(d))));
    }
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let crons: Vec<String> = t.crons.iter().map(|c| format!("`{}`", c.value)).collect();
    let (short, actual) = if missing.is_empty() {
        (
            format!("Cron {} also runs {}", crons.join(", "), join_at(&extra)),
            format!(
                "{}: the schedule is {} (UTC), which also runs {}",
                wf.file.rel,
                crons.join(", "),
                join_at(&extra)
            ),
        )
    } else {
        (
            format!("Cron {} is not {}", crons.join(", "), missing.join(", ")),
            format!(
                "{}: the schedule is {} (UTC), which does not run {}",
                wf.file.rel,
                crons.join(", "),
                join_at(&missing)
            ),
        )
    };
    Some(cron_verdict(
        check.short(short),
        wf,
        t,
        actual,
        "the scheduled run happens at another time than documented",
    ))
}

/// "at 23:15 UTC, on sun" from "23:15 UTC", "on sun".
fn join_at(items: &[String]) -> String {
    items
        .iter()
        .map(|i| {
            if i.starts_with("on ") {
                i.clone()
            } else {
                format!("at {i}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn cron_verdict(
    check: ClaimCheck,
    wf: &Workflow,
    t: &Trigger,
    actual: String,
    impact: &'static str,
) -> ClaimCheck {
    let mut check = check.verdict(Outcome::Violated, actual, impact);
    for c in &t.crons {
        check = check.related(&wf.file, c.span, "cron");
    }
    check
}

/// "every 6 hours", "hourly", "every 30 minutes", "twice a day": runs per day as written.
static INTERVAL: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\bevery\s+(\d{1,2}|two|three|four|six|twelve)\s+(hours?|minutes?|mins?)\b|\b(hourly|every\s+hour)\b|\b(twice|two\s+times)\s+(a|per)\s+day\b",
    )
});

/// Runs per day a description names, if it names an interval.
fn written_runs_per_day(text: &str) -> Option<u32> {
    let c = INTERVAL.captures(text)?;
    if c.get(3).is_some() {
        return Some(24);
    }
    if c.get(4).is_some() {
        return Some(2);
    }
    let n = match c.get(1)?.as_str().to_ascii_lowercase().as_str() {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "six" => 6,
        "twelve" => 12,
        d => d.parse().ok()?,
    };
    let unit = c.get(2)?.as_str().to_ascii_lowercase();
    let per_day = if unit.starts_with('h') { 24 } else { 24 * 60 };
    (n > 0 && per_day % n == 0).then(|| per_day / n)
}

/// Runs per day of a cron that runs every day (`*` day, month and weekday fields), when its
/// minute and hour fields are numbers, lists, `*` or `*/k`.
fn cron_runs_per_day(cron: &str) -> Option<u32> {
    let f: Vec<&str> = cron.split_whitespace().collect();
    let [m, h, dom, mon, dow] = f.as_slice() else {
        return None;
    };
    if [dom, mon, dow].iter().any(|x| **x != "*") {
        return None;
    }
    let count = |field: &str, size: u32| -> Option<u32> {
        if field == "*" {
            return Some(size);
        }
        if let Some(step) = field.strip_prefix("*/") {
            let k: u32 = step.parse().ok().filter(|k| *k > 0)?;
            return Some(size.div_ceil(k));
        }
        cron_values(field).map(|v| u32::try_from(v.len()).unwrap_or(u32::MAX))
    };
    Some(count(m, 60)? * count(h, 24)?)
}

/// "Runs every 6 hours" for a schedule that runs another number of times a day.
fn schedule_interval_differs(
    wf: &Workflow,
    events: &[DescribedEvent],
    text: &str,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let t = described_schedule(wf, events)?;
    let written = written_runs_per_day(text)?;
    let mut total = 0;
    for c in &t.crons {
        total += cron_runs_per_day(&c.value)?;
    }
    if total == 0 || total == written {
        return None;
    }
    let crons: Vec<String> = t.crons.iter().map(|c| format!("`{}`", c.value)).collect();
    let times = |n: u32| match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    let (total_s, written_s) = (times(total), times(written));
    Some(cron_verdict(
        check.short(format!(
            "Cron {} runs {total_s} a day, not {written_s}",
            crons.join(", ")
        )),
        wf,
        t,
        format!(
            "{}: the schedule {} runs {total_s} a day; the docs' interval means {written_s}",
            wf.file.rel,
            crons.join(", ")
        ),
        "the scheduled runs happen more or less often than documented",
    ))
}

/// How often a schedule runs, by the days it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cadence {
    Daily,
    Weekly,
    Monthly,
}

impl Cadence {
    fn word(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
        }
    }
}

/// "daily", "weekly (Sundays)", "once a month": the one cadence a description names.
static CADENCE_WORDS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:(?P<d>daily|nightly|every\s+(?:day|night)|each\s+(?:day|night)|once\s+(?:a|per)\s+(?:day|night))|(?P<w>weekly|every\s+week|each\s+week|once\s+(?:a|per)\s+week)|(?P<m>monthly|every\s+month|each\s+month|once\s+(?:a|per)\s+month))\b",
    )
});

fn written_cadence(text: &str) -> Option<Cadence> {
    let mut found: Vec<Cadence> = CADENCE_WORDS
        .captures_iter(text)
        .filter_map(|c| {
            if c.name("d").is_some() {
                Some(Cadence::Daily)
            } else if c.name("w").is_some() {
                Some(Cadence::Weekly)
            } else if c.name("m").is_some() {
                Some(Cadence::Monthly)
            } else {
                None
            }
        })
        .collect();
    found.dedup();
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The cadence of one cron, when it is plain: every day, one weekday, or days of the month.
fn cron_cadence(cron: &str) -> Option<Cadence> {
    let f: Vec<&str> = cron.split_whitespace().collect();
    let [_, _, dom, mon, dow] = f.as_slice() else {
        return None;
    };
    if *mon != "*" {
        return None;
    }
    if *dom != "*" {
        return (*dow == "*" && cron_values(dom).is_some()).then_some(Cadence::Monthly);
    }
    match cron_weekday(dow)?.len() {
        7 => Some(Cadence::Daily),
        1 => Some(Cadence::Weekly),
        _ => None,
    }
}

/// "Scheduled (weekly)" for a cron that runs every day, "nightly" for one that runs on one
/// weekday, "monthly" for one that runs every week: judged only when every cron is plain and
/// none runs at the written cadence.
fn schedule_cadence_differs(
    wf: &Workflow,
    events: &[DescribedEvent],
    text: &str,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let t = described_schedule(wf, events)?;
    let Some(written) = written_cadence(text) else {
        return schedule_cadences_missing(wf, t, text, check);
    };
    let mut actual = Vec::new();
    for c in &t.crons {
        let cadence = cron_cadence(&c.value)?;
        if cadence == written {
            return None;
        }
        actual.push(cadence);
    }
    let first = *actual.first()?;
    if actual.iter().any(|a| *a != first) {
        return None;
    }
    let crons: Vec<String> = t.crons.iter().map(|c| format!("`{}`", c.value)).collect();
    Some(cron_verdict(
        check.short(format!(
            "Cron {} runs {}, not {}",
            crons.join(", "),
            first.word(),
            written.word()
        )),
        wf,
        t,
        format!(
            "{}: the schedule {} runs {}; the docs say {}",
            wf.file.rel,
            crons.join(", "),
            first.word(),
            written.word()
        ),
        "the scheduled runs happen more or less often than documented",
    ))
}

/// "schedule (daily + weekly)": two cadences abbreviated in parentheses, one cron each.
static CADENCE_PAIR: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\(\s*(daily|nightly|weekly|monthly)\s*(?:\+|&|and|/|,)\s*(daily|nightly|weekly|monthly)\s*\)",
    )
});

fn cadence_word(word: &str) -> Option<Cadence> {
    match word.to_ascii_lowercase().as_str() {
        "daily" | "nightly" => Some(Cadence::Daily),
        "weekly" => Some(Cadence::Weekly),
        "monthly" => Some(Cadence::Monthly),
        _ => None,
    }
}

/// "(daily + weekly)" where no cron runs at one of the two cadences: judged only when every
/// cron is plain.
fn schedule_cadences_missing(
    wf: &Workflow,
    t: &Trigger,
    text: &str,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let pair = CADENCE_PAIR.captures(text)?;
    let written = [
        cadence_word(pair.get(1)?.as_str())?,
        cadence_word(pair.get(2)?.as_str())?,
    ];
    if written[0] == written[1] {
        return None;
    }
    let mut actual = Vec::new();
    for c in &t.crons {
        let cadence = cron_cadence(&c.value)?;
        if !actual.contains(&cadence) {
            actual.push(cadence);
        }
    }
    let missing: Vec<&str> = written
        .iter()
        .filter(|w| !actual.contains(w))
        .map(|w| w.word())
        .collect();
    if missing.is_empty() || actual.is_empty() {
        return None;
    }
    let crons: Vec<String> = t.crons.iter().map(|c| format!("`{}`", c.value)).collect();
    let runs: Vec<&str> = actual.iter().map(|a| a.word()).collect();
    Some(cron_verdict(
        check.short(format!(
            "Cron {} runs {}, never {}",
            crons.join(", "),
            runs.join(" and "),
            missing.join(" or ")
        )),
        wf,
        t,
        format!(
            "{}: the schedule {} runs only {}; the docs say {} and {}",
            wf.file.rel,
            crons.join(", "),
            runs.join(" and "),
            written[0].word(),
            written[1].word()
        ),
        "the scheduled runs happen more or less often than documented",
    ))
}

/// "schedule (*/20)": a cron's minute step written alone in parentheses.
static MINUTE_STEP: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"(?i)\b(?:schedule[sd]?|cron)\s*\(\s*\*/(\d{1,2})\s*\)")
});

/// "schedule (*/20)" for crons whose minute fields step by another number: judged only when
/// every cron's minute field is a step (`*/30`), so the abbreviation can only be that field.
fn schedule_step_differs(
    wf: &Workflow,
    events: &[DescribedEvent],
    text: &str,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let t = described_schedule(wf, events)?;
    let written: u32 = MINUTE_STEP.captures(text)?.get(1)?.as_str().parse().ok()?;
    let mut steps = Vec::new();
    for c in &t.crons {
        let minute = c.value.split_whitespace().next()?;
        let step: u32 = minute.strip_prefix("*/")?.parse().ok()?;
        if step == written {
            return None;
        }
        steps.push(format!("*/{step}"));
    }
    if steps.is_empty() {
        return None;
    }
    let crons: Vec<String> = t.crons.iter().map(|c| format!("`{}`", c.value)).collect();
    Some(cron_verdict(
        check.short(format!(
            "Cron {} steps its minutes by {}, not */{written}",
            crons.join(", "),
            steps.join(", ")
        )),
        wf,
        t,
        format!(
            "{}: the schedule {} runs at minutes {}; the docs say */{written}",
            wf.file.rel,
            crons.join(", "),
            steps.join(", ")
        ),
        "the scheduled runs happen more or less often than documented",
    ))
}

/// Events that start a workflow without anyone asking for a run: everything but a manual
/// dispatch, an API dispatch and a call from another workflow.
fn automatic(t: &Trigger) -> bool {
    !matches!(
        t.event.as_str(),
        "workflow_dispatch" | "repository_dispatch" | "workflow_call"
    )
}

/// A step of another workflow that starts `wf` by a dispatch (`gh workflow run wf.yml`), where
/// that workflow starts by itself or is in turn dispatched by one that does (a dispatch made
/// with GITHUB_TOKEN starts the run). The dispatching workflow, its step and the chain.
fn dispatched_automatically<'a>(
    repo: &'a Repo,
    wf: &Workflow,
    seen: &mut Vec<String>,
) -> Option<(&'a Workflow, &'a crate::workflow::effects::Effect, Vec<String>)> {
    if seen.contains(&wf.file.rel) || seen.len() > 4 {
        return None;
    }
    seen.push(wf.file.rel.clone());
    for other in &repo.workflows {
        if other.file.rel == wf.file.rel {
            continue;
        }
        let step = other.jobs.iter().flat_map(|j| j.effects.iter()).find(|e| {
            matches!(&e.kind, crate::workflow::effects::EffectKind::TriggersWorkflow { target, .. }
                if matches!(lookup(repo, target), Lookup::Found(w) if w.file.rel == wf.file.rel))
        });
        let Some(step) = step else { continue };
        let own: Vec<String> = other
            .triggers
            .iter()
            .filter(|t| automatic(t))
            .map(Trigger::describe)
            .collect();
        if !own.is_empty() {
            return Some((other, step, vec![format!("{} runs on {}", other.file.file_name(), own.join(", "))]));
        }
        if let Some((by, _, mut chain)) = dispatched_automatically(repo, other, seen) {
            chain.push(format!("{} is dispatched by {}", other.file.file_name(), by.file.file_name()));
            return Some((other, step, chain));
        }
    }
    None
}

/// A complete list of events said with "only" ("is only run if one of the following …:",
/// "runs only on pushes to `main`") whose every event holds, for a workflow that also starts by itself on an event
/// the list leaves out: readers do not expect the runs that event starts. Events started by
/// hand or by other workflows are not counted.
fn automatic_left_out(
    wf: &Workflow,
    events: &[DescribedEvent],
    exhaustive: bool,
    all_hold: bool,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    if !exhaustive || !all_hold || events.is_empty() {
        return None;
    }
    let left: Vec<&Trigger> = wf
        .triggers
        .iter()
        .filter(|t| automatic(t))
        .filter(|t| {
            !events.iter().any(|e| {
                e.event == t.event
                    || (e.event == "pull_request" && t.event == "pull_request_target")
            })
        })
        .collect();
    let first = left.first()?;
    let listed: Vec<String> = left.iter().map(|t| t.describe()).collect();
    let mut check = check
        .short(format!("Also runs on `{}`", first.event))
        .verdict(
            Outcome::Violated,
            format!(
                "{}: the docs give the complete list, but it also runs on {} (not listed in the docs)",
                wf.file.rel,
                listed.join(", ")
            ),
            "the workflow also runs on events the docs leave out",
        );
    for t in left.iter().take(3) {
        check = check.related(&wf.file, t.span, format!("`{}` trigger of {}", t.event, wf.file.file_name()));
    }
    Some(check)
}

/// "Trigger: manual dispatch" as the complete list, for a workflow that also starts by itself
/// (on pushes, a schedule, ...): readers think nothing runs unless they start it.
fn manual_only_but_automatic(
    repo: &Repo,
    wf: &Workflow,
    events: &[DescribedEvent],
    exhaustive: bool,
    check: ClaimCheck,
) -> Option<ClaimCheck> {
    let manual_only = exhaustive
        && !events.is_empty()
        && events.iter().all(|e| e.event == "workflow_dispatch");
    if !manual_only || wf.trigger("workflow_dispatch").is_none() {
        return None;
    }
    let auto: Vec<&Trigger> = wf.triggers.iter().filter(|t| automatic(t)).collect();
    let Some(first) = auto.first() else {
        // Only `workflow_dispatch`, but another workflow that runs by itself dispatches it.
        let (by, step, chain) = dispatched_automatically(repo, wf, &mut Vec::new())?;
        return Some(
            check
                .short(format!("Dispatched by {}, not only by hand", by.file.file_name()))
                .verdict(
                    Outcome::Violated,
                    format!(
                        "{}: not manual only: {} starts it with a dispatch at line {} ({})",
                        wf.file.rel,
                        by.file.file_name(),
                        step.span.start.line,
                        chain.join("; ")
                    ),
                    "the workflow also runs without anyone starting it, after the workflow that dispatches it",
                )
                .related(&by.file, step.span, format!("dispatch of {}", wf.file.file_name())),
        );
    };
    let listed: Vec<String> = auto.iter().map(|t| t.describe()).collect();
    let mut check = check
        .short(format!(
            "Also runs on `{}`, not only by hand",
            first.event
        ))
        .verdict(
            Outcome::Violated,
            format!(
                "{}: not manual only: it also runs on {}",
                wf.file.rel,
                listed.join(", ")
            ),
            "the workflow also runs by itself, without anyone starting it",
        );
    for t in auto {
        check = check.related(&wf.file, t.span, format!("`{}` trigger", t.event));
    }
    Some(check)
}

/// A sentence saying tag (or branch) pushes release or deploy, when no workflow has such a live
/// push, is reported by `doc-trigger-disabled`; the same line is not reported twice.
fn left_to_doc_trigger_disabled(
    repo: &Repo,
    model: &DocModel,
    lines: (u32, u32),
    tag_push: bool,
) -> bool {
    let kind = if tag_push {
        RefKind::Tag
    } else {
        RefKind::Branch
    };
    let claimed = model.claims.iter().any(|c| {
        let line = c.span.start.line;
        line >= lines.0
            && line <= lines.1
            && matches!(&c.kind, ClaimKind::Prose { claim, .. } if match kind {
                RefKind::Tag => claim.is_tag_push(),
                RefKind::Branch => claim.is_branch_push(),
            })
    });
    // Mirrors that rule: it holds when a live push fires, is unsure when releases may start
    // from `release`/`create` events instead, and reports otherwise.
    let wfs = &repo.workflows;
    claimed
        && !wfs.iter().any(|w| live_push(w, kind, None).is_some())
        && (wfs.iter().any(|w| disabled_push(w, kind, None).is_some())
            || !wfs.iter().any(|w| {
                w.trigger("release")
                    .or_else(|| w.trigger("create"))
                    .is_some()
            }))
}

pub(super) fn described_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    model: &DocModel,
    out: &mut Vec<ClaimCheck>,
) {
    let mut own: Option<std::collections::BTreeSet<String>> = None;
    for c in &model.claims {
        let ClaimKind::TriggerDescription {
            workflow,
            events,
            exhaustive,
            repo: slug,
        } = &c.kind
        else {
            continue;
        };
        // Named by a link to a GitHub page: only this repository's pages are its workflows.
        if let Some(slug) = slug {
            let own = own.get_or_insert_with(|| repo.own_slugs());
            if !own.contains(&slug.to_lowercase()) {
                continue;
            }
        }
        // An unknown workflow is doc-unknown-workflow's to report.
        let Lookup::Found(wf) = lookup(repo, workflow) else {
            continue;
        };
        let Some(on) = wf.on_span else {
            continue; // no `on:` at all: nothing to compare with
        };
        let lines = (c.span.start.line, c.span.end.line);
        let judged: Vec<(&DescribedEvent, Judged)> = events
            .iter()
            .map(|e| (e, judge(repo, wf, e)))
            .filter(|(e, j)| {
                let push_violated = e.event == "push" && j.outcome == Outcome::Violated;
                !(push_violated && left_to_doc_trigger_disabled(repo, model, lines, e.tag_push))
            })
            .collect();
        if judged.is_empty() {
            continue;
        }
        let check = ClaimCheck::new(
            rule,
            doc,
            c.span,
            format!("Triggers of {}", wf.file.file_name()),
            &c.text,
        );
        let violated: Vec<&(&DescribedEvent, Judged)> = judged
            .iter()
            .filter(|(_, j)| j.outcome == Outcome::Violated)
            .collect();
        if let Some((first_event, first)) = violated.first() {
            let mut actual: Vec<String> = violated
                .iter()
                .map(|(e, j)| format!("\"{}\": {}", e.words, j.text))
                .collect();
            // What does run: the unlisted events of a complete list, or every event when a
            // claimed one is absent.
            let absent = violated.iter().any(|(_, j)| j.absent);
            if *exhaustive {
                let missing = unlisted(wf, events);
                if !missing.is_empty() {
                    actual.push(format!("not listed in the docs: {}", missing.join(", ")));
                }
            } else if absent {
                let all: Vec<String> = wf.triggers.iter().map(Trigger::describe).collect();
                actual.push(format!("its triggers: {}", all.join(", ")));
            }
            let mut check = check
                .short(first.short.clone())
                .verdict(
                    Outcome::Violated,
                    format!("{}: {}", wf.file.rel, actual.join("; ")),
                    if first.impact.is_empty() {
                        impact_of(&first_event.event)
                    } else {
                        first.impact
                    },
                )
                .related(&wf.file, on, format!("`on:` of {}", wf.file.file_name()));
            for (_, j) in &violated {
                for (span, label) in &j.related {
                    check = check.related(&wf.file, *span, label.clone());
                }
            }
            out.push(check);
            continue;
        }
        if let Some(check) = schedule_time_differs(wf, events, &c.text, check.clone()) {
            out.push(check);
            continue;
        }
        if let Some(check) = schedule_interval_differs(wf, events, &c.text, check.clone()) {
            out.push(check);
            continue;
        }
        if let Some(check) = schedule_cadence_differs(wf, events, &c.text, check.clone()) {
            out.push(check);
            continue;
        }
        if let Some(check) = schedule_step_differs(wf, events, &c.text, check.clone()) {
            out.push(check);
            continue;
        }
        if let Some(check) = manual_only_but_automatic(repo, wf, events, *exhaustive, check.clone()) {
            out.push(check);
            continue;
        }
        // Only a list said to be the only events ("is only run if one of the following
        // …:"): labelled lists ("**Trigger**: push to main") are read as complete for what
        // they name, but teams leave events out of them without meaning "nothing else".
        let said_only = SAID_ONLY.is_match(&c.text) && !NOT_ONLY.is_match(&c.text);
        let all_hold = judged.iter().all(|(_, j)| j.outcome == Outcome::Holds);
        if let Some(check) =
            automatic_left_out(wf, events, *exhaustive && said_only, all_hold, check.clone())
        {
            out.push(check.related(&wf.file, on, format!("`on:` of {}", wf.file.file_name())));
            continue;
        }
        let unknown: Vec<&str> = judged
            .iter()
            .filter(|(_, j)| j.outcome == Outcome::Unknown)
            .map(|(_, j)| j.text.as_str())
            .collect();
        let check = if unknown.is_empty() {
            let has: Vec<&str> = judged.iter().map(|(_, j)| j.text.as_str()).collect();
            let text = format!("{} has {}", wf.file.file_name(), has.join(", "));
            check.verdict(Outcome::Holds, text, "")
        } else {
            check.verdict(
                Outcome::Unknown,
                format!("{}: {}", wf.file.rel, unknown.join("; ")),
                "",
            )
        };
        out.push(check.related(&wf.file, on, "triggers"));
    }
}

/// "Push a `v*` tag to trigger the `release` job": the job's workflow must start on that
/// event. A job id that several workflows use, or none, is left alone (none is not this
/// rule's to report). A workflow without the event contradicts the docs whatever the job's
/// `if:` says; a workflow with it, where the job has an `if:`, stays unknown.
pub(super) fn job_claims(
    rule: &'static str,
    repo: &Repo,
    doc: &SourceFile,
    model: &DocModel,
    out: &mut Vec<ClaimCheck>,
) {
    for c in &model.claims {
        let ClaimKind::JobTrigger { job, events } = &c.kind else {
            continue;
        };
        let holders: Vec<(&Workflow, &crate::workflow::Job)> = repo
            .workflows
            .iter()
            .flat_map(|w| w.jobs.iter().filter(|j| j.id.value == *job).map(move |j| (w, j)))
            .collect();
        let [(wf, j)] = holders.as_slice() else {
            continue;
        };
        let Some(on) = wf.on_span else {
            continue;
        };
        let lines = (c.span.start.line, c.span.end.line);
        let judged: Vec<(&DescribedEvent, Judged)> = events
            .iter()
            .map(|e| (e, judge(repo, wf, e)))
            .filter(|(e, jd)| {
                let push_violated = e.event == "push" && jd.outcome == Outcome::Violated;
                !(push_violated && left_to_doc_trigger_disabled(repo, model, lines, e.tag_push))
            })
            .collect();
        if judged.is_empty() {
            continue;
        }
        let file = wf.file.file_name();
        let check = ClaimCheck::new(
            rule,
            doc,
            c.span,
            format!("Triggers of job `{job}` ({file})"),
            &c.text,
        );
        let violated: Vec<&(&DescribedEvent, Judged)> = judged
            .iter()
            .filter(|(_, jd)| jd.outcome == Outcome::Violated)
            .collect();
        if let Some((first_event, first)) = violated.first() {
            let mut actual: Vec<String> = violated
                .iter()
                .map(|(e, jd)| format!("\"{}\": {}", e.words, jd.text))
                .collect();
            if violated.iter().any(|(_, jd)| jd.absent) {
                let all: Vec<String> = wf.triggers.iter().map(Trigger::describe).collect();
                actual.push(format!("its triggers: {}", all.join(", ")));
            }
            let mut check = check
                .short(format!("Job `{job}` is in {file}: {}", first.short))
                .verdict(
                    Outcome::Violated,
                    format!("job `{job}` is in {}: {}", wf.file.rel, actual.join("; ")),
                    if first.impact.is_empty() {
                        impact_of(&first_event.event)
                    } else {
                        first.impact
                    },
                )
                .related(&wf.file, j.id.span, format!("job `{job}`"))
                .related(&wf.file, on, format!("`on:` of {file}"));
            for (_, jd) in &violated {
                for (span, label) in &jd.related {
                    check = check.related(&wf.file, *span, label.clone());
                }
            }
            out.push(check);
            continue;
        }
        let unknown: Vec<&str> = judged
            .iter()
            .filter(|(_, jd)| jd.outcome == Outcome::Unknown)
            .map(|(_, jd)| jd.text.as_str())
            .collect();
        let check = if let Some(cond) = j.if_cond.as_ref().filter(|_| unknown.is_empty()) {
            check.verdict(
                Outcome::Unknown,
                format!("{file} starts on it; whether job `{job}` runs depends on its `if: {}`", cond.value),
                "",
            )
        } else if unknown.is_empty() {
            let has: Vec<&str> = judged.iter().map(|(_, jd)| jd.text.as_str()).collect();
            check.verdict(Outcome::Holds, format!("{file} has {}", has.join(", ")), "")
        } else {
            check.verdict(Outcome::Unknown, format!("{}: {}", wf.file.rel, unknown.join("; ")), "")
        };
        out.push(check.related(&wf.file, j.id.span, format!("job `{job}`")));
    }
}

#[cfg(test)]
mod tests {
    use super::{cron_cadence, cron_runs_at, written_cadence, written_time, Cadence};

    #[test]
    fn cadences_in_words_and_crons() {
        assert_eq!(written_cadence("Scheduled (weekly)"), Some(Cadence::Weekly));
        assert_eq!(written_cadence("runs nightly"), Some(Cadence::Daily));
        assert_eq!(written_cadence("once a month"), Some(Cadence::Monthly));
        // Two cadences, or none: nothing to compare.
        assert_eq!(written_cadence("daily builds, weekly digest"), None);
        assert_eq!(written_cadence("scheduled"), None);
        assert_eq!(cron_cadence("0 2 * * *"), Some(Cadence::Daily));
        assert_eq!(cron_cadence("0 2 * * 1"), Some(Cadence::Weekly));
        assert_eq!(cron_cadence("0 2 1,15 * *"), Some(Cadence::Monthly));
        // Weekdays only, a range, a month: not plain enough.
        assert_eq!(cron_cadence("0 2 * * 1,3"), None);
        assert_eq!(cron_cadence("0 2 * * 1-5"), None);
        assert_eq!(cron_cadence("0 2 1 6 *"), None);
    }

    #[test]
    fn written_times_of_schedules() {
        assert_eq!(written_time("Daily at 10:00 AM UTC, Manual"), Some((vec![(10, Some(0))], vec![])));
        assert_eq!(written_time("Weekly (Monday 9 AM UTC)"), Some((vec![(9, None)], vec![1])));
        assert_eq!(written_time("Weekly (Sun 3 PM)"), Some((vec![(15, None)], vec![0])));
        assert_eq!(written_time("nightly at 02:30 UTC"), Some((vec![(2, Some(30))], vec![])));
        assert_eq!(written_time("12 AM"), Some((vec![(0, None)], vec![])));
        assert_eq!(written_time("16:00 every Tuesday"), Some((vec![(16, Some(0))], vec![2])));
        assert_eq!(
            written_time("11:15 every Tuesday and Wednesday"),
            Some((vec![(11, Some(15))], vec![2, 3]))
        );
        assert_eq!(
            written_time("8:00 and 12:00 every day"),
            Some((vec![(8, Some(0)), (12, Some(0))], vec![]))
        );
        assert_eq!(written_time("at 2 AM and 2 PM UTC"), Some((vec![(2, None), (14, None)], vec![])));
        // Another zone, no time, or not a time: nothing to compare.
        assert_eq!(written_time("Daily at 9 AM PST"), None);
        assert_eq!(written_time("the last nightly build"), None);
        assert_eq!(written_time("Daily at 2 AM"), Some((vec![(2, None)], vec![])));
        assert_eq!(written_time("every Monday morning"), Some((vec![], vec![1])));
        assert_eq!(written_time("every day"), None);
        assert_eq!(written_time("build 25:99 of the day"), None);
    }

    #[test]
    fn crons_against_written_times() {
        assert_eq!(cron_runs_at("0 2 * * *", Some(2), None, None), Some(true));
        assert_eq!(cron_runs_at("0 3 * * 0", Some(3), None, Some(0)), Some(true));
        assert_eq!(cron_runs_at("0 3 * * 7", Some(3), None, Some(0)), Some(true));
        assert_eq!(cron_runs_at("0 9 * * MON", Some(9), None, Some(1)), Some(true));
        assert_eq!(cron_runs_at("0 1 * * *", Some(10), Some(0), None), Some(false));
        assert_eq!(cron_runs_at("30 9 * * 1", Some(9), Some(0), Some(1)), Some(false));
        assert_eq!(cron_runs_at("0 9 * * 2", Some(9), None, Some(1)), Some(false));
        assert_eq!(cron_runs_at("0 6 * * 3", None, None, Some(1)), Some(false));
        assert_eq!(cron_runs_at("0 6 * * 1", None, None, Some(1)), Some(true));
        // Steps and ranges are not read.
        assert_eq!(cron_runs_at("0 */6 * * *", Some(6), None, None), None);
        assert_eq!(cron_runs_at("0 9 * * 1-5", Some(9), None, Some(1)), None);
    }
}
