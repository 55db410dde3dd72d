import { retrieveRendered } from '../../../../../../../../../../server/dicomweb/frames';
import { dicomweb, dicomwebOptions } from '../../../../../../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-RS: the first frame rendered as image/png (or image/jpeg). */
export async function GET(request: Request, ctx: { params: Promise<{ study: string; series: string; instance: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps) => retrieveRendered(deps, request, p));
}

export const OPTIONS = dicomwebOptions;
