//! Effect claims: what a doc says a workflow *does* (publishes to a registry, creates an issue,
//! notifies Slack on failure, uploads artifacts, runs the test suite, labels its PR, tags
//! images), read by phrasing class from prose, list items (including imperative "1. Run the
//! tests" items under a "This workflow will:" intro), table rows and plain-text flow diagrams.
//!
//! Each claim keeps its context (the line, its parent list item, the list intro, the headings
//! above) so a later layer can tie it to one workflow. Nothing here knows about workflows.

use std::sync::LazyLock;

use super::line_regex::LineRegex as Regex;
use super::literals::{Literals, PatternSource, Verdicts};
use crate::ascii_regex::ascii_classes;
use crate::fast_hash::FastMap;
use crate::source::SourceFile;

/// One claimed effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    /// An effect family (as in `rules/effects/table.yml`), with the target named, if any
    /// (`crates.io`, `docker.io`, `Slack`).
    Effect {
        family: String,
        target: Option<String>,
    },
    /// A pull request gets this label.
    PrLabel(String),
    /// An image tag template with a literal part and a placeholder (`edge-<sha>`).
    ImageTag(String),
    /// "`latest` - the newest build of the `main` branch": images of this tag are built by a
    /// run that a push to the branch starts.
    TagFromBranch { tag: String, branch: String },
    /// "does not update `:latest`": the tag is not pushed on the context's event.
    NotTagged(String),
    /// "Pull request builds never push the image": nothing is published on pull requests.
    NotOnPullRequests,
    /// Artifacts are kept this many days.
    Retention(u32),
    /// A secret the workflows need.
    Secret(String),
    /// A runtime version set up by the workflow (`Node.js 20`).
    ToolVersion { tool: String, version: String },
    /// Jobs an opening sentence names in bold: "has three jobs: **lint**, **build** and
    /// **test**", "it triggers: **pack** and **sign**".
    NamedJobs(Vec<String>),
    /// A command-line flag the workflow passes (`--no-install`).
    Flag(String),
    /// A repository script CI runs.
    Script(String),
    /// A job the workflow has (from a "Jobs:" list).
    Job(String),
    /// A tool or check the workflow runs (Lighthouse, CodeQL, an MSRV check), by the name
    /// findings use ([`TOOL_NAMES`]); `listed`: an item of a workflow's jobs, features or
    /// steps list, not a sentence with a verb.
    Tool { name: String, listed: bool },
    /// How publishing to a registry (`PyPI`, `npm`) authenticates: trusted publishing (OIDC)
    /// or a token.
    PublishAuth { target: String, trusted: bool },
    /// Releases are created as `draft` or `prerelease`.
    ReleaseKind(String),
    /// npm packages are published under this dist-tag.
    DistTag(String),
    /// A run can deploy (or roll back to) a version the person running it chooses ("deploy a
    /// specific tag", "roll back to any release tag"): the noun named.
    ChosenVersion(String),
    /// Container images are built for these platforms (`amd64`, `arm64`, `arm/v7`); empty when
    /// the doc only says "multi-platform" (two or more).
    ImagePlatforms(Vec<String>),
    /// The whole test suite runs ("runs the full test suite", "all tests run").
    FullTests,
    /// Every scanner's results reach code scanning ("all results are uploaded to the Security
    /// tab as SARIF").
    AllSarif,
    /// What a test run covers, in words: runtime versions, operating systems, counts.
    TestMatrix(super::test_matrix::MatrixClaim),
    /// An image reference with a release version tag (`docker pull acme/app:v1.2.3`): the
    /// image as written and its tag.
    ImageVersion { image: String, tag: String },
    /// A bullet, table row or sentence describing what one job does ("**Audit**: scans the
    /// dependencies"): compared with placeholder jobs and gate jobs.
    JobWork(super::job_work::JobDescription),
    /// A name listed as a required status check ("Require status checks: `Build`").
    RequiredCheck(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectClaim {
    /// 1-based line of the claim.
    pub line: u32,
    /// The line as written, trimmed.
    pub text: String,
    pub claimed: Claimed,
    /// Timing a notification claim names: "failure", "success", "always", "success+failure".
    pub status: Option<String>,
    /// Texts that may name the workflow, nearest first: the line, its parent item, the list
    /// intro, then the headings from the innermost out.
    pub context: Vec<String>,
    /// Read from a flow diagram (a plain fenced block): weaker wording.
    pub diagram: bool,
}

/// A lazily compiled built-in regex (covered by this module's tests).
macro_rules! re {
    ($p:expr $(,)?) => {
        LazyLock::new(|| Regex::new($p))
    };
}

// ---- phrasing classes -------------------------------------------------------------------------

const PUBLISH_VERB_P: &str = r"(?i)\b(publish(es|ed|ing)?|push(es|ed|ing)?|upload(s|ed|ing)?|release[sd]?|releasing|deploy(s|ed|ing)?)\b";
static PUBLISH_VERB: LazyLock<Regex> = re!(PUBLISH_VERB_P);
/// Registry words → canonical target. Order matters: more specific first.
const REGISTRIES: &[(&str, &str)] = &[
    (r"crates\.io|\bcargo\b|\bcrates\b", "crates.io"),
    (r"\bnpm(js)?(\.org| registry)?\b", "npm"),
    (r"\btest\.?pypi\b|\bpypi\b", "PyPI"),
    (r"\brubygems\b", "RubyGems"),
    (r"\bmaven central\b|\bsonatype\b", "Maven"),
    (r"\bnuget\b", "NuGet"),
    (r"\bhomebrew\b", "Homebrew"),
    (r"\bdocker ?hub\b", "docker.io"),
    (r"\bghcr(\.io)?\b|\bgithub container registry\b", "ghcr.io"),
    (r"\b(aws )?ecr\b|elastic container registry", "ECR"),
    (r"\bgithub packages\b", "GitHub Packages"),
    (r"\bjsr\b", "JSR"),
];
static REGISTRY_RES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    REGISTRIES
        .iter()
        .map(|(p, t)| (Regex::new(&format!("(?i){p}")), *t))
        .collect()
});
/// "to/on <registry>" right after the verb's clause.
static TO_REGISTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(to|on|into|onto)\s+(the\s+)?(\S+\s+){0,2}"));

const ISSUE_ACTIVE_P: &str = r"(?i)\b(creates?|created|opens?|opened|files?|filed|raises?|raised)\s+(an?\s+|the\s+|new\s+)*([\w-]+\s+){0,3}(github\s+)?issues?\b";
static ISSUE_ACTIVE: LazyLock<Regex> = re!(ISSUE_ACTIVE_P);
/// "the created issue": a participle after an article is not the verb.
static ARTICLE_BEFORE: LazyLock<Regex> = re!(r"(?i)\b(the|a|an|this|that)\s+$");
const AUTOMATED_WORD_P: &str = r"(?i)\bautomat\w*";
static AUTOMATED_WORD: LazyLock<Regex> = re!(AUTOMATED_WORD_P);
const ISSUE_PASSIVE_P: &str = r"(?i)\bissues?\s+(is|are|gets?|will\s+be|being)\s+(automatically\s+)?(created|opened|filed|raised)\b";
static ISSUE_PASSIVE: LazyLock<Regex> = re!(ISSUE_PASSIVE_P);
const COMMENT_P: &str = r"(?i)\b(posts?|adds?|leaves?|writes?)\s+(an?\s+|the\s+)?([\w-]+\s+){0,2}comments?\b|\b(pr|pull request)\s+comments?\b|\bcomments?\s+on\s+(the\s+)?(pr|pull request)s?\b";
static COMMENT: LazyLock<Regex> = re!(COMMENT_P);
const NOTIFY_P: &str = r"(?i)\b(notif(y|ies|ied|ying)|sends?\s+(an?\s+|the\s+)?([\w-]+\s+)?(message|e-?mail|mail|notifications?)|(notifications?|messages?|alerts?)\s+(is\s+|are\s+|gets?\s+|will\s+be\s+)?(sent|posted)\s+(to|in|on|via)\b|\b(is|are|gets?|will\s+be)\s+(sent|posted|reported)\s+(to|in|on)\s+(the\s+)?([\w'’-]+\s+){0,2}(slack|discord|telegram|e-?mail)\b|\b(posts?|sends?|reports?)\s+([\w'’-]+\s+){1,4}(to|in|on)\s+(the\s+)?([\w'’-]+\s+){0,2}(slack|discord|telegram)\b|notifications?\s+(is\s+|are\s+)?(sent|posted)|(slack|e-?mail|discord|teams|telegram)\s+(notifications?|alerts?|messages?)|notifications?\s+(to|on|via|in)\s+(slack|e-?mail|discord|teams|telegram))\b";
static NOTIFY: LazyLock<Regex> = re!(NOTIFY_P);
/// A notice the platform sends, not a workflow: "GitHub e-mails you when a run fails", "an
/// e-mail from GitHub", "notifications: configure them in your GitHub settings". Read only
/// on lines that already claim a notification.
static PLATFORM_NOTICE: LazyLock<Regex> = re!(
    r"(?i)\bGitHub\s+(will\s+|also\s+|automatically\s+)?(sends?|e-?mails?|notif(y|ies))\b|\b(e-?mails?|notifications?|alerts?|messages?)\s+(sent\s+)?(from|by)\s+GitHub\b|\b(configur\w*|set\s+up|enabl\w*|manag\w*|adjust\w*|change)\b[^.;|]{0,40}\b((your|personal|account|notification|GitHub)\s+)+settings\b"
);
const CHANNELS: &[(&str, &str)] = &[
    ("slack", "Slack"),
    ("e-mail", "email"),
    ("email", "email"),
    ("discord", "Discord"),
    ("telegram", "Telegram"),
];
/// Microsoft Teams, not "the team(s)".
const MS_TEAMS_P: &str =
    r"\b(Microsoft|MS)\s+Teams\b|\bTeams\s+(channel|webhook|message|notification)s?\b";
static MS_TEAMS: LazyLock<Regex> = re!(MS_TEAMS_P);
/// Instructions to the reader start with one of these verbs; outside a steps list they are
/// not claims about a workflow.
const IMPERATIVE: &[&str] = &[
    "configure",
    "set",
    "add",
    "enable",
    "create",
    "open",
    "run",
    "install",
    "use",
    "check",
    "ensure",
    "make",
    "update",
    "consider",
    "review",
    "verify",
    "go",
    "click",
    "see",
    "read",
    "disable",
    "follow",
    "remove",
    "define",
    "write",
    "edit",
    "trigger",
    "push",
    "merge",
    "wait",
    "monitor",
];
const ARTIFACT_P: &str = r"(?i)\b(uploaded|uploads?|stored|saved)\b[^.;]{0,30}\bartifacts?\b|\bartifacts?\b[^.;]{0,25}\b(uploaded|stored|saved)\b";
static ARTIFACT: LazyLock<Regex> = re!(ARTIFACT_P);
const TESTS_THIRD_P: &str = r"(?i)\b(runs|executes)\s+(the\s+|all\s+)?(full\s+|entire\s+|complete\s+|unit\s+)?(test[\s-]suite|tests)\b|\b(all\s+)?tests\s+(run|execute|are\s+run|are\s+executed)\b";
static TESTS_THIRD: LazyLock<Regex> = re!(TESTS_THIRD_P);
const TESTS_IMPERATIVE_P: &str = r"(?i)^\W*(run|execute)\s+(the\s+|all\s+)?(full\s+|entire\s+|complete\s+|unit\s+)?(test[\s-]suite|tests)\b";
static TESTS_IMPERATIVE: LazyLock<Regex> = re!(TESTS_IMPERATIVE_P);
const COPY_VIA_P: &str = r"(?i)\b(cop(y|ies|ied|ying)|transfers?|transferred|uploads?|sync(s|ed)?)\b[^.;]{0,80}\b(via|using|with|over)\s+`?(scp|rsync|sftp)\b";
static COPY_VIA: LazyLock<Regex> = re!(COPY_VIA_P);
const PR_WORD_P: &str = r"(?i)\b(pr|prs|pull[\s-]requests?)\b";
static PR_WORD: LazyLock<Regex> = re!(PR_WORD_P);
const LABELLED_P: &str =
    r#"(?i)\blabell?ed\s+(as\s+|with\s+)?(the\s+)?(label\s+)?["'`“]([\w./:-]+)["'`”]"#;
