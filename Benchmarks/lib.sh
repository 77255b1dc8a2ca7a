# Shared by the Benchmarks/*/run.sh scripts (source it after defining `log`): stopping what they started.

# is_running PID: alive and not a zombie (kill -0 succeeds on an unreaped zombie).
is_running() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ "$state" != Z* ]]
}

# stop_pid PID NAME: TERM, wait up to 5 s, then KILL; reap if it is our child.
stop_pid() {
    local pid=$1 name=$2
    [[ -n "$pid" ]] || return 0
    if is_running "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do is_running "$pid" || break; sleep 0.1; done
        if is_running "$pid"; then
            log "$name (pid $pid) still up after 5 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# pin_two_cpus FIRST SECOND: with PIN=1 and 2+ CPUs, fills the arrays named FIRST and SECOND with
# `taskset -c 0` and `taskset -c 1` (prefixes for the two sides of a measurement, so each side's CPU
# figures are one core's); otherwise leaves them empty and, with PIN=1 on one CPU, sets PIN=0.
pin_two_cpus() {
    local -n first=$1 second=$2
    first=() second=()
    [[ "${PIN:-1}" == 1 ]] || return 0
    if (($(nproc) >= 2)); then
        first=(taskset -c 0) second=(taskset -c 1)
    else
        log "only $(nproc) CPU: not pinning"
        PIN=0
    fi
}
