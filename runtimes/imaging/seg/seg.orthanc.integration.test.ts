import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDump, jsonValue, qidoSeries, restBytes, restJson, storeScu, stowRs, wadoRsInstance, type DicomJson } from '../../../test/orthanc-clients';
import { corpusPath, needs } from '../../../test/needs';
import { orthancMissing, startOrthanc, type OrthancServer } from '../../../test/orthanc';
import type { DicomSeriesValue, LabelMapValue, VolumeValue } from '../../core/values';
import { syntheticDicom } from '../dicom/fixtures';
import { parseDicom } from '../dicom/parse';
import { readDicomSeriesAsync } from '../dicom/series-async';
import { sourceModules } from '../dicom/source-modules';
import { SECONDARY_CAPTURE_IMAGE_STORAGE, TISSUE, writeSecondaryCaptures, writeSeg, type SegWriteOptions } from '.';
import { segToLabelMap } from './place';
import { readSeg, type SegObject } from './read';
import { SEGMENTATION_STORAGE } from './write';

// A real PACS peer: our SEG (written by the function behind the `output.dicom-seg` kernel) goes
// into a private Orthanc by DIMSE C-STORE (DCMTK storescu) and by DICOMweb STOW-RS, is filed
// under the source CT's study, listed by QIDO-RS and read back unchanged.

const DICOM = corpusPath('dicom');
const CT_NAMES = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'];
const HAVE_CORPUS = [...CT_NAMES, 'liver_seg.dcm'].every((n) => existsSync(resolve(DICOM, 'ct_series_seg', n)));
const ORTHANC = orthancMissing();
const MISSING = needs(ORTHANC ?? '', !ORTHANC) ? undefined : ORTHANC;
const title = (s: string) =>
  MISSING ? `${s} (skipped: orthanc missing: ${MISSING})` : HAVE_CORPUS ? s : `${s} (generated 16x16x3 CT: corpus missing at ${DICOM})`;

interface Material {
  ctFiles: Uint8Array[];
  volume: VolumeValue;
  series: DicomSeriesValue;
  /** Label 1 "Liver" and label 2 "Bone" over the CT grid. */
  labels: LabelMapValue;
}

const LIVER = { value: '10200004', scheme: 'SCT', meaning: 'Liver' };
const BONE = { value: '272673000', scheme: 'SCT', meaning: 'Bone' };

/** Label 2 where the CT is at least `threshold` and label 1 is not. */
function withBone(liver: LabelMapValue, volume: VolumeValue, threshold: number): LabelMapValue {
  const data = Uint8Array.from(liver.data, (v, i) => (v ? 1 : volume.data[i] >= threshold ? 2 : 0));
  return { type: 'label-map', geometry: volume.geometry, data, labels: [{ value: 1, name: 'Liver' }, { value: 2, name: 'Bone' }] };
}

async function fromSeries(ctFiles: Uint8Array[]) {
  const { volume, series } = await readDicomSeriesAsync(ctFiles);
  return { volume, series: { ...series, ...sourceModules(parseDicom(ctFiles[0])) } };
}

/** The dcmqi 3-slice liver CT; the label map is the shipped liver SEG (ground truth) plus bone >= 300 HU. */
async function corpusMaterial(): Promise<Material> {
  const ctFiles = CT_NAMES.map((n) => new Uint8Array(readFileSync(resolve(DICOM, 'ct_series_seg', n))));
  const { volume, series } = await fromSeries(ctFiles);
  const truth = segToLabelMap(readSeg(new Uint8Array(readFileSync(resolve(DICOM, 'ct_series_seg/liver_seg.dcm')))), volume.geometry);
  return { ctFiles, volume, series, labels: withBone(truth, volume, 300) };
}

/** Without the corpus: three synthetic 16x16 CT slices, a disc as "liver", the top of the ramp as "bone". */
async function generatedMaterial(): Promise<Material> {
  const ctFiles = [0, 1, 2].map((k) => syntheticDicom({ instance: k + 1, position: [0, 0, 2 * k], rows: 16, cols: 16, seriesUid: '1.2.3.1' }));
  const { volume, series } = await fromSeries(ctFiles);
  const [nx, ny] = volume.geometry.dims;
  const disc = Uint8Array.from({ length: volume.data.length }, (_, i) => {
    const [x, y] = [i % nx, Math.floor(i / nx) % ny];
    return (x - 6) ** 2 + (y - 6) ** 2 <= 16 ? 1 : 0;
  });
  return { ctFiles, volume, series, labels: withBone({ type: 'label-map', geometry: volume.geometry, data: disc, labels: [] }, volume, 2000) };
}

