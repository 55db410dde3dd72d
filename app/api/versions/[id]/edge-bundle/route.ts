import { authorize } from '../../../../../server/auth/principal';
import { errorResponse } from '../../../../../server/errors';
import { zipResponse } from '../../../../../server/blobs/response';
import { versionEdgeBundle } from '../../../../../server/versions/edge-bundle';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/versions/<id>/edge-bundle: the version's self-contained edge bundle (zip), as
 * `studio export <versionId> --target edge` writes it. 401/403 without version.export, 404
 * for an unknown version (or another workspace's), 422 TARGET_UNSUPPORTED when its models
 * cannot run on the edge target. Audited 'version.exported' with target 'edge'.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const { zip, fileName } = await versionEdgeBundle(await authorize(request, 'version.export'), id);
    return zipResponse(zip, fileName);
  } catch (e) {
    return errorResponse(e);
  }
}
