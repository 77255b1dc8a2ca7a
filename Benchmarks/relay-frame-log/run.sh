#!/usr/bin/env bash
# Benchmarks/relay-frame-log/run.sh: what the frame log costs the relay. realtime-relay `serve`
# relays the shared harness's realtime-shaped WebSocket load to a C echo upstream with frame
# logging off, on (full audio), on with gzip and on with audio omitted, and nginx (a byte-copying
# WebSocket proxy) relays the same load as the external peer. All in one run, alternated.
#
# Variants (each measured once per round and workload; the order rotates each round):
#   off     serve --no-frame-log                        the baseline every ratio is taken against
#   full    serve --log-dir DIR                         (--log-audio full, the default)
#   gzip    serve --log-dir DIR --log-gzip              (audio full)
#   omit    serve --log-dir DIR --log-audio omit
#   truncate serve --log-dir DIR --log-audio truncate   (not in the default list)
#   nginx   nginx 1.22 (1 worker) with the harness's relays/nginx.conf.in: bytes only, no log
#   direct  the client talking to the upstream, no relay (not in the default list)
# Every relay variant: `realtime-relay serve --host 127.0.0.1 --port P --public EMPTY_DIR --threads N
#   --log-level warning --max-sessions/--max-sessions-per-client/--sessions-per-minute raised (all
#   sessions come from 127.0.0.1)`, with AZURE_OPENAI_ENDPOINT=http://127.0.0.1:UP
#   AZURE_OPENAI_API_KEY=dummy; the client connects to ws://127.0.0.1:P/realtime. The log dir is a
#   fresh directory on local disk under the work dir, emptied after each measurement.
#
# Workloads (wsbench client; every message is {"type":"input_audio_buffer.append","audio":"<base64>",
# "t":..,"id":..}, an allowlisted realtime client event, which the upstream echoes back):
#   realtime    --conns 200 --rate 10 --size 6496: 200 sessions x 10 appends/s of 100 ms of
#               24 kHz PCM16 (the harness's realtime shape). Fixed rate: compare CPU per message.
#   throughput  --conns 50 --window 8 --size 6496: 8 appends outstanding per session, as fast as the
#               relay goes. Compare msgs/s.
# Pinning (PIN=1, needs >= 2 CPUs), as in the shared harness: client and upstream on CPU 0, the
# relay (its event loop and its frame-log writer thread) or nginx on CPU 1.
#
# Checks per measurement (a failed one is printed with !!!, counted in "bad", and the script exits 1):
# the client's exit status, lost/errors/failed connections, that the relay (or nginx) still runs,
# the relay's /metrics 1.5 s after the run (relay_frames_refused_total = 0: the client's events were
# forwarded, not refused; no frame-log write errors), and for logging variants the files: one per
# session, and the largest one parsed line by line (session_start first and session_end last, seq
# increasing with every gap inside a frames_missing record, forwarded client_to_upstream
# input_audio_buffer.append records whose audio is full, truncated or omitted as the variant says).
# Records the log drops because its writer cannot keep up (relay_frame_log_frames_total
# {result="dropped"}) are a result, not a failure: the "log dropped" column.
# Other load: CPU time used on the machine during each client run by anything but the client, the
# upstream and the relay (from /proc/stat; rough, +-15% of a core); over 25% marks the round "*".
#
# Knobs (environment):
#   REPS=3                 rounds (each measures every variant once per workload)
#   SECONDS=10             measured seconds per run (DURATION=... works too)
#   WARMUP=2               client warm-up seconds per run (not measured)
#   WORKLOADS="realtime throughput"
#   VARIANTS="off full gzip omit nginx"   (also: truncate direct)
#   QUICK=1                REPS=1 SECONDS=3 WARMUP=1 unless those are set
#   THREADS=1              relay event-loop threads
#   RT_CONNS=200 RT_RATE=10 TP_CONNS=50 TP_WINDOW=8 SIZE=6496
#   PIN=1  SKIP_BUILD=0  BUILD_PATH=<repo>/.build (swift build --scratch-path; the binary is
#   BUILD_PATH/release/realtime-relay)  BINARY=... (use this binary, no build)
#   WSBENCH_SRC=/work/shared/bench  UP_PORT=19301 RELAY_PORT=19302 NGINX_PORT=19303
#   RESULTS_DIR=Benchmarks/relay-frame-log/results (raw JSON lines appended to DATE.jsonl)
#   KEEP_LOGS=0            1: keep each measurement's log dir in the work dir (disk: GBs)
#   DISTINCT_AUDIO=64      the client rotates this many different audio payloads and the upstream echoes
#                          the audio with its base64 characters rotated (the temp copy of wsbench.c is
#                          patched). The harness as is sends one payload and echoes it unchanged, so a
#                          session's log repeats the same audio string over and over, which deflate
#                          compresses away: --log-gzip would look far smaller and cheaper. 0: unpatched
#
# Every process this script starts is stopped by PID (TERM, then KILL after 5 s) when its
# measurement ends and from the EXIT trap. Every wait has a timeout.
set -euo pipefail

