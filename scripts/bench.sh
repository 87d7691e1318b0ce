#!/usr/bin/env bash
# Runs the benchmarks, with a throwaway PostgreSQL when it is installed (rows for both databases).
set -euo pipefail
cd "$(dirname "$0")/.."
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exec bash scripts/with-postgres.sh npx tsx tests/bench/run.ts
fi
echo "bench: PostgreSQL not installed, PGlite rows only" >&2
exec npx tsx tests/bench/run.ts
