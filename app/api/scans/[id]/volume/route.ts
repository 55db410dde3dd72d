import { authorize } from '../../../../../server/auth/principal';
import { errorResponse } from '../../../../../server/errors';
import { blobResponse } from '../../../../../server/blobs/response';
import { recordAudit } from '../../../../../server/audit/service';
import { scanVolumeBlob } from '../../../../../server/scans/volume';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/scans/<id>/volume: the scan as .nii.gz for the viewer (DICOM converted once, cached); an attachment the viewer fetch()es. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const deps = await authorize(request, 'scan.read');
    const { sha256, name } = await scanVolumeBlob(deps, id);
    const response = await blobResponse(deps.blobs, sha256, { name, mediaType: 'application/gzip' });
    await recordAudit(deps, { action: 'result.viewed', objectType: 'scan', objectId: id, details: { volume: sha256 } }).catch(async (e) => {
      await response.body?.cancel();
      throw e;
    });
    return response;
  } catch (e) {
    return errorResponse(e);
  }
}
