#!/usr/bin/env bash
# npm test: types, lint, then unit, integration and browser tests on one engine
# (PGlite, or PostgreSQL when DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# Types, lint and generated types do not depend on the engine: .ci/run checks them on its
# first pass and sets STATIC_CHECKED for the second, which saves it about half a minute.
if [ -z "${STATIC_CHECKED:-}" ]; then
  echo "== type check"; npx tsc --noEmit -p .
  echo "== lint"; npx biome check .
  echo "== generated types"; npx tsx scripts/db-types.ts --verify
fi
echo "== tests on ${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-PGlite}"
npx tsx scripts/prepare-test-db.ts
mapfile -t files < <(find src test -name '*.test.ts' | sort)
# Browser journeys run axe once per shape of page in a run (test/support/browser.ts).
THRESHOLD_AXE_SEEN=$(mktemp -d)
export THRESHOLD_AXE_SEEN
trap 'rm -rf "$THRESHOLD_AXE_SEEN"' EXIT
started=$SECONDS
node --import tsx --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/slowest-files.mjs --test-reporter-destination=stdout \
  "${files[@]}"
echo "== tests took $((SECONDS - started)) s, axe run on $(find "$THRESHOLD_AXE_SEEN" -type f | wc -l) shapes of page (budget: docs/testing.md)"
