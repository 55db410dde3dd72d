import { dicomweb, dicomwebOptions } from '../../../server/dicomweb/handler';
import { wadoUri } from '../../../server/dicomweb/wado-uri';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-URI: `?requestType=WADO&studyUID=…&seriesUID=…&objectUID=…[&contentType=…]`. */
export async function GET(request: Request): Promise<Response> {
  return dicomweb(request, 'scan.read', async (deps) => wadoUri(deps, request));
}

export const OPTIONS = dicomwebOptions;
