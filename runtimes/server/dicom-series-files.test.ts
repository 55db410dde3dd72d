import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticDicom } from '../imaging/dicom/fixtures';
import { readDicomSeriesAsync } from '../imaging/dicom/series-async';
import { kernel } from '../imaging/kernels/input.dicom-series.kernel';
import { readFast } from './dicom-files';
import { BlobStore } from '../../server/blobs/store';
import { createKernelContext } from '../../workflows/context';
import { dicomSeriesFromBlobFiles } from './dicom-series-files';
import type { RunDeps } from '../../workflows/contract';

const dir = mkdtempSync(path.join(tmpdir(), 'dicom-blob-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('input.dicom-series on the server: blob files straight into the volume', () => {
  it('reads BlobStore files via the file fast path, the same result as the in-memory reader', async () => {
    const store = new BlobStore(dir);
    const bytes = [2, 0, 1].map((k) => syntheticDicom({ rows: 64, cols: 48, instance: k + 1, position: [0, 0, k], signed: true, intercept: -1024 }));
    const refs = await Promise.all(bytes.map((b) => store.putBytes(b)));
    const files = refs.map((r, i) => ({ sha256: r.sha256, name: `${i}.dcm`, size: r.size }));
    const ref = await readDicomSeriesAsync(bytes, files.map((f) => f.name));
    expect(await dicomSeriesFromBlobFiles(store, files)).toEqual(ref);
    expect(await readFast(files.map((f) => store.path(f.sha256)), files.map((f) => f.name))).toEqual(ref); // the file fast path took it
    // Through the executors' KernelContext: the kernel never reads the blob bytes.
    const reads: string[] = [];
    const blobs = { putBytes: (b: Uint8Array) => store.putBytes(b), read: (sha: string) => (reads.push(sha), store.read(sha)), path: (sha: string) => store.path(sha) };
    const deps = { blobs, recorder: { nodeProgress: async () => {} } } as unknown as RunDeps;
    const ctx = createKernelContext(deps, { runId: 'r', nodeId: 'in', input: { format: 'dicom', files } });
    const out = await kernel.run({ node: { id: 'in', kind: 'input.dicom-series', version: 1, params: {} }, params: {}, inputs: {}, ctx });
    expect(out).toEqual({ volume: ref.volume, series: ref.series });
    expect(reads).toEqual([]);
  });

  it('answers undefined (the kernel reads blobs) without file paths or with a missing blob', async () => {
    const store = new BlobStore(dir);
    const ref = await store.putBytes(syntheticDicom({}));
    const files = [{ sha256: ref.sha256, name: 'a.dcm', size: ref.size }];
    expect(await dicomSeriesFromBlobFiles({ putBytes: store.putBytes.bind(store), read: store.read.bind(store) }, files)).toBeUndefined();
    expect(await dicomSeriesFromBlobFiles(store, [...files, { sha256: 'e'.repeat(64), name: 'gone.dcm', size: 1 }])).toBeUndefined();
    await expect(dicomSeriesFromBlobFiles(store, files)).resolves.toMatchObject({ volume: { type: 'volume' } });
  });
});
