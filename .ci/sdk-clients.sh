#!/usr/bin/env bash
# Third-party SDK clients through the relay, as in the Azure quickstarts (unchanged but for the URL and a
# dummy key), against `serve --simulator`:
#   1. the openai package's GA client (AsyncOpenAI(websocket_base_url=.../openai/v1), client.realtime);
#   2. the preview quickstart's client (AsyncAzureOpenAI(azure_endpoint=..., api_version=...),
#      client.beta.realtime) with the relay's upstream on the preview protocol (OPENAI_API_VERSION).
# Needs `swift build` first and `pip install "openai[realtime]"`.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

binary=.build/debug/realtime-relay
relay=""
log=""
trap 'if [ -n "$relay" ]; then kill $relay 2>/dev/null || true; wait $relay 2>/dev/null || true; fi' EXIT

# start_relay ENV...: runs the relay on an ephemeral port with the given environment; sets $port.
start_relay() {
    log=$(mktemp /tmp/relay-sdk-XXXXXX.log)
    env "$@" "$binary" serve --simulator --host 127.0.0.1 --port 0 --instructions "Answer briefly." >"$log" 2>&1 &
    relay=$!
    if ! port=$(wait_for_relay_port "$log"); then
        echo "the relay did not start:"; cat "$log"; exit 1
    fi
}

stop_relay() {
    kill $relay; wait $relay 2>/dev/null || true
    relay=""
    if grep -q "dummy-key-not-forwarded" "$log"; then
        echo "the client's dummy key appeared in the relay's log"; exit 1
    fi
}

# run_client NAME COMMAND...: runs a client, showing the relay's log if it fails.
run_client() {
    local name=$1; shift
    echo "relay on port $port; running $name through it"
    if ! "$@"; then
        echo "--- relay log ---"; cat "$log"; exit 1
    fi
}

start_relay AZURE_OPENAI_DEPLOYMENT_NAME=gpt-realtime
run_client "the openai package's GA realtime client" \
    python3 Tests/SDK/openai_realtime_ga.py "ws://127.0.0.1:$port/openai/v1" gpt-realtime
stop_relay

start_relay AZURE_OPENAI_DEPLOYMENT_NAME=gpt-4o-realtime-preview OPENAI_API_VERSION=2025-04-01-preview
run_client "the Azure preview quickstart's client (client.beta.realtime)" \
    python3 Tests/SDK/azure_realtime_preview.py "http://127.0.0.1:$port" gpt-4o-realtime-preview
stop_relay
