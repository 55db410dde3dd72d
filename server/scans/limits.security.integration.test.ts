import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readNifti } from '../../runtimes/imaging/nifti/read';
import { installNativeGzip } from '../../runtimes/server/native-gzip';
import { niftiGz } from '../../test/nifti-bomb';
import { env } from '../env';
import { errorResponse } from '../errors';
import { listScans } from './repo';
import type { ServiceDeps } from '../context';
import { createTestServices } from '../test-fixtures';
import { uploadScan } from '../uploads/service';
import '../volume-limits';

const MiB = 1024 * 1024;
const LIMIT = 4096 * MiB;

function multipart(files: { name: string; bytes: Uint8Array }[]): Request {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>]), f.name);
  return new Request('http://studio.test/api/uploads/scan', { method: 'POST', body: form });
}

/**
 * A multipart body that sends the file's bytes and then never ends: the refusal can only come
 * from the bytes already sent (the header), never from reading or inflating the rest.
 */
function hangingUpload(name: string, bytes: Uint8Array) {
  const boundary = 'bomb-boundary';
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  let sent = false;
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(head);
        controller.enqueue(bytes);
        return;
      }
      return new Promise<void>(() => {}); // the rest of the body never arrives
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const request = new Request('http://studio.test/api/uploads/scan', {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    duplex: 'half',
  } as RequestInit);
  return { request, state };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, 'the upload was accepted').toBeDefined();
  const res = errorResponse(e);
  return { status: res.status, error: ((await res.json()) as { error: { code: string; details?: Record<string, unknown> } }).error };
}

