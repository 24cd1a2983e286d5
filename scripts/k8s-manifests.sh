#!/usr/bin/env bash
# make k8s-manifests: the Kubernetes manifests as one multi-document YAML on stdout, for
# `kubectl apply -f -`: deploy/kubernetes/*.yaml in name order (the order to apply them in), with
# the images named as in docker-compose.yml, $IMAGE_REGISTRY/app-{api,front,db}:$IMAGE_TAG
# (defaults local and dev). The only substitution: every other value is in the files as applied.
# Each file starts with a "# Source:" line, which the policy check reads to name the file a
# finding is in (the line numbers stay those of the file).
set -euo pipefail
cd "$(dirname "$0")/.."
registry="${IMAGE_REGISTRY:-local}"
tag="${IMAGE_TAG:-dev}"
# Checked first: a bad value fails here rather than in the cluster, and none can act as sed syntax.
if [[ ! $registry =~ ^[A-Za-z0-9]([A-Za-z0-9._:/-]*[A-Za-z0-9])?$ ]]; then
  echo "k8s-manifests: IMAGE_REGISTRY=\"$registry\" is not a registry name (host[:port][/path])" >&2
  exit 2
fi
if [[ ! $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "k8s-manifests: IMAGE_TAG=\"$tag\" is not an image tag (letters, digits, _ . -, at most 128)" >&2
  exit 2
fi
for file in deploy/kubernetes/*.yaml; do
  printf -- '---\n# Source: %s\n' "$file"
  sed -e "s|\${IMAGE_REGISTRY}|$registry|g" -e "s|\${IMAGE_TAG}|$tag|g" "$file"
done
