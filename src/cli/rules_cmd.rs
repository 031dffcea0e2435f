//! `driftlint rules` and `driftlint explain`.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::{EXIT_ERROR, EXIT_OK};
use crate::checks::meta;

pub fn list() -> i32 {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(110)
        .set_header(["id", "severity", "category", "summary"]);
    for m in meta::all().values() {
        table.add_row([
            m.id.as_str(),
            m.severity.as_str(),
            m.category.as_str(),
            m.summary.as_str(),
        ]);
    }
    println!("{table}");
    EXIT_OK
}

/// The closest known rule id, for "did you mean" hints.
pub fn closest_rule(id: &str) -> Option<&'static str> {
    meta::all()
        .keys()
        .map(|k| (crate::config::edit_distance(id, k), k.as_str()))
        .filter(|(d, _)| *d <= 4)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

pub fn explain(id: &str) -> i32 {
    match meta::get(id) {
        Some(m) => {
            println!(
                "{} ({}, {})\n\n{}\n\n{}",
                m.id,
                m.severity.as_str(),
                m.category,
                m.summary,
                m.help
            );
            EXIT_OK
        }
        None => {
            match closest_rule(id) {
                Some(c) => eprintln!("error: unknown rule `{id}`; did you mean `{c}`?"),
                None => eprintln!("error: unknown rule `{id}`; `driftlint rules` lists them"),
            }
            EXIT_ERROR
        }
    }
}
