import { randomUUID } from 'node:crypto';
import { principalId } from '../../../../domain/auth/permissions';
import { authorize } from '../../../../server/auth/principal';
import { chargeDownload } from '../../../../server/cost/ledger';
import { errorResponse, ServiceError } from '../../../../server/errors';
import { blobRecordFor } from '../../../../server/blobs/access-repo';
import { scopeOf } from '../../../../server/auth/scope';
import { blobResponse } from '../../../../server/blobs/response';
import { recordAudit } from '../../../../server/audit/service';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/blobs/<sha256>: the bytes with the type and file name recorded when they were stored.
 * The query string is ignored: no caller chooses how stored content is rendered.
 */
export async function GET(request: Request, { params }: { params: Promise<{ sha256: string }> }): Promise<Response> {
  try {
    const { sha256 } = await params;
    const deps = await authorize(request, 'run.read');
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ServiceError('BAD_REQUEST', 'a blob is addressed by its sha256 (64 hex digits)');
    const record = await blobRecordFor(deps.db, sha256, scopeOf(deps));
    if (!record) throw new ServiceError('NOT_FOUND', `blob ${sha256} not found`);
    const response = await blobResponse(deps.blobs, sha256, record);
    const inline = response.headers.get('content-disposition')?.startsWith('inline') ?? false;
    // After the blob is known to exist, before any byte leaves: a download is never unrecorded
    // nor free (egress at the rate card's price per GB, viewed or saved alike). The sha256 names
    // it; the recorded file name (a scan's may name a patient) stays out of audit and ledger.
    const bytes = Number(response.headers.get('content-length') ?? 0);
    await Promise.all([
      recordAudit(deps, { action: inline ? 'result.viewed' : 'output.downloaded', objectType: 'blob', objectId: sha256, details: { bytes } }),
      chargeDownload(deps.db, { id: randomUUID(), workspaceId: deps.principal.workspaceId, userId: principalId(deps.principal), bytes, sha256 }),
    ]).catch(async (e) => {
      await response.body?.cancel();
      throw e;
    });
    return response;
  } catch (e) {
    return errorResponse(e);
  }
}