static LABELLED: LazyLock<Regex> = re!(LABELLED_P);
static TAG_TEMPLATE: LazyLock<Regex> = re!(r"`:?([A-Za-z][\w.-]*-)<[\w-]+>`");

/// A tag prefix made only of version placeholders: `X.Y.Z-`, `vX.Y-`, `MAJOR.MINOR.PATCH-`.
fn is_version_placeholder(prefix: &str) -> bool {
    let core = prefix.trim_end_matches('-');
    let core = core.strip_prefix(['v', 'V']).unwrap_or(core);
    core.contains('.')
        && core.split('.').all(|part| {
            part.len() == 1 && "xyznXYZN".contains(part)
                || ["major", "minor", "patch"].contains(&part.to_ascii_lowercase().as_str())
        })
}
/// A list item or table row that opens with an image tag in code: "- `latest` – …",
/// "| `edge` | … |".
static TAG_LEAD: LazyLock<Regex> = re!(
    r"^(?:[-*+]\s+|\|\s*|\d+[.)]\s+)?(?:\*\*)?`:?([a-z][a-z0-9._-]{0,40})`(?:\*\*)?\s*(?:[-–—:|]|\s+(?:is|are)\b)"
);
/// Where the tag's builds come from: "from the `main` branch", "of the develop branch",
/// "every push to `main`", "merges into master".
static FROM_BRANCH: LazyLock<Regex> = re!(
    r"(?i)\b(?:from|of|on|off)\s+(?:the\s+)?(`[\w./-]+`|[a-z][\w./-]*)\s+branch\b|\b(?:push(?:es)?|commits?|merges?)\s+(?:to|into|on)\s+(?:the\s+)?(`[\w./-]+`|(?:main|master|develop)\b)"
);
/// Branch names written without code that name one branch (not "the default branch").
const BRANCH_WORDS: &[&str] = &[
    "main",
    "master",
    "develop",
    "development",
    "dev",
    "trunk",
    "next",
    "stable",
    "staging",
];
static TAG_WORD: LazyLock<Regex> = re!(r"(?i)\btags?\b");

/// "`latest` - latest build from main branch": the tag and the branch, when the line opens
/// with a tag and its context is about image tags.
fn tag_from_branch(raw: &str, ctx: &[String]) -> Option<(String, String)> {
    let lead = TAG_LEAD.captures(raw.trim())?;
    let tag = lead[1].to_string();
    let rest = &raw.trim()[lead.get(0)?.end()..];
    let c = FROM_BRANCH.captures(rest)?;
    let written = c.get(1).or_else(|| c.get(2))?.as_str();
    let branch = written.trim_matches('`');
    let coded = written.starts_with('`');
    if !coded && !BRANCH_WORDS.contains(&branch.to_ascii_lowercase().as_str()) {
        return None;
    }
    let about = ctx.join(" ");
    (TAG_WORD.is_match(&about) && IMAGE_WORD.is_match(&about)).then(|| (tag, branch.to_string()))
}
const NOT_LATEST_P: &str = r"(?i)\b(does\s+not|doesn't|do\s+not|never|will\s+not|won't)\s+(update|push|move|overwrite|tag|publish)\w*\s+(the\s+)?`?:?latest`?";
static NOT_LATEST: LazyLock<Regex> = re!(NOT_LATEST_P);
/// "never push", "are not published", "without pushing", "no Docker push": publishing denied.
const NOT_PUBLISHED_P: &str = r"(?i)\b(never|not|don't|doesn't|won't|no\s+longer)\s+(be\s+)?(\w+\s+)?(push|publish|upload)(es|ed|ing|s)?\b|\bwithout\s+(push|publish|upload)ing\b|\bno\s+(docker\s+|image\s+|container\s+|package\s+)?(push|publish)(es|ing)?\b";
static NOT_PUBLISHED: LazyLock<Regex> = re!(NOT_PUBLISHED_P);
/// "keeps the artifact for 90 days", "artifacts are retained for 30 days".
static RETENTION: LazyLock<Regex> = re!(
    r"(?i)\b(kept|keeps?|retained|retains?|stored|stores?|available|expires?\s+after|deleted\s+after)\b[^.;]{0,40}?\b(\d{1,3})\s+days?\b"
);
static ARTIFACT_WORD: LazyLock<Regex> = re!(r"(?i)\bartifacts?\b");
/// "creates a GitHub release", "a draft GitHub Release is created": a release object made.
const GITHUB_RELEASE_P: &str = r"(?i)\b(creates?|publishes|drafts?|makes?|cuts?|opens?)\s+(an?\s+|the\s+|new\s+|draft\s+)*github\s+releases?\b|\bgithub\s+releases?\s+(is|are|gets?|will\s+be)\s+(automatically\s+)?(created|drafted|published)\b";
static GITHUB_RELEASE: LazyLock<Regex> = re!(GITHUB_RELEASE_P);
/// A file that holds a project's version (a manifest), as docs name it.
const VERSION_FILE: &str = r"`?(package\.json|Cargo\.toml|pyproject\.toml|setup\.py|setup\.cfg|version\.txt|gradle\.properties|pom\.xml|Chart\.ya?ml|manifest\.json|[\w-]+\.gemspec|[\w-]+\.csproj)`?";
/// "Updates `package.json` version", "bumps the version in `Cargo.toml`", "commits the
/// version change", "`package.json` is updated": the workflow writes the new version back into
/// the repository. Bare verbs ("Update `package.json`") only count in a workflow's steps list.
static BUMP_THIRD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(updates|bumps|writes|sets|increments|commits|pushes)\s+([\w-]+\s+){{0,3}}?{VERSION_FILE}|\b(commits|pushes)\s+(the\s+|a\s+)?(new\s+|updated\s+)?version\s+(change|bump|update|commit)s?\b|{VERSION_FILE}\s+(version\s+)?(is|are|gets|will\s+be)\s+(automatically\s+)?(updated|bumped)\b|\bversion\s+(bump|change)\s+(is|gets|will\s+be)\s+(automatically\s+)?(committed|pushed)\b"
    ))
});
/// A steps-list item that is only the bump itself ("Version bump", "Bump version", "Version
/// bumped"): the version changes, by a write-back, a computed version or a new tag.
static BUMP_NOUN: LazyLock<Regex> = re!(
    r"(?i)^\W*((the\s+|package\s+|project\s+)?version\s+(bump|bumps|bumped|bumping|increment|incremented)|bump(s|ed)?\s+(the\s+)?(package\s+|project\s+)?version)\W*$"
);
/// A steps-list item naming the registry first ("NPM publish", "PyPI upload").
static REGISTRY_FIRST: LazyLock<Regex> =
    re!(r"(?i)^\W*([\w.-]+(\s+[\w.-]+)?)\s+(publish|publishing|release|upload|uploading|push)\W*$");
static BUMP_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\W*(update|bump|write|increment|commit)\s+([\w-]+\s+){{0,3}}?{VERSION_FILE}|^\W*(commit|push)\s+(the\s+|a\s+)?(new\s+|updated\s+)?version\s+(change|bump|update|commit)s?\b"
    ))
});
/// "Checks that `package.json` is bumped", "PRs that update `package.json`": a condition or a
/// check on the version, not the workflow writing it.
static BUMP_NOT_OWN: LazyLock<Regex> = re!(
    r"(?i)\b(that|which|whether|if|when|whenever|unless|ensures?|checks?|verif\w*|validat\w*|requires?|must|should|prs?|pull\s+requests?|commits?\s+(that|which))\b"
);
/// "When ... creates a GitHub release": the release is what starts something, not an effect.
static CONDITION_BEFORE: LazyLock<Regex> =
    re!(r"(?i)\b(when|whenever|once|after|if|until|before|by)\b");
/// "create a GitHub release (…) to trigger the workflow": a person's release that starts the
/// workflow, its cause, not its effect (read after a bare verb: "creates … to" is the workflow's).
static RELEASE_CAUSE: LazyLock<Regex> = re!(
    r"(?i)^\s*(\([^)]*\)\s*)?,?\s*(in\s+order\s+)?to\s+(trigger|start|run|kick\s+off|launch|fire|invoke)\b"
);
/// Pull requests from forks cannot publish anyway (no secrets): a different claim.
const FORK_P: &str = r"(?i)\bforks?\b|\bforked\b";
static FORK: LazyLock<Regex> = re!(FORK_P);
static PUSH_TO_BRANCH: LazyLock<Regex> =
    re!(r"(?i)\bpush(es|ed)?\s+(to\s+)?(the\s+)?`?([\w./-]+)`?\s+(branch)?");
/// "Optional: X — if you want...", "To publish to npm, add X": not a secret the workflows need.
const CONDITIONAL_SECRET_P: &str =
    r"(?i)\b(optional(ly)?|if|unless|to\s+publish|to\s+enable|when|later|future)\b";
static CONDITIONAL_SECRET: LazyLock<Regex> = re!(CONDITIONAL_SECRET_P);
/// A setup offered instead of the one in use ("Alternative: using an API token", "if you
/// prefer a token instead of trusted publishing"): its secrets are the reader's option.
static ALTERNATIVE_SETUP: LazyLock<Regex> = re!(
    r"(?i)\balternative(ly|s)?\b|\binstead\s+of\b|\bif\s+you\s+(prefer|would\s+rather)\b|\bfallback\b"
);
/// A naming-convention table or example, not a list of secrets in use.
static NAMING: LazyLock<Regex> = re!(r"(?i)\b(naming|conventions?|snake|casing|examples?)\b");
const SECRET_LINE_P: &str = r"(?i)\bsecrets?\b";
static SECRET_LINE: LazyLock<Regex> = re!(SECRET_LINE_P);
/// "repository secret", "GitHub secrets", "Settings → Secrets": secrets of the repository.
const GITHUB_SECRET_P: &str = r"(?i)\b(github|repository|repo|actions|organi[sz]ation)\s+secrets?\b|\bsettings\b|\bgh\s+secret\b";
static GITHUB_SECRET: LazyLock<Regex> = re!(GITHUB_SECRET_P);
/// Secrets of a deployed application's configuration (a Kubernetes Secret, Helm values, an
/// env file, a secrets manager): not secrets a workflow reads.
static APP_CONFIG: LazyLock<Regex> = re!(
    r"(?i)\b(kubernetes|k8s|kubectl|configmaps?|helm\s+values|values\.ya?ml|kind:\s*secret|secretKeyRef|docker-compose|compose\s+file|env\s+files?|vault|secrets?\s+manager|parameter\s+store|key\s*vault|manifests?|pods?|deployment\s+spec|spec)\b|\.env\b"
);
static SECRET_NAME: LazyLock<Regex> =
    re!(r"\b([A-Z][A-Z0-9]*_[A-Z0-9_]*(TOKEN|KEY|SECRET|PASSWORD|PAT|WEBHOOK(_URL)?))\b");
