#!/usr/bin/env bash
# Benchmarks/relay/run.sh: realtime-relay against nginx and an application relay, in one run, on
# loopback. One command:
#
#   Benchmarks/relay/run.sh              # the full run: every workload and peer, REPS=3 (~40 min)
#   QUICK=1 Benchmarks/relay/run.sh      # REPS=1, 5 s windows (~8 min)
#   SMOKE=1 Benchmarks/relay/run.sh      # CI: tiny loads, 1 s windows; proves the benchmark works,
#                                        # claims nothing about speed
#
# What runs: the project's C harness (Benchmarks/harness: `relaybench`) as the browser-side client
# and as the echo upstream (plain ws:// or TLS), and between them one peer at a time:
#   direct       no relay: the client talks to the echo upstream (the floor for added latency)
#   direct-tls   the same over TLS (the floor for the TLS workloads)
#   nginx        nginx, one worker, proxy_pass with Upgrade: copies bytes, never parses a frame
#   nginx-tls    the same with an https:// upstream
#   relay        realtime-relay serve --threads 1 --no-frame-log (plain upstream)
#   relay-full   ... with the frame log on, audio in full
#   relay-gzip   ... with the frame log on and --log-gzip
#   relay-tls    ... with a TLS upstream (the logging-off relay otherwise)
#   aiohttp      peers/aiohttp_relay.py: the VoiceRAG-shaped Python relay (needs `pip install aiohttp`)
#   hummingbird  a Hummingbird relay binary, only when HB_RELAY=/path/to/binary is given (it gets
#                RELAY_PORT, PORT, UPSTREAM_URL, AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY)
# Workloads (each message a 6.5 KB input_audio_buffer.append unless said; the upstream echoes):
#   realtime     200 sessions x 10 msg/s (100 ms audio chunks): CPU per message, added latency
#   throughput   50 sessions, 8 outstanding, 16 KB messages: as fast as it goes
#   idle         1,000 sessions x 1 msg/s: memory per session
#   idle5k       5,000 sessions x 0.2 msg/s, mostly idle: memory per session at scale (nginx, relay, TLS);
#                at least 10 s of warm-up, so 5,000 upstream TLS handshakes are over before the window
#   sweep        realtime rate at SWEEP_CONNS sessions, for the latency-vs-sessions plot and the capacity
# Pinning (PIN=1, 2+ CPUs): the harness (client and upstream) on CPU 0, the peer on CPU 1, so a
# peer's CPU figure is one core's work. Every measurement starts a fresh upstream and peer; peers
# alternate within a workload and the order rotates each repetition, so drift hits all of them.
#
# Output: raw JSON lines in $OUT/results.jsonl (one per measurement, the harness's keys plus
# repetition, peer, tls, log_dropped), then summarize.py writes $OUT/report.md (medians, ratios
# against nginx, the targets) and plot.py $OUT/latency-vs-sessions.png. OUT defaults to
# Benchmarks/relay/results/DATE (SMOKE: a temporary directory).
#
# Knobs (environment): REPS=3 SECONDS=10 WARMUP=2 WORKLOADS="realtime throughput idle idle5k sweep"
#   PEERS="direct direct-tls nginx nginx-tls relay relay-full relay-gzip relay-tls aiohttp [hummingbird]"
#   SWEEP_CONNS="100 200 400 800 1200 1600 2000" SWEEP_PEERS="direct nginx relay" PIN=1
#   BINARY=path (no build) SKIP_BUILD=1 PYTHON=python3 BASE_PORT=19700 OUT=dir
# Every process it starts is stopped by PID (TERM, then KILL after 5 s), also on exit; every wait
# has a timeout.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
log() { printf '[relay-bench] %s\n' "$*" >&2; }
die() { printf '[relay-bench] FAIL: %s\n' "$*" >&2; exit 1; }
source "$SCRIPT_DIR/../lib.sh" # is_running, stop_pid, pin_two_cpus

