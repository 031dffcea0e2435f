//! References to workflow files: links, GitHub URLs and file names written in text.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use regex_automata::meta;

use super::blocks::{TextBlock, TextRole};
use super::{
    constant_rare_regex, constant_regex, constant_short_text_regex, Claim, ClaimKind, Ctx,
};

/// `https://github.com/o/r/blob/<ref>/.github/workflows/x.yml` (also tree/edit/raw/blame).
static GITHUB_FILE_URL: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^https?://github\.com/([\w.-]+/[\w.-]+)/(?:blob|tree|edit|raw|blame)/.+?/\.github/workflows/([^/]+\.ya?ml)$",
    )
});
/// `https://github.com/o/r/actions/workflows/x.yml` (the workflow's runs page, or its
/// status badge `.../x.yml/badge.svg`).
static GITHUB_ACTIONS_URL: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^https?://github\.com/([\w.-]+/[\w.-]+)/actions/workflows/([^/]+\.ya?ml)(?:/badge\.svg)?$",
    )
});
/// `https://img.shields.io/github/actions/workflow/status/o/r/x.yml` (a shields.io badge).
static SHIELDS_BADGE_URL: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^https?://img\.shields\.io/github/actions/workflow/status/([\w.-]+/[\w.-]+)/([^/]+\.ya?ml)$",
    )
});
/// `https://github.com/o/r/workflows/<name>/badge.svg`: the older status badge, which names
/// the workflow by its `name:` (percent-encoded), not by its file.
static NAME_BADGE_URL: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^https?://github\.com/([\w.-]+/[\w.-]+)/workflows/([^/]+)/badge\.svg$",
    )
});
static GITHUB_RAW_URL: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_short_text_regex(
        r"^https?://raw\.githubusercontent\.com/([\w.-]+/[\w.-]+)/.+?/\.github/workflows/([^/]+\.ya?ml)$",
    )
});
static URL_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(r#"https?://(?:github\.com|raw\.githubusercontent\.com)/[^\s()<>\[\]"'`]+"#)
});
static FILE_NAME: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"(?:\.github/workflows/)?[A-Za-z0-9_][\w.-]*\.ya?ml\b"));
/// What every [`URL_IN_TEXT`] match holds.
static GITHUB_WORD: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("github"));
/// What every [`FILE_NAME`] match holds (".yml" or ".yaml").
static DOT_Y: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(".y"));
/// Text around a bare file name that makes it likely to be a workflow.
static WORKFLOW_CONTEXT: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)\b(?:workflows?|github\s+actions|actions|ci|pipelines?|jobs?|nightly|cron|scheduled|every\s+(?:night|day|week|push|commit|pull\s+request)|on\s+(?:each|every)\s+(?:push|commit|tag|merge|pull\s+request|release)|workflow_dispatch)\b",
    )
});

/// A section or sentence about files that are gone or about the reader's own files: names
/// there are not claims that this repository has them.
static NOT_CURRENT: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)\b(?:removed|deleted|deprecated|obsolete|retired|renamed|replaced|formerly|previously|no\s+longer|if\s+you\s+(?:have|already|use)|your\s+(?:own\s+)?(?:repo|repository|project|workflows?)|naming|conventions?|e\.g\.|for\s+(?:example|instance))(?:\W|$)",
    )
});

