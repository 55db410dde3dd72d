// A helper thread of normalize-thread.ts: imaging/ops/normalize.ts (TypeScript: loaded through
// tsx's loader from this file's place in the source tree, or the working directory's, as
// worker-path.ts does) over shared memory. Spawned by file path like argmax-worker.mjs.
//   in:  { id, src: TypedArray, opts: NormalizeOptions, out: Float32Array } (both on SharedArrayBuffers)
//   out: { id } when done, { id, error } when it failed
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const candidates = [path.join(here, '..', 'imaging', 'ops', 'normalize.ts'), path.join(process.cwd(), 'runtimes', 'imaging', 'ops', 'normalize.ts')];
const file = candidates.find((c) => existsSync(c));
const loaded = file ? tsImport(pathToFileURL(file).href, import.meta.url) : Promise.reject(new Error(`normalize.ts not found (tried ${candidates.join(', ')})`));
loaded.catch(() => undefined); // reported per request below

// Its heap is tiny: without a GC the shared volumes it was posted would stay referenced here (argmax-worker.mjs).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');

parentPort.on('message', async ({ id, src, opts, out }) => {
  try {
    const { normalize } = await loaded;
    normalize(src, opts, out);
    parentPort.postMessage({ id });
    setImmediate(collect);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
});
