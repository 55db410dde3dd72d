import { authorize } from '../../../../../../../server/auth/principal';
import { recordAudit } from '../../../../../../../server/audit/service';
import { STORED_BYTES_HEADERS } from '../../../../../../../server/blobs/response';
import { errorResponse } from '../../../../../../../server/errors';
import { caseReferenceNifti } from '../../../../../../../server/evaluations/case-views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/evaluations/<id>/cases/<caseKey>/reference.nii.gz: the case's reference label map, mapped to pipeline labels, for the viewer's reference overlay. Audited as viewed. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; caseKey: string }> }): Promise<Response> {
  try {
    const { id, caseKey } = await params;
    const deps = await authorize(request, 'version.read');
    const bytes = await caseReferenceNifti(deps, id, caseKey);
    await recordAudit(deps, { action: 'result.viewed', objectType: 'evaluation', objectId: id, details: { reference: caseKey } });
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/gzip', 'cache-control': 'private, max-age=60', ...STORED_BYTES_HEADERS } });
  } catch (e) {
    return errorResponse(e);
  }
}