/// Words right before a file name that make it a file for the reader to create: "Create",
/// "Add a new file", "copy the template to".
static TO_BE_CREATED: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)\b(?:create|add|copy\s+(?:\S+\s+){0,3}?to|save\s+(?:\S+\s+){0,3}?as|touch|new\s+file)(?:\s+(?:a|an|the|your|new|file|workflow|at|in|called|named))*\s*[`*\x22']*$",
    )
});

/// A short lead-in ("**Before:**", "Old layout:") that makes the list after it history.
static HISTORY_LEAD_IN: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(
        r"(?i)^\W*(?:before|old|previous(?:ly)?|removed|deleted|legacy|deprecated)\b[^\n]{0,40}:\W*$",
    )
});

/// YAML files that are commonly named in docs and are not workflows.
const NOT_WORKFLOWS: &[&str] = &[
    "action.yml",
    "action.yaml",
    "mkdocs.yml",
    "mkdocs.yaml",
    "codecov.yml",
    "codecov.yaml",
    "dependabot.yml",
    "dependabot.yaml",
    "compose.yml",
    "compose.yaml",
    "pubspec.yaml",
    "pnpm-workspace.yaml",
    "pnpm-lock.yaml",
    "environment.yml",
    "environment.yaml",
    "config.yml",
    "config.yaml",
    "_config.yml",
    "values.yaml",
    "values.yml",
    "chart.yaml",
    "appveyor.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
    "serverless.yml",
    "openapi.yaml",
    "openapi.yml",
    "swagger.yaml",
    "swagger.yml",
    "kustomization.yaml",
    "crowdin.yml",
    "labeler.yml",
    "release-drafter.yml",
    "funding.yml",
    "settings.yml",
    "stale.yml",
    "goreleaser.yml",
    "goreleaser.yaml",
    "bug_report.yml",
    "feature_request.yml",
    "citation.yml",
    "netlify.yml",
    "app.yaml",
    "app.yml",
    "render.yaml",
    "template.yaml",
    "template.yml",
    "meta.yaml",
    "deployment.yaml",
    "deployment.yml",
    "service.yaml",
    "service.yml",
    "ingress.yaml",
    "secrets.yaml",
    "secrets.yml",
    "buildspec.yml",
    "buildspec.yaml",
];

struct Found {
    offset: usize,
    end: usize,
    target: String,
    file_name: String,
    repo: Option<String>,
    explicit: bool,
    tree: Option<usize>,
}

/// A lead-in ending in ":" that names a folder other than `.github/workflows/` ("Create
/// `.allstar/` with:", "Add to `config/`:"): the files listed after it live there.
fn other_folder_lead_in(text: &str) -> bool {
    text.ends_with(':')
        && FOLDER.find_iter(text).any(|m| {
            let dir = m.as_str().trim_matches('`');
            !dir.trim_start_matches("./")
                .starts_with(".github/workflows")
        })
}

/// A folder in inline code: `` `.allstar/` ``, `` `deploy/config/` ``.
static FOLDER: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"`\.?[\w.-]+(?:/[\w.-]+)*/`"));

/// The headings a block's own heading sits under ("## GitHub Actions Workflows" above "### Code
/// Quality"), nearest first: each earlier heading of a lower level (`#` count; 0 for headings
/// written otherwise, which end the walk).
fn outer_headings<'c>(ctx: &'c Ctx<'_>, block: &TextBlock) -> impl Iterator<Item = &'c str> {
    let level = |h: &TextBlock| {
        let line = ctx.file.line_text(ctx.line_of(h.source_range().start));
        let t = line.trim_start();
        t.len() - t.trim_start_matches('#').len()
    };
    let texts = &ctx.blocks.texts;
    let mut at = block.section.and_then(|i| texts.get(i));
    let mut below = at.map_or(0, level);
    std::iter::from_fn(move || {
        while let Some(h) = at {
            at = h.section.and_then(|i| texts.get(i));
            let next = at?;
            let lv = level(next);
            if lv > 0 && lv < below {
                below = lv;
                return Some(next.text.as_str());
            }
        }
        None
    })
}

