#!/usr/bin/env python3
"""Every error and warning `driftlint check` reports on the dev set, per rule, with the facts
needed to judge them (docs/accuracy.md, "Every other error and warning, judged").

Runs `driftlint check CASE --format json --fail-on never` on each case of `shared/devset` and
prints:

- findings (errors and warnings; notes never count) per rule and per repository;
- for the rules where every instance is one checkable fact, that fact checked on each
  instance against the workflow file itself (not against driftlint's own tables):
  - unpinned-uses: the `uses:` on the finding's line is a remote action or reusable workflow
    whose ref is not a 40-hex commit SHA;
  - unpinned-images: the image on the finding's line has no `@sha256:` digest;
  - excessive-permissions (errors): the line is a top-level `permissions: write-all`;
  - secrets: the line is `secrets: inherit` under a job that calls the named workflow;
  - action-uses: the `uses:` on the line is the action@ref the message names and, with
    `--action-repos DIR` (git repositories of the actions, `DIR/<owner>+<name>/repo` or
    `DIR/<owner>+<name>`), that action's action.yml at that ref runs on the runtime the message
    names, or lacks the input it names (and the step passes it);
- with `--list RULE[,RULE]`, every instance of those rules with its workflow line (and for
  template-injection the step key holding the line and the declared type of each input the
  expression reads), for the hand check.

    bench/accuracy/devset_findings.py                        # counts + class checks
    bench/accuracy/devset_findings.py --list template-injection
    DRIFTLINT=target/release/driftlint bench/accuracy/devset_findings.py --action-repos DIR

Needs PyYAML for the template-injection details (only with --list). Without the dev set (no
`../shared` or `../../shared` beside the crate, no `$DRIFTLINT_SHARED`) it prints a message and
exits 0. Run `cargo build --release` first.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

CRATE = Path(__file__).resolve().parents[2]
SHA = re.compile(r"^[0-9a-f]{40}$")
USES = re.compile(r"""uses:\s*['"]?([^'"\s#]+)""")


