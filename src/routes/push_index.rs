//! Which workflows a push of a known branch or tag can start, without asking each one.
//!
//! Route enumeration simulates one push per filter pattern of every workflow; asking every
//! workflow about every push made it quadratic in the workflows (5,000 workflows with their own
//! tag patterns: 25 million filter decisions). A workflow whose include list has patterns
//! only starts for a name that one of its positive patterns matches, and a pattern only
//! matches names that begin with its literal prefix: the index maps prefixes to workflows.
//! Skipped workflows are exactly those [`workflow_start`](super::start::workflow_start)
//! answers No for.

use std::collections::HashMap;

use super::event::{ref_knowledge, Event, RefKnowledge};
use super::prepared::{Flow, ParsedList, Prepared};

/// How a workflow's push trigger treats one kind of ref (branches or tags).
enum Class {
    /// No live push trigger, or a filter for the other kind only: never starts.
    Never,
    /// Needs the full decision (no include list, an invalid list, ...).
    Always,
    /// Starts only for names beginning with one of these prefixes (of positive patterns).
    Prefixes(Vec<String>),
}

/// Per kind of ref: workflows to always ask, and workflows by literal prefix.
#[derive(Default)]
struct KindIndex {
    always: Vec<usize>,
    by_prefix: HashMap<String, Vec<usize>>,
}

impl KindIndex {
    fn add(&mut self, index: usize, class: &Class) {
        match class {
            Class::Never => {}
            Class::Always => self.always.push(index),
            Class::Prefixes(prefixes) => {
                for p in prefixes {
                    self.by_prefix.entry(p.clone()).or_default().push(index);
                }
            }
        }
    }

    /// Workflows that may start for `name`, in repository order.
    fn candidates(&self, name: &str) -> Vec<usize> {
        let mut out = self.always.clone();
        let ends = name
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(name.len()));
        for end in ends {
            if let Some(list) = self.by_prefix.get(&name[..end]) {
                out.extend(list);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The push index of one repository.
pub(crate) struct PushIndex {
    branches: KindIndex,
    tags: KindIndex,
    /// By workflow index: (branch class, tag class).
    classes: Vec<(Class, Class)>,
}

/// A list that only lets through names starting with a positive pattern's prefix.
fn list_class(include: &ParsedList, ignore: &ParsedList) -> Class {
    match (include, ignore) {
        (Ok(Some(list)), Ok(_)) => Class::Prefixes(
            list.patterns()
                .iter()
                .filter(|p| !p.is_negated())
                .map(|p| p.literal_prefix())
                .collect(),
        ),
        _ => Class::Always,
    }
}

fn classify(flow: Flow) -> (Class, Class) {
    let Some(t) = flow.trigger("push") else {
        return (Class::Never, Class::Never);
    };
    let f = &t.trigger.filters;
    let branch_filtered = f.branches.is_some() || f.branches_ignore.is_some();
    let tag_filtered = f.tags.is_some() || f.tags_ignore.is_some();
    let parsed = t.filters();
    let branches = if tag_filtered && !branch_filtered {
        Class::Never
    } else if branch_filtered {
        list_class(&parsed.branches, &parsed.branches_ignore)
    } else {
        Class::Always
    };
    let tags = if branch_filtered && !tag_filtered {
        Class::Never
    } else if tag_filtered {
        list_class(&parsed.tags, &parsed.tags_ignore)
    } else {
        Class::Always
    };
    (branches, tags)
}

impl PushIndex {
    pub(crate) fn new(prep: &Prepared) -> PushIndex {
        let mut index = PushIndex {
            branches: KindIndex::default(),
            tags: KindIndex::default(),
            classes: Vec::new(),
        };
        for flow in prep.flows() {
            let classes = classify(flow);
            index.branches.add(flow.index(), &classes.0);
            index.tags.add(flow.index(), &classes.1);
            index.classes.push(classes);
        }
        index
    }

    /// Workflow indices that may start for `event`, in order; None when the event is not a
    /// push of a known branch or tag (every workflow must be asked).
    pub(crate) fn candidates(&self, event: &Event) -> Option<Vec<usize>> {
        let Event::Push { git_ref } = event else {
            return None;
        };
        match ref_knowledge(git_ref) {
            RefKnowledge::Branch(name) => Some(self.branches.candidates(&name)),
            RefKnowledge::Tag(name) => Some(self.tags.candidates(&name)),
            _ => None,
        }
    }

    /// Is workflow `index` among [`candidates`](Self::candidates) of `event`?
    pub(crate) fn is_candidate(&self, index: usize, event: &Event) -> bool {
        let Event::Push { git_ref } = event else {
            return true;
        };
        let (knowledge, classes) = (ref_knowledge(git_ref), self.classes.get(index));
        let (name, class) = match (&knowledge, classes) {
            (RefKnowledge::Branch(n), Some((c, _))) => (n, c),
            (RefKnowledge::Tag(n), Some((_, c))) => (n, c),
            _ => return true,
        };
        match class {
            Class::Never => false,
            Class::Always => true,
            Class::Prefixes(p) => p.iter().any(|p| name.starts_with(p.as_str())),
        }
    }
}
