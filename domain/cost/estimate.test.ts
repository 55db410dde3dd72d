import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../graph/schema';
import type { Calibration } from './calibration';
import { findSpec } from '../nodes/catalogue';
import { estimateRun, kernelBytes } from './estimate';
import { tilesAlong } from './node-cost';
import type { OnnxGraphLite } from './onnx-graph';

const calibration: Calibration = {
  ortCpuSecondsPerGflop: 0.02,
  ortCpuSecondsPerGB: 1,
  ortCallCpuSeconds: 0.001,
  ortWallPerCpu: 0.5,
  jsCpuSecondsPerGB: 2,
  inflateCpuSecondsPerGB: 5,
  deflateCpuSecondsPerGB: 3,
  deflateRatio: 20,
  baselineRssBytes: 1e8,
  measuredAt: '2026-01-01T00:00:00.000Z',
  host: 'test',
};
const rates = { cpuSecond: 1, gbSecond: 0, gbMonth: 0, gbDownloaded: 0 };
/** One 1x1x1 Conv, 1 -> 2 channels, no bias (4 FLOPs per voxel), then a Relu. */
const conv: OnnxGraphLite = {
  inputs: [{ name: 'x', shape: [null, 1, null, null, null] }],
  outputs: ['y'],
  initializers: { w: { dims: [2, 1, 1, 1, 1], elementBytes: 4 } },
  nodes: [
    { opType: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: {} },
    { opType: 'Relu', inputs: ['c'], outputs: ['y'], attrs: {} },
  ],
};
const graph = (nodes: PipelineGraph['nodes'], chain: string[][]): PipelineGraph => ({
  schema: 'studio.pipeline/v1',
  name: 't',
  description: '',
  nodes,
  edges: chain.map(([s, sp, t, tp], i) => ({ id: `e${i}`, source: { node: s, port: sp }, target: { node: t, port: tp } })),
});

describe('tilesAlong (as runtimes/imaging/ops/tile.ts)', () => {
  it('counts tiles with stride size - overlap', () => {
    expect(tilesAlong(256, 64, 0)).toBe(4);
    expect(tilesAlong(64, 64, 0)).toBe(1);
    expect(tilesAlong(100, 64, 16)).toBe(2); // [0,64) and [48,112) cover 100
  });
});

describe('estimateRun', () => {
  it('counts model FLOPs per tile and batch call, and prices CPU-seconds with the calibration', () => {
    const g = graph(
      [
        { id: 'in', kind: 'input.nifti', version: 1, params: {} },
        { id: 'tile', kind: 'pre.tile', version: 1, params: { size: 8, overlap: 0 } },
        { id: 'model', kind: 'model.onnx', version: 1, params: { model: { file: 'm.onnx' }, batchSize: 2 } },
      ],
      [['in', 'volume', 'tile', 'volume'], ['tile', 'tiles', 'model', 'input']],
    );
    const e = estimateRun({
      graph: g,
      input: { dims: [16, 16, 8], bytesPerVoxel: 1, fileBytes: 1000, gzip: false },
      models: () => ({ graph: conv }),
      calibration,
      rates,
    });
    const model = e.nodes.find((n) => n.nodeId === 'model')!;
    // 2 x 2 x 1 = 4 tiles of 8^3, batches of 2 -> 2 calls of [2,1,8,8,8]: Conv 4 FLOPs x 1024 voxels, Relu 1 x 2048
    expect(model.flops).toBe(2 * (4 * 1024 + 2048));
    // Conv priced per FLOP; the Relu per byte it moves (2048 floats in, 2048 out)
    const reluBytes = 2 * 2048 * 4;
    const cpu = 2 * ((4 * 1024) / 1e9 * 0.02 + reluBytes / 1e9 * 1 + 0.001);
    expect(model.usage.cpuSeconds).toBeCloseTo(cpu, 12);
    expect(model.wallSeconds).toBeCloseTo(cpu * 0.5, 12);
    expect(model.price.cpuNano).toBe(Math.round(cpu * 1e9));
    expect(e.total.price.totalNano).toBe(e.nodes.reduce((a, n) => a + n.price.totalNano, 0));
  });

  it('a model the server does not know still gets the per-call overhead and a note', () => {
    const g = graph([{ id: 'in', kind: 'input.nifti', version: 1, params: {} }, { id: 'model', kind: 'model.onnx', version: 1, params: { model: { file: 'x.onnx' } } }], [['in', 'volume', 'model', 'input']]);
    const e = estimateRun({ graph: g, input: { dims: [4, 4, 4], bytesPerVoxel: 1, fileBytes: 64, gzip: false }, models: () => undefined, calibration, rates });
    expect(e.nodes[1].notes[0]).toMatch(/unknown/);
    expect(e.nodes[1].usage.cpuSeconds).toBe(0.001);
  });
});

describe('kernelBytes and measured kernels', () => {
  it('charges readers for their file, the overlay for one RGBA slice', () => {
    const b = { inBytes: 100, outBytes: 50, fileBytes: 7, spatial: [4, 5, 6] as [number, number, number] };
    expect(kernelBytes(findSpec('input.nifti', 1), b)).toBe(157);
    expect(kernelBytes(findSpec('post.argmax', 1), b)).toBe(150);
    expect(kernelBytes(findSpec('output.overlay-png', 1), b)).toBe(80);
  });

  it('Secondary Capture: one RGB image per chosen slice, all slices when none is chosen', () => {
    const sc = (params: Record<string, unknown>) => {
      const g = graph([{ id: 'in', kind: 'input.nifti', version: 1, params: {} }, { id: 'sc', kind: 'output.dicom-sc', version: 1, params }], [['in', 'volume', 'sc', 'labels']]);
      return estimateRun({ graph: g, input: { dims: [16, 16, 8], bytesPerVoxel: 1, fileBytes: 2048, gzip: false }, models: () => undefined, calibration, rates }).nodes[1];
    };
    const one = sc({ slice: 3 });
    const all = sc({});
    expect(one.notes).toEqual([]); // a cost model of its own, not the generic fallback
    expect(one.usage.storedBytes).toBe((16 * 16 * 3) / 20);
    expect(all.usage.storedBytes).toBe((16 * 16 * 3 * 8) / 20);
    expect(all.usage.cpuSeconds).toBeGreaterThan(one.usage.cpuSeconds);
  });

  it('a measured kernel rate replaces the costWeight pass model', () => {
    const g = graph([{ id: 'in', kind: 'input.nifti', version: 1, params: {} }, { id: 'n', kind: 'pre.normalize', version: 1, params: {} }], [['in', 'volume', 'n', 'volume']]);
    const input = { dims: [10, 10, 10] as [number, number, number], bytesPerVoxel: 1, fileBytes: 500, gzip: true };
    const e = estimateRun({ graph: g, input, models: () => undefined, calibration: { ...calibration, kernelCpuSecondsPerGB: { 'pre.normalize': 10 } }, rates });
    // normalize moves 1000 uint8 in + 1000 float32 out = 5000 bytes at 10 s/GB
    expect(e.nodes[1].usage.cpuSeconds).toBeCloseTo(5000 / 1e9 * 10, 15);
    // the reader has no measured rate: gunzip of 1000 bytes + one pass over file + volume
    expect(e.nodes[0].usage.cpuSeconds).toBeCloseTo((1000 / 1e9) * 5 + (1500 / 1e9) * 2, 15);
  });
});
