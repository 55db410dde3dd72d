import type { Geometry, LabelDef, VolumeValue } from '../../runtimes/core/values';
import { readNifti } from '../../runtimes/imaging/nifti';
import { readSeg } from '../../runtimes/imaging/seg/read';
import { segGeometry, segToLabelMap } from '../../runtimes/imaging/seg/place';
import type { Ijk } from './plane-frame';
import { gridToGrid } from './overlay';

/** A label grid the viewer overlays: values on their own geometry (NIfTI label map or a SEG's grid). */
export interface LabelGrid {
  geometry: Geometry;
  data: ArrayLike<number>;
  /** Names carried by the file itself (a SEG's segment labels). */
  labels?: LabelDef[];
}

async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new Error(body?.error?.message ?? `${url}: HTTP ${res.status}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetch a NIfTI (.nii / .nii.gz) and parse it in the browser (the same reader the server uses). */
export async function fetchNifti(url: string, signal?: AbortSignal): Promise<VolumeValue> {
  return readNifti(await fetchBytes(url, signal));
}

/**
 * Fetch a DICOM SEG and read it back as a label map on the SEG's own grid (values = segment
 * numbers) with the same reader the SEG tests use; the overlay resamples it onto the scan.
 */
export async function fetchSegLabels(url: string, signal?: AbortSignal): Promise<LabelGrid> {
  const seg = readSeg(await fetchBytes(url, signal), url);
  return segToLabelMap(seg, segGeometry(seg));
}

/**
 * Image voxel at the centroid of the labelled voxels (where a reader wants to look first),
 * mapped into the image grid through both geometries; the image centre if nothing is labelled.
 */
export function labelCentroidVoxel(labels: LabelGrid, image: Geometry): Ijk {
  const [nx, ny, nz] = labels.geometry.dims;
  let n = 0;
  const sum = [0, 0, 0];
  for (let z = 0, p = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, p++)
        if (labels.data[p] !== 0) {
          n++;
          sum[0] += x;
          sum[1] += y;
          sum[2] += z;
        }
  const centre = image.dims.map((d) => Math.floor(d / 2)) as Ijk;
  if (n === 0) return centre;
  const [ci, cj, ck, t] = gridToGrid(labels.geometry, image);
  const [x, y, z] = sum.map((v) => v / n) as Ijk;
  return [0, 1, 2].map((w) => Math.min(image.dims[w]! - 1, Math.max(0, Math.round(ci[w]! * x + cj[w]! * y + ck[w]! * z + t[w]!)))) as Ijk;
}
