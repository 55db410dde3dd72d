import { describe, expect, it } from 'vitest';
import type { DicomSeriesValue, Geometry, LabelMapValue } from '../../core/values';
import { syntheticDicom } from '../dicom/fixtures';
import { parseDicom } from '../dicom/parse';
import { voxelToWorld } from '../geometry';
import { packMatching, packedLength, unpackFrame } from './bits';
import { TISSUE } from './codes';
import { segGeometry, segMasksOn, segToLabelMap } from './place';
import { readSeg } from './read';
import { sourceModules } from '../dicom/source-modules';
import { checkWithTools } from './testing';
import { writeSeg, type SegWriteOptions } from './write';

// A 5x4x3 grid, rows along -y (direction columns: i = +x, j = -y, k = +z), 0.5 x 0.25 x 2 mm.
const geometry: Geometry = { dims: [5, 4, 3], spacing: [0.5, 0.25, 2], origin: [10, 20, -30], direction: [1, 0, 0, 0, -1, 0, 0, 0, 1] };
const plane = 20;
const data = new Uint8Array(60);
data.set([1, 1, 0, 2, 2, 7], 0); // slice 0: labels 1, 2 and an undescribed 7
data[plane + 19] = 2; // slice 1: label 2 only (last pixel)
data[2 * plane + 6] = 1; // slice 2: label 1, on a plane the source series does not have
const labels: LabelMapValue = { type: 'label-map', geometry, data, labels: [] };
// The source has slices 0 and 1 only: the frame on slice 2 carries no source reference.
const series: DicomSeriesValue = {
  type: 'dicom-series',
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.4',
  frameOfReferenceUid: '1.2.3.5',
  modality: 'CT',
  instances: [0, 1].map((k) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: `1.2.3.4.${k + 1}`, position: voxelToWorld(geometry, [0, 0, k]) })),
  patient: { name: 'Doe^Jane', id: 'P1', birthDate: '19800101', sex: 'F' },
  study: { date: '20240102', time: '101010', id: 'S1', accessionNumber: 'A1' },
};
const options: SegWriteOptions = {
  segments: [
    { value: 1, label: 'Liver', category: TISSUE, type: { value: '10200004', scheme: 'SCT', meaning: 'Liver' }, color: [221, 130, 101] },
    { value: 2, label: 'Lésion', category: { value: 'C1', scheme: '99STUDIO', meaning: 'Custom category' }, type: { value: 'T1', scheme: '99STUDIO', meaning: 'Custom type' } },
  ],
  algorithmName: 'test-net',
  algorithmVersion: '2.1.0',
  modelSha256: 'ef'.repeat(32),
};

describe('bit packing', () => {
  it('packs frames back to back across byte boundaries, LSB first, even length', () => {
    const out = new Uint8Array(packedLength(2, 5));
    expect(out.length).toBe(2);
    expect(packMatching(out, 0, [1, 0, 0, 0, 1], 0, 5, 1)).toBe(2);
    // Frame 1 starts at bit 5 and ends in the second byte.
    expect(packMatching(out, 5, [0, 3, 3, 0, 0, 3, 3], 2, 5, 3)).toBe(3);
    expect([...out]).toEqual([0b00110001, 0b00000011]);
    expect([...unpackFrame(out, 0, 5)]).toEqual([1, 0, 0, 0, 1]);
    expect([...unpackFrame(out, 1, 5)]).toEqual([1, 0, 0, 1, 1]);
    expect(() => unpackFrame(out, 3, 5)).toThrow(RangeError);
  });
});

