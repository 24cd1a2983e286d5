#!/usr/bin/env bash
# Run each suite (all of them, even after a failure), then print one total line:
#   tests: N passed, N failed
# Each suite writes Jest-format JSON: a package's to <package>/reports/test-results.json, the code
# checks (make check) to reports/check-results.json.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
results() { if [ "$1" = check ]; then echo reports/check-results.json; else echo "$1/reports/test-results.json"; fi; }
status=0
args=()
for suite in "$@"; do
  rm -f "$(results "$suite")"
  echo "=== $suite ==="
  make --no-print-directory "test-$suite"
  rc=$?
  [ "$rc" -eq 0 ] || status=1
  args+=("$suite" "$rc" "$(results "$suite")")
done
node scripts/test-summary.mjs "${args[@]}" || status=1
exit "$status"
