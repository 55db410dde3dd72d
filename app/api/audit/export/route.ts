import { authorize } from '../../../../server/auth/principal';
import { errorResponse } from '../../../../server/errors';
import { exportAudit } from '../../../../server/audit/log';
import { STORED_BYTES_HEADERS } from '../../../../server/blobs/response';
import { AuditFilterInput, toAuditFilter } from '../../../_trpc/trpc/routers/audit';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/audit/export?format=csv|json[&actor=&action=&objectType=&objectId=&from=&to=] (attachment). */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const { format: rawFormat = 'csv', ...rest } = params;
    const format = rawFormat === 'json' ? 'json' : 'csv';
    const filter = toAuditFilter(AuditFilterInput.parse(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== ''))));
    const deps = await authorize(request, 'audit.read');
    const body = await exportAudit(deps, { ...filter, workspaceId: deps.principal.workspaceId }, format);
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '');
    return new Response(body, {
      headers: {
        'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${stamp}.${format}"`,
        'cache-control': 'no-store',
        ...STORED_BYTES_HEADERS,
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
