//! What a test run is said to cover, written in words: runtime versions ("Python 3.9-3.12",
//! "Node.js 18, 20 and 22"), operating systems ("on Ubuntu, Windows, and macOS") and counts
//! ("3 OS × 4 Python versions"). Read only from a line that speaks of tests or a matrix; the
//! workflows' matrices are compared with it later. Nothing here knows about workflows.

use std::sync::LazyLock;

use super::line_regex::LineRegex as Regex;

/// The coverage a line claims. Empty parts claim nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatrixClaim {
    /// The runtime the versions are of (`python`, `node`, `go`, `ruby`, `java`, `php`).
    pub tool: Option<String>,
    /// Versions named (a range of minor versions is spelled out: 3.9-3.12 → 3.9, 3.10, 3.11,
    /// 3.12; a range of major versions keeps its ends only).
    pub versions: Vec<String>,
    /// Operating system families named (`linux`, `windows`, `macos`), two or more.
    pub oses: Vec<String>,
    /// "4 Python versions": how many versions of `tool`.
    pub version_count: Option<u32>,
    /// "3 OS", "three operating systems".
    pub os_count: Option<u32>,
}

static TEST_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(tests?|tested|testing|matri(x|ces))\b"));
const VERSION: &str = r"v?\d+(?:\.\d+){0,2}(?:\.x)?";
const SEP: &str = r"(?:\s*,\s*(?:and\s+|or\s+|&\s*)?|\s*/\s*|\s+and\s+|\s+or\s+|\s*&\s*|\s*[-–—]\s*|\s+to\s+|\s+through\s+)";
static TOOL_VERSIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(python|cpython|node(?:\.js|js)?|go(?:lang)?|ruby|java|jdk|php)\b(?:\s+versions?)?\s*:?\s*({VERSION}(?:{SEP}{VERSION})+)"
    ))
});
static ONE_VERSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(VERSION));
static RANGE_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:[-–—]|to|through)\s*$"));
static OS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(ubuntu|linux|windows|macos|mac\s?os(?:\s?x)?|osx|os\s?x)\b")
});
static OS_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d|two|three|four|five)\s+(?:os(?:es)?|operating\s+systems?)\b")
});
static VERSION_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2}|two|three|four|five|six)\s+(python|node(?:\.js)?|ruby|go|java|php)\s+versions\b",
    )
});

fn tool_of(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    match w.as_str() {
        "cpython" => "python".into(),
        "golang" => "go".into(),
        "jdk" => "java".into(),
        _ if w.starts_with("node") => "node".into(),
        _ => w,
    }
}

fn number(word: &str) -> Option<u32> {
    match word.to_ascii_lowercase().as_str() {
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        n => n.parse().ok(),
    }
}

pub fn os_family(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    if w.contains("ubuntu") || w.contains("linux") {
        Some("linux")
    } else if w.contains("windows") {
        Some("windows")
    } else if w.contains("mac") || w.contains("osx") || w.contains("os x") {
        Some("macos")
    } else {
        None
    }
}

/// The versions of a list as written, a minor-version range spelled out.
fn versions_of(list: &str, tool: &str) -> Vec<String> {
    let found: Vec<_> = ONE_VERSION.find_iter(list).collect();
    let mut out: Vec<String> = Vec::new();
    let clean = |v: &str| {
        v.trim_start_matches(['v', 'V'])
            .trim_end_matches(".x")
            .to_string()
    };
    for (k, m) in found.iter().enumerate() {
        let v = clean(m.as_str());
        let ranged = k > 0 && RANGE_SEP.is_match(&list[found[k - 1].end()..m.start()]);
        if ranged {
            let prev = clean(found[k - 1].as_str());
            let parts =
                |s: &str| -> Vec<u32> { s.split('.').filter_map(|p| p.parse().ok()).collect() };
            let (a, b) = (parts(&prev), parts(&v));
            if a.len() == 2 && b.len() == 2 && a[0] == b[0] && a[1] < b[1] && b[1] - a[1] < 20 {
                for minor in a[1] + 1..b[1] {
                    out.push(format!("{}.{minor}", a[0]));
                }
            }
        }
        if !out.contains(&v) {
            out.push(v);
        }
    }
    // Go versions are 1.x: a bare number after "go" is English ("go 2 ways").
    if tool == "go" && out.iter().any(|v| !v.contains('.')) {
        return Vec::new();
    }
    out
}

/// The coverage a line claims, if it speaks of tests or a matrix and names two or more
/// versions of one runtime, two or more operating systems, or a count of either.
pub fn read(text: &str) -> Option<MatrixClaim> {
    if !TEST_WORDS.is_match(text) {
        return None;
    }
    let mut claim = MatrixClaim::default();
    if let Some(c) = TOOL_VERSIONS.captures(text) {
        let tool = tool_of(&c[1]);
        claim.versions = versions_of(&c[2], &tool);
        if !claim.versions.is_empty() {
            claim.tool = Some(tool);
        }
    }
    for m in OS_WORD.find_iter(text) {
        if let Some(f) = os_family(m.as_str()) {
            if !claim.oses.iter().any(|o| o == f) {
                claim.oses.push(f.to_string());
            }
        }
    }
    if claim.oses.len() < 2 {
        claim.oses.clear();
    }
    if let Some(c) = OS_COUNT.captures(text) {
        claim.os_count = number(&c[1]).filter(|n| *n >= 2);
    }
    if let Some(c) = VERSION_COUNT.captures(text) {
        let tool = tool_of(&c[2]);
        if claim.tool.as_ref().is_none_or(|t| *t == tool) {
            claim.version_count = number(&c[1]).filter(|n| *n >= 2);
            if claim.version_count.is_some() {
                claim.tool = Some(tool);
            }
        }
    }
    let empty = claim.versions.is_empty()
        && claim.oses.is_empty()
        && claim.os_count.is_none()
        && claim.version_count.is_none();
    (!empty).then_some(claim)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn ranges_lists_and_oses() {
        let c = read("Matrix testing: Python 3.8–3.11 on Ubuntu, Windows and macOS").unwrap();
        assert_eq!(c.tool.as_deref(), Some("python"));
        assert_eq!(c.versions, v(&["3.8", "3.9", "3.10", "3.11"]));
        assert_eq!(c.oses, v(&["linux", "windows", "macos"]));
        let c = read("Tests run on Node.js 18.x, 20.x and 22.x").unwrap();
        assert_eq!(
            (c.tool.as_deref(), c.versions),
            (Some("node"), v(&["18", "20", "22"]))
        );
        let c = read("CI tests Node 16 to 20").unwrap();
        assert_eq!(c.versions, v(&["16", "20"]));
        let c = read("matrix: 2 operating systems × 5 Ruby versions").unwrap();
        assert_eq!((c.os_count, c.version_count), (Some(2), Some(5)));
        assert_eq!(c.tool.as_deref(), Some("ruby"));
        let c = read("tested on three OS").unwrap();
        assert_eq!(c.os_count, Some(3));
    }

    #[test]
    fn not_a_coverage_claim() {
        // No test or matrix word: what the package supports.
        assert_eq!(read("Supports Python 3.9-3.12 on Linux and macOS"), None);
        // One version, one OS.
        assert_eq!(read("Tests run on Python 3.12 on Ubuntu"), None);
        // Go needs dotted versions.
        assert_eq!(read("tests go 2 and 3 levels deep"), None);
        assert_eq!(read("we test it on linux"), None);
    }
}
