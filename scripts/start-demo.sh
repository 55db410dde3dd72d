#!/usr/bin/env bash
# The README's first command: install, build and serve the studio on :3000 with its demo.
# With DATABASE_URL / TEMPORAL_ADDRESS unset it uses an on-disk PGlite database under .data/
# and runs pipelines in-process; the server migrates and seeds the demo on start. It listens
# on loopback only (STUDIO_HOST=0.0.0.0 to expose it): the embedded demo signs every visitor in
# as its admin. Webhooks may target this machine and its network here (a local receiver is
# how one tries them); a deployment refuses private addresses unless it sets this too.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export STUDIO_WEBHOOK_ALLOW_PRIVATE="${STUDIO_WEBHOOK_ALLOW_PRIVATE:-1}"
# SIGTERM is the studio's (server/shutdown.ts: stop intake, let runs finish within
# STUDIO_SHUTDOWN_GRACE_SECONDS, mark the rest INTERRUPTED), not Next's immediate exit.
export NEXT_MANUAL_SIG_HANDLE=true
bash scripts/install.sh
npx next build
exec npx next start -p "${PORT:-3000}" -H "${STUDIO_HOST:-127.0.0.1}"
