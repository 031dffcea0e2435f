//! The GitHub Action (action.yml → action/run.sh), run locally with the environment variables
//! GitHub sets for a composite action step: the gate's exit code, the annotations, the step
//! summary, the SARIF file and the step outputs, the input checks and each install mode (with
//! stand-ins for cargo and python3 that record how they were called).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_driftlint"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A runner's temp folder with the step summary and output files GitHub provides.
struct Runner {
    temp: PathBuf,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    summary: String,
    outputs: String,
}

impl Runner {
    fn new(name: &str) -> Runner {
        let temp =
            std::env::temp_dir().join(format!("driftlint-action-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&temp);
        std::fs::create_dir_all(temp.join("bin")).unwrap();
        Runner { temp }
    }

    /// Run the action's script in the driftlint sources with these inputs and this PATH.
    fn run_with_path(&self, inputs: &[(&str, &str)], path: &str) -> Run {
        let summary = self.temp.join("step_summary.md");
        let outputs = self.temp.join("github_output");
        std::fs::write(&summary, "").unwrap();
        std::fs::write(&outputs, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.arg(root().join("action/run.sh"))
            .current_dir(root())
            .env("PATH", path)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", root())
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &outputs)
            .env("RUNNER_TEMP", &self.temp)
            .env_remove("NO_COLOR");
        for (key, _) in std::env::vars() {
            if key.starts_with("DRIFTLINT_") {
                cmd.env_remove(key);
            }
        }
        // action.yml maps each input to DRIFTLINT_<INPUT>, empty when not given.
        for input in INPUTS {
            let value = inputs
                .iter()
                .find(|(k, _)| *k == input)
                .map_or("", |(_, v)| *v);
            cmd.env(env_name(input), value);
        }
        for (k, _) in inputs {
            assert!(INPUTS.contains(k), "no input {k}");
        }
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            summary: std::fs::read_to_string(&summary).unwrap(),
            outputs: std::fs::read_to_string(&outputs).unwrap(),
        }
    }

    /// driftlint of this build on PATH.
    fn run(&self, inputs: &[(&str, &str)]) -> Run {
        let path = format!(
            "{}:{}:{}",
            self.temp.join("bin").display(),
            binary_dir().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        self.run_with_path(inputs, &path)
    }

    /// A stand-in command in the runner's bin folder.
    fn fake(&self, name: &str, script: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.temp.join("bin").join(name);
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.temp.join("calls.log")).unwrap_or_default()
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.temp);
    }
}

const INPUTS: [&str; 9] = [
    "paths",
    "fail-on",
    "format",
    "sarif-output",
    "summary",
    "config",
    "baseline",
    "install",
    "version",
];

fn env_name(input: &str) -> String {
    format!("DRIFTLINT_{}", input.to_uppercase().replace('-', "_"))
}

