#!/usr/bin/env python3
"""Lint depth measured on actionlint's own test data.

For every `err/`, `examples/` and `projects/` case of
`shared/corpus/actionlint/testdata` that has a `.out` file, reads the error lines actionlint
expects (`path:line:col: message [kind]`, or a `/regex/` line of the same shape), leaves out
the `pyflakes` ones, runs `driftlint check --format json` on the case and counts, per kind,
the expected lines on which driftlint reports an error or a warning at the same line of the
same file. It also counts driftlint's errors and warnings on the `ok/` cases (should be 0).

    bench/accuracy/actionlint.py                 # table (markdown) on stdout
    bench/accuracy/actionlint.py --misses        # also every expected line driftlint missed
    bench/accuracy/actionlint.py --ok-findings   # also every error/warning on ok/ cases
    DRIFTLINT=path/to/driftlint bench/accuracy/actionlint.py

Without the corpus (no `../shared` or `../../shared` beside the crate, and no
`$DRIFTLINT_SHARED`) it prints a message and exits 0. Run `cargo build --release` first.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent.parent
SKIPPED_KINDS = {"pyflakes"}
# `test.yaml:11:19: message [kind]`; a regex line is `/test\.yaml:3:35: ... \[kind\]/`.
PLAIN = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): .*\[(?P<kind>[a-z0-9-]+)\]$")
REGEX = re.compile(
    r"^/(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*?)"
    r"(?: \\\[\(?(?P<kind>[a-z0-9|-]+)\)?\\\])?/$"
)
# Regex lines without a kind: the kind of actionlint's message.
KIND_OF_MESSAGE = [
    (re.compile(r"^label .* is unknown"), "runner-label"),
    (re.compile(r"^property .* is not defined in object type"), "expression"),
]


def shared_dir():
    env = os.environ.get("DRIFTLINT_SHARED")
    candidates = [Path(env)] if env else [CRATE.parent / "shared", CRATE.parent.parent / "shared"]
    for c in candidates:
        if (c / "corpus" / "actionlint" / "testdata").is_dir():
            return c / "corpus" / "actionlint" / "testdata"
    return None


def expected_lines(out_file):
    """(path, line, kind) of every expected error, pyflakes left out."""
    rows = []
    for raw in out_file.read_text(encoding="utf-8").splitlines():
        raw = raw.strip()
        if not raw:
            continue
        m = REGEX.match(raw) or PLAIN.match(raw)
        if not m:
            # e.g. `/{string => string}/`: no file and line to compare with.
            print(f"note: {out_file}: left out (no position): {raw}", file=sys.stderr)
            continue
        path = m.group("path").replace("\\", "")
        kind = m.group("kind")
        if kind is None:
            msg = m.groupdict().get("msg") or ""
            kind = next((k for r, k in KIND_OF_MESSAGE if r.search(msg)), None)
            if kind is None:
                print(f"warning: {out_file}: no kind: {raw}", file=sys.stderr)
                continue
        # `(expression|workflow-call)`: either kind is right; counted under the last.
        kind = kind.split("|")[-1]
        if kind in SKIPPED_KINDS:
            continue
        rows.append((path, int(m.group("line")), kind))
    return rows


# The opt-in `shellcheck` rule is turned on (actionlint runs ShellCheck when it is installed).
CONFIG = CRATE / "bench" / "accuracy" / "actionlint.driftlint.yml"


def runner_labels(project):
    """`self-hosted-runner.labels` of a project's actionlint.yaml (a flow list), or None."""
    for name in ("actionlint.yaml", "actionlint.yml", ".github/actionlint.yaml"):
        f = project / name
        if f.is_file():
            m = re.search(r"self-hosted-runner:\s*\n\s+labels:\s*\[(.*?)\]", f.read_text(encoding="utf-8"))
            if m:
                return [x.strip().strip("'\"") for x in m.group(1).split(",") if x.strip()]
    return None