const TOOL_VERSION_P: &str = r"(?i)\b(node(?:\.js)?|python|go(?:lang)?|java|ruby)\b\W{0,6}(?:version\W{0,3})?v?(\d+(?:\.\d+)*)\b";
static TOOL_VERSION: LazyLock<Regex> = re!(TOOL_VERSION_P);
/// "jobs:" or "it triggers:" followed by bold names joined by commas and "and".
static BOLD_JOBS: LazyLock<Regex> = re!(
    r"(?i)(?:\bjobs|\b(?:it|which|that|then)\s+triggers)\s*:\s*(\*\*[^*\n]{1,40}\*\*(?:\s*(?:,\s*and|,|and|&)\s*\*\*[^*\n]{1,40}\*\*)*)"
);
static BOLD_NAME: LazyLock<Regex> = re!(r"\*\*([^*\n]{1,40})\*\*");
/// A step item that opens with setting up a runtime at a version: "Sets up Go 1.21",
/// "Installs Node.js 20", "Set up Python 3.12".
static SETUP_STEP: LazyLock<Regex> = re!(
    r"(?i)^\W*(?:sets?\s+up|setting\s+up|installs?|installing)\s+(?:the\s+)?(node(?:\.js)?|python|go(?:lang)?|java|ruby)\s+v?\d+(?:\.\d+)*\b"
);
static FLAG: LazyLock<Regex> = re!(r"`(--[a-z][\w-]+)`\s+(flag|option|argument|switch)");
static SCRIPT_IN_CI: LazyLock<Regex> = re!(
    r"(?i)`((?:\./)?[\w./-]+\.(?:sh|py|js|mjs|ts|rb|ps1))`[^.]*\b(used|run|called|invoked|executed)\s+(in|by|from)\s+(ci|the\s+workflows?|github\s+actions|the\s+pipeline)\b",
);
/// "Jobs:", "Its jobs:", "It runs these jobs:": a list of the workflow's jobs follows.
static JOBS_LABEL: LazyLock<Regex> = re!(
    r"(?i)^\W*jobs\W*:?\W*$|\b(its|these|the\s+following|following|three|four|five|two)\s+jobs\s*:\W*$"
);
static JOB_ITEM: LazyLock<Regex> = re!(r"^\s*(?:\d+[.)]|[-*+])\s+(?:\*\*|`)([\w-]+)(?:\*\*|`)");
/// Tools and checks docs say a workflow runs: the name findings use, how docs write it, and
/// whether a sentence with a verb ("the scan uses Trivy") claims it; every one is claimed by
/// an item of a workflow's jobs, features or steps list ("**Cargo Deny**: licence checks").
/// What counts as the tool in a workflow is the check's (doc_effect_mismatch::tools).
pub const TOOL_NAMES: &[(&str, &str, bool)] = &[
    ("Lighthouse", r"\blighthouse\b", true),
    ("Trivy", r"\btrivy\b", true),
    ("Snyk", r"\bsnyk\b", true),
    ("SonarCloud", r"\bsonarcloud\b", true),
    ("SonarQube", r"\bsonarqube\b", true),
    ("Semgrep", r"\bsemgrep\b", true),
    ("CodeQL", r"\bcodeql\b", false),
    ("Pa11y", r"\bpa11y\b", false),
    (
        "accessibility tests",
        r"\b(accessibility|a11y)\s+(test\w*|checks?|audits?|scan\w*|validation)\b",
        false,
    ),
    (
        "secret scanning",
        r"\bsecrets?\s+(scan\w*|detection|detectors?)\b|\bscan\w*\s+for\s+(leaked\s+|exposed\s+|hard-?coded\s+)?secrets\b",
        false,
    ),
    (
        "licence checks",
        r"\blicen[cs]es?\s+(compliance|checks?|checking|scan\w*|audit\w*|validation)\b",
        false,
    ),
    ("cargo-deny", r"\bcargo[\s-]deny\b", false),
    (
        "an MSRV check",
        r"\bmsrv\b|\bminimum\s+supported\s+rust\s+version\b",
        false,
    ),
    (
        "minimal-versions builds",
        r"\bminimal[\s-]+(dependency\s+)?versions\b",
        false,
    ),
    ("doc tests", r"\bdoc[\s-]?tests?\b", false),
    (
        "an outdated-dependency check",
        r"\boutdated\s+(dependencies|deps|crates|packages)\b",
        false,
    ),
    (
        "an unused-dependency check",
        r"\bunused\s+(dependencies|deps|crates|packages)\b",
        false,
    ),
    ("Clippy", r"\bclippy\b", false),
];
static TOOL_RES: LazyLock<Vec<(Regex, &'static str, bool)>> = LazyLock::new(|| {
    TOOL_NAMES
        .iter()
        .map(|(name, p, prose)| (Regex::new(&format!("(?i){p}")), *name, *prose))
        .collect()
});
/// The label of a list of what a workflow runs ("**Jobs:**", "Features:", "Checks").
static TOOL_LIST_LABEL: LazyLock<Regex> = re!(
    r"(?i)^\W*(\d+[.)]\s*)?(the\s+|its\s+)?(jobs?|features?|steps?|checks?|stages?|tools?|includes?|scans?)\W*:?\W*$"
);
/// A list item that is only a bold label ("2. **Security**:"): a group of a catalogue.
static BARE_BOLD_LABEL: LazyLock<Regex> = re!(r"^\s*(\d+[.)]\s*)?\*\*[^*]{2,40}\*\*\s*:?\s*$");
/// A heading over groups of what workflows run ("CI Pipeline Features", "Jobs").
static TOOL_LIST_HEADING: LazyLock<Regex> =
    re!(r"(?i)\b(features?|jobs?|steps?|checks?|stages?|pipelines?)\b");
/// Words saying a listed tool is not run yet, or only sometimes.
static TOOL_HEDGE: LazyLock<Regex> = re!(
    r"(?i)\b(optional(ly)?|planned|future|coming\s+soon|todo|recommended|consider|if\s+(enabled|configured)|when\s+(enabled|configured)|locally|manually)\b"
);
/// "- **Workflow**: `.github/workflows/ci.yml`": the workflow its sibling items describe.
static WORKFLOW_ITEM: LazyLock<Regex> = re!(r"(?i)^\W*(workflow(\s+file)?|file)\W*:");
const TOOL_CLAIM_P: &str = r"(?i)\b(includes?|runs?|uses?|performs?|with)\b";
static TOOL_CLAIM: LazyLock<Regex> = re!(TOOL_CLAIM_P);
/// A sentence whose subject is a person: what people do is not a workflow's effect.
const PERSON_SUBJECT_P: &str = r"(?i)^\W*(the\s+)?(maintainers?|developers?|contributors?|release\s+managers?|we|they|someone|a\s+person|an?\s+admin\w*)\b";
static PERSON_SUBJECT: LazyLock<Regex> = re!(PERSON_SUBJECT_P);
const HUMAN_P: &str = r"(?i)\b(you|your|feel\s+free|please|locally|manually|by hand|if needed|optional(ly)?|should|must|can|could|may)\b";
static HUMAN: LazyLock<Regex> = re!(HUMAN_P);
/// Words that say a workflow (not a person or a local script) acts.
static AUTOMATION: LazyLock<Regex> = re!(
    r"(?i)\b(workflows?|pipelines?|github\s+actions?|actions\s+workflow|ci|ci/cd|jobs?|bot|automat\w*|triggered)\b|^\W*github\s+[a-z]+s\b|\b(pr|pull[\s-]requests?|nightly|main|master)\s+builds\b"
);
/// Does the text name a workflow file (a YAML file name that is not a well-known other kind
/// of YAML file, as the workflow-reference reader decides)?
fn names_workflow_file(text: &str) -> bool {
    super::refs::yaml_file_names(text)
        .iter()
        .any(|(_, not_workflow)| !not_workflow)
}
/// "This script will:": the steps are a local script's, not a workflow's.
static SCRIPT_SUBJECT: LazyLock<Regex> = re!(r"(?i)\b(script|command|cli|tool)\b");
/// `[name]: https://...` link reference definitions.
static LINK_REF: LazyLock<Regex> = re!(r"^\s*\[[^\]]+\]:\s*\S");
/// "deploy a specific tag", "roll back to any release tag", "redeploy a previous version".
const CHOSEN_VERSION_P: &str = r"(?i)\b(deploy(s|ing)?|redeploy(s|ing)?|roll(s|ing)?[\s-]*back|rollbacks?)\b[^.;|]{0,30}?\b(specific|given|chosen|particular|selected|previous|older|earlier|any)\s+(release\s+|image\s+|docker\s+|git\s+)?(?P<noun>tags?|versions?|releases?)\b";
static CHOSEN_VERSION: LazyLock<Regex> = re!(CHOSEN_VERSION_P);
/// A run started by hand: where a chosen version comes from.
static BY_HAND_RUN: LazyLock<Regex> =
    re!(r"(?i)workflow_dispatch|\bmanual(ly)?\b|\brun\s+workflow\b|\bdispatch\b");
/// "multi-platform", "multi-arch images", "cross-platform images": more than one platform.
static MULTI_PLATFORM: LazyLock<Regex> =
    re!(r"(?i)\bmulti[\s-]?(platform|arch(itecture)?)s?\b|\bcross[\s-]platform\b");
/// A CPU architecture as docs and `platforms:` write it (`linux/arm64`, `aarch64`, `armv7`).
static ARCH: LazyLock<Regex> = re!(
    r"(?i)\b(?:linux/)?(amd64|arm64|arm/v[5-8]|armv[5-8]|x86[_-]64|aarch64|386|i386|ppc64le|s390x|riscv64)\b"
);
/// The claim is about container images, not binaries: the line or its nearest context says so.
static IMAGE_WORD: LazyLock<Regex> = re!(r"(?i)\b(docker|images?|containers?|oci|ghcr|buildx)\b");
static BINARY_WORD: LazyLock<Regex> =
    re!(r"(?i)\b(binar(y|ies)|executables?|archives?|wheels?|cli\s+builds?)\b");
/// An image reference with a release version tag: a name with at least one `/` (an owner or a
/// registry), then `:` and `v1.2.3` / `1.2.3` / `v1.2`. Not a URL (`https://host:8080/`).
static IMAGE_VERSION_REF: LazyLock<Regex> = re!(
    r"(?:^|[\s`'\x22(=])((?:[a-z0-9][a-z0-9.-]*(?::\d+)?/)?[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)+):(v?\d+\.\d+(?:\.\d+)?)(?:$|[\s`'\x22),;])"
);

/// The architecture a platform is called by `docker buildx` (`x86_64` → `amd64`).
pub fn canonical_arch(a: &str) -> String {
    let a = a.to_ascii_lowercase();
    let a = a.strip_prefix("linux/").unwrap_or(&a);
    match a {
        "x86_64" | "x86-64" => "amd64".into(),
        "aarch64" | "arm64/v8" => "arm64".into(),
        "i386" => "386".into(),
        "armv5" | "armv6" | "armv7" | "armv8" => format!("arm/v{}", &a[4..]),
        other => other.to_string(),
    }
}

