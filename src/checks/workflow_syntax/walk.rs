//! Walks a workflow's YAML tree along the schema and lists what does not fit.

use crate::source::HoldsTemplate as _;
use saphyr_parser::ScalarStyle;

use super::schema::{Choice, Record, Schema, Ty};
use crate::checks::common::closest;
use crate::source::Span;
use crate::yaml::{Entry, Node, Value};

/// One place that does not fit the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    /// Another place the message names (the first of two keys that clash).
    pub related: Option<(Span, &'static str)>,
}

pub struct Walker<'s> {
    schema: &'s Schema,
    pub problems: Vec<Problem>,
}

/// A whole value `${{ ... }}`: GitHub evaluates it, its type is not known here.
pub fn is_expression(node: &Node) -> bool {
    node.as_str().is_some_and(|s| {
        let s = s.trim();
        s.starts_with("${{") && s.ends_with("}}")
    })
}

fn quoted(items: &[String]) -> String {
    let names: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    crate::checks::common::join_words(&names)
}

fn kind_of(node: &Node) -> &'static str {
    match node.value {
        Value::Null => "nothing",
        Value::Scalar { .. } => "a scalar",
        Value::Seq(_) => "a sequence",
        Value::Map(_) => "a mapping",
    }
}

impl<'s> Walker<'s> {
    pub fn new(schema: &'s Schema) -> Self {
        Walker {
            schema,
            problems: Vec::new(),
        }
    }

    fn report(&mut self, span: Span, message: String) {
        self.problems.push(Problem {
            span,
            message,
            related: None,
        });
    }

    /// Check `node`, the value of key `name` (whose span is `at`), against `ty`.
    pub fn walk(&mut self, node: &Node, ty: &Ty, name: &str, at: Span) {
        let ty = self.schema.resolve(ty);
        if is_expression(node) && !matches!(ty, Ty::Str { .. } | Ty::Any) {
            return;
        }
        match ty {
            Ty::Any | Ty::Named(_) => {}
            Ty::Null => {
                if !node.is_null() {
                    self.report(node.span, format!("`{name}` takes no value here"));
                }
            }
            Ty::Str { nonempty } => self.string(node, *nonempty, name),
            Ty::Bool => match &node.value {
                Value::Scalar { text, .. } if !is_bool(text) => self.report(
                    node.span,
                    format!("`{name}` must be `true`, `false` or a `${{{{ }}}}` expression, not `{text}`"),
                ),
                Value::Scalar { .. } => {}
                _ => self.wrong_kind(node, name, "a boolean"),
            },
            Ty::Number { positive, integer } => self.number(node, name, *positive, *integer),
            Ty::Enum(values) => self.enumerated(node, name, values),
            Ty::Map { values, ci } => match &node.value {
                Value::Map(entries) => {
                    if *ci {
                        self.case_duplicates(entries, name);
                    }
                    for e in entries {
                        if self.merge_key(e) {
                            continue;
                        }
                        let key = e.key.scalar_text().unwrap_or("");
                        self.walk(&e.value, values, key, e.key.span);
                    }
                }
                Value::Null => {}
                _ => self.wrong_kind(node, name, "a mapping"),
            },
            Ty::Seq {
                item,
                scalar,
                empty,
            } => match &node.value {
                Value::Seq(items) => {
                    if items.is_empty() && !empty {
                        self.report(node.span, format!("`{name}` should not be empty"));
                    }
                    for i in items {
                        self.walk(i, item, name, i.span);
                    }
                }
                Value::Scalar { .. } if *scalar => self.walk(node, item, name, at),
                Value::Null if !empty => {
                    self.report(node.span, format!("`{name}` has no value"));
                }
                Value::Null => {}
                _ => self.wrong_kind(node, name, "a sequence"),
            },
            Ty::Record(record) => self.record(node, record, name, at),
            Ty::OneOf(alternatives) => self.one_of(node, alternatives, name, at),
            Ty::Choose(choices) => self.choose(node, choices, name, at),
        }
    }

    fn string(&mut self, node: &Node, nonempty: bool, name: &str) {
        match &node.value {
            Value::Scalar { text, .. } if nonempty && text.trim().is_empty() => {
                self.report(node.span, format!("`{name}` should not be an empty string"));
            }
            Value::Null if nonempty => {
                self.report(node.span, format!("`{name}` has no value"));
            }
            Value::Scalar { .. } | Value::Null => {}
            _ => self.wrong_kind(node, name, "a string"),
        }
    }

