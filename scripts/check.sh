#!/usr/bin/env bash
# make check: every read-only code check, each run even when one before it failed. Nothing is
# rewritten (make format does that). With --report, writes a Jest-format summary, one "test" per
# check, so that make test counts the checks with the other suites.
#   scripts/check.sh [--report FILE] [CHECK...]     (default: every check; make lint: lint shellcheck)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
report=""
if [ "${1:-}" = "--report" ]; then
  report="$2"
  shift 2
fi

selected=("$@") passed=0 failed=0 names=()
run() {
  local name="$1"
  shift
  [ "${#selected[@]}" -eq 0 ] || [[ " ${selected[*]} " == *" $name "* ]] || return 0
  echo "--- check: $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    names+=("$name")
    echo "--- check: $name FAILED"
  fi
}

# Every tracked shell script, by extension or by its #! line.
shell_scripts() {
  git ls-files -z | while IFS= read -r -d '' f; do
    case "$f" in
      *.sh) echo "$f" ;;
      *.*) ;;
      *) [ -f "$f" ] && head -c 64 "$f" | head -1 | grep -Eq '^#!.*\b(ba|da)?sh\b' && echo "$f" ;;
    esac
  done
}
shellcheck_all() {
  command -v shellcheck >/dev/null || {
    echo "shellcheck is not installed. Fix: apt-get install shellcheck (or brew install shellcheck)" >&2
    return 1
  }
  local files
  mapfile -t files < <(shell_scripts)
  shellcheck --external-sources "${files[@]}"
}

run format npx --no-install prettier --check --log-level warn .
run lint npx --no-install eslint --max-warnings 0 .
run shellcheck shellcheck_all
run types-backend npm --prefix backend run --silent typecheck
run types-frontend npm --prefix frontend run --silent typecheck
run types-security npm --prefix security run --silent typecheck
run types-e2e npm --prefix e2e run --silent typecheck
# The committed API contract matches the code, and the page's API types match the contract.
run openapi-document npm --prefix backend run --silent openapi:check
run openapi-front-types npm --prefix frontend run --silent openapi:check

echo "check: $passed passed, $failed failed${names[*]:+ (${names[*]})}"
if [ -n "$report" ]; then
  mkdir -p "$(dirname "$report")"
  printf '{"numPassedTests":%d,"numFailedTests":%d}\n' "$passed" "$failed" >"$report"
fi
[ "$failed" -eq 0 ]
