#!/usr/bin/env bash
# The Dockerfile's runtime assumptions, proved without a Docker engine (Tests/Proxy/container_checks.py):
#   1. build the binary as the Dockerfile does: swift build -c release --static-swift-stdlib;
#   2. linkage: no Swift runtime .so, only glibc, libssl3, zlib1g and the C++ runtime (readelf, ldd);
#   3. a copy run with `env -i` (no toolchain on any path) serves the page, probes and a simulator session;
#   4. the image: a `debootstrap --variant=minbase bookworm` root with the Dockerfile's runtime stage applied
#      (its RUN, COPY, ENV, USER, WORKDIR, HEALTHCHECK, ENTRYPOINT, CMD), the relay run in it as the image's
#      non-root user: probes, page, session, HEALTHCHECK, frame logs on the volume, SIGTERM, and a wss:// upstream
#      verified against the image's own trust store.
# Environment:
#   RELAY_STATIC_BINARY=PATH   use this binary instead of building (step 1 skipped)
#   CONTAINER_CHECKS_ROOTFS=0  skip step 4 (it needs root, and Debian's archive; skipped when not root)
#   DEBIAN_MIRROR=URL          the archive for debootstrap and apt (default http://deb.debian.org/debian)
# Step 4 installs debootstrap (apt) when missing; the websockets package (pip) is installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1

step() { printf '\n==> %s\n' "$*"; }
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

binary=${RELAY_STATIC_BINARY:-}
if [ -z "$binary" ]; then
    step "static release build (as in the Dockerfile)"
    started=$(date +%s)
    swift build -c release --product realtime-relay --static-swift-stdlib
    echo "static release build took $(( $(date +%s) - started )) s"
    binary=.build/release/realtime-relay
fi

if ! python3 -c 'import websockets' 2>/dev/null; then
    python3 -m pip install --quiet websockets
fi
command -v openssl >/dev/null || { echo "the openssl command is needed (apt-get install openssl)"; exit 1; }

options=()
if [ "${CONTAINER_CHECKS_ROOTFS:-1}" = "0" ]; then
    options+=(--no-rootfs)
elif [ "$(id -u)" -ne 0 ]; then
    echo "the image check (step 4) needs root (debootstrap, mount namespaces, chroot): skipped"
    options+=(--no-rootfs)
elif ! command -v debootstrap >/dev/null 2>&1; then
    step "installing debootstrap (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -q --no-install-recommends debootstrap || { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends debootstrap; }
fi

step "runtime checks"
started=$(date +%s)
python3 Tests/Proxy/container_checks.py --binary "$binary" --public Public --dockerfile Dockerfile \
    --mirror "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" "${options[@]}"
echo "runtime checks took $(( $(date +%s) - started )) s"
