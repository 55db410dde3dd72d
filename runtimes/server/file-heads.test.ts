import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { NIFTI_PREFIX_BYTES, niftiHeadOf, readNiftiHead, readPrefix } from './file-heads';

const dir = mkdtempSync(path.join(tmpdir(), 'file-heads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A header-sized start followed by a large body of noise (compresses poorly: the prefix holds only its start).
const content = new Uint8Array(4 << 20).map((_, i) => (i * 2654435761) >>> 24);

describe('file heads', () => {
  it('takes the NIfTI header out of a gzip prefix without the body, and from a raw file as is', async () => {
    const gz = gzipSync(content);
    expect(gz.length).toBeGreaterThan(NIFTI_PREFIX_BYTES);
    expect(await niftiHeadOf(gz.subarray(0, NIFTI_PREFIX_BYTES))).toEqual(content.subarray(0, 352));
    const file = path.join(dir, 'a.nii.gz');
    writeFileSync(file, gz);
    expect(await readNiftiHead(file)).toEqual(content.subarray(0, 352));
    expect(await niftiHeadOf(content)).toEqual(content.subarray(0, 352));
  });

  it('returns what came out of a prefix too short for the header', async () => {
    const head = await niftiHeadOf(gzipSync(content).subarray(0, 40));
    expect(head.length).toBeLessThan(352);
    expect(head).toEqual(content.subarray(0, head.length));
  });

  it('reads at most n bytes of a file', async () => {
    const file = path.join(dir, 'b.bin');
    writeFileSync(file, new Uint8Array([1, 2, 3]));
    expect([...(await readPrefix(file, 2))]).toEqual([1, 2]);
    expect([...(await readPrefix(file, 10))]).toEqual([1, 2, 3]);
  });
});
