#!/usr/bin/env bash
# The voice page (Public/index.html) in a real browser: headless Chromium driven by Selenium, a fake
# microphone speaking an espeak-ng WAV, against `realtime-relay serve --simulator` (Tests/Browser/test_page.py).
# Expects the debug binary (`swift build` first; RELAY_BINARY overrides the path). Installs Chromium,
# chromedriver, espeak-ng, sox (apt) and selenium (pip) when missing. Screenshots go to reports/browser/.
# Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

binary=${RELAY_BINARY:-.build/debug/realtime-relay}
artifacts=reports/browser

if [ ! -x "$binary" ]; then
    echo "browser-tests: $binary not found; build it first (swift build)" >&2
    exit 2
fi

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
missing=()
for pair in chromium:chromium chromedriver:chromium-driver espeak-ng:espeak-ng sox:sox; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "browser-tests: installing ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver espeak-ng sox >/dev/null
fi
if ! python3 -c 'import selenium' 2>/dev/null; then
    echo "browser-tests: installing selenium"
    python3 -m pip install -q selenium 2>/dev/null || python3 -m pip install -q --break-system-packages selenium
fi

work=$(mktemp -d /tmp/browser-tests-XXXXXX)
relay=""
cleanup() {
    if [ -n "$relay" ]; then kill "$relay" 2>/dev/null || true; wait "$relay" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

log="$work/relay.log"
"$binary" serve --simulator --host 127.0.0.1 --port 0 --public Public --log-dir "$work/frames" >"$log" 2>&1 &
relay=$!
if ! port=$(wait_for_relay_port "$log"); then
    echo "browser-tests: the relay did not start:"; cat "$log"; exit 1
fi

mkdir -p "$artifacts"
echo "browser-tests: relay (simulator) on port $port; $(chromium --version 2>/dev/null | head -1)"
status=0
timeout 600 python3 Tests/Browser/test_page.py --base-url "http://127.0.0.1:$port/" --relay-binary "$binary" \
    --artifacts "$artifacts" || status=$?
if [ "$status" -ne 0 ]; then
    cp "$log" "$artifacts/relay.log" 2>/dev/null || true
    echo "--- relay log (last 40 lines; whole log in $artifacts/relay.log) ---"
    tail -40 "$log"
fi
exit "$status"
