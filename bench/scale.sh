#!/usr/bin/env bash
# Scaling benchmark: time and peak RSS of driftlint on generated inputs of growing size.
#
#   bench/scale.sh                       # every input, 3 runs each, median printed
#   RUNS=5 bench/scale.sh workflows      # only the workflow-count series
#   BIN=/path/to/driftlint bench/scale.sh docs
#   DOC_KIB="256 1024" bench/scale.sh paragraph
#
# Inputs (written under $SCALE_DIR, default ${TMPDIR:-/tmp}/driftlint-scale, once):
#   workflows: repos of N = 250/500/1000/2000/5000 workflows `w<i>.yml`, each
#              `on: push: tags: ['v<i>.*']` with one job deploying to `environment: env<i%50>`;
#   docs:      repos whose RELEASING.md is 0.25/1/4 MiB of one release claim repeated
#              (a tag push deploys to production, a merge to main deploys to staging via
#              deploy.yml), beside a small deploy.yml;
#   paragraph: the same claims written one per line with no blank line between them, so each
#              size is one paragraph of thousands of sentences (per-paragraph work must be
#              linear in its sentences, not in sentences x paragraph).
# Each (input, command) pair runs RUNS times; the line printed has the median wall time, the
# median CPU time (user + system: on a shared machine wall time mostly measures waiting for
# a core) and the median peak RSS (from /usr/bin/time). A run that exceeds TIMEOUT seconds is
# reported as such, not timed.
#
# Knobs: BIN (default target/release/driftlint, built when missing), RUNS (3), SCALE_DIR,
# SIZES (workflow counts), DOC_KIB (doc sizes in KiB), TIMEOUT (120), FORMATS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$ROOT/target/release/driftlint}"
RUNS="${RUNS:-3}"
SCALE_DIR="${SCALE_DIR:-${TMPDIR:-/tmp}/driftlint-scale}"
SIZES="${SIZES:-250 500 1000 2000 5000}"
DOC_KIB="${DOC_KIB:-256 1024 4096}"
TIMEOUT="${TIMEOUT:-120}"
WHAT="${1:-all}"

if [[ ! -x "$BIN" ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "bench/scale.sh needs /usr/bin/time (GNU time) for peak RSS" >&2
    exit 2
fi

# --- generators -------------------------------------------------------------------------

# A repo of $1 workflows, each listening to its own tag pattern and deploying to one of 50
# environments.
gen_workflows() {
    local n=$1 dir="$SCALE_DIR/wf-$1"
    [[ -f "$dir/.done" ]] && return
    rm -rf "$dir"
    mkdir -p "$dir/.github/workflows"
    local i
    for ((i = 0; i < n; i++)); do
        printf 'name: w%d\non:\n  push:\n    tags: [%s]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: env%d\n    steps:\n      - run: ./deploy.sh\n' \
            "$i" "'v$i.*'" "$((i % 50))" >"$dir/.github/workflows/w$i.yml"
    done
    touch "$dir/.done"
}

# A repo whose RELEASING.md is $1 KiB of the same release claim, with the workflow it names.
gen_docs() {
    local kib=$1 style=${2:-} dir="$SCALE_DIR/docs-$1${2:+-$2}"
    [[ -f "$dir/.done" ]] && return
    rm -rf "$dir"
    mkdir -p "$dir/.github/workflows"
    cat >"$dir/.github/workflows/deploy.yml" <<'YML'
name: deploy
on:
  push:
    branches: [main]
    tags: ['v*']
jobs:
  staging:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - run: ./deploy.sh staging
  production:
    if: startsWith(github.ref, 'refs/tags/v')
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy.sh production
YML
    # The issue's claim class: a tag push deploys to production, a merge to staging.
    # ($2 = "paragraph": one claim per line, all in one paragraph.)
    local line='Push a tag `v2.4.0` to deploy to production. Merging to main deploys to staging via deploy.yml.'
    local bytes=$((kib * 1024))
    {
        echo '# Releasing'
        echo
        # One claim per paragraph, repeated until the size is reached.
        # (`yes` ends on SIGPIPE when `head` has enough: not an error here.)
        if [[ "$style" == paragraph ]]; then
            yes "$line" | head -c "$bytes" || true
        else
            yes "$line"$'\n' | head -c "$bytes" || true
        fi
    } >"$dir/RELEASING.md"
    touch "$dir/.done"
}

# --- timing -----------------------------------------------------------------------------

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print a[int((NR + 1) / 2)]}'; }

# measure LABEL CMD...: RUNS runs; prints label, median seconds, median max RSS in MB.
measure() {
    local label=$1
    shift
    local times=() cpu=() rss=() r out
    out="$(mktemp)"
    for ((r = 0; r < RUNS; r++)); do
        if ! timeout "$TIMEOUT" /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1; then
            # Exit 1 (findings) is fine; a timeout (124) is not.
            if [[ "$(tail -1 "$out")" != *" "* ]] || grep -q 'Command terminated by signal' "$out"; then
                printf '%-36s  > %ss (timeout)\n' "$label" "$TIMEOUT"
                rm -f "$out"
                return
            fi
        fi
        read -r t u s m < <(tail -1 "$out")
        times+=("$t")
        cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
        rss+=("$m")
    done
    rm -f "$out"
    printf '%-36s  wall %7.2f s  cpu %7.2f s  %7.1f MB   (%s runs)\n' "$label" \
        "$(printf '%s\n' "${times[@]}" | median)" \
        "$(printf '%s\n' "${cpu[@]}" | median)" \
        "$(printf '%s\n' "${rss[@]}" | median | awk '{print $1 / 1024}')" "$RUNS"
}

export NO_COLOR=1
mkdir -p "$SCALE_DIR"
echo "# driftlint $("$BIN" --version | awk '{print $2}') ($BIN), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "$WHAT" == all || "$WHAT" == workflows ]]; then
    for n in $SIZES; do
        gen_workflows "$n"
        d="$SCALE_DIR/wf-$n"
        measure "check human, $n workflows" "$BIN" check --fail-on never "$d"
        measure "check json, $n workflows" "$BIN" check --format json --fail-on never "$d"
        measure "report, $n workflows" "$BIN" report "$d"
    done
fi
if [[ "$WHAT" == all || "$WHAT" == docs ]]; then
    for k in $DOC_KIB; do
        gen_docs "$k"
        d="$SCALE_DIR/docs-$k"
        measure "check human, $k KiB docs" "$BIN" check --fail-on never "$d"
        measure "check json, $k KiB docs" "$BIN" check --format json --fail-on never "$d"
        measure "report, $k KiB docs" "$BIN" report "$d"
    done
fi
if [[ "$WHAT" == all || "$WHAT" == paragraph ]]; then
    for k in $DOC_KIB; do
        gen_docs "$k" paragraph
        d="$SCALE_DIR/docs-$k-paragraph"
        measure "check json, $k KiB paragraph" "$BIN" check --format json --fail-on never "$d"
        measure "check markdown, $k KiB paragraph" "$BIN" check --format markdown --fail-on never "$d"
        measure "report, $k KiB paragraph" "$BIN" report "$d"
    done
fi