pub(crate) fn workflow_refs(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    let mut found = Vec::new();
    let mut workflow_links = Vec::new();
    for link in &ctx.blocks.links {
        if let Some((repo, file_name)) = classify_target(&link.dest, &ctx.file.rel) {
            workflow_links.push(link.range.clone());
            found.push(Found {
                offset: link.range.start,
                end: link.range.end,
                target: link.dest.clone(),
                file_name,
                repo,
                explicit: true,
                tree: None,
            });
        }
    }
    // Raw HTML links and badges (`<a href=…>`, `<img src=…>`), common around README badges.
    for html in &ctx.blocks.html {
        for (at, dest) in html_targets(&html.text) {
            if let Some((repo, file_name)) = classify_target(dest, &ctx.file.rel) {
                found.push(Found {
                    offset: html.offset + at,
                    end: html.offset + at + dest.len(),
                    target: dest.to_string(),
                    file_name,
                    repo,
                    explicit: true,
                    tree: None,
                });
            }
        }
    }
    // Status badges in a code block ("Add to your README:" over a markdown block): the
    // badge names this repository's workflow when the slug is this repository's.
    for code in &ctx.blocks.codes {
        for line in &code.lines {
            if GITHUB_WORD.find(line.text.as_bytes()).is_none() || !line.text.contains("badge.svg")
            {
                continue;
            }
            for m in URL_IN_TEXT.find_iter(&line.text) {
                let url = m.as_str().trim_end_matches(['.', ',', ';', ':']);
                if !url
                    .split(['#', '?'])
                    .next()
                    .unwrap_or(url)
                    .ends_with("/badge.svg")
                {
                    continue;
                }
                if let Some((repo @ Some(_), file_name)) = classify_target(url, &ctx.file.rel) {
                    found.push(Found {
                        offset: line.offset + m.start(),
                        end: line.offset + m.start() + url.len(),
                        target: url.to_string(),
                        file_name,
                        repo,
                        explicit: true,
                        tree: None,
                    });
                }
            }
        }
    }
    for r in super::code_refs::code_block_refs(ctx) {
        found.push(Found {
            offset: r.offset,
            end: r.end,
            target: r.target,
            file_name: r.file_name,
            repo: r.repo,
            explicit: true,
            tree: r.tree,
        });
    }
    // A doc kept next to the workflows talks about workflows throughout.
    let workflows_doc = ctx.file.rel.starts_with(".github/workflows/");
    let mut history_list = false;
    // "Available manual workflows:" before a list: its items are workflows.
    let mut workflow_list = false;
    let (file_columns, example_cells) = workflow_file_cells(ctx, workflows_doc);
    // "Create `.allstar/` with:" before a list: its items are files of that other folder.
    let mut other_folder_list = false;
    for (index, block) in ctx.blocks.texts.iter().enumerate() {
        match block.role {
            TextRole::Paragraph | TextRole::Heading => {
                let text = block.text.trim();
                history_list = HISTORY_LEAD_IN.is_match(text);
                workflow_list = block.role == TextRole::Paragraph
                    && text.ends_with(':')
                    && WORKFLOW_CONTEXT.is_match(text);
                other_folder_list = other_folder_lead_in(text);
            }
            TextRole::ListItem => {
                other_folder_list |= other_folder_lead_in(block.text.trim());
            }
            TextRole::TableCell => {}
        }
        for r in super::code_refs::uses_refs(&block.text, |i| block.source_offset(i)) {
            found.push(Found {
                offset: r.offset,
                end: r.end,
                target: r.target,
                file_name: r.file_name,
                repo: r.repo,
                explicit: true,
                tree: None,
            });
        }
        // Every URL_IN_TEXT match holds "github"; most blocks have none.
        let urls = GITHUB_WORD
            .find(block.text.as_bytes())
            .map(|_| URL_IN_TEXT.find_iter(&block.text));
        for m in urls.into_iter().flatten() {
            let url = m.as_str().trim_end_matches(['.', ',', ';', ':']);
            if let Some((repo, file_name)) = classify_target(url, &ctx.file.rel) {
                found.push(Found {
                    offset: block.source_offset(m.start()),
                    end: block.source_offset(m.start() + url.len()),
                    target: url.to_string(),
                    file_name,
                    repo,
                    explicit: true,
                    tree: None,
                });
            }
        }
        let section = block
            .section
            .and_then(|i| ctx.blocks.texts.get(i))
            .map_or("", |h| h.text.as_str());
        let names = yaml_file_names(&block.text);
        if names.is_empty() {
            continue;
        }
        let lead_in = (history_list || other_folder_list) && block.role == TextRole::ListItem;
        if lead_in || NOT_CURRENT.is_match(section) || NOT_CURRENT.is_match(&block.text) {
            continue;
        }
        // Table cells keep to their own words: tables in such docs also list naming
        // conventions and examples.
        if example_cells.contains(&index) {
            continue;
        }
        // The words around the names, not the names: `nightly-docs.yml` says nothing.
        let mut words = block.text.clone();
        for (range, _) in &names {
            words.replace_range(range.clone(), &" ".repeat(range.len()));
        }
        let has_context = (workflows_doc && block.role != TextRole::TableCell)
            || (workflow_list && block.role == TextRole::ListItem)
            || file_columns.contains(&index)
            || WORKFLOW_CONTEXT.is_match(&words)
            || WORKFLOW_CONTEXT.is_match(section)
            || outer_headings(ctx, block).any(|h| WORKFLOW_CONTEXT.is_match(h));
        for (range, listed) in names {
            let target = block.text.get(range.clone()).unwrap_or("");
            let explicit = target.starts_with(".github/workflows/");
            let before = block.text.get(..range.start).unwrap_or("");
            // "Workflow file: `goreleaser.yml`": a label says what a common name is.
            let labelled = workflow_label_before(before);
            // A well-known non-workflow name is kept in a column of workflow files: the check
            // says whether the file there is a workflow at all.
            let listed = listed && !file_columns.contains(&index);
            if !explicit && !labelled && (listed || !has_context) {
                continue;
            }
            // "`x.yml` and `package.json` are updated": named with a non-YAML file, it is a
            // data file a run edits, not a workflow.
            let after = block.text.get(range.end..).unwrap_or("");
            if !explicit && !labelled && with_data_file(before, after) {
                continue;
            }
            // "Create `.github/workflows/my-pipeline.yml`": a file the reader is to add.
            if TO_BE_CREATED.is_match(before) {
                continue;
            }
            // "[release.yaml](…/workflows/release.yml)": the text of a link to a workflow
            // file names that file; the reader follows the link.
            let offset = block.source_offset(range.start);
            if workflow_links.iter().any(|r| r.contains(&offset)) {
                continue;
            }
            found.push(Found {
                offset,
                end: block.source_offset(range.end),
                target: target.to_string(),
                file_name: last_segment(target).to_string(),
                repo: None,
                explicit,
                tree: None,
            });
        }
    }
    // One reference per file and line; a link or path beats a bare name.
    let mut by_line: BTreeMap<(u32, String), Found> = BTreeMap::new();
    for f in found {
        let key = (ctx.line_of(f.offset), f.file_name.clone());
        match by_line.get(&key) {
            Some(existing) if existing.explicit || !f.explicit => {}
            _ => {
                by_line.insert(key, f);
            }
        }
    }
    for ((line, _), f) in by_line {
        out.push(Claim {
            kind: ClaimKind::WorkflowRef {
                target: f.target,
                file_name: f.file_name,
                repo: f.repo,
                explicit: f.explicit,
                tree: f.tree.map(|offset| ctx.line_of(offset)),
            },
            span: ctx.file.span(f.offset, f.end),
            text: ctx.file.line_text(line).trim().to_string(),
        });
    }
}

