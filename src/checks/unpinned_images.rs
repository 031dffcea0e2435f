//! `unpinned-images`: a job container, service container or `docker://` step whose image is
//! chosen by a tag (or by an expression) rather than a `@sha256:` digest.

use crate::source::HoldsTemplate as _;
use super::security::{self, raw_job, Confidence};
use super::{Ctx, Rule};
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};
use crate::yaml::Node;

pub struct UnpinnedImages;

fn check_image(cx: &Ctx, file: &SourceFile, image: &str, span: Span, what: &str, out: &mut Vec<Finding>) {
    let image = image.trim();
    if image.is_empty() || image.contains("@sha256:") {
        return;
    }
    let fix = "Fix: pin the digest (`image: name@sha256:<digest>`, the tag may stay in a comment)";
    let (severity, confidence, message) = if image.holds_template() {
        (
            Severity::Note,
            Confidence::Low,
            format!("{what} `{image}` is chosen by an expression, so it may name a tag that its publisher can move; the image runs with this job's secrets. {fix} in every value the expression can take"),
        )
    } else {
        // The tag is what follows the last `:` after the last `/` (a registry may have a port).
        let name = image.rsplit('/').next().unwrap_or(image);
        let tag = name.split_once(':').map(|(_, t)| t);
        let floating = match tag {
            None => "no tag, so the floating `latest`".to_string(),
            Some("latest") => "the floating `latest` tag".to_string(),
            Some(t) => format!("the tag `{t}`, which its publisher can move"),
        };
        (
            Severity::Warning,
            if matches!(tag, None | Some("latest")) { Confidence::High } else { Confidence::Medium },
            format!("{what} `{image}` uses {floating}: whoever can push to that image (or its registry) chooses the code that runs with this job's secrets. {fix}"),
        )
    };
    out.push(security::finding(cx, UnpinnedImages::ID, file, span, severity, confidence, message));
}

/// `container: image` or `container: {image: ...}`.
fn image_of(node: &Node) -> Option<(&str, Span)> {
    match node.get("image") {
        Some(i) => i.as_str().map(|s| (s, i.span)),
        None => node.as_str().map(|s| (s, node.span)),
    }
}

impl Rule for UnpinnedImages {
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for wf in &cx.repo.workflows {
            for job in wf.jobs.iter().filter(|j| !security::never_runs(j)) {
                if let Some(raw) = raw_job(wf, job) {
                    if let Some((image, span)) = raw.get("container").and_then(image_of) {
                        check_image(cx, &wf.file, image, span, "the job container", out);
                    }
                    for e in raw.get("services").and_then(Node::as_map).unwrap_or(&[]) {
                        if let Some((image, span)) = image_of(&e.value) {
                            let what = format!("service `{}`", e.key.scalar_text().unwrap_or(""));
                            check_image(cx, &wf.file, image, span, &what, out);
                        }
                    }
                }
                for step in &job.steps {
                    if let Some(uses) = &step.uses {
                        if let Some(image) = uses.value.trim().strip_prefix("docker://") {
                            check_image(cx, &wf.file, image, uses.span, "the step's image", out);
                        }
                    }
                }
            }
        }
    }
}
