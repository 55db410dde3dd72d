import type { PipelineGraph } from '../graph/schema';
import { planExecution } from '../graph/plan';
import type { Calibration } from './calibration';
import { countGraph, type GraphCost } from './flops';
import type { OnnxGraphLite } from './onnx-graph';
import { peakMemory, type MemoryStep, type PeakMemory } from './peak-memory';
import { priceUsage, sumUsage, type Price, type Rates, type Usage } from './pricing';

/**
 * Cost estimate of a run from the pipeline graph, the input's header and the model graphs.
 * Values flowing between nodes are tracked by element count and element size only; each node
 * kind maps to the work its kernel does:
 * - model.onnx: FLOPs and bytes of the ONNX graph (flops.ts) per batch call, priced with the
 *   onnxruntime calibration;
 * - gzip readers / writers: bytes inflated / deflated at the measured rates;
 * - every other kernel: (input + output bytes, + the file for readers) x that kernel's CPU per
 *   byte measured on this machine (calibration.kernelCpuSecondsPerGB); kinds not measured:
 *   the node's catalogue `costWeight` passes at the measured JavaScript pass rate.
 * Memory is the process floor (baseline RSS) plus the node's inputs and outputs, held for the
 * node's estimated wall time (the same definition the meter measures: process RSS x wall).
 */
export interface InputInfo {
  /** Volume dims [x, y, z] and bytes per voxel of the scan as read. */
  dims: [number, number, number];
  bytesPerVoxel: number;
  /** Bytes of the stored files (compressed size for .nii.gz). */
  fileBytes: number;
  gzip: boolean;
}

export interface ModelInfo {
  graph: OnnxGraphLite;
}

export interface NodeEstimate {
  nodeId: string;
  kind: string;
  flops: number;
  bytesMoved: number;
  usage: Usage;
  wallSeconds: number;
  price: Price;
  /** Why the figure is rougher than usual (unknown op shapes, unknown model...). */
  notes: string[];
}

export interface RunEstimate {
  nodes: NodeEstimate[];
  /** Largest memory the run holds at once, beyond the process floor (peak-memory.ts). */
  peakMemory: PeakMemory;
  total: { usage: Usage; wallSeconds: number; price: Price; flops: number };
  rates: Rates;
  calibratedAt: string;
}

interface Val {
  elements: number;
  elemBytes: number;
  /** spatial [x, y, z] of the (untiled) volume and channels */
  spatial: [number, number, number];
  channels: number;
  /** batch count (tiles) */
  batch: number;
  /** per-tile spatial when tiled */
  tile?: [number, number, number];
}

const GB = 1e9;
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const bytes = (v: Val | undefined) => (v ? v.elements * v.elemBytes : 0);

/** Tiles along one axis, as runtimes/imaging/ops/tile.ts cuts them. */
export function tilesAlong(dim: number, size: number, overlap: number): number {
  const stride = size - overlap;
  return dim <= size ? 1 : Math.ceil((dim - size) / stride) + 1;
}

export interface EstimateArgs {
  graph: PipelineGraph;
  input: InputInfo;
  models: (params: Record<string, unknown>) => ModelInfo | undefined;
  /** node kind -> catalogue costWeight */
  costWeight: (kind: string) => number;
  calibration: Calibration;
  rates: Rates;
}

