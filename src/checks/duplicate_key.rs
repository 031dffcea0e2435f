//! `duplicate-key`: the same key twice in one mapping.

use super::{Ctx, Rule};
use crate::finding::Finding;

pub struct DuplicateKey;

impl Rule for DuplicateKey {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for d in &wf.doc.duplicate_keys {
                let msg = format!(
                    "key `{}` is already defined at line {}",
                    d.key, d.first.start.line
                );
                out.push(
                    cx.finding(Self::ID, &wf.file, d.duplicate, msg)
                        .with_related(&wf.file, d.first, "first definition"),
                );
            }
        }
    }
}
