import { access } from 'node:fs/promises';
import type { RunInput } from '../core/kernel';
import type { DicomSeriesResult } from '../imaging/dicom/one-series';
import { readDicomSeriesFiles } from './dicom-files';
import type { RunBlobs } from '../../workflows/contract';

/**
 * The input.dicom-series host fast path (KernelContext.readDicomSeriesFiles): the run's DICOM
 * blobs read from their files on disk straight into the volume. undefined when the store has no
 * files (not a BlobStore) or one is missing: the kernel then reads through readBlob, which
 * reports the missing blob.
 */
export async function dicomSeriesFromBlobFiles(blobs: RunBlobs, files: RunInput['files']): Promise<DicomSeriesResult | undefined> {
  if (!blobs.path || files.length === 0) return undefined;
  const paths = files.map((f) => blobs.path!(f.sha256));
  try {
    await Promise.all(paths.map((p) => access(p)));
  } catch {
    return undefined;
  }
  return readDicomSeriesFiles(paths, files.map((f) => f.name));
}
