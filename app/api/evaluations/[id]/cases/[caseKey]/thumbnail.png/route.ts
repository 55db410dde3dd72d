import { authorize } from '../../../../../../../server/auth/principal';
import { STORED_BYTES_HEADERS } from '../../../../../../../server/blobs/response';
import { errorResponse } from '../../../../../../../server/errors';
import { caseThumbnail } from '../../../../../../../server/evaluations/case-views';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/evaluations/<id>/cases/<caseKey>/thumbnail.png: the case's contour thumbnail (reference green, prediction magenta) for the report page. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; caseKey: string }> }): Promise<Response> {
  try {
    const { id, caseKey } = await params;
    const png = await caseThumbnail(await authorize(request, 'version.read'), id, caseKey);
    return new Response(png as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'image/png', 'cache-control': 'private, max-age=60', ...STORED_BYTES_HEADERS } });
  } catch (e) {
    return errorResponse(e);
  }
}
