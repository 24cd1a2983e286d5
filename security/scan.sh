#!/usr/bin/env bash
# make scan: Trivy over every image the stack builds and runs (HIGH and CRITICAL vulnerabilities,
# an SBOM per image), over the Dockerfiles (misconfigurations) and over the repository (committed
# secrets), plus the policy check of the compose files, which Trivy has no checks for.
#   security/scan.sh [repository root]
# Exit 0: everything scanned, nothing to fix. 1: findings (see security/reports/summary.txt).
# 2: a scan could not run; never reported as a pass. Trivy runs from PATH, else from the image
# pinned in security/trivy.env.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "${1:-$here/..}" && pwd)"
# shellcheck source-path=SCRIPTDIR source=trivy.env
source "$here/trivy.env"
reports="$root/security/reports"
cd "$root"

mkdir -p "$reports"
rm -f "$reports"/summary.txt "$reports"/policy.txt "$reports"/trivy-*.json "$reports"/sbom-*.cdx.json
# Scanner output goes here first (the only path the scanner container may write), then to reports/.
work="$(mktemp -d "$reports/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rel="${work#"$root"/}"

fail() {
  echo "scan: $1" >&2
  echo "SCAN INCOMPLETE, NOT A PASS: $1" >"$reports/summary.txt"
  exit 2
}

install_fix="install Trivy $TRIVY_VERSION (https://trivy.dev/latest/getting-started/installation/), or give Docker access to Docker Hub, then run make scan again"
if command -v trivy >/dev/null 2>&1; then
  scanner="trivy $(trivy --version 2>/dev/null | sed -n 's/^Version: //p' | head -n1) from PATH (pinned: $TRIVY_VERSION)"
  run_trivy() { trivy "$@"; }
else
  command -v docker >/dev/null 2>&1 || fail "no scanner: trivy is not on PATH and docker is not installed. Fix: $install_fix."
  if ! docker image inspect "$TRIVY_IMAGE" >/dev/null 2>&1; then
    pull_log="$(docker pull "$TRIVY_IMAGE" 2>&1)" ||
      fail "no scanner: trivy is not on PATH and the image $TRIVY_IMAGE could not be pulled ($(tail -n1 <<<"$pull_log")). Fix: $install_fix."
  fi
  scanner="$TRIVY_IMAGE (cache volume $TRIVY_CACHE_VOLUME)"
  run_trivy() {
    # The repository read-only, with the stack's passwords (secrets/, .env) hidden from the scanner;
    # no Docker socket: images come in as `docker save` archives.
    local hide=()
    [ -d secrets ] && hide+=(--tmpfs /src/secrets)
    [ -f .env ] && hide+=(-v /dev/null:/src/.env:ro)
    docker run --rm --cap-drop ALL --cap-add DAC_OVERRIDE --security-opt no-new-privileges:true \
      -v "$TRIVY_CACHE_VOLUME:/root/.cache" -v "$root:/src:ro" "${hide[@]}" -v "$work:/src/$rel" -w /src \
      "$TRIVY_IMAGE" "$@"
  }
fi

# Runs a Trivy command; $1 names what it scans, for the message when it fails (no database, no network...).
scan() {
  local what="$1"
  shift
  run_trivy "$@" --timeout 15m 2>"$work/trivy.log" ||
    fail "trivy could not scan $what: $(grep -m1 -E 'FATAL|ERROR' "$work/trivy.log" || tail -n1 "$work/trivy.log"). Fix: Trivy downloads its vulnerability database and checks (mirror.gcr.io, ghcr.io) when its cache is empty or a day old; check this machine reaches them, then run make scan again."
}

images="$(docker compose -f docker-compose.yml config --images &&
  docker compose -f docker-compose.yml -f docker-compose.prod.yml config --images)" ||
  fail "could not list the stack's images (docker compose config --images). Fix: make config shows what is wrong."
[ -n "$images" ] || fail "docker compose config --images lists no image to scan. Fix: check docker-compose.yml."
summary_args=()
while read -r image; do
  docker image inspect "$image" >/dev/null 2>&1 || fail "image $image is not built. Fix: make build, then make scan."
  name="$(tr '/:@' '___' <<<"$image")"
  docker save -o "$work/$name.tar" "$image" || fail "docker save $image failed."
  scan "$image" image --input "$rel/$name.tar" --scanners vuln --severity HIGH,CRITICAL --list-all-pkgs \
    --format json --output "$rel/trivy-$name.json"
  scan "$image (SBOM)" convert --format cyclonedx --output "$rel/sbom-$name.cdx.json" "$rel/trivy-$name.json"
  rm -f "$work/$name.tar"
  summary_args+=(--image "$image=$reports/trivy-$name.json")
done < <(sort -u <<<"$images")

skip=(--skip-dirs '**/node_modules' --skip-dirs '**/dist' --skip-dirs '**/reports' --skip-dirs '**/coverage'
  --skip-dirs secrets --skip-dirs backups --skip-dirs .git)
# The policy fixtures break rules on purpose.
scan "the Dockerfiles" config --severity HIGH,CRITICAL "${skip[@]}" --skip-dirs security/test/fixtures \
  --format json --output "$rel/trivy-config.json" .
scan "the repository for secrets" fs --scanners secret "${skip[@]}" --skip-files .env \
  --format json --output "$rel/trivy-secrets.json" .

policy_exit=0
node "$here/src/cli.ts" "$root" >"$work/policy.txt" 2>&1 || policy_exit=$?
[ "$policy_exit" -le 1 ] || fail "the policy check could not run: $(tail -n1 "$work/policy.txt")"

cp "$work"/*.json "$work/policy.txt" "$reports/"
summary_exit=0
node "$here/src/summary.ts" --out "$reports/summary.txt" --scanner "$scanner" "${summary_args[@]}" \
  --config "$reports/trivy-config.json" --secrets "$reports/trivy-secrets.json" \
  --policy "$reports/policy.txt" --policy-exit "$policy_exit" || summary_exit=$?
[ "$summary_exit" -le 1 ] || fail "the scan reports could not be read (see above)."
exit "$summary_exit"
