//! A composite action of the repository (`uses: ./path` or `$/path` with an `action.yml` whose
//! `runs.using` is `composite`): its steps run inside the calling job, with its token and
//! secrets, so the security rules read them like a job's steps.

use super::jobs::parse_step;
use super::{spanned_text, Spanned, Step};
use crate::source::HoldsTemplate as _;
use crate::source::SourceFile;
use crate::yaml::{Document, Node};

#[derive(Debug, Clone)]
pub struct CompositeAction {
    pub file: SourceFile,
    pub doc: Document,
    /// The action's folder relative to the repository root, as `uses:` names it without the
    /// leading `./` or `$/` (`.github/actions/setup`; `` for the root action).
    pub dir: String,
    pub name: Option<Spanned<String>>,
    /// Declared inputs: name and `default:` (when given).
    pub inputs: Vec<(Spanned<String>, Option<Spanned<String>>)>,
    pub steps: Vec<Step>,
}

impl CompositeAction {
    /// The composite action `doc` describes; None for JavaScript and Docker actions, and for
    /// files that are no action.
    pub fn from_document(file: SourceFile, doc: Document, dir: String) -> Option<Self> {
        let root = doc.root.as_ref()?;
        let runs = root.get("runs")?;
        let using = runs.get("using").and_then(Node::as_str)?;
        if !using.trim().eq_ignore_ascii_case("composite") {
            return None;
        }
        let steps = runs
            .get("steps")
            .and_then(Node::as_seq)
            .map(|s| s.iter().map(parse_step).collect())
            .unwrap_or_default();
        let inputs = root
            .get("inputs")
            .and_then(Node::as_map)
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let name = spanned_text(&e.key)?;
                        let default = e.value.get("default").and_then(spanned_text);
                        Some((name, default))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let name = root.get("name").and_then(spanned_text);
        Some(CompositeAction {
            file,
            doc,
            dir,
            name,
            inputs,
            steps,
        })
    }
}

/// The folder a `uses:` names in this repository (`./x/y/` or `$/x/y` → `x/y`), or None for
/// remote actions, docker images, expressions and paths that leave the repository.
pub fn local_action_dir(uses: &str) -> Option<String> {
    let u = uses.trim();
    let rest = u.strip_prefix("./").or_else(|| u.strip_prefix("$/"))?;
    if u.holds_template() || rest.split('/').any(|p| p == "..") || rest.contains('@') {
        return None;
    }
    // A reusable workflow is a file, not an action folder.
    if rest.ends_with(".yml") || rest.ends_with(".yaml") {
        return None;
    }
    Some(rest.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_dirs() {
        assert_eq!(
            local_action_dir("./.github/actions/setup/").as_deref(),
            Some(".github/actions/setup")
        );
        assert_eq!(
            local_action_dir("$/.github/actions/x").as_deref(),
            Some(".github/actions/x")
        );
        assert_eq!(local_action_dir("./").as_deref(), Some(""));
        assert_eq!(local_action_dir("actions/checkout@v4"), None);
        assert_eq!(local_action_dir("./../elsewhere"), None);
        assert_eq!(local_action_dir("./.github/workflows/build.yml"), None);
        assert_eq!(local_action_dir("./${{ matrix.dir }}"), None);
    }

    #[test]
    fn only_composite_actions() {
        let load = |text: &str| {
            let file = SourceFile::from_text("a/action.yml", text);
            let doc = crate::yaml::load(&file).unwrap();
            CompositeAction::from_document(file, doc, "a".into())
        };
        let a = load(
            "name: x\ninputs:\n  who:\n    default: me\n  what: {}\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n",
        )
        .unwrap();
        assert_eq!(a.steps.len(), 1);
        let inputs: Vec<(&str, Option<&str>)> = a
            .inputs
            .iter()
            .map(|(n, d)| (n.value.as_str(), d.as_ref().map(|d| d.value.as_str())))
            .collect();
        assert_eq!(inputs, vec![("who", Some("me")), ("what", None)]);
        assert!(load("runs:\n  using: node20\n  main: index.js\n").is_none());
        assert!(load("name: not an action\n").is_none());
    }
}