/// (file, line) of each finding driftlint reports for `fixtures/seed`, from its JSON output.
fn seed_findings() -> Vec<(String, u64)> {
    let out = Command::new(env!("CARGO_BIN_EXE_driftlint"))
        .args(["check", "fixtures/seed", "--format", "json"])
        .current_dir(root())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// (file, line) of every `::error|warning|notice file=…` annotation.
fn annotations(stdout: &str) -> Vec<(String, u64)> {
    stdout
        .lines()
        .filter_map(|l| {
            let rest = ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .find_map(|p| l.strip_prefix(p))?;
            let (file, rest) = rest.split_once(",line=")?;
            let line = rest.split([',', ':']).next()?.parse().ok()?;
            Some((file.to_string(), line))
        })
        .collect()
}

#[test]
fn action_annotates_summarises_writes_sarif_and_fails_the_step() {
    let runner = Runner::new("seed");
    let sarif = runner.temp.join("out.sarif");
    let sarif_str = sarif.to_str().unwrap();
    let run = runner.run(&[
        ("paths", "fixtures/seed"),
        ("install", "path"),
        ("sarif-output", sarif_str),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    // Every finding is an annotation, at its file and line.
    let mut expected = seed_findings();
    let mut got = annotations(&run.stdout);
    expected.sort();
    got.sort();
    assert!(expected.len() > 10);
    assert_eq!(got, expected);
    assert!(run
        .stdout
        .ends_with("::error title=driftlint::findings at or above 'warning' (see the annotations and the step summary)\n"));
    // The step summary is the markdown report: the discrepancy table, then the other findings.
    let golden = std::fs::read_to_string(root().join("tests/expected/seed-check.md")).unwrap();
    assert_eq!(run.summary, golden);
    assert!(run.summary.contains("| Documentation Claims"));
    assert_eq!(
        run.outputs,
        format!("sarif-file={sarif_str}\nexit-code=1\n")
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(
        doc["runs"][0]["results"].as_array().map(Vec::len),
        Some(expected.len())
    );
}

#[test]
fn fail_on_never_passes_and_summary_can_be_off() {
    let runner = Runner::new("never");
    let run = runner.run(&[
        ("paths", "fixtures/seed"),
        ("install", "path"),
        ("fail-on", "never"),
        ("summary", "false"),
        ("format", "json"),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(run.summary, "");
    assert_eq!(run.outputs, "exit-code=0\n");
    // The log holds the version line, then the JSON document.
    let json = run.stdout.split_once('\n').unwrap().1;
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        doc["findings"].as_array().map(Vec::len),
        Some(seed_findings().len())
    );
}

#[test]
fn paths_are_split_on_whitespace_and_never_globbed() {
    let runner = Runner::new("paths");
    let run = runner.run(&[
        (
            "paths",
            "fixtures/seed/docs/RELEASING.md\n  fixtures/seed/.github/workflows/release.yml ",
        ),
        ("install", "path"),
        ("fail-on", "error"),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    let files: std::collections::BTreeSet<String> = annotations(&run.stdout)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert!(
        files.contains("fixtures/seed/docs/RELEASING.md"),
        "{files:?}"
    );
    // A glob is passed on as it is: there is no such file.
    let run = runner.run(&[("paths", "fixtures/seed/*"), ("install", "path")]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert_eq!(run.outputs, "exit-code=2\n");
    assert!(run
        .stdout
        .contains("::error title=driftlint::driftlint could not check the repository (exit 2)"));
}

#[test]
fn bad_inputs_stop_before_running() {
    let runner = Runner::new("inputs");
    for (input, value, message) in [
        (
            "fail-on",
            "sometimes",
            "fail-on must be error, warning, note or never, not 'sometimes'",
        ),
        (
            "format",
            "xml",
            "format must be github, human, json, markdown or sarif, not 'xml'",
        ),
        ("summary", "yes", "summary must be true or false, not 'yes'"),
        (
            "install",
            "brew",
            "install must be source, pypi or path, not 'brew'",
        ),
    ] {
        let run = runner.run(&[(input, value), ("paths", "fixtures/seed")]);
        assert_eq!(run.code, Some(2), "{input}: {}", run.stdout);
        assert_eq!(run.stdout, format!("::error title=driftlint::{message}\n"));
        assert_eq!(run.summary, "");
    }
    // `install: path` with another version than asked for.
    let run = runner.run(&[("install", "path"), ("version", "9.9.9")]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("::error title=driftlint::expected driftlint 9.9.9, found 'driftlint "));
    assert_eq!(run.summary, "");
    // `install: path` without driftlint on PATH.
    let run = runner.run_with_path(&[("install", "path")], "/usr/bin:/bin");
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stdout,
        "::error title=driftlint::install: path, but no driftlint on PATH\n"
    );
}

/// `install: source` runs `cargo install` on the action's own checkout into the runner's temp
/// folder and puts it first on PATH; the installed version must be the expected one.
#[test]
fn install_from_source_builds_the_action_checkout() {
    let runner = Runner::new("source");
    let log = runner.temp.join("calls.log");
    runner.fake(
        "cargo",
        &format!(
            "#!/bin/sh\necho \"cargo $*\" >> '{}'\nroot=\"\"\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && ln -sf '{}' \"$root/bin/driftlint\"\n",
            log.display(),
            env!("CARGO_BIN_EXE_driftlint")
        ),
    );
    // No driftlint on PATH but the one cargo installs.
    let path = format!("{}:/usr/bin:/bin", runner.temp.join("bin").display());
    let run = runner.run_with_path(&[("paths", "fixtures/seed"), ("fail-on", "never")], &path);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(
        runner.log(),
        format!(
            "cargo install --locked --quiet --path {} --root {}\n",
            root().display(),
            runner.temp.join("driftlint-install").display()
        )
    );
    let version = format!("driftlint {}", env!("CARGO_PKG_VERSION"));
    assert!(run.stdout.contains(&format!(
        "::group::Install {version} from the action's sources\n"
    )));
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&version)),
        "{}",
        run.stdout
    );
    // Another version than the one installed stops the step.
    let run = runner.run_with_path(&[("paths", "fixtures/seed"), ("version", "9.9.9")], &path);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("::error title=driftlint::expected driftlint 9.9.9, found 'driftlint "));
}

/// `install: pypi` installs the pinned version into a fresh virtual environment.
#[test]
fn install_from_pypi_pins_the_version() {
    let runner = Runner::new("pypi");
    let log = runner.temp.join("calls.log");
    // python3 -m venv DIR makes DIR/bin/pip, which "installs" driftlint.
    let pip = format!(
        "#!/bin/sh\necho \"pip $*\" >> '{}'\nln -sf '{}' \"$(dirname \"$0\")/driftlint\"\n",
        log.display(),
        env!("CARGO_BIN_EXE_driftlint")
    );
    runner.fake(
        "python3",
        &format!(
            "#!/bin/sh\necho \"python3 $*\" >> '{}'\nmkdir -p \"$3/bin\"\ncat > \"$3/bin/pip\" <<'PIP'\n{pip}PIP\nchmod +x \"$3/bin/pip\"\n",
            log.display()
        ),
    );
    let path = format!("{}:/usr/bin:/bin", runner.temp.join("bin").display());
    let version = env!("CARGO_PKG_VERSION");
    let run = runner.run_with_path(
        &[
            ("paths", "fixtures/seed"),
            ("fail-on", "never"),
            ("install", "pypi"),
            ("version", version),
        ],
        &path,
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let venv = runner.temp.join("driftlint-venv");
    assert_eq!(
        runner.log(),
        format!(
            "python3 -m venv {}\npip install --quiet --disable-pip-version-check driftlint=={version}\n",
            venv.display()
        )
    );
}

/// action.yml passes every input to the script as an environment variable, never pastes one
/// into shell code, and the script reads each of them.
#[test]
fn action_yml_maps_each_input_to_the_script() {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let script = std::fs::read_to_string(root().join("action/run.sh")).unwrap();
    let doc = driftlint::yaml::load_str("action.yml", &text).unwrap();
    let action = doc.root.unwrap();
    let inputs: Vec<&str> = action
        .get("inputs")
        .and_then(|i| i.as_map())
        .unwrap()
        .iter()
        .filter_map(|e| e.key.as_str())
        .collect();
    assert_eq!(inputs, INPUTS);
    let runs = action.get("runs").unwrap();
    assert_eq!(
        runs.get("using").and_then(|u| u.as_str()),
        Some("composite")
    );
    let steps = runs.get("steps").and_then(|s| s.as_seq()).unwrap();
    assert_eq!(steps.len(), 1);
    let step = &steps[0];
    let run = step.get("run").and_then(|r| r.as_str()).unwrap();
    assert!(!run.contains("${{"), "{run}");
    let env: BTreeMap<&str, &str> = step
        .get("env")
        .and_then(|e| e.as_map())
        .unwrap()
        .iter()
        .filter_map(|e| Some((e.key.as_str()?, e.value.as_str()?)))
        .collect();
    for input in INPUTS {
        let name = env_name(input);
        assert_eq!(
            env.get(name.as_str()).copied(),
            Some(format!("${{{{ inputs.{input} }}}}").as_str()),
            "{input}"
        );
        assert!(
            script.contains(&format!("${{{name}")),
            "run.sh never reads {name}"
        );
    }
    assert!(Path::new(&root().join("action/run.sh")).is_file());
}

/// The action's script and the wheel test pass ShellCheck (skipped without it).
#[test]
fn scripts_pass_shellcheck() {
    let scripts = ["action/run.sh", ".ci/wheel", ".ci/run"];
    let Ok(out) = Command::new("shellcheck")
        .args(scripts)
        .current_dir(root())
        .output()
    else {
        eprintln!("skipping: shellcheck is not installed");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
