import { authorize } from '../../../../_server/auth/principal';
import { errorResponse } from '../../../../_server/errors';
import { contentDisposition } from '../../../../_server/services/blob-response';
import { exportVersion } from '../../../../_server/services/version-bundle-export';

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
