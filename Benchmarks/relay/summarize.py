#!/usr/bin/env python3
"""Turn Benchmarks/relay/run.sh's JSON lines into the report: a table per workload (medians over
repetitions), the ratios against nginx taken within each repetition (then the median), the issue's
targets with PASS/MISS, and the latency-vs-sessions sweep with the capacity one core holds.

Usage: summarize.py results.jsonl > report.md
"""
import json
import statistics
import sys
from collections import defaultdict

ORDER = ["direct", "direct-tls", "nginx", "nginx-tls", "relay", "relay-full", "relay-gzip", "relay-tls",
         "aiohttp", "hummingbird"]


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=3):
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def floor_peer(peer):
    return "direct-tls" if peer.endswith("-tls") else "direct"


def nginx_peer(peer):
    return "nginx-tls" if peer.endswith("-tls") else "nginx"


class Results:
    def __init__(self, records):
        # (workload, peer) -> {repetition: record}
        self.by = defaultdict(dict)
        for r in records:
            self.by[(r["workload"], r["peer"])][r["repetition"]] = r

    def workloads(self):
        seen = []
        for workload, _ in self.by:
            if workload not in seen:
                seen.append(workload)
        return seen

    def peers(self, workload):
        present = {p for w, p in self.by if w == workload}
        return [p for p in ORDER if p in present] + sorted(present - set(ORDER))

    def values(self, workload, peer, key):
        return [r.get(key) for r in self.by[(workload, peer)].values()]

    def added(self, workload, peer, key):
        """Added latency per repetition: the peer's percentile minus the floor's in the same repetition."""
        floor = self.by.get((workload, floor_peer(peer)), {})
        out = []
        for rep, r in self.by[(workload, peer)].items():
            if rep in floor and r.get(key) is not None and floor[rep].get(key) is not None:
                out.append(r[key] - floor[rep][key])
        return out

    def ratio(self, workload, peer, other, key, added=False):
        """Median over repetitions of peer/other, each pair from the same repetition."""
        mine = self.by.get((workload, peer), {})
        theirs = self.by.get((workload, other), {})
        floor = self.by.get((workload, floor_peer(peer)), {})
        out = []
        for rep in mine.keys() & theirs.keys():
            a, b = mine[rep].get(key), theirs[rep].get(key)
            if a is None or b is None:
                continue
            if added:
                if rep not in floor or floor[rep].get(key) is None:
                    continue
                a, b = a - floor[rep][key], b - floor[rep][key]
            if b > 0:
                out.append(a / b)
        return median(out)


