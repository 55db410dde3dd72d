#!/usr/bin/env bash
# Installs what the tests need outside npm, idempotently: Debian packages (Chromium for the
# Playwright specs, DICOM reference toolkits, nibabel/scipy/pydicom as geometry oracles), the
# Temporal CLI (dev server) and SeaweedFS (the S3-compatible server of the object-store tests), both
# built from the Go module proxy, and a running PostgreSQL. Quick when everything is already there.
set -euo pipefail

need=()
for pkg in chromium dcmtk libgdcm-tools dicom3tools orthanc orthanc-dicomweb python3-nibabel python3-scipy python3-numpy python3-pydicom; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "prereqs: installing Debian packages: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

gobin="$(go env GOPATH)/bin"
if [ ! -x "$gobin/temporal" ]; then
  echo "prereqs: building the Temporal CLI (go install, v1.5.1: later tags carry a replace directive)" >&2
  (cd /tmp && go install github.com/temporalio/cli/cmd/temporal@v1.5.1)
fi

# SeaweedFS: `go install ...@version` refuses a module whose go.mod has replace directives, so
# build `./weed` inside a writable copy of the module (the module cache is read-only) with
# -mod=mod. Measured here: 19 min from a cold Go cache on 2 cores shared with other builds
# (8 CPU-minutes, downloads included), 5.5 min with warm caches; skipped once the binary exists.
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
if [ ! -x "$gobin/weed" ]; then
  echo "prereqs: building SeaweedFS $SEAWEEDFS_VERSION (weed, for the S3 tests)" >&2
  src="$(cd /tmp && go mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  work="$(mktemp -d)"
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  (cd "$work" && GOFLAGS=-mod=mod go build -o "$gobin/weed" ./weed)
  rm -rf "$work"
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "prereqs: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
