//! "Python 3.9-3.12 on Ubuntu, Windows and macOS", "3 OS × 4 Python versions" against what
//! the workflows' jobs really run on: `strategy.matrix` (rows, `exclude:` and `include:`
//! expanded), the version inputs of setup actions and `runs-on`. Lenient on purpose: every
//! job of the workflow counts (a version set up by any job is covered), and anything that can
//! choose versions or runners out of sight (a matrix or input from an expression, a version
//! file, tox/nox/cibuildwheel, a self-hosted runner, another repository's workflow) makes the
//! claim unknown, as does a missing version written anywhere in the workflow.

use crate::source::HoldsTemplate as _;
use std::collections::BTreeMap;

use super::{short_list, workflow_label, Model};
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::test_matrix::{os_family, MatrixClaim};
use crate::source::Span;
use crate::workflow::{Job, Workflow};
use crate::yaml::{Node, Value};

/// A matrix's values per key after expansion; None for a key whose values are not known.
struct JobMatrix {
    values: BTreeMap<String, Option<Vec<String>>>,
    /// The whole matrix is an expression.
    opaque: bool,
    span: Option<Span>,
}

fn text_of(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text.to_string()),
        Value::Seq(items) => {
            let parts: Option<Vec<String>> = items.iter().map(text_of).collect();
            parts.map(|p| p.join(", "))
        }
        _ => None,
    }
}

fn expression(node: &Node) -> bool {
    node.as_str().is_some_and(|s| s.holds_template())
}

fn job_matrix(job: &Job) -> JobMatrix {
    let mut out = JobMatrix {
        values: BTreeMap::new(),
        opaque: false,
        span: None,
    };
    let Some(matrix) = job.strategy.as_ref().and_then(|s| s.get("matrix")) else {
        return out;
    };
    out.span = Some(matrix.span);
    let Some(entries) = matrix.as_map() else {
        out.opaque = true;
        return out;
    };
    // Rows: key → values (None when not known).
    let mut rows: Vec<(String, Option<Vec<String>>)> = Vec::new();
    let mut include: Option<Vec<&Node>> = Some(Vec::new());
    let mut exclude: Vec<&Node> = Vec::new();
    for e in entries {
        let key = e.key.scalar_text().unwrap_or("").to_string();
        match key.as_str() {
            "include" => include = e.value.as_seq().map(|s| s.iter().collect()),
            "exclude" => exclude = e.value.as_seq().map(|s| s.iter().collect()).unwrap_or_default(),
            _ => {
                let vals = if expression(&e.value) {
                    None
                } else {
                    e.value
                        .as_seq()
                        .and_then(|s| s.iter().map(|n| (!expression(n)).then(|| text_of(n)).flatten()).collect())
                };
                rows.push((key, vals));
            }
        }
    }
    // Combinations of the rows (bounded), less the excluded ones.
    let known_rows: Option<Vec<(&String, &Vec<String>)>> =
        rows.iter().map(|(k, v)| v.as_ref().map(|v| (k, v))).collect();
    let size: usize = rows
        .iter()
        .map(|(_, v)| v.as_ref().map_or(1, Vec::len))
        .product();
    let mut from_rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match known_rows {
        Some(rows_k) if size <= 1024 && !rows_k.is_empty() => {
            let mut combos: Vec<Vec<(&String, &String)>> = vec![Vec::new()];
            for (k, vals) in &rows_k {
                combos = combos
                    .into_iter()
                    .flat_map(|c| {
                        vals.iter().map(move |v| {
                            let mut c2 = c.clone();
                            c2.push((*k, v));
                            c2
                        })
                    })
                    .collect();
            }
            let excluded = |c: &Vec<(&String, &String)>| {
                exclude.iter().any(|ex| {
                    ex.as_map().is_some_and(|want| {
                        !want.is_empty()
                            && want.iter().all(|w| {
                                let key = w.key.scalar_text().unwrap_or("");
                                let val = text_of(&w.value);
                                c.iter().any(|(k, v)| k.as_str() == key && val.as_deref() == Some(v.as_str()))
                            })
                    })
                })
            };
            for c in combos.iter().filter(|c| !excluded(c)) {
                for (k, v) in c {
                    let e = from_rows.entry((*k).clone()).or_default();
                    if !e.contains(v) {
                        e.push((*v).clone());
                    }
                }
            }
            for (k, _) in &rows {
                out.values.insert(k.clone(), Some(from_rows.remove(k).unwrap_or_default()));
            }
        }
        _ => {
            for (k, v) in rows {
                out.values.insert(k, v);
            }
        }
    }
    match include {
        None => out.opaque = true,
        Some(items) => {
            for item in items {
                let Some(map) = item.as_map() else {
                    out.opaque = true;
                    continue;
                };
                for e in map {
                    let key = e.key.scalar_text().unwrap_or("").to_string();
                    let val = (!expression(&e.value)).then(|| text_of(&e.value)).flatten();
                    let slot = out.values.entry(key).or_insert_with(|| Some(Vec::new()));
                    match (slot.as_mut(), val) {
                        (Some(list), Some(v)) => {
                            if !list.contains(&v) {
                                list.push(v);
                            }
                        }
                        _ => *slot = None,
                    }
                }
            }
        }
    }
    out
}

