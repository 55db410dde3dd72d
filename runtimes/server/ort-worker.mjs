// onnxruntime-node inference thread. Plain .mjs (no TypeScript) so Next.js, tsx and the Temporal
// worker can all spawn it by file path; the session cache is the one every host uses
// (../ort/sessions.mjs). Protocol (see ort-pool.ts):
//   in:  { id, type: 'run', sha256, path?, bytes?, feeds: { name: { dims, buffer, byteOffset, length } } }
//        { id, type: 'exit' }                  fault injection for tests: the thread dies mid-call
//   out: { id, ok: true, outputs, inputs, sessionCreated, ms }  (buffers transferred, never copied)
//        { id, ok: false, phase: 'missing' | 'load' | 'run', message, inputs }  (inputs always come back)
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { createSessionCache, nodeSessionOptions } from '../ort/sessions.mjs';

const sessions = createSessionCache(ort, nodeSessionOptions(workerData.intraOpNumThreads, workerData.executionProviders));

const view = (t) => new Float32Array(t.buffer, t.byteOffset, t.length);

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
  for (const [name, t] of Object.entries(result.outputs)) outputs[name] = { dims: t.dims, buffer: t.data.buffer, byteOffset: 0, length: t.data.length };
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
});