/// Body cells of table columns that list this repository's workflow files: a column headed
/// "Workflow" (or "Workflow file"), or headed "File"/"Filename" in a doc kept next to the
/// workflows. Second: cells of columns headed "Example" or "Pattern", whose names are
/// illustrations, never references.
fn workflow_file_cells(ctx: &Ctx<'_>, workflows_doc: bool) -> (HashSet<usize>, HashSet<usize>) {
    let (mut files, mut examples) = (HashSet::new(), HashSet::new());
    for table in &ctx.blocks.tables {
        let headings: Vec<String> = table
            .head
            .iter()
            .map(|&head| {
                ctx.blocks.texts.get(head).map_or(String::new(), |b| {
                    b.text.trim_matches(['*', '_', ' ']).to_ascii_lowercase()
                })
            })
            .collect();
        let is_workflow = |h: &str| matches!(h, "workflow" | "workflows" | "workflow file");
        // A table with a "Workflow" column lists workflows: its "File" column names their files.
        let files_are_workflows = workflows_doc || headings.iter().any(|h| is_workflow(h));
        for (column, heading) in headings.iter().enumerate() {
            let heading = heading.as_str();
            let cells = table.rows.iter().filter_map(|r| r.cells.get(column));
            if is_workflow(heading)
                || (files_are_workflows && matches!(heading, "file" | "files" | "filename"))
            {
                files.extend(cells);
            } else if heading.starts_with("example") || heading.starts_with("pattern") {
                examples.extend(cells);
            }
        }
    }
    (files, examples)
}

