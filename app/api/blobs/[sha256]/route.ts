import { randomUUID } from 'node:crypto';
import { principalId } from '../../../../domain/auth/permissions';
import { authorize } from '../../../_server/auth/principal';
import { chargeDownload } from '../../../_server/services/cost-ledger';
import { errorResponse, ServiceError } from '../../../_server/errors';
import { blobVisibleTo } from '../../../_server/repos/blob-access';
import { scopeOf } from '../../../_server/services/scope';
import { blobResponse } from '../../../_server/services/blob-response';
import { recordAudit } from '../../../_server/services/audit';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/blobs/<sha256>?name=labels.nii.gz&type=application/gzip[&inline=1] */
export async function GET(request: Request, { params }: { params: Promise<{ sha256: string }> }): Promise<Response> {
  try {
    const { sha256 } = await params;
    const url = new URL(request.url);
    const deps = await authorize(request, 'run.read');
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ServiceError('BAD_REQUEST', 'a blob is addressed by its sha256 (64 hex digits)');
    if (!(await blobVisibleTo(deps.db, sha256, scopeOf(deps)))) throw new ServiceError('NOT_FOUND', `blob ${sha256} not found`);
    const inline = url.searchParams.get('inline') === '1';
    const name = url.searchParams.get('name') ?? undefined;
    const response = await blobResponse(deps.blobs, sha256, { name, type: url.searchParams.get('type'), disposition: inline ? 'inline' : 'attachment' });
    // After the blob is known to exist, before any byte leaves: a download is never unrecorded
    // nor free (egress at the rate card's price per GB, viewed or saved alike).
    const bytes = Number(response.headers.get('content-length') ?? 0);
    await Promise.all([
      recordAudit(deps, { action: inline ? 'result.viewed' : 'output.downloaded', objectType: 'blob', objectId: sha256, details: name ? { name, bytes } : { bytes } }),
      chargeDownload(deps.db, { id: randomUUID(), workspaceId: deps.principal.workspaceId, userId: principalId(deps.principal), bytes, sha256, name }),
    ]).catch(async (e) => {
      await response.body?.cancel();
      throw e;
    });
    return response;
  } catch (e) {
    return errorResponse(e);
  }
}
