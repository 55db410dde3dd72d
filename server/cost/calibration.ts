import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { onnx as OnnxT } from 'onnx-proto';
import { makeHeadPhantom } from '../../demo/phantom';
import type { Calibration } from '../../domain/cost/calibration';
import { countGraph } from '../../domain/cost/flops';
import type { InferenceRuntime } from '../../runtimes/core/inference';
import { onnx } from '../../runtimes/core/onnx-proto';
import { gunzip, gzip } from '../../runtimes/imaging/nifti/gzip';
import { kernelFigures } from './kernels';
import { readOnnxGraphLite } from '../../runtimes/core/onnx-graph';

/**
 * Micro-benchmarks that calibrate the cost model on this machine (about 2 s). CPU time is
 * process.cpuUsage() (user + system of every thread of the process, so onnxruntime's intra-op
 * threads count) around each measured call; wall time is performance.now(). Each figure is
 * the median of a few repetitions after a warm-up. The same ORT runtime the executors use
 * runs the ONNX benchmarks (same pool, same thread settings).
 */
const REPS = 5;
const GB = 1e9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function measure(fn: () => unknown | Promise<unknown>, reps = REPS): Promise<{ cpu: number; wall: number }> {
  await fn(); // warm-up (sessions, JIT)
  const cpus: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const dc = process.cpuUsage(c0);
    walls.push((performance.now() - t0) / 1e3);
    cpus.push((dc.user + dc.system) / 1e6);
  }
  return { cpu: median(cpus), wall: median(walls) };
}

const FLOAT = 1;
const vi = (name: string, dims: number[]): OnnxT.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});
const ints = (name: string, v: number[]): OnnxT.IAttributeProto => ({ name, type: 7, ints: v });

function model(nodes: OnnxT.INodeProto[], input: number[], output: number[], inits: OnnxT.ITensorProto[] = []): Uint8Array {
  const graph: OnnxT.IGraphProto = { name: 'calibration', input: [vi('x', input)], output: [vi('y', output)], initializer: inits, node: nodes };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph })).finish();
}

function weights(name: string, dims: number[]): OnnxT.ITensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  const raw = new Uint8Array(n * 4);
  const dv = new DataView(raw.buffer);
  for (let i = 0; i < n; i++) dv.setFloat32(i * 4, ((i * 2654435761) % 1000) / 1e4 - 0.05, true);
  return { name, dims, dataType: FLOAT, rawData: raw };
}

/** MeshNet-like: two 3-D dilated 3^3 Convs with 30 channels and Relus on a 32^3 tile. */
const C = 30;
const S = 32;
const convModel = () =>
  model(
    [
      { opType: 'Conv', input: ['x', 'w1', 'b1'], output: ['c1'], attribute: [ints('kernel_shape', [3, 3, 3]), ints('pads', [1, 1, 1, 1, 1, 1])] },
      { opType: 'Relu', input: ['c1'], output: ['r1'] },
      { opType: 'Conv', input: ['r1', 'w2', 'b2'], output: ['c2'], attribute: [ints('kernel_shape', [3, 3, 3]), ints('pads', [2, 2, 2, 2, 2, 2]), ints('dilations', [2, 2, 2])] },
      { opType: 'Relu', input: ['c2'], output: ['y'] },
    ],
    [1, 1, S, S, S],
    [1, C, S, S, S],
    [weights('w1', [C, 1, 3, 3, 3]), weights('b1', [C]), weights('w2', [C, C, 3, 3, 3]), weights('b2', [C])],
  );
const E = 128;
const elementwiseModel = () =>
  model(
    [
      { opType: 'Relu', input: ['x'], output: ['r'] },
      { opType: 'Add', input: ['r', 'x'], output: ['y'] },
    ],
    [1, 1, E, E, E],
    [1, 1, E, E, E],
  );
const tinyModel = () => model([{ opType: 'Relu', input: ['x'], output: ['y'] }], [1, 1, 2, 2, 2], [1, 1, 2, 2, 2]);

