//! Every input the fuzz targets (`fuzz/`) ever failed on, replayed through the same code
//! (`driftlint::fuzz_entry`), plus one seed input per target. docs/robustness.md says how the
//! targets run and how a crash lands here.

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 5] = [
    ("yaml", driftlint::fuzz_entry::yaml),
    ("expression", driftlint::fuzz_entry::expression),
    ("filter", driftlint::fuzz_entry::filter),
    ("claims", driftlint::fuzz_entry::claims),
    ("check", driftlint::fuzz_entry::check),
];

#[test]
fn fuzz_regressions_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for (name, target) in TARGETS {
        let dir = root.join(name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "{name}: no inputs in {}", dir.display());
        for path in inputs {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let run = std::panic::catch_unwind(|| target(&data));
            assert!(
                run.is_ok(),
                "fuzz target {name} fails on {}",
                path.display()
            );
        }
    }
}

/// The properties hold, not just "no panic": the filter target rejects a pattern whose
/// prefix would skip a value it matches (checked on a hand-made counterexample of the
/// property's shape: a matching value must start with the prefix).
#[test]
fn filter_prefix_property_is_checked() {
    let p = driftlint::filter::Pattern::parse("v1+.*").expect("valid pattern");
    assert_eq!(p.literal_prefix(), "v1");
    assert!(p.matches("v111.0"));
    let q = driftlint::filter::Pattern::parse("v1?x*").expect("valid pattern");
    assert_eq!(q.literal_prefix(), "v");
    assert!(q.matches("vx2"));
}
