// Child process of bench/targets.ts: one onnxruntime-web wasm configuration per process, because
// `env.wasm.numThreads` is global and read once (at the first session) for the whole process.
// Usage: targets-child.ts <numThreads> <warmup> <reps>. Prints one JSON line on stdout:
// { threads, ms: number[], labels: base64 argmax of the last run, session: options + env.wasm }.
import * as ort from 'onnxruntime-web';
import { ORT_WEB_SESSION_OPTIONS } from '../runtimes/browser/ort-web';
import { createWasmRuntime } from '../runtimes/browser/wasm';
import { nodeWasmPaths } from '../runtimes/browser/node-wasm-paths';
import { argmax, targetsCase, timeReps } from './targets-case';

const [threads, warmup, reps] = process.argv.slice(2, 5).map(Number);
const c = targetsCase();
const runtime = await createWasmRuntime({ numThreads: threads, wasmPaths: nodeWasmPaths(), ort });
const model = { sha256: c.sha256, bytes: async () => c.modelBytes };
let last: Float32Array | undefined;
const ms = await timeReps(async () => {
  const res = await runtime.run(model, { [c.inputName]: { dims: c.dims, data: c.data } });
  last = Object.values(res.outputs)[0].data;
}, warmup, reps);
await runtime.dispose();
const labels = Buffer.from(argmax(last!, c.channels)).toString('base64');
// what the session actually ran with: its options and the wasm env after initialisation
const o = ORT_WEB_SESSION_OPTIONS;
const session = {
  graphOptimizationLevel: o.graphOptimizationLevel, executionProviders: ['wasm'],
  // onnxruntime-web reads these two as `!!option`: unset is off (onnxruntime-node: on)
  enableCpuMemArena: !!o.enableCpuMemArena, enableMemPattern: !!o.enableMemPattern,
  numThreads: ort.env.wasm.numThreads, simd: ort.env.wasm.simd ?? 'unset: fixed-width SIMD (the only wasm build ORT >= 1.19 ships)',
};
// ort-web's wasm thread pool keeps the process alive: exit once stdout has been flushed.
process.stdout.write(`${JSON.stringify({ threads, ms, labels, session })}\n`, () => process.exit(0));
