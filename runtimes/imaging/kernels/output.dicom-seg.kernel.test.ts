import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodeInstance } from '../../../domain/graph/schema';
import { outputDicomSeg } from '../../../domain/nodes/output.dicom-seg.node';
import type { DicomSeriesValue, LabelMapValue } from '../../core/values';
import { identityGeometry, voxelToWorld } from '../geometry';
import { readSeg } from '../seg';
import { kernel, segmentsFor } from './output.dicom-seg.kernel';
import { testContext } from './testing';

const node: NodeInstance = { id: 'seg', kind: 'output.dicom-seg', version: 1, params: {} };
const geometry = { ...identityGeometry([3, 2, 2], [0.8, 0.8, 2.5]), origin: [-10, -20, 30] as [number, number, number] };
const labels: LabelMapValue = {
  type: 'label-map',
  geometry,
  data: Uint8Array.from([0, 1, 1, 0, 0, 0, /* slice 1 */ 3, 3, 0, 0, 0, 1]),
  labels: [{ value: 3, name: 'Spleen', color: [157, 108, 162] }],
};
const series: DicomSeriesValue = {
  type: 'dicom-series',
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.4',
  frameOfReferenceUid: '1.2.3.9',
  instances: [0, 1].map((k) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: `1.2.3.4.${k}`, position: voxelToWorld(geometry, [0, 0, k]) })),
};
const params = outputDicomSeg.params.parse({
  segments: [{ value: 1, label: 'Liver', type: { value: '10200004', meaning: 'Liver' } }],
  algorithmName: 'liver-net',
});

describe('output.dicom-seg', () => {
  it('parses params with defaults and flags a label value described twice', () => {
    expect(params.fileName).toBe('segmentation.dcm');
    expect(params.segments[0].type).toEqual({ value: '10200004', scheme: 'SCT', meaning: 'Liver' });
    const twice = outputDicomSeg.params.parse({ segments: [{ value: 2, label: 'a' }, { value: 2, label: 'b' }] });
    expect(outputDicomSeg.check!({ params: twice, inputs: {}, models: { get: () => undefined } as never, nodeId: 'n' })).toHaveLength(1);
    expect(() => outputDicomSeg.params.parse({ segments: [{ value: 0, label: 'bg' }] })).toThrow();
    expect(outputDicomSeg.params.parse({})).toEqual({ segments: [], algorithmName: 'studio-pipeline', fileName: 'segmentation.dcm' });
    const schema = z.toJSONSchema(outputDicomSeg.params, { io: 'input' }) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual(['algorithmName', 'fileName', 'segments', 'seriesDescription']);
  });

  it('describes every label value present: params first, then the label map names', () => {
    expect(segmentsFor(labels, params.segments).map((s) => [s.value, s.label, s.type.value, s.color])).toEqual([
      [1, 'Liver', '10200004', undefined],
      [3, 'Spleen', '85756007', [157, 108, 162]],
    ]);
    expect(segmentsFor({ ...labels, data: new Uint8Array(12) }, []).map((s) => s.value)).toEqual([1]);
  });

  it('writes segmentation.dcm (application/dicom) recording algorithm, pipeline version and model; deterministic', async () => {
    const provenance = { pipelineVersion: '1.2.0', modelSha256s: ['aa'.repeat(32)] };
    const a = testContext({ provenance });
    expect(await kernel.run({ node, params, inputs: { labels, series }, ctx: a.ctx })).toEqual({});
    const [file] = a.files;
    expect([file.name, file.mediaType]).toEqual(['segmentation.dcm', 'application/dicom']);
    const seg = readSeg(file.bytes);
    expect(seg.segments.map((s) => [s.number, s.label, s.algorithmName])).toEqual([[1, 'Liver', 'liver-net'], [2, 'Spleen', 'liver-net']]);
    expect(seg.seriesDescription).toBe('liver-net 1.2.0');
    expect(seg.frames.map((f) => [f.segmentNumber, f.sourceSopInstanceUid])).toEqual([[1, '1.2.3.4.0'], [1, '1.2.3.4.1'], [2, '1.2.3.4.1']]);
    expect(new TextDecoder().decode(file.bytes)).toContain(`modelSha256=${'aa'.repeat(32)}`);
    const b = testContext({ provenance });
    await kernel.run({ node, params, inputs: { labels, series }, ctx: b.ctx });
    expect(Buffer.compare(b.files[0].bytes, file.bytes)).toBe(0);
  });

  it('needs both inputs', async () => {
    const { ctx } = testContext();
    await expect(kernel.run({ node, params, inputs: { labels }, ctx })).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});