    fn number(&mut self, node: &Node, name: &str, positive: bool, integer: bool) {
        let Some(text) = node.as_str() else {
            return self.wrong_kind(node, name, "a number");
        };
        let what = if integer { "an integer" } else { "a number" };
        // A quoted number is a string to GitHub's parser, not a number.
        if matches!(&node.value, Value::Scalar { style, .. } if *style != saphyr_parser::ScalarStyle::Plain)
            && !text.holds_template()
        {
            return self.report(
                node.span,
                format!("`{name}` must be {what}, not the quoted string `'{text}'`: remove the quotes"),
            );
        }
        match text.trim().parse::<f64>() {
            Ok(n) if integer && n.fract() != 0.0 => {
                self.report(node.span, format!("`{name}` must be {what}, not `{text}`"));
            }
            Ok(n) if positive && n <= 0.0 => {
                self.report(
                    node.span,
                    format!("`{name}` must be greater than zero, not `{text}`"),
                );
            }
            Ok(_) => {}
            Err(_) => self.report(
                node.span,
                format!("`{name}` must be {what} or a `${{{{ }}}}` expression, not `{text}`"),
            ),
        }
    }

    fn enumerated(&mut self, node: &Node, name: &str, values: &[String]) {
        let Some(text) = node.as_str() else {
            return self.wrong_kind(node, name, "one of the listed values");
        };
        if values.iter().any(|v| v == text) {
            return;
        }
        let hint = closest(text, values.iter().map(String::as_str))
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        let list = if values.len() <= 12 {
            format!("; expected {}", quoted(values))
        } else {
            String::new()
        };
        self.report(
            node.span,
            format!("`{text}` is not a valid value of `{name}`{hint}{list}"),
        );
    }

    fn wrong_kind(&mut self, node: &Node, name: &str, expected: &str) {
        self.report(
            node.span,
            format!("`{name}` must be {expected}, not {}", kind_of(node)),
        );
    }

    /// `<<:` merges a mapping in YAML 1.1; GitHub does not support it. True when `e` is one.
    fn merge_key(&mut self, e: &Entry) -> bool {
        let is_merge = matches!(
            &e.key.value,
            Value::Scalar { text, style: ScalarStyle::Plain } if text == "<<"
        );
        if is_merge {
            self.report(
                e.key.span,
                "GitHub Actions does not support the YAML merge key `<<`: write the keys out"
                    .to_string(),
            );
        }
        is_merge
    }

    fn case_duplicates(&mut self, entries: &[Entry], name: &str) {
        for (i, e) in entries.iter().enumerate() {
            let Some(key) = e.key.scalar_text() else {
                continue;
            };
            let earlier = entries[..i].iter().find(|f| {
                f.key
                    .scalar_text()
                    .is_some_and(|k| k != key && k.eq_ignore_ascii_case(key))
            });
            if let Some(first) = earlier {
                let first_key = first.key.scalar_text().unwrap_or("");
                self.problems.push(Problem {
                    span: e.key.span,
                    message: format!(
                        "key `{key}` in `{name}` is the same as `{first_key}` (line {}): these keys ignore case",
                        first.key.span.start.line
                    ),
                    related: Some((first.key.span, "first definition")),
                });
            }
        }
    }

    fn record(&mut self, node: &Node, record: &Record, name: &str, at: Span) {
        // `permissions:` with nothing after it: neither `{}` nor scopes (GitHub rejects it).
        if record.section == "permissions" && node.is_null() && node.span.end.offset == node.span.start.offset {
            return self.report(
                at,
                "`permissions` has no value: write `{}` for no permissions, `read-all`, or a mapping of scopes".to_string(),
            );
        }
        let entries: &[Entry] = match &node.value {
            Value::Map(entries) => entries,
            // An explicit `null` (or `~`) says "none" (`container: null`); an empty value is
            // an empty section.
            Value::Null if node.span.end.offset > node.span.start.offset => return,
            Value::Null => &[],
            _ => return self.wrong_kind(node, name, "a mapping"),
        };
        if record.ci {
            self.case_duplicates(entries, name);
        }
        for e in entries {
            if self.merge_key(e) {
                continue;
            }
            let key = e.key.scalar_text().unwrap_or("");
            let known = record.keys.iter().find(|(k, _)| {
                k == key || (record.ci && k.eq_ignore_ascii_case(key))
            });
            if let Some((_, ty)) = known {
                self.walk(&e.value, ty, key, e.key.span);
            } else if let Some(others) = &record.others {
                self.walk(&e.value, others, key, e.key.span);
            } else {
                self.unexpected(e, record, name);
            }
        }
        // A required key written with no value (`jobs:` and nothing under it).
        for e in entries {
            let key = e.key.scalar_text().unwrap_or("");
            if e.value.is_null() && record.required.iter().any(|r| r == key) {
                self.report(
                    e.key.span,
                    format!("`{key}` has no value: {} needs it filled in", record.label(name)),
                );
            }
        }
        let missing: Vec<String> = record
            .required
            .iter()
            .filter(|r| !entries.iter().any(|e| e.key.scalar_text() == Some(r)))
            .cloned()
            .collect();
        if !missing.is_empty() {
            self.report(
                at,
                format!("{} needs {}", record.label(name), quoted(&missing)),
            );
        }
    }

