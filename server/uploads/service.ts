import type { StagedBlob } from '../blobs/store';
import { ServiceError } from '../errors';
import type { ServiceDeps } from '../context';
import { registerStagedModel } from '../models/service';
import { byteBudget, readMultipart } from '../http/multipart';
import { refuseOversizedNifti } from '../scans/nifti-head';
import { createScanFromStaged, type StagedUpload } from '../scans/service';

/**
 * Upload use cases over a streaming multipart body. Files are staged (hashed to temp files)
 * as they arrive, then validated and committed by the scan / model services; on any failure
 * every staged file is discarded, so nothing partial is stored.
 */

/** POST /api/uploads/scan: one .nii/.nii.gz, or the DICOM files of one series. `limitBytes` caps the whole request. */
export async function uploadScan(deps: ServiceDeps, request: Request, limitBytes: number): Promise<{ scanId: string }> {
  // Files stage concurrently (busboy moves on while the previous file syncs): keep request order.
  const uploads: StagedUpload[] = [];
  const metered = byteBudget(limitBytes);
  let fields: Record<string, string>;
  let next = 0;
  try {
    fields = await readMultipart(request, async (f) => {
      const index = next++;
      uploads[index] = { fileName: f.fileName, staged: await deps.blobs.stage(refuseOversizedNifti(metered(f.stream), f.fileName)) };
    });
  } catch (e) {
    await Promise.all(uploads.filter(Boolean).map((u) => u.staged.discard()));
    throw e;
  }
  const scan = await createScanFromStaged(deps, { name: fields.name, uploads });
  return { scanId: scan.id };
}

/** POST /api/uploads/model: exactly one .onnx file, at most `limitBytes`. */
export async function uploadModel(deps: ServiceDeps, request: Request, limitBytes: number): Promise<{ sha256: string }> {
  const staged: { fileName: string; staged: StagedBlob }[] = [];
  let fields: Record<string, string>;
  try {
    fields = await readMultipart(request, async (f) => {
      if (staged.length > 0) throw new ServiceError('BAD_REQUEST', 'upload one .onnx file at a time');
      staged.push({ fileName: f.fileName, staged: await deps.blobs.stage(f.stream, { limitBytes }) });
    });
    if (staged.length === 0) throw new ServiceError('EMPTY_UPLOAD', 'no file was uploaded');
  } catch (e) {
    await Promise.all(staged.map((s) => s.staged.discard()));
    throw e;
  }
  const model = await registerStagedModel(deps, { ...staged[0], name: fields.name });
  return { sha256: model.sha256 };
}