# SECONDS is bash's own clock: read the caller's value from the environment block.
ENV_SECONDS=$(tr '\0' '\n' <"/proc/$$/environ" 2>/dev/null | sed -n 's/^SECONDS=//p' | head -n1 || true)
SMOKE=${SMOKE:-0}
QUICK=${QUICK:-0}
if [[ "$SMOKE" == 1 ]]; then
    : "${REPS:=1}" "${WARMUP:=0.5}" "${SWEEP_CONNS:=10 20}"
    ENV_SECONDS=${ENV_SECONDS:-1}
elif [[ "$QUICK" == 1 ]]; then
    : "${REPS:=1}" "${WARMUP:=1}"
    ENV_SECONDS=${ENV_SECONDS:-5}
fi
MEASURE_SECONDS=${ENV_SECONDS:-10}
REPS=${REPS:-3}
WARMUP=${WARMUP:-2}
WORKLOADS=${WORKLOADS:-"realtime throughput idle idle5k sweep"}
SWEEP_CONNS=${SWEEP_CONNS:-"100 200 400 800 1200 1600 2000"}
SWEEP_PEERS=${SWEEP_PEERS:-"direct nginx relay"}
PIN=${PIN:-1}
PYTHON=${PYTHON:-python3}
BASE_PORT=${BASE_PORT:-19700}
UP_PORT=$BASE_PORT PEER_PORT=$((BASE_PORT + 1))
DEFAULT_PEERS="direct direct-tls nginx nginx-tls relay relay-full relay-gzip relay-tls aiohttp"
if [[ -n "${HB_RELAY:-}" ]]; then DEFAULT_PEERS="$DEFAULT_PEERS hummingbird"; fi
PEERS=${PEERS:-$DEFAULT_PEERS}

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer (got '$REPS')"
[[ "$MEASURE_SECONDS" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "SECONDS must be a number of seconds (got '$MEASURE_SECONDS')"
for tool in make gcc openssl curl "$PYTHON"; do
    command -v "$tool" >/dev/null 2>&1 || die "missing $tool (Debian: apt-get install -y build-essential openssl curl python3)"
done
for w in $WORKLOADS; do
    case $w in realtime | throughput | idle | idle5k | sweep) ;; *) die "unknown workload '$w' (realtime throughput idle idle5k sweep)" ;; esac
done
NGINX=""
for p in $PEERS $SWEEP_PEERS; do
    case $p in
    direct | direct-tls | relay | relay-full | relay-gzip | relay-tls) ;;
    nginx | nginx-tls)
        NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
        [[ -x "$NGINX" ]] || die "no nginx: apt-get install -y nginx-light (or leave nginx out of PEERS)"
        ;;
    aiohttp) "$PYTHON" -c 'import aiohttp' 2>/dev/null || die "no aiohttp for $PYTHON: pip install aiohttp (or leave aiohttp out of PEERS)" ;;
    hummingbird) [[ -x "${HB_RELAY:-}" ]] || die "peer hummingbird needs HB_RELAY=/path/to/the/relay/binary" ;;
    *) die "unknown peer '$p' (direct direct-tls nginx nginx-tls relay relay-full relay-gzip relay-tls aiohttp hummingbird)" ;;
    esac
done

if [[ -z "${OUT:-}" ]]; then
    if [[ "$SMOKE" == 1 ]]; then OUT=$(mktemp -d "${TMPDIR:-/tmp}/relay-bench-smoke.XXXXXX"); else OUT="$SCRIPT_DIR/results/$(date -u +%Y-%m-%d-%H%M)"; fi
fi
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/relay-bench.XXXXXX")

pin_two_cpus HARNESS_PIN PEER_PIN

# ---------------------------------------------------------------- processes
UP_PID="" PEER_PID=""
stop_servers() {
    stop_pid "$PEER_PID" "$CURRENT_PEER"
    PEER_PID=""
    stop_pid "$UP_PID" upstream
    UP_PID=""
}
CURRENT_PEER=peer
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_servers
    if ((rc != 0)); then log "kept the work directory (peer and upstream logs): $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- builds
