import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomInstances } from '../../drizzle/schema';
import { readPart10Meta } from '../../runtimes/imaging/dicom/parse';
import { startStoreScp } from '../../test/dcmtk-net';
import { corpusPath, needAll, needFiles, needTools } from '../../test/needs';
import { freePort, orthancMissing, startOrthanc, type OrthancServer } from '../../test/orthanc';
import { datasetDump, restBytes, restJson } from '../../test/orthanc-clients';
import type { ServiceDeps } from '../context';
import { createTestServices } from '../test-fixtures';
import { ingestHandler } from './ingest-handler';
import { startDicomListener, type DicomListener } from './listener';
import { storeScu } from './scu';

const FILES = ['ts/CT1_implicit_le.dcm', 'ts/CT1_jpegls_lossless.dcm', 'ts/MR_small_rle.dcm', 'ct_series_seg/liver_seg.dcm', 'us_color/SC_rgb_small_odd.dcm'].map((f) => corpusPath('dicom', f));
const SR = corpusPath('dicom', 'nonimage/structured_report.dcm');
const need = needAll(needFiles(...FILES, SR), needTools('storescp'));
const missingOrthanc = orthancMissing();
const needOrthanc = needAll(need, { ok: !missingOrthanc, missing: missingOrthanc ?? '', title: (t) => t });

const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
const datasetOf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(readPart10Meta(bytes).datasetOffset));

describe.runIf(need.ok)(need.title('C-STORE SCU: the studio sends stored files as they are'), () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dimse-scu-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('to DCMTK storescp: one result per file, received datasets byte-identical to the files', async () => {
    const scp = await startStoreScp(tmp);
    try {
      const results = await storeScu({ aeTitle: scp.aet, host: '127.0.0.1', port: scp.port }, [...FILES, '/etc/hostname'], { callingAet: 'STUDIO' });
      expect(results.slice(0, FILES.length).map((r) => [path.basename(r.file), r.outcome, r.status])).toEqual(FILES.map((f) => [path.basename(f), 'success', 0]));
      expect(results[FILES.length]).toMatchObject({ outcome: 'failure', reason: expect.stringMatching(/not a DICOM Part 10 file/) });
      const received = readdirSync(tmp).map((n) => bytesOf(path.join(tmp, n)));
      for (const f of FILES) {
        const sent = bytesOf(f);
        const { sopInstanceUid, transferSyntaxUid } = readPart10Meta(sent);
        const got = received.filter((r) => readPart10Meta(r).sopInstanceUid === sopInstanceUid && readPart10Meta(r).transferSyntaxUid === transferSyntaxUid);
        expect(got, path.basename(f)).toHaveLength(1);
        expect(datasetOf(got[0]).equals(datasetOf(sent)), `${path.basename(f)} arrived changed`).toBe(true);
      }
    } finally {
      await scp.stop();
    }
  });

  it('reports an unreachable peer per file, without throwing', async () => {
    const port = await freePort();
    const [down] = await storeScu({ aeTitle: 'NOBODY', host: '127.0.0.1', port }, [FILES[0]], { timeoutMs: 10_000 });
    expect(down).toMatchObject({ outcome: 'not-sent', reason: expect.stringMatching(/network error/) });
  });
});

