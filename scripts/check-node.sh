#!/usr/bin/env bash
# The test toolchain needs Node.js 24.9 or newer (Jest loads the ESM-only NestJS 12 from CommonJS).
set -euo pipefail
v="$(node --version 2>/dev/null || true)"
IFS=. read -r major minor _ <<<"${v#v}"
if [ -z "$v" ] || [ "${major:-0}" -lt 24 ] || { [ "$major" -eq 24 ] && [ "${minor:-0}" -lt 9 ]; }; then
  echo "check-node: Node.js >= 24.9 is needed, found '${v:-none}'. Fix: install Node.js 24 LTS and put it first on PATH." >&2
  exit 1
fi
