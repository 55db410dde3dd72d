import { retrieveBulkData } from '../../../../../../../../../../../server/dicomweb/frames';
import { dicomweb, dicomwebOptions } from '../../../../../../../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-RS: the bulk data a metadata BulkDataURI names (Pixel Data as its frames). */
export async function GET(request: Request, ctx: { params: Promise<{ study: string; series: string; instance: string; tag: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps) => retrieveBulkData(deps, request, p, p.tag));
}

export const OPTIONS = dicomwebOptions;
