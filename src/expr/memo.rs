//! Parses remembered by their text. The same `${{ }}` texts are parsed by many rules and
//! evaluated under many contexts (every job `if:` once per simulated event); each text is
//! parsed once per thread instead. Bounded: a table is emptied when it grows past
//! [`MAX_ENTRIES`] or [`MAX_BYTES`] of text, and texts longer than [`MAX_TEXT`] (whole
//! scripts, seldom parsed twice) are not kept, so memory does not grow with the number of
//! repositories.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

use super::ast::Expr;
use super::template::{Condition, TemplatePart};
use super::ExprError;

const MAX_ENTRIES: usize = 1024;
const MAX_BYTES: usize = 64 << 10;
const MAX_TEXT: usize = 512;

struct Memo<T> {
    parses: crate::fast_hash::FastMap<Box<str>, Rc<Result<T, ExprError>>>,
    /// Bytes of text held as keys.
    bytes: usize,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            parses: crate::fast_hash::FastMap::default(),
            bytes: 0,
        }
    }
}

type Table<T> = RefCell<Memo<T>>;

thread_local! {
    static EXPRS: Table<Expr> = RefCell::default();
    static TEMPLATES: Table<Vec<TemplatePart>> = RefCell::default();
    static CONDITIONS: Table<Condition> = RefCell::default();
}

/// The parse of `text` from `table`, made with `parse` (outside any borrow of the table, so a
/// parse may itself use the memo) the first time.
fn remembered<T>(
    table: &'static LocalKey<Table<T>>,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, ExprError>,
) -> Rc<Result<T, ExprError>> {
    if text.len() > MAX_TEXT {
        return Rc::new(parse(text));
    }
    let known = table
        .try_with(|t| {
            t.try_borrow()
                .ok()
                .and_then(|t| t.parses.get(text).cloned())
        })
        .ok()
        .flatten();
    if let Some(hit) = known {
        return hit;
    }
    let made = Rc::new(parse(text));
    let _ = table.try_with(|t| {
        if let Ok(mut t) = t.try_borrow_mut() {
            if t.parses.len() >= MAX_ENTRIES || t.bytes + text.len() > MAX_BYTES {
                t.parses.clear();
                t.bytes = 0;
            }
            t.bytes += text.len();
            t.parses.insert(text.into(), Rc::clone(&made));
        }
    });
    made
}

/// [`super::parser::parse_expr`], remembered. `${{ x }}` and a rule's trimmed `x` share one
/// parse: whitespace around an expression only moves its offsets (the lexer skips the same
/// characters `str::trim` does). Errors are not shared that way, as an error at the end of
/// the text counts the trailing whitespace.
pub(crate) fn expr(src: &str) -> Rc<Result<Expr, ExprError>> {
    let trimmed = src.trim();
    if trimmed.len() == src.len() {
        return remembered(&EXPRS, src, super::parser::parse_expr);
    }
    // The shifted copy is remembered too: `${{ github.ref }}` recurs in most workflows, and
    // copying the trimmed parse each time cost more than parsing it once had.
    remembered(&EXPRS, src, |src| {
        let lead = src.len() - src.trim_start().len();
        match &*remembered(&EXPRS, trimmed, super::parser::parse_expr) {
            Ok(expr) => {
                let mut expr = expr.clone();
                expr.shift_offsets(src[..lead].chars().count());
                Ok(expr)
            }
            Err(_) => super::parser::parse_expr(src),
        }
    })
}

/// [`super::template::parse_template_uncached`], remembered.
pub(crate) fn template(raw: &str) -> Rc<Result<Vec<TemplatePart>, ExprError>> {
    remembered(&TEMPLATES, raw, super::template::parse_template_uncached)
}

/// [`super::template::parse_condition_uncached`], remembered.
pub(crate) fn condition(raw_if: &str) -> Rc<Result<Condition, ExprError>> {
    remembered(
        &CONDITIONS,
        raw_if,
        super::template::parse_condition_uncached,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_around_an_expression_shares_the_parse_and_keeps_offsets() {
        for src in [
            " github.ref ",
            "\n  inputs.env == 'prod' && matrix.os\t",
            "  format('{0}', x) ",
            " a == ",
            " ( ",
            "   ",
            "\u{a0}x\u{a0}",
        ] {
            assert_eq!(*expr(src), super::super::parser::parse_expr(src), "{src:?}");
            // Again, now that the trimmed text is remembered.
            assert_eq!(*expr(src), super::super::parser::parse_expr(src), "{src:?}");
            assert_eq!(
                *expr(src.trim()),
                super::super::parser::parse_expr(src.trim()),
                "{src:?}"
            );
        }
    }

    #[test]
    fn remembered_parses_equal_fresh_ones() {
        let cases = ["${{ a }} and ${{ b.c }}", "plain", "${{ x", "${{ '}}' }}"];
        for raw in cases {
            assert_eq!(
                *template(raw),
                super::super::template::parse_template_uncached(raw)
            );
            assert_eq!(
                *template(raw),
                super::super::template::parse_template_uncached(raw)
            );
            assert_eq!(
                *condition(raw),
                super::super::template::parse_condition_uncached(raw)
            );
            assert_eq!(
                *condition(raw),
                super::super::template::parse_condition_uncached(raw)
            );
        }
    }
}
