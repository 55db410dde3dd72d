import { authorize, refuseForeignOrigin } from '../../../../server/auth/principal';
import { env } from '../../../../server/env';
import { errorResponse } from '../../../../server/errors';
import { DEFAULT_BUNDLE_LIMITS } from '../../../../server/versions/bundle-format';
import { importVersion } from '../../../../server/versions/bundle-import';
import { readBundleUpload } from './read-upload';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/versions/import: a `.studio.zip` as the raw body (application/zip or
 * application/octet-stream) or as the one file of a multipart/form-data upload. -> 201
 * {pipelineId, versionId, semver, contentHash, created, ...}; 422 BUNDLE_TAMPERED /
 * BUNDLE_INVALID (details.file names the offending file), 413 past the size limit. The version
 * lands in the caller's workspace (401/403 without version.import).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseForeignOrigin(request);
    // Who first: an anonymous or under-privileged caller is refused before the body is read.
    const deps = await authorize(request, 'version.import');
    const limitBytes = Math.min(env.UPLOAD_LIMIT_BYTES, DEFAULT_BUNDLE_LIMITS.bundleBytes);
    const bytes = await readBundleUpload(request, limitBytes);
    const result = await importVersion(deps, { workspaceId: deps.principal.workspaceId, bytes, limits: { ...DEFAULT_BUNDLE_LIMITS, bundleBytes: limitBytes } });
    return Response.json(result, { status: result.created ? 201 : 200 });
  } catch (e) {
    return errorResponse(e);
  }
}
