// A helper thread of overlay-thread.ts: output.overlay-png's picture (imaging/ops/overlay-png.ts,
// TypeScript: thread-support.mjs importSource). Spawned by file path like argmax-worker.mjs.
//   in:  { id, image: VolumeValue, labels: LabelMapValue, params: { slice, opacity } } (copies)
//   out: { id, result: Uint8Array (the PNG, transferred) }, or { id, error }
import { parentPort } from 'node:worker_threads';
import { collectSoon, importSource } from './thread-support.mjs';

const loaded = importSource('runtimes/imaging/ops/overlay-png.ts');
loaded.catch(() => undefined); // reported per request below

parentPort.on('message', async ({ id, image, labels, params }) => {
  try {
    const { overlayPng } = await loaded;
    const png = overlayPng(image, labels, params).slice(); // its own buffer, transferred
    parentPort.postMessage({ id, result: png }, [png.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.message ?? e) });
  }
  collectSoon(); // the image, labels and reoriented copy (~150 MB at 256^3) must not outlive the request
});
