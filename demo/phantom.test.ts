import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { makeHeadPhantom } from './phantom';

const sha = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('makeHeadPhantom', () => {
  const { volume, labels } = makeHeadPhantom();

  it('is a 128^3 uint8 volume, 1.5 mm, LPS identity, centred at the origin', () => {
    expect(volume.dtype).toBe('uint8');
    expect(volume.data).toBeInstanceOf(Uint8Array);
    expect(volume.data.length).toBe(128 ** 3);
    const g = volume.geometry;
    expect(g.dims).toEqual([128, 128, 128]);
    expect(g.spacing).toEqual([1.5, 1.5, 1.5]);
    expect(g.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // centre of the voxel grid: origin + spacing * (dims - 1) / 2 = 0 on every axis
    for (let a = 0; a < 3; a++) expect(g.origin[a] + (g.spacing[a] * (g.dims[a] - 1)) / 2).toBeCloseTo(0, 9);
    expect(labels.geometry).toEqual(g);
  });

  it('is deterministic (seeded), and a different seed changes only the noise', () => {
    const again = makeHeadPhantom();
    expect(sha(again.volume.data)).toBe(sha(volume.data));
    const other = makeHeadPhantom({ seed: 7 });
    expect(sha(other.volume.data)).not.toBe(sha(volume.data));
    expect(sha(other.labels.data)).toBe(sha(labels.data));
  });

  it('has every tissue, ordered like a T1: CSF < grey < white < scalp, spanning 0..255', () => {
    const sums = new Float64Array(5);
    const counts = new Float64Array(5);
    let min = 255, max = 0;
    for (let i = 0; i < volume.data.length; i++) {
      sums[labels.data[i]] += volume.data[i];
      counts[labels.data[i]]++;
      min = Math.min(min, volume.data[i]);
      max = Math.max(max, volume.data[i]);
    }
    const mean = [...sums].map((s, k) => s / counts[k]);
    for (const c of counts) expect(c).toBeGreaterThan(5000);
    expect(mean[0]).toBeLessThan(mean[1]);
    expect(mean[1]).toBeLessThan(mean[2]);
    expect(mean[2]).toBeLessThan(mean[3]);
    expect(mean[3]).toBeLessThan(mean[4]);
    expect([min, max]).toEqual([0, 255]);
    // the head is mostly inside the field of view, not touching its faces
    expect(labels.data[0]).toBe(0);
    expect(labels.data[64 + 128 * (64 + 128 * 64)]).toBe(3);
  });

  it('honours size', () => {
    const small = makeHeadPhantom({ size: 32 });
    expect(small.volume.geometry.dims).toEqual([32, 32, 32]);
    expect(small.volume.data.length).toBe(32 ** 3);
  });
});
