import { readFile } from 'node:fs/promises';
import type { StagedBlob } from '../blobs/store';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { byteBudget, readMultipart } from '../http/multipart';
import { readZipDirectory } from '../http/zip-directory';
import { stageEntry } from '../http/zip-inflate';
import { addDatasetVersion, type DatasetFile } from './service';

const GiB = 1024 ** 3;
/** A zip is read into memory to walk its directory: at most this (and the request limit). */
export const DATASET_ZIP_MAX_BYTES = 2 * GiB - 1;
/** Files of one upload (a folder, or a zip's entries): a zip cannot hold more without zip64. */
export const DATASET_MAX_FILES = 65_535;

/**
 * POST /api/datasets/<id>/versions: multipart/form-data with either one `.zip` or the files of a
 * folder (their relative paths as file names, as browsers send a webkitdirectory selection),
 * plus optional text fields `labelMapping` (JSON) and `notes`. `limitBytes` caps the request
 * and, for a zip, the sum of its inflated entries.
 */
export async function uploadDatasetVersion(deps: ServiceDeps, datasetId: string, request: Request, limitBytes: number) {
  const files: DatasetFile[] = [];
  const metered = byteBudget(limitBytes);
  let fields: Record<string, string>;
  let next = 0;
  try {
    fields = await readMultipart(request, async (f) => {
      const index = next++;
      if (index >= DATASET_MAX_FILES) throw new ServiceError('DATASET_TOO_LARGE', `the upload holds more than ${DATASET_MAX_FILES} files`, { limit: DATASET_MAX_FILES });
      files[index] = { path: f.fileName, staged: await deps.blobs.stage(metered(f.stream)) };
    });
    if (files.length === 1 && /\.zip$/i.test(files[0].path)) {
      const zip = files.pop()!;
      try {
        files.push(...(await unzip(deps, zip.staged, limitBytes)));
      } finally {
        await zip.staged.discard();
      }
    }
  } catch (e) {
    await Promise.all(files.filter(Boolean).map((f) => f.staged.discard()));
    throw e;
  }
  return addDatasetVersion(deps, { datasetId, files, labelMapping: fields.labelMapping, notes: fields.notes });
}

/** Every file entry of a zip, staged; on failure what was staged is discarded. */
export async function unzip(deps: ServiceDeps, zip: StagedBlob, limitBytes: number): Promise<DatasetFile[]> {
  if (zip.size > DATASET_ZIP_MAX_BYTES) throw new ServiceError('UPLOAD_TOO_LARGE', `the zip is ${zip.size} bytes (limit ${DATASET_ZIP_MAX_BYTES})`, { limitBytes: DATASET_ZIP_MAX_BYTES });
  const bytes = new Uint8Array(await readFile(zip.tempPath));
  const entries = readZipDirectory(bytes, { entries: DATASET_MAX_FILES, entryBytes: limitBytes, totalBytes: limitBytes, ratio: 1032 });
  const out: DatasetFile[] = [];
  try {
    for (const e of entries) out.push({ path: e.name, staged: await stageEntry(deps.blobs, bytes, e) });
    return out;
  } catch (e) {
    await Promise.all(out.map((f) => f.staged.discard()));
    throw e;
  }
}
