import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../drizzle/client';
import { syntheticDicom } from '../../runtimes/imaging/dicom/fixtures';
import { readDicomSeriesAsync } from '../../runtimes/imaging/dicom/series-async';
import { createKernelContext } from '../../workflows/context';
import { LocalBlobStore } from '../blobs/local-store';
import { createRunDepsFor } from './deps';

const dir = mkdtempSync(path.join(tmpdir(), 'dicom-run-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inference = { target: 'server-cpu' as const, run: () => Promise.reject(new Error('no inference here')), dispose: async () => {} };

describe("the server's run deps: input.dicom-series reads the blob store's files", () => {
  it('the kernel they hand out reads the series from the blob files, never the blob bytes', async () => {
    const store = new LocalBlobStore(dir);
    const bytes = [2, 0, 1].map((k) => syntheticDicom({ rows: 64, cols: 48, instance: k + 1, position: [0, 0, k], signed: true, intercept: -1024 }));
    const refs = await Promise.all(bytes.map((b) => store.putBytes(b)));
    const files = refs.map((r, i) => ({ sha256: r.sha256, name: `${i}.dcm`, size: r.size }));
    const ref = await readDicomSeriesAsync(bytes, files.map((f) => f.name));
    const deps = createRunDepsFor({} as Db, store, inference, 60);
    const reads: string[] = [];
    const blobs = { putBytes: (b: Uint8Array) => store.putBytes(b), read: (sha: string) => (reads.push(sha), store.read(sha)), path: (sha: string) => store.path(sha) };
    const ctx = createKernelContext({ ...deps, blobs, recorder: { ...deps.recorder, nodeProgress: async () => {} } }, { runId: 'r', nodeId: 'in', input: { format: 'dicom', files } });
    const kernel = deps.kernels('input.dicom-series', 1)!;
    expect(await kernel.run({ node: { id: 'in', kind: 'input.dicom-series', version: 1, params: {} }, params: {}, inputs: {}, ctx })).toEqual({ volume: ref.volume, series: ref.series });
    expect(reads).toEqual([]);
  });
});
