// Page side of browser.conformance.test.ts (bundled by esbuild, onnxruntime-web from an import
// map): runs one case with the shared interpreter and kernels on onnxruntime-web's wasm backend
// and hands back the artifacts and model outputs, bytes as base64.
import type { PipelineGraph } from '../../../domain/graph/schema';
import { createWasmRuntime } from '../../../runtimes/browser/wasm';
import type { CaseInput } from '../cases';
import { runInMemory } from '../run-in-memory';

export interface Job {
  graph: PipelineGraph;
  format: CaseInput['format'];
  files: { name: string; url: string }[];
  models: { name: string; url: string }[];
}

const fetchAll = (list: Job['files']) =>
  Promise.all(list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await (await fetch(f.url)).arrayBuffer()) })));

function base64(b: ArrayBufferView): string {
  const u8 = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s);
}

async function runCase(job: Job) {
  const inference = await createWasmRuntime({ wasmPaths: new URL('/ort/', location.href).href });
  try {
    const t0 = performance.now();
    const out = await runInMemory(job.graph, { format: job.format, files: await fetchAll(job.files) }, await fetchAll(job.models), inference);
    return {
      ms: performance.now() - t0,
      threads: (await import('onnxruntime-web')).env.wasm.numThreads,
      artifacts: out.artifacts.map(({ bytes, ...a }) => ({ ...a, bytes: base64(bytes) })),
      logits: Object.fromEntries(Object.entries(out.logits).map(([k, v]) => [k, { dims: v.dims, data: base64(v.data) }])),
    };
  } finally {
    await inference.dispose();
  }
}

(window as unknown as { runCase: typeof runCase }).runCase = runCase;
