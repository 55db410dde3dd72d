import type { Geometry, VolumeValue } from '../../runtimes/core/values';
import { readNifti } from '../../runtimes/imaging/nifti';
import { sliceOf, type AxialFrame } from './axial-frame';
import { gridToGrid } from './overlay';

/** Fetch a NIfTI (.nii / .nii.gz) and parse it in the browser (the same reader the server uses). */
export async function fetchNifti(url: string, signal?: AbortSignal): Promise<VolumeValue> {
  const res = await fetch(url, { signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new Error(body?.error?.message ?? `${url}: HTTP ${res.status}`);
  }
  return readNifti(new Uint8Array(await res.arrayBuffer()));
}

/**
 * Display slice through the centroid of the labelled voxels (where a reader wants to look
 * first), mapped into the image's axial frame through both geometries; middle slice if empty.
 */
export function labelCentroidSlice(labels: VolumeValue, image: Geometry, frame: AxialFrame): number {
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
  if (n === 0) return Math.floor(frame.size[2] / 2);
  const [ci, cj, ck, t] = gridToGrid(labels.geometry, image);
  const [x, y, z] = sum.map((v) => v / n) as [number, number, number];
  const ijk = [0, 1, 2].map((w) => ci[w]! * x + cj[w]! * y + ck[w]! * z + t[w]!) as [number, number, number];
  return sliceOf(frame, ijk);
}
