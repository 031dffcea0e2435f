//! `syntax-error`: a file that could not be read or parsed.

use super::{Ctx, Rule};
use crate::finding::Finding;

pub struct SyntaxError;

impl Rule for SyntaxError {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for e in &cx.repo.errors {
            let pos = crate::source::Pos {
                offset: e.file.line_start(e.line),
                line: e.line,
                col: e.column,
            };
            let span = crate::source::Span::new(pos, pos);
            out.push(cx.finding(Self::ID, &e.file, span, e.message.clone()));
        }
    }
}
