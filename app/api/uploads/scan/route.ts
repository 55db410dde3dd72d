import { authorize, refuseForeignOrigin } from '../../../../server/auth/principal';
import { env } from '../../../../server/env';
import { errorResponse } from '../../../../server/errors';
import { uploadScan } from '../../../../server/uploads/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** multipart/form-data: one .nii/.nii.gz, or the DICOM files of one series (+ optional `name`). -> 201 {scanId} */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseForeignOrigin(request);
    const result = await uploadScan(await authorize(request, 'scan.upload'), request, env.UPLOAD_LIMIT_BYTES);
    return Response.json(result, { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}
