//! `driftlint check`: run the analysis, render, pick the exit code.

use std::mem::ManuallyDrop;

use super::baseline::Baseline;
use super::{
    emit, write_atomic, CheckArgs, ColorChoice, FailOn, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK,
};
use crate::checks;
use crate::engine::{self, Request};
use crate::finding::Severity;
use crate::report::discrepancy::Discrepancies;
use crate::report::{self, Format, RenderInput};

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    }
}

/// `--color always|never` as asked; `auto`: colour only for a terminal, never with NO_COLOR
/// set or when writing to a file.
pub fn use_color(choice: ColorChoice, to_file: bool) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    }
}

/// `report` and `routes` on a directory with nothing to read fail as `check` does, instead of
/// printing an empty report (exit 2 and the same error).
pub(super) fn require_something(analysis: &engine::Analysis) -> Result<(), String> {
    match analysis.empty_paths.first() {
        Some((path, skipped)) if analysis.file_count() == 0 => {
            Err(nothing_to_check(path, *skipped))
        }
        _ => Ok(()),
    }
}

/// What a named directory without anything to check lacked, for the error or warning.
fn nothing_to_check(path: &str, skipped: usize) -> String {
    let mut text = format!(
        "{path}: nothing to check: no workflow files (.github/workflows/*.yml, or *.yml in a plain \
directory) and no release docs (README.md, RELEASING.md, docs/**/*.md or .rst, ...) found"
    );
    if skipped > 0 {
        text.push_str(&format!(
            "; {} skipped (--verbose lists them)",
            count(skipped, "file", "files")
        ));
    }
    text
}

/// A value that is never dropped. Freeing every node of every repository's model one by one
/// cost ~25M instructions (2%) of a cold check of the real-world corpus (docs/performance.md);
/// the process ends right after the output is written and the OS reclaims it all at once.
fn kept_until_exit<T>(value: T) -> ManuallyDrop<T> {
    ManuallyDrop::new(value)
}

/// The folders SARIF makes absolute paths relative to: the working directory (a CI job runs in
/// the checkout, which code scanning resolves `%SRCROOT%` to), as given and with symlinks
/// resolved, then each repository root, made absolute.
fn sarif_roots<'p>(repo_roots: impl Iterator<Item = &'p std::path::Path>) -> Vec<String> {
    let cwd = std::env::current_dir().ok();
    let mut roots: Vec<std::path::PathBuf> = Vec::new();
    if let Some(cwd) = &cwd {
        roots.push(cwd.clone());
        roots.extend(std::fs::canonicalize(cwd).ok());
    }
    for root in repo_roots {
        let absolute = match &cwd {
            Some(cwd) if root.is_relative() => cwd.join(root),
            _ => root.to_path_buf(),
        };
        roots.extend(std::fs::canonicalize(&absolute).ok());
        roots.push(absolute);
    }
    let mut out: Vec<String> = Vec::new();
    for root in roots {
        let shown = root.to_string_lossy().replace('\\', "/");
        if !out.contains(&shown) {
            out.push(shown);
        }
    }
    out
}

