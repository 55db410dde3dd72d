#!/usr/bin/env bash
# npm dependencies from the lock file. onnxruntime-node's install script would fetch CUDA
# libraries (unreachable offline); the CPU build ships inside the package, so skip it.
set -euo pipefail
export ONNXRUNTIME_NODE_INSTALL=skip
stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
# The WebAssembly kernels from their .wat sources (wabt, a devDependency): output committed, rebuilt here.
node scripts/build-wasm.mjs
