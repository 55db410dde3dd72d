import { errorResponse } from '../../../_server/errors';
import { blobResponse } from '../../../_server/services/blob-response';
import { processServices } from '../../../_server/services/process';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/blobs/<sha256>?name=labels.nii.gz&type=application/gzip[&inline=1] */
export async function GET(request: Request, { params }: { params: Promise<{ sha256: string }> }): Promise<Response> {
  try {
    const { sha256 } = await params;
    const url = new URL(request.url);
    const { blobs } = await processServices();
    return await blobResponse(blobs, sha256, {
      name: url.searchParams.get('name') ?? undefined,
      type: url.searchParams.get('type'),
      disposition: url.searchParams.get('inline') === '1' ? 'inline' : 'attachment',
    });
  } catch (e) {
    return errorResponse(e);
  }
}
