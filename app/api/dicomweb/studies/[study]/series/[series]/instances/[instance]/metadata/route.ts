import { retrieveMetadata } from '../../../../../../../../../../server/dicomweb/wado';
import { dicomweb, dicomwebOptions } from '../../../../../../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-RS: the instance's metadata. */
export async function GET(request: Request, ctx: { params: Promise<{ study: string; series: string; instance: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps, root) => retrieveMetadata(deps, request, root, p));
}

export const OPTIONS = dicomwebOptions;