ENV_SECONDS=$(tr '\0' '\n' <"/proc/$$/environ" 2>/dev/null | sed -n 's/^SECONDS=//p' | head -n1 || true)
if [[ "${QUICK:-0}" == 1 ]]; then
    : "${REPS:=1}" "${WARMUP:=1}"
    ENV_SECONDS=${ENV_SECONDS:-3}
fi
MEASURE_SECONDS=${DURATION:-${ENV_SECONDS:-10}}
REPS=${REPS:-3}
WARMUP=${WARMUP:-2}
WORKLOADS=${WORKLOADS:-"realtime throughput"}
VARIANTS=${VARIANTS:-"off full gzip omit nginx"}
THREADS=${THREADS:-1}
RT_CONNS=${RT_CONNS:-200}
RT_RATE=${RT_RATE:-10}
TP_CONNS=${TP_CONNS:-50}
TP_WINDOW=${TP_WINDOW:-8}
SIZE=${SIZE:-6496}
PIN=${PIN:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_LOGS=${KEEP_LOGS:-0}
DISTINCT_AUDIO=${DISTINCT_AUDIO:-64}
WSBENCH_SRC=${WSBENCH_SRC:-/work/shared/bench}
UP_PORT=${UP_PORT:-19301}
RELAY_PORT=${RELAY_PORT:-19302}
NGINX_PORT=${NGINX_PORT:-19303}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
RESULTS_DIR=${RESULTS_DIR:-"$SCRIPT_DIR/results"}
BUILD_PATH=${BUILD_PATH:-"$REPO_ROOT/.build"}
if [[ -n "${BINARY:-}" ]]; then SKIP_BUILD=1; else BINARY="$BUILD_PATH/release/realtime-relay"; fi

log() { printf '[frame-log-bench] %s\n' "$*" >&2; }
die() { printf '[frame-log-bench] FAIL: %s\n' "$*" >&2; exit 1; }

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer (got '$REPS')"
[[ "$MEASURE_SECONDS" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "SECONDS must be a number (got '$MEASURE_SECONDS')"
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer"
for tool in gcc python3 taskset curl /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || die "missing $tool"
done
[[ -f "$WSBENCH_SRC/wsbench.c" ]] || die "no wsbench.c in WSBENCH_SRC=$WSBENCH_SRC"
read -r -a VLIST <<<"$VARIANTS"
NGINX=""
for v in "${VLIST[@]}"; do
    case $v in
    off | full | gzip | omit | truncate | direct) ;;
    nginx)
        NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
        [[ -x "$NGINX" ]] || die "missing nginx (Debian: apt-get install -y nginx-light), or drop it from VARIANTS"
        [[ -f "$WSBENCH_SRC/relays/nginx.conf.in" ]] || die "no relays/nginx.conf.in in WSBENCH_SRC=$WSBENCH_SRC"
        ;;
    *) die "unknown variant '$v' (off full gzip omit truncate nginx direct)" ;;
    esac
done
for w in $WORKLOADS; do
    case $w in realtime | throughput) ;; *) die "unknown workload '$w' (realtime throughput)" ;; esac
done

source "$SCRIPT_DIR/../lib.sh" # is_running, stop_pid, pin_two_cpus
pin_two_cpus HARNESS_PIN RELAY_PIN
NCPU=$(nproc)

