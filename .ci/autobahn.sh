#!/usr/bin/env bash
# Autobahn TestSuite (PyPI `kosoku`) against our WebSocket engine in both roles:
#   server role: kosoku's fuzzing client  -> `realtime-relay ws-echo`
#   client role: `realtime-relay ws-echo-client` -> kosoku's fuzzing server
# Prints the per-category results and exits non-zero if any case is FAILED.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.build/debug/realtime-relay}
OUT=${OUT:-reports/autobahn}
PYTHON=${PYTHON:-python3}
SERVER_PORT=${SERVER_PORT:-19001}
CLIENT_PORT=${CLIENT_PORT:-19002}

step() { printf '\n==> %s\n' "$*" >&2; }
pids=()
# Each role runs in a subshell: stop its children (testee, suite) too.
cleanup() { for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

command -v kosoku >/dev/null || "$PYTHON" -m pip install -q kosoku
[ -x "$BIN" ] || { echo "build first: swift build ($BIN is missing)" >&2; exit 2; }
rm -rf "$OUT" && mkdir -p "$OUT"

wait_for_port() {  # host port seconds
    "$PYTHON" - "$@" <<'PY'
import socket, sys, time
host, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.time() + limit
while time.time() < deadline:
    try:
        socket.create_connection((host, port), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(f"nothing listens on {host}:{port} after {limit} s")
PY
}

# The two roles run at the same time: the suite (Python) is the bottleneck, one core each.
server_role() {
    "$BIN" ws-echo --port "$SERVER_PORT" > "$OUT/ws-echo.log" 2>&1 &
    local echo_pid=$!
    wait_for_port 127.0.0.1 "$SERVER_PORT" 20
    timeout 1500 kosoku -m fuzzingclient "127.0.0.1:$SERVER_PORT" -p 2 -o "$OUT/servers" > "$OUT/fuzzingclient.log" 2>&1 || true
    kill "$echo_pid" 2>/dev/null || true
}
client_role() {
    kosoku -m fuzzingserver "127.0.0.1:$CLIENT_PORT" -o "$OUT/clients" > "$OUT/fuzzingserver.log" 2>&1 &
    local server_pid=$!
    wait_for_port 127.0.0.1 "$CLIENT_PORT" 30
    timeout 1500 "$BIN" ws-echo-client "ws://127.0.0.1:$CLIENT_PORT" > "$OUT/ws-echo-client.log" 2>&1 \
        || echo "ws-echo-client exited with $?" >&2
    # The fuzzing server writes its reports and exits after /updateReports.
    timeout 120 tail --pid="$server_pid" -f /dev/null || kill "$server_pid" 2>/dev/null || true
}

step "server role: kosoku fuzzingclient -> realtime-relay ws-echo :$SERVER_PORT (in the background)"
server_role &
pids+=($!)
step "client role: realtime-relay ws-echo-client -> kosoku fuzzingserver :$CLIENT_PORT"
client_role &
pids+=($!)
# Progress every 30 s while either role runs (the suite writes its server-role reports only at the end).
last=""
while kill -0 "${pids[@]}" 2>/dev/null; do
    sleep 30
    line="client role: $(tail -n 1 "$OUT/ws-echo-client.log" 2>/dev/null | cut -c26-90)"
    [ "$line" != "$last" ] && printf '  %s\n' "$line" >&2
    last=$line
done
wait || true
tail -n 2 "$OUT/fuzzingclient.log" "$OUT/fuzzingserver.log" >&2

step "results"
"$PYTHON" .ci/autobahn_summary.py "$OUT/servers/index.json" "$OUT/clients/index.json"
