#!/usr/bin/env bash
# Benchmarks/websocket-echo/run.sh: WebSocket echo messages/s and latency of realtime-relay's
# engine (`realtime-relay ws-echo`) against nginx as a WebSocket reverse proxy, with the C echo
# upstream of the shared wsbench harness as the floor.
#
# Targets (each measured once per round, order rotated each round so that drift hits all):
#   direct  wsbench upstream (C, single-threaded epoll echo): the floor
#   nginx   nginx (1 worker) proxying to that same C upstream: 2 TCP connections per client,
#           nginx and the upstream both on the server CPU
#   ours    realtime-relay ws-echo --no-deflate: our engine as the echo endpoint (1 connection
#           per client, single-threaded)
# Load: wsbench client, throughput shape: --conns 50 --window 8 (8 messages outstanding per
# connection), TEXT messages of each size in SIZES, SECONDS per measurement after WARMUP.
# Pinning (PIN=1, needs >= 2 CPUs): every server-side process on CPU 0, the client on CPU 1.
#
# Knobs (environment):
#   REPS=3            rounds per size (each round measures every target once)
#   SECONDS=10        measured seconds per run (bash's own SECONDS is not used: the value is read
#                     from this script's initial environment; DURATION=... works too)
#   WARMUP=2          client warm-up seconds per run (not measured)
#   SIZES="6496 16384"  message sizes in bytes (6496 = the harness's 6.5 KB realtime message)
#   CONNS=50 WINDOW=8
#   TARGETS="direct nginx ours"
#   PIN=1             taskset: servers on CPU 0, client on CPU 1
#   SKIP_BUILD=0      1: do not run `swift build`; use the existing .build/release/realtime-relay
#                     (wsbench is always built, into a temp dir)
#   WSBENCH_SRC=/work/shared/bench   directory holding wsbench.c (copied and built in a temp dir)
#   UP_PORT=19201 NGINX_PORT=19202 OURS_PORT=19203
#   RESULTS_DIR=Benchmarks/websocket-echo/results  (raw JSON lines appended to DATE.jsonl)
#
# Every process this script starts is stopped by PID (TERM, then KILL after 5 s) when its
# measurement ends and from the EXIT trap. Every wait has a timeout. A server that is not running
# after a measurement (crashed) fails that run: its log is printed and kept, the run continues,
# and the script exits 1 at the end.
set -euo pipefail

