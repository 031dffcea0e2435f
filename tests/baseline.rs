//! `--write-baseline` / `--baseline`, and `--fail-on` / `--output` with every format.

mod scratch;

use scratch::{loc, locations, stderr, stdout, Scratch, CI, RELEASE, RELEASE_PATH};

#[test]
fn baseline_survives_inserted_lines_and_reports_only_new_findings() {
    let repo = Scratch::new("bl-shift");
    repo.write(RELEASE_PATH, RELEASE);
    repo.write(".github/workflows/ci.yml", CI);
    let out = repo.run(&["check", "--write-baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "writing a baseline prints no report");
    assert_eq!(stderr(&out), "wrote 2 findings to baseline baseline.json\n");
    let written: serde_json::Value = serde_json::from_str(&repo.read("baseline.json")).unwrap();
    assert_eq!(written["version"], 1);
    let entries: Vec<(&str, &str)> = written["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["rule"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        entries,
        vec![
            ("manual-only", RELEASE_PATH),
            ("disabled-trigger", RELEASE_PATH)
        ]
    );

    // Three lines inserted above both findings: they move, the baseline still covers them.
    let shifted = format!("# Release workflow\n# owned by the platform team\n\n{RELEASE}");
    repo.write(RELEASE_PATH, &shifted);
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(
        locations(&out),
        vec![
            loc("manual-only", RELEASE_PATH, 6),
            loc("disabled-trigger", RELEASE_PATH, 7)
        ]
    );
    let out = repo.run(&["check", "--format", "json", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(locations(&out), vec![]);
    assert_eq!(
        stderr(&out),
        "2 findings recorded in baseline.json not shown\n"
    );

    // A new problem in another file is reported; the old ones stay hidden.
    repo.write(
        ".github/workflows/ci.yml",
        &CI.replace("  push:\n", "  # pull_request:\n  push:\n"),
    );
    let out = repo.run(&["check", "--format", "json", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        locations(&out),
        vec![loc("disabled-trigger", ".github/workflows/ci.yml", 4)]
    );

    // Fixing a recorded finding leaves a stale entry, which is mentioned.
    repo.write(
        RELEASE_PATH,
        &shifted.replace("  # push:\n  #   tags: ['v*']\n", ""),
    );
    repo.write(".github/workflows/ci.yml", CI);
    let out = repo.run(&["check", "--format", "json", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "1 finding recorded in baseline.json not shown\n\
         1 entry in baseline.json matches no finding any more; --write-baseline rewrites it\n"
    );
}

#[test]
fn identical_findings_are_counted() {
    let repo = Scratch::new("bl-count");
    let job = |name: &str| {
        format!("  {name}:\n    runs-on: x\n    runs-on: x\n    steps:\n      - run: make\n")
    };
    let two = format!(
        "on: push\npermissions: {{}}\njobs:\n{}{}",
        job("a"),
        job("b")
    );
    repo.write(".github/workflows/ci.yml", &two);
    let out = repo.run(&["check", "--write-baseline", "b.json"]);
    assert_eq!(stderr(&out), "wrote 2 findings to baseline b.json\n");
    let three = format!("{two}{}", job("c"));
    repo.write(".github/workflows/ci.yml", &three);
    let out = repo.run(&["check", "--format", "json"]);
    assert_eq!(
        locations(&out),
        [6, 11, 16].map(|l| loc("duplicate-key", ".github/workflows/ci.yml", l))
    );
    // Two entries cover two of the three identical findings.
    let out = repo.run(&["check", "--format", "json", "--baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        locations(&out),
        vec![loc("duplicate-key", ".github/workflows/ci.yml", 16)]
    );
}

#[test]
fn unusable_baseline_is_an_error() {
    let repo = Scratch::new("bl-broken");
    repo.write(RELEASE_PATH, RELEASE);
    repo.write("bad.json", "{\"version\": 1, \"entries\": [{\"rule\": 3}]}");
    let cases = [
        (
            "bad.json",
            "error: bad.json is not a driftlint baseline: invalid type: integer `3`, expected a string at line 1 column 37\n",
        ),
        (
            "missing.json",
            "error: cannot read baseline missing.json: No such file or directory (os error 2)\n",
        ),
    ];
    for (file, want) in cases {
        let out = repo.run(&["check", "--baseline", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_eq!(stderr(&out), want);
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn fail_on_and_output_work_for_every_format_with_a_baseline() {
    let repo = Scratch::new("bl-formats");
    repo.write(RELEASE_PATH, RELEASE);
    // Baseline hides manual-only only: one warning (disabled-trigger) is left.
    let out = repo.run(&["check", "--write-baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(0));
    let baseline = repo.read("b.json");
    let v: serde_json::Value = serde_json::from_str(&baseline).unwrap();
    let mut v = v;
    let entries = v["entries"].as_array_mut().unwrap();
    entries.retain(|e| e["rule"] == "manual-only");
    repo.write("b.json", &v.to_string());

    for format in ["human", "json", "sarif", "github", "markdown"] {
        let printed = repo.run(&["check", "--format", format, "--baseline", "b.json"]);
        assert_eq!(printed.status.code(), Some(1), "{format}");
        let text = stdout(&printed);
        assert!(text.contains("disabled-trigger"), "{format}: {text}");
        // SARIF lists every rule in its tool section; findings are what must be missing.
        assert!(
            !text.contains("Release creates releases"),
            "{format}: {text}"
        );

        let file = format!("out.{format}");
        for (fail_on, code) in [("error", 0), ("warning", 1), ("note", 1), ("never", 0)] {
            let _ = std::fs::remove_file(repo.path(&file));
            let out = repo.run(&[
                "check",
                "--format",
                format,
                "--baseline",
                "b.json",
                "--fail-on",
                fail_on,
                "--output",
                &file,
            ]);
            assert_eq!(
                out.status.code(),
                Some(code),
                "{format} --fail-on {fail_on}"
            );
            assert_eq!(stdout(&out), "", "{format}: --output leaves stdout empty");
            assert_eq!(
                repo.read(&file),
                text,
                "{format}: the file holds the report"
            );
        }
    }
}
