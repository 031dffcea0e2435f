//! Image claims: the platforms images are built for ("multi-platform (amd64, arm64)") and the
//! version tags users pull (`docker pull acme/app:v1.2.3`), against the build steps and tag
//! rules of the workflows (docker/build-push-action `platforms:`, `docker buildx build
//! --platform`, docker/metadata-action `type=semver` patterns).
//!
//! Anything the workflow does not show (GoReleaser or bake files, scripts, `make`, an image
//! assembled from per-runner builds, a platform list or runner computed at run time) makes the
//! verdict unknown.

use crate::source::HoldsTemplate as _;
use super::{short_list, workflow_label, Model};
use crate::workflow::effects::model::StepEffect;
use crate::checks::claims::{ClaimCheck, Outcome};
use crate::docs::effect_claims::canonical_arch;
use crate::source::Span;
use crate::workflow::{Job, Workflow};

/// What one image build step builds for.
enum Built {
    /// These architectures (canonical names).
    Archs(Vec<String>),
    /// Cannot tell (computed, a runner we cannot place, a build tool with its own config).
    Unknown(&'static str),
}

/// The architecture a job's runner builds natively, when its label says so.
fn native(job: &Job) -> Built {
    let label = job
        .runs_on
        .as_ref()
        .map(|r| r.value.to_ascii_lowercase())
        .unwrap_or_default();
    if label.holds_template() || !label.starts_with("ubuntu-") {
        return Built::Unknown("the runner is not a hosted Linux runner named as such");
    }
    if label.contains("arm") {
        Built::Archs(vec!["arm64".into()])
    } else {
        Built::Archs(vec!["amd64".into()])
    }
}

fn archs_of(list: &str) -> Vec<String> {
    list.split([',', '\n', ' '])
        .map(|p| p.trim().trim_matches(['"', '\'']))
        .filter(|p| !p.is_empty())
        .map(canonical_arch)
        .collect()
}

/// The value of `${{ env.X }}` when the job or workflow sets X literally.
fn literal_env(wf: &Workflow, job: &Job, text: &str) -> String {
    let mut out = text.to_string();
    for (k, v) in job.env.iter().chain(&wf.env) {
        for form in [
            format!("${{{{ env.{} }}}}", k.value),
            format!("${{{{env.{}}}}}", k.value),
        ] {
            out = out.replace(&form, &v.value);
        }
    }
    out
}

/// Every image build step of a workflow, with what it builds for.
fn image_builds(wf: &Workflow) -> Vec<(Span, Built)> {
    let mut out = Vec::new();
    for job in &wf.jobs {
        for step in &job.steps {
            if let Some(uses) = &step.uses {
                let name = uses.value.split('@').next().unwrap_or("").to_ascii_lowercase();
                if name == "docker/build-push-action" {
                    let built = match step.with_value("platforms") {
                        Some(p) => {
                            let v = literal_env(wf, job, &p.value);
                            if v.holds_template() {
                                Built::Unknown("its `platforms:` is computed at run time")
                            } else {
                                Built::Archs(archs_of(&v))
                            }
                        }
                        None => native(job),
                    };
                    let span = step.with_value("platforms").map_or(uses.span, |p| p.span);
                    out.push((span, built));
                } else if name == "docker/bake-action" || name.starts_with("goreleaser/") {
                    out.push((uses.span, Built::Unknown("its build configuration is not in the workflow")));
                }
            }
            let Some(run) = &step.run else {
                continue;
            };
            for line in run.value.lines().map(str::trim) {
                if line.starts_with('#') {
                    continue;
                }
                let words = crate::workflow::effects::shell_words(line);
                let has = |seq: &[&str]| words.windows(seq.len()).any(|w| w == seq);
                if has(&["imagetools", "create"])
                    || has(&["manifest", "create"])
                    || has(&["buildx", "bake"])
                    || words.iter().any(|w| w == "goreleaser")
                {
                    out.push((run.span, Built::Unknown("it assembles images with a tool whose platforms are not in the workflow")));
                    continue;
                }
                if !(has(&["docker", "build"])
                    || has(&["docker", "buildx", "build"])
                    || has(&["podman", "build"]))
                {
                    continue;
                }
                let platform = words.iter().enumerate().find_map(|(i, w)| {
                    w.strip_prefix("--platform=")
                        .map(str::to_string)
                        .or_else(|| (w == "--platform").then(|| words.get(i + 1).cloned()).flatten())
                });
                let built = match platform {
                    Some(p) if p.contains('$') => {
                        Built::Unknown("its `--platform` is computed at run time")
                    }
                    Some(p) => Built::Archs(archs_of(&p)),
                    None => native(job),
                };
                out.push((run.span, built));
            }
        }
    }
    out
}

/// "Images are built for amd64 and arm64" / "multi-platform images".
pub(super) fn platforms(
    m: &Model,
    claimed: &[String],
    tied: Option<usize>,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let scope = tied.map_or_else(|| m.all(), |w| m.scope(w));
    let mut built: Vec<(usize, Span, Vec<String>)> = Vec::new();
    let mut unknown: Option<(usize, Span, &'static str)> = None;
    for &i in &scope {
        for (span, b) in image_builds(m.wf(i)) {
            match b {
                Built::Archs(a) => built.push((i, span, a)),
                Built::Unknown(why) => {
                    unknown.get_or_insert((i, span, why));
                }
            }
        }
    }
    // No visible image build: another claim's business (or nothing to compare with).
    if built.is_empty() && unknown.is_none() {
        return None;
    }
    let check = check("Image platforms");
    let mut all: Vec<String> = Vec::new();
    for (_, _, a) in &built {
        for x in a {
            if !all.contains(x) {
                all.push(x.clone());
            }
        }
    }
    let holds = if claimed.is_empty() {
        all.len() >= 2
    } else {
        claimed.iter().all(|c| all.contains(c))
    };
    if holds {
        let (i, span, _) = &built[0];
        return Some(
            check
                .verdict(
                    Outcome::Holds,
                    format!("images are built for {}", short_list(&all, 6)),
                    "",
                )
                .related(&m.wf(*i).file, *span, "image build"),
        );
    }
    if let Some((i, span, why)) = unknown {
        return Some(
            check
                .verdict(
                    Outcome::Unknown,
                    format!("a build step's platforms cannot be seen: {why}"),
                    "",
                )
                .related(&m.wf(i).file, span, "image build"),
        );
    }
    // The script that pushes could build more (a repository script, `make`).
    if let Some((i, o)) = scope
        .iter()
        .find_map(|&i| m.effects[i].opaque_for("publish").next().map(|o| (i, o)))
    {
        return Some(
            check
                .verdict(
                    Outcome::Unknown,
                    format!("`{}` may build other images; its content is not in the workflow", o.what),
                    "",
                )
                .related(&m.wf(i).file, o.span, "step whose effects are not visible"),
        );
    }
    let (i, span, _) = &built[0];
    let missing: Vec<String> = claimed
        .iter()
        .filter(|c| !all.contains(c))
        .cloned()
        .collect();
    let want = if claimed.is_empty() {
        "more than one platform".to_string()
    } else {
        format!("{} too", short_list(&missing, 4))
    };
    let mut ch = check
        .verdict(
            Outcome::Violated,
            format!(
                "{} builds its images for {} only ({}:{}), not {want}",
                workflow_label(m.wf(*i)),
                short_list(&all, 4),
                m.wf(*i).file.path,
                span.start.line
            ),
            "users on the other platforms get no image (or one that runs emulated)",
        )
        .related(&m.wf(*i).file, *span, "image build and its platforms");
    for (j, sp, _) in built.iter().skip(1).take(2) {
        ch = ch.related(&m.wf(*j).file, *sp, "image build and its platforms");
    }
    Some(ch)
}

/// Does an image template from the workflow (`acme/app-${{ matrix.svc }}`, `docker.io/acme/app`)
/// name the image the doc writes (`acme/app-web`)? Expressions match anything; Docker Hub's
/// host and `library/` are optional; case is ignored. Needs a literal part of 4 or more
/// characters so that a fully computed name matches nothing.
fn same_image(template: &str, doc: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        let s = s
            .strip_prefix("docker.io/")
            .or_else(|| s.strip_prefix("index.docker.io/"))
            .map(str::to_string)
            .unwrap_or(s);
        s.strip_prefix("library/").map(str::to_string).unwrap_or(s)
    };
    let (t, d) = (norm(template), norm(doc));
    // Literal pieces between expressions (`${{ }}`, `${X}`, `$X`).
    let mut pieces: Vec<String> = Vec::new();
    let mut rest = t.as_str();
    let mut wild = false;
    while !rest.is_empty() {
        let next = [rest.find("${{"), rest.find('$')].into_iter().flatten().min();
        match next {
            Some(at) => {
                pieces.push(rest[..at].to_string());
                wild = true;
                let after = &rest[at..];
                let end = if after.starts_with("${{") {
                    after.find("}}").map(|e| e + 2)
                } else if after.starts_with("${") {
                    after.find('}').map(|e| e + 1)
                } else {
                    Some(
                        1 + after[1..]
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                            .unwrap_or(after.len() - 1),
                    )
                };
                rest = &after[end.unwrap_or(after.len()).min(after.len())..];
            }
            None => {
                pieces.push(rest.to_string());
                rest = "";
            }
        }
    }
    if !wild {
        return t == d;
    }
    if pieces.iter().map(String::len).sum::<usize>() < 4 {
        return false;
    }
    // Anchored at both ends, pieces in order.
    let mut at = 0;
    let n = pieces.len();
    for (k, p) in pieces.iter().enumerate() {
        if k == 0 {
            if !d.starts_with(p.as_str()) {
                return false;
            }
            at = p.len();
        } else if k == n - 1 {
            if !d[at..].ends_with(p.as_str()) {
                return false;
            }
        } else {
            match d[at..].find(p.as_str()) {
                Some(x) => at += x + p.len(),
                None => return false,
            }
        }
    }
    true
}

/// Could a tag template produce a version tag written like `tag` (`v1.2.3` or `1.2.3`)?
/// Some(true) yes, Some(false) no, None when the template is computed.
fn tag_may_be(template: &str, tag: &str) -> Option<bool> {
    let t = template.trim();
    if t.contains("<raw>") || t.contains("<tag>") || t.contains("<match>") || t.contains('$') {
        return None;
    }
    let has_v = tag.starts_with('v');
    if let Some(rest) = t.strip_suffix("<version>") {
        return Some(if has_v { rest == "v" } else { rest.is_empty() });
    }
    if t.contains('<') {
        // `<major>.<minor>`, `<branch>`, `sha-<sha>`: not a full version written this way,
        // unless it is `v<major>.<minor>` for a two-part doc tag.
        let parts = tag.trim_start_matches('v').split('.').count();
        let shape = t.trim_start_matches('v');
        let same_v = t.starts_with('v') == has_v;
        return Some(
            same_v
                && ((parts == 2 && shape == "<major>.<minor>")
                    || (parts == 3 && shape == "<major>.<minor>.<patch>")),
        );
    }
    Some(t == tag)
}

/// Does a push trigger of the workflow run on branches that may be named like versions (a
/// filter with a digit or starting with `v`), or on every branch?
fn version_branches(wf: &Workflow) -> bool {
    wf.triggers.iter().filter(|t| t.event == "push").any(|t| match &t.filters.branches {
        None => t.filters.tags.is_none(),
        Some(b) => b.iter().any(|f| {
            let v = f.value.trim_start_matches(['\'', '"']);
            v.starts_with('v') || v.starts_with('*') || v.chars().any(|c| c.is_ascii_digit())
        }),
    })
}

/// "`docker pull acme/app:v1.2.3`": the workflows that push `acme/app` tag releases so.
pub(super) fn version_tag(
    m: &Model,
    image: &str,
    tag: &str,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    // The container publishes whose image is the doc's, with their tag templates.
    let mut pushes: Vec<(usize, Span, Vec<String>)> = Vec::new();
    for i in m.all() {
        for e in m.effects[i].live("publish") {
            if e.target.as_deref() != Some("container") {
                continue;
            }
            let tags: Vec<String> = e
                .detail_values("image")
                .filter_map(|r| {
                    let last = r.rsplit('/').next().unwrap_or(r);
                    let (name, tag) = match last.rsplit_once(':') {
                        Some((_, t)) => (&r[..r.len() - t.len() - 1], t),
                        None => (r, ""),
                    };
                    same_image(name, image).then(|| tag.to_string())
                })
                .collect();
            if !tags.is_empty() {
                pushes.push((i, e.span, tags));
            }
        }
    }
    if pushes.is_empty() {
        return None;
    }
    // A tag a person types into a run by hand is not how releases are tagged.
    let by_hand = |t: &str| t.contains("inputs.");
    let check = check("Image version tag");
    let mut computed = None;
    for (i, span, tags) in &pushes {
        for t in tags.iter().filter(|t| !by_hand(t)) {
            // A branch-named tag is a version when branches are named so (`v1.2`, `1.x`).
            let verdict = if t.contains("<branch>") && version_branches(m.wf(*i)) {
                None
            } else {
                tag_may_be(t, tag)
            };
            match verdict {
                Some(true) => {
                    return Some(
                        check
                            .verdict(
                                Outcome::Holds,
                                format!("{} tags `{image}` `{t}`", workflow_label(m.wf(*i))),
                                "",
                            )
                            .related(&m.wf(*i).file, *span, "image push and its tags"),
                    )
                }
                None => {
                    computed.get_or_insert((*i, *span, t.clone()));
                }
                Some(false) => {}
            }
        }
    }
    if let Some((i, span, t)) = computed {
        return Some(
            check
                .verdict(
                    Outcome::Unknown,
                    format!("the tag `{t}` is computed at run time"),
                    "",
                )
                .related(&m.wf(i).file, span, "image push"),
        );
    }
    // Only a version rule can make a release tag: without one the docs may mean a tag pushed
    // some other way.
    let versioned: Vec<&(usize, Span, Vec<String>)> = pushes
        .iter()
        .filter(|(_, _, tags)| tags.iter().any(|t| t.contains("<version>") || t.contains("<major>")))
        .collect();
    let (i, span, _) = versioned.first()?;
    let all_tags: Vec<String> = versioned
        .iter()
        .flat_map(|(_, _, t)| {
            t.iter()
                .filter(|t| !by_hand(t) && (t.contains("<version>") || t.contains("<major>")))
                .cloned()
        })
        .collect();
    let how = if tag.starts_with('v') {
        "the version tags drop the tag's `v` (`type=semver` pattern `{{version}}`)"
    } else {
        "the version tags keep a `v`"
    };
    Some(
        check
            .verdict(
                Outcome::Violated,
                format!(
                    "{} tags releases of `{image}` {}: {how}; no `:{tag}` is pushed",
                    workflow_label(m.wf(*i)),
                    short_list(&all_tags, 6)
                ),
                format!("`docker pull {image}:{tag}` fails: that tag does not exist"),
            )
            .related(&m.wf(*i).file, *span, "image push and its tags"),
    )
}

/// "`edge-<sha>`", "`pr-<number>`": a tag with this literal prefix is pushed. A
/// metadata-action rule that makes it counts only when the workflow runs on the ref the rule
/// fires on (the model keeps the others as `unreached-tag`).
pub(super) fn tag_prefix(
    m: &Model,
    all: &[usize],
    prefix: &str,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    let publishers: Vec<(usize, &StepEffect)> = all
        .iter()
        .flat_map(|&i| m.effects[i].live("publish").map(move |e| (i, e)))
        .filter(|(_, e)| e.target.as_deref() == Some("container"))
        .collect();
    if publishers.is_empty() {
        return None;
    }
    let check = check("Image tag");
    if let Some(i) = super::texts_containing(m, all, prefix) {
        return Some(
            check
                .verdict(
                    Outcome::Holds,
                    format!("{} writes `{prefix}`", workflow_label(m.wf(i))),
                    "",
                )
                .related(&m.wf(i).file, m.wf(i).on_or_first_line(), "workflow"),
        );
    }
    let made = publishers.iter().find_map(|(i, e)| {
        e.detail_values("tag")
            .find(|t| template_may_start(t, prefix))
            .map(|t| (*i, *e, t))
    });
    if let Some((i, e, t)) = made {
        return Some(
            check
                .verdict(
                    Outcome::Holds,
                    format!("{} pushes `{t}`", workflow_label(m.wf(i))),
                    "",
                )
                .related(&m.wf(i).file, e.span, "image push and its tags"),
        );
    }
    let tags: Vec<String> = publishers
        .iter()
        .flat_map(|(_, e)| e.detail_values("tag").map(str::to_string))
        .collect();
    // The rule most like the written tag: the longest literal start (`pr-<pr>` for `pr-`).
    let literal_start = |t: &str| t.find('<').unwrap_or(t.len());
    // A rule that opens with a branch or ref name stands for the written tag only when its
    // first word is a branch: one a workflow filters on, or a usual trunk name.
    let word = prefix.split(['-', '.', '_']).next().unwrap_or("");
    let branch_word = ["main", "master", "develop", "dev", "trunk", "next", "stable"]
        .contains(&word)
        || all.iter().any(|&i| {
            m.wf(i).triggers.iter().any(|t| {
                t.filters
                    .branches
                    .iter()
                    .flatten()
                    .any(|b| b.value.trim_matches(['\'', '"']) == word)
            })
        });
    let unreached = publishers
        .iter()
        .flat_map(|(i, e)| {
            e.detail_values("unreached-tag").filter_map(move |u| {
                let (t, kind) = u.rsplit_once('@')?;
                template_may_start(t, prefix).then_some((*i, *e, t, kind))
            })
        })
        .filter(|(_, _, t, _)| literal_start(t) > 0 || branch_word)
        .max_by_key(|(_, _, t, _)| literal_start(t));
    if let Some((i, e, t, kind)) = unreached {
        let wf = m.wf(i);
        let triggers: Vec<String> = wf.triggers.iter().map(|t| t.describe()).collect();
        return Some(
            check
                .verdict(
                    Outcome::Violated,
                    format!(
                        "{} makes `{t}` only on a {kind} ref, and it never runs on one (its triggers: {}); no image is tagged `{prefix}…`",
                        workflow_label(wf),
                        short_list(&triggers, 4)
                    ),
                    "users pulling the documented tag get nothing",
                )
                .related(&wf.file, e.span, "image push and its tags"),
        );
    }
    if tags.is_empty() {
        return Some(check.verdict(
            Outcome::Unknown,
            "image tags are computed outside the workflow",
            "",
        ));
    }
    let mut ch = check.verdict(
        Outcome::Violated,
        format!(
            "no image is tagged `{prefix}…`; tags pushed: {}",
            short_list(&tags, 6)
        ),
        "users pulling the documented tag get nothing",
    );
    // The pushes of up to three workflows.
    let mut named: Vec<usize> = Vec::new();
    for (i, e) in &publishers {
        if named.len() < 3 && !named.contains(i) {
            named.push(*i);
            ch = ch.related(&m.wf(*i).file, e.span, "image push and its tags");
        }
    }
    Some(ch)
}

/// "`latest` - newest build of the `main` branch": some workflow that a push to the branch
/// starts pushes an image with this tag. Violated only when every workflow that pushes the
/// tag (or has a rule for it) runs on no branch push at all that matches, and none runs on
/// another event that may build the branch (a schedule, a dispatch).
pub(super) fn tag_from_branch(
    m: &Model,
    all: &[usize],
    tag: &str,
    branch: &str,
    check: impl Fn(&str) -> ClaimCheck,
) -> Option<ClaimCheck> {
    use crate::checks::common::{live_push, RefKind};
    use crate::workflow::effects::refs::RefKinds;
    let containers = |i: usize| {
        m.effects[i]
            .live("publish")
            .filter(|e| e.target.as_deref() == Some("container"))
    };
    let check = check("Image tag source");
    // The workflows that may build the branch: its pushes, or events on the default branch.
    for &i in all {
        let wf = m.wf(i);
        let on_push = live_push(wf, RefKind::Branch, Some(branch)).is_some();
        let maybe = RefKinds::of(wf).branch && wf.triggers.iter().any(|t| t.event != "push");
        if !on_push && !maybe {
            continue;
        }
        for e in containers(i) {
            if e.detail_values("tag").any(|t| t == tag) {
                if !on_push {
                    return None;
                }
                return Some(
                    check
                        .verdict(
                            Outcome::Holds,
                            format!(
                                "{} runs on pushes to `{branch}` and pushes `:{tag}`",
                                workflow_label(wf)
                            ),
                            "",
                        )
                        .related(&wf.file, e.span, "image push with the tag"),
                );
            }
            // A tag computed at run time could be this one, unless it is a commit, a run
            // number or a version and the written tag is a word (`latest`).
            let word = !tag.chars().any(|c| c.is_ascii_digit());
            let numbered = |t: &str| {
                let l = t.to_ascii_lowercase();
                ["sha", "version", "run_number", "run_id"].iter().any(|k| l.contains(k))
            };
            if e
                .detail_values("tag")
                .any(|t| (t.holds_template() || t.contains('$')) && !(word && numbered(t)))
            {
                return None;
            }
        }
        // A script or another repository's workflow run on the branch's pushes may push it.
        if on_push && m.effects[i].opaque_for("publish").next().is_some() {
            return None;
        }
    }
    // Who makes the tag instead: pushers elsewhere, or rules for refs never run on.
    let mut made: Vec<(usize, Span, String)> = Vec::new();
    for &i in all {
        let wf = m.wf(i);
        let triggers: Vec<String> = wf.triggers.iter().map(|t| t.describe()).collect();
        for e in containers(i) {
            if e.detail_values("tag").any(|t| t == tag) {
                made.push((
                    i,
                    e.span,
                    format!("{} pushes it ({})", workflow_label(wf), triggers.join(", ")),
                ));
            } else if let Some(kind) = e.detail_values("unreached-tag").find_map(|u| {
                let (t, kind) = u.rsplit_once('@')?;
                (t == tag).then_some(kind)
            }) {
                made.push((
                    i,
                    e.span,
                    format!(
                        "{} makes it only on a {kind} ref, which it never runs on ({})",
                        workflow_label(wf),
                        triggers.join(", ")
                    ),
                ));
            }
        }
    }
    let (i, span, _) = made.first()?.clone();
    let mut said: Vec<String> = Vec::new();
    for (_, _, s) in &made {
        if !said.contains(s) && said.len() < 3 {
            said.push(s.clone());
        }
    }
    let mut ch = check
        .verdict(
            Outcome::Violated,
            format!(
                "no workflow that runs on pushes to `{branch}` pushes `:{tag}`: {}",
                said.join("; ")
            ),
            format!("`:{tag}` is not the newest `{branch}` build"),
        )
        .related(&m.wf(i).file, span, "image push with the tag");
    for (j, sp, _) in made.iter().skip(1).take(2) {
        ch = ch.related(&m.wf(*j).file, *sp, "image push with the tag");
    }
    Some(ch)
}

/// Could a tag template of the model (`pr-<pr>`, `<branch>-<sha>`, `v<version>`) make a tag
/// that starts with `prefix`? Placeholders stand for what metadata-action writes there: a
/// branch or ref name (anything), digits, a hexadecimal commit. Shell expressions
/// (`${VERSION}`) match nothing, as before: they are compared as written.
fn template_may_start(template: &str, prefix: &str) -> bool {
    fn may(t: &str, p: &str) -> bool {
        if p.is_empty() {
            return true;
        }
        if let Some(rest) = t.strip_prefix('<') {
            let Some((name, after)) = rest.split_once('>') else {
                return false;
            };
            let fits: fn(char) -> bool = match name {
                "pr" => |c| c.is_ascii_digit(),
                "sha" => |c| c.is_ascii_hexdigit(),
                "version" | "major" | "minor" | "patch" => {
                    |c| c.is_ascii_alphanumeric() || c == '.'
                }
                _ => |c| c.is_ascii_alphanumeric() || "._-".contains(c),
            };
            // One or more characters of the placeholder, then the rest of the template. The
            // written prefix's closing `-` is the template's own: `<branch>` alone is the
            // branch name (`main`), never `main-…`.
            for (at, c) in p.char_indices() {
                if !fits(c) {
                    return false;
                }
                let taken = at + c.len_utf8();
                if taken == p.len() {
                    return !p.ends_with('-');
                }
                if may(after, &p[taken..]) {
                    return true;
                }
            }
            return false;
        }
        match t.chars().next() {
            None => false,
            Some(c) if p.starts_with(c) => may(&t[c.len_utf8()..], &p[c.len_utf8()..]),
            Some(_) => false,
        }
    }
    may(template, prefix)
}

#[cfg(test)]
mod tests {
    use super::{same_image, tag_may_be, template_may_start};

