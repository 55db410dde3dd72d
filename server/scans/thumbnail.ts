import { encode } from 'fast-png';
import { readNiftiAsync } from '../../runtimes/imaging/nifti/read';
import { renderOverlay } from '../../runtimes/imaging/ops/overlay';
import { planReorient, reorientData } from '../../runtimes/imaging/ops/reorient';
import type { ServiceDeps } from '../context';
import { requireScan } from './service';
import { scanVolumeBlob } from './volume';

/** Longest side of a thumbnail, in pixels (the slice is subsampled by a whole step to fit). */
export const THUMBNAIL_MAX_PX = 128;
/** Scans whose thumbnail this process keeps (a scan's content never changes, so neither does its thumbnail). */
const CACHED_SCANS = 256;
const cache = new Map<string, Uint8Array>();

/**
 * A grey PNG of the scan's middle axial slice, min-max windowed over that slice, displayed
 * radiologically (as the overlay PNG: the volume reoriented to LPS first, so a sagittal or
 * coronal acquisition still shows an axial plane). Built from the viewer volume (DICOM
 * converted once and cached), then cached here by scan id.
 */
export async function scanThumbnail(deps: ServiceDeps, scanId: string): Promise<Uint8Array> {
  const scan = await requireScan(deps, scanId); // permission first, even when cached
  const hit = cache.get(scan.id);
  if (hit) return hit;
  const { sha256 } = await scanVolumeBlob(deps, scan.id);
  const stored = await readNiftiAsync(await deps.blobs.read(sha256));
  const plan = planReorient(stored.geometry, 'LPS');
  const geometry = plan.geometry;
  const data = reorientData(stored.data, stored.geometry.dims, plan);
  const [nx, ny, nz] = geometry.dims;
  // No labels: a 1-voxel empty label map leaves the windowed grey slice as it is.
  const labels = { data: new Uint8Array(1), geometry: { ...geometry, dims: [1, 1, 1] as [number, number, number] }, labels: [] };
  const { rgb } = renderOverlay({ image: { data, geometry }, labels }, Math.floor(nz / 2), 0);
  const step = Math.ceil(Math.max(nx, ny) / THUMBNAIL_MAX_PX);
  const width = Math.ceil(nx / step), height = Math.ceil(ny / step);
  const grey = new Uint8Array(width * height);
  for (let j = 0; j < height; j++) for (let i = 0; i < width; i++) grey[j * width + i] = rgb[(j * step * nx + i * step) * 3];
  const png = encode({ width, height, data: grey, channels: 1, depth: 8 });
  if (cache.size >= CACHED_SCANS) cache.delete(cache.keys().next().value!);
  cache.set(scan.id, png);
  return png;
}
