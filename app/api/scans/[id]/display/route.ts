import { errorResponse } from '../../../../../server/errors';
import { authorize } from '../../../../../server/auth/principal';
import { STORED_BYTES_HEADERS } from '../../../../../server/blobs/response';
import { scanDisplay } from '../../../../../server/scans/display';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/scans/<id>/display: `{ display }` (window, invert, photometric; null for NIfTI) for the viewer. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const display = await scanDisplay(await authorize(request, 'scan.read'), id);
    return Response.json({ display }, { headers: { 'cache-control': 'private, max-age=3600', ...STORED_BYTES_HEADERS } });
  } catch (e) {
    return errorResponse(e);
  }
}
