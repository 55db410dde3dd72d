import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Under Node, onnxruntime-web loads its wasm glue from `ort.env.wasm.wasmPaths`: point it at
 * the installed package's `dist/` folder (found through the package's own `exports` entry for
 * the wasm file, since `package.json` is not exported). Returns a file URL ending in `/`.
 */
export function nodeWasmPaths(): string {
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
  return pathToFileURL(path.dirname(wasm) + path.sep).href;
}
