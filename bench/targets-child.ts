// Child process of bench/targets.ts: one onnxruntime-web wasm configuration per process, because
// `env.wasm.numThreads` is global and read once (at the first session) for the whole process.
// Usage: targets-child.ts <numThreads> <warmup> <reps>. Prints one JSON line on stdout:
// { threads, ms: number[], labels: base64 argmax of the last run }.
import { createWasmRuntime } from '../runtimes/browser/wasm';
import { nodeWasmPaths } from '../runtimes/browser/node-wasm-paths';
import { argmax, targetsCase, timeReps } from './targets-case';

const [threads, warmup, reps] = process.argv.slice(2, 5).map(Number);
const c = targetsCase();
const runtime = await createWasmRuntime({ numThreads: threads, wasmPaths: nodeWasmPaths() });
const model = { sha256: c.sha256, bytes: async () => c.modelBytes };
let last: Float32Array | undefined;
const ms = await timeReps(async () => {
  const res = await runtime.run(model, { [c.inputName]: { dims: c.dims, data: c.data } });
  last = Object.values(res.outputs)[0].data;
}, warmup, reps);
await runtime.dispose();
const labels = Buffer.from(argmax(last!, c.channels)).toString('base64');
// ort-web's wasm thread pool keeps the process alive: exit once stdout has been flushed.
process.stdout.write(`${JSON.stringify({ threads, ms, labels })}\n`, () => process.exit(0));
