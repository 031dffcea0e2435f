//! The words of trigger descriptions, loaded from the `trigger_descriptions` section of
//! `rules/claims.yml` (compiled once with the other claim patterns).

use crate::docs::lazy_regex::LazyRegex;

use crate::docs::literals::Literals;
use crate::yaml::Node;

/// One event's words: any of them in a part of a description names that event.
#[derive(Debug, Clone)]
pub(crate) struct EventWords {
    /// GitHub event name, e.g. "push".
    pub event: String,
    /// The words say tags are pushed ("tag pushes", "release tags").
    pub tags: bool,
    /// The words say the run follows a failure ("deployment failure", "failed builds").
    pub failure: bool,
    pub words: Vec<LazyRegex>,
}

/// Everything the description reader matches, as regexes (case-insensitive).
#[derive(Debug, Clone, Default)]
pub struct TriggerVocabulary {
    /// Labels before a full list of triggers ("Triggers:").
    pub(crate) labels: Vec<LazyRegex>,
    /// Labels before one kind of trigger ("Schedule:").
    pub(crate) partial_labels: Vec<LazyRegex>,
    /// Verbs before a partial description ("runs", "is triggered").
    pub(crate) verbs: Vec<LazyRegex>,
    /// Sentences not to read.
    pub(crate) exclude: Vec<LazyRegex>,
    /// "is never triggered automatically": a complete list of one trigger, workflow_dispatch.
    pub(crate) manual_only: Vec<LazyRegex>,
    /// "or when manually triggered", "can also be run manually": one more trigger,
    /// workflow_dispatch, said anywhere in a sentence.
    pub(crate) manual_run: Vec<LazyRegex>,
    /// Whole table headers of a full trigger column / of a one-kind column / of the workflow.
    pub(crate) columns: Vec<LazyRegex>,
    pub(crate) partial_columns: Vec<LazyRegex>,
    pub(crate) workflow_columns: Vec<LazyRegex>,
    /// Whole words that change nothing ("the", "every", "to").
    pub(crate) fillers: Vec<LazyRegex>,
    pub(crate) events: Vec<EventWords>,
    /// Literals of every event's `words` (in event order): lets a part skip the words it
    /// cannot hold. Rebuilt by `from_node` and `add_event_word`.
    word_literals: Literals,
}