# SECONDS is special in bash (elapsed time); take the caller's value from the initial environment.
ENV_SECONDS=$(tr '\0' '\n' <"/proc/$$/environ" 2>/dev/null | sed -n 's/^SECONDS=//p' | head -n1 || true)
MEASURE_SECONDS=${DURATION:-${ENV_SECONDS:-10}}
REPS=${REPS:-3}
WARMUP=${WARMUP:-2}
SIZES=${SIZES:-"6496 16384"}
CONNS=${CONNS:-50}
WINDOW=${WINDOW:-8}
TARGETS=${TARGETS:-"direct nginx ours"}
PIN=${PIN:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
WSBENCH_SRC=${WSBENCH_SRC:-/work/shared/bench}
UP_PORT=${UP_PORT:-19201}
NGINX_PORT=${NGINX_PORT:-19202}
OURS_PORT=${OURS_PORT:-19203}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
RESULTS_DIR=${RESULTS_DIR:-"$SCRIPT_DIR/results"}
BINARY="$REPO_ROOT/.build/release/realtime-relay"

log() { printf '[ws-echo-bench] %s\n' "$*" >&2; }
die() { printf '[ws-echo-bench] FAIL: %s\n' "$*" >&2; exit 1; }

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer (got '$REPS')"
[[ "$MEASURE_SECONDS" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "SECONDS must be a number (got '$MEASURE_SECONDS')"
for tool in gcc make python3 taskset; do
    command -v "$tool" >/dev/null 2>&1 || die "missing $tool"
done
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ -x "$NGINX" ]] || die "missing nginx (Debian: apt-get install -y nginx-light)"
[[ -f "$WSBENCH_SRC/wsbench.c" ]] || die "no wsbench.c in WSBENCH_SRC=$WSBENCH_SRC"
[[ -f "$WSBENCH_SRC/relays/nginx.conf.in" ]] || die "no relays/nginx.conf.in in WSBENCH_SRC=$WSBENCH_SRC"

source "$SCRIPT_DIR/../lib.sh" # is_running, stop_pid, pin_two_cpus
pin_two_cpus SERVER_PIN CLIENT_PIN
NCPU=$(nproc)

# ---------------------------------------------------------------- process handling
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ws-echo-bench.XXXXXX")
UP_PID="" NGINX_PID="" NGINX_WORKERS="" OURS_PID=""
FAILED=0
stop_servers() {
    stop_pid "$OURS_PID" realtime-relay
    OURS_PID=""
    stop_pid "$NGINX_PID" nginx
    local w
    for w in $NGINX_WORKERS; do stop_pid "$w" nginx-worker; done # normally gone with the master
    NGINX_PID="" NGINX_WORKERS=""
    stop_pid "$UP_PID" wsbench-upstream
    UP_PID=""
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_servers
    if ((rc != 0)); then
        log "kept the work directory (server logs, client outputs): $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- builds
log "building wsbench from $WSBENCH_SRC/wsbench.c in $WORK/wsbench"
mkdir -p "$WORK/wsbench"
cp "$WSBENCH_SRC/wsbench.c" "$WORK/wsbench/"
timeout 120 gcc -O2 -g -Wall -Wextra -std=gnu11 -o "$WORK/wsbench/wsbench" "$WORK/wsbench/wsbench.c" >&2 \
    || die "wsbench build failed"
WSBENCH="$WORK/wsbench/wsbench"

if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building: swift build -c release --product realtime-relay (minutes on 2 cores if not up to date)"
    (cd "$REPO_ROOT" && timeout 1800 swift build -c release --product realtime-relay >&2) \
        || die "release build failed"
fi
[[ -x "$BINARY" ]] || die "no binary at $BINARY (build it, or unset SKIP_BUILD)"

GIT_REV=$(cd "$REPO_ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(cd "$REPO_ROOT" && git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then GIT_REV="$GIT_REV+dirty"; fi
NGINX_VERSION=$("$NGINX" -v 2>&1 | sed 's#.*nginx/##')
RUN_ID="$(date -u +%Y-%m-%dT%H:%M:%SZ)-$$"

# ---------------------------------------------------------------- servers
wait_port() { # wait_port PORT SECONDS PID: until it accepts, or the process died, or the timeout
    local port=$1 secs=$2 pid=$3 i
    for ((i = 0; i < secs * 4; i++)); do
        "$WSBENCH" wait --port "$port" --timeout 0.25 2>/dev/null && return 0
        is_running "$pid" || return 1
    done
    return 1
}
port_free() { ! "$WSBENCH" wait --port "$1" --timeout 0.1 2>/dev/null; }

start_upstream() { # the C echo upstream, on the server CPU
    port_free "$UP_PORT" || { log "port $UP_PORT already in use"; return 1; }
    "${SERVER_PIN[@]}" "$WSBENCH" upstream --port "$UP_PORT" --seconds 600 2>>"$WORK/upstream.log" &
    UP_PID=$!
    wait_port "$UP_PORT" 15 "$UP_PID" || { log "upstream did not start (see $WORK/upstream.log)"; return 1; }
}
start_nginx() {
    local pre="$WORK/nginx" i
    mkdir -p "$pre"
    port_free "$NGINX_PORT" || { log "port $NGINX_PORT already in use"; return 1; }
    sed -e "s#@PREFIX@#$pre#g" -e "s#@PORT@#$NGINX_PORT#g" -e "s#@UPPORT@#$UP_PORT#g" \
        "$WSBENCH_SRC/relays/nginx.conf.in" >"$pre/nginx.conf"
    grep -q '^daemon off;' "$pre/nginx.conf" || sed -i '1i daemon off;' "$pre/nginx.conf"
    "${SERVER_PIN[@]}" "$NGINX" -p "$pre" -c "$pre/nginx.conf" -e "$pre/error.log" >>"$WORK/nginx.out" 2>&1 &
    NGINX_PID=$!
    wait_port "$NGINX_PORT" 15 "$NGINX_PID" || { log "nginx did not start (see $pre/error.log)"; return 1; }
    for i in $(seq 20); do
        NGINX_WORKERS=$(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //;s/ $//' || true)
        [[ -n "$NGINX_WORKERS" ]] && break
        sleep 0.1
    done
}
start_ours() {
    port_free "$OURS_PORT" || { log "port $OURS_PORT already in use"; return 1; }
    "${SERVER_PIN[@]}" "$BINARY" ws-echo --host 127.0.0.1 --port "$OURS_PORT" --no-deflate \
        >>"$WORK/ours-$1.log" 2>&1 &
    OURS_PID=$!
    wait_port "$OURS_PORT" 15 "$OURS_PID" || { log "realtime-relay ws-echo did not start (see $WORK/ours-$1.log)"; return 1; }
}

# ---------------------------------------------------------------- one measurement
RAW="$WORK/raw.jsonl"
: >"$RAW"
measure() { # measure TARGET SIZE ROUND
    local target=$1 size=$2 round=$3 port watch pids p tag="$1-$2-$3" alive_after=1 crashed=""
    case $target in
    direct)
        start_upstream || return 1
        port=$UP_PORT; pids="$UP_PID" ;;
    nginx)
        start_upstream || return 1
        start_nginx || return 1
        port=$NGINX_PORT; pids="$NGINX_PID $NGINX_WORKERS $UP_PID" ;;
    ours)
        start_ours "$tag" || return 1
        port=$OURS_PORT; pids="$OURS_PID" ;;
    *) die "unknown target $target" ;;
    esac
    sleep 0.3
    watch=$(echo "$pids" | tr -s ' ' ',')
    log "round $round/$REPS size $size: $target (port $port, server-side pids $watch)"
    local out="$WORK/client-$tag.jsonl"
    local client_rc=0
    timeout $((${MEASURE_SECONDS%.*} + WARMUP + 60)) "${CLIENT_PIN[@]}" "$WSBENCH" client \
        --url "ws://127.0.0.1:$port/x" --conns "$CONNS" --window "$WINDOW" --size "$size" \
        --seconds "$MEASURE_SECONDS" --warmup "$WARMUP" --label "$target|$size|$round" \
        --watch-pid "$watch" --json "$out" 2>>"$WORK/client-$tag.err" || client_rc=$?
    tail -n 1 "$WORK/client-$tag.err" >&2 || true
    for p in $pids; do is_running "$p" || alive_after=0; done
    if ((alive_after == 0)); then
        crashed="$target"
        log "!!! $target: a server-side process is not running after the measurement (crash?)"
        for f in "$WORK/ours-$tag.log" "$WORK/nginx/error.log" "$WORK/upstream.log"; do
            [[ "$target" == ours && "$f" != *ours* ]] && continue
            [[ -s "$f" ]] && { log "--- $f (last 60 lines)"; tail -n 60 "$f" >&2; }
        done
        FAILED=1
    fi
    stop_servers
    if ((client_rc != 0)) || [[ ! -s "$out" ]]; then
        log "!!! $target: client exit $client_rc, see $WORK/client-$tag.err"
        FAILED=1
    fi
    if [[ -s "$out" ]]; then
        python3 - "$out" "$RAW" "$target" "$size" "$round" "$RUN_ID" "$GIT_REV" "$crashed" "$client_rc" <<'PY'
import json, sys
src, dst, target, size, rnd, run_id, rev, crashed, rc = sys.argv[1:]
with open(src) as f, open(dst, "a") as o:
    for line in f:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        r.update({"kind": "measurement", "bench": "websocket-echo", "run": run_id, "git": rev,
                  "target": target, "size_arg": int(size), "round": int(rnd),
                  "server_alive_after": not crashed, "client_exit": int(rc)})
        o.write(json.dumps(r) + "\n")
PY
    fi
    sleep 0.5
}

