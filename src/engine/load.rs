//! Loading one repository: its files with the config's claims and aliases, and its state.

use std::path::Path;

use crate::config::{Config, ConfigError};
use crate::repo::Repo;
use crate::source::RepoFiles;
use crate::state::{load_declared, load_state, State};

/// Load a repository, reading its docs with the built-in claim patterns plus the config's
/// `claims` and environment aliases.
pub fn load_repo(files: &RepoFiles, cwd: &Path, config: &Config) -> Result<Repo, Vec<ConfigError>> {
    if config.claims.is_empty() && !config.has_environments() {
        return Ok(Repo::load(files, cwd));
    }
    let Some(builtin) = crate::repo::builtin_patterns() else {
        return Ok(Repo::load(files, cwd));
    };
    let mut patterns = builtin.clone();
    if let Err(message) = patterns.extend(config.claim_pairs()) {
        // The config parser already compiled every pattern; this is a safety net.
        return Err(vec![ConfigError {
            path: config.source.clone().unwrap_or_default(),
            line: config.claims.first().map_or(1, |c| c.line),
            column: 1,
            message,
            hint: None,
        }]);
    }
    config.apply_environments(&mut patterns.aliases);
    Ok(Repo::load_with(files, cwd, Some(&patterns)))
}

/// State from `--state` plus environments declared as code (None when there is neither), and
/// a warning when the declarations could not be read. A state folder that cannot be read is
/// an error; unreadable declarations (the repository's own settings.yml or Terraform) are
/// left out with the warning, so one odd file does not stop the check.
pub fn load_repo_state(
    dir: Option<&Path>,
    repo_root: &Path,
) -> Result<(Option<State>, Option<String>), String> {
    let (declared, warning) = match load_declared(repo_root) {
        Ok(d) => (d, None),
        Err(e) => (
            Vec::new(),
            Some(format!("{e} (environments declared as code are ignored)")),
        ),
    };
    let state = match dir {
        Some(d) => {
            let mut s = load_state(d).map_err(|e| e.to_string())?;
            s.merge_declared(declared);
            Some(s)
        }
        None if declared.is_empty() => None,
        None => {
            let mut s = State::default();
            s.merge_declared(declared);
            Some(s)
        }
    };
    Ok((state, warning))
}
