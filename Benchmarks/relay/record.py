#!/usr/bin/env python3
"""One measurement's record for Benchmarks/relay/run.sh: the harness's JSON line with the run's
context added (repetition, peer, TLS, frame-log records dropped, the client's exit status), printed
to stdout for results.jsonl, and a one-line summary on stderr for the progress output.

Usage: record.py JSON_LINE REPETITION PEER LOG_DROPPED|null CLIENT_EXIT"""
import json
import sys


def show(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"


def main():
    line, repetition, peer, dropped, exit_status = sys.argv[1:6]
    record = json.loads(line)
    record.update(repetition=int(repetition), peer=peer, tls=peer.endswith("-tls"),
                  log_dropped=None if dropped == "null" else int(dropped), client_exit=int(exit_status))
    print(json.dumps(record))
    summary = (f"{record['msgs_per_s']:.0f} msg/s, p50 {record['p50_ms']:.3f} ms, p99 {record['p99_ms']:.3f} ms, "
               f"CPU s/100k {show(record.get('cpu_s_per_100k'), 2)}, KB/session {show(record.get('kb_per_conn'), 1)}, "
               f"lost {record['lost']}, errors {record['errors']}, failed {record['conn_failed']}")
    if record["log_dropped"]:
        summary += f", log dropped {record['log_dropped']}"
    print(summary, file=sys.stderr)


if __name__ == "__main__":
    main()