/** Independent oracle for NumberOfFrames: one frame per (label value, slice) holding that value. */
function expectedFrames(labels: LabelMapValue, values: number[]): number {
  const [nx, ny, nz] = labels.geometry.dims;
  let n = 0;
  for (const v of values) for (let k = 0; k < nz; k++) if (labels.data.subarray(k * nx * ny, (k + 1) * nx * ny).includes(v)) n++;
  return n;
}

const options = (labels: LabelMapValue, name: string, values: number[]): SegWriteOptions => ({
  segments: values.map((value) => ({ value, label: value === 1 ? 'Liver' : 'Bone', category: TISSUE, type: value === 1 ? LIVER : BONE })),
  algorithmName: name,
  algorithmVersion: '1.0.0',
  modelSha256: 'cd'.repeat(32),
  seriesDescription: `${name} (${labels.labels.length} labels)`,
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/** What Orthanc logged after start-up: warnings (W...) and errors (E...) about our objects. */
const complaints = (log: string, from: number) => log.slice(from).split('\n').filter((l) => /^[WE]\d{4} /.test(l));

interface InstanceTags {
  Modality: string;
  SOPClassUID: string;
  SOPInstanceUID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  NumberOfFrames?: string;
  ReferencedSeriesSequence?: { SeriesInstanceUID: string; ReferencedInstanceSequence: { ReferencedSOPInstanceUID: string }[] }[];
  SegmentSequence?: { SegmentLabel: string }[];
}

describe.skipIf(!!MISSING)('DICOM SEG in a real PACS (Orthanc: DIMSE C-STORE, DICOMweb STOW/QIDO/WADO)', () => {
  let pacs: OrthancServer;
  let dir: string;
  let m: Material;
  let liverOnly: LabelMapValue;
  let storeSeg: Uint8Array; // sent by storescu: liver + bone
  let stowSeg: Uint8Array; // sent by STOW-RS: liver only
  let logStart = 0;

  beforeAll(async () => {
    m = await (HAVE_CORPUS ? corpusMaterial() : generatedMaterial());
    liverOnly = { ...m.labels, data: m.labels.data.map((v) => (v === 1 ? 1 : 0)), labels: [{ value: 1, name: 'Liver' }] };
    storeSeg = await writeSeg(m.labels, m.series, options(m.labels, 'orthanc-dimse', [1, 2]));
    stowSeg = await writeSeg(liverOnly, m.series, options(liverOnly, 'orthanc-stow', [1]));
    dir = mkdtempSync(join(tmpdir(), 'seg-orthanc-'));
    m.ctFiles.forEach((b, i) => writeFileSync(join(dir, `ct_${i + 1}.dcm`), b));
    writeFileSync(join(dir, 'seg.dcm'), storeSeg);
    pacs = await startOrthanc();
    logStart = pacs.log().length;
  });

  afterAll(async () => {
    const log = pacs?.log() ?? '';
    console.log(`Orthanc warnings/errors after start-up:\n  ${complaints(log, logStart).join('\n  ') || '(none)'}`);
    await pacs?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Orthanc's ID of the instance with `sop` (POST /tools/lookup). */
  async function orthancId(sop: string): Promise<string> {
    const res = await fetch(`${pacs.url}/tools/lookup`, { method: 'POST', body: sop });
    const hits = (await res.json()) as { ID: string; Type: string }[];
    const hit = hits.find((h) => h.Type === 'Instance');
    if (!hit) throw new Error(`Orthanc has no instance ${sop}: ${JSON.stringify(hits)}`);
    return hit.ID;
  }

  async function expectFiledUnderCt(bytes: Uint8Array, segments: string[], values: number[], labels: LabelMapValue) {
    const written = readSeg(bytes, 'written SEG');
    const id = await orthancId(written.sopInstanceUid);
    const tags = await restJson<InstanceTags>(pacs, `/instances/${id}/simplified-tags`);
    expect(tags.Modality).toBe('SEG');
    expect(tags.SOPClassUID).toBe(SEGMENTATION_STORAGE);
    expect(tags.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(tags.StudyInstanceUID).toBe(m.series.studyInstanceUid);
    expect(tags.SeriesInstanceUID).not.toBe(m.series.seriesInstanceUid);
    expect(Number(tags.NumberOfFrames)).toBe(expectedFrames(labels, values));
    expect((await restJson<unknown[]>(pacs, `/instances/${id}/frames`)).length).toBe(expectedFrames(labels, values));
    expect(tags.ReferencedSeriesSequence?.map((s) => s.SeriesInstanceUID)).toEqual([m.series.seriesInstanceUid]);
    expect(tags.ReferencedSeriesSequence![0].ReferencedInstanceSequence.map((i) => i.ReferencedSOPInstanceUID).sort()).toEqual(
      m.series.instances.map((i) => i.sopInstanceUid).sort(),
    );
    expect(tags.SegmentSequence?.map((s) => s.SegmentLabel)).toEqual(segments);
    // Same study resource as the CT slices: the SEG is filed under the CT's study, not a new one.
    const ctId = await orthancId(m.series.instances[0].sopInstanceUid);
    const studyOf = async (i: string) => (await restJson<{ ID: string }>(pacs, `/instances/${i}/study`)).ID;
    expect(await studyOf(id)).toBe(await studyOf(ctId));
    return { id, written };
  }

  it(title('storescu C-STORE: the 3 CT slices and our 2-segment SEG are accepted (Success) and the SEG is filed under the CT study'), async () => {
    const files = [...m.ctFiles.map((_, i) => join(dir, `ct_${i + 1}.dcm`)), join(dir, 'seg.dcm')];
    const r = storeScu(pacs, files);
    expect(r.status, r.output).toBe(0);
    expect(r.responses, r.output).toEqual(files.map(() => 'Success'));
    expect(r.output).toContain('Sending Store Request (MsgID 4, SG)'); // DCMTK's short name for Segmentation Storage
    expect(await restJson<string[]>(pacs, '/instances')).toHaveLength(m.ctFiles.length + 1);
    expect(await restJson<string[]>(pacs, '/studies')).toHaveLength(1);
    const { id } = await expectFiledUnderCt(storeSeg, ['Liver', 'Bone'], [1, 2], m.labels);
    const meta = await restJson<Record<string, string>>(pacs, `/instances/${id}/metadata?expand`);
    expect([meta.Origin, meta.RemoteAET, meta.SopClassUid]).toEqual(['DicomProtocol', 'STUDIO', SEGMENTATION_STORAGE]);
    console.log(`C-STORE: storescu responses ${r.responses.join(', ')}; SEG of ${expectedFrames(m.labels, [1, 2])} frames; Orthanc metadata of the SEG: ${JSON.stringify(meta)}`);
  });

  it(title('STOW-RS: a second (liver-only) SEG is accepted with no failed SOP, filed under the CT study; QIDO-RS lists the CT and both SEG series'), async () => {
    const stow = await stowRs(pacs, [stowSeg]);
    console.log(`STOW-RS answer: HTTP ${stow.status} ${JSON.stringify(stow.body)}`);
    expect(stow.status).toBe(200);
    expect(stow.body['00081198']?.Value ?? []).toEqual([]); // FailedSOPSequence (Orthanc sends it empty)
    const stored = (stow.body['00081199']?.Value ?? []) as DicomJson[]; // ReferencedSOPSequence
    const sent = readSeg(stowSeg);
    expect(stored.map((s) => [jsonValue(s, '00081150'), jsonValue(s, '00081155')])).toEqual([[SEGMENTATION_STORAGE, sent.sopInstanceUid]]);
    expect(stored[0]['00081196']).toBeUndefined(); // WarningReason
    expect(await restJson<string[]>(pacs, '/instances')).toHaveLength(m.ctFiles.length + 2);
    await expectFiledUnderCt(stowSeg, ['Liver'], [1], liverOnly);

    const series = await qidoSeries(pacs, m.series.studyInstanceUid);
    const listed = series.map((s) => [jsonValue(s, '0020000E'), jsonValue(s, '00080060')]).sort();
    const expected = [
      [m.series.seriesInstanceUid, 'CT'],
      [readSeg(storeSeg).seriesInstanceUid, 'SEG'],
      [sent.seriesInstanceUid, 'SEG'],
    ].sort();
    expect(listed).toEqual(expected);
  });

  it(title('retrieved SEGs (REST /file and WADO-RS) read back with readSeg: identical masks, segments and source references'), async () => {
    const expectSame = (back: SegObject, bytes: Uint8Array, labels: LabelMapValue) => {
      const sent = readSeg(bytes);
      expect([back.sopInstanceUid, back.studyInstanceUid, back.seriesInstanceUid, back.referencedSeriesInstanceUid]).toEqual([
        sent.sopInstanceUid,
        sent.studyInstanceUid,
        sent.seriesInstanceUid,
        m.series.seriesInstanceUid,
      ]);
      expect(back.segments).toEqual(sent.segments);
      expect(back.frames.map((f) => [f.segmentNumber, f.position, f.sourceSopInstanceUid])).toEqual(
        sent.frames.map((f) => [f.segmentNumber, f.position, f.sourceSopInstanceUid]),
      );
      back.frames.forEach((f, i) => expect(sameBytes(f.mask, sent.frames[i].mask), `frame ${i + 1} mask`).toBe(true));
      // And placed on the CT grid it is the label map we wrote, voxel for voxel.
      expect(sameBytes(segToLabelMap(back, m.volume.geometry).data as Uint8Array, labels.data as Uint8Array)).toBe(true);
    };

    const dimse = readSeg(storeSeg);
    const file = await restBytes(pacs, `/instances/${await orthancId(dimse.sopInstanceUid)}/file`);
    expectSame(readSeg(file, 'SEG from Orthanc /file'), storeSeg, m.labels);

    const stowed = readSeg(stowSeg);
    const parts = await wadoRsInstance(pacs, stowed.studyInstanceUid, stowed.seriesInstanceUid, stowed.sopInstanceUid);
    expect(parts).toHaveLength(1);
    expectSame(readSeg(parts[0], 'SEG from WADO-RS'), stowSeg, liverOnly);

    // Beyond the masks: every attribute comes back with its value (Orthanc only rewrites the
    // File Meta group and re-encodes our undefined-length sequences with explicit lengths).
    expect(datasetDump(file)).toEqual(datasetDump(storeSeg));
    expect(datasetDump(parts[0])).toEqual(datasetDump(stowSeg));
    expect(complaints(pacs.log(), logStart).filter((l) => l.startsWith('E'))).toEqual([]);
  });

  it(title('Secondary Capture overlays (output.dicom-sc) are accepted by C-STORE, filed under the CT study, and come back unchanged'), async () => {
    const [nx, ny] = m.volume.geometry.dims;
    const sc: Uint8Array[] = [];
    await writeSecondaryCaptures(
      m.series,
      { count: m.series.instances.length, render: (n) => ({ width: nx, height: ny, rgb: Uint8Array.from({ length: nx * ny * 3 }, (_, i) => (i + 40 * n) & 0xff), source: m.series.instances[n], instanceNumber: n + 1 }) },
      { algorithmName: 'orthanc-sc', algorithmVersion: '1.0.0', modelSha256: 'cd'.repeat(32), derivation: 'test overlay', axes: { row: [1, 0, 0], column: [0, 1, 0] }, pixelSpacing: [1, 1] },
      (bytes) => void sc.push(bytes),
    );
    const files = sc.map((b, i) => { const f = join(dir, `sc_${i + 1}.dcm`); writeFileSync(f, b); return f; });
    const r = storeScu(pacs, files);
    expect(r.status, r.output).toBe(0);
    expect(r.responses, r.output).toEqual(files.map(() => 'Success'));
    const ctStudy = (await restJson<{ ID: string }>(pacs, `/instances/${await orthancId(m.series.instances[0].sopInstanceUid)}/study`)).ID;
    for (const bytes of sc) {
      const sop = parseDicom(bytes).string('x00080018')!;
      const id = await orthancId(sop);
      const tags = await restJson<InstanceTags>(pacs, `/instances/${id}/simplified-tags`);
      expect([tags.SOPClassUID, tags.StudyInstanceUID]).toEqual([SECONDARY_CAPTURE_IMAGE_STORAGE, m.series.studyInstanceUid]);
      expect((await restJson<{ ID: string }>(pacs, `/instances/${id}/study`)).ID).toBe(ctStudy);
      expect(datasetDump(await restBytes(pacs, `/instances/${id}/file`))).toEqual(datasetDump(bytes));
    }
    expect(complaints(pacs.log(), logStart).filter((l) => l.startsWith('E'))).toEqual([]);
  });
});
