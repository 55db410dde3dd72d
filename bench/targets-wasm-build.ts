// Which onnxruntime-web build Node runs for the targets bench: the package's `node` export
// entry and the wasm glue files that entry names (the CPU-only `ort-wasm-simd-threaded.mjs`,
// or a `.jsep` / `.asyncify` / `.jspi` WebGPU build), read from the installed files, not assumed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function wasmBuildUnderNode(): { entry: string; wasmGlue: string[] } {
  const entry = fileURLToPath(import.meta.resolve('onnxruntime-web'));
  const glue = new Set(readFileSync(entry, 'utf8').match(/ort-wasm-simd-threaded(?:\.[a-z]+)?\.mjs/g) ?? []);
  return { entry: path.basename(entry), wasmGlue: [...glue].sort() };
}
