import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decode } from 'fast-png';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../domain/graph/schema';
import { outputDicomSc } from '../../../domain/nodes/output.dicom-sc.node';
import { RuntimeError } from '../../core/errors';
import type { DicomSeriesValue, LabelMapValue, VolumeValue } from '../../core/values';
import { toRgb } from '../dicom/colour';
import { decodeStoredPixels } from '../dicom/decode';
import { syntheticDicom } from '../dicom/fixtures';
import { imageInfo } from '../dicom/image-info';
import { DICOM_DIR, needTools } from '../dicom/oracle-support';
import { needFiles } from '../../../test/needs';
import { parseDicom } from '../dicom/parse';
import { readDicomSeriesAsync } from '../dicom/series-async';
import { identityGeometry } from '../geometry';
import { writeNifti } from '../nifti/write';
import { readSeg, segToLabelMap } from '../seg';
import { checkWithTools } from '../seg/testing';
import { kernel as inputNifti } from './input.nifti.kernel';
import { kernel, scEntryName } from './output.dicom-sc.kernel';
import { kernel as overlayPng } from './output.overlay-png.kernel';
import { testContext } from './testing';

/** The SCs are also checked by dicom3tools, DCMTK and GDCM (titles say when they are missing). */
const TOOLS = needTools('dciodvfy', 'dcmdump', 'gdcminfo');
const CORPUS_CT = resolve(DICOM_DIR, 'ct_series_seg');
const HAVE_CT = needFiles(...['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm', 'liver_seg.dcm'].map((f) => resolve(CORPUS_CT, f)));

const node: NodeInstance = { id: 'sc', kind: 'output.dicom-sc', version: 1, params: {} };
const provenance = { pipelineVersion: '1.2.0', modelSha256s: ['aa'.repeat(32)] };

/** The overlay node's own PNG of slice k, decoded: the picture every SC must carry bit for bit. */
async function overlayRgb(image: VolumeValue, labels: LabelMapValue, slice: number, opacity: number): Promise<Uint8Array> {
  const { ctx, files } = testContext();
  await overlayPng.run({ node: { ...node, kind: 'output.overlay-png' }, ctx, inputs: { image, labels }, params: { slice, opacity, fileName: 'o.png' } });
  const png = decode(files[0].bytes);
  expect(png.channels).toBe(3);
  return png.data as Uint8Array;
}

/** Runs the node and returns the zip's files by name. */
async function run(inputs: Record<string, VolumeValue | LabelMapValue | DicomSeriesValue>, params: Record<string, unknown> = {}) {
  const { ctx, files } = testContext({ provenance });
  expect(await kernel.run({ node, ctx, inputs, params: outputDicomSc.params.parse(params) })).toEqual({});
  expect(files).toHaveLength(1);
  expect([files[0].name, files[0].mediaType]).toEqual([params.fileName ?? 'secondary-capture.zip', 'application/zip']);
  return { zip: files[0].bytes, entries: unzipSync(files[0].bytes) };
}

/**
 * Every SC against the oracles: our reader's decoded RGB equals the overlay PNG of the same slice
 * (bit-exact), dciodvfy finds no error, dcmdump shows the study, new series and the source reference.
 */
async function checkAll(entries: Record<string, Uint8Array>, image: VolumeValue, labels: LabelMapValue, series: DicomSeriesValue, slices: number[], opacity: number) {
  expect(Object.keys(entries).sort()).toEqual(slices.map((k) => scEntryName(k + 1)));
  const seriesUids = new Set<string | undefined>();
  for (const k of slices) {
    const bytes = entries[scEntryName(k + 1)];
    const ds = parseDicom(bytes);
    const stored = await decodeStoredPixels(ds, 'sc');
    const rgb = toRgb(stored.data, imageInfo(ds, 'sc'), ds, 'sc');
    expect(Buffer.compare(rgb, await overlayRgb(image, labels, k, opacity)), `slice ${k}`).toBe(0);
    seriesUids.add(ds.string('x0020000e'));
    const referenced = ds.elements.x00081140.items![0].dataSet!;
    expect([referenced.string('x00081150'), referenced.string('x00081155')]).toEqual([series.instances[k].sopClassUid, series.instances[k].sopInstanceUid]);
    if (!TOOLS.ok) continue;
    const t = checkWithTools(bytes);
    expect(t.errors, `slice ${k}`).toEqual([]);
    expect(t.dcmdumpStatus).toBe(0);
    expect(t.dump).toContain('(0002,0002) UI =SecondaryCaptureImageStorage');
    expect(t.dump).toContain(`(0020,000d) UI [${series.studyInstanceUid}]`);
    expect(t.dump).toContain(`(0020,0013) IS [${k + 1}]`);
    // ReferencedImageSequence and SourceImageSequence both name the source slice.
    const ref = `(0008,1155) UI [${series.instances[k].sopInstanceUid}]`;
    expect(t.dump.split(ref).length - 1).toBe(2);
    expect(t.dump).toContain(`modelSha256=${'aa'.repeat(32)}`);
  }
  expect(seriesUids.size).toBe(1);
  expect(seriesUids.has(series.seriesInstanceUid)).toBe(false);
}