describe('security: scan size limits are judged from the header before any voxel is inflated', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  const saved = { voxels: env.STUDIO_MAX_VOXELS, bytes: env.STUDIO_MAX_VOLUME_BYTES };
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterEach(() => {
    env.STUDIO_MAX_VOXELS = saved.voxels;
    env.STUDIO_MAX_VOLUME_BYTES = saved.bytes;
  });
  afterAll(async () => deps?.close());

  const bombs: [string, number[], 'uint8' | 'float32'][] = [
    ['512^3 uint8', [512, 512, 512], 'uint8'],
    ['512^3 float32', [512, 512, 512], 'float32'],
    ['1024^3 uint8', [1024, 1024, 1024], 'uint8'],
    ['1024^3 float32', [1024, 1024, 1024], 'float32'],
  ];
  it.each(bombs)('refuses a complete tiny .nii.gz declaring %s with 413 VOLUME_TOO_LARGE (default limits), storing nothing', async (_l, dims, dtype) => {
    // Full bodies only up to 512^3 (0.5 MB of gzip members); 1024^3 sends the first 64 MiB of voxels.
    const bytes = niftiGz(dims, dtype, dims[0] > 512 ? { voxelBytes: 64 * MiB } : {});
    expect(bytes.length).toBeLessThan(MiB);
    const before = (await listScans(deps.db)).length;
    const { status, error } = await refusal(uploadScan(deps, multipart([{ name: 'bomb.nii.gz', bytes }]), LIMIT));
    expect(status).toBe(413);
    expect(error.code).toBe('VOLUME_TOO_LARGE');
    expect(error.details).toMatchObject({ dims, dtype, voxels: dims[0] ** 3, maxVoxels: env.STUDIO_MAX_VOXELS });
    expect((await listScans(deps.db)).length).toBe(before);
  });

  it.each(bombs)('refuses %s before the rest of the body is read (the body never ends)', async (_l, dims, dtype) => {
    const { request, state } = hangingUpload('bomb.nii.gz', niftiGz(dims, dtype, { voxelBytes: 16 * MiB }));
    const { status, error } = await refusal(uploadScan(deps, request, LIMIT));
    expect([status, error.code]).toEqual([413, 'VOLUME_TOO_LARGE']);
    expect(state.cancelled).toBe(true); // the body was torn down, not drained
  });

  it('uint8 passes and float32 is refused at the same dims (the byte limit)', async () => {
    env.STUDIO_MAX_VOLUME_BYTES = 4 * MiB;
    const dims = [128, 128, 128]; // 2 MiB uint8, 8 MiB float32
    const ok = await uploadScan(deps, multipart([{ name: 'small.nii.gz', bytes: niftiGz(dims, 'uint8') }]), LIMIT);
    expect(ok.scanId).toMatch(/^scan/);
    const { status, error } = await refusal(uploadScan(deps, multipart([{ name: 'wide.nii.gz', bytes: niftiGz(dims, 'float32') }]), LIMIT));
    expect([status, error.code]).toEqual([413, 'VOLUME_TOO_LARGE']);
    expect(error.details).toMatchObject({ dims, dtype: 'float32', bytes: 8 * MiB, maxBytes: 4 * MiB });
  });

  const inconsistent: [string, () => Uint8Array, string][] = [
    ['a negative dim', () => niftiGz([64, -64, 64], 'uint8', { voxelBytes: 1024 }), 'CORRUPT_UPLOAD'],
    ['a zero dim', () => niftiGz([64, 0, 64], 'uint8', { voxelBytes: 1024 }), 'CORRUPT_UPLOAD'],
    ['dim[0] = 0', () => niftiGz([64, 64, 64], 'uint8', { voxelBytes: 1024, dim0: 0 }), 'CORRUPT_UPLOAD'],
    ['a 4-byte header (.nii.gz)', () => new Uint8Array(gzipSync(Buffer.from([0x5c, 1, 0, 0]))), 'TRUNCATED_UPLOAD'],
  ];
  it.each(inconsistent.slice(0, 3))('answers a header with %s with 422 and a typed code, before the rest of the body is read', async (_l, bytes, code) => {
    const { request, state } = hangingUpload('odd.nii.gz', bytes());
    const { status, error } = await refusal(uploadScan(deps, request, LIMIT));
    expect([status, error.code]).toEqual([422, code]);
    expect(state.cancelled).toBe(true);
  });

  it.each(inconsistent.slice(3))('answers a header with %s with 422 and a typed code', async (_l, bytes, code) => {
    const { status, error } = await refusal(uploadScan(deps, multipart([{ name: 'odd.nii.gz', bytes: bytes() }]), LIMIT));
    expect([status, error.code]).toEqual([422, code]);
  });

  it('refuses a 4D NIfTI (a series of volumes) at upload, naming its dimensions, storing nothing', async () => {
    const before = (await listScans(deps.db)).length;
    const { error } = await refusal(uploadScan(deps, multipart([{ name: 'fmri.nii.gz', bytes: niftiGz([32, 32, 16, 5], 'int16') }]), LIMIT));
    expect(error.code).toBe('UNSUPPORTED_UPLOAD');
    expect(error).toMatchObject({ message: expect.stringContaining('[32, 32, 16, 5] (5 volumes)') });
    expect((await listScans(deps.db)).length).toBe(before);
    // one volume with a trailing dimension of 1 is still a 3D scan
    expect((await uploadScan(deps, multipart([{ name: 'one.nii.gz', bytes: niftiGz([32, 32, 16, 1], 'int16') }]), LIMIT)).scanId).toMatch(/^scan/);
  });

  it('answers a raw 4-byte .nii (sizeof_hdr only) with 422 TRUNCATED_UPLOAD', async () => {
    const { status, error } = await refusal(uploadScan(deps, multipart([{ name: 'odd.nii', bytes: new Uint8Array([0x5c, 1, 0, 0]) }]), LIMIT));
    expect([status, error.code]).toEqual([422, 'TRUNCATED_UPLOAD']);
  });

  it.each([['fflate', false], ['native zlib', true]] as const)('caps server-side gunzip (%s): a .nii.gz inflating past the byte limit is stopped, even with a lying size field', (_l, native) => {
    // volume-limits installed the cap (STUDIO_MAX_VOLUME_BYTES + header room) at import.
    if (native) installNativeGzip();
    // Twice the byte limit in float32, whatever the limit is.
    const bomb = niftiGz([512, 512, Math.ceil((2 * env.STUDIO_MAX_VOLUME_BYTES) / (512 * 512 * 4))], 'float32');
    expect(() => readNifti(bomb)).toThrow(expect.objectContaining({ code: 'VOLUME_TOO_LARGE' }));
    const lying = bomb.slice();
    lying.set([0, 0, 0, 0], lying.length - 4); // ISIZE 0: not trusted, the cap still holds
    const before = process.memoryUsage().arrayBuffers;
    expect(() => readNifti(lying)).toThrow(expect.objectContaining({ code: 'VOLUME_TOO_LARGE' }));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(env.STUDIO_MAX_VOLUME_BYTES + 64 * MiB);
  });
});

