// Conform and resample of a 256^3 volume against the machine's memcpy, measured side by side in
// one process (`npm run bench -- --only=geometry`): bytes moved / (time x memcpy bandwidth).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Geometry, VolumeValue } from '../runtimes/core/values';
import { writeDemoScan } from '../demo/scan';
import { readNifti } from '../runtimes/imaging/nifti';
import { conformedGrid, scaleToUint8 } from '../runtimes/imaging/ops/conform';
import { percentiles } from '../runtimes/imaging/ops/percentile';
import { resample, resampledGrid, type Interpolation } from '../runtimes/imaging/ops/resample';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function time(reps: number, f: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** The same volume tilted 7 degrees about z: every output voxel needs a real interpolation. */
function tilted(g: Geometry): Geometry {
  const c = Math.cos(0.122), s = Math.sin(0.122);
  const d = g.direction;
  const rot = (col: number) => [c * d[col * 3] - s * d[col * 3 + 1], s * d[col * 3] + c * d[col * 3 + 1], d[col * 3 + 2]];
  return { ...g, direction: [...rot(0), ...rot(1), ...rot(2)] as Geometry['direction'] };
}

export function geometryBench(corpusDir: string, log: (...a: unknown[]) => void, reps = 3) {
  const t1 = path.join(corpusDir, 'models', 't1_crop_256_uint8.nii.gz');
  const volume: VolumeValue = readNifti(existsSync(t1) ? new Uint8Array(readFileSync(t1)) : writeDemoScan({ size: 256 }));
  const src = volume.data;
  const bytesIn = src.byteLength;
  // memcpy bandwidth of this machine now: copy a buffer as large as the float32 output.
  const big = new Uint8Array(bytesIn * 4);
  const dst = new Uint8Array(big.length);
  const memcpyMs = time(reps + 2, () => dst.set(big));
  const bandwidth = big.length / memcpyMs; // bytes per ms
  const out: Record<string, unknown> = { input: existsSync(t1) ? 't1_crop_256_uint8' : 'phantom 256^3', dims: volume.geometry.dims, threads: 1, memcpyGBps: round(bandwidth / 1e6, 2) };
  const figure = (name: string, outBytes: number, ms: number) => {
    const moved = bytesIn + outBytes;
    out[name] = { ms: round(ms, 1), bytesMoved: moved, ofMemcpy: round(moved / (ms * bandwidth)) };
    log(`${name}: ${round(ms, 1)} ms, ${round(moved / (ms * bandwidth))} of memcpy`);
  };
  const to = tilted(volume.geometry);
  for (const mode of ['nearest', 'linear', 'cubic'] as Interpolation[]) {
    const ms = time(reps, () => resample(src, volume.geometry, to, mode));
    figure(`resample-${mode}`, mode === 'nearest' ? bytesIn : bytesIn * 4, ms);
  }
  const half = resampledGrid(volume.geometry, { spacing: [1.3, 1.3, 1.3] });
  figure('resample-linear-1.3mm', half.dims[0] * half.dims[1] * half.dims[2] * 4, time(reps, () => resample(src, volume.geometry, half, 'linear')));
  const grid = conformedGrid(tilted(volume.geometry), 256, 1, 'LIA');
  figure('conform', 256 ** 3, time(reps, () => {
    const [lo, hi] = percentiles(src, [0, 99.9]);
    scaleToUint8(resample(src, to, grid, 'linear', lo), lo, hi);
  }));
  return { ...out, goal: 'ofMemcpy >= 0.3 for linear on 2 threads; this is 1 thread (no parallel resample yet)' };
}
