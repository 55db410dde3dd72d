import { errorResponse } from '../../../../_server/errors';
import { authorize } from '../../../../_server/auth/principal';
import { STORED_BYTES_HEADERS } from '../../../../_server/services/blob-response';
import { scanDisplay } from '../../../../_server/services/scan-display';

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
