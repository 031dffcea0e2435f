//! SARIF names files relative to the checkout (`uriBaseId: %SRCROOT%`) also when driftlint is
//! given absolute paths: from the repository, the output is that of a run with relative paths
//! (fingerprints included; only messages name files as given); from elsewhere, paths are relative to the
//! repository root.

mod scratch;

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sarif(dir: &std::path::Path, path: &str) -> String {
    let out = scratch::run_in(dir, &["check", path, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", scratch::stderr(&out));
    scratch::stdout(&out)
}

/// Every artifactLocation in a SARIF log.
fn locations(text: &str) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut out = Vec::new();
    for result in doc["runs"][0]["results"].as_array().unwrap() {
        for key in ["locations", "relatedLocations"] {
            for l in result[key].as_array().into_iter().flatten() {
                out.push(l["physicalLocation"]["artifactLocation"].clone());
            }
        }
    }
    out
}

#[test]
fn absolute_paths_give_the_same_sarif_as_relative_ones() {
    let relative = sarif(&root(), "fixtures/seed");
    let absolute = sarif(&root(), root().join("fixtures/seed").to_str().unwrap());
    assert!(!absolute.contains("file:"), "{absolute}");
    // Messages name files as they were given; everything else is the same, byte for byte.
    let prefix = format!("{}/", root().display());
    assert!(absolute.contains(&prefix));
    assert!(absolute.len() - relative.len() < 10 * prefix.len());
    assert_eq!(absolute.replace(&prefix, ""), relative);
    let locations = locations(&relative);
    assert!(locations.len() > 40);
    for l in &locations {
        assert_eq!(l["uriBaseId"], "%SRCROOT%", "{l}");
        assert!(
            l["uri"].as_str().unwrap().starts_with("fixtures/seed/"),
            "{l}"
        );
    }
}

#[test]
fn outside_the_checkout_paths_are_relative_to_the_repository_root() {
    // A folder of its own: the temp dir itself may hold the checkout (a clone in /tmp), and
    // then the seed would be below the working directory.
    let elsewhere = std::env::temp_dir().join(format!("driftlint-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let seed = root().join("fixtures/seed");
    let text = sarif(&elsewhere, seed.to_str().unwrap());
    let _ = std::fs::remove_dir(&elsewhere);
    assert!(!text.contains("file:"), "{text}");
    let uris: Vec<String> = locations(&text)
        .iter()
        .map(|l| {
            assert_eq!(l["uriBaseId"], "%SRCROOT%", "{l}");
            l["uri"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(
        uris.contains(&".github/workflows/release.yml".to_string()),
        "{uris:?}"
    );
    assert!(uris.contains(&"docs/RELEASING.md".to_string()), "{uris:?}");
    assert!(uris.iter().all(|u| !u.starts_with('/')), "{uris:?}");
}
