//! `--verbose`: which files were read, and which were seen but skipped and why, so a user can
//! tell that a doc was never read.

use crate::repo::Repo;

/// One line per file of a repository: read workflows and docs, files that failed to load,
/// files GitHub never runs, and skipped files with the reason.
pub fn files_of(repo: &Repo) -> String {
    let mut out = format!(
        "{}: {} read, {} not loaded, {} skipped\n",
        repo.root,
        repo.workflows.len() + repo.docs.len(),
        repo.errors.len(),
        repo.skipped.len() + repo.inert_workflows.len()
    );
    for w in &repo.workflows {
        out.push_str(&format!("  read      workflow  {}\n", w.file.path));
    }
    for d in &repo.docs {
        out.push_str(&format!("  read      doc       {}\n", d.path));
    }
    for e in &repo.errors {
        out.push_str(&format!(
            "  failed    {}:{}:{}: {}\n",
            e.file.path, e.line, e.column, e.message
        ));
    }
    for rel in &repo.inert_workflows {
        out.push_str(&format!(
            "  skipped   {}: GitHub never runs it (only .yml/.yaml files directly in .github/workflows run); checked by name only\n",
            joined(&repo.root, rel)
        ));
    }
    for (path, why) in &repo.skipped {
        out.push_str(&format!("  skipped   {path}: {why}\n"));
    }
    out
}

/// A root-relative path as shown to the user.
fn joined(root: &str, rel: &str) -> String {
    if root == "." {
        rel.to_string()
    } else {
        format!("{}/{rel}", root.trim_end_matches('/'))
    }
}
