//! The kinds of prose claims `rules/claims.yml` and `.driftlint.yml` may name. Each has a
//! consumer (a rule that judges it); a kind nothing reads is not listed. Unknown kinds are
//! load errors naming the file, the line and the closest kind.

/// A prose claim kind (`kind:` of a `claims:` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProseKind {
    /// Pushing a tag starts a release or deployment (doc-trigger-disabled, doc-trigger-mismatch).
    TagTriggersDeploy,
    /// Tag pushes are the primary release method (doc-trigger-disabled).
    PrimaryMethodTags,
    /// Pushing or merging to a branch deploys (doc-trigger-mismatch).
    BranchTriggersDeploy,
    /// An environment requires approval (doc-approval-unverified).
    ApprovalRequired,
    /// Automated promotion between environments (doc-claim-unsupported).
    AutomatedPromotion,
    /// A failed deployment rolls back by itself (doc-claim-unsupported).
    AutomaticRollback,
    /// Rollback is possible (doc-claim-unsupported).
    RollbackSupported,
    /// A comment command ("`/deploy`") is read and acted on by workflows (doc-trigger-mismatch).
    SlashCommand,
}

impl ProseKind {
    pub const ALL: [ProseKind; 8] = [
        ProseKind::TagTriggersDeploy,
        ProseKind::PrimaryMethodTags,
        ProseKind::BranchTriggersDeploy,
        ProseKind::ApprovalRequired,
        ProseKind::AutomatedPromotion,
        ProseKind::AutomaticRollback,
        ProseKind::RollbackSupported,
        ProseKind::SlashCommand,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProseKind::TagTriggersDeploy => "tag-triggers-deploy",
            ProseKind::PrimaryMethodTags => "primary-method-tags",
            ProseKind::BranchTriggersDeploy => "branch-triggers-deploy",
            ProseKind::ApprovalRequired => "approval-required",
            ProseKind::AutomatedPromotion => "automated-promotion",
            ProseKind::AutomaticRollback => "automatic-rollback",
            ProseKind::RollbackSupported => "rollback-supported",
            ProseKind::SlashCommand => "slash-command",
        }
    }

    pub fn parse(name: &str) -> Option<ProseKind> {
        ProseKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The claim says pushing a tag releases or deploys.
    pub fn is_tag_push(self) -> bool {
        matches!(
            self,
            ProseKind::TagTriggersDeploy | ProseKind::PrimaryMethodTags
        )
    }

    /// The claim says pushing or merging to a branch deploys.
    pub fn is_branch_push(self) -> bool {
        self == ProseKind::BranchTriggersDeploy
    }

    /// Why `name` is no kind, with the closest kind when there is a plausible one.
    pub fn unknown(name: &str) -> String {
        let names = ProseKind::ALL.map(ProseKind::as_str);
        match crate::suggest::closest(name, names) {
            Some(c) => format!("unknown claim kind `{name}`; did you mean `{c}`?"),
            None => format!(
                "unknown claim kind `{name}`; known kinds: {}",
                names.join(", ")
            ),
        }
    }
}

impl std::fmt::Display for ProseKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a `.driftlint.yml` claim pattern adds to: a prose claim kind, or the words of one
/// event in trigger descriptions (`trigger:<event>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtraClaimKind {
    Prose(ProseKind),
    /// An event name, checked against GitHub's events by the config reader.
    TriggerWord(String),
}

impl std::fmt::Display for ExtraClaimKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtraClaimKind::Prose(k) => write!(f, "{k}"),
            ExtraClaimKind::TriggerWord(event) => write!(f, "{TRIGGER_KIND_PREFIX}{event}"),
        }
    }
}

/// How `.driftlint.yml` names trigger-description words: `trigger:<event>`.
pub const TRIGGER_KIND_PREFIX: &str = "trigger:";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_unknown_ones_get_a_hint() {
        for k in ProseKind::ALL {
            assert_eq!(ProseKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            ProseKind::unknown("aproval-required"),
            "unknown claim kind `aproval-required`; did you mean `approval-required`?"
        );
        assert!(ProseKind::unknown("zzz").contains("known kinds: tag-triggers-deploy"));
    }
}
