#!/usr/bin/env python3
"""Plot added latency (p50 and p99, median over repetitions) against concurrent real-time sessions,
for every relay peer in Benchmarks/relay/run.sh's sweep. Usage: plot.py results.jsonl out.png"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from summarize import ORDER, Results, load, median  # noqa: E402


def main():
    res = Results(load(sys.argv[1]))
    sweeps = sorted((w for w in res.workloads() if w.startswith("sweep-")), key=lambda w: int(w.split("-")[1]))
    if not sweeps:
        sys.exit("no sweep results")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharex=True)
    for peer in [p for p in ORDER if not p.startswith("direct")]:
        points = [(int(w.split("-")[1]), median(res.added(w, peer, "p50_ms")), median(res.added(w, peer, "p99_ms")))
                  for w in sweeps if (w, peer) in res.by]
        points = [p for p in points if p[1] is not None]
        if not points:
            continue
        xs = [p[0] for p in points]
        axes[0].plot(xs, [p[1] for p in points], marker="o", label=peer)
        axes[1].plot(xs, [p[2] for p in points], marker="o", label=peer)
    for ax, what in zip(axes, ("p50", "p99")):
        ax.set_title(f"added {what} latency vs direct, 10 msg/s per session")
        ax.set_xlabel("concurrent sessions (one core for the relay)")
        ax.set_ylabel("ms")
        # p99 logarithmic above 1 ms, linear below: an added p99 can come out below zero when the direct
        # run's own p99 was the noisier one, and a log scale would hide that point.
        if what == "p99":
            ax.set_yscale("symlog", linthresh=1.0)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