def devset_dir():
    env = os.environ.get("DRIFTLINT_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [CRATE.parent / "shared", CRATE.parent.parent / "shared"]
    for c in candidates:
        if (c / "devset").is_dir():
            return c / "devset"
    return None


def run_cases(binary, devset):
    findings = []
    for case in sorted(p for p in devset.iterdir() if p.is_dir()):
        out = subprocess.run(
            [binary, "check", str(case), "--format", "json", "--fail-on", "never"],
            capture_output=True,
            text=True,
            check=False,
        )
        for f in json.loads(out.stdout)["findings"]:
            if f["severity"] == "note":
                continue
            rel = os.path.relpath(os.path.normpath(f["path"]), case)
            f["case"] = case.name
            f["file"] = rel
            f["abs"] = case / rel
            findings.append(f)
    return findings


def line_of(f, n=None):
    try:
        lines = f["abs"].read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    n = f["line"] if n is None else n
    return lines[n - 1] if 0 < n <= len(lines) else ""


def uses_on_line(f):
    m = USES.search(line_of(f))
    return m.group(1) if m else None


def check_unpinned_uses(f, _repos):
    uses = uses_on_line(f)
    if not uses or "@" not in uses:
        return False, f"no `uses: x@ref` on the line: {line_of(f).strip()!r}"
    if uses.startswith("./") or uses.startswith("docker://"):
        return False, f"local or docker uses `{uses}`"
    ref = uses.rsplit("@", 1)[1]
    if SHA.match(ref):
        return False, f"`{uses}` is pinned to a SHA"
    if f"`{uses}`" not in f["message"]:
        return False, f"message does not name `{uses}`"
    what = "reusable workflow" if "/.github/workflows/" in uses else "action"
    if re.fullmatch(r"v\d+", ref):
        kind = "a major-version tag (`v4`)"
    elif re.fullmatch(r"v?\d+(\.\d+)+", ref):
        kind = "a full version tag (`v1.2.3`)"
    else:
        kind = f"`{ref}`"
    return True, f"{what} at {kind}, not a 40-hex SHA"


def check_unpinned_images(f, _repos):
    text = line_of(f)
    m = re.search(r"""(?:image:\s*|docker://)['"]?([^'"\s#]+)""", text)
    if not m:
        return False, f"no image on the line: {text.strip()!r}"
    image = m.group(1)
    if "@sha256:" in image:
        return False, f"`{image}` has a digest"
    return True, f"`{image}` has no digest"


def check_write_all(f, _repos):
    if f["severity"] != "error":
        return None, "warning: judged by hand (--list excessive-permissions)"
    if re.match(r"^permissions:\s*write-all\s*(#.*)?$", line_of(f)):
        return True, "top-level `permissions: write-all`"
    return False, f"line is {line_of(f).strip()!r}"


def check_secrets_inherit(f, _repos):
    """The finding is on the calling job's `uses:`; its `secrets: inherit` is a sibling key."""
    uses = uses_on_line(f)
    m = re.search(r"to `([^`]+)`", f["message"])
    target = m.group(1) if m else None
    if uses != target:
        return False, f"line has `{uses}`, message says `{target}`"
    first = line_of(f)
    indent = len(first) - len(first.lstrip())
    n = f["line"]
    while True:
        n += 1
        text = line_of(f, n)
        if not text and n > f["line"] + 200:
            break
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        lead = len(text) - len(text.lstrip())
        if lead < indent:
            break
        if lead == indent and re.match(r"^\s+secrets:\s*inherit\s*(#.*)?$", text):
            return True, f"job calling `{target}` has `secrets: inherit` (line {n})"
    return False, "no `secrets: inherit` in the calling job"


def action_git(repos, action):
    owner_name = "+".join(action.split("/")[:2])
    for cand in (repos / owner_name / "repo", repos / owner_name):
        if cand.exists():
            return cand
    return None


def action_yml(repos, action, ref):
    git = action_git(repos, action)
    if git is None:
        return None
    sub = "/".join(action.split("/")[2:])
    for name in ("action.yml", "action.yaml"):
        path = f"{sub}/{name}" if sub else name
        out = subprocess.run(
            ["git", "--git-dir", str(git), "show", f"{ref}:{path}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode == 0:
            return out.stdout
    return None


def step_uses(f):
    """The `uses:` of the step holding the finding's line (the line itself or above it)."""
    for n in range(f["line"], max(f["line"] - 30, 0), -1):
        m = USES.search(line_of(f, n))
        if m:
            return m.group(1)
        if re.match(r"^\s+- ", line_of(f, n)) and n != f["line"]:
            break
    return None


def check_action_uses(f, repos):
    uses = step_uses(f)
    m = re.match(r"`([^`]+)`", f["message"])
    named = m.group(1) if m else None
    if uses != named:
        return False, f"line has `{uses}`, message names `{named}`"
    action, ref = uses.rsplit("@", 1)
    if repos is None:
        return None, f"`{uses}`: runtime/inputs not checked (no --action-repos)"
    text = action_yml(repos, action, ref)
    if text is None:
        return None, f"`{uses}`: no action.yml at `{ref}` in --action-repos"
    runtime = re.search(r"runs on `(node\d+)`", f["message"])
    if runtime:
        m = re.search(r"^\s+using:\s*['\"]?(node\d+)", text, re.M)
        actual = m.group(1) if m else None
        if actual == runtime.group(1):
            return True, f"`{uses}`: action.yml at `{ref}` says `using: {actual}`"
        return False, f"`{uses}`: action.yml at `{ref}` says `using: {actual}`"
    missing = re.search(r"has no input `([^`]+)`", f["message"])
    if missing:
        key = missing.group(1)
        section = re.search(r"^inputs:\n((?:[ #].*\n|\n)*)", text, re.M)
        declared = section and re.search(rf"^  {re.escape(key)}:", section.group(1), re.M)
        passed = bool(re.match(rf"^\s+{re.escape(key)}:", line_of(f)))
        if not declared and passed:
            return True, f"`{uses}`: action.yml at `{ref}` has no input `{key}`; the step passes it"
        return False, f"`{uses}`: declared={bool(declared)} passed={passed}"
    return None, "message of another kind: judged by hand"


CHECKS = {
    "unpinned-uses": check_unpinned_uses,
    "unpinned-images": check_unpinned_images,
    "excessive-permissions": check_write_all,
    "secrets": check_secrets_inherit,
    "action-uses": check_action_uses,
}


def short(case):
    return case.split("__")[0]


def print_counts(findings):
    rules = sorted({f["rule"] for f in findings})
    cases = sorted({f["case"] for f in findings})
    per = Counter((f["rule"], f["case"]) for f in findings)
    print("| rule | total | " + " | ".join(short(c) for c in cases) + " |")
    print("|---|---:|" + "---:|" * len(cases))
    for r in rules:
        row = [str(per[(r, c)] or "") for c in cases]
        print(f"| {r} | {sum(per[(r, c)] for c in cases)} | " + " | ".join(row) + " |")
    print(f"| all | {len(findings)} | " + " | ".join(str(sum(per[(r, c)] for r in rules)) for c in cases) + " |")


def print_checks(findings, repos):
    print()
    for rule, check in CHECKS.items():
        mine = [f for f in findings if f["rule"] == rule]
        verdicts = [(f, *check(f, repos)) for f in mine]
        ok = sum(1 for _, v, _ in verdicts if v is True)
        bad = [(f, why) for f, v, why in verdicts if v is False]
        left = [(f, why) for f, v, why in verdicts if v is None]
        print(f"{rule}: {len(mine)} findings, class fact holds on {ok}, fails on {len(bad)}, not checked {len(left)}")
        for f, why in bad:
            print(f"  FAILS {short(f['case'])} {f['file']}:{f['line']}: {why}")
        facts = Counter(why for f, v, why in verdicts if v is True and rule in ("action-uses", "unpinned-uses"))
        for why, n in sorted(facts.items()):
            print(f"  {n} x {why}")
        for f, why in left:
            if rule != "excessive-permissions":
                print(f"  unchecked {short(f['case'])} {f['file']}:{f['line']}: {why}")


def yaml_nodes():
    try:
        import yaml  # noqa: PLC0415
    except ImportError:
        return None
    return yaml


def step_key_at(root, line):
    """The mapping key whose value spans `line` (1-based), innermost first."""
    best = None

    def walk(node):
        nonlocal best
        if node.__class__.__name__ == "MappingNode":
            for k, v in node.value:
                if v.start_mark.line + 1 <= line <= v.end_mark.line + 1:
                    best = k.value
                walk(v)
        elif node.__class__.__name__ == "SequenceNode":
            for v in node.value:
                walk(v)

    walk(root)
    return best


def input_types(doc, name):
    on = doc.get("on", doc.get(True)) if isinstance(doc, dict) else None
    types = []
    if isinstance(on, dict):
        for trig in ("workflow_dispatch", "workflow_call"):
            t = on.get(trig)
            if isinstance(t, dict) and isinstance(t.get("inputs"), dict):
                spec = t["inputs"].get(name)
                if isinstance(spec, dict):
                    extra = f" {spec.get('options')}" if spec.get("type") == "choice" else ""
                    types.append(f"{trig}:{spec.get('type', 'string(default)')}{extra}")
    return types or ["undeclared here"]


# What a job does that needs a scope at `write` (a hint for the hand check: a job without any
# of these does not need the scope; one with a hint is read by hand).
NEEDS = {
    "contents": r"git push|gh release|action-gh-release|create-release|upload-release-asset|release-action|"
    r"semantic-release|release-please|git tag|createRelease|repos\.|gh-pages|peaceiris|"
    r"stefanzweifel|ad-m/github-push|push-to|benchmark-action|contents: write",
    "packages": r"ghcr\.io|docker push|push: true|packages|npm publish|GITHUB_TOKEN",
    "id-token": r"role-to-assume|workload_identity|workload-identity|azure/login|cosign|attest|"
    r"pypi-publish|id-token|oidc|OIDC|ACTIONS_ID_TOKEN",
    "pull-requests": r"createComment|pull-request|pulls\.|gh pr|sticky|comment|label|"
    r"create-pull-request|pull_request",
    "issues": r"issues\.|gh issue|create-an-issue|createComment|issue",
    "security-events": r"upload-sarif|codeql|sarif",
    "checks": r"checks\.|test-reporter|publish-unit-test|check-run|checks",
    "statuses": r"statuses|createCommitStatus|commit-status|status",
    "deployments": r"deployments|createDeployment|deployment-action|cloudflare|pages-action|gitHubToken",
}


def job_spans(root):
    """(job id, first line, last line) of every job, 1-based."""
    out = []
    if root is None or root.__class__.__name__ != "MappingNode":
        return out
    for k, v in root.value:
        if k.value == "jobs" and v.__class__.__name__ == "MappingNode":
            for jk, jv in v.value:
                has_perms = jv.__class__.__name__ == "MappingNode" and any(
                    kk.value == "permissions" for kk, _ in jv.value
                )
                out.append((jk.value, jk.start_mark.line + 1, jv.end_mark.line + 1, has_perms))
    return out


def permission_hints(f, root):
    m = re.match(r"`([a-z-]+): write`", f["message"])
    if not m or root is None:
        return ""
    scope = m.group(1)
    lines = f["abs"].read_text(encoding="utf-8").splitlines()
    parts = []
    for job, first, last, has_perms in job_spans(root):
        if has_perms:
            continue
        text = "\n".join(lines[first - 1 : last])
        hits = sorted(set(re.findall(NEEDS.get(scope, r"$^"), text)))
        parts.append(f"{job}:{'|'.join(hits) if hits else '-'}")
    return f"  [{scope}; jobs without permissions: {', '.join(parts)}]"


def print_list(findings, rules):
    yaml = yaml_nodes()
    cache = {}
    for f in findings:
        if f["rule"] not in rules:
            continue
        text = line_of(f).strip()
        extra = ""
        if f["rule"] in ("template-injection", "excessive-permissions") and yaml is not None:
            if f["abs"] not in cache:
                src = f["abs"].read_text(encoding="utf-8")
                try:
                    cache[f["abs"]] = (yaml.compose(src), yaml.safe_load(src))
                except yaml.YAMLError:
                    cache[f["abs"]] = (None, None)
            root, doc = cache[f["abs"]]
        if f["rule"] == "excessive-permissions" and yaml is not None:
            extra = permission_hints(f, root)
        if f["rule"] == "template-injection" and yaml is not None:
            m = re.match(r"`\$\{\{ (.*?) \}\}`", f["message"])
            expr = m.group(1) if m else ""
            names = re.findall(r"\binputs\.([A-Za-z0-9_-]+)", expr)
            key = step_key_at(root, f["line"]) if root is not None else None
            types = "; ".join(f"{n}={','.join(input_types(doc, n))}" for n in names)
            on_line = "expr on line" if expr and expr in line_of(f) else "EXPR NOT ON LINE"
            extra = f"  [key={key}; {on_line}; {types}]"
        print(f"{f['rule']}\t{short(f['case'])}\t{f['file']}:{f['line']}\t{f['severity']}\t{text[:140]}{extra}")
        print(f"\t{f['message'][:240]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", default="", help="rules whose instances to print, comma-separated")
    ap.add_argument("--action-repos", type=Path, help="git repositories of actions (action-uses)")
    args = ap.parse_args()
    devset = devset_dir()
    if devset is None:
        print("no shared/devset beside the crate (or $DRIFTLINT_SHARED): nothing to do")
        return 0
    binary = os.environ.get("DRIFTLINT", str(CRATE / "target" / "release" / "driftlint"))
    findings = run_cases(binary, devset)
    print_counts(findings)
    print_checks(findings, args.action_repos)
    if args.list:
        print()
        print_list(findings, set(args.list.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