/// `1 finding`, `2 findings`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Run `driftlint check`; returns the exit code. Meant to be called once per process, just
/// before it exits: the analysis is left for the exit to reclaim (see `kept_until_exit`).
pub fn run(args: &CheckArgs) -> i32 {
    let markdown = args.format == Format::Markdown;
    // The markdown discrepancy table reads each repository's claims: only the other formats
    // stream.
    let stream = (!markdown).then_some(engine::Keep {
        files: args.format == Format::Human,
        listing: args
            .verbose
            .then_some(super::listing::files_of as fn(&crate::repo::Repo) -> String),
    });
    let mut analysis = kept_until_exit(engine::run(&Request {
        stream,
        paths: args.paths.clone(),
        config_file: args.config.clone(),
        state_dir: args.state.clone(),
        full: markdown,
        // Its own output (`-o docs/driftlint.md`) is never read back as a doc.
        not_docs: args.output.iter().cloned().collect(),
        persona: args.persona.map(Into::into),
        ..Request::default()
    }));
    for (path, why) in &analysis.path_errors {
        eprintln!("error: {path}: {why}");
    }
    // Nothing at all to check is an error, not a clean result.
    let found_nothing = !analysis.empty_paths.is_empty() && analysis.file_count() == 0;
    for (path, skipped) in &analysis.empty_paths {
        let level = if found_nothing { "error" } else { "warning" };
        eprintln!("{level}: {}", nothing_to_check(path, *skipped));
    }
    if args.verbose {
        for r in analysis.repos.iter() {
            eprint!("{}", super::listing::files_of(&r.repo));
        }
        for listing in &analysis.streamed.listings {
            eprint!("{listing}");
        }
    }
    if !analysis.config_errors.is_empty() {
        for e in &analysis.config_errors {
            eprintln!("error: {e}");
        }
        return EXIT_ERROR;
    }
    if !analysis.state_errors.is_empty() {
        for e in &analysis.state_errors {
            eprintln!("error: state: {e}");
        }
        return EXIT_ERROR;
    }
    for w in &analysis.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(path) = &args.write_baseline {
        let text = super::baseline::to_json(&analysis.findings);
        if let Err(e) = write_atomic(path, &text) {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
        eprintln!(
            "wrote {} to baseline {}",
            count(analysis.findings.len(), "finding", "findings"),
            path.display()
        );
        return if analysis.path_errors.is_empty() && !found_nothing {
            EXIT_OK
        } else {
            EXIT_ERROR
        };
    }
    if let Some(path) = &args.baseline {
        let baseline = match Baseline::load(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_ERROR;
            }
        };
        let filtered = baseline.filter(std::mem::take(&mut analysis.findings));
        analysis.findings = filtered.new;
        if filtered.known > 0 {
            eprintln!(
                "{} recorded in {} not shown",
                count(filtered.known, "finding", "findings"),
                path.display()
            );
        }
        if filtered.stale > 0 {
            eprintln!(
                "{} in {} {} no finding any more; --write-baseline rewrites it",
                count(filtered.stale, "entry", "entries"),
                path.display(),
                if filtered.stale == 1 {
                    "matches"
                } else {
                    "match"
                }
            );
        }
    }
    let mut discrepancies = Discrepancies::default();
    if markdown {
        for r in &analysis.repos {
            discrepancies.add_repo(&r.repo, &r.claims, &analysis.findings);
        }
    }
    // Only the human format shows source, and only of the files findings point at.
    let shown: std::collections::HashSet<&str> = if args.format == Format::Human {
        analysis.findings.iter().map(|f| f.path.as_str()).collect()
    } else {
        Default::default()
    };
    let files = analysis.files_where(|path| shown.contains(path));
    let rules: Vec<_> = checks::meta::all().values().cloned().collect();
    let roots = sarif_roots(analysis.root_paths());
    let input = RenderInput {
        findings: &analysis.findings,
        files: &files,
        rules: &rules,
        files_checked: analysis.file_count(),
        color: use_color(args.color, args.output.is_some()),
        tool_version: env!("CARGO_PKG_VERSION"),
        discrepancies: Some(&discrepancies),
        roots: &roots,
    };
    // "no findings; 0 files checked" next to an error would read as a pass.
    let nothing_read =
        analysis.file_count() == 0 && (found_nothing || !analysis.path_errors.is_empty());
    if !(nothing_read && args.format == Format::Human) {
        let text = report::render(args.format, &input);
        if let Err(e) = emit(&text, args.output.as_deref()) {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    }
    if found_nothing
        || !analysis.path_errors.is_empty()
        || (analysis.nothing_loaded() && !analysis.findings.is_empty())
    {
        return EXIT_ERROR;
    }
    let failing =
        threshold(args.fail_on).is_some_and(|t| analysis.findings.iter().any(|f| f.severity >= t));
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