def workload_table(res, workload):
    lines = [f"### {workload}", "",
             "| peer | sessions | msgs/s | p50 ms | p99 ms | p99.9 ms | +p50 ms | +p99 ms | +p99.9 ms | CPU s/100k | CPU % | KB/session | peak RSS MB | log dropped | lost | errors | failed | reps |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for peer in res.peers(workload):
        v = lambda k: median(res.values(workload, peer, k))
        total = lambda k: sum(x or 0 for x in res.values(workload, peer, k))
        is_floor = peer.startswith("direct")
        add = (lambda k: None) if is_floor else (lambda k: median(res.added(workload, peer, k)))
        dropped = res.values(workload, peer, "log_dropped")
        lines.append("| " + " | ".join([
            peer, fmt(v("conns_open") or v("conns")), fmt(v("msgs_per_s"), 0), fmt(v("p50_ms")), fmt(v("p99_ms")),
            fmt(v("p999_ms")), fmt(add("p50_ms")), fmt(add("p99_ms")), fmt(add("p999_ms")),
            fmt(v("cpu_s_per_100k"), 2), fmt(v("cpu_pct"), 0), fmt(v("kb_per_conn"), 1), fmt(v("hwm_mb"), 1),
            "-" if all(d is None for d in dropped) else str(sum(d or 0 for d in dropped)),
            str(total("lost")), str(total("errors")), str(total("conn_failed")),
            str(len(res.by[(workload, peer)]))]) + " |")
    return lines


def target_lines(res):
    rows = []

    def check(what, value, limit, at_most=True):
        if value is None:
            rows.append(f"| {what} | not measured | {'<=' if at_most else '>='} {limit} | - |")
            return
        ok = value <= limit if at_most else value >= limit
        rows.append(f"| {what} | {value:.2f}x | {'<=' if at_most else '>='} {limit}x | {'PASS' if ok else 'MISS'} |")

    for workload in ("realtime", "throughput", "idle"):
        check(f"relay CPU per round trip / nginx's, {workload}", res.ratio(workload, "relay", "nginx", "cpu_s_per_100k"), 1.5)
    for workload in ("realtime", "throughput"):
        check(f"relay-full CPU per round trip / nginx's, {workload}", res.ratio(workload, "relay-full", "nginx", "cpu_s_per_100k"), 2.5)
    check("relay-gzip CPU per round trip / nginx's, realtime", res.ratio("realtime", "relay-gzip", "nginx", "cpu_s_per_100k"), 2.5)
    check("relay added p50 / nginx's, realtime", res.ratio("realtime", "relay", "nginx", "p50_ms", added=True), 1.25)
    check("relay added p99 / nginx's, realtime", res.ratio("realtime", "relay", "nginx", "p99_ms", added=True), 1.5)
    check("relay KB per idle session / nginx's, 1,000 sessions", res.ratio("idle", "relay", "nginx", "kb_per_conn"), 1.0)
    check("relay KB per idle session / nginx's, 5,000 sessions", res.ratio("idle5k", "relay", "nginx", "kb_per_conn"), 1.0)
    check("relay-tls KB per idle session / nginx-tls's, 5,000 sessions (reported)", res.ratio("idle5k", "relay-tls", "nginx-tls", "kb_per_conn"), 1.0)
    for workload in ("realtime", "throughput"):
        check(f"Hummingbird CPU per round trip / relay's, {workload}", res.ratio(workload, "hummingbird", "relay", "cpu_s_per_100k"), 4, at_most=False)
        check(f"aiohttp CPU per round trip / relay's, {workload}", res.ratio(workload, "aiohttp", "relay", "cpu_s_per_100k"), 3, at_most=False)
    for workload in ("realtime", "throughput"):
        check(f"relay-tls CPU per round trip / nginx-tls's, {workload} (reported)", res.ratio(workload, "relay-tls", "nginx-tls", "cpu_s_per_100k"), 1.5)
    return ["## Targets (ratios within each repetition, median over repetitions)", "",
            "| target | measured | goal | |", "|---|---|---|---|"] + rows


def sweep_lines(res):
    sweeps = sorted((w for w in res.workloads() if w.startswith("sweep-")), key=lambda w: int(w.split("-")[1]))
    if not sweeps:
        return []
    peers = [p for p in ORDER if any((w, p) in res.by for w in sweeps)]
    head = "| sessions at 10 msg/s | " + " | ".join(f"{p} +p50 / +p99 ms" if not p.startswith("direct") else f"{p} p50 / p99 ms" for p in peers) + " |"
    lines = ["## Added latency against concurrent sessions (real-time rate)", "", head, "|---" * (len(peers) + 1) + "|"]
    capacity = {}
    for w in sweeps:
        conns = int(w.split("-")[1])
        cells = []
        for p in peers:
            if (w, p) not in res.by:
                cells.append("-")
                continue
            if p.startswith("direct"):
                cells.append(f"{fmt(median(res.values(w, p, 'p50_ms')))} / {fmt(median(res.values(w, p, 'p99_ms')))}")
            else:
                cells.append(f"{fmt(median(res.added(w, p, 'p50_ms')))} / {fmt(median(res.added(w, p, 'p99_ms')))}")
            p99 = median(res.values(w, p, "p99_ms"))
            clean = sum((x or 0) for k in ("lost", "errors", "conn_failed") for x in res.values(w, p, k)) == 0
            if p99 is not None and p99 < 50 and clean:
                capacity[p] = max(capacity.get(p, 0), conns)
        lines.append(f"| {conns} | " + " | ".join(cells) + " |")
    lines += ["", "Largest measured session count with p99 under 50 ms and nothing lost, one core each "
              "(a lower bound when every step passed: the harness shares the other core):", ""]
    lines += [f"- {p}: {capacity.get(p, 'none')}" for p in peers if not p.startswith("direct")]
    return lines


def main():
    records = load(sys.argv[1])
    if not records:
        sys.exit("no results")
    res = Results(records)
    out = ["# realtime-relay benchmark", "",
           f"{len(records)} measurements, {max(r['repetition'] for r in records)} repetition(s). "
           "Latency in ms; + is added to the direct connection's figure in the same repetition "
           "(TLS peers against direct-tls). CPU: the peer's process tree, seconds per 100,000 round trips.", ""]
    out += target_lines(res) + [""]
    for workload in res.workloads():
        if not workload.startswith("sweep-"):
            out += workload_table(res, workload) + [""]
    out += sweep_lines(res)
    print("\n".join(out))


if __name__ == "__main__":
    main()