    fn unexpected(&mut self, e: &Entry, record: &Record, name: &str) {
        let key = e.key.scalar_text().unwrap_or("");
        if let Some((_, place)) = record.misplaced.iter().find(|(k, _)| k == key) {
            return self.report(
                e.key.span,
                format!(
                    "`{key}` is not valid in a {}: it belongs to {place}",
                    record.section
                ),
            );
        }
        let names: Vec<String> = record.keys.iter().map(|(k, _)| k.clone()).collect();
        let what = record.unknown.as_deref().unwrap_or("unexpected key");
        if let Some(exact) = names.iter().find(|k| k.eq_ignore_ascii_case(key)) {
            return self.report(
                e.key.span,
                format!("{what} `{key}` in `{name}`: keys are case-sensitive, write `{exact}`"),
            );
        }
        let hint = closest(key, names.iter().map(String::as_str))
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        let list = if names.is_empty() {
            format!("; `{name}` takes no keys")
        } else if names.len() <= 12 {
            format!("; expected {}", quoted(&names))
        } else {
            String::new()
        };
        self.report(
            e.key.span,
            format!("{what} `{key}` in `{name}`{hint}{list}"),
        );
    }

    fn one_of(&mut self, node: &Node, alternatives: &[Ty], name: &str, at: Span) {
        let fits = |ty: &Ty| -> bool {
            let ty = self.schema.resolve(ty);
            match (&node.value, ty) {
                (_, Ty::Any) => true,
                (Value::Null, t) => matches!(
                    t,
                    Ty::Null | Ty::Str { nonempty: false } | Ty::Map { .. } | Ty::Record(_)
                ),
                (Value::Scalar { .. }, t) => matches!(
                    t,
                    Ty::Str { .. } | Ty::Bool | Ty::Number { .. } | Ty::Enum(_)
                ),
                (Value::Seq(_), t) => matches!(t, Ty::Seq { .. }),
                (Value::Map(_), t) => {
                    matches!(t, Ty::Map { .. } | Ty::Record(_) | Ty::Choose(_))
                }
            }
        };
        if let Some(ty) = alternatives.iter().find(|t| fits(t)) {
            return self.walk(node, ty, name, at);
        }
        // A scalar where only a list of scalars fits is a one-item list.
        if matches!(node.value, Value::Scalar { .. } | Value::Null) {
            if let Some(ty) = alternatives
                .iter()
                .find(|t| matches!(self.schema.resolve(t), Ty::Seq { .. }))
            {
                return self.walk(node, ty, name, at);
            }
        }
        let mut kinds: Vec<String> = Vec::new();
        for t in alternatives {
            let k = match self.schema.resolve(t) {
                Ty::Seq { .. } => "a sequence",
                Ty::Map { .. } | Ty::Record(_) | Ty::Choose(_) => "a mapping",
                Ty::Null => "nothing",
                _ => "a scalar",
            };
            if !kinds.iter().any(|x| x == k) {
                kinds.push(k.to_string());
            }
        }
        let expected = kinds.join(" or ");
        self.wrong_kind(node, name, &expected);
    }

    fn choose(&mut self, node: &Node, choices: &[Choice], name: &str, at: Span) {
        let has = |k: &str| node.get(k).is_some();
        if !matches!(node.value, Value::Map(_) | Value::Null) {
            return self.wrong_kind(node, name, "a mapping");
        }
        for c in choices {
            if c.when.as_deref().is_some_and(|k| !has(k)) {
                continue;
            }
            if let Some(ty) = &c.ty {
                return self.walk(node, ty, name, at);
            }
            if let Some(error) = &c.error {
                let span = if node.is_null() { at } else { node.span };
                return self.report(span, format!("`{name}`: {error}"));
            }
        }
    }
}

impl Record {
    /// `job `build``, or just `` `strategy` `` when the section is named after its key.
    fn label(&self, name: &str) -> String {
        if self.section.is_empty() || self.section == name {
            format!("`{name}`")
        } else {
            format!("{} `{name}`", self.section)
        }
    }
}

fn is_bool(text: &str) -> bool {
    matches!(text, "true" | "false" | "True" | "False" | "TRUE" | "FALSE")
}