// Three generated CT slices (3x4, 2.5 mm apart) read by our series reader, as input.dicom-series does.
async function generated(orientation = [1, 0, 0, 0, 1, 0]) {
  const files = [0, 1, 2].map((i) => syntheticDicom({ instance: i + 1, position: [-5, 10, 2.5 * i], orientation, signed: true, intercept: -1024 }));
  const { volume, series } = await readDicomSeriesAsync(files, ['1.dcm', '2.dcm', '3.dcm']);
  const data = new Uint8Array(12 * 3);
  data.set([1, 1, 0, 2], 12); // slice 1: labels 1 and 2
  data[2 * 12 + 11] = 1; // slice 2: one voxel
  const labels: LabelMapValue = { type: 'label-map', geometry: volume.geometry, data, labels: [{ value: 1, name: 'Liver', color: [221, 130, 101] }] };
  return { volume, labels, series: { ...series, patient: { name: 'Doe^Jane', id: 'P1' }, study: { date: '20240102', time: '101010' } } };
}

describe('output.dicom-sc', () => {
  it('parses params with defaults and flags a slice beyond the image', () => {
    expect(outputDicomSc.params.parse({})).toEqual({ slice: null, opacity: 0.5, algorithmName: 'studio-pipeline', fileName: 'secondary-capture.zip' });
    expect(outputDicomSc.params.safeParse({ fileName: 'a/b.zip' }).success).toBe(false);
    const check = (slice: number) => outputDicomSc.check!({ params: outputDicomSc.params.parse({ slice }), inputs: { image: { kind: 'volume', shape: [3, 4, 3] } }, models: { get: () => undefined } as never, nodeId: 'n' });
    expect(check(2)).toEqual([]);
    expect(check(3)).toMatchObject([{ code: 'bad-params', nodeId: 'n' }]);
  });

  it(TOOLS.title('writes one SC per slice in a deterministic zip, pixels equal to the overlay PNG, valid and referencing the source slices'), async () => {
    const { volume, labels, series } = await generated();
    const a = await run({ image: volume, labels, series }, { opacity: 0.7 });
    await checkAll(a.entries, volume, labels, series, [0, 1, 2], 0.7);
    expect(Buffer.compare((await run({ image: volume, labels, series }, { opacity: 0.7 })).zip, a.zip)).toBe(0);
  });

  it(TOOLS.title('says how the picture lies (PatientOrientation L\\P: radiological) also for rows stored right to left, posterior up'), async () => {
    for (const orientation of [[1, 0, 0, 0, 1, 0], [-1, 0, 0, 0, -1, 0]]) {
      const { volume, labels, series } = await generated(orientation);
      expect(volume.geometry.direction.slice(0, 6)).toEqual(orientation);
      const { entries } = await run({ image: volume, labels, series }, { slice: 1 });
      expect(parseDicom(entries[scEntryName(2)]).string('x00200020')).toBe('L\\P');
      await checkAll(entries, volume, labels, series, [1], 0.5);
    }
  });

  it(TOOLS.title('writes only the chosen slice, under the chosen file name'), async () => {
    const { volume, labels, series } = await generated();
    const { entries } = await run({ image: volume, labels, series }, { slice: 1, fileName: 'sc.zip' });
    await checkAll(entries, volume, labels, series, [1], 0.5);
  });

  it('refuses a NIfTI pipeline (no DICOM source), an image off the source planes and a slice beyond the image with BAD_NODE_INPUT', async () => {
    const v: VolumeValue = { type: 'volume', dtype: 'int16', geometry: identityGeometry([3, 4, 2], [1, 1, 2]), data: Int16Array.from({ length: 24 }, (_, i) => i) };
    const nifti = testContext({ input: { format: 'nifti', files: [{ sha256: 'a'.repeat(64), name: 'scan.nii.gz', size: 1 }] }, readBlob: async () => writeNifti(v, { gzip: true }) });
    const image = (await inputNifti.run({ node, params: {}, inputs: {}, ctx: nifti.ctx })).volume as VolumeValue;
    const labels: LabelMapValue = { type: 'label-map', geometry: image.geometry, data: new Uint8Array(24).fill(1), labels: [] };
    const params = outputDicomSc.params.parse({});
    const fails = (inputs: Record<string, VolumeValue | LabelMapValue | DicomSeriesValue>, p = params) => kernel.run({ node, ctx: testContext().ctx, inputs, params: p });
    await expect(fails({ image, labels })).rejects.toBeInstanceOf(RuntimeError);
    await expect(fails({ image, labels })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT', message: expect.stringContaining('"series"') });
    const { series, volume } = await generated();
    await expect(fails({ image, labels, series })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT', message: expect.stringContaining('lies on no instance') });
    await expect(fails({ image: volume, labels, series }, { ...params, slice: 3 })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });

  it.skipIf(!HAVE_CT.ok)(HAVE_CT.title(TOOLS.title('corpus CT (3 slices of 512x512) with its liver SEG: valid SCs equal to the overlay PNG')), async () => {
    const names = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'];
    const { volume, series } = await readDicomSeriesAsync(names.map((n) => new Uint8Array(readFileSync(resolve(CORPUS_CT, n)))), names);
    const labels = segToLabelMap(readSeg(new Uint8Array(readFileSync(resolve(CORPUS_CT, 'liver_seg.dcm')))), volume.geometry);
    expect(series.patient?.id).toBeTruthy();
    const { entries } = await run({ image: volume, labels, series });
    await checkAll(entries, volume, labels, series, [0, 1, 2], 0.5);
    if (TOOLS.ok) {
      const dump = checkWithTools(entries[scEntryName(1)]).dump;
      expect(dump).toContain(`(0010,0020) LO [${series.patient!.id}]`);
      expect(dump).toContain('(0028,0010) US 512');
    }
  });
});
