#!/usr/bin/env bash
# The driftlint GitHub Action (action.yml) runs this script. It installs driftlint, checks the
# repository, writes the documentation discrepancy table to the step summary, annotates the
# findings, writes SARIF when asked, and fails the step when findings reach `fail-on`.
#
# Inputs come as environment variables (action.yml maps `inputs.*` to them, so no input is ever
# pasted into shell code):
#   DRIFTLINT_PATHS         paths to check, separated by spaces or newlines (default: .)
#   DRIFTLINT_FAIL_ON       error | warning | note | never (default: warning)
#   DRIFTLINT_FORMAT        format of the log output: github (annotations), human, json,
#                           markdown or sarif (default: github)
#   DRIFTLINT_SARIF_OUTPUT  write SARIF to this file too (default: none)
#   DRIFTLINT_SUMMARY       true | false: markdown table in the step summary (default: true)
#   DRIFTLINT_CONFIG        --config FILE (default: .driftlint.yml at each root)
#   DRIFTLINT_BASELINE      --baseline FILE (default: none)
#   DRIFTLINT_INSTALL       source | pypi | path (default: source)
#   DRIFTLINT_VERSION       the version to install from PyPI, and to expect (default: the
#                           version of the action's sources)
# and the variables GitHub sets: GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
# RUNNER_TEMP.
#
# Exit status: 0 clean, 1 findings at or above fail-on, 2 driftlint could not run.
set -euo pipefail

die() {
  echo "::error title=driftlint::$*"
  exit 2
}

action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
fail_on=${DRIFTLINT_FAIL_ON:-warning}
format=${DRIFTLINT_FORMAT:-github}
summary=${DRIFTLINT_SUMMARY:-true}
install=${DRIFTLINT_INSTALL:-source}

case $fail_on in error | warning | note | never) ;; *) die "fail-on must be error, warning, note or never, not '$fail_on'" ;; esac
case $format in github | human | json | markdown | sarif) ;; *) die "format must be github, human, json, markdown or sarif, not '$format'" ;; esac
case $summary in true | false) ;; *) die "summary must be true or false, not '$summary'" ;; esac

# The version of the action's own sources: `version = "…"` in the [package] table.
source_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_dir/Cargo.toml" 2>/dev/null | head -n 1)
version=${DRIFTLINT_VERSION:-$source_version}

case $install in
  source)
    # Builds the action's checkout, which is the commit the workflow pinned in `uses:`.
    command -v cargo >/dev/null || die "install: source needs cargo (GitHub's Ubuntu runners have it)"
    root="$tmp/driftlint-install"
    echo "::group::Install driftlint $source_version from the action's sources"
    cargo install --locked --quiet --path "$action_dir" --root "$root" || die "cargo install failed"
    echo "::endgroup::"
    export PATH="$root/bin:$PATH"
    ;;
  pypi)
    [ -n "$version" ] || die "install: pypi needs a version"
    venv="$tmp/driftlint-venv"
    echo "::group::Install driftlint $version from PyPI"
    python3 -m venv "$venv" || die "cannot create a Python virtual environment"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "driftlint==$version" || die "pip install driftlint==$version failed"
    echo "::endgroup::"
    export PATH="$venv/bin:$PATH"
    ;;
  path) command -v driftlint >/dev/null || die "install: path, but no driftlint on PATH" ;;
  *) die "install must be source, pypi or path, not '$install'" ;;
esac

installed=$(driftlint --version) || die "driftlint --version failed"
echo "$installed"
# The installed version must be the expected one: the action's (or `version`) for source and
# pypi; for path only when `version` is given.
expected=$version
[ "$install" = path ] && expected=${DRIFTLINT_VERSION:-}
if [ -n "$expected" ]; then
  case $installed in
    "driftlint $expected" | "driftlint $expected "*) ;;
    *) die "expected driftlint $expected, found '$installed'" ;;
  esac
fi

# Arguments shared by every run. Paths are split on whitespace, never glob-expanded.
args=()
set -f
for p in ${DRIFTLINT_PATHS:-.}; do
  args+=("$p")
done
set +f
[ -n "${DRIFTLINT_CONFIG:-}" ] && args+=(--config "$DRIFTLINT_CONFIG")
[ -n "${DRIFTLINT_BASELINE:-}" ] && args+=(--baseline "$DRIFTLINT_BASELINE")

# Records the exit code as a step output, says why the step failed, and exits with it.
finish() {
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "exit-code=$1" >>"$GITHUB_OUTPUT"
  case $1 in
    0) ;;
    1) echo "::error title=driftlint::findings at or above '$fail_on' (see the annotations and the step summary)" ;;
    *) echo "::error title=driftlint::driftlint could not check the repository (exit $1)" ;;
  esac
  exit "$1"
}

# The step summary and SARIF never decide the result (--fail-on never); an error (2) does.
if [ "$summary" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  table="$tmp/driftlint-summary.md"
  driftlint check "${args[@]}" --format markdown --fail-on never --output "$table" || finish 2
  cat "$table" >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${DRIFTLINT_SARIF_OUTPUT:-}" ]; then
  driftlint check "${args[@]}" --format sarif --fail-on never --output "$DRIFTLINT_SARIF_OUTPUT" || finish 2
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "sarif-file=$DRIFTLINT_SARIF_OUTPUT" >>"$GITHUB_OUTPUT"
fi

color=()
[ "$format" = human ] && color=(--color always)
status=0
driftlint check "${args[@]}" --format "$format" "${color[@]}" --fail-on "$fail_on" || status=$?
finish "$status"
