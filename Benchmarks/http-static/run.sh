#!/usr/bin/env bash
# Benchmarks/http-static/run.sh: static-file req/s of realtime-relay against nginx, in one run.
#
# Both servers serve the same files from the same temp directory with the same number of
# workers; wrk (keep-alive) hits them in alternation (A B A B ...) so machine drift hits both.
# The figure that means something is the RATIO ours/nginx measured in one run: absolute
# numbers on a shared, noisy machine do not.
#
# Knobs (environment):
#   THREADS=1        event-loop threads (ours) and worker_processes (nginx)
#   CONNS=50         wrk connections
#   DURATION=10      seconds per wrk measurement
#   WARMUP=2         seconds of warm-up per server before the rounds (0: none)
#   REPS=3           rounds (each round measures both servers once)
#   FILES="index.html app.js"   files measured (index.html ~1 KiB, app.js 16 KiB)
#   PIN=1            pin servers and wrk to disjoint CPUs with taskset (needs >= 2 cores)
#   WRK_THREADS=     wrk threads [default: one per CPU left to wrk, 1 without pinning]
#   SKIP_BUILD=0     1: use the existing .build/release/realtime-relay
#   OURS_PORT=18080 NGINX_PORT=18081
#   RESULTS_DIR=Benchmarks/http-static/results   (JSON lines appended to DATE.jsonl there, one per
#                    measurement, only when the whole run completed)
#
# Usage: Benchmarks/http-static/run.sh            (from anywhere; paths are from the repo root)
set -euo pipefail

