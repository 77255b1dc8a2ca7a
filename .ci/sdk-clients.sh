#!/usr/bin/env bash
# Third-party SDK clients through the relay: the openai Python package's realtime client (as in the
# Azure quickstart, unchanged but for the URL) against `serve --simulator`. Needs `swift build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=.build/debug/realtime-relay
log=$(mktemp /tmp/relay-sdk-XXXXXX.log)
"$binary" serve --simulator --host 127.0.0.1 --port 0 --instructions "Answer briefly." >"$log" 2>&1 &
relay=$!
trap 'kill $relay 2>/dev/null || true; wait $relay 2>/dev/null || true' EXIT

port=""
for _ in $(seq 1 100); do
    port=$(grep -m1 "listening" "$log" | grep -o '127\.0\.0\.1:[0-9]*' | head -1 | cut -d: -f2 || true)
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "the relay did not start:"; cat "$log"; exit 1
fi

echo "relay on port $port; running the openai package's GA realtime client through it"
if ! python3 Tests/SDK/openai_realtime_ga.py "ws://127.0.0.1:$port/openai/v1" gpt-realtime; then
    echo "--- relay log ---"; cat "$log"; exit 1
fi
if grep -q "dummy-key-not-forwarded" "$log"; then
    echo "the client's dummy key appeared in the relay's log"; exit 1
fi
