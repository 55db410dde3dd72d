import { errorResponse } from '../../../../_server/errors';
import { blobResponse } from '../../../../_server/services/blob-response';
import { processServices } from '../../../../_server/services/process';
import { scanVolumeBlob } from '../../../../_server/services/scan-volume';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/scans/<id>/volume: the scan as .nii.gz for the viewer (DICOM converted once, cached). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const deps = await processServices();
    const { sha256, name } = await scanVolumeBlob(deps, id);
    return await blobResponse(deps.blobs, sha256, { name, type: 'application/gzip', disposition: 'inline' });
  } catch (e) {
    return errorResponse(e);
  }
}