THREADS=${THREADS:-1}
CONNS=${CONNS:-50}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
REPS=${REPS:-3}
FILES=${FILES:-"index.html app.js"}
PIN=${PIN:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
OURS_PORT=${OURS_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
RESULTS_DIR=${RESULTS_DIR:-"$SCRIPT_DIR/results"}
BINARY="$REPO_ROOT/.build/release/realtime-relay"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] FAIL: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
missing=()
for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || missing+=("$tool")
done
if ((${#missing[@]})); then
    log "missing: ${missing[*]}"
    log "install on Debian/Ubuntu: apt-get update && apt-get install -y wrk nginx-light curl python3"
    log "  (nginx-light or nginx; as root or with sudo)"
    exit 2
fi
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer (got '$THREADS')"
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer (got '$REPS')"

NCPU=$(nproc)

# CPU sets: servers on the first THREADS CPUs, wrk on the rest (when there are enough).
SERVER_CPUS="" WRK_CPUS=""
if [[ "$PIN" == 1 ]]; then
    if ((NCPU >= 2)); then
        server_n=$THREADS
        ((server_n < NCPU)) || server_n=$((NCPU - 1))
        SERVER_CPUS="0-$((server_n - 1))"
        WRK_CPUS="$server_n-$((NCPU - 1))"
        command -v taskset >/dev/null || die "PIN=1 needs taskset (util-linux); or run with PIN=0"
        if ((server_n < THREADS)); then
            log "warning: THREADS=$THREADS but only $server_n CPU(s) left for the servers; they share CPUs $SERVER_CPUS"
        fi
    else
        log "only $NCPU CPU: not pinning"
        PIN=0
    fi
fi
# Threads for wrk: one per CPU it has (at least 1), never more than the connections.
if [[ -z "${WRK_THREADS:-}" ]]; then
    if [[ -n "$WRK_CPUS" ]]; then WRK_THREADS=$((NCPU - ${SERVER_CPUS#*-} - 1)); else WRK_THREADS=1; fi
fi
[[ "$WRK_THREADS" =~ ^[0-9]+$ ]] || die "WRK_THREADS must be a positive integer (got '$WRK_THREADS')"
((WRK_THREADS >= 1)) || WRK_THREADS=1
((WRK_THREADS <= CONNS)) || WRK_THREADS=$CONNS

pinned() { # pinned CPUSET cmd...: exec cmd pinned to CPUSET (or plain); call it backgrounded with &
    # exec, so that $! is the server's own PID (taskset execs in turn) and the trap can stop it.
    local cpus=$1; shift
    if [[ -n "$cpus" ]]; then exec taskset -c "$cpus" "$@"; else exec "$@"; fi
}

# ---------------------------------------------------------------- cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/http-static-bench.XXXXXX")
OURS_PID="" NGINX_PID=""
source "$SCRIPT_DIR/../lib.sh"  # is_running, stop_pid
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$OURS_PID" realtime-relay
    stop_pid "$NGINX_PID" nginx
    if ((rc != 0)); then
        for f in "$WORK/ours.log" "$WORK/nginx/error.log"; do
            [[ -s "$f" ]] && { log "--- tail of $f"; grep -v '^0x' "$f" | head -n 40 >&2; }
        done
        log "kept the work directory (logs, wrk outputs) for a look: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- build
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building: swift build -c release --product realtime-relay (a few minutes on 2 cores)"
    (cd "$REPO_ROOT" && timeout 1800 swift build -c release --product realtime-relay >&2) \
        || die "release build failed"
fi
[[ -x "$BINARY" ]] || die "no binary at $BINARY (build it, or unset SKIP_BUILD)"

# ---------------------------------------------------------------- content
PUBLIC="$WORK/public"
mkdir -p "$PUBLIC"
# nginx started as root runs its workers as an unprivileged user: they must be able to read.
chmod 755 "$WORK" "$PUBLIC"
python3 - "$PUBLIC" <<'PY'
import sys, os
root = sys.argv[1]
# index.html: exactly 1024 bytes of plain HTML.
head = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>bench</title></head>\n<body>\n"
tail = "</body></html>\n"
filler_len = 1024 - len(head) - len(tail) - len("<p></p>\n")
body = head + "<p>" + ("x" * filler_len) + "</p>\n" + tail
assert len(body.encode()) == 1024, len(body)
open(os.path.join(root, "index.html"), "w").write(body)
# app.js: exactly 16384 bytes of deterministic JavaScript-ish text.
line = "console.log(\"0123456789abcdef0123456789abcdef0123456789abcdef\");\n"
js = (line * (16384 // len(line) + 1))[:16384]
assert len(js) == 16384
open(os.path.join(root, "app.js"), "w").write(js)
PY
chmod 644 "$PUBLIC"/*

# ---------------------------------------------------------------- nginx config
NGX="$WORK/nginx"
mkdir -p "$NGX"/{client_body,proxy,fastcgi,uwsgi,scgi}
cat >"$NGX/nginx.conf" <<EOF
daemon off;
worker_processes $THREADS;
error_log $NGX/error.log warn;
pid $NGX/nginx.pid;
events {
    worker_connections 4096;
    use epoll;
}
http {
    types {
        text/html html;
        text/javascript js;
    }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $NGX/client_body;
    proxy_temp_path $NGX/proxy;
    fastcgi_temp_path $NGX/fastcgi;
    uwsgi_temp_path $NGX/uwsgi;
    scgi_temp_path $NGX/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport;
        server_name localhost;
        root $PUBLIC;
        location / { }
    }
}
EOF

# ---------------------------------------------------------------- start servers
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$OURS_PORT" "$NGINX_PORT"; do
    port_free "$p" || die "port $p on 127.0.0.1 is already in use (set OURS_PORT / NGINX_PORT)"
done

wait_up() { # wait_up URL NAME PID: poll up to 15 s
    local url=$1 name=$2 pid=$3
    for _ in $(seq 150); do
        is_running "$pid" || die "$name exited during startup"
        curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    die "$name did not answer $url within 15 s"
}

log "starting realtime-relay on 127.0.0.1:$OURS_PORT (threads $THREADS${SERVER_CPUS:+, CPUs $SERVER_CPUS})"
pinned "$SERVER_CPUS" "$BINARY" serve --host 127.0.0.1 --port "$OURS_PORT" --public "$PUBLIC" \
    --threads "$THREADS" --log-level warning >"$WORK/ours.log" 2>&1 &
OURS_PID=$!
log "starting nginx on 127.0.0.1:$NGINX_PORT (worker_processes $THREADS${SERVER_CPUS:+, CPUs $SERVER_CPUS})"
pinned "$SERVER_CPUS" "$NGINX" -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" >"$WORK/nginx.out" 2>&1 &
NGINX_PID=$!
wait_up "http://127.0.0.1:$OURS_PORT/healthz" realtime-relay "$OURS_PID"
wait_up "http://127.0.0.1:$NGINX_PORT/index.html" nginx "$NGINX_PID"

# ---------------------------------------------------------------- like for like
for f in $FILES; do
    [[ -f "$PUBLIC/$f" ]] || die "no file $f in the public dir"
    for side in ours nginx; do
        port=$OURS_PORT; [[ $side == nginx ]] && port=$NGINX_PORT
        code=$(curl -sS --max-time 5 -o "$WORK/$side.$f" -D "$WORK/$side.$f.head" -w '%{http_code}' \
            "http://127.0.0.1:$port/$f") || die "$side: GET /$f failed"
        [[ "$code" == 200 ]] || die "$side: GET /$f answered $code"
        cmp -s "$PUBLIC/$f" "$WORK/$side.$f" || die "$side: body of /$f differs from the file"
    done
    log "/$f ($(stat -c %s "$PUBLIC/$f") bytes): both answer 200 with the identical body"
    log "  ours:  $(tr -d '\r' <"$WORK/ours.$f.head" | grep -ic '^[a-z-]*:') header fields, $(wc -c <"$WORK/ours.$f.head") head bytes"
    log "  nginx: $(tr -d '\r' <"$WORK/nginx.$f.head" | grep -ic '^[a-z-]*:') header fields, $(wc -c <"$WORK/nginx.$f.head") head bytes"
done

# ---------------------------------------------------------------- measuring
run_wrk() { # run_wrk PORT FILE SECONDS OUTFILE
    local port=$1 file=$2 secs=$3 out=$4
    timeout $((secs + 30)) taskset_wrk wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --timeout 5s --latency \
        "http://127.0.0.1:$port/$file" >"$out" 2>&1 || die "wrk failed or timed out: $(tail -n 3 "$out")"
}
# `timeout` needs an executable, so the pinning goes through a tiny wrapper.
WRAP="$WORK/taskset_wrk"
if [[ -n "$WRK_CPUS" ]]; then
    printf '#!/bin/sh\nexec taskset -c %s "$@"\n' "$WRK_CPUS" >"$WRAP"
else
    printf '#!/bin/sh\nexec "$@"\n' >"$WRAP"
fi
chmod +x "$WRAP"
PATH="$WORK:$PATH"

to_us() { # wrk latency "123.45us" / "1.23ms" / "1.02s" -> microseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) m = 1; else if (v ~ /ms$/) m = 1000; else if (v ~ /m$/) m = 60e6; else if (v ~ /s$/) m = 1e6; else m = 1
        printf "%.1f", n * m }'
}
parse_wrk() { # parse_wrk OUTFILE -> "rps p50_us p99_us requests"; dies on errors / non-2xx
    local out=$1 rps p50 p99 reqs
    if grep -q 'Non-2xx or 3xx responses' "$out"; then
        die "non-2xx responses in $(basename "$out"): $(grep 'Non-2xx' "$out")"
    fi
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    reqs=$(awk '/requests in/ { print $1 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    [[ -n "$rps" && -n "$p50" && -n "$p99" && -n "$reqs" ]] || die "could not parse wrk output $(basename "$out")"
    printf '%s %s %s %s\n' "$rps" "$(to_us "$p50")" "$(to_us "$p99")" "$reqs"
}
# CPU time (user + system, in clock ticks) used so far by a server: the process (all its threads)
# and its child processes (nginx's workers). Read before and after a wrk run, it tells how busy the
# server was: near 100% of its CPUs means the server, not wrk, was the bottleneck.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # cpu_ticks PID
    local total=0 pid fields
    for pid in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
        # Fields after the ") " that closes the command name: state is [0], utime [11], stime [12].
        read -r -a fields < <(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null || true)
        ((${#fields[@]} > 12)) && total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}

# A server that crashed mid-run makes every later number meaningless: stop at once.
check_alive() {
    is_running "$OURS_PID" || die "realtime-relay (pid $OURS_PID) is no longer running: it crashed during the last wrk run"
    is_running "$NGINX_PID" || die "nginx (pid $NGINX_PID) is no longer running"
}
# Socket errors (timeouts, resets) are errors too: fail loudly on read/write errors,
# connect errors and timeouts.
check_errors() {
    local out=$1
    if grep -q 'Socket errors' "$out"; then
        die "socket errors in $(basename "$out"): $(grep 'Socket errors' "$out" | sed 's/^ *//')"
    fi
}

mkdir -p "$RESULTS_DIR"
STAMP=$(date -u +%Y-%m-%dT%H:%M:%SZ)
RESULTS_FILE="$RESULTS_DIR/$(date -u +%Y-%m-%d).jsonl"
RUN_ID="$STAMP-$$"
GIT_REV=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$REPO_ROOT" status --porcelain -- Sources Package.swift 2>/dev/null)" ]]; then GIT_REV="$GIT_REV+dirty"; fi
NGINX_VERSION=$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')
WRK_VERSION=$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $2 }')  # wrk -v exits 1
KERNEL=$(uname -r)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)

log "wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency${WRK_CPUS:+ (CPUs $WRK_CPUS)}; $REPS rounds; files: $FILES"
SUMMARY="$WORK/summary"
: >"$SUMMARY"
for f in $FILES; do
    if ((WARMUP > 0)); then
        log "/$f: warm-up ${WARMUP}s each"
        run_wrk "$OURS_PORT" "$f" "$WARMUP" "$WORK/warm.ours"; check_alive; check_errors "$WORK/warm.ours"
        run_wrk "$NGINX_PORT" "$f" "$WARMUP" "$WORK/warm.nginx"; check_alive; check_errors "$WORK/warm.nginx"
    fi
    for ((r = 1; r <= REPS; r++)); do
        # Alternate which server goes first each round: A B, B A, A B ...
        if ((r % 2)); then order="ours nginx"; else order="nginx ours"; fi
        for side in $order; do
            port=$OURS_PORT; [[ $side == nginx ]] && port=$NGINX_PORT
            out="$WORK/wrk.$f.$r.$side"
            pid=$OURS_PID; [[ $side == nginx ]] && pid=$NGINX_PID
            log "/$f round $r/$REPS: $side"
            ticks0=$(cpu_ticks "$pid")
            run_wrk "$port" "$f" "$DURATION" "$out"
            ticks1=$(cpu_ticks "$pid")
            check_alive
            check_errors "$out"
            read -r rps p50 p99 reqs < <(parse_wrk "$out")
            # Server CPU: percent of one CPU over the run, and microseconds of CPU per request.
            cpu_pct=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / d }')
            cpu_us=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.1f", 1e6 * t / hz / n }')
            printf '%s %s %s %s %s %s %s %s %s\n' "$f" "$r" "$side" "$rps" "$p50" "$p99" "$reqs" "$cpu_pct" "$cpu_us" >>"$SUMMARY"
            printf '{"kind":"measurement","run":"%s","time":"%s","git":"%s","server":"%s","file":"%s","bytes":%s,"round":%d,"threads":%d,"conns":%d,"duration_s":%d,"wrk_threads":%d,"pinned":%s,"server_cpus":"%s","wrk_cpus":"%s","requests":%s,"rps":%s,"p50_us":%s,"p99_us":%s,"server_cpu_pct":%s,"server_cpu_us_per_req":%s,"nproc":%d,"kernel":"%s","cpu":"%s","nginx":"%s","wrk":"%s"}\n' \
                "$RUN_ID" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$GIT_REV" "$side" "$f" "$(stat -c %s "$PUBLIC/$f")" "$r" \
                "$THREADS" "$CONNS" "$DURATION" "$WRK_THREADS" "$([[ $PIN == 1 ]] && echo true || echo false)" \
                "$SERVER_CPUS" "$WRK_CPUS" "$reqs" "$rps" "$p50" "$p99" "$cpu_pct" "$cpu_us" "$NCPU" "$KERNEL" "${CPU_MODEL//\"/}" \
                "$NGINX_VERSION" "$WRK_VERSION" >>"$WORK/results.jsonl"
        done
    done
done

# ---------------------------------------------------------------- report (stdout)
# The table goes to stdout; one summary JSON line per file joins the measurements in results.jsonl.
python3 - "$SUMMARY" "$WORK/results.jsonl" <<PY
import sys, statistics, json
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
jsonl = open(sys.argv[2], "a")
files = []
for r in rows:
    if r[0] not in files: files.append(r[0])
print("realtime-relay vs nginx, static file, keep-alive")
print("run $RUN_ID  git $GIT_REV  nproc $NCPU  kernel $KERNEL  nginx $NGINX_VERSION  wrk $WRK_VERSION")
print("threads/workers $THREADS  wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s  pinned: ${PIN}${SERVER_CPUS:+ (servers CPU $SERVER_CPUS, wrk CPU $WRK_CPUS)}")
print()
for f in files:
    data = {}
    for name, rnd, side, rps, p50, p99, reqs, cpu_pct, cpu_us in (r for r in rows if r[0] == f):
        data.setdefault(int(rnd), {})[side] = (float(rps), float(p50), float(p99), float(cpu_pct), float(cpu_us))
    print(f"/{f}")
    print(f"  {'round':>6}  {'ours req/s':>10}  {'nginx req/s':>11}  {'ratio':>5}  {'ours p50/p99 us':>15}  {'nginx p50/p99 us':>16}"
          f"  {'CPU% ours/nginx':>15}  {'CPU us/req ours/nginx':>21}  {'CPU ratio':>9}")
    ratios, cpu_ratios, disturbed = [], [], 0
    def line(label, o, n, ratio, cpu_ratio, mark=""):
        print(f"  {label:>6}  {o[0]:>10.0f}  {n[0]:>11.0f}  {ratio:>5.2f}  {o[1]:>7.0f}/{o[2]:<7.0f}  {n[1]:>8.0f}/{n[2]:<7.0f}"
              f"  {o[3]:>7.0f}/{n[3]:<7.0f}  {o[4]:>10.1f}/{n[4]:<10.1f}  {cpu_ratio:>9.2f} {mark}")
    for rnd in sorted(data):
        o, n = data[rnd]["ours"], data[rnd]["nginx"]
        ratios.append(o[0] / n[0])
        cpu_ratios.append(n[4] / o[4] if o[4] > 0 else float("nan"))
        # A server that got well under one full CPU per thread was starved by other load on the machine.
        starved = min(o[3], n[3]) < 90 * $THREADS
        disturbed += starved
        line(str(rnd), o, n, ratios[-1], cpu_ratios[-1], "*" if starved else "")
    med = lambda side: [statistics.median(data[r][side][i] for r in data) for i in range(5)]
    ratio, cpu_ratio = statistics.median(ratios), statistics.median(cpu_ratios)
    line("median", med("ours"), med("nginx"), ratio, cpu_ratio)
    print(f"  ratio ours/nginx req/s (median of per-round ratios): {ratio:.2f}x  (min {min(ratios):.2f}, max {max(ratios):.2f})")
    print(f"  CPU-normalised ratio (nginx CPU us/req / ours, median): {cpu_ratio:.2f}x"
          f"  (min {min(cpu_ratios):.2f}, max {max(cpu_ratios):.2f})")
    if disturbed:
        print(f"  * {disturbed} of {len(ratios)} rounds: a server used < 90% of its CPU(s) (other load on the machine):"
              f" their req/s ratio is unreliable, the CPU-normalised one holds up better")
    if disturbed * 2 > len(ratios):
        print(f"  !! most rounds were disturbed: do not quote this run's req/s ratio; rerun on a quiet machine"
              f" (cat /proc/loadavg) or quote the CPU-normalised ratio")
    print()
    jsonl.write(json.dumps({"kind": "summary", "run": "$RUN_ID", "git": "$GIT_REV", "file": f, "rounds": len(ratios),
                            "ratio_median": round(ratio, 3), "ratio_min": round(min(ratios), 3),
                            "ratio_max": round(max(ratios), 3), "cpu_ratio_median": round(cpu_ratio, 3),
                            "rounds_disturbed": disturbed, "ours_rps_median": round(med("ours")[0], 1),
                            "nginx_rps_median": round(med("nginx")[0], 1), "threads": $THREADS, "conns": $CONNS,
                            "duration_s": $DURATION, "nproc": $NCPU}) + "\n")
jsonl.close()
PY

# Only a run that completed lands in the results file.
cat "$WORK/results.jsonl" >>"$RESULTS_FILE"
log "raw results appended to ${RESULTS_FILE#"$REPO_ROOT"/}"
