//! Release asset names a doc lists ("The workflow publishes: `tool-linux.tar.gz`") against the
//! names the workflows' scripts give their archives (`tar -czf dist/tool-${RUNNER_OS}.tar.gz`).
//! `$RUNNER_OS` / `${{ runner.os }}` is `Linux`, `macOS` or `Windows` and `$RUNNER_ARCH` is
//! `X64`, `ARM64`...: a doc writing the lower-case name promises a file that is never made
//! (asset names are case-sensitive in download URLs).
//!
//! Only that class is a finding: a name that matches a built name except for letter case. Any
//! other variable is a wildcard; names built by tools whose configuration is elsewhere
//! (GoReleaser, scripts) are not read, and a step that may build files we cannot see makes
//! the verdict unknown.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use regex::Regex;

use super::{workflow_label, Model, ID};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::constant_regex;
use crate::source::{SourceFile, Span};

const EXT: &str = r"tar\.gz|tgz|tar\.xz|tar\.bz2|tar\.zst|zip|pkg|dmg|deb|rpm|msi|AppImage|nupkg|snap";
static DOC_ASSET: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(&format!(r"`([A-Za-z0-9][\w.+-]*\.(?:{EXT}))`")));
static ASSET_CONTEXT: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(
        r"(?i)\b(release\s+assets?|assets?|attach(es|ed)?|publish(es|ed)?|uploads?|uploaded|artifacts?|downloads?)\b",
    )
});
static AUTOMATION: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::new(r"(?i)\b(workflows?|ci|pipeline|github\s+actions|automat\w*|release\s+job)\b"));
static ASSET_EXT: LazyLock<LineRegex> = LazyLock::new(|| LineRegex::new(&format!(r"(?i)\.({EXT})$")));
/// Words of an archive-making command and where its output name is.
static WORD_SPLIT: LazyLock<Regex> = LazyLock::new(|| constant_regex(r#"[\s"']+"#));

/// The file name (last path part) a script line writes, for archive and package tools.
fn produced(line: &str) -> Vec<String> {
    // Every name below comes after one of these words: a line holding none (most script
    // lines) is not split.
    const WORDS: [&str; 8] = [
        "tar",
        "zip",
        "7z",
        "-DestinationPath",
        "pkgbuild",
        "productbuild",
        "cp",
        "mv",
    ];
    let b = line.as_bytes();
    let any_word = (0..b.len()).any(|i| {
        matches!(b[i], b't' | b'z' | b'7' | b'-' | b'p' | b'c' | b'm')
            && WORDS.iter().any(|w| b[i..].starts_with(w.as_bytes()))
    });
    if !any_word {
        return Vec::new();
    }
    // `${{ runner.os }}` is one word of the command.
    let line = line.replace("${{ ", "${{").replace(" }}", "}}");
    let words: Vec<&str> = WORD_SPLIT
        .split(line.trim())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let is_asset = |w: &str| ASSET_EXT.is_match(w);
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        let name = match *w {
            "tar" => words[i + 1..]
                .iter()
                .position(|f| {
                    let f = f.trim_start_matches('-');
                    f.contains('f') && (f.contains('c') || f.contains('a')) && f.len() <= 6
                })
                .and_then(|p| words.get(i + 2 + p).copied()),
            "zip" | "7z" => words[i + 1..]
                .iter()
                .find(|a| !a.starts_with('-') && **a != "a")
                .copied(),
            "-DestinationPath" => next,
            "pkgbuild" | "productbuild" => words[i + 1..]
                .iter()
                .take_while(|a| !matches!(**a, "&&" | ";" | "|"))
                .last()
                .copied(),
            "cp" | "mv" => words[i + 1..]
                .iter()
                .filter(|a| !a.starts_with('-'))
                .take_while(|a| !matches!(**a, "&&" | ";" | "|"))
                .nth(1)
                .copied(),
            _ => None,
        };
        if let Some(n) = name.filter(|n| is_asset(n)) {
            let base = n.rsplit(['/', '\\']).next().unwrap_or(n);
            out.push(base.to_string());
        }
    }
    out
}

/// A built name as a pattern: runner variables become their values, other variables any text.
fn name_pattern(template: &str, ignore_case: bool) -> Option<Regex> {
    let mut re = String::from(if ignore_case { "(?i)^" } else { "^" });
    let mut rest = template;
    while !rest.is_empty() {
        let (var, len) = if rest.starts_with("${{") {
            let end = rest.find("}}").map_or(rest.len(), |e| e + 2);
            (Some(rest[3..end.saturating_sub(2).max(3)].trim().to_string()), end)
        } else if rest.starts_with("${") {
            let end = rest.find('}').map_or(rest.len(), |e| e + 1);
            (Some(rest[2..end.saturating_sub(1).max(2)].to_string()), end)
        } else if rest.starts_with("$(") {
            let end = rest.find(')').map_or(rest.len(), |e| e + 1);
            (Some(String::new()), end)
        } else if let Some(r) = rest.strip_prefix('$') {
            let n = r
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(r.len());
            (Some(r[..n].to_string()), n + 1)
        } else {
            (None, rest.chars().next().map_or(1, char::len_utf8))
        };
        match var {
            Some(v) => re.push_str(match v.as_str() {
                "RUNNER_OS" | "runner.os" => "(Linux|macOS|Windows)",
                "RUNNER_ARCH" | "runner.arch" => "(X86|X64|ARM|ARM64)",
                _ => ".*",
            }),
            None => re.push_str(&regex::escape(&rest[..len])),
        }
        rest = &rest[len.min(rest.len())..];
    }
    re.push('$');
    Regex::new(&re).ok()
}

/// Names built by the scripts of a workflow, with the step.
fn built_names(m: &Model, i: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for job in &m.wf(i).jobs {
        for step in &job.steps {
            let Some(run) = &step.run else { continue };
            for (_, line) in crate::workflow::effects::joined_lines(&run.value, true) {
                let l = line.trim();
                if l.starts_with('#') {
                    continue;
                }
                for n in produced(l) {
                    out.push((n, run.span));
                }
            }
        }
    }
    out
}

/// A doc name as a pattern over built names: `<version>`, `{version}`, `X.Y.Z` are any text.
fn doc_name_literal(name: &str) -> bool {
    !name.contains(['<', '{', '*']) && !name.contains("X.Y") && !name.contains("x.y")
}

/// Names built by workflows that attach files to releases or upload artifacts.
pub(super) fn built(m: &Model) -> Vec<(usize, String, Span)> {
    let mut built: Vec<(usize, String, Span)> = Vec::new();
    for i in m.all() {
        let ships = m.effects[i].live("release").next().is_some()
            || m.effects[i].live("artifact").next().is_some();
        if ships {
            built.extend(built_names(m, i).into_iter().map(|(n, s)| (i, n, s)));
        }
    }
    built
}

pub(super) fn claims(
    m: &Model,
    built: &[(usize, String, Span)],
    doc: &SourceFile,
    out: &mut Vec<ClaimCheck>,
) {
    if built.is_empty() {
        return;
    }
    let mut cx = super::prose_context::ProseContext::new();
    for (n, t) in crate::docs::unfenced_lines(&doc.text) {
        if !cx.enter(t) {
            continue;
        }
        cx.extend(t);
        let (heading, para) = (&cx.heading, &cx.para);
        let context = ASSET_CONTEXT.is_match(t)
            || ASSET_CONTEXT.is_match(para)
            || ASSET_CONTEXT.is_match(heading);
        let automated =
            AUTOMATION.is_match(t) || AUTOMATION.is_match(para) || AUTOMATION.is_match(heading);
        if !context || !automated {
            continue;
        }
        for c in DOC_ASSET.captures_iter(t) {
            let name = &c[1];
            if !doc_name_literal(name) {
                continue;
            }
            let exact = built.iter().any(|(_, b, _)| {
                b == name || name_pattern(b, false).is_some_and(|r| r.is_match(name))
            });
            if exact {
                continue;
            }
            let Some((i, b, span)) = built.iter().find(|(_, b, _)| {
                name_pattern(b, true).is_some_and(|r| r.is_match(name))
            }) else {
                continue;
            };
            // A script or tool we cannot read in that workflow may upload or attach a file of
            // the doc's name. (A `build` script is not counted: it makes what the visible
            // archive step then names.)
            if ["release", "publish", "artifact"]
                .iter()
                .any(|f| m.effects[*i].opaque_for(f).next().is_some())
            {
                continue;
            }
            let why = if b.contains("RUNNER_OS") || b.contains("runner.os") {
                " (`$RUNNER_OS` is `Linux`, `macOS` or `Windows`)"
            } else if b.contains("RUNNER_ARCH") || b.contains("runner.arch") {
                " (`$RUNNER_ARCH` is `X64`, `ARM64`...)"
            } else {
                ""
            };
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let check = ClaimCheck::new(
                ID,
                doc,
                doc.line_span(line_no),
                "Release asset name".to_string(),
                t,
            );
            out.push(
                check
                    .verdict(
                        Outcome::Violated,
                        format!(
                            "{} builds `{b}`{why}: the name differs in letter case, and no `{name}` is made",
                            workflow_label(m.wf(*i)),
                        ),
                        "download links and package managers that fetch the documented name get a 404",
                    )
                    .related(&m.wf(*i).file, *span, "the step that names the file"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{name_pattern, produced};

    #[test]
    fn archive_commands_name_their_output() {
        assert_eq!(
            produced("tar -czf dist/tool-${RUNNER_OS}.tar.gz -C dist tool"),
            ["tool-${RUNNER_OS}.tar.gz"]
        );
        assert_eq!(produced("zip -r out/tool-win.zip tool.exe"), ["tool-win.zip"]);
        assert_eq!(
            produced("Compress-Archive -Path a -DestinationPath dist\\tool-windows.zip"),
            ["tool-windows.zip"]
        );
        assert_eq!(
            produced("cp build/x dist/tool-${{ runner.os }}.deb"),
            ["tool-${{runner.os}}.deb"]
        );
        assert!(produced("cargo build --release").is_empty());
    }

    #[test]
    fn runner_variables_are_capitalised() {
        let p = name_pattern("tool-${RUNNER_OS}.tar.gz", false).unwrap();
        assert!(p.is_match("tool-Linux.tar.gz"));
        assert!(!p.is_match("tool-linux.tar.gz"));
        let i = name_pattern("tool-$RUNNER_OS.tar.gz", true).unwrap();
        assert!(i.is_match("tool-linux.tar.gz"));
        let any = name_pattern("tool-${TARGET}.tar.gz", false).unwrap();
        assert!(any.is_match("tool-linux.tar.gz"));
    }
}
