#!/usr/bin/env bash
# The relay behind a real reverse proxy: Debian's nginx running deploy/nginx's configuration (templated to
# loopback ports, a test certificate and a 3 s proxy_read_timeout) in front of `serve --simulator`.
# Tests/Proxy/proxy_tests.py says what is checked: the page, a realtime session, the client address the relay
# records from X-Forwarded-For (and forged headers not believed, through nginx or directly), idle sessions kept
# open by the relay's pings (and cut without them), and SIGTERM reaching the client through nginx as 1001.
# Needs `swift build` first (.build/debug/realtime-relay). Installs nginx (apt) and websockets (pip) when missing.
# Everything it starts is stopped when it ends; exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
export PYTHONDONTWRITEBYTECODE=1

binary=.build/debug/realtime-relay
if [ ! -x "$binary" ]; then
    echo "no $binary: run 'swift build' first"; exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

install_nginx "$sudo"
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
"$nginx_bin" -v

if ! python3 -c 'import websockets' 2>/dev/null; then
    python3 -m pip install --quiet websockets
fi
command -v openssl >/dev/null || { echo "the openssl command is needed (apt-get install openssl)"; exit 1; }

python3 Tests/Proxy/proxy_tests.py --binary "$binary" --public Public --nginx "$nginx_bin" --read-timeout 3