log "building the harness (Benchmarks/harness)"
make -s -C "$REPO_ROOT/Benchmarks/harness" >"$WORK/harness-build.log" 2>&1 || { cat "$WORK/harness-build.log" >&2; die "the harness did not build"; }
BENCH="$REPO_ROOT/Benchmarks/harness/relaybench"
if [[ -z "${BINARY:-}" ]]; then
    BINARY="$REPO_ROOT/.build/release/realtime-relay"
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        log "building realtime-relay (swift build -c release; minutes on 2 cores the first time)"
        (cd "$REPO_ROOT" && swift build -c release --product realtime-relay) >"$WORK/swift-build.log" 2>&1 ||
            { tail -30 "$WORK/swift-build.log" >&2; die "swift build -c release failed"; }
    fi
fi
[[ -x "$BINARY" ]] || die "no relay binary at $BINARY (build it, or set BINARY=)"

# A throwaway CA and a certificate for localhost/127.0.0.1: the TLS upstream's, trusted by every peer.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=relay-bench CA" \
    -keyout "$WORK/ca.key" -out "$WORK/ca.pem" -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$WORK/upstream.key" -out "$WORK/upstream.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$WORK/san.ext"
openssl x509 -req -in "$WORK/upstream.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
    -extfile "$WORK/san.ext" -out "$WORK/upstream.pem" 2>/dev/null
mkdir -p "$WORK/public"

# ---------------------------------------------------------------- one measurement
is_tls() { [[ $1 == *-tls ]]; }

start_upstream() { # tls|plain
    local tls_args=()
    if [[ $1 == tls ]]; then tls_args=(--tls-cert "$WORK/upstream.pem" --tls-key "$WORK/upstream.key"); fi
    "${HARNESS_PIN[@]}" "$BENCH" upstream --host 127.0.0.1 --port "$UP_PORT" --session-created --vary-echo "${tls_args[@]}" \
        >>"$WORK/upstream.log" 2>&1 &
    UP_PID=$!
    "$BENCH" wait --host 127.0.0.1 --port "$UP_PORT" --timeout 10 || die "the echo upstream did not listen on $UP_PORT (see $WORK/upstream.log)"
}

