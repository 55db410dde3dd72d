// onnxruntime-node inference thread. Plain .mjs (no TypeScript) so Next.js, tsx and the Temporal
// worker can all spawn it by file path. Protocol (see ort-pool.ts):
//   in:  { id, type: 'run', sha256, path?, bytes?, feeds: { name: { dims, buffer, byteOffset, length } } }
//        { id, type: 'exit' }                  fault injection for tests: the thread dies mid-call
//   out: { id, ok: true, outputs, inputs, sessionCreated, ms }  (buffers transferred, never copied)
//        { id, ok: false, phase: 'missing' | 'load' | 'run', message, inputs }  (inputs always come back)
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';

const { intraOpNumThreads } = workerData;
/** One session per model sha256 for the thread's lifetime: creating/releasing sessions leaks. */
const sessions = new Map();

function sessionFor(msg) {
  let s = sessions.get(msg.sha256);
  if (s) return { session: s, created: false };
  // Measured on this VM: unset intra-op threads is ~3x slower; arena + full optimisation on.
  const options = {
    executionProviders: ['cpu'],
    intraOpNumThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: true,
  };
  if (msg.path && !existsSync(msg.path)) throw Object.assign(new Error(`model file not found: ${msg.path}`), { notFound: true });
  s = msg.path ? ort.InferenceSession.create(msg.path, options) : ort.InferenceSession.create(msg.bytes, options);
  sessions.set(msg.sha256, s);
  s.catch(() => sessions.delete(msg.sha256));
  return { session: s, created: true };
}

const view = (t) => new Float32Array(t.buffer, t.byteOffset, t.length);

/** Output tensors as Float32Array views that own their buffer (so the buffer can be transferred). */
function toFloat32(data) {
  if (data instanceof Float32Array && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data;
  if (data instanceof Float32Array) return data.slice();
  return Float32Array.from(data, Number);
}

async function run(msg) {
  let session, created;
  try {
    ({ session, created } = sessionFor(msg));
    session = await session;
  } catch (e) {
    return { id: msg.id, ok: false, phase: e.notFound ? 'missing' : 'load', message: String(e?.message ?? e), inputs: msg.feeds };
  }
  const feeds = {};
  for (const [name, t] of Object.entries(msg.feeds)) feeds[name] = new ort.Tensor('float32', view(t), t.dims);
  const t0 = performance.now();
  let results;
  try {
    results = await session.run(feeds);
  } catch (e) {
    return { id: msg.id, ok: false, phase: 'run', message: String(e?.message ?? e), inputs: msg.feeds };
  }
  const ms = performance.now() - t0;
  const outputs = {};
  for (const [name, t] of Object.entries(results)) {
    const data = toFloat32(t.data);
    outputs[name] = { dims: [...t.dims], buffer: data.buffer, byteOffset: 0, length: data.length };
  }
  return { id: msg.id, ok: true, outputs, inputs: msg.feeds, sessionCreated: created, ms };
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
