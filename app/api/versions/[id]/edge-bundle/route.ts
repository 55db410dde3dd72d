import { authorize } from '../../../../_server/auth/principal';
import { errorResponse } from '../../../../_server/errors';
import { recordAudit } from '../../../../_server/services/audit';
import { contentDisposition } from '../../../../_server/services/blob-response';
import { versionEdgeBundle } from './version-bundle';

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
    const deps = await authorize(request, 'version.export');
    const { zip, manifest, fileName } = await versionEdgeBundle(deps, id);
    await recordAudit(deps, {
      action: 'version.exported',
      objectType: 'version',
      objectId: id,
      details: { target: 'edge', sizeBytes: zip.byteLength, models: manifest.models.map((m) => m.sha256) },
    });
    return new Response(zip as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': 'application/zip',
        'content-length': String(zip.byteLength),
        'content-disposition': contentDisposition('attachment', fileName),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