export function estimateRun(a: EstimateArgs): RunEstimate {
  const plan = planExecution(a.graph);
  const steps = 'steps' in plan ? plan.steps : [];
  const values = new Map<string, Record<string, Val>>();
  const c = a.calibration;
  const nodes: NodeEstimate[] = [];
  const memory: MemoryStep[] = [];
  for (const step of steps) {
    const node = a.graph.nodes.find((n) => n.id === step.nodeId)!;
    const ins: Record<string, Val> = {};
    for (const [port, src] of Object.entries(step.bindings)) {
      const v = values.get(src.node)?.[src.port];
      if (v) ins[port] = v;
    }
    const r = estimateNode(node.kind, node.params ?? {}, ins, a);
    values.set(node.id, r.outputs);
    const inBytes = Object.values(ins).reduce((s, v) => s + bytes(v), 0);
    const outBytes = Object.values(r.outputs).reduce((s, v) => s + bytes(v), 0);
    // A kernel measured on this machine: its CPU per byte moved replaces the costWeight model.
    const measured = node.kind === 'model.onnx' ? undefined : c.kernelCpuSecondsPerGB?.[node.kind];
    if (measured !== undefined) {
      const sp = Object.values(ins)[0]?.spatial ?? a.input.dims;
      const moved = kernelBytes(node.kind, { inBytes, outBytes, fileBytes: a.input.fileBytes, spatial: sp });
      r.cpuSeconds = (moved / GB) * measured;
      r.bytesMoved = moved;
    }
    memory.push({ nodeId: node.id, outputBytes: outBytes, reads: [...new Set(Object.values(step.bindings).map((b) => b.node))], workingBytes: workingBytes(node.kind, r, a.input) });
    const wallSeconds = r.wallSeconds ?? r.cpuSeconds;
    const held = c.baselineRssBytes + inBytes + outBytes + (r.extraMemory ?? 0);
    const usage: Usage = { cpuSeconds: r.cpuSeconds, byteSeconds: held * wallSeconds, storedBytes: r.storedBytes ?? 0 };
    nodes.push({
      nodeId: node.id,
      kind: node.kind,
      flops: r.flops ?? 0,
      bytesMoved: r.bytesMoved ?? inBytes + outBytes,
      usage,
      wallSeconds,
      price: priceUsage(usage, a.rates),
      notes: r.notes ?? [],
    });
  }
  const usage = sumUsage(nodes.map((n) => n.usage));
  // Sum of node prices (each rounded once), so per-node figures add up to the total shown.
  const price = nodes.reduce<Price>(
    (p, n) => ({
      cpuNano: p.cpuNano + n.price.cpuNano,
      memoryNano: p.memoryNano + n.price.memoryNano,
      storageNano: p.storageNano + n.price.storageNano,
      downloadNano: p.downloadNano + n.price.downloadNano,
      totalNano: p.totalNano + n.price.totalNano,
    }),
    { cpuNano: 0, memoryNano: 0, storageNano: 0, downloadNano: 0, totalNano: 0 },
  );
  return {
    nodes,
    peakMemory: peakMemory(memory),
    total: { usage, price, wallSeconds: nodes.reduce((s, n) => s + n.wallSeconds, 0), flops: nodes.reduce((s, n) => s + n.flops, 0) },
    rates: a.rates,
    calibratedAt: c.measuredAt,
  };
}

/**
 * Bytes a kernel is charged as moving (the unit of calibration.kernelCpuSecondsPerGB, used the
 * same way when calibrating): inputs + outputs, + the file for readers; the overlay renders one
 * RGBA slice, so its work scales with a slice, not the volume.
 */
export function kernelBytes(kind: string, b: { inBytes: number; outBytes: number; fileBytes: number; spatial: [number, number, number] }): number {
  if (kind === 'output.overlay-png') return b.spatial[0] * b.spatial[1] * 4;
  return b.inBytes + b.outBytes + (kind.startsWith('input.') ? b.fileBytes : 0);
}

/**
 * Working set besides inputs and outputs: a model's activations; a reader holds the file's bytes
 * and the decoded voxels as stored (the volume may be a further copy: scaling, byte swap).
 */
function workingBytes(kind: string, r: NodeWork, input: InputInfo): number {
  const reader = kind.startsWith('input.') ? input.fileBytes + prod(input.dims) * input.bytesPerVoxel : 0;
  return reader + (r.extraMemory ?? 0);
}

interface NodeWork {
  outputs: Record<string, Val>;
  cpuSeconds: number;
  wallSeconds?: number;
  flops?: number;
  bytesMoved?: number;
  storedBytes?: number;
  extraMemory?: number;
  notes?: string[];
}

function volume(spatial: [number, number, number], elemBytes: number, channels = 1): Val {
  return { elements: prod(spatial) * channels, elemBytes, spatial, channels, batch: 1 };
}