start_peer() { # peer -> sets PEER_PID, CLIENT_URL
    local peer=$1 scheme=http ws=ws
    if is_tls "$peer"; then scheme=https ws=wss; fi
    CURRENT_PEER=$peer
    local relay_args=(serve --host 127.0.0.1 --port "$PEER_PORT" --public "$WORK/public" --threads 1 --log-level warning
        --max-sessions 100000 --max-sessions-per-client 100000 --sessions-per-minute 1000000)
    local relay_env=(env AZURE_OPENAI_ENDPOINT="$scheme://127.0.0.1:$UP_PORT" AZURE_OPENAI_API_KEY=benchmark SSL_CERT_FILE="$WORK/ca.pem")
    CLIENT_URL="ws://127.0.0.1:$PEER_PORT/realtime"
    rm -rf "$WORK/framelog"
    case $peer in
    direct | direct-tls)
        CLIENT_URL="$ws://127.0.0.1:$UP_PORT/openai/v1/realtime?model=benchmark"
        PEER_PID=""
        return 0
        ;;
    relay | relay-tls) "${relay_env[@]}" "${PEER_PIN[@]}" "$BINARY" "${relay_args[@]}" --no-frame-log >>"$WORK/$peer.log" 2>&1 & ;;
    relay-full) "${relay_env[@]}" "${PEER_PIN[@]}" "$BINARY" "${relay_args[@]}" --log-dir "$WORK/framelog" >>"$WORK/$peer.log" 2>&1 & ;;
    relay-gzip) "${relay_env[@]}" "${PEER_PIN[@]}" "$BINARY" "${relay_args[@]}" --log-dir "$WORK/framelog" --log-gzip >>"$WORK/$peer.log" 2>&1 & ;;
    nginx | nginx-tls)
        local prefix="$WORK/nginx"
        rm -rf "$prefix" && mkdir -p "$prefix"
        sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$PEER_PORT|g" -e "s|@UPSTREAM@|$scheme://127.0.0.1:$UP_PORT|g" \
            -e "s|@CA@|$WORK/ca.pem|g" "$SCRIPT_DIR/peers/nginx.conf.in" >"$prefix/nginx.conf"
        "${PEER_PIN[@]}" "$NGINX" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" >>"$WORK/$peer.log" 2>&1 &
        ;;
    aiohttp)
        env RELAY_PORT="$PEER_PORT" UPSTREAM_URL="ws://127.0.0.1:$UP_PORT/openai/realtime?api-version=2024-10-01-preview&deployment=benchmark" \
            AZURE_OPENAI_API_KEY=benchmark "${PEER_PIN[@]}" "$PYTHON" "$SCRIPT_DIR/peers/aiohttp_relay.py" >>"$WORK/$peer.log" 2>&1 &
        ;;
    hummingbird)
        env RELAY_PORT="$PEER_PORT" PORT="$PEER_PORT" UPSTREAM_URL="ws://127.0.0.1:$UP_PORT/openai/v1/realtime?model=benchmark" \
            AZURE_OPENAI_ENDPOINT="http://127.0.0.1:$UP_PORT" AZURE_OPENAI_API_KEY=benchmark \
            "${PEER_PIN[@]}" "$HB_RELAY" >>"$WORK/$peer.log" 2>&1 &
        ;;
    esac
    PEER_PID=$!
    "$BENCH" wait --host 127.0.0.1 --port "$PEER_PORT" --timeout 20 || die "$peer did not listen on $PEER_PORT (see $WORK/$peer.log)"
}

# A relay's frame-log records dropped because its writer fell behind: a result, not a failure.
log_dropped() {
    [[ $CURRENT_PEER == relay* ]] || { echo null; return; }
    curl -s --max-time 5 "http://127.0.0.1:$PEER_PORT/metrics" |
        awk '/^relay_frame_log_frames_total\{.*result="dropped"/ { n += $NF } END { print n + 0 }'
}

BAD=0
measure() { # repetition workload peer conns mode(rate|window) value size
    local rep=$1 workload=$2 peer=$3 conns=$4 mode=$5 value=$6 size=$7
    start_upstream "$(is_tls "$peer" && echo tls || echo plain)"
    start_peer "$peer"
    local pid_args=() line rc=0
    if [[ -n "$PEER_PID" ]]; then pid_args=(--pid "$PEER_PID"); fi
    local ramp=100 warmup=$WARMUP
    ((conns >= 1000)) && ramp=200
    # 5,000 sessions opening at once over TLS are 5,000 upstream handshakes, the echo upstream's RSA
    # signatures queued on the harness's core for seconds: a start-up transient, not what idle5k
    # measures (memory per session at scale). Let it pass before the window opens.
    if [[ $workload == idle5k && $SMOKE != 1 ]] && (($(printf '%.0f' "$WARMUP") < 10)); then warmup=10; fi
    "${HARNESS_PIN[@]}" "$BENCH" client --url "$CLIENT_URL" --conns "$conns" "--$mode" "$value" --size "$size" \
        --seconds "$MEASURE_SECONDS" --warmup "$warmup" --ramp "$ramp" --insecure "${pid_args[@]}" \
        --label "$peer" --workload "$workload" --json "$WORK/one.jsonl" 2>"$WORK/client.err" || rc=$?
    local dropped
    dropped=$(log_dropped)
    if [[ -n "$PEER_PID" ]] && ! is_running "$PEER_PID"; then
        log "!!! $peer died during $workload (see $WORK/$peer.log)"
        rc=1
    fi
    stop_servers
    if [[ ! -s "$WORK/one.jsonl" ]]; then
        log "!!! $workload/$peer: the client wrote no result: $(tail -3 "$WORK/client.err")"
        BAD=$((BAD + 1))
        return
    fi
    line=$(tail -n1 "$WORK/one.jsonl")
    rm -f "$WORK/one.jsonl"
    local summary
    summary=$("$PYTHON" "$SCRIPT_DIR/record.py" "$line" "$rep" "$peer" "$dropped" "$rc" 2>&1 >>"$RESULTS") ||
        die "could not record $workload/$peer: $summary"
    if ((rc != 0)); then
        log "!!! rep $rep $workload $peer ($conns sessions): client exit $rc: $summary"
        BAD=$((BAD + 1))
    else
        log "rep $rep $workload $peer ($conns sessions): $summary"
    fi
}

