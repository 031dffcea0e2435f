//! driftlint: a GitHub Actions workflow linter and documentation-drift auditor.
//!
//! Layers, one way: source → yaml → workflow/docs → routes/checks → finding → report.

pub mod finding;
pub mod source;
pub mod state;
pub mod workflow;
pub mod yaml;