async function ortFigures(inference: InferenceRuntime) {
  const run = (bytes: Uint8Array, sha256: string, dims: number[]) => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).map((_, i) => (i % 97) / 97);
    // A fresh plain Uint8Array per call: the runtime transfers (detaches) what it is given.
    return () => inference.run({ sha256, bytes: async () => new Uint8Array(bytes) }, { x: { dims, data: data.slice() } });
  };
  const conv = convModel();
  const elem = elementwiseModel();
  const tiny = tinyModel();
  const convCost = countGraph(readOnnxGraphLite(conv), {});
  const elemCost = countGraph(readOnnxGraphLite(elem), {});
  // Fake content hashes: unique per benchmark model so each gets its own cached session.
  const tinyM = await measure(run(tiny, 'c'.repeat(63) + '1', [1, 1, 2, 2, 2]), 5);
  const elemM = await measure(run(elem, 'c'.repeat(63) + '2', [1, 1, E, E, E]));
  const convM = await measure(run(conv, 'c'.repeat(63) + '3', [1, 1, S, S, S]));
  const call = tinyM.cpu;
  const perGB = Math.max(0, elemM.cpu - call) / (elemCost.lightBytes / GB);
  // Conv priced all-in per FLOP; only the benchmark's Relus are priced per byte.
  const perGflop = Math.max(1e-6, convM.cpu - call - (convCost.lightBytes / GB) * perGB) / (convCost.heavyFlops / 1e9);
  return { ortCallCpuSeconds: call, ortCpuSecondsPerGB: perGB, ortCpuSecondsPerGflop: perGflop, ortWallPerCpu: convM.wall / Math.max(convM.cpu, 1e-9) };
}

async function jsFigures() {
  const phantom = makeHeadPhantom({ size: 96 });
  const src = phantom.volume.data;
  // One pass: read uint8 voxels, write float32 (what a normalise/crop/argmax pass does per byte).
  const out = new Float32Array(src.length);
  const pass = await measure(() => {
    let min = Infinity;
    for (let i = 0; i < src.length; i++) if (src[i] < min) min = src[i];
    for (let i = 0; i < src.length; i++) out[i] = (src[i] - min) * 0.5;
  });
  const packed = gzip(src as Uint8Array, 1);
  const inflate = await measure(() => gunzip(packed));
  const labels = phantom.labels.data as Uint8Array;
  let compressed = 0;
  const deflate = await measure(() => (compressed = gzip(labels, 1).byteLength));
  return {
    jsCpuSecondsPerGB: pass.cpu / ((src.byteLength + out.byteLength) / GB),
    inflateCpuSecondsPerGB: inflate.cpu / (src.byteLength / GB),
    deflateCpuSecondsPerGB: deflate.cpu / (labels.byteLength / GB),
    deflateRatio: labels.byteLength / Math.max(1, compressed),
  };
}

export async function measureCalibration(inference: InferenceRuntime): Promise<Calibration> {
  const js = await jsFigures();
  const kernelCpuSecondsPerGB = await kernelFigures((fn) => measure(fn, 3));
  const ort = await ortFigures(inference);
  return { ...ort, ...js, kernelCpuSecondsPerGB, baselineRssBytes: process.memoryUsage.rss(), measuredAt: new Date().toISOString(), host: os.hostname() };
}

const FILE = 'cost-calibration.json';
let cached: Promise<Calibration> | undefined;

/**
 * The calibration of this machine: read from `<dataDir>/cost-calibration.json`, measured once
 * (and written there) when the file is missing or was measured on another host.
 */
export function getCalibration(dataDir: string, inference: () => Promise<InferenceRuntime>, opts: { refresh?: boolean } = {}): Promise<Calibration> {
  if (cached && !opts.refresh) return cached;
  cached = (async () => {
    const file = path.join(dataDir, FILE);
    if (!opts.refresh && existsSync(file)) {
      const c = JSON.parse(readFileSync(file, 'utf8')) as Calibration;
      if (c.host === os.hostname() && c.ortCpuSecondsPerGflop > 0 && c.kernelCpuSecondsPerGB) return c;
    }
    const runtime = await inference();
    const c = await measureCalibration(runtime).finally(() => runtime.dispose());
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(c, null, 2));
    return c;
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}
