//! The directive grammar: `driftlint: ignore[rule-a, rule-b]`, optionally followed by a reason.

use super::MARKER;

/// A rule id listed in a directive, with the character column it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRef {
    pub id: String,
    pub column: u32,
}

/// Why a directive cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveProblem {
    /// `driftlint: ignore` with no rule list: it would hide every rule.
    Bare,
    /// `driftlint: ignore[]`.
    Empty,
    /// Anything else that does not follow the grammar, with what is wrong.
    Malformed(String),
}

impl DirectiveProblem {
    pub fn describe(&self) -> String {
        match self {
            DirectiveProblem::Bare => {
                "`driftlint: ignore` without rule ids would hide every rule; name them: \
                 `driftlint: ignore[rule-id]`"
                    .into()
            }
            DirectiveProblem::Empty => {
                "`driftlint: ignore[]` names no rule; list the rule ids to ignore".into()
            }
            DirectiveProblem::Malformed(why) => {
                format!("malformed driftlint comment: {why}; expected `driftlint: ignore[rule-id, ...]`")
            }
        }
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

/// Parse directive text that starts with `driftlint:` (the end of the comment may follow).
/// `column` is the character column of the `d` of `driftlint:`; rule columns are relative to
/// the same line.
pub fn parse_directive(text: &str, column: u32) -> (Vec<RuleRef>, Option<DirectiveProblem>) {
    let Some(after_marker) = text.strip_prefix(MARKER) else {
        return (
            Vec::new(),
            Some(DirectiveProblem::Malformed("missing `driftlint:`".into())),
        );
    };
    // Character column of a byte offset into `text`.
    let col_at =
        |offset: usize| column + text.get(..offset).map_or(0, |s| s.chars().count()) as u32;
    let rest = after_marker.trim_start();
    let verb_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(rest.len());
    let (verb, after_verb) = rest.split_at(verb_len);
    if verb != "ignore" {
        let why = if verb.is_empty() {
            "nothing follows `driftlint:`".to_string()
        } else {
            format!("unknown directive `{verb}`")
        };
        return (Vec::new(), Some(DirectiveProblem::Malformed(why)));
    }
    let Some(list_and_rest) = after_verb.strip_prefix('[') else {
        return if after_verb.trim().is_empty() {
            (Vec::new(), Some(DirectiveProblem::Bare))
        } else {
            let why = "expected `[` right after `ignore`".to_string();
            (Vec::new(), Some(DirectiveProblem::Malformed(why)))
        };
    };
    let Some(close) = list_and_rest.find(']') else {
        let why = "the rule list is not closed with `]`".to_string();
        return (Vec::new(), Some(DirectiveProblem::Malformed(why)));
    };
    let list = list_and_rest.get(..close).unwrap_or("");
    let mut rules = Vec::new();
    let mut item_offset = text.len() - list_and_rest.len();
    for item in list.split(',') {
        let start = item_offset;
        item_offset += item.len() + 1;
        let leading = item.len() - item.trim_start().len();
        let id = item.trim();
        if id.is_empty() {
            if list.trim().is_empty() {
                return (Vec::new(), Some(DirectiveProblem::Empty));
            }
            let why = "an empty entry in the rule list".to_string();
            return (Vec::new(), Some(DirectiveProblem::Malformed(why)));
        }
        if !id.chars().all(is_id_char) {
            let why = format!("`{id}` is not a rule id (rule ids are like `disabled-trigger`)");
            return (Vec::new(), Some(DirectiveProblem::Malformed(why)));
        }
        rules.push(RuleRef {
            id: id.to_string(),
            column: col_at(start + leading),
        });
    }
    (rules, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rule ids with their columns, or the problem.
    type Parsed = Result<Vec<(String, u32)>, DirectiveProblem>;

    fn ids(text: &str) -> Parsed {
        match parse_directive(text, 10) {
            (rules, None) => Ok(rules.into_iter().map(|r| (r.id, r.column)).collect()),
            (_, Some(p)) => Err(p),
        }
    }

    #[test]
    fn grammar() {
        let malformed = |s: &str| Err(DirectiveProblem::Malformed(s.to_string()));
        let cases: Vec<(&str, Parsed)> = vec![
            (
                "driftlint: ignore[manual-only]",
                Ok(vec![("manual-only".into(), 28)]),
            ),
            ("driftlint:ignore[a]", Ok(vec![("a".into(), 27)])),
            (
                "driftlint: ignore[a, b-c]",
                Ok(vec![("a".into(), 28), ("b-c".into(), 31)]),
            ),
            (
                "driftlint: ignore[ a ,b ] deploys are manual by design",
                Ok(vec![("a".into(), 29), ("b".into(), 32)]),
            ),
            ("driftlint: ignore", Err(DirectiveProblem::Bare)),
            ("driftlint: ignore   ", Err(DirectiveProblem::Bare)),
            ("driftlint: ignore[]", Err(DirectiveProblem::Empty)),
            ("driftlint: ignore[ ]", Err(DirectiveProblem::Empty)),
            (
                "driftlint: ignore[a,,b]",
                malformed("an empty entry in the rule list"),
            ),
            (
                "driftlint: ignore[a",
                malformed("the rule list is not closed with `]`"),
            ),
            (
                "driftlint: ignore a",
                malformed("expected `[` right after `ignore`"),
            ),
            (
                "driftlint: ignroe[a]",
                malformed("unknown directive `ignroe`"),
            ),
            ("driftlint:", malformed("nothing follows `driftlint:`")),
            (
                "driftlint: ignore[Manual Only]",
                malformed("`Manual Only` is not a rule id (rule ids are like `disabled-trigger`)"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(ids(text), want, "{text}");
        }
    }

    #[test]
    fn problems_describe_the_fix() {
        assert_eq!(
            DirectiveProblem::Bare.describe(),
            "`driftlint: ignore` without rule ids would hide every rule; name them: `driftlint: ignore[rule-id]`"
        );
        assert_eq!(
            DirectiveProblem::Malformed("x".into()).describe(),
            "malformed driftlint comment: x; expected `driftlint: ignore[rule-id, ...]`"
        );
    }
}
