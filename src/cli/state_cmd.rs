//! `driftlint state pull`: export the repository's environments, deployments, runs and
//! workflows from GitHub into the JSON files `--state` reads.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{EXIT_ERROR, EXIT_OK};
use crate::state::{pull, PullOptions, PullSummary, DEFAULT_API_BASE, DEPLOYMENTS_FILE};

/// Where `state pull` writes by default (and where a starter config points `state:`).
pub const DEFAULT_STATE_DIR: &str = ".driftlint/state";

#[derive(Debug, clap::Args)]
pub struct StateArgs {
    #[command(subcommand)]
    pub command: StateCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum StateCommand {
    /// Fetch environments, deployments, runs and workflows from GitHub's REST API into JSON
    /// files (token from GITHUB_TOKEN or GH_TOKEN).
    Pull(PullArgs),
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// Repository as owner/name (default: from `git remote get-url origin` when it is a
    /// github.com URL).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// Directory to write the JSON files to.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STATE_DIR)]
    pub out: PathBuf,
    /// API base URL (GitHub Enterprise: https://HOST/api/v3).
    #[arg(long, value_name = "URL", default_value = DEFAULT_API_BASE)]
    pub api_url: String,
    /// Most pages (of 100 items) fetched per list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_pages: usize,
    /// Limit for one request in seconds, from connecting to reading the whole answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Extra attempts after a network error, a timeout or a server error (HTTP 5xx).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
}

pub fn run(args: &StateArgs) -> i32 {
    match &args.command {
        StateCommand::Pull(pull_args) => run_pull(pull_args),
    }
}

fn run_pull(args: &PullArgs) -> i32 {
    let repo = match &args.repo {
        Some(r) => r.clone(),
        None => match repo_from_git(Path::new(".")) {
            Some(r) => r,
            None => {
                eprintln!(
                    "error: cannot tell which repository to pull: `git remote get-url origin` gives no github.com URL; pass --repo OWNER/NAME"
                );
                return EXIT_ERROR;
            }
        },
    };
    let mut opts = PullOptions::new(repo.clone(), args.out.clone());
    opts.api_base = args.api_url.clone();
    opts.max_pages = args.max_pages.max(1);
    opts.timeout = std::time::Duration::from_secs(args.timeout);
    opts.retries = args.retries;
    opts.token = PullOptions::token_from_env();
    let authenticated = opts.token.is_some();
    match pull(&opts) {
        Ok(summary) => {
            print!(
                "{}",
                summary_text(&repo, &summary, args.max_pages, authenticated)
            );
            EXIT_OK
        }
        Err(e) => {
            // StateError texts never hold the token (the pull code redacts them).
            eprintln!("error: state pull for {repo}: {e}");
            EXIT_ERROR
        }
    }
}

/// What was written, one line per file, then the request count.
pub fn summary_text(
    repo: &str,
    summary: &PullSummary,
    max_pages: usize,
    authenticated: bool,
) -> String {
    let mut out = format!(
        "pulled state of {repo} ({}):\n",
        if authenticated {
            "with a token"
        } else {
            "without a token: GITHUB_TOKEN and GH_TOKEN are unset"
        }
    );
    for f in &summary.files {
        let noun = f.file.trim_end_matches(".json");
        let mut line = format!(
            "  {}: {} {}",
            f.path.display(),
            f.items,
            if f.items == 1 {
                noun.trim_end_matches('s')
            } else {
                noun
            }
        );
        if f.file == DEPLOYMENTS_FILE {
            line.push_str(&format!(
                " with {} status{}",
                f.statuses,
                if f.statuses == 1 { "" } else { "es" }
            ));
        }
        line.push_str(&format!(
            " ({} page{})",
            f.pages,
            if f.pages == 1 { "" } else { "s" }
        ));
        if f.truncated {
            line.push_str(&format!(
                "; more exist beyond --max-pages {max_pages}, older ones were not fetched"
            ));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} request{}\n",
        summary.requests,
        if summary.requests == 1 { "" } else { "s" }
    ));
    out
}

/// `owner/name` of the `origin` remote of the git repository at `dir`, when it is on
/// github.com.
fn repo_from_git(dir: &Path) -> Option<String> {
    let output = Command::new("git")
        .args(["remote", "get-url", "origin"])
        .current_dir(dir)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    github_repo_from_url(String::from_utf8_lossy(&output.stdout).trim())
}

/// `owner/name` from a github.com remote URL: `https://github.com/o/n(.git)`,
/// `git@github.com:o/n(.git)`, `ssh://git@github.com/o/n(.git)`; None for other hosts.
pub fn github_repo_from_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some(r) = url.strip_prefix("git@github.com:") {
        r
    } else {
        let (scheme, after) = url.split_once("://")?;
        if !matches!(scheme, "https" | "http" | "ssh" | "git") {
            return None;
        }
        let (authority, path) = after.split_once('/')?;
        // Drop credentials (`user@`, `x-access-token:…@`) and a port.
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = host.split(':').next().unwrap_or(host);
        if !host.eq_ignore_ascii_case("github.com") && !host.eq_ignore_ascii_case("www.github.com")
        {
            return None;
        }
        path
    };
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    let mut parts = rest.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || owner.is_empty() || name.is_empty() {
        return None;
    }
    Some(format!("{owner}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_items_pages_and_truncation() {
        let file = |name: &str, items, statuses, pages, truncated| crate::state::PulledFile {
            file: name.to_string(),
            path: PathBuf::from("out").join(name),
            items,
            statuses,
            pages,
            truncated,
        };
        let summary = PullSummary {
            files: vec![
                file("environments.json", 0, 0, 1, false),
                file("deployments.json", 1, 1, 1, false),
                file("runs.json", 200, 0, 2, true),
                file("workflows.json", 3, 0, 1, false),
            ],
            requests: 1,
        };
        assert_eq!(
            summary_text("o/r", &summary, 2, false),
            "pulled state of o/r (without a token: GITHUB_TOKEN and GH_TOKEN are unset):\n\
             \x20 out/environments.json: 0 environments (1 page)\n\
             \x20 out/deployments.json: 1 deployment with 1 status (1 page)\n\
             \x20 out/runs.json: 200 runs (2 pages); more exist beyond --max-pages 2, older ones were not fetched\n\
             \x20 out/workflows.json: 3 workflows (1 page)\n\
             1 request\n"
        );
    }

    #[test]
    fn github_urls_give_owner_and_name() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "https://github.com/acme/orders-service.git",
                Some("acme/orders-service"),
            ),
            (
                "https://github.com/acme/orders-service",
                Some("acme/orders-service"),
            ),
            (
                "https://github.com/acme/orders-service/",
                Some("acme/orders-service"),
            ),
            (
                "git@github.com:acme/orders-service.git",
                Some("acme/orders-service"),
            ),
            (
                "ssh://git@github.com/acme/orders-service.git",
                Some("acme/orders-service"),
            ),
            ("ssh://git@github.com:22/acme/app", Some("acme/app")),
            (
                "https://x-access-token:abc@github.com/acme/app.git",
                Some("acme/app"),
            ),
            ("https://gitlab.com/acme/app.git", None),
            ("git@gitlab.com:acme/app.git", None),
            ("https://github.com/acme", None),
            ("https://github.com/acme/app/tree/main", None),
            ("/srv/git/app.git", None),
            ("", None),
        ];
        for (url, want) in cases {
            assert_eq!(github_repo_from_url(url).as_deref(), *want, "{url}");
        }
    }
}
