// onnxruntime-node inference thread. Plain .mjs (no TypeScript) so Next.js, tsx and the Temporal
// worker can all spawn it by file path; the session cache is the one every host uses
// (../ort/sessions.mjs). Protocol (see ort-pool.ts):
//   in:  { id, type: 'run', sha256, path?, bytes?, feeds: { name: { dims, buffer, byteOffset, length } } }
//        { id, type: 'exit' }                  fault injection for tests: the thread dies mid-call
//   out: { id, ok: true, outputs, inputs, sessionCreated, ms }  (inputs transferred back; outputs copied
//        here, on this thread, onto SharedArrayBuffers: the host's helper threads (argmax-thread.ts)
//        then read them without a copy on the event loop)
//        { id, ok: false, phase: 'missing' | 'load' | 'run', message, inputs }  (inputs always come back)
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { createSessionCache, nodeSessionOptions } from '../ort/sessions.mjs';
import { collectSoon } from './thread-support.mjs';

const sessions = createSessionCache(ort, nodeSessionOptions(workerData.intraOpNumThreads, workerData.executionProviders));

const shared = (data) => {
  const out = new Float32Array(new SharedArrayBuffer(data.byteLength));
  out.set(data);
  return out;
};

// This thread allocates little JavaScript, so its GC seldom runs by itself: the outputs ORT
// returned (now copied) and the shared copies sent would stay alive in it for many runs, and the
// process RSS grow by their size. A full GC of this small heap after each reply releases them.

// onnxruntime-node refuses tensors on shared memory ("Invalid argument"): a feed computed by a
// helper thread (normalize-thread.ts) is copied here, off the event loop, into a private buffer.
const view = (t) => {
  const data = new Float32Array(t.buffer, t.byteOffset, t.length);
  return t.buffer instanceof SharedArrayBuffer ? data.slice() : data;
};

async function run(msg) {
  if (msg.path && !existsSync(msg.path)) return { id: msg.id, ok: false, phase: 'missing', message: `model file not found: ${msg.path}`, inputs: msg.feeds };
  const feeds = {};
  for (const [name, t] of Object.entries(msg.feeds)) feeds[name] = { dims: t.dims, data: view(t) };
  let result;
  try {
    result = await sessions.run(msg.sha256, () => msg.path ?? msg.bytes, feeds);
  } catch (e) {
    result = { ok: false, phase: 'load', message: String(e?.message ?? e) };
  }
  if (!result.ok) return { id: msg.id, ...result, inputs: msg.feeds };
  const outputs = {};
  for (const [name, t] of Object.entries(result.outputs)) outputs[name] = { dims: t.dims, buffer: shared(t.data).buffer, byteOffset: 0, length: t.data.length };
  return { id: msg.id, ok: true, outputs, inputs: msg.feeds, sessionCreated: result.sessionCreated, ms: result.ms };
}

/** Every distinct non-shared buffer, once (duplicates in a transfer list throw). */
function transferList(...groups) {
  const set = new Set();
  for (const g of groups) for (const t of Object.values(g ?? {})) if (t.buffer instanceof ArrayBuffer) set.add(t.buffer);
  return [...set];
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'exit') process.exit(70);
  const reply = await run(msg);
  parentPort.postMessage(reply, transferList(reply.outputs, reply.inputs));
  collectSoon();
});
