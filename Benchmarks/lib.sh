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
