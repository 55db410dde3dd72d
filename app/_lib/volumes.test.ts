import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DicomSeriesValue, Geometry, LabelMapValue } from '../../runtimes/core/values';
import { TISSUE } from '../../runtimes/imaging/seg/codes';
import { writeSeg } from '../../runtimes/imaging/seg/write';
import { gridToGrid, labelSliceInImageGrid } from './overlay';
import { planeFrame } from './plane-frame';
import { fetchSegLabels, labelCentroidVoxel } from './volumes';

const image: Geometry = { dims: [4, 3, 2], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

afterEach(() => vi.unstubAllGlobals());

describe('label centroid', () => {
  it('is the image centre when nothing is labelled, else the labelled voxels mapped into the image grid', () => {
    expect(labelCentroidVoxel({ geometry: image, data: new Uint8Array(24) }, image)).toEqual([2, 1, 1]);
    // Label grid shifted by +1 mm in x: its voxel (1, 2, 1) is image voxel (2, 2, 1).
    const shifted = { ...image, origin: [1, 0, 0] as [number, number, number] };
    const data = new Uint8Array(24);
    data[1 + 4 * (2 + 3 * 1)] = 3;
    expect(labelCentroidVoxel({ geometry: shifted, data }, image)).toEqual([2, 2, 1]);
  });
});

describe('SEG read back for the viewer', () => {
  it('overlays a SEG-only output on the scan grid with its segment numbers', async () => {
    const data = new Uint8Array(24);
    data[1] = 1;
    data[4 * 3 + 6] = 2; // slice 1, row 1, column 2
    const labels: LabelMapValue = { type: 'label-map', geometry: image, data, labels: [] };
    const series: DicomSeriesValue = {
      type: 'dicom-series', studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', frameOfReferenceUid: '1.2.3.5', modality: 'MR',
      instances: [0, 1].map((k) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUid: `1.2.3.4.${k + 1}`, position: [0, 0, 2 * k] as [number, number, number] })),
    };
    const bytes = await writeSeg(labels, series, {
      segments: [1, 2].map((value) => ({ value, label: `L${value}`, category: TISSUE, type: { value: 'T', scheme: '99X', meaning: 'T' } })),
      algorithmName: 'test', algorithmVersion: '1', modelSha256: 'ab'.repeat(32),
    });
    vi.stubGlobal('fetch', async () => new Response(new Uint8Array(bytes)));
    const seg = await fetchSegLabels('/api/blobs/x');
    const frame = planeFrame(image, 'axial');
    const back = [0, 1].flatMap((s) => [...labelSliceInImageGrid(image, frame, seg, s)]);
    expect(back).toEqual([...data]);
    expect(gridToGrid(seg.geometry, image)[3].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0, 0]);
  });

  it('reports the HTTP error of a missing blob', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { message: 'no such blob' } }), { status: 404 }));
    await expect(fetchSegLabels('/api/blobs/y')).rejects.toThrow('no such blob');
  });
});
