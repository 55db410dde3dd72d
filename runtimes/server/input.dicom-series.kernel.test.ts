import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../domain/graph/schema';
import { memoryInput } from '../core/memory-context';
import { lookupKernel } from '../core/registry';
import { syntheticDicom } from '../imaging/dicom/fixtures';
import { readDicomSeriesAsync } from '../imaging/dicom/series-async';
import { kernel as generic } from '../imaging/kernels/input.dicom-series.kernel';
import { testContext } from '../imaging/kernels/testing';
import './index';
import { kernel } from './input.dicom-series.kernel';

const dir = mkdtempSync(path.join(tmpdir(), 'dicom-blob-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const node: NodeInstance = { id: 'in', kind: 'input.dicom-series', version: 1, params: {} };

/** Three CT slices as blobs: their bytes by sha256, and a file per blob named by its sha256 in `dir`. */
async function series() {
  const bytes = [2, 0, 1].map((k) => syntheticDicom({ rows: 64, cols: 48, instance: k + 1, position: [0, 0, k], signed: true, intercept: -1024 }));
  const { input, blobs } = await memoryInput('dicom', bytes.map((b, i) => ({ name: `${i}.dcm`, bytes: b })));
  for (const [sha, b] of blobs) writeFileSync(path.join(dir, sha), b);
  const ref = await readDicomSeriesAsync(bytes, input.files.map((f) => f.name));
  return { input, blobs, ref: { volume: ref.volume, series: ref.series } };
}

describe('input.dicom-series on the server: blob files straight into the volume', () => {
  it('is the kernel the registry hands out once runtimes/server is loaded', () => {
    expect(lookupKernel('input.dicom-series', 1)).toBe(kernel);
    expect(kernel).not.toBe(generic);
  });

  it('reads the blob files, never the blob bytes: the same outputs as the catalogue kernel', async () => {
    const { input, ref } = await series();
    const { ctx, progress } = testContext({
      input,
      blobPath: (sha) => path.join(dir, sha),
      readBlob: () => Promise.reject(new Error('the file path must not read blobs')),
    });
    expect(await kernel.run({ node, params: {}, inputs: {}, ctx })).toEqual(ref);
    expect(progress.at(-1)).toBe(1);
  });

  it('reads the blob bytes without file paths or with a file missing; refuses a NIfTI input', async () => {
    const { input, blobs, ref } = await series();
    const readBlob = async (sha: string) => blobs.get(sha)!;
    const noPaths = testContext({ input, readBlob });
    expect(await kernel.run({ node, params: {}, inputs: {}, ctx: noPaths.ctx })).toEqual(ref);
    const missing = testContext({ input, readBlob, blobPath: (sha) => (sha === input.files[1].sha256 ? path.join(dir, 'gone') : path.join(dir, sha)) });
    expect(await kernel.run({ node, params: {}, inputs: {}, ctx: missing.ctx })).toEqual(ref);
    const undefinedPath = testContext({ input, readBlob, blobPath: () => undefined });
    expect(await kernel.run({ node, params: {}, inputs: {}, ctx: undefinedPath.ctx })).toEqual(ref);
    const nifti = testContext({ input: { format: 'nifti', files: [] }, blobPath: (sha) => path.join(dir, sha) });
    await expect(kernel.run({ node, params: {}, inputs: {}, ctx: nifti.ctx })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});
