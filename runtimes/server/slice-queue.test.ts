import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { simdBuffer } from '../imaging/dicom/simd-rescale';
import { SliceQueue } from './slice-queue';

const dir = mkdtempSync(path.join(tmpdir(), 'slice-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `n` files of a 100-byte header and `values` int16 each (slice k holds k*500 - 500 + i % 997). */
function slices(n: number, values: number) {
  return Array.from({ length: n }, (_, k) => {
    const px = Int16Array.from({ length: values }, (_, i) => k * 500 + (i % 997) - 500);
    const file = path.join(dir, `${n}-${values}-${k}.bin`);
    writeFileSync(file, Buffer.concat([Buffer.alloc(100, 7), Buffer.from(px.buffer)]));
    return { file, px };
  });
}

/**
 * The queue's control words (drainQueue's layout: 0 = jobs claimed, 1 = failed). The helper
 * thread claims job i before it waits for it to be published, so `claimed > i` means it holds
 * job i, and `claimed > i + 1` that it finished job i and waits for the next one.
 */
const control = (q: SliceQueue) => Reflect.get(q, 'control') as Int32Array;
/** Resolves once the helper thread claimed `jobs` jobs, or failed (polls the shared words: no fixed delay). */
const helperClaimed = (q: SliceQueue, jobs: number) =>
  vi.waitFor(() => expect(Atomics.load(control(q), 0) >= jobs || Atomics.load(control(q), 1) !== 0).toBe(true), { timeout: 30_000, interval: 2 });

async function run(n: number, values: number, opts: { shared: boolean; intercept: number; waitForHelper: boolean; trickle?: boolean }) {
  const files = slices(n, values);
  const buffer = simdBuffer(n * values * 2 + 65536, { shared: opts.shared });
  const fds = files.map((f) => openSync(f.file, 'r'));
  try {
    // Reverse order into the volume: job k fills slot n-1-k.
    const q = new SliceQueue(buffer, n, n * values * 2, 0);
    for (const [k, fd] of fds.entries()) {
      q.push({ fd, pixelOffset: 100, pixelBytes: values * 2, tail: 0, dst: (n - 1 - k) * values * 2, intercept: opts.intercept });
      // jobs published one by one: the helper thread takes each, then waits for the next
      if (opts.trickle) await helperClaimed(q, k + 2);
    }
    if (opts.waitForHelper) await helperClaimed(q, n); // the helper thread holds every job before this thread joins in
    const ok = await q.finish();
    const got = new Int16Array(buffer, 0, n * values);
    const want = new Int16Array(n * values);
    files.forEach((f, k) => want.set(f.px.map((v) => v + opts.intercept), (n - 1 - k) * values));
    return { ok, same: Buffer.compare(Buffer.from(got.buffer, 0, got.byteLength), Buffer.from(want.buffer)) === 0, takenHere: q.takenHere };
  } finally {
    fds.forEach(closeSync);
  }
}

describe('SliceQueue', () => {
  it('the helper thread alone fills and rescales every slice of a shared volume (odd lengths: SIMD blocks and scalar tails)', async () => {
    const r = await run(6, 70_001, { shared: true, intercept: -1024, waitForHelper: true });
    expect(r).toEqual({ ok: true, same: true, takenHere: 0 });
  });

  it('this thread alone on a plain buffer, and both threads at once on a shared one', async () => {
    expect(await run(5, 40_000, { shared: false, intercept: 300, waitForHelper: false })).toEqual({ ok: true, same: true, takenHere: 5 });
    const both = await run(40, 33_333, { shared: true, intercept: -7, waitForHelper: false });
    expect([both.ok, both.same]).toEqual([true, true]);
  });

  it('the helper thread waits for jobs published one by one and takes each as it comes', async () => {
    const r = await run(5, 50_000, { shared: true, intercept: 1000, waitForHelper: true, trickle: true });
    expect(r).toEqual({ ok: true, same: true, takenHere: 0 });
  });

  it('cancel stops the helper before the jobs left and reports the queue failed', async () => {
    const files = slices(4, 1000);
    const buffer = simdBuffer(4 * 2000 + 65536, { shared: true });
    const fds = files.map((f) => openSync(f.file, 'r'));
    try {
      const q = new SliceQueue(buffer, 4, 8000, 0);
      await q.cancel();
      expect(() => q.push({ fd: fds[0], pixelOffset: 100, pixelBytes: 2000, tail: 0, dst: 0, intercept: 0 })).toThrow(/after close/);
      expect(await q.finish()).toBe(false);
      expect(new Int16Array(buffer, 0, 4000).every((v) => v === 0)).toBe(true);
    } finally {
      fds.forEach(closeSync);
    }
  });

  it('an int16 overflow in a slice the helper takes fails the queue', async () => {
    const r = await run(3, 70_001, { shared: true, intercept: -32300, waitForHelper: true }); // -500 - 32300 < -32768
    expect([r.ok, r.takenHere]).toEqual([false, 0]);
  });
});
