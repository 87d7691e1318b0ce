#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest: types, lint, unit and in-process
# integration tests (server suite on PGlite and on a throwaway PostgreSQL), then the built PWA in
# Debian Chromium. `npm test` runs this after `pretest` has installed the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports

step() { printf '\n=== %s ===\n' "$*"; }

step "typecheck"
npm run --silent typecheck

step "lint"
npm run --silent lint

step "unit and integration tests (PGlite and PostgreSQL)"
bash scripts/with-postgres.sh npx vitest run --reporter=default --reporter=json --outputFile=reports/vitest.json

step "build the PWA"
npm run --silent build

step "browser tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json

step "summary"
npx tsx scripts/test-summary.ts