describe.runIf(needOrthanc.ok)(needOrthanc.title('DIMSE both ways with a private Orthanc (real PostgreSQL)'), () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let listener: DicomListener;
  let orthanc: OrthancServer;

  beforeAll(async () => {
    deps = await createTestServices();
    listener = await startDicomListener({
      host: '127.0.0.1',
      port: 0,
      aeTitle: 'STUDIO',
      aeWorkspaces: new Map([['ORTHANC', 'ws_default']]),
      defaultWorkspaceId: 'ws_default',
      blobs: deps.blobs,
      handler: ingestHandler(deps),
      maxAssociations: 4,
      maxInstanceBytes: 64 << 20,
      log: () => {},
    });
    orthanc = await startOrthanc({ aet: 'ORTHANC', modalities: { studio: { aet: 'STUDIO', host: '127.0.0.1', port: listener.port } } });
  }, 60_000);
  afterAll(async () => {
    await orthanc?.stop();
    await listener?.close(0);
    await deps?.close();
  });

  it('studio -> Orthanc: Orthanc has every instance, with the same dataset', async () => {
    const results = await storeScu({ aeTitle: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort }, FILES);
    expect(results.map((r) => r.outcome)).toEqual(FILES.map(() => 'success'));
    // The CT slice comes twice (implicit LE, JPEG-LS) with one SOP instance UID: Orthanc keeps the first.
    const firstPerInstance = FILES.filter((f, i) => FILES.findIndex((g) => readPart10Meta(bytesOf(g)).sopInstanceUid === readPart10Meta(bytesOf(f)).sopInstanceUid) === i);
    expect(firstPerInstance).toHaveLength(FILES.length - 1);
    for (const f of firstPerInstance) {
      const { sopInstanceUid } = readPart10Meta(bytesOf(f));
      const ids = await fetch(`${orthanc.url}/tools/lookup`, { method: 'POST', body: sopInstanceUid }).then((r) => r.json() as Promise<{ ID: string; Type: string }[]>);
      const id = ids.find((x) => x.Type === 'Instance')?.ID;
      expect(id, path.basename(f)).toBeTruthy();
      const tags = await restJson<Record<string, string>>(orthanc, `/instances/${id}/simplified-tags`);
      expect(tags.SOPInstanceUID).toBe(sopInstanceUid);
      const file = await restBytes(orthanc, `/instances/${id}/file`);
      // Orthanc (DCMTK inside) re-encodes what it stores (sequence lengths): compare attributes and values.
      expect(datasetDump(file), `${path.basename(f)} changed in Orthanc`).toEqual(datasetDump(bytesOf(f)));
    }
  });

  it('Orthanc -> studio: /modalities/studio/store lands the instance in the index as sent by ORTHANC', async () => {
    const seg = FILES[3];
    const { sopInstanceUid } = readPart10Meta(bytesOf(seg));
    const [{ ID }] = await fetch(`${orthanc.url}/tools/lookup`, { method: 'POST', body: sopInstanceUid }).then((r) => r.json() as Promise<{ ID: string }[]>);
    const res = await fetch(`${orthanc.url}/modalities/studio/store`, { method: 'POST', body: JSON.stringify({ Resources: [ID], Synchronous: true }) });
    expect(res.status, await res.clone().text()).toBe(200);
    const rows = await deps.db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, sopInstanceUid));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'dimse', sender: 'ORTHANC', sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4' });
    const stored = await deps.blobs.read(rows[0].sha256);
    const fromOrthanc = await restBytes(orthanc, `/instances/${ID}/file`);
    expect(datasetOf(stored).equals(datasetOf(fromOrthanc))).toBe(true);
  });

  it('a caller the AE map does not list gets its association rejected, reported per file', async () => {
    const [r] = await storeScu({ aeTitle: 'STUDIO', host: '127.0.0.1', port: listener.port }, [FILES[0]], { callingAet: 'STRANGER' });
    expect(r).toMatchObject({ outcome: 'not-sent', reason: expect.stringMatching(/association rejected \(result 1, source 1, reason 3\)/) });
  });

  it('Orthanc -> studio of a SOP class the studio does not take fails in Orthanc, nothing stored', async () => {
    const upload = await fetch(`${orthanc.url}/instances`, { method: 'POST', body: bytesOf(SR) }).then((r) => r.json() as Promise<{ ID: string }>);
    const res = await fetch(`${orthanc.url}/modalities/studio/store`, { method: 'POST', body: JSON.stringify({ Resources: [upload.ID], Synchronous: true }) });
    expect(res.ok).toBe(false);
    const rows = await deps.db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, readPart10Meta(bytesOf(SR)).sopInstanceUid));
    expect(rows).toEqual([]);
  });
});