describe('writeSeg / readSeg', () => {
  it('writes one frame per (segment, slice) with voxels and reads the same masks, codes and positions back', async () => {
    const bytes = await writeSeg(labels, series, options);
    const seg = readSeg(bytes);
    expect(seg.segments.map((s) => [s.number, s.label, s.type.value, s.category.scheme, s.algorithmType, s.algorithmName])).toEqual([
      [1, 'Liver', '10200004', 'SCT', 'AUTOMATIC', 'test-net'],
      [2, 'Lésion', 'T1', '99STUDIO', 'AUTOMATIC', 'test-net'],
    ]);
    expect(seg.segments[0].cielab).toHaveLength(3);
    expect(seg.frames.map((f) => [f.segmentNumber, f.sourceSopInstanceUid])).toEqual([[1, '1.2.3.4.1'], [1, undefined], [2, '1.2.3.4.1'], [2, '1.2.3.4.2']]);
    expect(seg.frames.map((f) => f.position)).toEqual([0, 2, 0, 1].map((k) => voxelToWorld(geometry, [0, 0, k])));
    expect([seg.rows, seg.cols, seg.pixelSpacing, seg.orientation]).toEqual([4, 5, [0.25, 0.5], [1, 0, 0, 0, -1, 0]]);
    expect([seg.studyInstanceUid, seg.frameOfReferenceUid, seg.referencedSeriesInstanceUid]).toEqual(['1.2.3', '1.2.3.5', '1.2.3.4']);
    expect(seg.sopInstanceUid).toMatch(/^2\.25\.\d{1,39}$/);
    const back = segToLabelMap(seg, geometry, (n) => options.segments[n - 1].value);
    expect([...back.data]).toEqual([...data].map((v) => (v === 7 ? 0 : v)));
    expect(back.labels.map((l) => l.name)).toEqual(['Liver', 'Lésion']);
  });

  it('is deterministic: same inputs give the same bytes, another model gives other UIDs', async () => {
    const a = await writeSeg(labels, series, options);
    expect(Buffer.compare(a, await writeSeg(labels, series, options))).toBe(0);
    const other = readSeg(await writeSeg(labels, series, { ...options, modelSha256: '01'.repeat(32) }));
    expect(other.sopInstanceUid).not.toBe(readSeg(a).sopInstanceUid);
    expect(other.seriesInstanceUid).not.toBe(readSeg(a).seriesInstanceUid);
  });

  it('passes dciodvfy without errors (UTF-8 labels, user codes) and records version and model', async () => {
    const tools = checkWithTools(await writeSeg(labels, series, options));
    console.log(`synthetic SEG: dciodvfy warnings:\n  ${tools.warnings.join('\n  ') || '(none)'}`);
    expect(tools.errors).toEqual([]);
    expect(tools.dcmdumpStatus).toBe(0);
    expect(tools.dump).toContain('(0008,0005) CS [ISO_IR 192]');
    expect(tools.dump).toContain(`(0018,1000) LO [${'ef'.repeat(32)}]`);
    expect(tools.dump).toContain(`[pipelineVersion=2.1.0;modelSha256=${'ef'.repeat(32)}]`);
    expect(tools.dump).toContain('(0062,0008) CS [AUTOMATIC]');
  });

  it('copies Patient/Study attributes, UTF-8 included (sourceModules reads them back from the written file)', async () => {
    const bytes = await writeSeg(labels, { ...series, patient: { ...series.patient, name: 'Müller^Jürgen' } }, options);
    expect(sourceModules(parseDicom(bytes))).toEqual({
      patient: { name: 'Müller^Jürgen', id: 'P1', birthDate: '19800101', sex: 'F' },
      study: { date: '20240102', time: '101010', id: 'S1', accessionNumber: 'A1', referringPhysicianName: undefined, description: undefined },
    });
  });

  it('writes one empty frame for a label map without segment voxels (NumberOfFrames >= 1)', async () => {
    const empty = { ...labels, data: new Uint8Array(60) };
    const bytes = await writeSeg(empty, series, options);
    const seg = readSeg(bytes);
    expect(seg.frames).toHaveLength(1);
    expect(seg.frames[0].mask.every((v) => v === 0)).toBe(true);
    expect(checkWithTools(bytes).errors).toEqual([]);
  });

  it('derives a right-handed grid from the frames alone and refuses a grid of another spacing', async () => {
    const seg = readSeg(await writeSeg(labels, series, options));
    const g = segGeometry(seg);
    // i = +x, j = -y: the slice normal i x j is -z, so the derived grid runs from z = -26 down.
    expect([g.dims, g.origin, g.direction.slice(6)]).toEqual([[5, 4, 3], [10, 20, -26], [0, 0, -1]]);
    const onOwn = segToLabelMap(seg, g);
    expect(segMasksOn(seg, g).dropped).toBe(0);
    expect([onOwn.data[6], onOwn.data[plane + 19], onOwn.data[2 * plane + 3]]).toEqual([1, 2, 2]);
    expect(() => segMasksOn(seg, { ...geometry, spacing: [1, 1, 2] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });

  it('refuses bad segment lists with BAD_NODE_INPUT', async () => {
    const long = { ...options.segments[0], type: { value: '12345678901234567', scheme: 'SCT', meaning: 'too long' } };
    for (const segments of [[], [options.segments[0], options.segments[0]], [{ ...options.segments[0], value: 0 }], [long]]) {
      await expect(writeSeg(labels, series, { ...options, segments })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
    }
  });

  it('reads other files and broken SEGs as typed errors', async () => {
    expect(() => readSeg(syntheticDicom())).toThrow(expect.objectContaining({ code: 'DICOM_UNSUPPORTED' }));
    const bytes = await writeSeg(labels, series, options);
    for (const cut of [8, 200, 600]) {
      let code: unknown;
      try {
        readSeg(bytes.subarray(0, bytes.length - cut));
      } catch (e) {
        code = (e as { code?: unknown }).code;
      }
      expect(['DICOM_PARSE', 'TRUNCATED_INPUT']).toContain(code);
    }
  });
});
