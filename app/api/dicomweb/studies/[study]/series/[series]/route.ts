import { retrieveInstances } from '../../../../../../../server/dicomweb/wado';
import { dicomweb, dicomwebOptions } from '../../../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-RS: the series as multipart/related; type="application/dicom". */
export async function GET(request: Request, ctx: { params: Promise<{ study: string; series: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps) => retrieveInstances(deps, request, p));
}

export const OPTIONS = dicomwebOptions;
