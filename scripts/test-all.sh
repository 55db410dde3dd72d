#!/usr/bin/env bash
# The README's test command: every test, in order of speed. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/prereqs.sh
bash scripts/install.sh
export PATH="$(go env GOPATH)/bin:$PATH"

echo "== typecheck"; npx tsc --noEmit
echo "== dependency rules (.dependency-cruiser.cjs: layers, no cycles)"; npm run --silent deps
echo "== unit"; npx vitest run --project unit
echo "== suites (real corpus, dcmtk/GDCM oracles, fuzz, onnxruntime-web and Chromium)"; npx vitest run --project suites
echo "== conformance (one case list on in-process, browser and edge; Temporal runs with integration)"; npx vitest run --project conformance
echo "== integration (real PostgreSQL, real Temporal dev server)"; npx vitest run --project integration
echo "== build"; npx next build
echo "== e2e (Debian Chromium)"; npx vitest run --project e2e
