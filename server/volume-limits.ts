import { exceededVolumeLimit, type VolumeFootprint, type VolumeLimits } from '../domain/limits/volume';
import { setMaxInflateBytes } from '../runtimes/imaging/nifti/gzip';
import { env } from './env';
import { ServiceError } from './errors';

/**
 * The scan size limits of this process (STUDIO_MAX_VOXELS, STUDIO_MAX_VOLUME_BYTES), read at
 * call time so tests can lower them. Importing this module also caps every server-side gunzip
 * of a .nii.gz (readers in runs, variants) at the byte limit plus room for the header and its
 * extensions: inflation stops there instead of after.
 */
export const volumeLimits = (): VolumeLimits => ({ maxVoxels: env.STUDIO_MAX_VOXELS, maxBytes: env.STUDIO_MAX_VOLUME_BYTES });

/** Header + extensions a .nii may carry before its voxels (vox_offset), beyond the voxel byte limit. */
export const NIFTI_HEADER_ROOM_BYTES = 16 * 1024 * 1024;

setMaxInflateBytes(env.STUDIO_MAX_VOLUME_BYTES + NIFTI_HEADER_ROOM_BYTES);

/** 413 VOLUME_TOO_LARGE when the declared footprint passes a limit; `details` names what was declared. */
export function assertVolumeWithinLimits(f: VolumeFootprint, what: string, details: Record<string, unknown>): void {
  const limits = volumeLimits();
  const over = exceededVolumeLimit(f, limits);
  if (!over) return;
  const message =
    over === 'voxels'
      ? `${what} declares ${f.voxels} voxels; the limit is ${limits.maxVoxels} (STUDIO_MAX_VOXELS)`
      : `${what} declares ${f.bytes} bytes of voxel data; the limit is ${limits.maxBytes} (STUDIO_MAX_VOLUME_BYTES)`;
  throw new ServiceError('VOLUME_TOO_LARGE', message, { ...details, voxels: f.voxels, bytes: f.bytes, maxVoxels: limits.maxVoxels, maxBytes: limits.maxBytes });
}