/// `${{ matrix.key }}` alone (spaces allowed): the key.
fn matrix_ref(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t.strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let key = inner.strip_prefix("matrix.")?;
    key.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        .then_some(key)
}

/// The setup action and version input of a runtime.
fn setup_of(tool: &str) -> &'static [(&'static str, &'static str)] {
    match tool {
        "python" => &[
            ("actions/setup-python", "python-version"),
            ("astral-sh/setup-uv", "python-version"),
            ("conda-incubator/setup-miniconda", "python-version"),
            ("mamba-org/setup-micromamba", "python-version"),
        ],
        "node" => &[("actions/setup-node", "node-version")],
        "go" => &[("actions/setup-go", "go-version")],
        "java" => &[("actions/setup-java", "java-version")],
        "ruby" => &[("ruby/setup-ruby", "ruby-version")],
        "php" => &[("shivammathur/setup-php", "php-version")],
        _ => &[],
    }
}

/// Commands that pick runtime versions themselves.
fn picks_versions(tool: &str, run: &str) -> bool {
    let words: &[&str] = match tool {
        "python" => &["tox", "nox", "hatch", "cibuildwheel", "pyenv", "--python", "conda", "pixi"],
        "node" => &["nvm", "fnm", "volta", "n "],
        "go" => &["gvm", "go install golang.org/dl"],
        "ruby" => &["rbenv", "rvm"],
        "java" => &["sdk install", "jenv"],
        _ => &[],
    };
    run.split(['\n', ';', '&', '|'])
        .any(|cmd| {
            let c = cmd.trim_start();
            words.iter().any(|w| {
                c.starts_with(w)
                    || c.contains(&format!(" {w}"))
                    || c.contains(&format!("/{w}"))
            })
        })
}

#[derive(Default)]
struct Seen {
    versions: Vec<(String, usize, Span)>,
    oses: Vec<(String, usize, Span)>,
    /// Why versions (or runners) may be other than those seen.
    versions_open: Option<String>,
    oses_open: Option<String>,
}

fn add(list: &mut Vec<(String, usize, Span)>, v: String, w: usize, span: Span) {
    if !list.iter().any(|(x, _, _)| *x == v) {
        list.push((v, w, span));
    }
}

fn norm_version(v: &str) -> String {
    v.trim()
        .trim_matches(['"', '\''])
        .trim_start_matches(['v', 'V'])
        .trim_end_matches(".x")
        .to_string()
}

