//! `driftlint init`: write a commented starter `.driftlint.yml`, and the JSON Schema its first
//! line names so editors complete and check its keys.

use super::{write_atomic, InitArgs, EXIT_ERROR, EXIT_OK};
use crate::config::{FILE_NAME, SCHEMA, SCHEMA_PATH, STARTER};

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
    if let Err(e) = write_atomic(&path, STARTER) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    println!("wrote {shown}");
    // The schema is driftlint's own text: refreshed on every init, never user-edited.
    let schema = dir.join(SCHEMA_PATH);
    let shown = crate::source::display_path(&schema, std::path::Path::new("."));
    let written = match schema.parent() {
        Some(parent) => std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))
            .and_then(|()| write_atomic(&schema, SCHEMA)),
        None => write_atomic(&schema, SCHEMA),
    };
    match written {
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
