import { searchInstances } from '../../../../../../../../server/dicomweb/qido';
import { dicomweb, dicomJsonResponse, dicomwebOptions } from '../../../../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** QIDO-RS: the series' instances that match. */
export async function GET(request: Request, ctx: { params: Promise<{ study: string; series: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps, root) => dicomJsonResponse(request, await searchInstances(deps, root, new URL(request.url).searchParams, p)));
}

export const OPTIONS = dicomwebOptions;