# ---------------------------------------------------------------- process handling
WORK=$(mktemp -d "${TMPDIR:-/tmp}/frame-log-bench.XXXXXX")
UP_PID="" RELAY_PID="" NGINX_PID="" NGINX_WORKERS=""
FAILED=0
stop_servers() {
    stop_pid "$RELAY_PID" realtime-relay
    RELAY_PID=""
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
        rm -rf "$WORK"/logs-* 2>/dev/null || true # frame logs are big; keep everything else
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
if ((DISTINCT_AUDIO > 1)); then
    # The harness sends the same base64 audio in every message. deflate then finds each message in the
    # previous one (6.5 KB < its 32 KB window) and --log-gzip looks ~30x better and cheaper than with
    # real audio. Patch the temp copy: DISTINCT_AUDIO different noise buffers, message id N uses
    # buffer N mod DISTINCT_AUDIO, so no message repeats within a connection's last DISTINCT_AUDIO;
    # and the upstream echoes the audio altered (below), so the echo does not repeat it either.
    python3 - "$WORK/wsbench/wsbench.c" "$DISTINCT_AUDIO" <<'PY' || die "could not patch wsbench.c for DISTINCT_AUDIO (set DISTINCT_AUDIO=0)"
import sys
path, n = sys.argv[1], int(sys.argv[2])
s = open(path).read()
def sub(old, new):
    global s
    if s.count(old) != 1:
        sys.exit(f"patch: expected exactly one {old!r}")
    s = s.replace(old, new)
sub("    char *msg;\n", "    char *msg;\n    char *msgs[%d];\n" % n)
sub("memcpy(dst, C.msg, C.prefix_len + C.audio_len);", "memcpy(dst, C.msgs[id %% %d], C.prefix_len + C.audio_len);" % n)
sub("    b64_encode(pcm, raw, C.msg + C.prefix_len);\n",
    "    b64_encode(pcm, raw, C.msg + C.prefix_len);\n"
    "    for (int k = 0; k < %d; k++) {\n"
    "        for (size_t i = 0; i + 1 < raw; i += 2) {\n"
    "            int16_t s = (int16_t)((int)(rng_next() & 1023) - 512);\n"
    "            pcm[i] = (uint8_t)(s & 0xff);\n"
    "            pcm[i + 1] = (uint8_t)((uint16_t)s >> 8);\n"
    "        }\n"
    "        C.msgs[k] = xmalloc(C.prefix_len + C.audio_len + 8);\n"
    "        memcpy(C.msgs[k], C.msg, C.prefix_len);\n"
    "        b64_encode(pcm, raw, C.msgs[k] + C.prefix_len);\n"
    "    }\n" % n)
# The upstream's echo would put every audio string in the log twice, one record apart: deflate
# would find the second copy. Echo the audio with each base64 character rotated by one place in
# the alphabet instead (same length, still base64; "id" and everything else unchanged).
sub("            if (f.fin) { up_queue_frame(c, f.opcode, pl, (size_t)f.len); up_msgs++; }",
    "            if (f.fin && f.opcode == 1) {\n"
    "                static const char b64a[] = \"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\";\n"
    "                static uint8_t rot[256]; static int rot_init = 0;\n"
    "                if (!rot_init) {\n"
    "                    for (int k = 0; k < 256; k++) rot[k] = (uint8_t)k;\n"
    "                    for (int k = 0; k < 64; k++) rot[(uint8_t)b64a[k]] = (uint8_t)b64a[(k + 1) % 64];\n"
    "                    rot_init = 1;\n"
    "                }\n"
    "                uint8_t *a = memmem(pl, (size_t)f.len, \"\\\"audio\\\":\\\"\", 9);\n"
    "                if (a) for (uint8_t *q = a + 9, *e = pl + f.len; q < e && *q != '\"'; q++) *q = rot[*q];\n"
    "            }\n"
    "            if (f.fin) { up_queue_frame(c, f.opcode, pl, (size_t)f.len); up_msgs++; }")
open(path, "w").write(s)
PY
    log "wsbench: patched the temp copy: the client rotates $DISTINCT_AUDIO different audio payloads, the upstream echoes audio altered (DISTINCT_AUDIO)"
fi
timeout 120 gcc -O2 -g -Wall -Wextra -std=gnu11 -o "$WORK/wsbench/wsbench" "$WORK/wsbench/wsbench.c" >&2 \
    || die "wsbench build failed"
WSBENCH="$WORK/wsbench/wsbench"

if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building: swift build -c release --product realtime-relay --scratch-path $BUILD_PATH (minutes on 2 cores if not up to date)"
    (cd "$REPO_ROOT" && timeout 1800 swift build -c release --product realtime-relay --scratch-path "$BUILD_PATH" >&2) \
        || die "release build failed"
fi
[[ -x "$BINARY" ]] || die "no binary at $BINARY (build it, or unset SKIP_BUILD)"

GIT_REV=$(cd "$REPO_ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(cd "$REPO_ROOT" && git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then GIT_REV="$GIT_REV+dirty"; fi
NGINX_VERSION=$([[ -n "$NGINX" ]] && "$NGINX" -v 2>&1 | sed 's#.*nginx/##' || echo -)
RUN_ID="$(date -u +%Y-%m-%dT%H:%M:%SZ)-$$"
mkdir -p "$WORK/public" # --public: an empty directory

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

start_upstream() { # the C echo upstream (sends session.created first, like Azure), on the harness CPU
    port_free "$UP_PORT" || { log "port $UP_PORT already in use"; return 1; }
    "${HARNESS_PIN[@]}" "$WSBENCH" upstream --port "$UP_PORT" --session-created --seconds 600 2>>"$WORK/upstream.log" &
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
    "${RELAY_PIN[@]}" "$NGINX" -p "$pre" -c "$pre/nginx.conf" -e "$pre/error.log" >>"$WORK/nginx.out" 2>&1 &
    NGINX_PID=$!
    wait_port "$NGINX_PORT" 15 "$NGINX_PID" || { log "nginx did not start (see $pre/error.log)"; return 1; }
    for i in $(seq 20); do
        NGINX_WORKERS=$(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //;s/ $//' || true)
        [[ -n "$NGINX_WORKERS" ]] && break
        sleep 0.1
    done
}
variant_flags() { # the frame-log flags of a relay variant, with its log dir
    case $1 in
    off) echo "--no-frame-log" ;;
    full) echo "--log-dir $2 --log-audio full" ;;
    gzip) echo "--log-dir $2 --log-gzip --log-audio full" ;;
    omit) echo "--log-dir $2 --log-audio omit" ;;
    truncate) echo "--log-dir $2 --log-audio truncate" ;;
    esac
}
start_relay() { # start_relay VARIANT LOGDIR TAG
    local flags
    port_free "$RELAY_PORT" || { log "port $RELAY_PORT already in use"; return 1; }
    flags=$(variant_flags "$1" "$2")
    # shellcheck disable=SC2086
    env AZURE_OPENAI_ENDPOINT="http://127.0.0.1:$UP_PORT" AZURE_OPENAI_API_KEY=dummy \
        "${RELAY_PIN[@]}" "$BINARY" serve --host 127.0.0.1 --port "$RELAY_PORT" --public "$WORK/public" \
        --threads "$THREADS" --log-level warning --max-sessions 100000 --max-sessions-per-client 100000 \
        --sessions-per-minute 1000000 $flags >>"$WORK/relay-$3.log" 2>&1 &
    RELAY_PID=$!
    wait_port "$RELAY_PORT" 15 "$RELAY_PID" || { log "realtime-relay did not start (see $WORK/relay-$3.log)"; return 1; }
    local i code=""
    for i in $(seq 20); do # ready = it has the upstream credential
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$RELAY_PORT/readyz" || true)
        [[ "$code" == 200 ]] && return 0
        sleep 0.25
    done
    log "realtime-relay /readyz answered '$code', not 200 (see $WORK/relay-$3.log)"
    return 1
}
cpu_stat() { sed -n 's/^cpu  *//p' /proc/stat | awk '{print $1, $2, $3, $4, $5, $6, $7, $8}'; }
pids_ticks() { # utime+stime of the given PIDs (all their threads), clock ticks; gone PIDs count 0
    local pid sum=0 t
    for pid in "$@"; do
        t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
threads_cpu() { # "comm:ticks ..." per thread of PID (utime+stime, clock ticks)
    local pid=$1 t
    for t in /proc/"$pid"/task/*; do
        [[ -r "$t/stat" ]] || continue
        printf '%s:%s ' "$(tr ' ' '_' <"$t/comm")" \
            "$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')" 2>/dev/null || true
    done
}

# ---------------------------------------------------------------- one measurement
RAW="$WORK/raw.jsonl"
: >"$RAW"
workload_args() {
    case $1 in
    realtime) echo "--conns $RT_CONNS --rate $RT_RATE --size $SIZE" ;;
    throughput) echo "--conns $TP_CONNS --window $TP_WINDOW --size $SIZE" ;;
    esac
}
measure() { # measure VARIANT WORKLOAD ROUND
    local variant=$1 wl=$2 round=$3 tag="$1-$2-$3" port path pids watch alive_after=1
    local logdir="" cpu_before="" cpu_after="" metrics="$WORK/metrics-$tag.txt" loadavg
    loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
    start_upstream || return 1
    case $variant in
    direct)
        port=$UP_PORT; path="/openai/v1/realtime?model=gpt-realtime"; pids="$UP_PID" ;;
    nginx)
        start_nginx || return 1
        port=$NGINX_PORT; path="/openai/v1/realtime?model=gpt-realtime"; pids="$NGINX_PID $NGINX_WORKERS" ;;
    *)
        logdir="$WORK/logs-$tag"
        [[ "$variant" == off ]] && logdir=""
        start_relay "$variant" "${logdir:-/nonexistent}" "$tag" || return 1
        port=$RELAY_PORT; path="/realtime"; pids="$RELAY_PID"
        cpu_before=$(threads_cpu "$RELAY_PID") ;;
    esac
    sleep 0.3
    watch=$(echo "$pids" | tr -s ' ' ',')
    log "round $round/$REPS $wl: $variant (port $port, measured pids $watch, load $loadavg)"
    local out="$WORK/client-$tag.jsonl" client_rc=0 ours_pids="$pids $UP_PID" stat_before ours_before
    ours_pids=$(tr ' ' '\n' <<<"$ours_pids" | sort -u | tr '\n' ' ')
    stat_before=$(cpu_stat) ours_before=$(pids_ticks $ours_pids)
    # shellcheck disable=SC2046
    timeout $((${MEASURE_SECONDS%.*} + WARMUP + 60)) /usr/bin/time -o "$WORK/client-$tag.time" -f '%e %U %S' \
        "${HARNESS_PIN[@]}" "$WSBENCH" client \
        --url "ws://127.0.0.1:$port$path" $(workload_args "$wl") \
        --seconds "$MEASURE_SECONDS" --warmup "$WARMUP" --label "$variant|$wl|$round" \
        --watch-pid "$watch" --json "$out" 2>>"$WORK/client-$tag.err" || client_rc=$?
    # CPU time on the machine during the client's run that was not ours (client, upstream, relay or
    # nginx): other people's work, plus steal; a round with much of it was disturbed
    local foreign
    foreign=$(python3 - "$stat_before" "$(cpu_stat)" "$ours_before" "$(pids_ticks $ours_pids)" \
        "$(cat "$WORK/client-$tag.time" 2>/dev/null | tail -n 1)" "$(getconf CLK_TCK)" <<'PY' || echo "- - -"
import sys
b, a, ob, oa, t, hz = sys.argv[1:]
b, a = [int(x) for x in b.split()], [int(x) for x in a.split()]
# /proc/stat cpu: user nice system idle iowait irq softirq steal (loopback networking runs partly in softirq)
busy = lambda v: v[0] + v[1] + v[2] + v[5] + v[6]  # processes are charged the softirq time spent in their context
el, u, s = (float(x) for x in t.split()[-3:])
hz = float(hz)
ours = (int(oa) - int(ob)) / hz + u + s
print(f"{((busy(a) - busy(b)) / hz - ours) / el:.3f} {(a[7] - b[7]) / hz / el:.3f} {el:.2f}")
PY
)
    echo "$foreign" >"$WORK/foreign-$tag.txt"
    tail -n 1 "$WORK/client-$tag.err" >&2 || true
    local p
    for p in $pids; do is_running "$p" || alive_after=0; done
    if [[ -n "$RELAY_PID" ]] && ((alive_after)); then
        sleep 1.5 # the writer flushes every second: let the sessions' last records and ends reach the files
        curl -s --max-time 5 "http://127.0.0.1:$RELAY_PORT/metrics" >"$metrics" || true
        cpu_after=$(threads_cpu "$RELAY_PID")
    fi
    if ((alive_after == 0)); then
        log "!!! $variant: a server-side process is not running after the measurement (crash?)"
        for f in "$WORK/relay-$tag.log" "$WORK/nginx/error.log" "$WORK/upstream.log"; do
            [[ -s "$f" ]] && { log "--- $f (last 40 lines)"; tail -n 40 "$f" >&2; }
        done
        FAILED=1
    fi
    stop_servers # a relay stops by SIGTERM: its writer writes the rest and closes every file
    if ((client_rc != 0)) || [[ ! -s "$out" ]]; then
        log "!!! $variant: client exit $client_rc, see $WORK/client-$tag.err"
        FAILED=1
    fi
    if [[ -s "$out" ]]; then
        python3 - "$out" "$RAW" "$variant" "$wl" "$round" "$RUN_ID" "$GIT_REV" "$alive_after" "$client_rc" \
            "$THREADS" "$loadavg" "$metrics" "$cpu_before" "$cpu_after" "${logdir:-}" "$(getconf CLK_TCK)" "$DISTINCT_AUDIO" "$(cat "$WORK/foreign-$tag.txt")" <<'PY' || FAILED=1
import gzip, json, os, re, sys
(src, dst, variant, wl, rnd, run_id, rev, alive, rc, threads, loadavg, metrics_path,
 cpu_before, cpu_after, logdir, clk_tck, distinct_audio, foreign) = sys.argv[1:]
problems = []

def metric(text, name, labels=None):
    total, seen = 0.0, False
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        m = re.match(r'^([a-z_]+)(\{[^}]*\})?\s+([0-9.eE+-]+)$', line)
        if not m or m.group(1) != name:
            continue
        if labels and not all(f'{k}="{v}"' in (m.group(2) or "") for k, v in labels.items()):
            continue
        total += float(m.group(3)); seen = True
    return total if seen else None

def ticks(s):
    out = {}
    for item in s.split():
        comm, _, t = item.rpartition(":")
        if comm and t.isdigit():
            out.setdefault(comm, 0)
            out[comm] += int(t)
    return out

extra = {"kind": "measurement", "bench": "relay-frame-log", "run": run_id, "git": rev, "variant": variant,
         "workload": wl, "round": int(rnd), "threads": int(threads), "server_alive_after": alive == "1",
         "client_exit": int(rc), "loadavg_before": loadavg, "distinct_audio": int(distinct_audio)}
fo = foreign.split()
if len(fo) == 3 and fo[0] != "-":
    extra["foreign_cpu"] = float(fo[0])  # cores' worth of CPU used by other processes during the run
    extra["steal_cpu"] = float(fo[1])
    extra["client_elapsed_s"] = float(fo[2])
if variant not in ("nginx", "direct"):
    text = open(metrics_path).read() if os.path.exists(metrics_path) else ""
    if not text:
        problems.append("no /metrics after the run")
    extra["refused"] = metric(text, "relay_frames_refused_total")
    extra["log_frames_written"] = metric(text, "relay_frame_log_frames_total", {"result": "written"})
    extra["log_frames_dropped"] = metric(text, "relay_frame_log_frames_total", {"result": "dropped"})
    extra["log_bytes_metric"] = metric(text, "relay_frame_log_bytes_total")
    extra["log_write_errors"] = metric(text, "relay_frame_log_write_errors_total")
    extra["sessions_total"] = metric(text, "relay_sessions_total")
    if extra["refused"]:
        problems.append(f"relay refused {extra['refused']:.0f} client frames")
    # Dropped records are the log's documented answer to a writer that cannot keep up (the relay is
    # never slowed): reported as a result (column "log dropped"), not a failure. The file check below
    # makes sure every dropped seq is marked by a frames_missing record.
    w, dr = extra["log_frames_written"] or 0, extra["log_frames_dropped"] or 0
    extra["log_dropped_share"] = dr / (w + dr) if w + dr > 0 else None
    if extra["log_write_errors"]:
        problems.append(f"frame log write errors: {extra['log_write_errors']:.0f}")
    b, a = ticks(cpu_before), ticks(cpu_after)
    hz = float(clk_tck)
    if a:
        d = {k: (a.get(k, 0) - b.get(k, 0)) / hz for k in a}
        extra["thread_cpu_s"] = d
        writer = sum(v for k, v in d.items() if "frame-log" in k or "frame_log" in k)
        tot = sum(d.values())
        extra["writer_cpu_s"] = writer
        extra["writer_cpu_share"] = writer / tot if tot > 0 else None
        if extra["log_frames_written"]:
            extra["writer_us_per_record"] = 1e6 * writer / extra["log_frames_written"]
if logdir:
    files = sorted(os.path.join(logdir, f) for f in os.listdir(logdir)) if os.path.isdir(logdir) else []
    sizes = [os.path.getsize(f) for f in files]
    extra["log_files"] = len(files)
    extra["log_bytes"] = sum(sizes)
    # parse the largest file completely: format, order, seq, audio handling
    check = {"file": None}
    if files:
        path = files[sizes.index(max(sizes))]
        opener = gzip.open if path.endswith(".gz") else open
        seqs, kinds, appends, audio_lens, omitted, missing = [], [], 0, set(), 0, []
        raw_bytes = 0
        with opener(path, "rb") as fh:
            for line in fh:
                raw_bytes += len(line)
                r = json.loads(line)
                if "event" in r:
                    kinds.append(r["event"])
                    if r["event"] == "frames_missing":
                        missing.append((r["seq_from"], r["seq_to"], r["count"]))
                else:
                    kinds.append(r["dir"])
                    if r.get("type") == "input_audio_buffer.append" and r["dir"] == "client_to_upstream":
                        appends += 1
                        audio_lens.add(len(r["data"]["audio"]))
                        if "audio_omitted_bytes" in r or "audio_truncated_bytes" in r:
                            omitted += 1
                if "seq" in r:
                    seqs.append(r["seq"])
        check = {"file": os.path.basename(path), "records": len(kinds), "uncompressed_bytes": raw_bytes,
                 "first": kinds[0] if kinds else None, "last": kinds[-1] if kinds else None,
                 "seq_ok": sorted(seqs + [q for a, b, _ in missing for q in range(a, b + 1)]) == list(range(1, max(seqs + [b for _, b, _ in missing] + [0]) + 1)),
                 "seq_increasing": all(x < y for x, y in zip(seqs, seqs[1:])),
                 "missing_records": sum(c for _, _, c in missing), "appends_forwarded": appends,
                 "audio_lengths": sorted(audio_lens)[:3], "audio_cut_records": omitted,
                 "client_to_relay": kinds.count("client_to_relay"), "frames_missing": kinds.count("frames_missing")}
        want_len = {"omit": 0, "truncate": 64}.get(variant)
        # a dropped session_start / session_end leaves a frames_missing record in its place
        if check["first"] not in ("session_start", "frames_missing") or check["last"] not in ("session_end", "frames_missing") \
                or (not check["missing_records"] and (check["first"], check["last"]) != ("session_start", "session_end")):
            problems.append(f"log {check['file']}: first/last record {check['first']}/{check['last']}")
        if not check["seq_ok"] or not check["seq_increasing"]:
            problems.append(f"log {check['file']}: seq gaps not covered by frames_missing records, or out of order")
        if appends == 0:
            problems.append(f"log {check['file']}: no forwarded input_audio_buffer.append")
        if want_len is not None and (audio_lens != {want_len} or omitted != appends):
            problems.append(f"log {check['file']}: audio not cut as --log-audio {variant} says ({sorted(audio_lens)[:3]})")
        if want_len is None and (0 in audio_lens or omitted):
            problems.append(f"log {check['file']}: audio cut in a full-audio variant")
    extra["log_check"] = check
    if extra.get("log_bytes_metric") is not None and extra["log_bytes"] != extra["log_bytes_metric"]:
        # the metric is read 1.5 s after the client ended; SIGTERM then writes what was still pending
        extra["log_bytes_after_metric"] = extra["log_bytes"] - extra["log_bytes_metric"]
with open(src) as f, open(dst, "a") as o:
    for line in f:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        r.update(extra)
        if logdir:
            if r["log_files"] != r["conns"]:
                problems.append(f"{r['log_files']} log files for {r['conns']} sessions")
            # log bytes per relayed round trip over the whole run (warm-up and drain included), times
            # the measured round trips per second: the log's write rate in the measured window
            if r["recv_total"] > 0:
                r["log_bytes_per_msg"] = r["log_bytes"] / r["recv_total"]
                r["log_mb_per_s"] = r["log_bytes_per_msg"] * r["msgs_per_s"] / 1e6
        for k in ("lost", "errors", "conn_failed"):
            if r[k]:
                problems.append(f"{k} = {r[k]}")
        if r["other_msgs"] > 3 * r["conns"]:
            problems.append(f"{r['other_msgs']} unexpected messages (error events?)")
        r["problems"] = problems
        o.write(json.dumps(r) + "\n")
        extra_txt = ""
        if logdir:
            extra_txt = (f"  log: {r['log_files']} files, {r['log_bytes']/1e6:.1f} MB, "
                         f"{r.get('log_mb_per_s', 0):.1f} MB/s, {r.get('log_bytes_per_msg', 0):.0f} B/msg; "
                         f"writer thread {100*(r.get('writer_cpu_share') or 0):.0f}% of relay CPU, "
                         f"{r.get('writer_us_per_record') or 0:.1f} us/record")
        if "refused" in r:
            extra_txt += f"; refused {r['refused'] or 0:.0f}"
        if logdir:
            extra_txt += f", log records dropped {r.get('log_frames_dropped') or 0:.0f} ({100*(r.get('log_dropped_share') or 0):.1f}%)"
        fc = r.get("foreign_cpu")
        extra_txt += "" if fc is None else f"; other processes {100*fc:.0f}% of a core{' (DISTURBED)' if fc > 0.25 else ''}"
        print(f"[frame-log-bench]   relay CPU {r['relay_cpu_s_per_100k']:.2f} s/100k msgs{extra_txt}", file=sys.stderr)
for p in problems:
    print(f"[frame-log-bench] !!! {variant} {wl} round {rnd}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
    fi
    if [[ -n "$logdir" && "$KEEP_LOGS" != 1 ]]; then rm -rf "$logdir"; fi
    sleep 0.5
}

# ---------------------------------------------------------------- rounds
N=${#VLIST[@]}
NWL=$(wc -w <<<"$WORKLOADS")
EST=$(( (${MEASURE_SECONDS%.*} + WARMUP + 7) * N * NWL * REPS ))
log "run $RUN_ID  git $GIT_REV  binary $BINARY  nginx $NGINX_VERSION  nproc $NCPU  kernel $(uname -r)"
log "variants: ${VLIST[*]}; workloads: $WORKLOADS; reps: $REPS; ${MEASURE_SECONDS}s (+${WARMUP}s warm-up) each; threads $THREADS; pin $PIN; about $((EST / 60)) min"
log "load average before: $(cat /proc/loadavg)"
for ((round = 1; round <= REPS; round++)); do
    for wl in $WORKLOADS; do
        for ((k = 0; k < N; k++)); do
            v=${VLIST[$(((k + round - 1) % N))]}
            measure "$v" "$wl" "$round" || { log "!!! $v $wl round $round: could not start"; FAILED=1; stop_servers; }
        done
    done
done
log "load average after: $(cat /proc/loadavg)"

# ---------------------------------------------------------------- results
mkdir -p "$RESULTS_DIR"
RESULTS_FILE="$RESULTS_DIR/$(date -u +%Y-%m-%d).jsonl"
SUMMARY="$WORK/summary.jsonl"
python3 - "$RAW" "$SUMMARY" "$RUN_ID" "$GIT_REV" "$NGINX_VERSION" "$NCPU" "$(uname -r)" "$VARIANTS" <<'PY'
import json, statistics, sys
raw, summ, run_id, rev, nginx_v, ncpu, kernel, variants = sys.argv[1:]
rows = [json.loads(l) for l in open(raw) if l.strip()]
order = variants.split()
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
def f(x, nd):
    return "-" if x is None else f"{x:,.{nd}f}"
def load_txt(rs):
    parts = []
    for r in sorted(rs, key=lambda r: r["round"]):
        fc = r.get("foreign_cpu")
        parts.append("-" if fc is None else f"{100 * fc:.0f}%" + ("*" if fc > 0.25 else ""))
    return " ".join(parts)
def rng(xs, nd):
    xs = [x for x in xs if x is not None]
    return "-" if not xs else f"{min(xs):,.{nd}f}-{max(xs):,.{nd}f}"
out = []
with open(summ, "w") as so:
    for wl in [w for w in ("realtime", "throughput") if any(r["workload"] == w for r in rows)]:
        g = {v: [r for r in rows if r["workload"] == wl and r["variant"] == v] for v in order}
        def per_round(v, key, invert=False):
            rs = []
            for rnd in sorted({r["round"] for r in g.get(v, [])}):
                a = [r for r in g[v] if r["round"] == rnd]
                b = [r for r in g.get("off", []) if r["round"] == rnd]
                if a and b:
                    x, y = a[0][key], b[0][key]
                    if x is not None and y is not None and x > 0 and y > 0:
                        rs.append(y / x if invert else x / y)
            return rs
        any_r = next(r for r in rows if r["workload"] == wl)
        shape = (f"{any_r['conns_target']} sessions x {any_r['rate']:.0f} msg/s" if any_r["mode"] == "rate"
                 else f"{any_r['conns_target']} sessions, window {any_r['window']}")
        out.append(f"\n### {wl}: {shape}, {any_r['size']}-byte input_audio_buffer.append, {len({r['round'] for r in rows})} round(s) of {any_r['seconds']:.0f} s\n")
        out.append("| variant | msgs/s | msgs/s min-max | msgs/s vs off | p50 ms | p99 ms | relay CPU % | CPU s/100k msgs | CPU/msg vs off | writer share of CPU | writer us/record | log MB/s | log B/msg | log dropped | bad | other load |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        summary = {"kind": "summary", "bench": "relay-frame-log", "run": run_id, "git": rev, "workload": wl,
                   "nginx": nginx_v, "nproc": int(ncpu), "kernel": kernel, "variants": {}}
        for v in order:
            rs = g.get(v) or []
            if not rs:
                continue
            m = [r["msgs_per_s"] for r in rs]
            cpu = [100 * r["relay_cpu_s"] / r["seconds"] if r["relay_cpu_s"] >= 0 else None for r in rs]
            cpk = [r["relay_cpu_s_per_100k"] if r["relay_cpu_s_per_100k"] >= 0 else None for r in rs]
            bad = sum(r["lost"] + r["errors"] + r["conn_failed"] + int(r.get("refused") or 0)
                      + len(r.get("problems", [])) for r in rs)
            wus = med([r.get("writer_us_per_record") for r in rs])
            dsh = [r.get("log_dropped_share") for r in rs]
            dtxt = "-" if all(x is None for x in dsh) else (f"{100*med(dsh):.1f}%" + ("" if max(x or 0 for x in dsh) == 0 else f" (max {100*max(x or 0 for x in dsh):.1f}%)"))
            mr = per_round(v, "msgs_per_s")
            cr = per_round(v, "relay_cpu_s_per_100k")
            ws = med([r.get("writer_cpu_share") for r in rs])
            lm = med([r.get("log_mb_per_s") for r in rs])
            lb = med([r.get("log_bytes_per_msg") for r in rs])
            ratio_m = "1" if v == "off" else (f"**{statistics.median(mr):.2f}x** ({min(mr):.2f}-{max(mr):.2f})" if mr else "-")
            ratio_c = "1" if v == "off" else (f"**{statistics.median(cr):.2f}x** ({min(cr):.2f}-{max(cr):.2f})" if cr else "-")
            out.append(f"| {v} | {f(med(m),0)} | {rng(m,0)} | {ratio_m} | {f(med([r['p50_ms'] for r in rs]),3)} | "
                       f"{f(med([r['p99_ms'] for r in rs]),2)} | {f(med(cpu),0)} | {f(med(cpk),2)} | {ratio_c} | "
                       f"{'-' if ws is None else f'{100*ws:.0f}%'} | {f(wus,1)} | {f(lm,1)} | {f(lb,0)} | {dtxt} | {bad} | {load_txt(rs)} |")
            summary["variants"][v] = {
                "msgs_per_s_median": med(m), "cpu_s_per_100k_median": med(cpk), "relay_cpu_pct_median": med(cpu),
                "msgs_per_s_vs_off_per_round": mr, "cpu_per_msg_vs_off_per_round": cr,
                "msgs_per_s_vs_off": statistics.median(mr) if mr else None,
                "cpu_per_msg_vs_off": statistics.median(cr) if cr else None,
                "writer_cpu_share_median": ws, "writer_us_per_record_median": wus, "log_dropped_share": dsh,
                "log_mb_per_s_median": lm, "log_bytes_per_msg_median": lb,
                "p50_ms_median": med([r["p50_ms"] for r in rs]), "p99_ms_median": med([r["p99_ms"] for r in rs]),
                "bad": bad, "reps": len(rs)}
        so.write(json.dumps(summary) + "\n")
out.append("\nmsgs/s = round trips per second (each relayed once each way). Ratios are medians of per-round "
           "ratios against `off` (min-max). CPU/msg vs off > 1 = costlier. Writer thread share = the frame-log "
           "thread's part of the relay's CPU over the whole run; writer us/record = its CPU per record written. "
           "log MB/s = bytes written to the log files (compressed for gzip) per second of the measured window; "
           "log dropped = records the writer could not take (queue full), marked in the files by frames_missing. "
           "bad = lost + errors + failed connections + refused client events + failed checks. "
           "other load = CPU used by processes other than the client, upstream and relay during each round's run "
           "(% of one core, rounds in order; * = over 25%: that round was disturbed).")
print("\n".join(out))
PY
cat "$RAW" "$SUMMARY" >>"$RESULTS_FILE"
log "raw JSON lines appended to $RESULTS_FILE"
if ((FAILED)); then
    log "some runs failed or a check did not pass (see above); the work directory is kept"
    exit 1
fi
