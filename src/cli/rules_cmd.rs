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
            m.severity_words().as_str(),
            m.category.as_str(),
            m.summary.as_str(),
        ]);
    }
    print_out(&format!("{table}\n"))
}

/// Print to stdout; a closed pipe (`driftlint rules | head`) is not a crash.
fn print_out(text: &str) -> i32 {
    match super::emit(text, None) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
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

/// The help `driftlint explain` prints: header with every severity the rule reports at,
/// summary, when each severity applies, then the long help.
pub fn explain_text(m: &crate::finding::RuleMeta) -> String {
    let mut out = format!(
        "{} ({}, {})\n\n{}\n\n",
        m.id,
        m.severity_words(),
        m.category,
        m.summary
    );
    if !m.severities.is_empty() {
        out.push_str("Severity:\n");
        for c in &m.severities {
            out.push_str(&format!("  {:<8} {}\n", c.severity.as_str(), c.when));
        }
        out.push('\n');
    }
    out.push_str(&m.help);
    out
}

pub fn explain(id: &str) -> i32 {
    match meta::get(id) {
        Some(m) => print_out(&format!("{}\n", explain_text(m))),
        None => {
            match closest_rule(id) {
                Some(c) => eprintln!("error: unknown rule `{id}`; did you mean `{c}`?"),
                None => eprintln!("error: unknown rule `{id}`; `driftlint rules` lists them"),
            }
            EXIT_ERROR
        }
    }
}
