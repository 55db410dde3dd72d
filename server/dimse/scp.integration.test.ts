import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomInstances } from '../../drizzle/schema';
import { readPart10Meta } from '../../runtimes/imaging/dicom/parse';
import { echoscu, startStoreScp, storescu, STORESCU_PROPOSE } from '../../test/dcmtk-net';
import { corpusPath, needAll, needFiles, needTools } from '../../test/needs';
import { createTestServices, type TestServices } from '../test-fixtures';
import { ingestHandler } from './ingest-handler';
import { startDicomListener, type DicomListener } from './listener';
import { storeScu } from './scu';

const D = 'dicom';
const TS_FILES = readdirSync(corpusPath(D, 'ts'), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => corpusPath(D, 'ts', f.name)).sort();
const SEG = corpusPath(D, 'ct_series_seg/liver_seg.dcm');
const SC = corpusPath(D, 'us_color/SC_rgb_small_odd.dcm');
const SR = corpusPath(D, 'nonimage/structured_report.dcm');
const need = needAll(needFiles(`${D}/ts`, SEG, SC, SR), needTools('storescu', 'echoscu', 'storescp'));

const datasetOf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(readPart10Meta(bytes).datasetOffset));
const bytesOf = (file: string) => new Uint8Array(readFileSync(file));

