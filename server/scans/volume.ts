import { readDicomSeriesFiles } from '../../runtimes/server/dicom-files';
import { writeNiftiAsync } from '../../runtimes/imaging/nifti';
import { gzipAsync, isGzip } from '../../runtimes/imaging/nifti/gzip';
import { setScanVolume } from './repo';
import type { ServiceDeps } from '../context';
import { requireScan } from './service';

/**
 * The scan as one .nii.gz blob for the viewer. A gzipped NIfTI upload is served as is; a raw
 * .nii is gzipped and a DICOM series assembled and written as NIfTI once, then cached as a
 * blob referenced from the scan row. Conversion is deterministic, so racing requests store
 * the same bytes. Reader errors (unsupported DICOM, mixed series) surface as RuntimeErrors.
 */
export async function scanVolumeBlob(deps: ServiceDeps, scanId: string): Promise<{ sha256: string; name: string }> {
  const scan = await requireScan(deps, scanId);
  const name = `${scan.name.replace(/[^\w.-]+/g, '_') || scan.id}.nii.gz`;
  if (scan.volumeSha256 && (await deps.blobs.has(scan.volumeSha256))) return { sha256: scan.volumeSha256, name };
  let sha256: string;
  if (scan.format === 'nifti') {
    const file = scan.files[0];
    const bytes = await deps.blobs.read(file.sha256);
    sha256 = isGzip(bytes) ? file.sha256 : (await deps.blobs.putBytes(await gzipAsync(bytes))).sha256;
  } else {
    // Straight from the blob files into the volume (falls back to the in-memory reader for
    // compressed or unusual series, with identical results).
    const { volume } = await readDicomSeriesFiles(await Promise.all(scan.files.map((f) => deps.blobs.localPath(f.sha256))), scan.files.map((f) => f.name));
    sha256 = (await deps.blobs.putBytes(await writeNiftiAsync(volume, { gzip: true }))).sha256;
  }
  await setScanVolume(deps.db, scan.id, sha256);
  return { sha256, name };
}
