//! Command-line interface: argument definitions and subcommand dispatch.

pub mod baseline;
mod check;
mod completions;
mod init;
mod listing;
mod report_cmd;
mod routes_cmd;
mod rules_cmd;
mod state_cmd;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::Format;

pub use crate::engine::{analyze, Analysis};

/// What `driftlint --version` prints after the name: the crate version, and the git commit it
/// was built from when known (see build.rs), e.g. `0.1.0 (git 1a2b3c4d5e6f)`.
pub static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let version = env!("CARGO_PKG_VERSION");
    match env!("DRIFTLINT_GIT_REVISION") {
        "" => version.to_string(),
        revision => format!("{version} (git {revision})"),
    }
});

/// Exit codes shared by every subcommand.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "driftlint",
    version = VERSION.as_str(),
    about = "Lint GitHub Actions workflows and audit release docs for drift",
    long_about = "driftlint reads .github/workflows/*.yml and the release/deploy docs of a repository \
(README, RELEASING.md, docs/**/*.md and .rst) and reports where the documentation and the workflows disagree."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour (GitHub Actions logs show ANSI colours but are not a terminal).
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check workflows and docs; exit 1 when findings reach --fail-on.
    Check(CheckArgs),
    /// Write the current-state markdown report (or check that a committed one is fresh).
    Report(report_cmd::ReportArgs),
    /// List every rule.
    Rules,
    /// Simulate an event (--event) as a tree of workflows, jobs and environments, or list
    /// every route from trigger to environment.
    Routes(RoutesArgs),
    /// Show the full help of one rule.
    Explain {
        /// Rule id, e.g. disabled-trigger.
        rule: String,
    },
    /// Write a commented starter .driftlint.yml.
    Init(InitArgs),
    /// Exported GitHub state: `driftlint state pull` writes environments, deployments, runs
    /// and workflows as JSON for `--state`.
    State(state_cmd::StateArgs),
    /// Print a shell completion script (e.g. `driftlint completions bash`).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Directory to write .driftlint.yml in (default: current directory).
    pub dir: Option<PathBuf>,
    /// Overwrite an existing .driftlint.yml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Repository roots, directories or single files (default: current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Write the output to this file instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Config file for every repository checked (default: .driftlint.yml at each root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (no report) and exit.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Directory with exported GitHub state (environments.json, deployments.json, runs.json,
    /// workflows.json), e.g. from `driftlint state pull`; overrides `state:` in the config.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Colour of human output: `auto` (a terminal without NO_COLOR), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// List on stderr every file read, and every file seen but skipped, with why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// What the security rules report: `regular` leaves out findings of low confidence,
    /// `pedantic` reports them too; overrides `security.persona` in the config.
    #[arg(long, value_enum, value_name = "PERSONA")]
    pub persona: Option<PersonaArg>,
}

/// `--persona`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PersonaArg {
    Regular,
    Pedantic,
}

impl From<PersonaArg> for crate::config::Persona {
    fn from(p: PersonaArg) -> Self {
        match p {
            PersonaArg::Regular => crate::config::Persona::Regular,
            PersonaArg::Pedantic => crate::config::Persona::Pedantic,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RoutesArgs {
    /// Repository root (default: current directory).
    pub path: Option<PathBuf>,
    /// Simulate this event and print the route tree; without it, print every route.
    #[arg(long, value_enum)]
    pub event: Option<routes_cmd::EventKind>,
    /// Ref of the event: `refs/tags/v1`, `refs/heads/main`, or a short name (a short name
    /// that starts with `v` and contains a digit is a tag, any other a branch). For
    /// pull_request, the base branch.
    #[arg(long = "ref", value_name = "REF")]
    pub git_ref: Option<String>,
    /// Workflow to dispatch (file name, path or `name:`); with other events, show only it.
    #[arg(long, value_name = "FILE")]
    pub workflow: Option<String>,
    /// A workflow_dispatch input, KEY=VALUE (repeatable).
    #[arg(long = "input", value_name = "KEY=VALUE")]
    pub inputs: Vec<String>,
    /// The repository's default branch (schedules, workflow_run and dispatches run there;
    /// default: `default_branch` in .driftlint.yml, else main).
    #[arg(long)]
    pub default_branch: Option<String>,
    /// Simulate as if the triggers commented out under `on:` were live again.
    #[arg(long)]
    pub restore_disabled: bool,
}

/// Run the parsed command; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Report(args) => report_cmd::run(&args),
        Command::Rules => rules_cmd::list(),
        Command::Routes(args) => routes_cmd::run(&args),
        Command::Explain { rule } => rules_cmd::explain(&rule),
        Command::Init(args) => init::run(&args),
        Command::State(args) => state_cmd::run(&args),
        Command::Completions { shell } => completions::run(shell),
    }
}

/// Write text to a file atomically (temp file in the same directory, then rename), or stdout.
pub fn emit(text: &str, output: Option<&std::path::Path>) -> Result<(), String> {
    use std::io::Write;
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // The reader went away (`| head`): nothing left to tell it.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| format!("cannot write to stdout: {e}")),
            }
        }
        Some(path) => write_atomic(path, text),
    }
}

/// Write `text` to `path`. A regular file (or a new one) is replaced atomically: a temp file
/// in the same directory, then a rename; a symlink is followed, so the file it points to is
/// replaced and the link kept. Anything else (`/dev/null`, `/dev/stdout`, a FIFO) is written
/// into directly: renaming over it would replace the device or pipe with a regular file.
pub fn write_atomic(path: &std::path::Path, text: &str) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(format!(
            "cannot write {}: it is a directory",
            path.display()
        )),
        Ok(m) if !m.is_file() => write_into(path, text).map_err(failed),
        Ok(_) => {
            let target = std::fs::canonicalize(path).map_err(failed)?;
            replace_file(&target, text).map_err(failed)
        }
        // A dangling symlink: write through it, creating its target.
        Err(_) if std::fs::symlink_metadata(path).is_ok() => write_into(path, text).map_err(failed),
        Err(_) => replace_file(path, text).map_err(failed),
    }
}

/// Write into an existing file (device, pipe) without replacing it.
fn write_into(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// Temp file next to `path`, then rename over it.
fn replace_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.driftlint-{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}
