import { searchInstances } from '../../../../server/dicomweb/qido';
import { dicomweb, dicomJsonResponse, dicomwebOptions } from '../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** QIDO-RS: every instance of the workspace that matches. */
export async function GET(request: Request): Promise<Response> {
  return dicomweb(request, 'scan.read', async (deps, root) => dicomJsonResponse(request, await searchInstances(deps, root, new URL(request.url).searchParams)));
}

export const OPTIONS = dicomwebOptions;