/// YAML file names standing alone in text (`release.yml`, `.github/workflows/ci.yaml`), each
/// with whether it is a well-known file that is not a workflow (`action.yml`, `compose.yaml`).
pub(crate) fn yaml_file_names(text: &str) -> Vec<(std::ops::Range<usize>, bool)> {
    // Every match holds ".yml" or ".yaml"; most blocks have neither.
    if DOT_Y.find(text.as_bytes()).is_none() {
        return Vec::new();
    }
    FILE_NAME
        .find_iter(text)
        .filter(|m| stands_alone(text, m.start(), m.end()))
        .map(|m| {
            // Spring Boot's `application.yml` / `application-<profile>.yml` configure an app.
            (m.range(), well_known_non_workflow(last_segment(m.as_str())))
        })
        .collect()
}

/// A file name with an extension that is neither YAML nor a document format of workflows:
/// `package.json`, `Cargo.toml`, `poetry.lock`.
const DATA_FILE: &str = r"[`*'\x22]?[\w.-]+\.(?:json|toml|lock|cfg|ini|xml|txt|gradle|properties|csproj|nuspec|plist)\b[`*'\x22]?";

/// A non-YAML file name joined to the name by "and", "&", "+" or a comma, after it or before it.
static DATA_FILE_AFTER: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(&format!(
        r"(?i)^[`*'\x22]?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|\+\s*){DATA_FILE}"
    ))
});
static DATA_FILE_BEFORE: LazyLock<meta::Regex> = LazyLock::new(|| {
    constant_rare_regex(&format!(
        r"(?i){DATA_FILE}\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|\+\s*)[`*'\x22]?$"
    ))
});

/// Is the YAML name around `before`/`after` coordinated with a non-YAML file name?
fn with_data_file(before: &str, after: &str) -> bool {
    DATA_FILE_AFTER.is_match(after) || DATA_FILE_BEFORE.is_match(before)
}

/// A name that is commonly a YAML file of something else than GitHub Actions
/// (`codecov.yml`, `dependabot.yml`, `compose.yaml`, `application-dev.yml`).
pub(crate) fn well_known_non_workflow(file_name: &str) -> bool {
    let name = file_name.to_lowercase();
    NOT_WORKFLOWS.contains(&name.as_str())
        || name.contains("compose")
        || name.starts_with("application")
}

