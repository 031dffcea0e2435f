//! Links to a package's registry page or version badge: `npmjs.com/package/<name>`,
//! `pypi.org/project/<name>`, `crates.io/crates/<name>`, `img.shields.io/{npm,pypi,crates}/v/<name>`.
//! A doc linking the page where releases land names the package its workflows publish; links
//! to other packages (tools, dependencies) are told apart by the check, not here.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use crate::source::SourceFile;

/// A registry page or badge link as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageLink {
    pub line: u32,
    /// `npm`, `PyPI` or `crates.io` (the effects table's targets).
    pub registry: &'static str,
    pub name: String,
    /// The line says it is where releases or artifacts land ("published to", "See artifacts").
    pub publish_context: bool,
    pub text: String,
}

static LINK: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(?:www\.)?(npmjs\.com/package|pypi\.org/project|crates\.io/crates|img\.shields\.io/npm/v|img\.shields\.io/pypi/v|img\.shields\.io/crates/v|badge\.fury\.io/js|badge\.fury\.io/py)/((?:@|%40)[A-Za-z0-9._-]+(?:/|%2F)[A-Za-z0-9._-]+|[A-Za-z0-9._-]+)",
    )
});
static PUBLISH_WORDS: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(publish(es|ed|ing)?|released?|releases|artifacts?|registry|package\s+page|available\s+on|distributed)\b",
    )
});

fn registry(site: &str) -> &'static str {
    let s = site.to_ascii_lowercase();
    if s.contains("npm") || s.ends_with("/js") {
        "npm"
    } else if s.contains("pypi") || s.ends_with("/py") {
        "PyPI"
    } else {
        "crates.io"
    }
}

pub fn read(file: &SourceFile) -> Vec<PackageLink> {
    let text = &file.text;
    if !LINK.is_match(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, t) in super::unfenced_lines(text) {
        for c in LINK.captures_iter(t) {
            let name = c[2]
                .replace("%40", "@")
                .replace("%2F", "/")
                .replace("%2f", "/");
            let name = name
                .strip_suffix(".svg")
                .or_else(|| name.strip_suffix(".png"))
                .unwrap_or(&name)
                .trim_end_matches('.')
                .to_string();
            if name.is_empty() {
                continue;
            }
            out.push(PackageLink {
                line: i as u32 + 1,
                registry: registry(&c[1]),
                name,
                publish_context: PUBLISH_WORDS.is_match(t),
                text: t.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_badges() {
        let f = SourceFile::new(
            "d.md",
            "d.md",
            "/d.md".into(),
            "[![v](https://img.shields.io/npm/v/%40acme%2Fwidget.svg)](https://www.npmjs.com/package/@acme/widget)\nReleases are published to [PyPI](https://pypi.org/project/acme_tool/).\n```\nhttps://crates.io/crates/hidden\n```\n"
                .to_string(),
        );
        let l = read(&f);
        let got: Vec<(&str, &str, bool)> = l
            .iter()
            .map(|x| (x.registry, x.name.as_str(), x.publish_context))
            .collect();
        assert_eq!(
            got,
            [
                ("npm", "@acme/widget", false),
                ("npm", "@acme/widget", false),
                ("PyPI", "acme_tool", true)
            ]
        );
    }
}
