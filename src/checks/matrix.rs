//! `matrix`: `strategy.matrix` entries that cannot do what they say: a value listed twice in
//! one row (the job runs twice with the same values), and `exclude:` entries that name a key
//! the matrix does not have or a value none of its combinations has (nothing is excluded).
//! Rows, include or exclude written as `${{ }}` are unknown and not judged.

use crate::source::HoldsTemplate as _;
use super::{Ctx, Rule};
use crate::finding::Finding;
use crate::source::Span;
use crate::yaml::{Node, Value};

pub struct Matrix;

/// A matrix value as short text for messages and equality: scalars as written, sequences
/// and mappings in flow style (mapping keys sorted).
fn render(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".to_string(),
        Value::Scalar { text, .. } => text.to_string(),
        Value::Seq(items) => format!("[{}]", items.iter().map(render).collect::<Vec<_>>().join(", ")),
        Value::Map(entries) => {
            let mut parts: Vec<String> = entries
                .iter()
                .map(|e| format!("{}: {}", e.key.scalar_text().unwrap_or(""), render(&e.value)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn is_expression(node: &Node) -> bool {
    node.as_str().is_some_and(|s| s.holds_template())
}

/// Does exclude value `ex` select `value`? Mappings match when every key of `ex` matches
/// (GitHub compares the keys given); anything holding an expression may match.
fn selects(ex: &Node, value: &Node) -> bool {
    if is_expression(ex) || is_expression(value) {
        return true;
    }
    match (&ex.value, &value.value) {
        (Value::Map(want), Value::Map(_)) => want.iter().all(|w| {
            let key = w.key.scalar_text().unwrap_or("");
            value.get(key).is_some_and(|v| selects(&w.value, v))
        }),
        (Value::Seq(a), Value::Seq(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| selects(x, y)),
        (Value::Scalar { .. } | Value::Null, Value::Scalar { .. } | Value::Null) => render(ex) == render(value),
        _ => false,
    }
}

fn matrix_problems(matrix: &Node, out: &mut Vec<(Span, String)>) {
    let Some(entries) = matrix.as_map() else {
        return;
    };
    // Row keys with their values; None when a row is an expression.
    let mut rows: Vec<(&str, Option<&[Node]>)> = Vec::new();
    let mut include: Option<Vec<&Node>> = Some(Vec::new());
    let mut exclude: Option<&Node> = None;
    for e in entries {
        let key = e.key.scalar_text().unwrap_or("");
        match key {
            "include" => {
                include = e.value.as_seq().map(|s| s.iter().collect());
            }
            "exclude" => exclude = Some(&e.value),
            _ => {
                let values = e.value.as_seq();
                if let Some(values) = values {
                    duplicates(key, values, out);
                }
                rows.push((key, if is_expression(&e.value) { None } else { values }));
            }
        }
    }
    let Some(exclude) = exclude.and_then(Node::as_seq) else {
        return;
    };
    // Every row must be known to say a value is never produced; include may be unknown only
    // for keys it alone adds (then they are not judged).
    if rows.iter().any(|(_, v)| v.is_none()) || entries.iter().any(|e| e.key.scalar_text().is_some_and(|k| k.holds_template())) {
        return;
    }
    let mut keys: Vec<&str> = rows.iter().map(|(k, _)| *k).collect();
    let Some(include) = include else {
        return;
    };
    for inc in &include {
        for e in inc.as_map().unwrap_or(&[]) {
            let k = e.key.scalar_text().unwrap_or("");
            if !keys.iter().any(|x| x.eq_ignore_ascii_case(k)) {
                keys.push(k);
            }
        }
    }
    if include.iter().any(|i| i.as_map().is_none()) {
        return;
    }
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    for ex in exclude {
        let Some(ex_entries) = ex.as_map() else {
            continue;
        };
        for e in ex_entries {
            let key = e.key.scalar_text().unwrap_or("");
            if key.holds_template() {
                continue;
            }
            // Matrix keys compare without case, as GitHub's do.
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                out.push((
                    e.key.span,
                    format!(
                        "`exclude` names `{key}`, which is no key of this matrix (keys: {}), so it excludes nothing",
                        sorted.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                ));
                continue;
            }
            let mut possible: Vec<&Node> = Vec::new();
            if let Some((_, Some(values))) = rows.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
                possible.extend(values.iter());
            }
            possible.extend(include.iter().flat_map(|i| {
                i.as_map()
                    .unwrap_or(&[])
                    .iter()
                    .filter(|e| e.key.scalar_text().is_some_and(|k| k.eq_ignore_ascii_case(key)))
                    .map(|e| &e.value)
            }));
            if possible.is_empty() || possible.iter().any(|p| selects(&e.value, p)) {
                continue;
            }
            let mut shown: Vec<String> = Vec::new();
            for p in &possible {
                let text = format!("`{}`", render(p));
                if !shown.contains(&text) {
                    shown.push(text);
                }
            }
            out.push((
                e.value.span,
                format!(
                    "`exclude` value `{}` of `{key}` matches no combination, so it excludes nothing (values of `{key}`: {})",
                    render(&e.value),
                    shown.join(", ")
                ),
            ));
        }
    }
}

fn duplicates(key: &str, values: &[Node], out: &mut Vec<(Span, String)>) {
    for (i, v) in values.iter().enumerate() {
        if is_expression(v) {
            continue;
        }
        let text = render(v);
        if let Some(first) = values[..i].iter().find(|p| render(p) == text) {
            out.push((
                v.span,
                format!(
                    "`{text}` is listed twice in matrix `{key}` (first at line {}): the job would run twice with the same values",
                    first.span.start.line
                ),
            ));
        }
    }
}

impl Rule for Matrix {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in &wf.jobs {
                let Some(matrix) = job.strategy.as_ref().and_then(|s| s.get("matrix")) else {
                    continue;
                };
                let mut problems = Vec::new();
                matrix_problems(matrix, &mut problems);
                for (span, message) in problems {
                    out.push(cx.finding(Self::ID, &wf.file, span, message));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<u32> {
        let doc = crate::yaml::load_str("m.yml", yaml).unwrap_or_else(|e| panic!("{e:?}"));
        let mut out = Vec::new();
        if let Some(root) = &doc.root {
            matrix_problems(root, &mut out);
        }
        out.iter().map(|(s, _)| s.start.line).collect()
    }

    #[test]
    fn duplicates_and_excludes() {
        assert_eq!(problems("node: [10, 12, 12]\n"), vec![1]);
        assert_eq!(
            problems("os: [a, b]\nexclude:\n  - os: c\n  - os: a\n  - arch: x\n"),
            vec![3, 5]
        );
        // Partial mappings select; include adds keys and values.
        assert!(problems(
            "os:\n  - {name: A, m: a}\ninclude:\n  - extra: 1\nexclude:\n  - os: {m: a}\n  - extra: 1\n"
        )
        .is_empty());
        // Unknown rows: nothing judged.
        assert!(problems("os: ${{ fromJSON(x) }}\nexclude:\n  - os: c\n").is_empty());
    }
}
