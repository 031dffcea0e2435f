#!/usr/bin/env python3
"""How many of zizmor's findings driftlint's security rules also make.

For every zizmor finding of an audit we have a rule for, a *match* is a driftlint finding of
the mapped rule in the same file on a line inside zizmor's primary location. The script
prints, per audit, zizmor's count, the matches and the share, on two inputs:

  * zizmor's own workflow test inputs (shared/corpus/zizmor, MANIFEST kind `workflow`);
  * the real repositories of shared/corpus/realworld (findings in workflow files).

zizmor runs as `zizmor --offline --no-config --format json`; its output is cached under
bench/accuracy/.cache/ (gitignored), keyed by zizmor's version and the input's contents.
driftlint is target/release/driftlint (build it first) or $DRIFTLINT, run with
`check --config` of a file holding DRIFTLINT_CONFIG (below) so that both tools are set up
alike: zizmor's default policy (since 1.20) wants every action pinned to a SHA, and it
reports low-confidence findings, which driftlint's default persona leaves out.

A zizmor finding may have several primary locations (use-trusted-publishing names the step
and the credential input); a driftlint finding on a line inside any of them is a match.

Without shared/ or without zizmor the script says so and exits 0.

    python3 bench/accuracy/zizmor.py                  # the table
    python3 bench/accuracy/zizmor.py --misses template-injection   # what we miss
    python3 bench/accuracy/zizmor.py --extra template-injection    # what only we report
    python3 bench/accuracy/zizmor.py --extra all       # the same for every security rule
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRATE = HERE.parent.parent
CACHE = HERE / ".cache"
WANTED_ZIZMOR = "1.32.0"

# zizmor audit -> the driftlint rule(s) that cover it.
AUDITS = {
    "template-injection": ["template-injection"],
    "unpinned-uses": ["unpinned-uses"],
    "unpinned-images": ["unpinned-images"],
    "artipacked": ["credential-persistence"],
    "excessive-permissions": ["excessive-permissions"],
    "cache-poisoning": ["cache-poisoning"],
    "dangerous-triggers": ["dangerous-trigger"],
    "secrets-inherit": ["secrets"],
    "overprovisioned-secrets": ["secrets"],
    "secrets-outside-env": ["secrets"],
    "hardcoded-container-credentials": ["secrets"],
    "github-env": ["env-file-injection"],
    "github-app": ["github-app"],
    "insecure-commands": ["insecure-commands"],
    "unsound-condition": ["unsound-condition"],
    "unsound-contains": ["unsound-contains"],
    "bot-conditions": ["bot-conditions"],
    "self-hosted-runner": ["self-hosted-runner"],
    "use-trusted-publishing": ["use-trusted-publishing"],
    "archived-uses": ["archived-uses"],
    "obfuscation": ["obfuscation"],
}


# What the comparison configures driftlint with: zizmor's defaults, not driftlint's.
DRIFTLINT_CONFIG = """\
security:
  persona: pedantic
  pinning:
    first-party: sha
    default: sha
"""


def shared_dir(explicit: str | None) -> Path | None:
    candidates = []
    if explicit:
        candidates.append(Path(explicit))
    if os.environ.get("DRIFTLINT_SHARED"):
        candidates.append(Path(os.environ["DRIFTLINT_SHARED"]))
    candidates += [CRATE.parent / "shared", CRATE.parent.parent / "shared"]
    for c in candidates:
        if (c / "corpus").is_dir():
            return c.resolve()
    return None


def zizmor_version(exe: str) -> str:
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return out.stdout.strip().split()[-1] if out.stdout.strip() else "unknown"


def digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()[:24]


def run_zizmor(exe: str, version: str, target: Path, files: list[Path]) -> list[dict] | None:
    """zizmor's findings on `target` (a file or a directory), cached; None when it fails."""
    key = digest(files) + "-" + version
    cached = CACHE / f"{key}.json"
    if cached.exists():
        data = json.loads(cached.read_text())
        return None if data == {"failed": True} else data
    proc = subprocess.run(
        [exe, "--offline", "--no-config", "--format", "json", str(target)],
        capture_output=True,
        text=True,
    )
    try:
        data = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        data = None
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(json.dumps({"failed": True} if data is None else data))
    tmp.replace(cached)
    return data


