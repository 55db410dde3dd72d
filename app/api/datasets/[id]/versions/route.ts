import { authorize, refuseForeignOrigin } from '../../../../../server/auth/principal';
import { datasetVersionDto } from '../../../../../server/datasets/read';
import { uploadDatasetVersion } from '../../../../../server/datasets/upload';
import { env } from '../../../../../server/env';
import { errorResponse } from '../../../../../server/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/datasets/<id>/versions: a new version of a labelled dataset from one .zip or the
 * files of a folder (multipart/form-data; relative paths as file names), with optional fields
 * `labelMapping` (JSON) and `notes`. 201 with the version; 409 DATASET_VERSION_EXISTS for
 * identical content, 422 DATASET_UNPAIRED / DATASET_GRID_MISMATCH naming the files or case.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    refuseForeignOrigin(request);
    const { id } = await params;
    const version = await uploadDatasetVersion(await authorize(request, 'dataset.manage'), id, request, env.UPLOAD_LIMIT_BYTES);
    return Response.json(datasetVersionDto(version), { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}