/// The name is not part of a longer path or name (`.goreleaser.yml`, `ci/x.yml`, `x.yml.bak`).
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).unwrap_or("");
    let mut after_chars = after.chars();
    let next = after_chars.next();
    let next2 = after_chars.next();
    let bad_before =
        before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'));
    let bad_after = match next {
        Some('/' | '-' | '_') => true,
        Some('.') => next2.is_some_and(char::is_alphanumeric),
        _ => false,
    };
    !bad_before && !bad_after
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The GitHub URL patterns that may match `dest`, in order: each is tried only on text with its
/// host after the scheme, its fixed path part and a YAML name at the end, so most links try
/// none and a pattern no link can match is never compiled.
fn url_patterns(dest: &str) -> impl Iterator<Item = &'static LazyLock<meta::Regex>> + '_ {
    let after_scheme = dest
        .strip_prefix("https://")
        .or_else(|| dest.strip_prefix("http://"))
        .filter(|_| {
            let name = dest.strip_suffix("/badge.svg").unwrap_or(dest);
            name.ends_with(".yml") || name.ends_with(".yaml")
        });
    let patterns: [(&'static LazyLock<meta::Regex>, &str, &str); 4] = [
        (&GITHUB_FILE_URL, "github.com/", "/.github/workflows/"),
        (&GITHUB_ACTIONS_URL, "github.com/", "/actions/workflows/"),
        (
            &GITHUB_RAW_URL,
            "raw.githubusercontent.com/",
            "/.github/workflows/",
        ),
        (
            &SHIELDS_BADGE_URL,
            "img.shields.io/",
            "/github/actions/workflow/status/",
        ),
    ];
    patterns.into_iter().filter_map(move |(re, host, path)| {
        after_scheme
            .is_some_and(|rest| rest.starts_with(host) && rest.contains(path))
            .then_some(re)
    })
}

/// A link target or URL that names a workflow file: `(repo, file name)`. Relative targets are
/// resolved against the document's directory.
fn classify_target(dest: &str, doc_rel: &str) -> Option<(Option<String>, String)> {
    let dest = dest.split(['#', '?']).next().unwrap_or(dest);
    for re in url_patterns(dest) {
        let mut groups = re.create_captures();
        re.captures(dest, &mut groups);
        if groups.is_match() {
            let group = |i: usize| groups.get_group(i).and_then(|m| dest.get(m.range()));
            let repo = group(1).map(str::to_string);
            let file = group(2)?.to_string();
            return Some((repo, file));
        }
    }
    if let Some(found) = name_badge(dest) {
        return Some(found);
    }
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("//") {
        return None;
    }
    if !(dest.ends_with(".yml") || dest.ends_with(".yaml")) {
        return None;
    }
    let resolved = resolve(dest, doc_rel);
    let in_workflows = resolved
        .as_deref()
        .and_then(|p| p.strip_prefix(".github/workflows/"))
        .is_some_and(|rest| !rest.contains('/'));
    if in_workflows || dest.contains(".github/workflows/") {
        return Some((None, last_segment(dest).to_string()));
    }
    None
}

/// The older status badge `github.com/o/r/workflows/<name>/badge.svg`: `(repo, name)`, the
/// name percent-decoded ("CodeQL%20Advanced" is "CodeQL Advanced").
fn name_badge(dest: &str) -> Option<(Option<String>, String)> {
    if !dest.ends_with("/badge.svg")
        || !dest.contains("github.com/")
        || !dest.contains("/workflows/")
    {
        return None;
    }
    let mut groups = NAME_BADGE_URL.create_captures();
    NAME_BADGE_URL.captures(dest, &mut groups);
    if !groups.is_match() {
        return None;
    }
    let group = |i: usize| groups.get_group(i).and_then(|m| dest.get(m.range()));
    let repo = group(1)?.to_string();
    let name = percent_decoded(group(2)?)?;
    let name = name.trim();
    (!name.is_empty()).then(|| (Some(repo), name.to_string()))
}

/// `%XX` escapes decoded; None when they do not make UTF-8 text.
fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Text ending in a "Workflow:" or "Workflow file:" label (any case, emphasis or a backtick
/// allowed after the colon).
fn workflow_label_before(before: &str) -> bool {
    let label =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '_'));
    let Some(label) = label.strip_suffix(':') else {
        return false;
    };
    let label = label
        .trim_end_matches(['*', '_'])
        .trim_end()
        .to_ascii_lowercase();
    // The label's own words (after any list mark or emphasis), at most four.
    let last = label
        .rsplit(|c: char| !c.is_ascii_alphabetic() && c != ' ')
        .next()
        .unwrap_or("")
        .trim();
    let words: Vec<&str> = last.split_whitespace().collect();
    words.len() <= 4
        && (words.last() == Some(&"workflow") || words.ends_with(&["workflow", "file"]))
}