def primary(finding: dict) -> tuple[str, list[tuple[int, int]]] | None:
    """(absolute path, [(first line, last line), ...]), 1-based, of the primary locations."""
    path = None
    spans = []
    for loc in finding.get("locations", []):
        if loc.get("symbolic", {}).get("kind") != "Primary":
            continue
        key = loc["symbolic"].get("key", {}).get("Local", {})
        p = key.get("verbatim_path") or key.get("given_path")
        if not p:
            continue
        if path is None:
            path = str(Path(p).resolve())
        c = loc["concrete"]["location"]
        spans.append((c["start_point"]["row"] + 1, c["end_point"]["row"] + 1))
    return (path, spans) if path else None


def zizmor_findings(exe: str, version: str, targets: list[tuple[Path, list[Path]]]):
    """Primary locations per audit over every target; a directory whose run fails is
    retried file by file (one file zizmor cannot model stops the whole run)."""
    out: list[tuple[str, str, list[tuple[int, int]]]] = []
    failed: list[Path] = []

    def one(target_files):
        target, files = target_files
        data = run_zizmor(exe, version, target, files)
        if data is None and target.is_dir():
            results = []
            for f in files:
                d = run_zizmor(exe, version, f, [f])
                if d is None:
                    failed.append(f)
                else:
                    results.extend(d)
            return results
        if data is None:
            failed.append(target)
            return []
        return data

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for data in pool.map(one, targets):
            for f in data:
                if f.get("ignored") or f.get("ident") not in AUDITS:
                    continue
                loc = primary(f)
                if loc:
                    out.append((f["ident"], *loc))
    return out, failed