fn seen(m: &Model, scope: &[usize], tool: Option<&str>) -> Seen {
    let mut s = Seen::default();
    for &i in scope {
        let wf: &Workflow = m.wf(i);
        for job in &wf.jobs {
            if let Some(u) = &job.uses {
                if !u.value.starts_with("./") {
                    s.versions_open.get_or_insert(format!("job `{}` runs another repository's workflow", job.id.value));
                    s.oses_open.get_or_insert(format!("job `{}` runs another repository's workflow", job.id.value));
                }
                continue;
            }
            let mx = job_matrix(job);
            let mspan = mx.span.unwrap_or(job.span);
            if mx.opaque {
                s.versions_open.get_or_insert(format!("the matrix of job `{}` is computed", job.id.value));
                s.oses_open.get_or_insert(format!("the matrix of job `{}` is computed", job.id.value));
            }
            // Runners.
            if let Some(ro) = &job.runs_on {
                let labels: Vec<String> = match matrix_ref(&ro.value) {
                    Some(k) => match mx.values.get(k) {
                        Some(Some(vals)) => vals.clone(),
                        _ => {
                            s.oses_open.get_or_insert(format!("`runs-on` of job `{}` is computed", job.id.value));
                            Vec::new()
                        }
                    },
                    None if ro.value.holds_template() => {
                        s.oses_open.get_or_insert(format!("`runs-on` of job `{}` is computed", job.id.value));
                        Vec::new()
                    }
                    None => vec![ro.value.clone()],
                };
                for l in labels {
                    match os_family(&l) {
                        Some(f) => {
                            add(&mut s.oses, f.to_string(), i, ro.span);
                        }
                        None => {
                            s.oses_open
                                .get_or_insert(format!("job `{}` runs on `{l}`", job.id.value));
                        }
                    }
                }
            }
            let Some(tool) = tool else {
                continue;
            };
            // Matrix keys named after the runtime.
            for (k, vals) in &mx.values {
                let lk = k.to_ascii_lowercase();
                let named = lk.contains(tool) || (tool == "python" && (lk == "py" || lk.starts_with("py-")));
                if !named || lk.contains("file") {
                    continue;
                }
                match vals {
                    Some(vals) => {
                        for v in vals {
                            let v = norm_version(v);
                            add(&mut s.versions, v, i, mspan);
                        }
                    }
                    None => {
                        s.versions_open.get_or_insert(format!("matrix key `{k}` of job `{}` is computed", job.id.value));
                    }
                }
            }
            for step in &job.steps {
                if let Some(run) = &step.run {
                    if picks_versions(tool, &run.value) {
                        s.versions_open.get_or_insert(format!("a step of job `{}` runs a tool that picks {tool} versions itself", job.id.value));
                    }
                }
                let Some(uses) = &step.uses else { continue };
                let action = uses.value.split('@').next().unwrap_or("").to_ascii_lowercase();
                let Some((_, input)) = setup_of(tool).iter().find(|(a, _)| *a == action) else {
                    continue;
                };
                let Some(val) = step.with_value(input) else {
                    s.versions_open.get_or_insert(format!("`{action}` in job `{}` gives no `{input}` (a version file or the runner's own)", job.id.value));
                    continue;
                };
                let vals: Vec<String> = match matrix_ref(&val.value) {
                    Some(k) => match mx.values.get(k) {
                        Some(Some(v)) => v.clone(),
                        _ => {
                            s.versions_open.get_or_insert(format!("`{input}` of job `{}` is computed", job.id.value));
                            continue;
                        }
                    },
                    None if val.value.holds_template() => {
                        s.versions_open.get_or_insert(format!("`{input}` of job `{}` is computed", job.id.value));
                        continue;
                    }
                    None => val.value.lines().map(str::to_string).filter(|l| !l.trim().is_empty()).collect(),
                };
                for v in vals {
                    let v = norm_version(&v);
                    if v.chars().any(|c| c.is_ascii_alphabetic()) && !v.contains('.') {
                        // `lts/*`, `stable`, `latest`: not a number to compare.
                        s.versions_open.get_or_insert(format!("job `{}` asks for {tool} `{v}`", job.id.value));
                        continue;
                    }
                    add(&mut s.versions, v, i, val.span);
                }
            }
        }
    }
    s
}

/// Does a version seen cover the version claimed (3.10 covers 3.10 and 3.10.4, not 3.1)?
fn covers(seen: &str, claimed: &str) -> bool {
    seen == claimed
        || seen.strip_prefix(claimed).is_some_and(|r| r.starts_with(['.', '-']))
}

/// A claimed version written somewhere in the workflows (a tox env, a container tag, a
/// comment): it may be tested in a way not read here.
fn written(m: &Model, scope: &[usize], tool: &str, v: &str) -> bool {
    let compact = v.replace('.', "");
    scope.iter().any(|&i| {
        let wf = m.wf(i);
        // The matrices were read (rows, excludes): a value written there is not another way
        // of testing it.
        let read: Vec<(u32, u32)> = wf
            .jobs
            .iter()
            .filter_map(|j| j.strategy.as_ref())
            .map(|s| (s.span.start.line, s.span.end.line))
            .collect();
        let text: String = wf
            .file
            .text
            .lines()
            .enumerate()
            .filter(|(n, _)| {
                let line = *n as u32 + 1;
                !read.iter().any(|(a, b)| (*a..=*b).contains(&line))
            })
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n");
        let text = &text;
        if v.contains('.') {
            text.contains(v) || (tool == "python" && (text.contains(&format!("py{compact}")) || text.contains(&format!("cp{compact}"))))
        } else {
            text.lines().any(|l| {
                l.to_ascii_lowercase().contains(tool)
                    && l.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == v || w == format!("{tool}{v}"))
            })
        }
    })
}

