import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { corpusPath, needFiles } from '../../../test/needs';
import type { DicomSeriesValue, VolumeValue } from '../../core/values';
import { parseDicom } from '../dicom/parse';
import { readDicomSeriesAsync } from '../dicom/series-async';
import { segMasksOn, segToLabelMap } from './place';
import { readSeg, type SegObject } from './read';
import { sourceModules } from '../dicom/source-modules';
import { checkWithTools } from './testing';
import { writeSeg } from './write';

const DICOM = corpusPath('dicom');
const HAVE = needFiles(resolve(DICOM, 'ct_series_seg/liver_seg.dcm'), resolve(DICOM, 'tiny_series_seg/label.seg.dcm'));
const title = HAVE.title;
const file = (path: string) => new Uint8Array(readFileSync(resolve(DICOM, path)));

/** The CT series (volume + metadata with Patient/Study modules) behind a SEG. */
async function source(dir: string, names: string[]): Promise<{ volume: VolumeValue; series: DicomSeriesValue }> {
  const bytes = names.map((n) => file(`${dir}/${n}`));
  const { volume, series } = await readDicomSeriesAsync(bytes, names);
  return { volume, series: { ...series, ...sourceModules(parseDicom(bytes[0])) } };
}

/** The NRRD label map shipped beside each SEG (gzip, int16, same LPS grid as the CT): an independent oracle. */
function nrrd(path: string): Int16Array {
  const raw = file(path);
  let end = 0;
  while (!(raw[end] === 10 && raw[end + 1] === 10)) end++;
  const body = gunzipSync(raw.subarray(end + 2));
  return new Int16Array(body.buffer, body.byteOffset, body.byteLength / 2);
}

/** Byte equality (vitest's toEqual walks typed arrays element by element: seconds for 800k voxels). */
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => !!a && !!b && a.length === b.length && Buffer.compare(a, b) === 0;
const perSlice = (mask: Uint8Array, plane: number) => Array.from({ length: mask.length / plane }, (_, k) => mask.subarray(k * plane, (k + 1) * plane).reduce((a, b) => a + b, 0));

/** Reads a corpus SEG, checks it against the CT and the NRRD, writes it back, validates, re-reads. */
async function roundTrip(dir: string, segName: string, ctNames: string[], nrrdName: string) {
  const seg = readSeg(file(`${dir}/${segName}`));
  const { volume, series } = await source(dir, ctNames);
  const g = volume.geometry;
  const plane = g.dims[0] * g.dims[1];
  // Aligned with the CT: every frame sits exactly on the plane of the CT slice it references.
  for (const f of seg.frames) {
    const inst = series.instances.find((i) => i.sopInstanceUid === f.sourceSopInstanceUid)!;
    expect(inst).toBeDefined();
    f.position.forEach((v, a) => expect(v).toBeCloseTo(inst.position[a], 3));
  }
  const { masks, dropped } = segMasksOn(seg, g);
  expect(dropped).toBe(0);
  const mask = masks.get(1)!;
  const oracle = nrrd(`${dir}/${nrrdName}`);
  expect(oracle.length).toBe(mask.length);
  expect(mask.every((v, i) => v === (oracle[i] ? 1 : 0))).toBe(true);

  const labels = segToLabelMap(seg, g);
  const s = seg.segments[0];
  const options = {
    segments: [{ value: 1, label: s.label, category: s.category, type: s.type, color: [221, 130, 101] as [number, number, number] }],
    algorithmName: 'liver-net',
    algorithmVersion: '1.4.0',
    modelSha256: 'ab'.repeat(32),
  };
  const bytes = await writeSeg(labels, series, options);
  expect(same(await writeSeg(labels, series, options), bytes)).toBe(true);
  const back: SegObject = readSeg(bytes, 'written SEG');
  expect(back.frameOfReferenceUid).toBe(series.frameOfReferenceUid);
  expect(back.studyInstanceUid).toBe(series.studyInstanceUid);
  expect(back.referencedSeriesInstanceUid).toBe(series.seriesInstanceUid);
  for (const f of back.frames) {
    const inst = series.instances.find((i) => i.sopInstanceUid === f.sourceSopInstanceUid)!;
    f.position.forEach((v, a) => expect(v).toBeCloseTo(inst.position[a], 3));
  }
  const again = segMasksOn(back, g);
  expect(again.dropped).toBe(0);
  expect(same(again.masks.get(1), mask)).toBe(true);

  const tools = checkWithTools(bytes);
  console.log(`${dir}: dciodvfy warnings on the written SEG:\n  ${tools.warnings.join('\n  ') || '(none)'}`);
  expect(tools.errors).toEqual([]);
  expect(tools.dcmdumpStatus).toBe(0);
  expect(tools.dump).toContain('SegmentationStorage');
  expect(tools.dump).toContain('(0062,0009) LO [liver-net]');
  expect(tools.dump).toContain(`modelSha256=${'ab'.repeat(32)}`);
  // GDCM, a third reader, puts the SEG on the CT's first slice with the CT's spacing.
  expect(tools.gdcminfo).toContain('Segmentation Storage');
  const origin = /Origin: \(([^)]*)\)/.exec(tools.gdcminfo)![1].split(',').map(Number);
  origin.forEach((v, a) => expect(v).toBeCloseTo(g.origin[a], 3));
  return { counts: perSlice(mask, plane), series, frames: back.frames.length };
}

describe('DICOM SEG on the corpus', () => {
  it.skipIf(!HAVE.ok)(title('liver SEG: 35220 / 35645 / 36233 pixels on ct_01..03, aligned with the CT, round trip identical and valid'), async () => {
    const r = await roundTrip('ct_series_seg', 'liver_seg.dcm', ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'], 'liver_seg.nrrd');
    // The CT volume is sorted along +z: ct_03 (z -128.69), ct_02, ct_01 (z -126.69).
    const byFile = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'].map((n) => parseDicom(file(`ct_series_seg/${n}`)).string('x00080018'));
    const order = byFile.map((uid) => r.series.instances.findIndex((i) => i.sopInstanceUid === uid));
    expect(order.map((k) => r.counts[k])).toEqual([35220, 35645, 36233]);
    expect(r.frames).toBe(3);
  });

  it.skipIf(!HAVE.ok)(title('tiny SEG (38x23 frames, not a multiple of 8 bits): matches the NRRD, round trip identical and valid'), async () => {
    const r = await roundTrip('tiny_series_seg', 'label.seg.dcm', ['IMG0001.dcm', 'IMG0002.dcm', 'IMG0003.dcm'], 'label.nrrd');
    expect(r.counts).toEqual([4, 314, 4]);
  });
});