def driftlint_findings(exe: Path, roots: list[Path]) -> list[dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", prefix="driftlint-zizmor-") as cfg:
        cfg.write(DRIFTLINT_CONFIG)
        cfg.flush()
        proc = subprocess.run(
            [str(exe), "check", "--format", "json", "--fail-on", "never", "--config", cfg.name,
             *map(str, roots)],
            capture_output=True,
            text=True,
            cwd=CRATE,
        )
    if not proc.stdout.strip():
        sys.exit(f"driftlint produced no output: {proc.stderr.strip()[:500]}")
    found = json.loads(proc.stdout)["findings"]
    for f in found:
        f["abs"] = str((CRATE / f["path"]).resolve())
    return found


def workflow_files(repo: Path) -> list[Path]:
    wf = repo / ".github" / "workflows"
    if not wf.is_dir():
        return []
    return sorted(p for p in wf.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def measure(zfind, dfind, only_files: set[str] | None):
    by_file = defaultdict(list)
    for f in dfind:
        by_file[(f["abs"], f["rule"])].append(f["line"])
    rows = defaultdict(lambda: [0, 0])
    misses = defaultdict(list)
    for audit, path, spans in zfind:
        if only_files is not None and path not in only_files:
            continue
        hit = any(
            start <= line <= end
            for start, end in spans
            for rule in AUDITS[audit]
            for line in by_file[(path, rule)]
        )
        rows[audit][0] += 1
        rows[audit][1] += hit
        if not hit:
            misses[audit].append((path, spans[0][0], spans[-1][1]))
    return rows, misses


SECURITY_RULES = sorted({r for rules in AUDITS.values() for r in rules})


def extras(zfind, dfind, rule: str):
    """driftlint findings of `rule` (every security rule for `all`) on no line of a zizmor
    finding of an audit mapped to that rule."""
    out = []
    for one in SECURITY_RULES if rule == "all" else [rule]:
        audits = [a for a, rules in AUDITS.items() if one in rules]
        spans = defaultdict(list)
        for audit, path, found in zfind:
            if audit in audits:
                spans[path].extend(found)
        out += [
            f
            for f in dfind
            if f["rule"] == one and not any(s <= f["line"] <= e for s, e in spans[f["abs"]])
        ]
    return out


def table(title: str, rows) -> str:
    lines = [f"### {title}", "", "| zizmor audit | driftlint rule | zizmor findings | matched | share |",
             "| --- | --- | --: | --: | --: |"]
    total = [0, 0]
    for audit in sorted(rows, key=lambda a: (-rows[a][0], a)):
        n, hit = rows[audit]
        total[0] += n
        total[1] += hit
        lines.append(
            f"| {audit} | {', '.join(AUDITS[audit])} | {n} | {hit} | {100 * hit / n:.0f} % |"
        )
    if total[0]:
        lines.append(
            f"| **all** | | **{total[0]}** | **{total[1]}** | **{100 * total[1] / total[0]:.0f} %** |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="the shared/ folder (default: ../shared or ../../shared)")
    ap.add_argument("--zizmor", default=os.environ.get("ZIZMOR", "zizmor"))
    ap.add_argument("--driftlint", default=os.environ.get("DRIFTLINT", str(CRATE / "target/release/driftlint")))
    ap.add_argument("--misses", metavar="AUDIT", help="list zizmor findings of AUDIT we miss")
    ap.add_argument("--extra", metavar="RULE", help="list driftlint findings of RULE (or all) zizmor does not make")
    ap.add_argument("--corpus", choices=["zizmor", "realworld", "both"], default="both")
    args = ap.parse_args()

    shared = shared_dir(args.shared)
    if shared is None:
        print("skipped: no shared/corpus folder (give --shared or DRIFTLINT_SHARED)")
        return 0
    exe = shutil.which(args.zizmor)
    if exe is None:
        print(f"skipped: zizmor not found (pip install zizmor=={WANTED_ZIZMOR})")
        return 0
    version = zizmor_version(exe)
    if version != WANTED_ZIZMOR:
        print(f"note: zizmor {version}, the figures in docs/accuracy.md are for {WANTED_ZIZMOR}")
    driftlint = Path(args.driftlint)
    if not driftlint.exists():
        print(f"error: {driftlint} not found (cargo build --release)")
        return 2

    results = []
    with tempfile.TemporaryDirectory(prefix="driftlint-zizmor-") as tmp:
        if args.corpus in ("zizmor", "both"):
            zdir = shared / "corpus" / "zizmor"
            manifest = (zdir / "MANIFEST.tsv").read_text().splitlines()[1:]
            files = [zdir / row.split("\t")[0] for row in manifest if row.split("\t")[2:3] == ["workflow"]]
            # driftlint reads workflows from .github/workflows: one repository holds a copy
            # of each input, named after its index; findings are mapped back.
            repo = Path(tmp) / "zizmor-inputs"
            wf = repo / ".github" / "workflows"
            wf.mkdir(parents=True)
            back = {}
            for i, f in enumerate(files):
                copy = wf / f"{i:03}-{f.name}"
                shutil.copyfile(f, copy)
                back[str(copy.resolve())] = str(f.resolve())
            zf, failed = zizmor_findings(exe, version, [(f, [f]) for f in files])
            df = driftlint_findings(driftlint, [repo])
            for f in df:
                f["abs"] = back.get(f["abs"], f["abs"])
            results.append(("zizmor's workflow test inputs", zf, df, None, failed))
        if args.corpus in ("realworld", "both"):
            rw = shared / "corpus" / "realworld"
            repos = sorted(p for p in rw.iterdir() if p.is_dir())
            targets = [(r, workflow_files(r)) for r in repos if workflow_files(r)]
            zf, failed = zizmor_findings(exe, version, targets)
            only = {str(p.resolve()) for _, fs in targets for p in fs}
            df = driftlint_findings(driftlint, [r for r, _ in targets])
            results.append(("realworld (workflow files)", zf, df, only, failed))

    combined = defaultdict(lambda: [0, 0])
    for title, zf, df, only, failed in results:
        rows, misses = measure(zf, df, only)
        print(table(title, rows))
        if failed:
            print(f"\nzizmor could not audit {len(failed)} file(s): "
                  + ", ".join(str(p.relative_to(shared)) for p in failed[:5]))
        print()
        for a, (n, hit) in rows.items():
            combined[a][0] += n
            combined[a][1] += hit
        if args.misses:
            for path, s, e in misses.get(args.misses, []):
                print(f"miss {args.misses} {Path(path).relative_to(shared)}:{s}-{e}")
        if args.extra:
            for f in extras(zf, df, args.extra):
                print(f"extra {f['rule']} {f['severity']}/{f.get('confidence', '-')} {Path(f['abs']).relative_to(shared) if f['abs'].startswith(str(shared)) else f['abs']}:{f['line']} {f['message'][:120]}")
    if len(results) > 1:
        print(table("both inputs", combined))
    return 0


if __name__ == "__main__":
    sys.exit(main())