# The peers a workload measures, from PEERS (the sweep has its own list).
peers_for() {
    local allowed
    case $1 in
    realtime | throughput) allowed=$PEERS ;;
    idle) allowed="direct direct-tls nginx nginx-tls relay relay-tls aiohttp hummingbird" ;;
    idle5k) allowed="nginx nginx-tls relay relay-tls" ;;
    sweep) echo "$SWEEP_PEERS"; return ;;
    esac
    local p out=()
    for p in $PEERS; do [[ " $allowed " == *" $p "* ]] && out+=("$p"); done
    echo "${out[@]}"
}

rotate() { # k words... -> the words rotated left by k
    local k=$1
    shift
    local n=$#
    ((n == 0)) && return
    local words=("$@") i out=()
    for ((i = 0; i < n; i++)); do out+=("${words[$(((i + k) % n))]}"); done
    echo "${out[@]}"
}

if [[ "$SMOKE" == 1 ]]; then
    RT=(20 rate 10 6496) TP=(5 window 4 16384) IDLE=(50 rate 1 6496) IDLE5K=(200 rate 0.2 6496)
else
    RT=(200 rate 10 6496) TP=(50 window 8 16384) IDLE=(1000 rate 1 6496) IDLE5K=(5000 rate 0.2 6496)
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "results: $RESULTS (REPS=$REPS, ${MEASURE_SECONDS}s windows after ${WARMUP}s warm-up, PIN=$PIN)"
log "relay: $BINARY"
for ((rep = 1; rep <= REPS; rep++)); do
    for workload in $WORKLOADS; do
        read -r -a list <<<"$(rotate $((rep - 1)) $(peers_for "$workload"))"
        case $workload in
        realtime) for p in "${list[@]}"; do measure "$rep" realtime "$p" "${RT[@]}"; done ;;
        throughput) for p in "${list[@]}"; do measure "$rep" throughput "$p" "${TP[@]}"; done ;;
        idle) for p in "${list[@]}"; do measure "$rep" idle "$p" "${IDLE[@]}"; done ;;
        idle5k) for p in "${list[@]}"; do measure "$rep" idle5k "$p" "${IDLE5K[@]}"; done ;;
        sweep)
            for conns in $SWEEP_CONNS; do
                for p in "${list[@]}"; do measure "$rep" "sweep-$conns" "$p" "$conns" rate 10 6496; done
            done
            ;;
        esac
    done
done

log "summarizing"
"$PYTHON" "$SCRIPT_DIR/summarize.py" "$RESULTS" >"$OUT/report.md" || die "summarize.py failed"
if [[ " $WORKLOADS " == *" sweep "* ]]; then
    if "$PYTHON" -c 'import matplotlib' 2>/dev/null; then
        "$PYTHON" "$SCRIPT_DIR/plot.py" "$RESULTS" "$OUT/latency-vs-sessions.png" || die "plot.py failed"
    else
        log "no matplotlib for $PYTHON (pip install matplotlib): no plot"
    fi
fi
cat "$OUT/report.md"
log "report: $OUT/report.md"
((BAD == 0)) || die "$BAD measurement(s) failed (marked !!! above); logs in $WORK"