/// The platforms an image-build claim names ("Multi-platform images (amd64, arm64)"): None
/// when the line claims no platforms; an empty list for "multi-platform" alone.
fn claimed_platforms(text: &str, ctx: &[String]) -> Option<Vec<String>> {
    let mut archs: Vec<String> = Vec::new();
    for c in ARCH.captures_iter(text) {
        let a = canonical_arch(&c[1]);
        if !archs.contains(&a) {
            archs.push(a);
        }
    }
    let multi = MULTI_PLATFORM.is_match(text);
    if !multi && archs.len() < 2 {
        return None;
    }
    // Images, said on the line or by its nearest context (parent item, intro, heading); a
    // line about binaries or archives is another claim.
    if BINARY_WORD.is_match(text) {
        return None;
    }
    let images = IMAGE_WORD.is_match(text)
        || ctx
            .iter()
            .skip(1)
            .take(3)
            .any(|c| IMAGE_WORD.is_match(c) && !BINARY_WORD.is_match(c));
    images.then_some(archs)
}

/// Image references with a release version tag on a line (any line: code blocks included).
pub fn image_versions(line: &str) -> Vec<(String, String)> {
    // A match holds a `/` and a `:` before the version's first digit (`:1.2`, `:v1.2`): most
    // lines have neither, and a byte scan says so for less than a search.
    let b = line.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let version_colon = memchr::memchr_iter(b':', b)
        .any(|i| digit(i + 1) || (b.get(i + 1) == Some(&b'v') && digit(i + 2)));
    if !version_colon || memchr::memchr(b'/', b).is_none() {
        return Vec::new();
    }
    IMAGE_VERSION_REF
        .captures_iter(line)
        .filter(|c| !c[1].contains("://") && !c[1].starts_with("http"))
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

/// "full test suite", "entire suite", "all the tests": the whole suite is claimed.
static FULL_TESTS: LazyLock<Regex> = re!(
    r"(?i)\b(full|entire|complete|whole)\s+(test[\s-]suite|tests|suite)\b|\ball\s+(the\s+)?tests\b"
);
/// "All results are uploaded to the GitHub Security tab", "every scan reports to code
/// scanning as SARIF".
static ALL_SARIF: LazyLock<Regex> = re!(
    r"(?i)\b(all|every|each)\b[^.;|]{0,60}\b(results?|findings?|reports?|scans?|scanners?|alerts?)\b[^.;|]{0,60}\b(uploaded|uploads?|sent|published|reported|appear|go(es)?)\b[^.;|]{0,60}\b(sarif|security\s+tab|code\s+scanning)\b"
);
/// A list item that labels the steps nested under it ("- **Steps**:").
static STEPS_LABEL: LazyLock<Regex> = re!(r"(?i)^\W*(the\s+)?(build\s+|job\s+)?steps\W*:?\W*$");

/// A paragraph that introduces the steps a workflow takes ("When triggered, the workflow
/// will:", "the following steps run automatically:", "Process:").
static STEPS_INTRO: LazyLock<Regex> = re!(
    r"(?i)(\bwill\b|\bfollowing\b|\bautomatically\b|\bsteps?\b|\bprocess\b|\bdoes\b|\bpipeline\b|\bworkflow\b|\bjobs?\b)[^:]*:\W*$",
);
static STATUS_BOTH: LazyLock<Regex> = re!(
    r"(?i)\bsuccess\s*(/|and|or|&)\s*failure\b|\bfailure\s*(/|and|or|&)\s*success\b|\bwhether\s+(it|the\s+\w+)\s+(succeed(s|ed)?|pass(es|ed)?|worked)\s+or\s+(not|fail(s|ed)?)\b|\b(pass|succeed|success)\s+or\s+fail\b|\bregardless\s+of\s+(the\s+)?(outcome|result)\b"
);
static STATUS_FAILURE: LazyLock<Regex> = re!(
    r"(?i)\b(on|upon|after|when)\s+(a\s+)?(failure|fail(s|ed)?)\b|\bfailure\s+notifications?\b"
);
static STATUS_SUCCESS: LazyLock<Regex> = re!(r"(?i)\bon\s+success\b");
/// "through trusted publishing", "a trusted publisher", "OIDC".
const TRUSTED_P: &str = r"(?i)\btrusted[\s-]+publish(ing|ers?)\b|\boidc\b|\bopenid\s+connect\b";
static TRUSTED: LazyLock<Regex> = re!(TRUSTED_P);
/// "using an API token", "with the PyPI token": publishing with a long-lived token.
const WITH_TOKEN_P: &str =
    r"(?i)\b(using|with|via|through)\s+(an?\s+|the\s+|its\s+)?(\w+\s+)?(api\s+)?token\b";
static WITH_TOKEN: LazyLock<Regex> = re!(WITH_TOKEN_P);
const DRAFT_P: &str =
    r"(?i)\bdraft\s+(github\s+)?releases?\b|\breleases?\b[^.;|]{0,40}\bas\s+(an?\s+)?drafts?\b";
static DRAFT: LazyLock<Regex> = re!(DRAFT_P);
const PRERELEASE_P: &str =
    r"(?i)\b(marked|flagged|published|created|tagged)\s+as\s+(an?\s+)?\W?pre-?releases?\b";
static PRERELEASE: LazyLock<Regex> = re!(PRERELEASE_P);
/// A sentence that denies an effect ("does not publish to PyPI", "not by the workflow",
/// "instead of pushing to Docker Hub"): not a claim that the effect happens.
const DENIAL_P: &str = r"(?i)\b(not|never|no|none|nothing|without|cannot|can't|don't|doesn't|won't|isn't|aren't|instead\s+of|rather\s+than|except|skips?|skipped)\b";
static DENIAL: LazyLock<Regex> = re!(DENIAL_P);
/// Work a person does even inside a workflow's steps list ("then upload it by hand").
const MANUAL_P: &str = r"(?i)\b(manually|by\s+hand|locally|on\s+your\s+machine)\b";
static MANUAL: LazyLock<Regex> = re!(MANUAL_P);
/// Negations turn a release-kind claim around; such lines are not read.
const NEGATION_P: &str = r"(?i)\b(not|never|no|without)\b";
static NEGATION: LazyLock<Regex> = re!(NEGATION_P);
const DIST_TAG_P: &str = r"(?i)\b(?:dist-tag|npm\s+tag)\s+`?([a-z][\w.-]*)`?|\b(?:under|with|on)\s+(?:the\s+)?`?([a-z][\w.-]*)`?\s+(?:dist-tag|npm\s+tag)\b";
static DIST_TAG: LazyLock<Regex> = re!(DIST_TAG_P);

// ---- the line prefilter -----------------------------------------------------------------------

/// The regexes [`read_line`] runs on a line's text, in [`line_re`] order: one literal scan of
/// the line (`super::literals`) tells which of them can match it, so the others are neither
/// run nor, if no line needs them, compiled. Results are those of running every regex.
const LINE_PATTERNS: [&str; 33] = [
    HUMAN_P,
    PERSON_SUBJECT_P,
    MANUAL_P,
    PUBLISH_VERB_P,
    ISSUE_ACTIVE_P,
    ISSUE_PASSIVE_P,
    AUTOMATED_WORD_P,
    COMMENT_P,
    NOTIFY_P,
    MS_TEAMS_P,
    GITHUB_RELEASE_P,
    ARTIFACT_P,
    TESTS_THIRD_P,
    TESTS_IMPERATIVE_P,
    COPY_VIA_P,
    TRUSTED_P,
    WITH_TOKEN_P,
    DENIAL_P,
    NEGATION_P,
    DRAFT_P,
    PRERELEASE_P,
    DIST_TAG_P,
    CHOSEN_VERSION_P,
    PR_WORD_P,
    LABELLED_P,
    NOT_LATEST_P,
    NOT_PUBLISHED_P,
    FORK_P,
    SECRET_LINE_P,
    GITHUB_SECRET_P,
    CONDITIONAL_SECRET_P,
    TOOL_VERSION_P,
    TOOL_CLAIM_P,
];

static LINE_LITERALS: LazyLock<Literals> = LazyLock::new(|| {
    let sources: Vec<PatternSource> = LINE_PATTERNS
        .iter()
        .map(|p| PatternSource(ascii_classes(p).into_owned()))
        .collect();
    Literals::case_insensitive(sources.iter())
});

/// Which of the [`LINE_PATTERNS`] can match one text.
struct Candidates(Verdicts);

impl Candidates {
    fn of(text: &str) -> Candidates {
        Candidates(LINE_LITERALS.candidates(text, std::slice::from_ref(&(0..text.len()))))
    }

    /// Can regex `i` (a [`line_re`] index) match the text? Yes when unknown.
    fn can(&self, i: usize) -> bool {
        self.0.row(0).get(i).copied().unwrap_or(true)
    }
}

/// Indexes into [`LINE_PATTERNS`].
#[allow(dead_code)]
mod line_re {
    pub const HUMAN: usize = 0;
    pub const PERSON_SUBJECT: usize = 1;
    pub const MANUAL: usize = 2;
    pub const PUBLISH_VERB: usize = 3;
    pub const ISSUE_ACTIVE: usize = 4;
    pub const ISSUE_PASSIVE: usize = 5;
    pub const AUTOMATED_WORD: usize = 6;
    pub const COMMENT: usize = 7;
    pub const NOTIFY: usize = 8;
    pub const MS_TEAMS: usize = 9;
    pub const GITHUB_RELEASE: usize = 10;
    pub const ARTIFACT: usize = 11;
    pub const TESTS_THIRD: usize = 12;
    pub const TESTS_IMPERATIVE: usize = 13;
    pub const COPY_VIA: usize = 14;
    pub const TRUSTED: usize = 15;
    pub const WITH_TOKEN: usize = 16;
    pub const DENIAL: usize = 17;
    pub const NEGATION: usize = 18;
    pub const DRAFT: usize = 19;
    pub const PRERELEASE: usize = 20;
    pub const DIST_TAG: usize = 21;
    pub const CHOSEN_VERSION: usize = 22;
    pub const PR_WORD: usize = 23;
    pub const LABELLED: usize = 24;
    pub const NOT_LATEST: usize = 25;
    pub const NOT_PUBLISHED: usize = 26;
    pub const FORK: usize = 27;
    pub const SECRET_LINE: usize = 28;
    pub const GITHUB_SECRET: usize = 29;
    pub const CONDITIONAL_SECRET: usize = 30;
    pub const TOOL_VERSION: usize = 31;
    pub const TOOL_CLAIM: usize = 32;
}

// ---- reading ----------------------------------------------------------------------------------

/// How much of a paragraph is kept as context for its later lines.
const PARAGRAPH_CONTEXT: usize = 400;

struct Item {
    indent: usize,
    text: String,
}

/// Every effect claim of one markdown document.
pub fn read(file: &SourceFile) -> Vec<EffectClaim> {
    let mut out = Vec::new();
    // Answers of `automated_context` for this doc's context texts.
    let mut seen: FastMap<String, bool> = FastMap::default();
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut fence: Option<(String, bool)> = None; // (marker, readable diagram)
    let mut items: Vec<Item> = Vec::new();
    // "**Workflow**: `x.yml`" items of the lists being read (indent, text).
    let mut workflow_items: Vec<(usize, String)> = Vec::new();
    let mut intro: Option<String> = None;
    let mut steps_list = false;
    let mut in_comment = false;
    let mut prev_blank = true;
    let lines: Vec<&str> = file.text.lines().collect();
    for (i, raw) in lines.iter().copied().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let next = wrapped_next(raw, lines.get(i + 1).copied());
        let trimmed = raw.trim();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
            in_comment = true;
            continue;
        }
        if let Some((marker, readable)) = &fence {
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches(['`', '~']).trim().is_empty()
            {
                fence = None;
                continue;
            }
            // A `# comment` or `$ prompt` line in a plain fence belongs to a shell session,
            // not a flow diagram.
            if *readable && !trimmed.starts_with(['#', '$']) {
                let ctx = context(trimmed, None, None, &headings);
                read_line(
                    &mut out, &mut seen, line_no, trimmed, ctx, false, true, None,
                );
            }
            // `docker pull acme/app:v1.2.3` in a shell block names a published tag.
            if !trimmed.starts_with('#') {
                for (image, tag) in image_versions(trimmed) {
                    let ctx = context(trimmed, None, None, &headings);
                    out.push(claim(
                        line_no,
                        trimmed,
                        Claimed::ImageVersion { image, tag },
                        ctx,
                    ));
                }
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            let info = trimmed[marker.len()..].trim().to_ascii_lowercase();
            let readable = matches!(
                info.as_str(),
                "" | "text" | "txt" | "plain" | "plaintext" | "mermaid"
            );
            fence = Some((marker, readable));
            continue;
        }
        if let Some(h) = heading(trimmed) {
            headings.retain(|(level, _)| *level < h.0);
            headings.push(h);
            items.clear();
            workflow_items.clear();
            intro = None;
            steps_list = false;
            prev_blank = true;
            continue;
        }
        if trimmed.is_empty() {
            prev_blank = true;
            continue;
        }
        if trimmed.contains("]:") && LINK_REF.is_match(trimmed) {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let item = list_item(trimmed);
        if let Some(body) = item {
            while items.last().is_some_and(|it| it.indent >= indent) {
                items.pop();
            }
            let parent = items.last().map(|it| it.text.clone());
            let mut ctx = context(body, parent.as_deref(), intro.as_deref(), &headings);
            // A "**Workflow**: `ci.yml`" item names the workflow its sibling items (and the
            // lists nested in them) describe: it joins their context after the parent.
            workflow_items.retain(|(i, _)| *i <= indent);
            let at = if parent.is_some() { 2 } else { 1 };
            for (_, w) in workflow_items.iter().rev() {
                ctx.insert(at.min(ctx.len()), w.clone());
            }
            if body.contains(':')
                && WORKFLOW_ITEM.is_match(&plain(body))
                && names_workflow_file(body)
            {
                workflow_items.push((indent, body.to_string()));
            }
            // Items nested under a "Steps:" item of an automation section are its steps.
            // The item holding the "Steps:" label ("1. **Publish** (`publish.yml`)") names
            // the workflow they belong to: it joins the context after the label.
            let holder = items
                .len()
                .checked_sub(2)
                .and_then(|i| items.get(i))
                .map(|it| it.text.clone());
            let labelled = parent
                .as_deref()
                .is_some_and(|p| STEPS_LABEL.is_match(&plain(p)));
            if let Some(h) = holder.filter(|_| labelled) {
                ctx.insert(2.min(ctx.len()), h);
            }
            let labelled_steps = labelled
                && ctx
                    .iter()
                    .skip(2)
                    .any(|c| AUTOMATION.is_match(c) || names_workflow_file(c));
            read_line(
                &mut out,
                &mut seen,
                line_no,
                body,
                ctx.clone(),
                steps_list || labelled_steps,
                false,
                next,
            );
            let top_level = items.is_empty();
            if tool_list(parent.as_deref(), intro.as_deref(), top_level, &headings)
                && ctx
                    .iter()
                    .skip(1)
                    .any(|c| AUTOMATION.is_match(c) || names_workflow_file(c))
            {
                listed_tools(&mut out, line_no, body, &ctx);
            }
            if let Some(d) = super::job_work::describe(body) {
                out.push(claim(line_no, body, Claimed::JobWork(d), ctx.clone()));
            }
            if let Some(name) = super::job_work::required_check(body, &ctx) {
                out.push(claim(
                    line_no,
                    body,
                    Claimed::RequiredCheck(name),
                    ctx.clone(),
                ));
            }
            if intro.as_deref().is_some_and(|t| JOBS_LABEL.is_match(t)) {
                if let Some(c) = JOB_ITEM.captures(trimmed) {
                    out.push(claim(line_no, body, Claimed::Job(c[1].to_string()), ctx));
                }
            }
            items.push(Item {
                indent,
                text: body.to_string(),
            });
        } else {
            // A continuation of an item (indented) keeps the list; a new paragraph ends it.
            let continues = !items.is_empty() && (indent > 0 || !prev_blank);
            if !continues {
                // A new paragraph, or the next line of the one being read.
                // Bounded: a long paragraph keeps its opening words (linear time on any doc).
                let para = match (intro.take(), prev_blank || !items.is_empty()) {
                    (Some(mut p), false) if p.len() < PARAGRAPH_CONTEXT => {
                        p.push(' ');
                        p.push_str(trimmed);
                        p
                    }
                    (Some(p), false) => p,
                    _ => trimmed.to_string(),
                };
                items.clear();
                workflow_items.clear();
                steps_list = STEPS_INTRO.is_match(&para)
                    && !SCRIPT_SUBJECT.is_match(&para)
                    && (AUTOMATION.is_match(&para)
                        || headings
                            .iter()
                            .any(|(l, h)| *l > 1 && AUTOMATION.is_match(h)));
                intro = Some(para);
            }
            let parent = items.last().map(|it| it.text.clone());
            let ctx = context(trimmed, parent.as_deref(), intro.as_deref(), &headings);
            if let Some(d) = super::job_work::describe(trimmed) {
                out.push(claim(line_no, trimmed, Claimed::JobWork(d), ctx.clone()));
            }
            read_line(
                &mut out,
                &mut seen,
                line_no,
                trimmed,
                ctx,
                continues && steps_list,
                false,
                next,
            );
        }
        prev_blank = false;
    }
    out
}

/// Is an item under `parent` (or, first in its list, under the paragraph `intro`) one entry
/// of a list of what a workflow runs: a "Jobs:" / "Features:" / "Steps:" label, or a bare bold
/// group label ("2. **Security**:") under a heading about features, jobs or pipelines?
fn tool_list(
    parent: Option<&str>,
    intro: Option<&str>,
    top_level: bool,
    headings: &[(usize, String)],
) -> bool {
    let label = match parent {
        Some(p) => p,
        None if top_level => match intro {
            Some(i) => i,
            None => return false,
        },
        None => return false,
    };
    if TOOL_LIST_LABEL.is_match(&plain(label)) {
        return true;
    }
    BARE_BOLD_LABEL.is_match(label)
        && headings
            .last()
            .is_some_and(|(l, h)| *l > 1 && TOOL_LIST_HEADING.is_match(h))
}

/// The tools a catalogue item names ("Secret scanning", "**Cargo Deny**: licence checks"),
/// unless it hedges or denies; a tool the sentence reader already took is marked listed.
fn listed_tools(out: &mut Vec<EffectClaim>, line: u32, body: &str, ctx: &[String]) {
    let text = plain(body);
    if TOOL_HEDGE.is_match(&text) {
        return;
    }
    for (re, name, _) in TOOL_RES.iter() {
        let Some(m) = re.find(&text) else {
            continue;
        };
        if denied(&text, m.start()) {
            continue;
        }
        let taken = out.iter_mut().find(|c| {
            c.line == line && matches!(&c.claimed, Claimed::Tool { name: n, .. } if n == name)
        });
        match taken {
            Some(c) => {
                c.claimed = Claimed::Tool {
                    name: name.to_string(),
                    listed: true,
                }
            }
            None => out.push(claim(
                line,
                body,
                Claimed::Tool {
                    name: name.to_string(),
                    listed: true,
                },
                ctx.to_vec(),
            )),
        }
    }
}

/// The next line when the sentence of `line` runs on into it (hard-wrapped prose or list
/// item): `line` ends without closing punctuation and the next line is more text, not a new
/// block (blank, heading, list item, table row, fence).
fn wrapped_next<'t>(line: &str, next: Option<&'t str>) -> Option<&'t str> {
    let end = line.trim_end();
    if end.is_empty() || end.ends_with(['.', '!', '?', ':', ';', '|']) {
        return None;
    }
    let n = next?.trim();
    let new_block = n.is_empty()
        || heading(n).is_some()
        || list_item(n).is_some()
        || n.starts_with(['|', '<', '>'])
        || n.starts_with("```")
        || n.starts_with("~~~");
    (!new_block).then_some(n)
}

