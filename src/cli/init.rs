//! `driftlint init`: write a commented starter `.driftlint.yml`.

use super::{write_atomic, InitArgs, EXIT_ERROR, EXIT_OK};
use crate::config::{FILE_NAME, STARTER};

pub fn run(args: &InitArgs) -> i32 {
    let dir = args.dir.clone().unwrap_or_else(|| ".".into());
    if !dir.is_dir() {
        eprintln!("error: {}: no such directory", dir.display());
        return EXIT_ERROR;
    }
    let path = dir.join(FILE_NAME);
    let shown = crate::source::display_path(&path, std::path::Path::new("."));
    if path.exists() && !args.force {
        eprintln!("error: {shown} already exists; use --force to overwrite it");
        return EXIT_ERROR;
    }
    match write_atomic(&path, STARTER) {
        Ok(()) => {
            println!("wrote {shown}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
