#!/usr/bin/env bash
# Run each package's suite (all of them, even after a failure), then print one total line:
#   tests: N passed, N failed
# Each suite writes Jest-format JSON to <package>/reports/test-results.json.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
status=0
args=()
for pkg in "$@"; do
  rm -f "$pkg/reports/test-results.json"
  echo "=== $pkg ==="
  make --no-print-directory "test-$pkg"
  rc=$?
  [ "$rc" -eq 0 ] || status=1
  args+=("$pkg" "$rc")
done
node scripts/test-summary.mjs "${args[@]}" || status=1
exit "$status"