fn heading(line: &str) -> Option<(usize, String)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&level) && line[level..].starts_with(' ') {
        Some((level, line[level..].trim().to_string()))
    } else {
        None
    }
}

/// The text of a list item (`- x`, `* x`, `1. x`, `- [ ] x`), None for other lines.
fn list_item(line: &str) -> Option<&str> {
    let rest = if let Some(r) = line.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start();
    Some(
        rest.strip_prefix("[ ]")
            .or_else(|| rest.strip_prefix("[x]"))
            .map_or(rest, str::trim_start),
    )
}

fn context(
    line: &str,
    parent: Option<&str>,
    intro: Option<&str>,
    headings: &[(usize, String)],
) -> Vec<String> {
    let mut out = vec![line.to_string()];
    out.extend(parent.map(str::to_string));
    out.extend(intro.map(str::to_string));
    // The document title (level 1) names the whole doc, not one workflow.
    out.extend(
        headings
            .iter()
            .rev()
            .filter(|(l, _)| *l > 1)
            .map(|(_, h)| h.clone()),
    );
    out
}

fn claim(line: u32, text: &str, claimed: Claimed, context: Vec<String>) -> EffectClaim {
    EffectClaim {
        line,
        text: text.trim().to_string(),
        claimed,
        status: None,
        context,
        diagram: false,
    }
}

/// Markup removed for matching: emphasis and link syntax (code backticks kept).
fn plain(text: &str) -> String {
    // Most lines hold neither mark: a byte scan instead of two substring replacements.
    if memchr::memchr2(b'*', b'_', text.as_bytes()).is_none() {
        return text.to_string();
    }
    text.replace("**", "").replace("__", "")
}

/// Does a context text put the line in automation's world (see `read_line`)? Remembered per
/// doc for the texts after the line itself (its item, list intro and headings), which most
/// lines of a section share.
fn automated_context(ctx: &[String], seen: &mut FastMap<String, bool>) -> bool {
    let says = |c: &str| AUTOMATION.is_match(c) || names_workflow_file(c);
    let Some((line, around)) = ctx.split_first() else {
        return false;
    };
    says(line)
        || around.iter().any(|c| {
            if let Some(&known) = seen.get(c.as_str()) {
                return known;
            }
            let answer = says(c);
            seen.insert(c.clone(), answer);
            answer
        })
}

