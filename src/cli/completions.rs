//! `driftlint completions SHELL`: print a completion script.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{emit, Cli, EXIT_ERROR, EXIT_OK};

pub fn run(shell: Shell) -> i32 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "driftlint", &mut script);
    match emit(&String::from_utf8_lossy(&script), None) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
