//! What the caller knows about a run: context values and the job status. Anything not given
//! is unknown, which lets the evaluator answer "true", "false" or "cannot tell".

use super::value::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The status the status functions read. `Unknown` makes `success()`, `failure()` and
/// `cancelled()` unknown; `always()` is true regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JobStatus {
    /// Everything before succeeded: `success()` is true, `failure()` and `cancelled()` false.
    #[default]
    Success,
    Failure,
    Cancelled,
    Unknown,
}

/// A node of the known-context tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A complete value: a property it lacks is null.
    Known(Value),
    /// Only the listed children are known; any other child is unknown.
    Partial(BTreeMap<String, Node>),
}

/// A partial evaluation context. Paths and keys are matched ignoring case, as GitHub does.
///
/// ```
/// use driftlint::expr::{Context, Value};
/// let ctx = Context::new()
///     .with("github.event_name", Value::from("push"))
///     .with("github.ref", Value::from("refs/heads/main"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Shared between copies until one of them sets something under the root: contexts are
    /// copied per job and per input combination, and mostly only `needs` or `inputs` differ.
    roots: BTreeMap<String, Arc<Node>>,
    status: JobStatus,
}

impl Context {
    /// Nothing known; status functions see a successful run.
    pub fn new() -> Context {
        Context::default()
    }

    /// Set the value at a dotted path (`inputs.environment`, `needs.build.outputs.tag`). The
    /// value is complete: for an object, properties it lacks read as null. Siblings of the
    /// path stay unknown.
    pub fn with(mut self, path: &str, value: Value) -> Context {
        self.set(path, value);
        self
    }

    /// Set a complete object at a dotted path (e.g. `inputs` with every input of a
    /// `workflow_dispatch` run, so an input not listed reads as null rather than unknown).
    pub fn with_object(self, path: &str, object: BTreeMap<String, Value>) -> Context {
        self.with(path, Value::Object(object))
    }

    pub fn with_status(mut self, status: JobStatus) -> Context {
        self.status = status;
        self
    }

    /// Non-builder form of [`Context::with`].
    pub fn set(&mut self, path: &str, value: Value) {
        let segments: Vec<Cow<str>> = path.split('.').map(lower).collect();
        let Some((root, rest)) = segments.split_first() else {
            return;
        };
        if root.is_empty() {
            return;
        }
        if !self.roots.contains_key(root.as_ref()) {
            let empty = Arc::new(Node::Partial(BTreeMap::new()));
            self.roots.insert(root.to_string(), empty);
        }
        if let Some(node) = self.roots.get_mut(root.as_ref()) {
            set_in_node(Arc::make_mut(node), rest, value);
        }
    }

    pub fn status(&self) -> JobStatus {
        self.status
    }

    pub(crate) fn root(&self, name: &str) -> Option<&Node> {
        self.roots.get(lower(name).as_ref()).map(|n| &**n)
    }
}

/// `s` lower-cased (as [`str::to_lowercase`]), without a copy when nothing changes.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The child at `key`, added as an empty partial node when missing (the key is copied only
/// then).
fn child_node<'m>(children: &'m mut BTreeMap<String, Node>, key: &str) -> Option<&'m mut Node> {
    if !children.contains_key(key) {
        children.insert(key.to_string(), Node::Partial(BTreeMap::new()));
    }
    children.get_mut(key)
}

fn set_in_node(node: &mut Node, path: &[Cow<str>], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *node = Node::Known(value);
        return;
    };
    match node {
        Node::Partial(children) => {
            if let Some(child) = child_node(children, first) {
                set_in_node(child, rest, value);
            }
        }
        Node::Known(Value::Object(object)) => set_in_object(object, path, value),
        Node::Known(_) => {
            // A scalar is replaced by a partially known object holding the new path.
            *node = Node::Partial(BTreeMap::new());
            set_in_node(node, path, value);
        }
    }
}

/// Set a path inside a complete object, creating (complete, empty) objects on the way.
fn set_in_object(object: &mut BTreeMap<String, Value>, path: &[Cow<str>], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let key = object
        .keys()
        .find(|k| lower(k) == *first)
        .cloned()
        .unwrap_or_else(|| first.to_string());
    if rest.is_empty() {
        object.insert(key, value);
        return;
    }
    let slot = object
        .entry(key)
        .or_insert_with(|| Value::Object(BTreeMap::new()));
    if !matches!(slot, Value::Object(_)) {
        *slot = Value::Object(BTreeMap::new());
    }
    if let Value::Object(inner) = slot {
        set_in_object(inner, rest, value);
    }
}