/// Read one line (or list item text). `steps` is true inside a list that a "this workflow
/// will:" intro opens: imperative items ("Run the tests") are claims there.
#[allow(clippy::too_many_arguments)]
fn read_line(
    out: &mut Vec<EffectClaim>,
    seen: &mut FastMap<String, bool>,
    line: u32,
    raw: &str,
    ctx: Vec<String>,
    steps: bool,
    diagram: bool,
    wrapped: Option<&str>,
) {
    let text = plain(raw);
    // Which of the line regexes can match `text` at all (see LINE_PATTERNS).
    let may = Candidates::of(&text);
    let can = |i: usize| may.can(i);
    // The rest of the last sentence when it runs on into the next line: read for a
    // notification's timing ("... with the / outcome, whether it passed or not").
    let run_on = wrapped.map(|n| n.split(['.', ';', '!', '?']).next().unwrap_or(""));
    let sentence_end = match run_on {
        Some(more) => format!("{text} {}", plain(more)),
        None => text.clone(),
    };
    // Diagram boxes read like steps ("Notify team"): their verbs are what the flow does.
    let steps = steps || diagram;
    let first = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let human = (can(line_re::HUMAN) && HUMAN.is_match(&text))
        || IMPERATIVE.contains(&first.as_str())
        || (can(line_re::PERSON_SUBJECT) && PERSON_SUBJECT.is_match(&text));
    // A step done by hand is no effect of a workflow, even in a workflow's steps list.
    let steps = steps && !(can(line_re::MANUAL) && MANUAL.is_match(&text));
    // Effects are claimed of automation: the line, its paragraph, list or headings say a
    // workflow (CI, pipeline, bot, GitHub) acts, or it is a step of a workflow's list.
    let automated = steps || automated_context(&ctx, seen);
    let mut push = |claimed: Claimed, status: Option<String>| {
        out.push(EffectClaim {
            line,
            text: raw.trim().to_string(),
            claimed,
            status,
            context: ctx.clone(),
            diagram,
        });
    };
    let effect = |family: &str, target: Option<&str>| Claimed::Effect {
        family: family.to_string(),
        target: target.map(str::to_string),
    };
    // Publishing to a named registry.
    if automated && (!human || steps) {
        let verbs = can(line_re::PUBLISH_VERB).then(|| PUBLISH_VERB.find_iter(&text));
        for m in verbs.into_iter().flatten() {
            // "the release on PyPI", "a push to Docker Hub": a noun, not what a workflow does.
            if ARTICLE_BEFORE.is_match(&text[..m.start()])
                || denied(&text, m.start())
                || (!steps && instructed(&text, m.start()))
            {
                continue;
            }
            let after = &text[m.end()..];
            // A clause ends at punctuation or a table cell border.
            let clause = after.split(['.', ';', ',', '(', '|']).next().unwrap_or("");
            let clause = clause.split(" and ").next().unwrap_or(clause);
            let Some(to) = TO_REGISTRY.find(clause) else {
                continue;
            };
            let tail = &clause[to.start()..];
            if let Some((_, target)) = REGISTRY_RES.iter().find(|(r, _)| r.is_match(tail)) {
                push(effect("publish", Some(target)), None);
                break;
            }
        }
    }
    if automated && (!human || steps) {
        // Claims that an effect happens: a sentence denying it is skipped.
        let affirmed =
            |i: usize, r: &Regex| can(i) && r.find_iter(&text).any(|m| !denied(&text, m.start()));
        let active = can(line_re::ISSUE_ACTIVE)
            && ISSUE_ACTIVE
                .find_iter(&text)
                .any(|m| !ARTICLE_BEFORE.is_match(&text[..m.start()]) && !denied(&text, m.start()));
        let passive = affirmed(line_re::ISSUE_PASSIVE, &ISSUE_PASSIVE)
            && (steps || (can(line_re::AUTOMATED_WORD) && AUTOMATED_WORD.is_match(&text)));
        if active || passive {
            let imperative = text.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "create" | "open" | "file" | "raise"
                )
            });
            if !imperative || steps {
                push(effect("issue", None), None);
            }
        }
        if affirmed(line_re::COMMENT, &COMMENT)
            && !text.to_ascii_lowercase().contains("comment out")
        {
            push(effect("comment", None), None);
        }
        if affirmed(line_re::NOTIFY, &NOTIFY) && !PLATFORM_NOTICE.is_match(&text) {
            let lower = text.to_ascii_lowercase();
            let channel = CHANNELS
                .iter()
                .find(|(w, _)| {
                    lower
                        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                        .any(|x| x == *w)
                })
                .map(|(_, c)| *c);
            let status = if STATUS_BOTH.is_match(&sentence_end) {
                Some("success+failure".to_string())
            } else if STATUS_FAILURE.is_match(&sentence_end) {
                Some("failure".to_string())
            } else if STATUS_SUCCESS.is_match(&sentence_end) {
                Some("success".to_string())
            } else {
                None
            };
            let channel = channel.or_else(|| {
                (can(line_re::MS_TEAMS) && MS_TEAMS.is_match(&text)).then_some("Teams")
            });
            push(effect("notify", channel), status);
        }
        let release = can(line_re::GITHUB_RELEASE)
            .then(|| GITHUB_RELEASE.find(&text))
            .flatten();
        if let Some(m) = release {
            let before = &text[..m.start()];
            let imperative = text.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "create" | "draft" | "publish" | "make" | "cut" | "open"
                )
            });
            let bare_verb = m.as_str().split_whitespace().next().is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "create" | "draft" | "make" | "cut" | "open"
                )
            });
            let cause = bare_verb && RELEASE_CAUSE.is_match(&text[m.end()..]);
            if !denied(&text, m.start())
                && !CONDITION_BEFORE.is_match(before)
                && (!imperative || steps)
                && !cause
            {
                push(effect("release", None), None);
            }
        }
        // The version written back into the repository.
        let lower = text.to_ascii_lowercase();
        if lower.contains("version")
            || [
                ".json",
                ".toml",
                ".py",
                ".cfg",
                ".txt",
                ".properties",
                ".xml",
                ".yaml",
                ".yml",
                ".gemspec",
                ".csproj",
            ]
            .iter()
            .any(|x| lower.contains(x))
        {
            let m = BUMP_THIRD
                .find(&text)
                .or_else(|| steps.then(|| BUMP_BARE.find(&text)).flatten());
            if let Some(m) = m {
                if !denied(&text, m.start()) && !BUMP_NOT_OWN.is_match(&text[..m.start()]) {
                    push(effect("bump", None), None);
                }
            } else if steps && BUMP_NOUN.is_match(&text) {
                push(effect("bump", Some("version")), None);
            }
        }
        if steps {
            let registry = REGISTRY_FIRST
                .captures(&text)
                .and_then(|c| c.get(1))
                .and_then(|w| REGISTRY_RES.iter().find(|(r, _)| r.is_match(w.as_str())));
            if let Some((_, target)) = registry {
                push(effect("publish", Some(target)), None);
            }
        }
        if ARTIFACT_WORD.is_match(&sentence_end) {
            if let Some(c) = RETENTION.captures(&sentence_end) {
                let days = c.get(2).and_then(|d| d.as_str().parse().ok());
                if let Some(days) = days.filter(|_| !denied(&text, 0)) {
                    push(Claimed::Retention(days), None);
                }
            }
        }
        if affirmed(line_re::ARTIFACT, &ARTIFACT) && !text.to_ascii_lowercase().contains("release")
        {
            push(effect("artifact", None), None);
        }
        if affirmed(line_re::TESTS_THIRD, &TESTS_THIRD)
            || (steps && affirmed(line_re::TESTS_IMPERATIVE, &TESTS_IMPERATIVE))
        {
            push(effect("test", None), None);
            if FULL_TESTS.is_match(&text) {
                push(Claimed::FullTests, None);
            }
        }
        if let Some(c) = can(line_re::COPY_VIA)
            .then(|| COPY_VIA.captures(&text))
            .flatten()
            .filter(|c| c.get(0).is_some_and(|m| !denied(&text, m.start())))
        {
            let tool = c.get(8).map_or("scp", |m| m.as_str()).to_ascii_lowercase();
            push(effect("copy", Some(&tool)), None);
        }
        // How publishing authenticates, for a registry named on the line or just above it.
        // "Ensure the trusted publisher is configured": advice, not how the workflow publishes.
        let trusted = can(line_re::TRUSTED)
            .then(|| TRUSTED.find(&text))
            .flatten()
            .is_some_and(|m| steps || !instructed(&text, m.start()));
        let token = (can(line_re::WITH_TOKEN) && WITH_TOKEN.is_match(&text))
            && affirmed(line_re::PUBLISH_VERB, &PUBLISH_VERB);
        if trusted || (token && !(can(line_re::DENIAL) && DENIAL.is_match(&text))) {
            if let Some(target) = auth_registry(&text, &ctx) {
                push(
                    Claimed::PublishAuth {
                        target: target.to_string(),
                        trusted,
                    },
                    None,
                );
            }
        }
        if !(can(line_re::NEGATION) && NEGATION.is_match(&text)) {
            if can(line_re::DRAFT) && DRAFT.is_match(&text) {
                push(Claimed::ReleaseKind("draft".into()), None);
            } else if can(line_re::PRERELEASE) && PRERELEASE.is_match(&text) {
                push(Claimed::ReleaseKind("prerelease".into()), None);
            }
        }
        if let Some(c) = can(line_re::DIST_TAG)
            .then(|| DIST_TAG.captures(&text))
            .flatten()
        {
            let npm = |t: &str| t.to_ascii_lowercase().contains("npm");
            if npm(&text) || ctx.iter().take(3).any(|c| npm(c)) {
                if let Some(tag) = c.get(1).or(c.get(2)) {
                    push(Claimed::DistTag(tag.as_str().to_string()), None);
                }
            }
        }
    }
    // What a run by hand can deploy: an ability of the workflow, read even when phrased as
    // one ("can deploy a specific tag").
    if !diagram {
        if let Some(c) = can(line_re::CHOSEN_VERSION)
            .then(|| CHOSEN_VERSION.captures(&text))
            .flatten()
        {
            let by_hand = std::iter::once(text.as_str())
                .chain(ctx.iter().map(String::as_str))
                .any(|t| BY_HAND_RUN.is_match(t));
            let at = c.get(0).map_or(0, |m| m.start());
            if (automated || by_hand)
                && !denied(&text, at)
                && !(can(line_re::PERSON_SUBJECT) && PERSON_SUBJECT.is_match(&text))
            {
                let noun = c
                    .name("noun")
                    .map_or("", |m| m.as_str())
                    .to_ascii_lowercase();
                let noun = noun.trim_end_matches('s').to_string();
                push(Claimed::ChosenVersion(noun), None);
            }
        }
    }
    if !diagram && (can(line_re::PR_WORD) && PR_WORD.is_match(&text)) {
        let labelled = can(line_re::LABELLED).then(|| LABELLED.captures_iter(&text));
        for c in labelled.into_iter().flatten() {
            let label = c[4].to_string();
            // The labelled thing is a pull request ("the chart PR labelled as"), not an
            // issue, and the sentence does not deny it ("PRs that aren't labelled").
            let at = c.get(0).map_or(0, |m| m.start());
            let mut from = at.saturating_sub(40);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let before = &text[from..at];
            let of_pr = PR_WORD.is_match(before) && !before.to_ascii_lowercase().contains("issue");
            if of_pr && !denied(&text, at) && !label.contains('*') {
                push(Claimed::PrLabel(label), None);
            }
        }
    }
    if !diagram
        && automated
        && !human
        && super::may_hold_ci(&text, &["sarif", "security", "scanning"])
        && ALL_SARIF.is_match(&text)
        && !denied(&text, 0)
    {
        push(Claimed::AllSarif, None);
    }
    if !diagram && automated && !human {
        if let Some(archs) = claimed_platforms(&text, &ctx) {
            if !denied(&text, 0) {
                push(Claimed::ImagePlatforms(archs), None);
            }
        }
    }
    if !diagram && automated && !human && !denied(&text, 0) {
        if let Some(mc) = super::test_matrix::read(&text) {
            push(Claimed::TestMatrix(mc), None);
        }
    }
    if !diagram {
        for (image, tag) in image_versions(raw) {
            push(Claimed::ImageVersion { image, tag }, None);
        }
        // Pre-checks below: literals every match holds (most lines hold none).
        let tags = raw.contains("-<").then(|| TAG_TEMPLATE.captures_iter(raw));
        for c in tags.into_iter().flatten() {
            // `X.Y.Z-<sha>` is a version scheme (a package's prerelease as often as an
            // image's tag), never a literal a workflow writes: not a tag-prefix claim.
            if !is_version_placeholder(&c[1]) {
                push(Claimed::ImageTag(c[1].to_string()), None);
            }
        }
        if let Some((tag, branch)) = tag_from_branch(raw, &ctx) {
            if !denied(&text, 0) {
                push(Claimed::TagFromBranch { tag, branch }, None);
            }
        }
        if can(line_re::NOT_LATEST) && NOT_LATEST.is_match(&text) {
            push(Claimed::NotTagged("latest".into()), None);
        }
        // The pull-request words come first: "PR builds ...; they never push the image".
        let pr = can(line_re::PR_WORD).then(|| PR_WORD.find(&text)).flatten();
        let no = can(line_re::NOT_PUBLISHED)
            .then(|| NOT_PUBLISHED.find(&text))
            .flatten();
        if let (Some(pr), Some(no)) = (pr, no) {
            if automated
                && pr.start() < no.start()
                && !(can(line_re::FORK) && FORK.is_match(&text))
                && !human
            {
                push(Claimed::NotOnPullRequests, None);
            }
        }
        if (can(line_re::SECRET_LINE) && SECRET_LINE.is_match(&text))
            && (automated || (can(line_re::GITHUB_SECRET) && GITHUB_SECRET.is_match(&text)))
            && !(can(line_re::CONDITIONAL_SECRET) && CONDITIONAL_SECRET.is_match(&text))
            && !ctx.iter().any(|c| {
                NAMING.is_match(c) || APP_CONFIG.is_match(c) || ALTERNATIVE_SETUP.is_match(c)
            })
        {
            for c in SECRET_NAME.captures_iter(raw) {
                push(Claimed::Secret(c[1].to_string()), None);
            }
        }
        if let Some(c) = can(line_re::TOOL_VERSION)
            .then(|| TOOL_VERSION.captures(&text))
            .flatten()
        {
            let tool = c[1].to_ascii_lowercase();
            let label_like = text.trim_start().to_ascii_lowercase().starts_with(&tool);
            // A step of a workflow's list naming what it sets up ("Sets up Go 1.21.").
            let setup_step = automated
                && (!human || steps)
                && SETUP_STEP.captures(&text).is_some_and(|s| {
                    s.get(1).map(|m| m.as_str().to_ascii_lowercase()) == Some(tool.clone())
                });
            if label_like || setup_step {
                push(
                    Claimed::ToolVersion {
                        tool,
                        version: c[2].to_string(),
                    },
                    None,
                );
            }
        }
        if automated && raw.contains("**") {
            if let Some(c) = BOLD_JOBS.captures(raw) {
                let names: Vec<String> = BOLD_NAME
                    .captures_iter(&c[1])
                    .map(|n| n[1].trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                if !names.is_empty() {
                    push(Claimed::NamedJobs(names), None);
                }
            }
        }
        // What a workflow passes; a flag the reader may use is no claim.
        if automated && (!human || steps) {
            let flags = raw.contains("`--").then(|| FLAG.captures_iter(raw));
            for c in flags.into_iter().flatten() {
                if !denied(raw, c.get(0).map_or(0, |m| m.start())) {
                    push(Claimed::Flag(c[1].to_string()), None);
                }
            }
        }
        if let Some(c) = raw
            .contains('`')
            .then(|| SCRIPT_IN_CI.captures(raw))
            .flatten()
        {
            push(Claimed::Script(c[1].to_string()), None);
        }
        let lower = text.to_ascii_lowercase();
        if can(line_re::TOOL_CLAIM) && TOOL_CLAIM.is_match(&text) {
            for (re, name, prose) in TOOL_RES.iter() {
                if *prose && re.is_match(&lower) {
                    push(
                        Claimed::Tool {
                            name: name.to_string(),
                            listed: false,
                        },
                        None,
                    );
                }
            }
        }
    }
}