pub(super) fn coverage(
    m: &Model,
    claim: &MatrixClaim,
    tied: Option<usize>,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let scope = tied.map_or_else(|| m.all(), |w| m.scope(w));
    let tool = claim.tool.as_deref();
    let s = seen(m, &scope, tool);
    let label = tied.map_or("no workflow".to_string(), |w| workflow_label(m.wf(w)));
    let check = check("Test matrix");
    let tool_name = match tool {
        Some("python") => "Python",
        Some("node") => "Node.js",
        Some("go") => "Go",
        Some("ruby") => "Ruby",
        Some("java") => "Java",
        Some("php") => "PHP",
        _ => "",
    };
    let mut problems: Vec<String> = Vec::new();
    let mut related: Vec<(usize, Span, &str)> = Vec::new();
    let mut unknown: Option<String> = None;
    if let Some(t) = tool {
        let missing: Vec<String> = claim
            .versions
            .iter()
            .filter(|v| !s.versions.iter().any(|(x, _, _)| covers(x, v)))
            .cloned()
            .collect();
        let seen_list: Vec<String> = s.versions.iter().map(|(v, _, _)| v.clone()).collect();
        if !missing.is_empty() {
            if let Some(why) = &s.versions_open {
                unknown = Some(why.clone());
            } else if missing.iter().any(|v| written(m, &scope, t, v)) {
                unknown = Some(format!("{tool_name} {} is written in the workflow but not as a version it sets up", short_list(&missing, 3)));
            } else if s.versions.is_empty() {
                unknown = Some(format!("no job of {label} sets up a {tool_name} version"));
            } else {
                problems.push(format!(
                    "{tool_name} {} never runs (the jobs set up {})",
                    short_list(&missing, 4),
                    short_list(&seen_list, 6)
                ));
                related.extend(s.versions.iter().take(2).map(|(_, w, sp)| (*w, *sp, "version set up")));
            }
        }
        if let Some(n) = claim.version_count {
            if s.versions_open.is_none() && !s.versions.is_empty() && (seen_list.len() as u32) < n {
                problems.push(format!(
                    "{} {tool_name} version{} in all ({}), not {n}",
                    seen_list.len(),
                    if seen_list.len() == 1 { "" } else { "s" },
                    short_list(&seen_list, 6)
                ));
                related.extend(s.versions.iter().take(1).map(|(_, w, sp)| (*w, *sp, "version set up")));
            }
        }
    }
    let os_list: Vec<String> = s.oses.iter().map(|(o, _, _)| o.clone()).collect();
    let missing_os: Vec<String> = claim
        .oses
        .iter()
        .filter(|o| !os_list.contains(o))
        .cloned()
        .collect();
    if !missing_os.is_empty() {
        match &s.oses_open {
            Some(why) => {
                unknown.get_or_insert(why.clone());
            }
            None if !os_list.is_empty() => {
                problems.push(format!(
                    "no job runs on {} (runners: {})",
                    short_list(&missing_os, 3),
                    short_list(&os_list, 3)
                ));
                related.extend(s.oses.iter().take(1).map(|(_, w, sp)| (*w, *sp, "runner")));
            }
            None => {}
        }
    }
    if let Some(n) = claim.os_count {
        if s.oses_open.is_none() && !os_list.is_empty() && (os_list.len() as u32) < n {
            problems.push(format!(
                "{} operating system{} in all ({}), not {n}",
                os_list.len(),
                if os_list.len() == 1 { "" } else { "s" },
                short_list(&os_list, 3)
            ));
            related.extend(s.oses.iter().take(1).map(|(_, w, sp)| (*w, *sp, "runner")));
        }
    }
    if problems.is_empty() {
        return Some(match unknown {
            Some(why) => check.verdict(Outcome::Unknown, why, ""),
            None => check.verdict(Outcome::Holds, format!("{label}: the jobs cover it"), ""),
        });
    }
    let scope_label = if tied.is_some() { label } else { "the workflows".to_string() };
    let mut ch = check.verdict(
        Outcome::Violated,
        format!("{scope_label}: {}", problems.join("; ")),
        "the combinations the docs promise are not tested",
    );
    let mut done: Vec<(usize, u32)> = Vec::new();
    for (w, sp, what) in related {
        if done.contains(&(w, sp.start.line)) {
            continue;
        }
        done.push((w, sp.start.line));
        ch = ch.related(&m.wf(w).file, sp, what);
    }
    Some(ch)
}

#[cfg(test)]
mod tests {
    use super::{covers, matrix_ref, picks_versions};

    #[test]
    fn versions_and_refs() {
        assert!(covers("3.10", "3.10"));
        assert!(covers("3.10.4", "3.10"));
        assert!(!covers("3.1", "3.10"));
        assert!(!covers("3.10", "3.1"));
        assert!(covers("20.11.0", "20"));
        assert_eq!(matrix_ref("${{ matrix.python-version }}"), Some("python-version"));
        assert_eq!(matrix_ref("${{ matrix.os }}-large"), None);
        assert!(picks_versions("python", "pip install tox\ntox -e py"));
        assert!(!picks_versions("python", "pytest tests/"));
    }
}