function estimateNode(kind: string, params: Record<string, unknown>, ins: Record<string, Val>, a: EstimateArgs): NodeWork {
  const c = a.calibration;
  const w = a.costWeight(kind);
  const pass = (b: number) => ((b * w) / GB) * c.jsCpuSecondsPerGB;
  const first = Object.values(ins)[0];
  const inBytes = Object.values(ins).reduce((s, v) => s + bytes(v), 0);
  switch (kind) {
    case 'input.nifti': {
      const out = volume(a.input.dims, a.input.bytesPerVoxel);
      const inflate = a.input.gzip ? (bytes(out) / GB) * c.inflateCpuSecondsPerGB : 0;
      return { outputs: { volume: out }, cpuSeconds: inflate + pass(bytes(out) + a.input.fileBytes), bytesMoved: a.input.fileBytes + bytes(out) };
    }
    case 'input.dicom-series': {
      const out = volume(a.input.dims, 4);
      return { outputs: { volume: out }, cpuSeconds: pass(a.input.fileBytes + bytes(out)) };
    }
    case 'pre.normalize': {
      const out = first ? { ...first, elemBytes: 4 } : volume(a.input.dims, 4);
      return { outputs: { volume: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    }
    case 'pre.crop-pad': {
      const size = (params.size as [number, number, number] | undefined) ?? [256, 256, 256];
      const out = volume(size, first?.elemBytes ?? 4);
      return { outputs: { volume: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    }
    case 'pre.tile': {
      const size = (params.size as number | undefined) ?? 64;
      const overlap = (params.overlap as number | undefined) ?? 0;
      const spatial = first?.spatial ?? a.input.dims;
      const n = spatial.map((d) => tilesAlong(d, size, overlap)).reduce((x, y) => x * y, 1);
      const out: Val = { elements: n * size ** 3, elemBytes: 4, spatial, channels: 1, batch: n, tile: [size, size, size] };
      return { outputs: { tiles: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    }
    case 'model.onnx':
      return estimateModel(params, first, a);
    case 'post.untile': {
      const out = first ? volume(first.spatial, 4, first.channels) : volume(a.input.dims, 4);
      return { outputs: { tensor: out }, cpuSeconds: pass(bytes(first) + bytes(out)) };
    }
    case 'post.argmax':
    case 'post.threshold': {
      const out = volume(first?.spatial ?? a.input.dims, 1);
      return { outputs: { labels: out }, cpuSeconds: pass(inBytes + bytes(out)) };
    }
    case 'post.label-volumes': {
      const report: Val = { elements: 1024, elemBytes: 1, spatial: [1, 1, 1], channels: 1, batch: 1 };
      return { outputs: { report }, cpuSeconds: pass(inBytes) };
    }
    case 'output.nifti-labels':
    case 'output.dicom-seg': {
      const deflate = (inBytes / GB) * c.deflateCpuSecondsPerGB;
      return { outputs: {}, cpuSeconds: deflate + pass(inBytes), storedBytes: inBytes / c.deflateRatio };
    }
    case 'output.overlay-png': {
      // One axial slice of image + labels, RGBA, deflated.
      const sp = ins.labels?.spatial ?? ins.image?.spatial ?? a.input.dims;
      const slice = sp[0] * sp[1] * 4;
      return { outputs: {}, cpuSeconds: pass(inBytes) + (slice / GB) * c.deflateCpuSecondsPerGB, storedBytes: slice / c.deflateRatio };
    }
    case 'output.dicom-sc': {
      // Each chosen slice rendered twice as RGB (UIDs from the pixels, then the files), deflated into the zip.
      const sp = ins.labels?.spatial ?? ins.image?.spatial ?? a.input.dims;
      const rgb = sp[0] * sp[1] * 3 * (typeof params.slice === 'number' ? 1 : sp[2]);
      return { outputs: {}, cpuSeconds: pass(inBytes) + 2 * pass(rgb) + (rgb / GB) * c.deflateCpuSecondsPerGB, storedBytes: rgb / c.deflateRatio };
    }
    case 'output.report-json':
      return { outputs: {}, cpuSeconds: pass(inBytes), storedBytes: inBytes };
    default: {
      const out = first ? { ...first } : volume(a.input.dims, 4);
      return { outputs: { out }, cpuSeconds: pass(inBytes + bytes(out)), notes: [`no cost model for ${kind}: one pass per costWeight`] };
    }
  }
}

function estimateModel(params: Record<string, unknown>, x: Val | undefined, a: EstimateArgs): NodeWork {
  const c = a.calibration;
  const model = a.models(params);
  const spatial = x?.tile ?? x?.spatial ?? a.input.dims;
  const batch = x?.batch ?? 1;
  const batchSize = Math.max(1, (params.batchSize as number | undefined) ?? 1);
  const calls = Math.ceil(batch / batchSize);
  if (!model) {
    const out: Val = { ...(x ?? volume(a.input.dims, 4)) };
    return { outputs: { output: out }, cpuSeconds: calls * c.ortCallCpuSeconds, notes: ['model graph unknown: FLOPs not counted'] };
  }
  const inp = model.graph.inputs[0];
  const per = Math.min(batchSize, batch);
  const shape = [per, x?.channels ?? 1, spatial[2], spatial[1], spatial[0]];
  const cost: GraphCost = countGraph(model.graph, { [inp.name]: shape });
  const outShape = Object.values(cost.outputs)[0] ?? shape;
  const channels = outShape[1] ?? 1;
  const out: Val = x?.tile
    ? { elements: batch * prod(outShape.slice(1)), elemBytes: 4, spatial: x.spatial, channels, batch, tile: x.tile }
    : { elements: batch * prod(outShape.slice(1)), elemBytes: 4, spatial, channels, batch: 1 };
  const cpuPerCall = (cost.heavyFlops / 1e9) * c.ortCpuSecondsPerGflop + (cost.lightBytes / GB) * c.ortCpuSecondsPerGB + c.ortCallCpuSeconds;
  const cpuSeconds = calls * cpuPerCall;
  const notes = cost.approximate.length ? [`shapes guessed for ${cost.approximate.join(', ')}`] : [];
  return {
    outputs: { output: out },
    cpuSeconds,
    wallSeconds: cpuSeconds * c.ortWallPerCpu,
    flops: calls * cost.flops,
    bytesMoved: calls * cost.bytes,
    extraMemory: 2 * cost.peakActivationBytes,
    notes,
  };
}
