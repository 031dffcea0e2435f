//! The YAML tree: nodes with spans.

use compact_str::CompactString;
use saphyr_parser::ScalarStyle;

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Empty value, `~` or `null` (plain).
    Null,
    /// Any other scalar, as text. `style` tells quoted from plain (quoted `'true'` is a string).
    /// Most scalars are short keys and values: a compact string holds them without a heap block.
    Scalar {
        text: CompactString,
        style: ScalarStyle,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub duplicate: Span,
}

impl Node {
    /// The text of a scalar (plain or quoted); None for null, sequences and mappings.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The scalar text, with null as "".
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            Value::Null => Some(""),
            _ => None,
        }
    }

    /// A plain scalar that YAML 1.2 core schema reads as a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar {
                text,
                style: ScalarStyle::Plain,
            } => match text.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of the first entry with this key (duplicates are reported elsewhere).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The first entry with this key.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .find(|e| e.key.scalar_text() == Some(key))
    }

    /// Scalar items of a sequence, or a single scalar as a one-item list (GitHub accepts both).
    pub fn string_list(&self) -> Vec<(&str, Span)> {
        match &self.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| n.as_str().map(|s| (s, n.span)))
                .collect(),
            Value::Scalar { text, .. } => vec![(text.as_str(), self.span)],
            _ => Vec::new(),
        }
    }

    /// Short description of the node kind for error messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Scalar { .. } => "scalar",
            Value::Seq(_) => "sequence",
            Value::Map(_) => "mapping",
        }
    }

    /// Number of nodes in this subtree (for the alias budget).
    pub fn count(&self) -> usize {
        match &self.value {
            Value::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Value::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|e| e.key.count() + e.value.count())
                    .sum::<usize>()
            }
            _ => 1,
        }
    }
}
