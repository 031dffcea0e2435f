//! Run-workflow form values written as a plain block of `Field: value` lines ("Action:
//! deploy-only / Environment: production / Tag: latest"): a manual run with those inputs.
//! Which workflow it is, is decided by the checks: the one whose dispatch inputs are all the
//! fields.

use crate::docs::line_regex::LineRegex;
use std::sync::LazyLock;

use super::{Claim, ClaimKind, Ctx};

/// `Field: value` — a short field name, one value word or phrase.
static FIELD_LINE: LazyLock<LineRegex> = LazyLock::new(|| {
    LineRegex::new(r"^(?P<k>[A-Za-z][A-Za-z0-9 _-]{0,30}?)\s*:\s+(?P<v>[^\s:#][^:#]{0,60})$")
});

/// Fences that hold such forms: none, or plain text.
fn plain_fence(lang: &str) -> bool {
    matches!(lang, "" | "text" | "txt" | "plain" | "plaintext")
}

pub(crate) fn dispatch_forms(ctx: &Ctx<'_>, out: &mut Vec<Claim>) {
    for code in &ctx.blocks.codes {
        if !plain_fence(&code.lang) {
            continue;
        }
        let lines: Vec<_> = code
            .lines
            .iter()
            .filter(|l| !l.text.trim().is_empty())
            .collect();
        if !(2..=8).contains(&lines.len()) {
            continue;
        }
        let indent = |t: &str| t.len() - t.trim_start().len();
        let Some(first) = lines.first() else { continue };
        let first_indent = indent(&first.text);
        let mut inputs = Vec::new();
        for l in &lines {
            if indent(&l.text) != first_indent {
                inputs.clear();
                break;
            }
            let t = l.text.trim();
            let Some(c) = FIELD_LINE.captures(t) else {
                inputs.clear();
                break;
            };
            let (Some(k), Some(v)) = (c.name("k"), c.name("v")) else {
                inputs.clear();
                break;
            };
            let value = v.as_str().trim().trim_matches(['`', '"', '\'']).to_string();
            inputs.push((k.as_str().trim().to_string(), value));
        }
        if inputs.len() < 2 {
            continue;
        }
        let start = first.offset + first_indent;
        let last = lines.last().map_or(first, |l| l);
        out.push(Claim {
            kind: ClaimKind::DispatchForm { inputs },
            span: ctx
                .file
                .span(start, last.offset + last.text.trim_end().len()),
            text: lines
                .iter()
                .map(|l| l.text.trim())
                .collect::<Vec<_>>()
                .join(" / "),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::claims_in;
    use super::super::ClaimKind;

    fn forms(md: &str) -> Vec<(u32, Vec<(String, String)>)> {
        claims_in(md)
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::DispatchForm { inputs } => Some((c.span.start.line, inputs)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_plain_field_blocks_only() {
        let md = "### Roll back\n```\nMode: redeploy\nTarget: `live`\n```\n\n```yaml\nmode: redeploy\ntarget: live\n```\n\n```\nwith:\n  target: live\n```\n\n```\nMode: redeploy\n```\n";
        assert_eq!(
            forms(md),
            vec![(
                3,
                vec![
                    ("Mode".to_string(), "redeploy".to_string()),
                    ("Target".to_string(), "live".to_string())
                ]
            )]
        );
    }
}
