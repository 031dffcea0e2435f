//! Environments declared as code in the repository: the "settings" GitHub app's
//! `.github/settings.yml` and Terraform `github_repository_environment` resources.

use std::path::Path;

use walkdir::WalkDir;

use super::api::branch_policy_label;
use super::terraform::parse_terraform;
use super::{EnvironmentState, StateError};
use crate::source::{SourceFile, MAX_FILE_BYTES};
use crate::yaml::{self, Node};

pub const SETTINGS_FILE: &str = ".github/settings.yml";

/// Directories never searched for Terraform files.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".terraform"];

/// Environments declared in `.github/settings.yml` and in `*.tf` files under `repo_root`, in
/// that order (Terraform files sorted by path). Files that do not exist are simply absent.
pub fn load_declared(repo_root: &Path) -> Result<Vec<EnvironmentState>, StateError> {
    let mut envs = Vec::new();
    if let Some(file) = read_source(repo_root, SETTINGS_FILE)? {
        envs.extend(parse_settings_yml(&file)?);
    }
    for rel in terraform_files(repo_root) {
        if let Some(file) = read_source(repo_root, &rel)? {
            envs.extend(parse_terraform(&file.rel, &file.text));
        }
    }
    Ok(envs)
}

/// Read a file under the root; None when it does not exist.
fn read_source(root: &Path, rel: &str) -> Result<Option<SourceFile>, StateError> {
    let abs = root.join(rel);
    let io_error = |e: std::io::Error| StateError::Io {
        path: abs.display().to_string(),
        message: e.to_string(),
    };
    let meta = match std::fs::metadata(&abs) {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(e)),
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(StateError::Io {
            path: abs.display().to_string(),
            message: format!("file too large ({} bytes)", meta.len()),
        });
    }
    let bytes = std::fs::read(&abs).map_err(io_error)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let shown = abs.display().to_string();
    Ok(Some(SourceFile::new(shown, rel, abs, text)))
}

/// `*.tf` files under the root, relative with `/`, sorted.
fn terraform_files(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_dir()
                && SKIP_DIRS.iter().any(|d| e.file_name() == *d))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "tf"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    found.sort();
    found
}

/// Environments from a settings-app file:
/// `environments: [{name, wait_timer, reviewers: [{name|id, type}], deployment_branch_policy}]`.
/// Entries without a name are skipped; `declared_in` is `<rel>:<line of the entry>`.
pub fn parse_settings_yml(file: &SourceFile) -> Result<Vec<EnvironmentState>, StateError> {
    let doc = yaml::load(file).map_err(|e| StateError::Yaml {
        path: file.path.clone(),
        line: e.line(),
        message: e.message.clone(),
    })?;
    let Some(items) = doc
        .root
        .as_ref()
        .and_then(|root| root.get("environments"))
        .and_then(Node::as_seq)
    else {
        return Ok(Vec::new());
    };
    let mut envs = Vec::new();
    for item in items {
        let Some(name) = item.get("name").and_then(Node::as_str) else {
            continue;
        };
        envs.push(EnvironmentState {
            name: name.to_string(),
            reviewers: item
                .get("reviewers")
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(settings_reviewer)
                .collect(),
            wait_timer: item
                .get("wait_timer")
                .and_then(Node::as_str)
                .and_then(|t| t.trim().parse().ok()),
            branch_policy: item
                .get("deployment_branch_policy")
                .and_then(settings_branch_policy),
            declared_in: format!("{}:{}", file.rel, item.span.line()),
        });
    }
    Ok(envs)
}

/// A reviewer entry: `{name|login|slug|id, type: User|Team}` or a bare name.
fn settings_reviewer(node: &Node) -> Option<String> {
    if let Some(name) = node.as_str() {
        return Some(name.to_string());
    }
    let who = ["name", "login", "slug", "id"]
        .iter()
        .find_map(|k| node.get(k).and_then(Node::as_str))?;
    let is_team = node
        .get("type")
        .and_then(Node::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("team"));
    Some(if is_team {
        format!("team:{who}")
    } else {
        who.to_string()
    })
}

fn settings_branch_policy(node: &Node) -> Option<String> {
    let flag = |key: &str| node.get(key).and_then(Node::as_bool);
    branch_policy_label(flag("protected_branches"), flag("custom_branch_policies"))
}
