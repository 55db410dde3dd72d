// Test support for output.dicom-sc (synthetic and corpus tests): run the kernel, check its SCs.
import { decode } from 'fast-png';
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import type { NodeInstance } from '../../../domain/graph/schema';
import { outputDicomSc } from '../../../domain/nodes/output.dicom-sc.node';
import { outputOverlayPng } from '../../../domain/nodes/output.overlay-png.node';
import type { DicomSeriesValue, LabelMapValue, VolumeValue } from '../../core/values';
import { toRgb } from '../dicom/colour';
import { decodeStoredPixels } from '../dicom/decode';
import { imageInfo } from '../dicom/image-info';
import { needTools } from '../../../test/needs';
import { parseDicom } from '../dicom/parse';
import { checkWithTools } from '../seg/testing';
import { kernel, scEntryName } from './output.dicom-sc.kernel';
import { kernel as overlayPng } from './output.overlay-png.kernel';
import { testContext } from './testing';

/** The SCs are also checked by dicom3tools, DCMTK and GDCM (titles say when they are missing). */
export const TOOLS = needTools('dciodvfy', 'dcmdump', 'gdcminfo');

export const node: NodeInstance = { id: 'sc', kind: outputDicomSc.kind, version: 1, params: {} };
const provenance = { pipelineVersion: '1.2.0', modelSha256s: ['aa'.repeat(32)] };

/** The overlay node's own PNG of slice k, decoded: the picture every SC must carry bit for bit. */
async function overlayRgb(image: VolumeValue, labels: LabelMapValue, slice: number, opacity: number): Promise<Uint8Array> {
  const { ctx, files } = testContext();
  await overlayPng.run({ node: { ...node, kind: outputOverlayPng.kind }, ctx, inputs: { image, labels }, params: { slice, opacity, fileName: 'o.png' } });
  const png = decode(files[0].bytes);
  expect(png.channels).toBe(3);
  return png.data as Uint8Array;
}

/** Runs the node and returns the zip's files by name. */
export async function run(inputs: Record<string, VolumeValue | LabelMapValue | DicomSeriesValue>, params: Record<string, unknown> = {}) {
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
export async function checkAll(entries: Record<string, Uint8Array>, image: VolumeValue, labels: LabelMapValue, series: DicomSeriesValue, slices: number[], opacity: number) {
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
