//! Unit tests of the pieces; whole-repository behaviour is tested in tests/routes.rs.

use super::event::{ref_knowledge, RefKnowledge};
use super::*;

#[test]
fn certainty_and_is_kleene() {
    use Certainty::*;
    let table = [
        (Yes, Yes, Yes),
        (Yes, Unknown, Unknown),
        (Unknown, Yes, Unknown),
        (Unknown, Unknown, Unknown),
        (No, Yes, No),
        (Unknown, No, No),
    ];
    for (a, b, want) in table {
        assert_eq!(a.and(b), want, "{a:?} and {b:?}");
    }
}

#[test]
fn refs_for_subjects() {
    let cases = [
        ("v1.0.0-rc1", "refs/tags/v1.0.0-rc1"),
        ("v2", "refs/tags/v2"),
        ("main", "refs/heads/main"),
        ("very-branch", "refs/heads/very-branch"),
        ("feature/*", "refs/heads/feature/x"),
        ("v*.*.*", "refs/tags/v1.0.0"),
        ("refs/tags/x", "refs/tags/x"),
        (" refs/heads/dev ", "refs/heads/dev"),
    ];
    for (subject, want) in cases {
        assert_eq!(refs_for_subject(subject), want, "{subject}");
    }
}

#[test]
fn ref_knowledge_reads_unknowns() {
    assert_eq!(
        ref_knowledge("refs/heads/a/b"),
        RefKnowledge::Branch("a/b".into())
    );
    assert_eq!(
        ref_knowledge("refs/tags/v1"),
        RefKnowledge::Tag("v1".into())
    );
    assert_eq!(ref_knowledge(UNKNOWN_TAG_REF), RefKnowledge::SomeTag);
    assert_eq!(ref_knowledge("v${VERSION}"), RefKnowledge::Unknown);
    assert_eq!(ref_knowledge("refs/pull/1/merge"), RefKnowledge::Unknown);
}

#[test]
fn events_describe_themselves() {
    let dispatch = Event::Dispatch {
        workflow: "run.yml".into(),
        inputs: [("environment".to_string(), "prod".to_string())].into(),
        git_ref: "refs/heads/main".into(),
    };
    let cases = [
        (
            Event::Push {
                git_ref: "refs/tags/v1.0.0-rc1".into(),
            },
            "push of tag v1.0.0-rc1",
        ),
        (
            Event::Push {
                git_ref: "refs/heads/main".into(),
            },
            "push to branch main",
        ),
        (dispatch, "manual dispatch of run.yml (environment=prod)"),
        (
            Event::Dispatch {
                workflow: "build.yml".into(),
                inputs: Default::default(),
                git_ref: "v${VERSION}".into(),
            },
            "manual dispatch of build.yml on v${VERSION}",
        ),
        (Event::Schedule, "scheduled run"),
        (
            Event::PullRequest {
                base: "main".into(),
            },
            "pull request into main",
        ),
        (Event::Release, "release published"),
    ];
    for (event, want) in cases {
        assert_eq!(event.describe(), want);
    }
}

#[test]
fn ref_hints_read_what_conditions_compare_the_ref_with() {
    use super::hints::{ref_hints, RefHints};
    use crate::source::SourceFile;
    use crate::workflow::Workflow;
    let text = r#"on: push
jobs:
  a:
    if: github.ref == 'refs/heads/develop' || startsWith(github.ref, 'refs/heads/release/')
    runs-on: x
    steps: [{run: echo}]
  b:
    if: contains(github.ref, '-rc') && !endsWith(github.ref_name, '-beta')
    runs-on: x
    environment: ${{ github.ref_name == 'v2.0.0' && 'prod' || startsWith(github.ref, 'refs/tags/app-') && 'apps' || 'dev' }}
    steps: [{run: echo}]
  c:
    if: contains(github.ref, 'hotfix')
    runs-on: x
    steps: [{run: echo}]
"#;
    let wf = Workflow::load(SourceFile::from_text("w.yml", text)).unwrap();
    let mut repo = crate::repo::Repo::default();
    repo.workflows.push(wf);
    let prep = super::prepared::Prepared::new(&repo);
    let hints = ref_hints(prep.flows().next().unwrap());
    assert_eq!(
        hints,
        RefHints {
            branches: vec!["develop".into(), "release/x".into(), "hotfix".into()],
            tags: vec!["v2.0.0".into(), "app-1.0.0".into()],
            fragments: vec![
                ("-rc".into(), true),
                ("-beta".into(), false),
                ("hotfix".into(), true),
            ],
        }
    );
    assert_eq!(
        hints.tag_variants(&["v1".into(), "v1-rc1".into()]),
        ["v1-rc1", "v1-beta", "v1-hotfix1"]
    );
}