/// Is `file_name` written in `line` after a "Workflow:" / "Workflow file:" label?
pub(crate) fn labelled_as_workflow(line: &str, file_name: &str) -> bool {
    line.match_indices(file_name)
        .any(|(at, _)| workflow_label_before(line.get(..at).unwrap_or("")))
}

/// Quoted `href`/`src` attribute values in raw HTML, with their offsets in `html`.
fn html_targets(html: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    for attr in ["href=", "src="] {
        let mut from = 0;
        while let Some(at) = html
            .get(from..)
            .and_then(|t| t.find(attr))
            .map(|i| from + i)
        {
            from = at + attr.len();
            // An attribute starts after a space: `data-src=` is another one.
            if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
                continue;
            }
            let Some(&quote) = bytes.get(from) else { break };
            if quote != b'"' && quote != b'\'' {
                continue;
            }
            let start = from + 1;
            if let Some(len) = html.get(start..).and_then(|t| t.find(quote as char)) {
                out.push((start, &html[start..start + len]));
                from = start + len;
            }
        }
    }
    out.sort_unstable();
    out
}

/// Resolve a relative link against the document's directory; None if it leaves the repo.
fn resolve(dest: &str, doc_rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let rel = match dest.strip_prefix('/') {
        Some(rooted) => rooted,
        None => {
            parts.extend(
                doc_rel
                    .rsplit_once('/')
                    .map_or("", |(dir, _)| dir)
                    .split('/'),
            );
            dest
        }
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    parts.retain(|p| !p.is_empty());
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_labels_end_the_text_before_a_name() {
        assert!(workflow_label_before("Workflow file: `"));
        assert!(workflow_label_before("- **Workflow**: "));
        assert!(workflow_label_before("Release workflow: "));
        assert!(!workflow_label_before("Config file: `"));
        assert!(!workflow_label_before("The workflow reads "));
        assert!(!workflow_label_before(""));
    }

    #[test]
    fn html_targets_read_quoted_href_and_src_only() {
        let html = r#"<a class="x" href="a/b.yml"><img data-src="no.yml" src='c.svg'></a>"#;
        let got: Vec<&str> = html_targets(html).into_iter().map(|(_, t)| t).collect();
        assert_eq!(got, ["a/b.yml", "c.svg"]);
        let (at, t) = html_targets(html)[0];
        assert_eq!(&html[at..at + t.len()], "a/b.yml");
        assert!(html_targets("<a href=unquoted>").is_empty());
        assert!(html_targets(r#"<a href="open"#).is_empty());
    }

    #[test]
    fn classifies_link_targets() {
        let some = |repo: Option<&str>, f: &str| Some((repo.map(str::to_string), f.to_string()));
        let cases = [
            (
                "../.github/workflows/release.yml",
                "docs/RELEASING.md",
                some(None, "release.yml"),
            ),
            (
                "./workflows/publish.yml",
                ".github/RELEASING.md",
                some(None, "publish.yml"),
            ),
            (
                ".github/workflows/ci.yaml#L3",
                "README.md",
                some(None, "ci.yaml"),
            ),
            (
                "/.github/workflows/ci.yml",
                "docs/a/b.md",
                some(None, "ci.yml"),
            ),
            (
                "../.github/workflows/x.yml",
                "README.md",
                some(None, "x.yml"),
            ),
            ("config/release.yml", "README.md", None),
            (
                "https://github.com/o/r/blob/main/.github/workflows/release.yml",
                "README.md",
                some(Some("o/r"), "release.yml"),
            ),
            (
                "https://github.com/o/r/blob/release/1.x/.github/workflows/a.yml",
                "README.md",
                some(Some("o/r"), "a.yml"),
            ),
            (
                "https://github.com/o/r/actions/workflows/deploy.yaml?query=x",
                "README.md",
                some(Some("o/r"), "deploy.yaml"),
            ),
            (
                "https://example.com/.github/workflows/x.yml",
                "README.md",
                None,
            ),
            (
                "http://raw.githubusercontent.com/o/r/main/.github/workflows/x.yml",
                "README.md",
                some(Some("o/r"), "x.yml"),
            ),
            (
                "https://github.com/o/r/actions/workflows/ci.yml/badge.svg",
                "README.md",
                some(Some("o/r"), "ci.yml"),
            ),
            (
                "https://img.shields.io/github/actions/workflow/status/o/r/ship.yaml?branch=main",
                "README.md",
                some(Some("o/r"), "ship.yaml"),
            ),
            (
                "https://github.com/o/r/workflows/Nightly%20Build/badge.svg?branch=main",
                "README.md",
                some(Some("o/r"), "Nightly Build"),
            ),
            (
                "https://github.com/o/r/workflows/Nightly%20Build",
                "README.md",
                None,
            ),
        ];
        for (dest, doc, want) in cases {
            assert_eq!(classify_target(dest, doc), want, "{dest}");
        }
    }

    /// A URL pattern is skipped only where it cannot match.
    #[test]
    fn url_patterns_skip_only_urls_they_cannot_match() {
        let all: [&LazyLock<meta::Regex>; 4] = [
            &GITHUB_FILE_URL,
            &GITHUB_ACTIONS_URL,
            &GITHUB_RAW_URL,
            &SHIELDS_BADGE_URL,
        ];
        let urls = [
            "https://github.com/o/r/blob/main/.github/workflows/a.yml",
            "http://github.com/o/r/tree/v1/x/.github/workflows/a.yaml",
            "https://github.com/o/r/actions/workflows/a.yml",
            "https://github.com/o/r/actions/workflows/a.yml/badge.svg",
            "https://github.com/.github/workflows/actions/workflows/a.yml",
            "https://raw.githubusercontent.com/o/r/main/.github/workflows/a.yml",
            "https://www.github.com/o/r/actions/workflows/a.yml",
            "https://GITHUB.com/o/r/actions/workflows/a.yml",
            "ftp://github.com/o/r/actions/workflows/a.yml",
            "https://github.com/o/r/blob/main/.github/workflows/a.yml.bak",
            "../.github/workflows/a.yml",
        ];
        let mut tried = 0;
        for url in urls {
            let candidates: Vec<_> = url_patterns(url).collect();
            tried += candidates.len();
            for (k, re) in all.into_iter().enumerate() {
                if re.is_match(url) {
                    let tried = candidates.iter().any(|c| std::ptr::eq(*c, re));
                    assert!(tried, "{url}: pattern {k} matches but is skipped");
                }
            }
        }
        assert_eq!(tried, 7);
    }

    #[test]
    fn bare_names_must_stand_alone() {
        let text = "a .goreleaser.yml b ci/x.yml c x.yml.bak d `run.yml`. e";
        let alone: Vec<&str> = FILE_NAME
            .find_iter(text)
            .filter(|m| stands_alone(text, m.start(), m.end()))
            .map(|m| m.as_str())
            .collect();
        assert_eq!(alone, vec!["run.yml"]);
    }
}
