#!/usr/bin/env bash
# CI: a short smoke of the project's benchmark (Benchmarks/relay/run.sh with SMOKE=1): every peer and
# workload with tiny loads and 1 s windows, so the benchmark keeps working. It claims nothing about
# speed and times nothing: it fails only when a measurement fails (lost messages, errors, a peer that
# did not start or died) or the report cannot be made.
# Needs: a release binary (BIN, default .build/release/realtime-relay), gcc, make, openssl, curl, nginx
# (installed here when missing), Python with aiohttp and matplotlib (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
BIN=${BIN:-.build/release/realtime-relay}
[ -x "$BIN" ] || { echo "no release binary at $BIN (swift build -c release)"; exit 1; }

missing=()
for tool in gcc make openssl curl; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get install -y -q --no-install-recommends gcc make libc6-dev openssl curl
fi
install_nginx "$sudo"
python3 -c 'import aiohttp, matplotlib' 2>/dev/null || python3 -m pip install --quiet aiohttp matplotlib

# The harness's own protocol self-test first (raw-socket checks of the echo upstream, plain and TLS):
# the smoke's figures mean nothing if the harness mis-frames.
make -s -C Benchmarks/harness check

out=reports/bench-smoke
rm -rf "$out"
started=$(date +%s)
SMOKE=1 BINARY="$BIN" OUT="$out" Benchmarks/relay/run.sh
[ -s "$out/report.md" ] || { echo "no report"; exit 1; }
[ -s "$out/latency-vs-sessions.png" ] || { echo "no plot"; exit 1; }
echo "benchmark smoke passed in $(( $(date +%s) - started )) s (report: $out/report.md)"
