#!/usr/bin/env bash
# Unit tests of the pages' DOM-free JavaScript (the log viewer, the voice page) with Node's built-in runner.
# Needs Node 20 or later and nothing else: no npm packages. Exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "js-tests: node not found; install Node.js 20 or later (e.g. apt-get install nodejs)" >&2
  exit 2
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "js-tests: Node $(node --version) is too old; the tests need Node 20 or later" >&2
  exit 2
fi

shopt -s nullglob
tests=(Tests/JS/*.test.mjs Tests/JS/*/*.test.mjs)
if [ "${#tests[@]}" -eq 0 ]; then
  echo "js-tests: no Tests/JS/*.test.mjs found" >&2
  exit 1
fi
exec node --test "${tests[@]}"