def config_for(cwd):
    """The bench config; a project that gives actionlint its runner labels gives them to
    driftlint too (`runner-labels`), in a temporary copy."""
    labels = runner_labels(Path(cwd))
    if labels is None:
        return str(CONFIG), None
    tmp = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
    text = CONFIG.read_text(encoding="utf-8").replace(
        "runner-labels: []", "runner-labels: [" + ", ".join(json.dumps(l) for l in labels) + "]")
    tmp.write(text)
    tmp.close()
    return tmp.name, tmp.name


def run_driftlint(binary, cwd, target):
    """Findings of one run as (path relative to cwd, line, severity, rule, message)."""
    config, tmp = config_for(cwd)
    proc = subprocess.run(
        [str(binary), "check", "--format", "json", "--fail-on", "never",
         "--config", config, target],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if tmp:
        os.unlink(tmp)
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(f"warning: no JSON from driftlint on {cwd}/{target}: {proc.stderr.strip()}",
              file=sys.stderr)
        return []
    return [
        (f["path"], f["line"], f["severity"], f["rule"], f["message"])
        for f in doc.get("findings", [])
    ]


def cases(testdata):
    """(label, cwd, target, path-in-.out → path-in-findings, .out file) per case."""
    for group in ("err", "examples"):
        for yaml in sorted((testdata / group).glob("*.yaml")):
            out = yaml.with_suffix(".out")
            if out.is_file():
                name = yaml.name
                yield f"{group}/{name}", yaml.parent, name, (lambda p, n=name: n), out
    for project in sorted(p for p in (testdata / "projects").iterdir() if p.is_dir()):
        out = project.with_name(project.name + ".out")
        if out.is_file():
            yield f"projects/{project.name}", project, ".", (lambda p: p), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", action="store_true", help="list expected lines not reported")
    ap.add_argument("--ok-findings", action="store_true", help="list findings on ok/ cases")
    args = ap.parse_args()

    testdata = shared_dir()
    if testdata is None:
        print("actionlint test data not found (../shared/corpus/actionlint/testdata): skipped")
        return 0
    binary = Path(os.environ.get("DRIFTLINT", CRATE / "target" / "release" / "driftlint"))
    if not binary.is_file():
        print(f"{binary} not found: run `cargo build --release` first", file=sys.stderr)
        return 2

    total = defaultdict(int)
    hit = defaultdict(int)
    misses = []
    for label, cwd, target, rename, out in cases(testdata):
        reported = {
            (path, line)
            for path, line, severity, _, _ in run_driftlint(binary, cwd, target)
            if severity in ("error", "warning")
        }
        for path, line, kind in expected_lines(out):
            total[kind] += 1
            if (rename(path), line) in reported:
                hit[kind] += 1
            else:
                misses.append(f"{label}: {path}:{line} [{kind}]")

    ok_findings = []
    for yaml in sorted((testdata / "ok").glob("*.yaml")):
        for path, line, severity, rule, message in run_driftlint(binary, yaml.parent, yaml.name):
            if severity in ("error", "warning"):
                ok_findings.append(f"ok/{path}:{line}: {severity} {rule}: {message}")

    print("| kind | expected lines | reported by driftlint | share |")
    print("|---|---:|---:|---:|")
    for kind in sorted(total, key=lambda k: (-total[k], k)):
        share = 100.0 * hit[kind] / total[kind]
        print(f"| {kind} | {total[kind]} | {hit[kind]} | {share:.1f} % |")
    all_total, all_hit = sum(total.values()), sum(hit.values())
    share = 100.0 * all_hit / all_total if all_total else 0.0
    print(f"| **all** | **{all_total}** | **{all_hit}** | **{share:.1f} %** |")
    print()
    print(f"Errors and warnings on ok/ cases: {len(ok_findings)}")
    if args.misses:
        print("\nMissed:")
        print("\n".join(misses))
    if args.ok_findings:
        print("\nOn ok/ cases:")
        print("\n".join(ok_findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
