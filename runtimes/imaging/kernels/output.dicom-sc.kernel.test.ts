import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../core/errors';
import type { DicomSeriesValue, LabelMapValue, VolumeValue } from '../../core/values';
import { syntheticDicom } from '../dicom/fixtures';
import { parseDicom } from '../dicom/parse';
import { readDicomSeriesAsync } from '../dicom/series-async';
import { identityGeometry } from '../geometry';
import { writeNifti } from '../nifti/write';
import { outputDicomSc } from '../../../domain/nodes/output.dicom-sc.node';
import { kernel as inputNifti } from './input.nifti.kernel';
import { checkAll, node, run, TOOLS } from './output.dicom-sc.checks';
import { kernel, scEntryName } from './output.dicom-sc.kernel';
import { testContext } from './testing';

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
});
