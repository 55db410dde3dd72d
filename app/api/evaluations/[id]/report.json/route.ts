import { authorize } from '../../../../../server/auth/principal';
import { errorResponse } from '../../../../../server/errors';
import { exportReport } from '../../../../../server/evaluations/export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/evaluations/<id>/report.json: the evaluation report (server/evaluations/dto.ts). 404 for an unknown evaluation (or another workspace's), 401/403 without version.read. Audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    return await exportReport(await authorize(request, 'version.read'), id, 'json');
  } catch (e) {
    return errorResponse(e);
  }
}