/// Is the sentence around byte `at` of `text` a denial? The sentence ends at `.`, `;`, `|`
/// (a table cell) or the line's ends.
fn denied(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let (start, end) = sentence_around(text, at);
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    // Code spans (`--no-install`) and hyphenated words (`no-op`) deny nothing.
    let prose: String = text[start..end]
        .split('`')
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    let mut found = DENIAL.find_iter(&prose);
    found.any(|m| !prose[m.end()..].starts_with('-') && !prose[..m.start()].ends_with('-'))
}

/// The byte range of the sentence around byte `at`: sentences end at `.`, `;`, `|`, `!` or
/// `?` outside code spans (the dot in `` `tag-cut.yml` `` ends nothing).
fn sentence_around(text: &str, at: usize) -> (usize, usize) {
    let mut start = 0;
    let mut code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => code = !code,
            '.' | ';' | '|' | '!' | '?' if !code => {
                if i < at {
                    start = i + 1;
                } else {
                    return (start, i);
                }
            }
            _ => {}
        }
    }
    (start, text.len())
}

/// Does the sentence around byte `at` start with an instruction to the reader ("Check the
/// logs. Ensure the trusted publisher is set up")? Sentences end as for [`denied`].
fn instructed(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let (start, _) = sentence_around(text, at);
    let first = text[start..]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    IMPERATIVE.contains(&first.as_str())
}

/// The registry (`PyPI` or `npm`) an authentication claim is about: named on the line, else
/// in its parent item or intro.
fn auth_registry(text: &str, ctx: &[String]) -> Option<&'static str> {
    std::iter::once(text)
        .chain(ctx.iter().skip(1).take(2).map(String::as_str))
        .find_map(|t| {
            REGISTRY_RES
                .iter()
                .find(|(r, target)| matches!(*target, "PyPI" | "npm") && r.is_match(t))
                .map(|(_, target)| *target)
        })
}

