import { errorResponse } from '../../../../../server/errors';
import { authorize } from '../../../../../server/auth/principal';
import { STORED_BYTES_HEADERS } from '../../../../../server/blobs/response';
import { scanThumbnail } from '../../../../../server/scans/thumbnail';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/scans/<id>/thumbnail: a small grey PNG of the scan's middle axial slice (the scans page). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const png = await scanThumbnail(await authorize(request, 'scan.read'), id);
    return new Response(png as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'image/png', 'cache-control': 'private, max-age=86400', ...STORED_BYTES_HEADERS } });
  } catch (e) {
    return errorResponse(e);
  }
}
