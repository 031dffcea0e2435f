//! driftlint: a GitHub Actions workflow linter and documentation-drift auditor.
//!
//! Layers, one way: source → yaml → workflow/docs → routes/checks → finding → report
//! (docs/architecture.md).

pub mod ascii_regex;
pub mod checks;
pub mod cli;
pub mod config;
pub mod docs;
pub mod docs_gen;
pub mod engine;
pub mod expr;
pub mod facts;
pub mod fast_hash;
pub mod filter;
pub mod finding;
#[doc(hidden)]
pub mod fuzz_entry;
pub mod repo;
pub mod report;
pub mod routes;
pub mod source;
pub mod state;
pub mod suggest;
pub mod suppress;
#[cfg(test)]
mod test_corpus;
pub mod workflow;
pub mod yaml;
