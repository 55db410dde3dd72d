/**
 * Size limits of a scan volume, judged from its header alone (NIfTI dims x datatype, DICOM
 * rows x columns x frames x samples x bytes summed over a series) before any voxel is read.
 */
export interface VolumeLimits {
  maxVoxels: number;
  maxBytes: number;
}

export interface VolumeFootprint {
  voxels: number;
  bytes: number;
}

/** Which limit the footprint passes, if any (voxels are checked first). */
export function exceededVolumeLimit(f: VolumeFootprint, limits: VolumeLimits): 'voxels' | 'bytes' | undefined {
  if (f.voxels > limits.maxVoxels) return 'voxels';
  if (f.bytes > limits.maxBytes) return 'bytes';
  return undefined;
}

/** Voxels and bytes of a volume of these dims (all positive integers) at `bytesPerVoxel`. */
export function footprintOf(dims: readonly number[], bytesPerVoxel: number): VolumeFootprint {
  const voxels = dims.reduce((a, d) => a * d, 1);
  return { voxels, bytes: voxels * bytesPerVoxel };
}
