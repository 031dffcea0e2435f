//! The kinds of git ref a workflow can run on, read from its triggers. docker/metadata-action
//! tag rules fire only on some refs (`type=ref,event=pr` on pull-request refs, `type=semver`
//! on tags, `enable={{is_default_branch}}` on a branch), so a rule for a ref the workflow
//! never runs on makes no tag.

use crate::workflow::Workflow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefKinds {
    /// `refs/heads/…`: branch pushes, and the default branch of schedules, dispatches, etc.
    pub branch: bool,
    /// `refs/tags/…`: tag pushes, releases.
    pub tag: bool,
    /// `refs/pull/…`: pull_request events.
    pub pr: bool,
    /// A `schedule` event (`type=schedule`).
    pub schedule: bool,
}

impl RefKinds {
    /// Any ref: what a workflow without readable triggers (or one called by another) may see.
    pub const ANY: RefKinds = RefKinds {
        branch: true,
        tag: true,
        pr: true,
        schedule: true,
    };

    pub fn of(wf: &Workflow) -> RefKinds {
        if wf.triggers.is_empty() {
            return RefKinds::ANY;
        }
        let mut k = RefKinds {
            branch: false,
            tag: false,
            pr: false,
            schedule: false,
        };
        for t in &wf.triggers {
            match t.event.as_str() {
                "push" => {
                    let f = &t.filters;
                    let branches = f.branches.is_some() || f.branches_ignore.is_some();
                    let tags = f.tags.is_some() || f.tags_ignore.is_some();
                    // Only one kind of filter limits the push to that kind of ref.
                    k.branch |= branches || !tags;
                    k.tag |= tags || !branches;
                }
                "pull_request" | "pull_request_review" | "pull_request_review_comment" => {
                    k.pr = true
                }
                "release" => k.tag = true,
                "schedule" => {
                    k.schedule = true;
                    k.branch = true;
                }
                // A dispatch picks a branch or a tag; create/delete name either.
                "workflow_dispatch" | "create" | "delete" => {
                    k.branch = true;
                    k.tag = true;
                }
                // Another workflow's ref: anything.
                "workflow_call" => return RefKinds::ANY,
                // Other events run on the default branch (pull_request_target on the base).
                _ => k.branch = true,
            }
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::RefKinds;
    use crate::source::SourceFile;
    use crate::workflow::Workflow;

    fn kinds(on: &str) -> RefKinds {
        let text =
            format!("on:\n{on}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: true\n");
        let wf = Workflow::load(SourceFile::from_text("w.yml", &text)).expect("fixture parses");
        RefKinds::of(&wf)
    }

    #[test]
    fn filters_and_events_decide_the_refs() {
        let tags_only = kinds("  push:\n    tags: ['v*']");
        assert!(tags_only.tag && !tags_only.branch && !tags_only.pr);
        let branches = kinds("  push:\n    branches: [main]\n  pull_request:");
        assert!(branches.branch && branches.pr && !branches.tag);
        let bare = kinds("  push:");
        assert!(bare.branch && bare.tag && !bare.pr);
        let dispatch = kinds("  workflow_dispatch:\n  release:\n    types: [published]");
        assert!(dispatch.branch && dispatch.tag && !dispatch.pr && !dispatch.schedule);
        assert_eq!(kinds("  workflow_call:"), RefKinds::ANY);
    }
}