    #[test]
    fn tag_templates_and_written_prefixes() {
        assert!(template_may_start("pr-<pr>", "pr-"));
        assert!(template_may_start("<branch>-<sha>", "main-"));
        assert!(!template_may_start("<branch>", "main-"));
        assert!(template_may_start("<branch>", "main"));
        assert!(template_may_start("sha-<sha>", "sha-"));
        assert!(!template_may_start("<version>", "main-"));
        assert!(!template_may_start("sha-<sha>", "main-"));
        assert!(!template_may_start("<pr>", "pr-"));
        assert!(!template_may_start("latest", "latest-"));
        assert!(!template_may_start("${VERSION}-${SUFFIX}", "latest-"));
    }

    #[test]
    fn image_templates_match_written_images() {
        assert!(same_image("acme/app-${{ matrix.svc }}", "acme/app-web"));
        assert!(same_image("docker.io/acme/app", "acme/app"));
        assert!(same_image("ghcr.io/${{ github.repository }}", "ghcr.io/acme/app"));
        assert!(!same_image("ghcr.io/acme/other", "ghcr.io/acme/app"));
        assert!(!same_image("${{ env.IMAGE }}", "acme/app"));
        assert!(!same_image("acme/app-${{ matrix.svc }}", "other/app-web"));
    }

    #[test]
    fn version_templates_keep_or_drop_the_v() {
        assert_eq!(tag_may_be("<version>", "v1.2.3"), Some(false));
        assert_eq!(tag_may_be("<version>", "1.2.3"), Some(true));
        assert_eq!(tag_may_be("v<version>", "v1.2.3"), Some(true));
        assert_eq!(tag_may_be("<major>.<minor>", "v1.2"), Some(false));
        assert_eq!(tag_may_be("<major>.<minor>", "1.2"), Some(true));
        assert_eq!(tag_may_be("<raw>", "v1.2.3"), None);
        assert_eq!(tag_may_be("<tag>", "v1.2.3"), None);
        assert_eq!(tag_may_be("latest", "v1.2.3"), Some(false));
        assert_eq!(tag_may_be("${VERSION}", "v1.2.3"), None);
    }
}
