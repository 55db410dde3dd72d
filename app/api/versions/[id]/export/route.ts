import { authorize } from '../../../../../server/auth/principal';
import { errorResponse } from '../../../../../server/errors';
import { zipResponse } from '../../../../../server/blobs/response';
import { exportVersion } from '../../../../../server/versions/bundle-export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/versions/<id>/export: the version as one portable file
 * (`<pipeline>-<semver>.studio.zip`: manifest.json, pipeline.json, models/<sha256>.onnx),
 * importable with POST /api/versions/import. 404 for an unknown version (or another
 * workspace's), 401/403 without version.export. Audited.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const { zip, fileName } = await exportVersion(await authorize(request, 'version.export'), id);
    return zipResponse(zip, fileName);
  } catch (e) {
    return errorResponse(e);
  }
}