impl TriggerVocabulary {
    /// Read the `trigger_descriptions` mapping; a missing section gives an empty vocabulary
    /// (no descriptions are read). `compile` builds one case-insensitive regex.
    pub(crate) fn from_node(
        node: Option<&Node>,
        path: &str,
        compile: &dyn Fn(&str) -> Result<LazyRegex, String>,
    ) -> Result<TriggerVocabulary, String> {
        let Some(node) = node else {
            return Ok(TriggerVocabulary::default());
        };
        let at = |n: &Node, e: String| format!("{path}:{}: {e}", n.span.line());
        let list = |key: &str, wrap: bool| -> Result<Vec<LazyRegex>, String> {
            let Some(items) = node.get(key) else {
                return Ok(Vec::new());
            };
            items
                .string_list()
                .into_iter()
                .map(|(p, span)| {
                    let p = if wrap {
                        format!("^(?:{p})$")
                    } else {
                        p.to_string()
                    };
                    compile(&p).map_err(|e| format!("{path}:{}: {e}", span.line()))
                })
                .collect()
        };
        let mut events = Vec::new();
        for item in node.get("events").and_then(Node::as_seq).unwrap_or(&[]) {
            let event = item
                .get("event")
                .and_then(Node::as_str)
                .ok_or_else(|| at(item, "trigger event entry needs an `event:`".into()))?;
            let words = item
                .get("words")
                .map(|w| {
                    w.string_list()
                        .into_iter()
                        .map(|(p, span)| compile(p).map_err(|e| at_line(path, span.line(), &e)))
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?
                .unwrap_or_default();
            if words.is_empty() {
                return Err(at(item, format!("trigger event `{event}` needs `words:`")));
            }
            events.push(EventWords {
                event: event.to_string(),
                tags: item.get("tags").and_then(Node::as_bool).unwrap_or(false),
                failure: item.get("failure").and_then(Node::as_bool).unwrap_or(false),
                words,
            });
        }
        let mut vocab = TriggerVocabulary {
            labels: list("labels", false)?,
            partial_labels: list("partial_labels", false)?,
            verbs: list("verbs", false)?,
            exclude: list("exclude", false)?,
            manual_only: list("manual_only", false)?,
            manual_run: list("manual_run", false)?,
            columns: list("columns", true)?,
            partial_columns: list("partial_columns", true)?,
            workflow_columns: list("workflow_columns", true)?,
            fillers: list("fillers", true)?,
            events,
            word_literals: Literals::default(),
        };
        vocab.word_literals = Literals::case_insensitive(vocab.event_words());
        Ok(vocab)
    }

    /// Words from the user's config (`claims: [{kind: "trigger:<event>", pattern: ...}]`): they
    /// join the event's plain (non-tag) words, or start an entry for an event not listed yet.
    pub(crate) fn add_event_word(&mut self, event: &str, word: LazyRegex) {
        match self.events.iter_mut().find(|e| e.event == event && !e.tags) {
            Some(entry) => entry.words.push(word),
            None => self.events.push(EventWords {
                event: event.to_string(),
                tags: false,
                failure: false,
                words: vec![word],
            }),
        }
        self.word_literals = Literals::case_insensitive(self.event_words());
    }

    /// Drop the parses the prefilter was built from (see [`LazyRegex::forget_parse`]).
    pub(crate) fn forget_parses(&mut self) {
        for re in self
            .labels
            .iter_mut()
            .chain(&mut self.partial_labels)
            .chain(&mut self.verbs)
            .chain(&mut self.exclude)
            .chain(&mut self.columns)
            .chain(&mut self.partial_columns)
            .chain(&mut self.workflow_columns)
            .chain(&mut self.fillers)
            .chain(self.events.iter_mut().flat_map(|e| e.words.iter_mut()))
        {
            re.forget_parse();
        }
    }

    /// Every event's `words`, in event order.
    fn event_words(&self) -> impl Iterator<Item = &LazyRegex> {
        self.events.iter().flat_map(|e| e.words.iter())
    }

    /// Every regex of the vocabulary (for the test that all built-in ones compile).
    #[cfg(test)]
    pub(crate) fn all_regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        self.labels
            .iter()
            .chain(&self.partial_labels)
            .chain(&self.verbs)
            .chain(&self.exclude)
            .chain(&self.manual_only)
            .chain(&self.manual_run)
            .chain(&self.columns)
            .chain(&self.partial_columns)
            .chain(&self.workflow_columns)
            .chain(&self.fillers)
            .chain(self.event_words())
    }

    /// Drop the event word prefilter (every word is then tried), to compare results.
    #[cfg(test)]
    pub(crate) fn without_prefilter(&mut self) {
        self.word_literals = Literals::default();
    }

    /// The literal prefilter of the event words, if it still describes them (the vocabulary
    /// can be replaced as a whole; then every word is tried).
    pub(crate) fn word_prefilter(&self) -> Option<&Literals> {
        self.word_literals
            .describes(self.event_words())
            .then_some(&self.word_literals)
    }

    /// Is this event one the vocabulary knows (so a backticked `push` is the event)?
    pub(crate) fn knows_event(&self, name: &str) -> bool {
        self.events.iter().any(|e| e.event == name)
    }

    pub(crate) fn is_filler(&self, word: &str) -> bool {
        self.fillers.iter().any(|re| re.is_match(word))
    }
}

fn at_line(path: &str, line: u32, e: &str) -> String {
    format!("{path}:{line}: {e}")
}

#[cfg(test)]
mod tests {
    use crate::docs::ClaimPatterns;

    #[test]
    fn builtin_vocabulary_loads() {
        let p = ClaimPatterns::builtin().unwrap_or_else(|e| panic!("{e}"));
        let v = &p.triggers;
        let events: Vec<(&str, bool)> = v
            .events
            .iter()
            .map(|e| (e.event.as_str(), e.tags))
            .collect();
        assert_eq!(
            events,
            vec![
                ("push", true),
                ("push", false),
                ("pull_request", false),
                ("pull_request_target", false),
                ("merge_group", false),
                ("schedule", false),
                ("workflow_dispatch", false),
                ("repository_dispatch", false),
                ("release", false),
                ("workflow_call", false),
                ("issues", false),
                ("issue_comment", false),
                ("pull_request_review", false),
                ("workflow_run", false),
                ("workflow_run", false),
            ]
        );
        assert!(v.is_filler("every") && v.is_filler("03:00") && !v.is_filler("ubuntu"));
        assert!(v.knows_event("workflow_dispatch") && !v.knows_event("deploy"));
        assert!(v.columns.iter().any(|re| re.is_match("trigger(s)")));
        assert!(v
            .workflow_columns
            .iter()
            .any(|re| re.is_match("workflow file")));
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "claims:\n  - kind: approval-required\n    patterns: [a]\ntrigger_descriptions:\n  verbs:\n    - '(unclosed'\n";
        let e = ClaimPatterns::from_yaml("c.yml", bad).err();
        assert_eq!(
            e.as_deref()
                .map(|e| e.split(": bad regex").next().unwrap_or("")),
            Some("c.yml:6")
        );
        let no_words = "claims:\n  - kind: approval-required\n    patterns: [a]\ntrigger_descriptions:\n  events:\n    - event: push\n";
        assert_eq!(
            ClaimPatterns::from_yaml("c.yml", no_words).err(),
            Some("c.yml:6: trigger event `push` needs `words:`".to_string())
        );
        let none = "claims:\n  - kind: approval-required\n    patterns: [a]\n";
        let p = ClaimPatterns::from_yaml("c.yml", none).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.triggers.events.is_empty());
    }
}
