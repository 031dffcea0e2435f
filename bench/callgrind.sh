#!/bin/bash
# bench/callgrind.sh [PATTERN]: instructions of ONE steady round of "load + lint rules",
# counted by callgrind on one thread as (3 rounds - 1 round) / 2, so one-time set-up (regex
# compilation, thread pool) is left out. Prints the total and the inclusive count of the
# functions matching PATTERN (a Python regex, default `driftlint::`). Needs valgrind; ~1 min.
set -euo pipefail
cd "$(dirname "$0")/.."
PAT=${1:-driftlint::}
BIN=$(cargo bench --bench rounds --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="rounds" and m.get("executable"):
        print(m["executable"])')
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for r in 1 3; do
  ROUNDS=$r RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$T/cg$r" "$BIN" >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$T/cg$r" > "$T/a$r" 2>/dev/null
done
python3 - "$T" "$PAT" <<'PY'
import re, sys
tmp, pat = sys.argv[1], sys.argv[2]
def counts(path):
    out = {}
    for line in open(path):
        m = re.match(r'\s*([\d,]+) \([^)]*\)\s+PROGRAM TOTALS', line)
        if m:
            out['TOTAL'] = int(m.group(1).replace(',', ''))
        m = re.match(r'\s*([\d,]+) \([^)]*\)\s+\S*?:(.*?) \[', line)
        if m:
            out[m.group(2)] = int(m.group(1).replace(',', ''))
    return out
one, three = counts(tmp + '/a1'), counts(tmp + '/a3')
print(f"one round: {(three['TOTAL'] - one['TOTAL']) / 2e6:.1f}M instructions")
rows = [(k, (v - one.get(k, 0)) / 2e6) for k, v in three.items()
        if k != 'TOTAL' and re.search(pat, k) and 'closure' not in k]
for name, m in sorted(rows, key=lambda r: -r[1])[:40]:
    print(f"{m:9.1f}M  {name[:120]}")
PY
