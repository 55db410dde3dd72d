// A helper thread of overlay-thread.ts: output.overlay-png's picture (imaging/ops/overlay-png.ts,
// TypeScript: loaded through tsx's loader from this file's place in the source tree, or the
// working directory's, as worker-path.ts does). Spawned by file path like argmax-worker.mjs.
//   in:  { id, image: VolumeValue, labels: LabelMapValue, params: { slice, opacity } } (copies)
//   out: { id, result: Uint8Array (the PNG, transferred) }, or { id, error }
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// This thread allocates little JavaScript, so its GC seldom runs and the copies it was sent
// (image, labels, the reoriented image: ~150 MB at 256^3) would stay alive between requests:
// collect after each reply, as argmax-worker.mjs does.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');

const here = path.dirname(fileURLToPath(import.meta.url));
const candidates = [path.join(here, '..', 'imaging', 'ops', 'overlay-png.ts'), path.join(process.cwd(), 'runtimes', 'imaging', 'ops', 'overlay-png.ts')];
const file = candidates.find((c) => existsSync(c));
const loaded = file ? tsImport(pathToFileURL(file).href, import.meta.url) : Promise.reject(new Error(`overlay-png.ts not found (tried ${candidates.join(', ')})`));
loaded.catch(() => undefined); // reported per request below

parentPort.on('message', async ({ id, image, labels, params }) => {
  try {
    const { overlayPng } = await loaded;
    const png = overlayPng(image, labels, params).slice(); // its own buffer, transferred
    parentPort.postMessage({ id, result: png }, [png.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
  setImmediate(collect);
});
