import { authorize, refuseForeignOrigin } from '../../../../server/auth/principal';
import { env } from '../../../../server/env';
import { errorResponse } from '../../../../server/errors';
import { uploadModel } from '../../../../server/uploads/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** multipart/form-data: one .onnx file (+ optional `name`). -> 201 {sha256} (200-equivalent when already registered) */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseForeignOrigin(request);
    const result = await uploadModel(await authorize(request, 'model.register'), request, env.UPLOAD_LIMIT_BYTES);
    return Response.json(result, { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}
