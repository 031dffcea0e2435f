//! Span-preserving YAML loader built on `saphyr-parser` events.
//!
//! Every node keeps its span (byte offset, 1-based line and column). Mappings keep key order
//! and every duplicate key; duplicates are listed so a rule can report them. Aliases are
//! expanded under a node budget so an alias bomb fails fast instead of eating memory.
//! Comments, which the parser drops, are recovered by a line scan (see `comments`).
//!
//! Most workflows are read by a line-based reader for the block-style subset of YAML (`fast`);
//! every other file, and every file with an error, goes through saphyr-parser, the reference.
//! Both feed the same tree builder, and tests check that they build identical documents.

mod comments;
mod fast;
mod loader;
mod node;

pub use comments::{commented_yaml_blocks, scan_comments, CommentLine, CommentedBlock};
pub use loader::{cross_check, load, load_str, CROSS_CHECK_ENV, MAX_DEPTH, MAX_NODES};
pub use node::{DuplicateKey, Entry, Node, Value};

use crate::source::Span;

/// A loaded YAML file: its first document (if any), comments and duplicate keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub root: Option<Node>,
    pub comments: Vec<CommentLine>,
    pub duplicate_keys: Vec<DuplicateKey>,
    /// Number of documents in the stream (workflows have one).
    pub documents: usize,
}

/// Why a file could not be loaded, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

impl YamlError {
    pub fn line(&self) -> u32 {
        self.span.start.line
    }
}