describe.runIf(need.ok)(need.title('DICOM listener: DCMTK peers store into the index as received (real PostgreSQL)'), () => {
  let deps: TestServices;
  let open: DicomListener;
  let mapped: DicomListener;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dimse-scp-'));
  const rowsOf = (sop: string) => deps.db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, sop));
  const peer = (l: DicomListener) => ({ port: l.port, aet: l.aeTitle });

  beforeAll(async () => {
    deps = await createTestServices();
    const common = { host: '127.0.0.1', port: 0, aeTitle: 'STUDIO', defaultWorkspaceId: 'ws_default', blobs: deps.blobs, handler: ingestHandler(deps), maxAssociations: 4, maxInstanceBytes: 64 << 20, log: () => {} };
    open = await startDicomListener({ ...common, aeWorkspaces: undefined });
    mapped = await startDicomListener({ ...common, aeWorkspaces: new Map([['ORTHANC', 'ws_default']]) });
  });
  afterAll(async () => {
    await open?.close(0);
    await mapped?.close(0);
    await deps?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('answers C-ECHO', async () => {
    const r = await echoscu(peer(open));
    expect(r.output).toContain('Received Echo Response (Success)');
  });

  // storescu re-encodes what it sends (sequences get explicit lengths, trailing padding goes), so the
  // bytes on the wire are taken from DCMTK's own storescp in bit-preserving mode, sent the same way.
  it.each([...TS_FILES, SEG, SC].map((f) => [path.basename(f), f]))('stores %s in its own transfer syntax, byte for byte as sent', async (name, file) => {
    const sent = bytesOf(file);
    const meta = readPart10Meta(sent);
    const args = [file === SEG || file === SC ? '-R' : STORESCU_PROPOSE[meta.transferSyntaxUid]];
    const r = await storescu(peer(open), [file], { args });
    expect(r.responses, r.output).toEqual(['Success']);
    const rows = await rowsOf(meta.sopInstanceUid);
    const row = rows.find((x) => x.transferSyntaxUid === meta.transferSyntaxUid);
    expect(row, `no row in ${meta.transferSyntaxUid}`).toMatchObject({ source: 'dimse', sender: 'STORESCU', sopClassUid: meta.sopClassUid, workspaceId: 'ws_default' });
    const stored = await deps.blobs.read(row!.sha256);
    expect(readPart10Meta(stored)).toMatchObject({ transferSyntaxUid: meta.transferSyntaxUid, sopClassUid: meta.sopClassUid, sopInstanceUid: meta.sopInstanceUid });

    const dir = mkdtempSync(path.join(tmp, 'oracle-'));
    const scp = await startStoreScp(dir);
    try {
      expect((await storescu(scp, [file], { args })).responses).toEqual(['Success']);
    } finally {
      await scp.stop();
    }
    const [received] = readdirSync(dir);
    expect(datasetOf(stored).equals(datasetOf(bytesOf(path.join(dir, received)))), `${name}: stored dataset differs from the bytes storescu sent`).toBe(true);
  });

  it('refuses a malformed instance with a failure status and stores nothing of it', async () => {
    // DCMTK will not send a broken file; the studio's own SCU sends the bytes as they are.
    const whole = bytesOf(corpusPath(D, 'ts/CT1_explicit_le.dcm'));
    const { datasetOffset } = readPart10Meta(whole);
    const cut = path.join(tmp, 'cut.dcm');
    writeFileSync(cut, whole.subarray(0, datasetOffset + 300)); // the dataset ends inside an element
    const sop = '1.3.6.1.4.1.5962.1.1.1.1.1.20040826185059.5457';
    const before = (await rowsOf(sop)).length;
    const files = readdirSync(path.join((deps as { dataDir?: string }).dataDir!, 'blobs')).length;
    const [r] = await storeScu({ aeTitle: 'STUDIO', host: '127.0.0.1', port: open.port }, [cut], { callingAet: 'MODALITY' });
    expect(r).toMatchObject({ outcome: 'failure', status: 0xc000 });
    expect((await rowsOf(sop)).length).toBe(before);
    expect(readdirSync(path.join((deps as { dataDir?: string }).dataDir!, 'blobs')).length).toBe(files);
    expect(readdirSync(deps.blobs.tmpDir)).toEqual([]);
  });

  it('refuses an unsupported SOP class (no presentation context for a Structured Report)', async () => {
    const r = await storescu(peer(open), [SR], { args: ['-R'] });
    expect(r.output).toMatch(/No Acceptable Presentation Contexts/);
    expect(await rowsOf(readPart10Meta(bytesOf(SR)).sopInstanceUid)).toEqual([]);
  });

  it('with an AE map, rejects an unknown calling AE and admits a listed one', async () => {
    const stranger = await storescu(peer(mapped), [SC], { callingAet: 'STRANGER', args: ['-R'] });
    expect(stranger.output).toMatch(/Association Rejected[\s\S]*Calling AE Title Not Recognized/);
    expect((await echoscu(peer(mapped), 'ORTHANC')).output).toContain('Received Echo Response (Success)');
    const wrongCalled = await echoscu({ port: mapped.port, aet: 'NOT-STUDIO' }, 'ORTHANC');
    expect(wrongCalled.output).toMatch(/Called AE Title Not Recognized/);
  });

  it('answers A700 (out of resources) for an instance over the size limit, stores nothing, and serves the next one', async () => {
    const small = await startDicomListener({ host: '127.0.0.1', port: 0, aeTitle: 'STUDIO', aeWorkspaces: undefined, defaultWorkspaceId: 'ws_default', blobs: deps.blobs, handler: ingestHandler(deps), maxAssociations: 1, maxInstanceBytes: 64 * 1024, log: () => {} });
    try {
      const big = corpusPath(D, 'ts/CT1_explicit_le.dcm'); // 530 KB
      const fits = corpusPath(D, 'ts/MR_small_explicit_le.dcm'); // 10 KB
      const ctUid = readPart10Meta(bytesOf(big)).sopInstanceUid;
      const ctBefore = await rowsOf(ctUid); // an earlier test stored this slice: the refusal must not touch it
      const r = await storescu(peer(small), [big, fits], { args: ['-xe', '--no-halt'] });
      expect(r.responses, r.output).toEqual(['Refused: OutOfResources', 'Success']);
      expect(await rowsOf(ctUid)).toEqual(ctBefore);
      expect(readdirSync(deps.blobs.tmpDir)).toEqual([]);
    } finally {
      await small.close(0);
    }
  });

  it('cuts a connection whose PDU declares more than the announced maximum, and keeps serving', async () => {
    const socket = net.connect(open.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(Buffer.from([0x04, 0, 0x10, 0, 0, 0])); // P-DATA-TF of 256 MiB
    await closed;
    expect((await echoscu(peer(open))).output).toContain('Received Echo Response (Success)');
  });
});
