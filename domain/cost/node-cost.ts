import type { ModelRef } from '../models/signature';
import type { Calibration } from './calibration';
import type { OnnxGraphLite } from './onnx-graph';

/**
 * What a node spec's cost model (`NodeSpec.cost`) sees and returns. Values flowing between
 * nodes are tracked by element count and element size only (estimate.ts folds the specs'
 * cost models over the plan).
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

/** A value on a port, by size. */
export interface Val {
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

export interface NodeWork {
  outputs: Record<string, Val>;
  cpuSeconds: number;
  wallSeconds?: number;
  flops?: number;
  bytesMoved?: number;
  storedBytes?: number;
  extraMemory?: number;
  notes?: string[];
}

export interface CostContext<P> {
  /** Params parsed by the spec (on an invalid draft: each valid field, else its default). */
  params: P;
  /** Values on the connected input ports, and the first of them. */
  ins: Record<string, Val>;
  first: Val | undefined;
  inBytes: number;
  /** The run's scan. */
  input: InputInfo;
  calibration: Calibration;
  /** CPU-seconds of `bytes` moved at the spec's costWeight passes (JavaScript pass rate). */
  pass(bytes: number): number;
  /** The graph of the node's model (its first model param, `NodeSpec.modelParams`), if known. */
  model(): ModelInfo | undefined;
}

/** Sizes a measured kernel is charged for (calibration.kernelCpuSecondsPerGB is per GB of it). */
export interface MovedBytes {
  inBytes: number;
  outBytes: number;
  fileBytes: number;
  spatial: [number, number, number];
}

export interface NodeCost<P> {
  work(ctx: CostContext<P>): NodeWork;
  /** Bytes the kernel is charged as moving; default inputs + outputs (+ the file for input nodes). */
  movedBytes?(b: MovedBytes): number;
}

/** Resolves a model reference to its graph (the server reads the ONNX files it holds). */
export type ModelGraphs = (ref: ModelRef) => ModelInfo | undefined;

export const GB = 1e9;
export const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
export const bytes = (v: Val | undefined) => (v ? v.elements * v.elemBytes : 0);

export function volume(spatial: [number, number, number], elemBytes: number, channels = 1): Val {
  return { elements: prod(spatial) * channels, elemBytes, spatial, channels, batch: 1 };
}

/** Tiles along one axis, as runtimes/imaging/ops/tile.ts cuts them. */
export function tilesAlong(dim: number, size: number, overlap: number): number {
  const stride = size - overlap;
  return dim <= size ? 1 : Math.ceil((dim - size) / stride) + 1;
}

/** Writers' deflate time and stored size of `b` bytes at the measured rates. */
export const deflate = (b: number, c: Calibration) => ({ cpuSeconds: (b / GB) * c.deflateCpuSecondsPerGB, storedBytes: b / c.deflateRatio });

/** A file writer: one pass over its inputs, deflated into the stored file. */
export const writerCost: NodeCost<unknown> = {
  work: ({ inBytes, pass, calibration }) => {
    const d = deflate(inBytes, calibration);
    return { outputs: {}, cpuSeconds: d.cpuSeconds + pass(inBytes), storedBytes: d.storedBytes };
  },
};