# ---------------------------------------------------------------- rounds
read -r -a TLIST <<<"$TARGETS"
N=${#TLIST[@]}
log "run $RUN_ID  git $GIT_REV  nginx $NGINX_VERSION  nproc $NCPU  kernel $(uname -r)"
log "targets: ${TLIST[*]}; sizes: $SIZES; reps: $REPS; ${MEASURE_SECONDS}s (+${WARMUP}s warm-up) each; conns $CONNS window $WINDOW; pin $PIN"
log "load average before: $(cat /proc/loadavg)"
for size in $SIZES; do
    for ((round = 1; round <= REPS; round++)); do
        # rotate the order each round: direct nginx ours / nginx ours direct / ours direct nginx ...
        for ((k = 0; k < N; k++)); do
            t=${TLIST[$(((k + round - 1) % N))]}
            measure "$t" "$size" "$round" || { log "!!! $t size $size round $round: could not start"; FAILED=1; stop_servers; }
        done
    done
done
log "load average after: $(cat /proc/loadavg)"

# ---------------------------------------------------------------- results
mkdir -p "$RESULTS_DIR"
RESULTS_FILE="$RESULTS_DIR/$(date -u +%Y-%m-%d).jsonl"
SUMMARY="$WORK/summary.jsonl"
python3 - "$RAW" "$SUMMARY" "$RUN_ID" "$GIT_REV" "$NGINX_VERSION" "$NCPU" "$(uname -r)" <<'PY'
import json, statistics, sys
raw, summ, run_id, rev, nginx_v, ncpu, kernel = sys.argv[1:]
rows = [json.loads(l) for l in open(raw) if l.strip()]
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
def f(x, nd):
    return "-" if x is None else f"{x:.{nd}f}"
sizes = []
for r in rows:
    if r["size_arg"] not in sizes:
        sizes.append(r["size_arg"])
targets = [t for t in ("direct", "nginx", "ours") if any(r["target"] == t for r in rows)]
out = []
with open(summ, "w") as so:
    for size in sizes:
        g = {t: [r for r in rows if r["size_arg"] == size and r["target"] == t] for t in targets}
        msg_bytes = next((r["size"] for r in rows if r["size_arg"] == size), size)
        mps = {t: med([r["msgs_per_s"] for r in g[t]]) for t in targets}
        # per-round ratios (same round = measured minutes apart, under the same drift)
        def ratios(a, b):
            rs = []
            for rnd in sorted({r["round"] for r in g.get(a, [])}):
                ra = [r for r in g.get(a, []) if r["round"] == rnd]
                rb = [r for r in g.get(b, []) if r["round"] == rnd]
                if ra and rb and rb[0]["msgs_per_s"] > 0:
                    rs.append(ra[0]["msgs_per_s"] / rb[0]["msgs_per_s"])
            return rs
        out.append(f"\n### {size}-byte TEXT messages (actual frame payload {msg_bytes} B), conns {rows[0]['conns_target']}, window {rows[0]['window']}\n")
        out.append("| target | msgs/s (median) | msgs/s min-max | MB/s | p50 ms | p99 ms | p99 min-max | server-side CPU % | server-side CPU s/100k msgs | lost+err+failed | reps |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for t in targets:
            rs = g[t]
            if not rs:
                continue
            m = [r["msgs_per_s"] for r in rs]
            p99 = [r["p99_ms"] for r in rs]
            cpu = med([100 * r["relay_cpu_s"] / r["seconds"] if r["relay_cpu_s"] >= 0 else None for r in rs])
            cpk = med([r["relay_cpu_s_per_100k"] if r["relay_cpu_s_per_100k"] >= 0 else None for r in rs])
            bad = sum(r["lost"] + r["errors"] + r["conn_failed"] for r in rs)
            out.append(f"| {t} | {mps[t]:.0f} | {min(m):.0f}-{max(m):.0f} | {f(med([r['mb_per_s'] for r in rs]),1)} | "
                       f"{f(med([r['p50_ms'] for r in rs]),3)} | {f(med(p99),3)} | {min(p99):.2f}-{max(p99):.2f} | "
                       f"{f(cpu,0)} | {f(cpk,2)} | {bad} | {len(rs)} |")
        lines = []
        summary = {"kind": "summary", "bench": "websocket-echo", "run": run_id, "git": rev, "size_arg": size,
                   "nginx": nginx_v, "nproc": int(ncpu), "kernel": kernel,
                   "msgs_per_s_median": mps}
        for a, b in (("ours", "nginx"), ("ours", "direct"), ("nginx", "direct")):
            if a in targets and b in targets:
                rs = ratios(a, b)
                if rs:
                    summary[f"{a}/{b}"] = {"median": statistics.median(rs), "min": min(rs), "max": max(rs), "per_round": rs}
                    lines.append(f"- {a}/{b} msgs/s: **{statistics.median(rs):.2f}x** (per-round median; min {min(rs):.2f}, max {max(rs):.2f}; rounds: {', '.join(f'{x:.2f}' for x in rs)})")
        out.extend([""] + lines)
        so.write(json.dumps(summary) + "\n")
print("\n".join(out))
PY
cat "$RAW" "$SUMMARY" >>"$RESULTS_FILE"
log "raw JSON lines appended to $RESULTS_FILE"
if ((FAILED)); then
    log "some runs failed (see above); the work directory is kept"
    exit 1
fi