/// For a "does not update latest" claim: the branch its context says is pushed to.
pub fn pushed_branch(context: &[String]) -> Option<String> {
    context.iter().take(2).find_map(|c| {
        let t = plain(c);
        PUSH_TO_BRANCH
            .captures(&t)
            .map(|m| m[4].trim_matches('`').to_string())
            .filter(|b| {
                !b.is_empty()
                    && b.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_/.".contains(c))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claims of a doc, job descriptions left out (they are judged only against a job
    /// the label names; src/docs/job_work.rs tests them).
    fn claims(md: &str) -> Vec<(u32, Claimed)> {
        read(&SourceFile::from_text("d.md", md))
            .into_iter()
            .filter(|c| !matches!(c.claimed, Claimed::JobWork(_) | Claimed::RequiredCheck(_)))
            .map(|c| (c.line, c.claimed))
            .collect()
    }

    #[test]
    fn a_tag_said_to_come_from_a_branch() {
        let md = "## Container image tags\n\nEach push is tagged:\n- `edge` - the newest build of the develop branch\n- `nightly` - built every night\n- `stable` – images from the default branch\n\n| Tag | Source |\n|---|---|\n| `canary` | every push to `trunk` |\n";
        let got = claims(md);
        assert!(got.contains(&(
            4,
            Claimed::TagFromBranch {
                tag: "edge".into(),
                branch: "develop".into()
            }
        )));
        assert!(got.contains(&(
            10,
            Claimed::TagFromBranch {
                tag: "canary".into(),
                branch: "trunk".into()
            }
        )));
        assert!(!got
            .iter()
            .any(|(l, c)| matches!(c, Claimed::TagFromBranch { .. }) && (*l == 5 || *l == 6)));
    }

    #[test]
    fn a_dot_in_a_code_span_ends_no_sentence() {
        let text = "The `tag-cut.yml` workflow never commits the version change.";
        let at = text.find("commits").unwrap_or(0);
        assert!(denied(text, at));
        assert_eq!(sentence_around(text, at), (0, text.len() - 1));
        let two = "Builds it. Never `x.y` here";
        assert!(!denied(two, 1));
        assert!(denied(two, two.len() - 2));
    }

    #[test]
    fn job_descriptions_keep_their_context() {
        let got = read(&SourceFile::from_text(
            "d.md",
            "## `ci.yml`\n\n- **Audit**: scans the lockfile\n\n| `docs` | builds the site |\n",
        ));
        let jobs: Vec<(u32, &str, &str)> = got
            .iter()
            .filter_map(|c| match &c.claimed {
                Claimed::JobWork(d) => Some((c.line, d.label.as_str(), c.context.last()?.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(jobs, [(3, "Audit", "`ci.yml`"), (5, "docs", "`ci.yml`")]);
    }

    fn eff(f: &str, t: Option<&str>) -> Claimed {
        Claimed::Effect {
            family: f.into(),
            target: t.map(Into::into),
        }
    }

    #[test]
    fn publishing_claims_name_the_registry() {
        assert_eq!(
            claims("The job then uploads the wheel to PyPI.\n"),
            [(1, eff("publish", Some("PyPI")))]
        );
        assert_eq!(
            claims("The pipeline pushes images to the GitHub Container Registry.\n"),
            [(1, eff("publish", Some("ghcr.io")))]
        );
        // A reader's instruction is not a workflow claim, nor is a sentence with no automation.
        assert!(claims("In CI you can publish to npm by hand.\n").is_empty());
        assert!(claims("Maintainers upload the wheel to PyPI.\n").is_empty());
        // A noun after an article is no verb: a CI troubleshooting row telling people what to do.
        assert!(claims("| CI failed after the release on PyPI | Yank it |\n").is_empty());
        // Nor is a verb in one table cell with a registry in the next.
        assert!(claims("| CI released a broken build | remove it on PyPI |\n").is_empty());
    }

    #[test]
    fn imperative_items_count_only_under_a_steps_intro() {
        let md = "Once started, this pipeline will:\n\n1. Execute the complete test suite.\n2. Open an incident issue.\n\n## Hotfix\n\n1. Run tests locally.\n2. Run the tests.\n";
        assert_eq!(
            claims(md),
            [
                (3, eff("test", None)),
                (3, Claimed::FullTests),
                (4, eff("issue", None))
            ]
        );
    }

    #[test]
    fn notifications_keep_channel_and_timing() {
        let c = read(&SourceFile::from_text(
            "d.md",
            "The deploy workflow:\n\n- Sends a Slack notification on success/failure\n",
        ));
        assert_eq!(c[0].claimed, eff("notify", Some("Slack")));
        assert_eq!(c[0].status.as_deref(), Some("success+failure"));
    }

    #[test]
    fn labels_tags_secrets_and_flags() {
        let md = "The bot opens a PR labelled as \"bot/docs-sync\".\n\n- `stable-<commit>` - pinned build\n\nAdd the repository secret `DEPLOY_API_TOKEN`.\n\n- **Tooling**: the workflow passes `--frozen` flag\n";
        let got = claims(md);
        assert!(got.contains(&(1, Claimed::PrLabel("bot/docs-sync".into()))));
        assert!(got.contains(&(3, Claimed::ImageTag("stable-".into()))));
        let versions = claims("- `X.Y.Z-<sha>` prerelease\n- `vMAJOR.MINOR-<n>` build\n");
        assert!(versions.is_empty(), "{versions:?}");
        assert!(got.contains(&(5, Claimed::Secret("DEPLOY_API_TOKEN".into()))));
        assert!(got.contains(&(7, Claimed::Flag("--frozen".into()))));
    }

    #[test]
    fn diagrams_in_plain_fences_are_read_code_is_not() {
        let md = "```\nBuild\n  ↓\nNotify the team on Discord\n```\n\n```bash\n# notify slack\ncurl x\n```\n\n## CI\n\n```\n# Runs all unit tests:\nmake test\n```\n";
        assert_eq!(claims(md), [(4, eff("notify", Some("Discord")))]);
    }

    #[test]
    fn negative_latest_claims_know_their_branch() {
        let md = "1. **Push to `trunk`** → builds images\n   - Does NOT move the `:latest` tag\n";
        let c = read(&SourceFile::from_text("d.md", md));
        let neg = c
            .iter()
            .find(|c| c.claimed == Claimed::NotTagged("latest".into()))
            .unwrap();
        assert_eq!(neg.line, 2);
        assert_eq!(pushed_branch(&neg.context).as_deref(), Some("trunk"));
    }

    #[test]
    fn publishing_auth_release_kind_and_dist_tag() {
        let md = "The release workflow:\n\n- uploads the wheel to PyPI through trusted publishing\n- publishes to npm using the registry token\n- creates a draft GitHub release\n- publishes the package under the `next` npm tag\n- the release is not a draft\n- RC builds are marked as **pre-release**\n";
        let got = claims(md);
        let auth = |t: &str, trusted| Claimed::PublishAuth {
            target: t.into(),
            trusted,
        };
        assert!(got.contains(&(3, auth("PyPI", true))), "{got:?}");
        assert!(got.contains(&(4, auth("npm", false))), "{got:?}");
        assert!(got.contains(&(5, Claimed::ReleaseKind("draft".into()))));
        assert!(got.contains(&(6, Claimed::DistTag("next".into()))));
        assert!(!got
            .iter()
            .any(|(l, c)| *l == 7 && matches!(c, Claimed::ReleaseKind(_))));
        assert!(got.contains(&(8, Claimed::ReleaseKind("prerelease".into()))));
        // Advice to the reader is no claim about a workflow.
        assert!(claims("Consider trusted publishing to PyPI.\n").is_empty());
    }

    /// Secrets named in an application's configuration (a Kubernetes Secret table) or
    /// outside any automation context are not secrets a workflow must read.
    #[test]
    fn secrets_only_of_workflows() {
        let secret = |md: &str| {
            claims(md)
                .into_iter()
                .any(|(_, c)| matches!(c, Claimed::Secret(_)))
        };
        assert!(secret(
            "## CI setup\n\nThe workflow needs the secret `REGISTRY_PUSH_TOKEN`.\n"
        ));
        assert!(!secret(
            "## Kubernetes secrets\n\n| Key | Secret |\n|---|---|\n| `DB_PASSWORD_KEY` | app-db |\n"
        ));
        assert!(!secret(
            "## CI\n\nThe app reads the secret `SESSION_SIGNING_KEY` from its .env file.\n"
        ));
        assert!(!secret(
            "Store the secret `SESSION_SIGNING_KEY` somewhere safe.\n"
        ));
    }

    /// A sentence denying an effect, or a step done by hand, claims no effect; the same
    /// effect affirmed next to it still does.
    #[test]
    fn denials_and_manual_steps_are_no_claims() {
        for md in [
            "The release workflow does not publish to PyPI.\n",
            "The workflow never notifies Slack.\n",
            "The pipeline won't upload artifacts.\n",
            "The workflow does not create an issue.\n",
            "Publishing to npm is done by the maintainers, not by the workflow.\n",
            "The workflow will:\n\n- Not publish to npm\n",
            "The workflow will:\n\n- Package the wheel, then push it to PyPI by hand\n",
            "The workflow will:\n\n- Build the Python package (sdist and wheel)\n",
        ] {
            assert!(claims(md).is_empty(), "{md:?}: {:?}", claims(md));
        }
        assert_eq!(
            claims("The workflow publishes to PyPI; it does not notify anyone.\n"),
            [(1, eff("publish", Some("PyPI")))]
        );
        assert_eq!(
            claims("The workflow will:\n\n- Push the wheel to PyPI\n- Not notify Slack\n"),
            [(3, eff("publish", Some("PyPI")))]
        );
    }

    /// Mail the platform sends about runs is no notification a workflow sends.
    #[test]
    fn platform_notices_are_no_claims() {
        let ctx = "## The CI workflow\n\nThe workflow runs the tests.\n\n";
        for line in [
            "- **Mail**: GitHub sends failure notifications to the committer\n",
            "- **Alerts**: failure e-mails from GitHub reach whoever pushed\n",
            "- **Email notifications**: configure them in your GitHub settings\n",
        ] {
            let md = format!("{ctx}{line}");
            let got = claims(&md);
            assert!(got.iter().all(|(l, _)| *l != 5), "{md:?}: {got:?}");
        }
        let md = format!("{ctx}- **Mail**: the workflow sends an e-mail notification on failure\n");
        assert!(claims(&md).contains(&(5, eff("notify", Some("email")))));
    }

    /// A label claim is about a pull request the automation opens; a flag claim about what a
    /// workflow passes. Issue labels, denied labels and the reader's flags are none.
    #[test]
    fn labels_of_prs_and_flags_of_workflows() {
        assert_eq!(
            claims("The bot opens a release PR labelled as `bot/release`.\n"),
            [(1, Claimed::PrLabel("bot/release".into()))]
        );
        assert!(claims(
            "Issues that are labelled as `kind/bug` should be linked from the PR that fixes them.\n"
        )
        .is_empty());
        assert!(claims("CI skips PRs that aren't labelled `needs-ci`.\n").is_empty());
        assert_eq!(
            claims("## Release workflow\n\n- Calls the packager with the `--no-sync` flag\n"),
            [(3, Claimed::Flag("--no-sync".into()))]
        );
        assert!(claims(
            "## CI\n\nIf CI fails you can push again with the `--force-with-lease` option.\n"
        )
        .is_empty());
    }

    /// Advice in a troubleshooting table is no claim about how the workflow publishes.
    #[test]
    fn instructions_in_table_cells_are_no_claims() {
        let md = "## Release workflow\n\n| Problem | Fix |\n|---|---|\n| Upload fails | Read the logs. Ensure trusted publishing is set up on PyPI. |\n| Not on npm | Check the token, then publish to npm again. |\n";
        assert!(claims(md).is_empty(), "{:?}", claims(md));
        // The same words stated of the workflow are claims.
        assert_eq!(
            claims("## Release workflow\n\nThe job uploads the wheel to PyPI through trusted publishing.\n").len(),
            2
        );
    }

    /// "deploy a specific tag" (also as an ability) in a manual-run or workflow context;
    /// not a person's rollback, not a denial.
    #[test]
    fn chosen_version_abilities() {
        let chosen = |md: &str| {
            claims(md)
                .into_iter()
                .filter_map(|(l, c)| match c {
                    Claimed::ChosenVersion(n) => Some((l, n)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            chosen("- **By hand** (`workflow_dispatch`): redeploy a previous image tag\n"),
            [(1, "tag".to_string())]
        );
        assert_eq!(
            chosen("## Deploy workflow\n\n- Can roll back to any release version\n"),
            [(3, "version".to_string())]
        );
        assert!(chosen("We deploy specific tags to staging.\n").is_empty());
        assert!(chosen("The workflow cannot deploy a specific tag.\n").is_empty());
        assert!(chosen("Maintainers roll back to a previous tag by hand.\n").is_empty());
    }

    #[test]
    fn jobs_lists_under_a_jobs_label() {
        let md = "**Jobs:**\n1. **lint** - checks\n2. `package` - builds\n";
        let got = claims(md);
        assert!(got.contains(&(2, Claimed::Job("lint".into()))));
        assert!(got.contains(&(3, Claimed::Job("package".into()))));
    }

    #[test]
    fn image_platforms_only_for_images() {
        let md = "## `images.yml` workflow\n\n- Multi-platform builds (x86_64, linux/arm64)\n- Multi-arch container images\n- Builds binaries for amd64 and arm64\n- Does not build multi-platform images\n";
        let got = claims(md);
        let platforms: Vec<(u32, Claimed)> = got
            .into_iter()
            .filter(|(_, c)| matches!(c, Claimed::ImagePlatforms(_)))
            .collect();
        assert_eq!(
            platforms,
            [
                (
                    3,
                    Claimed::ImagePlatforms(vec!["amd64".into(), "arm64".into()])
                ),
                (4, Claimed::ImagePlatforms(Vec::new())),
            ]
        );
        // Nothing about automation: a reader's own build.
        assert!(claims("You can build multi-arch images with buildx.\n")
            .iter()
            .all(|(_, c)| !matches!(c, Claimed::ImagePlatforms(_))));
    }

    #[test]
    fn full_suite_and_all_sarif_claims() {
        let md = "## Release workflow\n\n- **Steps**:\n  1. Run full test suite\n  2. Run unit tests\n\n## CI pipeline\n\nAll scan results are uploaded to the Security tab as SARIF.\nYou can upload all results to code scanning yourself.\n";
        let got = claims(md);
        assert!(got.contains(&(4, Claimed::FullTests)), "{got:?}");
        assert!(got.contains(&(4, eff("test", None))));
        assert!(!got.contains(&(5, Claimed::FullTests)));
        assert!(got.contains(&(5, eff("test", None))));
        assert!(got.contains(&(9, Claimed::AllSarif)));
        assert!(!got.contains(&(10, Claimed::AllSarif)));
        // Outside an automation section a "Steps:" list is the reader's.
        let md = "## Local setup\n\n- **Steps**:\n  1. Run full test suite\n";
        assert!(!claims(md).contains(&(4, Claimed::FullTests)));
    }

    #[test]
    fn image_version_refs_in_any_block() {
        let md = "# Images\n\n```bash\ndocker pull ghcr.io/acme/tool:v1.4.0\n# docker pull acme/old:1.0.0\ncurl https://host:8080/x:1.2.3\n```\n\nRun `acme/tool:2.0` or node:18.1.0.\n";
        let got: Vec<(u32, Claimed)> = claims(md)
            .into_iter()
            .filter(|(_, c)| matches!(c, Claimed::ImageVersion { .. }))
            .collect();
        let iv = |image: &str, tag: &str| Claimed::ImageVersion {
            image: image.into(),
            tag: tag.into(),
        };
        assert_eq!(
            got,
            [
                (4, iv("ghcr.io/acme/tool", "v1.4.0")),
                (9, iv("acme/tool", "2.0"))
            ]
        );
    }
}
