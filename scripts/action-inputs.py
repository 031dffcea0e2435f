#!/usr/bin/env python3
"""Regenerate rules/action-inputs.yml from popular actions' own action.yml files.

For every action in ACTIONS and every major version it has released (a `vN` tag, else the
highest `vN.x.y` tag, else a `release/vN` branch), reads `action.yml` (or `action.yaml`) at
that ref from a local git clone of the action's repository and records its runtime
(`runs.using`) and inputs (required without a default, deprecation message). The check
`action-uses` reads the table; nothing here touches the network.

    scripts/action-inputs.py --mirror /path/to/mirrors     # clones at <mirror>/<owner>+<repo>/repo
    scripts/action-inputs.py --repo actions/checkout=/path/to/checkout.git ...
    scripts/action-inputs.py --check                      # exit 1 when the file would change

A clone can be bare. Actions whose clone is missing keep their entries from the current file
(said on stderr), so a partial set of clones never drops facts.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml  # PyYAML: only this developer script reads the actions' YAML with it

CRATE = Path(__file__).resolve().parent.parent
OUT = CRATE / "rules" / "action-inputs.yml"

# The actions most used by the workflows of shared/corpus/realworld (`uses:` counts, 2026-12),
# as `owner/repo` or `owner/repo/path`.
ACTIONS = [
    "actions/checkout",
    "actions/upload-artifact",
    "actions/download-artifact",
    "actions/setup-node",
    "actions/setup-python",
    "astral-sh/setup-uv",
    "actions/setup-go",
    "actions/github-script",
    "Swatinem/rust-cache",
    "actions/cache",
    "actions/cache/restore",
    "actions/cache/save",
    "docker/setup-buildx-action",
    "docker/login-action",
    "docker/setup-qemu-action",
    "docker/build-push-action",
    "pnpm/action-setup",
    "actions/create-github-app-token",
    "codecov/codecov-action",
    "actions/setup-java",
    "softprops/action-gh-release",
    "goreleaser/goreleaser-action",
    "golangci/golangci-lint-action",
    "peter-evans/create-pull-request",
    "actions/stale",
    "dorny/paths-filter",
    "pypa/gh-action-pypi-publish",
    "docker/metadata-action",
    "github/codeql-action/init",
    "github/codeql-action/analyze",
    "github/codeql-action/autobuild",
    "github/codeql-action/upload-sarif",
    "actions/setup-dotnet",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
    "actions/attest-build-provenance",
    # Named by actionlint's own test data (its `action` cases), not by the real-world corpus.
    "rhysd/action-setup-vim",
    "reviewdog/action-actionlint",
]

SEMVER = re.compile(r"^v(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=False)


def majors(repo):
    """{major: ref} with the ref to read for each major version >= 1."""
    tags = git(repo, "tag", "--list").stdout.split()
    best = {}
    for t in tags:
        m = SEMVER.match(t)
        if not m:
            continue
        major = int(m.group(1))
        if major < 1:
            continue
        if m.group(2) is None:
            best[major] = (t, (10**9,))  # the moving `vN` tag wins
            continue
        key = (int(m.group(2)), int(m.group(3) or 0))
        if major not in best or best[major][1] < key:
            best[major] = (t, key)
    refs = {major: ref for major, (ref, _) in best.items()}
    # `uses: owner/repo@release/v1` (pypa/gh-action-pypi-publish): a branch per major.
    for line in git(repo, "for-each-ref", "--format=%(refname)", "refs/heads").stdout.split():
        m = re.match(r"^refs/heads/release/v(\d+)$", line)
        if m and int(m.group(1)) not in refs:
            refs[int(m.group(1))] = f"release/v{m.group(1)}"
    return refs


def metadata(repo, ref, path):
    """(commit, parsed action.yml, file name) at ref, or None."""
    commit = git(repo, "rev-parse", f"{ref}^{{commit}}").stdout.strip()
    if not commit:
        return None
    for name in ("action.yml", "action.yaml"):
        spec = f"{commit}:{path + '/' if path else ''}{name}"
        shown = git(repo, "show", spec)
        if shown.returncode == 0:
            try:
                return commit, yaml.safe_load(shown.stdout), name
            except yaml.YAMLError as e:
                print(f"{repo} {ref}: {name}: {e}", file=sys.stderr)
                return None
    return None


def truthy(v):
    return v is True or (isinstance(v, str) and v.strip().lower() == "true")


def entry(action, major, ref, commit, path, name, meta):
    runs = meta.get("runs") if isinstance(meta, dict) else None
    using = runs.get("using") if isinstance(runs, dict) else None
    inputs = []
    raw = meta.get("inputs") if isinstance(meta, dict) else None
    for input_name, spec in (raw or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        row = {"name": str(input_name)}
        if truthy(spec.get("required")) and "default" not in spec:
            row["required"] = True
        dep = spec.get("deprecationMessage")
        if dep is not None:
            text = " ".join(str(dep).split())
            row["deprecated"] = text[:200] or "deprecated"
        inputs.append(row)
    file_path = f"{path}/{name}" if path else name
    return {
        "action": action,
        "major": major,
        "ref": ref,
        "commit": commit,
        "source": f"{action.split('/')[0]}/{action.split('/')[1]}@{commit}:{file_path}",
        "using": str(using or ""),
        "inputs": inputs,
    }


def render(entries):
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    lines = [
        "# Inputs and runtimes of popular actions per major version, read from each action's own",
        "# action.yml at the ref named (`source` is repository@commit:file). Generated by",
        "# scripts/action-inputs.py from local clones; edit the script, not this file.",
        "# `required: true` is an input declared required without a default.",
        "actions:",
    ]
    for e in entries:
        lines += [
            f"  - action: {e['action']}",
            f"    major: {e['major']}",
            f"    ref: {q(e['ref'])}",
            f"    commit: {e['commit']}",
            f"    source: {q(e['source'])}",
            f"    using: {q(e['using'])}",
        ]
        if not e["inputs"]:
            lines.append("    inputs: []")
            continue
        lines.append("    inputs:")
        for i in e["inputs"]:
            lines.append(f"      - name: {q(i['name'])}")
            if i.get("required"):
                lines.append("        required: true")
            if "deprecated" in i:
                lines.append(f"        deprecated: {q(i['deprecated'])}")
    return "\n".join(lines) + "\n"


def current_entries():
    if not OUT.is_file():
        return []
    doc = yaml.safe_load(OUT.read_text(encoding="utf-8")) or {}
    return doc.get("actions") or []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", type=Path, help="folder with <owner>+<repo>/repo clones")
    ap.add_argument("--repo", action="append", default=[], help="owner/repo=PATH of a clone")
    ap.add_argument("--check", action="store_true", help="exit 1 when the file would change")
    args = ap.parse_args()

    clones = {}
    for spec in args.repo:
        slug, _, path = spec.partition("=")
        clones[slug.lower()] = Path(path)
    kept = current_entries()
    entries = []
    for action in ACTIONS:
        owner, repo_name, *rest = action.split("/")
        slug = f"{owner}/{repo_name}".lower()
        clone = clones.get(slug)
        if clone is None and args.mirror:
            clone = args.mirror / f"{owner}+{repo_name}" / "repo"
        if clone is None or not clone.is_dir():
            old = [e for e in kept if e.get("action") == action]
            print(f"{action}: no clone; keeping {len(old)} recorded entries", file=sys.stderr)
            entries += old
            continue
        for major, ref in sorted(majors(clone).items()):
            got = metadata(clone, ref, "/".join(rest))
            if got is None:
                continue
            commit, meta, name = got
            entries.append(entry(action, major, ref, commit, "/".join(rest), name, meta))
    text = render(entries)
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("rules/action-inputs.yml is " + ("up to date" if same else "out of date"))
        return 0 if same else 1
    tmp = OUT.with_suffix(".yml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT.relative_to(CRATE)}: {len(entries)} entries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
